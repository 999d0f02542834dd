//! Hostile kits: each is built by the `neokit` binary in a child process, under a memory limit
//! and a time limit, so that a crash, a hang or a runaway allocation fails the test instead of
//! the test run. None may panic; bad input is reported with its file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space a build may use (1.5 GB, far above what these kits need).
const MEMORY_KB: u64 = 1_500_000;
const TIME_LIMIT: Duration = Duration::from_secs(90);

struct Outcome {
    code: i32,
    stderr: String,
    out: PathBuf,
    /// The processor time the build used (user and system; on Linux, else the wall-clock
    /// time): other work on the machine does not change it much.
    cpu: Duration,
}

/// The processor time a finished but not yet reaped child used, from `/proc` (Linux).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    if fields.first() != Some(&"Z") {
        return None;
    }
    // utime and stime, in clock ticks (100 a second on Linux).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn write(root: &Path, files: &[(&str, &[u8])]) {
    for (path, content) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// Builds `kit` into `<kit>/../site` and returns how it ended.
fn build(kit: &Path) -> Outcome {
    let out = kit.parent().unwrap().join("site");
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_KB} && exec \"$0\" build \"$1\" --out \"$2\""))
            .arg(env!("CARGO_BIN_EXE_neokit"));
        c
    } else {
        let mut c = Command::new(env!("CARGO_BIN_EXE_neokit"));
        c.arg("build");
        c
    };
    let mut child =
        command.arg(kit).arg(&out).env("NO_COLOR", "1").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    let mut cpu = None;
    let status = loop {
        cpu = cpu.or_else(|| cpu_time(child.id()));
        // Reaped once ended (a zombie until then, whose time can still be read), or at once
        // where that cannot be told.
        let reap = cpu.is_some() || !cfg!(target_os = "linux");
        if reap && let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("{}: the build did not finish within {TIME_LIMIT:?}", kit.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let code = status.code().unwrap_or_else(|| panic!("{}: killed by a signal\n{stderr}", kit.display()));
    assert!(code == 0 || code == 1, "{}: exit code {code}\n{stderr}", kit.display());
    assert!(!stderr.contains("panicked"), "{}: panicked\n{stderr}", kit.display());
    Outcome { code, stderr, out, cpu: cpu.unwrap_or_else(|| started.elapsed()) }
}

fn kit(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit");
    write(&kit, files);
    (dir, kit)
}

/// Every file below `dir`, read as text where possible.
fn all_output(dir: &Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect()
}

#[test]
fn invalid_utf8_names_the_file() {
    let (_dir, kit) =
        kit(&[("README.md", b"# Home\n\nSee [notes](notes.md).\n"), ("notes.md", b"# Notes\n\nBad \xff\xfe bytes\n")]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("notes.md:3") && outcome.stderr.contains("not valid UTF-8"), "{}", outcome.stderr);
}

#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn a_50_mb_page_is_refused_with_its_name() {
    let mut page = b"# Big\n\n".to_vec();
    let line = b"A paragraph about neonatal care and video review, repeated to fill the page.\n\n";
    while page.len() < 50_000_000 {
        page.extend_from_slice(line);
    }
    let (_dir, kit) = kit(&[("README.md", b"# Home\n\n[Big](big.md)\n"), ("big.md", &page)]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("big.md") && outcome.stderr.contains("over 10 MB"), "{}", outcome.stderr);
}

#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn ten_thousand_levels_of_nesting_build() {
    let deep = 10_000;
    let quotes = format!("# Quotes\n\n{}x\n", "> ".repeat(deep));
    let lists = format!("# Lists\n\n{}x\n", "- ".repeat(deep));
    let blocks =
        format!("# Blocks\n\n{}x\n{}", "{% hint style=\"info\" %}\n".repeat(deep), "{% endhint %}\n".repeat(deep));
    let html = format!("# HTML\n\n{}x{}\n", "<div>".repeat(deep), "</div>".repeat(deep));
    let inline = format!(
        "# Inline\n\n{}x{}(y)\n\n{}x{}\n",
        "[".repeat(deep),
        "]".repeat(deep),
        "*".repeat(deep),
        "*".repeat(deep)
    );
    let summary: String = std::iter::once("* [Home](README.md)\n".to_string())
        .chain((1..=5).map(|i| format!("* [{i}]({i}.md)\n")))
        .chain((0..2000).map(|i| format!("{}* [Deep {i}](deep.md#d{i})\n", "  ".repeat(i + 1))))
        .collect();
    let (_dir, kit) = kit(&[
        ("README.md", b"# Home\n"),
        ("1.md", quotes.as_bytes()),
        ("2.md", lists.as_bytes()),
        ("3.md", blocks.as_bytes()),
        ("4.md", html.as_bytes()),
        ("5.md", inline.as_bytes()),
        ("deep.md", b"# Deep\n"),
        ("SUMMARY.md", summary.as_bytes()),
    ]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("more than 12 levels deep"), "{}", outcome.stderr);
    assert!(outcome.out.join("3/index.html").exists());
}

#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn a_hundred_thousand_headings_build() {
    let page: String =
        std::iter::once("# Many\n\n".to_string()).chain((0..100_000).map(|i| format!("## Heading {i}\n\n"))).collect();
    let same: String =
        std::iter::once("# Same\n\n".to_string()).chain((0..20_000).map(|_| "## Same\n\n".to_string())).collect();
    let (_dir, kit) = kit(&[
        ("README.md", b"# Home\n\n[a](many.md) [b](same.md)\n"),
        ("many.md", page.as_bytes()),
        ("same.md", same.as_bytes()),
    ]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let same = std::fs::read_to_string(outcome.out.join("same/index.html")).unwrap();
    assert!(same.contains("id=\"same-19999\""), "duplicate headings get numbered anchors");
}

#[test]
#[ignore = "slow: runs in CI with `cargo test --release -- --ignored`"]
fn openers_without_closers_build_in_linear_time() {
    // Half a megabyte, then a megabyte, of one opener each, with nothing to close it: searching
    // for the closer once per opener would take hours. Twice the text must take about twice
    // the time (processor time, compared: no deadline a slow machine could miss).
    let cpu = |bytes: usize| {
        let openers = ["{%", "<code class=\"expression\">", "<i class=\"fa-x\" ", "<i ", "`", "$$", ":a"];
        let pages: Vec<(String, String)> = openers
            .iter()
            .enumerate()
            .map(|(n, opener)| {
                (format!("p{n}.md"), format!("# Page\n\n{{% hint %}} :x: {}\n", opener.repeat(bytes / opener.len())))
            })
            .collect();
        let mut files: Vec<(&str, &[u8])> = pages.iter().map(|(p, c)| (p.as_str(), c.as_bytes())).collect();
        let links: String = pages.iter().map(|(p, _)| format!("[{p}]({p}) ")).collect();
        let readme = format!("# Home\n\n{links}\n");
        files.push(("README.md", readme.as_bytes()));
        // The pages' text, not the PDF's layout of a megabyte-long word, is what is timed.
        files.push(("neokit.yaml", b"pdf: false\n"));
        let (_dir, kit) = kit(&files);
        build(&kit).cpu
    };
    let (half, whole) = (cpu(500_000), cpu(1_000_000));
    let ratio = whole.as_secs_f64() / half.as_secs_f64().max(0.01);
    assert!(ratio < 3.0, "twice the text took {ratio:.1} times as long ({half:?}, then {whole:?}): not linear");
}

#[test]
fn include_bombs_are_stopped() {
    // Twelve includes that each include the next ten times: 10^12 copies if expanded.
    let mut files: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| {
            let include = format!("{{% include \"i{}.md\" %}}\n\n", i + 1);
            (format!(".gitbook/includes/i{i}.md"), format!("Level {i}.\n\n{}", include.repeat(10)).into_bytes())
        })
        .collect();
    files.push((".gitbook/includes/i12.md".into(), b"Leaf.\n".to_vec()));
    files.push(("README.md".into(), b"# Home\n\n{% include \".gitbook/includes/i0.md\" %}\n".to_vec()));
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let (_dir, kit) = kit(&files);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("`README.md` grows too large"), "{}", outcome.stderr);
    assert_eq!(outcome.stderr.matches("error:").count(), 1, "{}", outcome.stderr);
}

#[test]
fn billion_laughs_yaml_is_refused_quickly() {
    let mut laughs = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for pair in names.windows(2) {
        laughs.push_str(&format!("{}: &{} [{}]\n", pair[1], pair[1], vec![format!("*{}", pair[0]); 9].join(",")));
    }
    let front = format!("---\nvars:\n  {}  z: *i\n---\n# Home\n", laughs.replace('\n', "\n  "));
    let vars = format!("{laughs}z: *i\n");
    let (_dir, kit) = kit(&[("README.md", front.as_bytes()), (".gitbook/vars.yaml", vars.as_bytes())]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("README.md:2") && outcome.stderr.contains("expand to too much data"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("vars.yaml"), "{}", outcome.stderr);

    let config = format!("title: Laughs\nx-anchors:\n  {}\n", laughs.replace('\n', "\n  "));
    let (_dir, kit) = self::kit(&[("README.md", b"# Home\n"), ("neokit.yaml", config.as_bytes())]);
    let outcome = build(&kit);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("neokit.yaml"), "{}", outcome.stderr);
}

#[test]
fn nothing_outside_the_kit_is_read_or_published() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("outside/secret.md", b"# Secret\n\nTOPSECRET\n"), ("outside/secret.png", b"PNGTOPSECRET")]);
    let kit = dir.path().join("kit");
    write(
        &kit,
        &[
            (
                "README.md",
                b"# Home\n\n![x](../outside/secret.png) [s](../outside/secret.md) <img src=\"../outside/secret.png\">\n\n{% include \"../outside/secret.md\" %}\n\n{% file src=\"../outside/secret.png\" %}\n",
            ),
            ("SUMMARY.md", b"* [Home](README.md)\n* [Secret](../outside/secret.md)\n* [Linked](linked.md)\n"),
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(dir.path().join("outside/secret.md"), kit.join("linked.md")).unwrap();
        std::fs::create_dir_all(kit.join(".gitbook/assets")).unwrap();
        symlink(dir.path().join("outside/secret.png"), kit.join(".gitbook/assets/s.png")).unwrap();
        symlink(dir.path().join("outside"), kit.join("outside-folder")).unwrap();
        // A loop: a folder that contains a link to itself and one to the kit.
        std::fs::create_dir_all(kit.join("loop")).unwrap();
        symlink(kit.join("loop"), kit.join("loop/again")).unwrap();
        symlink(&kit, kit.join("loop/kit")).unwrap();
        std::fs::write(kit.join("notes.md"), "# Notes\n\n![s](.gitbook/assets/s.png) [o](outside-folder/secret.md)\n")
            .unwrap();
    }
    let outcome = build(&kit);
    // Everything outside the kit is left out with a warning, as GitBook leaves it out.
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("outside"), "{}", outcome.stderr);
    assert!(!all_output(&outcome.out).contains("TOPSECRET"), "content from outside the kit was published");
    // Fix the errors; the rest still never reaches the site.
    let readme = std::fs::read_to_string(kit.join("README.md")).unwrap();
    let readme = readme
        .replace("{% include \"../outside/secret.md\" %}", "")
        .replace("{% file src=\"../outside/secret.png\" %}", "");
    std::fs::write(kit.join("README.md"), readme).unwrap();
    std::fs::write(kit.join("SUMMARY.md"), "* [Home](README.md)\n* [Notes](notes.md)\n").unwrap();
    if !kit.join("notes.md").exists() {
        std::fs::write(kit.join("notes.md"), "# Notes\n").unwrap();
    }
    let outcome = build(&kit);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(!all_output(&outcome.out).contains("TOPSECRET"), "content from outside the kit was published");
}

#[test]
fn awkward_file_names_build_and_link() {
    let files: &[(&str, &[u8])] = &[
        (
            "README.md",
            b"# Home\n\n[a](<with space.md>) [b](caf%C3%A9.md) [c](hash%23.md) [d](q%3F.md) [e](pct%25.md) [f](Case.md) [g](case.md)\n\n![p](<.gitbook/assets/ph oto #1.png>)\n",
        ),
        (
            "SUMMARY.md",
            b"* [Home](README.md)\n* [Space](<with space.md>)\n* [Cafe](caf\xc3\xa9.md)\n* [Hash](hash%23.md)\n* [Q](q%3F.md)\n* [Pct](pct%25.md)\n* [Upper](Case.md)\n* [Lower](case.md)\n",
        ),
        ("with space.md", b"# Space\n"),
        ("café.md", b"# Cafe\n"),
        ("hash#.md", b"# Hash\n"),
        ("q?.md", b"# Q\n"),
        ("pct%.md", b"# Pct\n"),
        ("Case.md", b"# Upper\n"),
        ("case.md", b"# Lower\n"),
        (".gitbook/assets/ph oto #1.png", b"PNG"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit");
    let supported = files.iter().all(|(name, content)| {
        let path = kit.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).is_ok()
    });
    if !supported || !kit.join("Case.md").exists() || std::fs::read(kit.join("Case.md")).unwrap() != b"# Upper\n" {
        return; // a file system that cannot hold these names (or folds case) cannot test this
    }
    let outcome = build(&kit);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("differ only in letter case"), "{}", outcome.stderr);
    let home = std::fs::read_to_string(outcome.out.join("index.html")).unwrap();
    for href in [
        "with%20space/index.html",
        "caf%C3%A9/index.html",
        "hash%23/index.html",
        "q%3F/index.html",
        "pct%25/index.html",
    ] {
        assert!(home.contains(&format!("href=\"{href}\"")), "{href} missing in\n{home}");
    }
    assert!(home.contains("assets/ph%20oto%20%231.png"), "{home}");
    for dir in ["with space", "café", "hash#", "q?", "pct%", "Case", "case"] {
        assert!(outcome.out.join(dir).join("index.html").exists(), "{dir}");
    }
    assert!(outcome.out.join("assets/ph oto #1.png").exists());
}
