//! "Last updated" dates: from the kit's git history (`auto`, `git`), or from file times only
//! when asked (`file`): a kit without a history shows no dates rather than the day its files
//! were copied.
//!
//! Input: the content root and the page files. Output: a Unix time per page file. Git is asked
//! once for the whole history (`git log --name-only`), not once per page, so the cost does not
//! grow with the number of pages. Dates are shown in UTC, as day, month and year.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::LastUpdated;
use neokit_core::keys;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;

/// The date each page was last changed (Unix seconds). Pages of a layer over the content root
/// (an overlay) are dated from their own folder's history.
pub fn last_updated(mode: LastUpdated, tree: &SourceTree, pages: &[RelPath]) -> HashMap<RelPath, i64> {
    let mut kept = Kept::default();
    date_pages(mode, tree, pages, &mut kept, None);
    kept.dates
}

/// What the preview keeps between builds: each folder's history, read again only when its
/// commit changed, and the last build's dates, of which only the changed pages' are looked up
/// again.
#[derive(Debug, Default)]
pub struct Kept {
    /// The mode and pages the dates below are for.
    of: Option<(LastUpdated, u64)>,
    dates: HashMap<RelPath, i64>,
    /// The pages by folder ([`by_root`]).
    roots: Vec<(PathBuf, Vec<(RelPath, RelPath)>)>,
    /// Per folder: the commit, the folder inside its repository, and each file's last commit.
    history: HashMap<PathBuf, History>,
}

#[derive(Debug, Clone)]
struct History {
    head: String,
    prefix: String,
    committed: std::sync::Arc<HashMap<RelPath, i64>>,
}

/// [`last_updated`], reusing `kept`: when `changed` lists the only pages whose files changed
/// since the dates in `kept`, only those are dated again (all of a folder's pages when its
/// commit moved).
pub fn last_updated_kept(
    mode: LastUpdated,
    tree: &SourceTree,
    pages: &[RelPath],
    kept: &mut Kept,
    changed: Option<&std::collections::HashSet<RelPath>>,
) -> HashMap<RelPath, i64> {
    date_pages(mode, tree, pages, kept, changed);
    kept.dates.clone()
}

/// Dates `pages` into `kept.dates` (see [`last_updated_kept`]).
fn date_pages(
    mode: LastUpdated,
    tree: &SourceTree,
    pages: &[RelPath],
    kept: &mut Kept,
    changed: Option<&std::collections::HashSet<RelPath>>,
) {
    if mode == LastUpdated::Off {
        kept.of = None;
        kept.dates.clear();
        return;
    }
    let of = Some((mode, keys::key(pages)));
    let changed = changed.filter(|_| kept.of == of);
    if changed.is_none() {
        kept.roots = by_root(tree, pages);
    }
    let mut dates = if changed.is_some() { std::mem::take(&mut kept.dates) } else { HashMap::new() };
    let roots = std::mem::take(&mut kept.roots);
    let use_git = matches!(mode, LastUpdated::Auto | LastUpdated::Git);
    for (root, pages) in &roots {
        // Only the changed pages are dated again, unless the folder's commit moved.
        let previous = kept.history.get(root).map(|h| h.head.clone());
        let mut only: Option<Vec<&(RelPath, RelPath)>> =
            changed.map(|changed| pages.iter().filter(|(page, _)| changed.contains(page)).collect());
        let mut status = match &only {
            _ if !use_git => None,
            Some(only) => git_status(root, Some(only.iter().map(|(_, inside)| inside))),
            None => git_status(root, None::<std::iter::Empty<&RelPath>>),
        };
        if only.is_some() && status.as_ref().map(|s| &s.head) != previous.as_ref() {
            only = None;
            status = if use_git { git_status(root, None::<std::iter::Empty<&RelPath>>) } else { None };
        }
        let history = status.as_ref().and_then(|status| match kept.history.get(root) {
            Some(history) if history.head == status.head => Some(history.clone()),
            _ => {
                let history = git_history(root, &status.head)?;
                kept.history.insert(root.clone(), history.clone());
                Some(history)
            }
        });
        let (committed, modified) = match (&history, status) {
            (Some(history), Some(status)) => (history.committed.clone(), status.modified(&history.prefix)),
            _ => Default::default(),
        };
        // A file's time says when it was copied, unpacked or checked out as much as when it was
        // written: without `file`, it is used only for a file changed since the last commit of
        // a history (`auto`), never for a kit without one (such as one `neokit init` just made).
        let edits_dated = mode == LastUpdated::Auto && !committed.is_empty();
        for (page, inside) in only.unwrap_or_else(|| pages.iter().collect()) {
            let date = match committed.get(inside) {
                Some(&committed) if !modified.contains(inside) => Some(committed),
                _ if mode == LastUpdated::File => file_time(&root.join(inside.to_native())),
                _ if edits_dated && modified.contains(inside) => file_time(&root.join(inside.to_native())),
                _ => None,
            };
            match date {
                Some(date) => dates.insert(page.clone(), date),
                None => dates.remove(page),
            };
        }
    }
    kept.roots = roots;
    kept.of = of;
    kept.dates = dates;
}

/// Pages by the folder whose history dates them, with their path in it.
fn by_root(tree: &SourceTree, pages: &[RelPath]) -> Vec<(PathBuf, Vec<(RelPath, RelPath)>)> {
    let mut by_root: std::collections::BTreeMap<PathBuf, Vec<(RelPath, RelPath)>> = Default::default();
    for page in pages {
        let disk = tree.disk_path(page);
        let (root, inside) = match disk.ancestors().nth(page.segments().count()) {
            Some(root) if root.join(page.to_native()) == disk => (root.to_path_buf(), page.clone()),
            _ => match (disk.parent(), disk.file_name().and_then(|n| n.to_str()).and_then(RelPath::new)) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), name),
                _ => continue,
            },
        };
        by_root.entry(root).or_default().push((page.clone(), inside));
    }
    by_root.into_iter().collect()
}

fn file_time(path: &Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// `git status` of a folder: its commit and the changed files (paths from the repository's
/// root), of the whole folder or of `only` these files in it.
struct Status {
    head: String,
    changed: Vec<String>,
}

impl Status {
    /// The changed files, relative to the folder (`prefix` inside the repository).
    fn modified(&self, prefix: &str) -> std::collections::HashSet<RelPath> {
        self.changed.iter().filter_map(|path| path.strip_prefix(prefix).and_then(RelPath::new)).collect()
    }
}

fn git_status<'a>(root: &Path, only: Option<impl Iterator<Item = &'a RelPath>>) -> Option<Status> {
    let mut only = only.map(Iterator::peekable);
    // No file to look at: only the commit.
    if let Some(paths) = &mut only
        && paths.peek().is_none()
    {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--is-inside-work-tree", "HEAD"])
            .output()
            .ok()?;
        let printed = String::from_utf8_lossy(&output.stdout);
        let mut lines = printed.lines();
        if lines.next() != Some("true") {
            return None;
        }
        // A repository without commits has no HEAD yet.
        let head = lines.next().filter(|_| output.status.success()).unwrap_or("(initial)").trim().to_string();
        return Some(Status { head, changed: Vec::new() });
    }
    let mut command = Command::new("git");
    command.arg("-C").arg(root).args([
        "-c",
        "core.quotepath=off",
        "status",
        "--porcelain=v2",
        "--branch",
        "--no-renames",
        "--untracked-files=all",
        "--",
    ]);
    match only {
        Some(paths) => command.args(paths.map(|p| p.to_native())),
        None => command.arg("."),
    };
    let output = command.output().ok()?;
    if !output.status.success() {
        return None;
    }
    let mut status = Status { head: String::new(), changed: Vec::new() };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some(head) = line.strip_prefix("# branch.oid ") {
            status.head = head.trim().to_string();
        } else if let Some(path) = line.strip_prefix("? ") {
            status.changed.push(path.trim_matches('"').to_string());
        } else if line.starts_with("1 ") || line.starts_with("u ") {
            // `1 XY sub mH mI mW hH hI path` (`u` has two more fields before the path).
            let fields = if line.starts_with("1 ") { 8 } else { 10 };
            if let Some(path) = line.splitn(fields + 1, ' ').nth(fields) {
                status.changed.push(path.trim_matches('"').to_string());
            }
        }
    }
    Some(status)
}

/// The last commit time of every file under `root` (one walk over the history), at `head`.
fn git_history(root: &Path, head: &str) -> Option<History> {
    let prefix = Command::new("git").arg("-C").arg(root).args(["rev-parse", "--show-prefix"]).output().ok()?;
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    let log = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative", "--", "."])
        .output()
        .ok()?;
    let mut committed = HashMap::new();
    // A repository without commits has no history yet.
    if log.status.success() {
        let mut current = 0i64;
        for line in String::from_utf8_lossy(&log.stdout).lines() {
            if let Some(time) = line.strip_prefix('\0') {
                current = time.trim().parse().unwrap_or(0);
            } else if !line.trim().is_empty()
                && let Some(path) = RelPath::new(line.trim())
            {
                // The log runs newest first: the first time a file appears is its last change.
                committed.entry(path).or_insert(current);
            }
        }
    }
    Some(History { head: head.to_string(), prefix, committed: std::sync::Arc::new(committed) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kit as `neokit init` leaves it: files written today, no history.
    #[test]
    fn a_kit_without_history_shows_no_dates_unless_file_times_are_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "# Home\n").unwrap();
        let tree = SourceTree { root: dir.path().to_path_buf(), ..Default::default() };
        let pages = [RelPath::new("README.md").unwrap()];
        assert!(last_updated(LastUpdated::Auto, &tree, &pages).is_empty());
        assert!(last_updated(LastUpdated::Git, &tree, &pages).is_empty());
        let dated = last_updated(LastUpdated::File, &tree, &pages);
        assert!(dated.get(&pages[0]).is_some_and(|&time| time > 1_700_000_000), "{dated:?}");
    }

    #[test]
    fn off_gives_nothing() {
        assert!(
            last_updated(LastUpdated::Off, &SourceTree::default(), &[RelPath::new("README.md").unwrap()]).is_empty()
        );
    }
}
