//! Translations that say when they are out of date.
//!
//! Each translated page is pinned, in `neokit.lock`, to the text of the source page it was
//! translated from: the one pin mechanism of [`crate::pins`] (kind `translation`, with the
//! language and the translated page), with a base copy of that text. When the source page
//! changes, the translation is out of date in exactly the sections whose text changed; the
//! translator sees the changed sentences (`neokit drift --lang nl`, in the terminal or as a web
//! page), the translated page shows a banner naming them, and `neokit adopt --lang nl PAGE`
//! pins the page again once the translator has updated it. Nothing here writes into a page.
//!
//! Input: the site's spaces with their pages (paired by path or `translation_of:`) and the
//! lock (a build's is read once and shared: [`build_lock`]). Each page is compared from texts
//! alone ([`compare`]: the pin, the source's text now, the base copy's); [`items`] reads the
//! base copies for it. Output: one [`Item`] per translated page, the source pages not
//! translated yet, and a [`Report`] (human, HTML and JSON, the same shape as the overlay's
//! drift report; the sentences, the terminal's lines and the web page come from the overlay's
//! [`crate::overlay::wording`], so both read alike), and what `adopt --all` would do
//! ([`plan_all`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::config;
use crate::governance::Day;
use crate::kit::{self, Kit};
use crate::overlay::drift::{Status, pin_status};
use crate::overlay::wording::{self, Change};
use crate::pins::{self, Base, Kind, Lock, LockOnce, Pin};
use crate::site;
use crate::spaces::{SiteMap, config_for, discover};
use neokit_core::diagnostics::{Diagnostic, Location, Severity};
use neokit_core::htmltext::escape;
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_core::yaml::did_you_mean;
use neokit_document::markdown::frontmatter::translation_of;

/// The format version of `neokit drift --lang ... --format json`; fields are only ever added.
pub const FORMAT_VERSION: u32 = 1;

/// One space's pages, as translations are paired.
pub struct SpacePages<'a> {
    pub language: String,
    pub tree: &'a SourceTree,
    /// Each page (relative to the space's root) and the source page it names with
    /// `translation_of:`.
    pub pages: Vec<(RelPath, Option<String>)>,
}

/// Which spaces are translations of which: `(translated space, source space)`. The source of a
/// space is the default variant of its section (the one at the section's folder), when their
/// languages differ.
pub fn pairs_of_spaces(map: &SiteMap) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for index in 0..map.spaces.len() {
        let variants = map.variants(index);
        let Some(&source) = variants.iter().min_by_key(|&&v| map.spaces[v].prefix.len()) else { continue };
        let language = |i: usize| map.spaces[i].language.as_deref();
        if source != index && language(source) != language(index) {
            found.push((index, source));
        }
    }
    found
}

/// A translated page and the source page it pairs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub language: String,
    /// The translated page, relative to its space's root, and as shown from the kit folder.
    pub page: RelPath,
    pub file: String,
    /// The source page, relative to the source space's root, and as shown from the kit folder.
    pub source: RelPath,
    pub source_file: String,
}

/// Translated pages whose `translation_of:` names no page of the source: an error at the key.
pub fn unknown_sources(translated: &SpacePages, source: &SpacePages) -> Vec<Diagnostic> {
    let source_pages: HashSet<&RelPath> = source.pages.iter().map(|(p, _)| p).collect();
    let mut found = Vec::new();
    for (page, of) in &translated.pages {
        let Some(of) = of else { continue };
        let named = RelPath::new(of.trim().trim_start_matches("./").trim_start_matches('/'));
        if named.as_ref().is_some_and(|n| source_pages.contains(n)) {
            continue;
        }
        let text = translated.tree.read_text(page).unwrap_or_default();
        let line = text.lines().position(|l| l.trim_start().starts_with("translation_of:")).map_or(0, |i| i + 1);
        let shown = translated.tree.shown(page);
        let known: Vec<&str> = source.pages.iter().map(|(p, _)| p.as_str()).collect();
        let help = match did_you_mean(of.trim(), &known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("name a page of the {} pages, as its SUMMARY.md lists it", source.language),
        };
        found.push(
            Diagnostic::error("translation-of", format!("`translation_of: {of}` names no page of the original"))
                .at(if line > 0 { Location::new(&shown, line, 1) } else { Location::file(&shown) })
                .with_help(help),
        );
    }
    found
}

/// The pairs of one translated space with its source, and the source pages it lacks.
pub fn pair_pages(translated: &SpacePages, source: &SpacePages) -> (Vec<Pair>, Vec<RelPath>) {
    let source_pages: HashSet<&RelPath> = source.pages.iter().map(|(p, _)| p).collect();
    let mut pairs = Vec::new();
    for (page, of) in &translated.pages {
        let key = match of {
            Some(of) => RelPath::new(of.trim().trim_start_matches("./").trim_start_matches('/')),
            None => Some(page.clone()),
        };
        if let Some(key) = key.filter(|k| source_pages.contains(k)) {
            pairs.push(Pair {
                language: translated.language.clone(),
                file: shown(translated.tree, page),
                page: page.clone(),
                source_file: shown(source.tree, &key),
                source: key,
            });
        }
    }
    let covered: HashSet<&RelPath> = pairs.iter().map(|p| &p.source).collect();
    let missing = source.pages.iter().map(|(p, _)| p).filter(|p| !covered.contains(p)).cloned().collect();
    (pairs, missing)
}

fn shown(tree: &SourceTree, path: &RelPath) -> String {
    tree.shown(path).to_string_lossy().replace('\\', "/")
}

/// A translated page and how it stands against its source.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The translated page, as shown from the kit folder (`nl/toestemming.md`).
    pub path: String,
    pub language: String,
    /// The source page it was translated from.
    pub source: String,
    pub status: Status,
    /// Changed source sections, by anchor ("" is the text before the first heading).
    pub sections: Vec<String>,
    /// Their headings as the source shows them now (for the banner).
    #[serde(skip)]
    pub titles: Vec<String>,
    /// Unified diff of the source page from the pinned text to today's ("" when unknown or none).
    pub diff: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The source's changed sentences, as pinned and as they are now (empty when unknown or
    /// none), for translators who do not read diffs.
    pub changes: Vec<Change>,
    /// The pages' paths inside their spaces.
    #[serde(skip)]
    pub pair: Option<Pair>,
}

impl Item {
    /// A `check` warning for a translation that is not current.
    pub fn diagnostic(&self) -> Diagnostic {
        let message = match self.status {
            Status::Current => format!("the translation of `{}` is current", self.source),
            Status::Changed if self.sections.is_empty() => {
                format!("`{}` changed since it was translated", self.source)
            }
            Status::Changed => format!(
                "`{}` changed since it was translated (sections: {})",
                self.source,
                self.sections.iter().map(|s| if s.is_empty() { "(top)" } else { s }).collect::<Vec<_>>().join(", ")
            ),
            Status::Removed => format!("`{}` is no longer in the source", self.source),
            Status::Unpinned => {
                format!("the translation of `{}` is not pinned, so changes to the source cannot be found", self.source)
            }
        };
        let help = match self.status {
            Status::Unpinned => format!(
                "check it matches `{}` today, then run `neokit adopt --lang {} {}`",
                self.source, self.language, self.path
            ),
            _ => format!(
                "`neokit drift --lang {}` shows the changes; after updating the translation, `neokit adopt --lang {} {}`",
                self.language, self.language, self.path
            ),
        };
        Diagnostic::warning("translation-stale", message).at(Location::file(&self.path)).with_help(help)
    }
}

/// How each translated page stands: pinned source text against today's source text (as
/// `source_text` gives it), compared by [`compare`]; base copies are read from `kit_dir`.
pub fn items(kit_dir: &Path, lock: &Lock, pairs: &[Pair], source_text: &dyn Fn(&Pair) -> Option<String>) -> Vec<Item> {
    let pins = Pins::of(lock);
    pairs.iter().map(|pair| item(kit_dir, pins.of_pair(pair), pair, source_text)).collect()
}

/// One translated page against its pin (found with [`Pins::of_pair`]), as [`items`] tells it.
pub fn item(kit_dir: &Path, pin: Option<&Pin>, pair: &Pair, source_text: &dyn Fn(&Pair) -> Option<String>) -> Item {
    let base = |pin: &Pin| pins::read_base(kit_dir, pin);
    compare_with_pin(pair, pin, source_text(pair).as_deref(), &base)
}

/// A lock's translation pins by the translated page's file and language, found once for all
/// the pages (not by a search of the lock for each).
pub struct Pins<'a>(HashMap<(&'a str, &'a str), &'a Pin>);

impl<'a> Pins<'a> {
    pub fn of(lock: &'a Lock) -> Pins<'a> {
        let mut found = HashMap::new();
        for pin in lock.pins.iter().filter(|pin| pin.kind == Kind::Translation) {
            if let (Some(file), Some(language)) = (pin.translation.as_deref(), pin.language.as_deref()) {
                // The first, as a search of the lock finds it.
                found.entry((file, language)).or_insert(pin);
            }
        }
        Pins(found)
    }

    /// The pin of a translated page.
    pub fn of_pair(&self, pair: &Pair) -> Option<&'a Pin> {
        self.0.get(&(pair.file.as_str(), pair.language.as_str())).copied()
    }
}

/// How one translated page stands against its pin in `lock`, from texts alone: `today` is
/// the source page's text now (`None`: it is gone), `base` tells the pin's base copy (asked
/// for only when the source changed, for the diff and the changed sentences).
pub fn compare(pair: &Pair, lock: &Lock, today: Option<&str>, base: &dyn Fn(&Pin) -> Base) -> Item {
    let pin = lock.pins.iter().find(|p| {
        p.kind == Kind::Translation
            && p.translation.as_deref() == Some(pair.file.as_str())
            && p.language.as_deref() == Some(pair.language.as_str())
    });
    compare_with_pin(pair, pin, today, base)
}

/// [`compare`], the page's pin found.
fn compare_with_pin(pair: &Pair, pin: Option<&Pin>, today: Option<&str>, base: &dyn Fn(&Pin) -> Base) -> Item {
    let mut item = Item {
        path: pair.file.clone(),
        language: pair.language.clone(),
        source: pair.source_file.clone(),
        status: Status::Current,
        sections: Vec::new(),
        titles: Vec::new(),
        diff: String::new(),
        note: None,
        changes: Vec::new(),
        pair: Some(pair.clone()),
    };
    let Some(today) = today else {
        item.status = Status::Removed;
        return item;
    };
    let Some(pin) = pin else {
        item.status = Status::Unpinned;
        return item;
    };
    if pin.path != pair.source_file {
        item.note = Some(format!("pinned to `{}`, now paired with `{}`", pin.path, pair.source_file));
    }
    if pins::hash(today) == pin.fingerprint.hash {
        return item;
    }
    // The one comparison of a pin with today's text, as for a hospital's pages.
    let now = pins::fingerprint(today);
    (item.status, item.sections) = pin_status(pin, None, Some(&now));
    if item.status == Status::Current {
        return item;
    }
    item.titles = item
        .sections
        .iter()
        .map(|anchor| {
            let title = now.sections.iter().chain(&pin.fingerprint.sections).find(|s| &s.anchor == anchor);
            title.map(|s| s.title.clone()).filter(|t| !t.is_empty()).unwrap_or_else(|| anchor.clone())
        })
        .collect();
    match base(pin) {
        Base::Found(base) => {
            item.diff = pins::diff_named(&pair.source_file, "source now", &base, today);
            item.changes = wording::changes(&base, today);
        }
        Base::Missing => item.note = Some("the base copy of the pinned text is missing".into()),
        Base::Altered => item.note = Some("the base copy of the pinned text was edited".into()),
    }
    item
}

/// One language's counts.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageCount {
    pub language: String,
    pub translated: usize,
    pub stale: usize,
    pub unpinned: usize,
    pub missing: usize,
}

/// `neokit drift --lang`: every translated page of the languages asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub languages: Vec<LanguageCount>,
    pub items: Vec<Item>,
    /// Source pages without a translation, per language.
    pub missing: Vec<Missing>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub language: String,
    pub source: String,
}

impl Report {
    pub fn new(items: Vec<Item>, missing: Vec<Missing>) -> Report {
        let mut languages: Vec<String> = items.iter().map(|i| i.language.clone()).collect();
        languages.extend(missing.iter().map(|m| m.language.clone()));
        let mut seen = HashSet::new();
        languages.retain(|l| seen.insert(l.clone()));
        let languages = languages
            .into_iter()
            .map(|language| {
                let of = |status: Status| items.iter().filter(|i| i.language == language && i.status == status).count();
                LanguageCount {
                    translated: items.iter().filter(|i| i.language == language).count(),
                    stale: of(Status::Changed) + of(Status::Removed),
                    unpinned: of(Status::Unpinned),
                    missing: missing.iter().filter(|m| m.language == language).count(),
                    language,
                }
            })
            .collect();
        Report { version: FORMAT_VERSION, languages, items, missing }
    }

    /// The language the report is about, as `--lang` takes it: `all` when it has several.
    pub fn language(&self) -> String {
        match self.languages.as_slice() {
            [one] => one.language.clone(),
            _ => "all".into(),
        }
    }

    /// 0 when every translation is current and pinned, 1 otherwise (for CI).
    pub fn exit_code(&self) -> u8 {
        u8::from(self.items.iter().any(|i| i.status != Status::Current))
    }
}

/// The report as a translator reads it, without colour.
pub fn human(report: &Report) -> String {
    human_painted(report, false)
}

/// The report as a translator reads it: per language, the counts, then each page that is not
/// current with the source's changed sections and sentences (as they were when translated,
/// above how they are now), the changed words marked in colour (`color`) or with `[-…-]` and
/// `{+…+}`; then the source pages not translated yet.
pub fn human_painted(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for count in &report.languages {
        out.push_str(&format!(
            "{}: {} translated, {} out of date, {} not pinned, {} not translated\n",
            count.language, count.translated, count.stale, count.unpinned, count.missing
        ));
    }
    if report.items.iter().any(|i| i.status != Status::Current && !i.changes.is_empty()) {
        out.push_str(&wording::legend(color));
        out.push('\n');
    }
    for item in report.items.iter().filter(|i| i.status != Status::Current) {
        let word = match item.status {
            Status::Changed => "out of date",
            Status::Removed => "source removed",
            Status::Unpinned => "not pinned",
            Status::Current => "current",
        };
        out.push_str(&format!("\n{} ({word}): translation of {}\n", item.path, item.source));
        if !item.sections.is_empty() {
            out.push_str(&format!("  changed sections: {}\n", section_names(item).join(", ")));
        }
        if let Some(note) = &item.note {
            out.push_str(&format!("  note: {note}\n"));
        }
        out.push_str(&wording::terminal(&item.changes, color, "  "));
    }
    if !report.missing.is_empty() {
        out.push_str("\nNot translated yet:\n");
        for missing in &report.missing {
            out.push_str(&format!("  {}: {}\n", missing.language, missing.source));
        }
    }
    if report.exit_code() != 0 {
        out.push_str(&format!(
            "\nBring each translation up to date with its source; then `neokit adopt --lang {} PAGE` (or `--all`) \
records that you did. Translations are never changed.\n",
            report.language()
        ));
    }
    out
}

/// The changed sections of an item as the source names them now.
fn section_names(item: &Item) -> Vec<String> {
    item.sections
        .iter()
        .zip(&item.titles)
        .map(|(anchor, title)| if anchor.is_empty() { "(top of the page)".into() } else { title.clone() })
        .collect()
}

/// What an item's status means, in words, for the web page.
fn status_words(item: &Item) -> &'static str {
    match item.status {
        Status::Current => "up to date with its source",
        Status::Changed => "its source changed since it was translated",
        Status::Removed => "its source is no longer in the guide",
        Status::Unpinned => "not pinned, so changes to its source cannot be found",
    }
}

/// The report as a web page that opens from disk (the overlay's drift page, with a
/// translator's words): each translated page with its source's changed sentences side by side.
/// `text_lang` is the language of the source pages.
pub fn html(report: &Report, text_lang: &str) -> String {
    let language = report.language();
    let adopt = |page: &str| format!("<code>neokit adopt --lang {} {}</code>", escape(&language), escape(page));
    let entries = report
        .items
        .iter()
        .map(|item| {
            let mut details_html = Vec::new();
            if !item.sections.is_empty() && item.changes.is_empty() {
                // Without the sentences (no base copy), at least where the source changed.
                details_html.push(format!("Changed sections: {}.", escape(&section_names(item).join(", "))));
            }
            if let Some(note) = &item.note {
                details_html.push(format!("Note: {}.", wording::code_spans(note)));
            }
            if item.changes.is_empty() && item.status == Status::Changed && item.note.is_none() {
                details_html.push("Only spacing or line breaks changed.".into());
            }
            let next_html = match item.status {
                Status::Current => None,
                Status::Changed => {
                    Some(format!("After bringing what changed into the translation: {}", adopt(&item.path)))
                }
                Status::Unpinned => Some(format!(
                    "Once the translation says what its source says today, start following changes: {}",
                    adopt(&item.path)
                )),
                Status::Removed => Some(
                    "Pair the translation with another source page (<code>translation_of:</code>) or remove it".into(),
                ),
            };
            wording::Entry {
                title: item.path.clone(),
                status: item.status,
                status_html: status_words(item).into(),
                file_html: format!("Translation of <code>{}</code>", escape(&item.source)),
                details_html,
                changes: item.changes.clone(),
                was_html: "Was (when translated)".into(),
                now_html: "Now".into(),
                next_html,
            }
        })
        .collect();
    let mut intro_html = vec![
        "This report shows, page by page, how the source pages changed since each translation was last \
brought up to date with them. Nothing in the translations has been changed."
            .to_string(),
    ];
    for count in &report.languages {
        intro_html.push(format!(
            "{}: {} translated, {} out of date, {} not pinned, {} not translated yet.",
            escape(&count.language),
            wording::plural(count.translated, "page", "pages"),
            count.stale,
            count.unpinned,
            count.missing
        ));
    }
    let page = wording::Page {
        title: format!("Translations to bring up to date ({language})"),
        text_lang: text_lang.to_string(),
        intro_html,
        sides_html: "of the source as they were when the page was translated (left) and as the source has them now \
(right)"
            .into(),
        entries,
        lists: vec![wording::List {
            title: "Not translated yet".into(),
            intro_html: None,
            items_html: report
                .missing
                .iter()
                .map(|m| format!("{}: <code>{}</code>", escape(&m.language), escape(&m.source)))
                .collect(),
        }],
        footer_html: format!(
            "When a translator has brought a translation up to date with its source, {} records it. \
neokit never changes a translation.",
            adopt("PAGE")
        ),
    };
    wording::page_html(&page)
}

/// What `adopt --lang LANGUAGE --all` would record, for a person to read before saying yes:
/// the translations whose source changed, those not pinned yet, those whose source is gone,
/// and how many are current. Writes nothing.
pub fn plan_all(items: &[Item], language: &str) -> Vec<String> {
    let mut lines = vec![format!(
        "`neokit adopt --lang {language} --all` records that a person has brought every translation below up to \
date with its source:"
    )];
    let mut group = |title: &str, status: Status| {
        let entries: Vec<String> = items
            .iter()
            .filter(|i| i.status == status)
            .map(|i| format!("    {} (translation of {})", i.path, i.source))
            .collect();
        if !entries.is_empty() {
            lines.push(format!("  {title}:"));
            lines.extend(entries);
        }
    };
    group("source changed, to be marked up to date", Status::Changed);
    group("not pinned yet, to be pinned to today's source", Status::Unpinned);
    group("source gone: left as they are (pair them with another page first)", Status::Removed);
    let current = items.iter().filter(|i| i.status == Status::Current).count();
    if current > 0 {
        let what = if current == 1 {
            "1 translation whose source is unchanged since it was".to_string()
        } else {
            format!("{current} translations whose source is unchanged since they were")
        };
        lines.push(format!("  and {what} last brought up to date."));
    }
    if lines.len() == 1 {
        lines.push("  there are no translated pages.".into());
    }
    lines
}

/// Pins translated pages (`pages`, as shown from the kit folder, or every page with `all`) of
/// `language` to today's source text. Returns what was done, one line per page.
pub fn adopt(
    kit_dir: &Path,
    lock: &mut Lock,
    items: &[Item],
    pages: &[String],
    all: bool,
    source_text: &dyn Fn(&Pair) -> Option<String>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let wanted: Vec<String> = pages.iter().map(|p| p.trim().trim_start_matches("./").replace('\\', "/")).collect();
    let mut problems = Vec::new();
    for page in &wanted {
        if !items.iter().any(|i| &i.path == page) {
            let known: Vec<&str> = items.iter().map(|i| i.path.as_str()).collect();
            let mut problem = Diagnostic::error("unknown-page", format!("`{page}` is not a translated page"));
            if let Some(close) = did_you_mean(page, &known) {
                problem = problem.with_help(format!("did you mean `{close}`?"));
            }
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let today = Day::today(None).map_err(|e| vec![Diagnostic::error("environment", e)])?.iso();
    let mut lines = Vec::new();
    for item in items.iter().filter(|i| all || wanted.contains(&i.path)) {
        let Some(pair) = &item.pair else { continue };
        let Some(text) = source_text(pair) else {
            lines.push(format!("{}: its source `{}` is gone; not pinned", item.path, item.source));
            continue;
        };
        pins::write_base(kit_dir, &item.source, &text)
            .map_err(|e| vec![Diagnostic::error("io", format!("{e:#}")).at(Location::file(pins::LOCK_FILE))])?;
        let is_this = |p: &Pin| {
            p.kind == Kind::Translation
                && p.translation.as_deref() == Some(item.path.as_str())
                && p.language.as_deref() == Some(item.language.as_str())
        };
        let fingerprint = pins::fingerprint(&text);
        if item.status == Status::Changed {
            let before = lock.pins.iter().find(|p| is_this(p)).map(|p| &p.fingerprint);
            lock.history.push(pins::Event {
                path: Some(item.source.clone()),
                language: Some(item.language.clone()),
                translation: Some(item.path.clone()),
                sections: pins::changed_titles(before, &fingerprint),
                ..pins::Event::new(&today, pins::EventKind::Adopted)
            });
        }
        lock.pins.retain(|p| !is_this(p));
        lock.pins.push(Pin {
            path: item.source.clone(),
            kind: Kind::Translation,
            insert: None,
            section: None,
            language: Some(item.language.clone()),
            translation: Some(item.path.clone()),
            version: None,
            fingerprint,
        });
        let was = match item.status {
            Status::Current => "pinned again",
            Status::Changed => "marked updated",
            Status::Removed => "pinned",
            Status::Unpinned => "pinned",
        };
        lines.push(format!("{}: {was} to today's {}", item.path, item.source));
    }
    Ok(lines)
}

/// The kit folder's lock, or an empty one (for the commands; a build reads it once, as a
/// [`LockOnce`], see [`build_lock`]).
pub fn lock(kit_dir: &Path) -> Result<Lock, Diagnostic> {
    Ok(Lock::load(kit_dir)?.unwrap_or_default())
}

/// The build's lock for its translations, or an empty one; `None` when it cannot be read,
/// with an error among `problems` (once: the banners and the pages shown from their source
/// depend on it).
pub fn build_lock(lock: &LockOnce, problems: &mut Vec<Diagnostic>) -> Option<Arc<Lock>> {
    match lock.get() {
        Ok(found) => Some(found.cloned().unwrap_or_default()),
        Err(_) => {
            problems.extend(lock.problem(Severity::Error));
            None
        }
    }
}

/// A space read for translation work: its kit, its language, and each page with its
/// `translation_of:`.
pub type OpenedSpace = (Kit, String, Vec<(RelPath, Option<String>)>);

/// A kit's spaces read for translation work (no page is rendered).
pub struct Opened {
    pub kit_dir: PathBuf,
    /// The kit's `language`: that of its source pages.
    pub language: String,
    pub spaces: Vec<OpenedSpace>,
    /// `(translated space, source space)`.
    pub pairs_of_spaces: Vec<(usize, usize)>,
}

/// Reads the kit's spaces and each page's `translation_of:`.
pub fn open(kit_dir: &Path) -> Result<Opened, Vec<Diagnostic>> {
    let (config, mut problems) = config::load(kit_dir, &config::Overrides::default())
        .map_err(|e| vec![Diagnostic::error("io", format!("{e:#}"))])?;
    let content_dir =
        config.gitbook_file.as_deref().and_then(Path::parent).unwrap_or(&config.content_root).to_path_buf();
    let (map, found) =
        discover(&config.kit_dir, &content_dir, &config.language, &config.languages, &|p| config.display_path(p));
    problems.extend(found);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let pairs = pairs_of_spaces(&map);
    if pairs.is_empty() {
        return Err(vec![
            Diagnostic::error("no-translations", "this kit has no translations")
                .at(Location::file(config::CONFIG_FILE))
                .with_help("list them in neokit.yaml: `languages: { nl: { content: nl } }`, or in docs.yaml"),
        ]);
    }
    let mut spaces = Vec::new();
    let lock = LockOnce::new(&config.kit_dir);
    for space in &map.spaces {
        let (space_config, found) = config_for(&config, &map, space);
        problems.extend(found);
        let (kit, found) = kit::load(&space_config, false, &lock);
        problems.extend(found.into_iter().filter(Diagnostic::is_error));
        let (plan, _) = site::plan(&kit.summary, &kit.tree, &kit.readme, kit.summary_file.as_ref());
        let pages = plan
            .pages
            .iter()
            .map(|page| {
                let of = kit.tree.read_text(&page.source).ok();
                let of = of.and_then(|text| translation_of(&text));
                (page.source.clone(), of)
            })
            .collect();
        spaces.push((kit, space.language.clone().unwrap_or_default(), pages));
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(Opened { kit_dir: config.kit_dir.clone(), language: config.language.clone(), spaces, pairs_of_spaces: pairs })
}

impl Opened {
    /// The pairs and missing pages of one language (`all`: every language).
    pub fn pairs(&self, language: &str) -> (Vec<Pair>, Vec<Missing>) {
        let mut pairs = Vec::new();
        let mut missing = Vec::new();
        for &(translated, source) in &self.pairs_of_spaces {
            let pages = |i: usize| {
                let (kit, language, pages) = &self.spaces[i];
                SpacePages { language: language.clone(), tree: &kit.tree, pages: pages.clone() }
            };
            let (t, s) = (pages(translated), pages(source));
            if language != "all" && !t.language.eq_ignore_ascii_case(language) {
                continue;
            }
            let (found, lacking) = pair_pages(&t, &s);
            pairs.extend(found);
            missing.extend(lacking.iter().map(|p| Missing { language: t.language.clone(), source: shown(s.tree, p) }));
        }
        (pairs, missing)
    }

    /// Today's text of a pair's source page.
    pub fn source_text(&self, pair: &Pair) -> Option<String> {
        self.spaces
            .iter()
            .map(|(kit, _, _)| &kit.tree)
            .find(|tree| shown(tree, &pair.source) == pair.source_file)
            .filter(|tree| tree.markdown.contains(&pair.source))
            .and_then(|tree| tree.read_text(&pair.source).ok())
    }

    /// The languages the kit is translated into.
    pub fn languages(&self) -> Vec<String> {
        self.pairs_of_spaces.iter().map(|&(t, _)| self.spaces[t].1.clone()).collect()
    }
}

/// A translated page whose source changed since it was pinned, as its banner shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    /// The changed sections' headings as the source shows them.
    pub sections: Vec<String>,
    /// `translations.stale: fallback`: the source page is published in its place.
    pub shown: bool,
    /// The source page's folder below the site root.
    pub folder: String,
    /// The source's language.
    pub language: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str, status: Status, changes: Vec<Change>) -> Item {
        Item {
            path: path.into(),
            language: "nl".into(),
            source: "<consent>.md".into(),
            status,
            sections: vec!["asking".into()],
            titles: vec!["Asking".into()],
            diff: String::new(),
            note: None,
            changes,
            pair: None,
        }
    }

    const SOURCE: &str = "# Consent\n\nAsk first.\n\n## Asking\n\nAsk both parents.\n";

    fn pair() -> Pair {
        Pair {
            language: "nl".into(),
            page: RelPath::new("toestemming.md").unwrap(),
            file: "nl/toestemming.md".into(),
            source: RelPath::new("consent.md").unwrap(),
            source_file: "consent.md".into(),
        }
    }

    fn pinned(source: &str, language: &str) -> Lock {
        let pin = Pin {
            path: source.into(),
            kind: Kind::Translation,
            insert: None,
            section: None,
            language: Some(language.into()),
            translation: Some("nl/toestemming.md".into()),
            version: None,
            fingerprint: pins::fingerprint(SOURCE),
        };
        Lock { pins: vec![pin], ..Lock::default() }
    }

    /// A translated page compared with the base copy `base` (`None`: missing).
    fn compared(lock: &Lock, today: Option<&str>, base: Option<&str>) -> Item {
        compare(&pair(), lock, today, &|pin| Base::of(pin, base.map(str::to_string)))
    }

    #[test]
    fn a_translation_is_current_changed_removed_or_unpinned() {
        let lock = pinned("consent.md", "nl");
        let current =
            compared(&lock, Some("# Consent  \r\n\r\nAsk first.\r\n\r\n## Asking\r\n\r\nAsk both parents.\r\n"), None);
        assert_eq!((current.status, current.note), (Status::Current, None), "spacing is no change");
        let described = format!("---\ndescription: Consent\n---\n{SOURCE}");
        assert_eq!(compared(&lock, Some(&described), None).status, Status::Current, "nor is front matter");

        let today = SOURCE.replace("Ask both parents.", "Ask one parent.");
        let changed = compared(&lock, Some(&today), Some(SOURCE));
        assert_eq!((changed.status, changed.sections.as_slice()), (Status::Changed, &["asking".to_string()][..]));
        assert_eq!(changed.titles, ["Asking"]);
        assert!(changed.diff.starts_with("--- consent.md (pinned)\n+++ consent.md (source now)"), "{}", changed.diff);
        assert!(!changed.changes.is_empty() && changed.note.is_none());
        let missing = compared(&lock, Some(&today), None);
        assert_eq!((missing.status, missing.diff.as_str()), (Status::Changed, ""));
        assert!(missing.note.unwrap().contains("missing"));
        let altered = compared(&lock, Some(&today), Some("# Something else\n"));
        assert!(altered.note.unwrap().contains("edited") && altered.changes.is_empty());

        assert_eq!(compared(&lock, None, Some(SOURCE)).status, Status::Removed);
        assert_eq!(compared(&Lock::default(), Some(SOURCE), None).status, Status::Unpinned);
        // A pin of another language is not this page's.
        assert_eq!(compared(&pinned("consent.md", "de"), Some(SOURCE), None).status, Status::Unpinned);
        // Paired with another source page since it was pinned: said, and compared all the same.
        let moved = compared(&pinned("old/consent.md", "nl"), Some(SOURCE), None);
        assert_eq!(moved.status, Status::Current);
        assert_eq!(moved.note.as_deref(), Some("pinned to `old/consent.md`, now paired with `consent.md`"));
    }

    #[test]
    fn a_build_reports_a_damaged_lock_as_an_error_once() {
        let kit = tempfile::tempdir().unwrap();
        let mut problems = Vec::new();
        assert_eq!(*build_lock(&LockOnce::new(kit.path()), &mut problems).unwrap(), Lock::default());
        std::fs::write(kit.path().join(pins::LOCK_FILE), "version: 1\npins: [oops\n").unwrap();
        let lock = LockOnce::new(kit.path());
        assert!(build_lock(&lock, &mut problems).is_none() && build_lock(&lock, &mut problems).is_none());
        let said: Vec<_> = problems.iter().map(|p| (p.severity, p.code)).collect();
        assert_eq!(said, [(Severity::Error, "invalid-lock")]);
    }

    #[test]
    fn the_terminal_report_marks_words_in_colour_and_the_page_escapes_names() {
        let change = Change { heading: "Asking".into(), was: "Ask early.".into(), now: "Ask very early.".into() };
        let report = Report::new(vec![item("nl/a.md", Status::Changed, vec![change])], Vec::new());
        let coloured = human_painted(&report, true);
        assert!(coloured.contains("Ask \x1b[1;32mvery\x1b[0m early."), "{coloured:?}");
        assert!(!coloured.contains("{+") && coloured.contains("`neokit adopt --lang nl PAGE`"), "{coloured}");
        let page = html(&report, "de");
        assert!(page.contains("Translation of <code>&lt;consent&gt;.md</code>"), "{page}");
        // The source's sentences are German; the words for screen readers are the report's.
        assert!(page.contains("<td lang=\"de\">Ask "), "{page}");
        assert!(page.contains("<ins><span class=\"visually-hidden\" lang=\"en\">[added: </span>very"), "{page}");
        let english = html(&report, "en-GB");
        assert!(
            !english.contains("<td lang") && !english.contains("hidden\" lang"),
            "English needs no lang of its own"
        );
        assert!(!page.contains("<consent>") && !page.contains("Not translated yet"), "{page}");
        // No sentences (the base copy is missing): the changed sections are named instead.
        let mut bare = item("nl/b.md", Status::Changed, Vec::new());
        bare.note = Some("the base copy of the pinned text is missing".into());
        let page = html(&Report::new(vec![bare], vec![Missing { language: "nl".into(), source: "x.md".into() }]), "en");
        assert!(page.contains("<p>Changed sections: Asking.</p>") && !page.contains("<table>"), "{page}");
        assert!(page.contains("<li>nl: <code>x.md</code></li>"), "{page}");
    }

    #[test]
    fn the_report_names_its_language_or_all() {
        let two = Report::new(
            vec![item("nl/a.md", Status::Current, Vec::new())],
            vec![Missing { language: "de".into(), source: "a.md".into() }],
        );
        assert_eq!(two.language(), "all");
        assert_eq!(Report::new(vec![item("nl/a.md", Status::Current, Vec::new())], Vec::new()).language(), "nl");
        assert_eq!(
            human(&Report::new(vec![item("nl/a.md", Status::Current, Vec::new())], Vec::new())).lines().count(),
            1
        );
    }
}
