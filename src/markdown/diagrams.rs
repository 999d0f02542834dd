//! Mermaid diagrams, drawn at build time as inline SVG: the published site runs no diagram
//! script, works offline and from `file://`, and the SVG holds under a strict
//! Content-Security-Policy (no `<style>`, no style attributes, no event handlers).

/// Diagram sources larger than this are shown as code: layout time grows faster than size.
const MAX_SOURCE_BYTES: usize = 20_000;

/// A diagram drawn as SVG: its markup, and its accessible name (`accTitle`) if it has one.
#[derive(Debug)]
pub struct Diagram {
    pub svg: String,
    pub title: Option<String>,
}

/// Draws `source`, prefixing the SVG's ids with `prefix` so that several diagrams on one page
/// keep their own markers. `Err` says why the diagram cannot be drawn.
pub fn render(source: &str, prefix: &str) -> Result<Diagram, String> {
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
    let theme = mermaid_svg::Theme { responsive: false, ..mermaid_svg::Theme::default_theme() };
    let drawn = std::panic::catch_unwind(|| mermaid_svg::render_with(&source, &theme))
        .map_err(|_| "the diagram cannot be drawn; it is shown as text".to_string())?
        .map_err(|error| {
            let error = error.to_string();
            let detail = error.strip_prefix("parse error: ").unwrap_or(&error);
            format!("the diagram cannot be drawn ({detail}); it is shown as text")
        })?;
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
