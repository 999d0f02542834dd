//! QR codes as inline SVG: no script, no image file, no style attribute (presentation
//! attributes only), so they hold under a strict Content-Security-Policy and print sharply.
//!
//! Input: an address. Output: an `<svg>` element whose dark modules are one path of unit
//! squares (`M{x} {y}h1v1h-1z`) on a white square with a quiet zone of four modules.

use qrcodegen::{QrCode, QrCodeEcc};

use crate::htmltext::escape;

/// The quiet zone around the code, in modules (the standard asks for four).
const QUIET: i32 = 4;

/// An inline SVG QR code of `text`, named for screen readers by `label`; `None` when the text
/// is too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let full = size + 2 * QUIET;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + QUIET, y + QUIET));
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{full}\" height=\"{full}\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"{path}\"/></svg>",
        escape(label)
    ))
}

/// The modules of a QR code SVG written by [`svg`], read back: (size with the quiet zone,
/// dark squares). For tests that decode what the site shows.
#[doc(hidden)]
pub fn modules(svg: &str) -> Option<(usize, Vec<(usize, usize)>)> {
    let view_box = svg.split("viewBox=\"0 0 ").nth(1)?;
    let full: usize = view_box.split(' ').next()?.parse().ok()?;
    let d = svg.split(" d=\"").nth(1)?.split('"').next()?;
    let squares = d
        .split('M')
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            let xy = s.split('h').next()?;
            let (x, y) = xy.split_once(' ')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    Some((full, squares))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_no_style_and_reads_back() {
        let svg = svg("https://intranet.example/kits/neoflix/go/consent/", "QR code").unwrap();
        assert!(!svg.contains("style"));
        let (full, squares) = modules(&svg).unwrap();
        assert!(full > 21 + 8 && !squares.is_empty());
        assert!(squares.iter().all(|&(x, y)| x >= 4 && y >= 4 && x < full - 4 && y < full - 4));
    }

    #[test]
    fn too_long_is_none() {
        assert!(svg(&"x".repeat(5000), "QR code").is_none());
    }
}
