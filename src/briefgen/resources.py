"""Where the bundled dataset and default templates are, installed or not.

A wheel carries them under `briefgen/_bundled/` (see pyproject.toml); a source
checkout (tests, editable installs) has them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_REPO = _PACKAGE.parent.parent

BUNDLED_DATASET_NAME = "vn-jp-ict"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def bundled_dataset_dir() -> Path:
    return _first_existing(_BUNDLED / "examples" / BUNDLED_DATASET_NAME, _REPO / "examples" / BUNDLED_DATASET_NAME)


def templates_dir() -> Path:
    return _first_existing(_BUNDLED / "templates", _REPO / "templates")


def is_installed_copy() -> bool:
    """True when running from an installed wheel rather than a source tree."""
    return _BUNDLED.exists()
