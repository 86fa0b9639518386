"""Load a dataset directory: parse every YAML file, validate every record, cross-check, index.

All problems are collected before anything is raised, so a curator fixes a
whole batch of mistakes in one pass instead of one per run.
"""

from __future__ import annotations

import datetime as dt
import gc
import marshal
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from briefgen.checks import cross_check
from briefgen.datafolder import DRAFTS_DIR as DRAFTS_DIR  # re-exported: drafts/ is named here too
from briefgen.datafolder import NO_MANIFEST, dataset_files
from briefgen.errors import BadInputError, DatasetError, Problem
from briefgen.messages import curator_message
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
from briefgen.parsecache import ParseCache
from briefgen.resources import bundled_dataset_dir
from briefgen.snapshot import INDEXES, Checked, CheckedStore, LazyIndex, LazyRecords, dataset_key, seed_files_state
from briefgen.yamlfile import Origin, RawFile, YamlFile, read_raw, read_yaml

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


@dataclass
class Dataset:
    """A validated dataset: records by id, plus the indexes the briefing needs.

    Loaded from a remembered check (see snapshot), the collections and indexes are read-only
    mappings that validate each record when first used, and `origins` is empty.
    """

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
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict, repr=False)
    reused: bool = False  # True when rebuilt from a remembered check rather than checked now

    def collection(self, name: str) -> Mapping[str, Any]:
        return getattr(self, name)

    @cached_property
    def meetings_by_person(self) -> dict[str, list[Meeting]]:
        return _group(self.meetings_in_order, lambda m: [p.person for p in m.participants])

    @cached_property
    def meetings_by_org(self) -> dict[str, list[Meeting]]:
        return _group(self.meetings_in_order, lambda m: m.orgs)

    @cached_property
    def meetings_by_any_org(self) -> dict[str, list[Meeting]]:
        """Meetings keyed by every organisation they involve: those that met and those of participants' posts."""
        return _group(self.meetings_in_order, lambda m: dict.fromkeys(
            [*m.orgs, *(p.post.org for p in m.participants if p.post and p.post.org)]))

    @cached_property
    def meetings_in_order(self) -> list[Meeting]:
        return sorted(self.meetings.values(), key=lambda m: (m.date.earliest(), m.id))

    @cached_property
    def commitments_by_origin(self) -> dict[str, list[Commitment]]:
        """Commitments keyed by the id of the meeting or agreement they were made at."""
        return _group(self.commitments.values(), lambda c: [c.made_at.meeting or c.made_at.agreement or ""])

    @cached_property
    def agreements_by_org(self) -> dict[str, list[Agreement]]:
        by_date = sorted(self.agreements.values(), key=lambda a: (a.signed.earliest(), a.id))
        return _group(by_date, lambda a: a.parties)

    @cached_property
    def commitments_by_org(self) -> dict[str, list[Commitment]]:
        """Commitments keyed by the organisation that owes them (`by_org`); those without one are left out."""
        return _group(self.commitments.values(), lambda c: [c.by_org] if c.by_org else [])

    @cached_property
    def agreements_by_meeting(self) -> dict[str, list[Agreement]]:
        """Agreements keyed by the id of the meeting they were signed at."""
        return _group(self.agreements.values(), lambda a: [a.meeting] if a.meeting else [])

    @cached_property
    def agreements_by_signatory(self) -> dict[str, list[Agreement]]:
        """Agreements keyed by the id of each person who signed them."""
        return _group(self.agreements.values(), lambda a: dict.fromkeys(s.person for s in a.signatories))

    @cached_property
    def organizations_by_parent(self) -> dict[str, list[Organization]]:
        """Organisations keyed by the id of their parent organisation."""
        return _group(self.organizations.values(), lambda o: [o.parent] if o.parent else [])

    @cached_property
    def organizations_by_successor(self) -> dict[str, list[Organization]]:
        """Organisations keyed by the id of each organisation they were renamed, merged or split into."""
        return _group(self.organizations.values(), lambda o: dict.fromkeys(s.org for s in o.succeeded_by))

    @cached_property
    def agreements_by_predecessor(self) -> dict[str, list[Agreement]]:
        """Agreements keyed by the id of the agreement they renew or supersede."""
        return _group(self.agreements.values(), lambda a: [a.predecessor] if a.predecessor else [])

    @cached_property
    def people_by_org(self) -> dict[str, list[Person]]:
        """People keyed by the id of each organisation they held a post in."""
        return _group(self.people.values(), lambda p: dict.fromkeys(post.org for post in p.posts if post.org))

    @cached_property
    def countries(self) -> frozenset[str]:
        """Every country that an organisation or a person belongs to."""
        return frozenset(o.country for o in self.organizations.values()) | {p.country for p in self.people.values()}

    def commitment_made_on(self, commitment: Commitment):
        """The date a commitment was made: that of its meeting or agreement."""
        if commitment.made_at.meeting:
            return self.meetings[commitment.made_at.meeting].date
        return self.agreements[commitment.made_at.agreement or ""].signed

    def source_number_order(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: (s.published.earliest() if s.published else dt.date.min, s.id))


def _group(records: Iterable[T], keys: Callable[[T], Iterable[str]]) -> dict[str, list[T]]:
    """An index: each key of each record (in `records` order) → the records that have it."""
    index: dict[str, list[T]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            index[key].append(record)
    return index


def _pydantic_problems(exc: ValidationError, origin: Origin) -> list[Problem]:
    problems = []
    bad_keys: set[tuple] = set()
    for error in exc.errors(include_url=False):
        message = curator_message(error)  # in the curator's terms, not pydantic's
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if loc and loc[-1] == "[key]":
            # `labels: {vi: Phát thanh, truyền hình}` is read by YAML as a second key "truyền hình" with no value
            loc = loc[:-1]
            bad_keys.add(loc)
            message = (f"{loc[-1]!r} is not a language code (en, vi, fr…); if it is part of the text before it, "
                       "quote a value that contains a comma")
        elif loc in bad_keys:
            continue  # the missing value of that key: already explained
        elif error["type"] == "extra_forbidden" and error.get("input") is None and " " in str(loc[-1]):
            # `why: Given name first, as in …` inside { }: YAML reads "as in …" as a key with no value
            message = (f"{loc[-1]!r} is not a key; if it is part of the text before it, quote a value that "
                       "contains a comma")
        problems.append(origin.problem(loc, message))
    return problems


class _Blobs(dict):
    """id() of a validated model → the values it was validated from (marshal bytes).  `complete` turns
    False when some value cannot be written so (a date from an explicit `!!timestamp` tag)."""

    complete = True


def _keep(blobs: _Blobs | None, record: BaseModel, values: Any) -> None:
    if blobs is not None and blobs.complete:
        try:
            blobs[id(record)] = marshal.dumps(values)
        except ValueError:
            blobs.complete = False


def _validate_file(yf: YamlFile, records: dict[str, list[tuple[Any, Origin]]], manifests: list, problems: list,
                   blobs: _Blobs | None) -> None:
    """Validate each record of one file; with `blobs`, also keep each valid record's values (marshal),
    keyed by the id() of its model, for the snapshot of this check."""
    data = yf.data
    if not isinstance(data, dict):
        problems.append(Problem(yf.name, yf.line_of(()), "", "a dataset file must be a mapping of collections (people:, meetings:, ...)"))
        return
    allowed = set(DatasetFile.model_fields)
    for key, value in data.items():
        origin = Origin(yf, (key,))
        if key not in allowed:
            problems.append(origin.problem((), f"unknown collection; expected one of: {', '.join(sorted(allowed))}"))
        elif key == "manifest":
            try:
                manifests.append((_MANIFEST.validate_python(value), origin))
                _keep(blobs, manifests[-1][0], value)
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, origin))
        elif key == "draft":
            continue
        elif not isinstance(value, list):
            problems.append(origin.problem((), "must be a list of records (each starting with '- ')"))
        else:
            for index, item in enumerate(value):
                item_origin = Origin(yf, (key, index))
                try:
                    record = _ADAPTERS[key].validate_python(item)
                except ValidationError as exc:
                    problems.extend(_pydantic_problems(exc, item_origin))
                    continue
                records[key].append((record, item_origin))
                _keep(blobs, record, item)


def load_dataset(
    root: Path | None = None, *, include_drafts: bool = False, today: dt.date | None = None, cache: bool = True,
    reuse: bool = True, remember: bool = True,
) -> Dataset:
    """Load and check the dataset at `root` (the bundled one when None).

    `cache`: reuse the parsed values of files read before (see parsecache) and remember the
    result of a check that found no error (see snapshot).  `reuse`: when these very files were
    checked before, on the same day by the same briefgen, rebuild the dataset from that result
    instead of checking it again.  `remember`: keep the result of this check for the next run
    (it costs memory: 40 MB more at 10,000 meetings, so `briefgen check` neither reuses nor remembers).

    Raises DatasetError listing every problem when any is an error; warnings
    alone are returned on the dataset.
    """
    # Loading allocates millions of small objects and frees almost none: every full collection
    # of the cyclic garbage collector would walk all of them again.  Measured at 10,000 meetings:
    # 11.1 s with the collector on, 5.8 s with it off.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root, include_drafts=include_drafts, today=today or dt.date.today(),
                     parse_cache=ParseCache.default() if cache else None,
                     store=CheckedStore.default() if cache and (reuse or remember) else None,
                     reuse=reuse, remember=remember)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path | None, *, include_drafts: bool, today: dt.date, parse_cache: ParseCache | None,
          store: CheckedStore | None, reuse: bool, remember: bool) -> Dataset:
    root = Path(root) if root is not None else bundled_dataset_dir()
    if not root.is_dir():
        raise BadInputError(f"dataset folder not found: {root}")
    files = dataset_files(root, include_drafts=include_drafts)  # refuses a folder without a manifest
    names = [str(path.relative_to(root)) for path in files]
    reads: list[RawFile | None] = [None] * len(files)
    key = None
    if store is not None:  # the key is made from the very bytes that are then checked
        fresh = [read_raw(path) for path in files]
        reads = list(fresh)
        key = dataset_key(root, [(n, r.size, r.raw) for n, r in zip(names, fresh)], include_drafts, today.isoformat())
        checked = store.get(today.isoformat(), key) if reuse else None
        if checked is not None and (dataset := _rebuild(root, checked)) is not None:
            return dataset
    blobs = _Blobs() if store is not None and remember else None
    dataset = _check(root, files, names, reads, today, parse_cache, blobs)
    if store is not None and key is not None and blobs is not None and blobs.complete:  # remember
        store.put(today.isoformat(), key, _remember(dataset, blobs))
    return dataset


def _check(root: Path, files: list[Path], names: list[str], reads: list[RawFile | None], today: dt.date,
           parse_cache: ParseCache | None, blobs: _Blobs | None) -> Dataset:
    """Read, validate and cross-check every file: the full check."""
    problems: list[Problem] = []
    records: dict[str, list[tuple[Any, Origin]]] = defaultdict(list)
    manifests: list[tuple[Manifest, Origin]] = []
    for i, (path, name) in enumerate(zip(files, names)):
        read, reads[i] = reads[i], None  # each file's bytes are let go once parsed (400 MB at XL)
        yf, file_problems = read_yaml(path, name, parse_cache, pre_read=read)
        problems.extend(file_problems)
        if yf is not None:
            _validate_file(yf, records, manifests, problems, blobs)
            yf.data = None  # validated: the records hold what is needed, the Origins keep only lines
    if not manifests and not any(p.path.startswith("manifest") for p in problems):
        problems.append(Problem(str(root), 0, "manifest", NO_MANIFEST))
    for _, origin in manifests[1:]:
        first = manifests[0][1]
        problems.append(origin.problem((), f"a second `manifest:` (the first is in {first.file.name}); "
                                           "a dataset needs exactly one"))
    collections: dict[str, Any] = {}
    origins: dict[tuple[str, str], Origin] = {}
    if manifests:
        manifest = manifests[0][0]
        collections, origins, found = cross_check(manifest, records, today, _seeds_dir(root, manifest))
        problems.extend(found)
    if any(p.severity == "error" for p in problems):
        raise DatasetError(problems)
    return Dataset(root=root, manifest=manifest, warnings=sorted(problems), origins=origins, **collections)


def _seeds_dir(root: Path, manifest: Manifest) -> Path:
    return (root / manifest.seeds_dir).resolve()


def _seed_file_names(sources: Iterable[Source]) -> list[str]:
    return sorted({source.file for source in sources if source.file})


def _remember(dataset: Dataset, blobs: _Blobs) -> Checked:
    """What the check of `dataset` found, as plain values for the snapshot store."""
    return Checked(
        manifest=blobs[id(dataset.manifest)],
        collections={name: {rid: blobs[id(record)] for rid, record in dataset.collection(name).items()}
                     for name in MODELS},
        warnings=[(p.file, p.line, p.path, p.message, p.severity) for p in dataset.warnings],
        indexes={prop: {k: [r.id for r in found] for k, found in getattr(dataset, prop).items()} for prop in INDEXES},
        countries=sorted(dataset.countries),
        seed_files=seed_files_state(_seeds_dir(dataset.root, dataset.manifest),
                                    _seed_file_names(dataset.sources.values())),
    )


def _rebuild(root: Path, checked: Checked) -> Dataset | None:
    """The dataset a remembered check found, its records validated when first used; None when the
    seed files the check looked for are no longer as they were (a full check is then needed)."""
    manifest = _MANIFEST.validate_python(marshal.loads(checked.manifest))
    if seed_files_state(_seeds_dir(root, manifest), [n for n, _ in checked.seed_files[1:]]) != checked.seed_files:
        return None
    collections: dict[str, Any] = {name: LazyRecords(_ADAPTERS[name].validate_python, checked.collections[name]) for name in MODELS}
    dataset = Dataset(root=root, manifest=manifest, warnings=checked.problems(), reused=True, **collections)
    for prop, ids in checked.indexes.items():  # what each cached_property would compute, from the ids
        dataset.__dict__[prop] = LazyIndex(collections[INDEXES[prop]], ids)
    dataset.__dict__["countries"] = frozenset(checked.countries)
    return dataset
