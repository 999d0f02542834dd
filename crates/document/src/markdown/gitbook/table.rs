//! GitBook's tables written as HTML (`<table>` with hidden, header-less or typed columns:
//! checkbox, select, rating), as a plain accessible table.

use crate::markdown::out::Out;
use crate::markdown::tables::{self, Table};

pub fn write(out: &mut Out, table: &Table) {
    let visible: Vec<usize> = (0..table.head.len().max(table.rows.iter().map(Vec::len).max().unwrap_or(0)))
        .filter(|i| !table.head.get(*i).is_some_and(|h| h.has("data-hidden")))
        .collect();
    let column_class = |i: usize| -> String {
        match table.head.get(i).and_then(|h| h.attr("align")).map(str::to_ascii_lowercase).as_deref() {
            Some("center") => " class=\"align-center\"".into(),
            Some("right") => " class=\"align-right\"".into(),
            _ => String::new(),
        }
    };
    let full = if table.attr("data-full-width") == Some("true") { " class=\"full-width\"" } else { "" };
    out.push(&format!("<div class=\"table-wrap\"><table{full}>"));
    if !table.has("data-header-hidden") && !table.head.is_empty() {
        out.push("<thead><tr>");
        for &i in &visible {
            let html = table.head.get(i).map(|h| tables::strip_select(&h.html)).unwrap_or_default();
            out.push(&format!("<th scope=\"col\"{}>", column_class(i)));
            out.html_fragment(&html);
            out.push("</th>");
        }
        out.push("</tr></thead>");
    }
    out.push("<tbody>\n");
    for row in &table.rows {
        out.push("<tr>");
        for &i in &visible {
            out.push(&format!("<td{}>", column_class(i)));
            if let Some(cell) = row.get(i) {
                let head = table.head.get(i);
                match head.and_then(|h| h.attr("data-type")) {
                    Some("checkbox") => {
                        let checked = tables::plain_text(&cell.html).eq_ignore_ascii_case("true");
                        let label = if checked { "yes" } else { "no" };
                        out.push(&format!(
                            "<span class=\"checkbox{}\" role=\"img\" aria-label=\"{label}\">{}</span>",
                            if checked { " is-checked" } else { "" },
                            if checked { "☑" } else { "☐" }
                        ));
                    }
                    Some("select") => {
                        let options = head.map(|h| tables::select_options(&h.html)).unwrap_or_default();
                        let html = tables::replace_options(&cell.html, &options);
                        out.html_fragment(&html);
                    }
                    Some("rating") => {
                        let max: usize =
                            head.and_then(|h| h.attr("data-max")).and_then(|m| m.parse().ok()).unwrap_or(5).min(10);
                        let value: usize = tables::plain_text(&cell.html).parse().unwrap_or(0).min(max);
                        out.push(&format!(
                            "<span class=\"rating\" role=\"img\" aria-label=\"{value} / {max}\">{}{}</span>",
                            "★".repeat(value),
                            "☆".repeat(max - value)
                        ));
                    }
                    _ => out.html_fragment(&cell.html),
                }
            }
            out.push("</td>");
        }
        out.push("</tr>\n");
    }
    out.push("</tbody></table></div>\n");
}
