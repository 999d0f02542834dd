//! The second pass: one prepared page to HTML.
//!
//! Input: a [`Prepared`] page and a [`RenderEnv`] (the site's pages, the source tree).
//! Output: [`Rendered`]: the body HTML, the outline, the kit files the page uses (to be
//! published) and diagnostics with file:line:col. This is neokit's own HTML writer over
//! pulldown-cmark events, so that it can give headings GitBook's anchors, resolve every link,
//! expand block markers, and never write inline `style` attributes (tables use classes).

use std::collections::{BTreeSet, HashMap};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::html::{self, HtmlHooks};
use super::marker::{self, Marker};
use super::{Heading, Locator, Prepared, parser_options};
use crate::diagnostics::Diagnostic;
pub use crate::htmltext::{escape, escape_into};
use crate::links::{self, PageId, PageIndex, Target};
use crate::paths::{self, RelPath};
use crate::source::SourceTree;

/// What rendering needs to know about the rest of the site.
pub trait SiteInfo: PageIndex + Sync {
    /// The output folder of a page ("" for the home page, "a/b/" otherwise).
    fn page_dir(&self, page: PageId) -> &str;
    fn page_title(&self, page: PageId) -> &str;
    fn page_description(&self, page: PageId) -> Option<&str>;
    /// The text of the heading with this anchor on a page.
    fn heading_text(&self, page: PageId, anchor: &str) -> Option<&str>;
    /// Where a kit file is published, relative to the site root.
    fn file_output(&self, path: &RelPath) -> String;
}

pub use crate::config::EmbedMode;

pub struct RenderEnv<'a> {
    pub site: &'a dyn SiteInfo,
    pub tree: &'a SourceTree,
    pub page: PageId,
    pub embeds: EmbedMode,
    /// Interface words in the kit's language.
    pub text: &'static crate::i18n::Text,
    /// Also report what `neokit check` looks for (see `BuildOptions::lint`).
    pub lint: bool,
    /// Keep active content in raw HTML (`allow_raw_html`).
    pub allow_raw_html: bool,
}

/// A question of a FAQ page with its rendered answer (for the FAQPage structured data).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FaqAnswer {
    pub question: String,
    pub anchor: String,
    pub html: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// FAQ pages: every question with its answer.
    pub faq: Vec<FaqAnswer>,
    /// `##` and `###` headings, for "On this page".
    pub outline: Vec<Heading>,
    /// Kit files the page links to or shows; they get published.
    pub files: BTreeSet<RelPath>,
    pub problems: Vec<Diagnostic>,
}

/// Renders a prepared page.
pub fn render(prepared: &Prepared, env: &RenderEnv) -> Rendered {
    let mut renderer = Renderer::new(prepared, env);
    renderer.run();
    Rendered {
        faq: std::mem::take(&mut renderer.faq_answers),
        html: renderer.out,
        outline: prepared.headings.iter().filter(|h| h.level == 2 || h.level == 3).cloned().collect(),
        files: renderer.files,
        problems: renderer.problems,
    }
}

/// Finding a hint's title: a first paragraph that starts with a bold line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HintTitle {
    Idle,
    /// Right after a hint opened.
    AwaitParagraph,
    /// A paragraph opened at this output position; waiting for `**`.
    AwaitStrong(usize),
    /// Inside the opening bold text.
    InStrong(usize),
    /// The bold text closed; a line break or the paragraph's end makes it the title.
    AfterStrong(usize),
}

struct TableState {
    alignments: Vec<Alignment>,
    head: bool,
    cell: usize,
}

pub(super) struct Renderer<'a> {
    pub(super) env: &'a RenderEnv<'a>,
    pub(super) prepared: &'a Prepared,
    pub(super) out: String,
    pub(super) locator: Locator<'a>,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) files: BTreeSet<RelPath>,
    /// Offset (in the scanned text) of the event being rendered, for messages.
    pub(super) offset: usize,
    /// While > 0, events are dropped (the title heading, a content-ref's inner link).
    pub(super) suppress: usize,
    /// Options of a `{% code %}` block waiting for its fence.
    pub(super) code_options: Vec<(String, String)>,
    /// A block whose content is replaced (a content-ref's inner link) while it is open.
    pub(super) suppressed_block: Option<usize>,
    pub(super) hint_title: HintTitle,
    heading_index: usize,
    /// A class for the next heading (a hint's title).
    heading_class: Option<&'static str>,
    /// The level of the last heading written (1: the page title).
    last_heading_level: u8,
    /// The level of the last heading as written (`#` count), for the skipped-level check.
    last_written_level: u8,
    /// Where each open Markdown link's HTML starts, for the empty-link check.
    link_starts: Vec<usize>,
    /// Levels of headings being written, for their end tags.
    heading_levels: Vec<u8>,
    title_index: Option<usize>,
    in_heading: bool,
    table: Option<TableState>,
    image: Option<(String, String, String)>,
    /// The code block being read: its info string, its text and where it starts.
    code: Option<(String, String, usize)>,
    /// Diagrams drawn so far on this page (their ids are numbered).
    diagrams: usize,
    /// Integration kinds already reported on this page (each is reported once).
    pub(super) integrations_reported: std::collections::HashSet<String>,
    html_block: Option<(String, usize)>,
    /// Open links: `true` for an `<a>`, `false` for a link GitBook marked broken (a `<span>`).
    links: Vec<bool>,
    replace_link_text: usize,
    /// A mention's start tag stood alone in a paragraph; its written text is skipped up to
    /// `</a>` because the target's title was written instead.
    skip_to_anchor_close: bool,
    /// The raw HTML being rewritten: (its offset, its text, how far links were found in it).
    html_source: Option<(usize, String, usize)>,
    footnotes: HashMap<String, usize>,
    /// Footnotes whose reference (`fnref-x` id) was written.
    pub(super) footnote_refs: std::collections::HashSet<String>,
    /// FAQ pages: the next question's index, and the open one with where its answer starts.
    faq_next: usize,
    faq_open: Option<(usize, Option<usize>)>,
    faq_answers: Vec<FaqAnswer>,
}

/// What GitBook writes as the destination of a link or image whose target it lost.
const BROKEN_REFERENCE: &str = "broken-reference";

impl<'a> Renderer<'a> {
    fn new(prepared: &'a Prepared, env: &'a RenderEnv<'a>) -> Self {
        Renderer {
            env,
            prepared,
            out: String::with_capacity(prepared.scanned.text.len() * 3 / 2),
            locator: Locator::new(&prepared.scanned, env.tree),
            problems: Vec::new(),
            files: BTreeSet::new(),
            offset: 0,
            suppress: 0,
            code_options: Vec::new(),
            suppressed_block: None,
            hint_title: HintTitle::Idle,
            heading_index: 0,
            heading_class: None,
            last_heading_level: 1,
            last_written_level: 1,
            link_starts: Vec::new(),
            heading_levels: Vec::new(),
            title_index: prepared.headings.iter().position(|h| h.level == 1),
            in_heading: false,
            table: None,
            image: None,
            code: None,
            diagrams: 0,
            integrations_reported: std::collections::HashSet::new(),
            html_block: None,
            links: Vec::new(),
            replace_link_text: 0,
            skip_to_anchor_close: false,
            html_source: None,
            footnotes: HashMap::new(),
            footnote_refs: std::collections::HashSet::new(),
            faq_next: 0,
            faq_open: None,
            faq_answers: Vec::new(),
        }
    }

    fn run(&mut self) {
        if self.title_index.is_none() {
            self.lint(
                "no-title",
                "the page has no `#` title".into(),
                "start the page with `# Title` (its title comes from SUMMARY.md until then)",
            );
        }
        let text = &self.prepared.scanned.text;
        for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
            self.offset = range.start;
            self.event(event);
        }
        if let Some((html, offset)) = self.html_block.take() {
            self.offset = offset;
            self.raw_html(&html);
        }
    }

    pub(super) fn warn(&mut self, code: &'static str, message: String, help: Option<String>) {
        let location = self.locator.location(self.offset);
        let mut d = Diagnostic::warning(code, message).at(location);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.problems.push(d);
    }

    /// For `neokit check`: lists a web address the page links to (never fetched).
    pub(super) fn note_external(&mut self, url: &str) {
        let web = ["http://", "https://", "//"].iter().any(|p| url.to_ascii_lowercase().starts_with(p));
        if self.env.lint && web {
            let location = self.locator.location(self.offset);
            self.problems.push(Diagnostic::note("external-link", url.to_string()).at(location));
        }
    }

    /// A problem only `neokit check` reports.
    pub(super) fn lint(&mut self, code: &'static str, message: String, help: &str) {
        if self.env.lint {
            self.warn(code, message, Some(help.to_string()));
        }
    }

    /// The kit file the current event came from (the page, or an included file).
    fn current_file(&self) -> RelPath {
        let (file, _) = self.prepared.scanned.map.lookup(self.offset);
        self.prepared.scanned.files.get(file).map(|f| f.0.clone()).unwrap_or_default()
    }

    /// Resolves a destination written in the page and returns the URL to write (the
    /// original when it cannot be resolved), reporting problems.
    pub(super) fn link(&mut self, dest: &str) -> (String, Target) {
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
            _ => {}
        }
        (url, target)
    }

    /// Resolves a destination without reporting problems (the caller reports its own).
    pub(super) fn resolve_quietly(&mut self, dest: &str) -> (String, Target) {
        let from = self.current_file();
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
        };
        (url, target)
    }

    /// The title to show for a link to `target` (mentions, content-refs).
    pub(super) fn target_title(&self, target: &Target) -> Option<String> {
        match target {
            Target::Page { page, anchor: Some(anchor), .. } => {
                Some(self.env.site.heading_text(*page, anchor).unwrap_or(self.env.site.page_title(*page)).to_string())
            }
            Target::Page { page, .. } => Some(self.env.site.page_title(*page).to_string()),
            Target::File { path } => Some(path.file_name().to_string()),
            _ => None,
        }
    }

    pub(super) fn write_escaped(&mut self, text: &str) {
        escape_into(&mut self.out, text);
    }

    fn event(&mut self, event: Event<'_>) {
        // Raw HTML blocks arrive line by line; they are rewritten as a whole.
        if let Some((block, _)) = self.html_block.as_mut() {
            match event {
                Event::Html(text) => {
                    block.push_str(&text);
                    return;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let (html, offset) = self.html_block.take().unwrap_or_default();
                    let now = self.offset;
                    self.offset = offset;
                    self.raw_html(&html);
                    self.offset = now;
                    return;
                }
                _ => {}
            }
        }
        if let Event::Start(Tag::HtmlBlock) = event {
            self.html_block = Some((String::new(), self.offset));
            return;
        }
        if self.suppress > 0 {
            match &event {
                Event::Start(Tag::Heading { .. }) if self.in_heading => self.suppress += 1,
                Event::End(TagEnd::Heading(_)) if self.in_heading => {
                    self.suppress -= 1;
                    if self.suppress == 0 {
                        self.in_heading = false;
                    }
                }
                Event::InlineHtml(html) => {
                    let html = html.to_string();
                    self.raw_html(&html);
                }
                _ => {}
            }
            return;
        }
        if let Some((_, text, _)) = self.code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    // Messages about a code block point at its start.
                    let (info, text, start) = self.code.take().unwrap_or_default();
                    self.offset = start;
                    self.code_block(&info, &text);
                }
                _ => {}
            }
            return;
        }
        if let Some((_, _, alt)) = self.image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let (src, title, alt) = self.image.take().unwrap_or_default();
                    if src == BROKEN_REFERENCE {
                        // Reported at the start; nothing to show.
                        return;
                    }
                    if alt.trim().is_empty() {
                        self.lint(
                            "image-alt",
                            "the image has no alt text".into(),
                            "describe the image between the brackets: ![what it shows](...)",
                        );
                    }
                    self.out.push_str("<img src=\"");
                    self.write_escaped(&src);
                    self.out.push_str("\" alt=\"");
                    self.write_escaped(alt.trim());
                    if !title.is_empty() {
                        self.out.push_str("\" title=\"");
                        self.write_escaped(&title);
                    }
                    self.out.push_str("\" loading=\"lazy\">");
                }
                _ => {}
            }
            return;
        }
        if self.skip_to_anchor_close {
            if let Event::InlineHtml(html) = &event
                && html.contains("</a>")
            {
                self.skip_to_anchor_close = false;
                let html = html.to_string();
                self.raw_html(&html);
            }
            return;
        }
        if self.replace_link_text > 0 {
            match event {
                Event::Start(Tag::Link { .. }) => self.replace_link_text += 1,
                Event::End(TagEnd::Link) => {
                    self.replace_link_text -= 1;
                    if self.replace_link_text == 0 {
                        self.out.push_str("</a>");
                    }
                }
                _ => {}
            }
            return;
        }
        if self.hint_title != HintTitle::Idle && self.hint_title_event(&event) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.write_escaped(&text),
            Event::Code(code) => {
                self.out.push_str("<code>");
                self.write_escaped(&code);
                self.out.push_str("</code>");
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.write_escaped(&math),
            Event::Html(html) | Event::InlineHtml(html) => {
                if self.in_heading && is_anchor_tag(&html) {
                    return;
                }
                let html = html.to_string();
                self.raw_html(&html);
                let lone_mention =
                    html.contains("data-mention") && !html.contains("</a>") && html.trim_start().starts_with("<a");
                if lone_mention
                    && let Some(href) = super::headings::attribute(&html, "href")
                    && self.mention_title(&href).is_some()
                {
                    self.skip_to_anchor_close = true;
                }
            }
            Event::FootnoteReference(name) => {
                let number = self.footnote_number(&name);
                let id = footnote_id(&name);
                let anchor =
                    if self.footnote_refs.insert(id.clone()) { format!(" id=\"fnref-{id}\"") } else { String::new() };
                self.out.push_str(&format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\"{anchor} role=\"doc-noteref\">{number}</a></sup>"
                ));
            }
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::Rule => self.out.push_str("<hr>\n"),
            Event::TaskListMarker(done) => {
                let (state, label) = if done { (" checked", "done") } else { ("", "not done") };
                self.out.push_str(&format!("<input type=\"checkbox\" disabled{state} aria-label=\"{label}\"> "));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.out.push_str("<p>"),
            Tag::Heading { level, .. } => {
                let index = self.heading_index;
                self.heading_index += 1;
                self.in_heading = true;
                if Some(index) == self.title_index {
                    self.suppress = 1;
                    return;
                }
                let anchor = self.prepared.headings.get(index).map(|h| h.anchor.clone()).unwrap_or_default();
                // The outline never skips a level (the page title is the h1): a `###` right
                // after the title is an <h2>. The written level stays available to styles.
                let written = super::level_number(level);
                if written > self.last_written_level + 1 {
                    let (was, now) = ("#".repeat(self.last_written_level.into()), "#".repeat(written.into()));
                    self.lint(
                        "heading-level",
                        format!("a `{now}` heading follows a `{was}` heading: a level is skipped"),
                        "use one more `#` than the heading above (screen readers navigate by level)",
                    );
                }
                self.last_written_level = written;
                let shown = written.clamp(2, self.last_heading_level + 1);
                self.last_heading_level = shown;
                self.heading_levels.push(shown);
                let mut classes: Vec<String> = self.heading_class.take().map(str::to_string).into_iter().collect();
                if shown != written {
                    classes.push(format!("h{written}"));
                }
                let class =
                    if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) };
                self.out.push_str(&format!("<h{shown} id=\"{anchor}\"{class}>"));
            }
            Tag::BlockQuote(_) => self.out.push_str("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new(), self.offset));
            }
            Tag::HtmlBlock => {}
            Tag::List(Some(1)) => self.out.push_str("<ol>\n"),
            Tag::List(Some(start)) => self.out.push_str(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.out.push_str("<ul>\n"),
            Tag::Item => self.out.push_str("<li>"),
            Tag::FootnoteDefinition(name) => {
                let number = self.footnote_number(&name);
                let id = footnote_id(&name);
                let back = self.env.text.back_to_reference;
                let label = if self.footnote_refs.contains(&id) {
                    format!(
                        "<a class=\"footnote-label\" href=\"#fnref-{id}\" aria-label=\"{back} {number}\">{number}</a>"
                    )
                } else {
                    format!("<span class=\"footnote-label\">{number}</span>")
                };
                self.out.push_str(&format!("<div class=\"footnote\" id=\"fn-{id}\">{label}"));
            }
            Tag::Table(alignments) => {
                self.table = Some(TableState { alignments, head: false, cell: 0 });
                self.out.push_str("<div class=\"table-wrap\"><table>");
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = true;
                    t.cell = 0;
                }
                self.out.push_str("<thead><tr>");
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = 0;
                }
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                let (cell, class) = match self.table.as_mut() {
                    Some(t) => {
                        let class = match t.alignments.get(t.cell) {
                            Some(Alignment::Left) => " class=\"align-left\"",
                            Some(Alignment::Center) => " class=\"align-center\"",
                            Some(Alignment::Right) => " class=\"align-right\"",
                            _ => "",
                        };
                        t.cell += 1;
                        (if t.head { "th scope=\"col\"" } else { "td" }, class)
                    }
                    None => ("td", ""),
                };
                self.out.push_str(&format!("<{cell}{class}>"));
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<del>"),
            Tag::Superscript => self.out.push_str("<sup>"),
            Tag::Subscript => self.out.push_str("<sub>"),
            Tag::Link { link_type, dest_url, title, .. } => {
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                if dest.trim().is_empty() {
                    self.lint(
                        "empty-link",
                        "the link has no destination".into(),
                        "write the address between the parentheses",
                    );
                }
                if dest.trim() == BROKEN_REFERENCE {
                    self.warn(
                        "broken-link",
                        "GitBook marked this link as broken (`broken-reference`); its text is shown without a link"
                            .into(),
                        Some("link it again: write the page's path between the parentheses".into()),
                    );
                    self.link_starts.push(self.out.len());
                    self.out.push_str("<span class=\"broken-link\">");
                    self.links.push(false);
                    return;
                }
                let (url, target) = self.link(&dest);
                self.link_starts.push(self.out.len());
                self.out.push_str("<a href=\"");
                self.write_escaped(&url);
                self.out.push('"');
                let mention = title.as_ref() == "mention";
                if !title.is_empty() && !mention {
                    self.out.push_str(" title=\"");
                    self.write_escaped(&title);
                    self.out.push('"');
                }
                if mention {
                    self.out.push_str(" class=\"mention\">");
                    if let Some(text) = self.target_title(&target) {
                        self.write_escaped(&text);
                        self.replace_link_text = 1;
                        return;
                    }
                } else {
                    self.out.push('>');
                }
                self.links.push(true);
            }
            Tag::Image { dest_url, title, .. } => {
                if dest_url.trim() == BROKEN_REFERENCE {
                    self.warn(
                        "broken-link",
                        "GitBook marked this image as broken (`broken-reference`); it is left out".into(),
                        Some("add the image again: write its path between the parentheses".into()),
                    );
                    self.image = Some((BROKEN_REFERENCE.to_string(), String::new(), String::new()));
                    return;
                }
                let (url, _) = self.link(&dest_url);
                self.image = Some((url, title.to_string(), String::new()));
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.out.push_str("</p>\n"),
            TagEnd::Heading(_) => {
                self.in_heading = false;
                let trimmed = self.out.trim_end().len();
                self.out.truncate(trimmed);
                let shown = self.heading_levels.pop().unwrap_or(2);
                self.out.push_str(&format!("</h{shown}>\n"));
            }
            TagEnd::BlockQuote(_) => self.out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {}
            TagEnd::List(ordered) => self.out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" }),
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => self.out.push_str("</div>\n"),
            TagEnd::Table => {
                self.table = None;
                self.out.push_str("</tbody></table></div>\n");
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = false;
                }
                self.out.push_str("</tr></thead><tbody>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                let head = self.table.as_ref().is_some_and(|t| t.head);
                self.out.push_str(if head { "</th>" } else { "</td>" });
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::Superscript => self.out.push_str("</sup>"),
            TagEnd::Subscript => self.out.push_str("</sub>"),
            TagEnd::Link => {
                match self.links.pop() {
                    Some(true) => self.out.push_str("</a>"),
                    Some(false) => self.out.push_str("</span>"),
                    None => {}
                }
                if let Some(start) = self.link_starts.pop()
                    && !has_visible_text(self.out.get(start..).unwrap_or(""))
                {
                    self.lint(
                        "empty-link",
                        "the link has no text".into(),
                        "write what the link leads to between the brackets",
                    );
                }
            }
            TagEnd::Image => {}
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Follows the start of a hint to turn a leading bold line into the hint's title. Returns
    /// true when it wrote the event itself.
    fn hint_title_event(&mut self, event: &Event<'_>) -> bool {
        let make_title = |out: &mut String, at: usize| {
            if out[at..].starts_with("<p>") {
                out.replace_range(at..at + 3, "<p class=\"hint-title\">");
            }
        };
        self.hint_title = match (self.hint_title, event) {
            (HintTitle::AwaitParagraph, Event::Start(Tag::Paragraph)) => HintTitle::AwaitStrong(self.out.len()),
            (HintTitle::AwaitParagraph, Event::Start(Tag::Heading { .. })) => {
                self.heading_class = Some("hint-title");
                HintTitle::Idle
            }
            (HintTitle::AwaitStrong(at), Event::Start(Tag::Strong)) => HintTitle::InStrong(at),
            (HintTitle::InStrong(at), Event::End(TagEnd::Strong)) => HintTitle::AfterStrong(at),
            (HintTitle::InStrong(at), _) => HintTitle::InStrong(at),
            (HintTitle::AfterStrong(at), Event::SoftBreak | Event::HardBreak) => {
                make_title(&mut self.out, at);
                self.out.push_str("</p>\n<p>");
                self.hint_title = HintTitle::Idle;
                return true;
            }
            (HintTitle::AfterStrong(at), Event::End(TagEnd::Paragraph)) => {
                make_title(&mut self.out, at);
                HintTitle::Idle
            }
            _ => HintTitle::Idle,
        };
        false
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    /// Raw HTML: block markers become block HTML, the rest is rewritten.
    fn raw_html(&mut self, html: &str) {
        // Messages about links in this HTML point at the link, not at the block's start.
        let outer = self.html_source.is_none();
        if outer {
            self.html_source = Some((self.offset, html.to_string(), 0));
        }
        self.raw_html_parts(html);
        if outer {
            self.html_source = None;
        }
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

    fn raw_html_parts(&mut self, html: &str) {
        let mut rest = html;
        while let Some(start) = rest.find("<!--") {
            let Some((marker, length)) = marker::parse(&rest[start..]) else {
                let end = rest[start..].find("-->").map_or(rest.len(), |e| start + e + 3);
                self.html_fragment(&rest[..end]);
                rest = &rest[end..];
                continue;
            };
            self.html_fragment(&rest[..start]);
            match marker {
                Marker::Math(index) => self.math(index),
                Marker::Block { block, kind } => self.block_marker(block, kind),
            }
            rest = &rest[start + length..];
        }
        self.html_fragment(rest);
    }

    pub(super) fn html_fragment(&mut self, html: &str) {
        if self.suppress > 0 || html.trim().is_empty() {
            if !html.is_empty() && self.suppress == 0 {
                self.out.push_str(html);
            }
            return;
        }
        if super::tables::is_gitbook_table(html) && self.gitbook_table(html) {
            return;
        }
        if html.trim_start().starts_with("<pre") && self.html_code_block(html) {
            return;
        }
        // A FAQ answer runs from its question's `</summary>` to the `</details>`.
        if html.contains("</details>")
            && let Some((index, Some(start))) = self.faq_open.take()
        {
            let answer = self.out[start.min(self.out.len())..].to_string();
            if let Some(question) = self.prepared.faq.get(index) {
                self.faq_answers.push(FaqAnswer {
                    question: question.question.clone(),
                    anchor: question.anchor.clone(),
                    html: answer,
                });
            }
        }
        let rewritten = html::rewrite(html, self);
        self.out.push_str(&rewritten);
        if let Some((index, None)) = self.faq_open
            && html.contains("</summary>")
        {
            self.faq_open = Some((index, Some(self.out.len())));
        }
    }

    /// GitBook's HTML form of a code block (written when lines carry marks or annotations):
    /// `<pre class="language-x" data-title="..." data-line-numbers><code>...</code></pre>`.
    fn html_code_block(&mut self, html: &str) -> bool {
        let start = html.len() - html.trim_start().len();
        let Some((attrs, after_pre)) = super::tables::start_tag(html, start) else { return false };
        let Some(code_at) = html[after_pre..].find("<code").map(|i| after_pre + i) else { return false };
        let Some((code_attrs, body_start)) = super::tables::start_tag(html, code_at) else { return false };
        let Some(body_end) = html[body_start..].rfind("</code>").map(|i| body_start + i) else { return false };
        let Some(pre_end) = html[body_end..].find("</pre>").map(|i| body_end + i + "</pre>".len()) else {
            return false;
        };
        let get = |key: &str| super::tables::attr(&attrs, key);
        let class = get("class").or(super::tables::attr(&code_attrs, "class")).unwrap_or("");
        let language = class
            .split_whitespace()
            .find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")))
            .unwrap_or("")
            .to_string();
        let mut options: Vec<(String, String)> = Vec::new();
        if let Some(title) = get("data-title") {
            options.push(("title".into(), title.to_string()));
        }
        if attrs.iter().any(|(k, v)| k == "data-line-numbers" && v != "false") {
            options.push(("lineNumbers".into(), "true".into()));
        }
        if get("data-overflow") == Some("wrap") {
            options.push(("overflow".into(), "wrap".into()));
        }
        if get("data-expandable") == Some("true") {
            options.push(("expandable".into(), "true".into()));
        }
        let lines = split_html_lines(&html[body_start..body_end]);
        self.code_options = options;
        self.code_frame(&language, lines.len(), |renderer| {
            for (i, line) in lines.iter().enumerate() {
                renderer.out.push_str("<span class=\"line\">");
                let rewritten = html::rewrite(line, renderer);
                renderer.out.push_str(&rewritten);
                renderer.out.push_str("</span>");
                if i + 1 < lines.len() {
                    renderer.out.push('\n');
                }
            }
        });
        self.html_fragment(&html[pre_end..]);
        true
    }

    /// A fenced or indented code block, with the options of an enclosing `{% code %}`.
    fn code_block(&mut self, info: &str, text: &str) {
        let language =
            info.split(|c: char| c.is_whitespace() || c == '{' || c == ',').next().unwrap_or("").trim().to_string();
        if language == "mermaid" && self.diagram(text) {
            return;
        }
        let lines: Vec<&str> = text.strip_suffix('\n').unwrap_or(text).split('\n').collect();
        self.code_frame(&language, lines.len(), |renderer| {
            for (i, line) in lines.iter().enumerate() {
                renderer.out.push_str("<span class=\"line\">");
                renderer.write_escaped(line);
                renderer.out.push_str("</span>");
                if i + 1 < lines.len() {
                    renderer.out.push('\n');
                }
            }
        });
    }

    /// A Mermaid diagram as inline SVG with its source below it, or `false` (with a warning)
    /// when it cannot be drawn and is shown as code instead.
    fn diagram(&mut self, source: &str) -> bool {
        self.diagrams += 1;
        match super::diagrams::render(source, &format!("diagram-{}-", self.diagrams)) {
            Ok(diagram) => {
                self.code_options.clear();
                let name = diagram.title.as_deref().unwrap_or(self.env.text.diagram);
                let svg =
                    diagram.svg.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(name)), 1);
                self.out.push_str("<figure class=\"diagram\"><div class=\"diagram-drawing\">");
                self.out.push_str(&svg);
                self.out.push_str("</div><details class=\"diagram-source\"><summary>");
                self.write_escaped(self.env.text.diagram_source);
                self.out.push_str("</summary><pre tabindex=\"0\"><code class=\"language-mermaid\">");
                self.write_escaped(source.trim_end());
                self.out.push_str("</code></pre></details></figure>\n");
                true
            }
            Err(message) => {
                self.warn(
                    "mermaid",
                    message,
                    Some("lines of the diagram are counted from the one after ```mermaid".into()),
                );
                false
            }
        }
    }

    /// The frame around code: options from `{% code %}`, title bar, `<pre><code>`.
    fn code_frame(&mut self, language: &str, line_count: usize, body: impl FnOnce(&mut Self)) {
        let options = std::mem::take(&mut self.code_options);
        let option = |key: &str| options.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str());
        let mut classes = vec!["code-block".to_string()];
        if option("lineNumbers") == Some("true") {
            classes.push("line-numbers".into());
        }
        if option("overflow") == Some("wrap") {
            classes.push("wrap".into());
        }
        if option("expandable") == Some("true") && line_count > 12 {
            classes.push("expandable".into());
        }
        if language == "mermaid" {
            classes.push("diagram".into());
        }
        self.out.push_str(&format!("<div class=\"{}\">", classes.join(" ")));
        if let Some(title) = option("title").filter(|t| !t.is_empty()) {
            self.out.push_str("<div class=\"code-title\">");
            self.write_escaped(title);
            self.out.push_str("</div>");
        } else if language == "mermaid" {
            self.out.push_str("<div class=\"code-title\">Diagram (Mermaid)</div>");
        }
        self.out.push_str("<pre tabindex=\"0\"><code");
        if !language.is_empty() {
            self.out.push_str(" class=\"language-");
            self.write_escaped(language);
            self.out.push('"');
        }
        self.out.push('>');
        body(self);
        self.out.push_str("</code></pre></div>\n");
    }
}

impl HtmlHooks for Renderer<'_> {
    fn faq_question(&mut self) -> Option<String> {
        if !self.prepared.is_faq {
            return None;
        }
        let question = self.prepared.faq.get(self.faq_next)?;
        self.faq_open = Some((self.faq_next, None));
        self.faq_next += 1;
        Some(question.anchor.clone())
    }

    fn faq_link(&mut self) -> Option<String> {
        let (index, _) = self.faq_open?;
        let anchor = &self.prepared.faq.get(index)?.anchor;
        let label = self.env.text.link_to_question;
        Some(format!(
            "<a class=\"faq-link\" href=\"#{anchor}\">{}<span class=\"visually-hidden\">{label}</span></a>",
            crate::icons::svg("link")
        ))
    }

    fn url(&mut self, url: &str, _tag: &str, _attribute: &str) -> Option<String> {
        if url.starts_with("data:") {
            return None;
        }
        // GitBook's annotations point at its own footnote ids.
        if let Some(name) = url.strip_prefix("#user-content-fn-") {
            return Some(format!("#fn-{}", footnote_id(name)));
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

    fn unknown_element(&mut self, tag: &str) {
        self.locate_in_html(&format!("<{tag}"));
        self.warn(
            "unknown-html",
            format!("<{tag}> is not HTML a page may hold; its content is shown without it"),
            Some("`allow_raw_html: true` in neokit.yaml publishes raw HTML as written".into()),
        );
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

/// Splits HTML into lines, closing inline tags at each line end and reopening them on the
/// next line, so every line can be wrapped in its own element.
fn split_html_lines(html: &str) -> Vec<String> {
    let html = html.strip_suffix('\n').unwrap_or(html);
    let mut lines = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for raw in html.split('\n') {
        // A tag closed at the very start of this line is not reopened for it.
        let mut raw = raw;
        while let Some(top) = open.last() {
            let close = format!("</{}>", tag_name(top));
            match raw.strip_prefix(close.as_str()) {
                Some(after) => {
                    raw = after;
                    open.pop();
                }
                None => break,
            }
        }
        let mut line: String = open.concat();
        line.push_str(raw);
        let mut rest = raw;
        while let Some(lt) = rest.find('<') {
            let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
            let tag = &rest[lt..tag_end];
            if let Some(name) = tag.strip_prefix("</") {
                let name = name.trim_end_matches('>').trim().to_ascii_lowercase();
                if let Some(pos) = open.iter().rposition(|t| tag_name(t) == name) {
                    open.remove(pos);
                }
            } else if !tag.ends_with("/>") && !tag.starts_with("<!") {
                open.push(tag.to_string());
            }
            rest = &rest[tag_end..];
        }
        for tag in open.iter().rev() {
            line.push_str(&format!("</{}>", tag_name(tag)));
        }
        lines.push(line);
    }
    lines
}

/// Whether HTML shows any text: words outside tags, or an image's non-empty alt text.
fn has_visible_text(html: &str) -> bool {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !rest[..lt].trim().is_empty() {
            return true;
        }
        let end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..end];
        if tag.starts_with("<img")
            && let Some((attrs, _)) = super::tables::start_tag(tag, 0)
            && super::tables::attr(&attrs, "alt").is_some_and(|alt| !alt.trim().is_empty())
        {
            return true;
        }
        rest = &rest[end..];
    }
    !rest.trim().is_empty()
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<').split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_ascii_lowercase()
}

impl Renderer<'_> {
    /// A formula as MathML: no script, no font download, no request.
    fn math(&mut self, index: usize) {
        if self.suppress > 0 {
            return;
        }
        let Some(math) = self.prepared.scanned.math.get(index).cloned() else { return };
        let storage = pulldown_latex::Storage::new();
        let parser = pulldown_latex::Parser::new(&math.latex, &storage);
        let events: Vec<_> = parser.collect();
        if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
            let message = error.to_string();
            let location = self.locator.file_location(math.file, math.offset);
            self.problems.push(
                Diagnostic::warning(
                    "invalid-math",
                    format!("formula `{}` cannot be read: {}", math.latex, message.lines().next().unwrap_or("")),
                )
                .at(location),
            );
        }
        let config = pulldown_latex::RenderConfig {
            display_mode: if math.display {
                pulldown_latex::config::DisplayMode::Block
            } else {
                pulldown_latex::config::DisplayMode::Inline
            },
            annotation: Some(&math.latex),
            ..Default::default()
        };
        let mut mathml = String::new();
        if pulldown_latex::push_mathml(&mut mathml, events.into_iter(), config).is_err() {
            mathml = format!("<code>{}</code>", escape(&math.latex));
        }
        // MathML spacing and colours come as style attributes, which a strict CSP forbids.
        let mathml = strip_style_attributes(&mathml);
        if math.display {
            self.out.push_str(&format!("<div class=\"math-display\">{mathml}</div>"));
        } else {
            self.out.push_str(&format!("<span class=\"math\">{mathml}</span>"));
        }
    }
}

/// Removes `style="..."` attributes from generated markup.
fn strip_style_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " style=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

fn is_anchor_tag(html: &str) -> bool {
    let html = html.trim();
    html == "</a>" || super::headings::explicit_anchor_id(html).is_some()
}

pub(super) fn footnote_id(name: &str) -> String {
    let slug = super::headings::slug(name);
    if slug.is_empty() { format!("n{}", name.len()) } else { slug }
}
