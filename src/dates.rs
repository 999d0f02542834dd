//! "Last updated" dates: from the git history when the kit is in git, else from file times.
//!
//! Input: the content root and the page files. Output: a Unix time per page file. Git is asked
//! once for the whole history (`git log --name-only`), not once per page, so the cost does not
//! grow with the number of pages. Dates are shown in UTC, as day, month and year.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::LastUpdated;
use crate::paths::RelPath;
use crate::source::SourceTree;

/// The date each page was last changed (Unix seconds). Pages of a layer over the content root
/// (an overlay) are dated from their own folder's history.
pub fn last_updated(mode: LastUpdated, tree: &SourceTree, pages: &[RelPath]) -> HashMap<RelPath, i64> {
    if mode == LastUpdated::Off {
        return HashMap::new();
    }
    let mut by_root: std::collections::BTreeMap<PathBuf, Vec<(RelPath, RelPath)>> = Default::default();
    for page in pages {
        let disk = tree.disk_path(page);
        let (root, inside) = match disk.ancestors().nth(page.segments().count()) {
            Some(root) if root.join(page.to_native()) == disk => (root.to_path_buf(), page.clone()),
            _ => match (disk.parent(), disk.file_name().and_then(|n| n.to_str()).and_then(RelPath::new)) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), name),
                _ => continue,
            },
        };
        by_root.entry(root).or_default().push((page.clone(), inside));
    }
    let mut dates = HashMap::new();
    for (root, pages) in by_root {
        let (git, modified) = match mode {
            LastUpdated::Auto | LastUpdated::Git => git_dates(&root).unwrap_or_default(),
            _ => Default::default(),
        };
        let use_files = mode != LastUpdated::Git || git.is_empty();
        for (page, inside) in pages {
            // A file changed since its last commit shows its own time.
            let date = match git.get(&inside) {
                Some(&committed) if !modified.contains(&inside) => Some(committed),
                _ if use_files || modified.contains(&inside) => file_time(&root.join(inside.to_native())),
                _ => None,
            };
            if let Some(date) = date {
                dates.insert(page, date);
            }
        }
    }
    dates
}

fn file_time(path: &Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// Last commit time of every file under `root` (one walk over the history), and the files
/// with uncommitted changes.
fn git_dates(root: &Path) -> Option<(HashMap<RelPath, i64>, std::collections::HashSet<RelPath>)> {
    let status = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "status", "--porcelain", "--no-renames", "--untracked-files=all", "--", "."])
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    // `git status` prints paths from the repository root; `--relative` below does not apply.
    let prefix = Command::new("git").arg("-C").arg(root).args(["rev-parse", "--show-prefix"]).output().ok()?;
    let prefix = String::from_utf8_lossy(&prefix.stdout).trim().to_string();
    let modified = String::from_utf8_lossy(&status.stdout)
        .lines()
        .filter_map(|line| line.get(3..))
        .filter_map(|path| path.trim().trim_matches('"').strip_prefix(prefix.as_str()).and_then(RelPath::new))
        .collect();
    let log = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative", "--", "."])
        .output()
        .ok()?;
    if !log.status.success() {
        return None;
    }
    let mut dates = HashMap::new();
    let mut current = 0i64;
    for line in String::from_utf8_lossy(&log.stdout).lines() {
        if let Some(time) = line.strip_prefix('\0') {
            current = time.trim().parse().unwrap_or(0);
        } else if !line.trim().is_empty()
            && let Some(path) = RelPath::new(line.trim())
        {
            // The log runs newest first: the first time a file appears is its last change.
            dates.entry(path).or_insert(current);
        }
    }
    Some((dates, modified))
}

/// (year, month 1-12, day 1-31) of a Unix time, in UTC.
pub fn civil(time: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let days = time.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-11-26`.
pub fn iso(time: i64) -> String {
    let (y, m, d) = civil(time);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `26 November 2026` (English) or `26 november 2026` (Dutch).
pub fn long(time: i64, language: &str) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let (y, m, d) = civil(time);
    let months = if language.starts_with("nl") { NL } else { EN };
    format!("{d} {} {y}", months[m as usize - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(951_782_400), (2000, 2, 29));
        assert_eq!(civil(1_795_651_200), (2026, 11, 26));
        assert_eq!(iso(1_795_651_200), "2026-11-26");
        assert_eq!(long(1_795_651_200, "en"), "26 November 2026");
        assert_eq!(long(1_795_651_200, "nl-BE"), "26 november 2026");
    }

    #[test]
    fn off_gives_nothing() {
        assert!(
            last_updated(LastUpdated::Off, &SourceTree::default(), &[RelPath::new("README.md").unwrap()]).is_empty()
        );
    }
}
