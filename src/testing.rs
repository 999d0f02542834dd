//! Small kits built from text, for property tests and fuzzing (not part of the stable API).
//!
//! A [`Scratch`] kit lives in one folder and is rewritten for every input: a home page, a
//! second page, an include, `.gitbook/vars.yaml`, `SUMMARY.md` and `.gitbook.yaml`. Building
//! it runs the whole pipeline with every check on and writes nothing.

use std::path::{Path, PathBuf};

use crate::pipeline::{self, BuildOptions, OutputTarget, Report};

/// The files of a scratch kit, by role. An empty text leaves the file out.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub readme: String,
    pub page: String,
    pub include: String,
    pub vars: String,
    pub summary: String,
    pub gitbook_yaml: String,
    /// `neokit.yaml`.
    pub config: String,
}

impl Input {
    /// Splits fuzzer bytes into the files, at `\u{1}` characters, in the order of the fields.
    pub fn from_bytes(data: &[u8]) -> Input {
        let text = String::from_utf8_lossy(data);
        let mut parts = text.split('\u{1}').map(str::to_string);
        Input {
            readme: parts.next().unwrap_or_default(),
            page: parts.next().unwrap_or_default(),
            include: parts.next().unwrap_or_default(),
            vars: parts.next().unwrap_or_default(),
            summary: parts.next().unwrap_or_default(),
            gitbook_yaml: parts.next().unwrap_or_default(),
            config: String::new(),
        }
    }

    /// Splits fuzzer bytes into `SUMMARY.md` and `.gitbook.yaml` at the first `\u{1}`, around
    /// two fixed pages that link to each other.
    pub fn navigation_from_bytes(data: &[u8]) -> Input {
        let text = String::from_utf8_lossy(data);
        let (summary, gitbook_yaml) = text.split_once('\u{1}').unwrap_or((&text, ""));
        Input {
            readme: "# Home\n\nSee [the page](page.md).\n".into(),
            page: "# Page\n\nBack [home](README.md).\n".into(),
            summary: summary.into(),
            gitbook_yaml: gitbook_yaml.into(),
            ..Input::default()
        }
    }
}

pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    /// A scratch kit in `root` (created if missing).
    pub fn new(root: &Path) -> Scratch {
        std::fs::create_dir_all(root.join(".gitbook/includes")).expect("the scratch folder can be created");
        Scratch { root: root.to_path_buf() }
    }

    /// Writes the input as the kit and builds it.
    pub fn build(&self, input: &Input) -> anyhow::Result<Report> {
        self.build_to(input, None)
    }

    /// Writes the input as the kit and builds it, into `output` when given (else nowhere).
    pub fn build_to(&self, input: &Input, output: Option<&Path>) -> anyhow::Result<Report> {
        let files = [
            ("README.md", &input.readme),
            ("page.md", &input.page),
            (".gitbook/includes/inc.md", &input.include),
            (".gitbook/vars.yaml", &input.vars),
            ("SUMMARY.md", &input.summary),
            (".gitbook.yaml", &input.gitbook_yaml),
            ("neokit.yaml", &input.config),
        ];
        for (path, text) in files {
            let path = self.root.join(path);
            if text.is_empty() {
                let _ = std::fs::remove_file(&path);
            } else {
                std::fs::write(&path, text)?;
            }
        }
        let overrides = crate::config::Overrides { output: output.map(Path::to_path_buf), ..Default::default() };
        pipeline::build(&BuildOptions {
            kit_dir: self.root.clone(),
            target: if output.is_some() { OutputTarget::Disk } else { OutputTarget::Discard },
            overrides,
            lint: true,
            ..Default::default()
        })
    }
}

/// Text as the PDF writer puts it in typst markup (see `markdown/typst.rs`).
pub fn typst_markup(text: &str) -> String {
    crate::markdown::typst::markup(text)
}

/// Text as the PDF writer puts it in a typst string literal.
pub fn typst_string(text: &str) -> String {
    crate::markdown::typst::string(text)
}
