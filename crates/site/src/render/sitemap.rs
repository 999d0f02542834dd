//! What search engines read: `sitemap.xml` (with `base_url`) and `robots.txt`.
//!
//! A site of several spaces has one of each at its root, for every space's pages: a page's
//! translations are listed as `xhtml:link rel="alternate" hreflang` in its `<url>`.

use std::collections::HashMap;

use super::shared::Out;
use crate::config::SiteAddress;
use crate::output::Content;
use crate::site::Site;
use neokit_core::calendar;
use neokit_core::htmltext::escape;
use neokit_core::paths::RelPath;

/// A page as the sitemap lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its folder below the site root.
    pub folder: String,
    /// Last updated (seconds since the epoch).
    pub lastmod: Option<i64>,
    /// Its translations, itself included: language code and folder below the site root. Empty
    /// for a site of one language.
    pub alternates: Vec<(String, String)>,
}

/// `robots.txt`, and with `base_url` the `sitemap.xml` it names.
pub(super) fn write(out: &mut Out, site: &Site, base_url: Option<&SiteAddress>, dates: &HashMap<RelPath, i64>) {
    if let Some(base) = base_url {
        let entries: Vec<Entry> = entries(site, "", dates).into_iter().map(|(_, entry)| entry).collect();
        out.add("sitemap.xml".into(), Content::Text(xml(base, &entries).into()));
    }
    out.add("robots.txt".into(), Content::Text(robots(base_url).into()));
}

/// `robots.txt`: everything may be crawled; with `base_url`, where the sitemap is.
pub fn robots(base_url: Option<&SiteAddress>) -> String {
    match base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {}\n", base.join("sitemap.xml")),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

/// The pages of a space published at `prefix` that may be indexed (not hidden, not
/// `noindex`), with their page ids; no alternates yet.
pub fn entries(site: &Site, prefix: &str, dates: &HashMap<RelPath, i64>) -> Vec<(usize, Entry)> {
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, page)| {
            let front = &page.prepared.front;
            !(page.hidden || front.no_index || front.no_robots_index)
        })
        .map(|(id, page)| {
            let entry = Entry {
                folder: format!("{prefix}{}", page.dir),
                lastmod: dates.get(&page.source).copied(),
                alternates: Vec::new(),
            };
            (id, entry)
        })
        .collect()
}

/// `sitemap.xml` for search engines: each entry's address below `base`, and its translations
/// when it has any besides itself.
pub fn xml(base: &SiteAddress, entries: &[Entry]) -> String {
    let url = |folder: &str| escape(&base.join(folder));
    let translated = entries.iter().any(|e| e.alternates.len() > 1);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if translated {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for entry in entries {
        xml.push_str(&format!("  <url><loc>{}</loc>", url(&entry.folder)));
        if let Some(time) = entry.lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", calendar::iso(time)));
        }
        if entry.alternates.len() > 1 {
            for (code, folder) in &entry.alternates {
                xml.push_str(&format!(
                    "\n    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(code),
                    url(folder)
                ));
            }
            xml.push_str("\n  ");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations_are_alternates_with_the_namespace() {
        let entry = |folder: &str, alternates: &[(&str, &str)]| Entry {
            folder: folder.to_string(),
            lastmod: None,
            alternates: alternates.iter().map(|(c, f)| (c.to_string(), f.to_string())).collect(),
        };
        let pair = [("en", "consent/"), ("nl", "nl/toestemming/")];
        let xml = xml(
            &SiteAddress::new("https://example.org/kit/"),
            &[entry("consent/", &pair), entry("nl/toestemming/", &pair), entry("recording/", &[("en", "recording/")])],
        );
        assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""), "{xml}");
        assert_eq!(xml.matches("hreflang=\"nl\" href=\"https://example.org/kit/nl/toestemming/\"").count(), 2, "{xml}");
        assert!(xml.contains("<url><loc>https://example.org/kit/recording/</loc></url>"), "{xml}");
        let plain = super::xml(&SiteAddress::new("https://example.org/"), &[entry("", &[])]);
        assert!(!plain.contains("xhtml"), "{plain}");
    }
}
