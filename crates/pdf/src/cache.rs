//! The parts of books laid out before, kept on disk by a hash of everything their layout
//! reads (see [`super::compile`]), so that a build lays out again only the parts whose source,
//! files, fonts or settings changed. The title page and contents, and the running headers,
//! are kept the same way; what a page shows of the day (review states, the title page's date)
//! is in its source, and a document whose layout asked typst for the day is kept under its key
//! with the day added.
//!
//! The cache is a folder beside the output folder (`.<name>.neokit/pdf-cache/`), or the one
//! `neokit build --cache DIR` names (never inside the kit's pages nor in the published site),
//! shared by `neokit build` and the preview. An
//! entry is one file named by its key: what the join needs of the part (its headings, its
//! labels' places, its page count, why it does not meet PDF/UA-1, typst's warnings) and its
//! PDF, with a checksum; an entry that cannot be read or does not add up is laid out again.
//! After each build the entries it did not use are removed, so the folder holds one build's
//! parts.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::Digest as _;

use super::join;
use neokit_core::diagnostics::{Diagnostic, Location, Severity};
use neokit_core::paths;

/// A part of a book laid out and written: its PDF and what the join needs of it.
pub(super) struct Laid {
    pub pdf: Vec<u8>,
    pub headings: Vec<join::Heading>,
    /// Why it does not meet PDF/UA-1 (when asked to and it does not).
    pub why: Option<String>,
    pub pages: usize,
    /// Where its labels are, on its own pages.
    pub places: Vec<(String, join::Place)>,
    /// typst's warnings, located.
    pub warnings: Vec<Diagnostic>,
}

/// A cache key: a hash of everything a layout reads, each piece with its length so that no
/// two different lists of pieces hash alike.
#[derive(Clone)]
pub(super) struct Key(sha2::Sha256);

impl Key {
    pub fn new(what: &str) -> Key {
        let mut key = Key(sha2::Sha256::new());
        key.add(b"neokit pdf cache 1");
        key.add(what.as_bytes());
        key
    }

    pub fn add(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The key as the name of its entry.
    pub fn name(self) -> String {
        hex(&self.0.finalize())
    }
}

/// A digest of some bytes (a file's), to add to keys.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What begins every entry.
const MAGIC: &[u8] = b"neokit-pdf-part 1\n";
/// How an entry's file name ends.
const EXTENSION: &str = ".pdfpart";

/// The cache of one build: its folder (none: nothing is kept), and the entries it used.
pub(super) struct Cache {
    dir: Option<PathBuf>,
    used: Mutex<HashSet<String>>,
}

impl Cache {
    pub fn new(dir: Option<PathBuf>) -> Cache {
        Cache { dir, used: Mutex::default() }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(format!("{key}{EXTENSION}")))
    }

    fn mark(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_string());
        }
    }

    /// The part kept under `key`, when there is one and it is whole.
    pub fn get(&self, key: &str) -> Option<Laid> {
        let path = self.path(key)?;
        let bytes = std::fs::read(&path).ok()?;
        match decode(&bytes) {
            Some(laid) => {
                self.mark(key);
                Some(laid)
            }
            None => {
                // Damaged (a build killed while writing it, a disk error): laid out again.
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Keeps `laid` under `key` (written whole, then renamed into place). A cache that cannot
    /// be written is no cache: the build goes on.
    pub fn put(&self, key: &str, laid: &Laid) {
        let Some(path) = self.path(key) else { return };
        self.mark(key);
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let temporary =
            path.with_extension(format!("tmp-{}-{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed)));
        let written = (path.parent().map_or(Ok(()), make_dir))
            .and_then(|()| std::fs::write(&temporary, encode(laid)))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// Removes the entries this build did not use (and what killed builds left half written).
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let Ok(used) = self.used.lock() else { return };
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(EXTENSION) || name.contains(".tmp-");
            let kept = name.strip_suffix(EXTENSION).is_some_and(|key| used.contains(key));
            if ours && !kept {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Makes the cache folder, ignored by git.
fn make_dir(dir: &std::path::Path) -> std::io::Result<()> {
    paths::make_ignored_dir(dir, "The parts of the PDF neokit laid out, kept to make the next build quicker.")
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    pages: usize,
    why: Option<String>,
    headings: Vec<HeadingMeta>,
    places: Vec<(String, PlaceMeta)>,
    warnings: Vec<WarningMeta>,
}

/// A place, its coordinates as their bits (so that they come back exactly).
#[derive(serde::Serialize, serde::Deserialize)]
struct PlaceMeta {
    page: usize,
    x: u64,
    y: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct HeadingMeta {
    level: usize,
    title: String,
    bookmarked: bool,
    at: PlaceMeta,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct WarningMeta {
    severity: String,
    code: String,
    location: Option<(PathBuf, usize, usize)>,
    message: String,
    help: Option<String>,
}

/// The codes of the messages a layout gives (an entry with another is not read).
const CODES: [&str; 5] = ["pdf", "pdf-math", "pdf-image", "pdf-font", "pdf-ua"];

fn place_meta(place: &join::Place) -> PlaceMeta {
    PlaceMeta { page: place.page, x: place.x.to_bits(), y: place.y.to_bits() }
}

fn place(meta: &PlaceMeta) -> join::Place {
    join::Place { page: meta.page, x: f64::from_bits(meta.x), y: f64::from_bits(meta.y) }
}

fn encode(laid: &Laid) -> Vec<u8> {
    let meta = Meta {
        pages: laid.pages,
        why: laid.why.clone(),
        headings: (laid.headings.iter())
            .map(|h| HeadingMeta {
                level: h.level.get(),
                title: h.title.clone(),
                bookmarked: h.bookmarked,
                at: place_meta(&h.at),
            })
            .collect(),
        places: laid.places.iter().map(|(label, at)| (label.clone(), place_meta(at))).collect(),
        warnings: (laid.warnings.iter())
            .map(|w| WarningMeta {
                severity: w.severity.label().to_string(),
                code: w.code.to_string(),
                location: w.location.as_ref().map(|l| (l.path.clone(), l.line, l.col)),
                message: w.message.clone(),
                help: w.help.clone(),
            })
            .collect(),
    };
    let meta = serde_json::to_vec(&meta).expect("plain data");
    let mut out = Vec::with_capacity(MAGIC.len() + 8 + meta.len() + laid.pdf.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(meta.len() as u64).to_le_bytes());
    out.extend_from_slice(&meta);
    out.extend_from_slice(&laid.pdf);
    let sum = digest(&out);
    out.extend_from_slice(&sum);
    out
}

fn decode(bytes: &[u8]) -> Option<Laid> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if digest(body) != sum {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let (length, rest) = rest.split_at_checked(8)?;
    let length = usize::try_from(u64::from_le_bytes(length.try_into().ok()?)).ok()?;
    let (meta, pdf) = rest.split_at_checked(length)?;
    let meta: Meta = serde_json::from_slice(meta).ok()?;
    let headings = (meta.headings.iter())
        .map(|h| {
            Some(join::Heading {
                level: NonZeroUsize::new(h.level)?,
                title: h.title.clone(),
                bookmarked: h.bookmarked,
                at: place(&h.at),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let warnings = (meta.warnings.into_iter())
        .map(|w| {
            let severity = match w.severity.as_str() {
                "note" => Severity::Note,
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                _ => return None,
            };
            let code = CODES.into_iter().find(|c| *c == w.code)?;
            let location = w.location.map(|(path, line, col)| Location::new(path, line, col));
            Some(Diagnostic { severity, code, location, message: w.message, help: w.help, follow: None })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Laid {
        pdf: pdf.to_vec(),
        headings,
        why: meta.why,
        pages: meta.pages,
        places: meta.places.iter().map(|(label, at)| (label.clone(), place(at))).collect(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid() -> Laid {
        Laid {
            pdf: b"%PDF-1.7 a part".to_vec(),
            headings: vec![join::Heading {
                level: NonZeroUsize::new(2).unwrap(),
                title: "1.2 Feeding".into(),
                bookmarked: true,
                at: join::Place { page: 3, x: 0.1 + 0.2, y: 841.889_763_779_527_6 },
            }],
            why: Some("an image without alt text".into()),
            pages: 4,
            places: vec![("p12".into(), join::Place { page: 2, x: 1.0 / 3.0, y: 70.866 })],
            warnings: vec![
                Diagnostic::warning("pdf-math", "a formula").at(Location::new("feeding.md", 3, 7)).with_help("see"),
            ],
        }
    }

    #[test]
    fn an_entry_comes_back_as_it_was_kept() {
        let folder = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(folder.path().join("pdf-cache")));
        cache.put("k1", &laid());
        let back = cache.get("k1").expect("kept");
        assert_eq!(back.pdf, laid().pdf);
        assert_eq!(back.pages, 4);
        assert_eq!(back.why, laid().why);
        assert_eq!(back.warnings, laid().warnings);
        let (h, original) = (&back.headings[0], &laid().headings[0]);
        assert_eq!((h.level, &h.title, h.bookmarked), (original.level, &original.title, original.bookmarked));
        assert_eq!(
            (h.at.page, h.at.x.to_bits(), h.at.y.to_bits()),
            (3, (0.1f64 + 0.2).to_bits(), original.at.y.to_bits())
        );
        assert_eq!(back.places[0].0, "p12");
        assert_eq!(back.places[0].1.x.to_bits(), (1.0f64 / 3.0).to_bits());
    }

    #[test]
    fn a_damaged_entry_is_not_read_and_is_removed() {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path().join("pdf-cache");
        let cache = Cache::new(Some(dir.clone()));
        cache.put("k1", &laid());
        let path = dir.join(format!("k1{EXTENSION}"));
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(&path, &bytes).unwrap();
        assert!(cache.get("k1").is_none());
        assert!(!path.exists());
        for short in [&b""[..], b"neokit", &encode(&laid())[..40]] {
            std::fs::write(&path, short).unwrap();
            assert!(cache.get("k1").is_none());
        }
    }

    #[test]
    fn entries_a_build_did_not_use_are_removed() {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path().join("pdf-cache");
        Cache::new(Some(dir.clone())).put("old", &laid());
        std::fs::write(dir.join("new.tmp-1-1"), b"half").unwrap();
        std::fs::write(dir.join("notes.txt"), b"not ours").unwrap();
        let cache = Cache::new(Some(dir.clone()));
        cache.put("new", &laid());
        cache.prune();
        let mut left: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        // The folder tells git to ignore it, and keeps telling it.
        assert_eq!(left, [".gitignore", "new.pdfpart", "notes.txt"]);
        assert!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().lines().any(|line| line == "*"));
    }
}
