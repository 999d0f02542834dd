//! The marker protocol between the block scanner and its readers, in one place.
//!
//! The scanner ([`super::blocks`]) replaces each GitBook tag with an HTML comment on its own
//! line, so that pulldown-cmark parses the page in one go and the comments come back as HTML:
//! `<!--neokit:N-->` opens block N, `<!--/neokit:N-->` closes it, `<!--neokit:N/-->` stands
//! alone, and `<!--neokit-math:N-->` stands for formula N. Only this module writes or reads
//! them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Open,
    Close,
    SelfClosing,
}

/// A marker read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Block { block: usize, kind: MarkerKind },
    Math(usize),
}

/// The text of a block marker.
pub fn block(block: usize, kind: MarkerKind) -> String {
    match kind {
        MarkerKind::Open => format!("<!--neokit:{block}-->"),
        MarkerKind::Close => format!("<!--/neokit:{block}-->"),
        MarkerKind::SelfClosing => format!("<!--neokit:{block}/-->"),
    }
}

/// The text of a formula's marker.
pub fn math(index: usize) -> String {
    format!("<!--neokit-math:{index}-->")
}

/// Reads a marker at the start of `text`: the marker and its length.
pub fn parse(text: &str) -> Option<(Marker, usize)> {
    let rest = text.strip_prefix("<!--")?;
    if let Some(rest) = rest.strip_prefix("neokit-math:") {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        rest[digits..].starts_with("-->").then_some(())?;
        let len = "<!--neokit-math:".len() + digits + 3;
        return Some((Marker::Math(rest[..digits].parse().ok()?), len));
    }
    let (close, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.strip_prefix("neokit:")?;
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let block = rest[..digits].parse().ok()?;
    let rest = &rest[digits..];
    let (kind, tail) = if let Some(tail) = rest.strip_prefix("/-->") {
        (MarkerKind::SelfClosing, tail)
    } else {
        (if close { MarkerKind::Close } else { MarkerKind::Open }, rest.strip_prefix("-->")?)
    };
    Some((Marker::Block { block, kind }, text.len() - tail.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_read_back_as_written() {
        for kind in [MarkerKind::Open, MarkerKind::Close, MarkerKind::SelfClosing] {
            let text = block(12, kind) + "rest";
            assert_eq!(parse(&text), Some((Marker::Block { block: 12, kind }, text.len() - 4)));
        }
        assert_eq!(parse(&(math(7) + "x")), Some((Marker::Math(7), math(7).len())));
        assert_eq!(parse("<!-- comment -->"), None);
        assert_eq!(parse("<!--neokit:x-->"), None);
    }
}
