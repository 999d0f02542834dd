//! The site title in the header of the built-in theme, for a GitBook repository with no
//! neokit.yaml: GitBook's `docs.yaml` title, else the repository folder's name, never an
//! emoji before it and never the README's heading ("ℹ️ Introduction").

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

/// Builds a GitBook repository in a folder called `folder` and returns its home page.
fn home_page(folder: &str, files: &[(&str, &str)]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join(folder);
    std::fs::create_dir_all(&kit).unwrap();
    for (name, text) in files {
        std::fs::write(kit.join(name), text).unwrap();
    }
    let options = BuildOptions {
        kit_dir: kit.clone(),
        overrides: Overrides { output: Some(tmp.path().join("site")), no_pdf: true, ..Overrides::default() },
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    let report = build(&options).unwrap();
    assert!(report.success, "{:?}", report.diagnostics);
    std::fs::read_to_string(tmp.path().join("site/index.html")).unwrap()
}

fn header_title(page: &str) -> &str {
    let start =
        page.find("<span class=\"brand-title\">").expect("a brand title") + "<span class=\"brand-title\">".len();
    &page[start..start + page[start..].find('<').unwrap()]
}

const README: &str = "# ℹ️ Introduction\n\nWelcome.\n";
const SUMMARY: &str = "# Table of contents\n\n* [ℹ️ Introduction](README.md)\n";

#[test]
fn plain_repository_is_named_by_its_folder() {
    let page = home_page("🩺 clinic-guide", &[("README.md", README), ("SUMMARY.md", SUMMARY)]);
    assert_eq!(header_title(&page), "Clinic guide");
}

#[test]
fn docs_yaml_names_the_site() {
    let docs = "site:\n  title: \"📘 Clinic handbook\"\n  structure:\n    - type: space\n      key: handbook\n      title: Handbook\n      path: \"\"\n      default: true\n      content: { directory: ./ }\n";
    let page = home_page("clinic-guide", &[("README.md", README), ("SUMMARY.md", SUMMARY), ("docs.yaml", docs)]);
    assert_eq!(header_title(&page), "Clinic handbook");
    assert!(
        page.contains("<title>Introduction · Clinic handbook</title>") || page.contains("Clinic handbook</title>"),
        "{}",
        &page[..600]
    );
}

/// A German repository with no neokit.yaml is published in German (`lang="de"`, German
/// interface words and search), with a note that says so; `language:` in neokit.yaml wins.
#[test]
fn the_language_is_read_from_the_pages_when_neokit_yaml_names_none() {
    const GERMAN: &str = "# Willkommen\n\nDieses Handbuch erklärt, wie das Team der neonatologischen Intensivstation \
        Videoaufnahmen gemeinsam bespricht. Wir zeigen, was gut gelaufen ist, und lernen aus den kleinen \
        Reibungen, die gute Versorgung schwerer machen, als sie sein müsste. Die Eltern werden vorher gefragt \
        und können ihre Zustimmung jederzeit zurückziehen. Jede Aufnahme wird nach der Besprechung gelöscht.\n";
    let summary = "# Inhalt\n\n* [Willkommen](README.md)\n";
    let page = home_page("station", &[("README.md", GERMAN), ("SUMMARY.md", summary)]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"de\""), "{}", &page[..80]);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), GERMAN).unwrap();
    std::fs::write(tmp.path().join("SUMMARY.md"), summary).unwrap();
    let out = crate::harness::neokit(tmp.path(), &["build", "--no-pdf"]);
    let text = crate::harness::text(&out);
    assert!(text.contains("note: the pages read as German: they are published as `lang=\"de\"`"), "{text}");
    assert!(text.contains("`language: de` in neokit.yaml"), "{text}");
    std::fs::write(tmp.path().join("neokit.yaml"), "language: en\n").unwrap();
    let out = crate::harness::neokit(tmp.path(), &["build", "--no-pdf"]);
    assert!(!crate::harness::text(&out).contains("read as German"));
    let home = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(home.starts_with("<!DOCTYPE html>\n<html lang=\"en\""));
}
