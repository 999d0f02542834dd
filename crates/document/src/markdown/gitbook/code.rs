//! The `{% code %}` block's options (title, line numbers, wrapping, expandable), also read from
//! the `data-` attributes of GitBook's HTML form of a code block. The code block itself is a
//! node of the document ([`crate::markdown::doc::CodeBlock`]); these options are given to it
//! when the document is built.

/// How a code block is shown: from `{% code title="..." lineNumbers="true" %}` around a
/// fence, or the `data-` attributes of GitBook's HTML form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeOptions {
    pub title: Option<String>,
    pub line_numbers: bool,
    pub wrap: bool,
    pub expandable: bool,
}

impl CodeOptions {
    /// The options of a `{% code %}` block (keys in any case).
    pub fn from_attributes(attrs: &[(String, String)]) -> CodeOptions {
        let option = |key: &str| attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        CodeOptions {
            title: option("title").filter(|t| !t.is_empty()).map(str::to_string),
            line_numbers: option("lineNumbers") == Some("true"),
            wrap: option("overflow") == Some("wrap"),
            expandable: option("expandable") == Some("true"),
        }
    }
}
