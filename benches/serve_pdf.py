#!/usr/bin/env python3
"""The preview's PDF after a save: how long opening the PDF takes again after a one-page edit.

Starts `neokit serve` on a kit that makes a PDF (`pdf: true`), opens the PDF once (laid out
from the parts kept by earlier builds or previews, or from scratch), then RUNS times saves a
page, waits for the live-reload event and opens the PDF again, timing each request. The
parts are kept in the default folder beside the output folder (or `--cache DIR`), as the
preview keeps them.

Usage:
    benches/serve_pdf.py --kit DIR [--page FILE] [--runs 5] [--busy] [--cache DIR] [--no-build]

`--busy` keeps one core busy with a loop in another process (say so with the figures).
NEOKIT_BIN names the binary (default: target/release/neokit). The page is restored after
the run. Only the Python standard library is used.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import ROOT, EventStream, memory, start_server, stop  # noqa: E402


def timed_get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
        if response.status != 200 or not body.startswith(b"%PDF-"):
            sys.exit("%s did not answer with a PDF" % url)
    return time.perf_counter() - start, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kit", required=True)
    parser.add_argument("--page", default="part-10/chapter-0049/section-a/page-02.md",
                        help="page to edit, relative to the kit's content folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--busy", action="store_true", help="keep one core busy in another process")
    parser.add_argument("--cache", help="pass --cache DIR to neokit serve")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.environ.get("NEOKIT_BIN") or os.path.join(ROOT, "target", "release", "neokit")
    page_path = os.path.join(args.kit, args.page)
    original = open(page_path, encoding="utf-8").read()
    busy = subprocess.Popen([sys.executable, "-c", "while 1: pass"]) if args.busy else None
    extra = ["--cache", args.cache] if args.cache else []
    server = None
    try:
        server, url = start_server(binary, args.kit, [], extra)
        port = int(url.rsplit(":", 1)[1].strip("/"))
        home = urllib.request.urlopen(url).read().decode()
        pdfs = re.findall(r'href="([^"]+\.pdf)"', home)
        if not pdfs:
            sys.exit("the home page links to no PDF: does the kit say `pdf: true`?")
        pdf_url = urllib.request.urljoin(url, pdfs[0])
        first, size = timed_get(pdf_url)
        stream = EventStream("127.0.0.1", port)
        time.sleep(0.3)
        times = []
        for i in range(args.runs):
            before = len(stream.reloads)
            with open(page_path, "w", encoding="utf-8") as f:
                f.write(original + "\n\nEdit %d.\n" % i)
            if stream.wait_reload(before + 1, timeout=60) is None:
                sys.exit("no reload event within 60 s after save %d" % i)
            took, size = timed_get(pdf_url)
            times.append(took)
        print("kit: %s (%s); busy core: %s" % (args.kit, args.page, "yes" if busy else "no"))
        print("PDF %s (%.1f MB): first open %.2f s" % (pdfs[0], size / 1e6, first))
        print("opened again after a save, %d runs: median %.2f s (%.2f-%.2f)"
              % (len(times), statistics.median(times), min(times), max(times)))
        print("server memory: %s" % memory(server.pid))
        return 0
    finally:
        stop(server, busy, page_path, original)


if __name__ == "__main__":
    sys.exit(main())
