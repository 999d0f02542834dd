//! The live preview: watches the kit, rebuilds what changed in memory, serves it and reloads every open tab.
//!
//! `neokit serve`: live preview for editors.
//!
//! The kit is built into memory with the same pipeline as `build` (nothing is written to the
//! kit or its output folder) and served on loopback. A watcher ([`watch`]) reports changes; a
//! rebuild loop waits for a burst of changes to settle, rebuilds once, and swaps the new site
//! in only when it built: a failed rebuild keeps serving the last good site and sends the
//! problems to every open page ([`reload`]), which shows them over the page until a fix.
//!
//! A save costs what it changed: pages are kept between builds ([`neokit_site::memo`]), and
//! what holds every page (the search index, the print page, the PDFs) is made when it is first
//! asked for, not before the reload.

pub mod http;
pub mod reload;
pub mod watch;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use neokit_core::diagnostics::Diagnostic;
use neokit_site::config::{self, Overrides};
use neokit_site::memo::{Memo, drop_later};
use neokit_site::output::Content;
use neokit_site::pipeline::{self, BuildOptions, OutputTarget, Report};
use neokit_site::{pdf_stage, search};

/// How long the files must stay quiet before a rebuild starts, and the longest a burst of
/// changes can delay it.
const QUIET: Duration = Duration::from_millis(8);
const LONGEST_WAIT: Duration = Duration::from_millis(400);
const WORKERS: usize = 6;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub kit_dir: PathBuf,
    pub host: String,
    /// First port to try; the next free one is used when it is taken (0: any free port).
    pub port: u16,
    pub poll: bool,
    pub overrides: Overrides,
    /// Build the whole kit on every save instead of reusing unchanged pages.
    pub full_rebuilds: bool,
    /// Where the PDF's laid-out parts are kept (`neokit serve --cache DIR`); `None`: beside
    /// the output folder.
    pub pdf_cache: Option<PathBuf>,
}

/// What the server tells whoever started it.
pub enum Event<'a> {
    /// A build finished (the first one included).
    Built { report: &'a Report, duration: Duration, first: bool },
    /// Native watching failed; polling is used instead.
    Polling { reason: &'a str },
}

struct State {
    /// The site and its version (counting good builds; pages carry it to know if they are
    /// out of date).
    files: RwLock<Option<(u64, Arc<http::Files>)>>,
    /// What a page that connects hears first: the `problems` event of the last failed build
    /// while it is not fixed, else the `ok` event of the last good one (with its warnings).
    status: RwLock<Option<String>>,
    hub: reload::Hub,
    builds: AtomicUsize,
    stopping: AtomicBool,
    search: Arc<search::Cache>,
    /// Pages kept between builds: a save costs what it changed.
    memo: Arc<Memo>,
    /// The search index of the current site, written when first asked for: saves do not
    /// wait for it, and a kit nobody searches while editing never writes it.
    search_files: Mutex<Arc<SearchFiles>>,
    /// The current site's PDFs, made when first asked for (saves never wait for them).
    pdf_files: Mutex<Arc<OnceLock<Option<Arc<http::Files>>>>>,
    /// The current site's print pages (every page on one), made when first asked for.
    print_files: Mutex<Arc<PrintFiles>>,
}

/// One build's print pages (one per space): what to make them from, then the files.
#[derive(Default)]
struct PrintFiles {
    /// Where each is published (`print/index.html`, `nl/print/index.html`).
    paths: Vec<String>,
    later: Mutex<Vec<pipeline::PrintLater>>,
    files: OnceLock<Arc<http::Files>>,
}

impl PrintFiles {
    fn new(later: Vec<pipeline::PrintLater>) -> PrintFiles {
        PrintFiles {
            paths: later.iter().map(|p| p.path()).collect(),
            later: Mutex::new(later),
            ..PrintFiles::default()
        }
    }

    /// Whether site path `path` (`/nl/print/`) is one of the print pages.
    fn serves(&self, path: &str) -> bool {
        let path = path.trim_start_matches('/');
        self.paths.iter().any(|page| page == path || page.strip_suffix("index.html") == Some(path))
    }

    /// The files, made by the first request that needs them (the others wait for it).
    fn files(&self) -> Arc<http::Files> {
        self.files
            .get_or_init(|| {
                let later = self.later.lock().map(|mut l| std::mem::take(&mut *l)).unwrap_or_default();
                Arc::new(later.into_iter().flat_map(pipeline::PrintLater::files).collect())
            })
            .clone()
    }
}

/// One build's search index (one per space): what to write it from, then the files.
#[derive(Default)]
struct SearchFiles {
    /// Each space's index, by the space's folder.
    deferred: Mutex<Vec<(String, search::Deferred)>>,
    files: OnceLock<Option<Arc<http::Files>>>,
}

impl SearchFiles {
    /// The files, written by the first request that needs them (the others wait for it).
    fn files(&self) -> Option<Arc<http::Files>> {
        self.files
            .get_or_init(|| {
                let deferred = std::mem::take(&mut *self.deferred.lock().ok()?);
                if deferred.is_empty() {
                    return None;
                }
                let files: http::Files = (deferred.into_iter())
                    .flat_map(|(prefix, index)| {
                        let files = index.files().into_iter();
                        files.map(move |(path, text)| (format!("{prefix}{path}"), Content::Text(text.into())))
                    })
                    .collect();
                Some(Arc::new(files))
            })
            .clone()
    }
}

/// A running preview server.
pub struct Server {
    pub url: String,
    /// The port asked for was taken and another one is used.
    pub port_changed: bool,
    state: Arc<State>,
    http: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
    _watcher: watch::Running,
}

impl Server {
    /// How many builds ran (the first one included).
    pub fn builds(&self) -> usize {
        self.state.builds.load(Ordering::SeqCst)
    }

    /// Pages connected to live reload.
    pub fn connected(&self) -> usize {
        self.state.hub.connected()
    }

    /// Blocks until the server stops (it runs until the process ends).
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    pub fn stop(mut self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        self.http.unblock();
        for _ in 0..WORKERS {
            self.http.unblock();
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Builds the kit into memory; `changed`: what changed since the last build, when known.
fn build(options: &ServeOptions, state: &State, changed: watch::Seen) -> anyhow::Result<Report> {
    pipeline::build(&BuildOptions {
        kit_dir: options.kit_dir.clone(),
        overrides: options.overrides.clone(),
        target: OutputTarget::Memory,
        progress: false,
        verbose: false,
        search_cache: Some(state.search.clone()),
        memo: (!options.full_rebuilds).then(|| state.memo.clone()),
        lint: false,
        changed,
        today: None,
        defer_pdf: true,
        defer_print: true,
        pdf_cache: options.pdf_cache.clone(),
    })
}

/// Builds once, swaps the site in on success, tells every page.
fn rebuild(
    options: &ServeOptions,
    state: &State,
    changed: watch::Seen,
    report_to: &(dyn Fn(Event) + Send + Sync),
    first: bool,
) {
    let started = Instant::now();
    let result = build(options, state, changed);
    state.builds.fetch_add(1, Ordering::SeqCst);
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            Report { diagnostics: vec![Diagnostic::error("environment", format!("{error:#}"))], ..Report::default() }
        }
    };
    let mut report = report;
    match report.files.take() {
        Some(files) if report.success => {
            let deferred = std::mem::take(&mut report.search);
            let mut version = 0;
            let mut previous = None;
            if let Ok(mut current) = state.files.write() {
                // The first good build is version 1: the waiting page (version 0) reloads into it.
                version = current.as_ref().map_or(1, |(v, _)| v + 1);
                previous = current.replace((version, Arc::new(files)));
            }
            drop_later(previous);
            if let Ok(mut search) = state.search_files.lock() {
                *search = Arc::new(SearchFiles { deferred: Mutex::new(deferred), ..SearchFiles::default() });
            }
            if let Ok(mut pdfs) = state.pdf_files.lock() {
                *pdfs = Arc::default();
            }
            let print = PrintFiles::new(std::mem::take(&mut report.print));
            if let Ok(mut current) = state.print_files.lock() {
                drop_later(std::mem::replace(&mut *current, Arc::new(print)));
            }
            let ok = reload::ok_event(version, &report, &options.kit_dir);
            if let Ok(mut status) = state.status.write() {
                *status = Some(ok.clone());
            }
            state.hub.broadcast(&reload::event("reload", &version.to_string()));
            state.hub.broadcast(&ok);
        }
        _ => {
            let event = reload::problems_event(&report, &options.kit_dir);
            if let Ok(mut status) = state.status.write() {
                *status = Some(event.clone());
            }
            state.hub.broadcast(&event);
        }
    }
    report_to(Event::Built { report: &report, duration: started.elapsed(), first });
}

/// Builds the kit, starts the server and the watcher. `report_to` hears about every build.
pub fn start(options: ServeOptions, report_to: Arc<dyn Fn(Event) + Send + Sync>) -> anyhow::Result<Server> {
    let kit_dir = options
        .kit_dir
        .canonicalize()
        .with_context(|| format!("cannot open the kit folder {}", options.kit_dir.display()))?;
    let options = ServeOptions { kit_dir, ..options };
    let state = Arc::new(State {
        files: RwLock::new(None),
        status: RwLock::new(None),
        hub: reload::Hub::default(),
        builds: AtomicUsize::new(0),
        stopping: AtomicBool::new(false),
        search: Arc::default(),
        memo: Arc::default(),
        search_files: Mutex::default(),
        pdf_files: Mutex::default(),
        print_files: Mutex::default(),
    });
    rebuild(&options, &state, None, report_to.as_ref(), true);

    let (http, port_changed) = listen(&options.host, options.port)?;
    let http = Arc::new(http);
    let address = http.server_addr().to_ip().context("the server has no address")?;
    let host = if address.ip().is_unspecified() { "127.0.0.1".to_string() } else { address.ip().to_string() };
    let url = if host.contains(':') {
        format!("http://[{host}]:{}/", address.port())
    } else {
        format!("http://{host}:{}/", address.port())
    };

    // Watch the kit and, when they live elsewhere, the theme and the upstream guide (the
    // overlay is inside the kit). The preview never writes the lock.
    let (changes, incoming) = channel();
    let (config, _) = config::load(&options.kit_dir, &options.overrides)?;
    let mut folders = vec![options.kit_dir.clone()];
    let theme = config.theme_dir.as_ref().and_then(|t| t.canonicalize().ok());
    let upstream = config.upstream.as_ref().map(|u| u.dir.clone());
    for folder in theme.into_iter().chain(upstream) {
        if !folder.starts_with(&options.kit_dir) {
            folders.push(folder);
        }
    }
    let mut skip = vec![config.output_dir.clone(), options.kit_dir.join(&config.output_dir)];
    // The PDF's parts kept between builds (written when the PDF is opened).
    skip.extend(options.pdf_cache.clone().or_else(|| pdf_stage::cache_folder(&config)));
    let watcher = match watch::start(&folders, skip.clone(), options.poll, changes.clone()) {
        Ok(watcher) => watcher,
        Err(error) if !options.poll => {
            let reason = if error.suggest_poll {
                format!(
                    "{} (the system's limit of watched files may be reached; `neokit serve --poll` works everywhere)",
                    error.message
                )
            } else {
                error.message
            };
            report_to(Event::Polling { reason: &reason });
            watch::start(&folders, skip, true, changes)
                .map_err(|e| anyhow::anyhow!("cannot watch the kit: {}", e.message))?
        }
        Err(error) => anyhow::bail!("cannot watch the kit: {}", error.message),
    };

    let mut threads = Vec::new();
    {
        let state = state.clone();
        let report_to = report_to.clone();
        let options = options.clone();
        threads.push(std::thread::spawn(move || {
            while !state.stopping.load(Ordering::SeqCst) {
                let mut changed = match incoming.recv_timeout(Duration::from_millis(200)) {
                    Ok(seen) => seen,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                // One rebuild for a burst: wait until the files are quiet (or too long passed).
                let first_change = Instant::now();
                loop {
                    let seen = match incoming.recv_timeout(QUIET) {
                        Ok(seen) => seen,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    };
                    changed = changed.zip(seen).map(|(mut all, more)| {
                        all.extend(more);
                        all
                    });
                    if first_change.elapsed() >= LONGEST_WAIT {
                        break;
                    }
                }
                rebuild(&options, &state, changed, report_to.as_ref(), false);
            }
        }));
    }
    for _ in 0..WORKERS {
        let state = state.clone();
        let http = http.clone();
        let options = options.clone();
        threads.push(std::thread::spawn(move || {
            while let Ok(request) = http.recv() {
                if state.stopping.load(Ordering::SeqCst) {
                    break;
                }
                if request.url().split('?').next() == Some(reload::EVENTS_PATH) {
                    let messages = state.hub.subscribe();
                    let current =
                        state.status.read().ok().and_then(|p| p.clone()).unwrap_or_else(|| reload::event("ok", ""));
                    let writer = request.into_writer();
                    std::thread::spawn(move || reload::stream(writer, messages, Some(current)));
                    continue;
                }
                let url = request.url();
                let path = url.split(['?', '#']).next().unwrap_or_default();
                if is_pdf(path) {
                    // Laying the PDF out may take many seconds: the request waits on a thread
                    // of its own, so that pages are still served meanwhile, however many
                    // tabs ask for the PDF.
                    let (state, options) = (state.clone(), options.clone());
                    std::thread::spawn(move || answer(request, &state, &options));
                    continue;
                }
                answer(request, &state, &options);
            }
        }));
    }
    Ok(Server { url, port_changed, state, http, threads, _watcher: watcher })
}

/// Whether site path `path` is one of the PDFs (made when first asked for).
fn is_pdf(path: &str) -> bool {
    path.contains("/pdf/") && path.ends_with(".pdf")
}

/// Answers a request for a file of the site (made now if it is made when first asked for).
fn answer(request: tiny_http::Request, state: &State, options: &ServeOptions) {
    let site = state.files.read().ok().and_then(|f| f.clone());
    let version = site.as_ref().map_or(0, |(v, _)| *v);
    let site = site.map(|(_, files)| files);
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let files = if path.contains("/_neokit/search-index.js") || path.contains("/_neokit/search/") {
        search_files(state).or(site)
    } else if is_pdf(path) {
        pdf_files(options, state).or(site)
    } else if let Some(print) = print_files(state, path) {
        Some(print)
    } else {
        site
    };
    http::serve_file(request, files.as_deref(), version);
}

/// The current site's search index (written now if nobody asked for it yet).
fn search_files(state: &State) -> Option<Arc<http::Files>> {
    let current = state.search_files.lock().ok()?.clone();
    current.files()
}

/// The current site's print pages, when `path` is one of them (made now if nobody asked for
/// them yet).
fn print_files(state: &State, path: &str) -> Option<Arc<http::Files>> {
    let current = state.print_files.lock().ok()?.clone();
    current.serves(path).then(|| current.files())
}

/// The current site's PDFs: the first request makes them with a whole build (the others
/// wait for it); `None` when that build fails.
fn pdf_files(options: &ServeOptions, state: &State) -> Option<Arc<http::Files>> {
    let current = state.pdf_files.lock().ok()?.clone();
    current
        .get_or_init(|| {
            let report = pipeline::build(&BuildOptions {
                kit_dir: options.kit_dir.clone(),
                overrides: options.overrides.clone(),
                target: OutputTarget::Memory,
                progress: false,
                pdf_cache: options.pdf_cache.clone(),
                ..BuildOptions::default()
            })
            .ok()?;
            let files = report.files.filter(|_| report.success)?;
            Some(Arc::new(files.into_iter().filter(|(path, _)| path.ends_with(".pdf")).collect()))
        })
        .clone()
}

/// Listens on `host:port`, or the next free port after it.
fn listen(host: &str, port: u16) -> anyhow::Result<(tiny_http::Server, bool)> {
    let attempts = if port == 0 { 1 } else { 20 };
    let mut last_error = None;
    for offset in 0..attempts {
        let candidate = port.saturating_add(offset);
        let address = if host.contains(':') { format!("[{host}]:{candidate}") } else { format!("{host}:{candidate}") };
        match tiny_http::Server::http(&address) {
            Ok(server) => return Ok((server, offset > 0)),
            Err(error) => last_error = Some(error),
        }
    }
    anyhow::bail!("cannot listen on {host} from port {port}: {}", last_error.map(|e| e.to_string()).unwrap_or_default())
}

/// Opens `url` in the default browser (best effort).
pub fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    let _ = command;
}
