//! The whole kit on one page (`print/`), in reading order, for printing or saving as PDF.
//!
//! Input: each page's rendered body (links relative to that page). Output: the body rewritten
//! for the print page: every `id` gets a page prefix (`p3-consent`) so ids stay unique, links
//! between pages become links within the print page (`#p3` or `#p3-consent`), and links to
//! files are made relative to `print/`.

use std::collections::HashMap;

use lol_html::{RewriteStrSettings, element, rewrite_str};

use neokit_core::paths::{self, RelPath, percent_decode};
use neokit_document::links::is_external;
use neokit_document::markdown::html::srcset_candidates;

/// Where the print page is published.
pub const PRINT_DIR: &str = "print/";

/// The id of a page's section on the print page.
pub fn page_id(page: usize) -> String {
    format!("p{page}")
}

/// Maps page output folders ("", "team/roles/") to page numbers.
pub struct PageDirs<'a> {
    pub by_dir: HashMap<&'a str, usize>,
}

/// Where a link of page `page` (published in folder `dir`) leads from the print page: a page
/// on it as its section (`#p3`, `#p3-consent`), a file or another page of the site relative to
/// `print/`; `None` to leave it as it is (an address on another site, an empty one).
pub fn href(url: &str, page: usize, dir: &str, pages: &PageDirs) -> Option<String> {
    let prefix = page_id(page);
    if url.is_empty() || is_external(url) {
        return None;
    }
    if let Some(fragment) = url.strip_prefix('#') {
        return Some(format!("#{prefix}-{fragment}"));
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let resolved = RelPath::new(dir)?.join(&percent_decode(path))?;
    let as_dir = resolved.as_str().strip_suffix("index.html").map(|d| d.to_string());
    if let Some(other) = as_dir.as_deref().and_then(|d| pages.by_dir.get(d)) {
        let section = page_id(*other);
        return Some(match fragment {
            Some(f) => format!("#{section}-{f}"),
            None => format!("#{section}"),
        });
    }
    let mut href = paths::href(PRINT_DIR, resolved.as_str());
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    Some(href)
}

/// Rewrites the body of page `page` (published in folder `dir`) for the print page.
pub fn rewrite_body(html: &str, page: usize, dir: &str, pages: &PageDirs) -> String {
    let prefix = page_id(page);
    let target = |url: &str| href(url, page, dir, pages);
    let settings = RewriteStrSettings::new()
        // A page's title is an `h2` on the print page (under the kit's `h1`): its own headings
        // go one level down, so the outline stays in order (the stylesheet keeps their sizes).
        .append_element_content_handler(element!("h2, h3, h4, h5", |el| {
            let level = el.tag_name().trim_start_matches(['h', 'H']).parse::<u8>().unwrap_or(5);
            el.set_tag_name(&format!("h{}", level + 1)).ok();
            Ok(())
        }))
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                el.set_attribute("id", &format!("{prefix}-{id}")).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[href]", |el| {
            if let Some(new) = el.get_attribute("href").and_then(|h| target(&h)) {
                el.set_attribute("href", &new).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[src]", |el| {
            if let Some(new) = el.get_attribute("src").and_then(|h| target(&h)) {
                el.set_attribute("src", &new).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[srcset]", |el| {
            if let Some(srcset) = el.get_attribute("srcset") {
                let candidates: Vec<String> = srcset_candidates(&srcset)
                    .into_iter()
                    .map(|(url, descriptor)| {
                        let url = target(url).unwrap_or_else(|| url.to_string());
                        if descriptor.is_empty() { url } else { format!("{url} {descriptor}") }
                    })
                    .collect();
                el.set_attribute("srcset", &candidates.join(", ")).ok();
            }
            Ok(())
        }))
        // References inside drawings: `marker-end="url(#arrow)"` and the like.
        .append_element_content_handler(element!("svg *", |el| {
            let references: Vec<(String, String)> = el
                .attributes()
                .iter()
                .filter(|a| a.value().contains("url(#"))
                .map(|a| (a.name(), a.value().replace("url(#", &format!("url(#{prefix}-"))))
                .collect();
            for (name, value) in references {
                el.set_attribute(&name, &value).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[aria-labelledby], [aria-controls], [aria-describedby]", |el| {
            for attribute in ["aria-labelledby", "aria-controls", "aria-describedby"] {
                if let Some(ids) = el.get_attribute(attribute) {
                    let prefixed: Vec<String> = ids.split_whitespace().map(|id| format!("{prefix}-{id}")).collect();
                    el.set_attribute(attribute, &prefixed.join(" ")).ok();
                }
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_become_local() {
        let pages = PageDirs { by_dir: [("", 0), ("team/", 1), ("team/chair/", 2)].into_iter().collect() };
        let html = r##"<svg><marker id="m"/><path marker-end="url(#m)"/></svg><h2 id="why">Why</h2><a href="#why">up</a> <a href="../index.html#ask">chair</a> <a href="../../index.html">home</a> <img src="../../assets/a%20b.png"> <a href="https://x.org/">x</a>"##;
        let out = rewrite_body(html, 2, "team/chair/", &pages);
        assert_eq!(
            out,
            r##"<svg><marker id="p2-m" /><path marker-end="url(#p2-m)" /></svg><h3 id="p2-why">Why</h3><a href="#p2-why">up</a> <a href="#p1-ask">chair</a> <a href="#p0">home</a> <img src="../assets/a%20b.png"> <a href="https://x.org/">x</a>"##
        );
    }

    #[test]
    fn a_page_s_headings_go_one_level_down_under_its_title() {
        let pages = PageDirs { by_dir: HashMap::new() };
        let out = rewrite_body("<h2>A</h2><h3>B</h3><h4>C</h4><h5>D</h5><h6>E</h6>", 0, "", &pages);
        assert_eq!(out, "<h3>A</h3><h4>B</h4><h5>C</h5><h6>D</h6><h6>E</h6>");
    }
}
