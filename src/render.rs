//! Site + theme -> the files of the built site, in memory.
//!
//! Input: the [`Site`], the [`Theme`] and the configuration. Output: every file of the site,
//! handed to the output [`Staging`] as soon as it is ready (page HTML, kit files to copy, theme
//! files), and diagnostics. Pages are rendered in parallel;
//! each page's navigation is bounded (the groups, the current group's entries and the current
//! branch, long sibling lists shortened), so output grows linearly with the number of pages.
//! The whole navigation tree is written once, to `_neokit/nav.js`, for the full sidebar.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use std::collections::HashMap;

use crate::config::{Config, PrintPage, brand};
use crate::diagnostics::{Diagnostic, Location};
use crate::downloads::Download;
use crate::links::{self, PageId, Target};
use crate::markdown;
use crate::output::{Content, Staging};
use crate::paths::{self, RelPath};
use crate::print;
use crate::roles::Roles;
use crate::search;
use crate::site::{self, NavItem, NavTarget, Site};
use crate::source::SourceTree;
use crate::theme::views::{
    BrandView, CoverFrame, DateView, DownloadView, LinkView, NavItemView, NavSectionView, PageContext, PageView,
    PersonView, PrintSection, RoleCardView, RoleView, SiteView, SpecialContext,
};
use crate::theme::{StaticFile, Theme};

/// How many siblings a navigation list shows around the current entry.
const NAV_WINDOW: usize = 15;
/// Up to this many top-level entries in all groups together, every group is listed on every
/// page; beyond it, only the current group (the full tree comes from `nav.js`).
const NAV_ALL_GROUPS: usize = 2 * NAV_WINDOW;

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
}

pub struct Rendered {
    pub problems: Vec<Diagnostic>,
    pub files: usize,
    /// What each indexed page adds to the search index, in reading order.
    pub search: Vec<std::sync::Arc<search::PageEntry>>,
}

/// Where rendering sends what it makes, and what else it looks for.
pub struct Outputs<'a> {
    /// Receives every file of the site.
    pub staging: &'a Staging,
    /// Receives each indexed page, when the site has search.
    pub search: Option<&'a search::Indexer>,
    /// Look for what `neokit check` reports beyond a build's problems.
    pub lint: bool,
    /// The preview's rendered pages from earlier builds, reused when their key is the same.
    pub memo: Option<Reuse<'a>>,
}

/// What decides whether a page rendered earlier can be used again.
pub struct Reuse<'a> {
    pub memo: &'a crate::memo::Memo,
    /// [`crate::memo::context_key`] of this build.
    pub context: u64,
    /// Each page's preparation key, in page order.
    pub page_keys: &'a [u64],
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
    let Outputs { staging: output, search, lint, memo } = outputs;
    if let Some(reuse) = &memo {
        reuse.memo.rendered_count.store(0, std::sync::atomic::Ordering::Relaxed);
    }
    let dates = &extras.dates;
    let print = match config.print {
        PrintPage::Always => true,
        PrintPage::Never => false,
        PrintPage::UpTo(limit) => site.reading_order.len() <= limit,
    };
    let site_view = site_view(site, config, print);
    // `site` is the same on every page: it lives in the template engine's global context.
    theme.tera.global_context().insert("site", &site_view);
    let theme = &*theme;
    let global = tera::Context::new();
    let top_level: usize = site.sections.iter().map(|s| s.items.iter().filter(|i| !is_hidden(site, i)).count()).sum();
    let shared = Shared {
        site,
        tree,
        all_groups: top_level <= NAV_ALL_GROUPS,
        section_starts: site.sections.iter().map(|s| first_page(site, &s.items)).collect(),
        base_url: config.base_url.as_deref(),
        dates,
        language: &config.language,
        edit_url: config.edit_url.as_deref(),
        roles: &extras.roles,
        adapted: match &config.brand.name {
            Some(name) => format!("{} {name}", site_view.text.adapted_for),
            None => site_view.text.adapted_locally.to_string(),
        },
        governance: crate::governance::ViewEnv {
            site,
            roles: &extras.roles,
            governance: &extras.governance,
            text: site_view.text,
            language: &config.language,
            contact: &config.brand.contact,
            base_url: config.base_url.as_deref(),
            upstream: config.upstream.is_some(),
        },
    };
    // Pages on the print page (links to others, such as hidden pages, stay links to them).
    let print_dirs =
        print::PageDirs { by_dir: site.reading_order.iter().map(|&i| (site.pages[i].dir.as_str(), i)).collect() };

    // A page withheld until its review (`governance.expired: hide`) is neither printed nor searched.
    let withheld = |id: PageId| shared.governance.withheld(id);
    let printed =
        |id: PageId| print && !withheld(id) && print_dirs.by_dir.get(site.pages[id].dir.as_str()) == Some(&id);
    let searched = |id: PageId| !site.pages[id].hidden && !site.pages[id].prepared.front.no_index && !withheld(id);
    // Each page's key, and the pages rendered earlier with the same key (one look).
    let keys: Vec<Option<u64>> = (0..site.pages.len())
        .map(|id| {
            let page = &site.pages[id];
            memo.as_ref().map(|reuse| {
                let date = dates.get(&page.source);
                crate::memo::key((reuse.context, &page.dir, reuse.page_keys.get(id), date, printed(id)))
            })
        })
        .collect();
    let kept = match &memo {
        Some(reuse) => reuse.memo.rendered_many(site.pages.iter().map(|p| p.dir.as_str()).zip(keys.iter().copied())),
        None => vec![None; site.pages.len()],
    };
    // Kept pages are taken one after the other (no work to share); the others are rendered
    // in parallel.
    let mut results: Vec<Option<RenderedPage>> = kept
        .into_iter()
        .enumerate()
        .map(|(id, kept)| {
            let (kept, key) = (kept?, keys[id]?);
            let page = &site.pages[id];
            let mut problems = kept.problems.clone();
            if let Err(conflict) = output.put(paths::page_file(&page.dir), Content::Text(kept.html.clone())) {
                std::sync::Arc::make_mut(&mut problems).push(conflict);
            }
            let search = search.filter(|_| searched(id)).map(|indexer| {
                indexer.page_keyed(&page.dir, Some(key), &page.title, &|| search_extra(&shared, id), &kept.sections)
            });
            Some(RenderedPage {
                template_error: None,
                files: kept.files.clone(),
                problems,
                print_body: kept.print_body.clone(),
                search,
            })
        })
        .collect();
    let to_render: Vec<PageId> = (0..site.pages.len()).filter(|&id| results[id].is_none()).collect();
    let rendered: Vec<(PageId, RenderedPage)> = to_render
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
            };
            let rendered = markdown::render(&page.prepared, &env);
            let mut problems = rendered.problems;
            let mut files = rendered.files;
            let print_body: Option<std::sync::Arc<str>> =
                printed.then(|| print::rewrite_body(&rendered.html, id, &page.dir, &print_dirs).into());
            let search = search.filter(|_| searched).map(|indexer| {
                indexer.page_keyed(&page.dir, key, &page.title, &|| search_extra(&shared, id), &rendered.sections)
            });
            let mut context = page_context(&shared, id, &rendered.html, &rendered.outline, &mut files, &mut problems);
            if page.prepared.is_faq {
                context.page.faq_schema = faq_schema(&rendered.faq);
            }
            let mut tera_context = global.clone();
            tera_context.insert("root", &context.root);
            tera_context.insert("page", &context.page);
            tera_context.insert("nav", &context.nav);
            tera_context.insert("breadcrumbs", &context.breadcrumbs);
            tera_context.insert("prev", &context.prev);
            tera_context.insert("next", &context.next);
            let template_error = match theme.render("page.html", &tera_context) {
                Ok(html) => {
                    let html: std::sync::Arc<str> = html.into();
                    let (files, mut problems) = (std::sync::Arc::new(files), std::sync::Arc::new(problems));
                    if let (Some(reuse), Some(key)) = (&memo, key) {
                        reuse.memo.rendered_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let kept = crate::memo::RenderedPage {
                            key,
                            html: html.clone(),
                            sections: rendered.sections.into(),
                            files: files.clone(),
                            problems: problems.clone(),
                            print_body: print_body.clone(),
                        };
                        reuse.memo.keep_rendered(&page.dir, std::sync::Arc::new(kept));
                    }
                    if let Err(conflict) = output.put(paths::page_file(&page.dir), Content::Text(html)) {
                        std::sync::Arc::make_mut(&mut problems).push(conflict);
                    }
                    return (id, RenderedPage { template_error: None, files, problems, print_body, search });
                }
                Err(error) => Some(error),
            };
            (
                id,
                RenderedPage {
                    template_error,
                    files: std::sync::Arc::new(files),
                    problems: std::sync::Arc::new(problems),
                    print_body,
                    search,
                },
            )
        })
        .collect();
    for (id, page) in rendered {
        results[id] = Some(page);
    }

    let mut problems = Vec::new();
    let mut used_files = BTreeSet::new();
    let mut template_failed = false;
    let mut print_bodies: Vec<Option<std::sync::Arc<str>>> = Vec::with_capacity(results.len());
    let mut search_entries: Vec<Option<std::sync::Arc<search::PageEntry>>> = Vec::with_capacity(results.len());
    for RenderedPage { template_error, files, problems: page_problems, print_body, search } in
        results.into_iter().flatten()
    {
        print_bodies.push(print_body);
        search_entries.push(search);
        problems.extend(page_problems.iter().cloned());
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
    let mut add = |path: String, content: Content, problems: &mut Vec<Diagnostic>| {
        if let Err(conflict) = output.put(path, content) {
            problems.push(conflict);
        }
    };

    for path in &used_files {
        add(site::file_output(path), Content::Copy(tree.disk_path(path)), &mut problems);
    }
    if lint {
        problems.extend(unused_assets(tree, &used_files, config));
    }
    let files = used_files.len();

    special_pages(site, theme, config, &global, tree, &mut add, &mut problems);
    if extras.governance.in_use {
        let nav = |dir: &str| nav_view_for(&shared, None, dir);
        crate::governance::write_pages(&shared.governance, theme, &global, &nav, &mut add, &mut problems);
    }
    for (path, text) in crate::deploy::server_files(config) {
        add(path, Content::Text(text.into()), &mut problems);
    }
    if print {
        let qr = |id: PageId| {
            let address = shared.governance.qr_address(id)?;
            let label = format!("{}: {address}", site_view.text.qr_code);
            Some((crate::qr::svg(&address, &label)?, address))
        };
        print_page(site, theme, &global, print_bodies, &qr, &mut add, &mut problems);
    }
    if let Some((title, folder)) = &config.downloads
        && !extras.downloads.is_empty()
    {
        downloads_page(&shared, theme, &global, title, folder, &extras.downloads, &mut add, &mut problems);
    }
    for role in extras.roles.by_page.values() {
        for (index, person) in role.people.iter().enumerate() {
            if let Some(photo) = &person.photo {
                add(photo_file(&role.id, index, photo), Content::Copy(photo.clone()), &mut problems);
            }
        }
    }
    if let Some(base) = &config.base_url {
        add("sitemap.xml".into(), Content::Text(sitemap(site, base, dates).into()), &mut problems);
        add(
            "robots.txt".into(),
            Content::Text(format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into()),
            &mut problems,
        );
    } else {
        add("robots.txt".into(), Content::Text("User-agent: *\nAllow: /\n".into()), &mut problems);
    }

    for (name, file) in &theme.static_files {
        let content = match file {
            StaticFile::Embedded(bytes) => Content::Bytes(bytes.to_vec()),
            StaticFile::Disk(path) => Content::Copy(path.clone()),
        };
        add(format!("{}{name}", site::THEME_DIR), content, &mut problems);
    }
    let font_urls: Vec<(String, bool)> =
        [(&config.brand.font, "font", false), (&config.brand.heading_font, "heading-font", true)]
            .into_iter()
            .filter_map(|(path, key, heading)| {
                path.as_ref().map(|p| (brand_file(key, p).trim_start_matches(site::THEME_DIR).to_string(), heading))
            })
            .collect();
    let fonts: Vec<brand::FontFace> =
        font_urls.iter().map(|(url, heading)| brand::FontFace { url, heading: *heading }).collect();
    add(
        format!("{}brand.css", site::THEME_DIR),
        Content::Text(brand::stylesheet(config.brand.primary, config.brand.accent, &fonts).into()),
        &mut problems,
    );
    // The whole navigation only changes with the context.
    let nav = match &memo {
        Some(reuse) => reuse.memo.kept_text("nav.js", reuse.context, || nav_script(site)),
        None => nav_script(site).into(),
    };
    add(format!("{}nav.js", site::THEME_DIR), Content::Text(nav), &mut problems);
    // Reading order first, so that equal scores list pages as the navigation does.
    let mut search = Vec::new();
    for id in site.reading_order.iter().copied().chain(0..site.pages.len()) {
        if let Some(entry) = search_entries[id].take() {
            search.push(entry);
        }
    }
    for (key, path) in [
        ("logo", &config.brand.logo),
        ("logo-dark", &config.brand.logo_dark),
        ("favicon", &config.brand.favicon),
        ("font", &config.brand.font),
        ("heading-font", &config.brand.heading_font),
    ] {
        if let Some(path) = path {
            add(brand_file(key, path), Content::Copy(path.clone()), &mut problems);
        }
    }
    Rendered { problems, files, search }
}

/// Files in `.gitbook/assets/` that no page uses (and that the configuration does not name).
/// Frames a cover as GitBook does: the image covers a band (1990 by 480 by default; with
/// `coverHeight`, that many pixels high at GitBook's widest cover, 1248 pixels), centred, then
/// moved down by `coverY` of its own pixels. Everything scales with the band's width, so the
/// crop is one fixed SVG `viewBox` in the image's pixels.
fn frame_cover(image: &Path, y: Option<f64>, height: Option<f64>) -> CoverFrame {
    let aspect = match height.filter(|h| h.is_finite()) {
        Some(height) => 1248.0 / height.clamp(10.0, 700.0),
        None => 1990.0 / 480.0,
    };
    let size = imagesize::size(image).ok().filter(|s| s.width > 0 && s.height > 0);
    let y = y.filter(|y| y.is_finite()).unwrap_or(0.0);
    let view_box = size.map(|size| {
        let (width, height) = (size.width as f64, size.height as f64);
        let (x, top, shown_width, shown_height) = if width / height >= aspect {
            // A wide image: its full height shows, its sides are cut.
            let shown = height * aspect;
            ((width - shown) / 2.0, 0.0, shown, height)
        } else {
            let shown = width / aspect;
            (0.0, (height - shown) / 2.0, width, shown)
        };
        [x, top - y, shown_width, shown_height].map(trim_number).join(" ")
    });
    CoverFrame { width_px: size.map(|s| s.width as u32), height_px: size.map(|s| s.height as u32), view_box }
}

/// A number as short as SVG allows: `42.5`, `-3`, `0`.
fn trim_number(n: f64) -> String {
    let text = format!("{:.2}", n + 0.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn unused_assets(tree: &SourceTree, used: &BTreeSet<RelPath>, config: &Config) -> Vec<Diagnostic> {
    let named: Vec<std::path::PathBuf> = config.named_files();
    tree.files
        .iter()
        .filter(|path| path.as_str().starts_with(".gitbook/assets/") && !used.contains(*path))
        .filter(|path| !named.iter().any(|n| *n == tree.disk_path(path)))
        .map(|path| {
            Diagnostic::warning("unused-asset", format!("`{}` is not used by any page", path.file_name()))
                .at(Location::file(tree.shown(path)))
                .with_help("it is not published; delete it or link to it from a page")
        })
        .collect()
}

/// "neoflix-guide" -> "Neoflix guide".
fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A title without the emoji or symbols GitBook authors put before it ("ℹ️ Introduction").
fn without_leading_symbols(title: &str) -> String {
    let mut rest = title.trim();
    while let Some(first) = rest.split_whitespace().next() {
        let symbol = emojis::get(first).is_some() || !first.chars().any(char::is_alphanumeric);
        if !symbol || first.len() == rest.len() {
            break;
        }
        rest = rest[first.len()..].trim_start();
    }
    rest.to_string()
}

/// Ids the built-in theme's page frame uses; a title with one of these anchors keeps its
/// place without the id (the page is linked to its top anyway).
const THEME_IDS: &[&str] = &[
    "content",
    "site-nav",
    "search-hint",
    "search-input",
    "search-live",
    "search-results",
    "search-status",
    "children-title",
    "outline-title",
    "roles-title",
];

/// Where a brand image is published.
/// How large a logo is drawn in the header: 40 pixels high, as wide as its proportions ask
/// (a wordmark is wide), at most 240 pixels.
fn header_size(path: &Path) -> (u32, u32) {
    const HEIGHT: f64 = 40.0;
    let (width, height) = image_size(path).unwrap_or((1.0, 1.0));
    let width = (HEIGHT * width / height).round().clamp(16.0, 240.0);
    (width as u32, HEIGHT as u32)
}

/// An image's own width and height: read from raster files, from `width`/`height` or the
/// `viewBox` of an SVG.
fn image_size(path: &Path) -> Option<(f64, f64)> {
    let is_svg = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if !is_svg {
        let size = imagesize::size(path).ok()?;
        return (size.width > 0 && size.height > 0).then_some((size.width as f64, size.height as f64));
    }
    let text = std::fs::read_to_string(path).ok()?;
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let (attrs, _) = crate::markdown::tables::start_tag(&text[start..=end], 0)?;
    let number = |key: &str| {
        crate::markdown::tables::attr(&attrs, key)
            .map(|v| v.trim().trim_end_matches("px"))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v > 0.0)
    };
    if let (Some(width), Some(height)) = (number("width"), number("height")) {
        return Some((width, height));
    }
    // Attribute names are read lowercased.
    let view_box: Vec<f64> = crate::markdown::tables::attr(&attrs, "viewbox")?
        .split([' ', ','])
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    match view_box[..] {
        [_, _, width, height] if width > 0.0 && height > 0.0 => Some((width, height)),
        _ => None,
    }
}

fn brand_file(key: &str, path: &Path) -> String {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("png").to_ascii_lowercase();
    format!("{}brand/{key}.{extension}", site::THEME_DIR)
}

fn site_view(site: &Site, config: &Config, print: bool) -> SiteView {
    // Without a title in neokit.yaml, the kit folder's name: a GitBook README is usually
    // called "Introduction" or "Welcome", which says nothing as a site title.
    let _ = site;
    let title = config
        .title
        .clone()
        .or_else(|| config.kit_dir.file_name().map(|n| folder_title(&n.to_string_lossy())))
        .map(|t| without_leading_symbols(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Onboarding kit".into());
    let favicon = match &config.brand.favicon {
        Some(path) => brand_file("favicon", path),
        None => format!("{}favicon.svg", site::THEME_DIR),
    };
    let logo = config.brand.logo.as_deref().map_or((40, 40), header_size);
    let logo_dark = config.brand.logo_dark.as_deref().map_or((40, 40), header_size);
    SiteView {
        title,
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        brand: BrandView {
            name: config.brand.name.clone(),
            url: config.brand.url.clone(),
            logo: config.brand.logo.as_deref().map(|p| brand_file("logo", p)),
            logo_dark: config.brand.logo_dark.as_deref().map(|p| brand_file("logo-dark", p)),
            logo_width: logo.0,
            logo_height: logo.1,
            logo_dark_width: logo_dark.0,
            logo_dark_height: logo_dark.1,
            favicon: Some(favicon),
            show_title: config.brand.show_title,
            coloured_header: config.brand.coloured_header,
        },
        generator: format!("neokit {}", env!("CARGO_PKG_VERSION")),
        footer: config.brand.footer.as_deref().map(markdown::inline_markdown),
        contact: (!config.brand.contact.is_empty()).then(|| config.brand.contact.clone()),
        print: print.then(|| paths::page_file(print::PRINT_DIR)),
        search_index: config.search.then(|| search::INDEX.to_string()),
        version: config.upstream.as_ref().and_then(|u| u.version.clone()),
        text: crate::i18n::text(&config.language),
        icons: [
            "menu",
            "sun",
            "moon",
            "search",
            "chevron-right",
            "chevron-down",
            "arrow-left",
            "arrow-right",
            "external",
            "link",
            "copy",
            "mail",
            "phone",
            "clock",
            "user",
            "file",
            "download",
        ]
        .into_iter()
        .map(|name| (name, crate::icons::svg(name)))
        .collect(),
    }
}

fn link_view(site: &Site, from_dir: &str, id: PageId) -> LinkView {
    let page = &site.pages[id];
    LinkView {
        title: page.title.clone(),
        href: paths::page_href(from_dir, &page.dir),
        description: page.prepared.front.description.clone(),
    }
}

/// What every page's context is built from.
struct Shared<'a> {
    site: &'a Site,
    tree: &'a SourceTree,
    /// List every group's entries on every page (small kits).
    all_groups: bool,
    /// The first page of each navigation group.
    section_starts: Vec<Option<PageId>>,
    base_url: Option<&'a str>,
    /// "Last updated" dates of page files.
    dates: &'a HashMap<RelPath, i64>,
    language: &'a str,
    edit_url: Option<&'a str>,
    /// The note on adapted pages.
    adapted: String,
    /// The content root relative to the kit folder ("content"), for edit links.
    roles: &'a Roles,
    /// Owners, review dates, banners.
    governance: crate::governance::ViewEnv<'a>,
}

/// What the stages between assembling the site and rendering it found out.
pub struct Extras {
    /// "Last updated" time of each page file.
    pub dates: HashMap<RelPath, i64>,
    pub roles: std::sync::Arc<Roles>,
    pub downloads: std::sync::Arc<Vec<Download>>,
    pub governance: std::sync::Arc<crate::governance::Governance>,
}

/// Words shown on a page outside its body, for the search index: the description and, on a
/// role page, the role's details and people.
fn search_extra(shared: &Shared, id: PageId) -> String {
    let page = &shared.site.pages[id];
    let mut parts: Vec<&str> = page.prepared.front.description.as_deref().into_iter().collect();
    if let Some(role) = shared.roles.by_page.get(&id) {
        parts.extend(role.discipline.as_deref());
        parts.extend(role.responsibilities.iter().map(String::as_str));
        for person in &role.people {
            parts.push(&person.name);
            parts.extend(person.title.as_deref());
        }
    }
    parts.join(" ")
}

/// Where a person's photo is published.
fn photo_file(role: &str, index: usize, path: &Path) -> String {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("jpg").to_ascii_lowercase();
    format!("{}people/{}-{index}.{extension}", site::THEME_DIR, crate::markdown::headings::slug(role))
}

fn person_view(person: &crate::config::Person, role: &str, index: usize, dir: &str) -> PersonView {
    PersonView {
        name: person.name.clone(),
        title: person.title.clone(),
        email: person.email.clone(),
        phone_link: person
            .phone
            .as_ref()
            .map(|p| format!("tel:{}", p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())),
        phone: person.phone.clone(),
        photo: person.photo.as_ref().map(|p| paths::href(dir, &photo_file(role, index, p))),
        initials: initials(&person.name),
    }
}

/// The first letters of a person's first and last name, leaving out titles ("Dr", "Prof.",
/// "Sister") and name particles ("van den").
fn initials(name: &str) -> String {
    const TITLES: &[&str] = &[
        "dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "sister", "sr", "nurse", "drs", "ir", "ing",
        "mevr", "dhr", "mw", "mevrouw", "meneer", "frau", "herr", "mme", "mlle", "m",
    ];
    const PARTICLES: &[&str] =
        &["van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "ter", "ten", "te", "op", "in", "'t"];
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .collect();
    let first = words.first().and_then(|w| w.chars().find(|c| c.is_alphabetic()));
    let last = words
        .iter()
        .skip(1)
        .rev()
        .find(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()));
    first.into_iter().chain(last).flat_map(char::to_uppercase).collect()
}

fn page_context<'a>(
    shared: &Shared<'a>,
    id: PageId,
    html: &'a str,
    outline: &'a [markdown::Heading],
    files: &mut BTreeSet<RelPath>,
    problems: &mut Vec<Diagnostic>,
) -> PageContext<'a> {
    let Shared { site, tree, base_url, .. } = *shared;
    let updated = shared
        .dates
        .get(&site.pages[id].source)
        .map(|&time| DateView { iso: crate::dates::iso(time), text: crate::dates::long(time, shared.language) });
    // Only files inside the kit folder can be edited there (not an upstream guide's).
    let shown = tree.shown(&site.pages[id].source);
    let editable = shown.is_relative() && !shown.starts_with("..");
    let edit_url = shared.edit_url.filter(|_| editable).map(|template| {
        let path = shown.to_string_lossy().replace('\\', "/");
        template.replace("{path}", &paths::encode_path(&path))
    });
    let page = &site.pages[id];
    let front = &page.prepared.front;
    let dir = page.dir.as_str();
    let governance = shared.governance.page(id, updated.clone());
    let html = if governance.as_ref().is_some_and(|g| g.withheld) { "" } else { html };
    let (cover, cover_frame) = front
        .cover
        .as_deref()
        .and_then(|cover| match links::resolve(site, tree, id, &page.source, cover) {
            Target::File { path } => {
                let href = paths::href(dir, &site::file_output(&path));
                let frame = frame_cover(&tree.disk_path(&path), front.cover_y, front.cover_height);
                files.insert(path);
                Some((href, frame))
            }
            Target::External { .. } => {
                problems.push(
                    Diagnostic::warning(
                        "external-cover",
                        format!("cover image `{cover}` is on another site and is not shown"),
                    )
                    .at(Location::file(tree.shown(&page.source)))
                    .with_help("put the image in .gitbook/assets/ so the site makes no outside requests"),
                );
                None
            }
            _ => {
                problems.push(
                    Diagnostic::warning("broken-link", format!("cover image `{cover}` does not exist"))
                        .at(Location::file(tree.shown(&page.source))),
                );
                None
            }
        })
        .unzip();
    // Child pages, except roles (they have their own overview cards).
    let role_cards = shared.roles.in_folder(site, id);
    let shown_children: Vec<PageId> =
        page.children.iter().copied().filter(|&c| !site.pages[c].hidden && !role_cards.contains(&c)).collect();
    // A page that already links to every child (GitBook authors list them with content-ref
    // blocks) gets no second, automatic list.
    let linked: std::collections::HashSet<PageId> = page
        .prepared
        .links
        .iter()
        .filter_map(|dest| match crate::links::resolve(site, tree, id, &page.source, dest) {
            crate::links::Target::Page { page, .. } => Some(page),
            _ => None,
        })
        .collect();
    let children = if shown_children.iter().all(|c| linked.contains(c)) {
        Vec::new()
    } else {
        shown_children.iter().map(|&c| link_view(site, dir, c)).collect()
    };
    let mut breadcrumbs = Vec::new();
    if let Some(home) = site.home.filter(|&h| h != id) {
        breadcrumbs.push(link_view(site, dir, home));
    }
    for ancestor in site.ancestors(id) {
        if Some(ancestor) != site.home {
            breadcrumbs.push(link_view(site, dir, ancestor));
        }
    }
    PageContext {
        root: paths::root_prefix(dir),
        page: PageView {
            title: page.title.clone(),
            description: front.description.clone(),
            content: html,
            path: dir.to_string(),
            canonical: base_url.map(|base| format!("{base}{}", paths::encode_path(dir))),
            source: page.source.as_str().to_string(),
            hidden: page.hidden,
            no_index: front.no_index || front.no_robots_index,
            icon: front.icon.as_deref().and_then(crate::icons::from_font_awesome).map(crate::icons::svg),
            cover,
            cover_frame,
            layout: &front.layout,
            outline,
            children,
            meta: &front.meta,
            is_home: site.home == Some(id),
            updated,
            edit_url,
            adapted: tree.adapted.contains(&page.source).then(|| shared.adapted.clone()),
            title_anchor: page
                .prepared
                .headings
                .iter()
                .find(|h| h.level == 1)
                .map(|h| h.anchor.clone())
                .filter(|a| !THEME_IDS.contains(&a.as_str())),
            faq: page.prepared.is_faq,
            faq_schema: None,
            role: shared.roles.by_page.get(&id).map(|role| RoleView {
                id: role.id.clone(),
                discipline: role.discipline.clone(),
                time_per_month: role.time_per_month.clone(),
                responsibilities: role.responsibilities.clone(),
                people: role.people.iter().enumerate().map(|(i, p)| person_view(p, &role.id, i, dir)).collect(),
                assigned: shared.roles.assigned,
                mentioned_by: shared
                    .roles
                    .mentioned_by
                    .get(&id)
                    .map(|pages| pages.iter().map(|&p| link_view(site, dir, p)).collect())
                    .unwrap_or_default(),
            }),
            roles: role_cards
                .into_iter()
                .map(|p| {
                    let role = &shared.roles.by_page[&p];
                    let link = link_view(site, dir, p);
                    RoleCardView {
                        title: link.title,
                        href: link.href,
                        description: link.description,
                        discipline: role.discipline.clone(),
                        time_per_month: role.time_per_month.clone(),
                        people: role.people.iter().map(|person| person.name.clone()).collect(),
                        assigned: shared.roles.assigned,
                    }
                })
                .collect(),
            governance,
        },
        nav: nav_view(shared, id),
        breadcrumbs,
        // Pagination shows the navigation label (SUMMARY's link title when there is one).
        prev: page.prev.map(|p| LinkView { title: site.pages[p].nav_label.clone(), ..link_view(site, dir, p) }),
        next: page.next.map(|n| LinkView { title: site.pages[n].nav_label.clone(), ..link_view(site, dir, n) }),
    }
}

/// The navigation as shown on page `id`: every group's title; the entries of the current
/// group (of every group in small kits); the children of entries on the current branch. Long
/// lists show a window around the current entry.
fn nav_view(shared: &Shared, id: PageId) -> Vec<NavSectionView> {
    nav_view_for(shared, Some(id), &shared.site.pages[id].dir)
}

/// The navigation as seen from page `current` (or from a generated page in `dir`).
fn nav_view_for(shared: &Shared, current: Option<PageId>, dir: &str) -> Vec<NavSectionView> {
    let site = shared.site;
    let mut branch: Vec<PageId> = current.map(|id| site.ancestors(id)).unwrap_or_default();
    branch.extend(current);
    let id = current.unwrap_or(usize::MAX);
    let section = current.map_or(usize::MAX, |id| site.pages[id].section);
    site.sections
        .iter()
        .enumerate()
        .map(|(index, nav_section)| {
            let current = index == section;
            let (items, more_after) = if current || shared.all_groups {
                let visible: Vec<&NavItem> = nav_section.items.iter().filter(|item| !is_hidden(site, item)).collect();
                let (items, _, after) = window_view(site, &visible, &branch, id, dir);
                (items, after)
            } else {
                (Vec::new(), false)
            };
            NavSectionView {
                title: nav_section.title.clone(),
                href: shared.section_starts[index].map(|p| paths::page_href(dir, &site.pages[p].dir)),
                current,
                items,
                more_after,
            }
        })
        .collect()
}

fn is_hidden(site: &Site, item: &NavItem) -> bool {
    matches!(item.target, NavTarget::Page(p) if site.pages[p].hidden)
}

fn on_branch(item: &NavItem, branch: &[PageId]) -> bool {
    matches!(item.target, NavTarget::Page(p) if branch.contains(&p))
}

/// Views of `items` shortened to a window around the entry on the current branch.
fn window_view(
    site: &Site,
    items: &[&NavItem],
    branch: &[PageId],
    current: PageId,
    dir: &str,
) -> (Vec<NavItemView>, bool, bool) {
    let focus = items.iter().position(|item| on_branch(item, branch)).unwrap_or(0);
    let (start, end) = if items.len() <= NAV_WINDOW {
        (0, items.len())
    } else {
        let start = focus.saturating_sub(NAV_WINDOW / 2).min(items.len() - NAV_WINDOW);
        (start, start + NAV_WINDOW)
    };
    let mut views: Vec<NavItemView> =
        items[start..end].iter().map(|item| item_view(site, item, branch, current, dir)).collect();
    let (before, after) = (start > 0, end < items.len());
    if let Some(first) = views.first_mut() {
        first.more_before = before;
    }
    if let Some(last) = views.last_mut() {
        last.more_after = after;
    }
    (views, before, after)
}

fn item_view(site: &Site, item: &NavItem, branch: &[PageId], current: PageId, dir: &str) -> NavItemView {
    let visible: Vec<&NavItem> = item.children.iter().filter(|c| !is_hidden(site, c)).collect();
    let (href, is_current, active, external) = match &item.target {
        NavTarget::Page(p) => (
            Some(paths::page_href(dir, &site.pages[*p].dir)),
            *p == current,
            branch.contains(p) && *p != current,
            false,
        ),
        NavTarget::PageAnchor(p, anchor) => {
            let mut href = if *p == current { String::new() } else { paths::page_href(dir, &site.pages[*p].dir) };
            href.push('#');
            href.push_str(anchor);
            (Some(href), false, false, false)
        }
        NavTarget::File(path) => (Some(paths::href(dir, &site::file_output(path))), false, false, false),
        NavTarget::External(url) => (Some(url.clone()), false, false, true),
        NavTarget::Generated(target) => (Some(paths::page_href(dir, target)), false, false, false),
        NavTarget::None => (None, false, false, false),
    };
    let expanded = on_branch(item, branch)
        || (matches!(item.target, NavTarget::None) && item.children.iter().any(|c| on_branch(c, branch)));
    let children = if expanded { window_view(site, &visible, branch, current, dir).0 } else { Vec::new() };
    NavItemView {
        label: item.label.clone(),
        icon: page_icon(site, &item.target),
        href,
        current: is_current,
        active,
        external,
        has_children: !visible.is_empty(),
        children,
        more_before: false,
        more_after: false,
    }
}

/// The icon front matter gives the page an entry points at.
fn page_icon(site: &Site, target: &NavTarget) -> Option<String> {
    match target {
        NavTarget::Page(p) => site.pages[*p]
            .prepared
            .front
            .icon
            .as_deref()
            .and_then(crate::icons::from_font_awesome)
            .map(crate::icons::svg),
        _ => None,
    }
}

fn first_page(site: &Site, items: &[NavItem]) -> Option<PageId> {
    for item in items {
        if let NavTarget::Page(p) = item.target
            && !site.pages[p].hidden
        {
            return Some(p);
        }
        if let Some(p) = first_page(site, &item.children) {
            return Some(p);
        }
    }
    None
}

#[derive(Serialize)]
struct NavData<'a> {
    sections: Vec<NavDataSection<'a>>,
}

#[derive(Serialize)]
struct NavDataSection<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<&'a str>,
    i: Vec<NavDataItem<'a>>,
}

/// One entry of the full navigation: label, site-root-relative href, external flag, children.
#[derive(Serialize)]
struct NavDataItem<'a> {
    l: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    h: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    x: bool,
    /// The page's icon as inline SVG.
    #[serde(skip_serializing_if = "Option::is_none")]
    ic: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<NavDataItem<'a>>,
}

/// The whole navigation as a classic script, so the full sidebar works from `file://`.
fn nav_script(site: &Site) -> String {
    fn items<'a>(site: &'a Site, list: &'a [NavItem]) -> Vec<NavDataItem<'a>> {
        list.iter()
            .filter(|item| !is_hidden(site, item))
            .map(|item| {
                let (h, x) = match &item.target {
                    NavTarget::Page(p) => (Some(paths::encode_path(&paths::page_file(&site.pages[*p].dir))), false),
                    NavTarget::PageAnchor(p, a) => {
                        (Some(format!("{}index.html#{a}", paths::encode_path(&site.pages[*p].dir))), false)
                    }
                    NavTarget::File(path) => (Some(paths::encode_path(&site::file_output(path))), false),
                    NavTarget::External(url) => (Some(url.clone()), true),
                    NavTarget::Generated(target) => (Some(paths::page_file(&paths::encode_path(target))), false),
                    NavTarget::None => (None, false),
                };
                NavDataItem { l: &item.label, h, x, ic: page_icon(site, &item.target), c: items(site, &item.children) }
            })
            .collect()
    }
    let data = NavData {
        sections: site
            .sections
            .iter()
            .map(|s| NavDataSection { t: s.title.as_deref(), i: items(site, &s.items) })
            .collect(),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{\"sections\":[]}".into());
    format!("window.NEOKIT_NAV = {json};\n")
}

/// The 404 page, redirect pages from `.gitbook.yaml` and a front page when there is no README.
fn special_pages(
    site: &Site,
    theme: &Theme,
    config: &Config,
    global: &tera::Context,
    tree: &SourceTree,
    add: &mut dyn FnMut(String, Content, &mut Vec<Diagnostic>),
    problems: &mut Vec<Diagnostic>,
) {
    let render = |name: &str, special: SpecialContext| {
        let mut context = global.clone();
        context.insert("root", &special.root);
        context.insert("target", &special.target);
        context.insert("links", &special.links);
        context.insert("root_unknown", &special.root_unknown);
        context.insert("script_roots", &special.script_roots);
        theme.render(name, &context)
    };
    let redirect = |root: String, target: String| SpecialContext {
        root,
        target: Some(target),
        links: Vec::new(),
        root_unknown: false,
        script_roots: Vec::new(),
    };
    let base = config.base_url.as_deref().map(base_path).unwrap_or_default();
    let not_found_links: Vec<LinkView> = site
        .home
        .into_iter()
        .chain(site.sections.iter().filter_map(|s| first_page(site, &s.items)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|p| {
            let mut link = link_view(site, "", p);
            link.href = format!("{base}{}index.html", paths::encode_path(&site.pages[p].dir));
            link
        })
        .collect();
    // The 404 page is served at any address of the site. With `base_url` it links from the
    // site's address; without, its links are written from the site's root and its script
    // (`not-found.js`, looked for in each folder up to one below the deepest page) finds the
    // root and fixes them, so no link leaves the site's folder.
    let not_found = SpecialContext {
        root: base,
        target: None,
        links: not_found_links,
        root_unknown: config.base_url.is_none(),
        script_roots: (0..=not_found_depth(site)).map(|up| "../".repeat(up)).collect(),
    };
    match render("404.html", not_found) {
        Ok(html) => add("404.html".into(), Content::Text(html.into()), problems),
        Err(error) => problems.push(error),
    }
    if site.home.is_none()
        && let Some(&first) = site.reading_order.first()
    {
        let target = paths::page_href("", &site.pages[first].dir);
        match render("redirect.html", redirect(String::new(), target)) {
            Ok(html) => add("index.html".into(), Content::Text(html.into()), problems),
            Err(error) => problems.push(error),
        }
    }
    let gitbook_file = config.gitbook_file.as_deref().map(|p| config.display_path(p));
    let from = RelPath::new(".gitbook.yaml").unwrap_or_default();
    for (old, to, line) in &config.gitbook.redirects {
        let location = || gitbook_file.clone().map(|path| Location::new(path, *line, 0));
        let Some(old_path) = RelPath::new(old) else { continue };
        let dir = if old_path.is_root() { String::new() } else { format!("{}/", old_path.as_str()) };
        if site.pages.iter().any(|p| p.dir == dir) {
            continue;
        }
        let target = match links::resolve(site, tree, 0, &from, to) {
            Target::Page { page, anchor, .. } => {
                let mut href = paths::page_href(&dir, &site.pages[page].dir);
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&anchor);
                }
                href
            }
            Target::File { path } => paths::href(&dir, &site::file_output(&path)),
            Target::External { .. } => to.clone(),
            _ => {
                let mut d = Diagnostic::warning(
                    "broken-redirect",
                    format!("redirect `{old}` points at `{to}`, which is not a page"),
                );
                if let Some(location) = location() {
                    d = d.at(location);
                }
                problems.push(d);
                continue;
            }
        };
        match render("redirect.html", redirect(paths::root_prefix(&dir), target)) {
            Ok(html) => add(paths::page_file(&dir), Content::Text(html.into()), problems),
            Err(error) => problems.push(error),
        }
    }
}

/// How many folders below the site's root a missing address may be for the 404 page to find
/// the root: one more than the deepest page (`a/b/missing/` below `a/b/`), at most 8.
fn not_found_depth(site: &Site) -> usize {
    let deepest = site.pages.iter().map(|p| p.dir.split('/').filter(|s| !s.is_empty()).count()).max().unwrap_or(0);
    (deepest + 1).min(8)
}

/// `print/index.html`: every page in reading order.
fn print_page(
    site: &Site,
    theme: &Theme,
    global: &tera::Context,
    mut bodies: Vec<Option<std::sync::Arc<str>>>,
    qr: &dyn Fn(PageId) -> Option<(String, String)>,
    add: &mut dyn FnMut(String, Content, &mut Vec<Diagnostic>),
    problems: &mut Vec<Diagnostic>,
) {
    let sections: Vec<PrintSection> = site
        .reading_order
        .iter()
        .filter_map(|&id| {
            let content = bodies.get_mut(id).and_then(Option::take)?;
            let page = &site.pages[id];
            let (qr, qr_text) = qr(id).unzip();
            Some(PrintSection {
                qr,
                qr_text,
                id: print::page_id(id),
                title: page.title.clone(),
                description: page.prepared.front.description.clone(),
                depth: site.ancestors(id).len(),
                content: content.to_string(),
            })
        })
        .collect();
    let mut context = global.clone();
    context.insert("root", &paths::root_prefix(print::PRINT_DIR));
    context.insert("sections", &sections);
    match theme.render("print.html", &context) {
        Ok(html) => add(paths::page_file(print::PRINT_DIR), Content::Text(html.into()), problems),
        Err(error) => problems.push(error),
    }
}

/// The FAQPage structured data of a page of questions, as JSON safe inside a `<script>`.
fn faq_schema(answers: &[markdown::render::FaqAnswer]) -> Option<String> {
    if answers.is_empty() {
        return None;
    }
    let entities: Vec<serde_json::Value> = answers
        .iter()
        .map(|a| {
            serde_json::json!({
                "@type": "Question",
                "name": a.question,
                "acceptedAnswer": { "@type": "Answer", "text": a.html.trim() },
            })
        })
        .collect();
    let schema = serde_json::json!({ "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities });
    // `</script>` inside a string must not end the element.
    serde_json::to_string(&schema).ok().map(|json| json.replace("</", "<\\/"))
}

/// The generated page listing every download of the kit.
#[allow(clippy::too_many_arguments)]
fn downloads_page(
    shared: &Shared,
    theme: &Theme,
    global: &tera::Context,
    title: &str,
    folder: &str,
    downloads: &[Download],
    add: &mut dyn FnMut(String, Content, &mut Vec<Diagnostic>),
    problems: &mut Vec<Diagnostic>,
) {
    let site = shared.site;
    let views: Vec<DownloadView> = downloads
        .iter()
        .map(|d| DownloadView {
            name: d.name.clone(),
            href: paths::href(folder, &site::file_output(&d.path)),
            kind: d.kind.clone(),
            size: d.size.clone(),
            caption: d.caption.clone(),
            pages: d.pages.iter().map(|&p| link_view(site, folder, p)).collect(),
        })
        .collect();
    let mut context = global.clone();
    context.insert("root", &paths::root_prefix(folder));
    context.insert("title", title);
    context.insert("downloads", &views);
    context.insert("nav", &nav_view_for(shared, None, folder));
    match theme.render("downloads.html", &context) {
        Ok(html) => add(paths::page_file(folder), Content::Text(html.into()), problems),
        Err(error) => problems.push(error),
    }
}

/// `sitemap.xml` for search engines: every page that may be indexed.
fn sitemap(site: &Site, base: &str, dates: &HashMap<RelPath, i64>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &site.pages {
        let front = &page.prepared.front;
        if page.hidden || front.no_index || front.no_robots_index {
            continue;
        }
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            crate::htmltext::escape(base),
            crate::htmltext::escape(&paths::encode_path(&page.dir))
        ));
        if let Some(&time) = dates.get(&page.source) {
            xml.push_str(&format!("<lastmod>{}</lastmod>", crate::dates::iso(time)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The path part of a base URL (`https://x.org/kits/neoflix/` -> `/kits/neoflix/`).
pub(crate) fn base_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_titles_from_folders_without_symbols() {
        assert_eq!(folder_title("neoflix-guide"), "Neoflix guide");
        assert_eq!(folder_title("company_handbook"), "Company handbook");
        assert_eq!(without_leading_symbols("ℹ️ Introduction"), "Introduction");
        assert_eq!(without_leading_symbols("🚀  Getting started"), "Getting started");
        assert_eq!(without_leading_symbols("2. People"), "2. People");
    }

    #[test]
    fn initials_leave_out_titles_and_particles() {
        assert_eq!(initials("Dr Pieter van den Berg"), "PB");
        assert_eq!(initials("Prof. Amara Okafor"), "AO");
        assert_eq!(initials("Sister Lena"), "L");
        assert_eq!(initials("Tom"), "T");
        assert_eq!(initials("émile zola"), "ÉZ");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn covers_are_framed_as_gitbook_frames_them() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(frame_cover(&dir.path().join("missing.png"), Some(10.0), None).view_box, None);
        // A GIF header is enough for its size: 300 x 100, wider than a band of 1248 x 624.
        let gif = dir.path().join("cover.gif");
        std::fs::write(&gif, b"GIF89a\x2c\x01\x64\x00\x00\x00\x00;").unwrap();
        let view_box = |y, height| frame_cover(&gif, y, height).view_box.unwrap();
        assert_eq!(view_box(None, Some(624.0)), "50 0 200 100");
        assert_eq!(view_box(Some(-12.345), Some(624.0)), "50 12.35 200 100");
        // The default band (1990 x 480) is wider than the image: top and bottom are cut.
        assert_eq!(view_box(Some(f64::NAN), None), "0 13.82 300 72.36");
        assert_eq!(view_box(Some(10.0), None), "0 3.82 300 72.36");
        // coverHeight is kept between 10 and 700 pixels.
        assert_eq!(view_box(None, Some(5000.0)), view_box(None, Some(700.0)));
    }
}
