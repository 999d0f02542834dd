//! typst's standard library, built once per process: the layout's, and the formula checker's
//! list of the names typst's math mode knows.

use std::sync::OnceLock;

use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

/// typst's standard library, built once per process.
pub fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}
