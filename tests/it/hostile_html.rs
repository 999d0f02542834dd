//! Nothing a page says can run, call out or swallow the page: random raw HTML built from the
//! HTML parsing rules' tricky cases (raw-text and RCDATA elements, `plaintext`, SVG and MathML
//! foreign content, CDATA, comments, tags cut off, entity-encoded and spaced-out schemes,
//! event handlers, addresses of other sites), in HTML blocks and inline in Markdown, is
//! built into a site, and every published page is read as a browser reads it
//! ([`crate::inert::problems`]). With `allow_raw_html: true` the same HTML is published as
//! written (the invariant is then the author's).

use neokit::testing::{Input, Scratch};
use proptest::prelude::*;

/// Pieces of hostile and sloppy HTML, joined at random.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<script src=\"https://t.example/x.js\"></script>",
    "<textarea>",
    "</textarea>",
    "<title>",
    "</title>",
    "<xmp>",
    "</xmp>",
    "<noembed>",
    "</noembed>",
    "<noframes>",
    "</noframes>",
    "<noscript>",
    "</noscript>",
    "<plaintext>",
    "<iframe src=\"https://t.example/\">",
    "</iframe>",
    "<style>",
    "</style>",
    "body{background:url(https://t.example/p.png)}",
    "<svg>",
    "</svg>",
    "<math>",
    "</math>",
    "<mtext>",
    "<foreignObject>",
    "<desc>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!",
    "<?x ",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<table><tr><td>",
    "<select><option>",
    "<template>",
    "<form action=\"https://t.example/\">",
    "<button formaction=\"javascript:alert(1)\">b</button>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"https://t.example/p.png\" alt=\"p\">",
    "<img srcset=\"a.png 1x, https://t.example/b.png 2x\">",
    "<video poster=\"https://t.example/p.png\" src=\"//t.example/v.mp4\"></video>",
    "<table><tr><td background=\"https://t.example/p.png\">",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">a</a>",
    "<a href=\"&#106;avascript:alert(1)\">a</a>",
    "<a href=\" java\nscript:alert(1)\">a</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">a</a>",
    "<a xlink:href=\"javascript:alert(1)\">s</a>",
    "<use href=\"https://t.example/s.svg#i\"/>",
    "<rect fill=\"url(https://t.example/#p)\"/>",
    "<animate attributeName=\"href\" to=\"javascript:alert(1)\"/>",
    "<set attributeName=\"onmouseover\" to=\"alert(1)\"/>",
    "<object data=\"https://t.example/x.swf\">",
    "<embed src=\"https://t.example/x\">",
    "<base href=\"https://t.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://t.example/\">",
    "<link rel=\"stylesheet\" href=\"https://t.example/x.css\">",
    "<p onclick=\"alert(1)\" style=\"color:red\">",
    "<details open ontoggle=\"alert(1)\"><summary>s</summary>",
    "<a href=\"x\" <script>=1 ",
    "<img src=x onerror=alert(1)",
    "<div title=\"",
    "\"",
    "'",
    ">",
    "<",
    "</",
    "AddActivitiesFrom<T>()",
    "<Foo bar=\"1\">",
    "</Foo>",
    "<mark style=\"color:green\">",
    "</mark>",
    "text",
    " ",
    "\n",
    "\n\n",
    "* ",
    "# ",
    "`",
    "[x](javascript:alert(1))",
    "![p](https://t.example/p.png)",
    "<https://t.example/>",
];

fn html() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 1..30).prop_map(|pieces| pieces.concat())
}

/// Builds a kit whose second page holds `html` (after a heading, so that it is both an HTML
/// block and inline HTML), and returns every published HTML page's text.
fn published(html: &str, config: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = Input {
        readme: "# Home\n\nSee [the page](page.md).\n".into(),
        page: format!("# Page\n\n{html}\n\nText before {html} and after.\n"),
        summary: "* [Home](README.md)\n* [Page](page.md)\n".into(),
        config: config.into(),
        ..Input::default()
    };
    let report = Scratch::new(&dir.path().join("kit")).build_to(&input, Some(&out)).unwrap();
    assert!(report.success, "{:?}", report.diagnostics);
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let name = entry.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned();
            pages.push((name, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    pages
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_published_page_can_run_call_out_or_be_swallowed(html in html()) {
        for (name, page) in published(&html, "pdf: false\n") {
            // Only the pages that show the content (a redirect has no footer).
            if !page.contains("class=\"site-footer\"") {
                continue;
            }
            let problems = crate::inert::problems(&page);
            prop_assert!(problems.is_empty(), "{name}: {problems:?}\nfrom: {html:?}");
        }
    }
}

/// The cases the issue names, each on its own: the checker is not vacuous (it finds them all
/// with `allow_raw_html: true`) and the default publishes none of them.
#[test]
fn every_named_case_is_inert_and_the_checker_sees_it_when_allowed() {
    let cases = [
        "<textarea><script>alert(1)</script></textarea>",
        "<noframes><script>alert(1)</script></noframes>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<noembed><iframe src=\"https://t.example/\"></iframe></noembed>",
        "<plaintext><script>alert(1)</script>",
        "A <title> tag names the page.",
        "<div>\n<img src=x onerror=alert(1)",
        "<img src=\"https://t.example/p.png\" alt=\"p\">",
        "<a href=\"jav&#x09;ascript:alert(1)\">a</a>",
    ];
    for case in cases {
        let page = |config: &str| {
            let pages = published(case, config);
            pages.into_iter().find(|(name, _)| name == "page/index.html").expect("the page is published").1
        };
        let problems = crate::inert::problems(&page("pdf: false\n"));
        assert!(problems.is_empty(), "{case}: {problems:?}");
        let allowed = crate::inert::problems(&page("pdf: false\nallow_raw_html: true\n"));
        assert!(!allowed.is_empty(), "the checker sees {case} when raw HTML is allowed");
    }
}

/// Foreign content (SVG, MathML) that a browser reads differently from a naive stack of open
/// elements: HTML inside an integration point (`desc`, `title`, `foreignObject`, MathML's
/// `mi`, `mo`, `mn`, `ms`, `mtext`) keeps an end tag such as `</svg>` from closing anything,
/// an end tag of an element outside the drawing is ignored past an integration point, and an
/// HTML start tag in a drawing breaks out of it to the nearest integration point; a `<title>`
/// after something that may have closed the drawing (`</div>`, `</span>`, `</p>`) is HTML's.
/// The first is the property test's smallest failing input.
#[test]
fn foreign_content_cannot_swallow_the_page() {
    let cases = [
        "<svg><desc><p></svg>",
        "<svg><title><p></svg>",
        "<svg><desc><div></svg>",
        "<svg><desc><p></desc></svg>",
        "<svg><desc><b>x</b></svg>",
        "<svg><desc><rect></svg>",
        "<svg><desc><table><tr><td></svg>",
        "<svg><desc><ul><li></svg>",
        "<svg><desc><select><option></svg>",
        "<svg><desc><svg><p></svg>",
        "<svg><title><svg><div></svg></svg>",
        "<svg><foreignObject><p></svg>",
        "<math><mtext><p></math>",
        "<math><mi><div></math>",
        "<math><mo><table><tr><td></math>",
        "<math><mtext><svg><desc><p></svg></math>",
        "<svg><desc><math><mtext><div></math></svg>",
        "<math><svg><desc><p></svg></math>",
        "<svg><math><mtext><p></math></svg>",
        "<div><svg><desc></div>",
        "<div><math><mtext></div>",
        "<p><svg><desc></p>",
        "<div><select><option></div>",
        "<div><table><tr><td><svg></div>",
        "<svg/><title>x",
        "<div><svg></div><title>x",
        "<svg></div><title>x",
        "<svg></span><title>x",
        "<svg><g></p><title>x",
        "<svg><desc><svg></desc><p></svg>",
        "<svg><Foo></svg>",
        "<math><Foo bar=\"1\"></math>",
        "<div><svg><Foo></div>",
        "<div><svg/><title>x",
        "<svg><img src=\"https://t.example/p.png\" alt=\"p\"><title>x",
        "<svg><desc><template></desc><p></svg>",
        "<svg><style></svg><title>x",
        "<svg><desc><b></b><svg></b><p></svg>",
        "<svg><p></p><title>x",
        "<p><b>x</p><svg><desc>y<p></svg>",
    ];
    let mut failures = Vec::new();
    for case in cases {
        for (name, page) in published(case, "pdf: false\n") {
            if page.contains("class=\"site-footer\"") {
                let problems = crate::inert::problems(&page);
                if !problems.is_empty() {
                    failures.push(format!("{case:?} ({name}): {problems:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
