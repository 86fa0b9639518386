#!/usr/bin/env python3
"""The page's search as an officer types, timed in one warm process (what `briefgen serve` answers per keystroke).

    python bench/search.py --data /tmp/briefgen-bench/data-L-seed1 [--names 20] [--repeats 5] [--unprepared]

The dataset is prepared for search as the page prepares it in the background after each load
(`jobs.prepare_search`; its CPU and wall time and the memory it keeps are printed), unless `--unprepared`.
For `--names` people of the dataset (spread over the ids), the search for: the whole name as written, and the
family name cut to 3, 4 and 6 letters (an unfinished name, as search-as-you-type sends it).  The dataset is loaded
and one search made (untimed) first: the page's process has both.  Each query is timed the first time it is
asked ("first": the people it lists were not listed before, or only by a shorter prefix) and again, the minimum of
`--repeats` more runs ("again": as when officers keep looking up the same delegation; the machine is shared, and
the minimum is the search's own cost); printed per kind of query as the median and the largest over the names,
in milliseconds, with the answers' kinds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from briefgen.dataset import load_dataset
from briefgen.web.jobs import prepare_search, search


def _resident_mb() -> float:
    """The process's resident memory now (Linux), in MB: what the prepared dataset keeps, not a peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--names", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--unprepared", action="store_true", help="search as before the page prepared the dataset")
    args = parser.parse_args()
    dataset = load_dataset(args.data, today=dt.date.today())
    before = _resident_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    if not args.unprepared:
        prepare_search(dataset)
    prepared = {
        "prepare_wall_s": round(time.perf_counter() - wall, 2),
        "prepare_cpu_s": round(time.process_time() - cpu, 2),
        "prepare_kept_mb": round(_resident_mb() - before),
    }
    ids = sorted(dataset.people)
    people = [dataset.people[i] for i in ids[:: max(1, len(ids) // args.names)][: args.names]]
    search(dataset, people[0].name.full())  # the first search builds what later ones reuse (untimed)
    kinds: dict[str, list[tuple[float, str]]] = {}
    for person in people:
        family = str(person.name.family)
        queries = {"whole name": person.name.full(capitals=False)}
        for n in (3, 4, 6):
            if len(family) > n:
                queries[f"unfinished, {n} letters"] = family[:n]
        for kind, query in queries.items():
            start = time.perf_counter()
            result = search(dataset, query)
            first = time.perf_counter() - start
            best = float("inf")
            for _ in range(args.repeats):
                start = time.perf_counter()
                search(dataset, query)
                best = min(best, time.perf_counter() - start)
            kinds.setdefault(kind, []).append((first * 1000, best * 1000, result.kind))
    report = {
        kind: {
            "queries": len(found),
            "first_median_ms": round(statistics.median(f for f, _, _ in found), 2),
            "first_max_ms": round(max(f for f, _, _ in found), 2),
            "again_median_ms": round(statistics.median(t for _, t, _ in found), 2),
            "again_max_ms": round(max(t for _, t, _ in found), 2),
            "answers": sorted({k for _, _, k in found}),
        }
        for kind, found in kinds.items()
    }
    print(json.dumps({"preparation": prepared, **report}, indent=1))


if __name__ == "__main__":
    main()
