//! The drift report for people who do not read diffs: what upstream changed, sentence by
//! sentence, with the changed words marked.
//!
//! Input: the pinned text and today's (for [`changes`]), then the report's entries. Output:
//! [`Change`]s (the sentences that differ, as they were and as they are now, with the heading
//! they are under), the terminal's lines for them (colour, or plain marks `[-…-]` and `{+…+}`),
//! and a self-contained HTML report (inline CSS allowed by a hash in a strict
//! Content-Security-Policy, no script, nothing fetched). The web page is drawn from a
//! [`Page`] of [`Entry`]s, which knows nothing of what was compared: `drift::html` makes one of a
//! hospital's drift `Report`, `translations::html` one of the translations'. Pure functions;
//! nothing is written.
//!
//! Texts are compared as Markdown source, normalised as pins are (`pins::normalise`): a
//! paragraph's lines are joined and split into sentences (Unicode sentence bounds, UAX #29), a
//! heading, list item, table row, quote or tag line starts a new piece, code and front matter
//! go line by line. The sentences are compared with `similar` (patience), then the words of
//! each changed group (Unicode word bounds).

use std::fmt::Write as _;

use base64::Engine as _;
use serde::Serialize;
use sha2::Digest as _;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};
use unicode_segmentation::UnicodeSegmentation as _;

use crate::pins::{self, Status};
use neokit_core::htmltext::escape;

/// Sentences that upstream changed: as they were when pinned and as they are now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The heading the sentences are under ("" before the first heading).
    pub heading: String,
    /// The sentences as pinned ("" when upstream added them).
    pub was: String,
    /// The sentences as upstream has them now ("" when upstream took them out).
    pub now: String,
}

/// One piece of text compared as a whole, with the heading it is under.
struct Piece {
    text: String,
    heading: String,
}

/// The changed sentences from `before` (the pinned text) to `after` (today's).
pub fn changes(before: &str, after: &str) -> Vec<Change> {
    let (old, new) = (pieces(&pins::normalise(before)), pieces(&pins::normalise(after)));
    let old_texts: Vec<&str> = old.iter().map(|p| p.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|p| p.text.as_str()).collect();
    let ops = similar::capture_diff_slices(Algorithm::Patience, &old_texts, &new_texts);
    let mut found = Vec::new();
    // The old and new pieces of the group of changes being gathered.
    let mut group: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let mut flush = |group: &mut Option<(std::ops::Range<usize>, std::ops::Range<usize>)>| {
        if let Some((was, now)) = group.take() {
            let heading = new.get(now.start).filter(|_| !now.is_empty()).or_else(|| old.get(was.start));
            let join = |pieces: &[Piece]| pieces.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
            found.push(Change {
                heading: heading.map(|p| p.heading.clone()).unwrap_or_default(),
                was: join(&old[was]),
                now: join(&new[now]),
            });
        }
    };
    for op in ops {
        if let DiffOp::Equal { .. } = op {
            flush(&mut group);
            continue;
        }
        let (was, now) = (op.old_range(), op.new_range());
        group = Some(match group.take() {
            Some((a, b)) => (a.start..was.end.max(a.end), b.start..now.end.max(b.end)),
            None => (was, now),
        });
    }
    flush(&mut group);
    found
}

/// The text cut into the pieces compared as a whole.
fn pieces(text: &str) -> Vec<Piece> {
    let mut found: Vec<Piece> = Vec::new();
    let mut heading = String::new();
    let mut paragraph = String::new();
    let mut fence: Option<&str> = None;
    let mut lines = text.lines().peekable();
    let push = |found: &mut Vec<Piece>, text: &str, heading: &str| {
        found.push(Piece { text: text.to_string(), heading: heading.to_string() });
    };
    // Front matter, line by line.
    if let Some(first) = lines.next_if_eq(&"---") {
        push(&mut found, first, "");
        for line in lines.by_ref() {
            push(&mut found, line, "");
            if line == "---" {
                break;
            }
        }
    }
    let flush = |found: &mut Vec<Piece>, paragraph: &mut String, heading: &str| {
        if !paragraph.is_empty() {
            for sentence in sentences(paragraph) {
                found.push(Piece { text: sentence, heading: heading.to_string() });
            }
            paragraph.clear();
        }
    };
    for line in lines {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            push(&mut found, line, &heading);
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut found, &mut paragraph, &heading);
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            flush(&mut found, &mut paragraph, &heading);
            fence = Some(marker);
            push(&mut found, line, &heading);
            continue;
        }
        if trimmed.starts_with('#') {
            flush(&mut found, &mut paragraph, &heading);
            push(&mut found, trimmed, &heading);
            heading = trimmed.trim_start_matches('#').trim().trim_end_matches('#').trim().to_string();
            continue;
        }
        if trimmed.starts_with('|') || trimmed.starts_with("{%") || trimmed.starts_with('<') {
            flush(&mut found, &mut paragraph, &heading);
            push(&mut found, trimmed, &heading);
            continue;
        }
        if starts_block(trimmed) {
            flush(&mut found, &mut paragraph, &heading);
        }
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(trimmed);
    }
    flush(&mut found, &mut paragraph, &heading);
    found
}

/// A list item or a quote: a new piece, which the lines after it continue.
fn starts_block(line: &str) -> bool {
    list_marker(line).is_some() || line.starts_with('>')
}

/// The length of a list item's marker with its space (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && bytes.get(1) == Some(&b' ') {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=9)
        .contains(&digits)
        .then_some(())
        .filter(|_| matches!(bytes.get(digits), Some(b'.' | b')')) && bytes.get(digits + 1) == Some(&b' '))
        .map(|_| digits + 2)
}

/// A paragraph's sentences; a list item's or quote's marker stays with its first sentence.
fn sentences(paragraph: &str) -> Vec<String> {
    let quote = paragraph.len() - paragraph.trim_start_matches(['>', ' ']).len();
    let start = if quote > 0 { quote } else { list_marker(paragraph).unwrap_or(0) };
    let (marker, rest) = paragraph.split_at(start);
    let mut found: Vec<String> =
        rest.split_sentence_bounds().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    match found.first_mut() {
        Some(first) => first.insert_str(0, marker),
        None => found.push(marker.trim_end().to_string()),
    }
    found
}

/// A stretch of a change's text: the same on both sides, or different.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    Same(String),
    Changed { was: String, now: String },
}

/// The words of `was` and `now`, the changed ones grouped. Words that differ so much that
/// marking them word by word would only be noise are one change.
pub fn words(was: &str, now: &str) -> Vec<Words> {
    let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_unicode_words(was, now);
    if diff.ratio() < 0.4 {
        return vec![Words::Changed { was: was.to_string(), now: now.to_string() }];
    }
    let mut found: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), found.last_mut()) {
            (ChangeTag::Equal, Some(Words::Same(text))) => text.push_str(value),
            (ChangeTag::Equal, _) => found.push(Words::Same(value.to_string())),
            (tag, Some(Words::Changed { was, now })) => {
                if tag == ChangeTag::Delete { was } else { now }.push_str(value);
            }
            (tag, _) => found.push(match tag {
                ChangeTag::Delete => Words::Changed { was: value.to_string(), now: String::new() },
                _ => Words::Changed { was: String::new(), now: value.to_string() },
            }),
        }
    }
    // Spaces, punctuation or one or two short words alone between two changes join them:
    // "[-a-] [-b-]" reads worse than "[-a b-]", and "What [-surprised-] you [-when-] you
    // [-watched-]" worse than "What [-surprised you when you watched-]".
    let mut joined: Vec<Words> = Vec::with_capacity(found.len());
    let mut rest = found.into_iter().peekable();
    while let Some(words) = rest.next() {
        let between = matches!(&words, Words::Same(text) if is_glue(text))
            && matches!(joined.last(), Some(Words::Changed { .. }))
            && matches!(rest.peek(), Some(Words::Changed { .. }));
        if let (true, Words::Same(text)) = (between, &words) {
            let Some(Words::Changed { was: next_was, now: next_now }) = rest.next() else { unreachable!() };
            if let Some(Words::Changed { was, now }) = joined.last_mut() {
                was.push_str(text);
                was.push_str(&next_was);
                now.push_str(text);
                now.push_str(&next_now);
            }
            continue;
        }
        joined.push(words);
    }
    joined
}

/// Text too slight to stand between two changes: no more than two words of up to four letters.
fn is_glue(text: &str) -> bool {
    let words: Vec<&str> = text.unicode_words().collect();
    words.len() <= 2 && words.iter().all(|w| w.chars().count() <= 4)
}

/// How a side of a change is written: its same words as they are, its changed words through
/// `mark` (given the words without the spaces around them).
fn side(words: &[Words], now: bool, mark: &dyn Fn(&str) -> String, escape_text: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for piece in words {
        match piece {
            Words::Same(text) => out.push_str(&escape_text(text)),
            Words::Changed { was, now: new } => {
                let text = if now { new } else { was };
                if text.is_empty() {
                    continue;
                }
                let core = text.trim();
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                out.push_str(lead);
                if !core.is_empty() {
                    out.push_str(&mark(core));
                }
                out.push_str(trail);
            }
        }
    }
    out
}

/// Words for a side that has nothing.
const NOT_THERE: &str = "(not there before)";
const TAKEN_OUT: &str = "(taken out)";

/// The legend printed once above the changes.
pub fn legend(color: bool) -> String {
    if color {
        format!(
            "Changed words: {} were taken out, {} are new.",
            paint(true, "crossed out in red", REMOVED),
            paint(true, "bold in green", ADDED)
        )
    } else {
        "Changed words: [-like this-] were taken out, {+like this+} are new.".into()
    }
}

const REMOVED: &str = "9;31";
const ADDED: &str = "1;32";

fn paint(color: bool, text: &str, code: &str) -> String {
    if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

/// An item's changes for the terminal, each line starting with `indent`: the heading they are
/// under, then "was:" and "now:" one above the other so that the words line up.
pub fn terminal(changes: &[Change], color: bool, indent: &str) -> String {
    let mut out = String::new();
    let mut heading: Option<&str> = None;
    for change in changes {
        if heading != Some(&change.heading) {
            heading = Some(&change.heading);
            let place = if change.heading.is_empty() {
                "Before the first heading:".to_string()
            } else {
                format!("Under \"{}\":", change.heading)
            };
            let _ = writeln!(out, "{indent}{place}");
        }
        let words = words(&change.was, &change.now);
        let removed = |text: &str| if color { paint(true, text, REMOVED) } else { format!("[-{text}-]") };
        let added = |text: &str| if color { paint(true, text, ADDED) } else { format!("{{+{text}+}}") };
        let plain = |text: &str| text.to_string();
        let was = if change.was.is_empty() { NOT_THERE.to_string() } else { side(&words, false, &removed, &plain) };
        let now = if change.now.is_empty() { TAKEN_OUT.to_string() } else { side(&words, true, &added, &plain) };
        let _ = writeln!(out, "{indent}  was: {was}");
        let _ = writeln!(out, "{indent}  now: {now}");
    }
    out
}

/// The stylesheet of the HTML report. Colours meet WCAG AA (4.5:1) in both schemes.
pub const STYLE: &str = "\
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#555;--line:#c8c8c8;--head:#f3f3f3;\
--del-bg:#fde8e8;--del-fg:#8c1515;--ins-bg:#e2f4e6;--ins-fg:#0b5a22;--warn:#7a4a00;--ok:#1d5e2e;--link:#0b4fb3}\
@media (prefers-color-scheme:dark){:root{--bg:#16181b;--fg:#ececec;--muted:#b4b4b4;--line:#4a4d52;\
--head:#222529;--del-bg:#4a1a1c;--del-fg:#ffd4d1;--ins-bg:#133a20;--ins-fg:#c8f2d2;--warn:#ffd08a;--ok:#a6e3b4;\
--link:#9cc3ff}}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\
main{max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
h1{font-size:1.7rem;margin:0 0 .5rem}h2{font-size:1.3rem;margin:2.2rem 0 .4rem;overflow-wrap:anywhere}\
a{color:var(--link)}\
p,ul{margin:.4rem 0}.muted{color:var(--muted)}code{font-family:ui-monospace,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}\
.status{font-weight:600}.status-changed,.status-removed,.status-unpinned{color:var(--warn)}.status-current{color:var(--ok)}\
table{width:100%;border-collapse:collapse;margin:.6rem 0 1rem;table-layout:fixed}\
th,td{border:1px solid var(--line);padding:.5rem .65rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
thead th{background:var(--head)}th.where{background:var(--head);font-weight:600}\
del{background:var(--del-bg);color:var(--del-fg);text-decoration:line-through;text-decoration-thickness:2px}\
ins{background:var(--ins-bg);color:var(--ins-fg);text-decoration:underline;text-decoration-thickness:2px;font-weight:600}\
del,ins{padding:0 .15em;border-radius:.2em;box-decoration-break:clone;-webkit-box-decoration-break:clone}\
.none{color:var(--muted);font-style:italic}\
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}\
footer{max-width:72rem;margin:0 auto;padding:1rem 1rem 2rem;border-top:1px solid var(--line)}\
@media print{del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/// A drift report as one web page, whatever was compared (a hospital's adapted pages and
/// inserts against the shared guide, translations against their original): the words around
/// the entries, and the entries. Fields named `..._html` are HTML already (text escaped);
/// the others are plain text.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: String,
    /// The language of the compared text (the kit's `language`), for the rows' `lang`: the
    /// report's own words are English. Empty when unknown.
    pub text_lang: String,
    /// Paragraphs under the title (what was compared, the counts).
    pub intro_html: Vec<String>,
    /// What the two columns hold, completing "each row shows the sentences …" (shown when any
    /// entry has changes).
    pub sides_html: String,
    pub entries: Vec<Entry>,
    /// Lists after the entries (pages changed elsewhere, notes).
    pub lists: Vec<List>,
    /// The footer's one paragraph: what to do after reading.
    pub footer_html: String,
}

/// One page (or insert) of the report and how it stands.
#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    pub status: Status,
    /// What the status means, in words; the table of contents shows it as it is, the entry
    /// capitalised.
    pub status_html: String,
    /// Completes the status line after the status (which file holds the text).
    pub file_html: String,
    /// Paragraphs after the status line (where the text went, notes).
    pub details_html: Vec<String>,
    pub changes: Vec<Change>,
    /// The columns' headings, "Was …" and "Now …".
    pub was_html: String,
    pub now_html: String,
    /// What a person does next, if anything.
    pub next_html: Option<String>,
}

/// A list after the entries.
#[derive(Debug, Clone)]
pub struct List {
    pub title: String,
    pub intro_html: Option<String>,
    pub items_html: Vec<String>,
}

/// A drift page as a web page: everything in the one file, nothing fetched.
pub fn page_html(page: &Page) -> String {
    let style_hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE.as_bytes()));
    let title = escape(&page.title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{style_hash}'; \
img-src 'none'; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"color-scheme\" content=\"light dark\">\n\
<meta name=\"generator\" content=\"neokit drift\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    for paragraph in &page.intro_html {
        let _ = writeln!(out, "<p>{paragraph}</p>");
    }
    if page.entries.iter().any(|e| !e.changes.is_empty()) {
        let _ = writeln!(
            out,
            "<p>How to read the changes: each row shows the sentences {}. \
Words taken out are <del><span class=\"visually-hidden\">removed: </span>crossed out</del>; \
new words are <ins><span class=\"visually-hidden\">added: </span>underlined</ins>.</p>",
            page.sides_html
        );
    }
    if page.entries.iter().any(|e| e.status != Status::Current) {
        out.push_str("<nav aria-labelledby=\"to-review\">\n<h2 id=\"to-review\">To review</h2>\n<ul>\n");
        for (i, entry) in page.entries.iter().enumerate().filter(|(_, e)| e.status != Status::Current) {
            let _ = writeln!(
                out,
                "<li><a href=\"#item-{}\">{}</a>: {}</li>",
                i + 1,
                escape(&entry.title),
                entry.status_html
            );
        }
        out.push_str("</ul>\n</nav>\n");
    }
    for (i, entry) in page.entries.iter().enumerate() {
        entry_html(&mut out, i + 1, entry, &page.text_lang);
    }
    for list in page.lists.iter().filter(|l| !l.items_html.is_empty()) {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&list.title));
        if let Some(intro) = &list.intro_html {
            let _ = writeln!(out, "<p>{intro}</p>");
        }
        out.push_str("<ul>\n");
        for item in &list.items_html {
            let _ = writeln!(out, "<li>{item}</li>");
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(out, "</main>\n<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>\n", page.footer_html);
    out
}

/// A count with its noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn entry_html(out: &mut String, number: usize, entry: &Entry, text_lang: &str) {
    // The compared sentences are in the guide's language; the words added for screen readers
    // ("removed:") are the report's, English.
    let english = text_lang.is_empty() || text_lang == "en" || text_lang.starts_with("en-");
    let (cell, own) = if english {
        ("<td>".to_string(), "")
    } else {
        (format!("<td lang=\"{}\">", escape(text_lang)), " lang=\"en\"")
    };
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"item-{number}\">\n<h2 id=\"item-{number}\">{}</h2>",
        escape(&entry.title)
    );
    let _ = writeln!(
        out,
        "<p><span class=\"status status-{}\">{}</span>. {}.</p>",
        entry.status.word(),
        capitalised(&entry.status_html),
        entry.file_html
    );
    for detail in &entry.details_html {
        let _ = writeln!(out, "<p>{detail}</p>");
    }
    if !entry.changes.is_empty() {
        let _ = writeln!(
            out,
            "<table>\n<caption class=\"visually-hidden\">Changed sentences of {}</caption>\n\
<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            escape(&entry.title),
            entry.was_html,
            entry.now_html
        );
        let mut heading: Option<&str> = None;
        for change in &entry.changes {
            if heading != Some(&change.heading) {
                heading = Some(&change.heading);
                let place = if change.heading.is_empty() {
                    "Before the first heading".to_string()
                } else {
                    format!("Under “{}”", escape(&change.heading))
                };
                let _ = writeln!(out, "<tr><th class=\"where\" colspan=\"2\" scope=\"colgroup\">{place}</th></tr>");
            }
            let words = words(&change.was, &change.now);
            let removed = |text: &str| {
                format!(
                    "<del><span class=\"visually-hidden\"{own}>[removed: </span>{}<span class=\"visually-hidden\">]</span></del>",
                    escape(text)
                )
            };
            let added = |text: &str| {
                format!(
                    "<ins><span class=\"visually-hidden\"{own}>[added: </span>{}<span class=\"visually-hidden\">]</span></ins>",
                    escape(text)
                )
            };
            let none = |words: &str| format!("<span class=\"none\"{own}>{words}</span>");
            let was = if change.was.is_empty() { none(NOT_THERE) } else { side(&words, false, &removed, &escape) };
            let now = if change.now.is_empty() { none(TAKEN_OUT) } else { side(&words, true, &added, &escape) };
            let _ = writeln!(out, "<tr>{cell}{was}</td>{cell}{now}</td></tr>");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if let Some(next) = &entry.next_html {
        let _ = writeln!(out, "<p>{next}.</p>");
    }
    out.push_str("</section>\n");
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A note with its `code` spans marked up.
pub fn code_spans(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_of_a_paragraph_are_compared_one_by_one() {
        let before =
            "# Consent\n\nAsk both parents. Write it down.\nKeep the form.\n\n## Storage\n\nDelete after a year.\n";
        let after = "# Consent\n\nAsk both parents. Write it down in the record.\nKeep the form.\n\n## Storage\n\nDelete after a year.\n";
        assert_eq!(
            changes(before, after),
            [Change {
                heading: "Consent".into(),
                was: "Write it down.".into(),
                now: "Write it down in the record.".into()
            }]
        );
    }

    #[test]
    fn added_and_removed_sentences_have_an_empty_side() {
        let before = "## Asking\n\n1. What went well?\n2. What surprised you?\n";
        let after = "## Asking\n\n1. What went well?\n\nA new paragraph.\n";
        let found = changes(before, after);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].was, "2. What surprised you?");
        assert_eq!(found[0].now, "A new paragraph.");
        let added = changes("One.\n", "One. Two.\n");
        assert_eq!(added, [Change { heading: String::new(), was: String::new(), now: "Two.".into() }]);
        assert!(changes("Same.\r\n\r\n\r\n", "Same.  \n").is_empty());
    }

    #[test]
    fn list_markers_front_matter_and_code_are_not_sentences() {
        let text =
            "---\ndescription: One. Two.\n---\n\n- first item. still\n  the same item.\n2. Second\n\n```\na. b.\n```\n";
        let found: Vec<String> = pieces(text).into_iter().map(|p| p.text).collect();
        assert_eq!(
            found,
            [
                "---",
                "description: One. Two.",
                "---",
                "- first item. still the same item.",
                "2. Second",
                "```",
                "a. b.",
                "```"
            ]
        );
    }

    #[test]
    fn changed_words_are_marked_and_neighbours_joined() {
        let words = words("Ask both parents before recording.", "Ask both parents before recording, in writing.");
        let plain = |t: &str| t.to_string();
        let was = side(&words, false, &|t| format!("[-{t}-]"), &plain);
        let now = side(&words, true, &|t| format!("{{+{t}+}}"), &plain);
        assert_eq!(was, "Ask both parents before recording.");
        assert_eq!(now, "Ask both parents before recording{+, in writing+}.");
        // Short words common to both sides do not cut a rewritten phrase into pieces.
        let words = super::words(
            "What surprised you when you watched it back?",
            "What did you notice on the recording that you missed at the time?",
        );
        let was = side(&words, false, &|t| format!("[-{t}-]"), &plain);
        assert_eq!(was, "What [-surprised you when you watched it back-]?");
        // Two changed words with only a space between them are one change.
        let words = super::words("Call the nurse in charge now.", "Call the video lead now.");
        let now = side(&words, true, &|t| format!("{{+{t}+}}"), &plain);
        assert_eq!(now, "Call the {+video lead+} now.");
        // Nothing in common: one change, not a word salad.
        assert_eq!(super::words("Alpha beta.", "Gamma delta epsilon?").len(), 1);
    }

    #[test]
    fn terminal_lines_plain_and_coloured() {
        let changes = [
            Change { heading: "Asking".into(), was: "Ask both parents.".into(), now: "Ask one parent.".into() },
            Change { heading: "Asking".into(), was: String::new(), now: "New.".into() },
        ];
        assert_eq!(
            terminal(&changes, false, "  "),
            "  Under \"Asking\":\n    was: Ask [-both parents-].\n    now: Ask {+one parent+}.\n    \
was: (not there before)\n    now: {+New.+}\n"
        );
        let coloured = terminal(&changes, true, "");
        assert!(coloured.contains("\x1b[9;31mboth parents\x1b[0m") && !coloured.contains("[-"), "{coloured:?}");
    }

    #[test]
    fn a_page_without_changes_or_open_entries_has_no_guide_to_reading_and_no_list_of_them() {
        let entry = Entry {
            title: "a<b>.md".into(),
            status: Status::Current,
            status_html: "up to date".into(),
            file_html: "Yours".into(),
            details_html: Vec::new(),
            changes: Vec::new(),
            was_html: "Was".into(),
            now_html: "Now".into(),
            next_html: None,
        };
        let page = Page {
            title: "T & U".into(),
            entries: vec![entry],
            lists: vec![
                List { title: "Empty".into(), intro_html: Some("never shown".into()), items_html: Vec::new() },
                List { title: "Kept".into(), intro_html: None, items_html: vec!["<code>x</code>".into()] },
            ],
            footer_html: "Done.".into(),
            ..Page::default()
        };
        let out = page_html(&page);
        assert!(out.contains("<title>T &amp; U</title>") && out.contains("<h1>T &amp; U</h1>"), "{out}");
        assert!(out.contains("<h2 id=\"item-1\">a&lt;b&gt;.md</h2>\n<p><span class=\"status status-current\">Up to date</span>. Yours.</p>\n</section>"), "{out}");
        assert!(!out.contains("How to read") && !out.contains("<nav") && !out.contains("Empty"), "{out}");
        assert!(
            out.contains("<h2>Kept</h2>\n<ul>\n<li><code>x</code></li>\n</ul>\n</main>\n<footer>\n<p>Done.</p>"),
            "{out}"
        );
    }
}
