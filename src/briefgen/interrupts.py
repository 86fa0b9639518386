"""Forking without losing a Ctrl-C or a SIGTERM.

A SIGINT that arrives while `os.fork()` runs is handled inside the interpreter's at-fork callbacks
(logging registers one, `_releaseLock`), where Python cannot raise it: it prints "Exception ignored
in: <function _releaseLock>" with a traceback and drops the interrupt, so the run goes on as if
nothing had been pressed.  SIGTERM, which briefgen turns into `Terminated` (briefgen.lifetime), is
dropped the same way: a batch worker told by the kernel that its parent had died lost the signal in
a render's fork and waited for work for ever (seen, about one run in twenty).  The same callbacks
run when a subprocess is started with a `preexec_fn`.

Around a fork, `hold_interrupts()` blocks both; `release_interrupts()` unblocks them in the parent,
which raises one that came meanwhile as an ordinary KeyboardInterrupt or Terminated there.  A child
calls `leave_interrupts_to_the_parent()` first, so the Ctrl-C it also received (a terminal signals
the whole process group) is discarded and the parent decides what stops, and says what SIGTERM does
in it before unblocking it.  A child about to exec calls `unblock_interrupts()`: the blocked mask
would outlive the exec.

What the process does with SIGINT and SIGTERM otherwise is the command line's policy (briefgen.cli.app).
"""

from __future__ import annotations

import signal

_CAN_BLOCK = hasattr(signal, "pthread_sigmask")  # POSIX; where there is no fork there is nothing to hold
STOPPING = frozenset({signal.SIGINT, signal.SIGTERM})  # the signals that stop a run


def hold_interrupts() -> set | None:
    """Block SIGINT and SIGTERM in this thread; returns what `release_interrupts` needs to undo it."""
    if not _CAN_BLOCK:
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)


def release_interrupts(held: set | None) -> None:
    """Undo `hold_interrupts`: a SIGINT or SIGTERM that came meanwhile is handled now (raised here)."""
    if held is not None:
        unblock = STOPPING - set(held)
        if unblock:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, unblock)


def unblock_interrupts() -> None:
    """Unblock SIGINT and SIGTERM whatever was held (a child between fork and exec)."""
    if _CAN_BLOCK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def leave_interrupts_to_the_parent(on_terminate=signal.SIG_DFL) -> None:
    """In a forked child (render, batch worker): ignore SIGINT, handle SIGTERM with `on_terminate`
    (by default: end at once), then unblock both. The parent stops the child."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, on_terminate)
    unblock_interrupts()
