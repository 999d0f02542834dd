//! `pdf:`: the whole kit as a PDF (and one per SUMMARY group), checked where it is written.
//!
//! `pdf: auto | true | false`, or `pdf: { enabled: auto, chapters: true, paper: a4 | letter,
//! standard: ua-1 | tagged, source: true | only }`.

use super::checker::Checker;
use super::raw::{self, BoolOrText};
use super::settings::{PdfSettings, PrintPage};
use neokit_pdf::{Paper, PdfStandard, SUPPORTED};

/// Kits up to this many pages get a PDF with `pdf: auto` (as the print page).
pub(super) const AUTO_LIMIT: usize = 1000;

pub(super) fn settings(pdf: Option<&raw::RawPdf>, check: &mut Checker) -> PdfSettings {
    let mut settings = PdfSettings {
        when: PrintPage::UpTo(AUTO_LIMIT),
        asked: false,
        chapters: false,
        paper: Paper::A4,
        standard: PdfStandard::Ua1,
        source: false,
        source_only: false,
    };
    let (switch, written) = match pdf {
        None => return settings,
        Some(raw::RawPdf::Switch(switch)) => (Some(switch), &["pdf"][..]),
        Some(raw::RawPdf::Settings(s)) => {
            settings.chapters = s.chapters.unwrap_or(false);
            match &s.source {
                None | Some(BoolOrText::Bool(false)) => {}
                Some(BoolOrText::Bool(true)) => settings.source = true,
                Some(BoolOrText::Text(word)) if word == "only" => {
                    settings.source = true;
                    settings.source_only = true;
                }
                Some(BoolOrText::Text(word)) => check.error(
                    &["pdf", "source"],
                    format!("`pdf.source: {word}` is not a choice"),
                    "use `true` (the PDF and its typst source), `only` (the source alone) or `false`",
                ),
            }
            if let Some(paper) = &s.paper {
                settings.paper = match paper.to_ascii_lowercase().as_str() {
                    "a4" => Paper::A4,
                    "letter" | "us-letter" => Paper::Letter,
                    _ => {
                        check.error(
                            &["pdf", "paper"],
                            format!("`pdf.paper: {paper}` is not a choice"),
                            "use `a4` or `letter`",
                        );
                        Paper::A4
                    }
                };
            }
            if let Some(standard) = &s.standard {
                settings.standard = match standard.to_ascii_lowercase().as_str() {
                    "ua-1" | "pdf/ua-1" => PdfStandard::Ua1,
                    "tagged" => PdfStandard::Tagged,
                    _ => {
                        check.error(
                            &["pdf", "standard"],
                            format!("`pdf.standard: {standard}` is not a choice"),
                            "use `ua-1` (tagged, and checked for PDF/UA-1) or `tagged`",
                        );
                        PdfStandard::Ua1
                    }
                };
            }
            (s.enabled.as_ref(), &["pdf", "enabled"][..])
        }
    };
    match switch {
        None => {}
        Some(BoolOrText::Bool(true)) => {
            settings.when = PrintPage::Always;
            settings.asked = true;
        }
        Some(BoolOrText::Bool(false)) => settings.when = PrintPage::Never,
        Some(BoolOrText::Text(word)) if word == "auto" => {}
        Some(BoolOrText::Text(word)) => check.error(
            written,
            format!("`{}: {word}` is not a choice", written.join(".")),
            "use `auto`, `true` or `false`",
        ),
    }
    if settings.asked && !SUPPORTED {
        check.error(
            written,
            "`pdf:` asks for a PDF, but this neokit was built without PDF support".into(),
            "install neokit with `cargo install --features pdf`, or set `pdf: auto` to build without it",
        );
    }
    settings
}
