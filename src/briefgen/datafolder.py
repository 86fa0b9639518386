"""Which files make up a dataset folder, found without wandering into other people's files.

`briefgen check --data /tmp` once read every `*.yaml` below /tmp, into other projects' virtual
environments.  So the walk never enters a hidden folder (`.git`, `.venv`, `.cache`, ...), a
virtual environment (any folder holding `pyvenv.cfg` or `conda-meta/`) or a package cache
(`__pycache__`, `node_modules`, `site-packages`), and a folder whose YAML files hold no
`manifest:` is refused before any of them is parsed: it is not a briefgen dataset.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefgen.errors import BadInputError, DatasetError, Problem

SUFFIXES = frozenset({".yaml", ".yml"})
SKIPPED_NAMES = frozenset({"__pycache__", "node_modules", "site-packages"})
DRAFTS_DIR = "drafts"
# A top-level `manifest:` key, however quoted, in block or flow style.  Matching more than the top
# level is harmless: the full check still reports a folder without a manifest; missing one is not.
_MANIFEST_KEY = re.compile(rb"(?:^|[{,])[ \t]*(?:\xef\xbb\xbf)?[\"']?manifest[\"']?[ \t]*:", re.MULTILINE)
NO_MANIFEST = "no file holds a `manifest:`; a dataset needs exactly one"
_SCAN_BYTES = 2 * 1024 * 1024  # no dataset file may be larger (the reader refuses it); enough to find the key


def is_skipped_dir(path: Path) -> bool:
    """A folder the walk does not enter: hidden, a virtual environment or a package cache."""
    name = path.name
    return (
        name.startswith(".")
        or name in SKIPPED_NAMES
        or (path / "pyvenv.cfg").is_file()
        or (path / "conda-meta").is_dir()
    )


def yaml_files(root: Path, *, include_drafts: bool = False) -> list[Path]:
    """The YAML files under `root`, sorted; without `include_drafts`, none from a drafts/ folder.

    Symbolic links to folders are not followed; unreadable folders are passed over.
    """
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = [s for s in subfolders if not is_skipped_dir(here / s)]
        if not include_drafts:
            subfolders[:] = [s for s in subfolders if s != DRAFTS_DIR]
        found.extend(here / n for n in names if Path(n).suffix in SUFFIXES and (here / n).is_file())
    return sorted(found)


def holds_manifest(files: list[Path]) -> bool:
    """Whether some file has a `manifest:` key (a manifest.yaml, if any, is looked at first)."""
    for path in sorted(files, key=lambda p: p.stem != "manifest"):
        try:
            with open(path, "rb") as stream:
                head = stream.read(_SCAN_BYTES)
        except OSError:
            continue  # the full check reports it
        if _MANIFEST_KEY.search(head):
            return True
    return False


def dataset_files(root: Path, *, include_drafts: bool = False) -> list[Path]:
    """The files of the dataset at `root`.

    Raises BadInputError when it has no YAML file, and DatasetError (the problem the full check would
    report, without parsing anything) when a file is a link leading out of `root` or none of them
    holds a manifest.
    """
    files = yaml_files(root, include_drafts=include_drafts)
    if not files:
        raise BadInputError(f"no YAML files in {root}: is this a briefgen dataset?")
    if outside := files_outside(root, files):  # refused before any file is read, even for a manifest
        raise DatasetError(outside)
    if not holds_manifest(files):
        raise DatasetError([Problem(str(root), 0, "manifest", NO_MANIFEST)])
    return files


def files_outside(root: Path, files: list[Path]) -> list[Problem]:
    """A problem for each dataset file that is a symbolic link leading out of the dataset folder `root`
    (a dataset is what is in its folder; a link to /etc/… or another user's file is not read)."""
    problems = []
    base = root.resolve()
    for path in files:
        if not path.is_symlink():  # the walk does not follow linked folders: only a linked file can lead out
            continue
        try:
            target = path.resolve()
        except (OSError, RuntimeError):
            target = None
        if target is None or (target != base and base not in target.parents):
            problems.append(
                Problem(
                    str(path.relative_to(root)),
                    0,
                    "",
                    "is a symbolic link leading out of the dataset folder; copy the file into the dataset instead",
                )
            )
    return problems
