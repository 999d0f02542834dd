//! The same content in the different spellings found in real GitBook repositories must render
//! to the same HTML.
//!
//! Each test builds one small temporary kit with one page per spelling (with the compact
//! fixture theme), takes the part of every page between `<main>` and `</main>` and compares
//! them after collapsing whitespace: runs of whitespace become one space and whitespace
//! between two tags is dropped, so a block written on one line and the same block written
//! over several lines compare equal. Nothing else is normalised: the pages of a group sit at
//! the same depth, so their relative links are identical, and no group uses ids that depend
//! on the page (tab ids, footnotes). A page's title heading is not part of `<main>`, so every
//! page of a group may share the same title.

use std::collections::BTreeMap;
use std::path::Path;

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

use crate::harness;

/// A kit file: path relative to the kit folder, and its content.
type File<'a> = (&'a str, &'a str);

/// Builds a kit made of a README, `pages` (each listed in SUMMARY.md, in order) and `files`
/// (assets, not listed), and returns the collapsed `<main>` of every page by source path.
/// The build must succeed without any diagnostic.
fn render(pages: &[File], files: &[File]) -> BTreeMap<String, String> {
    let kit = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut summary = String::from("# Table of contents\n\n* [Home](README.md)\n");
    write(kit.path(), "README.md", "# Home\n");
    for (path, text) in pages {
        write(kit.path(), path, text);
        summary.push_str(&format!("* [{path}](<{path}>)\n"));
    }
    for (path, text) in files {
        write(kit.path(), path, text);
    }
    write(kit.path(), "SUMMARY.md", &summary);
    let options = BuildOptions {
        kit_dir: kit.path().to_path_buf(),
        overrides: Overrides {
            output: Some(site.clone()),
            base_url: None,
            theme: Some(harness::fixtures_dir().join("theme")),
            no_pdf: true,
        },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    let report = build(&options).unwrap_or_else(|e| panic!("build failed to run: {e:#}"));
    assert!(
        report.success && report.diagnostics.is_empty(),
        "the kit must build without messages:\n{}",
        harness::render_report(&report)
    );
    pages
        .iter()
        .map(|(path, _)| {
            let dir = match path.strip_suffix("README.md") {
                Some(folder) => folder.to_string(),
                None => format!("{}/", path.trim_end_matches(".md")),
            };
            let html = std::fs::read_to_string(site.join(dir).join("index.html"))
                .unwrap_or_else(|e| panic!("page `{path}` was not written: {e}"));
            (path.to_string(), collapse(main_of(&html)))
        })
        .collect()
}

fn write(kit: &Path, path: &str, text: &str) {
    let target = kit.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, text).unwrap();
}

/// The text between `<main>` and `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main>").expect("page has <main>") + "<main>".len();
    let end = html.rfind("</main>").expect("page has </main>");
    &html[start..end]
}

/// Runs of whitespace become one space; whitespace between two tags disappears.
fn collapse(html: &str) -> String {
    html.split_whitespace().collect::<Vec<_>>().join(" ").replace("> <", "><")
}

/// The element of `html` that starts at the first occurrence of `start` (e.g.
/// `<div class="hint`), up to its matching end tag.
fn element<'h>(html: &'h str, start: &str) -> &'h str {
    let at = html.find(start).unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let name: String = html[at + 1..].chars().take_while(char::is_ascii_alphanumeric).collect();
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut i = at;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return &html[at..i + close.len()];
            }
            i += close.len();
        } else if rest.starts_with(&open) && rest[open.len()..].starts_with([' ', '>', '/']) {
            depth += 1;
            i += open.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    panic!("`{start}` is not closed in:\n{html}");
}

/// Every page of the group must render like the first; `expect` must appear in it (so that
/// equality is not reached by all spellings failing the same way).
fn assert_same(group: &str, rendered: &BTreeMap<String, String>, pages: &[&str], expect: &str) {
    let first = &rendered[pages[0]];
    assert!(first.contains(expect), "{group}: `{}` does not contain `{expect}`:\n{first}", pages[0]);
    for page in &pages[1..] {
        let other = &rendered[*page];
        assert!(
            first == other,
            "{group}: `{page}` renders differently from `{}`:\n{}",
            pages[0],
            harness::diff(page, &first.replace("><", ">\n<"), &other.replace("><", ">\n<"))
        );
    }
}

const TITLE: &str = "# Same page\n\n";

fn page(body: &str) -> String {
    format!("{TITLE}{body}")
}

#[test]
fn hint_one_line_multi_line_and_blank_lines() {
    let multi = page("{% hint style=\"warning\" %}\nWipe the lens with an alcohol swab.\n{% endhint %}\n");
    let one_line = page("{% hint style=\"warning\" %} Wipe the lens with an alcohol swab. {% endhint %}\n");
    let blank_lines = page("{% hint style=\"warning\" %}\n\nWipe the lens with an alcohol swab.\n\n{% endhint %}\n");
    let tight = page("Before.\n{% hint style=\"warning\" %}\nWipe the lens with an alcohol swab.\n{% endhint %}\n");
    let rendered = render(
        &[("multi.md", &multi), ("one-line.md", &one_line), ("blank-lines.md", &blank_lines), ("tight.md", &tight)],
        &[],
    );
    assert_same(
        "hint",
        &rendered,
        &["multi.md", "one-line.md", "blank-lines.md"],
        "<p>Wipe the lens with an alcohol swab.</p>",
    );
    // Written right after a paragraph, without a blank line: the hint is the same block.
    let hint = |page: &str| element(&rendered[page], "<div class=\"hint").to_string();
    assert_eq!(hint("multi.md"), hint("tight.md"));
}

#[test]
fn hint_title_after_soft_break_blank_line_or_backslash() {
    let soft = page("{% hint style=\"info\" %}\n**Consent first**\nAsk the parents.\n{% endhint %}\n");
    let blank = page("{% hint style=\"info\" %}\n**Consent first**\n\nAsk the parents.\n{% endhint %}\n");
    let backslash = page("{% hint style=\"info\" %}\n**Consent first**\\\nAsk the parents.\n{% endhint %}\n");
    let rendered = render(&[("soft.md", &soft), ("blank.md", &blank), ("backslash.md", &backslash)], &[]);
    assert_same(
        "hint title",
        &rendered,
        &["soft.md", "blank.md", "backslash.md"],
        "<p class=\"hint-title\"><strong>Consent first</strong></p><p>Ask the parents.</p>",
    );
}

#[test]
fn embed_self_closing_and_paired_empty() {
    let url = "https://example.org/neonatal-guidelines";
    let alone = page(&format!("{{% embed url=\"{url}\" %}}\n"));
    let paired = page(&format!("{{% embed url=\"{url}\" %}}\n{{% endembed %}}\n"));
    let one_line = page(&format!("{{% embed url=\"{url}\" %}}{{% endembed %}}\n"));
    let rendered = render(&[("alone.md", &alone), ("paired.md", &paired), ("one-line.md", &one_line)], &[]);
    assert_same("embed", &rendered, &["alone.md", "paired.md", "one-line.md"], "<figure class=\"embed\">");
}

#[test]
fn file_self_closing_and_paired_empty() {
    let src = ".gitbook/assets/Consent form (1).pdf";
    let alone = page(&format!("{{% file src=\"{src}\" %}}\n"));
    let paired = page(&format!("{{% file src=\"{src}\" %}}\n{{% endfile %}}\n"));
    let one_line = page(&format!("{{% file src=\"{src}\" %}}{{% endfile %}}\n"));
    let rendered = render(
        &[("alone.md", &alone), ("paired.md", &paired), ("one-line.md", &one_line)],
        &[(src, "%PDF-1.4 tiny\n")],
    );
    assert_same(
        "file",
        &rendered,
        &["alone.md", "paired.md", "one-line.md"],
        "href=\"../assets/Consent%20form%20(1).pdf\"",
    );
}

#[test]
fn content_ref_and_page_ref() {
    let target = "---\ndescription: How we ask parents.\n---\n\n# Asking for consent\n";
    let content_ref = page("{% content-ref url=\"consent.md\" %}\n[consent.md](consent.md)\n{% endcontent-ref %}\n");
    let one_line = page("{% content-ref url=\"consent.md\" %}[consent.md](consent.md){% endcontent-ref %}\n");
    let page_ref = page("{% page-ref page=\"consent.md\" %}\n");
    let rendered = render(
        &[
            ("consent.md", target),
            ("content-ref.md", &content_ref),
            ("one-line.md", &one_line),
            ("page-ref.md", &page_ref),
        ],
        &[],
    );
    assert_same(
        "content-ref",
        &rendered,
        &["content-ref.md", "one-line.md", "page-ref.md"],
        "<span class=\"card-title\">Asking for consent</span><span class=\"card-text\">How we ask parents.</span>",
    );
}

#[test]
fn folder_link_spellings() {
    let spellings = [
        ("slash.md", "[The team](team/)"),
        ("bare.md", "[The team](team)"),
        ("to-readme.md", "[The team](team/README.md)"),
        ("angle.md", "[The team](<team/README.md>)"),
        ("html.md", "<a href=\"team/\">The team</a>"),
    ];
    let bodies: Vec<(&str, String)> = spellings.iter().map(|(p, link)| (*p, page(&format!("See {link}.\n")))).collect();
    let mut pages: Vec<File> = vec![("team/README.md", "# The team\n")];
    pages.extend(bodies.iter().map(|(p, b)| (*p, b.as_str())));
    let rendered = render(&pages, &[]);
    let names: Vec<&str> = spellings.iter().map(|(p, _)| *p).collect();
    assert_same("folder link", &rendered, &names, "<a href=\"../team/index.html\">The team</a>");

    let refs = [("ref-slash.md", "team/"), ("ref-bare.md", "team"), ("ref-readme.md", "team/README.md")];
    let bodies: Vec<(&str, String)> = refs
        .iter()
        .map(|(p, url)| {
            (*p, page(&format!("{{% content-ref url=\"{url}\" %}}\n[{url}]({url})\n{{% endcontent-ref %}}\n")))
        })
        .collect();
    let mut pages: Vec<File> = vec![("team/README.md", "# The team\n")];
    pages.extend(bodies.iter().map(|(p, b)| (*p, b.as_str())));
    let rendered = render(&pages, &[]);
    let names: Vec<&str> = refs.iter().map(|(p, _)| *p).collect();
    assert_same("folder content-ref", &rendered, &names, "href=\"../team/index.html\"");
}

#[test]
fn encoded_and_angle_bracket_image_paths() {
    let asset = ".gitbook/assets/review room (1).png";
    let encoded = page("![The review room](.gitbook/assets/review%20room%20%281%29.png)\n");
    let partly = page("![The review room](.gitbook/assets/review%20room%20(1).png)\n");
    let angle = page("![The review room](<.gitbook/assets/review room (1).png>)\n");
    let rendered = render(&[("encoded.md", &encoded), ("partly.md", &partly), ("angle.md", &angle)], &[(asset, "PNG")]);
    assert_same(
        "image path",
        &rendered,
        &["encoded.md", "partly.md", "angle.md"],
        "<img src=\"../assets/review%20room%20(1).png\" alt=\"The review room\"",
    );
}

/// Pages with `block` at column 0 and inside list items indented by 2 and 4 spaces.
fn in_list_items(block: &str) -> Vec<(&'static str, String)> {
    let indent = |spaces: usize| block.lines().map(|l| format!("{}{l}\n", " ".repeat(spaces))).collect::<String>();
    vec![
        ("column-0.md", page(&format!("Before the list.\n\n{block}"))),
        ("two-spaces.md", page(&format!("* Prepare the camera.\n{}* Start the review.\n", indent(2)))),
        ("four-spaces.md", page(&format!("*   Prepare the camera.\n{}*   Start the review.\n", indent(4)))),
        ("nested.md", page(&format!("* Camera\n  * Prepare the camera.\n{}* Review\n", indent(4)))),
        ("loose.md", page(&format!("* Prepare the camera.\n\n{}\n* Start the review.\n", indent(2)))),
    ]
}

const LIST_PAGES: [&str; 5] = ["column-0.md", "two-spaces.md", "four-spaces.md", "nested.md", "loose.md"];

/// Compares the element starting with `start` on the pages `compared` of [`in_list_items`].
fn assert_block_same(group: &str, block: &str, start: &str, expect: &str, extra: &[File], compared: &[&str]) {
    let pages = in_list_items(block);
    let mut all: Vec<File> = extra.to_vec();
    all.extend(pages.iter().map(|(p, b)| (*p, b.as_str())));
    let rendered = render(&all, &[]);
    let blocks: BTreeMap<String, String> =
        compared.iter().map(|p| (p.to_string(), element(&rendered[*p], start).to_string())).collect();
    assert_same(group, &blocks, compared, expect);
}

const HINT: &str = "{% hint style=\"warning\" %}\n**Lens**\nWipe the lens with an alcohol swab.\n{% endhint %}\n";
const HINT_BODY: &str = "<p class=\"hint-title\"><strong>Lens</strong></p><p>Wipe the lens with an alcohol swab.</p>";

#[test]
fn hint_in_loose_list_item() {
    let compared = ["column-0.md", "loose.md"];
    assert_block_same("hint in loose list item", HINT, "<div class=\"hint", HINT_BODY, &[], &compared);
}

/// GitBook writes blocks in list items without blank lines (a tight list); the block's content
/// must still be paragraphs, and a bold first line must still become the hint's title.
#[test]

fn hint_in_list_items() {
    assert_block_same("hint in list item", HINT, "<div class=\"hint", HINT_BODY, &[], &LIST_PAGES);
}

#[test]
fn embed_in_list_items() {
    assert_block_same(
        "embed in list item",
        "{% embed url=\"https://example.org/neonatal-guidelines\" %}\n",
        "<figure class=\"embed\"",
        "href=\"https://example.org/neonatal-guidelines\"",
        &[],
        &LIST_PAGES,
    );
}

#[test]
fn content_ref_in_list_items() {
    assert_block_same(
        "content-ref in list item",
        "{% content-ref url=\"consent.md\" %}\n[consent.md](consent.md)\n{% endcontent-ref %}\n",
        "<a class=\"card content-ref\"",
        "<span class=\"card-title\">Asking for consent</span>",
        &[("consent.md", "# Asking for consent\n")],
        &LIST_PAGES,
    );
}

const TABS: &str = "{% tabs %}\n{% tab title=\"Nurses\" %}\nStart the recording.\n{% endtab %}\n{% endtabs %}\n";

#[test]
fn tabs_in_loose_list_item() {
    let compared = ["column-0.md", "loose.md"];
    assert_block_same(
        "tabs in loose list item",
        TABS,
        "<div class=\"tabs\"",
        "<p>Start the recording.</p>",
        &[],
        &compared,
    );
}

#[test]

fn tabs_in_list_items() {
    assert_block_same(
        "tabs in list item",
        TABS,
        "<div class=\"tabs\"",
        "<p>Start the recording.</p>",
        &[],
        &LIST_PAGES,
    );
}

#[test]
fn tags_in_fences_stay_literal() {
    let inner = "{% hint style=\"info\" %}\nWritten as an example.\n{% endhint %}\n{% include \"missing.md\" %}\n";
    let backticks = page(&format!("```markdown\n{inner}```\n"));
    let tildes = page(&format!("~~~markdown\n{inner}~~~\n"));
    let long = page(&format!("````markdown\n{inner}````\n"));
    let long_tildes = page(&format!("~~~~markdown\n{inner}~~~~\n"));
    let rendered = render(
        &[("backticks.md", &backticks), ("tildes.md", &tildes), ("long.md", &long), ("long-tildes.md", &long_tildes)],
        &[],
    );
    assert_same(
        "literal tags",
        &rendered,
        &["backticks.md", "tildes.md", "long.md", "long-tildes.md"],
        "<span class=\"line\">{% hint style=&quot;info&quot; %}</span>",
    );
    for (page, html) in &rendered {
        assert!(!html.contains("class=\"hint"), "{page}: a tag in a fence became a block:\n{html}");
        assert!(html.contains("{% include &quot;missing.md&quot; %}"), "{page}: the include was expanded:\n{html}");
    }
}

#[test]
fn tags_in_fences_inside_list_items_stay_literal() {
    let block = "```markdown\n{% hint style=\"info\" %}\nWritten as an example.\n{% endhint %}\n```\n";
    let pages = in_list_items(block);
    let all: Vec<File> = pages.iter().map(|(p, b)| (*p, b.as_str())).collect();
    let rendered = render(&all, &[]);
    let blocks: BTreeMap<String, String> = LIST_PAGES
        .iter()
        .map(|p| (p.to_string(), element(&rendered[*p], "<div class=\"code-block").to_string()))
        .collect();
    assert_same(
        "literal tags in list item",
        &blocks,
        &LIST_PAGES,
        "<span class=\"line\">{% hint style=&quot;info&quot; %}</span>",
    );
}

#[test]
fn folder_link_with_anchor_spellings() {
    let spellings = [
        ("slash.md", "[Roles](team/#roles)"),
        ("bare.md", "[Roles](team#roles)"),
        ("to-readme.md", "[Roles](team/README.md#roles)"),
        ("html.md", "<a href=\"team/#roles\">Roles</a>"),
    ];
    let bodies: Vec<(&str, String)> = spellings.iter().map(|(p, link)| (*p, page(&format!("See {link}.\n")))).collect();
    let mut pages: Vec<File> = vec![("team/README.md", "# The team\n\n## Roles\n")];
    pages.extend(bodies.iter().map(|(p, b)| (*p, b.as_str())));
    let rendered = render(&pages, &[]);
    let names: Vec<&str> = spellings.iter().map(|(p, _)| *p).collect();
    assert_same("folder link with anchor", &rendered, &names, "<a href=\"../team/index.html#roles\">Roles</a>");
}

#[test]
fn html_image_paths_raw_and_encoded() {
    let asset = ".gitbook/assets/review room (1).png";
    let raw = page(
        "<figure><img src=\".gitbook/assets/review room (1).png\" alt=\"Room\"><figcaption></figcaption></figure>\n",
    );
    let encoded = page(
        "<figure><img src=\".gitbook/assets/review%20room%20(1).png\" alt=\"Room\"><figcaption></figcaption></figure>\n",
    );
    let rendered = render(&[("raw.md", &raw), ("encoded.md", &encoded)], &[(asset, "PNG")]);
    assert_same(
        "html image path",
        &rendered,
        &["raw.md", "encoded.md"],
        "<img src=\"../assets/review%20room%20(1).png\"",
    );
}

/// GitBook writes the dark variant of an image as `<source srcset="...">` with the raw path,
/// spaces included; it must be resolved (and published) like the `src` beside it.
#[test]

fn html_srcset_paths_raw_and_encoded() {
    let picture = |dark: &str| {
        page(&format!(
            "<figure><picture><source srcset=\"{dark}\" media=\"(prefers-color-scheme: dark)\"><img src=\".gitbook/assets/light.png\" alt=\"\"></picture><figcaption></figcaption></figure>\n"
        ))
    };
    let raw = picture(".gitbook/assets/review room dark.png");
    let encoded = picture(".gitbook/assets/review%20room%20dark.png");
    let rendered = render(
        &[("raw.md", &raw), ("encoded.md", &encoded)],
        &[(".gitbook/assets/review room dark.png", "PNG"), (".gitbook/assets/light.png", "PNG")],
    );
    assert_same(
        "html srcset path",
        &rendered,
        &["raw.md", "encoded.md"],
        "srcset=\"../assets/review%20room%20dark.png\"",
    );
}

#[test]
fn file_src_raw_and_encoded() {
    let asset = ".gitbook/assets/Consent form (1).pdf";
    let raw = page("{% file src=\".gitbook/assets/Consent form (1).pdf\" %}\n");
    let encoded = page("{% file src=\".gitbook/assets/Consent%20form%20(1).pdf\" %}\n");
    let rendered = render(&[("raw.md", &raw), ("encoded.md", &encoded)], &[(asset, "%PDF")]);
    assert_same(
        "file src",
        &rendered,
        &["raw.md", "encoded.md"],
        "<span class=\"card-title\">Consent form (1).pdf</span>",
    );
}
