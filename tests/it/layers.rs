//! The code's layers: no module of a crate imports, directly or through others, a module that
//! imports it back. Cargo keeps the crates from forming a cycle; this test does the same for
//! the modules (files) inside each crate, reading their paths (`crate::`, `super::`, `self::`
//! and a child module's name), leaving out test code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A crate's modules: module path (`["markdown", "build"]`) -> the file's text without
/// comments, strings and test code.
fn modules(src: &Path) -> BTreeMap<Vec<String>, String> {
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap().with_extension("");
        let mut segments: Vec<String> = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
        if matches!(segments.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            segments.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        modules.insert(segments, without_tests(&code_only(&text)));
    }
    modules
}

/// The text with comments and string literals blanked out.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            i += end;
        } else if let Some(raw) = raw_string_len(rest) {
            out.push_str("\"\"");
            i += raw;
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else if rest.starts_with("'\"'") {
            i += 3;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`) at the start of `text`.
fn raw_string_len(text: &str) -> Option<usize> {
    let after_r = text.strip_prefix("br").or_else(|| text.strip_prefix('r'))?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let body = after_r[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close)?;
    Some(text.len() - body.len() + end + close.len())
}

/// The text without items marked `#[cfg(test)]` (test modules and test helpers).
fn without_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at its `;` or at the brace that closes its first block.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every path written in `text` (`a::b::C`), with grouped imports (`a::{b::C, d}`) written out.
fn paths(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts_word =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        if !starts_word || !(bytes[i].is_ascii_alphabetic() || bytes[i] == b'_') {
            i += 1;
            continue;
        }
        let len =
            text[i..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(text.len() - i);
        let path = &text[i..i + len];
        i += len;
        if path.ends_with("::") && text[i..].starts_with('{') {
            let mut depth = 0;
            let close = text[i..]
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(text.len(), |(at, _)| i + at);
            for item in split_group(&text[i + 1..close]) {
                let item = item.split(" as ").next().unwrap_or("").trim();
                match item {
                    "self" => found.push(path.trim_end_matches(':').to_string()),
                    _ => found.extend(paths(&format!("{path}{item}"))),
                }
            }
            i = close + 1;
        } else {
            found.push(path.to_string());
        }
    }
    found
}

/// The items of a group (`a, b::{c, d}, e`), split at its own commas.
fn split_group(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(group[from..at].trim());
                from = at + 1;
            }
            _ => {}
        }
    }
    items.push(group[from..].trim());
    items.retain(|item| !item.is_empty());
    items
}

/// Which modules `module`'s text names.
fn imports(module: &[String], text: &str, all: &BTreeMap<Vec<String>, String>) -> BTreeSet<Vec<String>> {
    let children: BTreeSet<&str> = all
        .keys()
        .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        .map(|m| m.last().unwrap().as_str())
        .collect();
    let mut found = BTreeSet::new();
    for path in paths(text) {
        let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        // `crate` and `super` alone are visibilities (`pub(crate)`), not paths.
        let Some(&first) = segments.first().filter(|_| segments.len() > 1) else { continue };
        let mut at: Vec<String> = match first {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => {
                let mut base = module.to_vec();
                while segments.first() == Some(&"super") {
                    base.pop();
                    segments.remove(0);
                }
                segments.insert(0, "super");
                base
            }
            first if children.contains(first) && segments.len() > 1 => {
                segments.insert(0, "self");
                module.to_vec()
            }
            _ => continue,
        };
        let start = at.clone();
        let mut target = None;
        for segment in &segments[1..] {
            at.push(segment.to_string());
            if all.contains_key(&at) {
                target = Some(at.clone());
            } else {
                break;
            }
        }
        // `super::x` where x is an item of the parent module: the parent itself.
        let target =
            target.or_else(|| matches!(first, "super" | "crate").then_some(start).filter(|m| all.contains_key(m)));
        if let Some(target) = target
            && target != module
        {
            found.insert(target);
        }
    }
    found
}

/// The groups of modules that import each other (Tarjan's strongly connected components).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'g> {
        graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on_stack: BTreeSet<&'g Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g Vec<String>) {
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in &state.graph[node] {
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[next].min(state.low[node]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.index[next].min(state.low[node]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut group = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                group.push(top.clone());
                if top == node {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                state.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.found
}

/// Every crate's source folder: the command line's (`src/`) and the workspace's (`crates/*/src`).
fn crate_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    if let Ok(entries) = std::fs::read_dir(root.join("crates")) {
        let mut crates: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("src")).filter(|p| p.is_dir()).collect();
        crates.sort();
        sources.extend(crates);
    }
    sources
}

fn name(module: &[String]) -> String {
    if module.is_empty() { "lib".to_string() } else { module.join("/") }
}

#[test]
fn no_crate_has_a_module_cycle() {
    let mut report = String::new();
    for src in crate_sources() {
        let all = modules(&src);
        let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> =
            all.iter().map(|(module, text)| (module.clone(), imports(module, text, &all))).collect();
        for group in cycles(&graph) {
            report.push_str(&format!("{}: a cycle of {} modules:\n", src.display(), group.len()));
            for module in &group {
                for next in graph[module].iter().filter(|n| group.contains(n)) {
                    report.push_str(&format!("  {} -> {}\n", name(module), name(next)));
                }
            }
        }
    }
    assert!(report.is_empty(), "modules that import each other (move what both need below them):\n{report}");
}

/// The reader of paths finds what the code names, and only that.
#[test]
fn imports_are_read_from_paths_not_from_comments_strings_or_tests() {
    let mut all = BTreeMap::new();
    for m in [&[][..], &["a"], &["b"], &["b", "c"], &["d"]] {
        all.insert(m.iter().map(|s| s.to_string()).collect::<Vec<String>>(), String::new());
    }
    let text = code_only(
        "use crate::{a::Thing, b::c::{self, X}};\n// crate::d::x\nlet s = \"crate::d::y\";\nfn f() { super::b::c::g(); c::h(); }\n#[cfg(test)]\nmod tests { use crate::d::z; }\n",
    );
    let text = without_tests(&text);
    let found = imports(&["b".to_string()], &text, &all);
    let names: Vec<String> = found.iter().map(|m| name(m)).collect();
    assert_eq!(names, ["a", "b/c"]);
    assert_eq!(split_group("a, b::{c, d}, e"), ["a", "b::{c, d}", "e"]);
}
