"""Killed, interrupted and concurrent runs of the real `briefgen visit`: nothing truncated, nothing lost.

The kill times are spread over the length of one measured run (a fixed list of delays mostly
killed runs that had already finished on a fast machine), and one test kills the run at the
moment its temporary file appears, the narrowest window there is.  A killed run may leave a
hidden `.briefgen-*.part` file; never a partial document under a real name, never a damaged
officer's file, never a process still running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

EXE = shutil.which("briefgen")
pytestmark = pytest.mark.skipif(EXE is None, reason="the briefgen command is not on PATH (package not installed)")
VISIT = ["visit", "--counterpart", "Takaichi Sanae", "--date", "2026-11-23"]
BRIEF = "2026-11-23_TAKAICHI-Sanae_brief-en.docx"
MATRIX = "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx"
FRACTIONS = [0.15, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]  # of one run's duration


def assert_every_document_is_whole(folder: Path, *, skip: tuple[str, ...] = ()) -> None:
    for path in folder.iterdir():
        if path.name in skip:
            continue
        if path.suffix == ".docx" and not path.name.startswith("."):
            Document(path)  # raises on a truncated or corrupt file
        elif path.suffix == ".xlsx" and not path.name.startswith("."):
            load_workbook(path)
        elif path.name.startswith(".briefgen-") and path.suffix == ".part":
            continue  # a temporary file: never under a real document name
        else:
            raise AssertionError(f"unexpected file {path.name}")


def start(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([EXE, *VISIT, "--out", str(out), *extra], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


def assert_nothing_left_running(pgid: int) -> None:
    """The forked render child, if the kill caught one, ends on its own (it only writes to a pipe)."""
    if not Path("/proc/self/stat").exists():
        return
    deadline = time.monotonic() + 10
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(pgid) == []


@pytest.fixture(scope="module")
def run_seconds(tmp_path_factory) -> float:
    """How long one complete run takes on this machine (the second of two, imports warm)."""
    out = tmp_path_factory.mktemp("baseline")
    for _ in range(2):
        started = time.perf_counter()
        assert start(out, "--force").wait(timeout=120) == 0
        seconds = time.perf_counter() - started
    return seconds


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_sigkill_at_any_point_leaves_no_corrupt_document(tmp_path, run_seconds, fraction):
    existing = tmp_path / BRIEF
    existing.write_bytes(b"an officer's edited brief")
    process = start(tmp_path)
    time.sleep(run_seconds * fraction)
    process.send_signal(signal.SIGKILL)  # the main process only: a render child, if any, is orphaned
    process.wait(timeout=30)
    assert existing.read_bytes() == b"an officer's edited brief"
    assert_every_document_is_whole(tmp_path, skip=(BRIEF,))
    assert_nothing_left_running(process.pid)


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_sigkill_during_force_leaves_the_old_or_the_new_file_whole(tmp_path, run_seconds, fraction):
    """--force replaces a file by renaming a finished one over it: a kill leaves one or the other, whole."""
    assert start(tmp_path).wait(timeout=120) == 0
    old = {name: (tmp_path / name).read_bytes() for name in (BRIEF, MATRIX)}
    process = start(tmp_path, "--force")
    time.sleep(run_seconds * fraction)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    for name in (BRIEF, MATRIX):
        data = (tmp_path / name).read_bytes()
        if data != old[name]:  # replaced: then the new file must be complete
            assert zipfile.is_zipfile(tmp_path / name)
    assert_every_document_is_whole(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [BRIEF, MATRIX]
    assert_nothing_left_running(process.pid)


def test_kill_the_moment_the_temporary_file_appears(tmp_path):
    """The narrowest window: the document is being written under its temporary name."""
    caught = 0
    for attempt in range(5):
        out = tmp_path / f"run{attempt}"
        out.mkdir()
        process = start(out)
        while process.poll() is None:
            if any(p.name.startswith(".briefgen-") for p in out.iterdir()):
                os.killpg(process.pid, signal.SIGKILL)
                caught += 1
                break
            time.sleep(0.0005)
        process.wait(timeout=30)
        assert_every_document_is_whole(out)
        assert_nothing_left_running(process.pid)
        again = start(out)  # a leftover temporary file does not get in the next run's way
        assert again.wait(timeout=120) == 0, again.stderr.read()
        assert_every_document_is_whole(out)
        assert {p.suffix for p in out.iterdir() if not p.name.startswith(".")} == {".docx", ".xlsx"}
    assert caught >= 3, f"the temporary file was seen in only {caught} of 5 runs"


def test_ctrl_c_cleans_up_and_says_interrupted(tmp_path, run_seconds):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) once the run is under way."""
    for index, fraction in enumerate((0.0, 0.2, 0.4, 0.6)):
        out = tmp_path / f"run{index}"
        out.mkdir()
        process = start(out)
        first = process.stderr.readline().decode()  # "using bundled dataset: ...": imports and loading are done
        assert first.startswith("using bundled dataset"), first
        time.sleep(run_seconds * fraction / 2)
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        code = process.wait(timeout=60)
        stderr = first + process.stderr.read().decode()
        # 130 (128 + SIGINT) is what typer exits with on Ctrl-C inside a command, before cli/app.py's own
        # "interrupted" handler (exit 1) ever sees it: that handler only catches a Ctrl-C outside commands.
        assert code in (0, 130), stderr
        assert "Traceback" not in stderr and "could not be rendered" not in stderr
        assert not [p.name for p in out.iterdir() if p.name.startswith(".briefgen-")]  # cleaned up
        assert_every_document_is_whole(out)
        assert_nothing_left_running(process.pid)


def test_ctrl_c_during_startup_says_interrupted(monkeypatch, capsys):
    import builtins
    import importlib
    import sys

    cli_app = importlib.import_module("briefgen.cli.app")  # briefgen.cli.app is also the name of the Typer app
    real_import = builtins.__import__

    def interrupted_import(name, *args, **kwargs):
        if name == "briefgen.cli.commands":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    monkeypatch.setattr(sys, "argv", ["briefgen", "--version"])
    try:
        cli_app.main()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:  # caught here: escaping into pytest would stop the whole session
        pytest.fail("KeyboardInterrupt escaped briefgen's main()")
    assert code == 1 and capsys.readouterr().err.strip() == "interrupted"


def test_two_runs_at_once_both_succeed_with_distinct_files(tmp_path):
    runs = [start(tmp_path) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["2026-11-23_TAKAICHI-Sanae_brief-en-2.docx", BRIEF,
                     "2026-11-23_TAKAICHI-Sanae_matrix-en-2.xlsx", MATRIX]
    for name in names:
        assert zipfile.is_zipfile(tmp_path / name)
    assert_every_document_is_whole(tmp_path)


def test_two_forced_runs_at_once_leave_one_whole_file_each(tmp_path):
    (tmp_path / BRIEF).write_bytes(b"to be replaced")
    runs = [start(tmp_path, "--force") for _ in range(3)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    assert sorted(p.name for p in tmp_path.iterdir()) == [BRIEF, MATRIX]
    assert_every_document_is_whole(tmp_path)
