//! `neokit fleet` for a terminal: one line per hospital, then, per hospital that is behind,
//! the sections to look at.

use super::{Hospital, HospitalStatus, Item, Report};
use crate::overlay::drift::Status;
use crate::pins::Kind;

/// The report as a person reads it.
pub fn human(report: &Report) -> String {
    let mut out = format!("Guide: {} (version {})\n\n", report.upstream.title, report.upstream.version);
    let width = report.hospitals.iter().map(|h| name(h).chars().count()).max().unwrap_or(0).min(48);
    for hospital in &report.hospitals {
        let name = name(hospital);
        let padding = " ".repeat(width.saturating_sub(name.chars().count()));
        out.push_str(&format!("{:<11}{name}{padding}  {}\n", hospital.status.word(), summary(hospital)));
    }
    for hospital in &report.hospitals {
        let lines = details(hospital);
        if !lines.is_empty() {
            out.push_str(&format!("\n{}:\n", name(hospital)));
            for line in lines {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    let count = |status| report.hospitals.iter().filter(|h| h.status == status).count();
    out.push_str(&format!(
        "\n{} {}: {} current, {} behind, {} unreadable.\n",
        report.hospitals.len(),
        if report.hospitals.len() == 1 { "hospital" } else { "hospitals" },
        count(HospitalStatus::Current),
        count(HospitalStatus::Behind),
        count(HospitalStatus::Unreadable)
    ));
    out
}

/// The hospital's site title, or its source when it has none.
fn name(hospital: &Hospital) -> String {
    if hospital.title.is_empty() { hospital.source.clone() } else { hospital.title.clone() }
}

/// The rest of a hospital's line: its version and counts, or why it is unreadable.
pub fn summary(hospital: &Hospital) -> String {
    if let Some(error) = &hospital.error {
        return error.clone();
    }
    let version = hospital.upstream_version.as_deref().unwrap_or("no version label");
    let mut parts = vec![format!("on {version}")];
    let changed = hospital.items.iter().filter(|i| i.status == Status::Changed).count();
    let removed = hospital.items.iter().filter(|i| i.status == Status::Removed).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if changed > 0 {
        parts.push(plural(changed, "adapted text to review", "adapted texts to review"));
    }
    if removed > 0 {
        parts.push(plural(removed, "adapted text whose guide text is gone", "adapted texts whose guide text is gone"));
    }
    if !hospital.upstream_changed.is_empty() {
        parts.push(plural(hospital.upstream_changed.len(), "page to update", "pages to update"));
    }
    if !hospital.upstream_new.is_empty() {
        parts.push(plural(hospital.upstream_new.len(), "new page", "new pages"));
    }
    if let Some(reviews) = hospital.reviews
        && reviews.overdue > 0
    {
        parts.push(plural(reviews.overdue, "review overdue", "reviews overdue"));
    }
    parts.join(", ")
}

/// What to look at for one hospital.
fn details(hospital: &Hospital) -> Vec<String> {
    let mut lines = Vec::new();
    for item in hospital.items.iter().filter(|i| i.status != Status::Current) {
        lines.push(item_line(item));
    }
    if !hospital.upstream_changed.is_empty() {
        lines.push(format!(
            "changed in the guide, published there unchanged (its next update brings them): {}",
            hospital.upstream_changed.join(", ")
        ));
    }
    if !hospital.upstream_new.is_empty() {
        lines.push(format!("new in the guide: {}", hospital.upstream_new.join(", ")));
    }
    for warning in &hospital.warnings {
        lines.push(format!("warning: {warning}"));
    }
    lines
}

/// One pin that is not current: what it is and which sections changed.
pub fn item_line(item: &Item) -> String {
    let what = item_what(item);
    let since = item.pinned_version.as_deref().map(|v| format!(" since {v}")).unwrap_or_default();
    match item.status {
        Status::Removed if item.kind == Kind::Insert => {
            format!("gone     {what}: its section `{}` is no longer in the guide", item.sections.join(", "))
        }
        Status::Removed => format!("gone     {what}: no longer in the guide"),
        _ if item.sections.is_empty() => format!("changed  {what}{since}"),
        _ => format!("changed  {what}{since}: {}", section_names(item).join(", ")),
    }
}

/// What a pin is on: the guide's page, and how the hospital uses it.
pub fn item_what(item: &Item) -> String {
    match item.kind {
        Kind::Page => format!("{} (replaced there)", item.path),
        Kind::Insert => format!("{} (insert {})", item.path, item.insert.as_deref().unwrap_or("")),
        Kind::Translation => format!(
            "{} (translated into {} as {})",
            item.path,
            item.language.as_deref().unwrap_or(""),
            item.translation.as_deref().unwrap_or("")
        ),
    }
}

/// The changed sections' headings (their anchors when they have none).
pub fn section_names(item: &Item) -> Vec<String> {
    item.sections
        .iter()
        .zip(&item.titles)
        .map(|(anchor, title)| match (anchor.is_empty(), title.is_empty()) {
            (true, _) => "(before the first heading)".to_string(),
            (false, true) => anchor.clone(),
            (false, false) => title.clone(),
        })
        .collect()
}
