//! Sites of several spaces: which spaces a repository holds, where each one's content is and
//! where it is published.
//!
//! Input: the kit folder and the languages `neokit.yaml` lists. Output: a [`SiteMap`] with
//! one [`Space`] per built space (content folder, language, output folder), the sections that
//! group them, and diagnostics. Three sources, in this order:
//! 1. GitBook's site-wide Git Sync file, `docs.yaml` or `gitbook-docs.yaml` at the kit root:
//!    sections, section groups and spaces with `path`, `title`, `hidden`, `default` and
//!    `content.directory` / `content.language`;
//! 2. `languages:` in `neokit.yaml` (the kit itself is the source language at the root);
//! 3. a repository without `SUMMARY.md` whose folders each hold one, whatever else its root
//!    holds (a README, a licence): a note names the spaces found.
//!
//! A kit with none of these is one space at the root, as before.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::Config;
pub use crate::config::LanguageEntry;
use crate::config::gitbook::{self, GitbookConfig};
use crate::site::Site;
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::source::SourceTree;
use neokit_core::yaml;
pub use neokit_document::links::CrossSpace;
use neokit_document::links::SpacePages;
use neokit_document::summary::natural_cmp;

/// The site config file names GitBook writes, in the order they are looked for.
pub const SITE_FILES: [&str; 2] = ["docs.yaml", "gitbook-docs.yaml"];

#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct SiteMap {
    pub title: Option<String>,
    /// Every space with content, the default space first.
    pub spaces: Vec<Space>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Space {
    /// GitBook's stable key (or the language code, or the folder name).
    pub key: String,
    pub title: String,
    /// The output folder below the site root: `""` for the default space, `nl/`, `api/v2/`.
    pub prefix: String,
    /// The space's content folder.
    pub dir: PathBuf,
    /// Its language (BCP 47), when it says one.
    pub language: Option<String>,
    pub hidden: bool,
    /// The section it belongs to (an index into [`SiteMap::sections`]).
    pub section: Option<usize>,
}

/// A section of the site: a top-level link; its spaces are its variants (versions, languages).
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub prefix: String,
    /// The heading of the section group it is listed under.
    pub group: Option<String>,
    pub hidden: bool,
}

impl SiteMap {
    /// Whether the kit has more than its one space.
    pub fn is_multi(&self) -> bool {
        self.spaces.len() > 1
    }

    /// The spaces of one section (its variants), or every space when there are no sections.
    pub fn variants(&self, space: usize) -> Vec<usize> {
        let section = self.spaces.get(space).and_then(|s| s.section);
        (0..self.spaces.len()).filter(|&i| self.spaces[i].section == section).collect()
    }
}

/// Finds the spaces of the kit in `kit_dir` (`content_dir`: its pages, `language`: the site's
/// language, `languages`: what `neokit.yaml` lists).
pub fn discover(
    kit_dir: &Path,
    content_dir: &Path,
    language: &str,
    languages: &[(String, LanguageEntry)],
    shown: &dyn Fn(&Path) -> PathBuf,
) -> (SiteMap, Vec<Diagnostic>) {
    for name in SITE_FILES {
        let path = kit_dir.join(name);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return from_site_file(&text, &path, kit_dir, language, shown);
        }
    }
    if !languages.is_empty() {
        return from_languages(kit_dir, content_dir, language, languages, shown);
    }
    from_folders(content_dir, language, shown)
}

/// The spaces `docs.yaml` describes.
fn from_site_file(
    text: &str,
    path: &Path,
    kit_dir: &Path,
    language: &str,
    shown: &dyn Fn(&Path) -> PathBuf,
) -> (SiteMap, Vec<Diagnostic>) {
    let file = shown(path);
    let mut problems = Vec::new();
    let root: Value = match yaml::parse(&yaml::strip_invisible(text)) {
        Ok(value) => value,
        Err(error) => {
            problems.push(error.diagnostic("site-config", &file, 1));
            return (SiteMap::default(), problems);
        }
    };
    let site = root.get("site").unwrap_or(&root);
    let mut reader = Reader { text, file: &file, kit_dir, language, problems: Vec::new(), map: SiteMap::default() };
    reader.map.title = site.get("title").and_then(Value::as_str).map(str::to_string);
    let structure = site.get("structure").and_then(Value::as_array).cloned().unwrap_or_default();
    let top_spaces: Vec<&Value> = structure.iter().filter(|item| kind(item) == "space").collect();
    reader.variants(&top_spaces, "", None, &["site", "structure"]);
    let mut first_section = true;
    for item in &structure {
        match kind(item) {
            "section" => {
                reader.section(item, None, first_section);
                first_section = false;
            }
            "section-group" => {
                let group = string(item, "title");
                for child in item.get("children").and_then(Value::as_array).into_iter().flatten() {
                    reader.section(child, group.clone(), first_section);
                    first_section = false;
                }
            }
            _ => {}
        }
    }
    let Reader { mut map, mut problems, .. } = reader;
    if map.spaces.is_empty() {
        problems.push(
            Diagnostic::error("site-config", "the site config lists no space with content".to_string())
                .at(Location::file(&file))
                .with_help("give a space `content: { directory: ./folder }`"),
        );
    }
    check_prefixes(&map, &file, text, &mut problems);
    // The default space first: it is the site's root.
    map.spaces.sort_by_key(|s| !s.prefix.is_empty());
    (map, problems)
}

struct Reader<'a> {
    text: &'a str,
    file: &'a Path,
    kit_dir: &'a Path,
    language: &'a str,
    problems: Vec<Diagnostic>,
    map: SiteMap,
}

impl Reader<'_> {
    fn at(&self, key: &str) -> Location {
        match find_key(self.text, key) {
            Some((line, col)) => Location::new(self.file, line, col),
            None => Location::file(self.file),
        }
    }

    /// Where `key: value` is written (block or flow style).
    fn at_pair(&self, key: &str, value: &str) -> Location {
        at_pair(self.text, self.file, key, value)
    }

    fn section(&mut self, item: &Value, group: Option<String>, first: bool) {
        let key = string(item, "key").unwrap_or_default();
        let path = string(item, "path").unwrap_or_else(|| key.clone());
        let prefix = if first { String::new() } else { format!("{}/", path.trim_matches('/')) };
        let section = self.map.sections.len();
        self.map.sections.push(Section {
            key: key.clone(),
            title: string(item, "title").unwrap_or_else(|| key.clone()),
            prefix: prefix.clone(),
            group,
            hidden: item.get("hidden").and_then(Value::as_bool).unwrap_or(false),
        });
        let children: Vec<&Value> = item.get("children").and_then(Value::as_array).into_iter().flatten().collect();
        self.variants(&children, &prefix, Some(section), &[]);
    }

    /// The spaces of one section (or of the site): the default one at `prefix`, the others
    /// below it at their `path`.
    fn variants(&mut self, spaces: &[&Value], prefix: &str, section: Option<usize>, _at: &[&str]) {
        let default = spaces
            .iter()
            .position(|s| s.get("default").and_then(Value::as_bool).unwrap_or(false))
            .or_else(|| spaces.iter().position(|s| directory(s).is_some()))
            .unwrap_or(0);
        for (i, space) in spaces.iter().enumerate() {
            let key = string(space, "key").unwrap_or_default();
            let Some(directory) = directory(space) else { continue };
            let path = string(space, "path").unwrap_or_else(|| key.clone());
            let prefix = if i == default { prefix.to_string() } else { format!("{prefix}{}/", path.trim_matches('/')) };
            let language = space.get("content").and_then(|c| c.get("language")).and_then(Value::as_str);
            if let Some(language) = language
                && !is_language_tag(language)
            {
                let at = self.at_pair("language", language);
                self.problems.push(
                    Diagnostic::error("site-config", format!("`{language}` is not a language code"))
                        .at(at)
                        .with_help("use a BCP 47 code such as `en`, `nl` or `pt-BR`"),
                );
            }
            let Some(dir) = self.folder(&directory) else { continue };
            self.map.spaces.push(Space {
                title: string(space, "title").unwrap_or_else(|| key.clone()),
                key,
                prefix,
                dir,
                language: Some(language.unwrap_or(self.language).to_string()),
                hidden: space.get("hidden").and_then(Value::as_bool).unwrap_or(false),
                section,
            });
        }
    }

    /// A content folder as written (`./x`, `x`, `/x`), checked.
    fn folder(&mut self, written: &str) -> Option<PathBuf> {
        let relative = written.trim_start_matches("./").trim_start_matches('/');
        let problem = if relative.split('/').any(|part| part == "..") {
            Some(format!("the content folder `{written}` is outside the repository"))
        } else if !self.kit_dir.join(relative).is_dir() {
            Some(format!("the content folder `{written}` does not exist"))
        } else {
            None
        };
        if let Some(message) = problem {
            let at = match find_value(self.text, written) {
                Some((line, col)) => Location::new(self.file, line, col),
                None => self.at("directory"),
            };
            self.problems.push(Diagnostic::error("site-config", message).at(at));
            return None;
        }
        Some(self.kit_dir.join(relative))
    }
}

/// Two spaces published at one folder would overwrite each other.
fn check_prefixes(map: &SiteMap, file: &Path, text: &str, problems: &mut Vec<Diagnostic>) {
    for (i, space) in map.spaces.iter().enumerate() {
        if let Some(other) = map.spaces[..i].iter().find(|s| s.prefix == space.prefix) {
            let at = at_pair(text, file, "key", &space.key);
            let place =
                if space.prefix.is_empty() { "the site root".to_string() } else { format!("`{}`", space.prefix) };
            problems.push(
                Diagnostic::error(
                    "site-config",
                    format!("the spaces `{}` and `{}` would both be published at {place}", other.key, space.key),
                )
                .at(at)
                .with_help("give each space its own `path`"),
            );
        }
    }
}

/// The spaces `languages:` in `neokit.yaml` lists: the kit itself is the source language.
fn from_languages(
    kit_dir: &Path,
    content_dir: &Path,
    language: &str,
    languages: &[(String, LanguageEntry)],
    shown: &dyn Fn(&Path) -> PathBuf,
) -> (SiteMap, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let config = kit_dir.join("neokit.yaml");
    let file = shown(&config);
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    let at = |needle: &str| {
        find_key(&text, needle).map_or_else(|| Location::file(&file), |(line, col)| Location::new(&file, line, col))
    };
    let mut map = SiteMap::default();
    map.spaces.push(Space {
        key: language.to_string(),
        title: language_name(language).to_string(),
        prefix: String::new(),
        dir: content_dir.to_path_buf(),
        language: Some(language.to_string()),
        hidden: false,
        section: None,
    });
    for (code, entry) in languages {
        if !is_language_tag(code) {
            problems.push(
                Diagnostic::error("languages", format!("`{code}` is not a language code"))
                    .at(at(code))
                    .with_help("use a BCP 47 code such as `nl`, `de` or `pt-BR`"),
            );
            continue;
        }
        let relative = entry.content.trim_start_matches("./");
        let dir = kit_dir.join(relative);
        if relative.split('/').any(|part| part == "..") || relative.starts_with('/') {
            problems.push(
                Diagnostic::error("languages", format!("the folder `{}` is outside the kit", entry.content))
                    .at(at(code)),
            );
            continue;
        }
        if !dir.is_dir() {
            problems.push(
                Diagnostic::error("languages", format!("the folder `{}` of `{code}` does not exist", entry.content))
                    .at(at(code)),
            );
            continue;
        }
        map.spaces.push(Space {
            key: code.clone(),
            title: entry.title.clone().unwrap_or_else(|| language_name(code).to_string()),
            prefix: format!("{}/", code.to_ascii_lowercase()),
            dir,
            language: Some(code.clone()),
            hidden: false,
            section: None,
        });
    }
    check_prefixes(&map, &file, &text, &mut problems);
    (map, problems)
}

/// Folders that each hold a `SUMMARY.md`, in a kit that has none at its root: they are spaces
/// whatever else the root holds (a README for the repository, a licence, CI files), as in a
/// monorepo synced to several GitBook spaces. A root `.gitbook.yaml` that moves the content
/// root (`root:`) or names a SUMMARY that exists makes the kit one space.
fn from_folders(content_dir: &Path, language: &str, shown: &dyn Fn(&Path) -> PathBuf) -> (SiteMap, Vec<Diagnostic>) {
    let single = SiteMap {
        spaces: vec![Space {
            key: String::new(),
            title: String::new(),
            prefix: String::new(),
            dir: content_dir.to_path_buf(),
            language: Some(language.to_string()),
            hidden: false,
            section: None,
        }],
        ..SiteMap::default()
    };
    if holds_summary(content_dir, false) {
        return (single, Vec::new());
    }
    let folders: Vec<String> = std::fs::read_dir(content_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter(|name| !name.starts_with('.') && name != "node_modules")
        .filter(|name| holds_summary(&content_dir.join(name), true))
        .collect();
    // A folder whose SUMMARY.md lists no page (an emptied version) would be a space with no
    // home page that the switcher links to: it is left out, saying so.
    let (empty, mut folders): (Vec<String>, Vec<String>) =
        folders.into_iter().partition(|name| !lists_pages(&content_dir.join(name)));
    if folders.len() < 2 {
        return (single, Vec::new());
    }
    let mut problems: Vec<Diagnostic> = empty
        .iter()
        .map(|name| {
            Diagnostic::warning(
                "spaces",
                format!("`{name}/` has a SUMMARY.md that lists no page: it is not published as a space"),
            )
            .at(Location::file(shown(&content_dir.join(name).join("SUMMARY.md"))))
            .with_help("list its pages in SUMMARY.md, or remove the folder")
        })
        .collect();
    folders.sort_by(|a, b| natural_cmp(a, b));
    let root = folders
        .iter()
        .position(|f| f.eq_ignore_ascii_case(language))
        .or_else(|| folders.iter().position(|f| f == "en"))
        .unwrap_or(0);
    let root_name = folders.remove(root);
    folders.insert(0, root_name);
    let spaces = folders
        .iter()
        .enumerate()
        .map(|(i, name)| Space {
            key: name.clone(),
            title: if names_language(name) { language_name(name).to_string() } else { folder_title(name) },
            prefix: if i == 0 { String::new() } else { format!("{name}/") },
            dir: content_dir.join(name),
            language: Some(if names_language(name) { name.clone() } else { language.to_string() }),
            hidden: false,
            section: None,
        })
        .collect::<Vec<_>>();
    let shown_dir = shown(content_dir);
    let place = if shown_dir.as_os_str().is_empty() { "the kit".to_string() } else { shown_dir.display().to_string() };
    // What the root holds besides the spaces is not published: say so for its pages.
    let mut left: Vec<String> = std::fs::read_dir(content_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter(|name| name.to_ascii_lowercase().ends_with(".md") && !name.starts_with('.'))
        .collect();
    left.sort();
    let left = match left.split_last() {
        None => String::new(),
        Some((only, [])) => format!(" ({only} at its root is not part of any space, so it is not published)"),
        Some((last, rest)) => {
            format!(
                " ({} and {last} at its root are not part of any space, so they are not published)",
                rest.join(", ")
            )
        }
    };
    let notice = Diagnostic::note(
        "spaces",
        format!(
            "{place} has no SUMMARY.md but {} folders with one; each is built as a space: {}{left}",
            spaces.len(),
            folders.join(", ")
        ),
    )
    .with_help("describe the spaces in docs.yaml or `languages:` in neokit.yaml to choose their titles and paths");
    problems.insert(0, notice);
    (SiteMap { spaces, ..SiteMap::default() }, problems)
}

/// Whether the `SUMMARY.md` of `dir` (any letter case) links to a page; one that cannot be
/// read counts as listing pages (the build then says what is wrong with it).
fn lists_pages(dir: &Path) -> bool {
    let summary = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .find(|entry| entry.file_name().to_str().is_some_and(|name| name.eq_ignore_ascii_case("SUMMARY.md")));
    match summary.map(|entry| std::fs::read_to_string(entry.path())) {
        Some(Ok(text)) => text.contains("]("),
        _ => true,
    }
}

/// Whether `dir` holds its own table of contents: `SUMMARY.md` in any letter case, or the one
/// its `.gitbook.yaml` names (under its `root:`). With `moved_root: false`, a `.gitbook.yaml`
/// that moves the root counts as one too: that folder is a space by its own word.
fn holds_summary(dir: &Path, moved_root: bool) -> bool {
    let gitbook = std::fs::read_to_string(dir.join(".gitbook.yaml"))
        .map(|text| gitbook::parse(&text, Path::new(".gitbook.yaml")).0)
        .unwrap_or_default();
    if !moved_root && !gitbook.root.is_empty() {
        return true;
    }
    let summary = dir.join(&gitbook.root).join(&gitbook.summary);
    let (Some(folder), Some(name)) = (summary.parent(), summary.file_name()) else { return false };
    let name = name.to_string_lossy();
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| entry.file_name().to_string_lossy().eq_ignore_ascii_case(&name) && entry.path().is_file())
        || (gitbook.summary != "SUMMARY.md" && dir.join(&gitbook.root).join("SUMMARY.md").is_file())
}

/// Whether a space's folder name is a language: a two-letter code, a code with a region or
/// script (`pt-BR`), or a longer code neokit knows the name of (not `api` or `web`).
fn names_language(name: &str) -> bool {
    is_language_tag(name) && (name.len() == 2 || name.contains('-') || language_name(name) != name)
}

/// The configuration of one space of a site, over the kit's `config` (the kit's settings are
/// shared, not copied): its own content folder and `.gitbook.yaml`, its language, and its
/// public address below the site's.
pub fn config_for(config: &Config, map: &SiteMap, space: &Space) -> (Config, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let gitbook_path = space.dir.join(".gitbook.yaml");
    let (gitbook, gitbook_file, content_root) = match std::fs::read_to_string(&gitbook_path) {
        Ok(text) => {
            let (gitbook, found) = gitbook::parse(&text, &config.display_path(&gitbook_path));
            problems.extend(found);
            let content_root = space.dir.join(&gitbook.root);
            if !content_root.is_dir() {
                let file = config.display_path(&gitbook_path);
                let at = match gitbook.root_at {
                    Some((line, col)) => Location::new(file, line, col),
                    None => Location::file(file),
                };
                problems.push(
                    Diagnostic::error(
                        "missing-root",
                        format!("`root: {}` in .gitbook.yaml is not a folder", gitbook.root),
                    )
                    .at(at),
                );
            }
            (gitbook, Some(gitbook_path), content_root)
        }
        Err(_) => (GitbookConfig::default(), None, space.dir.clone()),
    };
    let own = Config {
        settings: config.settings.clone(),
        title: config.title.clone(),
        language: space.language.clone().unwrap_or_else(|| config.language.clone()),
        base_url: config.base_url.as_ref().map(|site| site.space(&space.prefix)),
        content_root,
        gitbook,
        gitbook_file,
        // Only the space at the site's root is built on the upstream guide.
        upstream: config.upstream.clone().filter(|_| space.prefix.is_empty()),
        // The other spaces' folders are not part of this one, even when they sit inside it.
        exclude: map.spaces.iter().filter(|s| s.dir != space.dir).map(|s| s.dir.clone()).collect(),
        fallback: config.fallback.clone(),
    };
    (own, problems)
}

/// The pages of a site's spaces paired across languages: a page and its translations share
/// their path in their space, or name the source page with `translation_of:`.
pub struct Alternates {
    /// Per space: the languages it is shown in, and per page the key it pairs by.
    spaces: Vec<(Vec<usize>, Vec<String>)>,
    /// Per space: its pages' folders by key, and whether each is translated.
    folders: Vec<std::collections::HashMap<String, (String, bool)>>,
    codes: Vec<(String, String, String)>,
}

/// A space's view of the site's languages, for its pages' language switcher.
#[derive(Debug, Clone, Default)]
pub struct Languages {
    /// The space's folder below the site root (its pages' folders are below it).
    pub prefix: String,
    /// Each language: code, own name, and the folder (below the site root) of the current
    /// page's counterpart, or of that language's home when the page is not translated.
    pub links: Vec<Vec<LanguageLink>>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    /// The counterpart's folder below the site root (`nl/consent/`).
    pub folder: String,
    pub current: bool,
    /// False: the language's home, as the page is not translated.
    pub translated: bool,
    /// The site's default language (the one nearest the site root): `hreflang="x-default"`.
    pub default: bool,
}

/// A space's view of the site's sections and of its own section's other variants (versions,
/// not languages), for its pages' header.
#[derive(Debug, Clone, Default)]
pub struct SpaceLinks {
    /// The space's folder below the site root (its pages' folders are below it).
    pub prefix: String,
    /// The site's sections that are shown, in order; the same on every page of the space.
    pub sections: Vec<SectionLink>,
    /// Per page: the other variants of its section in its language (empty when there are none),
    /// each at the page's counterpart or at the variant's home.
    pub variants: Vec<Vec<VariantLink>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionLink {
    pub title: String,
    /// The heading of the section group it is listed under.
    pub group: Option<String>,
    /// The folder (below the site root) of the section's home in the current language, or of
    /// its default space; the current space's home for the current section.
    pub folder: String,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariantLink {
    pub title: String,
    /// The counterpart's folder below the site root, or the variant's home.
    pub folder: String,
    pub current: bool,
}

impl Alternates {
    pub fn new(map: &SiteMap, sites: Vec<(&Site, &SourceTree)>) -> Alternates {
        let mut spaces = Vec::new();
        let mut folders = Vec::new();
        for (index, (site, tree)) in sites.iter().enumerate() {
            let keys: Vec<String> = site
                .pages
                .iter()
                .map(|page| match page.prepared.front.translation_of() {
                    Some(source) => source.trim().trim_start_matches("./").trim_start_matches('/').to_string(),
                    None => page.source.as_str().to_string(),
                })
                .collect();
            let mut by_key = std::collections::HashMap::new();
            for (page, key) in site.pages.iter().zip(&keys) {
                // A page shown in the source language is there, but not translated.
                let translated = !tree.fallback.contains(&page.source);
                by_key
                    .entry(key.clone())
                    .or_insert_with(|| (format!("{}{}", map.spaces[index].prefix, page.dir), translated));
            }
            // The variants of its section in other languages, in the site's order.
            let variants = map.variants(index);
            let mut languages: Vec<&str> = Vec::new();
            for &v in &variants {
                if let Some(language) = map.spaces[v].language.as_deref()
                    && !languages.contains(&language)
                {
                    languages.push(language);
                }
            }
            let shown = if languages.len() > 1 { variants } else { Vec::new() };
            spaces.push((shown, keys));
            folders.push(by_key);
        }
        let codes = map
            .spaces
            .iter()
            .map(|s| {
                let code = s.language.clone().unwrap_or_default();
                (code.clone(), language_name(&code).to_string(), s.prefix.clone())
            })
            .collect();
        Alternates { spaces, folders, codes }
    }

    /// The sections of the site and the variants of space `index`'s section, for every page
    /// of that space.
    pub fn navigation(&self, map: &SiteMap, index: usize) -> SpaceLinks {
        let space = &map.spaces[index];
        let sections = map
            .sections
            .iter()
            .enumerate()
            .filter(|(s, section)| !section.hidden || space.section == Some(*s))
            .filter_map(|(s, section)| {
                let current = space.section == Some(s);
                let home = if current {
                    space.prefix.clone()
                } else {
                    // The section's space in the reader's language, else its default space.
                    let members: Vec<&Space> = map.spaces.iter().filter(|m| m.section == Some(s)).collect();
                    let in_language = members
                        .iter()
                        .filter(|m| m.language == space.language && !m.hidden)
                        .min_by_key(|m| m.prefix.len());
                    let default = members.iter().find(|m| m.prefix == section.prefix).or(members.first());
                    in_language.or(default)?.prefix.clone()
                };
                Some(SectionLink { title: section.title.clone(), group: section.group.clone(), folder: home, current })
            })
            .collect();
        // Variants in the same language: versions of the section, not translations.
        let others: Vec<usize> = map
            .variants(index)
            .into_iter()
            .filter(|&v| map.spaces[v].language == space.language && (v == index || !map.spaces[v].hidden))
            .collect();
        let keys = &self.spaces[index].1;
        let variants = keys
            .iter()
            .map(|key| {
                if others.len() < 2 {
                    return Vec::new();
                }
                others
                    .iter()
                    .map(|&v| VariantLink {
                        title: map.spaces[v].title.clone(),
                        folder: self.folders[v]
                            .get(key)
                            .filter(|(_, translated)| *translated)
                            .map_or_else(|| map.spaces[v].prefix.clone(), |(folder, _)| folder.clone()),
                        current: v == index,
                    })
                    .collect()
            })
            .collect();
        SpaceLinks { prefix: space.prefix.clone(), sections, variants }
    }

    /// The language links of every page of space `index`.
    pub fn for_space(&self, index: usize) -> Languages {
        let (variants, keys) = &self.spaces[index];
        let default = variants.iter().copied().min_by_key(|&v| self.codes[v].2.len());
        let links = keys
            .iter()
            .map(|key| {
                variants
                    .iter()
                    .map(|&v| {
                        let (code, name, prefix) = &self.codes[v];
                        let counterpart = self.folders[v].get(key);
                        LanguageLink {
                            code: code.clone(),
                            name: name.clone(),
                            folder: counterpart.map_or_else(|| prefix.clone(), |(folder, _)| folder.clone()),
                            current: v == index,
                            translated: counterpart.is_some_and(|(_, translated)| *translated),
                            default: Some(v) == default,
                        }
                    })
                    .collect()
            })
            .collect();
        Languages { prefix: self.codes[index].2.clone(), links }
    }
}

/// Every space's pages, for links from one space's pages into another's (see [`CrossSpace`]).
pub fn cross_space(map: &SiteMap, sites: Vec<(&Site, &SourceTree)>) -> CrossSpace {
    let spaces = sites
        .iter()
        .enumerate()
        .map(|(i, (site, tree))| SpacePages {
            key: map.spaces[i].key.clone(),
            root: tree.root.clone(),
            prefix: map.spaces[i].prefix.clone(),
            pages: site
                .pages
                .iter()
                .filter(|p| !tree.fallback.contains(&p.source))
                .map(|p| (p.source.clone(), p.dir.clone()))
                .collect(),
        })
        .collect();
    CrossSpace::new(spaces)
}

fn kind(item: &Value) -> &str {
    item.get("type").and_then(Value::as_str).unwrap_or("space")
}

fn string(item: &Value, key: &str) -> Option<String> {
    item.get(key).and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

/// A space's content folder (`content.directory`; `null`: not synced).
fn directory(space: &Value) -> Option<String> {
    space.get("content")?.get("directory")?.as_str().map(str::to_string)
}

/// Whether `tag` has the shape of a BCP 47 language tag (`en`, `nl-BE`, `zh-Hant`, `pt-BR`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A language's own name, for the switcher ("Nederlands"); the code itself when unknown.
pub fn language_name(tag: &str) -> &str {
    match tag.split('-').next().unwrap_or("").to_ascii_lowercase().as_str() {
        "en" => "English",
        "nl" => "Nederlands",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "da" => "Dansk",
        "sv" => "Svenska",
        "nb" | "no" => "Norsk",
        "fi" => "Suomi",
        "pl" => "Polski",
        "tr" => "Türkçe",
        "ar" => "العربية",
        "zh" => "中文",
        "ja" => "日本語",
        _ => tag,
    }
}

fn folder_title(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The 1-based line and column of the first `key:` in YAML text.
fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let col = line.len() - trimmed.len() + 1;
        trimmed.strip_prefix(key).filter(|rest| rest.trim_start().starts_with(':')).map(|_| (i + 1, col))
    })
}

/// Where `key: value` is first written in YAML text (block or flow style, quoted or not).
fn at_pair(text: &str, file: &Path, key: &str, value: &str) -> Location {
    let forms = [format!("{key}: {value}"), format!("{key}: \"{value}\""), format!("{key}: '{value}'")];
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            forms.iter().find_map(|form| {
                line.match_indices(form.as_str())
                    .find(|(at, _)| {
                        let after = &line[at + form.len()..];
                        after.is_empty() || after.starts_with([',', ' ', '}'])
                    })
                    .map(|(at, _)| Location::new(file, i + 1, at + 1))
            })
        })
        .unwrap_or_else(|| Location::file(file))
}

/// The 1-based line and column of the first occurrence of a value in YAML text.
fn find_value(text: &str, value: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| line.find(value).map(|col| (i + 1, col + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kit(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// Each space's key, folder and language.
    type Found = Vec<(String, String, Option<String>)>;

    fn spaces(dir: &Path) -> (Found, Vec<String>) {
        let (map, problems) = discover(dir, dir, "en", &[], &|p| p.to_path_buf());
        let spaces = map.spaces.iter().map(|s| (s.key.clone(), s.prefix.clone(), s.language.clone())).collect();
        (spaces, problems.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn site_file_sections_and_languages() {
        let site = "$schema: x\nsite:\n  title: Docs\n  structure:\n    - type: section\n      key: guide\n      title: Guide\n      path: guide\n      children:\n        - type: space\n          key: guide-en\n          path: en\n          default: true\n          content: { directory: ./guide/en, language: en }\n        - type: space\n          key: guide-nl\n          path: nl\n          content: { directory: guide/nl, language: nl }\n        - type: space\n          key: guide-de\n          path: de\n          content: { directory: null, language: de }\n    - type: section-group\n      title: More\n      children:\n        - type: section\n          key: api\n          path: api\n          children:\n            - type: space\n              key: api-v1\n              content: { directory: /api }\n";
        let dir = kit(&[
            ("docs.yaml", site),
            ("guide/en/README.md", "# G"),
            ("guide/nl/README.md", "# G"),
            ("api/README.md", "# A"),
        ]);
        let (found, problems) = spaces(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            found,
            [
                ("guide-en".into(), "".into(), Some("en".into())),
                ("guide-nl".into(), "nl/".into(), Some("nl".into())),
                ("api-v1".into(), "api/".into(), Some("en".into())),
            ]
        );
    }

    #[test]
    fn site_file_mistakes_are_located() {
        let site = "site:\n  structure:\n    - type: space\n      key: a\n      default: true\n      content: { directory: ./missing }\n    - type: space\n      key: b\n      content: { directory: ../outside, language: dutch }\n    - type: space\n      key: c\n      path: same\n      content: { directory: ./c }\n    - type: space\n      key: d\n      path: same\n      content: { directory: ./d }\n";
        let dir = kit(&[("gitbook-docs.yaml", site), ("c/README.md", "# C"), ("d/README.md", "# D")]);
        let (map, problems) = discover(dir.path(), dir.path(), "en", &[], &|p| p.to_path_buf());
        let messages: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.location.as_ref().map(|l| l.line).unwrap_or(0), d.message))
            .collect();
        assert!(messages.contains(&"6: the content folder `./missing` does not exist".to_string()), "{messages:?}");
        assert!(messages.contains(&"9: `dutch` is not a language code".to_string()), "{messages:?}");
        assert!(
            messages.contains(&"9: the content folder `../outside` is outside the repository".to_string()),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("`c` and `d` would both be published at `same/`")), "{messages:?}");
        assert_eq!(map.spaces.len(), 2);
    }

    #[test]
    fn languages_from_neokit_yaml() {
        let dir = kit(&[
            ("neokit.yaml", "languages:\n  nl:\n    content: vertaling/nl\n  xx_y:\n    content: a\n"),
            ("vertaling/nl/README.md", "# V"),
        ]);
        let languages = vec![
            ("nl".to_string(), LanguageEntry { content: "vertaling/nl".into(), title: None }),
            ("xx_y".to_string(), LanguageEntry { content: "a".into(), title: None }),
        ];
        let (map, problems) = discover(dir.path(), &dir.path().join("content"), "en", &languages, &|p| p.to_path_buf());
        assert_eq!(
            map.spaces.iter().map(|s| (s.prefix.as_str(), s.title.as_str())).collect::<Vec<_>>(),
            [("", "English"), ("nl/", "Nederlands")]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "`xx_y` is not a language code");
        assert_eq!(problems[0].location.as_ref().map(|l| l.line), Some(4));
    }

    #[test]
    fn folders_with_summaries_are_spaces() {
        let dir =
            kit(&[("en/SUMMARY.md", "* [A](README.md)"), ("nl/SUMMARY.md", "* [A](README.md)"), ("shared/x.md", "x")]);
        let (found, problems) = spaces(dir.path());
        assert_eq!(
            found,
            [("en".into(), "".into(), Some("en".into())), ("nl".into(), "nl/".into(), Some("nl".into()))]
        );
        assert_eq!(problems.len(), 1);
        let dir = kit(&[("SUMMARY.md", "* [A](README.md)"), ("nl/SUMMARY.md", "x")]);
        assert_eq!(spaces(dir.path()).0.len(), 1);
    }

    #[test]
    fn a_readme_at_the_root_does_not_hide_the_spaces() {
        let dir = kit(&[
            ("README.md", "# Repository"),
            ("LICENSE", "MIT"),
            (".gitbook.yaml", ""),
            ("v10/SUMMARY.md", "* [A](README.md)"),
            ("v2/summary.md", "* [A](README.md)"),
            ("api/.gitbook.yaml", "root: ./docs/\nstructure:\n  summary: toc.md\n"),
            ("api/docs/toc.md", "* [A](README.md)"),
            ("notes/page.md", "# Not a space"),
        ]);
        let (found, problems) = spaces(dir.path());
        let keys: Vec<&str> = found.iter().map(|(key, _, _)| key.as_str()).collect();
        assert_eq!(keys, ["api", "v2", "v10"]);
        // Neither `api` nor a version is a language.
        assert!(found.iter().all(|(_, _, language)| language.as_deref() == Some("en")));
        assert!(
            problems[0].ends_with(" has no SUMMARY.md but 3 folders with one; each is built as a space: api, v2, v10 (README.md at its root is not part of any space, so it is not published)"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_root_gitbook_yaml_that_names_the_content_keeps_one_space() {
        for gitbook in ["root: ./docs/\n", "structure:\n  summary: toc.md\n"] {
            let dir = kit(&[
                (".gitbook.yaml", gitbook),
                ("toc.md", "* [A](README.md)"),
                ("docs/SUMMARY.md", "* [A](README.md)"),
                ("other/SUMMARY.md", "* [A](README.md)"),
            ]);
            let (found, problems) = spaces(dir.path());
            assert_eq!(found.len(), 1, "{gitbook}");
            assert!(problems.is_empty());
        }
    }

    #[test]
    fn language_tags() {
        for good in ["en", "nl-BE", "pt-BR", "zh-Hant", "fil"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["dutch", "e", "nl_BE", "nl-", "12"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        for (name, language) in [("nl", true), ("pt-BR", true), ("api", false), ("web", false), ("v1", false)] {
            assert_eq!(names_language(name), language, "{name}");
        }
    }
}
