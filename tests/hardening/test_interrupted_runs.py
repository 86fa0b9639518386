"""Killed, interrupted and concurrent runs of the real `briefgen visit`: nothing truncated, nothing lost.

Every interruption happens at a point the run itself announces, never after a guessed delay, so
the outcome does not depend on how busy the machine is.  BRIEFGEN_TEST_PAUSE_AT=<point> makes the
command write "paused at <point>" to stderr there and wait on stdin (see `checkpoint` in
briefgen.cli.app): loaded, rendered, first-file, written, finished, first-briefing.  One more point
is made here, in the test's own wrapper around the command: "linking", inside the library's write,
when a document sits complete under its hidden temporary name and is about to take its real one.

A test reads up to its point, sends its signal, and then checks what that point implies, so it
fails if the signal lands anywhere else: SIGKILL leaves whole documents (an officer's file
untouched, at most a hidden `.briefgen-*.part`); Ctrl-C before the command is over ends in
"interrupted", exit 130, no traceback and no temporary file; Ctrl-C once it is over changes nothing
(exit 0).  A run told to stop that goes on waiting fails the test (the watchdog ends it) instead of
passing it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from briefgen.cli.app import PAUSE_VARIABLE
from briefgen.cli.exitcodes import EXIT_INTERRUPTED
from briefgen.resources import templates_dir

from .conftest import EXE

pytestmark = pytest.mark.skipif(EXE is None, reason="the briefgen command is not on PATH (package not installed)")
VISIT = ["visit", "--counterpart", "Takaichi Sanae", "--date", "2026-11-23"]
BRIEF = "2026-11-23_TAKAICHI-Sanae_brief-en.docx"
MATRIX = "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx"
BRIEF_2 = "2026-11-23_TAKAICHI-Sanae_brief-en-2.docx"  # the name a run takes beside an officer's BRIEF
MATRIX_2 = "2026-11-23_TAKAICHI-Sanae_matrix-en-2.xlsx"
HANG = 300  # seconds: only a run that would never end on its own is killed then (and fails its test)

# The real command, with `os.link` and `os.replace` of briefgen.output wrapped so that the first call
# pauses like a checkpoint ("linking"); or with a Ctrl-C sent from inside os.fork (see the tests below).
WRAPPER = """
import os, signal, sys
import briefgen.output
from briefgen.cli import main

mode, sys.argv = sys.argv[1], ["briefgen", *sys.argv[2:]]
if mode == "linking":
    real = briefgen.output.os

    class PausingOs:
        paused = False

        def __getattr__(self, name):
            return getattr(real, name)

        def pause(self):
            if not PausingOs.paused:
                PausingOs.paused = True
                sys.stderr.write("paused at linking\\n")
                sys.stderr.flush()
                sys.stdin.readline()

        def link(self, *args):
            self.pause()
            return real.link(*args)

        def replace(self, *args):
            self.pause()
            return real.replace(*args)

    briefgen.output.os = PausingOs()
elif mode in ("fork-parent", "fork-child"):
    sent = []

    def interrupt():  # once, at the first fork (the render's)
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    os.register_at_fork(**{"before" if mode == "fork-parent" else "after_in_child": interrupt})
main()
"""


def default_ctrl_c() -> None:
    """In the child, before exec: SIGINT as a terminal's job has it.  A run started from a job that
    ignores SIGINT (`cmd &` in a script, `nohup`, some CI runners) inherits the ignoring, and Python
    then leaves it ignored, so every Ctrl-C test would wait for its watchdog."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(out: Path, *extra: str, pause: str | None = None, names: tuple[str, ...] = ()) -> subprocess.Popen:
    """`briefgen visit` into `out`, in a process group of its own (as a terminal's job is), stdin a pipe."""
    args = [*VISIT, *(arg for name in names for arg in ("--counterpart", name)), "--out", str(out), *extra]
    env = {**os.environ, "COLUMNS": "200"}
    env.pop(PAUSE_VARIABLE, None)
    if pause in ("linking", "fork-parent", "fork-child"):
        command = [sys.executable, "-c", WRAPPER, pause, *args]
    else:
        command = [EXE, *args]
        if pause:
            env[PAUSE_VARIABLE] = pause
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        preexec_fn=default_ctrl_c,
    )

    def kill_a_hung_run() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)

    process.watchdog = threading.Timer(HANG, kill_a_hung_run)
    process.watchdog.daemon = True
    process.watchdog.start()
    process.seen = ""
    return process


def wait_for(process: subprocess.Popen, point: str) -> None:
    """Read stderr up to "paused at <point>"; fail if the run ends first."""
    while True:
        line = process.stderr.readline().decode("utf-8", "replace")
        process.seen += line
        if line == f"paused at {point}\n":
            return
        if not line:
            process.wait()
            process.watchdog.cancel()
            pytest.fail(f"the run never reached {point!r} (exit {process.returncode}):\n{process.seen}")


def finish(process: subprocess.Popen, *, release: bool) -> tuple[int, str, str]:
    """The exit code, stdout and the whole stderr.  `release`: let a paused run go on (close its stdin)
    before waiting; without it, a run that did not act on its signal stays paused until the watchdog."""
    stdin, process.stdin = process.stdin, None  # communicate() would close it: only `release` does
    if release:
        stdin.close()
    stdout, stderr = process.communicate()
    stdin.close()
    process.watchdog.cancel()
    return process.returncode, stdout.decode("utf-8", "replace"), process.seen + stderr.decode("utf-8", "replace")


def ctrl_c(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGINT)  # the whole process group, as a terminal sends it


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


def documents(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".briefgen-"))


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
    """A forked render child, if a kill orphaned one, ends on its own (it only writes to a pipe)."""
    if not Path("/proc/self/stat").exists():
        return
    deadline = time.monotonic() + HANG
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group_members(pgid) == []


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert "could not be rendered" not in stderr and "unexpected" not in stderr, stderr


# -- SIGKILL: no corrupt document, whatever the point -------------------------------------------

# What a run writing beside an officer's BRIEF has put under real names when killed at each point.
KILLED = {
    "loaded": [],
    "rendered": [],
    "linking": [],  # the brief is complete under its temporary name only
    "first-file": [BRIEF_2],
    "written": [BRIEF_2, MATRIX],
    "finished": [BRIEF_2, MATRIX],
}


@pytest.mark.parametrize("point", KILLED)
def test_sigkill_at_each_point_leaves_no_corrupt_document(tmp_path, point):
    existing = tmp_path / BRIEF
    existing.write_bytes(b"an officer's edited brief")
    process = start(tmp_path, pause=point)
    wait_for(process, point)
    process.send_signal(signal.SIGKILL)  # the main process only: a render child, if any, is orphaned
    code, _, stderr = finish(process, release=False)
    assert code == -signal.SIGKILL, stderr
    assert existing.read_bytes() == b"an officer's edited brief"
    assert documents(tmp_path) == sorted([BRIEF, *KILLED[point]])
    assert_every_document_is_whole(tmp_path, skip=(BRIEF,))
    assert_nothing_left_running(process.pid)
    if point != "linking":
        assert temporary_files(tmp_path) == []
        return
    [temporary] = temporary_files(tmp_path)
    Document(tmp_path / temporary)  # whole before it gets a real name
    again = start(tmp_path)  # and it does not get in the next run's way
    code, _, stderr = finish(again, release=True)
    assert code == 0, stderr
    assert documents(tmp_path) == sorted([BRIEF, BRIEF_2, MATRIX])
    assert_every_document_is_whole(tmp_path, skip=(BRIEF,))


# Which of the two files a killed --force run has replaced at each point.
REPLACED = {"rendered": [], "linking": [], "first-file": [BRIEF], "written": [BRIEF, MATRIX]}


@pytest.mark.parametrize("point", REPLACED)
def test_sigkill_during_force_leaves_the_old_or_the_new_file_whole(tmp_path, point):
    """--force replaces a file by renaming a finished one over it: a kill leaves one or the other, whole."""
    old = {BRIEF: b"an officer's edited brief", MATRIX: b"an officer's edited matrix"}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    process = start(tmp_path, "--force", pause=point)
    wait_for(process, point)
    process.send_signal(signal.SIGKILL)
    finish(process, release=False)
    assert documents(tmp_path) == [BRIEF, MATRIX]
    for name in (BRIEF, MATRIX):
        data = (tmp_path / name).read_bytes()
        if name in REPLACED[point]:
            assert data != old[name] and zipfile.is_zipfile(tmp_path / name)
        else:
            assert data == old[name]
    assert_every_document_is_whole(tmp_path, skip=tuple({BRIEF, MATRIX} - set(REPLACED[point])))
    assert_nothing_left_running(process.pid)


# -- Ctrl-C ---------------------------------------------------------------------------------------

# What a Ctrl-C at each point leaves under real names: the files already complete, never part of one.
INTERRUPTED = {
    "loaded": [],
    "rendered": [],
    "linking": [],
    "first-file": [BRIEF],
    "written": [BRIEF, MATRIX],  # every file is whole, but what was written and its warnings were not reported
}


@pytest.mark.parametrize("point", INTERRUPTED)
def test_ctrl_c_before_the_end_stops_the_run_and_cleans_up(tmp_path, point):
    process = start(tmp_path, pause=point)
    wait_for(process, point)
    ctrl_c(process)
    code, stdout, stderr = finish(process, release=False)
    assert code == EXIT_INTERRUPTED, stderr
    assert stderr.endswith("\ninterrupted\n"), stderr
    assert "wrote" not in stdout
    assert_no_traceback(stderr)
    assert documents(tmp_path) == INTERRUPTED[point]
    assert temporary_files(tmp_path) == []  # the one under way at "linking" was removed
    assert_every_document_is_whole(tmp_path)
    assert_nothing_left_running(process.pid)


def test_ctrl_c_once_the_run_is_over_changes_nothing(tmp_path):
    """The run's files and report are complete: a Ctrl-C as the process ends is ignored, exit 0 (issue 18)."""
    process = start(tmp_path, pause="finished")
    wait_for(process, "finished")
    ctrl_c(process)
    code, stdout, stderr = finish(process, release=True)
    assert code == 0, stderr
    assert_no_traceback(stderr)
    assert "interrupted" not in stderr
    assert f"wrote {tmp_path / BRIEF}" in stdout and f"wrote {tmp_path / MATRIX}" in stdout
    assert documents(tmp_path) == [BRIEF, MATRIX] and temporary_files(tmp_path) == []
    assert_every_document_is_whole(tmp_path)


def users_template(tmp_path: Path) -> Path:
    """A template given with --template (renders in the sandbox's child process), outside the output folder."""
    copy = tmp_path.parent / f"{tmp_path.name}-template.docx"
    copy.write_bytes((templates_dir() / "brief-en.docx").read_bytes())
    return copy


def test_ctrl_c_during_fork_is_raised_in_the_parent_not_dropped(tmp_path):
    """A SIGINT handled inside os.fork's callbacks used to print "Exception ignored in: <function
    _releaseLock>" with a traceback and be lost, the run going on to exit 0 (issue 18).  Sent from
    inside the render's fork (an at-fork callback of the test's wrapper), it now stops the run.  An
    officer's template (here a copy of the bundled one) is what renders in a child process."""
    process = start(tmp_path, "--template", str(users_template(tmp_path)), pause="fork-parent")
    code, _, stderr = finish(process, release=False)
    assert code == EXIT_INTERRUPTED, stderr
    assert stderr.endswith("\ninterrupted\n"), stderr
    assert_no_traceback(stderr)
    assert list(tmp_path.iterdir()) == []
    assert_nothing_left_running(process.pid)


def test_ctrl_c_reaching_a_new_render_child_is_left_to_the_parent(tmp_path):
    """The render child gets the terminal's Ctrl-C too; one that comes as it is forked is discarded there
    (the parent, not signalled here, finishes the run) instead of printing a traceback from the child."""
    process = start(tmp_path, "--template", str(users_template(tmp_path)), pause="fork-child")
    code, _, stderr = finish(process, release=False)
    assert code == 0, stderr
    assert_no_traceback(stderr)
    assert documents(tmp_path) == [BRIEF, MATRIX]
    assert_every_document_is_whole(tmp_path)


PEOPLE = (
    "takaichi-sanae",
    "sakai-manabu",
    "watanabe-ken",
    "sakairi",
    "nguyen-manh-hung",
    "truong-minh-tuan",
    "trieu-minh-long",
    "nguyen-xuan-phuc",
)


def test_ctrl_c_during_a_batch_lets_the_started_briefings_finish_and_no_more(tmp_path):
    """Workers leave Ctrl-C to the parent (each printed a traceback before): the briefings handed out
    finish (at most workers + 1 of them), the rest never start."""
    process = start(tmp_path, pause="first-briefing", names=PEOPLE[1:])
    wait_for(process, "first-briefing")
    ctrl_c(process)
    code, _, stderr = finish(process, release=False)
    assert code == EXIT_INTERRUPTED, stderr
    assert stderr.endswith("\ninterrupted\n"), stderr
    assert_no_traceback(stderr)
    written = documents(tmp_path)
    briefings = {name.split("_")[1] for name in written}
    assert 1 <= len(briefings) <= min(len(os.sched_getaffinity(0)), len(PEOPLE)) + 1, written
    assert len(written) == 2 * len(briefings)  # a brief and a matrix each
    assert temporary_files(tmp_path) == []
    assert_every_document_is_whole(tmp_path)
    assert_nothing_left_running(process.pid)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_batch_names_every_file_it_left_on_disk(tmp_path, signum):
    """Issue 23: after SIGTERM a batch said "the others were not written" while more sets were on disk.
    Every document in the folder is now named in the report: a set written whole ("wrote"), or a file
    of a briefing cut short; and the briefings not finished are named."""
    process = start(tmp_path, pause="first-briefing", names=PEOPLE[1:])
    wait_for(process, "first-briefing")
    if signum == signal.SIGINT:
        ctrl_c(process)
    else:
        os.kill(process.pid, signal.SIGTERM)
    code, stdout, stderr = finish(process, release=signum == signal.SIGTERM)
    assert code == (EXIT_INTERRUPTED if signum == signal.SIGINT else 143), stderr
    assert_no_traceback(stderr)
    report = stdout + stderr
    for name in documents(tmp_path):
        assert str(tmp_path / name) in report, (name, report)
    stopped = next(line for line in stderr.splitlines() if line.startswith("stopped after "))
    assert "the others were not written" not in stderr and "not finished: " in stopped
    assert temporary_files(tmp_path) == []
    assert_every_document_is_whole(tmp_path)
    assert_nothing_left_running(process.pid)


def test_ctrl_c_during_startup_says_interrupted(monkeypatch, capsys):
    import builtins
    import importlib

    cli_app = importlib.import_module("briefgen.cli.main")  # briefgen.cli.main is also the name of the function
    real_import = builtins.__import__

    def interrupted_import(name, *args, **kwargs):
        if name == "briefgen.cli.commands":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    monkeypatch.setattr(sys, "argv", ["briefgen", "--version"])
    monkeypatch.setitem(cli_app._state, "dataset", None)  # a dataset left by another test would mean os._exit
    handler = signal.getsignal(signal.SIGINT)  # main() ignores SIGINT once it is done: pytest's is put back
    code = None
    try:
        cli_app.main()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:  # caught here: escaping into pytest would stop the whole session
        pytest.fail("KeyboardInterrupt escaped briefgen's main()")
    finally:
        ignored = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, handler)
    assert code == EXIT_INTERRUPTED and capsys.readouterr().err.strip() == "interrupted"
    assert ignored == signal.SIG_IGN


# -- runs at the same time --------------------------------------------------------------------------


def test_two_runs_at_once_both_succeed_with_distinct_files(tmp_path):
    runs = [start(tmp_path) for _ in range(2)]
    for run in runs:
        code, _, stderr = finish(run, release=True)
        assert code == 0, stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [BRIEF_2, BRIEF, MATRIX_2, MATRIX]
    for name in names:
        assert zipfile.is_zipfile(tmp_path / name)
    assert_every_document_is_whole(tmp_path)


def test_two_forced_runs_at_once_leave_one_whole_file_each(tmp_path):
    (tmp_path / BRIEF).write_bytes(b"to be replaced")
    runs = [start(tmp_path, "--force") for _ in range(3)]
    for run in runs:
        code, _, stderr = finish(run, release=True)
        assert code == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [BRIEF, MATRIX]
    assert_every_document_is_whole(tmp_path)
