//! The document model: one page as a tree of typed nodes, between reading it and writing it.
//!
//! Built once per page by [`super::build`] from the scanned text (pulldown-cmark events with
//! the block scanner's markers), it is what every consumer walks: the first pass's outline
//! (headings, ids, FAQ questions, links), the HTML writer ([`super::write`]) and the search
//! text ([`super::text`]). None of them parses another's output.
//!
//! Markdown structure is kept as [`Element`]s with children; GitBook blocks are typed
//! [`GitBlock`]s with their content as children; code, images, formulas and GitBook's HTML
//! tables are leaves with everything a writer needs. Raw HTML stays HTML (each writer
//! decides what to do with it), split at block markers so that blocks written inside HTML
//! still become nodes.
//!
//! The matches over [`NodeKind`] here list every variant on purpose, with no `_ =>` arm, as
//! the writers' do: a new kind of node does not compile until each says what it does with it.

use super::gitbook::GitBlock;
use super::gitbook::code::CodeOptions;
use super::tables::{self, Table};

/// One page's content.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Where the node starts in the scanned text (for messages).
    pub offset: usize,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A Markdown element and its content.
    Element(Element, Vec<Node>),
    /// A GitBook block (its number in the page's block list) and its content.
    Block(Box<GitBlock>, usize, Vec<Node>),
    Text(String),
    /// Inline code.
    Code(String),
    /// Raw HTML as written (a block, a piece of one between markers, or inline HTML).
    Html(String),
    /// GitBook's mention written as HTML around Markdown text: `<a data-mention href="...">`,
    /// the text, and the HTML with its `</a>`.
    Mention {
        open: String,
        close: String,
        children: Vec<Node>,
    },
    SoftBreak,
    HardBreak,
    Rule,
    TaskListMarker(bool),
    FootnoteReference(String),
    CodeBlock(Box<CodeBlock>),
    Image {
        src: String,
        title: String,
        alt: String,
    },
    /// Formula N of the page's scanned formulas.
    Math(usize),
    /// A table written as GitBook's HTML (`data-view="cards"`, typed or hidden columns).
    Table(Box<Table>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Paragraph,
    /// A heading: its level as written and its number among the page's headings (its anchor
    /// and text are in `Prepared::headings`).
    Heading {
        level: u8,
        index: usize,
    },
    BlockQuote,
    /// A list: `Some(start)` for an ordered one.
    List(Option<u64>),
    Item,
    FootnoteDefinition(String),
    Table(Vec<Align>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    /// A link as written; `email` for an autolinked address (`<name@example.org>`).
    Link {
        dest: String,
        title: String,
        email: bool,
    },
    /// Content with no element of its own (definition lists, metadata).
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// A code block: a Markdown fence, or GitBook's HTML form (`<pre><code>` with marks).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    pub language: String,
    pub options: CodeOptions,
    pub body: CodeBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CodeBody {
    /// The code as text.
    Text(String),
    /// GitBook's HTML form: one HTML fragment per line, each with its tags closed.
    HtmlLines(Vec<String>),
}

impl Node {
    pub fn new(offset: usize, kind: NodeKind) -> Node {
        Node { offset, kind }
    }

    /// The node's content, for containers.
    pub fn children(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Element(_, children) | NodeKind::Block(_, _, children) | NodeKind::Mention { children, .. } => {
                children
            }
            NodeKind::Text(_)
            | NodeKind::Code(_)
            | NodeKind::Html(_)
            | NodeKind::SoftBreak
            | NodeKind::HardBreak
            | NodeKind::Rule
            | NodeKind::TaskListMarker(_)
            | NodeKind::FootnoteReference(_)
            | NodeKind::CodeBlock(_)
            | NodeKind::Image { .. }
            | NodeKind::Math(_)
            | NodeKind::Table(_) => &[],
        }
    }
}

/// The first node of some content that is not raw HTML (nor a table, code block or formula
/// written as HTML): where a hint looks for its title.
pub fn first_content(nodes: &[Node]) -> Option<usize> {
    nodes.iter().position(|n| {
        !matches!(&n.kind, NodeKind::Html(_) | NodeKind::Math(_) | NodeKind::Table(_))
            && !matches!(&n.kind, NodeKind::CodeBlock(code) if matches!(code.body, CodeBody::HtmlLines(_)))
    })
}

/// The text of some content, plain: words as written, white space collapsed, raw HTML's
/// tags left out (a file block's caption, for the downloads page).
pub fn plain_text(nodes: &[Node]) -> String {
    fn collect(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match &node.kind {
                NodeKind::Text(text) | NodeKind::Code(text) => out.push_str(text),
                NodeKind::Html(html) => out.push_str(&tables::plain_text(html)),
                NodeKind::SoftBreak | NodeKind::HardBreak => out.push(' '),
                // Containers: their content is read below.
                NodeKind::Element(..) | NodeKind::Block(..) | NodeKind::Mention { .. } => {}
                NodeKind::Rule
                | NodeKind::TaskListMarker(_)
                | NodeKind::FootnoteReference(_)
                | NodeKind::CodeBlock(_)
                | NodeKind::Image { .. }
                | NodeKind::Math(_)
                | NodeKind::Table(_) => {}
            }
            collect(node.children(), out);
            if matches!(node.kind, NodeKind::Element(Element::Paragraph, _)) {
                out.push(' ');
            }
        }
    }
    let mut out = String::new();
    collect(nodes, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
