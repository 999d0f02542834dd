//! `neokit fleet`: the programme's view of every hospital's version of its guide.
//!
//! Input: the programme's current guide (a kit folder) and, per hospital, the provenance its
//! built site publishes (`_neokit/provenance.json`, see [`crate::provenance`]). Output: a
//! [`Report`]: per hospital its status (`current`, `behind`, `unreadable`), the upstream
//! version it is on, each pin compared with today's guide, the guide's pages it lacks and the
//! pages it publishes unchanged whose text changed since; as JSON, for a person
//! ([`human`]) or as a dashboard ([`html`]).
//!
//! The comparison is the drift engine's: [`crate::overlay::drift::pin_status`] for every
//! pin (replaced pages, inserts, translations) and [`crate::overlay::drift::upstream_changes`]
//! for the pages published unchanged, over fingerprints of today's guide computed once
//! ([`crate::pins::fingerprint`]). Nothing is written but the dashboard, under `--out`.

pub mod guide;
pub mod html;
pub mod human;
pub mod sources;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::overlay::drift::{self, Status};
use crate::pins::{Kind, Pin};
use crate::provenance::{Provenance, Reviews};
pub use guide::Guide;

/// `neokit fleet --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub upstream: UpstreamView,
    pub hospitals: Vec<Hospital>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpstreamView {
    pub title: String,
    pub version: String,
}

/// Where a hospital stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HospitalStatus {
    /// Nothing to do: everything it carries is today's text.
    Current,
    /// Something changed in the guide since what it carries.
    Behind,
    /// Its provenance could not be read (`error` says why).
    Unreadable,
}

impl HospitalStatus {
    pub fn word(self) -> &'static str {
        match self {
            HospitalStatus::Current => "current",
            HospitalStatus::Behind => "behind",
            HospitalStatus::Unreadable => "unreadable",
        }
    }
}

/// One hospital's site.
#[derive(Debug, Clone, Serialize)]
pub struct Hospital {
    /// The source as given on the command line.
    pub source: String,
    /// The site's title ("" when unreadable).
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The day the site was built, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    pub status: HospitalStatus,
    /// Why it could not be read, in plain words (unreadable only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The guide's version label the hospital is on.
    pub upstream_version: Option<String>,
    /// Each pinned replaced page, insert and translation.
    pub items: Vec<Item>,
    /// Pages of today's guide the site does not have (and does not leave out on purpose).
    pub upstream_new: Vec<String>,
    /// Pages it publishes unchanged whose text changed since: its next update and build
    /// brings them.
    pub upstream_changed: Vec<String>,
    /// Pages it leaves out on purpose.
    pub removed: Vec<String>,
    /// Pages due for review and past their date, when the site uses governance.
    pub reviews: Option<Reviews>,
    /// What a person should know that is not a change (an adapted page without a pin, a site
    /// that may be built on another guide).
    pub warnings: Vec<String>,
}

/// One pin compared with today's guide.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The guide's page (for translations: the source page, from the guide's folder).
    pub path: String,
    pub kind: Kind,
    /// For inserts: the insert file in the hospital's kit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insert: Option<String>,
    /// For translations: the language and the translated page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// `current`, `changed` or `removed`.
    pub status: Status,
    /// The sections that changed, by anchor (`""`: the text before the first heading); for
    /// an insert that is current, none.
    pub sections: Vec<String>,
    /// Their headings, as the guide has them today (or had them, for sections gone).
    pub titles: Vec<String>,
    /// The guide's version label when it was pinned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_version: Option<String>,
}

impl Report {
    /// 2 when a source could not be read, else 1 when a hospital is behind, else 0.
    pub fn exit_code(&self) -> u8 {
        let any = |status| self.hospitals.iter().any(|h| h.status == status);
        if any(HospitalStatus::Unreadable) { 2 } else { u8::from(any(HospitalStatus::Behind)) }
    }
}

/// Compares every source with the guide. Sources are read and compared in parallel, each
/// provenance dropped once compared (a fleet's files are never all in memory); the report
/// keeps their order.
pub fn report(guide: &Guide, sources: &[String]) -> Report {
    use rayon::prelude::*;
    let hospitals = sources
        .par_iter()
        .map(|source| match sources::read(source) {
            Ok(provenance) => compare(guide, source.clone(), &provenance),
            Err(error) => unreadable(source.clone(), error),
        })
        .collect();
    Report { upstream: UpstreamView { title: guide.title.clone(), version: guide.version.clone() }, hospitals }
}

fn unreadable(source: String, error: String) -> Hospital {
    Hospital {
        source,
        title: String::new(),
        language: None,
        built: None,
        status: HospitalStatus::Unreadable,
        error: Some(error),
        upstream_version: None,
        items: Vec::new(),
        upstream_new: Vec::new(),
        upstream_changed: Vec::new(),
        removed: Vec::new(),
        reviews: None,
        warnings: Vec::new(),
    }
}

/// One hospital's provenance against today's guide.
pub fn compare(guide: &Guide, source: String, provenance: &Provenance) -> Hospital {
    let mut hospital = Hospital {
        source,
        title: provenance.site.title.clone(),
        language: Some(provenance.site.language.clone()),
        built: Some(provenance.site.built.clone()),
        status: HospitalStatus::Current,
        error: None,
        upstream_version: provenance.upstream.as_ref().and_then(|u| u.version.clone()),
        items: Vec::new(),
        upstream_new: Vec::new(),
        upstream_changed: Vec::new(),
        removed: provenance.removed.clone(),
        reviews: provenance.reviews,
        warnings: Vec::new(),
    };
    // Is it this guide at all? Counted over the guide's pages it names.
    let named: Vec<&str> = provenance
        .pages
        .keys()
        .map(String::as_str)
        .chain(provenance.pins.iter().map(|p| p.path.as_str()))
        .chain(provenance.removed.iter().map(String::as_str))
        .collect();
    let known = named.iter().filter(|p| guide.has(p)).count();
    if !named.is_empty() && known == 0 {
        let error = format!(
            "this site is built on another guide: none of the {} guide pages it names is in “{}”",
            named.len(),
            guide.title
        );
        return Hospital { error: Some(error), status: HospitalStatus::Unreadable, ..hospital };
    }
    if known * 2 < named.len() {
        hospital.warnings.push(format!(
            "only {known} of the {} guide pages this site names are in “{}”: it may be built on another guide",
            named.len(),
            guide.title
        ));
    }
    for pin in &provenance.pins {
        hospital.items.push(item(guide, pin));
    }
    for unpinned in &provenance.unpinned {
        let what = match &unpinned.insert {
            Some(insert) => format!("the insert `{insert}` into `{}`", unpinned.path),
            None => format!("`{}`", unpinned.path),
        };
        hospital.warnings.push(format!(
            "{what} is adapted without a pin, so changes to the guide under it cannot be followed (`neokit adopt` pins it)"
        ));
    }
    if provenance.upstream.is_some() {
        // What the site took each page at: the pages it publishes unchanged, the pages it
        // replaced (at their pin), and the pages it leaves out.
        let mut taken: BTreeMap<String, String> = provenance.pages.clone();
        let mut apart = std::collections::HashSet::new();
        for pin in provenance.pins.iter().filter(|p| p.kind != Kind::Translation) {
            taken.entry(pin.path.clone()).or_insert_with(|| pin.fingerprint.hash.clone());
            apart.insert(pin.path.as_str());
        }
        for unpinned in &provenance.unpinned {
            taken.entry(unpinned.path.clone()).or_default();
            apart.insert(unpinned.path.as_str());
        }
        for page in &provenance.removed {
            taken.entry(page.clone()).or_default();
            apart.insert(page.as_str());
        }
        let today = guide.pages.iter().map(|page| (page.path.as_str(), page.fingerprint.hash.clone()));
        (hospital.upstream_changed, hospital.upstream_new) =
            drift::upstream_changes(&taken, today, &|page| apart.contains(page));
    }
    let behind = hospital.items.iter().any(|i| i.status != Status::Current)
        || !hospital.upstream_new.is_empty()
        || !hospital.upstream_changed.is_empty();
    if behind {
        hospital.status = HospitalStatus::Behind;
    }
    hospital
}

/// One pin against today's text of its page.
fn item(guide: &Guide, pin: &Pin) -> Item {
    let now = match pin.kind {
        Kind::Translation => guide.translation_source(&pin.path),
        Kind::Page | Kind::Insert => guide.page(&pin.path).map(|p| &p.fingerprint),
    };
    let section = if pin.kind == Kind::Insert { pin.section.as_deref() } else { None };
    let (status, mut sections) = drift::pin_status(pin, section, now);
    if status == Status::Removed
        && let Some(section) = section
    {
        sections = vec![section.to_string()];
    }
    let titles = sections
        .iter()
        .map(|anchor| {
            now.into_iter()
                .flat_map(|n| &n.sections)
                .chain(&pin.fingerprint.sections)
                .find(|s| &s.anchor == anchor)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        })
        .collect();
    Item {
        path: pin.path.clone(),
        kind: pin.kind,
        insert: pin.insert.clone(),
        language: pin.language.clone(),
        translation: pin.translation.clone(),
        status,
        sections,
        titles,
        pinned_version: pin.version.clone(),
    }
}

/// The report as JSON text.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).map(|t| t + "\n").unwrap_or_default()
}
