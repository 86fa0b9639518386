"""Shared fixtures: the bundled dataset, loaded once per session, and paths in the repository."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from briefgen.dataset import Dataset, load_dataset

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "examples" / "vn-jp-ict"
TODAY = dt.date(2026, 11, 23)

# The parse cache (briefgen.parsecache) goes to a throwaway folder, never the developer's ~/.cache;
# subprocesses of the installed `briefgen` inherit it.
os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset(BUNDLED)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of this test's own (parse cache, remembered checks), empty at the start."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    return folder


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="hardening tests: ten times more generated examples")


def pytest_configure(config):
    if config.getoption("--slow"):
        import os

        os.environ["BRIEFGEN_SLOW"] = "1"
