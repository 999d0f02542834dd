//! Locations of offsets in a scanned page: the file, line and column a message names.

use super::blocks::Scanned;
use neokit_core::diagnostics::{LineIndex, Location};
use neokit_core::source::SourceTree;

/// Turns offsets in a scanned page into file locations, building line indexes on demand.
pub struct Locator<'a> {
    scanned: &'a Scanned,
    tree: &'a SourceTree,
    indexes: Vec<Option<LineIndex<'a>>>,
}

impl<'a> Locator<'a> {
    pub fn new(scanned: &'a Scanned, tree: &'a SourceTree) -> Self {
        Locator { scanned, tree, indexes: (0..scanned.files.len()).map(|_| None).collect() }
    }

    /// The location of an offset in the scanned (rewritten) text.
    pub fn location(&mut self, offset: usize) -> Location {
        let (file, src) = self.scanned.map.lookup(offset);
        self.file_location(file, src)
    }

    /// The location of an offset in one of the page's files.
    pub fn file_location(&mut self, file: usize, offset: usize) -> Location {
        let Some((path, text)) = self.scanned.files.get(file) else {
            return Location::file(&self.tree.shown_root);
        };
        let index = self.indexes[file].get_or_insert_with(|| LineIndex::new(text));
        index.location(&self.tree.shown(path), offset)
    }
}
