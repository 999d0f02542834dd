//! Themes: the built-in default theme, embedded in the binary, and a kit's own templates and
//! static files layered over it.
//!
//! Input: an optional theme folder (`templates/*.html`, `static/**`). Output: a [`Theme`]
//! holding the compiled templates and the static files to publish. Built-in templates are
//! registered under their name and under `builtin/<name>`; a kit template with the same name
//! wins, and can `{% extends "builtin/page.html" %}` to replace a single block. Templates are
//! compiled once per build; pages are rendered from typed views (see [`views`]).

pub mod views;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use neokit_core::diagnostics::{Diagnostic, Location};

#[derive(RustEmbed)]
#[folder = "../../themes/default/"]
struct Builtin;

const BUILTIN_PREFIX: &str = "builtin/";

/// A static file of the theme, published under `_neokit/`.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(Cow<'static, [u8]>),
    Disk(PathBuf),
}

#[derive(Clone)]
pub struct Theme {
    pub tera: tera::Tera,
    /// Path below `static/` -> file.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name -> where it came from, for messages.
    sources: BTreeMap<String, PathBuf>,
}

/// Loads the built-in theme with the templates and static files of `dir` over it.
/// `shown` turns a path into the form used in messages.
pub fn load(dir: Option<&Path>, shown: &dyn Fn(&Path) -> PathBuf) -> Result<Theme, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_fallback_prefixes([BUILTIN_PREFIX]).map_err(|e| vec![Diagnostic::error("theme", e.to_string())])?;
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut sources = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    for name in Builtin::iter() {
        let Some(file) = Builtin::get(&name) else { continue };
        if let Some(template) = name.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(&file.data).into_owned();
            let registered = format!("{BUILTIN_PREFIX}{template}");
            sources.insert(registered.clone(), PathBuf::from(format!("(built-in theme) templates/{template}")));
            templates.push((registered, text));
        } else if let Some(path) = name.strip_prefix("static/") {
            static_files.insert(path.to_string(), StaticFile::Embedded(file.data));
        }
    }
    let mut problems = Vec::new();
    if let Some(dir) = dir {
        let template_dir = dir.join("templates");
        for entry in walkdir::WalkDir::new(&template_dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&template_dir) else { continue };
            let name = relative.to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name.clone(), shown(entry.path()));
                    templates.push((name, text));
                }
                Err(error) => problems.push(
                    Diagnostic::error("theme", format!("cannot read template: {error}"))
                        .at(Location::file(shown(entry.path()))),
                ),
            }
        }
        let static_dir = dir.join("static");
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file()
                && let Ok(relative) = entry.path().strip_prefix(&static_dir)
            {
                let name = relative.to_string_lossy().replace('\\', "/");
                static_files.insert(name, StaticFile::Disk(entry.path().to_path_buf()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    tera.add_raw_templates(templates).map_err(|error| vec![template_error(&error, &sources)])?;
    Ok(Theme { tera, static_files, sources })
}

impl Theme {
    /// Renders template `name` with `context`; errors name the template file, line and column.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|error| template_error(&error, &self.sources))
    }
}

/// A template error as a diagnostic at the template's file:line:col.
fn template_error(error: &tera::Error, sources: &BTreeMap<String, PathBuf>) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let path = sources.get(report.filename()).cloned().unwrap_or_else(|| PathBuf::from(report.filename()));
            let span = report.span();
            Diagnostic::error("template", format!("template error: {}", report.message())).at(Location::new(
                path,
                span.start_line,
                span.start_col + 1,
            ))
        }
        _ => {
            // Validation errors arrive as rendered reports: "error: ...\n --> name:line:col".
            let text = error.to_string();
            let located = text.lines().find_map(|line| {
                let place = line.trim_start().strip_prefix("--> ")?;
                let mut parts = place.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
            if let Some((name, line, col)) = located {
                let path = sources.get(&name).cloned().unwrap_or_else(|| PathBuf::from(&name));
                let first = text.lines().next().unwrap_or("").trim_start_matches("error: ");
                return Diagnostic::error("template", format!("template error: {first}"))
                    .at(Location::new(path, line, col));
            }
            let mut message = text;
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message.push_str(&format!(": {inner}"));
                source = inner.source();
            }
            Diagnostic::error("template", format!("template error: {message}"))
        }
    }
}
