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
    let adopted = neokit(&kit, &["adopt", "--all"]);
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

    // --merge proposes, pins, and leaves the hospital's page exactly as it was.
    let ours = std::fs::read(kit.join("overlay/debrief.md")).unwrap();
    let merged = neokit_on("2027-02-01", &kit, &["adopt", "--merge", "debrief.md"]);
    assert!(merged.status.success(), "{}", text(&merged));
    assert_eq!(std::fs::read(kit.join("overlay/debrief.md")).unwrap(), ours);
    let proposal = std::fs::read_to_string(kit.join("overlay/debrief.proposed.md")).unwrap();
    assert!(proposal.contains("The nurse in charge and the video lead."), "{proposal}");
    assert!(proposal.contains("What did the baby show us?"), "{proposal}");
    // Adopted now: a second run has nothing to propose and leaves the proposal alone.
    let again = neokit(&kit, &["adopt", "--merge", "debrief.md"]);
    assert!(text(&again).contains("(unchanged)"), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(kit.join("overlay/debrief.proposed.md")).unwrap(), proposal);

    // Adopting everything pins what can be pinned; removed items need a person's decision.
    // The hospital moves to the programme's version 2.0 as it does.
    let config = std::fs::read_to_string(kit.join("neokit.yaml")).unwrap().replace("\"1.0\"", "\"2.0\"");
    std::fs::write(kit.join("neokit.yaml"), config).unwrap();
    let all = neokit_on("2027-03-01", &kit, &["adopt", "--all"]);
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
    let all = neokit(&kit, &["adopt", "--all"]);
    assert!(all.status.success(), "{}", text(&all));
    assert!(neokit(&kit, &["drift"]).status.success());
}
