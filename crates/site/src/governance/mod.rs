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

pub mod changes;
pub mod collect;
pub mod day;
pub mod model;
pub mod reports;
pub mod short_links;
pub mod views;

pub use crate::config::governance::{Expired, GeneratedPage, Period, Settings, Unit};
pub use collect::collect;
pub use day::Day;
pub use model::Governance;
pub use model::State;
pub use reports::{PosterPage, Review, calendar_human, calendar_json};
pub use reports::{calendar, due_by_owner, poster_pages};
pub use short_links::{short_link_changes, short_links_json};
pub use views::ViewEnv;
