//! The only writer: puts the built site on disk, atomically and safely.
//!
//! Input: files handed to a [`Staging`] as they are rendered (page HTML, copies of kit files,
//! theme files). They are written into a staging folder beside the output folder; only
//! [`Staging::commit`] swaps it in, so a failed or interrupted build leaves the previous site
//! intact and a dropped staging folder is removed. Writing pages as they are rendered keeps
//! memory flat however large the kit. neokit refuses output folders it must never replace: the
//! kit folder, a folder containing the kit, `/`, the home folder, and non-empty folders it did
//! not create (it marks its own with a `.neokit` file).
//!
//! Builds into the same folder may run at once (two terminals, a watcher and a CI step) and
//! may be killed at any moment. Each build stages in a folder of its own, marked busy by a lock
//! its process holds; commits into one output folder take turns under a lock on the folder
//! around it. On Linux the new site and the previous one are exchanged in one step, so the
//! output folder always holds a complete site; elsewhere two renames are used, and a build
//! killed between them is repaired by the next one, which puts the previous site back. Each
//! build removes what dead builds left behind (their staging folders and previous sites).
//!
//! Only what changed is written. The site a commit replaces is kept beside the output folder
//! (`.<name>.neokit/site/`, [`beside`]) and the next build stages into it: a file whose bytes
//! (or, for a copied kit file, size and modification time) are already there is not written
//! again, and what the new site no longer has is removed at commit. On a disk where creating
//! and removing files is slow, a build after a one-page edit thus writes a few files instead
//! of the whole site. The kept copy is only ever compared with, never published as it is: any
//! file in it may be stale or missing.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use anyhow::{Context as _, bail};

use neokit_core::diagnostics::Diagnostic;
use neokit_core::paths;

/// The file that marks a folder as written by neokit.
pub const MARKER: &str = ".neokit";
const MARKER_TEXT: &str = "This folder was written by neokit and is replaced on every build.\n";

#[derive(Debug, Clone)]
pub enum Content {
    /// Text, shared: the preview keeps pages it did not render again without copying them.
    Text(std::sync::Arc<str>),
    /// Text kept compressed (the preview's kept pages), unpacked when written or served.
    Packed(std::sync::Arc<neokit_core::packed::Packed>),
    Bytes(Vec<u8>),
    /// A file to copy as it is.
    Copy(PathBuf),
}

impl Content {
    /// The bytes held in memory (unpacked), or the file to copy.
    pub fn bytes_or_file(&self) -> Result<Cow<'_, [u8]>, &Path> {
        match self {
            Content::Text(text) => Ok(Cow::Borrowed(text.as_bytes())),
            Content::Packed(text) => Ok(Cow::Owned(text.bytes())),
            Content::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Content::Copy(source) => Err(source),
        }
    }
}

/// The folder beside an output folder where neokit keeps what makes the next build quicker
/// (`.public.neokit/` beside `public/`): the previous site ([`Staging`]) and the PDF's parts.
/// Never published, never inside the kit's content; deleting it only makes a build slower.
pub fn beside(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy();
    Some(output.parent()?.join(format!(".{name}.neokit")))
}

/// Where the site a commit replaced is kept for the next build to stage into.
fn spare(target: &Path) -> Option<PathBuf> {
    beside(target).map(|folder| folder.join("site"))
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

/// Inside a staging folder while its build runs: locked by the building process, so other
/// builds can tell a live staging folder from one a killed build left behind.
const BUSY: &str = ".neokit-busy";

/// A site being written. Files go into a hidden folder beside the output folder (or nowhere,
/// for a check-only run) and become the site only on [`Staging::commit`].
pub struct Staging {
    /// The staging folder; `None` when nothing is written to disk.
    dir: Option<PathBuf>,
    /// The lock that marks the staging folder busy.
    busy: Option<File>,
    /// Files kept in memory instead (for the preview server).
    memory: Option<Mutex<HashMap<String, Content>>>,
    target: PathBuf,
    paths: Mutex<HashSet<String>>,
    failure: Mutex<Option<anyhow::Error>>,
    bytes: AtomicU64,
    files: AtomicUsize,
    /// Put before every path added (the folder of the space being rendered).
    prefix: Mutex<String>,
    /// Whether the staging folder started as the kept previous site: files already there with
    /// the same bytes are not written again, and what is not added is removed at commit.
    reused: bool,
}

impl Staging {
    /// Prepares to write the site into `target`, refusing folders neokit must not replace.
    pub fn create(target: &Path, kit: &Path) -> anyhow::Result<Staging> {
        if let Some(reason) = refuse_reason(target, kit) {
            bail!("refusing to write the site: {reason}");
        }
        let target = absolute(target);
        let parent = target.parent().context("the output folder has no parent folder")?;
        let name = target.file_name().context("the output folder has no name")?.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let unique = format!("{}-{}", std::process::id(), STAGING_COUNTER.fetch_add(1, Ordering::Relaxed));
        let dir = parent.join(format!(".{name}{STAGING}{unique}"));
        let _turn = take_turn(&target)?;
        tidy(&target);
        // The previous site kept by the last commit, if any, is claimed during this build's
        // turn, so no other build stages into it too.
        let reused = spare(&target).is_some_and(|spare| std::fs::rename(spare, &dir).is_ok());
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let busy = File::create(dir.join(BUSY))
            .and_then(|file| file.lock().map(|()| file))
            .with_context(|| format!("cannot create {}", dir.join(BUSY).display()))?;
        let mut staging = Staging::new(Some(dir), &target);
        staging.busy = Some(busy);
        staging.reused = reused;
        Ok(staging)
    }

    /// A staging area that writes nothing (to check a kit without building it).
    pub fn discard(target: &Path) -> Staging {
        Staging::new(None, target)
    }

    /// A staging area that keeps the site in memory ([`Staging::into_memory`]), with room for
    /// about `files` files.
    pub fn memory(files: usize) -> Staging {
        let mut staging = Staging::new(None, Path::new(""));
        staging.memory = Some(Mutex::new(HashMap::with_capacity(files)));
        staging
    }

    /// The files of an in-memory site, by path.
    pub fn into_memory(mut self) -> HashMap<String, Content> {
        self.memory.take().and_then(|m| m.into_inner().ok()).unwrap_or_default()
    }

    fn new(dir: Option<PathBuf>, target: &Path) -> Staging {
        Staging {
            memory: None,
            busy: None,
            dir,
            target: target.to_path_buf(),
            paths: Mutex::new(HashSet::new()),
            failure: Mutex::new(None),
            bytes: AtomicU64::new(0),
            files: AtomicUsize::new(0),
            prefix: Mutex::new(String::new()),
            reused: false,
        }
    }

    /// Puts the files added from now on below `prefix` (`nl/`; `""`: the site root), for a
    /// site of several spaces rendered one after the other.
    pub fn set_prefix(&self, prefix: &str) {
        if let Ok(mut current) = self.prefix.lock() {
            *current = prefix.to_string();
        }
    }

    /// Adds a file of the site. A second file at the same path is an error (two pages, or a
    /// page and an asset, would overwrite each other). Disk errors surface in `commit`.
    pub fn put(&self, path: String, content: Content) -> Result<(), Diagnostic> {
        let path = match self.prefix.lock().as_deref() {
            Ok(prefix) if !prefix.is_empty() => format!("{prefix}{path}"),
            _ => path,
        };
        let conflict = |path: &str| {
            Diagnostic::error("output-conflict", format!("two different files would be published as `{path}`"))
        };
        let size = match &content {
            Content::Text(text) => text.len() as u64,
            Content::Packed(text) => text.len() as u64,
            Content::Bytes(bytes) => bytes.len() as u64,
            Content::Copy(source) => std::fs::metadata(source).map(|m| m.len()).unwrap_or(0),
        };
        if let Some(memory) = &self.memory {
            let mut files = memory.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if files.contains_key(&path) {
                return Err(conflict(&path));
            }
            files.insert(path, content);
            self.bytes.fetch_add(size, Ordering::Relaxed);
            self.files.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let new = self.paths.lock().map(|mut paths| paths.insert(path.clone())).unwrap_or(false);
        if !new {
            return Err(conflict(&path));
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        let Some(dir) = &self.dir else { return Ok(()) };
        let target = dir.join(&path);
        let mut result = write_file(&target, &content, self.reused);
        if result.is_err() && self.reused {
            // The kept site may have a file where this site has a folder, or the reverse.
            clear_way(dir, &target);
            result = write_file(&target, &content, false);
        }
        let result = result.with_context(|| format!("cannot write {}", target.display()));
        if let Err(error) = result
            && let Ok(mut failure) = self.failure.lock()
        {
            failure.get_or_insert(error);
        }
        Ok(())
    }

    /// Whether a file was added at `path`.
    pub fn contains(&self, path: &str) -> bool {
        let prefixed;
        let path = match self.prefix.lock().as_deref() {
            Ok(prefix) if !prefix.is_empty() => {
                prefixed = format!("{prefix}{path}");
                prefixed.as_str()
            }
            _ => path,
        };
        match &self.memory {
            Some(memory) => memory.lock().map(|files| files.contains_key(path)).unwrap_or(false),
            None => self.paths.lock().map(|paths| paths.contains(path)).unwrap_or(false),
        }
    }

    pub fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    pub fn byte_count(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Makes the written files the site, replacing the previous one.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let failure = self.failure.lock().ok().and_then(|mut f| f.take());
        if let Some(error) = failure {
            return Err(error);
        }
        let Some(dir) = self.dir.clone() else { return Ok(()) };
        let turn = take_turn(&self.target)?;
        tidy(&self.target);
        // No other build tidies while this one holds its turn, so the busy mark can go.
        drop(self.busy.take());
        std::fs::remove_file(dir.join(BUSY)).with_context(|| format!("cannot write {}", dir.display()))?;
        if self.reused {
            let paths = std::mem::take(&mut *self.paths.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            remove_others(&dir, &paths).with_context(|| format!("cannot write {}", dir.display()))?;
        }
        let previous = swap_in(&dir, &self.target)?;
        self.dir = None;
        // The new site is in place; the previous one is kept for the next build to stage into
        // (or removed, when another build already kept one).
        if let Some(previous) = previous {
            keep_as_spare(previous, &self.target);
        }
        drop(turn);
        Ok(())
    }
}

/// Writes one file of the site, unless (`compare`) the same content is already there.
fn write_file(target: &Path, content: &Content, compare: bool) -> std::io::Result<()> {
    if compare && same_content(target, content) {
        return Ok(());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match content.bytes_or_file() {
        Ok(bytes) => std::fs::write(target, bytes),
        Err(source) => {
            std::fs::copy(source, target)?;
            // The copy takes its source's modification time, so that the next build can tell
            // it is the same without reading either (as rsync does: a kit file changed within
            // the same clock tick as the copy, keeping its size, would not be seen).
            // Where that cannot be set, it is copied again next time.
            let modified = std::fs::metadata(source)?.modified()?;
            let _ = File::open(target).and_then(|copy| copy.set_modified(modified));
            Ok(())
        }
    }
}

/// Whether `target` already holds `content`: the same bytes, or for a copied file the same
/// size and modification time as its source.
fn same_content(target: &Path, content: &Content) -> bool {
    let Ok(existing) = std::fs::symlink_metadata(target) else { return false };
    if !existing.is_file() {
        return false;
    }
    match content.bytes_or_file() {
        Ok(bytes) => existing.len() == bytes.len() as u64 && std::fs::read(target).is_ok_and(|old| *old == *bytes),
        Err(source) => std::fs::metadata(source).is_ok_and(|source| {
            source.len() == existing.len()
                && source.modified().ok().is_some_and(|time| existing.modified().ok() == Some(time))
        }),
    }
}

/// Makes room for a file at `target` in a reused staging folder: a file where one of its
/// folders should be, or whatever is where it should be (a folder, a read-only file), is
/// removed.
fn clear_way(dir: &Path, target: &Path) {
    let mut folder = dir.to_path_buf();
    if let Ok(inside) = target.strip_prefix(dir) {
        for component in inside.parent().into_iter().flat_map(Path::components) {
            folder.push(component);
            if std::fs::symlink_metadata(&folder).is_ok_and(|m| !m.is_dir()) {
                let _ = std::fs::remove_file(&folder);
            }
        }
    }
    match std::fs::symlink_metadata(target) {
        Ok(existing) if existing.is_dir() => drop(std::fs::remove_dir_all(target)),
        Ok(_) => drop(std::fs::remove_file(target)),
        Err(_) => {}
    }
}

/// Removes from a reused staging folder every file not added in this build (`paths`, relative
/// with `/`), then the folders left empty.
fn remove_others(dir: &Path, paths: &HashSet<String>) -> std::io::Result<()> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
            continue;
        }
        let Ok(inside) = entry.path().strip_prefix(dir) else { continue };
        let relative = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if relative != MARKER && !paths.contains(&relative) {
            std::fs::remove_file(entry.path())?;
        }
    }
    // Deepest first; a folder that still holds files stays.
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

/// Keeps the site a commit replaced as the next build's starting point, if no other build
/// kept one already; else removes it.
fn keep_as_spare(previous: PathBuf, target: &Path) {
    let kept = spare(target).is_some_and(|spare| {
        let made = spare.parent().is_some_and(|folder| {
            paths::make_ignored_dir(folder, "What neokit keeps to make the next build quicker; safe to delete.").is_ok()
        });
        made && std::fs::rename(&previous, &spare).is_ok()
    });
    if !kept {
        let _ = std::fs::remove_dir_all(previous);
    }
}

impl Drop for Staging {
    /// A staging folder that was not committed is removed: the previous site stays.
    /// Its files may still spare the next build some writing, so it is kept as the previous
    /// site is ([`keep_as_spare`]).
    fn drop(&mut self) {
        drop(self.busy.take());
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_file(dir.join(BUSY));
            keep_as_spare(dir, &self.target);
        }
    }
}

/// What names a staging folder (`.public.neokit-staging-<pid>-<n>`) and a previous site moved
/// aside (`.public.neokit-old-<pid>-<n>`).
const STAGING: &str = ".neokit-staging-";
const OLD: &str = ".neokit-old-";

/// Waits for this build's turn to change the output folder `target`: a lock on the folder
/// around it, released when the returned handle is dropped. The lock is taken on the folder
/// itself where the system allows it, so nothing extra appears beside the site.
fn take_turn(target: &Path) -> anyhow::Result<File> {
    let parent = target.parent().unwrap_or(target);
    #[cfg(unix)]
    let file = File::open(parent);
    #[cfg(not(unix))]
    let file = File::create(parent.join(".neokit-lock"));
    let file = file.with_context(|| format!("cannot lock {}", parent.display()))?;
    file.lock().with_context(|| format!("cannot lock {}", parent.display()))?;
    Ok(file)
}

/// Clears up after builds that were killed: their staging folders and previous sites are
/// removed, and if one was killed after moving the previous site aside but before putting the
/// new one in place, the previous site goes back. Runs only during a build's turn.
fn tidy(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else { return };
    let name = name.to_string_lossy();
    let (staging_prefix, old_prefix) = (format!(".{name}{STAGING}"), format!(".{name}{OLD}"));
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let mut previous_sites = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&old_prefix) {
            previous_sites.push(path);
        } else if file_name.starts_with(&staging_prefix) && !is_busy(&path) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    if !target.exists() {
        // Only a complete previous site is moved aside, so any one of them will do.
        if let Some(previous) = previous_sites.pop() {
            let _ = std::fs::rename(&previous, target);
        }
    }
    for path in previous_sites {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Whether a staging folder belongs to a build that is still running.
fn is_busy(staging: &Path) -> bool {
    match File::open(staging.join(BUSY)) {
        Ok(file) => file.try_lock().is_err(),
        Err(_) => false,
    }
}

/// Puts the staged site in place of `target`, returning where the previous site went.
fn swap_in(staging: &Path, target: &Path) -> anyhow::Result<Option<PathBuf>> {
    std::fs::write(staging.join(MARKER), MARKER_TEXT).with_context(|| format!("cannot write {}", staging.display()))?;
    if !target.exists() {
        std::fs::rename(staging, target)
            .with_context(|| format!("cannot move the new site into {}", target.display()))?;
        return Ok(None);
    }
    // After the exchange the staging folder holds the previous site.
    #[cfg(target_os = "linux")]
    if rustix::fs::renameat_with(rustix::fs::CWD, staging, rustix::fs::CWD, target, rustix::fs::RenameFlags::EXCHANGE)
        .is_ok()
    {
        return Ok(Some(staging.to_path_buf()));
    }
    let old = staging.with_file_name(
        staging.file_name().map(|n| n.to_string_lossy().replace(STAGING, OLD)).unwrap_or_else(|| "old".into()),
    );
    std::fs::rename(target, &old)
        .with_context(|| format!("cannot move the previous site {} aside", target.display()))?;
    if let Err(error) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(error).with_context(|| format!("cannot move the new site into {}", target.display()));
    }
    Ok(Some(old))
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

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                (path, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_build_writes_only_what_changed_into_the_kept_site() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(&kit).unwrap();
        let asset = kit.join("logo.svg");
        std::fs::write(&asset, "<svg/>").unwrap();
        let out = kit.join("public");
        let build = |pages: &[(&str, &str)]| {
            let staging = Staging::create(&out, &kit).unwrap();
            for (path, text) in pages {
                staging.put(path.to_string(), Content::Text((*text).into())).unwrap();
            }
            staging.put("logo.svg".into(), Content::Copy(asset.clone())).unwrap();
            staging.commit().unwrap();
        };
        build(&[("index.html", "one"), ("a/index.html", "a"), ("b/c/index.html", "c")]);
        // The second build has nothing kept yet; the third stages into the first's site.
        build(&[("index.html", "two"), ("a/index.html", "a"), ("b/c/index.html", "c")]);
        let kept = out.parent().unwrap().join(".public.neokit/site");
        let unchanged = std::fs::metadata(kept.join("a/index.html")).unwrap().modified().unwrap();
        // A page moves from a file to a folder and back, one goes, one comes, one changes.
        build(&[("index.html", "three"), ("a/index.html", "a"), ("b/c", "c is a file now"), ("d.html", "d")]);
        assert_eq!(
            files(&out),
            [
                (".neokit".to_string(), MARKER_TEXT.to_string()),
                ("a/index.html".into(), "a".into()),
                ("b/c".into(), "c is a file now".into()),
                ("d.html".into(), "d".into()),
                ("index.html".into(), "three".into()),
                ("logo.svg".into(), "<svg/>".into()),
            ]
        );
        assert_eq!(std::fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), unchanged);
        // A changed kit file is copied again, even with the same size.
        std::fs::write(&asset, "<svG/>").unwrap();
        // (Set apart from the first time: a file system may keep times in ticks of a few ms.)
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        File::open(&asset).unwrap().set_modified(later).unwrap();
        build(&[("index.html", "four"), ("b/c/index.html", "c again")]);
        build(&[("index.html", "five"), ("b/c/index.html", "c again")]);
        assert_eq!(
            files(&out),
            [
                (".neokit".to_string(), MARKER_TEXT.to_string()),
                ("b/c/index.html".into(), "c again".into()),
                ("index.html".into(), "five".into()),
                ("logo.svg".into(), "<svG/>".into()),
            ]
        );
        assert_eq!(leftovers(&kit), [".public.neokit", "logo.svg", "public"]);
        assert_eq!(leftovers(&kit.join(".public.neokit")), [".gitignore", "site"]);
    }

    #[test]
    fn commit_replaces_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(&kit).unwrap();
        let out = kit.join("public");
        let staging = Staging::create(&out, &kit).unwrap();
        staging.put("index.html".into(), Content::Text("one".into())).unwrap();
        staging.put("a/b/index.html".into(), Content::Text("two".into())).unwrap();
        assert!(staging.put("a/b/index.html".into(), Content::Text("dup".into())).is_err());
        assert_eq!((staging.file_count(), staging.byte_count()), (2, 6));
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "two");

        let second = Staging::create(&out, &kit).unwrap();
        second.put("index.html".into(), Content::Text("new".into())).unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("a").exists());
        assert_eq!(leftovers(&kit), [".public.neokit", "public"]);
    }

    #[test]
    fn concurrent_commits_always_leave_a_complete_site() {
        use std::sync::atomic::AtomicBool;
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(&kit).unwrap();
        let out = kit.join("public");
        let commit = |id: &str| {
            let staging = Staging::create(&out, &kit).unwrap();
            for name in ["a.html", "b/index.html", "c.html"] {
                staging.put(name.into(), Content::Text(id.into())).unwrap();
            }
            staging.commit().unwrap();
        };
        commit("first");
        let done = AtomicBool::new(false);
        let gaps = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let watcher = scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    if !out.join("b/index.html").is_file() {
                        gaps.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
            let writers: Vec<_> = (0..4)
                .map(|writer| {
                    let commit = &commit;
                    scope.spawn(move || (0..25).for_each(|n| commit(&format!("{writer}-{n}"))))
                })
                .collect();
            let results: Vec<_> = writers.into_iter().map(|w| w.join()).collect();
            done.store(true, Ordering::Relaxed);
            watcher.join().unwrap();
            assert!(results.iter().all(Result::is_ok), "a commit failed");
        });
        let a = std::fs::read_to_string(out.join("a.html")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), a);
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), a);
        assert_eq!(leftovers(&kit), [".public.neokit", "public"]);
        if cfg!(target_os = "linux") {
            assert_eq!(gaps.load(Ordering::Relaxed), 0, "the site was missing while another was put in place");
        }
    }

    #[test]
    fn dropped_staging_leaves_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        std::fs::create_dir_all(&kit).unwrap();
        let out = kit.join("public");
        let first = Staging::create(&out, &kit).unwrap();
        first.put("index.html".into(), Content::Text("kept".into())).unwrap();
        first.commit().unwrap();
        let failed = Staging::create(&out, &kit).unwrap();
        failed.put("index.html".into(), Content::Text("lost".into())).unwrap();
        drop(failed);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "kept");
        assert_eq!(leftovers(&kit), [".public.neokit", "public"]);
    }
}
