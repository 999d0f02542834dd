//! What a page shows from elsewhere: `{% embed %}` (a privacy-friendly player or a link
//! card), `{% file %}` (a download card) and integration blocks (`{% @vendor/name %}`, which
//! run on GitBook's servers and become link cards).

use crate::config::EmbedMode;
use crate::icons;
use crate::links::Target;
use crate::markdown::block::Block;
use crate::markdown::out::{Out, escape};

/// Whether an embed or file block has a caption (an attribute, or text between its tags).
fn has_caption(block: &Block) -> bool {
    block.attr("caption").is_some_and(|c| !c.trim().is_empty()) || (block.paired && !block.empty)
}

fn caption(out: &mut Out, has_caption: bool, caption: &str) {
    if has_caption {
        out.push("<figcaption>");
        out.escaped(caption);
    }
}

/// Ends a figure opened by an embed, file or integration.
pub fn close(out: &mut Out, has_caption: bool) {
    out.push(if has_caption { "</figcaption></figure>\n" } else { "</figure>\n" });
}

fn domain(url: &str) -> &str {
    url.split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or("").trim_start_matches("www.")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub url: String,
    pub caption: String,
    /// The title GitBook stored in the block's `data` (a link preview).
    pub title: Option<String>,
    pub has_caption: bool,
}

impl Embed {
    pub fn from_block(block: &Block) -> Embed {
        let data = block.attr("data").and_then(|data| serde_json::from_str::<serde_json::Value>(data).ok());
        let from_data = |key: &str| data.as_ref().and_then(|d| d.get(key)?.as_str().map(str::to_string));
        Embed {
            url: block.attr("url").map(str::to_string).or_else(|| from_data("url")).unwrap_or_default(),
            caption: block.attr("caption").unwrap_or("").to_string(),
            title: from_data("title").filter(|t| !t.trim().is_empty()),
            has_caption: has_caption(block),
        }
    }

    pub fn open(&self, out: &mut Out) {
        let url = &self.url;
        out.note_external(url);
        let domain = domain(url).to_string();
        out.push("<figure class=\"embed\">");
        let player = if out.env.embeds == EmbedMode::Iframe { privacy_player(url) } else { None };
        match player {
            Some(src) => {
                let title = if self.caption.is_empty() { format!("Video from {domain}") } else { self.caption.clone() };
                out.push(&format!(
                    "<div class=\"embed-frame\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allowfullscreen referrerpolicy=\"no-referrer\"></iframe></div>",
                    escape(&src),
                    escape(&title)
                ));
            }
            None => {
                if url.is_empty() {
                    out.warn("invalid-embed", "`{% embed %}` has no `url`".into(), None);
                }
                out.push(&format!(
                    "<a class=\"card embed-card\" href=\"{}\" rel=\"noopener\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
                    escape(url),
                    icons::svg(if is_video(&domain) { "play" } else { "globe" }),
                    escape(&self.title.clone().unwrap_or_else(|| embed_title(&domain))),
                    escape(&domain),
                    icons::svg("external"),
                ));
            }
        }
        caption(out, self.has_caption, &self.caption);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// The file as written.
    pub src: String,
    pub caption: String,
    pub has_caption: bool,
}

impl File {
    pub fn from_block(block: &Block) -> File {
        File {
            src: block.attr("src").unwrap_or("").to_string(),
            caption: block.attr("caption").unwrap_or("").to_string(),
            has_caption: has_caption(block),
        }
    }

    /// The file's name as shown (the last part of its path, decoded).
    pub fn name(&self) -> String {
        let name = self.src.rsplit('/').next().unwrap_or(&self.src);
        crate::paths::percent_decode(name.trim_start_matches('<').trim_end_matches('>'))
    }

    pub fn open(&self, out: &mut Out) {
        let src = &self.src;
        let (url, target) = out.resolve_quietly(src);
        let name = self.name();
        let (size, extension) = match &target {
            Target::File { path } => (out.env.tree.sizes.get(path).copied(), path.extension()),
            Target::External { .. } => {
                (None, crate::paths::RelPath::new(&name).map(|p| p.extension()).unwrap_or_default())
            }
            Target::Page { .. } => {
                // A Markdown page offered as a file (GitBook's own docs do this): link to it.
                out.push(&format!(
                    "<figure class=\"file\"><a class=\"card\" href=\"{}\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span></span></a>",
                    escape(&url),
                    icons::svg("file"),
                    escape(&name),
                ));
                caption(out, self.has_caption, &self.caption);
                return;
            }
            _ => {
                // The rest of the page is right: a warning, and the block says what is missing.
                let (message, help) = if src.is_empty() {
                    ("`{% file %}` has no `src`".to_string(), None)
                } else {
                    (
                        format!("the file `{src}` offered for download does not exist"),
                        Some("add the file to the kit, or remove the block".to_string()),
                    )
                };
                out.warn("missing-file", message, help);
                out.push(&format!(
                    "<figure class=\"file\"><div class=\"card download unavailable\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span></div>",
                    icons::svg("file"),
                    escape(if name.is_empty() { "file" } else { &name }),
                    escape(out.env.text.not_available),
                ));
                caption(out, self.has_caption, &self.caption);
                return;
            }
        };
        let mut meta = file_kind(&extension).to_string();
        if !extension.is_empty() {
            meta = format!("{meta} ({})", extension.to_ascii_uppercase());
        }
        if let Some(size) = size {
            meta.push_str(&format!(" · {}", human_size(size)));
        }
        out.push(&format!(
            "<figure class=\"file\"><a class=\"card download\" href=\"{}\" download>{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
            escape(&url),
            icons::svg("file"),
            escape(&name),
            escape(&meta),
            icons::svg("download"),
        ));
        caption(out, self.has_caption, &self.caption);
    }
}

/// A GitBook integration: its kind (`github-files/github-code-block`) and what it points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    pub kind: String,
    pub url: String,
}

impl Integration {
    pub fn from_block(kind: &str, block: &Block) -> Integration {
        let url = ["url", "src", "href", "link"].iter().find_map(|k| block.attr(k)).unwrap_or("").trim().to_string();
        Integration { kind: kind.to_string(), url }
    }

    /// A link card to what it points at, or a card naming it; reported once per kind.
    pub fn open(&self, out: &mut Out) {
        let kind = &self.kind;
        if out.integrations_reported.insert(kind.clone()) {
            out.warn(
                "integration",
                format!("the GitBook integration `{kind}` runs on GitBook's servers; it is shown as a link card"),
                Some("link to the content directly, or embed it with `{% embed url=\"...\" %}`".into()),
            );
        }
        let url = &self.url;
        out.push("<figure class=\"embed integration\">");
        if url.starts_with("https://") || url.starts_with("http://") {
            out.note_external(url);
            out.push(&format!(
                "<a class=\"card embed-card\" href=\"{}\" rel=\"noopener\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
                escape(url),
                icons::svg("external"),
                escape(&embed_title(domain(url))),
                escape(url),
                icons::svg("arrow-right"),
            ));
        } else {
            out.push(&format!(
                "<div class=\"card embed-card\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span></div>",
                icons::svg("external"),
                escape(&format!("Integration: {kind}")),
                escape(out.env.text.not_available),
            ));
        }
    }
}

/// Human-readable size: `2.3 MB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut size = bytes as f64 / 1000.0;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    if size < 10.0 { format!("{size:.1} {}", UNITS[unit]) } else { format!("{size:.0} {}", UNITS[unit]) }
}

/// A readable name for a file type, from its extension.
pub fn file_kind(extension: &str) -> &'static str {
    match extension {
        "pdf" => "PDF document",
        "ppt" | "pptx" | "odp" | "key" => "Presentation",
        "doc" | "docx" | "odt" | "rtf" => "Word document",
        "xls" | "xlsx" | "ods" | "csv" => "Spreadsheet",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "avif" => "Image",
        "mp4" | "mov" | "webm" | "m4v" | "avi" => "Video",
        "mp3" | "wav" | "m4a" | "ogg" => "Audio",
        "zip" | "7z" | "gz" | "tar" => "Archive",
        "txt" | "md" => "Text file",
        _ => "File",
    }
}

fn is_video(domain: &str) -> bool {
    ["youtube.com", "youtu.be", "vimeo.com", "loom.com", "wistia.com"].iter().any(|d| domain.ends_with(d))
}

fn embed_title(domain: &str) -> String {
    match domain {
        d if d.ends_with("youtube.com") || d == "youtu.be" => "Video on YouTube".into(),
        d if d.ends_with("vimeo.com") => "Video on Vimeo".into(),
        d if d.ends_with("loom.com") => "Video on Loom".into(),
        "" => "External content".into(),
        d => format!("Open on {d}"),
    }
}

/// A privacy-friendly player address for video links (no cookies, do-not-track).
fn privacy_player(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match host {
        "youtube.com" => {
            let id = path
                .strip_prefix("watch?")
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
                .or_else(|| path.strip_prefix("embed/"))
                .or_else(|| path.strip_prefix("shorts/"))?;
            let id = id.split(['?', '&', '#']).next()?;
            id_ok(id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "youtu.be" => {
            let id = path.split(['?', '&', '#']).next()?;
            id_ok(id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "vimeo.com" => {
            let id = path.split(['?', '/', '#']).next()?;
            (id_ok(id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://player.vimeo.com/video/{id}?dnt=1"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(2_340_000), "2.3 MB");
        assert_eq!(human_size(45_000), "45 KB");
    }

    #[test]
    fn players() {
        assert_eq!(
            privacy_player("https://www.youtube.com/watch?v=abc_12-3&t=5").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_12-3")
        );
        assert_eq!(
            privacy_player("https://youtu.be/xyz").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/xyz")
        );
        assert_eq!(
            privacy_player("https://vimeo.com/12345").as_deref(),
            Some("https://player.vimeo.com/video/12345?dnt=1")
        );
        assert_eq!(privacy_player("https://example.org/x"), None);
    }
}
