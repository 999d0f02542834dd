//! The PDF stage of a build: what the site's PDFs are and hold, made from the site, its
//! settings, roles and governance, and handed to the PDF engine ([`neokit_pdf`]) to be laid
//! out. Whether a build makes a PDF ([`Decision`]), the PDFs' names (from the site's title and
//! its version label), each page's level in the book, the books' pages numbered as in SUMMARY
//! with their role boxes, banners and "About this page", and the title page.
//!
//! `pdf/<name>.pdf` holds the whole kit; with `pdf.chapters`, `pdf/<name>-<n>-<group>.pdf`
//! one SUMMARY group each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config, PrintPage, SiteAddress, brand};
use crate::output;
use crate::roles::Roles;
use crate::site::Site;
use crate::theme::views::GovernanceView;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::i18n::Text;
use neokit_core::source::SourceTree;
use neokit_core::{calendar, icons};
use neokit_document::links::PageId;
use neokit_pdf::book::{self, BookPage, Cover};
use neokit_pdf::typst::{TypstOptions, TypstPage};
use neokit_pdf::{self as pdf, NamedFile, PdfFile, Plan, SUPPORTED};

/// Where the parts of a site's PDFs laid out by earlier builds are kept by default: beside its
/// output folder (`.<name>.neokit/pdf-cache/`), never in it (each build replaces it) nor
/// published. `neokit build --cache DIR` chooses another folder ([`chosen_cache`]).
pub fn cache_folder(config: &Config) -> Option<PathBuf> {
    Some(output::beside(&config.output_dir)?.join("pdf-cache"))
}

/// The folder `--cache DIR` names, made absolute (relative to the current folder), when it
/// may hold the cache: not inside the kit's content (its files would be read as the kit's)
/// nor inside the output folder (each build replaces it); else why not.
pub fn chosen_cache(config: &Config, dir: &Path) -> Result<PathBuf, String> {
    let folder = resolved(dir);
    let mut contents = vec![("the kit's content folder", config.content_root.clone())];
    for (_, language) in &config.languages {
        contents.push(("a translation's folder", config.kit_dir.join(&language.content)));
    }
    contents.push(("the output folder, which each build replaces", config.output_dir.clone()));
    for (what, inside) in contents {
        let inside = resolved(&inside);
        if folder.starts_with(&inside) {
            return Err(format!(
                "the cache folder `{}` is inside {what} (`{}`): choose a folder outside both the kit's content and the output folder",
                dir.display(),
                inside.display()
            ));
        }
    }
    Ok(folder)
}

/// A path made absolute, its links and `..` resolved as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    // The longest part that exists, with its links resolved; the rest as written.
    let mut rest = Vec::new();
    let mut existing = normal.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |path: PathBuf, name| path.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normal,
        }
    }
}

/// The folder the PDFs are written to.
pub const PDF_DIR: &str = "pdf/";

/// What a build does about its PDF, decided once per build.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    /// The build makes the PDF (or its source): asked for, or `auto` and small enough.
    pub planned: bool,
    /// The site links to a PDF: it is made, not only its source.
    pub published: bool,
    /// The kit wants a PDF but has too much text for one.
    pub too_large: Option<Diagnostic>,
}

impl Decision {
    pub fn new(config: &Config, site: &Site) -> Decision {
        let wanted = wanted(config, site);
        // Counted only when a PDF is wanted: the sum runs over every page.
        let size = if wanted { text_size(site) } else { 0 };
        let fits = size <= MAX_TEXT;
        let makes = SUPPORTED || config.pdf.source;
        Decision {
            planned: makes && wanted && fits,
            published: SUPPORTED && !config.pdf.source_only && wanted && fits,
            too_large: (wanted && makes && !fits).then(|| too_large_warning(size)),
        }
    }
}

fn wanted(config: &Config, site: &Site) -> bool {
    match config.pdf.when {
        PrintPage::Always => true,
        PrintPage::Never => false,
        PrintPage::UpTo(limit) => site.reading_order.len() <= limit,
    }
}

/// The most text a PDF is made of (the pages' Markdown, headings weighed more): beyond it,
/// typst would take minutes and gigabytes.
pub const MAX_TEXT: usize = 16 << 20;

/// What laying the kit out costs, in bytes of text: a heading (a bookmark, an outline entry,
/// a label) weighs as much as 256 bytes of text.
fn text_size(site: &Site) -> usize {
    site.reading_order
        .iter()
        .map(|&id| {
            let prepared = &site.pages[id].prepared;
            prepared.scanned.text.len() + 256 * prepared.headings.len()
        })
        .sum()
}

/// The warning for a kit that wants a PDF but has `size` bytes of text, too much for one.
fn too_large_warning(size: usize) -> Diagnostic {
    Diagnostic::warning(
        "pdf",
        format!(
            "the kit has {} MB of text and headings, more than a PDF is made of ({} MB): the site is built without a PDF",
            size >> 20,
            MAX_TEXT >> 20
        ),
    )
    .with_help("split the longest pages, or set `pdf: false` to say the site has no PDF")
}

/// The whole kit's PDF, relative to the site root.
pub fn whole_file(config: &Config, title: &str) -> String {
    format!("{PDF_DIR}{}.pdf", base_name(config, title))
}

fn base_name(config: &Config, title: &str) -> String {
    let mut name = slug(title);
    if name.is_empty() {
        name = "guide".into();
    }
    if let Some(version) = config.upstream.as_ref().and_then(|u| u.version.as_deref()) {
        let version = slug(version);
        if !version.is_empty() {
            name = format!("{name}-{version}");
        }
    }
    name
}

/// Lowercase ASCII letters, digits, dots and single hyphens.
fn slug(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() || (c == '.' && out.ends_with(|d: char| d.is_ascii_digit())) {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches(['-', '.']).chars().take(80).collect()
}

/// The typst writer's options for a page: its level in the book.
pub fn page_options<'a>(site: &Site, id: PageId, base_url: Option<&'a SiteAddress>) -> TypstOptions<'a> {
    TypstOptions { level: page_level(site, id), base_url }
}

fn has_groups(site: &Site) -> bool {
    site.sections.iter().filter(|s| s.title.is_some()).count() > 0
}

fn page_level(site: &Site, id: PageId) -> u8 {
    let base = if has_groups(site) { 2 } else { 1 };
    (base + site.ancestors(id).len()).min(10) as u8
}

/// The build's time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub fn build_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    })
}

/// What making the PDFs needs.
pub struct Job<'a> {
    pub site: &'a Site,
    pub tree: &'a SourceTree,
    pub config: &'a Config,
    pub roles: &'a Roles,
    pub text: &'static Text,
    /// The site's title.
    pub title: &'a str,
    /// The printed pages' typst, in reading order.
    pub pages: Vec<(PageId, TypstPage)>,
    /// The build's date (seconds since 1970).
    pub now: i64,
    /// The addresses pages' QR codes hold (their short links, or addresses with `base_url`).
    pub qr: HashMap<PageId, String>,
    /// Each page's governance as the page shows it ("About this page", the overdue banner),
    /// when the kit uses governance.
    pub governance: HashMap<PageId, GovernanceView>,
    /// The banner of a translated page out of date, or of a page shown untranslated, as the
    /// page shows it (its sentence).
    pub translation: HashMap<PageId, String>,
    /// Told what is being laid out (`pdf/kit.pdf: part 3 of 8`), so that a long PDF shows
    /// that it is alive.
    pub progress: Option<&'a (dyn Fn(&str) + Sync)>,
    /// The folder `--cache DIR` chose for the parts kept between builds (else
    /// [`cache_folder`]).
    pub cache: Option<&'a Path>,
}

/// Makes the PDFs (and with `pdf.source` their typst source); problems are diagnostics (an
/// error when a PDF cannot be made).
pub fn make(job: Job) -> (Vec<PdfFile>, Vec<Diagnostic>) {
    let config = job.config;
    let cache = match job.cache.map(|dir| chosen_cache(config, dir)) {
        None => cache_folder(config),
        Some(Ok(folder)) => Some(folder),
        Some(Err(why)) => return (Vec::new(), vec![Diagnostic::error("pdf", why)]),
    };
    let engine = pdf::Job {
        tree: job.tree,
        sources: job.site.pages.iter().map(|page| &page.source).collect(),
        pages: &job.pages,
        qr: &job.qr,
        named: named_files(&job),
        config_name: CONFIG_FILE,
        config_text: &config.file_text,
        body_font: config.brand.font.as_deref(),
        heading_font: config.brand.heading_font.as_deref(),
        now: job.now,
        language: &config.language,
        standard: config.pdf.standard,
        source: config.pdf.source,
        source_only: config.pdf.source_only,
        asked: config.pdf.asked,
        cache,
        space: &config.content_root,
        progress: job.progress,
    };
    let books =
        (books(&job).into_iter()).map(|plan| Plan { pages: book_pages(&job, plan.section), path: plan.path }).collect();
    pdf::make(&engine, cover(&job), books)
}

/// The files of `neokit.yaml` the books show: the people's photos and the logo.
fn named_files(job: &Job) -> Vec<NamedFile> {
    let named = |path: &Path, key: String, keys: &[&str]| NamedFile {
        key,
        path: path.to_path_buf(),
        name: path.strip_prefix(&job.config.kit_dir).unwrap_or(path).to_string_lossy().replace('\\', "/"),
        keys: keys.iter().map(|k| k.to_string()).collect(),
    };
    let mut files = Vec::new();
    for (&id, role) in &job.roles.by_page {
        for (index, person) in role.people.iter().enumerate() {
            if let Some(photo) = &person.photo {
                files.push(named(photo, photo_key(id, index, photo), &["people", &role.id]));
            }
        }
    }
    if let Some(logo) = &job.config.brand.logo {
        files.push(named(logo, logo_key(logo), &["brand", "logo"]));
    }
    files
}

/// The key in the PDF's files of the photo of the `index`th person doing the role described
/// by page `page`.
fn photo_key(page: PageId, index: usize, photo: &Path) -> String {
    let extension = photo.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let extension = if extension.chars().all(|c| c.is_ascii_alphanumeric()) { extension } else { String::new() };
    format!("/photo/p{page}-{index}.{extension}")
}

/// The logo's key in the PDF's files.
fn logo_key(logo: &Path) -> String {
    let extension = logo.extension().and_then(|e| e.to_str()).unwrap_or("png").to_ascii_lowercase();
    format!("/brand/logo.{extension}")
}

/// A book to make: its file, and its pages (`None` for the whole kit).
struct BookPlan {
    pub path: String,
    pub section: Option<usize>,
}

fn books(job: &Job) -> Vec<BookPlan> {
    let mut plans = vec![BookPlan { path: whole_file(job.config, job.title), section: None }];
    if job.config.pdf.chapters {
        plans.extend(
            chapter_plans(job.config, job.site, job.title)
                .into_iter()
                .map(|(section, path)| BookPlan { path, section: Some(section) }),
        );
    }
    plans
}

/// With `pdf.chapters`: each SUMMARY group with pages, and its PDF's path.
fn chapter_plans(config: &Config, site: &Site, title: &str) -> Vec<(usize, String)> {
    if !config.pdf.chapters {
        return Vec::new();
    }
    let base = base_name(config, title);
    let mut number = 0;
    let mut plans = Vec::new();
    for (index, section) in site.sections.iter().enumerate() {
        if !site.reading_order.iter().any(|&id| site.pages[id].section == index) {
            continue;
        }
        number += 1;
        let name = section.title.as_deref().map(slug).filter(|s| !s.is_empty()).unwrap_or_else(|| "start".into());
        plans.push((index, format!("{PDF_DIR}{base}-{number}-{name}.pdf")));
    }
    plans
}

/// The chapters' PDFs the site links to: (group title, path from the site root).
pub fn chapters(config: &Config, site: &Site, title: &str, published: bool) -> Vec<(String, String)> {
    if !published {
        return Vec::new();
    }
    chapter_plans(config, site, title)
        .into_iter()
        .map(|(section, path)| {
            let group = site.sections[section].title.clone();
            let first = site.reading_order.iter().find(|&&id| site.pages[id].section == section);
            (group.or_else(|| first.map(|&id| site.pages[id].title.clone())).unwrap_or_default(), path)
        })
        .collect()
}

/// The pages of one book, numbered as in SUMMARY.
fn book_pages<'a>(job: &'a Job, section: Option<usize>) -> Vec<BookPage<'a>> {
    let site = job.site;
    let groups = has_groups(site);
    // A kit that numbers its own titles ("1.2 Consent") keeps its numbers.
    let numbered = !job.pages.iter().any(|(id, _)| numbered_title(&site.pages[*id].title));
    let mut counters: Vec<usize> = Vec::new();
    let mut current_section = None;
    let mut pages = Vec::new();
    for (id, typst) in &job.pages {
        let page = &site.pages[*id];
        if section.is_some_and(|s| s != page.section) {
            continue;
        }
        let depth = site.ancestors(*id).len();
        let number = if !numbered || Some(*id) == site.home {
            String::new()
        } else {
            counters.truncate(depth + 1);
            counters.resize(depth + 1, 0);
            counters[depth] += 1;
            counters.iter().map(usize::to_string).collect::<Vec<_>>().join(".")
        };
        let group = (groups && current_section != Some(page.section))
            .then(|| site.sections.get(page.section).and_then(|s| s.title.as_deref()))
            .flatten();
        current_section = Some(page.section);
        pages.push(BookPage {
            id: *id,
            title: &page.title,
            number,
            level: page_level(site, *id),
            group,
            // As the page shows it: not when its layout hides the description.
            description: page.prepared.front.description.as_deref().filter(|_| page.prepared.front.layout.description),
            icon: page.prepared.front.icon.as_deref().and_then(icons::from_font_awesome),
            typst,
            role: role_box(job, *id),
            roles: role_cards(job, *id),
            qr: job.qr.get(id).cloned(),
            banners: (job.translation.get(id).cloned().into_iter())
                .chain(job.governance.get(id).and_then(|g| banner(job.text, g)))
                .collect(),
            about: job.governance.get(id).map(|g| about(job.text, g, job.qr.get(id))).unwrap_or_default(),
        });
    }
    pages
}

/// The overdue banner's sentence and whom to contact, as the page's banner says it.
fn banner(text: &Text, governance: &GovernanceView) -> Option<String> {
    let mut sentence = governance.banner.clone()?;
    if let Some(contact) = &governance.contact {
        let ways: Vec<&str> = [&contact.email, &contact.phone].into_iter().flatten().map(String::as_str).collect();
        sentence.push_str(&format!(" {} {}", text.contact, contact.name));
        if !ways.is_empty() {
            sentence.push_str(&format!(" ({})", ways.join(", ")));
        }
        sentence.push('.');
    }
    Some(sentence)
}

/// "About this page" as the page shows it: its facts, and in a hospital's version of a shared
/// guide the shared guide's review of a page the hospital replaced. `short` is the address the
/// page's QR code holds (its short link with the site's address).
fn about(text: &Text, governance: &GovernanceView, short: Option<&String>) -> Vec<book::About> {
    let facts = |g: &GovernanceView| {
        let mut facts: Vec<(String, String)> = Vec::new();
        let mut fact = |name: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                facts.push((name.to_string(), value));
            }
        };
        fact(
            text.owner,
            g.owner.as_ref().map(|owner| {
                let mut value = owner.name.clone();
                if let Some(role) = owner.role.as_ref().filter(|r| **r != owner.name) {
                    value.push_str(&format!(" ({role})"));
                }
                for way in [&owner.email, &owner.phone].into_iter().flatten() {
                    value.push_str(&format!(", {way}"));
                }
                value
            }),
        );
        fact(text.approved_by, g.approved_by.clone());
        fact(text.last_reviewed, g.reviewed.as_ref().map(|d| d.text.clone()));
        let state = match g.state {
            "overdue" => format!(" ({})", text.state_overdue),
            "due" => format!(" ({})", text.state_due),
            _ => String::new(),
        };
        fact(text.next_review, g.next_review.as_ref().map(|d| format!("{}{state}", d.text)));
        fact(text.version, g.version.clone());
        fact(text.last_changed, g.changed.as_ref().map(|d| d.text.clone()));
        // On paper a short link needs the site's address: the one the QR code holds.
        fact(text.short_link, g.short.as_ref().and(short.filter(|s| s.contains("/go/")).cloned()));
        facts
    };
    let mut parts = vec![book::About { heading: governance.heading.map(str::to_string), facts: facts(governance) }];
    if let Some(upstream) = &governance.upstream {
        parts.push(book::About { heading: upstream.heading.map(str::to_string), facts: facts(upstream) });
    }
    parts.retain(|part| !part.facts.is_empty());
    parts
}

/// The role a page describes, as the site's role page shows it.
fn role_box<'a>(job: &'a Job, id: PageId) -> Option<book::RoleBox<'a>> {
    let role = job.roles.by_page.get(&id)?;
    let site = job.site;
    Some(book::RoleBox {
        people: role
            .people
            .iter()
            .enumerate()
            .map(|(index, p)| book::Person {
                name: &p.name,
                title: p.title.as_deref(),
                email: p.email.as_deref(),
                phone: p.phone.as_deref(),
                photo: p.photo.as_deref().map(|photo| photo_key(id, index, photo)),
            })
            .collect(),
        assigned: job.roles.assigned,
        discipline: role.discipline.as_deref(),
        time_per_month: role.time_per_month.as_deref(),
        responsibilities: &role.responsibilities,
        mentioned_by: (job.roles.mentioned_by.get(&id).into_iter().flatten())
            .map(|&page| (page, site.pages[page].title.as_str()))
            .collect(),
    })
}

/// The roles a folder page gives an overview of, as the site's role cards.
fn role_cards<'a>(job: &'a Job, id: PageId) -> Vec<book::RoleCard<'a>> {
    let site = job.site;
    (job.roles.in_folder(site, id).into_iter())
        .map(|page| {
            let role = &job.roles.by_page[&page];
            book::RoleCard {
                page,
                title: &site.pages[page].title,
                discipline: role.discipline.as_deref(),
                time_per_month: role.time_per_month.as_deref(),
                people: role.people.iter().map(|p| p.name.as_str()).collect(),
                assigned: job.roles.assigned,
            }
        })
        .collect()
}

/// Whether a title starts with a number of its own ("1. Preparation", "2.3 Talking").
fn numbered_title(title: &str) -> bool {
    let title = title.trim_start();
    let number: String = title.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.starts_with(|c: char| c.is_ascii_digit())
        && (number.contains('.') || number.len() <= 2)
        && title[number.len()..].starts_with(' ')
}

/// What the title page and the running header show.
/// The brand's fonts are the engine's to fill in (it reads them).
fn cover<'a>(job: &'a Job) -> Cover<'a> {
    let config = job.config;
    let text = job.text;
    Cover {
        title: job.title,
        description: config.description.as_deref(),
        organisation: config.brand.name.as_deref(),
        version: config
            .upstream
            .as_ref()
            .and_then(|u| u.version.as_ref())
            .map(|v| format!("{} {v}", text.guide_version)),
        built: format!("{} {}", text.pdf_built_on, calendar::long(job.now, &config.language)),
        logo: config.brand.logo.as_deref().map(logo_key),
        primary: config.brand.primary.to_string(),
        primary_text: brand::pdf_text(config.brand.primary).to_string(),
        on_primary: config.brand.primary.readable_text().to_string(),
        language: &config.language,
        paper: config.pdf.paper,
        body_fonts: Vec::new(),
        heading_fonts: Vec::new(),
        contents: text.contents,
        qr_code: text.qr_code,
        role_words: book::RoleWords::from(text),
        about_page: text.about_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_their_own_numbers() {
        assert!(numbered_title("1. Preparation"));
        assert!(numbered_title("2.3 Talking with parents"));
        assert!(!numbered_title("2023 in review"));
        assert!(!numbered_title("Why video review?"));
        assert!(!numbered_title("3D printing"));
    }

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Neoflix onboarding kit"), "neoflix-onboarding-kit");
        assert_eq!(slug("Über ../../etc 2.1"), "uber-etc-2.1");
        assert!(!slug("a/b\\c").contains('/'));
        assert_eq!(slug("***"), "");
    }
}
