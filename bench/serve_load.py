#!/usr/bin/env python3
"""Load test of `briefgen serve`: simulated officers against 127.0.0.1 for a fixed time, then it stops.

    python bench/serve_load.py                          # size L, 20 officers, 60 s
    python bench/serve_load.py --size S --officers 4 --seconds 10    # a smoke run

The server is started as a person starts it (`python -m briefgen serve --data DIR --port P`, its own
process), signed in with the token it prints, and warmed up (one search, one preview).  Each officer
(a thread) then loops until the time is up: types a name the way search-as-you-type sends it (three
growing prefixes of a real name from the dataset's delegation.txt), opens that person's preview, and
every third round downloads the brief or the matrix.  Reported: per kind of request the count, p50
and p95 latency, the errors (any status but 200), and the server's peak resident memory (VmHWM of
the server process, plus the largest resident size seen of its children, sampled every 0.2 s).

Paired, with no other load, in the same run: a brief and a matrix downloaded together (`download/both`,
a .zip) from the warm server against the same two documents made by `run_visit` in this process on an
already loaded dataset (the briefing step of a CLI visit: no start-up, no load), alternating, median of
the ratios.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (bench/generate.py)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Officer(threading.Thread):
    def __init__(self, base: str, opener_cookies: http.cookiejar.CookieJar, names: list[tuple[str, str]], stop: float,
                 seed: int, results: dict[str, list[float]], errors: list[str]):
        super().__init__(daemon=True)
        self.base, self.names, self.stop_at, self.rng = base, names, stop, random.Random(seed)
        self.results, self.errors = results, errors
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(opener_cookies))

    def get(self, kind: str, path: str) -> None:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=300) as answer:
                answer.read()
                ok = answer.status == 200
        except Exception as exc:  # noqa: BLE001 - every failure is counted, the run goes on
            ok = False
            self.errors.append(f"{kind} {path}: {exc}")
        if ok:
            self.results.setdefault(kind, []).append(time.perf_counter() - started)
        elif not self.errors or not self.errors[-1].startswith(kind):
            self.errors.append(f"{kind} {path}: not 200")

    def run(self) -> None:
        rounds = 0
        while time.monotonic() < self.stop_at:
            name, pid = self.rng.choice(self.names)
            for cut in (3, 6, len(name)):
                self.get("search", "/api/search?" + urllib.parse.urlencode({"q": name[:cut]}))
            self.get("preview", f"/person/{pid}?date=2026-11-23&lang=vi")
            rounds += 1
            if rounds % 3 == 0:
                kind = self.rng.choice(["docx", "xlsx"])
                self.get("download", f"/person/{pid}/download/{kind}?date=2026-11-23&lang=vi")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="L", choices=list(generate.SIZES))
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pairs", type=int, default=5, help="paired download/CLI-step measurements")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    data = args.work / f"data-{args.size}-seed1"
    marker = data / generate.MARKER
    if not marker.is_file() or json.loads(marker.read_text(encoding="utf-8")).get("generator") != generate.GENERATOR_VERSION:
        print(f"generating size {args.size} into {data} ...", file=sys.stderr)
        generate.generate(args.size, 1, data)
    people = [line.strip() for line in (data / "delegation.txt").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]

    from briefgen.dataset import load_dataset
    from briefgen.resolve import resolve_person

    dataset = load_dataset(data)
    names = [(n, resolve_person(dataset, n).person.id) for n in people[:40]]

    port_probe = __import__("socket").socket()
    port_probe.bind(("127.0.0.1", 0))
    port = port_probe.getsockname()[1]
    port_probe.close()
    spool = tempfile.mkdtemp(prefix="briefgen-bench-spool-")
    server = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "BRIEFGEN_SERVE_SPOOL": spool},
    )
    try:
        address = server.stdout.readline().split()[1]
        base = f"http://127.0.0.1:{port}"
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        deadline = time.monotonic() + 300
        while True:
            try:
                opener.open(address, timeout=60).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        opener.open(base + "/api/search?q=" + urllib.parse.quote(names[0][0]), timeout=300).read()  # warm
        opener.open(base + f"/person/{names[0][1]}?date=2026-11-23&lang=vi", timeout=300).read()

        # Paired: the two documents from the warm server against run_visit's briefing step here.
        import datetime as dt

        from briefgen.visit import VisitOptions, run_visit

        ratios, served, local = [], [], []
        def from_server(pid: str) -> None:
            started = time.perf_counter()
            opener.open(base + f"/person/{pid}/download/both?date=2026-11-23&lang=vi", timeout=300).read()
            served.append(time.perf_counter() - started)

        def here(pid: str) -> None:
            with tempfile.TemporaryDirectory() as out:
                started = time.perf_counter()
                run_visit(dataset, pid, VisitOptions(visit_date=dt.date(2026, 11, 23), lang="vi", out_dir=Path(out)))
                local.append(time.perf_counter() - started)

        for i in range(args.pairs):
            pid = names[i % len(names)][1]
            for measure in (from_server, here) if i % 2 == 0 else (here, from_server):  # in turn: neither always first
                measure(pid)
            ratios.append(served[-1] / local[-1])

        results: dict[str, list[float]] = {}
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        officers = [Officer(base, cookies, names, stop, seed, results, errors) for seed in range(args.officers)]
        peak_children = 0
        started = time.perf_counter()
        for officer in officers:
            officer.start()
        while any(o.is_alive() for o in officers):
            peak_children = max([peak_children] + [rss_kb(c) for c in children(server.pid)])
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        peak = rss_kb(server.pid, "VmHWM")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    figures = {
        "size": args.size,
        "officers": args.officers,
        "seconds": round(elapsed, 1),
        "requests": {k: len(v) for k, v in results.items()},
        "p50_ms": {k: round(statistics.median(v) * 1000, 1) for k, v in results.items()},
        "p95_ms": {k: round(percentile(v, 0.95) * 1000, 1) for k, v in results.items()},
        "errors": len(errors),
        "first_errors": errors[:5],
        "server_peak_rss_mb": round(peak / 1024, 1),
        "largest_child_rss_mb": round(peak_children / 1024, 1),
        "paired_download_s": round(statistics.median(served), 3),
        "paired_cli_step_s": round(statistics.median(local), 3),
        "paired_ratio_median": round(statistics.median(ratios), 2),
        "server_exit": server.returncode,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if not errors and server.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
