//! API descriptions: OpenAPI blocks (`openapi`, `openapi-operation`, `openapi-schemas`,
//! `openapi-webhook`, `swagger src=...`), shown from their specification when it is a file of
//! the kit ([`super::openapi`]); otherwise (a web address, GitBook's named specification) with
//! what the block itself names (method and path, summary, schemas' names) and where the
//! specification is, never fetched; and the legacy `swagger` / `api-method` tags written out by
//! hand (operation, parameters, responses).

use super::openapi::{self, Described, Wanted};
use crate::links::{Target, is_external};
use crate::markdown::block::Block;
use crate::markdown::out::{Out, escape};

#[derive(Debug, Clone, PartialEq)]
pub enum Api {
    /// An operation (or schemas) described in a specification; the block's content is not
    /// shown.
    Reference {
        method: String,
        /// The path, a webhook's name or the schemas' names, as written.
        path: String,
        /// The block's own summary (`summary=` or `title=`), shown when the specification is not
        /// read.
        summary: String,
        src: String,
        spec: String,
        /// The specification's web address when it is not a file of the kit: `src`, or else the
        /// block's link when that is a lasting web address ([`Api::describe`]).
        address: Option<String>,
        wanted: Wanted,
        /// What was read from a specification file in the kit ([`Api::describe`]); without it the
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
                summary: block.attr("summary").or(block.attr("title")).unwrap_or("").trim().to_string(),
                src: get("src"),
                spec: get("spec"),
                address: None,
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
            Api::Reference { .. } => self.write_unread(out),
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

    /// A reference whose specification is not read: what the block names (the operation's
    /// method and path or the schemas' names, its summary) and where the specification is.
    fn write_unread(&self, out: &mut Out) {
        let Api::Reference { method, path, summary, src, spec, address, wanted, .. } = self else { return };
        let words = out.env.text.api;
        match wanted {
            Wanted::Schemas(names) => {
                out.push("<div class=\"api-block api-schemas api-unread\">\n");
                for name in names {
                    out.push(&format!(
                        "<div class=\"api-schema-named\"><p class=\"api-title\"><code>{}</code></p></div>\n",
                        escape(name)
                    ));
                }
            }
            Wanted::Operation | Wanted::Webhook => {
                out.push("<div class=\"api-block api-operation api-unread\"><p class=\"api-title\">");
                if !method.is_empty() {
                    out.push(&format!(
                        "<span class=\"api-method api-{}\">{}</span> ",
                        escape(&method.to_ascii_lowercase()),
                        escape(method)
                    ));
                }
                out.push(&format!("<code class=\"api-path\">{}</code></p>\n", escape(path)));
            }
        }
        if !summary.is_empty() {
            out.push("<p class=\"api-summary\">");
            out.escaped(summary);
            out.push("</p>\n");
        }
        out.push(&format!("<p class=\"api-source\">{} ", words.specification));
        match (address, src.trim(), spec.trim()) {
            (Some(address), src, spec) => {
                if src.is_empty() && !spec.is_empty() {
                    out.push(&format!("“{}”, ", escape(spec)));
                }
                let (url, _) = out.link(address);
                out.push(&format!("<a href=\"{}\">{}</a>", escape(&url), escape(address)));
            }
            (None, src, _) if !src.is_empty() => {
                let (url, _) = out.link(src);
                if url.is_empty() {
                    out.push(&format!("<code>{}</code>", escape(src)));
                } else {
                    out.push(&format!("<a href=\"{}\"><code>{}</code></a>", escape(&url), escape(src)));
                }
            }
            (None, _, spec) if !spec.is_empty() => {
                out.push(&format!("“{}” ({})", escape(spec), words.kept_in_gitbook));
            }
            _ => out.push(words.not_named),
        }
        out.push("</p>\n</div>\n");
    }

    /// Reads what a reference takes from its specification, when that is a file of the kit;
    /// warns (at the block) when the file is not a specification or lacks what is asked for.
    /// A specification that is not a file of the kit (a web address, GitBook's named one,
    /// `spec="name"`) is never read: the block shows what it names, and a warning says so.
    /// `link` is the destination of the block's first link (GitBook writes the specification's
    /// address there).
    pub fn describe(&mut self, out: &mut Out, link: Option<&str>) {
        let Api::Reference { method, path, src, spec, address, wanted, described, .. } = self else { return };
        if src.trim().is_empty() || is_external(src) {
            *address = remote_address(src, link);
            let (src, spec) = (src.trim(), spec.trim());
            let (message, example) = match address.as_deref() {
                _ if !src.is_empty() => (format!("the API specification `{src}` is not in the kit"), file_name(src)),
                _ if !spec.is_empty() => (
                    format!("the API specification “{spec}” is kept in GitBook, not in the kit"),
                    format!("{}.yaml", file_stem(spec)),
                ),
                Some(url) => (format!("the API specification `{url}` is not in the kit"), file_name(url)),
                None => ("the API block names no specification".to_string(), "openapi.yaml".into()),
            };
            out.warn(
                "openapi",
                format!("{message}: only what the block names is shown"),
                Some(format!(
                    "save the specification (OpenAPI or Swagger, JSON or YAML) as a file of the kit, such as `api/{example}`, and name it in the block: `src=\"api/{example}\"`"
                )),
            );
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

/// The web address of a specification that is not a file of the kit: `src` when it is one;
/// for a named specification (`spec=`) or none, the block's link when it is a lasting web
/// address (GitBook links an uploaded specification by a signed address that expires).
fn remote_address(src: &str, link: Option<&str>) -> Option<String> {
    let web = |url: &str| {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_string())
    };
    if !src.trim().is_empty() {
        return web(src);
    }
    let link = web(link?)?;
    let query = link.split_once('?').map_or("", |(_, q)| q).to_ascii_lowercase();
    let signed = query.split('&').any(|pair| {
        let key = pair.split('=').next().unwrap_or("");
        key.ends_with("signature") || matches!(key, "sig" | "expires" | "x-amz-credential" | "token")
    });
    (!signed).then_some(link)
}

/// A file name for a specification at `url`: its last part when that names a JSON or YAML
/// file, else `openapi.yaml`.
fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let lower = last.to_ascii_lowercase();
    let safe = last.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    match lower.rsplit_once('.') {
        Some((stem, "json" | "yaml" | "yml")) if safe && !stem.is_empty() => last.to_string(),
        _ => "openapi.yaml".into(),
    }
}

/// A named specification as a file name's stem: letters, digits, `-` and `_`.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() { "openapi".into() } else { stem.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lasting_address_is_kept_and_a_signed_one_is_not() {
        let spec = "https://specs.example.org/v1/openapi.json";
        assert_eq!(remote_address(spec, None).as_deref(), Some(spec));
        assert_eq!(remote_address("", Some(spec)).as_deref(), Some(spec));
        assert_eq!(remote_address("", Some("https://store.example.com/a.yaml?X-Amz-Signature=1")), None);
        assert_eq!(remote_address("", Some("https://store.example.com/a.yaml?sig=1&v=2")), None);
        assert_eq!(remote_address("", Some("other-page.md")), None);
        assert_eq!(remote_address("ftp://example.org/a.yaml", Some(spec)), None);
        assert_eq!(remote_address("", None), None);
    }

    #[test]
    fn the_suggested_file_is_named_after_the_address_or_the_name() {
        assert_eq!(file_name("https://example.org/v2/pets.json?x=1"), "pets.json");
        assert_eq!(file_name("https://example.org/v2/spec"), "openapi.yaml");
        assert_eq!(file_name("https://example.org/a b.yaml"), "openapi.yaml");
        assert_eq!(file_stem("Payments API v2"), "payments-api-v2");
        assert_eq!(file_stem("“”"), "openapi");
    }
}
