//! Reading one hospital's provenance: a built site folder, a `provenance.json` file, or the
//! `https://` address of a published site. Every failure is a sentence for the programme lead, never a
//! panic; nothing is written.

use std::path::Path;

use crate::provenance::{self, Provenance};

/// Provenance files larger than this are not read (a real one of a 10,000-page guide is a
/// few megabytes).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The provenance `source` names, or why it cannot be read.
pub fn read(source: &str) -> Result<Provenance, String> {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return remote(source);
    }
    let path = Path::new(source);
    let (file, folder) = if path.is_dir() {
        let file = path.join(provenance::FILE);
        if !file.is_file() {
            return Err(missing_in_folder(path));
        }
        (file, true)
    } else if path.is_file() {
        (path.to_path_buf(), false)
    } else {
        return Err(format!("there is no file or folder `{source}`"));
    };
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        return Err(format!("`{}` is {} MB, too large to be a provenance file", file.display(), size / 1_048_576));
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("`{}` cannot be read: {e}", file.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| "this is not a neokit provenance file (it is not text)".to_string())?;
    // A folder's file is named, so the person knows which file is meant.
    provenance::parse(&text).map_err(|why| if folder { format!("{}: {why}", file.display()) } else { why })
}

/// Why a folder holds no provenance: not a neokit site, or one that records none.
fn missing_in_folder(path: &Path) -> String {
    let index = std::fs::read_to_string(path.join("index.html")).unwrap_or_default();
    if index.contains("<meta name=\"generator\" content=\"neokit") {
        format!(
            "the site in `{}` has no {}: it was built by an older neokit, is not built on a shared guide, or sets `provenance: false`",
            path.display(),
            provenance::FILE
        )
    } else if path.join("neokit.yaml").is_file() || path.join("SUMMARY.md").is_file() {
        format!(
            "`{}` is a kit folder, not a built site: name its built site (`public/`) or its {}",
            path.display(),
            provenance::FILE
        )
    } else {
        format!("`{}` is not a site built by neokit (it has no {})", path.display(), provenance::FILE)
    }
}

/// A published site's provenance, fetched over HTTPS with the system's `curl` (which trusts the
/// certificates the computer trusts, as a hospital's own certificate authority usually is), in
/// at most 30 seconds. Plain `http://` is refused: what a site says about its clinical text
/// could be changed on its way.
fn remote(source: &str) -> Result<Provenance, String> {
    let base = source.trim_end_matches('/');
    let file = if base.ends_with(".json") { base.to_string() } else { format!("{base}/{}", provenance::FILE) };
    let download = "download it (in a browser) and name the file instead";
    if !file.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://")) {
        return Err(format!("only https:// addresses are fetched: {file} could be changed on its way; {download}"));
    }
    let fetched = std::process::Command::new("curl")
        .args(["--silent", "--show-error", "--fail", "--location", "--proto", "=https", "--proto-redir", "=https"])
        .args(["--connect-timeout", "10", "--max-time", "30", "--max-filesize", &MAX_BYTES.to_string(), "--", &file])
        .stdin(std::process::Stdio::null())
        .output();
    let output = match fetched {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("{file} cannot be fetched: this computer has no `curl`; {download}"));
        }
        Err(e) => return Err(format!("{file} cannot be fetched ({e}); {download}")),
    };
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let why = said.lines().next().unwrap_or("").trim_start_matches("curl: ").trim();
        let why = why.split_once(") ").map_or(why, |(_, rest)| rest);
        return Err(format!("{file} cannot be fetched ({why}); {download}"));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| format!("{file} is not a neokit provenance file (it is not text)"))?;
    provenance::parse(&text).map_err(|why| format!("{file}: {why}"))
}
