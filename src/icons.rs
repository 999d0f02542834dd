//! The icon set: small line icons drawn for neokit, written inline as SVG.
//!
//! Inline SVG needs no web font and no extra request, works from `file://` and under a strict
//! Content-Security-Policy, and follows the text colour (`currentColor`). Icons are
//! decorative (`aria-hidden`); the text next to them carries the meaning.

/// Path data on a 24x24 grid, stroked with the current colour.
fn paths(name: &str) -> Option<&'static str> {
    Some(match name {
        "info" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>"#,
        "success" => r#"<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.8 2.8L16.5 9.5"/>"#,
        "warning" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v6M12 16.5v.5"/>"#,
        "danger" => r#"<path d="M12 3.5 2.8 19.5h18.4z"/><path d="M12 10v4.5M12 17v.5"/>"#,
        "check" => r#"<path d="m5 12.5 4.5 4.5L19 7.5"/>"#,
        "cross" => r#"<path d="M6 6l12 12M18 6 6 18"/>"#,
        "page" => r#"<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>"#,
        "file" => r#"<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>"#,
        "download" => r#"<path d="M12 4v11M7 10.5l5 5 5-5M5 20h14"/>"#,
        "external" => r#"<path d="M14 4h6v6M20 4l-9 9M18 14v6H4V6h6"/>"#,
        "arrow-right" => r#"<path d="M5 12h14M13 6l6 6-6 6"/>"#,
        "arrow-left" => r#"<path d="M19 12H5M11 6l-6 6 6 6"/>"#,
        "play" => r#"<circle cx="12" cy="12" r="9"/><path d="m10 8.5 5.5 3.5-5.5 3.5z"/>"#,
        "globe" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9z"/>"#
        }
        "menu" => r#"<path d="M4 6h16M4 12h16M4 18h16"/>"#,
        "search" => r#"<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/>"#,
        "sun" => {
            r#"<circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>"#
        }
        "moon" => r#"<path d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z"/>"#,
        "chevron-right" => r#"<path d="m9 6 6 6-6 6"/>"#,
        "chevron-down" => r#"<path d="m6 9 6 6 6-6"/>"#,
        "link" => {
            r#"<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>"#
        }
        "mail" => r#"<path d="M3 6h18v12H3z"/><path d="m3 7 9 6 9-6"/>"#,
        "phone" => {
            r#"<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a1 1 0 0 1-1 1A16 16 0 0 1 4 5a1 1 0 0 1 1-1z"/>"#
        }
        "user" => r#"<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>"#,
        "clock" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>"#,
        "copy" => r#"<path d="M9 9h11v11H9z"/><path d="M5 15H4V4h11v1"/>"#,
        "book" => r#"<path d="M4 5a2 2 0 0 1 2-2h14v15H6a2 2 0 0 0-2 2z"/><path d="M4 20a2 2 0 0 0 2 2h14v-4"/>"#,
        "star" => r#"<path d="m12 3 2.8 5.8 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.7l6.2-.9z"/>"#,
        "heart" => r#"<path d="M12 20s-8-4.8-8-10.5A4.5 4.5 0 0 1 12 6a4.5 4.5 0 0 1 8 3.5C20 15.2 12 20 12 20z"/>"#,
        "video" => r#"<path d="M3 6h13v12H3z"/><path d="m16 10 5-3v10l-5-3"/>"#,
        "users" => {
            r#"<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6"/>"#
        }
        "calendar" => r#"<path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5"/>"#,
        "lightbulb" => {
            r#"<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"/>"#
        }
        "shield" => r#"<path d="M12 3 5 6v5c0 4.5 3 8.3 7 10 4-1.7 7-5.5 7-10V6z"/>"#,
        "home" => r#"<path d="M4 11 12 4l8 7M6 9.5V20h12V9.5"/>"#,
        "list" => r#"<path d="M9 6h11M9 12h11M9 18h11M4.5 6h.5M4.5 12h.5M4.5 18h.5"/>"#,
        "question" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17v.5"/>"#
        }
        _ => return None,
    })
}

/// The icon for a hint style.
pub fn hint_icon(style: &str) -> &'static str {
    match style {
        "success" => "success",
        "warning" => "warning",
        "danger" => "danger",
        _ => "info",
    }
}

/// The icon as inline SVG (empty for an unknown name).
pub fn svg(name: &str) -> String {
    match paths(name) {
        Some(paths) => format!(
            "<svg class=\"icon icon-{name}\" viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\" aria-hidden=\"true\" focusable=\"false\">{paths}</svg>"
        ),
        None => String::new(),
    }
}

/// Maps a Font Awesome name used by GitBook (`circle-info`, `fa-book-open`) to a neokit icon.
pub fn from_font_awesome(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_start_matches("fa-").trim_start_matches("fa ");
    let icon = match name {
        "circle-info" | "info" | "circle-i" => "info",
        "circle-check" | "check-circle" => "success",
        "check" | "square-check" => "check",
        "circle-exclamation" | "exclamation" => "warning",
        "triangle-exclamation" | "exclamation-triangle" => "danger",
        "xmark" | "times" | "circle-xmark" => "cross",
        "file" | "file-lines" | "file-pdf" | "file-powerpoint" | "file-word" => "file",
        "download" => "download",
        "arrow-up-right-from-square" | "external-link" => "external",
        "arrow-right" => "arrow-right",
        "arrow-left" => "arrow-left",
        "play" | "circle-play" => "play",
        "globe" => "globe",
        "magnifying-glass" | "search" => "search",
        "link" => "link",
        "envelope" => "mail",
        "phone" => "phone",
        "user" | "user-doctor" | "user-nurse" => "user",
        "users" | "people-group" | "user-group" => "users",
        "clock" => "clock",
        "copy" => "copy",
        "book" | "book-open" => "book",
        "star" => "star",
        "heart" | "heart-pulse" => "heart",
        "video" | "camera" => "video",
        "calendar" | "calendar-days" => "calendar",
        "lightbulb" => "lightbulb",
        "shield" | "shield-halved" | "lock" => "shield",
        "house" | "home" => "home",
        "list" | "list-check" => "list",
        "circle-question" | "question" => "question",
        _ => return None,
    };
    Some(icon)
}
