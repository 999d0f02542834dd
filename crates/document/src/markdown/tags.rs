//! The syntax of GitBook's tags in a page: lines split into text and `{% name attrs %}`
//! tags (fence-aware, code spans left alone), tag attributes as GitBook writes them, and the
//! inline idioms (`{% icon %}`, emoji shortcodes) the scanner rewrites.
//!
//! Input: a file's text. Output: its [`Line`]s and [`Tag`]s, which [`super::blocks`] pairs
//! and turns into markers.

use super::block::BlockKind;
use super::headings;
use neokit_core::icons;

/// One piece of a line: literal text or a tag.
#[derive(Debug)]
pub(super) enum Piece {
    Text(usize, usize),
    Tag(usize),
}

#[derive(Debug)]
pub(super) struct Tag {
    pub(super) name: String,
    pub(super) kind: BlockKind,
    pub(super) end: bool,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) start: usize,
    /// Offset just after the tag's `%}`.
    pub(super) stop: usize,
    /// For an opening tag: nothing but white space up to its end tag.
    pub(super) empty: bool,
    /// For an opening tag: how it ends.
    pub(super) partner: Partner,
    /// Opening tags to close implicitly right before this tag (unclosed children).
    pub(super) closes_before: Vec<usize>,
    pub(super) dropped: bool,
}

/// How an opening tag ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Partner {
    /// It stands alone.
    None,
    /// At its end tag (the tag's number).
    End(usize),
    /// It needs an end tag and has none: it ends where its parent does, or at the end of
    /// the file.
    Unclosed,
}

pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) indent: usize,
    /// Length of a list marker (`* `, `1. `) before the first tag, if any.
    pub(super) marker: usize,
    pub(super) kind: LineKind,
}

pub(super) enum LineKind {
    /// Markdown text without tags (inline GitBook idioms are still rewritten).
    Plain,
    /// Inside a code fence: copied as written.
    Literal,
    /// A `$$` ... `$$` block: the formula is `text[start..end]`.
    Math(usize, usize),
    /// A line with tags.
    Tags(Vec<Piece>),
}

/// Splits `text[base..]` into lines and finds tags outside code. All offsets are offsets
/// in `text`.
pub(super) fn tokenize(text: &str, base: usize) -> (Vec<Line>, Vec<Tag>) {
    let mut lines = Vec::new();
    let mut tags = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // A `$$` block being read: (its lines so far, offset after the opening `$$` line).
    let mut math: Option<(Vec<Line>, usize)> = None;
    let mut offset = base;
    for raw in text[base..].split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        // Fences: ``` or ~~~ (three or more), closed by the same character, at least as long.
        if let Some((ch, len)) = fence {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            lines.push(Line { start, end: offset, indent, marker: 0, kind: LineKind::Literal });
            continue;
        }
        if trimmed.trim_end() == "$$" {
            match math.take() {
                Some((_, body_start)) => {
                    lines.push(Line {
                        start: body_start,
                        end: offset,
                        indent,
                        marker: 0,
                        kind: LineKind::Math(body_start, start),
                    });
                }
                None => math = Some((Vec::new(), offset)),
            }
            continue;
        }
        if let Some((block, _)) = math.as_mut() {
            block.push(Line { start, end: offset, indent, marker: 0, kind: LineKind::Plain });
            continue;
        }
        let fence_probe = trimmed.trim_start_matches(['*', '-', '+', '>', ' ']);
        for ch in ['`', '~'] {
            let run = fence_probe.chars().take_while(|&c| c == ch).count();
            if run >= 3 && !(ch == '`' && fence_probe[run..].contains('`')) {
                fence = Some((ch, run));
            }
        }
        if fence.is_some() {
            lines.push(Line { start, end: offset, indent, marker: 0, kind: LineKind::Literal });
            continue;
        }
        if !content.contains("{%") {
            lines.push(Line { start, end: offset, indent, marker: 0, kind: LineKind::Plain });
            continue;
        }
        let pieces = split_tags(text, start + indent, start + content.len(), &mut tags);
        if pieces.iter().all(|p| matches!(p, Piece::Text(..))) {
            lines.push(Line { start, end: offset, indent, marker: 0, kind: LineKind::Plain });
            continue;
        }
        // A list marker before the first tag stays in front of the first piece.
        let marker = match pieces.first() {
            Some(Piece::Text(s, e)) if is_list_marker(text[*s..*e].trim_end()) => e - s,
            _ => 0,
        };
        let pieces = if marker > 0 { pieces.into_iter().skip(1).collect() } else { pieces };
        lines.push(Line { start, end: offset, indent, marker, kind: LineKind::Tags(pieces) });
    }
    // An unclosed `$$` is text: the `$$` line and what followed it.
    if let Some((block, body_start)) = math {
        let open_start = text[..body_start].trim_end_matches(['\n', '\r']).rfind('\n').map_or(base, |i| i + 1);
        lines.push(Line { start: open_start.max(base), end: body_start, indent: 0, marker: 0, kind: LineKind::Plain });
        lines.extend(block);
    }
    (lines, tags)
}

/// `<i class="fa-book">:book:</i>` -> (length, inline SVG, the name when neokit has no such
/// icon), given where the opening tag's `>` and the `</i>` are. Unknown icons are left out:
/// their `:name:` text is only a fallback for missing fonts.
pub(super) fn icon_tag(text: &str, end_of_tag: usize, close: usize) -> Option<(usize, String, Option<String>)> {
    let class = headings::attribute(&text[..end_of_tag + 1], "class")?;
    // `fa-solid fa-book`: the first class is the style, the name comes after it.
    const STYLES: [&str; 8] = ["solid", "regular", "light", "thin", "duotone", "brands", "sharp", "fw"];
    let name = class.split_whitespace().filter_map(|c| c.strip_prefix("fa-")).find(|name| !STYLES.contains(name))?;
    let length = close + "</i>".len();
    Some(match icons::from_font_awesome(name) {
        Some(icon) => (length, format!("<span class=\"fa-icon\">{}</span>", icons::svg(icon)), None),
        None => (length, String::new(), Some(name.to_string())),
    })
}

/// `:sparkles:` (also `:white\_check\_mark:`) -> (length, emoji).
pub(super) fn emoji_shortcode(text: &str) -> Option<(usize, String)> {
    let body = &text[1..];
    let end = body.find(':')?;
    let name = &body[..end];
    if name.is_empty()
        || name.len() > 40
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '\\'))
    {
        return None;
    }
    let emoji = emojis::get_by_shortcode(&name.replace('\\', ""))?;
    Some((end + 2, emoji.as_str().to_string()))
}

pub(super) fn is_list_marker(text: &str) -> bool {
    matches!(text, "*" | "-" | "+")
        || (text.ends_with(['.', ')'])
            && text.len() <= 10
            && text[..text.len() - 1].chars().all(|c| c.is_ascii_digit())
            && text.len() > 1)
}

/// The next place of `needle` in a line at or after a position. The answer is remembered, so
/// a line with many openers and no closer (`{%` without `%}`) is searched once rather than
/// once per opener: scanning stays linear on hostile input.
pub(super) struct NextMatch<'a> {
    pub(super) text: &'a str,
    pub(super) needle: &'a str,
    /// The last search: where it started and what it found.
    pub(super) last: Option<(usize, Option<usize>)>,
}

impl<'a> NextMatch<'a> {
    pub(super) fn new(text: &'a str, needle: &'a str) -> NextMatch<'a> {
        NextMatch { text, needle, last: None }
    }

    pub(super) fn from(&mut self, at: usize) -> Option<usize> {
        match self.last {
            Some((searched, None)) if searched <= at => return None,
            Some((searched, Some(found))) if searched <= at && found >= at => return Some(found),
            _ => {}
        }
        let found = self.text.get(at..)?.find(self.needle).map(|found| found + at);
        self.last = Some((at, found));
        found
    }
}

/// Code spans in a line: a run of backticks up to the next run of the same length. A run
/// without a closer means no longer run after it has one, so those are not searched again.
pub(super) struct CodeSpans {
    pub(super) unclosed: usize,
}

impl Default for CodeSpans {
    fn default() -> CodeSpans {
        CodeSpans { unclosed: usize::MAX }
    }
}

impl CodeSpans {
    /// How many bytes to skip at the backtick at `line[i]`: the code span, or the run alone.
    pub(super) fn skip(&mut self, line: &str, i: usize) -> usize {
        let run = line[i..].bytes().take_while(|&b| b == b'`').count();
        if run < self.unclosed {
            match line[i + run..].find(&"`".repeat(run)) {
                Some(close) => return run + close + run,
                None => self.unclosed = run,
            }
        }
        run
    }
}

/// Splits `text[start..end]` into text and tag pieces, skipping inline code spans.
pub(super) fn split_tags(text: &str, start: usize, end: usize, tags: &mut Vec<Tag>) -> Vec<Piece> {
    let line = &text[start..end];
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = line.as_bytes();
    let mut code_spans = CodeSpans::default();
    let mut tag_end = NextMatch::new(line, "%}");
    while i < line.len() {
        if bytes[i] == b'`' {
            i += code_spans.skip(line, i);
            continue;
        }
        // `%}` is looked for after `{%`: in `{%}` the two share the `%`.
        if line[i..].starts_with("{%")
            && let Some(close) = tag_end.from(i + 2).map(|close| close - i)
            && let Some(mut tag) = parse_tag(&line[i + 2..i + close], start + i)
        {
            if i > text_start {
                pieces.push(Piece::Text(start + text_start, start + i));
            }
            tag.stop = start + i + close + 2;
            pieces.push(Piece::Tag(tags.len()));
            tags.push(tag);
            i += close + 2;
            text_start = i;
            continue;
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    if text_start < line.len() {
        pieces.push(Piece::Text(start + text_start, end));
    }
    pieces
}

/// Parses the inside of `{% ... %}`. `None` when it is not a tag (no name).
pub(super) fn parse_tag(inner: &str, start: usize) -> Option<Tag> {
    let inner = inner.trim().trim_start_matches('-').trim_end_matches('-').trim();
    // Integration blocks are named `@vendor/name` (`{% @github-files/github-code-block ... %}`).
    let integration = inner.starts_with('@');
    let name_len = inner
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || (integration && (c == '/' || c == '.' || i == 0)))
        })
        .map_or(inner.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    let rest = inner[name_len..].trim();
    if let Some(ended) = name.strip_prefix("end")
        && !ended.is_empty()
        && rest.is_empty()
    {
        return Some(Tag {
            name: ended.to_string(),
            kind: BlockKind::of(ended),
            end: true,
            attrs: Vec::new(),
            start,
            stop: start,
            empty: false,
            partner: Partner::None,
            closes_before: Vec::new(),
            dropped: false,
        });
    }
    let kind = BlockKind::of(&name);
    let attrs = if kind == BlockKind::If { vec![(String::new(), rest.to_string())] } else { parse_attributes(rest) };
    Some(Tag {
        name,
        kind,
        end: false,
        attrs,
        start,
        stop: start,
        empty: false,
        partner: Partner::None,
        closes_before: Vec::new(),
        dropped: false,
    })
}

/// Parses `a="x" b='y' c=z "positional"` leniently: a double-quoted value ends at a `"` that
/// is followed by the end or by whitespace and another `name=`, so values with unescaped
/// quotes (`title="app.use("/")"`) survive; `\"` inside values is unescaped.
pub fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let (key, after) =
            if rest.starts_with(['"', '\'']) { ("", rest) } else { (&rest[..key_len], rest[key_len..].trim_start()) };
        let (value, remaining) = if key.is_empty() || after.starts_with('=') {
            let value_text = if key.is_empty() { after } else { after[1..].trim_start() };
            read_value(value_text)
        } else {
            // A bare word (`required`, or `{% openapi-webhook Payment API name=... %}`).
            (String::new(), after)
        };
        attrs.push((key.to_string(), value));
        if remaining.len() == rest.len() {
            break;
        }
        rest = remaining.trim_start();
    }
    attrs
}

pub(super) fn read_value(text: &str) -> (String, &str) {
    match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &text[1..];
            let mut search = 0;
            while let Some(found) = body[search..].find(quote) {
                let at = search + found;
                if at > 0 && body.as_bytes()[at - 1] == b'\\' {
                    search = at + 1;
                    continue;
                }
                let after = &body[at + 1..];
                if after.trim().is_empty() || starts_with_attribute(after) {
                    return (body[..at].replace("\\\"", "\"").replace("\\'", "'"), after);
                }
                search = at + 1;
            }
            (body.trim_end_matches(quote).replace("\\\"", "\""), "")
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (text[..end].to_string(), &text[end..])
        }
    }
}

pub(super) fn starts_with_attribute(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.len() == text.len() {
        return false;
    }
    let key_len = trimmed.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(trimmed.len());
    key_len > 0 && trimmed[key_len..].trim_start().starts_with('=')
}
