//! What the engine is given to make a site's PDFs: the pages' typst and source files, the
//! files the kit's settings name, the brand's fonts and the settings of the PDF.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::book::BookPage;
use super::typst::TypstPage;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;

/// What the PDF claims to meet (`pdf.standard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStandard {
    /// Tagged, and checked against PDF/UA-1 (written without the claim when it fails).
    Ua1,
    Tagged,
}

/// What making the PDFs needs (without PDF support, the typst source alone).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub struct Job<'a> {
    /// The kit's files: the pages' images are read from it.
    pub tree: &'a SourceTree,
    /// Each page's source file, by page id: messages name it, and a part's cache key covers
    /// the files of the pages it holds.
    pub sources: Vec<&'a RelPath>,
    /// The printed pages' typst, in reading order.
    pub pages: &'a [(PageId, TypstPage)],
    /// The addresses pages' QR codes hold.
    pub qr: &'a HashMap<PageId, String>,
    /// The files the kit's settings name that the books show (the logo, people's photos).
    pub named: Vec<NamedFile>,
    /// The kit's settings file as messages name it (`neokit.yaml`), and its text as read (empty
    /// without one): messages about its files find their keys in it.
    pub config_name: &'a str,
    pub config_text: &'a str,
    /// The brand's font files, for body text and for headings.
    pub body_font: Option<&'a Path>,
    pub heading_font: Option<&'a Path>,
    /// The build's date (seconds since 1970).
    pub now: i64,
    /// The PDF's language.
    pub language: &'a str,
    pub standard: PdfStandard,
    /// Also write each PDF's typst source beside it (`pdf.source`).
    pub source: bool,
    /// Write only the source, not the PDF (`pdf.source: only`).
    pub source_only: bool,
    /// The PDF is asked for in so many words: a PDF that cannot be made stops the site.
    pub asked: bool,
    /// Where the parts laid out by earlier builds are kept, when they are.
    pub cache: Option<PathBuf>,
    /// The kit's content folder: its parts have a folder of their own in the cache (the
    /// spaces of a site share it).
    pub space: &'a Path,
    /// Told what is being laid out (`pdf/kit.pdf: part 3 of 8`), so that a long PDF shows
    /// that it is alive.
    pub progress: Option<&'a (dyn Fn(&str) + Sync)>,
}

/// A file the kit's settings name that the books show.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub struct NamedFile {
    /// Its key in the PDF's files.
    pub key: String,
    pub path: PathBuf,
    /// The file as the settings write it (relative to the kit folder).
    pub name: String,
    /// The keys it is under in the settings (`["brand", "logo"]`).
    pub keys: Vec<String>,
}

/// A book to make: its file (relative to the site root) and its pages.
pub struct Plan<'a> {
    pub path: String,
    pub pages: Vec<BookPage<'a>>,
}

impl Job<'_> {
    /// Tells the progress hook what is being laid out now.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub fn tell(&self, what: &str) {
        if let Some(progress) = self.progress {
            progress(what);
        }
    }
}
