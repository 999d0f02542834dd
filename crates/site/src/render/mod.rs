//! Site + theme -> the files of the built site, in memory.
//!
//! Input: the [`Site`], the [`Theme`] and the configuration. Output: every file of the site,
//! handed to the output [`Staging`] as soon as it is ready (page HTML, kit files to copy, theme
//! files), and diagnostics. Pages are rendered in parallel;
//! each page's navigation is bounded (the groups, the current group's entries and the current
//! branch, long sibling lists shortened), so output grows linearly with the number of pages.
//! The whole navigation tree is written once, to `_neokit/nav.js`, for the full sidebar.
//!
//! A caller that keeps pages between builds (the preview) offers those still current
//! ([`Earlier`]): they are written as they are, and the pages rendered instead are handed back
//! ([`Rendered::made`]). Which pages are current is the caller's to decide. Such a caller can
//! also leave the print page, which holds every page, until it is asked for
//! ([`Outputs::defer_print`], [`print_page`]).

pub mod assets;
pub mod context;
pub mod embed;
pub mod generated;
pub mod nav;
pub mod shared;
pub mod sitemap;
pub mod special;

pub use nav::nav_script;

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::{Config, PrintPage};
use crate::downloads::Download;
use crate::governance::Governance;
use crate::output::{Content, Staging};
use crate::print;
use crate::roles::Roles;
use crate::search;
use crate::site::{self, Site};
use crate::theme::Theme;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::paths::{self, RelPath};
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;
use neokit_document::markdown;
use neokit_pdf::typst::TypstPage;
use shared::{Out, Shared};

/// One rendered page, once its HTML went to the output: the kit files it uses, its problems
/// and the template error, if any.
struct RenderedPage {
    template_error: Option<Diagnostic>,
    files: std::sync::Arc<BTreeSet<RelPath>>,
    problems: std::sync::Arc<Vec<Diagnostic>>,
    /// The body rewritten for the print page, when there is one.
    print_body: Option<std::sync::Arc<str>>,
    /// What the page adds to the search index.
    search: Option<std::sync::Arc<search::PageEntry>>,
    /// The page as typst markup, when it goes into the PDF.
    typst: Option<TypstPage>,
}

pub struct Rendered {
    pub problems: Vec<Diagnostic>,
    pub files: usize,
    /// What each indexed page adds to the search index, in reading order.
    pub search: Vec<std::sync::Arc<search::PageEntry>>,
    /// With [`Outputs::earlier`]: the pages rendered this time (not taken from earlier), by page
    /// id, for the caller to keep.
    pub made: Vec<(PageId, std::sync::Arc<PageOutput>)>,
    /// With [`Outputs::defer_print`], when the site has a print page: each page's body on it
    /// (by page id), for [`print_page`].
    pub print: Option<Vec<Option<std::sync::Arc<str>>>>,
}

/// A page as rendering made it: what a later build can write again instead of rendering it.
#[derive(Debug)]
pub struct PageOutput {
    /// The whole page.
    pub html: std::sync::Arc<str>,
    /// The page's text (for search, when the index has no entry for it).
    pub sections: std::sync::Arc<[markdown::render::Section]>,
    pub files: std::sync::Arc<BTreeSet<RelPath>>,
    pub problems: std::sync::Arc<Vec<Diagnostic>>,
    pub print_body: Option<std::sync::Arc<str>>,
    /// The page's embed view (`embed/<page>/index.html`), when it has one.
    pub embed: Option<std::sync::Arc<str>>,
}

/// Where rendering sends what it makes, and what else it looks for.
pub struct Outputs<'a> {
    /// Receives every file of the site.
    pub staging: &'a Staging,
    /// Receives each indexed page, when the site has search.
    pub search: Option<&'a search::Indexer>,
    /// Look for what `neokit check` reports beyond a build's problems.
    pub lint: bool,
    /// Make the PDFs (when the kit has them); the preview leaves them until they are asked for.
    pub pdf: bool,
    /// Pages an earlier build rendered, offered by a caller that keeps them (the preview).
    pub earlier: Option<Earlier<'a>>,
    /// Leave the print page to the caller ([`Rendered::print`], [`print_page`]): it holds
    /// every page, so the preview makes it only when it is asked for.
    pub defer_print: bool,
    /// Told which PDF and part is being laid out.
    pub pdf_progress: Option<&'a (dyn Fn(&str) + Sync)>,
}

/// What a caller kept of earlier builds: it decides which pages are still current, and
/// keeps what this build renders ([`Rendered::made`]).
pub struct Earlier<'a> {
    /// Each page's key (by page id), over every input of its output: the search index keeps a
    /// page's entry by it too.
    pub keys: &'a [u64],
    /// The pages still current (by page id), written as they are instead of rendered again.
    /// They have no typst, so no PDF is made.
    pub pages: Vec<Option<std::sync::Arc<PageOutput>>>,
    /// The navigation script (`_neokit/nav.js`), which changes only with what every page shows.
    pub nav: std::sync::Arc<str>,
}

/// What the stages between assembling the site and rendering it found out.
pub struct Extras {
    /// "Last updated" time of each page file.
    pub dates: HashMap<RelPath, i64>,
    pub roles: std::sync::Arc<Roles>,
    pub downloads: std::sync::Arc<Vec<Download>>,
    pub governance: std::sync::Arc<Governance>,
    /// The site's other languages, for a space of a site with several.
    pub languages: Option<crate::spaces::Languages>,
    /// Translated pages whose source changed since they were translated.
    pub stale: HashMap<RelPath, crate::translations::Stale>,
    /// In a site of several spaces: every space's pages, and this space's number.
    pub cross: Option<(std::sync::Arc<crate::spaces::CrossSpace>, usize)>,
    /// The site's sections and the space's variants, for a space of a site with several. Such
    /// a space writes no `sitemap.xml` or `robots.txt`: the site has one of each, at its root.
    pub spaces: Option<crate::spaces::SpaceLinks>,
}

/// Renders every page and the site's other files.
pub fn render_site(
    site: &Site,
    theme: &mut Theme,
    tree: &SourceTree,
    config: &Config,
    extras: &Extras,
    outputs: Outputs,
) -> Rendered {
    let Outputs { staging: output, search, lint, pdf, earlier, defer_print, pdf_progress } = outputs;
    let dates = &extras.dates;
    let print = has_print_page(config, site);
    let pdf_decision = crate::pdf_stage::Decision::new(config, site);
    let site_view = context::site_view(config, print, &pdf_decision, site);
    // `site` is the same on every page: it lives in the template engine's global context.
    theme.tera.global_context().insert("site", &site_view);
    let theme = &*theme;
    let shared = shared(site, tree, config, extras, site_view.text);
    // Pages on the print page (links to others, such as hidden pages, stay links to them).
    let print_dirs = print_dirs(site);

    // A page withheld until its review (`governance.expired: hide`) is neither printed nor searched.
    let governance = &*extras.governance;
    // The pages of the print page, and of the PDF (the preview makes it only when asked).
    let in_book = book_pages(site, governance, &print_dirs);
    let printed = |id: PageId| print && in_book[id];
    // Pages rendered by an earlier build have no typst: a caller that offers them makes no PDF.
    let keep = earlier.is_some();
    let pdf = pdf && !keep && pdf_decision.planned;
    let too_large = pdf_decision.too_large;
    let in_pdf = |id: PageId| pdf && in_book[id];
    let searched = |id: PageId| {
        !site.pages[id].hidden && !site.pages[id].prepared.front.no_index && !embed::withheld(governance, id)
    };
    // Embed views: every page but hidden and withheld ones.
    let embedded = |id: PageId| embed::has_view(site, &extras.governance, config.embed.enabled, id);
    // Each page's key, when the caller keeps pages, and the pages it found still current.
    let (keys, kept, nav) = match earlier {
        Some(Earlier { keys, pages, nav }) => (Some(keys), pages, Some(nav)),
        None => (None, Vec::new(), None),
    };
    let keys: Vec<Option<u64>> = (0..site.pages.len()).map(|id| keys.and_then(|k| k.get(id).copied())).collect();
    // Earlier pages are taken one after the other (no work to share); the others are rendered
    // in parallel.
    let mut results: Vec<Option<RenderedPage>> = (0..site.pages.len())
        .map(|id| {
            let (kept, key) = (kept.get(id)?.as_ref()?, keys[id]?);
            let page = &site.pages[id];
            let mut problems = kept.problems.clone();
            if let Err(conflict) = output.put(paths::page_file(&page.dir), Content::Text(kept.html.clone())) {
                std::sync::Arc::make_mut(&mut problems).push(conflict);
            }
            if let Some(html) = &kept.embed
                && let Err(conflict) = output.put(embed::file(&page.dir), Content::Text(html.clone()))
            {
                std::sync::Arc::make_mut(&mut problems).push(conflict);
            }
            let search = search.filter(|_| searched(id)).map(|indexer| {
                indexer.page_keyed(
                    &page.dir,
                    Some(key),
                    &page.title,
                    &|| context::search_extra(&shared, id),
                    &kept.sections,
                )
            });
            Some(RenderedPage {
                template_error: None,
                files: kept.files.clone(),
                problems,
                print_body: kept.print_body.clone(),
                search,
                typst: None,
            })
        })
        .collect();
    let to_render: Vec<PageId> = (0..site.pages.len()).filter(|&id| results[id].is_none()).collect();
    let rendered: Vec<(PageId, RenderedPage, Option<std::sync::Arc<PageOutput>>)> = to_render
        .into_par_iter()
        .map(|id| {
            let page = &site.pages[id];
            let (printed, searched, key) = (printed(id), searched(id), keys[id]);
            let env = markdown::render::RenderEnv {
                site,
                tree,
                page: id,
                embeds: config.embeds,
                text: site_view.text,
                lint,
                allow_raw_html: config.allow_raw_html,
                spaces: extras.cross.as_ref().map(|(spaces, index)| {
                    (&**spaces, *index, extras.languages.as_ref().map_or("", |l| l.prefix.as_str()))
                }),
            };
            let typst = in_pdf(id).then(|| crate::pdf_stage::page_options(site, id, config.base_url.as_deref()));
            let (rendered, typst) = markdown::render::render_with(&page.prepared, &env, |document, out| {
                typst.map(|options| neokit_pdf::typst::write(document, out, options))
            });
            let mut problems = rendered.problems;
            let mut files = rendered.files;
            let print_body: Option<std::sync::Arc<str>> =
                printed.then(|| print::rewrite_body(&rendered.html, id, &page.dir, &print_dirs).into());
            let search = search.filter(|_| searched).map(|indexer| {
                indexer.page_keyed(
                    &page.dir,
                    key,
                    &page.title,
                    &|| context::search_extra(&shared, id),
                    &rendered.sections,
                )
            });
            let mut context =
                context::page_context(&shared, id, &rendered.html, &rendered.outline, &mut files, &mut problems);
            if page.prepared.is_faq {
                context.page.faq_schema = context::faq_schema(&rendered.faq);
            }
            let mut tera_context = tera::Context::from_serialize(&context).expect("a page's context is a map");
            let template_error = match theme.render("page.html", &tera_context) {
                Ok(html) => {
                    let html: std::sync::Arc<str> = html.into();
                    // The embed view, from the same context: written for the page's folder,
                    // then moved to its own.
                    let embed_html: Option<std::sync::Arc<str>> = embedded(id)
                        .then(|| {
                            tera_context.insert("full_page", &paths::page_href(&page.dir, &page.dir));
                            match theme.render("embed.html", &tera_context) {
                                Ok(html) => Some(embed::rewrite(&html, &page.dir).into()),
                                Err(error) => {
                                    problems.push(error);
                                    None
                                }
                            }
                        })
                        .flatten();
                    let (files, mut problems) = (std::sync::Arc::new(files), std::sync::Arc::new(problems));
                    let made = keep.then(|| {
                        std::sync::Arc::new(PageOutput {
                            html: html.clone(),
                            sections: rendered.sections.into(),
                            files: files.clone(),
                            problems: problems.clone(),
                            print_body: print_body.clone(),
                            embed: embed_html.clone(),
                        })
                    });
                    if let Err(conflict) = output.put(paths::page_file(&page.dir), Content::Text(html)) {
                        std::sync::Arc::make_mut(&mut problems).push(conflict);
                    }
                    if let Some(embed_html) = embed_html
                        && let Err(conflict) = output.put(embed::file(&page.dir), Content::Text(embed_html))
                    {
                        std::sync::Arc::make_mut(&mut problems).push(conflict);
                    }
                    let page = RenderedPage { template_error: None, files, problems, print_body, search, typst };
                    return (id, page, made);
                }
                Err(error) => Some(error),
            };
            let page = RenderedPage {
                template_error,
                files: std::sync::Arc::new(files),
                problems: std::sync::Arc::new(problems),
                print_body,
                search,
                typst,
            };
            (id, page, None)
        })
        .collect();
    let mut made_pages = Vec::new();
    for (id, page, output) in rendered {
        results[id] = Some(page);
        made_pages.extend(output.map(|output| (id, output)));
    }

    let mut problems = Vec::new();
    let mut used_files = BTreeSet::new();
    let mut template_failed = false;
    let mut print_bodies: Vec<Option<std::sync::Arc<str>>> = Vec::with_capacity(results.len());
    let mut search_entries: Vec<Option<std::sync::Arc<search::PageEntry>>> = Vec::with_capacity(results.len());
    let mut typst_pages: Vec<Option<TypstPage>> = Vec::with_capacity(results.len());
    // A source page published in place of its out-of-date translation: its problems are the
    // source's, reported where the source space renders it.
    let shows_source = |id: PageId| extras.stale.get(&site.pages[id].source).is_some_and(|s| s.shown);
    for (id, RenderedPage { template_error, files, problems: page_problems, print_body, search, typst }) in
        results.into_iter().enumerate().filter_map(|(id, page)| Some((id, page?)))
    {
        print_bodies.push(print_body);
        typst_pages.push(typst);
        search_entries.push(search);
        if !shows_source(id) {
            problems.extend(page_problems.iter().cloned());
        }
        for file in files.iter() {
            if !used_files.contains(file) {
                used_files.insert(file.clone());
            }
        }
        // The same template error repeats on every page: report it once.
        if let Some(error) = template_error
            && !template_failed
        {
            problems.push(error);
            template_failed = true;
        }
    }
    // Files the downloads page offers are published even when no page links to them any more
    // (the specification of an API block is shown, not linked).
    if config.downloads.is_some() {
        used_files.extend(extras.downloads.iter().map(|d| d.path.clone()));
    }
    let mut out = Out::new(output, theme, problems);
    for path in &used_files {
        out.add(site::file_output(path), Content::Copy(tree.disk_path(path)));
    }
    if lint {
        out.problems.extend(assets::unused_assets(tree, &used_files, config));
    }
    let files = used_files.len();

    special::special_pages(&mut out, site, config, tree);
    if extras.governance.in_use {
        special::short_links(&mut out, site, &extras.governance);
    }
    generated::governance_pages(&mut out, &shared);
    for (path, text) in crate::deploy::server_files(config) {
        out.add(path, Content::Text(text.into()));
    }
    let mut print_later = None;
    if print && defer_print {
        print_later = Some(print_bodies);
    } else if print {
        generated::print_page(&mut out, &shared, print_bodies);
    }
    out.problems.extend(too_large);
    let mut made: HashMap<String, u64> = HashMap::new();
    if pdf {
        let pages = site.reading_order.iter().filter_map(|&id| Some((id, typst_pages.get_mut(id)?.take()?))).collect();
        let job = crate::pdf_stage::Job {
            site,
            tree,
            config,
            roles: &extras.roles,
            text: site_view.text,
            title: &site_view.title,
            pages,
            now: extras.governance.today.map_or_else(crate::pdf_stage::build_time, |day| day.0 * 86_400),
            qr: site.reading_order.iter().filter_map(|&id| Some((id, shared.governance.qr_address(id)?))).collect(),
            governance: (site.reading_order.iter())
                .filter_map(|&id| Some((id, context::governance_view(&shared, id)?)))
                .collect(),
            translation: (site.reading_order.iter())
                .filter_map(|&id| {
                    let view =
                        context::stale_view(&shared, id, "").or_else(|| context::untranslated_view(&shared, id, ""));
                    Some((id, view?.text))
                })
                .collect(),
            progress: pdf_progress,
        };
        let (files, problems) = crate::pdf_stage::make(job);
        out.problems.extend(problems);
        for file in files {
            made.insert(file.path.clone(), file.bytes.len() as u64);
            out.add(file.path, Content::Bytes(file.bytes));
        }
    }
    // A site of several spaces has one `embeds.json`, at its root: the pipeline writes it.
    if config.embed.enabled && extras.spaces.is_none() {
        let entries = embed::entries(site, &extras.governance, true, config.base_url.as_ref(), "");
        out.add("embeds.json".into(), Content::Text(embed::json(&entries).into()));
    }
    // The downloads page lists the PDFs the site links to (their size once they are made).
    let whole = site_view.pdf.iter().map(|path| (site_view.text.pdf_version.to_string(), path));
    let chapters = site_view.pdf_chapters.iter().map(|c| (format!("{} (PDF)", c.title), &c.href));
    let pdfs: Vec<(String, String, Option<u64>)> =
        whole.chain(chapters).map(|(name, path)| (name, path.clone(), made.get(path).copied())).collect();
    if let Some((title, folder)) = &config.downloads
        && !(extras.downloads.is_empty() && pdfs.is_empty())
    {
        generated::downloads_page(&mut out, &shared, (title, folder), &pdfs, &extras.downloads);
    }
    assets::photos(&mut out, &extras.roles);
    if extras.spaces.is_none() {
        sitemap::write(&mut out, site, config.base_url.as_ref(), dates);
    }
    assets::theme_files(&mut out, theme, config);
    let nav = nav.unwrap_or_else(|| nav::nav_script(site).into());
    out.add(format!("{}nav.js", site::THEME_DIR), Content::Text(nav));
    assets::brand_images(&mut out, config);
    // Reading order first, so that equal scores list pages as the navigation does.
    let mut search = Vec::new();
    for id in site.reading_order.iter().copied().chain(0..site.pages.len()) {
        if let Some(entry) = search_entries[id].take() {
            search.push(entry);
        }
    }
    Rendered { problems: out.problems, files, search, made: made_pages, print: print_later }
}

/// What every page's context is built from.
fn shared<'a>(
    site: &'a Site,
    tree: &'a SourceTree,
    config: &'a Config,
    extras: &'a Extras,
    text: &'static neokit_core::i18n::Text,
) -> Shared<'a> {
    Shared {
        site,
        tree,
        all_groups: nav::lists_all_groups(site),
        section_starts: nav::section_starts(site),
        base_url: config.base_url.as_ref(),
        dates: &extras.dates,
        language: &config.language,
        text,
        edit_url: config.edit_url.as_deref(),
        roles: &extras.roles,
        languages: extras.languages.as_ref(),
        stale: &extras.stale,
        fallback: config.fallback.as_ref(),
        spaces: extras.spaces.as_ref(),
        adapted: match &config.brand.name {
            Some(name) => format!("{} {name}", text.adapted_for),
            None => text.adapted_locally.to_string(),
        },
        governance: crate::governance::ViewEnv {
            site,
            roles: &extras.roles,
            governance: &extras.governance,
            text,
            language: &config.language,
            contact: &config.brand.contact,
            base_url: config.base_url.as_ref(),
            upstream: config.upstream.is_some(),
        },
    }
}

/// The print page alone (`print/index.html`), from the bodies a build with
/// [`Outputs::defer_print`] handed back ([`Rendered::print`]): the preview makes it when it
/// is first asked for. The files by path, and the problems met.
pub fn print_page(
    site: &Site,
    theme: &Theme,
    tree: &SourceTree,
    config: &Config,
    extras: &Extras,
    bodies: Vec<Option<std::sync::Arc<str>>>,
) -> (HashMap<String, Content>, Vec<Diagnostic>) {
    let staging = Staging::memory(1);
    let text = neokit_core::i18n::text_with(&config.language, &config.interface);
    let problems = {
        let mut out = Out::new(&staging, theme, Vec::new());
        generated::print_page(&mut out, &shared(site, tree, config, extras, text), bodies);
        out.problems
    };
    (staging.into_memory(), problems)
}

/// Whether the site has a print page (every page of the reading order on one page).
fn has_print_page(config: &Config, site: &Site) -> bool {
    match config.print {
        PrintPage::Always => true,
        PrintPage::Never => false,
        PrintPage::UpTo(limit) => site.reading_order.len() <= limit,
    }
}

/// The folder of each page of the reading order, with the page that is printed there.
fn print_dirs(site: &Site) -> print::PageDirs<'_> {
    print::PageDirs { by_dir: site.reading_order.iter().map(|&i| (site.pages[i].dir.as_str(), i)).collect() }
}

/// Whether each page (by id) goes into the book (the print page, the PDF): a page of the
/// reading order where it is printed, unless withheld until its review.
fn book_pages(site: &Site, governance: &Governance, print_dirs: &print::PageDirs) -> Vec<bool> {
    (0..site.pages.len())
        .map(|id| !embed::withheld(governance, id) && print_dirs.by_dir.get(site.pages[id].dir.as_str()) == Some(&id))
        .collect()
}

/// Whether each page (by id) is on the print page, and so has a print body: a page rendered
/// earlier can be used again only where this is as it was.
pub fn printed_pages(site: &Site, config: &Config, governance: &Governance) -> Vec<bool> {
    let print = has_print_page(config, site);
    book_pages(site, governance, &print_dirs(site)).into_iter().map(|in_book| print && in_book).collect()
}
