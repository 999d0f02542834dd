//! Pages neokit makes from the whole kit: the print page, the downloads page, and with
//! governance the "Page status" and "What changed" pages and the short links' map.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::context;
use super::nav::nav_view;
use super::shared::{Out, Shared, link_view};
use crate::downloads::Download;
use crate::governance;
use crate::output::Content;
use crate::print;
use crate::site;
use crate::theme::views::{DownloadView, GovernanceView, PrintSection, RoleCardView, RoleView, StaleView};
use neokit_core::{icons, paths, qr};
use neokit_document::links::{self, PageId, Target};
use neokit_document::markdown::gitbook::human_size;

/// `print/index.html`: every page in reading order, each with the QR code of its address
/// when there is one.
pub(super) fn print_page(out: &mut Out, shared: &Shared, mut bodies: Vec<Option<Arc<str>>>) {
    let site = shared.site;
    let qr_code = |id: PageId| {
        let address = shared.governance.qr_address(id)?;
        let label = format!("{}: {address}", shared.governance.text.qr_code);
        Some((qr::svg(&address, &label)?, address))
    };
    let sections: Vec<PrintSection> = site
        .reading_order
        .iter()
        .filter_map(|&id| {
            let content = bodies.get_mut(id).and_then(Option::take)?;
            let page = &site.pages[id];
            let (qr, qr_text) = qr_code(id).unzip();
            Some(PrintSection {
                qr,
                qr_text,
                id: print::page_id(id),
                title: page.title.clone(),
                // As the page shows it: not when its layout hides the description.
                description: page.prepared.front.description.clone().filter(|_| page.prepared.front.layout.description),
                depth: site.ancestors(id).len(),
                content: content.to_string(),
            })
        })
        .collect();
    // What the site shows around a page's text: a role page's box and the pages that mention
    // it, a folder page's role cards, the overdue banner and "About this page" (by section id;
    // links to printed pages lead within the print page).
    let printed: HashSet<&str> = sections.iter().map(|s| s.id.as_str()).collect();
    let dirs = print::PageDirs {
        by_dir: (site.reading_order.iter())
            .filter(|&&id| printed.contains(print::page_id(id).as_str()))
            .map(|&id| (site.pages[id].dir.as_str(), id))
            .collect(),
    };
    let link = |p: PageId| {
        let mut view = link_view(site, print::PRINT_DIR, p);
        let id = print::page_id(p);
        if printed.contains(id.as_str()) {
            view.href = format!("#{id}");
        }
        view
    };
    let extras: HashMap<String, PrintExtras> = (site.reading_order.iter())
        .filter(|&&id| printed.contains(print::page_id(id).as_str()))
        .map(|&id| PrintExtras {
            id: print::page_id(id),
            cover: cover_href(shared, id),
            icon: (site.pages[id].prepared.front.icon.as_deref()).and_then(icons::from_font_awesome).map(icons::svg),
            role: context::role_view(shared, id, print::PRINT_DIR, &link),
            roles: context::role_card_views(shared, shared.roles.in_folder(site, id), &link),
            stale: context::stale_view(shared, id, print::PRINT_DIR),
            untranslated: context::untranslated_view(shared, id, print::PRINT_DIR),
            governance: context::governance_view(shared, id).map(|mut view| {
                // Its links were made for the page's folder.
                let moved = |href: &mut Option<String>| {
                    if let Some(new) = href.as_deref().and_then(|h| print::href(h, id, &site.pages[id].dir, &dirs)) {
                        *href = Some(new);
                    }
                };
                moved(&mut view.short_href);
                for owner in [view.owner.as_mut(), view.contact.as_mut()].into_iter().flatten() {
                    moved(&mut owner.href);
                }
                if let Some(owner) = view.upstream.as_mut().and_then(|u| u.owner.as_mut()) {
                    moved(&mut owner.href);
                }
                view
            }),
        })
        .filter(|extra| {
            extra.role.is_some()
                || !extra.roles.is_empty()
                || extra.governance.is_some()
                || extra.cover.is_some()
                || extra.stale.is_some()
                || extra.untranslated.is_some()
                || extra.icon.is_some()
        })
        .map(|extra| (extra.id.clone(), extra))
        .collect();
    out.page("print.html", print::PRINT_DIR, |context| {
        context.insert("sections", &sections);
        context.insert("extras", &extras);
    });
}

/// A page's cover image (a file of the kit, shown unless the page's layout hides it),
/// relative to the print page.
fn cover_href(shared: &Shared, id: PageId) -> Option<String> {
    let page = &shared.site.pages[id];
    let front = &page.prepared.front;
    let cover = front.cover.as_deref().filter(|_| front.layout.cover)?;
    match links::resolve(shared.site, shared.tree, id, &page.source, cover) {
        Target::File { path } => Some(paths::href(print::PRINT_DIR, &site::file_output(&path))),
        _ => None,
    }
}

/// What the print page shows around a printed page's text (`extras[section.id]`), as the page
/// itself shows it: its cover image (`cover`, an address) and icon (`icon`, inline SVG), the
/// banners of a translation out of date or a page shown untranslated (`stale`,
/// `untranslated`, as `page.stale` and `page.untranslated`), a role page's box (`role`, as `page.role`), a folder page's role cards (`roles`, as
/// `page.roles`), the overdue banner and "About this page" (`governance`, as
/// `page.governance`).
#[derive(serde::Serialize)]
struct PrintExtras {
    id: String,
    cover: Option<String>,
    icon: Option<String>,
    stale: Option<StaleView>,
    untranslated: Option<StaleView>,
    role: Option<RoleView>,
    roles: Vec<RoleCardView>,
    governance: Option<GovernanceView>,
}

/// The generated page listing every download of the kit.
/// The kit's PDFs come first: (their title, path from the site root, size in bytes once made).
pub(super) fn downloads_page(
    out: &mut Out,
    shared: &Shared,
    (title, folder): (&str, &str),
    pdfs: &[(String, String, Option<u64>)],
    downloads: &[Download],
) {
    let site = shared.site;
    let pdfs = pdfs.iter().map(|(name, path, size)| DownloadView {
        name: name.clone(),
        href: paths::href(folder, path),
        kind: "PDF".into(),
        size: size.map(human_size),
        caption: None,
        pages: Vec::new(),
    });
    let views: Vec<DownloadView> = pdfs
        .chain(downloads.iter().map(|d| DownloadView {
            name: d.name.clone(),
            href: paths::href(folder, &site::file_output(&d.path)),
            kind: d.kind.clone(),
            size: d.size.clone(),
            caption: d.caption.clone(),
            pages: d.pages.iter().map(|&p| link_view(site, folder, p)).collect(),
        }))
        .collect();
    let nav = nav_view(shared, None, folder);
    out.page("downloads.html", folder, |context| {
        context.insert("title", title);
        context.insert("downloads", &views);
        context.insert("nav", &nav);
    });
}

/// When the kit uses governance, the "Page status" and "What changed" pages (unless switched
/// off) and `_neokit/short-links.json`; without it, the "What changed" page when reviews of a
/// shared guide or of translations are recorded.
pub(super) fn governance_pages(out: &mut Out, shared: &Shared) {
    let env = &shared.governance;
    let (settings, in_use) = (&env.governance.settings, env.governance.in_use);
    if !in_use && env.governance.recorded.is_empty() {
        return;
    }
    if let Some(status) = settings.status_page.as_ref().filter(|_| in_use) {
        let folder = status.path.as_str();
        let rows = env.status_rows(folder);
        let title = status.title.clone().unwrap_or_else(|| env.text.page_status.to_string());
        let today = env.date(env.governance.today);
        let nav = nav_view(shared, None, folder);
        out.page("status.html", folder, |context| {
            context.insert("title", &title);
            context.insert("rows", &rows);
            context.insert("today", &today);
            context.insert("nav", &nav);
        });
    }
    if let Some(changes_page) = &settings.changes_page {
        let folder = changes_page.path.as_str();
        let entries = env.changes(folder);
        let title = changes_page.title.clone().unwrap_or_else(|| env.text.what_changed.to_string());
        let nav = nav_view(shared, None, folder);
        out.page("changes.html", folder, |context| {
            context.insert("title", &title);
            context.insert("changes", &entries);
            context.insert("nav", &nav);
        });
    }
    if in_use && !env.governance.short_links.is_empty() {
        out.add(
            format!("{}short-links.json", site::THEME_DIR),
            Content::Text(governance::short_links_json(shared.site, env.governance).into()),
        );
    }
}
