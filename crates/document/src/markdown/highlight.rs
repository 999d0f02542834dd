//! Syntax highlighting of code blocks, at build time.
//!
//! Input: a code block's language (GitBook writes Prism's names) and its text. Output: each
//! line as tokens of a few kinds ([`Token`]: keyword, string, comment ...), which a writer
//! shows as it likes: the HTML writer as `<span class="hl-...">` inside neokit's per-line
//! spans, coloured by the theme's CSS in light and dark mode (no style attribute, so a strict
//! Content-Security-Policy stays clean). The grammars are Sublime Text's, bundled with
//! syntect; they are loaded once per process, when the first block in a known language is
//! written. Unknown languages, and code too large to be worth it, are not highlighted.

use std::sync::LazyLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Larger code blocks are shown plain (highlighting them would cost more than it helps).
const MAX_BYTES: usize = 128 * 1024;
/// A block with a longer line is shown plain (minified code; slow for the grammars).
const MAX_LINE: usize = 2_000;

/// What a piece of code is, as far as colours go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Comment,
    String,
    Number,
    Constant,
    Keyword,
    Function,
    Type,
    Tag,
    Attribute,
    Property,
    Variable,
    Heading,
    Inserted,
    Deleted,
    Regex,
    Escape,
}

const TOKENS: [Token; 17] = [
    Token::Plain,
    Token::Comment,
    Token::String,
    Token::Number,
    Token::Constant,
    Token::Keyword,
    Token::Function,
    Token::Type,
    Token::Tag,
    Token::Attribute,
    Token::Property,
    Token::Variable,
    Token::Heading,
    Token::Inserted,
    Token::Deleted,
    Token::Regex,
    Token::Escape,
];

impl Token {
    /// The class the HTML writer gives it (none for plain text).
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Token::Plain => return None,
            Token::Comment => "hl-comment",
            Token::String => "hl-string",
            Token::Number => "hl-number",
            Token::Constant => "hl-constant",
            Token::Keyword => "hl-keyword",
            Token::Function => "hl-function",
            Token::Type => "hl-type",
            Token::Tag => "hl-tag",
            Token::Attribute => "hl-attribute",
            Token::Property => "hl-property",
            Token::Variable => "hl-variable",
            Token::Heading => "hl-heading",
            Token::Inserted => "hl-inserted",
            Token::Deleted => "hl-deleted",
            Token::Regex => "hl-regex",
            Token::Escape => "hl-escape",
        })
    }

    fn index(self) -> u8 {
        TOKENS.iter().position(|t| *t == self).unwrap_or(0) as u8
    }
}

/// Scope selectors (as in a colour scheme) and the token they make; the most specific
/// selector that matches wins, so `keyword.operator` (plain) beats `keyword`.
const RULES: &[(&str, Token)] = &[
    ("comment, punctuation.definition.comment", Token::Comment),
    ("string, punctuation.definition.string", Token::String),
    ("string.regexp", Token::Regex),
    ("constant.numeric", Token::Number),
    ("constant.language, constant.character, constant.other, support.constant, variable.language", Token::Constant),
    ("constant.character.escape", Token::Escape),
    ("keyword, storage", Token::Keyword),
    ("keyword.operator", Token::Plain),
    ("entity.name.function, support.function, variable.function", Token::Function),
    ("entity.name.type, entity.name.class, entity.other.inherited-class, support.type, support.class", Token::Type),
    ("entity.name.tag", Token::Tag),
    ("entity.other.attribute-name", Token::Attribute),
    (
        "meta.mapping.key string, meta.structure.dictionary.key.json string, support.type.property-name, meta.object-literal.key",
        Token::Property,
    ),
    ("variable.parameter, variable.other.readwrite.shell, variable.other.normal", Token::Variable),
    ("markup.heading, entity.name.section", Token::Heading),
    ("markup.inserted", Token::Inserted),
    ("markup.deleted", Token::Deleted),
    ("invalid", Token::Plain),
];

struct Highlighting {
    syntaxes: SyntaxSet,
    /// A colour scheme whose "colours" are token numbers (in the red channel).
    theme: Theme,
}

static HIGHLIGHTING: LazyLock<Highlighting> = LazyLock::new(|| {
    let token_colour = |token: Token| Color { r: token.index(), g: 0, b: 0, a: 255 };
    let scopes = RULES
        .iter()
        .filter_map(|(selector, token)| {
            let scope = selector.parse::<ScopeSelectors>().ok()?;
            let style = StyleModifier { foreground: Some(token_colour(*token)), background: None, font_style: None };
            Some(ThemeItem { scope, style })
        })
        .collect();
    let settings = ThemeSettings { foreground: Some(token_colour(Token::Plain)), ..ThemeSettings::default() };
    Highlighting {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        theme: Theme { scopes, settings, ..Theme::default() },
    }
});

/// The name syntect knows a language by, for Prism's names that differ; `None` for text.
fn syntax_token(language: &str) -> Option<String> {
    let language = language.trim().to_ascii_lowercase();
    let token = match language.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" | "none" | "mermaid" | "output" => return None,
        // TypeScript and JSX are shown with JavaScript's grammar, the nearest bundled one.
        "javascript" | "jsx" | "typescript" | "ts" | "tsx" | "mjs" | "cjs" | "node" => "js",
        "shell" | "bash" | "zsh" | "shellscript" | "sh" => "sh",
        "csharp" | "c#" | "cs" | "dotnet" => "cs",
        "cpp" | "c++" | "hpp" => "cpp",
        "objectivec" | "objective-c" | "objc" => "m",
        "yml" => "yaml",
        "markup" | "xhtml" | "htm" => "html",
        "svg" | "xsl" | "xslt" | "rss" | "atom" => "xml",
        "markdown" | "md" => "md",
        "python" | "py" => "py",
        "ruby" | "rb" => "rb",
        "rust" | "rs" => "rs",
        "golang" => "go",
        "scss" | "less" => "css",
        "patch" => "diff",
        "make" => "makefile",
        "latex" => "tex",
        "batch" | "cmd" => "bat",
        "json5" | "jsonc" => "json",
        "postgresql" | "postgres" | "mysql" | "plsql" | "sqlite" => "sql",
        other => other,
    };
    Some(token.to_string())
}

/// A line as tokens: (kind, byte range in the line).
pub type Line = Vec<(Token, std::ops::Range<usize>)>;

/// The lines of `code` (split at `\n`, as the writer splits them) as tokens, or `None` when
/// the language is not one neokit highlights.
pub fn highlight(language: &str, code: &str) -> Option<Vec<Line>> {
    let token = syntax_token(language)?;
    if code.len() > MAX_BYTES || code.split('\n').any(|line| line.len() > MAX_LINE) {
        return None;
    }
    let highlighting = &*HIGHLIGHTING;
    let syntax = highlighting.syntaxes.find_syntax_by_token(&token)?;
    if syntax.name == "Plain Text" {
        return None;
    }
    let mut highlighter = HighlightLines::new(syntax, &highlighting.theme);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ranges = highlighter.highlight_line(line, &highlighting.syntaxes).ok()?;
        let text_end = line.strip_suffix('\n').unwrap_or(line).len();
        let mut tokens: Line = Vec::new();
        let mut at = 0;
        for (style, text) in ranges {
            let range = at..(at + text.len()).min(text_end);
            at += text.len();
            if range.is_empty() {
                continue;
            }
            let token = TOKENS.get(usize::from(style.foreground.r)).copied().unwrap_or(Token::Plain);
            match tokens.last_mut() {
                Some((last, previous)) if *last == token && previous.end == range.start => previous.end = range.end,
                _ => tokens.push((token, range)),
            }
        }
        lines.push(tokens);
    }
    // `split('\n')` gives a line after a final newline, and one for empty code.
    if code.is_empty() || code.ends_with('\n') {
        lines.push(Vec::new());
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(language: &str, code: &str) -> Vec<Vec<(Option<&'static str>, String)>> {
        let lines: Vec<&str> = code.split('\n').collect();
        highlight(language, code)
            .unwrap()
            .iter()
            .zip(&lines)
            .map(|(tokens, line)| tokens.iter().map(|(t, r)| (t.class(), line[r.clone()].to_string())).collect())
            .collect()
    }

    #[test]
    fn tokens_per_line_with_prism_names() {
        let lines = classes("javascript", "/* a\n b */ const x = \"s\"; // c");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], [(Some("hl-comment"), "/* a".to_string())]);
        assert!(lines[1].contains(&(Some("hl-keyword"), "const".to_string())), "{lines:?}");
        assert!(lines[1].contains(&(Some("hl-string"), "\"s\"".to_string())), "{lines:?}");
        assert!(lines[1].iter().any(|(c, t)| *c == Some("hl-comment") && t.contains("// c")), "{lines:?}");
        for language in ["python", "bash", "yaml", "json", "csharp", "html", "ts", "sql", "java", "go", "rust"] {
            assert!(highlight(language, "x").is_some(), "{language}");
        }
    }

    #[test]
    fn text_and_unknown_languages_are_not_highlighted() {
        for language in ["", "text", "mermaid", "brainfuck"] {
            assert!(highlight(language, "x = 1").is_none(), "{language}");
        }
        assert!(highlight("js", &"x".repeat(MAX_LINE + 1)).is_none());
    }

    #[test]
    fn as_many_lines_as_the_writer_splits() {
        for code in ["", "a", "a\n", "a\n\nb", "\n"] {
            assert_eq!(highlight("js", code).unwrap().len(), code.split('\n').count(), "{code:?}");
        }
    }
}
