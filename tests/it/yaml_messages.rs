//! YAML mistakes as an editor makes them, in the sample kit (`content/` and the repository's
//! `neokit.yaml`, copied): each is reported once, at the line and column where it is, in plain
//! words with a help, and nothing that follows from it is reported as well (a role page whose
//! front matter cannot be read is not "no role page" elsewhere). The same words for
//! `neokit.yaml`, front matter, `.gitbook/vars.yaml`, `docs.yaml` and `.gitbook.yaml`.

use std::path::Path;

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, OutputTarget, build};

use crate::harness::{TODAY, copy_dir};

/// The repository's root: the sample kit's `neokit.yaml`, `content/` and `themes/`.
fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What `neokit check` finds in `kit` (notes left out), as printed: `file:line:col: ...`.
fn problems(kit: &Path) -> String {
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides {
            output: None,
            base_url: None,
            theme: Some(repository().join("themes/default")),
            no_pdf: true,
        },
        target: OutputTarget::Discard,
        lint: true,
        today: Some(TODAY),
        ..Default::default()
    };
    let report = build(&options).unwrap();
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity != neokit::diagnostics::Severity::Note)
        .map(|d| format!("{d}\n"))
        .collect()
}

/// The sample kit in a folder of its own, with `file` (from the kit's folder) changed by
/// replacing `from` with `to`; what checking it finds.
fn sample_with(file: &str, from: &str, to: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    copy_dir(&repository().join("content"), &kit.join("content"));
    std::fs::copy(repository().join("neokit.yaml"), kit.join("neokit.yaml")).unwrap();
    let path = kit.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} no longer holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    problems(kit)
}

#[test]
fn the_sample_kit_has_no_problem_to_begin_with() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repository().join("content"), &tmp.path().join("content"));
    std::fs::copy(repository().join("neokit.yaml"), tmp.path().join("neokit.yaml")).unwrap();
    assert_eq!(problems(tmp.path()), "");
}

#[test]
fn a_colon_in_a_role_pages_description_is_one_error_at_its_place() {
    let found = sample_with(
        "content/team/review-chair.md",
        "description: >-\n  Facilitates review sessions, keeps the room safe and helps the group turn\n  what it sees into learning.\n",
        "description: Facilitates review sessions: keeps the room safe\n",
    );
    assert_eq!(
        found,
        "content/team/review-chair.md:2:41: error: in the front matter, a `: ` inside the value of `description`\n  \
         help: put the whole value in quotes: `description: \"Facilitates review sessions: keeps the room safe\"`\n"
    );
}

#[test]
fn a_role_that_cannot_be_read_is_not_reported_missing_elsewhere() {
    // Without its `role:`, `owner: chair` (another page) and `people.chair` (neokit.yaml) name
    // no role: both follow from this one mistake.
    let found = sample_with("content/team/review-chair.md", "role: chair\n", "role: chair: facilitator\n");
    assert_eq!(
        found,
        "content/team/review-chair.md:5:12: error: in the front matter, a `: ` inside the value of `role`\n  \
         help: put the whole value in quotes: `role: \"chair: facilitator\"`\n"
    );
}

#[test]
fn a_missing_colon_in_neokit_yaml_is_reported_on_its_line() {
    let found = sample_with("neokit.yaml", "  chair:\n", "  chair\n");
    assert_eq!(
        found,
        "neokit.yaml:16:3: error: missing `:` after `chair`\n  \
         help: a line needs `key: value` (a colon and a space after the key); if this line goes on with the text \
         of the line above, indent it under that key\n"
    );
}

#[test]
fn a_tab_in_neokit_yaml() {
    let found = sample_with("neokit.yaml", "    title: Senior staff nurse\n", "\ttitle: Senior staff nurse\n");
    assert_eq!(
        found,
        "neokit.yaml:25:1: error: a tab is used for indenting\n  \
         help: YAML uses spaces for indenting, not tabs: replace the tab with spaces\n"
    );
}

#[test]
fn a_person_that_cannot_be_read_is_not_reported_unassigned() {
    let found = sample_with("neokit.yaml", "    title: Senior staff nurse\n", "    title: Senior: staff nurse\n");
    assert_eq!(
        found,
        "neokit.yaml:25:18: error: a `: ` inside the value of `title`\n  \
         help: put the whole value in quotes: `title: \"Senior: staff nurse\"`\n"
    );
}

#[test]
fn an_unclosed_quote_and_a_key_written_twice_in_neokit_yaml() {
    let found = sample_with("neokit.yaml", "language: en\n", "language: \"en\n");
    assert_eq!(
        found,
        "neokit.yaml:5:11: error: the quote `\"` that starts this value is never closed\n  \
         help: end the value with `\"` on the same line\n"
    );
    let found = sample_with("neokit.yaml", "language: en\n", "language: en\ntitle: Westbrook kit\n");
    assert_eq!(
        found,
        "neokit.yaml:6:1: error: `title` is written twice\n  \
         help: keep one of them: only one value can count, and which one was meant is unclear\n"
    );
}

#[test]
fn a_broken_variable_leaves_the_pages_using_it_alone() {
    // The pages that show `unit_name` would each say it has no value: they follow from this.
    let found = sample_with("content/.gitbook/vars.yaml", "unit_name: Westbrook NICU", "unit_name: Westbrook: NICU");
    assert_eq!(
        found,
        "content/.gitbook/vars.yaml:1:21: error: a `: ` inside the value of `unit_name`\n  \
         help: put the whole value in quotes: `unit_name: \"Westbrook: NICU\"`\n"
    );
}

#[test]
fn a_misspelt_summary_entry_is_reported_once() {
    // The page it meant is "not listed", and every link to it "not a page of the site".
    let found = sample_with(
        "content/SUMMARY.md",
        "* [Review chair](team/review-chair.md)",
        "* [Review chair](team/review-chiar.md)",
    );
    assert_eq!(
        found,
        "content/SUMMARY.md:34:5: warning: `team/review-chiar.md` does not exist\n  \
         help: did you mean `team/review-chair.md`?\n"
    );
}

#[test]
fn front_matter_mistakes_a_non_developer_makes() {
    let found = sample_with(
        "content/team/consent-lead.md",
        "time_per_month: 5 hours\n",
        "time_per_month: 5 hours\n  discipline: nurse\n",
    );
    assert_eq!(
        found,
        "content/team/consent-lead.md:6:3: error: in the front matter, `discipline` is indented under \
         `time_per_month`, which already has a value\n  help: start `discipline` in the same column as `time_per_month`; if the line goes on with the \
         text of `time_per_month`, put that whole text in quotes\n"
    );
    let found = sample_with("content/faq.md", "---\n", "---\ntitle: 'Parents' questions'\n");
    assert!(
        found.starts_with(
            "content/faq.md:2:16: error: in the front matter, an apostrophe ends the value in single quotes early\n  \
             help: use double quotes around it: `title: \"Parents' questions\"`, or write the apostrophe twice: \
             `'Parents'' questions'`\n"
        ),
        "{found}"
    );
}

#[test]
fn the_site_file_and_gitbooks_own_file_use_the_same_words() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n").unwrap();
    std::fs::write(kit.join("README.md"), "# Home\n").unwrap();
    std::fs::write(kit.join("docs.yaml"), "site:\n  title: Westbrook\n  structure\n    - space: nicu\n").unwrap();
    assert_eq!(
        problems(kit),
        "docs.yaml:3:3: error: missing `:` after `structure`\n  \
         help: a line needs `key: value` (a colon and a space after the key); if this line goes on with the text \
         of the line above, indent it under that key\n"
    );
    std::fs::remove_file(kit.join("docs.yaml")).unwrap();
    std::fs::write(kit.join(".gitbook.yaml"), "root: ./\nstructure:\n\treadme: README.md\n").unwrap();
    let found = problems(kit);
    assert!(found.starts_with(".gitbook.yaml:3:1: error: "), "{found}");
    assert!(found.contains("a tab is used for indenting"), "{found}");
    assert!(found.contains("help: YAML uses spaces for indenting, not tabs"), "{found}");
}
