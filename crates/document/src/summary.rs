//! `SUMMARY.md`: the table of contents that decides which files are pages, their order,
//! nesting and `## Group` headings.
//!
//! Input: the SUMMARY text and its folder. Output: a [`Summary`] with byte offsets for every
//! entry, plus diagnostics. The file is read with a real Markdown parser, because GitBook
//! writes CommonMark escapes (`error\_001.md`) and angle-bracket destinations into it. Without
//! a SUMMARY, [`infer`] builds the same structure from the folders.

use std::path::PathBuf;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::markdown::destinations::is_lost;
use crate::markdown::headings;
use neokit_core::diagnostics::{Diagnostic, Unlocated};
use neokit_core::paths::{RelPath, is_readme, percent_decode};
use neokit_core::source::SourceTree;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub sections: Vec<Section>,
}

/// A run of entries under one `## Group` heading (the first section may have no title).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub title: Option<String>,
    /// Stable id from `## Title <a id="x"></a>`, else computed from the title.
    pub anchor: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The link text.
    pub label: String,
    /// The optional link title (`[text](page.md "Title")`), preferred as the nav label.
    pub link_title: Option<String>,
    pub target: Target,
    pub children: Vec<Item>,
    /// Byte offset of the entry in SUMMARY.md (0 for inferred entries).
    pub offset: usize,
}

impl Item {
    /// What the navigation shows for this entry.
    pub fn nav_label(&self) -> &str {
        self.link_title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&self.label)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A file of the kit (relative to the content root), with an optional `#anchor`.
    File { path: RelPath, anchor: Option<String>, written: String },
    /// An absolute URL (another site, or a GitBook cross-space link).
    External(String),
    /// An entry without a link (a heading-like placeholder in the nav).
    None,
}

/// How deep navigation entries nest; deeper entries are placed at this depth.
pub const MAX_DEPTH: usize = 12;

/// SUMMARY.md as read: its path as shown in messages and its text (to locate problems).
#[derive(Debug, Clone)]
pub struct SummaryFile {
    pub shown: PathBuf,
    pub text: String,
}

/// Parses SUMMARY.md. `dir` is the SUMMARY's folder relative to the content root, against
/// which its links are resolved. Problems come with their offset in the text: links that
/// escape the root (the entry is left out, its children take its place), and entries nested deeper than
/// [`MAX_DEPTH`] (placed at that depth).
pub fn parse(text: &str, dir: &RelPath) -> (Summary, Vec<Unlocated>) {
    let mut summary = Summary { sections: vec![Section::default()] };
    let mut problems = Vec::new();
    // Stack of entries being built; each frame is the children list of the entry above.
    let mut stack: Vec<Item> = Vec::new();
    let mut in_heading: Option<(HeadingLevel, String, Option<String>)> = None;
    let mut in_link: Option<(String, Option<String>, usize, String)> = None;
    let mut list_depth = 0usize;
    let mut too_deep = false;
    // Offsets of the entries that point outside the space: left out.
    let mut left_out: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if list_depth == 0 => {
                in_heading = Some((level, String::new(), None));
            }
            Event::End(TagEnd::Heading(_)) if list_depth == 0 => {
                if let Some((level, title, id)) = in_heading.take()
                    && level >= HeadingLevel::H2
                {
                    let title = title.trim().to_string();
                    let anchor = id.or_else(|| Some(headings::slug(&title)).filter(|s| !s.is_empty()));
                    summary.sections.push(Section { title: Some(title), anchor, items: Vec::new() });
                }
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if stack.len() >= MAX_DEPTH && !too_deep {
                    too_deep = true;
                    let message = format!(
                        "entries nest more than {MAX_DEPTH} levels deep; deeper ones are shown at level {MAX_DEPTH}"
                    );
                    problems.push(Unlocated::new(range.start, Diagnostic::warning("deep-nesting", message)));
                }
                stack.push(Item {
                    label: String::new(),
                    link_title: None,
                    target: Target::None,
                    children: Vec::new(),
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(mut item) = stack.pop() {
                    item.label = item.label.trim().to_string();
                    // An entry left out gives its place to its children.
                    let items = if item.target == Target::None && left_out.contains(&item.offset) {
                        std::mem::take(&mut item.children)
                    } else {
                        vec![item]
                    };
                    // An entry deeper than MAX_DEPTH becomes a child of the entry one level
                    // above the deepest shown, so it is shown at the deepest level.
                    let parent = stack.len().min(MAX_DEPTH - 1).wrapping_sub(1);
                    match stack.get_mut(parent) {
                        Some(parent) => parent.children.extend(items),
                        None => summary.sections.last_mut().map(|s| s.items.extend(items)).unwrap_or(()),
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let title = Some(title.to_string()).filter(|t| !t.is_empty());
                in_link = Some((dest_url.to_string(), title, range.start, String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((dest, title, offset, label)), Some(item)) = (in_link.take(), stack.last_mut()) {
                    // Only the first link of an entry counts.
                    if item.target == Target::None && item.label.trim().is_empty() {
                        item.label = label;
                        item.offset = offset;
                        item.link_title = title;
                        if is_lost(&dest) {
                            let d = Diagnostic::warning(
                                "broken-link",
                                format!(
                                    "GitBook marked this entry as broken (`{}`); it is shown without a link",
                                    dest.trim()
                                ),
                            )
                            .with_help("write the page's path between the parentheses");
                            problems.push(Unlocated::new(offset, d));
                            continue;
                        }
                        item.target = target(&dest, dir).unwrap_or_else(|| {
                            // GitBook reads only the files of the space's own folder (a sibling
                            // folder is another space): such an entry is not a page of this one.
                            let d = Diagnostic::warning(
                                "outside-space",
                                format!("`{dest}` is outside this space's folder, so the entry is left out of the navigation, as on GitBook"),
                            )
                            .with_help("GitBook publishes only the files inside the space's folder: move the page into it, or link to the other space's page from a page of this one");
                            problems.push(Unlocated::new(offset, d));
                            left_out.push(offset);
                            Target::None
                        });
                    } else {
                        item.label.push_str(&label);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, label)) = in_link.as_mut().map(|l| (0, &mut l.3)) {
                    label.push_str(&text);
                } else if let Some((_, title, _)) = in_heading.as_mut() {
                    title.push_str(&text);
                } else if let Some(item) = stack.last_mut()
                    && item.children.is_empty()
                {
                    item.label.push_str(&text);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some((_, _, id)) = in_heading.as_mut()
                    && let Some(found) = headings::explicit_anchor_id(&html)
                {
                    *id = Some(found);
                }
            }
            _ => {}
        }
    }
    if summary.sections.first().is_some_and(|s| s.items.is_empty() && s.title.is_none()) && summary.sections.len() > 1 {
        summary.sections.remove(0);
    }
    (summary, problems)
}

/// Interprets a SUMMARY link destination. `None` when a relative path leaves the root.
fn target(dest: &str, dir: &RelPath) -> Option<Target> {
    let dest = dest.trim();
    if dest.contains("://") || dest.starts_with("mailto:") {
        return Some(Target::External(dest.to_string()));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string()).filter(|a| !a.is_empty())),
        None => (dest, None),
    };
    let path = dir.join(&percent_decode(path))?;
    Some(Target::File { path, anchor, written: dest.to_string() })
}

/// Builds a summary from the folders when a kit has no SUMMARY.md: the root README first,
/// then files and folders by name (numeric prefixes in numeric order); a folder's README is
/// the folder's page and its other files are its children.
pub fn infer(tree: &SourceTree, readme: &RelPath, skip: &dyn Fn(&RelPath) -> bool) -> Summary {
    let mut items = Vec::new();
    if tree.markdown.contains(readme) {
        items.push(entry(readme.clone(), Vec::new()));
    }
    items.extend(folder_entries(tree, &RelPath::default(), readme, skip, 1));
    Summary { sections: vec![Section { title: None, anchor: None, items }] }
}

/// The entries of folder `dir`, whose entries are at `depth` (1 = top level); below
/// [`MAX_DEPTH`], a folder's entries follow it instead of nesting in it.
fn folder_entries(
    tree: &SourceTree,
    dir: &RelPath,
    readme: &RelPath,
    skip: &dyn Fn(&RelPath) -> bool,
    depth: usize,
) -> Vec<Item> {
    let mut names: Vec<(String, bool)> = Vec::new();
    for path in &tree.markdown {
        if path.parent() == *dir && path != readme && !skip(path) && !is_readme(path) {
            names.push((path.file_name().to_string(), false));
        }
    }
    for sub in &tree.dirs {
        if !sub.is_root() && sub.parent() == *dir && !skip(sub) {
            names.push((sub.file_name().to_string(), true));
        }
    }
    names.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    let mut items = Vec::new();
    for (name, is_dir) in names {
        let path = dir.join(&name).unwrap_or_default();
        if !is_dir {
            items.push(entry(path, Vec::new()));
            continue;
        }
        let mut children = folder_entries(tree, &path, readme, skip, depth + 1);
        let flat = if depth >= MAX_DEPTH { std::mem::take(&mut children) } else { Vec::new() };
        let folder_readme = tree.markdown.iter().find(|p| p.parent() == path && is_readme(p)).cloned();
        match folder_readme {
            Some(page) => items.push(entry(page, children)),
            None if !children.is_empty() => {
                items.push(Item { label: prettify(&name), link_title: None, target: Target::None, children, offset: 0 })
            }
            None => {}
        }
        items.extend(flat);
    }
    items
}

fn entry(path: RelPath, children: Vec<Item>) -> Item {
    let label = if is_readme(&path) && !path.parent().is_root() {
        prettify(path.parent().file_name())
    } else {
        prettify(path.file_stem())
    };
    let written = path.as_str().to_string();
    Item { label, link_title: None, target: Target::File { path, anchor: None, written }, children, offset: 0 }
}

/// `02-team-roles` -> `Team roles` (a label until the page's own title is known).
fn prettify(name: &str) -> String {
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == '_');
    let name = if name.is_empty() { "Untitled" } else { name };
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Compares names so that `2-b` sorts before `10-a`: runs of digits compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
                let nb = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
                let (da, db) = (a[..na].trim_start_matches('0'), b[..nb].trim_start_matches('0'));
                let order = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Target {
        Target::File { path: RelPath::new(path).unwrap(), anchor: None, written: path.to_string() }
    }

    #[test]
    fn groups_nesting_titles() {
        let text = "# Table of contents\n\n* [Welcome](README.md)\n* [Team](team/README.md \"The team\")\n  * [Roles](team/roles.md)\n    * [Chair](team/roles/chair.md)\n\n## Getting started <a href=\"#start\" id=\"start\"></a>\n\n* [Consent](consent.md)\n* [Elsewhere](https://example.org/)\n* [Anchor](consent.md#ask)\n";
        let (summary, problems) = parse(text, &RelPath::default());
        assert!(problems.is_empty());
        assert_eq!(summary.sections.len(), 2);
        let first = &summary.sections[0];
        assert_eq!(first.title, None);
        assert_eq!(first.items[1].nav_label(), "The team");
        assert_eq!(first.items[1].label, "Team");
        assert_eq!(first.items[1].children[0].children[0].target, file("team/roles/chair.md"));
        let second = &summary.sections[1];
        assert_eq!(second.title.as_deref(), Some("Getting started"));
        assert_eq!(second.anchor.as_deref(), Some("start"));
        assert_eq!(second.items[1].target, Target::External("https://example.org/".into()));
        assert!(matches!(&second.items[2].target, Target::File { anchor: Some(a), .. } if a == "ask"));
    }

    #[test]
    fn escapes_angle_brackets_and_four_space_nesting() {
        let text = "* [Errors](api/error\\_001.md)\n    * [Sp](<with space/a b.md>)\n    * [Enc](with%20space/c.md)\n";
        let (summary, _) = parse(text, &RelPath::default());
        let item = &summary.sections[0].items[0];
        assert_eq!(item.target, file("api/error_001.md"));
        assert_eq!(item.children.len(), 2);
        assert!(matches!(&item.children[0].target, Target::File { path, .. } if path.as_str() == "with space/a b.md"));
        assert!(matches!(&item.children[1].target, Target::File { path, .. } if path.as_str() == "with space/c.md"));
    }

    #[test]
    fn links_relative_to_the_summary_folder() {
        let (summary, problems) = parse("* [A](a.md)\n* [Up](../../x.md)\n", &RelPath::new("product").unwrap());
        assert!(
            matches!(&summary.sections[0].items[0].target, Target::File { path, .. } if path.as_str() == "product/a.md")
        );
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn natural_order() {
        let mut names = vec!["10-end.md", "2-middle.md", "1-start.md", "b.md", "A.md"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["1-start.md", "2-middle.md", "10-end.md", "A.md", "b.md"]);
        assert_eq!(prettify("02-team_roles"), "Team roles");
    }
}
