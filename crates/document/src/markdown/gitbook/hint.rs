//! `{% hint style="..." %}`: a coloured note with its icon and label; a leading bold line or
//! heading becomes its title.

use crate::markdown::block::Block;
use crate::markdown::out::Out;
use neokit_core::i18n::Text;
use neokit_core::icons;

#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// `info`, `success`, `warning` or `danger`.
    pub style: &'static str,
    pub icon: &'static str,
    pub title: HintTitle,
}

/// What of a hint's first content is its title (found when the page is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintTitle {
    None,
    /// The first paragraph is all bold: it is the title.
    Paragraph,
    /// The first paragraph's first line is bold: that line is the title, the rest a paragraph.
    FirstLine,
    /// The hint starts with a heading.
    Heading,
}

impl Hint {
    pub fn from_block(block: &Block) -> Hint {
        let style = style(block.attr("style"));
        let icon = block.attr("icon").and_then(icons::from_font_awesome).unwrap_or(icons::hint_icon(style));
        Hint { style, icon, title: HintTitle::None }
    }

    pub fn label(&self, text: &'static Text) -> &'static str {
        match self.style {
            "success" => text.success,
            "warning" => text.warning,
            "danger" => text.danger,
            _ => text.info,
        }
    }

    pub fn open(&self, out: &mut Out) {
        let label = self.label(out.env.text);
        out.push(&format!(
            "<div class=\"hint hint-{}\" role=\"note\"><p class=\"hint-label\">{}<span>{label}</span></p><div class=\"hint-body\">\n",
            self.style,
            icons::svg(self.icon),
        ));
    }

    pub fn close(&self, out: &mut Out) {
        out.push("</div></div>\n");
    }
}

/// Normalises a hint style; legacy and unknown styles fall back to `info`.
pub fn style(style: Option<&str>) -> &'static str {
    match style.unwrap_or("info").trim().to_ascii_lowercase().as_str() {
        "success" => "success",
        "warning" => "warning",
        "danger" => "danger",
        _ => "info",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn styles() {
        assert_eq!(super::style(Some("tip")), "info");
        assert_eq!(super::style(Some("Danger")), "danger");
        assert_eq!(super::style(None), "info");
    }
}
