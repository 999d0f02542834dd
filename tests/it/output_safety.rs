//! A failed build never touches the previous site; builds that run at once or are killed
//! leave a complete site.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

#[test]
fn failed_build_keeps_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    std::fs::write(kit.join("README.md"), "# Home\n\nFirst version.\n").unwrap();
    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n").unwrap();
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides { no_pdf: true, ..Overrides::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    let first = build(&options).unwrap();
    assert!(first.success);
    let index = kit.join("public/index.html");
    let before = std::fs::read_to_string(&index).unwrap();
    assert!(before.contains("First version."));

    // Front matter that is not valid YAML is an error: nothing may be written.
    std::fs::write(kit.join("README.md"), "---\ndescription: [unclosed\n---\n# Home\n\nSecond version.\n").unwrap();
    let second = build(&options).unwrap();
    assert!(!second.success);
    assert!(second.diagnostics.iter().any(|d| d.is_error() && d.message.contains("front matter")));
    assert_eq!(std::fs::read_to_string(&index).unwrap(), before);

    std::fs::write(kit.join("README.md"), "# Home\n\nSecond version.\n").unwrap();
    let third = build(&options).unwrap();
    assert!(third.success);
    assert!(std::fs::read_to_string(&index).unwrap().contains("Second version."));
    assert!(leftovers(kit).is_empty(), "{:?}", leftovers(kit));
}

#[test]
fn broken_template_fails_with_location_and_keeps_site() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    std::fs::write(kit.join("README.md"), "# Home\n").unwrap();
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides { no_pdf: true, ..Overrides::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    assert!(build(&options).unwrap().success);
    std::fs::create_dir_all(kit.join("mytheme/templates")).unwrap();
    std::fs::write(
        kit.join("mytheme/templates/page.html"),
        "{% extends \"builtin/page.html\" %}\n{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}\n",
    )
    .unwrap();
    std::fs::write(kit.join("neokit.yaml"), "theme: mytheme\n").unwrap();
    let report = build(&options).unwrap();
    assert!(!report.success);
    let error = report.diagnostics.iter().find(|d| d.code == "template").expect("template error");
    let location = error.location.as_ref().expect("location");
    assert!(location.path.ends_with("mytheme/templates/page.html"), "{error}");
    assert_eq!(location.line, 2, "{error}");
    assert!(kit.join("public/index.html").is_file());
}

/// A kit large enough that building it takes a while, with `version` in every page.
fn write_versioned_kit(kit: &Path, version: u32) {
    let mut summary = String::from("* [Home](README.md)\n");
    std::fs::write(kit.join("README.md"), format!("# Home\n\nVersion {version}.\n")).unwrap();
    for i in 0..PAGES {
        let body = "A paragraph about the review session, the consent forms and the camera. ".repeat(20);
        std::fs::write(kit.join(format!("page-{i}.md")), format!("# Page {i}\n\nVersion {version}.\n\n{body}\n"))
            .unwrap();
        summary.push_str(&format!("* [Page {i}](page-{i}.md)\n"));
    }
    std::fs::write(kit.join("SUMMARY.md"), summary).unwrap();
}

const PAGES: usize = 600;

fn neokit_build(kit: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_neokit"));
    command
        .arg("build")
        .arg(kit)
        .arg("--out")
        .arg(out)
        // The PDF is not what these builds are about (and takes most of a debug build's time).
        .arg("--no-pdf")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Every file of a built site with a hash of its content.
fn digest(site: &Path) -> BTreeMap<String, u64> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let mut hasher = std::hash::DefaultHasher::new();
        std::fs::read(entry.path()).unwrap().hash(&mut hasher);
        let path = entry.path().strip_prefix(site).unwrap().to_string_lossy().replace('\\', "/");
        files.insert(path, hasher.finish());
    }
    files
}

/// Names beside the output folder other than the kit's own files, the site and the folder
/// that keeps the previous site for the next build (`.<name>.neokit`).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("neokit") && !n.ends_with(".neokit"))
        .collect()
}

/// Builds version `version` of the kit into its own folder and returns the site's digest.
fn reference(root: &Path, version: u32) -> BTreeMap<String, u64> {
    let kit = root.join(format!("kit-{version}"));
    std::fs::create_dir_all(&kit).unwrap();
    write_versioned_kit(&kit, version);
    let out = root.join(format!("reference-{version}/site"));
    let output = neokit_build(&kit, &out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    digest(&out)
}

#[test]
#[ignore = "slow (ten builds of a kit): runs in CI with `cargo test --release -- --ignored`"]
fn concurrent_builds_into_one_folder_leave_a_complete_site() {
    let tmp = tempfile::tempdir().unwrap();
    let sites = [reference(tmp.path(), 0), reference(tmp.path(), 1)];
    assert_ne!(sites[0], sites[1]);
    let out_parent = tmp.path().join("shared");
    let out = out_parent.join("site");
    for round in 0..2 {
        let builds: Vec<Child> = (0..4)
            .map(|i| neokit_build(&tmp.path().join(format!("kit-{}", (i + round) % 2)), &out).spawn().unwrap())
            .collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        }
        let site = digest(&out);
        assert!(sites.contains(&site), "round {round}: the site is a mix of builds");
        assert!(leftovers(&out_parent).is_empty(), "{:?}", leftovers(&out_parent));
    }
}

#[cfg(unix)]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn killed_builds_leave_the_previous_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let sites = [reference(tmp.path(), 0), reference(tmp.path(), 1)];
    let out_parent = tmp.path().join("shared");
    let out = out_parent.join("site");
    let started = Instant::now();
    assert!(neokit_build(&tmp.path().join("kit-0"), &out).status().unwrap().success());
    let duration = started.elapsed();
    // Kills spread over the whole build: while reading, rendering, writing and committing.
    let steps = 12;
    for step in 0..=steps {
        let mut build = neokit_build(&tmp.path().join(format!("kit-{}", (step + 1) % 2)), &out).spawn().unwrap();
        std::thread::sleep(duration * step / steps);
        let _ = build.kill();
        let _ = build.wait();
        let site = digest(&out);
        assert!(sites.contains(&site), "killed after {:?}: the site is incomplete or mixed", duration * step / steps);
    }
    // The next build clears up after the killed ones.
    let output = neokit_build(&tmp.path().join("kit-1"), &out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(digest(&out), sites[1]);
    assert!(leftovers(&out_parent).is_empty(), "{:?}", leftovers(&out_parent));
}
