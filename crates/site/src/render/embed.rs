//! Embed views: each page's content alone at `embed/<page>/index.html`, for other systems
//! (an intranet, SharePoint, an e-learning module) to show in a frame, and `embeds.json`, the
//! map of them.
//!
//! An embed view is rendered from the page's own context with the theme's `embed.html`; its
//! relative addresses, written for the page's folder, are then moved to the embed view's
//! folder, and every link that leaves the page opens the full site in the top window.

use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::config::SiteAddress;
use crate::governance::{Expired, Governance, State};
use crate::site::Site;
use neokit_core::htmltext::decode_entities;
use neokit_core::paths;
use neokit_document::links::PageId;

/// The folder of the embed views, at the root of the site (or of a space).
pub const EMBED_DIR: &str = "embed/";

/// The embed view's file of the page in site folder `dir`.
pub(super) fn file(dir: &str) -> String {
    paths::page_file(&format!("{EMBED_DIR}{dir}"))
}

/// The HTML of a page written for its folder `dir`, rewritten for `embed/<dir>`: relative
/// addresses lead to the same files, links out of the page get `target="_top"`.
pub(super) fn rewrite(html: &str, dir: &str) -> String {
    let base = paths::encode_path(dir);
    let root = paths::root_prefix(&format!("{EMBED_DIR}{dir}"));
    let moved = |value: &str| moved(value, &base, &root);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[href], [src], [poster], [data-root]", |el| {
            for attribute in ["href", "src", "poster", "data-root"] {
                if let Some(value) = el.get_attribute(attribute) {
                    let value = decode_entities(&value);
                    if let Some(new) = moved(&value) {
                        el.set_attribute(attribute, &new).ok();
                    }
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[srcset]", |el| {
            if let Some(value) = el.get_attribute("srcset") {
                let value = decode_entities(&value);
                let new: Vec<String> = value
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        let (url, rest) = candidate.split_once(' ').unwrap_or((candidate, ""));
                        let url = moved(url).unwrap_or_else(|| url.to_string());
                        if rest.is_empty() { url } else { format!("{url} {rest}") }
                    })
                    .collect();
                el.set_attribute("srcset", &new.join(", ")).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[href], area[href]", |el| {
            let leaves = el.get_attribute("href").is_some_and(|href| !href.starts_with('#'));
            if leaves && !el.has_attribute("target") {
                el.set_attribute("target", "_top").ok();
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// `value`, a relative address written in site folder `base` (percent-encoded), as written
/// from a folder `root` below the site's root; `None` when it does not change (a fragment,
/// an absolute address, another scheme).
fn moved(value: &str, base: &str, root: &str) -> Option<String> {
    let value = value.trim();
    let scheme = value.find(':').is_some_and(|colon| {
        let before = &value[..colon];
        !before.is_empty()
            && !before.contains(['/', '?', '#'])
            && before.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if value.is_empty() || value.starts_with(['#', '/', '?']) || scheme {
        return None;
    }
    let end = value.find(['?', '#']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(end);
    let mut segments: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let mut ups = 0;
    let parts: Vec<&str> = path.split('/').collect();
    let mut folder = false;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *part {
            "" | "." => folder = last,
            ".." => {
                if segments.pop().is_none() {
                    ups += 1;
                }
                folder = last;
            }
            name => {
                segments.push(name);
                folder = false;
            }
        }
    }
    let mut out = format!("{root}{}{}", "../".repeat(ups), segments.join("/"));
    if folder && !segments.is_empty() {
        out.push('/');
    }
    out.push_str(suffix);
    Some(out)
}

/// Whether page `id` has an embed view: not with `embed: false`, nor for a hidden page or one
/// withheld until its review (pages an overlay removed are not in the site).
pub fn has_view(site: &Site, governance: &Governance, enabled: bool, id: PageId) -> bool {
    enabled && !site.pages[id].hidden && !withheld(governance, id)
}

/// Whether a page is withheld until its review (`governance.expired: hide`): it has no embed
/// view, and is neither printed nor searched.
pub fn withheld(governance: &Governance, id: PageId) -> bool {
    governance.settings.expired == Expired::Hide && governance.page(id).is_some_and(|p| p.state == State::Overdue)
}

/// A page in `embeds.json`.
#[derive(serde::Serialize)]
pub struct Entry {
    /// The page's folder from the site's root.
    path: String,
    title: String,
    /// The embed view.
    embed: String,
    /// The full page.
    url: String,
    /// The page's short link (`go/<short>/`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<String>,
}

/// The pages of one space with embed views, in reading order (then the others), with their
/// folder, title, embed view and full page: absolute addresses with `base_url`, else relative
/// to the site's root. `prefix` is the space's folder in the site (empty for one space).
pub fn entries(
    site: &Site,
    governance: &Governance,
    enabled: bool,
    base_url: Option<&SiteAddress>,
    prefix: &str,
) -> Vec<Entry> {
    let address = |dir: &str| match base_url {
        Some(base) => base.join(&format!("{prefix}{dir}")),
        None => paths::page_href("", &format!("{prefix}{dir}")),
    };
    let mut in_order = vec![false; site.pages.len()];
    for &id in &site.reading_order {
        in_order[id] = true;
    }
    let mut order: Vec<PageId> = site.reading_order.clone();
    order.extend((0..site.pages.len()).filter(|&id| !in_order[id]));
    // Each page's first short link (in the links' order).
    let mut shorts: Vec<Option<&String>> = vec![None; site.pages.len()];
    for (short, &id) in &governance.short_links {
        if let Some(slot) = shorts.get_mut(id) {
            slot.get_or_insert(short);
        }
    }
    order
        .into_iter()
        .filter(|&id| has_view(site, governance, enabled, id))
        .map(|id| {
            let page = &site.pages[id];
            let short = shorts[id];
            Entry {
                path: format!("{prefix}{}", page.dir),
                title: page.title.clone(),
                embed: address(&format!("{EMBED_DIR}{}", page.dir)),
                url: address(&page.dir),
                short: short.map(|short| address(&format!("go/{short}/"))),
            }
        })
        .collect()
}

/// `embeds.json`: the map of the embed views, at the site's root.
pub fn json(entries: &[Entry]) -> String {
    #[derive(serde::Serialize)]
    struct File<'a> {
        pages: &'a [Entry],
    }
    let mut text = serde_json::to_string_pretty(&File { pages: entries }).expect("JSON of strings");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_move_to_the_embed_folder() {
        let at = |value: &str, dir: &str| moved(value, dir, &paths::root_prefix(&format!("embed/{dir}")));
        assert_eq!(at("../_neokit/neokit.css", "team/").as_deref(), Some("../../_neokit/neokit.css"));
        assert_eq!(at("../../b/index.html#x", "a/c/").as_deref(), Some("../../../b/index.html#x"));
        assert_eq!(at("index.html", "").as_deref(), Some("../index.html"));
        assert_eq!(at("../", "a/").as_deref(), Some("../../"));
        assert_eq!(at("../../", "a/b/").as_deref(), Some("../../../"));
        // Out of the space's folder (another language of the site).
        assert_eq!(at("../../en/a/index.html", "a/").as_deref(), Some("../../../en/a/index.html"));
        assert_eq!(at("img/x%20y.png?v=1", "a/").as_deref(), Some("../../a/img/x%20y.png?v=1"));
        for kept in ["#top", "https://x.org/", "mailto:a@b.org", "tel:+31", "/abs", "data:image/png;base64,x", ""] {
            assert_eq!(at(kept, "a/"), None, "{kept}");
        }
    }

    #[test]
    fn links_out_of_the_page_open_the_top_window() {
        let html = "<a href=\"#s\">in</a> <a href=\"../b/index.html\">out</a> <a href=\"https://x.org\">web</a> <img src=\"../assets/p.png\">";
        let out = rewrite(html, "a/");
        assert!(out.contains("<a href=\"#s\">in</a>"), "{out}");
        assert!(out.contains("<a href=\"../../b/index.html\" target=\"_top\">out</a>"), "{out}");
        assert!(out.contains("<a href=\"https://x.org\" target=\"_top\">web</a>"), "{out}");
        assert!(out.contains("<img src=\"../../assets/p.png\">"), "{out}");
    }
}
