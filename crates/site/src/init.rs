//! `neokit init DIR`: a new kit, from the sample kit, in one command.
//!
//! Input: a folder and, optionally, the hospital's own names. Output: the sample kit's
//! GitBook files and a commented `neokit.yaml` written into it, with the hospital's name, its
//! unit and the programme's e-mail address wherever the sample has its own (`neokit.yaml`
//! and `.gitbook/vars.yaml`: the pages name them through variables). Nothing is overwritten:
//! when any file already exists, nothing is written. [`placeholders`] finds the sample's
//! names left in a kit that has its own.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rust_embed::RustEmbed;

use crate::config::{CONFIG_FILE, Config};
use neokit_core::diagnostics::{Diagnostic, LineIndex};
use neokit_core::source::SourceTree;

#[derive(RustEmbed)]
#[folder = "../../content/"]
struct SampleKit;

/// The commented configuration a new kit starts with.
pub const CONFIG_TEMPLATE: &str = include_str!("init-neokit.yaml");

/// The sample kit's own names, as its files write them.
pub const SAMPLE_HOSPITAL: &str = "Westbrook Children's Hospital";
pub const SAMPLE_UNIT: &str = "Westbrook NICU";
const SAMPLE_EMAILS: [&str; 2] = ["neoflix@westbrook-childrens.example", "neoflix@example.org"];
/// The word that gives the sample's names away.
const SAMPLE_WORD: &str = "Westbrook";

/// A hospital's own names for a new kit (each left as the sample's when not given).
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub hospital: Option<String>,
    pub unit: Option<String>,
    pub email: Option<String>,
}

/// Writes a new kit into `dir`. Returns the files written (relative to `dir`).
pub fn init(dir: &Path, names: &Names) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<(PathBuf, std::borrow::Cow<'static, [u8]>)> = SampleKit::iter()
        .filter_map(|name| SampleKit::get(&name).map(|file| (PathBuf::from(name.as_ref()), file.data)))
        .collect();
    files.push((PathBuf::from(CONFIG_FILE), CONFIG_TEMPLATE.as_bytes().into()));
    let existing: Vec<String> =
        files.iter().filter(|(path, _)| dir.join(path).exists()).map(|(path, _)| path.display().to_string()).collect();
    if !existing.is_empty() {
        let shown: Vec<&str> = existing.iter().take(5).map(String::as_str).collect();
        let more = if existing.len() > 5 { format!(" and {} more", existing.len() - 5) } else { String::new() };
        bail!(
            "{} already has files that a new kit would overwrite ({}{more}); nothing was written",
            dir.display(),
            shown.join(", ")
        );
    }
    for (path, data) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let named = [Path::new(CONFIG_FILE), Path::new(".gitbook/vars.yaml")].contains(&path.as_path());
        match std::str::from_utf8(data) {
            Ok(text) if named => std::fs::write(&target, with_names(text, names)),
            _ => std::fs::write(&target, data),
        }
        .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// A YAML file of the sample with the hospital's names in place of the sample's: each value
/// written as a quoted YAML string.
fn with_names(text: &str, names: &Names) -> String {
    let quoted = |value: &str| serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let value = line.split_once(':').map(|(_, v)| v.trim().trim_matches('"'));
        let replacement = match value {
            Some(SAMPLE_HOSPITAL) => names.hospital.as_deref(),
            Some(SAMPLE_UNIT) => names.unit.as_deref(),
            Some(v) if SAMPLE_EMAILS.contains(&v) => names.email.as_deref(),
            _ => None,
        };
        match (replacement, line.split_once(':')) {
            (Some(new), Some((key, _))) => {
                out.push_str(&format!("{key}: {}", quoted(new)));
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// What to do after `init`, printed for the person who ran it.
pub fn checklist(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "Make it yours:\n\
         1. {dir}/neokit.yaml: your hospital's name, colours and logo (brand:), who does each role (people:).\n\
         2. {dir}/.gitbook/vars.yaml: your unit's name, the programme's e-mail address, local details.\n\
         3. Read the pages and change what your unit does differently; `neokit serve {dir}` shows each save.\n\
         4. `neokit check {dir}` lists what is left: broken links, missing alt text, the sample's names."
    )
}

/// The sample's names left in a kit that has its own (`brand.name` set to another name): a
/// warning at each place, in the pages, `.gitbook/vars.yaml` and `neokit.yaml`.
pub fn placeholders(config: &Config, tree: &SourceTree) -> Vec<Diagnostic> {
    let Some(brand) = &config.brand.name else { return Vec::new() };
    if brand.contains(SAMPLE_WORD) {
        return Vec::new();
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for path in tree.markdown.iter().chain(tree.files.iter().filter(|p| p.as_str() == ".gitbook/vars.yaml")) {
        if let Ok(text) = tree.read_text(path) {
            files.push((tree.shown(path), text));
        }
    }
    if let Ok(text) = std::fs::read_to_string(config.kit_dir.join(CONFIG_FILE)) {
        files.push((PathBuf::from(CONFIG_FILE), text));
    }
    let mut found = Vec::new();
    for (shown, text) in files {
        let lines = LineIndex::new(&text);
        for (offset, _) in text.match_indices(SAMPLE_WORD) {
            found.push(
                Diagnostic::warning("placeholder-name", format!("`{SAMPLE_WORD}` is the sample kit's hospital"))
                    .at(lines.location(&shown, offset))
                    .with_help(format!(
                        "this kit belongs to {brand}: write your own name (unit and hospital names are in .gitbook/vars.yaml)"
                    )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_replace_the_samples_in_yaml() {
        let names = Names {
            hospital: Some("St Elsewhere: University Hospitals".into()),
            unit: None,
            email: Some("nicu@st-elsewhere.example".into()),
        };
        let text = "unit_name: Westbrook NICU\nhospital_name: Westbrook Children's Hospital\nprogramme_email: neoflix@westbrook-childrens.example\n";
        assert_eq!(
            with_names(text, &names),
            "unit_name: Westbrook NICU\nhospital_name: \"St Elsewhere: University Hospitals\"\nprogramme_email: \"nicu@st-elsewhere.example\"\n"
        );
        let config = "brand:\n  name: Westbrook Children's Hospital\n  contact:\n    email: neoflix@example.org\n";
        assert_eq!(
            with_names(config, &names),
            "brand:\n  name: \"St Elsewhere: University Hospitals\"\n  contact:\n    email: \"nicu@st-elsewhere.example\"\n"
        );
    }
}
