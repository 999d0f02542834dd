//! Property tests: any UTF-8 text, and text made of GitBook's syntax in any order, builds
//! without panicking, in every file a kit has (pages, includes, variables, SUMMARY.md,
//! .gitbook.yaml). Crashes found by fuzzing are kept in `tests/fixtures/fuzz/` and replayed
//! here.

use neokit::testing::{Input, Scratch};
use proptest::prelude::*;

/// Pieces of GitBook-flavoured Markdown, HTML islands and YAML that the generator strings
/// together with random text.
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "```\n",
    "```js title=\"a\"\n",
    "```mermaid\n",
    "flowchart TD\n",
    "sequenceDiagram\n",
    "A --> B\n",
    "A->>B: hi\n",
    "accTitle: ",
    "---\n",
    "|a|b|\n|-|-|\n",
    "{% hint style=\"info\" %}",
    "{% endhint %}",
    "{% tabs %}",
    "{% tab title=\"T\" %}",
    "{% endtab %}",
    "{% endtabs %}",
    "{% stepper %}",
    "{% step %}",
    "{% endstep %}",
    "{% endstepper %}",
    "{% columns %}",
    "{% column %}",
    "{% endcolumn %}",
    "{% endcolumns %}",
    "{% code title=\"x\" %}",
    "{% endcode %}",
    "{% content-ref url=\"page.md\" %}",
    "{% endcontent-ref %}",
    "{% embed url=\"https://www.youtube.com/watch?v=x\" %}",
    "{% file src=\".gitbook/assets/a.pdf\" %}",
    "{% include \".gitbook/includes/inc.md\" %}",
    "{% if visitor.claims.x %}",
    "{% endif %}",
    "{% raw %}",
    "{% endraw %}",
    "{% %}",
    "{%",
    "{%}",
    "%}",
    "<details>",
    "<summary>",
    "</summary>",
    "</details>",
    "<table data-view=\"cards\">",
    "<thead>",
    "<tr>",
    "<td>",
    "<th data-card-target data-type=\"content-ref\">",
    "</td>",
    "</tr>",
    "</table>",
    "<mark style=\"color:red;\">",
    "</mark>",
    "<figure><img src=\"a.png\" alt=\"\">",
    "<figcaption>",
    "</figure>",
    "<script>",
    "<a href=\"javascript:x\">",
    "<i class=\"fa-check\">",
    "</i>",
    "<p align=\"center\">",
    "<div>",
    "</div>",
    "<code class=\"expression\">space.vars.x</code>",
    "<code class=\"expression\">page.vars.y</code>",
    "$$",
    "\\frac{1}{2}",
    "[link](page.md#a)",
    "[x](README.md)",
    "[](",
    "](",
    "![img](.gitbook/assets/a.png)",
    "<page.md>",
    "[^1]",
    "[^1]: note",
    "* [Home](README.md)\n",
    "* [Page](page.md)\n",
    "  * [Sub](page.md#x)\n",
    "## Group\n",
    "vars:\n  x: 1\n",
    "x: &a [1]\ny: *a\n",
    "root: ./\n",
    "structure:\n  readme: README.md\n",
    "redirects:\n  old: page.md\n",
    "title: ",
    "description: ",
    "hidden: true\n",
    "type: faq\n",
    "role: chair\n",
    "noIndex: true\n",
    "layout:\n  title:\n    visible: false\n",
    "\u{200b}",
    "é",
    "🙂",
    "\t",
    "\r\n",
    "&amp;",
    "&#0;",
    "\\",
    "`",
    "*",
    "_",
    "~~",
    "<",
    ">",
    "\"",
    "'",
];

pub(crate) fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-z ]{1,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn input() -> impl Strategy<Value = Input> {
    (text(), text(), text(), text(), text(), text()).prop_map(|(readme, page, include, vars, summary, gitbook_yaml)| {
        Input { readme, page, include, vars, summary, gitbook_yaml, config: String::new() }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_kit_builds_without_panicking(input in input()) {
        let dir = tempfile::tempdir().unwrap();
        let report = Scratch::new(dir.path()).build(&input).unwrap();
        // Whatever happened is reported; an error always names where.
        for d in report.diagnostics.iter().filter(|d| d.is_error()) {
            prop_assert!(d.location.is_some() || d.code == "missing-root" || d.code == "template", "{d}");
        }
    }

    #[test]
    fn any_unicode_page_builds(page in any::<String>()) {
        let dir = tempfile::tempdir().unwrap();
        let input = Input { readme: page, ..Input::default() };
        Scratch::new(dir.path()).build(&input).unwrap();
    }
}

/// Inputs that once crashed a fuzz target, replayed on every test run: `page-*` (and `pdf-*`,
/// with a PDF) files as the `page` target reads them, `summary-*` files as the `summary` target does.
#[test]
fn fuzz_regressions_build() {
    let dir = crate::harness::fixtures_dir().join("fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(entry.path()).unwrap();
        let input = if name.starts_with("page-") {
            Input::from_bytes(&bytes)
        } else if name.starts_with("pdf-") {
            Input { config: "pdf:\n  enabled: true\n  source: true\n".into(), ..Input::from_bytes(&bytes) }
        } else if name.starts_with("summary-") {
            Input::navigation_from_bytes(&bytes)
        } else {
            continue;
        };
        let scratch = tempfile::tempdir().unwrap();
        Scratch::new(scratch.path()).build(&input).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        replayed += 1;
    }
    assert!(replayed > 0, "no fuzz regressions in {}", dir.display());
}
