"""The typer app and what every command shares: error reporting and dataset loading.

Every command loads through the library and turns a BriefgenError into one
message on stderr and its exit code (0 ok, 1 failure, 2 bad input, 130
interrupted, 143 terminated); a traceback appears only with --debug.

What a Ctrl-C does is decided here, for the whole process: while a command
works it stops the command (files are only ever renamed into place whole, so
at most a hidden temporary file is left), "interrupted", exit 130; once the
command is over, SIGINT is ignored, so the exit code is the command's own and
no KeyboardInterrupt can surface while the process ends.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

from briefgen import __version__, process
from briefgen.cli.exitcodes import exit_code
from briefgen.dataset import Dataset, load_dataset
from briefgen.errors import BadInputError, BriefgenError, DatasetError

app = typer.Typer(
    name="briefgen",
    help="Briefings for bilateral visits from a curated dataset: a Word brief and an Excel cooperation matrix.\n\n"
    'Example: briefgen visit --counterpart "Takaichi Sanae"',
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# C0 and C1 control characters other than tab and line feed, and DEL: a name holding ESC [2J or an
# OSC sequence must not clear or retitle the officer's terminal (dataset text reached it raw).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with control characters shown as \\xNN instead of acting on the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeConsole(Console):
    """A rich Console that escapes control characters in the strings it prints (Text objects are built
    with `printable` where data goes into tables)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)
_state: dict[str, Any] = {"debug": False, "paused": set()}
PAUSE_VARIABLE = "BRIEFGEN_TEST_PAUSE_AT"

DataOption = typer.Option(
    None,
    "--data",
    metavar="DIR",
    envvar="BRIEFGEN_DATA",
    file_okay=False,
    help="Dataset folder (default: the bundled Viet Nam–Japan ICT dataset).",
)


def set_quiet(quiet: bool) -> None:
    """--quiet: nothing on stdout or stderr but errors (fail() and error_line() still speak)."""
    out.quiet = err.quiet = quiet


def error_line(text: str) -> None:
    """One line on stderr that --quiet does not silence (control characters from data escaped)."""
    sys.stderr.write(printable(text) + "\n")


def _version(value: bool) -> None:
    if value:
        out.print(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    _state["debug"] = debug
    _state["json"] = None  # each command sets its own modes (cli.options.apply)
    set_quiet(False)


MAX_PROBLEMS_SHOWN = 1000


def fail(exc: BaseException) -> None:
    """Report an exception as one message and exit with its code."""
    if _state["debug"]:
        raise exc
    err.quiet = False  # errors are shown even with --quiet
    if _state.get("json"):  # --json: the error as the command's JSON document, and one line on stderr
        from briefgen.cli.jsonout import emit_error

        emit_error(str(_state["json"]), exc)
        err.print(
            f"error: {exc}" if isinstance(exc, BriefgenError) else f"error: unexpected {type(exc).__name__}: {exc}",
            markup=False,
        )
    elif isinstance(exc, DatasetError):
        # Printed as plain lines and capped: a broken generated file can hold hundreds of thousands.
        shown = exc.problems[:MAX_PROBLEMS_SHOWN]
        sys.stderr.write("".join(f"{printable(str(problem))}\n" for problem in shown))
        if len(exc.problems) > len(shown):
            sys.stderr.write(f"... and {len(exc.problems) - len(shown):,} more problem(s); fix these first\n")
        err.print(f"error: {exc}", markup=False)
    elif isinstance(exc, BriefgenError):
        err.print(f"error: {exc}", markup=False)
    else:
        err.print(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", markup=False)
    raise typer.Exit(exit_code(exc))


def parse_date(text: Optional[str], option: str = "--date") -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInputError(f"{option} must be a date as YYYY-MM-DD, not {text!r}") from None


def open_dataset(
    data: Optional[Path], *, include_drafts: bool = False, quiet: bool = False, recheck: bool = False
) -> Dataset:
    """The dataset, checked now or by an earlier run on the same files today (see briefgen.cache);
    with `recheck`, checked now in any case."""
    dataset = load_dataset(data, include_drafts=include_drafts, recheck=recheck)
    for note in dataset.notes:
        err.print(f"note: {note}", markup=False)
    _state["dataset"] = dataset  # kept to the end: main() exits without freeing it (see process.exit_now)
    process.settle()  # the dataset lives until the process ends
    if not quiet:
        where = "bundled dataset" if data is None else "dataset"
        err.print(f"using {where}: {dataset.manifest.name} ({dataset.root})", markup=False)
    checkpoint("loaded")
    return dataset


def checkpoint(point: str) -> None:
    """A named point of a run, where the interruption tests (tests/hardening/test_interrupted_runs.py) stop it.

    Only with BRIEFGEN_TEST_PAUSE_AT=<point> in the environment: the first time the run reaches that
    point it writes "paused at <point>" to stderr and waits for a line (or the end) of stdin, so a
    test can send a signal exactly there.  Points: loaded (dataset loaded, nothing rendered),
    rendered (a visit's documents in memory, none written), first-file (the first written, not the
    rest), written (all written, nothing reported), first-briefing (a batch's first briefing done),
    finished (the command is over and its output complete; the process is about to end).
    """
    if os.environ.get(PAUSE_VARIABLE) != point or point in _state["paused"]:
        return
    _state["paused"].add(point)
    sys.stderr.write(f"paused at {point}\n")
    sys.stderr.flush()
    sys.stdin.readline()
