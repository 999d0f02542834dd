//! `neokit check`: a build that writes nothing, reported for people (grouped per file), for
//! programs (JSON) or for continuous integration (GitHub Actions annotations, SARIF 2.1.0,
//! GitLab code quality).
//!
//! Input: the [`Report`] of a build run with `lint` on. Output: the text to print and the exit
//! code. The formats are documented in the user guide ("Checking a kit"); JSON is versioned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::governance::{Review, State, due_by_owner};
use crate::pipeline::Report;
use neokit_core::diagnostics::{Diagnostic, Human, Severity, shown_path};

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
        let groups = due_by_owner(&governance.reviews);
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
                    let code = if page.state == State::Overdue { "review-overdue" } else { "review-due" };
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
    out.push_str(&paint(
        &summary(report),
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

/// The closing line: `Checked 6 pages: 1 error, 2 warnings.` or `... no problems found.`
fn summary(report: &Report) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    let pages = plural(report.pages, "page");
    if errors + warnings == 0 {
        format!("Checked {pages}: no problems found.")
    } else {
        format!("Checked {pages}: {}, {}.", plural(errors, "error"), plural(warnings, "warning"))
    }
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
    pages: Vec<&'a Review>,
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
            .map(|g| due_by_owner(&g.reviews))
            .unwrap_or_default()
            .into_iter()
            .map(|(owner, owner_name, pages)| JsonOwner { owner, owner_name, pages })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("the report serializes");
    text.push('\n');
    text
}

/// The formats for continuous integration: where their paths start. GitHub and GitLab show a
/// problem on a file only when its path is from the repository's root, wherever the kit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The repository's root, absolute.
    pub root: PathBuf,
    /// The kit folder from the root (empty when the kit is the root); absolute when the kit
    /// is outside the root.
    pub kit: PathBuf,
}

impl Repository {
    /// The repository of a check run in the current folder: its root is `$GITHUB_WORKSPACE`
    /// (GitHub Actions) or `$CI_PROJECT_DIR` (GitLab CI) when set, else the current folder.
    pub fn find(kit_dir: &Path) -> Repository {
        let current = std::env::current_dir().unwrap_or_default();
        let root = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"]
            .iter()
            .filter_map(std::env::var_os)
            .find(|value| !value.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| current.clone());
        Repository::new(&current.join(kit_dir), &current.join(root))
    }

    /// The kit at `kit` in the repository at `root` (both absolute).
    pub fn new(kit: &Path, root: &Path) -> Repository {
        let real = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let (kit, root) = (real(kit), real(root));
        let kit = kit.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(kit);
        Repository { root, kit }
    }

    /// A problem's file from the root, with `/` between folders: `docs/guide/a.md`.
    fn path(&self, path: &Path) -> String {
        let path = if path.is_relative() {
            self.kit.join(path)
        } else {
            path.strip_prefix(&self.root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
        };
        path.display().to_string().replace('\\', "/")
    }

    /// The kit folder from the root, ending in `/` (empty for the root itself).
    fn kit_folder(&self) -> String {
        match self.path(Path::new("")).trim_end_matches('/') {
            "" => String::new(),
            kit => format!("{kit}/"),
        }
    }
}

/// The problems the CI formats report: all but the external links, which are addresses listed
/// for people to look at, not problems.
fn ci_problems(report: &Report) -> impl Iterator<Item = &Diagnostic> {
    report.diagnostics.iter().filter(|d| d.code != "external-link")
}

/// A problem's text with its help, for formats that have one text per problem.
fn with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// The report for GitHub Actions: one workflow command per problem
/// (`::error file=docs/a.md,line=3,col=7,title=neokit [broken-link]::...`), which GitHub shows
/// in the run's summary and on the lines of a pull request's changed files, then the summary
/// line. Errors are `error`, warnings `warning`, notes `notice`.
pub fn github(report: &Report, repository: &Repository) -> String {
    let mut out = String::new();
    for d in ci_problems(report) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some(location) = &d.location {
            properties.push(format!("file={}", github_property(&repository.path(&location.path))));
            if location.line > 0 {
                properties.push(format!("line={}", location.line));
                if location.col > 0 {
                    properties.push(format!("col={}", location.col));
                }
            }
        }
        properties.push(format!("title={}", github_property(&format!("neokit [{}]", d.code))));
        out.push_str(&format!("::{command} {}::{}\n", properties.join(","), github_data(&with_help(d))));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// A workflow command's message: `%`, carriage returns and line feeds escaped, as the runner
/// reads them back.
fn github_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as [`github_data`], and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The address of a file or folder in a URI: `/` kept, letters, digits and `-._~` kept, every
/// other byte of its UTF-8 percent-encoded.
fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A folder as a `file:` URI ending in `/`.
fn file_uri(folder: &Path) -> String {
    let path = folder.display().to_string().replace('\\', "/");
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let path = if path.ends_with('/') { path } else { format!("{path}/") };
    format!("file://{}", uri_path(&path))
}

/// What a code is about, for the SARIF rules (codes not listed get a general sentence).
fn code_description(code: &str) -> Option<&'static str> {
    Some(match code {
        "broken-link" => "A link leads to a file that does not exist or is not published.",
        "broken-anchor" => "A link leads to a heading that the page does not have.",
        "cross-space-link" => "A link leads into another space of the site in a way that does not work there.",
        "missing-page" => "SUMMARY.md lists a file that does not exist.",
        "missing-file" => "A file a page or the configuration names does not exist.",
        "duplicate-entry" => "SUMMARY.md lists the same page twice.",
        "orphan-page" => "A Markdown file is not in SUMMARY.md, so readers cannot reach it.",
        "unused-asset" => "A file in .gitbook/assets/ is not used by any page.",
        "image-alt" => "An image has no alternative text for people who cannot see it.",
        "empty-link" => "A link has no destination or no text.",
        "heading-level" => "A heading skips a level.",
        "no-title" => "A page has no `#` title.",
        "unknown-block" => "A GitBook block neokit does not know.",
        "unclosed-block" => "A GitBook block is opened and never closed.",
        "stray-end-tag" => "A GitBook end tag closes no open block.",
        "unresolved-variable" => "A variable is used that the kit does not define.",
        "unresolved-include" | "missing-include" => "An included file does not exist.",
        "include-cycle" => "Files include each other in a circle.",
        "active-content" => "Raw HTML with scripts or other active content, which is left out.",
        "unknown-html" => "Raw HTML neokit does not publish as written.",
        "external-image" => "An image loaded from another site, which is not shown.",
        "brand-contrast" => "A brand colour is too light or too dark to read (WCAG AA).",
        "unassigned-role" => "A role nobody is assigned to.",
        "unknown-role" => "A person is assigned to a role the kit does not have.",
        "placeholder-name" => "The sample kit's names are still in the kit.",
        "unknown-key" => "A key neokit.yaml or the front matter does not have.",
        "invalid-config" => "A value in neokit.yaml neokit cannot use.",
        "invalid-front-matter" => "A page's front matter cannot be read.",
        "review-due" => "A page is due for review soon.",
        "review-overdue" => "A page is past its review date.",
        "url-conflict" => "Two pages would be published at one address.",
        "language" => "The language neokit read from the pages.",
        _ => return None,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: &'static str,
    short_description: SarifText,
    help: SarifHelp,
    default_configuration: SarifLevel,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

#[derive(Serialize)]
struct SarifHelp {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct SarifLevel {
    level: &'static str,
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The report as a SARIF 2.1.0 log (code scanning on GitHub, and other tools that read SARIF):
/// one rule per code found, one result per problem. Files are given from the repository's
/// root (`uriBaseId` `SRCROOT`, GitHub's reading of relative paths); `KITROOT` names the kit
/// folder within it. Columns count characters (`unicodeCodePoints`).
pub fn sarif(report: &Report, repository: &Repository) -> String {
    use serde_json::json;
    let problems: Vec<&Diagnostic> = ci_problems(report).collect();
    let mut codes: BTreeMap<&'static str, Severity> = BTreeMap::new();
    for d in &problems {
        let worst = codes.entry(d.code).or_insert(d.severity);
        *worst = (*worst).max(d.severity);
    }
    let index: BTreeMap<&str, usize> = codes.keys().enumerate().map(|(i, code)| (*code, i)).collect();
    let rules: Vec<SarifRule> = codes
        .iter()
        .map(|(&code, &severity)| {
            let about = code_description(code).map_or_else(|| format!("neokit's `{code}` check."), str::to_string);
            SarifRule {
                id: code,
                short_description: SarifText { text: about.clone() },
                help: SarifHelp {
                    text: format!(
                        "{about} The code `{code}` is explained in the neokit user guide, \"Checking a kit\" (docs/guide/checking.md); each problem's message says what to change."
                    ),
                    markdown: format!(
                        "{about}\n\nThe code `{code}` is explained in the neokit user guide, **Checking a kit** (`docs/guide/checking.md`); each problem's message says what to change."
                    ),
                },
                default_configuration: SarifLevel { level: sarif_level(severity) },
            }
        })
        .collect();
    let results: Vec<serde_json::Value> = problems
        .iter()
        .map(|d| {
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": sarif_level(d.severity),
                "message": { "text": with_help(d) },
            });
            if let Some(location) = &d.location {
                let mut physical = json!({
                    "artifactLocation": {
                        "uri": uri_path(&repository.path(&location.path)),
                        "uriBaseId": "SRCROOT",
                    }
                });
                if location.line > 0 {
                    let mut region = json!({ "startLine": location.line });
                    if location.col > 0 {
                        region["startColumn"] = json!(location.col);
                    }
                    physical["region"] = region;
                }
                result["locations"] = json!([{ "physicalLocation": physical }]);
            }
            result
        })
        .collect();
    let root = file_uri(&repository.root);
    let mut kit_root = json!({
        "uriBaseId": "SRCROOT",
        "description": { "text": "The kit folder." },
    });
    let kit_folder = repository.kit_folder();
    if !kit_folder.is_empty() {
        kit_root["uri"] = json!(uri_path(&kit_folder));
    }
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "neokit",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "workingDirectory": { "uri": root },
            }],
            "originalUriBaseIds": {
                "SRCROOT": {
                    "uri": root,
                    "description": { "text": "The repository's root." },
                },
                "KITROOT": kit_root,
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("the log serializes");
    text.push('\n');
    text
}

/// The report as a GitLab code quality report (a JSON list that a job's
/// `artifacts:reports:codequality` names): GitLab shows the problems in merge requests. Errors
/// are `major`, warnings `minor`, notes `info`; a problem with no file is given at the kit
/// folder's first line.
pub fn gitlab(report: &Report, repository: &Repository) -> String {
    use serde_json::json;
    use sha2::Digest;
    let issues: Vec<serde_json::Value> = ci_problems(report)
        .map(|d| {
            let (path, line) = match &d.location {
                Some(location) => (repository.path(&location.path), location.line.max(1)),
                None => (repository.path(Path::new("")).trim_end_matches('/').to_string(), 1),
            };
            let path = if path.is_empty() { ".".to_string() } else { path };
            let column = d.location.as_ref().map_or(0, |l| l.col);
            let key = format!("{}\u{0}{path}\u{0}{line}\u{0}{column}\u{0}{}", d.code, d.message);
            let digest = sha2::Sha256::digest(key.as_bytes());
            let fingerprint: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
            json!({
                "type": "issue",
                "check_name": d.code,
                "description": with_help(d),
                "categories": ["Style"],
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                "fingerprint": fingerprint,
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).expect("the report serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use neokit_core::diagnostics::{Location, Severity};

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

    fn repository() -> Repository {
        Repository { root: PathBuf::from("/work/repo"), kit: PathBuf::from("docs") }
    }

    #[test]
    fn github_annotations_carry_the_file_from_the_root_and_escape_what_the_runner_reads() {
        let mut r = report();
        r.diagnostics.push(Diagnostic::error("invalid-config", "50% off, a: b\nnext line\r").at(Location::new(
            "we, the: team.md",
            4,
            2,
        )));
        r.diagnostics.push(Diagnostic::note("language", "the pages read as English"));
        let text = github(&r, &repository());
        assert_eq!(
            text,
            "::error file=docs/SUMMARY.md,line=3,col=3,title=neokit [missing-page]::`gone.md` does not exist\n\
             ::warning file=docs/a.md,line=2,col=7,title=neokit [broken-link]::broken link: `x.md` does not exist%0Ahelp: did you mean `y.md`?\n\
             ::warning file=docs/.gitbook/assets/old.png,title=neokit [unused-asset]::`old.png` is not used by any page\n\
             ::error file=docs/we%2C the%3A team.md,line=4,col=2,title=neokit [invalid-config]::50%25 off, a: b%0Anext line%0D\n\
             ::notice title=neokit [language]::the pages read as English\n\
             Checked 3 pages: 2 errors, 2 warnings.\n"
        );
    }

    #[test]
    fn paths_start_at_the_root_for_a_kit_anywhere() {
        let root = Repository { root: PathBuf::from("/r"), kit: PathBuf::new() };
        assert_eq!(root.path(Path::new("a/b.md")), "a/b.md");
        assert_eq!(root.kit_folder(), "");
        assert_eq!(repository().path(Path::new("/work/repo/upstream/x.md")), "upstream/x.md");
        assert_eq!(repository().kit_folder(), "docs/");
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("site/kit")).unwrap();
        let found = Repository::new(&tmp.path().join("site/kit/."), &tmp.path().join("site"));
        assert_eq!(found.kit, PathBuf::from("kit"));
        let outside = Repository::new(tmp.path(), &tmp.path().join("site"));
        assert!(outside.kit.is_absolute());
    }

    #[test]
    fn sarif_results_point_at_rules_and_regions() {
        let mut r = report();
        r.diagnostics.push(Diagnostic::warning("image-alt", "no alt text").at(Location::new("my page ü.md", 5, 0)));
        let value: serde_json::Value = serde_json::from_str(&sarif(&r, &repository())).unwrap();
        let run = &value["runs"][0];
        let rules: Vec<&str> =
            run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(rules, ["broken-link", "image-alt", "missing-page", "unused-asset"]);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 4, "external links are not results");
        for result in results {
            assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize], result["ruleId"]);
        }
        assert_eq!(results[0]["level"], "error");
        let at = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(at["artifactLocation"]["uri"], "docs/SUMMARY.md");
        assert_eq!(at["artifactLocation"]["uriBaseId"], "SRCROOT");
        assert_eq!(at["region"]["startLine"], 3);
        assert_eq!(at["region"]["startColumn"], 3);
        assert!(results[2]["locations"][0]["physicalLocation"].get("region").is_none(), "a whole file");
        let at = &results[3]["locations"][0]["physicalLocation"];
        assert_eq!(at["artifactLocation"]["uri"], "docs/my%20page%20%C3%BC.md");
        assert!(at["region"].get("startColumn").is_none());
        assert_eq!(results[1]["message"]["text"], "broken link: `x.md` does not exist\nhelp: did you mean `y.md`?");
        assert_eq!(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///work/repo/");
        assert_eq!(run["originalUriBaseIds"]["KITROOT"]["uri"], "docs/");
        assert_eq!(run["originalUriBaseIds"]["KITROOT"]["uriBaseId"], "SRCROOT");
        assert_eq!(run["tool"]["driver"]["rules"][2]["defaultConfiguration"]["level"], "error");
    }

    #[test]
    fn gitlab_issues_have_a_place_a_severity_and_distinct_fingerprints() {
        let mut r = report();
        r.diagnostics.push(Diagnostic::warning("no-pages", "the kit has no pages"));
        let value: serde_json::Value = serde_json::from_str(&gitlab(&r, &repository())).unwrap();
        let issues = value.as_array().unwrap();
        assert_eq!(issues.len(), 4);
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["check_name"], "missing-page");
        assert_eq!(issues[0]["location"]["path"], "docs/SUMMARY.md");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
        assert_eq!(issues[2]["location"]["lines"]["begin"], 1, "a whole file is shown at its first line");
        assert_eq!(issues[3]["location"]["path"], "docs");
        let prints: std::collections::BTreeSet<&str> =
            issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
        assert_eq!(prints.len(), 4);
        assert_eq!(gitlab(&r, &repository()), gitlab(&r, &repository()), "fingerprints are stable");
    }
}
