"""Running a template's render under limits: a template is a program written by someone else.

Jinja's sandbox stops a template reaching Python internals and caps `range()` at 100,000 items,
but not loops nested inside loops, a string made huge by a filter or `lipsum(10**7)`; counting
operations inside the sandbox cannot see an empty inner loop nor a filter's own C code.  So the
render runs in a forked child process with a wall-clock limit (RENDER_TIMEOUT, 30 s, or the
BRIEFGEN_RENDER_TIMEOUT environment variable), a memory limit (RENDER_MEMORY, 1 GiB above what
the process already uses, via RLIMIT_AS) and a CPU-time limit (so a child orphaned by a killed
parent ends too).  The child only computes bytes and sends them back through a pipe (pickled);
the parent writes files, so a killed render leaves nothing behind.  Where os.fork does not exist
(Windows), the render runs in a thread with the same time limit but no memory limit.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable

from briefgen import process
from briefgen.errors import TemplateError
from briefgen.interrupts import hold_interrupts, leave_interrupts_to_the_parent, release_interrupts
from briefgen.lifetime import die_with_parent

RENDER_TIMEOUT = 30.0  # seconds of wall-clock time for one render; a normal brief takes ~0.05 s
RENDER_MEMORY = 1 << 30  # bytes of address space a render may add to what the process already uses
TIMEOUT_VARIABLE = "BRIEFGEN_RENDER_TIMEOUT"


def render_timeout() -> float:
    """RENDER_TIMEOUT, or the BRIEFGEN_RENDER_TIMEOUT environment variable when it is a positive number."""
    try:
        value = float(os.environ.get(TIMEOUT_VARIABLE, ""))
    except ValueError:
        return RENDER_TIMEOUT
    return value if 0 < value < float("inf") else RENDER_TIMEOUT


def _too_slow(name: str, timeout: float) -> str:
    return (
        f"template {name} was stopped after {timeout:g} s without finishing: does it loop over large ranges, "
        f"or nest loops? (a normal brief takes well under a second; {TIMEOUT_VARIABLE} sets the limit)"
    )


def _too_big(name: str) -> str:
    return (
        f"template {name} was stopped: rendering it needed more than {RENDER_MEMORY // 2**20} MB of memory "
        "(does it build huge strings, e.g. with * or center()?)"
    )


def run_limited(work: Callable[[], bytes], name: str) -> bytes:
    """`work()` (a render), stopped with a TemplateError when it takes too long or too much memory."""
    timeout = render_timeout()
    if not hasattr(os, "fork"):
        return _run_in_thread(work, name, timeout)
    read_end, write_end = os.pipe()
    parent = os.getpid()
    held = hold_interrupts()  # a Ctrl-C or SIGTERM during fork() would be dropped (see briefgen.interrupts)
    try:
        pid = os.fork()
    except BaseException:
        release_interrupts(held)
        raise
    if pid == 0:  # the child: compute, send the outcome, and leave without running the parent's cleanup
        try:
            leave_interrupts_to_the_parent()  # Ctrl-C is the parent's to handle (it stops us); SIGTERM ends us
            process.settle()  # the parent's objects are never garbage here: the collector must not touch (copy) them
            die_with_parent(signal.SIGKILL, parent)  # a killed parent (or worker) takes its render with it
            os.close(read_end)
            _limit_child(timeout)
            outcome: tuple[str, bytes | str]
            try:
                outcome = ("ok", work())
            except TemplateError as exc:
                outcome = ("error", str(exc))
            except MemoryError:
                outcome = ("error", _too_big(name))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised here
                outcome = ("error", f"template {name} could not be rendered: {type(exc).__name__}: {exc}")
            sent = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(sent)
        finally:
            process.end_forked_child()
    os.close(write_end)
    try:
        release_interrupts(held)  # a Ctrl-C or SIGTERM that came during the fork is raised here, the child stopped
        payload = _read_until(read_end, time.monotonic() + timeout)
    except BaseException:
        _stop(pid)
        raise
    finally:
        os.close(read_end)
    if payload is None:
        _stop(pid)
        raise TemplateError(_too_slow(name, timeout))
    _, status = os.waitpid(pid, 0)
    if not payload:  # the child died before it could answer: the memory or CPU limit, or a crash
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGKILL, getattr(signal, "SIGXCPU", -1)):
            raise TemplateError(_too_slow(name, timeout))
        code = os.waitstatus_to_exitcode(status)
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        raise TemplateError(
            f"template {name} could not be rendered: the rendering process ended abnormally "
            f"({how}); it may have run out of memory"
        )
    kind, value = pickle.loads(payload)  # our own child's bytes, not outside data
    if kind != "ok":
        raise TemplateError(value)
    return value


def _limit_child(timeout: float) -> None:
    """Cap the child's memory and CPU time (best effort: not every platform has every limit)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - POSIX always has it
        return
    try:
        with open("/proc/self/statm") as stream:  # Linux: current address space, in pages
            used = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _lower_limit(resource, resource.RLIMIT_AS, used + RENDER_MEMORY)
    except (OSError, ValueError):
        pass
    _lower_limit(resource, resource.RLIMIT_CPU, int(timeout) + 2)


def _lower_limit(resource, which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        try:
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to `fd` until end of file, or None if `deadline` passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _run_in_thread(work: Callable[[], bytes], name: str, timeout: float) -> bytes:
    """Without fork: the same time limit, in a thread that is abandoned (not stopped) when it passes."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="briefgen-render", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TemplateError(_too_slow(name, timeout))
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, MemoryError):
            raise TemplateError(_too_big(name)) from error
        if isinstance(error, TemplateError):
            raise error
        raise TemplateError(f"template {name} could not be rendered: {type(error).__name__}: {error}") from error
    return outcome["value"]
