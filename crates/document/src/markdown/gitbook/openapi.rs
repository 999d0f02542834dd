//! OpenAPI 3.x and Swagger 2.0 specifications that are files of the kit.
//!
//! Input: a specification's text (JSON or YAML) and what an API block asks for (an operation,
//! a webhook, named schemas). Output: typed values ([`Described`]) that any writer can show
//! without reading the specification again, and their HTML ([`write`]). Each file is parsed
//! once per content (a small cache keyed by its path and a hash of its text); nothing is ever
//! fetched. Local `$ref`s are followed with a depth cap, a cycle guard and a size budget.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::markdown::cmark::inline_markdown;
use crate::markdown::out::{Out, escape};
use neokit_core::i18n::ApiText;
use neokit_core::keys;
use neokit_core::paths::{RelPath, percent_decode};
use neokit_core::source::SourceTree;
use neokit_core::yaml;

/// How many levels of nested schemas are shown.
const MAX_DEPTH: usize = 6;
/// How many schemas one block shows at most (a specification whose references fan out).
const BUDGET: usize = 400;
/// Enum values shown per schema.
const MAX_VALUES: usize = 20;

/// A JSON or YAML value with mappings in their written order (the order a reader expects
/// properties and responses in).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    fn text(&self, key: &str) -> Option<String> {
        self.str(key).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Value::Bool(true)))
    }

    fn entries(&self) -> &[(String, Value)] {
        match self {
            Value::Object(entries) => entries,
            _ => &[],
        }
    }

    fn items(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// A scalar as text (an enum value, a version).
    fn scalar(&self) -> Option<String> {
        match self {
            Value::Null => Some("null".into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) | Value::String(n) => Some(n.clone()),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/components/schemas/Pet`).
    fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut value = self;
        for part in pointer.strip_prefix('/')?.split('/') {
            let key = percent_decode(part).replace("~1", "/").replace("~0", "~");
            value = match value {
                Value::Object(_) => value.get(&key)?,
                Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        // YAML keys may be numbers (`200:` under `responses`).
        while let Some((key, value)) = map.next_entry::<Value, Value>()? {
            entries.push((key.scalar().unwrap_or_default(), value));
        }
        Ok(Value::Object(entries))
    }
}

/// A parsed specification.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    root: Value,
    /// Swagger 2.0 (else OpenAPI 3).
    swagger: bool,
}

/// Reads a specification (JSON when it starts with `{`, else YAML). The error says why it is
/// not one, with a line and column in the file when the text does not parse.
pub fn parse(text: &str) -> Result<Spec, String> {
    let text = yaml::strip_invisible(text);
    let root: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            format!("line {}, column {}: {message}", e.line(), e.column())
        })?
    } else {
        yaml::parse(&text).map_err(|e| {
            if e.line > 0 { format!("line {}, column {}: {}", e.line, e.col, e.message) } else { e.message }
        })?
    };
    let version = |key: &str| root.get(key).and_then(Value::scalar);
    match (version("openapi"), version("swagger")) {
        (Some(v), _) if v.starts_with('3') => Ok(Spec { root, swagger: false }),
        (_, Some(v)) if v.starts_with('2') => Ok(Spec { root, swagger: true }),
        _ => Err("it is neither OpenAPI 3 (`openapi: 3.x`) nor Swagger 2.0 (`swagger: \"2.0\"`)".into()),
    }
}

type Parsed = Arc<Result<Spec, String>>;

/// The specification in a kit file, parsed once per content for the whole process.
pub fn load(tree: &SourceTree, path: &RelPath) -> Parsed {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, (u64, Parsed)>>> = OnceLock::new();
    let text = match tree.read_text(path) {
        Ok(text) => text,
        Err(problem) => return Arc::new(Err(problem.message)),
    };
    let key = tree.disk_path(path);
    let hash = keys::key(&text);
    let cache = CACHE.get_or_init(Default::default);
    if let Some((kept, spec)) = cache.lock().ok().as_ref().and_then(|c| c.get(&key).cloned())
        && kept == hash
    {
        return spec;
    }
    let spec: Parsed = Arc::new(parse(&text));
    if let Ok(mut cache) = cache.lock() {
        // A preview server runs for hours: keep the cache small.
        if cache.len() > 64 {
            cache.clear();
        }
        cache.insert(key, (hash, spec.clone()));
    }
    spec
}

/// What an API block takes from its specification.
#[derive(Debug, Clone, PartialEq)]
pub enum Wanted {
    Operation,
    Webhook,
    Schemas(Vec<String>),
}

/// What an API block shows, read from its specification.
#[derive(Debug, Clone, PartialEq)]
pub enum Described {
    Operation(Operation),
    Schemas(Vec<NamedSchema>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Upper case (`GET`).
    pub method: String,
    /// The path, or a webhook's name.
    pub path: String,
    pub summary: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<Body>,
    pub responses: Vec<Response>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    /// Where it goes: `path`, `query`, `header`, `cookie`, `formData`.
    pub location: String,
    pub type_label: String,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub description: Option<String>,
    pub required: bool,
    pub contents: Vec<Content>,
}

/// A body in one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// Empty when the specification names none.
    pub media_type: String,
    pub schema: Option<Schema>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    pub description: Option<String>,
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NamedSchema {
    pub name: String,
    pub schema: Schema,
}

/// A schema as shown: its type in words, its properties (an array's are its items'), the
/// schemas it may be one of, and why it stops when it is not shown further.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// `string (date-time)`, `array of Pet`, `Pet`, `one of`.
    pub type_label: String,
    pub description: Option<String>,
    /// The values an enum allows.
    pub values: Vec<String>,
    pub properties: Vec<Property>,
    /// `oneOf` / `anyOf` alternatives.
    pub variants: Vec<Schema>,
    pub cut: Option<Cut>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Property {
    pub name: String,
    pub required: bool,
    pub schema: Schema,
}

/// Why a schema is not shown further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// It contains itself (shown once, above).
    Recursive,
    /// Nested deeper than [`MAX_DEPTH`], or past the block's budget.
    TooDeep,
    /// A reference to another file or address (not followed).
    Elsewhere,
}

/// What the specification lacks, as a message and a help line.
pub type Missing = (String, Option<String>);

impl Spec {
    /// Takes out what a block asks for; `name` is the file as written in messages.
    pub fn describe(&self, wanted: &Wanted, method: &str, path: &str, name: &str) -> Result<Described, Missing> {
        match wanted {
            Wanted::Schemas(names) => self.schemas(names, name).map(Described::Schemas),
            Wanted::Operation | Wanted::Webhook => {
                let webhook = *wanted == Wanted::Webhook;
                self.operation(method, path, webhook, name).map(Described::Operation)
            }
        }
    }

    fn operation(&self, method: &str, path: &str, webhook: bool, name: &str) -> Result<Operation, Missing> {
        let (section, what) = if webhook { ("webhooks", "webhook") } else { ("paths", "path") };
        if path.is_empty() || method.is_empty() {
            let attribute = if webhook { "name" } else { "path" };
            return Err((format!("the API block names no `{attribute}` or no `method`"), None));
        }
        let paths = self.root.get(section);
        // Zero-width characters copied along with a path (GitBook's editor keeps them) do not
        // count.
        let visible = |text: &str| {
            text.chars().filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}')).collect::<String>()
        };
        let wanted = visible(path);
        let item = paths.and_then(|p| {
            p.get(path).or_else(|| p.entries().iter().find(|(k, _)| visible(k) == wanted).map(|(_, v)| v))
        });
        let Some(item) = item else {
            let known: Vec<String> = paths.map_or(&[][..], Value::entries).iter().map(|(p, _)| p.clone()).collect();
            return Err((
                format!("`{path}` is not a {what} of the API specification `{name}`"),
                Some(list_help(&format!("its {what}s"), &known)),
            ));
        };
        let Some(operation) = item.get(&method.to_ascii_lowercase()) else {
            let known: Vec<String> = item
                .entries()
                .iter()
                .filter(|(k, _)| METHODS.contains(&k.as_str()))
                .map(|(k, _)| k.to_ascii_uppercase())
                .collect();
            return Err((
                format!("`{} {path}` is not in the API specification `{name}`", method.to_ascii_uppercase()),
                Some(list_help(&format!("`{path}` has"), &known)),
            ));
        };
        let mut reader = Reader::new(self);
        Ok(reader.operation(method, path, item, operation))
    }

    fn schemas(&self, names: &[String], name: &str) -> Result<Vec<NamedSchema>, Missing> {
        let section =
            if self.swagger { self.root.get("definitions") } else { self.root.pointer("/components/schemas") };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        let mut reader = Reader::new(self);
        for wanted in names {
            match section.and_then(|s| s.get(wanted)) {
                Some(value) => {
                    let schema = reader.named(wanted, value);
                    found.push(NamedSchema { name: wanted.clone(), schema });
                }
                None => missing.push(wanted.as_str()),
            }
        }
        if missing.is_empty() && !found.is_empty() {
            return Ok(found);
        }
        let known: Vec<String> = section.map_or(&[][..], Value::entries).iter().map(|(k, _)| k.clone()).collect();
        let message = if names.is_empty() {
            "the API block names no `schemas`".to_string()
        } else {
            format!("schema `{}` is not in the API specification `{name}`", missing.join("`, `"))
        };
        Err((message, Some(list_help("its schemas", &known))))
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn list_help(what: &str, known: &[String]) -> String {
    if known.is_empty() {
        return format!("{what}: none");
    }
    let mut shown: Vec<&str> = known.iter().take(8).map(String::as_str).collect();
    if known.len() > 8 {
        shown.push("…");
    }
    format!("{what}: {}", shown.join(", "))
}

/// Reads one block's worth of a specification, following references.
struct Reader<'s> {
    spec: &'s Spec,
    /// The references being expanded (cycle guard).
    stack: Vec<String>,
    budget: usize,
}

impl<'s> Reader<'s> {
    fn new(spec: &'s Spec) -> Self {
        Reader { spec, stack: Vec::new(), budget: BUDGET }
    }

    /// A value, or the one its local `$ref` points at (one step, for parameters, bodies and
    /// responses).
    fn follow(&self, value: &'s Value) -> &'s Value {
        let mut value = value;
        for _ in 0..8 {
            match value.str("$ref").and_then(|r| r.strip_prefix('#')).and_then(|p| self.spec.root.pointer(p)) {
                Some(target) => value = target,
                None => break,
            }
        }
        value
    }

    fn operation(&mut self, method: &str, path: &str, item: &'s Value, operation: &'s Value) -> Operation {
        // Path-level parameters apply unless the operation redefines them (same name and place).
        let own: Vec<&Value> =
            operation.get("parameters").map_or(&[][..], Value::items).iter().map(|p| self.follow(p)).collect();
        let mut parameters: Vec<&Value> = Vec::new();
        for value in item.get("parameters").map_or(&[][..], Value::items) {
            let value = self.follow(value);
            let same = |p: &&Value| p.str("name") == value.str("name") && p.str("in") == value.str("in");
            if !own.iter().any(same) {
                parameters.push(value);
            }
        }
        parameters.extend(own);
        let mut request_body = None;
        let mut shown = Vec::new();
        for parameter in parameters {
            if parameter.str("in") == Some("body") {
                let media = self.media_types(operation, "consumes");
                request_body = Some(Body {
                    description: parameter.text("description"),
                    required: parameter.flag("required"),
                    contents: self.contents_swagger(parameter.get("schema"), &media),
                });
            } else {
                shown.push(self.parameter(parameter));
            }
        }
        if let Some(body) = operation.get("requestBody") {
            let body = self.follow(body);
            request_body = Some(Body {
                description: body.text("description"),
                required: body.flag("required"),
                contents: self.contents(body.get("content")),
            });
        }
        let mut responses = Vec::new();
        for (status, response) in operation.get("responses").map_or(&[][..], Value::entries) {
            let response = self.follow(response);
            let contents = if self.spec.swagger {
                let media = self.media_types(operation, "produces");
                self.contents_swagger(response.get("schema"), &media)
            } else {
                self.contents(response.get("content"))
            };
            responses.push(Response { status: status.clone(), description: response.text("description"), contents });
        }
        Operation {
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            summary: operation.text("summary"),
            description: operation.text("description"),
            deprecated: operation.flag("deprecated"),
            parameters: shown,
            request_body,
            responses,
        }
    }

    fn parameter(&mut self, value: &'s Value) -> Parameter {
        let location = value.str("in").unwrap_or("").to_string();
        let type_label = match value.get("schema") {
            Some(schema) => self.schema(schema, 1).type_label,
            // Swagger 2.0 describes the type on the parameter itself.
            None => self.schema(value, MAX_DEPTH).type_label,
        };
        Parameter {
            name: value.str("name").unwrap_or("").to_string(),
            required: value.flag("required") || location == "path",
            location,
            type_label,
            description: value.text("description"),
        }
    }

    /// Swagger 2.0: `consumes` / `produces` of the operation, else of the specification.
    fn media_types(&self, operation: &Value, key: &str) -> Vec<String> {
        let list = operation.get(key).or(self.spec.root.get(key));
        list.map_or(&[][..], Value::items).iter().filter_map(Value::as_str).map(str::to_string).collect()
    }

    fn contents_swagger(&mut self, schema: Option<&'s Value>, media: &[String]) -> Vec<Content> {
        let Some(schema) = schema else { return Vec::new() };
        let media_type = media.first().cloned().unwrap_or_default();
        vec![Content { media_type, schema: Some(self.schema(schema, 1)) }]
    }

    fn contents(&mut self, content: Option<&'s Value>) -> Vec<Content> {
        let mut contents = Vec::new();
        for (media_type, value) in content.map_or(&[][..], Value::entries) {
            let schema = value.get("schema").map(|s| self.schema(s, 1));
            contents.push(Content { media_type: media_type.clone(), schema });
        }
        contents
    }

    /// A schema of `components/schemas` shown under its own name.
    fn named(&mut self, name: &str, value: &'s Value) -> Schema {
        let reference =
            if self.spec.swagger { format!("#/definitions/{name}") } else { format!("#/components/schemas/{name}") };
        self.stack.push(reference);
        let schema = self.schema(value, 1);
        self.stack.pop();
        schema
    }

    fn schema(&mut self, value: &'s Value, depth: usize) -> Schema {
        self.budget = self.budget.saturating_sub(1);
        if let Some(reference) = value.str("$ref") {
            let name = reference.rsplit('/').next().unwrap_or(reference).to_string();
            let target = reference.strip_prefix('#').and_then(|p| self.spec.root.pointer(p));
            let cut = match target {
                None => Some(Cut::Elsewhere),
                Some(_) if self.stack.iter().any(|r| r == reference) => Some(Cut::Recursive),
                Some(_) if depth > MAX_DEPTH || self.budget == 0 => Some(Cut::TooDeep),
                Some(_) => None,
            };
            if let (Some(target), None) = (target, cut) {
                self.stack.push(reference.to_string());
                let mut schema = self.schema(target, depth);
                self.stack.pop();
                if schema.type_label == "object" {
                    schema.type_label = name;
                }
                return schema;
            }
            return Schema { type_label: name, cut, ..Schema::default() };
        }
        let mut schema = Schema { description: value.text("description"), ..Schema::default() };
        if depth > MAX_DEPTH || self.budget == 0 {
            schema.type_label = type_words(value);
            if has_structure(value) {
                schema.cut = Some(Cut::TooDeep);
            }
            return schema;
        }
        // allOf: one object with every part's properties.
        if let Some(parts) = value.get("allOf") {
            let mut label = None;
            for part in parts.items() {
                let part = self.schema(part, depth);
                label.get_or_insert(part.type_label.clone());
                schema.properties.extend(part.properties);
                if schema.description.is_none() {
                    schema.description = part.description;
                }
                schema.cut = schema.cut.or(part.cut);
            }
            schema.type_label = if parts.items().len() == 1 { label.unwrap_or_default() } else { "object".into() };
        }
        for (key, words) in [("oneOf", "one of"), ("anyOf", "any of")] {
            if let Some(options) = value.get(key) {
                schema.type_label = words.to_string();
                schema.variants = options.items().iter().map(|o| self.schema(o, depth + 1)).collect();
            }
        }
        if schema.type_label.is_empty() {
            schema.type_label = type_words(value);
        }
        if let Some(items) = value.get("items") {
            let item = self.schema(items, depth + 1);
            schema.type_label = format!("array of {}", item.type_label);
            schema.properties = item.properties;
            schema.variants = item.variants;
            schema.values = item.values;
            schema.cut = item.cut;
        }
        let required: Vec<&str> =
            value.get("required").map_or(&[][..], Value::items).iter().filter_map(Value::as_str).collect();
        for (name, property) in value.get("properties").map_or(&[][..], Value::entries) {
            let property_schema = self.schema(property, depth + 1);
            schema.properties.push(Property {
                name: name.clone(),
                required: required.contains(&name.as_str()),
                schema: property_schema,
            });
        }
        if let Some(additional) = value.get("additionalProperties").filter(|a| matches!(a, Value::Object(_))) {
            let values = self.schema(additional, depth + 1);
            if schema.properties.is_empty() {
                schema.type_label = format!("map of {}", values.type_label);
                schema.properties = values.properties;
                schema.cut = schema.cut.or(values.cut);
            }
        }
        let values = value.get("enum").map_or(&[][..], Value::items);
        schema.values.extend(values.iter().take(MAX_VALUES).filter_map(Value::scalar));
        if values.len() > MAX_VALUES {
            schema.values.push("…".into());
        }
        schema
    }
}

/// A schema's own type in words: `string (date-time)`, `integer or null`, `object`.
fn type_words(value: &Value) -> String {
    let mut types: Vec<String> = match value.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::scalar).collect(),
        _ if value.get("properties").is_some() || value.get("additionalProperties").is_some() => vec!["object".into()],
        _ if value.get("items").is_some() => vec!["array".into()],
        _ => Vec::new(),
    };
    if value.flag("nullable") {
        types.push("null".into());
    }
    if let (Some(first), Some(format)) = (types.first_mut(), value.str("format").filter(|f| !f.is_empty())) {
        first.push_str(&format!(" ({format})"));
    }
    let mut words = if types.is_empty() { "any".to_string() } else { types.join(" or ") };
    if let Some(items) = value.get("items").filter(|_| value.get("schema").is_none())
        && let Some(item) = items.str("type")
        && words == "array"
    {
        words = format!("array of {item}");
    }
    words
}

/// Whether a schema has parts below it (properties, items, references, alternatives).
fn has_structure(value: &Value) -> bool {
    ["properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties", "$ref"]
        .iter()
        .any(|k| value.get(k).is_some())
}

/// Writes what a block takes from its specification.
pub fn write(out: &mut Out, described: &Described) {
    match described {
        Described::Operation(operation) => write_operation(out, operation),
        Described::Schemas(schemas) => {
            out.push("<div class=\"api-block api-schemas\">\n");
            for named in schemas {
                out.push(&format!(
                    "<div class=\"api-schema-named\"><p class=\"api-title\"><code>{}</code> <span class=\"api-type\">{}</span></p>\n",
                    escape(&named.name),
                    escape(&named.schema.type_label)
                ));
                description(out, "api-description", named.schema.description.as_deref());
                schema_details(out, &named.schema);
                out.push("</div>\n");
            }
            out.push("</div>\n");
        }
    }
}

fn write_operation(out: &mut Out, operation: &Operation) {
    let words = out.env.text.api;
    let method = &operation.method;
    out.push(&format!(
        "<div class=\"api-block api-operation\"><p class=\"api-title\"><span class=\"api-method api-{}\">{}</span> <code class=\"api-path\">{}</code>",
        escape(&method.to_ascii_lowercase()),
        escape(method),
        escape(&operation.path)
    ));
    if operation.deprecated {
        out.push(&format!(" <span class=\"api-deprecated\">{}</span>", words.deprecated));
    }
    out.push("</p>\n");
    if let Some(summary) = &operation.summary {
        out.push("<p class=\"api-summary\">");
        out.escaped(summary);
        out.push("</p>\n");
    }
    description(out, "api-description", operation.description.as_deref());
    if !operation.parameters.is_empty() {
        out.push(&format!(
            "<div class=\"table-wrap\"><table class=\"api-parameters\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
            words.parameters, words.name, words.location, words.type_, words.required, words.description
        ));
        for parameter in &operation.parameters {
            out.push(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td><span class=\"api-type\">{}</span></td><td>{}</td><td>",
                escape(&parameter.name),
                escape(&parameter.location),
                escape(&parameter.type_label),
                if parameter.required { words.yes } else { words.no }
            ));
            inline_description(out, parameter.description.as_deref());
            out.push("</td></tr>\n");
        }
        out.push("</tbody></table></div>\n");
    }
    if let Some(body) = &operation.request_body {
        out.push(&format!("<div class=\"api-section\"><p class=\"api-label\">{}", words.request_body));
        if body.required {
            out.push(&format!(" <span class=\"api-required\">{}</span>", words.required_word));
        }
        out.push("</p>\n");
        description(out, "api-description", body.description.as_deref());
        contents(out, &body.contents);
        out.push("</div>\n");
    }
    if !operation.responses.is_empty() {
        out.push(&format!("<div class=\"api-section\"><p class=\"api-label\">{}</p>\n", words.responses));
        for response in &operation.responses {
            let class = match response.status.chars().next() {
                Some(c @ '1'..='5') => format!(" api-status-{c}xx"),
                _ => String::new(),
            };
            out.push(&format!(
                "<div class=\"api-response\"><p><span class=\"api-status{class}\">{}</span>",
                escape(&response.status)
            ));
            if let Some(text) = &response.description {
                out.push(" ");
                inline_description(out, Some(text));
            }
            out.push("</p>\n");
            contents(out, &response.contents);
            out.push("</div>\n");
        }
        out.push("</div>\n");
    }
    out.push("</div>\n");
}

fn contents(out: &mut Out, contents: &[Content]) {
    for content in contents {
        if !content.media_type.is_empty() {
            out.push(&format!("<p class=\"api-media\"><code>{}</code>", escape(&content.media_type)));
            if let Some(schema) = &content.schema {
                out.push(&format!(" <span class=\"api-type\">{}</span>", escape(&schema.type_label)));
            }
            out.push("</p>\n");
        } else if let Some(schema) = &content.schema {
            out.push(&format!(
                "<p class=\"api-media\"><span class=\"api-type\">{}</span></p>\n",
                escape(&schema.type_label)
            ));
        }
        if let Some(schema) = &content.schema {
            schema_details(out, schema);
        }
    }
}

/// A schema's values, properties and alternatives (its type is written by the caller).
fn schema_details(out: &mut Out, schema: &Schema) {
    let words = out.env.text.api;
    if !schema.values.is_empty() {
        let values: Vec<String> = schema.values.iter().map(|v| format!("<code>{}</code>", escape(v))).collect();
        out.push(&format!("<p class=\"api-values\">{} {}</p>\n", words.values, values.join(", ")));
    }
    if let Some(cut) = schema.cut {
        out.push(&format!("<p class=\"api-cut\">{}</p>\n", cut_words(cut, &words)));
    }
    if !schema.properties.is_empty() {
        out.push("<ul class=\"api-schema\">\n");
        for property in &schema.properties {
            out.push(&format!(
                "<li><code class=\"api-property\">{}</code> <span class=\"api-type\">{}</span>",
                escape(&property.name),
                escape(&property.schema.type_label)
            ));
            if property.required {
                out.push(&format!(" <span class=\"api-required\">{}</span>", words.required_word));
            }
            if let Some(text) = &property.schema.description {
                out.push(" <span class=\"api-property-text\">");
                inline_description(out, Some(text));
                out.push("</span>");
            }
            out.push("\n");
            schema_details(out, &property.schema);
            out.push("</li>\n");
        }
        out.push("</ul>\n");
    }
    if !schema.variants.is_empty() {
        out.push("<ol class=\"api-variants\">\n");
        for variant in &schema.variants {
            out.push(&format!("<li><span class=\"api-type\">{}</span>", escape(&variant.type_label)));
            if let Some(text) = &variant.description {
                out.push(" ");
                inline_description(out, Some(text));
            }
            out.push("\n");
            schema_details(out, variant);
            out.push("</li>\n");
        }
        out.push("</ol>\n");
    }
}

fn cut_words(cut: Cut, words: &ApiText) -> &'static str {
    match cut {
        Cut::Recursive => words.recursive,
        Cut::TooDeep => words.too_deep,
        Cut::Elsewhere => words.elsewhere,
    }
}

/// A description written in Markdown, as its own block.
fn description(out: &mut Out, class: &str, text: Option<&str>) {
    let Some(text) = text else { return };
    let html = inline_markdown(text);
    let html = out.rewrite_html(&html);
    out.push(&format!("<div class=\"{class}\">{}</div>\n", html.trim_end()));
}

/// A short description in a table cell or a list item: one paragraph is written without its
/// `<p>`.
fn inline_description(out: &mut Out, text: Option<&str>) {
    let Some(text) = text else { return };
    let html = inline_markdown(text);
    let html = html.trim_end();
    let html = match html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    };
    let html = out.rewrite_html(&html);
    out.push(&html);
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETS: &str = r#"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets/{id}:
    parameters:
      - { name: id, in: path, schema: { type: integer, format: int64 } }
    get:
      summary: One pet
      parameters:
        - $ref: '#/components/parameters/Verbose'
      responses:
        200:
          description: The pet
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
        default:
          description: An error
components:
  parameters:
    Verbose: { name: verbose, in: query, schema: { type: boolean } }
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: { type: string }
        tags: { type: array, items: { type: string } }
        kind: { type: string, enum: [cat, dog] }
        parent: { $ref: '#/components/schemas/Pet' }
        owner: { $ref: 'people.yaml#/Owner' }
"#;

    fn operation(text: &str, method: &str, path: &str) -> Operation {
        match parse(text).unwrap().describe(&Wanted::Operation, method, path, "pets.yaml").unwrap() {
            Described::Operation(operation) => operation,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn openapi_operation_with_references_and_a_cycle() {
        let op = operation(PETS, "get", "/pets/{id}");
        assert_eq!(op.method, "GET");
        assert_eq!(op.summary.as_deref(), Some("One pet"));
        let parameters: Vec<(&str, &str, &str, bool)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.location.as_str(), p.type_label.as_str(), p.required))
            .collect();
        assert_eq!(parameters, [("id", "path", "integer (int64)", true), ("verbose", "query", "boolean", false)]);
        let statuses: Vec<&str> = op.responses.iter().map(|r| r.status.as_str()).collect();
        assert_eq!(statuses, ["200", "default"]);
        let schema = op.responses[0].contents[0].schema.as_ref().unwrap();
        assert_eq!(schema.type_label, "Pet");
        let props: Vec<(&str, &str, bool, Option<Cut>)> = schema
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.schema.type_label.as_str(), p.required, p.schema.cut))
            .collect();
        assert_eq!(
            props,
            [
                ("name", "string", true, None),
                ("tags", "array of string", false, None),
                ("kind", "string", false, None),
                ("parent", "Pet", false, Some(Cut::Recursive)),
                ("owner", "Owner", false, Some(Cut::Elsewhere)),
            ]
        );
        assert_eq!(schema.properties[2].schema.values, ["cat", "dog"]);
    }

    #[test]
    fn swagger_body_parameter_and_produces() {
        let text = r##"{"swagger": "2.0", "produces": ["application/json"], "paths": {"/orders": {"post": {
            "parameters": [{"in": "body", "name": "order", "required": true, "schema": {"$ref": "#/definitions/Order"}},
                           {"in": "query", "name": "dry", "type": "array", "items": {"type": "string"}}],
            "responses": {"201": {"description": "Created", "schema": {"$ref": "#/definitions/Order"}}}}}},
            "definitions": {"Order": {"properties": {"id": {"type": "integer"}}}}}"##;
        let op = operation(text, "post", "/orders");
        assert_eq!(op.parameters.len(), 1);
        assert_eq!(op.parameters[0].type_label, "array of string");
        let body = op.request_body.unwrap();
        assert!(body.required);
        assert_eq!(body.contents[0].schema.as_ref().unwrap().type_label, "Order");
        assert_eq!(op.responses[0].contents[0].media_type, "application/json");
    }

    #[test]
    fn zero_width_characters_in_a_path_do_not_count() {
        let spec = parse(PETS).unwrap();
        let found = spec.describe(&Wanted::Operation, "get", "/pets/\u{200b}{id}", "pets.yaml");
        assert!(found.is_ok(), "{found:?}");
    }

    #[test]
    fn what_is_missing_is_named() {
        let spec = parse(PETS).unwrap();
        let (message, help) = spec.describe(&Wanted::Operation, "get", "/nope", "pets.yaml").unwrap_err();
        assert_eq!(message, "`/nope` is not a path of the API specification `pets.yaml`");
        assert_eq!(help.as_deref(), Some("its paths: /pets/{id}"));
        let (message, help) = spec.describe(&Wanted::Operation, "delete", "/pets/{id}", "pets.yaml").unwrap_err();
        assert_eq!(message, "`DELETE /pets/{id}` is not in the API specification `pets.yaml`");
        assert_eq!(help.as_deref(), Some("`/pets/{id}` has: GET"));
        let wanted = Wanted::Schemas(vec!["Pet".into(), "Nope".into()]);
        assert!(spec.describe(&wanted, "", "", "pets.yaml").unwrap_err().0.contains("`Nope`"));
        assert!(parse("openapi: [").unwrap_err().starts_with("line "));
        assert!(parse("{\"name\": 1}").unwrap_err().contains("neither"));
    }

    #[test]
    fn fan_out_is_bounded() {
        // Every level refers to the next twice: without a budget this is 2^30 schemas.
        let mut text = String::from("openapi: 3.1.0\ncomponents:\n  schemas:\n");
        for i in 0..30 {
            text.push_str(&format!(
                "    S{i}: {{ properties: {{ a: {{ $ref: '#/components/schemas/S{n}' }}, b: {{ $ref: '#/components/schemas/S{n}' }} }} }}\n",
                n = i + 1
            ));
        }
        let spec = parse(&text).unwrap();
        let Described::Schemas(schemas) = spec.describe(&Wanted::Schemas(vec!["S0".into()]), "", "", "x").unwrap()
        else {
            panic!()
        };
        fn count(schema: &Schema) -> usize {
            1 + schema.properties.iter().map(|p| count(&p.schema)).sum::<usize>()
        }
        assert!(count(&schemas[0].schema) <= BUDGET * 2);
    }
}
