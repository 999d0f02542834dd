//! The dashboard: `neokit fleet --format html --out DIR`, a page the programme lead opens from
//! disk or puts on an intranet. One row per hospital (version, counts, status), each opening
//! onto the changed sections with their titles and links into the published guide.
//!
//! Built with the guide's theme: its `templates/fleet.html` (the built-in one unless the
//! guide's theme has its own), its stylesheet and brand colours, and the site's strict
//! Content-Security-Policy; nothing it shows is loaded from elsewhere. Written like a site:
//! into a staging folder that replaces `DIR` only when complete, with the same refusal of
//! dangerous folders.

use std::path::Path;

use serde::Serialize;

use super::human::{item_what, section_names, summary};
use super::{Guide, Hospital, HospitalStatus, Report};
use crate::config::brand;
use crate::deploy::meta_content_security_policy;
use crate::output::{Content, Staging};
use crate::overlay::drift::Status;
use crate::theme::{self, StaticFile};

/// The dashboard's own styles (layout of the rows), beside the theme's stylesheet.
const FLEET_CSS: &str = include_str!("../../../../themes/default/fleet/fleet.css");
/// The theme's files the dashboard uses, under `_neokit/`.
const THEME_FILES: [&str; 3] = ["neokit.css", "theme-init.js", "favicon.svg"];

#[derive(Serialize)]
struct SiteView {
    title: String,
    language: String,
    csp: String,
    generator: String,
}

#[derive(Serialize)]
struct HospitalView {
    name: String,
    source: String,
    status: &'static str,
    status_text: &'static str,
    version: String,
    built: String,
    summary: String,
    review: usize,
    update: usize,
    overdue: Option<usize>,
    error: Option<String>,
    items: Vec<ItemView>,
    current_items: usize,
    changed: Vec<LinkView>,
    new: Vec<LinkView>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ItemView {
    what: String,
    sections: Vec<LinkView>,
}

#[derive(Serialize)]
struct LinkView {
    title: String,
    href: Option<String>,
}

/// Writes the dashboard into `out`. Errors say why in plain words.
pub fn write(report: &Report, guide: &Guide, out: &Path) -> Result<(), String> {
    let config = &guide.config;
    let theme = theme::load(config.theme_dir.as_deref(), &|p| config.display_path(p))
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    let mut context = tera::Context::new();
    context.insert(
        "site",
        &SiteView {
            title: format!("{}: hospitals", guide.title),
            language: config.language.clone(),
            csp: meta_content_security_policy(config),
            generator: format!("neokit {}", env!("CARGO_PKG_VERSION")),
        },
    );
    context.insert("guide", &report.upstream);
    let hospitals: Vec<HospitalView> = report.hospitals.iter().map(|h| view(h, guide)).collect();
    let count = |status| report.hospitals.iter().filter(|h| h.status == status).count();
    context.insert("hospitals", &hospitals);
    context.insert("current", &count(HospitalStatus::Current));
    context.insert("behind", &count(HospitalStatus::Behind));
    context.insert("unreadable", &count(HospitalStatus::Unreadable));
    let html = theme.render("fleet.html", &context).map_err(|problem| problem.to_string())?;

    let staging = Staging::create(out, guide.kit_dir()).map_err(|e| format!("{e:#}"))?;
    let put = |path: String, content: Content| staging.put(path, content).map_err(|p| p.to_string());
    put("index.html".into(), Content::Text(html.into()))?;
    for name in THEME_FILES {
        match theme.static_files.get(name) {
            Some(StaticFile::Embedded(bytes)) => put(format!("_neokit/{name}"), Content::Bytes(bytes.to_vec()))?,
            Some(StaticFile::Disk(path)) => put(format!("_neokit/{name}"), Content::Copy(path.clone()))?,
            None => {}
        }
    }
    put("_neokit/fleet.css".into(), Content::Text(FLEET_CSS.into()))?;
    let brand = brand::stylesheet(config.brand.primary, config.brand.accent, &[]);
    put("_neokit/brand.css".into(), Content::Text(brand.into()))?;
    staging.commit().map_err(|e| format!("{e:#}"))
}

fn view(hospital: &Hospital, guide: &Guide) -> HospitalView {
    let link = |path: &str, anchor: &str, title: String| LinkView { title, href: guide.link(path, anchor) };
    let pages = |list: &[String]| list.iter().map(|p| link(p, "", p.clone())).collect();
    let (status_text, status) = match hospital.status {
        HospitalStatus::Current => ("Current", "current"),
        HospitalStatus::Behind => ("Behind", "due"),
        HospitalStatus::Unreadable => ("Unreadable", "overdue"),
    };
    let items = hospital
        .items
        .iter()
        .filter(|i| i.status != Status::Current)
        .map(|item| {
            let names = section_names(item);
            let sections = match item.status {
                Status::Removed => Vec::new(),
                _ => item.sections.iter().zip(names).map(|(anchor, title)| link(&item.path, anchor, title)).collect(),
            };
            let since = item.pinned_version.as_deref().map(|v| format!(", changed since {v}")).unwrap_or_default();
            let what = match item.status {
                Status::Removed => format!("{}: no longer in the guide", item_what(item)),
                _ => format!("{}{since}", item_what(item)),
            };
            ItemView { what, sections }
        })
        .collect();
    HospitalView {
        name: if hospital.title.is_empty() { hospital.source.clone() } else { hospital.title.clone() },
        source: hospital.source.clone(),
        status,
        status_text,
        version: hospital.upstream_version.clone().unwrap_or_default(),
        built: hospital.built.clone().unwrap_or_default(),
        summary: summary(hospital),
        review: hospital.items.iter().filter(|i| i.status != Status::Current).count(),
        update: hospital.upstream_changed.len() + hospital.upstream_new.len(),
        overdue: hospital.reviews.map(|r| r.overdue),
        error: hospital.error.clone(),
        items,
        current_items: hospital.items.iter().filter(|i| i.status == Status::Current).count(),
        changed: pages(&hospital.upstream_changed),
        new: pages(&hospital.upstream_new),
        warnings: hospital.warnings.clone(),
    }
}
