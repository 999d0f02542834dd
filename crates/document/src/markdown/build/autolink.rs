//! GFM's autolinks (extension): `www.` addresses, `http://` and `https://` addresses, email
//! addresses and `mailto:` addresses written in running text become links, as
//! GitHub, GitBook and cmark-gfm make them (GFM spec 0.29, section 6.9).
//!
//! pulldown-cmark does not find them; the document builder (`markdown/build.rs`) runs [`find`] over
//! each run of text outside links and code, so every writer sees real links.

use std::ops::Range;

/// An address found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where the link's text is, in bytes.
    pub range: Range<usize>,
    /// The link's destination.
    pub dest: String,
    /// An email address written without `mailto:` (the writer adds it).
    pub email: bool,
}

/// Every address in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<Found> {
    // Every kind of address has a `www.`, a `:` or an `@`: most text has none of them.
    let has_at = text.contains('@');
    if !has_at && !text.contains(':') && !text.contains("www.") {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let after_delimiter = i == 0 || is_delimiter(bytes[i - 1]);
        let matched = if after_delimiter {
            www(text, i).or_else(|| url(text, i)).or_else(|| protocol_email(text, i))
        } else {
            None
        };
        let matched = matched.or_else(|| {
            (has_at && is_local(bytes[i]) && (i == 0 || !is_local(bytes[i - 1]))).then(|| email(text, i)).flatten()
        });
        match matched {
            // An `xmpp:` address stays text (neokit links only to pages, files, web and mail
            // addresses), and the email address in it is not linked alone.
            Some(link) if link.dest.starts_with("xmpp:") => i = link.range.end,
            Some(link) => {
                i = link.range.end;
                found.push(link);
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// What may come right before a `www.` or `http(s)://` address.
fn is_delimiter(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b'*' | b'_' | b'~' | b'(')
}

fn is_local(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'+')
}

fn is_domain(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')
}

/// `www.` and a valid domain at `start`, with its path.
fn www(text: &str, start: usize) -> Option<Found> {
    if !text[start..].starts_with("www.") {
        return None;
    }
    let end = address_end(text, start, start, true)?;
    Some(Found { range: start..end, dest: format!("http://{}", &text[start..end]), email: false })
}

/// `http://` or `https://` and a valid domain at `start`, with its path.
fn url(text: &str, start: usize) -> Option<Found> {
    let rest = &text[start..];
    let scheme = ["http://", "https://"].into_iter().find(|s| rest.starts_with(s))?;
    let end = address_end(text, start, start + scheme.len(), false)?;
    Some(Found { range: start..end, dest: text[start..end].to_string(), email: false })
}

/// The end of an address whose domain starts at `domain`: the domain must be valid, the path
/// runs to a space or `<`, and trailing punctuation is left out as GFM says.
fn address_end(text: &str, start: usize, domain: usize, needs_period: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut domain_end = domain;
    while domain_end < bytes.len() && is_domain(bytes[domain_end]) {
        domain_end += 1;
    }
    if !valid_domain(&text[domain..domain_end], needs_period) {
        return None;
    }
    let mut end = domain_end;
    while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'<' {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    let end = trim_trailing(text, start, end);
    (end > domain).then_some(end)
}

/// Segments of letters, digits, `-` and `_` between periods (a trailing period is not part of
/// it), with no `_` in the last two.
fn valid_domain(domain: &str, needs_period: bool) -> bool {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) || (needs_period && segments.len() < 2) {
        return false;
    }
    !segments.iter().rev().take(2).any(|s| s.contains('_'))
}

/// The end of an address once trailing punctuation, unbalanced `)` and an entity-like
/// `&name;` are left out.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while end > start {
        match bytes[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' => {
                let link = &text[start..end];
                let (open, close) = (link.matches('(').count(), link.matches(')').count());
                if close > open {
                    end -= 1;
                } else {
                    break;
                }
            }
            b';' => {
                let mut at = end - 1;
                while at > start && bytes[at - 1].is_ascii_alphanumeric() {
                    at -= 1;
                }
                if at > start && at < end - 1 && bytes[at - 1] == b'&' {
                    end = at - 1;
                } else {
                    end -= 1;
                }
            }
            _ => break,
        }
    }
    end
}

/// An email address whose local part starts at `start`.
fn email(text: &str, start: usize) -> Option<Found> {
    let end = email_end(text, start)?;
    Some(Found { range: start..end, dest: text[start..end].to_string(), email: true })
}

/// `local@domain.part` from `start`: the domain has a period, and does not end in `-` or `_`
/// (a trailing period is left out).
fn email_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < bytes.len() && is_local(bytes[at]) {
        at += 1;
    }
    if at == start || bytes.get(at) != Some(&b'@') {
        return None;
    }
    let domain = at + 1;
    let mut end = domain;
    while end < bytes.len() && is_domain(bytes[end]) {
        end += 1;
    }
    if bytes[domain..end].ends_with(b".") {
        end -= 1;
    }
    let part = &text[domain..end];
    if !part.contains('.') || part.ends_with(['-', '_']) || part.split('.').any(str::is_empty) {
        return None;
    }
    Some(end)
}

/// `mailto:` or `xmpp:` and an email address (for `xmpp:`, a `/resource` may follow).
fn protocol_email(text: &str, start: usize) -> Option<Found> {
    let rest = &text[start..];
    let scheme = ["mailto:", "xmpp:"].into_iter().find(|s| rest.starts_with(s))?;
    let mut end = email_end(text, start + scheme.len())?;
    let bytes = text.as_bytes();
    if scheme == "xmpp:" && bytes.get(end) == Some(&b'/') {
        let mut at = end + 1;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || matches!(bytes[at], b'@' | b'.')) {
            at += 1;
        }
        while at > end + 1 && bytes[at - 1] == b'.' {
            at -= 1;
        }
        if at > end + 1 {
            end = at;
        }
    }
    Some(Found { range: start..end, dest: text[start..end].to_string(), email: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The links in `text` as `[text](dest)`, the rest as written.
    fn linked(text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for found in find(text) {
            out.push_str(&text[at..found.range.start]);
            let mail = if found.email { "mailto:" } else { "" };
            out.push_str(&format!("[{}]({mail}{})", &text[found.range.clone()], found.dest));
            at = found.range.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn www_and_urls() {
        assert_eq!(linked("Visit www.example.org/help."), "Visit [www.example.org/help](http://www.example.org/help).");
        assert_eq!(
            linked("(see https://example.org/a_(b))"),
            "(see [https://example.org/a_(b)](https://example.org/a_(b)))"
        );
        assert_eq!(linked("www.x.org/?q=a&hl;"), "[www.x.org/?q=a](http://www.x.org/?q=a)&hl;");
        assert_eq!(linked("www.x.org/he<lp"), "[www.x.org/he](http://www.x.org/he)<lp");
        assert_eq!(linked("awww.x.org www.x_y.z_w"), "awww.x.org www.x_y.z_w");
        assert_eq!(linked("http://localhost:8080/a"), "[http://localhost:8080/a](http://localhost:8080/a)");
        assert_eq!(linked("www. and http:// alone"), "www. and http:// alone");
    }

    #[test]
    fn emails() {
        assert_eq!(linked("Write to a.b+c@x.example."), "Write to [a.b+c@x.example](mailto:a.b+c@x.example).");
        assert_eq!(linked("a@b-"), "a@b-");
        assert_eq!(linked("a@b.c_ or x@y"), "a@b.c_ or x@y");
        assert_eq!(linked("mailto:a@b.c/"), "[mailto:a@b.c](mailto:a@b.c)/");
        assert_eq!(linked("xmpp:a@b.c/r/s and xmpp:a@b.c"), "xmpp:a@b.c/r/s and xmpp:a@b.c");
        assert_eq!(protocol_email("xmpp:a@b.c/r/s", 0).map(|f| f.range), Some(0..12));
        assert_eq!(linked("é@b.c ü www.ö.de"), "é@b.c ü www.ö.de");
    }
}
