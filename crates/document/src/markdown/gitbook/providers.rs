//! What an embed's address says without fetching it: the provider (YouTube, Vimeo, Loom,
//! Miro, Figma, Google Docs, Slides, Sheets, Forms, Drive), what it shows (a video, a board,
//! a document), a video's id and where it starts, and the address written readably.
//!
//! GitBook shows embeds through Iframely, which fetches them; a site that works offline and
//! loads nothing from elsewhere shows a card instead, and this is what the card can say.

use neokit_core::paths::percent_decode;

/// A well-known provider of embedded content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    /// As people call it: `YouTube`, `Google Slides`.
    pub name: &'static str,
    /// What it shows, as a card's title says it: `YouTube video`, `Miro board`.
    pub label: &'static str,
    /// The card's icon in neokit's set.
    pub icon: &'static str,
    pub video: bool,
}

const fn provider(name: &'static str, label: &'static str, icon: &'static str, video: bool) -> Provider {
    Provider { name, label, icon, video }
}

pub const YOUTUBE: Provider = provider("YouTube", "YouTube video", "youtube", true);
pub const VIMEO: Provider = provider("Vimeo", "Vimeo video", "vimeo", true);
const LOOM: Provider = provider("Loom", "Loom video", "loom", true);
const MIRO: Provider = provider("Miro", "Miro board", "miro", false);
const FIGMA: Provider = provider("Figma", "Figma design", "figma", false);
const DOCS: Provider = provider("Google Docs", "Google Docs document", "document", false);
const SLIDES: Provider = provider("Google Slides", "Google Slides presentation", "slides", false);
const SHEETS: Provider = provider("Google Sheets", "Google Sheets spreadsheet", "sheet", false);
const FORMS: Provider = provider("Google Forms", "Google Forms form", "list-check", false);
const DRIVE: Provider = provider("Google Drive", "Google Drive file", "file", false);

/// An embed's address, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The host without `www.` / `m.` (`youtube.com`).
    pub host: String,
    /// The rest after the host, `/` included (`/watch?v=x&t=5`).
    pub rest: String,
}

impl Address {
    /// `https://www.youtube.com/watch?v=x` -> host `youtube.com`, rest `/watch?v=x`; `None`
    /// for what is not a web address.
    pub fn parse(url: &str) -> Option<Address> {
        let url = url.trim();
        let after = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).or(url.strip_prefix("//"))?;
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let host = after[..end].rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        let host = host.split(':').next().unwrap_or("");
        let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host).to_string();
        if host.is_empty() {
            return None;
        }
        Some(Address { host, rest: after[end..].to_string() })
    }

    fn is(&self, domain: &str) -> bool {
        self.host == domain || self.host.ends_with(&format!(".{domain}"))
    }

    /// The path without query and fragment.
    fn path(&self) -> &str {
        self.rest.split(['?', '#']).next().unwrap_or("")
    }

    /// The value of `key` in the query or the fragment (`t=1m30s` in `#t=1m30s`).
    fn parameter(&self, key: &str) -> Option<&str> {
        let after_path = &self.rest[self.path().len()..];
        after_path
            .split(['?', '&', '#'])
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
            .filter(|value| !value.is_empty())
    }

    /// The provider, when the address is one neokit knows.
    pub fn provider(&self) -> Option<Provider> {
        let path = self.path();
        Some(match () {
            _ if self.is("youtube.com") || self.host == "youtu.be" || self.is("youtube-nocookie.com") => YOUTUBE,
            _ if self.is("vimeo.com") => VIMEO,
            _ if self.is("loom.com") => LOOM,
            _ if self.is("miro.com") => MIRO,
            _ if self.is("figma.com") => FIGMA,
            _ if self.host == "docs.google.com" && path.starts_with("/document") => DOCS,
            _ if self.host == "docs.google.com" && path.starts_with("/presentation") => SLIDES,
            _ if self.host == "docs.google.com" && path.starts_with("/spreadsheets") => SHEETS,
            _ if self.host == "docs.google.com" && path.starts_with("/forms") => FORMS,
            _ if self.host == "drive.google.com" => DRIVE,
            _ => return None,
        })
    }

    /// A YouTube or Vimeo video's id.
    pub fn video_id(&self) -> Option<String> {
        let path = self.path().trim_start_matches('/');
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let id = match self.provider()? {
            YOUTUBE if self.host == "youtu.be" => segments.first().copied(),
            YOUTUBE => match segments.as_slice() {
                ["watch", ..] => self.parameter("v"),
                ["embed" | "shorts" | "live" | "v", id, ..] => Some(*id),
                _ => None,
            },
            // vimeo.com/123, vimeo.com/channels/x/123, player.vimeo.com/video/123
            VIMEO => segments.iter().copied().find(|s| s.chars().all(|c| c.is_ascii_digit())),
            _ => None,
        }?;
        let ok =
            !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| id.to_string())
    }

    /// Where a video starts, in seconds (`t=83`, `t=1m23s`, `start=83`, `#t=83s`).
    pub fn start(&self) -> Option<u64> {
        if !self.provider()?.video {
            return None;
        }
        seconds(self.parameter("t").or_else(|| self.parameter("start"))?).filter(|&s| s > 0)
    }

    /// The address as people read it: no scheme, no `www.`, decoded, at most about 70
    /// characters (`youtube.com/watch?v=dQw4w9WgXcQ`).
    pub fn readable(&self) -> String {
        const MAX: usize = 70;
        let rest = percent_decode(&self.rest);
        let rest = rest.trim_end_matches('/');
        let text = format!("{}{rest}", self.host);
        if text.chars().count() <= MAX {
            return text;
        }
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// `83`, `83s`, `1m23s`, `1h2m3s` -> seconds.
fn seconds(value: &str) -> Option<u64> {
    let value = value.trim();
    if let Ok(plain) = value.parse::<u64>() {
        return Some(plain);
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in value.chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' | 's' => {
                let n: u64 = number.parse().ok()?;
                number.clear();
                total = total.checked_add(n.checked_mul(match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                })?)?;
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

/// Seconds as a clock: `1:23`, `1:02:03`.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(url: &str) -> Address {
        Address::parse(url).unwrap()
    }

    #[test]
    fn providers_by_address() {
        let name = |url: &str| read(url).provider().map(|p| p.name);
        assert_eq!(name("https://www.youtube.com/watch?v=x"), Some("YouTube"));
        assert_eq!(name("https://m.youtube.com/watch?v=x"), Some("YouTube"));
        assert_eq!(name("https://youtu.be/x"), Some("YouTube"));
        assert_eq!(name("https://player.vimeo.com/video/1"), Some("Vimeo"));
        assert_eq!(name("https://www.loom.com/share/abc"), Some("Loom"));
        assert_eq!(name("https://miro.com/app/board/uXjV=/"), Some("Miro"));
        assert_eq!(name("https://www.figma.com/file/abc/Ward"), Some("Figma"));
        assert_eq!(name("https://docs.google.com/document/d/1a/edit"), Some("Google Docs"));
        assert_eq!(name("https://docs.google.com/presentation/d/1a/edit"), Some("Google Slides"));
        assert_eq!(name("https://docs.google.com/spreadsheets/d/1a"), Some("Google Sheets"));
        assert_eq!(name("https://example.org/youtube.com"), None);
        assert_eq!(name("https://notyoutube.com/watch"), None);
        assert!(Address::parse("mailto:a@b.org").is_none());
        assert!(Address::parse("https://").is_none());
    }

    #[test]
    fn video_ids_and_starts() {
        let video = |url: &str| {
            let a = read(url);
            (a.video_id(), a.start())
        };
        assert_eq!(video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=83"), (Some("dQw4w9WgXcQ".into()), Some(83)));
        assert_eq!(video("https://youtu.be/abc_12-3?t=1m5s"), (Some("abc_12-3".into()), Some(65)));
        assert_eq!(video("https://www.youtube.com/embed/xyz?start=30"), (Some("xyz".into()), Some(30)));
        assert_eq!(video("https://www.youtube.com/shorts/s1"), (Some("s1".into()), None));
        assert_eq!(video("https://vimeo.com/123456789#t=1h2m3s"), (Some("123456789".into()), Some(3723)));
        assert_eq!(video("https://vimeo.com/channels/staff/42"), (Some("42".into()), None));
        assert_eq!(video("https://www.youtube.com/watch?v=<x>"), (None, None));
        assert_eq!(video("https://www.youtube.com/watch?v=a&t=soon"), (Some("a".into()), None));
        assert_eq!(video("https://miro.com/app/board/x?t=5"), (None, None));
    }

    #[test]
    fn readable_addresses_and_clocks() {
        assert_eq!(read("https://www.youtube.com/watch?v=x").readable(), "youtube.com/watch?v=x");
        assert_eq!(read("https://example.org/ward%20plan/").readable(), "example.org/ward plan");
        assert!(read(&format!("https://example.org/{}", "a".repeat(100))).readable().ends_with('…'));
        assert_eq!(clock(83), "1:23");
        assert_eq!(clock(3723), "1:02:03");
        assert_eq!(clock(5), "0:05");
    }
}
