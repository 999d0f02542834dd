//! Pages: GitBook-flavoured Markdown in, HTML out, in two passes.
//!
//! [`prepare()`] (per page, in parallel, before the site exists) splits front matter, runs the
//! GitBook block scanner and collects headings with their anchors and the title. [`render()`]
//! (per page, in parallel, once every page is prepared) turns the page into HTML, resolving
//! links against the whole site. Page content never goes through the template engine: GitBook's
//! `{% %}` tags would collide with it.

pub mod block;
pub mod blocks;
pub mod build;
pub mod cmark;
pub mod code;
pub mod describe;
pub mod destinations;
pub mod diagrams;
pub mod doc;
pub mod expressions;
pub mod frontmatter;
pub mod gitbook;
pub mod headings;
pub mod highlight;
pub mod html;
pub mod locator;
pub mod marker;
pub mod out;
pub mod prepare;
pub mod prepared;
pub mod render;
pub mod tables;
pub mod tags;
pub mod text;
pub mod tokens;
pub mod write;

pub use cmark::inline_markdown;
pub use prepare::{PrepareEnv, prepare};
pub use prepared::{Heading, Prepared};
pub use render::render;
