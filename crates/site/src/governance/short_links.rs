//! Short links: the map published with the site, and what `check` finds changed since the
//! previous build.

use std::collections::BTreeMap;

use super::model::Governance;
use crate::site::Site;
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;

/// The short links as published in `_neokit/short-links.json`: short -> page folder.
pub fn short_links_json(site: &Site, governance: &Governance) -> String {
    let links: BTreeMap<&str, &str> =
        governance.short_links.iter().map(|(short, &page)| (short.as_str(), site.pages[page].dir.as_str())).collect();
    let value = serde_json::json!({ "version": 1, "links": links });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// `check`: short links of the previous build (`_neokit/short-links.json` in the output
/// folder) that this build would drop or point elsewhere. Posters and order sets carry them,
/// so either is an error.
pub fn short_link_changes(
    previous: &str,
    site: &Site,
    tree: &SourceTree,
    governance: &Governance,
    previous_file: &std::path::Path,
) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(previous) else {
        return vec![
            Diagnostic::warning("short-link", "the previous build's short links cannot be read")
                .at(Location::file(previous_file))
                .with_help("build the site once to write it again"),
        ];
    };
    let Some(links) = value.get("links").and_then(|l| l.as_object()) else { return Vec::new() };
    let mut problems = Vec::new();
    for (short, dir) in links {
        let dir = dir.as_str().unwrap_or("");
        let was = site.pages.iter().position(|p| p.dir == dir);
        let shown = |id: PageId| tree.shown(&site.pages[id].source);
        match governance.short_links.get(short) {
            Some(&now) if site.pages[now].dir == dir => {}
            Some(&now) => {
                let at =
                    governance.page(now).and_then(|g| g.short_at.clone()).unwrap_or_else(|| Location::file(shown(now)));
                problems.push(
                    Diagnostic::error(
                        "short-link-moved",
                        format!("short link `go/{short}/` moved from `{dir}` to `{}`", site.pages[now].dir),
                    )
                    .at(at)
                    .with_help("printed posters and order sets lead to the old page: keep the short link where it was and give this page a new one"),
                );
            }
            None => {
                let location = was.map_or_else(|| Location::file(previous_file), |id| Location::file(shown(id)));
                problems.push(
                    Diagnostic::error(
                        "short-link-gone",
                        format!("short link `go/{short}/` (to `{dir}`) is no longer published"),
                    )
                    .at(location)
                    .with_help(format!("printed posters and order sets still carry it: put `short: {short}` on the page that replaces it")),
                );
            }
        }
    }
    problems
}
