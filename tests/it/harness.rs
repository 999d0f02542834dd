//! Builds fixture kits and compares their output with the goldens beside them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bless() -> bool {
    std::env::var_os("NEOKIT_BLESS").is_some()
}

/// Every file below `dir`, as `/`-separated relative paths.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

/// The diagnostics of a report as printed, plus the outcome.
pub fn render_report(report: &neokit::Report) -> String {
    let mut text: String = report.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    text.push_str(if report.success { "result: built\n" } else { "result: failed\n" });
    text
}

/// The day fixtures are built on, so that review states never depend on the clock.
pub const TODAY: neokit::governance::Day = neokit::governance::Day(20_787); // 2026-11-30

/// Builds `tests/fixtures/<area>/<case>/kit` and compares with the goldens.
pub fn check_case(area: &str, case: &str) {
    let case_dir = fixtures_dir().join(area).join(case);
    let kit = case_dir.join("kit");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap_or_default();
    let theme = (!config.lines().any(|l| l.starts_with("theme:"))).then(|| fixtures_dir().join("theme"));
    let options = BuildOptions {
        kit_dir: kit.clone(),
        // PDFs only in the cases about them (made with `--features pdf`, their source always).
        overrides: Overrides { output: Some(site.clone()), base_url: None, theme, no_pdf: !config.contains("pdf:") },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        today: Some(TODAY),
        ..Default::default()
    };
    let report = build(&options).unwrap_or_else(|e| panic!("{area}/{case}: build failed to run: {e:#}"));
    let mut mismatches = Vec::new();
    compare_text(&case_dir.join("diagnostics.txt"), &render_report(&report), &mut mismatches);

    let expected_dir = case_dir.join("expected");
    let actual: BTreeSet<String> = if site.is_dir() {
        files(&site).into_iter().filter(|f| !is_theme_file(f) && f != ".neokit").collect()
    } else {
        BTreeSet::new()
    };
    let expected = if expected_dir.is_dir() { files(&expected_dir) } else { BTreeSet::new() };
    // Theme files, the site's own pages (404, robots.txt, the print page, embeds.json) and the
    // embed views are compared only where the golden lists them: the cases about them.
    let on_request = |f: &String| {
        // PDFs (made with `--features pdf`) are checked by `tests/it/pdf.rs`, not as goldens.
        f.ends_with(".pdf")
            || is_theme_file(f)
            || is_embed_view(f)
            || SITE_FILES.iter().any(|site_file| f == site_file || f.ends_with(&format!("/{site_file}")))
    };
    let actual: BTreeSet<String> = actual
        .into_iter()
        .filter(|f| !on_request(f))
        .chain(expected.iter().filter(|f| on_request(f)).cloned())
        .collect();
    if bless() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for file in &actual {
            let target = expected_dir.join(file);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, quiet(file, std::fs::read(site.join(file)).unwrap())).unwrap();
        }
    } else {
        for missing in expected.difference(&actual) {
            mismatches.push(format!("missing output file `{missing}`"));
        }
        for unexpected in actual.difference(&expected) {
            mismatches.push(format!("unexpected output file `{unexpected}`"));
        }
        for file in actual.intersection(&expected) {
            let (want, got) = (
                std::fs::read(expected_dir.join(file)).unwrap(),
                quiet(file, std::fs::read(site.join(file)).unwrap_or_default()),
            );
            if want != got {
                mismatches.push(diff(file, &String::from_utf8_lossy(&want), &String::from_utf8_lossy(&got)));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{area}/{case} differs from its goldens (NEOKIT_BLESS=1 rewrites them):\n{}",
        mismatches.join("\n")
    );
}

/// The site's own pages, in every build: goldens list them only in the cases about them.
const SITE_FILES: [&str; 4] = ["404.html", "robots.txt", "print/index.html", "embeds.json"];

/// An output file as goldens keep it: the theme's icons (inline SVG) as a short token,
/// `<svg icon-info/>`, so that goldens show what a case is about.
fn quiet(file: &str, bytes: Vec<u8>) -> Vec<u8> {
    const ICON: &str = "<svg class=\"icon ";
    if !file.ends_with(".html") {
        return bytes;
    }
    let Ok(mut text) = String::from_utf8(bytes.clone()) else { return bytes };
    let mut from = 0;
    while let Some(at) = text[from..].find(ICON).map(|i| from + i) {
        let name_end = text[at + ICON.len()..].find('"').map(|i| at + ICON.len() + i);
        let close = text[at..].find("</svg>").map(|i| at + i + "</svg>".len());
        let (Some(name_end), Some(close)) = (name_end, close) else { break };
        let token = format!("<svg {}/>", &text[at + ICON.len()..name_end]);
        text.replace_range(at..close, &token);
        from = at + token.len();
    }
    text.into_bytes()
}

fn compare_text(path: &Path, actual: &str, mismatches: &mut Vec<String>) {
    if bless() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        mismatches.push(diff(&path.file_name().unwrap().to_string_lossy(), &expected, actual));
    }
}

/// Compares one text with its golden file (rewritten with `NEOKIT_BLESS=1`).
pub fn golden(path: &Path, actual: &str) {
    let mut mismatches = Vec::new();
    compare_text(path, actual, &mut mismatches);
    assert!(
        mismatches.is_empty(),
        "{} differs (NEOKIT_BLESS=1 rewrites it):\n{}",
        path.display(),
        mismatches.join("\n")
    );
}

/// A page's embed view (`embed/...`), at the root or in a space's folder (`nl/embed/...`).
fn is_embed_view(path: &str) -> bool {
    path.starts_with("embed/") || path.contains("/embed/")
}

/// A file of the theme (`_neokit/...`), at the root or in a space's folder (`nl/_neokit/...`).
fn is_theme_file(path: &str) -> bool {
    path.starts_with("_neokit/") || path.contains("/_neokit/")
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs the `neokit` binary in `dir`, without colours.
pub fn neokit(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `neokit` run as if today were `day`.
pub fn neokit_on(day: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", day)
        .output()
        .unwrap()
}

/// What a run printed, standard output then standard error.
pub fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

pub fn diff(name: &str, expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    format!("--- expected/{name}\n+++ actual/{name}\n{}", diff.unified_diff().context_radius(2))
}

/// Every case of an area, for tests that run them all.
pub fn cases(area: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir().join(area))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("kit").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// The QR codes on one page (from 1) of a PDF, read from a 150 dpi greyscale rendering by
/// poppler's `pdftoppm`; `None` when it is not installed (outside CI).
#[cfg(feature = "pdf")]
pub fn pdf_qr_codes(pdf: &Path, page: usize) -> Option<Vec<String>> {
    let page = page.to_string();
    let output = match std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-f", &page, "-l", &page])
        .arg(pdf)
        .output()
    {
        Ok(output) => output,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("pdftoppm is not installed (poppler-utils): QR codes in PDFs not read");
            return None;
        }
        Err(error) => panic!("pdftoppm is needed in CI: {error}"),
    };
    assert!(output.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&output.stderr));
    // A binary PGM: "P5", width, height, maximum value, one byte per pixel.
    let bytes = output.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "a greyscale image");
    let (width, height): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &bytes[at + 1..];
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    Some(image.detect_grids().iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect())
}
