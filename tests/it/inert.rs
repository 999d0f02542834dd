//! What a published page may hold, read as a browser reads it (html5ever, through `scraper`):
//! no script but the theme's own files, no event handler, no unsafe URL scheme, nothing
//! loaded from another site, no live raw-text element (`textarea`, `xmp`, `noembed`,
//! `noframes`, `plaintext`, `noscript`, `iframe`, `style`, a second `title`), and the page's
//! own end (its footer) still parsed as markup after the content.
//!
//! Shared by the property test in `tests/it/hostile_html.rs` and the fuzz target
//! `fuzz/fuzz_targets/raw_html.rs` (which includes this file by path).

use scraper::{Html, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// Elements no published page may hold (unless `allow_raw_html`).
const NEVER: &[&str] = &[
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "portal",
    "base",
    "textarea",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
    "template",
    "style",
    "listing",
];

/// Attributes whose value is an address.
const URLS: &[&str] = &[
    "href",
    "src",
    "poster",
    "data",
    "cite",
    "background",
    "longdesc",
    "usemap",
    "xlink:href",
    "action",
    "formaction",
    "codebase",
    "dynsrc",
    "lowsrc",
    "to",
    "from",
    "values",
    "by",
];

/// An address as a browser reads its scheme: white space and control characters out.
fn read(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase()
}

fn unsafe_scheme(value: &str) -> bool {
    let value = read(value);
    let Some(at) = value.find([':', '/', '?', '#']) else { return false };
    if !value[at..].starts_with(':') {
        return false;
    }
    match &value[..at] {
        "http" | "https" | "mailto" | "tel" | "ftp" | "file" => false,
        "data" => !value.starts_with("data:image/") || value.starts_with("data:image/svg"),
        _ => true,
    }
}

fn elsewhere(value: &str) -> bool {
    let value = read(value);
    value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//") || value.starts_with("ftp:")
}

/// What in `page` breaks the promise, each in a few words (empty: nothing).
pub fn problems(page: &str) -> Vec<String> {
    let document = Html::parse_document(page);
    let mut found = Vec::new();
    let mut titles = 0;
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else { continue };
        let name = element.name();
        let svg = &*element.name.ns == SVG;
        match name {
            "script" => {
                let theirs = element.attr("src").is_none_or(|src| elsewhere(src) || unsafe_scheme(src));
                let inline =
                    node.children().any(|child| matches!(child.value(), Node::Text(t) if !t.trim().is_empty()));
                if theirs || inline {
                    found.push(format!("a script that is not the theme's: {:?}", element.attr("src")));
                }
            }
            "title" if !svg => titles += 1,
            _ if NEVER.contains(&name) => found.push(format!("a live <{name}>")),
            _ => {}
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("an event handler `{attribute}` on <{name}>"));
            } else if attribute == "srcdoc" {
                found.push(format!("a `srcdoc` document on <{name}>"));
            } else if (URLS.contains(&attribute.as_str()) || attribute.ends_with(":href")) && unsafe_scheme(value) {
                found.push(format!("an unsafe address in <{name} {attribute}=\"{value}\">"));
            } else if attribute == "srcset" && value.split(',').any(|c| unsafe_scheme(c.trim()) || elsewhere(c.trim()))
            {
                found.push(format!("an unsafe or outside address in <{name} srcset=\"{value}\">"));
            }
            let loads = matches!(attribute.as_str(), "src" | "poster" | "background")
                || name == "object" && attribute == "data"
                || (name == "use" || name == "image") && attribute.ends_with("href");
            if loads && elsewhere(value) {
                found.push(format!("<{name} {attribute}=\"{value}\"> loads from another site"));
            }
            // `url(...)` is CSS only outside address attributes (an address may hold the text).
            let address = URLS.contains(&attribute.as_str()) || attribute.ends_with(":href") || attribute == "srcset";
            let value = read(value);
            if !address
                && value.split("url(").skip(1).any(|rest| !rest.trim_start_matches(['"', '\'']).starts_with('#'))
            {
                found.push(format!("a `url(...)` outside the page in <{name} {attribute}>"));
            }
        }
    }
    if titles != 1 {
        found.push(format!("{titles} HTML titles (a title in the text takes the rest of the page)"));
    }
    // The theme's footer is still markup a reader sees: not text of a raw-text element, not
    // inside a drawing, formula or drop-down list that something before it left open.
    let footer = document.tree.nodes().find(
        |n| matches!(n.value(), Node::Element(e) if e.name() == "footer" && e.attr("class") == Some("site-footer")),
    );
    let hidden = |name: &str| ["svg", "math", "select", "datalist", "template", "object", "title"].contains(&name);
    let footer = footer
        .is_some_and(|footer| !footer.ancestors().any(|a| matches!(a.value(), Node::Element(e) if hidden(e.name()))));
    if !footer {
        found.push("the page's footer is not markup any more (swallowed by what came before)".into());
    }
    found
}
