//! Navigation: the bounded navigation each page shows, and the whole tree written once to
//! `_neokit/nav.js` for the full sidebar.

use serde::Serialize;

use super::shared::Shared;
use crate::site::{self, NavItem, NavTarget, Site};
use crate::theme::views::{NavItemView, NavSectionView};
use neokit_core::{icons, paths};
use neokit_document::links::PageId;

/// How many siblings a navigation list shows around the current entry.
const NAV_WINDOW: usize = 15;
/// Up to this many top-level entries in all groups together, every group is listed on every
/// page; beyond it, only the current group (the full tree comes from `nav.js`).
const NAV_ALL_GROUPS: usize = 2 * NAV_WINDOW;

/// Whether every page lists every group's entries (small kits).
pub(super) fn lists_all_groups(site: &Site) -> bool {
    let top_level: usize = site.sections.iter().map(|s| visible(site, &s.items).len()).sum();
    top_level <= NAV_ALL_GROUPS
}

/// The first page of each navigation group.
pub(super) fn section_starts(site: &Site) -> Vec<Option<PageId>> {
    site.sections.iter().map(|s| first_page(site, &s.items)).collect()
}

/// The navigation as shown on page `current` (or on a generated page in `dir`): every
/// group's title; the entries of the current group (of every group in small kits); the
/// children of entries on the current branch. Long lists show a window around the current
/// entry.
pub(super) fn nav_view(shared: &Shared, current: Option<PageId>, dir: &str) -> Vec<NavSectionView> {
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
                window_view(site, &visible(site, &nav_section.items), &branch, id, dir)
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

/// The entries of a list that are not hidden pages.
fn visible<'a>(site: &Site, items: &'a [NavItem]) -> Vec<&'a NavItem> {
    items.iter().filter(|item| !is_hidden(site, item)).collect()
}

fn on_branch(item: &NavItem, branch: &[PageId]) -> bool {
    matches!(item.target, NavTarget::Page(p) if branch.contains(&p))
}

/// Views of `items` shortened to a window around the entry on the current branch, and
/// whether entries after the window are left out.
fn window_view(
    site: &Site,
    items: &[&NavItem],
    branch: &[PageId],
    current: PageId,
    dir: &str,
) -> (Vec<NavItemView>, bool) {
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
    (views, after)
}

fn item_view(site: &Site, item: &NavItem, branch: &[PageId], current: PageId, dir: &str) -> NavItemView {
    let shown = visible(site, &item.children);
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
    let children = if expanded { window_view(site, &shown, branch, current, dir).0 } else { Vec::new() };
    NavItemView {
        label: item.label.clone(),
        icon: page_icon(site, &item.target),
        href,
        current: is_current,
        active,
        external,
        has_children: !shown.is_empty(),
        children,
        more_before: false,
        more_after: false,
    }
}

/// The icon front matter gives the page an entry points at.
fn page_icon(site: &Site, target: &NavTarget) -> Option<String> {
    match target {
        NavTarget::Page(p) => {
            site.pages[*p].prepared.front.icon.as_deref().and_then(icons::from_font_awesome).map(icons::svg)
        }
        _ => None,
    }
}

pub(super) fn first_page(site: &Site, items: &[NavItem]) -> Option<PageId> {
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
pub fn nav_script(site: &Site) -> String {
    fn items<'a>(site: &'a Site, list: &'a [NavItem]) -> Vec<NavDataItem<'a>> {
        visible(site, list)
            .into_iter()
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
