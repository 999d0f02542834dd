//! The data templates receive: the theme author's API.
//!
//! Every template gets `site` ([`SiteView`], the same on every page) and, for pages, the
//! fields of [`PageContext`]: `root`, `page`, `nav`, `breadcrumbs`, `prev`, `next`. All URLs
//! are relative to the page being rendered, so the output works from any sub-path and from
//! `file://`; `root` leads back to the site root (`""`, `"../"`, ...). Changing a field here
//! changes the theme API: document it in README.md ("Themes").

use serde::Serialize;

use crate::config::Contact;
use neokit_core::i18n::Text;
use neokit_document::markdown::Heading;
use neokit_document::markdown::frontmatter::Layout;

/// The site, identical for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Kit title (`title` in neokit.yaml, else the README's heading).
    pub title: String,
    pub description: Option<String>,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Public address with a trailing slash, when configured.
    pub base_url: Option<String>,
    pub brand: BrandView,
    /// "neokit 0.1.0", for a generator meta tag.
    pub generator: String,
    /// The Content-Security-Policy every page carries in a meta element (none with
    /// `allow_raw_html: true`, whose scripts it would stop).
    pub csp: Option<String>,
    /// Interface words in the kit's language (`site.text.skip_to_content`, ...).
    pub text: &'static Text,
    /// Inline SVG icons by name (`site.icons.menu`, `site.icons.moon`, ...; use `| safe`).
    pub icons: std::collections::BTreeMap<&'static str, String>,
    /// `brand.footer` as HTML (use `| safe`).
    pub footer: Option<String>,
    /// `brand.contact`: name, email, phone, note.
    pub contact: Option<Contact>,
    /// The whole-kit print page, relative to the site root, when it is written.
    pub print: Option<String>,
    /// The whole kit as a PDF, relative to the site root, when it is made.
    pub pdf: Option<String>,
    /// One PDF per SUMMARY group (`pdf.chapters`), with the group's title.
    pub pdf_chapters: Vec<LinkView>,
    /// The search index script, relative to the site root, when search is on.
    pub search_index: Option<String>,
    /// The shared guide's version label (`upstream.version`), shown in the footer.
    pub version: Option<String>,
}

/// A date for display.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-11-26`, for `<time datetime>`.
    pub iso: String,
    /// `26 November 2026`, in the kit's language.
    pub text: String,
}

/// One page on the print page (`sections` in print.html).
#[derive(Debug, Clone, Serialize)]
pub struct PrintSection {
    /// The section's id (links between pages point here).
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// How deep the page is in the navigation (0 = top level).
    pub depth: usize,
    /// The page body, with ids and links rewritten for the print page (use `| safe`).
    pub content: String,
    /// The page's short link or address as an inline SVG QR code (use `| safe`), when the
    /// kit uses governance and has a `base_url`.
    pub qr: Option<String>,
    /// The address the QR code holds.
    pub qr_text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BrandView {
    /// Organisation name shown next to the logo.
    pub name: Option<String>,
    pub url: Option<String>,
    /// Logo and favicon paths relative to the site root (prefix them with `root`).
    pub logo: Option<String>,
    pub logo_dark: Option<String>,
    /// The logos' size in the header, in CSS pixels, keeping each image's proportions.
    pub logo_width: u32,
    pub logo_height: u32,
    pub logo_dark_width: u32,
    pub logo_dark_height: u32,
    pub favicon: Option<String>,
    /// Whether the site's title shows beside the logo (else it is there for screen readers).
    pub show_title: bool,
    /// The header bar in the main brand colour.
    pub coloured_header: bool,
}

/// A link from the current page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    /// Relative to the current page.
    pub href: String,
    pub description: Option<String>,
}

/// The current page in one of the site's languages: its counterpart, or that language's home
/// when the page is not translated.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    /// BCP 47 code, for `lang` and `hreflang`.
    pub code: String,
    /// The language's own name ("Nederlands").
    pub name: String,
    /// Relative to the current page.
    pub href: String,
    /// For `<link rel="alternate">`: the full address with `base_url`, else `href`.
    pub url: String,
    pub current: bool,
    pub translated: bool,
    /// The site's default language: also `hreflang="x-default"`.
    pub default: bool,
}

/// A banner pointing at a page's original: an out-of-date translation, or a page shown in
/// the source language.
#[derive(Debug, Clone, Serialize)]
pub struct StaleView {
    /// The sentence, with the changed sections named.
    pub text: String,
    /// The link to the source page, relative to the current page, and its words.
    pub href: String,
    pub link: String,
    /// The source's language code (for `hreflang`).
    pub code: String,
}

/// A section of a site of several spaces, as a top-level link in the header; a section group
/// is an entry with a title, no link and its sections.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    /// Relative to the current page; empty for a section group.
    pub href: String,
    /// The current page is in this section (or, for a group, in one of its sections).
    pub current: bool,
    /// A section group's sections.
    pub sections: Vec<SectionView>,
}

/// Another variant (such as a version) of the current page's section, in its language: its
/// counterpart page, or the variant's home.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    pub title: String,
    /// Relative to the current page.
    pub href: String,
    pub current: bool,
}

/// One entry of the navigation as seen from the current page.
#[derive(Debug, Clone, Serialize)]
pub struct NavItemView {
    pub label: String,
    /// `None` for an entry without a link.
    pub href: Option<String>,
    /// This entry is the current page.
    pub current: bool,
    /// This entry is an ancestor of the current page.
    pub active: bool,
    /// The entry leads to another site.
    pub external: bool,
    /// The entry has children, whether or not they are listed here.
    pub has_children: bool,
    /// Children shown on this page (only along the current branch).
    pub children: Vec<NavItemView>,
    /// The page's icon (front matter `icon`) as inline SVG (use `| safe`).
    pub icon: Option<String>,
    /// Entries left out around this one's siblings (a long list is shortened).
    pub more_before: bool,
    pub more_after: bool,
}

/// A `## Group` of the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavSectionView {
    pub title: Option<String>,
    /// Link to the group's first page, for groups shown collapsed.
    pub href: Option<String>,
    /// The current page is in this group (its entries are listed).
    pub current: bool,
    pub items: Vec<NavItemView>,
    pub more_after: bool,
}

/// A cover framed as GitBook frames it: a band that the image fills, cropped, centred and
/// then moved down by `coverY` of its own pixels. `view_box` is that crop in the image's
/// pixels, for an inline SVG as wide as the page whose height follows from it: no style
/// attribute, so it holds under a strict Content-Security-Policy. It is `None` when the
/// image's size cannot be read (the image is then centred in a band of the default shape).
#[derive(Debug, Clone, Serialize)]
pub struct CoverFrame {
    pub width_px: Option<u32>,
    pub height_px: Option<u32>,
    pub view_box: Option<String>,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: String,
    pub description: Option<String>,
    /// The page body as HTML (use `| safe`).
    pub content: &'a str,
    /// Output folder relative to the site root (`""`, `"team/roles/"`).
    pub path: String,
    /// Absolute address, when `base_url` is configured.
    pub canonical: Option<String>,
    /// The source file, relative to the content root.
    pub source: String,
    pub hidden: bool,
    /// Ask search engines not to index the page.
    pub no_index: bool,
    /// Front matter `icon` (a neokit icon name), as inline SVG.
    pub icon: Option<String>,
    /// Cover image URL relative to the page.
    pub cover: Option<String>,
    /// How the cover is framed, when there is one.
    pub cover_frame: Option<CoverFrame>,
    /// GitBook's `layout.*` switches.
    pub layout: &'a Layout,
    /// "On this page": `##` and `###` headings.
    pub outline: &'a [Heading],
    /// Child pages (shown on folder pages so every page is reachable without JavaScript).
    pub children: Vec<LinkView>,
    /// Every front matter key as written.
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
    /// Whether this is the site's home page.
    pub is_home: bool,
    /// When the page's file last changed (git history or file time; see `last_updated`).
    pub updated: Option<DateView>,
    /// "Edit this page" address, when `edit_url` is configured.
    pub edit_url: Option<String>,
    /// The title heading's anchor (its GitBook anchor, so `page.md#title` links land on it).
    pub title_anchor: Option<String>,
    /// "Adapted for {brand.name}" on pages a hospital changed from the shared guide.
    pub adapted: Option<String>,
    /// A page of questions (`type: faq`): its `<details>` have ids and link controls.
    pub faq: bool,
    /// FAQ pages: schema.org FAQPage structured data as JSON (for a
    /// `<script type="application/ld+json">`, which runs nothing and passes a strict CSP).
    pub faq_schema: Option<String>,
    /// Role pages: the role and who does it here.
    pub role: Option<RoleView>,
    /// Folder pages with role pages inside: an overview card per role.
    pub roles: Vec<RoleCardView>,
    /// Owner, approval, review dates, version and short link, when the kit uses governance.
    pub governance: Option<GovernanceView>,
    /// The page in each of the site's languages (empty for a site of one language).
    pub languages: Vec<LanguageView>,
    /// On a translated page whose source changed since it was translated: the banner.
    pub stale: Option<StaleView>,
    /// On a source page shown in a translation that lacks it: the banner (its content is in
    /// the source language, `code`).
    pub untranslated: Option<StaleView>,
    /// The site's sections and section groups (empty for a site of one space or without sections).
    pub sections: Vec<SectionView>,
    /// The variants of the page's section in its language, such as versions (empty unless
    /// there are several).
    pub variants: Vec<VariantView>,
}

/// A page's governance ("About this page", the overdue banner, "Report a problem").
#[derive(Debug, Clone, Serialize)]
pub struct GovernanceView {
    pub owner: Option<OwnerView>,
    pub approved_by: Option<String>,
    pub reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    pub version: Option<String>,
    /// When the page's file last changed.
    pub changed: Option<DateView>,
    /// `current`, `due`, `overdue` or `no-data`.
    pub state: &'static str,
    /// The overdue banner's sentence, with the due date filled in.
    pub banner: Option<String>,
    /// Who to contact about an overdue page: the owner, else `brand.contact`.
    pub contact: Option<OwnerView>,
    /// `governance.expired: hide` on an overdue page: the body is left out.
    pub withheld: bool,
    /// "Report a problem with this page": a `mailto:` address, when there is an address to write to.
    pub report: Option<String>,
    /// The short link (`go/consent/`) relative to the page, and as shown.
    pub short_href: Option<String>,
    pub short: Option<String>,
    /// In a hospital's version of a shared guide: "Approved here" (the hospital's own page)
    /// or "Reviewed by the programme" (the shared guide's page).
    pub heading: Option<&'static str>,
    /// The shared guide's review of a page the hospital replaced.
    pub upstream: Option<Box<GovernanceView>>,
}

/// A page's owner.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerView {
    pub name: String,
    /// The role page, relative to the current page, when the owner is a role.
    pub href: Option<String>,
    /// The role's title, when the owner is a role.
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A row of the "Page status" page.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRowView {
    pub title: String,
    pub href: String,
    pub owner: Option<String>,
    pub reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    pub version: Option<String>,
    pub state: &'static str,
    pub state_text: &'static str,
}

/// An entry of the "What changed" page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub date: DateView,
    pub title: String,
    pub text: String,
    /// The page it is about; none for a new version of the whole shared guide.
    pub page: Option<LinkView>,
}

/// A role, on its own page.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    /// The id `people:` in neokit.yaml uses.
    pub id: String,
    pub discipline: Option<String>,
    pub time_per_month: Option<String>,
    pub responsibilities: Vec<String>,
    /// Who does it at this hospital.
    pub people: Vec<PersonView>,
    /// Whether this build assigns people at all (a hospital's copy); when it does and `people`
    /// is empty, the role is "not yet assigned".
    pub assigned: bool,
    /// Pages that link to this role.
    pub mentioned_by: Vec<LinkView>,
}

/// A role on an overview card.
#[derive(Debug, Clone, Serialize)]
pub struct RoleCardView {
    pub title: String,
    pub href: String,
    pub description: Option<String>,
    pub discipline: Option<String>,
    pub time_per_month: Option<String>,
    /// Names of the people doing it here.
    pub people: Vec<String>,
    pub assigned: bool,
}

/// Someone doing a role.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `tel:` address (digits and `+` only).
    pub phone_link: Option<String>,
    /// Photo URL relative to the page.
    pub photo: Option<String>,
    /// Initials for the avatar without a photo ("Dr Pieter van den Berg" -> "PB").
    pub initials: String,
}

/// A file on the downloads page.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    pub name: String,
    pub href: String,
    /// "PDF document (PDF)".
    pub kind: String,
    pub size: Option<String>,
    pub caption: Option<String>,
    /// The pages offering it.
    pub pages: Vec<LinkView>,
}

/// Everything a page template receives besides `site`.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    /// Prefix leading to the site root from this page.
    pub root: String,
    pub page: PageView<'a>,
    pub nav: Vec<NavSectionView>,
    pub breadcrumbs: Vec<LinkView>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
}

/// The context of pages that are not kit pages (404, redirects).
#[derive(Debug, Clone, Serialize)]
pub struct SpecialContext {
    pub root: String,
    /// For redirect pages: where to go, relative to the page.
    pub target: Option<String>,
    /// Links for the 404 page: the home page and the group starts.
    pub links: Vec<LinkView>,
    /// The 404 page without `base_url`: it is served at any address of the site, so `root` is
    /// empty (links are written from the site's root) and its script finds the root.
    pub root_unknown: bool,
    /// The 404 page without `base_url`: `""`, `"../"`, `"../../"`...: where `_neokit/` may be
    /// from the folder of the address asked for, nearest first (one script tag each).
    pub script_roots: Vec<String>,
}
