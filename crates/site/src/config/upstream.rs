//! `upstream:` and what goes with it (`overlay:`, `remove:`, `summary.add`): a hospital's
//! version of a shared guide, checked where each value is written.

use std::path::{Path, PathBuf};

use super::checker::{Checker, escapes, written_path};
use super::raw::{RawConfig, RawSummaryAdd, RawUpstream};
use super::settings::{Place, Removal, SummaryAdd, Upstream};
use neokit_core::diagnostics::Diagnostic;

/// The upstream kit and the overlay over it; `None` when the upstream kit cannot be used.
pub(super) fn check(up: &RawUpstream, raw: &RawConfig, kit_dir: &Path, check: &mut Checker) -> Option<Upstream> {
    let dir = upstream_dir(up, kit_dir, check)?;
    if raw.content.is_some() {
        let at = check.at(&["content"]);
        check.push(
            Diagnostic::error("invalid-upstream", "`content` and `upstream` cannot both be set").at(at).with_help(
                "a kit built on an upstream guide takes its content from it; local pages go in the overlay folder",
            ),
        );
    }
    let overlay_dir = overlay_dir(raw.overlay.as_deref(), &dir, kit_dir, check);
    let remove = raw
        .remove
        .iter()
        .enumerate()
        .map(|(i, page)| Removal { page: written_path(page), location: check.item_at(&["remove"], i) })
        .collect();
    let add = raw.summary.add.iter().enumerate().filter_map(|(i, entry)| summary_add(entry, i, check)).collect();
    Some(Upstream { dir, written: up.path.clone(), version: up.version.clone(), overlay_dir, remove, add })
}

/// `upstream.path`: a kit folder beside or inside this kit (not this kit or around it).
fn upstream_dir(up: &RawUpstream, kit_dir: &Path, check: &mut Checker) -> Option<PathBuf> {
    let at = check.at(&["upstream", "path"]);
    let mut error = |message: String, help: &str| {
        check.push(Diagnostic::error("invalid-upstream", message).at(at.clone()).with_help(help));
        None
    };
    let dir = match kit_dir.join(&up.path).canonicalize() {
        Ok(dir) if dir.is_dir() => dir,
        _ => {
            return error(
                format!("the upstream kit `{}` does not exist", up.path),
                "`upstream.path` is the folder of the shared guide, relative to this file (a git submodule, a checkout or an unzipped release)",
            );
        }
    };
    if dir == kit_dir || kit_dir.starts_with(&dir) {
        let what = if dir == kit_dir { "is this kit itself" } else { "contains this kit" };
        return error(
            format!("the upstream kit `{}` {what}", up.path),
            "point `upstream.path` at the shared guide's own folder, beside or inside this kit",
        );
    }
    let is_kit = ["SUMMARY.md", "README.md", ".gitbook.yaml", "readme.md"].iter().any(|f| dir.join(f).is_file());
    if !is_kit {
        return error(
            format!("`{}` is not a kit: it has no SUMMARY.md, README.md or .gitbook.yaml", up.path),
            "point `upstream.path` at the folder that holds the shared guide's SUMMARY.md",
        );
    }
    Some(dir)
}

/// `overlay:` (`overlay` by default): a folder of this kit, apart from the upstream kit.
fn overlay_dir(written: Option<&str>, upstream_dir: &Path, kit_dir: &Path, check: &mut Checker) -> PathBuf {
    let name = written.unwrap_or("overlay");
    let overlay_dir = kit_dir.join(name);
    let problem = if escapes(name) || name.trim_matches(['/', '.']).is_empty() {
        Some((
            format!("the overlay folder `{name}` is not a folder inside this kit"),
            "use a folder name such as `overlay`",
        ))
    } else if written.is_some() && !overlay_dir.is_dir() {
        Some((
            format!("the overlay folder `{name}` does not exist"),
            "create it, or remove `overlay:` to use the default folder `overlay`",
        ))
    } else if overlay_dir.canonicalize().is_ok_and(|o| o.starts_with(upstream_dir) || upstream_dir.starts_with(&o)) {
        Some((
            "the overlay folder and the upstream kit overlap".to_string(),
            "keep local changes in their own folder, beside the upstream kit",
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        let at = check.at(&["overlay"]);
        check.push(Diagnostic::error("invalid-overlay", message).at(at).with_help(help));
    }
    overlay_dir
}

/// Entry `index` of `summary.add`, when it names exactly one place.
fn summary_add(entry: &RawSummaryAdd, index: usize, check: &mut Checker) -> Option<SummaryAdd> {
    let location = check.item_at(&["summary", "add"], index);
    let places: Vec<(Place, &String)> =
        [(Place::After, &entry.after), (Place::Before, &entry.before), (Place::Under, &entry.under)]
            .into_iter()
            .filter_map(|(place, target)| target.as_ref().map(|t| (place, t)))
            .collect();
    let [(place, target)] = places[..] else {
        check.push(
            Diagnostic::error(
                "invalid-summary-add",
                format!("`{}` needs exactly one of `after:`, `before:` or `under:`", entry.page),
            )
            .at(location)
            .with_help("e.g. `after: welcome/who-is-this-for.md` places it after that page in the navigation"),
        );
        return None;
    };
    Some(SummaryAdd {
        page: written_path(&entry.page),
        place,
        target: written_path(target),
        title: entry.title.clone(),
        location,
    })
}

/// `overlay`, `remove` and `summary` change a shared guide, so they need `upstream:`.
pub(super) fn keys_without_upstream(check: &mut Checker) {
    for key in ["overlay", "remove", "summary"] {
        if let Some(at) = check.position(&[key]) {
            check.push(
                Diagnostic::error("invalid-config", format!("`{key}` needs `upstream:`"))
                    .at(at)
                    .with_help("overlays change a shared guide: name it with `upstream: { path: ..., version: ... }`"),
            );
        }
    }
}
