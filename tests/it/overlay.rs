//! A hospital's version of a shared guide, as a hospital lives it: pin against one upstream
//! release, take the next one, read the drift report, adopt. Runs the `neokit` binary on a
//! copy of `tests/fixtures/drift/` (upstream `v1`, `v2`, and the hospital `kit`); the drift
//! reports are compared with goldens there (`NEOKIT_BLESS=1` rewrites them).

use std::path::{Path, PathBuf};

use crate::harness::{copy_dir, fixtures_dir, neokit, neokit_on, text};

/// Replaces the upstream folder's content with one release.
fn release(root: &Path, version: &str) {
    let upstream = root.join("upstream");
    let _ = std::fs::remove_dir_all(&upstream);
    copy_dir(&fixtures_dir().join("drift").join(version), &upstream);
}

/// A hospital kit pinned to upstream v1, with a page and an insert added after the pins.
fn pinned_kit() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixtures_dir().join("drift/kit"), &root.path().join("kit"));
    release(root.path(), "v1");
    let kit = root.path().join("kit");
    let later = kit.join("later");
    let adopted = neokit(&kit, &["adopt", "--all", "--yes"]);
    assert!(adopted.status.success(), "{}", text(&adopted));
    std::fs::rename(later.join("faq.md"), kit.join("overlay/faq.md")).unwrap();
    std::fs::rename(later.join("inserts/later.md"), kit.join("overlay/inserts/later.md")).unwrap();
    (root, kit)
}

fn golden(name: &str, actual: &str) {
    crate::harness::golden(&fixtures_dir().join("drift").join(name), actual);
}

#[test]
fn drift_reports_every_status_and_adopt_repins() {
    let (root, kit) = pinned_kit();
    // Before the upstream moves: pinned items are current, the late ones unpinned.
    let before = neokit(&kit, &["drift", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    let statuses: Vec<(&str, &str)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["overlay"].as_str().unwrap(), i["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&("overlay/faq.md", "unpinned")), "{statuses:?}");
    assert!(statuses.contains(&("overlay/debrief.md", "current")), "{statuses:?}");
    assert_eq!(before.status.code(), Some(1));

    release(root.path(), "v2");
    let json = neokit(&kit, &["drift", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", text(&json));
    golden("drift.json", &String::from_utf8_lossy(&json.stdout));
    let human = neokit(&kit, &["drift"]);
    assert_eq!(human.status.code(), Some(1));
    golden("drift.txt", &String::from_utf8_lossy(&human.stdout));

    // The build refuses an insert whose section is gone, and says where it went.
    let build = neokit(&kit, &["build", "--out", "../site"]);
    assert_eq!(build.status.code(), Some(1));
    let out = text(&build);
    assert!(out.contains("overlay/inserts/withdraw.md:2:"), "{out}");
    assert!(out.contains("the heading was renamed to `withdrawing-consent`"), "{out}");
    // `check` lists each drift item as a warning at its overlay file.
    let check = neokit(&kit, &["check"]);
    let out = text(&check);
    assert!(out.contains("changed upstream since 1.0"), "{out}");
    assert!(out.contains("faq.md"), "{out}");

    // --merge proposes and leaves the hospital's page exactly as it was; it pins nothing, so
    // the change stays in the report until a person adopts the page.
    let ours = std::fs::read(kit.join("overlay/debrief.md")).unwrap();
    let lock_before = std::fs::read(kit.join("neokit.lock")).unwrap();
    let merged = neokit(&kit, &["adopt", "--merge", "debrief.md", "overlay/inserts/asking.md"]);
    assert!(merged.status.success(), "{}", text(&merged));
    assert!(text(&merged).contains("Nothing is pinned yet"), "{}", text(&merged));
    assert!(text(&merged).contains("No proposal for `overlay/inserts/asking.md`: an insert"), "{}", text(&merged));
    assert_eq!(std::fs::read(kit.join("overlay/debrief.md")).unwrap(), ours);
    assert_eq!(std::fs::read(kit.join("neokit.lock")).unwrap(), lock_before);
    let proposal = std::fs::read_to_string(kit.join("overlay/debrief.proposed.md")).unwrap();
    assert!(proposal.contains("The nurse in charge and the video lead."), "{proposal}");
    assert!(proposal.contains("What did the baby show us?"), "{proposal}");
    assert!(text(&neokit(&kit, &["drift"])).contains("changed  debrief.md"));
    // A second run leaves the proposal alone.
    let again = neokit(&kit, &["adopt", "--merge", "debrief.md"]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(text(&again).contains("already exists; it is left as it is"), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(kit.join("overlay/debrief.proposed.md")).unwrap(), proposal);
    // The person adopts the page; the proposal left beside it is pointed out.
    let adopted = neokit_on("2027-02-01", &kit, &["adopt", "debrief.md"]);
    assert!(adopted.status.success(), "{}", text(&adopted));
    assert!(text(&adopted).contains("`overlay/debrief.proposed.md` is still there"), "{}", text(&adopted));

    // Adopting everything pins what can be pinned; removed items need a person's decision.
    // The hospital moves to the programme's version 2.0 as it does.
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap().replace("\"1.0\"", "\"2.0\"");
    std::fs::write(kit.join("neokit.yaml"), config).unwrap();
    // Without a terminal to ask in, --all refuses unless told --yes.
    let lock_before = std::fs::read(kit.join("neokit.lock")).unwrap();
    let refused = neokit_on("2027-03-01", &kit, &["adopt", "--all"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("there is no terminal to ask in"), "{}", text(&refused));
    assert!(text(&refused).contains("--yes"), "{}", text(&refused));
    assert_eq!(std::fs::read(kit.join("neokit.lock")).unwrap(), lock_before);
    let all = neokit_on("2027-03-01", &kit, &["adopt", "--all", "--yes"]);
    assert_eq!(all.status.code(), Some(1), "{}", text(&all));
    let out = text(&all);
    assert!(out.contains("`old.md` cannot be adopted") && out.contains("archive/old.md"), "{out}");
    let after = neokit(&kit, &["drift", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    for item in report["items"].as_array().unwrap() {
        let expected = if ["old.md"].contains(&item["path"].as_str().unwrap())
            || item["insert"].as_str() == Some("overlay/inserts/withdraw.md")
        {
            "removed"
        } else {
            "current"
        };
        assert_eq!(item["status"], expected, "{item}");
    }
    assert_eq!(report["upstream_changed"], serde_json::json!([]));
    assert_eq!(report["upstream_new"], serde_json::json!([]));

    // Once the person moves the overlay to where upstream went, everything is current.
    std::fs::create_dir_all(kit.join("overlay/archive")).unwrap();
    std::fs::rename(kit.join("overlay/old.md"), kit.join("overlay/archive/old.md")).unwrap();
    let insert = kit.join("overlay/inserts/withdraw.md");
    let moved =
        std::fs::read_to_string(&insert).unwrap().replace("section: withdrawing,", "section: withdrawing-consent,");
    std::fs::write(&insert, moved).unwrap();
    std::fs::remove_file(kit.join("overlay/debrief.proposed.md")).unwrap();
    let adopted = neokit(&kit, &["adopt", "archive/old.md", "overlay/inserts/withdraw.md"]);
    assert!(adopted.status.success(), "{}", text(&adopted));
    let clean = neokit(&kit, &["drift"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean));
    let build = neokit(&kit, &["build", "--out", "../site"]);
    assert!(build.status.success(), "{}", text(&build));
    assert!(!text(&build).contains("warning"), "{}", text(&build));

    // Every review is dated in the lock and listed, newest first, on "What changed".
    let lock = std::fs::read_to_string(kit.join("neokit.lock")).unwrap();
    assert!(lock.contains("history:") && lock.contains("date: 2027-02-01"), "{lock}");
    let page = std::fs::read_to_string(root.path().join("site/what-changed/index.html")).unwrap();
    let entries: Vec<String> = page
        .split("<li class=\"change\">")
        .skip(1)
        .map(|entry| {
            let words = entry.split('<').filter_map(|part| part.split_once('>').map(|(_, w)| w.trim()));
            words.filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" | ").replace("&#39;", "'")
        })
        .collect();
    let expected = [
        "1 March 2027 | Version 2.0 of the programme's guide reviewed here | Previous version: 1.0",
        "1 March 2027 | Checked here against the programme's changes | Sections changed: Asking | Consent",
        "1 March 2027 | Checked here against the programme's changes | Team",
        "1 February 2027 | Checked here against the programme's changes | Sections changed: The three questions | Debrief",
    ];
    for wanted in expected {
        assert!(entries.iter().any(|e| e.starts_with(wanted)), "{wanted}\n{entries:#?}");
    }
    let first = entries.iter().position(|e| e.contains("Version 2.0")).unwrap();
    let debrief = entries.iter().position(|e| e.contains("Debrief")).unwrap();
    assert!(first < debrief, "{entries:#?}");
}

#[test]
fn override_copies_and_pins_but_never_overwrites() {
    let (_root, kit) = pinned_kit();
    // A first pin starts the record of what upstream looked like: nothing is "new" yet.
    std::fs::remove_file(kit.join("neokit.lock")).unwrap();
    let copied = neokit(&kit, &["override", "team.md"]);
    assert!(copied.status.success(), "{}", text(&copied));
    assert_eq!(
        std::fs::read(kit.join("overlay/team.md")).unwrap(),
        std::fs::read(kit.join("../upstream/team.md")).unwrap()
    );
    std::fs::write(kit.join("overlay/team.md"), "# Team\n\nOur team.\n").unwrap();
    let refused = neokit(&kit, &["override", "team.md"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused).contains("already exists"), "{}", text(&refused));
    assert_eq!(std::fs::read_to_string(kit.join("overlay/team.md")).unwrap(), "# Team\n\nOur team.\n");
    let misspelt = neokit(&kit, &["override", "teem.md"]);
    assert_eq!(misspelt.status.code(), Some(1));
    assert!(text(&misspelt).contains("did you mean `team.md`?"), "{}", text(&misspelt));
    let report: serde_json::Value =
        serde_json::from_slice(&neokit(&kit, &["drift", "--format", "json"]).stdout).unwrap();
    let team = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "team.md").unwrap().clone();
    assert_eq!(team["status"], "current");
    assert_eq!(team["kind"], "page");
    assert_eq!(report["upstream_new"], serde_json::json!([]));
    assert_eq!(report["upstream_changed"], serde_json::json!([]));
}

#[test]
fn damaged_locks_and_base_copies_are_reported() {
    let (root, kit) = pinned_kit();
    let lock = kit.join("neokit.lock");
    let good = std::fs::read_to_string(&lock).unwrap();

    // A base copy deleted: the status is still known, the diff is not; adopt restores it.
    release(root.path(), "v2");
    let bases: Vec<PathBuf> = walkdir::WalkDir::new(kit.join(".neokit/base"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().starts_with("debrief."))
        .map(|e| e.into_path())
        .collect();
    assert_eq!(bases.len(), 1);
    std::fs::remove_file(&bases[0]).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&neokit(&kit, &["drift", "--format", "json"]).stdout).unwrap();
    let debrief = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "debrief.md").unwrap().clone();
    assert_eq!(debrief["status"], "changed");
    assert_eq!(debrief["diff"], "");
    assert!(debrief["note"].as_str().unwrap().contains("base copy is missing"));
    assert!(neokit(&kit, &["adopt", "debrief.md"]).status.success());
    assert!(
        walkdir::WalkDir::new(kit.join(".neokit/base"))
            .into_iter()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("debrief."))
    );

    // A base copy edited by hand is not trusted for diffs, and says so.
    let base = walkdir::WalkDir::new(kit.join(".neokit/base"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("consent."))
        .unwrap()
        .into_path();
    std::fs::write(&base, "# Consent\n\nSomething else entirely.\n").unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&neokit(&kit, &["drift", "--format", "json"]).stdout).unwrap();
    let asking = report["items"].as_array().unwrap().iter().find(|i| i["section"] == "asking").unwrap().clone();
    assert_eq!(asking["status"], "changed");
    assert!(asking["note"].as_str().unwrap().contains("edited by hand"), "{asking}");

    // A lock from another upstream is named in the report.
    std::fs::write(&lock, good.replace("upstream: ../upstream", "upstream: ../another-guide")).unwrap();
    let out = text(&neokit(&kit, &["drift"]));
    assert!(out.contains("written for the upstream `../another-guide`"), "{out}");

    // A damaged lock: drift stops with the place of the damage; check warns (a build does not
    // read the lock: it changes no published text).
    std::fs::write(&lock, "version: 1\npins: [oops\n").unwrap();
    let drift = neokit(&kit, &["drift"]);
    assert_eq!(drift.status.code(), Some(1));
    assert!(text(&drift).contains("neokit.lock:2:"), "{}", text(&drift));
    std::fs::write(&lock, "version: 1\npins:\n  - path: x.md\n    kind: chapter\n").unwrap();
    let drift = neokit(&kit, &["drift"]);
    assert!(text(&drift).contains("the lock file is damaged"), "{}", text(&drift));
    let check = text(&neokit(&kit, &["check"]));
    assert!(check.contains("warning") && check.contains("the lock file is damaged"), "{check}");
    // The lock is read once per build: the overlay and the "What changed" page share one
    // reading, so the damage is reported once.
    let settings = kit.join("neokit.yaml");
    let written = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{written}governance:\n  owner: Unit lead\n")).unwrap();
    let check = text(&neokit(&kit, &["check"]));
    assert_eq!(check.matches("the lock file is damaged").count(), 1, "{check}");
    std::fs::write(&settings, written).unwrap();
    std::fs::write(&lock, "version: 7\n").unwrap();
    assert!(text(&neokit(&kit, &["drift"])).contains("format version 7"));

    // The command line.
    std::fs::write(&lock, &good).unwrap();
    assert_eq!(neokit(&kit, &["drift", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(neokit(&kit, &["adopt"]).status.code(), Some(2));
    assert_eq!(neokit(&kit, &["adopt", "nothing-like-it.md"]).status.code(), Some(2));
    let plain = neokit(&fixtures_dir().join("drift/v1"), &["drift"]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(text(&plain).contains("not built on an upstream guide"), "{}", text(&plain));
}

/// `examples/hospital-overlay/` as its README walks through it, on a copy.
#[test]
fn the_example_walkthrough_works_as_written() {
    let root = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hospital-overlay");
    for folder in ["neoflix-guide", "neoflix-guide-2027.02", "st-elsewhere"] {
        copy_dir(&example.join(folder), &root.path().join(folder));
    }
    let kit = root.path().join("st-elsewhere");
    let check = neokit(&kit, &["check"]);
    assert!(check.status.success() && text(&check).contains("no problems found"), "{}", text(&check));
    let build = neokit(&kit, &["build"]);
    assert!(build.status.success() && !text(&build).contains("warning"), "{}", text(&build));
    let consent = std::fs::read_to_string(kit.join("public/reviews/consent/index.html")).unwrap();
    assert!(consent.contains("extension 4400") && consent.contains("Adapted for St Elsewhere NICU"));
    assert!(!kit.join("public/welcome/history").exists(), "removed pages are not published");

    let overridden = neokit(&kit, &["override", "welcome/who-is-this-for.md"]);
    assert!(overridden.status.success(), "{}", text(&overridden));
    assert!(neokit(&kit, &["drift"]).status.success());

    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();
    let config = config.replace("path: ../neoflix-guide\n", "path: ../neoflix-guide-2027.02\n");
    std::fs::write(kit.join("neokit.yaml"), config.replace("version: \"2026.11\"", "version: \"2027.02\"")).unwrap();
    let drift = neokit(&kit, &["drift", "--format", "json"]);
    assert_eq!(drift.status.code(), Some(1), "{}", text(&drift));
    let report: serde_json::Value = serde_json::from_slice(&drift.stdout).unwrap();
    let changed: Vec<String> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "changed")
        .map(|i| i["overlay"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        changed,
        [
            "overlay/inserts/consent-phone-line.md",
            "overlay/inserts/consent-storage.md",
            "overlay/reviews/debrief.md",
            "overlay/welcome/who-is-this-for.md"
        ]
    );
    assert_eq!(report["upstream_new"], serde_json::json!(["reviews/checklist.md"]));

    let merged = neokit(&kit, &["adopt", "--merge", "reviews/debrief.md"]);
    assert!(merged.status.success(), "{}", text(&merged));
    assert!(kit.join("overlay/reviews/debrief.proposed.md").is_file());
    let all = neokit(&kit, &["adopt", "--all", "--yes"]);
    assert!(all.status.success(), "{}", text(&all));
    assert!(neokit(&kit, &["drift"]).status.success());
}

/// The example's hospital kit with the upstream moved to the next release, on a copy.
fn example_at_next_release() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hospital-overlay");
    for folder in ["neoflix-guide", "neoflix-guide-2027.02", "st-elsewhere"] {
        copy_dir(&example.join(folder), &root.path().join(folder));
    }
    let kit = root.path().join("st-elsewhere");
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap();
    let config = config.replace("path: ../neoflix-guide\n", "path: ../neoflix-guide-2027.02\n");
    std::fs::write(kit.join("neokit.yaml"), config.replace("version: \"2026.11\"", "version: \"2027.02\"")).unwrap();
    (root, kit)
}

/// `drift` for a person who does not read diffs: the changed sentences, was above now, the
/// changed words marked (plain here: no terminal).
#[test]
fn drift_shows_changed_sentences_with_words_marked() {
    let (_root, kit) = example_at_next_release();
    let plain = neokit(&kit, &["drift"]);
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain));
    let out = String::from_utf8_lossy(&plain.stdout);
    assert!(!out.contains('\x1b'), "{out}");
    golden("example-drift.txt", &out);
    // The same changes in the JSON report, as sentences (a field added to version 1).
    let json = neokit(&kit, &["drift", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let debrief = report["items"].as_array().unwrap().iter().find(|i| i["path"] == "reviews/debrief.md").unwrap();
    assert!(debrief["diff"].as_str().unwrap().starts_with("--- reviews/debrief.md (pinned)"), "{debrief}");
    assert_eq!(
        debrief["changes"],
        serde_json::json!([{
            "heading": "The three questions",
            "was": "2. What surprised you when you watched it back?",
            "now": "2. What did you notice on the recording that you missed at the time?"
        }])
    );
    // --out writes the report to a file instead.
    let written = neokit(&kit, &["drift", "--out", "drift.txt"]);
    assert_eq!(written.status.code(), Some(1), "{}", text(&written));
    assert_eq!(std::fs::read_to_string(kit.join("drift.txt")).unwrap(), out);
}

/// `drift --format html`: one self-contained page (a strict CSP allowing only its own
/// stylesheet, no script, nothing from elsewhere), the sentences side by side in a table per
/// page, changed words in `<del>`/`<ins>` that say "removed"/"added" to screen readers.
#[test]
fn drift_html_report_is_self_contained_and_accessible() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let (_root, kit) = example_at_next_release();
    let run = neokit(&kit, &["drift", "--format", "html", "--out", "report.html"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(text(&run).contains("open it in a web browser"), "{}", text(&run));
    let page = std::fs::read_to_string(kit.join("report.html")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&neokit(&kit, &["drift", "--format", "json"]).stdout).unwrap();
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let all = |css: &str| html.select(&select(css)).collect::<Vec<_>>();
    let words = |e: &scraper::ElementRef| e.text().collect::<String>();

    assert_eq!(all("html[lang=en]").len(), 1);
    assert_eq!(all("main").len(), 1);
    assert_eq!(all("h1").len(), 1);
    assert!(all("script, link, img, iframe, object, [style], [onload]").is_empty(), "{page}");
    assert!(!page.contains("://"), "nothing is fetched from elsewhere");
    let csp = all("meta[http-equiv=Content-Security-Policy]");
    let policy = csp[0].value().attr("content").unwrap();
    let styles = all("style");
    assert_eq!(styles.len(), 1);
    let style = words(&styles[0]);
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style.as_bytes()));
    assert_eq!(
        policy,
        format!("default-src 'none'; style-src 'sha256-{hash}'; img-src 'none'; base-uri 'none'; form-action 'none'")
    );
    assert!(style.contains("@media (prefers-color-scheme:dark)"), "{style}");

    // Every changed item has a table: its columns say which side is which, and each row holds
    // the JSON report's sentences (what a reader sees, without the words for screen readers).
    let changed: Vec<&serde_json::Value> =
        json["items"].as_array().unwrap().iter().filter(|i| i["status"] == "changed").collect();
    let tables = all("section table");
    assert_eq!(tables.len(), changed.len());
    for (table, item) in tables.iter().zip(&changed) {
        let heads: Vec<String> = table.select(&select("thead th[scope=col]")).map(|th| words(&th)).collect();
        assert_eq!(heads, ["Was (version 2026.11)", "Now (version 2027.02)"]);
        let rows: Vec<Vec<String>> = table
            .select(&select("tbody tr"))
            .filter(|row| row.select(&select("td")).next().is_some())
            .map(|row| {
                row.select(&select("td"))
                    .map(|cell| {
                        let mut shown = String::new();
                        for node in cell.descendants() {
                            let hidden = node.ancestors().filter_map(scraper::ElementRef::wrap).any(|e| {
                                e.value().has_class("visually-hidden", scraper::CaseSensitivity::CaseSensitive)
                            });
                            if let (Some(t), false) = (node.value().as_text(), hidden) {
                                shown.push_str(t);
                            }
                        }
                        shown
                    })
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<String>> = item["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let side = |key: &str, none: &str| {
                    let text = c[key].as_str().unwrap();
                    if text.is_empty() { none.to_string() } else { text.to_string() }
                };
                vec![side("was", "(not there before)"), side("now", "(taken out)")]
            })
            .collect();
        assert_eq!(rows, expected, "{}", item["overlay"]);
    }
    let (removed, added) = (all("td del"), all("td ins"));
    assert!(!removed.is_empty() && !added.is_empty());
    assert!(removed.iter().all(|d| words(d).starts_with("[removed: ") && words(d).ends_with(']')));
    assert!(added.iter().all(|d| words(d).starts_with("[added: ") && words(d).ends_with(']')));
    let debrief: Vec<String> = all("td ins").iter().map(words).collect();
    assert!(debrief.iter().any(|w| w.contains("notice on the recording that you missed at the time")), "{debrief:?}");
    // The new upstream page and the note about the lock are listed too.
    assert!(page.contains("<li><code>reviews/checklist.md</code></li>"), "{page}");
    assert!(page.contains("neokit.lock was written for the upstream <code>../neoflix-guide</code>"), "{page}");

    // Without --out, the page goes to standard output (not a terminal here).
    let piped = neokit(&kit, &["drift", "--format", "html"]);
    assert_eq!(String::from_utf8_lossy(&piped.stdout), page);
}

/// `adopt --all` lists what it would record as reviewed and asks; without a terminal and
/// without `--yes` it refuses and changes nothing.
#[test]
fn adopt_all_lists_and_asks_before_marking_everything_reviewed() {
    use neokit::adopt::{Failure, ask, plan_all};
    let (_root, kit) = example_at_next_release();
    let plan = plan_all(&kit).map_err(|f| format!("{f:?}")).unwrap();
    let shown = plan.join("\n");
    for wanted in [
        "`neokit adopt --all` records that a person has reviewed everything below against upstream 2027.02:",
        "  changed upstream, to be marked reviewed:\n    overlay/inserts/consent-phone-line.md (into reviews/consent.md#asking-parents)",
        "    overlay/reviews/debrief.md (upstream reviews/debrief.md)",
        "  new upstream pages, to be marked reviewed:\n    reviews/checklist.md",
        "  the upstream version reviewed becomes 2027.02 (was 2026.11)",
    ] {
        assert!(shown.contains(wanted), "{wanted}\n---\n{shown}");
    }
    let answer = |typed: &str| {
        let mut said = Vec::new();
        let yes = ask(&plan, None, true, &mut std::io::Cursor::new(typed.as_bytes()), &mut said).unwrap();
        (yes, String::from_utf8(said).unwrap())
    };
    let (yes, said) = answer("y\n");
    assert!(yes && said.starts_with(&plan[0]) && said.ends_with("[y/N] "), "{said}");
    assert!(answer(" YES \n").0);
    for no in ["\n", "n\n", "nope\n", ""] {
        let (yes, said) = answer(no);
        assert!(!yes && said.ends_with("Nothing was marked as reviewed.\n"), "{no:?}: {said}");
    }
    let refused = ask(&plan, None, false, &mut std::io::Cursor::new(&b"y\n"[..]), &mut Vec::new());
    assert!(matches!(refused, Err(Failure::Usage(m)) if m.contains("no terminal") && m.contains("--yes")));

    // The command: refused without a terminal, nothing written; --yes for scripts.
    let lock = std::fs::read(kit.join("neokit.lock")).unwrap();
    let run = neokit(&kit, &["adopt", "--all"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(text(&run).contains("there is no terminal to ask in"), "{}", text(&run));
    assert_eq!(std::fs::read(kit.join("neokit.lock")).unwrap(), lock);
    let yes = neokit(&kit, &["adopt", "--all", "--yes"]);
    assert!(yes.status.success(), "{}", text(&yes));
    assert!(text(&yes).contains("Every upstream page is marked as reviewed at upstream 2027.02."), "{}", text(&yes));
    let after = plan_all(&kit).map_err(|f| format!("{f:?}")).unwrap();
    assert!(
        after
            .iter()
            .any(|l| l.contains("and 3 adapted pages or inserts unchanged upstream since they were last reviewed.")),
        "{after:?}"
    );
    assert!(!after.iter().any(|l| l.contains("to be marked reviewed")), "{after:?}");
}
