//! Drift: how the upstream text that the overlay's pages and inserts were adapted from has
//! changed since they were pinned.
//!
//! Input: the [`Applied`] overlay (with the lock) and today's upstream files. Output: one
//! [`Item`] per replaced page and per insert, with its status, the changed sections and a
//! unified diff from the pinned base copy to today's text; and a [`Report`] adding the upstream
//! pages that changed or are new. Comparing is a pure function of texts ([`compare`],
//! [`pin_status`], [`upstream_changes`]): the pin, today's upstream text and the base copy's;
//! [`items`] and [`report`] read those files and hand them over. Nothing here writes anything.

use std::cell::OnceCell;
use std::collections::HashMap;

use serde::Serialize;

use super::applied::{Applied, whereabouts};
use super::wording::{self, Entry, List, Page, code_spans, page_html, plural};
use crate::config::Config;
use crate::pins::{self, Base, Kind, Pin};
use neokit_core::htmltext::escape;
use neokit_core::paths::RelPath;

/// The format version of `neokit drift --format json`; fields are only ever added.
pub const FORMAT_VERSION: u32 = 1;

pub use super::applied::Item;
pub use crate::pins::Status;

/// The drift of every adapted page and insert: today's upstream texts and the base copies
/// are read here, and each item is compared by [`compare`].
pub fn items(config: &Config, applied: &Applied) -> Vec<Item> {
    let empty = pins::Lock::default();
    let lock = applied.lock.as_deref().unwrap_or(&empty);
    let today = |path: &str| {
        RelPath::new(path)
            .filter(|_| applied.upstream_pages.iter().any(|p| p.as_str() == path))
            .and_then(|p| std::fs::read_to_string(applied.upstream_root.join(p.to_native())).ok())
    };
    let base = |pin: &Pin| pins::read_base(&config.kit_dir, pin);
    // Only when a page is gone is every upstream page read, to say where it went.
    let places = OnceCell::new();
    let gone = |pin: &Pin| moved_page(places.get_or_init(|| whereabouts(applied)), pin);
    let mut items = Vec::new();
    for replaced in &applied.replaced {
        let pin = lock.pins.iter().find(|p| p.kind == Kind::Page && p.path == replaced.path.as_str());
        if !replaced.page && pin.is_none() {
            // A slot (an include or asset replaced) needs no pin.
            continue;
        }
        let overlay = replaced.shown.to_string_lossy().replace('\\', "/");
        let path = replaced.path.as_str();
        items.push(compare(pin, path, None, overlay, today(path).as_deref(), &base, &gone));
    }
    for insert in &applied.inserts {
        let pin = lock.pins.iter().find(|p| p.kind == Kind::Insert && p.insert.as_deref() == Some(&insert.file));
        let (path, section) = (insert.page.as_str(), Some(insert.section.as_str()));
        let mut item = compare(pin, path, section, insert.file.clone(), today(path).as_deref(), &base, &gone);
        item.insert = Some(insert.file.clone());
        items.push(item);
    }
    items.sort_by(|a, b| (&a.path, &a.insert).cmp(&(&b.path, &b.insert)));
    items
}

/// How one adapted upstream page (`section` `None`) or insert (into `section`) stands
/// against its pin, from texts alone. `overlay` is the file holding the local text, `today`
/// the upstream page's text now (`None`: it is gone), `base` tells the pin's base copy (asked
/// for every pinned item: a missing or altered one is noted whatever the status), and `gone`
/// where the text or title of a page that is gone is now (asked only then).
pub fn compare(
    pin: Option<&Pin>,
    path: &str,
    section: Option<&str>,
    overlay: String,
    today: Option<&str>,
    base: &dyn Fn(&Pin) -> Base,
    gone: &dyn Fn(&Pin) -> Option<String>,
) -> Item {
    let mut item = Item {
        path: path.to_string(),
        kind: if section.is_some() { Kind::Insert } else { Kind::Page },
        insert: None,
        status: Status::Current,
        sections: section.map(|s| vec![s.to_string()]).unwrap_or_default(),
        diff: String::new(),
        overlay,
        section: section.map(str::to_string),
        pinned_version: pin.and_then(|p| p.version.clone()),
        moved_to: None,
        note: None,
        changes: Vec::new(),
    };
    let Some(pin) = pin else {
        item.status = if today.is_some() { Status::Unpinned } else { Status::Removed };
        return item;
    };
    let base = match base(pin) {
        Base::Found(text) => Some(text),
        Base::Missing => {
            item.note =
                Some("the base copy is missing, so the changes cannot be shown; `neokit adopt` restores it".into());
            None
        }
        Base::Altered => {
            item.note = Some("the base copy was edited by hand, so the changes cannot be shown".into());
            None
        }
    };
    let Some(today) = today else {
        item.status = Status::Removed;
        item.moved_to = gone(pin);
        return item;
    };
    let now = pins::fingerprint(today);
    let (status, sections) = pin_status(pin, section, Some(&now));
    match (status, section) {
        (Status::Removed, Some(anchor)) => {
            item.status = Status::Removed;
            let pinned_anchor = pin.section.as_deref().unwrap_or(anchor);
            let pinned = pin.fingerprint.sections.iter().find(|s| s.anchor == pinned_anchor);
            item.moved_to = pinned.and_then(|pinned| {
                now.sections
                    .iter()
                    .find(|s| s.hash == pinned.hash || (!pinned.body.is_empty() && s.body == pinned.body))
                    .or_else(|| now.sections.iter().find(|s| !s.title.is_empty() && s.title == pinned.title))
                    .map(|s| format!("{path}#{}", s.anchor))
            });
        }
        (Status::Changed, None) => {
            item.status = Status::Changed;
            item.sections = sections;
            if let Some(base) = &base {
                item.diff = pins::diff(path, base, today);
                item.changes = wording::changes(base, today);
            }
        }
        (Status::Changed, Some(anchor)) => {
            item.status = Status::Changed;
            item.sections = sections;
            if let Some(base) = &base {
                let pinned_anchor = pin.section.as_deref().unwrap_or(anchor);
                let (before, after) = (section_text(base, pinned_anchor), section_text(today, anchor));
                item.diff = pins::diff(&format!("{path}#{anchor}"), before, after);
                item.changes = wording::changes(before, after);
            }
        }
        _ => {}
    }
    item
}

/// Where the text of a page that is gone is now: the upstream page with its pinned text,
/// else the one with its pinned title (`places` as [`whereabouts`] finds them).
pub fn moved_page(places: &HashMap<String, RelPath>, pin: &Pin) -> Option<String> {
    let title = pin.fingerprint.sections.iter().find(|s| s.level == 1).map(|s| s.title.to_lowercase());
    places
        .get(&pin.fingerprint.hash)
        .or_else(|| title.and_then(|t| places.get(&format!("title:{t}"))))
        .map(|p| p.to_string())
}

/// How a pin stands against today's text of its source page: the pure comparison that
/// `neokit drift` and `neokit fleet` share. `now` is today's fingerprint of the page (`None`:
/// the page is gone). For an insert, `section` is the anchor it goes into today (the pin
/// records the anchor it was pinned to; a person may have pointed the insert elsewhere
/// since): the section and its subsections are compared, and a section that is gone is
/// `Removed`. A translation whose source changed only in its front matter is current (the
/// text a reader sees did not change). Returns the status and the changed sections by anchor
/// (`""` is the text before the first heading).
pub fn pin_status(pin: &Pin, section: Option<&str>, now: Option<&pins::Fingerprint>) -> (Status, Vec<String>) {
    let Some(now) = now else { return (Status::Removed, Vec::new()) };
    let Some(anchor) = section else {
        if now.hash == pin.fingerprint.hash {
            return (Status::Current, Vec::new());
        }
        let changed = pins::changed_sections(&pin.fingerprint.sections, &now.sections);
        if changed.is_empty() && pin.kind == Kind::Translation {
            return (Status::Current, changed);
        }
        return (Status::Changed, changed);
    };
    let pinned_anchor = pin.section.as_deref().unwrap_or(anchor);
    let Some(current) = now.subtree(anchor) else { return (Status::Removed, Vec::new()) };
    let pinned = pin.fingerprint.subtree(pinned_anchor).unwrap_or_default();
    let same = pinned.len() == current.len()
        && pinned.iter().zip(current).all(|(x, y)| x.anchor == y.anchor && x.hash == y.hash);
    if same { (Status::Current, Vec::new()) } else { (Status::Changed, pins::changed_sections(pinned, current)) }
}

/// The text of a section with its subsections.
fn section_text<'a>(text: &'a str, anchor: &str) -> &'a str {
    pins::sections(text).into_iter().find(|s| s.anchor == anchor).map_or("", |s| &text[s.whole])
}

/// `neokit drift`'s report.
#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub upstream: UpstreamView,
    pub items: Vec<Item>,
    /// Upstream pages published here unchanged whose text changed since they were last reviewed.
    pub upstream_changed: Vec<String>,
    /// Upstream pages that did not exist when the upstream was last reviewed.
    pub upstream_new: Vec<String>,
    /// Pins whose overlay file is gone, and other remarks about the lock.
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct UpstreamView {
    pub path: String,
    pub version: Option<String>,
}

impl Report {
    /// 0 when every pin is current, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.items.iter().any(|i| i.status != Status::Current))
    }
}

/// The whole drift report of a kit whose overlay has been applied with its pins read.
pub fn report(config: &Config, applied: &Applied) -> Report {
    let upstream = config.upstream.as_ref();
    let items = applied.drift.clone();
    let mut notes = Vec::new();
    let (mut changed, mut new) = (Vec::new(), Vec::new());
    match &applied.lock {
        None => {
            notes.push("there is no neokit.lock yet: `neokit adopt --all` pins everything to today's upstream".into())
        }
        Some(lock) => {
            if let Some(up) = upstream
                && !lock.upstream.is_empty()
                && lock.upstream != up.written
            {
                notes.push(format!(
                    "neokit.lock was written for the upstream `{}`; this kit now names `{}`",
                    lock.upstream, up.written
                ));
            }
            for pin in lock.pins.iter().filter(|p| p.kind != Kind::Translation) {
                let used = items.iter().any(|i| i.path == pin.path && i.insert == pin.insert && i.kind == pin.kind);
                if !used {
                    let what = pin.insert.as_deref().unwrap_or(&pin.path);
                    notes.push(format!(
                        "`{what}` is pinned but no longer in the overlay; `neokit adopt --all` forgets it"
                    ));
                }
            }
            let adapted: std::collections::HashSet<&str> = items.iter().map(|i| i.path.as_str()).collect();
            if !lock.pages.is_empty() {
                let today = applied.upstream_pages.iter().filter_map(|page| {
                    let text = std::fs::read_to_string(applied.upstream_root.join(page.to_native())).ok()?;
                    Some((page.as_str(), pins::hash(&text)))
                });
                let removed = |page: &str| upstream.is_some_and(|u| u.remove.iter().any(|r| r.page == page));
                (changed, new) = upstream_changes(&lock.pages, today, &|page| adapted.contains(page) || removed(page));
            }
        }
    }
    Report {
        version: FORMAT_VERSION,
        upstream: UpstreamView {
            path: upstream.map(|u| u.written.clone()).unwrap_or_default(),
            version: upstream.and_then(|u| u.version.clone()),
        },
        items,
        upstream_changed: changed,
        upstream_new: new,
        notes,
    }
}

/// Upstream pages against the hashes they were last taken at (`taken`, by page): those whose
/// text changed since, and those new since, in the order of `today` (each upstream page with
/// the hash of its text now). Pages `kept_apart` (adapted or removed here: drift items speak
/// for them) never count as changed. Pure: `neokit drift` and `neokit fleet` share it.
pub fn upstream_changes<'a>(
    taken: &std::collections::BTreeMap<String, String>,
    today: impl IntoIterator<Item = (&'a str, String)>,
    kept_apart: &dyn Fn(&str) -> bool,
) -> (Vec<String>, Vec<String>) {
    let (mut changed, mut new) = (Vec::new(), Vec::new());
    for (page, hash) in today {
        match taken.get(page) {
            None => new.push(page.to_string()),
            Some(taken) if *taken == hash || kept_apart(page) => {}
            Some(_) => changed.push(page.to_string()),
        }
    }
    (changed, new)
}

/// The report for a person, without colour.
pub fn human(report: &Report) -> String {
    human_painted(report, false)
}

/// The report for a person: each changed item's sentences as they were and as they are now,
/// the changed words marked in colour (`color`) or with `[-…-]` and `{+…+}`.
pub fn human_painted(report: &Report, color: bool) -> String {
    let mut out = String::new();
    let version = report.upstream.version.as_deref().map(|v| format!(" (version {v})")).unwrap_or_default();
    out.push_str(&format!("Upstream: {}{version}\n", report.upstream.path));
    if report.items.iter().any(|i| !i.changes.is_empty()) {
        out.push_str(&wording::legend(color));
        out.push('\n');
    }
    out.push('\n');
    for item in &report.items {
        let what = match &item.insert {
            Some(insert) => format!("{insert} -> {}#{}", item.path, item.section.as_deref().unwrap_or("")),
            None => format!("{} ({})", item.path, item.overlay),
        };
        let since = item.pinned_version.as_deref().map(|v| format!(", pinned at {v}")).unwrap_or_default();
        out.push_str(&format!("{:<9}{what}{since}\n", item.status.word()));
        if item.status == Status::Changed && !item.sections.is_empty() {
            let names: Vec<String> = item
                .sections
                .iter()
                .map(|s| if s.is_empty() { "(before the first heading)".into() } else { s.clone() })
                .collect();
            out.push_str(&format!("         sections: {}\n", names.join(", ")));
        }
        if let Some(to) = &item.moved_to {
            out.push_str(&format!("         now at: {to}\n"));
        }
        if let Some(note) = &item.note {
            out.push_str(&format!("         note: {note}\n"));
        }
        out.push_str(&wording::terminal(&item.changes, color, "         "));
    }
    if !report.upstream_changed.is_empty() {
        out.push_str("\nChanged upstream, published here unchanged:\n");
        for page in &report.upstream_changed {
            out.push_str(&format!("  {page}\n"));
        }
    }
    if !report.upstream_new.is_empty() {
        out.push_str("\nNew upstream pages:\n");
        for page in &report.upstream_new {
            out.push_str(&format!("  {page}\n"));
        }
    }
    for note in &report.notes {
        out.push_str(&format!("\nnote: {note}\n"));
    }
    let count = |status| report.items.iter().filter(|i| i.status == status).count();
    out.push_str(&format!(
        "\n{} adapted: {} current, {} changed, {} removed, {} unpinned.\n",
        report.items.len(),
        count(Status::Current),
        count(Status::Changed),
        count(Status::Removed),
        count(Status::Unpinned)
    ));
    if report.exit_code() != 0 {
        out.push_str("Review each change; then `neokit adopt PAGE` (or `--all`) records that you did. Your text is never changed.\n");
    }
    out
}

/// The report as a web page that opens from disk: everything in the one file, nothing fetched.
/// `text_lang` is the language the guide's text is in.
pub fn html(report: &Report, text_lang: &str) -> String {
    page_html(&Page { text_lang: text_lang.to_string(), ..overlay_page(report) })
}

/// The overlay's drift report as a [`Page`].
fn overlay_page(report: &Report) -> Page {
    let version = report.upstream.version.as_deref();
    let title = match version {
        Some(v) => format!("What changed in the shared guide (version {v})"),
        None => "What changed in the shared guide".to_string(),
    };
    let count = |status| report.items.iter().filter(|i| i.status == status).count();
    let intro_html = vec![
        format!(
            "The shared guide is read from <code>{}</code>. This report shows, page by page, how its text \
changed under the pages and inserts your hospital adapted. Nothing in your text has been changed.",
            escape(&report.upstream.path)
        ),
        format!(
            "{} adapted: {} current, {} changed, {} removed, {} not pinned.",
            plural(report.items.len(), "page or insert", "pages or inserts"),
            count(Status::Current),
            count(Status::Changed),
            count(Status::Removed),
            count(Status::Unpinned)
        ),
    ];
    let code = |page: &String| format!("<code>{}</code>", escape(page));
    Page {
        title,
        text_lang: String::new(),
        intro_html,
        sides_html: "as they were when your hospital last reviewed them (left) and as the shared guide has them \
now (right)"
            .into(),
        entries: report.items.iter().map(|item| overlay_entry(item, version)).collect(),
        lists: vec![
            List {
                title: "Changed in the shared guide, published here unchanged".into(),
                intro_html: Some(
                    "Your hospital publishes these pages as the shared guide has them; their text changed since \
they were last reviewed."
                        .into(),
                ),
                items_html: report.upstream_changed.iter().map(code).collect(),
            },
            List {
                title: "New pages in the shared guide".into(),
                intro_html: None,
                items_html: report.upstream_new.iter().map(code).collect(),
            },
            List {
                title: "Notes".into(),
                intro_html: None,
                items_html: report.notes.iter().map(|n| code_spans(n)).collect(),
            },
        ],
        footer_html: "When a person has read a change and brought what the hospital needs into its own text, \
<code>neokit adopt PAGE</code> records that it was reviewed. neokit never changes your hospital's text."
            .into(),
    }
}

/// The page or insert as a person names it.
fn item_title(item: &Item) -> String {
    match &item.insert {
        Some(insert) => format!("{}, your insert {insert}", section_name(item)),
        None => item.path.clone(),
    }
}

fn section_name(item: &Item) -> String {
    match item.section.as_deref() {
        Some(section) if !section.is_empty() => format!("{}#{section}", item.path),
        _ => item.path.clone(),
    }
}

/// What an item's status means, in words.
fn status_words(item: &Item) -> String {
    let since = item.pinned_version.as_deref().map(|v| format!(" since version {}", escape(v))).unwrap_or_default();
    match item.status {
        Status::Current => "unchanged in the shared guide".into(),
        Status::Changed => format!("changed in the shared guide{since}"),
        Status::Removed => "no longer in the shared guide".into(),
        Status::Unpinned => "adapted here but not pinned, so changes to it cannot be found".into(),
    }
}

fn overlay_entry(item: &Item, version: Option<&str>) -> Entry {
    let mut details_html = Vec::new();
    if let Some(to) = &item.moved_to {
        details_html.push(format!("The same text or title is now at <code>{}</code>.", escape(to)));
    }
    if let Some(note) = &item.note {
        details_html.push(format!("Note: {}.", code_spans(note)));
    }
    if item.changes.is_empty() && item.status == Status::Changed && item.note.is_none() {
        details_html.push("Only spacing or line breaks changed.".into());
    }
    let pinned = item.pinned_version.as_deref().map(|v| format!(" (version {})", escape(v))).unwrap_or_default();
    let now = version.map(|v| format!(" (version {})", escape(v))).unwrap_or_default();
    let next_html = match item.status {
        Status::Current => None,
        Status::Changed => Some(format!(
            "After reading the changes and bringing what you need into your text: <code>neokit adopt {}</code>",
            escape(item.target())
        )),
        Status::Unpinned => {
            Some(format!("To start following changes: <code>neokit adopt {}</code>", escape(item.target())))
        }
        Status::Removed => Some(
            "Point your file at where the text went (or remove it), then run <code>neokit adopt</code> for it".into(),
        ),
    };
    Entry {
        title: item_title(item),
        status: item.status,
        status_html: status_words(item),
        file_html: format!("Your text: <code>{}</code>", escape(&item.overlay)),
        details_html,
        changes: item.changes.clone(),
        was_html: format!("Was{pinned}"),
        now_html: format!("Now{now}"),
        next_html,
    }
}

#[cfg(test)]
mod tests {
    use super::super::applied::places;
    use super::*;

    const PINNED: &str = "---\ndescription: Consent\n---\n# Consent\n\nAsk first.\n\n## Asking\n\nAsk both parents.\n\n### Words\n\nPlain words.\n\n## Storage\n\nThirty days.\n";

    fn pin(kind: Kind, section: Option<&str>) -> Pin {
        Pin {
            path: "consent.md".into(),
            kind,
            insert: None,
            section: section.map(str::to_string),
            language: None,
            translation: None,
            version: Some("2026.11".into()),
            fingerprint: pins::fingerprint(PINNED),
        }
    }

    fn status(pin: &Pin, section: Option<&str>, today: Option<&str>) -> (Status, Vec<String>) {
        let now = today.map(pins::fingerprint);
        pin_status(pin, section, now.as_ref())
    }

    #[test]
    fn a_replaced_page_is_current_changed_or_removed() {
        let page = pin(Kind::Page, None);
        assert_eq!(status(&page, None, Some(PINNED)), (Status::Current, vec![]));
        // Spacing is not a change.
        let spaced = PINNED.replace("Ask first.\n", "Ask first.   \n\n\n");
        assert_eq!(status(&page, None, Some(&spaced)).0, Status::Current);
        let changed = PINNED.replace("Thirty days.", "Fourteen days.");
        assert_eq!(status(&page, None, Some(&changed)), (Status::Changed, vec!["storage".to_string()]));
        assert_eq!(status(&page, None, None), (Status::Removed, vec![]));
        // A page's front matter is part of what was adapted: a change there is a change.
        let described = PINNED.replace("description: Consent", "description: Consent and storage");
        assert_eq!(status(&page, None, Some(&described)).0, Status::Changed);
    }

    #[test]
    fn a_translation_whose_source_changed_only_in_front_matter_is_current() {
        let translation = pin(Kind::Translation, None);
        let described = PINNED.replace("description: Consent", "description: Consent and storage");
        assert_eq!(status(&translation, None, Some(&described)), (Status::Current, vec![]));
        let changed = PINNED.replace("Ask first.", "Ask early.");
        assert_eq!(status(&translation, None, Some(&changed)), (Status::Changed, vec!["consent".to_string()]));
    }

    #[test]
    fn an_insert_follows_its_section_and_subsections_only() {
        let insert = pin(Kind::Insert, Some("asking"));
        let elsewhere = PINNED.replace("Thirty days.", "Fourteen days.");
        assert_eq!(status(&insert, Some("asking"), Some(&elsewhere)), (Status::Current, vec![]));
        let below = PINNED.replace("Plain words.", "Simple words.");
        assert_eq!(status(&insert, Some("asking"), Some(&below)), (Status::Changed, vec!["words".to_string()]));
        let gone = PINNED.replace("## Asking\n\nAsk both parents.\n\n### Words\n\nPlain words.\n\n", "");
        assert_eq!(status(&insert, Some("asking"), Some(&gone)), (Status::Removed, vec![]));
        // Pointed at another section since it was pinned: compared with what it was pinned to.
        assert_eq!(status(&insert, Some("storage"), Some(PINNED)).0, Status::Changed);
        assert_eq!(status(&insert, Some("asking"), None), (Status::Removed, vec![]));
    }

    /// An item compared with the base copy `base` (`None`: missing) and nowhere for a gone
    /// page to have gone.
    fn item(pin: Option<&Pin>, section: Option<&str>, today: Option<&str>, base: Option<&str>) -> Item {
        let base = |pin: &Pin| Base::of(pin, base.map(str::to_string));
        compare(pin, "consent.md", section, "overlay/consent.md".into(), today, &base, &|_| None)
    }

    #[test]
    fn an_item_is_compared_from_texts_alone() {
        let page = pin(Kind::Page, None);
        let current = item(Some(&page), None, Some(PINNED), Some(PINNED));
        assert_eq!((current.status, current.note, current.diff.as_str()), (Status::Current, None, ""));
        assert_eq!(current.pinned_version.as_deref(), Some("2026.11"));

        // Changed: the sections, the diff and the changed sentences from the base copy.
        let today = PINNED.replace("Thirty days.", "Fourteen days.");
        let changed = item(Some(&page), None, Some(&today), Some(PINNED));
        assert_eq!((changed.status, changed.sections.as_slice()), (Status::Changed, &["storage".to_string()][..]));
        assert!(changed.diff.contains("-Thirty days.") && changed.diff.contains("+Fourteen days."), "{}", changed.diff);
        assert!(!changed.changes.is_empty());
        // Without a base copy the status is known, the changes are not, and a note says why.
        let missing = item(Some(&page), None, Some(&today), None);
        assert_eq!((missing.status, missing.diff.as_str()), (Status::Changed, ""));
        assert!(missing.changes.is_empty() && missing.note.unwrap().contains("missing"));
        let altered = item(Some(&page), None, Some(&today), Some("# Consent\n\nSomething else.\n"));
        assert_eq!((altered.status, altered.diff.as_str()), (Status::Changed, ""));
        assert!(altered.note.unwrap().contains("edited by hand"));
        // A missing base copy is noted even when nothing changed.
        assert!(item(Some(&page), None, Some(PINNED), None).note.is_some());

        // Not pinned: unpinned while upstream has the page, removed when it does not.
        let unpinned = item(None, None, Some(PINNED), None);
        assert_eq!((unpinned.status, unpinned.pinned_version), (Status::Unpinned, None));
        assert_eq!(item(None, None, None, None).status, Status::Removed);

        // Gone: where its text went, when that is known.
        let gone = item(Some(&page), None, None, Some(PINNED));
        assert_eq!((gone.status, gone.moved_to), (Status::Removed, None));
        let base = |pin: &Pin| Base::of(pin, Some(PINNED.to_string()));
        let moved = compare(Some(&page), "consent.md", None, String::new(), None, &base, &|_| Some("new.md".into()));
        assert_eq!((moved.status, moved.moved_to.as_deref()), (Status::Removed, Some("new.md")));
    }

    #[test]
    fn an_insert_item_shows_its_section_only() {
        let insert = pin(Kind::Insert, Some("asking"));
        let current = item(Some(&insert), Some("asking"), Some(&PINNED.replace("Thirty", "Ten")), Some(PINNED));
        assert_eq!((current.status, current.kind), (Status::Current, Kind::Insert));
        assert_eq!(current.sections, ["asking"]);

        let today = PINNED.replace("Plain words.", "Simple words.");
        let changed = item(Some(&insert), Some("asking"), Some(&today), Some(PINNED));
        assert_eq!((changed.status, changed.sections.as_slice()), (Status::Changed, &["words".to_string()][..]));
        assert!(changed.diff.starts_with("--- consent.md#asking (pinned)"), "{}", changed.diff);
        assert!(changed.diff.contains("+Simple words.") && !changed.diff.contains("Thirty"), "{}", changed.diff);

        // Its heading renamed: removed, and where the same text is now.
        let renamed = PINNED.replace("## Asking", "## Asking first");
        let removed = item(Some(&insert), Some("asking"), Some(&renamed), Some(PINNED));
        assert_eq!((removed.status, removed.moved_to.as_deref()), (Status::Removed, Some("consent.md#asking-first")));
        let rewritten = PINNED.replace("## Asking\n\nAsk both parents.", "## Asking first\n\nAsk one parent.");
        let removed = item(Some(&insert), Some("asking"), Some(&rewritten), Some(PINNED));
        assert_eq!((removed.status, removed.moved_to), (Status::Removed, None));
    }

    #[test]
    fn a_gone_page_is_found_by_its_text_then_by_its_title() {
        let page = pin(Kind::Page, None);
        let (same, titled) = (RelPath::new("same.md").unwrap(), RelPath::new("titled.md").unwrap());
        let found = |pages: &[(&RelPath, &str)]| {
            let places = places(pages.iter().map(|&(page, text)| (page, text.to_string())));
            moved_page(&places, &page)
        };
        let retitled = PINNED.replace("# Consent", "# Asking for consent");
        assert_eq!(found(&[(&titled, "# Other\n\nText.\n"), (&same, &retitled)]), None);
        assert_eq!(found(&[(&titled, "# consent\n\nNew text.\n"), (&same, PINNED)]).as_deref(), Some("same.md"));
        assert_eq!(found(&[(&titled, "# consent\n\nNew text.\n"), (&same, &retitled)]).as_deref(), Some("titled.md"));
    }

    #[test]
    fn upstream_pages_are_changed_new_or_kept_apart() {
        let taken: std::collections::BTreeMap<String, String> =
            [("a.md", "1"), ("b.md", "2"), ("c.md", "3")].map(|(p, h)| (p.to_string(), h.to_string())).into();
        let today = [("a.md", "1"), ("b.md", "changed"), ("c.md", "changed"), ("d.md", "4")];
        let today = today.map(|(p, h)| (p, h.to_string()));
        let (changed, new) = upstream_changes(&taken, today, &|page| page == "c.md");
        assert_eq!((changed, new), (vec!["b.md".to_string()], vec!["d.md".to_string()]));
    }

    #[test]
    fn the_style_hash_is_in_the_policy() {
        use super::super::wording::STYLE;
        use base64::Engine as _;
        use sha2::Digest as _;
        let report = Report {
            version: 1,
            upstream: UpstreamView { path: "../up".into(), version: Some("2".into()) },
            items: Vec::new(),
            upstream_changed: vec!["<a>.md".into()],
            upstream_new: Vec::new(),
            notes: vec!["`x` is gone".into()],
        };
        let page = html(&report, "en");
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE.as_bytes()));
        assert!(page.contains(&format!("style-src 'sha256-{hash}'")));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains("<code>&lt;a&gt;.md</code>") && page.contains("<code>x</code> is gone"));
        assert!(!page.contains("<script") && !page.contains("://"), "{page}");
    }
}
