//! Stable hash keys: how the preview's memo and the caches tell whether an input changed.
//!
//! A leaf of the module graph (it imports nothing of the crate), so that anything may key its
//! inputs without depending on the memo that keeps them.

use std::hash::{Hash, Hasher};

/// A stable hash of anything hashable (the same in every build of one process).
pub fn key(value: impl Hash) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
