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
        "gear" => {
            r#"<circle cx="12" cy="12" r="3"/><path d="M10.3 3h3.4l.6 2.6 1.7.8 2.3-1.5 2.4 2.4-1.5 2.3.8 1.7 2.6.6v3.4l-2.6.6-.8 1.7 1.5 2.3-2.4 2.4-2.3-1.5-1.7.8-.6 2.6h-3.4l-.6-2.6-1.7-.8-2.3 1.5-2.4-2.4 1.5-2.3-.8-1.7L3 13.7v-3.4l2.6-.6.8-1.7-1.5-2.3 2.4-2.4 2.3 1.5 1.7-.8z"/>"#
        }
        "clipboard" => r#"<path d="M9 4.5H6V21h12V4.5h-3"/><path d="M9 3h6v3H9zM9 12h6M9 16h4"/>"#,
        "list-check" => {
            r#"<path d="m4 6 1.5 1.5L8 5M4 12.5 5.5 14 8 11.5M4 19l1.5 1.5L8 18M11 6.5h9M11 13h9M11 19.5h9"/>"#
        }
        "stethoscope" => {
            r#"<path d="M6 3H5v5a4 4 0 0 0 8 0V3h-1"/><path d="M9 12v3a5 5 0 0 0 10 0v-2"/><circle cx="19" cy="11" r="2"/>"#
        }
        "baby" => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M9 10.5v.5M15 10.5v.5M9.5 15a3.5 3.5 0 0 0 5 0M12 3a2 2 0 0 0 2 2"/>"#
        }
        "lock" => r#"<path d="M5 11h14v10H5z"/><path d="M8 11V7a4 4 0 0 1 8 0v4M12 15v2"/>"#,
        "eye" => r#"<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>"#,
        "camera" => r#"<path d="M3 8h4l2-3h6l2 3h4v12H3z"/><circle cx="12" cy="13.5" r="3.5"/>"#,
        "bell" => r#"<path d="M6 17v-6a6 6 0 0 1 12 0v6l2 1.5H4z"/><path d="M10 21.5h4"/>"#,
        "comment" => r#"<path d="M4 5h16v11H9.5L4 20z"/>"#,
        "pen" => r#"<path d="M4 20l1-5L16 4l4 4L9 19z"/><path d="m14 6 4 4"/>"#,
        "trash" => r#"<path d="M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14M10 11v6M14 11v6"/>"#,
        "folder" => r#"<path d="M3 5h6l2 2.5h10V20H3z"/>"#,
        "image" => r#"<path d="M3 5h18v14H3z"/><circle cx="8.5" cy="10" r="1.5"/><path d="m21 16-5-5-9 8"/>"#,
        "flag" => r#"<path d="M5 21V4M5 4h12l-2.5 4 2.5 4H5"/>"#,
        "location" => {
            r#"<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>"#
        }
        "hospital" => r#"<path d="M5 21V5h14v16M3 21h18M12 8v5M9.5 10.5h5M10 21v-4h4v4"/>"#,
        "syringe" => {
            r#"<path d="m17 3 4 4M19 5l-3 3M13 5l6 6M16 8l-9 9H4v-3l9-9M8 11l2 2M10.5 8.5l2 2M4 20l-1.5 1.5"/>"#
        }
        "pills" => r#"<path d="M10.5 20.5a5 5 0 0 1-7-7l10-10a5 5 0 0 1 7 7z"/><path d="m8.5 8.5 7 7"/>"#,
        "bolt" => r#"<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>"#,
        "code" => r#"<path d="m8 7-5 5 5 5M16 7l5 5-5 5"/>"#,
        "terminal" => r#"<path d="M3 4h18v16H3z"/><path d="m7 9 3 3-3 3M12 15h5"/>"#,
        "key" => r#"<circle cx="8" cy="15" r="4"/><path d="m11 12 9-9M17 6l3 3M14.5 8.5l2 2"/>"#,
        "graduation" => r#"<path d="M2 9l10-5 10 5-10 5z"/><path d="M6 11v5c3 2.5 9 2.5 12 0v-5M22 9v6"/>"#,
        "thumbs-up" => {
            r#"<path d="M7 10H3v11h4zM7 10l4-7a2 2 0 0 1 2 2v4h6a2 2 0 0 1 2 2.3l-1.3 8a2 2 0 0 1-2 1.7H7"/>"#
        }
        "newspaper" => {
            r#"<path d="M4 4h12v16H6a2 2 0 0 1-2-2z"/><path d="M16 8h4v10a2 2 0 0 1-4 0M7 8h6M7 12h6M7 16h4"/>"#
        }
        "plus" => r#"<path d="M12 5v14M5 12h14"/>"#,
        "minus" => r#"<path d="M5 12h14"/>"#,
        "chart" => r#"<path d="M4 4v16h16"/><path d="m8 15 4-4 3 3 5-6"/>"#,
        "database" => {
            r#"<ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3"/>"#
        }
        "cloud" => r#"<path d="M7 18a4.5 4.5 0 0 1-.5-9A6 6 0 0 1 18 8.5a4.8 4.8 0 0 1-.5 9.5z"/>"#,
        "tag" => r#"<path d="M3 3h8l10 10-8 8L3 11z"/><circle cx="7.5" cy="7.5" r="1"/>"#,
        "bookmark" => r#"<path d="M6 3h12v18l-6-4-6 4z"/>"#,
        // Providers of embedded content, drawn as simple line icons in the set's style.
        "youtube" => {
            r#"<path d="M6 5.5h12a3.5 3.5 0 0 1 3.5 3.5v6a3.5 3.5 0 0 1-3.5 3.5H6A3.5 3.5 0 0 1 2.5 15V9A3.5 3.5 0 0 1 6 5.5z"/><path d="m10 9 5 3-5 3z"/>"#
        }
        "vimeo" => {
            r#"<path d="M7 3h10a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4H7a4 4 0 0 1-4-4V7a4 4 0 0 1 4-4z"/><path d="m8 9 3.5 7L16 8"/>"#
        }
        "loom" => {
            r#"<circle cx="12" cy="12" r="3"/><path d="M12 2.5V8M12 16v5.5M2.5 12H8M16 12h5.5M5.3 5.3l3.9 3.9M14.8 14.8l3.9 3.9M5.3 18.7l3.9-3.9M14.8 9.2l3.9-3.9"/>"#
        }
        "miro" => r#"<path d="M3 4h18v16H3z"/><path d="M7 8h4v4H7zM13 12h4v4h-4z"/>"#,
        "figma" => {
            r#"<path d="M12 3H9a3 3 0 0 0 0 6h3zM12 3h3a3 3 0 0 1 0 6h-3zM12 9H9a3 3 0 0 0 0 6h3zM12 15H9a3 3 0 1 0 3 3z"/><circle cx="15" cy="12" r="3"/>"#
        }
        "document" => r#"<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 11h6M9 14h6M9 17h4"/>"#,
        "slides" => r#"<path d="M3 4h18v13H3z"/><path d="M7 8h10v5H7zM12 17v4M8.5 21h7"/>"#,
        "sheet" => r#"<path d="M4 3h16v18H4z"/><path d="M4 9h16M4 15h16M10 3v18"/>"#,
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

/// The `unknown-icon` warning's words for an icon the set lacks.
pub fn unknown_message(name: &str) -> String {
    format!("icon `{name}` is not in neokit's icon set and is left out")
}

/// Maps a Font Awesome name used by GitBook (`circle-info`, `fa-book-open`) to a neokit icon.
pub fn from_font_awesome(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_start_matches("fa-").trim_start_matches("fa ");
    let icon = match name {
        "circle-info" | "info" | "circle-i" | "info-circle" => "info",
        "circle-check" | "check-circle" => "success",
        "check" | "square-check" | "check-square" => "check",
        "circle-exclamation" | "exclamation" | "exclamation-circle" => "warning",
        "triangle-exclamation" | "exclamation-triangle" | "warning" => "danger",
        "xmark" | "times" | "circle-xmark" | "x" => "cross",
        "file" | "file-lines" | "file-pdf" | "file-powerpoint" | "file-word" | "file-excel" | "file-medical" => "file",
        "download" | "file-arrow-down" | "cloud-arrow-down" => "download",
        "arrow-up-right-from-square" | "external-link" | "up-right-from-square" => "external",
        "arrow-right" | "circle-arrow-right" | "arrow-right-long" => "arrow-right",
        "arrow-left" | "circle-arrow-left" => "arrow-left",
        "angle-right" | "chevron-right" => "chevron-right",
        "angle-down" | "chevron-down" => "chevron-down",
        "play" | "circle-play" => "play",
        "globe" | "earth-europe" | "earth-americas" => "globe",
        "magnifying-glass" | "search" => "search",
        "link" => "link",
        "envelope" | "envelope-open" | "at" => "mail",
        "phone" | "phone-volume" | "mobile" | "mobile-screen" => "phone",
        "user" | "user-doctor" | "user-nurse" | "circle-user" | "user-circle" => "user",
        "users" | "people-group" | "user-group" | "people-arrows" | "user-friends" => "users",
        "clock" | "hourglass" => "clock",
        "copy" => "copy",
        "book" | "book-open" | "books" | "book-medical" | "book-open-reader" => "book",
        "star" => "star",
        "heart" | "heart-pulse" | "hand-holding-heart" => "heart",
        "video" | "film" => "video",
        "camera" | "camera-retro" => "camera",
        "calendar" | "calendar-days" | "calendar-check" => "calendar",
        "lightbulb" => "lightbulb",
        "shield" | "shield-halved" | "shield-heart" => "shield",
        "lock" | "lock-open" => "lock",
        "house" | "home" | "house-medical" => "home",
        "list" | "list-ul" | "list-ol" | "bars" => "list",
        "list-check" | "clipboard-check" | "square-check-list" => "list-check",
        "clipboard" | "clipboard-list" | "notes-medical" => "clipboard",
        "circle-question" | "question" | "question-circle" => "question",
        "gear" | "gears" | "cog" | "sliders" => "gear",
        "stethoscope" => "stethoscope",
        "baby" | "baby-carriage" | "child" => "baby",
        "eye" => "eye",
        "bell" => "bell",
        "comment" | "comments" | "message" | "comment-dots" => "comment",
        "pen" | "pencil" | "pen-to-square" | "edit" => "pen",
        "trash" | "trash-can" => "trash",
        "folder" | "folder-open" => "folder",
        "image" | "images" | "photo-film" => "image",
        "flag" => "flag",
        "location-dot" | "map-marker" | "map-pin" | "location-pin" | "map-location-dot" => "location",
        "hospital" | "house-chimney-medical" | "kit-medical" => "hospital",
        "syringe" => "syringe",
        "pills" | "capsules" | "tablets" | "prescription-bottle" => "pills",
        "bolt" | "bolt-lightning" => "bolt",
        "code" | "laptop-code" => "code",
        "terminal" | "rectangle-terminal" => "terminal",
        "key" => "key",
        "graduation-cap" | "user-graduate" | "school" => "graduation",
        "thumbs-up" => "thumbs-up",
        "newspaper" => "newspaper",
        "plus" | "circle-plus" => "plus",
        "minus" | "circle-minus" => "minus",
        "chart-line" | "chart-simple" | "chart-column" | "chart-bar" | "chart-pie" => "chart",
        "database" | "server" => "database",
        "cloud" => "cloud",
        "tag" | "tags" => "tag",
        "bookmark" => "bookmark",
        "youtube" | "square-youtube" => "youtube",
        "vimeo" | "vimeo-v" | "square-vimeo" => "vimeo",
        "figma" => "figma",
        _ => return None,
    };
    Some(icon)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Font Awesome name maps to an icon that is drawn.
    #[test]
    fn every_mapped_icon_has_paths() {
        let names = [
            "circle-info",
            "triangle-exclamation",
            "lightbulb",
            "book",
            "user-group",
            "video",
            "calendar",
            "envelope",
            "phone",
            "download",
            "link",
            "check",
            "xmark",
            "arrow-right",
            "house",
            "gear",
            "list-check",
            "clipboard",
            "stethoscope",
            "baby",
            "heart",
            "shield",
            "lock",
            "eye",
            "camera",
            "bell",
            "comment",
            "pen",
            "trash",
            "folder",
            "image",
            "flag",
            "location-dot",
            "hospital",
            "syringe",
            "pills",
            "bolt",
            "code",
            "terminal",
            "key",
            "graduation-cap",
            "thumbs-up",
            "newspaper",
            "plus",
            "minus",
            "chart-line",
            "database",
            "cloud",
            "tag",
            "bookmark",
            "fa-book-open",
            "angle-right",
        ];
        for name in names {
            let icon = from_font_awesome(name).unwrap_or_else(|| panic!("{name} has no icon"));
            assert!(svg(icon).contains("<path") || svg(icon).contains("<circle"), "{name}");
        }
        assert_eq!(from_font_awesome("unicorn-sparkle"), None);
        for provider in ["youtube", "vimeo", "loom", "miro", "figma", "document", "slides", "sheet"] {
            assert!(svg(provider).contains("<path"), "{provider}");
        }
    }
}
