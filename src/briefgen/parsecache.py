"""Remember the parsed values of dataset files, keyed by their bytes.

A ministry's dataset changes a few files at a time, but every `check` and
`visit` reads all of it: at 10,000 meetings, parsing 40 MB of YAML costs about
4 s even through libyaml, which alone is more than a briefing should take.
This cache keeps, for each file content, the plain values the fast reader
built (dicts, lists, text, numbers), written with `marshal`.  An edited file
has new bytes, misses, and is parsed again; the others load in milliseconds.
Validation and cross-checks still run on every load, so a cached file is
checked exactly like a fresh one, and its line numbers come from its text.

Safety: `marshal` builds values, it runs no code; still, it is not meant for
untrusted bytes, so the cache is used only in a folder that belongs to the
user and that nobody else can write to (created 0700).  Only files the fast
reader accepted are cached; the key includes the reader's own source, so a
change to the reader invalidates everything.  Any trouble with the cache
(read-only home, a full disk, a corrupt entry) falls back to parsing.

Where: $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen.
BRIEFGEN_CACHE_DIR=off turns it off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

MISS = object()  # what get() returns for bytes it has not seen
MAX_ENTRIES = 2000  # beyond this, the oldest entries are removed (a generous dataset has ~100 files)
_OFF = {"off", "0", "no", "false", ""}


def _reader_fingerprint() -> bytes:
    """What the cached values depend on besides the file: the reader's code and its libraries."""
    from briefgen import yamlfast, yamlfile

    digest = hashlib.blake2b(digest_size=16)
    for module in (yamlfast, yamlfile):
        assert module.__file__ is not None  # briefgen's modules are files
        digest.update(Path(module.__file__).read_bytes())
    digest.update(repr((yaml.__version__, sys.version_info[:2], marshal.version, yamlfile.MAX_DEPTH,
                        yamlfile.MAX_NODES)).encode())
    return digest.digest()


def private_cache_dir(name: str) -> Path | None:
    """The folder `name` in the user's cache (created 0700), or None when caching is turned off
    or the folder could be written by someone else (who could then plant entries)."""
    setting = os.environ.get("BRIEFGEN_CACHE_DIR")
    if setting is not None and setting.strip().lower() in _OFF:
        return None
    if setting:
        base = Path(setting)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / "briefgen"
    folder = base / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None
    return folder


def prune_oldest(folder: Path, pattern: str, keep: int) -> None:
    """Remove the oldest entries matching `pattern` beyond `keep` (by modification time)."""
    try:
        entries = list(folder.glob(pattern))
        if len(entries) <= keep:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


class ParseCache:
    """Entries in one private folder: <hash of reader + bytes>.marshal."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._salt = _reader_fingerprint()
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls) -> ParseCache | None:
        """The user's cache, or None when it is turned off or cannot be used safely."""
        folder = private_cache_dir("parsed-v1")
        return None if folder is None else cls(folder)

    def _entry(self, raw: bytes) -> Path:
        return self.folder / (hashlib.blake2b(raw, key=self._salt, digest_size=20).hexdigest() + ".marshal")

    def get(self, raw: bytes) -> Any:
        """The values parsed from these bytes, or MISS."""
        try:
            payload = self._entry(raw).read_bytes()
            data = marshal.loads(payload)
        except (OSError, EOFError, ValueError, TypeError):
            self.misses += 1
            return MISS
        if not isinstance(data, dict):  # the fast reader only accepts mappings at the top
            self.misses += 1
            return MISS
        self.hits += 1
        return data

    def put(self, raw: bytes, data: Any) -> None:
        entry = self._entry(raw)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            payload = marshal.dumps(data)
            tmp.write_bytes(payload)
            os.replace(tmp, entry)  # readers see the whole entry or none
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)
            return
        self._prune()

    def _prune(self) -> None:
        try:
            if sum(1 for _ in self.folder.glob("*.marshal")) <= MAX_ENTRIES:
                return
        except OSError:
            return
        prune_oldest(self.folder, "*.marshal", MAX_ENTRIES * 4 // 5)
