#!/usr/bin/env python3
"""Whole processes timed in turn, pair by pair: what issue 27's single-run figures are measured with.

    python bench/pairs.py --pairs 7 \\
        --run floor  "/tmp/b/bin/python bench/floor.py --cache /tmp/floor-L.pickle" \\
        --run visit  "BRIEFGEN_CACHE_DIR=/tmp/c /tmp/b/bin/briefgen visit --counterpart ID --data DIR --out /tmp/o --force"

Each pair runs `--before` (untimed: an edit, say `python bench/edit.py --data DIR`), then every `--run` once,
the order turned round from one pair to the next so that none always runs first.  Each run is its own
process, timed by the kernel (os.wait4: user + system CPU of it and its children, wall beside it, peak
RSS).  The machine is shared and its speed drifts from minute to minute, so the figure to read is the
median of the pair-by-pair ratios to the first `--run`, not the seconds.  A command is split as a shell
would split it (shlex), with leading NAME=value words taken as its environment; its output is discarded.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def _command(text: str) -> tuple[dict[str, str], list[str]]:
    words = shlex.split(text)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".", "-")):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


def timed(text: str) -> tuple[float, float, float]:
    """(CPU s, wall s, peak RSS MiB) of one run of `text`; exits when it fails."""
    env, words = _command(text)
    started = time.perf_counter()
    proc = subprocess.Popen(words, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else b""
    if proc.returncode not in (0,):
        sys.exit(f"failed ({proc.returncode}): {text}\n{err.decode(errors='replace')[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", nargs=2, action="append", metavar=("NAME", "COMMAND"), required=True)
    parser.add_argument("--before", default="", help="a command run before each pair, untimed")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="pairs run first and not counted")
    args = parser.parse_args()
    names = [name for name, _ in args.run]
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    load = [os.getloadavg()[0]]
    for i in range(args.warmup + args.pairs):
        if args.before:
            env, words = _command(args.before)
            subprocess.run(words, env=env, check=True, stdout=subprocess.DEVNULL)
        order = args.run if i % 2 == 0 else args.run[::-1]
        for name, text in order:
            measured = timed(text)
            if i >= args.warmup:
                results[name].append(measured)
        if i >= args.warmup:
            print(
                f"pair {i - args.warmup + 1}: "
                + ", ".join(f"{n} {results[n][-1][0]:.2f}/{results[n][-1][1]:.2f}" for n in names),
                file=sys.stderr,
            )
    load.append(os.getloadavg()[0])
    first = results[names[0]]
    print(f"load average (1 min) {load[0]:.2f} at the start, {load[1]:.2f} at the end; {args.pairs} pairs")
    print(
        "| run | CPU s median (min–max) | wall s median | peak RSS MiB | CPU ratio to first, median (min–max) | wall ratio |"
    )
    print("|---|---|---|---|---|---|")
    for name in names:
        runs = results[name]
        cpu = [r[0] for r in runs]
        ratios = [r[0] / f[0] for r, f in zip(runs, first)]
        wall_ratios = [r[1] / f[1] for r, f in zip(runs, first)]
        print(
            f"| {name} | {statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f}) "
            f"| {statistics.median(r[1] for r in runs):.2f} | {max(r[2] for r in runs):.0f} "
            f"| {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | {statistics.median(wall_ratios):.2f} |"
        )
    for i, base in enumerate(names):
        for name in names[i + 1 :]:
            if i == 0:
                continue
            ratios = [r[0] / b[0] for r, b in zip(results[name], results[base])]
            print(f"{name} / {base}: CPU ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})")


if __name__ == "__main__":
    main()
