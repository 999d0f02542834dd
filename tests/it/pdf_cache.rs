//! The PDF's part cache against clean builds. A small kit (`pdf: true`, governance: each
//! page's review dates and state on paper) is edited at random, step by step, and built after
//! each step with the parts the build before kept (`neokit build --cache DIR`, every run of
//! pages in a part of its own); each PDF must be the PDF of a clean build of the same kit on
//! the same day (its own output and cache folders, nothing kept), BYTE FOR BYTE: typst's PDFs
//! are byte-stable here (the date they carry is the build's day, `NEOKIT_TODAY`, not the
//! clock; their identifiers are hashes of the book's file name and of their bytes), so no
//! weaker comparison (text, tags, page count) is needed. Also: a build on another day lays out
//! again what shows the day, and only that; `--cache` refuses a folder that a build reads or
//! replaces.

#![cfg(feature = "pdf")]

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::harness;

/// The kit's pages besides its home page.
const PAGES: usize = 4;

/// A page of the kit: its title, the day its review is dated (days after 2025-01-01), its
/// paragraphs and the pages it links to.
#[derive(Debug, Clone)]
struct Page {
    title: String,
    reviewed: u32,
    paragraphs: Vec<String>,
    links: Vec<usize>,
}

/// The kit as it is written: its pages (0 is the home page) in SUMMARY's order `order`.
#[derive(Debug, Clone)]
struct Kit {
    pages: Vec<Page>,
    order: Vec<usize>,
}

fn file(page: usize) -> String {
    if page == 0 { "README.md".into() } else { format!("p{page}.md") }
}

/// `days` after 2025-01-01, as YYYY-MM-DD.
fn date(days: u32) -> String {
    let (year, month, day) = neokit::calendar::civil((20_089 + i64::from(days)) * 86_400);
    format!("{year:04}-{month:02}-{day:02}")
}

impl Kit {
    fn new() -> Kit {
        let pages = (0..=PAGES)
            .map(|index| Page {
                title: if index == 0 { "Home".into() } else { format!("Topic {index}") },
                reviewed: 30 * index as u32,
                paragraphs: vec![format!("What page {index} is about.")],
                links: Vec::new(),
            })
            .collect();
        Kit { pages, order: (1..=PAGES).collect() }
    }

    /// Every file of the kit, by path.
    fn files(&self) -> Vec<(String, String)> {
        let mut files = vec![(
            "neokit.yaml".to_string(),
            "title: Cache\npdf: true\ngovernance:\n  review_every: 12 months\n  warn_before: 30 days\n".to_string(),
        )];
        let (first, second) = self.order.split_at(self.order.len() / 2);
        let mut summary = "# Summary\n\n* [Home](README.md)\n\n## Before\n\n".to_string();
        for (group, pages) in [("", first), ("\n## After\n\n", second)] {
            summary.push_str(group);
            for &page in pages {
                summary.push_str(&format!("* [{}]({})\n", self.pages[page].title, file(page)));
            }
        }
        files.push(("SUMMARY.md".into(), summary));
        for (index, page) in self.pages.iter().enumerate() {
            let mut text = format!("---\nreviewed: {}\n---\n# {}\n", date(page.reviewed), page.title);
            for paragraph in &page.paragraphs {
                text.push_str(&format!("\n{paragraph}\n"));
            }
            for &link in &page.links {
                text.push_str(&format!("\nSee [{}]({}).\n", self.pages[link].title, file(link)));
            }
            files.push((file(index), text));
        }
        files
    }

    /// Writes the files that differ from what `dir` holds.
    fn write(&self, dir: &Path) {
        for (path, text) in self.files() {
            let path = dir.join(path);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(path, text).unwrap();
            }
        }
    }
}

/// A step of the edit sequence.
#[derive(Debug, Clone)]
enum Edit {
    /// A sentence added to a page.
    Sentence(usize),
    /// A page's title changed: its heading, its entry in the contents and bookmarks.
    Title(usize, u8),
    /// Text enough for a page more: the page numbers after it move.
    Long(usize),
    /// A link from a page to another, led to its place when the parts are joined.
    Link(usize, usize),
    /// A page's review dated another day: its dates and state on paper.
    Reviewed(usize, u32),
    /// Two pages change places in SUMMARY (and groups).
    Swap(usize, usize),
    /// The next build is some days later.
    Later(u32),
}

fn edit() -> impl Strategy<Value = Edit> {
    let page = 0..=PAGES;
    let other = 1..=PAGES;
    prop_oneof![
        page.clone().prop_map(Edit::Sentence),
        (page.clone(), any::<u8>()).prop_map(|(p, t)| Edit::Title(p, t)),
        page.clone().prop_map(Edit::Long),
        (page.clone(), page.clone()).prop_map(|(a, b)| Edit::Link(a, b)),
        (page, 0..700u32).prop_map(|(p, d)| Edit::Reviewed(p, d)),
        (other.clone(), other).prop_map(|(a, b)| Edit::Swap(a, b)),
        (1..400u32).prop_map(Edit::Later),
    ]
}

/// Applies an edit to the kit (and to the day, in days after 2026-01-01).
fn apply(kit: &mut Kit, day: &mut u32, edit: &Edit) {
    match *edit {
        Edit::Sentence(page) => {
            let count = kit.pages[page].paragraphs.len();
            kit.pages[page].paragraphs.push(format!("Sentence {count} of this page."));
        }
        Edit::Title(page, word) => kit.pages[page].title = format!("Topic {page} ({word})"),
        Edit::Long(page) => {
            let words = "Every clinician reads this before the first session on the unit. ".repeat(8);
            kit.pages[page].paragraphs.extend((0..12).map(|n| format!("{n}. {words}")));
        }
        Edit::Link(from, to) => kit.pages[from].links.push(to),
        Edit::Reviewed(page, days) => kit.pages[page].reviewed = days,
        Edit::Swap(a, b) => {
            let (a, b) =
                (kit.order.iter().position(|&p| p == a).unwrap(), kit.order.iter().position(|&p| p == b).unwrap());
            kit.order.swap(a, b);
        }
        Edit::Later(days) => *day += days,
    }
}

/// `neokit -v build` of `kit` into `out`, the parts kept in `cache`, on the day `day` (days
/// after 2025-01-01), each run of pages in a part of its own: the PDF, and which parts were
/// laid out (not taken from the cache).
fn build(kit: &Path, out: &Path, cache: &Path, day: u32) -> (Vec<u8>, Vec<String>) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(["-v", "build", "--out", out.to_str().unwrap(), "--cache", cache.to_str().unwrap()])
        .current_dir(kit)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", date(day))
        .env("NEOKIT_PDF_PART_TEXT", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let text = harness::text(&output);
    assert!(output.status.success(), "{text}");
    let laid = (text.lines())
        .filter(|line| line.contains("PDF: laying out") && line.contains(": part "))
        .map(|line| line.trim().to_string())
        .collect();
    (std::fs::read(out.join("pdf/cache.pdf")).unwrap(), laid)
}

/// A clean build's PDF: its own output and cache folders, removed after.
fn clean(folder: &Path, kit: &Path, day: u32) -> Vec<u8> {
    let out = folder.join("clean");
    let cache = folder.join("clean-cache");
    let (pdf, _) = build(kit, &out, &cache, day);
    for dir in [&out, &cache] {
        std::fs::remove_dir_all(dir).unwrap();
    }
    pdf
}

struct Folders {
    _root: tempfile::TempDir,
    kit: PathBuf,
    out: PathBuf,
    cache: PathBuf,
    root: PathBuf,
}

fn folders() -> Folders {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().to_path_buf();
    let kit = path.join("kit");
    std::fs::create_dir_all(&kit).unwrap();
    Folders { kit, out: path.join("out"), cache: path.join("cache"), root: path, _root: root }
}

proptest! {
    // Each step is two builds of a PDF: a handful of sequences (the release suite runs them).
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    #[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
    fn random_edits_make_the_pdf_a_clean_build_makes(edits in proptest::collection::vec(edit(), 1..6)) {
        let folders = folders();
        let mut kit = Kit::new();
        let mut day = 680;
        kit.write(&folders.kit);
        build(&folders.kit, &folders.out, &folders.cache, day);
        for (step, edit) in edits.iter().enumerate() {
            apply(&mut kit, &mut day, edit);
            kit.write(&folders.kit);
            let (kept, _) = build(&folders.kit, &folders.out, &folders.cache, day);
            let clean = clean(&folders.root, &folders.kit, day);
            prop_assert!(kept == clean, "step {step} ({edit:?}) of {edits:?}: the PDF with kept parts is not a clean build's");
        }
    }
}

/// A build on a later day lays out again the part whose page's review state changed (from
/// current to overdue) and no other, and makes the PDF a clean build makes that day; a build
/// with nothing changed lays out nothing.
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn a_build_on_another_day_lays_out_again_what_shows_the_day() {
    let folders = folders();
    let mut kit = Kit::new();
    // Page 2's next review: 2026-06-30 (reviewed 2025-06-30, every 12 months).
    kit.pages[2].reviewed = 180;
    kit.write(&folders.kit);
    let (before, day) = (date(500), 500); // 2026-05-16: page 2 is current
    let (_, laid) = build(&folders.kit, &folders.out, &folders.cache, day);
    assert_eq!(laid.len(), PAGES + 1, "{laid:?}");
    let (again, laid) = build(&folders.kit, &folders.out, &folders.cache, day);
    assert!(laid.is_empty(), "nothing changed, nothing laid out: {laid:?}");
    // 2026-05-26, still current: only the title page's date changes (it is not a part).
    let (later, laid) = build(&folders.kit, &folders.out, &folders.cache, day + 10);
    assert!(laid.is_empty(), "{laid:?}");
    assert!(later != again, "the title page shows the day");
    assert!(later == clean(&folders.root, &folders.kit, day + 10), "{before} + 10 days");
    // 2026-07-20: page 2 is past its review date; its part alone is laid out again.
    let (overdue, laid) = build(&folders.kit, &folders.out, &folders.cache, day + 65);
    assert_eq!(laid.len(), 1, "{laid:?}");
    assert!(overdue == clean(&folders.root, &folders.kit, day + 65), "{before} + 65 days");
}

/// `--cache DIR` inside the kit's content or the output folder is refused by `build` before
/// anything is built, and by `serve` before it serves.
#[test]
fn the_cache_folder_is_never_one_a_build_reads_or_replaces() {
    let folders = folders();
    Kit::new().write(&folders.kit);
    for (inside, what) in [(folders.kit.join(".cache"), "content"), (folders.out.join("parts"), "output folder")] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
            .args(["build", "--no-pdf", "--out", folders.out.to_str().unwrap(), "--cache", inside.to_str().unwrap()])
            .current_dir(&folders.kit)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = harness::text(&output);
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(text.contains("is inside") && text.contains(what), "{text}");
        assert!(!inside.exists() && !folders.out.exists(), "{text}");
    }
    let inside = folders.kit.join(".cache");
    let mut serve = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(["serve", "--port", "0", "--cache", inside.to_str().unwrap()])
        .current_dir(&folders.kit)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = serve.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            serve.kill().unwrap();
            panic!("neokit serve --cache inside the kit's content did not stop");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut serve.stderr.take().unwrap(), &mut text).unwrap();
    assert_eq!(status.code(), Some(2), "{text}");
    assert!(text.contains("is inside the kit's content folder"), "{text}");
}
