//! API descriptions: OpenAPI blocks (`openapi`, `openapi-operation`, `openapi-schemas`,
//! `swagger src=...`), shown as a reference to their specification, and the legacy
//! `swagger` / `api-method` tags written out by hand (operation, parameters, responses).

use crate::markdown::block::Block;
use crate::markdown::out::{Out, escape};

#[derive(Debug, Clone, PartialEq)]
pub enum Api {
    /// An operation described in a specification; the block's content is not shown.
    Reference {
        method: String,
        path: String,
        src: String,
        spec: String,
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
            Api::Reference { method, path, src, spec } => {
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

    pub fn close(&self, out: &mut Out) {
        if !self.replaces_content() {
            out.push("</div>\n");
        }
    }
}
