//! API blocks in the PDF: an operation read from its specification as a titled box (method,
//! path, summary) followed by its parameters, request body and responses as tables; schemas as
//! tables of their properties; legacy hand-written operations, parameters and responses as
//! the same titles around their content. A reference whose specification is not read (a web
//! address, GitBook's named specification) shows what the block names (the operation's box, the
//! schemas' names) and where the specification is. All text goes through `text`.
//!
//! The match over [`Api`] lists every variant on purpose, with no `_ =>` arm: a new part of
//! an API description does not compile until the PDF says what it writes for it.

use super::{At, TypstWriter, address, string};
use neokit_document::markdown::doc::Node;
use neokit_document::markdown::gitbook::api::Api;
use neokit_document::markdown::gitbook::openapi::{Content, Described, Operation, Schema, Wanted};

/// How deep nested properties are listed (`a.b.c.d`); deeper ones are left to the HTML page.
const MAX_DEPTH: usize = 4;

/// A property as a table row: dotted name, type, required, description.
type Row = (String, String, bool, String);

impl<'d> TypstWriter<'_, '_, 'd> {
    pub(super) fn api(&mut self, api: &'d Api, children: &'d [Node], at: At) {
        match api {
            Api::Reference { described: Some(described), .. } => match &**described {
                Described::Operation(operation) => self.operation(operation),
                Described::Schemas(schemas) => {
                    for named in schemas {
                        self.part(&named.name);
                        self.schema(&named.schema);
                    }
                }
            },
            Api::Reference { .. } => self.unread(api, at),
            Api::Part(_) => self.nodes(children, at),
            Api::Operation { method, path, summary } => {
                self.api_title(method, path, Some(summary.as_str()).filter(|s| !s.is_empty()));
                self.nodes(children, at);
            }
            Api::Parameter { name, facts } => {
                self.text_in("#nk-mono[", name);
                self.push(" ");
                self.text(&facts.join(" · "));
                self.push("\n\n");
                self.nodes(children, at);
            }
            Api::Response { status, description } => {
                self.text_in("#strong[", status);
                self.push(" ");
                self.text(description);
                self.push("\n\n");
                self.nodes(children, at);
            }
        }
    }

    /// A reference whose specification is not read: what the block names and where the
    /// specification is.
    fn unread(&mut self, api: &Api, at: At) {
        let Api::Reference { method, path, summary, src, spec, address: web, wanted, .. } = api else { return };
        let summary = Some(summary.as_str()).filter(|s| !s.is_empty());
        match wanted {
            Wanted::Schemas(names) => {
                for name in names {
                    self.part(name);
                }
                self.description(summary);
            }
            Wanted::Operation | Wanted::Webhook => self.api_title(method, path, summary),
        }
        let words = self.out.env.text.api;
        self.text(words.specification);
        self.push(" ");
        match (web, src.trim(), spec.trim()) {
            (Some(web), src, spec) => {
                if src.is_empty() && !spec.is_empty() {
                    self.text(&format!("“{spec}”, "));
                }
                self.push(&address(web));
            }
            (None, src, _) if !src.is_empty() => {
                let target = self.out.resolve_target(src);
                self.link_open(&target, src, at);
                self.text_in("#nk-mono[", src);
                self.close();
            }
            (None, _, spec) if !spec.is_empty() => self.text(&format!("“{spec}” ({})", words.kept_in_gitbook)),
            _ => self.text(words.not_named),
        }
        self.push("\n\n");
    }

    /// The operation's box: method, path and summary.
    fn api_title(&mut self, method: &str, path: &str, summary: Option<&str>) {
        self.push(&format!("#nk-api({}, {}, ", string(method), string(path)));
        match summary {
            Some(summary) => self.text_in("[", summary),
            None => self.push("none"),
        }
        self.push(")\n\n");
    }

    /// A bold line naming what follows (Parameters, Responses, a schema's name).
    fn part(&mut self, words: &str) {
        self.text_in("#nk-api-part[", words);
        self.push("\n\n");
    }

    /// A description written in Markdown, as its plain text.
    fn description(&mut self, markdown: Option<&str>) {
        if let Some(markdown) = markdown.filter(|d| !d.trim().is_empty()) {
            self.text(&plain(markdown));
            self.push("\n\n");
        }
    }

    fn operation(&mut self, operation: &Operation) {
        let text: &'static neokit_core::i18n::Text = self.out.env.text;
        let words = &text.api;
        self.api_title(&operation.method, &operation.path, operation.summary.as_deref());
        if operation.deprecated {
            self.part(words.deprecated);
        }
        self.description(operation.description.as_deref());
        if !operation.parameters.is_empty() {
            self.part(words.parameters);
            let header = [words.name, words.location, words.type_, words.required, words.description];
            let rows: Vec<[String; 5]> = operation
                .parameters
                .iter()
                .map(|p| {
                    [
                        p.name.clone(),
                        p.location.clone(),
                        p.type_label.clone(),
                        (if p.required { words.yes } else { words.no }).to_string(),
                        p.description.as_deref().map(plain).unwrap_or_default(),
                    ]
                })
                .collect();
            self.api_table(&header, &rows);
        }
        if let Some(body) = &operation.request_body {
            let title = match body.required {
                true => format!("{} ({})", words.request_body, words.required_word),
                false => words.request_body.to_string(),
            };
            self.part(&title);
            self.description(body.description.as_deref());
            self.contents(&body.contents);
        }
        if !operation.responses.is_empty() {
            self.part(words.responses);
            for response in &operation.responses {
                self.text_in("#strong[", &response.status);
                self.push(" ");
                self.text(&response.description.as_deref().map(plain).unwrap_or_default());
                self.push("\n\n");
                self.contents(&response.contents);
            }
        }
    }

    /// Bodies by media type, each with its schema.
    fn contents(&mut self, contents: &[Content]) {
        for content in contents {
            if !content.media_type.is_empty() {
                self.text_in("#nk-mono[", &content.media_type);
                self.push("\n\n");
            }
            if let Some(schema) = &content.schema {
                self.schema(schema);
            }
        }
    }

    /// A schema: its type and description, the values it allows, its properties as a table.
    fn schema(&mut self, schema: &Schema) {
        let text: &'static neokit_core::i18n::Text = self.out.env.text;
        let words = &text.api;
        let mut line = format!("{}: {}", words.type_, schema.type_label);
        if !schema.values.is_empty() {
            line.push_str(&format!(" · {} {}", words.values, schema.values.join(", ")));
        }
        self.text(&line);
        self.push("\n\n");
        self.description(schema.description.as_deref());
        let mut rows = Vec::new();
        properties(schema, "", 0, words.values, &mut rows);
        if !rows.is_empty() {
            let header = [words.name, words.type_, words.required, words.description];
            let rows: Vec<[String; 4]> = rows
                .into_iter()
                .map(|(name, type_label, required, description)| {
                    [name, type_label, (if required { words.yes } else { words.no }).to_string(), description]
                })
                .collect();
            self.api_table(&header, &rows);
        }
    }

    /// A table with a header row that repeats on every page; the first column in monospace.
    fn api_table<const N: usize>(&mut self, header: &[&str; N], rows: &[[String; N]]) {
        self.push(&format!("#nk-table(columns: {N}, align: left"));
        self.table_row(true, N, |writer, column| {
            writer.text_in("#strong[", header[column]);
        });
        for row in rows {
            self.table_row(false, N, |writer, column| {
                if column == 0 {
                    writer.text_in("#nk-mono[", &row[column]);
                } else {
                    writer.text(&row[column]);
                }
            });
        }
        self.push(")\n\n");
    }
}

/// A Markdown description as plain text: its words, without marks; paragraphs joined.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schema's properties, nested ones named with dots, to [`MAX_DEPTH`] levels.
fn properties(schema: &Schema, prefix: &str, depth: usize, values_word: &str, rows: &mut Vec<Row>) {
    if depth >= MAX_DEPTH {
        return;
    }
    for property in &schema.properties {
        let name = format!("{prefix}{}", property.name);
        let mut description = property.schema.description.as_deref().map(plain).unwrap_or_default();
        if !property.schema.values.is_empty() {
            let values = format!("{values_word} {}", property.schema.values.join(", "));
            description = [description, values].join(" ").trim().to_string();
        }
        rows.push((name.clone(), property.schema.type_label.clone(), property.required, description));
        properties(&property.schema, &format!("{name}."), depth + 1, values_word, rows);
    }
}
