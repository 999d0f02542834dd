//! Paths inside a kit and the URLs they become.
//!
//! A [`RelPath`] is a normalised path relative to the content root, always with `/`
//! separators, never escaping the root. URLs are produced from it in exactly one place
//! ([`href`]), which percent-encodes every segment, so spaces, parentheses, `#` and non-ASCII
//! file names work from a server and from `file://` alike. Every link neokit writes is relative
//! to the page it is on, so the same output works at a domain root, under a sub-path and
//! opened from disk.

use std::fmt;

/// A normalised `/`-separated path relative to the content root ("" is the root itself).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct RelPath(String);

impl RelPath {
    /// Builds a path from `/`-separated text, resolving `.` and `..`. Returns `None` when the
    /// path would leave the root.
    pub fn new(text: &str) -> Option<RelPath> {
        RelPath::default().join(text)
    }

    /// Resolves `rel` against this path taken as a folder. A leading `/` starts from the root.
    pub fn join(&self, rel: &str) -> Option<RelPath> {
        self.resolve(rel, false)
    }

    /// Like [`RelPath::join`], but `..` past the root stays at the root, as GitBook resolves
    /// links (it writes `../../.gitbook/assets/x.png` from pages that are not that deep).
    pub fn join_clamped(&self, rel: &str) -> RelPath {
        self.resolve(rel, true).unwrap_or_default()
    }

    /// `None` when `..` would leave the root, unless `clamp` keeps it there.
    fn resolve(&self, rel: &str, clamp: bool) -> Option<RelPath> {
        let mut parts: Vec<&str> =
            if rel.starts_with('/') { Vec::new() } else { self.0.split('/').filter(|s| !s.is_empty()).collect() };
        for part in rel.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() && !clamp {
                        return None;
                    }
                }
                other => parts.push(other),
            }
        }
        Some(RelPath(parts.join("/")))
    }

    /// The folder containing this path ("" for a top-level file).
    pub fn parent(&self) -> RelPath {
        match self.0.rfind('/') {
            Some(i) => RelPath(self.0[..i].to_string()),
            None => RelPath::default(),
        }
    }

    /// The last segment.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or("")
    }

    /// The file name without its last extension.
    pub fn file_stem(&self) -> &str {
        let name = self.file_name();
        match name.rfind('.') {
            Some(0) | None => name,
            Some(i) => &name[..i],
        }
    }

    /// The extension, lowercased, without the dot ("" when there is none).
    pub fn extension(&self) -> String {
        let name = self.file_name();
        match name.rfind('.') {
            Some(0) | None => String::new(),
            Some(i) => name[i + 1..].to_ascii_lowercase(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/').filter(|s| !s.is_empty())
    }

    pub fn starts_with(&self, folder: &RelPath) -> bool {
        folder.is_root() || self.0 == folder.0 || self.0.starts_with(&format!("{}/", folder.0))
    }

    /// This path with `folder` removed from its front, if it is inside `folder`.
    pub fn strip_prefix(&self, folder: &RelPath) -> Option<RelPath> {
        if folder.is_root() {
            return Some(self.clone());
        }
        if self.0 == folder.0 {
            return Some(RelPath::default());
        }
        self.0.strip_prefix(&format!("{}/", folder.0)).map(|s| RelPath(s.to_string()))
    }

    /// Converts to a native relative path for joining onto a folder on disk.
    pub fn to_native(&self) -> std::path::PathBuf {
        self.segments().collect()
    }

    /// Builds from a native relative path (as walkdir yields), `None` for non-UTF-8 names.
    pub fn from_native(path: &std::path::Path) -> Option<RelPath> {
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                std::path::Component::Normal(part) => parts.push(part.to_str()?.to_string()),
                std::path::Component::CurDir => {}
                _ => return None,
            }
        }
        Some(RelPath(parts.join("/")))
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file of the page published in site folder `dir` (`a/b/` -> `a/b/index.html`).
pub fn page_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// A link from a page in site folder `from` to the page in site folder `dir`.
pub fn page_href(from: &str, dir: &str) -> String {
    href(from, &page_file(dir))
}

/// A relative URL from the page whose output folder is `from_dir` to the output file `to`,
/// percent-encoded. Both are output paths relative to the site root; `from_dir` is a folder
/// ("" or "a/b/"), `to` a file ("c/index.html") or a folder ending in `/`.
pub fn href(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let target_dirs = &target[..target.len() - 1];
    let common = from.iter().zip(target_dirs).take_while(|(a, b)| a == b).count();
    let mut out = String::new();
    for _ in common..from.len() {
        out.push_str("../");
    }
    for (i, segment) in target[common..].iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        encode_segment_into(segment, &mut out);
    }
    if out.is_empty() {
        // A link to the folder the page is in, written so it stays a relative reference.
        out.push_str("./");
    }
    out
}

/// The prefix that leads from a page's output folder back to the site root ("", "../", ...).
pub fn root_prefix(from_dir: &str) -> String {
    "../".repeat(from_dir.split('/').filter(|s| !s.is_empty()).count())
}

/// Percent-encodes a whole output path segment by segment (for absolute URLs and sitemaps).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        encode_segment_into(segment, &mut out);
    }
    out
}

fn encode_segment_into(segment: &str, out: &mut String) {
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')')
            || matches!(byte, b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@');
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Decodes `%XX` escapes (as in `image%20(9).png`); invalid escapes stay as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The path part of a base URL (`https://x.org/kits/neoflix/` -> `/kits/neoflix/`).
pub fn base_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".into(),
    }
}

/// Makes a folder neokit keeps things in beside a kit (a cache, the previous site), with a
/// `.gitignore` that ignores everything in it (itself too), so that a kit kept in git never
/// shows it as new files to add; `about` is the comment that says what it holds.
pub fn make_ignored_dir(dir: &std::path::Path, about: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(ignore, format!("# {about}\n*\n"))?;
    }
    Ok(())
}

/// Whether `path` is a folder's page (`README.md`, in any case), as GitBook names them.
pub fn is_readme(path: &RelPath) -> bool {
    path.file_name().eq_ignore_ascii_case("README.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_dots_and_refuses_escape() {
        let base = RelPath::new("a/b").unwrap();
        assert_eq!(base.join("../c.md").unwrap().as_str(), "a/c.md");
        assert_eq!(base.join("./d/../e.md").unwrap().as_str(), "a/b/e.md");
        assert_eq!(base.join("/top.md").unwrap().as_str(), "top.md");
        assert!(base.join("../../../x").is_none());
        assert_eq!(RelPath::new("").unwrap().as_str(), "");
    }

    #[test]
    fn names() {
        let p = RelPath::new(".gitbook/assets/Slides (1).pptx").unwrap();
        assert_eq!(p.file_name(), "Slides (1).pptx");
        assert_eq!(p.file_stem(), "Slides (1)");
        assert_eq!(p.extension(), "pptx");
        assert_eq!(p.parent().as_str(), ".gitbook/assets");
        assert_eq!(RelPath::new("x/.hidden").unwrap().extension(), "");
        assert_eq!(RelPath::new("Actions Menu").unwrap().extension(), "");
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(href("", "a/index.html"), "a/index.html");
        assert_eq!(href("a/b/", "index.html"), "../../index.html");
        assert_eq!(href("a/b/", "a/c/index.html"), "../c/index.html");
        assert_eq!(href("a/", "a/index.html"), "index.html");
        assert_eq!(href("a/", "assets/x y (1).png"), "../assets/x%20y%20(1).png");
        assert_eq!(href("", "assets/#5 ?.png"), "assets/%235%20%3F.png");
        assert_eq!(href("a/", "a/"), "./");
        assert_eq!(root_prefix("a/b/"), "../../");
        assert_eq!(root_prefix(""), "");
    }

    #[test]
    fn decode() {
        assert_eq!(percent_decode("image%20(9).png"), "image (9).png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
