#!/usr/bin/env python3
"""Refreshing a received brief with 4,000 officer content controls (issue 23: 211 s once, growing as n³).

    python bench/refresh_controls.py --prepare DIR     # untimed: the brief, and one with 4,000 controls
    python bench/refresh_controls.py --floor DIR       # THE FLOOR: open the brief with python-docx, save it
    python bench/refresh_controls.py --refresh DIR     # briefgen's refresh of it, in-process, nothing written
    python bench/refresh_controls.py --prepare DIR --count 8000   # another size (linearity: 1,000 to 8,000)

Timed as whole processes, each refresh run paired with a floor run (docs/benchmarks.md).  The floor is the
least any program rewriting that document must spend: import python-docx and the libraries refresh uses
to render (docxtpl), read the 4,000-control .docx and save it.  `--refresh` adds what refresh does beyond
that: read it within render.received's limits, render a fresh brief from the bundled dataset, find every
section, carry the 4,000 controls over (checked as a template is) and save.  `--cpu` prints the refresh's
own CPU seconds, measured inside the process (no imports, no dataset load); with `--runs K`, the refresh
runs K more times in the same process after the first and the line gives the first, the median and the
least of them, each beside its wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VISIT = dt.date(2026, 11, 23)
COUNT = 4_000


def prepare(folder: Path, count: int) -> None:
    sys.path.insert(0, str(HERE.parent))
    from tests.hardening.hostile_briefs import many_controls

    from briefgen.dataset import load_dataset
    from briefgen.resources import bundled_dataset_dir
    from briefgen.visit import VisitOptions, run_visit

    folder.mkdir(parents=True, exist_ok=True)
    options = VisitOptions(visit_date=VISIT, out_dir=folder, formats=("docx",), today=VISIT, force=True)
    brief = run_visit(load_dataset(bundled_dataset_dir()), "takaichi-sanae", options).files[0]
    (folder / "many.docx").write_bytes(many_controls(brief.read_bytes(), count))
    print(folder / "many.docx")


def floor(folder: Path) -> None:
    import docx
    import docxtpl  # noqa: F401  (refresh renders the new brief with it)

    document = docx.Document(folder / "many.docx")
    document.save(io.BytesIO())


def refresh(folder: Path, cpu: bool, runs: int = 0) -> None:
    from briefgen.dataset import load_dataset
    from briefgen.refresh import RefreshOptions, refresh_upload
    from briefgen.resources import bundled_dataset_dir

    dataset = load_dataset(bundled_dataset_dir())
    data = (folder / "many.docx").read_bytes()
    times = []
    for _ in range(1 + runs):
        started, wall = time.process_time(), time.perf_counter()
        refresh_upload(dataset, data, "many.docx", RefreshOptions(today=VISIT))
        times.append((time.process_time() - started, time.perf_counter() - wall))
    if cpu and not runs:
        print(f"refresh CPU s: {times[0][0]:.3f}")
    elif cpu:
        again = sorted(times[1:])
        median, least = again[len(again) // 2], again[0]
        print(
            f"refresh CPU s (wall s): first {times[0][0]:.3f} ({times[0][1]:.3f}), "
            f"median of {runs} more {median[0]:.3f} ({median[1]:.3f}), least {least[0]:.3f} ({least[1]:.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--prepare", type=Path)
    group.add_argument("--floor", type=Path)
    group.add_argument("--refresh", type=Path)
    parser.add_argument("--cpu", action="store_true")
    parser.add_argument("--count", type=int, default=COUNT, help="content controls added by --prepare")
    parser.add_argument("--runs", type=int, default=0, help="with --cpu: refresh this many more times")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.count)
    elif args.floor:
        floor(args.floor)
    else:
        refresh(args.refresh, args.cpu, args.runs)


if __name__ == "__main__":
    main()
