//! Pages: GitBook-flavoured Markdown in, HTML out, in two passes.
//!
//! [`prepare`] (per page, in parallel, before the site exists) splits front matter, runs the
//! GitBook block scanner and collects headings with their anchors and the title. [`render`]
//! (per page, in parallel, once every page is prepared) turns the page into HTML, resolving
//! links against the whole site. Page content never goes through the template engine: GitBook's
//! `{% %}` tags would collide with it.

pub mod blocks;
pub mod expressions;
pub mod frontmatter;
pub mod gitbook;
pub mod headings;
pub mod html;
pub mod render;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::paths::RelPath;
use crate::source::SourceTree;
use blocks::Scanned;
use frontmatter::FrontMatter;

pub use render::{Rendered, render};

/// The Markdown extensions GitBook content uses. Heading attributes, smart punctuation and
/// single-dollar math stay off: GitBook never writes `{#id}`, keeps quotes as typed, and
/// uses `$` as a currency sign.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

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
    pub problems: Vec<Diagnostic>,
}

/// What the first pass needs from the rest of the kit.
pub struct PrepareEnv<'a> {
    pub tree: &'a SourceTree,
    /// `.gitbook/vars.yaml`.
    pub space_vars: &'a serde_json::Map<String, serde_json::Value>,
    /// The content root as shown in messages (relative to the kit folder), e.g. `content`.
    pub shown_root: &'a Path,
}

impl PrepareEnv<'_> {
    pub fn shown(&self, path: &RelPath) -> PathBuf {
        self.shown_root.join(path.to_native())
    }
}

struct ScanEnv<'a> {
    env: &'a PrepareEnv<'a>,
    page_vars: &'a serde_json::Map<String, serde_json::Value>,
}

impl blocks::Environment for ScanEnv<'_> {
    fn include(&self, from: &RelPath, path: &str) -> Result<(RelPath, Arc<str>, usize), String> {
        let target = from
            .parent()
            .join(&crate::paths::percent_decode(path))
            .ok_or_else(|| format!("`{path}` points outside the kit"))?;
        if !self.env.tree.markdown.contains(&target) {
            return Err(format!("included file `{path}` does not exist"));
        }
        let disk = self.env.tree.disk_path(&target);
        let text = crate::source::read_text(&disk, &self.env.shown(&target)).map_err(|d| d.message)?;
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
}

/// First pass over one page: front matter, blocks, headings, title.
pub fn prepare(path: &RelPath, text: Arc<str>, env: &PrepareEnv) -> Prepared {
    let shown = env.shown(path);
    let mut problems = Vec::new();
    let split = frontmatter::split(&text);
    let front = match split.yaml {
        Some((yaml, offset)) => match frontmatter::parse(yaml) {
            Ok(front) => front,
            Err(error) => {
                let (line, _) = LineIndex::new(&text).line_col(offset);
                let line = if error.line > 0 { line + error.line - 1 } else { line };
                problems.push(
                    Diagnostic::warning(
                        "invalid-front-matter",
                        format!("front matter is not valid YAML ({}); it is ignored", error.message),
                    )
                    .at(Location::new(&shown, line, error.col))
                    .with_help("quote values that contain `: `, e.g. description: \"Consent: how we ask\""),
                );
                FrontMatter::default()
            }
        },
        None => FrontMatter::default(),
    };
    let scan_env = ScanEnv { env, page_vars: &front.vars };
    let scanned = blocks::scan(path, text.clone(), split.body_start, &scan_env);
    let mut locator = Locator::new(&scanned, env.shown_root);
    for problem in &scanned.problems {
        let location = locator.file_location(problem.file, problem.offset);
        let diagnostic = if problem.error {
            Diagnostic::error(problem.code, problem.message.clone())
        } else {
            Diagnostic::warning(problem.code, problem.message.clone())
        };
        problems.push(diagnostic.at(location));
    }
    let (headings, title, ids) = collect_headings(&scanned.text);
    Prepared { front, scanned, headings, title, ids, problems }
}

/// Headings with unique anchors, the title (text of the first `#` heading) and the page's
/// other ids (footnotes, raw HTML).
fn collect_headings(text: &str) -> (Vec<Heading>, Option<String>, Vec<String>) {
    let mut anchors = headings::AnchorSet::default();
    let mut list = Vec::new();
    let mut title = None;
    let mut ids = Vec::new();
    let mut current: Option<(u8, String, Option<String>)> = None;
    for event in Parser::new_ext(text, parser_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level_number(level), String::new(), None)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, explicit)) = current.take() {
                    let text = clean_heading_text(&text);
                    let anchor = match explicit {
                        Some(id) => anchors.reserve(&id),
                        None => anchors.unique(headings::anchor(&text)),
                    };
                    if level == 1 && title.is_none() {
                        title = Some(text.clone());
                    }
                    list.push(Heading { level, text, anchor });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => match current.as_mut() {
                Some((_, _, explicit)) => {
                    if let Some(id) = headings::explicit_anchor_id(&html) {
                        *explicit = Some(id);
                    }
                }
                None => ids.extend(html_ids(&html)),
            },
            Event::Start(Tag::FootnoteDefinition(name)) => ids.push(format!("fn-{}", render::footnote_id(&name))),
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    (list, title, ids)
}

/// The values of `id` attributes in a piece of HTML.
fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=") {
        let value = &rest[at + 4..];
        let id = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        if !id.is_empty() {
            ids.push(id.to_string());
        }
        rest = &value[1..];
    }
    ids
}

/// Renders a short piece of configuration Markdown (a footer) to HTML: inline formatting and
/// links, no raw HTML.
pub fn inline_markdown(text: &str) -> String {
    let events = Parser::new_ext(text, Options::empty()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Heading text as shown: trimmed, without zero-width characters and collapsed spaces.
pub fn clean_heading_text(text: &str) -> String {
    text.replace(['\u{200b}', '\u{200c}', '\u{feff}'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Turns offsets in a scanned page into file locations, building line indexes on demand.
pub struct Locator<'a> {
    scanned: &'a Scanned,
    shown_root: &'a Path,
    indexes: Vec<Option<LineIndex<'a>>>,
}

impl<'a> Locator<'a> {
    pub fn new(scanned: &'a Scanned, shown_root: &'a Path) -> Self {
        Locator { scanned, shown_root, indexes: (0..scanned.files.len()).map(|_| None).collect() }
    }

    /// The location of an offset in the scanned (rewritten) text.
    pub fn location(&mut self, offset: usize) -> Location {
        let (file, src) = self.scanned.map.lookup(offset);
        self.file_location(file, src)
    }

    /// The location of an offset in one of the page's files.
    pub fn file_location(&mut self, file: usize, offset: usize) -> Location {
        let Some((path, text)) = self.scanned.files.get(file) else {
            return Location::file(self.shown_root);
        };
        let index = self.indexes[file].get_or_insert_with(|| LineIndex::new(text));
        index.location(&self.shown_root.join(path.to_native()), offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_titles_and_explicit_ids() {
        let text = "# Welcome <a href=\"#w\" id=\"w\"></a>\n\n## **1. Consent & Trust**\n\n## Focus\n\n## Focus\n\n### Kiểm tra\n";
        let (list, title, _) = collect_headings(text);
        assert_eq!(title.as_deref(), Some("Welcome"));
        let anchors: Vec<&str> = list.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["w", "id-1.-consent-and-trust", "focus", "focus-1", "kiem-tra"]);
        assert_eq!(list[1].text, "1. Consent & Trust");
    }
}
