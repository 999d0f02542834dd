//! API descriptions: OpenAPI blocks (`openapi`, `openapi-operation`, `openapi-schemas`,
//! `openapi-webhook`, `swagger src=...`), shown from their specification when it is a file of
//! the kit ([`super::openapi`]) and as a reference to it otherwise, and the legacy `swagger` /
//! `api-method` tags written out by hand (operation, parameters, responses).

use super::GitBlock;
use super::openapi::{self, Described, Wanted};
use crate::links::Target;
use crate::markdown::block::Block;
use crate::markdown::doc::{Node, NodeKind};
use crate::markdown::out::{Out, escape};

#[derive(Debug, Clone, PartialEq)]
pub enum Api {
    /// An operation (or schemas) described in a specification; the block's content is not
    /// shown.
    Reference {
        method: String,
        /// The path, a webhook's name or the schemas' names, as written.
        path: String,
        src: String,
        spec: String,
        wanted: Wanted,
        /// What was read from a specification file in the kit ([`describe`]); without it the
        /// block is a reference to the specification.
        described: Option<Box<Described>>,
    },
    /// A legacy operation written in the page.
    Operation {
        method: String,
        path: String,
        summary: String,
    },
    Parameter {
        name: String,
        facts: Vec<String>,
    },
    Response {
        status: String,
        description: String,
    },
    /// Any other part of a legacy description, as a `<div class="api-...">`.
    Part(&'static str),
}

impl Api {
    pub fn from_block(tag: &'static str, block: &Block) -> Api {
        let get = |key: &str| block.attr(key).unwrap_or("").to_string();
        match tag {
            tag if tag.starts_with("openapi") || tag == "swagger" && block.attr("src").is_some() => Api::Reference {
                method: get("method").to_ascii_uppercase(),
                path: block.attr("path").or(block.attr("name")).or(block.attr("schemas")).unwrap_or("").to_string(),
                src: get("src"),
                spec: get("spec"),
                wanted: match tag {
                    "openapi-schemas" => Wanted::Schemas(
                        get("schemas")
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect(),
                    ),
                    "openapi-webhook" => Wanted::Webhook,
                    _ => Wanted::Operation,
                },
                described: None,
            },
            "swagger" | "api-method" => Api::Operation {
                method: get("method").to_ascii_uppercase(),
                path: get("path"),
                summary: get("summary"),
            },
            "swagger-parameter" | "api-method-parameter" => Api::Parameter {
                name: get("name"),
                facts: ["in", "type"]
                    .iter()
                    .filter_map(|k| block.attr(k).filter(|v| !v.is_empty()).map(str::to_string))
                    .chain(block.attr("required").filter(|r| *r == "true").map(|_| "required".to_string()))
                    .collect(),
            },
            "swagger-response" | "api-method-response-example" => Api::Response {
                status: block.attr("status").or(block.attr("httpCode")).unwrap_or("").to_string(),
                description: get("description"),
            },
            tag => Api::Part(tag.trim_start_matches("swagger-").trim_start_matches("api-method-")),
        }
    }

    /// Whether the block's content is left out (it is in the specification).
    pub fn replaces_content(&self) -> bool {
        matches!(self, Api::Reference { .. })
    }

    pub fn open(&self, out: &mut Out) {
        match self {
            Api::Reference { described: Some(described), .. } => openapi::write(out, described),
            Api::Reference { method, path, src, spec, .. } => {
                out.push("<div class=\"api-block api-placeholder\"><p class=\"api-title\">");
                if !method.is_empty() {
                    out.push(&format!("<span class=\"api-method\">{}</span> ", escape(method)));
                }
                out.push(&format!("<code>{}</code></p><p>", escape(path)));
                if !src.is_empty() {
                    let (url, _) = out.link(src);
                    out.push(&format!(
                        "This API operation is described in the <a href=\"{}\">API specification</a>.",
                        escape(&url)
                    ));
                } else if !spec.is_empty() {
                    out.push(&format!("This API operation is described in the API specification “{}”.", escape(spec)));
                } else {
                    out.push("This API reference is shown on the original documentation site.");
                }
                out.push("</p></div>\n");
            }
            Api::Operation { method, path, summary } => {
                out.push(&format!(
                    "<div class=\"api-block\"><p class=\"api-title\"><span class=\"api-method\">{}</span> <code>{}</code></p>",
                    escape(method),
                    escape(path)
                ));
                if !summary.is_empty() {
                    out.push(&format!("<p class=\"api-summary\">{}</p>", escape(summary)));
                }
                out.push("\n");
            }
            Api::Parameter { name, facts } => {
                let facts: Vec<String> = facts.iter().map(|f| escape(f)).collect();
                out.push(&format!(
                    "<div class=\"api-parameter\"><p><code>{}</code> <span class=\"api-facts\">{}</span></p>\n",
                    escape(name),
                    facts.join(" · ")
                ));
            }
            Api::Response { status, description } => out.push(&format!(
                "<div class=\"api-response\"><p><strong>{}</strong> {}</p>\n",
                escape(status),
                escape(description)
            )),
            Api::Part(class) => out.push(&format!("<div class=\"api-{class}\">\n")),
        }
    }

    /// Reads what a reference takes from its specification, when that is a file of the kit;
    /// warns (at the block) when the file is not a specification or lacks what is asked for.
    /// Remote specifications and GitBook's uploaded ones (`spec="name"`) are never read.
    pub fn describe(&mut self, out: &mut Out) {
        let Api::Reference { method, path, src, wanted, described, .. } = self else { return };
        if src.trim().is_empty() || crate::links::is_external(src) {
            return;
        }
        // A missing file is reported by the reference's link.
        let Target::File { path: file } = out.resolve_target(src) else { return };
        let spec = openapi::load(out.env.tree, &file);
        let name = file.as_str().to_string();
        let help = "until then the block links to the specification";
        match spec.as_ref() {
            Err(reason) => out.warn(
                "openapi",
                format!("the API specification `{name}` cannot be read: {reason}"),
                Some(help.into()),
            ),
            Ok(spec) => match spec.describe(wanted, method, path, &name) {
                Ok(found) => *described = Some(Box::new(found)),
                Err((message, known)) => {
                    out.warn("openapi", message, Some(known.map_or(help.into(), |k| format!("{k}; {help}"))))
                }
            },
        }
    }

    pub fn close(&self, out: &mut Out) {
        if !self.replaces_content() {
            out.push("</div>\n");
        }
    }
}

/// Reads the specifications the page's API blocks name (see [`Api::describe`]), before the
/// page is written.
pub fn describe(nodes: &mut [Node], out: &mut Out) {
    for node in nodes {
        match &mut node.kind {
            NodeKind::Block(block, _, children) => {
                if let GitBlock::Api(api) = &mut **block {
                    out.offset = node.offset;
                    api.describe(out);
                }
                describe(children, out);
            }
            NodeKind::Element(_, children) | NodeKind::Mention { children, .. } => describe(children, out),
            _ => {}
        }
    }
}
