"""A writable copy of the bundled dataset for the issue-15 tests, edited as text."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "examples" / "vn-jp-ict"


def copy_dataset(
    folder: Path,
    edits: dict[str, tuple[str, str]] | None = None,
    append: dict[str, str] | None = None,
    seeds: bool = True,
) -> Path:
    """The bundled dataset in `folder` (its seeds in `folder/seeds`, named by the manifest), with each file's
    `edits` (old text → new text, which must be there) and `append` (text added at the end)."""
    shutil.copytree(BUNDLED, folder)
    manifest = folder / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("seeds_dir: ../../seeds", "seeds_dir: seeds"), encoding="utf-8"
    )
    if seeds:
        shutil.copytree(REPO / "seeds", folder / "seeds")
    for name, (old, new) in (edits or {}).items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, text in (append or {}).items():
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return folder
