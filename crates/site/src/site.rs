//! The site model: which files are pages, where each is published, the navigation tree,
//! reading order, and everything rendering looks up about other pages.
//!
//! [`plan`] (input: the [`Summary`] and the source tree) decides the pages and the navigation
//! before any page is read; [`assemble`] (input: the plan and the prepared pages) adds titles,
//! anchors and previous/next links and yields the immutable [`Site`]. A page `a/b.md` is
//! published in folder `a/b/`, `a/README.md` in `a/`, the kit's README at the root, as on
//! GitBook, so old links keep working.

use std::collections::HashMap;

use neokit_core::diagnostics::{Diagnostic, LineIndex, Location, Part};
use neokit_core::paths::{RelPath, is_readme, percent_decode};
use neokit_core::source::SourceTree;
use neokit_document::links::{AnchorMatch, PageId, PageIndex, suggest};
use neokit_document::markdown::Prepared;
use neokit_document::markdown::render::SiteInfo;
use neokit_document::summary::{Item, Summary, SummaryFile, Target};

/// Where kit assets (`.gitbook/assets/`) are published.
pub const ASSETS_DIR: &str = "assets/";
/// Where the theme's own files are published.
pub const THEME_DIR: &str = "_neokit/";

/// Where a kit file is published, relative to the site root.
pub fn file_output(path: &RelPath) -> String {
    match path.as_str().strip_prefix(".gitbook/assets/") {
        Some(rest) => format!("{ASSETS_DIR}{rest}"),
        None => path.as_str().to_string(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum NavTarget {
    Page(PageId),
    /// A SUMMARY entry pointing at a section of a page.
    PageAnchor(PageId, String),
    /// A SUMMARY entry pointing at a kit file (a PDF).
    File(RelPath),
    External(String),
    /// A page neokit generates (the downloads page), by output folder.
    Generated(String),
    /// A label without a link.
    None,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub label: String,
    pub target: NavTarget,
    pub children: Vec<NavItem>,
    /// The label comes from the file name and is replaced by the page title once known.
    label_from_title: bool,
}

impl NavItem {
    /// An entry for a page neokit generates.
    pub fn generated(label: &str, dir: &str) -> NavItem {
        NavItem {
            label: label.to_string(),
            target: NavTarget::Generated(dir.to_string()),
            children: Vec::new(),
            label_from_title: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NavSection {
    pub title: Option<String>,
    pub anchor: Option<String>,
    pub items: Vec<NavItem>,
}

/// A page before it is read.
#[derive(Debug, Clone)]
pub struct PlannedPage {
    pub source: RelPath,
    pub dir: String,
    pub parent: Option<PageId>,
    pub section: usize,
    /// The SUMMARY label, if the page has one.
    pub label: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub pages: Vec<PlannedPage>,
    pub sections: Vec<NavSection>,
    pub home: Option<PageId>,
}

/// Decides pages and navigation. `summary_file` is SUMMARY.md's path and text (for messages),
/// when the kit has one.
pub fn plan(
    summary: &Summary,
    tree: &SourceTree,
    readme: &RelPath,
    summary_file: Option<&SummaryFile>,
) -> (Plan, Vec<Diagnostic>) {
    let mut planner = Planner {
        tree,
        pages: Vec::new(),
        by_source: HashMap::new(),
        by_dir: HashMap::new(),
        by_folded_dir: HashMap::new(),
        diagnostics: Vec::new(),
        summary_file,
        lines: summary_file.map(|file| LineIndex::new(&file.text)),
        readme: readme.clone(),
    };
    let mut sections = Vec::new();
    for (index, section) in summary.sections.iter().enumerate() {
        let items = section.items.iter().filter_map(|item| planner.item(item, None, index)).collect();
        sections.push(NavSection { title: section.title.clone(), anchor: section.anchor.clone(), items });
    }
    if sections.is_empty() {
        sections.push(NavSection { title: None, anchor: None, items: Vec::new() });
    }
    // The README is the home page even when SUMMARY.md forgets it.
    let mut home = planner.by_source.get(readme).copied();
    if home.is_none() && tree.markdown.contains(readme) {
        let id = planner.add_page(readme.clone(), None, 0, None, 0);
        if let Some(id) = id {
            sections[0].items.insert(
                0,
                NavItem {
                    label: String::new(),
                    target: NavTarget::Page(id),
                    children: Vec::new(),
                    label_from_title: true,
                },
            );
        }
        home = id;
    }
    // A root README.md listed in SUMMARY.md is published at the root: it is the home page.
    if home.is_none() {
        home = planner.by_dir.get("").copied();
    }
    let Planner { pages, mut diagnostics, .. } = planner;
    if home.is_none() {
        diagnostics.push(
            Diagnostic::warning(
                "missing-readme",
                format!("the kit has no `{}`, so it has no home page", readme.as_str()),
            )
            .with_help("the site's front page will forward to the first page"),
        );
    }
    (Plan { pages, sections, home }, diagnostics)
}

struct Planner<'a> {
    tree: &'a SourceTree,
    pages: Vec<PlannedPage>,
    by_source: HashMap<RelPath, PageId>,
    by_dir: HashMap<String, PageId>,
    /// Output folders in lower case, to spot folders that differ only in letter case.
    by_folded_dir: HashMap<String, PageId>,
    diagnostics: Vec<Diagnostic>,
    summary_file: Option<&'a SummaryFile>,
    lines: Option<LineIndex<'a>>,
    readme: RelPath,
}

impl Planner<'_> {
    fn location(&self, offset: usize) -> Option<Location> {
        let file = self.summary_file?;
        Some(self.lines.as_ref()?.location(&file.shown, offset))
    }

    fn problem(&mut self, diagnostic: Diagnostic, offset: usize) {
        let diagnostic = match self.location(offset) {
            Some(location) => diagnostic.at(location),
            None => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }

    /// The output folder of a page file.
    fn dir_of(&self, source: &RelPath) -> String {
        if *source == self.readme {
            return String::new();
        }
        let base = if is_readme(source) {
            source.parent()
        } else {
            RelPath::new(source.as_str().trim_end_matches(".md")).unwrap_or_default()
        };
        if base.is_root() { String::new() } else { format!("{}/", base.as_str()) }
    }

    fn add_page(
        &mut self,
        source: RelPath,
        label: Option<String>,
        section: usize,
        parent: Option<PageId>,
        offset: usize,
    ) -> Option<PageId> {
        let mut dir = self.dir_of(&source);
        if let Some(&other) = self.by_dir.get(&dir) {
            // As GitBook does, the second page gets the next free address: both are published.
            let other = self.pages[other].source.clone();
            let shown = if dir.is_empty() { "the site root".to_string() } else { format!("`{dir}`") };
            let stem = if dir.is_empty() { "page".to_string() } else { dir.trim_end_matches('/').to_string() };
            let free = (1..).map(|n| format!("{stem}-{n}/")).find(|d| !self.by_dir.contains_key(d)).unwrap_or_default();
            self.problem(
                Diagnostic::warning(
                    "url-conflict",
                    format!(
                        "`{}` and `{}` would both be published at {shown}: `{}` is published at `{free}`",
                        source.as_str(),
                        other.as_str(),
                        source.as_str()
                    ),
                )
                .with_help("rename or move one of them to choose its address"),
                offset,
            );
            dir = free;
        }
        let folded = dir.to_lowercase();
        if let Some(&other) = self.by_folded_dir.get(&folded) {
            let other = &self.pages[other];
            let message = format!(
                "`{}` and `{}` are published at `{dir}` and `{}`, which differ only in letter case",
                source.as_str(),
                other.source.as_str(),
                other.dir
            );
            self.problem(
                Diagnostic::warning("case-conflict", message).with_help(
                    "on Windows and macOS, and on most shared drives, one would replace the other: rename one",
                ),
                offset,
            );
        }
        let id = self.pages.len();
        self.by_folded_dir.entry(folded).or_insert(id);
        self.pages.push(PlannedPage { source: source.clone(), dir: dir.clone(), parent, section, label });
        self.by_source.insert(source, id);
        self.by_dir.insert(dir, id);
        Some(id)
    }

    fn item(&mut self, item: &Item, parent: Option<PageId>, section: usize) -> Option<NavItem> {
        let label = item.nav_label().to_string();
        let inferred = item.offset == 0 && self.summary_file.is_none();
        let mut target = NavTarget::None;
        match &item.target {
            Target::File { path, anchor, written } => match self.page_file(path) {
                Some(file) if file.extension() == "md" => {
                    let existing = self.by_source.get(&file).copied();
                    let id = match existing {
                        Some(id) => {
                            if anchor.is_none() {
                                self.problem(
                                    Diagnostic::warning("duplicate-entry", format!("`{written}` is listed more than once; a page has one place in the navigation"))
                                        .with_help("this entry links to the first one"),
                                    item.offset,
                                );
                            }
                            Some(id)
                        }
                        None => self.add_page(file, (!inferred).then(|| label.clone()), section, parent, item.offset),
                    };
                    target = match (id, anchor) {
                        (Some(id), Some(anchor)) => NavTarget::PageAnchor(id, anchor.clone()),
                        (Some(id), None) => NavTarget::Page(id),
                        (None, _) => NavTarget::None,
                    };
                }
                Some(file) => target = NavTarget::File(file),
                None => {
                    // SUMMARY.md's folder: the part of the path its entry does not spell out.
                    let spelled = percent_decode(written.trim_start_matches("./"));
                    let dir = path.as_str().strip_suffix(spelled.as_str()).and_then(RelPath::new).unwrap_or_default();
                    // The rest of the site is right: the entry is shown as text, without a link.
                    let suggestion = suggest(self.tree, path, &dir);
                    let meant = suggestion.is_some();
                    let help = suggestion.unwrap_or_else(|| {
                        "create the file or remove the entry from SUMMARY.md; until then the navigation shows its title without a link".into()
                    });
                    let problem =
                        Diagnostic::warning("missing-page", format!("`{written}` does not exist")).with_help(help);
                    // A misspelt entry leaves out the page it meant: links to that page and the
                    // page itself ("not listed") follow from it.
                    let problem = if meant { problem.leaves_unread(Part::Pages) } else { problem };
                    self.problem(problem, item.offset)
                }
            },
            Target::External(url) => target = NavTarget::External(url.clone()),
            Target::None => {}
        }
        let own_page = match target {
            NavTarget::Page(id) if self.pages[id].parent == parent => Some(id),
            _ => None,
        };
        let children =
            item.children.iter().filter_map(|child| self.item(child, own_page.or(parent), section)).collect();
        Some(NavItem { label, target, children, label_from_title: inferred })
    }

    /// The page file a SUMMARY path names: the file, a folder's README, or the path + `.md`.
    fn page_file(&self, path: &RelPath) -> Option<RelPath> {
        if self.tree.contains(path) {
            return Some(path.clone());
        }
        if self.tree.is_dir(path) {
            return self.tree.markdown.iter().find(|p| p.parent() == *path && is_readme(p)).cloned();
        }
        let with_md = RelPath::new(&format!("{}.md", path.as_str()))?;
        self.tree.markdown.contains(&with_md).then_some(with_md)
    }
}

/// A page of the finished site.
#[derive(Debug)]
pub struct Page {
    pub source: RelPath,
    /// Output folder relative to the site root: "" for the home page, else "a/b/".
    pub dir: String,
    pub title: String,
    pub nav_label: String,
    pub hidden: bool,
    pub parent: Option<PageId>,
    pub children: Vec<PageId>,
    pub section: usize,
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
    pub prepared: std::sync::Arc<Prepared>,
}

#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    pub by_source: HashMap<RelPath, PageId>,
    pub sections: Vec<NavSection>,
    pub home: Option<PageId>,
    /// Pages in reading order (hidden pages left out).
    pub reading_order: Vec<PageId>,
}

/// Builds the site from the plan and the prepared pages (same order as `plan.pages`).
pub fn assemble(plan: Plan, prepared: Vec<std::sync::Arc<Prepared>>) -> Site {
    let mut pages: Vec<Page> = plan
        .pages
        .into_iter()
        .zip(prepared)
        .map(|(planned, prepared)| {
            let title = prepared
                .title
                .clone()
                .filter(|t| !t.is_empty())
                .or_else(|| planned.label.clone())
                .unwrap_or_else(|| fallback_title(&planned.source));
            Page {
                nav_label: planned.label.clone().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| title.clone()),
                title,
                hidden: prepared.front.hidden,
                source: planned.source,
                dir: planned.dir,
                parent: planned.parent,
                children: Vec::new(),
                section: planned.section,
                prev: None,
                next: None,
                prepared,
            }
        })
        .collect();
    let mut sections = plan.sections;
    for section in &mut sections {
        fill_labels(&mut section.items, &pages);
    }
    for id in 0..pages.len() {
        if let Some(parent) = pages[id].parent {
            pages[parent].children.push(id);
        }
    }
    let mut reading_order = Vec::new();
    let mut listed = vec![false; pages.len()];
    for section in &sections {
        collect_order(&section.items, &pages, &mut reading_order, &mut listed);
    }
    for pair in reading_order.windows(2) {
        pages[pair[0]].next = Some(pair[1]);
        pages[pair[1]].prev = Some(pair[0]);
    }
    let by_source = pages.iter().enumerate().map(|(id, p)| (p.source.clone(), id)).collect();
    Site { pages, by_source, sections, home: plan.home, reading_order }
}

fn fill_labels(items: &mut [NavItem], pages: &[Page]) {
    for item in items {
        if let NavTarget::Page(id) = item.target
            && (item.label_from_title || item.label.trim().is_empty())
        {
            item.label = pages[id].title.clone();
        }
        fill_labels(&mut item.children, pages);
    }
}

/// Adds the pages of `items` to the reading order, each once (`listed`: by page).
fn collect_order(items: &[NavItem], pages: &[Page], order: &mut Vec<PageId>, listed: &mut [bool]) {
    for item in items {
        if let NavTarget::Page(id) = item.target {
            if pages[id].hidden {
                continue;
            }
            if !listed[id] {
                listed[id] = true;
                order.push(id);
            }
        }
        collect_order(&item.children, pages, order, listed);
    }
}

fn fallback_title(source: &RelPath) -> String {
    let name = if is_readme(source) { source.parent().file_name().to_string() } else { source.file_stem().to_string() };
    if name.is_empty() { "Home".into() } else { name.replace(['-', '_'], " ") }
}

impl Site {
    /// The chain of pages from the top of the navigation down to `page` (excluded).
    pub fn ancestors(&self, page: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[page].parent;
        while let Some(id) = current {
            if chain.contains(&id) {
                break;
            }
            chain.push(id);
            current = self.pages[id].parent;
        }
        chain.reverse();
        chain
    }
}

impl PageIndex for Site {
    fn page_by_source(&self, source: &RelPath) -> Option<PageId> {
        self.by_source.get(source).copied()
    }

    fn find_anchor(&self, page: PageId, anchor: &str) -> AnchorMatch {
        self.pages[page].prepared.anchors.find(anchor)
    }
}

impl SiteInfo for Site {
    fn page_dir(&self, page: PageId) -> &str {
        &self.pages[page].dir
    }

    fn page_title(&self, page: PageId) -> &str {
        &self.pages[page].title
    }

    fn page_description(&self, page: PageId) -> Option<&str> {
        self.pages[page].prepared.front.description.as_deref()
    }

    fn heading_text(&self, page: PageId, anchor: &str) -> Option<&str> {
        self.pages[page].prepared.headings.iter().find(|h| h.anchor == anchor).map(|h| h.text.as_str())
    }

    fn heading_index(&self, page: PageId, anchor: &str) -> Option<usize> {
        let headings = &self.pages[page].prepared.headings;
        headings.iter().position(|h| h.anchor == anchor).filter(|&i| headings[i].level != 1)
    }

    fn file_output(&self, path: &RelPath) -> String {
        file_output(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> SourceTree {
        let mut tree = SourceTree::default();
        for p in paths {
            let rel = RelPath::new(p).unwrap();
            let mut dir = rel.parent();
            loop {
                tree.dirs.insert(dir.clone());
                if dir.is_root() {
                    break;
                }
                dir = dir.parent();
            }
            if rel.extension() == "md" {
                tree.markdown.insert(rel)
            } else {
                tree.files.insert(rel)
            };
        }
        tree
    }

    #[test]
    fn plan_urls_parents_and_missing() {
        let tree = tree(&["README.md", "team/README.md", "team/roles.md", "consent.md", "slides.pdf"]);
        let text = "* [Team](team/)\n  * [Roles](team/roles.md)\n* [Gone](gone.md)\n* [Slides](slides.pdf)\n\n## More\n\n* [Consent](consent)\n";
        let (summary, _) = neokit_document::summary::parse(text, &RelPath::default());
        let (plan, diagnostics) = plan(
            &summary,
            &tree,
            &RelPath::new("README.md").unwrap(),
            Some(&SummaryFile { shown: "SUMMARY.md".into(), text: text.to_string() }),
        );
        let dirs: Vec<&str> = plan.pages.iter().map(|p| p.dir.as_str()).collect();
        assert_eq!(dirs, ["team/", "team/roles/", "consent/", ""]);
        assert_eq!(plan.pages[1].parent, Some(0));
        assert_eq!(plan.home, Some(3));
        assert!(matches!(plan.sections[0].items[0].target, NavTarget::Page(3)));
        assert!(matches!(plan.sections[0].items[3].target, NavTarget::File(_)));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "missing-page");
        assert_eq!(diagnostics[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn url_conflicts_publish_both_pages() {
        let tree = tree(&["README.md", "a.md", "a/README.md", "a-1.md"]);
        let (summary, _) =
            neokit_document::summary::parse("* [A](a.md)\n* [A2](a/README.md)\n* [A1](a-1.md)\n", &RelPath::default());
        let (plan, diagnostics) = plan(&summary, &tree, &RelPath::new("README.md").unwrap(), None);
        let dirs: Vec<&str> = plan.pages.iter().map(|p| p.dir.as_str()).collect();
        assert_eq!(dirs, ["a/", "a-1/", "a-1-1/", ""]);
        let conflicts: Vec<_> = diagnostics.iter().filter(|d| d.code == "url-conflict").collect();
        assert_eq!(conflicts.len(), 2, "{diagnostics:?}");
        assert!(!conflicts[0].is_error() && conflicts[0].message.contains("is published at `a-1/`"));
    }

    #[test]
    fn asset_outputs() {
        assert_eq!(file_output(&RelPath::new(".gitbook/assets/x (1).png").unwrap()), "assets/x (1).png");
        assert_eq!(file_output(&RelPath::new("docs/a.pdf").unwrap()), "docs/a.pdf");
    }
}
