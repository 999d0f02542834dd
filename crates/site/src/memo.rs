//! What the preview keeps between builds, so that a save costs what it changed.
//!
//! Input: each build's stages and, when the watcher knows them, the files changed since the
//! build before. Output: the kit, prepared pages and rendered pages of the previous build,
//! reused when nothing they depend on changed. Each reuse is decided by one of two rules:
//!
//! - **Structure** (the kit's files, SUMMARY, variables, the overlay and the navigation plan):
//!   reused only when the configuration is the same and every changed file is the text of an
//!   existing Markdown file that is not SUMMARY.md nor part of an overlay ([`structure`]).
//!   Any other change (a new, deleted or renamed file, an asset, SUMMARY.md, a YAML file, the
//!   theme, a change the watcher could not name) reads the kit again.
//! - **Keys** over the inputs, for pages: a page is prepared again unless its text, the space
//!   variables, whether it is a FAQ page and the list of the kit's Markdown files are as
//!   before, and each file it included still has the same text (with the structure reused, a
//!   page that neither it nor its includes changed is not even read); a page is rendered again
//!   unless its own key, its "last updated" date and the site's context key are as before. The
//!   context key covers everything one page's output can read of the rest of the kit: the
//!   configuration, the theme, the kit's files (names, sizes, where they come from), the
//!   navigation, and every page's title, labels, front matter, headings, ids, FAQ questions
//!   and links ([`outline_key`]), the roles and the downloads.
//!
//! An edit to a page's text that leaves its title, headings and links alone therefore reads,
//! prepares and renders that page only; an edit that changes what other pages show of it
//! renders them all. Keys are hashes of typed values, computed once per page when it is
//! prepared and kept with it; a save hashes the site's context once, over the kept keys.
//!
//! A site of several spaces keeps one memo per space ([`Memo::space`]): a save in one space
//! reads, prepares and renders that space's changed pages, and the other spaces are reused
//! while what their pages read of it (its folders, which pages are translated: the
//! structure and outlines, hashed into the cross-space key) is the same. A translation also
//! sees the changes of its source that it shows (the pages it lacks).
//!
//! Each space's governance (every page's review data, read from the front matter, and the
//! reports made of it) is kept while the structure, every page's outline (its front matter
//! and that text), the roles, the day and the lock it reads are the same ([`governance_inputs`]).
//!
//! The loaded theme is kept too, one for all spaces ([`Memo::theme`]): loaded again when the
//! watcher names a file in its folder or cannot name the changed files ([`Memo::forget_themes`]).
//!
//! Tests compare the result with a clean build after random edits, for a site of one space
//! and for a site of two languages (`tests/it/memo.rs`).
//!
//! No stage knows the memo: the pipeline asks it what is still current before a stage, and it
//! keeps what the stage made ([`Memo::render`] wraps the pages stage so).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use crate::config::Config;
use crate::dates;
use crate::downloads::{self, Download};
use crate::governance::{Governance, PosterPage, Review};
use crate::kit::Kit;
use crate::overlay::drift::Status;
use crate::render::{self, Dictionaries, Earlier, PageOutput, Rendered};
use crate::roles::Roles;
use crate::search;
use crate::site::{NavItem, NavSection, NavTarget, Plan, Site};
use crate::theme::{self, Theme};
use crate::translations;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::keys::key;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_document::markdown::{Prepared, frontmatter};

#[derive(Debug, Default)]
pub struct Memo {
    structure: Mutex<Option<Arc<Structure>>>,
    prepared: Mutex<HashMap<RelPath, KeptPage>>,
    /// Each rendered page by site folder, with its key.
    rendered: Mutex<HashMap<String, (u64, Arc<PageOutput>)>>,
    /// What the rendered pages are packed against (those of the first build that rendered one).
    dictionaries: Mutex<Dictionaries>,
    dates: Mutex<dates::Kept>,
    extras: Mutex<Option<(u64, Arc<Extras>)>>,
    governance: Mutex<Option<(u64, Arc<KeptGovernance>)>>,
    texts: Mutex<HashMap<&'static str, (u64, Arc<str>)>>,
    /// How each translated page stood against its source in the last build, by the key of
    /// what that reads ([`Memo::translation_items`]).
    translations: Mutex<HashMap<u64, translations::Item>>,
    /// How many pages were rendered (not reused) by the last build, for tests and `-v`.
    pub rendered_count: AtomicUsize,
    /// How many pages were read and prepared (not reused) by the last build.
    pub prepared_count: AtomicUsize,
    /// How many translated pages the last build compared with their source (not kept).
    pub translations_compared: AtomicUsize,
    /// Whether the last build reused the kit's structure.
    pub structure_reused: AtomicBool,
    /// In a site of several spaces: each space's memo, by the space's folder (`""`, `nl/`).
    spaces: Mutex<HashMap<String, Arc<Memo>>>,
    /// The search index kept between builds, for a space of a site of several.
    pub search: Arc<search::Cache>,
    /// The loaded themes, by where they are loaded from ([`Memo::theme`]), shared by the spaces.
    themes: Mutex<HashMap<u64, KeptTheme>>,
    /// How many times the last build loaded a theme (not kept), for tests.
    pub themes_loaded: AtomicUsize,
}

/// A theme as loaded, with the folder it was loaded from and the key of that folder's files.
struct KeptTheme {
    dir: Option<PathBuf>,
    /// Every file of the folder, name and content ([`theme_key`]).
    key: u64,
    theme: Theme,
}

impl fmt::Debug for KeptTheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeptTheme({:?}, {:x})", self.dir, self.key)
    }
}

/// The kit and its navigation plan, as a build read them.
#[derive(Debug)]
pub struct Structure {
    /// The configuration they were read with.
    pub config: u64,
    pub kit: Arc<Kit>,
    pub plan: Plan,
    /// What reading the kit and planning the navigation reported.
    pub problems: Vec<Diagnostic>,
    /// The key of the kit's files (names, sizes, where they come from) and variables.
    pub files_key: u64,
    /// The key of the plan ([`plan_key`]).
    pub plan_key: u64,
    /// Each page's file as shown in messages, with its site folder ([`crate::pipeline::Report::page_files`]).
    pub page_files: Arc<Vec<(PathBuf, String)>>,
    /// Different for every structure read (the same structure reused keeps its number).
    pub generation: u64,
}

/// The roles and downloads of a build, with their problems.
#[derive(Debug)]
pub struct Extras {
    pub roles: Arc<Roles>,
    pub downloads: Arc<Vec<Download>>,
    pub problems: Vec<Diagnostic>,
    /// What they hold, hashed once when they are made (a page's output reads them).
    pub key: u64,
}

impl Extras {
    pub fn new(roles: Roles, downloads: Vec<Download>, problems: Vec<Diagnostic>) -> Extras {
        // Hashed as they print (the types are not `Hash`), streamed into the hasher.
        struct Hashing<'a>(&'a mut DefaultHasher);
        impl fmt::Write for Hashing<'_> {
            fn write_str(&mut self, text: &str) -> fmt::Result {
                self.0.write(text.as_bytes());
                Ok(())
            }
        }
        let mut hasher = DefaultHasher::new();
        let _ = fmt::Write::write_fmt(&mut Hashing(&mut hasher), format_args!("{roles:?}|{downloads:?}"));
        Extras { roles: Arc::new(roles), downloads: Arc::new(downloads), problems, key: hasher.finish() }
    }
}

/// Each page's governance and the reports made of it, with what collecting it reported.
#[derive(Debug)]
pub struct KeptGovernance {
    pub governance: Arc<Governance>,
    pub problems: Vec<Diagnostic>,
    pub reviews: Vec<Review>,
    pub posters: Vec<PosterPage>,
}

/// A prepared page with its keys.
#[derive(Debug, Clone)]
pub struct KeptPage {
    /// Its text and what every page's preparation reads.
    pub text_key: u64,
    /// `text_key` and the text of every file it included: what its rendering reads of its own.
    pub page_key: u64,
    /// What other pages can read of it ([`outline_key`]).
    pub outline: u64,
    pub prepared: Arc<Prepared>,
}

/// The Markdown files whose text changed, when that is all that changed.
pub type Changed = HashSet<RelPath>;

impl Memo {
    /// The structure of the last build, when the kit's structure cannot have changed since:
    /// the same configuration, and only the text of existing pages (or included files) in
    /// `changed` (absolute paths; `None` when they are not known). Also says which pages.
    pub fn structure(&self, config: u64, changed: Option<&[PathBuf]>) -> Option<(Arc<Structure>, Changed)> {
        let kept = self.structure.lock().ok()?.clone()?;
        if kept.config != config {
            return None;
        }
        let pages = changed_pages(&kept.kit, changed?)?;
        Some((kept, pages))
    }

    /// The memo of the space published at `prefix`, in a site of several spaces.
    pub fn space(&self, prefix: &str) -> Arc<Memo> {
        let mut spaces = self.spaces.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        spaces.entry(prefix.to_string()).or_default().clone()
    }

    /// Forgets the spaces not among `prefixes` (a space removed from the site).
    pub fn retain_spaces(&self, prefixes: &[&str]) {
        if let Ok(mut spaces) = self.spaces.lock() {
            spaces.retain(|prefix, _| prefixes.contains(&prefix.as_str()));
        }
    }

    /// Whether the text of page file `path` (absolute) is all that changed of it, with the
    /// kept structure: `false` when it is not known.
    pub fn only_text_of(&self, path: &Path) -> bool {
        let Some(kept) = self.structure.lock().ok().and_then(|kept| kept.clone()) else { return false };
        changed_pages(&kept.kit, &[path.to_path_buf()]).is_some()
    }

    /// Whether the kept structure shows the file at `path` (absolute) from elsewhere (a
    /// translation's pages it lacks, an overlay), or there is no kept structure.
    pub fn shows_from_elsewhere(&self, path: &Path) -> bool {
        let Some(kept) = self.structure.lock().ok().and_then(|kept| kept.clone()) else { return true };
        kept.kit.tree.layered.values().any(|layered| layered.disk == path)
    }

    pub fn keep_structure(&self, mut structure: Structure) -> Arc<Structure> {
        static GENERATIONS: AtomicU64 = AtomicU64::new(1);
        structure.generation = GENERATIONS.fetch_add(1, Ordering::Relaxed);
        let structure = Arc::new(structure);
        if let Ok(mut kept) = self.structure.lock() {
            *kept = Some(structure.clone());
        }
        structure
    }

    /// Forgets the structure (the kit could not be read: the next build reads it all).
    pub fn forget_structure(&self) {
        if let Ok(mut kept) = self.structure.lock() {
            *kept = None;
        }
    }

    /// The page kept for `source`, whatever its key.
    pub fn kept_page(&self, source: &RelPath) -> Option<KeptPage> {
        self.prepared.lock().ok()?.get(source).cloned()
    }

    /// For each of `sources`: its kept page when neither it nor a file it included is among
    /// the `changed` files (the structure being the same, nothing else it reads changed).
    pub fn untouched<'a>(
        &self,
        sources: impl Iterator<Item = &'a RelPath>,
        changed: &Changed,
    ) -> Vec<Option<KeptPage>> {
        let Ok(kept) = self.prepared.lock() else { return sources.map(|_| None).collect() };
        sources
            .map(|source| {
                let page = kept.get(source)?;
                let touched = changed.contains(source)
                    || page.prepared.scanned.files.iter().skip(1).any(|(path, _)| changed.contains(path));
                (!touched).then(|| page.clone())
            })
            .collect()
    }

    /// The page kept for `source` when prepared from the same inputs (`text_key`), and each
    /// file it included still reads the same.
    pub fn prepared(&self, source: &RelPath, text_key: u64, tree: &SourceTree) -> Option<KeptPage> {
        let kept = self.kept_page(source)?;
        let includes_same = kept
            .prepared
            .scanned
            .files
            .iter()
            .skip(1)
            .all(|(path, text)| tree.read_text(path).ok().as_deref() == Some(&**text));
        (kept.text_key == text_key && includes_same).then_some(kept)
    }

    pub fn keep_prepared(&self, source: &RelPath, page: KeptPage) {
        if let Ok(mut kept) = self.prepared.lock() {
            kept.insert(source.clone(), page);
        }
    }

    /// Renders `site`'s pages with `render`, offering it the pages rendered earlier with the
    /// same key (`keys`, by page id: [`render_keys`]), and keeps the pages it renders.
    pub fn render(&self, site: &Site, keys: &[u64], render: impl FnOnce(Earlier<'_>) -> Rendered) -> Rendered {
        let pages = match self.rendered.lock() {
            Ok(kept) => (site.pages.iter().zip(keys))
                .map(|(page, key)| kept.get(&page.dir).filter(|(kept_key, _)| kept_key == key).map(|(_, p)| p.clone()))
                .collect(),
            Err(_) => Vec::new(),
        };
        let dictionaries = self.dictionaries.lock().map(|d| d.clone()).unwrap_or_default();
        let mut rendered = render(Earlier { keys, pages, dictionaries });
        if let Ok(mut kept) = self.dictionaries.lock() {
            kept.clone_from(&rendered.dictionaries);
        }
        let made = mem::take(&mut rendered.made);
        self.rendered_count.store(made.len(), Ordering::Relaxed);
        if let Ok(mut kept) = self.rendered.lock() {
            for (id, page) in made {
                kept.insert(site.pages[id].dir.clone(), (keys[id], page));
            }
        }
        rendered
    }

    /// Drops what no page of the last build uses (deleted and renamed pages).
    pub fn retain(&self, sources: &HashSet<&RelPath>, dirs: &HashSet<&str>) {
        if let Ok(mut kept) = self.prepared.lock() {
            kept.retain(|source, _| sources.contains(source));
        }
        if let Ok(mut kept) = self.rendered.lock() {
            kept.retain(|dir, _| dirs.contains(dir.as_str()));
        }
    }

    /// The roles and downloads kept for `key` (the structure's generation and every page's
    /// outline), or made by `make` and kept.
    pub fn extras(&self, key: u64, make: impl FnOnce() -> Extras) -> Arc<Extras> {
        kept_for(&self.extras, key, make)
    }

    /// The governance kept for `key` ([`governance_inputs`]), or made by `make` and kept.
    pub fn governance(&self, key: u64, make: impl FnOnce() -> KeptGovernance) -> Arc<KeptGovernance> {
        kept_for(&self.governance, key, make)
    }

    /// The navigation script (`_neokit/nav.js`) kept for `context` ([`context_key`]), or made
    /// and kept: it changes only with what every page shows.
    pub fn nav(&self, site: &Site, context: u64) -> Arc<str> {
        self.kept_text("nav.js", context, || render::nav_script(site))
    }

    /// The site file `name` kept for `key`, or made by `make` and kept.
    pub fn kept_text(&self, name: &'static str, key: u64, make: impl FnOnce() -> String) -> Arc<str> {
        if let Ok(kept) = self.texts.lock()
            && let Some((kept_key, text)) = kept.get(name)
            && *kept_key == key
        {
            return text.clone();
        }
        let text: Arc<str> = make().into();
        if let Ok(mut kept) = self.texts.lock() {
            kept.insert(name, (key, text.clone()));
        }
        text
    }

    /// Forgets the themes a change can have touched: every theme loaded from a folder when the
    /// changed files (absolute paths) are not known, else those with a changed file in their
    /// folder. Called once per build, before any space asks for its theme.
    pub fn forget_themes(&self, changed: Option<&[PathBuf]>) {
        self.themes_loaded.store(0, Ordering::Relaxed);
        let Ok(mut themes) = self.themes.lock() else { return };
        themes.retain(|_, kept| {
            let Some(dir) = &kept.dir else { return true };
            let Some(changed) = changed else { return false };
            let canonical = dir.canonicalize().ok();
            !changed.iter().any(|path| path.starts_with(dir) || canonical.as_ref().is_some_and(|c| path.starts_with(c)))
        });
    }

    /// The theme of `config` with the key of its folder's files ([`theme_key`]): the one kept
    /// since it was last loaded ([`Memo::forget_themes`] forgets it when its files change), or
    /// loaded and kept. Each build gets its own copy (a build sets the templates' `site`).
    pub fn theme(&self, config: &Config) -> Result<(Theme, u64), Vec<Diagnostic>> {
        let dir = config.theme_dir.clone();
        let from = key((&dir, dir.as_deref().map(|d| config.display_path(d))));
        if let Ok(themes) = self.themes.lock()
            && let Some(kept) = themes.get(&from)
        {
            return Ok((kept.theme.clone(), kept.key));
        }
        let key = theme_key(config);
        let theme = theme::load(dir.as_deref(), &|p| config.display_path(p))?;
        self.themes_loaded.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut themes) = self.themes.lock() {
            themes.insert(from, KeptTheme { dir, key, theme: theme.clone() });
        }
        Ok((theme, key))
    }

    /// How each translated page stands against its source ([`translations::item`]), by the
    /// key of what that reads (the pair, its pin, the source's text; `None`: not kept): made
    /// by `make` (with the page's index) only for keys the last build did not have, so that a
    /// save reads and compares the source pages it changed, not every one. Only this build's
    /// are kept.
    pub fn translation_items(
        &self,
        keys: &[Option<u64>],
        make: impl Fn(usize) -> translations::Item,
    ) -> Vec<translations::Item> {
        let mut kept = self.translations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut now = HashMap::with_capacity(keys.len());
        let mut made = 0;
        let items = (keys.iter().enumerate())
            .map(|(index, key)| {
                let item = key.and_then(|key| kept.remove(&key)).unwrap_or_else(|| {
                    made += 1;
                    make(index)
                });
                // A changed page's item also reads the base copy of its pinned text, which the
                // key does not cover: it is made again each time.
                if let Some(key) = key
                    && item.status != Status::Changed
                {
                    now.insert(*key, item.clone());
                }
                item
            })
            .collect();
        *kept = now;
        self.translations_compared.store(made, Ordering::Relaxed);
        items
    }

    /// The "last updated" dates kept between builds.
    pub fn dates(&self) -> MutexGuard<'_, dates::Kept> {
        self.dates.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Frees `value` on another thread (a large kit's pages take milliseconds to free).
pub fn drop_later<T: Send + 'static>(value: T) {
    if thread::Builder::new().name("neokit-free".into()).spawn(move || drop(value)).is_err() {
        // No thread to spare: it was dropped here.
    }
}

/// The pages of `kit` whose text is all that `changed` (absolute paths) changed, or `None`
/// when a change can alter the kit's structure.
fn changed_pages(kit: &Kit, changed: &[PathBuf]) -> Option<Changed> {
    let tree = &kit.tree;
    let mut pages = Changed::new();
    for path in changed {
        let inside = path.strip_prefix(&tree.root).ok()?;
        let rel = RelPath::new(&inside.to_string_lossy().replace('\\', "/"))?;
        let plain_page = tree.markdown.contains(&rel)
            && !tree.layered.contains_key(&rel)
            && kit.summary_source.as_ref() != Some(&rel)
            && is_file(path);
        if !plain_page {
            return None;
        }
        pages.insert(rel);
    }
    Some(pages)
}

fn is_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// What other pages can read of a prepared page: its title, front matter (as read, and its
/// text, where messages point), headings, ids, FAQ questions, links and file blocks.
pub fn outline_key(prepared: &Prepared) -> u64 {
    let text = prepared.scanned.files.first().map_or("", |(_, text)| &**text);
    let front = &text[..frontmatter::split(text).body_start];
    key((
        front,
        format!("{:?}|{:?}|{:?}", prepared.front, prepared.headings, prepared.faq),
        &prepared.ids,
        &prepared.links,
        prepared.is_faq,
        &prepared.title,
        downloads::offers(prepared),
    ))
}

/// The key of the navigation plan: each page's file, folder, parent, section and label, and
/// the navigation.
pub fn plan_key(plan: &Plan) -> u64 {
    let mut hasher = DefaultHasher::new();
    for page in &plan.pages {
        (&page.source, &page.dir, page.parent, page.section, &page.label).hash(&mut hasher);
    }
    hash_sections(&plan.sections, &mut hasher);
    plan.home.hash(&mut hasher);
    hasher.finish()
}

/// The key of the kit's files (names, sizes, where they come from) and variables.
pub fn files_key(kit: &Kit) -> u64 {
    let tree = &kit.tree;
    let mut hasher = DefaultHasher::new();
    tree.markdown.hash(&mut hasher);
    tree.files.hash(&mut hasher);
    tree.removed.hash(&mut hasher);
    tree.adapted.hash(&mut hasher);
    let mut sizes: Vec<(&RelPath, &u64)> = tree.sizes.iter().collect();
    sizes.sort();
    sizes.hash(&mut hasher);
    let mut layered: Vec<(&RelPath, &PathBuf)> = tree.layered.iter().map(|(p, l)| (p, &l.disk)).collect();
    layered.sort();
    layered.hash(&mut hasher);
    format!("{:?}", kit.vars).hash(&mut hasher);
    hasher.finish()
}

/// Each page's render key (by page id): the build's `context` ([`context_key`]), the page's
/// folder, its preparation key (`page_keys`), its "last updated" date and whether it is on the
/// print page (`printed`).
pub fn render_keys(
    site: &Site,
    context: u64,
    page_keys: &[u64],
    dates: &HashMap<RelPath, i64>,
    printed: &[bool],
) -> Vec<u64> {
    (site.pages.iter().enumerate())
        .map(|(id, page)| key((context, &page.dir, page_keys.get(id), dates.get(&page.source), printed[id])))
        .collect()
}

/// The key of the theme folder of `config`: every file's name and content (0 without one).
pub fn theme_key(config: &Config) -> u64 {
    let Some(dir) = &config.theme_dir else { return 0 };
    let mut hasher = DefaultHasher::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        entry.path().hash(&mut hasher);
        if entry.file_type().is_file() {
            fs::read(entry.path()).unwrap_or_default().hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// The key of everything a page's output can read of the rest of the kit: the structure's
/// keys (configuration, files), the theme (`theme`: [`theme_key`]), the navigation, `outlines` (the pages'
/// [`outline_key`]s, in page order), and the roles and downloads (by their [`Extras::key`]).
pub fn context_key(
    site: &Site,
    structure: &Structure,
    outlines: &[u64],
    theme: u64,
    extras_key: u64,
    lint: bool,
) -> u64 {
    let mut hasher = DefaultHasher::new();
    (structure.config, structure.files_key).hash(&mut hasher);
    lint.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    theme.hash(&mut hasher);
    hash_sections(&site.sections, &mut hasher);
    (site.home, &site.reading_order).hash(&mut hasher);
    for (page, outline) in site.pages.iter().zip(outlines) {
        (&page.source, &page.dir, &page.title, &page.nav_label, page.hidden).hash(&mut hasher);
        (page.parent, &page.children, page.section, page.prev, page.next, outline).hash(&mut hasher);
    }
    extras_key.hash(&mut hasher);
    hasher.finish()
}

/// The key the roles and downloads are kept by ([`Memo::extras`]): they are read from the
/// structure and every page's outline.
pub fn extras_inputs(structure: &Structure, outlines: &[u64]) -> u64 {
    key((structure.generation, outlines))
}

/// The key the governance is kept by ([`Memo::governance`]): it reads the structure (the
/// configuration, the kit's files and pages), every page's front matter (in its outline), the
/// roles (`extras_key`), the day and, for the "What changed" page, the lock (`lock`: how it
/// reads, `None` when it is damaged and its problem must be reported afresh: not kept then).
pub fn governance_inputs(
    structure: &Structure,
    outlines: &[u64],
    extras_key: u64,
    today: i64,
    lock: Option<u64>,
) -> Option<u64> {
    Some(key((structure.generation, structure.config, outlines, extras_key, today, lock?)))
}

/// Hashes the navigation: every section's title and anchor, every entry's label, target and
/// entries.
fn hash_sections(sections: &[NavSection], hasher: &mut impl Hasher) {
    fn items(list: &[NavItem], hasher: &mut impl Hasher) {
        list.len().hash(hasher);
        for item in list {
            item.label.hash(hasher);
            match &item.target {
                NavTarget::Page(id) => (0u8, id).hash(hasher),
                NavTarget::PageAnchor(id, anchor) => (1u8, id, anchor).hash(hasher),
                NavTarget::File(path) => (2u8, path).hash(hasher),
                NavTarget::External(url) => (3u8, url).hash(hasher),
                NavTarget::Generated(dir) => (4u8, dir).hash(hasher),
                NavTarget::None => 5u8.hash(hasher),
            }
            items(&item.children, hasher);
        }
    }
    sections.len().hash(hasher);
    for section in sections {
        (&section.title, &section.anchor).hash(hasher);
        items(&section.items, hasher);
    }
}

/// What `slot` keeps for `key`, or what `make` makes, kept there for the next build.
fn kept_for<T>(slot: &Mutex<Option<(u64, Arc<T>)>>, key: u64, make: impl FnOnce() -> T) -> Arc<T> {
    if let Ok(kept) = slot.lock()
        && let Some((kept_key, value)) = &*kept
        && *kept_key == key
    {
        return value.clone();
    }
    let value = Arc::new(make());
    if let Ok(mut kept) = slot.lock() {
        *kept = Some((key, value.clone()));
    }
    value
}
