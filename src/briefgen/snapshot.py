"""Remember a dataset that passed its checks, so that the next command need not check it again.

Validating and cross-checking every record is what a `visit` spent most of its
time on (1.4 s of 3 s at 10,000 meetings), although the dataset had not
changed since the last run and the briefing reads a few hundred of its 63,000
records.  After a load that found no error, the result is kept here: each
record's plain values (marshal bytes, not yet validated), the warnings, the
ids behind every index the briefing uses, and which seed files existed.

The key is everything the result depends on: the bytes of every file (BLAKE2
of each), the dataset's folder, whether drafts were included, the day (dates
"in the future" and stale posts depend on it), and briefgen's own code and
its libraries' versions.  A hit therefore stands for a full check that would
find exactly the same; a changed byte, a new day or a new briefgen misses and
checks everything again.  Records are validated by their pydantic model when
first used (a record validates alone: no model looks beyond its own values).

The same safety as the parse cache: a private folder (0700, refused when others
could write to it), marshal only, atomic writes; any trouble means a full load.
A result is only reused the day it was made: earlier days' results are removed, and
of the day's only the newest KEEP are kept (one per dataset is typical).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

from briefgen.errors import Problem
from briefgen.parsecache import private_cache_dir, prune_oldest

T = TypeVar("T")
FORMAT = 1
KEEP = 3  # results kept of one day (other datasets, drafts); at 10,000 meetings one is ~40 MB
INDEXES = {  # Dataset's index properties → the collection their records come from
    "meetings_by_person": "meetings",
    "meetings_by_org": "meetings",
    "meetings_by_any_org": "meetings",
    "commitments_by_origin": "commitments",
    "commitments_by_org": "commitments",
    "agreements_by_org": "agreements",
    "agreements_by_meeting": "agreements",
    "agreements_by_signatory": "agreements",
    "organizations_by_parent": "organizations",
}


class _Lazy(Mapping[str, T]):
    """A read-only mapping over `source` whose values are built from it when first read, then kept."""

    def __init__(self, source: dict[str, Any]):
        self._source = source
        self._built: dict[str, T] = {}

    def _build(self, stored: Any) -> T:
        raise NotImplementedError

    def __getitem__(self, key: str) -> T:
        try:
            return self._built[key]
        except KeyError:
            value = self._built[key] = self._build(self._source[key])
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._source

    def __iter__(self) -> Iterator[str]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)


class LazyRecords(_Lazy[T]):
    """Records by id, in the dataset's order, each validated from its stored values when first read."""

    def __init__(self, validate: Callable[[Any], T], blobs: dict[str, bytes]):
        super().__init__(blobs)
        self._validate = validate

    def _build(self, stored: bytes) -> T:
        return self._validate(marshal.loads(stored))


class LazyIndex(_Lazy[list[T]]):
    """An index (key → records, in order) whose records are looked up when a key is first read."""

    def __init__(self, records: Mapping[str, T], ids: dict[str, list[str]]):
        super().__init__(ids)
        self._records_by_id = records

    def _build(self, stored: list[str]) -> list[T]:
        return [self._records_by_id[i] for i in stored]


@dataclass
class Checked:
    """What a full check found, in plain values: enough to rebuild the dataset without checking it."""

    manifest: bytes  # the manifest's values (marshal)
    collections: dict[str, dict[str, bytes]]  # name → id → the record's values (marshal)
    warnings: list[tuple]  # Problem fields
    indexes: dict[str, dict[str, list[str]]]  # index property → key → record ids
    countries: list[str]  # Dataset.countries
    seed_files: list[tuple[str, bool]]  # the seeds folder (""), each `file:` a source names: there or not

    def problems(self) -> list[Problem]:
        return [Problem(*fields) for fields in self.warnings]


def _code_fingerprint() -> bytes:
    """briefgen's own modules (any of them may change what a check finds) and its libraries' versions."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for module in sorted(package.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    digest.update(repr((FORMAT, pydantic.VERSION, yaml.__version__, sys.version_info[:2], marshal.version)).encode())
    return digest.digest()


def dataset_key(root: Path, files: list[tuple[str, int, bytes]], include_drafts: bool, today: str) -> str:
    """The key of a check's result: the folder, every file's name, size and bytes, the drafts choice, the day."""
    digest = hashlib.blake2b(digest_size=20, key=_code_fingerprint())
    digest.update(repr((str(root.resolve()), include_drafts, today)).encode())
    for name, size, raw in files:
        digest.update(f"{name}\0{size}\0".encode("utf-8", "surrogateescape"))
        digest.update(hashlib.blake2b(raw, digest_size=20).digest())
    return digest.hexdigest()


class CheckedStore:
    """Results of full checks in one private folder: <day>_<key>.checked.

    A result names its day because it can only be reused that day: results of earlier days are
    removed when a new one is written, and of the rest only the newest KEEP are kept.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def default(cls) -> CheckedStore | None:
        folder = private_cache_dir("checked-v1")
        return None if folder is None else cls(folder)

    def _entry(self, day: str, key: str) -> Path:
        return self.folder / f"{day}_{key}.checked"

    def get(self, day: str, key: str) -> Checked | None:
        try:
            values = marshal.loads(self._entry(day, key).read_bytes())
            return Checked(**values)
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def put(self, day: str, key: str, checked: Checked) -> None:
        entry = self._entry(day, key)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(vars(checked)))
            os.replace(tmp, entry)  # readers see the whole result or none
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)
            return
        try:
            for old in self.folder.glob("*.checked"):
                if old.name.split("_", 1)[0] < day:  # ISO days sort as text
                    old.unlink(missing_ok=True)
        except OSError:
            pass
        prune_oldest(self.folder, "*.checked", KEEP)


def seed_files_state(seeds_dir: Path, names: list[str]) -> list[tuple[str, bool]]:
    """Whether the seeds folder and each named seed file are there, as the cross-check saw them."""
    if not seeds_dir.is_dir():
        return [("", False), *((name, False) for name in names)]
    return [("", True), *((name, (seeds_dir / name).is_file()) for name in names)]
