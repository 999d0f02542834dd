//! Blocks that lay out their content: `tabs`/`tab`, `stepper`/`step`, `columns`/`column`.

use crate::markdown::block::Block;
use crate::markdown::headings::slug;
use crate::markdown::out::{Out, escape};
use neokit_core::icons;

#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub title: String,
    pub icon: Option<&'static str>,
}

impl Tab {
    pub fn from_block(block: &Block) -> Tab {
        Tab {
            title: block.attr("title").unwrap_or("Tab").trim().to_string(),
            icon: block.attr("icon").and_then(icons::from_font_awesome),
        }
    }

    /// `index`: the block's number in the page, which keeps tab ids unique.
    pub fn open(&self, out: &mut Out, index: usize) {
        let id = format!("tab-{}-{index}", slug(&self.title));
        let icon = self.icon.map(icons::svg).unwrap_or_default();
        out.push(&format!(
            "<div class=\"tab-panel\" id=\"{id}\"><p class=\"tab-title\">{icon}{}</p>\n",
            escape(&self.title)
        ));
    }
}

/// A column's share of the width, in steps of 5 % (none: an equal share).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub width: Option<u32>,
}

impl Column {
    pub fn from_block(block: &Block) -> Column {
        let width = block.attr("width").and_then(|w| w.trim().trim_end_matches('%').parse::<f64>().ok());
        let width = match width {
            Some(w) if w > 0.0 && w < 100.0 => Some(((w / 5.0).round() as u32 * 5).clamp(10, 90)),
            _ => None,
        };
        Column { width }
    }

    pub fn open(&self, out: &mut Out) {
        match self.width {
            Some(width) => out.push(&format!("<div class=\"column col-{width}\">\n")),
            None => out.push("<div class=\"column\">\n"),
        }
    }
}
