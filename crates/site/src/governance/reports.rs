//! The review calendar and what `neokit review`, `neokit check` and `neokit poster` print
//! from it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::day::Day;
use super::model::{Governance, Owner, State};
use crate::roles::Roles;
use crate::site::Site;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;

/// One page in the review calendar (`neokit review`, `neokit check`, the status page).
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The page's file as shown in messages.
    pub file: String,
    /// The page's folder in the site (`team/chair/`).
    pub path: String,
    pub title: String,
    pub state: State,
    /// The owner's role id or name as written.
    pub owner: Option<String>,
    /// Who that is here.
    pub owner_name: Option<String>,
    pub reviewed: Option<String>,
    pub next_review: Option<String>,
    pub version: Option<String>,
    pub short: Option<String>,
    #[serde(skip)]
    pub page: PageId,
}

/// Every page with its review data, soonest review first (pages without a date last).
pub fn calendar(site: &Site, tree: &SourceTree, governance: &Governance, roles: &Roles) -> Vec<Review> {
    let mut reviews: Vec<Review> = governance
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, page)| {
            let page = page.as_ref()?;
            let site_page = &site.pages[id];
            Some(Review {
                file: shown_file(tree, &site_page.source),
                path: site_page.dir.clone(),
                title: site_page.title.clone(),
                state: page.state,
                owner: page.owner.clone(),
                owner_name: page.owner.as_deref().map(|o| Owner::resolve(o, roles, site).name),
                reviewed: page.reviewed.map(Day::iso),
                next_review: page.next_review.map(Day::iso),
                version: page.version.clone(),
                short: page.short.clone(),
                page: id,
            })
        })
        .collect();
    reviews.sort_by(|a, b| {
        (a.next_review.is_none(), &a.next_review, &a.file).cmp(&(b.next_review.is_none(), &b.next_review, &b.file))
    });
    reviews
}

/// A page as a poster shows it.
#[derive(Debug, Clone)]
pub struct PosterPage {
    /// The page's file as shown in messages.
    pub file: String,
    /// Its folder in the site.
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub short: Option<String>,
}

pub fn poster_pages(site: &Site, tree: &SourceTree, governance: &Governance) -> Vec<PosterPage> {
    site.pages
        .iter()
        .enumerate()
        .map(|(id, page)| PosterPage {
            file: shown_file(tree, &page.source),
            path: page.dir.clone(),
            title: page.title.clone(),
            description: page.prepared.front.description.clone(),
            short: governance.page(id).and_then(|g| g.short.clone()),
        })
        .collect()
}

/// Whether a review belongs to `owner` (a role id or a name, any letter case).
fn owned_by(review: &Review, owner: Option<&str>) -> bool {
    let Some(owner) = owner else { return true };
    let owner = owner.trim().to_lowercase();
    review.owner.as_deref().is_some_and(|o| o.to_lowercase() == owner)
        || review.owner_name.as_deref().is_some_and(|n| n.to_lowercase() == owner)
}

/// `neokit review`: every page with review data, soonest review first.
pub fn calendar_human(reviews: &[Review], today: Day, language: &str, owner: Option<&str>) -> String {
    let shown: Vec<&Review> = reviews.iter().filter(|r| owned_by(r, owner)).collect();
    let pages = if shown.len() == 1 { "1 page".to_string() } else { format!("{} pages", shown.len()) };
    let mut out = format!("Review calendar on {} ({pages})\n\n", today.long(language));
    let width = shown.iter().map(|r| r.title.chars().count()).max().unwrap_or(0).min(40);
    for review in &shown {
        let owner = match (&review.owner_name, &review.owner) {
            (Some(name), Some(id)) if name != id => format!("{name} ({id})"),
            (Some(name), _) => name.clone(),
            _ => "no owner".into(),
        };
        out.push_str(&format!(
            "{:<10}  {:<8}  {:<width$}  {owner}  {}\n",
            review.next_review.as_deref().unwrap_or("-"),
            review.state.code(),
            review.title,
            review.file,
        ));
    }
    out
}

#[derive(Serialize)]
struct CalendarJson<'a> {
    version: u32,
    today: String,
    pages: Vec<&'a Review>,
}

/// `neokit review --format json` (format version 1; fields are only ever added).
pub fn calendar_json(reviews: &[Review], today: Day, owner: Option<&str>) -> String {
    let json =
        CalendarJson { version: 1, today: today.iso(), pages: reviews.iter().filter(|r| owned_by(r, owner)).collect() };
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

/// Pages due for review or past it, grouped by owner (owners in name order, pages soonest
/// first), for `neokit check`.
pub fn due_by_owner(reviews: &[Review]) -> Vec<(Option<String>, Option<String>, Vec<&Review>)> {
    let mut groups: BTreeMap<(Option<String>, Option<String>), Vec<&Review>> = BTreeMap::new();
    for review in reviews.iter().filter(|r| matches!(r.state, State::Due | State::Overdue)) {
        groups.entry((review.owner_name.clone(), review.owner.clone())).or_default().push(review);
    }
    groups.into_iter().map(|((name, owner), pages)| (owner, name, pages)).collect()
}

/// A page's file as messages show it, with `/` between folders on every system.
fn shown_file(tree: &SourceTree, source: &RelPath) -> String {
    tree.shown(source).display().to_string().replace('\\', "/")
}
