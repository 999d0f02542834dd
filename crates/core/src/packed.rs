//! Text kept compressed in memory, for what is kept long and read seldom.
//!
//! Input: a text. Output: a [`Packed`], the text compressed with LZ4 (`lz4_flex`'s block
//! format), which gives the same text back whole. The preview keeps every page's HTML, embed
//! view and search text between saves and reads one of them only when it is asked for (a
//! page served, the search index written): packed, a page's HTML takes about 40 % of its
//! size. Packing runs at several hundred MB/s and unpacking faster still, so a page served
//! or a save pays microseconds for it. Texts alike (the pages of one site) pack smaller
//! against a [`Dictionary`], one of them: what they share is then found in it and not kept
//! again in each. Leaf module.

use std::fmt;
use std::sync::Arc;

/// A text that texts like it are packed against ([`Packed::with_dictionary`]), shared by them.
pub struct Dictionary(Box<[u8]>);

impl Dictionary {
    /// LZ4 looks back 64 KiB at most: a longer text's end is kept.
    pub fn new(sample: &str) -> Arc<Dictionary> {
        let bytes = sample.as_bytes();
        Arc::new(Dictionary(bytes[bytes.len().saturating_sub(65_535)..].into()))
    }
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dictionary({} bytes)", self.0.len())
    }
}

/// A text, compressed; [`Packed::text`] gives it back as it was.
#[derive(Clone)]
pub struct Packed {
    /// The text's length in bytes.
    len: usize,
    /// The text compressed (an LZ4 block).
    bytes: Box<[u8]>,
    /// What it was packed against, if anything.
    dictionary: Option<Arc<Dictionary>>,
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        let bytes = lz4_flex::block::compress(text.as_bytes()).into_boxed_slice();
        Packed { len: text.len(), bytes, dictionary: None }
    }

    /// `text` packed against `dictionary` (kept with it).
    pub fn with_dictionary(text: &str, dictionary: &Arc<Dictionary>) -> Packed {
        let bytes = lz4_flex::block::compress_with_dict(text.as_bytes(), &dictionary.0).into_boxed_slice();
        Packed { len: text.len(), bytes, dictionary: Some(dictionary.clone()) }
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
        match &self.dictionary {
            Some(dictionary) => lz4_flex::block::decompress_with_dict(&self.bytes, self.len, &dictionary.0),
            None => lz4_flex::block::decompress(&self.bytes, self.len),
        }
        .expect("a packed text unpacks")
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

    #[test]
    fn packs_against_a_dictionary() {
        let a = "<header>Westbrook NICU onboarding</header><main>Consent: ask both parents.</main>".repeat(3);
        let b = "<header>Westbrook NICU onboarding</header><main>Debrief: what went well?</main>".repeat(3);
        let long = "x".repeat(70_000) + &a;
        for sample in [a.as_str(), long.as_str(), ""] {
            let dictionary = Dictionary::new(sample);
            for text in ["", b.as_str(), a.as_str(), long.as_str()] {
                let packed = Packed::with_dictionary(text, &dictionary);
                assert_eq!(packed.text(), text);
                assert_eq!(packed.len(), text.len());
            }
        }
        // Pages share their head and navigation.
        let head: String = (0..40).map(|n| format!("<li><a href=\"part-{n}/\">Part {n}</a></li>")).collect();
        let (a, b) = (format!("{head}<main>Consent</main>"), format!("{head}<main>Debrief</main>"));
        let dictionary = Dictionary::new(&a);
        assert!(Packed::with_dictionary(&b, &dictionary).packed_len() < Packed::new(&b).packed_len() / 4);
    }
}
