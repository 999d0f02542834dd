//! Pins: what a locally changed text was based on, so that changes to the source it came from
//! can be found later and shown to a person.
//!
//! Input: page texts. Output: [`Fingerprint`]s (a hash of the whole page and of each section,
//! by anchor), the lock file `neokit.lock` that records them, and base copies of the pinned
//! texts under `.neokit/base/`, so that "what changed since we adapted it" can be shown
//! offline, without the source's history. Texts are normalised first (line endings, byte order
//! mark, trailing spaces, runs of blank lines), so whitespace-only changes do not count.
//!
//! This is the one pin mechanism: a hospital's overlay pins its adapted pages and inserts here,
//! and translations pin the source pages they were translated from.
//! Nothing in this module writes into a page: it only records and compares. Comparing is a
//! function of texts (the pinned one, today's, the base copy's); the files are read at the
//! edges ([`Lock::load`], [`read_base`]). A build reads the lock once, through a [`LockOnce`]
//! it hands to every stage that needs it (the overlay's drift, the "What changed" page,
//! translations, provenance), so they all see the same lock and a damaged one is reported
//! once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::Digest;

use neokit_core::diagnostics::{Diagnostic, Location, Severity};
use neokit_core::yaml;
use neokit_document::markdown::{frontmatter, headings};

pub const LOCK_FILE: &str = "neokit.lock";
/// Where base copies are kept, relative to the kit folder.
pub const BASE_DIR: &str = ".neokit/base";
/// The lock file format; fields are only ever added. Version 2 added `history`; version 1
/// locks are read as they are.
pub const LOCK_VERSION: u32 = 2;

/// The text with line endings, a byte order mark, trailing spaces and runs of blank lines
/// normalised away, and no blank lines at either end.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A short, stable hash of the normalised text.
pub fn hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(normalise(text).as_bytes());
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// One section of a page: a heading and its own text, up to the next heading of any level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPin {
    /// The heading's anchor; "" for the text before the first heading.
    pub anchor: String,
    /// Heading level (0 for the text before the first heading).
    pub level: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub hash: String,
    /// The hash of its text without the heading, to find it again when the heading is renamed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
}

/// What a page's text is: its hash and its sections' hashes, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub hash: String,
    pub sections: Vec<SectionPin>,
}

/// A section of a page with where it is in the text.
#[derive(Debug, Clone)]
pub struct Section {
    pub anchor: String,
    pub title: String,
    pub level: u8,
    /// Byte range of its own text (heading to the next heading of any level).
    pub own: std::ops::Range<usize>,
    /// Byte range including its subsections (to the next heading of the same or a higher level).
    pub whole: std::ops::Range<usize>,
    /// Byte range of the heading itself.
    pub heading: std::ops::Range<usize>,
}

/// The sections of a page's text (front matter skipped; it counts in the page's hash only).
pub fn sections(text: &str) -> Vec<Section> {
    let body_start = frontmatter::split(text).body_start;
    let body = &text[body_start..];
    let spans = headings::spans(body);
    let mut found = Vec::with_capacity(spans.len() + 1);
    let first = spans.first().map_or(body.len(), |s| s.heading.start);
    if !body[..first].trim().is_empty() {
        found.push(Section {
            anchor: String::new(),
            title: String::new(),
            level: 0,
            own: body_start..body_start + first,
            whole: body_start..body_start + first,
            heading: body_start..body_start,
        });
    }
    for (i, span) in spans.iter().enumerate() {
        let whole_end = spans[i + 1..].iter().find(|s| s.level <= span.level).map_or(body.len(), |s| s.heading.start);
        found.push(Section {
            anchor: span.anchor.clone(),
            title: span.title.clone(),
            level: span.level,
            own: body_start + span.heading.start..body_start + span.end,
            whole: body_start + span.heading.start..body_start + whole_end,
            heading: body_start + span.heading.start..body_start + span.heading.end,
        });
    }
    found
}

/// The fingerprint of a page's text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let sections = sections(text)
        .into_iter()
        .map(|s| SectionPin {
            hash: hash(&text[s.own.clone()]),
            body: hash(&text[s.heading.end..s.own.end]),
            anchor: s.anchor,
            level: s.level,
            title: s.title,
        })
        .collect();
    Fingerprint { hash: hash(text), sections }
}

impl Fingerprint {
    /// The section with this anchor and its subsections, in order.
    pub fn subtree(&self, anchor: &str) -> Option<&[SectionPin]> {
        let start = self.sections.iter().position(|s| s.anchor == anchor)?;
        let level = self.sections[start].level;
        let len = match level {
            0 => 0,
            _ => self.sections[start + 1..].iter().take_while(|s| s.level > level).count(),
        };
        Some(&self.sections[start..start + 1 + len])
    }
}

/// Anchors of the sections that differ between two fingerprints: changed, added or gone,
/// in the order of `now` (gone ones last).
pub fn changed_sections(base: &[SectionPin], now: &[SectionPin]) -> Vec<String> {
    let before: BTreeMap<&str, &str> = base.iter().map(|s| (s.anchor.as_str(), s.hash.as_str())).collect();
    let after: BTreeMap<&str, &str> = now.iter().map(|s| (s.anchor.as_str(), s.hash.as_str())).collect();
    let mut changed: Vec<String> = now
        .iter()
        .filter(|s| before.get(s.anchor.as_str()) != Some(&s.hash.as_str()))
        .map(|s| s.anchor.clone())
        .collect();
    changed.extend(base.iter().filter(|s| !after.contains_key(s.anchor.as_str())).map(|s| s.anchor.clone()));
    changed
}

/// What one pin is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole page, replaced locally.
    Page,
    /// One section of a page, which a local insert goes into.
    Insert,
    /// A source page a translated page was translated from.
    Translation,
}

/// How a pinned text stands against today's: the one vocabulary of `drift`, translations
/// and `fleet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Current,
    Changed,
    Removed,
    Unpinned,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Changed => "changed",
            Status::Removed => "removed",
            Status::Unpinned => "unpinned",
        }
    }
}

/// One pinned item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// The source page (relative to the source's content root).
    pub path: String,
    pub kind: Kind,
    /// For inserts: the insert file, relative to the kit folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert: Option<String>,
    /// For inserts: the section's anchor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// For translations: the language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// For translations: the translated page, relative to the kit folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// The source's version label when it was pinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The fingerprint of the source page when it was pinned.
    #[serde(flatten)]
    pub fingerprint: Fingerprint,
}

/// `neokit.lock`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u32,
    /// The source folder as written in neokit.yaml when the lock was written.
    #[serde(default)]
    pub upstream: String,
    /// The source's version label when it was last adopted as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_version: Option<String>,
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// Every source page's hash as last reviewed: what "changed upstream" and "new upstream"
    /// are measured against.
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
    /// Dated decisions, oldest first: what the "What changed" page lists besides update blocks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Event>,
}

/// What a dated decision in the lock was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A person reviewed a change of the source: a page or insert pinned again after it
    /// changed upstream, an upstream page marked as reviewed, a translation brought up to date.
    Adopted,
    /// The whole source was reviewed at a new version label (`neokit adopt --all`).
    Upstream,
}

/// One dated decision, recorded by `neokit adopt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub kind: EventKind,
    /// The source page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For inserts: the insert file, relative to the kit folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert: Option<String>,
    /// For translations: the language and the translated page, relative to the kit folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// The source's version label then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// For `upstream`: the version label reviewed before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Titles of the sections that changed since the previous pin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
}

impl Event {
    /// An event of `kind` on `date` with nothing else said yet.
    pub fn new(date: &str, kind: EventKind) -> Event {
        Event {
            date: date.to_string(),
            kind,
            path: None,
            insert: None,
            language: None,
            translation: None,
            version: None,
            previous: None,
            sections: Vec::new(),
        }
    }
}

/// The titles of the sections that differ between a pin (`None`: nothing was pinned) and a
/// new fingerprint, in page order; the text before the first heading counts as no title.
pub fn changed_titles(before: Option<&Fingerprint>, after: &Fingerprint) -> Vec<String> {
    let Some(before) = before else { return Vec::new() };
    let title = |anchor: &str| {
        after.sections.iter().chain(&before.sections).find(|s| s.anchor == anchor).map(|s| s.title.clone())
    };
    changed_sections(&before.sections, &after.sections)
        .iter()
        .filter_map(|anchor| title(anchor))
        .filter(|t| !t.is_empty())
        .collect()
}

impl Lock {
    /// The lock of the kit in `kit_dir`: `Ok(None)` when there is none, an error located in
    /// the file when it cannot be read.
    pub fn load(kit_dir: &Path) -> Result<Option<Lock>, Diagnostic> {
        let path = kit_dir.join(LOCK_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let help = "neokit.lock is written by `neokit override` and `neokit adopt`; restore it from version control, \
                    or delete it and run `neokit adopt --all` after reviewing the overlay";
        let text = std::fs::read_to_string(&path).map_err(|error| {
            Diagnostic::error("invalid-lock", format!("cannot read the lock file: {error}"))
                .at(Location::file(LOCK_FILE))
                .with_help(help)
        })?;
        let lock: Lock = yaml::parse(&text).map_err(|error| {
            Diagnostic::error("invalid-lock", format!("the lock file is damaged: {}", error.message))
                .at(Location::new(LOCK_FILE, error.line, error.col))
                .with_help(help)
        })?;
        if !(1..=LOCK_VERSION).contains(&lock.version) {
            return Err(Diagnostic::error(
                "invalid-lock",
                format!("the lock file has format version {}; this neokit reads version {LOCK_VERSION}", lock.version),
            )
            .at(Location::file(LOCK_FILE))
            .with_help("use the neokit version that wrote it, or a newer one"));
        }
        Ok(Some(lock))
    }

    /// Writes the lock (sorted, so that its diffs are small) and removes base copies no pin
    /// uses any more.
    pub fn save(&mut self, kit_dir: &Path) -> anyhow::Result<()> {
        use anyhow::Context as _;
        self.version = LOCK_VERSION;
        self.pins.sort_by(|a, b| {
            (&a.path, a.kind, &a.insert, &a.translation).cmp(&(&b.path, b.kind, &b.insert, &b.translation))
        });
        let body = yaml::to_string(self)?;
        let text = format!(
            "# What this kit's local changes are based on. Written by `neokit override` and `neokit adopt`;\n\
             # commit it with the kit. Base copies of the pinned texts are in {BASE_DIR}/.\n{body}"
        );
        let path = kit_dir.join(LOCK_FILE);
        let temporary = kit_dir.join(format!(".{LOCK_FILE}.tmp"));
        std::fs::write(&temporary, text).with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, &path).with_context(|| format!("cannot write {}", path.display()))?;
        self.remove_unused_bases(kit_dir);
        Ok(())
    }

    fn remove_unused_bases(&self, kit_dir: &Path) {
        let used: std::collections::HashSet<PathBuf> =
            self.pins.iter().map(|p| base_path(kit_dir, &p.path, &p.fingerprint.hash)).collect();
        let base = kit_dir.join(BASE_DIR);
        for entry in walkdir::WalkDir::new(&base).into_iter().flatten() {
            if entry.file_type().is_file() && !used.contains(entry.path()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        // Empty folders left behind, deepest first.
        let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(&base)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.into_path())
            .collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The kit's lock for one build: read when first asked for (or ahead, on a thread of its
/// own), then shared by everyone who asks, as the same parsed lock. Cloning it shares it.
#[derive(Clone)]
pub struct LockOnce(Arc<Shared>);

struct Shared {
    kit_dir: PathBuf,
    read: OnceLock<Result<Option<Arc<Lock>>, Diagnostic>>,
    /// The highest severity a damaged lock was reported at (0: not reported yet).
    reported: AtomicU8,
}

impl std::fmt::Debug for LockOnce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockOnce").field("kit_dir", &self.0.kit_dir).field("read", &self.0.read.get()).finish()
    }
}

impl LockOnce {
    /// The lock of the kit in `kit_dir`, not read yet.
    pub fn new(kit_dir: &Path) -> LockOnce {
        LockOnce(Arc::new(Shared { kit_dir: kit_dir.to_path_buf(), read: OnceLock::new(), reported: AtomicU8::new(0) }))
    }

    /// Starts reading the lock on a thread of its own (a large lock takes a while to parse;
    /// the build's single-threaded stages leave a core free for it). Whoever asks for it
    /// meanwhile waits for that reading rather than starting another.
    pub fn read_ahead(&self) {
        let shared = self.clone();
        std::thread::spawn(move || {
            shared.get().ok();
        });
    }

    /// The lock: `Ok(None)` when the kit has none, the problem (located in the file) when it
    /// cannot be read. Read the first time it is asked for.
    pub fn get(&self) -> Result<Option<&Arc<Lock>>, &Diagnostic> {
        let read = self.0.read.get_or_init(|| Lock::load(&self.0.kit_dir).map(|lock| lock.map(Arc::new)));
        read.as_ref().map(Option::as_ref)
    }

    /// The lock, or an empty one when there is none or it cannot be read.
    pub fn or_empty(&self) -> Arc<Lock> {
        self.get().ok().flatten().cloned().unwrap_or_default()
    }

    /// Why the lock cannot be read, as a diagnostic of `severity`: given the first time it is
    /// asked for at that severity or a higher one, so a damaged lock is reported once however
    /// many stages read it (and again only where it becomes an error). `None` when the lock
    /// could be read.
    pub fn problem(&self, severity: Severity) -> Option<Diagnostic> {
        let problem = self.get().err()?;
        let rank = severity as u8 + 1;
        if self.0.reported.fetch_max(rank, Ordering::Relaxed) >= rank {
            return None;
        }
        Some(Diagnostic { severity, ..problem.clone() })
    }
}

/// Where the base copy of `path` with this hash is kept: `.neokit/base/a/page.<hash>.md`.
pub fn base_path(kit_dir: &Path, path: &str, hash: &str) -> PathBuf {
    let (stem, extension) = match path.rsplit_once('.') {
        Some((stem, extension)) if !extension.contains('/') => (stem, extension),
        _ => (path, "md"),
    };
    let short: String = hash.chars().filter(char::is_ascii_hexdigit).take(12).collect();
    let name = format!("{stem}.{short}.{extension}");
    let mut full = kit_dir.join(BASE_DIR);
    full.extend(name.split('/').filter(|s| !s.is_empty() && *s != ".." && *s != "."));
    full
}

/// The base copy of a pin, when it is there and matches its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    Found(String),
    Missing,
    /// There, but not the pinned text (edited by hand).
    Altered,
}

impl Base {
    /// What a base copy's text (`None`: there is none) is to its pin.
    pub fn of(pin: &Pin, text: Option<String>) -> Base {
        match text {
            Some(text) if hash(&text) == pin.fingerprint.hash => Base::Found(text),
            Some(_) => Base::Altered,
            None => Base::Missing,
        }
    }
}

/// The base copy of a pin, read from the kit folder.
pub fn read_base(kit_dir: &Path, pin: &Pin) -> Base {
    Base::of(pin, std::fs::read_to_string(base_path(kit_dir, &pin.path, &pin.fingerprint.hash)).ok())
}

pub fn write_base(kit_dir: &Path, path: &str, text: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let target = base_path(kit_dir, path, &hash(text));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))
}

/// A unified diff from `before` to `after` (normalised), labelled with `label`.
pub fn diff(label: &str, before: &str, after: &str) -> String {
    diff_named(label, "upstream now", before, after)
}

/// [`diff`], with the word for today's side (`upstream now`, `source now`).
pub fn diff_named(label: &str, now: &str, before: &str, after: &str) -> String {
    let (before, after) = (normalise(before), normalise(after));
    if before == after {
        return String::new();
    }
    let patch = diffy::create_patch(&before, &after);
    let text = patch.to_string();
    // diffy labels the files "original" and "modified".
    let body = text.split_once('\n').and_then(|(_, rest)| rest.split_once('\n')).map_or(text.as_str(), |(_, r)| r);
    format!("--- {label} (pinned)\n+++ {label} ({now})\n{body}")
}

/// A three-way merge proposal: `ours` with the changes from `base` to `theirs` applied, and
/// conflicts marked for a person to resolve. Never written over anyone's text.
pub fn merge_proposal(base: &str, ours: &str, theirs: &str) -> (String, bool) {
    match diffy::merge(&normalise(base), &normalise(ours), &normalise(theirs)) {
        Ok(text) => (text, false),
        Err(text) => (text, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_only_changes_do_not_count() {
        let a = "# Title\n\nSome text.\n\n## Part\n\nMore.\n";
        let b = "\u{feff}# Title  \r\n\r\n\r\nSome text.\t\r\n\r\n## Part\r\n\r\nMore.\r\n\r\n";
        assert_eq!(hash(a), hash(b));
        assert_eq!(fingerprint(a), fingerprint(b));
        assert_ne!(hash(a), hash("# Title\n\nSome other text.\n"));
    }

    #[test]
    fn sections_and_subtrees() {
        let text = "---\ndescription: x\n---\nIntro\n\n# Title\n\nA\n\n## One\n\nB\n\n### One a\n\nC\n\n## Two\n\nD\n";
        let fp = fingerprint(text);
        let anchors: Vec<&str> = fp.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["", "title", "one", "one-a", "two"]);
        let subtree: Vec<&str> = fp.subtree("one").unwrap().iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(subtree, ["one", "one-a"]);
        assert_eq!(fp.subtree("title").unwrap().len(), 4);
        let changed = fingerprint(&text.replace("C\n", "C changed\n"));
        assert_eq!(changed_sections(&fp.sections, &changed.sections), ["one-a"]);
        let s = sections(text);
        assert_eq!(&text[s[2].whole.clone()], "## One\n\nB\n\n### One a\n\nC\n\n");
        assert_eq!(&text[s[2].heading.clone()], "## One\n");
    }

    #[test]
    fn base_paths_stay_in_the_base_folder() {
        let kit = Path::new("/k");
        assert_eq!(base_path(kit, "a/b.md", "0123456789abcdef"), Path::new("/k/.neokit/base/a/b.0123456789ab.md"));
        assert!(base_path(kit, "../../etc/passwd", "x").starts_with("/k/.neokit/base"));
    }

    #[test]
    fn merges_propose_and_mark_conflicts() {
        let base = "one\ntwo\nthree\n";
        let (merged, conflict) = merge_proposal(base, "one\ntwo local\nthree\n", "one\ntwo\nthree\nfour\n");
        assert_eq!((merged.as_str(), conflict), ("one\ntwo local\nthree\nfour\n", false));
        let (_, conflict) = merge_proposal(base, "one\nours\nthree\n", "one\ntheirs\nthree\n");
        assert!(conflict);
        assert!(diff("a.md", base, "one\nthree\n").contains("-two"));
    }

    fn pin_of(text: &str) -> Pin {
        Pin {
            path: "a/page.md".into(),
            kind: Kind::Page,
            insert: None,
            section: None,
            language: None,
            translation: None,
            version: None,
            fingerprint: fingerprint(text),
        }
    }

    #[test]
    fn a_base_copy_is_found_missing_or_altered() {
        let pin = pin_of("# Page\n\nText.\n");
        // Found whatever its spacing, as the pin's hash is of the normalised text.
        assert_eq!(
            Base::of(&pin, Some("# Page\r\n\r\nText.  \r\n".into())),
            Base::Found("# Page\r\n\r\nText.  \r\n".into())
        );
        assert_eq!(Base::of(&pin, Some("# Page\n\nOther text.\n".into())), Base::Altered);
        assert_eq!(Base::of(&pin, None), Base::Missing);
    }

    #[test]
    fn changed_titles_name_the_sections_that_changed() {
        let before = fingerprint("Intro\n\n# Title\n\nA\n\n## One\n\nB\n\n## Two\n\nC\n");
        let after = fingerprint("Intro changed\n\n# Title\n\nA\n\n## One\n\nB changed\n\n## Three\n\nD\n");
        // The text before the first heading has no title; a section gone keeps its old title.
        assert_eq!(changed_titles(Some(&before), &after), ["One", "Three", "Two"]);
        assert_eq!(changed_titles(None, &after), Vec::<String>::new());
        assert_eq!(changed_titles(Some(&before), &before), Vec::<String>::new());
    }

    #[test]
    fn the_lock_is_read_once_and_a_damaged_one_reported_once() {
        let kit = tempfile::tempdir().unwrap();
        let none = LockOnce::new(kit.path());
        assert!(matches!(none.get(), Ok(None)));
        assert_eq!(*none.or_empty(), Lock::default());

        let mut lock = Lock { upstream: "../up".into(), ..Lock::default() };
        lock.pins.push(pin_of("# Page\n"));
        lock.save(kit.path()).unwrap();
        let once = LockOnce::new(kit.path());
        once.read_ahead();
        let shared = once.clone();
        let read = once.get().unwrap().unwrap().clone();
        assert_eq!(read.pins, lock.pins);
        // Read once: what another stage gets is that same lock, whatever the file says now.
        std::fs::write(kit.path().join(LOCK_FILE), "version: 1\npins: [oops\n").unwrap();
        assert!(Arc::ptr_eq(shared.get().unwrap().unwrap(), &read));
        assert_eq!(once.problem(Severity::Warning), None);

        let damaged = LockOnce::new(kit.path());
        let problem = damaged.get().unwrap_err().clone();
        assert_eq!(problem.code, "invalid-lock");
        let at = problem.location.clone().unwrap();
        assert_eq!((at.path.as_path(), at.line), (Path::new(LOCK_FILE), 2));
        assert!(at.col > 0, "{at:?}");
        assert_eq!(*damaged.or_empty(), Lock::default());
        // Reported once; again only where it becomes an error.
        let warning = damaged.problem(Severity::Warning).unwrap();
        assert_eq!((warning.severity, warning.location.as_ref()), (Severity::Warning, Some(&at)));
        assert_eq!(damaged.clone().problem(Severity::Warning), None);
        assert_eq!(damaged.problem(Severity::Note), None);
        assert_eq!(damaged.problem(Severity::Error).map(|p| p.severity), Some(Severity::Error));
        assert_eq!(damaged.problem(Severity::Error), None);
    }
}
