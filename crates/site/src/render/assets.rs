//! Files published beside the pages: the theme's files, the brand's stylesheet, images and
//! fonts, people's photos; and what rendering reads from images (cover framing, logo sizes).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::shared::Out;
use crate::config::{Config, brand};
use crate::output::Content;
use crate::roles::Roles;
use crate::site;
use crate::theme::views::CoverFrame;
use crate::theme::{StaticFile, Theme};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::RelPath;
use neokit_core::source::SourceTree;
use neokit_document::markdown::headings::slug;
use neokit_document::markdown::tables::{attr, start_tag};

/// The theme's files and the brand's stylesheet, under `_neokit/`.
pub(super) fn theme_files(out: &mut Out, theme: &Theme, config: &Config) {
    for (name, file) in &theme.static_files {
        let content = match file {
            StaticFile::Embedded(bytes) => Content::Bytes(bytes.to_vec()),
            StaticFile::Disk(path) => Content::Copy(path.clone()),
        };
        out.add(format!("{}{name}", site::THEME_DIR), content);
    }
    let font_urls: Vec<(String, bool)> =
        [(&config.brand.font, "font", false), (&config.brand.heading_font, "heading-font", true)]
            .into_iter()
            .filter_map(|(path, key, heading)| {
                path.as_ref().map(|p| (brand_file(key, p).trim_start_matches(site::THEME_DIR).to_string(), heading))
            })
            .collect();
    let fonts: Vec<brand::FontFace> =
        font_urls.iter().map(|(url, heading)| brand::FontFace { url, heading: *heading }).collect();
    out.add(
        format!("{}brand.css", site::THEME_DIR),
        Content::Text(brand::stylesheet(config.brand.primary, config.brand.accent, &fonts).into()),
    );
}

/// The brand's logos, favicon and fonts, as `neokit.yaml` names them.
pub(super) fn brand_images(out: &mut Out, config: &Config) {
    for (key, path) in [
        ("logo", &config.brand.logo),
        ("logo-dark", &config.brand.logo_dark),
        ("favicon", &config.brand.favicon),
        ("font", &config.brand.font),
        ("heading-font", &config.brand.heading_font),
    ] {
        if let Some(path) = path {
            out.add(brand_file(key, path), Content::Copy(path.clone()));
        }
    }
}

/// The photos of the people doing each role.
pub(super) fn photos(out: &mut Out, roles: &Roles) {
    for role in roles.by_page.values() {
        for (index, person) in role.people.iter().enumerate() {
            if let Some(photo) = &person.photo {
                out.add(photo_file(&role.id, index, photo), Content::Copy(photo.clone()));
            }
        }
    }
}

/// Where a brand image is published.
pub(super) fn brand_file(key: &str, path: &Path) -> String {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("png").to_ascii_lowercase();
    format!("{}brand/{key}.{extension}", site::THEME_DIR)
}

/// Where a person's photo is published.
pub(super) fn photo_file(role: &str, index: usize, path: &Path) -> String {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("jpg").to_ascii_lowercase();
    format!("{}people/{}-{index}.{extension}", site::THEME_DIR, slug(role))
}

/// Files in `.gitbook/assets/` that no page uses (and that the configuration does not name).
pub(super) fn unused_assets(tree: &SourceTree, used: &BTreeSet<RelPath>, config: &Config) -> Vec<Diagnostic> {
    let named: Vec<PathBuf> = config.named_files();
    tree.files
        .iter()
        .filter(|path| path.as_str().starts_with(".gitbook/assets/") && !used.contains(*path))
        .filter(|path| !named.iter().any(|n| *n == tree.disk_path(path)))
        .map(|path| {
            Diagnostic::warning("unused-asset", format!("`{}` is not used by any page", path.file_name()))
                .at(Location::file(tree.shown(path)))
                .with_help("it is not published; delete it or link to it from a page")
        })
        .collect()
}

/// Frames a cover as GitBook does: the image covers a band (1990 by 480 by default; with
/// `coverHeight`, that many pixels high at GitBook's widest cover, 1248 pixels), centred, then
/// moved down by `coverY` of its own pixels. Everything scales with the band's width, so the
/// crop is one fixed SVG `viewBox` in the image's pixels.
pub(super) fn frame_cover(image: &Path, y: Option<f64>, height: Option<f64>) -> CoverFrame {
    let aspect = match height.filter(|h| h.is_finite()) {
        Some(height) => 1248.0 / height.clamp(10.0, 700.0),
        None => 1990.0 / 480.0,
    };
    let size = imagesize::size(image).ok().filter(|s| s.width > 0 && s.height > 0);
    let y = y.filter(|y| y.is_finite()).unwrap_or(0.0);
    let view_box = size.map(|size| {
        let (width, height) = (size.width as f64, size.height as f64);
        let (x, top, shown_width, shown_height) = if width / height >= aspect {
            // A wide image: its full height shows, its sides are cut.
            let shown = height * aspect;
            ((width - shown) / 2.0, 0.0, shown, height)
        } else {
            let shown = width / aspect;
            (0.0, (height - shown) / 2.0, width, shown)
        };
        [x, top - y, shown_width, shown_height].map(trim_number).join(" ")
    });
    CoverFrame { width_px: size.map(|s| s.width as u32), height_px: size.map(|s| s.height as u32), view_box }
}

/// A number as short as SVG allows: `42.5`, `-3`, `0`.
fn trim_number(n: f64) -> String {
    let text = format!("{:.2}", n + 0.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// How large a logo is drawn in the header: 40 pixels high, as wide as its proportions ask
/// (a wordmark is wide), at most 240 pixels.
pub(super) fn header_size(path: &Path) -> (u32, u32) {
    const HEIGHT: f64 = 40.0;
    let (width, height) = image_size(path).unwrap_or((1.0, 1.0));
    let width = (HEIGHT * width / height).round().clamp(16.0, 240.0);
    (width as u32, HEIGHT as u32)
}

/// An image's own width and height: read from raster files, from `width`/`height` or the
/// `viewBox` of an SVG.
fn image_size(path: &Path) -> Option<(f64, f64)> {
    let is_svg = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if !is_svg {
        let size = imagesize::size(path).ok()?;
        return (size.width > 0 && size.height > 0).then_some((size.width as f64, size.height as f64));
    }
    let text = fs::read_to_string(path).ok()?;
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let (attrs, _) = start_tag(&text[start..=end], 0)?;
    let number = |key: &str| {
        attr(&attrs, key)
            .map(|v| v.trim().trim_end_matches("px"))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v > 0.0)
    };
    if let (Some(width), Some(height)) = (number("width"), number("height")) {
        return Some((width, height));
    }
    // Attribute names are read lowercased.
    let view_box: Vec<f64> = attr(&attrs, "viewbox")?.split([' ', ',']).filter_map(|v| v.trim().parse().ok()).collect();
    match view_box[..] {
        [_, _, width, height] if width > 0.0 && height > 0.0 => Some((width, height)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_are_framed_as_gitbook_frames_them() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(frame_cover(&dir.path().join("missing.png"), Some(10.0), None).view_box, None);
        // A GIF header is enough for its size: 300 x 100, wider than a band of 1248 x 624.
        let gif = dir.path().join("cover.gif");
        std::fs::write(&gif, b"GIF89a\x2c\x01\x64\x00\x00\x00\x00;").unwrap();
        let view_box = |y, height| frame_cover(&gif, y, height).view_box.unwrap();
        assert_eq!(view_box(None, Some(624.0)), "50 0 200 100");
        assert_eq!(view_box(Some(-12.345), Some(624.0)), "50 12.35 200 100");
        // The default band (1990 x 480) is wider than the image: top and bottom are cut.
        assert_eq!(view_box(Some(f64::NAN), None), "0 13.82 300 72.36");
        assert_eq!(view_box(Some(10.0), None), "0 3.82 300 72.36");
        // coverHeight is kept between 10 and 700 pixels.
        assert_eq!(view_box(None, Some(5000.0)), view_box(None, Some(700.0)));
    }
}
