//! The PDF: documents written as typst, laid out in parts (kept in a content-addressed cache) and joined into one tagged PDF; the only crate that depends on typst.
//!
//! The PDF engine: a site's pages, written as typst markup by the typst writer ([`typst`])
//! while they are rendered, put together as books ([`book`]) and laid out by typst, embedded
//! as a library ([`compile`], cargo feature `pdf`), in parts kept between builds ([`cache`])
//! and joined into one PDF ([`join`]). No browser, no network: fonts are typst's own and the
//! brand's, images are the kit's files.
//!
//! The engine knows pages by their id, their typst and their source file; what the books hold
//! and what they are called is the build's PDF stage's to say (`neokit_site::pdf_stage`).

pub mod book;
#[cfg(feature = "pdf")]
pub mod cache;
#[cfg(feature = "pdf")]
pub mod compile;
pub mod job;
#[cfg(feature = "pdf")]
pub mod join;
#[cfg(feature = "pdf")]
pub mod library;
pub mod typst;

pub use book::Paper;
pub use job::{Job, NamedFile, PdfStandard, Plan};

use self::book::Cover;
use neokit_core::diagnostics::{Diagnostic, Severity};

/// Whether this neokit can make PDFs (built with the cargo feature `pdf`).
pub const SUPPORTED: bool = cfg!(feature = "pdf");

/// One PDF file of the site.
pub struct PdfFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Makes the PDFs of `books` (and with `pdf.source` their typst source), with the title page
/// `cover` (its fonts are the brand's, read here); problems are diagnostics (an error when a
/// PDF cannot be made).
pub fn make(job: &Job, cover: Cover, books: Vec<Plan>) -> (Vec<PdfFile>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // `pdf.source: only` writes the same source with and without PDF support: no image or
    // font is read for it.
    #[cfg(feature = "pdf")]
    let prepared = (!job.source_only).then(|| compile::Prepared::new(job, &mut problems));
    #[cfg(feature = "pdf")]
    let (bad, body_fonts, heading_fonts) = match &prepared {
        Some(prepared) => (prepared.images.clone(), prepared.body_fonts.clone(), prepared.heading_fonts.clone()),
        None => (book::ImageFacts::default(), Vec::new(), Vec::new()),
    };
    #[cfg(not(feature = "pdf"))]
    let (bad, body_fonts, heading_fonts) = (book::ImageFacts::default(), Vec::new(), Vec::new());
    let cover = Cover { body_fonts, heading_fonts, ..cover };
    // The books one after another, on this thread. typst lays out on rayon's global pool, and
    // a book waits for its parts' layout threads: on a worker of that pool, the wait would
    // hold a worker typst needs (with fewer workers than books, every worker waits: a hang).
    // The parallelism is inside a book (its parts, and typst's own).
    debug_assert!(rayon::current_thread_index().is_none(), "PDFs are never made on a rayon worker");
    let results: Vec<(Vec<PdfFile>, Vec<Diagnostic>)> = books
        .into_iter()
        .map(|Plan { path, pages }| {
            job.tell(&path);
            let book = book::write(&cover, &pages, &bad);
            let mut made = Vec::new();
            if job.source {
                let path = format!("{}.typ", path.trim_end_matches(".pdf"));
                made.push(PdfFile { path, bytes: book.source(true).into_bytes() });
            }
            #[cfg(feature = "pdf")]
            let problems = match &prepared {
                None => Vec::new(),
                Some(prepared) => {
                    let laid = prepared.compile(job, &path, &book).or_else(|error| {
                        // Laid out again with every image as its alt text: an image typst
                        // could read but not lay out must not cost the whole PDF.
                        let plain = book::ImageFacts { bad: prepared.image_keys(), ..bad.clone() };
                        let book = book::write(&cover, &pages, &plain);
                        let (bytes, mut warnings) = prepared.compile(job, &path, &book).map_err(|_| error.clone())?;
                        let mut warning = Diagnostic::warning(
                            "pdf-image",
                            format!("{path}: shows every image as its alt text ({})", error.message),
                        );
                        warning.location = error.location;
                        warnings.push(warning);
                        Ok::<_, Diagnostic>((bytes, warnings))
                    });
                    match laid {
                        Ok((bytes, warnings)) => {
                            made.push(PdfFile { path: path.clone(), bytes });
                            warnings
                        }
                        Err(error) => vec![error],
                    }
                }
            };
            #[cfg(not(feature = "pdf"))]
            let problems = Vec::new();
            (made, problems)
        })
        .collect();
    // typst keeps what it laid out for the next compile; a build (or the preview's next PDF)
    // starts afresh, so memory does not grow with every PDF a process makes.
    #[cfg(feature = "pdf")]
    compile::forget();
    // The cache keeps the parts this build used, no others.
    #[cfg(feature = "pdf")]
    if let Some(prepared) = &prepared {
        prepared.cache.prune();
    }
    let mut made = Vec::new();
    for (files, book_problems) in results {
        made.extend(files);
        problems.extend(book_problems);
    }
    (made, not_stopping(problems, job.asked))
}

/// With `pdf: auto` (not `asked`), a PDF that cannot be made does not stop the site: its
/// errors become warnings that say so.
fn not_stopping(mut problems: Vec<Diagnostic>, asked: bool) -> Vec<Diagnostic> {
    if !asked {
        for problem in problems.iter_mut().filter(|p| p.is_error()) {
            problem.severity = Severity::Warning;
            problem.message = format!("the site is published without this PDF: {}", problem.message);
            problem.help =
                Some("`pdf: true` in neokit.yaml makes this an error; `pdf: false` leaves the PDF out".into());
        }
    }
    problems
}

/// A poster's SVG as a one-page A4 PDF (`neokit poster --format pdf`); a message when this
/// neokit has no PDF support or typst cannot draw it.
pub fn drawing(svg: &str, title: &str, alt: &str, language: &str) -> Result<Vec<u8>, String> {
    #[cfg(feature = "pdf")]
    return compile::drawing(svg, title, alt, language).map_err(|why| format!("the PDF cannot be made: {why}"));
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (svg, title, alt, language);
        Err("this neokit was built without PDF support (cargo feature `pdf`): use --format svg or html".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_that_cannot_be_made_stops_the_site_only_when_asked_for() {
        let failed =
            || vec![Diagnostic::error("pdf", "pdf/kit.pdf cannot be made: x"), Diagnostic::warning("pdf", "w")];
        let auto = not_stopping(failed(), false);
        assert!(auto.iter().all(|p| !p.is_error()), "{auto:?}");
        assert!(auto[0].message.starts_with("the site is published without this PDF: pdf/kit.pdf"));
        assert_eq!(auto[1].message, "w");
        assert_eq!(not_stopping(failed(), true), failed());
    }
}
