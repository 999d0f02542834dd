//! The effective kit: the files, navigation and variables a build reads.
//!
//! Input: the checked [`Config`]. Output: a [`Kit`] (the [`SourceTree`], the parsed
//! [`Summary`], the space variables) plus diagnostics. For a plain kit this is the content
//! folder as it is. For a hospital's version of a shared guide (`upstream:` in neokit.yaml) it
//! is the upstream kit with the overlay's operations applied ([`crate::overlay`]); the upstream
//! folder is only read. Every later stage reads the kit through this value and does not know
//! whether an overlay exists.

use crate::config::{Config, FallbackSource, MissingTranslations};
use crate::overlay::{self, Applied};
use crate::pins::LockOnce;
use neokit_core::diagnostics::{self, Diagnostic, Location};
use neokit_core::paths::RelPath;
use neokit_core::source::{self, SourceTree};
use neokit_core::yaml;
use neokit_document::markdown::frontmatter::translation_of;
use neokit_document::summary::{self, Summary, SummaryFile};

pub type Vars = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Default)]
pub struct Kit {
    pub tree: SourceTree,
    pub summary: Summary,
    /// SUMMARY.md as shown in messages, with its text, when the kit has one.
    pub summary_file: Option<SummaryFile>,
    /// SUMMARY.md's path in the tree.
    pub summary_source: Option<RelPath>,
    /// The root README (the home page).
    pub readme: RelPath,
    /// `.gitbook/vars.yaml` with `vars:` from neokit.yaml over it.
    pub vars: Vars,
    /// What the overlay did, when the kit is built on an upstream guide.
    pub overlay: Option<Applied>,
    /// False when the kit could not be read far enough to go on (SUMMARY.md unreadable); other
    /// errors leave a kit the later stages can still check.
    pub complete: bool,
}

impl Kit {
    /// Whether a Markdown file of the tree is not a page: GitBook's own files, SUMMARY.md and
    /// hidden files (only the kit stage makes those, e.g. an overlay's inserts).
    pub fn is_not_content(&self, path: &RelPath) -> bool {
        never_a_page(path) || self.summary_source.as_ref() == Some(path)
    }
}

/// GitBook's own files and hidden files are never pages.
fn never_a_page(path: &RelPath) -> bool {
    path.as_str().starts_with(".gitbook") || path.file_name().starts_with('.')
}

/// Reads the kit. Problems that make the kit unreadable are errors among the diagnostics;
/// `lint` also reads the overlay's pins (from `lock`, the build's) and compares them with the
/// upstream text (drift warnings).
pub fn load(config: &Config, lint: bool, lock: &LockOnce) -> (Kit, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let shown_root = config.display_path(&config.content_root);
    let skip: Vec<std::path::PathBuf> =
        std::iter::once(config.output_dir.clone()).chain(config.exclude.iter().cloned()).collect();
    let (mut tree, found) = source::walk(&config.content_root, &skip, &shown_root);
    problems.extend(found);

    let (readme, summary_path) = structure_files(config, &tree, &mut problems);
    let mut kit = Kit { readme, summary_source: summary_path.clone(), complete: true, ..Kit::default() };
    match &summary_path {
        Some(path) => match tree.read_text(path) {
            Ok(text) => {
                let (summary, found) = summary::parse(&text, &path.parent());
                let index = diagnostics::LineIndex::new(&text);
                let shown = tree.shown(path);
                problems.extend(found.into_iter().map(|problem| index.locate(&shown, problem)));
                kit.summary = summary;
                kit.summary_file = Some(SummaryFile { shown, text });
            }
            Err(diagnostic) => {
                problems.push(diagnostic);
                kit.tree = tree;
                kit.complete = false;
                return (kit, problems);
            }
        },
        None => kit.summary = summary::infer(&tree, &kit.readme, &never_a_page),
    }

    if tree.markdown.is_empty() && config.upstream.is_none() {
        problems.push(
            Diagnostic::error("no-pages", "this folder has no pages, so there is nothing to build")
                .at(Location::file(&tree.shown_root))
                .with_help(
                    "a kit is a folder of Markdown pages: at least a README.md (the home page), and a SUMMARY.md listing the pages in order; `neokit init DIR` creates one to start from",
                ),
        );
        kit.tree = tree;
        kit.complete = false;
        return (kit, problems);
    }
    if let Some(upstream) = &config.upstream {
        let applied = overlay::apply(
            config,
            upstream,
            &mut tree,
            &mut kit.summary,
            summary_path.as_ref(),
            &mut problems,
            lint,
            lock,
        );
        kit.overlay = Some(applied);
    }
    if let Some(source) = &config.fallback {
        add_fallback(config, source, &mut tree, &mut kit.summary, &mut problems);
    }
    kit.vars = load_vars(&tree, &mut problems);
    for (key, value) in &config.vars {
        kit.vars.insert(key.clone(), value.clone());
    }
    kit.tree = tree;
    (kit, problems)
}

/// The README and SUMMARY.md `.gitbook.yaml` names, found in the tree whatever their letter
/// case. As GitBook publishes a repository whose `structure.readme` or `structure.summary`
/// names a file that does not exist, `README.md` and `SUMMARY.md` are used instead (or the
/// navigation is made from the folders), with a warning at the key.
fn structure_files(config: &Config, tree: &SourceTree, problems: &mut Vec<Diagnostic>) -> (RelPath, Option<RelPath>) {
    let gitbook = &config.gitbook;
    let default_readme = RelPath::new("README.md").unwrap_or_default();
    let default_summary = RelPath::new("SUMMARY.md").unwrap_or_default();
    let at = |position: Option<(usize, usize)>| {
        let file = config.gitbook_file.as_deref().map(|path| config.display_path(path));
        match (file, position) {
            (Some(file), Some((line, col))) => Some(Location::new(file, line, col)),
            (Some(file), None) => Some(Location::file(file)),
            _ => None,
        }
    };
    // The file a key names, found; else the default file (when it exists) and a warning
    // saying what is used instead, unless the key names the default itself.
    let mut resolve =
        |key: &str, named: &str, default: &RelPath, position, instead: &dyn Fn(Option<&RelPath>) -> String| {
            let found = RelPath::new(named).filter(|p| !p.is_root()).and_then(|p| find_case_insensitive(tree, &p));
            if found.is_some() {
                return found;
            }
            let fallback = find_case_insensitive(tree, default);
            if !named.eq_ignore_ascii_case(default.as_str()) {
                let diagnostic = Diagnostic::warning(
                    "gitbook-structure",
                    format!("`structure.{key}` names `{named}`, which does not exist{}", instead(fallback.as_ref())),
                )
                .with_help(format!("correct the file name in .gitbook.yaml, or remove the key to use {default}"));
                problems.push(match at(position) {
                    Some(location) => diagnostic.at(location),
                    None => diagnostic,
                });
            }
            fallback
        };
    let readme = resolve("readme", &gitbook.readme, &default_readme, gitbook.readme_at, &|fallback| match fallback {
        Some(found) => format!(": `{found}` is the home page instead, as on GitBook"),
        None => String::new(),
    })
    .unwrap_or(default_readme.clone());
    let summary =
        resolve("summary", &gitbook.summary, &default_summary, gitbook.summary_at, &|fallback| match fallback {
            Some(found) => format!(": `{found}` is the table of contents instead"),
            None => ": the navigation is made from the folders, as on GitBook".to_string(),
        });
    (readme, summary)
}

/// A translation's missing pages (`translations.missing`): with `fallback`, each page of the
/// source space that the translation has no page for (by path or `translation_of:`) is added
/// to it, read from the source, out of its navigation and marked as shown in the source
/// language, with the source's files it lacks; with `error`, each is an error.
fn add_fallback(
    config: &Config,
    source: &FallbackSource,
    tree: &mut SourceTree,
    summary: &mut Summary,
    problems: &mut Vec<Diagnostic>,
) {
    if config.missing_translations == MissingTranslations::Hide {
        return;
    }
    let mut skip = vec![config.output_dir.clone(), config.content_root.clone()];
    skip.extend(source.exclude.iter().cloned());
    let (original, _) = source::walk(&source.root, &skip, &config.display_path(&source.root));
    let readme = RelPath::new("README.md").unwrap_or_default();
    let outline = match RelPath::new(&source.summary).filter(|p| original.markdown.contains(p)) {
        Some(path) => original.read_text(&path).map(|text| summary::parse(&text, &path.parent()).0).unwrap_or_default(),
        None => summary::infer(&original, &readme, &never_a_page),
    };
    let mut pages = Vec::new();
    fn collect(items: &[summary::Item], pages: &mut Vec<(RelPath, String)>) {
        for item in items {
            if let summary::Target::File { path, .. } = &item.target
                && path.extension() == "md"
            {
                pages.push((path.clone(), item.label.clone()));
            }
            collect(&item.children, pages);
        }
    }
    for section in &outline.sections {
        collect(&section.items, &mut pages);
    }
    let covered: std::collections::HashSet<RelPath> = tree
        .markdown
        .iter()
        .map(|page| {
            let of = tree.read_text(page).ok().and_then(|text| translation_of(&text));
            let of = of.and_then(|of| RelPath::new(of.trim().trim_start_matches("./")));
            of.unwrap_or_else(|| page.clone())
        })
        .collect();
    let mut added = Vec::new();
    for (page, label) in pages {
        if covered.contains(&page) || tree.markdown.contains(&page) || added.iter().any(|(p, _)| p == &page) {
            continue;
        }
        if config.missing_translations == MissingTranslations::Error {
            problems.push(
                Diagnostic::error(
                    "missing-translation",
                    format!("`{page}` has no translation into {}", config.language),
                )
                .at(Location::file(original.shown(&page)))
                .with_help("translate it (or name it with `translation_of:`), or set `translations.missing: fallback`"),
            );
            continue;
        }
        added.push((page, label));
    }
    if added.is_empty() {
        return;
    }
    tree.take_missing_files(&original);
    if summary.sections.is_empty() {
        summary.sections.push(summary::Section::default());
    }
    let Some(section) = summary.sections.last_mut() else { return };
    for (page, label) in added {
        tree.insert_from(&original, page.clone());
        tree.fallback.insert(page.clone());
        section.items.push(summary::Item {
            label,
            link_title: None,
            target: summary::Target::File { written: page.as_str().to_string(), path: page, anchor: None },
            children: Vec::new(),
            offset: 0,
        });
    }
}

/// Markdown files that are not among the published pages: reported, not published.
pub fn orphans<'a>(kit: &Kit, pages: impl Iterator<Item = &'a RelPath>) -> Vec<Diagnostic> {
    let Some(SummaryFile { shown: summary_shown, .. }) = &kit.summary_file else {
        return Vec::new();
    };
    let pages: std::collections::HashSet<&RelPath> = pages.collect();
    kit.tree
        .markdown
        .iter()
        .filter(|p| !pages.contains(p) && !kit.is_not_content(p))
        .map(|path| {
            let diagnostic = Diagnostic::warning(
                "orphan-page",
                format!("not listed in {}, so it is not published", summary_shown.display()),
            )
            .at(Location::file(kit.tree.shown(path)))
            .rests_on(diagnostics::Part::Pages);
            // A file of a layer over the content (an overlay) is placed from neokit.yaml.
            if kit.tree.layered.get(path).is_some_and(|l| l.text.is_none())
                && !kit.tree.root.join(path.to_native()).exists()
            {
                diagnostic.with_help("place it in the navigation with `summary.add` in neokit.yaml")
            } else {
                diagnostic
            }
        })
        .collect()
}

pub fn find_case_insensitive(tree: &SourceTree, path: &RelPath) -> Option<RelPath> {
    if tree.contains(path) {
        return Some(path.clone());
    }
    tree.by_lowercase.get(&path.as_str().to_lowercase()).cloned()
}

/// `.gitbook/vars.yaml`: the space variables.
fn load_vars(tree: &SourceTree, diagnostics: &mut Vec<Diagnostic>) -> Vars {
    let Some(path) = RelPath::new(".gitbook/vars.yaml").filter(|p| tree.files.contains(p)) else {
        return Vars::new();
    };
    let text = match tree.read_text(&path) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Vars::new();
        }
    };
    // A variable whose line is wrong is left out and the others are read; the pages' uses of
    // variables rest on the file, so they are not reported as well.
    let (vars, errors) = yaml::parse_all::<Option<Vars>>(&yaml::strip_invisible(&text));
    diagnostics.extend(errors.iter().map(|error| {
        let problem = error.diagnostic("invalid-vars", &tree.shown(&path), 1);
        if error.left_out.is_some() { problem.leaves_unread(diagnostics::Part::Vars) } else { problem }
    }));
    vars.flatten().unwrap_or_default()
}
