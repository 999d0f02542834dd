//! [`SiteAddress`]: the public address of a site or of one of its spaces (`base_url`), which
//! makes every absolute address of the site.

use std::fmt;
use std::ops::Deref;

use crate::paths;

/// The public address of a site (`base_url` or `--base-url`), or of one of its spaces: the
/// site's address, then the space's folder (`https://intranet.example.org/kits/neoflix/nl/`).
/// It always ends with `/`; as text it is the whole address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteAddress {
    /// The site's address, then the space's folder (percent-encoded).
    text: String,
    /// Where the site's address ends in `text`.
    site: usize,
}

impl SiteAddress {
    /// The site at `url`, an http(s) address; a `/` is added when it does not end with one.
    pub fn new(url: &str) -> SiteAddress {
        let mut text = url.to_string();
        if !text.ends_with('/') {
            text.push('/');
        }
        SiteAddress { site: text.len(), text }
    }

    /// The space of this site published in folder `prefix` below the site's address (`nl/`;
    /// `""` for the space at the site's root).
    pub fn space(&self, prefix: &str) -> SiteAddress {
        let mut text = self.text[..self.site].to_string();
        let prefix = prefix.trim_matches('/');
        if !prefix.is_empty() {
            text.push_str(&paths::encode_path(prefix));
            text.push('/');
        }
        SiteAddress { text, site: self.site }
    }

    /// The absolute address of `path` below this address: a page's folder (`consent/`), a
    /// file (`pdf/kit.pdf`), or `""` for the address itself. Each segment is percent-encoded.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.text, paths::encode_path(path))
    }

    /// The absolute address of `path` below the site's address, whatever space this is the
    /// address of: a folder below the site's root (`nl/toestemming/`).
    pub fn join_site(&self, path: &str) -> String {
        format!("{}{}", &self.text[..self.site], paths::encode_path(path))
    }

    /// The path part of this address (`/kits/neoflix/`), for addresses on the same server.
    pub fn path(&self) -> &str {
        let rest = self.text.split_once("://").map_or(self.text.as_str(), |(_, rest)| rest);
        rest.find('/').map_or("/", |i| &rest[i..])
    }

    /// The whole address, ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Deref for SiteAddress {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for SiteAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_slash_is_added_once() {
        assert_eq!(SiteAddress::new("https://x.org/kits/neoflix").as_str(), "https://x.org/kits/neoflix/");
        assert_eq!(SiteAddress::new("https://x.org/kits/neoflix/").as_str(), "https://x.org/kits/neoflix/");
        assert_eq!(SiteAddress::new("https://x.org").join(""), "https://x.org/");
    }

    #[test]
    fn pages_and_files_are_percent_encoded_below_it() {
        let site = SiteAddress::new("https://x.org/kits/");
        assert_eq!(site.join("consent/"), "https://x.org/kits/consent/");
        assert_eq!(site.join("pdf/kit.pdf"), "https://x.org/kits/pdf/kit.pdf");
        assert_eq!(site.join("zorg en welzijn/café/"), "https://x.org/kits/zorg%20en%20welzijn/caf%C3%A9/");
        assert_eq!(site.join("go/ab-1/"), "https://x.org/kits/go/ab-1/");
    }

    #[test]
    fn a_space_is_below_the_site_and_its_folder_is_encoded() {
        let site = SiteAddress::new("https://x.org/kits");
        let nl = site.space("nl/");
        assert_eq!(nl.as_str(), "https://x.org/kits/nl/");
        assert_eq!(nl.join("toestemming/"), "https://x.org/kits/nl/toestemming/");
        assert_eq!(nl.join_site("en/consent/"), "https://x.org/kits/en/consent/");
        assert_eq!(nl.path(), "/kits/nl/");
        // The space at the site's root, and a space of a space's address.
        assert_eq!(site.space(""), site);
        assert_eq!(nl.space("v2"), site.space("v2/"));
        assert_eq!(site.space("two words/").as_str(), "https://x.org/kits/two%20words/");
        assert_eq!(site.space("two words/").join_site("a/"), "https://x.org/kits/a/");
    }

    #[test]
    fn its_path_is_what_follows_the_host() {
        assert_eq!(SiteAddress::new("https://x.org/kits/neoflix/").path(), "/kits/neoflix/");
        assert_eq!(SiteAddress::new("http://intranet").path(), "/");
        assert_eq!(SiteAddress::new("http://intranet:8080/a").path(), "/a/");
    }

    #[test]
    fn without_a_site_address_there_is_none() {
        // `base_url` unset: no address is made (callers fall back to relative links).
        let none: Option<SiteAddress> = None;
        assert_eq!(none.as_ref().map(|a| a.join("consent/")), None);
        assert_eq!(none.as_deref(), None);
    }
}
