#!/usr/bin/env python3
"""Build-time benchmark: neokit against Hugo and mdBook on the same generated kits.

Generates kits of 100, 1,000 and 10,000 pages with the shared corpus generator
(gen_corpus.py: GitBook layout, plus the same text laid out for Hugo), builds each
one RUNS times from clean with every tool that is installed, and prints the median
wall time, peak memory (max RSS of the build process), output size and pages per
second, with the neokit/peer ratios.

Usage:
    benches/bench.py [--sizes 100,1000,10000] [--runs 3] [--gen PATH] [--work DIR]
                     [--no-build] [--tools neokit,hugo,mdbook] [--peer-max 1000] [--markdown FILE]

--gen defaults to $NEOKIT_BENCH_GEN or ../shared/bench/gen_corpus.py next to the
repository. Peers: `apt-get install hugo`, `cargo install mdbook`. Only the
Python standard library is used.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_measured(command, cwd=None):
    """Runs a command; returns (seconds, peak RSS in bytes). Fails loudly on error."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("command failed (%d): %s\n%s" % (code, " ".join(command), stderr[-2000:]))
    return seconds, usage.ru_maxrss * 1024


def tree_bytes(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
    return total


def count_pages(path):
    return sum(1 for folder, _, files in os.walk(path) for name in files if name.endswith(".html"))


def tools(selected, work):
    """(name, build(kit_dir, out_dir) -> command) for every installed tool."""
    neokit = os.path.join(ROOT, "target", "release", "neokit")
    available = {
        "neokit": (lambda kit, out: [neokit, "build", os.path.join(kit, "gitbook"), "--out", out, "--quiet"], neokit),
        "hugo": (lambda kit, out: ["hugo", "--source", os.path.join(kit, "hugo"), "--destination", out, "--quiet"], "hugo"),
        "mdbook": (lambda kit, out: ["mdbook", "build", os.path.join(kit, "mdbook"), "--dest-dir", out], "mdbook"),
    }
    found = []
    for name in selected:
        command, binary = available[name]
        if shutil.which(binary) or os.path.exists(binary):
            found.append((name, command))
        else:
            print("note: %s is not installed; skipped" % name, file=sys.stderr)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gen", default=os.environ.get("NEOKIT_BENCH_GEN", os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")))
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    parser.add_argument("--tools", default="neokit,hugo,mdbook")
    parser.add_argument("--peer-max", type=int, default=1000, help="largest kit the peers build (they slow down quadratically)")
    parser.add_argument("--no-build", action="store_true", help="use the existing target/release/neokit")
    parser.add_argument("--markdown", help="also write the results table to this file")
    args = parser.parse_args()

    if not os.path.isfile(args.gen):
        sys.exit("corpus generator not found: %s (pass --gen or set NEOKIT_BENCH_GEN)" % args.gen)
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    os.makedirs(args.work, exist_ok=True)
    for name in os.listdir(args.work):
        if name.startswith("out-"):
            shutil.rmtree(os.path.join(args.work, name), ignore_errors=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    selected = tools(args.tools.split(","), args.work)
    layouts = "gitbook,hugo"

    rows = []
    garbage = []
    for size in sizes:
        kit = os.path.join(args.work, "kit-%d" % size)
        if not os.path.isdir(os.path.join(kit, "gitbook")):
            subprocess.run([sys.executable, args.gen, str(size), kit, "--layouts", layouts], check=True, stdout=subprocess.DEVNULL)
        for name, command in selected:
            if name != "neokit" and size > args.peer_max:
                continue
            times, memories = [], []
            for run in range(args.runs):
                # A clean build into a folder that never existed: deleting a large tree just
                # before a run makes the file system slow for a while, whoever builds next.
                out = os.path.join(args.work, "out-%s-%d-%d" % (name, size, run))
                garbage.append(out)
                os.sync()
                seconds, rss = run_measured(command(kit, out))
                times.append(seconds)
                memories.append(rss)
            median = statistics.median(times)
            pages = count_pages(out)
            rows.append({
                "tool": name, "size": size, "seconds": median, "rss": max(memories),
                "bytes": tree_bytes(out), "pages": pages, "rate": pages / median if median else 0,
            })
            print("%-7s %6d pages: %7.3f s  %6.0f MB  %7.1f MB out  %8.0f pages/s"
                  % (name, size, median, max(memories) / 1e6, rows[-1]["bytes"] / 1e6, rows[-1]["rate"]), flush=True)

    # The sample kit in content/ (built as a user builds it, from the repository root).
    sample_times, sample_rss = [], []
    if "neokit" in [name for name, _ in selected]:
        neokit = os.path.join(ROOT, "target", "release", "neokit")
        for run in range(args.runs):
            out = os.path.join(args.work, "out-sample-%d" % run)
            garbage.append(out)
            os.sync()
            seconds, rss = run_measured([neokit, "build", ROOT, "--out", out, "--quiet"])
            sample_times.append(seconds)
            sample_rss.append(rss)
        print("neokit sample kit (%d pages): %.3f s  %.0f MB" % (count_pages(out), statistics.median(sample_times), max(sample_rss) / 1e6))

    lines = [
        "| pages | tool | time (median of %d) | peak memory | output | pages/s | neokit time ratio |" % args.runs,
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        base = next((r for r in rows if r["tool"] == "neokit" and r["size"] == row["size"]), None)
        ratio = "%.2f" % (base["seconds"] / row["seconds"]) if base and row["tool"] != "neokit" else ""
        lines.append("| %d | %s | %.3f s | %.0f MB | %.1f MB | %.0f | %s |" % (
            row["size"], row["tool"], row["seconds"], row["rss"] / 1e6, row["bytes"] / 1e6, row["rate"], ratio))
    if sample_times:
        lines.append("")
        lines.append("neokit, the sample kit in content/: %.3f s (median of %d), %.0f MB" % (statistics.median(sample_times), args.runs, max(sample_rss) / 1e6))
    neokit_rows = {r["size"]: r for r in rows if r["tool"] == "neokit"}
    if 1000 in neokit_rows and 10000 in neokit_rows:
        small, large = neokit_rows[1000], neokit_rows[10000]
        lines.append("")
        lines.append("neokit 10,000 / 1,000 pages: time x%.1f, output x%.1f, bytes per page %.1f KB / %.1f KB" % (
            large["seconds"] / small["seconds"], large["bytes"] / small["bytes"],
            large["bytes"] / large["pages"] / 1e3, small["bytes"] / small["pages"] / 1e3))
    for out in garbage:
        shutil.rmtree(out, ignore_errors=True)
    machine = "%s, %d cores, %s" % (platform.machine(), os.cpu_count() or 0, platform.platform())
    header = "%s on %s" % (datetime.date.today().isoformat(), machine)
    text = header + "\n\n" + "\n".join(lines) + "\n"
    print()
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
