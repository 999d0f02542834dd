//! Web server configuration files written into the site (`deploy.server` in neokit.yaml).
//!
//! Input: the configuration. Output: `web.config` (IIS), `.htaccess` (Apache httpd),
//! `nginx.conf` and `Caddyfile` (snippets to include in the server's own configuration), each
//! setting the same things: the strict Content-Security-Policy and other security headers,
//! `404.html` for missing pages, caching (HTML revalidated, `_neokit/` kept an hour) and
//! compression. docs/publishing.md explains each file. With `embed.allowed_hosts`, the embed
//! views (`embed/`) may be framed by those origins (`frame-ancestors`); the full pages keep
//! refusing other sites' frames.

use crate::config::{Config, EmbedMode, Server};

/// How long browsers keep the theme's files (`_neokit/`), in seconds. Their names carry no
/// version and the navigation and search index change with every build, so not longer.
pub const ASSET_MAX_AGE: u32 = 3600;

/// The server files, which no server should hand out (IIS never serves web.config, and
/// Apache never serves .htaccess, by default).
const SERVER_FILES: &str = "nginx\\.conf|Caddyfile|web\\.config|\\.htaccess";

/// Players `embeds: iframe` may show.
const FRAME_SOURCES: &str = "https://www.youtube-nocookie.com https://player.vimeo.com";

/// The Content-Security-Policy of the site: only its own files; framed players when
/// `embeds: iframe` allows them.
pub fn content_security_policy(config: &Config) -> String {
    let mut policy = String::from("default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'");
    if config.embeds == EmbedMode::Iframe {
        policy.push_str("; frame-src ");
        policy.push_str(FRAME_SOURCES);
    }
    policy
}

/// The policy every page carries in a `<meta http-equiv>`, for pages opened from disk or
/// served without the server files' headers: the same policy less `frame-ancestors`, which a
/// meta element cannot carry.
pub fn meta_content_security_policy(config: &Config) -> String {
    content_security_policy(config).replace("; frame-ancestors 'self'", "")
}

/// The origins `frame-ancestors` names for the embed views (`'self'` and `embed.allowed_hosts`),
/// when they differ from the full pages' (`'self'`).
pub fn embed_frame_ancestors(config: &Config) -> Option<String> {
    if !config.embed.enabled || config.embed.allowed_hosts.is_empty() {
        return None;
    }
    Some(format!("'self' {}", config.embed.allowed_hosts.join(" ")))
}

/// The security headers of the embed views when other origins may frame them: the policy
/// names them in `frame-ancestors`, and `X-Frame-Options` (which cannot name them) is left out.
pub fn embed_security_headers(config: &Config) -> Option<Vec<(&'static str, String)>> {
    let ancestors = embed_frame_ancestors(config)?;
    Some(
        security_headers(config)
            .into_iter()
            .filter(|(name, _)| *name != "X-Frame-Options")
            .map(|(name, value)| match name {
                "Content-Security-Policy" => {
                    (name, value.replace("frame-ancestors 'self'", &format!("frame-ancestors {ancestors}")))
                }
                _ => (name, value),
            })
            .collect(),
    )
}

/// The security headers every response gets, the policy first.
pub fn security_headers(config: &Config) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(config)),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Frame-Options", "SAMEORIGIN".into()),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
    ]
}

/// The path part of `base_url` (`/kits/neoflix/`), when it is set.
fn base_path(config: &Config) -> Option<String> {
    config.base_url.as_ref().map(|address| address.path().to_string())
}

/// The files for the servers named in `deploy.server`, as (path in the site, text).
pub fn server_files(config: &Config) -> Vec<(String, String)> {
    config
        .deploy
        .iter()
        .map(|&server| {
            let text = match server {
                Server::Iis => web_config(config),
                Server::Apache => htaccess(config),
                Server::Nginx => nginx(config),
                Server::Caddy => caddyfile(config),
            };
            (server.file_name().to_string(), text)
        })
        .collect()
}

/// `&`, `<`, `>` and `"` as XML writes them in attribute values.
fn xml_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// File types IIS does not serve (or serves with an old type) unless told.
const IIS_TYPES: [(&str, &str); 8] = [
    (".js", "text/javascript; charset=utf-8"),
    (".css", "text/css; charset=utf-8"),
    (".svg", "image/svg+xml"),
    (".woff2", "font/woff2"),
    (".woff", "font/woff"),
    (".webp", "image/webp"),
    (".avif", "image/avif"),
    (".json", "application/json"),
];

fn web_config(config: &Config) -> String {
    let (path, mode) = match base_path(config) {
        Some(base) => (format!("{base}404.html"), "ExecuteURL"),
        None => ("404.html".to_string(), "File"),
    };
    let mut headers = String::new();
    for (name, value) in security_headers(config) {
        headers.push_str(&format!("        <remove name=\"{name}\" />\n"));
        headers.push_str(&format!("        <add name=\"{name}\" value=\"{}\" />\n", xml_attr(&value)));
    }
    let mut types = String::new();
    for (extension, mime) in IIS_TYPES {
        types.push_str(&format!("      <remove fileExtension=\"{extension}\" />\n"));
        types.push_str(&format!("      <mimeMap fileExtension=\"{extension}\" mimeType=\"{mime}\" />\n"));
    }
    let max_age = format!("{:02}:{:02}:{:02}", ASSET_MAX_AGE / 3600, ASSET_MAX_AGE / 60 % 60, ASSET_MAX_AGE % 60);
    let embed = match embed_security_headers(config) {
        Some(embed_headers) => {
            let policy = &embed_headers[0].1;
            format!(
                "  <!-- The embed views may be framed by embed.allowed_hosts; the full pages may not. -->\n  \
                 <location path=\"embed\">\n    <system.webServer>\n      <httpProtocol>\n        <customHeaders>\n          \
                 <remove name=\"Content-Security-Policy\" />\n          \
                 <add name=\"Content-Security-Policy\" value=\"{}\" />\n          \
                 <remove name=\"X-Frame-Options\" />\n        </customHeaders>\n      </httpProtocol>\n    \
                 </system.webServer>\n  </location>\n",
                xml_attr(policy)
            )
        }
        None => String::new(),
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!--
  Settings for Internet Information Services (IIS 10), written by neokit (deploy.server: iis).
  Copy it with the site; IIS reads it from the site's folder. See docs/publishing.md.
  Missing pages get 404.html; every response gets the security headers; pages are checked
  for changes on every visit, the theme's files in _neokit/ are kept for an hour.
-->
<configuration>
  <system.webServer>
    <defaultDocument enabled="true">
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <directoryBrowse enabled="false" />
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" subStatusCode="-1" />
      <error statusCode="404" path="{path}" responseMode="{mode}" />
    </httpErrors>
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
{headers}      </customHeaders>
    </httpProtocol>
    <staticContent>
      <clientCache cacheControlMode="DisableCache" />
{types}    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
  </system.webServer>
  <location path="_neokit">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="{max_age}" />
      </staticContent>
    </system.webServer>
  </location>
{embed}</configuration>
"#
    )
}

/// Types Apache may not know (or knows with an old type).
const APACHE_TYPES: [(&str, &str); 6] = [
    ("text/javascript", ".js"),
    ("font/woff2", ".woff2"),
    ("font/woff", ".woff"),
    ("image/svg+xml", ".svg"),
    ("image/webp", ".webp"),
    ("image/avif", ".avif"),
];

/// Compressed on the way out; images and fonts are compressed already.
const COMPRESSED_TYPES: &str = "text/html text/css text/javascript application/javascript image/svg+xml application/json application/xml text/xml text/plain";

fn htaccess(config: &Config) -> String {
    let error_document = match base_path(config) {
        Some(base) => format!(
            "# Missing pages get the site's 404 page (the site is at {base}, from base_url).\nErrorDocument 404 {base}404.html\n"
        ),
        None => "# Missing pages get the site's 404 page. Without base_url, the site's address is found\n\
                 # from this folder (needs mod_rewrite); without mod_rewrite the site must be at the\n\
                 # server root, or set base_url in neokit.yaml.\n\
                 <IfModule mod_rewrite.c>\n  \
                 RewriteEngine On\n  \
                 RewriteCond %{REQUEST_URI}::$1 ^/(.*?)(.*)::\\2$\n  \
                 RewriteRule ^(.*)$ - [E=NEOKIT_BASE:%1]\n\
                 </IfModule>\n\
                 ErrorDocument 404 /%{reqenv:NEOKIT_BASE}404.html\n"
            .to_string(),
    };
    let mut headers = String::new();
    for (name, value) in security_headers(config) {
        headers.push_str(&format!("  Header always set {name} \"{value}\"\n"));
    }
    if let Some(embed_headers) = embed_security_headers(config) {
        let path = match base_path(config) {
            Some(base) => format!("^{base}embed/"),
            None => "/embed/".to_string(),
        };
        headers.push_str(&format!(
            "  # The embed views may be framed by embed.allowed_hosts; the full pages may not.\n  \
             <If \"%{{REQUEST_URI}} =~ m#{path}#\">\n    \
             Header always set Content-Security-Policy \"{}\"\n    \
             Header always unset X-Frame-Options\n  </If>\n",
            embed_headers[0].1
        ));
    }
    let types: String = APACHE_TYPES.iter().map(|(mime, ext)| format!("AddType {mime} {ext}\n")).collect();
    format!(
        "# Settings for Apache httpd 2.4, written by neokit (deploy.server: apache). See\n\
         # docs/publishing.md. Apache reads this file when the site's folder allows it\n\
         # (AllowOverride FileInfo Indexes); the headers need mod_headers (a2enmod headers).\n\
         \n\
         DirectoryIndex index.html\n\
         AddDefaultCharset utf-8\n\
         AddCharset utf-8 .css .js .svg .xml .txt\n\
         {types}\
         \n\
         {error_document}\
         # The server files of the site are not for visitors.\n\
         RedirectMatch 404 /({SERVER_FILES})$\n\
         \n\
         <IfModule mod_headers.c>\n\
         {headers}\
         \x20 # Pages are checked for changes on every visit; the theme's files are kept an hour.\n\
         \x20 Header always set Cache-Control \"no-cache\"\n\
         \x20 <If \"%{{REQUEST_URI}} =~ m#/_neokit/#\">\n\
         \x20   Header always set Cache-Control \"public, max-age={ASSET_MAX_AGE}\"\n\
         \x20 </If>\n\
         </IfModule>\n\
         \n\
         <IfModule mod_deflate.c>\n\
         \x20 AddOutputFilterByType DEFLATE {COMPRESSED_TYPES}\n\
         </IfModule>\n"
    )
}

fn nginx(config: &Config) -> String {
    let base = base_path(config).unwrap_or_else(|| "/".into());
    let from = if config.base_url.is_some() { "from base_url" } else { "base_url is not set" };
    let mut headers = String::new();
    let embed = embed_frame_ancestors(config);
    if let Some(ancestors) = &embed {
        headers.push_str(&format!(
            "# The embed views may be framed by embed.allowed_hosts; the full pages may not.\n\
             set $neokit_frame_ancestors \"'self'\";\n\
             set $neokit_frame_options \"SAMEORIGIN\";\n\
             if ($uri ~ \"^{base}embed/\") {{\n\
             \x20   set $neokit_frame_ancestors \"{ancestors}\";\n\
             \x20   set $neokit_frame_options \"\";\n\
             }}\n"
        ));
    }
    for (name, value) in security_headers(config) {
        let value = match (name, &embed) {
            (_, None) => value,
            ("Content-Security-Policy", Some(_)) => {
                value.replace("frame-ancestors 'self'", "frame-ancestors $neokit_frame_ancestors")
            }
            ("X-Frame-Options", Some(_)) => "$neokit_frame_options".to_string(),
            _ => value,
        };
        headers.push_str(&format!("add_header {name} \"{value}\" always;\n"));
    }
    format!(
        "# nginx settings for this site, written by neokit (deploy.server: nginx). A snippet, not a\n\
         # whole configuration: include it in the location that serves the site, for example\n\
         #\n\
         #   location {base} {{\n\
         #       alias /srv/www/neoflix/;\n\
         #       include /srv/www/neoflix/nginx.conf;\n\
         #   }}\n\
         #\n\
         # It expects the site at {base} ({from}). An add_header here replaces those of the\n\
         # server block. See docs/publishing.md.\n\
         \n\
         index index.html;\n\
         charset utf-8;\n\
         charset_types text/css text/javascript application/javascript image/svg+xml text/plain text/xml;\n\
         absolute_redirect off;\n\
         error_page 404 {base}404.html;\n\
         # The server files of the site are not for visitors.\n\
         if ($uri ~ \"/({SERVER_FILES})$\") {{\n\
         \x20   return 404;\n\
         }}\n\
         \n\
         gzip on;\n\
         gzip_types {};\n\
         \n\
         # Pages are checked for changes on every visit; the theme's files are kept an hour.\n\
         set $neokit_cache \"no-cache\";\n\
         if ($uri ~ \"/_neokit/\") {{\n\
         \x20   set $neokit_cache \"public, max-age={ASSET_MAX_AGE}\";\n\
         }}\n\
         add_header Cache-Control $neokit_cache always;\n\
         {headers}",
        // nginx always compresses HTML and warns when it is named.
        COMPRESSED_TYPES.trim_start_matches("text/html ")
    )
}

fn caddyfile(config: &Config) -> String {
    let base = base_path(config).unwrap_or_else(|| "/".into());
    let from = if config.base_url.is_some() { "from base_url" } else { "base_url is not set" };
    let headers = |indent: &str| -> String {
        security_headers(config).iter().map(|(name, value)| format!("{indent}{name} \"{value}\"\n")).collect()
    };
    let (outer, inner) = (headers("\t"), headers("\t\t\t"));
    let (full, embed) = match embed_security_headers(config) {
        Some(embed_headers) => {
            let embed: String = embed_headers.iter().map(|(name, value)| format!("\t{name} \"{value}\"\n")).collect();
            (
                format!("@neokit_full {{\n\tpath {base}*\n\tnot path {base}embed/*\n}}\nheader @neokit_full"),
                format!(
                    "# The embed views may be framed by embed.allowed_hosts; the full pages may not.\n\
                     @neokit_embed path {base}embed/*\nheader @neokit_embed {{\n{embed}\t-X-Frame-Options\n}}\n"
                ),
            )
        }
        None => ("header @neokit".to_string(), String::new()),
    };
    format!(
        "# Caddy settings for this site, written by neokit (deploy.server: caddy). A snippet, not a\n\
         # whole Caddyfile: import it in the site block whose root holds the site at {base},\n\
         # for example\n\
         #\n\
         #   intranet.example.org {{\n\
         #       root * /srv/www\n\
         #       import /srv/www{base}Caddyfile\n\
         #       file_server\n\
         #   }}\n\
         #\n\
         # It expects the site at {base} ({from}). See docs/publishing.md.\n\
         \n\
         @neokit path {base}*\n\
         {full} {{\n\
         {outer}\
         }}\n\
         {embed}\
         # Pages are checked for changes on every visit; the theme's files are kept an hour.\n\
         @neokit_pages {{\n\
         \tpath {base}*\n\
         \tnot path {base}_neokit/*\n\
         }}\n\
         header @neokit_pages Cache-Control \"no-cache\"\n\
         @neokit_assets path {base}_neokit/*\n\
         header @neokit_assets Cache-Control \"public, max-age={ASSET_MAX_AGE}\"\n\
         encode @neokit zstd gzip\n\
         # The server files of the site are not for visitors.\n\
         @neokit_hidden path_regexp ^{base}({SERVER_FILES})$\n\
         error @neokit_hidden 404\n\
         \n\
         # Missing pages get the site's 404 page, with status 404.\n\
         handle_errors {{\n\
         \t@neokit_missing {{\n\
         \t\tpath {base}*\n\
         \t\texpression {{err.status_code}} == 404\n\
         \t}}\n\
         \thandle @neokit_missing {{\n\
         \t\theader {{\n\
         {inner}\
         \t\t\tCache-Control \"no-cache\"\n\
         \t\t}}\n\
         \t\trewrite * {base}404.html\n\
         \t\tfile_server\n\
         \t}}\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, load};

    /// The configuration of a scratch kit with this `neokit.yaml`.
    fn config(yaml: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.md"), "# Guide\n").unwrap();
        std::fs::write(dir.path().join("neokit.yaml"), yaml).unwrap();
        let (config, problems) = load(dir.path(), &Overrides::default()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        config
    }

    fn file(config: &Config, name: &str) -> String {
        server_files(config).into_iter().find(|(path, _)| path == name).map(|(_, text)| text).unwrap()
    }

    /// IIS cannot run here: its file is checked as XML, with what IIS reads from it.
    #[test]
    fn web_config_is_well_formed_xml() {
        for (yaml, path, mode) in [
            ("deploy: { server: iis }\n", "404.html", "File"),
            (
                "base_url: https://intranet.example.org/guides/handover\ndeploy: { server: IIS }\nembeds: iframe\n",
                "/guides/handover/404.html",
                "ExecuteURL",
            ),
        ] {
            let config = config(yaml);
            let text = file(&config, "web.config");
            let xml =
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("web.config is not XML: {e}\n{text}"));
            let root = xml.root_element();
            assert_eq!(root.tag_name().name(), "configuration");
            let error = xml.descendants().find(|n| n.has_tag_name("error")).unwrap();
            assert_eq!(error.attribute("statusCode"), Some("404"));
            assert_eq!(error.attribute("path"), Some(path));
            assert_eq!(error.attribute("responseMode"), Some(mode));
            let headers: Vec<(&str, &str)> = xml
                .descendants()
                .filter(|n| n.has_tag_name("add") && n.parent().is_some_and(|p| p.has_tag_name("customHeaders")))
                .map(|n| (n.attribute("name").unwrap(), n.attribute("value").unwrap()))
                .collect();
            let policy = content_security_policy(&config);
            assert!(policy.starts_with("default-src 'self'"));
            assert!(headers.contains(&("Content-Security-Policy", policy.as_str())), "{headers:?}");
            assert!(headers.contains(&("X-Content-Type-Options", "nosniff")));
            assert!(headers.contains(&("Referrer-Policy", "no-referrer")));
            // Every mimeMap is removed first: IIS refuses a type it already has.
            let removed: Vec<&str> = xml
                .descendants()
                .filter(|n| n.has_tag_name("remove") && n.attribute("fileExtension").is_some())
                .filter_map(|n| n.attribute("fileExtension"))
                .collect();
            for map in xml.descendants().filter(|n| n.has_tag_name("mimeMap")) {
                assert!(removed.contains(&map.attribute("fileExtension").unwrap()));
            }
            let assets = xml.descendants().find(|n| n.has_tag_name("location")).unwrap();
            assert_eq!(assets.attribute("path"), Some("_neokit"));
        }
    }

    #[test]
    fn iframe_players_are_allowed_only_with_embeds_iframe() {
        assert!(!content_security_policy(&config("title: A\n")).contains("frame-src"));
        assert!(
            content_security_policy(&config("embeds: iframe\n")).contains("frame-src https://www.youtube-nocookie.com")
        );
    }

    #[test]
    fn only_embed_views_may_be_framed_by_allowed_hosts() {
        let yaml = "base_url: https://guide.example.org/neoflix/\ndeploy: { server: [iis, apache, nginx, caddy] }\nembed:\n  allowed_hosts: [https://intranet.example.org, https://*.sharepoint.com]\n";
        let framed = config(yaml);
        let ancestors = "frame-ancestors 'self' https://intranet.example.org https://*.sharepoint.com";
        // Full pages keep the site's policy.
        assert!(content_security_policy(&framed).ends_with("frame-ancestors 'self'"));
        let iis = file(&framed, "web.config");
        let xml = roxmltree::Document::parse(&iis).unwrap();
        let embed = xml.descendants().find(|n| n.has_tag_name("location") && n.attribute("path") == Some("embed"));
        let embed = embed.expect("a location for embed/");
        let added: Vec<&str> =
            embed.descendants().filter(|n| n.has_tag_name("add")).filter_map(|n| n.attribute("value")).collect();
        assert!(added.len() == 1 && added[0].ends_with(ancestors), "{added:?}");
        assert!(
            embed.descendants().any(|n| n.has_tag_name("remove") && n.attribute("name") == Some("X-Frame-Options"))
        );
        let apache = file(&framed, ".htaccess");
        assert!(apache.contains("<If \"%{REQUEST_URI} =~ m#^/neoflix/embed/#\">"), "{apache}");
        assert!(apache.contains(ancestors) && apache.contains("Header always unset X-Frame-Options"));
        assert!(apache.contains("X-Frame-Options \"SAMEORIGIN\""));
        let nginx = file(&framed, "nginx.conf");
        assert!(nginx.contains("if ($uri ~ \"^/neoflix/embed/\") {"), "{nginx}");
        assert!(nginx.contains("frame-ancestors $neokit_frame_ancestors\" always;"));
        assert!(nginx.contains("add_header X-Frame-Options \"$neokit_frame_options\" always;"));
        let caddy = file(&framed, "Caddyfile");
        assert!(caddy.contains("\tnot path /neoflix/embed/*\n}\nheader @neokit_full {"), "{caddy}");
        assert!(
            caddy.contains("header @neokit_embed {")
                && caddy.contains(ancestors)
                && caddy.contains("\t-X-Frame-Options\n")
        );
        // Without allowed hosts (or without embed views) the files do not change.
        let plain = config("deploy: { server: [iis, apache, nginx, caddy] }\n");
        let off = config("deploy: { server: [iis, apache, nginx, caddy] }\nembed: false\n");
        assert_eq!(server_files(&plain), server_files(&off));
        assert!(!file(&plain, "Caddyfile").contains("embed"));
    }

    #[test]
    fn snippets_name_the_sites_path() {
        let under = config(
            "base_url: https://intranet.example.org/guides/handover/\ndeploy: { server: [nginx, caddy, apache] }\n",
        );
        assert!(file(&under, "nginx.conf").contains("error_page 404 /guides/handover/404.html;"));
        assert!(file(&under, "Caddyfile").contains("rewrite * /guides/handover/404.html"));
        assert!(file(&under, ".htaccess").contains("ErrorDocument 404 /guides/handover/404.html"));
        let root = config("deploy: { server: [apache, nginx] }\n");
        assert!(file(&root, "nginx.conf").contains("error_page 404 /404.html;"));
        // Apache finds the site's path from the folder of .htaccess.
        assert!(file(&root, ".htaccess").contains("ErrorDocument 404 /%{reqenv:NEOKIT_BASE}404.html"));
        assert!(server_files(&config("title: A\n")).is_empty());
    }
}
