//! The overlay applied: the upstream kit's [`SourceTree`] and [`Summary`] with the overlay's
//! operations, safest first: slots (an overlay file with the path of an upstream include or
//! asset replaces it), inserts (`overlay/inserts/*.md` placed into a section of an upstream
//! page), replaced, added and removed pages; with the [`Applied`] record of what was changed.
//! The upstream folder is never written to.
//!
//! An insert is placed by adding an `{% include %}` of it to the upstream text on a line that
//! is already there (the heading line, or the line of the next heading), so every line of the
//! upstream page keeps its number in messages and the insert's own lines are reported in the
//! insert file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::applied::{Applied, Insert, Position, Replaced};
use super::drift;
use crate::config::{Config, Place, Upstream};
use crate::pins::{self, Lock, LockOnce};
use neokit_core::diagnostics::{Diagnostic, Location, Severity};
use neokit_core::paths::RelPath;
use neokit_core::source::{self, Layered, SourceTree};
use neokit_core::yaml::{did_you_mean, key_position, parse as parse_yaml};
use neokit_document::markdown::frontmatter;
use neokit_document::summary::{self, Item, Summary};

/// Overlay files under this folder are inserts, not pages.
pub const INSERTS: &str = "inserts";
/// Inserts are placed in the effective tree beside their page, under a hidden name (no real
/// file has one: the source walk skips them), so their links resolve as from the page.
const INSERT_NAME: &str = ".overlay-insert-";
/// Merge proposals written by `neokit adopt --merge` end with this; they are never published.
pub const PROPOSAL: &str = ".proposed.md";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InsertFront {
    insert: RawInsert,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInsert {
    page: String,
    section: String,
    position: String,
}

/// Applies the overlay of `upstream` to the upstream kit's `tree` and `summary`. `lint` also
/// compares the adapted pages and inserts with their pins in `lock` (the build's, read once).
#[allow(clippy::too_many_arguments)]
pub fn apply(
    config: &Config,
    upstream: &Upstream,
    tree: &mut SourceTree,
    summary: &mut Summary,
    summary_source: Option<&RelPath>,
    problems: &mut Vec<Diagnostic>,
    lint: bool,
    lock: &LockOnce,
) -> Applied {
    // The lock matters for drift (`check`, `drift`, `adopt`); a plain build or a preview
    // rebuild does not read it, so a large lock costs them nothing.
    let pinned = if lint {
        // A damaged lock changes no published text; `neokit drift` refuses to run on it.
        problems.extend(lock.problem(Severity::Warning));
        lock.get().ok().flatten().cloned()
    } else {
        None
    };
    let mut applied = Applied {
        upstream_root: tree.root.clone(),
        upstream_shown: tree.shown_root.clone(),
        upstream_pages: pages_of(summary),
        lock: pinned,
        ..Applied::default()
    };
    let upstream_pages: BTreeSet<RelPath> = applied.upstream_pages.iter().cloned().collect();

    let overlay_shown = config.display_path(&upstream.overlay_dir);
    let (overlay, found) = if upstream.overlay_dir.is_dir() {
        source::walk(&upstream.overlay_dir, std::slice::from_ref(&config.output_dir), &overlay_shown)
    } else {
        (SourceTree::default(), Vec::new())
    };
    for mut problem in found {
        if problem.code == "symlink" {
            // Leaving out a file the hospital meant to publish would publish the guide wrong.
            problem.severity = Severity::Error;
        }
        problems.push(problem);
    }

    // Overlay files: slots, replaced and added pages; inserts are collected for later.
    let mut insert_files = Vec::new();
    let mut added_pages = BTreeSet::new();
    for path in overlay.markdown.iter().chain(&overlay.files) {
        let shown = overlay.shown(path);
        let at = Location::file(&shown);
        if path.as_str().ends_with(PROPOSAL) {
            problems.push(
                Diagnostic::warning("merge-proposal", "a merge proposal is waiting for review; it is not published")
                    .at(at)
                    .with_help("compare it with the page beside it, copy what you want to keep, then delete it"),
            );
            continue;
        }
        if path.starts_with(&RelPath::new(INSERTS).unwrap_or_default()) && path.extension() == "md" {
            insert_files.push((path.clone(), shown));
            continue;
        }
        if Some(path) == summary_source || path.as_str() == ".gitbook.yaml" {
            problems.push(
                Diagnostic::error("overlay-navigation", format!("`{path}` cannot be replaced by the overlay"))
                    .at(at)
                    .with_help(
                        "change the navigation with `remove:` and `summary.add` in neokit.yaml, and delete this file",
                    ),
            );
            continue;
        }
        if let Some(upstream_name) = tree.by_lowercase.get(&path.as_str().to_lowercase())
            && upstream_name != path
        {
            problems.push(
                Diagnostic::error(
                    "case-conflict",
                    format!("`{path}` differs from the upstream file `{upstream_name}` only in letter case"),
                )
                .at(at)
                .with_help(format!("to replace the upstream file, name it `{upstream_name}` exactly; for a new file, choose another name")),
            );
            continue;
        }
        let replaces = tree.contains(path);
        if path.extension() == "md" {
            if replaces {
                let page = upstream_pages.contains(path);
                if page {
                    tree.adapted.insert(path.clone());
                }
                applied.replaced.push(Replaced { path: path.clone(), shown: shown.clone(), page });
            } else {
                let pinned = applied.lock.as_ref().is_some_and(|lock| {
                    lock.pins.iter().any(|p| p.kind == pins::Kind::Page && p.path == path.as_str())
                });
                if pinned {
                    // It replaced an upstream page that is gone: `neokit drift` says where to.
                    applied.replaced.push(Replaced { path: path.clone(), shown: shown.clone(), page: true });
                }
                added_pages.insert(path.clone());
            }
        }
        tree.insert(path.clone(), Layered { disk: overlay.disk_path(path), shown, text: None });
    }

    remove_pages(upstream, &upstream_pages, &applied.replaced, tree, summary, problems);
    add_pages(upstream, &added_pages, tree, summary, problems);
    applied.inserts = place_inserts(config, &applied, lock, &insert_files, &upstream_pages, tree, problems);

    if lint {
        applied.drift = drift::items(config, &applied);
        problems
            .extend(applied.drift.iter().filter(|i| i.status != drift::Status::Current).map(drift::Item::diagnostic));
    }
    applied
}

/// The Markdown pages a summary lists, in order.
pub fn pages_of(summary: &Summary) -> Vec<RelPath> {
    fn walk(items: &[Item], out: &mut Vec<RelPath>) {
        for item in items {
            if let summary::Target::File { path, .. } = &item.target
                && path.extension() == "md"
            {
                out.push(path.clone());
            }
            walk(&item.children, out);
        }
    }
    let mut out = Vec::new();
    for section in &summary.sections {
        walk(&section.items, &mut out);
    }
    out
}

/// Takes the entry for `path` (with its children) out of `items`.
fn take_entry(items: &mut Vec<Item>, path: &RelPath) -> Option<Item> {
    if let Some(i) = items.iter().position(|item| is_entry_for(item, path)) {
        return Some(items.remove(i));
    }
    items.iter_mut().find_map(|item| take_entry(&mut item.children, path))
}

fn is_entry_for(item: &Item, path: &RelPath) -> bool {
    matches!(&item.target, summary::Target::File { path: p, .. } if p == path)
}

/// Finds the list holding the entry for `path` and its index there.
fn locate<'a>(items: &'a mut Vec<Item>, path: &RelPath) -> Option<(&'a mut Vec<Item>, usize)> {
    if let Some(i) = items.iter().position(|item| is_entry_for(item, path)) {
        return Some((items, i));
    }
    for item in items.iter_mut() {
        if let Some(found) = locate(&mut item.children, path) {
            return Some(found);
        }
    }
    None
}

/// "did you mean `x`?" among the candidate paths.
pub fn suggestion<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a RelPath>) -> Option<String> {
    let names: Vec<&str> = candidates.into_iter().map(RelPath::as_str).collect();
    did_you_mean(wanted, &names).map(|found| format!("did you mean `{found}`?"))
}

fn remove_pages(
    upstream: &Upstream,
    upstream_pages: &BTreeSet<RelPath>,
    replaced: &[Replaced],
    tree: &mut SourceTree,
    summary: &mut Summary,
    problems: &mut Vec<Diagnostic>,
) {
    for removal in &upstream.remove {
        let (written, at) = (&removal.page, &removal.location);
        let Some(path) = RelPath::new(written).filter(|_| !written.starts_with('/')) else {
            problems.push(
                Diagnostic::error("invalid-remove", format!("`{written}` leaves the kit"))
                    .at(at.clone())
                    .with_help("write the page's path as in the upstream SUMMARY.md"),
            );
            continue;
        };
        if !upstream_pages.contains(&path) {
            let mut problem =
                Diagnostic::error("invalid-remove", format!("the upstream guide has no page `{written}`"))
                    .at(at.clone());
            problem = match suggestion(written, upstream_pages) {
                Some(help) => problem.with_help(help),
                None => problem.with_help("write the page's path as in the upstream SUMMARY.md"),
            };
            problems.push(problem);
            continue;
        }
        let entry = summary.sections.iter_mut().find_map(|section| take_entry(&mut section.items, &path));
        let mut gone = Vec::new();
        if let Some(entry) = entry {
            let mut stack = vec![entry];
            while let Some(item) = stack.pop() {
                if let summary::Target::File { path, .. } = &item.target
                    && path.extension() == "md"
                {
                    gone.push(path.clone());
                }
                stack.extend(item.children);
            }
        }
        let children = gone.len().saturating_sub(1);
        if children > 0 {
            problems.push(
                Diagnostic::note(
                    "removed-children",
                    format!("removing `{written}` also removes the {children} page(s) listed under it"),
                )
                .at(at.clone()),
            );
        }
        for page in gone {
            if let Some(replacement) = replaced.iter().find(|r| r.path == page) {
                problems.push(
                    Diagnostic::warning(
                        "removed-replaced",
                        format!("`{page}` is replaced in the overlay but also removed, so it is not published"),
                    )
                    .at(Location::file(&replacement.shown))
                    .with_help("delete the overlay file, or take the page out of `remove:`"),
                );
            }
            tree.remove(&page);
            tree.adapted.remove(&page);
            tree.removed.insert(page);
        }
    }
}

fn add_pages(
    upstream: &Upstream,
    added: &BTreeSet<RelPath>,
    tree: &mut SourceTree,
    summary: &mut Summary,
    problems: &mut Vec<Diagnostic>,
) {
    let overlay_shown = |page: &str| {
        format!("{}/{page}", upstream.overlay_dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
    };
    for add in &upstream.add {
        let error = |message: String, help: String| {
            Diagnostic::error("invalid-summary-add", message).at(add.location.clone()).with_help(help)
        };
        let Some(page) = RelPath::new(&add.page).filter(|_| !add.page.starts_with('/')) else {
            problems.push(error(
                format!("`{}` leaves the kit", add.page),
                "write the page's path inside the overlay folder".into(),
            ));
            continue;
        };
        if !added.contains(&page) {
            let help = if tree.contains(&page) {
                "it is an upstream page, already placed by the upstream SUMMARY.md".to_string()
            } else {
                suggestion(page.as_str(), added)
                    .unwrap_or_else(|| format!("create `{}`, or fix the path", overlay_shown(page.as_str())))
            };
            problems.push(error(format!("`{}` is not a new page of the overlay", add.page), help));
            continue;
        }
        if pages_of(summary).contains(&page) {
            problems
                .push(error(format!("`{}` is placed twice", add.page), "keep one `summary.add` entry for it".into()));
            continue;
        }
        let Some(target) = RelPath::new(&add.target).filter(|_| !add.target.starts_with('/')) else {
            problems.push(error(format!("`{}` leaves the kit", add.target), "name a page as in SUMMARY.md".into()));
            continue;
        };
        let label = add.title.clone().unwrap_or_else(|| page_title(tree, &page));
        let item = Item {
            label,
            link_title: None,
            target: summary::Target::File { path: page.clone(), anchor: None, written: page.as_str().to_string() },
            children: Vec::new(),
            offset: 0,
        };
        let placed = summary.sections.iter_mut().find_map(|section| locate(&mut section.items, &target));
        match placed {
            Some((list, i)) => match add.place {
                Place::After => list.insert(i + 1, item),
                Place::Before => list.insert(i, item),
                Place::Under => list[i].children.push(item),
            },
            None => {
                let listed: BTreeSet<RelPath> = pages_of(summary).into_iter().collect();
                let help = if tree.removed.contains(&target) {
                    "that page is removed by `remove:`; place this page next to another one".to_string()
                } else {
                    suggestion(target.as_str(), &listed)
                        .unwrap_or_else(|| "name a page listed in the navigation".into())
                };
                problems.push(error(format!("`{}` is not in the navigation", add.target), help));
            }
        }
    }
}

/// The first heading of a page, else its file name.
fn page_title(tree: &SourceTree, page: &RelPath) -> String {
    tree.read_text(page)
        .ok()
        .and_then(|text| pins::sections(&text).into_iter().find(|s| s.level == 1).map(|s| s.title))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| page.file_stem().replace(['-', '_'], " "))
}

/// Reads, checks and places every insert.
fn place_inserts(
    config: &Config,
    applied: &Applied,
    lock: &LockOnce,
    files: &[(RelPath, PathBuf)],
    upstream_pages: &BTreeSet<RelPath>,
    tree: &mut SourceTree,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Insert> {
    let mut placed = Vec::new();
    // Page -> its upstream text, its sections and the inserts going into it.
    let mut pages: BTreeMap<RelPath, (String, Vec<pins::Section>, Vec<Placed>)> = BTreeMap::new();
    for (index, (_, shown)) in files.iter().enumerate() {
        let file = shown.to_string_lossy().replace('\\', "/");
        let Some(InsertFile { front, yaml, first_line, text: insert_text }) =
            read_insert(&config.kit_dir, shown, problems)
        else {
            continue;
        };
        let lines = (yaml, first_line);
        let at = |key: &str| {
            let position = key_position(&lines.0, &["insert", key]);
            let (line, col) = position.or_else(|| key_position(&lines.0, &["insert"])).unwrap_or((0, 0));
            Location::new(shown, if line > 0 { line + lines.1 } else { 0 }, col)
        };
        let Some(position) = Position::parse(&front.position) else {
            let help = did_you_mean(&front.position, &["start", "end", "replace"])
                .map(|w| format!("did you mean `{w}`? (`start`, `end` or `replace`)"))
                .unwrap_or_else(|| "use `start` (after the heading), `end` (before the next heading) or `replace` (instead of the section's text)".into());
            problems.push(
                Diagnostic::error("invalid-insert", format!("`position: {}` is not a position", front.position))
                    .at(at("position"))
                    .with_help(help),
            );
            continue;
        };
        let page_written = front.page.trim().trim_start_matches("./");
        let page = RelPath::new(page_written).filter(|_| !page_written.starts_with('/'));
        let Some(page) = page.filter(|p| upstream_pages.contains(p) && !tree.removed.contains(p)) else {
            let help = match RelPath::new(page_written) {
                Some(p) if tree.removed.contains(&p) => "that page is removed by `remove:` in neokit.yaml".to_string(),
                _ => suggestion(page_written, upstream_pages)
                    .unwrap_or_else(|| "name a page of the upstream SUMMARY.md".into()),
            };
            problems.push(
                Diagnostic::error("invalid-insert", format!("the upstream guide has no page `{}`", front.page))
                    .at(at("page"))
                    .with_help(help),
            );
            // Still reported by `neokit drift` (as removed, when it was pinned).
            let page = RelPath::new(page_written).unwrap_or_default();
            let section = front.section.trim().trim_start_matches('#').to_string();
            placed.push(Insert { file, page, section, position });
            continue;
        };
        if let Some(replaced) = applied.replaced.iter().find(|r| r.path == page) {
            problems.push(
                Diagnostic::error("invalid-insert", format!("`{page}` is replaced by `{}`", replaced.shown.display()))
                    .at(at("page"))
                    .with_help("write this text into the replacing page and delete this insert"),
            );
            continue;
        }
        if !pages.contains_key(&page) {
            match std::fs::read_to_string(applied.upstream_root.join(page.to_native())) {
                Ok(text) => {
                    let sections = pins::sections(&text);
                    pages.insert(page.clone(), (text, sections, Vec::new()));
                }
                Err(error) => {
                    problems
                        .push(Diagnostic::error("unreadable", format!("cannot read `{page}`: {error}")).at(at("page")));
                    continue;
                }
            }
        }
        let Some((text, sections, list)) = pages.get_mut(&page) else { continue };
        let anchor = front.section.trim().trim_start_matches('#').to_string();
        let sections = &*sections;
        let Some(section) = sections.iter().find(|s| s.anchor == anchor && s.level > 0).cloned() else {
            // Pins are read for this help only when the build does not read them anyway.
            let pinned = applied.lock.as_deref().or_else(|| lock.get().ok().flatten().map(|l| &**l));
            let help = renamed_help(pinned, &file, sections, text).unwrap_or_else(|| {
                let anchors: Vec<&str> = sections.iter().filter(|s| s.level > 0).map(|s| s.anchor.as_str()).collect();
                match did_you_mean(&anchor, &anchors) {
                    Some(near) => format!("the most similar heading is `{near}`"),
                    None => format!("the headings of `{page}` are: {}", anchors.join(", ")),
                }
            });
            problems.push(
                Diagnostic::error("invalid-insert", format!("`{page}` has no section `{anchor}`"))
                    .at(at("section"))
                    .with_help(help),
            );
            placed.push(Insert { file, page, section: anchor, position });
            continue;
        };
        if let Some(twin) = sections.iter().find(|s| s.title == section.title && s.anchor != section.anchor) {
            problems.push(
                Diagnostic::warning(
                    "ambiguous-section",
                    format!("`{page}` has two headings called \"{}\"", section.title),
                )
                .at(at("section"))
                .with_help(format!("`{}` is the first of them; the other is `{}`", section.anchor, twin.anchor)),
            );
        }
        let virtual_path = page.parent().join(&format!("{INSERT_NAME}{index}.md")).unwrap_or_default();
        // A blank line after the insert's text (at the end, so no line moves) keeps its last
        // paragraph apart from the upstream text that follows.
        let layered =
            Layered { disk: config.kit_dir.join(shown), shown: shown.clone(), text: Some((insert_text + "\n").into()) };
        tree.insert(virtual_path.clone(), layered);
        list.push((Insert { file, page: page.clone(), section: anchor, position }, section, virtual_path));
    }

    for (page, (text, _, mut inserts)) in pages {
        inserts.sort_by(|a, b| (a.0.position, &a.0.file).cmp(&(b.0.position, &b.0.file)));
        match splice(&text, &inserts) {
            Ok(edited) => {
                let layered =
                    Layered { disk: tree.disk_path(&page), shown: tree.shown(&page), text: Some(edited.into()) };
                tree.layered.insert(page.clone(), layered);
                tree.adapted.insert(page.clone());
            }
            Err((inner, outer)) => problems.push(
                Diagnostic::error(
                    "invalid-insert",
                    format!("`{}` goes into section `{}`, which `{}` replaces", inner.file, inner.section, outer.file),
                )
                .at(Location::file(&inner.file))
                .with_help("put this text into the replacing insert instead"),
            ),
        }
        placed.extend(inserts.into_iter().map(|(insert, _, _)| insert));
    }
    placed
}

/// "The heading was renamed to ...": when this insert's pinned section is found in today's
/// `text` under another anchor (same text, or same title).
fn renamed_help(lock: Option<&Lock>, file: &str, sections: &[pins::Section], text: &str) -> Option<String> {
    let pin = lock?.pins.iter().find(|p| p.kind == pins::Kind::Insert && p.insert.as_deref() == Some(file))?;
    let pinned = pin.fingerprint.sections.iter().find(|s| Some(&s.anchor) == pin.section.as_ref())?;
    let found = sections
        .iter()
        .find(|s| !pinned.body.is_empty() && pins::hash(&text[s.heading.end..s.own.end]) == pinned.body)
        .or_else(|| {
            sections.iter().find(|s| !pinned.title.is_empty() && s.title.eq_ignore_ascii_case(&pinned.title))
        })?;
    Some(format!("the heading was renamed to `{}` (\"{}\"); change `section:` to it", found.anchor, found.title))
}

/// An insert file as read: where it goes, its front matter text with the number of the line
/// before it (for locating keys), and its whole text.
struct InsertFile {
    front: RawInsert,
    yaml: String,
    first_line: usize,
    text: String,
}

/// An insert with the section it goes into and its path in the effective tree.
type Placed = (Insert, pins::Section, RelPath);

/// Reads an insert file and its `insert:` front matter.
fn read_insert(kit_dir: &Path, shown: &Path, problems: &mut Vec<Diagnostic>) -> Option<InsertFile> {
    let text = match source::read_text(&kit_dir.join(shown), shown) {
        Ok(text) => text,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let help = "start the file with front matter: ---, then `insert: { page: PATH.md, section: ANCHOR, position: start | end | replace }`, then ---";
    let split = frontmatter::split(&text);
    let Some((yaml, offset)) = split.yaml else {
        problems.push(
            Diagnostic::error("invalid-insert", "this insert does not say where it goes")
                .at(Location::new(shown, 1, 1))
                .with_help(help),
        );
        return None;
    };
    let first_line = text[..offset].matches('\n').count();
    match parse_yaml::<InsertFront>(yaml) {
        Ok(front) => Some(InsertFile { front: front.insert, yaml: yaml.to_string(), first_line, text: text.clone() }),
        Err(error) => {
            let line = if error.line > 0 { error.line + first_line } else { first_line };
            let mut problem =
                Diagnostic::error("invalid-insert", error.message).at(Location::new(shown, line, error.col));
            problem = problem.with_help(error.help.unwrap_or_else(|| help.into()));
            problems.push(problem);
            None
        }
    }
}

/// The page text with an include of each insert added where it goes, without adding or
/// removing lines. Fails with the two inserts concerned when one goes inside a section
/// another replaces.
fn splice<'a>(text: &str, inserts: &'a [Placed]) -> Result<String, (&'a Insert, &'a Insert)> {
    // (offset, directive) additions and byte ranges to blank (replaced section bodies).
    let mut additions: Vec<(usize, usize, String)> = Vec::new();
    let mut blanks: Vec<(std::ops::Range<usize>, &Insert)> = Vec::new();
    for (order, (insert, section, path)) in inserts.iter().enumerate() {
        let directive = format!("{{% include \"/{path}\" %}}");
        let heading_end =
            if text[..section.heading.end].ends_with('\n') { section.heading.end - 1 } else { section.heading.end };
        match insert.position {
            Position::Start => additions.push((heading_end, order, directive)),
            Position::Replace => {
                additions.push((heading_end, order, directive));
                let body = (heading_end + 1).min(section.whole.end)..section.whole.end;
                blanks.push((body, insert));
            }
            Position::End if section.whole.end >= text.len() => {
                // After a blank line, so the insert does not continue the last paragraph.
                let lead = if text.ends_with("\n\n") {
                    ""
                } else if text.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                additions.push((text.len(), order, format!("{lead}{directive}\n")));
            }
            Position::End => additions.push((section.whole.end, order, directive)),
        }
    }
    for (offset, order, _) in &additions {
        if let Some((_, outer)) = blanks.iter().find(|(range, _)| range.start < *offset && *offset < range.end) {
            return Err((&inserts[*order].0, outer));
        }
    }
    additions.sort_by_key(|(offset, order, _)| (*offset, *order));
    let mut out = String::with_capacity(text.len() + additions.len() * 64);
    let mut copied = 0;
    let copy = |out: &mut String, range: std::ops::Range<usize>| {
        let mut at = range.start;
        for (blank, _) in &blanks {
            let (start, end) = (blank.start.max(range.start), blank.end.min(range.end));
            if start >= end {
                continue;
            }
            out.push_str(&text[at..start]);
            out.extend(text[start..end].chars().filter(|&c| c == '\n'));
            at = end;
        }
        out.push_str(&text[at..range.end]);
    };
    for (offset, _, directive) in additions {
        copy(&mut out, copied..offset);
        out.push_str(&directive);
        copied = offset;
    }
    copy(&mut out, copied..text.len());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(section: &str, position: Position, file: &str) -> Insert {
        Insert { file: file.into(), page: RelPath::new("p.md").unwrap(), section: section.into(), position }
    }

    fn place(text: &str, wanted: &[(&str, Position, &str)]) -> Result<String, String> {
        let sections = pins::sections(text);
        let inserts: Vec<Placed> = wanted
            .iter()
            .enumerate()
            .map(|(i, (anchor, position, file))| {
                let section = sections.iter().find(|s| s.anchor == *anchor).unwrap().clone();
                (insert(anchor, *position, file), section, RelPath::new(&format!("i/{i}.md")).unwrap())
            })
            .collect();
        splice(text, &inserts).map_err(|(a, b)| format!("{} in {}", a.file, b.file))
    }

    #[test]
    fn inserts_keep_every_line_in_place() {
        let text = "# T\n\nIntro\n\n## A\n\nOld A\n\n### A1\n\nDeep\n\n## B\n\nB text\n";
        let out = place(
            text,
            &[
                ("a", Position::Start, "s"),
                ("a", Position::End, "e"),
                ("b", Position::Replace, "r"),
                ("b", Position::End, "z"),
            ],
        )
        .unwrap();
        // Only lines at the very end are added (a blank line and the last insert).
        assert_eq!(out.lines().count(), text.lines().count() + 2);
        assert!(out.contains("## A{% include \"/i/0.md\" %}\n"));
        assert!(out.contains("{% include \"/i/1.md\" %}## B{% include \"/i/2.md\" %}\n\n\n"));
        assert!(!out.contains("B text"));
        assert!(out.ends_with("{% include \"/i/3.md\" %}\n"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[8], "### A1");
    }

    #[test]
    fn an_insert_inside_a_replaced_section_is_refused() {
        let text = "## A\n\nx\n\n### A1\n\ny\n";
        assert_eq!(place(text, &[("a", Position::Replace, "r"), ("a1", Position::Start, "s")]), Err("s in r".into()));
    }

    #[test]
    fn a_renamed_heading_is_found_by_its_text_then_by_its_title() {
        let pinned = "# Consent\n\n## Asking\n\nAsk both parents.\n";
        let pin = pins::Pin {
            path: "consent.md".into(),
            kind: pins::Kind::Insert,
            insert: Some("overlay/inserts/phone.md".into()),
            section: Some("asking".into()),
            language: None,
            translation: None,
            version: None,
            fingerprint: pins::fingerprint(pinned),
        };
        let lock = Lock { pins: vec![pin], ..Lock::default() };
        let help = |text: &str, file: &str| renamed_help(Some(&lock), file, &pins::sections(text), text);
        let same_text = "# Consent\n\n## Asking first\n\nAsk both parents.\n";
        assert_eq!(
            help(same_text, "overlay/inserts/phone.md").as_deref(),
            Some("the heading was renamed to `asking-first` (\"Asking first\"); change `section:` to it")
        );
        let same_title = "# Consent\n\n## ASKING\n\nAsk one parent.\n";
        assert!(help(same_title, "overlay/inserts/phone.md").unwrap().contains("`asking` (\"ASKING\")"));
        assert_eq!(help("# Consent\n\n## Storage\n\nThirty days.\n", "overlay/inserts/phone.md"), None);
        // Not pinned, or no lock: nothing to say.
        assert_eq!(help(same_text, "overlay/inserts/other.md"), None);
        assert_eq!(renamed_help(None, "overlay/inserts/phone.md", &pins::sections(same_text), same_text), None);
    }
}
