"""`briefgen`: the process around the commands (one line for any error, the exit code, the end).

Kept apart from `app` so that the commands, which register themselves on `app`, and `app` itself
import nothing of each other in a circle: this module imports both.
"""

from __future__ import annotations

import signal
import sys

from briefgen import process
from briefgen.cli.app import _state, app, checkpoint, err
from briefgen.cli.exitcodes import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, exit_code
from briefgen.lifetime import Terminated, terminate_by_exception

# Each command's module (cli/<module>.py registers it on `app`).  A run imports only the module of the command it
# names: `check` starts without the people, visit and refresh commands' libraries, and typer builds that command
# alone (docs/benchmarks.md, "start-up and loading").
# tests/test_cli_options.py holds this table to the commands the modules register.
COMMAND_MODULES = {
    "check": "data",
    "schema": "data",
    "ingest": "ingest",
    "matrix": "matrix",
    "people": "people",
    "who": "people",
    "refresh": "refresh",
    "serve": "serve",
    "template": "template",
    "visit": "visit",
    "formats": "visit",
}


def register_commands(args: list[str]) -> None:
    """Register the command `args` names on `app` (its module imported), or every command when it names none of
    them (no command, --help, a mistyped name: the list and click's message need them all).  The global options
    take no value, so the first word not starting with "-" is the command's name."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    module = COMMAND_MODULES.get(name or "")
    if module is None:
        import briefgen.cli.commands  # noqa: F401
    else:
        __import__(f"briefgen.cli.{module}")  # an import statement's way (a Ctrl-C test intercepts it)


def _exit(code: int | str | None) -> None:
    """Exit; after a dataset was loaded, without tearing it down object by object (see process.exit_now)."""
    if _state.get("dataset") is None or not isinstance(code, (int, type(None))):
        sys.exit(code)
    process.exit_now(code or 0)


def main() -> None:
    code: int | str | None = EXIT_OK
    process.for_command()  # the collector policy of a short-lived command (see briefgen.process)
    terminate_by_exception()  # SIGTERM unwinds like Ctrl-C: LibreOffice and workers stopped, temporary files gone
    try:
        register_commands(sys.argv[1:])

        try:
            app(standalone_mode=True)
        except SystemExit as done:
            code = done.code  # typer answers a Ctrl-C inside a command with 130
    except KeyboardInterrupt:  # during start-up, or as the command ended
        code = EXIT_INTERRUPTED
    except Terminated:  # SIGTERM, after every `finally` on the way ran
        code = EXIT_TERMINATED
    except Exception as exc:  # a bug or an unforeseen machine error: one line, not a traceback
        if _state["debug"] or "--debug" in sys.argv:
            raise
        err.quiet = False  # --quiet silences progress and notes, never an error
        err.print(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", markup=False)
        code = exit_code(exc)
    # The work is over, complete or cut short: a Ctrl-C from here on would only turn a finished run
    # into a traceback from wherever the process is ending (logging's locks, a flush), so it is ignored;
    # a SIGTERM now ends the process as it would any other (there is nothing left to unwind).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if code == EXIT_INTERRUPTED:
        err.print("interrupted", markup=False)
    elif code == EXIT_TERMINATED:
        err.print("terminated", markup=False)
    checkpoint("finished")
    _exit(code)
