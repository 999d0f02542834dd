//! Every way neokit makes a PDF finishes with few worker threads: rayon's global pool (which
//! typst lays out on) is kept at 1, 2 and 3 threads, fewer than the books the sample kit makes
//! with `pdf.chapters` (the whole kit and five chapters). A wait inside the pool on work that
//! needs the pool hangs there; each run has a deadline that names what did not finish.
//!
//! Slow (the sample kit's PDFs, nine times): runs in CI, in a debug and a release build.
#![cfg(feature = "pdf")]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run may take before it counts as hung (a debug build of the sample kit's six
/// PDFs takes well under a minute on a 2-core machine).
const DEADLINE: Duration = Duration::from_secs(600);

const THREADS: [&str; 3] = ["1", "2", "3"];

/// The repository's sample kit, with its own configuration and `extra` added to it.
fn sample_kit(dir: &Path, extra: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_dir(&root.join("content"), &dir.join("content"));
    crate::harness::copy_dir(&root.join("themes"), &dir.join("themes"));
    let config = std::fs::read_to_string(root.join("neokit.yaml")).unwrap();
    std::fs::write(dir.join("neokit.yaml"), format!("{config}\n{extra}")).unwrap();
}

fn neokit(dir: &Path, threads: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_neokit"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        // Every unit of a book in a part of its own: more parts than threads.
        .env("NEOKIT_PDF_PART_TEXT", "1");
    command
}

/// Waits for `child` to exit; kills it and fails, naming `what`, past the deadline.
fn finishes(mut child: Child, what: &str) -> (bool, String) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                pipe.read_to_string(&mut stderr).ok();
            }
            return (status.success(), stderr);
        }
        if started.elapsed() > DEADLINE {
            child.kill().ok();
            child.wait().ok();
            panic!("{what} did not finish in {} s: it hangs", DEADLINE.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "slow: runs in CI, debug and release (`cargo test -- --ignored pools::`)"]
fn every_pdf_mode_finishes_with_one_two_or_three_worker_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path();
    sample_kit(kit, "pdf:\n  enabled: true\n  chapters: true\n  source: true\n");
    let mut chapters = 0;
    for threads in THREADS {
        let out = kit.join(format!("out-{threads}"));
        let child = neokit(kit, threads, &["build", "--out", out.to_str().unwrap(), "-v"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let what = format!("`neokit build` with pdf.chapters and RAYON_NUM_THREADS={threads}");
        let (ok, stderr) = finishes(child, &what);
        assert!(ok, "{what}: {stderr}");
        // It says which book and part it lays out.
        assert!(stderr.contains("PDF: laying out pdf/neoflix-onboarding-kit.pdf: part 1 of"), "{stderr}");
        let pdfs: Vec<_> = std::fs::read_dir(out.join("pdf")).unwrap().flatten().map(|e| e.file_name()).collect();
        let count = |ext: &str| pdfs.iter().filter(|p| p.to_string_lossy().ends_with(ext)).count();
        chapters = count(".pdf");
        assert!(chapters >= 4, "the whole kit and its chapters: {pdfs:?}");
        assert_eq!(count(".typ"), chapters, "pdf.source writes each book's source: {pdfs:?}");
    }
    assert!(chapters > THREADS.len(), "more books than worker threads");

    for threads in THREADS {
        preview_pdf(kit, threads);
    }

    let governance = tmp.path().join("governance");
    crate::harness::copy_dir(&crate::harness::fixtures_dir().join("governance/states/kit"), &governance);
    for threads in THREADS {
        let poster = governance.join(format!("poster-{threads}.pdf"));
        let child = neokit(&governance, threads, &["poster", "current.md", "--format", "pdf", "--out"])
            .arg(&poster)
            .env("NEOKIT_TODAY", "2026-11-30")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let what = format!("`neokit poster --format pdf` with RAYON_NUM_THREADS={threads}");
        let (ok, stderr) = finishes(child, &what);
        assert!(ok, "{what}: {stderr}");
        assert!(std::fs::read(&poster).unwrap().starts_with(b"%PDF-"), "{what}");
    }
}

/// The preview's PDF, made when it is asked for, with `threads` worker threads.
fn preview_pdf(kit: &Path, threads: &str) {
    let mut child = neokit(kit, threads, &["serve", ".", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("http://") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "the preview exited before serving");
    }
    // The rest of what it says is read (and dropped) so that it never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let address = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    let what = format!("the preview's PDF with RAYON_NUM_THREADS={threads}");
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(stream, "GET /pdf/neoflix-onboarding-kit.pdf HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = Vec::new();
    let read = stream.read_to_end(&mut reply);
    child.kill().ok();
    child.wait().ok();
    if let Err(error) = read {
        panic!("{what} did not come in {} s ({error}): it hangs", DEADLINE.as_secs());
    }
    let head = String::from_utf8_lossy(&reply[..reply.len().min(200)]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{what}: {head}");
    assert!(reply.windows(5).any(|w| w == b"%PDF-"), "{what}: {head}");
}
