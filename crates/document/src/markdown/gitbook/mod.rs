//! GitBook's blocks as typed nodes, one family per file: what each `{% tag %}` means
//! ([`GitBlock::from_block`], once, when the page's document is built) and the HTML it
//! opens and closes around its content.
//!
//! Adding a block: a [`BlockKind`] (the scanner's tag), a [`GitBlock`] variant with its
//! typed fields in a family file, then the arms the compiler asks for here and in the other
//! writers. The matches here list every variant on purpose, with no `_ =>` arm, so that a new
//! block is a compile error until each of them says what it does with it (tests/it/exhaustive.rs
//! checks that this holds for the HTML, search-text and PDF writers).

pub mod api;
pub mod cards;
pub mod code;
pub mod hint;
pub mod layout;
pub mod media;
pub mod openapi;
pub mod providers;
pub mod table;
pub mod updates;

use super::block::{Block, BlockKind};
use super::out::Out;

pub use media::{file_kind, human_size};

#[derive(Debug, Clone, PartialEq)]
pub enum GitBlock {
    Hint(hint::Hint),
    Tabs,
    Tab(layout::Tab),
    Stepper,
    Step,
    Columns,
    Column(layout::Column),
    /// A card linking to a page (`content-ref`, `page-ref`): the destination as written.
    ContentRef(String),
    Embed(media::Embed),
    File(media::File),
    Integration(media::Integration),
    /// Options for the code block inside (already given to it when the document is built).
    Code(code::CodeOptions),
    Updates,
    Update(updates::Update),
    Prompt(updates::Prompt),
    Api(api::Api),
    /// Handled by the scanner (`if`, `include`): shows its content as it is.
    Transparent,
    /// A tag neokit does not know: its content is shown plainly, and it is reported.
    Unknown(String),
}

impl GitBlock {
    /// The typed block for a scanned tag; `blocks` is the page's block list (for parents).
    pub fn from_block(block: &Block, blocks: &[Block]) -> GitBlock {
        match &block.kind {
            BlockKind::Hint => GitBlock::Hint(hint::Hint::from_block(block)),
            BlockKind::Tabs => GitBlock::Tabs,
            BlockKind::Tab => GitBlock::Tab(layout::Tab::from_block(block)),
            BlockKind::Stepper => GitBlock::Stepper,
            BlockKind::Step => GitBlock::Step,
            BlockKind::Columns => GitBlock::Columns,
            BlockKind::Column => GitBlock::Column(layout::Column::from_block(block)),
            BlockKind::ContentRef | BlockKind::PageRef => GitBlock::ContentRef(
                block.attr("url").or(block.attr("page")).or(block.attr("")).unwrap_or("").to_string(),
            ),
            BlockKind::Embed => GitBlock::Embed(media::Embed::from_block(block)),
            BlockKind::File => GitBlock::File(media::File::from_block(block)),
            BlockKind::Integration(kind) => GitBlock::Integration(media::Integration::from_block(kind, block)),
            BlockKind::Code => GitBlock::Code(code::CodeOptions::from_attributes(&block.attrs)),
            BlockKind::Updates => GitBlock::Updates,
            BlockKind::Update => {
                GitBlock::Update(updates::Update::from_block(block, block.parent.and_then(|p| blocks.get(p))))
            }
            BlockKind::Prompt => GitBlock::Prompt(updates::Prompt::from_block(block)),
            BlockKind::Api(tag) => GitBlock::Api(api::Api::from_block(tag, block)),
            BlockKind::If | BlockKind::Include => GitBlock::Transparent,
            BlockKind::Unknown(name) => GitBlock::Unknown(name.clone()),
        }
    }

    /// Whether the block shows something else instead of its content (a card, a reference).
    pub fn replaces_content(&self) -> bool {
        match self {
            GitBlock::ContentRef(_) => true,
            GitBlock::Api(api) => api.replaces_content(),
            GitBlock::Hint(_)
            | GitBlock::Tabs
            | GitBlock::Tab(_)
            | GitBlock::Stepper
            | GitBlock::Step
            | GitBlock::Columns
            | GitBlock::Column(_)
            | GitBlock::Embed(_)
            | GitBlock::File(_)
            | GitBlock::Integration(_)
            | GitBlock::Code(_)
            | GitBlock::Updates
            | GitBlock::Update(_)
            | GitBlock::Prompt(_)
            | GitBlock::Transparent
            | GitBlock::Unknown(_) => false,
        }
    }

    /// Writes the HTML before the block's content; `index` is its number in the page.
    pub fn open(&self, out: &mut Out, index: usize) {
        match self {
            GitBlock::Hint(hint) => hint.open(out),
            GitBlock::Tabs => out.push("<div class=\"tabs\">\n"),
            GitBlock::Tab(tab) => tab.open(out, index),
            GitBlock::Stepper => out.push("<ol class=\"stepper\">\n"),
            GitBlock::Step => out.push("<li class=\"step\">\n"),
            GitBlock::Columns => out.push("<div class=\"columns\">\n"),
            GitBlock::Column(column) => column.open(out),
            GitBlock::ContentRef(dest) => cards::content_ref(out, dest),
            GitBlock::Embed(embed) => embed.open(out),
            GitBlock::File(file) => file.open(out),
            GitBlock::Integration(integration) => integration.open(out),
            GitBlock::Updates => out.push("<div class=\"updates\">\n"),
            GitBlock::Update(update) => update.open(out),
            GitBlock::Prompt(prompt) => prompt.open(out),
            GitBlock::Api(api) => api.open(out),
            GitBlock::Code(_) | GitBlock::Transparent => {}
            GitBlock::Unknown(name) => out.warn(
                "unknown-block",
                format!("unknown block `{{% {name} %}}`: its content is shown without special formatting"),
                None,
            ),
        }
    }

    /// Writes the HTML after the block's content.
    pub fn close(&self, out: &mut Out) {
        match self {
            GitBlock::Hint(hint) => hint.close(out),
            GitBlock::Tabs
            | GitBlock::Tab(_)
            | GitBlock::Columns
            | GitBlock::Column(_)
            | GitBlock::Updates
            | GitBlock::Prompt(_) => out.push("</div>\n"),
            GitBlock::Stepper => out.push("</ol>\n"),
            GitBlock::Step => out.push("</li>\n"),
            GitBlock::Update(_) => out.push("</article>\n"),
            GitBlock::Embed(media::Embed { has_caption, .. }) | GitBlock::File(media::File { has_caption, .. }) => {
                media::close(out, *has_caption)
            }
            GitBlock::Integration(_) => media::close(out, false),
            GitBlock::Api(api) => api.close(out),
            GitBlock::ContentRef(_) | GitBlock::Code(_) | GitBlock::Transparent | GitBlock::Unknown(_) => {}
        }
    }
}
