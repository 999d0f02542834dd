//! The one walk over the kit's files.
//!
//! Input: the content root and the folders to stay out of (the output folder). Output: a
//! [`SourceTree`] listing every Markdown file and every other file by [`RelPath`]. Hidden
//! folders other than `.gitbook` are skipped; symbolic links are followed only when they stay
//! inside the content root, so nothing outside the kit is ever read or published.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};
use crate::paths::RelPath;

#[derive(Debug, Default)]
pub struct SourceTree {
    /// The content root on disk (absolute).
    pub root: PathBuf,
    /// Markdown files (`.md`), relative to the root.
    pub markdown: BTreeSet<RelPath>,
    /// Every other file, relative to the root.
    pub files: BTreeSet<RelPath>,
    /// Every folder that holds at least one listed file (the root included).
    pub dirs: BTreeSet<RelPath>,
    /// Lowercased path -> real path, for links written with the wrong case.
    pub by_lowercase: BTreeMap<String, RelPath>,
    /// Sizes in bytes of the non-Markdown files (for download cards).
    pub sizes: std::collections::HashMap<RelPath, u64>,
    /// The content root as shown in messages (relative to the kit folder), e.g. `content`.
    pub shown_root: PathBuf,
    /// Files that are not at `root/path`: a layer over the content root (a hospital's
    /// overlay) or a text made by the kit stage. Everything reads files through the tree, so
    /// no later stage needs to know where a file came from.
    pub layered: std::collections::HashMap<RelPath, Layered>,
    /// Pages left out of this kit on purpose (an overlay's `remove:`); links to them say so.
    pub removed: BTreeSet<RelPath>,
    /// Pages whose text this kit changed from the shared guide it is built on.
    pub adapted: BTreeSet<RelPath>,
    /// Pages of the source language shown in a translation that lacks them (with a banner).
    pub fallback: BTreeSet<RelPath>,
}

/// Where a file of the tree really is.
#[derive(Debug, Clone)]
pub struct Layered {
    /// The file on disk (for copying, dates and sizes).
    pub disk: PathBuf,
    /// The path shown in messages.
    pub shown: PathBuf,
    /// The text to read instead of the file, when the kit stage changed it.
    pub text: Option<std::sync::Arc<str>>,
}

impl SourceTree {
    pub fn contains(&self, path: &RelPath) -> bool {
        self.markdown.contains(path) || self.files.contains(path)
    }

    pub fn is_dir(&self, path: &RelPath) -> bool {
        self.dirs.contains(path)
    }

    pub fn disk_path(&self, path: &RelPath) -> PathBuf {
        match self.layered.get(path) {
            Some(layered) => layered.disk.clone(),
            None => self.root.join(path.to_native()),
        }
    }

    /// The file as named in messages.
    pub fn shown(&self, path: &RelPath) -> PathBuf {
        match self.layered.get(path) {
            Some(layered) => layered.shown.clone(),
            None => self.shown_root.join(path.to_native()),
        }
    }

    /// Reads a text file of the tree (see [`read_text`]).
    pub fn read_text(&self, path: &RelPath) -> Result<String, Diagnostic> {
        match self.layered.get(path) {
            Some(Layered { text: Some(text), .. }) => Ok(text.to_string()),
            _ => read_text(&self.disk_path(path), &self.shown(path)),
        }
    }

    /// Takes from `other` (a translation's source) the files that are not pages and that this
    /// tree lacks: images and downloads its pages shown here refer to.
    pub fn take_missing_files(&mut self, other: &SourceTree) {
        for path in other.files.iter().filter(|f| !self.contains(f)).cloned().collect::<Vec<_>>() {
            self.insert_from(other, path);
        }
    }

    /// Adds `path` of `other` as it is on disk there.
    pub fn insert_from(&mut self, other: &SourceTree, path: RelPath) {
        let layered = Layered { disk: other.disk_path(&path), shown: other.shown(&path), text: None };
        self.insert(path, layered);
    }

    /// Adds or replaces a file (a Markdown file when its name ends in `.md`).
    pub fn insert(&mut self, path: RelPath, layered: Layered) {
        self.add(path.clone(), &layered.disk);
        self.layered.insert(path, layered);
    }

    /// Lists a file found at `disk` under `path`, with its folders (and its size, when it is
    /// not a page).
    fn add(&mut self, path: RelPath, disk: &Path) {
        self.by_lowercase.insert(path.as_str().to_lowercase(), path.clone());
        let mut dir = path.parent();
        while self.dirs.insert(dir.clone()) && !dir.is_root() {
            dir = dir.parent();
        }
        if path.extension() == "md" {
            self.markdown.insert(path);
        } else {
            if let Ok(metadata) = std::fs::metadata(disk) {
                self.sizes.insert(path.clone(), metadata.len());
            }
            self.files.insert(path);
        }
    }

    /// Takes a file out of the tree.
    pub fn remove(&mut self, path: &RelPath) {
        self.markdown.remove(path);
        self.files.remove(path);
        self.layered.remove(path);
        self.sizes.remove(path);
        if self.by_lowercase.get(&path.as_str().to_lowercase()) == Some(path) {
            self.by_lowercase.remove(&path.as_str().to_lowercase());
        }
    }
}

/// Lists the files under `root`, never entering any of `skip` (absolute folders). `shown_root`
/// is how `root` is named in messages.
pub fn walk(root: &Path, skip: &[PathBuf], shown_root: &Path) -> (SourceTree, Vec<Diagnostic>) {
    let mut tree =
        SourceTree { root: root.to_path_buf(), shown_root: shown_root.to_path_buf(), ..SourceTree::default() };
    let mut diagnostics = Vec::new();
    let shown = |path: &Path| shown_root.join(path.strip_prefix(root).unwrap_or(path));
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|entry| {
        if entry.depth() == 0 {
            return true;
        }
        let name = entry.file_name().to_string_lossy();
        let hidden = name.starts_with('.') && name != ".gitbook";
        let skipped = skip.iter().any(|s| entry.path() == s);
        !(hidden || skipped || name == "node_modules")
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(&shown).unwrap_or_default();
                diagnostics
                    .push(Diagnostic::warning("unreadable", format!("cannot read: {error}")).at(Location::file(path)));
                continue;
            }
        };
        let mut is_file = entry.file_type().is_file();
        if entry.path_is_symlink() {
            // Follow a link only when its target stays inside the content root.
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {
                    if target.is_dir() {
                        diagnostics.push(
                            Diagnostic::warning("symlink", "linked folders are not followed")
                                .at(Location::file(shown(entry.path()))),
                        );
                        continue;
                    }
                    is_file = target.is_file();
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::warning("symlink", "this link points outside the kit and is ignored")
                            .at(Location::file(shown(entry.path()))),
                    );
                    continue;
                }
            }
        }
        if !is_file {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(rel) = RelPath::from_native(relative) else {
            diagnostics.push(
                Diagnostic::warning("file-name", "this file name is not valid UTF-8 and is ignored")
                    .at(Location::file(shown(entry.path()))),
            );
            continue;
        };
        tree.add(rel, entry.path());
    }
    (tree, diagnostics)
}

/// Reads a text file of the kit, refusing invalid UTF-8 with a message naming the file.
/// Pages, SUMMARY.md and includes above this size are refused: no real page comes close, and
/// a runaway file would otherwise hold the build up and fill memory.
pub const MAX_TEXT_BYTES: u64 = 10_000_000;

pub fn read_text(path: &Path, shown_path: &Path) -> Result<String, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_TEXT_BYTES
    {
        return Err(Diagnostic::error(
            "too-large",
            format!(
                "this file is {:.1} MB; text files over {} MB are not built",
                meta.len() as f64 / 1e6,
                MAX_TEXT_BYTES / 1_000_000
            ),
        )
        .at(Location::file(shown_path))
        .with_help("split the page, or move large content such as pasted images into files"));
    }
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::error("unreadable", format!("cannot read this file: {error}")).at(Location::file(shown_path))
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&error.as_bytes()[..offset]);
        let line = text.matches('\n').count() + 1;
        Diagnostic::error("invalid-utf8", "this file is not valid UTF-8 text")
            .at(Location::new(shown_path, line, 0))
            .with_help("save the file as UTF-8 in your editor")
    })
}
