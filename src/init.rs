//! `neokit init DIR`: a new kit, from the sample kit, in one command.
//!
//! Input: a folder. Output: the sample kit's GitBook files and a commented `neokit.yaml`
//! written into it. Nothing is overwritten: when any file already exists, nothing is written.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "content/"]
struct SampleKit;

/// The commented configuration a new kit starts with.
pub const CONFIG_TEMPLATE: &str = include_str!("init-neokit.yaml");

/// Writes a new kit into `dir`. Returns the files written (relative to `dir`).
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<(PathBuf, std::borrow::Cow<'static, [u8]>)> = SampleKit::iter()
        .filter_map(|name| SampleKit::get(&name).map(|file| (PathBuf::from(name.as_ref()), file.data)))
        .collect();
    files.push((PathBuf::from(crate::config::CONFIG_FILE), CONFIG_TEMPLATE.as_bytes().into()));
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
        std::fs::write(&target, data).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}
