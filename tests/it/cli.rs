//! The `neokit` command as a user runs it: help, version, exit codes, init.

use std::path::Path;
use std::process::Output;

use crate::harness::text;

fn neokit(args: &[&str], dir: &Path) -> Output {
    crate::harness::neokit(dir, args)
}

#[test]
fn help_and_version() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let help = neokit(&["--help"], here);
    assert!(help.status.success());
    for command in ["build", "serve", "check", "init", "override", "drift", "adopt"] {
        assert!(text(&help).contains(command), "{}", text(&help));
    }
    let build_help = neokit(&["build", "--help"], here);
    assert!(build_help.status.success());
    for flag in ["--out", "--base-url", "KIT_DIR"] {
        assert!(text(&build_help).contains(flag), "{}", text(&build_help));
    }
    // What --version says: `version_completions_and_man_page`.
    let version = neokit(&["--version"], here);
    assert!(text(&version).starts_with(&format!("neokit {} (commit ", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn check_refuses_a_missing_kit_and_a_wrong_format() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = neokit(&["check", "no-such-kit"], tmp.path());
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    let format = neokit(&["check", "--format", "xml"], tmp.path());
    assert_eq!(format.status.code(), Some(2), "{}", text(&format));
}

#[test]
fn exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let usage = neokit(&["build", "no-such-kit"], tmp.path());
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage));
    assert!(text(&usage).contains("does not exist"));
    let flag = neokit(&["build", "--no-such-flag"], tmp.path());
    assert_eq!(flag.status.code(), Some(2));

    let kit = tmp.path().join("kit");
    std::fs::create_dir_all(&kit).unwrap();
    std::fs::write(kit.join("README.md"), "# Home\n\n[broken](nope.md)\n").unwrap();
    let ok = neokit(&["build", "kit"], tmp.path());
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(text(&ok).contains("kit/README.md:3:1: warning: broken link"), "{}", text(&ok));
    assert!(text(&ok).contains("Built 1 page, 0 files"), "{}", text(&ok));
    assert!(kit.join("public/index.html").is_file());

    std::fs::write(kit.join("neokit.yaml"), "titel: x\n").unwrap();
    let failed = neokit(&["build", "kit", "--quiet"], tmp.path());
    assert_eq!(failed.status.code(), Some(1));
    let message = text(&failed);
    assert!(message.contains("neokit.yaml:1:1: error: unknown key `titel`"), "{message}");
    assert!(message.contains("did you mean `title`?"), "{message}");
    assert!(message.contains("left unchanged"), "{message}");
}

#[test]
fn refused_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    std::fs::create_dir_all(&kit).unwrap();
    std::fs::write(kit.join("README.md"), "# Home\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("important")).unwrap();
    std::fs::write(tmp.path().join("important/notes.txt"), "keep me").unwrap();
    for out in [".", "..", "important"] {
        let out = if out == "." { kit.clone() } else { tmp.path().join(out) };
        let output = neokit(&["build", "kit", "--out", out.to_str().unwrap()], tmp.path());
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains("refusing"), "{}", text(&output));
    }
    assert_eq!(std::fs::read_to_string(tmp.path().join("important/notes.txt")).unwrap(), "keep me");
    assert!(kit.join("README.md").is_file());
}

#[test]
fn init_writes_a_kit_that_builds_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let created = neokit(&["init", "newkit"], tmp.path());
    assert!(created.status.success(), "{}", text(&created));
    let kit = tmp.path().join("newkit");
    assert!(kit.join("neokit.yaml").is_file());
    assert!(kit.join("SUMMARY.md").is_file());
    assert!(kit.join(".gitbook/assets").is_dir());
    let built = neokit(&["build", "newkit", "--no-pdf"], tmp.path());
    assert!(built.status.success(), "{}", text(&built));
    assert!(kit.join("public/index.html").is_file());

    std::fs::write(kit.join("README.md"), "# Edited by the hospital\n").unwrap();
    let again = neokit(&["init", "newkit"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("nothing was written"), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(kit.join("README.md")).unwrap(), "# Edited by the hospital\n");
}

#[test]
fn init_puts_the_hospitals_names_everywhere_and_check_finds_the_samples_left() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "init",
        "ours",
        "--hospital",
        "St Elsewhere: University Hospitals",
        "--unit",
        "St Elsewhere NICU",
        "--email",
        "nicu@st-elsewhere.example",
    ];
    let created = neokit(&args, tmp.path());
    assert!(created.status.success(), "{}", text(&created));
    assert!(text(&created).contains("Make it yours"), "{}", text(&created));
    let kit = tmp.path().join("ours");
    let built = neokit(&["build", "ours", "--no-pdf"], tmp.path());
    assert!(built.status.success(), "{}", text(&built));
    // Every page and setting says the hospital's names, none the sample's.
    for file in crate::harness::files(&kit.join("public")).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(kit.join("public").join(file)).unwrap();
        assert!(!html.contains("Westbrook"), "{file} still names the sample's hospital");
    }
    let home = std::fs::read_to_string(kit.join("public/index.html")).unwrap();
    assert!(home.contains("St Elsewhere: University Hospitals") && home.contains("St Elsewhere NICU"));
    assert!(home.contains("nicu@st-elsewhere.example"));
    let check = neokit(&["check", "ours"], tmp.path());
    assert!(!text(&check).contains("placeholder-name"), "{}", text(&check));

    // Only the hospital's name given: the unit's name left in vars.yaml is pointed at.
    let partly = neokit(&["init", "partly", "--hospital", "St Elsewhere"], tmp.path());
    assert!(partly.status.success(), "{}", text(&partly));
    let check = neokit(&["check", "partly"], tmp.path());
    let said = text(&check);
    assert!(said.contains("placeholder-name") && said.contains("vars.yaml"), "{said}");
    // The sample kit itself (its own brand) is not warned about.
    let sample = neokit(&["check", "."], std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(!text(&sample).contains("placeholder-name"), "{}", text(&sample));
}

#[test]
fn an_empty_folder_is_not_a_kit() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let build = neokit(&["build", "empty"], tmp.path());
    assert_eq!(build.status.code(), Some(1), "{}", text(&build));
    assert!(text(&build).contains("error: this folder has no pages"), "{}", text(&build));
    assert!(text(&build).contains("README.md"), "{}", text(&build));
    assert!(!tmp.path().join("empty/public").exists());
    let check = neokit(&["check", "empty"], tmp.path());
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
}

#[test]
fn check_goes_on_to_the_pages_when_the_configuration_has_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "brand:\n  colr: red\npeople:\n  lead:\n    emial: x\n").unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nSee [nothing](nope.md).\n").unwrap();
    let check = neokit(&["check", "."], tmp.path());
    assert_eq!(check.status.code(), Some(1));
    let out = text(&check);
    assert!(out.contains("unknown key `brand.colr`"), "{out}");
    assert!(out.contains("unknown key `people.lead.emial`"), "{out}");
    assert!(out.contains("broken link: `nope.md`"), "{out}");
}

#[test]
fn links_to_a_page_title_land_on_its_heading() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("SUMMARY.md"), "* [Home](README.md)\n* [Consent](consent.md)\n").unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nRead [consent](consent.md#safe-consent).\n").unwrap();
    std::fs::write(tmp.path().join("consent.md"), "# Safe consent\n\nAsk.\n").unwrap();
    let build = neokit(&["build", ".", "--out", "site"], tmp.path());
    assert!(build.status.success() && !text(&build).contains("warning"), "{}", text(&build));
    let page = std::fs::read_to_string(tmp.path().join("site/consent/index.html")).unwrap();
    assert!(page.contains("<h1 id=\"safe-consent\">Safe consent</h1>"), "{page}");
    let home = std::fs::read_to_string(tmp.path().join("site/index.html")).unwrap();
    assert!(home.contains("consent/index.html#safe-consent"), "{home}");
}

#[test]
fn embed_false_writes_no_embed_views() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    std::fs::create_dir_all(kit.join("team")).unwrap();
    std::fs::write(kit.join("README.md"), "# Welcome\n").unwrap();
    std::fs::write(kit.join("team/README.md"), "# Team\n").unwrap();
    for (yaml, embedded) in [("title: A\n", true), ("title: A\nembed: false\n", false)] {
        std::fs::write(kit.join("neokit.yaml"), yaml).unwrap();
        let site = tmp.path().join(if embedded { "on" } else { "off" });
        let built = neokit(&["build", "kit", "--out", site.to_str().unwrap()], tmp.path());
        assert!(built.status.success(), "{}", text(&built));
        assert!(site.join("team/index.html").is_file());
        assert_eq!(site.join("embed/team/index.html").is_file(), embedded, "{yaml}");
        assert_eq!(site.join("embeds.json").is_file(), embedded, "{yaml}");
    }
}

/// `--version` names the version, the commit and whether the PDF is built in; completions and
/// the man page come from the same command definitions (the .deb installs them).
#[test]
fn version_completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::harness::neokit(dir.path(), &["--version"]);
    let version = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(version.starts_with(&format!("neokit {} (commit ", env!("CARGO_PKG_VERSION"))), "{version}");
    let pdf = if cfg!(feature = "pdf") { "PDF built in)" } else { "built without PDF support)" };
    assert!(version.trim_end().ends_with(pdf), "{version}");
    for (shell, expected) in [
        ("bash", "_neokit()"),
        ("zsh", "#compdef neokit"),
        ("fish", "complete -c neokit"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = crate::harness::neokit(dir.path(), &["completions", shell]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains(expected), "{shell}: {text:.200}");
        assert!(text.contains("poster"), "{shell} completes the commands");
    }
    let out = crate::harness::neokit(dir.path(), &["man"]);
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && man.contains(".TH neokit 1") && man.contains("serve"), "{man:.300}");
}
