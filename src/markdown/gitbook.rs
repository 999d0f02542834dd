//! HTML for GitBook blocks: what each `<!--neokit:N-->` marker left by the block scanner
//! becomes when the page is rendered.
//!
//! Input: a [`Block`] (name, attributes, nesting) and the renderer's link resolution. Output:
//! the opening and closing HTML around the block's content, written into the page. Blocks
//! that replace their content (content-ref cards, OpenAPI placeholders) suppress it. Unknown
//! blocks render their content plainly and are reported.

use super::block::{Block, BlockKind};
use super::marker::MarkerKind;
use super::render::{EmbedMode, HintTitle, Renderer, escape};
use super::tables::{self, Cell, Table};
use crate::icons;
use crate::links::Target;

/// Normalises a hint style; legacy and unknown styles fall back to `info`.
pub fn hint_style(style: Option<&str>) -> &'static str {
    match style.unwrap_or("info").trim().to_ascii_lowercase().as_str() {
        "success" => "success",
        "warning" => "warning",
        "danger" => "danger",
        _ => "info",
    }
}

fn hint_label(style: &str, text: &'static crate::i18n::Text) -> &'static str {
    match style {
        "success" => text.success,
        "warning" => text.warning,
        "danger" => text.danger,
        _ => text.info,
    }
}

/// Human-readable size: `2.3 MB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut size = bytes as f64 / 1000.0;
    let mut unit = 0;
    while size >= 1000.0 && unit + 1 < UNITS.len() {
        size /= 1000.0;
        unit += 1;
    }
    if size < 10.0 { format!("{size:.1} {}", UNITS[unit]) } else { format!("{size:.0} {}", UNITS[unit]) }
}

/// A readable name for a file type, from its extension.
pub fn file_kind(extension: &str) -> &'static str {
    match extension {
        "pdf" => "PDF document",
        "ppt" | "pptx" | "odp" | "key" => "Presentation",
        "doc" | "docx" | "odt" | "rtf" => "Word document",
        "xls" | "xlsx" | "ods" | "csv" => "Spreadsheet",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "avif" => "Image",
        "mp4" | "mov" | "webm" | "m4v" | "avi" => "Video",
        "mp3" | "wav" | "m4a" | "ogg" => "Audio",
        "zip" | "7z" | "gz" | "tar" => "Archive",
        "txt" | "md" => "Text file",
        "" => "File",
        _ => "File",
    }
}

impl Renderer<'_> {
    fn block(&self, index: usize) -> Option<Block> {
        self.prepared.scanned.blocks.get(index).cloned()
    }

    /// Writes the HTML for one marker.
    pub(super) fn block_marker(&mut self, index: usize, kind: MarkerKind) {
        let Some(block) = self.block(index) else { return };
        if let Some(suppressed) = self.suppressed_block {
            if suppressed == index && kind == MarkerKind::Close {
                self.suppressed_block = None;
                self.suppress = self.suppress.saturating_sub(1);
                self.close_block(&block);
            }
            return;
        }
        if self.suppress > 0 {
            return;
        }
        match kind {
            MarkerKind::Open | MarkerKind::SelfClosing => {
                let replaces_content = self.open_block(index, &block);
                if kind == MarkerKind::SelfClosing {
                    self.close_block(&block);
                } else if replaces_content {
                    self.suppressed_block = Some(index);
                    self.suppress += 1;
                }
            }
            MarkerKind::Close => self.close_block(&block),
        }
    }

    /// Writes the opening HTML. Returns true when the block's content is replaced.
    fn open_block(&mut self, index: usize, block: &Block) -> bool {
        match &block.kind {
            BlockKind::Hint => {
                let style = hint_style(block.attr("style"));
                let icon = block.attr("icon").and_then(icons::from_font_awesome).unwrap_or(icons::hint_icon(style));
                self.out.push_str(&format!(
                    "<div class=\"hint hint-{style}\" role=\"note\"><p class=\"hint-label\">{}<span>{}</span></p><div class=\"hint-body\">\n",
                    icons::svg(icon),
                    hint_label(style, self.env.text)
                ));
                self.hint_title = HintTitle::AwaitParagraph;
                false
            }
            BlockKind::Tabs => {
                self.out.push_str("<div class=\"tabs\">\n");
                false
            }
            BlockKind::Tab => {
                let title = block.attr("title").unwrap_or("Tab").trim().to_string();
                let id = format!("tab-{}-{index}", super::headings::slug(&title));
                let icon = block.attr("icon").and_then(icons::from_font_awesome).map(icons::svg).unwrap_or_default();
                self.out.push_str(&format!(
                    "<div class=\"tab-panel\" id=\"{id}\"><p class=\"tab-title\">{icon}{}</p>\n",
                    escape(&title)
                ));
                false
            }
            BlockKind::Stepper => {
                self.out.push_str("<ol class=\"stepper\">\n");
                false
            }
            BlockKind::Step => {
                self.out.push_str("<li class=\"step\">\n");
                false
            }
            BlockKind::Columns => {
                self.out.push_str("<div class=\"columns\">\n");
                false
            }
            BlockKind::Column => {
                let width = block.attr("width").and_then(|w| w.trim().trim_end_matches('%').parse::<f64>().ok());
                let class = match width {
                    Some(w) if w > 0.0 && w < 100.0 => format!(" col-{}", ((w / 5.0).round() as u32 * 5).clamp(10, 90)),
                    _ => String::new(),
                };
                self.out.push_str(&format!("<div class=\"column{class}\">\n"));
                false
            }
            BlockKind::ContentRef | BlockKind::PageRef => {
                let dest = block.attr("url").or(block.attr("page")).or(block.attr("")).unwrap_or("").to_string();
                self.content_ref(&dest);
                true
            }
            BlockKind::Embed => {
                self.embed(block);
                false
            }
            BlockKind::File => {
                self.file(block);
                false
            }
            BlockKind::Code => {
                self.code_options = block.attrs.clone();
                false
            }
            BlockKind::Updates => {
                self.out.push_str("<div class=\"updates\">\n");
                false
            }
            BlockKind::Update => {
                let date = block.attr("date").unwrap_or("").trim().to_string();
                let format = block
                    .parent
                    .and_then(|p| self.prepared.scanned.blocks.get(p))
                    .and_then(|p| p.attr("format"))
                    .unwrap_or("full")
                    .to_string();
                self.out.push_str("<article class=\"update\">");
                let tags: Vec<String> = block
                    .attr("tags")
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| format!(" <span class=\"badge\">{}</span>", escape(t)))
                    .collect();
                if !date.is_empty() || !tags.is_empty() {
                    self.out.push_str(&format!(
                        "<p class=\"update-date\"><time datetime=\"{}\">{}</time>{}</p>",
                        escape(&date),
                        escape(&format_date(&date, &format)),
                        tags.concat()
                    ));
                }
                self.out.push('\n');
                false
            }
            BlockKind::Prompt => {
                self.out.push_str("<div class=\"prompt\">");
                if let Some(description) = block.attr("description").filter(|d| !d.trim().is_empty()) {
                    self.out.push_str(&format!("<p class=\"prompt-description\">{}</p>", escape(description)));
                }
                self.out.push('\n');
                false
            }
            BlockKind::Api(tag) if tag.starts_with("openapi") || *tag == "swagger" && block.attr("src").is_some() => {
                self.api_placeholder(block);
                true
            }
            BlockKind::Api("swagger" | "api-method") => {
                let method = block.attr("method").unwrap_or("").to_ascii_uppercase();
                let path = block.attr("path").unwrap_or("");
                let summary = block.attr("summary").unwrap_or("");
                self.out.push_str(&format!(
                    "<div class=\"api-block\"><p class=\"api-title\"><span class=\"api-method\">{}</span> <code>{}</code></p>",
                    escape(&method),
                    escape(path)
                ));
                if !summary.is_empty() {
                    self.out.push_str(&format!("<p class=\"api-summary\">{}</p>", escape(summary)));
                }
                self.out.push('\n');
                false
            }
            BlockKind::Api("swagger-parameter" | "api-method-parameter") => {
                let name = block.attr("name").unwrap_or("");
                let facts: Vec<String> = ["in", "type"]
                    .iter()
                    .filter_map(|k| block.attr(k).filter(|v| !v.is_empty()).map(escape))
                    .chain(block.attr("required").filter(|r| *r == "true").map(|_| "required".to_string()))
                    .collect();
                self.out.push_str(&format!(
                    "<div class=\"api-parameter\"><p><code>{}</code> <span class=\"api-facts\">{}</span></p>\n",
                    escape(name),
                    facts.join(" · ")
                ));
                false
            }
            BlockKind::Api("swagger-response" | "api-method-response-example") => {
                let status = block.attr("status").or(block.attr("httpCode")).unwrap_or("");
                let description = block.attr("description").unwrap_or("");
                self.out.push_str(&format!(
                    "<div class=\"api-response\"><p><strong>{}</strong> {}</p>\n",
                    escape(status),
                    escape(description)
                ));
                false
            }
            BlockKind::Api(tag) => {
                self.out.push_str(&format!(
                    "<div class=\"api-{}\">\n",
                    tag.trim_start_matches("swagger-").trim_start_matches("api-method-")
                ));
                false
            }
            BlockKind::Integration(_) => {
                self.integration(block);
                false
            }
            // The scanner handles these itself; they never reach the page.
            BlockKind::If | BlockKind::Include => false,
            BlockKind::Unknown(name) => {
                self.warn(
                    "unknown-block",
                    format!("unknown block `{{% {name} %}}`: its content is shown without special formatting"),
                    None,
                );
                false
            }
        }
    }

    fn close_block(&mut self, block: &Block) {
        let close = match &block.kind {
            BlockKind::Hint => "</div></div>\n",
            BlockKind::Tabs
            | BlockKind::Tab
            | BlockKind::Columns
            | BlockKind::Column
            | BlockKind::Updates
            | BlockKind::Prompt => "</div>\n",
            BlockKind::Stepper => "</ol>\n",
            BlockKind::Step => "</li>\n",
            BlockKind::Update => "</article>\n",
            BlockKind::ContentRef | BlockKind::PageRef => "",
            BlockKind::Embed | BlockKind::File if has_caption(block) => "</figcaption></figure>\n",
            BlockKind::Embed | BlockKind::File | BlockKind::Integration(_) => "</figure>\n",
            BlockKind::Code => {
                self.code_options.clear();
                ""
            }
            BlockKind::Api(tag) if tag.starts_with("openapi") || *tag == "swagger" && block.attr("src").is_some() => "",
            BlockKind::Api(_) => "</div>\n",
            BlockKind::If | BlockKind::Include | BlockKind::Unknown(_) => "",
        };
        self.out.push_str(close);
    }

    fn content_ref(&mut self, dest: &str) {
        let (url, target) = self.link(dest);
        let title = self.target_title(&target).unwrap_or_else(|| dest.to_string());
        let description = match &target {
            Target::Page { page, .. } => self.env.site.page_description(*page).map(str::to_string),
            _ => None,
        };
        self.out.push_str(&format!(
            "<a class=\"card content-ref\" href=\"{}\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span>",
            escape(&url),
            icons::svg("page"),
            escape(&title)
        ));
        if let Some(description) = description {
            self.out.push_str(&format!("<span class=\"card-text\">{}</span>", escape(&description)));
        }
        self.out.push_str(&format!("</span>{}</a>\n", icons::svg("arrow-right")));
    }

    /// A GitBook integration (`{% @vendor/name url="..." %}`): it runs on GitBook's servers, so
    /// the site shows a link card to what it points at, or a card naming it.
    fn integration(&mut self, block: &Block) {
        let kind = match &block.kind {
            BlockKind::Integration(kind) => kind.clone(),
            _ => block.name.trim_start_matches('@').to_string(),
        };
        if self.integrations_reported.insert(kind.clone()) {
            self.warn(
                "integration",
                format!("the GitBook integration `{kind}` runs on GitBook's servers; it is shown as a link card"),
                Some("link to the content directly, or embed it with `{% embed url=\"...\" %}`".into()),
            );
        }
        let url = ["url", "src", "href", "link"].iter().find_map(|k| block.attr(k)).unwrap_or("").trim().to_string();
        self.out.push_str("<figure class=\"embed integration\">");
        if url.starts_with("https://") || url.starts_with("http://") {
            self.note_external(&url);
            let domain =
                url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("").trim_start_matches("www.");
            self.out.push_str(&format!(
                "<a class=\"card embed-card\" href=\"{}\" rel=\"noopener\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
                escape(&url),
                icons::svg("external"),
                escape(&embed_title(domain)),
                escape(&url),
                icons::svg("arrow-right"),
            ));
        } else {
            self.out.push_str(&format!(
                "<div class=\"card embed-card\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span></div>",
                icons::svg("external"),
                escape(&format!("Integration: {kind}")),
                escape(self.env.text.not_available),
            ));
        }
    }

    fn embed(&mut self, block: &Block) {
        let url = block
            .attr("url")
            .map(str::to_string)
            .or_else(|| {
                block.attr("data").and_then(|data| {
                    serde_json::from_str::<serde_json::Value>(data).ok()?.get("url")?.as_str().map(str::to_string)
                })
            })
            .unwrap_or_default();
        self.note_external(&url);
        let caption = block.attr("caption").unwrap_or("").to_string();
        let data_title = block
            .attr("data")
            .and_then(|data| serde_json::from_str::<serde_json::Value>(data).ok())
            .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_string))
            .filter(|t| !t.trim().is_empty());
        let domain = url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("")
            .trim_start_matches("www.")
            .to_string();
        self.out.push_str("<figure class=\"embed\">");
        let player = if self.env.embeds == EmbedMode::Iframe { privacy_player(&url) } else { None };
        match player {
            Some(src) => {
                let title = if caption.is_empty() { format!("Video from {domain}") } else { caption.clone() };
                self.out.push_str(&format!(
                    "<div class=\"embed-frame\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allowfullscreen referrerpolicy=\"no-referrer\"></iframe></div>",
                    escape(&src),
                    escape(&title)
                ));
            }
            None => {
                if url.is_empty() {
                    self.warn("invalid-embed", "`{% embed %}` has no `url`".into(), None);
                }
                self.out.push_str(&format!(
                    "<a class=\"card embed-card\" href=\"{}\" rel=\"noopener\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
                    escape(&url),
                    icons::svg(if is_video(&domain) { "play" } else { "globe" }),
                    escape(&data_title.clone().unwrap_or_else(|| embed_title(&domain))),
                    escape(&domain),
                    icons::svg("external"),
                ));
            }
        }
        if has_caption(block) {
            self.out.push_str("<figcaption>");
            self.write_escaped(&caption);
        }
    }

    fn file(&mut self, block: &Block) {
        let src = block.attr("src").unwrap_or("").to_string();
        let caption = block.attr("caption").unwrap_or("").to_string();
        let (url, target) = self.resolve_quietly(&src);
        let name = src.rsplit('/').next().unwrap_or(&src);
        let name = crate::paths::percent_decode(name.trim_start_matches('<').trim_end_matches('>'));
        let (size, extension) = match &target {
            Target::File { path } => (self.env.tree.sizes.get(path).copied(), path.extension()),
            Target::External { .. } => {
                (None, crate::paths::RelPath::new(&name).map(|p| p.extension()).unwrap_or_default())
            }
            Target::Page { .. } => {
                // A Markdown page offered as a file (GitBook's own docs do this): link to it.
                self.out.push_str(&format!(
                    "<figure class=\"file\"><a class=\"card\" href=\"{}\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span></span></a>",
                    escape(&url),
                    icons::svg("file"),
                    escape(&name),
                ));
                self.file_caption(block, &caption);
                return;
            }
            _ => {
                // The rest of the page is right: a warning, and the block says what is missing.
                let (message, help) = if src.is_empty() {
                    ("`{% file %}` has no `src`".to_string(), None)
                } else {
                    (
                        format!("the file `{src}` offered for download does not exist"),
                        Some("add the file to the kit, or remove the block".to_string()),
                    )
                };
                self.warn("missing-file", message, help);
                self.out.push_str(&format!(
                    "<figure class=\"file\"><div class=\"card download unavailable\">{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span></div>",
                    icons::svg("file"),
                    escape(if name.is_empty() { "file" } else { &name }),
                    escape(self.env.text.not_available),
                ));
                self.file_caption(block, &caption);
                return;
            }
        };
        let mut meta = file_kind(&extension).to_string();
        if !extension.is_empty() {
            meta = format!("{meta} ({})", extension.to_ascii_uppercase());
        }
        if let Some(size) = size {
            meta.push_str(&format!(" · {}", human_size(size)));
        }
        self.out.push_str(&format!(
            "<figure class=\"file\"><a class=\"card download\" href=\"{}\" download>{}<span class=\"card-body\"><span class=\"card-title\">{}</span><span class=\"card-text\">{}</span></span>{}</a>",
            escape(&url),
            icons::svg("file"),
            escape(&name),
            escape(&meta),
            icons::svg("download"),
        ));
        self.file_caption(block, &caption);
    }

    fn file_caption(&mut self, block: &Block, caption: &str) {
        if has_caption(block) {
            self.out.push_str("<figcaption>");
            self.write_escaped(caption);
        }
    }

    fn api_placeholder(&mut self, block: &Block) {
        let method = block.attr("method").unwrap_or("").to_ascii_uppercase();
        let path = block.attr("path").or(block.attr("name")).or(block.attr("schemas")).unwrap_or("").to_string();
        let src = block.attr("src").unwrap_or("").to_string();
        let spec = block.attr("spec").unwrap_or("").to_string();
        self.out.push_str("<div class=\"api-block api-placeholder\"><p class=\"api-title\">");
        if !method.is_empty() {
            self.out.push_str(&format!("<span class=\"api-method\">{}</span> ", escape(&method)));
        }
        self.out.push_str(&format!("<code>{}</code></p><p>", escape(&path)));
        if !src.is_empty() {
            let (url, _) = self.link(&src);
            self.out.push_str(&format!(
                "This API operation is described in the <a href=\"{}\">API specification</a>.",
                escape(&url)
            ));
        } else if !spec.is_empty() {
            self.out
                .push_str(&format!("This API operation is described in the API specification “{}”.", escape(&spec)));
        } else {
            self.out.push_str("This API reference is shown on the original documentation site.");
        }
        self.out.push_str("</p></div>\n");
    }
}

impl Renderer<'_> {
    /// Rewrites raw HTML that holds a GitBook table: the table becomes a card grid or a
    /// cleaned-up table, the HTML around it is rewritten as usual.
    pub(super) fn gitbook_table(&mut self, html: &str) -> bool {
        let Some((before, table, after)) = tables::split_table(html) else { return false };
        self.html_fragment(before);
        if table.is_cards() {
            self.card_grid(&table);
        } else {
            self.plain_table(&table);
        }
        self.html_fragment(after);
        true
    }

    /// The URL in the first `href` or `src` of a cell, resolved.
    fn cell_url(&mut self, cell: &Cell) -> Option<(String, Target)> {
        let (attrs, _) = first_tag_with(&cell.html, &["href", "src"])?;
        let url = tables::attr(&attrs, "href").or(tables::attr(&attrs, "src"))?.to_string();
        Some(self.link(&url))
    }

    fn card_grid(&mut self, table: &Table) {
        let target_column = table.column_with("data-card-target");
        let cover_column = table.column_with("data-card-cover");
        let dark_column = table.column_with("data-card-cover-dark");
        let special = [target_column, cover_column, dark_column];
        let labels = !table.has("data-column-title-hidden");
        let mut classes = vec!["cards"];
        if table.attr("data-card-size") == Some("large") {
            classes.push("cards-large");
        }
        if table.attr("data-card-wrap") == Some("false") {
            classes.push("cards-scroll");
        }
        self.out.push_str(&format!("<ul class=\"{}\">\n", classes.join(" ")));
        for row in &table.rows {
            let cell = |column: Option<usize>| column.and_then(|c| row.get(c));
            let target = cell(target_column).and_then(|c| self.cell_url(c));
            let cover = cell(cover_column).and_then(|c| self.cell_url(c)).map(|(url, _)| url);
            let dark = cell(dark_column).and_then(|c| self.cell_url(c)).map(|(url, _)| url);
            let fields: Vec<(usize, &Cell)> = row
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    !special.contains(&Some(*i))
                        && !table.head.get(*i).is_some_and(|h| h.has("data-hidden"))
                        && (!tables::plain_text(&c.html).is_empty() || c.html.contains("<img"))
                })
                .collect();
            let text: String = fields.iter().map(|(_, c)| c.html.as_str()).collect();
            let green = text.contains("color:green");
            let red = text.contains("color:red");
            let verdict = match (green, red) {
                (true, false) => Some(("do", "check", self.env.text.do_label)),
                (false, true) => Some(("dont", "cross", self.env.text.dont_label)),
                _ => None,
            };
            let variant = verdict.map(|(v, _, _)| format!(" grid-card-{v}")).unwrap_or_default();
            self.out.push_str(&format!("<li><div class=\"grid-card{variant}\">"));
            if let Some(cover) = &cover {
                self.out.push_str("<div class=\"grid-card-cover\"><picture>");
                if let Some(dark) = &dark {
                    self.out.push_str(&format!(
                        "<source srcset=\"{}\" media=\"(prefers-color-scheme: dark)\">",
                        escape(dark)
                    ));
                }
                self.out
                    .push_str(&format!("<img src=\"{}\" alt=\"\" loading=\"lazy\"></picture></div>", escape(cover)));
            }
            self.out.push_str("<div class=\"grid-card-body\">");
            if let Some((_, icon, label)) = verdict {
                self.out.push_str(&format!(
                    "<p class=\"grid-card-verdict\">{}<span class=\"visually-hidden\">{label}:</span></p>",
                    icons::svg(icon)
                ));
            }
            let mut linked = false;
            for (position, (column, field)) in fields.iter().enumerate() {
                self.out.push_str("<div class=\"grid-card-field\">");
                let label =
                    table.head.get(*column).map(|h| tables::plain_text(&strip_select(&h.html))).unwrap_or_default();
                if labels && !label.is_empty() {
                    self.out.push_str(&format!("<span class=\"grid-card-field-label\">{}</span>", escape(&label)));
                }
                match &target {
                    Some((url, _)) if position == 0 && !field.html.contains("<a ") && !field.html.contains("<a>") => {
                        self.out.push_str(&format!("<a class=\"grid-card-link\" href=\"{}\">", escape(url)));
                        self.html_fragment(&field.html);
                        self.out.push_str("</a>");
                        linked = true;
                    }
                    _ => self.html_fragment(&field.html),
                }
                self.out.push_str("</div>");
            }
            if let (Some((url, target)), false) = (&target, linked) {
                let title = self.target_title(target).unwrap_or_else(|| url.clone());
                self.out.push_str(&format!(
                    "<a class=\"grid-card-link\" href=\"{}\">{}</a>",
                    escape(url),
                    escape(&title)
                ));
            }
            self.out.push_str("</div></div></li>\n");
        }
        self.out.push_str("</ul>\n");
    }

    fn plain_table(&mut self, table: &Table) {
        let visible: Vec<usize> = (0..table.head.len().max(table.rows.iter().map(Vec::len).max().unwrap_or(0)))
            .filter(|i| !table.head.get(*i).is_some_and(|h| h.has("data-hidden")))
            .collect();
        let column_class = |i: usize| -> String {
            match table.head.get(i).and_then(|h| h.attr("align")).map(str::to_ascii_lowercase).as_deref() {
                Some("center") => " class=\"align-center\"".into(),
                Some("right") => " class=\"align-right\"".into(),
                _ => String::new(),
            }
        };
        let full = if table.attr("data-full-width") == Some("true") { " class=\"full-width\"" } else { "" };
        self.out.push_str(&format!("<div class=\"table-wrap\"><table{full}>"));
        if !table.has("data-header-hidden") && !table.head.is_empty() {
            self.out.push_str("<thead><tr>");
            for &i in &visible {
                let html = table.head.get(i).map(|h| strip_select(&h.html)).unwrap_or_default();
                self.out.push_str(&format!("<th scope=\"col\"{}>", column_class(i)));
                self.html_fragment(&html);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr></thead>");
        }
        self.out.push_str("<tbody>\n");
        for row in &table.rows {
            self.out.push_str("<tr>");
            for &i in &visible {
                self.out.push_str(&format!("<td{}>", column_class(i)));
                if let Some(cell) = row.get(i) {
                    let head = table.head.get(i);
                    match head.and_then(|h| h.attr("data-type")) {
                        Some("checkbox") => {
                            let checked = tables::plain_text(&cell.html).eq_ignore_ascii_case("true");
                            let label = if checked { "yes" } else { "no" };
                            self.out.push_str(&format!(
                                "<span class=\"checkbox{}\" role=\"img\" aria-label=\"{label}\">{}</span>",
                                if checked { " is-checked" } else { "" },
                                if checked { "☑" } else { "☐" }
                            ));
                        }
                        Some("select") => {
                            let options = head.map(|h| select_options(&h.html)).unwrap_or_default();
                            let html = replace_options(&cell.html, &options);
                            self.html_fragment(&html);
                        }
                        Some("rating") => {
                            let max: usize =
                                head.and_then(|h| h.attr("data-max")).and_then(|m| m.parse().ok()).unwrap_or(5).min(10);
                            let value: usize = tables::plain_text(&cell.html).parse().unwrap_or(0).min(max);
                            self.out.push_str(&format!(
                                "<span class=\"rating\" role=\"img\" aria-label=\"{value} / {max}\">{}{}</span>",
                                "★".repeat(value),
                                "☆".repeat(max - value)
                            ));
                        }
                        _ => self.html_fragment(&cell.html),
                    }
                }
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody></table></div>\n");
    }
}

/// The first start tag in `html` that has one of `attributes`.
fn first_tag_with(html: &str, attributes: &[&str]) -> Option<(tables::Attributes, usize)> {
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        if html[start + 1..].starts_with(|c: char| c.is_ascii_alphabetic())
            && let Some((attrs, end)) = tables::start_tag(html, start)
            && attrs.iter().any(|(k, _)| attributes.contains(&k.as_str()))
        {
            return Some((attrs, end));
        }
        at = start + 1;
    }
    None
}

/// A header cell without its `<select>` (GitBook stores a select column's options there).
fn strip_select(html: &str) -> String {
    match (html.find("<select"), html.find("</select>")) {
        (Some(start), Some(end)) if end > start => format!("{}{}", &html[..start], &html[end + "</select>".len()..]),
        _ => html.to_string(),
    }
}

/// The options of a select column: (value, label, colour).
fn select_options(html: &str) -> Vec<(String, String, String)> {
    let mut options = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find("<option") {
        let start = at + i;
        if let Some((attrs, end)) = tables::start_tag(html, start) {
            let get = |k: &str| tables::attr(&attrs, k).unwrap_or("").to_string();
            options.push((get("value"), get("label"), get("color")));
            at = end;
        } else {
            break;
        }
    }
    options
}

/// `<span data-option="id">x</span>` -> a coloured badge with the option's label.
fn replace_options(html: &str, options: &[(String, String, String)]) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<span") {
        out.push_str(&rest[..i]);
        let Some((attrs, end)) = tables::start_tag(rest, i) else { break };
        let Some(value) = tables::attr(&attrs, "data-option") else {
            out.push_str(&rest[i..end]);
            rest = &rest[end..];
            continue;
        };
        let close = rest[end..].find("</span>").map_or(rest.len(), |c| end + c + "</span>".len());
        let inner = tables::plain_text(&rest[end..close.min(rest.len())]);
        let (label, colour) = options
            .iter()
            .find(|(v, _, _)| v == value)
            .map(|(_, l, c)| (if l.is_empty() { inner.clone() } else { l.clone() }, c.clone()))
            .unwrap_or((inner, String::new()));
        let colour = if colour.is_empty() { String::new() } else { format!(" mark-bg-{}", escape(&colour)) };
        out.push_str(&format!("<span class=\"badge{colour}\">{}</span>", escape(&label)));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Whether an embed or file block has a caption (an attribute, or text between its tags).
fn has_caption(block: &Block) -> bool {
    block.attr("caption").is_some_and(|c| !c.trim().is_empty()) || (block.paired && !block.empty)
}

fn is_video(domain: &str) -> bool {
    ["youtube.com", "youtu.be", "vimeo.com", "loom.com", "wistia.com"].iter().any(|d| domain.ends_with(d))
}

fn embed_title(domain: &str) -> String {
    match domain {
        d if d.ends_with("youtube.com") || d == "youtu.be" => "Video on YouTube".into(),
        d if d.ends_with("vimeo.com") => "Video on Vimeo".into(),
        d if d.ends_with("loom.com") => "Video on Loom".into(),
        "" => "External content".into(),
        d => format!("Open on {d}"),
    }
}

/// A privacy-friendly player address for video links (no cookies, do-not-track).
fn privacy_player(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match host {
        "youtube.com" => {
            let id = path
                .strip_prefix("watch?")
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
                .or_else(|| path.strip_prefix("embed/"))
                .or_else(|| path.strip_prefix("shorts/"))?;
            let id = id.split(['?', '&', '#']).next()?;
            id_ok(id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "youtu.be" => {
            let id = path.split(['?', '&', '#']).next()?;
            id_ok(id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
        }
        "vimeo.com" => {
            let id = path.split(['?', '/', '#']).next()?;
            (id_ok(id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://player.vimeo.com/video/{id}?dnt=1"))
        }
        _ => None,
    }
}

/// Formats an ISO date (`2025-12-25`) as GitBook's update formats do.
pub fn format_date(date: &str, format: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.trim().parse().ok()).collect();
    let [year, month, day] = parts[..] else { return date.to_string() };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return date.to_string();
    }
    let name = MONTHS[month as usize - 1];
    match format {
        "short" => format!("{} {day}, {year}", &name[..3]),
        "numeric" => format!("{year}-{month:02}-{day:02}"),
        _ => format!("{day} {name} {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_sizes_dates() {
        assert_eq!(hint_style(Some("tip")), "info");
        assert_eq!(hint_style(Some("Danger")), "danger");
        assert_eq!(hint_style(None), "info");
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(2_340_000), "2.3 MB");
        assert_eq!(human_size(45_000), "45 KB");
        assert_eq!(format_date("2025-12-25", "full"), "25 December 2025");
        assert_eq!(format_date("2025-12-25", "short"), "Dec 25, 2025");
        assert_eq!(format_date("soon", "full"), "soon");
    }

    #[test]
    fn players() {
        assert_eq!(
            privacy_player("https://www.youtube.com/watch?v=abc_12-3&t=5").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_12-3")
        );
        assert_eq!(
            privacy_player("https://youtu.be/xyz").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/xyz")
        );
        assert_eq!(
            privacy_player("https://vimeo.com/12345").as_deref(),
            Some("https://player.vimeo.com/video/12345?dnt=1")
        );
        assert_eq!(privacy_player("https://example.org/x"), None);
    }
}
