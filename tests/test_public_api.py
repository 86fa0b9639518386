"""The public API (issue 25): the names in `briefgen.__all__` exist, and each is documented in docs/api.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import briefgen

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_every_public_name_exists_and_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for name in briefgen.__all__:
        assert getattr(briefgen, name) is not None
        assert name == "__version__" or f"`{name}" in text, f"{name} is not in docs/api.md"


def test_an_unknown_name_is_an_attribute_error():
    try:
        briefgen.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("briefgen.no_such_name did not raise")


def test_importing_the_package_loads_no_view_or_dataset_code():
    """The names load when first used: `import briefgen` (every command's start) stays cheap."""
    code = "import sys, briefgen; print(sorted(m for m in sys.modules if m.startswith('briefgen.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "briefgen.briefing" not in out and "briefgen.dataset" not in out
