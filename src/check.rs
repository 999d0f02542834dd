//! `neokit check`: a build that writes nothing, reported for people (grouped per file) or for
//! programs (JSON).
//!
//! Input: the [`Report`] of a build run with `lint` on. Output: the text to print and the exit
//! code. The JSON format is documented in README.md ("Checking a kit") and versioned.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Human, shown_path};
use crate::pipeline::Report;

/// Version of the JSON output; it changes only when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// The exit code for a check: 1 for errors (and, with `strict`, warnings), else 0.
pub fn exit_code(report: &Report, strict: bool) -> u8 {
    let failed = report.errors() > 0 || (strict && report.warnings() > 0);
    u8::from(failed)
}

/// The report for people: problems grouped per file (files sorted, problems by position),
/// then the external links, then a summary line. `color` adds terminal colours.
pub fn human(report: &Report, base: &Path, color: bool) -> String {
    let human = Human { color, base: Some(base) };
    let paint = |text: &str, code: &str| human.paint(text, code);
    let mut by_file: BTreeMap<Option<String>, Vec<&Diagnostic>> = BTreeMap::new();
    let mut external: Vec<&Diagnostic> = Vec::new();
    for diagnostic in &report.diagnostics {
        if diagnostic.code == "external-link" {
            external.push(diagnostic);
            continue;
        }
        let file = diagnostic.location.as_ref().map(|l| human.path(&l.path));
        by_file.entry(file).or_default().push(diagnostic);
    }
    let mut out = String::new();
    for (file, diagnostics) in &by_file {
        out.push_str(&paint(file.as_deref().unwrap_or("(the kit)"), "1"));
        out.push('\n');
        for d in diagnostics {
            let position = d.location.as_ref().map(|l| l.position()).unwrap_or_default();
            let label = d.severity.label();
            out.push_str(&format!(
                "  {position:<8} {}  {} {}\n",
                paint(&format!("{label:<7}"), Human::severity_color(d.severity)),
                d.message,
                paint(&format!("[{}]", d.code), "2")
            ));
            if let Some(help) = &d.help {
                out.push_str(&format!("  {:<8} {}  {help}\n", "", paint(&format!("{:<7}", "help"), "1;36")));
            }
        }
        out.push('\n');
    }
    if !external.is_empty() {
        out.push_str(&paint(&format!("External links, listed and not fetched ({}):", external.len()), "1"));
        out.push('\n');
        for d in &external {
            let at = d.location.as_ref().map(|l| human.location(l));
            out.push_str(&format!("  {}  {}\n", at.unwrap_or_default(), d.message));
        }
        out.push('\n');
    }
    if let Some(governance) = &report.governance {
        let groups = crate::governance::due_by_owner(&governance.reviews);
        if !groups.is_empty() {
            out.push_str(&paint(&format!("Reviews due, by owner (today {}):", governance.today.iso()), "1"));
            out.push('\n');
            for (owner, name, pages) in groups {
                let who = match (name, owner) {
                    (Some(name), Some(id)) if name != id => format!("{name} ({id})"),
                    (Some(name), _) => name,
                    _ => "No owner".into(),
                };
                out.push_str(&format!("  {who}\n"));
                for page in pages {
                    let code =
                        if page.state == crate::governance::State::Overdue { "review-overdue" } else { "review-due" };
                    out.push_str(&format!(
                        "    {:<14} {}  {}  {}\n",
                        code,
                        page.next_review.as_deref().unwrap_or(""),
                        shown_path(base, Path::new(&page.file)),
                        page.title
                    ));
                }
            }
            out.push('\n');
        }
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    let pages = plural(report.pages, "page");
    let summary = if errors + warnings == 0 {
        format!("Checked {pages}: no problems found.")
    } else {
        format!("Checked {pages}: {}, {}.", plural(errors, "error"), plural(warnings, "warning"))
    };
    out.push_str(&paint(
        &summary,
        if errors > 0 {
            "1;31"
        } else if warnings > 0 {
            "1;33"
        } else {
            "1;32"
        },
    ));
    out.push('\n');
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    kit: String,
    pages: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
    external_links: Vec<JsonLink<'a>>,
    /// Pages due for review (`review-due`) or past it (`review-overdue`), grouped by owner.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reviews: Vec<JsonOwner<'a>>,
}

#[derive(Serialize)]
struct JsonOwner<'a> {
    /// The owner as written: a role id or a name.
    owner: Option<String>,
    /// Who that is here.
    owner_name: Option<String>,
    pages: Vec<&'a crate::governance::Review>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    severity: &'static str,
    code: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    url: &'a str,
}

/// The report for programs (format version [`JSON_VERSION`]), pretty-printed.
pub fn json(report: &Report, base: &Path) -> String {
    let place = |d: &Diagnostic| {
        let file = d.location.as_ref().map(|l| shown_path(base, &l.path));
        let line = d.location.as_ref().map(|l| l.line).filter(|&l| l > 0);
        let column = d.location.as_ref().map(|l| l.col).filter(|&c| c > 0);
        (file, line, column)
    };
    let mut problems = Vec::new();
    let mut external_links = Vec::new();
    for d in &report.diagnostics {
        let (file, line, column) = place(d);
        if d.code == "external-link" {
            external_links.push(JsonLink { file, line, column, url: &d.message });
        } else {
            problems.push(JsonProblem {
                severity: d.severity.label(),
                code: d.code,
                file,
                line,
                column,
                message: &d.message,
                help: d.help.as_deref(),
            });
        }
    }
    let json = JsonReport {
        version: JSON_VERSION,
        kit: match shown_path(base, Path::new("")).trim_end_matches('/') {
            "" => ".".to_string(),
            kit => kit.to_string(),
        },
        pages: report.pages,
        errors: report.errors(),
        warnings: report.warnings(),
        problems,
        external_links,
        reviews: report
            .governance
            .as_ref()
            .map(|g| crate::governance::due_by_owner(&g.reviews))
            .unwrap_or_default()
            .into_iter()
            .map(|(owner, owner_name, pages)| JsonOwner { owner, owner_name, pages })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("the report serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Location, Severity};

    fn report() -> Report {
        Report {
            pages: 3,
            diagnostics: vec![
                Diagnostic::error("missing-page", "`gone.md` does not exist").at(Location::new("SUMMARY.md", 3, 3)),
                Diagnostic::warning("broken-link", "broken link: `x.md` does not exist")
                    .at(Location::new("a.md", 2, 7))
                    .with_help("did you mean `y.md`?"),
                Diagnostic::warning("unused-asset", "`old.png` is not used by any page")
                    .at(Location::file(".gitbook/assets/old.png")),
                Diagnostic::note("external-link", "https://example.org/").at(Location::new("a.md", 9, 1)),
            ],
            ..Report::default()
        }
    }

    #[test]
    fn human_output_groups_per_file_and_lists_external_links() {
        let text = human(&report(), Path::new("kit"), false);
        assert_eq!(
            text,
            "kit/.gitbook/assets/old.png\n           warning  `old.png` is not used by any page [unused-asset]\n\n\
             kit/SUMMARY.md\n  3:3      error    `gone.md` does not exist [missing-page]\n\n\
             kit/a.md\n  2:7      warning  broken link: `x.md` does not exist [broken-link]\n           help     did you mean `y.md`?\n\n\
             External links, listed and not fetched (1):\n  kit/a.md:9:1  https://example.org/\n\n\
             Checked 3 pages: 1 error, 2 warnings.\n"
        );
    }

    #[test]
    fn strict_turns_warnings_into_failure_and_notes_never_fail() {
        let mut r = report();
        r.diagnostics.remove(0);
        assert_eq!(exit_code(&r, false), 0);
        assert_eq!(exit_code(&r, true), 1);
        r.diagnostics.retain(|d| d.severity == Severity::Note);
        assert_eq!(exit_code(&r, true), 0);
    }

    #[test]
    fn json_output_is_versioned_with_null_for_missing_positions() {
        let value: serde_json::Value = serde_json::from_str(&json(&report(), Path::new("."))).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["kit"], ".");
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 2);
        assert_eq!(value["problems"][2]["file"], ".gitbook/assets/old.png");
        assert_eq!(value["problems"][2]["line"], serde_json::Value::Null);
        assert_eq!(value["problems"][1]["help"], "did you mean `y.md`?");
        assert_eq!(value["external_links"][0]["url"], "https://example.org/");
    }
}
