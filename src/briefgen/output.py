"""Write finished documents: atomically, and never over a file someone may have edited.

An officer may have spent the evening editing yesterday's briefing in Word;
running briefgen again must not replace it.  So a file is first written in
full to a temporary name in the same folder, then *linked* into place under
a name that does not exist yet (the link fails if it does, so two runs at
once cannot pick the same name), and only `force` replaces an existing file.
An interrupted run leaves at most a hidden temporary file, never a
half-written document under a real name.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import BadInputError, OutputError

MAX_STEM = 120
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def safe_name_part(text: str, *, fallback: str = "untitled", max_length: int = 60) -> str:
    """A file-name fragment from any text: ASCII letters, digits and '-', never a path.

    "TAKAICHI Sanae" → "TAKAICHI-Sanae", "Nguyễn Mạnh Hùng" → "Nguyen-Manh-Hung";
    "/", "..", ":" and NUL cannot survive, so the result always stays inside --out.
    """
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    part = _UNSAFE.sub("-", folded).replace("_", "-")
    part = re.sub(r"-{2,}", "-", part).strip("-.")
    # Every run of dots, not just ".." once: "…" folds to "..." and replace("..", ".") left "..".
    part = re.sub(r"\.{2,}", ".", part)[:max_length].strip("-.")
    return part or fallback


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it, which is not thread-safe


def _temp_file(directory: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(prefix=".briefgen-", suffix=".part", dir=directory)
    try:
        os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes it private; a document is shared like any other file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _claim(temp: Path, target: Path) -> bool:
    """Put `temp` at `target` only if `target` does not exist; True on success."""
    try:
        os.link(temp, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # file systems without hard links: reserve the name, then replace our own placeholder
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        os.replace(temp, target)
        return True


def write_new(
    directory: Path,
    stem: str,
    suffix: str,
    data: bytes,
    *,
    force: bool = False,
    may_replace: Callable[[Path], None] | None = None,
) -> Path:
    """Write `data` as DIR/STEM.SUFFIX, or STEM-2.SUFFIX, -3… if taken; replace only with `force`.

    With `force`, `may_replace(path)` is asked first about a file that is there (it raises to refuse).
    Returns the path written.
    """
    directory = Path(directory)
    stem = stem[:MAX_STEM]
    if force and may_replace is not None and (directory / f"{stem}{suffix}").exists():
        may_replace(directory / f"{stem}{suffix}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write into {directory}: {exc.strerror or exc}") from exc
    try:
        temp = _temp_file(directory, data)
    except OSError as exc:  # which file, why: a full disk, a folder that takes no files (/proc)
        raise OutputError(f"cannot write {directory / (stem + suffix)}: {exc.strerror or exc}") from exc
    try:
        target = directory / f"{stem}{suffix}"
        if force:
            os.replace(temp, target)
            _sync_dir(directory)
            return target
        for number in range(1, 10_000):
            target = directory / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            if _claim(temp, target):
                _sync_dir(directory)
                return target
        raise OutputError(f"no free file name for {stem}{suffix} in {directory}")
    except OSError as exc:
        raise OutputError(f"cannot write {stem}{suffix} into {directory}: {exc.strerror or exc}") from exc
    finally:
        temp.unlink(missing_ok=True)


def write_file(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` as exactly `path` (a name the user chose), atomically; an existing name — a file, or a
    symbolic link, which is replaced itself and never followed — only with `force`.

    BadInputError when the folder does not exist or the name is taken; OutputError (which file, why)
    when the writing fails.
    """
    path = Path(path)
    directory = path.parent
    if not directory.is_dir():
        raise BadInputError(f"cannot write {path}: the folder {directory} does not exist")
    if os.path.lexists(path) and not force:
        raise BadInputError(f"not overwriting {path}; use --force to replace it")
    if os.path.isdir(path) and not os.path.islink(path):
        raise BadInputError(f"cannot write {path}: it is a folder")
    try:
        temp = _temp_file(directory, data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        if force:
            os.replace(temp, path)  # replaces a symbolic link itself, never the file it points to
        elif not _claim(temp, path):
            raise BadInputError(f"not overwriting {path}; use --force to replace it")
        _sync_dir(directory)
        return path
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        temp.unlink(missing_ok=True)


def _sync_dir(directory: Path) -> None:
    """Make the new name durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
