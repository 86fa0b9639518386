"""Reading a file the user named (an article, a delegation list, a template): bounded by what is read.

A size cap that trusts `stat` is no cap: /dev/zero and /proc files say they are empty, and a FIFO
says nothing and then blocks for ever.  So the file is opened without blocking, refused unless it is
a regular file (checked on the open file, so a name swapped between a check and the open cannot
slip a FIFO or a device in), and read for at most `cap + 1` bytes whatever it claims.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefgen.errors import BadInputError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, cap: int, what: str, *, error: type[BadInputError] = BadInputError) -> bytes:
    """The bytes of the regular file `path`, at most `cap` of them; `error` (a BadInputError) otherwise.

    `what` names the file in messages ("article", "delegation file", "template").
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"cannot read {what} {path}: it is {_kind(info.st_mode)}, not a file")
        if info.st_size > cap:
            raise error(f"{what} {path} is {_size(info.st_size)}; the limit is {_size(cap)}")
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:  # the file grew, or stat lied (/proc)
        raise error(f"{what} {path} is larger than {_size(cap)}, the limit")
    return data


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
