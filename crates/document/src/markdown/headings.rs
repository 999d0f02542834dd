//! Heading anchors computed the way GitBook computes them, so links written in GitBook keep
//! pointing at the right section.
//!
//! Input: a heading's plain text. Output: its anchor (`3. Safe` -> `id-3.-safe`). Rules, as
//! observed on real GitBook spaces: `&`, `|`, `<`, `>` become words, apostrophes disappear,
//! text is transliterated to ASCII and lowercased, every run of characters other than
//! `a-z 0-9 . _` becomes one `-`, and an anchor that starts with a digit gets `id-` in front.
//! Explicit `<a id="x"></a>` in a heading wins; duplicates on a page get `-1`, `-2`, ...

use std::collections::HashMap;

use super::cmark::{level_number, parser_options};
use super::html::is_unknown_tag;

/// Heading text as shown: trimmed, without zero-width characters and collapsed spaces.
pub fn clean_heading_text(text: &str) -> String {
    text.replace(['\u{200b}', '\u{200c}', '\u{feff}'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The slug of `text` without the `id-` prefix (used for SUMMARY groups and file slugs).
pub fn slug(text: &str) -> String {
    let mut expanded = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => expanded.push_str(" and "),
            '|' => expanded.push_str(" or "),
            '<' => expanded.push_str(" less than "),
            '>' => expanded.push_str(" greater than "),
            '\'' | '\u{2019}' => {}
            '\u{a0}' => expanded.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            c => expanded.push(c),
        }
    }
    let ascii = if expanded.is_ascii() { expanded } else { deunicode::deunicode_with_tofu(&expanded, "-") };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The anchor GitBook gives a heading with this text.
pub fn anchor(text: &str) -> String {
    let slug = slug(text);
    if slug.starts_with(|c: char| c.is_ascii_digit()) { format!("id-{slug}") } else { slug }
}

/// The `id` of an `<a ... id="x">` tag (GitBook's stored heading anchor), if `html` is one.
pub fn explicit_anchor_id(html: &str) -> Option<String> {
    let html = html.trim();
    if !html.starts_with("<a ") && !html.starts_with("<a\t") {
        return None;
    }
    attribute(html, "id").filter(|id| !id.is_empty())
}

/// The value of attribute `name` in a single start tag (quoted with `"` or `'`, or bare).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let start = from + found;
        let end = start + name.len();
        from = end;
        let before_ok = start > 0 && bytes[start - 1].is_ascii_whitespace();
        let rest = tag[end..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string(),
        });
    }
    None
}

/// Hands out unique anchors on one page: the second "Focus" becomes `focus-1`.
#[derive(Debug, Default)]
pub struct AnchorSet {
    seen: HashMap<String, usize>,
}

impl AnchorSet {
    pub fn unique(&mut self, wanted: String) -> String {
        let wanted = if wanted.is_empty() { "section".to_string() } else { wanted };
        let Some(&count) = self.seen.get(&wanted) else {
            self.seen.insert(wanted.clone(), 0);
            return wanted;
        };
        let mut count = count;
        loop {
            count += 1;
            let candidate = format!("{wanted}-{count}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(wanted, count);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }

    /// Reserves an explicit id so computed ones do not collide with it.
    pub fn reserve(&mut self, id: &str) -> String {
        self.unique(id.to_string())
    }
}

/// The form anchors are compared in when a link's anchor matches no heading exactly:
/// without `id-` and without anything but letters and digits.
pub fn fuzzy_key(anchor: &str) -> String {
    let anchor = anchor.strip_prefix("id-").unwrap_or(anchor);
    slug(anchor).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A heading of a page's own text (includes not expanded) and the text it heads.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub level: u8,
    pub title: String,
    /// The anchor GitBook gives it (as in links).
    pub anchor: String,
    /// The heading itself (its line, or lines for a setext heading).
    pub heading: std::ops::Range<usize>,
    /// Where the next heading of any level starts (or the end of the text).
    pub end: usize,
}

/// The headings of a page's Markdown text with their byte ranges, for pinning sections and
/// placing inserts. Anchors are given as on the rendered page.
pub fn spans(text: &str) -> Vec<Span> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut anchors = AnchorSet::default();
    let mut found: Vec<Span> = Vec::new();
    let mut current: Option<(u8, String, Option<String>, usize)> = None;
    for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(level), String::new(), None, range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title, explicit, start)) = current.take() {
                    let title = clean_heading_text(&title);
                    let anchor = match explicit {
                        Some(id) => anchors.reserve(&id),
                        None => anchors.unique(anchor(&title)),
                    };
                    // The heading's line starts at the line start (after any indentation).
                    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let start = if text[line_start..start].trim().is_empty() { line_start } else { start };
                    if let Some(previous) = found.last_mut() {
                        previous.end = start;
                    }
                    found.push(Span { level, title, anchor, heading: start..range.end, end: text.len() });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, title, _, _)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some((_, title, explicit, _)) = current.as_mut() {
                    if is_unknown_tag(&html) {
                        title.push_str(&html);
                    } else if let Some(id) = explicit_anchor_id(&html) {
                        *explicit = Some(id);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title, _, _)) = current.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitbook_examples() {
        assert_eq!(anchor("3. Safe: obtaining consent"), "id-3.-safe-obtaining-consent");
        assert_eq!(
            anchor("1. Consent & Transparency: The Foundation of Trust"),
            "id-1.-consent-and-transparency-the-foundation-of-trust"
        );
        assert_eq!(anchor("Safe: obtaining consent"), "safe-obtaining-consent");
        assert_eq!(anchor("What's new?"), "whats-new");
        assert_eq!(anchor("Math & TeX"), "math-and-tex");
        assert_eq!(anchor("Badge | Released"), "badge-or-released");
        assert_eq!(anchor("Scores > X"), "scores-greater-than-x");
        assert_eq!(anchor("Farcaster User(s)"), "farcaster-user-s");
        assert_eq!(anchor("Abuse via .git/HEAD"), "abuse-via-.git-head");
        assert_eq!(anchor("Vue.js"), "vue.js");
        assert_eq!(anchor("Kiểm tra vị trí"), "kiem-tra-vi-tri");
        assert_eq!(anchor("Casts's"), "castss");
        assert_eq!(slug("2.1 Pioneer Team"), "2.1-pioneer-team");
        assert_eq!(anchor("  Trailing -- dashes --  "), "trailing-dashes");
        assert_eq!(anchor("Zorg\u{a0}voor de baby"), "zorg-voor-de-baby");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut set = AnchorSet::default();
        assert_eq!(set.unique("focus".into()), "focus");
        assert_eq!(set.unique("focus".into()), "focus-1");
        assert_eq!(set.unique("focus".into()), "focus-2");
        assert_eq!(set.unique("focus-1".into()), "focus-1-1");
        assert_eq!(set.unique(String::new()), "section");
    }

    #[test]
    fn explicit_ids() {
        assert_eq!(explicit_anchor_id("<a href=\"#stable-id\" id=\"stable-id\">").as_deref(), Some("stable-id"));
        assert_eq!(explicit_anchor_id("<a id='x'>").as_deref(), Some("x"));
        assert_eq!(explicit_anchor_id("<span id=\"x\">"), None);
        assert_eq!(attribute("<a data-id=\"no\" id=yes>", "id").as_deref(), Some("yes"));
    }

    #[test]
    fn spans_cover_the_text_between_headings() {
        let text = "# Title\n\nIntro\n\n## Consent\n\nAsk.\n\n```\n# not a heading\n```\n\n  ### Who <a id=\"who\"></a>\n\nUs\n\n## Consent\n";
        let found = spans(text);
        let anchors: Vec<&str> = found.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["title", "consent", "who", "consent-1"]);
        assert_eq!(&text[found[1].heading.clone()], "## Consent\n");
        assert!(text[found[1].heading.start..found[1].end].contains("# not a heading"));
        assert!(text[found[2].heading.start..].starts_with("  ### Who"));
        assert_eq!(found[3].end, text.len());
    }

    #[test]
    fn fuzzy() {
        assert_eq!(fuzzy_key("id-3.-safe"), fuzzy_key("3-safe"));
        assert_eq!(fuzzy_key("from-build--deploy"), "frombuilddeploy");
    }
}
