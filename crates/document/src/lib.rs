//! A page's text read into a typed document (GitBook blocks and Markdown), and the document written as HTML and as search text; links resolved against a site's pages.

pub mod links;
pub mod markdown;
pub mod summary;
