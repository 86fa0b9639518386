"""Shared fixtures: the bundled dataset, loaded once per session, and paths in the repository."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from briefgen.dataset import Dataset, load_dataset

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "examples" / "vn-jp-ict"
TODAY = dt.date(2026, 11, 23)

# The cache (briefgen.cache) goes to a throwaway folder, never the developer's ~/.cache;
# subprocesses of the installed `briefgen` inherit it.
os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")
# Defaults a developer may have set for scripts (docs/cli-json.md) would change what the tests run.
for _variable in ("BRIEFGEN_DATA", "BRIEFGEN_OUT", "BRIEFGEN_LANG"):
    os.environ.pop(_variable, None)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset(BUNDLED)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of this test's own, empty at the start."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    return folder


def pytest_addoption(parser):
    parser.addoption(
        "--slow",
        action="store_true",
        help="the slow run: more generated examples, and the bounds on time and memory (BRIEFGEN_SLOW=1)",
    )


# No test's outcome depends on how busy the machine is: hypothesis's per-example deadline (200 ms by
# default) is off everywhere.  The default run tries fewer generated examples than the slow run
# (`--slow` or BRIEFGEN_SLOW=1), which also checks the bounds on time and memory: see `slow_run`.
settings.register_profile("briefgen", deadline=None)
settings.register_profile("briefgen-slow", deadline=None, max_examples=1000)


def slow_run() -> bool:
    """Whether this is the slow run; read by test modules when they are collected, after pytest_configure."""
    return os.environ.get("BRIEFGEN_SLOW", "") not in ("", "0")


def pytest_configure(config):
    if config.getoption("--slow"):
        os.environ["BRIEFGEN_SLOW"] = "1"
    settings.load_profile("briefgen-slow" if slow_run() else "briefgen")
