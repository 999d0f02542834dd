//! Reads a scanned page into its [`Document`]: pulldown-cmark's events become elements and
//! leaves, the block scanner's markers become typed GitBook blocks with their content, and
//! raw HTML is split at markers (GitBook's HTML tables and code blocks become their own
//! nodes).
//!
//! Blocks and Markdown elements do not always nest (a block opened in a list item and closed
//! after it): whichever closes first also closes what was opened inside it, and the late end
//! of the other is ignored.

pub mod autolink;

use std::collections::HashSet;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::blocks::Scanned;
use super::cmark::{level_number, parser_options};
use super::doc::first_content;
use super::doc::{Align, CodeBlock, CodeBody, Document, Element, Node, NodeKind};
use super::gitbook::GitBlock;
use super::gitbook::hint::HintTitle;
use super::html::is_unknown_tag;
use super::marker::{self, Marker, MarkerKind};
use super::tables;

/// How deep elements and blocks nest in a document: deeper ones keep their content but not
/// their own element (no page needs more, and the writers walk the tree recursively).
pub const MAX_DEPTH: usize = 128;

/// Builds the document of a scanned page.
pub fn build(scanned: &Scanned) -> Document {
    let mut builder = Builder {
        scanned,
        stack: vec![Frame { kind: FrameKind::Root, offset: 0, children: Vec::new(), serial: 0 }],
        starts: Vec::new(),
        serials: 1,
        headings: 0,
        raw_anchor: false,
        not_linked: HashSet::new(),
    };
    let mut events = Parser::new_ext(&scanned.text, parser_options()).into_offset_iter().peekable();
    while let Some((event, range)) = events.next() {
        let offset = range.start;
        match event {
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Html(text) => html.push_str(&text),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                builder.html(&html, offset);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut text = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                builder.leaf(offset, NodeKind::CodeBlock(Box::new(CodeBlock::fenced(info, text))));
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let mut alt = String::new();
                let mut depth = 1;
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let image = NodeKind::Image { src: backslashes_encoded(&dest_url), title: title.to_string(), alt };
                builder.leaf(offset, image);
            }
            Event::Start(tag) => builder.start(tag, offset),
            Event::End(_) => builder.end(),
            Event::Text(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                builder.text(offset, text.into_string())
            }
            Event::Code(code) => builder.leaf(offset, NodeKind::Code(code.into_string())),
            Event::InlineHtml(html) if is_lone_mention(&html) && builder.stack.len() <= MAX_DEPTH => {
                builder.open(FrameKind::Mention(html.into_string()), offset);
            }
            Event::InlineHtml(html)
                if html.contains("</a>")
                    && matches!(builder.stack.last().map(|f| &f.kind), Some(FrameKind::Mention(_))) =>
            {
                builder.close_mention(html.into_string());
            }
            // A drawing or formula written inline is one fragment, up to its end tag in the
            // same paragraph: its tags and text come as separate events, and the rewriter
            // closes what a fragment leaves open.
            Event::InlineHtml(html) if foreign_start(&html).is_some() => {
                let name = foreign_start(&html).unwrap_or("svg");
                let mut end = range.end;
                let mut depth = 1;
                while depth > 0 {
                    let Some((next, range)) = events.peek() else { break };
                    match next {
                        Event::InlineHtml(tag) if foreign_start(tag) == Some(name) => depth += 1,
                        Event::InlineHtml(tag) if is_end_tag(tag, name) => depth -= 1,
                        Event::InlineHtml(_) | Event::Text(_) | Event::SoftBreak | Event::HardBreak => {}
                        _ => break,
                    }
                    end = range.end;
                    events.next();
                }
                builder.html(&scanned.text[range.start..end], offset);
            }
            // `<T>` in `List<T>` is text, as GitBook shows it.
            Event::InlineHtml(html) if is_unknown_tag(&html) => builder.text(offset, html.into_string()),
            Event::Html(html) | Event::InlineHtml(html) => builder.html(&html, offset),
            Event::FootnoteReference(name) => builder.leaf(offset, NodeKind::FootnoteReference(name.into_string())),
            Event::SoftBreak => builder.leaf(offset, NodeKind::SoftBreak),
            Event::HardBreak => builder.leaf(offset, NodeKind::HardBreak),
            Event::Rule => builder.leaf(offset, NodeKind::Rule),
            Event::TaskListMarker(done) => builder.leaf(offset, NodeKind::TaskListMarker(done)),
        }
    }
    while builder.stack.len() > 1 {
        builder.pop();
    }
    Document { nodes: builder.stack.pop().map(|root| root.children).unwrap_or_default() }
}

/// A destination with its backslashes percent-encoded, as CommonMark writes them: a browser
/// would read a bare backslash in a web address as `/`.
fn backslashes_encoded(dest: &str) -> String {
    dest.replace('\\', "%5C")
}

/// `svg` or `math` when `html` is the start tag of one (not closed in the tag itself).
fn foreign_start(html: &str) -> Option<&'static str> {
    let html = html.trim();
    let name = ["svg", "math"].into_iter().find(|name| {
        html.get(1..name.len() + 1).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && html.starts_with('<')
            && html[name.len() + 1..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
    })?;
    (!html.ends_with("/>")).then_some(name)
}

/// Whether `html` is the end tag `</name>`.
fn is_end_tag(html: &str, name: &str) -> bool {
    html.trim().strip_prefix("</").and_then(|rest| rest.get(..name.len())).is_some_and(|n| n.eq_ignore_ascii_case(name))
}

struct Frame {
    kind: FrameKind,
    offset: usize,
    children: Vec<Node>,
    /// Tells frames apart, so that a Markdown end finds the element its start opened.
    serial: usize,
}

enum FrameKind {
    Root,
    Element(Element),
    /// Block N of the page.
    Block(usize),
    /// A mention's start tag, waiting for its `</a>`.
    Mention(String),
}

struct Builder<'s> {
    scanned: &'s Scanned,
    stack: Vec<Frame>,
    /// The frame each open Markdown start made (none past [`MAX_DEPTH`]), in pulldown-cmark's
    /// (always nested) order.
    starts: Vec<Option<usize>>,
    serials: usize,
    /// Headings so far (their number links them to `Prepared::headings`).
    headings: usize,
    /// Inside a link written as raw HTML (`<a href=…>` without its `</a>` yet), in the
    /// current paragraph.
    raw_anchor: bool,
    /// Offsets of text inside links written as raw HTML: left as it is, never autolinked.
    not_linked: HashSet<usize>,
}

impl Builder<'_> {
    fn text(&mut self, offset: usize, text: String) {
        if self.raw_anchor {
            self.not_linked.insert(offset);
        }
        self.leaf(offset, NodeKind::Text(text));
    }

    fn leaf(&mut self, offset: usize, kind: NodeKind) {
        if let Some(top) = self.stack.last_mut() {
            top.children.push(Node::new(offset, kind));
        }
    }

    fn open(&mut self, kind: FrameKind, offset: usize) -> usize {
        let serial = self.serials;
        self.serials += 1;
        self.stack.push(Frame { kind, offset, children: Vec::new(), serial });
        serial
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        let element = match tag {
            Tag::Paragraph => Element::Paragraph,
            Tag::Heading { level, .. } => {
                self.headings += 1;
                Element::Heading { level: level_number(level), index: self.headings - 1 }
            }
            Tag::BlockQuote(_) => Element::BlockQuote,
            Tag::List(start) => Element::List(start),
            Tag::Item => Element::Item,
            Tag::FootnoteDefinition(name) => Element::FootnoteDefinition(name.into_string()),
            Tag::Table(alignments) => Element::Table(
                alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::None,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect(),
            ),
            Tag::TableHead => Element::TableHead,
            Tag::TableRow => Element::TableRow,
            Tag::TableCell => Element::TableCell,
            Tag::Emphasis => Element::Emphasis,
            Tag::Strong => Element::Strong,
            Tag::Strikethrough => Element::Strikethrough,
            Tag::Superscript => Element::Superscript,
            Tag::Subscript => Element::Subscript,
            Tag::Link { link_type, dest_url, title, .. } => Element::Link {
                dest: backslashes_encoded(&dest_url),
                title: title.into_string(),
                email: link_type == LinkType::Email,
            },
            _ => Element::Plain,
        };
        if self.stack.len() > MAX_DEPTH {
            self.starts.push(None);
            return;
        }
        let serial = self.open(FrameKind::Element(element), offset);
        self.starts.push(Some(serial));
    }

    /// A Markdown end: closes the element its start opened, if nothing closed it yet.
    fn end(&mut self) {
        let Some(Some(serial)) = self.starts.pop() else { return };
        if let Some(at) = self.stack.iter().rposition(|f| f.serial == serial) {
            while self.stack.len() > at {
                self.pop();
            }
        }
    }

    /// Closes the top frame into a node of its parent.
    fn pop(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        let kind = match frame.kind {
            FrameKind::Root => {
                self.stack.push(frame);
                return;
            }
            FrameKind::Element(element) => {
                if !matches!(
                    element,
                    Element::Emphasis
                        | Element::Strong
                        | Element::Strikethrough
                        | Element::Superscript
                        | Element::Subscript
                        | Element::Link { .. }
                ) {
                    self.raw_anchor = false;
                }
                let children = if self.in_link(&element) { frame.children } else { self.autolinks(frame.children) };
                NodeKind::Element(element, children)
            }
            FrameKind::Block(index) => self.block(index, frame.children),
            FrameKind::Mention(open) => NodeKind::Mention { open, close: String::new(), children: frame.children },
        };
        self.leaf(frame.offset, kind);
    }

    fn block(&self, index: usize, mut children: Vec<Node>) -> NodeKind {
        let blocks = &self.scanned.blocks;
        let Some(block) = blocks.get(index) else { return NodeKind::Element(Element::Plain, children) };
        let mut typed = GitBlock::from_block(block, blocks);
        match &mut typed {
            GitBlock::Hint(hint) => hint.title = hint_title(&children),
            GitBlock::Code(options) => {
                if let Some(code) = first_code_block(&mut children)
                    && matches!(code.body, CodeBody::Text(_))
                {
                    code.options = options.clone();
                }
            }
            _ => {}
        }
        NodeKind::Block(Box::new(typed), index, children)
    }

    /// Whether text in `element` (being closed) is inside a link already.
    fn in_link(&self, element: &Element) -> bool {
        let link = |kind: &FrameKind| matches!(kind, FrameKind::Mention(_) | FrameKind::Element(Element::Link { .. }));
        matches!(element, Element::Link { .. }) || self.stack.iter().any(|f| link(&f.kind))
    }

    /// Some content with the addresses in its text made links (GFM's autolinks): adjacent
    /// pieces of text are joined first (pulldown-cmark splits text at escapes and entities).
    fn autolinks(&self, children: Vec<Node>) -> Vec<Node> {
        let mut joined: Vec<Node> = Vec::with_capacity(children.len());
        for node in children {
            if let NodeKind::Text(text) = &node.kind
                && !self.not_linked.contains(&node.offset)
                && let Some(Node { kind: NodeKind::Text(previous), offset, .. }) = joined.last_mut()
                && !self.not_linked.contains(offset)
            {
                previous.push_str(text);
                continue;
            }
            joined.push(node);
        }
        let mut nodes = Vec::with_capacity(joined.len());
        for node in joined {
            let NodeKind::Text(text) = &node.kind else {
                nodes.push(node);
                continue;
            };
            let found = if self.not_linked.contains(&node.offset) { Vec::new() } else { autolink::find(text) };
            if found.is_empty() {
                nodes.push(node);
                continue;
            }
            let mut at = 0;
            for link in found {
                if link.range.start > at {
                    nodes.push(Node::new(node.offset + at, NodeKind::Text(text[at..link.range.start].to_string())));
                }
                let shown =
                    Node::new(node.offset + link.range.start, NodeKind::Text(text[link.range.clone()].to_string()));
                let element = Element::Link { dest: link.dest, title: String::new(), email: link.email };
                nodes.push(Node::new(node.offset + link.range.start, NodeKind::Element(element, vec![shown])));
                at = link.range.end;
            }
            if at < text.len() {
                nodes.push(Node::new(node.offset + at, NodeKind::Text(text[at..].to_string())));
            }
        }
        nodes
    }

    fn close_mention(&mut self, close: String) {
        if let Some(Frame { kind: FrameKind::Mention(open), offset, children, .. }) = self.stack.pop() {
            self.leaf(offset, NodeKind::Mention { open, close, children });
        }
    }

    /// Raw HTML: markers become blocks and formulas, the pieces between them HTML nodes.
    fn html(&mut self, html: &str, offset: usize) {
        let mut rest = html;
        while let Some(start) = rest.find("<!--") {
            let at = offset + (html.len() - rest.len());
            let Some((marker, length)) = marker::parse(&rest[start..]) else {
                let end = rest[start..].find("-->").map_or(rest.len(), |e| start + e + 3);
                self.fragment(&rest[..end], at);
                rest = &rest[end..];
                continue;
            };
            self.fragment(&rest[..start], at);
            let at = at + start;
            match marker {
                Marker::Math(index) => self.leaf(at, NodeKind::Math(index)),
                Marker::Block { block, kind: MarkerKind::Open } => {
                    if self.stack.len() <= MAX_DEPTH {
                        self.open(FrameKind::Block(block), at);
                    }
                }
                Marker::Block { block, kind: MarkerKind::SelfClosing } => {
                    let node = self.block(block, Vec::new());
                    self.leaf(at, node);
                }
                Marker::Block { block, kind: MarkerKind::Close } => {
                    if let Some(open) =
                        self.stack.iter().rposition(|f| matches!(f.kind, FrameKind::Block(b) if b == block))
                    {
                        while self.stack.len() > open {
                            self.pop();
                        }
                    }
                }
            }
            rest = &rest[start + length..];
        }
        self.fragment(rest, offset + (html.len() - rest.len()));
    }

    /// A piece of raw HTML without markers.
    fn fragment(&mut self, html: &str, offset: usize) {
        if html.is_empty() {
            return;
        }
        if !html.trim().is_empty() {
            if tables::is_gitbook_table(html)
                && let Some((before, table, after)) = tables::split_table(html)
            {
                self.fragment(before, offset);
                self.leaf(offset + before.len(), NodeKind::Table(Box::new(table)));
                self.fragment(after, offset + (html.len() - after.len()));
                return;
            }
            if html.trim_start().starts_with("<pre")
                && let Some((code, end)) = CodeBlock::from_html(html)
            {
                self.leaf(offset, NodeKind::CodeBlock(Box::new(code)));
                self.fragment(&html[end..], offset + end);
                return;
            }
        }
        if let Some(open) = raw_anchor_state(html) {
            self.raw_anchor = open;
        }
        self.leaf(offset, NodeKind::Html(html.to_string()));
    }
}

/// Whether raw HTML leaves a link open (`<a …>`) or closed (`</a>`), by its last such tag.
fn raw_anchor_state(html: &str) -> Option<bool> {
    let lower = html.to_ascii_lowercase();
    let open = lower
        .match_indices("<a")
        .filter(|(i, _)| lower[i + 2..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()));
    let last_open = open.map(|(i, _)| i).last();
    let last_close = lower.rfind("</a>").or_else(|| lower.rfind("</a "));
    match (last_open, last_close) {
        (None, None) => None,
        (Some(o), Some(c)) => Some(o > c),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
    }
}

/// A mention's start tag written alone (its text follows as Markdown).
fn is_lone_mention(html: &str) -> bool {
    html.contains("data-mention") && !html.contains("</a>") && html.trim_start().starts_with("<a")
}

/// What of a hint's first content is its title: a first paragraph that starts with bold
/// text ending the paragraph or its first line, or a heading. HTML before it is passed over.
fn hint_title(children: &[Node]) -> HintTitle {
    let first = first_content(children).map(|i| &children[i]);
    match first.map(|n| &n.kind) {
        Some(NodeKind::Element(Element::Heading { .. }, _)) => HintTitle::Heading,
        Some(NodeKind::Element(Element::Paragraph, content)) => {
            match (content.first().map(|n| &n.kind), content.get(1).map(|n| &n.kind)) {
                (Some(NodeKind::Element(Element::Strong, _)), None) => HintTitle::Paragraph,
                (Some(NodeKind::Element(Element::Strong, _)), Some(NodeKind::SoftBreak | NodeKind::HardBreak)) => {
                    HintTitle::FirstLine
                }
                _ => HintTitle::None,
            }
        }
        _ => HintTitle::None,
    }
}

/// The first code block in some content, in document order.
fn first_code_block(nodes: &mut [Node]) -> Option<&mut CodeBlock> {
    for node in nodes {
        match &mut node.kind {
            NodeKind::CodeBlock(code) => return Some(code),
            NodeKind::Element(_, children) | NodeKind::Block(_, _, children) => {
                if let Some(code) = first_code_block(children) {
                    return Some(code);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Document {
        build(&super::super::blocks::tests::run(text))
    }

    /// The tree as a short text: `Element(children)`, blocks by kind, leaves by kind.
    fn shape(nodes: &[Node]) -> String {
        let parts: Vec<String> = nodes
            .iter()
            .filter(|node| !matches!(&node.kind, NodeKind::Html(html) if html.trim().is_empty()))
            .map(|node| {
                let name = match &node.kind {
                    NodeKind::Element(element, _) => {
                        format!("{element:?}").split([' ', '(', '{']).next().unwrap_or("").to_string()
                    }
                    NodeKind::Block(block, _, _) => {
                        format!("{block:?}").split([' ', '(', '{']).next().unwrap_or("").to_string()
                    }
                    NodeKind::Text(text) => format!("{text:?}"),
                    NodeKind::Html(html) => format!("Html{:?}", html.trim()),
                    other => format!("{other:?}").split([' ', '(', '{']).next().unwrap_or("").to_string(),
                };
                match node.children() {
                    [] => name,
                    children => format!("{name}({})", shape(children)),
                }
            })
            .collect();
        parts.join(" ")
    }

    #[test]
    fn blocks_hold_their_content() {
        let doc = document("# T\n\n{% hint style=\"danger\" %}\n**Careful**\nRest\n{% endhint %}\n\nAfter\n");
        assert_eq!(
            shape(&doc.nodes),
            "Heading(\"T\") Hint(Paragraph(Strong(\"Careful\") SoftBreak \"Rest\")) Paragraph(\"After\")"
        );
        let NodeKind::Block(block, _, _) = &doc.nodes[1].kind else { panic!() };
        let GitBlock::Hint(hint) = &**block else { panic!() };
        assert_eq!((hint.style, hint.title), ("danger", HintTitle::FirstLine));
    }

    #[test]
    fn code_options_go_to_the_code_inside() {
        let doc = document(
            "{% code title=\"run.sh\" lineNumbers=\"true\" %}\n```sh\nls\n```\n{% endcode %}\n\n```\nplain\n```\n",
        );
        let codes: Vec<&CodeBlock> = doc
            .nodes
            .iter()
            .flat_map(|n| std::iter::once(n).chain(n.children()))
            .filter_map(|n| match &n.kind {
                NodeKind::CodeBlock(code) => Some(&**code),
                _ => None,
            })
            .collect();
        assert_eq!(codes.len(), 2);
        assert_eq!(
            (codes[0].language.as_str(), codes[0].options.title.as_deref(), codes[0].options.line_numbers),
            ("sh", Some("run.sh"), true)
        );
        assert_eq!(codes[1].options, Default::default());
    }

    #[test]
    fn a_block_closed_outside_its_list_item_ends_with_it() {
        // The hint opens in the item and its end tag comes after the list: the item's end
        // closes the hint, the late end tag is ignored, and nothing is lost.
        let doc = document("- item\n\n  {% hint %}\n  inside\n\n{% endhint %}\n\nafter\n");
        assert_eq!(
            shape(&doc.nodes),
            "List(Item(Paragraph(\"item\") Hint(Paragraph(\"inside\")))) Paragraph(\"after\")"
        );
    }

    #[test]
    fn nesting_is_capped() {
        let deep = MAX_DEPTH * 3;
        let doc = document(&format!("{}x\n", "> ".repeat(deep)));
        fn depth(nodes: &[Node]) -> usize {
            nodes.iter().map(|n| 1 + depth(n.children())).max().unwrap_or(0)
        }
        assert!(depth(&doc.nodes) <= MAX_DEPTH + 2, "{}", depth(&doc.nodes));
        assert!(shape(&doc.nodes).contains("\"x\""));
    }

    #[test]
    fn html_is_split_at_markers_and_tables_and_mentions_are_nodes() {
        let doc = document(
            "<div>\n\n{% hint %}\nx\n{% endhint %}\n\n</div>\n\n<table data-view=\"cards\"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>\n\nSee <a data-mention href=\"a.md\">a</a>.\n",
        );
        assert_eq!(
            shape(&doc.nodes),
            "Html\"<div>\" Hint(Paragraph(\"x\")) Html\"</div>\" Table Paragraph(\"See \" Mention(\"a\") \".\")"
        );
    }

    #[test]
    fn addresses_in_text_become_links_outside_links_and_code() {
        let doc = document(
            "See www.example.org, a@b.example and https://example.org/a_(b).\n\n[www.x.org](https://y.org) `www.x.org` <a href=\"https://z.org\">https://z.org</a> **www.x.org**\n",
        );
        assert_eq!(
            shape(&doc.nodes),
            "Paragraph(\"See \" Link(\"www.example.org\") \", \" Link(\"a@b.example\") \" and \" Link(\"https://example.org/a_(b)\") \".\") \
             Paragraph(Link(\"www.x.org\") \" \" Code \" \" Html\"<a href=\\\"https://z.org\\\">\" \"https://z.org\" Html\"</a>\" \" \" Strong(Link(\"www.x.org\")))"
        );
    }
}
