//! The preview's kept pages (`src/memo.rs`): after any sequence of edits, a build that reuses
//! what it kept gives byte for byte the site a clean build gives. Random edits to page text,
//! titles, headings, links, includes, variables, front matter (governance keys too), SUMMARY
//! order, deleted and renamed pages and assets, the theme's files, in a site of one space and
//! in a site of two languages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use neokit::config::Overrides;
use neokit::memo::Memo;
use neokit::output::Content;
use neokit::pipeline::{BuildOptions, OutputTarget, build};
use proptest::prelude::*;

fn write(dir: &Path, path: &str, text: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

fn kit(dir: &Path) {
    kit_at(dir, "");
    write(dir, "neokit.yaml", "theme: theme\n");
    theme(dir);
}

/// A theme folder at the kit's root: a page template over the built-in one and a static file.
fn theme(dir: &Path) {
    write(dir, "theme/templates/page.html", &theme_page(0));
    write(dir, "theme/static/extra.css", "body { margin: 0; }\n");
}

fn theme_page(n: u8) -> String {
    format!(
        "{{% extends \"builtin/page.html\" %}}{{% block head %}}{{{{ super() }}}}<meta name=\"edition\" content=\"{n}\">{{% endblock %}}"
    )
}

/// The kit of one space, its files below `prefix` (`""` or `nl/`).
fn kit_at(dir: &Path, prefix: &str) {
    let write = |path: &str, text: &str| write(dir, &format!("{prefix}{path}"), text);
    write(
        "SUMMARY.md",
        "* [Home](README.md)\n* [Consent](consent.md)\n* [Team](team/README.md)\n  * [Chair](team/chair.md)\n  * [Lead](team/lead.md)\n* [Debrief](debrief.md)\n",
    );
    write(
        "README.md",
        "# Home\n\nWelcome to <code class=\"expression\">space.vars.unit</code>.\n\nSee [consent](consent.md#asking).\n",
    );
    write(
        "consent.md",
        "---\ndescription: How we ask\n---\n# Consent\n\n## Asking\n\nAsk both parents.\n\n{% include \".gitbook/includes/contact.md\" %}\n",
    );
    write("team/README.md", "# Team\n\nWho does what.\n");
    write("team/chair.md", "---\nrole: chair\n---\n# Chair\n\nLeads reviews. Ask the [lead](lead.md).\n");
    write("team/lead.md", "---\nrole: lead\n---\n# Lead\n\nRuns it.\n");
    write("debrief.md", "# Debrief\n\n## Questions\n\n1. What went well?\n");
    write(".gitbook/includes/contact.md", "Call the team.\n");
    write(".gitbook/vars.yaml", "unit: Our NICU\n");
}

/// A site of two languages: the kit at the root (English) and a Dutch space in `nl/` with the
/// same files, its consent page a translation of the English one.
fn two_language_kit(dir: &Path) {
    kit_at(dir, "");
    kit_at(dir, "nl/");
    write(dir, "neokit.yaml", "language: en\ntheme: theme\nlanguages:\n  nl:\n    content: nl\n");
    theme(dir);
    write(
        dir,
        "nl/consent.md",
        "---\ntranslation_of: consent.md\n---\n# Toestemming\n\n## Vragen\n\nVraag beide ouders.\n",
    );
}

/// The site's files and what the build said.
fn site(dir: &Path, memo: Option<Arc<Memo>>) -> (BTreeMap<String, Vec<u8>>, String) {
    site_after(dir, memo, None)
}

/// The site's files and what the build said, told which files changed since the memo's last
/// build (as the preview's watcher does).
fn site_after(
    dir: &Path,
    memo: Option<Arc<Memo>>,
    changed: Option<Vec<PathBuf>>,
) -> (BTreeMap<String, Vec<u8>>, String) {
    let options = BuildOptions {
        kit_dir: dir.to_path_buf(),
        overrides: Overrides { no_pdf: true, ..Overrides::default() },
        target: OutputTarget::Memory,
        memo,
        changed,
        ..Default::default()
    };
    let mut report = build(&options).unwrap();
    let files = report
        .files
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|(path, content)| {
            let bytes = match content.bytes_or_file() {
                Ok(bytes) => bytes.into_owned(),
                Err(path) => std::fs::read(path).unwrap_or_default(),
            };
            (path, bytes)
        })
        .collect();
    let said = report.diagnostics.iter().map(|d| format!("{d}\n")).collect::<String>() + &report.success.to_string();
    (files, said)
}

/// Makes one edit; returns the files it wrote, deleted or renamed.
fn edit(dir: &Path, op: u8, n: u8) -> Vec<PathBuf> {
    edit_in(dir, dir, op, n)
}

/// Makes one edit in the space at `dir` of the kit at `root` (the theme is the kit's).
fn edit_in(root: &Path, dir: &Path, op: u8, n: u8) -> Vec<PathBuf> {
    let page = ["README.md", "consent.md", "team/chair.md", "team/lead.md", "debrief.md"][n as usize % 5];
    let path = dir.join(page);
    let touched = match op % OPS {
        4 => vec![dir.join(".gitbook/includes/contact.md")],
        5 => vec![dir.join(".gitbook/vars.yaml")],
        7 => vec![dir.join("SUMMARY.md")],
        9 => vec![dir.join("debrief.md"), dir.join(format!("debrief-{n}.md")), dir.join("SUMMARY.md")],
        10 => vec![dir.join(".gitbook/assets/photo.png"), path.clone()],
        12 => vec![root.join("theme/templates/page.html")],
        13 => vec![root.join("theme/static/extra.css")],
        _ => vec![path.clone()],
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| format!("# Page {n}\n"));
    match op % OPS {
        0 => write(dir, page, &format!("{text}\nMore text {n}.\n")),
        1 => write(dir, page, &text.replacen("# ", &format!("# New {n} "), 1)),
        2 => write(dir, page, &format!("{text}\n## Part {n}\n\nText.\n")),
        3 => write(dir, page, &format!("{text}\nSee [debrief](/debrief.md#questions) and [x](missing-{n}.md).\n")),
        4 => write(dir, ".gitbook/includes/contact.md", &format!("Call extension {n}.\n")),
        5 => write(dir, ".gitbook/vars.yaml", &format!("unit: Unit {n}\n")),
        6 => write(dir, page, &format!("---\ndescription: Described {n}\n---\n{}", text.trim_start_matches(|_| false))),
        7 => {
            let summary = std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap();
            let mut lines: Vec<&str> = summary.lines().collect();
            let last = lines.len() - 1;
            lines.swap(1, last);
            write(dir, "SUMMARY.md", &(lines.join("\n") + "\n"));
        }
        8 => {
            let _ = std::fs::remove_file(&path);
        }
        9 => {
            let summary = std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap();
            if std::fs::rename(dir.join("debrief.md"), dir.join(format!("debrief-{n}.md"))).is_ok() {
                write(dir, "SUMMARY.md", &summary.replace("(debrief.md)", &format!("(debrief-{n}.md)")));
            }
        }
        10 => {
            std::fs::create_dir_all(dir.join(".gitbook/assets")).unwrap();
            std::fs::write(dir.join(".gitbook/assets/photo.png"), vec![0x89, b'P', b'N', b'G', n]).unwrap();
            write(dir, page, &format!("{text}\n![A photo](.gitbook/assets/photo.png)\n"));
        }
        12 => write(root, "theme/templates/page.html", &theme_page(n)),
        13 => write(root, "theme/static/extra.css", &format!("body {{ margin: {n}px; }}\n")),
        14 => {
            // Governance keys, now and then an owner that is no role or a period that is wrong.
            let owner = ["chair", "lead", "nobody"][n as usize % 3];
            let every = ["12 months", "2 years", "soon"][n as usize / 3 % 3];
            let day = n % 28 + 1;
            let keys = format!("owner: {owner}\nreviewed: 2025-01-{day:02}\nreview_every: {every}\n");
            match text.strip_prefix("---\n") {
                Some(rest) => write(dir, page, &format!("---\n{keys}{rest}")),
                None => write(dir, page, &format!("---\n{keys}---\n{text}")),
            }
        }
        // A line more in the front matter: what is read is the same, where messages point is not.
        15 => write(dir, page, &text.replacen("---\n", &format!("---\n# note {n}\n"), 1)),
        _ => write(dir, page, &text),
    }
    touched
}

/// How many kinds of edit [`edit_in`] makes.
const OPS: u8 = 16;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn kept_pages_give_the_site_a_clean_build_gives(
        edits in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<bool>()), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().canonicalize().unwrap();
        kit(&dir);
        let memo = Arc::new(Memo::default());
        site(&dir, Some(memo.clone()));
        for (op, n, named) in edits {
            // As the preview's watcher: the changed files when it could name them, else nothing.
            let touched = edit(&dir, op, n);
            let (kept, kept_said) = site_after(&dir, Some(memo.clone()), named.then_some(touched));
            let (clean, clean_said) = site(&dir, None);
            prop_assert_eq!(&kept_said, &clean_said, "after op {} {}", op % OPS, n);
            let differing: Vec<&String> =
                clean.keys().chain(kept.keys()).filter(|path| clean.get(*path) != kept.get(*path)).collect();
            prop_assert!(differing.is_empty(), "after op {} {}: {:?} differ", op % OPS, n, differing);
        }
    }

    #[test]
    fn kept_pages_of_two_languages_give_the_site_a_clean_build_gives(
        edits in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<bool>(), any::<bool>()), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().canonicalize().unwrap();
        two_language_kit(&dir);
        let memo = Arc::new(Memo::default());
        site(&dir, Some(memo.clone()));
        for (op, n, named, dutch) in edits {
            let space = if dutch { dir.join("nl") } else { dir.clone() };
            let touched = edit_in(&dir, &space, op, n);
            let (kept, kept_said) = site_after(&dir, Some(memo.clone()), named.then_some(touched));
            let (clean, clean_said) = site(&dir, None);
            prop_assert_eq!(&kept_said, &clean_said, "after op {} {} in {:?}", op % OPS, n, space);
            let differing: Vec<&String> =
                clean.keys().chain(kept.keys()).filter(|path| clean.get(*path) != kept.get(*path)).collect();
            prop_assert!(differing.is_empty(), "after op {} {} in {:?}: {:?} differ", op % OPS, n, space, differing);
        }
    }
}

#[test]
fn an_edit_in_one_language_renders_that_language_only() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    two_language_kit(&dir);
    let memo = Arc::new(Memo::default());
    let (first, _) = site(&dir, Some(memo.clone()));
    assert!(first.contains_key("nl/index.html"), "{:?}", first.keys().collect::<Vec<_>>());
    let count = |of: &std::sync::atomic::AtomicUsize| of.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!((count(&memo.prepared_count), count(&memo.rendered_count)), (12, 12));
    site(&dir, Some(memo.clone()));
    assert_eq!(count(&memo.rendered_count), 0, "nothing changed, nothing rendered");

    let touched = edit(&dir.join("nl"), 0, 4);
    let (kept, _) = site_after(&dir, Some(memo.clone()), Some(touched));
    assert_eq!((count(&memo.prepared_count), count(&memo.rendered_count)), (1, 1), "a text edit in nl/: its page only");
    assert_eq!(count(&memo.themes_loaded), 0, "the theme is kept");
    assert_eq!(kept, site(&dir, None).0);

    let touched = edit(&dir, 0, 1);
    site_after(&dir, Some(memo.clone()), Some(touched));
    assert_eq!(
        (count(&memo.prepared_count), count(&memo.rendered_count)),
        (1, 1),
        "a text edit at the root: its page only"
    );

    let touched = edit_in(&dir, &dir, 12, 3);
    let (kept, _) = site_after(&dir, Some(memo.clone()), Some(touched));
    assert_eq!(count(&memo.themes_loaded), 1, "a theme file changed: loaded again, once for both spaces");
    assert!(String::from_utf8_lossy(&kept["nl/index.html"]).contains("content=\"3\""));
    assert_eq!(kept, site(&dir, None).0);
}

#[test]
fn an_edit_to_one_page_reads_and_renders_that_page_only() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    kit(&dir);
    let memo = Arc::new(Memo::default());
    site(&dir, Some(memo.clone()));
    let count = |of: &std::sync::atomic::AtomicUsize| of.load(std::sync::atomic::Ordering::Relaxed);
    let reused = || memo.structure_reused.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!((count(&memo.prepared_count), count(&memo.rendered_count)), (6, 6));
    site(&dir, Some(memo.clone()));
    assert_eq!(count(&memo.rendered_count), 0, "nothing changed, nothing rendered");
    assert!(!reused(), "without the changed files named, the kit is read again");

    let touched = edit(&dir, 0, 4);
    site_after(&dir, Some(memo.clone()), Some(touched));
    assert!(reused(), "a page's text changed: the kit's structure is kept");
    assert_eq!((count(&memo.prepared_count), count(&memo.rendered_count)), (1, 1), "a text edit: its page only");

    let touched = edit(&dir, 1, 4);
    site_after(&dir, Some(memo.clone()), Some(touched));
    assert_eq!(count(&memo.prepared_count), 1);
    assert_eq!(count(&memo.rendered_count), 6, "a new title shows in every page's navigation");

    let touched = edit(&dir, 4, 0);
    site_after(&dir, Some(memo.clone()), Some(touched));
    assert!(reused(), "an included file's text changed: the kit's structure is kept");
    assert_eq!(count(&memo.prepared_count), 1, "the page that includes it is prepared again");

    for structural in [7, 5, 10] {
        let touched = edit(&dir, structural, 1);
        site_after(&dir, Some(memo.clone()), Some(touched));
        assert!(!reused(), "op {structural} changes the kit's structure: read again");
    }
}

/// Runs git in `dir`.
fn git(dir: &Path, args: &[&str]) {
    let mut command = std::process::Command::new("git");
    // The commit's own time is the one "last updated" shows.
    if let Some(at) = args.iter().position(|a| *a == "--date") {
        command.env("GIT_COMMITTER_DATE", args[at + 1]);
    }
    let status = command
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=editor@example.org", "-c", "user.name=Editor", "-c", "commit.gpgsign=false"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn last_updated_dates_follow_edits_and_commits() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    kit(&dir);
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "First", "--date", "2024-01-02T10:00:00Z"]);
    let memo = Arc::new(Memo::default());
    site(&dir, Some(memo.clone()));
    let same_as_clean = |changed: Vec<PathBuf>, step: &str| {
        let (kept, _) = site_after(&dir, Some(memo.clone()), Some(changed));
        assert!(memo.structure_reused.load(std::sync::atomic::Ordering::Relaxed), "{step}");
        let (clean, _) = site(&dir, None);
        let differing: Vec<&String> =
            clean.keys().chain(kept.keys()).filter(|path| clean.get(*path) != kept.get(*path)).collect();
        assert!(differing.is_empty(), "{step}: {differing:?} differ");
    };
    // An edited page shows its file's time; the others keep their commit's.
    let touched = edit(&dir, 0, 1);
    same_as_clean(touched.clone(), "an edit");
    // Committed (the commit moves): every page's date is read again at the next save.
    git(&dir, &["commit", "-q", "-a", "-m", "Second", "--date", "2025-03-04T10:00:00Z"]);
    let touched = edit(&dir, 0, 2);
    same_as_clean(touched, "an edit after a commit");
    // An edit undone: the page is as committed again and shows its commit's date.
    git(&dir, &["checkout", "-q", "--", "."]);
    same_as_clean(vec![dir.join("consent.md"), dir.join("team/chair.md")], "edits undone");
}

/// A kept page takes its search entry from the index, which keeps it by the page's key: a page
/// whose entry the index no longer keeps (another index) is rendered again, the same as in a
/// clean build.
#[test]
fn a_kept_page_without_its_search_entry_is_rendered_again() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    kit(&dir);
    let memo = Arc::new(Memo::default());
    site(&dir, Some(memo.clone()));
    let rendered = || memo.rendered_count.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(rendered(), 6);
    let with_index = |search: Arc<neokit::search::Cache>| {
        let options = BuildOptions {
            kit_dir: dir.clone(),
            overrides: Overrides { no_pdf: true, ..Overrides::default() },
            target: OutputTarget::Memory,
            memo: Some(memo.clone()),
            search_cache: Some(search),
            ..Default::default()
        };
        let report = build(&options).unwrap();
        let pages = report.files.unwrap_or_default().into_iter().filter(|(path, _)| path.ends_with(".html"));
        pages
            .map(|(path, content)| match content {
                Content::Text(text) => (path, text.as_bytes().to_vec()),
                Content::Packed(text) => (path, text.bytes()),
                other => panic!("{path} is {other:?}"),
            })
            .collect::<BTreeMap<_, _>>()
    };
    let pages = with_index(Arc::default());
    assert_eq!(rendered(), 6, "every page is indexed, and the new index has no entry yet");
    let clean = site(&dir, None).0;
    assert!(pages.len() > 6);
    for (path, bytes) in &pages {
        assert_eq!(Some(bytes), clean.get(path), "{path}");
    }
    let search = Arc::new(neokit::search::Cache::default());
    with_index(search.clone());
    assert_eq!(with_index(search), pages);
    assert_eq!(rendered(), 0, "the same index: every page kept");
}
