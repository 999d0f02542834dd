//! The typst source of a book: the preamble (page, fonts, brand colours, running header,
//! the `nk-*` functions the page writer calls), the title page, the table of contents, and
//! the pages in reading order under their SUMMARY groups, numbered as in SUMMARY.
//!
//! Every value from the kit (titles, names, addresses) goes in as a string literal
//! ([`string`]); colours are checked hex values; the rest is this file's own text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

pub use super::typst::string;
use super::typst::{TypstPage, markup, page_label};
use neokit_core::i18n::Text;
use neokit_core::icons::{hint_icon, svg as icon_svg};
use neokit_document::links::PageId;

/// The PDF's paper size (`pdf.paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

/// What the preamble and title page show.
#[derive(Debug, Clone)]
pub struct Cover<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The hospital's name.
    pub organisation: Option<&'a str>,
    /// "Version 2.1", when the kit has a version label.
    pub version: Option<String>,
    /// "Built on 30 November 2026".
    pub built: String,
    /// The logo's key in the PDF's files, when there is one.
    pub logo: Option<String>,
    /// The main brand colour (`#rrggbb`), as the fill of shapes (step numbers).
    pub primary: String,
    /// The main brand colour as text on the PDF's backgrounds (`#rrggbb`): darkened where
    /// the brand colour reads less than 4.5:1 (see `config::brand::pdf_text`).
    pub primary_text: String,
    /// Text on the main brand colour: black or white, whichever reads better.
    pub on_primary: String,
    pub language: &'a str,
    pub paper: Paper,
    /// Font families for body text and headings, first choice first.
    pub body_fonts: Vec<String>,
    pub heading_fonts: Vec<String>,
    /// "Contents".
    pub contents: &'a str,
    /// "QR code", before the address a QR code holds.
    pub qr_code: &'a str,
    /// The interface words of the role box ("Who does this here", "Discipline" ...).
    pub role_words: RoleWords<'a>,
    /// "About this page".
    pub about_page: &'a str,
}

/// The interface words of the role box, as the site's role page shows them.
#[derive(Debug, Clone)]
pub struct RoleWords<'a> {
    pub who_does_this: &'a str,
    pub not_assigned: &'a str,
    pub discipline: &'a str,
    pub time_per_month: &'a str,
    pub responsibilities: &'a str,
    pub mentioned_on: &'a str,
    pub roles: &'a str,
}

impl RoleWords<'static> {
    pub fn from(text: &'static Text) -> RoleWords<'static> {
        RoleWords {
            who_does_this: text.who_does_this,
            not_assigned: text.not_assigned,
            discipline: text.discipline,
            time_per_month: text.time_per_month,
            responsibilities: text.responsibilities,
            mentioned_on: text.mentioned_on,
            roles: text.roles_overview,
        }
    }
}

/// One page of the book, in reading order.
#[derive(Debug, Clone)]
pub struct BookPage<'a> {
    pub id: PageId,
    pub title: &'a str,
    /// "2.3".
    pub number: String,
    /// 1 for a top-level page (2 when the book has groups), one more per level below.
    pub level: u8,
    /// The SUMMARY group it starts, when it is the first page of one with a title.
    pub group: Option<&'a str>,
    /// Front matter `description`, shown under the title.
    pub description: Option<&'a str>,
    /// The icon the page's front matter names (see `neokit_core::icons`), before its title.
    pub icon: Option<&'static str>,
    pub typst: &'a TypstPage,
    /// The role this page describes, as the site's role box shows it.
    pub role: Option<RoleBox<'a>>,
    /// The roles described by pages in this page's folder (a folder page's overview).
    pub roles: Vec<RoleCard<'a>>,
    /// The page's short link (or address), shown as a QR code under its title.
    pub qr: Option<String>,
    /// The page's banners, under its title: a translation out of date, the overdue banner's
    /// sentence (with whom to contact).
    pub banners: Vec<String>,
    /// "About this page": its owner, approval, review dates, version (none without
    /// governance).
    pub about: Vec<About>,
}

/// A block of "About this page": a heading (in a hospital's version of a shared guide: whose
/// review it is) and its facts, (name, value).
#[derive(Debug, Clone, Default)]
pub struct About {
    pub heading: Option<String>,
    pub facts: Vec<(String, String)>,
}

/// A role page's box: who does it here, its facts and responsibilities; and the pages that
/// mention it (shown after the page's text, as on the site).
#[derive(Debug, Clone, Default)]
pub struct RoleBox<'a> {
    pub people: Vec<Person<'a>>,
    /// Whether the kit assigns people: then a role without anyone is "not yet assigned".
    pub assigned: bool,
    pub discipline: Option<&'a str>,
    pub time_per_month: Option<&'a str>,
    pub responsibilities: &'a [String],
    /// The pages that link to the role: (their page, title).
    pub mentioned_by: Vec<(PageId, &'a str)>,
}

/// A role on a folder page's overview.
#[derive(Debug, Clone)]
pub struct RoleCard<'a> {
    /// The role's page.
    pub page: PageId,
    pub title: &'a str,
    pub discipline: Option<&'a str>,
    pub time_per_month: Option<&'a str>,
    /// Names of the people who do it here.
    pub people: Vec<&'a str>,
    pub assigned: bool,
}

#[derive(Debug, Clone)]
pub struct Person<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// Their photo's key in the PDF's files.
    pub photo: Option<String>,
}

/// A book: its preamble, title page, table of contents and pages, to be laid out whole
/// ([`Book::source`], what `pdf.source` writes) or in parts ([`Book::part`], [`Book::front`],
/// [`Book::overlay`]: what neokit lays out and joins).
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// The definitions and settings every document of the book starts with.
    preamble: String,
    /// The rest of the preamble, after what is known of the images.
    preamble_end: String,
    /// What is known of the images (each document gets that of the images it names).
    images: ImageFacts,
    /// The title page.
    title_page: String,
    /// The table of contents, in reading order.
    pub contents: Vec<Entry>,
    /// Runs of pages that each start on a new sheet, in reading order.
    pub units: Vec<Unit>,
    pub icons: BTreeSet<&'static str>,
}

/// A line of the table of contents: a group's or a page's title.
#[derive(Debug, Clone)]
pub struct Entry {
    pub level: u8,
    /// typst markup.
    body: String,
    /// The label of the heading it leads to.
    pub label: String,
}

/// Pages that start on a new sheet: a group, or a top-level page and the pages under it.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    text: String,
    /// The labels it defines.
    pub labels: Vec<String>,
    /// The labels of the book it links to.
    targets: BTreeSet<String>,
    footnotes: usize,
    formulas: usize,
    /// The level of its first heading.
    first_level: usize,
}

/// The link address that stands for a label laid out in another part of the book; the
/// joined book leads it to the label's place ([`far_label`]).
const FAR: &str = "neokit-label:";

/// What ends a page before a unit.
const PAGE_BREAK: &str = "#pagebreak(weak: true)";

/// The settings of a contents entry's stand-in heading (see [`Book::front`]): in the outline,
/// not in the bookmarks (no heading of the book has both: see [`is_stand_in`]).
const STAND_IN: &str = "outlined: true, bookmarked: false";

/// Whether a heading so set is a contents entry's stand-in ([`STAND_IN`]).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub fn is_stand_in(outlined: bool, bookmarked: bool) -> bool {
    outlined && !bookmarked
}

/// The title of the heading a part of a book begins with (see [`Book::part`]).
pub const PART_START: &str = "neokit-part-start";

/// The label a link address of [`FAR`] stands for.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub fn far_label(address: &str) -> Option<&str> {
    address.strip_prefix(FAR)
}

impl Book {
    /// The start of a document of the book: whether it is the whole book (its links to labels
    /// are typst's links; else they are [`FAR`] addresses, led to their places when the parts
    /// are joined: typst lays a part out faster and in less memory when no link needs its
    /// labels' places), whether formulas are typeset (else shown as their LaTeX source), the
    /// labels its links may lead to (`labels`: a link to any other is its text alone), the
    /// preamble (with what is known of the images it shows: of those alone, so that a part's
    /// source changes only with its own images), and the page's running header and footer
    /// (`page`); then `body`.
    fn document<'l>(
        &self,
        whole: bool,
        math: bool,
        page: &str,
        labels: impl Iterator<Item = &'l str>,
        body: &str,
    ) -> String {
        let mut out = String::with_capacity(self.preamble.len() + self.preamble_end.len() + body.len() + 1024);
        let _ = writeln!(out, "#let nk-whole = {whole}\n#let nk-typeset-math = {math}");
        // The labels its links lead to (a link to any other is its text alone).
        dictionary(&mut out, "nk-labels", labels.map(|label| (label, "true".to_string())));
        out.push_str(&self.preamble);
        let mut named = named_keys(&self.preamble);
        named.extend(named_keys(body));
        let images = &self.images;
        let bad = images.bad.iter().filter(|key| named.contains(key.as_str()));
        dictionary(&mut out, "nk-bad", bad.map(|key| (key.as_str(), "true".to_string())));
        let sizes = images.sizes.iter().filter(|(key, _)| named.contains(key.as_str()));
        dictionary(&mut out, "nk-sizes", sizes.map(|(key, (w, h))| (key.as_str(), format!("({w:.1}, {h:.1})"))));
        let formats = images.formats.iter().filter(|(key, _)| named.contains(key.as_str()));
        dictionary(&mut out, "nk-formats", formats.map(|(key, format)| (key.as_str(), string(format))));
        out.push_str(&self.preamble_end);
        let _ = writeln!(out, "#set page({page})");
        out.push_str(body);
        out
    }

    /// The whole book as one typst document, with its running header, page numbers `n / N`
    /// and contents found by typst.
    pub fn source(&self, math: bool) -> String {
        let size = self.units.iter().map(|u| u.text.len()).sum::<usize>() + self.title_page.len();
        let page = "header: nk-header, footer: context nk-footer(counter(page).display(\"1 / 1\", both: true))";
        let labels = self.units.iter().flat_map(|unit| unit.labels.iter().map(String::as_str));
        let mut body = String::with_capacity(size + 256);
        self.front_matter(&mut body, None);
        for unit in &self.units {
            body.push_str(&unit.text);
        }
        self.document(true, math, page, labels, &body)
    }

    /// The title page and contents. The contents are typst's outline of the book's headings
    /// (tagged as a table of contents); in a front laid out apart from the book, of hidden
    /// stand-ins for them, each naming its heading's label (as its supplement: a label would
    /// be a second place of that name), with their page numbers given.
    fn front_matter(&self, out: &mut String, numbers: Option<&[usize]>) {
        out.push_str(&self.title_page);
        out.push_str("#nk-contents-title()\n");
        let Some(numbers) = numbers else {
            out.push_str("#nk-contents(none)\n");
            return;
        };
        for entry in &self.contents {
            let _ = writeln!(
                out,
                "#place(hide(heading(level: {}, supplement: {}, {STAND_IN})[{}]))",
                entry.level,
                string(&entry.label),
                entry.body
            );
        }
        let numbers =
            self.contents.iter().zip(numbers).map(|(entry, number)| (entry.label.as_str(), number.to_string()));
        out.push_str("#nk-contents(");
        dictionary(out, "", numbers);
        out.push_str(")\n");
    }
}

/// A page with no running header or footer.
const NO_HEADER: &str = "header: none, footer: none";

/// The book laid out in parts (what `compile.rs` does with the cargo feature `pdf`).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
impl Book {
    /// Whether the units typeset formulas.
    pub fn has_formulas(&self, units: std::ops::Range<usize>) -> bool {
        self.units[units].iter().any(|u| u.formulas > 0)
    }

    /// The units in parts of about `budget` bytes of source each (a larger unit alone).
    pub fn parts(&self, budget: usize) -> Vec<std::ops::Range<usize>> {
        let mut parts = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (index, unit) in self.units.iter().enumerate() {
            if index > start && size + unit.text.len() > budget {
                parts.push(start..index);
                (start, size) = (index, 0);
            }
            size += unit.text.len();
        }
        if start < self.units.len() {
            parts.push(start..self.units.len());
        }
        parts
    }

    /// The units `units` on their own, without running header or footer (the overlay adds them).
    pub fn part(&self, units: std::ops::Range<usize>, math: bool) -> String {
        let footnotes: usize = self.units[..units.start].iter().map(|u| u.footnotes).sum();
        let size: usize = self.units[units.clone()].iter().map(|u| u.text.len()).sum();
        let labels: BTreeSet<&str> =
            self.units[units.clone()].iter().flat_map(|u| u.targets.iter().map(String::as_str)).collect();
        let mut out = String::with_capacity(size + 256);
        let _ = writeln!(out, "#counter(footnote).update({footnotes})");
        // Headings of the levels above the part's first, as PDF/UA-1 asks of a document (the
        // first of level 1, none skipped); their text hidden, out of the flow, and taken out of
        // the structure when the parts are joined.
        let first = self.units.get(units.start).map_or(1, |u| u.first_level);
        for level in 1..first {
            let _ = writeln!(
                out,
                "#place(heading(level: {level}, outlined: false, bookmarked: false)[#hide[{PART_START}]])"
            );
        }
        for (index, unit) in self.units[units].iter().enumerate() {
            // A part begins on a new page: its first unit's page break would make another.
            let text = if index == 0 { unit.text.trim_start().trim_start_matches(PAGE_BREAK) } else { &unit.text };
            out.push_str(text);
        }
        self.document(false, math, NO_HEADER, labels.into_iter(), &out)
    }

    /// The title page and contents, the contents' page numbers given (one per entry).
    pub fn front(&self, numbers: &[usize]) -> String {
        let labels = self.contents.iter().map(|entry| entry.label.as_str());
        let mut body = String::with_capacity(self.title_page.len() + 100 * numbers.len());
        self.front_matter(&mut body, Some(numbers));
        self.document(false, true, NO_HEADER, labels, &body)
    }

    /// `total` pages with nothing but the running header and the page number (none on the
    /// title page), to lay over the parts' pages.
    pub fn overlay(&self, total: usize) -> String {
        let page = format!("header: nk-header, footer: context nk-footer(str(here().page()) + \" / {total}\")");
        let body = format!("#page({NO_HEADER})[]\n#for _ in range({}) {{ page[] }}\n", total.saturating_sub(1));
        self.document(false, true, &page, std::iter::empty(), &body)
    }
}

/// What is known of the images before the book is laid out.
#[derive(Debug, Clone, Default)]
pub struct ImageFacts {
    /// Keys of images that cannot be read: their alt text shows.
    pub bad: BTreeSet<String>,
    /// Natural sizes in points, by key (the book then needs no layout pass to fit them).
    pub sizes: std::collections::BTreeMap<String, (f64, f64)>,
    /// The format of each image whose name says another (a WebP picture saved as `logo.png`):
    /// typst is told what the bytes are, not what the name says.
    pub formats: std::collections::BTreeMap<String, &'static str>,
}

/// The deepest level the table of contents lists.
const CONTENTS_DEPTH: u8 = 3;

/// Writes a book.
pub fn write(cover: &Cover, pages: &[BookPage], images: &ImageFacts) -> Book {
    let mut book = Book::default();
    let mut deepest = 1;
    let top_level = pages.iter().map(|p| p.level).min().unwrap_or(1);
    for page in pages {
        book.icons.extend(page.typst.icons.iter().copied());
        // Groups and top-level pages start a new sheet; a group's first page follows its title.
        let starts_sheet = page.group.is_some() || page.level <= top_level || book.units.is_empty();
        if starts_sheet {
            let first_level = if page.group.is_some() { 1 } else { usize::from(page.level.min(12)) };
            book.units.push(Unit { first_level, ..Unit::default() });
        }
        let unit = book.units.last_mut().expect("a unit was started");
        let out = &mut unit.text;
        if let Some(group) = page.group {
            let label = group_label(page.id);
            let _ = writeln!(
                out,
                "\n{PAGE_BREAK}\n#heading(level: 1, outlined: true, bookmarked: true)[#{}] <{label}>\n",
                string(group)
            );
            book.contents.push(Entry { level: 1, body: format!("#{}", string(group)), label: label.clone() });
            unit.labels.push(label);
        } else if starts_sheet {
            let _ = writeln!(out, "\n{PAGE_BREAK}");
        }
        let label = page_label(page.id);
        if let Some(cover) = &page.typst.cover {
            let _ = writeln!(out, "\n#nk-cover({})", string(cover));
        }
        let icon = page.icon.map_or(String::new(), |icon| format!("#nk-title-icon({})", string(icon)));
        book.icons.extend(page.icon);
        let title = format!("#nk-number({}){icon}{}", string(&page.number), markup(page.title));
        let _ = writeln!(
            out,
            "\n#heading(level: {}, outlined: true, bookmarked: true)[{title}] <{label}>\n",
            page.level.min(12),
        );
        if page.level <= CONTENTS_DEPTH {
            book.contents.push(Entry { level: page.level, body: title, label: label.clone() });
        }
        unit.labels.push(label);
        unit.labels.extend(page.typst.labels.iter().cloned());
        unit.targets.extend(page.typst.targets.iter().cloned());
        unit.footnotes += page.typst.footnotes;
        unit.formulas += page.typst.formulas;
        if let Some(description) = page.description.filter(|d| !d.trim().is_empty()) {
            let _ = writeln!(out, "#nk-description({})\n", string(description));
        }
        for banner in &page.banners {
            let _ = writeln!(out, "#nk-banner({})\n", string(banner));
        }
        if let Some(address) = &page.qr {
            let _ = writeln!(out, "#nk-page-qr({}, {})\n", string(&qr_key(page.id)), string(address));
        }
        if let Some(role) = &page.role {
            role_box(out, role);
        }
        out.push_str(&page.typst.body);
        out.push('\n');
        if let Some(role) = page.role.as_ref().filter(|r| !r.mentioned_by.is_empty()) {
            let pages = role
                .mentioned_by
                .iter()
                .map(|(id, title)| format!("({}, {})", string(&page_label(*id)), string(title)));
            unit.targets.extend(role.mentioned_by.iter().map(|(id, _)| page_label(*id)));
            let _ = writeln!(out, "#nk-mentioned(({},))\n", pages.collect::<Vec<_>>().join(", "));
        }
        if !page.roles.is_empty() {
            role_cards(out, &page.roles);
            unit.targets.extend(page.roles.iter().map(|card| page_label(card.page)));
        }
        if !page.about.is_empty() {
            about(out, &page.about);
        }
        deepest = deepest.max(page.level).max(page.typst.deepest);
    }
    book.icons.extend(["info", "success", "warning", "danger"].map(hint_icon));
    let mut preamble = String::with_capacity(PREAMBLE.len() + 4096);
    // Links lead only to the book's labels.
    let defined: std::collections::HashSet<String> = book.units.iter().flat_map(|u| u.labels.iter().cloned()).collect();
    for unit in &mut book.units {
        unit.targets.retain(|label| defined.contains(label));
    }
    let mut preamble_end = String::with_capacity(PREAMBLE.len() + 4096);
    write_preamble(&mut preamble, &mut preamble_end, cover, &book.icons, deepest);
    book.preamble = preamble;
    book.preamble_end = preamble_end;
    book.images = images.clone();
    let mut title = String::new();
    title_page(&mut title, cover);
    book.title_page = title;
    book
}

/// The string literals of typst source that may name a file (those beginning with `/`),
/// as the strings they stand for.
pub fn named_keys(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in source.match_indices("\"/") {
        let mut text = String::new();
        let mut chars = source[at + 1..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => text.push('\n'),
                    Some('r') => text.push('\r'),
                    Some('t') => text.push('\t'),
                    Some('u') => {
                        let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        text.extend(u32::from_str_radix(&code, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => text.push(other),
                    None => break,
                },
                c => text.push(c),
            }
        }
        named.insert(text);
    }
    named
}

/// The label of the group a page starts.
fn group_label(page: PageId) -> String {
    format!("g{page}")
}

/// The preamble, in two: before what is known of the images (`out`; [`Book::document`] writes
/// that) and after it (`end`: the definitions that read it).
fn write_preamble(out: &mut String, end: &mut String, cover: &Cover, icons: &BTreeSet<&str>, deepest: u8) {
    let families = |fonts: &[String]| {
        let mut list: Vec<String> = fonts.iter().map(|f| string(f)).collect();
        list.push(string("Libertinus Serif"));
        format!("({},)", list.join(", "))
    };
    // Text in the brand colour is in its readable shade; shapes filled with it carry text
    // in the colour that reads on it.
    let _ = writeln!(out, "#let nk-primary = rgb({})", string(&cover.primary_text));
    let _ = writeln!(out, "#let nk-brand = rgb({})", string(&cover.primary));
    let _ = writeln!(out, "#let nk-on-brand = rgb({})", string(&cover.on_primary));
    let _ = writeln!(out, "#let nk-body-fonts = {}", families(&cover.body_fonts));
    let _ = writeln!(out, "#let nk-heading-fonts = {}", families(&cover.heading_fonts));
    let _ = writeln!(out, "#let nk-paper = {}", string(if cover.paper == Paper::Letter { "us-letter" } else { "a4" }));
    let _ = writeln!(out, "#let nk-site-title = {}", string(cover.title));
    let _ = writeln!(out, "#let nk-organisation = {}", cover.organisation.map_or("none".into(), string));
    let _ = writeln!(out, "#let nk-logo = {}", cover.logo.as_deref().map_or("none".into(), string));
    let _ = writeln!(out, "#let nk-contents = {}", string(cover.contents));
    let _ = writeln!(out, "#let nk-qr-label = {}", string(cover.qr_code));
    let _ = writeln!(out, "#let nk-lang = {}", string(&typst_language(cover.language)));
    let _ = writeln!(out, "#let nk-far = {}", string(FAR));
    let _ = writeln!(out, "#let nk-contents-depth = {CONTENTS_DEPTH}");
    let words = &cover.role_words;
    let _ = writeln!(
        out,
        "#let nk-words = (who: {}, not-assigned: {}, discipline: {}, time: {}, responsibilities: {}, mentioned: {}, roles: {})",
        string(words.who_does_this),
        string(words.not_assigned),
        string(words.discipline),
        string(words.time_per_month),
        string(words.responsibilities),
        string(words.mentioned_on),
        string(words.roles),
    );
    let _ = writeln!(out, "#let nk-about-title = {}", string(cover.about_page));
    let out = end;
    // An image of the kit, as the format its bytes are in.
    out.push_str("#let nk-img(key, ..args) = image(key, format: nk-formats.at(key, default: auto), ..args)\n");
    // The text column's width in points (the page less 2.2 cm margins on each side).
    let _ = writeln!(out, "#let nk-text-width = {}", if cover.paper == Paper::Letter { 487.3 } else { 470.6 });
    let icons = icons.iter().map(|&icon| (icon, icon_svg(icon))).filter(|(_, svg)| !svg.is_empty());
    dictionary(out, "nk-icons", icons.map(|(icon, svg)| (icon, string(&svg))));
    let _ = writeln!(
        out,
        "#set document(title: {}, author: {})",
        string(cover.title),
        string(cover.organisation.unwrap_or(cover.title))
    );
    out.push_str(PREAMBLE);
    for (level, size) in heading_sizes(deepest).into_iter().enumerate() {
        let _ = writeln!(out, "#show heading.where(level: {}): set text(size: {size:.2}em)", level + 1);
    }
}

/// The size of each level of heading the book uses, in em of the body text, first level
/// first: from 1.9em down, 0.15em apart (closer in a book deeper than six levels, the last
/// still 1.05em), so that every level is smaller than the one above it (a page's title than
/// its sections, a page's sections than the title of a page nested in it: both are a level
/// below) however deep the book goes.
pub fn heading_sizes(deepest: u8) -> Vec<f64> {
    let deepest = deepest.clamp(2, 12);
    let step = f64::min(0.15, (1.9 - 1.05) / f64::from(deepest - 1));
    (1..=deepest).map(|level| 1.9 - step * f64::from(level - 1)).collect()
}

/// A role page's box: who does it here (or that nobody does yet), its facts, its
/// responsibilities.
fn role_box(out: &mut String, role: &RoleBox) {
    let opt = |value: Option<&str>| value.map_or("none".to_string(), string);
    out.push_str("#nk-role(people: (");
    for person in &role.people {
        let _ = write!(
            out,
            "(name: {}, title: {}, email: {}, phone: {}, photo: {}), ",
            string(person.name),
            opt(person.title),
            opt(person.email),
            opt(person.phone),
            opt(person.photo.as_deref())
        );
    }
    let responsibilities: Vec<String> = role.responsibilities.iter().map(|r| string(r)).collect();
    let _ = writeln!(
        out,
        "), assigned: {}, discipline: {}, time: {}, responsibilities: ({}))\n",
        role.assigned,
        opt(role.discipline),
        opt(role.time_per_month),
        responsibilities.iter().map(|r| format!("{r}, ")).collect::<String>(),
    );
}

/// "About this page", after the page's text.
fn about(out: &mut String, parts: &[About]) {
    out.push_str("#nk-about((");
    for part in parts {
        let facts: String =
            part.facts.iter().map(|(name, value)| format!("({}, {}), ", string(name), string(value))).collect();
        let heading = part.heading.as_deref().map_or("none".to_string(), string);
        let _ = write!(out, "(heading: {heading}, facts: ({facts})), ");
    }
    out.push_str("))\n\n");
}

/// A folder page's overview of the roles in it, as the site's role cards show it.
fn role_cards(out: &mut String, cards: &[RoleCard]) {
    let opt = |value: Option<&str>| value.map_or("none".to_string(), string);
    out.push_str("#nk-role-cards((");
    for card in cards {
        let people: Vec<String> = card.people.iter().map(|p| string(p)).collect();
        let _ = write!(
            out,
            "(label: {}, title: {}, discipline: {}, time: {}, people: ({}), assigned: {}), ",
            string(&page_label(card.page)),
            string(card.title),
            opt(card.discipline),
            opt(card.time_per_month),
            people.iter().map(|p| format!("{p}, ")).collect::<String>(),
            card.assigned,
        );
    }
    out.push_str("))\n\n");
}

/// The kit's language as typst knows languages: two or three lowercase letters (else `en`).
pub fn typst_language(language: &str) -> String {
    let language = language.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase();
    match (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase()) {
        true => language,
        false => "en".into(),
    }
}

/// The file key of a page's QR code.
pub fn qr_key(page: PageId) -> String {
    format!("/q/page-{page}.svg")
}

/// `#let name = ("key": value, ...)` (`(:)` when empty; without `#let name = ` when `name` is
/// empty).
fn dictionary<'k>(out: &mut String, name: &str, entries: impl Iterator<Item = (&'k str, String)>) {
    if !name.is_empty() {
        let _ = write!(out, "#let {name} = ");
    }
    out.push('(');
    let mut empty = true;
    for (key, value) in entries {
        let _ = write!(out, "{}: {value}, ", string(key));
        empty = false;
    }
    out.push_str(if empty { ":)" } else { ")" });
    if !name.is_empty() {
        out.push('\n');
    }
}

fn title_page(out: &mut String, cover: &Cover) {
    let _ = writeln!(out, "#page({NO_HEADER})[");
    if cover.logo.is_some() {
        out.push_str("#nk-image(nk-logo, if nk-organisation == none { nk-site-title } else { nk-organisation }, height: 2.4cm)\n#v(1fr)\n");
    } else {
        out.push_str("#v(1fr)\n");
    }
    let _ = writeln!(
        out,
        "#text(size: 28pt, weight: \"bold\", fill: nk-primary, font: nk-heading-fonts)[#{}]\n",
        string(cover.title)
    );
    if let Some(description) = cover.description {
        let _ = writeln!(out, "#text(size: 14pt)[#{}]\n", string(description));
    }
    out.push_str("#v(1fr)\n");
    if let Some(organisation) = cover.organisation {
        let _ = writeln!(out, "#text(size: 13pt, weight: \"bold\")[#{}]\n", string(organisation));
    }
    if let Some(version) = &cover.version {
        let _ = writeln!(out, "#{}\n", string(version));
    }
    let _ = writeln!(out, "#{}\n]\n", string(&cover.built));
}

/// The book's settings and the functions the page writer calls. Fixed text: nothing from
/// the kit is in it.
const PREAMBLE: &str = r##"
#set text(font: nk-body-fonts, size: 10.5pt, lang: nk-lang, fallback: true)
#set par(leading: 0.62em, spacing: 1.05em)
#set page(paper: nk-paper, margin: (x: 2.2cm, top: 2.7cm, bottom: 2.4cm))
#let nk-header = context {
  set text(size: 8.5pt, fill: luma(90))
  grid(columns: (auto, 1fr, auto), column-gutter: 8pt, align: horizon,
    if nk-logo != none and not nk-logo in nk-bad { pdf.artifact(nk-img(nk-logo, height: 0.8cm)) },
    if nk-organisation != none { nk-organisation },
    nk-site-title)
  v(-4pt)
  line(length: 100%, stroke: 0.4pt + luma(200))
}
#let nk-footer(number) = align(center, text(size: 8.5pt, fill: luma(90), number))
#show heading: set text(fill: nk-primary, font: nk-heading-fonts)
#show heading: set block(above: 1.4em, below: 0.7em)
#show link: set text(fill: nk-primary)
#show raw: set text(font: "DejaVu Sans Mono", size: 0.88em)
#show raw.where(block: true): set par(justify: false)

#let nk-number(number) = if number != "" [#number#h(0.6em)]
// A link to a label of the book: typst's own in the whole book, else an address the joined
// book leads to the label's place.
#let nk-link(target, body) = if not target in nk-labels { body } else if nk-whole { link(label(target), body) } else {
  link(nk-far + target, body)
}
#let nk-contents-title() = {
  pagebreak(weak: true)
  heading(level: 1, outlined: false, bookmarked: false, nk-contents)
}
// The contents: typst's outline of the book's outlined headings, a line each, its page number
// found by typst (`numbers` none), or given by label for stand-ins that name their label.
#let nk-contents(numbers) = {
  show outline.entry: it => {
    let target = if numbers == none { str(it.element.label) } else { it.element.supplement.text }
    let number = if numbers == none { context str(it.element.location().page()) } else { str(numbers.at(target)) }
    block(above: if it.level == 1 { 0.9em } else { 0.55em }, below: 0em, inset: (left: (it.level - 1) * 1.2em), {
      set text(weight: if it.level == 1 { "bold" } else { "regular" })
      show link: set text(fill: black)
      nk-link(target, [#it.body() #box(width: 1fr, repeat(gap: 2pt)[.]) #number])
    })
  }
  outline(title: none, depth: nk-contents-depth, target: heading.where(outlined: true))
}
#let nk-missing-image(alt, src) = block(stroke: 0.5pt + luma(170), inset: 6pt, radius: 2pt)[
  #emph(if alt == "" { "[image]" } else { alt })
]
#let nk-image(key, alt, height: auto) = {
  if key in nk-bad {
    nk-missing-image(alt, key)
  } else {
    // Natural size, no wider than the text and no taller than 16 cm (453 pt).
    let size = nk-sizes.at(key, default: none)
    let width = if height != auto or size == none { auto } else {
      let (w, h) = size
      let fitted = calc.min(w, nk-text-width)
      let fitted = if h * fitted / w > 453 { w * 453 / h } else { fitted }
      fitted * 1pt
    }
    if alt == "" { pdf.artifact(nk-img(key, width: width, height: height)) } else { nk-img(key, alt: alt, width: width, height: height) }
  }
}
// Inside a box, a cell or a column: as wide as the room there allows.
#let nk-image-fit(key, alt) = if key in nk-bad { nk-missing-image(alt, key) } else {
  layout(region => {
    let size = nk-sizes.at(key, default: none)
    let natural = if size == none { measure(nk-img(key)) } else { (width: size.at(0) * 1pt, height: size.at(1) * 1pt) }
    let width = if natural.width > 0pt { calc.min(natural.width, region.width) } else { region.width }
    let width = if natural.height > 0pt and natural.height * (width / natural.width) > 16cm {
      natural.width * (16cm / natural.height)
    } else { width }
    if alt == "" { pdf.artifact(nk-img(key, width: width)) } else { nk-img(key, alt: alt, width: width) }
  })
}
#let nk-icon(name, colour, alt) = if name in nk-icons {
  let icon = bytes(nk-icons.at(name).replace("currentColor", colour.to-hex()))
  if alt == "" { pdf.artifact(image(icon, format: "svg", height: 1.1em)) } else { image(icon, format: "svg", height: 1.1em, alt: alt) }
}
#let nk-hint-colours = (
  info: (rgb("#1452a3"), rgb("#eef4fc")),
  success: (rgb("#1e6b2e"), rgb("#ecf7ee")),
  warning: (rgb("#8a4600"), rgb("#fff4e5")),
  danger: (rgb("#b3261e"), rgb("#fdecea")),
)
#let nk-hint(style, icon, label, body) = {
  let (fg, bg) = nk-hint-colours.at(style, default: nk-hint-colours.info)
  block(width: 100%, fill: bg, stroke: (left: 3pt + fg), inset: (x: 10pt, y: 8pt), radius: 2pt,
    grid(columns: (auto, 1fr), column-gutter: 8pt, nk-icon(icon, fg, label), body))
}
#let nk-section(title, body) = block(width: 100%, above: 1.1em)[
  #text(weight: "bold", fill: nk-primary, title)
  #block(inset: (left: 8pt), stroke: (left: 1pt + luma(200)), body)
]
#let nk-step(number, body) = grid(columns: (1.8em, 1fr), column-gutter: 8pt,
  circle(radius: 0.75em, fill: nk-brand, align(center + horizon, text(fill: nk-on-brand, weight: "bold", size: 0.9em, str(number)))),
  body)
#let nk-card(icon, body) = block(width: 100%, stroke: 0.5pt + luma(190), radius: 4pt, inset: 8pt, breakable: false,
  grid(columns: (auto, 1fr), column-gutter: 8pt, nk-icon(icon, nk-primary, ""), body))
#let nk-box(body) = block(width: 100%, fill: luma(245), radius: 3pt, inset: 8pt, body)
#let nk-cards(columns, ..cards) = grid(columns: (1fr,) * columns, gutter: 8pt, ..cards.pos())
#let nk-grid-card(cover: none, verdict: none, body) = block(width: 100%, stroke: 0.5pt + luma(190), radius: 4pt,
  clip: true, breakable: false)[
  #if cover != none { nk-image-fit(cover, "") }
  #block(inset: 8pt)[
    #if verdict != none { nk-icon(verdict.at(0), if verdict.at(0) == "check" { rgb("#1e6b2e") } else { rgb("#b3261e") }, verdict.at(1)) }
    #body
  ]
]
#let nk-file(name, url, qr, body) = block(width: 100%, stroke: 0.5pt + luma(190), radius: 4pt, inset: 8pt, breakable: false,
  grid(columns: (auto, 1fr, auto), column-gutter: 8pt,
    nk-icon("file", nk-primary, ""),
    [#strong(name) #if url != none [#linebreak()#link(url, text(size: 0.85em, url))] #if body != [] [#linebreak()#body]],
    if qr != none { nk-image(qr, nk-qr-label + ": " + url, height: 2.2cm) }))
// A page's short link as a QR code, right under its title.
#let nk-page-qr(key, url) = block(width: 100%, above: 0.2em, below: 0.9em, breakable: false, sticky: true, align(right,
  stack(dir: ltr, spacing: 6pt, align(horizon, text(size: 7.5pt, fill: luma(80), link(url, url))),
    nk-image(key, nk-qr-label + ": " + url, height: 2cm))))
#let nk-code(title, lang, code) = block(width: 100%, fill: luma(246), stroke: 0.5pt + luma(215), radius: 3pt, inset: 8pt)[
  #if title != none [#text(weight: "bold", size: 0.9em, title)#linebreak()]
  #raw(code, lang: if lang == "" { none } else { lang }, block: true)
]
// An API operation: its method and path in a bar, its summary under them.
#let nk-api(method, path, summary) = block(width: 100%, fill: luma(246), stroke: (left: 3pt + nk-brand),
  inset: 8pt, radius: 2pt, breakable: false, sticky: true)[
  #text(weight: "bold", fill: nk-primary, method) #h(0.4em) #text(font: "DejaVu Sans Mono", size: 0.88em, path)
  #if summary != none [#linebreak()#summary]
]
#let nk-api-part(body) = block(above: 0.9em, below: 0.5em, sticky: true, text(weight: "bold", body))
// A formula: typst math (checked to be math alone when written), else its LaTeX source.
#let nk-math(latex, display, formula) = if formula != none and nk-typeset-math {
  math.equation(block: display, alt: latex, eval(formula, mode: "math"))
} else if display { align(center, raw(latex)) } else { raw(latex) }
#let nk-table(..args) = table(stroke: 0.5pt + luma(180), inset: 5pt, ..args)
#let nk-rule() = line(length: 100%, stroke: 0.5pt + luma(180))
#let nk-mono(body) = text(font: "DejaVu Sans Mono", size: 0.88em, body)
// A page's cover image, above its title: a band as wide as the text, the picture cropped
// to fill it (decoration, as on the site).
#let nk-cover(key) = if not key in nk-bad {
  block(width: 100%, height: 4.2cm, clip: true, radius: 3pt, below: 0.6em, sticky: true,
    pdf.artifact(nk-img(key, width: 100%, height: 100%, fit: "cover")))
}
// The icon a page's front matter names, before its title.
#let nk-title-icon(name) = box(baseline: 15%, nk-icon(name, nk-primary, "")) + h(0.35em)
// A page's description, under its title.
#let nk-description(body) = block(above: 0.2em, below: 1.1em, sticky: true,
  text(size: 1.15em, fill: luma(70), body))
// A role page's box, as the site's: who does it here, its facts, its responsibilities.
#let nk-role(people: (), assigned: false, discipline: none, time: none, responsibilities: ()) = block(
  width: 100%, fill: luma(246), stroke: (left: 3pt + nk-brand), radius: 3pt, inset: 10pt, below: 1.2em, {
  text(weight: "bold", size: 1.05em, nk-words.who)
  if people.len() > 0 {
    block(above: 0.7em, grid(columns: (1fr,) * calc.min(people.len(), 2), gutter: 10pt, ..people.map(p => {
      let about = [
        #strong(p.name)
        #if p.title != none [#linebreak()#p.title]
        #if p.email != none [#linebreak()#link("mailto:" + p.email, p.email)]
        #if p.phone != none [#linebreak()#link("tel:" + p.phone.replace(regex("[^0-9+]"), ""), p.phone)]
      ]
      // A photo beside the name, as on the site (decoration: the name says who it is).
      if p.photo == none or p.photo in nk-bad { about } else {
        grid(columns: (1.5cm, 1fr), column-gutter: 8pt, box(width: 1.5cm, height: 1.5cm, radius: 0.75cm,
          clip: true, pdf.artifact(nk-img(p.photo, width: 100%, height: 100%, fit: "cover"))), about)
      }
    })))
  } else if assigned {
    block(above: 0.7em, emph(nk-words.not-assigned))
  }
  let facts = ((nk-words.discipline, discipline), (nk-words.time, time)).filter(f => f.at(1) != none)
  if facts.len() > 0 {
    block(above: 0.8em, grid(columns: (auto, 1fr), column-gutter: 8pt, row-gutter: 0.5em,
      ..facts.map(((name, value)) => (text(fill: luma(70), name + ":"), strong(value))).flatten()))
  }
  if responsibilities.len() > 0 {
    block(above: 0.9em, below: 0.5em, sticky: true, text(weight: "bold", nk-words.responsibilities))
    list(..responsibilities)
  }
})
// The pages that mention a role, after its text.
#let nk-mentioned(pages) = block(width: 100%, above: 1.6em, stroke: (top: 0.5pt + luma(190)), inset: (top: 8pt), {
  block(below: 0.6em, sticky: true, text(weight: "bold", nk-words.mentioned))
  list(..pages.map(((target, title)) => nk-link(target, title)))
})
// A banner under a page's title: a translation out of date, a page past its review date.
#let nk-banner(body) = block(width: 100%, fill: rgb("#fff4e5"), stroke: (left: 3pt + rgb("#8a4600")),
  inset: (x: 10pt, y: 8pt), radius: 2pt, below: 1.1em, breakable: false, body)
// "About this page": blocks of facts (a heading, (name, value) pairs), after the page's text.
#let nk-about(parts) = block(width: 100%, above: 1.6em, stroke: (top: 0.5pt + luma(190)), inset: (top: 8pt),
  breakable: false, {
  block(below: 0.6em, sticky: true, text(weight: "bold", nk-about-title))
  for part in parts {
    if part.heading != none { block(above: 0.6em, below: 0.4em, sticky: true, emph(part.heading)) }
    grid(columns: (auto, 1fr), column-gutter: 10pt, row-gutter: 0.45em,
      ..part.facts.map(((name, value)) => (text(fill: luma(70), name), value)).flatten())
  }
})
// A folder page's overview of its roles.
#let nk-role-cards(cards) = block(width: 100%, above: 1.4em, {
  block(below: 0.7em, sticky: true, text(weight: "bold", size: 1.05em, nk-words.roles))
  grid(columns: (1fr, 1fr), gutter: 8pt, ..cards.map(card => block(width: 100%, stroke: 0.5pt + luma(190),
    radius: 4pt, inset: 8pt, breakable: false, {
      strong(nk-link(card.label, card.title))
      let facts = (card.discipline, if card.time != none { nk-words.time + ": " + card.time }).filter(f => f != none)
      if facts.len() > 0 [#linebreak()#text(size: 0.9em, fill: luma(70), facts.join(" · "))]
      if card.people.len() > 0 [#linebreak()#card.people.join(", ")] else if card.assigned [#linebreak()#emph(nk-words.not-assigned)]
    })))
})
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_text_in_the_preamble_is_quoted() {
        let page = TypstPage::default();
        let cover = Cover {
            title: "\")] #evil",
            description: None,
            organisation: Some("A & B \\ \"C\""),
            version: None,
            built: "today".into(),
            logo: None,
            primary: "#0b6e6e".into(),
            primary_text: "#0b6e6e".into(),
            on_primary: "#ffffff".into(),
            language: "en",
            paper: Paper::A4,
            body_fonts: vec![],
            heading_fonts: vec![],
            contents: "Contents",
            qr_code: "QR code",
            role_words: RoleWords::from(&neokit_core::i18n::EN),
            about_page: "About this page",
        };
        let pages = [BookPage {
            id: 0,
            title: "*Title*",
            number: "1".into(),
            level: 1,
            group: None,
            description: Some("#evil()"),
            icon: Some("info"),
            typst: &page,
            role: None,
            roles: vec![],
            qr: Some("https://x.org/go/a/".into()),
            banners: vec!["Past its review date \"]#x".into()],
            about: vec![About { heading: None, facts: vec![("Owner".into(), "A ] #b".into())] }],
        }];
        let book = write(&cover, &pages, &ImageFacts::default());
        let source = book.source(true);
        assert!(source.contains("#let nk-site-title = \"\\\")] #evil\""));
        assert!(source.contains("[#nk-number(\"1\")#nk-title-icon(\"info\")#\"*Title*\";] <p0>"), "{source}");
        assert!(source.contains("#nk-page-qr(\"/q/page-0.svg\", \"https://x.org/go/a/\")"), "{source}");
        assert!(source.contains("#nk-description(\"#evil()\")"), "{source}");
        assert!(source.contains("#nk-banner(\"Past its review date \\\"]#x\")"), "{source}");
        assert!(source.contains("#nk-about(((heading: none, facts: ((\"Owner\", \"A ] #b\"), )), ))"), "{source}");
    }

    #[test]
    fn every_level_of_heading_is_smaller_than_the_one_above() {
        for deepest in 0..=14 {
            let sizes = heading_sizes(deepest);
            assert_eq!(sizes.len(), usize::from(deepest.clamp(2, 12)));
            assert_eq!(sizes[0], 1.9);
            assert!(sizes.windows(2).all(|pair| pair[0] - pair[1] >= 0.07), "{deepest}: {sizes:?}");
            assert!(*sizes.last().unwrap() >= 1.05 - 1e-9, "{deepest}: {sizes:?}");
        }
        // A book of groups and pages only: its pages' titles stay large.
        assert!(heading_sizes(2)[1] > 1.7);
    }
}
