//! Configuration: `neokit.yaml` and `.gitbook.yaml` turned into one checked [`Config`].
//!
//! Input: the kit folder and command-line overrides. Output: a [`Config`] whose paths are
//! absolute and whose values are validated, plus diagnostics. Nothing after this stage
//! re-checks configuration. `neokit.yaml` is optional: a plain GitBook repository builds with
//! defaults.
//!
//! The user's [`Settings`] are read once and shared (`Arc`) by every space of a site, never
//! changed; a [`Config`] is one space's view of them with the values that are the space's own.
//! Every absolute address of the site is made by a [`SiteAddress`].
//!
//! This file only declares the steps and re-exports: the types live in `settings` and `space`
//! (the address type in neokit-core's `address`), the file's name and its raw mirror in `raw`, and each step imports them from there.

pub mod brand;
pub mod checker;
pub mod deploy;
pub mod gitbook;
pub mod governance;
pub mod load;
pub mod pdf;
pub mod raw;
pub mod settings;
pub mod space;
pub mod upstream;

pub use load::load;
pub use neokit_core::address::SiteAddress;
pub use neokit_document::markdown::out::EmbedMode;
pub use neokit_pdf::{Paper, PdfStandard};
pub use raw::{CONFIG_FILE, LanguageEntry};
pub use settings::{
    Brand, Contact, EmbedViews, FallbackSource, LastUpdated, MissingTranslations, Overrides, PdfSettings, Person,
    Place, PrintPage, Removal, Server, Settings, StaleTranslations, SummaryAdd, Upstream,
};
pub use space::Config;
