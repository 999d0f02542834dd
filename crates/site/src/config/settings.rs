//! [`Settings`], the checked settings of one kit as `neokit.yaml` (and the command line) give
//! them, and the value types they are made of ([`Brand`], [`PdfSettings`], [`Upstream`], ...);
//! [`Overrides`] from the command line. Settings are read once and never changed: what a space
//! of the site or the build makes of them is in [`Config`](super::Config).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::brand::Color;
use super::governance;
use super::raw::{CONFIG_FILE, LanguageEntry};
use neokit_core::address::SiteAddress;
use neokit_core::diagnostics::Location;
use neokit_core::yaml;
use neokit_document::markdown::out::EmbedMode;
use neokit_pdf::{Paper, PdfStandard};

/// `embed:`: the embed view of every page (`embed/<page>/`) and who may frame it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedViews {
    /// Whether embed views and `embeds.json` are written (default true).
    pub enabled: bool,
    /// Origins besides the site's own that may frame the embed views (`frame-ancestors` in
    /// the server files), each as `scheme://host[:port]`.
    pub allowed_hosts: Vec<String>,
}

impl Default for EmbedViews {
    fn default() -> Self {
        EmbedViews { enabled: true, allowed_hosts: Vec::new() }
    }
}

/// A web server whose configuration file neokit writes into the site (`deploy.server`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Server {
    /// `web.config` for Internet Information Services.
    Iis,
    /// `.htaccess` for Apache httpd.
    Apache,
    /// `nginx.conf`, a snippet to include in the server's configuration.
    Nginx,
    /// `Caddyfile`, a snippet to import in the server's Caddyfile.
    Caddy,
}

impl Server {
    pub const ALL: [(&'static str, Server); 4] =
        [("iis", Server::Iis), ("apache", Server::Apache), ("nginx", Server::Nginx), ("caddy", Server::Caddy)];

    /// The file written into the site for this server.
    pub fn file_name(self) -> &'static str {
        match self {
            Server::Iis => "web.config",
            Server::Apache => ".htaccess",
            Server::Nginx => "nginx.conf",
            Server::Caddy => "Caddyfile",
        }
    }
}

/// Settings given on the command line; they win over `neokit.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub theme: Option<PathBuf>,
    /// Make no PDF, whatever `pdf:` says (`build --no-pdf`).
    pub no_pdf: bool,
}

/// The validated settings of one kit: what `neokit.yaml` says (with the command line's
/// overrides), read once and shared by every space of the site. Where a space has its own value
/// (its language, address, content) the user's is named as such here ([`Self::written_title`],
/// [`Self::written_language`], [`Self::site_address`], [`Self::upstream_guide`]) and the
/// space's is in [`Config`](super::Config).
#[derive(Debug)]
pub struct Settings {
    /// The kit folder (absolute).
    pub kit_dir: PathBuf,
    /// `neokit.yaml`, when the kit has one.
    pub config_file: Option<PathBuf>,
    /// The text of `neokit.yaml` as read (empty without one): messages find their keys in it.
    pub file_text: String,
    /// `title:`, when it is written.
    pub written_title: Option<String>,
    pub description: Option<String>,
    /// `language:`, when it is written and a language tag.
    pub written_language: Option<String>,
    /// Whether `language` was written in `neokit.yaml` (else it may be read from the text).
    pub language_given: bool,
    /// The site's public address (`base_url` or `--base-url`), when known.
    pub site_address: Option<SiteAddress>,
    /// A theme folder on disk overriding the built-in theme (`None` = built-in only).
    pub theme_dir: Option<PathBuf>,
    /// Where the site is written (absolute).
    pub output_dir: PathBuf,
    pub brand: Brand,
    pub embeds: EmbedMode,
    /// `embed:`: embed views of the pages, for other systems to frame.
    pub embed: EmbedViews,
    /// Whether the site has a search box and index.
    pub search: bool,
    /// Whether a site built on an upstream guide or with translations publishes
    /// `_neokit/provenance.json`.
    pub provenance: bool,
    /// Publish raw HTML as written, scripts and event handlers included.
    pub allow_raw_html: bool,
    pub last_updated: LastUpdated,
    /// `edit_url` with `{path}` to fill in.
    pub edit_url: Option<String>,
    pub print: PrintPage,
    /// `pdf:`: the whole kit as a PDF.
    pub pdf: PdfSettings,
    /// Extra FAQ pages (relative to the content root).
    pub faqs: Vec<String>,
    /// Role page locations (folders or pages, relative to the content root).
    pub roles: Vec<String>,
    /// Who does each role; `None` when the kit does not assign people (a shared kit).
    pub people: Option<BTreeMap<String, Vec<Person>>>,
    /// The downloads page: its title and output folder ("downloads/"), when generated.
    pub downloads: Option<(String, String)>,
    /// `vars:`: values replacing the space variables of `.gitbook/vars.yaml`.
    pub vars: serde_json::Map<String, serde_json::Value>,
    /// `upstream:`: the shared guide this kit is a local version of, when it is one.
    pub upstream_guide: Option<Arc<Upstream>>,
    /// Web servers whose configuration files are written into the site (`deploy.server`).
    pub deploy: Vec<Server>,
    /// `governance:`, when the kit sets it.
    pub governance: Option<governance::Settings>,
    /// `languages:`: the kit's translations (language code, folder and title).
    pub languages: Vec<(String, LanguageEntry)>,
    /// `translations.stale`: what is published for a translated page whose source changed.
    pub stale_translations: StaleTranslations,
    /// `translations.missing`: what a translation does with source pages it lacks.
    pub missing_translations: MissingTranslations,
    /// `interface:`: the kit's own words over the built-in interface words.
    pub interface: BTreeMap<String, String>,
}

/// `translations.stale`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StaleTranslations {
    /// The translation, with a banner naming the sections that changed.
    #[default]
    Banner,
    /// The build stops.
    Error,
    /// The source page, at the translation's address, with a banner saying the translation
    /// is being updated.
    Fallback,
}

/// `translations.missing`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MissingTranslations {
    /// The source page is published at the translation's address, with a banner.
    #[default]
    Fallback,
    /// Not published: the language switcher goes to the translation's home.
    Hide,
    /// A page without its translation stops the build.
    Error,
}

/// The source space of a translation, for the pages the translation lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackSource {
    /// Its content root and SUMMARY.md (relative to it).
    pub root: PathBuf,
    pub summary: String,
    pub language: String,
    /// Its folder below the site root.
    pub prefix: String,
    /// Folders below `root` that are not part of it (other spaces).
    pub exclude: Vec<PathBuf>,
}

/// A hospital's version of a shared guide: the upstream kit and the overlay of local changes.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// The upstream kit folder (absolute); `content_root` is inside it.
    pub dir: PathBuf,
    /// `upstream.path` as written.
    pub written: String,
    /// `upstream.version`: a label for footers and drift reports.
    pub version: Option<String>,
    /// The overlay folder (absolute; it may not exist yet).
    pub overlay_dir: PathBuf,
    /// `remove:` entries.
    pub remove: Vec<Removal>,
    /// `summary.add` entries.
    pub add: Vec<SummaryAdd>,
}

/// An upstream page left out of this kit (`remove:`).
#[derive(Debug, Clone)]
pub struct Removal {
    /// The page as written, relative to the upstream content root.
    pub page: String,
    /// The entry in neokit.yaml.
    pub location: Location,
}

/// An overlay page placed in the navigation (`summary.add`).
#[derive(Debug, Clone)]
pub struct SummaryAdd {
    /// The page, relative to the overlay folder.
    pub page: String,
    /// Where it goes, relative to `target` (an upstream or overlay page).
    pub place: Place,
    pub target: String,
    /// The navigation label, when given.
    pub title: Option<String>,
    /// The entry in neokit.yaml.
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    After,
    Before,
    /// As the last child.
    Under,
}

/// Someone who does a role at this hospital.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Photo file on disk.
    #[serde(skip)]
    pub photo: Option<PathBuf>,
}

/// Where "last updated" dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastUpdated {
    Auto,
    Git,
    File,
    Off,
}

/// Whether the whole-kit print page is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintPage {
    /// For kits up to this many pages.
    UpTo(usize),
    Always,
    Never,
}

/// `pdf:`.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    pub when: PrintPage,
    /// Whether `pdf:` asks for a PDF in so many words (`true`, `enabled: true`): a neokit
    /// without PDF support then fails instead of leaving it out.
    pub asked: bool,
    /// Also one PDF per SUMMARY group.
    pub chapters: bool,
    pub paper: Paper,
    pub standard: PdfStandard,
    /// Also write each PDF's typst source beside it (`pdf/<name>.typ`).
    pub source: bool,
    /// Write only the source, not the PDF (`source: only`).
    pub source_only: bool,
}

impl PdfSettings {
    /// No PDF and no source, whatever `pdf:` says.
    pub fn off(&mut self) {
        self.when = PrintPage::Never;
        self.asked = false;
        self.source = false;
        self.source_only = false;
    }
}

#[derive(Debug, Clone)]
pub struct Brand {
    pub name: Option<String>,
    pub url: Option<String>,
    /// Font files for body text and headings (absolute paths).
    pub font: Option<PathBuf>,
    pub heading_font: Option<PathBuf>,
    /// Footer text in Markdown.
    pub footer: Option<String>,
    pub contact: Contact,
    /// Image files, absolute paths on disk.
    pub logo: Option<PathBuf>,
    pub logo_dark: Option<PathBuf>,
    pub favicon: Option<PathBuf>,
    /// Whether the site's title shows beside the logo.
    pub show_title: bool,
    /// Whether the header bar is in the main brand colour.
    pub coloured_header: bool,
    pub primary: Color,
    pub accent: Color,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub note: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.phone.is_none() && self.note.is_none()
    }
}

impl Settings {
    /// Files the configuration names (brand images and fonts, people's photos).
    pub fn named_files(&self) -> Vec<PathBuf> {
        let brand = &self.brand;
        let mut files: Vec<PathBuf> = [&brand.logo, &brand.logo_dark, &brand.favicon, &brand.font, &brand.heading_font]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        for people in self.people.iter().flat_map(|p| p.values()) {
            files.extend(people.iter().filter_map(|p| p.photo.clone()));
        }
        files
    }

    /// A path as shown in messages: relative to the kit folder when inside it.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        display_path(&self.kit_dir, path)
    }

    /// Where the key at `keys` (`["people", "chair"]`) is written in `neokit.yaml`, for a
    /// message about it (the file's start when it is not written there).
    pub fn location(&self, keys: &[&str]) -> Location {
        let (line, col) = yaml::key_position(&self.file_text, keys).unwrap_or((0, 0));
        Location::new(CONFIG_FILE, line, col)
    }
}

/// `path` relative to the kit folder, with `..` when it is beside it (`../neoflix-guide/a.md`).
pub(super) fn display_path(kit_dir: &Path, path: &Path) -> PathBuf {
    if let Ok(inside) = path.strip_prefix(kit_dir) {
        return inside.to_path_buf();
    }
    let (from, to): (Vec<_>, Vec<_>) = (kit_dir.components().collect(), path.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common <= 1 || from.len() - common > 3 {
        return path.to_path_buf();
    }
    let mut shown: PathBuf = from[common..].iter().map(|_| "..").collect();
    shown.extend(&to[common..]);
    shown
}
