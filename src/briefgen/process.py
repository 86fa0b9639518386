"""How a briefgen process uses the garbage collector and other processes: the one place for that policy.

The CLI calls `for_command` first, `settle` after loading and `exit_now` at the end; the batch and the
template sandbox use the rest.  A library caller that calls none of it gets Python's defaults (slower
at scale, never wrong).

Why (measured at 10,000 meetings): loading allocates millions of objects and frees almost none,
so every collection of the cyclic collector walks all of them again (load 11.1 s with it on,
5.8 s off); the dataset then lives to the end of the command, so `settle` takes it out of the
collector's sight (building the name index: 0.75 s without, 0.10 s with); a briefing's own
objects would be walked many times over while being built (0.2-0.5 s of a 1.2 s briefing).
A command is one short-lived process: the collector stays off, and the end of the process frees
everything at once, without tearing it down object by object (0.6 s of a 2.4 s `check`).
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


def for_command() -> None:
    """A CLI command: the cyclic collector off for the whole (short-lived) process."""
    gc.disable()


def for_server() -> None:
    """`briefgen serve`: a long-lived process whose requests each make and drop a briefing's objects, so the
    collector runs (a command's policy, off, would let their cycles pile up for as long as it serves)."""
    gc.enable()


def settle() -> None:
    """What is loaded so far lives to the end of the process: out of the collector's sight, and never
    copied by a forked worker's collector writing to its pages."""
    gc.freeze()


def exit_now(status: int) -> NoReturn:
    """End the process without freeing its objects one by one (the output streams flushed first;
    every file briefgen writes is complete and closed by then)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def end_forked_child() -> NoReturn:
    """A forked child that has sent its answer leaves at once: no exit functions, no flushing of buffers it
    copied from its parent (they would be written twice), no teardown."""
    os._exit(0)


def end_terminated_worker() -> NoReturn:
    """A batch worker told to stop by SIGTERM ends as a process killed by it would be seen to (status 143),
    after the exit functions of the libraries it used (openpyxl removes a half-saved workbook's temporary
    files), without the parent's cleanup it inherited by forking."""
    atexit._run_exitfuncs()
    os._exit(128 + signal.SIGTERM)


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def batch_context(start_method: str | None = None) -> multiprocessing.context.BaseContext:
    """`fork` on Linux, so that workers share the parent's dataset (asked for by name: Python 3.14 makes
    `forkserver` the default there), but only from a process running one thread: a fork copies a lock
    another thread holds, held for ever in the child (Python 3.12+ warns of it), so a process with
    threads (a caller's, a progress display's) gets `forkserver`, whose workers load the dataset
    themselves.  Elsewhere the platform's default (`spawn` on macOS, where forking is unsafe, and on
    Windows, where it does not exist)."""
    if start_method is None and sys.platform.startswith("linux"):
        start_method = "fork" if threading.active_count() == 1 else "forkserver"
    return multiprocessing.get_context(start_method)


def forget_exit_functions() -> None:
    """In a forked worker: the exit functions inherited from the parent (the host program's, when briefgen
    is a library) are the parent's business; a worker ended by SIGTERM must not run them (a host's 3 s
    handler stalled a batch 3 s).  Those the worker's own libraries register later still run."""
    atexit._clear()


def worker_started() -> None:
    """In a batch worker, once: what it inherited or loaded is kept; the collector runs only in `after_briefing`."""
    gc.disable()
    gc.freeze()


def after_briefing() -> None:
    """In a batch worker, after each briefing: collect the youngest generation, i.e. what this briefing made
    and did not free by itself.  Its cycles hold whole parsed Word documents (lxml's memory, which the
    collector's counts do not see): waiting for a count to grow let a worker reach 1.6 GB at L where this
    keeps it near 380 MB, for the same CPU (measured over 30 briefings).  A full collection each time
    would walk everything kept so far again (1.58 CPU-s a briefing against 1.23)."""
    gc.collect(0)


@contextmanager
def shared_with_workers(forked: bool) -> Iterator[None]:
    """Around a batch's pool: with `fork`, everything made so far is frozen before the workers are forked
    (their collectors then never write to, and so copy, the pages they share with the parent); afterwards
    a long-lived caller's own objects become collectable again."""
    frozen_before = gc.get_freeze_count()
    if forked:
        gc.freeze()
    try:
        yield
    finally:
        if forked and not frozen_before:
            gc.unfreeze()
