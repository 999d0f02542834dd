//! Mermaid diagrams, drawn at build time as inline SVG: the published site runs no diagram
//! script, works offline and from `file://`, and the SVG holds under a strict
//! Content-Security-Policy (no `<style>`, no style attributes, no event handlers).

use neokit_core::guard::quietly;
use neokit_core::htmltext::decode_entities;

/// Diagram sources larger than this are shown as code: layout time grows faster than size.
const MAX_SOURCE_BYTES: usize = 20_000;

/// A diagram drawn as SVG: its markup, and its accessible name (`accTitle`) if it has one.
#[derive(Debug)]
pub struct Diagram {
    pub svg: String,
    pub title: Option<String>,
}

impl Diagram {
    /// The words the drawing shows (its labels, in the order drawn), for search: what a
    /// reader sees, not the diagram's source.
    pub fn words(&self) -> String {
        let mut words = String::new();
        for piece in self.svg.split("<text").skip(1) {
            let Some(inner) = piece.find('>').map(|start| &piece[start + 1..]) else { continue };
            let inner = inner.split("</text>").next().unwrap_or_default();
            let mut in_tag = false;
            let mut text = String::new();
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = decode_entities(&text);
            for word in text.split_whitespace() {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(word);
            }
        }
        words
    }
}

/// Draws `source`, prefixing the SVG's ids with `prefix` so that several diagrams on one page
/// keep their own markers. `Err` says why the diagram cannot be drawn.
pub fn render(source: &str, prefix: &str) -> Result<Diagram, String> {
    let drawn = drawn(source)?;
    let drawn = drawn.as_ref();
    // The root's roles describe the drawing to Mermaid's own tools; the page gives it one.
    // Style attributes would be refused under a strict Content-Security-Policy.
    let root_end = drawn.find('>').unwrap_or(0);
    let mut root = drawn[..root_end].to_string();
    for attribute in [" role=\"", " aria-roledescription=\"", " aria-labelledby=\"", " aria-describedby=\""] {
        root = without_attribute(&root, attribute);
    }
    let svg = without_attribute(&format!("{root}{}", &drawn[root_end..]), " style=\"")
        .replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    let title = source
        .lines()
        .find_map(|line| line.trim().strip_prefix("accTitle").map(|rest| rest.trim_start_matches([' ', ':']).trim()))
        .filter(|title| !title.is_empty())
        .map(str::to_string);
    Ok(Diagram { svg, title })
}

/// The laid-out SVG of `source` as `mermaid-svg` draws it, or why it cannot be drawn. A page's
/// HTML, its search text and the PDF all draw its diagrams: each is laid out once, and kept
/// (a bounded number, by their source) for the others and for the preview's next save.
fn drawn(source: &str) -> Result<std::sync::Arc<str>, String> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Drawn = Result<Arc<str>, String>;
    static KEPT: OnceLock<Mutex<HashMap<String, Drawn>>> = OnceLock::new();
    const MAX_KEPT: usize = 256;
    let kept = KEPT.get_or_init(Default::default);
    if let Some(found) = kept.lock().ok().and_then(|kept| kept.get(source).cloned()) {
        return found;
    }
    let made: Drawn = lay_out(source).map(Arc::from);
    if let Ok(mut kept) = kept.lock() {
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(source.to_string(), made.clone());
    }
    made
}

/// Lays `source` out as SVG (see [`drawn`]).
fn lay_out(source: &str) -> Result<String, String> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(format!("the diagram is over {} KB and is shown as text", MAX_SOURCE_BYTES / 1000));
    }
    // `click` lines attach scripts or links to nodes, and `%%{init}%%` directives change the
    // theme and sizing the site relies on: a kit's diagrams are pictures in the site's style.
    let source: String = source
        .lines()
        .filter(|line| !(line.trim_start().starts_with("click ") || line.trim_start().starts_with("%%{")))
        .map(|line| format!("{line}\n"))
        .collect();
    let source = if is_flowchart(&source) { joined_flowchart(&source) } else { source };
    let theme = mermaid_svg::Theme { responsive: false, ..mermaid_svg::Theme::default_theme() };
    quietly(|| mermaid_svg::render_with(&source, &theme))
        .ok_or_else(|| "the diagram cannot be drawn; it is shown as text".to_string())?
        .map_err(|error| {
            let error = error.to_string();
            let detail = error.strip_prefix("parse error: ").unwrap_or(&error);
            format!("the diagram cannot be drawn ({detail}); it is shown as text")
        })
}

/// Whether the diagram is a flowchart (`flowchart` or `graph`), past front matter and comments.
fn is_flowchart(source: &str) -> bool {
    let mut lines = source.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("%%"));
    let mut first = lines.next();
    if first == Some("---") {
        first = lines.by_ref().find(|l| *l == "---").and_then(|_| lines.next());
    }
    first.and_then(|l| l.split_whitespace().next()).is_some_and(|kind| matches!(kind, "flowchart" | "graph"))
}

/// Edge operators a flowchart statement may end with when its target is on the next line.
const OPEN_EDGE_ENDS: [&str; 13] =
    ["-->", "---", "==>", "===", "-.->", "-.-", "--o", "--x", "==o", "==x", "<-->", "~~~", "&"];

/// A flowchart with each statement on one line, as `mermaid-svg` reads it: an edge whose
/// target is on the next line (`A -->` / `B`, `A -->|yes|` / `B`, `A &` / `B --> C`) is joined
/// with that line, and so is a line that starts with an edge (`A` / `--> B`), and a Markdown string (`"\`...\`"`) spread over lines becomes one line
/// (its line breaks become spaces; the renderer wraps long labels itself). Mermaid reads both; the renderer takes a line as a whole statement.
fn joined_flowchart(source: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for line in source.lines() {
        let statement = match pending.take() {
            Some(open) => format!("{open} {}", line.trim()),
            None if starts_with_edge(line) && lines.last().is_some_and(|last| !last.trim().is_empty()) => {
                format!("{} {}", lines.pop().unwrap_or_default(), line.trim())
            }
            None => line.to_string(),
        };
        if open_markdown_string(&statement) || ends_with_open_edge(&statement) {
            pending = Some(statement);
        } else {
            lines.push(statement);
        }
    }
    lines.extend(pending);
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// Whether `line` continues the statement before it with an edge (`--> B` under `A`).
fn starts_with_edge(line: &str) -> bool {
    let line = line.trim_start();
    !line.trim_end().trim_start_matches('-').is_empty()
        && ["--", "==", "-.", "<--", "<==", "<-.", "~~~", "&"].iter().any(|start| line.starts_with(start))
}

/// Whether `line` opens a Markdown string (`"\``) that it does not close.
fn open_markdown_string(line: &str) -> bool {
    line.matches("\"`").count() > line.matches("`\"").count()
}

/// Whether the statement on `line` (before any `%%` comment) ends with an edge that has no
/// target yet: an edge operator, an edge label `-->|text|`, or `&`.
fn ends_with_open_edge(line: &str) -> bool {
    let code = line.split("%%").next().unwrap_or("").trim_end();
    let code = match code.strip_suffix('|') {
        Some(rest) => match rest.rfind('|') {
            Some(label_start) => rest[..label_start].trim_end(),
            None => return false,
        },
        None => code,
    };
    // `---` alone opens or closes front matter.
    !code.trim_start().trim_start_matches('-').is_empty() && OPEN_EDGE_ENDS.iter().any(|end| code.ends_with(end))
}

/// `text` without any ` name="value"` (`attribute` is ` name="`).
fn without_attribute(text: &str, attribute: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(attribute) {
        out.push_str(&rest[..start]);
        let value = &rest[start + attribute.len()..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagrams_are_svg_without_styles_or_scripts() {
        let flow = "flowchart TD\n  accTitle: Consent\n  A[Admitted] --> B{Consent?}\n  B -->|Yes| C[Record]\n  click A \"javascript:alert(1)\"\n";
        let diagram = render(flow, "d1-").unwrap();
        assert!(diagram.svg.starts_with("<svg xmlns"), "{}", diagram.svg);
        for forbidden in ["<style", "style=", "<script", "onclick", "javascript:", "id=\"arrow", "aria-labelledby"] {
            assert!(!diagram.svg.contains(forbidden), "{forbidden} in {}", diagram.svg);
        }
        assert!(diagram.svg.contains("id=\"d1-arrow-filled\"") && diagram.svg.contains("url(#d1-arrow-filled)"));
        assert!(diagram.svg.contains("Admitted"));
        assert_eq!(diagram.title.as_deref(), Some("Consent"));
    }

    #[test]
    fn directives_cannot_restyle_a_diagram() {
        let flow = "%%{init: {\"theme\": \"dark\"}}%%\nflowchart LR\n  A[Start] --> B[End]\n  style A fill:#f9f\n";
        let diagram = render(flow, "d1-").unwrap();
        assert!(!diagram.svg.contains("style="), "{}", diagram.svg);
        assert!(diagram.svg.contains("width=\"") && !diagram.svg.contains("width=\"100%\""), "{}", diagram.svg);
        assert_eq!(without_attribute("<a style=\"x\" b=\"1\" style=\"y\">", " style=\""), "<a b=\"1\">");
    }

    #[test]
    fn broken_and_huge_diagrams_are_refused() {
        assert!(render("flowchart TD\n A --> \n }}}", "d1-").is_err());
        assert!(render(&"flowchart TD\n".repeat(2_000), "d1-").unwrap_err().contains("KB"));
    }
}

#[cfg(test)]
mod corpus {
    /// The diagrams of `tests/mermaid` (real-world syntax of every kind GitBook pages use):
    /// each draws, with its labels and none of its syntax as text, except the `refused-*`
    /// ones, which are shown as text with a reason.
    #[test]
    fn real_world_diagrams_draw() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mermaid");
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        paths.sort();
        assert!(paths.len() >= 40, "{}", paths.len());
        for path in paths {
            let source = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            match super::render(&source, "c-") {
                Ok(diagram) if !name.starts_with("refused-") => {
                    let text: String = diagram.svg.split('>').filter_map(|part| part.split('<').next()).collect();
                    for syntax in ["classDef", "%%", "-->", "linkStyle", "style ", "`"] {
                        assert!(!text.contains(syntax), "{name}: {syntax} drawn as text: {text}");
                    }
                }
                Ok(_) => panic!("{name} was expected to be refused"),
                Err(reason) => {
                    assert!(name.starts_with("refused-"), "{name} is not drawn: {reason}");
                    assert!(reason.contains("shown as text"), "{reason}");
                }
            }
        }
    }

    #[test]
    fn a_diagram_s_words_are_its_labels_not_its_source() {
        let diagram = super::render("flowchart LR\n  A[Consent &amp; camera] -->|yes| B(Review room)\n", "w-").unwrap();
        let words = diagram.words();
        for shown in ["Consent", "camera", "yes", "Review", "room"] {
            assert!(words.contains(shown), "{shown} in {words:?}");
        }
        for syntax in ["flowchart", "-->", "[", "|", "LR"] {
            assert!(!words.contains(syntax), "{syntax} in {words:?}");
        }
    }

    #[test]
    fn continued_statements_are_joined() {
        let joined = super::joined_flowchart(
            "flowchart TD\n  A -->\n  B\n  B -->|yes|\n C\n  C\n  --> D\n  E[\"`one\n  two`\"]\n",
        );
        assert_eq!(joined, "flowchart TD\n  A --> B\n  B -->|yes| C\n  C --> D\n  E[\"`one two`\"]\n");
        assert!(super::is_flowchart("---\ntitle: x\n---\n%% note\ngraph LR\n"));
        assert_eq!(super::joined_flowchart("---\ntitle: x\n---\ngraph LR\n"), "---\ntitle: x\n---\ngraph LR\n");
        assert!(!super::ends_with_open_edge("A --> B %% then -->"));
        assert!(super::ends_with_open_edge("A -- text --> %% comment"));
    }
}
