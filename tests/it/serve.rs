//! `neokit serve` against a real server on a loopback port: what it serves, what it refuses,
//! and how it follows the ways editors save files.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use neokit::config::Overrides;
use neokit::serve::{self, Event, ServeOptions, Server};

fn kit(dir: &Path) {
    std::fs::create_dir_all(dir.join(".gitbook/assets")).unwrap();
    std::fs::write(dir.join("README.md"), "# Home\n\nFirst version.\n").unwrap();
    std::fs::write(dir.join("consent.md"), "# Consent\n\nAsk early.\n").unwrap();
    std::fs::write(dir.join("SUMMARY.md"), "* [Home](README.md)\n* [Consent](consent.md)\n").unwrap();
    std::fs::write(dir.join(".gitbook/assets/Actions Menu"), [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    std::fs::write(dir.join("consent.md"), "# Consent\n\nAsk early. ![menu](<.gitbook/assets/Actions Menu>)\n")
        .unwrap();
}

fn start(dir: &Path, poll: bool) -> Server {
    let options = ServeOptions {
        kit_dir: dir.to_path_buf(),
        host: "127.0.0.1".into(),
        port: 0,
        poll,
        overrides: Overrides::default(),
        full_rebuilds: false,
        pdf_cache: None,
    };
    serve::start(options, Arc::new(|_: Event| {})).unwrap()
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn request(server: &Server, method: &str, path: &str) -> Reply {
    let address = server.url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, headers: head.to_ascii_lowercase(), body: body.to_string() }
}

fn get(server: &Server, path: &str) -> Reply {
    request(server, "GET", path)
}

/// A live-reload connection, read line by line.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut events = Events::open_raw(server);
        assert_eq!(events.next_event().0, "ok", "a new page hears the current state");
        events
    }

    /// A connection whose first event has not been read.
    fn open_raw(server: &Server) -> Events {
        let address = server.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET /_neokit/livereload HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        Events { reader: BufReader::new(stream) }
    }

    /// A good build: `reload` with the new version, then `ok` with the site's warnings.
    fn reloaded(&mut self) -> serde_json::Value {
        let (name, version) = self.next_event();
        assert_eq!(name, "reload");
        let (name, data) = self.next_event();
        assert_eq!(name, "ok");
        let status: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(status["version"].to_string(), version);
        status
    }

    /// The next event's name and data (waiting generously: a slow machine is not a failure).
    fn next_event(&mut self) -> (String, String) {
        match self.next_event_within(Duration::from_secs(60)) {
            Ok(event) => event,
            Err(problem) => panic!("{problem}"),
        }
    }

    /// The next event's name and data, or what went wrong: the stream ended, or no event came
    /// within `wait`.
    fn next_event_within(&mut self, wait: Duration) -> Result<(String, String), String> {
        self.reader.get_ref().set_read_timeout(Some(wait)).unwrap();
        let mut name = String::new();
        let mut data = String::new();
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return Err("the event stream ended".into()),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    return Err(format!("timed out after {wait:?} waiting for a live-reload event"));
                }
                Err(e) => return Err(format!("the event stream failed: {e}")),
            }
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty() && !name.is_empty() {
                return Ok((name, data));
            }
        }
    }
}

/// Waits for `condition` (generously: this is a timeout, not a speed check).
fn wait_for(mut condition: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if condition() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out after 60 s waiting for {what}");
}

#[test]
fn serves_the_site_with_safe_headers() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), false);
    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert!(home.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(home.headers.contains("x-content-type-options: nosniff"));
    assert!(home.headers.contains("content-security-policy: default-src 'self'"));
    assert!(home.body.contains("First version."));
    assert!(home.body.contains("<script src=\"/_neokit/livereload.js\" data-version=\"1\" defer></script></head>"));

    let head = request(&server, "HEAD", "/consent/index.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");

    let folder = get(&server, "/consent");
    assert_eq!(folder.status, 301);
    assert!(folder.headers.contains("location: /consent/"));
    assert_eq!(get(&server, "/consent/").status, 200);

    let image = get(&server, "/assets/Actions%20Menu");
    assert_eq!(image.status, 200);
    assert!(image.headers.contains("content-type: image/png"), "{}", image.headers);
    let css = get(&server, "/_neokit/neokit.css");
    assert!(css.headers.contains("content-type: text/css"));
    let script = get(&server, "/_neokit/livereload.js");
    assert!(script.headers.contains("content-type: text/javascript"));

    let missing = get(&server, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "the site's 404 page");
    assert_eq!(request(&server, "POST", "/").status, 405);
    server.stop();
}

#[test]
fn nothing_outside_the_site_is_served() {
    let tmp = tempfile::tempdir().unwrap();
    let kit_dir = tmp.path().join("kit");
    kit(&kit_dir);
    std::fs::write(tmp.path().join("secret.txt"), "patient data").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), kit_dir.join(".gitbook/assets/link.txt")).unwrap();
    std::fs::write(kit_dir.join("README.md"), "# Home\n\n[secret](.gitbook/assets/link.txt)\n").unwrap();
    let server = start(&kit_dir, false);
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/assets\\..\\..\\secret.txt",
        "/%00index.html",
        "//etc/passwd",
        "/assets/link.txt",
        "/README.md",
        "/neokit.yaml",
    ] {
        let reply = get(&server, path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("patient data"), "{path}");
    }
    server.stop();
}

#[test]
fn saves_reload_pages_and_failed_builds_keep_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), false);
    let mut events = Events::open(&server);

    std::fs::write(tmp.path().join("README.md"), "# Home\n\nSecond version.\n").unwrap();
    events.reloaded();
    assert!(get(&server, "/").body.contains("Second version."));

    // Front matter that is not valid YAML cannot be built: the last good site stays.
    std::fs::write(tmp.path().join("consent.md"), "---\ndescription: [unclosed\n---\n# Consent\n").unwrap();
    let (name, data) = events.next_event();
    assert_eq!(name, "problems");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(problems[0]["location"].as_str().unwrap().starts_with("consent.md:"), "{problems}");
    assert!(problems[0]["message"].as_str().unwrap().contains("front matter"));
    assert_eq!(problems[0]["page"], "consent/");
    assert!(get(&server, "/").body.contains("Second version."));

    // A page opened now sees the problems at once.
    let mut late = {
        let address = server.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET /_neokit/livereload HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        Events { reader: BufReader::new(stream) }
    };
    assert_eq!(late.next_event().0, "problems");

    std::fs::write(tmp.path().join("consent.md"), "# Consent\n\nFixed.\n").unwrap();
    events.reloaded();
    assert!(get(&server, "/consent/").body.contains("Fixed."));
    server.stop();
}

#[test]
fn the_search_index_follows_every_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), false);
    let mut events = Events::open(&server);
    let index = get(&server, "/_neokit/search-index.js");
    assert_eq!(index.status, 200);
    assert!(index.headers.contains("text/javascript"), "{}", index.headers);
    assert!(index.body.starts_with("window.NEOKIT_SEARCH=") && index.body.contains("consent"));
    assert!(!index.body.contains("zebra"));
    assert!(get(&server, "/_neokit/search/0.js").body.contains("Ask early."));
    // The theme's script is a site file, not part of the index.
    assert!(get(&server, "/_neokit/search.js").body.contains("NEOKIT_SEARCH"));

    // Asked for right as pages are told to reload, the new index is what comes back.
    std::fs::write(tmp.path().join("consent.md"), "# Consent\n\nA zebra crossing.\n").unwrap();
    events.reloaded();
    assert!(get(&server, "/_neokit/search-index.js").body.contains("zebra"));
    assert!(get(&server, "/_neokit/search/0.js").body.contains("A zebra crossing."));
    assert_eq!(get(&server, "/_neokit/search/9.js").status, 404);

    // Search switched off: no index.
    std::fs::write(tmp.path().join("neokit.yaml"), "search: false\n").unwrap();
    events.reloaded();
    assert_eq!(get(&server, "/_neokit/search-index.js").status, 404);
    server.stop();
}

/// The preview links to the PDF but makes it only when it is asked for, from the current text.
#[test]
fn the_pdf_is_made_when_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    std::fs::write(tmp.path().join("neokit.yaml"), "title: Preview\n").unwrap();
    let server = start(tmp.path(), false);
    let mut events = Events::open(&server);
    let home = get(&server, "/");
    let pdf = get(&server, "/pdf/preview.pdf");
    if cfg!(feature = "pdf") {
        assert!(home.body.contains("href=\"pdf/preview.pdf\""), "the footer links to it");
        assert_eq!(pdf.status, 200);
        assert!(pdf.headers.contains("application/pdf"), "{}", pdf.headers);
        assert!(pdf.body.starts_with("%PDF-"));
        let whole = pdf.headers.contains("content-length: ") && !pdf.headers.contains("chunked");
        assert!(whole, "sent with its length, not in chunks: {}", pdf.headers);
        // After a save, the next request makes it again.
        std::fs::write(tmp.path().join("consent.md"), "# Consent\n\nA zebra crossing.\n").unwrap();
        events.reloaded();
        let again = get(&server, "/pdf/preview.pdf");
        assert!(again.status == 200 && again.body != pdf.body, "made again from the new text");
    } else {
        assert!(!home.body.contains(".pdf\""), "no PDF without PDF support");
        assert_eq!(pdf.status, 404);
    }
    server.stop();
}

#[test]
fn follows_the_ways_editors_save() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    kit(dir);
    let server = start(dir, false);
    let mut events = Events::open(&server);

    // Atomic save: write a temporary file, rename it over the page (VS Code, many editors).
    std::fs::write(dir.join(".README.md.tmp.123"), "# Home\n\nAtomic save.\n").unwrap();
    std::fs::rename(dir.join(".README.md.tmp.123"), dir.join("README.md")).unwrap();
    events.reloaded();
    wait_for(|| get(&server, "/").body.contains("Atomic save."), "the atomic save");

    // Vim: a swap file, the 4913 probe, a backup, then the write.
    std::fs::write(dir.join(".consent.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::copy(dir.join("consent.md"), dir.join("consent.md~")).unwrap();
    std::fs::write(dir.join("consent.md"), "# Consent\n\nVim save.\n").unwrap();
    std::fs::remove_file(dir.join("consent.md~")).unwrap();
    std::fs::remove_file(dir.join(".consent.md.swp")).unwrap();
    wait_for(|| get(&server, "/consent/").body.contains("Vim save."), "the vim save");

    // Office and LibreOffice lock files alone do not rebuild.
    std::thread::sleep(Duration::from_millis(300));
    let before = server.builds();
    std::fs::write(dir.join(".gitbook/assets/~$slides.pptx"), "lock").unwrap();
    std::fs::write(dir.join(".gitbook/assets/.~lock.form.docx#"), "lock").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.builds(), before, "lock files must not trigger a rebuild");

    // A new folder with files, then a SUMMARY that lists it.
    std::fs::create_dir_all(dir.join("team/roles")).unwrap();
    std::fs::write(dir.join("team/README.md"), "# Team\n").unwrap();
    std::fs::write(dir.join("team/roles/chair.md"), "# Chair\n").unwrap();
    std::fs::write(
        dir.join("SUMMARY.md"),
        "* [Team](team/README.md)\n  * [Chair](team/roles/chair.md)\n* [Home](README.md)\n* [Consent](consent.md)\n",
    )
    .unwrap();
    wait_for(|| get(&server, "/team/roles/chair/").status == 200, "the new folder");
    // SUMMARY reordered: Team is now first, so Home's previous link points at the chair page.
    wait_for(|| get(&server, "/").body.contains("rel=\"prev\""), "the reordered navigation");

    // Rename and delete.
    std::fs::rename(dir.join("consent.md"), dir.join("asking.md")).unwrap();
    std::fs::write(dir.join("SUMMARY.md"), "* [Home](README.md)\n* [Asking](asking.md)\n").unwrap();
    wait_for(|| get(&server, "/asking/").status == 200 && get(&server, "/consent/").status == 404, "the renamed page");
    assert!(!dir.join("public").exists(), "serve never writes into the kit");
    drop(events);
    server.stop();
}

#[test]
fn a_burst_of_changes_is_one_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    kit(dir);
    let server = start(dir, false);
    let mut events = Events::open(&server);
    let before = server.builds();
    for i in 0..300 {
        std::fs::write(dir.join("README.md"), format!("# Home\n\nChange {i}.\n")).unwrap();
    }
    events.reloaded();
    wait_for(|| get(&server, "/").body.contains("Change 299."), "the last change of the burst");
    // A busy machine may pause the burst long enough to make it a few bursts, never one
    // rebuild per write.
    let rebuilds = server.builds() - before;
    assert!((1..=30).contains(&rebuilds), "{rebuilds} rebuilds for a burst of 300 writes");
    server.stop();
}

#[test]
fn polling_works_where_native_watching_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), true);
    let mut events = Events::open(&server);
    // The poller takes its first look at the files on its own schedule (later on a busy
    // machine): a change before that look is not a change to it. Save again until one is seen.
    let mut heard = None;
    for attempt in 0..20 {
        std::fs::write(tmp.path().join("README.md"), format!("# Home\n\nPolled {attempt}.\n")).unwrap();
        if let Ok(event) = events.next_event_within(Duration::from_secs(3)) {
            heard = Some(event);
            break;
        }
    }
    assert_eq!(heard.map(|(name, _)| name).as_deref(), Some("reload"), "no reload after 20 polled saves");
    wait_for(|| get(&server, "/").body.contains("Polled"), "the polled change");
    server.stop();
}

#[test]
fn a_taken_port_moves_to_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let options = ServeOptions {
        kit_dir: tmp.path().to_path_buf(),
        host: "127.0.0.1".into(),
        port,
        poll: false,
        overrides: Overrides::default(),
        full_rebuilds: false,
        pdf_cache: None,
    };
    let server = serve::start(options, Arc::new(|_: Event| {})).unwrap();
    assert!(server.port_changed);
    assert!(!server.url.ends_with(&format!(":{port}/")));
    assert_eq!(get(&server, "/").status, 200);
    server.stop();
}

#[test]
fn a_hospital_kit_follows_its_upstream_and_overlay() {
    let tmp = tempfile::tempdir().unwrap();
    let upstream = tmp.path().join("upstream");
    kit(&upstream);
    let hospital = tmp.path().join("hospital");
    std::fs::create_dir_all(hospital.join("overlay/inserts")).unwrap();
    std::fs::write(hospital.join("neokit.yaml"), "upstream:\n  path: ../upstream\n  version: \"1\"\n").unwrap();
    let insert = hospital.join("overlay/inserts/phone.md");
    std::fs::write(&insert, "---\ninsert: { page: consent.md, section: consent, position: end }\n---\nCall 4400.\n")
        .unwrap();
    let server = start(&hospital, false);
    let mut events = Events::open(&server);
    assert!(get(&server, "/consent/").body.contains("Call 4400."));

    // An upstream edit outside the kit folder reloads the preview.
    std::fs::write(upstream.join("consent.md"), "# Consent\n\nAsk early, in writing.\n").unwrap();
    events.reloaded();
    let page = get(&server, "/consent/").body;
    assert!(page.contains("in writing") && page.contains("Call 4400."), "{page}");

    // So does an overlay edit; a mistake in it is shown at the insert's own line.
    std::fs::write(&insert, "---\ninsert:\n  page: consent.md\n  section: consnt\n  position: end\n---\nCall.\n")
        .unwrap();
    let (name, data) = events.next_event();
    assert_eq!(name, "problems");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(problems[0]["location"], "overlay/inserts/phone.md:4:3", "{problems}");
    assert!(problems[0]["source"].as_str().unwrap().contains("section: consnt"), "{problems}");
    server.stop();
    assert!(!hospital.join("neokit.lock").exists(), "the preview never writes the lock");
}

#[test]
fn warnings_reach_the_pages_with_the_page_they_are_on() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), false);
    let mut events = Events::open(&server);
    std::fs::write(tmp.path().join("consent.md"), "# Consent\n\nSee [the chair](chiar.md).\n").unwrap();
    let status = events.reloaded();
    let problems = status["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{status}");
    assert_eq!(problems[0]["page"], "consent/");
    assert_eq!(problems[0]["location"], "consent.md:3:5");
    assert!(problems[0]["message"].as_str().unwrap().contains("chiar.md"));
    // A page opened now hears the same, and the page carries the version it shows.
    let late = Events::open_raw(&server).next_event();
    assert_eq!(late.0, "ok");
    assert!(late.1.contains("chiar.md"));
    assert!(get(&server, "/consent/").body.contains("data-version=\"2\""));
    std::fs::write(tmp.path().join("consent.md"), "# Consent\n\nFixed.\n").unwrap();
    assert_eq!(events.reloaded()["problems"], serde_json::json!([]));
    server.stop();
}

/// Tabs waiting for the PDF (laid out when first asked for, which takes seconds in a large
/// kit) leave the server free to answer pages.
#[cfg(feature = "pdf")]
#[test]
fn pages_are_served_while_the_pdf_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let long: String =
        (0..40).map(|n| format!("## Step {n}\n\nWatch the video together and note one thing.\n\n")).collect();
    for n in 0..30 {
        std::fs::write(tmp.path().join(format!("page-{n}.md")), format!("# Page {n}\n\n{long}")).unwrap();
    }
    let summary: String = (0..30).map(|n| format!("* [Page {n}](page-{n}.md)\n")).collect();
    std::fs::write(tmp.path().join("SUMMARY.md"), format!("* [Home](README.md)\n{summary}")).unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "title: Preview\n").unwrap();
    let server = start(tmp.path(), false);
    assert_eq!(get(&server, "/").status, 200);
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // More tabs than the server has workers.
    let pdfs: Vec<_> = (0..12)
        .map(|_| {
            let (address, done) = (server.url.clone(), done.clone());
            std::thread::spawn(move || {
                let address = address.trim_start_matches("http://").trim_end_matches('/').to_string();
                let mut stream = TcpStream::connect(&address).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
                write!(stream, "GET /pdf/preview.pdf HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
                    .unwrap();
                let mut raw = Vec::new();
                let read = stream.read_to_end(&mut raw);
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                read.map(|_| raw.starts_with(b"HTTP/1.1 200"))
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    for path in ["/", "/page-3/", "/_neokit/neokit.css"] {
        assert_eq!(get(&server, path).status, 200, "{path}");
    }
    // Laying the PDF of 31 pages out takes seconds; the pages took milliseconds.
    let answered_first = done.load(std::sync::atomic::Ordering::SeqCst) == 0;
    for pdf in pdfs {
        assert!(pdf.join().unwrap().expect("the PDF within 300 seconds"), "the PDF was served");
    }
    assert!(answered_first, "the pages were answered only after PDF requests were");
    server.stop();
}

#[test]
fn many_requests_at_once_with_many_tabs_listening() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let server = start(tmp.path(), false);
    let streams: Vec<Events> = (0..20).map(|_| Events::open(&server)).collect();
    wait_for(|| server.connected() == 20, "20 live-reload connections");
    let address = server.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let requests: Vec<_> = (0..200)
        .map(|i| {
            let address = address.clone();
            std::thread::spawn(move || {
                let path = ["/", "/consent/", "/_neokit/neokit.css", "/.gitbook/assets/Actions%20Menu"][i % 4];
                let mut stream = TcpStream::connect(&address).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
                let mut raw = Vec::new();
                stream.read_to_end(&mut raw).map(|_| String::from_utf8_lossy(&raw).into_owned())
            })
        })
        .collect();
    for request in requests {
        let reply = request.join().unwrap().expect("a reply within 20 seconds");
        assert!(reply.starts_with("HTTP/1.1 200") || reply.starts_with("HTTP/1.1 404"), "{reply}");
    }
    drop(streams);
    server.stop();
}

#[test]
fn ctrl_c_ends_the_preview_and_frees_the_port() {
    let tmp = tempfile::tempdir().unwrap();
    kit(tmp.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_neokit"))
        .args(["serve", ".", "--port", "0"])
        .current_dir(tmp.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut url = String::new();
    while !url.contains("http://") {
        url.clear();
        assert!(stderr.read_line(&mut url).unwrap() > 0, "the preview exited before serving");
    }
    let address = url.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(stream, "GET /_neokit/livereload HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut events = Events { reader: BufReader::new(stream) };
    assert_eq!(events.next_event().0, "ok");
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let mut exited = None;
    wait_for(
        || {
            exited = child.try_wait().unwrap();
            exited.is_some()
        },
        "the preview to exit after Ctrl-C",
    );
    let mut rest = String::new();
    assert_eq!(events.reader.read_line(&mut rest).unwrap_or(0), 0, "the event stream ended: {rest}");
    std::net::TcpListener::bind(&address).expect("the port is free again");
}
