//! YAML front matter at the top of a page (`---` ... `---`).
//!
//! Input: a page's text. Output: [`FrontMatter`] (typed fields neokit acts on, plus every key
//! as written for templates) and the byte offset where the Markdown body starts. Broken YAML
//! is a warning with its line; the page then builds as if it had no front matter.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use neokit_core::diagnostics::{Diagnostic, LineIndex, Location, Part};
use neokit_core::yaml;

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FrontMatter {
    pub description: Option<String>,
    pub hidden: bool,
    pub icon: Option<String>,
    /// Cover image as written (relative to the page, or an absolute URL).
    pub cover: Option<String>,
    /// `coverY`: how far the cover image is moved down, in the image's pixels.
    pub cover_y: Option<f64>,
    /// `coverHeight`: the height of the cover band in CSS pixels.
    pub cover_height: Option<f64>,
    pub no_index: bool,
    pub no_robots_index: bool,
    pub layout: Layout,
    /// Page variables (`page.vars.x`).
    pub vars: serde_json::Map<String, Value>,
    /// `type: faq` marks a page of questions.
    pub page_type: Option<String>,
    /// A role definition (`role: chair` and its details), on role pages.
    pub role: Option<RoleFront>,
    /// Every key as written, for templates (`page.meta`).
    pub meta: serde_json::Map<String, Value>,
}

/// What a role page says about the role in its front matter.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RoleFront {
    /// The role's id, matched against `people:` in neokit.yaml.
    pub id: String,
    pub discipline: Option<String>,
    pub time_per_month: Option<String>,
    pub responsibilities: Vec<String>,
}

/// GitBook's `layout.*` visibility switches; all visible unless switched off.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Layout {
    pub width: String,
    pub cover: bool,
    pub cover_size: String,
    pub title: bool,
    pub description: bool,
    pub table_of_contents: bool,
    pub outline: bool,
    pub pagination: bool,
    pub metadata: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            width: "default".into(),
            cover: true,
            cover_size: "full".into(),
            title: true,
            description: true,
            table_of_contents: true,
            outline: true,
            pagination: true,
            metadata: true,
        }
    }
}

impl FrontMatter {
    /// `translation_of:`: the source page a translated page translates, as written.
    pub fn translation_of(&self) -> Option<String> {
        self.meta.get("translation_of")?.as_str().map(str::to_string)
    }
}

/// The `translation_of:` of a page's text, when its front matter can be read.
pub fn translation_of(text: &str) -> Option<String> {
    let (yaml, _) = split(text).yaml?;
    parse(yaml).0.translation_of()
}

/// Where front matter sits in a page.
pub struct Split<'a> {
    /// The YAML between the fences, and its byte offset in the page.
    pub yaml: Option<(&'a str, usize)>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter fences. The opening `---` must be the first line (after a BOM).
pub fn split(text: &str) -> Split<'_> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Split { yaml: None, body_start: start };
    }
    let yaml_start = start + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Split { yaml: Some((&text[yaml_start..offset], yaml_start)), body_start: offset + line.len() };
        }
        offset += line.len();
    }
    // No closing fence: not front matter.
    Split { yaml: None, body_start: start }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLayoutSwitch {
    visible: Option<bool>,
    size: Option<String>,
}

/// Where the value of front matter key `key` is written in a page's text.
pub fn value_location(text: &str, key: &str, shown: &Path) -> Option<Location> {
    let (yaml, offset) = split(text).yaml?;
    let (line, col) = yaml::key_position(yaml, &[key])?;
    let (first_line, _) = LineIndex::new(text).line_col(offset);
    let line_text = yaml.lines().nth(line - 1).unwrap_or("");
    let after_key = col - 1 + key.len();
    let rest = line_text.get(after_key..).unwrap_or("");
    let value_col = after_key + 1 + rest.find(|c: char| c != ':' && c != ' ').unwrap_or(0);
    Some(Location::new(shown, first_line + line - 1, value_col))
}

/// A page's front matter read from its text (shown in messages as `shown`), with a problem for
/// each mistake in it: a mistake under one key leaves that key out and the rest is read, so a
/// colon in a role page's description does not lose its `role:`. Each problem marks what it
/// left unread, so that what follows from it elsewhere is not reported too.
pub fn read(text: &str, shown: &Path) -> (FrontMatter, Vec<Diagnostic>) {
    let Some((yaml, offset)) = split(text).yaml else {
        return (FrontMatter::default(), Vec::new());
    };
    let (front, errors) = parse(yaml);
    let first_line = text[..offset].matches('\n').count() + 1;
    let problems = errors
        .into_iter()
        .map(|error| {
            // Ignoring it would publish the page without what it says (a role's people, its
            // description): an error, so the previous site stays.
            let mut problem = error.diagnostic("invalid-front-matter", shown, first_line);
            problem.message = format!("in the front matter, {}", problem.message);
            match &error.left_out {
                Some(key) => {
                    problem.leaves_unread(Part::front_matter(shown, Some(key.clone()).filter(|k| !k.is_empty())))
                }
                None => problem,
            }
        })
        .collect();
    (front, problems)
}

/// Parses front matter YAML: what could be read, and the mistakes with their line and column
/// within `yaml` (a key whose value could not be read is left out).
pub fn parse(yaml_text: &str) -> (FrontMatter, Vec<yaml::YamlError>) {
    let yaml_text = yaml::strip_invisible(yaml_text);
    let (value, mut errors) = yaml::parse_all::<Option<Value>>(&yaml_text);
    let meta: serde_json::Map<String, Value> = match value {
        Some(Some(Value::Object(map))) => map,
        None | Some(None | Some(Value::Null)) => serde_json::Map::new(),
        Some(Some(_)) => {
            errors.push(yaml::YamlError {
                message: "each line must be `key: value`".into(),
                help: Some("write each setting on a line of its own, e.g. `description: What this page is for`".into()),
                line: 1,
                col: 1,
                left_out: None,
            });
            serde_json::Map::new()
        }
    };
    let string = |key: &str| match meta.get(key) {
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let flag = |key: &str| matches!(meta.get(key), Some(Value::Bool(true)));
    let mut layout = Layout::default();
    if let Some(Value::Object(raw)) = meta.get("layout") {
        let switch = |key: &str| -> Option<RawLayoutSwitch> {
            raw.get(key).and_then(|v| serde_json::from_value(v.clone()).ok())
        };
        if let Some(Value::String(width)) = raw.get("width") {
            layout.width = width.clone();
        }
        if let Some(cover) = switch("cover") {
            layout.cover = cover.visible.unwrap_or(true);
            layout.cover_size = cover.size.unwrap_or(layout.cover_size);
        }
        let visible = |key: &str| switch(key).and_then(|s| s.visible).unwrap_or(true);
        layout.title = visible("title");
        layout.description = visible("description");
        layout.table_of_contents = visible("tableOfContents");
        layout.outline = visible("outline");
        layout.pagination = visible("pagination");
        layout.metadata = visible("metadata");
    }
    let role = string("role").map(|id| RoleFront {
        id,
        discipline: string("discipline"),
        time_per_month: string("time_per_month"),
        responsibilities: match meta.get("responsibilities") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::String(one)) => vec![one.trim().to_string()],
            _ => Vec::new(),
        },
    });
    let front = FrontMatter {
        page_type: string("type").map(|t| t.to_ascii_lowercase()),
        role,
        description: string("description"),
        hidden: flag("hidden"),
        icon: string("icon"),
        cover: string("cover"),
        cover_y: meta.get("coverY").and_then(Value::as_f64),
        cover_height: meta.get("coverHeight").and_then(Value::as_f64),
        no_index: flag("noIndex"),
        no_robots_index: flag("noRobotsIndex"),
        layout,
        vars: match meta.get("vars") {
            Some(Value::Object(vars)) => vars.clone(),
            _ => serde_json::Map::new(),
        },
        meta,
    };
    (front, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_fences() {
        let text = "---\ndescription: x\n---\n# Title\n";
        let split = split(text);
        assert_eq!(split.yaml, Some(("description: x\n", 4)));
        assert_eq!(&text[split.body_start..], "# Title\n");
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# Title\n---\n").yaml.is_none());
        assert!(split("---\nunclosed: true\n").yaml.is_none());
        let bom = "\u{feff}---\na: 1\n---\nbody";
        assert_eq!(&bom[split(bom).body_start..], "body");
    }

    #[test]
    fn typed_fields_and_layout() {
        let fm = parse(
            "description: >-\n  Folded\n  text\nhidden: true\ncoverY: 42.49\nlayout:\n  title:\n    visible: false\n  cover:\n    size: hero\nvars:\n  ward: NICU\n",
        );
        let (fm, errors) = (fm.0, fm.1);
        assert_eq!(errors, []);
        assert_eq!(fm.description.as_deref(), Some("Folded text"));
        assert!(fm.hidden);
        assert_eq!(fm.cover_y, Some(42.49));
        assert!(!fm.layout.title);
        assert!(fm.layout.description);
        assert_eq!(fm.layout.cover_size, "hero");
        assert_eq!(fm.vars["ward"], "NICU");
    }

    #[test]
    fn broken_yaml_reports_line() {
        let (_, errors) = parse("description: ok\ntitle: [broken\n");
        assert_eq!((errors[0].line, errors[0].col), (2, 8), "{errors:?}");
    }

    #[test]
    fn a_mistake_under_one_key_keeps_the_others() {
        let (front, errors) =
            parse("description: Chairs sessions: keeps the room safe\nrole: chair\nresponsibilities: [\"Chair\"]\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].left_out.as_deref(), Some("description"));
        assert_eq!(front.description, None);
        let role = front.role.unwrap();
        assert_eq!((role.id.as_str(), role.responsibilities.as_slice()), ("chair", ["Chair".to_string()].as_slice()));
    }

    #[test]
    fn problems_are_placed_in_the_page_and_say_what_they_left_unread() {
        use neokit_core::diagnostics::Part;
        let text = "---\ntitle: x\ndescription: a: b\n---\n# T\n";
        let (_, problems) = read(text, std::path::Path::new("a.md"));
        assert_eq!(problems.len(), 1);
        let location = problems[0].location.clone().unwrap();
        assert_eq!((location.line, location.col), (3, 15));
        assert_eq!(problems[0].unread(), Some(&Part::front_matter("a.md", Some("description".into()))));
        let (_, problems) = read("---\n  a: 1\nb: 2\n---\n", std::path::Path::new("a.md"));
        assert_eq!(problems[0].unread(), Some(&Part::front_matter("a.md", None)));
        let (_, problems) = read("---\na: 1\na: 2\n---\n", std::path::Path::new("a.md"));
        assert_eq!(
            (problems[0].message.as_str(), problems[0].unread()),
            ("in the front matter, `a` is written twice (first on line 1)", None)
        );
    }
}
