#!/usr/bin/env python3
"""Fleet benchmark: what provenance costs a build, and how fast `neokit fleet` reads a fleet.

Generates a shared guide of N pages with the shared corpus generator (release 1) and its next
release (release 2: every tenth page changed in its first `##` section, and one new page), and
a hospital kit on release 1 with PINNED replaced pages and as many inserts (one per page, at
the end of its first `##` section), pinned with `neokit adopt --all --yes`. A copy of the
hospital kit sets `provenance: false`.

Then it builds the hospital on release 1 and on release 2, and writes a fleet of HOSPITALS
provenance files from those two (alternately, each with its own title) into WORK/fleet/, as
500 hospitals on two releases would publish them.

It prints the commands to measure (whole process; run each several times, interleaved with
its yardstick, and quote medians):

- the hospital's build with provenance against the same build with `provenance: false`
  (provenance should add under 2 %);
- `neokit fleet` over the whole fleet against release 2 (under 5 s for 500 hospitals on a
  1,000-page guide),

and, with --runs, times them itself (median of RUNS, interleaved) for a quick look.

Usage:
    benches/fleet.py [--pages 1000] [--pins 100] [--hospitals 500] [--runs 0] [--gen PATH] [--work DIR]

Needs a release build (`cargo build --release`, or `--no-default-features` without the PDF).
Only the Python standard library is used.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEOKIT = os.path.join(ROOT, "target", "release", "neokit")


def run(command, cwd=None, codes=(0,)):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if result.returncode not in codes:
        sys.exit("command failed (%d): %s\n%s" % (result.returncode, " ".join(command), result.stderr.decode()[-2000:]))
    return seconds, result


def anchor(title):
    return re.sub(r"[^a-z0-9-]", "", title.strip().lower().replace(" ", "-"))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pins", type=int, default=100)
    parser.add_argument("--hospitals", type=int, default=500)
    parser.add_argument("--runs", type=int, default=0, help="also time the commands (median of RUNS)")
    default_gen = os.environ.get("NEOKIT_BENCH_GEN", os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    parser.add_argument("--gen", default=default_gen)
    parser.add_argument("--work", default="/tmp/neokit-fleet-bench")
    args = parser.parse_args()
    if not os.path.exists(NEOKIT):
        sys.exit("build neokit first: cargo build --release")

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    subprocess.run([sys.executable, args.gen, str(args.pages), os.path.join(work, "gen"), "--layouts", "gitbook"],
                   check=True, stdout=subprocess.DEVNULL)
    release1 = os.path.join(work, "guide-1")
    shutil.move(os.path.join(work, "gen", "gitbook"), release1)
    write(os.path.join(release1, "neokit.yaml"), "title: Benchmark guide\nbase_url: https://guide.example.org/\n")
    summary = read(os.path.join(release1, "SUMMARY.md"))
    pages = [p for p in re.findall(r"\]\(([^)]+\.md)\)", summary) if p != "README.md"]

    # Pages with a simple first `##` heading get a replaced copy or an insert.
    candidates = []
    for page in pages:
        text = read(os.path.join(release1, page))
        heading = re.search(r"^## ([A-Za-z ]+)$", text, re.M)
        if heading:
            candidates.append((page, text, anchor(heading.group(1))))
    replaced = candidates[: args.pins]
    inserted = candidates[args.pins : 2 * args.pins]
    removed = candidates[2 * args.pins][0]

    # Release 2: every tenth page changed in its first `##` section, and a new page.
    release2 = os.path.join(work, "guide-2")
    shutil.copytree(release1, release2)
    for page in pages[::10]:
        text = read(os.path.join(release2, page))
        parts = text.split("\n## ")
        if len(parts) > 1:
            parts[1] = parts[1].replace("\n\n", "\n\nA new sentence in release 2.\n\n", 1)
            write(os.path.join(release2, page), "\n## ".join(parts))
    write(os.path.join(release2, "new-in-2.md"), "# New in release 2\n\nA new page.\n")
    with open(os.path.join(release2, "SUMMARY.md"), "a", encoding="utf-8") as f:
        f.write("* [New in release 2](new-in-2.md)\n")

    kit = os.path.join(work, "hospital")
    overlay = os.path.join(kit, "overlay")
    for page, text, _ in replaced:
        write(os.path.join(overlay, page), text.replace("\n\n", "\n\nAt St Elsewhere we do this our own way.\n\n", 1))
    for i, (page, _, section) in enumerate(inserted):
        write(os.path.join(overlay, "inserts", "insert-%04d.md" % i),
              "---\ninsert:\n  page: %s\n  section: %s\n  position: end\n---\nOur local extension is 4400.\n"
              % (page, section))
    write(os.path.join(overlay, "our-unit.md"), "# Our unit\n\nTwelve cots.\n")
    config = (
        "title: Hospital benchmark\nbrand:\n  name: St Elsewhere NICU\nupstream:\n  path: ../guide-1\n"
        "  version: \"1\"\nvars:\n  unit_name: St Elsewhere NICU\nremove:\n  - %s\nsummary:\n  add:\n"
        "    - page: our-unit.md\n      after: %s\n" % (removed, pages[0]))
    write(os.path.join(kit, "neokit.yaml"), config)
    run([NEOKIT, "adopt", "--all", "--yes"], cwd=kit)
    quiet = os.path.join(work, "hospital-no-provenance")
    shutil.copytree(kit, quiet)
    write(os.path.join(quiet, "neokit.yaml"), config + "provenance: false\n")

    # The hospital built on each release: its provenance, as a site on that release publishes it.
    records = []
    for release, label in (("guide-1", "1"), ("guide-2", "2")):
        out = os.path.join(work, "site-%s" % label)
        on = os.path.join(work, "hospital-on-%s" % label)
        shutil.copytree(kit, on)
        text = config.replace("../guide-1", "../%s" % release).replace('version: "1"', 'version: "%s"' % label)
        write(os.path.join(on, "neokit.yaml"), text)
        run([NEOKIT, "-q", "build", on, "--no-pdf", "--out", out])
        records.append(json.loads(read(os.path.join(out, "_neokit", "provenance.json"))))
    fleet = os.path.join(work, "fleet")
    os.makedirs(fleet)
    for i in range(args.hospitals):
        record = dict(records[i % 2])
        record["site"] = dict(record["site"], title="Hospital %03d" % (i + 1))
        write(os.path.join(fleet, "hospital-%03d.json" % (i + 1)), json.dumps(record, indent=2) + "\n")
    size = sum(os.path.getsize(os.path.join(fleet, f)) for f in os.listdir(fleet))

    build_on = [NEOKIT, "-q", "build", kit, "--no-pdf", "--out", os.path.join(work, "out-a")]
    build_off = [NEOKIT, "-q", "build", quiet, "--no-pdf", "--out", os.path.join(work, "out-b")]
    fleet_command = [NEOKIT, "fleet", "--upstream", release2, "--version", "2", "--format", "json"]
    files = sorted(os.path.join(fleet, f) for f in os.listdir(fleet))
    script = os.path.join(work, "fleet.sh")
    write(script, "#!/bin/sh\nexec %s %s/*.json >/dev/null\n" % (" ".join(fleet_command), fleet))
    os.chmod(script, 0o755)

    print("guide: %d pages (release 2: %d changed, 1 new); hospital: %d replaced pages, %d inserts, 1 removed"
          % (len(pages) + 1, len(pages[::10]), len(replaced), len(inserted)))
    print("fleet: %d provenance files, %.1f MB in %s" % (len(files), size / 1e6, fleet))
    print("measure (whole process, several runs, medians):")
    print("  build with provenance:    %s" % " ".join(build_on))
    print("  build without provenance: %s" % " ".join(build_off))
    print("  fleet over the fleet:     %s" % script)

    if args.runs:
        on_times, off_times, fleet_times = [], [], []
        for _ in range(args.runs):
            on_times.append(run(build_on)[0])
            off_times.append(run(build_off)[0])
            fleet_times.append(run(fleet_command + files, codes=(1,))[0])
        on, off = statistics.median(on_times), statistics.median(off_times)
        print("| measure | median of %d |" % args.runs)
        print("| --- | ---: |")
        print("| hospital build, provenance: false | %.3f s |" % off)
        print("| hospital build with provenance | %.3f s |" % on)
        print("| provenance cost | %+.1f %% |" % ((on / off - 1) * 100))
        print("| `neokit fleet` over %d hospitals | %.3f s |" % (len(files), statistics.median(fleet_times)))


if __name__ == "__main__":
    main()
