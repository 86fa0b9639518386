"""Processes that end when the process that started them ends.

A batch's pool workers wait for work on a pipe whose write end every sibling also holds, so when the
parent was killed they never saw the pipe close and waited for ever (parent pid 1, seen); LibreOffice
went on converting for 30 s.  On Linux a child can ask the kernel for a signal when its parent dies
(prctl PR_SET_PDEATHSIG): workers ask for SIGTERM, which they turn into `Terminated` so that their
`finally` blocks run (LibreOffice stopped, temporary folders removed), and LibreOffice and a render
child ask for SIGKILL, as they hold nothing to clean.  Elsewhere (macOS, Windows) this is a no-op.
"""

from __future__ import annotations

import os
import signal
import sys

from briefgen.interrupts import unblock_interrupts

PR_SET_PDEATHSIG = 1


class Terminated(BaseException):
    """SIGTERM arrived: unwind (run every `finally`) and end.  A BaseException, like KeyboardInterrupt,
    so that `except Exception` handlers do not swallow it."""

    signal_number = signal.SIGTERM


def _raise_terminated(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second one would cut the cleanup short
    raise Terminated()


def terminate_by_exception() -> None:
    """From now on SIGTERM raises Terminated in the main thread instead of ending the process at once."""
    try:
        signal.signal(signal.SIGTERM, _raise_terminated)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def _prctl():
    """libc's prctl, or None where there is none (looked up once, in the parent: a child between fork
    and exec should not load libraries)."""
    global _PRCTL
    if _PRCTL is False:
        _PRCTL = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
            except (OSError, AttributeError):
                _PRCTL = None
    return _PRCTL


_PRCTL = False


def die_with_parent(signum: int = signal.SIGTERM, parent: int | None = None, *, prctl=None) -> bool:
    """Ask for `signum` when the parent process ends (Linux); True when that was arranged.

    `parent`: the pid the caller expects as parent; if it is already gone (the parent died before the
    request was made), the signal is sent at once.
    """
    prctl = prctl or _prctl()
    if prctl is None or prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return False
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)
    return True


def child_setup(parent: int):
    """A `preexec_fn` for subprocess: the child gets SIGKILL when `parent` (the caller) ends, and does not
    keep the caller's held SIGINT and SIGTERM blocked across the exec (see briefgen.interrupts)."""
    prctl = _prctl()

    def setup() -> None:
        unblock_interrupts()
        if prctl is not None:
            die_with_parent(signal.SIGKILL, parent, prctl=prctl)

    return setup
