//! GitBook's HTML tables: card grids (`<table data-view="cards">`) and tables with typed,
//! hidden or header-less columns.
//!
//! Input: the HTML of one table as GitBook writes it (always on one line, no nested tables).
//! Output: a parsed [`Table`], which the card blocks (`gitbook/cards.rs`) and GitBook tables
//! (`gitbook/table.rs`) write as a card grid or a plain table. Cell contents stay HTML; they are rewritten (links, marks) like any raw HTML.

use neokit_core::htmltext::{decode_entities, escape};

/// A start tag's attributes in order; valueless attributes have an empty value.
pub type Attributes = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub attrs: Attributes,
    /// The cell's inner HTML.
    pub html: String,
}

impl Cell {
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|(k, _)| k == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub attrs: Attributes,
    pub head: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|(k, _)| k == name)
    }

    pub fn is_cards(&self) -> bool {
        self.attr("data-view") == Some("cards")
    }

    /// Index of the first column carrying `attribute` (`data-card-target`, `data-card-cover`).
    pub fn column_with(&self, attribute: &str) -> Option<usize> {
        self.head.iter().position(|c| c.has(attribute))
    }
}

pub fn attr<'a>(attrs: &'a Attributes, name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Whether `html` holds a table neokit should rebuild (GitBook's `data-` attributes).
pub fn is_gitbook_table(html: &str) -> bool {
    html.contains("<table")
        && (html.contains("data-view=")
            || html.contains("data-header-hidden")
            || html.contains("data-hidden")
            || html.contains("data-type=")
            || html.contains("data-full-width"))
}

/// Finds the first `<table>...</table>` in `html`: (text before, table, text after).
pub fn split_table(html: &str) -> Option<(&str, Table, &str)> {
    let start = find_tag(html, 0, "table")?;
    let end_tag = html[start..].find("</table>").map(|i| start + i)?;
    let table = parse(&html[start..end_tag + "</table>".len()])?;
    Some((&html[..start], table, &html[end_tag + "</table>".len()..]))
}

/// Parses a table (the HTML from `<table` to `</table>`).
pub fn parse(html: &str) -> Option<Table> {
    let (attrs, mut pos) = start_tag(html, 0)?;
    let mut table = Table { attrs, head: Vec::new(), rows: Vec::new() };
    let mut in_head = false;
    let mut row: Option<Vec<Cell>> = None;
    while let Some(lt) = html[pos..].find('<').map(|i| pos + i) {
        let rest = &html[lt..];
        let name = tag_name(rest);
        match name.as_str() {
            "thead" => in_head = true,
            "/thead" => in_head = false,
            "tr" => row = Some(Vec::new()),
            "/tr" => {
                if let Some(cells) = row.take() {
                    if in_head && table.head.is_empty() {
                        table.head = cells;
                    } else {
                        table.rows.push(cells);
                    }
                }
            }
            "th" | "td" => {
                let (attrs, inner_start) = start_tag(html, lt)?;
                let close = format!("</{name}>");
                let inner_end = html[inner_start..].find(&close).map_or(html.len(), |i| inner_start + i);
                let cell = Cell { attrs, html: html[inner_start..inner_end].to_string() };
                row.get_or_insert_with(Vec::new).push(cell);
                pos = (inner_end + close.len()).min(html.len());
                continue;
            }
            _ => {}
        }
        pos = html[lt..].find('>').map_or(html.len(), |i| lt + i + 1);
    }
    // A table without <thead> takes its first row as the head when it is all <th>.
    if table.head.is_empty() && !table.rows.is_empty() && !html.contains("<td") {
        table.head = table.rows.remove(0);
    }
    Some(table)
}

fn find_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        if tag_name(&html[start..]) == name {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The lowercased name of the tag at the start of `text` (`/td` for an end tag).
fn tag_name(text: &str) -> String {
    let body = text.strip_prefix('<').unwrap_or(text);
    let (slash, body) = match body.strip_prefix('/') {
        Some(b) => ("/", b),
        None => ("", body),
    };
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(body.len());
    format!("{slash}{}", body[..end].to_ascii_lowercase())
}

/// Parses the start tag at `at`: its attributes and the offset after its `>`.
pub fn start_tag(html: &str, at: usize) -> Option<(Attributes, usize)> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some((attrs, i + 1));
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end = html[value_start..].find(quote as char).map_or(html.len(), |e| value_start + e);
                value = decode_entities(&html[value_start..value_end]);
                i = (value_end + 1).min(html.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&html[value_start..i]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// The text of an HTML fragment: tags removed, entities decoded, spaces collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first start tag in `html` that has one of `attributes`.
pub fn first_tag_with(html: &str, attributes: &[&str]) -> Option<(Attributes, usize)> {
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        if html[start + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
            && let Some((attrs, end)) = start_tag(html, start)
            && attrs.iter().any(|(k, _)| attributes.contains(&k.as_str()))
        {
            return Some((attrs, end));
        }
        at = start + 1;
    }
    None
}

/// A header cell without its `<select>` (GitBook stores a select column's options there).
pub fn strip_select(html: &str) -> String {
    match (html.find("<select"), html.find("</select>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &html[..start], &html[end + "</select>".len()..]),
        _ => html.to_string(),
    }
}

/// The options of a select column: (value, label, colour).
pub fn select_options(html: &str) -> Vec<(String, String, String)> {
    let mut options = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find("<option") {
        let start = at + i;
        if let Some((attrs, end)) = start_tag(html, start) {
            let get = |k: &str| attr(&attrs, k).unwrap_or("").to_string();
            options.push((get("value"), get("label"), get("color")));
            at = end;
        } else {
            break;
        }
    }
    options
}

/// `<span data-option="id">x</span>` -> a coloured badge with the option's label.
pub fn replace_options(html: &str, options: &[(String, String, String)]) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<span") {
        out.push_str(&rest[..i]);
        let Some((attrs, end)) = start_tag(rest, i) else { break };
        let Some(value) = attr(&attrs, "data-option") else {
            out.push_str(&rest[i..end]);
            rest = &rest[end..];
            continue;
        };
        let close = rest[end..].find("</span>").map_or(rest.len(), |c| end + c + "</span>".len());
        let inner = plain_text(&rest[end..close.min(rest.len())]);
        let (label, colour) = options
            .iter()
            .find(|(v, _, _)| v == value)
            .map(|(_, l, c)| (if l.is_empty() { inner.clone() } else { l.clone() }, c.clone()))
            .unwrap_or((inner, String::new()));
        let colour = if colour.is_empty() { String::new() } else { format!(" mark-bg-{}", escape(&colour)) };
        out.push_str(&format!("<span class=\"badge{colour}\">{}</span>", escape(&label)));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_card_table() {
        let html = r#"<table data-card-size="large" data-view="cards"><thead><tr><th></th><th data-hidden data-card-target data-type="content-ref"></th><th data-hidden data-card-cover data-type="files"></th></tr></thead><tbody><tr><td><strong>Title</strong></td><td><a href="page.md">page.md</a></td><td><a href="img (1).png">img (1).png</a></td></tr><tr><td><p><mark style="color:green;">Yes &#x26; more</mark></p></td><td></td><td></td></tr></tbody></table>"#;
        let table = parse(html).unwrap();
        assert!(table.is_cards());
        assert_eq!(table.attr("data-card-size"), Some("large"));
        assert_eq!(table.head.len(), 3);
        assert!(table.head[1].has("data-hidden"));
        assert_eq!(table.column_with("data-card-target"), Some(1));
        assert_eq!(table.column_with("data-card-cover"), Some(2));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0][1].html, "<a href=\"page.md\">page.md</a>");
        assert_eq!(plain_text(&table.rows[1][0].html), "Yes & more");
    }

    #[test]
    fn split_keeps_surroundings() {
        let (before, table, after) = split_table("x<table><tr><td>1</td></tr></table>y").unwrap();
        assert_eq!((before, after), ("x", "y"));
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn attributes_and_entities() {
        let (attrs, end) = start_tag(r#"<th width="87" align=center data-hidden title='a &#x3C; b'>x"#, 0).unwrap();
        assert_eq!(attrs[0], ("width".into(), "87".into()));
        assert_eq!(attrs[1], ("align".into(), "center".into()));
        assert_eq!(attrs[2], ("data-hidden".into(), String::new()));
        assert_eq!(attrs[3], ("title".into(), "a < b".into()));
        assert_eq!(end, 59);
    }
}
