//! What the preview keeps between builds, so that a save costs what it changed.
//!
//! Input: each build's pages and what they depend on. Output: prepared pages and rendered
//! pages from the previous build, reused when nothing they depend on changed. Every reuse is
//! decided by a key that covers the inputs, never by guessing which files a change touched:
//!
//! - a page is prepared again unless its text, the space variables, whether it is a FAQ page
//!   and the list of the kit's Markdown files are as before, and each file it included still
//!   has the same text;
//! - a page is rendered again unless its own key (above), its "last updated" date and the
//!   site's context key are as before. The context key covers everything one page's output
//!   can read of the rest of the kit: the configuration, the theme, the kit's files (names,
//!   sizes, where they come from), the navigation, and every page's title, labels, front
//!   matter, headings, ids, FAQ questions and links, the roles and the downloads.
//!
//! An edit to a page's text that leaves its title, headings and links alone therefore renders
//! that page only; an edit that changes what other pages show of it renders them all. A test
//! compares the result with a clean build after random edits (`tests/it/memo.rs`).

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::markdown::Prepared;
use crate::paths::RelPath;
use crate::source::SourceTree;

/// A stable hash of anything hashable (the same in every build of one process).
pub fn key(value: impl Hash) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

#[derive(Debug, Default)]
pub struct Memo {
    prepared: Mutex<HashMap<RelPath, (u64, Prepared)>>,
    rendered: Mutex<HashMap<String, RenderedPage>>,
    /// How many pages were rendered (not reused) by the last build, for tests and `-v`.
    pub rendered_count: std::sync::atomic::AtomicUsize,
}

/// A page as the render stage made it.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub key: u64,
    /// The whole page.
    pub html: String,
    /// The page's content (for search).
    pub body: String,
    pub files: BTreeSet<RelPath>,
    pub problems: Vec<Diagnostic>,
    pub print_body: Option<String>,
}

impl Memo {
    /// The prepared page kept for `key`, if each file it included still reads the same.
    pub fn prepared(&self, source: &RelPath, key: u64, tree: &SourceTree) -> Option<Prepared> {
        let kept = self.prepared.lock().ok()?;
        let (kept_key, prepared) = kept.get(source)?;
        let includes_same = prepared
            .scanned
            .files
            .iter()
            .skip(1)
            .all(|(path, text)| tree.read_text(path).ok().as_deref() == Some(&**text));
        (*kept_key == key && includes_same).then(|| prepared.clone())
    }

    pub fn keep_prepared(&self, source: &RelPath, key: u64, prepared: &Prepared) {
        if let Ok(mut kept) = self.prepared.lock() {
            kept.insert(source.clone(), (key, prepared.clone()));
        }
    }

    pub fn rendered(&self, dir: &str, key: u64) -> Option<RenderedPage> {
        self.rendered.lock().ok()?.get(dir).filter(|page| page.key == key).cloned()
    }

    pub fn keep_rendered(&self, dir: &str, page: RenderedPage) {
        if let Ok(mut kept) = self.rendered.lock() {
            kept.insert(dir.to_string(), page);
        }
    }
}

/// The key of everything a page's output can read of the rest of the kit.
pub fn context_key(
    site: &crate::site::Site,
    tree: &SourceTree,
    config: &crate::config::Config,
    extras: &crate::render::Extras,
    lint: bool,
) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    format!("{config:?}").hash(&mut hasher);
    lint.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    // A theme folder on disk: every file's name and content.
    if let Some(dir) = &config.theme_dir {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            entry.path().hash(&mut hasher);
            if entry.file_type().is_file() {
                std::fs::read(entry.path()).unwrap_or_default().hash(&mut hasher);
            }
        }
    }
    tree.markdown.hash(&mut hasher);
    tree.files.hash(&mut hasher);
    tree.removed.hash(&mut hasher);
    tree.adapted.hash(&mut hasher);
    let mut sizes: Vec<(&RelPath, &u64)> = tree.sizes.iter().collect();
    sizes.sort();
    sizes.hash(&mut hasher);
    let mut layered: Vec<(&RelPath, &std::path::PathBuf)> = tree.layered.iter().map(|(p, l)| (p, &l.disk)).collect();
    layered.sort();
    layered.hash(&mut hasher);
    format!("{:?}", site.sections).hash(&mut hasher);
    (site.home, &site.reading_order).hash(&mut hasher);
    for page in &site.pages {
        (&page.source, &page.dir, &page.title, &page.nav_label, page.hidden).hash(&mut hasher);
        (page.parent, &page.children, page.section, page.prev, page.next).hash(&mut hasher);
        let prepared = &page.prepared;
        format!("{:?}|{:?}|{:?}", prepared.front, prepared.headings, prepared.faq).hash(&mut hasher);
        (&prepared.ids, &prepared.links, prepared.is_faq, &prepared.title).hash(&mut hasher);
    }
    format!("{:?}|{:?}", extras.roles, extras.downloads).hash(&mut hasher);
    hasher.finish()
}
