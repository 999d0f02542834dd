//! The one place that reads YAML (`neokit.yaml`, `.gitbook.yaml`, front matter, `vars.yaml`).
//!
//! Input: YAML text. Output: a typed value or a [`YamlError`] with a message fit for an editor
//! (no serde jargon) and the 1-based line and column inside that text. Keeping YAML here means
//! the parser crate can be swapped in one line.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};

/// A YAML problem with its position in the parsed text (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub col: usize,
    /// What [`parse_all`] left out because of this problem: the dotted key whose lines it
    /// blanked to read the rest (`people.chair`), `""` when nothing could be read; `None` when
    /// nothing was left out (a key written twice) or the text was read by [`parse`].
    pub left_out: Option<String>,
}

impl YamlError {
    /// The problem as an error of `code` in `file`, its line counted from `first_line` (the
    /// file's line where the YAML starts: 1 for a YAML file, 2 for front matter). Without a
    /// position it is placed at the start of YAML inside another file, else on the whole file.
    pub fn diagnostic(&self, code: &'static str, file: &std::path::Path, first_line: usize) -> Diagnostic {
        let line = match self.line {
            0 if first_line > 1 => first_line,
            0 => 0,
            line => line + first_line - 1,
        };
        let d = Diagnostic::error(code, self.message.clone()).at(Location::new(file, line, self.col));
        match &self.help {
            Some(help) => d.with_help(help.clone()),
            None => d,
        }
    }
}

/// Characters GitBook and Windows editors leave in YAML files that a YAML parser chokes on:
/// the byte-order mark and zero-width spaces (seen inside keys in real `.gitbook.yaml` files).
pub fn strip_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{feff}', '\u{200b}']) {
        text.replace(['\u{feff}', '\u{200b}'], "").into()
    } else {
        text.into()
    }
}

/// Parses `text` into `T`. Unknown keys (for types with `deny_unknown_fields`) become an error
/// naming the key with a "did you mean" suggestion; syntax errors are explained by [`explain`].
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // An empty document is an empty mapping, not an error.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|error| {
        let at = error.location().map(|l| (l.line(), l.column()));
        explain(&error.to_string(), at, text)
    })
}

/// Like [`parse`], but reports a mistake under every top-level key, not only the first: each
/// key whose value is wrong is left out (its lines blanked, so positions stay) and the rest is
/// parsed again. Returns the value read without the wrong keys, when the rest parses, and
/// reports keys written twice in the same mapping (YAML does not allow it; the parser would
/// keep the last value without a word).
pub fn parse_all<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<YamlError>) {
    let mut working = text.to_string();
    let mut errors = Vec::new();
    for _ in 0..32 {
        match parse::<T>(&working) {
            Ok(value) => {
                errors.extend(duplicate_keys(&working));
                return (Some(value), errors);
            }
            Err(mut error) => {
                let block = left_out_block(&working, error.line);
                let Some((lines, key)) = block else {
                    error.left_out = Some(String::new());
                    errors.push(error);
                    break;
                };
                error.left_out = Some(key);
                errors.push(error);
                working = working
                    .split_inclusive('\n')
                    .enumerate()
                    .map(|(i, line)| if lines.contains(&(i + 1)) { "\n" } else { line })
                    .collect();
            }
        }
    }
    (None, errors)
}

/// How far a line is indented, a tab taken to the next multiple of 4 columns as an editor
/// shows it (YAML does not allow tabs there; this only finds the block a mistake is in).
fn indent(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width = (width / 4 + 1) * 4,
            _ => break,
        }
    }
    width
}

/// The key a block-style line starts with (`name` in `name: x`, `- name: x` and `name:`).
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    if t.is_empty() || t.starts_with(['#', '-', '[', '{', '"', '\'', '|', '>']) {
        return None;
    }
    let colon = t.find(": ").or_else(|| t.strip_suffix(':').map(str::len))?;
    Some(t[..colon].trim()).filter(|k| !k.is_empty())
}

/// The lines (1-based) to leave out after a mistake on `line`, and the dotted key they hold:
/// the block of the key one level below the top that holds it (so the other entries of
/// `people:` are still read), else the top-level key's block.
fn left_out_block(text: &str, line: usize) -> Option<(std::ops::Range<usize>, String)> {
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let is_key = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with('-')
    };
    // Walk up from the mistake, keeping the key lines that open each enclosing block.
    let mut ancestors = Vec::new();
    let mut limit = usize::MAX;
    for n in (1..=line).rev() {
        let l = lines[n - 1];
        if is_key(l) && indent(l) < limit {
            ancestors.push(n);
            limit = indent(l);
            if limit == 0 {
                break;
            }
        }
    }
    let top = *ancestors.last()?;
    if indent(lines[top - 1]) != 0 {
        return None;
    }
    let start = if ancestors.len() >= 2 { ancestors[ancestors.len() - 2] } else { top };
    let name = |n: usize| key_of(lines[n - 1]).unwrap_or(lines[n - 1].trim()).to_string();
    let key = if start == top { name(top) } else { format!("{}.{}", name(top), name(start)) };
    let level = indent(lines[start - 1]);
    let end = (start + 1..=lines.len())
        .find(|&n| {
            let l = lines[n - 1];
            !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= level
        })
        .unwrap_or(lines.len() + 1);
    Some((start..end, key))
}

/// Keys written twice in the same block-style mapping, each reported at its second place.
fn duplicate_keys(text: &str) -> Vec<YamlError> {
    let mut errors = Vec::new();
    // Open mappings: the indentation of their keys, and the keys seen (with their line).
    let mut open: Vec<(usize, Vec<(String, usize)>)> = Vec::new();
    // The indentation a block scalar's (`|`, `>`) lines are deeper than, while inside one.
    let mut scalar_over: Option<usize> = None;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut at = indent(line);
        if let Some(over) = scalar_over {
            if at > over {
                continue;
            }
            scalar_over = None;
        }
        if trimmed == "---" || trimmed == "..." {
            open.clear();
            continue;
        }
        // `- key: value` opens a mapping at the key's column.
        let mut rest = trimmed;
        let mut item = false;
        while let Some(after) = rest.strip_prefix("- ") {
            item = true;
            at += 2 + (after.len() - after.trim_start().len());
            rest = after.trim_start();
        }
        while open.last().is_some_and(|(level, _)| *level > at || (item && *level == at)) {
            open.pop();
        }
        let Some(key) = key_of(rest) else { continue };
        let value = rest[rest.find(':').map_or(rest.len(), |c| c + 1)..].trim();
        if value.starts_with(['|', '>']) {
            scalar_over = Some(at);
        }
        if open.last().is_none_or(|(level, _)| *level < at) {
            open.push((at, Vec::new()));
        }
        let Some((_, keys)) = open.last_mut() else { continue };
        let key = key.trim_matches(['"', '\'']).to_string();
        match keys.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => errors.push(YamlError {
                message: format!("`{key}` is written twice (first on line {first})"),
                help: Some("keep one of them: only one value can count, and which one was meant is unclear".into()),
                line: number + 1,
                col: at + 1,
                left_out: None,
            }),
            None => keys.push((key, number + 1)),
        }
    }
    errors
}

/// The one translation of the YAML parser's messages into an editor's words: `full` is the
/// parser's message (with its positions), `at` where the parser stopped, `text` what it read.
/// The position returned is where the mistake is, which is often not where the parser
/// stopped (a missing `:` is noticed on the next line, an unclosed quote at the end).
pub fn explain(full: &str, at: Option<(usize, usize)>, text: &str) -> YamlError {
    let (line, col) = at.unwrap_or((0, 0));
    let (problem, context) = match full.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (full, None),
    };
    let problem = strip_positions(problem);
    // Where the parser started reading what it could not finish (`while scanning a quoted
    // scalar at line 2 column 4`).
    let started = context.and_then(position_in);
    let syntax = Syntax { text, line, col, started };
    if let Some((message, help, (line, col))) = syntax.explain(&problem, context.unwrap_or("")) {
        return YamlError { message, help, line, col, left_out: None };
    }
    if let Some(key) = problem.strip_prefix("duplicate field `").and_then(|r| r.split('`').next()) {
        let (line, col) = duplicate_keys(text)
            .iter()
            .find(|e| e.message.starts_with(&format!("`{key}`")))
            .map_or((line, col), |e| (e.line, e.col));
        return YamlError {
            message: format!("`{key}` is written twice"),
            help: Some("keep one of them: only one value can count, and which one was meant is unclear".into()),
            line,
            col,
            left_out: None,
        };
    }
    let (message, help) = humanize(&problem);
    YamlError { message, help, line, col, left_out: None }
}

/// `line L column C` in a parser message.
fn position_in(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("at line ")? + "at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// A syntax error's place in the text being explained.
struct Syntax<'a> {
    text: &'a str,
    /// Where the parser stopped.
    line: usize,
    col: usize,
    /// Where it started reading the value it could not finish.
    started: Option<(usize, usize)>,
}

/// What to write instead of `word` in a help: the line's key and value with the value quoted.
fn quoted(key: &str, value: &str) -> String {
    let value = value.trim();
    let value = if value.contains('"') { format!("'{}'", value.replace('\'', "''")) } else { format!("\"{value}\"") };
    if key.is_empty() { value } else { format!("{key}: {value}") }
}

/// `text` cut to about 40 characters for a message.
fn short(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

const LINE_HELP: &str = "a line needs `key: value` (a colon and a space after the key); \
     if this line goes on with the text of the line above, indent it under that key";

impl Syntax<'_> {
    /// Line `n` (1-based) of the text.
    fn line_text(&self, n: usize) -> &str {
        self.text.lines().nth(n.wrapping_sub(1)).unwrap_or("")
    }

    /// The character at line `n`, column `col` (1-based, in characters).
    fn char_at(&self, n: usize, col: usize) -> Option<char> {
        self.line_text(n).chars().nth(col.checked_sub(1)?)
    }

    /// The line's key and the value after it (`description`, `Consent: how we ask`).
    fn key_value(&self, n: usize) -> (String, String) {
        let line = self.line_text(n).trim_start().trim_start_matches("- ");
        match line.split_once(": ") {
            Some((key, value)) => (key.trim().to_string(), value.trim().to_string()),
            None => (String::new(), line.trim().to_string()),
        }
    }

    /// The last `[` or `{` before where the parser stopped that is not closed, and where it is
    /// (quoted text and comments left out).
    fn unclosed_bracket(&self) -> Option<((usize, usize), char)> {
        let mut open = Vec::new();
        for (index, line) in self.text.lines().enumerate().take(self.line) {
            let mut quote = None;
            let mut previous = ' ';
            for (col, c) in line.chars().enumerate() {
                if index + 1 == self.line && col + 1 >= self.col {
                    break;
                }
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') if matches!(previous, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                    (None, '#') if previous == ' ' => break,
                    (None, '[' | '{') => open.push(((index + 1, col + 1), c)),
                    (None, ']' | '}') => {
                        open.pop();
                    }
                    _ => {}
                }
                previous = c;
            }
        }
        open.pop()
    }

    /// Where the quote `q` that the quote at line `n`, column `col` closes was opened: the
    /// previous `q` in the text (a `\"` escaped inside double quotes is not one).
    fn opening_quote(&self, n: usize, col: usize, q: char) -> (usize, usize) {
        let lines: Vec<&str> = self.text.lines().collect();
        for line in (1..=n.min(lines.len())).rev() {
            let chars: Vec<char> = lines[line - 1].chars().collect();
            let end = if line == n { col.saturating_sub(1).min(chars.len()) } else { chars.len() };
            for i in (0..end).rev() {
                let escaped = q == '"' && i > 0 && chars[i - 1] == '\\';
                if chars[i] == q && !escaped {
                    return (line, i + 1);
                }
            }
        }
        (n, col)
    }

    /// The column (1-based) of the first character of line `n` that is not a space.
    fn first_col(&self, n: usize) -> usize {
        self.line_text(n).chars().take_while(|c| *c == ' ').count() + 1
    }

    /// The message, help and position for a syntax error the parser reported as `problem`
    /// while reading `context`; `None` when it is not a syntax error.
    fn explain(&self, problem: &str, context: &str) -> Option<(String, Option<String>, (usize, usize))> {
        let here = (self.line, self.col);
        let (message, help, at): (String, &str, (usize, usize)) = if problem.contains("tab character")
            || (problem.starts_with("found character that cannot start any token")
                && self.char_at(self.line, self.col) == Some('\t'))
        {
            let before = self.line_text(self.line).chars().take(self.col.saturating_sub(1)).all(char::is_whitespace);
            let message = if before { "a tab is used for indenting" } else { "a tab character here" };
            return Some((
                message.into(),
                Some("YAML uses spaces for indenting, not tabs: replace the tab with spaces".into()),
                here,
            ));
        } else if problem.starts_with("could not find expected ':'") && context.contains("simple key") {
            let at = self.started.unwrap_or(here);
            let written = self.line_text(at.0).chars().skip(at.1.saturating_sub(1)).collect::<String>();
            let written = written.trim_end();
            if let Some((key, value)) = written.split_once(':').filter(|(_, v)| !v.is_empty() && !v.starts_with(' ')) {
                return Some((
                    format!("no space after the `:` in `{}`", short(written)),
                    Some(format!("write a space after the colon: `{}: {}`", key.trim(), value)),
                    at,
                ));
            }
            (format!("missing `:` after `{}`", short(written)), LINE_HELP, at)
        } else if problem.starts_with("mapping values are not allowed") {
            let line = self.line_text(self.line);
            let colon = line.char_indices().nth(self.col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
            let first = line.find(": ").or_else(|| line.trim_end().strip_suffix(':').map(str::len));
            if first.is_some_and(|first| first < colon) {
                let (key, value) = self.key_value(self.line);
                let example = if value.chars().count() <= 60 {
                    format!("put the whole value in quotes: `{}`", quoted(&key, &value))
                } else {
                    format!("put the whole value in quotes: `{key}: \"...\"`")
                };
                return Some((format!("a `: ` inside the value of `{key}`"), Some(example), here));
            }
            let (key, _) = self.key_value(self.line);
            let above = (1..self.line).rev().find(|&n| key_of(self.line_text(n)).is_some());
            let (above_key, _) = above.map(|n| self.key_value(n)).unwrap_or_default();
            let at = (self.line, self.first_col(self.line));
            return Some((
                format!("`{key}` is indented under `{above_key}`, which already has a value"),
                Some(format!(
                    "start `{key}` in the same column as `{above_key}`; if the line goes on with the text of \
                     `{above_key}`, put that whole text in quotes"
                )),
                at,
            ));
        } else if problem.starts_with("found unexpected end of stream") && context.contains("quoted scalar") {
            let at = self.started.unwrap_or(here);
            let quote = self.char_at(at.0, at.1).unwrap_or('"');
            let help = if quote == '\'' {
                "end the value with `'` on the same line; for an apostrophe inside single quotes write it twice \
                 (`'it''s'`), or use double quotes (`\"it's\"`)"
            } else {
                "end the value with `\"` on the same line"
            };
            return Some((
                format!("the quote `{quote}` that starts this value is never closed"),
                Some(help.into()),
                at,
            ));
        } else if problem.starts_with("found unexpected end of stream") {
            ("the text ends in the middle of a value".into(), "finish the value, or remove the line", here)
        } else if context.contains("flow")
            && let Some((at, '[')) = self.unclosed_bracket()
        {
            (
                "the list that starts with `[` here is not closed".into(),
                "close it with `]` on the same line and separate its items with commas; a value that only \
                 begins with `[` (like `[Draft] Guide`) must be in quotes",
                at,
            )
        } else if context.contains("flow")
            && let Some((at, _)) = self.unclosed_bracket()
        {
            (
                "the group that starts with `{` here is not closed".into(),
                "close it with `}` on the same line; a value that only begins with `{` must be in quotes",
                at,
            )
        } else if problem.starts_with("did not find expected ',' or ']'") {
            let at = self.started.unwrap_or(here);
            (
                "the list that starts with `[` here is not closed".into(),
                "close it with `]` on the same line and separate its items with commas; a value that only \
                 begins with `[` (like `[Draft] Guide`) must be in quotes",
                at,
            )
        } else if problem.starts_with("did not find expected ',' or '}'") {
            let at = self.started.unwrap_or(here);
            (
                "the group that starts with `{` here is not closed".into(),
                "close it with `}` on the same line; a value that only begins with `{` must be in quotes",
                at,
            )
        } else if problem.starts_with("did not find expected key") {
            let line = self.line_text(self.line);
            let before: String = line.chars().take(self.col.saturating_sub(1)).collect();
            let previous = before.trim_end().chars().last();
            // Where the quote that closed the value is (1-based column).
            let closing = before.trim_end().chars().count();
            let after: String = line.chars().skip(self.col.saturating_sub(1)).collect();
            let (key, value) = self.key_value(self.line);
            match previous {
                Some(q @ ('"' | '\'')) if self.opening_quote(self.line, closing, q).0 < self.line => {
                    // The value's quote is not closed on its line: the quoted text ran on
                    // to the next quote mark, lines below.
                    let at = self.opening_quote(self.line, closing, q);
                    return Some((
                        format!("the quote `{q}` that starts this value is never closed"),
                        Some(format!("end the value with `{q}` on the same line")),
                        at,
                    ));
                }
                Some(q @ ('"' | '\'')) if after.trim_end().ends_with(q) => {
                    // `'Parents' questions'`: the quote mark inside the value ended it.
                    let inner = value.trim_matches(q);
                    let (message, help) = if q == '\'' {
                        (
                            "an apostrophe ends the value in single quotes early".to_string(),
                            format!(
                                "use double quotes around it: `{}`, or write the apostrophe twice: `'{}'`",
                                quoted(&key, inner),
                                inner.replace('\'', "''")
                            ),
                        )
                    } else {
                        (
                            "a `\"` inside the value ends it early".to_string(),
                            format!("use single quotes around it: `{}`", quoted(&key, inner)),
                        )
                    };
                    return Some((message, Some(help), (self.line, closing)));
                }
                Some(q @ ('"' | '\'')) => {
                    let inner = value.replace(q, "");
                    return Some((
                        format!("text after the closing quote `{q}`"),
                        Some(format!("put the whole value inside the quotes: `{}`", quoted(&key, &inner))),
                        here,
                    ));
                }
                Some(close @ (']' | '}')) => {
                    return Some((
                        format!("text after the `{close}` that closes a list"),
                        Some(format!(
                            "a value that begins with `[` or `{{` is read as a list: put the whole value in quotes: `{}`",
                            quoted(&key, &value)
                        )),
                        here,
                    ));
                }
                _ => {}
            }
            if line.trim_start().starts_with('-') {
                (
                    "a list item where a `key: value` line was expected".into(),
                    "list items (`- ...`) go on the lines below a key that ends with `:`, indented under it",
                    (self.line, self.first_col(self.line)),
                )
            } else {
                (
                    format!("`{}` is not lined up with the lines above it", short(line)),
                    "keys at the same level start in the same column: YAML counts the spaces at the start of each line",
                    (self.line, self.first_col(self.line)),
                )
            }
        } else if problem.starts_with("did not find expected '-' indicator") {
            let line = self.line_text(self.line);
            (
                format!("`{}` is among the items of a list but does not start with `- `", short(line)),
                "start it with `- ` if it is another item; if it belongs to the item above, indent it like that \
                 item's other lines",
                (self.line, self.first_col(self.line)),
            )
        } else if problem.starts_with("block sequence entries are not allowed") {
            let (key, _) = self.key_value(self.line);
            (
                format!("a list item (`- `) on the same line as `{key}:`"),
                "start list items on the lines below the key, indented; if the dash is part of the text, put the \
                 value in quotes",
                here,
            )
        } else if problem.starts_with("found unknown escape character") {
            let escape: String = self.line_text(self.line).chars().skip(self.col.saturating_sub(1)).take(2).collect();
            (
                format!("`{escape}` is not allowed inside double quotes"),
                "a backslash inside double quotes starts a special character: use single quotes instead \
                 ('C:\\files\\logo.png'), or write each backslash twice",
                here,
            )
        } else if problem.starts_with("unknown anchor")
            || problem.starts_with("found undefined tag handle")
            || problem.contains("invalid type: enum")
            || context.contains("an alias")
            || context.contains("an anchor")
            || context.contains("a tag")
        {
            // `*name`, `&name` and `!name` are references, anchors and tags in YAML.
            let at = self.started.unwrap_or(here);
            let first = self.char_at(at.0, at.1).unwrap_or('*');
            let (key, value) = self.key_value(at.0);
            let help = format!(
                "`{first}` has a meaning of its own at the start of a YAML value: put the value in quotes: `{}`",
                quoted(&key, &value)
            );
            return Some((format!("a value cannot start with `{first}`"), Some(help), at));
        } else if problem.starts_with("found character that cannot start any token")
            || problem.starts_with("did not find expected node content")
        {
            let Some(first) = self.char_at(self.line, self.col).filter(|c| !c.is_whitespace()) else {
                return Some((
                    "a value is missing here".into(),
                    Some(
                        "finish the line above: a line needs `key: value`, and quotes and brackets come in pairs"
                            .into(),
                    ),
                    here,
                ));
            };
            let (key, value) = self.key_value(self.line);
            let help = format!("put the value in quotes: `{}`", quoted(&key, &value));
            return Some((format!("a value cannot start with `{first}`"), Some(help), here));
        } else if problem.starts_with("found unexpected ':'") {
            (
                "a `:` where a value was expected".into(),
                "put the value in quotes when it contains `:`, e.g. `time: \"13:30\"`",
                here,
            )
        } else if problem.starts_with("did not find expected comment or line break") {
            (
                "text after `|` or `>` on the same line".into(),
                "a value that starts with `|` or `>` goes on the lines below, indented; put other values in quotes",
                here,
            )
        } else if problem.starts_with("control characters are not allowed") {
            let index: usize = problem.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let before: String = self.text.chars().take(index).collect();
            let at = (before.matches('\n').count() + 1, before.chars().rev().take_while(|c| *c != '\n').count() + 1);
            (
                "an invisible control character".into(),
                "delete it (it often comes with text copied from a PDF or a word processor)",
                at,
            )
        } else if problem.contains("more than one document") {
            let lines: Vec<&str> = self.text.lines().collect();
            let first = lines.iter().position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            let fence = lines.iter().enumerate().skip(first.map_or(0, |f| f + 1)).find(|(_, l)| {
                let t = l.trim_end();
                t == "---" || t == "..."
            });
            match (fence, first) {
                (Some((n, _)), _) => (
                    "a second document starts here".into(),
                    "remove this line: the file holds one list of `key: value` lines",
                    (n + 1, 1),
                ),
                (None, Some(n)) => (
                    "the first line is indented".into(),
                    "start the keys of the top level in the first column, without spaces before them",
                    (n + 1, 1),
                ),
                (None, None) => return None,
            }
        } else if problem.contains("recursion limit exceeded") || problem.contains("repetition limit exceeded") {
            (
                "anchors and aliases (`&name`, `*name`) expand to too much data".into(),
                "write the values out instead of repeating them with `*name`",
                here,
            )
        } else if context.starts_with("while scanning") || context.starts_with("while parsing") {
            (
                format!("this line cannot be read ({problem})"),
                "check it and the line above: a line needs `key: value`, quotes come in pairs, and indenting uses spaces",
                here,
            )
        } else {
            return None;
        };
        Some((message, Some(help.into()), at))
    }
}

/// Removes " at line N column M" from a parser message (the position is reported apart).
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = tail.find(|c: char| !c.is_ascii_digit()).unwrap_or(tail.len());
        let tail = &tail[digits..];
        let tail = match tail.strip_prefix(" column ") {
            Some(t) => &t[t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len())..],
            None => tail,
        };
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Turns serde's wording into a user's: `brand: unknown field `colr`, expected one of ...`
/// becomes "unknown key `brand.colr`" with a suggestion.
fn humanize(message: &str) -> (String, Option<String>) {
    let (path, rest) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (Some(path), rest),
        _ => (None, message),
    };
    let qualified = |key: &str| match path {
        Some(p) => format!("{p}.{key}"),
        None => key.to_string(),
    };
    if let Some(rest) = rest.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = did_you_mean(key, &candidates)
            .map(|best| format!("did you mean `{}`?", qualified(best)))
            .or_else(|| (!candidates.is_empty()).then(|| format!("known keys here: {}", candidates.join(", "))));
        return (format!("unknown key `{}`", qualified(key)), help);
    }
    if let Some(field) = rest.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        let what = match path {
            Some(p) if p.starts_with("people.") => "a person".to_string(),
            Some(p) => format!("`{p}`"),
            None => "this file".to_string(),
        };
        return (format!("{what} needs `{field}:`"), Some(format!("add `{field}:` with its value")));
    }
    let people = path.is_some_and(|p| p.starts_with("people"));
    let message = rest
        .replace("invalid type: ", "wrong kind of value: ")
        .replace("unknown variant", "unknown value")
        .replace(
            "expected struct RawPerson",
            "expected a person: `name:`, and `title:`, `email:`, `phone:` or `photo:` if you like",
        )
        .replace(
            "expected one value or a list of values",
            if people { "expected a person or a list of people" } else { "expected one value or a list of values" },
        );
    match path {
        Some(path) => (format!("`{path}`: {message}"), None),
        None => (message, None),
    }
}

/// Line and column (1-based) where the key at `path` (`["brand", "logo"]`) is written in a
/// block-style YAML mapping, for messages about values that parsed but are wrong.
pub fn key_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let mut depth = 0;
    // Indentation of the mapping being searched (None until its first key is seen) and of
    // the key that opened it.
    let mut level: Option<usize> = Some(0);
    let mut parent: Option<usize> = None;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if parent.is_some_and(|p| indent <= p) {
            return None;
        }
        let level_indent = *level.get_or_insert(indent);
        if indent != level_indent {
            continue;
        }
        let key = trimmed.split(':').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if key == path[depth] {
            if depth + 1 == path.len() {
                return Some((number + 1, indent + 1));
            }
            parent = Some(indent);
            level = None;
            depth += 1;
        }
    }
    None
}

/// Writes a value as YAML.
pub fn to_string<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

/// Line and column (1-based) of entry `index` of the block-style list under the key at `path`
/// (`- item` lines), or of the key itself when the entry is not found.
pub fn item_position(text: &str, path: &[&str], index: usize) -> Option<(usize, usize)> {
    let (key_line, key_col) = key_position(text, path)?;
    let mut seen = 0;
    let mut dash_indent = None;
    for (number, line) in text.lines().enumerate().skip(key_line) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent < key_col - 1 || (indent == key_col - 1 && !trimmed.starts_with('-')) {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            let dash = *dash_indent.get_or_insert(indent);
            if indent == dash {
                if seen == index {
                    return Some((number + 1, indent + 3));
                }
                seen += 1;
            }
        }
    }
    Some((key_line, key_col))
}

/// The closest candidate to `word`, if one is close enough to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod all_at_once {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Config {
        title: Option<String>,
        #[allow(dead_code)]
        count: Option<u32>,
        #[allow(dead_code)]
        list: Option<Vec<u32>>,
    }

    #[test]
    fn every_wrong_key_is_reported_and_the_rest_is_read() {
        let text = "count: many\ntitle: Kept\nlist:\n  - 1\n  - two\ncolour: red\n";
        let (value, errors) = parse_all::<Config>(text);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 5, 6], "{errors:?}");
        assert_eq!(value.unwrap().title.as_deref(), Some("Kept"));
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Person {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn each_entry_of_a_mapping_is_checked() {
        let text = "people:\n  lead:\n    nme: A\n  nurse: 12\n  doc:\n    name: B\n";
        let (value, errors) =
            parse_all::<std::collections::BTreeMap<String, std::collections::BTreeMap<String, Person>>>(text);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4], "{errors:?}");
        assert!(value.unwrap()["people"].contains_key("doc"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Brand {
        name: Option<String>,
        primary_color: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Config {
        title: Option<String>,
        brand: Option<Brand>,
    }

    #[test]
    fn unknown_key_with_suggestion_and_position() {
        let error = parse::<Config>("title: x\ntitel: y\n").unwrap_err();
        assert_eq!(error.message, "unknown key `titel`");
        assert_eq!(error.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!((error.line, error.col), (2, 1));
    }

    #[test]
    fn nested_unknown_key_is_qualified() {
        let error = parse::<Config>("brand:\n  primary_colour: red\n").unwrap_err();
        assert_eq!(error.message, "unknown key `brand.primary_colour`");
        assert_eq!(error.help.as_deref(), Some("did you mean `brand.primary_color`?"));
        assert_eq!(error.line, 2);
    }

    #[test]
    fn syntax_error_has_position() {
        let error = parse::<Config>("title: [unclosed\n").unwrap_err();
        assert!(error.line >= 1, "{error:?}");
    }

    #[test]
    fn empty_document_is_empty_mapping() {
        assert!(parse::<Config>("  \n").is_ok());
    }

    #[test]
    fn key_positions() {
        let text = "title: x\n# c\nbrand:\n  name: y\n  logo: z.png\nlogo: top\n";
        assert_eq!(key_position(text, &["brand", "logo"]), Some((5, 3)));
        assert_eq!(key_position(text, &["logo"]), Some((6, 1)));
        assert_eq!(key_position(text, &["brand", "url"]), None);
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(strip_invisible("\u{feff}\u{200b}root: ./\u{200b}"), "root: ./");
    }
}

#[cfg(test)]
mod explained {
    use super::*;

    /// What a non-developer's mistake in `text` is reported as: line, column, message, help.
    fn said(text: &str) -> (usize, usize, String, String) {
        let error = parse::<serde_json::Value>(text).unwrap_err();
        (error.line, error.col, error.message, error.help.unwrap_or_default())
    }

    fn check(text: &str, line: usize, col: usize, message: &str, help: &str) {
        assert_eq!(said(text), (line, col, message.to_string(), help.to_string()), "{text:?}");
    }

    #[test]
    fn a_line_without_a_colon_is_reported_on_its_own_line() {
        // The parser notices it on the next line (3:9), where nothing is wrong.
        check(
            "title: Kit\nbrand\n  name: Westbrook\n",
            2,
            1,
            "missing `:` after `brand`",
            "a line needs `key: value` (a colon and a space after the key); if this line goes on with the \
             text of the line above, indent it under that key",
        );
        check(
            "title: Kit\nlanguage:en\noutput: public\n",
            2,
            1,
            "no space after the `:` in `language:en`",
            "write a space after the colon: `language: en`",
        );
    }

    #[test]
    fn tabs() {
        let help = "YAML uses spaces for indenting, not tabs: replace the tab with spaces";
        check("brand:\n\tname: X\n", 2, 1, "a tab is used for indenting", help);
        check("title: A\n\tlanguage: en\n", 2, 1, "a tab is used for indenting", help);
    }

    #[test]
    fn quotes() {
        check(
            "title: \"Kit\nlanguage: en\n",
            1,
            8,
            "the quote `\"` that starts this value is never closed",
            "end the value with `\"` on the same line",
        );
        check(
            "title: 'Nurse's guide'\n",
            1,
            14,
            "an apostrophe ends the value in single quotes early",
            "use double quotes around it: `title: \"Nurse's guide\"`, or write the apostrophe twice: `'Nurse''s guide'`",
        );
        check(
            "title: \"Kit\" for nurses\n",
            1,
            14,
            "text after the closing quote `\"`",
            "put the whole value inside the quotes: `title: \"Kit for nurses\"`",
        );
        check(
            "logo: \"C:\\images\\logo.png\"\n",
            1,
            10,
            "`\\i` is not allowed inside double quotes",
            "a backslash inside double quotes starts a special character: use single quotes instead \
             ('C:\\files\\logo.png'), or write each backslash twice",
        );
    }

    #[test]
    fn quotes_that_end_a_value_early_or_run_on() {
        check(
            "title: 'Parents' questions'\n",
            1,
            16,
            "an apostrophe ends the value in single quotes early",
            "use double quotes around it: `title: \"Parents' questions\"`, or write the apostrophe twice: \
             `'Parents'' questions'`",
        );
        check(
            "note: \"Ward \"A\" only\"\n",
            1,
            13,
            "a `\"` inside the value ends it early",
            "use single quotes around it: `note: 'Ward \"A\" only'`",
        );
        // A quote not closed on its line runs on to the next quote mark, lines below.
        check(
            "language: \"en\ntitle: Kit\nphone: \"+44 20\"\n",
            1,
            11,
            "the quote `\"` that starts this value is never closed",
            "end the value with `\"` on the same line",
        );
    }

    #[test]
    fn a_colon_inside_a_value() {
        check(
            "description: Consent: how we ask\n",
            1,
            21,
            "a `: ` inside the value of `description`",
            "put the whole value in quotes: `description: \"Consent: how we ask\"`",
        );
        check(
            "note: Ward \"A\": level 2\n",
            1,
            15,
            "a `: ` inside the value of `note`",
            "put the whole value in quotes: `note: 'Ward \"A\": level 2'`",
        );
    }

    #[test]
    fn indentation() {
        check(
            "title: Kit\n  language: en\n",
            2,
            3,
            "`language` is indented under `title`, which already has a value",
            "start `language` in the same column as `title`; if the line goes on with the text of `title`, put \
             that whole text in quotes",
        );
        check(
            "brand:\n  name: X\n email: y\n",
            3,
            2,
            "`email: y` is not lined up with the lines above it",
            "keys at the same level start in the same column: YAML counts the spaces at the start of each line",
        );
        check(
            "  title: Kit\nlanguage: en\n",
            1,
            1,
            "the first line is indented",
            "start the keys of the top level in the first column, without spaces before them",
        );
    }

    #[test]
    fn lists() {
        check(
            "roles: [team, people\nlanguage: en\n",
            1,
            8,
            "the list that starts with `[` here is not closed",
            "close it with `]` on the same line and separate its items with commas; a value that only begins \
             with `[` (like `[Draft] Guide`) must be in quotes",
        );
        check(
            "title: [Draft] Guide\n",
            1,
            16,
            "text after the `]` that closes a list",
            "a value that begins with `[` or `{` is read as a list: put the whole value in quotes: \
             `title: \"[Draft] Guide\"`",
        );
        check(
            "roles:\n  - team\n  people: x\n",
            3,
            3,
            "`people: x` is among the items of a list but does not start with `- `",
            "start it with `- ` if it is another item; if it belongs to the item above, indent it like that \
             item's other lines",
        );
        check(
            "title: A\n- b\n",
            2,
            1,
            "a list item where a `key: value` line was expected",
            "list items (`- ...`) go on the lines below a key that ends with `:`, indented under it",
        );
        check(
            "roles: - team\n",
            1,
            8,
            "a list item (`- `) on the same line as `roles:`",
            "start list items on the lines below the key, indented; if the dash is part of the text, put the \
             value in quotes",
        );
    }

    #[test]
    fn a_list_left_open_to_the_end() {
        check(
            "openapi: 3.0.0\npaths:\n  /x:\n    get: [\n",
            4,
            10,
            "the list that starts with `[` here is not closed",
            "close it with `]` on the same line and separate its items with commas; a value that only begins \
             with `[` (like `[Draft] Guide`) must be in quotes",
        );
        check(
            "a: {b: \"[x\", c: [1]\n",
            1,
            4,
            "the group that starts with `{` here is not closed",
            "close it with `}` on the same line; a value that only begins with `{` must be in quotes",
        );
    }

    #[test]
    fn characters_that_cannot_start_a_value() {
        check("email: @team\n", 1, 8, "a value cannot start with `@`", "put the value in quotes: `email: \"@team\"`");
        check(
            "note: *important*\n",
            1,
            7,
            "a value cannot start with `*`",
            "`*` has a meaning of its own at the start of a YAML value: put the value in quotes: \
             `note: \"*important*\"`",
        );
    }

    #[test]
    fn a_value_starting_with_an_exclamation_mark() {
        check(
            "note: !important\n",
            1,
            7,
            "a value cannot start with `!`",
            "`!` has a meaning of its own at the start of a YAML value: put the value in quotes: \
             `note: \"!important\"`",
        );
    }

    #[test]
    fn other_mistakes() {
        check(
            "title: A\n---\nlanguage: en\n",
            2,
            1,
            "a second document starts here",
            "remove this line: the file holds one list of `key: value` lines",
        );
        check(
            "title: A\nnote: x\u{7}y\n",
            2,
            8,
            "an invisible control character",
            "delete it (it often comes with text copied from a PDF or a word processor)",
        );
    }

    #[test]
    fn keys_written_twice() {
        let (value, errors) = parse_all::<serde_json::Value>("title: A\nbrand:\n  name: X\n  name: Y\ntitle: B\n");
        assert!(value.is_some());
        let said: Vec<(usize, usize, &str)> = errors.iter().map(|e| (e.line, e.col, e.message.as_str())).collect();
        assert_eq!(
            said,
            [(4, 3, "`name` is written twice (first on line 3)"), (5, 1, "`title` is written twice (first on line 1)")]
        );
        assert!(errors.iter().all(|e| e.left_out.is_none()));
        // The same key in different entries of a list, or in a block of text, is no mistake.
        let (_, errors) = parse_all::<serde_json::Value>(
            "people:\n  - name: A\n    title: x\n  - name: B\ntext: |\n  name: a\n  name: b\nname: top\n",
        );
        assert_eq!(errors, []);
        // A typed value: the parser's own "duplicate field", placed at the second one.
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Kit {
            title: Option<String>,
            language: Option<String>,
        }
        let error = parse::<Kit>("title: A\nlanguage: en\ntitle: B\n").unwrap_err();
        assert_eq!((error.line, error.col, error.message.as_str()), (3, 1, "`title` is written twice"));
    }

    #[test]
    fn what_a_mistake_left_out() {
        let text = "title: Kit\npeople:\n  lead:\n    name: A\n  chair\n    - name: B\n  nurse:\n    name: C\n";
        let (value, errors) = parse_all::<serde_json::Value>(text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].left_out.as_deref()), (5, Some("people.chair")));
        let value = value.unwrap();
        assert_eq!(value["people"]["nurse"]["name"], "C");
        assert!(value["people"].get("chair").is_none());
        // A tab: the entry it is in is left out, not the rest of `people:`.
        let text = "people:\n  lead:\n    name: A\n\ttitle: B\n  nurse:\n    name: C\n";
        let (value, errors) = parse_all::<serde_json::Value>(text);
        assert_eq!((errors[0].line, errors[0].left_out.as_deref()), (4, Some("people.lead")));
        assert_eq!(value.unwrap()["people"]["nurse"]["name"], "C");
        let (value, errors) = parse_all::<serde_json::Value>("  title: Kit\nlanguage: en\n");
        assert!(value.is_none());
        assert_eq!(errors[0].left_out.as_deref(), Some(""));
    }
}

#[cfg(test)]
mod never_panics {
    use super::*;

    #[test]
    fn any_one_character_mistake_is_explained_without_a_panic() {
        let text = "title: Kit\npeople:\n  lead:\n    name: 'A'\n    tags: [x, \"y\"]\n  chair:\n    - name: B\n\
                    note: |\n  free: text\nlast: \"q\\n\"\n";
        for (at, _) in text.char_indices() {
            for inserted in
                [":", "\"", "'", "\t", "[", "{", "]", "- ", "*", "&", "!", "@", "\u{7}", "\n", "#", "|", "\\"]
            {
                let broken = format!("{}{inserted}{}", &text[..at], &text[at..]);
                let (_, errors) = parse_all::<serde_json::Value>(&broken);
                for error in errors {
                    assert!(!error.message.is_empty());
                    assert!(error.line <= broken.lines().count() + 1, "{broken:?}: {error:?}");
                }
            }
        }
    }
}
