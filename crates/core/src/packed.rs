//! Text kept compressed in memory, for what is kept long and read seldom.
//!
//! Input: a text. Output: a [`Packed`], the text compressed with LZ4 (`lz4_flex`'s block
//! format), which gives the same text back whole. The preview keeps every page's HTML, embed
//! view and search text between saves and reads one of them only when it is asked for (a
//! page served, the search index written): packed, a page's HTML takes about 40 % of its
//! size. Packing runs at several hundred MB/s and unpacking faster still, so a page served
//! or a save pays microseconds for it. Leaf module.

use std::fmt;

/// A text, compressed; [`Packed::text`] gives it back as it was.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed {
    /// The text's length in bytes.
    len: usize,
    /// The text compressed (an LZ4 block).
    bytes: Box<[u8]>,
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        Packed { len: text.len(), bytes: lz4_flex::block::compress(text.as_bytes()).into_boxed_slice() }
    }

    /// The text's length in bytes (not packed).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many bytes the packed text takes.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }

    /// The text's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        lz4_flex::block::decompress(&self.bytes, self.len).expect("a packed text unpacks")
    }

    /// The text.
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes()).expect("a packed text is the UTF-8 it was made from")
    }
}

impl From<&str> for Packed {
    fn from(text: &str) -> Packed {
        Packed::new(text)
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Packed({} bytes in {})", self.len, self.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_the_text_back() {
        let page = "<!doctype html><nav>Ward</nav>".repeat(200) + "é ü 😀 \u{0}";
        for text in ["", "a", "é", page.as_str()] {
            let packed = Packed::new(text);
            assert_eq!(packed.text(), text);
            assert_eq!(packed.bytes(), text.as_bytes());
            assert_eq!((packed.len(), packed.is_empty()), (text.len(), text.is_empty()));
        }
        assert!(Packed::new(&page).packed_len() < page.len() / 4);
    }
}
