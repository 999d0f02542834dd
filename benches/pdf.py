#!/usr/bin/env python3
"""PDF benchmark: the time and memory a build takes with its PDF and without (`--no-pdf`),
and a build again after a one-page edit (the PDF's other parts taken from the part cache).

Kits: the sample kit in content/ (with the repository's neokit.yaml: branded, people in the
roles), and kits of 75 and 1,000 pages from the shared corpus generator (gen_corpus.py),
branded with a logo and colours. Each is built RUNS times from clean with a release neokit
built with `--features pdf`; the medians of wall time and peak memory (max RSS of the build
process) are printed as a Markdown table, with the PDF's pages and size. "Again after an
edit" builds once, then RUNS times appends a sentence to one page (the middle one of the
kit's pages, sorted by path) and builds again into the same output folder, so the part
cache beside it (`.<out>.neokit/pdf-cache/`) holds the previous build's parts.

Usage:
    benches/pdf.py [--sizes 75,1000] [--runs 3] [--gen PATH] [--work DIR] [--no-build] [--busy]
                   [--cache DIR]

`--busy` keeps one core busy with a loop in another process while measuring (say so with the
figures). `--cache DIR` keeps the parts in DIR (`neokit build --cache`) for the edit runs
instead of beside the output folder.

--gen defaults to $NEOKIT_BENCH_GEN or ../shared/bench/gen_corpus.py next to the
repository. Page counts come from `pdfinfo` (poppler-utils) when it is installed.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, run_measured  # noqa: E402

NEOKIT = os.path.join(ROOT, "target", "release", "neokit")
BRAND = """title: {title}
brand:
  name: Westbrook Children's Hospital
  logo: logo.svg
  primary_color: "#0b6e6e"
  accent_color: "#a33d00"
pdf: true
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" '
    'fill="#0b6e6e"/><text x="12" y="27" font-size="18" fill="#fff">Westbrook</text></svg>'
)


def generated_kit(gen, pages, work):
    out = os.path.join(work, "gen-%d" % pages)
    if not os.path.isdir(os.path.join(out, "gitbook")):
        subprocess.run([sys.executable, gen, str(pages), out, "--layouts", "gitbook"], check=True,
                       stdout=subprocess.DEVNULL)
    kit = os.path.join(out, "gitbook")
    with open(os.path.join(kit, "neokit.yaml"), "w") as f:
        f.write(BRAND.format(title="Generated %d" % pages))
    with open(os.path.join(kit, "logo.svg"), "w") as f:
        f.write(LOGO)
    return kit


def pdf_of(out):
    folder = os.path.join(out, "pdf")
    files = [f for f in os.listdir(folder) if f.endswith(".pdf")] if os.path.isdir(folder) else []
    if not files:
        sys.exit("no PDF in %s" % folder)
    path = os.path.join(folder, sorted(files, key=len)[0])
    pages = "?"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        pages = next((l.split(":")[1].strip() for l in info.splitlines() if l.startswith("Pages:")), "?")
    return pages, os.path.getsize(path)


def cache_of(out):
    return os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".neokit")


def measure(kit, runs, work, extra):
    times, peaks = [], []
    out = os.path.join(work, "out")
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache_of(out), ignore_errors=True)
        seconds, peak = run_measured([NEOKIT, "--quiet", "build", kit, "--out", out] + extra)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), statistics.median(peaks), out


def one_page(kit):
    """The middle page of the kit's content (sorted by path), not SUMMARY.md."""
    content = kit
    config = os.path.join(kit, "neokit.yaml")
    if os.path.exists(config):
        for line in open(config):
            if line.startswith("content:"):
                content = os.path.join(kit, line.split(":", 1)[1].strip())
    pages = []
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        pages += [os.path.join(folder, f) for f in files if f.endswith(".md") and f != "SUMMARY.md"]
    pages.sort()
    return pages[len(pages) // 2]


def measure_edit(kit, runs, work, cache=None):
    out = os.path.join(work, "out-edit")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache or cache_of(out), ignore_errors=True)
    command = [NEOKIT, "--quiet", "build", kit, "--out", out] + (["--cache", cache] if cache else [])
    subprocess.run(command, check=True)
    page = one_page(kit)
    original = open(page).read()
    times = []
    try:
        for run in range(runs):
            with open(page, "a") as f:
                f.write("\nA sentence added in run %d of the benchmark.\n" % run)
            seconds, _ = run_measured(command)
            times.append(seconds)
    finally:
        with open(page, "w") as f:
            f.write(original)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="75,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gen", default=os.environ.get("NEOKIT_BENCH_GEN",
                                                        os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")))
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench-pdf"))
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--busy", action="store_true", help="keep one core busy in another process")
    parser.add_argument("--cache", help="the part cache's folder for the edit runs (neokit build --cache)")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--features", "pdf"], cwd=ROOT, check=True)
    os.makedirs(args.work, exist_ok=True)
    kits = [("sample kit", ROOT)]
    for size in [int(s) for s in args.sizes.split(",") if s]:
        kits.append(("%d pages" % size, generated_kit(args.gen, size, args.work)))

    print("## %s, PDF (`benches/pdf.py --runs %d`)\n" % (datetime.date.today(), args.runs))
    busy = subprocess.Popen([sys.executable, "-c", "while 1: pass"]) if args.busy else None
    print("%s, %d cores%s. Release build with `--features pdf`; medians of %d clean builds.\n"
          % (platform.machine(), os.cpu_count(), ", one kept busy by another process" if busy else "", args.runs))
    print("| kit | build with PDF | peak memory | again after a one-page edit | without PDF | peak memory "
          "| PDF pages | PDF size |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for name, kit in kits:
            with_pdf, with_peak, out = measure(kit, args.runs, args.work, [])
            pages, size = pdf_of(out)
            edit = measure_edit(kit, args.runs, args.work, args.cache and os.path.abspath(args.cache))
            without, without_peak, _ = measure(kit, args.runs, args.work, ["--no-pdf"])
            print("| %s | %.2f s | %d MB | %.2f s | %.2f s | %d MB | %s | %.1f MB |" % (
                name, with_pdf, with_peak / 2**20, edit, without, without_peak / 2**20, pages, size / 2**20))
            sys.stdout.flush()
    finally:
        if busy:
            busy.terminate()
            busy.wait()


if __name__ == "__main__":
    main()
