#!/usr/bin/env python3
"""One briefing's own work, apart from loading the dataset and building its indexes.

    python bench/briefing.py --data DIR --counterpart ID --date 2026-12-01 [--repeats 5] [--only brief --lang vi]

A `visit` is: start-up, load + check the dataset, build the dataset's indexes
(name index, organisation -> records) on first use, then the briefing itself:
resolve the name, build the brief and matrix views, render the Word and Excel
documents in memory.  The first parts grow with the dataset by nature; the
last must grow only with the counterpart's records.  This script loads once,
makes one briefing untimed (which builds the indexes), then times the same
briefing `--repeats` times and prints JSON: the median, min and max seconds,
and how long the first briefing (with the index builds) took.  Nothing is
written to disk.

`--only brief` times the brief's view alone (select + build_brief, in `--lang`: what the web
preview pays), with the process's CPU time beside the wall time, so a change to the brief's
build can be compared before and after on a busy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--counterpart", required=True)
    parser.add_argument("--date", default="2026-12-01")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=("brief",), help="time only the brief's view (select + build_brief)")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()

    from briefgen import process
    from briefgen.briefing import build_brief
    from briefgen.dataset import load_dataset
    from briefgen.resolve import resolve_person
    from briefgen.visit import build_views, choose_renderers

    process.for_command()  # the process policy the CLI sets
    dataset = load_dataset(args.data)
    process.settle()
    visit = dt.date.fromisoformat(args.date)

    if args.only == "brief":
        person_id = resolve_person(dataset, args.counterpart).person.id
        build_brief(dataset, person_id, visit_date=visit, lang=args.lang)  # warm-up: the indexes
        walls, cpus = [], []
        for _ in range(args.repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            build_brief(dataset, person_id, visit_date=visit, lang=args.lang)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
        print(
            json.dumps(
                {"cpu_median": statistics.median(cpus), "cpu_min": min(cpus), "wall_median": statistics.median(walls)}
            )
        )
        return

    def one() -> float:
        started = time.perf_counter()
        person = resolve_person(dataset, args.counterpart).person
        views = build_views(dataset, person.id, visit_date=visit, lang="en", today=dt.date.today())
        for renderer in choose_renderers(None):
            renderer.render(views, template=None)
        return time.perf_counter() - started

    first = one()
    times = [one() for _ in range(args.repeats)]
    print(json.dumps({"first": first, "median": statistics.median(times), "min": min(times), "max": max(times)}))


if __name__ == "__main__":
    main()
