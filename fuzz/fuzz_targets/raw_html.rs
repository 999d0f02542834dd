//! Raw HTML as a page holds it: the fuzzer's bytes are the text of a page (after a heading),
//! and every page of the built site must keep the promise `tests/it/inert.rs` states: no
//! script, event handler, unsafe address, resource from another site or live raw-text
//! element, and the page's footer still markup. A crash-free run is not enough: a page that
//! breaks the promise stops the fuzzer like a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use neokit::testing::{Input, Scratch};

#[path = "../../tests/it/inert.rs"]
mod inert;

fn scratch() -> &'static (Scratch, std::path::PathBuf) {
    static SCRATCH: OnceLock<(Scratch, std::path::PathBuf)> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("neokit-fuzz-raw-html-{}", std::process::id()));
        (Scratch::new(&root.join("kit")), root.join("out"))
    })
}

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let (scratch, out) = scratch();
    let input = Input {
        readme: "# Home\n\nSee [the page](page.md).\n".into(),
        page: format!("# Page\n\n{html}\n"),
        summary: "* [Home](README.md)\n* [Page](page.md)\n".into(),
        config: "pdf: false\n".into(),
        ..Input::default()
    };
    let Ok(report) = scratch.build_to(&input, Some(out)) else { return };
    if !report.success {
        return;
    }
    let Ok(page) = std::fs::read_to_string(out.join("page/index.html")) else { return };
    let problems = inert::problems(&page);
    assert!(problems.is_empty(), "{problems:?}");
});
