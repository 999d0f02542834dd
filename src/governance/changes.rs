//! The entries of the "What changed" page: every dated `{% update %}` block of the kit.

use serde::Serialize;

use super::day::Day;
use crate::links::PageId;
use crate::markdown::doc::{Element, Node, NodeKind};
use crate::markdown::gitbook::GitBlock;
use crate::site::Site;

/// One entry of the "What changed" page: an `{% update %}` block.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Change {
    pub date: String,
    /// `date` for display.
    pub date_text: String,
    pub title: String,
    /// The entry's text, plain.
    pub text: String,
    #[serde(skip)]
    pub page: PageId,
}

/// Every dated `{% update %}` block of the kit, newest first.
pub(super) fn changes(site: &Site, language: &str) -> Vec<Change> {
    use crate::markdown::block::BlockKind;
    let mut found = Vec::new();
    for &id in &site.reading_order {
        let prepared = &site.pages[id].prepared;
        if !prepared.scanned.blocks.iter().any(|block| block.kind == BlockKind::Update) {
            continue;
        }
        let document = crate::markdown::build::build(&prepared.scanned);
        let mut updates = Vec::new();
        find_updates(&document.nodes, &mut updates);
        for (update, content) in updates {
            let Ok(day) = Day::parse(&update.date) else { continue };
            let (title, text) = entry(content, prepared);
            found.push(Change {
                date: day.iso(),
                date_text: day.long(language),
                title: title.unwrap_or_else(|| site.pages[id].title.clone()),
                text,
                page: id,
            });
        }
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    found
}

type Update<'d> = (&'d crate::markdown::gitbook::updates::Update, &'d [Node]);

/// The update blocks in some content, in page order.
fn find_updates<'d>(nodes: &'d [Node], found: &mut Vec<Update<'d>>) {
    for node in nodes {
        if let NodeKind::Block(block, _, children) = &node.kind
            && let GitBlock::Update(update) = &**block
        {
            found.push((update, children));
        }
        find_updates(node.children(), found);
    }
}

/// An update's first heading and its text, plain.
fn entry(content: &[Node], prepared: &crate::markdown::Prepared) -> (Option<String>, String) {
    use crate::markdown::text::plain;
    let first = crate::markdown::doc::first_content(content);
    match first.map(|i| (i, &content[i].kind)) {
        Some((i, NodeKind::Element(Element::Heading { .. }, heading))) => {
            (Some(plain(heading, prepared)), plain(&content[i + 1..], prepared))
        }
        _ => (None, plain(content, prepared)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_entries_are_plain_text() {
        let text = "{% updates %}\n{% update date=\"2026-01-02\" %}\n## Clips made **anonymous**\n\nSee [Selecting clips](../x.md) and `this`.\n{% endupdate %}\n{% endupdates %}\n";
        let scanned = crate::markdown::blocks::tests::run(text);
        let prepared = crate::markdown::Prepared { scanned, ..Default::default() };
        let document = crate::markdown::build::build(&prepared.scanned);
        let mut updates = Vec::new();
        find_updates(&document.nodes, &mut updates);
        assert_eq!(updates.len(), 1);
        let (title, text) = entry(updates[0].1, &prepared);
        assert_eq!(title.as_deref(), Some("Clips made anonymous"));
        assert_eq!(text, "See Selecting clips and this.");
    }
}
