//! Each page's governance read from its front matter and checked, with diagnostics at the
//! value that is wrong; short links claimed once.

use std::collections::BTreeMap;

use super::changes;
use super::day::Day;
use super::model::{Governance, PageGovernance, State};
use crate::config::Config;
use crate::config::governance::{Expired, PERIOD_HELP, Period, Settings};
use crate::pins::LockOnce;
use crate::roles::Roles;
use crate::site::Site;
use neokit_core::diagnostics::{Diagnostic, Location, Part};
use neokit_core::source::SourceTree;
use neokit_core::yaml::did_you_mean;
use neokit_document::links::PageId;
use neokit_document::markdown::frontmatter;

/// The front matter keys this module reads.
const KEYS: [&str; 7] = ["owner", "approved_by", "reviewed", "review_every", "review_by", "version", "short"];

/// Reads the governance keys of every page and decides each page's state; the decisions
/// recorded in `lock` (the build's) for the "What changed" page.
pub fn collect(
    site: &Site,
    config: &Config,
    tree: &SourceTree,
    roles: &Roles,
    today: Day,
    lock: &LockOnce,
) -> (Governance, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let settings = config.governance.clone().unwrap_or_default();
    let role_ids: Vec<&str> = roles.by_page.values().map(|r| r.id.as_str()).collect();
    if let (Some(owner), Some(at)) = (&settings.owner, &settings.owner_at)
        && let Some(problem) = owner_problem(owner, &role_ids)
    {
        problems.push(problem.at(at.clone()));
    }
    let mut governance = Governance {
        today: Some(today),
        in_use: config.governance.is_some(),
        pages: Vec::with_capacity(site.pages.len()),
        short_links: BTreeMap::new(),
        recorded: Vec::new(),
        settings,
    };
    if governance.settings.changes_page.is_some() {
        let (recorded, problem) = changes::recorded(site, config, lock);
        governance.recorded = recorded;
        problems.extend(problem);
    }
    let overlay_dir = config.upstream.as_ref().map(|u| u.overlay_dir.clone());
    let mut claimed: BTreeMap<String, (PageId, Option<Location>)> = BTreeMap::new();
    // The pages a short link could clash with, found once (not a search of every page for
    // each short link).
    let under_go: Vec<&str> = site.pages.iter().map(|p| p.dir.as_str()).filter(|dir| dir.starts_with("go/")).collect();
    for (id, page) in site.pages.iter().enumerate() {
        let meta = &page.prepared.front.meta;
        let has_keys = KEYS.iter().any(|k| meta.contains_key(*k));
        governance.in_use |= has_keys;
        let shown = tree.shown(&page.source);
        let text = page.prepared.scanned.files.first().map(|(_, text)| text.clone());
        let locate = |key: &str| text.as_deref().and_then(|t| frontmatter::value_location(t, key, &shown));
        let mut read = Reader { meta, locate: &locate, problems: &mut problems };
        let mut found = read.page(&governance.settings, &role_ids, today);
        found.local = overlay_dir
            .as_ref()
            .is_some_and(|dir| tree.layered.get(&page.source).is_some_and(|l| l.disk.starts_with(dir)));
        if found.local && tree.adapted.contains(&page.source) {
            // The shared guide's own review of the page the hospital replaced.
            let upstream_file = config.content_root.join(page.source.to_native());
            let upstream_meta = std::fs::read_to_string(&upstream_file).ok().and_then(|text| {
                let split = frontmatter::split(&text);
                split.yaml.map(|(yaml, _)| frontmatter::parse(yaml).0.meta)
            });
            if let Some(meta) = upstream_meta.filter(|m| KEYS.iter().any(|k| m.contains_key(*k))) {
                let mut ignored = Vec::new();
                let mut read = Reader { meta: &meta, locate: &|_| None, problems: &mut ignored };
                found.upstream = Some(Box::new(read.page(&governance.settings, &role_ids, today)));
            }
        }
        if let Some(short) = &found.short {
            let at = locate("short");
            let target = format!("go/{short}/");
            let clash = under_go.iter().find(|dir| dir.starts_with(&target));
            let error = |message: String, help: &str| {
                located(Diagnostic::error("short-link", message), at.clone(), &shown).with_help(help)
            };
            if let Some(other) = clash {
                problems.push(error(
                    format!("short link `go/{short}/` clashes with the page at `{other}`"),
                    "`go/` belongs to short links: move that page, or choose another short link",
                ));
            } else if let Some((first, first_at)) = claimed.get(short) {
                let first_shown = tree.shown(&site.pages[*first].source);
                let where_first = first_at.as_ref().map_or(first_shown.display().to_string(), |l| l.to_string());
                problems.push(error(
                    format!("short link `{short}` is already claimed by {where_first}"),
                    "one short link leads to one page: choose another name for one of them",
                ));
            } else {
                claimed.insert(short.clone(), (id, at));
                governance.short_links.insert(short.clone(), id);
            }
        }
        governance.pages.push(Some(found));
    }
    if !governance.in_use {
        governance.pages = vec![None; site.pages.len()];
    } else if governance.settings.expired == Expired::Error {
        for (id, page) in governance.pages.iter().enumerate() {
            if let Some(page) = page.as_ref().filter(|p| p.state == State::Overdue) {
                let shown = tree.shown(&site.pages[id].source);
                problems.push(
                    located(
                        Diagnostic::error(
                            "review-overdue",
                            format!(
                                "page is past its review date ({}); `governance.expired: error` stops the build",
                                page.next_review.map(Day::iso).unwrap_or_default()
                            ),
                        ),
                        page.at.clone(),
                        &shown,
                    )
                    .with_help(
                        "review the page and update `reviewed:`, or set `expired: banner` to publish it with a banner",
                    ),
                );
            }
        }
    }
    (governance, problems)
}

fn located(diagnostic: Diagnostic, at: Option<Location>, shown: &std::path::Path) -> Diagnostic {
    diagnostic.at(at.unwrap_or_else(|| Location::file(shown)))
}

/// Reads one page's keys.
struct Reader<'a> {
    meta: &'a serde_json::Map<String, serde_json::Value>,
    locate: &'a dyn Fn(&str) -> Option<Location>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn text(&self, key: &str) -> Option<String> {
        match self.meta.get(key)? {
            serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn error(&mut self, key: &str, message: String, help: &str) {
        self.problem(key, Diagnostic::error("invalid-governance", message).with_help(help));
    }

    /// Adds a problem, at the value of `key` when it is found.
    fn problem(&mut self, key: &str, mut problem: Diagnostic) {
        if let Some(at) = (self.locate)(key) {
            problem = problem.at(at);
        }
        self.problems.push(problem);
    }

    fn date(&mut self, key: &str) -> Option<Day> {
        let text = self.text(key)?;
        match Day::parse(&text) {
            Ok(day) => Some(day),
            Err(message) => {
                self.error(key, format!("`{key}`: {message}"), "write dates as YYYY-MM-DD, e.g. `2026-10-01`");
                None
            }
        }
    }

    fn page(&mut self, settings: &Settings, role_ids: &[&str], today: Day) -> PageGovernance {
        let reviewed = self.date("reviewed");
        let review_by = self.date("review_by");
        let every = self.text("review_every").and_then(|text| match Period::parse(&text) {
            Ok(period) => Some(period),
            Err(message) => {
                self.error("review_every", format!("`review_every`: {message}"), PERIOD_HELP);
                None
            }
        });
        if let (Some(reviewed), Some(by)) = (reviewed, review_by)
            && by < reviewed
        {
            self.error(
                "review_by",
                format!("`review_by: {}` is before `reviewed: {}`", by.iso(), reviewed.iso()),
                "the next review comes after the last one: check both dates",
            );
        }
        let owner = self.text("owner");
        if let Some(owner) = &owner
            && let Some(problem) = owner_problem(owner, role_ids)
        {
            self.problem("owner", problem);
        }
        let short = self.text("short").and_then(|short| {
            let valid = short.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !short.starts_with('-')
                && short.len() <= 64;
            if valid {
                Some(short)
            } else {
                self.error(
                    "short",
                    format!("short link `{short}` is not a simple name"),
                    "use lowercase letters, digits and `-`, e.g. `short: consent`; it is published at go/consent/",
                );
                None
            }
        });
        let next_review = review_by.or_else(|| Some(reviewed?.plus(every.or(settings.review_every)?)));
        let state = match next_review {
            None => State::NoData,
            Some(next) if today > next => State::Overdue,
            Some(next) if today >= next.minus(settings.warn_before) => State::Due,
            Some(_) => State::Current,
        };
        let at = (self.locate)(if review_by.is_some() { "review_by" } else { "reviewed" });
        PageGovernance {
            owner: owner.or_else(|| settings.owner.clone()),
            approved_by: self.text("approved_by"),
            reviewed,
            next_review,
            version: self.text("version"),
            short,
            state,
            local: false,
            upstream: None,
            at,
            short_at: (self.locate)("short"),
        }
    }
}

/// An owner that is neither a role of the kit nor a name: a word written like a role id
/// (lowercase, no spaces) that no role page has.
fn owner_problem(owner: &str, role_ids: &[&str]) -> Option<Diagnostic> {
    let id_like = owner.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !id_like || role_ids.contains(&owner) {
        return None;
    }
    let help = match did_you_mean(owner, role_ids) {
        Some(best) => {
            format!("did you mean the role `{best}`? A person's name is written as it is said, e.g. `Dr Amira Haddad`")
        }
        None if role_ids.is_empty() => {
            "the kit has no role pages; write the owner's name, e.g. `Dr Amira Haddad`".into()
        }
        None => format!("use a role id ({}) or a person's name, e.g. `Dr Amira Haddad`", role_ids.join(", ")),
    };
    Some(
        Diagnostic::error("invalid-governance", format!("owner `{owner}` is neither a role of this kit nor a name"))
            .with_help(help)
            // The kit's roles are the pages with `role:`: a role page whose front matter could
            // not be read, or left out of SUMMARY.md, makes this a follow-on problem.
            .rests_on(Part::any_front_matter("role"))
            .rests_on(Part::Pages),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_roles_or_names() {
        assert!(owner_problem("lead", &["lead", "chair"]).is_none());
        assert!(owner_problem("Dr Amira Haddad", &["lead"]).is_none());
        let problem = owner_problem("leed", &["lead", "chair"]).unwrap();
        assert!(problem.help.unwrap().contains("`lead`"));
    }
}
