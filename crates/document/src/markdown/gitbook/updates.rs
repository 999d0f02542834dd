//! `{% updates %}` / `{% update date="..." tags="..." %}`: a dated list of changes, and
//! `{% prompt %}`: a prompt to copy, with its description.

use crate::markdown::block::Block;
use crate::markdown::out::{Out, escape};
use neokit_core::calendar::MONTHS;

#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The date as written (ISO: `2025-12-25`).
    pub date: String,
    pub tags: Vec<String>,
    /// The enclosing `{% updates format="..." %}`: `full`, `short` or `numeric`.
    pub format: String,
}

impl Update {
    pub fn from_block(block: &Block, parent: Option<&Block>) -> Update {
        Update {
            date: block.attr("date").unwrap_or("").trim().to_string(),
            tags: block
                .attr("tags")
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            format: parent.and_then(|p| p.attr("format")).unwrap_or("full").to_string(),
        }
    }

    pub fn open(&self, out: &mut Out) {
        out.push("<article class=\"update\">");
        if !self.date.is_empty() || !self.tags.is_empty() {
            let tags: String =
                self.tags.iter().map(|t| format!(" <span class=\"badge\">{}</span>", escape(t))).collect();
            out.push(&format!(
                "<p class=\"update-date\"><time datetime=\"{}\">{}</time>{tags}</p>",
                escape(&self.date),
                escape(&format_date(&self.date, &self.format)),
            ));
        }
        out.push("\n");
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub description: Option<String>,
}

impl Prompt {
    pub fn from_block(block: &Block) -> Prompt {
        Prompt { description: block.attr("description").filter(|d| !d.trim().is_empty()).map(str::to_string) }
    }

    pub fn open(&self, out: &mut Out) {
        out.push("<div class=\"prompt\">");
        if let Some(description) = &self.description {
            out.push(&format!("<p class=\"prompt-description\">{}</p>", escape(description)));
        }
        out.push("\n");
    }
}

/// Formats an ISO date (`2025-12-25`) as GitBook's update formats do.
pub fn format_date(date: &str, format: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.trim().parse().ok()).collect();
    let [year, month, day] = parts[..] else { return date.to_string() };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return date.to_string();
    }
    let name = MONTHS[month as usize - 1];
    match format {
        "short" => format!("{} {day}, {year}", &name[..3]),
        "numeric" => format!("{year}-{month:02}-{day:02}"),
        _ => format!("{day} {name} {year}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::format_date("2025-12-25", "full"), "25 December 2025");
        assert_eq!(super::format_date("2025-12-25", "short"), "Dec 25, 2025");
        assert_eq!(super::format_date("soon", "full"), "soon");
    }
}
