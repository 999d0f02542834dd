//! `neokit poster PAGE`: an A4 poster for a ward's wall or an order set: the page's title, one
//! line about it, a QR code of its short link (or address), the short link written out and the
//! brand. One SVG drawn in millimetres (210 by 297), or the same SVG in an HTML page that
//! prints on A4 without margins, or on a one-page A4 PDF (tagged, PDF/UA-1).

use crate::pipeline::GovernanceReport;
use neokit_core::htmltext::escape;
use neokit_core::{i18n, qr};
use neokit_pdf::drawing as pdf_drawing;

/// The poster of page `page` (its file, its folder in the site, or its short link) in `format`
/// (`svg`, `html` or `pdf`): its file name and bytes; an error message when the page or the
/// site's address is unknown, or the PDF cannot be made.
pub fn poster(report: &GovernanceReport, page: &str, format: &str) -> Result<(String, Vec<u8>), String> {
    let wanted = page.trim().trim_start_matches("./").trim_start_matches("go/").trim_end_matches('/');
    let found = report.pages.iter().find(|p| {
        p.short.as_deref() == Some(wanted)
            || p.path.trim_end_matches('/') == wanted
            || p.file == wanted
            || p.file.ends_with(&format!("/{wanted}"))
    });
    let Some(found) = found else {
        return Err(format!(
            "no page `{page}`: name its file (e.g. team/chair.md), its folder in the site or its short link"
        ));
    };
    let Some(base) = &report.base_url else {
        return Err(
            "a poster's QR code needs the site's public address: set `base_url` in neokit.yaml or pass --base-url"
                .into(),
        );
    };
    let (address, shown) = match &found.short {
        Some(short) => (base.join(&format!("go/{short}/")), format!("go/{short}")),
        None => {
            let address = base.join(&found.path);
            (address.clone(), address)
        }
    };
    let text = i18n::text(&report.language);
    let qr = qr::svg(&address, &format!("{}: {address}", text.qr_code))
        .ok_or_else(|| format!("`{address}` is too long for a QR code"))?
        .replacen("<svg class=\"qr\"", "<svg class=\"qr\" x=\"45\" y=\"118\" width=\"120\" height=\"120\"", 1);
    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, Arial, sans-serif\">\n",
        escape(&found.title)
    ));
    svg.push_str("<rect width=\"210\" height=\"297\" fill=\"#ffffff\"/>\n");
    svg.push_str(&format!("<rect width=\"210\" height=\"14\" fill=\"{}\"/>\n", escape(&report.color)));
    let brand = report.brand.as_deref().or(report.title.as_deref()).unwrap_or("");
    svg.push_str(&format!("<text x=\"15\" y=\"30\" font-size=\"7\" fill=\"#333333\">{}</text>\n", escape(brand)));
    let mut y = 50.0;
    for line in wrap(&found.title, 24) {
        svg.push_str(&format!(
            "<text x=\"15\" y=\"{y}\" font-size=\"13\" font-weight=\"700\" fill=\"#000000\">{}</text>\n",
            escape(&line)
        ));
        y += 15.0;
    }
    if let Some(description) = &found.description {
        y += 2.0;
        for line in wrap(description, 52).into_iter().take(4) {
            svg.push_str(&format!(
                "<text x=\"15\" y=\"{y}\" font-size=\"6\" fill=\"#222222\">{}</text>\n",
                escape(&line)
            ));
            y += 8.0;
        }
    }
    svg.push_str(&qr);
    svg.push('\n');
    svg.push_str(&format!(
        "<text x=\"105\" y=\"254\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#000000\">{}</text>\n",
        escape(&shown)
    ));
    if shown != address {
        svg.push_str(&format!(
            "<text x=\"105\" y=\"263\" font-size=\"5\" text-anchor=\"middle\" fill=\"#333333\">{}</text>\n",
            escape(&address)
        ));
    }
    if let Some(title) = report.title.as_deref().filter(|t| Some(*t) != report.brand.as_deref()) {
        svg.push_str(&format!("<text x=\"15\" y=\"285\" font-size=\"5\" fill=\"#333333\">{}</text>\n", escape(title)));
    }
    svg.push_str("</svg>\n");
    let name = found.short.clone().unwrap_or_else(|| {
        let slug = found.path.trim_end_matches('/').replace('/', "-");
        if slug.is_empty() { "home".into() } else { slug }
    });
    match format {
        "pdf" => {
            let alt = format!("{}: {address}", found.title);
            let pdf = pdf_drawing(&svg, &found.title, &alt, &report.language)?;
            return Ok((format!("poster-{name}.pdf"), pdf));
        }
        "html" => {}
        _ => return Ok((format!("poster-{name}.svg"), svg.into_bytes())),
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>@page {{ size: A4; margin: 0; }} html, body {{ margin: 0; }} svg {{ display: block; width: 210mm; height: 297mm; }}</style>\n</head>\n<body>\n{svg}</body>\n</html>\n",
        escape(&report.language),
        escape(&found.title)
    );
    Ok((format!("poster-{name}.html"), page.into_bytes()))
}

/// Words in lines of at most `width` characters (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_the_width() {
        assert_eq!(
            wrap("Data storage and privacy of recordings", 16),
            ["Data storage and", "privacy of", "recordings"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }
}
