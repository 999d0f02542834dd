//! Cards: `{% content-ref %}` / `{% page-ref %}` (a card linking to a page) and GitBook's
//! card tables (`<table data-view="cards">`), including do/don't cards.

use crate::links::Target;
use crate::markdown::destinations::is_lost;
use crate::markdown::out::{Out, escape};
use crate::markdown::tables::{self, Cell, Table};
use neokit_core::icons;

/// A card linking to a page (or any destination), with its title and description.
pub fn content_ref(out: &mut Out, dest: &str) {
    let (url, target) = out.link(dest);
    // A page GitBook lost, or one that is not published: a card that leads nowhere.
    if let Target::Unpublished { .. } = target {
        let not_available = escape(out.env.text.not_available);
        let text =
            if is_lost(dest) { String::new() } else { format!("<span class=\"card-title\">{}</span>", escape(dest)) };
        out.push(&format!(
            "<div class=\"card content-ref unavailable\">{}<span class=\"card-body\">{text}<span class=\"card-text\">{not_available}</span></span></div>\n",
            icons::svg("page"),
        ));
        return;
    }
    let title = out.target_title(&target).unwrap_or_else(|| dest.to_string());
    let description = match &target {
        Target::Page { page, .. } => out.env.site.page_description(*page).map(str::to_string),
        _ => None,
    };
    out.push(&format!(
        "<a class=\"card content-ref\" href=\"{}\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span>",
        escape(&url),
        icons::svg("page"),
        escape(&title)
    ));
    if let Some(description) = description {
        out.push(&format!("<span class=\"card-text\">{}</span>", escape(&description)));
    }
    out.push(&format!("</span>{}</a>\n", icons::svg("arrow-right")));
}

/// The URL in the first `href` or `src` of a cell, resolved.
fn cell_url(out: &mut Out, cell: &Cell) -> Option<(String, Target)> {
    let (attrs, _) = tables::first_tag_with(&cell.html, &["href", "src"])?;
    let url = tables::attr(&attrs, "href").or(tables::attr(&attrs, "src"))?.to_string();
    if is_lost(&url) {
        let again = "write the page's path in the cell's `href`";
        out.lost_link_at(&url, "card's link", "the card is shown without a link", again);
        return None;
    }
    // An unpublished target: the card is shown without a link.
    Some(out.link(&url)).filter(|(_, target)| !matches!(target, Target::Unpublished { .. }))
}

/// A card table as a grid of cards.
pub fn card_grid(out: &mut Out, table: &Table) {
    let target_column = table.column_with("data-card-target");
    let cover_column = table.column_with("data-card-cover");
    let dark_column = table.column_with("data-card-cover-dark");
    let special = [target_column, cover_column, dark_column];
    let labels = !table.has("data-column-title-hidden");
    let mut classes = vec!["cards"];
    if table.attr("data-card-size") == Some("large") {
        classes.push("cards-large");
    }
    if table.attr("data-card-wrap") == Some("false") {
        classes.push("cards-scroll");
    }
    out.push(&format!("<ul class=\"{}\">\n", classes.join(" ")));
    for row in &table.rows {
        let cell = |column: Option<usize>| column.and_then(|c| row.get(c));
        let target = cell(target_column).and_then(|c| cell_url(out, c));
        let cover = cell(cover_column).and_then(|c| cell_url(out, c)).map(|(url, _)| url);
        let dark = cell(dark_column).and_then(|c| cell_url(out, c)).map(|(url, _)| url);
        let fields: Vec<(usize, &Cell)> = row
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !special.contains(&Some(*i))
                    && !table.head.get(*i).is_some_and(|h| h.has("data-hidden"))
                    && (!tables::plain_text(&c.html).is_empty() || c.html.contains("<img"))
            })
            .collect();
        let text: String = fields.iter().map(|(_, c)| c.html.as_str()).collect();
        let green = text.contains("color:green");
        let red = text.contains("color:red");
        let verdict = match (green, red) {
            (true, false) => Some(("do", "check", out.env.text.do_label)),
            (false, true) => Some(("dont", "cross", out.env.text.dont_label)),
            _ => None,
        };
        let variant = verdict.map(|(v, _, _)| format!(" grid-card-{v}")).unwrap_or_default();
        out.push(&format!("<li><div class=\"grid-card{variant}\">"));
        if let Some(cover) = &cover {
            out.push("<div class=\"grid-card-cover\"><picture>");
            if let Some(dark) = &dark {
                out.push(&format!("<source srcset=\"{}\" media=\"(prefers-color-scheme: dark)\">", escape(dark)));
            }
            out.push(&format!("<img src=\"{}\" alt=\"\" loading=\"lazy\"></picture></div>", escape(cover)));
        }
        out.push("<div class=\"grid-card-body\">");
        if let Some((_, icon, label)) = verdict {
            out.push(&format!(
                "<p class=\"grid-card-verdict\">{}<span class=\"visually-hidden\">{label}:</span></p>",
                icons::svg(icon)
            ));
        }
        let mut linked = false;
        for (position, (column, field)) in fields.iter().enumerate() {
            out.push("<div class=\"grid-card-field\">");
            let label =
                table.head.get(*column).map(|h| tables::plain_text(&tables::strip_select(&h.html))).unwrap_or_default();
            if labels && !label.is_empty() {
                out.push(&format!("<span class=\"grid-card-field-label\">{}</span>", escape(&label)));
            }
            match &target {
                Some((url, _)) if position == 0 && !field.html.contains("<a ") && !field.html.contains("<a>") => {
                    out.push(&format!("<a class=\"grid-card-link\" href=\"{}\">", escape(url)));
                    out.html_fragment(&field.html);
                    out.push("</a>");
                    linked = true;
                }
                _ => out.html_fragment(&field.html),
            }
            out.push("</div>");
        }
        if let (Some((url, target)), false) = (&target, linked) {
            let title = out.target_title(target).unwrap_or_else(|| url.clone());
            out.push(&format!("<a class=\"grid-card-link\" href=\"{}\">{}</a>", escape(url), escape(&title)));
        }
        out.push("</div></div></li>\n");
    }
    out.push("</ul>\n");
}
