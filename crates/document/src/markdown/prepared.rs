//! A page after the first pass ([`super::prepare()`]): its front matter, scanned text, headings,
//! title, anchors, FAQ questions and links, read by the second pass and the rest of the site.

use super::blocks::Scanned;
use super::frontmatter::FrontMatter;
use crate::links::Anchors;
use neokit_core::diagnostics::Diagnostic;

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// A page after the first pass.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub front: FrontMatter,
    pub scanned: Scanned,
    /// Every heading in document order (the title heading included).
    pub headings: Vec<Heading>,
    /// The text of the first `#` heading, which becomes the page title.
    pub title: Option<String>,
    /// Other link targets on the page: footnotes and `id`s written in raw HTML.
    pub ids: Vec<String>,
    /// Every anchor a link can point at on the page (headings and ids), with the forgiving
    /// index of other spellings.
    pub anchors: Anchors,
    /// A page of questions (`type: faq`, or listed under `faqs:`).
    pub is_faq: bool,
    /// Each `<details>` block's question (its `<summary>` text) and anchor, in order: on every
    /// page an expandable can be linked to by its summary, as on GitBook; on FAQ pages they are
    /// also the page's questions.
    pub faq: Vec<FaqQuestion>,
    /// Every link destination written on the page (for "mentioned on" lists).
    pub links: Vec<String>,
    /// The text between a paired `{% file %}` block's tags (its caption), by block number.
    pub file_captions: Vec<(usize, String)>,
    pub problems: Vec<Diagnostic>,
}

impl Prepared {
    /// The caption written between a file block's tags.
    pub fn file_caption(&self, block: usize) -> Option<&str> {
        self.file_captions.iter().find(|(b, _)| *b == block).map(|(_, c)| c.as_str())
    }
}

/// A question of a FAQ page: a `<details>` block, its `<summary>` text and its anchor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FaqQuestion {
    pub question: String,
    pub anchor: String,
}
