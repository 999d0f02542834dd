//! Search: the stems the index is built with (pinned per language, and compared with the
//! browser's stemmers by `tests/e2e/stemmers.test.mjs`), and search switched off.

use neokit::config::Overrides;
use neokit::pipeline::{BuildOptions, OutputTarget, build};
use neokit::search::{Language, words};

use crate::harness::fixtures_dir;

/// `tests/fixtures/search/stems-<lang>.tsv`: each folded word and its term.
fn check_stems(lang: &str) {
    let path = fixtures_dir().join(format!("search/stems-{lang}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let language = Language::for_tag(lang);
    let mut blessed = String::new();
    let mut wrong = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            blessed.push_str(line);
            blessed.push('\n');
            continue;
        }
        let (word, want) = line.split_once('\t').unwrap_or((line, ""));
        assert_eq!(words(word), [word], "{lang}: `{word}` is not one folded word");
        let got = language.term(word).unwrap_or_default();
        if got != want {
            wrong.push(format!("{word}: want `{want}`, got `{got}`"));
        }
        blessed.push_str(&format!("{word}\t{got}\n"));
    }
    if std::env::var_os("NEOKIT_BLESS").is_some() {
        std::fs::write(&path, blessed).unwrap();
    } else {
        assert!(wrong.is_empty(), "{lang} stems differ ({}):\n{}", wrong.len(), wrong.join("\n"));
    }
}

#[test]
fn english_stems() {
    check_stems("en");
}

#[test]
fn dutch_stems() {
    check_stems("nl");
    let nl = Language::for_tag("nl");
    assert_eq!(nl.term("verpleegkundigen"), nl.term("verpleegkundige"));
}

#[test]
fn german_stems() {
    check_stems("de");
    let de = Language::for_tag("de");
    // Folded before stemming, as the index and the browser do: `Ärzte` is `arzte`.
    assert_eq!(de.term(&words("Ärzte")[0]), de.term("arzt"));
}

#[test]
fn french_stems() {
    check_stems("fr");
    let fr = Language::for_tag("fr");
    assert_eq!(fr.term(&words("infirmières")[0]), fr.term("infirmiere"));
}

#[test]
fn search_false_writes_no_index_and_no_search_box() {
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit");
    std::fs::create_dir_all(&kit).unwrap();
    std::fs::write(kit.join("README.md"), "# Home\n\nText.\n").unwrap();
    std::fs::write(kit.join("neokit.yaml"), "search: false\n").unwrap();
    let site = dir.path().join("site");
    let options = BuildOptions {
        kit_dir: kit.clone(),
        overrides: Overrides { output: Some(site.clone()), ..Overrides::default() },
        target: OutputTarget::Disk,
        progress: false,
        ..Default::default()
    };
    assert!(build(&options).unwrap().success);
    assert!(!site.join("_neokit/search-index.js").exists());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("search"), "{home}");

    std::fs::write(kit.join("neokit.yaml"), "").unwrap();
    assert!(build(&options).unwrap().success);
    assert!(site.join("_neokit/search-index.js").exists());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("role=\"combobox\"") && home.contains("_neokit/search.js"));
}
