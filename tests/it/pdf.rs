//! The PDF: escaping is the security boundary (any text stays text, any page gives typst
//! source without a syntax error), and with `--features pdf` the sample kit's PDF has its
//! pages, bookmarks, text and tags, and bad input gives warnings and a complete PDF.

use neokit::testing::{Input, Scratch, typst_markup, typst_string};
use proptest::prelude::*;
use typst_syntax::{SyntaxKind, SyntaxNode};

/// The text typst shows for markup made only of text, escapes and spaces; `None` if the
/// markup holds anything else (a function call, a heading, a link, an error).
fn shown_text(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
    match node.kind() {
        SyntaxKind::Markup => node.children().try_for_each(|child| shown_text(child, out)),
        SyntaxKind::Text => {
            out.push_str(node.leaf_text());
            Ok(())
        }
        SyntaxKind::Space => {
            out.push(' ');
            Ok(())
        }
        SyntaxKind::Escape => {
            out.push_str(node.leaf_text().strip_prefix('\\').unwrap_or_default());
            Ok(())
        }
        other => Err(format!("{other:?} `{}`", node.full_text())),
    }
}

/// What the PDF shows of some text: white space as single spaces, control characters left out.
fn as_shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

fn find_string(node: &SyntaxNode) -> Option<typst_syntax::ast::Str<'_>> {
    node.cast::<typst_syntax::ast::Str>().or_else(|| node.children().find_map(find_string))
}

fn syntax_errors(source: &str) -> Vec<String> {
    typst_syntax::parse(source).errors_and_warnings().0.into_iter().map(|e| e.message.to_string()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_stays_the_same_text(text in any::<String>()) {
        let markup = typst_markup(&text);
        let root = typst_syntax::parse(&markup);
        prop_assert!(syntax_errors(&root.full_text()).is_empty(), "{:?}", syntax_errors(&root.full_text()));
        let mut shown = String::new();
        shown_text(&root, &mut shown).map_err(|e| TestCaseError::fail(format!("`{text}` became {e}")))?;
        prop_assert_eq!(as_shown(&shown), as_shown(&text));
    }

    #[test]
    fn any_text_is_the_same_string(text in any::<String>()) {
        let source = format!("#{}", typst_string(&text));
        let root = typst_syntax::parse(&source);
        prop_assert!(syntax_errors(&root.full_text()).is_empty(), "{:?}", syntax_errors(&root.full_text()));
        let string = find_string(&root);
        let string = string.ok_or_else(|| TestCaseError::fail(format!("no string in {source}")))?;
        let value = string.get();
        prop_assert_eq!(value.as_str(), text.as_str());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Pages of GitBook's syntax in any order give typst source that parses without an error.
    #[test]
    fn any_page_gives_valid_typst(readme in crate::properties::text(), page in crate::properties::text()) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let input = Input {
            readme: format!("# Home\n\n{readme}"),
            page,
            summary: "* [Home](README.md)\n* [Page](page.md)\n".into(),
            config: "pdf:\n  source: only\n".into(),
            ..Input::default()
        };
        let report = Scratch::new(&dir.path().join("kit")).build_to(&input, Some(&out)).unwrap();
        prop_assume!(report.success);
        let typ = std::fs::read_dir(out.join("pdf")).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "typ"));
        let source = std::fs::read_to_string(typ.expect("the PDF's source is written").path()).unwrap();
        let errors = syntax_errors(&source);
        prop_assert!(errors.is_empty(), "{errors:?}\n{source}");
    }
}
