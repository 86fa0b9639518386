"""Shared by the ingest tests: a writable copy of the bundled dataset with its seeds beside it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "examples" / "vn-jp-ict"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
TODAY = dt.date(2026, 11, 23)


def copy_dataset(tmp_path: Path, *, files: tuple[str, ...] | None = None) -> Path:
    """The bundled dataset (or only some of its files) at tmp/examples/vn-jp-ict, seeds at tmp/seeds."""
    root = tmp_path / "examples" / "vn-jp-ict"
    root.mkdir(parents=True)
    for path in BUNDLED.glob("*.yaml"):
        if files is None or path.name in files:
            shutil.copy(path, root / path.name)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return root
