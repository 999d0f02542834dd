//! `deploy.server`: one server name or a list of them, bad names located in block or flow
//! YAML.

use super::load::Checker;
use super::{CONFIG_FILE, Server, raw};
use crate::diagnostics::{Diagnostic, Location};
use crate::yaml;

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

/// Line and column (1-based) of `value` written under the top-level key `key`, in block or
/// flow style (`deploy: { server: [iis, ngnix] }`); the key's own position when not found.
fn value_position(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, key_col) = yaml::key_position(text, &[key])?;
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
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
}
