//! The PDF writer: any page (split into a kit's files at `\u{1}`, as the `page` target reads
//! them) gives typst source without a syntax error, and a PDF: page text never becomes typst
//! code, and typst never fails or panics on what the writer gives it.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use neokit::testing::{Input, Scratch};

fn folder() -> &'static std::path::Path {
    static FOLDER: OnceLock<std::path::PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| std::env::temp_dir().join(format!("neokit-fuzz-pdf-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::from_bytes(data);
    input.config = "title: Fuzz\npdf:\n  enabled: true\n  source: true\n".into();
    let out = folder().join("out");
    let Ok(report) = Scratch::new(&folder().join("kit")).build_to(&input, Some(&out)) else { return };
    let pdf_failed = report.diagnostics.iter().any(|d| d.is_error() && d.code == "pdf");
    assert!(!pdf_failed, "the PDF could not be made: {:?}", report.diagnostics);
    if !report.success {
        return;
    }
    let source = std::fs::read_to_string(out.join("pdf/fuzz.typ")).expect("the source is written");
    let (errors, _) = typst_syntax::parse(&source).errors_and_warnings();
    assert!(errors.is_empty(), "syntax errors {errors:?} in\n{source}");
    assert!(out.join("pdf/fuzz.pdf").is_file(), "the PDF is written");
});
