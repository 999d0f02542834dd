//! The build, stage by stage. Only this module knows the order:
//!
//! config -> source walk -> summary -> plan -> prepare pages (parallel) -> site -> theme ->
//! render pages (parallel, in memory) -> PDF -> site files -> search index -> write (atomic).
//!
//! Rendering is the [`render::Renderer`]'s stages, called here in order: each page's outputs,
//! then the PDF from the pages' typst (its own stage, timed as `pdf`), then the site's other
//! files, the downloads page with the PDFs' sizes among them.
//!
//! Input: [`BuildOptions`]. Output: a [`Report`] with every diagnostic of the run, counts and
//! per-stage timings. The site is written only when no error was found, so a failed build
//! leaves the previous site untouched.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::{self, IsTerminal};
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::{self, Overrides};
use crate::governance::{self, Day, Expired, Governance, PosterPage, Review, State};
use crate::memo::{self, KeptPage, Memo, Structure};
use crate::overlay::drift::Status;
use crate::pins::LockOnce;
use crate::translations::{self, SpacePages, Stale};
use crate::{
    dates, downloads, init, kit, output, pdf_stage, print, provenance, render, roles, search, site, spaces, theme,
};
use neokit_core::diagnostics::{self, Diagnostic, Location, Severity};
use neokit_core::keys::key;
use neokit_core::paths::{self, RelPath};
use neokit_core::{i18n, language};
use neokit_document::links::PageId;
use neokit_document::markdown::{self, PrepareEnv, Prepared};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub kit_dir: PathBuf,
    pub overrides: Overrides,
    /// Where the built site goes.
    pub target: OutputTarget,
    /// Show a progress bar on stderr for long builds (and which PDF part is being laid out).
    pub progress: bool,
    /// Print each PDF part on stderr as it is laid out (`-v`), on a terminal or not.
    pub verbose: bool,
    /// The preview's: kept between builds so that unchanged pages are not indexed again. With
    /// an in-memory target, the index is then left to the caller ([`Report::search`]).
    pub search_cache: Option<Arc<search::Cache>>,
    /// The preview's: prepared and rendered pages kept between builds (see [`memo`]).
    pub memo: Option<Arc<Memo>>,
    /// Also look for what `neokit check` reports beyond a build's problems: images without
    /// alt text, empty links, skipped heading levels, pages without a title, assets no page
    /// uses, and external links (as notes).
    pub lint: bool,
    /// The preview's: the files changed since the memo's last build, as the watcher saw them
    /// (absolute paths), when it could name them all. With only pages' text changed, the kit
    /// is not read again and unchanged pages are not read at all (see [`memo`]).
    pub changed: Option<Vec<PathBuf>>,
    /// Today, for review dates; `None`: `NEOKIT_TODAY` (tests, CI), else the clock.
    pub today: Option<Day>,
    /// The preview's: the site links to its PDFs, but they are made only when asked for.
    pub defer_pdf: bool,
    /// The preview's: the print page, which holds every page, is left to the caller
    /// ([`Report::print`]) to make when it is asked for; a save then costs what it changed.
    pub defer_print: bool,
    /// Where the PDF's laid-out parts are kept between builds (`neokit build --cache DIR`);
    /// `None`: beside the output folder ([`pdf_stage::cache_folder`]).
    pub pdf_cache: Option<PathBuf>,
}

/// Where a build puts the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputTarget {
    /// The output folder (atomically replaced).
    #[default]
    Disk,
    /// Memory ([`Report::files`]), for the preview server.
    Memory,
    /// Nowhere: check the kit only.
    Discard,
}

#[derive(Debug, Default)]
pub struct Report {
    /// The site's files, when built into memory.
    pub files: Option<HashMap<String, output::Content>>,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    /// Kit files published (images, downloads).
    pub assets: usize,
    pub output_files: usize,
    pub output_bytes: u64,
    pub output_dir: PathBuf,
    /// Whether the site was built (and, when writing, written).
    pub success: bool,
    pub timings: Vec<(&'static str, Duration)>,
    /// The search index still to write (in-memory builds with a search cache), of each space
    /// by its folder below the site root (`""`, `nl/`).
    pub search: Vec<(String, search::Deferred)>,
    /// Each page's file as shown in messages, with the site folder it is published at
    /// (`team/chair/`), so the preview can show a page its own problems.
    pub page_files: Arc<Vec<(PathBuf, String)>>,
    /// Review dates and owners, when the kit uses governance.
    pub governance: Option<GovernanceReport>,
    /// With [`BuildOptions::defer_print`]: each space's print page, still to make.
    pub print: Vec<PrintLater>,
}

/// A space's print page left for later ([`BuildOptions::defer_print`]): what it is made of.
pub struct PrintLater {
    /// The space's folder below the site root (`""`, `nl/`).
    pub prefix: String,
    site: site::Site,
    theme: theme::Theme,
    kit: Arc<kit::Kit>,
    config: config::Config,
    extras: render::Extras,
    bodies: Vec<Option<Arc<str>>>,
}

impl PrintLater {
    /// Where the page is published, below the site root (`nl/print/index.html`).
    pub fn path(&self) -> String {
        format!("{}{}", self.prefix, paths::page_file(print::PRINT_DIR))
    }

    /// The print page's files by path below the site root (the problems met are left out:
    /// the build that reports them is the one that writes the site).
    pub fn files(self) -> HashMap<String, output::Content> {
        let PrintLater { prefix, site, theme, kit, config, extras, bodies } = self;
        let (files, _) = render::print_page(&site, &theme, &kit.tree, &config, &extras, bodies);
        memo::drop_later((site, extras));
        files.into_iter().map(|(path, content)| (format!("{prefix}{path}"), content)).collect()
    }
}

impl fmt::Debug for PrintLater {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrintLater({}, {} pages)", self.path(), self.site.pages.len())
    }
}

/// What `check`, `neokit review` and `neokit poster` need to know about a kit's governance.
#[derive(Debug, Clone)]
pub struct GovernanceReport {
    /// Whether the kit uses governance (`governance:` or any page's keys).
    pub in_use: bool,
    pub today: Day,
    /// Every page with governance data, soonest review first.
    pub reviews: Vec<Review>,
    /// Every page, for posters.
    pub pages: Vec<PosterPage>,
    pub base_url: Option<config::SiteAddress>,
    pub title: Option<String>,
    pub brand: Option<String>,
    /// `brand.primary_color` as `#rrggbb`.
    pub color: String,
    pub language: String,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn total_time(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

struct Stages {
    timings: Vec<(&'static str, Duration)>,
    started: Instant,
}

impl Stages {
    fn done(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push((name, now - self.started));
        self.started = now;
    }
}

/// Builds the kit described by `options`.
pub fn build(options: &BuildOptions) -> anyhow::Result<Report> {
    let mut stages = Stages { timings: Vec::new(), started: Instant::now() };
    let mut report = Report::default();
    // A build that writes nothing (`check`, `review`) makes no PDF.
    let no_pdf = options.overrides.no_pdf || options.target == OutputTarget::Discard;
    let overrides = config::Overrides { no_pdf, ..options.overrides.clone() };
    let (mut config, problems) = config::load(&options.kit_dir, &overrides)?;
    report.output_dir = config.output_dir.clone();
    report.diagnostics.extend(problems);
    // Without `language:` the pages' text tells it, when it is sure (else `en`, as before).
    if !config.language_given
        && config.languages.is_empty()
        && let Some((tag, name)) = language::detect(&config.content_root)
        && tag != config.language
    {
        config.language = tag.to_string();
        report.diagnostics.push(
            Diagnostic::note("language", format!("the pages read as {name}: they are published as `lang=\"{tag}\"`"))
                .with_help(format!("`language: {tag}` in neokit.yaml says so and stops this guess")),
        );
    }
    // `check` goes on to the pages with what could be read; a build stops here.
    if report.errors() > 0 && !options.lint {
        return Ok(finish(report, stages));
    }
    // A theme the preview kept is loaded again when one of its files changed.
    if let Some(memo) = &options.memo {
        memo.forget_themes(options.changed.as_deref());
    }
    // The lock is read once for the whole build, by the first stage that asks for it.
    let lock = LockOnce::new(&config.kit_dir);
    provenance::preload(&config, options.target != OutputTarget::Discard, &lock);
    stages.done("config");

    let (map, problems) = spaces::discover(
        &config.kit_dir,
        config.gitbook_file.as_deref().and_then(Path::parent).unwrap_or(&config.content_root),
        &config.language,
        &config.languages,
        &|p| config.display_path(p),
    );
    report.diagnostics.extend(problems);
    if report.errors() > 0 && !options.lint {
        return Ok(finish(report, stages));
    }
    // GitBook's site title (`docs.yaml`) names the site when neokit.yaml does not.
    if config.title.is_none() {
        config.title = map.title.clone();
    }

    if !map.is_multi() {
        let memo = options.memo.as_deref();
        let Some(space) = assemble(options, &config, &lock, memo, options.changed.as_deref(), &mut report, &mut stages)
        else {
            return Ok(finish(report, stages));
        };
        // Pages are written into a staging folder as they are rendered; it becomes the site
        // only if the whole build succeeds.
        let staging = staging_for(options, &config, space.site.pages.len())?;
        if options.target != OutputTarget::Discard {
            let kit = &space.structure.kit;
            let provenance =
                provenance::Space { config: &config, kit, site: &space.site, governance: &space.extras.governance };
            provenance::stage(&staging, &config, &[provenance], space.today, &lock, &mut report.diagnostics);
        }
        if !render_space(options, &config, space, &staging, memo, None, &mut report, &mut stages) {
            return Ok(finish(report, stages));
        }
        return write(options, staging, report, stages);
    }

    // Several spaces: each is read and assembled, then each is rendered into its folder of
    // one site, with links to its pages in the other languages.
    let mut configs = Vec::with_capacity(map.spaces.len());
    for space in &map.spaces {
        let (space_config, problems) = spaces::config_for(&config, &map, space);
        report.diagnostics.extend(problems);
        configs.push(space_config);
    }
    // A translation takes the pages it lacks from its source (`translations.missing`).
    for (translated, source) in translations::pairs_of_spaces(&map) {
        let original = &configs[source];
        configs[translated].fallback = Some(config::FallbackSource {
            root: original.content_root.clone(),
            summary: original.gitbook.summary.clone(),
            language: original.language.clone(),
            prefix: map.spaces[source].prefix.clone(),
            exclude: original.exclude.clone(),
        });
    }
    // The preview keeps each space's pages apart: a save in one space reads, prepares and
    // renders that space's changed pages, and the other spaces are reused.
    let memos: Vec<Option<Arc<Memo>>> =
        map.spaces.iter().map(|space| options.memo.as_ref().map(|memo| memo.space(&space.prefix))).collect();
    if let Some(memo) = &options.memo {
        memo.retain_spaces(&map.spaces.iter().map(|space| space.prefix.as_str()).collect::<Vec<_>>());
    }
    let pairs = translations::pairs_of_spaces(&map);
    let changed = changes_by_space(&map, &memos, &pairs, options.changed.as_deref());
    let mut spaces = Vec::with_capacity(map.spaces.len());
    for (index, space_config) in configs.into_iter().enumerate() {
        let (memo, changed) = (memos[index].as_deref(), changed[index].as_deref());
        let Some(assembled) = assemble(options, &space_config, &lock, memo, changed, &mut report, &mut stages) else {
            return Ok(finish(report, stages));
        };
        spaces.push((space_config, assembled));
    }
    let (mut stale, replaced) = translation_states(options, &config, &lock, &map, &spaces, &mut report);
    for replaced in &replaced {
        show_source(&mut spaces, replaced);
        // The page shows the source's text: its keys say so.
        let source = &spaces[replaced.source].1;
        let of_source = (source.prepare_keys.get(replaced.source_page), source.outlines.get(replaced.source_page));
        let (of_source, space) = (key(of_source), &mut spaces[replaced.space].1);
        if let Some(&id) = space.site.by_source.get(&replaced.page) {
            space.prepare_keys[id] = key((space.prepare_keys[id], of_source));
            space.outlines[id] = key((space.outlines[id], of_source));
        }
    }
    // A translation showing source pages takes the source's files they refer to (images,
    // downloads), once per translation, as it does for the pages it lacks.
    let mut borrowing: Vec<(usize, usize)> = replaced.iter().map(|r| (r.space, r.source)).collect();
    borrowing.dedup();
    for (space, source) in borrowing {
        // The kit is changed for this build: the preview reads it again next time.
        if let Some(memo) = &memos[space] {
            memo.forget_structure();
        }
        let original = spaces[source].1.structure.kit.clone();
        if let Some(kit) = Arc::get_mut(&mut spaces[space].1.structure).and_then(|s| Arc::get_mut(&mut s.kit)) {
            kit.tree.take_missing_files(&original.tree);
        }
    }
    let pages = spaces.iter().map(|(_, s)| s.site.pages.len()).sum::<usize>();
    let staging = staging_for(options, &config, pages)?;
    let alternates =
        spaces::Alternates::new(&map, spaces.iter().map(|(_, s)| (&s.site, &s.structure.kit.tree)).collect());
    let cross =
        Arc::new(spaces::cross_space(&map, spaces.iter().map(|(_, s)| (&s.site, &s.structure.kit.tree)).collect()));
    let sitemap = config.base_url.as_ref().map(|base| {
        let entries = spaces
            .iter()
            .enumerate()
            .map(|(index, (_, s))| render::sitemap::entries(&s.site, &map.spaces[index].prefix, &s.extras.dates));
        site_sitemap(base, entries.collect(), &alternates)
    });
    // One embeds.json for the whole site, at its root (each space's pages below its folder).
    let embeds = config.embed.enabled.then(|| {
        let entries: Vec<render::embed::Entry> = spaces
            .iter()
            .enumerate()
            .flat_map(|(index, (space_config, s))| {
                render::embed::entries(
                    &s.site,
                    &s.extras.governance,
                    space_config.embed.enabled,
                    config.base_url.as_ref(),
                    &map.spaces[index].prefix,
                )
            })
            .collect();
        render::embed::json(&entries)
    });
    if options.target != OutputTarget::Discard
        && let Some((_, first)) = spaces.first()
    {
        let all: Vec<provenance::Space> = spaces
            .iter()
            .map(|(config, s)| provenance::Space {
                config,
                kit: &s.structure.kit,
                site: &s.site,
                governance: &s.extras.governance,
            })
            .collect();
        provenance::stage(&staging, &config, &all, first.today, &lock, &mut report.diagnostics);
    }
    // What a space's pages read of the other spaces (their folders, which pages are
    // translated, the site's sections and languages), for the preview's keys.
    let cross_key = options.memo.as_ref().map_or(0, |_| {
        let spaces: Vec<(u64, u64, &[u64])> =
            spaces.iter().map(|(_, s)| (s.structure.files_key, s.structure.plan_key, &s.outlines[..])).collect();
        // The pages published from their source decide which of its files a translation takes.
        let replaced: Vec<_> = replaced.iter().map(|r| (r.space, &r.page, r.source, r.source_page)).collect();
        key((&map, spaces, replaced))
    });
    // What the spaces share: translation states, languages, the sitemap, embeds.json.
    stages.done("spaces");
    let mut total = 0;
    for (index, (space_config, mut assembled)) in spaces.into_iter().enumerate() {
        total += assembled.site.pages.len();
        assembled.extras.stale = mem::take(&mut stale[index]);
        assembled.extras.cross = Some((cross.clone(), index));
        assembled.cross_key = cross_key;
        // A translated page's banner says which of its source's sections changed.
        for (page, stale) in &assembled.extras.stale {
            if let Some(&id) = assembled.site.by_source.get(page) {
                let banner = (&stale.sections, stale.shown, &stale.folder, &stale.language);
                assembled.prepare_keys[id] = key((assembled.prepare_keys[id], banner));
            }
        }
        staging.set_prefix(&map.spaces[index].prefix);
        let links = (alternates.for_space(index), alternates.navigation(&map, index));
        let memo = memos[index].as_deref();
        if !render_space(options, &space_config, assembled, &staging, memo, Some(links), &mut report, &mut stages) {
            return Ok(finish(report, stages));
        }
    }
    staging.set_prefix("");
    // The site's counts are its spaces'.
    if let Some(memo) = &options.memo {
        let sum = |count: fn(&Memo) -> &AtomicUsize| {
            memos.iter().flatten().map(|m| count(m).load(Ordering::Relaxed)).sum::<usize>()
        };
        memo.rendered_count.store(sum(|m| &m.rendered_count), Ordering::Relaxed);
        memo.prepared_count.store(sum(|m| &m.prepared_count), Ordering::Relaxed);
        let reused = memos.iter().flatten().all(|m| m.structure_reused.load(Ordering::Relaxed));
        memo.structure_reused.store(reused, Ordering::Relaxed);
    }
    // One sitemap and one robots.txt for the whole site, at its root.
    for (path, text) in sitemap
        .map(|xml| ("sitemap.xml", xml))
        .into_iter()
        .chain([("robots.txt", render::sitemap::robots(config.base_url.as_ref()))])
        .chain(embeds.map(|json| ("embeds.json", json)))
    {
        if let Err(conflict) = staging.put(path.to_string(), output::Content::Text(text.into())) {
            report.diagnostics.push(conflict);
        }
    }
    report.pages = total;
    write(options, staging, report, stages)
}

/// The files changed in each space (as [`BuildOptions::changed`]), by space: a file belongs to
/// the space whose folder holds it (the innermost), and to a translation of that space unless
/// it is the text of a page the translation has its own of (a translation shows the pages it
/// lacks from its source). All `None` when they are not known or a file is in no space.
fn changes_by_space(
    map: &spaces::SiteMap,
    memos: &[Option<Arc<Memo>>],
    pairs: &[(usize, usize)],
    changed: Option<&[PathBuf]>,
) -> Vec<Option<Vec<PathBuf>>> {
    let unknown = vec![None; map.spaces.len()];
    let Some(changed) = changed else { return unknown };
    let mut by_space = vec![Vec::new(); map.spaces.len()];
    for path in changed {
        let owner = (map.spaces.iter().enumerate())
            .filter(|(_, space)| path.starts_with(&space.dir))
            .max_by_key(|(_, space)| space.dir.components().count());
        let Some((owner, _)) = owner else { return unknown };
        by_space[owner].push(path.clone());
        for &(translated, _) in pairs.iter().filter(|(_, source)| *source == owner) {
            let concerns = match (&memos[owner], &memos[translated]) {
                (Some(source), Some(translation)) => {
                    !source.only_text_of(path) || translation.shows_from_elsewhere(path)
                }
                _ => true,
            };
            if concerns {
                by_space[translated].push(path.clone());
            }
        }
    }
    by_space.into_iter().map(Some).collect()
}

/// A translated page whose source is published in its place (`translations.stale: fallback`).
struct Replaced {
    space: usize,
    page: RelPath,
    source: usize,
    source_page: PageId,
}

/// Translated pages whose source changed since they were pinned, per space (for their
/// banners), and those to publish the source in place of (`translations.stale: fallback`).
/// `check` reports them and unpinned translations; `translations.stale: error` makes them
/// errors.
fn translation_states(
    options: &BuildOptions,
    config: &config::Config,
    lock: &LockOnce,
    map: &spaces::SiteMap,
    spaces: &[(config::Config, Assembled)],
    report: &mut Report,
) -> (Vec<HashMap<RelPath, translations::Stale>>, Vec<Replaced>) {
    let mut stale = vec![HashMap::new(); spaces.len()];
    let mut replaced = Vec::new();
    let Some(lock) = translations::build_lock(lock, &mut report.diagnostics) else { return (stale, replaced) };
    let pages = |i: usize| {
        let assembled = &spaces[i].1;
        SpacePages {
            language: map.spaces[i].language.clone().unwrap_or_default(),
            tree: &assembled.structure.kit.tree,
            pages: assembled
                .site
                .pages
                .iter()
                .filter(|p| !assembled.structure.kit.tree.fallback.contains(&p.source))
                .map(|p| (p.source.clone(), p.prepared.front.translation_of()))
                .collect(),
        }
    };
    // Every translated page of the site, with its space and its source's.
    let mut all: Vec<(usize, usize, translations::Pair)> = Vec::new();
    for (translated, source) in translations::pairs_of_spaces(map) {
        let (own, original) = (pages(translated), pages(source));
        report.diagnostics.extend(translations::unknown_sources(&own, &original));
        let (pairs, _) = translations::pair_pages(&own, &original);
        all.extend(pairs.into_iter().map(|pair| (translated, source, pair)));
    }
    let pins = translations::Pins::of(&lock);
    let item = |index: usize| {
        let (_, source, pair) = &all[index];
        let tree = &spaces[*source].1.structure.kit.tree;
        let text = |pair: &translations::Pair| {
            tree.markdown.contains(&pair.source).then(|| tree.read_text(&pair.source).ok()).flatten()
        };
        translations::item(&config.kit_dir, pins.of_pair(pair), pair, &text)
    };
    let items = match options.memo.as_deref() {
        // The preview compares again only the pages whose source text or pin changed.
        Some(memo) => {
            let keys: Vec<Option<u64>> = (all.iter())
                .map(|(_, source, pair)| {
                    let source = &spaces[*source].1;
                    let page = *source.site.by_source.get(&pair.source)?;
                    // The key of the page's text (0: it could not be read).
                    let text = source.prepare_keys.get(page).copied().filter(|&text| text != 0)?;
                    let pin = pins.of_pair(pair).map(|pin| serde_json::to_string(pin).unwrap_or_default());
                    let pages = (&pair.language, &pair.page, &pair.file, &pair.source, &pair.source_file);
                    Some(key((pages, pin, text)))
                })
                .collect();
            memo.translation_items(&keys, item)
        }
        None => (0..all.len()).map(item).collect(),
    };
    for ((translated, source, _), item) in all.iter().zip(items) {
        let (translated, source) = (*translated, *source);
        let diagnostic = item.diagnostic();
        match item.status {
            Status::Current => continue,
            Status::Changed | Status::Removed if config.stale_translations == config::StaleTranslations::Error => {
                report.diagnostics.push(diagnostic.into_error());
            }
            _ if options.lint => report.diagnostics.push(diagnostic),
            _ => {}
        }
        if let (Status::Changed, Some(pair)) = (item.status, &item.pair) {
            let site = &spaces[source].1.site;
            let found = site.by_source.get(&pair.source).copied();
            let folder = found.map_or_else(String::new, |id| site.pages[id].dir.clone());
            let shown = found.is_some() && config.stale_translations == config::StaleTranslations::Fallback;
            if shown {
                replaced.push(Replaced {
                    space: translated,
                    page: pair.page.clone(),
                    source,
                    source_page: found.unwrap_or_default(),
                });
            }
            stale[translated].insert(
                pair.page.clone(),
                Stale {
                    sections: item.titles.clone(),
                    shown,
                    folder: format!("{}{folder}", map.spaces[source].prefix),
                    language: map.spaces[source].language.clone().unwrap_or_default(),
                },
            );
        }
    }
    (stale, replaced)
}

/// Publishes the source page's text at the address of its out-of-date translation: the
/// source's document, headings and title, with the translation's front matter (its place in
/// the navigation, its governance); its banner says the translation is being updated.
fn show_source(spaces: &mut [(config::Config, Assembled)], replaced: &Replaced) {
    let source = &spaces[replaced.source].1.site.pages[replaced.source_page];
    let (mut prepared, title) = ((*source.prepared).clone(), source.title.clone());
    let site = &mut spaces[replaced.space].1.site;
    let Some(&id) = site.by_source.get(&replaced.page) else { return };
    let page = &mut site.pages[id];
    prepared.front = page.prepared.front.clone();
    page.prepared = Arc::new(prepared);
    page.title = title;
}

/// The sitemap of a site of several spaces: every space's pages that may be indexed (per
/// space, with their page ids), each with its translations that are in the sitemap too.
fn site_sitemap(
    base: &config::SiteAddress,
    spaces: Vec<Vec<(usize, render::sitemap::Entry)>>,
    alternates: &spaces::Alternates,
) -> String {
    let listed: HashSet<String> = spaces.iter().flatten().map(|(_, entry)| entry.folder.clone()).collect();
    let mut all = Vec::new();
    for (index, entries) in spaces.into_iter().enumerate() {
        let languages = alternates.for_space(index);
        for (id, mut entry) in entries {
            let links: Vec<&spaces::LanguageLink> = languages
                .links
                .get(id)
                .into_iter()
                .flatten()
                .filter(|link| link.translated && listed.contains(&link.folder))
                .collect();
            entry.alternates = links.iter().map(|link| (link.code.clone(), link.folder.clone())).collect();
            // The default language also stands for readers whose language is not listed.
            if let Some(default) = links.iter().find(|link| link.default).filter(|_| links.len() > 1) {
                entry.alternates.push(("x-default".to_string(), default.folder.clone()));
            }
            all.push(entry);
        }
    }
    render::sitemap::xml(base, &all)
}

/// Where the site is written: a staging folder that becomes the site only if the whole build
/// succeeds, memory (the preview) or nowhere (`check`).
fn staging_for(options: &BuildOptions, config: &config::Config, pages: usize) -> anyhow::Result<output::Staging> {
    Ok(match options.target {
        OutputTarget::Disk => output::Staging::create(&config.output_dir, &config.kit_dir)?,
        OutputTarget::Memory => output::Staging::memory(pages + 64),
        OutputTarget::Discard => output::Staging::discard(&config.output_dir),
    })
}

/// Commits the staged site when the build found no error.
fn write(
    options: &BuildOptions,
    staging: output::Staging,
    mut report: Report,
    mut stages: Stages,
) -> anyhow::Result<Report> {
    report.output_files = staging.file_count();
    report.output_bytes = staging.byte_count();
    if report.errors() == 0 {
        if options.target == OutputTarget::Memory {
            report.files = Some(staging.into_memory());
        } else {
            staging.commit()?;
        }
        stages.done("write");
        report.success = true;
    }
    Ok(finish(report, stages))
}

/// A space read, prepared and assembled: ready to render.
struct Assembled {
    structure: Arc<Structure>,
    site: site::Site,
    extras: render::Extras,
    prepare_keys: Vec<u64>,
    outlines: Vec<u64>,
    /// In a site of several spaces, the key of what its pages read of the others.
    cross_key: u64,
    /// What the roles and downloads hold ([`memo::Extras::key`]).
    extras_key: u64,
    today: Day,
    progress: Option<ProgressBar>,
}

/// Reads a space (its kit, SUMMARY and pages, or what the preview kept of them) and
/// assembles its site with roles, downloads, dates and governance. `None` when the kit could
/// not be read (the problems are in the report).
fn assemble(
    options: &BuildOptions,
    config: &config::Config,
    lock: &LockOnce,
    memo: Option<&Memo>,
    changed: Option<&[PathBuf]>,
    report: &mut Report,
    stages: &mut Stages,
) -> Option<Assembled> {
    // The kit and its navigation: read again unless the preview knows only page text changed.
    let config_key = memo.map(|_| key(format!("{config:?}")));
    let reused = memo.zip(config_key).and_then(|(memo, config)| memo.structure(config, changed));
    if let Some(memo) = memo {
        memo.structure_reused.store(reused.is_some(), Ordering::Relaxed);
    }
    let (structure, changed) = match reused {
        Some((structure, changed)) => (structure, Some(changed)),
        None => {
            let (kit, mut problems) = kit::load(config, options.lint, lock);
            if !kit.complete {
                if let Some(memo) = memo {
                    memo.forget_structure();
                }
                report.diagnostics.extend(problems);
                return None;
            }
            let (plan, found) = site::plan(&kit.summary, &kit.tree, &kit.readme, kit.summary_file.as_ref());
            problems.extend(found);
            problems.extend(kit::orphans(&kit, plan.pages.iter().map(|p| &p.source)));
            let files_key = memo.map_or(0, |_| memo::files_key(&kit));
            let plan_key = memo.map_or(0, |_| memo::plan_key(&plan));
            let page_files = plan.pages.iter().map(|p| (kit.tree.shown(&p.source), p.dir.clone())).collect();
            let structure = Structure {
                config: config_key.unwrap_or(0),
                kit: Arc::new(kit),
                plan,
                problems,
                files_key,
                plan_key,
                page_files: Arc::new(page_files),
                generation: 0,
            };
            let structure = match memo {
                Some(memo) => memo.keep_structure(structure),
                None => Arc::new(structure),
            };
            (structure, None)
        }
    };
    report.diagnostics.extend(structure.problems.iter().cloned());
    let kit = &*structure.kit;
    if options.lint {
        report.diagnostics.extend(init::placeholders(config, &kit.tree));
    }
    let plan = structure.plan.clone();
    stages.done("discover");

    let tree = &kit.tree;
    let space_vars = &kit.vars;
    let faq_pages = config.faqs.iter().filter_map(|p| RelPath::new(p)).collect();
    let env = PrepareEnv { tree, space_vars, faq_pages: &faq_pages };
    let progress = progress_bar(options.progress, plan.pages.len() * 2);
    if let Some(memo) = memo {
        memo.prepared_count.store(0, Ordering::Relaxed);
    }
    // What every page's preparation reads besides its own text (for the preview's memo).
    let shared_inputs = memo.map(|_| structure.files_key);
    // Pages that neither changed nor include a changed file, taken as they are (one look).
    let untouched = match (memo, &changed) {
        (Some(memo), Some(changed)) => memo.untouched(plan.pages.iter().map(|p| &p.source), changed),
        _ => vec![None; plan.pages.len()],
    };
    let kept: Vec<KeptPage> = plan
        .pages
        .par_iter()
        .zip(untouched)
        .map(|(page, untouched)| {
            let kept = untouched.unwrap_or_else(|| prepare_page(&page.source, &env, memo, shared_inputs));
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            kept
        })
        .collect();
    let mut prepared = Vec::with_capacity(kept.len());
    let mut prepare_keys = Vec::with_capacity(kept.len());
    let mut outlines = Vec::with_capacity(kept.len());
    for page in kept {
        report.diagnostics.extend(page.prepared.problems.iter().cloned());
        prepared.push(page.prepared);
        prepare_keys.push(page.page_key);
        outlines.push(page.outline);
    }
    let mut site = site::assemble(plan, prepared);
    report.pages = site.pages.len();
    report.page_files = structure.page_files.clone();
    // A kept structure has the same pages: nothing to forget.
    if let Some(memo) = memo
        && changed.is_none()
    {
        memo.retain(
            &site.pages.iter().map(|p| &p.source).collect(),
            &site.pages.iter().map(|p| p.dir.as_str()).collect(),
        );
    }
    stages.done("parse");

    // Roles and downloads read every page's front matter, links and file blocks: kept while
    // the structure and every page's outline are the same.
    let make_extras = || {
        let (roles, problems) = roles::collect(&site, config, tree);
        memo::Extras::new(roles, downloads::collect(&site, tree), problems)
    };
    let found = match memo {
        Some(memo) => memo.extras(memo::extras_inputs(&structure, &outlines), make_extras),
        None => Arc::new(make_extras()),
    };
    report.diagnostics.extend(found.problems.iter().cloned());
    let (roles, downloads, extras_key) = (found.roles.clone(), found.downloads.clone(), found.key);
    if let Some((title, folder)) = &config.downloads
        && !downloads.is_empty()
        && let Some(section) = site.sections.last_mut()
    {
        section.items.push(site::NavItem::generated(title, folder));
    }
    let sources: Vec<RelPath> = site.pages.iter().map(|p| p.source.clone()).collect();
    let dates = match memo {
        Some(memo) => {
            dates::last_updated_kept(config.last_updated, tree, &sources, &mut memo.dates(), changed.as_ref())
        }
        None => dates::last_updated(config.last_updated, tree, &sources),
    };
    let today = Day::today(options.today).unwrap_or_else(|message| {
        report.diagnostics.push(Diagnostic::error("environment", message));
        Day::today(None).unwrap_or_default()
    });
    // Governance reads every page's front matter: the preview keeps it while that, the
    // structure, the roles, the day and the lock it reads are the same.
    let make_governance = || {
        let (governance, problems) = governance::collect(&site, config, tree, &roles, today, lock);
        let reviews = governance::calendar(&site, tree, &governance, &roles);
        let posters = governance::poster_pages(&site, tree, &governance);
        memo::KeptGovernance { governance: Arc::new(governance), problems, reviews, posters }
    };
    let kept_by = memo.and_then(|memo| {
        // The "What changed" page of a translation or an overlay reads the lock.
        let lock_key = match config.upstream.is_some() || config.fallback.is_some() {
            true => lock.get().ok().map(|found| key(format!("{found:?}"))),
            false => Some(0),
        };
        Some((memo, memo::governance_inputs(&structure, &outlines, extras_key, today.0, lock_key)?))
    });
    let found = match kept_by {
        Some((memo, key)) => memo.governance(key, make_governance),
        None => Arc::new(make_governance()),
    };
    report.diagnostics.extend(found.problems.iter().cloned());
    let governance = &*found.governance;
    {
        let settings = &governance.settings;
        let text = i18n::text_with(&config.language, &config.interface);
        let shown = [governance.in_use, governance.in_use || !governance.recorded.is_empty()];
        let pages = [(&settings.status_page, text.page_status), (&settings.changes_page, text.what_changed)];
        for ((page, title), shown) in pages.into_iter().zip(shown) {
            if let Some(page) = page.as_ref().filter(|p| p.navigation && shown)
                && let Some(section) = site.sections.last_mut()
            {
                section.items.push(site::NavItem::generated(page.title.as_deref().unwrap_or(title), &page.path));
            }
        }
        let reviews = found.reviews.clone();
        if options.lint && governance.in_use {
            report.diagnostics.extend(review_warnings(&reviews, governance, &config.language));
            let previous = config.output_dir.join("_neokit/short-links.json");
            if let Ok(text) = fs::read_to_string(&previous) {
                let shown = config.display_path(&previous);
                report.diagnostics.extend(governance::short_link_changes(&text, &site, tree, governance, &shown));
            }
        }
        report.governance = Some(GovernanceReport {
            in_use: governance.in_use,
            today,
            reviews,
            pages: found.posters.clone(),
            base_url: config.base_url.clone(),
            title: config.title.clone(),
            brand: config.brand.name.clone(),
            color: config.brand.primary.to_string(),
            language: config.language.clone(),
        });
    }
    let extras = render::Extras {
        dates,
        roles,
        downloads,
        governance: found.governance.clone(),
        languages: None,
        stale: Default::default(),
        spaces: None,
        cross: None,
    };
    stages.done("links");
    Some(Assembled { structure, site, extras, prepare_keys, outlines, cross_key: 0, extras_key, today, progress })
}

/// Renders an assembled space into the staging area (its pages, extra pages and search
/// index). `links`: for a space of a site with several, its pages in the site's other
/// languages, and the site's sections and the space's variants. Returns false when
/// the theme could not be loaded.
#[allow(clippy::too_many_arguments)]
fn render_space(
    options: &BuildOptions,
    config: &config::Config,
    space: Assembled,
    staging: &output::Staging,
    memo: Option<&Memo>,
    links: Option<(spaces::Languages, spaces::SpaceLinks)>,
    report: &mut Report,
    stages: &mut Stages,
) -> bool {
    let Assembled { structure, site, mut extras, prepare_keys, outlines, cross_key, extras_key, today, progress } =
        space;
    // The preview keeps one index between builds, for a site of one space.
    let one_space = links.is_none();
    (extras.languages, extras.spaces) = links.unzip();
    let tree = &structure.kit.tree;
    // The preview keeps the loaded theme between builds, one for all spaces.
    let loaded = match options.memo.as_deref() {
        Some(kept) => kept.theme(config),
        None => theme::load(config.theme_dir.as_deref(), &|p| config.display_path(p)).map(|theme| (theme, 0)),
    };
    let (mut theme, theme_key) = match loaded {
        Ok(loaded) => loaded,
        Err(problems) => {
            report.diagnostics.extend(problems);
            return false;
        }
    };
    stages.done("theme");

    // With the memo, the search entries are kept too: a kept page's entry is the index's.
    let indexer = config.search.then(|| match (&options.search_cache, memo) {
        (Some(cache), _) if one_space => cache.indexer(&config.language),
        (_, Some(memo)) => memo.search.indexer(&config.language),
        _ => Arc::new(search::Indexer::new(&config.language)),
    });
    let renderer = render::Renderer::new(&site, &mut theme, tree, config, &extras);
    let outputs = render::Outputs {
        staging,
        search: indexer.as_deref(),
        lint: options.lint,
        pdf: !options.defer_pdf,
        earlier: None,
    };
    // The preview renders again only the pages whose inputs changed, and keeps what it renders.
    let (mut rendered, nav, embeds) = match memo {
        Some(memo) => {
            // Review states change with the day, so a preview left running renders them again.
            let context = memo::context_key(&site, &structure, &outlines, theme_key, extras_key, options.lint);
            let context = key((context, today.0, cross_key));
            let keys = memo::render_keys(&site, context, &prepare_keys, &extras.dates, &renderer.printed());
            let rendered = memo
                .render(&site, &keys, |earlier| renderer.pages(render::Outputs { earlier: Some(earlier), ..outputs }));
            // `embeds.json` reads the pages' folders, titles and review states: all in the context.
            let embeds = (renderer.writes_embeds_json())
                .then(|| memo.kept_text("embeds.json", context, || renderer.embeds_json()));
            (rendered, Some(memo.nav(&site, context)), embeds)
        }
        None => (renderer.pages(outputs), None, None),
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    report.diagnostics.append(&mut rendered.problems);
    report.assets += rendered.files;
    stages.done("render");

    let pdfs = match rendered.typst.take() {
        Some(pages) => {
            // Which PDF part is being laid out: a line each with `-v`, else a spinner on a terminal.
            let spinner = options.progress && io::stderr().is_terminal();
            let pdf_bar = OnceLock::new();
            let tell = |what: &str| match options.verbose {
                true => eprintln!("  PDF: laying out {what}"),
                false => pdf_spinner(&pdf_bar).set_message(format!("PDF: laying out {what}")),
            };
            let progress: Option<&(dyn Fn(&str) + Sync)> = (spinner || options.verbose).then_some(&tell);
            let job = pdf_stage::Job { cache: options.pdf_cache.as_deref(), ..renderer.pdf_job(pages, progress) };
            let pdfs = make_pdfs(job, staging, &mut report.diagnostics);
            if let Some(bar) = pdf_bar.get() {
                bar.finish_and_clear();
            }
            stages.done("pdf");
            pdfs
        }
        None => HashMap::new(),
    };

    // The preview makes the print page, which holds every page, when it is asked for.
    let (print, print_later) = match options.defer_print {
        true => (None, rendered.print.take()),
        false => (rendered.print.take(), None),
    };
    report.diagnostics.extend(renderer.site_files(staging, render::SiteFiles { print, pdfs: &pdfs, nav, embeds }));
    drop(renderer);
    let extras_prefix = extras.spaces.as_ref().map_or_else(String::new, |s| s.prefix.clone());
    match print_later {
        Some(bodies) => report.print.push(PrintLater {
            prefix: extras_prefix.clone(),
            site,
            theme,
            kit: structure.kit.clone(),
            config: config.clone(),
            extras,
            bodies,
        }),
        // The preview answers sooner when a large kit's pages are freed after the answer.
        None if memo.is_some() => memo::drop_later((site, extras)),
        None => {}
    }
    stages.done("files");

    let defer =
        (one_space || memo.is_some()) && options.target == OutputTarget::Memory && options.search_cache.is_some();
    match indexer {
        Some(indexer) if defer => {
            let prefix = extras_prefix.clone();
            report.search.push((prefix, search::Cache::defer(indexer, rendered.search)));
        }
        Some(indexer) => {
            indexer.write(rendered.search, &mut |path, script| {
                if let Err(conflict) = staging.put(path, output::Content::Text(script.into())) {
                    report.diagnostics.push(conflict);
                }
            });
            stages.done("search");
        }
        None => {}
    }
    true
}

/// `check`: a warning for each page due for review within `warn_before` (`review-due`) and
/// each page past its review date (`review-overdue`), at its review date.
fn review_warnings(reviews: &[Review], governance: &Governance, language: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for review in reviews {
        let Some(page) = governance.page(review.page) else { continue };
        let (code, what) = match review.state {
            State::Due => ("review-due", "due for review on"),
            // With `expired: error` the build already stops there.
            State::Overdue if governance.settings.expired != Expired::Error => {
                ("review-overdue", "past its review date,")
            }
            _ => continue,
        };
        let owner = review.owner_name.as_deref().map_or(String::new(), |name| format!("; owner: {name}"));
        let due = page.next_review.map(|d| d.long(language)).unwrap_or_default();
        let location = page.at.clone().unwrap_or_else(|| Location::file(&review.file));
        let today = governance.today.unwrap_or(Day(0));
        let days = page.next_review.map_or(0, |d| (d.0 - today.0).abs());
        let when = if review.state == State::Due { format!("in {days} days") } else { format!("{days} days ago") };
        found.push(
            Diagnostic::warning(code, format!("page is {what} {due} ({when}){owner}"))
                .at(location)
                .with_help("after the review, set `reviewed:` to the day it was done"),
        );
    }
    found
}

/// Prepares one page, or takes it from the memo when its text and includes read as before.
fn prepare_page(source: &RelPath, env: &PrepareEnv, memo: Option<&Memo>, shared_inputs: Option<u64>) -> KeptPage {
    let text = match env.tree.read_text(source) {
        Ok(text) => text,
        Err(diagnostic) => {
            let prepared = Prepared { problems: vec![diagnostic], ..Prepared::default() };
            let kept = KeptPage { text_key: 0, page_key: 0, outline: 0, prepared: Arc::new(prepared) };
            // Kept too: an unchanged unreadable page stays unreadable.
            if let Some(memo) = memo {
                memo.keep_prepared(source, kept.clone());
            }
            return kept;
        }
    };
    let is_faq = env.faq_pages.contains(source);
    let Some(memo) = memo else {
        let prepared = Arc::new(markdown::prepare(source, Arc::from(text), env));
        return KeptPage { text_key: 0, page_key: 0, outline: 0, prepared };
    };
    let text_key = key((shared_inputs, source, &text, is_faq));
    if let Some(kept) = memo.prepared(source, text_key, env.tree) {
        return kept;
    }
    memo.prepared_count.fetch_add(1, Ordering::Relaxed);
    let prepared = markdown::prepare(source, Arc::from(text), env);
    // What the page's rendering depends on of its own: its text and inputs, and the text of
    // every file it included.
    let includes: Vec<(&RelPath, &str)> =
        prepared.scanned.files.iter().skip(1).map(|(path, text)| (path, &**text)).collect();
    let page_key = key((text_key, includes));
    let outline = memo::outline_key(&prepared);
    let kept = KeptPage { text_key, page_key, outline, prepared: Arc::new(prepared) };
    memo.keep_prepared(source, kept.clone());
    kept
}

fn finish(mut report: Report, stages: Stages) -> Report {
    report.timings = stages.timings;
    diagnostics::drop_follow_ons(&mut report.diagnostics);
    diagnostics::sort(&mut report.diagnostics);
    report.diagnostics.dedup();
    report
}

/// The PDF stage: lays out the books of `job` and writes them (and with `pdf.source` their
/// typst source) to the staging area. The size of each file made, by path, for the downloads
/// page.
fn make_pdfs(
    job: pdf_stage::Job,
    staging: &output::Staging,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, u64> {
    let (files, problems) = pdf_stage::make(job);
    diagnostics.extend(problems);
    let mut made = HashMap::new();
    for file in files {
        made.insert(file.path.clone(), file.bytes.len() as u64);
        if let Err(conflict) = staging.put(file.path, output::Content::Bytes(file.bytes)) {
            diagnostics.push(conflict);
        }
    }
    made
}

/// The spinner that shows the PDF part being laid out, made when the first part starts.
fn pdf_spinner(bar: &OnceLock<ProgressBar>) -> &ProgressBar {
    bar.get_or_init(|| {
        let bar = ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    })
}

fn progress_bar(enabled: bool, steps: usize) -> Option<ProgressBar> {
    if !enabled || steps < 400 || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(steps as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}
