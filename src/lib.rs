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

pub mod cli;

pub use neokit_core::{calendar, diagnostics, guard, htmltext, i18n, icons, keys, language, paths, qr, source, yaml};
pub use neokit_document::{links, markdown, summary};
pub use neokit_pdf as pdf;
pub use neokit_serve as serve;
#[doc(hidden)]
pub use neokit_site::testing;
pub use neokit_site::{
    adopt, check, config, dates, deploy, downloads, fleet, governance, init, kit, memo, output, overlay, pdf_stage,
    pins, pipeline, poster, print, provenance, render, roles, search, site, spaces, theme, translations,
};

pub use neokit_site::config::Config;
pub use neokit_site::pipeline::{BuildOptions, Report, build};
