//! [`Config`]: what the stages build one space with: the kit's [`Settings`], shared and never
//! changed, and the values that are the space's own (its content folder, language, address)
//! or that the build derives (the language read from the pages, GitBook's site title).

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use super::gitbook::GitbookConfig;
use super::settings::{FallbackSource, Settings, Upstream};
use neokit_core::address::SiteAddress;

/// One space's configuration: the kit's settings (read through it, `config.brand`) and the
/// space's own values. A kit of one space has one, made by [`load`](super::load); each space
/// of a site has its own, made by `spaces::config_for` over the same settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// What `neokit.yaml` and the command line say, the same for every space.
    pub settings: Arc<Settings>,
    /// The site's title: `title:`, else GitBook's site title (`docs.yaml`).
    pub title: Option<String>,
    /// The space's language: its own, else `language:`, else the one its pages read as, else
    /// `en`.
    pub language: String,
    /// The space's public address (the site's and the space's folder), when the site's is
    /// known.
    pub base_url: Option<SiteAddress>,
    /// The content root: the folder the GitBook paths (SUMMARY, README, assets) are relative to.
    pub content_root: PathBuf,
    /// `.gitbook.yaml` settings (defaults when there is none).
    pub gitbook: GitbookConfig,
    /// `.gitbook.yaml` itself, when there is one.
    pub gitbook_file: Option<PathBuf>,
    /// The shared guide the space is a local version of: the kit's, for the space at the
    /// site's root only.
    pub upstream: Option<Arc<Upstream>>,
    /// Folders inside the content that are not part of it (other spaces of the site).
    pub exclude: Vec<PathBuf>,
    /// For a translation: the source space its missing pages are taken from.
    pub fallback: Option<FallbackSource>,
}

impl Deref for Config {
    type Target = Settings;

    fn deref(&self) -> &Settings {
        &self.settings
    }
}
