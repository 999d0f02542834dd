//! Site + theme -> the files of the built site, in memory.
//!
//! Input: the [`Site`], the [`Theme`] and the configuration, worked out once into a
//! [`Renderer`]. Output: every file of the site, handed to the output [`Staging`] as soon as it
//! is ready, and diagnostics. The pipeline calls its stages in order:
//!
//! - [`Renderer::pages`]: each page's outputs, each made by its own writer from the same
//!   rendered page: the page's HTML, its embed view, its copy on the print page, its search
//!   entry and its PDF source (typst, from the same document as its HTML); and the kit files
//!   the pages use. Pages are rendered in parallel; each page's navigation is bounded (the
//!   groups, the current group's entries and the current branch, long sibling lists
//!   shortened), so output grows linearly with the number of pages.
//! - [`Renderer::pdf_job`]: what the PDF stage lays out, from the pages' typst.
//! - [`Renderer::site_files`]: the site's other files, the downloads page (with the sizes of
//!   the PDFs made) among them, and `_neokit/nav.js`, the whole navigation tree once, for the
//!   full sidebar.
//!
//! A caller that keeps pages between builds (the preview) offers those still current
//! ([`Earlier`]): they are written as they are, by the same writers, and the pages rendered
//! instead are handed back ([`Rendered::made`]). Which pages are current is the caller's to
//! decide. Such a caller can also leave the print page, which holds every page, until it is
//! asked for ([`Rendered::print`], [`print_page`]).

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
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, PrintPage};
use crate::deploy;
use crate::downloads::Download;
use crate::governance::{self, Governance};
use crate::output::{Content, Staging};
use crate::pdf_stage::{self, Decision};
use crate::print;
use crate::roles::Roles;
use crate::search;
use crate::site::{self, Site};
use crate::spaces::{CrossSpace, Languages, SpaceLinks};
use crate::theme::Theme;
use crate::theme::views::SiteView;
use crate::translations::Stale;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::i18n::{self, Text};
use neokit_core::packed::{Dictionary, Packed};
use neokit_core::paths::{self, RelPath};
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;
use neokit_document::markdown::Heading;
use neokit_document::markdown::doc::Document;
use neokit_document::markdown::out::Out as BodyOut;
use neokit_document::markdown::render::{FaqAnswer, RenderEnv, Rendered as Body, Section, render_with};
use neokit_pdf::typst::{self, TypstPage};
use shared::{Out, Shared};

/// One page's outputs, once its files went to the output: the kit files it uses, its problems
/// and the template error, if any.
struct RenderedPage {
    template_error: Option<Diagnostic>,
    files: Arc<BTreeSet<RelPath>>,
    problems: Arc<Vec<Diagnostic>>,
    /// The page's copy on the print page, when there is one.
    print_body: Option<Arc<str>>,
    /// What the page adds to the search index.
    search: Option<Arc<search::PageEntry>>,
    /// The page as typst markup, when it goes into the PDF.
    typst: Option<TypstPage>,
    /// The page as rendered this time, for a caller that keeps pages.
    made: Option<Arc<PageOutput>>,
}

/// What the pages stage made, and what it leaves to the stages after it.
pub struct Rendered {
    pub problems: Vec<Diagnostic>,
    /// Kit files published (the files pages use, and those the downloads page offers).
    pub files: usize,
    /// What each indexed page adds to the search index, in reading order.
    pub search: Vec<Arc<search::PageEntry>>,
    /// With [`Outputs::earlier`]: the pages rendered this time (not taken from earlier), by page
    /// id, for the caller to keep.
    pub made: Vec<(PageId, Arc<PageOutput>)>,
    /// When the site has a print page: each page's body on it (by page id), for
    /// [`Renderer::site_files`], or for [`print_page`] when the page is left until asked for.
    pub print: Option<Vec<Option<Arc<str>>>>,
    /// When this build makes the PDF: the printed pages' typst, in reading order, for
    /// [`Renderer::pdf_job`].
    pub typst: Option<Vec<(PageId, TypstPage)>>,
    /// What the pages kept were packed against, for the caller to offer again.
    pub dictionaries: Dictionaries,
}

/// What the pages a caller keeps are packed against: a page's HTML and its embed view,
/// those of the first page rendered while the caller had none. Pages share their head,
/// navigation and footer, found there instead of kept again in each.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub html: Option<Arc<Dictionary>>,
    pub embed: Option<Arc<Dictionary>>,
}

/// A page as rendering made it: what a later build can write again instead of rendering it.
/// Its HTML and embed view are kept packed (a caller keeps every page of the site, and reads
/// one only when it is served); its search entry is the search index's, kept by the page's key.
#[derive(Debug)]
pub struct PageOutput {
    /// The whole page.
    pub html: Arc<Packed>,
    pub files: Arc<BTreeSet<RelPath>>,
    pub problems: Arc<Vec<Diagnostic>>,
    pub print_body: Option<Arc<str>>,
    /// The page's embed view (`embed/<page>/index.html`), when it has one.
    pub embed: Option<Arc<Packed>>,
}

/// Where the pages stage sends what it makes, and what else it looks for.
pub struct Outputs<'a> {
    /// Receives every file of the site.
    pub staging: &'a Staging,
    /// Receives each indexed page, when the site has search.
    pub search: Option<&'a search::Indexer>,
    /// Look for what `neokit check` reports beyond a build's problems.
    pub lint: bool,
    /// Write the pages' PDF source (when the kit has a PDF); the preview leaves the PDFs until
    /// they are asked for.
    pub pdf: bool,
    /// Pages an earlier build rendered, offered by a caller that keeps them (the preview).
    pub earlier: Option<Earlier<'a>>,
}

/// What a caller kept of earlier builds: it decides which pages are still current, and
/// keeps what this build renders ([`Rendered::made`]).
pub struct Earlier<'a> {
    /// Each page's key (by page id), over every input of its output: the search index keeps a
    /// page's entry by it too.
    pub keys: &'a [u64],
    /// The pages still current (by page id), written as they are instead of rendered again.
    /// They have no typst, so no PDF is made. A page in the search index whose entry the
    /// index no longer keeps for its key is rendered again.
    pub pages: Vec<Option<Arc<PageOutput>>>,
    /// What the pages rendered are packed against ([`Rendered::dictionaries`] of an earlier
    /// build), if the caller has them yet.
    pub dictionaries: Dictionaries,
}

/// What the site's other files take from the stages before them.
pub struct SiteFiles<'a> {
    /// The print page's bodies ([`Rendered::print`]), unless the page is left until asked for.
    pub print: Option<Vec<Option<Arc<str>>>>,
    /// The size of each PDF made, by path, for the downloads page.
    pub pdfs: &'a HashMap<String, u64>,
    /// The navigation script (`_neokit/nav.js`) a caller kept, which changes only with what
    /// every page shows; else it is made.
    pub nav: Option<Arc<str>>,
    /// `embeds.json` as a caller kept it ([`Renderer::embeds_json`]); else it is made.
    pub embeds: Option<Arc<str>>,
}

/// What the stages between assembling the site and rendering it found out.
pub struct Extras {
    /// "Last updated" time of each page file.
    pub dates: HashMap<RelPath, i64>,
    pub roles: Arc<Roles>,
    pub downloads: Arc<Vec<Download>>,
    pub governance: Arc<Governance>,
    /// The site's other languages, for a space of a site with several.
    pub languages: Option<Languages>,
    /// Translated pages whose source changed since they were translated.
    pub stale: HashMap<RelPath, Stale>,
    /// In a site of several spaces: every space's pages, and this space's number.
    pub cross: Option<(Arc<CrossSpace>, usize)>,
    /// The site's sections and the space's variants, for a space of a site with several. Such
    /// a space writes no `sitemap.xml` or `robots.txt`: the site has one of each, at its root.
    pub spaces: Option<SpaceLinks>,
}

/// A site to render, with what its stages share, worked out once per build.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    tree: &'a SourceTree,
    config: &'a Config,
    extras: &'a Extras,
    /// What every template gets as `site`.
    view: SiteView,
    shared: Shared<'a>,
    /// Whether the site has a print page.
    print: bool,
    /// Pages on the print page (links to others, such as hidden pages, stay links to them).
    print_dirs: print::PageDirs<'a>,
    /// Whether each page (by id) goes into the book: the print page, the PDF.
    in_book: Vec<bool>,
    pdf: Decision,
}

/// Where each page's outputs go, the same for every page of a build.
struct PageOut<'o> {
    staging: &'o Staging,
    search: Option<&'o search::Indexer>,
    lint: bool,
    /// Write the PDF source of the pages that go into the book.
    pdf: bool,
    /// Hand back the pages rendered, for a caller that keeps them.
    keep: bool,
    /// Each page's key (by page id), when the caller keeps pages.
    keys: &'o [u64],
    /// What the pages kept are packed against.
    dictionaries: Dictionaries,
}

impl<'a> Renderer<'a> {
    /// Works out what the site's pages and files share, and sets the templates' `site`.
    pub fn new(
        site: &'a Site,
        theme: &'a mut Theme,
        tree: &'a SourceTree,
        config: &'a Config,
        extras: &'a Extras,
    ) -> Renderer<'a> {
        let print = has_print_page(config, site);
        let pdf = Decision::new(config, site);
        let view = context::site_view(config, print, &pdf, site);
        // `site` is the same on every page: it lives in the template engine's global context.
        theme.tera.global_context().insert("site", &view);
        let print_dirs = print_dirs(site);
        let in_book = book_pages(site, &extras.governance, &print_dirs);
        let shared = shared(site, tree, config, extras, view.text);
        Renderer { site, theme, tree, config, extras, view, shared, print, print_dirs, in_book, pdf }
    }

    /// Whether each page (by id) is on the print page, and so has a print body: a page rendered
    /// earlier can be used again only where this is as it was.
    pub fn printed(&self) -> Vec<bool> {
        self.in_book.iter().map(|&in_book| self.print && in_book).collect()
    }

    /// The pages stage: each page's outputs, written as they are made, and the kit files the
    /// pages use.
    pub fn pages(&self, outputs: Outputs) -> Rendered {
        let Outputs { staging, search, lint, pdf, earlier } = outputs;
        let site = self.site;
        // Pages rendered by an earlier build have no typst: a caller that offers them makes no PDF.
        let keep = earlier.is_some();
        let pdf = pdf && !keep && self.pdf.planned;
        let (keys, kept, dictionaries) = match earlier {
            Some(Earlier { keys, pages, dictionaries }) => (keys, pages, dictionaries),
            None => (&[][..], Vec::new(), Dictionaries::default()),
        };
        let mut to = PageOut { staging, search, lint, pdf, keep, keys, dictionaries };
        // Earlier pages are written one after the other (no work to share); the others are
        // rendered in parallel.
        let mut results: Vec<Option<RenderedPage>> = (0..site.pages.len())
            .map(|id| {
                let (kept, key) = (kept.get(id)?.as_deref()?, to.key(id)?);
                let search = match self.indexer(&to, id) {
                    Some(indexer) => Some(indexer.kept(&site.pages[id].dir, key)?),
                    None => None,
                };
                Some(self.kept_page(&to, id, kept, search))
            })
            .collect();
        let mut to_render: Vec<PageId> = (0..site.pages.len()).filter(|&id| results[id].is_none()).collect();
        // Without dictionaries yet, the first page is rendered first, and the others packed
        // against it.
        let mut first = None;
        if keep && to.dictionaries.html.is_none() && !to_render.is_empty() {
            let id = to_render.remove(0);
            let page = self.render_page(&to, id);
            if let Some(made) = &page.made {
                let dictionary = |packed: &Packed| Dictionary::new(&packed.text());
                to.dictionaries =
                    Dictionaries { html: Some(dictionary(&made.html)), embed: made.embed.as_deref().map(dictionary) };
            }
            first = Some((id, page));
        }
        let rendered: Vec<(PageId, RenderedPage)> =
            to_render.into_par_iter().map(|id| (id, self.render_page(&to, id))).collect();
        for (id, page) in first.into_iter().chain(rendered) {
            results[id] = Some(page);
        }

        let mut made = Vec::new();
        let mut problems = Vec::new();
        let mut used_files = BTreeSet::new();
        let mut template_failed = false;
        let mut print_bodies: Vec<Option<Arc<str>>> = Vec::with_capacity(results.len());
        let mut search_entries: Vec<Option<Arc<search::PageEntry>>> = Vec::with_capacity(results.len());
        let mut typst_pages: Vec<Option<TypstPage>> = Vec::with_capacity(results.len());
        // A source page published in place of its out-of-date translation: its problems are the
        // source's, reported where the source space renders it.
        let shows_source = |id: PageId| self.extras.stale.get(&site.pages[id].source).is_some_and(|s| s.shown);
        for (id, page) in results.into_iter().enumerate().filter_map(|(id, page)| Some((id, page?))) {
            let RenderedPage { template_error, files, problems: page_problems, print_body, search, typst, made: new } =
                page;
            made.extend(new.map(|page| (id, page)));
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
        if self.config.downloads.is_some() {
            used_files.extend(self.extras.downloads.iter().map(|d| d.path.clone()));
        }
        let mut out = Out::new(staging, self.theme, problems);
        for path in &used_files {
            out.add(site::file_output(path), Content::Copy(self.tree.disk_path(path)));
        }
        if lint {
            out.problems.extend(assets::unused_assets(self.tree, &used_files, self.config));
        }
        out.problems.extend(self.pdf.too_large.clone());
        // Reading order first, so that equal scores list pages as the navigation does.
        let mut search = Vec::new();
        for id in site.reading_order.iter().copied().chain(0..site.pages.len()) {
            if let Some(entry) = search_entries[id].take() {
                search.push(entry);
            }
        }
        let typst = pdf.then(|| {
            (site.reading_order.iter()).filter_map(|&id| Some((id, typst_pages.get_mut(id)?.take()?))).collect()
        });
        let print = self.print.then_some(print_bodies);
        let dictionaries = to.dictionaries;
        Rendered { problems: out.problems, files: used_files.len(), search, made, print, typst, dictionaries }
    }

    /// Page `id`'s outputs as an earlier build rendered it (`kept`), written to the output
    /// as they are, with its search entry as the index keeps it (`search`).
    fn kept_page(
        &self,
        to: &PageOut,
        id: PageId,
        kept: &PageOutput,
        search: Option<Arc<search::PageEntry>>,
    ) -> RenderedPage {
        let mut problems = kept.problems.clone();
        let (html, embed) = (Content::Packed(kept.html.clone()), kept.embed.clone().map(Content::Packed));
        to.publish(&self.site.pages[id].dir, html, embed, &mut problems);
        RenderedPage {
            template_error: None,
            files: kept.files.clone(),
            problems,
            print_body: kept.print_body.clone(),
            search,
            typst: None,
            made: None,
        }
    }

    /// Renders page `id`, and makes each of its outputs from what rendering made.
    fn render_page(&self, to: &PageOut, id: PageId) -> RenderedPage {
        let page = &self.site.pages[id];
        let in_pdf = to.pdf && self.in_book[id];
        let (body, typst) = render_with(&page.prepared, &self.render_env(id, to.lint), |document, out| {
            in_pdf.then(|| self.pdf_source(id, document, out))
        });
        let Body { html: body, faq, outline, sections, mut files, mut problems } = body;
        let print_body = self.print_copy(id, &body);
        let search = self.search_entry(to, id, &sections);
        let (mut context, html) = self.page_html(id, (&body, &outline, &faq), &mut files, &mut problems);
        let html = match html {
            Ok(html) => html,
            Err(error) => {
                let (files, problems, template_error) = (Arc::new(files), Arc::new(problems), Some(error));
                return RenderedPage { template_error, files, problems, print_body, search, typst, made: None };
            }
        };
        let embed = self.embed_view(id, &mut context, &mut problems);
        let (files, mut problems) = (Arc::new(files), Arc::new(problems));
        // A page kept for later builds is kept packed, and published so.
        let (made, html, embed) = if to.keep {
            let dictionaries = &to.dictionaries;
            let (html, embed) = (pack(&html, &dictionaries.html), embed.map(|embed| pack(&embed, &dictionaries.embed)));
            let made = Arc::new(PageOutput {
                html: html.clone(),
                files: files.clone(),
                problems: problems.clone(),
                print_body: print_body.clone(),
                embed: embed.clone(),
            });
            (Some(made), Content::Packed(html), embed.map(Content::Packed))
        } else {
            (None, Content::Text(html), embed.map(Content::Text))
        };
        to.publish(&page.dir, html, embed, &mut problems);
        RenderedPage { template_error: None, files, problems, print_body, search, typst, made }
    }

    /// What rendering page `id`'s body reads of the site.
    fn render_env(&self, id: PageId, lint: bool) -> RenderEnv<'_> {
        let (config, extras) = (self.config, self.extras);
        RenderEnv {
            site: self.site,
            tree: self.tree,
            page: id,
            embeds: config.embeds,
            text: self.view.text,
            lint,
            allow_raw_html: config.allow_raw_html,
            spaces: extras.cross.as_ref().map(|(spaces, index)| {
                (&**spaces, *index, extras.languages.as_ref().map_or("", |l| l.prefix.as_str()))
            }),
        }
    }

    /// The page's HTML (`page.html`) around its body (`body`, its outline and FAQ answers), and
    /// the template context it was made from; the files and problems its context adds.
    fn page_html(
        &self,
        id: PageId,
        (body, outline, faq): (&str, &[Heading], &[FaqAnswer]),
        files: &mut BTreeSet<RelPath>,
        problems: &mut Vec<Diagnostic>,
    ) -> (tera::Context, Result<Arc<str>, Diagnostic>) {
        let mut context = context::page_context(&self.shared, id, body, outline, files, problems);
        if self.site.pages[id].prepared.is_faq {
            context.page.faq_schema = context::faq_schema(faq);
        }
        let context = tera::Context::from_serialize(&context).expect("a page's context is a map");
        let html = self.theme.render("page.html", &context).map(Arc::from);
        (context, html)
    }

    /// The page's embed view, from the page's template context: written for the page's
    /// folder, then moved to its own. None for hidden and withheld pages.
    fn embed_view(&self, id: PageId, context: &mut tera::Context, problems: &mut Vec<Diagnostic>) -> Option<Arc<str>> {
        if !embed::has_view(self.site, &self.extras.governance, self.config.embed.enabled, id) {
            return None;
        }
        let dir = &self.site.pages[id].dir;
        context.insert("full_page", &paths::page_href(dir, dir));
        match self.theme.render("embed.html", context) {
            Ok(html) => Some(embed::rewrite(&html, dir).into()),
            Err(error) => {
                problems.push(error);
                None
            }
        }
    }

    /// The page's copy on the print page, from its body: links to printed pages lead within
    /// the print page. None for a page not printed.
    fn print_copy(&self, id: PageId, body: &str) -> Option<Arc<str>> {
        let printed = self.print && self.in_book[id];
        printed.then(|| print::rewrite_body(body, id, &self.site.pages[id].dir, &self.print_dirs).into())
    }

    /// What page `id` adds to the search index, from its text: nothing for a hidden or
    /// unindexed page, or one withheld until its review (`governance.expired: hide`).
    fn search_entry(&self, to: &PageOut, id: PageId, sections: &[Section]) -> Option<Arc<search::PageEntry>> {
        let page = &self.site.pages[id];
        let indexer = self.indexer(to, id)?;
        let extra = || context::search_extra(&self.shared, id);
        Some(indexer.page_keyed(&page.dir, to.key(id), &page.title, &extra, sections))
    }

    /// The search index, when page `id` goes into it: not a hidden or unindexed page, nor
    /// one withheld until its review.
    fn indexer<'o>(&self, to: &PageOut<'o>, id: PageId) -> Option<&'o search::Indexer> {
        let page = &self.site.pages[id];
        let indexed = !page.hidden && !page.prepared.front.no_index && !embed::withheld(&self.extras.governance, id);
        to.search.filter(|_| indexed)
    }

    /// The page as typst markup, for the PDF: from the same document as its HTML.
    fn pdf_source(&self, id: PageId, document: &Document, out: &mut BodyOut) -> TypstPage {
        typst::write(document, out, pdf_stage::page_options(self.site, id, self.config.base_url.as_ref()))
    }

    /// What the PDF stage lays out: the printed pages' typst ([`Rendered::typst`]), with what
    /// the books show of each page as its HTML does (its QR code's address, its governance,
    /// its translation's banner).
    pub fn pdf_job<'s>(
        &'s self,
        pages: Vec<(PageId, TypstPage)>,
        progress: Option<&'s (dyn Fn(&str) + Sync)>,
    ) -> pdf_stage::Job<'s> {
        let shared = &self.shared;
        let order = || self.site.reading_order.iter();
        pdf_stage::Job {
            site: self.site,
            tree: self.tree,
            config: self.config,
            roles: &self.extras.roles,
            text: self.view.text,
            title: &self.view.title,
            pages,
            now: self.extras.governance.today.map_or_else(pdf_stage::build_time, |day| day.0 * 86_400),
            qr: order().filter_map(|&id| Some((id, shared.governance.qr_address(id)?))).collect(),
            governance: order().filter_map(|&id| Some((id, context::governance_view(shared, id)?))).collect(),
            translation: order()
                .filter_map(|&id| {
                    let view =
                        context::stale_view(shared, id, "").or_else(|| context::untranslated_view(shared, id, ""));
                    Some((id, view?.text))
                })
                .collect(),
            progress,
            // The default folder: a caller that chose another sets it.
            cache: None,
        }
    }

    /// The site files stage: the site's files other than its pages, in this order: special
    /// pages, short links, governance pages, the server's files, the print page, `embeds.json`,
    /// the downloads page, people's photos, the sitemap, the theme's files, the navigation
    /// script and the brand's images. The problems met.
    pub fn site_files(&self, staging: &Staging, files: SiteFiles) -> Vec<Diagnostic> {
        let (site, config, extras) = (self.site, self.config, self.extras);
        let mut out = Out::new(staging, self.theme, Vec::new());
        special::special_pages(&mut out, site, config, self.tree);
        if extras.governance.in_use {
            special::short_links(&mut out, site, &extras.governance);
        }
        generated::governance_pages(&mut out, &self.shared);
        for (path, text) in deploy::server_files(config) {
            out.add(path, Content::Text(text.into()));
        }
        if let Some(bodies) = files.print {
            generated::print_page(&mut out, &self.shared, bodies);
        }
        if self.writes_embeds_json() {
            let json = files.embeds.unwrap_or_else(|| self.embeds_json().into());
            out.add("embeds.json".into(), Content::Text(json));
        }
        self.downloads_page(&mut out, files.pdfs);
        assets::photos(&mut out, &extras.roles);
        if extras.spaces.is_none() {
            sitemap::write(&mut out, site, config.base_url.as_ref(), &extras.dates);
        }
        assets::theme_files(&mut out, self.theme, config);
        let nav = files.nav.unwrap_or_else(|| nav::nav_script(site).into());
        out.add(format!("{}nav.js", site::THEME_DIR), Content::Text(nav));
        assets::brand_images(&mut out, config);
        out.problems
    }

    /// Whether the site files stage writes `embeds.json`: when the site has embed views. A
    /// site of several spaces has one, at its root: the pipeline writes it.
    pub fn writes_embeds_json(&self) -> bool {
        self.config.embed.enabled && self.extras.spaces.is_none()
    }

    /// `embeds.json`, the map of the embed views.
    pub fn embeds_json(&self) -> String {
        let (site, config, extras) = (self.site, self.config, self.extras);
        embed::json(&embed::entries(site, &extras.governance, true, config.base_url.as_ref(), ""))
    }

    /// The downloads page, when the site has one and something to offer: the files pages
    /// offer, and the PDFs the site links to (their size once they are made: `made`).
    fn downloads_page(&self, out: &mut Out, made: &HashMap<String, u64>) {
        let Some((title, folder)) = &self.config.downloads else { return };
        let view = &self.view;
        let whole = view.pdf.iter().map(|path| (view.text.pdf_version.to_string(), path));
        let chapters = view.pdf_chapters.iter().map(|c| (format!("{} (PDF)", c.title), &c.href));
        let pdfs: Vec<(String, String, Option<u64>)> =
            whole.chain(chapters).map(|(name, path)| (name, path.clone(), made.get(path).copied())).collect();
        if !(self.extras.downloads.is_empty() && pdfs.is_empty()) {
            generated::downloads_page(out, &self.shared, (title, folder), &pdfs, &self.extras.downloads);
        }
    }
}

impl PageOut<'_> {
    /// Page `id`'s key, when the caller keeps pages.
    fn key(&self, id: PageId) -> Option<u64> {
        self.keys.get(id).copied()
    }

    /// Writes a page (`html`) and its embed view to the output, for the page's folder `dir`:
    /// a file published twice is a problem of the page.
    fn publish(&self, dir: &str, html: Content, embed: Option<Content>, problems: &mut Arc<Vec<Diagnostic>>) {
        if let Err(conflict) = self.staging.put(paths::page_file(dir), html) {
            Arc::make_mut(problems).push(conflict);
        }
        if let Some(html) = embed
            && let Err(conflict) = self.staging.put(embed::file(dir), html)
        {
            Arc::make_mut(problems).push(conflict);
        }
    }
}

/// `text` packed, against `dictionary` if there is one.
fn pack(text: &str, dictionary: &Option<Arc<Dictionary>>) -> Arc<Packed> {
    Arc::new(match dictionary {
        Some(dictionary) => Packed::with_dictionary(text, dictionary),
        None => Packed::new(text),
    })
}

/// What every page's context is built from.
fn shared<'a>(
    site: &'a Site,
    tree: &'a SourceTree,
    config: &'a Config,
    extras: &'a Extras,
    text: &'static Text,
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
        governance: governance::ViewEnv {
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

/// The print page alone (`print/index.html`), from the bodies the pages stage handed back
/// ([`Rendered::print`]): the preview makes it when it is first asked for. The files by path, and the problems met.
pub fn print_page(
    site: &Site,
    theme: &Theme,
    tree: &SourceTree,
    config: &Config,
    extras: &Extras,
    bodies: Vec<Option<Arc<str>>>,
) -> (HashMap<String, Content>, Vec<Diagnostic>) {
    let staging = Staging::memory(1);
    let text = i18n::text_with(&config.language, &config.interface);
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
