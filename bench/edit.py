#!/usr/bin/env python3
"""A curator's edit of one file of a generated dataset, undone by the next call: what "after an edit" measures.

    python bench/edit.py --data /tmp/briefgen-bench/data-L-seed1

Each call toggles one edit in the dataset's middle meetings file (the year the generator puts halfway through
its range): a comment line at the top of the file (so every line below it moves) and one meeting's summary
reworded (so that meeting's value changes, and what refers to it is checked again).  Two calls leave the file as
generated.  Without a meetings folder (size S), meetings.yaml is edited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

COMMENT = b"# edited by bench/edit.py\n"
BEFORE, AFTER = b"summary: \"The two sides reviewed", b"summary: \"Both sides reviewed"


def target(data: Path) -> Path:
    folder = data / "meetings"
    if not folder.is_dir():
        return data / "meetings.yaml"
    files = sorted(folder.glob("*.yaml"))
    return files[len(files) // 2]


def toggle(data: Path) -> Path:
    """Apply the edit, or undo it when it is there; the file edited."""
    path = target(data)
    raw = path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    if rest.startswith(COMMENT):
        rest = rest[len(COMMENT):].replace(AFTER, BEFORE, 1)
    else:
        rest = COMMENT + rest.replace(BEFORE, AFTER, 1)
    path.write_bytes(first + b"\n" + rest)
    return path


def edited(data: Path) -> bool:
    raw = target(data).read_bytes()
    return raw.split(b"\n", 1)[1].startswith(COMMENT)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    toggle(parser.parse_args().data)
