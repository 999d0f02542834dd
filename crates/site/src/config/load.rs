//! `load`: `neokit.yaml` (and `.gitbook.yaml`) read and checked, one value after another.
//!
//! Each step reads its part of the raw configuration and reports what is wrong at the key
//! that is wrong; the steps run in the order their messages are listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use super::brand;
use super::checker::{Checker, written_path};
use super::gitbook::{self, GitbookConfig};
use super::raw::{self, CONFIG_FILE, RawConfig};
use super::settings::{
    Brand, Contact, LastUpdated, MissingTranslations, Overrides, Person, PrintPage, Settings, StaleTranslations,
    Upstream, display_path,
};
use super::space::Config;
use super::{deploy, governance, pdf, upstream};
use neokit_core::address::SiteAddress;
use neokit_core::diagnostics::{Diagnostic, Location, Part};
use neokit_core::{i18n, yaml};
use neokit_document::markdown::out::EmbedMode;

/// Reads and checks the configuration of the kit in `kit_dir`: its [`Settings`], and the
/// configuration of the kit as one space over them. Content mistakes come back as diagnostics (any error among them means the kit cannot be built); unreadable files are
/// `Err`.
pub fn load(kit_dir: &Path, overrides: &Overrides) -> anyhow::Result<(Config, Vec<Diagnostic>)> {
    let kit_dir =
        kit_dir.canonicalize().with_context(|| format!("cannot open the kit folder {}", kit_dir.display()))?;
    let (raw, text, config_file, mut diagnostics) = read_config_file(&kit_dir)?;
    let mut check = Checker { text: &text, diagnostics: &mut diagnostics };

    let upstream = raw.upstream.as_ref().and_then(|up| upstream::check(up, &raw, &kit_dir, &mut check));
    if raw.upstream.is_none() {
        upstream::keys_without_upstream(&mut check);
    }
    let language_given = raw.language.is_some();
    let written_language = language(raw.language.clone(), &mut check);
    let site_address = base_url(overrides.base_url.clone().or(raw.base_url.clone()), &mut check);
    let content_dir = content_dir(&raw, &kit_dir, upstream.as_ref(), &mut check);
    let (gitbook, gitbook_file, content_root) = gitbook_settings(&kit_dir, &content_dir, &mut check)?;
    let theme_dir = theme_dir(overrides, &raw, &kit_dir, &mut check);
    let output_dir = output_dir(overrides, &raw, &kit_dir);
    let people = raw.people.clone().map(|people| people_by_role(people, &kit_dir, &mut check));
    let downloads = downloads(raw.downloads.clone(), &mut check);
    let files = brand::BrandFiles::check(&raw.brand, &kit_dir, &mut check);
    let coloured_header = brand::coloured_header(&raw.brand, &mut check);
    let last_updated = last_updated(&raw, &mut check);
    let print = print_page(&raw, &mut check);
    let mut pdf = pdf::settings(raw.pdf.as_ref(), &mut check);
    if overrides.no_pdf {
        pdf.off();
    }
    check_edit_url(&raw, &mut check);
    let embeds = embeds(&raw, &mut check);
    let embed = deploy::embed_views(raw.embed.as_ref(), &mut check);
    let (primary, accent) = brand::checked_colours(&raw.brand, &mut check);
    let deploy = deploy::servers(raw.deploy.as_ref(), &mut check);
    let governance = raw.governance.as_ref().map(|g| governance::settings(g, &mut check));
    let interface: BTreeMap<String, String> = raw
        .interface
        .iter()
        .filter(|(key, _)| {
            let known = i18n::KEYS.contains(&key.as_str());
            if !known {
                let help = match yaml::did_you_mean(key, i18n::KEYS) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "the keys are the names of `site.text` in the theme's templates (see README)".to_string(),
                };
                check.error(&["interface", key.as_str()], format!("`interface.{key}` is not an interface word"), &help);
            }
            known
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let missing_translations = match raw.translations.as_ref().and_then(|t| t.missing.as_deref()).map(str::trim) {
        None | Some("fallback") => MissingTranslations::Fallback,
        Some("hide") => MissingTranslations::Hide,
        Some("error") => MissingTranslations::Error,
        Some(other) => {
            check.error(
                &["translations", "missing"],
                format!("`translations.missing: {other}` is not a choice"),
                "use `fallback` (publish the original with a banner), `hide` (link to the translation's home) or `error` (stop the build)",
            );
            MissingTranslations::Fallback
        }
    };
    let stale_translations = match raw.translations.as_ref().and_then(|t| t.stale.as_deref()).map(str::trim) {
        None | Some("banner") => StaleTranslations::Banner,
        Some("error") => StaleTranslations::Error,
        Some("fallback") => StaleTranslations::Fallback,
        Some(other) => {
            check.error(
                &["translations", "stale"],
                format!("`translations.stale: {other}` is not a choice"),
                "use `banner` (publish the translation with a banner naming what changed), `error` (stop the build) \
                 or `fallback` (publish the original until the translation is updated)",
            );
            StaleTranslations::Banner
        }
    };

    let brand = Brand {
        show_title: raw.brand.show_title.unwrap_or(true) || raw.brand.logo.is_none(),
        name: raw.brand.name,
        url: raw.brand.url,
        font: files.font,
        heading_font: files.heading_font,
        footer: raw.brand.footer,
        contact: Contact {
            name: raw.brand.contact.name,
            email: raw.brand.contact.email,
            phone: raw.brand.contact.phone,
            note: raw.brand.contact.note,
        },
        logo: files.logo,
        logo_dark: files.logo_dark,
        favicon: files.favicon,
        coloured_header,
        primary,
        accent,
    };
    let settings = Settings {
        kit_dir,
        config_file,
        file_text: text,
        written_title: raw.title.filter(|t| !t.trim().is_empty()),
        description: raw.description,
        written_language,
        language_given,
        site_address,
        theme_dir,
        output_dir,
        brand,
        embeds,
        embed,
        search: raw.search.unwrap_or(true),
        provenance: raw.provenance.unwrap_or(true),
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        last_updated,
        edit_url: raw.edit_url,
        print,
        pdf,
        faqs: raw.faqs.iter().map(|p| written_path(p)).collect(),
        roles: raw
            .roles
            .map(|r| r.into_vec())
            .unwrap_or_default()
            .iter()
            .map(|p| written_path(p).trim_end_matches('/').to_string())
            .collect(),
        people,
        downloads,
        vars: raw.vars.unwrap_or_default(),
        upstream_guide: upstream.map(Arc::new),
        deploy,
        governance,
        languages: raw.languages.into_iter().collect(),
        stale_translations,
        missing_translations,
        interface,
    };
    let config = Config {
        title: settings.written_title.clone(),
        language: settings.written_language.clone().unwrap_or_else(|| "en".into()),
        base_url: settings.site_address.clone(),
        content_root,
        gitbook,
        gitbook_file,
        upstream: settings.upstream_guide.clone(),
        exclude: Vec::new(),
        fallback: None,
        settings: Arc::new(settings),
    };
    Ok((config, diagnostics))
}

/// `neokit.yaml`: its values (defaults where a key is wrong or there is no file), its text,
/// its path when it exists, and a diagnostic for every key that is wrong.
fn read_config_file(kit_dir: &Path) -> anyhow::Result<(RawConfig, String, Option<PathBuf>, Vec<Diagnostic>)> {
    let path = kit_dir.join(CONFIG_FILE);
    if !path.is_file() {
        return Ok((RawConfig::default(), String::new(), None, Vec::new()));
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    // Every wrong key is reported; the others still apply, so `check` can go on.
    let (raw, errors) = yaml::parse_all::<RawConfig>(&yaml::strip_invisible(&text));
    let diagnostics = errors
        .into_iter()
        .map(|error| {
            // The codes the guide names: a key neokit does not know, or a value it cannot use.
            let code = if error.message.starts_with("unknown key") { "unknown-key" } else { "invalid-config" };
            let d = error.diagnostic(code, Path::new(CONFIG_FILE), 1);
            // What follows from a key that could not be read is not reported as well.
            match error.left_out {
                Some(key) => d.leaves_unread(Part::Config(key)),
                None => d,
            }
        })
        .collect();
    Ok((raw.unwrap_or_default(), text, Some(path), diagnostics))
}

/// `language`: a language tag, when one is written.
fn language(written: Option<String>, check: &mut Checker) -> Option<String> {
    match written {
        Some(lang) if is_language_tag(&lang) => Some(lang),
        Some(lang) => {
            check.error(
                &["language"],
                format!("`{lang}` is not a language tag"),
                "use a tag such as `en`, `nl` or `en-GB`",
            );
            None
        }
        None => None,
    }
}

/// `base_url` (or `--base-url`): the site's address.
fn base_url(written: Option<String>, check: &mut Checker) -> Option<SiteAddress> {
    let url = written?;
    let normalized = normalize_base_url(&url);
    if normalized.is_none() {
        check.error(
            &["base_url"],
            format!("`{url}` is not a web address"),
            "use a full address such as `https://intranet.example.org/kits/neoflix/`",
        );
    }
    normalized.map(|url| SiteAddress::new(&url))
}

/// The folder `.gitbook.yaml` is in: the upstream kit, `content`, or the kit folder.
fn content_dir(raw: &RawConfig, kit_dir: &Path, upstream: Option<&Upstream>, check: &mut Checker) -> PathBuf {
    if let Some(upstream) = upstream {
        return upstream.dir.clone();
    }
    let Some(dir) = &raw.content else { return kit_dir.to_path_buf() };
    let path = kit_dir.join(dir);
    if !path.is_dir() {
        check.error(&["content"], format!("content folder `{dir}` does not exist"), "create it or fix the path");
    }
    path
}

/// `.gitbook.yaml` in the content folder (defaults when there is none), the file itself and
/// the content root it names.
fn gitbook_settings(
    kit_dir: &Path,
    content_dir: &Path,
    check: &mut Checker,
) -> anyhow::Result<(GitbookConfig, Option<PathBuf>, PathBuf)> {
    let path = content_dir.join(".gitbook.yaml");
    let (gitbook, gitbook_file) = if path.is_file() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (gitbook, problems) = gitbook::parse(&text, &display_path(kit_dir, &path));
        check.diagnostics.extend(problems);
        (gitbook, Some(path.clone()))
    } else {
        (GitbookConfig::default(), None)
    };
    let content_root = content_dir.join(&gitbook.root);
    if content_dir.is_dir() && !content_root.is_dir() {
        check.push(
            Diagnostic::error("missing-root", format!("`root: {}` in .gitbook.yaml is not a folder", gitbook.root))
                .at(Location::file(display_path(kit_dir, &path))),
        );
    }
    Ok((gitbook, gitbook_file, content_root))
}

/// `--theme` or `theme:`; `None` for the built-in theme.
fn theme_dir(overrides: &Overrides, raw: &RawConfig, kit_dir: &Path, check: &mut Checker) -> Option<PathBuf> {
    let dir = match (&overrides.theme, &raw.theme) {
        (Some(dir), _) => dir.clone(),
        (None, Some(name)) if name == "default" || name == "builtin" => return None,
        (None, Some(dir)) => kit_dir.join(dir),
        (None, None) => return None,
    };
    if !dir.is_dir() {
        check.error(
            &["theme"],
            format!("theme folder `{}` does not exist", dir.display()),
            "remove `theme:` to use the built-in theme",
        );
    }
    Some(dir)
}

/// `--out` (from where neokit runs), `output:` (from the kit folder), or `public/`.
fn output_dir(overrides: &Overrides, raw: &RawConfig, kit_dir: &Path) -> PathBuf {
    match (&overrides.output, &raw.output) {
        (Some(dir), _) => std::env::current_dir().map(|cwd| cwd.join(dir)).unwrap_or_else(|_| dir.clone()),
        (None, Some(dir)) => kit_dir.join(dir),
        (None, None) => kit_dir.join("public"),
    }
}

/// `people:`: who does each role, with their photos checked.
fn people_by_role(
    people: BTreeMap<String, raw::OneOrMany<raw::RawPerson>>,
    kit_dir: &Path,
    check: &mut Checker,
) -> BTreeMap<String, Vec<Person>> {
    let mut map = BTreeMap::new();
    for (role, entries) in people {
        let list = entries
            .into_vec()
            .into_iter()
            .map(|person| {
                let photo = person.photo.as_ref().and_then(|p| {
                    let path = kit_dir.join(p);
                    if path.is_file() {
                        return Some(path);
                    }
                    check.error(
                        &["people", &role],
                        format!("photo `{p}` of {} does not exist", person.name),
                        "paths are relative to the kit folder",
                    );
                    None
                });
                Person { name: person.name, title: person.title, email: person.email, phone: person.phone, photo }
            })
            .collect();
        map.insert(role, list);
    }
    map
}

/// `downloads:`: the page's title and folder, unless it is switched off.
fn downloads(written: Option<raw::RawDownloads>, check: &mut Checker) -> Option<(String, String)> {
    match written {
        Some(raw::RawDownloads::Switch(false)) => None,
        None | Some(raw::RawDownloads::Switch(true)) => Some(("Downloads".to_string(), "downloads/".to_string())),
        Some(raw::RawDownloads::Page(page)) => {
            let folder = page.path.as_deref().unwrap_or("downloads").trim_matches('/').to_string();
            check.site_folder(&["downloads", "path"], &folder, "downloads");
            Some((page.title.unwrap_or_else(|| "Downloads".into()), format!("{folder}/")))
        }
    }
}

fn last_updated(raw: &RawConfig, check: &mut Checker) -> LastUpdated {
    match raw.last_updated.as_deref() {
        None | Some("auto") => LastUpdated::Auto,
        Some("git") => LastUpdated::Git,
        Some("file") => LastUpdated::File,
        Some("off") | Some("false") => LastUpdated::Off,
        Some(other) => {
            check.error(
                &["last_updated"],
                format!("`last_updated: {other}` is not a choice"),
                "use `auto`, `git`, `file` or `off`",
            );
            LastUpdated::Auto
        }
    }
}

fn print_page(raw: &RawConfig, check: &mut Checker) -> PrintPage {
    match &raw.print {
        None => PrintPage::UpTo(1000),
        Some(raw::BoolOrText::Bool(true)) => PrintPage::Always,
        Some(raw::BoolOrText::Bool(false)) => PrintPage::Never,
        Some(raw::BoolOrText::Text(word)) if word == "auto" => PrintPage::UpTo(1000),
        Some(raw::BoolOrText::Text(word)) => {
            check.error(&["print"], format!("`print: {word}` is not a choice"), "use `auto`, `true` or `false`");
            PrintPage::UpTo(1000)
        }
    }
}

fn check_edit_url(raw: &RawConfig, check: &mut Checker) {
    if let Some(url) = &raw.edit_url
        && !url.contains("{path}")
    {
        check.error(
            &["edit_url"],
            "`edit_url` has no `{path}`".into(),
            "write the address with {path} where the file's path goes, e.g. https://github.com/org/kit/edit/main/{path}",
        );
    }
}

fn embeds(raw: &RawConfig, check: &mut Checker) -> EmbedMode {
    match raw.embeds.as_deref() {
        None | Some("card") | Some("cards") => EmbedMode::Card,
        Some("iframe") => EmbedMode::Iframe,
        Some(other) => {
            check.error(
                &["embeds"],
                format!("`embeds: {other}` is not a choice"),
                "use `card` (default, no outside requests) or `iframe`",
            );
            EmbedMode::Card
        }
    }
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|part| !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && tag.split('-').next().is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `https://host/path` -> `https://host/path/`; `None` when it is not an http(s) address.
fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(char::is_whitespace) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("nl"));
        assert!(!is_language_tag("english language"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("12"));
    }

    #[test]
    fn base_urls() {
        assert_eq!(normalize_base_url("https://x.org/kits/neoflix").as_deref(), Some("https://x.org/kits/neoflix/"));
        assert_eq!(normalize_base_url("http://intranet/").as_deref(), Some("http://intranet/"));
        assert_eq!(normalize_base_url("intranet/kits"), None);
        assert_eq!(normalize_base_url("https://"), None);
    }
}
