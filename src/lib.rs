//! The command line of neokit, and the workspace's crates under one name.
//!
//! neokit turns an onboarding kit written in GitBook-flavoured Markdown (as GitBook's Git Sync
//! writes it: `SUMMARY.md`, `README.md` folder pages, `.gitbook/assets/`, `{% hint %}` and
//! friends) into a static website that works offline, from any sub-path and from `file://`.
//!
//! The crates are the layers, each depending only on those before it: `neokit-core` (what
//! every layer needs: diagnostics, paths, the kit's files, YAML, the calendar), `neokit-document`
//! (a page read into a typed document, written as HTML and search text), `neokit-pdf` (the
//! document written as typst and laid out as a PDF; the only crate with typst), `neokit-site`
//! (settings to output; [`pipeline::build`] runs the stages in order) and `neokit-serve` (the
//! preview). This crate holds the command line ([`cli`], `main.rs`) and re-exports the crates'
//! modules, so that the integration tests and the fuzz targets name them as `neokit::…`.

pub mod cli;

pub use neokit_core::{
    address, calendar, diagnostics, guard, htmltext, i18n, icons, keys, language, paths, qr, source, yaml,
};
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
