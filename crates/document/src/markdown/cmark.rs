//! How pages are read with pulldown-cmark: the Markdown extensions GitBook content uses, heading
//! levels as numbers, and the short inline Markdown of the configuration (a footer).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser};

/// The Markdown extensions GitBook content uses. Heading attributes, smart punctuation and
/// single-dollar math stay off: GitBook never writes `{#id}`, keeps quotes as typed, and
/// uses `$` as a currency sign.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Renders a short piece of configuration Markdown (a footer) to HTML: inline formatting and
/// links, no raw HTML.
pub fn inline_markdown(text: &str) -> String {
    let events = Parser::new_ext(text, Options::empty()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
