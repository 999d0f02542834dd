//! Configuration: `neokit.yaml` and `.gitbook.yaml` turned into one checked [`Config`].
//!
//! Input: the kit folder and command-line overrides. Output: a [`Config`] whose paths are
//! absolute and whose values are validated, plus diagnostics. Nothing after this stage
//! re-checks configuration. `neokit.yaml` is optional: a plain GitBook repository builds with
//! defaults.
//!
//! This file only declares the steps and re-exports: the types live in `settings`, the file's
//! name and its raw mirror in `raw`, and each step imports them from there.

pub mod brand;
mod checker;
mod deploy;
pub mod gitbook;
pub mod governance;
mod load;
mod pdf;
pub(crate) mod raw;
mod settings;
mod upstream;

pub use crate::markdown::out::EmbedMode;
pub use crate::pdf::{Paper, PdfStandard};
pub use load::load;
pub use raw::{CONFIG_FILE, LanguageEntry};
pub use settings::{
    Brand, Config, Contact, EmbedViews, FallbackSource, LastUpdated, MissingTranslations, Overrides, PdfSettings,
    Person, Place, PrintPage, Removal, Server, StaleTranslations, SummaryAdd, Upstream,
};
