#!/usr/bin/env python3
"""Builds real GitBook Git Sync repositories with neokit and counts what issue figures ask:
whether each builds (exit code), pages leaking GitBook syntax, broken links in the output
against broken links in the source, and what `neokit check` reports, by code.

    python3 benches/corpus.py [--binary target/release/neokit] REPO_DIR...
    python3 benches/corpus.py --extract GIT_DIR DEST   # a bare clone's HEAD into a folder

`--extract` writes every file of HEAD whose content the clone has (large files a partial
clone lacks are left out), so a mirror can be built without a work tree. Results go to
stdout as a Markdown table; benches/RESULTS.md keeps the last run.
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

SYNTAX = re.compile(r"\{%-?\s*(end)?[a-z@][\w/-]*|\{\{\s*(space|page)\.vars")
TAGS = re.compile(r"<(script|style|pre|code|svg|template)\b.*?</\1>", re.S | re.I)
LINK = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]+)"|'([^']+)')""", re.I)
# Copies of each page: its embed view and the print page (a link broken there is broken once).
COPIES = ("embed", "print")
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def extract(git_dir, dest):
    dest = Path(dest)
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", "HEAD"], capture_output=True, check=True
    ).stdout
    written = missing = 0
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _, kind, obj = meta.split()
        if kind != b"blob":
            continue
        blob = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "blob", obj], capture_output=True)
        if blob.returncode != 0:
            missing += 1
            continue
        target = dest / os.fsdecode(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)
        written += 1
    print(f"{dest}: {written} files, {missing} left out (not in the clone)", file=sys.stderr)


def pages_of(site):
    """The site's HTML files but the copies of its pages (embed views, the print page)."""
    # A site of several spaces has the copies in each space's folder (`v1/embed/`, `v1/print/`).
    return [page for page in site.rglob("*.html") if not set(page.relative_to(site).parts[:2]) & set(COPIES)]


def leaking_pages(site):
    """Pages whose text outside code shows GitBook syntax."""
    found = []
    for page in pages_of(site):
        text = TAGS.sub(" ", page.read_text(errors="replace"))
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        if SYNTAX.search(text):
            found.append(str(page.relative_to(site)))
    return found


def broken_output_links(site):
    """Relative links and sources in the site's pages that lead to no file (404.html's root
    candidates, links outside the site and the copies of pages excluded)."""
    broken = 0
    for page in pages_of(site):
        if page.name == "404.html":
            continue
        for target in (a or b for a, b in LINK.findall(page.read_text(errors="replace"))):
            parts = urlsplit(html.unescape(target))
            if parts.scheme or parts.netloc or target.startswith(("#", "data:", "mailto:", "tel:")):
                continue
            path = unquote(parts.path)
            if not path:
                continue
            resolved = (page.parent / path).resolve()
            if site.resolve() not in resolved.parents and resolved != site.resolve():
                continue
            if not resolved.exists():
                broken += 1
    return broken


def broken_source_links(repo):
    """Relative Markdown links between the repository's files that lead to no file."""
    broken = 0
    for page in repo.rglob("*.md"):
        if any(part.startswith(".") and part != ".gitbook" for part in page.relative_to(repo).parts):
            continue
        for target in MD_LINK.findall(page.read_text(errors="replace")):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "mailto:")):
                continue
            path = unquote(parts.path)
            if path and not (page.parent / path).exists():
                broken += 1
    return broken


def measure(binary, repo):
    repo = Path(repo)
    with tempfile.TemporaryDirectory() as out:
        site = Path(out) / "site"
        built = subprocess.run([binary, "build", str(repo), "--out", str(site), "--no-pdf"], capture_output=True, text=True)
        pages = len([p for p in pages_of(site) if p.name == "index.html"]) if site.exists() else 0
        leaking = leaking_pages(site) if site.exists() else []
        broken_out = broken_output_links(site) if site.exists() else 0
    checked = subprocess.run([binary, "check", str(repo), "--format", "json"], capture_output=True, text=True)
    codes = {}
    try:
        for problem in json.loads(checked.stdout).get("problems", []):
            codes[problem.get("code", "?")] = codes.get(problem.get("code", "?"), 0) + 1
    except json.JSONDecodeError:
        codes["(unreadable)"] = 1
    return {
        "repo": repo.name,
        "exit": built.returncode,
        "pages": pages,
        "leaking": len(leaking),
        "leaking_pages": leaking[:5],
        "broken_out": broken_out,
        "broken_src": broken_source_links(repo),
        "check": codes,
        "error": built.stderr.strip().splitlines()[-1] if built.returncode else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="target/release/neokit")
    parser.add_argument("--extract", nargs=2, metavar=("GIT_DIR", "DEST"))
    parser.add_argument("repos", nargs="*")
    args = parser.parse_args()
    if args.extract:
        extract(*args.extract)
        return
    print("| repository | build exit | pages | pages leaking syntax | broken links out / in source | check (by code) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for repo in args.repos:
        r = measure(args.binary, repo)
        check = ", ".join(f"{code} {n}" for code, n in sorted(r["check"].items(), key=lambda kv: -kv[1])[:6])
        print(f"| {r['repo']} | {r['exit']} | {r['pages']} | {r['leaking']} | {r['broken_out']} / {r['broken_src']} | {check} |")
        if r["leaking_pages"]:
            print(f"<!-- {r['repo']} leaking: {', '.join(r['leaking_pages'])} -->")
        if r["error"]:
            print(f"<!-- {r['repo']} error: {r['error']} -->")


if __name__ == "__main__":
    main()
