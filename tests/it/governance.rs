//! Governance from outside: `check` lists reviews due and overdue by owner and guards short
//! links against the previous build; `neokit review` prints the calendar; the QR codes on the
//! print page and on a poster decode to the page's short link. Today is always 2026-11-30.

use std::path::Path;
use std::process::Command;

use crate::harness::{fixtures_dir, golden};

fn neokit(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_neokit"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", "2026-11-30")
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// A copy of the `states` fixture kit that may be built and changed.
fn states_kit() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixtures_dir().join("governance/states/kit");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), target).unwrap();
    }
    dir
}

#[test]
fn check_lists_reviews_due_and_overdue_by_owner() {
    let case = fixtures_dir().join("governance/states");
    let (human, _, code) = neokit(&case, &["check", "kit"]);
    assert_eq!(code, 0, "review warnings do not fail a check without --strict");
    golden(&case.join("check.txt"), &human);
    let (json, _, code) = neokit(&case, &["check", "kit", "--format", "json", "--strict"]);
    assert_eq!(code, 1, "they do with --strict");
    golden(&case.join("check.json"), &json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: Vec<&str> = value["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "review-due").count(), 2, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "review-overdue").count(), 1, "{codes:?}");
    let owners: Vec<&str> =
        value["reviews"].as_array().unwrap().iter().map(|o| o["owner_name"].as_str().unwrap()).collect();
    assert_eq!(owners, ["Dr Amira Haddad", "Sister Grace Obi"]);
}

#[test]
fn review_prints_the_calendar_for_one_owner_or_all() {
    let case = fixtures_dir().join("governance/states");
    let (all, _, code) = neokit(&case, &["review", "kit"]);
    assert_eq!(code, 0);
    golden(&case.join("review.txt"), &all);
    let (json, _, _) = neokit(&case, &["review", "kit", "--owner", "lead", "--format", "json"]);
    golden(&case.join("review-lead.json"), &json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["today"], "2026-11-30");
    assert!(value["pages"].as_array().unwrap().iter().all(|p| p["owner"] == "lead"));
    let (named, _, _) = neokit(&case, &["review", "kit", "--owner", "sister grace obi"]);
    assert!(named.starts_with("Review calendar on 30 November 2026 (1 page)"), "{named}");
}

#[test]
fn check_guards_short_links_of_the_previous_build() {
    let kit = states_kit();
    let (_, stderr, code) = neokit(kit.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let map = std::fs::read_to_string(kit.path().join("public/_neokit/short-links.json")).unwrap();
    assert!(map.contains("\"consent\": \"current/\""), "{map}");
    // The same short links: nothing to say.
    let (json, _, _) = neokit(kit.path(), &["check", "--format", "json"]);
    assert!(!json.contains("short-link"), "{json}");
    // `consent` moves to another page, `overdue` disappears.
    let current = kit.path().join("current.md");
    std::fs::write(&current, std::fs::read_to_string(&current).unwrap().replace("short: consent\n", "")).unwrap();
    let due = kit.path().join("due.md");
    std::fs::write(&due, std::fs::read_to_string(&due).unwrap().replace("version:", "short: consent\nversion:"))
        .unwrap();
    let overdue = kit.path().join("overdue.md");
    std::fs::write(&overdue, std::fs::read_to_string(&overdue).unwrap().replace("short: overdue\n", "")).unwrap();
    let (human, _, code) = neokit(kit.path(), &["check"]);
    assert_eq!(code, 1, "{human}");
    assert!(human.contains("4:8      error    short link `go/consent/` moved from `current/` to `due/`"), "{human}");
    assert!(
        human.contains("short link `go/overdue/` (to `overdue/`) is no longer published [short-link-gone]"),
        "{human}"
    );
}

/// The text of the first QR code in `html`, decoded from its modules.
fn decode_qr(html: &str) -> String {
    let start = html.find("<svg class=\"qr\"").expect("a QR code");
    let end = start + html[start..].find("</svg>").unwrap();
    let (size, squares) = neokit::qr::modules(&html[start..end]).unwrap();
    let scale = 4;
    let dark: std::collections::HashSet<(usize, usize)> = squares.into_iter().collect();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
        if dark.contains(&(x / scale, y / scale)) { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn qr_codes_on_the_print_page_and_the_poster_decode_to_the_short_link() {
    let print = std::fs::read_to_string(fixtures_dir().join("governance/states/expected/print/index.html")).unwrap();
    let section = &print[print.find("id=\"p1\"").unwrap()..];
    assert_eq!(decode_qr(section), "https://intranet.example/kits/neoflix/go/consent/");

    let kit = states_kit();
    let poster = kit.path().join("consent.svg");
    let (_, stderr, code) = neokit(kit.path(), &["poster", "current.md", "--out", poster.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let svg = std::fs::read_to_string(&poster).unwrap();
    assert!(
        svg.contains("viewBox=\"0 0 210 297\"")
            && svg.contains(">Current</text>")
            && svg.contains(">go/consent</text>")
    );
    assert!(svg.contains(">Reviewed this autumn.</text>") && svg.contains(">St Elsewhere NICU</text>"));
    assert_eq!(decode_qr(&svg), "https://intranet.example/kits/neoflix/go/consent/");
    // A page without a short link carries its address; an HTML poster holds the same SVG.
    let (_, _, code) = neokit(kit.path(), &["poster", "due", "--format", "html"]);
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(kit.path().join("poster-due.html")).unwrap();
    assert!(html.contains("@page { size: A4; margin: 0; }"));
    assert_eq!(decode_qr(&html), "https://intranet.example/kits/neoflix/due/");
    // A PDF poster is one tagged A4 page whose QR code reads the same.
    #[cfg(feature = "pdf")]
    {
        let (_, stderr, code) = neokit(kit.path(), &["poster", "current.md", "--format", "pdf"]);
        assert_eq!(code, 0, "{stderr}");
        let pdf = kit.path().join("poster-consent.pdf");
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
        if let Some(codes) = crate::harness::pdf_qr_codes(&pdf, 1) {
            assert_eq!(codes, ["https://intranet.example/kits/neoflix/go/consent/"]);
        }
    }
    // Without an address there is no QR code to make.
    let bare = fixtures_dir().join("governance/dutch_hide/kit");
    let (_, stderr, code) = neokit(&bare, &["poster", "toestemming", "--out", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("set `base_url` in neokit.yaml or pass --base-url"), "{stderr}");
}
