//! The PDF: escaping is the security boundary (any text stays text, any page gives typst
//! source without a syntax error), and with `--features pdf` the sample kit's PDF has its
//! pages, bookmarks, text and tags, and bad input gives warnings and a complete PDF.

use neokit::testing::{Input, Scratch, typst_markup, typst_string};
use proptest::prelude::*;
use typst_syntax::{SyntaxKind, SyntaxNode};

/// The text typst shows for markup that is only string literals shown as text (`#"...";`);
/// an error for anything else (a function call, a heading, a link, an error).
fn shown_text(node: &SyntaxNode, out: &mut String) -> Result<(), String> {
    match node.kind() {
        SyntaxKind::Markup => node.children().try_for_each(|child| shown_text(child, out)),
        SyntaxKind::Hash | SyntaxKind::Semicolon => Ok(()),
        SyntaxKind::Space => {
            out.push(' ');
            Ok(())
        }
        SyntaxKind::Str => {
            let string = node.cast::<typst_syntax::ast::Str>().ok_or("not a string")?;
            out.push_str(&string.get());
            Ok(())
        }
        other => Err(format!("{other:?} `{}`", node.full_text())),
    }
}

/// What the PDF shows of some text: white space as single spaces, control characters left out.
fn as_shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

fn find_string(node: &SyntaxNode) -> Option<typst_syntax::ast::Str<'_>> {
    node.cast::<typst_syntax::ast::Str>().or_else(|| node.children().find_map(find_string))
}

fn syntax_errors(source: &str) -> Vec<String> {
    typst_syntax::parse(source).errors_and_warnings().0.into_iter().map(|e| e.message.to_string()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_stays_the_same_text(text in any::<String>()) {
        // Followed by what could continue an expression, it must still end where the text does.
        let markup = format!("{}.x(1)[2]", typst_markup(&text));
        let root = typst_syntax::parse(&markup);
        prop_assert!(syntax_errors(&markup).is_empty(), "{:?}", syntax_errors(&markup));
        let mut shown = String::new();
        let first = root.children().take_while(|n| n.kind() != SyntaxKind::Text || !n.full_text().starts_with('.'));
        for node in first {
            shown_text(node, &mut shown).map_err(|e| TestCaseError::fail(format!("`{text}` became {e}")))?;
        }
        prop_assert_eq!(shown, as_shown(&text));
    }

    #[test]
    fn any_text_is_the_same_string(text in any::<String>()) {
        let source = format!("#{}", typst_string(&text));
        let root = typst_syntax::parse(&source);
        prop_assert!(syntax_errors(&root.full_text()).is_empty(), "{:?}", syntax_errors(&root.full_text()));
        let string = find_string(&root);
        let string = string.ok_or_else(|| TestCaseError::fail(format!("no string in {source}")))?;
        let value = string.get();
        prop_assert_eq!(value.as_str(), text.as_str());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Pages of GitBook's syntax in any order give typst source that parses without an error.
    #[test]
    fn any_page_gives_valid_typst(readme in crate::properties::text(), page in crate::properties::text()) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let input = Input {
            readme: format!("# Home\n\n{readme}"),
            page,
            summary: "* [Home](README.md)\n* [Page](page.md)\n".into(),
            config: "pdf:\n  source: only\n".into(),
            ..Input::default()
        };
        let report = Scratch::new(&dir.path().join("kit")).build_to(&input, Some(&out)).unwrap();
        prop_assume!(report.success);
        let typ = std::fs::read_dir(out.join("pdf")).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "typ"));
        let source = std::fs::read_to_string(typ.expect("the PDF's source is written").path()).unwrap();
        let errors = syntax_errors(&source);
        prop_assert!(errors.is_empty(), "{errors:?}\n{source}");
    }
}

/// Runs a command-line tool on a PDF; `None` when the tool is not installed (outside CI).
#[cfg(feature = "pdf")]
fn tool(name: &str, args: &[&str]) -> Option<String> {
    match std::process::Command::new(name).args(args).output() {
        Ok(output) => {
            assert!(output.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("{name} is not installed (poppler-utils, qpdf): PDF checks skipped");
            None
        }
        Err(error) => panic!("{name} is needed in CI: {error}"),
    }
}

#[cfg(feature = "pdf")]
fn build_kit(kit: &std::path::Path, out: &std::path::Path, base_url: Option<&str>) -> neokit::pipeline::Report {
    let options = neokit::pipeline::BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: neokit::config::Overrides {
            output: Some(out.to_path_buf()),
            base_url: base_url.map(str::to_string),
            ..Default::default()
        },
        target: neokit::pipeline::OutputTarget::Disk,
        today: Some(crate::harness::TODAY),
        ..Default::default()
    };
    neokit::pipeline::build(&options).unwrap()
}

/// The sample kit's PDF: every page, in SUMMARY's order and numbering, bookmarked, its text
/// extractable, tagged and claiming PDF/UA-1, with links inside the document.
#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn the_sample_kit_pdf_has_its_pages_bookmarks_text_and_tags() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let report = build_kit(root, out.path(), Some("https://intranet.example/neoflix/"));
    assert!(report.success, "{:?}", report.diagnostics);
    let pdf_problems: Vec<String> =
        report.diagnostics.iter().filter(|d| d.code.starts_with("pdf")).map(|d| d.to_string()).collect();
    assert!(pdf_problems.is_empty(), "{pdf_problems:?}");
    let pdf = out.path().join("pdf/neoflix-onboarding-kit.pdf");
    assert!(pdf.is_file(), "the whole kit's PDF is written");
    let footer = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(footer.contains("href=\"pdf/neoflix-onboarding-kit.pdf\" download"), "every page links to it");
    let pdf = pdf.to_str().unwrap();

    let Some(info) = tool("pdfinfo", &[pdf]) else { return };
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 20, "{pages} pages");
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    let metadata = tool("pdfinfo", &["-meta", pdf]).unwrap();
    assert!(metadata.contains("pdfuaid:part"), "claims PDF/UA-1");

    let text = tool("pdftotext", &["-layout", pdf, "-"]).unwrap();
    for expected in ["Neoflix onboarding kit", "Westbrook Children's Hospital", &format!("2 / {pages}")] {
        assert!(text.contains(expected), "the text has `{expected}`");
    }

    let outline = tool("qpdf", &["--json", "--json-key=outlines", pdf]).unwrap();
    let outline: serde_json::Value = serde_json::from_str(&outline).unwrap();
    let mut titles = Vec::new();
    fn collect(items: &serde_json::Value, titles: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            titles.push(item["title"].as_str().unwrap_or_default().to_string());
            collect(&item["kids"], titles);
        }
    }
    collect(&outline["outlines"], &mut titles);
    for title in ["Why video review?", "Consent"] {
        assert!(titles.iter().any(|t| t.contains(title)), "a bookmark for `{title}` in {titles:?}");
    }
    // The sample kit numbers its own titles: they are kept, not numbered again.
    assert!(titles.iter().any(|t| t == "1.1 Readiness self-check"), "{titles:?}");
    assert!(titles.len() > 40, "headings inside pages are bookmarked too: {}", titles.len());

    // A page with a short link carries it as a QR code under its title.
    let shown = (1..=pages).find(|page| {
        let page = page.to_string();
        tool("pdftotext", &["-f", &page, "-l", &page, pdf, "-"]).unwrap().contains("/neoflix/go/parents/")
    });
    let shown = shown.expect("the short link of `Talking with parents` is written under its title");
    let codes = crate::harness::pdf_qr_codes(std::path::Path::new(pdf), shown).unwrap();
    assert!(codes.contains(&"https://intranet.example/neoflix/go/parents/".to_string()), "{codes:?}");

    let unpacked = out.path().join("unpacked.pdf");
    tool("qpdf", &["--qdf", "--object-streams=disable", pdf, unpacked.to_str().unwrap()]).unwrap();
    let raw = String::from_utf8_lossy(&std::fs::read(&unpacked).unwrap()).into_owned();
    assert!(raw.contains("/StructTreeRoot"), "tagged");
    // The contents are tagged as a table of contents: an entry (TOCI) for each line.
    let tags = tags(pdf);
    let contents_lines = text.lines().filter(|line| line.contains(" . . . ")).count();
    assert!(tags.get("/TOC").is_some_and(|&toc| toc >= 1), "{tags:?}");
    assert_eq!(tags.get("/TOCI"), Some(&contents_lines), "{tags:?}");
    assert!(raw.contains("/Dest") || raw.contains("/GoTo"), "links between pages stay in the document");
    assert!(raw.contains("/URI"), "links out keep their address");
}

/// The book is laid out in parts and joined: laid out with every sheet-starting run of pages
/// in its own part, it is the book laid out as one document (the source `pdf.source` writes):
/// the same pages and text, bookmarks, and links leading to the same pages and places.
#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn a_book_laid_out_in_parts_is_the_book_laid_out_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = |part_text: &str| {
        let out = tempfile::tempdir().unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
            .args(["build", "--out", out.path().to_str().unwrap()])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("NEOKIT_PDF_PART_TEXT", part_text)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", crate::harness::text(&output));
        assert!(!crate::harness::text(&output).contains("pdf"), "{}", crate::harness::text(&output));
        out
    };
    let (whole, parts) = (build("0"), build("1"));
    let pdf = |out: &tempfile::TempDir| out.path().join("pdf/neoflix-onboarding-kit.pdf").to_str().unwrap().to_string();
    let (whole, parts) = (pdf(&whole), pdf(&parts));
    let Some(whole_text) = tool("pdftotext", &["-layout", &whole, "-"]) else { return };
    let parts_text = tool("pdftotext", &["-layout", &parts, "-"]).unwrap();
    assert_eq!(whole_text, parts_text);
    let outline = |pdf: &str| tool("qpdf", &["--json", "--json-key=outlines", pdf]).unwrap();
    // The bookmarks: their titles, nesting, whether open, and the page and place they lead
    // to (not the numbers of the objects that hold them).
    fn bookmarks(items: &serde_json::Value) -> Vec<String> {
        let items = items.as_array().cloned().unwrap_or_default();
        let item = |i: &serde_json::Value| {
            let place: Vec<String> = i["dest"].as_array().unwrap().iter().skip(1).map(|v| v.to_string()).collect();
            let (title, page, open) = (&i["title"], &i["destpageposfrom1"], &i["open"]);
            format!("{title} p{page} {} open={open} [{}]", place.join(" "), bookmarks(&i["kids"]).join(", "))
        };
        items.iter().map(item).collect()
    }
    let outline = |pdf: &str| {
        let json: serde_json::Value = serde_json::from_str(&outline(pdf)).unwrap();
        bookmarks(&json["outlines"])
    };
    assert_eq!(outline(&whole), outline(&parts));
    let (whole_links, parts_links) = (links(&whole), links(&parts));
    assert!(parts_links.len() > 100, "{parts_links:?}");
    assert_eq!(whole_links, parts_links);
    // The contents (page 2) lead to the pages after them.
    let leads_on = |link: &Link| {
        let target = link.1.strip_prefix("page ").and_then(|rest| rest.split(' ').next()?.parse::<usize>().ok());
        link.0 == 2 && target.is_some_and(|page| page > 2)
    };
    assert!(parts_links.iter().filter(|l| leads_on(l)).count() > 20, "the contents lead to the pages");
    let (whole_tags, parts_tags) = (tags(&whole), tags(&parts));
    assert!(parts_tags.get("/P").is_some_and(|&n| n > 100), "{parts_tags:?}");
    assert_eq!(whole_tags, parts_tags, "the same structure elements");
    let raw = std::fs::read(&parts).unwrap();
    assert!(!raw.windows(13).any(|w| w == b"neokit-label:"), "no link is left to an address standing for a label");
}

/// A PDF's structure tree, checked: one `Document` element; every element's parent is the
/// element that holds it; every marked content's key leads (through the parent tree) to the
/// element that holds it; identifiers unique and sorted. Gives how many elements of each type.
#[cfg(feature = "pdf")]
fn tags(pdf: &str) -> std::collections::BTreeMap<String, usize> {
    use serde_json::Value;
    let json: Value = serde_json::from_str(&tool("qpdf", &["--json=2", "--json-key=qpdf", pdf]).unwrap()).unwrap();
    let objects = &json["qpdf"][1];
    let get = |value: &Value| -> Value {
        match value.as_str().filter(|s| s.ends_with(" R")) {
            Some(reference) => {
                let object = &objects[format!("obj:{reference}")];
                if object["value"].is_null() { object["stream"]["dict"].clone() } else { object["value"].clone() }
            }
            None => value.clone(),
        }
    };
    let catalog = (objects.as_object().unwrap().values())
        .map(|o| &o["value"])
        .find(|v| v["/Type"] == "/Catalog")
        .expect("a catalog")
        .clone();
    let root = get(&catalog["/StructTreeRoot"]);
    let document_ref = root["/K"][0].clone();
    let document = get(&document_ref);
    assert_eq!(document["/S"], "/Document");
    let nums = root["/ParentTree"]["/Nums"].as_array().unwrap().clone();
    let parents: std::collections::HashMap<i64, Value> =
        nums.chunks(2).map(|pair| (pair[0].as_i64().unwrap(), get(&pair[1]))).collect();
    assert_eq!(parents.len() * 2, nums.len(), "content keys are unique");
    let mut counts = std::collections::BTreeMap::new();
    // (page, content key) -> element, from the elements.
    let mut marked: Vec<(String, i64, Value)> = Vec::new();
    let mut stack = vec![(document_ref.clone(), Value::Null)];
    while let Some((reference, parent)) = stack.pop() {
        let element = get(&reference);
        if !parent.is_null() {
            assert_eq!(element["/P"], parent, "{reference}: its parent");
            *counts.entry(element["/S"].as_str().unwrap().to_string()).or_insert(0) += 1;
        }
        let kids = match &element["/K"] {
            Value::Array(kids) => kids.clone(),
            Value::Null => Vec::new(),
            kid => vec![kid.clone()],
        };
        for kid in kids {
            match &kid {
                Value::Number(n) => marked.push((element["/Pg"].to_string(), n.as_i64().unwrap(), reference.clone())),
                Value::String(_) => {
                    let value = get(&kid);
                    match value["/Type"].as_str() {
                        Some("/OBJR") => {}
                        Some("/MCR") => {
                            marked.push((value["/Pg"].to_string(), value["/MCID"].as_i64().unwrap(), reference.clone()))
                        }
                        _ => stack.push((kid.clone(), reference.clone())),
                    }
                }
                Value::Object(value) if value.get("/Type") == Some(&Value::String("/MCR".into())) => {
                    marked.push((value["/Pg"].to_string(), value["/MCID"].as_i64().unwrap(), reference.clone()))
                }
                _ => {}
            }
        }
    }
    for (page, key, element) in marked {
        let page = get(&serde_json::from_str::<Value>(&page).unwrap());
        let list = &parents[&page["/StructParents"].as_i64().expect("a page with marked content has a key")];
        assert_eq!(list[key as usize], element, "marked content {key} leads to its element");
    }
    let ids: Vec<String> = (root["/IDTree"]["/Names"].as_array().into_iter().flatten())
        .step_by(2)
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "identifiers are unique and sorted");
    counts
}

/// A link in a PDF: the page it is on, and where it leads (`page N Y` or `uri ADDRESS`).
#[cfg(feature = "pdf")]
type Link = (usize, String);

/// The links of a PDF, page by page, read with qpdf (named destinations resolved).
#[cfg(feature = "pdf")]
fn links(pdf: &str) -> Vec<Link> {
    use serde_json::Value;
    let json: Value =
        serde_json::from_str(&tool("qpdf", &["--json=2", "--json-key=pages", "--json-key=qpdf", pdf]).unwrap())
            .unwrap();
    let objects = &json["qpdf"][1];
    let get = |value: &Value| -> Value {
        match value.as_str().filter(|s| s.ends_with(" R")) {
            Some(reference) => objects[format!("obj:{reference}")]["value"].clone(),
            None => value.clone(),
        }
    };
    let pages: Vec<String> =
        json["pages"].as_array().unwrap().iter().map(|p| p["object"].as_str().unwrap().to_string()).collect();
    let mut names = std::collections::HashMap::new();
    fn walk(node: &Value, get: &dyn Fn(&Value) -> Value, names: &mut std::collections::HashMap<String, Value>) {
        let node = get(node);
        for kid in node["/Kids"].as_array().into_iter().flatten() {
            walk(kid, get, names);
        }
        let pairs = node["/Names"].as_array().cloned().unwrap_or_default();
        for pair in pairs.chunks(2) {
            if let [name, dest] = pair {
                names.insert(name.as_str().unwrap_or_default().to_string(), get(dest));
            }
        }
    }
    for (_, object) in objects.as_object().unwrap() {
        let value = &object["value"];
        if value["/Type"] == "/Catalog" && !value["/Names"].is_null() {
            walk(&get(&value["/Names"])["/Dests"], &get, &mut names);
        }
    }
    let mut links = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let page = get(&Value::String(page.clone()));
        for annotation in get(&page["/Annots"]).as_array().into_iter().flatten() {
            let annotation = get(annotation);
            let action = get(&annotation["/A"]);
            let mut dest = get(&annotation["/Dest"]);
            if dest.is_null() && !action["/D"].is_null() {
                dest = get(&action["/D"]);
            }
            if let Some(uri) = action["/URI"].as_str() {
                links.push((index + 1, format!("uri {uri}")));
                continue;
            }
            if let Some(name) = dest.as_str() {
                dest = names
                    .get(name)
                    .map(|d| if d["/D"].is_null() { d.clone() } else { get(&d["/D"]) })
                    .unwrap_or(Value::Null);
            }
            if let Some(array) = dest.as_array() {
                let target = pages.iter().position(|p| array[0] == Value::String(p.clone())).map_or(0, |p| p + 1);
                let y = array.get(3).and_then(Value::as_f64).map_or(-1, |y| y.round() as i64);
                links.push((index + 1, format!("page {target} {y}")));
            }
        }
    }
    links
}

/// Bad input gives warnings and a complete PDF: a corrupt image, an image in a format typst
/// cannot read, a WOFF2 brand font, a 10,000-row table, lists nested 150 deep, right-to-left
/// text and emoji.
#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn bad_input_gives_warnings_and_a_complete_pdf() {
    let kit = tempfile::tempdir().unwrap();
    let write = |path: &str, bytes: &[u8]| {
        let path = kit.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("neokit.yaml", b"title: Hard cases\npdf: true\nbrand:\n  font: fonts/brand.woff2\n");
    write("fonts/brand.woff2", b"wOF2 not really a font");
    write(".gitbook/assets/corrupt.png", b"\x89PNG\r\n\x1a\n but nothing after the signature");
    write(".gitbook/assets/old.bmp", b"BM not read by typst");
    write("SUMMARY.md", b"* [Home](README.md)\n* [Table](table.md)\n");
    let mut nested = String::new();
    for depth in 0..150 {
        nested.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
    }
    let readme = format!(
        "# Home\n\n![Corrupt](.gitbook/assets/corrupt.png)\n\n![Old format](.gitbook/assets/old.bmp)\n\n\
         Right to left: שלום עולם and مرحبا. Emoji: 👶🏽 🎥 ⚠️.\n\n{nested}"
    );
    write("README.md", readme.as_bytes());
    let mut table = String::from("# Table\n\n| Row | Value |\n| --- | --- |\n");
    for row in 0..10_000 {
        table.push_str(&format!("| {row} | value {row} |\n"));
    }
    write("table.md", table.as_bytes());

    let out = tempfile::tempdir().unwrap();
    let report = build_kit(kit.path(), out.path(), None);
    assert!(report.success, "{:?}", report.diagnostics);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes.iter().filter(|c| **c == "pdf-image").count(), 2, "{:?}", report.diagnostics);
    assert!(codes.contains(&"pdf-font"), "{:?}", report.diagnostics);
    let pdf = out.path().join("pdf/hard-cases.pdf");
    assert!(pdf.is_file());
    let Some(info) = tool("pdfinfo", &[pdf.to_str().unwrap()]) else { return };
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages > 100, "the whole table is there: {pages} pages");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).unwrap();
    for expected in ["value 9999", "level 149", "Corrupt", "Old format", "[baby]"] {
        assert!(text.contains(expected), "the text has `{expected}`");
    }
}

/// `pdf: false` and `build --no-pdf` make none, and no page links to one.
#[test]
fn no_pdf_when_switched_off() {
    let kit = tempfile::tempdir().unwrap();
    std::fs::write(kit.path().join("README.md"), "# Home\n\nText.\n").unwrap();
    std::fs::write(kit.path().join("neokit.yaml"), "title: Off\npdf: false\n").unwrap();
    let out = crate::harness::neokit(kit.path(), &["build", "--quiet"]);
    assert!(out.status.success(), "{}", crate::harness::text(&out));
    assert!(!kit.path().join("public/pdf").exists());
    let home = std::fs::read_to_string(kit.path().join("public/index.html")).unwrap();
    assert!(!home.contains(".pdf\""), "no link to a PDF");
}

/// A neokit without PDF support fails a kit that asks for a PDF in so many words, and builds
/// one that leaves it to `auto` without a PDF.
#[cfg(not(feature = "pdf"))]
#[test]
fn without_pdf_support_asking_for_a_pdf_is_an_error() {
    let kit = tempfile::tempdir().unwrap();
    std::fs::write(kit.path().join("README.md"), "# Home\n\nText.\n").unwrap();
    std::fs::write(kit.path().join("neokit.yaml"), "title: Asked\npdf: true\n").unwrap();
    let out = crate::harness::neokit(kit.path(), &["build"]);
    assert!(!out.status.success());
    let text = crate::harness::text(&out);
    assert!(text.contains("built without PDF support") && text.contains("--features pdf"), "{text}");
    std::fs::write(kit.path().join("neokit.yaml"), "title: Asked\n").unwrap();
    let out = crate::harness::neokit(kit.path(), &["build"]);
    assert!(out.status.success(), "{}", crate::harness::text(&out));
    assert!(!kit.path().join("public/pdf").exists());
    // A PDF poster says why there is none.
    std::fs::write(kit.path().join("README.md"), "---\nshort: home\n---\n# Home\n\nText.\n").unwrap();
    let args = ["poster", "home", "--format", "pdf", "--base-url", "https://x.example/"];
    let out = crate::harness::neokit(kit.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::harness::text(&out).contains("built without PDF support"), "{}", crate::harness::text(&out));
}

/// An 8 x 8 WebP picture (as a real repository had one, saved as `logo.png`).
#[cfg(feature = "pdf")]
const WEBP: [u8; 62] = [
    82, 73, 70, 70, 54, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 32, 42, 0, 0, 0, 176, 1, 0, 157, 1, 42, 8, 0, 8, 0, 1, 64,
    38, 37, 160, 2, 116, 186, 0, 4, 48, 0, 0, 254, 241, 220, 143, 138, 1, 72, 224, 164, 255, 231, 230, 127, 186, 127,
    157, 250, 36, 0,
];

/// Images are judged by their bytes: a WebP picture named `.png` is shown as what it is (as
/// the brand's logo too), an image nothing can read shows its alt text with a warning at the
/// reference, and the site is published either way.
#[cfg(feature = "pdf")]
#[test]
fn a_misnamed_or_unreadable_image_never_stops_the_site() {
    let kit = tempfile::tempdir().unwrap();
    let page = "# Home\n\nOur logo:\n\n![Unit logo](logo.png)\n\nAnd a chart: ![Ward chart](chart.png)\n";
    std::fs::write(kit.path().join("README.md"), page).unwrap();
    std::fs::write(kit.path().join("logo.png"), WEBP).unwrap();
    std::fs::write(kit.path().join("chart.png"), b"\x89PNG\r\n\x1a\n not really a picture").unwrap();
    for config in ["title: Pictures\nbrand:\n  logo: logo.png\n", "title: Pictures\npdf: true\n"] {
        std::fs::write(kit.path().join("neokit.yaml"), config).unwrap();
        let out = crate::harness::neokit(kit.path(), &["build"]);
        let text = crate::harness::text(&out);
        assert!(out.status.success(), "{config}: {text}");
        assert!(kit.path().join("public/index.html").exists());
        let pdf = kit.path().join("public/pdf/pictures.pdf");
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{config}: {text}");
        // The unreadable one is named where the page names it (line 7, column 28).
        assert!(text.contains("README.md:7:28") && text.contains("chart.png"), "{config}: {text}");
        assert!(!text.contains("logo.png"), "the WebP picture is read: {text}");
        assert!(!text.contains("neokit.yaml:"), "nothing is located at the configuration: {text}");
        if let Some(shown) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]) {
            assert!(shown.contains("Ward chart"), "the alt text shows instead: {shown}");
        }
        if let Some(images) = tool("pdfimages", &["-list", pdf.to_str().unwrap()]) {
            let count = images.lines().filter(|l| l.contains(" 8     8 ")).count();
            assert!(count >= 1, "the WebP picture is in the PDF: {images}");
        }
    }
}

/// A kit with what a page shows around its text: a light brand colour, descriptions, a role
/// with people, facts and responsibilities, a page that mentions it, a folder page with role
/// cards, a page two levels deep with sections of its own, governance (the role page past its
/// review date), a cover image, an icon and a photo. `pdf` is its `pdf:` setting.
fn paper_kit(pdf: &str) -> tempfile::TempDir {
    let kit = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = kit.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "neokit.yaml",
        &format!(
            "title: Paper\n{pdf}\nbrand:\n  primary_color: \"#f5c400\"\npeople:\n  chair:\n    name: Sam Okafor\n    title: Nurse educator\n    email: s.okafor@example.org\n    phone: \"+44 20 7946 0311\"\n    photo: sam.png\ngovernance:\n  review_every: 24 months\n  owner: chair\n"
        ),
    );
    write(
        "SUMMARY.md",
        "* [Home](README.md)\n\n## Team\n\n* [Roles](team/README.md)\n  * [Review chair](team/chair.md)\n    * [Chair's checklist](team/chair/checklist.md)\n",
    );
    write(
        "README.md",
        "---\ndescription: Where it all starts.\ncover: cover.png\n---\n# Home\n\nAsk the [review chair](team/chair.md).\n",
    );
    let cover = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/.gitbook/assets/neoflix-cover.png");
    std::fs::copy(&cover, kit.path().join("cover.png")).unwrap();
    std::fs::copy(&cover, kit.path().join("sam.png")).unwrap();
    write("team/README.md", "---\nicon: circle-info\n---\n# Roles\n\nWho does what.\n");
    write(
        "team/chair.md",
        "---\ndescription: Keeps the room safe.\nreviewed: 2024-03-01\nversion: \"3\"\napproved_by: Clinical governance committee\nrole: chair\ndiscipline: Any trained clinician\ntime_per_month: 4 hours\nresponsibilities: [\"Chair review sessions\", \"Log actions\"]\n---\n# Review chair\n\nThe chair runs the session.\n\n## Becoming a chair\n\nObserve three sessions.\n",
    );
    write(
        "team/chair/checklist.md",
        "---\ndescription: Tick as you go.\n---\n# Chair's checklist\n\n## Before the session\n\nBook the room.\n\n### The room\n\nChairs in a circle.\n",
    );
    kit
}

fn build_paper_kit(kit: &std::path::Path, out: &std::path::Path) -> neokit::pipeline::Report {
    let options = neokit::pipeline::BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: neokit::config::Overrides { output: Some(out.to_path_buf()), ..Default::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        today: Some(crate::harness::TODAY),
        ..Default::default()
    };
    let report = neokit::pipeline::build(&options).unwrap();
    assert!(report.success, "{:?}", report.diagnostics);
    report
}

/// The value of `#let NAME = rgb("#rrggbb")` in a book's source.
fn source_colour(source: &str, name: &str) -> neokit::config::brand::Color {
    let start = format!("#let {name} = rgb(\"");
    let at = source.find(&start).unwrap_or_else(|| panic!("{name} is defined")) + start.len();
    neokit::config::brand::Color::parse(&source[at..at + 7]).unwrap()
}

/// A light brand colour is darkened in the PDF as on the site: headings, links and labels in
/// a shade that reads 4.5:1 on every background of the PDF (white, whatever the site's dark
/// scheme), the raw colour only filling shapes, with text on them in black or white; the
/// build's note (information, not a warning) says so.
#[test]
fn a_light_brand_colour_is_darkened_in_the_pdf_and_the_note_says_so() {
    let kit = paper_kit("pdf:\n  source: only");
    let out = tempfile::tempdir().unwrap();
    let report = build_paper_kit(kit.path(), out.path());
    let source = std::fs::read_to_string(out.path().join("pdf/paper.typ")).unwrap();
    let text = source_colour(&source, "nk-primary");
    for background in neokit::config::brand::PDF_BACKGROUNDS {
        assert!(text.contrast(background) >= 4.5, "{text} on {background}");
    }
    assert_eq!(source_colour(&source, "nk-brand").to_string(), "#f5c400");
    let on_brand = source_colour(&source, "nk-on-brand");
    assert!(neokit::config::brand::Color::parse("#f5c400").unwrap().contrast(on_brand) >= 4.5);
    // The raw colour fills shapes only, never text.
    for line in source.lines().filter(|l| l.contains("nk-brand") && !l.starts_with("#let nk-brand")) {
        assert!(!line.contains("fill: nk-brand)") && !line.contains("text(fill: nk-brand"), "{line}");
    }
    let notes: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "brand-contrast").collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].severity, neokit::diagnostics::Severity::Note, "information, not a warning");
    assert!(notes[0].message.starts_with("`#f5c400` as text on white reaches only 1.6:1 contrast"), "{}", notes[0]);
    assert!(notes[0].message.contains("in the PDF") && notes[0].message.contains(&text.to_string()), "{}", notes[0]);
}

/// The sizes `#show heading.where(level: N): set text(size: Xem)` gives, by level.
fn heading_sizes(source: &str) -> std::collections::BTreeMap<u8, f64> {
    source
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("#show heading.where(level: ")?;
            let (level, rest) = rest.split_once("): set text(size: ")?;
            Some((level.parse().ok()?, rest.strip_suffix("em)")?.parse().ok()?))
        })
        .collect()
}

/// The levels of the headings `#heading(level: N, ...)` from the page titled `title` to the
/// next page's title: the title's first.
fn page_heading_levels(source: &str, title: &str) -> Vec<u8> {
    let title_at = source.find(&format!("#\"{title}\";] <p")).unwrap_or_else(|| panic!("`{title}` in {source}"));
    let start = source[..title_at].rfind("#heading(level: ").unwrap();
    let mut levels = Vec::new();
    for (at, _) in source[start..].match_indices("#heading(level: ") {
        let rest = &source[start + at + "#heading(level: ".len()..];
        if !levels.is_empty() && rest.contains("outlined: true") && rest.find("outlined: true") < rest.find('\n') {
            break;
        }
        levels.push(rest[..rest.find(',').unwrap()].parse().unwrap());
    }
    levels
}

/// Everything a page shows on the site, but its interactive parts, is in the book: each
/// page's description under its title, a role page's box (who does it here with e-mail and
/// phone, discipline, time per month, responsibilities) and the pages that mention it, a
/// folder page's role cards; and every level of heading is smaller than the one above it, so
/// that a page two levels deep has a title bigger than its sections.
#[test]
fn the_book_has_what_the_pages_show() {
    let kit = paper_kit("pdf:\n  source: only");
    let out = tempfile::tempdir().unwrap();
    build_paper_kit(kit.path(), out.path());
    let source = std::fs::read_to_string(out.path().join("pdf/paper.typ")).unwrap();
    for description in ["Where it all starts.", "Keeps the room safe.", "Tick as you go."] {
        assert!(source.contains(&format!("#nk-description(\"{description}\")")), "{description}: {source}");
    }
    // The home page's cover above its title, the folder page's icon before its title.
    assert!(source.contains("#nk-cover(\"/f/cover.png\")\n\n#heading(level: 2, outlined: true, bookmarked: true)[#nk-number(\"\")#\"Home\";]"), "{source}");
    assert!(source.contains("[#nk-number(\"1\")#nk-title-icon(\"info\")#\"Roles\";]"), "{source}");
    let role = &source[source.find("#nk-role(").expect("a role box")..];
    let role = &role[..role.find('\n').unwrap()];
    for shown in [
        "(name: \"Sam Okafor\", title: \"Nurse educator\", email: \"s.okafor@example.org\", phone: \"+44 20 7946 0311\", photo: \"/photo/p2-0.png\")",
        "assigned: true",
        "discipline: \"Any trained clinician\"",
        "time: \"4 hours\"",
        "responsibilities: (\"Chair review sessions\", \"Log actions\", )",
    ] {
        assert!(role.contains(shown), "{shown}: {role}");
    }
    assert!(source.contains("#nk-mentioned(((\"p0\", \"Home\"),))"), "{source}");
    // Past its review date: the banner under the title, and "About this page" after the text.
    let banner = "#nk-banner(\"This page is past its review date (due 1 March 2026); it is being reviewed. Contact Sam Okafor (s.okafor@example.org, +44 20 7946 0311).\")";
    assert!(source.contains(banner), "{source}");
    let about = "#nk-about(((heading: none, facts: ((\"Owner\", \"Sam Okafor (Review chair), s.okafor@example.org, +44 20 7946 0311\"), (\"Approved by\", \"Clinical governance committee\"), (\"Last reviewed\", \"1 March 2024\"), (\"Next review\", \"1 March 2026 (Past its review date)\"), (\"Version\", \"3\"), )), ))";
    assert!(source.contains(about), "{source}");
    let cards = &source[source.find("#nk-role-cards(").expect("role cards on the folder page")..];
    assert!(cards[..cards.find('\n').unwrap()].contains("title: \"Review chair\""), "{cards}");
    assert!(cards[..cards.find('\n').unwrap()].contains("people: (\"Sam Okafor\", )"), "{cards}");

    let sizes = heading_sizes(&source);
    let levels: Vec<u8> = sizes.keys().copied().collect();
    assert_eq!(levels, (1..=levels.len() as u8).collect::<Vec<_>>(), "a size for every level: {sizes:?}");
    assert!(sizes.values().zip(sizes.values().skip(1)).all(|(a, b)| a - b >= 0.1), "ordered and distinct: {sizes:?}");
    // A group, its page, the role page under it, the checklist under that: the checklist's
    // title at level 4, its sections at 5 and 6, each smaller than the last.
    let checklist = page_heading_levels(&source, "Chair's checklist");
    assert_eq!(checklist, [4, 5, 6], "{source}");
    for pair in checklist.windows(2) {
        assert!(sizes[&pair[0]] > sizes[&pair[1]], "{checklist:?} {sizes:?}");
    }
    assert!(source.lines().filter(|l| l.starts_with("#heading(level: ")).all(|l| {
        let level: u8 = l["#heading(level: ".len()..l.find(',').unwrap()].parse().unwrap();
        sizes.contains_key(&level)
    }));
}

/// The print page shows what each page shows: its description, and a role page's box (who
/// does it here, with e-mail and phone; discipline, time per month, responsibilities), the
/// pages that mention the role (links within the print page) and a folder page's role cards.
#[test]
fn the_print_page_has_what_the_pages_show() {
    let kit = paper_kit("pdf: false");
    let out = tempfile::tempdir().unwrap();
    build_paper_kit(kit.path(), out.path());
    let html = std::fs::read_to_string(out.path().join("print/index.html")).unwrap();
    let document = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let section = |title: &str| {
        document
            .select(&select("section.print-section"))
            .find(|s| s.select(&select(".print-section-title")).any(|t| t.text().collect::<String>() == title))
            .unwrap_or_else(|| panic!("a section `{title}`"))
    };
    let text = |element: scraper::ElementRef| element.text().collect::<Vec<_>>().join(" ");
    let chair = section("Review chair");
    let shown = text(chair);
    for expected in [
        "Keeps the room safe.",
        "Who does this here",
        "Sam Okafor",
        "Nurse educator",
        "s.okafor@example.org",
        "+44 20 7946 0311",
        "Any trained clinician",
        "4 hours",
        "Chair review sessions",
        "Log actions",
        "Mentioned on",
        "This page is past its review date (due 1 March 2026)",
        "About this page",
        "Clinical governance committee",
        "1 March 2024",
        "Past its review date",
    ] {
        assert!(shown.contains(expected), "`{expected}` in {shown}");
    }
    let links: Vec<&str> =
        chair.select(&select(".role-box a, .role-mentions a")).filter_map(|a| a.attr("href")).collect();
    assert_eq!(links, ["mailto:s.okafor@example.org", "tel:+442079460311", "#p0"]);
    let photo = chair.select(&select(".role-box img.person-photo")).next().and_then(|img| img.attr("src"));
    assert!(photo.is_some_and(|src| src.starts_with("../") && src.ends_with(".png")), "{photo:?}");
    // The owner is a role: its page on the print page.
    let owner = chair.select(&select(".about-facts a")).next().and_then(|a| a.attr("href"));
    assert_eq!(owner, Some("#p2"));
    assert!(text(section("Chair's checklist")).contains("Tick as you go."));
    let cover = section("Home").select(&select(".cover img")).next().and_then(|img| img.attr("src"));
    assert_eq!(cover, Some("../cover.png"));
    assert!(section("Roles").select(&select(".print-section-title .page-icon svg")).next().is_some());
    let roles = text(section("Roles"));
    assert!(roles.contains("Review chair") && roles.contains("Sam Okafor") && roles.contains("4 hours"), "{roles}");
    // Ids stay unique on the page that holds every page.
    let mut ids: Vec<&str> = document.select(&select("[id]")).filter_map(|e| e.attr("id")).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "unique ids");
}

/// Laid out, the book shows what the pages show (see `the_book_has_what_the_pages_show`):
/// descriptions, the role box with its people, facts and responsibilities, a role nobody does
/// yet, the pages that mention a role and a folder page's role cards.
#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn the_pdf_shows_what_the_pages_show() {
    let kit = paper_kit("pdf: true");
    let consent = "---\nrole: consent\ndiscipline: Senior nurse\n---\n# Consent lead\n\nAsks the parents.\n";
    std::fs::write(kit.path().join("team/consent.md"), consent).unwrap();
    let summary = std::fs::read_to_string(kit.path().join("SUMMARY.md")).unwrap();
    std::fs::write(kit.path().join("SUMMARY.md"), format!("{summary}  * [Consent lead](team/consent.md)\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = build_paper_kit(kit.path(), out.path());
    let pdf_problems: Vec<String> =
        report.diagnostics.iter().filter(|d| d.code.starts_with("pdf")).map(|d| d.to_string()).collect();
    assert!(pdf_problems.is_empty(), "{pdf_problems:?}");
    let pdf = out.path().join("pdf/paper.pdf");
    let Some(text) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]) else { return };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Where it all starts.",
        "Keeps the room safe.",
        "Tick as you go.",
        "Who does this here",
        "Sam Okafor",
        "s.okafor@example.org",
        "+44 20 7946 0311",
        "Discipline:",
        "Any trained clinician",
        "Time per month: 4 hours",
        "Responsibilities",
        "Chair review sessions",
        "Mentioned on",
        "Not yet assigned",
        "This page is past its review date",
        "About this page",
        "Clinical governance committee",
        "Senior nurse",
    ] {
        assert!(text.contains(expected), "`{expected}` in {text}");
    }
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(raw.contains("tel:+442079460311"), "the phone number is a link");
}

/// A translation whose original changed since it was translated carries its banner on paper
/// too, as on the site: in the translation's PDF under its title, on its print page with the
/// link to the original (relative to the print page).
#[test]
fn a_translation_out_of_date_says_so_on_paper() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    crate::harness::copy_dir(&crate::harness::fixtures_dir().join("spaces/languages/kit"), &kit);
    let adopted = crate::harness::neokit(&kit, &["adopt", "--lang", "nl", "--all", "--yes"]);
    assert!(adopted.status.success(), "{}", crate::harness::text(&adopted));
    let consent = std::fs::read_to_string(kit.join("consent.md")).unwrap();
    std::fs::write(kit.join("consent.md"), consent.replace("first visit.", "first visit, and again later.")).unwrap();
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();
    std::fs::write(kit.join("neokit.yaml"), format!("{config}pdf:\n  source: only\n")).unwrap();
    let out = root.path().join("site");
    build_paper_kit(&kit, &out);
    let typ =
        std::fs::read_dir(out.join("nl/pdf")).unwrap().flatten().find(|e| e.path().extension() == Some("typ".as_ref()));
    let source = std::fs::read_to_string(typ.expect("the translation's book").path()).unwrap();
    let banner =
        source.lines().find(|l| l.starts_with("#nk-banner(\"")).unwrap_or_else(|| panic!("a banner in {source}"));
    assert!(banner.contains("(Asking early)"), "{banner}");
    let print = std::fs::read_to_string(out.join("nl/print/index.html")).unwrap();
    let document = scraper::Html::parse_document(&print);
    let selector = scraper::Selector::parse(".print-section .translation-banner").unwrap();
    let shown = document.select(&selector).next().expect("a banner on the print page");
    assert!(shown.text().collect::<String>().contains("(Asking early)"), "{print}");
    let link = shown.select(&scraper::Selector::parse("a").unwrap()).next().and_then(|a| a.attr("href"));
    assert_eq!(link, Some("../../consent/index.html"));
    // The original has none.
    let original = std::fs::read_to_string(out.join("print/index.html")).unwrap();
    assert!(!original.contains("translation-banner"));
}

/// A photo of someone doing a role that the PDF cannot show is reported where neokit.yaml
/// names it, and the PDF shows the person without it.
#[cfg(feature = "pdf")]
#[test]
fn a_photo_the_pdf_cannot_show_is_reported_in_the_configuration() {
    let kit = tempfile::tempdir().unwrap();
    let config = "title: Photos\npdf: true\npeople:\n  chair:\n    name: Sam Okafor\n    photo: sam.png\n";
    std::fs::write(kit.path().join("neokit.yaml"), config).unwrap();
    std::fs::write(kit.path().join("sam.png"), b"not a picture").unwrap();
    std::fs::write(kit.path().join("SUMMARY.md"), "* [Home](README.md)\n* [Chair](chair.md)\n").unwrap();
    std::fs::write(kit.path().join("README.md"), "# Home\n").unwrap();
    std::fs::write(kit.path().join("chair.md"), "---\nrole: chair\n---\n# Chair\n").unwrap();
    let out = crate::harness::neokit(kit.path(), &["build"]);
    let text = crate::harness::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("neokit.yaml:4:3: warning: the image `sam.png` cannot be shown in the PDF")
            && text.contains("the PDF shows the person without it"),
        "{text}"
    );
    let pdf = kit.path().join("public/pdf/photos.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{text}");
    if let Some(shown) = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]) {
        assert!(shown.contains("Sam Okafor"), "{shown}");
    }
}

/// The parts of the PDF kept between builds (beside the output folder `out`): each entry's
/// name and its file's identity (a file written again is a new file).
#[cfg(feature = "pdf")]
fn kept_parts(out: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    let name = out.file_name().unwrap().to_string_lossy();
    let cache = out.parent().unwrap().join(format!(".{name}.neokit")).join("pdf-cache");
    let mut kept = std::collections::BTreeMap::new();
    for space in std::fs::read_dir(&cache).into_iter().flatten().flatten() {
        for entry in std::fs::read_dir(space.path()).unwrap().flatten() {
            let meta = entry.metadata().unwrap();
            #[cfg(unix)]
            let identity = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let identity = meta.len();
            kept.insert(entry.path().to_string_lossy().into_owned(), identity);
        }
    }
    kept
}

/// Damages every part kept beside the output folder `out` (a byte in the middle changed).
#[cfg(feature = "pdf")]
fn damage_kept_parts(out: &std::path::Path) {
    let kept = kept_parts(out);
    assert!(!kept.is_empty());
    for path in kept.keys() {
        let mut bytes = std::fs::read(path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        std::fs::write(path, bytes).unwrap();
    }
}

/// A build keeps the laid-out parts of its PDF beside the output folder (not in it: the site
/// is published as it is); the next build uses them and makes the same PDF, byte for byte, as
/// a clean build of the same kit; after an edit, the PDF of a clean build of the edited kit;
/// with the kept parts damaged, it lays them out again. Old parts are not kept.
#[cfg(feature = "pdf")]
#[test]
fn a_build_with_the_kept_parts_makes_the_pdf_a_clean_build_makes() {
    let kit = paper_kit("pdf: true");
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("site");
    let pdf = |out: &std::path::Path| std::fs::read(out.join("pdf/paper.pdf")).unwrap();
    let clean = |name: &str| {
        let out = folder.path().join(name);
        build_paper_kit(kit.path(), &out);
        pdf(&out)
    };
    build_paper_kit(kit.path(), &out);
    let first = pdf(&out);
    let kept = kept_parts(&out);
    assert!(kept.len() >= 2, "the part and the running headers are kept: {kept:?}");
    assert!(!out.join(".neokit").is_dir() && !kept.keys().any(|k| k.starts_with(out.to_str().unwrap())));
    build_paper_kit(kit.path(), &out);
    assert_eq!(kept_parts(&out), kept, "the second build uses the kept parts, writes none again");
    assert!(pdf(&out) == first, "the same PDF from the kept parts");

    // One page edited: its part is laid out again, and the PDF is a clean build's.
    let readme = kit.path().join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, format!("{text}\nBring a pen to the first session.\n")).unwrap();
    build_paper_kit(kit.path(), &out);
    let edited = kept_parts(&out);
    assert_ne!(edited, kept);
    assert_eq!(edited.len(), kept.len(), "only the parts of the last build are kept");
    let clean_edited = clean("clean-edited");
    assert!(pdf(&out) == clean_edited, "after an edit, the PDF of a clean build");
    assert!(String::from_utf8_lossy(&clean_edited).len() > 1000);

    // Damaged parts are laid out again: never a crash, never a damaged PDF.
    damage_kept_parts(&out);
    let report = build_paper_kit(kit.path(), &out);
    assert!(!report.diagnostics.iter().any(|d| d.message.contains("cannot be made")), "{:?}", report.diagnostics);
    assert!(pdf(&out) == clean_edited, "damaged parts are laid out again");
    assert_eq!(kept_parts(&out).len(), kept.len());
}

/// `neokit -v build` of a copy of the sample kit, each sheet-starting run of pages in a part
/// of its own: the PDF, and how many parts were laid out (not taken from earlier builds).
#[cfg(feature = "pdf")]
fn build_in_parts(kit: &std::path::Path, out: &std::path::Path) -> (Vec<u8>, usize) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(["-v", "build", "--out", out.to_str().unwrap()])
        .current_dir(kit)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", "2026-11-30")
        .env("NEOKIT_PDF_PART_TEXT", "1")
        .output()
        .unwrap();
    let text = crate::harness::text(&output);
    assert!(output.status.success(), "{text}");
    let laid = text.lines().filter(|line| line.contains("PDF: laying out") && line.contains(": part ")).count();
    (std::fs::read(out.join("pdf/neoflix-onboarding-kit.pdf")).unwrap(), laid)
}

/// A copy of the repository's sample kit (its configuration, pages and theme).
#[cfg(feature = "pdf")]
fn sample_kit_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let kit = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("neokit.yaml"), kit.path().join("neokit.yaml")).unwrap();
    copy(&root.join("content"), &kit.path().join("content"));
    copy(&root.join("themes"), &kit.path().join("themes"));
    kit
}

/// The sample kit laid out in many parts, built again after each change with the parts kept
/// by the build before: only the parts that read what changed are laid out again (a page's
/// text, an image; a brand colour is read by every part), and each PDF is, byte for byte, the
/// PDF of a clean build of the changed kit (its own output folder, nothing kept).
#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn only_the_parts_that_read_a_change_are_laid_out_again() {
    let kit = sample_kit_copy();
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("site");
    let clean_count = std::cell::Cell::new(0);
    let clean = || {
        clean_count.set(clean_count.get() + 1);
        build_in_parts(kit.path(), &folder.path().join(format!("clean-{}", clean_count.get())))
    };
    let (first, parts) = build_in_parts(kit.path(), &out);
    assert!(parts > 5, "{parts} parts");
    let (again, laid) = build_in_parts(kit.path(), &out);
    assert_eq!(laid, 0, "nothing changed: every part is kept");
    assert!(again == first, "the same PDF from the kept parts");

    let check = |what: &str, expected: &dyn Fn(usize) -> bool| {
        let (cached, laid) = build_in_parts(kit.path(), &out);
        assert!(expected(laid), "{what}: {laid} of {parts} parts laid out again");
        let (clean, all) = clean();
        assert_eq!(all, parts, "{what}: a clean build lays out every part");
        assert!(cached == clean, "{what}: the PDF with kept parts is a clean build's");
    };
    let page = kit.path().join("content/faq.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nAsk the chair when in doubt.\n")).unwrap();
    check("one page edited", &|laid| laid == 1);

    let assets = kit.path().join("content/.gitbook/assets");
    std::fs::copy(assets.join("debrief-circle.png"), assets.join("team-roles.png")).unwrap();
    check("an image changed", &|laid| (1..parts).contains(&laid));

    let config = kit.path().join("neokit.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, yaml.replace("primary_color: \"#0b6e6e\"", "primary_color: \"#6e0b3c\"")).unwrap();
    check("the brand colour changed", &|laid| laid == parts);

    damage_kept_parts(&out);
    check("the kept parts damaged", &|laid| laid == parts);
}
