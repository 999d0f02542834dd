//! Clinical governance: who owns each page, who approved it, when it was reviewed, when the
//! next review is due, its version and its short link.
//!
//! Input: every page's front matter (`owner`, `approved_by`, `reviewed`, `review_every`,
//! `review_by`, `version`, `short`), the kit-wide `governance:` settings, the roles and
//! today's date. Output: [`Governance`] (one [`PageGovernance`] per page, the short links) and
//! diagnostics located at the value that is wrong. Rendering, `check`, `neokit review` and
//! `neokit poster` all read the same [`Governance`].
//!
//! Dates are whole days (`YYYY-MM-DD`, no time zone). Today comes from the clock, or from
//! `NEOKIT_TODAY=YYYY-MM-DD` (for tests and CI), or from [`crate::BuildOptions::today`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, LineIndex, Location};
use crate::links::PageId;
use crate::markdown::doc::{Element, Node, NodeKind};
use crate::markdown::gitbook::GitBlock;
use crate::roles::Roles;
use crate::site::Site;
use crate::source::SourceTree;

/// A calendar day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(pub i64);

impl Day {
    /// Reads `YYYY-MM-DD`; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Day, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let [y, m, d] = parts[..] else { return Err(format!("`{text}` is not a date")) };
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(format!("`{text}` is not a date"));
        }
        let (y, m, d): (i64, u32, u32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(format!("`{text}` is not a day of the calendar"));
        }
        Ok(Day::from_ymd(y, m, d))
    }

    /// Howard Hinnant's days-from-civil algorithm.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Day {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(month);
        let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }

    pub fn from_unix(seconds: i64) -> Day {
        Day(seconds.div_euclid(86_400))
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        crate::dates::civil(self.0 * 86_400)
    }

    /// `2026-10-01`.
    pub fn iso(self) -> String {
        crate::dates::iso(self.0 * 86_400)
    }

    /// `1 October 2026`, in the kit's language.
    pub fn long(self, language: &str) -> String {
        crate::dates::long(self.0 * 86_400, language)
    }

    /// Today: `given`, else `NEOKIT_TODAY`, else the clock (UTC).
    pub fn today(given: Option<Day>) -> Result<Day, String> {
        if let Some(day) = given {
            return Ok(day);
        }
        if let Ok(text) = std::env::var("NEOKIT_TODAY") {
            return Day::parse(&text).map_err(|e| format!("NEOKIT_TODAY: {e}; write it as YYYY-MM-DD"));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Ok(Day::from_unix(now as i64))
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A length of time: `12 months`, `60 days`, `2 years`, `6 weeks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
}

pub const PERIOD_HELP: &str = "write a number and days, weeks, months or years, e.g. `12 months`";

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let mut words = text.split_whitespace();
        let (Some(number), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("`{text}` is not a length of time"));
        };
        let amount: u32 = match number.parse() {
            Ok(n) if n > 0 && n <= 1200 => n,
            _ => return Err(format!("`{number}` in `{text}` is not a number of whole units (1 or more)")),
        };
        let unit = match unit.to_ascii_lowercase().as_str() {
            "day" | "days" => Unit::Days,
            "week" | "weeks" => Unit::Weeks,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            other => return Err(format!("`{other}` is not a unit neokit knows")),
        };
        Ok(Period { amount, unit })
    }

    /// The day this long after `day` (a month later on the 31st is the month's last day).
    pub fn after(self, day: Day) -> Day {
        self.shift(day, 1)
    }

    pub fn before(self, day: Day) -> Day {
        self.shift(day, -1)
    }

    fn shift(self, day: Day, sign: i64) -> Day {
        let n = i64::from(self.amount) * sign;
        let months = match self.unit {
            Unit::Days => return Day(day.0 + n),
            Unit::Weeks => return Day(day.0 + 7 * n),
            Unit::Months => n,
            Unit::Years => 12 * n,
        };
        let (y, m, d) = day.ymd();
        let index = y * 12 + i64::from(m) - 1 + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        Day::from_ymd(year, month, d.min(days_in_month(year, month)))
    }
}

/// What an overdue page does (`governance.expired`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Expired {
    /// A banner at the top of the page.
    #[default]
    Banner,
    /// The page says it is being reviewed instead of showing its text.
    Hide,
    /// The build fails.
    Error,
}

/// A page neokit generates for governance: its title, folder and whether it is in the
/// navigation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeneratedPage {
    pub title: Option<String>,
    /// Output folder with a trailing `/`.
    pub path: String,
    pub navigation: bool,
}

/// `governance:` in neokit.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Settings {
    pub review_every: Option<Period>,
    /// A role id or a name.
    pub owner: Option<String>,
    /// Where `owner` is written, for messages.
    pub owner_at: Option<Location>,
    pub warn_before: Period,
    pub expired: Expired,
    /// The "Page status" page, unless switched off.
    pub status_page: Option<GeneratedPage>,
    /// The "What changed" page, unless switched off.
    pub changes_page: Option<GeneratedPage>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_every: None,
            owner: None,
            owner_at: None,
            warn_before: Period { amount: 60, unit: Unit::Days },
            expired: Expired::Banner,
            status_page: Some(GeneratedPage { title: None, path: "page-status/".into(), navigation: false }),
            changes_page: Some(GeneratedPage { title: None, path: "what-changed/".into(), navigation: false }),
        }
    }
}

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
}

/// The front matter keys this module reads.
pub const KEYS: [&str; 7] = ["owner", "approved_by", "reviewed", "review_every", "review_by", "version", "short"];

/// Reads the governance keys of every page and decides each page's state.
pub fn collect(
    site: &Site,
    config: &Config,
    tree: &SourceTree,
    roles: &Roles,
    today: Day,
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
        settings,
    };
    let overlay_dir = config.upstream.as_ref().map(|u| u.overlay_dir.clone());
    let mut claimed: BTreeMap<String, (PageId, Option<Location>)> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let meta = &page.prepared.front.meta;
        let has_keys = KEYS.iter().any(|k| meta.contains_key(*k));
        governance.in_use |= has_keys;
        let shown = tree.shown(&page.source);
        let text = page.prepared.scanned.files.first().map(|(_, text)| text.clone());
        let locate = |key: &str| text.as_deref().and_then(|t| value_location(t, key, &shown));
        let mut read = Reader { meta, locate: &locate, problems: &mut problems };
        let mut found = read.page(&governance.settings, &role_ids, today);
        found.local = overlay_dir
            .as_ref()
            .is_some_and(|dir| tree.layered.get(&page.source).is_some_and(|l| l.disk.starts_with(dir)));
        if found.local && tree.adapted.contains(&page.source) {
            // The shared guide's own review of the page the hospital replaced.
            let upstream_file = config.content_root.join(page.source.to_native());
            let upstream_meta = std::fs::read_to_string(&upstream_file).ok().and_then(|text| {
                let split = crate::markdown::frontmatter::split(&text);
                split.yaml.and_then(|(yaml, _)| crate::markdown::frontmatter::parse(yaml).ok()).map(|f| f.meta)
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
            let clash = site.pages.iter().find(|p| p.dir.starts_with(&target));
            if let Some(other) = clash {
                problems.push(
                    located(
                        Diagnostic::error(
                            "short-link",
                            format!("short link `go/{short}/` clashes with the page at `{}`", other.dir),
                        ),
                        at.clone(),
                        &shown,
                    )
                    .with_help("`go/` belongs to short links: move that page, or choose another short link"),
                );
            } else if let Some((first, first_at)) = claimed.get(short) {
                let first_shown = tree.shown(&site.pages[*first].source);
                let where_first = first_at.as_ref().map_or(first_shown.display().to_string(), |l| l.to_string());
                problems.push(
                    located(
                        Diagnostic::error(
                            "short-link",
                            format!("short link `{short}` is already claimed by {where_first}"),
                        ),
                        at.clone(),
                        &shown,
                    )
                    .with_help("one short link leads to one page: choose another name for one of them"),
                );
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
        let mut d = Diagnostic::error("invalid-governance", message).with_help(help);
        if let Some(at) = (self.locate)(key) {
            d = d.at(at);
        }
        self.problems.push(d);
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
            let mut d = problem;
            if let Some(at) = (self.locate)("owner") {
                d = d.at(at);
            }
            self.problems.push(d);
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
        let next_review = review_by.or_else(|| Some(every.or(settings.review_every)?.after(reviewed?)));
        let state = match next_review {
            None => State::NoData,
            Some(next) if today > next => State::Overdue,
            Some(next) if today >= settings.warn_before.before(next) => State::Due,
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
    let help = match crate::yaml::did_you_mean(owner, role_ids) {
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
            .with_help(help),
    )
}

/// Where the value of front matter key `key` is written in a page's text.
fn value_location(text: &str, key: &str, shown: &std::path::Path) -> Option<Location> {
    let (yaml, offset) = crate::markdown::frontmatter::split(text).yaml?;
    let (line, col) = crate::yaml::key_position(yaml, &[key])?;
    let (first_line, _) = LineIndex::new(text).line_col(offset);
    let line_text = yaml.lines().nth(line - 1).unwrap_or("");
    let after_key = col - 1 + key.len();
    let rest = line_text.get(after_key..).unwrap_or("");
    let value_col = after_key + 1 + rest.find(|c: char| c != ':' && c != ' ').unwrap_or(0);
    Some(Location::new(shown, first_line + line - 1, value_col))
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
                file: tree.shown(&site_page.source).display().to_string().replace('\\', "/"),
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

/// The short links as published in `_neokit/short-links.json`: short -> page folder.
pub fn short_links_json(site: &Site, governance: &Governance) -> String {
    let links: BTreeMap<&str, &str> =
        governance.short_links.iter().map(|(short, &page)| (short.as_str(), site.pages[page].dir.as_str())).collect();
    let value = serde_json::json!({ "version": 1, "links": links });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// `check`: short links of the previous build (`_neokit/short-links.json` in the output
/// folder) that this build would drop or point elsewhere. Posters and order sets carry them,
/// so either is an error.
pub fn short_link_changes(
    previous: &str,
    site: &Site,
    tree: &SourceTree,
    governance: &Governance,
    previous_file: &std::path::Path,
) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(previous) else {
        return vec![
            Diagnostic::warning("short-link", "the previous build's short links cannot be read")
                .at(Location::file(previous_file))
                .with_help("build the site once to write it again"),
        ];
    };
    let Some(links) = value.get("links").and_then(|l| l.as_object()) else { return Vec::new() };
    let mut problems = Vec::new();
    for (short, dir) in links {
        let dir = dir.as_str().unwrap_or("");
        let was = site.pages.iter().position(|p| p.dir == dir);
        let shown = |id: PageId| tree.shown(&site.pages[id].source);
        match governance.short_links.get(short) {
            Some(&now) if site.pages[now].dir == dir => {}
            Some(&now) => {
                let at =
                    governance.page(now).and_then(|g| g.short_at.clone()).unwrap_or_else(|| Location::file(shown(now)));
                problems.push(
                    Diagnostic::error(
                        "short-link-moved",
                        format!("short link `go/{short}/` moved from `{dir}` to `{}`", site.pages[now].dir),
                    )
                    .at(at)
                    .with_help("printed posters and order sets lead to the old page: keep the short link where it was and give this page a new one"),
                );
            }
            None => {
                let location = was.map_or_else(|| Location::file(previous_file), |id| Location::file(shown(id)));
                problems.push(
                    Diagnostic::error(
                        "short-link-gone",
                        format!("short link `go/{short}/` (to `{dir}`) is no longer published"),
                    )
                    .at(location)
                    .with_help(format!("printed posters and order sets still carry it: put `short: {short}` on the page that replaces it")),
                );
            }
        }
    }
    problems
}

/// The `mailto:` address of "Report a problem with this page": the page's title, address and
/// version in the subject and body.
pub fn report_mailto(to: &str, subject: &str, body: &str) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        mail_encode(to, true),
        mail_encode(subject, false),
        mail_encode(body, false)
    )
}

/// Percent-encoding for `mailto:` parts (RFC 6068): only unreserved characters stay.
fn mail_encode(text: &str, address: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (address && byte == b'@');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// One entry of the "What changed" page: an `{% update %}` block.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub date: String,
    /// `date` for display.
    pub date_text: String,
    pub title: String,
    /// The entry's text, plain.
    pub text: String,
    #[serde(skip)]
    pub page: PageId,
}

/// Every dated `{% update %}` block of the kit, newest first.
pub fn changes(site: &Site, language: &str) -> Vec<Change> {
    use crate::markdown::block::BlockKind;
    let mut found = Vec::new();
    for &id in &site.reading_order {
        let prepared = &site.pages[id].prepared;
        if !prepared.scanned.blocks.iter().any(|block| block.kind == BlockKind::Update) {
            continue;
        }
        let document = crate::markdown::build::build(&prepared.scanned);
        let mut updates = Vec::new();
        find_updates(&document.nodes, &mut updates);
        for (update, content) in updates {
            let Ok(day) = Day::parse(&update.date) else { continue };
            let (title, text) = entry(content, prepared);
            found.push(Change {
                date: day.iso(),
                date_text: day.long(language),
                title: title.unwrap_or_else(|| site.pages[id].title.clone()),
                text,
                page: id,
            });
        }
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    found
}

type Update<'d> = (&'d crate::markdown::gitbook::updates::Update, &'d [Node]);

/// The update blocks in some content, in page order.
fn find_updates<'d>(nodes: &'d [Node], found: &mut Vec<Update<'d>>) {
    for node in nodes {
        if let NodeKind::Block(block, _, children) = &node.kind
            && let GitBlock::Update(update) = &**block
        {
            found.push((update, children));
        }
        find_updates(node.children(), found);
    }
}

/// An update's first heading and its text, plain.
fn entry(content: &[Node], prepared: &crate::markdown::Prepared) -> (Option<String>, String) {
    use crate::markdown::text::plain;
    let first = crate::markdown::doc::first_content(content);
    match first.map(|i| (i, &content[i].kind)) {
        Some((i, NodeKind::Element(Element::Heading { .. }, heading))) => {
            (Some(plain(heading, prepared)), plain(&content[i + 1..], prepared))
        }
        _ => (None, plain(content, prepared)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn dates_read_and_print_back() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2026-11-26").0 * 86_400, 1_795_651_200);
        assert_eq!(day("2028-02-29").iso(), "2028-02-29");
        assert_eq!(day("2027-03-01").long("en"), "1 March 2027");
        assert_eq!(day("2027-03-01").long("nl"), "1 maart 2027");
        for wrong in ["2027-02-29", "2026-13-01", "2026-1-5", "01/10/2026", "2026-10-01T10:00", "", "2026-00-10"] {
            assert!(Day::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn periods_add_calendar_units() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(p("12 months").after(day("2026-10-01")), day("2027-10-01"));
        assert_eq!(p("1 month").after(day("2027-01-31")), day("2027-02-28"));
        assert_eq!(p("2 years").after(day("2028-02-29")), day("2030-02-28"));
        assert_eq!(p("60 days").before(day("2027-03-01")), day("2026-12-31"));
        assert_eq!(p("6 weeks").after(day("2026-11-30")), day("2027-01-11"));
        assert_eq!(p("1 Year").unit, Unit::Years);
        assert!(Period::parse("12 fortnights").unwrap_err().contains("fortnights"));
        assert!(Period::parse("twelve months").is_err());
        assert!(Period::parse("0 days").is_err());
        assert!(Period::parse("12").is_err());
    }

    #[test]
    fn owners_are_roles_or_names() {
        assert!(owner_problem("lead", &["lead", "chair"]).is_none());
        assert!(owner_problem("Dr Amira Haddad", &["lead"]).is_none());
        let problem = owner_problem("leed", &["lead", "chair"]).unwrap();
        assert!(problem.help.unwrap().contains("`lead`"));
    }

    #[test]
    fn mailto_parts_are_encoded() {
        assert_eq!(
            report_mailto("a.b@x.org", "Consent & you", "Page: a/b/\nVersion: 2"),
            "mailto:a.b@x.org?subject=Consent%20%26%20you&body=Page%3A%20a%2Fb%2F%0AVersion%3A%202"
        );
    }

    #[test]
    fn update_entries_are_plain_text() {
        let text = "{% updates %}\n{% update date=\"2026-01-02\" %}\n## Clips made **anonymous**\n\nSee [Selecting clips](../x.md) and `this`.\n{% endupdate %}\n{% endupdates %}\n";
        let scanned = crate::markdown::blocks::tests::run(text);
        let prepared = crate::markdown::Prepared { scanned, ..Default::default() };
        let document = crate::markdown::build::build(&prepared.scanned);
        let mut updates = Vec::new();
        find_updates(&document.nodes, &mut updates);
        assert_eq!(updates.len(), 1);
        let (title, text) = entry(updates[0].1, &prepared);
        assert_eq!(title.as_deref(), Some("Clips made anonymous"));
        assert_eq!(text, "See Selecting clips and this.");
    }
}

/// What the views of a page's governance are made from.
pub(crate) struct ViewEnv<'a> {
    pub site: &'a Site,
    pub roles: &'a Roles,
    pub governance: &'a Governance,
    pub text: &'static crate::i18n::Text,
    pub language: &'a str,
    pub contact: &'a crate::config::Contact,
    pub base_url: Option<&'a str>,
    /// The kit is a hospital's version of a shared guide.
    pub upstream: bool,
}

impl ViewEnv<'_> {
    /// A page whose text is left out: overdue with `expired: hide`.
    pub fn withheld(&self, id: PageId) -> bool {
        self.governance.settings.expired == Expired::Hide
            && self.governance.page(id).is_some_and(|p| p.state == State::Overdue)
    }

    /// The address a QR code holds for a page: its short link, else its address (needs
    /// `base_url`).
    pub fn qr_address(&self, id: PageId) -> Option<String> {
        let base = self.base_url?;
        let page = self.governance.page(id)?;
        Some(match &page.short {
            Some(short) => format!("{base}go/{short}/"),
            None => format!("{base}{}", crate::paths::encode_path(&self.site.pages[id].dir)),
        })
    }

    fn date(&self, day: Option<Day>) -> Option<crate::theme::views::DateView> {
        day.map(|d| crate::theme::views::DateView { iso: d.iso(), text: d.long(self.language) })
    }

    fn owner(&self, owner: &str, dir: &str) -> crate::theme::views::OwnerView {
        let owner = Owner::resolve(owner, self.roles, self.site);
        crate::theme::views::OwnerView {
            name: owner.name,
            href: owner.role_page.map(|p| crate::paths::page_href(dir, &self.site.pages[p].dir)),
            role: owner.role_page.map(|p| self.site.pages[p].title.clone()),
            email: owner.email,
            phone: owner.phone,
        }
    }

    /// The page's "About this page" block, banner and problem report, when the kit uses
    /// governance.
    pub fn page(
        &self,
        id: PageId,
        changed: Option<crate::theme::views::DateView>,
    ) -> Option<crate::theme::views::GovernanceView> {
        let page = self.governance.page(id)?;
        let dir = self.site.pages[id].dir.as_str();
        let mut view = self.values(page, dir);
        view.changed = changed;
        let owner = view.owner.clone().filter(|o| o.email.is_some() || o.phone.is_some());
        let brand =
            (self.contact.email.is_some() || self.contact.phone.is_some()).then(|| crate::theme::views::OwnerView {
                name: self.contact.name.clone().unwrap_or_else(|| self.contact.email.clone().unwrap_or_default()),
                href: None,
                role: None,
                email: self.contact.email.clone(),
                phone: self.contact.phone.clone(),
            });
        let contact = owner.or(brand).or_else(|| view.owner.clone());
        if page.state == State::Overdue {
            let due = page.next_review.map(|d| d.long(self.language)).unwrap_or_default();
            view.banner = Some(self.text.overdue_banner.replace("{date}", &due));
            view.withheld = self.withheld(id);
            view.contact = contact.clone();
        }
        let title = &self.site.pages[id].title;
        let address = match self.base_url {
            Some(base) => format!("{base}{}", crate::paths::encode_path(dir)),
            None => format!("/{dir}"),
        };
        let to = contact.and_then(|c| c.email).or_else(|| self.contact.email.clone());
        view.report = to.map(|to| {
            let mut body = format!("{}: {title}\n{}: {address}\n", self.text.mail_page, self.text.mail_address);
            if let Some(version) = &page.version {
                body.push_str(&format!("{}: {version}\n", self.text.version));
            }
            body.push('\n');
            report_mailto(&to, &format!("{}: {title}", self.text.mail_subject), &body)
        });
        if let Some(short) = &page.short {
            view.short_href = Some(crate::paths::page_href(dir, &format!("go/{short}/")));
            view.short = Some(format!("go/{short}"));
        }
        if self.upstream {
            view.heading = Some(if page.local { self.text.approved_here } else { self.text.reviewed_by_programme });
        }
        view.upstream = page.upstream.as_ref().map(|up| {
            let mut up = self.values(up, dir);
            up.heading = Some(self.text.reviewed_by_programme);
            Box::new(up)
        });
        Some(view)
    }

    fn values(&self, page: &PageGovernance, dir: &str) -> crate::theme::views::GovernanceView {
        crate::theme::views::GovernanceView {
            owner: page.owner.as_deref().map(|o| self.owner(o, dir)),
            approved_by: page.approved_by.clone(),
            reviewed: self.date(page.reviewed),
            next_review: self.date(page.next_review),
            version: page.version.clone(),
            changed: None,
            state: page.state.code(),
            banner: None,
            contact: None,
            withheld: false,
            report: None,
            short_href: None,
            short: None,
            heading: None,
            upstream: None,
        }
    }

    fn state_text(&self, state: State) -> &'static str {
        match state {
            State::Current => self.text.state_current,
            State::Due => self.text.state_due,
            State::Overdue => self.text.state_overdue,
            State::NoData => self.text.state_no_data,
        }
    }
}

/// The governance files of the site: the short links' redirect pages and their map
/// (`_neokit/short-links.json`), the "Page status" and "What changed" pages.
pub(crate) fn write_pages(
    env: &ViewEnv,
    theme: &crate::theme::Theme,
    global: &tera::Context,
    nav: &dyn Fn(&str) -> Vec<crate::theme::views::NavSectionView>,
    add: &mut dyn FnMut(String, crate::output::Content, &mut Vec<Diagnostic>),
    problems: &mut Vec<Diagnostic>,
) {
    use crate::output::Content;
    use crate::paths::{page_file, page_href, root_prefix};
    use crate::theme::views::{ChangeView, DateView, LinkView, StatusRowView};
    let site = env.site;
    let mut render = |name: &str, folder: &str, fill: &dyn Fn(&mut tera::Context), problems: &mut Vec<Diagnostic>| {
        let mut context = global.clone();
        context.insert("root", &root_prefix(folder));
        fill(&mut context);
        match theme.render(name, &context) {
            Ok(html) => add(page_file(folder), Content::Text(html.into()), problems),
            Err(error) => problems.push(error),
        }
    };
    for (short, &id) in &env.governance.short_links {
        let folder = format!("go/{short}/");
        let target = page_href(&folder, &site.pages[id].dir);
        render(
            "redirect.html",
            &folder,
            &|context| {
                context.insert("target", &target);
                context.insert("links", &Vec::<LinkView>::new());
                context.insert("root_unknown", &false);
                context.insert("script_roots", &Vec::<String>::new());
            },
            problems,
        );
    }
    let link = |from: &str, id: PageId| LinkView {
        title: site.pages[id].title.clone(),
        href: page_href(from, &site.pages[id].dir),
        description: None,
    };
    if let Some(status) = &env.governance.settings.status_page {
        let folder = status.path.as_str();
        let mut rows: Vec<(State, Option<Day>, usize, StatusRowView)> = Vec::new();
        for (order, &id) in site.reading_order.iter().enumerate() {
            let Some(page) = env.governance.page(id) else { continue };
            let page_link = link(folder, id);
            rows.push((
                page.state,
                page.next_review,
                order,
                StatusRowView {
                    title: page_link.title,
                    href: page_link.href,
                    owner: page.owner.as_deref().map(|o| Owner::resolve(o, env.roles, site).name),
                    reviewed: env.date(page.reviewed),
                    next_review: env.date(page.next_review),
                    version: page.version.clone(),
                    state: page.state.code(),
                    state_text: env.state_text(page.state),
                },
            ));
        }
        // Overdue first, then due, current and no data; soonest review first within each.
        rows.sort_by_key(|(state, next, order, _)| (*state, *next, *order));
        let rows: Vec<StatusRowView> = rows.into_iter().map(|(_, _, _, row)| row).collect();
        let title = status.title.clone().unwrap_or_else(|| env.text.page_status.to_string());
        let today: Option<DateView> = env.date(env.governance.today);
        let nav = nav(folder);
        render(
            "status.html",
            folder,
            &|context| {
                context.insert("title", &title);
                context.insert("rows", &rows);
                context.insert("today", &today);
                context.insert("nav", &nav);
            },
            problems,
        );
    }
    if let Some(changes_page) = &env.governance.settings.changes_page {
        let folder = changes_page.path.as_str();
        let entries: Vec<ChangeView> = changes(site, env.language)
            .into_iter()
            .map(|c| ChangeView {
                date: DateView { iso: c.date, text: c.date_text },
                title: c.title,
                text: c.text,
                page: link(folder, c.page),
            })
            .collect();
        let title = changes_page.title.clone().unwrap_or_else(|| env.text.what_changed.to_string());
        let nav = nav(folder);
        render(
            "changes.html",
            folder,
            &|context| {
                context.insert("title", &title);
                context.insert("changes", &entries);
                context.insert("nav", &nav);
            },
            problems,
        );
    }
    if !env.governance.short_links.is_empty() {
        add(
            format!("{}short-links.json", crate::site::THEME_DIR),
            Content::Text(short_links_json(site, env.governance).into()),
            problems,
        );
    }
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
            file: tree.shown(&page.source).display().to_string().replace('\\', "/"),
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
    let mut out = format!("Review calendar on {} ({} pages)\n\n", today.long(language), shown.len());
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
