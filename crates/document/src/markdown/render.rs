//! The second pass: one prepared page to HTML.
//!
//! Input: a [`Prepared`] page and a [`RenderEnv`] (the site's pages, the source tree).
//! Output: [`Rendered`]: the body HTML, the outline, the search sections, the kit files the
//! page uses (to be published) and diagnostics with file:line:col. The page's document is
//! built from its scanned text and handed to the HTML writer and to the search text.

use std::collections::BTreeSet;

use super::doc::Document;
use super::out::Out;
use super::prepared::{Heading, Prepared};
use super::write::Writer;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::paths::RelPath;

use super::build::build;
use super::describe::describe;
use super::html::HtmlHooks;
pub use super::out::{FaqAnswer, RenderEnv, SiteInfo};
use super::text;
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
}

/// Renders a prepared page as HTML and search text.
pub fn render(prepared: &Prepared, env: &RenderEnv) -> Rendered {
    render_with(prepared, env, |_, _| ()).0
}

/// Renders a prepared page as HTML and search text, and hands the same document to another
/// writer (the PDF's) with an `Out` of its own: it resolves links as the HTML writer did, and
/// its messages, which would repeat the HTML writer's, are left out.
pub fn render_with<T>(
    prepared: &Prepared,
    env: &RenderEnv,
    also: impl FnOnce(&Document, &mut Out) -> T,
) -> (Rendered, T) {
    let mut document = build(&prepared.scanned);
    let mut out = Out::new(prepared, env);
    // API blocks whose specification is a file of the kit show what they take from it.
    describe(&mut document.nodes, &mut out);
    let mut writer = Writer::new(out);
    writer.write(&document);
    let mut out = writer.out;
    let other = also(&document, &mut Out::new(prepared, env));
    let sections = text::sections(&document, prepared, &mut |node, dest| {
        out.offset = node.offset;
        HtmlHooks::mention_title(&mut out, dest)
    });
    let rendered = Rendered {
        faq: out.faq_answers,
        html: out.html,
        outline: prepared.headings.iter().filter(|h| h.level == 2 || h.level == 3).cloned().collect(),
        sections,
        files: out.files,
        problems: out.problems,
    };
    (rendered, other)
}
