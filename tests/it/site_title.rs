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
