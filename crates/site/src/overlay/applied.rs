//! What the overlay changed: the upstream kit's pages, the pages and files replaced, the
//! inserts placed and, when pins are read, every adapted page and insert compared with its pin
//! (an [`Item`] each, made by `drift`); and [`whereabouts`], where upstream text went (the
//! upstream pages read, then [`places`], by text and title).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::wording::Change;
use crate::pins::{self, Kind, Lock, Status};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::RelPath;

/// What the overlay changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// The upstream kit's content root and how it is shown.
    pub upstream_root: PathBuf,
    pub upstream_shown: PathBuf,
    /// Pages listed in the upstream SUMMARY (before `remove:`).
    pub upstream_pages: Vec<RelPath>,
    /// Upstream Markdown files replaced by overlay files.
    pub replaced: Vec<Replaced>,
    pub inserts: Vec<Insert>,
    /// The lock, when there is one and it could be read (only when pins are read: `lint`);
    /// the build's, shared with its other stages.
    pub lock: Option<Arc<Lock>>,
    /// Every adapted page and insert compared with its pin (only when pins are read).
    pub drift: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Replaced {
    pub path: RelPath,
    /// The overlay file as shown (relative to the kit folder).
    pub shown: PathBuf,
    /// Whether it is a page (and so must be pinned); other files are slots.
    pub page: bool,
}

#[derive(Debug, Clone)]
pub struct Insert {
    /// The insert file, relative to the kit folder (`overlay/inserts/phone.md`).
    pub file: String,
    pub page: RelPath,
    pub section: String,
    pub position: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Position {
    Start,
    Replace,
    End,
}

impl Position {
    pub(super) fn parse(text: &str) -> Option<Position> {
        match text.trim() {
            "start" => Some(Position::Start),
            "end" => Some(Position::End),
            "replace" => Some(Position::Replace),
            _ => None,
        }
    }
}

/// One adapted page or insert.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The upstream page.
    pub path: String,
    pub kind: Kind,
    /// For inserts: the insert file, relative to the kit folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insert: Option<String>,
    pub status: Status,
    /// Changed sections, by anchor ("" is the text before the first heading); for an insert,
    /// its section.
    pub sections: Vec<String>,
    /// Unified diff from the pinned text to today's upstream text ("" when unknown or none).
    pub diff: String,
    /// The overlay file that holds the local text (the page or the insert).
    pub overlay: String,
    /// For inserts: the section the insert goes into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The upstream version label when it was pinned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_version: Option<String>,
    /// For removed items: where the same text or title is now (`page.md` or `page.md#anchor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// Anything else a person should know (a missing base copy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The changed sentences, as pinned and as upstream has them now (empty when unknown or
    /// none), for people who do not read diffs.
    pub changes: Vec<Change>,
}

impl Item {
    /// A `check` warning for an item that is not current.
    pub fn diagnostic(&self) -> Diagnostic {
        let what = match &self.section {
            Some(section) => format!("section `{section}` of `{}`", self.path),
            None => format!("`{}`", self.path),
        };
        let since = self.pinned_version.as_deref().map(|v| format!(" since {v}")).unwrap_or_default();
        let message = match self.status {
            Status::Current => format!("{what} is current"),
            Status::Changed if self.sections.is_empty() || self.section.is_some() => {
                format!("{what} changed upstream{since}")
            }
            Status::Changed => format!("{what} changed upstream{since} (sections: {})", self.sections.join(", ")),
            Status::Removed => format!("{what} is no longer upstream"),
            Status::Unpinned => {
                format!("{what} is adapted here but not pinned, so upstream changes to it cannot be found")
            }
        };
        let help = match (self.status, &self.moved_to) {
            (Status::Unpinned, _) => format!("run `neokit adopt {}` to pin it to today's upstream text", self.target()),
            (Status::Removed, Some(to)) => {
                format!("it is now at `{to}`; point the overlay there, then run `neokit adopt`")
            }
            (Status::Removed, None) => "remove the overlay file, or point it at another page".into(),
            _ => format!("run `neokit drift` to see the changes; after review, `neokit adopt {}`", self.target()),
        };
        Diagnostic::warning("drift", message).at(Location::file(&self.overlay)).with_help(help)
    }

    /// What `neokit adopt` takes to re-pin this item.
    pub fn target(&self) -> &str {
        self.insert.as_deref().unwrap_or(&self.path)
    }
}

/// Upstream pages by text hash and by title, to say where a removed page or section went:
/// every upstream page read, then [`places`].
pub fn whereabouts(applied: &Applied) -> HashMap<String, RelPath> {
    places(applied.upstream_pages.iter().filter_map(|page| {
        let text = std::fs::read_to_string(applied.upstream_root.join(page.to_native())).ok()?;
        Some((page, text))
    }))
}

/// Pages by the hash of their text and by their title (`title:` and the title in lower
/// case; the first page with a title keeps it).
pub fn places<'a>(pages: impl IntoIterator<Item = (&'a RelPath, String)>) -> HashMap<String, RelPath> {
    let mut found = HashMap::new();
    for (page, text) in pages {
        found.insert(pins::hash(&text), page.clone());
        if let Some(title) = pins::sections(&text).into_iter().find(|s| s.level == 1).map(|s| s.title) {
            found.entry(format!("title:{}", title.to_lowercase())).or_insert_with(|| page.clone());
        }
    }
    found
}
