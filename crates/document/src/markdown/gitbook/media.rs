//! What a page shows from elsewhere: `{% embed %}` (a privacy-friendly player or a link
//! card), `{% file %}` (a download card) and integration blocks (`{% @vendor/name %}`, which
//! run on GitBook's servers and become link cards).

use super::providers::{self, Address, Provider};
use crate::links::Target;
use crate::markdown::block::Block;
use crate::markdown::out::{EmbedMode, Out, escape};
use neokit_core::icons;
use neokit_core::paths::{RelPath, percent_decode};

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

    /// The provider, when the address is one neokit knows (YouTube, Miro ...).
    pub fn provider(&self) -> Option<Provider> {
        Address::parse(&self.url)?.provider()
    }

    /// The card's title, never empty: the title GitBook stored, what the provider shows
    /// (`YouTube video`), or the site it is on.
    pub fn card_title(&self) -> String {
        if let Some(title) = &self.title {
            return title.trim().to_string();
        }
        match self.provider() {
            Some(provider) => provider.label.to_string(),
            None => embed_title(domain(&self.url)),
        }
    }

    /// What the card says under its title: the provider (when the title is GitBook's), a
    /// video's id and where it starts (`Video ID dQw4w9WgXcQ · starts at 1:23`).
    pub fn details(&self) -> String {
        let Some(address) = Address::parse(&self.url) else { return String::new() };
        let mut parts = Vec::new();
        if let (Some(provider), Some(_)) = (address.provider(), &self.title) {
            parts.push(provider.name.to_string());
        }
        if let Some(id) = address.video_id() {
            parts.push(format!("video ID {id}"));
        }
        if let Some(start) = address.start() {
            parts.push(format!("starts at {}", providers::clock(start)));
        }
        let text = parts.join(" · ");
        let mut chars = text.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }

    pub fn open(&self, out: &mut Out) {
        let url = &self.url;
        out.note_external(url);
        let domain = domain(url).to_string();
        let provider = self.provider();
        out.push("<figure class=\"embed\">");
        let player = if out.env.embeds == EmbedMode::Iframe { privacy_player(url) } else { None };
        match player {
            Some(src) => {
                let title = match (&self.title, self.caption.trim(), provider) {
                    (Some(title), _, _) => title.trim().to_string(),
                    (None, caption, _) if !caption.is_empty() => caption.to_string(),
                    (None, _, Some(provider)) => {
                        let id = Address::parse(url).and_then(|a| a.video_id()).unwrap_or_default();
                        format!("{} {id}", provider.label).trim_end().to_string()
                    }
                    (None, _, None) => format!("Video from {domain}"),
                };
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
                let icon = match provider {
                    Some(provider) => provider.icon,
                    None if is_video(&domain) => "play",
                    None => "globe",
                };
                let details = self.details();
                let details = if details.is_empty() {
                    String::new()
                } else {
                    format!("<span class=\"card-text\">{}</span>", escape(&details))
                };
                let address = Address::parse(url).map_or_else(|| url.trim().to_string(), |a| a.readable());
                out.push(&format!(
                    "<a class=\"card embed-card\" href=\"{}\" rel=\"noopener\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span>{details}<span class=\"card-text embed-address\">{}</span></span>{}</a>",
                    escape(url),
                    icons::svg(icon),
                    escape(&self.card_title()),
                    escape(&address),
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
        percent_decode(name.trim_start_matches('<').trim_end_matches('>'))
    }

    pub fn open(&self, out: &mut Out) {
        let src = &self.src;
        let (url, target) = out.resolve_quietly(src);
        let name = self.name();
        let (size, extension) = match &target {
            Target::File { path } => (out.env.tree.sizes.get(path).copied(), path.extension()),
            Target::External { .. } => (None, RelPath::new(&name).map(|p| p.extension()).unwrap_or_default()),
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

/// A privacy-friendly player address for video links (no cookies, do-not-track), starting
/// where the link does.
fn privacy_player(url: &str) -> Option<String> {
    let address = Address::parse(url)?;
    let id = address.video_id()?;
    let start = address.start();
    match address.provider()? {
        providers::YOUTUBE => {
            let start = start.map(|s| format!("?start={s}")).unwrap_or_default();
            Some(format!("https://www.youtube-nocookie.com/embed/{id}{start}"))
        }
        providers::VIMEO => {
            let start = start.map(|s| format!("#t={s}s")).unwrap_or_default();
            Some(format!("https://player.vimeo.com/video/{id}?dnt=1{start}"))
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
            Some("https://www.youtube-nocookie.com/embed/abc_12-3?start=5")
        );
        assert_eq!(
            privacy_player("https://youtu.be/xyz").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/xyz")
        );
        assert_eq!(
            privacy_player("https://vimeo.com/12345").as_deref(),
            Some("https://player.vimeo.com/video/12345?dnt=1")
        );
        assert_eq!(
            privacy_player("https://vimeo.com/12345#t=1m").as_deref(),
            Some("https://player.vimeo.com/video/12345?dnt=1#t=60s")
        );
        assert_eq!(privacy_player("https://example.org/x"), None);
        assert_eq!(privacy_player("https://www.loom.com/share/abc"), None);
    }
}
