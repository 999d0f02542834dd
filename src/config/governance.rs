//! `governance:`: review periods, the default owner, what happens to expired pages and the
//! generated status and "What changed" pages, each value checked where it is written.

use super::load::Checker;
use super::{CONFIG_FILE, raw};
use crate::diagnostics::Location;
use crate::governance::{Expired, GeneratedPage, PERIOD_HELP, Period, Settings};
use crate::yaml;

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
