//! The HTML writer: walks a page's [`Document`] and writes its body.
//!
//! Markdown elements are written here (headings with GitBook's anchors, links resolved
//! against the site, images, footnotes, tables with classes, never a `style` attribute);
//! GitBook blocks open and close through their family in [`super::gitbook`]; code, diagrams
//! and formulas through [`super::code`]. Everything goes through one [`Out`].
//!
//! The matches over [`NodeKind`], [`Element`] and [`GitBlock`] list every variant on purpose,
//! with no `_ =>` arm: a new kind of node or block does not compile until the writer says what
//! it writes for it (tests/it/exhaustive.rs).

use std::collections::HashMap;

use super::code;
use super::destinations::is_lost;
use super::doc::first_content;
use super::doc::{Align, Document, Element, Node, NodeKind};
use super::gitbook::hint::{Hint, HintTitle};
use super::gitbook::{GitBlock, cards, table};
use super::html::{HtmlHooks, is_elsewhere};
use super::out::{Out, footnote_id};
use super::{headings, tables};
use crate::links::Target;

pub struct Writer<'a> {
    pub out: Out<'a>,
    /// The heading that is the page's title (written by the template, not in the body).
    title_index: Option<usize>,
    /// The level of the last heading written (1: the page title).
    heading_levels: HeadingLevels,
    /// The level of the last heading as written (`#` count), for the skipped-level check.
    last_written_level: u8,
    /// A class for the next heading (a hint's title).
    heading_class: Option<&'static str>,
    footnotes: HashMap<String, usize>,
}

/// Where a node sits, as far as writing it is concerned.
#[derive(Clone, Copy, Default)]
struct At<'d> {
    heading: bool,
    /// In a table: the columns' alignments and whether in its head.
    table: Option<(&'d [Align], bool)>,
}

impl<'a> Writer<'a> {
    pub fn new(out: Out<'a>) -> Self {
        let title_index = out.prepared.headings.iter().position(|h| h.level == 1);
        Writer {
            out,
            title_index,
            heading_levels: HeadingLevels::default(),
            last_written_level: 1,
            heading_class: None,
            footnotes: HashMap::new(),
        }
    }

    pub fn write(&mut self, document: &Document) {
        if self.title_index.is_none() {
            self.out.lint(
                "no-title",
                "the page has no `#` title".into(),
                "start the page with `# Title` (its title comes from SUMMARY.md until then)",
            );
        }
        self.nodes(&document.nodes, At::default());
    }

    fn nodes(&mut self, nodes: &[Node], at: At) {
        for node in nodes {
            self.node(node, at);
        }
    }

    fn node(&mut self, node: &Node, at: At) {
        self.out.offset = node.offset;
        match &node.kind {
            NodeKind::Element(element, children) => self.element(element, children, at),
            NodeKind::Block(block, index, children) => {
                block.open(&mut self.out, *index);
                if !block.replaces_content() {
                    match &**block {
                        GitBlock::Hint(hint) => self.hint_content(hint, children, at),
                        GitBlock::Tabs
                        | GitBlock::Tab(_)
                        | GitBlock::Stepper
                        | GitBlock::Step
                        | GitBlock::Columns
                        | GitBlock::Column(_)
                        | GitBlock::ContentRef(_)
                        | GitBlock::Embed(_)
                        | GitBlock::File(_)
                        | GitBlock::Integration(_)
                        | GitBlock::Code(_)
                        | GitBlock::Updates
                        | GitBlock::Update(_)
                        | GitBlock::Prompt(_)
                        | GitBlock::Api(_)
                        | GitBlock::Transparent
                        | GitBlock::Unknown(_) => self.nodes(children, at),
                    }
                }
                block.close(&mut self.out);
            }
            NodeKind::Text(text) => self.out.escaped(text),
            NodeKind::Code(code) => {
                self.out.push("<code>");
                self.out.escaped(code);
                self.out.push("</code>");
            }
            NodeKind::Html(html) => {
                if !(at.heading && is_anchor_tag(html)) {
                    self.out.raw_html(html);
                }
            }
            NodeKind::Mention { open, close, children } => {
                self.out.raw_html(open);
                // The start tag got the target's title: the text written after it is not shown.
                let titled = headings::attribute(open, "href")
                    .is_some_and(|href| HtmlHooks::mention_title(&mut self.out, &href).is_some());
                if !titled {
                    self.nodes(children, at);
                }
                self.out.raw_html(close);
            }
            NodeKind::SoftBreak => self.out.push("\n"),
            NodeKind::HardBreak => self.out.push("<br>\n"),
            NodeKind::Rule => self.out.push("<hr>\n"),
            NodeKind::TaskListMarker(done) => {
                let (state, label) = if *done { (" checked", "done") } else { ("", "not done") };
                self.out.push(&format!("<input type=\"checkbox\" disabled{state} aria-label=\"{label}\"> "));
            }
            NodeKind::FootnoteReference(name) => {
                let number = self.footnote_number(name);
                let id = footnote_id(name);
                let anchor = if self.out.footnote_refs.insert(id.clone()) {
                    format!(" id=\"fnref-{id}\"")
                } else {
                    String::new()
                };
                self.out.push(&format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\"{anchor} role=\"doc-noteref\">{number}</a></sup>"
                ));
            }
            NodeKind::CodeBlock(block) => code::write(&mut self.out, block),
            NodeKind::Image { src, title, alt } => self.image(src, title, alt),
            NodeKind::Math(index) => code::math(&mut self.out, *index),
            NodeKind::Table(table) if table.is_cards() => cards::card_grid(&mut self.out, table),
            NodeKind::Table(table) => table::write(&mut self.out, table),
        }
    }

    /// A hint's content, its title (a leading bold line or heading) marked as such.
    fn hint_content(&mut self, hint: &Hint, children: &[Node], at: At) {
        let first = first_content(children);
        let (Some(first), HintTitle::Paragraph | HintTitle::FirstLine) = (first, hint.title) else {
            if hint.title == HintTitle::Heading {
                self.heading_class = Some("hint-title");
            }
            return self.nodes(children, at);
        };
        self.nodes(&children[..first], at);
        let paragraph = &children[first];
        self.out.offset = paragraph.offset;
        self.out.push("<p class=\"hint-title\">");
        let content = paragraph.children();
        if hint.title == HintTitle::FirstLine {
            self.nodes(&content[..1], at);
            self.out.push("</p>\n<p>");
            self.nodes(&content[2..], at);
        } else {
            self.nodes(content, at);
        }
        self.out.push("</p>\n");
        self.nodes(&children[first + 1..], at);
    }

    fn element(&mut self, element: &Element, children: &[Node], at: At) {
        let (open, close): (&str, &str) = match element {
            Element::Paragraph => ("<p>", "</p>\n"),
            Element::Heading { level, index } => return self.heading(*level, *index, children, at),
            Element::BlockQuote => ("<blockquote>\n", "</blockquote>\n"),
            Element::List(Some(1)) => ("<ol>\n", "</ol>\n"),
            Element::List(Some(start)) => {
                self.out.push(&format!("<ol start=\"{start}\">\n"));
                ("", "</ol>\n")
            }
            Element::List(None) => ("<ul>\n", "</ul>\n"),
            Element::Item => ("<li>", "</li>\n"),
            Element::FootnoteDefinition(name) => {
                let number = self.footnote_number(name);
                let id = footnote_id(name);
                let back = self.out.env.text.back_to_reference;
                let label = if self.out.footnote_refs.contains(&id) {
                    format!(
                        "<a class=\"footnote-label\" href=\"#fnref-{id}\" aria-label=\"{back} {number}\">{number}</a>"
                    )
                } else {
                    format!("<span class=\"footnote-label\">{number}</span>")
                };
                self.out.push(&format!("<div class=\"footnote\" id=\"fn-{id}\">{label}"));
                ("", "</div>\n")
            }
            Element::Table(alignments) => {
                self.out.push("<div class=\"table-wrap\"><table>");
                self.nodes(children, At { table: Some((alignments, false)), ..at });
                self.out.push("</tbody></table></div>\n");
                return;
            }
            Element::TableHead => {
                self.out.push("<thead><tr>");
                let alignments = at.table.map_or(&[][..], |(a, _)| a);
                self.cells(children, At { table: Some((alignments, true)), ..at });
                self.out.push("</tr></thead><tbody>\n");
                return;
            }
            Element::TableRow => {
                self.out.push("<tr>");
                self.cells(children, at);
                self.out.push("</tr>\n");
                return;
            }
            // Cells are written by their row, which knows their column.
            Element::TableCell => ("<td>", "</td>"),
            Element::Emphasis => ("<em>", "</em>"),
            Element::Strong => ("<strong>", "</strong>"),
            Element::Strikethrough => ("<del>", "</del>"),
            Element::Superscript => ("<sup>", "</sup>"),
            Element::Subscript => ("<sub>", "</sub>"),
            Element::Link { dest, title, email } => return self.link(dest, title, *email, children, at),
            Element::Plain => ("", ""),
        };
        self.out.push(open);
        self.nodes(children, at);
        self.out.push(close);
    }

    fn cells(&mut self, cells: &[Node], at: At) {
        let (alignments, head) = at.table.unwrap_or((&[], false));
        for (column, cell) in cells.iter().enumerate() {
            let NodeKind::Element(Element::TableCell, content) = &cell.kind else {
                self.node(cell, at);
                continue;
            };
            let class = match alignments.get(column) {
                Some(Align::Left) => " class=\"align-left\"",
                Some(Align::Center) => " class=\"align-center\"",
                Some(Align::Right) => " class=\"align-right\"",
                _ => "",
            };
            self.out.push(&format!("<{}{class}>", if head { "th scope=\"col\"" } else { "td" }));
            self.nodes(content, at);
            self.out.push(if head { "</th>" } else { "</td>" });
        }
    }

    fn heading(&mut self, level: u8, index: usize, children: &[Node], at: At) {
        if Some(index) == self.title_index {
            return;
        }
        let anchor = self.out.prepared.headings.get(index).map(|h| h.anchor.clone()).unwrap_or_default();
        // The outline never skips a level (the page title is the h1): a `###` right after the
        // title is an <h2>. The written level stays available to styles.
        if level > self.last_written_level + 1 {
            let (was, now) = ("#".repeat(self.last_written_level.into()), "#".repeat(level.into()));
            self.out.lint(
                "heading-level",
                format!("a `{now}` heading follows a `{was}` heading: a level is skipped"),
                "use one more `#` than the heading above (screen readers navigate by level)",
            );
        }
        self.last_written_level = level;
        let shown = self.heading_levels.shown(level);
        let mut classes: Vec<String> = self.heading_class.take().map(str::to_string).into_iter().collect();
        if shown != level {
            classes.push(format!("h{level}"));
        }
        let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) };
        self.out.push(&format!("<h{shown} id=\"{anchor}\"{class}>"));
        self.nodes(children, At { heading: true, ..at });
        let trimmed = self.out.html.trim_end().len();
        self.out.html.truncate(trimmed);
        self.out.push(&format!("</h{shown}>\n"));
    }

    fn link(&mut self, dest: &str, title: &str, email: bool, children: &[Node], at: At) {
        let dest = if email { format!("mailto:{dest}") } else { dest.to_string() };
        if dest.trim().is_empty() {
            self.out.lint(
                "empty-link",
                "the link has no destination".into(),
                "write the address between the parentheses",
            );
        }
        let start = self.out.html.len();
        // GitBook's markers for a lost link (`broken-reference`, `/broken/pages/...`).
        let broken = is_lost(&dest);
        if broken {
            self.out.lost_link(&dest, "link", "its text is shown without a link", "write the page's path");
        }
        let (url, target) = if broken { (String::new(), Target::Empty) } else { self.out.link(&dest) };
        let close = if broken || matches!(target, Target::Unpublished { .. }) {
            self.out.push("<span class=\"broken-link\">");
            "</span>"
        } else {
            self.out.push("<a href=\"");
            self.out.escaped(&url);
            self.out.push("\"");
            let mention = title == "mention";
            if !title.is_empty() && !mention {
                self.out.push(" title=\"");
                self.out.escaped(title);
                self.out.push("\"");
            }
            if mention {
                self.out.push(" class=\"mention\">");
                if let Some(text) = self.out.target_title(&target) {
                    self.out.escaped(&text);
                    self.out.push("</a>");
                    return;
                }
            } else {
                self.out.push(">");
            }
            "</a>"
        };
        self.nodes(children, at);
        self.out.push(close);
        if !has_visible_text(&self.out.html[start..]) {
            self.out.lint(
                "empty-link",
                "the link has no text".into(),
                "write what the link leads to between the brackets",
            );
        }
    }

    fn image(&mut self, src: &str, title: &str, alt: &str) {
        if is_lost(src) {
            self.out.lost_link(src, "image", "it is left out", "write its path");
            return;
        }
        let (url, _) = self.out.link(src);
        // An image from another site is not loaded (no page calls out): a link to it.
        if is_elsewhere(&url) {
            HtmlHooks::external_resource(&mut self.out, "the image", src);
            self.out.push("<a class=\"external-image\" href=\"");
            self.out.escaped(&url);
            self.out.push("\">");
            self.out.escaped(if alt.trim().is_empty() { &url } else { alt.trim() });
            self.out.push("</a>");
            return;
        }
        if alt.trim().is_empty() {
            self.out.lint(
                "image-alt",
                "the image has no alt text".into(),
                "describe the image between the brackets: ![what it shows](...)",
            );
        }
        self.out.push("<img src=\"");
        self.out.escaped(&url);
        self.out.push("\" alt=\"");
        self.out.escaped(alt.trim());
        if !title.is_empty() {
            self.out.push("\" title=\"");
            self.out.escaped(title);
        }
        self.out.push("\" loading=\"lazy\">");
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }
}

/// The levels headings are shown at: one below the heading they belong to (the nearest
/// heading before them written at a higher level), so the outline never skips a level, and
/// never the page title's; headings written at one level under one parent are shown at one
/// level too (`##`, `####`, `####` are h2, h3, h3).
#[derive(Debug, Default, Clone)]
pub struct HeadingLevels {
    /// The open headings: (written level, shown level), outermost first.
    open: Vec<(u8, u8)>,
}

impl HeadingLevels {
    /// The level the next heading, written at `written`, is shown at.
    pub fn shown(&mut self, written: u8) -> u8 {
        while self.open.last().is_some_and(|&(level, _)| level >= written) {
            self.open.pop();
        }
        let shown = self.open.last().map_or(2, |&(_, parent)| parent + 1).clamp(2, 6);
        self.open.push((written, shown));
        shown
    }
}

/// Whether HTML shows any text: words outside tags, or an image's non-empty alt text.
fn has_visible_text(html: &str) -> bool {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !rest[..lt].trim().is_empty() {
            return true;
        }
        let end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..end];
        if tag.starts_with("<img")
            && let Some((attrs, _)) = tables::start_tag(tag, 0)
            && tables::attr(&attrs, "alt").is_some_and(|alt| !alt.trim().is_empty())
        {
            return true;
        }
        rest = &rest[end..];
    }
    !rest.trim().is_empty()
}

fn is_anchor_tag(html: &str) -> bool {
    let html = html.trim();
    html == "</a>" || headings::explicit_anchor_id(html).is_some()
}

#[cfg(test)]
mod tests {
    use super::HeadingLevels;

    fn shown(written: &[u8]) -> Vec<u8> {
        let mut levels = HeadingLevels::default();
        written.iter().map(|&w| levels.shown(w)).collect()
    }

    #[test]
    fn headings_never_skip_a_level_and_siblings_stay_siblings() {
        assert_eq!(shown(&[2, 4, 4, 3, 4]), [2, 3, 3, 3, 4]);
        assert_eq!(shown(&[4, 4, 2, 3]), [2, 2, 2, 3]);
        assert_eq!(shown(&[1, 2, 6, 6, 2]), [2, 3, 4, 4, 3]);
        assert_eq!(shown(&[2, 3, 4, 5, 6, 6, 3]), [2, 3, 4, 5, 6, 6, 3]);
    }
}
