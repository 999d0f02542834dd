//! Output per page must not grow with the size of the kit: each page's navigation is
//! bounded, and the full tree is written once to `_neokit/nav.js`. (Speed is measured by
//! `benches/bench.py`, not here.)

use std::fmt::Write as _;
use std::path::Path;

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

/// Writes a kit shaped like real ones: groups of chapters, each chapter a folder with a
/// README and pages. Returns the number of pages.
fn write_kit(dir: &Path, groups: usize, chapters_per_group: usize, pages_per_chapter: usize) -> usize {
    let mut summary = String::from("# Table of contents\n\n* [Welcome](README.md)\n");
    std::fs::write(dir.join("README.md"), "# Welcome\n\nStart here.\n").unwrap();
    let mut pages = 1;
    for g in 0..groups {
        writeln!(summary, "\n## Group {g}\n").unwrap();
        for c in 0..chapters_per_group {
            let folder = format!("g{g}/chapter-{c}");
            std::fs::create_dir_all(dir.join(&folder)).unwrap();
            std::fs::write(dir.join(&folder).join("README.md"), format!("# Chapter {g}.{c}\n\nAbout this chapter.\n"))
                .unwrap();
            writeln!(summary, "* [Chapter {g}.{c}]({folder}/README.md)").unwrap();
            pages += 1;
            for p in 0..pages_per_chapter {
                let body = format!(
                    "# Page {g}.{c}.{p}\n\n## Why\n\nThe team reviews clips together.\n\n## How\n\nSee the [chapter](README.md) and [welcome](../../README.md).\n"
                );
                std::fs::write(dir.join(&folder).join(format!("page-{p}.md")), body).unwrap();
                writeln!(summary, "  * [Page {g}.{c}.{p}]({folder}/page-{p}.md)").unwrap();
                pages += 1;
            }
        }
    }
    std::fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    pages
}

/// (largest page, average page) in bytes of a built kit.
fn page_sizes(out: &Path) -> (u64, u64) {
    let sizes: Vec<u64> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.metadata().unwrap().len())
        .collect();
    (*sizes.iter().max().unwrap(), sizes.iter().sum::<u64>() / sizes.len() as u64)
}

fn build_kit(groups: usize, chapters: usize, pages: usize) -> (usize, u64, u64, u64) {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    std::fs::create_dir_all(&kit).unwrap();
    let count = write_kit(&kit, groups, chapters, pages);
    let out = tmp.path().join("site");
    let options = BuildOptions {
        kit_dir: kit,
        overrides: Overrides { output: Some(out.clone()), no_pdf: true, ..Overrides::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    let report = build(&options).unwrap();
    assert!(report.success, "{:?}", report.diagnostics);
    assert_eq!(report.pages, count);
    let (max, average) = page_sizes(&out);
    let nav = std::fs::metadata(out.join("_neokit/nav.js")).unwrap().len();
    (count, max, average, nav)
}

#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn page_size_does_not_grow_with_the_kit() {
    let (small_pages, small_max, small_average, small_nav) = build_kit(4, 4, 6);
    let (large_pages, large_max, large_average, large_nav) = build_kit(12, 40, 6);
    assert!(large_pages > 10 * small_pages, "{small_pages} vs {large_pages}");
    // Pages of a kit ten times larger are at most a little larger (longer group lists are
    // shortened around the current entry), never proportionally.
    assert!(large_max <= small_max * 13 / 10, "largest page: {small_max} -> {large_max} bytes");
    assert!(large_average <= small_average * 13 / 10, "average page: {small_average} -> {large_average} bytes");
    // The full navigation is written once and grows linearly.
    let per_page_small = small_nav / small_pages as u64;
    let per_page_large = large_nav / large_pages as u64;
    assert!(per_page_large <= per_page_small * 12 / 10 + 5, "nav.js per page: {per_page_small} -> {per_page_large}");
}
