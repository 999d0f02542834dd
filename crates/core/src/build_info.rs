//! Which neokit this is: its version and the commit it was built from (`NEOKIT_COMMIT`, which
//! this crate's `build.rs` sets from the environment or git).

/// `0.1.0 (commit 1a2b3c4d5e, PDF built in)`: `neokit --version` of a build that makes PDFs.
pub const WITH_PDF: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("NEOKIT_COMMIT"), ", PDF built in)");
/// `neokit --version` of a build without the PDF.
pub const WITHOUT_PDF: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("NEOKIT_COMMIT"), ", built without PDF support)");
/// `0.1.0 1a2b3c4d5e`: the version and commit, for keys of what a build keeps between runs.
pub const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), " ", env!("NEOKIT_COMMIT"));
