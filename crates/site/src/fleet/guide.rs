//! The programme's current guide, read once for every hospital: its pages in SUMMARY order
//! with the fingerprint of each page's text today, where each is published, its title,
//! version label and public address.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config, Overrides, SiteAddress};
use crate::pins::{self, Fingerprint, LockOnce};
use crate::{kit, overlay, site};

/// One page of the guide.
#[derive(Debug, Clone)]
pub struct GuidePage {
    /// From the guide's content root, as `drift` names pages (`welcome/intro.md`).
    pub path: String,
    /// Where the site publishes it (`welcome/intro/`).
    pub dir: String,
    pub fingerprint: Fingerprint,
}

pub struct Guide {
    pub title: String,
    pub version: String,
    /// `base_url` of the guide's neokit.yaml: the dashboard links into the published guide.
    pub base_url: Option<SiteAddress>,
    pub pages: Vec<GuidePage>,
    by_path: HashMap<String, usize>,
    /// The kit folder, and its content root relative to it (`""` when the same).
    kit_dir: PathBuf,
    content_prefix: String,
    /// The guide's configuration, for the dashboard's theme and brand.
    pub config: Config,
}

impl Guide {
    /// Reads the guide in `dir`. `version`: the label given (else git's description of the
    /// checkout, else "current"). An error says in plain words why it cannot be read.
    pub fn load(dir: &Path, version: Option<&str>) -> Result<Guide, String> {
        if !dir.is_dir() {
            return Err(format!("the guide folder `{}` does not exist", dir.display()));
        }
        let (config, problems) = config::load(dir, &Overrides::default()).map_err(|e| format!("{e:#}"))?;
        if let Some(problem) = problems.iter().find(|p| p.is_error()) {
            return Err(format!("the guide's settings cannot be read: {problem}"));
        }
        let (kit, problems) = kit::load(&config, false, &LockOnce::new(&config.kit_dir));
        if !kit.complete {
            let why = problems.iter().find(|p| p.is_error()).map(|p| p.message.clone()).unwrap_or_default();
            return Err(format!("`{}` cannot be read as a guide: {why}", dir.display()));
        }
        let (plan, _) = site::plan(&kit.summary, &kit.tree, &kit.readme, kit.summary_file.as_ref());
        let dirs: HashMap<&str, &str> = plan.pages.iter().map(|p| (p.source.as_str(), p.dir.as_str())).collect();
        let listed = overlay::pages_of(&kit.summary);
        if listed.is_empty() {
            return Err(format!("`{}` has no pages listed in a SUMMARY.md: it is not a guide", dir.display()));
        }
        let pages: Vec<GuidePage> = listed
            .par_iter()
            .filter_map(|path| {
                let text = kit.tree.read_text(path).ok()?;
                Some(GuidePage {
                    path: path.to_string(),
                    dir: dirs.get(path.as_str()).map(|d| d.to_string()).unwrap_or_default(),
                    fingerprint: pins::fingerprint(&text),
                })
            })
            .collect();
        let by_path = pages.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        let title = config
            .title
            .clone()
            .or_else(|| config.kit_dir.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "the guide".into());
        let version = version.map(str::to_string).or_else(|| git_version(dir)).unwrap_or_else(|| "current".into());
        let content_prefix = config
            .content_root
            .strip_prefix(&config.kit_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Ok(Guide {
            title,
            version,
            base_url: config.base_url.clone(),
            pages,
            by_path,
            kit_dir: config.kit_dir.clone(),
            content_prefix,
            config,
        })
    }

    pub fn page(&self, path: &str) -> Option<&GuidePage> {
        self.by_path.get(path).map(|&i| &self.pages[i])
    }

    /// Whether the guide has a page at `path` (from its content root), or, for translations,
    /// from its folder.
    pub fn has(&self, path: &str) -> bool {
        self.page(path).is_some() || self.by_kit_path(path).is_some()
    }

    /// The page a translation was translated from, named from the guide's folder
    /// (`consent.md`, `en/consent.md`).
    pub fn translation_source(&self, path: &str) -> Option<&Fingerprint> {
        self.by_kit_path(path).map(|p| &p.fingerprint)
    }

    fn by_kit_path(&self, path: &str) -> Option<&GuidePage> {
        match self.content_prefix.as_str() {
            "" => self.page(path),
            prefix => self.page(path.strip_prefix(prefix)?.strip_prefix('/')?),
        }
    }

    /// The address of a page's section in the published guide, when its address is known.
    pub fn link(&self, path: &str, anchor: &str) -> Option<String> {
        let base = self.base_url.as_ref()?;
        let page = self.page(path).or_else(|| self.by_kit_path(path))?;
        let fragment = if anchor.is_empty() { String::new() } else { format!("#{anchor}") };
        Some(format!("{}{fragment}", base.join(&page.dir)))
    }

    /// The guide's kit folder.
    pub fn kit_dir(&self) -> &Path {
        &self.kit_dir
    }
}

/// `git describe --tags` of the guide's checkout, when the folder is one (its own `.git`, as a
/// clone or a submodule has; a folder inside another repository is not) and has a tag.
fn git_version(dir: &Path) -> Option<String> {
    if !dir.join(".git").exists() {
        return None;
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["describe", "--tags"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let label = text.trim();
    (output.status.success() && !label.is_empty()).then(|| label.to_string())
}
