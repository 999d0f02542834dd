//! Code of other crates that can panic on unusual input (a diagram, a formula), run so that a
//! panic is `None`, with no message on the terminal: the caller shows the input as text.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic in it is `None` and prints nothing (other panics print as before).
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_is_none() {
        assert_eq!(super::quietly(|| 2), Some(2));
        let panicked: Option<()> = super::quietly(|| panic!("odd input"));
        assert_eq!(panicked, None);
    }
}
