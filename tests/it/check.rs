//! `neokit check`: a kit with one of every problem reports each once, where it is, in both
//! formats (goldens `check.txt` and `check.json` beside the kit); the sample kit reports none.
//! The formats for CI: GitHub annotations from the repository's root, SARIF valid against the
//! SARIF 2.1.0 schema, GitLab code quality; the CI recipes in docs/ci/ run as written.

use std::path::Path;
use std::process::Command;

use crate::harness::{fixtures_dir, golden};

fn check(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_neokit"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .env("NEOKIT_TODAY", "2026-11-30")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("CI_PROJECT_DIR")
        .output()
        .unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status.code().unwrap_or(-1))
}

#[test]
fn every_problem_is_reported_once_where_it_is() {
    let case = fixtures_dir().join("check/every_problem");
    let (human, code) = check(&case, &["kit"]);
    assert_eq!(code, 1, "errors fail the check");
    golden(&case.join("check.txt"), &human);
    let (json, code) = check(&case, &["kit", "--format", "json"]);
    assert_eq!(code, 1);
    golden(&case.join("check.json"), &json);

    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut codes: Vec<&str> =
        value["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    codes.sort();
    let planted = [
        "active-content",
        "brand-contrast",
        "broken-anchor",
        "broken-link", // a near miss, with a suggestion
        "broken-link", // a page that is not published
        "broken-link", // a missing download
        "broken-link", // a missing picture
        "duplicate-entry",
        "empty-link", // no destination
        "empty-link", // no text
        "heading-level",
        "image-alt", // Markdown
        "image-alt", // HTML
        "include-cycle",
        "missing-file",
        "missing-include",
        "missing-page",
        "no-title",
        "orphan-page",
        "stray-end-tag",
        "unassigned-role",
        "unclosed-block",
        "unknown-block",
        "unknown-html",
        "unknown-role",
        "unresolved-variable",
        "unused-asset",
    ];
    assert_eq!(codes, planted);
    assert_eq!(value["external_links"][0]["url"], "https://example.org/guide");
    assert_eq!(value["errors"], 1);
}

#[test]
fn the_sample_kit_has_no_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (human, code) = check(root, &["--strict"]);
    assert_eq!(code, 0, "{human}");
    assert!(human.ends_with("Checked 30 pages: no problems found.\n"), "{human}");
    assert!(human.contains("External links, listed and not fetched (2):"), "{human}");
}

#[test]
fn warnings_fail_only_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# Home\n\n![](photo.png)\n").unwrap();
    std::fs::write(dir.path().join("photo.png"), [0u8; 4]).unwrap();
    let (human, code) = check(dir.path(), &[]);
    assert_eq!(code, 0, "{human}");
    assert!(human.contains("[image-alt]"), "{human}");
    assert_eq!(check(dir.path(), &["--strict"]).1, 1);
    // Nothing is written.
    assert!(!dir.path().join("public").exists());
}

/// Every code a message can carry (as the source writes it: `Diagnostic::warning("code", …)`,
/// `.warn("code", …)`, `.lint("code", …)`) is listed in the user guide's "Checking a kit", so a
/// maintainer who filters CI output by code finds it there.
#[test]
fn every_code_printed_is_in_the_guide() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/guide/checking.md")).unwrap();
    let mut missing = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(root.join("src")).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for call in ["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::note(", ".warn(", ".lint("] {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else { continue };
                let code: String =
                    rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-').collect();
                if !code.is_empty() && rest[code.len()..].starts_with('"') && !guide.contains(&format!("`{code}`")) {
                    missing.insert(code);
                }
            }
        }
    }
    assert!(missing.is_empty(), "codes printed but not listed in docs/guide/checking.md: {missing:?}");
}

/// The colour neokit darkens by itself for links is said once, as a note: it is not a problem,
/// so `check --strict` passes and the build counts no warning.
#[test]
fn an_adjusted_brand_colour_is_a_note_not_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nWelcome.\n").unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "brand:\n  primary_color: \"#f5c400\"\n").unwrap();
    let (human, code) = check(tmp.path(), &[".", "--strict"]);
    assert_eq!(code, 0, "{human}");
    assert!(human.contains("note     `#f5c400` as text on white reaches only"), "{human}");
    assert!(human.contains("no problems found") || human.contains("0 warnings"), "{human}");
}

/// A key `neokit.yaml` does not have is `unknown-key` (as the guide says), a value it cannot
/// use `invalid-config`.
#[test]
fn an_unknown_configuration_key_is_unknown_key() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# Home\n\nWelcome.\n").unwrap();
    std::fs::write(tmp.path().join("neokit.yaml"), "titel: Home\npdf: sometimes\n").unwrap();
    let (json, code) = check(tmp.path(), &[".", "--format", "json"]);
    assert_eq!(code, 1, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: Vec<&str> = value["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"unknown-key") && codes.contains(&"invalid-config"), "{codes:?}");
}

/// `check --format github` from a kit in a folder of the repository: each problem is a
/// workflow command naming its file from the repository's root (`$GITHUB_WORKSPACE`), its line
/// and column, wherever the check runs; notes are notices, external links left out.
#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    let kit = repo.path().join("guide");
    std::fs::create_dir_all(&kit).unwrap();
    std::fs::write(kit.join("README.md"), "# Home\n\nSee [the team](team.md) and <https://example.org/>.\n").unwrap();
    std::fs::write(kit.join("neokit.yaml"), "language: en\n").unwrap();
    for (dir, kit_arg) in [(repo.path().to_path_buf(), "guide"), (kit.clone(), ".")] {
        let output = Command::new(env!("CARGO_BIN_EXE_neokit"))
            .current_dir(&dir)
            .args(["check", kit_arg, "--format", "github"])
            .env("GITHUB_WORKSPACE", repo.path())
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{text}");
        assert_eq!(
            text,
            "::warning file=guide/README.md,line=3,col=5,title=neokit [broken-link]::broken link: `team.md` does not exist\n\
             Checked 1 page: 0 errors, 1 warning.\n"
        );
    }
}

/// `check --format sarif` of the kit with one of every problem is valid against the official
/// SARIF 2.1.0 schema (tests/fixtures/sarif-schema-2.1.0.json), has one result per problem of
/// `--format json`, and each result's file exists from the root `SRCROOT` names.
#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let case = fixtures_dir().join("check/every_problem");
    let (sarif, code) = check(&case, &["kit", "--format", "sarif"]);
    assert_eq!(code, 1, "errors fail the check in every format");
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does catch a wrong log.
    let mut wrong = log.clone();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&wrong));

    let (json, _) = check(&case, &["kit", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), json["problems"].as_array().unwrap().len());
    let root = run["originalUriBaseIds"]["SRCROOT"]["uri"].as_str().unwrap();
    let root = std::path::PathBuf::from(root.strip_prefix("file://").unwrap());
    assert_eq!(run["originalUriBaseIds"]["KITROOT"]["uri"], "kit/");
    for result in results {
        let Some(at) = result["locations"][0]["physicalLocation"].as_object() else { continue };
        let uri = at["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("kit/"), "{uri}");
        assert!(root.join(uri.replace("%20", " ")).exists(), "{uri}");
    }
    let ids: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"broken-link") && ids.contains(&"missing-page"), "{ids:?}");

    // GitLab's code quality report: the same problems.
    let (gitlab, code) = check(&case, &["kit", "--format", "gitlab"]);
    assert_eq!(code, 1);
    let issues: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), results.len());
}

/// The CI recipes of the user guide (docs/ci/) run as written: their shell commands, with the
/// environment GitHub Actions or GitLab CI gives them, install neokit from a release archive
/// (a local one made as scripts/release.sh packs it, holding this build) and check a kit:
/// they pass on a clean kit and fail, naming the problem, on one with a broken link. The
/// guide shows the files as they are.
#[test]
fn the_ci_recipes_run_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/guide/checking.md")).unwrap();
    for file in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root.join("docs/ci").join(file)).unwrap();
        assert!(
            guide.contains(&format!("```yaml\n{text}```\n")),
            "docs/guide/checking.md shows docs/ci/{file} as it is"
        );
    }
    let github: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("docs/ci/github-actions.yml")).unwrap()).unwrap();
    let gitlab: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("docs/ci/gitlab-ci.yml")).unwrap()).unwrap();

    for broken in [false, true] {
        let work = tempfile::tempdir().unwrap();
        let (repo, temp) = (work.path().join("repo"), work.path().join("temp"));
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir_all(&temp).unwrap();
        let link = if broken { "[the team](team.md)" } else { "the team" };
        std::fs::write(repo.join("README.md"), format!("# Home\n\nAsk {link}.\n")).unwrap();
        std::fs::write(repo.join("neokit.yaml"), "language: en\n").unwrap();

        // GitHub Actions: the workflow's `env:`, the runner's variables, each `run:` in bash as
        // the runner starts it, `$GITHUB_PATH` read between steps.
        let mut env = yaml_strings(&github["env"]);
        let release = fake_release(work.path(), &env["NEOKIT_VERSION"]);
        env.insert("NEOKIT_DOWNLOAD".into(), format!("file://{}", release.display()));
        let github_path = work.path().join("github_path");
        std::fs::write(&github_path, "").unwrap();
        env.insert("GITHUB_WORKSPACE".into(), repo.display().to_string());
        env.insert("GITHUB_PATH".into(), github_path.display().to_string());
        env.insert("RUNNER_TEMP".into(), temp.display().to_string());
        let steps = github["jobs"]["check"]["steps"].as_sequence().unwrap();
        assert_eq!(steps[0]["uses"].as_str(), Some("actions/checkout@v4"));
        let mut last = None;
        for step in &steps[1..] {
            let script = step["run"].as_str().expect("every other step is a `run:`");
            assert!(!script.contains("${{"), "the recipe's commands read plain variables");
            let mut path =
                std::fs::read_to_string(&github_path).unwrap().lines().map(str::to_string).collect::<Vec<_>>();
            path.push("/usr/bin:/bin".into());
            let output = Command::new("bash")
                .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                .current_dir(&repo)
                .env_clear()
                .envs(&env)
                .env("PATH", path.join(":"))
                .output()
                .unwrap();
            last = Some(output);
            let output = last.as_ref().unwrap();
            if step["name"].as_str() == Some("Install neokit") {
                assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            }
        }
        let output = last.unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mark = work.path().join("installed-neokit-ran");
        assert!(std::fs::remove_file(&mark).is_ok(), "the workflow runs the neokit it installed");
        if broken {
            assert_eq!(output.status.code(), Some(1), "{stdout}");
            assert!(
                stdout.starts_with("::warning file=README.md,line=3,col=5,title=neokit [broken-link]::"),
                "{stdout}"
            );
        } else {
            assert_eq!(output.status.code(), Some(0), "{stdout}");
            assert_eq!(stdout, "Checked 1 page: no problems found.\n");
        }

        // GitLab CI: the job's `variables:`, then `before_script` and `script` as one shell
        // session that stops at the first failing command.
        let job = &gitlab["neokit-check"];
        let mut env = yaml_strings(&job["variables"]);
        env.insert("NEOKIT_DOWNLOAD".into(), format!("file://{}", release.display()));
        env.insert("CI_PROJECT_DIR".into(), repo.display().to_string());
        env.insert("TMPDIR".into(), temp.join("gitlab").display().to_string());
        let lines: Vec<&str> = ["before_script", "script"]
            .iter()
            .flat_map(|part| job[*part].as_sequence().unwrap().iter().map(|l| l.as_str().unwrap()))
            .collect();
        let output = Command::new("sh")
            .args(["-e", "-c", &lines.join("\n")])
            .current_dir(&repo)
            .env_clear()
            .envs(&env)
            .env("PATH", "/usr/bin:/bin")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(std::fs::remove_file(&mark).is_ok(), "the job runs the neokit it installed");
        let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
        let issues: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(repo.join(report)).unwrap()).unwrap();
        if broken {
            assert_eq!(output.status.code(), Some(1), "{stdout}");
            assert!(
                stdout.contains("3:5      warning  broken link: `team.md` does not exist [broken-link]"),
                "{stdout}"
            );
            assert_eq!(issues[0]["check_name"], "broken-link");
            assert_eq!(issues[0]["location"]["path"], "README.md");
        } else {
            assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
            assert_eq!(issues, serde_json::json!([]));
        }
    }
}

/// A YAML mapping of scalars as environment variables.
fn yaml_strings(value: &serde_yaml::Value) -> std::collections::BTreeMap<String, String> {
    value
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v.as_str().unwrap().to_string()))
        .collect()
}

/// A release folder as the recipes download from: `neokit-<version>-x86_64-unknown-linux-gnu.tar.gz`
/// packed as scripts/release.sh packs it (a folder of that name holding `neokit`; here a script
/// that runs this build) and `SHA256SUMS`.
fn fake_release(work: &Path, version: &str) -> std::path::PathBuf {
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "the recipes name the current release");
    let release = work.join("release");
    let name = format!("neokit-{version}-x86_64-unknown-linux-gnu");
    let folder = work.join("pack").join(&name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    let program = folder.join("neokit");
    // It leaves a mark, so the test knows the recipe ran the neokit it installed (and not one
    // installed on the machine).
    let mark = work.join("installed-neokit-ran");
    std::fs::write(
        &program,
        format!("#!/bin/sh\n: > '{}'\nexec '{}' \"$@\"\n", mark.display(), env!("CARGO_BIN_EXE_neokit")),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let archive = format!("{name}.tar.gz");
    let status = Command::new("tar")
        .args([
            "-C",
            &work.join("pack").display().to_string(),
            "-czf",
            &release.join(&archive).display().to_string(),
            &name,
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let sums = Command::new("sha256sum").arg(&archive).current_dir(&release).output().unwrap();
    assert!(sums.status.success());
    std::fs::write(release.join("SHA256SUMS"), sums.stdout).unwrap();
    release
}
