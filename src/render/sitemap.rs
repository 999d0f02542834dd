//! What search engines read: `sitemap.xml` (with `base_url`) and `robots.txt`.

use std::collections::HashMap;

use super::shared::Out;
use crate::output::Content;
use crate::paths::{self, RelPath};
use crate::site::Site;

/// `robots.txt`, and with `base_url` the `sitemap.xml` it names.
pub(super) fn write(out: &mut Out, site: &Site, base_url: Option<&str>, dates: &HashMap<RelPath, i64>) {
    if let Some(base) = base_url {
        out.add("sitemap.xml".into(), Content::Text(sitemap(site, base, dates).into()));
        out.add(
            "robots.txt".into(),
            Content::Text(format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into()),
        );
    } else {
        out.add("robots.txt".into(), Content::Text("User-agent: *\nAllow: /\n".into()));
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
