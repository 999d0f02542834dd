//! Code, diagrams and formulas: fenced code blocks (with the options of an enclosing
//! `{% code %}`), GitBook's HTML form of code blocks, Mermaid fences drawn as inline SVG, and
//! `$$` formulas as MathML.

use super::diagrams;
use super::doc::{CodeBlock, CodeBody};
use super::gitbook::code::CodeOptions;
use super::highlight;
use super::out::{Out, escape};
use super::tables;

impl CodeBlock {
    /// A fenced or indented code block; `info` is the fence's info string.
    pub fn fenced(info: &str, text: String) -> CodeBlock {
        let language =
            info.split(|c: char| c.is_whitespace() || c == '{' || c == ',').next().unwrap_or("").trim().to_string();
        CodeBlock { language, options: CodeOptions::default(), body: CodeBody::Text(text) }
    }

    /// GitBook's HTML form of a code block (written when lines carry marks or annotations):
    /// `<pre class="language-x" data-title="..." data-line-numbers><code>...</code></pre>`.
    /// Returns the block and where the HTML after its `</pre>` starts.
    pub fn from_html(html: &str) -> Option<(CodeBlock, usize)> {
        let start = html.len() - html.trim_start().len();
        let (attrs, after_pre) = tables::start_tag(html, start)?;
        let code_at = html[after_pre..].find("<code").map(|i| after_pre + i)?;
        let (code_attrs, body_start) = tables::start_tag(html, code_at)?;
        let body_end = html[body_start..].rfind("</code>").map(|i| body_start + i)?;
        let pre_end = html[body_end..].find("</pre>").map(|i| body_end + i + "</pre>".len())?;
        let get = |key: &str| tables::attr(&attrs, key);
        let class = get("class").or(tables::attr(&code_attrs, "class")).unwrap_or("");
        let language = class
            .split_whitespace()
            .find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")))
            .unwrap_or("")
            .to_string();
        let options = CodeOptions {
            title: get("data-title").map(str::to_string),
            line_numbers: attrs.iter().any(|(k, v)| k == "data-line-numbers" && v != "false"),
            wrap: get("data-overflow") == Some("wrap"),
            expandable: get("data-expandable") == Some("true"),
        };
        let body = CodeBody::HtmlLines(split_html_lines(&html[body_start..body_end]));
        Some((CodeBlock { language, options, body }, pre_end))
    }
}

/// Writes a code block: a Mermaid diagram when it is one that can be drawn, else code.
pub fn write(out: &mut Out, block: &CodeBlock) {
    if let (CodeBody::Text(source), "mermaid") = (&block.body, block.language.as_str())
        && diagram(out, source)
    {
        return;
    }
    let options = &block.options;
    let lines: Vec<&str> = match &block.body {
        CodeBody::Text(text) => text.strip_suffix('\n').unwrap_or(text).split('\n').collect(),
        CodeBody::HtmlLines(lines) => lines.iter().map(String::as_str).collect(),
    };
    let mut classes = vec!["code-block"];
    if options.line_numbers {
        classes.push("line-numbers");
    }
    if options.wrap {
        classes.push("wrap");
    }
    if options.expandable && lines.len() > 12 {
        classes.push("expandable");
    }
    let language = block.language.as_str();
    if language == "mermaid" {
        classes.push("diagram");
    }
    out.push(&format!("<div class=\"{}\">", classes.join(" ")));
    if let Some(title) = options.title.as_deref().filter(|t| !t.is_empty()) {
        out.push("<div class=\"code-title\">");
        out.escaped(title);
        out.push("</div>");
    } else if language == "mermaid" {
        out.push("<div class=\"code-title\">Diagram (Mermaid)</div>");
    }
    out.push("<pre tabindex=\"0\"><code");
    if !language.is_empty() {
        out.push(" class=\"language-");
        out.escaped(language);
        out.push("\"");
    }
    out.push(">");
    let html = matches!(block.body, CodeBody::HtmlLines(_));
    // GitBook's HTML form keeps its own marks; text in a known language is highlighted.
    let highlighted = match &block.body {
        CodeBody::Text(text) => highlight::highlight(language, text.strip_suffix('\n').unwrap_or(text)),
        CodeBody::HtmlLines(_) => None,
    };
    for (i, line) in lines.iter().enumerate() {
        out.push("<span class=\"line\">");
        if html {
            let rewritten = out.rewrite_html(line);
            out.push(&rewritten);
        } else if let Some(tokens) = highlighted.as_ref().and_then(|lines| lines.get(i)) {
            write_tokens(out, line, tokens);
        } else {
            out.escaped(line);
        }
        out.push("</span>");
        if i + 1 < lines.len() {
            out.push("\n");
        }
    }
    out.push("</code></pre></div>\n");
}

/// A highlighted line: each token that has a colour in a `<span class="hl-...">`.
fn write_tokens(out: &mut Out, line: &str, tokens: &highlight::Line) {
    let mut written = 0;
    for (token, range) in tokens {
        let Some(text) = line.get(range.clone()) else { continue };
        match token.class() {
            Some(class) => {
                out.push("<span class=\"");
                out.push(class);
                out.push("\">");
                out.escaped(text);
                out.push("</span>");
            }
            None => out.escaped(text),
        }
        written = range.end;
    }
    // Whatever the tokens did not cover (never expected) is still shown.
    if let Some(rest) = line.get(written..) {
        out.escaped(rest);
    }
}

/// A Mermaid diagram as inline SVG with its source below it, or `false` (with a warning)
/// when it cannot be drawn and is shown as code instead.
fn diagram(out: &mut Out, source: &str) -> bool {
    out.diagrams += 1;
    match diagrams::render(source, &format!("diagram-{}-", out.diagrams)) {
        Ok(diagram) => {
            let name = diagram.title.as_deref().unwrap_or(out.env.text.diagram);
            let svg = diagram.svg.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(name)), 1);
            out.push("<figure class=\"diagram\"><div class=\"diagram-drawing\">");
            out.push(&svg);
            out.push("</div><details class=\"diagram-source\"><summary>");
            out.escaped(out.env.text.diagram_source);
            out.push("</summary><pre tabindex=\"0\"><code class=\"language-mermaid\">");
            out.escaped(source.trim_end());
            out.push("</code></pre></details></figure>\n");
            true
        }
        Err(message) => {
            out.warn("mermaid", message, Some("lines of the diagram are counted from the one after ```mermaid".into()));
            false
        }
    }
}

/// A formula as MathML: no script, no font download, no request.
pub fn math(out: &mut Out, index: usize) {
    let Some(math) = out.prepared.scanned.math.get(index) else { return };
    let storage = pulldown_latex::Storage::new();
    let parser = pulldown_latex::Parser::new(&math.latex, &storage);
    let events: Vec<_> = parser.collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        let message = error.to_string();
        let text = format!("formula `{}` cannot be read: {}", math.latex, message.lines().next().unwrap_or(""));
        out.warn_in_file("invalid-math", text, math.file, math.offset);
    }
    let config = pulldown_latex::RenderConfig {
        display_mode: if math.display {
            pulldown_latex::config::DisplayMode::Block
        } else {
            pulldown_latex::config::DisplayMode::Inline
        },
        annotation: Some(&math.latex),
        ..Default::default()
    };
    let mut mathml = String::new();
    if pulldown_latex::push_mathml(&mut mathml, events.into_iter(), config).is_err() {
        mathml = format!("<code>{}</code>", escape(&math.latex));
    }
    // MathML spacing and colours come as style attributes, which a strict CSP forbids.
    let mathml = strip_style_attributes(&mathml);
    if math.display {
        out.push(&format!("<div class=\"math-display\">{mathml}</div>"));
    } else {
        out.push(&format!("<span class=\"math\">{mathml}</span>"));
    }
}

/// Splits HTML into lines, closing inline tags at each line end and reopening them on the
/// next line, so every line can be wrapped in its own element.
fn split_html_lines(html: &str) -> Vec<String> {
    let html = html.strip_suffix('\n').unwrap_or(html);
    let mut lines = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for raw in html.split('\n') {
        // A tag closed at the very start of this line is not reopened for it.
        let mut raw = raw;
        while let Some(top) = open.last() {
            let close = format!("</{}>", tag_name(top));
            match raw.strip_prefix(close.as_str()) {
                Some(after) => {
                    raw = after;
                    open.pop();
                }
                None => break,
            }
        }
        let mut line: String = open.concat();
        line.push_str(raw);
        let mut rest = raw;
        while let Some(lt) = rest.find('<') {
            let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
            let tag = &rest[lt..tag_end];
            if let Some(name) = tag.strip_prefix("</") {
                let name = name.trim_end_matches('>').trim().to_ascii_lowercase();
                if let Some(pos) = open.iter().rposition(|t| tag_name(t) == name) {
                    open.remove(pos);
                }
            } else if !tag.ends_with("/>") && !tag.starts_with("<!") {
                open.push(tag.to_string());
            }
            rest = &rest[tag_end..];
        }
        for tag in open.iter().rev() {
            line.push_str(&format!("</{}>", tag_name(tag)));
        }
        lines.push(line);
    }
    lines
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<').split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_ascii_lowercase()
}

/// Removes `style="..."` attributes from generated markup.
fn strip_style_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " style=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}
