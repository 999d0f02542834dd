//! Small kits built from text, for property tests and fuzzing (not part of the stable API).
//!
//! A [`Scratch`] kit lives in one folder and is rewritten for every input: a home page, a
//! second page, an include, `.gitbook/vars.yaml`, `SUMMARY.md` and `.gitbook.yaml`. Building
//! it runs the whole pipeline with every check on and writes nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config, Overrides};
use crate::kit::{self, Kit};
use crate::pins::LockOnce;
use crate::pipeline::{self, BuildOptions, OutputTarget, Report};
use crate::site::{self, Site};
use neokit_core::i18n;
use neokit_core::paths::RelPath;
use neokit_document::markdown::render::RenderEnv;
use neokit_document::markdown::{PrepareEnv, prepare, render};
use neokit_pdf::typst;

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
        let overrides = Overrides { output: output.map(Path::to_path_buf), ..Default::default() };
        pipeline::build(&BuildOptions {
            kit_dir: self.root.clone(),
            target: if output.is_some() { OutputTarget::Disk } else { OutputTarget::Discard },
            overrides,
            lint: true,
            ..Default::default()
        })
    }
}

/// Text as the PDF writer puts it in typst markup (see `pdf/typst.rs`).
pub fn typst_markup(text: &str) -> String {
    typst::markup(text)
}

/// Text as the PDF writer puts it in a typst string literal.
pub fn typst_string(text: &str) -> String {
    typst::string(text)
}

/// One page's Markdown to the body HTML neokit publishes for it, through the same first and
/// second pass as a build (the block scanner, the document builder, the HTML writer), on a
/// one-page kit read once. Links and files resolve against that kit.
pub struct PageRenderer {
    config: Config,
    kit: Kit,
    site: Site,
    faq_pages: HashSet<RelPath>,
}

impl PageRenderer {
    /// A one-page kit (a `README.md` and nothing else) in `root` (created if missing).
    pub fn new(root: &Path) -> anyhow::Result<PageRenderer> {
        std::fs::create_dir_all(root)?;
        std::fs::write(root.join("README.md"), "# Page\n")?;
        let (config, _) = config::load(root, &Overrides::default())?;
        let (kit, _) = kit::load(&config, false, &LockOnce::new(&config.kit_dir));
        let (plan, _) = site::plan(&kit.summary, &kit.tree, &kit.readme, kit.summary_file.as_ref());
        let faq_pages = HashSet::new();
        let env = PrepareEnv { tree: &kit.tree, space_vars: &kit.vars, faq_pages: &faq_pages };
        let prepared = plan
            .pages
            .iter()
            .map(|page| {
                let text = kit.tree.read_text(&page.source).unwrap_or_default();
                Arc::new(prepare(&page.source, text.into(), &env))
            })
            .collect();
        let site = site::assemble(plan, prepared);
        Ok(PageRenderer { config, kit, site, faq_pages })
    }

    /// The body HTML of the home page when its text is `markdown` (its `#` title is written
    /// by the template, not in the body).
    pub fn body_html(&self, markdown: &str) -> String {
        let page = &self.site.pages[0];
        let env = PrepareEnv { tree: &self.kit.tree, space_vars: &self.kit.vars, faq_pages: &self.faq_pages };
        let prepared = prepare(&page.source, markdown.into(), &env);
        let env = RenderEnv {
            site: &self.site,
            tree: &self.kit.tree,
            page: 0,
            embeds: self.config.embeds,
            text: i18n::text(&self.config.language),
            lint: false,
            allow_raw_html: self.config.allow_raw_html,
            spaces: None,
        };
        render(&prepared, &env).html
    }
}
