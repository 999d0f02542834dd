//! What a GitBook block is: one [`BlockKind`] per kind of `{% tag %}`, with whether it needs
//! an end tag, so that the scanner pairs tags and every writer handles every kind by `match`
//! (the compiler keeps them in step: a new kind is one variant, then the places that do not
//! handle it yet; the matches over kinds have no `_ =>` arm for that, see tests/it/exhaustive.rs).
//!
//! Input: a tag's name as written. Output: its kind. The scanner ([`super::blocks`]) records
//! a [`Block`] for each tag it keeps; the HTML writer and the downloads list read them.

/// Whether a kind of block is written with an end tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Always paired: a missing end tag is reported and the block ends where it must.
    Required,
    /// May stand alone (`{% embed url="..." %}`) or be paired when an end tag follows.
    Optional,
}

/// The OpenAPI and legacy API tags (`openapi`, `swagger-parameter`, `api-method-summary`, ...),
/// each a part of an API description.
pub const API_TAGS: &[&str] = &[
    "openapi",
    "openapi-operation",
    "openapi-schemas",
    "openapi-webhook",
    "swagger",
    "swagger-description",
    "swagger-parameter",
    "swagger-response",
    "api-method",
    "api-method-summary",
    "api-method-description",
    "api-method-spec",
    "api-method-request",
    "api-method-response",
    "api-method-response-example",
    "api-method-response-example-description",
    "api-method-path-parameters",
    "api-method-query-parameters",
    "api-method-headers",
    "api-method-body-parameters",
    "api-method-form-data-parameters",
    "api-method-parameter",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Hint,
    /// `tabs`, or `code-tabs` (GitBook's older name).
    Tabs,
    /// `tab`, or `code-tabs-item`.
    Tab,
    Stepper,
    Step,
    Columns,
    Column,
    /// `content-ref`: a card linking to a page.
    ContentRef,
    /// `page-ref`: the older, self-closing form of a content-ref.
    PageRef,
    Embed,
    File,
    /// `code`: options (title, line numbers) for the code fence inside it.
    Code,
    Updates,
    Update,
    /// `if`: content shown only when the condition holds for an anonymous visitor.
    If,
    Prompt,
    Include,
    /// A part of an API description; the tag's name from [`API_TAGS`].
    Api(&'static str),
    /// An integration block, `{% @vendor/kind ... %}`: the name after `@`.
    Integration(String),
    /// A tag neokit does not know (shown plainly and reported).
    Unknown(String),
}

impl BlockKind {
    /// The kind of a tag named `name` (lowercased, as the scanner reads it).
    pub fn of(name: &str) -> BlockKind {
        match name {
            "hint" => BlockKind::Hint,
            "tabs" | "code-tabs" => BlockKind::Tabs,
            "tab" | "code-tabs-item" => BlockKind::Tab,
            "stepper" => BlockKind::Stepper,
            "step" => BlockKind::Step,
            "columns" => BlockKind::Columns,
            "column" => BlockKind::Column,
            "content-ref" => BlockKind::ContentRef,
            "page-ref" => BlockKind::PageRef,
            "embed" => BlockKind::Embed,
            "file" => BlockKind::File,
            "code" => BlockKind::Code,
            "updates" => BlockKind::Updates,
            "update" => BlockKind::Update,
            "if" => BlockKind::If,
            "prompt" => BlockKind::Prompt,
            "include" => BlockKind::Include,
            _ => match API_TAGS.iter().find(|t| **t == name) {
                Some(tag) => BlockKind::Api(tag),
                None => match name.strip_prefix('@') {
                    Some(integration) => BlockKind::Integration(integration.to_string()),
                    None => BlockKind::Unknown(name.to_string()),
                },
            },
        }
    }

    /// Whether this kind is written with an end tag.
    pub fn end(&self) -> End {
        match self {
            BlockKind::Hint
            | BlockKind::Tabs
            | BlockKind::Tab
            | BlockKind::Stepper
            | BlockKind::Step
            | BlockKind::Columns
            | BlockKind::Column
            | BlockKind::ContentRef
            | BlockKind::Code
            | BlockKind::Updates
            | BlockKind::Update
            | BlockKind::If
            | BlockKind::Prompt => End::Required,
            BlockKind::Api(tag) if *tag != "api-method-parameter" => End::Required,
            BlockKind::Api(_)
            | BlockKind::PageRef
            | BlockKind::Embed
            | BlockKind::File
            | BlockKind::Include
            | BlockKind::Integration(_)
            | BlockKind::Unknown(_) => End::Optional,
        }
    }
}

/// A GitBook block found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// Tag name as written, lowercased (`hint`, `content-ref`, `tab`, ...).
    pub name: String,
    /// Attributes in order; a positional argument (`{% include "x" %}`) has an empty key,
    /// and `{% if expr %}` stores the whole expression under the key `""`.
    pub attrs: Vec<(String, String)>,
    /// Whether the block has an end tag (its content lies between the two markers).
    pub paired: bool,
    /// The block this one is nested in.
    pub parent: Option<usize>,
    /// Where the opening tag was written.
    pub file: usize,
    pub offset: usize,
    /// A paired block with nothing but white space between its tags.
    pub empty: bool,
}

impl Block {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_their_ends() {
        assert_eq!(BlockKind::of("code-tabs"), BlockKind::Tabs);
        assert_eq!(BlockKind::of("hint").end(), End::Required);
        assert_eq!(BlockKind::of("embed").end(), End::Optional);
        assert_eq!(BlockKind::of("swagger-response"), BlockKind::Api("swagger-response"));
        assert_eq!(BlockKind::of("swagger-response").end(), End::Required);
        assert_eq!(BlockKind::of("api-method-parameter").end(), End::Optional);
        assert_eq!(BlockKind::of("@github/files"), BlockKind::Integration("github/files".into()));
        assert_eq!(BlockKind::of("carousel"), BlockKind::Unknown("carousel".into()));
        assert_eq!(BlockKind::of("carousel").end(), End::Optional);
    }
}
