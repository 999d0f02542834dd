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
use super::marker::{self, MarkerKind};
use crate::paths::RelPath;

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
    pub text: String,
    pub blocks: Vec<Block>,
    pub math: Vec<Math>,
    pub map: SourceMap,
    /// Files the text came from: index 0 is the page, then included files.
    pub files: Vec<(RelPath, Arc<str>)>,
    pub problems: Vec<ScanProblem>,
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
}

const MAX_INCLUDE_DEPTH: usize = 16;
/// Includes expanded in one page at most: a few includes that each include the next several
/// times would otherwise grow a page without end.
const MAX_INCLUDES: usize = 1_000;

/// Scans the page `path` whose body is `text`, starting at byte `base` of the file.
pub fn scan(path: &RelPath, file_text: Arc<str>, base: usize, env: &dyn Environment) -> Scanned {
    let mut scanner = Scanner { scanned: Scanned::default(), stack: Vec::new(), expanded: 0 };
    scanner.scanned.files.push((path.clone(), file_text.clone()));
    scanner.scan_text(0, &file_text, base, "", None, env);
    scanner.scanned
}

struct Scanner {
    scanned: Scanned,
    /// Included files being expanded, to detect cycles.
    stack: Vec<RelPath>,
    /// Includes expanded so far; past [`MAX_INCLUDES`] the rest are left out.
    expanded: usize,
}

/// One piece of a line: literal text or a tag.
#[derive(Debug)]
enum Piece {
    Text(usize, usize),
    Tag(usize),
}

#[derive(Debug)]
struct Tag {
    name: String,
    kind: BlockKind,
    end: bool,
    attrs: Vec<(String, String)>,
    start: usize,
    /// Offset just after the tag's `%}`.
    stop: usize,
    /// For an opening tag: nothing but white space up to its end tag.
    empty: bool,
    /// For an opening tag: its matching end tag (`Some`) or none (self-closing).
    partner: Option<usize>,
    /// Opening tags to close implicitly right before this tag (unclosed children).
    closes_before: Vec<usize>,
    dropped: bool,
}

struct Line {
    start: usize,
    end: usize,
    indent: usize,
    /// Length of a list marker (`* `, `1. `) before the first tag, if any.
    marker: usize,
    kind: LineKind,
}

enum LineKind {
    /// Markdown text without tags (inline GitBook idioms are still rewritten).
    Plain,
    /// Inside a code fence: copied as written.
    Literal,
    /// A `$$` ... `$$` block: the formula is `text[start..end]`.
    Math(usize, usize),
    /// A line with tags.
    Tags(Vec<Piece>),
}

impl Scanner {
    fn problem(&mut self, file: usize, offset: usize, error: bool, code: &'static str, message: String) {
        self.scanned.problems.push(ScanProblem { file, offset, error, code, message });
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
                    tags[opener].partner = Some(i);
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
                            tags[child].partner = Some(usize::MAX);
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
                tags[o].partner = Some(usize::MAX);
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
                    // A blank line after a marker's own blank line adds nothing.
                    if text[line.start..line.end].trim().is_empty() && self.scanned.text.ends_with("\n\n") {
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
                            let opener = (0..t).rev().find(|&o| tags[o].partner == Some(t));
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
                                if let Some(end) = tags[t].partner.filter(|&p| p != usize::MAX) {
                                    skip_until = Some(end);
                                } else {
                                    skip_until = Some(usize::MAX);
                                }
                            }
                            // A visible `if` is transparent: its content renders in place.
                            continue;
                        }
                        if tags[t].kind == BlockKind::Include {
                            self.include(file, &tags[t], indent, line_indent, *parents.last().unwrap_or(&None), env);
                            first = false;
                            continue;
                        }
                        let paired = tags[t].partner.is_some();
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
                if self.expanded >= MAX_INCLUDES
                    || self.scanned.text.len() + body.len() > crate::source::MAX_TEXT_BYTES as usize
                {
                    // Reported once; the includes after it are left out silently.
                    if self.expanded != usize::MAX {
                        self.expanded = usize::MAX;
                        let message = format!(
                            "`{}` grows too large with its includes expanded (over {MAX_INCLUDES} includes or {} MB); \
                             this include and the ones after it are left out",
                            self.scanned.files[0].0,
                            crate::source::MAX_TEXT_BYTES / 1_000_000
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
                if !self.scanned.text.ends_with('\n') {
                    self.scanned.text.push('\n');
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
            || text.contains(':'))
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
                    let expression = crate::htmltext::decode_entities(&body[..end]);
                    let length = "<code class=\"expression\">".len() + end + "</code>".len();
                    match env.expression(&expression) {
                        Some(value) => (length, crate::htmltext::escape(&value)),
                        None => {
                            self.problem(
                                file,
                                src + i,
                                false,
                                "unresolved-variable",
                                format!("`{expression}` has no value here; it is shown as written"),
                            );
                            (length, format!("<code>{}</code>", crate::htmltext::escape(&expression)))
                        }
                    }
                })
            } else if rest.starts_with("<i ")
                && let (Some(end_of_tag), Some(close)) = (tag_end.from(i), icon_end.from(i))
            {
                icon_tag(rest, end_of_tag - i, close - i).map(|(length, html, name)| {
                    if let Some(name) = name {
                        let message = format!("icon `{name}` is not in neokit's icon set and is left out");
                        self.problem(file, src + i, false, "unknown-icon", message);
                    }
                    (length, html)
                })
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
        self.scanned.map.push(self.scanned.text.len(), file, src, true);
        self.scanned.text.push_str(text);
    }

    fn synthetic(&mut self, text: &str, file: usize, src: usize) {
        self.scanned.map.push(self.scanned.text.len(), file, src, false);
        self.scanned.text.push_str(text);
    }

    /// Writes a marker line (with its indentation already in `marker`) between blank lines,
    /// so the Markdown around it forms paragraphs of its own even inside tight list items.
    fn marker(&mut self, marker: &str, file: usize, src: usize) {
        let text = &self.scanned.text;
        if !text.is_empty() && !text.ends_with("\n\n") {
            let newlines = if text.ends_with('\n') { "\n" } else { "\n\n" };
            self.synthetic(newlines, file, src);
        }
        self.synthetic(&format!("{marker}\n\n"), file, src);
    }
}

/// Splits `text[base..]` into lines and finds tags outside code. All offsets are offsets
/// in `text`.
fn tokenize(text: &str, base: usize) -> (Vec<Line>, Vec<Tag>) {
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
fn icon_tag(text: &str, end_of_tag: usize, close: usize) -> Option<(usize, String, Option<String>)> {
    let class = super::headings::attribute(&text[..end_of_tag + 1], "class")?;
    let name = class.split_whitespace().find_map(|c| c.strip_prefix("fa-"))?;
    let length = close + "</i>".len();
    Some(match crate::icons::from_font_awesome(name) {
        Some(icon) => (length, format!("<span class=\"fa-icon\">{}</span>", crate::icons::svg(icon)), None),
        None => (length, String::new(), Some(name.to_string())),
    })
}

/// `:sparkles:` (also `:white\_check\_mark:`) -> (length, emoji).
fn emoji_shortcode(text: &str) -> Option<(usize, String)> {
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

fn is_list_marker(text: &str) -> bool {
    matches!(text, "*" | "-" | "+")
        || (text.ends_with(['.', ')'])
            && text.len() <= 10
            && text[..text.len() - 1].chars().all(|c| c.is_ascii_digit())
            && text.len() > 1)
}

/// The next place of `needle` in a line at or after a position. The answer is remembered, so
/// a line with many openers and no closer (`{%` without `%}`) is searched once rather than
/// once per opener: scanning stays linear on hostile input.
struct NextMatch<'a> {
    text: &'a str,
    needle: &'a str,
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl<'a> NextMatch<'a> {
    fn new(text: &'a str, needle: &'a str) -> NextMatch<'a> {
        NextMatch { text, needle, last: None }
    }

    fn from(&mut self, at: usize) -> Option<usize> {
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
struct CodeSpans {
    unclosed: usize,
}

impl Default for CodeSpans {
    fn default() -> CodeSpans {
        CodeSpans { unclosed: usize::MAX }
    }
}

impl CodeSpans {
    /// How many bytes to skip at the backtick at `line[i]`: the code span, or the run alone.
    fn skip(&mut self, line: &str, i: usize) -> usize {
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
fn split_tags(text: &str, start: usize, end: usize, tags: &mut Vec<Tag>) -> Vec<Piece> {
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
fn parse_tag(inner: &str, start: usize) -> Option<Tag> {
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
            partner: None,
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
        partner: None,
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

fn read_value(text: &str) -> (String, &str) {
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

fn starts_with_attribute(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.len() == text.len() {
        return false;
    }
    let key_len = trimmed.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(trimmed.len());
    key_len > 0 && trimmed[key_len..].trim_start().starts_with('=')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

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
            let scope = crate::markdown::expressions::Scope { space: &empty, page: &empty };
            crate::markdown::expressions::evaluate(expression, &scope).truthy()
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
}
