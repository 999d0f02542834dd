//! Navigation: `SUMMARY.md` and `.gitbook.yaml` (split at `\u{1}`), around two fixed pages.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use neokit::testing::{Input, Scratch};

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH
        .get_or_init(|| Scratch::new(&std::env::temp_dir().join(format!("neokit-fuzz-summary-{}", std::process::id()))))
}

fuzz_target!(|data: &[u8]| {
    // Errors are fine (bad input is reported); panics and hangs are not.
    let _ = scratch().build(&Input::navigation_from_bytes(data));
});
