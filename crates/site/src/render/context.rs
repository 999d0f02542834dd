//! Template contexts: the site's (the same on every page) and each page's.

use std::collections::BTreeSet;

use super::assets::{brand_file, frame_cover, header_size, photo_file};
use super::nav::nav_view;
use super::shared::{Shared, link_view};
use crate::config::{Config, Person};
use crate::deploy::meta_content_security_policy;
use crate::pdf_stage;
use crate::print;
use crate::search;
use crate::site;
use crate::spaces::language_name;
use crate::theme::views::{
    BrandView, DateView, GovernanceView, LanguageView, LinkView, PageContext, PageView, PersonView, RoleCardView,
    RoleView, SectionView, SiteView, StaleView, VariantView,
};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::{self, RelPath};
use neokit_core::{calendar, icons};
use neokit_document::links::{self, PageId, Target};
use neokit_document::markdown;

/// What every template gets as `site`.
pub(super) fn site_view(config: &Config, print: bool, pdf: &pdf_stage::Decision, site: &site::Site) -> SiteView {
    // Without a title in neokit.yaml, the kit folder's name: a GitBook README is usually
    // called "Introduction" or "Welcome", which says nothing as a site title.
    let title = config
        .title
        .clone()
        .or_else(|| config.kit_dir.file_name().map(|n| folder_title(&without_leading_symbols(&n.to_string_lossy()))))
        .map(|t| without_leading_symbols(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Onboarding kit".into());
    let favicon = match &config.brand.favicon {
        Some(path) => brand_file("favicon", path),
        None => format!("{}favicon.svg", site::THEME_DIR),
    };
    let logo = config.brand.logo.as_deref().map_or((40, 40), header_size);
    let logo_dark = config.brand.logo_dark.as_deref().map_or((40, 40), header_size);
    SiteView {
        title: title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.as_deref().map(str::to_string),
        brand: BrandView {
            name: config.brand.name.clone(),
            url: config.brand.url.clone(),
            logo: config.brand.logo.as_deref().map(|p| brand_file("logo", p)),
            logo_dark: config.brand.logo_dark.as_deref().map(|p| brand_file("logo-dark", p)),
            logo_width: logo.0,
            logo_height: logo.1,
            logo_dark_width: logo_dark.0,
            logo_dark_height: logo_dark.1,
            favicon: Some(favicon),
            show_title: config.brand.show_title,
            coloured_header: config.brand.coloured_header,
        },
        generator: format!("neokit {}", env!("CARGO_PKG_VERSION")),
        csp: (!config.allow_raw_html).then(|| meta_content_security_policy(config)),
        footer: config.brand.footer.as_deref().map(markdown::inline_markdown),
        contact: (!config.brand.contact.is_empty()).then(|| config.brand.contact.clone()),
        print: print.then(|| paths::page_file(print::PRINT_DIR)),
        pdf: pdf.published.then(|| pdf_stage::whole_file(config, &title)),
        pdf_chapters: pdf_stage::chapters(config, site, &title, pdf.published)
            .into_iter()
            .map(|(title, href)| LinkView { title, href, description: None })
            .collect(),
        search_index: config.search.then(|| search::INDEX.to_string()),
        version: config.upstream.as_ref().and_then(|u| u.version.clone()),
        text: neokit_core::i18n::text_with(&config.language, &config.interface),
        icons: [
            "menu",
            "sun",
            "moon",
            "search",
            "chevron-right",
            "chevron-down",
            "arrow-left",
            "arrow-right",
            "external",
            "link",
            "copy",
            "mail",
            "phone",
            "clock",
            "user",
            "file",
            "download",
            "globe",
        ]
        .into_iter()
        .map(|name| (name, icons::svg(name)))
        .collect(),
    }
}

/// "neoflix-guide" -> "Neoflix guide".
fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A title without the emoji or symbols GitBook authors put before it ("ℹ️ Introduction").
fn without_leading_symbols(title: &str) -> String {
    let mut rest = title.trim();
    while let Some(first) = rest.split_whitespace().next() {
        let symbol = emojis::get(first).is_some() || !first.chars().any(char::is_alphanumeric);
        if !symbol || first.len() == rest.len() {
            break;
        }
        rest = rest[first.len()..].trim_start();
    }
    rest.to_string()
}

/// Ids the built-in theme's page frame uses; a title with one of these anchors keeps its
/// place without the id (the page is linked to its top anyway).
const THEME_IDS: &[&str] = &[
    "content",
    "site-nav",
    "search-hint",
    "search-input",
    "search-live",
    "search-results",
    "search-status",
    "children-title",
    "outline-title",
    "roles-title",
];
/// Words shown on a page outside its body, for the search index: the description and, on a
/// role page, the role's details and people.
pub(super) fn search_extra(shared: &Shared, id: PageId) -> String {
    let page = &shared.site.pages[id];
    let mut parts: Vec<&str> = page.prepared.front.description.as_deref().into_iter().collect();
    if let Some(role) = shared.roles.by_page.get(&id) {
        parts.extend(role.discipline.as_deref());
        parts.extend(role.responsibilities.iter().map(String::as_str));
        for person in &role.people {
            parts.push(&person.name);
            parts.extend(person.title.as_deref());
        }
    }
    parts.join(" ")
}

/// A role page's box (`page.role`): its people's photos relative to `dir`, its links to the
/// pages that mention it made by `link`.
pub(super) fn role_view(shared: &Shared, id: PageId, dir: &str, link: &dyn Fn(PageId) -> LinkView) -> Option<RoleView> {
    shared.roles.by_page.get(&id).map(|role| RoleView {
        id: role.id.clone(),
        discipline: role.discipline.clone(),
        time_per_month: role.time_per_month.clone(),
        responsibilities: role.responsibilities.clone(),
        people: role.people.iter().enumerate().map(|(i, p)| person_view(p, &role.id, i, dir)).collect(),
        assigned: shared.roles.assigned,
        mentioned_by: (shared.roles.mentioned_by.get(&id).into_iter().flatten()).map(|&p| link(p)).collect(),
    })
}

/// The overview cards of the role pages `cards` (`page.roles`), their links made by `link`.
pub(super) fn role_card_views(
    shared: &Shared,
    cards: Vec<PageId>,
    link: &dyn Fn(PageId) -> LinkView,
) -> Vec<RoleCardView> {
    cards
        .into_iter()
        .map(|p| {
            let role = &shared.roles.by_page[&p];
            let link = link(p);
            RoleCardView {
                title: link.title,
                href: link.href,
                description: link.description,
                discipline: role.discipline.clone(),
                time_per_month: role.time_per_month.clone(),
                people: role.people.iter().map(|person| person.name.clone()).collect(),
                assigned: shared.roles.assigned,
            }
        })
        .collect()
}

fn person_view(person: &Person, role: &str, index: usize, dir: &str) -> PersonView {
    PersonView {
        name: person.name.clone(),
        title: person.title.clone(),
        email: person.email.clone(),
        phone_link: person
            .phone
            .as_ref()
            .map(|p| format!("tel:{}", p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())),
        phone: person.phone.clone(),
        photo: person.photo.as_ref().map(|p| paths::href(dir, &photo_file(role, index, p))),
        initials: initials(&person.name),
    }
}

/// The first letters of a person's first and last name, leaving out titles ("Dr", "Prof.",
/// "Sister") and name particles ("van den").
fn initials(name: &str) -> String {
    const TITLES: &[&str] = &[
        "dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "sister", "sr", "nurse", "drs", "ir", "ing",
        "mevr", "dhr", "mw", "mevrouw", "meneer", "frau", "herr", "mme", "mlle", "m",
    ];
    const PARTICLES: &[&str] =
        &["van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "ter", "ten", "te", "op", "in", "'t"];
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .collect();
    let first = words.first().and_then(|w| w.chars().find(|c| c.is_alphabetic()));
    let last = words
        .iter()
        .skip(1)
        .rev()
        .find(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .and_then(|w| w.chars().find(|c| c.is_alphabetic()));
    first.into_iter().chain(last).flat_map(char::to_uppercase).collect()
}

/// The context of page `id`'s template, around its rendered body `html`. Cover images are
/// added to the kit files the page uses.
/// When the page's file last changed, as templates show it.
fn updated_view(shared: &Shared, id: PageId) -> Option<DateView> {
    (shared.dates.get(&shared.site.pages[id].source))
        .map(|&time| DateView { iso: calendar::iso(time), text: calendar::long(time, shared.language) })
}

/// A page's governance ("About this page", the overdue banner), as the page shows it.
pub(super) fn governance_view(shared: &Shared, id: PageId) -> Option<GovernanceView> {
    shared.governance.page(id, updated_view(shared, id))
}

pub(super) fn page_context<'a>(
    shared: &Shared<'a>,
    id: PageId,
    html: &'a str,
    outline: &'a [markdown::Heading],
    files: &mut BTreeSet<RelPath>,
    problems: &mut Vec<Diagnostic>,
) -> PageContext<'a> {
    let Shared { site, tree, base_url, .. } = *shared;
    let updated = updated_view(shared, id);
    // Only files inside the kit folder can be edited there (not an upstream guide's).
    let shown = tree.shown(&site.pages[id].source);
    let editable = shown.is_relative() && !shown.starts_with("..");
    let edit_url = shared.edit_url.filter(|_| editable).map(|template| {
        let path = shown.to_string_lossy().replace('\\', "/");
        template.replace("{path}", &paths::encode_path(&path))
    });
    let page = &site.pages[id];
    let front = &page.prepared.front;
    let dir = page.dir.as_str();
    let governance = shared.governance.page(id, updated.clone());
    let html = if governance.as_ref().is_some_and(|g| g.withheld) { "" } else { html };
    let (cover, cover_frame) = front
        .cover
        .as_deref()
        .and_then(|cover| match links::resolve(site, tree, id, &page.source, cover) {
            Target::File { path } => {
                let href = paths::href(dir, &site::file_output(&path));
                let frame = frame_cover(&tree.disk_path(&path), front.cover_y, front.cover_height);
                files.insert(path);
                Some((href, frame))
            }
            Target::External { .. } => {
                problems.push(
                    Diagnostic::warning(
                        "external-cover",
                        format!("cover image `{cover}` is on another site and is not shown"),
                    )
                    .at(Location::file(tree.shown(&page.source)))
                    .with_help("put the image in .gitbook/assets/ so the site makes no outside requests"),
                );
                None
            }
            _ => {
                problems.push(
                    Diagnostic::warning("broken-link", format!("cover image `{cover}` does not exist"))
                        .at(Location::file(tree.shown(&page.source))),
                );
                None
            }
        })
        .unzip();
    // Child pages, except roles (they have their own overview cards).
    let role_cards = shared.roles.in_folder(site, id);
    let shown_children: Vec<PageId> =
        page.children.iter().copied().filter(|&c| !site.pages[c].hidden && !role_cards.contains(&c)).collect();
    // A page that already links to every child (GitBook authors list them with content-ref
    // blocks) gets no second, automatic list.
    let linked: std::collections::HashSet<PageId> = page
        .prepared
        .links
        .iter()
        .filter_map(|dest| match links::resolve(site, tree, id, &page.source, dest) {
            Target::Page { page, .. } => Some(page),
            _ => None,
        })
        .collect();
    let children = if shown_children.iter().all(|c| linked.contains(c)) {
        Vec::new()
    } else {
        shown_children.iter().map(|&c| link_view(site, dir, c)).collect()
    };
    let mut breadcrumbs = Vec::new();
    if let Some(home) = site.home.filter(|&h| h != id) {
        breadcrumbs.push(link_view(site, dir, home));
    }
    for ancestor in site.ancestors(id) {
        if Some(ancestor) != site.home {
            breadcrumbs.push(link_view(site, dir, ancestor));
        }
    }
    PageContext {
        root: paths::root_prefix(dir),
        page: PageView {
            title: page.title.clone(),
            description: front.description.clone(),
            content: html,
            path: dir.to_string(),
            canonical: base_url.map(|base| base.join(dir)),
            source: page.source.as_str().to_string(),
            hidden: page.hidden,
            no_index: front.no_index || front.no_robots_index,
            icon: front.icon.as_deref().and_then(icons::from_font_awesome).map(icons::svg),
            cover,
            cover_frame,
            layout: &front.layout,
            outline,
            children,
            meta: &front.meta,
            is_home: site.home == Some(id),
            updated,
            edit_url,
            adapted: tree.adapted.contains(&page.source).then(|| shared.adapted.clone()),
            title_anchor: page
                .prepared
                .headings
                .iter()
                .find(|h| h.level == 1)
                .map(|h| h.anchor.clone())
                .filter(|a| !THEME_IDS.contains(&a.as_str())),
            faq: page.prepared.is_faq,
            faq_schema: None,
            role: role_view(shared, id, dir, &|p| link_view(site, dir, p)),
            roles: role_card_views(shared, role_cards, &|p| link_view(site, dir, p)),
            governance,
            languages: language_views(shared, id),
            stale: stale_view(shared, id, &page.dir),
            untranslated: untranslated_view(shared, id, &page.dir),
            sections: section_views(shared, id),
            variants: variant_views(shared, id),
        },
        nav: nav_view(shared, Some(id), dir),
        breadcrumbs,
        // Pagination shows the navigation label (SUMMARY's link title when there is one).
        prev: page.prev.map(|p| LinkView { title: site.pages[p].nav_label.clone(), ..link_view(site, dir, p) }),
        next: page.next.map(|n| LinkView { title: site.pages[n].nav_label.clone(), ..link_view(site, dir, n) }),
    }
}

/// The FAQPage structured data of a page of questions, as JSON safe inside a `<script>`.
pub(super) fn faq_schema(answers: &[markdown::render::FaqAnswer]) -> Option<String> {
    if answers.is_empty() {
        return None;
    }
    let entities: Vec<serde_json::Value> = answers
        .iter()
        .map(|a| {
            serde_json::json!({
                "@type": "Question",
                "name": a.question,
                "acceptedAnswer": { "@type": "Answer", "text": a.html.trim() },
            })
        })
        .collect();
    let schema = serde_json::json!({ "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities });
    // `</script>` inside a string must not end the element.
    serde_json::to_string(&schema).ok().map(|json| json.replace("</", "<\\/"))
}

/// The banner of a translated page whose source changed since it was translated (when the
/// translation is shown), its link relative to folder `from` of the space (the page's, or the
/// print page's).
pub(super) fn stale_view(shared: &Shared, id: PageId, from: &str) -> Option<StaleView> {
    let page = &shared.site.pages[id];
    let stale = shared.stale.get(&page.source).filter(|s| !s.shown)?;
    let prefix = shared.languages.map_or("", |l| l.prefix.as_str());
    let text = shared.text;
    Some(StaleView {
        text: text.translation_stale.replace("{sections}", &stale.sections.join(", ")),
        href: paths::page_href(&format!("{prefix}{from}"), &stale.folder),
        link: text.read_original.replace("{language}", language_name(&stale.language)),
        code: stale.language.clone(),
    })
}

/// The banner of a source page shown in a translation: one the translation lacks, or one whose
/// translation is out of date (`translations.stale: fallback`); its link relative to `from`.
pub(super) fn untranslated_view(shared: &Shared, id: PageId, from: &str) -> Option<StaleView> {
    let page = &shared.site.pages[id];
    let prefix = shared.languages.map_or("", |l| l.prefix.as_str());
    let text = shared.text;
    if let Some(stale) = shared.stale.get(&page.source).filter(|s| s.shown) {
        return Some(StaleView {
            text: text.translation_updating.to_string(),
            href: paths::page_href(&format!("{prefix}{from}"), &stale.folder),
            link: text.read_original.replace("{language}", language_name(&stale.language)),
            code: stale.language.clone(),
        });
    }
    let source = shared.fallback.filter(|_| shared.tree.fallback.contains(&page.source))?;
    Some(StaleView {
        text: text.shown_untranslated.to_string(),
        href: paths::page_href(&format!("{prefix}{from}"), &format!("{}{}", source.prefix, page.dir)),
        link: text.read_original.replace("{language}", language_name(&source.language)),
        code: source.language.clone(),
    })
}

/// The page in each of the site's languages, linked relative to the page.
fn language_views(shared: &Shared, id: PageId) -> Vec<LanguageView> {
    let Some(languages) = shared.languages else { return Vec::new() };
    let here = format!("{}{}", languages.prefix, shared.site.pages[id].dir);
    languages
        .links
        .get(id)
        .into_iter()
        .flatten()
        .map(|link| {
            let href = paths::page_href(&here, &link.folder);
            LanguageView {
                code: link.code.clone(),
                name: link.name.clone(),
                // The folders are below the site's root, not the space's.
                url: shared.base_url.map_or_else(|| href.clone(), |address| address.join_site(&link.folder)),
                href,
                current: link.current,
                translated: link.translated,
                default: link.default,
            }
        })
        .collect()
}

/// The site's sections, linked relative to the page; the sections of a group under one entry.
fn section_views(shared: &Shared, id: PageId) -> Vec<SectionView> {
    let Some(spaces) = shared.spaces else { return Vec::new() };
    let here = format!("{}{}", spaces.prefix, shared.site.pages[id].dir);
    let mut views: Vec<SectionView> = Vec::new();
    let mut group_of_last: Option<&str> = None;
    for section in &spaces.sections {
        let view = SectionView {
            title: section.title.clone(),
            href: paths::page_href(&here, &section.folder),
            current: section.current,
            sections: Vec::new(),
        };
        match section.group.as_deref() {
            None => views.push(view),
            Some(group) => {
                let same_group = group_of_last == Some(group) && views.last().is_some_and(|v| v.href.is_empty());
                if !same_group {
                    views.push(SectionView {
                        title: group.to_string(),
                        href: String::new(),
                        current: false,
                        sections: Vec::new(),
                    });
                }
                if let Some(entry) = views.last_mut() {
                    entry.current |= view.current;
                    entry.sections.push(view);
                }
            }
        }
        group_of_last = section.group.as_deref();
    }
    views
}

/// The other variants of the page's section in its language, linked relative to the page.
fn variant_views(shared: &Shared, id: PageId) -> Vec<VariantView> {
    let Some(spaces) = shared.spaces else { return Vec::new() };
    let here = format!("{}{}", spaces.prefix, shared.site.pages[id].dir);
    spaces
        .variants
        .get(id)
        .into_iter()
        .flatten()
        .map(|variant| VariantView {
            title: variant.title.clone(),
            href: paths::page_href(&here, &variant.folder),
            current: variant.current,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_titles_from_folders_without_symbols() {
        assert_eq!(folder_title("neoflix-guide"), "Neoflix guide");
        assert_eq!(folder_title("company_handbook"), "Company handbook");
        assert_eq!(without_leading_symbols("ℹ️ Introduction"), "Introduction");
        assert_eq!(without_leading_symbols("🚀  Getting started"), "Getting started");
        assert_eq!(without_leading_symbols("2. People"), "2. People");
    }

    #[test]
    fn initials_leave_out_titles_and_particles() {
        assert_eq!(initials("Dr Pieter van den Berg"), "PB");
        assert_eq!(initials("Prof. Amara Okafor"), "AO");
        assert_eq!(initials("Sister Lena"), "L");
        assert_eq!(initials("Tom"), "T");
        assert_eq!(initials("émile zola"), "ÉZ");
        assert_eq!(initials(""), "");
    }
}
