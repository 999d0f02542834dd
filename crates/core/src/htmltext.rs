//! HTML text, in one place: escaping text for element content and attribute values, and
//! decoding the character references GitBook and editors write (`&amp;`, `&#x26;`, `&#169;`).
//!
//! A leaf module: every part of neokit that writes or reads HTML text uses these.

/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`).
pub fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// [`escape_into`] a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Decodes character references: the basic named ones (`amp`, `lt`, `gt`, `quot`, `apos`,
/// `nbsp`) and numeric ones; anything else stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    decode_entities_into(text, &mut |c| out.push(c));
    out
}

/// [`decode_entities`], handing each character to `push`.
pub fn decode_entities_into(text: &str, push: &mut dyn FnMut(char)) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        rest[..amp].chars().for_each(&mut *push);
        rest = &rest[amp..];
        // References are short: the `;` is within the next few bytes (any text may follow).
        let semi = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';');
        match semi.and_then(|semi| reference(&rest[1..semi]).map(|c| (c, semi))) {
            Some((c, semi)) => {
                push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                push('&');
                rest = &rest[1..];
            }
        }
    }
    rest.chars().for_each(push);
}

/// The character a reference's name (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_references() {
        assert_eq!(escape("a < b & \"c\" > d's"), "a &lt; b &amp; &quot;c&quot; &gt; d's");
        assert_eq!(decode_entities("a &amp; b &#x3C; &#60; &bogus; &"), "a & b < < &bogus; &");
        assert_eq!(decode_entities("&wrap\u{e9}\u{e9}\u{e9}\u{e9};"), "&wrap\u{e9}\u{e9}\u{e9}\u{e9};");
        assert_eq!(decode_entities("a &amp; b &x; &#169; &apos;&#39;&nbsp;"), "a & b &x; © ''\u{a0}");
        assert_eq!(decode_entities(&"&".repeat(10_000)), "&".repeat(10_000));
    }
}
