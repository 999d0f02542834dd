//! A page's text for search, in sections: the top of the page, each `##`/`###` section (as
//! shown: a level is never skipped) and each FAQ question, from the same [`Document`] the
//! HTML writer writes. Raw HTML contributes its text (not scripts, styles, drawings or what
//! is hidden from readers); interface words the writer adds (labels, icons) are not content.
//!
//! The matches over [`NodeKind`], [`Element`] and [`GitBlock`] list every variant on purpose,
//! with no `_ =>` arm: a new kind of node or block does not compile until search says which
//! words it has (tests/it/exhaustive.rs).

use super::doc::{CodeBody, Document, Element, Node, NodeKind};
use super::gitbook::GitBlock;
use super::gitbook::api::Api;
use super::gitbook::updates::format_date;
use super::prepared::Prepared;
use super::tokens::{Tag, Token};
use super::write::HeadingLevels;
use super::{diagrams, headings, tables, tokens};
use neokit_core::htmltext::decode_entities;

/// One part of a page with its own search result.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Section {
    /// The heading's or question's id; empty for the top of the page.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// The sections of a page, in page order. `mention` gives the title a mention of a
/// destination shows (the node it is written in, the destination).
pub fn sections(document: &Document, prepared: &Prepared, mention: Mentions) -> Vec<Section> {
    let mut reader = Reader {
        prepared,
        mention,
        title_index: prepared.headings.iter().position(|h| h.level == 1),
        levels: HeadingLevels::default(),
        done: Vec::new(),
        current: (0, Section::default()),
        started: 1,
        question: None,
        details_depth: 0,
        faq_next: 0,
        in_heading: false,
        in_summary: false,
        skip: None,
        flat: false,
    };
    reader.nodes(&document.nodes);
    if let Some((resume, _)) = reader.question.take() {
        let question = std::mem::replace(&mut reader.current, resume);
        reader.done.push(question);
    }
    reader.done.push(std::mem::take(&mut reader.current));
    // Questions end before the section they sit in: back to page order.
    reader.done.sort_by_key(|(started, _)| *started);
    reader
        .done
        .into_iter()
        .map(|(_, mut s)| {
            s.text.truncate(s.text.trim_end().len());
            s.heading.truncate(s.heading.trim_end().len());
            s.text.shrink_to_fit();
            s
        })
        .collect()
}

/// The title shown for a mention written in a node, if its destination has one.
pub type Mentions<'m> = &'m mut dyn FnMut(&Node, &str) -> Option<String>;

/// The text of some content as search reads it, in one piece (headings are text too).
pub fn plain(nodes: &[Node], prepared: &Prepared) -> String {
    let mut no_mentions = |_: &Node, _: &str| None;
    let mut reader = Reader {
        prepared,
        mention: &mut no_mentions,
        title_index: None,
        levels: HeadingLevels::default(),
        done: Vec::new(),
        current: (0, Section::default()),
        started: 1,
        question: None,
        details_depth: 0,
        faq_next: usize::MAX,
        in_heading: false,
        in_summary: false,
        skip: None,
        flat: true,
    };
    reader.nodes(nodes);
    let text = std::mem::take(&mut reader.current.1.text);
    text.trim_end().to_string()
}

struct Reader<'p, 'm> {
    prepared: &'p Prepared,
    mention: Mentions<'m>,
    title_index: Option<usize>,
    levels: HeadingLevels,
    /// Finished sections, with when they started.
    done: Vec<(usize, Section)>,
    current: (usize, Section),
    started: usize,
    /// In a FAQ question: the section it interrupted, and the `details` depth it ends at.
    question: Option<((usize, Section), usize)>,
    details_depth: usize,
    faq_next: usize,
    in_heading: bool,
    in_summary: bool,
    /// An element of raw HTML whose content is left out, and how deep in it the text is.
    skip: Option<(String, usize)>,
    /// All in one section: headings and questions are text.
    flat: bool,
}

impl Reader<'_, '_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn start(&mut self, anchor: String) -> (usize, Section) {
        self.started += 1;
        let next = (self.started, Section { anchor, ..Section::default() });
        std::mem::replace(&mut self.current, next)
    }

    fn push(&mut self, text: &str) {
        if self.skip.is_some() {
            return;
        }
        let section = &mut self.current.1;
        let out = if self.in_heading || self.in_summary { &mut section.heading } else { &mut section.text };
        // A no-break space is a space to search.
        text.chars().for_each(|c| push_collapsed(out, if c == '\u{a0}' { ' ' } else { c }));
    }

    fn space(&mut self) {
        push_collapsed(&mut self.current.1.text, ' ');
    }

    fn node(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Element(Element::Heading { level, index }, children) => self.heading(*level, *index, children),
            NodeKind::Element(Element::Link { dest, title, .. }, children) if title == "mention" => {
                match (self.mention)(node, dest) {
                    Some(title) => self.push(&title),
                    None => self.nodes(children),
                }
            }
            NodeKind::Element(element, children) => {
                let block = match element {
                    Element::Emphasis
                    | Element::Strong
                    | Element::Strikethrough
                    | Element::Superscript
                    | Element::Subscript
                    | Element::Link { .. }
                    | Element::Plain => false,
                    Element::Paragraph
                    | Element::Heading { .. }
                    | Element::BlockQuote
                    | Element::List(_)
                    | Element::Item
                    | Element::FootnoteDefinition(_)
                    | Element::Table(_)
                    | Element::TableHead
                    | Element::TableRow
                    | Element::TableCell => true,
                };
                if block {
                    self.space();
                }
                self.nodes(children);
                if block {
                    self.space();
                }
            }
            NodeKind::Block(block, _, children) => {
                for words in block_words(block) {
                    self.push(&words);
                    self.space();
                }
                if !block.replaces_content() {
                    self.nodes(children);
                }
                self.space();
            }
            NodeKind::Mention { open, close, children } => {
                self.html(open);
                let title = headings::attribute(open, "href").and_then(|href| (self.mention)(node, &href));
                match title {
                    Some(title) => self.push(&title),
                    None => self.nodes(children),
                }
                self.html(close);
            }
            NodeKind::Text(text) | NodeKind::Code(text) => self.push(text),
            NodeKind::SoftBreak | NodeKind::HardBreak | NodeKind::Rule => self.space(),
            NodeKind::Html(html) => self.html(html),
            NodeKind::CodeBlock(code) => {
                if let Some(title) = &code.options.title {
                    self.push(title);
                    self.space();
                }
                match &code.body {
                    // A drawn diagram is searched by the words it shows, not by its source.
                    CodeBody::Text(text) if code.language == "mermaid" => match diagrams::render(text, "") {
                        Ok(diagram) => self.push(&diagram.words()),
                        Err(_) => self.push(text),
                    },
                    CodeBody::Text(text) => self.push(text),
                    CodeBody::HtmlLines(lines) => lines.iter().for_each(|line| {
                        self.html(line);
                        self.space();
                    }),
                }
                self.space();
            }
            NodeKind::Table(table) => {
                // The columns shown: not a card's target or cover, not a hidden column.
                let special = ["data-card-target", "data-card-cover", "data-card-cover-dark", "data-hidden"];
                let shown = |column: usize| {
                    !table.head.get(column).is_some_and(|head| special.iter().any(|attribute| head.has(attribute)))
                };
                let head = table.head.iter().enumerate().filter(|_| !table.is_cards());
                let cells = table.rows.iter().flat_map(|row| row.iter().enumerate());
                for (column, cell) in head.chain(cells) {
                    if shown(column) {
                        self.html(&tables::strip_select(&cell.html));
                        self.space();
                    }
                }
            }
            NodeKind::Math(index) => {
                if let Some(math) = self.prepared.scanned.math.get(*index) {
                    self.push(&math.latex);
                    self.space();
                }
            }
            NodeKind::Image { .. } | NodeKind::TaskListMarker(_) | NodeKind::FootnoteReference(_) => {}
        }
    }

    fn heading(&mut self, level: u8, index: usize, children: &[Node]) {
        if Some(index) == self.title_index {
            return;
        }
        let shown = self.levels.shown(level);
        let anchor = self.prepared.headings.get(index).map(|h| h.anchor.clone()).unwrap_or_default();
        if (shown == 2 || shown == 3) && self.question.is_none() && !self.flat {
            let done = self.start(anchor);
            self.done.push(done);
            self.in_heading = true;
            self.nodes(children);
            self.in_heading = false;
        } else {
            self.nodes(children);
            self.space();
        }
    }

    /// The text of raw HTML; on FAQ pages, `<details>` elements are questions.
    fn html(&mut self, html: &str) {
        for token in tokens::tokens(html) {
            match token {
                Token::Text(text) => self.html_text(text),
                Token::Tag(tag) => self.tag(&tag),
            }
        }
    }

    fn html_text(&mut self, raw: &str) {
        if !raw.is_empty() {
            self.push(&decode_entities(raw));
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped && !tag.self_closing {
                if tag.closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return;
        }
        if tag.closing {
            match name {
                "details" => {
                    self.details_depth = self.details_depth.saturating_sub(1);
                    if self.question.as_ref().is_some_and(|(_, depth)| *depth == self.details_depth) {
                        let (resume, _) = self.question.take().expect("checked");
                        let question = std::mem::replace(&mut self.current, resume);
                        self.done.push(question);
                    }
                }
                "summary" => self.in_summary = false,
                _ => {}
            }
        } else if tag.self_closing || is_void(name) {
        } else if matches!(name, "script" | "style" | "svg" | "template" | "noscript")
            || tag.attr("aria-hidden") == Some("true")
            || tag.has_class("visually-hidden")
        {
            self.skip = Some((tag.name.clone(), 1));
            return;
        } else if name == "details" {
            if self.prepared.is_faq && !self.flat {
                let anchor = self.prepared.faq.get(self.faq_next).map(|q| q.anchor.clone());
                self.faq_next += 1;
                if let (None, Some(anchor)) = (&self.question, anchor) {
                    let outer = self.start(anchor);
                    self.question = Some((outer, self.details_depth));
                }
            }
            self.details_depth += 1;
        } else if name == "summary" && self.question.is_some() && self.current.1.heading.is_empty() {
            self.in_summary = true;
        }
        if !is_inline(name) {
            self.space();
        }
    }
}

/// Words a block shows besides its content (a tab's title, a file's name, an operation).
fn block_words(block: &GitBlock) -> Vec<String> {
    match block {
        GitBlock::Tab(tab) => vec![tab.title.clone()],
        GitBlock::File(file) => vec![file.name()],
        GitBlock::Embed(embed) => embed.title.clone().into_iter().collect(),
        GitBlock::Prompt(prompt) => prompt.description.clone().into_iter().collect(),
        GitBlock::Update(update) => {
            std::iter::once(format_date(&update.date, &update.format)).chain(update.tags.clone()).collect()
        }
        GitBlock::Api(Api::Reference { method, path, summary, described, .. }) => {
            use super::gitbook::openapi::Described;
            let mut words = vec![method.clone(), path.clone()];
            match described.as_deref() {
                Some(Described::Operation(operation)) => {
                    words.extend(operation.summary.clone());
                    words.extend(operation.description.clone());
                    for parameter in &operation.parameters {
                        words.push(parameter.name.clone());
                        words.extend(parameter.description.clone());
                    }
                }
                Some(Described::Schemas(schemas)) => words.extend(schemas.iter().map(|s| s.name.clone())),
                None => words.push(summary.clone()),
            }
            words
        }
        GitBlock::Api(Api::Operation { method, path, summary }) => vec![method.clone(), path.clone(), summary.clone()],
        GitBlock::Api(Api::Parameter { name, .. }) => vec![name.clone()],
        GitBlock::Api(Api::Response { status, description }) => vec![status.clone(), description.clone()],
        GitBlock::Api(Api::Part(_))
        | GitBlock::Hint(_)
        | GitBlock::Tabs
        | GitBlock::Stepper
        | GitBlock::Step
        | GitBlock::Columns
        | GitBlock::Column(_)
        | GitBlock::ContentRef(_)
        | GitBlock::Integration(_)
        | GitBlock::Code(_)
        | GitBlock::Updates
        | GitBlock::Transparent
        | GitBlock::Unknown(_) => Vec::new(),
    }
}

/// Appends a character, turning runs of white space into one space and leaving none at the
/// start.
fn push_collapsed(out: &mut String, c: char) {
    if c.is_whitespace() {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    } else {
        out.push(c);
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_follow_headings_and_questions() {
        let text = "# Page\n\nIntro &amp; more\n\n## First `step`\n\nOne  \ntwo\n\n<details>\n<summary>Why?</summary>\n\n### Inside\n\nBecause.\n\n</details>\n\nAfter <span class=\"visually-hidden\">hidden</span><svg><text>no</text></svg>\n\n#### Deep\n\n### Second\n\n<!-- <h2>no</h2> -->\n{% hint %}\nNote\n{% endhint %}\n";
        let scanned = super::super::blocks::tests::run(text);
        let document = super::super::build::build(&scanned);
        let outline = super::super::prepare::outline(&document, true);
        let prepared = Prepared { headings: outline.headings, faq: outline.faq, is_faq: true, ..Prepared::default() };
        let got = sections(&document, &prepared, &mut |_, _| None);
        let brief: Vec<(&str, &str, &str)> =
            got.iter().map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str())).collect();
        assert_eq!(
            brief,
            [
                ("", "", "Intro & more"),
                ("first-step", "First step", "One two After Deep"),
                ("why", "Why?", "Inside Because."),
                ("second", "Second", "Note"),
            ]
        );
    }
}
