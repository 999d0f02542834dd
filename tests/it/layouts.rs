//! Repositories laid out as GitBook publishes them: a `.gitbook.yaml` naming files that do not
//! exist, SUMMARY.md entries outside their space, monorepos with a README at their root. They
//! build, and every message names file, line and column. (The golden cases are in
//! `tests/fixtures/layouts/`.)

use std::path::Path;

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

use crate::harness;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Builds `kit` into `site` and returns the report.
fn build_kit(kit: &Path, site: &Path) -> neokit::Report {
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides { output: Some(site.to_path_buf()), no_pdf: true, ..Overrides::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    build(&options).unwrap()
}

/// Each diagnostic as `file:line:col: code`, when it has a location.
fn located(report: &neokit::Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| match &d.location {
            Some(l) => format!("{}:{}:{}: {}", l.path.display(), l.line, l.col, d.code),
            None => format!("-: {}", d.code),
        })
        .collect()
}

#[test]
fn the_build_output_names_the_spaces_of_a_monorepo() {
    let tmp = tempfile::tempdir().unwrap();
    harness::copy_dir(&harness::fixtures_dir().join("layouts/monorepo_readme/kit"), &tmp.path().join("repo"));
    let output = harness::neokit(tmp.path(), &["build", "repo", "--out", "site", "--no-pdf"]);
    let printed = harness::text(&output);
    assert!(output.status.success(), "{printed}");
    assert!(
        printed.contains("note: the kit has no SUMMARY.md but 2 folders with one; each is built as a space: v1, v2"),
        "{printed}"
    );
    let site = tmp.path().join("site");
    // Each space's SUMMARY.md and unlisted drafts are not pages; the root README is not one.
    for not_a_page in ["SUMMARY", "v1", "draft", "v2/SUMMARY", "v2/draft", "CONTRIBUTING"] {
        assert!(!site.join(not_a_page).join("index.html").exists(), "{not_a_page} was published");
    }
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("Unit handbook sources"), "the repository's README became a page");
    assert_eq!(home.matches("Welcome!</a>").count(), 1, "one Welcome! in the navigation");
}

#[test]
fn a_readme_key_naming_no_file_and_no_readme_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    write(
        &kit,
        &[
            (".gitbook.yaml", "structure:\n  readme: intro.md\n"),
            ("SUMMARY.md", "* [Rota](rota.md)\n"),
            ("rota.md", "# Rota\n"),
        ],
    );
    let report = build_kit(&kit, &tmp.path().join("site"));
    assert!(report.success, "{:?}", report.diagnostics);
    let found = located(&report);
    assert!(found.iter().any(|d| d.ends_with(".gitbook.yaml:2:3: gitbook-structure")), "{found:?}");
    let message = &report.diagnostics.iter().find(|d| d.code == "gitbook-structure").unwrap().message;
    assert_eq!(message, "`structure.readme` names `intro.md`, which does not exist");
    assert!(tmp.path().join("site/rota/index.html").is_file());
}

#[test]
fn structure_keys_in_flow_style_are_located_at_structure() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    write(
        &kit,
        &[
            (".gitbook.yaml", "root: ./\nstructure: { readme: intro.md, summary: toc.md }\n"),
            ("README.md", "# Home\n"),
            ("SUMMARY.md", "* [Home](README.md)\n"),
        ],
    );
    let report = build_kit(&kit, &tmp.path().join("site"));
    assert!(report.success, "{:?}", report.diagnostics);
    let found: Vec<String> = located(&report).into_iter().filter(|d| d.ends_with("gitbook-structure")).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|d| d.ends_with(".gitbook.yaml:2:1: gitbook-structure")), "{found:?}");
    let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(
            &"`structure.summary` names `toc.md`, which does not exist: `SUMMARY.md` is the table of contents instead"
        ),
        "{messages:?}"
    );
}

/// A kit that is one folder of a repository, whose SUMMARY.md lists a page of a sibling folder:
/// the entry is left out, nothing of the sibling folder is published.
#[test]
fn an_entry_in_a_sibling_folder_of_one_kit_is_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        &[
            ("guide/README.md", "# Guide\n"),
            (
                "guide/SUMMARY.md",
                "# Contents\n\n* [Guide](README.md)\n* [Install](../setup/install.md)\n  * [Rota](rota.md)\n",
            ),
            ("guide/rota.md", "# Rota\n"),
            ("setup/install.md", "# Install\n\nSIBLING-TEXT\n"),
        ],
    );
    let site = tmp.path().join("site");
    let report = build_kit(&tmp.path().join("guide"), &site);
    assert!(report.success, "{:?}", report.diagnostics);
    let found = located(&report);
    assert!(found.iter().any(|d| d.ends_with("SUMMARY.md:4:3: outside-space")), "{found:?}");
    assert!(site.join("rota/index.html").is_file(), "the entry's children keep their place");
    for file in harness::files(&site) {
        let bytes = std::fs::read(site.join(&file)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("SIBLING-TEXT"), "{file} holds the sibling's page");
    }
}

/// Odd values in `.gitbook.yaml` never stop the build without a located message, and never crash.
#[test]
fn odd_structure_values_are_reported_where_they_are() {
    let cases = [
        "structure:\n  readme: ../../outside.md\n",
        "structure:\n  readme: /\n  summary: ./\n",
        "structure:\n  readme: handover/\n",
        "structure:\n  summary: README.md\n",
        "structure:\n  readme: [a, b]\n",
        "structure: nothing\n",
        "root: ./missing/\nstructure:\n  readme: x.md\n",
        "\u{200b}structure:\n  readme: \"\"\n",
    ];
    for text in cases {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        write(
            &kit,
            &[
                (".gitbook.yaml", text),
                ("README.md", "# Home\n"),
                ("SUMMARY.md", "* [Home](README.md)\n* [Handover](handover/README.md)\n"),
                ("handover/README.md", "# Handover\n"),
            ],
        );
        let report = build_kit(&kit, &tmp.path().join("site"));
        for diagnostic in &report.diagnostics {
            // Every message about the file names it, and the line of the value it is about.
            if let Some(location) = &diagnostic.location
                && location.path.ends_with(".gitbook.yaml")
                && diagnostic.code != "missing-root"
            {
                assert!(location.line > 0, "{text:?}: {diagnostic}");
            }
        }
        if !report.success {
            assert!(
                report.diagnostics.iter().any(|d| d.is_error() && d.location.is_some()),
                "{text:?}: {:?}",
                report.diagnostics
            );
        }
    }
}
