//! Before a page is written: the specifications its API blocks name are read, once, into the
//! blocks of its document ([`Api::describe`](super::gitbook::api::Api::describe)), so that the HTML and PDF writers and the search
//! text all show what was read.

use super::doc::{Element, Node, NodeKind};
use super::gitbook::GitBlock;
use super::out::Out;

/// Reads the specifications the page's API blocks name (see [`Api::describe`](super::gitbook::api::Api::describe)), before the
/// page is written.
pub fn describe(nodes: &mut [Node], out: &mut Out) {
    for node in nodes {
        match &mut node.kind {
            NodeKind::Block(block, _, children) => {
                if let GitBlock::Api(api) = &mut **block {
                    out.offset = node.offset;
                    api.describe(out, first_link(children));
                }
                describe(children, out);
            }
            NodeKind::Element(_, children) | NodeKind::Mention { children, .. } => describe(children, out),
            _ => {}
        }
    }
}

/// The destination of the first link in a block's content.
fn first_link(nodes: &[Node]) -> Option<&str> {
    nodes.iter().find_map(|node| match &node.kind {
        NodeKind::Element(Element::Link { dest, .. }, _) => Some(dest.as_str()),
        NodeKind::Element(_, children) | NodeKind::Block(_, _, children) => first_link(children),
        _ => None,
    })
}
