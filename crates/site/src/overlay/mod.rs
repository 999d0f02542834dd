//! A hospital's version of a shared guide: the upstream kit with the overlay's operations.
//!
//! Input: the upstream kit's source tree and summary, and the overlay settings of neokit.yaml.
//! Output: the same tree and summary with the operations applied, and an [`Applied`] record
//! of what was changed (for drift reports). `vars:` are applied by [`crate::kit`]; the other
//! operations by [`apply()`], the comparison with the pins by [`drift`].
//!
//! This file only declares the modules and re-exports: `applied` holds the record, `apply`
//! the operations, and each imports the other files directly.

pub mod applied;
pub mod apply;
pub mod drift;
pub mod wording;

pub use applied::{Applied, Insert, Position, Replaced, whereabouts};
pub use apply::suggestion;
pub use apply::{INSERTS, PROPOSAL, apply, pages_of};
