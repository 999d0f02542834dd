//! The preview's kept pages (`src/memo.rs`): after any sequence of edits, a build that reuses
//! what it kept gives byte for byte the site a clean build gives. Random edits to page text,
//! titles, headings, links, includes, variables, front matter, SUMMARY order, deleted and
//! renamed pages and assets.

use std::collections::BTreeMap;
use std::path::Path;
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
    write(
        dir,
        "SUMMARY.md",
        "* [Home](README.md)\n* [Consent](consent.md)\n* [Team](team/README.md)\n  * [Chair](team/chair.md)\n  * [Lead](team/lead.md)\n* [Debrief](debrief.md)\n",
    );
    write(
        dir,
        "README.md",
        "# Home\n\nWelcome to <code class=\"expression\">space.vars.unit</code>.\n\nSee [consent](consent.md#asking).\n",
    );
    write(
        dir,
        "consent.md",
        "---\ndescription: How we ask\n---\n# Consent\n\n## Asking\n\nAsk both parents.\n\n{% include \".gitbook/includes/contact.md\" %}\n",
    );
    write(dir, "team/README.md", "# Team\n\nWho does what.\n");
    write(dir, "team/chair.md", "---\nrole: chair\n---\n# Chair\n\nLeads reviews. Ask the [lead](lead.md).\n");
    write(dir, "team/lead.md", "---\nrole: lead\n---\n# Lead\n\nRuns it.\n");
    write(dir, "debrief.md", "# Debrief\n\n## Questions\n\n1. What went well?\n");
    write(dir, ".gitbook/includes/contact.md", "Call the team.\n");
    write(dir, ".gitbook/vars.yaml", "unit: Our NICU\n");
}

/// The site's files and what the build said.
fn site(dir: &Path, memo: Option<Arc<Memo>>) -> (BTreeMap<String, Vec<u8>>, String) {
    let options = BuildOptions {
        kit_dir: dir.to_path_buf(),
        overrides: Overrides::default(),
        target: OutputTarget::Memory,
        memo,
        ..Default::default()
    };
    let mut report = build(&options).unwrap();
    let files = report
        .files
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|(path, content)| {
            let bytes = match content {
                Content::Text(text) => text.into_bytes(),
                Content::Bytes(bytes) => bytes,
                Content::Copy(path) => std::fs::read(path).unwrap_or_default(),
            };
            (path, bytes)
        })
        .collect();
    let said = report.diagnostics.iter().map(|d| format!("{d}\n")).collect::<String>() + &report.success.to_string();
    (files, said)
}

fn edit(dir: &Path, op: u8, n: u8) {
    let page = ["README.md", "consent.md", "team/chair.md", "team/lead.md", "debrief.md"][n as usize % 5];
    let path = dir.join(page);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| format!("# Page {n}\n"));
    match op % 12 {
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
        _ => write(dir, page, &text),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn kept_pages_give_the_site_a_clean_build_gives(edits in proptest::collection::vec((any::<u8>(), any::<u8>()), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        kit(dir.path());
        let memo = Arc::new(Memo::default());
        site(dir.path(), Some(memo.clone()));
        for (op, n) in edits {
            edit(dir.path(), op, n);
            let (kept, kept_said) = site(dir.path(), Some(memo.clone()));
            let (clean, clean_said) = site(dir.path(), None);
            prop_assert_eq!(&kept_said, &clean_said, "after op {} {}", op % 12, n);
            let differing: Vec<&String> =
                clean.keys().chain(kept.keys()).filter(|path| clean.get(*path) != kept.get(*path)).collect();
            prop_assert!(differing.is_empty(), "after op {} {}: {:?} differ", op % 12, n, differing);
        }
    }
}

#[test]
fn an_edit_to_one_page_renders_that_page_only() {
    let dir = tempfile::tempdir().unwrap();
    kit(dir.path());
    let memo = Arc::new(Memo::default());
    site(dir.path(), Some(memo.clone()));
    let rendered = || memo.rendered_count.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(rendered(), 6);
    site(dir.path(), Some(memo.clone()));
    assert_eq!(rendered(), 0, "nothing changed, nothing rendered");
    edit(dir.path(), 0, 4);
    site(dir.path(), Some(memo.clone()));
    assert_eq!(rendered(), 1, "a text edit renders its page");
    edit(dir.path(), 1, 4);
    site(dir.path(), Some(memo.clone()));
    assert_eq!(rendered(), 6, "a new title shows in every page's navigation");
}
