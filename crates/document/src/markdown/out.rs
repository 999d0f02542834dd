//! The HTML output of one page while it is written: the text so far, the diagnostics, the
//! kit files the page uses, and what every part of the writer shares: resolving links against
//! the site, locating messages in the page's files, and rewriting raw HTML.
//!
//! A leaf of the HTML writer: [`super::write`] (Markdown), [`super::code`] and the GitBook
//! block families in [`super::gitbook`] write through an [`Out`]; it calls none of them.

use std::collections::{BTreeSet, HashSet};

use super::destinations::is_lost;
use super::headings;
use super::html::{self, HtmlHooks};
use super::locator::Locator;
use super::prepared::Prepared;
use crate::links::{self, CrossSpace, PageId, PageIndex, Target};
use neokit_core::diagnostics::{Diagnostic, Part};
pub use neokit_core::htmltext::{escape, escape_into};
use neokit_core::i18n::Text;
use neokit_core::icons;
use neokit_core::paths::{self, RelPath};
use neokit_core::source::SourceTree;

/// What rendering needs to know about the rest of the site.
pub trait SiteInfo: PageIndex + Sync {
    /// The output folder of a page ("" for the home page, "a/b/" otherwise).
    fn page_dir(&self, page: PageId) -> &str;
    fn page_title(&self, page: PageId) -> &str;
    fn page_description(&self, page: PageId) -> Option<&str>;
    /// The text of the heading with this anchor on a page.
    fn heading_text(&self, page: PageId, anchor: &str) -> Option<&str>;
    /// The number of the heading with this anchor among a page's headings, unless it is the
    /// page's title.
    fn heading_index(&self, page: PageId, anchor: &str) -> Option<usize>;
    /// Where a kit file is published, relative to the site root.
    fn file_output(&self, path: &RelPath) -> String;
}

/// How `{% embed %}` blocks are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbedMode {
    /// A link card: no request leaves the site.
    #[default]
    Card,
    /// Privacy-friendly players (youtube-nocookie, Vimeo with do-not-track) as iframes; other
    /// URLs stay link cards.
    Iframe,
}

pub struct RenderEnv<'a> {
    pub site: &'a dyn SiteInfo,
    pub tree: &'a SourceTree,
    pub page: PageId,
    pub embeds: EmbedMode,
    /// Interface words in the kit's language.
    pub text: &'static Text,
    /// Also report what `neokit check` looks for (see `BuildOptions::lint`).
    pub lint: bool,
    /// Keep active content in raw HTML (`allow_raw_html`).
    pub allow_raw_html: bool,
    /// In a site of several spaces: every space's pages, and which space this page is in (its
    /// folder below the site root too), for links into other spaces.
    pub spaces: Option<(&'a CrossSpace, usize, &'a str)>,
}

/// A question of a FAQ page with its rendered answer (for the FAQPage structured data).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FaqAnswer {
    pub question: String,
    pub anchor: String,
    pub html: String,
}

pub struct Out<'a> {
    pub env: &'a RenderEnv<'a>,
    pub prepared: &'a Prepared,
    /// The HTML written so far.
    pub html: String,
    locator: Locator<'a>,
    pub problems: Vec<Diagnostic>,
    pub files: BTreeSet<RelPath>,
    /// Offset (in the scanned text) of the node being written, for messages.
    pub offset: usize,
    /// The raw HTML being rewritten: (its offset, its text, how far links were found in it).
    html_source: Option<(usize, String, usize)>,
    /// Footnotes whose reference (`fnref-x` id) was written.
    pub footnote_refs: HashSet<String>,
    /// Integration kinds already reported on this page (each is reported once).
    pub integrations_reported: HashSet<String>,
    /// Diagrams drawn so far on this page (their ids are numbered).
    pub diagrams: usize,
    /// FAQ pages: the next question's index, and the open one with where its answer starts.
    faq_next: usize,
    faq_open: Option<(usize, Option<usize>)>,
    pub faq_answers: Vec<FaqAnswer>,
    /// Where a `<summary>` not yet closed was written (an offset in the scanned text).
    summary_open: Option<usize>,
}

impl<'a> Out<'a> {
    pub fn new(prepared: &'a Prepared, env: &'a RenderEnv<'a>) -> Self {
        Out {
            env,
            prepared,
            html: String::with_capacity(prepared.scanned.text.len() * 3 / 2),
            locator: Locator::new(&prepared.scanned, env.tree),
            problems: Vec::new(),
            files: BTreeSet::new(),
            offset: 0,
            html_source: None,
            footnote_refs: HashSet::new(),
            integrations_reported: HashSet::new(),
            diagrams: 0,
            faq_next: 0,
            faq_open: None,
            faq_answers: Vec::new(),
            summary_open: None,
        }
    }

    pub fn push(&mut self, html: &str) {
        self.html.push_str(html);
    }

    pub fn escaped(&mut self, text: &str) {
        escape_into(&mut self.html, text);
    }

    pub fn warn(&mut self, code: &'static str, message: String, help: Option<String>) {
        let location = self.locator.location(self.offset);
        let mut d = Diagnostic::warning(code, message).at(location);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.problems.push(d);
    }

    /// A warning at an offset in one of the page's files (not in the scanned text).
    pub fn warn_in_file(&mut self, code: &'static str, message: String, file: usize, offset: usize) {
        let location = self.locator.file_location(file, offset);
        self.problems.push(Diagnostic::warning(code, message).at(location));
    }

    /// For `neokit check`: lists a web address the page links to (never fetched).
    pub fn note_external(&mut self, url: &str) {
        let web = ["http://", "https://", "//"].iter().any(|p| url.to_ascii_lowercase().starts_with(p));
        if self.env.lint && web {
            let location = self.locator.location(self.offset);
            self.problems.push(Diagnostic::note("external-link", url.to_string()).at(location));
        }
    }

    /// A problem only `neokit check` reports.
    pub fn lint(&mut self, code: &'static str, message: String, help: &str) {
        if self.env.lint {
            self.warn(code, message, Some(help.to_string()));
        }
    }

    /// The kit file the current node came from (the page, or an included file).
    fn current_file(&self) -> RelPath {
        let (file, _) = self.prepared.scanned.map.lookup(self.offset);
        self.prepared.scanned.files.get(file).map(|f| f.0.clone()).unwrap_or_default()
    }

    /// Resolves a destination written in the page and returns the URL to write (the
    /// original when it cannot be resolved), reporting problems.
    pub fn link(&mut self, dest: &str) -> (String, Target) {
        // `javascript:` and other addresses that run code or hold a document: the link's
        // text, without a link.
        if !self.env.allow_raw_html && !html::is_safe_url(dest) {
            let scheme = dest.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
            self.warn(
                "active-content",
                format!("a `{scheme}:` address was removed: pages may not run scripts or embed other sites"),
                Some("link to a page, a file of the kit or an http(s) address".into()),
            );
            let reason = format!("a `{scheme}:` address");
            return (String::new(), Target::Unpublished { reason, help: None });
        }
        // GitBook's markers for a lost link: the link's text, without a link.
        if is_lost(dest) {
            self.lost_link(dest, "link", "its text is shown without a link", "write the page's path");
            let (_, target) = self.resolve_quietly(dest);
            return (String::new(), target);
        }
        let (url, target) = self.resolve_quietly(dest);
        match &target {
            Target::Page { page, anchor: Some(anchor), anchor_missing: true } => {
                let title = self.env.site.page_title(*page).to_string();
                let anchor = anchor.clone();
                self.warn("broken-anchor", format!("`#{anchor}` matches no heading on the page “{title}”"), None);
            }
            Target::Fragment { anchor, anchor_missing: true } => {
                let anchor = anchor.clone();
                self.warn("broken-anchor", format!("`#{anchor}` matches no heading on this page"), None);
            }
            Target::External { cross_space: true } => self.warn(
                "cross-space-link",
                format!("`{dest}` links into another GitBook space, which is not part of this site"),
                Some("link to the published address of that space instead".into()),
            ),
            Target::Broken { reason, help } => {
                let (reason, help) = (reason.clone(), help.clone());
                self.warn("broken-link", format!("broken link: {reason}"), help);
            }
            Target::Unpublished { reason, help } => {
                let (reason, help) = (reason.clone(), help.clone());
                self.warn("broken-link", format!("broken link: {reason}; its text is shown without a link"), help);
                // Not a page of the site: follows from a SUMMARY.md entry that names no page.
                if let Some(problem) = self.problems.last_mut() {
                    problem.add_rests_on(Part::Pages);
                }
            }
            _ => {}
        }
        (url, target)
    }

    /// Reports one of GitBook's lost-link markers (`broken-reference`, `/broken/pages/...`)
    /// where a link or image (`what`) had its destination; `shown` says what the reader gets.
    pub fn lost_link(&mut self, dest: &str, what: &str, shown: &str, again: &str) {
        let place = if self.html_source.is_some() { "in `href`" } else { "between the parentheses" };
        self.lost_link_at(dest, what, shown, &format!("{again} {place}"));
    }

    /// [`Self::lost_link`] with the help's last words (`again`: what to write where).
    pub fn lost_link_at(&mut self, dest: &str, what: &str, shown: &str, again: &str) {
        let marker = dest.trim();
        self.warn(
            "broken-link",
            format!("GitBook marked this {what} as broken (`{marker}`); {shown}"),
            Some(format!("{} again: {again}", if what == "image" { "add the image" } else { "link it" })),
        );
    }

    /// What a destination points at, without reporting problems or publishing a file (a
    /// specification read to show an operation).
    pub fn resolve_target(&self, dest: &str) -> Target {
        links::resolve(self.env.site, self.env.tree, self.env.page, &self.current_file(), dest)
    }

    /// Resolves a destination without reporting problems (the caller reports its own).
    pub fn resolve_quietly(&mut self, dest: &str) -> (String, Target) {
        // GitBook's annotations point at its own footnote ids.
        if let Some(name) = dest.trim().strip_prefix("#user-content-fn-") {
            let anchor = format!("fn-{}", footnote_id(name));
            return (format!("#{anchor}"), Target::Fragment { anchor, anchor_missing: false });
        }
        let from = self.current_file();
        if let Some(found) = self.other_space(&from, dest) {
            return found;
        }
        let target = links::resolve(self.env.site, self.env.tree, self.env.page, &from, dest);
        let here = self.env.site.page_dir(self.env.page).to_string();
        let url = match &target {
            Target::Page { page, anchor, .. } => {
                let mut url = paths::page_href(&here, self.env.site.page_dir(*page));
                if let Some(anchor) = anchor {
                    if *page == self.env.page {
                        url.clear();
                    }
                    url.push('#');
                    url.push_str(anchor);
                }
                url
            }
            Target::Fragment { anchor, .. } => format!("#{anchor}"),
            Target::File { path } => {
                self.files.insert(path.clone());
                paths::href(&here, &self.env.site.file_output(path))
            }
            Target::External { .. } => {
                let url = dest.trim().to_string();
                self.note_external(&url);
                url
            }
            Target::Empty | Target::Broken { .. } => dest.to_string(),
            Target::Unpublished { .. } => String::new(),
        };
        (url, target)
    }

    /// A link into another space of the site: its URL, relative to this page.
    fn other_space(&self, from: &RelPath, dest: &str) -> Option<(String, Target)> {
        let (spaces, current, prefix) = self.env.spaces?;
        let (path, anchor) = match dest.trim().split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (dest.trim(), None),
        };
        let folder = self.env.tree.disk_path(from).parent()?.to_path_buf();
        let target = spaces.resolve(current, &folder, path)?;
        let here = format!("{prefix}{}", self.env.site.page_dir(self.env.page));
        let mut url = paths::page_href(&here, &target);
        if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
            url.push('#');
            url.push_str(anchor);
        }
        Some((url, Target::External { cross_space: false }))
    }

    /// The title to show for a link to `target` (mentions, content-refs).
    pub fn target_title(&self, target: &Target) -> Option<String> {
        match target {
            Target::Page { page, anchor: Some(anchor), .. } => {
                Some(self.env.site.heading_text(*page, anchor).unwrap_or(self.env.site.page_title(*page)).to_string())
            }
            Target::Page { page, .. } => Some(self.env.site.page_title(*page).to_string()),
            Target::File { path } => Some(path.file_name().to_string()),
            _ => None,
        }
    }

    /// Raw HTML written in the page, rewritten (links resolved, styles to classes, active
    /// content removed); messages about it point at what they are about.
    pub fn raw_html(&mut self, html: &str) {
        let outer = self.html_source.is_none();
        if outer {
            self.html_source = Some((self.offset, html.to_string(), 0));
        }
        self.html_fragment(html);
        if outer {
            self.html_source = None;
        }
    }

    /// A piece of HTML rewritten as raw HTML is, without FAQ tracking (a line of code).
    pub fn rewrite_html(&mut self, html: &str) -> String {
        html::rewrite(html, self)
    }

    /// Moves the message position to where `needle` is written in the HTML being rewritten.
    fn locate_in_html(&mut self, needle: &str) {
        if let Some((base, text, cursor)) = self.html_source.as_mut()
            && let Some(found) = text.get(*cursor..).and_then(|rest| rest.find(needle))
        {
            let position = *cursor + found;
            *cursor = position + needle.len();
            self.offset = *base + position;
        }
    }

    /// A fragment of raw HTML (a whole block, or a card's cell), rewritten.
    pub fn html_fragment(&mut self, html: &str) {
        if html.trim().is_empty() {
            self.html.push_str(html);
            return;
        }
        // A question written in Markdown between HTML blocks: its `</summary>` is here.
        let ends_earlier_summary = self.summary_ends(html);
        // A FAQ answer runs from its question's `</summary>` to the `</details>`.
        if html.contains("</details>")
            && let Some((index, Some(start))) = self.faq_open.take()
        {
            let answer = self.html[start.min(self.html.len())..].to_string();
            if let Some(question) = self.prepared.faq.get(index) {
                self.faq_answers.push(FaqAnswer {
                    question: question.question.clone(),
                    anchor: question.anchor.clone(),
                    html: answer,
                });
            }
        }
        let mut rewritten = html::rewrite(html, self);
        // (A `<summary>` in this block has the link put after it by the rewriter.)
        if ends_earlier_summary
            && let Some(at) = rewritten.find("</summary>")
            && let Some(link) = self.faq_link()
        {
            rewritten.insert_str(at + "</summary>".len(), &link);
        }
        self.html.push_str(&rewritten);
        if let Some((index, None)) = self.faq_open
            && html.contains("</summary>")
        {
            self.faq_open = Some((index, Some(self.html.len())));
        }
    }
}

impl Out<'_> {
    /// Follows `<summary>` and its end through the page's HTML fragments (the question and
    /// its end are often in separate HTML blocks). A `</details>` that comes while a summary
    /// is open is an error: a browser shows the whole answer inside the question, which is
    /// what the reader clicks, and the question's link is lost. Returns whether this fragment
    /// ends a summary begun in an earlier one.
    fn summary_ends(&mut self, html: &str) -> bool {
        let lower = html.to_ascii_lowercase();
        let mut ends_earlier = false;
        let mut began_here = false;
        let mut at = 0;
        while let Some(found) = lower[at..].find('<') {
            let start = at + found;
            let tag = &lower[start + 1..];
            let name_is = |name: &str| {
                tag.starts_with(name) && !tag[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
            };
            if name_is("summary") {
                self.summary_open = Some(self.offset + start);
                began_here = true;
            } else if name_is("/summary") {
                ends_earlier |= !began_here && self.summary_open.is_some();
                self.summary_open = None;
            } else if name_is("/details")
                && let Some(summary) = self.summary_open.take()
            {
                let location = self.locator.location(summary);
                self.problems.push(
                    Diagnostic::error(
                        "unclosed-summary",
                        "`<summary>` is not closed before `</details>`: the answer would be shown inside the question"
                            .to_string(),
                    )
                    .at(location)
                    .with_help("write `</summary>` right after the question's text"),
                );
            }
            at = start + 1;
        }
        ends_earlier
    }
}

impl HtmlHooks for Out<'_> {
    fn faq_question(&mut self) -> Option<(String, bool)> {
        let question = self.prepared.faq.get(self.faq_next)?;
        if self.prepared.is_faq {
            self.faq_open = Some((self.faq_next, None));
        }
        self.faq_next += 1;
        Some((question.anchor.clone(), self.prepared.is_faq))
    }

    fn faq_link(&mut self) -> Option<String> {
        let (index, _) = self.faq_open?;
        let anchor = &self.prepared.faq.get(index)?.anchor;
        let label = self.env.text.link_to_question;
        Some(format!(
            "<a class=\"faq-link\" href=\"#{anchor}\">{}<span class=\"visually-hidden\">{label}</span></a>",
            icons::svg("link")
        ))
    }

    fn url(&mut self, url: &str, _tag: &str, _attribute: &str) -> Option<String> {
        if url.starts_with("data:") {
            return None;
        }
        self.locate_in_html(url);
        let (written, _) = self.link(url);
        Some(written)
    }

    fn mention_title(&mut self, url: &str) -> Option<String> {
        let from = self.current_file();
        let target = links::resolve(self.env.site, self.env.tree, self.env.page, &from, url);
        self.target_title(&target)
    }

    fn footnote_reference(&mut self, href: &str) -> Option<String> {
        let id = footnote_id(href.strip_prefix("#user-content-fn-")?);
        self.footnote_refs.insert(id.clone()).then(|| format!("fnref-{id}"))
    }

    fn allow_active_content(&self) -> bool {
        self.env.allow_raw_html
    }

    fn unknown_element(&mut self, tag: &str, written: &str) {
        self.locate_in_html(written);
        self.warn(
            "unknown-html",
            format!("<{tag}> is not HTML a page may hold; it is shown as text, as written"),
            Some(
                "write it as `&lt;` in text, or `allow_raw_html: true` in neokit.yaml publishes raw HTML as written"
                    .into(),
            ),
        );
    }

    fn external_resource(&mut self, what: &str, url: &str) {
        self.locate_in_html(url);
        self.warn(
            "external-image",
            format!(
                "{what} would load from another site (`{url}`), which a page may not do; {}",
                if what == "the image" { "a link to it is shown instead" } else { "it is left out" }
            ),
            Some("save the file in the kit (.gitbook/assets/) and point at it there".into()),
        );
    }

    fn broken_reference(&mut self, href: &str) {
        self.locate_in_html(href);
        self.lost_link(href, "link", "its text is shown without a link", "write the page's path");
    }

    fn image_without_alt(&mut self, src: &str) {
        self.locate_in_html(src);
        self.lint(
            "image-alt",
            "the image has no alt text".into(),
            "add alt=\"what it shows\" (alt=\"\" marks an image as decoration)",
        );
    }

    fn removed(&mut self, what: &str, written: &str) {
        self.locate_in_html(written);
        self.warn(
            "active-content",
            format!("{what} was removed: pages may not run scripts or embed other sites"),
            None,
        );
    }
}

/// The id part of a footnote's anchors (`fn-<id>`, `fnref-<id>`).
pub fn footnote_id(name: &str) -> String {
    let slug = headings::slug(name);
    if slug.is_empty() { format!("n{}", name.len()) } else { slug }
}
