//! The pages that stand for other pages: the 404 page, redirects from `.gitbook.yaml`, a
//! front page when the kit has no README, and the short links' `go/` pages.

use std::collections::BTreeSet;

use super::nav::first_page;
use super::shared::{Out, link_view};
use crate::config::Config;
use crate::governance::Governance;
use crate::site::{self, Site};
use crate::theme::views::{LinkView, SpecialContext};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::{self, RelPath};
use neokit_core::source::SourceTree;
use neokit_document::links::{self, Target};

/// The 404 page, redirect pages from `.gitbook.yaml` and a front page when there is no README.
pub(super) fn special_pages(out: &mut Out, site: &Site, config: &Config, tree: &SourceTree) {
    // The path part of the space's address (`/kits/neoflix/`), or nothing without one.
    let base = config.base_url.as_ref().map_or("", |address| address.path());
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
        root: base.to_string(),
        target: None,
        links: not_found_links,
        root_unknown: config.base_url.is_none(),
        script_roots: (0..=not_found_depth(site)).map(|up| "../".repeat(up)).collect(),
    };
    special(out, "404.html", "404.html".into(), &not_found);
    if site.home.is_none()
        && let Some(&first) = site.reading_order.first()
    {
        redirect(out, "", paths::page_href("", &site.pages[first].dir));
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
                out.problems.push(d);
                continue;
            }
        };
        redirect(out, &dir, target);
    }
}

/// The short links' pages: `go/<short>/` sends on to its page.
pub(super) fn short_links(out: &mut Out, site: &Site, governance: &Governance) {
    for (short, &id) in &governance.short_links {
        let folder = format!("go/{short}/");
        let target = paths::page_href(&folder, &site.pages[id].dir);
        redirect(out, &folder, target);
    }
}

/// The page of site folder `folder` that sends the reader on to `target`.
fn redirect(out: &mut Out, folder: &str, target: String) {
    let redirect = SpecialContext {
        root: paths::root_prefix(folder),
        target: Some(target),
        links: Vec::new(),
        root_unknown: false,
        script_roots: Vec::new(),
    };
    special(out, "redirect.html", paths::page_file(folder), &redirect);
}

/// Renders template `name` for a special page into the file at `path`.
fn special(out: &mut Out, name: &str, path: String, special: &SpecialContext) {
    let context = tera::Context::from_serialize(special).expect("a special page's context is a map");
    out.render(name, path, &context);
}

/// How many folders below the site's root a missing address may be for the 404 page to find
/// the root: one more than the deepest page (`a/b/missing/` below `a/b/`), at most 8.
fn not_found_depth(site: &Site) -> usize {
    let deepest = site.pages.iter().map(|p| p.dir.split('/').filter(|s| !s.is_empty()).count()).max().unwrap_or(0);
    (deepest + 1).min(8)
}
