//! The programme's view of its hospitals: `examples/fleet/` (three hospitals on two releases of
//! the shared guide) built as its README says, each site's `_neokit/provenance.json` checked
//! for what it holds and leaves out, and `neokit fleet` run over the sites: every hospital
//! status, every item status, the dashboard, and every kind of bad input.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{copy_dir, fixtures_dir, neokit, neokit_on, text};

/// A copy of `examples/fleet/` with the three hospitals' sites built on 2027-03-01.
fn built_example() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let fleet = root.path().join("fleet");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fleet"), &fleet);
    for hospital in ["st-elsewhere", "lakeside", "riverside"] {
        let kit = format!("hospitals/{hospital}");
        let built = neokit_on("2027-03-01", &fleet, &["build", "--no-pdf", "-q", &kit]);
        assert!(built.status.success(), "{hospital}: {}", text(&built));
    }
    (root, fleet)
}

fn fleet_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["fleet", "--format", "json"];
    all.extend_from_slice(args);
    let output = neokit(dir, &all);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&output)));
    (output.status.code(), report)
}

fn hospital<'a>(report: &'a Value, title: &str) -> &'a Value {
    report["hospitals"].as_array().unwrap().iter().find(|h| h["title"] == title).unwrap_or_else(|| panic!("{report}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

fn provenance(fleet: &Path, hospital: &str) -> (String, Value) {
    let text = std::fs::read_to_string(fleet.join(format!("hospitals/{hospital}/public/_neokit/provenance.json")))
        .unwrap_or_else(|e| panic!("{hospital}: {e}"));
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

#[test]
fn provenance_says_what_upstream_text_a_site_carries_and_nothing_local() {
    let (_root, fleet) = built_example();
    let (text, record) = provenance(&fleet, "st-elsewhere");
    assert_eq!(record["format"], "neokit-provenance");
    assert_eq!(record["version"], 1);
    assert_eq!(record["site"]["title"], "Neoflix at St Elsewhere");
    assert_eq!(record["site"]["built"], "2027-03-01");
    assert_eq!(record["upstream"]["version"], "2026.11");
    // Upstream pages published with the guide's text, with the hash neokit.lock holds.
    assert_eq!(record["pages"]["reviews/consent.md"], "7f700953abbecb68fd701ecd");
    assert!(record["pages"].get("reviews/debrief.md").is_none(), "replaced, so pinned instead: {text}");
    assert_eq!(strings(&record["removed"]), ["welcome/history.md"]);
    let pins: Vec<(&str, &str)> = record["pins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pins,
        [("insert", "reviews/consent.md"), ("insert", "reviews/consent.md"), ("page", "reviews/debrief.md")]
    );
    assert_eq!(record["pins"][2]["sections"][1]["title"], "Who takes part");
    // No local text, names or contacts: not the hospital's pages, vars, brand or inserts.
    for local in [
        "Sister Amara Okafor",
        "video.nicu@st-elsewhere.example",
        "7946",
        "St Elsewhere NICU",
        "our-unit.md",
        "room-booking",
        "extension",
    ] {
        assert!(!text.contains(local), "provenance.json holds `{local}`:\n{text}");
    }
    // Review counts when the kit uses governance.
    let (_, riverside) = provenance(&fleet, "riverside");
    assert_eq!(riverside["reviews"], serde_json::json!({"due": 0, "overdue": 1}));
    assert!(riverside["pins"][0]["insert"].as_str().unwrap().ends_with("consent-interpreters.md"));
    assert_eq!(record["reviews"], Value::Null);
}

#[test]
fn fleet_reports_each_hospital_against_the_current_guide() {
    let (_root, fleet) = built_example();
    let sites = ["hospitals/st-elsewhere/public", "hospitals/lakeside/public", "hospitals/riverside/public"];
    let mut args = vec!["--upstream", "guide-2027.02", "--version", "2027.02"];
    args.extend(sites);
    let (code, report) = fleet_json(&fleet, &args);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["upstream"], serde_json::json!({"title": "Neoflix guide", "version": "2027.02"}));
    let st = hospital(&report, "Neoflix at St Elsewhere");
    assert_eq!(st["status"], "behind");
    assert_eq!(st["upstream_version"], "2026.11");
    let items: Vec<(&str, &str, Vec<&str>)> = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["status"].as_str().unwrap(), strings(&i["sections"])))
        .collect();
    assert_eq!(
        items,
        [
            ("insert", "changed", vec!["asking-parents"]),
            ("insert", "changed", vec!["storage-and-deletion"]),
            ("page", "changed", vec!["the-three-questions"]),
        ]
    );
    assert_eq!(strings(&st["items"][2]["titles"]), ["The three questions"]);
    assert_eq!(strings(&st["upstream_new"]), ["reviews/checklist.md"]);
    assert_eq!(strings(&st["upstream_changed"]), ["welcome/who-is-this-for.md"]);
    let lakeside = hospital(&report, "Neoflix at Lakeside");
    assert_eq!(lakeside["status"], "behind");
    assert!(lakeside["items"].as_array().unwrap().is_empty());
    assert_eq!(
        strings(&lakeside["upstream_changed"]),
        ["welcome/who-is-this-for.md", "reviews/consent.md", "reviews/debrief.md"]
    );
    let riverside = hospital(&report, "Neoflix at Riverside");
    assert_eq!(riverside["status"], "current", "{riverside}");
    assert_eq!(riverside["items"][0]["status"], "current");
    // In the order given.
    assert_eq!(report["hospitals"][0]["source"], sites[0]);

    // Against the release they were built on, the older two are current: exit 0.
    let (code, report) =
        fleet_json(&fleet, &["--upstream", "guide-2026.11", "--version", "2026.11", sites[0], sites[1]]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report["hospitals"].as_array().unwrap().iter().all(|h| h["status"] == "current"), "{report}");

    // For a person: one line per hospital, then what to look at.
    let human = neokit(&fleet, &["fleet", "--upstream", "guide-2027.02", "--version", "2027.02", sites[0], sites[2]]);
    assert_eq!(human.status.code(), Some(1));
    let out = String::from_utf8_lossy(&human.stdout);
    assert!(out.starts_with("Guide: Neoflix guide (version 2027.02)\n\nbehind     Neoflix at St Elsewhere  on 2026.11, 3 adapted texts to review, 1 page to update, 1 new page\ncurrent    Neoflix at Riverside     on 2027.02, 1 review overdue\n"), "{out}");
    assert!(
        out.contains("  changed  reviews/debrief.md (replaced there) since 2026.11: The three questions\n"),
        "{out}"
    );
    assert!(out.contains("  new in the guide: reviews/checklist.md\n"), "{out}");
}

#[test]
fn pins_whose_guide_text_is_gone_are_removed_and_unpinned_pages_are_warned_about() {
    let (_root, fleet) = built_example();
    // A later guide without the debrief page, with the "Asking parents" heading renamed.
    let next = fleet.join("guide-next");
    copy_dir(&fleet.join("guide-2027.02"), &next);
    std::fs::remove_file(next.join("reviews/debrief.md")).unwrap();
    let summary = std::fs::read_to_string(next.join("SUMMARY.md")).unwrap();
    std::fs::write(next.join("SUMMARY.md"), summary.replace("  * [The debrief](reviews/debrief.md)\n", "")).unwrap();
    let consent = std::fs::read_to_string(next.join("reviews/consent.md")).unwrap();
    std::fs::write(next.join("reviews/consent.md"), consent.replace("## Asking parents", "## Asking the parents"))
        .unwrap();
    // St Elsewhere also replaces a page it never pinned.
    let kit = fleet.join("hospitals/st-elsewhere");
    std::fs::create_dir_all(kit.join("overlay/welcome")).unwrap();
    std::fs::write(kit.join("overlay/welcome/README.md"), "# About Neoflix here\n\nOur own words.\n").unwrap();
    let built = neokit_on("2027-03-01", &fleet, &["build", "--no-pdf", "-q", "hospitals/st-elsewhere"]);
    assert!(built.status.success(), "{}", text(&built));

    let (code, report) = fleet_json(&fleet, &["--upstream", "guide-next", "hospitals/st-elsewhere/public"]);
    assert_eq!(code, Some(1));
    assert_eq!(report["upstream"]["version"], "current", "not a git checkout, no --version");
    let st = &report["hospitals"][0];
    let items: Vec<(&str, &str, Vec<&str>)> = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["status"].as_str().unwrap(), strings(&i["sections"])))
        .collect();
    assert_eq!(
        items,
        [
            ("reviews/consent.md", "removed", vec!["asking-parents"]),
            ("reviews/consent.md", "changed", vec!["storage-and-deletion"]),
            ("reviews/debrief.md", "removed", vec![]),
        ]
    );
    let warnings = strings(&st["warnings"]);
    assert!(warnings.iter().any(|w| w.contains("`welcome/README.md` is adapted without a pin")), "{warnings:?}");
}

#[test]
fn bad_sources_are_rows_of_their_own_and_nothing_is_written() {
    let (root, fleet) = built_example();
    let site = fleet.join("hospitals/lakeside/public");
    let good = std::fs::read_to_string(site.join("_neokit/provenance.json")).unwrap();
    let bad = root.path().join("bad");
    std::fs::create_dir_all(bad.join("empty")).unwrap();
    std::fs::write(bad.join("damaged.json"), &good[..good.len() / 2]).unwrap();
    std::fs::write(bad.join("newer.json"), good.replacen("\"version\": 1", "\"version\": 7", 1)).unwrap();
    std::fs::write(bad.join("other.json"), "{\"links\": {}}").unwrap();
    std::fs::write(bad.join("page.md"), "# Consent\n").unwrap();
    std::fs::write(bad.join("binary.json"), [0xff, 0xfe, 0x00, 0x81]).unwrap();
    // A hospital on another guide: none of the pages it names is in this one.
    let elsewhere = good
        .replace("\"README.md\"", "\"other/README.md\"")
        .replace("\"reviews/", "\"other/reviews-")
        .replace("\"welcome/", "\"other/welcome-");
    std::fs::write(bad.join("elsewhere.json"), elsewhere).unwrap();
    // A site built with `provenance: false`, and one of a kit with no upstream.
    let config = fleet.join("hospitals/riverside/neokit.yaml");
    std::fs::write(&config, std::fs::read_to_string(&config).unwrap() + "provenance: false\n").unwrap();
    let built = neokit_on("2027-03-01", &fleet, &["build", "--no-pdf", "-q", "hospitals/riverside"]);
    assert!(built.status.success(), "{}", text(&built));
    assert!(!fleet.join("hospitals/riverside/public/_neokit/provenance.json").exists());
    let plain = neokit_on("2027-03-01", &fleet, &["build", "--no-pdf", "-q", "guide-2026.11", "--out", "../plain"]);
    assert!(plain.status.success(), "{}", text(&plain));
    assert!(!root.path().join("plain/_neokit/provenance.json").exists());

    let before = listing(root.path());
    let sources: Vec<String> = [
        "hospitals/lakeside/public",
        "../bad/empty",
        "../bad/damaged.json",
        "../bad/newer.json",
        "../bad/other.json",
        "../bad/page.md",
        "../bad/binary.json",
        "../bad/elsewhere.json",
        "hospitals/riverside/public",
        "hospitals/st-elsewhere",
        "../bad/missing",
        "http://neokit.example/guide/",
        "https://127.0.0.1:1/guide/",
    ]
    .map(String::from)
    .into();
    let mut args = vec!["--upstream", "guide-2027.02"];
    args.extend(sources.iter().map(String::as_str));
    let (code, report) = fleet_json(&fleet, &args);
    assert_eq!(code, Some(2), "{report}");
    let rows = report["hospitals"].as_array().unwrap();
    assert_eq!(rows.len(), sources.len());
    assert_eq!(rows[0]["status"], "behind", "a good source is still reported");
    let errors: Vec<&str> = rows[1..]
        .iter()
        .map(|row| {
            assert_eq!(row["status"], "unreadable", "{row}");
            row["error"].as_str().unwrap()
        })
        .collect();
    let expected = [
        "is not a site built by neokit",
        "damaged: it stops short",
        "format version 7; this neokit reads version 1",
        "not a neokit provenance file",
        "not a neokit provenance file (it is not JSON)",
        "not a neokit provenance file (it is not text)",
        "built on another guide: none of the 7 guide pages it names is in “Neoflix guide”",
        "was built by an older neokit, is not built on a shared guide, or sets `provenance: false`",
        "is a kit folder, not a built site",
        "there is no file or folder `../bad/missing`",
        "only https:// addresses are fetched: http://neokit.example/guide/_neokit/provenance.json could be changed",
        // Nothing listens there: fetched and refused at once (or no curl on this computer).
        "https://127.0.0.1:1/guide/_neokit/provenance.json cannot be fetched (",
    ];
    for (error, wanted) in errors.iter().zip(expected) {
        assert!(error.contains(wanted), "`{error}` does not say `{wanted}`");
    }
    // The human report names each, and fleet wrote nothing.
    let mut human_args = vec!["fleet", "--upstream", "guide-2027.02"];
    human_args.extend(sources.iter().map(String::as_str));
    let human = neokit(&fleet, &human_args);
    assert_eq!(human.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&human.stdout).contains("unreadable ../bad/empty"), "{}", text(&human));
    assert_eq!(listing(root.path()), before);

    // A guide that cannot be read, and wrong combinations of options: exit 2, with a reason.
    for (args, says) in [
        (vec!["fleet", "--upstream", "no-such-guide", "hospitals/lakeside/public"], "does not exist"),
        (vec!["fleet", "--upstream", "../bad/empty", "hospitals/lakeside/public"], "has no pages"),
        (vec!["fleet", "--upstream", "guide-2027.02", "--format", "html", "hospitals/lakeside/public"], "--out DIR"),
        (vec!["fleet", "--upstream", "guide-2027.02", "--out", "x", "hospitals/lakeside/public"], "--format html"),
    ] {
        let output = neokit(&fleet, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        assert!(text(&output).contains(says), "{args:?}: {}", text(&output));
    }
    assert_eq!(listing(root.path()), before);
}

/// Every file under `dir`.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir).into_iter().flatten().map(|e| e.into_path()).collect();
    files.sort();
    files
}

#[test]
fn the_dashboard_is_the_guides_theme_under_its_strict_policy() {
    let (_root, fleet) = built_example();
    let output = neokit(
        &fleet,
        &[
            "fleet",
            "--upstream",
            "guide-2027.02",
            "--version",
            "2027.02",
            "--format",
            "html",
            "--out",
            "dashboard",
            "hospitals/st-elsewhere/public",
            "hospitals/riverside/public",
            "../nowhere",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let html = std::fs::read_to_string(fleet.join("dashboard/index.html")).unwrap();
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;"),
        "{html}"
    );
    for file in ["neokit.css", "brand.css", "fleet.css", "theme-init.js", "favicon.svg"] {
        assert!(fleet.join("dashboard/_neokit").join(file).is_file(), "{file}");
        assert!(html.contains(&format!("\"_neokit/{file}\"")), "{file} is not linked");
    }
    // The guide's brand colour, not a hospital's.
    let brand = std::fs::read_to_string(fleet.join("dashboard/_neokit/brand.css")).unwrap();
    assert!(brand.contains("#0b6e6e"), "{brand}");
    // Nothing is loaded from elsewhere: the only addresses out are links into the guide.
    for attribute in ["src=\"http", "href=\"//", "src=\"//", "url(http"] {
        assert!(!html.contains(attribute), "{attribute}");
    }
    assert!(
        html.contains(
            "<a href=\"https://guide.neoflix.example/reviews/debrief/#the-three-questions\">The three questions</a>"
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"https://guide.neoflix.example/reviews/checklist/\">reviews/checklist.md</a>"));
    assert!(html.contains("Behind") && html.contains("Current") && html.contains("Unreadable"));
    assert!(html.contains("there is no file or folder `../nowhere`"));

    // Writing the dashboard again replaces it; the guide's own folder is refused.
    let again = neokit(
        &fleet,
        &[
            "fleet",
            "--upstream",
            "guide-2027.02",
            "--format",
            "html",
            "--out",
            "guide-2027.02",
            "hospitals/riverside/public",
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("refusing"), "{}", text(&again));
    assert!(fleet.join("guide-2027.02/SUMMARY.md").is_file());
}

#[test]
fn translations_are_followed_against_their_source_pages() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    copy_dir(&fixtures_dir().join("spaces/stale_translation/kit"), &kit);
    let built = neokit_on("2027-03-01", &kit, &["build", "--no-pdf", "-q", "--out", "../site"]);
    assert!(built.status.success(), "{}", text(&built));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("site/_neokit/provenance.json")).unwrap())
            .unwrap();
    assert_eq!(record["upstream"], Value::Null);
    let pins = record["pins"].as_array().unwrap();
    assert!(pins.iter().all(|p| p["kind"] == "translation" && p["language"] == "nl"), "{record}");

    // The programme's own site against its guide: the translation of the changed page is behind.
    let (code, report) = fleet_json(root.path(), &["--upstream", "kit", "site"]);
    assert_eq!(code, Some(1), "{report}");
    let site = &report["hospitals"][0];
    assert_eq!(site["status"], "behind");
    let changed: Vec<(&str, &str)> = site["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] != "current")
        .map(|i| (i["path"].as_str().unwrap(), i["translation"].as_str().unwrap()))
        .collect();
    assert_eq!(changed, [("consent.md", "nl/toestemming.md")], "{report}");
    assert_eq!(site["items"][0]["kind"], "translation");
}

#[test]
fn the_guides_version_is_its_git_tag() {
    let root = tempfile::tempdir().unwrap();
    let guide = root.path().join("guide");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fleet/guide-2026.11"), &guide);
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(["-c", "user.name=Programme", "-c", "user.email=programme@example.org"])
            .args(args)
            .current_dir(&guide)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", text(&output));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "2026.11"]);
    git(&["tag", "v2026.11"]);
    let record = root.path().join("provenance.json");
    std::fs::write(
        &record,
        r#"{"format": "neokit-provenance", "version": 1, "site": {"title": "A", "language": "en", "built": "2027-01-01"}, "upstream": {"version": "v2026.11"}, "pages": {"README.md": "a44ff9046d5a8f91afe2aa6d"}}"#,
    )
    .unwrap();
    let (_, report) = fleet_json(root.path(), &["--upstream", "guide", "provenance.json"]);
    assert_eq!(report["upstream"]["version"], "v2026.11");
    let (_, report) =
        fleet_json(root.path(), &["--upstream", "guide", "--version", "2026.11-final", "provenance.json"]);
    assert_eq!(report["upstream"]["version"], "2026.11-final");
    // Only one of the guide's pages named: the rest are new to it.
    let site = &report["hospitals"][0];
    assert_eq!(site["status"], "behind");
    assert_eq!(site["upstream_new"].as_array().unwrap().len(), 6, "{site}");
}

/// A published site's provenance fetched over HTTPS: a local server with a certificate made
/// for the test, which curl is told to trust. Skipped (saying so) where openssl, python3 or
/// curl is missing.
#[test]
fn a_published_sites_provenance_is_fetched_over_https() {
    let have = |tool: &str, arg: &str| {
        std::process::Command::new(tool).arg(arg).output().is_ok_and(|output| output.status.success())
    };
    if !(have("openssl", "version") && have("python3", "--version") && have("curl", "--version")) {
        eprintln!("openssl, python3 or curl is missing: skipped");
        return;
    }
    let (root, fleet) = built_example();
    let tls = root.path().join("tls");
    std::fs::create_dir_all(&tls).unwrap();
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem"])
        .current_dir(&tls)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made));
    // Serves the built sites' folder on a free port and prints the port.
    let server = "import http.server, ssl, sys, functools\n\
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])\n\
server = http.server.HTTPServer(('127.0.0.1', 0), handler)\n\
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n\
context.load_cert_chain(sys.argv[2] + '/cert.pem', sys.argv[2] + '/key.pem')\n\
server.socket = context.wrap_socket(server.socket, server_side=True)\n\
print(server.server_address[1], flush=True)\n\
server.serve_forever()\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", server])
        .arg(fleet.join("hospitals"))
        .arg(&tls)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut port = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut port).unwrap();
    let site = format!("https://127.0.0.1:{}/lakeside/public/", port.trim());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(["fleet", "--format", "json", "--upstream", "guide-2027.02", &site])
        .current_dir(&fleet)
        .env("CURL_CA_BUNDLE", tls.join("cert.pem"))
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&output)));
    let row = hospital(&report, "Neoflix at Lakeside");
    assert_eq!(row["status"], "behind", "{report}");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
}
