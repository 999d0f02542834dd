//! The typst writer: walks a page's [`Document`] and writes it as typst markup, for the PDF.
//!
//! Escaping is the security boundary: page text only ever reaches the output through
//! [`markup`] (a string literal shown as text, `#"...";`, white space as one space) or
//! [`string`] (a typst string literal); nothing a page says becomes typst code. Everything
//! else the writer emits is its own fixed text: calls of the functions the book's preamble
//! defines (`nk-*`, see `pdf/book.rs`), colours from a fixed table, numbers.
//!
//! Links between pages become `nk-link` calls naming a label (`p<page>` for a page,
//! `p<page>-h<heading>` for a heading); the preamble turns a label the book does not hold
//! into plain text, so a link to a page left out of the PDF never breaks it. Images are
//! named by a key the PDF's file system serves (`/f/<kit path>` for a kit file, `/d/...` for
//! a diagram drawn here); the preamble shows the alt text for one that cannot be read.
//!
//! Every bracket the writer opens is a [`Frame`]: closing an element closes what raw HTML
//! left open inside it, and an HTML end tag closes only the frame it opened, so unbalanced
//! HTML can never unbalance the typst source.
//!
//! The matches over [`NodeKind`], [`Element`] and [`GitBlock`] (and `Api` in `api.rs`) list
//! every variant on purpose, with no `_ =>` arm: a new kind of node or block does not compile
//! until the PDF says what it writes for it (tests/it/exhaustive.rs).

use std::collections::{BTreeSet, HashMap, HashSet};

use neokit_core::address::SiteAddress;
use neokit_core::htmltext::decode_entities;
use neokit_core::paths::{self, RelPath};
use neokit_core::qr;
use neokit_document::links::{PageId, Target};
use neokit_document::markdown::doc::{self, Align, CodeBlock, CodeBody, Document, Element, Node, NodeKind};
use neokit_document::markdown::gitbook::GitBlock;
use neokit_document::markdown::gitbook::media::File;
use neokit_document::markdown::out::Out;
use neokit_document::markdown::tables::{self, Table};
use neokit_document::markdown::tokens::{self, Tag, Token};
use neokit_document::markdown::write::HeadingLevels;
use neokit_document::markdown::{destinations, diagrams, headings};

pub mod api;
pub mod math;

/// Lists, quotes and blocks nested deeper than this are written as their content alone.
const MAX_NESTING: usize = 12;

/// What the PDF needs to know besides the page.
#[derive(Debug, Clone, Copy)]
pub struct TypstOptions<'s> {
    /// The level of the page's own heading in the book; its `##` headings come one below.
    pub level: u8,
    /// The site's address, for files offered for download (absolute links and QR codes).
    pub base_url: Option<&'s SiteAddress>,
}

/// One page as typst markup, with what the book needs around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypstPage {
    pub body: String,
    /// Labels the body defines (its headings).
    pub labels: Vec<String>,
    /// Labels the body links to.
    pub targets: BTreeSet<String>,
    /// Images the body shows, by key.
    pub images: Vec<(String, PdfImage)>,
    /// Icons the body shows (by name, see `neokit_core::icons`).
    pub icons: BTreeSet<&'static str>,
    /// How many footnotes the body has (a book laid out in parts numbers them on).
    pub footnotes: usize,
    /// How many formulas it typesets (as typst math rather than LaTeX source).
    pub formulas: usize,
    /// The deepest level of heading the body has in the book (0 when it has none).
    pub deepest: u8,
    /// The page's cover image (front matter `cover`, unless the page's layout hides it), by
    /// key: the book shows it above the page's title, as the site does.
    pub cover: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PdfImage {
    /// A file of the kit.
    File(RelPath),
    /// An SVG drawn while writing (a diagram, a QR code).
    Svg(String),
}

/// The label of a page, and of a heading on it.
pub fn page_label(page: PageId) -> String {
    format!("p{page}")
}

pub fn heading_label(page: PageId, heading: usize) -> String {
    format!("p{page}-h{heading}")
}

/// Text as typst markup: a string literal shown as text (`#"...";`), so nothing in it is read
/// as markup or code, and a run of text is one piece of text for typst to lay out. White space
/// runs become one space (as in HTML); control characters are left out.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    markup_into(&mut out, text);
    out
}

pub fn markup_into(out: &mut String, text: &str) {
    let shown = text.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    // White space around the text stays markup space, which typst drops at the start and
    // end of a paragraph; inside a string it would be a character of the text.
    let start = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || c.is_control()).len();
    if text[..start].contains(char::is_whitespace) {
        out.push(' ');
    }
    if !shown.is_empty() {
        out.push_str("#\"");
        let mut space = false;
        for c in shown.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if c.is_control() {
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            push_string_char(out, c);
        }
        // The semicolon ends the expression: text after it is never read as a field or a call.
        out.push_str("\";");
        if text[start + shown.len()..].contains(char::is_whitespace) {
            out.push(' ');
        }
    }
}

fn push_string_char(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// Text as a typst string literal, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        push_string_char(&mut out, c);
    }
    out.push('"');
    out
}

/// Writes a page's document as typst markup. Problems are the HTML writer's to report: the
/// `out` given here is thrown away.
pub fn write(document: &Document, out: &mut Out, options: TypstOptions) -> TypstPage {
    let mut footnotes = HashMap::new();
    collect_footnotes(&document.nodes, &mut footnotes);
    let mut writer = TypstWriter {
        page: out.env.page,
        title_index: out.prepared.headings.iter().position(|h| h.level == 1),
        out,
        options,
        buf: String::with_capacity(document.nodes.len() * 64),
        frames: Vec::new(),
        result: TypstPage::default(),
        heading_levels: HeadingLevels::default(),
        footnotes,
        in_footnote: HashSet::new(),
        steps: Vec::new(),
        images_seen: HashSet::new(),
        drawn: 0,
    };
    writer.cover();
    writer.nodes(&document.nodes, At::default());
    writer.close_all();
    let mut result = writer.result;
    result.body = writer.buf;
    result
}

fn collect_footnotes<'d>(nodes: &'d [Node], into: &mut HashMap<String, &'d [Node]>) {
    for node in nodes {
        if let NodeKind::Element(Element::FootnoteDefinition(name), children) = &node.kind {
            into.entry(name.clone()).or_insert(children);
        }
        collect_footnotes(node.children(), into);
    }
}

/// An open bracket of the output.
#[derive(Debug, Clone, PartialEq)]
enum Frame {
    /// Opened for a node of the document; closed when the node ends.
    Element,
    /// A boundary without a bracket (a paragraph): raw HTML left open inside closes with it.
    Boundary,
    /// Opened by a raw HTML start tag (its name).
    Html(String),
}

#[derive(Clone, Copy, Default)]
struct At {
    heading: bool,
    footnote: bool,
}

struct TypstWriter<'w, 'a, 'd> {
    out: &'w mut Out<'a>,
    page: PageId,
    options: TypstOptions<'w>,
    title_index: Option<usize>,
    buf: String,
    frames: Vec<Frame>,
    result: TypstPage,
    heading_levels: HeadingLevels,
    footnotes: HashMap<String, &'d [Node]>,
    in_footnote: HashSet<String>,
    /// The next step number of each stepper being written.
    steps: Vec<usize>,
    images_seen: HashSet<String>,
    /// SVGs drawn on this page so far (diagrams, QR codes), for their keys.
    drawn: usize,
}

impl<'d> TypstWriter<'_, '_, 'd> {
    fn push(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    fn text(&mut self, text: &str) {
        markup_into(&mut self.buf, &without_emoji(text));
    }

    /// Writes `opening` (which ends with `[`) and remembers the bracket. Deeper than typst
    /// lays out, the content is written without it.
    fn open(&mut self, opening: &str) {
        if self.frames.len() >= MAX_NESTING {
            return self.frames.push(Frame::Boundary);
        }
        self.buf.push_str(opening);
        self.frames.push(Frame::Element);
    }

    fn boundary(&mut self) {
        self.frames.push(Frame::Boundary);
    }

    /// Closes the innermost element frame (or boundary), and what HTML left open inside it.
    fn close(&mut self) {
        while let Some(frame) = self.frames.pop() {
            match frame {
                Frame::Html(_) => self.buf.push(']'),
                Frame::Element => {
                    self.buf.push(']');
                    return;
                }
                Frame::Boundary => return,
            }
        }
    }

    fn close_all(&mut self) {
        while !self.frames.is_empty() {
            self.close();
        }
    }

    fn nodes(&mut self, nodes: &'d [Node], at: At) {
        let mut i = 0;
        while i < nodes.len() {
            // Text split by the Markdown reader (at `*`, `[` ...) is one piece of text again.
            if let NodeKind::Text(first) = &nodes[i].kind
                && matches!(nodes.get(i + 1).map(|n| &n.kind), Some(NodeKind::Text(_)))
            {
                let mut run = first.clone();
                while let Some(NodeKind::Text(more)) = nodes.get(i + 1).map(|n| &n.kind) {
                    run.push_str(more);
                    i += 1;
                }
                self.text(&run);
            } else {
                self.node(&nodes[i], at);
            }
            i += 1;
        }
    }

    fn node(&mut self, node: &'d Node, at: At) {
        self.out.offset = node.offset;
        // Deeper than typst lays out (its show rules have a depth limit): content only.
        if self.frames.len() >= MAX_NESTING
            && let NodeKind::Element(Element::List(_) | Element::BlockQuote | Element::Item, children)
            | NodeKind::Block(_, _, children) = &node.kind
        {
            self.push(" ");
            return self.nodes(children, at);
        }
        match &node.kind {
            NodeKind::Element(element, children) => self.element(element, children, at),
            NodeKind::Block(block, _, children) => self.block(block, children, at),
            NodeKind::Text(text) => self.text(text),
            NodeKind::Code(code) => {
                let code = format!("#raw({})", string(code));
                self.push(&code);
            }
            NodeKind::Html(html) => self.html(html, at),
            NodeKind::Mention { open, children, .. } => {
                let href = headings::attribute(open, "href").unwrap_or_default();
                let (_, target) = self.out.resolve_quietly(&href);
                match self.out.target_title(&target) {
                    Some(title) => {
                        self.link_open(&target, &href, at);
                        self.text(&title);
                        self.close();
                    }
                    None => self.nodes(children, at),
                }
            }
            NodeKind::SoftBreak => self.push(" "),
            NodeKind::HardBreak => self.push("#linebreak()"),
            NodeKind::Rule => self.push("\n#nk-rule()\n\n"),
            NodeKind::TaskListMarker(done) => self.push(if *done { "☒ " } else { "☐ " }),
            NodeKind::FootnoteReference(name) => self.footnote(name, at),
            NodeKind::CodeBlock(block) => self.code_block(block),
            NodeKind::Image { src, alt, .. } => self.image(src, alt),
            NodeKind::Math(index) => {
                if let Some(math) = self.out.prepared.scanned.math.get(*index) {
                    let converted = math::convert(&math.latex);
                    self.result.formulas += usize::from(converted.is_some());
                    let typeset = converted.map_or_else(|| "none".to_string(), |m| string(&m));
                    let call = format!("#nk-math({}, {}, {typeset})", string(&math.latex), math.display);
                    self.push(&call);
                }
            }
            NodeKind::Table(table) if table.is_cards() => self.cards(table),
            NodeKind::Table(table) => self.html_table(table),
        }
    }

    fn element(&mut self, element: &Element, children: &'d [Node], at: At) {
        match element {
            Element::Paragraph | Element::Plain => {
                self.boundary();
                self.nodes(children, at);
                self.close();
                self.push("\n\n");
            }
            Element::Heading { level, index } => self.heading(*level, *index, children, at),
            Element::BlockQuote => self.wrapped("#quote(block: true)[", children, at, "\n"),
            Element::List(start) => {
                let items: Vec<&'d Node> =
                    children.iter().filter(|n| matches!(n.kind, NodeKind::Element(Element::Item, _))).collect();
                match start {
                    Some(start) => self.push(&format!("#enum(start: {start}")),
                    None => self.push("#list("),
                }
                for (i, item) in items.into_iter().enumerate() {
                    self.push(if i == 0 && start.is_none() { "[" } else { ", [" });
                    self.frames.push(Frame::Element);
                    self.nodes(item.children(), at);
                    self.close();
                }
                self.push(")\n\n");
            }
            // Items are written by their list.
            Element::Item => self.nodes(children, at),
            // Written where they are referenced.
            Element::FootnoteDefinition(_) => {}
            Element::Table(alignments) => self.table(alignments, children, at),
            Element::TableHead | Element::TableRow | Element::TableCell => self.nodes(children, at),
            Element::Emphasis => self.wrapped("#emph[", children, at, ""),
            Element::Strong => self.wrapped("#strong[", children, at, ""),
            Element::Strikethrough => self.wrapped("#strike[", children, at, ""),
            Element::Superscript => self.wrapped("#super[", children, at, ""),
            Element::Subscript => self.wrapped("#sub[", children, at, ""),
            Element::Link { dest, title, email } => {
                let dest = if *email { format!("mailto:{dest}") } else { dest.clone() };
                if destinations::is_lost(&dest) || dest.trim().is_empty() {
                    return self.nodes(children, at);
                }
                let (_, target) = self.out.resolve_quietly(&dest);
                if title == "mention"
                    && let Some(text) = self.out.target_title(&target)
                {
                    self.link_open(&target, &dest, at);
                    self.text(&text);
                    return self.close();
                }
                let shown = doc::plain_text(children);
                self.link_open(&target, &dest, at);
                self.nodes(children, at);
                self.close();
                self.external_note(&target, &dest, &shown, at);
            }
        }
    }

    /// Text in an element: `opening` (which ends with `[`), the text, the closing bracket.
    fn text_in(&mut self, opening: &str, text: &str) {
        self.open(opening);
        self.text(text);
        self.close();
    }

    fn wrapped(&mut self, opening: &str, children: &'d [Node], at: At, after: &str) {
        self.open(opening);
        self.nodes(children, at);
        self.close();
        self.push(after);
    }

    fn heading(&mut self, level: u8, index: usize, children: &'d [Node], at: At) {
        if Some(index) == self.title_index {
            return;
        }
        let shown = self.heading_levels.shown(level);
        let level = (self.options.level + shown - 1).min(12);
        self.result.deepest = self.result.deepest.max(level);
        self.push("\n");
        self.open(&format!("#heading(level: {level}, outlined: false, bookmarked: true)["));
        self.nodes(children, At { heading: true, ..at });
        self.close();
        let label = heading_label(self.page, index);
        self.push(&format!(" <{label}>\n\n"));
        self.result.labels.push(label);
    }

    /// Opens a link to `target` (closed by [`Self::close`]): a label in the book, a web
    /// address, or nothing but a frame for a destination that leads nowhere.
    fn link_open(&mut self, target: &Target, dest: &str, at: At) {
        let site = self.out.env.site;
        match target {
            Target::Page { page, anchor, .. } => {
                let label = anchor
                    .as_deref()
                    .and_then(|anchor| site.heading_index(*page, anchor))
                    .map_or_else(|| page_label(*page), |h| heading_label(*page, h));
                self.label_link(label);
            }
            Target::Fragment { anchor, .. } => {
                let label = site
                    .heading_index(self.page, anchor)
                    .map_or_else(|| page_label(self.page), |h| heading_label(self.page, h));
                self.label_link(label);
            }
            Target::External { .. } if !at.heading && followable(dest) => {
                self.open(&format!("#link({})[", string(dest.trim())));
            }
            Target::File { path } if !at.heading => {
                let url = self.file_url(path);
                self.open(&format!("#link({})[", string(&url)));
            }
            _ => self.open("#["),
        }
    }

    /// Opens a link to a label of the book.
    fn label_link(&mut self, label: String) {
        self.open(&format!("#nk-link({})[", string(&label)));
        self.result.targets.insert(label);
    }

    /// After a link to another site: its address as a footnote, unless the text shows it.
    fn external_note(&mut self, target: &Target, dest: &str, shown: &str, at: At) {
        if at.heading || at.footnote {
            return;
        }
        let url = match target {
            Target::External { .. } if followable(dest) => dest.trim().to_string(),
            Target::File { path } => self.file_url(path),
            _ => return,
        };
        let bare = url.trim_start_matches("mailto:").trim_start_matches("tel:");
        if shown.trim() == bare || shown.trim() == url {
            return;
        }
        let note = format!("#footnote[#link({})[{}]]", string(&url), markup(bare));
        self.push(&note);
        self.result.footnotes += 1;
    }

    /// Where a kit file is published: its address with `base_url`, else its path in the site.
    fn file_url(&self, path: &RelPath) -> String {
        let output = self.out.env.site.file_output(path);
        match self.options.base_url {
            Some(base) => base.join(&output),
            None => paths::href("", &output),
        }
    }

    fn footnote(&mut self, name: &str, at: At) {
        let Some(content) = self.footnotes.get(name).copied() else {
            return self.text(&format!("[^{name}]"));
        };
        if at.heading || !self.in_footnote.insert(name.to_string()) {
            return;
        }
        self.open("#footnote[");
        self.result.footnotes += 1;
        for node in content {
            // A footnote's paragraphs run together: typst's footnotes are one paragraph.
            match &node.kind {
                NodeKind::Element(Element::Paragraph, children) => {
                    self.nodes(children, At { footnote: true, ..at });
                    self.push(" ");
                }
                NodeKind::Element(
                    Element::Heading { .. }
                    | Element::BlockQuote
                    | Element::List(_)
                    | Element::Item
                    | Element::FootnoteDefinition(_)
                    | Element::Table(_)
                    | Element::TableHead
                    | Element::TableRow
                    | Element::TableCell
                    | Element::Emphasis
                    | Element::Strong
                    | Element::Strikethrough
                    | Element::Superscript
                    | Element::Subscript
                    | Element::Link { .. }
                    | Element::Plain,
                    _,
                )
                | NodeKind::Block(..)
                | NodeKind::Text(_)
                | NodeKind::Code(_)
                | NodeKind::Html(_)
                | NodeKind::Mention { .. }
                | NodeKind::SoftBreak
                | NodeKind::HardBreak
                | NodeKind::Rule
                | NodeKind::TaskListMarker(_)
                | NodeKind::FootnoteReference(_)
                | NodeKind::CodeBlock(_)
                | NodeKind::Image { .. }
                | NodeKind::Math(_)
                | NodeKind::Table(_) => self.node(node, At { footnote: true, ..at }),
            }
        }
        self.close();
        self.in_footnote.remove(name);
    }

    fn table(&mut self, alignments: &[Align], children: &'d [Node], at: At) {
        let columns = alignments.len().max(1);
        let align: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Align::Center => "center",
                Align::Right => "right",
                _ => "left",
            })
            .collect();
        self.push(&format!("#nk-table(columns: {columns}, align: ({},)", align.join(", ")));
        for row in children {
            let (head, cells) = match &row.kind {
                NodeKind::Element(Element::TableHead, cells) => (true, cells),
                NodeKind::Element(Element::TableRow, cells) => (false, cells),
                // A Markdown table holds its head and rows only.
                NodeKind::Element(
                    Element::Paragraph
                    | Element::Heading { .. }
                    | Element::BlockQuote
                    | Element::List(_)
                    | Element::Item
                    | Element::FootnoteDefinition(_)
                    | Element::Table(_)
                    | Element::TableCell
                    | Element::Emphasis
                    | Element::Strong
                    | Element::Strikethrough
                    | Element::Superscript
                    | Element::Subscript
                    | Element::Link { .. }
                    | Element::Plain,
                    _,
                )
                | NodeKind::Block(..)
                | NodeKind::Text(_)
                | NodeKind::Code(_)
                | NodeKind::Html(_)
                | NodeKind::Mention { .. }
                | NodeKind::SoftBreak
                | NodeKind::HardBreak
                | NodeKind::Rule
                | NodeKind::TaskListMarker(_)
                | NodeKind::FootnoteReference(_)
                | NodeKind::CodeBlock(_)
                | NodeKind::Image { .. }
                | NodeKind::Math(_)
                | NodeKind::Table(_) => continue,
            };
            self.table_row(head, columns, |writer, column| {
                if let Some(cell) = cells.get(column) {
                    writer.nodes(cell.children(), at);
                }
            });
        }
        self.push(")\n\n");
    }

    /// One row of a table: `cells` cells, each written by `write` in a frame of its own; a
    /// header row repeats on every page.
    fn table_row(&mut self, head: bool, cells: usize, mut write: impl FnMut(&mut Self, usize)) {
        if head {
            self.push(", table.header(repeat: true");
        }
        for cell in 0..cells {
            self.push(", [");
            self.frames.push(Frame::Element);
            write(self, cell);
            self.close();
        }
        if head {
            self.push(")");
        }
    }

    fn block(&mut self, block: &'d GitBlock, children: &'d [Node], at: At) {
        match block {
            GitBlock::Hint(hint) => {
                self.result.icons.insert(hint.icon);
                let label = hint.label(self.out.env.text);
                self.open(&format!("#nk-hint({}, {}, {})[", string(hint.style), string(hint.icon), string(label)));
                self.nodes(children, at);
                self.close();
                self.push("\n\n");
            }
            GitBlock::Tab(tab) => {
                self.open(&format!("#nk-section({})[", string(&tab.title)));
                self.nodes(children, at);
                self.close();
                self.push("\n\n");
            }
            GitBlock::Stepper => {
                self.steps.push(1);
                self.nodes(children, at);
                self.steps.pop();
            }
            GitBlock::Step => {
                let number = self.steps.last().copied().unwrap_or(1);
                if let Some(next) = self.steps.last_mut() {
                    *next += 1;
                }
                self.open(&format!("#nk-step({number})["));
                self.nodes(children, at);
                self.close();
                self.push("\n\n");
            }
            GitBlock::ContentRef(dest) => {
                let (_, target) = self.out.resolve_quietly(dest);
                let title = self.out.target_title(&target).unwrap_or_else(|| dest.clone());
                let description = match &target {
                    Target::Page { page, .. } => self.out.env.site.page_description(*page).map(str::to_string),
                    _ => None,
                };
                self.result.icons.insert("page");
                self.push("#nk-card(");
                self.push(&string("page"));
                self.push(")[");
                self.frames.push(Frame::Element);
                self.link_open(&target, dest, at);
                self.text_in("#strong[", &title);
                self.close();
                if let Some(description) = description {
                    self.push("#linebreak()");
                    self.text(&description);
                }
                self.close();
                self.push("\n\n");
            }
            GitBlock::Embed(embed) => {
                self.result.icons.insert("link");
                self.open(&format!("#nk-card({})[", string("link")));
                self.text_in("#strong[", &embed.card_title());
                self.push("#linebreak()");
                let details = embed.details();
                if !details.is_empty() {
                    self.text_in("#emph[", &details);
                    self.push("#linebreak()");
                }
                self.push(&address(&embed.url));
                if !children.is_empty() {
                    self.push("#linebreak()");
                    self.nodes(children, at);
                }
                self.close();
                self.push("\n\n");
            }
            GitBlock::File(file) => self.file(file, children, at),
            GitBlock::Integration(integration) => {
                self.result.icons.insert("link");
                self.open(&format!("#nk-card({})[", string("link")));
                self.text(&integration.kind);
                self.push(": ");
                self.push(&address(&integration.url));
                self.close();
                self.push("\n\n");
            }
            GitBlock::Update(update) => {
                self.open(&format!("#nk-section({})[", string(&update.date)));
                self.nodes(children, at);
                self.close();
                self.push("\n\n");
            }
            GitBlock::Api(api) => self.api(api, children, at),
            GitBlock::Prompt(_) => self.wrapped("#nk-box[", children, at, "\n\n"),
            GitBlock::Tabs
            | GitBlock::Columns
            | GitBlock::Column(_)
            | GitBlock::Updates
            | GitBlock::Code(_)
            | GitBlock::Transparent
            | GitBlock::Unknown(_) => self.nodes(children, at),
        }
    }

    fn file(&mut self, file: &File, caption: &'d [Node], at: At) {
        let (_, target) = self.out.resolve_quietly(&file.src);
        let name = file.name();
        self.result.icons.insert("file");
        let (url, qr) = match &target {
            Target::File { path } => {
                let url = self.file_url(path);
                let qr = self.options.base_url.and_then(|_| qr::svg(&url, &url));
                (Some(url), qr)
            }
            Target::External { .. } if followable(&file.src) => (Some(file.src.trim().to_string()), None),
            _ => (None, None),
        };
        let qr_key = qr.map(|svg| {
            let key = format!("/q/{}-{}.svg", self.page, self.drawn);
            self.drawn += 1;
            self.add_image(&key, PdfImage::Svg(svg));
            key
        });
        self.push(&format!(
            "#nk-file({}, {}, {})[",
            string(&name),
            url.as_deref().map_or("none".into(), string),
            qr_key.as_deref().map_or("none".into(), string)
        ));
        self.frames.push(Frame::Element);
        self.nodes(caption, at);
        self.close();
        self.push("\n\n");
    }

    fn add_image(&mut self, key: &str, image: PdfImage) {
        if self.images_seen.insert(key.to_string()) {
            self.result.images.push((key.to_string(), image));
        }
    }

    /// The page's cover image, when it is a file of the kit (one on another site is never
    /// fetched, and the site does not show it either).
    fn cover(&mut self) {
        let front = &self.out.prepared.front;
        let Some(cover) = front.cover.clone().filter(|c| front.layout.cover && !destinations::is_lost(c)) else {
            return;
        };
        if let (_, Target::File { path }) = self.out.resolve_quietly(&cover) {
            let key = format!("/f/{}", path.as_str());
            self.add_image(&key, PdfImage::File(path));
            self.result.cover = Some(key);
        }
    }

    fn image(&mut self, src: &str, alt: &str) {
        if destinations::is_lost(src) {
            return;
        }
        let (_, target) = self.out.resolve_quietly(src);
        match target {
            Target::File { path } => {
                let key = format!("/f/{}", path.as_str());
                self.add_image(&key, PdfImage::File(path));
                // At the top of the page the text's width is known; inside a box, typst
                // measures the room.
                let function = if self.frames.contains(&Frame::Element) { "nk-image-fit" } else { "nk-image" };
                let call = format!("#{function}({}, {})", string(&key), string(alt.trim()));
                self.push(&call);
            }
            // Never fetched: the alt text and where the image is.
            _ => {
                let call = format!("#nk-missing-image({}, {})", string(alt.trim()), string(src.trim()));
                self.push(&call);
            }
        }
    }

    fn code_block(&mut self, block: &CodeBlock) {
        let title = block.options.title.as_deref().filter(|t| !t.is_empty());
        if let (CodeBody::Text(source), "mermaid") = (&block.body, block.language.as_str())
            && let Ok(diagram) = diagrams::render(source, "d-")
        {
            let key = format!("/d/{}-{}.svg", self.page, self.drawn);
            self.drawn += 1;
            let alt = diagram.title.clone().unwrap_or_else(|| self.out.env.text.diagram.to_string());
            self.add_image(&key, PdfImage::Svg(diagram.svg));
            let call = format!("#nk-image({}, {})\n\n", string(&key), string(&alt));
            return self.push(&call);
        }
        let code = match &block.body {
            CodeBody::Text(text) => text.strip_suffix('\n').unwrap_or(text).to_string(),
            CodeBody::HtmlLines(lines) => lines.iter().map(|l| strip_tags(l)).collect::<Vec<_>>().join("\n"),
        };
        let call = format!(
            "#nk-code({}, {}, {})\n\n",
            title.map_or("none".into(), string),
            string(&block.language),
            string(&code)
        );
        self.push(&call);
    }

    /// A GitBook table written as HTML: its visible columns, cells as HTML.
    fn html_table(&mut self, table: &Table) {
        let visible: Vec<usize> = (0..table.head.len()).filter(|&i| !table.head[i].has("data-hidden")).collect();
        let columns: Vec<usize> = if visible.is_empty() {
            (0..table.rows.iter().map(Vec::len).max().unwrap_or(1)).collect()
        } else {
            visible
        };
        self.push(&format!("#nk-table(columns: {}, align: left", columns.len().max(1)));
        let header = !table.has("data-header-hidden") && !table.head.is_empty();
        let rows = header.then_some(&table.head).into_iter().chain(table.rows.iter());
        for (i, row) in rows.enumerate() {
            let head = header && i == 0;
            self.table_row(head, columns.len(), |writer, n| {
                if let Some(cell) = row.get(columns[n]) {
                    let html = if head { tables::strip_select(&cell.html) } else { cell.html.clone() };
                    writer.html(&html, At::default());
                }
            });
        }
        self.push(")\n\n");
    }

    /// A card table as a grid of cards.
    fn cards(&mut self, table: &Table) {
        let target_column = table.column_with("data-card-target");
        let cover_column = table.column_with("data-card-cover");
        let dark_column = table.column_with("data-card-cover-dark");
        let special = [target_column, cover_column, dark_column];
        let large = table.attr("data-card-size") == Some("large");
        self.push(&format!("#nk-cards({}", if large { 2 } else { 3 }));
        for row in &table.rows {
            let url = |column: Option<usize>| {
                let cell = row.get(column?)?;
                let (attrs, _) = tables::first_tag_with(&cell.html, &["href", "src"])?;
                tables::attr(&attrs, "href").or(tables::attr(&attrs, "src")).map(str::to_string)
            };
            let target = url(target_column).map(|dest| {
                let (_, target) = self.out.resolve_quietly(&dest);
                (dest, target)
            });
            let cover = url(cover_column).and_then(|dest| match self.out.resolve_quietly(&dest).1 {
                Target::File { path } => {
                    let key = format!("/f/{}", path.as_str());
                    self.add_image(&key, PdfImage::File(path));
                    Some(key)
                }
                _ => None,
            });
            let text: String = row.iter().map(|c| c.html.as_str()).collect();
            let verdict = match (text.contains("color:green"), text.contains("color:red")) {
                (true, false) => Some(("check", self.out.env.text.do_label)),
                (false, true) => Some(("cross", self.out.env.text.dont_label)),
                _ => None,
            };
            self.push(&format!(", nk-grid-card(cover: {}, verdict: ", cover.as_deref().map_or("none".into(), string)));
            match verdict {
                Some((icon, label)) => {
                    self.result.icons.insert(icon);
                    self.push(&format!("({}, {})", string(icon), string(label)));
                }
                None => self.push("none"),
            }
            self.push(")[");
            self.frames.push(Frame::Element);
            let mut first = true;
            for (column, cell) in row.iter().enumerate() {
                if special.contains(&Some(column))
                    || table.head.get(column).is_some_and(|h| h.has("data-hidden"))
                    || (tables::plain_text(&cell.html).is_empty() && !cell.html.contains("<img"))
                {
                    continue;
                }
                if !first {
                    self.push("\n\n");
                }
                match (&target, first) {
                    (Some((dest, target)), true) => {
                        self.link_open(target, dest, At::default());
                        self.html(&cell.html, At::default());
                        self.close();
                    }
                    _ => self.html(&cell.html, At::default()),
                }
                first = false;
            }
            self.close();
        }
        self.push(")\n\n");
    }

    /// Raw HTML: the elements a kit uses for text (marks, emphasis, links, images, line and
    /// paragraph breaks, tables) as typst; other tags left out, their text kept.
    fn html(&mut self, html: &str, at: At) {
        if let Some((before, table, after)) = tables::split_table(html) {
            self.html(before, at);
            if table.is_cards() {
                self.cards(&table)
            } else {
                self.html_table(&table)
            }
            return self.html(after, at);
        }
        // The content of a script or style element is not text.
        let mut skipping: Option<String> = None;
        for token in tokens::tokens(html) {
            match token {
                Token::Text(text) if skipping.is_none() => self.html_text(text),
                Token::Text(_) => {}
                Token::Tag(tag) if skipping.is_some() => {
                    if tag.closing && skipping.as_deref() == Some(tag.name.as_str()) {
                        skipping = None;
                    }
                }
                Token::Tag(tag) if tag.closing => self.html_end(&tag.name),
                Token::Tag(tag) if matches!(tag.name.as_str(), "script" | "style" | "template") => {
                    if !tag.self_closing {
                        skipping = Some(tag.name.clone());
                    }
                }
                Token::Tag(tag) => self.html_start(&tag, at),
            }
        }
    }

    fn html_text(&mut self, text: &str) {
        if !text.is_empty() {
            let decoded = decode_entities(text);
            self.text(&decoded);
        }
    }

    fn html_start(&mut self, tag: &Tag, at: At) {
        let name = tag.name.as_str();
        let attr = |key: &str| tag.attr(key).map(decode_entities).unwrap_or_default();
        // `<strong/>` opens nothing that an end tag would close.
        let self_closing = tag.self_closing;
        let wrap = |writer: &mut Self, opening: &str| {
            if !self_closing && writer.frames.len() < MAX_NESTING {
                writer.buf.push_str(opening);
                writer.frames.push(Frame::Html(name.to_string()));
            }
        };
        match name {
            "br" => self.push("#linebreak()"),
            "p" | "div" | "figure" | "details" | "ul" | "ol" | "blockquote" | "section" | "tr" => self.push("\n\n"),
            "li" | "dt" | "dd" => self.push("\n\n• "),
            "td" | "th" => self.push(" "),
            "hr" => self.push("\n#nk-rule()\n\n"),
            "strong" | "b" | "summary" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dfn" => wrap(self, "#strong["),
            "em" | "i" | "cite" | "figcaption" => wrap(self, "#emph["),
            "s" | "del" | "strike" => wrap(self, "#strike["),
            "u" | "ins" => wrap(self, "#underline["),
            "sup" => wrap(self, "#super["),
            "sub" => wrap(self, "#sub["),
            "code" | "kbd" | "samp" => wrap(self, "#nk-mono["),
            "mark" => {
                let style = attr("style").to_ascii_lowercase().replace(' ', "");
                let colour =
                    |property: &str| style.split(';').find_map(|d| d.strip_prefix(property)).and_then(mark_colour);
                match (colour("background-color:"), colour("color:")) {
                    (Some(fill), _) => wrap(self, &format!("#highlight(fill: rgb(\"{}\"))[", fill.1)),
                    (None, Some(text)) => wrap(self, &format!("#text(fill: rgb(\"{}\"))[", text.0)),
                    (None, None) => wrap(self, "#highlight["),
                }
            }
            "a" => {
                let href = attr("href").to_string();
                if href.is_empty() || destinations::is_lost(&href) || self_closing {
                    return wrap(self, "#[");
                }
                let (_, target) = self.out.resolve_quietly(&href);
                self.link_open(&target, &href, at);
                // The frame is the HTML element's, so that `</a>` closes it.
                if let Some(frame) = self.frames.last_mut() {
                    *frame = Frame::Html("a".into());
                }
            }
            "img" => {
                let (src, alt) = (attr("src").to_string(), attr("alt").to_string());
                self.image(&src, &alt);
            }
            _ => {}
        }
    }

    fn html_end(&mut self, name: &str) {
        match name {
            "p" | "div" | "figure" | "details" | "ul" | "ol" | "li" | "blockquote" | "section" | "tr" | "dd" => {
                self.close_html(name);
                self.push("\n\n");
            }
            "summary" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "figcaption" => {
                self.close_html(name);
                self.push("\n\n");
            }
            _ => self.close_html(name),
        }
    }

    /// Closes the frame `<name>` opened, when it is the innermost one (else the end tag
    /// does not match and is ignored).
    fn close_html(&mut self, name: &str) {
        let aliases: &[&str] = match name {
            "b" | "strong" => &["b", "strong"],
            "i" | "em" => &["i", "em"],
            _ => &[name],
        };
        if let Some(Frame::Html(open)) = self.frames.last()
            && aliases.contains(&open.as_str())
        {
            self.frames.pop();
            self.buf.push(']');
        }
    }
}

/// An address shown as itself, a link when it may be followed.
fn address(url: &str) -> String {
    if followable(url) { format!("#link({})[{}]", string(url.trim()), markup(url.trim())) } else { markup(url) }
}

/// Whether a PDF may link to an address: web, mail and phone links only (never `javascript:`,
/// `file:` or a reader's own schemes).
fn followable(dest: &str) -> bool {
    let dest = dest.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"].iter().any(|scheme| dest.starts_with(scheme))
}

/// GitBook's mark colours (`<mark style="color:red">`, `background-color:yellow`, the theme's
/// `$primary` ...) as (text colour, background colour), readable on white.
fn mark_colour(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.trim().trim_start_matches('$');
    Some(match name {
        "red" | "danger" => ("#b3261e", "#fde2e0"),
        "orange" | "warning" => ("#a14a00", "#ffe8cc"),
        "yellow" => ("#7a5c00", "#fff3b0"),
        "green" | "success" => ("#1e6b2e", "#dcf3e0"),
        "blue" | "info" => ("#1452a3", "#dde9fb"),
        "purple" => ("#6a2c91", "#efe2f8"),
        "primary" => ("#0b5c8a", "#dcecf6"),
        _ => return None,
    })
}

/// Text with each emoji as its name in brackets ("👶" -> "[baby]"): the PDF's fonts have no
/// emoji, and a glyph no font has would be an empty box (and fail PDF/UA-1).
pub fn without_emoji(text: &str) -> std::borrow::Cow<'_, str> {
    // Emoji start at U+2190 (arrows); below are digits, `#` and `*` (keycap bases) and `©`.
    if !text.chars().any(|c| c as u32 >= 0x2190) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let emoji = (c as u32 >= 0x2190).then(|| emojis::get(c.encode_utf8(&mut [0; 4]))).flatten();
        match emoji {
            Some(emoji) => {
                out.push('[');
                out.push_str(emoji.name());
                out.push(']');
            }
            // Joiners and presentation selectors of emoji sequences.
            None if matches!(c, '\u{200d}' | '\u{fe0f}' | '\u{fe0e}') || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c) => {}
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A line of GitBook's HTML code form as text: tags removed, entities decoded, spaces kept.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_a_string_literal_ended_by_a_semicolon() {
        assert_eq!(markup("a*b_c #x"), "#\"a*b_c #x\";");
        assert_eq!(markup("= Title\n- item"), "#\"= Title - item\";");
        assert_eq!(markup("say \"hi\" \\u{41}"), "#\"say \\\"hi\\\" \\\\u{41}\";");
        assert_eq!(markup("tab\there\u{0}  "), "#\"tab here\"; ");
        assert_eq!(markup(" \n "), " ");
        assert_eq!(markup(""), "");
    }

    #[test]
    fn emoji_become_their_names() {
        assert_eq!(without_emoji("Baby 👶 and ⚠️ here"), "Baby [baby] and [warning] here");
        assert_eq!(without_emoji("Plain → text # 1 ©"), "Plain → text # 1 ©");
        assert_eq!(without_emoji("مرحبا"), "مرحبا");
    }

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u{1}\"");
    }

    #[test]
    fn only_web_mail_and_phone_links_are_followed() {
        assert!(followable("https://example.org") && followable(" MAILTO:a@b.org") && followable("tel:+31"));
        assert!(!followable("javascript:alert(1)") && !followable("file:///etc/passwd") && !followable("//x.org"));
    }

    #[test]
    fn mark_colours_are_known_names_only() {
        assert!(mark_colour("red").is_some());
        assert!(mark_colour("$primary").is_some());
        assert!(mark_colour("\")]#evil").is_none());
    }
}
