//! Link and image destinations that GitBook writes with spaces, unescaped:
//! `![Ward](.gitbook/assets/image (3).png)`, `[slides](my file.pdf)`.
//!
//! CommonMark reads no link there (a destination ends at a space), so the page would show
//! `![Ward](...)` as text; GitBook resolves it. The block scanner asks [`angle_bracketed`] at
//! each `](` of a line's text: when what follows, up to a `)`, names a file of the kit (or an
//! asset under `.gitbook/assets/`, which GitBook alone writes), it is rewritten in the
//! `<...>` form CommonMark reads, `](<.gitbook/assets/image (3).png>)`. Text that merely
//! contains `](` is left as it is: there must be a `[` before it on the line, a space in the
//! destination, and a file of that name.

use neokit_core::paths::{RelPath, percent_decode};
use neokit_core::source::SourceTree;

/// How many `)` after a `](` are tried as the destination's end.
const MAX_CANDIDATES: usize = 8;

/// At `text[at..]`, which starts with `](`: the length of `](destination)` as written and
/// its `<...>` form, when the destination has spaces and `names_file` says it names a file.
pub fn angle_bracketed(text: &str, at: usize, names_file: impl Fn(&str) -> bool) -> Option<(usize, String)> {
    let rest = text.get(at..)?.strip_prefix("](")?;
    if rest.trim_start().starts_with('<') || !opens_bracket(&text[..at]) {
        return None;
    }
    // Each `)` ends a candidate: `image (3` and `image (3).png` for `](image (3).png)`.
    let candidates: Vec<(usize, &str, Option<&str>)> = rest
        .match_indices(')')
        .take(MAX_CANDIDATES)
        .map(|(end, _)| &rest[..end])
        .take_while(|inside| !inside.contains(['<', '>', '\\', '\n', '\r']))
        .filter_map(|inside| {
            // An optional title after the path: `(my file.pdf "The slides")`.
            let (path, title) = match inside.trim_end().strip_suffix('"').and_then(|t| t.rsplit_once(" \"")) {
                Some((path, title)) if !title.contains('"') => (path.trim(), Some(title)),
                _ => (inside.trim(), None),
            };
            // The space is in the file's name, not in an anchor, and no other link starts.
            let name = path.split('#').next().unwrap_or(path);
            let spaced = name.contains([' ', '\t']) && !path[name.len()..].contains([' ', '\t']);
            (spaced && !path.contains("](")).then_some((inside.len(), path, title))
        })
        .collect();
    // A file of the kit; else an upload that is missing, up to the `)` that balances the
    // parentheses (as CommonMark ends a destination).
    let found = candidates.iter().find(|(_, path, _)| names_file(path)).or_else(|| {
        candidates.iter().find(|(_, path, _)| is_asset(path) && path.matches('(').count() == path.matches(')').count())
    });
    let &(length, path, title) = found?;
    let title = title.map(|t| format!(" \"{t}\"")).unwrap_or_default();
    Some((length + 3, format!("](<{path}>{title})")))
}

/// Whether `before` (the line up to `](`) has a `[` that the `]` closes.
fn opens_bracket(before: &str) -> bool {
    let bytes = before.as_bytes();
    let mut depth = 0usize;
    for i in (0..bytes.len()).rev() {
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        match bytes[i] {
            b']' if !escaped => depth += 1,
            b'[' if !escaped => {
                if depth == 0 {
                    return true;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    false
}

/// An upload GitBook stored (`.gitbook/assets/...`): meant as a file even when it is missing,
/// so that a missing one is reported as a broken link rather than shown as text.
fn is_asset(path: &str) -> bool {
    path.contains(".gitbook/assets/")
}

/// Whether `dest`, written in the file `from`, names a file or page of the kit (as written,
/// percent-decoded, or without its `#anchor`).
pub fn names_file(tree: &SourceTree, from: &RelPath, dest: &str) -> bool {
    let exists = |path: &str| {
        let joined = from.parent().join_clamped(&percent_decode(path));
        tree.files.contains(&joined) || tree.markdown.contains(&joined)
    };
    exists(dest) || dest.split_once('#').is_some_and(|(path, _)| !path.is_empty() && exists(path))
}

/// Whether `dest` is one of GitBook's markers for a link whose target it lost:
/// `broken-reference` (older exports), `/broken/pages/<page>` and
/// `/broken/spaces/<space>/pages/<page>` (newer ones, with an optional `#anchor`). None of
/// them leads anywhere: the link's text is shown without a link.
pub fn is_lost(dest: &str) -> bool {
    let dest = dest.trim();
    let dest = dest.strip_prefix('<').and_then(|d| d.strip_suffix('>')).unwrap_or(dest).trim();
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path == "broken-reference" {
        return true;
    }
    let Some(rest) = path.strip_prefix("/broken/") else { return false };
    let id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["pages", page] => id(page),
        ["spaces", space, "pages", page] => id(space) && id(page),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(line: &str) -> String {
        let files = ["image (3).png", "my file.pdf", "Header image #05.png", "a.png"];
        let mut out = String::new();
        let mut copied = 0;
        let mut i = 0;
        while let Some(found) = line[i..].find("](") {
            let at = i + found;
            match angle_bracketed(line, at, |dest| files.contains(&dest)) {
                Some((length, new)) => {
                    out.push_str(&line[copied..at]);
                    out.push_str(&new);
                    copied = at + length;
                    i = copied;
                }
                None => i = at + 2,
            }
        }
        out.push_str(&line[copied..]);
        out
    }

    #[test]
    fn destinations_with_spaces_that_name_files() {
        assert_eq!(rewrite("![Ward](image (3).png)"), "![Ward](<image (3).png>)");
        assert_eq!(rewrite("See [the slides](my file.pdf) and (this)."), "See [the slides](<my file.pdf>) and (this).");
        assert_eq!(
            rewrite("[a](my file.pdf \"Slides\") [b](my file.pdf)"),
            "[a](<my file.pdf> \"Slides\") [b](<my file.pdf>)"
        );
        assert_eq!(rewrite("![x](Header image #05.png)"), "![x](<Header image #05.png>)");
        assert_eq!(rewrite("![gone](.gitbook/assets/gone picture.png)"), "![gone](<.gitbook/assets/gone picture.png>)");
    }

    #[test]
    fn other_text_is_left_alone() {
        for line in [
            "![ok](a.png)",
            "![ok](<image (3).png>)",
            "a list] (not a link) [b](c d)",
            "no bracket](image (3).png)",
            "escaped \\[x](image (3).png)",
            "[x](unknown file.png)",
            "[x](a.png \"title with space\")",
            "[x](image (3).png",
            "[a](a.png#x), [b](a.png#y)",
            "[a](a.png#one two)",
        ] {
            assert_eq!(rewrite(line), line);
        }
    }
}
