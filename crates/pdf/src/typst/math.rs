//! LaTeX formulas as typst math, for the PDF: converted by tex2typst-rs, then read back with
//! typst's own parser and kept only when they are math and nothing else: no `#` (code), no
//! syntax error, and calls only to typst's math functions. The book lays them out with
//! `eval(..., mode: "math")` from a string literal, so page text still never becomes typst code;
//! a formula that fails the check (or that typst cannot lay out) shows its LaTeX source.

use typst_syntax::{SyntaxKind, SyntaxNode};

#[cfg(feature = "pdf")]
use crate::library::library;
use neokit_core::guard::quietly;

/// Formulas longer than this stay LaTeX source (the converter is not linear on every input).
const MAX_LATEX: usize = 4000;

/// The typst math for a LaTeX formula, when it converts to math alone.
pub fn convert(latex: &str) -> Option<String> {
    if latex.len() > MAX_LATEX || latex.trim().is_empty() {
        return None;
    }
    // The converter panics on some malformed input: that formula stays LaTeX source.
    let math = quietly(|| tex2typst_rs::tex2typst(latex))?.ok()?;
    let math = decimals(math.trim());
    (!math.is_empty() && only_math(&math)).then_some(math)
}

/// Decimals as typst writes them: the converter's "0 . 1" is 0, a full stop and 1.
fn decimals(math: &str) -> String {
    let mut out = String::with_capacity(math.len());
    let mut rest = math;
    while let Some(at) = rest.find(" . ") {
        let joins = rest[..at].ends_with(|c: char| c.is_ascii_digit())
            && rest[at + 3..].starts_with(|c: char| c.is_ascii_digit());
        out.push_str(&rest[..at]);
        out.push_str(if joins { "." } else { " . " });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// Whether typst source in math mode is math alone.
pub fn only_math(math: &str) -> bool {
    let root = typst_syntax::parse_math(math);
    !root.diagnosis().errors && allowed(&root)
}

fn allowed(node: &SyntaxNode) -> bool {
    let fine = match node.kind() {
        SyntaxKind::Error => false,
        SyntaxKind::MathCall | SyntaxKind::FuncCall => node.children().next().is_some_and(math_function),
        // A name of more than one letter is one of typst's math names (`alpha`, `RR`, `thin`).
        SyntaxKind::MathIdent => node.leaf_text().chars().count() == 1 || known(node.leaf_text()),
        // `dot.op`: the symbol is checked, not its variant's name.
        SyntaxKind::MathFieldAccess | SyntaxKind::FieldAccess => return node.children().next().is_some_and(allowed),
        _ => true,
    };
    // `#` only before a constant (`mat(delim: #none, ...)`): no other code.
    let children: Vec<&SyntaxNode> = node.children().filter(|c| c.kind() != SyntaxKind::Space).collect();
    let code = children.iter().enumerate().any(|(i, child)| {
        child.kind() == SyntaxKind::Hash
            && !children
                .get(i + 1)
                .is_some_and(|next| matches!(next.kind(), SyntaxKind::None | SyntaxKind::Auto | SyntaxKind::Bool))
    });
    fine && !code && node.children().all(allowed)
}

/// Whether typst's math mode knows a name (with the PDF support that lays formulas out).
#[cfg(feature = "pdf")]
fn known(name: &str) -> bool {
    library().math.scope().get(name).is_some()
}

#[cfg(not(feature = "pdf"))]
fn known(_name: &str) -> bool {
    true
}

/// Whether a call's callee is one of typst's math functions (`frac`, `sqrt`, `dot.double`...).
fn math_function(callee: &SyntaxNode) -> bool {
    let name = match callee.kind() {
        SyntaxKind::MathIdent | SyntaxKind::Ident => callee.leaf_text().as_str(),
        // `dot.double(x)`, `arrow.l(x)`: accents named by a symbol's variant.
        SyntaxKind::MathFieldAccess | SyntaxKind::FieldAccess => match callee.children().next() {
            Some(root) if matches!(root.kind(), SyntaxKind::MathIdent | SyntaxKind::Ident) => root.leaf_text().as_str(),
            _ => return false,
        },
        _ => return false,
    };
    MATH_FUNCTIONS.binary_search(&name).is_ok()
}

/// typst's math functions and the accents it calls like them, sorted.
const MATH_FUNCTIONS: &[&str] = &[
    "abs",
    "accent",
    "acute",
    "arrow",
    "attach",
    "bar",
    "bb",
    "binom",
    "bold",
    "breve",
    "cal",
    "cancel",
    "caron",
    "cases",
    "ceil",
    "circle",
    "class",
    "ddot",
    "diaer",
    "display",
    "dot",
    "dotless",
    "floor",
    "frac",
    "frak",
    "grave",
    "harpoon",
    "hat",
    "inline",
    "italic",
    "limits",
    "lr",
    "macron",
    "mat",
    "mid",
    "mono",
    "norm",
    "op",
    "overbrace",
    "overbracket",
    "overline",
    "overparen",
    "overshell",
    "primes",
    "root",
    "round",
    "sans",
    "scr",
    "script",
    "scripts",
    "serif",
    "sqrt",
    "sscript",
    "stretch",
    "tilde",
    "underbrace",
    "underbracket",
    "underline",
    "underparen",
    "undershell",
    "upright",
    "vec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted() {
        assert!(MATH_FUNCTIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn formulas_become_typst_math() {
        assert_eq!(convert(r"\frac{a}{b}").as_deref(), Some("a/b"));
        let integral = convert(r"\int_0^\infty e^{-x^2} dx").unwrap();
        assert!(integral.starts_with("integral_0^infinity"), "{integral}");
        assert!(convert(r"\sqrt{x^2 + 1}").unwrap().starts_with("sqrt("));
        assert!(convert(r"\mathbb{R}").is_some());
        assert_eq!(convert(r"0.1 \, \text{mg}").as_deref(), Some("0.1 thin \"mg\""));
        assert!(convert(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}").unwrap().starts_with("mat(delim: #none,"));
        assert!(convert(r"\vec{v} \cdot \hat{n} \ddot{x}").is_some());
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn unknown_names_stay_latex() {
        assert_eq!(convert(r"\unknowncommand{x}"), None);
        assert_eq!(convert(r"\color{red}{x}"), None);
        assert!(only_math("alpha + RR + thin + infinity + dot.op"));
    }

    #[test]
    fn anything_but_math_stays_latex() {
        assert_eq!(convert(r"a # b"), None);
        assert_eq!(convert(r"\mathrm{#sys}"), None);
        assert_eq!(convert(""), None);
        assert!(!only_math("#read(\"/etc/passwd\")"));
        assert!(!only_math("read(\"/etc/passwd\")"));
        assert!(!only_math("x.map(y)"));
        assert!(!only_math("frac(a, b"));
        assert!(!only_math("x #y"));
        assert!(only_math("frac(a, b) + dot.double(x) + \"text\""));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever a page's formula holds, what comes out is math alone, or nothing.
        #[test]
        fn any_formula_is_math_alone_or_latex(latex in r"(\\[a-z]{1,8}|[{}^_&#()\[\] a-z0-9=+\-.,\\]){0,40}") {
            if let Some(math) = super::convert(&latex) {
                prop_assert!(super::only_math(&math), "{latex} -> {math}");
                // An escaped `#` is a character, not code.
                let code = math.replace("\\\\", "").replace("\\#", "");
                let code = code.replace("#none", "").replace("#auto", "").replace("#true", "").replace("#false", "");
                prop_assert!(!code.contains('#'), "{latex} -> {math}");
            }
        }
    }
}
