//! `neokit override` and `neokit adopt`: the two commands that write a hospital's pins.
//!
//! These are application commands: they load the kit ([`crate::kit::load`], which applies the
//! [`crate::overlay`]) and then write beside it, so they sit above both.
//!
//! Input: the kit folder and what the person named. Output: files in the overlay (a copy of an
//! upstream page, a merge proposal), `neokit.lock` and base copies. Neither ever changes text
//! a person wrote: `override` refuses to overwrite an overlay file, `adopt` only records that
//! the current upstream text was reviewed, and `adopt --merge` only writes a proposal into a
//! file of its own beside the page (and pins nothing: a person adopts the page after going
//! through it). `adopt --all` lists what it would mark reviewed ([`plan_all`]) and asks a
//! person first ([`ask`]).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::governance::Day;
use crate::kit;
use crate::overlay::drift::{self, Status};
use crate::overlay::{self, Applied, PROPOSAL};
use crate::pins::{self, Kind, Lock, LockOnce, Pin};
use neokit_core::diagnostics::{Diagnostic, Location};
use neokit_core::paths::RelPath;

/// Why a command did not do (all of) its work.
#[derive(Debug)]
pub enum Failure {
    /// The command line names something that cannot be (exit 2).
    Usage(String),
    /// Problems with the kit, each with a location where there is one (exit 1).
    Problems(Vec<Diagnostic>),
    /// The disk failed us (exit 1).
    Io(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Io(error)
    }
}

/// What a command did: lines for the person, and problems met on the way (exit 1 when any).
#[derive(Debug, Default)]
pub struct Outcome {
    pub lines: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// The configuration and the applied overlay of a kit built on an upstream guide, with the
/// lock read (a damaged one is an error).
pub fn open(kit_dir: &Path) -> Result<(Config, Applied, Vec<Diagnostic>), Failure> {
    let (config, problems) = config::load(kit_dir, &config::Overrides::default())?;
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure::Problems(problems));
    }
    if config.upstream.is_none() {
        return Err(Failure::Problems(vec![
            Diagnostic::error("no-upstream", "this kit is not built on an upstream guide")
                .at(Location::file(config::CONFIG_FILE))
                .with_help("add `upstream: { path: ../the-shared-guide, version: \"2026.11\" }` to neokit.yaml"),
        ]));
    }
    // The lock is read once, here; the commands take it from the applied overlay.
    let (kit, mut problems) = kit::load(&config, true, &LockOnce::new(&config.kit_dir));
    // Drift is what the commands report themselves.
    problems.retain(|p| p.code != "drift");
    let applied = kit.overlay.unwrap_or_default();
    if let Some(problem) = problems.iter().find(|p| p.code == "invalid-lock") {
        return Err(Failure::Problems(vec![problem.clone().into_error()]));
    }
    Ok((config, applied, problems))
}

/// Removes `./` and a leading overlay folder name from a path given on the command line.
fn written_path(config: &Config, text: &str) -> String {
    let text = text.trim().replace('\\', "/");
    let text = text.trim_start_matches("./").to_string();
    let overlay =
        config.upstream.as_ref().and_then(|u| u.overlay_dir.file_name()).map(|n| n.to_string_lossy().to_string());
    match overlay {
        Some(name) if text.starts_with(&format!("{name}/inserts/")) => text,
        Some(name) => text.strip_prefix(&format!("{name}/")).map(str::to_string).unwrap_or(text),
        None => text,
    }
}

/// The lock as [`open`] read it, or a new one.
fn pinned(applied: &Applied) -> Lock {
    applied.lock.as_deref().cloned().unwrap_or_default()
}

fn upstream_text(applied: &Applied, path: &str) -> Option<String> {
    let path = RelPath::new(path)?;
    std::fs::read_to_string(applied.upstream_root.join(path.to_native())).ok()
}

fn did_you_mean(wanted: &str, applied: &Applied) -> Option<String> {
    overlay::suggestion(wanted, &applied.upstream_pages)
}

/// A new lock starts from today's upstream: every upstream page counts as reviewed as it is
/// now, so that "changed upstream" and "new upstream" mean "since we started".
fn baseline(lock: &mut Lock, applied: &Applied) {
    if lock.pages.is_empty() {
        for page in &applied.upstream_pages {
            if let Some(text) = upstream_text(applied, page.as_str()) {
                lock.pages.insert(page.to_string(), pins::hash(&text));
            }
        }
    }
}

fn pin_for(
    config: &Config,
    path: &str,
    kind: Kind,
    insert: Option<String>,
    section: Option<String>,
    text: &str,
) -> Pin {
    Pin {
        path: path.to_string(),
        kind,
        insert,
        section,
        language: None,
        translation: None,
        version: config.upstream.as_ref().and_then(|u| u.version.clone()),
        fingerprint: pins::fingerprint(text),
    }
}

/// `neokit override PAGE`: copies an upstream page into the overlay and pins it.
pub fn override_page(kit_dir: &Path, page: &str) -> Result<Outcome, Failure> {
    let (config, applied, _) = open(kit_dir)?;
    let Some(upstream) = &config.upstream else { return Err(Failure::Usage("no upstream".into())) };
    let written = written_path(&config, page);
    let Some(path) = RelPath::new(&written).filter(|p| p.extension() == "md" && !written.starts_with('/')) else {
        return Err(Failure::Usage(format!("`{page}` is not the path of an upstream page (e.g. welcome/consent.md)")));
    };
    let Some(text) = upstream_text(&applied, path.as_str()) else {
        let mut problem = Diagnostic::error("no-such-page", format!("the upstream guide has no page `{path}`"));
        if let Some(help) = did_you_mean(path.as_str(), &applied) {
            problem = problem.with_help(help);
        }
        return Err(Failure::Problems(vec![problem]));
    };
    let target = upstream.overlay_dir.join(path.to_native());
    let shown = config.display_path(&target);
    if target.exists() {
        return Err(Failure::Problems(vec![
            Diagnostic::error("exists", format!("`{}` already exists; it is left as it is", shown.display()))
                .at(Location::file(&shown))
                .with_help("edit it, or delete it first to start again from the upstream text"),
        ]));
    }
    let mut lock = pinned(&applied);
    baseline(&mut lock, &applied);
    let mut outcome = Outcome::default();
    for insert in applied.inserts.iter().filter(|i| i.page == path) {
        outcome.problems.push(
            Diagnostic::warning("insert-on-replaced", format!("`{}` goes into this page", insert.file))
                .at(Location::file(&insert.file))
                .with_help("move its text into the copy and delete the insert; inserts cannot go into replaced pages"),
        );
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    let bytes = std::fs::read(applied.upstream_root.join(path.to_native()))
        .map_err(|e| anyhow::anyhow!("cannot read the upstream page: {e}"))?;
    std::fs::write(&target, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", target.display()))?;
    pins::write_base(kit_dir, path.as_str(), &text)?;
    lock.pins.retain(|p| !(p.kind == Kind::Page && p.path == path.as_str()));
    lock.pins.push(pin_for(&config, path.as_str(), Kind::Page, None, None, &text));
    lock.pages.insert(path.to_string(), pins::hash(&text));
    lock.upstream = upstream.written.clone();
    lock.save(kit_dir)?;
    let version = upstream.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    outcome.lines.push(format!("Copied `{path}` from upstream{version} to `{}` and pinned it.", shown.display()));
    outcome.lines.push("Edit the copy; `neokit drift` tells you when upstream changes the text it came from.".into());
    if !applied.upstream_pages.contains(&path) {
        outcome
            .lines
            .push(format!("`{path}` is not a page of the navigation: the copy replaces it wherever it is included."));
    }
    Ok(outcome)
}

/// `neokit adopt`: records that a person reviewed today's upstream text of the named pages and
/// inserts (or of everything), by pinning them to it. With `merge`, only writes a merge
/// proposal beside each changed page, and pins nothing.
pub fn adopt(kit_dir: &Path, targets: &[String], all: bool, merge: bool) -> Result<Outcome, Failure> {
    let (config, applied, _) = open(kit_dir)?;
    let Some(upstream) = &config.upstream else { return Err(Failure::Usage("no upstream".into())) };
    if !all && targets.is_empty() {
        return Err(Failure::Usage("name the pages or inserts to adopt, or use --all".into()));
    }
    let items = &applied.drift;
    let mut chosen: Vec<&drift::Item> = Vec::new();
    let mut reviewed_pages: Vec<String> = Vec::new();
    for target in targets {
        let written = written_path(&config, target);
        let matching: Vec<&drift::Item> = items
            .iter()
            .filter(|i| i.path == written || i.insert.as_deref() == Some(&written) || i.overlay == written)
            .collect();
        if matching.is_empty() {
            if applied.upstream_pages.iter().any(|p| p.as_str() == written) {
                reviewed_pages.push(written);
                continue;
            }
            let mut message = format!("`{target}` is not an adapted page, an insert or an upstream page");
            if let Some(help) = did_you_mean(&written, &applied) {
                message.push_str(&format!(" ({help})"));
            }
            return Err(Failure::Usage(message));
        }
        chosen.extend(matching);
    }
    if all {
        chosen = items.iter().collect();
    }
    if merge {
        return propose_all(&config, &applied, &chosen, &reviewed_pages);
    }
    let today = Day::today(None).map_err(Failure::Usage)?.iso();
    let mut lock = pinned(&applied);
    baseline(&mut lock, &applied);
    let mut outcome = Outcome::default();
    let version = upstream.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let event = |path: &str| pins::Event {
        path: Some(path.to_string()),
        version: upstream.version.clone(),
        ..pins::Event::new(&today, pins::EventKind::Adopted)
    };
    let mut events = Vec::new();
    for item in chosen {
        let Some(text) = upstream_text(&applied, &item.path) else {
            outcome.problems.push(cannot_adopt(item, "the upstream guide no longer has this page"));
            continue;
        };
        if item.status == Status::Removed {
            outcome.problems.push(cannot_adopt(item, "its section is no longer in the upstream page"));
            continue;
        }
        pins::write_base(kit_dir, &item.path, &text)?;
        let pin = pin_for(&config, &item.path, item.kind, item.insert.clone(), item.section.clone(), &text);
        let same = |p: &Pin| p.kind == pin.kind && p.path == pin.path && p.insert == pin.insert;
        if item.status == Status::Changed {
            let before = lock.pins.iter().find(|p| same(p));
            events.push(pins::Event {
                insert: item.insert.clone(),
                sections: section_titles(before.map(|p| &p.fingerprint), &pin.fingerprint, item.section.as_deref()),
                ..event(&item.path)
            });
        }
        lock.pins.retain(|p| !same(p));
        lock.pins.push(pin);
        lock.pages.insert(item.path.clone(), pins::hash(&text));
        let was = match (item.status, &item.pinned_version) {
            (Status::Unpinned, _) => " (it was not pinned)".to_string(),
            (Status::Current, _) => " (unchanged)".to_string(),
            (_, Some(v)) => format!(" (was {v})"),
            _ => String::new(),
        };
        outcome.lines.push(format!("Pinned `{}` to upstream{version}{was}.", item.target()));
        if item.kind == Kind::Page && kit_dir.join(proposal_path(item)).exists() {
            outcome.lines.push(format!(
                "`{}` is still there: delete it once you have taken what you need from it (it is never published).",
                proposal_path(item).display()
            ));
        }
    }
    // Upstream pages the hospital did not change: a change is recorded when the text differs
    // from the one last reviewed.
    let review = |lock: &mut Lock, events: &mut Vec<pins::Event>, page: &str| {
        let text = upstream_text(&applied, page)?;
        let hash = pins::hash(&text);
        let pinned = events.iter().any(|e| e.path.as_deref() == Some(page));
        if !pinned && lock.pages.get(page).is_some_and(|h| *h != hash) {
            events.push(event(page));
        }
        lock.pages.insert(page.to_string(), hash);
        Some(())
    };
    for page in &reviewed_pages {
        if review(&mut lock, &mut events, page).is_some() {
            outcome.lines.push(format!("Marked `{page}` as reviewed at upstream{version}."));
        }
    }
    if all {
        let known = std::mem::take(&mut lock.pages);
        for page in &applied.upstream_pages {
            if let Some(hash) = known.get(page.as_str()) {
                lock.pages.insert(page.to_string(), hash.clone());
            }
            review(&mut lock, &mut events, page.as_str());
        }
        let before = lock.pins.len();
        lock.pins.retain(|p| {
            p.kind == Kind::Translation
                || items.iter().any(|i| i.path == p.path && i.insert == p.insert && i.kind == p.kind)
        });
        if lock.pins.len() < before {
            outcome
                .lines
                .push(format!("Forgot {} pin(s) of files no longer in the overlay.", before - lock.pins.len()));
        }
        if upstream.version.is_some() && lock.upstream_version != upstream.version {
            events.insert(
                0,
                pins::Event {
                    version: upstream.version.clone(),
                    previous: lock.upstream_version.clone(),
                    ..pins::Event::new(&today, pins::EventKind::Upstream)
                },
            );
        }
        lock.upstream_version = upstream.version.clone();
        outcome.lines.push(format!("Every upstream page is marked as reviewed at upstream{version}."));
    }
    lock.history.extend(events);
    lock.upstream = upstream.written.clone();
    lock.save(kit_dir)?;
    Ok(outcome)
}

/// The titles of the sections that changed between a pin and a new fingerprint: for an
/// insert, only within its section.
fn section_titles(before: Option<&pins::Fingerprint>, after: &pins::Fingerprint, section: Option<&str>) -> Vec<String> {
    let Some(section) = section else { return pins::changed_titles(before, after) };
    let subtree = |f: &pins::Fingerprint| pins::Fingerprint {
        hash: String::new(),
        sections: f.subtree(section).map(<[_]>::to_vec).unwrap_or_default(),
    };
    pins::changed_titles(before.map(subtree).as_ref(), &subtree(after))
}

fn cannot_adopt(item: &drift::Item, why: &str) -> Diagnostic {
    let help = match &item.moved_to {
        Some(to) => format!("it is now at `{to}`: point the overlay there, then adopt it"),
        None => "delete the overlay file or point it at another page or section".into(),
    };
    Diagnostic::error("cannot-adopt", format!("`{}` cannot be adopted: {why}", item.target()))
        .at(Location::file(&item.overlay))
        .with_help(help)
}

/// `adopt --merge`: a proposal beside each changed page among `chosen`; nothing is pinned.
fn propose_all(
    config: &Config,
    applied: &Applied,
    chosen: &[&drift::Item],
    reviewed_pages: &[String],
) -> Result<Outcome, Failure> {
    let lock = pinned(applied);
    let mut outcome = Outcome::default();
    let mut proposed = Vec::new();
    for item in chosen {
        let why = match item.status {
            _ if item.kind != Kind::Page => {
                Some("an insert: its text is yours alone; `neokit drift` shows what changed around it")
            }
            Status::Changed => None,
            Status::Current => Some("unchanged upstream since it was pinned: nothing to propose"),
            Status::Unpinned => Some("not pinned, so there is no earlier text to merge from"),
            Status::Removed => Some("no longer upstream"),
        };
        if let Some(why) = why {
            outcome.lines.push(format!("No proposal for `{}`: {why}.", item.target()));
            continue;
        }
        let Some(today) = upstream_text(applied, &item.path) else {
            outcome.problems.push(cannot_adopt(item, "the upstream guide no longer has this page"));
            continue;
        };
        match propose(config, &lock, item, &today) {
            Ok(Some(line)) => {
                outcome.lines.push(line);
                proposed.push(item.target().to_string());
            }
            Ok(None) => {}
            Err(problem) => outcome.problems.push(problem),
        }
    }
    for page in reviewed_pages {
        outcome.lines.push(format!("No proposal for `{page}`: it is published here as upstream has it."));
    }
    if !proposed.is_empty() {
        outcome.lines.push(format!(
            "Nothing is pinned yet. Take what you need from each proposal into your page and delete the proposal; \
then `neokit adopt {}` records the review.",
            proposed.join(" ")
        ));
    }
    Ok(outcome)
}

/// Where `adopt --merge` writes an overlay page's proposal, from the kit folder.
fn proposal_path(item: &drift::Item) -> PathBuf {
    PathBuf::from(format!("{}{PROPOSAL}", item.overlay.trim_end_matches(".md")))
}

/// What `adopt --all` would record as reviewed, for a person to read before saying yes: the
/// changed, unpinned and removed items, the changed and new upstream pages, the pins it would
/// forget and the upstream version. Writes nothing.
pub fn plan_all(kit_dir: &Path) -> Result<Vec<String>, Failure> {
    let (config, applied, _) = open(kit_dir)?;
    let report = drift::report(&config, &applied);
    let version = report.upstream.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let mut lines = vec![format!(
        "`neokit adopt --all` records that a person has reviewed everything below against upstream{version}:"
    )];
    let mut group = |title: &str, entries: Vec<String>| {
        if !entries.is_empty() {
            lines.push(format!("  {title}:"));
            lines.extend(entries.into_iter().map(|e| format!("    {e}")));
        }
    };
    let of = |status: Status| -> Vec<String> {
        report
            .items
            .iter()
            .filter(|i| i.status == status)
            .map(|i| match &i.section {
                Some(section) => format!("{} (into {}#{section})", i.overlay, i.path),
                None => format!("{} (upstream {})", i.overlay, i.path),
            })
            .collect()
    };
    group("changed upstream, to be marked reviewed", of(Status::Changed));
    group("not pinned yet, to be pinned to today's upstream text", of(Status::Unpinned));
    group("published here unchanged but changed upstream, to be marked reviewed", report.upstream_changed.clone());
    group("new upstream pages, to be marked reviewed", report.upstream_new.clone());
    group("gone upstream: left as they are (point them at where the text went first)", of(Status::Removed));
    group("notes", report.notes.clone());
    let lock = pinned(&applied);
    let upstream_version = config.upstream.as_ref().and_then(|u| u.version.clone());
    if upstream_version.is_some() && lock.upstream_version != upstream_version {
        let from = lock.upstream_version.as_deref().map(|v| format!(" (was {v})")).unwrap_or_default();
        lines.push(format!("  the upstream version reviewed becomes{version}{from}"));
    }
    let current = report.items.iter().filter(|i| i.status == Status::Current).count();
    if current > 0 {
        let what = if current == 1 {
            "1 adapted page or insert unchanged upstream since it was".to_string()
        } else {
            format!("{current} adapted pages or inserts unchanged upstream since they were")
        };
        lines.push(format!("  and {what} last reviewed."));
    }
    if lines.len() == 1 {
        lines.push("  nothing changed upstream since the last review.".into());
    }
    Ok(lines)
}

/// Asks a person whether `adopt --all` (of the translations into `language`, when given) may
/// go ahead, after showing them `plan`: true only for "y" or "yes". Without a terminal
/// (`terminal` false) it does not ask, and refuses.
pub fn ask(
    plan: &[String],
    language: Option<&str>,
    terminal: bool,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<bool, Failure> {
    if !terminal {
        let lang = language.map(|language| format!(" --lang {language}")).unwrap_or_default();
        return Err(Failure::Usage(format!(
            "`neokit adopt{lang} --all` marks every change as reviewed, so it lists them and asks first, \
but there is no terminal to ask in. Run it in a terminal, or add `--yes` where a script runs it \
after a person has reviewed the changes (`neokit drift{lang}`)."
        )));
    }
    let io = |e: std::io::Error| Failure::Io(anyhow::anyhow!("cannot ask: {e}"));
    for line in plan {
        writeln!(output, "{line}").map_err(io)?;
    }
    write!(output, "Has a person reviewed these changes, and should they be marked as reviewed? [y/N] ").map_err(io)?;
    output.flush().map_err(io)?;
    let mut answer = String::new();
    input.read_line(&mut answer).map_err(io)?;
    let yes = matches!(answer.trim().to_lowercase().as_str(), "y" | "yes");
    if !yes {
        writeln!(output, "Nothing was marked as reviewed.").map_err(io)?;
    }
    Ok(yes)
}

/// Writes `PAGE.proposed.md` beside the overlay page: the local text with the upstream changes
/// since the pin merged in, conflicts marked. Returns the line to print.
fn propose(config: &Config, lock: &Lock, item: &drift::Item, today: &str) -> Result<Option<String>, Diagnostic> {
    let Some(pin) = lock.pins.iter().find(|p| p.kind == Kind::Page && p.path == item.path) else { return Ok(None) };
    let pins::Base::Found(base) = pins::read_base(&config.kit_dir, pin) else {
        return Err(Diagnostic::error("cannot-merge", "the base copy is missing, so no merge can be proposed")
            .at(Location::file(&item.overlay))
            .with_help("compare the page with upstream by hand, then run `neokit adopt` without --merge"));
    };
    let ours_path = config.kit_dir.join(&item.overlay);
    let ours = std::fs::read_to_string(&ours_path).map_err(|e| {
        Diagnostic::error("unreadable", format!("cannot read the overlay page: {e}")).at(Location::file(&item.overlay))
    })?;
    let proposal_path = proposal_path(item);
    if config.kit_dir.join(&proposal_path).exists() {
        return Err(Diagnostic::error(
            "exists",
            format!("`{}` already exists; it is left as it is", proposal_path.display()),
        )
        .at(Location::file(&proposal_path))
        .with_help("finish going through it and delete it; then `neokit adopt` the page, or run --merge again"));
    }
    let (merged, conflicts) = pins::merge_proposal(&base, &ours, today);
    std::fs::write(config.kit_dir.join(&proposal_path), merged).map_err(|e| {
        Diagnostic::error("unwritable", format!("cannot write the proposal: {e}")).at(Location::file(&proposal_path))
    })?;
    let note = if conflicts { "; conflicts are marked with <<<<<<< and >>>>>>>" } else { "" };
    Ok(Some(format!(
        "Wrote `{}`: your page with the upstream changes merged in{note}. Nothing was changed in `{}`.",
        proposal_path.display(),
        item.overlay
    )))
}
