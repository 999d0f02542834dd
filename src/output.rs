//! The only writer: puts a fully rendered site on disk, atomically and safely.
//!
//! Input: an [`Output`] (every file of the site, in memory or to be copied) and the output
//! folder. The site is written to a staging folder beside the output folder and swapped in
//! with renames only after everything was written, so a failed or interrupted build leaves
//! the previous site intact. neokit refuses output folders it must never replace: the kit
//! folder, a folder containing the kit, `/`, the home folder, and non-empty folders it did not
//! create (it marks its own with a `.neokit` file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// The file that marks a folder as written by neokit.
pub const MARKER: &str = ".neokit";
const MARKER_TEXT: &str = "This folder was written by neokit and is replaced on every build.\n";

#[derive(Debug, Clone)]
pub enum Content {
    Text(String),
    Bytes(Vec<u8>),
    /// A file to copy as it is.
    Copy(PathBuf),
}

/// The files of a built site, by path relative to the site root.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Content>,
}

impl Output {
    /// Adds a file; a second file at the same path is an error (two pages, or a page and an
    /// asset, would overwrite each other).
    pub fn add(&mut self, path: String, content: Content, problems: &mut Vec<Diagnostic>) {
        if self.files.contains_key(&path) {
            problems.push(Diagnostic::error(
                "output-conflict",
                format!("two different files would be published as `{path}`"),
            ));
            return;
        }
        self.files.insert(path, content);
    }

    pub fn get(&self, path: &str) -> Option<&Content> {
        self.files.get(path)
    }

    /// Bytes the site will take (copied files counted by their size on disk).
    pub fn total_bytes(&self) -> u64 {
        self.files
            .values()
            .map(|c| match c {
                Content::Text(t) => t.len() as u64,
                Content::Bytes(b) => b.len() as u64,
                Content::Copy(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            })
            .sum()
    }
}

/// Why an output folder is refused, if it is.
pub fn refuse_reason(output: &Path, kit: &Path) -> Option<String> {
    let output = absolute(output);
    let kit = absolute(kit);
    if output.parent().is_none() {
        return Some(format!("the output folder `{}` is the root of the file system", output.display()));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == output
    {
        return Some(format!("the output folder `{}` is your home folder", output.display()));
    }
    if output == kit {
        return Some(format!("the output folder `{}` is the kit folder itself", output.display()));
    }
    if kit.starts_with(&output) {
        return Some(format!("the output folder `{}` contains the kit", output.display()));
    }
    if output.is_file() {
        return Some(format!("`{}` is a file, not a folder", output.display()));
    }
    if output.is_dir() && !output.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&output).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Some(format!(
                "the output folder `{}` is not empty and was not created by neokit; it would be replaced",
                output.display()
            ));
        }
    }
    None
}

/// A path made absolute and normalised without touching the disk (symlinks resolved where the
/// path exists).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let base = if path.is_absolute() { PathBuf::new() } else { std::env::current_dir().unwrap_or_default() };
    let mut out = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve the part of the path that exists (e.g. a symlinked parent).
    match (out.parent().and_then(|p| p.canonicalize().ok()), out.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => out,
    }
}

static STAGING_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Writes `output` to `dir`, replacing its previous contents only once everything is written.
pub fn write(output: &Output, dir: &Path, kit: &Path) -> anyhow::Result<()> {
    if let Some(reason) = refuse_reason(dir, kit) {
        bail!("refusing to write the site: {reason}");
    }
    let dir = absolute(dir);
    let parent = dir.parent().context("the output folder has no parent folder")?;
    let name = dir.file_name().context("the output folder has no name")?.to_string_lossy().into_owned();
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let unique = format!("{}-{}", std::process::id(), STAGING_COUNTER.fetch_add(1, Ordering::Relaxed));
    let staging = parent.join(format!(".{name}.neokit-staging-{unique}"));
    let old = parent.join(format!(".{name}.neokit-old-{unique}"));
    let result = write_tree(output, &staging);
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    if dir.exists() {
        std::fs::rename(&dir, &old)
            .with_context(|| format!("cannot move the previous site {} aside", dir.display()))?;
    }
    if let Err(error) = std::fs::rename(&staging, &dir) {
        // Put the previous site back.
        if old.exists() {
            let _ = std::fs::rename(&old, &dir);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error).with_context(|| format!("cannot move the new site into {}", dir.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
    }
    Ok(())
}

fn write_tree(output: &Output, root: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
    let dirs: BTreeSet<PathBuf> =
        output.files.keys().filter_map(|path| Path::new(path).parent().map(|p| root.join(p))).collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    output.files.par_iter().try_for_each(|(path, content)| -> anyhow::Result<()> {
        let target = root.join(path);
        match content {
            Content::Text(text) => std::fs::write(&target, text),
            Content::Bytes(bytes) => std::fs::write(&target, bytes),
            Content::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
        }
        .with_context(|| format!("cannot write {}", target.display()))
    })?;
    std::fs::write(root.join(MARKER), MARKER_TEXT).with_context(|| format!("cannot write {}", root.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(kit.join("content")).unwrap();
        std::fs::write(kit.join("content/README.md"), "# Hi").unwrap();
        assert!(refuse_reason(&kit, &kit).unwrap().contains("kit folder itself"));
        assert!(refuse_reason(tmp.path(), &kit).unwrap().contains("contains the kit"));
        assert!(refuse_reason(Path::new("/"), &kit).is_some());
        assert!(refuse_reason(&kit.join("content"), &kit).unwrap().contains("not empty"));
        assert!(refuse_reason(&kit.join("public"), &kit).is_none());
        std::fs::create_dir_all(kit.join("empty")).unwrap();
        assert!(refuse_reason(&kit.join("empty"), &kit).is_none());
    }

    #[test]
    fn write_replaces_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(&kit).unwrap();
        let out = kit.join("public");
        let mut output = Output::default();
        let mut problems = Vec::new();
        output.add("index.html".into(), Content::Text("one".into()), &mut problems);
        output.add("a/b/index.html".into(), Content::Text("two".into()), &mut problems);
        output.add("a/b/index.html".into(), Content::Text("dup".into()), &mut problems);
        assert_eq!(problems.len(), 1);
        write(&output, &out, &kit).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "two");
        let mut second = Output::default();
        second.add("index.html".into(), Content::Text("new".into()), &mut problems);
        write(&second, &out, &kit).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(&kit).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
