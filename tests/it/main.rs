//! neokit's integration tests: one binary, one module per area.
//!
//! Golden fixtures live in `tests/fixtures/<area>/<case>/`: `kit/` is the kit, `expected/`
//! the site it must produce (every file outside `_neokit/`; theme files only when listed),
//! `diagnostics.txt` what the build must report. Set `NEOKIT_BLESS=1` to rewrite the goldens
//! from the current output, then review the diff.

mod check;
mod cli;
mod exhaustive;
mod fixtures;
mod fleet;
mod governance;
mod harness;
mod hostile;
mod hostile_html;
mod inert;
mod layers;
mod layouts;
mod memo;
mod output_safety;
mod overlay;
mod pdf;
mod pdf_cache;
mod pools;
mod properties;
mod scaling;
mod search;
mod serve;
mod site_title;
mod spec;
mod spellings;
mod translations;
mod yaml_messages;
