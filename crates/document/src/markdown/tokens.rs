//! Raw HTML as a stream of text and tags, for the writers that read HTML a page holds (the
//! search text, the typst writer): comments left out, a `<` that starts no tag kept as text.

/// A piece of raw HTML.
pub enum Token<'a> {
    /// Text as written (character references not decoded).
    Text(&'a str),
    Tag(Tag<'a>),
}

/// The pieces of `html` in order.
pub fn tokens(html: &str) -> impl Iterator<Item = Token<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let Some(lt) = rest.find('<') else {
                return Some(Token::Text(std::mem::take(&mut rest)));
            };
            if lt > 0 {
                let (text, after) = rest.split_at(lt);
                rest = after;
                return Some(Token::Text(text));
            }
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            return Some(match parse_tag(rest) {
                Some(tag) => {
                    rest = &rest[tag.len..];
                    Token::Tag(tag)
                }
                None => {
                    let (text, after) = rest.split_at(1);
                    rest = after;
                    Token::Text(text)
                }
            });
        }
    })
}

/// A start or end tag as written (attribute values not decoded).
pub struct Tag<'a> {
    pub name: String,
    pub closing: bool,
    pub self_closing: bool,
    pub attrs: Vec<(&'a str, &'a str)>,
    /// Bytes from `<` to `>` inclusive.
    pub len: usize,
}

impl Tag<'_> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// Reads a tag at the start of `s` (which starts with `<`); `None` when it is not one.
pub fn parse_tag(s: &str) -> Option<Tag<'_>> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some(Tag { name, closing, self_closing, attrs, len: i + 1 }),
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let attr_name = &s[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let end = s[i + 1..].find(char::from(*quote))? + i + 1;
                    value = &s[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &s[start..i];
                }
            }
        }
        if !attr_name.is_empty() {
            self_closing = false;
            attrs.push((attr_name, value));
        }
    }
}
