//! Raw HTML inside pages (GitBook writes figures, card tables, coloured marks, buttons and
//! mentions as HTML): links resolved like Markdown links, GitBook's presentational
//! attributes turned into classes, and active content removed.
//!
//! Input: an HTML fragment from a page and [`HtmlHooks`] that resolve URLs. Output: the
//! rewritten fragment. Every `href`, `src` and `srcset` goes through the same resolver as
//! Markdown links; `style` attributes become classes or are dropped (the site runs under a
//! strict Content-Security-Policy); `<script>`, `<iframe>`, `<object>`, `<embed>`, `on*`
//! handlers and `javascript:` URLs are removed and reported.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

use lol_html::html_content::{ContentType, Element};
use lol_html::{ElementContentHandlers, HandlerResult, RewriteStrSettings, Selector, rewrite_str};

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
    /// An element outside the HTML a page may hold was unwrapped (its content stays).
    fn unknown_element(&mut self, tag: &str);
    /// An `<img>` has no `alt` attribute.
    fn image_without_alt(&mut self, src: &str);
    /// An `<a href="broken-reference">` (GitBook's marker for a lost link) became text.
    fn broken_reference(&mut self) {}
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

/// The HTML a page may hold: GitBook's vocabulary, common formatting, SVG drawing and
/// MathML. Other elements are unwrapped (their content stays) with a warning.
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

/// Whether an attribute value is a URL that runs code (`javascript:`, `vbscript:`) or holds
/// a document (`data:` other than images). Browsers ignore white space and case here.
fn is_active_url(value: &str) -> bool {
    let value: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    value.starts_with("javascript:")
        || value.starts_with("vbscript:")
        || (value.starts_with("data:") && !value.starts_with("data:image/"))
}

/// Whether the fragment could need any rewriting at all (cheap test before parsing).
pub fn needs_rewrite(html: &str) -> bool {
    if html.contains('=') {
        return true;
    }
    // Any element that is removed, unwrapped or completed (details, summary, buttons).
    html.match_indices('<').any(|(at, _)| {
        let name: String = html[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        !name.is_empty()
            && (!ALLOWED.contains(&name.as_str()) || matches!(name.as_str(), "details" | "summary" | "button"))
    })
}

/// Rewrites one fragment of raw HTML.
pub fn rewrite(html: &str, hooks: &mut dyn HtmlHooks) -> String {
    if !needs_rewrite(html) {
        return html.to_string();
    }
    let allow_active = hooks.allow_active_content();
    let hooks = RefCell::new(hooks);
    let url_attribute = |el: &mut Element, attribute: &str| {
        if el.removed() {
            return;
        }
        if let Some(value) = el.get_attribute(attribute) {
            let tag = el.tag_name();
            // Attribute values as written (`a&#x26;b.png`): the file name is the decoded one.
            let value = crate::htmltext::decode_entities(&value);
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
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(handler(0, |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            if !allow_active {
                if REMOVED.contains(&tag.as_str()) {
                    return Ok(()); // the next handler removes it
                }
                if !ALLOWED.contains(&tag.as_str()) {
                    hooks.borrow_mut().unknown_element(&tag);
                    el.remove_and_keep_content();
                }
                let attributes: Vec<(String, String)> = el.attributes().iter().map(|a| (a.name(), a.value())).collect();
                for (name, value) in attributes {
                    let what = if name.starts_with("on") {
                        format!("the `{name}` event handler on <{tag}>")
                    } else if name == "srcdoc" {
                        format!("the `srcdoc` document in <{tag}>")
                    } else if is_active_url(&value) {
                        let scheme = value.trim().split(':').next().unwrap_or("").to_ascii_lowercase();
                        format!("a `{scheme}:` URL in <{tag} {name}>")
                    } else {
                        continue;
                    };
                    el.remove_attribute(&name);
                    hooks.borrow_mut().removed(&what, &name);
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
                && el.get_attribute("href").is_some_and(|href| href.trim() == "broken-reference")
            {
                hooks.borrow_mut().broken_reference();
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
                let srcset = crate::htmltext::decode_entities(&srcset);
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
            if let Some(icon) = el.get_attribute("data-icon").as_deref().and_then(crate::icons::from_font_awesome) {
                el.prepend(&crate::icons::svg(icon), ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(handler(11, |el| {
            if !el.has_attribute("type") {
                el.set_attribute("type", "button").ok();
            }
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

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

fn handler<'h>(
    index: usize,
    f: impl FnMut(&mut Element) -> HandlerResult + 'h,
) -> (Cow<'static, Selector>, ElementContentHandlers<'h>) {
    (Cow::Borrowed(&SELECTORS[index]), ElementContentHandlers::default().element(f))
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
        fn unknown_element(&mut self, tag: &str) {
            self.removed.push(format!("<{tag}> unwrapped"));
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
            ("<form action=\"https://x.example/\"><input type=\"text\"></form>", "<input type=\"text\">"),
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
