#!/usr/bin/env python3
"""Overlay benchmark: what a hospital overlay costs, and how fast `neokit drift` is.

Generates an upstream kit of N pages with the shared corpus generator, then a hospital kit on
top of it: `vars:`, one removed page, one added page, PINNED replaced pages (copies of upstream
pages with one line changed) and as many inserts (one per page, at the end of its first `##`
section). It pins everything with `neokit adopt --all`, then measures (median of RUNS clean
builds, whole process):

- the plain build of the upstream kit, and the build of the hospital kit: the overlay should add
  at most 10 % for the same pages;
- `neokit drift --format json` after a new upstream release in which every tenth pinned page
  changed: under 1 s for 1,000 pages with 100 pins.

Usage:
    benches/overlay.py [--pages 1000] [--pins 100] [--runs 5] [--gen PATH] [--work DIR]

Needs a release build (`cargo build --release`). Only the Python standard library is used.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEOKIT = os.path.join(ROOT, "target", "release", "neokit")


def timed(command, cwd=None, codes=(0,)):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if result.returncode not in codes:
        sys.exit("command failed (%d): %s\n%s" % (result.returncode, " ".join(command), result.stderr.decode()[-2000:]))
    return seconds, result


def median(command, runs, cwd=None, codes=(0,), before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(command, cwd, codes)[0])
    return statistics.median(times)


def anchor(title):
    return re.sub(r"[^a-z0-9-]", "", title.strip().lower().replace(" ", "-"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pins", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    default_gen = os.environ.get("NEOKIT_BENCH_GEN", os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    parser.add_argument("--gen", default=default_gen)
    parser.add_argument("--work", default="/tmp/neokit-overlay-bench")
    args = parser.parse_args()
    if not os.path.exists(NEOKIT):
        sys.exit("build neokit first: cargo build --release")

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    subprocess.run([sys.executable, args.gen, str(args.pages), os.path.join(args.work, "gen"), "--layouts", "gitbook"],
                   check=True, stdout=subprocess.DEVNULL)
    upstream = os.path.join(args.work, "upstream")
    shutil.move(os.path.join(args.work, "gen", "gitbook"), upstream)
    summary = open(os.path.join(upstream, "SUMMARY.md"), encoding="utf-8").read()
    pages = [p for p in re.findall(r"\]\(([^)]+\.md)\)", summary) if p != "README.md"]

    # Pages with a simple first `##` heading get a replaced copy or an insert.
    candidates = []
    for page in pages:
        text = open(os.path.join(upstream, page), encoding="utf-8").read()
        heading = re.search(r"^## ([A-Za-z ]+)$", text, re.M)
        if heading:
            candidates.append((page, text, anchor(heading.group(1))))
    replaced = candidates[: args.pins]
    inserted = candidates[args.pins : 2 * args.pins]
    removed = candidates[2 * args.pins][0]
    kit = os.path.join(args.work, "hospital")
    overlay = os.path.join(kit, "overlay")
    os.makedirs(os.path.join(overlay, "inserts"))
    for page, text, _ in replaced:
        target = os.path.join(overlay, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "w", encoding="utf-8").write(text.replace("\n\n", "\n\nAt St Elsewhere we do this our own way.\n\n", 1))
    for i, (page, _, section) in enumerate(inserted):
        open(os.path.join(overlay, "inserts", "insert-%04d.md" % i), "w", encoding="utf-8").write(
            "---\ninsert:\n  page: %s\n  section: %s\n  position: end\n---\nOur local extension is 4400.\n" % (page, section))
    open(os.path.join(overlay, "our-unit.md"), "w", encoding="utf-8").write("# Our unit\n\nTwelve cots.\n")
    config = (
        "title: Hospital benchmark\nbrand:\n  name: St Elsewhere NICU\nupstream:\n  path: ../upstream\n"
        "  version: \"1\"\nvars:\n  unit_name: St Elsewhere NICU\nremove:\n  - %s\nsummary:\n  add:\n"
        "    - page: our-unit.md\n      after: %s\n" % (removed, pages[0]))
    open(os.path.join(kit, "neokit.yaml"), "w", encoding="utf-8").write(config)
    timed([NEOKIT, "adopt", "--all"], cwd=kit)

    out = os.path.join(args.work, "out")
    clean = lambda: shutil.rmtree(out, ignore_errors=True)
    # Interleaved, so that the machine's speed drifting during the run affects both alike.
    plain_times, hospital_times = [], []
    for _ in range(args.runs):
        for target, times in ((upstream, plain_times), (kit, hospital_times)):
            clean()
            times.append(timed([NEOKIT, "-q", "build", target, "--out", out])[0])
    plain, hospital = statistics.median(plain_times), statistics.median(hospital_times)

    # A new upstream release: every tenth pinned page changes in its first `##` section (where
    # the inserts go).
    for page, text, _ in (replaced + inserted)[::10]:
        parts = text.split("\n## ")
        parts[1] = parts[1].replace("\n\n", "\n\nA new sentence.\n\n", 1)
        open(os.path.join(upstream, page), "w", encoding="utf-8").write("\n## ".join(parts))
    drift_time, result = timed([NEOKIT, "drift", "--format", "json"], cwd=kit, codes=(1,))
    drift = median([NEOKIT, "drift", "--format", "json"], args.runs, cwd=kit, codes=(1,))
    report = __import__("json").loads(result.stdout)
    changed = sum(1 for item in report["items"] if item["status"] == "changed")

    print("upstream pages: %d; pinned: %d replaced pages, %d inserts; changed upstream: %d items"
          % (len(pages) + 1, len(replaced), len(inserted), changed))
    print("| measure | median of %d |" % args.runs)
    print("| --- | ---: |")
    print("| plain build of the upstream kit | %.3f s |" % plain)
    print("| build of the hospital kit (upstream + overlay) | %.3f s |" % hospital)
    print("| overlay cost | %+.1f %% |" % ((hospital / plain - 1) * 100))
    print("| `neokit drift --format json` | %.3f s |" % drift)


if __name__ == "__main__":
    main()
