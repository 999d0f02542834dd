//! The first pass over one page (per page, in parallel, before the site exists): splits front
//! matter, runs the GitBook block scanner, builds the page's document and collects its headings
//! with their anchors, the title, other ids, FAQ questions and links into a [`Prepared`] page.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::blocks;
use super::doc::{self, CodeBody, Element, NodeKind};
use super::gitbook::GitBlock;
use super::headings::{self, clean_heading_text};
use super::locator::Locator;
use super::out::footnote_id;
use super::prepared::{FaqQuestion, Heading, Prepared};
use super::{build, destinations, expressions, frontmatter, tables};
use crate::links::Anchors;
use neokit_core::diagnostics::{Diagnostic, Location, Part};
use neokit_core::icons;
use neokit_core::paths::{RelPath, percent_decode};
use neokit_core::source::SourceTree;

/// What the first pass needs from the rest of the kit.
pub struct PrepareEnv<'a> {
    pub tree: &'a SourceTree,
    /// `.gitbook/vars.yaml`.
    pub space_vars: &'a serde_json::Map<String, serde_json::Value>,
    /// Pages listed under `faqs:` in neokit.yaml.
    pub faq_pages: &'a HashSet<RelPath>,
}

impl PrepareEnv<'_> {
    pub fn shown(&self, path: &RelPath) -> PathBuf {
        self.tree.shown(path)
    }
}

struct ScanEnv<'a> {
    env: &'a PrepareEnv<'a>,
    page_vars: &'a serde_json::Map<String, serde_json::Value>,
}

impl blocks::Environment for ScanEnv<'_> {
    fn include(&self, from: &RelPath, path: &str) -> Result<(RelPath, Arc<str>, usize), String> {
        let target = from.parent().join_clamped(&percent_decode(path));
        if !self.env.tree.markdown.contains(&target) {
            return Err(format!("included file `{path}` does not exist"));
        }
        let text = self.env.tree.read_text(&target).map_err(|d| d.message)?;
        let body_start = frontmatter::split(&text).body_start;
        Ok((target, text.into(), body_start))
    }

    fn condition(&self, expression: &str) -> bool {
        let scope = expressions::Scope { space: self.env.space_vars, page: self.page_vars };
        expressions::evaluate(expression, &scope).truthy()
    }

    fn expression(&self, expression: &str) -> Option<String> {
        let scope = expressions::Scope { space: self.env.space_vars, page: self.page_vars };
        expressions::evaluate(expression, &scope).display()
    }

    fn names_file(&self, from: &RelPath, dest: &str) -> bool {
        destinations::names_file(self.env.tree, from, dest)
    }
}

/// First pass over one page: front matter, blocks, headings, title.
pub fn prepare(path: &RelPath, text: Arc<str>, env: &PrepareEnv) -> Prepared {
    let shown = env.shown(path);
    let mut problems = Vec::new();
    let split = frontmatter::split(&text);
    let (front, front_problems) = frontmatter::read(&text, &shown);
    problems.extend(front_problems);
    let mut front = front;
    if let Some(icon) = front.icon.as_deref().filter(|i| !i.trim().is_empty() && icons::from_font_awesome(i).is_none())
    {
        let at = frontmatter::value_location(&text, "icon", &shown).unwrap_or_else(|| Location::file(&shown));
        problems.push(Diagnostic::warning("unknown-icon", icons::unknown_message(icon.trim())).at(at));
    }
    // A page shown in the source language in a translation is kept out of its navigation.
    if env.tree.fallback.contains(path) {
        front.hidden = true;
    }
    let scan_env = ScanEnv { env, page_vars: &front.vars };
    let scanned = blocks::scan(path, text.clone(), split.body_start, &scan_env);
    let mut locator = Locator::new(&scanned, env.tree);
    for problem in &scanned.problems {
        let location = locator.file_location(problem.file, problem.offset);
        let diagnostic = if problem.error {
            Diagnostic::error(problem.code, problem.message.clone())
        } else {
            Diagnostic::warning(problem.code, problem.message.clone())
        };
        // A variable without a value may be one that a file which could not be read defines.
        let diagnostic = if problem.code == "unresolved-variable" {
            diagnostic
                .rests_on(Part::Vars)
                .rests_on(Part::Config("vars".into()))
                .rests_on(Part::front_matter(&shown, Some("vars".into())))
        } else {
            diagnostic
        };
        problems.push(diagnostic.at(location));
    }
    let is_faq = front.page_type.as_deref() == Some("faq") || env.faq_pages.contains(path);
    let Outline { headings, title, ids, faq, links, file_captions } = outline(&build::build(&scanned), is_faq);
    let mut anchors = Anchors::default();
    for heading in &headings {
        anchors.insert_heading(&heading.anchor, &heading.text);
    }
    for id in &ids {
        anchors.insert(id);
    }
    Prepared { front, scanned, headings, title, ids, anchors, is_faq, faq, links, file_captions, problems }
}

/// What the first pass learns from a page's structure.
#[derive(Debug, Default)]
pub(super) struct Outline {
    pub(super) headings: Vec<Heading>,
    pub(super) title: Option<String>,
    pub(super) ids: Vec<String>,
    pub(super) faq: Vec<FaqQuestion>,
    pub(super) links: Vec<String>,
    pub(super) file_captions: Vec<(usize, String)>,
}

/// Headings with unique anchors, the title (text of the first `#` heading), the page's other
/// ids (footnotes, raw HTML), the questions of a FAQ page and every link destination.
pub(super) fn outline(document: &doc::Document, is_faq: bool) -> Outline {
    let mut reader = OutlineReader { is_faq, ..OutlineReader::default() };
    reader.nodes(&document.nodes);
    if let Some((_, own)) = reader.open_summary.take() {
        reader.question(&own);
    } else if reader.open_question {
        reader.questions.push("Question".into());
    }
    // Expandables take their anchors after every heading has its own: an expandable never
    // moves a heading's anchor (`#consent` stays `#consent`).
    for question in std::mem::take(&mut reader.questions) {
        let anchor = reader.anchors.unique(headings::anchor(&question));
        reader.found.ids.push(anchor.clone());
        reader.found.faq.push(FaqQuestion { question, anchor });
    }
    reader.found
}

#[derive(Default)]
struct OutlineReader {
    is_faq: bool,
    anchors: headings::AnchorSet,
    found: Outline,
    /// A `<details>` whose `<summary>` has not come yet (they are often separate HTML blocks).
    open_question: bool,
    /// A `<summary>` whose end has not come yet: the question's text so far, and what its own
    /// HTML block held (a question written in Markdown between `<summary>` and `</summary>`).
    open_summary: Option<(String, String)>,
    /// The `<summary>` texts of the expandables of a page that is not a FAQ page, in order.
    questions: Vec<String>,
}

impl OutlineReader {
    fn nodes(&mut self, nodes: &[doc::Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &doc::Node) {
        match &node.kind {
            NodeKind::Element(Element::Heading { level, .. }, children) => self.heading(*level, children),
            NodeKind::Element(Element::Link { dest, .. }, children) => {
                self.found.links.push(dest.clone());
                self.nodes(children);
            }
            NodeKind::Element(Element::FootnoteDefinition(name), children) => {
                self.found.ids.push(format!("fn-{}", footnote_id(name)));
                self.nodes(children);
            }
            NodeKind::Block(block, index, children) => {
                if let GitBlock::File(_) = &**block {
                    let caption = doc::plain_text(children);
                    if !caption.is_empty() {
                        self.found.file_captions.push((*index, caption));
                    }
                }
                self.nodes(children);
            }
            NodeKind::Html(html) => self.html(html),
            NodeKind::Text(text) | NodeKind::Code(text) if self.open_summary.is_some() => self.summary_text(text),
            NodeKind::SoftBreak | NodeKind::HardBreak if self.open_summary.is_some() => self.summary_text(" "),
            NodeKind::Mention { open, close, children } => {
                self.html(open);
                self.nodes(children);
                self.html(close);
            }
            NodeKind::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    self.html(&cell.html);
                }
            }
            NodeKind::CodeBlock(code) => {
                if let CodeBody::HtmlLines(lines) = &code.body {
                    lines.iter().for_each(|line| self.html(line));
                }
            }
            _ => self.nodes(node.children()),
        }
    }

    fn heading(&mut self, level: u8, children: &[doc::Node]) {
        let mut text = String::new();
        let mut explicit = None;
        heading_text(children, &mut text, &mut explicit, &mut self.found.links);
        let text = clean_heading_text(&text);
        let anchor = match explicit {
            Some(id) => self.anchors.reserve(&id),
            None => self.anchors.unique(headings::anchor(&text)),
        };
        if level == 1 && self.found.title.is_none() {
            self.found.title = Some(text.clone());
        }
        self.found.headings.push(Heading { level, text, anchor });
    }

    fn html(&mut self, html: &str) {
        self.found.ids.extend(html_attributes(html, " id="));
        self.found.links.extend(html_attributes(html, " href="));
        let mut html = html;
        // A question begun in an earlier block ends at this block's `</summary>` (or, left
        // unclosed, at the `</details>`: then only its own block's text is the question).
        if let Some((mut question, own)) = self.open_summary.take() {
            let lower = html.to_ascii_lowercase();
            let end = ["</summary", "<summary", "<details", "</details"].map(|tag| lower.find(tag));
            match end {
                [Some(close), ..] if end.iter().flatten().all(|&other| other >= close) => {
                    question.push_str(&tables::plain_text(&html[..close]));
                    self.question(&question);
                    html = &html[close..];
                }
                _ if end.iter().any(Option::is_some) => self.question(&own),
                _ => {
                    question.push_str(&tables::plain_text(html));
                    self.open_summary = Some((question, own));
                    return;
                }
            }
        }
        for (question, complete) in faq_questions(html, &mut self.open_question) {
            match complete {
                true => self.question(&question),
                false => self.open_summary = Some((question.clone(), question)),
            }
        }
    }

    /// Text of a question written in Markdown, inside a `<summary>` not closed yet.
    fn summary_text(&mut self, text: &str) {
        if let Some((question, _)) = &mut self.open_summary {
            question.push_str(text);
        }
    }

    /// A question found: on a FAQ page it gets its anchor now (after the headings before it);
    /// on another page after every heading.
    fn question(&mut self, text: &str) {
        let question = clean_heading_text(text);
        let question = if question.is_empty() { "Question".to_string() } else { question };
        if self.is_faq {
            let anchor = self.anchors.unique(headings::anchor(&question));
            self.found.ids.push(anchor.clone());
            self.found.faq.push(FaqQuestion { question, anchor });
        } else {
            self.questions.push(question);
        }
    }
}

/// A heading's text as written (an image's alt text included), the id of an anchor written
/// in it as HTML, and the links in it.
fn heading_text(nodes: &[doc::Node], text: &mut String, explicit: &mut Option<String>, links: &mut Vec<String>) {
    for node in nodes {
        match &node.kind {
            NodeKind::Text(t) | NodeKind::Code(t) => text.push_str(t),
            NodeKind::Image { alt, .. } => text.push_str(alt),
            NodeKind::SoftBreak | NodeKind::HardBreak => text.push(' '),
            NodeKind::Html(html) => {
                if let Some(id) = headings::explicit_anchor_id(html) {
                    *explicit = Some(id);
                }
            }
            NodeKind::Element(Element::Link { dest, .. }, _) => links.push(dest.clone()),
            _ => {}
        }
        if let NodeKind::Mention { open, close, .. } = &node.kind {
            for html in [open, close] {
                if let Some(id) = headings::explicit_anchor_id(html) {
                    *explicit = Some(id);
                }
            }
        }
        heading_text(node.children(), text, explicit, links);
    }
}

/// The questions in a piece of HTML: one per `<details>`, its `<summary>` text, and whether
/// the summary ended in it (else the text is what it holds so far). `open` carries a
/// `<details>` still waiting for its summary from one fragment to the next.
fn faq_questions(html: &str, open: &mut bool) -> Vec<(String, bool)> {
    let mut questions = Vec::new();
    let mut rest = html;
    loop {
        let details = rest.find("<details");
        let summary = rest.find("<summary");
        match (details, summary) {
            (Some(d), s) if s.is_none_or(|s| d < s) => {
                if *open {
                    questions.push((String::new(), true));
                }
                *open = true;
                rest = &rest[d + "<details".len()..];
            }
            (_, Some(s)) => {
                let after = &rest[s..];
                let end = after.find("</summary>");
                let close = end.unwrap_or(after.len());
                let inner = &after[..close];
                let inner = inner.find('>').map_or("", |gt| &inner[gt + 1..]);
                if *open {
                    questions.push((tables::plain_text(inner), end.is_some()));
                    *open = false;
                }
                rest = &after[close..];
            }
            _ => break,
        }
    }
    questions
}

/// The values of one attribute (`" id="`, `" href="`) in a piece of HTML.
fn html_attributes(html: &str, attribute: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(attribute) {
        let value = &rest[at + attribute.len()..];
        let id = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        if !id.is_empty() {
            ids.push(id.to_string());
        }
        let Some(first) = value.chars().next() else { break };
        rest = &value[first.len_utf8()..];
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::blocks::Scanned;

    fn outline_of(text: &str, is_faq: bool) -> Outline {
        let scanned = Scanned { text: text.to_string().into(), ..Scanned::default() };
        outline(&build::build(&scanned), is_faq)
    }

    #[test]
    fn attributes_next_to_any_text() {
        assert_eq!(html_attributes("<a href=\u{d7}\".x\">", " href="), ["\u{d7}\".x\""]);
        assert_eq!(html_attributes("<a href=", " href="), Vec::<String>::new());
        assert_eq!(html_attributes("<a href='a.md' id=b href=\"c\">", " href="), ["a.md", "c"]);
    }

    #[test]
    fn faq_questions_and_links() {
        let text = "## Consent\n\n<details>\n\n<summary>Can I opt out?</summary>\n\nYes, see [consent](consent.md).\n\n</details>\n\n<details open><summary>Who <em>sees</em> it?</summary>\n\nThe team.\n\n</details>\n\n<a href=\"x.md\">x</a>\n";
        let found = outline_of(text, true);
        let questions: Vec<(&str, &str)> = found.faq.iter().map(|q| (q.question.as_str(), q.anchor.as_str())).collect();
        assert_eq!(questions, [("Can I opt out?", "can-i-opt-out"), ("Who sees it?", "who-sees-it")]);
        assert_eq!(found.links, ["consent.md", "x.md"]);
        assert!(found.ids.contains(&"can-i-opt-out".to_string()));
        // On any page an expandable is anchored by its summary, after the headings: a heading
        // with the same words keeps its own anchor.
        let text = format!("{text}\n## Can I opt out?\n");
        let found = outline_of(&text, false);
        let anchors: Vec<&str> = found.faq.iter().map(|q| q.anchor.as_str()).collect();
        assert_eq!(anchors, ["can-i-opt-out-1", "who-sees-it"]);
        assert_eq!(found.headings[1].anchor, "can-i-opt-out");
    }

    #[test]
    fn a_question_written_in_markdown_between_html_blocks() {
        let text = "<details>\n<summary>\n\n**Who may *join*?**\n\n</summary>\n\nAll.\n\n</details>\n\n<details>\n<summary>Kept?\n\nNo.\n</details>\n";
        let found = outline_of(text, true);
        let questions: Vec<(&str, &str)> = found.faq.iter().map(|q| (q.question.as_str(), q.anchor.as_str())).collect();
        // A summary left open ends at `</details>`, its question what its own block holds.
        assert_eq!(questions, [("Who may join?", "who-may-join"), ("Kept?", "kept")]);
    }

    #[test]
    fn headings_titles_and_explicit_ids() {
        let text = "# Welcome <a href=\"#w\" id=\"w\"></a>\n\n## **1. Consent & Trust**\n\n## Focus\n\n## Focus\n\n### Kiểm tra\n";
        let Outline { headings: list, title, .. } = outline_of(text, false);
        assert_eq!(title.as_deref(), Some("Welcome"));
        let anchors: Vec<&str> = list.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["w", "id-1.-consent-and-trust", "focus", "focus-1", "kiem-tra"]);
        assert_eq!(list[1].text, "1. Consent & Trust");
    }
}
