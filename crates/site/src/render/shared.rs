//! What the parts of rendering share: what every page's context is built from, links to
//! pages, and where the site's files go.

use std::collections::HashMap;

use crate::config::{FallbackSource, SiteAddress};
use crate::governance::ViewEnv;
use crate::output::{Content, Staging};
use crate::roles::Roles;
use crate::site::Site;
use crate::spaces::{Languages, SpaceLinks};
use crate::theme::Theme;
use crate::theme::views::LinkView;
use crate::translations::Stale;
use neokit_core::diagnostics::Diagnostic;
use neokit_core::i18n::Text;
use neokit_core::paths::{self, RelPath};
use neokit_core::source::SourceTree;
use neokit_document::links::PageId;

/// What every page's context is built from.
pub(super) struct Shared<'a> {
    pub site: &'a Site,
    pub tree: &'a SourceTree,
    /// List every group's entries on every page (small kits).
    pub all_groups: bool,
    /// The first page of each navigation group.
    pub section_starts: Vec<Option<PageId>>,
    /// The space's public address, when the site's is known.
    pub base_url: Option<&'a SiteAddress>,
    /// "Last updated" dates of page files.
    pub dates: &'a HashMap<RelPath, i64>,
    pub language: &'a str,
    /// Interface words in that language (with the kit's own).
    pub text: &'static Text,
    pub edit_url: Option<&'a str>,
    /// The note on adapted pages.
    pub adapted: String,
    pub roles: &'a Roles,
    /// Owners, review dates, banners.
    pub governance: ViewEnv<'a>,
    /// The site's other languages, when it has several.
    pub languages: Option<&'a Languages>,
    /// Translated pages whose source changed since they were translated.
    pub stale: &'a HashMap<RelPath, Stale>,
    /// For a translation: its source space (pages it lacks are shown from there).
    pub fallback: Option<&'a FallbackSource>,
    /// The site's sections and this space's variants, when it has several spaces.
    pub spaces: Option<&'a SpaceLinks>,
}

/// A link to page `id` from a page in folder `from_dir`, with the page's description.
pub(super) fn link_view(site: &Site, from_dir: &str, id: PageId) -> LinkView {
    let page = &site.pages[id];
    LinkView {
        title: page.title.clone(),
        href: paths::page_href(from_dir, &page.dir),
        description: page.prepared.front.description.clone(),
    }
}

/// Where the site's files other than its pages go: the output, and the problems met on the
/// way (files published twice, template errors).
pub(super) struct Out<'a> {
    staging: &'a Staging,
    theme: &'a Theme,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Out<'a> {
    pub fn new(staging: &'a Staging, theme: &'a Theme, problems: Vec<Diagnostic>) -> Self {
        Out { staging, theme, problems }
    }

    /// Adds a file of the site.
    pub fn add(&mut self, path: String, content: Content) {
        if let Err(conflict) = self.staging.put(path, content) {
            self.problems.push(conflict);
        }
    }

    /// Renders template `name` with `context` into the file at `path`.
    pub fn render(&mut self, name: &str, path: String, context: &tera::Context) {
        match self.theme.render(name, context) {
            Ok(html) => self.add(path, Content::Text(html.into())),
            Err(error) => self.problems.push(error),
        }
    }

    /// Renders template `name` as the page of site folder `folder`: `root` leads from there
    /// to the site's root, `fill` adds the rest of the context.
    pub fn page(&mut self, name: &str, folder: &str, fill: impl FnOnce(&mut tera::Context)) {
        let mut context = tera::Context::new();
        context.insert("root", &paths::root_prefix(folder));
        fill(&mut context);
        self.render(name, paths::page_file(folder), &context);
    }
}
