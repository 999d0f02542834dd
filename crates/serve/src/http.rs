//! The preview's HTTP side (tiny_http): the built site from memory, the live-reload channel.
//!
//! Input: a request and the current site. Output: the response. Only files of the built site
//! are served: request paths are decoded and normalised first, and anything with `..`,
//! backslashes or NUL bytes is not found. HTML gets the live-reload script; every response
//! carries its content type, `nosniff` and the site's strict Content-Security-Policy.

use std::collections::HashMap;
use std::io::Cursor;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload;
use neokit_core::paths::percent_decode;
use neokit_site::output::Content;

/// The preview's page that frames a page's embed view at three widths, and its script.
pub const EMBED_TEST_PATH: &str = "/_neokit/embed-test.html";
const EMBED_TEST: &str = include_str!("embed-test.html");
const EMBED_TEST_SCRIPT_PATH: &str = "/_neokit/embed-test.js";
const EMBED_TEST_SCRIPT: &str = include_str!("embed-test.js");

/// The site as the server sees it.
pub type Files = HashMap<String, Content>;

/// Normalises a request path to a site path ("" is the home page). `None` for paths that try
/// to leave the site or are malformed.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path);
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            other => segments.push(other),
        }
    }
    // A folder asked for with its slash keeps it ("team/"), so it is not redirected.
    if decoded.ends_with('/') && !segments.is_empty() {
        segments.push("");
    }
    // An encoded slash or dot segment (`%2f`, `%2e%2e`) decodes into something else: refuse.
    let lowered = path.to_ascii_lowercase();
    if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") || lowered.contains("%2e%2e") {
        return None;
    }
    Some(segments.join("/"))
}

/// What to answer for a site path.
pub enum Found<'a> {
    File(&'a str, &'a Content),
    /// A folder asked for without its `/`: redirect so relative links work.
    Redirect(String),
    NotFound,
}

pub fn find<'a>(files: &'a Files, path: &str) -> Found<'a> {
    let index =
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { format!("{path}/index.html") };
    if !path.is_empty()
        && let Some((key, content)) = files.get_key_value(path)
    {
        return Found::File(key, content);
    }
    if let Some((key, content)) = files.get_key_value(index.as_str()) {
        return if path.is_empty() || path.ends_with('/') {
            Found::File(key, content)
        } else {
            Found::Redirect(format!("/{path}/"))
        };
    }
    Found::NotFound
}

/// The content type of a site file, from its name, or its first bytes when it has no
/// extension (GitBook keeps uploads without one).
pub fn content_type(path: &str, bytes: &[u8]) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.contains('.') {
        let guess = mime_guess::from_path(name).first_or_octet_stream();
        let text =
            guess.type_() == mime_guess::mime::TEXT || guess.subtype() == "javascript" || guess.subtype() == "json";
        return if text { format!("{guess}; charset=utf-8") } else { guess.to_string() };
    }
    let sniffed = match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xff, 0xd8, 0xff, ..] => "image/jpeg",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [b'%', b'P', b'D', b'F', ..] => "application/pdf",
        [b'P', b'K', 3, 4, ..] => "application/zip",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ if bytes.starts_with(b"<svg") || bytes.starts_with(b"<?xml") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    sniffed.to_string()
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("valid header"))
}

/// A response with the headers every answer carries. Answers are whole in memory: their
/// length is sent, not chunked however large they are (a browser shows how much of a
/// download is left).
pub fn response(status: u16, content_type: &str, body: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Content-Security-Policy", "default-src 'self'"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}

/// Adds the live-reload script to an HTML page, with the version of the site it comes from.
pub fn with_reload(html: &str, version: u64) -> String {
    let tag = format!("<script src=\"{}\" data-version=\"{version}\" defer></script>", reload::SCRIPT_PATH);
    match html.rfind("</head>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => format!("{tag}{html}"),
    }
}

fn bytes(content: &Content) -> Option<Vec<u8>> {
    match content.bytes_or_file() {
        Ok(bytes) => Some(bytes.into_owned()),
        Err(path) => std::fs::read(path).ok(),
    }
}

/// The page shown while there is no good build yet.
fn waiting_page() -> String {
    with_reload(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>neokit preview</title></head><body><main><h1>The kit could not be built yet</h1><p>The problems are listed in the terminal and over this page. Fix them and save: this page updates by itself.</p></main></body></html>",
        0,
    )
}

/// Answers a request for a file of the site (not the live-reload paths).
pub fn serve_file(request: Request, files: Option<&Files>, version: u64) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(
            response(405, "text/plain; charset=utf-8", b"method not allowed".to_vec())
                .with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EMBED_TEST_PATH {
        let _ =
            request.respond(response(200, "text/html; charset=utf-8", with_reload(EMBED_TEST, version).into_bytes()));
        return;
    }
    if path == EMBED_TEST_SCRIPT_PATH {
        let _ = request.respond(response(200, "text/javascript; charset=utf-8", EMBED_TEST_SCRIPT.as_bytes().to_vec()));
        return;
    }
    if url == reload::SCRIPT_PATH {
        let _ = request.respond(response(200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes().to_vec()));
        return;
    }
    if url == reload::STYLE_PATH {
        let _ = request.respond(response(200, "text/css; charset=utf-8", reload::STYLE.as_bytes().to_vec()));
        return;
    }
    let Some(files) = files else {
        let _ = request.respond(response(503, "text/html; charset=utf-8", waiting_page().into_bytes()));
        return;
    };
    let found = site_path(&url).map_or(Found::NotFound, |path| find(files, &path));
    let reply = match found {
        Found::File(path, content) => match bytes(content) {
            Some(body) => {
                let kind = content_type(path, &body);
                let body = if kind.starts_with("text/html") {
                    with_reload(&String::from_utf8_lossy(&body), version).into_bytes()
                } else {
                    body
                };
                response(200, &kind, body)
            }
            None => not_found(files, version),
        },
        Found::Redirect(location) => {
            response(301, "text/plain; charset=utf-8", Vec::new()).with_header(header("Location", &location))
        }
        Found::NotFound => not_found(files, version),
    };
    let _ = request.respond(reply);
}

fn not_found(files: &Files, version: u64) -> Response<Cursor<Vec<u8>>> {
    let page = files.get("404.html").and_then(bytes).map(|b| with_reload(&String::from_utf8_lossy(&b), version));
    response(
        404,
        "text/html; charset=utf-8",
        page.unwrap_or_else(|| "<!DOCTYPE html><title>Not found</title><p>Not found</p>".into()).into_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/team/").as_deref(), Some("team/"));
        assert_eq!(site_path("/team/chair/index.html?x=1#y").as_deref(), Some("team/chair/index.html"));
        assert_eq!(site_path("/assets/a%20b%20(1).png").as_deref(), Some("assets/a b (1).png"));
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/a%00b",
            "relative",
            "/./x",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn folders_and_redirects() {
        let mut files = Files::new();
        files.insert("index.html".into(), Content::Text("home".into()));
        files.insert("team/index.html".into(), Content::Text("team".into()));
        files.insert("assets/x.png".into(), Content::Bytes(vec![0x89, b'P', b'N', b'G']));
        assert!(matches!(find(&files, ""), Found::File("index.html", _)));
        assert!(matches!(find(&files, "team/"), Found::File("team/index.html", _)));
        assert!(matches!(find(&files, "team"), Found::Redirect(to) if to == "/team/"));
        assert!(matches!(find(&files, "assets/x.png"), Found::File(..)));
        assert!(matches!(find(&files, "nope"), Found::NotFound));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html", b""), "text/html; charset=utf-8");
        assert_eq!(content_type("_neokit/neokit.css", b""), "text/css; charset=utf-8");
        assert_eq!(content_type("assets/Actions Menu", &[0x89, b'P', b'N', b'G', 0]), "image/png");
        assert_eq!(content_type("assets/blob", b"%PDF-1.4"), "application/pdf");
        assert_eq!(content_type("assets/blob", b"??"), "application/octet-stream");
    }

    #[test]
    fn reload_script_goes_in_the_head() {
        assert_eq!(
            with_reload("<html><head></head></html>", 3),
            "<html><head><script src=\"/_neokit/livereload.js\" data-version=\"3\" defer></script></head></html>"
        );
    }
}
