//! The second pass: one prepared page to HTML.
//!
//! Input: a [`Prepared`] page and a [`RenderEnv`] (the site's pages, the source tree).
//! Output: [`Rendered`]: the body HTML, the outline, the search sections, the kit files the
//! page uses (to be published) and diagnostics with file:line:col. The page's document is
//! built from its scanned text and handed to the HTML writer and to the search text.

use std::collections::BTreeSet;

use super::out::Out;
use super::prepared::{Heading, Prepared};
use super::write::Writer;
use crate::diagnostics::Diagnostic;
use crate::paths::RelPath;

pub use super::out::{FaqAnswer, RenderEnv, SiteInfo};
pub use super::text::Section;

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// FAQ pages: every question with its answer.
    pub faq: Vec<FaqAnswer>,
    /// `##` and `###` headings, for "On this page".
    pub outline: Vec<Heading>,
    /// The page's text in parts with their own search result.
    pub sections: Vec<Section>,
    /// Kit files the page links to or shows; they get published.
    pub files: BTreeSet<RelPath>,
    pub problems: Vec<Diagnostic>,
    /// The page as typst markup, when the PDF is made.
    pub typst: Option<crate::pdf::typst::TypstPage>,
}

/// Renders a prepared page; with `typst`, also writes it for the PDF.
pub fn render(prepared: &Prepared, env: &RenderEnv, typst: Option<crate::pdf::typst::TypstOptions>) -> Rendered {
    let mut document = super::build::build(&prepared.scanned);
    let mut out = Out::new(prepared, env);
    // API blocks whose specification is a file of the kit show what they take from it.
    super::describe::describe(&mut document.nodes, &mut out);
    let mut writer = Writer::new(out);
    writer.write(&document);
    let mut out = writer.out;
    // The PDF's writer resolves links as the HTML writer did; its messages would repeat them.
    let typst = typst.map(|options| crate::pdf::typst::write(&document, &mut Out::new(prepared, env), options));
    let sections = super::text::sections(&document, prepared, &mut |node, dest| {
        out.offset = node.offset;
        super::html::HtmlHooks::mention_title(&mut out, dest)
    });
    Rendered {
        faq: out.faq_answers,
        html: out.html,
        outline: prepared.headings.iter().filter(|h| h.level == 2 || h.level == 3).cloned().collect(),
        sections,
        files: out.files,
        problems: out.problems,
        typst,
    }
}
