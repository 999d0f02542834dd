//! Translations that say when they are out of date, as a translator lives it: pin the
//! translated pages, the source changes, `drift --lang` names the changed sections with their
//! diff, the page shows a banner, and `adopt --lang` pins the updated translation. Runs the
//! `neokit` binary on a copy of `tests/fixtures/spaces/languages/kit`.

use std::path::Path;

use crate::harness::{copy_dir, fixtures_dir, neokit, neokit_on, text};

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(output)))
}

#[test]
fn a_translator_is_told_what_changed_and_pins_again() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/languages/kit"), &kit);

    // Nothing pinned yet: every translation is unpinned, the untranslated page is listed.
    let first = neokit(&kit, &["drift", "--lang", "nl", "--format", "json"]);
    assert_eq!(first.status.code(), Some(1));
    let report = json(&first);
    assert_eq!(report["languages"][0]["translated"], 3);
    assert_eq!(report["languages"][0]["unpinned"], 3);
    assert_eq!(report["missing"][0]["source"], "recording.md");

    let adopted = neokit(&kit, &["adopt", "--lang", "nl", "--all"]);
    assert!(adopted.status.success(), "{}", text(&adopted));
    let current = neokit(&kit, &["drift", "--lang", "all"]);
    assert_eq!(current.status.code(), Some(0), "{}", text(&current));

    // The source changes in one section; the translation is not touched.
    let translated = std::fs::read_to_string(kit.join("nl/toestemming.md")).unwrap();
    let consent = std::fs::read_to_string(kit.join("consent.md")).unwrap();
    std::fs::write(
        kit.join("consent.md"),
        consent.replace("first visit.", "first visit, and again before the review."),
    )
    .unwrap();
    let stale = neokit(&kit, &["drift", "--lang", "nl", "--format", "json"]);
    assert_eq!(stale.status.code(), Some(1));
    let report = json(&stale);
    let item = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "nl/toestemming.md").unwrap();
    assert_eq!(item["status"], "changed");
    assert_eq!(item["source"], "consent.md");
    assert_eq!(item["sections"], serde_json::json!(["asking-early"]));
    assert!(item["diff"].as_str().unwrap().contains("+Ask at the first visit, and again before the review."));
    assert_eq!(std::fs::read_to_string(kit.join("nl/toestemming.md")).unwrap(), translated);

    // The build publishes the translation with a banner linking to the source page.
    let out = root.path().join("site");
    let built = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built));
    let page = std::fs::read_to_string(out.join("nl/toestemming/index.html")).unwrap();
    assert!(page.contains("translation-banner") && page.contains("(Asking early)"), "{page}");
    assert!(page.contains("href=\"../../consent/index.html\" hreflang=\"en\""), "{page}");
    // `check` reports it; `translations.stale: error` stops the build.
    let checked = neokit(&kit, &["check"]);
    assert!(text(&checked).contains("translation-stale"), "{}", text(&checked));
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();
    std::fs::write(kit.join("neokit.yaml"), format!("{config}translations:\n  stale: error\n")).unwrap();
    let refused = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("`consent.md` changed since it was translated (sections: asking-early)"));
    // `translations.stale: fallback` publishes the original at the translation's address
    // until the translation is updated; `check` still reports it.
    // The original's image comes with it (`missing: hide` takes no other file from it).
    std::fs::create_dir_all(kit.join(".gitbook/assets")).unwrap();
    std::fs::copy(
        fixtures_dir().join("gitbook/real_repo_quirks/kit/.gitbook/assets/a&b.png"),
        kit.join(".gitbook/assets/room.png"),
    )
    .unwrap();
    let consent = std::fs::read_to_string(kit.join("consent.md")).unwrap();
    std::fs::write(
        kit.join("consent.md"),
        consent.replace("before the review.", "before the review. ![The room](.gitbook/assets/room.png)"),
    )
    .unwrap();
    std::fs::write(kit.join("neokit.yaml"), format!("{config}translations:\n  stale: fallback\n  missing: hide\n"))
        .unwrap();
    let built = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built));
    assert!(
        !text(&built).contains("nl/consent.md"),
        "the original's problems are reported once, at the original: {}",
        text(&built)
    );
    let page = std::fs::read_to_string(out.join("nl/toestemming/index.html")).unwrap();
    assert!(page.contains("Ask at the first visit, and again before the review."), "{page}");
    assert!(page.contains("<img src=\"../assets/room.png\" alt=\"The room\""), "{page}");
    assert!(out.join("nl/assets/room.png").is_file());
    assert!(page.contains("De vertaling van deze pagina wordt bijgewerkt"), "{page}");
    assert!(page.contains("<div class=\"content\" lang=\"en\">"), "{page}");
    assert!(!page.contains("translation is out of date") && !page.contains("is verouderd"), "{page}");
    assert!(page.contains("<html lang=\"nl\""), "the page stays in the Dutch site: {page}");
    let checked = neokit(&kit, &["check"]);
    assert!(text(&checked).contains("translation-stale"), "{}", text(&checked));
    std::fs::write(kit.join("neokit.yaml"), config).unwrap();

    // The translator updates the page and pins it again.
    let misspelt = neokit(&kit, &["adopt", "--lang", "nl", "nl/toestemmig.md"]);
    assert_eq!(misspelt.status.code(), Some(1));
    assert!(text(&misspelt).contains("did you mean `nl/toestemming.md`?"));
    let again = neokit_on("2027-01-15", &kit, &["adopt", "--lang", "nl", "nl/toestemming.md"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("nl/toestemming.md: marked updated to today's consent.md"));
    // The Dutch "What changed" page says so, dated; the source language's has nothing to say.
    let built = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built));
    let changes = std::fs::read_to_string(out.join("nl/what-changed/index.html")).unwrap();
    assert!(changes.contains("<h1>Wat is er veranderd</h1>"), "{changes}");
    assert!(changes.contains("15 januari 2027") && changes.contains("Vertaling bijgewerkt naar het origineel"));
    assert!(changes.contains("Gewijzigde onderdelen: Asking early"), "{changes}");
    assert!(changes.contains("href=\"../toestemming/index.html\""), "{changes}");
    assert!(!out.join("what-changed/index.html").exists());
    assert_eq!(neokit(&kit, &["drift", "--lang", "nl"]).status.code(), Some(0));
    let unknown = neokit(&kit, &["drift", "--lang", "de"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn pages_without_a_translation_are_shown_from_the_source_hidden_or_refused() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/languages/kit"), &kit);
    let out = root.path().join("site");
    let build = |kit: &Path| neokit(kit, &["build", "--out", out.to_str().unwrap()]);
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();

    // fallback (the default): the English page under the Dutch address, with a banner, in English.
    let built = build(&kit);
    assert!(built.status.success(), "{}", text(&built));
    let page = std::fs::read_to_string(out.join("nl/recording/index.html")).unwrap();
    assert!(page.contains("nog niet vertaald") && page.contains("lang=\"en\""), "{page}");
    assert!(!std::fs::read_to_string(out.join("nl/index.html")).unwrap().contains("recording/index.html\">Recording"));

    // The kit's own interface words replace single built-in ones, in every space.
    std::fs::write(kit.join("neokit.yaml"), format!("{config}interface:\n  not_translated: yet to be translated\n"))
        .unwrap();
    assert!(build(&kit).status.success());
    let english = std::fs::read_to_string(out.join("recording/index.html")).unwrap();
    assert!(english.contains("(yet to be translated)"), "{english}");

    std::fs::write(kit.join("neokit.yaml"), format!("{config}translations:\n  missing: hide\n")).unwrap();
    assert!(build(&kit).status.success());
    assert!(!out.join("nl/recording/index.html").exists());

    std::fs::write(kit.join("neokit.yaml"), format!("{config}translations:\n  missing: error\n")).unwrap();
    let refused = build(&kit);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused).contains("recording.md: error: `recording.md` has no translation into nl"),
        "{}",
        text(&refused)
    );

    std::fs::write(kit.join("neokit.yaml"), format!("{config}translations:\n  missing: maybe\n")).unwrap();
    let wrong = build(&kit);
    assert!(text(&wrong).contains("`translations.missing: maybe` is not a choice"), "{}", text(&wrong));
}

/// With `base_url`, a page's `<link rel="alternate">`s give full addresses (search engines
/// read them so), and the default language is also `x-default`; without it they stay
/// relative, so the site works from a shared drive.
#[test]
fn alternate_links_are_absolute_with_a_base_url_and_name_the_default() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/sitemap/kit"), &kit);
    let out = root.path().join("site");
    let built = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built));
    let page = std::fs::read_to_string(out.join("nl/toestemming/index.html")).unwrap();
    let base = "https://neoflix.example.org/video-review/";
    for link in [
        format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{base}consent/\">"),
        format!("<link rel=\"alternate\" hreflang=\"nl\" href=\"{base}nl/toestemming/\">"),
        format!("<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}consent/\">"),
    ] {
        assert!(page.contains(&link), "{link}\n{page}");
    }
    // The switcher itself stays relative.
    assert!(page.contains("href=\"../../consent/index.html\" lang=\"en\" hreflang=\"en\""), "{page}");

    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();
    std::fs::write(kit.join("neokit.yaml"), config.replace("base_url:", "# base_url:")).unwrap();
    let built = neokit(&kit, &["build", "--out", out.to_str().unwrap()]);
    assert!(built.status.success(), "{}", text(&built));
    let page = std::fs::read_to_string(out.join("nl/toestemming/index.html")).unwrap();
    assert!(
        page.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"../../consent/index.html\">"),
        "{page}"
    );
}
