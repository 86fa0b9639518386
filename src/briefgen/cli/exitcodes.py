"""The exit codes, the CLI's alone: the library raises exceptions and reports outcomes; the CLI maps them.

0 ok, 1 failure (something went wrong on our side or the machine's), 2 bad input (the data, a name,
a template or an option the user gave), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

from briefgen.errors import BadInputError
from briefgen.lifetime import Terminated

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a Ctrl-C (and typer exits with inside a command)
EXIT_TERMINATED = 128 + Terminated.signal_number  # 143, what shells report for a process ended by SIGTERM


def exit_code(exc: BaseException) -> int:
    """The exit code of a run ended by `exc`."""
    if isinstance(exc, BadInputError):
        return EXIT_BAD_INPUT
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, Terminated):
        return EXIT_TERMINATED
    return EXIT_FAILURE
