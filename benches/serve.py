#!/usr/bin/env python3
"""Preview-server figures: save-to-reload latency and behaviour under load.

Starts `neokit serve` on a kit, keeps live-reload connections open (`--streams`, 8 by
default) and measures, for repeated saves of a page, the time from the file write to the
moment the reload event arrives on the first of them (what an open browser tab receives).
Then opens 20 more live-reload connections and sends 200 concurrent requests for the pages
and files the home page links to (not the PDF: benches/serve_pdf.py), counting errors and the
slowest answer.

`--busy` keeps one core busy with a loop in another process while measuring (the figures in
benches/RESULTS.md are taken so). `-v` passes `-v` to the server and prints its stage timings
of the last rebuild.

Usage:
    benches/serve.py [--kit DIR] [--page FILE] [--saves 30] [--streams 8] [--busy] [-v]
                     [--no-build] [--full-rebuilds]
    benches/serve.py --kit target/bench/kit-1000/gitbook --page part-01/chapter-0001/page-01.md

Defaults to the sample kit (the repository) and content/faq.md. The page is restored after
the run. Only the Python standard library is used.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EventStream:
    """A live-reload connection that records when each `reload` event arrives."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(b"GET /_neokit/livereload HTTP/1.1\r\nHost: x\r\n\r\n")
        self.reloads = []
        self.lock = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            try:
                chunk = self.sock.recv(4096)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if b"event: reload" in event:
                    with self.lock:
                        self.reloads.append(now)
                        self.lock.notify_all()

    def wait_reload(self, count, timeout=10):
        deadline = time.perf_counter() + timeout
        with self.lock:
            while len(self.reloads) < count:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.lock.wait(left)
            return self.reloads[count - 1]


def start_server(binary, kit, flags, extra=()):
    """Starts `neokit serve` on a free port; returns the process (its stderr still open for
    reading) and the address it serves."""
    port = free_port()
    server = subprocess.Popen([binary] + flags + ["serve", kit, "--port", str(port)] + list(extra),
                              stderr=subprocess.PIPE, text=True)
    for line in server.stderr:
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if found:
            return server, found.group(1)
    server.wait()
    sys.exit("the server did not start")


def stop(server, busy, page_path, original):
    """Puts the edited page back and stops the server and the busy loop."""
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(original)
    if server:
        server.terminate()
        server.wait()
    if busy:
        busy.terminate()
        busy.wait()


def memory(pid):
    """Resident and peak memory of a process (Linux), as text."""
    try:
        with open("/proc/%d/status" % pid) as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        mib = lambda key: int(fields[key].split()[0]) / 1024
        return "%.0f MiB resident, %.0f MiB at most" % (mib("VmRSS"), mib("VmHWM"))
    except (OSError, KeyError, ValueError):
        return "not known on this system"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kit", default=ROOT)
    parser.add_argument("--page", help="page to edit, relative to the kit's content folder")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--streams", type=int, default=8, help="live-reload connections open while saving")
    parser.add_argument("--busy", action="store_true", help="keep one core busy in another process")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the server's stage timings")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--full-rebuilds", action="store_true", help="pass --full-rebuilds to neokit serve")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.environ.get("NEOKIT_BIN") or os.path.join(ROOT, "target", "release", "neokit")
    page = args.page or ("content/faq.md" if os.path.abspath(args.kit) == ROOT else "README.md")
    page_path = os.path.join(args.kit, page)
    original = open(page_path, encoding="utf-8").read()

    extra = ["--full-rebuilds"] if args.full_rebuilds else []
    flags = ["-v"] if args.verbose else ["--quiet"]
    busy = None
    if args.busy:
        busy = subprocess.Popen([sys.executable, "-c", "while 1: pass"])
    server = None
    timings = []
    try:
        server, url = start_server(binary, args.kit, flags, extra)

        def read_stderr():
            stage = re.compile(r"^\s+(\w+)\s+([\d.]+) ms$")
            current = []
            for line in server.stderr:
                found = stage.match(line)
                if found:
                    current.append((found.group(1), float(found.group(2))))
                elif current:
                    timings.append(current)
                    current = []

        threading.Thread(target=read_stderr, daemon=True).start()
        port = int(url.rsplit(":", 1)[1].strip("/"))
        pages = len(re.findall(r'href="[^"]+index\.html"', urllib.request.urlopen(url).read().decode()))

        stream = EventStream("127.0.0.1", port)
        others = [EventStream("127.0.0.1", port) for _ in range(max(args.streams - 1, 0))]
        time.sleep(0.5)
        latencies = []
        for i in range(args.saves):
            before = len(stream.reloads)
            start = time.perf_counter()
            with open(page_path, "w", encoding="utf-8") as f:
                f.write(original + "\n\nEdit %d.\n" % i)
            arrived = stream.wait_reload(before + 1)
            if arrived is None:
                sys.exit("no reload event within 10 s after save %d" % i)
            latencies.append((arrived - start) * 1000)
            time.sleep(0.15)
        latencies.sort()
        print("kit: %s (%s)" % (args.kit, page))
        print("save-to-reload over %d saves: median %.0f ms, p90 %.0f ms, max %.0f ms"
              % (len(latencies), statistics.median(latencies), latencies[int(len(latencies) * 0.9) - 1], latencies[-1]))
        print("live-reload connections open while saving: %d; busy core: %s" % (1 + len(others), "yes" if busy else "no"))
        print("server memory after the saves: %s" % memory(server.pid))
        if args.verbose and timings:
            # Each stage's median over the rebuilds after the first build.
            stages = {}
            for run in timings[1:]:
                for name, ms in run:
                    stages.setdefault(name, []).append(ms)
            print("stage medians per save: " + ", ".join("%s %.1f ms" % (n, statistics.median(v)) for n, v in stages.items()))

        # Load: 20 more live-reload connections and 200 concurrent page requests.
        streams = [EventStream("127.0.0.1", port) for _ in range(20)]
        time.sleep(0.3)
        home = urllib.request.urlopen(url).read().decode()
        # Pages and theme files; the PDF (laid out when first asked for, seconds at this size)
        # is timed by benches/serve_pdf.py.
        links = [l for l in re.findall(r'href="([^"#]+)"', home) if ":" not in l and not l.endswith(".pdf")]
        links = links[:40] or ["index.html"]
        results = []
        lock = threading.Lock()

        def fetch(path):
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url + path.lstrip("./"), timeout=10) as response:
                    response.read()
                    status = response.status
            except Exception as error:  # noqa: BLE001 - every failure counts
                status = str(error)
            with lock:
                results.append((status, time.perf_counter() - start))

        threads = [threading.Thread(target=fetch, args=(links[i % len(links)],)) for i in range(200)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = time.perf_counter() - start
        errors = [s for s, _ in results if s != 200]
        slowest = max(d for _, d in results)
        print("200 concurrent requests with 21 live-reload connections open: %d errors, slowest %.0f ms, all done in %.0f ms"
              % (len(errors), slowest * 1000, total * 1000))
        if errors:
            print("errors:", errors[:5])
        del streams
        return 0 if not errors and slowest < 1 else 1
    finally:
        stop(server, busy, page_path, original)


if __name__ == "__main__":
    sys.exit(main())
