//! The kit's language when `neokit.yaml` names none: read from the pages' text (whatlang's
//! trigram models), used only when the reading is reliable, and said in a note.
//!
//! Input: the content folder. Output: a language tag (`de`) and the language's English name,
//! or nothing (too little text, an unsure reading, or a language neokit has no tag for).
//! Leaf module: it reads files and knows nothing of the rest of neokit.

use std::path::Path;

/// How much text is read (the first pages, README first): enough for a sure reading, little
/// enough that the preview does not notice it.
const SAMPLE: usize = 24 * 1024;

/// Less prose than this is not read as any language.
const AT_LEAST: usize = 200;

/// The kit's language, read from the Markdown under `root`.
pub fn detect(root: &Path) -> Option<(&'static str, &'static str)> {
    let text = prose(root);
    if text.len() < AT_LEAST {
        return None;
    }
    let info = whatlang::detect(&text)?;
    if !info.is_reliable() || info.confidence() < 0.9 {
        return None;
    }
    tag(info.lang()).map(|tag| (tag, info.lang().eng_name()))
}

/// The Markdown files' prose: front matter, code, GitBook's `{% %}` tags, HTML tags, link
/// addresses and Markdown's punctuation left out.
fn prose(root: &Path) -> String {
    let mut out = String::new();
    // The home page first: it is the most written-out page of most kits. Then the other
    // pages in name order, read lazily: the walk stops once there is enough (a preview reads
    // this on every save, so a large kit's folders are not all listed).
    let home = root.join("README.md");
    if let Ok(text) = std::fs::read_to_string(&home) {
        strip_into(&text, &mut out);
    }
    let files = walkdir::WalkDir::new(root)
        .max_depth(4)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.') || e.depth() == 0)
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| e.file_name() != "SUMMARY.md" && e.path() != home);
    for file in files {
        if out.len() >= SAMPLE {
            break;
        }
        let Ok(text) = std::fs::read_to_string(file.path()) else { continue };
        strip_into(&text, &mut out);
    }
    out
}

fn strip_into(text: &str, out: &mut String) {
    let body = match text.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---").map_or(rest, |(_, body)| body),
        None => text,
    };
    let mut fenced = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        let mut skip_until: Option<char> = None;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(end) = skip_until {
                if c == end {
                    skip_until = None;
                }
                continue;
            }
            match c {
                '<' => skip_until = Some('>'),
                '{' if chars.peek() == Some(&'%') => skip_until = Some('}'),
                '`' => skip_until = Some('`'),
                ']' if chars.peek() == Some(&'(') => skip_until = Some(')'),
                '#' | '*' | '_' | '[' | ']' | '|' | '>' | '!' | '~' => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
}

/// The BCP 47 tag of a language whatlang reads (its ISO 639-3 code to ISO 639-1), for the
/// languages that have one.
fn tag(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Deu => "de",
        Nld => "nl",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Dan => "da",
        Swe => "sv",
        Nob => "nb",
        Fin => "fi",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Ell => "el",
        Tur => "tr",
        Rus => "ru",
        Ukr => "uk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Ara => "ar",
        Heb => "he",
        Hin => "hi",
        Jpn => "ja",
        Kor => "ko",
        Cmn => "zh",
        Vie => "vi",
        Ind => "id",
        Afr => "af",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kit(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in pages {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    const GERMAN: &str = "---\ndescription: Kurz\n---\n# Willkommen auf der Station\n\nDieses Handbuch erklärt, wie das Team der neonatologischen Intensivstation Videoaufnahmen gemeinsam bespricht. Wir zeigen, was gut gelaufen ist, und lernen aus den kleinen Reibungen, die gute Versorgung schwerer machen, als sie sein müsste. Die Eltern werden vorher gefragt und können ihre Zustimmung jederzeit zurückziehen. Jede Aufnahme wird nach der Besprechung gelöscht.\n\n```\ncode that is not German at all\n```\n\n{% hint style=\"info\" %}\nBitte sprechen Sie zuerst mit der Stationsleitung.\n{% endhint %}\n";

    #[test]
    fn a_german_kit_reads_as_german() {
        let dir = kit(&[("README.md", GERMAN), ("SUMMARY.md", "* [Start](README.md)\n")]);
        assert_eq!(detect(dir.path()), Some(("de", "German")));
    }

    #[test]
    fn too_little_or_mixed_text_reads_as_nothing() {
        let dir = kit(&[("README.md", "# Home\n\nHallo.\n")]);
        assert_eq!(detect(dir.path()), None);
        let dir = kit(&[("README.md", "```\nlet x = 1;\n```\n")]);
        assert_eq!(detect(dir.path()), None);
    }

    #[test]
    fn markup_is_not_read_as_words() {
        let mut out = String::new();
        strip_into("# Title\n\n<div class=\"x\">Text</div> [link](https://a.example/b) `code` {% hint %}\n", &mut out);
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), ["Title", "Text", "link"]);
    }
}
