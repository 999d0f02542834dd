//! `deploy.server`: one server name or a list of them, bad names located in block or flow
//! YAML; `embed.allowed_hosts`: the origins that may frame the embed views, located alike.

use super::checker::Checker;
use super::raw::{self, CONFIG_FILE};
use super::settings::{EmbedViews, Server};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::yaml;

/// The servers named, each once and in a fixed order; each unknown name is an error where it
/// is written.
pub(super) fn servers(deploy: Option<&raw::RawDeploy>, check: &mut Checker) -> Vec<Server> {
    let Some(names) = deploy.and_then(|d| d.server.clone()) else { return Vec::new() };
    let known: Vec<&str> = Server::ALL.iter().map(|(name, _)| *name).collect();
    let mut servers = Vec::new();
    for name in names.into_vec() {
        let word = name.trim().to_ascii_lowercase();
        match Server::ALL.iter().find(|(known, _)| *known == word) {
            Some((_, server)) => {
                if !servers.contains(server) {
                    servers.push(*server);
                }
            }
            None => {
                let (line, col) = value_position(check.text, "deploy", &name).unwrap_or((0, 0));
                let help = match yaml::did_you_mean(&word, &known) {
                    Some(best) => format!("did you mean `{best}`? neokit writes files for {}", known.join(", ")),
                    None => format!(
                        "neokit writes files for {}; other servers are described in docs/publishing.md",
                        known.join(", ")
                    ),
                };
                check.push(
                    Diagnostic::error(
                        "invalid-config",
                        format!("`deploy.server: {name}` is not a server neokit knows"),
                    )
                    .at(Location::new(CONFIG_FILE, line, col))
                    .with_help(help),
                );
            }
        }
    }
    servers.sort();
    servers
}

/// `embed:`: on unless `false`; each `allowed_hosts` entry that is not an origin is an error
/// where it is written.
pub(super) fn embed_views(embed: Option<&raw::RawEmbed>, check: &mut Checker) -> EmbedViews {
    let settings = match embed {
        None | Some(raw::RawEmbed::Switch(true)) => return EmbedViews::default(),
        Some(raw::RawEmbed::Switch(false)) => return EmbedViews { enabled: false, allowed_hosts: Vec::new() },
        Some(raw::RawEmbed::Settings(settings)) => settings,
    };
    let mut allowed_hosts: Vec<String> = Vec::new();
    for written in settings.allowed_hosts.clone().map(raw::OneOrMany::into_vec).unwrap_or_default() {
        match origin(&written) {
            Ok(origin) => {
                if !allowed_hosts.contains(&origin) {
                    allowed_hosts.push(origin);
                }
            }
            Err(why) => {
                let (line, col) = value_position(check.text, "embed", written.trim()).unwrap_or((0, 0));
                check.push(
                    Diagnostic::error(
                        "invalid-config",
                        format!("`embed.allowed_hosts: {written}` is not an origin: {why}"),
                    )
                    .at(Location::new(CONFIG_FILE, line, col))
                    .with_help(
                        "write the scheme and host of the system that frames the pages, such as \
                         `https://intranet.example.org` or `https://*.sharepoint.com`, without a path",
                    ),
                );
            }
        }
    }
    EmbedViews { enabled: true, allowed_hosts }
}

/// `written` as an origin for `frame-ancestors` (`https://host[:port]`, the host may start
/// with `*.`), lower-cased; a single trailing `/` is allowed.
pub fn origin(written: &str) -> Result<String, &'static str> {
    let text = written.trim();
    let text = text.strip_suffix('/').unwrap_or(text);
    let Some((scheme, rest)) = text.split_once("://") else { return Err("it has no `https://`") };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err("only `https://` and `http://` addresses can frame pages");
    }
    if rest.contains(['/', '?', '#']) {
        return Err("an origin has no path, query or fragment");
    }
    if rest.contains('@') {
        return Err("an origin has no user name");
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err("its port is not a number");
    }
    let name = host.strip_prefix("*.").unwrap_or(host);
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if name.is_empty() || !name.split('.').all(label_ok) {
        return Err("its host is not a host name");
    }
    Ok(format!("{scheme}://{}{}", host.to_ascii_lowercase(), port.map(|p| format!(":{p}")).unwrap_or_default()))
}

/// Line and column (1-based) of `value` written under the top-level key `key`, in block or
/// flow style (`deploy: { server: [iis, ngnix] }`); the key's own position when not found.
fn value_position(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, key_col) = yaml::key_position(text, &[key])?;
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':');
    for (number, line) in text.lines().enumerate().skip(key_line - 1) {
        let trimmed = line.trim_start();
        if number + 1 > key_line
            && !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && line.len() - trimmed.len() < key_col
        {
            break;
        }
        // After the key on its own line; the whole line below it.
        let start = if number + 1 == key_line { key_col - 1 + key.len() + 1 } else { 0 };
        let code = line.split(" #").next().unwrap_or(line);
        let mut from = start;
        while let Some(found) = code.get(from..).and_then(|rest| rest.find(value)) {
            let at = from + found;
            let before = code[..at].chars().next_back();
            let after = code[at + value.len()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                return Some((number + 1, at + 1));
            }
            from = at + value.len();
        }
    }
    Some((key_line, key_col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_where_they_are_written() {
        let block = "title: A\ndeploy:\n  server:\n    - iis\n    - ngnix # typo\n";
        assert_eq!(value_position(block, "deploy", "ngnix"), Some((5, 7)));
        let flow = "deploy: { server: [iis, ngnix] }\n";
        assert_eq!(value_position(flow, "deploy", "ngnix"), Some((1, 25)));
        // A word inside another is not it; the key is the fallback.
        assert_eq!(value_position("deploy:\n  server: nginx-x\n", "deploy", "nginx"), Some((1, 1)));
    }

    #[test]
    fn origins_for_frame_ancestors() {
        assert_eq!(origin("https://Intranet.example.org/"), Ok("https://intranet.example.org".into()));
        assert_eq!(origin("https://*.sharepoint.com"), Ok("https://*.sharepoint.com".into()));
        assert_eq!(origin("http://ehr.local:8443"), Ok("http://ehr.local:8443".into()));
        for bad in [
            "intranet.example.org",
            "ftp://x.org",
            "https://x.org/path",
            "https://x.org?a",
            "https://",
            "https://x.org:port",
            "'self'",
            "*",
            "https://a b.org",
            "https://u@x.org",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }
}
