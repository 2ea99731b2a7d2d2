//! How many times this thread has prechecked a token (tests only): a path
//! that should parse and precheck a token once can assert it does.

use std::cell::Cell;

thread_local! {
    static PRECHECKS: Cell<usize> = const { Cell::new(0) };
}

/// One more precheck on this thread.
pub(super) fn count() {
    PRECHECKS.with(|n| n.set(n.get() + 1));
}

/// The prechecks made on this thread so far.
pub(crate) fn made() -> usize {
    PRECHECKS.with(Cell::get)
}
