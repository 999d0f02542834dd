//! `governance:`: review periods, the default owner, what happens to expired pages and the
//! generated status and "What changed" pages, each value checked where it is written.
//! [`Settings`] and its parts are what the governance stage reads.

use super::checker::Checker;
use super::raw::{self, CONFIG_FILE};
use neokit_core::diagnostics::Location;
use neokit_core::yaml;

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

/// `governance:` as the governance stage reads it.
pub(super) fn settings(raw: &raw::RawGovernance, check: &mut Checker) -> Settings {
    let defaults = Settings::default();
    let mut period = |key: &str, value: &Option<String>| {
        value.as_deref().and_then(|v| match Period::parse(v) {
            Ok(period) => Some(period),
            Err(message) => {
                check.error(&["governance", key], format!("`governance.{key}`: {message}"), PERIOD_HELP);
                None
            }
        })
    };
    let review_every = period("review_every", &raw.review_every);
    let warn_before = period("warn_before", &raw.warn_before).unwrap_or(defaults.warn_before);
    let expired = match raw.expired.as_deref().map(str::trim) {
        None | Some("banner") => Expired::Banner,
        Some("hide") => Expired::Hide,
        Some("error") => Expired::Error,
        Some(other) => {
            check.error(
                &["governance", "expired"],
                format!("`governance.expired: {other}` is not a choice"),
                "use `banner` (publish with a banner), `hide` (say it is being reviewed instead of its text) or `error` (stop the build)",
            );
            Expired::Banner
        }
    };
    let mut page = |key: &str, value: &Option<raw::RawGeneratedPage>, default: Option<GeneratedPage>| match value {
        None | Some(raw::RawGeneratedPage::Switch(true)) => default,
        Some(raw::RawGeneratedPage::Switch(false)) => None,
        Some(raw::RawGeneratedPage::Page(settings)) => {
            let default =
                default.unwrap_or_else(|| GeneratedPage { title: None, path: String::new(), navigation: false });
            let folder =
                settings.path.as_deref().unwrap_or(default.path.trim_end_matches('/')).trim_matches('/').to_string();
            check.site_folder(&["governance", key, "path"], &folder, "page-status");
            Some(GeneratedPage {
                title: settings.title.clone(),
                path: format!("{folder}/"),
                navigation: settings.navigation.unwrap_or(false),
            })
        }
    };
    let status_page = page("status_page", &raw.status_page, defaults.status_page.clone());
    let changes_page = page("changes_page", &raw.changes_page, defaults.changes_page.clone());
    let owner_at = yaml::key_position(check.text, &["governance", "owner"]).map(|(line, col)| {
        let line_text = check.text.lines().nth(line - 1).unwrap_or("");
        let after = col - 1 + "owner".len();
        let skip = line_text.get(after..).unwrap_or("").find(|c: char| c != ':' && c != ' ').unwrap_or(0);
        Location::new(CONFIG_FILE, line, after + 1 + skip)
    });
    Settings {
        review_every,
        owner: raw.owner.as_ref().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
        owner_at,
        warn_before,
        expired,
        status_page,
        changes_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(p("12 months"), Period { amount: 12, unit: Unit::Months });
        assert_eq!(p("1 Year").unit, Unit::Years);
        assert!(Period::parse("12 fortnights").unwrap_err().contains("fortnights"));
        assert!(Period::parse("twelve months").is_err());
        assert!(Period::parse("0 days").is_err());
        assert!(Period::parse("12").is_err());
    }
}
