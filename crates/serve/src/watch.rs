//! Watching the kit for changes: native file events (notify), or polling for network drives.
//!
//! Input: the folders to watch. Output: a channel that receives a message for every change
//! that matters. [`classify`] (pure) decides what matters: edits to pages, SUMMARY,
//! `neokit.yaml`, `.gitbook.yaml`, assets and the theme, but not the output folder, version
//! control, or the temporary and lock files editors write while saving.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// Whether a changed path should trigger a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Relevant,
    Ignored,
}

/// Decides whether a change to `path` matters. `roots` are the watched folders, `skip` folders
/// whose changes never do (the output folder).
pub fn classify(path: &Path, roots: &[PathBuf], skip: &[PathBuf]) -> Change {
    if skip.iter().any(|s| path.starts_with(s)) {
        return Change::Ignored;
    }
    // Only the part below the watched folder counts: a kit may itself live in any folder.
    let inside = roots.iter().find_map(|root| path.strip_prefix(root).ok()).unwrap_or(path);
    let in_ignored_folder = inside.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        matches!(name.as_ref(), ".git" | ".hg" | ".svn" | "node_modules" | ".idea" | ".vscode")
            || name.contains(".neokit-staging-")
            || name.contains(".neokit-old-")
            // What builds keep beside their output folder (`.public.neokit/`).
            || (name.starts_with('.') && name.ends_with(".neokit") && name.len() > ".neokit".len())
    });
    if in_ignored_folder {
        return Change::Ignored;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let editor_noise = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".~lock.")
        || name.starts_with("~$")
        || name == "4913"
        || name == ".DS_Store"
        || name == "Thumbs.db"
        || [".swp", ".swo", ".swx", ".tmp", ".temp", ".crswap", ".part", ".kate-swp"].iter().any(|e| name.ends_with(e))
        || name.contains(".tmp.");
    if editor_noise { Change::Ignored } else { Change::Relevant }
}

/// A running watcher; dropping it stops watching.
pub enum Running {
    Native(notify::RecommendedWatcher),
    Poll(notify::PollWatcher),
}

/// Why native watching could not start, and whether polling should be suggested.
pub struct WatchError {
    pub message: String,
    pub suggest_poll: bool,
}

/// What the watcher saw: the files that changed (absolute paths), or `None` for a change it
/// could not name (events were lost, or an event without a path): anything may have changed.
pub type Seen = Option<Vec<PathBuf>>;

/// Watches `folders`, sending what changed on `changes` for every relevant change.
pub fn start(
    folders: &[PathBuf],
    skip: Vec<PathBuf>,
    poll: bool,
    changes: Sender<Seen>,
) -> Result<Running, WatchError> {
    let roots = folders.to_vec();
    let handler = move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else {
            let _ = changes.send(None);
            return;
        };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        if event.need_rescan() || event.paths.is_empty() {
            let _ = changes.send(None);
            return;
        }
        let relevant: Vec<PathBuf> =
            event.paths.into_iter().filter(|p| classify(p, &roots, &skip) == Change::Relevant).collect();
        if !relevant.is_empty() {
            let _ = changes.send(Some(relevant));
        }
    };
    let error = |e: notify::Error| {
        let suggest_poll = matches!(e.kind, notify::ErrorKind::MaxFilesWatch | notify::ErrorKind::Io(_));
        WatchError { message: e.to_string(), suggest_poll }
    };
    if poll {
        let config =
            notify::Config::default().with_poll_interval(Duration::from_millis(300)).with_compare_contents(false);
        let mut watcher = notify::PollWatcher::new(handler, config).map_err(error)?;
        for folder in folders {
            watcher.watch(folder, RecursiveMode::Recursive).map_err(error)?;
        }
        Ok(Running::Poll(watcher))
    } else {
        let mut watcher = notify::recommended_watcher(handler).map_err(error)?;
        for folder in folders {
            watcher.watch(folder, RecursiveMode::Recursive).map_err(error)?;
        }
        Ok(Running::Native(watcher))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_and_output_are_ignored() {
        let skip = vec![PathBuf::from("/kit/public")];
        let roots = vec![PathBuf::from("/kit")];
        let relevant = [
            "/kit/content/faq.md",
            "/kit/neokit.yaml",
            "/kit/content/.gitbook.yaml",
            "/kit/content/.gitbook/assets/x.png",
            "/kit/themes/default/static/neokit.css",
            "/kit/content/SUMMARY.md",
        ];
        for path in relevant {
            assert_eq!(classify(Path::new(path), &roots, &skip), Change::Relevant, "{path}");
        }
        // A kit inside a folder called `.git` or `node_modules` higher up is still watched.
        let nested = vec![PathBuf::from("/work/node_modules/kit")];
        assert_eq!(classify(Path::new("/work/node_modules/kit/a.md"), &nested, &[]), Change::Relevant);
        let ignored = [
            "/kit/public/index.html",
            "/kit/.git/index",
            "/kit/content/.faq.md.swp",
            "/kit/content/faq.md~",
            "/kit/content/4913",
            "/kit/content/.#faq.md",
            "/kit/content/~$slides.pptx",
            "/kit/content/.~lock.form.docx#",
            "/kit/content/faq.md.tmp.1234",
            "/kit/.public.neokit-staging-1-0/index.html",
            "/kit/.public.neokit/site/index.html",
        ];
        for path in ignored {
            assert_eq!(classify(Path::new(path), &roots, &skip), Change::Ignored, "{path}");
        }
    }
}
