"""Load a dataset directory: parse every YAML file, validate every record, cross-check, index.

All problems are collected before anything is raised, so a curator fixes a
whole batch of mistakes in one pass instead of one per run.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import itertools
import marshal
import re
import types
import typing
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from briefgen.cache import Cache, CheckEntry, Entry, FileEntry, FileStat, Writer, check_key
from briefgen.cache import file_digest as cache_file_digest
from briefgen.cache import unchanged as cache_unchanged
from briefgen.checks import BY_RECORD, Share, check_all, cross_check_again
from briefgen.datafolder import DRAFTS_DIR as DRAFTS_DIR  # re-exported: drafts/ is named here too
from briefgen.datafolder import NO_MANIFEST, dataset_files, files_outside, yaml_files
from briefgen.errors import BadInputError, BriefgenError, DatasetError, Problem
from briefgen.messages import curator_message, did_you_mean
from briefgen.models import (
    Agreement,
    Commitment,
    CooperationField,
    DatasetFile,
    Manifest,
    Meeting,
    Organization,
    Person,
    Source,
)
from briefgen.names import index_keys
from briefgen.resources import bundled_dataset_dir
from briefgen.yamlfile import MAX_FILE_BYTES, Origin, RawFile, YamlFile, ids_written, on_disk, read_raw, read_yaml

MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "fields": CooperationField,
    "organizations": Organization,
    "people": Person,
    "meetings": Meeting,
    "agreements": Agreement,
    "commitments": Commitment,
}
_ADAPTERS = {name: TypeAdapter(model) for name, model in MODELS.items()}
_MANIFEST = TypeAdapter(Manifest)
T = TypeVar("T")


class _Lazy(Mapping[str, T]):
    """A read-only mapping over `source` whose values are built from it when first read, then kept."""

    def __init__(self, source: Mapping[str, Any], built: dict[str, T] | None = None):
        self._source = source
        self._built: dict[str, T] = {} if built is None else built

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


class Records(_Lazy[T]):
    """One collection's records by id, in the dataset's order: validated by the check that loaded them,
    or, when a cached check is used, kept as their values (marshal) and validated when first read."""

    def __init__(
        self,
        validated: dict[str, T] | None = None,
        *,
        stored: dict[str, bytes] | None = None,
        model: TypeAdapter | None = None,
    ):
        source: Mapping[str, Any] = stored if stored is not None else (validated or {})
        super().__init__(source, validated if stored is None else None)
        self._model = model

    def _build(self, stored: bytes) -> T:
        assert self._model is not None  # stored values come with their model
        try:
            return self._model.validate_python(marshal.loads(stored))
        except (ValueError, EOFError, TypeError) as exc:  # ValidationError is a ValueError
            # Only someone who can write the private cache folder (the user) can get here.
            raise BriefgenError(
                "a record in the cache no longer reads back as it was checked: the cache "
                "was edited by hand; run again with BRIEFGEN_CACHE_DIR=off"
            ) from exc


class Grouped(_Lazy[list[T]]):
    """An index: key → the records that have it, in order; a key's records are looked up when it is first read."""

    def __init__(self, records: Mapping[str, T], ids: dict[str, list[str]]):
        super().__init__(ids)
        self._records = records

    def _build(self, ids: list[str]) -> list[T]:
        return [self._records[i] for i in ids]


class Index:
    """An index a briefing reads: the records of `collection` (sorted by `order`, else in the dataset's order)
    grouped by `keys`.  The check computes its ids; the cache keeps them with the check's result."""

    def __init__(self, collection: str, keys: Callable[[Any], Iterable[str]], order: Callable | None = None):
        self.collection, self.keys, self.order = collection, keys, order

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        setattr(owner, "INDEXES", {**getattr(owner, "INDEXES", {}), name: self})  # noqa: B010

    def __get__(self, dataset: Dataset | None, owner: type | None = None):
        return self if dataset is None else dataset.index(self.name)

    def ids(self, records: Iterable) -> dict[str, list[str]]:
        if self.order is not None:
            records = sorted(records, key=self.order)
        index: dict[str, list[str]] = defaultdict(list)
        for record in records:
            for key in self.keys(record):
                index[key].append(record.id)
        return dict(index)


def _by_date(record) -> tuple:
    date = record.date if isinstance(record, Meeting) else record.signed
    return date.earliest(), record.id


@dataclass(eq=False)
class Dataset:
    """A checked dataset: records by id, plus the indexes the briefing needs.

    The collections are `Records` (or plain dicts, for a dataset built by hand) and the indexes
    `Grouped` mappings; with `from_cache`, records are validated when first read (see load_dataset).
    """

    INDEXES: ClassVar[dict[str, Index]]

    root: Path
    manifest: Manifest
    sources: Mapping[str, Source] = field(default_factory=dict)
    fields: Mapping[str, CooperationField] = field(default_factory=dict)
    organizations: Mapping[str, Organization] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    meetings: Mapping[str, Meeting] = field(default_factory=dict)
    agreements: Mapping[str, Agreement] = field(default_factory=dict)
    commitments: Mapping[str, Commitment] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    countries: frozenset[str] = None  # type: ignore[assignment]  # computed when not given
    # The ids behind the indexes, as a cached check gives them; computed when first used otherwise.  Not
    # kept by the dataset as a field: a copy made by dataclasses.replace (other records) computes its own.
    index_ids: InitVar[dict[str, dict[str, list[str]]] | None] = None
    from_cache: bool = False  # True when the result of an earlier check was used instead of checking now
    notes: list[str] = field(default_factory=list)  # about the loading itself (e.g. why the cache is off)

    meetings_by_person = Index("meetings", lambda m: [p.person for p in m.participants], _by_date)
    # Meetings keyed by every organisation they involve: those that met and those of participants' posts.
    meetings_by_any_org = Index(
        "meetings",
        lambda m: dict.fromkeys([*m.orgs, *(p.post.org for p in m.participants if p.post and p.post.org)]),
        _by_date,
    )
    # Commitments keyed by the id of the meeting or agreement they were made at.
    commitments_by_origin = Index("commitments", lambda c: [c.made_at.meeting or c.made_at.agreement or ""])
    # Commitments keyed by the organisation that owes them (`by_org`); those without one are left out.
    commitments_by_org = Index("commitments", lambda c: [c.by_org] if c.by_org else [])
    agreements_by_org = Index("agreements", lambda a: a.parties, _by_date)
    agreements_by_meeting = Index("agreements", lambda a: [a.meeting] if a.meeting else [])
    agreements_by_signatory = Index("agreements", lambda a: dict.fromkeys(s.person for s in a.signatories))
    organizations_by_parent = Index("organizations", lambda o: [o.parent] if o.parent else [])
    # Organisations keyed by the id of each organisation they were renamed, merged or split into.
    organizations_by_successor = Index("organizations", lambda o: dict.fromkeys(s.org for s in o.succeeded_by))
    # Agreements keyed by the id of the agreement they renew or supersede.
    agreements_by_predecessor = Index("agreements", lambda a: [a.predecessor] if a.predecessor else [])
    # People keyed by each way a search may name them (briefgen.names: spellings, name parts, native script).
    people_by_name = Index("people", index_keys)
    # People keyed by the id of each organisation they held a post in.
    people_by_org = Index("people", lambda p: dict.fromkeys(post.org for post in p.posts if post.org))
    # Records keyed by the dates of their events, as written ("2020", "2020-05", "2020-05-14"): a meeting's
    # last day, a signature, a commitment's updates; sources by publication.  The brief's "newest record in
    # the dataset" reads the keys only, without validating every record of a large dataset.
    meetings_by_last_day = Index("meetings", lambda m: [str(m.until or m.date)])
    agreements_by_signed = Index("agreements", lambda a: [str(a.signed)])
    commitments_by_update = Index("commitments", lambda c: dict.fromkeys(str(u.date) for u in c.updates))
    sources_by_published = Index("sources", lambda s: [str(s.published)] if s.published else [])

    def __post_init__(self, index_ids: dict[str, dict[str, list[str]]] | None) -> None:
        self._index_ids = dict(index_ids or {})
        if self.countries is None:  # every country that an organisation or a person belongs to
            self.countries = frozenset(o.country for o in self.organizations.values()) | {
                p.country for p in self.people.values()
            }
        self._indexes: dict[str, Grouped] = {}
        self._derived: dict[Callable[[Dataset], Any], Any] = {}

    def collection(self, name: str) -> Mapping[str, Any]:
        return getattr(self, name)

    def index(self, name: str) -> Mapping[str, list]:
        """The index `name` (see INDEXES): built from its ids, computed when not given."""
        try:
            return self._indexes[name]
        except KeyError:
            built = self._indexes[name] = Grouped(self.collection(self.INDEXES[name].collection), self.ids_of(name))
            return built

    def ids_of(self, name: str) -> dict[str, list[str]]:
        """The ids behind the index `name`: given by a cached check, or computed now."""
        if name not in self._index_ids:
            index = self.INDEXES[name]
            self._index_ids[name] = index.ids(self.collection(index.collection).values())
        return self._index_ids[name]

    def derived(self, build: Callable[[Dataset], T]) -> T:
        """What `build` makes of this dataset (something a layer above keeps, such as resolve's list of every
        spelling): built on the first request, then kept by the dataset and freed with it.  Kept under the function
        itself, in this dataset's own dict, so it is never another dataset's; like every index here, it
        assumes the dataset is not changed once made (`dataclasses.replace` makes a new one, with none kept)."""
        try:
            return self._derived[build]
        except KeyError:
            made = self._derived[build] = build(self)
            return made

    def commitment_made_on(self, commitment: Commitment):
        """The date a commitment was made: that of its meeting or agreement."""
        if commitment.made_at.meeting:
            return self.meetings[commitment.made_at.meeting].date
        return self.agreements[commitment.made_at.agreement or ""].signed


def _pydantic_problems(exc: ValidationError, origin: Origin, model: Any = None) -> list[Problem]:
    """Each of pydantic's errors for one record (of type `model`), in a curator's words, with what was probably
    meant where it is close: an unknown key that is a slip for a field (`sigend` for `signed`) is one problem,
    not also "signed is missing"."""
    errors = [
        (tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))), error)
        for error in exc.errors(include_url=False)
    ]
    meant: dict[tuple, str] = {}  # loc of an unknown key → the field it is a slip for
    for loc, error in errors:
        if error["type"] == "extra_forbidden" and loc and model is not None:
            suggestion = did_you_mean(loc[-1], _keys_at(model, loc[:-1]))
            if suggestion:
                meant[loc] = suggestion
    folded = {loc[:-1] + (field,) for loc, field in meant.items()}
    problems = []
    bad_keys: set[tuple] = set()
    for loc, error in errors:
        message = curator_message(error)  # in the curator's terms, not pydantic's
        suggestion = ""
        if loc and loc[-1] == "[key]":
            # `labels: {vi: Phát thanh, truyền hình}` is read by YAML as a second key "truyền hình" with no value
            loc = loc[:-1]
            bad_keys.add(loc)
            message = (
                f"{loc[-1]!r} is read as a key: a comma inside {{ }} ends the text before it; "
                "put a text that holds a comma in quotes"
            )
            loc = loc[:-1]
        elif loc in bad_keys or loc[:-1] in bad_keys:
            continue  # the missing value of that key: already explained
        elif error["type"] == "missing" and loc in folded:
            continue  # the field was written, misspelt: said at the misspelling
        elif error["type"] == "extra_forbidden" and error.get("input") is None and " " in str(loc[-1]):
            # `why: Given name first, as in …` inside { }: YAML reads "as in …" as a key with no value
            message = (
                f"{loc[-1]!r} is read as a key: a comma inside {{ }} ends the text before it; "
                "put a text that holds a comma in quotes"
            )
            loc = loc[:-1]
        elif error["type"] == "extra_forbidden" and loc in meant:
            message, suggestion = "unknown key", meant[loc]
        elif error["type"] in ("enum", "literal_error"):
            suggestion = did_you_mean(
                error.get("input"), re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
            )
        problems.append(origin.problem(loc, message, suggestion=suggestion))
    return problems


def _keys_at(model: Any, loc: tuple) -> list[str]:
    """The keys the record type `model` allows at `loc` (a path into one record): where a key was misspelt."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    return [
        name
        for found in _members(current)
        if isinstance(found, type) and issubclass(found, BaseModel)
        for name in found.model_fields
    ]


def _members(annotation: Any) -> list[Any]:
    """The types `annotation` may be: itself, or the members of a union (`X | None`) or of an Annotated."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [member for arg in args for member in _members(arg)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _members(args[0])
    return [annotation]


def _step(annotation: Any, part: str | int) -> Any:
    """The type found at `part` (a field name, or an index into a list) of a value of type `annotation`."""
    for member in _members(annotation):
        if isinstance(part, str) and isinstance(member, type) and issubclass(member, BaseModel):
            info = member.model_fields.get(part)
            if info is not None:
                return info.annotation
        elif isinstance(part, int) and typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def _validate_file(
    yf: YamlFile,
    items: Iterable[tuple[str, Any]],
    records: dict[str, list[tuple[Any, Origin]]],
    manifests: list,
    problems: list,
    ids: dict[str, list[str]],
    broken: dict[str, set[str]],
    positions: dict[str, list[int]] | None = None,
) -> None:
    """Validate each record of one file (its top-level `items`); `ids` gets the valid records' ids by collection
    (and `positions` their places in the file's list), `broken` those of the records that are not valid."""
    allowed = set(DatasetFile.model_fields)
    for key, value in items:
        origin = Origin(yf, (key,))
        if key not in allowed:
            problems.append(
                origin.problem(
                    (),
                    f"unknown collection; expected one of: {', '.join(sorted(allowed))}",
                    suggestion=did_you_mean(key, allowed),
                )
            )
        elif key == "manifest":
            try:
                manifests.append((_MANIFEST.validate_python(value), origin))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, origin, Manifest))
        elif key == "draft":
            continue
        elif not isinstance(value, list):
            problems.append(origin.problem((), "must be a list of records (each starting with '- ')"))
        else:
            found = ids[key] = []
            places = positions.setdefault(key, []) if positions is not None else []
            for index, item in enumerate(value):
                item_origin = Origin(yf, (key, index))
                try:
                    record: Any = _ADAPTERS[key].validate_python(item)
                except ValidationError as exc:
                    problems.extend(_pydantic_problems(exc, item_origin, MODELS[key]))
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        broken[key].add(item["id"])
                    continue
                records[key].append((record, item_origin))
                found.append(record.id)
                places.append(index)


def load_dataset(
    root: Path | None = None,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
    cache: bool = True,
    recheck: bool = False,
) -> Dataset:
    """Load and check the dataset at `root` (the bundled one when None).

    With `cache` (see briefgen.cache), a file whose bytes were read before is not parsed again,
    and when every file and briefgen are as at the last check that found no error, made on an
    earlier day or today, that check's result is used instead of checking again: its records are then validated when first
    read.  `recheck` checks everything now all the same (`briefgen check`).

    Raises DatasetError listing every problem when any is an error; warnings
    alone are returned on the dataset.
    """
    root = Path(root) if root is not None else bundled_dataset_dir()
    if not root.is_dir():
        raise BadInputError(f"dataset folder not found: {root}")
    paths = dataset_files(root, include_drafts=include_drafts)  # refuses a folder without a manifest
    names = [str(path.relative_to(root)) for path in paths]
    today = today or dt.date.today()
    infos = [path.stat() for path in paths]
    store, note = (
        Cache.open(
            root.resolve(),
            include_drafts,
            frozenset(Dataset.INDEXES),
            size_limit=8 * sum(min(info.st_size, MAX_FILE_BYTES + 1) for info in infos) + 2**20,
        )
        if cache
        else (None, "")
    )
    notes = [note] if note else []
    if store is None:
        return _check(root, paths, names, [read_raw(path) for path in paths], today, notes)
    try:
        entry = store.read()
        known_stats, written_ns = store.read_stats()
        files = entry.files if entry is not None else {}
        reads: list[RawFile | None] = []
        digests: list[bytes] = []
        stats: dict[str, FileStat] = {}
        trusted: set[str] = set()
        for path, name, info in zip(paths, names, infos):
            known = known_stats.get(name)
            if known is not None and known[4] in files and cache_unchanged(known, info, written_ns):
                # the stat fast path: as when last read, and not within a timestamp's granularity of that
                reads.append(RawFile(b"", info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
                digests.append(known[4])
                stats[name] = known
                trusted.add(name)
                continue
            read = read_raw(path)
            reads.append(read)
            digests.append(cache_file_digest(read.raw))
            stats[name] = (read.size, read.mtime_ns, read.ctime_ns, read.inode, digests[-1])
        if len(stats) != len(trusted) or stats != known_stats:
            store.write_stats(stats)  # a file was read: its stat is new, or the write time must move past it
        key = check_key(root.resolve(), include_drafts, list(zip(names, digests)))
        same = entry is not None and entry.check_fits(key, today.isoformat())  # see briefgen.cache: later days only
        if entry is not None and same and not recheck and (dataset := _from_cache(root, entry, digests)) is not None:
            return dataset
        state = store.read_state()
        if state is not None:
            dataset = _recheck(root, paths, names, reads, today, notes, entry, state, digests, store, key)
            if dataset is not None:
                return dataset
            state = None
        return _check(
            root,
            paths,
            names,
            reads,
            today,
            notes,
            files,  # the same dict: each file entry is let go as _check takes it (memory at L)
            digests,
            store.writer(),
            key,
            store,
        )
    finally:
        store.close()


@dataclass(frozen=True)
class CheckReport:
    """What checking a dataset found, as data (for `check`, an editor or a page): every problem, errors and
    warnings, in reading order (file by file, line by line), and the dataset when it can be used."""

    problems: list[Problem]
    dataset: Dataset | None  # None when a problem is an error

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def check_dataset(
    root: Path | None = None, *, include_drafts: bool = False, today: dt.date | None = None, cache: bool = True
) -> CheckReport:
    """Check every record of the dataset at `root` now (see load_dataset) and return what was found, whether
    or not the dataset can be used.  Raises BadInputError only when there is no dataset to check there."""
    try:
        dataset = load_dataset(root, include_drafts=include_drafts, today=today, cache=cache, recheck=True)
    except DatasetError as exc:
        return CheckReport(exc.problems, None)
    return CheckReport(sorted(dataset.warnings), dataset)


def record_ids(root: Path) -> set[str]:
    """Every record id written in the dataset files under `root`, drafts included, valid or not: the files
    load_dataset would read (not a link leading out of the folder), read as it reads them, nothing checked."""
    root = Path(root)
    files = yaml_files(root, include_drafts=True)
    outside = {problem.file for problem in files_outside(root, files)}
    ids: set[str] = set()
    for path in files:
        name = str(path.relative_to(root))
        if name in outside:
            continue
        yf, _problems = read_yaml(path, name)
        if yf is None or not isinstance(yf.data, dict):
            continue
        for value in yf.data.values():
            if isinstance(value, list):
                ids |= {str(item["id"]) for item in value if isinstance(item, dict) and "id" in item}
    return ids


def _check(
    root: Path,
    paths: list[Path],
    names: list[str],
    reads: list[RawFile | None],
    today: dt.date,
    notes: list[str],
    known: dict[bytes, FileEntry] | None = None,
    digests: list[bytes] | None = None,
    writer: Writer | None = None,
    key: bytes = b"",
    store: Cache | None = None,
) -> Dataset:
    """Read (or take from `known`), validate and cross-check every file: the full check; `writer` gets
    each file's entry and, when no error was found, the check's result; `store` the state a check after an
    edit starts from (see _recheck)."""
    problems: list[Problem] = []
    records: dict[str, list[tuple[Any, Origin]]] = defaultdict(list)
    manifests: list[tuple[Manifest, Origin]] = []
    file_ids: list[dict[str, list[str]]] = []
    broken: dict[str, set[str]] = defaultdict(set)  # ids of records not read (invalid, or in an unreadable file)
    complete = writer is not None  # every file has an entry: the check's result can be kept
    shares: dict[str, list] = {}  # by file name: [digest, its validation's problems, ids, positions, broken ids]
    for i, (path, name) in enumerate(zip(paths, names)):
        read, reads[i] = reads[i], None  # each file's bytes are let go once parsed (400 MB at XL)
        assert read is not None
        digest = digests[i] if digests else b""
        entry = known.pop(digest, None) if known else None
        if entry is None and not read.raw and read.size:  # not read (its stat was as before): needed after all
            read = read_raw(path)
        yf: YamlFile | None
        if entry is not None:
            yf = YamlFile(
                name, None, entry.lines or {}, source_file=None if entry.lines is not None else on_disk(path, read)
            )
            problems.extend(Problem(*p) for p in entry.problems)
            items: Iterable = (
                (k, [marshal.loads(r) for r in v] if is_records else v) for k, is_records, v in entry.items
            )
        else:
            yf, found = read_yaml(path, name, pre_read=read)
            problems.extend(found)
            if yf is None:
                complete = False
                broken[""] |= ids_written(read.raw)
                continue
            entry = _file_entry(yf, found) if writer is not None else None
            items = yf.data.items() if isinstance(yf.data, dict) else ()
            if not isinstance(yf.data, dict):
                problems.append(
                    Problem(
                        name,
                        yf.line_of(()),
                        "",
                        "a dataset file must be a mapping of collections (people:, meetings:, ...)",
                    )
                )
        if writer is not None and entry is not None:
            writer.add(digest, entry)
        complete = complete and entry is not None
        file_ids.append({})
        assert yf is not None
        start = len(problems)
        positions: dict[str, list[int]] = {}
        file_broken: dict[str, set[str]] = defaultdict(set)
        _validate_file(yf, items, records, manifests, problems, file_ids[-1], file_broken, positions)
        for collection, ids in file_broken.items():
            broken[collection] |= ids
        shares[name] = [digest, [_fields(p) for p in problems[start:]], file_ids[-1], positions, file_broken, yf]
        yf.data = None  # validated: the records hold what is needed, the Origins keep only lines
    if not manifests and not any(p.path.startswith("manifest") for p in problems):
        problems.append(Problem(str(root), 0, "manifest", NO_MANIFEST))
    for _, origin in manifests[1:]:
        first = manifests[0][1]
        problems.append(
            origin.problem((), f"a second `manifest:` (the first is in {first.file.name}); a dataset needs exactly one")
        )
    collections: dict[str, Any] = {}
    checker = None
    if manifests:
        manifest = manifests[0][0]
        checker = check_all(manifest, records, today, _seeds_dir(root, manifest), broken, manifests[0][1])
        collections = checker.ids
        problems.extend(checker.problems)
    contributions = _contributions(records) if complete else {}
    index_ids = _merge([contributions.get(name, {}) for name in names]) if complete else None
    if store is not None and complete and checker is not None:
        by_file: dict[str, dict[str, _FileShare]] = defaultdict(dict)
        for (collection, record_id), share in checker.shares.items():
            _add_share(by_file[checker.origins[(collection, record_id)].file.name], collection, record_id, share)
        state_files = {
            name: (
                digest,
                vproblems,
                ids,
                positions,
                {c: sorted(found) for c, found in file_broken.items()},
                {c: _packed(share) for c, share in by_file[name].items()},
                {index: marshal.dumps(share) for index, share in contributions.get(name, {}).items()},
                sorted({s.file for s, o in records.get("sources", ()) if o.file.name == name and s.file}),
                yf.asked,
                checker.language_findings.get(name, []),
            )
            for name, (digest, vproblems, ids, positions, file_broken, yf) in shares.items()
        }
        assert index_ids is not None
        store.write_state(
            _state(
                today,
                checker.futures,
                _seeds_dir(root, manifest),
                [m[1].file.name for m in manifests],
                state_files,
                None if not any(p.severity == "error" for p in problems) else index_ids,  # the entry's check has them
                [s.file for s, _ in records.get("sources", ()) if s.file],
                (checker.whole, sorted(_countries(checker.ids))),
                key,
            )
        )
    if any(p.severity == "error" for p in problems):
        if writer is not None:
            writer.commit(None)  # the files' values still spare the next run parsing them
        raise DatasetError(problems)
    validated: dict[str, Any] = {name: Records(dict(collections.get(name, {}))) for name in MODELS}
    dataset = Dataset(
        root=root, manifest=manifest, warnings=sorted(problems), notes=notes, index_ids=index_ids, **validated
    )
    if writer is not None:
        writer.commit(
            CheckEntry(
                key=key,
                checked_on=today.isoformat(),
                ids=file_ids,
                warnings=[_fields(p) for p in dataset.warnings],
                indexes={name: dataset.ids_of(name) for name in Dataset.INDEXES},
                countries=sorted(dataset.countries),
                seed_files=_seed_files(
                    _seeds_dir(root, manifest), [s.file for s in dataset.sources.values() if s.file]
                ),
            )
            if complete
            else None
        )
    return dataset


def _state(
    today: dt.date,
    futures: int,
    seeds_dir: Path,
    manifest_files: list[str],
    files: dict[str, tuple],
    indexes: dict[str, dict[str, list[str]]] | None,
    seed_names: Iterable[str],
    whole: tuple,
    key: bytes,
) -> tuple:
    """What _recheck starts from (kept beside the cache's entry: Cache.write_state); `whole` is the checks of the
    collections not in BY_RECORD (checks._Checker.whole) and the countries of organisations and people; `key` the
    check's (cache.check_key).  `indexes` is None when the entry written with this state holds them (its check
    result, of the same key): they are not written twice (28 MB at size XL)."""
    return (
        "state",
        today.isoformat(),
        futures,
        _seed_files(seeds_dir, seed_names),
        manifest_files,
        files,
        indexes,
        whole,
        key,
    )


def _countries(ids: Mapping[str, Mapping[str, Any]]) -> frozenset[str]:
    """Every country an organisation or a person belongs to (as Dataset computes them)."""
    return frozenset(o.country for o in ids["organizations"].values()) | {p.country for p in ids["people"].values()}


def _contributions(records: dict[str, list[tuple[Any, Origin]]]) -> dict[str, dict[str, dict[str, list]]]:
    """Each file's share of each index (by file name, then index name): key → the ids of its records that have
    it, in order; for an index sorted by date, (day number, id) pairs, sorted when the shares are joined."""
    found: dict[str, dict[str, dict[str, list]]] = defaultdict(dict)
    for name, index in Dataset.INDEXES.items():
        for record, origin in records.get(index.collection, ()):
            share = found[origin.file.name].setdefault(name, {})
            entry: Any = record.id if index.order is None else _sort_key(index.order(record))
            for key in index.keys(record):
                share.setdefault(key, []).append(entry)
    return found


def _sort_key(order: tuple) -> tuple:
    """An index's order (a day, then an id) as marshal keeps it: the day's number."""
    day, record_id = order
    return day.toordinal(), record_id


def _joined(name: str, parts: Iterable[list]) -> list[str]:
    """One key's ids in an index, from the files' shares in the files' order."""
    joined = [entry for part in parts for entry in part]
    if Dataset.INDEXES[name].order is not None:
        return [record_id for _, record_id in sorted(joined)]
    return joined


def _merge(shares: list[dict[str, dict[str, list]]]) -> dict[str, dict[str, list[str]]]:
    """Every index's ids from every file's share (in the files' order): what Index.ids computes from the
    records of a dataset without duplicate ids."""
    merged: dict[str, dict[str, list[str]]] = {}
    for name in Dataset.INDEXES:
        parts: dict[str, list[list]] = defaultdict(list)
        for share in shares:
            for key, part in share.get(name, {}).items():
                parts[key].append(part)
        merged[name] = {key: _joined(name, found) for key, found in parts.items()}
    return merged


# One file's share of a check of one collection of BY_RECORD: what each record's check found (records with none
# left out), for each id a check looked up the records that looked it up, and how many records were checked.
_FileShare = tuple[dict[str, list], dict[str, list[str]], int]
# As the state keeps it: what was found, how many were checked, the looked-up ids → records as marshal bytes, and
# the CRC-32s of those ids, sorted (array "I" bytes).  A check after an edit decodes the bytes only of the shares that
# may have looked up an id that changed (_may_have_looked): reading and writing the state then copies the others'
# bytes (the looked-up ids were half of the state's 94 MB at size XL, and of the time to read and write it).
_PackedShare = tuple[dict[str, list], int, bytes, bytes]


def _packed(share: _FileShare | _PackedShare) -> _PackedShare:
    if len(share) == 4:
        return share
    found, looked_up, count = share
    hashes = array.array("I", sorted({_crc(looked) for looked in looked_up}))
    return found, count, marshal.dumps(looked_up), hashes.tobytes()


def _unpacked(share: _FileShare | _PackedShare) -> _FileShare:
    if len(share) == 3:
        return share
    found, count, looked_up, _ = share
    return dict(found), marshal.loads(looked_up), count


def _crc(record_id: str) -> int:
    return zlib.crc32(record_id.encode("utf-8", "surrogatepass"))


def _may_have_looked(share: _PackedShare, wanted: list[int] | None) -> bool:
    """Whether a packed share's checks may have looked up one of the ids whose CRC-32s are `wanted` (None: any)."""
    if wanted is None:
        return True
    table = memoryview(share[3]).cast("I")
    for crc in wanted:
        at = bisect.bisect_left(table, crc)
        if at < len(table) and table[at] == crc:
            return True
    return False


def _add_share(shares: dict[str, Any], collection: str, record_id: str, share: Share) -> None:
    """Add one record's share (checks.Share) to its file's (kept looked-up id → records: what an edit asks)."""
    found, looked_up, count = _unpacked(shares.get(collection) or ({}, {}, 0))
    if share[0]:
        found[record_id] = share[0]
    for looked in share[1]:
        looked_up.setdefault(looked, []).append(record_id)
    shares[collection] = (found, looked_up, count + 1)


class _FirstSeen(Mapping[str, Origin]):
    """Where each id of one collection is first written (file number, place in its list): an Origin when asked.

    The place is found when asked, in that file's ids (`ids_at`: its valid records' ids and their places), as only
    the records checked again and the duplicates ask: not kept for the 730,000 ids of size XL."""

    def __init__(
        self,
        collection: str,
        yfs: list[YamlFile],
        files: dict[str, int],
        ids_at: Callable[[int], tuple[list[str], list[int]]],
    ):
        self._collection, self._yfs, self.files, self._ids_at = collection, yfs, files, ids_at
        self._places: dict[int, dict[str, int]] = {}

    def __getitem__(self, record_id: str) -> Origin:
        i = self.files[record_id]
        places = self._places.get(i)
        if places is None:
            ids, positions = self._ids_at(i)
            places = self._places[i] = dict(zip(reversed(ids), reversed(positions)))  # the first one stays
        return Origin(self._yfs[i], (self._collection, places[record_id]))

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


class _Kept(NamedTuple):
    """What the last complete check kept for checking again after an edit: the cache entry's files (by digest) and
    where each one's frame lies, and the state (see _state; `files` there is `old_files` here)."""

    files: dict[bytes, FileEntry]
    spans: dict[bytes, tuple[int, int]]
    checked_on: str
    futures: int
    seed_files: list
    manifest_files: list[str]
    old_files: dict[str, tuple]  # by file name: digest, problems, ids, positions, broken, shares, index shares, ...
    indexes: dict[str, dict[str, list[str]]]
    whole: tuple  # the checks of the collections not in BY_RECORD (checks.WholeShare) and the countries


def _recheck(
    root: Path,
    paths: list[Path],
    names: list[str],
    reads: list[RawFile | None],
    today: dt.date,
    notes: list[str],
    entry: Entry | None,
    state: Any,
    digests: list[bytes],
    store: Cache,
    key: bytes,
) -> Dataset | None:
    """The check after an edit: what the full check (_check) would find, from the state the last complete check
    kept (`state`, see _state) and the files' values in the cache's `entry`.  Only the files whose bytes changed are
    read and validated; the records of the collections checked record by record (checks.BY_RECORD: sources,
    meetings, commitments, ~95 % of a large dataset) are checked again only when written in a changed file or when
    one of the ids their check looked up changed (its record's values, or whether it is there or broken), the
    others' problems are the kept ones; organisations, people, agreements and fields are validated and checked
    whole (their checks read whole collections: names shared, cycles, renewals) unless the edit touched none of
    them nor any id their checks looked up (_whole_kept: their kept findings then); the indexes are joined from
    each file's share.  None when it cannot be done so (no usable state, the manifest's file or the seed files
    changed, a day-dependent problem on another day, an edited file that cannot be read or kept): then the full
    check runs.  Tests compare the two on edits of every kind (tests/test_cache.py)."""
    try:
        tag, checked_on, futures, seed_files, manifest_files, old_files, old_indexes, whole, state_key = state
        if old_indexes is None and entry is not None and entry.check_head and entry.check_head[0] == state_key:
            # written with the state (see _state); decodes the entry's kept check (instead of 28 MB more of state)
            old_indexes = entry.check.indexes if entry.check is not None else None
        if tag != "state" or type(old_files) is not dict or type(old_indexes) is not dict:
            return None
    except (TypeError, ValueError):
        return None
    if checked_on > today.isoformat() or (futures and checked_on != today.isoformat()):
        return None
    kept = _Kept(
        entry.files if entry is not None else {},
        entry.spans if entry is not None else {},
        checked_on,
        futures,
        seed_files,
        manifest_files,
        old_files,
        old_indexes,
        whole,
    )
    try:
        return _recheck_from(root, paths, names, reads, today, notes, kept, digests, store, key)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, EOFError):
        return None  # a state not as this module writes it (only a hand-edited cache): the full check


@dataclass
class _Edited:
    """The files as the edit left them, read for _recheck_from in the files' order: an unchanged file from the
    cache's entry and the kept state, a changed one parsed and validated again."""

    problems: list[Problem] = field(default_factory=list)
    records: dict[str, list[tuple[Any, Origin]]] = field(default_factory=lambda: defaultdict(list))  # not BY_RECORD
    manifests: list[tuple[Manifest, Origin]] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    yfs: list[YamlFile] = field(default_factory=list)
    entries: list[FileEntry] = field(default_factory=list)
    values: list[dict[str, list[bytes]]] = field(default_factory=list)  # each file's records' values (marshal)
    new_files: dict[str, list] = field(
        default_factory=dict
    )  # name → [digest, validation problems, ids, positions, broken]
    validated: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))  # BY_RECORD, changed files
    changed_records: dict[int, dict[str, list]] = field(default_factory=dict)  # changed files' records (index shares)
    # Each file's records of the collections not in BY_RECORD: a changed file's validated ({collection: [(record,
    # origin)]}), an unchanged one's to validate from the entry's values when their checks run again (yf, positions).
    whole_parts: list[Any] = field(default_factory=list)

    def ids(self, name: str, kept: _Kept) -> dict[str, list[str]]:
        """The ids of a file's valid records by collection, as it is now."""
        return (self.new_files[name] if name in self.new_files else kept.old_files[name])[2]


class _Seen(NamedTuple):
    """One collection of BY_RECORD after an edit: where each id is first written (_FirstSeen); each later occurrence
    (a duplicate) with its origin; the records by id, validated when read."""

    first: _FirstSeen
    duplicates: list[tuple[str, Origin]]
    records: Records

    @property
    def files(self) -> dict[str, int]:
        """The number of the file each id is first written in."""
        return self.first.files


def _recheck_from(
    root: Path,
    paths: list[Path],
    names: list[str],
    reads: list[RawFile | None],
    today: dt.date,
    notes: list[str],
    kept: _Kept,
    digests: list[bytes],
    store: Cache,
    key: bytes,
) -> Dataset | None:
    present = set(names)
    gone = [name for name in kept.old_files if name not in present]
    changed = {
        i for i, (name, digest) in enumerate(zip(names, digests)) if kept.old_files.get(name, (b"",))[0] != digest
    }
    if any(names[i] in kept.manifest_files for i in changed) or any(name in kept.manifest_files for name in gone):
        return None
    edited = _read_edited(paths, names, reads, digests, kept, changed)
    if edited is None or not edited.manifests:
        return None
    manifest, manifest_origin = edited.manifests[0]
    edited.problems += [
        origin.problem(
            (), f"a second `manifest:` (the first is in {manifest_origin.file.name}); a dataset needs exactly one"
        )
        for _, origin in edited.manifests[1:]
    ]
    seeds_dir = _seeds_dir(root, manifest)
    if _seed_files(seeds_dir, [n for n, _ in kept.seed_files[1:]]) != [tuple(s) for s in kept.seed_files]:
        return None
    changed_ids = _changed_ids([names[i] for i in sorted(changed)] + gone, names, kept, edited)
    seen = {c: _first_seen(c, names, kept, edited, changed) for c in BY_RECORD}
    again, kept_shares = _to_check_again(names, changed, kept, edited, seen, changed_ids)
    walk_all = _whole_duplicates(names, kept, edited)  # which record of an id is walked may have moved
    whole_kept = _whole_kept(names, changed, gone, kept, edited, changed_ids, walk_all)
    if whole_kept is None:
        _whole_again(edited)
    if not walk_all:  # the language walk's findings in unchanged files' records of the whole collections
        edited.problems += [
            Problem(*p) for i, name in enumerate(names) if i not in changed for p in kept.old_files[name][9]
        ]
    checker = cross_check_again(
        manifest,
        edited.records,
        {c: (seen[c].files, seen[c].records) for c in BY_RECORD},
        {c: seen[c].first for c in BY_RECORD},
        {c: seen[c].duplicates for c in BY_RECORD},
        again,
        today,
        seeds_dir,
        edited.broken,
        manifest_origin,
        None if walk_all else {names[i] for i in changed},
        None if whole_kept is None else (kept.whole[0], whole_kept),
    )
    edited.problems.extend(checker.problems)

    # The state for the next edit, the indexes joined from each file's share, the entry.
    indexes, index_shares = _indexes_again(names, changed, gone, kept, edited)
    by_file: dict[str, dict[str, Any]] = {name: kept_shares.get(name, {}) for name in names}
    for (collection, record_id), share in checker.shares.items():
        _add_share(by_file[names[seen[collection].files[record_id]]], collection, record_id, share)
    state_files, seed_names = _state_files(
        names, kept, edited, by_file, index_shares, checker.language_findings, walk_all
    )
    if whole_kept is None:
        collections: dict[str, Any] = {name: Records(dict(checker.ids[name])) for name in MODELS if name not in seen}
        countries = _countries(checker.ids)
    else:
        collections, countries = dict(whole_kept), frozenset(kept.whole[1])
    collections.update((name, seen[name].records) for name in seen)
    error = any(p.severity == "error" for p in edited.problems)
    if changed or gone:
        store.write_state(
            _state(
                today,
                checker.futures + (kept.futures if kept_shares else 0),
                seeds_dir,
                [manifest_origin.file.name],
                state_files,
                indexes if error else None,  # without an error, the entry's check result holds them
                seed_names,
                (checker.whole, sorted(countries)),
                key,
            )
        )
    writer = _entry_again(store, digests, kept, edited, changed, rewrite=bool(changed or gone))
    dataset = Dataset(
        root=root,
        manifest=manifest,
        warnings=sorted(edited.problems),
        notes=notes,
        index_ids=indexes,
        countries=countries,
        **collections,
    )
    if writer is not None:
        writer.commit(
            CheckEntry(
                key=key,
                checked_on=today.isoformat(),
                ids=[edited.ids(name, kept) for name in names],
                warnings=[_fields(p) for p in dataset.warnings],
                indexes=indexes,
                countries=sorted(countries),
                seed_files=_seed_files(seeds_dir, seed_names),
            )
        )
    return dataset


def _read_edited(
    paths: list[Path],
    names: list[str],
    reads: list[RawFile | None],
    digests: list[bytes],
    kept: _Kept,
    changed: set[int],
) -> _Edited | None:
    """Every file as the edit left it (see _Edited); None when one cannot be taken so (the full check then)."""
    edited = _Edited()
    for i, (path, name) in enumerate(zip(paths, names)):
        read = reads[i]  # left in place: the full check may need them after all
        assert read is not None
        if i in changed:
            fe = _file_again(edited, i, path, name, read, digests[i])
        else:
            fe = _file_kept(edited, path, name, read, kept.files.get(digests[i]), kept.old_files[name])
        if fe is None:
            return None
        edited.entries.append(fe)
        edited.values.append({k: v for k, is_records, v in fe.items if is_records})
    return edited


def _file_kept(
    edited: _Edited, path: Path, name: str, read: RawFile, fe: FileEntry | None, old: tuple
) -> FileEntry | None:
    """An unchanged file: its reader's and validation's problems as kept; the records of the collections checked
    whole (not in BY_RECORD) are validated again from the entry's values if their checks run again (_whole_again)."""
    if fe is None:
        return None
    _, vproblems, ids, positions, file_broken, _, _, _, asked, _ = old
    yf = YamlFile(name, None, fe.lines or {}, source_file=None if fe.lines is not None else on_disk(path, read))
    yf.asked.update(asked)  # the lines the last check asked for: the same bytes, the same lines
    edited.yfs.append(yf)
    edited.problems.extend(Problem(*p) for p in fe.problems)
    edited.problems.extend(Problem(*p) for p in vproblems)
    for k, _, v in fe.items:
        if k == "manifest":
            try:
                edited.manifests.append((_MANIFEST.validate_python(v), Origin(yf, ("manifest",))))
            except ValidationError:
                return None  # a manifest with errors: the full check says them
    edited.whole_parts.append((yf, {c: positions[c] for c in ids if c not in BY_RECORD}))
    for collection, found in file_broken.items():
        edited.broken[collection].update(found)
    return fe


def _file_again(edited: _Edited, i: int, path: Path, name: str, read: RawFile, digest: bytes) -> FileEntry | None:
    """A changed file, read and validated again; its records of BY_RECORD are kept for their checks and shares."""
    if not read.raw and read.size:
        read = read_raw(path)
    yf, found_problems = read_yaml(path, name, pre_read=read)
    if yf is None or not isinstance(yf.data, dict):
        return None
    fe = _file_entry(yf, found_problems)
    if fe is None:
        return None
    edited.yfs.append(yf)
    edited.problems.extend(found_problems)
    start = len(edited.problems)
    ids: dict[str, list[str]] = {}
    positions: dict[str, list[int]] = {}
    file_broken: dict[str, set[str]] = defaultdict(set)
    local: dict[str, list[tuple[Any, Origin]]] = defaultdict(list)
    before = len(edited.manifests)
    _validate_file(yf, yf.data.items(), local, edited.manifests, edited.problems, ids, file_broken, positions)
    if len(edited.manifests) != before:
        return None  # the manifest moved into an edited file: the full check
    yf.data = None
    for collection, found in local.items():
        if collection in BY_RECORD:
            for record, _ in found:
                edited.validated[collection].setdefault(record.id, record)
    edited.whole_parts.append({c: found for c, found in local.items() if c not in BY_RECORD})
    for collection, found_ids in file_broken.items():
        edited.broken[collection] |= found_ids
    edited.changed_records[i] = local
    edited.new_files[name] = [digest, [_fields(p) for p in edited.problems[start:]], ids, positions, file_broken]
    return fe


def _changed_ids(touched_files: list[str], names: list[str], kept: _Kept, edited: _Edited) -> set[str]:
    """The ids whose record's values changed, appeared, went or became broken or valid in the files the edit
    touched; and, for each collection with one, "\0" + its name (what a check of "all ids" looked up)."""
    touched: set[tuple[str, str]] = set()
    for name in touched_files:
        now: dict = {}
        now_broken: set = set()
        if name in edited.new_files:
            _, _, ids, positions, file_broken = edited.new_files[name]
            now, now_broken = _values_of(ids, positions, file_broken, edited.values[names.index(name)])
        was: dict = {}
        was_broken: set = set()
        if name in kept.old_files:
            digest, _, ids, positions, file_broken, *_ = kept.old_files[name]
            fe = kept.files.get(digest)
            stored = {k: v for k, is_records, v in fe.items if is_records} if fe is not None else None
            was, was_broken = _values_of(ids, positions, file_broken, stored)
        touched |= {k for k in now.keys() | was.keys() if now.get(k, None) != was.get(k, None)}
        touched |= now_broken ^ was_broken
    return {x for _, x in touched} | {"\0" + c for c, _ in touched}


def _values_of(
    ids: dict[str, list[str]],
    positions: dict[str, list[int]],
    file_broken: dict[str, Iterable[str]],
    stored: dict[str, list[bytes]] | None,
) -> tuple[dict, set]:
    """(collection, id) → the record's values (marshal bytes) in one version of a file, and its broken ids;
    with `stored` None (that version's values are no longer kept) every id counts as changed."""
    found: dict[tuple[str, str], Any] = {}
    for collection, record_ids in ids.items():
        for record_id, position in zip(record_ids, positions[collection]):
            value = stored[collection][position] if stored is not None else object()
            if found.setdefault((collection, record_id), value) is not value:
                found[(collection, record_id)] = object()  # twice in one file: counted as changed
    return found, {(c, x) for c, xs in file_broken.items() for x in xs}


def _first_seen(collection: str, names: list[str], kept: _Kept, edited: _Edited, changed: set[int]) -> _Seen:
    """Where each id of one collection of BY_RECORD is first written and its values (later ones are duplicates);
    the records of changed files come already validated."""

    def ids_at(i: int) -> tuple[list[str], list[int]]:
        ids, positions = (edited.new_files[names[i]] if names[i] in edited.new_files else kept.old_files[names[i]])[2:4]
        return ids.get(collection, []), positions.get(collection, [])

    files_of: dict[str, int] = {}
    stored: dict[str, bytes] = {}
    duplicates: list[tuple[str, Origin]] = []
    written = 0
    for i in range(len(names)):  # at C speed; a duplicate id makes fewer keys than ids written: then one by one
        found, at = ids_at(i)
        if found:
            values = edited.values[i][collection]
            written += len(found)
            files_of.update(zip(found, itertools.repeat(i)))
            stored.update(zip(found, values) if len(at) == len(values) else zip(found, map(values.__getitem__, at)))
    if len(files_of) != written:
        files_of, stored = {}, {}
        for i in range(len(names)):
            found, at = ids_at(i)
            values = edited.values[i].get(collection, [])
            for record_id, position in zip(found, at):
                if record_id in files_of:
                    duplicates.append((record_id, Origin(edited.yfs[i], (collection, position))))
                    continue
                files_of[record_id] = i
                stored[record_id] = values[position]
    records: Records[Any] = Records(stored=stored, model=_ADAPTERS[collection])
    records._built.update(
        (record_id, record)
        for record_id, record in edited.validated[collection].items()
        if files_of.get(record_id, -1) in changed
    )
    return _Seen(_FirstSeen(collection, edited.yfs, files_of, ids_at), duplicates, records)


def _kept_share(
    collection: str,
    i: int,
    name: str,
    kept: _Kept,
    seen: _Seen,
    changed_ids: set[str],
    edited: _Edited,
    again: list[tuple[str, str]],
    wanted: list[int] | None,
) -> _FileShare | _PackedShare:
    """One unchanged file's share of the check of one collection of BY_RECORD: its records whose id changed or
    whose check looked up a changed id (`wanted`: their CRC-32s, see _may_have_looked) go to `again`, the others'
    kept problems to `edited.problems`; what is left of the share is returned (every record again when a first
    occurrence moved: a duplicate, a file gone), still packed when nothing of it is checked again."""
    packed: _PackedShare = kept.old_files[name][5].get(collection) or _packed(({}, {}, 0))
    found, count = packed[0], packed[1]
    firsts = kept.old_files[name][2].get(collection, [])
    share: _FileShare | None = None
    if count != len(firsts) or seen.duplicates:  # a first occurrence moved: all again
        redo = {x for x in firsts if seen.files.get(x) == i}
        share = found, _, count = ({}, {}, 0)
    else:  # the ids that changed, and those whose check looked one of them up
        redo = changed_ids.intersection(firsts)
        if _may_have_looked(packed, wanted):
            share = _unpacked(packed)
            for looked in changed_ids.intersection(share[1]):
                redo.update(share[1][looked])
    for record_id, problems in found.items():
        if record_id not in redo:
            edited.problems.extend(Problem(*p) for p in problems)
    if not redo:
        return packed if share is None else share
    found, looked_up, count = share if share is not None else _unpacked(packed)
    again += [(collection, x) for x in redo]
    found = {x: problems for x, problems in found.items() if x not in redo}
    looked_up = {k: [x for x in xs if x not in redo] for k, xs in looked_up.items()}
    return found, looked_up, count - len(redo)


def _whole_duplicates(names: list[str], kept: _Kept, edited: _Edited) -> bool:
    """Whether an id of a collection checked whole (not in BY_RECORD) is written twice, before the edit or after:
    then the record the language walk reads for it may be in another file than before."""
    before = [kept.old_files[name][2] for name in kept.old_files]
    after = [edited.ids(name, kept) for name in names]
    for collection in MODELS:
        if collection not in BY_RECORD:
            for files in (before, after):
                ids = [x for file_ids in files for x in file_ids.get(collection, ())]
                if len(set(ids)) != len(ids):
                    return True
    return False


def _whole_kept(
    names: list[str],
    changed: set[int],
    gone: list[str],
    kept: _Kept,
    edited: _Edited,
    changed_ids: set[str],
    walk_all: bool,
) -> dict[str, Records] | None:
    """The records of the collections not in BY_RECORD by id, validated when read, when the last check's findings
    on them (kept.whole) still hold: no file the edit touched holds one of them (valid or not, before or after; so
    no line of a kept problem moved), none is written twice, and no id their checks looked up changed (see
    _changed_ids).  None when their checks must run again (_whole_again)."""
    if walk_all:
        return None
    for name in [names[i] for i in changed] + gone:
        for part in (edited.new_files.get(name), kept.old_files.get(name)):
            if part is not None and any(c not in BY_RECORD for c in (*part[2], *part[4])):
                return None
    if not changed_ids.isdisjoint(kept.whole[0][1]):
        return None
    stored: dict[str, dict[str, bytes]] = {c: {} for c in MODELS if c not in BY_RECORD}
    for i, name in enumerate(names):
        ids, positions = (edited.new_files[name] if name in edited.new_files else kept.old_files[name])[2:4]
        for collection, found in ids.items():
            if collection not in BY_RECORD:
                values = edited.values[i][collection]
                stored[collection].update(zip(found, map(values.__getitem__, positions[collection])))
    return {c: Records(stored=found, model=_ADAPTERS[c]) for c, found in stored.items()}


def _whole_again(edited: _Edited) -> None:
    """Every record of the collections not in BY_RECORD with its origin, in the files' order (`edited.records`),
    for their checks: an unchanged file's validated again from the entry's values."""
    for values, part in zip(edited.values, edited.whole_parts):
        if isinstance(part, dict):
            for collection, found in part.items():
                edited.records[collection].extend(found)
            continue
        yf, positions = part
        for collection, at in positions.items():
            adapter, stored = _ADAPTERS[collection], values[collection]
            edited.records[collection] += [
                (adapter.validate_python(marshal.loads(stored[p])), Origin(yf, (collection, p))) for p in at
            ]


def _to_check_again(
    names: list[str],
    changed: set[int],
    kept: _Kept,
    edited: _Edited,
    seen: dict[str, _Seen],
    changed_ids: set[str],
) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    """The records of BY_RECORD to check again ((collection, id): those of changed files, and see _kept_share),
    and each unchanged file's shares of what is kept (file → collection → share, packed or not)."""
    again: list[tuple[str, str]] = []
    kept_shares: dict[str, dict[str, Any]] = {}
    wanted = [_crc(x) for x in changed_ids] if len(changed_ids) <= 256 else None  # many: every share is read
    for i, name in enumerate(names):
        if i in changed:
            ids = edited.new_files[name][2]
            again += [(c, x) for c in BY_RECORD for x in ids.get(c, ()) if seen[c].files.get(x) == i]
        else:
            kept_shares[name] = {
                c: _kept_share(c, i, name, kept, seen[c], changed_ids, edited, again, wanted) for c in BY_RECORD
            }
    return again, kept_shares


def _indexes_again(
    names: list[str], changed: set[int], gone: list[str], kept: _Kept, edited: _Edited
) -> tuple[dict[str, dict[str, list[str]]], dict[str, dict[str, bytes]]]:
    """Every index after an edit (see _index_again), and each file's share of them (by file name, then index name:
    marshal bytes, decoded only for an index the edit touched; an unchanged file's as read)."""
    contributions = _contributions(
        {c: [ro for i in sorted(changed) for ro in edited.changed_records[i].get(c, ())] for c in MODELS}
    )
    index_shares = {
        name: {index: marshal.dumps(share) for index, share in contributions.get(name, {}).items()}
        if name in edited.new_files
        else kept.old_files[name][6]
        for name in names
    }
    touched_files = [names[i] for i in changed] + gone
    indexes = {
        index_name: _index_again(index_name, names, touched_files, kept, contributions, index_shares)
        for index_name in Dataset.INDEXES
    }
    return indexes, index_shares


def _index_again(
    index_name: str,
    names: list[str],
    touched_files: list[str],
    kept: _Kept,
    contributions: dict[str, dict[str, dict[str, list]]],
    index_shares: dict[str, dict[str, bytes]],
) -> dict[str, list[str]]:
    """One index after an edit: the kept one, with each key whose ids a touched file changed (its part of the key
    before and after the edit differ: only the edited records' keys, not every key of its records) joined again
    from every file's share (in the files' order)."""
    keys: set[str] = set()
    for name in touched_files:
        before = kept.old_files[name][6] if name in kept.old_files else {}
        old = marshal.loads(before[index_name]) if index_name in before else {}
        new = contributions.get(name, {}).get(index_name, {})
        keys.update(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if not keys:
        return kept.indexes.get(index_name, {})
    merged = dict(kept.indexes.get(index_name, {}))
    parts: dict[str, list[list]] = {k: [] for k in keys}
    for name in names:
        packed = index_shares[name].get(index_name)
        if packed:
            share = contributions[name][index_name] if name in contributions else marshal.loads(packed)
            for k in keys.intersection(share):  # walks the smaller of the two
                parts[k].append(share[k])
    for k, found in parts.items():
        if found:
            merged[k] = _joined(index_name, found)
        else:
            merged.pop(k, None)
    return merged


def _state_files(
    names: list[str],
    kept: _Kept,
    edited: _Edited,
    by_file: dict[str, dict[str, Any]],
    index_shares: dict[str, dict[str, bytes]],
    language_findings: dict[str, list],
    walked_all: bool,
) -> tuple[dict[str, tuple], list[str]]:
    """Each file's part of the state for the next edit (see _check), and the seed files the sources name."""
    state_files: dict[str, tuple] = {}
    seed_names: list[str] = []
    for i, name in enumerate(names):
        if name in edited.new_files:
            digest, vproblems, ids, positions, file_broken = edited.new_files[name]
            seeds = sorted({s.file for s, _ in edited.changed_records[i].get("sources", ()) if s.file})
            file_broken = {c: sorted(found) for c, found in file_broken.items()}
        else:
            digest, vproblems, ids, positions, file_broken, _, _, seeds, _, _ = kept.old_files[name]
        seed_names += seeds
        state_files[name] = (
            digest,
            vproblems,
            ids,
            positions,
            file_broken,
            {c: _packed(share) for c, share in by_file[name].items()},
            index_shares[name],
            seeds,
            edited.yfs[i].asked,
            language_findings.get(name, []) if name in edited.new_files or walked_all else kept.old_files[name][9],
        )
    return state_files, seed_names


def _entry_again(
    store: Cache, digests: list[bytes], kept: _Kept, edited: _Edited, changed: set[int], rewrite: bool
) -> Writer | None:
    """The new entry (an unchanged file's frame copied as read, checked then; a changed one encoded), its check
    result still to commit; raises DatasetError when a problem is an error (the files' values kept all the same)."""
    error = any(p.severity == "error" for p in edited.problems)
    writer = store.writer() if rewrite or error else None
    if writer is not None:
        for i, (digest, fe) in enumerate(zip(digests, edited.entries)):
            if i not in changed and digest in kept.spans:
                writer.copy(kept.spans[digest])  # as read, checked then: not encoded again
            else:
                writer.add(digest, fe)
    if error:
        if writer is not None:
            writer.commit(None)
        raise DatasetError(edited.problems)
    return writer


def _fields(problem: Problem) -> tuple[str, int, str, str, str, str]:
    return problem.file, problem.line, problem.path, problem.message, problem.severity, problem.suggestion


def _file_entry(yf: YamlFile, problems: list[Problem]) -> FileEntry | None:
    """What the cache keeps of a file just read: each record's values as marshal bytes; None when they
    cannot be kept so (a date from an explicit `!!timestamp` tag) or the file is not a mapping."""
    if not isinstance(yf.data, dict):
        return None
    try:
        items = [
            (key, True, [marshal.dumps(item) for item in value])
            if key in MODELS and isinstance(value, list)
            else (key, False, value)
            for key, value in yf.data.items()
        ]
        marshal.dumps([value for _, is_records, value in items if not is_records])  # can marshal hold the others?
    except ValueError:
        return None
    fast = yf.source_file is not None or yf.source_text is not None
    return FileEntry(items, [_fields(p) for p in problems], None if fast else yf.lines)


def _from_cache(root: Path, entry: Entry, digests: list[bytes]) -> Dataset | None:
    """The dataset a cached check found, its records validated when first read; None when the entry does not
    fit these files or the seed files it looked for are no longer as they were (a full check is then needed)."""
    check = entry.check
    if check is None:
        return None
    stored: dict[str, dict[str, bytes]] = {name: {} for name in MODELS}
    manifest_values = None
    if len(check.ids) != len(digests):
        return None
    for digest, ids in zip(digests, check.ids):
        file = entry.files.get(digest)
        if file is None:
            return None
        for key, is_records, value in file.items:
            if key == "manifest":
                manifest_values = value
            elif is_records:
                if key not in MODELS or len(ids.get(key, ())) != len(value):
                    return None
                stored[key].update(zip(ids[key], value))
    try:
        manifest = _MANIFEST.validate_python(manifest_values)
    except ValidationError:
        return None
    if _seed_files(_seeds_dir(root, manifest), [n for n, _ in check.seed_files[1:]]) != check.seed_files:
        return None
    lazy: dict[str, Any] = {name: Records(stored=stored[name], model=_ADAPTERS[name]) for name in MODELS}
    return Dataset(
        root=root,
        manifest=manifest,
        warnings=[Problem(*w) for w in check.warnings],
        countries=frozenset(check.countries),
        index_ids=check.indexes,
        from_cache=True,
        **lazy,
    )


def _seeds_dir(root: Path, manifest: Manifest) -> Path:
    return (root / manifest.seeds_dir).resolve()


def _seed_files(seeds_dir: Path, named: Iterable[str]) -> list[tuple[str, bool]]:
    """Whether the seeds folder and each seed file named are there, as the cross-check saw them."""
    names = sorted(set(named))
    if not seeds_dir.is_dir():
        return [("", False), *((name, False) for name in names)]
    return [("", True), *((name, (seeds_dir / name).is_file()) for name in names)]
