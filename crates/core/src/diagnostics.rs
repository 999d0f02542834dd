//! Problems found in a kit's content, reported like a compiler does.
//!
//! Every stage that reads content returns its problems as [`Diagnostic`]s instead of stopping
//! at the first one; the pipeline collects them and the binary prints them at the end of a run
//! as `path:line:col: severity: message` with an optional `help:` line. Environment failures
//! (a folder that cannot be read) are `anyhow` errors instead, and bugs panic.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. An error means the site could not be built as written; a note is
/// information (`neokit check` lists external links as notes) and never fails anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file of the kit: the path as the user knows it (relative to the kit folder
/// where possible), 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location { path: path.into(), line, col }
    }

    /// A location for a whole file (line 1, column 1 would be misleading, so 0 means "no line").
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location { path: path.into(), line: 0, col: 0 }
    }
}

impl Location {
    /// `line:col`, `line`, or nothing for a whole file.
    pub fn position(&self) -> String {
        match (self.line, self.col) {
            (0, _) => String::new(),
            (line, 0) => format!("{line}"),
            (line, col) => format!("{line}:{col}"),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string().replace('\\', "/");
        match self.position() {
            position if position.is_empty() => write!(f, "{path}"),
            position => write!(f, "{path}:{position}"),
        }
    }
}

/// One problem. `code` is a short stable identifier (`broken-link`, `unknown-key`, ...) that
/// machine-readable output and tests can rely on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
    /// How this problem relates to others: what it left unread, what it rests on.
    #[serde(skip)]
    pub follow: Option<Box<Follow>>,
}

/// What a problem left unread and what its conclusion rests on, so that problems which
/// follow from another one are left out ([`drop_follow_ons`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Follow {
    /// The part of the kit this problem left unread (a page's front matter, a key of
    /// neokit.yaml): problems that rest on it follow from this one.
    pub unread: Option<Part>,
    /// The parts of the kit this problem's conclusion rests on ("no role page is `chair`"
    /// rests on the role pages' front matter).
    pub rests_on: Vec<Part>,
}

/// A part of the kit that a problem can leave unread and that other conclusions rest on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Front matter: of one page (its path as shown) or of any (`None`); one key or all
    /// (`None`).
    FrontMatter { page: Option<PathBuf>, key: Option<String> },
    /// A key of neokit.yaml, dotted (`people.chair`); `""` is the whole file.
    Config(String),
    /// The kit's variables (`.gitbook/vars.yaml`).
    Vars,
    /// Which pages the site has (SUMMARY.md's entries).
    Pages,
}

impl Part {
    /// A page's front matter: all of it, or the key `key`.
    pub fn front_matter(page: impl Into<PathBuf>, key: Option<String>) -> Self {
        Part::FrontMatter { page: Some(page.into()), key }
    }

    /// The key `key` of any page's front matter (`role`: which pages are role pages).
    pub fn any_front_matter(key: &str) -> Self {
        Part::FrontMatter { page: None, key: Some(key.to_string()) }
    }

    /// Whether a conclusion resting on `other` may be wrong when this part was not read.
    fn covers(&self, other: &Part) -> bool {
        fn either<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        match (self, other) {
            (Part::FrontMatter { page, key }, Part::FrontMatter { page: p, key: k }) => {
                either(page, p) && either(key, k)
            }
            (Part::Config(a), Part::Config(b)) => {
                let within = |inner: &str, outer: &str| {
                    outer.is_empty() || inner == outer || inner.strip_prefix(outer).is_some_and(|r| r.starts_with('.'))
                };
                within(a, b) || within(b, a)
            }
            (Part::Vars, Part::Vars) | (Part::Pages, Part::Pages) => true,
            _ => false,
        }
    }
}

/// Leaves out the problems that follow from another one, as compilers do: a conclusion that
/// rests on a part of the kit another problem left unread (a page whose front matter could
/// not be read is not "no role page"). The problem that left it unread stays, at its place.
pub fn drop_follow_ons(diagnostics: &mut Vec<Diagnostic>) {
    let unread: Vec<Part> = diagnostics.iter().filter_map(|d| d.unread().cloned()).collect();
    if unread.is_empty() {
        return;
    }
    diagnostics.retain(|d| match d.follow.as_deref() {
        Some(Follow { unread: None, rests_on }) => !rests_on.iter().any(|part| unread.iter().any(|u| u.covers(part))),
        _ => true,
    });
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, message.into())
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, message.into())
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Note, code, message.into())
    }

    fn new(severity: Severity, code: &'static str, message: String) -> Self {
        Diagnostic { severity, code, location: None, message, help: None, follow: None }
    }

    /// Marks the part of the kit this problem left unread.
    pub fn leaves_unread(mut self, part: Part) -> Self {
        self.follow.get_or_insert_default().unread = Some(part);
        self
    }

    /// Marks a part of the kit this problem's conclusion rests on.
    pub fn rests_on(mut self, part: Part) -> Self {
        self.add_rests_on(part);
        self
    }

    /// [`Diagnostic::rests_on`] for a problem already made.
    pub fn add_rests_on(&mut self, part: Part) {
        self.follow.get_or_insert_default().rests_on.push(part);
    }

    /// The part of the kit this problem left unread, if it marks one.
    pub fn unread(&self) -> Option<&Part> {
        self.follow.as_ref()?.unread.as_ref()
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same problem as an error.
    pub fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }
}

/// The compiler form without colours, paths as the diagnostic holds them.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Human { color: false, base: None }.diagnostic(self))
    }
}

/// How diagnostics are written for people: the one place that decides the words, the
/// colours and how paths are shown. `neokit build`, the preview and `neokit check` use it.
#[derive(Debug, Clone, Copy)]
pub struct Human<'a> {
    /// Terminal colours (ANSI escapes).
    pub color: bool,
    /// The kit folder as the user wrote it, so paths are shown from where neokit ran; `None`
    /// shows them as the diagnostic holds them.
    pub base: Option<&'a Path>,
}

impl Human<'_> {
    /// `text` in the terminal style `code` (`1;31` bold red, ...) when colours are on.
    pub fn paint(&self, text: &str, code: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    /// The colour of a severity's label.
    pub fn severity_color(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        }
    }

    /// A file as the user ran the command: the base folder joined with a kit-relative path.
    pub fn path(&self, path: &Path) -> String {
        match self.base {
            Some(base) => shown_path(base, path),
            None => path.display().to_string().replace('\\', "/"),
        }
    }

    /// `path:line:col` with the path as [`Human::path`] shows it.
    pub fn location(&self, location: &Location) -> String {
        let mut location = location.clone();
        location.path = PathBuf::from(self.path(&location.path));
        location.to_string()
    }

    /// The compiler form: `path:line:col: severity: message`, then `  help: ...` on a line of
    /// its own.
    pub fn diagnostic(&self, diagnostic: &Diagnostic) -> String {
        let mut line = String::new();
        if let Some(location) = &diagnostic.location {
            line.push_str(&self.paint(&self.location(location), "1"));
            line.push_str(": ");
        }
        line.push_str(&self.paint(diagnostic.severity.label(), Self::severity_color(diagnostic.severity)));
        line.push_str(": ");
        line.push_str(&diagnostic.message);
        if let Some(help) = &diagnostic.help {
            line.push_str(&format!("\n  {}: {help}", self.paint("help", "1;36")));
        }
        line
    }
}

/// A problem's file as the user ran the command: `base` joined with the kit-relative path,
/// without a leading `./`, with `/` between folders.
pub fn shown_path(base: &Path, path: &Path) -> String {
    let joined = if path.is_relative() { base.join(path) } else { path.to_path_buf() };
    let joined = joined.strip_prefix(".").map(Path::to_path_buf).unwrap_or(joined);
    joined.display().to_string().replace('\\', "/")
}

/// The line a location points at, numbered as a compiler shows it (`  12 | text`), read from
/// the file under `kit_dir`; `None` for a whole file or a file that cannot be read.
pub fn source_line(kit_dir: &Path, location: &Location) -> Option<String> {
    if location.line == 0 {
        return None;
    }
    let text = std::fs::read_to_string(kit_dir.join(&location.path)).ok()?;
    let line = text.lines().nth(location.line - 1)?;
    Some(format!("{:>4} | {line}", location.line))
}

/// Sorts diagnostics the way they are printed: by file, line, column, then message, so output
/// is stable whatever order parallel stages produced them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.location.cmp(&b.location).then_with(|| a.message.cmp(&b.message)).then_with(|| a.severity.cmp(&b.severity))
    });
}

/// A problem found at a byte offset of a text whose lines are not counted yet; a
/// [`LineIndex`] of that text turns it into a located [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlocated {
    pub offset: usize,
    pub diagnostic: Diagnostic,
}

impl Unlocated {
    pub fn new(offset: usize, diagnostic: Diagnostic) -> Self {
        Unlocated { offset, diagnostic }
    }
}

/// Maps byte offsets in a text to 1-based line and column numbers.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// Line and column (both 1-based, column in characters) of a byte offset. Offsets past the
    /// end map to the end of the text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    pub fn location(&self, path: &Path, offset: usize) -> Location {
        let (line, col) = self.line_col(offset);
        Location::new(path, line, col)
    }

    /// The problem located in the file `path` this index is of.
    pub fn locate(&self, path: &Path, problem: Unlocated) -> Diagnostic {
        problem.diagnostic.at(self.location(path, problem.offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(5), (2, 2));
        assert_eq!(index.line_col(7), (3, 1));
        assert_eq!(index.line_col(8), (4, 1));
        assert_eq!(index.line_col(100), (4, 2));
    }

    #[test]
    fn people_see_paths_from_the_kit_folder_they_named() {
        let d = Diagnostic::warning("unused-asset", "`old.png` is not used by any page")
            .at(Location::new("a.md", 2, 0))
            .with_help("delete it");
        let plain = Human { color: false, base: Some(Path::new("./kit")) };
        assert_eq!(plain.diagnostic(&d), "kit/a.md:2: warning: `old.png` is not used by any page\n  help: delete it");
        let coloured = Human { color: true, base: Some(Path::new(".")) };
        assert_eq!(
            coloured.diagnostic(&d),
            "\x1b[1ma.md:2\x1b[0m: \x1b[1;33mwarning\x1b[0m: `old.png` is not used by any page\n  \x1b[1;36mhelp\x1b[0m: delete it"
        );
    }

    #[test]
    fn follow_on_problems_are_left_out() {
        let cause = Diagnostic::error("invalid-front-matter", "a `: ` inside the value of `role`")
            .leaves_unread(Part::front_matter("team/chair.md", Some("role".into())));
        let owner = Diagnostic::error("invalid-governance", "owner `chair` is neither a role of this kit nor a name")
            .rests_on(Part::any_front_matter("role"));
        let icon = Diagnostic::warning("unknown-icon", "no icon `x`").rests_on(Part::any_front_matter("icon"));
        let unrelated = Diagnostic::warning("broken-link", "`x.md` does not exist");
        let mut all = vec![owner.clone(), cause.clone(), icon.clone(), unrelated.clone()];
        drop_follow_ons(&mut all);
        assert_eq!(all, [cause.clone(), icon, unrelated.clone()]);
        // Nothing left unread: nothing is left out.
        let mut all = vec![owner.clone(), unrelated];
        drop_follow_ons(&mut all);
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn what_an_unread_part_covers() {
        let whole_page = Part::front_matter("a.md", None);
        assert!(whole_page.covers(&Part::any_front_matter("role")));
        assert!(whole_page.covers(&Part::front_matter("a.md", Some("vars".into()))));
        assert!(!whole_page.covers(&Part::front_matter("b.md", Some("vars".into()))));
        assert!(!Part::front_matter("a.md", Some("description".into())).covers(&Part::any_front_matter("role")));
        let chair = Part::Config("people.chair".into());
        assert!(chair.covers(&Part::Config("people".into())));
        assert!(chair.covers(&Part::Config("people.chair".into())));
        assert!(!chair.covers(&Part::Config("people.chairs".into())));
        assert!(!chair.covers(&Part::Config("people.lead".into())));
        assert!(Part::Config(String::new()).covers(&Part::Config("vars".into())));
        assert!(Part::Config("people".into()).covers(&chair));
        assert!(!Part::Vars.covers(&Part::Pages));
    }

    #[test]
    fn display_like_a_compiler() {
        let d = Diagnostic::error("broken-link", "link to `x.md` matches no page")
            .at(Location::new("content/a.md", 3, 7))
            .with_help("did you mean `y.md`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: link to `x.md` matches no page\n  help: did you mean `y.md`?"
        );
    }
}
