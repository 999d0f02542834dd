//! Command-line interface: `neokit build | serve | check | init | override | drift | adopt |
//! review | fleet | poster | completions | man`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use neokit_core::build_info;

/// `neokit --version`: the version, the commit it was built from, and whether it makes PDFs.
#[cfg(feature = "pdf")]
pub const VERSION: &str = build_info::WITH_PDF;
#[cfg(not(feature = "pdf"))]
pub const VERSION: &str = build_info::WITHOUT_PDF;

/// Builds onboarding kits written in GitBook-flavoured Markdown into static websites that work
/// offline, from a web server or straight from disk.
#[derive(Debug, Parser)]
#[command(name = "neokit", version = VERSION, about, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print timings of each stage and more detail.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Preview the kit in a browser; pages reload by themselves when you save.
    Serve(ServeArgs),
    /// Check the kit without writing anything: broken links, missing files, alt text and more.
    Check(CheckArgs),
    /// Create a new kit in DIR, starting from the sample kit.
    Init(InitArgs),
    /// Copy an upstream page into the overlay to adapt it, and pin it (hospital kits).
    Override(OverrideArgs),
    /// Show which upstream pages and sections changed under the overlay's adapted pages and
    /// inserts (exit 1 when any did).
    Drift(DriftArgs),
    /// After a person has reviewed the upstream changes, pin pages or inserts to today's
    /// upstream text. Never edits the overlay's text.
    Adopt(AdoptArgs),
    /// Print the review calendar: every page's owner, last and next review, soonest first.
    Review(ReviewArgs),
    /// Compare hospitals' published sites with the programme's current guide: which carry text
    /// that changed since (exit 1 when any does, 2 when a site could not be read).
    #[command(disable_version_flag = true)]
    Fleet(FleetArgs),
    /// Write an A4 poster for a page: its title, one line, a QR code and its short link.
    Poster(PosterArgs),
    /// Print shell completions for bash, zsh, fish or powershell (e.g. `neokit completions bash
    /// > /etc/bash_completion.d/neokit`).
    Completions(CompletionsArgs),
    /// Print neokit's man page (troff), e.g. `neokit man > neokit.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The kit folder.
    #[arg(default_value = ".")]
    pub kit_dir: PathBuf,
    /// Only the pages of this owner (a role id or a name).
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// Output format: `human` or `json` (documented in README.md).
    #[arg(long, value_parser = ["human", "json"], default_value = "human")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct FleetArgs {
    /// The programme's current guide (a kit folder).
    #[arg(long, value_name = "DIR")]
    pub upstream: PathBuf,
    /// Each hospital's built site folder, its `_neokit/provenance.json`, or its address.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Output format: `human`, `json` or `html` (a dashboard, written to --out).
    #[arg(long, value_parser = ["human", "json", "html"], default_value = "human")]
    pub format: String,
    /// The folder the dashboard is written to (with --format html; replaced as a whole).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The guide's version label (default: `git describe --tags` of its checkout, else "current").
    #[arg(long, value_name = "LABEL")]
    pub version: Option<String>,
}

#[derive(Debug, Args)]
pub struct PosterArgs {
    /// The page: its file (team/chair.md), its folder in the site or its short link.
    pub page: String,
    /// The kit folder.
    #[arg(long = "kit", value_name = "DIR", default_value = ".")]
    pub kit_dir: PathBuf,
    /// The site's public address, for the QR code (default: `base_url` in neokit.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// `svg`, `html` (an A4 page around the SVG) or `pdf` (one A4 page).
    #[arg(long, value_parser = ["svg", "html", "pdf"], default_value = "svg")]
    pub format: String,
    /// Where to write the poster (default: poster-NAME.svg, .html or .pdf in the current folder).
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OverrideArgs {
    /// The upstream page, as in the upstream SUMMARY.md (e.g. welcome/consent.md).
    pub page: String,
    /// The hospital kit folder.
    #[arg(long = "kit", value_name = "DIR", default_value = ".")]
    pub kit_dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The hospital kit folder.
    #[arg(default_value = ".")]
    pub kit_dir: PathBuf,
    /// Output format: `human` (changed sentences, words marked), `json`, or `html` (a report
    /// that opens in a browser; see docs/guide/hospital-versions.md).
    #[arg(long, value_parser = ["human", "json", "html"], default_value = "human")]
    pub format: String,
    /// Write the report to this file instead of printing it (e.g. `--format html --out drift.html`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The translations into this language instead (`all`: every language): which translated
    /// pages are out of date, with the source's changed sentences to bring over (any format;
    /// see docs/guide/spaces-and-languages.md).
    #[arg(long, value_name = "LANGUAGE")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// Upstream pages (re-pins the page and every insert into it) or insert files.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub pages: Vec<String>,
    /// Adopt everything: every adapted page and insert, and mark every upstream page reviewed.
    #[arg(long)]
    pub all: bool,
    /// Only write PAGE.proposed.md beside each changed page (a three-way merge proposal to
    /// review); pins nothing: adopt the page once a person has gone through the proposal.
    #[arg(long, conflicts_with = "lang")]
    pub merge: bool,
    /// With --all (also with --lang): do not list what will be marked reviewed and ask first
    /// (for scripts).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Pin translated pages of this language (PAGE: the translated page, e.g. nl/consent.md) to
    /// today's source text, after the translator has brought them up to date.
    #[arg(long, value_name = "LANGUAGE")]
    pub lang: Option<String>,
    /// The hospital kit folder.
    #[arg(long = "kit", value_name = "DIR", default_value = ".")]
    pub kit_dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The kit folder (holds neokit.yaml or the GitBook files).
    #[arg(default_value = ".")]
    pub kit_dir: PathBuf,
    /// Where to write the site (overrides `output` in neokit.yaml).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The public address of the site, for canonical links and the sitemap.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// A theme folder to use instead of the one in neokit.yaml.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// Make no PDF this time, whatever `pdf:` in neokit.yaml says (a quicker build).
    #[arg(long)]
    pub no_pdf: bool,
    /// Keep the PDF's laid-out parts in DIR between builds, so that the next build lays out
    /// again only what changed (default: `.<out>.neokit/pdf-cache/` beside the output folder).
    /// Not inside the kit's content nor the output folder.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The kit folder.
    #[arg(default_value = ".")]
    pub kit_dir: PathBuf,
    /// Port to listen on (the next free one is used when it is taken).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 makes the preview visible on the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Watch files by polling (for network drives).
    #[arg(long)]
    pub poll: bool,
    /// Build the whole kit on every save (by default pages nothing changed for are reused).
    #[arg(long)]
    pub full_rebuilds: bool,
    /// Keep the PDF's laid-out parts in DIR, as `neokit build --cache DIR` does.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The kit folder.
    #[arg(default_value = ".")]
    pub kit_dir: PathBuf,
    /// Output format: `human` (grouped per file), `json`, or for CI: `github` (GitHub Actions
    /// annotations), `sarif` (SARIF 2.1.0), `gitlab` (GitLab code quality). Documented in the
    /// user guide, "Checking a kit".
    #[arg(long, value_parser = ["human", "json", "github", "sarif", "gitlab"], default_value = "human")]
    pub format: String,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the kit in (created if missing; existing files are never overwritten).
    pub dir: PathBuf,
    /// Your hospital's name (asked for when not given and a person is typing).
    #[arg(long)]
    pub hospital: Option<String>,
    /// Your unit's name, as pages say it ("St Elsewhere NICU").
    #[arg(long)]
    pub unit: Option<String>,
    /// The programme's e-mail address, for questions.
    #[arg(long)]
    pub email: Option<String>,
}
