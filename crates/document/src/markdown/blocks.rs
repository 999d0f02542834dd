//! The GitBook block scanner: finds `{% name attrs %}` ... `{% endname %}` tags and replaces
//! them with marker comments, so the page can then be parsed by pulldown-cmark in one go.
//!
//! Input: a page body. Output: [`Scanned`]: the rewritten Markdown, the list of [`Block`]s
//! (name, attributes, nesting), a [`SourceMap`] from the rewritten text back to the files it
//! came from, and diagnostics. Each tag becomes its own line `<!--neokit:N-->` (opening),
//! `<!--/neokit:N-->` (closing) or `<!--neokit:N/-->` (self-closing), keeping the tag's
//! indentation so blocks inside list items stay inside them. A comment line is a CommonMark
//! HTML block that interrupts paragraphs, so the Markdown between tags is parsed normally.
//!
//! The scanner is fence-aware (tags inside ``` or ~~~ fences and inline code stay literal),
//! pairs tags as GitBook does (a tag is paired iff its end tag follows at the same level;
//! `embed`, `file` and `page-ref` may stand alone), expands `{% include %}` (with cycle
//! detection) and drops `{% if %}` content an anonymous visitor would not see.

use std::sync::Arc;

use super::block::{Block, BlockKind, End};
use super::destinations::angle_bracketed;
use super::marker::{self, MarkerKind};
use super::tags::{CodeSpans, Line, LineKind, NextMatch, Partner, Piece, Tag, emoji_shortcode, icon_tag, tokenize};
use neokit_core::htmltext::{decode_entities, escape};
use neokit_core::icons;
use neokit_core::paths::RelPath;
use neokit_core::source::MAX_TEXT_BYTES;

/// Maps offsets in the rewritten text to (file, offset) in the original files.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// (offset in rewritten text, file index, offset in that file, exact). For an exact
    /// segment, offsets advance together; a synthetic one (a marker) maps to its tag.
    segments: Vec<(usize, usize, usize, bool)>,
}

impl SourceMap {
    fn push(&mut self, out: usize, file: usize, src: usize, exact: bool) {
        if let Some(&(last_out, last_file, last_src, last_exact)) = self.segments.last() {
            if exact && last_exact && last_file == file && last_src + (out - last_out) == src {
                return;
            }
            if last_out == out {
                self.segments.pop();
            }
        }
        self.segments.push((out, file, src, exact));
    }

    /// The file index and byte offset in that file for an offset of the rewritten text.
    pub fn lookup(&self, out: usize) -> (usize, usize) {
        let i = self.segments.partition_point(|s| s.0 <= out);
        if i == 0 {
            return (0, 0);
        }
        let (start, file, src, exact) = self.segments[i - 1];
        if exact { (file, src + (out - start)) } else { (file, src) }
    }
}

/// A problem found while scanning, at (file index, offset).
#[derive(Debug, Clone, PartialEq)]
pub struct ScanProblem {
    pub file: usize,
    pub offset: usize,
    pub error: bool,
    pub code: &'static str,
    pub message: String,
}

/// A `$$` formula found in a page; marked `<!--neokit-math:N-->` in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Math {
    pub latex: String,
    /// A block formula (on its own lines) rather than one inside a sentence.
    pub display: bool,
    pub file: usize,
    pub offset: usize,
}

/// The result of scanning one page.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub text: ScannedText,
    pub blocks: Vec<Block>,
    pub math: Vec<Math>,
    pub map: SourceMap,
    /// Files the text came from: index 0 is the page, then included files.
    pub files: Vec<(RelPath, Arc<str>)>,
    pub problems: Vec<ScanProblem>,
}

/// The rewritten Markdown. A page the scanner left as it was (no tags, includes or
/// rewritten destinations: most pages of most kits) shares its file's text after the front
/// matter instead of keeping a copy of it (the preview keeps every page).
#[derive(Clone)]
pub struct ScannedText(Text);

#[derive(Clone)]
enum Text {
    Own(Box<str>),
    /// The file's text, from this offset on.
    Shared(Arc<str>, usize),
}

impl ScannedText {
    /// `text` as written by the scanner, sharing `file`'s text from `base` on when it is the same.
    fn new(text: String, file: &Arc<str>, base: usize) -> ScannedText {
        match file.get(base..) {
            Some(body) if body == text => ScannedText(Text::Shared(file.clone(), base)),
            _ => ScannedText(Text::Own(text.into_boxed_str())),
        }
    }
}

impl Default for ScannedText {
    fn default() -> ScannedText {
        ScannedText(Text::Own(Box::default()))
    }
}

impl From<String> for ScannedText {
    fn from(text: String) -> ScannedText {
        ScannedText(Text::Own(text.into_boxed_str()))
    }
}

impl std::ops::Deref for ScannedText {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.0 {
            Text::Own(text) => text,
            Text::Shared(file, base) => &file[*base..],
        }
    }
}

impl std::fmt::Debug for ScannedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for ScannedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl PartialEq<&str> for ScannedText {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// What the scanner needs from the outside world.
pub trait Environment {
    /// Loads the file `{% include "path" %}` refers to, written in file `from`. Returns the
    /// included file's path, its text and where its body starts (after front matter), or an
    /// error message.
    fn include(&self, from: &RelPath, path: &str) -> Result<(RelPath, Arc<str>, usize), String>;
    /// Whether an anonymous visitor sees the content of `{% if expression %}`.
    fn condition(&self, expression: &str) -> bool;
    /// The text of `<code class="expression">expression</code>`, `None` when it is undefined.
    fn expression(&self, expression: &str) -> Option<String>;
    /// Whether a link's destination, written in file `from`, names a file of the kit.
    fn names_file(&self, _from: &RelPath, _dest: &str) -> bool {
        false
    }
}

const MAX_INCLUDE_DEPTH: usize = 16;
/// Includes expanded in one page at most: a few includes that each include the next several
/// times would otherwise grow a page without end.
const MAX_INCLUDES: usize = 1_000;

/// Scans the page `path` whose body is `text`, starting at byte `base` of the file.
pub fn scan(path: &RelPath, file_text: Arc<str>, base: usize, env: &dyn Environment) -> Scanned {
    let mut scanner = Scanner {
        scanned: Scanned::default(),
        text: String::new(),
        stack: Vec::new(),
        expanded: 0,
        too_large: false,
        unknown_icons: Vec::new(),
        marker_end: None,
    };
    scanner.scanned.files.push((path.clone(), file_text.clone()));
    scanner.scan_text(0, &file_text, base, "", None, env);
    // Kept as long as the preview runs: shared with the file when it is the same, else at its
    // length (it grew as it was written).
    scanner.scanned.text = ScannedText::new(std::mem::take(&mut scanner.text), &file_text, base);
    scanner.scanned
}

struct Scanner {
    scanned: Scanned,
    /// The rewritten Markdown being written ([`Scanned::text`] once the page is scanned).
    text: String,
    /// Included files being expanded, to detect cycles.
    stack: Vec<RelPath>,
    /// Includes expanded so far; past [`MAX_INCLUDES`] the rest are left out.
    expanded: usize,
    /// The page grew too large with its includes (reported once).
    too_large: bool,
    /// Icons not in neokit's set reported so far on this page (each is reported once).
    unknown_icons: Vec<String>,
    /// Where the last marker line (with the blank line after it) ended in the scanned text.
    marker_end: Option<usize>,
}

impl Scanner {
    fn problem(&mut self, file: usize, offset: usize, error: bool, code: &'static str, message: String) {
        self.scanned.problems.push(ScanProblem { file, offset, error, code, message });
    }

    /// Reports a Font Awesome icon that neokit's set lacks, once per page.
    fn unknown_icon(&mut self, file: usize, offset: usize, name: &str) {
        if !self.unknown_icons.iter().any(|known| known == name) {
            self.unknown_icons.push(name.to_string());
            let message = icons::unknown_message(name);
            self.problem(file, offset, false, "unknown-icon", message);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn scan_text(
        &mut self,
        file: usize,
        text: &str,
        base: usize,
        indent: &str,
        parent: Option<usize>,
        env: &dyn Environment,
    ) {
        let (lines, mut tags) = tokenize(text, base);
        let unclosed_at_end = self.pair(file, text, &mut tags);
        let tag_blocks = self.emit(file, text, &lines, &mut tags, indent, parent, env);
        // Close what was never closed, at the end of this text.
        for &t in unclosed_at_end.iter().rev() {
            if let Some(block) = tag_blocks[t] {
                self.marker(&format!("{indent}{}", marker::block(block, MarkerKind::Close)), file, tags[t].start);
            }
        }
    }

    /// Pairs opening and end tags. Returns the opening tags of paired kinds left unclosed.
    fn pair(&mut self, file: usize, text: &str, tags: &mut [Tag]) -> Vec<usize> {
        let mut open: Vec<usize> = Vec::new();
        for i in 0..tags.len() {
            if !tags[i].end {
                open.push(i);
                continue;
            }
            let name = tags[i].name.clone();
            match open.iter().rposition(|&o| tags[o].name == name) {
                Some(position) => {
                    let inner: Vec<usize> = open.drain(position + 1..).collect();
                    let opener = open.pop().unwrap_or_default();
                    tags[opener].partner = Partner::End(i);
                    tags[opener].empty =
                        text.get(tags[opener].stop..tags[i].start).is_some_and(|t| t.trim().is_empty());
                    for &child in inner.iter().rev() {
                        if tags[child].kind.end() == End::Required {
                            let message = format!(
                                "`{{% {} %}}` is not closed before `{{% end{name} %}}`; it ends there",
                                tags[child].name
                            );
                            self.problem(file, tags[child].start, false, "unclosed-block", message);
                            tags[i].closes_before.push(child);
                            tags[child].partner = Partner::Unclosed;
                        }
                    }
                }
                None => {
                    tags[i].dropped = true;
                    let message = format!("`{{% end{name} %}}` has no matching `{{% {name} %}}` and is ignored");
                    self.problem(file, tags[i].start, false, "stray-end-tag", message);
                }
            }
        }
        let mut unclosed = Vec::new();
        for o in open {
            if tags[o].kind.end() == End::Required {
                let message = format!("`{{% {} %}}` is never closed; it ends at the end of the file", tags[o].name);
                self.problem(file, tags[o].start, false, "unclosed-block", message);
                tags[o].partner = Partner::Unclosed;
                unclosed.push(o);
            }
        }
        unclosed
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        file: usize,
        text: &str,
        lines: &[Line],
        tags: &mut [Tag],
        indent: &str,
        parent: Option<usize>,
        env: &dyn Environment,
    ) -> Vec<Option<usize>> {
        let mut parents: Vec<Option<usize>> = vec![parent];
        // End tag index at which skipping (a false `{% if %}`) stops.
        let mut skip_until: Option<usize> = None;
        let mut tag_blocks: Vec<Option<usize>> = vec![None; tags.len()];
        for line in lines {
            let pieces = match &line.kind {
                LineKind::Tags(pieces) => pieces,
                _ if skip_until.is_some() => continue,
                LineKind::Literal => {
                    self.copy(indent, file, text, line.start, line.end);
                    continue;
                }
                LineKind::Plain => {
                    // A blank line right after a marker's own blank line adds nothing; other
                    // blank lines are content (in code and HTML blocks they are kept as
                    // written).
                    if text[line.start..line.end].trim().is_empty() && self.marker_end == Some(self.text.len()) {
                        continue;
                    }
                    if !indent.is_empty() && line.end > line.start {
                        self.synthetic(indent, file, line.start);
                    }
                    self.copy_inline(file, line.start, &text[line.start..line.end], env);
                    continue;
                }
                LineKind::Math(start, end) => {
                    let index = self.scanned.math.len();
                    self.scanned.math.push(Math {
                        latex: text[*start..*end].trim().to_string(),
                        display: true,
                        file,
                        offset: line.start,
                    });
                    let line_indent = &text[line.start..line.start + line.indent];
                    self.marker(&format!("{indent}{line_indent}{}", marker::math(index)), file, line.start);
                    continue;
                }
            };
            let line_indent = &text[line.start..line.start + line.indent];
            let mut first = true;
            for piece in pieces {
                match *piece {
                    Piece::Text(start, end) => {
                        if skip_until.is_some() {
                            continue;
                        }
                        let piece_text = text[start..end].trim();
                        if piece_text.is_empty() {
                            continue;
                        }
                        let trimmed_start = start + (text[start..end].len() - text[start..end].trim_start().len());
                        let prefix = self.line_prefix(indent, line_indent, text, line, first);
                        self.synthetic(&prefix, file, trimmed_start);
                        self.copy_inline(file, trimmed_start, piece_text, env);
                        self.synthetic("\n", file, trimmed_start + piece_text.len());
                        first = false;
                    }
                    Piece::Tag(t) => {
                        if let Some(until) = skip_until {
                            if until == t {
                                skip_until = None;
                            }
                            continue;
                        }
                        for child in std::mem::take(&mut tags[t].closes_before) {
                            if let Some(block) = tag_blocks[child] {
                                let prefix = self.line_prefix(indent, line_indent, text, line, first);
                                self.marker(
                                    &format!("{prefix}{}", marker::block(block, MarkerKind::Close)),
                                    file,
                                    tags[t].start,
                                );
                                first = false;
                                parents.pop();
                            }
                        }
                        if tags[t].dropped {
                            continue;
                        }
                        let prefix = self.line_prefix(indent, line_indent, text, line, first);
                        if tags[t].end {
                            let opener = (0..t).rev().find(|&o| tags[o].partner == Partner::End(t));
                            if let Some(block) = opener.and_then(|o| tag_blocks[o]) {
                                self.marker(
                                    &format!("{prefix}{}", marker::block(block, MarkerKind::Close)),
                                    file,
                                    tags[t].start,
                                );
                                first = false;
                                parents.pop();
                            }
                            continue;
                        }
                        if tags[t].kind == BlockKind::If {
                            let expression = tags[t].attrs.first().map(|(_, v)| v.clone()).unwrap_or_default();
                            if !env.condition(&expression) {
                                skip_until = Some(match tags[t].partner {
                                    Partner::End(end) => end,
                                    // Hidden to the end of the file.
                                    Partner::None | Partner::Unclosed => tags.len(),
                                });
                            }
                            // A visible `if` is transparent: its content renders in place.
                            continue;
                        }
                        if tags[t].kind == BlockKind::Include {
                            self.include(file, &tags[t], indent, line_indent, *parents.last().unwrap_or(&None), env);
                            first = false;
                            continue;
                        }
                        if let Some((_, icon)) = tags[t].attrs.iter().find(|(name, _)| name == "icon")
                            && icons::from_font_awesome(icon).is_none()
                        {
                            self.unknown_icon(file, tags[t].start, icon.trim());
                        }
                        let paired = tags[t].partner != Partner::None;
                        let block = self.scanned.blocks.len();
                        self.scanned.blocks.push(Block {
                            kind: tags[t].kind.clone(),
                            name: tags[t].name.clone(),
                            attrs: tags[t].attrs.clone(),
                            paired,
                            parent: *parents.last().unwrap_or(&None),
                            file,
                            offset: tags[t].start,
                            empty: paired && tags[t].empty,
                        });
                        tag_blocks[t] = Some(block);
                        let kind = if paired { MarkerKind::Open } else { MarkerKind::SelfClosing };
                        self.marker(&format!("{prefix}{}", marker::block(block, kind)), file, tags[t].start);
                        first = false;
                        if paired {
                            parents.push(Some(block));
                        }
                    }
                }
            }
        }
        tag_blocks
    }

    /// The indentation for a piece of a tag line: the list marker stays on the first piece,
    /// later pieces are indented to the item's content.
    fn line_prefix(&self, indent: &str, line_indent: &str, text: &str, line: &Line, first: bool) -> String {
        let marker = &text[line.start + line.indent..line.start + line.indent + line.marker];
        if first {
            format!("{indent}{line_indent}{marker}")
        } else {
            format!("{indent}{line_indent}{}", " ".repeat(marker.chars().count()))
        }
    }

    fn include(
        &mut self,
        file: usize,
        tag: &Tag,
        indent: &str,
        line_indent: &str,
        parent: Option<usize>,
        env: &dyn Environment,
    ) {
        let path = tag.attrs.iter().find(|(k, _)| k.is_empty() || k == "src" || k == "path").map(|(_, v)| v.clone());
        let Some(path) = path else {
            self.problem(file, tag.start, false, "invalid-include", "`{% include %}` names no file".into());
            return;
        };
        if path.contains("://") {
            let message =
                format!("`{path}` is a web address; included content must be a file of the kit, so it is left out");
            self.problem(file, tag.start, false, "unresolved-include", message);
            return;
        }
        if path.starts_with("/reusable-content/") || !path.contains('.') {
            let message = format!(
                "reusable content `{path}` is stored in GitBook, not in the repository, and cannot be included"
            );
            self.problem(file, tag.start, false, "unresolved-include", message);
            return;
        }
        let from = self.scanned.files[file].0.clone();
        match env.include(&from, &path) {
            Ok((included, body, body_start)) => {
                if self.stack.contains(&included) || included == self.scanned.files[0].0 {
                    let chain: Vec<&str> = self.stack.iter().map(RelPath::as_str).chain([included.as_str()]).collect();
                    let message =
                        format!("`{{% include \"{path}\" %}}` includes itself (cycle: {})", chain.join(" -> "));
                    self.problem(file, tag.start, true, "include-cycle", message);
                    return;
                }
                if self.stack.len() >= MAX_INCLUDE_DEPTH {
                    self.problem(
                        file,
                        tag.start,
                        true,
                        "include-depth",
                        format!("includes nest deeper than {MAX_INCLUDE_DEPTH} levels"),
                    );
                    return;
                }
                if self.expanded >= MAX_INCLUDES || self.text.len() + body.len() > MAX_TEXT_BYTES as usize {
                    // Reported once; the includes after it are left out silently.
                    if !self.too_large {
                        self.too_large = true;
                        let message = format!(
                            "`{}` grows too large with its includes expanded (over {MAX_INCLUDES} includes or {} MB); \
                             this include and the ones after it are left out",
                            self.scanned.files[0].0,
                            MAX_TEXT_BYTES / 1_000_000
                        );
                        self.problem(file, tag.start, true, "include-size", message);
                    }
                    return;
                }
                self.expanded += 1;
                let index = self.scanned.files.len();
                self.scanned.files.push((included.clone(), body.clone()));
                self.stack.push(included);
                let nested_indent = format!("{indent}{line_indent}");
                self.scan_text(index, &body, body_start, &nested_indent, parent, env);
                self.stack.pop();
                if !self.text.ends_with('\n') {
                    self.text.push('\n');
                }
            }
            // The content is left out and the rest of the page is right: a warning.
            Err(message) => self.problem(file, tag.start, false, "missing-include", message),
        }
    }

    /// Copies Markdown text, rewriting GitBook's inline idioms outside code spans:
    /// `<code class="expression">` (evaluated), `$$formula$$` (a math marker), icons
    /// `<i class="fa-x">:x:</i>` (inline SVG) and `:emoji_shortcodes:`.
    fn copy_inline(&mut self, file: usize, src: usize, text: &str, env: &dyn Environment) {
        if !(text.contains("$$")
            || text.contains("<code class=\"expression\">")
            || text.contains("<i ")
            || text.contains(':')
            || text.contains("]("))
        {
            self.copy_exact(file, src, text);
            return;
        }
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        let whole_line = text.trim();
        let mut code_spans = CodeSpans::default();
        let (mut code_end, mut tag_end, mut icon_end) =
            (NextMatch::new(text, "</code>"), NextMatch::new(text, ">"), NextMatch::new(text, "</i>"));
        while i < text.len() {
            let rest = &text[i..];
            if bytes[i] == b'`' {
                i += code_spans.skip(text, i);
                continue;
            }
            let replacement: Option<(usize, String)> = if let Some(after) = rest.strip_prefix("$$") {
                after.find("$$").filter(|&end| end > 0).map(|end| {
                    let latex = after[..end].to_string();
                    let display = whole_line == &rest[..end + 4];
                    let index = self.scanned.math.len();
                    self.scanned.math.push(Math { latex, display, file, offset: src + i });
                    (end + 4, marker::math(index))
                })
            } else if let Some(body) = rest.strip_prefix("<code class=\"expression\">") {
                let opening = rest.len() - body.len();
                code_end.from(i + opening).map(|end| end - i - opening).map(|end| {
                    let expression = decode_entities(&body[..end]);
                    let length = "<code class=\"expression\">".len() + end + "</code>".len();
                    match env.expression(&expression) {
                        Some(value) => (length, escape(&value)),
                        None => {
                            self.problem(
                                file,
                                src + i,
                                false,
                                "unresolved-variable",
                                format!("`{expression}` has no value here; it is shown as written"),
                            );
                            (length, format!("<code>{}</code>", escape(&expression)))
                        }
                    }
                })
            } else if rest.starts_with("<i ")
                && let (Some(end_of_tag), Some(close)) = (tag_end.from(i), icon_end.from(i))
            {
                icon_tag(rest, end_of_tag - i, close - i).map(|(length, html, name)| {
                    if let Some(name) = name {
                        self.unknown_icon(file, src + i, &name);
                    }
                    (length, html)
                })
            } else if rest.starts_with("](") {
                let from = &self.scanned.files[file].0;
                angle_bracketed(text, i, |dest| env.names_file(from, dest))
            } else if bytes[i] == b':' && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
                emoji_shortcode(rest)
            } else {
                None
            };
            match replacement {
                Some((length, html)) => {
                    self.copy_exact(file, src + copied, &text[copied..i]);
                    self.synthetic(&html, file, src + i);
                    i += length;
                    copied = i;
                }
                None => i += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        self.copy_exact(file, src + copied, &text[copied..]);
    }

    fn copy(&mut self, indent: &str, file: usize, text: &str, start: usize, end: usize) {
        if !indent.is_empty() && end > start {
            self.synthetic(indent, file, start);
        }
        self.copy_exact(file, start, &text[start..end]);
    }

    fn copy_exact(&mut self, file: usize, src: usize, text: &str) {
        self.scanned.map.push(self.text.len(), file, src, true);
        self.text.push_str(text);
    }

    fn synthetic(&mut self, text: &str, file: usize, src: usize) {
        self.scanned.map.push(self.text.len(), file, src, false);
        self.text.push_str(text);
    }

    /// Writes a marker line (with its indentation already in `marker`) between blank lines,
    /// so the Markdown around it forms paragraphs of its own even inside tight list items.
    fn marker(&mut self, marker: &str, file: usize, src: usize) {
        let text = &self.text;
        if !text.is_empty() && !text.ends_with("\n\n") {
            let newlines = if text.ends_with('\n') { "\n" } else { "\n\n" };
            self.synthetic(newlines, file, src);
        }
        self.synthetic(&format!("{marker}\n\n"), file, src);
        self.marker_end = Some(self.text.len());
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::markdown::expressions::{Scope, evaluate};
    use crate::markdown::tags::parse_attributes;

    pub struct NoEnv;
    impl Environment for NoEnv {
        fn include(&self, _: &RelPath, path: &str) -> Result<(RelPath, Arc<str>, usize), String> {
            match path {
                "inc/a.md" => Ok((
                    RelPath::new("inc/a.md").unwrap(),
                    "---\ntitle: x\n---\nIncluded {% hint %}\nin hint\n{% endhint %}\n".into(),
                    17,
                )),
                "inc/loop.md" => {
                    Ok((RelPath::new("inc/loop.md").unwrap(), "{% include \"inc/loop.md\" %}\n".into(), 0))
                }
                _ => Err(format!("`{path}` does not exist")),
            }
        }
        fn condition(&self, expression: &str) -> bool {
            let empty = serde_json::Map::new();
            let scope = Scope { space: &empty, page: &empty };
            evaluate(expression, &scope).truthy()
        }
        fn expression(&self, expression: &str) -> Option<String> {
            (expression == "space.vars.unit").then(|| "NICU & co".to_string())
        }
    }

    pub fn run(text: &str) -> Scanned {
        scan(&RelPath::new("page.md").unwrap(), text.into(), 0, &NoEnv)
    }

    #[test]
    fn hint_becomes_markers() {
        let s = run("Intro\n{% hint style=\"info\" %}\n**Title**\nBody\n{% endhint %}\nAfter\n");
        assert_eq!(s.text, "Intro\n\n<!--neokit:0-->\n\n**Title**\nBody\n\n<!--/neokit:0-->\n\nAfter\n");
        assert_eq!(s.blocks[0].name, "hint");
        assert_eq!(s.blocks[0].attr("style"), Some("info"));
        assert!(s.blocks[0].paired);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn one_line_form_and_nesting() {
        let s = run("{% tabs %}\n{% tab title=\"Windows\" icon=\"windows\" %} text {% endtab %}\n{% endtabs %}\n");
        assert_eq!(s.text, "<!--neokit:0-->\n\n<!--neokit:1-->\n\ntext\n\n<!--/neokit:1-->\n\n<!--/neokit:0-->\n\n");
        assert_eq!(s.blocks[1].parent, Some(0));
        assert_eq!(s.blocks[1].attr("title"), Some("Windows"));
    }

    #[test]
    fn indented_in_list_item() {
        let s = run("* item\n  {% hint style=\"warning\" %}\n  inside\n  {% endhint %}\n");
        assert_eq!(s.text, "* item\n\n  <!--neokit:0-->\n\n  inside\n\n  <!--/neokit:0-->\n\n");
    }

    #[test]
    fn tags_in_fences_and_code_spans_are_literal() {
        let text = "```\n{% hint %}\n```\nUse `{% hint %}` here.\n~~~~md\n{% tabs %}\n~~~~\n";
        let s = run(text);
        assert_eq!(s.text, text);
        assert!(s.blocks.is_empty());
    }

    #[test]
    fn optional_end_tags() {
        let s = run("{% embed url=\"https://a.example/\" %}\n\n{% file src=\"x.pdf\" %}\nCaption\n{% endfile %}\n");
        assert!(!s.blocks[0].paired);
        assert!(s.blocks[1].paired);
        assert_eq!(s.text, "<!--neokit:0/-->\n\n<!--neokit:1-->\n\nCaption\n\n<!--/neokit:1-->\n\n");
    }

    #[test]
    fn unclosed_and_stray_tags_are_reported() {
        let s = run("{% hint %}\ntext\n{% endtabs %}\n");
        assert_eq!(s.problems.len(), 2);
        assert!(s.text.ends_with("<!--/neokit:0-->\n\n"), "{}", s.text);
        assert!(!s.text.contains("{%"));
    }

    #[test]
    fn unclosed_child_is_closed_with_parent() {
        let s = run("{% tabs %}\n{% tab title=\"A\" %}\nx\n{% endtabs %}\n");
        assert_eq!(s.text, "<!--neokit:0-->\n\n<!--neokit:1-->\n\nx\n\n<!--/neokit:1-->\n\n<!--/neokit:0-->\n\n");
        assert_eq!(s.problems.len(), 1);
    }

    #[test]
    fn includes_expand_and_cycles_stop() {
        let s = run("{% include \"inc/a.md\" %}\n{% include \"inc/loop.md\" %}\n{% include \"nope.md\" %}\n");
        assert!(s.text.starts_with("Included\n\n<!--neokit:0-->\n\nin hint\n\n<!--/neokit:0-->\n\n"), "{}", s.text);
        assert_eq!(s.files.len(), 3);
        assert!(s.problems.iter().any(|p| p.code == "include-cycle"));
        assert!(s.problems.iter().any(|p| p.code == "missing-include"));
    }

    #[test]
    fn conditions_hide_content() {
        let s =
            run("{% if visitor.claims.unsigned.x %}\nsecret\n{% endif %}\n{% if !visitor.x %}\nshown\n{% endif %}\n");
        assert_eq!(s.text, "shown\n");
    }

    #[test]
    fn lenient_attributes() {
        assert_eq!(
            parse_attributes(r#"title="app.use("/", ())" icon='x' required=true "pos""#),
            vec![
                ("title".into(), "app.use(\"/\", ())".into()),
                ("icon".into(), "x".into()),
                ("required".into(), "true".into()),
                ("".into(), "pos".into())
            ]
        );
        assert_eq!(parse_attributes(r#"data="{\"url\":\"x\"}""#), vec![("data".into(), "{\"url\":\"x\"}".into())]);
    }

    #[test]
    fn source_map_points_back() {
        let text = "---\nx: 1\n---\nA\n{% hint %}\nB\n{% endhint %}\n";
        let body = 12;
        let s = scan(&RelPath::new("p.md").unwrap(), text.into(), body, &NoEnv);
        let b = s.text.find('B').unwrap();
        assert_eq!(s.map.lookup(b), (0, text.find('B').unwrap()));
        let marker = s.text.find("<!--neokit:0").unwrap();
        assert_eq!(s.map.lookup(marker), (0, text.find("{% hint").unwrap()));
    }

    #[test]
    fn inline_idioms() {
        let s = run(
            "Unit <code class=\"expression\">space.vars.unit</code>, `$$not$$` and $$x^2$$ :sparkles: <i class=\"fa-book\">:book:</i> 10:30:00 <code class=\"expression\">space.vars.nope</code>\n",
        );
        assert!(
            s.text
                .starts_with("Unit NICU &amp; co, `$$not$$` and <!--neokit-math:0--> ✨ <span class=\"fa-icon\"><svg"),
            "{}",
            s.text
        );
        assert!(s.text.ends_with("10:30:00 <code>space.vars.nope</code>\n"), "{}", s.text);
        assert_eq!(s.math[0].latex, "x^2");
        assert!(!s.math[0].display);
        assert_eq!(s.problems.len(), 1);
    }

    #[test]
    fn math_blocks() {
        let s = run("Text\n\n$$\na + b\n$$\n\n$$c$$\n\n```\n$$\n```\n");
        assert_eq!(s.text, "Text\n\n<!--neokit-math:0-->\n\n<!--neokit-math:1-->\n\n```\n$$\n```\n");
        assert_eq!(s.math[0].latex, "a + b");
        assert!(s.math[0].display && s.math[1].display);
        let unclosed = run("$$\nnot math\n");
        assert_eq!(unclosed.text, "$$\nnot math\n");
    }

    #[test]
    fn list_marker_before_tag() {
        let s = run("* {% embed url=\"https://a.example/\" %}\n");
        assert_eq!(s.text, "* <!--neokit:0/-->\n\n");
    }

    #[test]
    fn blank_lines_are_kept_but_after_a_marker() {
        // Two blank lines in indented code, `<pre>` and a list item's code are content.
        for text in ["    a\n\n\n    b\n", "<pre>\na\n\n\nb\n</pre>\n", "- x\n\n      a\n\n\n      b\n"] {
            assert_eq!(run(text).text, text);
        }
        let s = run("{% hint %}\n\nx\n\n{% endhint %}\n\n\n    code\n");
        assert_eq!(s.text, "<!--neokit:0-->\n\nx\n\n<!--/neokit:0-->\n\n    code\n");
    }

    #[test]
    fn a_page_left_as_it_was_shares_its_file_text() {
        let file: Arc<str> = "---\ntitle: x\n---\n# Ward\n\nSee [a](a.md).\n".into();
        let s = scan(&RelPath::new("page.md").unwrap(), file.clone(), 17, &NoEnv);
        assert_eq!(s.text, "# Ward\n\nSee [a](a.md).\n");
        assert!(matches!(&s.text.0, Text::Shared(shared, 17) if Arc::ptr_eq(shared, &file)));
        let s = run("Intro\n{% hint %}\nx\n{% endhint %}\n");
        assert!(matches!(&s.text.0, Text::Own(_)), "rewritten: its own text");
    }
}
