//! Brand colours: parsing, WCAG contrast, and the CSS custom properties the theme reads; and
//! `brand:` in `neokit.yaml` checked (files that exist, colours, contrast warnings).
//!
//! Input: colour strings from `neokit.yaml`. Output: [`Color`] values and a small stylesheet
//! (`:root { --brand-primary: ... }`) written as a file, so pages need no inline styles.

use std::fmt;
use std::path::{Path, PathBuf};

use super::checker::Checker;
use super::raw;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    /// Parses `#rgb` or `#rrggbb` (the `#` is optional).
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.trim().trim_start_matches('#');
        let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
        match digits.as_slice() {
            [r, g, b] => Some(Color { r: r * 17, g: g * 17, b: b * 17 }),
            [r1, r2, g1, g2, b1, b2] => Some(Color { r: r1 * 16 + r2, g: g1 * 16 + g2, b: b1 * 16 + b2 }),
            _ => None,
        }
    }

    /// WCAG 2.1 relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG 2.1 contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    pub const WHITE: Color = Color { r: 255, g: 255, b: 255 };
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };

    /// The text colour (black or white) that reads best on this colour.
    pub fn readable_text(self) -> Color {
        if self.contrast(Color::WHITE) >= self.contrast(Color::BLACK) { Color::WHITE } else { Color::BLACK }
    }

    /// Mixes towards `other` by `amount` (0 = self, 1 = other).
    pub fn mix(self, other: Color, amount: f64) -> Color {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Color { r: m(self.r, other.r), g: m(self.g, other.g), b: m(self.b, other.b) }
    }

    /// The closest colour to this one, mixing towards `towards`, that reaches `ratio` against
    /// every one of `backgrounds` (used to keep links readable whatever the brand colour).
    pub fn adjusted_for_all(self, backgrounds: &[Color], towards: Color, ratio: f64) -> Color {
        (0..=40)
            .map(|step| self.mix(towards, f64::from(step) / 40.0))
            .find(|c| backgrounds.iter().all(|b| c.contrast(*b) >= ratio))
            .unwrap_or(towards)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Default brand colours: a calm clinical teal and a warm accent; both pass AA on white.
pub const DEFAULT_PRIMARY: Color = Color { r: 0x0b, g: 0x6e, b: 0x6e };
pub const DEFAULT_ACCENT: Color = Color { r: 0xa3, g: 0x3d, b: 0x00 };

/// Backgrounds links and coloured text appear on in the default theme (page, surfaces and
/// callouts), in the light and the dark scheme. Brand colours used as text must read on all.
const LIGHT_BACKGROUNDS: [Color; 7] = [
    Color::WHITE,
    Color { r: 0xf5, g: 0xf7, b: 0xf8 },
    Color { r: 0xec, g: 0xef, b: 0xf2 },
    Color { r: 0xea, g: 0xf2, b: 0xfd },
    Color { r: 0xe8, g: 0xf6, b: 0xed },
    Color { r: 0xfd, g: 0xf3, b: 0xe1 },
    Color { r: 0xfd, g: 0xec, b: 0xea },
];
const DARK_BACKGROUNDS: [Color; 7] = [
    Color { r: 0x12, g: 0x16, b: 0x1c },
    Color { r: 0x1a, g: 0x20, b: 0x29 },
    Color { r: 0x22, g: 0x2a, b: 0x35 },
    Color { r: 0x17, g: 0x2a, b: 0x45 },
    Color { r: 0x15, g: 0x30, b: 0x1f },
    Color { r: 0x3a, g: 0x2a, b: 0x10 },
    Color { r: 0x43, g: 0x19, b: 0x1a },
];

/// Backgrounds text appears on in the PDF (whatever the site's colour scheme, paper is
/// white): the page, the boxes of code, people and roles, and the hints' tints (see
/// `pdf/book.rs`). A brand colour used as text in the PDF must read on all.
pub const PDF_BACKGROUNDS: [Color; 7] = [
    Color::WHITE,
    Color { r: 0xf5, g: 0xf5, b: 0xf5 },
    Color { r: 0xf6, g: 0xf6, b: 0xf6 },
    Color { r: 0xee, g: 0xf4, b: 0xfc },
    Color { r: 0xec, g: 0xf7, b: 0xee },
    Color { r: 0xff, g: 0xf4, b: 0xe5 },
    Color { r: 0xfd, g: 0xec, b: 0xea },
];

/// The brand colour as the site's links and labels show it in the light scheme: darkened
/// until it keeps 4.5:1 on every light background.
fn site_text(colour: Color) -> Color {
    colour.adjusted_for_all(&LIGHT_BACKGROUNDS, Color::BLACK, 4.5)
}

/// The main brand colour as the PDF's headings, links and labels show it: darkened until it
/// keeps 4.5:1 on every background of the PDF ([`PDF_BACKGROUNDS`]) and of the site's light
/// scheme, so that paper and screen show the same shade.
pub fn pdf_text(primary: Color) -> Color {
    let backgrounds: Vec<Color> = PDF_BACKGROUNDS.iter().chain(&LIGHT_BACKGROUNDS).copied().collect();
    primary.adjusted_for_all(&backgrounds, Color::BLACK, 4.5)
}

/// Why a file cannot be a brand font (its name or its first bytes), if it cannot.
pub fn font_problem(path: &std::path::Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let signatures: &[&[u8]] = match extension.as_str() {
        "woff2" => &[b"wOF2"],
        "woff" => &[b"wOFF"],
        "ttf" | "otf" => &[b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf"],
        _ => return Some(format!("`{name}` is not a font file (`.woff2`, `.woff`, `.ttf` or `.otf`)")),
    };
    let mut head = [0u8; 4];
    let read = std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
    if read.is_err() || !signatures.iter().any(|s| head == **s) {
        return Some(format!("`{name}` is not a {extension} font: its content is something else"));
    }
    None
}

/// A font published with the site: its URL relative to the brand stylesheet.
pub struct FontFace<'a> {
    pub url: &'a str,
    pub heading: bool,
}

fn font_format(url: &str) -> &'static str {
    match url.rsplit('.').next().unwrap_or("").to_ascii_lowercase().as_str() {
        "woff2" => "woff2",
        "woff" => "woff",
        "otf" => "opentype",
        _ => "truetype",
    }
}

/// The brand stylesheet: custom properties for both colour schemes, with link colours
/// adjusted so they keep 4.5:1 against the page background, and the brand's fonts.
pub fn stylesheet(primary: Color, accent: Color, fonts: &[FontFace]) -> String {
    let mut css = String::new();
    for font in fonts {
        let family = if font.heading { "Brand Heading" } else { "Brand Text" };
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{family}\";\n  src: url(\"{}\") format(\"{}\");\n  font-display: swap;\n}}\n",
            font.url,
            font_format(font.url)
        ));
        let variable = if font.heading { "--font-heading" } else { "--font" };
        css.push_str(&format!(":root {{ {variable}: \"{family}\", system-ui, sans-serif; }}\n"));
    }
    css.push_str(&colours(primary, accent));
    css
}

fn colours(primary: Color, accent: Color) -> String {
    let link_light = site_text(primary);
    let link_dark = primary.adjusted_for_all(&DARK_BACKGROUNDS, Color::WHITE, 4.5);
    let accent_light = site_text(accent);
    let accent_dark = accent.adjusted_for_all(&DARK_BACKGROUNDS, Color::WHITE, 4.5);
    format!(
        ":root {{\n  --brand-primary: {primary};\n  --brand-on-primary: {on_primary};\n  --brand-accent: {accent};\n  --brand-on-accent: {on_accent};\n  --link: {link_light};\n  --accent-text: {accent_light};\n}}\n\
         :root[data-theme=\"dark\"] {{\n  --link: {link_dark};\n  --accent-text: {accent_dark};\n}}\n\
         @media (prefers-color-scheme: dark) {{\n  :root:not([data-theme=\"light\"]) {{\n    --link: {link_dark};\n    --accent-text: {accent_dark};\n  }}\n}}\n",
        on_primary = primary.readable_text(),
        on_accent = accent.readable_text(),
    )
}

// Checking `brand:` in neokit.yaml.

/// The brand's image and font files that exist (fonts only of a kind browsers read).
pub(super) struct BrandFiles {
    pub logo: Option<PathBuf>,
    pub logo_dark: Option<PathBuf>,
    pub favicon: Option<PathBuf>,
    pub font: Option<PathBuf>,
    pub heading_font: Option<PathBuf>,
}

impl BrandFiles {
    pub(super) fn check(brand: &raw::RawBrand, kit_dir: &Path, check: &mut Checker) -> BrandFiles {
        let mut file = |key: &str, value: &Option<String>| -> Option<PathBuf> {
            let value = value.as_ref()?;
            let path = kit_dir.join(value);
            if path.is_file() {
                return Some(path);
            }
            check.error(
                &["brand", key],
                format!("`brand.{key}` file `{value}` does not exist"),
                "paths are relative to the kit folder",
            );
            None
        };
        let logo = file("logo", &brand.logo);
        let logo_dark = file("logo_dark", &brand.logo_dark);
        let favicon = file("favicon", &brand.favicon);
        let font = file("font", &brand.font);
        let heading_font = file("heading_font", &brand.heading_font);
        for (key, path) in [("font", &font), ("heading_font", &heading_font)] {
            if let Some(problem) = path.as_deref().and_then(font_problem) {
                check.error(&["brand", key], problem, "use a font file: `.woff2`, `.woff`, `.ttf` or `.otf`");
            }
        }
        let usable = |font: Option<PathBuf>| font.filter(|p| font_problem(p).is_none());
        BrandFiles { logo, logo_dark, favicon, font: usable(font), heading_font: usable(heading_font) }
    }
}

/// `brand.header`: whether the header bar is in the main brand colour.
pub(super) fn coloured_header(brand: &raw::RawBrand, check: &mut Checker) -> bool {
    match brand.header.as_deref() {
        None | Some("plain") => false,
        Some("coloured" | "colored") => true,
        Some(other) => {
            check.error(
                &["brand", "header"],
                format!("`header: {other}` is not a choice"),
                "use `plain` (the page's background) or `coloured` (the main brand colour)",
            );
            false
        }
    }
}

/// The brand's main and accent colours, with warnings where they are hard to read.
pub(super) fn checked_colours(brand: &raw::RawBrand, check: &mut Checker) -> (Color, Color) {
    let mut colour = |key: &str, value: &Option<String>, default: Color| match value {
        Some(text) => Color::parse(text).unwrap_or_else(|| {
            check.error(
                &["brand", key],
                format!("`{text}` is not a colour"),
                "write colours as `#rrggbb`, e.g. `#0b6e6e`",
            );
            default
        }),
        None => default,
    };
    let primary = colour("primary_color", &brand.primary_color, DEFAULT_PRIMARY);
    let accent = colour("accent_color", &brand.accent_color, DEFAULT_ACCENT);
    for (key, value) in [("primary_color", primary), ("accent_color", accent)] {
        check_contrast(key, value, check);
    }
    (primary, accent)
}

/// Warns when text on the colour is hard to read; says (a note) when the colour as text is
/// darkened, which neokit does by itself: on the site's light pages (links and labels, both
/// colours) and in the PDF (headings, links and labels, the main colour only).
fn check_contrast(key: &str, value: Color, check: &mut Checker) {
    let text = value.readable_text();
    let on = value.contrast(text);
    if on < 4.5 {
        check.warn(
            &["brand", key],
            format!("text on `{value}` reaches only {on:.1}:1 contrast (WCAG AA needs 4.5:1)"),
            "choose a darker or lighter shade for buttons and badges",
        );
    }
    if let Some(message) = darkened_notice(key == "primary_color", value) {
        check.inform(&["brand", key], message, "this is automatic; set a darker colour to choose the shade yourself");
    }
}

/// What the note about a darkened colour says, when the colour is darkened anywhere.
fn darkened_notice(in_pdf: bool, value: Color) -> Option<String> {
    let site = site_text(value);
    let pdf = if in_pdf { pdf_text(value) } else { value };
    if site == value && pdf == value {
        return None;
    }
    // Said on white when it fails there (what everyone pictures), else on the tinted
    // background where it reads least.
    let backgrounds = LIGHT_BACKGROUNDS.iter().chain(if in_pdf { &PDF_BACKGROUNDS[..] } else { &[] });
    let (worst, on) = match value.contrast(Color::WHITE) {
        on_white if on_white < 4.5 => (on_white, "on white"),
        _ => (
            backgrounds.map(|&b| value.contrast(b)).fold(f64::MAX, f64::min),
            "on the light backgrounds of boxes and hints",
        ),
    };
    let shade = |c: Color| format!("`{c}` ({:.1}:1 on white)", c.contrast(Color::WHITE));
    let used = if site == pdf {
        format!("links and labels on the site and headings and links in the PDF use {} instead", shade(site))
    } else if pdf == value {
        format!("links and labels on the site use {} instead", shade(site))
    } else if site == value {
        format!("headings and links in the PDF use {} instead", shade(pdf))
    } else {
        format!(
            "links and labels on the site use {} and headings and links in the PDF {} instead",
            shade(site),
            shade(pdf)
        )
    };
    Some(format!("`{value}` as text {on} reaches only {worst:.1}:1 contrast; {used}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        assert_eq!(Color::parse("#fff"), Some(Color::WHITE));
        assert_eq!(Color::parse("0b6e6e"), Some(DEFAULT_PRIMARY));
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("teal"), None);
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((Color::WHITE.contrast(Color::BLACK) - 21.0).abs() < 1e-9);
        let grey = Color::parse("#767676").unwrap();
        assert!((grey.contrast(Color::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn defaults_pass_aa() {
        assert!(DEFAULT_PRIMARY.contrast(Color::WHITE) >= 4.5);
        assert!(DEFAULT_ACCENT.contrast(Color::WHITE) >= 4.5);
    }

    #[test]
    fn links_read_on_every_background() {
        let css = stylesheet(DEFAULT_PRIMARY, DEFAULT_ACCENT, &[]);
        let value = |name: &str, nth: usize| {
            let at = css.match_indices(&format!("{name}: ")).nth(nth).unwrap().0 + name.len() + 2;
            Color::parse(&css[at..at + 7]).unwrap()
        };
        for background in LIGHT_BACKGROUNDS {
            assert!(value("--link", 0).contrast(background) >= 4.5);
        }
        for background in DARK_BACKGROUNDS {
            assert!(value("--link", 1).contrast(background) >= 4.5, "{background}");
        }
    }

    #[test]
    fn a_light_main_colour_is_darkened_in_the_pdf_too_and_the_note_says_so() {
        let yellow = Color::parse("#f5c400").unwrap();
        let pdf = pdf_text(yellow);
        assert!(PDF_BACKGROUNDS.iter().all(|b| pdf.contrast(*b) >= 4.5), "{pdf}");
        let note = darkened_notice(true, yellow).unwrap();
        assert!(note.starts_with("`#f5c400` as text on white reaches only 1.6:1 contrast;"), "{note}");
        // Paper and screen show the same shade.
        assert_eq!(pdf, site_text(yellow));
        assert!(note.contains(&format!("on the site and headings and links in the PDF use `{pdf}`")), "{note}");
        // The accent colour is not shown in the PDF: its note speaks of the site alone.
        let accent = darkened_notice(false, yellow).unwrap();
        assert!(accent.contains("links and labels on the site use") && !accent.contains("PDF"), "{accent}");
        // A colour that reads everywhere is used as it is, without a note.
        assert_eq!(pdf_text(DEFAULT_PRIMARY), DEFAULT_PRIMARY);
        assert_eq!(darkened_notice(true, DEFAULT_PRIMARY), None);
        assert_eq!(darkened_notice(false, DEFAULT_ACCENT), None);
    }

    #[test]
    fn light_brand_colour_is_darkened_for_links() {
        let yellow = Color::parse("#ffd700").unwrap();
        let link = yellow.adjusted_for_all(&LIGHT_BACKGROUNDS, Color::BLACK, 4.5);
        assert!(link.contrast(Color::WHITE) >= 4.5);
        assert!(stylesheet(yellow, DEFAULT_ACCENT, &[]).contains(&format!("--link: {link}")));
        let css = stylesheet(yellow, DEFAULT_ACCENT, &[FontFace { url: "brand/font.woff2", heading: false }]);
        assert!(css.contains("format(\"woff2\")") && css.contains("--font: \"Brand Text\""));
    }
}
