"""Measure `briefgen ingest` on the seed articles against the hand-curated bundled dataset.

Usage: python scripts/ingest_eval.py [--data DIR] [--misses]

Prints precision and recall per kind (the matching rules are in
briefgen/ingest/evaluate.py) and, with --misses, every wrong or missed item.
The figures are copied into docs/ingest.md; tests/ingest/test_evaluate.py pins
them as lower bounds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from briefgen.dataset import load_dataset
from briefgen.ingest.evaluate import evaluate, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="dataset folder (default: the bundled one)")
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed item")
    args = parser.parse_args()
    start = time.perf_counter()
    scores = evaluate(load_dataset(args.data))
    print(table(scores))
    if args.misses:
        for kind, score in scores.items():
            if score.misses:
                print(f"\n## {kind}")
                print("\n".join(f"- {m}" for m in score.misses))
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
