//! The one place that reads YAML (`neokit.yaml`, `.gitbook.yaml`, front matter, `vars.yaml`).
//!
//! Input: YAML text. Output: a typed value or a [`YamlError`] with a message fit for an editor
//! (no serde jargon) and the 1-based line and column inside that text. Keeping YAML here means
//! the parser crate can be swapped in one line.

use serde::de::DeserializeOwned;

/// A YAML problem with its position in the parsed text (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub col: usize,
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
/// naming the key with a "did you mean" suggestion.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // An empty document is an empty mapping, not an error.
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|error| {
        let (line, col) = error.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
        let message = strip_positions(&error.to_string());
        let (message, help) = humanize(&message);
        YamlError { message, help, line, col }
    })
}

/// Like [`parse`], but reports a mistake under every top-level key, not only the first: each
/// key whose value is wrong is left out (its lines blanked, so positions stay) and the rest is
/// parsed again. Returns the value read without the wrong keys, when the rest parses.
pub fn parse_all<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<YamlError>) {
    let mut working = text.to_string();
    let mut errors = Vec::new();
    for _ in 0..32 {
        match parse::<T>(&working) {
            Ok(value) => return (Some(value), errors),
            Err(error) => {
                let block = top_level_block(&working, error.line);
                errors.push(error);
                let Some(block) = block else { break };
                working = working
                    .split_inclusive('\n')
                    .enumerate()
                    .map(|(i, line)| if block.contains(&(i + 1)) { "\n" } else { line })
                    .collect();
            }
        }
    }
    (None, errors)
}

/// The lines (1-based) to leave out after a mistake on `line`: the block of the key one level
/// below the top that holds it (so the other entries of `people:` are still read), else the
/// top-level key's block.
fn top_level_block(text: &str, line: usize) -> Option<std::ops::Range<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
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
    let level = indent(lines[start - 1]);
    let end = (start + 1..=lines.len())
        .find(|&n| {
            let l = lines[n - 1];
            !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= level
        })
        .unwrap_or(lines.len() + 1);
    Some(start..end)
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
