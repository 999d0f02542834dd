//! The page pipeline: front matter, GitBook blocks, Markdown, HTML islands, links, includes and
//! variables. The input is split into a kit's files at `\u{1}` (see `neokit::testing::Input`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use neokit::testing::{Input, Scratch};

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| Scratch::new(&std::env::temp_dir().join(format!("neokit-fuzz-page-{}", std::process::id()))))
}

fuzz_target!(|data: &[u8]| {
    // Errors are fine (bad input is reported); panics and hangs are not.
    let _ = scratch().build(&Input::from_bytes(data));
});
