//! [`Checker`]: how the steps of [`super::load()`] report a value of `neokit.yaml` that is
//! wrong, at the key where it is written, and the rules for paths written there.

use super::raw::CONFIG_FILE;
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::RelPath;
use neokit_core::yaml;

/// A path as written in the configuration, without spaces around it or a leading `./`.
pub(super) fn written_path(path: &str) -> String {
    path.trim().trim_start_matches("./").to_string()
}

/// Reports problems with values of `neokit.yaml`, located at their key.
pub(super) struct Checker<'a> {
    pub text: &'a str,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Where the key at `key` is written (the file alone when it is not found).
    pub fn at(&self, key: &[&str]) -> Location {
        self.position(key).unwrap_or_else(|| Location::new(CONFIG_FILE, 0, 0))
    }

    /// Where the key at `key` is written, when it is.
    pub fn position(&self, key: &[&str]) -> Option<Location> {
        yaml::key_position(self.text, key).map(|(line, col)| Location::new(CONFIG_FILE, line, col))
    }

    /// Where entry `index` of the list at `key` is written.
    pub fn item_at(&self, key: &[&str], index: usize) -> Location {
        let (line, col) = yaml::item_position(self.text, key, index).unwrap_or((0, 0));
        Location::new(CONFIG_FILE, line, col)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// An `invalid-config` error at `key`.
    pub fn error(&mut self, key: &[&str], message: String, help: &str) {
        let at = self.at(key);
        self.push(Diagnostic::error("invalid-config", message).at(at).with_help(help));
    }

    /// An error at `key` when `folder` (a folder of the site, e.g. `downloads`) is empty or
    /// leads out of the site.
    pub fn site_folder(&mut self, key: &[&str], folder: &str, example: &str) {
        if folder.is_empty() || escapes(folder) {
            self.error(
                key,
                format!("`{folder}` is not a folder inside the site"),
                &format!("use a simple name such as `{example}`"),
            );
        }
    }

    /// A `brand-contrast` warning at `key`.
    pub fn warn(&mut self, key: &[&str], message: String, help: &str) {
        let at = self.at(key);
        self.push(Diagnostic::warning("brand-contrast", message).at(at).with_help(help));
    }

    /// A `brand-contrast` note at `key`: what neokit did on purpose (information, not a
    /// problem: it does not fail `check --strict` and the preview does not count it).
    pub fn inform(&mut self, key: &[&str], message: String, help: &str) {
        let at = self.at(key);
        self.push(Diagnostic::note("brand-contrast", message).at(at).with_help(help));
    }
}

/// Whether a folder name written in the configuration leads out of the kit (or the site).
pub(super) fn escapes(path: &str) -> bool {
    RelPath::new(path).is_none() || path.starts_with('/')
}
