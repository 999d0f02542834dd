//! Raw HTML inside pages (GitBook writes figures, card tables, coloured marks, buttons and
//! mentions as HTML): links resolved like Markdown links, GitBook's presentational
//! attributes turned into classes, and everything else made inert, by allow-list.
//!
//! Input: an HTML fragment from a page and [`HtmlHooks`] that resolve URLs. Output: the
//! rewritten fragment. The fragment is read by lol_html's HTML tokenizer, which follows the
//! HTML parsing rules for raw text (`script`, `style`, `xmp`, `iframe`, `noembed`,
//! `noframes`, `noscript`), RCDATA (`textarea`, `title`), `plaintext`, CDATA and SVG and
//! MathML foreign content. The rules (unless `allow_raw_html`):
//! - elements in [`ALLOWED`] stay (`title` only where a browser surely reads SVG); elements
//!   that run code, load other sites or change the page ([`REMOVED`]) are removed with their
//!   content; any other element is shown as the text it was written as (as GFM's tag filter
//!   and GitBook show `<T>` or `<textarea>`), never unwrapped into markup;
//! - SVG and MathML are followed as a browser reads them ([`OpenElements`], not lol_html's
//!   matching of end tags by name): in an integration point (SVG's `desc` and `title`,
//!   MathML's `mi`, `mo`, `mn`, `ms`, `mtext`) only text, drawings and formulas stay, as an
//!   HTML element left open there would keep `</svg>` from closing the drawing; a drawing,
//!   formula or drop-down list the fragment leaves open is closed at its end, with everything
//!   opened after it;
//! - text the tokenizer read as raw text, RCDATA, `plaintext` or CDATA is written back as
//!   escaped text, so nothing in it can become markup; comments and doctypes are dropped (an
//!   unclosed comment would hide the rest of the page);
//! - `on*` handlers, `srcdoc`, `formaction`, `action`, `http-equiv`, `ping` and attributes
//!   with names no browser gives meaning to are dropped; URL attributes keep only safe schemes
//!   ([`is_safe_url`]); `style` becomes classes; `url(...)` in an attribute may only name a
//!   place in the page;
//! - nothing loads from another site: an `<img>` from elsewhere becomes a link to it, other
//!   sources and posters from elsewhere are dropped ([`HtmlHooks::external_resource`]).
//!
//! Every removal is reported through the hooks, at the place it was written.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

use lol_html::html_content::{ContentType, Element, TextType};
use lol_html::{
    DocumentContentHandlers, ElementContentHandlers, HandlerResult, RewriteStrSettings, Selector, rewrite_str,
};

use super::destinations::is_lost;
use neokit_core::htmltext::{decode_entities, escape};
use neokit_core::icons;

/// What the rewriter asks of the page being rendered.
pub trait HtmlHooks {
    /// The URL to write for `url` found in attribute `attribute` of `<tag>`, or `None` to keep
    /// it as written. Reports broken links itself.
    fn url(&mut self, url: &str, tag: &str, attribute: &str) -> Option<String>;
    /// The title to show for a mention of `url` (`<a data-mention href>`).
    fn mention_title(&mut self, url: &str) -> Option<String>;
    /// The anchor of the next `<details>` (from its summary), and whether it is a question of
    /// a FAQ page.
    fn faq_question(&mut self) -> Option<(String, bool)>;
    /// On a FAQ page, the link control to put after the current question's `<summary>`.
    fn faq_link(&mut self) -> Option<String>;
    /// The id to give an annotation (`<a data-footnote-ref href="#user-content-fn-1">`) so the
    /// footnote can link back to it; `None` when another reference already has it.
    fn footnote_reference(&mut self, href: &str) -> Option<String>;
    /// Active content was removed (`what` names it; `written` is how it starts in the HTML,
    /// to point at it).
    fn removed(&mut self, what: &str, written: &str);
    /// Whether active content stays (`allow_raw_html`).
    fn allow_active_content(&self) -> bool;
    /// An element outside the HTML a page may hold is shown as text; `written` is its start
    /// tag as written. Called only for HTML's own elements (`<textarea>`, `<form>`, or `<p>`
    /// inside an SVG `<desc>`, where a page may hold only text): an unknown name (`<T>` in
    /// `List<T>`) is text a writer meant.
    fn unknown_element(&mut self, tag: &str, written: &str);
    /// A resource from another site was not loaded (`what` names it; `url` is its address):
    /// an `<img>` became a link to it, another source or poster was dropped.
    fn external_resource(&mut self, what: &str, url: &str);
    /// An `<img>` has no `alt` attribute.
    fn image_without_alt(&mut self, src: &str);
    /// An `<a href="broken-reference">` (one of GitBook's markers for a lost link, see
    /// [`is_lost`]) became text; `href` is the marker as written.
    fn broken_reference(&mut self, _href: &str) {}
}

/// GitBook's text and background colours (and theme tokens) that `<mark style>` may use.
const COLOURS: &[&str] = &[
    "blue", "red", "green", "yellow", "purple", "orange", "pink", "violet", "cyan", "gray", "grey", "primary", "info",
    "success", "warning", "danger", "tint",
];

/// `color:green; background-color:$primary` -> `["mark-green", "mark-bg-primary"]`.
pub fn colour_classes(style: &str) -> Vec<String> {
    let mut classes = Vec::new();
    for declaration in style.split(';') {
        let Some((property, value)) = declaration.split_once(':') else { continue };
        let value = value.trim().trim_start_matches('$').to_ascii_lowercase();
        let value = if value == "grey" { "gray".to_string() } else { value };
        if !COLOURS.contains(&value.as_str()) {
            continue;
        }
        match property.trim().to_ascii_lowercase().as_str() {
            "color" => classes.push(format!("mark-{value}")),
            "background-color" | "background" => classes.push(format!("mark-bg-{value}")),
            _ => {}
        }
    }
    classes
}

fn add_class(el: &mut Element, class: &str) {
    let classes = match el.get_attribute("class") {
        Some(existing) if !existing.trim().is_empty() => format!("{} {class}", existing.trim()),
        _ => class.to_string(),
    };
    el.set_attribute("class", &classes).ok();
}

/// Elements removed with their content (unless `allow_raw_html`): they run code, load other
/// sites or change how the page itself behaves.
const REMOVED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "portal", "template", "noscript",
    "base", "meta", "link",
];

/// HTML's own elements that a page may not hold: shown as text with a warning (an author
/// meant them). Any other name outside [`ALLOWED`] (`<T>`, `<Foo>`) is shown as text quietly.
const NOT_ALLOWED_HTML: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "form",
    "textarea",
    "fieldset",
    "legend",
    "dialog",
    "canvas",
    "map",
    "area",
    "meter",
    "progress",
    "output",
    "menu",
    "search",
    "slot",
    "hgroup",
    "marquee",
    "blink",
    "xmp",
    "plaintext",
    "listing",
    "noembed",
    "noframes",
    "dir",
    "acronym",
    "big",
    "nobr",
    "image",
    "keygen",
    "param",
    "isindex",
    "datalist",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "foreignobject",
    "feimage",
    "image",
];

/// Attributes dropped from every element: they submit, navigate, refresh or ping.
const DROPPED_ATTRIBUTES: &[&str] = &["srcdoc", "formaction", "action", "http-equiv", "ping", "manifest"];

/// Attributes whose value is a URL (checked with [`is_safe_url`]).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "poster",
    "data",
    "cite",
    "background",
    "longdesc",
    "usemap",
    "xlink:href",
    "codebase",
    "dynsrc",
    "lowsrc",
    "to",
    "from",
    "values",
    "by",
];

/// The HTML a page may hold: GitBook's vocabulary, common formatting, SVG drawing and
/// MathML. Other elements are shown as text.
const ALLOWED: &[&str] = &[
    // text and structure
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "center",
    "cite",
    "code",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "time",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
    // tables
    "caption",
    "col",
    "colgroup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    // media
    "audio",
    "img",
    "picture",
    "source",
    "track",
    "video",
    // controls GitBook writes (buttons, typed table cells)
    "button",
    "input",
    "label",
    "optgroup",
    "option",
    "select",
    // SVG drawing
    "svg",
    "g",
    "path",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "rect",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "use",
    "symbol",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
    "mask",
    "pattern",
    "marker",
    // MathML
    "math",
    "semantics",
    "annotation",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
];

/// An attribute value as a browser reads it for its scheme: character references decoded,
/// white space and control characters dropped, lower case.
fn url_as_read(value: &str) -> String {
    decode_entities(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a URL attribute's value is safe to publish: a relative address, a place in the
/// page, or an absolute one with a scheme that opens a document or an application (http,
/// https, mailto, tel, ftp, file) or an image held in the page (`data:image/...` other than
/// SVG). `javascript:`, `vbscript:`, other `data:` and unknown schemes are not.
pub fn is_safe_url(value: &str) -> bool {
    let value = url_as_read(value);
    let scheme_end = value.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(at) if value[at..].starts_with(':') => &value[..at],
        _ => return true,
    };
    match scheme {
        "http" | "https" | "mailto" | "tel" | "ftp" | "file" => true,
        "data" => value.starts_with("data:image/") && !value.starts_with("data:image/svg"),
        _ => false,
    }
}

/// Whether a resource's address is on another site (it would be loaded from there).
pub fn is_elsewhere(value: &str) -> bool {
    let value = url_as_read(value);
    value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//") || value.starts_with("ftp:")
}

/// Whether an attribute's name is one a browser gives meaning to (letters, digits, `-`, `_`,
/// `:`, `.`); others (`<script` in `<a <script>`) are dropped.
fn is_plain_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Why an attribute is dropped, or `None` to keep it.
fn unsafe_attribute(tag: &str, name: &str, value: &str) -> Option<String> {
    if name.starts_with("on") {
        return Some(format!("the `{name}` event handler on <{tag}>"));
    }
    if DROPPED_ATTRIBUTES.contains(&name) || !is_plain_attribute_name(name) {
        return Some(format!("the `{name}` attribute on <{tag}>"));
    }
    if (URL_ATTRIBUTES.contains(&name) || name.ends_with(":href")) && !is_safe_url(value) {
        let read = url_as_read(value);
        let scheme = read.split(':').next().unwrap_or("");
        return Some(format!("a `{scheme}:` URL in <{tag} {name}>"));
    }
    if name == "srcset" && srcset_candidates(value).iter().any(|(url, _)| !is_safe_url(url)) {
        return Some(format!("an unsafe URL in <{tag} srcset>"));
    }
    // A paint server, clip or filter from another document (`fill="url(https://...)"`); an
    // address attribute is not CSS, so `url(` in it is only text.
    let read = url_as_read(value);
    if !URL_ATTRIBUTES.contains(&name)
        && !name.ends_with(":href")
        && name != "srcset"
        && read.contains("url(")
        && read.split("url(").skip(1).any(|rest| !rest.trim_start_matches(['"', '\'']).starts_with('#'))
    {
        return Some(format!("an address outside the page in <{tag} {name}>"));
    }
    None
}

/// Whether a piece of inline HTML is one tag whose name HTML does not have (`<T>` in
/// `List<T>`, `</Foo>`): text its author meant, read as text by every writer (as GitBook
/// shows it), without a warning.
pub fn is_unknown_tag(html: &str) -> bool {
    let Some(inner) = html.trim().strip_prefix('<') else { return false };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name = inner.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').next().unwrap_or("");
    let name = name.to_ascii_lowercase();
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && ![ALLOWED, REMOVED, NOT_ALLOWED_HTML].iter().any(|names| names.contains(&name.as_str()))
}

/// The element name of a fragment that is one end tag (`</xmp>`), lower case.
fn lone_end_tag(html: &str) -> Option<String> {
    let inner = html.trim().strip_prefix("</")?.strip_suffix('>')?;
    let name = inner.trim_end();
    name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-').then(|| name.to_ascii_lowercase())
}

/// Whether the fragment could need any rewriting at all (cheap test before parsing).
pub fn needs_rewrite(html: &str) -> bool {
    if html.contains('=') || html.contains("<!") || html.contains("<?") {
        return true;
    }
    // A tag the fragment does not finish.
    if html.rfind('<').is_some_and(|at| !html[at..].contains('>')) {
        return true;
    }
    // Any element that is removed, shown as text, completed (details, summary, buttons) or
    // closed at the end, and `title`, which is allowed only inside SVG.
    html.match_indices('<').any(|(at, _)| {
        let name: String = html[at + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        !name.is_empty()
            && (!ALLOWED.contains(&name.as_str())
                || CLOSED_AT_END.contains(&name.as_str())
                || matches!(name.as_str(), "details" | "summary" | "button" | "title"))
    })
}

/// Rewrites one fragment of raw HTML.
pub fn rewrite(html: &str, hooks: &mut dyn HtmlHooks) -> String {
    if !needs_rewrite(html) {
        return html.to_string();
    }
    let allow_active = hooks.allow_active_content();
    // An end tag on its own (inline HTML comes a tag at a time): no element of the fragment
    // has it, so it is judged here, as its element was.
    if !allow_active && let Some(name) = lone_end_tag(html) {
        if REMOVED.contains(&name.as_str()) {
            return String::new();
        }
        if !ALLOWED.contains(&name.as_str()) || name == "title" {
            return escape(html);
        }
    }
    let hooks = RefCell::new(hooks);
    // A fragment that ends inside a tag (`<img src=x onerror=...` at the end of an HTML
    // block) would be written back unfinished, and the page's next `>` would finish it in the
    // browser: the fragment is rewritten with [`FRAGMENT_END`] after it, which finishes such a
    // tag where the rewriter can see it, and is taken off again when it stayed text.
    let input = format!("{html}{FRAGMENT_END}");
    let source: std::rc::Rc<str> = input.as_str().into();
    // The elements the fragment opened and has not closed, as a browser holds them.
    let open: std::rc::Rc<RefCell<OpenElements>> = Default::default();
    // Where the last start tag ended: the end tags written between it and the next are
    // looked for there (no handler sees an end tag without its element).
    let last_tag_end = std::cell::Cell::new(0);
    let url_attribute = |el: &mut Element, attribute: &str| {
        if el.removed() {
            return;
        }
        if let Some(value) = el.get_attribute(attribute) {
            let tag = el.tag_name();
            // Attribute values as written (`a&#x26;b.png`): the file name is the decoded one.
            let value = decode_entities(&value);
            match hooks.borrow_mut().url(&value, &tag, attribute) {
                // A link to a page that is not published: its text, without a link.
                Some(new) if new.is_empty() && attribute == "href" && !value.trim().is_empty() => {
                    el.remove_attribute(attribute)
                }
                Some(new) => el.set_attribute(attribute, &new).unwrap_or_default(),
                None => {}
            }
        }
    };
    // What the tokenizer read as text that cannot hold markup is written back as escaped
    // text; comments and doctypes go.
    let inert = DocumentContentHandlers::default()
        .text(|text: &mut lol_html::html_content::TextChunk| {
            let kind = text.text_type();
            if kind != TextType::Data && !text.as_str().is_empty() {
                let shown = match kind {
                    TextType::RCData => decode_entities(text.as_str()),
                    _ => text.as_str().to_string(),
                };
                text.replace(&shown, ContentType::Text);
            }
            Ok(())
        })
        .comments(|comment: &mut lol_html::html_content::Comment| {
            comment.remove();
            Ok(())
        })
        .doctype(|doctype: &mut lol_html::html_content::Doctype| {
            doctype.remove();
            Ok(())
        });
    let mut settings = RewriteStrSettings::new();
    if !allow_active {
        settings = settings.append_document_content_handler(inert);
    }
    let settings = settings
        .append_element_content_handler(handler(0, |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let at = el.source_location().bytes();
            let between = source.get(last_tag_end.get()..at.start).unwrap_or_default();
            last_tag_end.set(at.end);
            open.borrow_mut().saw_end_tags(between);
            if !allow_active {
                if REMOVED.contains(&tag.as_str()) {
                    if el.can_have_content() {
                        let open = open.clone();
                        let tag = tag.clone();
                        el.on_end_tag(Box::new(move |end| {
                            // An end tag of an element around it that closes it too stays
                            // (lol_html hands it over with this element's removal).
                            let name = end.name().to_ascii_lowercase();
                            if name == tag {
                                open.borrow_mut().ended.push(name);
                            } else {
                                end.after(&format!("</{name}>"), ContentType::Html);
                            }
                            Ok(())
                        }))?;
                    }
                    return Ok(()); // the next handler removes it
                }
                let exits = FOREIGN_EXITS.contains(&tag.as_str())
                    || tag == "font" && ["color", "face", "size"].iter().any(|name| el.has_attribute(name));
                let (kept, space) = open.borrow().place(&tag, exits);
                // A `<title>` is SVG's only where a browser surely reads SVG (HTML's would take
                // the rest of the page as the page's title); an element a drawing's or
                // formula's text holds (`<p>` in `<desc>`) would keep the browser from
                // reading the drawing's end.
                let allowed = ALLOWED.contains(&tag.as_str())
                    && space.is_some()
                    && (tag != "title" || open.borrow().in_svg() && space == Some(Space::Point));
                if !allowed {
                    // Shown as the text it was written as, its end tag too.
                    let written = source.get(el.source_location().bytes()).unwrap_or_default();
                    if NOT_ALLOWED_HTML.contains(&tag.as_str()) || ALLOWED.contains(&tag.as_str()) {
                        hooks.borrow_mut().unknown_element(&tag, written);
                    }
                    el.before(written, ContentType::Text);
                    if el.can_have_content() {
                        let source = source.clone();
                        let open = open.clone();
                        let tag = tag.clone();
                        el.on_end_tag(Box::new(move |end| {
                            // lol_html hands an end tag to every element it closes, with
                            // this element's removal: only the element's own is text, another
                            // (`</svg>` closing `<svg><Foo>`) stays an end tag.
                            let name = end.name().to_ascii_lowercase();
                            if name == tag {
                                let written = source.get(end.source_location().bytes()).unwrap_or_default();
                                end.after(written, ContentType::Text);
                                open.borrow_mut().ended.push(name);
                            } else {
                                end.after(&format!("</{name}>"), ContentType::Html);
                            }
                            Ok(())
                        }))?;
                    }
                    el.remove_and_keep_content();
                    return Ok(());
                }
                let attributes: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name(), a.value())).collect();
                for (name, value) in attributes {
                    if let Some(what) = unsafe_attribute(&tag, &name, &value) {
                        el.remove_attribute(&name);
                        // Not the end written after a fragment that stops inside a tag.
                        if !name.chars().all(|c| c == '"' || c == '\'') {
                            hooks.borrow_mut().removed(&what, &name);
                        }
                    }
                }
                // Nothing loads from another site.
                if let Some(src) = el.get_attribute("src").filter(|src| is_elsewhere(src)) {
                    if tag == "img" {
                        let alt = el.get_attribute("alt").filter(|alt| !alt.trim().is_empty());
                        let link = format!(
                            "<a class=\"external-image\" href=\"{}\">{}</a>",
                            escape(&decode_entities(&src)),
                            escape(&decode_entities(alt.as_deref().unwrap_or(&src)))
                        );
                        hooks.borrow_mut().external_resource("the image", &src);
                        el.replace(&link, ContentType::Html);
                        return Ok(());
                    }
                    hooks.borrow_mut().external_resource(&format!("the source of <{tag}>"), &src);
                    el.remove_attribute("src");
                }
                // (An `<img>` that became a link to its address above ends nothing.)
                let space = space.unwrap_or(Space::Html);
                let id = open.borrow_mut().enter(kept, &tag, space, el.can_have_content());
                if let Some(id) = id {
                    let open = open.clone();
                    el.on_end_tag(Box::new(move |end| {
                        open.borrow_mut().end(id, &end.name().to_ascii_lowercase());
                        Ok(())
                    }))?;
                }
                // An SVG `<use>` draws what its address names.
                for attribute in ["href", "xlink:href"] {
                    if tag == "use"
                        && let Some(href) = el.get_attribute(attribute).filter(|href| is_elsewhere(href))
                    {
                        hooks.borrow_mut().external_resource("the drawing <use> names", &href);
                        el.remove_attribute(attribute);
                    }
                }
                for attribute in ["poster", "background", "srcset"] {
                    if let Some(value) = el.get_attribute(attribute) {
                        let candidates = srcset_candidates(&value);
                        let kept: Vec<String> = (candidates.iter())
                            .filter(|(url, _)| !is_elsewhere(url))
                            .map(|(url, descriptor)| format!("{url} {descriptor}").trim_end().to_string())
                            .collect();
                        if kept.len() < candidates.len() {
                            let first = candidates.iter().find(|(url, _)| is_elsewhere(url)).map_or("", |c| c.0);
                            hooks.borrow_mut().external_resource(&format!("<{tag} {attribute}>"), first);
                            match kept.is_empty() || attribute != "srcset" {
                                true => el.remove_attribute(attribute),
                                false => el.set_attribute(attribute, &kept.join(", ")).unwrap_or_default(),
                            }
                        }
                    }
                }
            }
            if let Some(style) = el.get_attribute("style") {
                el.remove_attribute("style");
                for class in colour_classes(&style) {
                    add_class(el, &class);
                }
            }
            // `align` (HTML, GitBook's `<div align>` and `<img align>`) or GitBook's `data-align`.
            if let Some(align) = el.get_attribute("align").or_else(|| el.get_attribute("data-align")) {
                el.remove_attribute("align");
                el.remove_attribute("data-align");
                let align = align.trim().to_ascii_lowercase();
                if matches!(align.as_str(), "left" | "center" | "right") {
                    add_class(el, &format!("align-{align}"));
                }
            }
            Ok(())
        }))
        .append_element_content_handler(handler(1, |el| {
            if !allow_active {
                let tag = el.tag_name();
                hooks.borrow_mut().removed(&format!("a <{tag}> element"), &format!("<{tag}"));
                el.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(handler(12, |el| {
            if let Some((id, faq)) = hooks.borrow_mut().faq_question() {
                el.set_attribute("id", &id).ok();
                if faq {
                    add_class(el, "faq");
                }
            }
            Ok(())
        }))
        .append_element_content_handler(handler(13, |el| {
            if let Some(link) = hooks.borrow_mut().faq_link() {
                el.after(&link, ContentType::Html);
            }
            Ok(())
        }))
        // Before `[href]`: an annotation's id comes from GitBook's footnote link as written.
        .append_element_content_handler(handler(10, |el| {
            add_class(el, "annotation");
            if let Some(href) = el.get_attribute("href")
                && let Some(id) = hooks.borrow_mut().footnote_reference(&href)
                && !el.has_attribute("id")
            {
                el.set_attribute("id", &id).ok();
            }
            Ok(())
        }))
        // Before `[href]`: the mention's title comes from the link as written.
        .append_element_content_handler(handler(6, |el| {
            if let Some(href) = el.get_attribute("href")
                && let Some(title) = hooks.borrow_mut().mention_title(&href)
                && el.can_have_content()
            {
                el.set_inner_content(&title, ContentType::Text);
            }
            el.remove_attribute("data-mention");
            add_class(el, "mention");
            Ok(())
        }))
        .append_element_content_handler(handler(2, |el| {
            // GitBook's marker for a link it lost: the text stays, without a link (an `<a>`
            // without `href` is text; its end tag may be in another fragment).
            if el.tag_name().eq_ignore_ascii_case("a")
                && let Some(href) = el.get_attribute("href").filter(|href| is_lost(href))
            {
                hooks.borrow_mut().broken_reference(&href);
                el.remove_attribute("href");
                add_class(el, "broken-link");
                return Ok(());
            }
            url_attribute(el, "href");
            Ok(())
        }))
        .append_element_content_handler(handler(3, |el| {
            url_attribute(el, "src");
            Ok(())
        }))
        .append_element_content_handler(handler(4, |el| {
            url_attribute(el, "poster");
            Ok(())
        }))
        .append_element_content_handler(handler(5, |el| {
            if let Some(srcset) = el.get_attribute("srcset") {
                let srcset = decode_entities(&srcset);
                let tag = el.tag_name();
                let rewritten: Vec<String> = srcset_candidates(&srcset)
                    .into_iter()
                    .map(|(url, descriptor)| {
                        let url = hooks.borrow_mut().url(url, &tag, "srcset").unwrap_or_else(|| url.to_string());
                        if descriptor.is_empty() { url } else { format!("{url} {descriptor}") }
                    })
                    .collect();
                el.set_attribute("srcset", &rewritten.join(", ")).ok();
            }
            Ok(())
        }))
        .append_element_content_handler(handler(7, |el| {
            if !el.has_attribute("alt") {
                hooks.borrow_mut().image_without_alt(&el.get_attribute("src").unwrap_or_default());
                el.set_attribute("alt", "").ok();
            }
            if el.get_attribute("data-size").as_deref() == Some("line") {
                add_class(el, "inline-image");
            }
            if !el.has_attribute("loading") {
                el.set_attribute("loading", "lazy").ok();
            }
            Ok(())
        }))
        .append_element_content_handler(handler(8, |el| {
            el.remove_attribute("width");
            Ok(())
        }))
        .append_element_content_handler(handler(9, |el| {
            if let Some(icon) = el.get_attribute("data-icon").as_deref().and_then(icons::from_font_awesome) {
                el.prepend(&icons::svg(icon), ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(handler(11, |el| {
            if !el.has_attribute("type") {
                el.set_attribute("type", "button").ok();
            }
            Ok(())
        }));
    let mut out = rewrite_str(&input, settings).unwrap_or_else(|_| escape(html));
    for end in [FRAGMENT_END, "&quot;'&gt;", "\"'&gt;"] {
        if out.ends_with(end) {
            out.truncate(out.len() - end.len());
            break;
        }
    }
    // A CDATA section the fragment leaves open (in SVG or MathML) is ended first.
    if out.rfind("<![CDATA[").is_some_and(|at| !out[at..].contains("]]>")) {
        out.push_str("]]>");
    }
    // From the outermost of them that would take the rest of the page in, all are closed.
    let open = open.borrow();
    if let Some(first) = open.open.iter().position(|element| CLOSED_AT_END.contains(&element.name.as_str())) {
        for element in open.open[first..].iter().rev() {
            out.push_str(&format!("</{}>", element.name));
        }
    }
    out
}

/// Elements a fragment must close (unless `allow_raw_html`): left open, they would take the
/// rest of the page in (as an SVG drawing, a formula or a drop-down list, none of which shows
/// it). A drawing or formula written inline in a paragraph is one fragment (see `build.rs`).
const CLOSED_AT_END: &[&str] = &["svg", "math", "select"];

/// HTML start tags that end SVG or MathML content when written inside it (outside its
/// integration points): a browser closes the drawing or formula up to the nearest HTML element
/// or integration point, and reads the tag there. (`font` does so with `color`, `face` or
/// `size`.)
const FOREIGN_EXITS: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// How a browser reads an element and what is written inside it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Space {
    Html,
    Svg,
    MathMl,
    /// An integration point: SVG's `desc`, `title` and `foreignObject`, MathML's `mi`, `mo`,
    /// `mn`, `ms` and `mtext`. A browser reads the start tags in it as HTML (but `svg` and
    /// `math`), and an HTML element left open in it keeps `</svg>` or `</math>` from closing
    /// anything, so only text, drawings and formulas stay in it.
    Point,
}

/// An element a fragment opened.
struct Open {
    id: usize,
    name: String,
    space: Space,
    /// Something since may have closed it in a browser without the rewriter knowing (an end
    /// tag no element of the fragment has, or the end of an HTML element around a drawing).
    unsure: bool,
}

/// The elements a fragment opened and has not closed, outermost first, as a browser holds
/// them, as far as the rewriter needs to know: which drawings, formulas and lists are open at
/// the end, and whether a start tag is in SVG, MathML or an integration point. lol_html
/// matches an end tag with the nearest open element of its name; a browser reads end tags in
/// and around SVG and MathML by other rules, so where the two may differ, this keeps an
/// element open (its end tag is written again at the end, which a browser ignores if it was
/// closed) and stops taking an SVG `<title>` for SVG's.
#[derive(Default)]
struct OpenElements {
    open: Vec<Open>,
    next_id: usize,
    /// The end tags whose elements' handlers ran since the last start tag.
    ended: Vec<String>,
}

impl OpenElements {
    /// Where a start tag `tag` goes: how many open elements a browser keeps before it (a tag
    /// in [`FOREIGN_EXITS`], `exits`, closes SVG and MathML content up to the nearest HTML
    /// element or integration point) and how it reads it (`None`: an HTML element in an
    /// integration point, which is shown as text).
    fn place(&self, tag: &str, exits: bool) -> (usize, Option<Space>) {
        let mut kept = self.open.len();
        let around = |kept: usize| self.open[..kept].last().map_or(Space::Html, |open| open.space);
        if exits {
            while matches!(around(kept), Space::Svg | Space::MathMl) {
                kept -= 1;
            }
        }
        let space = match (around(kept), tag) {
            (Space::Html | Space::Point, "svg") => Some(Space::Svg),
            (Space::Html | Space::Point, "math") => Some(Space::MathMl),
            (Space::Html, _) => Some(Space::Html),
            (Space::Point, _) => None,
            (Space::Svg, "desc" | "title" | "foreignobject") => Some(Space::Point),
            (Space::MathMl, "mi" | "mo" | "mn" | "ms" | "mtext") => Some(Space::Point),
            (space, _) => Some(space),
        };
        (kept, space)
    }

    /// Whether a browser surely reads SVG where the next start tag goes.
    fn in_svg(&self) -> bool {
        self.open.last().is_some_and(|open| open.space == Space::Svg && !open.unsure)
    }

    /// An element the page keeps starts: the first `kept` open elements stay (see
    /// [`Self::place`]), and the element is open after it unless it has no content. Returns
    /// the id its end tag names.
    fn enter(&mut self, kept: usize, name: &str, space: Space, has_content: bool) -> Option<usize> {
        self.open.truncate(kept);
        if !has_content {
            return None;
        }
        self.next_id += 1;
        let unsure = self.open.last().is_some_and(|open| open.unsure);
        self.open.push(Open { id: self.next_id, name: name.to_string(), space, unsure });
        Some(self.next_id)
    }

    /// An end tag `</name>` closes element `id` in lol_html's reading (which hands it to every
    /// element it closes; only the element's own is read here). A browser reads the end of an
    /// HTML element by HTML's rules even inside SVG or MathML: it may ignore it (past an
    /// integration point, inside a drop-down list), so what it would close is kept, no longer
    /// sure to be open.
    fn end(&mut self, id: usize, name: &str) {
        let Some(at) = self.open.iter().rposition(|open| open.id == id) else { return };
        if self.open[at].name != name {
            return;
        }
        self.ended.push(name.to_string());
        let around = self.open[at + 1..]
            .iter()
            .any(|open| open.space != Space::Html || CLOSED_AT_END.contains(&open.name.as_str()));
        if self.open[at].space == Space::Html && around {
            self.open.iter_mut().for_each(|open| open.unsure = true);
        } else {
            self.open.truncate(at);
        }
    }

    /// The source between two start tags was read: an end tag in it that no handler saw (of
    /// no open element, or of one removed) may have closed SVG in a browser (`</p>` and
    /// `</br>` do, and any end tag of an HTML element around it).
    fn saw_end_tags(&mut self, between: &str) {
        let ended = std::mem::take(&mut self.ended);
        let mut seen = ended.iter().map(String::as_str).collect::<Vec<_>>();
        for (at, _) in between.match_indices("</") {
            let name: String = between[at + 2..]
                .chars()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, '/' | '>'))
                .collect::<String>()
                .to_ascii_lowercase();
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            match seen.iter().position(|seen| *seen == name) {
                Some(found) => {
                    seen.remove(found);
                }
                None => self.open.iter_mut().for_each(|open| open.unsure = true),
            }
        }
    }
}

/// Written after a fragment before it is rewritten: it ends an attribute value of any
/// quoting and then the tag.
const FRAGMENT_END: &str = "\"'>";

/// Splits a `srcset` into (url, descriptor) pairs. GitBook writes file names with raw
/// spaces, so only a final `2x` / `640w` token counts as a descriptor.
pub fn srcset_candidates(srcset: &str) -> Vec<(&str, &str)> {
    srcset
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|candidate| match candidate.rsplit_once(char::is_whitespace) {
            Some((url, descriptor)) if is_descriptor(descriptor) => (url.trim_end(), descriptor),
            _ => (candidate, ""),
        })
        .collect()
}

fn is_descriptor(token: &str) -> bool {
    let Some(number) = token.strip_suffix(['x', 'w']) else { return false };
    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The selectors the rewriter uses, parsed once.
static SELECTORS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    let removed = REMOVED.join(", ");
    [
        "*",
        removed.as_str(),
        "[href]",
        "[src]",
        "[poster]",
        "[srcset]",
        "a[data-mention]",
        "img",
        "th[width], td[width], col[width]",
        ".button[data-icon]",
        "a[data-footnote-ref]",
        "button",
        "details",
        "summary",
    ]
    .iter()
    .map(|s| s.parse().expect("built-in selector is valid"))
    .collect()
});

/// The handler `f` for selector `index`; after the first, handlers leave alone an element an
/// earlier one removed or replaced.
fn handler<'h>(
    index: usize,
    mut f: impl FnMut(&mut Element) -> HandlerResult + 'h,
) -> (Cow<'static, Selector>, ElementContentHandlers<'h>) {
    let skipping = move |el: &mut Element| if index > 0 && el.removed() { Ok(()) } else { f(el) };
    (Cow::Borrowed(&SELECTORS[index]), ElementContentHandlers::default().element(skipping))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Hooks {
        removed: Vec<String>,
        allow: bool,
        no_alt: Vec<String>,
    }

    impl HtmlHooks for Hooks {
        fn url(&mut self, url: &str, _: &str, _: &str) -> Option<String> {
            url.ends_with(".md").then(|| url.replace(".md", "/index.html"))
        }
        fn mention_title(&mut self, _: &str) -> Option<String> {
            Some("Consent & you".into())
        }
        fn footnote_reference(&mut self, _: &str) -> Option<String> {
            Some("fnref-1".into())
        }
        fn faq_question(&mut self) -> Option<(String, bool)> {
            None
        }
        fn faq_link(&mut self) -> Option<String> {
            None
        }
        fn removed(&mut self, what: &str, _: &str) {
            self.removed.push(what.to_string());
        }
        fn allow_active_content(&self) -> bool {
            self.allow
        }
        fn image_without_alt(&mut self, src: &str) {
            self.no_alt.push(src.to_string());
        }
        fn unknown_element(&mut self, tag: &str, _: &str) {
            self.removed.push(format!("<{tag}> shown as text"));
        }
        fn external_resource(&mut self, what: &str, _: &str) {
            self.removed.push(format!("{what} from elsewhere"));
        }
    }

    fn run(html: &str) -> (String, Vec<String>) {
        let mut hooks = Hooks::default();
        let out = rewrite(html, &mut hooks);
        (out, hooks.removed)
    }

    #[test]
    fn marks_become_classes() {
        let (out, _) = run("<mark style=\"color:green;background-color:$primary\">x</mark>");
        assert_eq!(out, "<mark class=\"mark-green mark-bg-primary\">x</mark>");
    }

    #[test]
    fn links_and_srcsets_resolve() {
        let (out, _) = run("<a href=\"a.md\">x</a><source srcset=\"b.md 2x, c.png\">");
        assert_eq!(out, "<a href=\"a/index.html\">x</a><source srcset=\"b/index.html 2x, c.png\">");
    }

    #[test]
    fn mentions_show_titles() {
        let (out, _) = run("<a data-mention href=\"c.md\">c.md</a>");
        assert_eq!(out, "<a href=\"c/index.html\" class=\"mention\">Consent &amp; you</a>");
    }

    #[test]
    fn active_content_is_removed() {
        let (out, removed) =
            run("<p onclick=\"x()\">a</p><script>alert(1)</script><a href=\"javascript:alert(1)\">b</a>");
        assert_eq!(out, "<p>a</p><a>b</a>");
        assert_eq!(removed.len(), 3);
        for tag in ["iframe src=\"https://x.example/\"></iframe", "object data=\"x.swf\"></object", "embed src=\"x\""] {
            let (out, removed) = run(&format!("<div><{tag}></div>"));
            assert_eq!((out.as_str(), removed.len()), ("<div></div>", 1), "{tag}");
        }
    }

    #[test]
    fn every_spelling_of_active_content_is_removed() {
        let cases = [
            ("<SCRIPT>alert(1)</SCRIPT>x", "x"),
            ("<style>body{background:url(https://x.example/)}</style>x", "x"),
            ("<a href=\" JaVaScRiPt:alert(1)\">a</a>", "<a>a</a>"),
            ("<a href=\"java\tscript:alert(1)\">a</a>", "<a>a</a>"),
            ("<a href=\"vbscript:x\">a</a>", "<a>a</a>"),
            ("<a href=\"data:text/html,<script>alert(1)</script>\">a</a>", "<a>a</a>"),
            ("<button formaction=\"javascript:alert(1)\">b</button>", "<button type=\"button\">b</button>"),
            ("<svg><a xlink:href=\"javascript:alert(1)\">s</a></svg>", "<svg><a>s</a></svg>"),
            ("<svg onload=\"alert(1)\"></svg>", "<svg></svg>"),
            ("<meta http-equiv=\"refresh\" content=\"0;url=https://x.example/\">x", "x"),
            ("<base href=\"https://x.example/\">x", "x"),
            (
                "<form action=\"https://x.example/\"><input type=\"text\"></form>",
                "&lt;form action=\"https://x.example/\"&gt;<input type=\"text\">&lt;/form&gt;",
            ),
        ];
        for (html, want) in cases {
            let (out, removed) = run(html);
            assert_eq!(out, want, "{html}");
            assert!(!removed.is_empty(), "{html}");
        }
        // GitBook's vocabulary is left alone.
        let gitbook = "<figure><img src=\"a.png\" alt=\"A\"><figcaption><p>A</p></figcaption></figure><details><summary>Q</summary><p>A</p></details><mark class=\"x\">m</mark><img src=\"data:image/png;base64,AAAA\" alt=\"\">";
        let (out, removed) = run(gitbook);
        assert!(removed.is_empty(), "{removed:?}");
        assert!(out.contains("<figcaption>") && out.contains("data:image/png"), "{out}");
    }

    /// The HTML parsing rules' special cases: what the tokenizer reads as text comes back as
    /// text, never as markup.
    #[test]
    fn raw_text_and_rcdata_stay_text() {
        let cases = [
            (
                "<textarea><script>alert(1)</script></textarea>",
                "&lt;textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/textarea&gt;",
            ),
            (
                "<noframes><script>alert(1)</script></noframes>",
                "&lt;noframes&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/noframes&gt;",
            ),
            ("<xmp><img src=x onerror=alert(1)></xmp>", "&lt;xmp&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/xmp&gt;"),
            (
                "<noembed><iframe src=\"https://x.example/\"></iframe></noembed>",
                "&lt;noembed&gt;&lt;iframe src=\"https://x.example/\"&gt;&lt;/iframe&gt;&lt;/noembed&gt;",
            ),
            ("<plaintext><script>alert(1)</script>", "&lt;plaintext&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            // The browser ends the `<noscript>` at its first end tag, as the tokenizer does.
            (
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
                "<img src=x alt=\"\" loading=\"lazy\">\"></noscript>",
            ),
            ("A <title> tag names the page.", "A &lt;title&gt; tag names the page."),
            ("<svg><title>A drawing</title></svg>", "<svg><title>A drawing</title></svg>"),
            (
                "<svg><g><title>A</title><desc>B</desc><title>C</title></g></svg>",
                "<svg><g><title>A</title><desc>B</desc><title>C</title></g></svg>",
            ),
            ("<svg><p><title>x</title></svg>", "<svg><p>&lt;title&gt;x&lt;/title&gt;</svg>"),
            ("<svg></svg><title>x</title>", "<svg></svg>&lt;title&gt;x&lt;/title&gt;"),
            ("a<!-- hidden -->b", "ab"),
            ("a<!-- never closed", "a"),
            ("<!DOCTYPE html>x", "x"),
            // CDATA in foreign content is text; in HTML (inside `<mtext>`) a comment up to `>`.
            (
                "<svg><text><![CDATA[<img src=x onerror=alert(1)>]]></text></svg>",
                "<svg><text><![CDATA[&lt;img src=x onerror=alert(1)&gt;]]></text></svg>",
            ),
            ("<math><mtext><![CDATA[<img src=x onerror=alert(1)>]]></mtext></math>", "<math><mtext>]]></mtext></math>"),
        ];
        for (html, want) in cases {
            let (out, _) = run(html);
            assert_eq!(out, want, "{html}");
        }
    }

    /// SVG and MathML as a browser reads them: an HTML element in an integration point is text
    /// (left open, it would keep `</svg>` from closing the drawing), an end tag of an element
    /// around a drawing leaves it to be closed at the end, a start tag that ends SVG ends it
    /// up to the nearest integration point, and `<title>` is SVG's only where SVG surely goes on.
    #[test]
    fn foreign_content_is_closed_as_a_browser_reads_it() {
        let cases = [
            ("<svg><desc><p></svg>", "<svg><desc>&lt;p&gt;</svg>"),
            ("<svg><title><div>x</div></title></svg>", "<svg><title>&lt;div&gt;x&lt;/div&gt;</title></svg>"),
            ("<math><mtext><p></math>", "<math><mtext>&lt;p&gt;</math>"),
            ("<math><mi>x</mi><mo>+</mo></math>", "<math><mi>x</mi><mo>+</mo></math>"),
            ("<svg><desc><svg><p></svg>", "<svg><desc><svg>&lt;p&gt;</svg></desc></svg>"),
            ("<svg><desc><math><mtext><b>", "<svg><desc><math><mtext>&lt;b&gt;</mtext></math></desc></svg>"),
            ("<div><svg><desc></div>", "<div><svg><desc></div></desc></svg>"),
            ("<svg><Foo></svg>", "<svg>&lt;Foo&gt;</svg>"),
            ("<svg><p></p><desc><b>b</b></desc>", "<svg><p></p><desc><b>b</b></desc>"),
            ("<div><svg></div><title>x</title>", "<div><svg></div>&lt;title&gt;x&lt;/title&gt;</svg>"),
            ("<svg></span><title>x</title></svg>", "<svg></span>&lt;title&gt;x&lt;/title&gt;</svg>"),
            ("<svg><g></g><title>x</title></svg>", "<svg><g></g><title>x</title></svg>"),
            ("<svg><style>.a{}</style><title>x</title></svg>", "<svg><title>x</title></svg>"),
            ("<svg><desc><template></desc><p>", "<svg><desc></desc><p>"),
            (
                "<svg><img src=\"https://t.example/p.png\" alt=\"p\">",
                "<svg><a class=\"external-image\" href=\"https://t.example/p.png\">p</a></svg>",
            ),
        ];
        for (html, want) in cases {
            let (out, _) = run(html);
            assert_eq!(out, want, "{html}");
        }
        let (_, reported) = run("<svg><desc><p>x</p></desc></svg>");
        assert_eq!(reported, ["<p> shown as text"]);
    }

    /// A tag cut off by the end of the fragment cannot run once the page goes on after it.
    #[test]
    fn unfinished_tags_stay_inert() {
        for html in [
            "x<img src=x onerror=alert(1)",
            "<a href=\"javascript:alert(1)",
            "<div title=\"",
            "<svg><a xlink:href=javascript:alert(1) ",
        ] {
            let (out, _) = run(html);
            let page = format!("{out}>after</p>");
            assert!(!page.contains("onerror") && !page.contains("javascript"), "{html} -> {out}");
        }
    }

    #[test]
    fn unknown_tags_are_text_as_written() {
        let (out, removed) = run("AddActivitiesFrom<T>() and <Foo bar=\"1\">x</Foo>");
        assert_eq!(out, "AddActivitiesFrom&lt;T&gt;() and &lt;Foo bar=\"1\"&gt;x&lt;/Foo&gt;");
        assert!(removed.is_empty(), "no warning for names HTML does not have: {removed:?}");
        let (_, removed) = run("<textarea>x</textarea>");
        assert_eq!(removed, ["<textarea> shown as text"]);
        // Inline HTML comes a tag at a time: an end tag alone is judged as its element was.
        assert_eq!(run("</xmp>").0, "&lt;/xmp&gt;");
        assert_eq!(run("</script>").0, "");
        assert_eq!(run("</mark>").0, "</mark>");
        let (_, removed) = run("<img src=x onerror=alert(1)\n");
        assert_eq!(removed, ["the `onerror` event handler on <img>"], "the fragment's own end is not reported");
    }

    #[test]
    fn only_safe_schemes_and_nothing_from_elsewhere() {
        for url in [
            "https://x.example/",
            "a/b.md",
            "#top",
            "mailto:a@b.example",
            "tel:+44",
            "data:image/png;base64,AA",
            "file:///s/x.pdf",
            "?q=1",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "&#106;avascript:x",
            " java\u{0}script:x",
            "vbscript:x",
            "data:text/html,x",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "livescript:x",
        ] {
            assert!(!is_safe_url(url), "{url}");
        }
        let (out, removed) = run("<img src=\"https://t.example/p.png\" alt=\"Pixel\">");
        assert_eq!(out, "<a class=\"external-image\" href=\"https://t.example/p.png\">Pixel</a>");
        assert_eq!(removed, ["the image from elsewhere"]);
        let (out, _) = run("<video src=\"//t.example/v.mp4\" poster=\"https://t.example/p.png\"></video>");
        assert_eq!(out, "<video></video>");
        let (out, _) = run("<picture><source srcset=\"a.png 2x, https://t.example/b.png 3x\"></picture>");
        assert_eq!(out, "<picture><source srcset=\"a.png 2x\"></picture>");
        let (out, _) = run(
            "<svg><rect fill=\"url(https://t.example/#p)\" stroke=\"url(#g)\"></rect><use href=\"https://t.example/s.svg#i\"></use></svg>",
        );
        assert_eq!(out, "<svg><rect stroke=\"url(#g)\"></rect><use></use></svg>");
        // `<script` is an attribute's name there (and `>` ends the tag), as browsers read it.
        let (out, _) = run("<a href=\"x\" <script>=1 y</a><a href=\"z\" ping=\"https://t.example/\">z</a>");
        assert_eq!(out, "<a href=\"x\">=1 y</a><a href=\"z\">z</a>");
    }

    #[test]
    fn allow_raw_html_keeps_active_content() {
        let mut hooks = Hooks { allow: true, ..Hooks::default() };
        let html = "<p onclick=\"x()\">a</p><script>alert(1)</script><a href=\"javascript:alert(1)\">b</a><iframe src=\"y\"></iframe>";
        assert_eq!(rewrite(html, &mut hooks), html);
        assert!(hooks.removed.is_empty());
    }

    #[test]
    fn images_without_alt_are_reported_and_get_an_empty_one() {
        let mut hooks = Hooks::default();
        let out = rewrite("<img src=\"a.png\"><img src=\"b.png\" alt=\"\"><img src=\"c.png\" alt=\"C\">", &mut hooks);
        assert_eq!(hooks.no_alt, ["a.png"]);
        assert!(out.starts_with("<img src=\"a.png\" alt=\"\""), "{out}");
    }

    #[test]
    fn srcset_with_spaces() {
        assert_eq!(srcset_candidates("a b.png 2x, c.png"), vec![("a b.png", "2x"), ("c.png", "")]);
        assert_eq!(srcset_candidates("room dark.png"), vec![("room dark.png", "")]);
        assert_eq!(srcset_candidates("x.png 640w"), vec![("x.png", "640w")]);
    }

    #[test]
    fn buttons_and_annotations() {
        let (out, _) = run(
            "<a class=\"button primary\">Soon</a><a href=\"x.md\" class=\"button secondary\" data-icon=\"book\">Read</a>",
        );
        assert!(out.starts_with("<a class=\"button primary\">Soon</a><a href=\"x/index.html\""), "{out}");
        assert!(out.contains("<svg class=\"icon icon-book\""), "{out}");
        let (out, _) = run("<a data-footnote-ref href=\"#user-content-fn-1\">x</a>");
        assert!(out.contains("class=\"annotation\""), "{out}");
    }

    #[test]
    fn obsolete_attributes() {
        let (out, _) = run("<div align=\"center\"><img src=\"x.png\"></div><th width=\"87\" align=\"right\">T</th>");
        assert_eq!(
            out,
            "<div class=\"align-center\"><img src=\"x.png\" alt=\"\" loading=\"lazy\"></div><th class=\"align-right\">T</th>"
        );
    }
}
