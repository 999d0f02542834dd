//! What governance knows: the kit-wide settings (read with the configuration), each page's
//! resolved values and state, and owners as people see them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::changes::Recorded;
use super::day::Day;
use crate::config::governance::Settings;
use crate::roles::Roles;
use crate::site::Site;
use neokit_core::diagnostics::Location;
use neokit_document::links::PageId;

/// Where a page is in its review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Overdue,
    Due,
    Current,
    NoData,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Due => "due",
            State::Current => "current",
            State::NoData => "no-data",
        }
    }
}

/// One page's governance, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGovernance {
    /// A role id or a name, as written (or the kit's default).
    pub owner: Option<String>,
    pub approved_by: Option<String>,
    pub reviewed: Option<Day>,
    pub next_review: Option<Day>,
    pub version: Option<String>,
    pub short: Option<String>,
    pub state: State,
    /// In a hospital's version of a shared guide: the page's text is the hospital's own (an
    /// overlay page), so its values are the local approval.
    pub local: bool,
    /// The shared guide's values for a page the hospital replaced.
    pub upstream: Option<Box<PageGovernance>>,
    /// Where the page's review date is written, for messages.
    pub at: Option<Location>,
    /// Where its short link is written.
    pub short_at: Option<Location>,
}

/// The governance of every page.
#[derive(Debug, Clone, Default)]
pub struct Governance {
    pub today: Option<Day>,
    /// Whether the kit uses governance at all (`governance:` or any page's keys); without it
    /// pages look as they did before.
    pub in_use: bool,
    pub settings: Settings,
    /// By page id.
    pub pages: Vec<Option<PageGovernance>>,
    /// Short link -> page.
    pub short_links: BTreeMap<String, PageId>,
    /// Decisions recorded in `neokit.lock` that the "What changed" page lists.
    pub recorded: Vec<Recorded>,
}

impl Governance {
    pub fn page(&self, id: PageId) -> Option<&PageGovernance> {
        self.pages.get(id).and_then(Option::as_ref)
    }
}

/// The owner as people see it: the people doing the role here (or the role's page title), or
/// the name as written.
#[derive(Debug, Clone, Serialize)]
pub struct Owner {
    /// The role id, when the owner is a role.
    pub role: Option<String>,
    /// The role page, when the owner is a role.
    pub role_page: Option<PageId>,
    /// Who to name: the people doing the role (or its title), or the name as written.
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Owner {
    pub fn resolve(owner: &str, roles: &Roles, site: &Site) -> Owner {
        let role = roles.by_page.iter().find(|(_, r)| r.id == owner);
        match role {
            Some((&page, role)) => {
                let names: Vec<&str> = role.people.iter().map(|p| p.name.as_str()).collect();
                Owner {
                    role: Some(role.id.clone()),
                    role_page: Some(page),
                    name: if names.is_empty() { site.pages[page].title.clone() } else { names.join(", ") },
                    email: role.people.iter().find_map(|p| p.email.clone()),
                    phone: role.people.iter().find_map(|p| p.phone.clone()),
                }
            }
            None => Owner { role: None, role_page: None, name: owner.to_string(), email: None, phone: None },
        }
    }
}
