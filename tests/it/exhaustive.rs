//! A new kind of GitBook block does not compile until every writer handles it: the writers'
//! matches over `BlockKind`, `GitBlock`, `NodeKind` and `Element` have no `_ =>` arm.
//!
//! The test copies neokit-core, neokit-document and neokit-pdf (with Cargo.lock) into a
//! workspace of their own and runs `cargo check --offline` there three times:
//! 1. as they are: it must pass (so that the failures below have no other cause);
//! 2. with a kind `Example` added to `BlockKind` and `GitBlock`, named by the tag `example`
//!    and mapped by `GitBlock::from_block`: it must fail with E0004 (non-exhaustive patterns)
//!    and nothing else, in the HTML writer (`write.rs`, `gitbook/mod.rs`), the search text
//!    (`text.rs`) and the tag table (`block.rs`);
//! 3. with the document's arms given (`Example` written wherever `Transparent` is matched):
//!    the document compiles, and the PDF's writer (`typst.rs`) fails with E0004 alone.
//!
//! The copy and its build folder live in the test binary's target folder (`exhaustive/`), so a
//! run checks the three crates only once their dependencies have been checked there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crates copied, in `crates/`.
const CRATES: [&str; 3] = ["core", "document", "pdf"];

const BLOCK: &str = "crates/document/src/markdown/block.rs";
const GITBOOK: &str = "crates/document/src/markdown/gitbook/mod.rs";

#[test]
#[ignore = "slow (three `cargo check`s of three crates): runs in CI with `cargo test --release -- --ignored`"]
fn a_block_kind_without_its_writers_arms_does_not_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (workspace, target) = places();
    copy_workspace(root, &workspace);

    // 1. The copy as it is compiles.
    let (ok, messages) = check(&workspace, &target);
    assert!(ok, "the unchanged copy of the crates does not compile:\n{messages}");

    // 2. A new kind, known to the scanner and to `from_block`, handled by no writer.
    edit(&workspace.join(BLOCK), "pub enum BlockKind {", "pub enum BlockKind {\n    Example,");
    edit(&workspace.join(BLOCK), "match name {", "match name {\n            \"example\" => BlockKind::Example,");
    edit(&workspace.join(GITBOOK), "pub enum GitBlock {", "pub enum GitBlock {\n    Example,");
    edit(
        &workspace.join(GITBOOK),
        "match &block.kind {",
        "match &block.kind {\n            BlockKind::Example => GitBlock::Example,",
    );
    let (ok, messages) = check(&workspace, &target);
    assert!(!ok, "a block kind no writer handles compiles:\n{messages}");
    let found = errors(&messages);
    assert!(
        found.iter().all(|e| e.contains("error[E0004]") && e.contains("Example")),
        "errors other than a missing `Example` arm:\n{messages}"
    );
    for (file, writer) in [
        ("crates/document/src/markdown/text.rs", "the search text"),
        ("crates/document/src/markdown/write.rs", "the HTML writer"),
        (GITBOOK, "the HTML writer's blocks"),
        (BLOCK, "the tag table"),
    ] {
        assert!(
            found.iter().any(|e| e.starts_with(file)),
            "{writer} ({file}) has no match asking for the new kind:\n{messages}"
        );
    }

    // 3. The document's writers handle it (as they handle `Transparent`); the PDF's does not.
    let document = workspace.join("crates/document/src");
    let mut given = 0;
    for entry in walkdir::WalkDir::new(&document).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            given +=
                replace_all(entry.path(), "| GitBlock::Transparent", "| GitBlock::Example | GitBlock::Transparent");
        }
    }
    assert!(given > 0, "no `| GitBlock::Transparent` arm in the document crate to give `Example` to");
    edit(&workspace.join(BLOCK), "| BlockKind::Include", "| BlockKind::Example | BlockKind::Include");
    let (ok, messages) = check(&workspace, &target);
    assert!(!ok, "the PDF's writer compiles with a block kind it does not handle:\n{messages}");
    let found = errors(&messages);
    assert!(
        found
            .iter()
            .all(|e| e.starts_with("crates/pdf/src/typst") && e.contains("error[E0004]") && e.contains("Example")),
        "errors other than the PDF writer's missing `Example` arm:\n{messages}"
    );
    assert!(
        found.iter().any(|e| e.starts_with("crates/pdf/src/typst.rs")),
        "the PDF's writer (typst.rs) has no match asking for the new kind:\n{messages}"
    );
}

/// Where the copy and its build folder go: `exhaustive/` in the target folder this test was
/// built in (`target/debug/deps/it-...` -> `target/`), one copy per profile.
fn places() -> (PathBuf, PathBuf) {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.ancestors().nth(2).and_then(Path::file_name).unwrap().to_string_lossy().into_owned();
    let base = exe.ancestors().nth(3).unwrap().join("exhaustive");
    (base.join(format!("workspace-{profile}")), base.join("target"))
}

/// A workspace of the copied crates: their sources and manifests, the root's shared
/// `[workspace.*]` tables (less the path dependencies not copied) and its Cargo.lock.
fn copy_workspace(root: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    for name in CRATES {
        let from = root.join("crates").join(name);
        for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let relative = entry.path().strip_prefix(&from).unwrap();
            let dest = to.join("crates").join(name).join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let shared = &manifest[manifest.find("[workspace.package]").expect("the root manifest's [workspace.package]")..];
    let copied = |line: &&str| match line.split_once("path = \"") {
        Some((_, path)) => CRATES.iter().any(|name| path.starts_with(&format!("crates/{name}\""))),
        None => true,
    };
    let shared: Vec<&str> = shared.lines().filter(copied).collect();
    let members: Vec<String> = CRATES.iter().map(|name| format!("\"crates/{name}\"")).collect();
    let text = format!("[workspace]\nmembers = [{}]\nresolver = \"3\"\n\n{}\n", members.join(", "), shared.join("\n"));
    std::fs::write(to.join("Cargo.toml"), text).unwrap();
    std::fs::copy(root.join("Cargo.lock"), to.join("Cargo.lock")).unwrap();
}

/// `cargo check --offline` of the copy: whether it passed, and its messages (short form).
fn check(workspace: &Path, target: &Path) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--message-format=short", "-p", "neokit-pdf"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        // The commit's name (core's build script) without asking git.
        .env("NEOKIT_COMMIT", "exhaustive")
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The compiler's errors, one a line (`file:line:column: error[E...]: message`).
fn errors(messages: &str) -> Vec<&str> {
    messages.lines().filter(|line| line.contains(": error")).collect()
}

/// Writes `with` for the first `what` in a file; `what` must be there.
fn edit(path: &Path, what: &str, with: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(what), "`{what}` is not in {}", path.display());
    std::fs::write(path, text.replacen(what, with, 1)).unwrap();
}

/// Writes `with` for every `what` in a file; how many there were.
fn replace_all(path: &Path, what: &str, with: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let count = text.matches(what).count();
    if count > 0 {
        std::fs::write(path, text.replace(what, with)).unwrap();
    }
    count
}
