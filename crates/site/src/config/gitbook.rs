//! `.gitbook.yaml`: where a GitBook space keeps its root, README, SUMMARY and redirects.
//!
//! Input: the file's text. Output: [`GitbookConfig`] plus warnings. The file is read the way
//! GitBook reads it: leniently. Zero-width spaces are stripped, unknown keys (such as the
//! misspelt `redirect:` seen in real repositories) are warned about and ignored, and a broken
//! file is an error naming its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::yaml;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitbookConfig {
    /// Content root relative to the folder holding `.gitbook.yaml` ("" = that folder).
    pub root: String,
    /// The first page, relative to the root (default `README.md`).
    pub readme: String,
    /// The table of contents, relative to the root (default `SUMMARY.md`).
    pub summary: String,
    /// (old URL path without leading slash, target file or folder relative to the root, line
    /// in the file), sorted by old path.
    pub redirects: Vec<(String, String, usize)>,
    /// Where `root` is written (line, column), when the file names one.
    pub root_at: Option<(usize, usize)>,
    /// Where `structure.readme` is written (line, column), when the file names one.
    pub readme_at: Option<(usize, usize)>,
    /// Where `structure.summary` is written (line, column), when the file names one.
    pub summary_at: Option<(usize, usize)>,
}

impl Default for GitbookConfig {
    fn default() -> Self {
        GitbookConfig {
            root: String::new(),
            readme: "README.md".into(),
            summary: "SUMMARY.md".into(),
            redirects: Vec::new(),
            root_at: None,
            readme_at: None,
            summary_at: None,
        }
    }
}

#[derive(Deserialize, Default)]
struct Raw {
    root: Option<String>,
    #[serde(default)]
    structure: RawStructure,
    #[serde(default)]
    redirects: Option<BTreeMap<String, Option<String>>>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(Deserialize, Default)]
struct RawStructure {
    readme: Option<String>,
    summary: Option<String>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Parses the text of `.gitbook.yaml` found at `path` (used in messages).
pub fn parse(text: &str, path: &Path) -> (GitbookConfig, Vec<Diagnostic>) {
    let text = yaml::strip_invisible(text);
    let mut diagnostics = Vec::new();
    let raw: Raw = match yaml::parse(&text) {
        Ok(raw) => raw,
        Err(error) => {
            let mut problem =
                Diagnostic::error("invalid-gitbook-yaml", format!("cannot read .gitbook.yaml: {}", error.message))
                    .at(Location::new(path, error.line, error.col));
            if let Some(help) = error.help {
                problem = problem.with_help(help);
            }
            diagnostics.push(problem);
            return (GitbookConfig::default(), diagnostics);
        }
    };
    let mut warn_unknown = |keys: &BTreeMap<String, serde::de::IgnoredAny>, parent: &[&str], known: &[&str]| {
        for key in keys.keys() {
            let mut full: Vec<&str> = parent.to_vec();
            full.push(key);
            let (line, col) = yaml::key_position(&text, &full).unwrap_or((0, 0));
            let mut d = Diagnostic::warning(
                "unknown-key",
                format!("unknown key `{}` in .gitbook.yaml is ignored", full.join(".")),
            )
            .at(Location::new(path, line, col));
            if let Some(best) = yaml::did_you_mean(key, known) {
                d = d.with_help(format!("did you mean `{best}`?"));
            }
            diagnostics.push(d);
        }
    };
    warn_unknown(&raw.unknown, &[], &["root", "structure", "redirects"]);
    warn_unknown(&raw.structure.unknown, &["structure"], &["readme", "summary"]);

    let clean = |p: &str| p.trim().trim_start_matches("./").trim_end_matches('/').to_string();
    let mut config = GitbookConfig::default();
    if let Some(root) = raw.root {
        config.root = clean(&root);
        config.root_at = yaml::key_position(&text, &["root"]);
    }
    // Where a `structure` key is written: at the key (block style), else at `structure:`.
    let at = |key: &str| {
        yaml::key_position(&text, &["structure", key]).or_else(|| yaml::key_position(&text, &["structure"]))
    };
    if let Some(readme) = raw.structure.readme.filter(|r| !clean(r).is_empty()) {
        config.readme = clean(&readme);
        config.readme_at = at("readme");
    }
    if let Some(summary) = raw.structure.summary.filter(|s| !clean(s).is_empty()) {
        config.summary = clean(&summary);
        config.summary_at = at("summary");
    }
    for (from, to) in raw.redirects.unwrap_or_default() {
        let line = yaml::key_position(&text, &["redirects", &from]).map_or(0, |(l, _)| l);
        match to {
            Some(to) if !to.trim().is_empty() => {
                config.redirects.push((from.trim_matches('/').to_string(), to.trim().to_string(), line))
            }
            _ => diagnostics.push(
                Diagnostic::warning("invalid-redirect", format!("redirect `{from}` has no target and is ignored"))
                    .at(Location::new(path, line, 0)),
            ),
        }
    }
    (config, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let (config, diagnostics) = parse("", Path::new(".gitbook.yaml"));
        assert_eq!(config, GitbookConfig::default());
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn real_world_quirks() {
        let text = "\u{200b}root: ./docs/\nstructure:\n  readme: INTRODUCTION.md\u{200b}\n  summary: summary.md\nredirect:\n  a: b.md\nredirects:\n  old/page: new/page\n  folder: ./pipeline/inputs/\n";
        let (config, diagnostics) = parse(text, Path::new(".gitbook.yaml"));
        assert_eq!(config.root, "docs");
        assert_eq!(config.readme, "INTRODUCTION.md");
        assert_eq!(config.summary, "summary.md");
        assert_eq!((config.readme_at, config.summary_at), (Some((3, 3)), Some((4, 3))));
        assert_eq!(config.redirects.len(), 2);
        assert_eq!(config.redirects[1].0, "old/page");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `redirects`?"));
        assert_eq!(diagnostics[0].location.as_ref().unwrap().line, 5);
    }

    #[test]
    fn structure_keys_located_in_flow_style_and_empty_values_ignored() {
        let (config, _) = parse("root: ./\nstructure: { readme: intro.md }\n", Path::new(".gitbook.yaml"));
        assert_eq!((config.readme.as_str(), config.readme_at), ("intro.md", Some((2, 1))));
        let (config, _) = parse("structure:\n  readme: ./\n  summary:\n", Path::new(".gitbook.yaml"));
        assert_eq!(config, GitbookConfig::default());
    }

    #[test]
    fn broken_yaml_is_an_error_with_line() {
        let (_, diagnostics) = parse("root: ./\nstructure: [\n", Path::new(".gitbook.yaml"));
        assert!(diagnostics[0].is_error());
        assert!(diagnostics[0].location.as_ref().unwrap().line >= 2);
    }
}
