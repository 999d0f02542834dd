//! A failed build never touches the previous site.

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, build};

#[test]
fn failed_build_keeps_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    std::fs::write(kit.join("README.md"), "# Home\n\nFirst version.\n").unwrap();
    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n").unwrap();
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides::default(),
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    let first = build(&options).unwrap();
    assert!(first.success);
    let index = kit.join("public/index.html");
    let before = std::fs::read_to_string(&index).unwrap();
    assert!(before.contains("First version."));

    // An entry for a file that does not exist is an error: nothing may be written.
    std::fs::write(kit.join("README.md"), "# Home\n\nSecond version.\n").unwrap();
    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n* [Gone](gone.md)\n").unwrap();
    let second = build(&options).unwrap();
    assert!(!second.success);
    assert!(second.diagnostics.iter().any(|d| d.is_error() && d.message.contains("gone.md")));
    assert_eq!(std::fs::read_to_string(&index).unwrap(), before);

    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n").unwrap();
    let third = build(&options).unwrap();
    assert!(third.success);
    assert!(std::fs::read_to_string(&index).unwrap().contains("Second version."));
    let leftovers: Vec<String> = std::fs::read_dir(kit)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("neokit-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn broken_template_fails_with_location_and_keeps_site() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    std::fs::write(kit.join("README.md"), "# Home\n").unwrap();
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        overrides: Overrides::default(),
        target: neokit::pipeline::OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    assert!(build(&options).unwrap().success);
    std::fs::create_dir_all(kit.join("mytheme/templates")).unwrap();
    std::fs::write(
        kit.join("mytheme/templates/page.html"),
        "{% extends \"builtin/page.html\" %}\n{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}\n",
    )
    .unwrap();
    std::fs::write(kit.join("neokit.yaml"), "theme: mytheme\n").unwrap();
    let report = build(&options).unwrap();
    assert!(!report.success);
    let error = report.diagnostics.iter().find(|d| d.code == "template").expect("template error");
    let location = error.location.as_ref().expect("location");
    assert!(location.path.ends_with("mytheme/templates/page.html"), "{error}");
    assert_eq!(location.line, 2, "{error}");
    assert!(kit.join("public/index.html").is_file());
}
