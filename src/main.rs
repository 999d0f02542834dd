//! The `neokit` command: parses arguments, runs the library, prints what happened.
//!
//! Exit codes: 0 success (warnings allowed), 1 the site could not be built, 2 usage error.

use std::io::{BufRead as _, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use neokit::Report;
use neokit::adopt::{self, Failure, Outcome};
use neokit::check::{self, Repository};
use neokit::cli::{
    AdoptArgs, CheckArgs, Cli, Command, DriftArgs, FleetArgs, InitArgs, PosterArgs, ReviewArgs, ServeArgs,
};
use neokit::config::{self, Overrides};
use neokit::diagnostics::{Diagnostic, Human, Severity};
use neokit::fleet;
use neokit::governance::{calendar_human, calendar_json};
use neokit::init::{self, Names};
use neokit::overlay::drift;
use neokit::pdf_stage;
use neokit::pipeline::{self, BuildOptions, OutputTarget};
use neokit::poster;
use neokit::serve::{self, Event, ServeOptions};
use neokit::translations::{self, Opened};

/// The PDF's layout allocates and frees many small blocks on several threads at once:
/// jemalloc does that faster, and holds less memory, than the C library's allocator.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbose = cli.verbose || std::env::var("NEOKIT_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug"));
    let mut printer = Printer { color: use_color(), quiet: cli.quiet, verbose, base: PathBuf::new() };
    // Commands that read a kit need its folder; `override` and `adopt` say themselves what is missing.
    let (kit_dir, must_exist) = match &cli.command {
        Command::Build(args) => (Some(&args.kit_dir), true),
        Command::Serve(args) => (Some(&args.kit_dir), true),
        Command::Check(args) => (Some(&args.kit_dir), true),
        Command::Drift(args) => (Some(&args.kit_dir), true),
        Command::Review(args) => (Some(&args.kit_dir), true),
        Command::Poster(args) => (Some(&args.kit_dir), true),
        Command::Override(args) => (Some(&args.kit_dir), false),
        Command::Adopt(args) => (Some(&args.kit_dir), false),
        Command::Init(_) | Command::Completions(_) | Command::Man | Command::Fleet(_) => (None, false),
    };
    if let Some(kit_dir) = kit_dir {
        if must_exist && !kit_dir.is_dir() {
            printer.failure(&format!("the kit folder `{}` does not exist", kit_dir.display()));
            return ExitCode::from(2);
        }
        printer.base = kit_dir.clone();
    }
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                kit_dir: args.kit_dir,
                overrides: Overrides {
                    output: args.out,
                    base_url: args.base_url,
                    theme: args.theme,
                    no_pdf: args.no_pdf,
                },
                target: OutputTarget::Disk,
                progress: !cli.quiet,
                verbose,
                pdf_cache: args.cache,
                ..Default::default()
            };
            if let Some(refused) = refused_cache(&options) {
                printer.failure(&refused);
                return ExitCode::from(2);
            }
            build(&options, &printer)
        }
        Command::Serve(args) => serve(args, printer),
        Command::Check(args) => check(args),
        Command::Override(args) => finish_command(adopt::override_page(&args.kit_dir, &args.page), &printer),
        Command::Adopt(args) => match &args.lang {
            Some(language) => adopt_translations(&args, language, &printer),
            None => {
                if args.all
                    && !args.merge
                    && !args.yes
                    && let Some(refused) = confirm_all(adopt::plan_all(&args.kit_dir), None, &printer)
                {
                    return refused;
                }
                let outcome = adopt::adopt(&args.kit_dir, &args.pages, args.all, args.merge);
                finish_command(outcome, &printer)
            }
        },
        Command::Drift(args) => drift(&args, &printer),
        Command::Review(args) => review(&args, &printer),
        Command::Poster(args) => poster(&args, &printer),
        Command::Fleet(args) => fleet(&args, &printer),
        Command::Completions(args) => {
            clap_complete::generate(args.shell, &mut Cli::command(), "neokit", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                printer.failure(&format!("the man page could not be written: {error}"));
                ExitCode::from(1)
            }
        },
        Command::Init(args) => match init::init(&args.dir, &init_names(&args)) {
            Ok(files) => {
                if !cli.quiet {
                    println!("Created a new kit in {} ({} files).", args.dir.display(), files.len());
                    println!("{}", init::checklist(&args.dir));
                    println!("Then: neokit build {}, and open its public/index.html", args.dir.display());
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                printer.failure(&format!("{error:#}"));
                ExitCode::from(1)
            }
        },
    }
}

/// The hospital's names for `init`: from the flags, else asked for when a person is typing
/// (Enter keeps the sample's).
fn init_names(args: &InitArgs) -> Names {
    let given = args.hospital.is_some() || args.unit.is_some() || args.email.is_some();
    let ask = |question: &str| -> Option<String> {
        print!("{question} (Enter keeps the sample's): ");
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).ok()?;
        Some(answer.trim().to_string()).filter(|a| !a.is_empty())
    };
    if given || !std::io::stdin().is_terminal() {
        return Names { hospital: args.hospital.clone(), unit: args.unit.clone(), email: args.email.clone() };
    }
    Names {
        hospital: ask("Your hospital's name"),
        unit: ask("Your unit's name, as pages say it"),
        email: ask("The programme's e-mail address"),
    }
}

/// Why the folder `--cache DIR` names cannot hold the PDF's parts (inside the kit's content or
/// the output folder), when it cannot. A kit whose settings cannot be read is the build's to
/// report.
fn refused_cache(options: &BuildOptions) -> Option<String> {
    chosen(&options.kit_dir, &options.overrides, options.pdf_cache.as_deref()?).err()
}

/// The folder `--cache DIR` names, made absolute, when it may hold the PDF's parts (as given
/// when the kit's settings cannot be read: the build reports that); else why not.
fn chosen(kit_dir: &Path, overrides: &Overrides, dir: &Path) -> Result<PathBuf, String> {
    match config::load(kit_dir, overrides) {
        Ok((config, _)) => pdf_stage::chosen_cache(&config, dir),
        Err(_) => Ok(dir.to_path_buf()),
    }
}

fn build(options: &BuildOptions, printer: &Printer) -> ExitCode {
    let report = match pipeline::build(options) {
        Ok(report) => report,
        Err(error) => {
            printer.failure(&format!("{error:#}"));
            return ExitCode::from(1);
        }
    };
    for diagnostic in &report.diagnostics {
        printer.diagnostic(diagnostic);
    }
    printer.timings(&report);
    let shown_output =
        report.output_dir.strip_prefix(std::env::current_dir().unwrap_or_default()).unwrap_or(&report.output_dir);
    let warnings = match report.warnings() {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    if report.success {
        if !printer.quiet {
            let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            eprintln!(
                "{} {}, {}{warnings} in {:.0} ms -> {}",
                printer.paint("Built", "1;32"),
                count(report.pages, "page", "pages"),
                count(report.assets, "file", "files"),
                report.total_time().as_secs_f64() * 1000.0,
                shown_output.display()
            );
        }
        ExitCode::SUCCESS
    } else {
        let errors = match report.errors() {
            1 => "1 error".to_string(),
            n => format!("{n} errors"),
        };
        eprintln!(
            "{} {errors}{warnings}; {} was left unchanged",
            printer.paint("Build failed:", "1;31"),
            shown_output.display()
        );
        ExitCode::from(1)
    }
}

fn serve(args: ServeArgs, printer: Printer) -> ExitCode {
    let loopback = matches!(args.host.as_str(), "127.0.0.1" | "localhost" | "::1");
    if !loopback {
        eprintln!(
            "{}: the preview listens on {}, so other computers on the network can see it",
            printer.paint("warning", "1;33"),
            args.host
        );
    }
    let printer = std::sync::Arc::new(printer);
    let shown = printer.clone();
    let report_to = std::sync::Arc::new(move |event: Event| match event {
        Event::Built { report, duration, first } => {
            for diagnostic in &report.diagnostics {
                shown.diagnostic(diagnostic);
            }
            shown.timings(report);
            let ms = duration.as_secs_f64() * 1000.0;
            if report.success {
                if !shown.quiet {
                    let verb = if first { "Built" } else { "Rebuilt" };
                    eprintln!("{} {} pages in {ms:.0} ms", shown.paint(verb, "1;32"), report.pages);
                }
            } else if first {
                eprintln!(
                    "{} the kit could not be built yet; fix the problems above and save",
                    shown.paint("Build failed:", "1;31")
                );
            } else {
                eprintln!(
                    "{} still showing the last good version; fix the problems above and save",
                    shown.paint("Build failed:", "1;31")
                );
            }
        }
        Event::Polling { reason } => {
            eprintln!(
                "{}: watching files natively failed ({reason}); checking for changes by polling instead",
                shown.paint("warning", "1;33")
            );
        }
    });
    let options = ServeOptions {
        kit_dir: args.kit_dir.clone(),
        host: args.host.clone(),
        port: args.port,
        poll: args.poll,
        overrides: Overrides::default(),
        full_rebuilds: args.full_rebuilds,
        pdf_cache: None,
    };
    // The folder the watcher leaves alone is the one checked (made absolute).
    let options = match args.cache.as_deref().map(|dir| chosen(&options.kit_dir, &options.overrides, dir)) {
        None => options,
        Some(Ok(folder)) => ServeOptions { pdf_cache: Some(folder), ..options },
        Some(Err(refused)) => {
            printer.failure(&refused);
            return ExitCode::from(2);
        }
    };
    let server = match serve::start(options, report_to) {
        Ok(server) => server,
        Err(error) => {
            printer.failure(&format!("{error:#}"));
            return ExitCode::from(1);
        }
    };
    if server.port_changed {
        eprintln!("Port {} is in use; using the next free port.", args.port);
    }
    eprintln!("Serving {} at {} (Ctrl+C stops)", args.kit_dir.display(), printer.paint(&server.url, "1;36"));
    if args.open {
        serve::open_browser(&server.url);
    }
    server.wait();
    ExitCode::SUCCESS
}

/// `neokit check`: builds without writing and prints the report on standard output.
fn check(args: CheckArgs) -> ExitCode {
    let options =
        BuildOptions { kit_dir: args.kit_dir.clone(), target: OutputTarget::Discard, lint: true, ..Default::default() };
    let report = match pipeline::build(&options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(1);
        }
    };
    let text = match args.format.as_str() {
        "json" => check::json(&report, &args.kit_dir),
        "github" => check::github(&report, &Repository::find(&args.kit_dir)),
        "sarif" => check::sarif(&report, &Repository::find(&args.kit_dir)),
        "gitlab" => check::gitlab(&report, &Repository::find(&args.kit_dir)),
        _ => {
            let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
            check::human(&report, &args.kit_dir, color)
        }
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::from(check::exit_code(&report, args.strict))
}

/// Builds the kit without writing it, for `review` and `poster`; prints errors and returns
/// `None` when the kit cannot be read.
fn governance_of(
    kit_dir: &std::path::Path,
    base_url: Option<String>,
    printer: &Printer,
) -> Option<pipeline::GovernanceReport> {
    let options = BuildOptions {
        kit_dir: kit_dir.to_path_buf(),
        overrides: Overrides { base_url, ..Overrides::default() },
        target: OutputTarget::Discard,
        ..Default::default()
    };
    let report = match pipeline::build(&options) {
        Ok(report) => report,
        Err(error) => {
            printer.failure(&format!("{error:#}"));
            return None;
        }
    };
    for diagnostic in report.diagnostics.iter().filter(|d| d.is_error()) {
        printer.diagnostic(diagnostic);
    }
    if report.errors() > 0 {
        return None;
    }
    report.governance
}

/// `neokit review`: the review calendar on standard output.
fn review(args: &ReviewArgs, printer: &Printer) -> ExitCode {
    let Some(governance) = governance_of(&args.kit_dir, None, printer) else { return ExitCode::from(1) };
    let text = if args.format == "json" {
        calendar_json(&governance.reviews, governance.today, args.owner.as_deref())
    } else {
        calendar_human(&governance.reviews, governance.today, &governance.language, args.owner.as_deref())
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// `neokit poster`: writes the poster file and says where.
fn poster(args: &PosterArgs, printer: &Printer) -> ExitCode {
    let Some(governance) = governance_of(&args.kit_dir, args.base_url.clone(), printer) else {
        return ExitCode::from(1);
    };
    match poster::poster(&governance, &args.page, &args.format) {
        Ok((name, text)) => {
            let path = args.out.clone().unwrap_or_else(|| PathBuf::from(name));
            if let Err(error) = std::fs::write(&path, text) {
                printer.failure(&format!("cannot write {}: {error}", path.display()));
                return ExitCode::from(1);
            }
            if !printer.quiet {
                eprintln!("Wrote the poster to {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            printer.failure(&message);
            ExitCode::from(1)
        }
    }
}

/// `neokit fleet`: every hospital against the current guide; exit 1 when one is behind, 2
/// when a source (or the guide) could not be read.
fn fleet(args: &FleetArgs, printer: &Printer) -> ExitCode {
    if args.format == "html" && args.out.is_none() {
        printer.failure("--format html writes a dashboard: name its folder with --out DIR");
        return ExitCode::from(2);
    }
    if args.format != "html" && args.out.is_some() {
        printer.failure("--out is for --format html; the human and JSON reports go to standard output");
        return ExitCode::from(2);
    }
    let guide = match fleet::Guide::load(&args.upstream, args.version.as_deref()) {
        Ok(guide) => guide,
        Err(message) => {
            printer.failure(&message);
            return ExitCode::from(2);
        }
    };
    let report = fleet::report(&guide, &args.sources);
    match (args.format.as_str(), &args.out) {
        ("html", Some(out)) => {
            if let Err(message) = fleet::html::write(&report, &guide, out) {
                printer.failure(&message);
                return ExitCode::from(2);
            }
            if !printer.quiet {
                let _ = std::io::stdout().write_all(fleet::human::human(&report).as_bytes());
                eprintln!("Wrote the dashboard to {}", out.join("index.html").display());
            }
        }
        ("json", _) => {
            let _ = std::io::stdout().write_all(fleet::json(&report).as_bytes());
        }
        _ => {
            let _ = std::io::stdout().write_all(fleet::human::human(&report).as_bytes());
        }
    }
    ExitCode::from(report.exit_code())
}

/// `adopt --all` (of a hospital's overlay or of translations) without `--yes`: shows `plan`
/// and asks a person in the terminal. None to go ahead, else the exit code: 1 when the answer
/// was no, 2 without a terminal to ask in.
fn confirm_all(plan: Result<Vec<String>, Failure>, language: Option<&str>, printer: &Printer) -> Option<ExitCode> {
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let asked = plan.and_then(|plan| {
        let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout());
        adopt::ask(&plan, language, terminal, &mut input, &mut output)
    });
    match asked {
        Ok(true) => None,
        Ok(false) => Some(ExitCode::from(1)),
        Err(failure) => Some(finish_command(Err(failure), printer)),
    }
}

/// Prints what `override` or `adopt` did, or why not, and gives the exit code.
fn finish_command(outcome: Result<Outcome, Failure>, printer: &Printer) -> ExitCode {
    match outcome {
        Ok(outcome) => {
            for problem in &outcome.problems {
                printer.diagnostic(problem);
            }
            for line in &outcome.lines {
                println!("{line}");
            }
            ExitCode::from(u8::from(outcome.problems.iter().any(Diagnostic::is_error)))
        }
        Err(Failure::Usage(message)) => {
            printer.failure(&message);
            ExitCode::from(2)
        }
        Err(Failure::Problems(problems)) => {
            for problem in &problems {
                printer.diagnostic(problem);
            }
            ExitCode::from(1)
        }
        Err(Failure::Io(error)) => {
            printer.failure(&format!("{error:#}"));
            ExitCode::from(1)
        }
    }
}

/// `neokit drift`: the report on standard output; exit 1 when anything is not current.
fn drift(args: &DriftArgs, printer: &Printer) -> ExitCode {
    if let Some(language) = &args.lang {
        return drift_translations(args, language, printer);
    }
    let (config, applied, problems) = match adopt::open(&args.kit_dir) {
        Ok(opened) => opened,
        Err(failure) => return finish_command(Err(failure), printer),
    };
    // Problems of the overlay (an insert that no longer fits) are context for the report.
    for problem in problems.iter().filter(|p| p.severity != Severity::Note) {
        printer.diagnostic(problem);
    }
    let report = drift::report(&config, &applied);
    let text = match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&report).map(|t| t + "\n").map_err(|e| Failure::Io(e.into())),
        "html" => Ok(drift::html(&report, &config.language)),
        _ => Ok(drift::human_painted(&report, drift_color(args))),
    };
    match text.and_then(|text| write_report(&text, args, printer)) {
        Ok(()) => ExitCode::from(report.exit_code()),
        Err(failure) => finish_command(Err(failure), printer),
    }
}

/// Whether drift's human report marks words with colours: on a terminal, unless `NO_COLOR`.
fn drift_color(args: &DriftArgs) -> bool {
    args.out.is_none() && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// A drift report to `--out FILE`, else to standard output (an HTML report only when that is
/// not a terminal).
fn write_report(text: &str, args: &DriftArgs, printer: &Printer) -> Result<(), Failure> {
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| Failure::Io(anyhow::anyhow!("cannot write the report to {}: {e}", path.display())))?;
            if !printer.quiet {
                let open = if args.format == "html" { ": open it in a web browser" } else { "" };
                eprintln!("Wrote the drift report to {}{open}.", path.display());
            }
            Ok(())
        }
        None if args.format == "html" && std::io::stdout().is_terminal() => Err(Failure::Usage(
            "the HTML report is a file to open in a web browser: add `--out drift.html` (or any file name)".into(),
        )),
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// `neokit drift --lang`: the translator's to-do list.
fn drift_translations(args: &DriftArgs, language: &str, printer: &Printer) -> ExitCode {
    let opened = match translations::open(&args.kit_dir) {
        Ok(opened) => opened,
        Err(problems) => return finish_command(Err(Failure::Problems(problems)), printer),
    };
    if let Some(failure) = unknown_language(&opened, language) {
        return finish_command(Err(failure), printer);
    }
    let lock = match translations::lock(&opened.kit_dir) {
        Ok(lock) => lock,
        Err(problem) => return finish_command(Err(Failure::Problems(vec![problem])), printer),
    };
    let (pairs, missing) = opened.pairs(language);
    let items = translations::items(&opened.kit_dir, &lock, &pairs, &|pair| opened.source_text(pair));
    let report = translations::Report::new(items, missing);
    let text = match args.format.as_str() {
        "json" => serde_json::to_string_pretty(&report).map(|t| t + "\n").unwrap_or_default(),
        "html" => translations::html(&report, &opened.language),
        _ => translations::human_painted(&report, drift_color(args)),
    };
    match write_report(&text, args, printer) {
        Ok(()) => ExitCode::from(report.exit_code()),
        Err(failure) => finish_command(Err(failure), printer),
    }
}

/// `neokit adopt --lang`: pins translated pages to today's source text.
fn adopt_translations(args: &AdoptArgs, language: &str, printer: &Printer) -> ExitCode {
    let opened = match translations::open(&args.kit_dir) {
        Ok(opened) => opened,
        Err(problems) => return finish_command(Err(Failure::Problems(problems)), printer),
    };
    if let Some(failure) = unknown_language(&opened, language) {
        return finish_command(Err(failure), printer);
    }
    let mut lock = match translations::lock(&opened.kit_dir) {
        Ok(lock) => lock,
        Err(problem) => return finish_command(Err(Failure::Problems(vec![problem])), printer),
    };
    let (pairs, _) = opened.pairs(language);
    let source = |pair: &translations::Pair| opened.source_text(pair);
    let items = translations::items(&opened.kit_dir, &lock, &pairs, &source);
    if args.all
        && !args.yes
        && let Some(refused) = confirm_all(Ok(translations::plan_all(&items, language)), Some(language), printer)
    {
        return refused;
    }
    let outcome = translations::adopt(&opened.kit_dir, &mut lock, &items, &args.pages, args.all, &source)
        .map_err(Failure::Problems)
        .and_then(|lines| {
            lock.save(&opened.kit_dir).map_err(Failure::Io)?;
            Ok(Outcome { lines, problems: Vec::new() })
        });
    finish_command(outcome, printer)
}

/// A usage failure when the kit is not translated into `language`.
fn unknown_language(opened: &Opened, language: &str) -> Option<Failure> {
    let languages = opened.languages();
    (language != "all" && !languages.iter().any(|l| l.eq_ignore_ascii_case(language))).then(|| {
        Failure::Usage(format!(
            "this kit has no translation into `{language}`; it has: {}, or `all`",
            languages.join(", ")
        ))
    })
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

struct Printer {
    color: bool,
    quiet: bool,
    verbose: bool,
    /// The kit folder as the user wrote it: message paths are shown from where they ran neokit.
    base: PathBuf,
}

impl Printer {
    /// With `-v`, how long each stage of a build took.
    fn timings(&self, report: &Report) {
        if self.verbose {
            for (stage, time) in &report.timings {
                eprintln!("  {stage:<9} {:>8.1} ms", time.as_secs_f64() * 1000.0);
            }
        }
    }

    /// Diagnostics and messages as people read them, paths shown from the kit folder as given.
    fn human(&self) -> Human<'_> {
        Human { color: self.color, base: Some(&self.base) }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        self.human().paint(text, code)
    }

    fn diagnostic(&self, diagnostic: &Diagnostic) {
        if self.quiet && diagnostic.severity == Severity::Warning {
            return;
        }
        let _ = writeln!(std::io::stderr(), "{}", self.human().diagnostic(diagnostic));
    }

    /// An error that is not about the kit's content: the command could not run.
    fn failure(&self, message: &str) {
        eprintln!("{}: {message}", self.paint("error", "1;31"));
    }
}
