//! `neokit.yaml` exactly as it is written: every key optional, unknown keys rejected.
//!
//! These types mirror the file and nothing else; [`super::load()`] checks them and turns them
//! into a [`super::Config`]. Every key is documented in docs/guide/configuration.md.

use serde::Deserialize;

/// The configuration file, in the kit folder.
pub const CONFIG_FILE: &str = "neokit.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Site title; default: the root README's first heading.
    pub title: Option<String>,
    /// One-sentence description for search engines and link previews.
    pub description: Option<String>,
    /// Language of the kit as a BCP 47 tag (`en`, `nl`, `en-GB`); default `en`.
    pub language: Option<String>,
    /// Public address of the site, for canonical links and the sitemap.
    pub base_url: Option<String>,
    /// Folder holding the GitBook content (with `.gitbook.yaml`, SUMMARY.md), relative to the
    /// kit folder; default: the kit folder itself.
    pub content: Option<String>,
    /// Theme folder relative to the kit folder; default: the built-in theme.
    pub theme: Option<String>,
    /// Output folder relative to the kit folder; default `public`.
    pub output: Option<String>,
    /// `{% embed %}` blocks: `card` (a link, no outside request) or `iframe` (privacy-friendly
    /// video players such as youtube-nocookie; other addresses stay cards).
    pub embeds: Option<String>,
    /// Embed views of every page at `embed/<page>/`: `true` (default), `false`, or
    /// `{ allowed_hosts: [https://intranet.example.org] }` (origins that may frame them).
    pub embed: Option<RawEmbed>,
    /// "Last updated" dates: `auto` (git history when the kit is in git, else file times),
    /// `git`, `file` or `off`.
    pub last_updated: Option<String>,
    /// Address of a page's source for an "Edit this page" link; `{path}` is replaced by the
    /// file's path relative to the kit folder.
    pub edit_url: Option<String>,
    /// The search box and its index; default `true`.
    pub search: Option<bool>,
    /// `_neokit/provenance.json` (which upstream text the site carries, for `neokit fleet`) in a
    /// hospital's version of a shared guide and in a translated site; default `true`.
    pub provenance: Option<bool>,
    /// Publish raw HTML in pages as written, including `<script>`, `<iframe>`, event handlers
    /// and `javascript:` URLs (removed with a warning by default); default `false`.
    pub allow_raw_html: Option<bool>,
    /// The printable whole-kit page at `print/`: `auto` (kits up to 1,000 pages), `true`, `false`.
    pub print: Option<BoolOrText>,
    /// The whole kit as a PDF: `auto` (kits up to 1,000 pages), `true`, `false`, or settings.
    pub pdf: Option<RawPdf>,
    /// Pages of questions (besides pages with `type: faq` front matter), relative to the
    /// content folder.
    #[serde(default)]
    pub faqs: Vec<String>,
    /// Where role pages are: a folder, or a list of pages (relative to the content folder).
    pub roles: Option<OneOrMany<String>>,
    /// Who does each role here: role id -> one person or a list of people.
    pub people: Option<std::collections::BTreeMap<String, OneOrMany<RawPerson>>>,
    /// The generated page listing every download: `false`, or its title and folder.
    pub downloads: Option<RawDownloads>,
    #[serde(default)]
    pub brand: RawBrand,
    /// The shared guide this kit is built on (a hospital's version of it).
    pub upstream: Option<RawUpstream>,
    /// The folder of local changes to the upstream guide; default `overlay`.
    pub overlay: Option<String>,
    /// Values that replace the space variables of `.gitbook/vars.yaml`.
    pub vars: Option<serde_json::Map<String, serde_json::Value>>,
    /// Upstream pages not published here (paths as in the upstream's SUMMARY.md).
    #[serde(default)]
    pub remove: Vec<String>,
    /// Changes to the navigation.
    #[serde(default)]
    pub summary: RawSummary,
    /// Web server configuration files written into the site.
    pub deploy: Option<RawDeploy>,
    /// Clinical governance: kit-wide review defaults and the generated pages.
    pub governance: Option<RawGovernance>,
    /// Translations of the kit, by language code: `nl: { content: vertaling/nl }`.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageEntry>,
    /// What happens to translations: `stale: banner | error | fallback`.
    pub translations: Option<RawTranslations>,
    /// The kit's own interface words over the built-in ones: `search: "Zoek in de gids"`.
    #[serde(default)]
    pub interface: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTranslations {
    /// A translated page whose source changed since it was pinned: `banner`, `error` or
    /// `fallback`.
    pub stale: Option<String>,
    /// A source page without a translation: `fallback`, `hide` or `error`.
    pub missing: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGovernance {
    /// How long a review holds, e.g. `24 months`.
    pub review_every: Option<String>,
    /// The default owner: a role id or a name.
    pub owner: Option<String>,
    /// How long before its next review a page counts as due, e.g. `60 days`.
    pub warn_before: Option<String>,
    /// What an overdue page does: `banner`, `hide` or `error`.
    pub expired: Option<String>,
    /// The "Page status" page: `false`, or its title, path and whether it is in the navigation.
    pub status_page: Option<RawGeneratedPage>,
    /// The "What changed" page: `false`, or its title, path and navigation.
    pub changes_page: Option<RawGeneratedPage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawGeneratedPage {
    Switch(bool),
    Page(RawGeneratedPageSettings),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeneratedPageSettings {
    pub title: Option<String>,
    pub path: Option<String>,
    pub navigation: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeploy {
    /// `iis`, `apache`, `nginx` or `caddy`, or a list of them.
    pub server: Option<OneOrMany<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    /// The upstream kit folder, relative to the kit folder.
    pub path: String,
    /// A version label, shown in page footers and drift reports.
    pub version: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummary {
    /// Overlay pages placed in the navigation.
    #[serde(default)]
    pub add: Vec<RawSummaryAdd>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummaryAdd {
    /// The overlay page, relative to the overlay folder.
    pub page: String,
    /// Place it after this page (same level).
    pub after: Option<String>,
    /// Place it before this page (same level).
    pub before: Option<String>,
    /// Place it as the last child of this page.
    pub under: Option<String>,
    /// The navigation label; default: the page's title.
    pub title: Option<String>,
}

/// A value written once or as a list.
#[derive(Debug, Clone)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// Decided by the shape of the value (a list or not), so that a mistake inside it (a misspelt
/// key of a person) is reported as itself, at its own line, instead of "matched no variant".
impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        use serde::de::{self, Visitor};

        struct Shape<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Shape<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("one value or a list of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(text)).map(OneOrMany::One)
            }
        }
        deserializer.deserialize_any(Shape(std::marker::PhantomData))
    }
}

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A photo, relative to the kit folder.
    pub photo: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawEmbed {
    Switch(bool),
    Settings(RawEmbedSettings),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmbedSettings {
    /// Origins that may frame the embed views (`https://intranet.example.org`).
    pub allowed_hosts: Option<OneOrMany<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawPdf {
    Switch(BoolOrText),
    Settings(RawPdfSettings),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPdfSettings {
    /// `auto`, `true` or `false`.
    pub enabled: Option<BoolOrText>,
    /// Also one PDF per SUMMARY group.
    pub chapters: Option<bool>,
    /// `a4` (default) or `letter`.
    pub paper: Option<String>,
    /// `ua-1` (default: tagged and checked for PDF/UA-1) or `tagged`.
    pub standard: Option<String>,
    /// Also write each PDF's typst source beside it (`true`), or only the source (`only`).
    pub source: Option<BoolOrText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawDownloads {
    Switch(bool),
    Page(RawDownloadsPage),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDownloadsPage {
    pub title: Option<String>,
    /// Output folder of the page (default `downloads`).
    pub path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBrand {
    /// Organisation name shown in the header.
    pub name: Option<String>,
    /// Organisation web address the logo links to.
    pub url: Option<String>,
    /// Logo image, relative to the kit folder.
    pub logo: Option<String>,
    /// Logo for dark mode.
    pub logo_dark: Option<String>,
    /// Show the site's title beside the logo (default true; `false` when the logo carries
    /// the name, as a wordmark does).
    pub show_title: Option<bool>,
    /// The header bar: `plain` (the page's background) or `coloured` (the main brand colour,
    /// with text in a colour readable on it).
    pub header: Option<String>,
    /// Favicon image, relative to the kit folder.
    pub favicon: Option<String>,
    /// Main brand colour (`#rrggbb` or `#rgb`).
    pub primary_color: Option<String>,
    /// Second brand colour.
    pub accent_color: Option<String>,
    /// A font file (`.woff2`, `.woff`, `.ttf`, `.otf`) for body text, published with the site.
    pub font: Option<String>,
    /// A font file for headings.
    pub heading_font: Option<String>,
    /// Footer text, in Markdown.
    pub footer: Option<String>,
    #[serde(default)]
    pub contact: RawContact,
}

/// A setting written as `true`/`false` or as a word (`auto`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum BoolOrText {
    Bool(bool),
    Text(String),
}

/// Contact details shown in the footer of every page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Any other way to reach the team (a room, a pager number), as text.
    pub note: Option<String>,
}

/// A language `neokit.yaml` lists: `languages: { nl: { content: vertaling/nl, title: "..." } }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    /// The folder with the translated pages, relative to the kit.
    pub content: String,
    /// The language's own name ("Nederlands"); by default from the language code.
    pub title: Option<String>,
}
