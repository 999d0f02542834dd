//! The entries of the "What changed" page: every dated `{% update %}` block of the kit, and
//! the dated decisions `neokit adopt` records in `neokit.lock` (a hospital's review of the
//! shared guide's changes and of a new version of it, a translation brought up to date).

use serde::Serialize;

use super::day::Day;
use crate::config::Config;
use crate::pins::{self, LockOnce};
use crate::site::Site;
use neokit_core::diagnostics::{Diagnostic, Severity};
use neokit_core::i18n::Text;
use neokit_core::paths::RelPath;
use neokit_document::links::PageId;
use neokit_document::markdown::Prepared;
use neokit_document::markdown::block::BlockKind;
use neokit_document::markdown::build::build;
use neokit_document::markdown::doc::{Element, Node, NodeKind, first_content};
use neokit_document::markdown::gitbook::GitBlock;
use neokit_document::markdown::gitbook::updates::Update as UpdateBlock;
use neokit_document::markdown::text::plain;

/// One entry of the "What changed" page: an `{% update %}` block or a recorded decision.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Change {
    pub date: String,
    /// `date` for display.
    pub date_text: String,
    pub title: String,
    /// The entry's text, plain.
    pub text: String,
    /// The page it is about (none for a new version of the whole guide, or a page since gone).
    #[serde(skip)]
    pub page: Option<PageId>,
}

/// A decision recorded in `neokit.lock` that this site's "What changed" page lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub day: Day,
    pub event: pins::Event,
    pub page: Option<PageId>,
}

/// The decisions in the kit's lock (the build's, read once) that concern this site: the
/// overlay's (when the kit has an upstream) or this language's translations (when it is a
/// translation). A lock that cannot be read gives a warning, unless another stage of the build
/// already reported it: the page would leave them out.
pub fn recorded(site: &Site, config: &Config, lock: &LockOnce) -> (Vec<Recorded>, Option<Diagnostic>) {
    let translation = config.fallback.is_some();
    if config.upstream.is_none() && !translation {
        return (Vec::new(), None);
    }
    let lock = match lock.get() {
        Ok(found) => found.cloned().unwrap_or_default(),
        Err(_) => {
            let problem = lock.problem(Severity::Warning).map(|problem| Diagnostic {
                message: format!(
                    "the \"What changed\" page leaves out the reviews recorded in it: {}",
                    problem.message
                ),
                ..problem
            });
            return (Vec::new(), problem);
        }
    };
    let page_of = |source: Option<RelPath>| source.and_then(|s| site.pages.iter().position(|p| p.source == s));
    let found = lock
        .history
        .iter()
        .filter(|event| match &event.language {
            Some(language) => translation && language.eq_ignore_ascii_case(&config.language),
            None => !translation,
        })
        .filter_map(|event| {
            let day = Day::parse(&event.date).ok()?;
            let source = match &event.translation {
                Some(kit_path) => config
                    .kit_dir
                    .join(kit_path)
                    .strip_prefix(&config.content_root)
                    .ok()
                    .and_then(|p| RelPath::new(&p.to_string_lossy().replace('\\', "/"))),
                None => event.path.as_deref().and_then(RelPath::new),
            };
            let page = if event.kind == pins::EventKind::Upstream { None } else { page_of(source) };
            Some(Recorded { day, event: event.clone(), page })
        })
        .collect();
    (found, None)
}

/// Every dated `{% update %}` block of the kit and every recorded decision, newest first.
pub(super) fn changes(site: &Site, recorded: &[Recorded], language: &str, text: &Text) -> Vec<Change> {
    let mut found = Vec::new();
    for &id in &site.reading_order {
        let prepared = &site.pages[id].prepared;
        if !prepared.scanned.blocks.iter().any(|block| block.kind == BlockKind::Update) {
            continue;
        }
        let document = build(&prepared.scanned);
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
                page: Some(id),
            });
        }
    }
    found.extend(recorded.iter().map(|r| decision(r, language, text)));
    // Newest first; on one day, the page's own words before a recorded decision.
    found.sort_by(|a, b| b.date.cmp(&a.date));
    found
}

/// The entry of a recorded decision.
fn decision(recorded: &Recorded, language: &str, words: &Text) -> Change {
    let event = &recorded.event;
    let (title, text) = match event.kind {
        pins::EventKind::Upstream => (
            words.change_upstream.replace("{version}", event.version.as_deref().unwrap_or_default()),
            event.previous.as_deref().map(|v| format!("{}: {v}", words.previous_version)).unwrap_or_default(),
        ),
        pins::EventKind::Adopted => {
            let title = if event.language.is_some() { words.change_translated } else { words.change_reviewed };
            let sections = match event.sections.is_empty() {
                true => String::new(),
                false => format!("{}: {}", words.changed_sections, event.sections.join(", ")),
            };
            let text = match (recorded.page, &event.path) {
                (None, Some(path)) => [sections, path.clone()].join(" ").trim().to_string(),
                _ => sections,
            };
            (title.to_string(), text)
        }
    };
    Change { date: recorded.day.iso(), date_text: recorded.day.long(language), title, text, page: recorded.page }
}

type Update<'d> = (&'d UpdateBlock, &'d [Node]);

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
fn entry(content: &[Node], prepared: &Prepared) -> (Option<String>, String) {
    let first = first_content(content);
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
        struct Alone;
        impl neokit_document::markdown::blocks::Environment for Alone {
            fn include(&self, _: &RelPath, path: &str) -> Result<(RelPath, std::sync::Arc<str>, usize), String> {
                Err(format!("`{path}` does not exist"))
            }
            fn condition(&self, _: &str) -> bool {
                false
            }
            fn expression(&self, _: &str) -> Option<String> {
                None
            }
        }
        let scanned =
            neokit_document::markdown::blocks::scan(&RelPath::new("page.md").unwrap(), text.into(), 0, &Alone);
        let prepared = Prepared { scanned, ..Default::default() };
        let document = build(&prepared.scanned);
        let mut updates = Vec::new();
        find_updates(&document.nodes, &mut updates);
        assert_eq!(updates.len(), 1);
        let (title, text) = entry(updates[0].1, &prepared);
        assert_eq!(title.as_deref(), Some("Clips made anonymous"));
        assert_eq!(text, "See Selecting clips and this.");
    }
}
