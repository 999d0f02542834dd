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
    let message = rest.replace("invalid type: ", "wrong kind of value: ").replace("unknown variant", "unknown value");
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
