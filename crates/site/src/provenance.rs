//! Provenance: which upstream text a built site carries, published as
//! `_neokit/provenance.json` so that the programme that writes a shared guide can see, with
//! `neokit fleet`, which hospitals still publish text that has changed since.
//!
//! Input: each space's configuration, effective kit (with what the overlay did), site and
//! governance, the lock's pins, and the build's day. Output: one JSON text (or none: the site
//! is not built on an upstream guide and has no translations, or `provenance: false`).
//!
//! It holds no local text, names or contacts: the site's title and language, the build's day,
//! the upstream's version label, paths, hashes (the normalised hashes of [`crate::pins`]),
//! anchors, section titles of upstream headings and review counts. The comparison with a
//! guide happens elsewhere ([`crate::fleet`]), with the pin and drift core
//! ([`crate::overlay::drift::pin_status`], [`crate::overlay::drift::upstream_changes`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::governance::{Day, Governance, State};
use crate::kit::Kit;
use crate::output::{Content, Staging};
use crate::overlay::Applied;
use crate::pins::{self, Kind, Lock, LockOnce, Pin};
use crate::site::Site;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::paths::RelPath;

/// Where the file is published, from the site's root.
pub const FILE: &str = "_neokit/provenance.json";
/// What the file says it is, so that `fleet` can tell it from any other JSON file.
pub const FORMAT: &str = "neokit-provenance";
/// The format version; fields are only ever added.
pub const VERSION: u32 = 1;

/// `_neokit/provenance.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this neokit.
    pub version: u32,
    pub site: SiteInfo,
    /// The shared guide the site is built on (`None`: a site with translations only).
    #[serde(default)]
    pub upstream: Option<UpstreamInfo>,
    /// Every upstream page the site publishes with the upstream's text (unchanged, or with
    /// inserts), by its path in the upstream guide, with the hash of that text.
    #[serde(default)]
    pub pages: BTreeMap<String, String>,
    /// Every pin of a replaced page, an insert or a translation the site publishes, as
    /// `neokit.lock` holds it: the source page, its version label then and its hashes.
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// Replaced pages and inserts published without a pin: what they were based on is unknown.
    #[serde(default)]
    pub unpinned: Vec<Unpinned>,
    /// Upstream pages the site leaves out on purpose (`remove:`).
    #[serde(default)]
    pub removed: Vec<String>,
    /// Pages due for review and past their review date, when the kit uses governance.
    #[serde(default)]
    pub reviews: Option<Reviews>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub title: String,
    pub language: String,
    /// The day it was built, `YYYY-MM-DD`.
    pub built: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpstreamInfo {
    /// `upstream.version` in neokit.yaml.
    #[serde(default)]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unpinned {
    /// The upstream page.
    pub path: String,
    pub kind: Kind,
    /// For inserts: the insert file, relative to the kit folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviews {
    pub due: usize,
    pub overdue: usize,
}

/// One space of the site, as the build assembled it.
pub struct Space<'a> {
    pub config: &'a Config,
    pub kit: &'a Kit,
    pub site: &'a Site,
    pub governance: &'a Governance,
}

/// Starts reading the build's lock on a thread of its own when a site that writes its files
/// may record provenance (a large lock takes a while to parse; the build's single-threaded
/// stages leave a core free for it). The build's other stages get the same reading.
pub fn preload(config: &Config, writes: bool, lock: &LockOnce) {
    if writes && config.provenance && config.kit_dir.join(pins::LOCK_FILE).is_file() {
        lock.read_ahead();
    }
}

/// Puts `_neokit/provenance.json` into the staging area when the site records one; a file of
/// the theme with that name is a conflict, reported like any other.
pub fn stage(
    staging: &Staging,
    config: &Config,
    spaces: &[Space],
    today: Day,
    lock: &LockOnce,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(json) = json(config, spaces, today, lock)
        && let Err(conflict) = staging.put(FILE.to_string(), Content::Text(json.into()))
    {
        problems.push(conflict);
    }
}

/// The file's text, when the site records provenance: `provenance:` is not `false`, and a
/// space is built on an upstream guide or the site has spaces in several languages.
pub fn json(config: &Config, spaces: &[Space], today: Day, lock: &LockOnce) -> Option<String> {
    let languages: BTreeSet<&str> = spaces.iter().map(|s| s.config.language.as_str()).collect();
    let upstream = spaces.iter().any(|s| s.config.upstream.is_some());
    if !config.provenance || (!upstream && languages.len() < 2) {
        return None;
    }
    let record = collect(config, spaces, today, lock);
    serde_json::to_string_pretty(&record).ok().map(|text| text + "\n")
}

/// What the site carries.
fn collect(config: &Config, spaces: &[Space], today: Day, lock: &LockOnce) -> Provenance {
    let mut hashes: Vec<Vec<(String, String)>> = spaces.iter().map(page_hashes).collect();
    // A damaged lock is reported by the stages that read pins for `check` (and translations);
    // here the adapted pages then count as unpinned.
    let lock = lock.or_empty();
    let mut record = Provenance {
        format: FORMAT.to_string(),
        version: VERSION,
        site: SiteInfo { title: site_title(config), language: config.language.clone(), built: today.iso() },
        upstream: None,
        pages: BTreeMap::new(),
        pins: Vec::new(),
        unpinned: Vec::new(),
        removed: Vec::new(),
        reviews: None,
    };
    let mut published = HashSet::new();
    for (space, hashes) in spaces.iter().zip(&mut hashes) {
        let tree = &space.kit.tree;
        for page in &space.site.pages {
            if !tree.fallback.contains(&page.source) {
                published.insert(tree.shown(&page.source).to_string_lossy().replace('\\', "/"));
            }
        }
        if let (Some(upstream), Some(applied)) = (&space.config.upstream, &space.kit.overlay) {
            record.upstream = Some(UpstreamInfo { version: upstream.version.clone() });
            record.pages.extend(std::mem::take(hashes));
            overlay(&mut record, &lock, space, applied);
        }
        if space.governance.in_use {
            let count = |state| space.governance.pages.iter().flatten().filter(|p| p.state == state).count();
            let reviews = record.reviews.get_or_insert(Reviews { due: 0, overdue: 0 });
            reviews.due += count(State::Due);
            reviews.overdue += count(State::Overdue);
        }
    }
    // Translations: the pins of the translated pages the site publishes.
    record.pins.extend(
        lock.pins
            .iter()
            .filter(|p| p.kind == Kind::Translation && p.translation.as_ref().is_some_and(|t| published.contains(t)))
            .cloned(),
    );
    record.pins.sort_by(|a, b| {
        (&a.path, a.kind, &a.insert, &a.translation).cmp(&(&b.path, b.kind, &b.insert, &b.translation))
    });
    record
}

/// The upstream pages a space publishes with the guide's text, with the hash of that text:
/// the text the build read for the page, or, for a page with inserts, the guide's file.
/// Hashed in parallel; none for a space not built on a guide.
fn page_hashes(space: &Space) -> Vec<(String, String)> {
    let Some(applied) = &space.kit.overlay else { return Vec::new() };
    let tree = &space.kit.tree;
    let replaced: HashSet<&str> = applied.replaced.iter().filter(|r| r.page).map(|r| r.path.as_str()).collect();
    let used: Vec<(&RelPath, usize)> = applied
        .upstream_pages
        .iter()
        .filter(|p| !replaced.contains(p.as_str()))
        .filter_map(|p| space.site.by_source.get(p).map(|&id| (p, id)))
        .collect();
    used.par_iter()
        .filter_map(|&(page, id)| {
            let read = space.site.pages[id].prepared.scanned.files.first().map(|(_, text)| text);
            let hash = match read {
                Some(text) if !tree.adapted.contains(page) => pins::hash(text),
                _ => pins::hash(&std::fs::read_to_string(applied.upstream_root.join(page.to_native())).ok()?),
            };
            Some((page.to_string(), hash))
        })
        .collect()
}

/// The pins, unpinned items and removed pages of a space built on a guide.
fn overlay(record: &mut Provenance, lock: &Lock, space: &Space, applied: &Applied) {
    let tree = &space.kit.tree;
    record.removed.extend(tree.removed.iter().map(ToString::to_string));
    for item in &applied.replaced {
        if !item.page || tree.removed.contains(&item.path) {
            continue;
        }
        let pin = lock.pins.iter().find(|p| p.kind == Kind::Page && p.path == item.path.as_str());
        match pin {
            Some(pin) => record.pins.push(pin.clone()),
            None => record.unpinned.push(Unpinned { path: item.path.to_string(), kind: Kind::Page, insert: None }),
        }
    }
    for insert in &applied.inserts {
        let pin = lock.pins.iter().find(|p| p.kind == Kind::Insert && p.insert.as_deref() == Some(&insert.file));
        match pin {
            Some(pin) => {
                // The section it goes into today (a person may have pointed it elsewhere).
                let mut pin = pin.clone();
                pin.path = insert.page.to_string();
                if pin.section.is_none() {
                    pin.section = Some(insert.section.clone());
                }
                record.pins.push(pin);
            }
            None => record.unpinned.push(Unpinned {
                path: insert.page.to_string(),
                kind: Kind::Insert,
                insert: Some(insert.file.clone()),
            }),
        }
    }
}

/// The site's title: `title:` (or GitBook's site title), else the kit folder's name.
fn site_title(config: &Config) -> String {
    config
        .title
        .clone()
        .or_else(|| config.kit_dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// Reads a provenance file's text: the record, or why it cannot be used, in plain words.
pub fn parse(text: &str) -> Result<Provenance, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        if !text.trim_start().starts_with('{') {
            return "this is not a neokit provenance file (it is not JSON)".to_string();
        }
        let at = format!("line {}, column {}", error.line(), error.column());
        match error.classify() {
            serde_json::error::Category::Eof => format!("the file is damaged: it stops short ({at})"),
            _ => format!("the file is damaged at {at}: {error}"),
        }
    })?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err("this is not a neokit provenance file".into());
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(version) if version == u64::from(VERSION) => {}
        Some(version) => {
            return Err(format!(
                "the file has format version {version}; this neokit reads version {VERSION} (use a neokit as new as the one that built the site)"
            ));
        }
        None => return Err("the file does not say its format version".into()),
    }
    serde_json::from_value(value).map_err(|error| format!("the file is damaged: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_tells_damaged_foreign_and_newer_files_apart() {
        let good = r#"{"format": "neokit-provenance", "version": 1, "site": {"title": "T", "language": "en", "built": "2027-01-01"}}"#;
        let record = parse(good).unwrap();
        assert_eq!(record.site.title, "T");
        assert!(record.pins.is_empty() && record.upstream.is_none());
        assert!(parse("{\"format\": \"neokit-provenance\", ").unwrap_err().contains("stops short (line 1"));
        assert!(parse("{\"format\": x}").unwrap_err().contains("damaged at line 1, column 12"));
        assert!(parse("# Consent").unwrap_err().contains("not JSON"));
        assert_eq!(parse(r#"{"version": 1}"#).unwrap_err(), "this is not a neokit provenance file");
        assert!(parse(&good.replace("\"version\": 1", "\"version\": 2")).unwrap_err().contains("format version 2"));
        assert!(parse(&good.replace("\"title\": \"T\", ", "")).unwrap_err().contains("missing field `title`"));
    }

    #[test]
    fn pins_round_trip_with_their_sections() {
        let pin = Pin {
            path: "reviews/consent.md".into(),
            kind: Kind::Insert,
            insert: Some("overlay/inserts/phone.md".into()),
            section: Some("asking".into()),
            language: None,
            translation: None,
            version: Some("2026.11".into()),
            fingerprint: pins::fingerprint("# Consent\n\n## Asking\n\nAsk both parents.\n"),
        };
        let mut record = parse(
            r#"{"format": "neokit-provenance", "version": 1, "site": {"title": "T", "language": "en", "built": "2027-01-01"}}"#,
        )
        .unwrap();
        record.pins.push(pin);
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(parse(&text).unwrap(), record);
    }
}
