//! neokit turns an onboarding kit written in GitBook-flavoured Markdown (as GitBook's Git Sync
//! writes it: `SUMMARY.md`, `README.md` folder pages, `.gitbook/assets/`, `{% hint %}` and
//! friends) into a static website that works offline, from any sub-path and from `file://`.
//!
//! The build is a pipeline of plain stages ([`pipeline::build`] runs them in order):
//! [`config`] reads `neokit.yaml` and `.gitbook.yaml`; [`kit`] assembles the effective kit
//! (walked once by [`source`], with a hospital's [`overlay`] over a shared guide, pinned with
//! [`pins`]);
//! [`summary`] reads the table of contents; [`site`] decides pages, URLs and navigation;
//! [`markdown`] prepares every page (front matter, GitBook blocks, headings) and later renders
//! it to HTML, resolving links with [`links`]; [`theme`] loads the templates; [`render`] puts
//! pages into templates in memory; [`output`] writes the result atomically. Problems with the
//! content are collected as [`diagnostics::Diagnostic`]s naming file, line and column.

pub mod adopt;
pub mod check;
pub mod cli;
pub(crate) mod calendar;
pub mod config;
pub(crate) mod dates;
pub(crate) mod deploy;
pub mod diagnostics;
pub(crate) mod downloads;
pub mod fleet;
pub mod governance;
pub(crate) mod guard;
pub(crate) mod htmltext;
pub(crate) mod i18n;
pub(crate) mod icons;
pub mod init;
pub(crate) mod keys;
pub(crate) mod kit;
pub(crate) mod language;
pub(crate) mod links;
pub(crate) mod markdown;
pub mod memo;
pub mod output;
pub mod overlay;
pub(crate) mod paths;
pub(crate) mod pdf;
pub(crate) mod pdf_stage;
pub(crate) mod pins;
pub mod pipeline;
pub mod poster;
pub(crate) mod print;
pub mod provenance;
pub mod qr;
pub(crate) mod render;
pub(crate) mod roles;
pub mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod source;
pub(crate) mod spaces;
pub(crate) mod summary;
#[doc(hidden)]
pub mod testing;
pub(crate) mod theme;
pub mod translations;
pub(crate) mod yaml;

pub use config::Config;
pub use pipeline::{BuildOptions, Report, build};
