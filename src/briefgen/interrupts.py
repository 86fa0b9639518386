"""Forking without losing a Ctrl-C.

A SIGINT that arrives while `os.fork()` runs is handled inside the interpreter's at-fork callbacks
(logging registers one, `_releaseLock`), where Python cannot raise it: it prints "Exception ignored
in: <function _releaseLock>" with a traceback and drops the interrupt, so the run goes on as if
nothing had been pressed.  Around a fork, `hold_interrupts()` blocks SIGINT; `release_interrupts()`
unblocks it in the parent, which raises a Ctrl-C that came meanwhile as an ordinary KeyboardInterrupt
there; a child calls `leave_interrupts_to_the_parent()` first, so the Ctrl-C it also received (a
terminal signals the whole process group) is discarded and the parent decides what stops.

What the process does with SIGINT otherwise is the command line's policy (briefgen.cli.app).
"""

from __future__ import annotations

import signal

_CAN_BLOCK = hasattr(signal, "pthread_sigmask")  # POSIX; where there is no fork there is nothing to hold


def hold_interrupts() -> set | None:
    """Block SIGINT in this thread; returns what `release_interrupts` needs to undo it."""
    if not _CAN_BLOCK:
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release_interrupts(held: set | None) -> None:
    """Undo `hold_interrupts`: a SIGINT that came meanwhile is handled now (KeyboardInterrupt here)."""
    if held is not None and signal.SIGINT not in held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def leave_interrupts_to_the_parent() -> None:
    """In a forked child (render, batch worker): ignore SIGINT, then unblock it. The parent stops the child."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _CAN_BLOCK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
