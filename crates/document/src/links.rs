//! Link resolution: what a destination written in a page points at.
//!
//! Input: the page the link is on, the destination as written (`../consent.md#ask`,
//! `folder`, `<image (3).png>`, `https://...`), the page index and the source tree. Output: a
//! [`Target`]. Pure: no disk access. GitBook writes folder links as `folder/`, `folder`,
//! `folder/README.md` or `folder#anchor`; all of them resolve to the folder's page, and links
//! without `.md` resolve to the page with it. Anchors that match no heading exactly fall back
//! to a forgiving comparison (GitHub-style anchors, a missing `id-` prefix).
//!
//! In a site of several spaces, a [`CrossSpace`] (every space's pages, built by the site)
//! finds where a link that leaves its space's folder, or names another space, leads.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::markdown::destinations::is_lost;
use crate::markdown::headings::fuzzy_key;
use neokit_core::paths::is_readme;
use neokit_core::paths::{RelPath, percent_decode};
use neokit_core::source::SourceTree;

pub type PageId = usize;

/// What a resolver needs to know about each page.
pub trait PageIndex {
    fn page_by_source(&self, source: &RelPath) -> Option<PageId>;
    /// Whether the page has this anchor, or the anchor it matches forgivingly.
    fn find_anchor(&self, page: PageId, anchor: &str) -> AnchorMatch;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorMatch {
    Exact,
    Fuzzy(String),
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site, with the anchor to use (already corrected by the fuzzy match).
    Page { page: PageId, anchor: Option<String>, anchor_missing: bool },
    /// A file of the kit that gets published (an image, a PDF).
    File { path: RelPath },
    /// An anchor on the same page.
    Fragment { anchor: String, anchor_missing: bool },
    /// Another site, `mailto:`, `tel:` ...
    External { cross_space: bool },
    /// Nothing to resolve (an empty destination).
    Empty,
    /// Points at nothing; `help` suggests a fix.
    Broken { reason: String, help: Option<String> },
    /// A page of the kit that is not published (not in SUMMARY.md, or removed by the
    /// overlay): no address can reach it, so the link's text is shown without a link.
    Unpublished { reason: String, help: Option<String> },
}

/// Splits `dest` into (path, anchor) after removing angle brackets and any `?query`.
fn split(dest: &str) -> (String, Option<String>) {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    (percent_decode(path), anchor.map(|a| percent_decode(&a)))
}

pub fn is_external(dest: &str) -> bool {
    let dest = dest.trim();
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !dest[..colon].contains('/')
                && colon > 1
        }
        None => false,
    }
}

/// Resolves `dest` written in the page (or included file) whose source file is `from`.
/// `current` is the page being rendered (for `#anchor` links).
pub fn resolve(index: &dyn PageIndex, tree: &SourceTree, current: PageId, from: &RelPath, dest: &str) -> Target {
    if dest.trim().is_empty() {
        return Target::Empty;
    }
    if is_lost(dest) {
        return Target::Unpublished {
            reason: format!("GitBook marked this link as broken (`{}`)", dest.trim()),
            help: Some("link it again: write the page's path between the parentheses".into()),
        };
    }
    if is_external(dest) {
        return Target::External {
            cross_space: dest.contains("app.gitbook.com/s/") || dest.contains("app.gitbook.com/o/"),
        };
    }
    // Raw HTML attributes carry file names as written, `#` included.
    let literal = percent_decode(dest.trim().trim_start_matches('<').trim_end_matches('>'));
    if literal.contains('#')
        && let Some(file) = Some(from.parent().join_clamped(&literal)).filter(|p| tree.files.contains(p))
    {
        return Target::File { path: file };
    }
    let (path, anchor) = split(dest);
    let anchor = anchor.filter(|a| !a.is_empty());
    if path.is_empty() {
        return match anchor {
            Some(anchor) => {
                let (anchor, anchor_missing) = check_anchor(index, current, anchor);
                Target::Fragment { anchor, anchor_missing }
            }
            None => Target::Empty,
        };
    }
    // `..` past the root stays at the root, as on GitBook: nothing outside the kit is reached.
    let joined = from.parent().join_clamped(&path);
    let page = find_page(index, tree, &joined, &path);
    if let Some(page) = page {
        return match anchor {
            Some(anchor) => {
                let (anchor, anchor_missing) = check_anchor(index, page, anchor);
                Target::Page { page, anchor: Some(anchor), anchor_missing }
            }
            None => Target::Page { page, anchor: None, anchor_missing: false },
        };
    }
    if tree.files.contains(&joined) {
        return Target::File { path: joined };
    }
    if tree.markdown.contains(&joined) {
        return Target::Unpublished {
            reason: format!("`{path}` is not a page of the site (it is not listed in SUMMARY.md)"),
            help: Some("add it to SUMMARY.md or link to another page".into()),
        };
    }
    if tree.removed.contains(&joined) {
        return Target::Unpublished {
            reason: format!("`{path}` is removed by the overlay (`remove:` in neokit.yaml), so it is not published"),
            help: Some("link to another page, or remove the link in an insert or a replaced page".into()),
        };
    }
    if let Some(real) = tree.by_lowercase.get(&joined.as_str().to_lowercase()) {
        return Target::Broken {
            reason: format!("`{path}` does not exist"),
            help: Some(format!("the file is called `{}`: letter case matters on web servers", real.file_name())),
        };
    }
    Target::Broken { reason: format!("`{path}` does not exist"), help: suggest(tree, &joined, &from.parent()) }
}

fn find_page(index: &dyn PageIndex, tree: &SourceTree, joined: &RelPath, written: &str) -> Option<PageId> {
    if let Some(page) = index.page_by_source(joined) {
        return Some(page);
    }
    // A folder: its README (any case).
    if tree.is_dir(joined) || written.ends_with('/') {
        for readme in ["README.md", "readme.md", "Readme.md"] {
            if let Some(page) = joined.join(readme).and_then(|p| index.page_by_source(&p)) {
                return Some(page);
            }
        }
    }
    // GitBook-style URL without `.md`.
    if joined.extension() != "md" {
        let with_md = RelPath::new(&format!("{}.md", joined.as_str()))?;
        if let Some(page) = index.page_by_source(&with_md) {
            return Some(page);
        }
    }
    // `folder/README.md` written for a folder page stored as `folder.md`? No: GitBook never
    // does that. But `x/README.md` may be the home page (`structure.readme`).
    if is_readme(joined) && joined.parent().is_root() {
        return index.page_by_source(joined);
    }
    None
}

fn check_anchor(index: &dyn PageIndex, page: PageId, anchor: String) -> (String, bool) {
    match index.find_anchor(page, &anchor) {
        AnchorMatch::Exact => (anchor, false),
        AnchorMatch::Fuzzy(found) => (found, false),
        AnchorMatch::None => (anchor, true),
    }
}

/// A similar existing page path, for "did you mean".
/// "did you mean ...?" for a missing file, written as it would be from `from_dir` (the folder
/// of the file that has the link), so it can be pasted in place.
pub fn suggest(tree: &SourceTree, wanted: &RelPath, from_dir: &RelPath) -> Option<String> {
    let wanted_name = wanted.file_name().trim_end_matches(".md").to_lowercase();
    tree.markdown
        .iter()
        .chain(tree.files.iter())
        .filter(|p| !p.file_name().starts_with('.'))
        .map(|p| (strsim::jaro_winkler(&wanted_name, &p.file_stem().to_lowercase()), p))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| format!("did you mean `{}`?", relative(from_dir, p)))
}

/// `to` as a relative path from the folder `from_dir` (`../b/c.md`).
pub fn relative(from_dir: &RelPath, to: &RelPath) -> String {
    let from: Vec<&str> = from_dir.segments().collect();
    let target: Vec<&str> = to.segments().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count().min(target.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

/// Anchors of one page, with the forgiving index.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    exact: std::collections::HashSet<String>,
    /// Other spellings (GitHub-style slugs of heading texts) -> the real anchor.
    alias: HashMap<String, String>,
    fuzzy: HashMap<String, String>,
}

/// The anchor GitHub (and hand-written kits) give a heading: lowercase, punctuation removed,
/// spaces to hyphens (`Tea & biscuits` -> `tea--biscuits`).
pub fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

impl Anchors {
    pub fn insert(&mut self, anchor: &str) {
        self.exact.insert(anchor.to_string());
        self.fuzzy.entry(fuzzy_key(anchor)).or_insert_with(|| anchor.to_string());
    }

    /// A heading's anchor, also findable by the other ways its text is commonly slugged.
    pub fn insert_heading(&mut self, anchor: &str, text: &str) {
        self.insert(anchor);
        let github = github_slug(text);
        if github != anchor {
            self.alias.entry(github.clone()).or_insert_with(|| anchor.to_string());
            self.fuzzy.entry(fuzzy_key(&github)).or_insert_with(|| anchor.to_string());
        }
    }

    pub fn find(&self, anchor: &str) -> AnchorMatch {
        if self.exact.contains(anchor) || anchor == "top" {
            return AnchorMatch::Exact;
        }
        if let Some(found) = self.alias.get(anchor) {
            return AnchorMatch::Fuzzy(found.clone());
        }
        match self.fuzzy.get(&fuzzy_key(anchor)) {
            Some(found) => AnchorMatch::Fuzzy(found.clone()),
            None => AnchorMatch::None,
        }
    }
}

/// Every space's pages, for links from one space's pages into another's: relative paths that
/// leave a space's folder, and `https://app.gitbook.com/s/<key>/...` links naming a space the
/// site config knows.
#[derive(Debug, Default)]
pub struct CrossSpace {
    spaces: Vec<SpacePages>,
}

/// One space of a [`CrossSpace`].
#[derive(Debug)]
pub struct SpacePages {
    /// GitBook's stable key of the space.
    pub key: String,
    /// Its content root on disk.
    pub root: PathBuf,
    /// Its output folder below the site root.
    pub prefix: String,
    /// Its pages' folders (below the space's folder) by source path.
    pub pages: HashMap<RelPath, String>,
}

impl CrossSpace {
    pub fn new(spaces: Vec<SpacePages>) -> CrossSpace {
        CrossSpace { spaces }
    }

    /// The folder below the site root of the page `path` leads to, written in a file of space
    /// `current` that is in folder `from` on disk, when it is a page of another space.
    pub fn resolve(&self, current: usize, from: &Path, path: &str) -> Option<String> {
        if let Some(rest) = path.split_once("app.gitbook.com/s/").map(|(_, rest)| rest) {
            let (key, rest) = rest.split_once('/').unwrap_or((rest, ""));
            let space = self.spaces.iter().find(|s| s.key == key)?;
            let rest = rest.split(['#', '?']).next().unwrap_or("").trim_matches('/');
            let dir = if rest.is_empty() { String::new() } else { format!("{rest}/") };
            return space.pages.values().any(|d| *d == dir).then(|| format!("{}{dir}", space.prefix));
        }
        if path.contains("://") || path.starts_with('/') {
            return None;
        }
        let decoded = percent_decode(path);
        let mut target = PathBuf::new();
        for component in from.join(&decoded).components() {
            match component {
                Component::ParentDir => {
                    target.pop();
                }
                Component::CurDir => {}
                other => target.push(other),
            }
        }
        if target.starts_with(&self.spaces.get(current)?.root) {
            return None;
        }
        // The deepest space folder holding the target (spaces may sit inside each other).
        let space = self
            .spaces
            .iter()
            .enumerate()
            .filter(|(i, s)| *i != current && target.starts_with(&s.root))
            .max_by_key(|(_, s)| s.root.components().count())?
            .1;
        let relative = target.strip_prefix(&space.root).ok()?.to_string_lossy().replace('\\', "/");
        let page = RelPath::new(&relative)?;
        let readme = RelPath::new(&format!("{relative}/README.md"));
        let dir = space.pages.get(&page).or_else(|| readme.and_then(|r| space.pages.get(&r)))?;
        Some(format!("{}{dir}", space.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Index {
        pages: Vec<(RelPath, Anchors)>,
    }

    impl PageIndex for Index {
        fn page_by_source(&self, source: &RelPath) -> Option<PageId> {
            self.pages.iter().position(|(p, _)| p == source)
        }
        fn find_anchor(&self, page: PageId, anchor: &str) -> AnchorMatch {
            self.pages[page].1.find(anchor)
        }
    }

    fn fixture() -> (Index, SourceTree) {
        let mut anchors = Anchors::default();
        anchors.insert("safe-obtaining-consent");
        anchors.insert("id-3.-safe");
        let paths = ["README.md", "3.-safe-simple-and-small/README.md", "team/2.1-pioneer-team.md", "welcome/faqs.md"];
        let index = Index {
            pages: paths
                .iter()
                .map(|p| {
                    (RelPath::new(p).unwrap(), if p.starts_with('3') { anchors.clone() } else { Anchors::default() })
                })
                .collect(),
        };
        let mut tree = SourceTree::default();
        for p in paths.iter().chain(["orphan.md"].iter()) {
            tree.markdown.insert(RelPath::new(p).unwrap());
        }
        for f in [".gitbook/assets/Slides (1).pptx", ".gitbook/assets/image (3).png"] {
            tree.files.insert(RelPath::new(f).unwrap());
        }
        for d in ["", "3.-safe-simple-and-small", "team", "welcome", ".gitbook", ".gitbook/assets"] {
            tree.dirs.insert(RelPath::new(d).unwrap());
        }
        for p in tree.markdown.iter().chain(tree.files.iter()) {
            tree.by_lowercase.insert(p.as_str().to_lowercase(), p.clone());
        }
        (index, tree)
    }

    fn go(from: &str, dest: &str) -> Target {
        let (index, tree) = fixture();
        resolve(&index, &tree, 2, &RelPath::new(from).unwrap(), dest)
    }

    #[test]
    fn folder_links_in_every_spelling() {
        for dest in
            ["../3.-safe-simple-and-small", "../3.-safe-simple-and-small/", "../3.-safe-simple-and-small/README.md"]
        {
            assert_eq!(go("team/x.md", dest), Target::Page { page: 1, anchor: None, anchor_missing: false }, "{dest}");
        }
        assert_eq!(
            go("team/x.md", "../3.-safe-simple-and-small#safe-obtaining-consent"),
            Target::Page { page: 1, anchor: Some("safe-obtaining-consent".into()), anchor_missing: false }
        );
    }

    #[test]
    fn anchors_exact_fuzzy_missing() {
        assert_eq!(
            go("README.md", "3.-safe-simple-and-small/#3-safe"),
            Target::Page { page: 1, anchor: Some("id-3.-safe".into()), anchor_missing: false }
        );
        assert_eq!(
            go("README.md", "3.-safe-simple-and-small/#nothing"),
            Target::Page { page: 1, anchor: Some("nothing".into()), anchor_missing: true }
        );
    }

    #[test]
    fn github_style_anchors() {
        let mut anchors = Anchors::default();
        anchors.insert_heading("tea-and-biscuits", "Tea & biscuits");
        assert_eq!(github_slug("Tea & biscuits"), "tea--biscuits");
        assert_eq!(anchors.find("tea--biscuits"), AnchorMatch::Fuzzy("tea-and-biscuits".into()));
        assert_eq!(anchors.find("tea-biscuits"), AnchorMatch::Fuzzy("tea-and-biscuits".into()));
    }

    #[test]
    fn files_and_encodings() {
        let slides = RelPath::new(".gitbook/assets/Slides (1).pptx").unwrap();
        assert_eq!(go("team/x.md", "../.gitbook/assets/Slides%20(1).pptx"), Target::File { path: slides.clone() });
        assert_eq!(go("team/x.md", "<../.gitbook/assets/Slides (1).pptx>"), Target::File { path: slides });
        assert_eq!(
            go("README.md", "team/2.1-pioneer-team"),
            Target::Page { page: 2, anchor: None, anchor_missing: false }
        );
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        let root = RelPath::default();
        let p = |s: &str| RelPath::new(s).unwrap();
        assert_eq!(relative(&root, &p("a/b.md")), "a/b.md");
        assert_eq!(relative(&p("a"), &p("a/b.md")), "b.md");
        assert_eq!(relative(&p("a/x"), &p("a/b.md")), "../b.md");
        assert_eq!(relative(&p("c"), &p("a/b.md")), "../a/b.md");
        assert_eq!(relative(&p("a/b.md"), &p("a/b.md")), "../b.md");
    }

    #[test]
    fn broken_and_external() {
        assert!(matches!(go("README.md", "orphan.md"), Target::Unpublished { .. }));
        assert!(matches!(go("README.md", "../../x.md"), Target::Broken { .. }));
        assert!(
            matches!(go("README.md", "Welcome/FAQs.md"), Target::Broken { help: Some(h), .. } if h.contains("letter case"))
        );
        assert!(
            matches!(go("README.md", "welcome/faq.md"), Target::Broken { help: Some(h), .. } if h.contains("faqs.md"))
        );
        assert_eq!(go("README.md", "https://example.org/a.md"), Target::External { cross_space: false });
        assert_eq!(go("README.md", "mailto:a@b.org"), Target::External { cross_space: false });
        assert_eq!(go("README.md", "https://app.gitbook.com/s/abc/page"), Target::External { cross_space: true });
        assert_eq!(go("README.md", ""), Target::Empty);
        assert!(!is_external("C:/x"));
    }

    #[test]
    fn lost_link_markers() {
        for dest in [
            "broken-reference",
            " broken-reference ",
            "/broken/pages/mX2pQ7rT9vWz",
            "/broken/pages/mX2pQ7rT9vWz#dosage",
            "</broken/pages/abc>",
            "/broken/spaces/Sp4ce-1d/pages/P4ge_id",
            "/broken/spaces/Sp4ce-1d/pages/P4ge_id/",
        ] {
            assert!(is_lost(dest), "{dest}");
            assert!(matches!(go("README.md", dest), Target::Unpublished { .. }), "{dest}");
        }
        for dest in [
            "broken-reference.md",
            "/broken/pages/",
            "/broken/pages/a/b",
            "/broken/spaces/x/pages",
            "broken/pages/abc",
            "/broken/elsewhere/abc",
            "https://example.org/broken/pages/abc",
        ] {
            assert!(!is_lost(dest), "{dest}");
        }
    }
}
