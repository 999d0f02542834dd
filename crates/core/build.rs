//! Names the commit neokit is built from (`neokit --version`, the PDF cache's keys): `NEOKIT_COMMIT` when set (a
//! build from a source archive), else git's short hash of HEAD, else "unknown".

fn main() {
    println!("cargo:rerun-if-env-changed=NEOKIT_COMMIT");
    // Watched only when they exist (a missing path would run this script on every build).
    // The repository's .git folder, two levels above this crate (crates/core).
    let git = std::path::Path::new("../../.git");
    for file in ["HEAD", "packed-refs"] {
        if git.join(file).exists() {
            println!("cargo:rerun-if-changed=../../.git/{file}");
        }
    }
    if let Ok(head) = std::fs::read_to_string(git.join("HEAD"))
        && let Some(reference) = head.trim().strip_prefix("ref: ")
        && git.join(reference).exists()
    {
        println!("cargo:rerun-if-changed=../../.git/{reference}");
    }
    let commit = std::env::var("NEOKIT_COMMIT").ok().filter(|c| !c.trim().is_empty()).or_else(|| {
        let output = std::process::Command::new("git").args(["rev-parse", "--short=10", "HEAD"]).output().ok()?;
        output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    });
    println!("cargo:rustc-env=NEOKIT_COMMIT={}", commit.unwrap_or_else(|| "unknown".into()));
}
