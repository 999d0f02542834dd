//! The build, stage by stage. Only this module knows the order:
//!
//! config -> source walk -> summary -> plan -> prepare pages (parallel) -> site -> theme ->
//! render (parallel, in memory) -> write (atomic).
//!
//! Input: [`BuildOptions`]. Output: a [`Report`] with every diagnostic of the run, counts and
//! per-stage timings. The site is written only when no error was found, so a failed build
//! leaves the previous site untouched.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Overrides};
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, PrepareEnv, Prepared};
use crate::output;
use crate::paths::RelPath;
use crate::render;
use crate::site;
use crate::theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub kit_dir: PathBuf,
    pub overrides: Overrides,
    /// Where the built site goes.
    pub target: OutputTarget,
    /// Show a progress bar on stderr for long builds.
    pub progress: bool,
    /// The preview's: kept between builds so that unchanged pages are not indexed again. With
    /// an in-memory target, the index is then left to the caller ([`Report::search`]).
    pub search_cache: Option<std::sync::Arc<crate::search::Cache>>,
    /// The preview's: prepared and rendered pages kept between builds (see [`crate::memo`]).
    pub memo: Option<std::sync::Arc<crate::memo::Memo>>,
    /// Also look for what `neokit check` reports beyond a build's problems: images without
    /// alt text, empty links, skipped heading levels, pages without a title, assets no page
    /// uses, and external links (as notes).
    pub lint: bool,
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
    pub files: Option<std::collections::HashMap<String, output::Content>>,
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
    /// The search index still to write (in-memory builds with a search cache).
    pub search: Option<crate::search::Deferred>,
    /// Each page's file as shown in messages, with the site folder it is published at
    /// (`team/chair/`), so the preview can show a page its own problems.
    pub page_files: Vec<(PathBuf, String)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == crate::diagnostics::Severity::Warning).count()
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
    let (config, problems) = config::load(&options.kit_dir, &options.overrides)?;
    report.output_dir = config.output_dir.clone();
    report.diagnostics.extend(problems);
    // `check` goes on to the pages with what could be read; a build stops here.
    if report.errors() > 0 && !options.lint {
        return Ok(finish(report, stages));
    }
    stages.done("config");

    let (kit, problems) = crate::kit::load(&config, options.lint);
    report.diagnostics.extend(problems);
    if !kit.complete {
        return Ok(finish(report, stages));
    }
    stages.done("discover");

    let tree = &kit.tree;
    let summary_file = kit.summary_file.as_ref().map(|(shown, text)| (shown.as_path(), text.as_str()));
    let (plan, problems) = site::plan(&kit.summary, tree, &kit.readme, summary_file);
    report.diagnostics.extend(problems);
    report.diagnostics.extend(crate::kit::orphans(&kit, plan.pages.iter().map(|p| &p.source)));
    stages.done("summary");

    let space_vars = &kit.vars;
    let faq_pages = config.faqs.iter().filter_map(|p| RelPath::new(p)).collect();
    let env = PrepareEnv { tree, space_vars, faq_pages: &faq_pages };
    let progress = progress_bar(options.progress, plan.pages.len() * 2);
    let memo = options.memo.as_deref();
    // What every page's preparation reads besides its own text (for the preview's memo).
    let shared_inputs = memo.map(|_| crate::memo::key((format!("{space_vars:?}"), &tree.markdown)));
    let (prepared, prepare_keys): (Vec<Prepared>, Vec<u64>) = plan
        .pages
        .par_iter()
        .map(|page| {
            let (prepared, key) = match tree.read_text(&page.source) {
                Ok(text) => {
                    let key = crate::memo::key((shared_inputs, &page.source, &text, faq_pages.contains(&page.source)));
                    match memo.and_then(|m| m.prepared(&page.source, key, tree)) {
                        Some(kept) => (kept, key),
                        None => {
                            let prepared = markdown::prepare(&page.source, Arc::from(text), &env);
                            if let Some(memo) = memo {
                                memo.keep_prepared(&page.source, key, &prepared);
                            }
                            (prepared, key)
                        }
                    }
                }
                Err(diagnostic) => (Prepared { problems: vec![diagnostic], ..Prepared::default() }, 0),
            };
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            // What the page's rendering depends on of its own: its text and inputs, and the
            // text of every file it included.
            let includes: Vec<(&RelPath, &str)> =
                prepared.scanned.files.iter().skip(1).map(|(path, text)| (path, &**text)).collect();
            let key = crate::memo::key((key, includes));
            (prepared, key)
        })
        .unzip();
    for page in &prepared {
        report.diagnostics.extend(page.problems.iter().cloned());
    }
    let mut site = site::assemble(plan, prepared);
    report.pages = site.pages.len();
    report.page_files = site.pages.iter().map(|p| (tree.shown(&p.source), p.dir.clone())).collect();
    stages.done("parse");

    let (roles, problems) = crate::roles::collect(&site, &config, tree);
    report.diagnostics.extend(problems);
    let downloads = crate::downloads::collect(&site, tree);
    if let Some((title, folder)) = &config.downloads
        && !downloads.is_empty()
        && let Some(section) = site.sections.last_mut()
    {
        section.items.push(site::NavItem::generated(title, folder));
    }
    let sources: Vec<RelPath> = site.pages.iter().map(|p| p.source.clone()).collect();
    let dates = crate::dates::last_updated(config.last_updated, tree, &sources);
    let extras = render::Extras { dates, roles, downloads };
    stages.done("links");

    let mut theme = match theme::load(config.theme_dir.as_deref(), &|p| config.display_path(p)) {
        Ok(theme) => theme,
        Err(problems) => {
            report.diagnostics.extend(problems);
            return Ok(finish(report, stages));
        }
    };
    stages.done("theme");

    // Pages are written into a staging folder as they are rendered; it becomes the site only
    // if the whole build succeeds.
    let staging = match options.target {
        OutputTarget::Disk => output::Staging::create(&config.output_dir, &config.kit_dir)?,
        OutputTarget::Memory => output::Staging::memory(),
        OutputTarget::Discard => output::Staging::discard(&config.output_dir),
    };
    let indexer = config.search.then(|| match &options.search_cache {
        Some(cache) => cache.indexer(&config.language),
        None => std::sync::Arc::new(crate::search::Indexer::new(&config.language)),
    });
    let rendered = render::render_site(
        &site,
        &mut theme,
        tree,
        &config,
        &extras,
        render::Outputs {
            staging: &staging,
            search: indexer.as_deref(),
            lint: options.lint,
            memo: memo.map(|memo| render::Reuse {
                memo,
                context: crate::memo::context_key(&site, tree, &config, &extras, options.lint),
                page_keys: &prepare_keys,
            }),
        },
    );
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    report.diagnostics.extend(rendered.problems);
    report.assets = rendered.files;
    stages.done("render");

    let defer = options.target == OutputTarget::Memory && options.search_cache.is_some();
    match indexer {
        Some(indexer) if defer => report.search = Some(crate::search::Cache::defer(indexer, rendered.search)),
        Some(indexer) => {
            indexer.write(rendered.search, &mut |path, script| {
                if let Err(conflict) = staging.put(path, output::Content::Text(script)) {
                    report.diagnostics.push(conflict);
                }
            });
            stages.done("search");
        }
        None => {}
    }
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

fn finish(mut report: Report, stages: Stages) -> Report {
    report.timings = stages.timings;
    diagnostics::sort(&mut report.diagnostics);
    report.diagnostics.dedup();
    report
}

fn progress_bar(enabled: bool, steps: usize) -> Option<indicatif::ProgressBar> {
    if !enabled || steps < 400 || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new(steps as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}
