//! `neokit check`: a kit with one of every problem reports each once, where it is, in both
//! formats (goldens `check.txt` and `check.json` beside the kit); the sample kit reports none.

use std::path::Path;
use std::process::Command;

use crate::harness::{fixtures_dir, golden};

fn check(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_neokit"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", "2026-11-30")
        .output()
        .unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status.code().unwrap_or(-1))
}

#[test]
fn every_problem_is_reported_once_where_it_is() {
    let case = fixtures_dir().join("check/every_problem");
    let (human, code) = check(&case, &["kit"]);
    assert_eq!(code, 1, "errors fail the check");
    golden(&case.join("check.txt"), &human);
    let (json, code) = check(&case, &["kit", "--format", "json"]);
    assert_eq!(code, 1);
    golden(&case.join("check.json"), &json);

    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut codes: Vec<&str> =
        value["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    codes.sort();
    let planted = [
        "active-content",
        "brand-contrast",
        "broken-anchor",
        "broken-link", // a near miss, with a suggestion
        "broken-link", // a page that is not published
        "broken-link", // a missing download
        "broken-link", // a missing picture
        "duplicate-entry",
        "empty-link", // no destination
        "empty-link", // no text
        "heading-level",
        "image-alt", // Markdown
        "image-alt", // HTML
        "include-cycle",
        "missing-file",
        "missing-include",
        "missing-page",
        "no-title",
        "orphan-page",
        "stray-end-tag",
        "unassigned-role",
        "unclosed-block",
        "unknown-block",
        "unknown-html",
        "unknown-role",
        "unresolved-variable",
        "unused-asset",
    ];
    assert_eq!(codes, planted);
    assert_eq!(value["external_links"][0]["url"], "https://example.org/guide");
    assert_eq!(value["errors"], 1);
}

#[test]
fn the_sample_kit_has_no_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (human, code) = check(root, &["--strict"]);
    assert_eq!(code, 0, "{human}");
    assert!(human.ends_with("Checked 30 pages: no problems found.\n"), "{human}");
    assert!(human.contains("External links, listed and not fetched (2):"), "{human}");
}

#[test]
fn warnings_fail_only_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# Home\n\n![](photo.png)\n").unwrap();
    std::fs::write(dir.path().join("photo.png"), [0u8; 4]).unwrap();
    let (human, code) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{human}");
    assert!(human.contains("[image-alt]"), "{human}");
    assert_eq!(check(dir.path(), &["--strict"]).1, 1);
    // Nothing is written.
    assert!(!dir.path().join("public").exists());
}

/// Every code a message can carry (as the source writes it: `Diagnostic::warning("code", …)`,
/// `.warn("code", …)`, `.lint("code", …)`) is listed in the user guide's "Checking a kit", so a
/// maintainer who filters CI output by code finds it there.
#[test]
fn every_code_printed_is_in_the_guide() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/guide/checking.md")).unwrap();
    let mut missing = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(root.join("src")).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for call in ["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::note(", ".warn(", ".lint("] {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else { continue };
                let code: String =
                    rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-').collect();
                if !code.is_empty() && rest[code.len()..].starts_with('"') && !guide.contains(&format!("`{code}`")) {
                    missing.insert(code);
                }
            }
        }
    }
    assert!(missing.is_empty(), "codes printed but not listed in docs/guide/checking.md: {missing:?}");
}

/// The colour neokit darkens by itself for links is said once, as a note: it is not a problem,
/// so `check --strict` passes and the build counts no warning.
#[test]
fn an_adjusted_brand_colour_is_a_note_not_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nWelcome.\n").unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "brand:\n  primary_color: \"#f5c400\"\n").unwrap();
    let (human, code) = check(tmp.path(), &[".", "--strict"]);
    assert_eq!(code, 0, "{human}");
    assert!(human.contains("note     `#f5c400` as text on white reaches only"), "{human}");
    assert!(human.contains("no problems found") || human.contains("0 warnings"), "{human}");
}

/// A key `neokit.yaml` does not have is `unknown-key` (as the guide says), a value it cannot
/// use `invalid-config`.
#[test]
fn an_unknown_configuration_key_is_unknown_key() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nWelcome.\n").unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "titel: Home\npdf: sometimes\n").unwrap();
    let (json, code) = check(tmp.path(), &[".", "--format", "json"]);
    assert_eq!(code, 1, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: Vec<&str> = value["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"unknown-key") && codes.contains(&"invalid-config"), "{codes:?}");
}
