"""Shared by the hardening tests: the real `briefgen` command run under limits, and how many examples to try.

The slow run (`python -m pytest --slow`, declared in tests/conftest.py, or BRIEFGEN_SLOW=1) tries
the full counts of generated examples and checks each run's wall-clock time and peak memory against
its bound.  The default run checks neither (on a shared machine another job's load would decide
the outcome): every run has resource limits instead, 1 GiB of address space and CPU_SECONDS of CPU
time, which a busy machine does not use up for it.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def slow() -> bool:
    """BRIEFGEN_SLOW=1: read when a test module is collected, after any `--slow` option has set it
    (this conftest itself is imported before pytest_configure when its folder is named on the command line)."""
    return os.environ.get("BRIEFGEN_SLOW", "") not in ("", "0")


EXE = shutil.which("briefgen")
MEMORY_LIMIT = 1 << 30  # RLIMIT_AS of every briefgen child: a run that needs more fails instead of swapping
CPU_SECONDS = 30  # RLIMIT_CPU of every briefgen child: the slowest case needs ~5 s (a runaway render has its own)
HANG = 300  # wall-clock seconds after which a run is taken to hang and killed: only a hung run gets there
HARDENING = Path(__file__).resolve().parent
HOSTILE_BAD = HARDENING / "data" / "bad"


@dataclass
class Run:
    """One finished `briefgen` process."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float


def _limit_resources() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))  # SIGXCPU, then SIGKILL


def run_briefgen(args: list[str], *, cwd: Path, timeout: float = HANG, env: dict | None = None) -> Run:
    """Run the installed `briefgen` under its resource limits; measure its time and peak memory."""
    assert EXE is not None
    with tempfile.TemporaryDirectory(prefix="briefgen-run-") as logs:  # never inside the folders checked
        out, err = Path(logs) / "stdout", Path(logs) / "stderr"
        started = time.perf_counter()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [EXE, *args],
                stdout=stdout,
                stderr=stderr,
                preexec_fn=_limit_resources,
                cwd=cwd,
                env={**os.environ, "COLUMNS": "200", **(env or {})},
            )
            killer = threading.Timer(timeout, process.kill)
            killer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)  # wait4, not wait(): it also gives the peak memory
            finally:
                killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        return Run(
            args,
            process.returncode,
            out.read_text("utf-8", "replace"),
            err.read_text("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,
        )


def assert_within(run: Run, *, seconds: float, rss_mb: float = float("inf")) -> None:
    """The slow run's bounds on one run's wall-clock time and peak memory; nothing in the default run."""
    if slow():
        assert run.seconds < seconds, f"{run.args}: {run.seconds:.1f} s"
        assert run.max_rss_mb < rss_mb, f"{run.args}: {run.max_rss_mb:.0f} MB"


@pytest.fixture
def briefgen_run(tmp_path):
    """`briefgen_run(args, ...)`: the real command, run in tmp_path (skips when it is not installed)."""
    if EXE is None:
        pytest.skip("the briefgen command is not on PATH (package not installed)")

    def run(args: list[str], **kwargs) -> Run:
        kwargs.setdefault("cwd", tmp_path)
        return run_briefgen(args, **kwargs)

    return run
