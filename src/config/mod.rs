//! Configuration: `neokit.yaml` and `.gitbook.yaml` turned into one checked [`Config`].
//!
//! Input: the kit folder and command-line overrides. Output: a [`Config`] whose paths are
//! absolute and whose values are validated, plus diagnostics. Nothing after this stage
//! re-checks configuration. `neokit.yaml` is optional: a plain GitBook repository builds with
//! defaults.

pub mod brand;
pub mod gitbook;
pub mod raw;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;
use brand::Color;
use gitbook::GitbookConfig;

pub const CONFIG_FILE: &str = "neokit.yaml";

/// How `{% embed %}` blocks are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbedMode {
    /// A link card: no request leaves the site.
    #[default]
    Card,
    /// Privacy-friendly players (youtube-nocookie, Vimeo with do-not-track) as iframes; other
    /// URLs stay link cards.
    Iframe,
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
}

/// The validated configuration of one kit.
#[derive(Debug, Clone)]
pub struct Config {
    /// The kit folder (absolute).
    pub kit_dir: PathBuf,
    /// `neokit.yaml`, when the kit has one.
    pub config_file: Option<PathBuf>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: String,
    /// Public address with a trailing `/`, when known.
    pub base_url: Option<String>,
    /// The content root: the folder the GitBook paths (SUMMARY, README, assets) are relative to.
    pub content_root: PathBuf,
    /// `.gitbook.yaml` settings (defaults when there is none).
    pub gitbook: GitbookConfig,
    /// `.gitbook.yaml` itself, when there is one.
    pub gitbook_file: Option<PathBuf>,
    /// A theme folder on disk overriding the built-in theme (`None` = built-in only).
    pub theme_dir: Option<PathBuf>,
    /// Where the site is written (absolute).
    pub output_dir: PathBuf,
    pub brand: Brand,
    pub embeds: EmbedMode,
    /// Whether the site has a search box and index.
    pub search: bool,
    /// Publish raw HTML as written, scripts and event handlers included.
    pub allow_raw_html: bool,
    pub last_updated: LastUpdated,
    /// `edit_url` with `{path}` to fill in.
    pub edit_url: Option<String>,
    pub print: PrintPage,
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
    /// The shared guide this kit is a local version of, when it is one.
    pub upstream: Option<Upstream>,
    /// Web servers whose configuration files are written into the site (`deploy.server`).
    pub deploy: Vec<Server>,
    /// `governance:`, when the kit sets it.
    pub governance: Option<crate::governance::Settings>,
    /// `languages:`: the kit's translations (language code, folder and title).
    pub languages: Vec<(String, crate::spaces::LanguageEntry)>,
    /// Folders inside the content that are not part of it (other spaces of the site).
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
    /// `remove:` entries, where each is written.
    pub remove: Vec<(String, Location)>,
    /// `summary.add` entries.
    pub add: Vec<SummaryAdd>,
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

/// Reads and checks the configuration of the kit in `kit_dir`. Content mistakes come back as
/// diagnostics (any error among them means the kit cannot be built); unreadable files are
/// `Err`.
pub fn load(kit_dir: &Path, overrides: &Overrides) -> anyhow::Result<(Config, Vec<Diagnostic>)> {
    let kit_dir =
        kit_dir.canonicalize().with_context(|| format!("cannot open the kit folder {}", kit_dir.display()))?;
    let mut diagnostics = Vec::new();
    let config_path = kit_dir.join(CONFIG_FILE);
    let (raw, text) = if config_path.is_file() {
        let text =
            std::fs::read_to_string(&config_path).with_context(|| format!("cannot read {}", config_path.display()))?;
        // Every wrong key is reported; the others still apply, so `check` can go on.
        let (raw, errors) = yaml::parse_all::<raw::RawConfig>(&yaml::strip_invisible(&text));
        for error in errors {
            let mut d = Diagnostic::error("invalid-config", error.message).at(Location::new(
                CONFIG_FILE,
                error.line,
                error.col,
            ));
            if let Some(help) = error.help {
                d = d.with_help(help);
            }
            diagnostics.push(d);
        }
        (raw.unwrap_or_default(), text)
    } else {
        (raw::RawConfig::default(), String::new())
    };
    let config_file = config_path.is_file().then_some(config_path);

    let upstream = raw.upstream.as_ref().and_then(|up| {
        let position = yaml::key_position(&text, &["upstream", "path"]).unwrap_or((0, 0));
        let at = Location::new(CONFIG_FILE, position.0, position.1);
        let error = |message: String, help: &str| Diagnostic::error("invalid-upstream", message).at(at.clone()).with_help(help);
        let dir = match kit_dir.join(&up.path).canonicalize() {
            Ok(dir) if dir.is_dir() => dir,
            _ => {
                diagnostics.push(error(
                    format!("the upstream kit `{}` does not exist", up.path),
                    "`upstream.path` is the folder of the shared guide, relative to this file (a git submodule, a checkout or an unzipped release)",
                ));
                return None;
            }
        };
        if dir == kit_dir || kit_dir.starts_with(&dir) {
            let what = if dir == kit_dir { "is this kit itself" } else { "contains this kit" };
            diagnostics.push(error(
                format!("the upstream kit `{}` {what}", up.path),
                "point `upstream.path` at the shared guide's own folder, beside or inside this kit",
            ));
            return None;
        }
        let is_kit = ["SUMMARY.md", "README.md", ".gitbook.yaml", "readme.md"].iter().any(|f| dir.join(f).is_file());
        if !is_kit {
            diagnostics.push(error(
                format!("`{}` is not a kit: it has no SUMMARY.md, README.md or .gitbook.yaml", up.path),
                "point `upstream.path` at the folder that holds the shared guide's SUMMARY.md",
            ));
            return None;
        }
        if raw.content.is_some() {
            let (line, col) = yaml::key_position(&text, &["content"]).unwrap_or((0, 0));
            diagnostics.push(
                Diagnostic::error("invalid-upstream", "`content` and `upstream` cannot both be set")
                    .at(Location::new(CONFIG_FILE, line, col))
                    .with_help("a kit built on an upstream guide takes its content from it; local pages go in the overlay folder"),
            );
        }
        let overlay_written = raw.overlay.clone().unwrap_or_else(|| "overlay".into());
        let overlay_dir = kit_dir.join(&overlay_written);
        let (line, col) = yaml::key_position(&text, &["overlay"]).unwrap_or((0, 0));
        let overlay_at = Location::new(CONFIG_FILE, line, col);
        if RelPathCheck::escapes(&overlay_written) || overlay_written.trim_matches(['/', '.']).is_empty() {
            diagnostics.push(
                Diagnostic::error("invalid-overlay", format!("the overlay folder `{overlay_written}` is not a folder inside this kit"))
                    .at(overlay_at)
                    .with_help("use a folder name such as `overlay`"),
            );
        } else if raw.overlay.is_some() && !overlay_dir.is_dir() {
            diagnostics.push(
                Diagnostic::error("invalid-overlay", format!("the overlay folder `{overlay_written}` does not exist"))
                    .at(overlay_at)
                    .with_help("create it, or remove `overlay:` to use the default folder `overlay`"),
            );
        } else if overlay_dir.canonicalize().is_ok_and(|o| o.starts_with(&dir) || dir.starts_with(&o)) {
            diagnostics.push(
                Diagnostic::error("invalid-overlay", "the overlay folder and the upstream kit overlap")
                    .at(overlay_at)
                    .with_help("keep local changes in their own folder, beside the upstream kit"),
            );
        }
        let remove = raw
            .remove
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let (line, col) = yaml::item_position(&text, &["remove"], i).unwrap_or((0, 0));
                (page.trim().trim_start_matches("./").to_string(), Location::new(CONFIG_FILE, line, col))
            })
            .collect();
        let mut add = Vec::new();
        for (i, entry) in raw.summary.add.iter().enumerate() {
            let (line, col) = yaml::item_position(&text, &["summary", "add"], i).unwrap_or((0, 0));
            let location = Location::new(CONFIG_FILE, line, col);
            let places: Vec<(Place, &String)> = [(Place::After, &entry.after), (Place::Before, &entry.before), (Place::Under, &entry.under)]
                .into_iter()
                .filter_map(|(place, target)| target.as_ref().map(|t| (place, t)))
                .collect();
            let [(place, target)] = places[..] else {
                diagnostics.push(
                    Diagnostic::error("invalid-summary-add", format!("`{}` needs exactly one of `after:`, `before:` or `under:`", entry.page))
                        .at(location)
                        .with_help("e.g. `after: welcome/who-is-this-for.md` places it after that page in the navigation"),
                );
                continue;
            };
            add.push(SummaryAdd {
                page: entry.page.trim().trim_start_matches("./").to_string(),
                place,
                target: target.trim().trim_start_matches("./").to_string(),
                title: entry.title.clone(),
                location,
            });
        }
        Some(Upstream { dir, written: up.path.clone(), version: up.version.clone(), overlay_dir, remove, add })
    });
    if raw.upstream.is_none() {
        for key in ["overlay", "remove", "summary"] {
            if let Some((line, col)) = yaml::key_position(&text, &[key]) {
                diagnostics.push(
                    Diagnostic::error("invalid-config", format!("`{key}` needs `upstream:`"))
                        .at(Location::new(CONFIG_FILE, line, col))
                        .with_help(
                            "overlays change a shared guide: name it with `upstream: { path: ..., version: ... }`",
                        ),
                );
            }
        }
    }

    let mut check = Checker { text: &text, diagnostics: &mut diagnostics };

    let language = match raw.language {
        Some(lang) if is_language_tag(&lang) => lang,
        Some(lang) => {
            check.error(
                &["language"],
                format!("`{lang}` is not a language tag"),
                "use a tag such as `en`, `nl` or `en-GB`",
            );
            "en".into()
        }
        None => "en".into(),
    };

    let base_url = match overrides.base_url.clone().or(raw.base_url) {
        Some(url) => match normalize_base_url(&url) {
            Some(url) => Some(url),
            None => {
                check.error(
                    &["base_url"],
                    format!("`{url}` is not a web address"),
                    "use a full address such as `https://intranet.example.org/kits/neoflix/`",
                );
                None
            }
        },
        None => None,
    };

    let content_dir = match &raw.content {
        _ if upstream.is_some() => upstream.as_ref().map(|u| u.dir.clone()).unwrap_or_default(),
        Some(dir) => {
            let path = kit_dir.join(dir);
            if !path.is_dir() {
                check.error(
                    &["content"],
                    format!("content folder `{dir}` does not exist"),
                    "create it or fix the path",
                );
            }
            path
        }
        None => kit_dir.clone(),
    };

    let gitbook_path = content_dir.join(".gitbook.yaml");
    let (gitbook, gitbook_file) = if gitbook_path.is_file() {
        let text = std::fs::read_to_string(&gitbook_path)
            .with_context(|| format!("cannot read {}", gitbook_path.display()))?;
        let shown = display_path(&kit_dir, &gitbook_path);
        let (gitbook, problems) = gitbook::parse(&text, &shown);
        diagnostics.extend(problems);
        (gitbook, Some(gitbook_path))
    } else {
        (GitbookConfig::default(), None)
    };
    let content_root = content_dir.join(&gitbook.root);
    if content_dir.is_dir() && !content_root.is_dir() {
        diagnostics.push(
            Diagnostic::error("missing-root", format!("`root: {}` in .gitbook.yaml is not a folder", gitbook.root))
                .at(Location::file(display_path(&kit_dir, &content_dir.join(".gitbook.yaml")))),
        );
    }

    let mut check = Checker { text: &text, diagnostics: &mut diagnostics };
    let theme_dir = match (&overrides.theme, &raw.theme) {
        (Some(dir), _) => Some(dir.clone()),
        (None, Some(name)) if name == "default" || name == "builtin" => None,
        (None, Some(dir)) => Some(kit_dir.join(dir)),
        (None, None) => None,
    };
    if let Some(dir) = &theme_dir
        && !dir.is_dir()
    {
        check.error(
            &["theme"],
            format!("theme folder `{}` does not exist", dir.display()),
            "remove `theme:` to use the built-in theme",
        );
    }

    let output_dir = match (&overrides.output, &raw.output) {
        (Some(dir), _) => std::env::current_dir().map(|cwd| cwd.join(dir)).unwrap_or_else(|_| dir.clone()),
        (None, Some(dir)) => kit_dir.join(dir),
        (None, None) => kit_dir.join("public"),
    };

    let mut people = None;
    if let Some(raw_people) = raw.people.clone() {
        let mut map = BTreeMap::new();
        for (role, entries) in raw_people {
            let mut list = Vec::new();
            for (index, person) in entries.into_vec().into_iter().enumerate() {
                let _ = index;
                let photo = person.photo.as_ref().and_then(|p| {
                    let path = kit_dir.join(p);
                    if path.is_file() {
                        Some(path)
                    } else {
                        check.error(
                            &["people", &role],
                            format!("photo `{p}` of {} does not exist", person.name),
                            "paths are relative to the kit folder",
                        );
                        None
                    }
                });
                list.push(Person {
                    name: person.name,
                    title: person.title,
                    email: person.email,
                    phone: person.phone,
                    photo,
                });
            }
            map.insert(role, list);
        }
        people = Some(map);
    }
    let downloads = match raw.downloads.clone() {
        Some(raw::RawDownloads::Switch(false)) => None,
        None | Some(raw::RawDownloads::Switch(true)) => Some(("Downloads".to_string(), "downloads/".to_string())),
        Some(raw::RawDownloads::Page(page)) => {
            let folder = page.path.as_deref().unwrap_or("downloads").trim_matches('/').to_string();
            if folder.is_empty() || RelPathCheck::escapes(&folder) {
                check.error(
                    &["downloads", "path"],
                    format!("`{folder}` is not a folder inside the site"),
                    "use a simple name such as `downloads`",
                );
            }
            Some((page.title.unwrap_or_else(|| "Downloads".into()), format!("{folder}/")))
        }
    };
    let mut file = |key: &str, value: &Option<String>| -> Option<PathBuf> {
        let value = value.as_ref()?;
        let path = kit_dir.join(value);
        if path.is_file() {
            Some(path)
        } else {
            check.error(
                &["brand", key],
                format!("`brand.{key}` file `{value}` does not exist"),
                "paths are relative to the kit folder",
            );
            None
        }
    };
    let logo = file("logo", &raw.brand.logo);
    let logo_dark = file("logo_dark", &raw.brand.logo_dark);
    let favicon = file("favicon", &raw.brand.favicon);
    let font = file("font", &raw.brand.font);
    let heading_font = file("heading_font", &raw.brand.heading_font);
    for (key, path) in [("font", &font), ("heading_font", &heading_font)] {
        if let Some(problem) = path.as_deref().and_then(brand::font_problem) {
            check.error(&["brand", key], problem, "use a font file: `.woff2`, `.woff`, `.ttf` or `.otf`");
        }
    }
    let (font, heading_font) =
        (font.filter(|p| brand::font_problem(p).is_none()), heading_font.filter(|p| brand::font_problem(p).is_none()));
    let coloured_header = match raw.brand.header.as_deref() {
        None | Some("plain") => false,
        Some("coloured" | "colored") => true,
        Some(other) => {
            check.error(
                &["brand", "header"],
                format!("`header: {other}` is not a choice"),
                "use `plain` (the page's background) or `coloured` (the main brand colour)",
            );
            false
        }
    };
    let last_updated = match raw.last_updated.as_deref() {
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
    };
    let print = match &raw.print {
        None => PrintPage::UpTo(1000),
        Some(raw::BoolOrText::Bool(true)) => PrintPage::Always,
        Some(raw::BoolOrText::Bool(false)) => PrintPage::Never,
        Some(raw::BoolOrText::Text(word)) if word == "auto" => PrintPage::UpTo(1000),
        Some(raw::BoolOrText::Text(word)) => {
            check.error(&["print"], format!("`print: {word}` is not a choice"), "use `auto`, `true` or `false`");
            PrintPage::UpTo(1000)
        }
    };
    if let Some(url) = &raw.edit_url
        && !url.contains("{path}")
    {
        check.error(&["edit_url"], "`edit_url` has no `{path}`".into(), "write the address with {path} where the file's path goes, e.g. https://github.com/org/kit/edit/main/{path}");
    }
    let embeds = match raw.embeds.as_deref() {
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
    };
    let mut colour = |key: &str, value: &Option<String>, default: Color| match value {
        Some(text) => Color::parse(text).unwrap_or_else(|| {
            check.error(
                &["brand", key],
                format!("`{text}` is not a colour"),
                "write colours as `#rrggbb`, e.g. `#0b6e6e`",
            );
            default
        }),
        None => default,
    };
    let primary = colour("primary_color", &raw.brand.primary_color, brand::DEFAULT_PRIMARY);
    let accent = colour("accent_color", &raw.brand.accent_color, brand::DEFAULT_ACCENT);
    for (key, value) in [("primary_color", primary), ("accent_color", accent)] {
        let text = value.readable_text();
        let on = value.contrast(text);
        if on < 4.5 {
            check.warn(
                &["brand", key],
                format!("text on `{value}` reaches only {on:.1}:1 contrast (WCAG AA needs 4.5:1)"),
                "choose a darker or lighter shade for buttons and badges",
            );
        }
        let as_text = value.contrast(Color::WHITE);
        if as_text < 4.5 {
            let used = value.adjusted_for_contrast(Color::WHITE, Color::BLACK, 4.5);
            check.warn(
                &["brand", key],
                format!(
                    "`{value}` as text on white reaches only {as_text:.1}:1 contrast; links and labels use `{used}` ({:.1}:1) instead",
                    used.contrast(Color::WHITE)
                ),
                "this is automatic; set a darker colour to choose the shade yourself",
            );
        }
    }

    let deploy = deploy_servers(raw.deploy.as_ref(), &text, &mut diagnostics);
    let governance = raw.governance.as_ref().map(|g| governance_settings(g, &text, &mut diagnostics));

    let config = Config {
        kit_dir,
        config_file,
        title: raw.title.filter(|t| !t.trim().is_empty()),
        description: raw.description,
        language,
        base_url,
        content_root,
        gitbook,
        gitbook_file,
        theme_dir,
        output_dir,
        brand: Brand {
            name: raw.brand.name,
            url: raw.brand.url,
            font,
            heading_font,
            footer: raw.brand.footer,
            contact: Contact {
                name: raw.brand.contact.name,
                email: raw.brand.contact.email,
                phone: raw.brand.contact.phone,
                note: raw.brand.contact.note,
            },
            logo,
            logo_dark,
            favicon,
            show_title: raw.brand.show_title.unwrap_or(true) || raw.brand.logo.is_none(),
            coloured_header,
            primary,
            accent,
        },
        embeds,
        search: raw.search.unwrap_or(true),
        allow_raw_html: raw.allow_raw_html.unwrap_or(false),
        last_updated,
        edit_url: raw.edit_url,
        print,
        faqs: raw.faqs.iter().map(|p| p.trim().trim_start_matches("./").to_string()).collect(),
        roles: raw
            .roles
            .map(|r| r.into_vec())
            .unwrap_or_default()
            .iter()
            .map(|p| p.trim().trim_start_matches("./").trim_end_matches('/').to_string())
            .collect(),
        people,
        downloads,
        vars: raw.vars.unwrap_or_default(),
        upstream,
        deploy,
        governance,
        languages: raw.languages.into_iter().collect(),
        exclude: Vec::new(),
    };
    Ok((config, diagnostics))
}

impl Config {
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
}

/// `path` relative to the kit folder, with `..` when it is beside it (`../neoflix-guide/a.md`).
fn display_path(kit_dir: &Path, path: &Path) -> PathBuf {
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

/// Reports problems with values of `neokit.yaml`, located at their key.
struct Checker<'a> {
    text: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn warn(&mut self, key: &[&str], message: String, help: &str) {
        let (line, col) = yaml::key_position(self.text, key).unwrap_or((0, 0));
        self.diagnostics.push(
            Diagnostic::warning("brand-contrast", message).at(Location::new(CONFIG_FILE, line, col)).with_help(help),
        );
    }

    fn error(&mut self, key: &[&str], message: String, help: &str) {
        let (line, col) = yaml::key_position(self.text, key).unwrap_or((0, 0));
        self.diagnostics.push(
            Diagnostic::error("invalid-config", message).at(Location::new(CONFIG_FILE, line, col)).with_help(help),
        );
    }
}

/// `deploy.server`: one server name or a list of them, each checked where it is written.
fn deploy_servers(deploy: Option<&raw::RawDeploy>, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Server> {
    let Some(names) = deploy.and_then(|d| d.server.clone()) else { return Vec::new() };
    let known: Vec<&str> = Server::ALL.iter().map(|(name, _)| *name).collect();
    let mut servers = Vec::new();
    for name in names.into_vec() {
        let word = name.trim().to_ascii_lowercase();
        match Server::ALL.iter().find(|(known, _)| *known == word) {
            Some((_, server)) => {
                if !servers.contains(server) {
                    servers.push(*server);
                }
            }
            None => {
                let (line, col) = value_position(text, "deploy", &name).unwrap_or((0, 0));
                let help = match yaml::did_you_mean(&word, &known) {
                    Some(best) => format!("did you mean `{best}`? neokit writes files for {}", known.join(", ")),
                    None => format!(
                        "neokit writes files for {}; other servers are described in docs/publishing.md",
                        known.join(", ")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-config",
                        format!("`deploy.server: {name}` is not a server neokit knows"),
                    )
                    .at(Location::new(CONFIG_FILE, line, col))
                    .with_help(help),
                );
            }
        }
    }
    servers.sort();
    servers
}

/// `governance:`: each value checked where it is written.
fn governance_settings(
    raw: &raw::RawGovernance,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> crate::governance::Settings {
    use crate::governance::{Expired, GeneratedPage, PERIOD_HELP, Period, Settings};
    let mut check = Checker { text, diagnostics };
    let defaults = Settings::default();
    let mut period = |key: &str, value: &Option<String>| {
        value.as_deref().and_then(|v| match Period::parse(v) {
            Ok(period) => Some(period),
            Err(message) => {
                check.error(&["governance", key], format!("`governance.{key}`: {message}"), PERIOD_HELP);
                None
            }
        })
    };
    let review_every = period("review_every", &raw.review_every);
    let warn_before = period("warn_before", &raw.warn_before).unwrap_or(defaults.warn_before);
    let expired = match raw.expired.as_deref().map(str::trim) {
        None | Some("banner") => Expired::Banner,
        Some("hide") => Expired::Hide,
        Some("error") => Expired::Error,
        Some(other) => {
            check.error(
                &["governance", "expired"],
                format!("`governance.expired: {other}` is not a choice"),
                "use `banner` (publish with a banner), `hide` (say it is being reviewed instead of its text) or `error` (stop the build)",
            );
            Expired::Banner
        }
    };
    let mut page = |key: &str, value: &Option<raw::RawGeneratedPage>, default: Option<GeneratedPage>| match value {
        None | Some(raw::RawGeneratedPage::Switch(true)) => default,
        Some(raw::RawGeneratedPage::Switch(false)) => None,
        Some(raw::RawGeneratedPage::Page(settings)) => {
            let default =
                default.unwrap_or_else(|| GeneratedPage { title: None, path: String::new(), navigation: false });
            let folder =
                settings.path.as_deref().unwrap_or(default.path.trim_end_matches('/')).trim_matches('/').to_string();
            if folder.is_empty() || RelPathCheck::escapes(&folder) {
                check.error(
                    &["governance", key, "path"],
                    format!("`{folder}` is not a folder inside the site"),
                    "use a simple name such as `page-status`",
                );
            }
            Some(GeneratedPage {
                title: settings.title.clone(),
                path: format!("{folder}/"),
                navigation: settings.navigation.unwrap_or(false),
            })
        }
    };
    let status_page = page("status_page", &raw.status_page, defaults.status_page.clone());
    let changes_page = page("changes_page", &raw.changes_page, defaults.changes_page.clone());
    let owner_at = yaml::key_position(text, &["governance", "owner"]).map(|(line, col)| {
        let line_text = text.lines().nth(line - 1).unwrap_or("");
        let after = col - 1 + "owner".len();
        let skip = line_text.get(after..).unwrap_or("").find(|c: char| c != ':' && c != ' ').unwrap_or(0);
        Location::new(CONFIG_FILE, line, after + 1 + skip)
    });
    Settings {
        review_every,
        owner: raw.owner.as_ref().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
        owner_at,
        warn_before,
        expired,
        status_page,
        changes_page,
    }
}

/// Line and column (1-based) of `value` written under the top-level key `key`, in block or
/// flow style (`deploy: { server: [iis, ngnix] }`); the key's own position when not found.
fn value_position(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, key_col) = yaml::key_position(text, &[key])?;
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    for (number, line) in text.lines().enumerate().skip(key_line - 1) {
        let trimmed = line.trim_start();
        if number + 1 > key_line
            && !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && line.len() - trimmed.len() < key_col
        {
            break;
        }
        // After the key on its own line; the whole line below it.
        let start = if number + 1 == key_line { key_col - 1 + key.len() + 1 } else { 0 };
        let code = line.split(" #").next().unwrap_or(line);
        let mut from = start;
        while let Some(found) = code.get(from..).and_then(|rest| rest.find(value)) {
            let at = from + found;
            let before = code[..at].chars().next_back();
            let after = code[at + value.len()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                return Some((number + 1, at + 1));
            }
            from = at + value.len();
        }
    }
    Some((key_line, key_col))
}

/// Checks on folder names written in the configuration.
struct RelPathCheck;

impl RelPathCheck {
    fn escapes(path: &str) -> bool {
        crate::paths::RelPath::new(path).is_none() || path.starts_with('/')
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
    fn values_are_found_where_they_are_written() {
        let block = "title: A\ndeploy:\n  server:\n    - iis\n    - ngnix # typo\n";
        assert_eq!(value_position(block, "deploy", "ngnix"), Some((5, 7)));
        let flow = "deploy: { server: [iis, ngnix] }\n";
        assert_eq!(value_position(flow, "deploy", "ngnix"), Some((1, 25)));
        // A word inside another is not it; the key is the fallback.
        assert_eq!(value_position("deploy:\n  server: nginx-x\n", "deploy", "nginx"), Some((1, 1)));
    }

    #[test]
    fn base_urls() {
        assert_eq!(normalize_base_url("https://x.org/kits/neoflix").as_deref(), Some("https://x.org/kits/neoflix/"));
        assert_eq!(normalize_base_url("http://intranet/").as_deref(), Some("http://intranet/"));
        assert_eq!(normalize_base_url("intranet/kits"), None);
        assert_eq!(normalize_base_url("https://"), None);
    }
}
