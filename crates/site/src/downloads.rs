//! Downloads: every file offered with `{% file %}` and every link to a file in
//! `.gitbook/assets/`, gathered for the generated "Downloads" page.
//!
//! Input: the site (blocks and links of every page) and the source tree. Output: the list of
//! [`Download`]s with name, type, size, caption and the pages that offer each, in the order
//! readers meet them. Images shown on pages are not downloads.

use std::collections::BTreeMap;

use crate::site::Site;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_document::links::{self, PageId, Target};
use neokit_document::markdown::Prepared;
use neokit_document::markdown::block::BlockKind;
use neokit_document::markdown::gitbook::{file_kind, human_size};

#[derive(Debug, Clone)]
pub struct Download {
    pub path: RelPath,
    /// The file's own name (what a reader saves it as).
    pub name: String,
    /// "PDF document (PDF)".
    pub kind: String,
    /// "2.3 MB", when known.
    pub size: Option<String>,
    pub caption: Option<String>,
    /// Pages offering the file, in reading order.
    pub pages: Vec<PageId>,
}

const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico"];

/// Collects the downloads of the site, in reading order.
pub fn collect(site: &Site, tree: &SourceTree) -> Vec<Download> {
    let mut found: BTreeMap<RelPath, Download> = BTreeMap::new();
    let mut order: Vec<RelPath> = Vec::new();
    let in_order: std::collections::HashSet<PageId> = site.reading_order.iter().copied().collect();
    let pages = site.reading_order.iter().copied().chain((0..site.pages.len()).filter(|p| !in_order.contains(p)));
    for id in pages {
        let page = &site.pages[id];
        let scanned = &page.prepared.scanned;
        let mut offered: Vec<(RelPath, Option<String>)> = Vec::new();
        for (index, block) in scanned.blocks.iter().enumerate() {
            if block.kind != BlockKind::File {
                continue;
            }
            let from = scanned.files.get(block.file).map(|f| f.0.clone()).unwrap_or_else(|| page.source.clone());
            if let Some(Target::File { path }) = block.attr("src").map(|src| links::resolve(site, tree, id, &from, src))
            {
                let caption = block
                    .attr("caption")
                    .map(str::to_string)
                    .or_else(|| page.prepared.file_caption(index).map(str::to_string))
                    .filter(|c| !c.trim().is_empty());
                offered.push((path, caption));
            }
        }
        for dest in &page.prepared.links {
            if let Target::File { path } = links::resolve(site, tree, id, &page.source, dest)
                && path.as_str().starts_with(".gitbook/assets/")
                && !IMAGES.contains(&path.extension().as_str())
            {
                offered.push((path, None));
            }
        }
        for (path, caption) in offered {
            let entry = found.entry(path.clone()).or_insert_with(|| {
                order.push(path.clone());
                let extension = path.extension();
                let kind = if extension.is_empty() {
                    file_kind("").to_string()
                } else {
                    format!("{} ({})", file_kind(&extension), extension.to_ascii_uppercase())
                };
                Download {
                    name: path.file_name().to_string(),
                    kind,
                    size: tree.sizes.get(&path).map(|s| human_size(*s)),
                    caption: None,
                    pages: Vec::new(),
                    path,
                }
            });
            if entry.caption.is_none() {
                entry.caption = caption;
            }
            if !entry.pages.contains(&id) {
                entry.pages.push(id);
            }
        }
    }
    order.into_iter().filter_map(|path| found.remove(&path)).collect()
}

/// What a page offers for download in its file blocks (source and caption as written), for
/// keys that must change when the downloads page would.
pub fn offers(prepared: &Prepared) -> Vec<(Option<&str>, Option<&str>, Option<&str>)> {
    let scanned = &prepared.scanned;
    (scanned.blocks.iter().enumerate())
        .filter(|(_, block)| block.kind == BlockKind::File)
        .map(|(index, block)| (block.attr("src"), block.attr("caption"), prepared.file_caption(index)))
        .collect()
}
