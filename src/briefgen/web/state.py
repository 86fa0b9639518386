"""What the server keeps between requests: the dataset as it is on disk now, and results waiting for pickup.

The dataset is loaded through `load_dataset` (and so through its cache) and held for as long as its
files stay as they are.  Each request first compares the files' stats (name, size, modification time,
inode) with those of the loaded copy: any difference loads it again, so an edit is picked up without a
restart and nothing stale is served.  The comparison costs one directory walk and a stat per file.

A result a person downloads after seeing a page (a refreshed brief, a delegation's archive) waits in a
private folder under a random name, tied to the session that made it, for a few minutes at most, and is
deleted when downloaded.  The folder is per user and shared by the worker processes of one machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.datafolder import DRAFTS_DIR, SUFFIXES, is_skipped_dir
from briefgen.dataset import CheckReport, Dataset, load_dataset
from briefgen.errors import BadInputError, BriefgenError, DatasetError, OutputError
from briefgen.resources import bundled_dataset_dir

Stamp = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True)
class Loaded(CheckReport):
    """The dataset as last read: what `check` reports of it (a usable `dataset`, else its errors in
    `problems`), the stamp of the files it was read from, and why it cannot be used (`error`)."""

    stamp: Stamp = ()
    error: str = ""
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))


class DatasetState:
    """The dataset of `root` (the bundled one when None), loaded again whenever its files change.

    `prepare`, when given, is run on each newly loaded dataset in a background thread, with a function that
    says whether that dataset is still the current one (so work for a replaced copy can stop): the page uses
    it to judge, once, what search-as-you-type would otherwise judge while an officer waits."""

    def __init__(self, root: Path | None, prepare: Callable[[Dataset, Callable[[], bool]], None] | None = None):
        self.root = Path(root) if root is not None else bundled_dataset_dir()
        self.bundled = root is None
        self._lock = threading.Lock()
        self._loaded: Loaded | None = None
        self._prepare = prepare

    def stamp(self) -> Stamp:
        """Each dataset file's name, size, modification time and inode: changed by any edit or replacement.
        Only listed and stat'ed (one stat a file, from the directory scan), never read: the load that
        follows a change reads and checks them.  The same files as the loader's (datafolder's rules)."""
        if not self.root.is_dir():
            raise BadInputError(f"dataset folder not found: {self.root}")
        found: list[tuple[str, int, int, int]] = []
        folders = [""]  # relative to the root; strings, not Paths: pathlib cost 20 times the stats (measured)
        while folders:
            relative = folders.pop()
            try:
                entries = list(os.scandir(os.path.join(self.root, relative)))
            except OSError:
                continue  # unreadable: the loader passes over it too
            for entry in entries:
                name = os.path.join(relative, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    if not (relative == "" and entry.name == DRAFTS_DIR) and not is_skipped_dir(Path(entry.path)):
                        folders.append(name)
                elif os.path.splitext(entry.name)[1] in SUFFIXES:
                    try:
                        info = entry.stat()
                    except OSError:
                        continue  # removed meanwhile, or a broken link: the next stamp differs anyway
                    if stat.S_ISREG(info.st_mode):
                        found.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
        return tuple(sorted(found))

    def current(self) -> Loaded:
        """The dataset as the files are now; loaded again (under a lock, once for all waiting requests) when
        they changed since the last load."""
        try:
            stamp = self.stamp()
        except BriefgenError as exc:  # no manifest, no folder
            return Loaded([], None, error=str(exc))
        loaded = self._loaded
        if loaded is not None and loaded.stamp == stamp:
            return loaded
        with self._lock:
            loaded = self._loaded
            if loaded is not None and loaded.stamp == stamp:
                return loaded
            self._loaded = self._load(stamp)
            if self._loaded.dataset is not None and self._prepare is not None:
                self._start_preparing(self._loaded.dataset, self._prepare)
            return self._loaded

    def _start_preparing(self, dataset: Dataset, prepare: Callable[[Dataset, Callable[[], bool]], None]) -> None:
        def still_current() -> bool:
            loaded = self._loaded
            return loaded is not None and loaded.dataset is dataset

        threading.Thread(target=prepare, args=(dataset, still_current), name="briefgen-prepare", daemon=True).start()

    def _load(self, stamp: Stamp) -> Loaded:
        try:
            dataset = load_dataset(self.root)
        except DatasetError as exc:
            return Loaded(list(exc.problems), None, stamp, str(exc))
        except BriefgenError as exc:
            return Loaded([], None, stamp, str(exc))
        return Loaded(list(dataset.warnings), dataset, stamp)


# -- results waiting for their download ---------------------------------------------------------------

PICKUP_SECONDS = 15 * 60
_PICKUP_ID = re.compile(r"[A-Za-z0-9_-]{22,64}")


def spool_folder() -> Path:
    """This user's private folder for results waiting to be downloaded; refused unless it is ours alone."""
    folder = Path(
        os.environ.get("BRIEFGEN_SERVE_SPOOL") or Path(tempfile.gettempdir()) / f"briefgen-serve-{os.getuid()}"
    )
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise OutputError(f"cannot use the folder {folder} for downloads: {exc.strerror or exc}") from exc
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise OutputError(f"{folder} is not a private folder of this user: refusing to keep downloads there")
    return folder


@dataclass(frozen=True)
class Pickup:
    """Results waiting in `folder`: `<id>.bin` (the bytes) beside `<id>.json` (name, owner, expiry)."""

    folder: Path

    def put(self, owner: str, filename: str, data: bytes, media_type: str) -> str:
        self.sweep()
        key = secrets.token_urlsafe(24)
        meta = {"owner": owner, "filename": filename, "media_type": media_type, "expires": time.time() + PICKUP_SECONDS}
        for suffix, content in ((".bin", data), (".json", json.dumps(meta).encode())):
            fd = os.open(self.folder / f"{key}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as stream:
                stream.write(content)
        return key

    def take(self, owner: str, key: str) -> tuple[str, str, bytes] | None:
        """The result `key` when it is `owner`'s and not expired, removed as it is handed over; else None."""
        if not _PICKUP_ID.fullmatch(key):
            return None
        meta_path, data_path = self.folder / f"{key}.json", self.folder / f"{key}.bin"
        try:
            meta = json.loads(meta_path.read_bytes())
        except (OSError, ValueError):
            return None
        if meta.get("owner") != owner or float(meta.get("expires", 0)) < time.time():
            return None
        try:
            data = data_path.read_bytes()
        except OSError:
            return None
        for path in (meta_path, data_path):
            path.unlink(missing_ok=True)
        return str(meta["filename"]), str(meta["media_type"]), data

    def sweep(self) -> None:
        """Remove what expired (or was left half written by a process that died)."""
        now = time.time()
        for path in self.folder.glob("*.json"):
            try:
                expired = float(json.loads(path.read_bytes()).get("expires", 0)) < now
            except (OSError, ValueError):
                expired = True
            if expired:
                path.unlink(missing_ok=True)
                path.with_suffix(".bin").unlink(missing_ok=True)
        for path in self.folder.glob("*.bin"):
            try:
                orphan = not path.with_suffix(".json").exists() and path.stat().st_mtime < now - PICKUP_SECONDS
            except OSError:
                continue
            if orphan:
                path.unlink(missing_ok=True)


def require_dataset(loaded: Loaded) -> Dataset:
    if loaded.dataset is None:
        raise BadInputError(loaded.error or "the dataset cannot be used")
    return loaded.dataset
