//! Translations that say when they are out of date, as a translator lives it: pin the
//! translated pages, the source changes, `drift --lang` names the changed sections with their
//! sentences (in the terminal and as a web page), the page shows a banner, and `adopt --lang`
//! pins the updated translation (asking first with `--all`). Runs the `neokit` binary on a copy
//! of `tests/fixtures/spaces/languages/kit`; the reports are compared with goldens in
//! `tests/fixtures/translations/` (`NEOKIT_BLESS=1` rewrites them).

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

    let adopted = neokit(&kit, &["adopt", "--lang", "nl", "--all", "--yes"]);
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
    assert_eq!(
        item["changes"],
        serde_json::json!([{
            "heading": "Asking early",
            "was": "Ask at the first visit.",
            "now": "Ask at the first visit, and again before the review."
        }])
    );
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

fn golden(name: &str, actual: &str) {
    crate::harness::golden(&fixtures_dir().join("translations").join(name), actual);
}

/// The fixture kit with two Dutch pages pinned, the third not, and the source of one changed
/// in two places (a sentence rewritten and one added; a sentence made longer).
fn stale_kit() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/languages/kit"), &kit);
    let pinned = neokit(&kit, &["adopt", "--lang", "nl", "nl/README.md", "nl/toestemming.md"]);
    assert!(pinned.status.success(), "{}", text(&pinned));
    let consent = std::fs::read_to_string(kit.join("consent.md")).unwrap();
    let consent = consent
        .replace("Parents are asked before", "Both parents are asked before")
        .replace("is kept.", "is kept. They can say no.")
        .replace("first visit.", "first visit, and again before the review.");
    std::fs::write(kit.join("consent.md"), consent).unwrap();
    (root, kit)
}

/// `drift --lang` for a translator who does not read diffs: the source's changed sentences,
/// was above now, the changed words marked (plain here: no terminal); the same sentences in
/// the JSON report beside the diff, which stays.
#[test]
fn drift_lang_shows_the_sources_changed_sentences() {
    let (_root, kit) = stale_kit();
    let plain = neokit(&kit, &["drift", "--lang", "nl"]);
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain));
    let out = String::from_utf8_lossy(&plain.stdout);
    assert!(!out.contains('\x1b') && !out.contains("@@"), "{out}");
    golden("drift-nl.txt", &out);
    let all = neokit(&kit, &["drift", "--lang", "all"]);
    assert_eq!(String::from_utf8_lossy(&all.stdout), out, "one language: the same report");

    let report = json(&neokit(&kit, &["drift", "--lang", "nl", "--format", "json"]));
    assert_eq!(report["version"], 1);
    let item = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "nl/toestemming.md").unwrap();
    assert!(item["diff"].as_str().unwrap().starts_with("--- consent.md (pinned)"), "{item}");
    assert_eq!(item["changes"].as_array().unwrap().len(), 2, "{item}");
    assert_eq!(item["changes"][0]["was"], "Parents are asked before a recording is kept.");
    let unpinned = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "nl/team/chair.md").unwrap();
    assert_eq!((&unpinned["status"], &unpinned["changes"]), (&serde_json::json!("unpinned"), &serde_json::json!([])));

    let written = neokit(&kit, &["drift", "--lang", "nl", "--out", "drift.txt"]);
    assert_eq!(written.status.code(), Some(1), "{}", text(&written));
    assert_eq!(std::fs::read_to_string(kit.join("drift.txt")).unwrap(), out);
}

/// `drift --lang nl --format html`: the overlay's self-contained page (its stylesheet allowed
/// by its hash, no script, nothing fetched) with a translator's words: each out-of-date page's
/// source sentences side by side, the changed words in `<del>`/`<ins>` named for screen
/// readers, the pages not translated yet.
#[test]
fn drift_lang_html_report_is_the_drift_page_for_translators() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let (_root, kit) = stale_kit();
    let run = neokit(&kit, &["drift", "--lang", "nl", "--format", "html", "--out", "report.html"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(text(&run).contains("open it in a web browser"), "{}", text(&run));
    let page = std::fs::read_to_string(kit.join("report.html")).unwrap();
    golden("drift-nl.html", &page);

    let report = json(&neokit(&kit, &["drift", "--lang", "nl", "--format", "json"]));
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let all = |css: &str| html.select(&select(css)).collect::<Vec<_>>();
    let words = |e: &scraper::ElementRef| e.text().collect::<String>();
    assert_eq!(all("html[lang=en] main h1").len(), 1);
    assert_eq!(words(&all("h1")[0]), "Translations to bring up to date (nl)");
    assert!(all("script, link, img, iframe, object, [style], [onload]").is_empty(), "{page}");
    assert!(!page.contains("://"), "nothing is fetched from elsewhere");
    let style = words(&all("style")[0]);
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style.as_bytes()));
    let policy = all("meta[http-equiv=Content-Security-Policy]")[0].value().attr("content").unwrap();
    assert!(policy.contains(&format!("style-src 'sha256-{hash}'")), "{policy}");

    // One section per translated page; the one out of date has a table whose rows are the
    // JSON report's sentences as a reader sees them.
    let items = report["items"].as_array().unwrap();
    assert_eq!(all("main > section").len(), items.len());
    let to_review: Vec<String> = all("nav li").iter().map(words).collect();
    assert_eq!(
        to_review,
        [
            "nl/toestemming.md: its source changed since it was translated",
            "nl/team/chair.md: not pinned, so changes to its source cannot be found"
        ]
    );
    let tables = all("section table");
    assert_eq!(tables.len(), 1);
    let heads: Vec<String> = tables[0].select(&select("thead th[scope=col]")).map(|th| words(&th)).collect();
    assert_eq!(heads, ["Was (when translated)", "Now"]);
    let shown = |cell: scraper::ElementRef| {
        cell.descendants()
            .filter(|node| {
                !node
                    .ancestors()
                    .filter_map(scraper::ElementRef::wrap)
                    .any(|e| e.value().has_class("visually-hidden", scraper::CaseSensitivity::CaseSensitive))
            })
            .filter_map(|node| node.value().as_text().map(|t| t.to_string()))
            .collect::<String>()
    };
    let rows: Vec<Vec<String>> = tables[0]
        .select(&select("tbody tr"))
        .filter(|row| row.select(&select("td")).next().is_some())
        .map(|row| row.select(&select("td")).map(shown).collect())
        .collect();
    let item = items.iter().find(|i| i["path"] == "nl/toestemming.md").unwrap();
    let expected: Vec<Vec<String>> = item["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| vec![c["was"].as_str().unwrap().to_string(), c["now"].as_str().unwrap().to_string()])
        .collect();
    assert_eq!(rows, expected);
    let added: Vec<String> = all("td ins").iter().map(words).collect();
    assert!(added.contains(&"[added: Both parents]".to_string()), "{added:?}");
    assert!(added.contains(&"[added: , and again before the review]".to_string()), "{added:?}");
    assert!(all("td del").iter().all(|d| words(d).starts_with("[removed: ")));
    assert!(page.contains("<code>neokit adopt --lang nl nl/toestemming.md</code>"), "{page}");
    assert!(page.contains("<li>nl: <code>recording.md</code></li>"), "{page}");

    // Without --out, the page goes to standard output (not a terminal here).
    let piped = neokit(&kit, &["drift", "--lang", "nl", "--format", "html"]);
    assert_eq!(String::from_utf8_lossy(&piped.stdout), page);
}

/// `adopt --lang nl --all` lists what it would record and asks, through the overlay's
/// question; without a terminal and without `--yes` it refuses and changes nothing.
#[test]
fn adopt_lang_all_lists_and_asks_first() {
    use neokit::adopt::{Failure, ask};
    use neokit::translations;
    let (_root, kit) = stale_kit();
    let opened = translations::open(&kit).map_err(|p| format!("{p:?}")).unwrap();
    let lock = translations::lock(&opened.kit_dir).unwrap();
    let (pairs, _) = opened.pairs("nl");
    let items = translations::items(&opened.kit_dir, &lock, &pairs, &|pair| opened.source_text(pair));
    let plan = translations::plan_all(&items, "nl");
    assert_eq!(
        plan.join("\n"),
        "`neokit adopt --lang nl --all` records that a person has brought every translation below up to date \
with its source:
  source changed, to be marked up to date:
    nl/toestemming.md (translation of consent.md)
  not pinned yet, to be pinned to today's source:
    nl/team/chair.md (translation of team/chair.md)
  and 1 translation whose source is unchanged since it was last brought up to date."
    );
    let mut said = Vec::new();
    let yes = ask(&plan, Some("nl"), true, &mut std::io::Cursor::new(&b"n\n"[..]), &mut said).unwrap();
    let said = String::from_utf8(said).unwrap();
    assert!(!yes && said.starts_with(&plan[0]) && said.ends_with("Nothing was marked as reviewed.\n"), "{said}");
    let nothing = translations::plan_all(&[], "de");
    assert_eq!(nothing[1], "  there are no translated pages.");

    let lock = std::fs::read(kit.join("neokit.lock")).unwrap();
    let run = neokit(&kit, &["adopt", "--lang", "nl", "--all"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(text(&run).contains("there is no terminal to ask in") && text(&run).contains("--yes"), "{}", text(&run));
    assert!(
        text(&run).contains("`neokit adopt --lang nl --all`") && text(&run).contains("`neokit drift --lang nl`"),
        "{}",
        text(&run)
    );
    assert_eq!(std::fs::read(kit.join("neokit.lock")).unwrap(), lock);
    assert!(matches!(
        ask(&plan, Some("nl"), false, &mut std::io::Cursor::new(&b"y\n"[..]), &mut Vec::new()),
        Err(Failure::Usage(_))
    ));
    // Naming pages asks nothing; `-y` is `--yes`.
    let named = neokit(&kit, &["adopt", "--lang", "nl", "nl/team/chair.md"]);
    assert!(named.status.success(), "{}", text(&named));
    let yes = neokit(&kit, &["adopt", "--lang", "nl", "--all", "-y"]);
    assert!(yes.status.success(), "{}", text(&yes));
    assert!(text(&yes).contains("nl/toestemming.md: marked updated to today's consent.md"), "{}", text(&yes));
    assert_eq!(neokit(&kit, &["drift", "--lang", "nl"]).status.code(), Some(0));
}

/// The preview compares a translated page with its source again only when the source's text
/// or the page's pin changed, and shows what a clean build shows.
#[test]
fn the_preview_compares_only_the_translations_whose_source_changed() {
    use neokit::config::Overrides;
    use neokit::memo::Memo;
    use neokit::pipeline::{BuildOptions, OutputTarget, build};
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/languages/kit"), &kit);
    let adopted = neokit(&kit, &["adopt", "--lang", "nl", "--all", "--yes"]);
    assert!(adopted.status.success(), "{}", text(&adopted));
    let site = |memo: Option<Arc<Memo>>| {
        let options = BuildOptions {
            kit_dir: kit.clone(),
            overrides: Overrides { no_pdf: true, ..Overrides::default() },
            target: OutputTarget::Memory,
            memo,
            ..Default::default()
        };
        let mut report = build(&options).unwrap();
        let files = report.files.take().unwrap_or_default();
        let page = |path: &str| match files.get(path) {
            Some(neokit::output::Content::Text(text)) => text.to_string(),
            Some(neokit::output::Content::Packed(text)) => String::from_utf8(text.bytes()).unwrap(),
            other => panic!("the page is {other:?}"),
        };
        let said: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        (page("nl/toestemming/index.html"), said)
    };
    let memo = Arc::new(Memo::default());
    let compared = || memo.translations_compared.load(Ordering::Relaxed);
    site(Some(memo.clone()));
    assert_eq!(compared(), 3, "the first build compares every translated page");
    site(Some(memo.clone()));
    assert_eq!(compared(), 0, "nothing changed: nothing compared again");

    // Another source page changes: only its translation is compared again.
    let chair = std::fs::read_to_string(kit.join("team/chair.md")).unwrap();
    std::fs::write(kit.join("team/chair.md"), format!("{chair}\nOne more line.\n")).unwrap();
    let (kept, kept_said) = site(Some(memo.clone()));
    assert_eq!(compared(), 1, "one source changed: one translation compared");
    assert_eq!((kept, kept_said), site(None));
    // A translation out of date is compared on every build (its pinned text's copy is read
    // too); back as it was pinned, it is kept again.
    site(Some(memo.clone()));
    assert_eq!(compared(), 1, "the out-of-date translation only");
    std::fs::write(kit.join("team/chair.md"), &chair).unwrap();
    site(Some(memo.clone()));
    site(Some(memo.clone()));
    assert_eq!(compared(), 0, "every translation current again");

    // The consent page's source changes: its translation is out of date, as a clean build says.
    let before = site(None);
    let consent = std::fs::read_to_string(kit.join("consent.md")).unwrap();
    std::fs::write(kit.join("consent.md"), consent.replace("first visit.", "first visit, and again later.")).unwrap();
    let (kept, kept_said) = site(Some(memo.clone()));
    assert_eq!(compared(), 1, "one source changed: one translation compared");
    let clean = site(None);
    assert_eq!((&kept, &kept_said), (&clean.0, &clean.1));
    assert_ne!(kept, before.0, "the translation's page says its source changed");
}
