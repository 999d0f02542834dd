//! The CommonMark 0.31.2 spec's examples and GFM 0.29's extension examples (tables, task
//! lists, strikethrough, autolinks, disallowed raw HTML), rendered as the body of a page and
//! compared with the spec's HTML (`tests/fixtures/spec/`, see its README).
//!
//! Both sides are read as a browser reads them (html5ever, through `scraper`) and written
//! back the same way ([`normalise`]):
//! - attributes in name order; character references decoded; comments dropped (not shown);
//! - whitespace between block-level tags, and at the start and end of a block's text,
//!   dropped (outside `<pre>`); whitespace inside text is kept;
//! - neokit's markup around the same content undone: a code block's frame (`div.code-block`,
//!   `tabindex`, one `span.line` per line, `hl-*` highlighting spans), a table's frame
//!   (`div.table-wrap`, `scope` on header cells, `align-*` classes for `align`, an empty
//!   `<tbody>`), a heading's `id` and the level it is shown at (neokit shows headings one
//!   level below the page title; the written level is its `hN` class), a task's checkbox
//!   label (`aria-label`), an image's `loading="lazy"` and empty `alt`;
//! - link and image addresses percent-encoded as the spec writes them (a browser encodes the
//!   same characters itself when it follows the link).
//!
//! Every example must then match, apart from those listed in [`DIFFERENCES`], each with the
//! reason: the test fails when an example outside the list differs, and when a listed one
//! matches (the list stays true).

use std::collections::BTreeMap;

use scraper::{Html, Node};

/// html5ever's node, named through `ElementRef` (ego_tree is not a dependency of its own).
type NodeRef<'a> = <scraper::ElementRef<'a> as std::ops::Deref>::Target;

/// Examples neokit renders differently on purpose, by spec ("cm": CommonMark, "gfm": GFM's
/// extensions) and number.
const DIFFERENCES: &[Difference] = &[
    Difference {
        why: "raw HTML is made inert: an element outside neokit's allow-list is shown as the text it was \
              written as (as GitBook shows `List<T>`); script, style and textarea are dropped or shown as \
              text; attributes a page may not set are dropped",
        cm: &[150, 163, 169, 170, 171, 172, 173, 176, 178, 201, 491, 524, 536, 613, 614, 615, 617, 623],
        gfm: &[657],
    },
    Difference {
        why: "an HTML block cut off inside a start tag at the end of the page is finished (`<div id=\"foo\">`); \
              the spec's output leaves the tag open, which a browser drops with the text after it",
        cm: &[156, 157, 158],
        gfm: &[],
    },
    Difference {
        why: "a link's address is checked against the kit and the schemes a page may link to: a relative link \
              to a file the kit does not have, and addresses with schemes other than http(s), mailto, tel, \
              ftp and file, are shown as their text without a link (with a warning); `xmpp:` addresses stay \
              text",
        cm: &[500, 596, 598, 599, 601],
        gfm: &[633, 634, 635],
    },
    Difference {
        why: "GFM's autolinks are on for every page, so addresses the CommonMark examples keep as text become \
              links, as on GitHub and GitBook",
        cm: &[606, 608, 611, 612],
        gfm: &[],
    },
    Difference { why: "an empty code block is shown one (empty) line high", cm: &[126, 130, 144, 237], gfm: &[] },
];

struct Difference {
    why: &'static str,
    cm: &'static [u32],
    gfm: &'static [u32],
}

#[derive(serde::Deserialize)]
struct Example {
    example: u32,
    section: String,
    markdown: String,
    html: String,
}

fn examples(file: &str) -> Vec<Example> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec").join(file);
    serde_json::from_str(&std::fs::read_to_string(path).expect("the spec examples are there"))
        .expect("the spec examples are JSON")
}

#[test]
fn spec_examples_render_as_the_spec_says() {
    let root = std::env::temp_dir().join(format!("neokit-spec-{}", std::process::id()));
    let renderer = neokit::testing::PageRenderer::new(&root).expect("a one-page kit");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (spec, file) in [("cm", "commonmark-0.31.2.json"), ("gfm", "gfm-0.29-extensions.json")] {
        let listed: BTreeMap<u32, &str> = DIFFERENCES
            .iter()
            .flat_map(|d| if spec == "cm" { d.cm } else { d.gfm }.iter().map(|&n| (n, d.why)))
            .collect();
        let examples = examples(file);
        for example in &examples {
            checked += 1;
            // The example is the page's body, under its title.
            let html = renderer.body_html(&format!("# Spec example\n\n{}", example.markdown));
            let (got, want) = (normalise(&html), normalise(&example.html));
            let number = example.example;
            match (got == want, listed.get(&number)) {
                (true, Some(why)) => problems.push(format!(
                    "{spec} {number} ({}) now renders as the spec says: take it off the list (\"{why}\")",
                    example.section
                )),
                (false, None) => problems.push(format!(
                    "{spec} {number} ({}):\n--- Markdown\n{}--- spec\n{want}\n--- neokit\n{got}\n--- neokit as written\n{html}\n",
                    example.section, example.markdown
                )),
                _ => {}
            }
        }
        for number in listed.keys() {
            if !examples.iter().any(|e| e.example == *number) {
                problems.push(format!("{spec} {number} is listed but is no example"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(checked, 652 + 28);
    assert!(problems.is_empty(), "{} problems:\n\n{}", problems.len(), problems.join("\n"));
}

/// Elements that start a block: whitespace next to them is not shown.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "search",
    "section",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

fn is_block(node: NodeRef) -> bool {
    matches!(node.value(), Node::Element(e) if BLOCKS.contains(&e.name()))
}

fn class_of<'a>(node: NodeRef<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr("class"),
        _ => None,
    }
}

/// HTML as a browser reads it, written back in one way (see the module's comment).
pub fn normalise(html: &str) -> String {
    let document = Html::parse_fragment(html);
    let mut out = String::new();
    for child in document.root_element().children() {
        write(child, false, &mut out);
    }
    out.trim().to_string()
}

/// Markup neokit wraps around content that the spec writes bare.
fn is_wrapper(name: &str, class: Option<&str>) -> bool {
    match (name, class) {
        ("div", Some("code-block" | "table-wrap")) => true,
        ("span", Some(class)) => class == "line" || class.starts_with("hl-"),
        _ => false,
    }
}

fn write(node: NodeRef, pre: bool, out: &mut String) {
    match node.value() {
        Node::Text(text) => {
            let mut text: &str = text;
            if !pre {
                let parent_block = node.parent().is_none_or(is_block);
                let shown = |n: &NodeRef| !matches!(n.value(), Node::Comment(_));
                let mut previous = std::iter::successors(node.prev_sibling(), |n| n.prev_sibling());
                let mut next = std::iter::successors(node.next_sibling(), |n| n.next_sibling());
                if previous.find(shown).map_or(parent_block, is_block) {
                    text = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
                }
                if next.find(shown).map_or(parent_block, is_block) {
                    text = text.trim_end_matches(|c: char| c.is_ascii_whitespace());
                }
            }
            out.push_str(&text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
        }
        Node::Element(element) => {
            let name = element.name();
            if is_wrapper(name, element.attr("class")) {
                for child in node.children() {
                    write(child, pre, out);
                }
                return;
            }
            if name == "tbody" && node.children().all(|c| matches!(c.value(), Node::Text(t) if t.trim().is_empty())) {
                return;
            }
            let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            let name = match element.attr("class") {
                Some(class @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6")) if heading => class,
                _ => name,
            };
            if BLOCKS.contains(&name) {
                out.push('\n');
            }
            out.push('<');
            out.push_str(name);
            let mut attrs: Vec<(&str, String)> = Vec::new();
            for (key, value) in element.attrs() {
                let dropped = match (name, key) {
                    (_, "id" | "class") if heading => true,
                    ("pre", "tabindex") | ("th", "scope") | ("input", "aria-label") | ("img", "loading") => true,
                    ("img", "alt") => value.is_empty(),
                    _ => false,
                };
                if dropped {
                    continue;
                }
                match (key, value.strip_prefix("align-")) {
                    ("class", Some(align)) if matches!(name, "th" | "td") => attrs.push(("align", align.into())),
                    ("href" | "src", _) => attrs.push((key, encoded(value))),
                    _ => attrs.push((key, value.to_string())),
                }
            }
            attrs.sort();
            for (key, value) in attrs {
                out.push_str(&format!(" {key}=\"{}\"", value.replace('&', "&amp;").replace('"', "&quot;")));
            }
            out.push('>');
            let pre = pre || matches!(name, "pre" | "textarea" | "script" | "style");
            let lines = name == "code" && node.children().any(|c| class_of(c) == Some("line"));
            for child in node.children() {
                if !lines {
                    write(child, pre, out);
                } else if class_of(child) == Some("line") {
                    // neokit writes a code block's lines as spans between newlines; the spec
                    // ends each line with a newline.
                    write(child, pre, out);
                    out.push('\n');
                }
            }
            if !VOID.contains(&name) {
                out.push_str(&format!("</{name}>"));
            }
        }
        _ => {}
    }
}

/// An address with the characters percent-encoded that the spec's HTML encodes (cmark's
/// safe set: ASCII letters, digits and `-_.+!*'(),%#@?=;:/$&~` stay).
fn encoded(address: &str) -> String {
    let mut out = String::new();
    for byte in address.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.+!*'(),%#@?=;:/$&~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
