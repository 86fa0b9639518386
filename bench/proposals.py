"""Prototypes of the fixes proposed in docs/benchmarks.md, applied as monkeypatches.

Nothing here changes src/: `apply()` swaps functions at run time so that
`bench/run.py --proposals` can measure what each proposed change would gain,
before anyone edits the package.  Each patch keeps briefgen's behaviour
(messages, line numbers, refusals); where the fast path meets anything
unusual it falls back to the original code.

    python -c "import sys; sys.path.insert(0, 'bench'); import proposals; proposals.apply(); ..."
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

APPLIED: list[str] = []


# --- 1. yamlfile.read_yaml: libyaml (C) instead of the pure-Python scanner/parser/composer -----


def _fast_read_yaml_factory():
    import inspect

    from briefgen import yamlfile

    slow = yamlfile.read_yaml
    try:
        from yaml.cyaml import CParser
    except ImportError:  # PyYAML built without libyaml: nothing to gain
        return slow
    Base = yamlfile._NoAliasLoader  # its resolvers and construct_object stay in force
    walk = yamlfile._walk
    walk_wants_warnings = len(inspect.signature(walk).parameters) >= 6

    class FastLoader(CParser, Base):  # libyaml scanner/parser/composer, briefgen's constructor+resolver
        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    max_depth = yamlfile.MAX_DEPTH
    max_nodes = getattr(yamlfile, "MAX_NODES", None) or float("inf")

    def plain_and_shallow(text: str) -> bool:
        """One pass over libyaml's events (iterative, so safe at any depth): no anchor, no alias,
        not nested deeper than MAX_DEPTH, at most MAX_NODES values.  libyaml's composer is
        recursive C and kills the process (SIGSEGV) on a document nested ~50,000 deep, so it
        must never see one; anything refused goes to the original path for its exact message."""
        depth = nodes = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, starts):
                depth += 1
                nodes += 1
                if depth > max_depth or event.anchor is not None or nodes > max_nodes:
                    return False
            elif isinstance(event, ends):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if event.anchor is not None or nodes > max_nodes:
                    return False
            elif isinstance(event, yaml.AliasEvent):
                return False
        return True

    def read_yaml(path: Path, display_name: str):
        try:
            if path.stat().st_size > yamlfile.MAX_FILE_BYTES:
                return slow(path, display_name)
            text = path.read_bytes().decode("utf-8")
            if not plain_and_shallow(text):
                return slow(path, display_name)
            loader = FastLoader(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    return slow(path, display_name)
                lines: dict = {}
                warnings: list = []
                if walk_wants_warnings:
                    walk(node, (), lines, 0, warnings, display_name)  # same line map, same refusals
                else:
                    walk(node, (), lines, 0)
                data = loader.construct_document(node)
            finally:
                loader.dispose()
            return yamlfile.YamlFile(display_name, data, lines), warnings
        except Exception:  # noqa: BLE001 - anything unusual: the original path gives the exact message
            return slow(path, display_name)

    return read_yaml


def patch_yaml() -> None:
    from briefgen import dataset, yamlfile

    fast = _fast_read_yaml_factory()
    yamlfile.read_yaml = fast
    dataset.read_yaml = fast
    APPLIED.append("yaml")


# --- 2. dataset._validate_file: one TypeAdapter call per collection, not per record -----------


def patch_validate() -> None:
    from pydantic import TypeAdapter, ValidationError

    from briefgen import dataset
    from briefgen.models import DatasetFile
    from briefgen.yamlfile import Origin

    list_adapters = {name: TypeAdapter(list[model]) for name, model in dataset.MODELS.items()}
    original = dataset._validate_file

    def _validate_file(yf, records, manifests, problems):
        data = yf.data
        if not isinstance(data, dict) or not set(data) <= set(DatasetFile.model_fields):
            return original(yf, records, manifests, problems)
        rest = {}
        for key, value in data.items():
            if key in list_adapters and isinstance(value, list):
                try:
                    validated = list_adapters[key].validate_python(value)
                except ValidationError:
                    rest[key] = value  # per record, for the exact messages
                    continue
                records[key].extend((rec, Origin(yf, (key, i))) for i, rec in enumerate(validated))
            else:
                rest[key] = value
        if rest:
            original(type(yf)(yf.name, rest, yf.lines), records, manifests, problems)

    dataset._validate_file = _validate_file
    APPLIED.append("validate")


# --- 3. dataset.load_dataset: no cyclic GC while loading; freeze what was loaded -------------


def patch_gc() -> None:
    import functools
    import gc

    from briefgen import dataset

    original = dataset.load_dataset

    @functools.wraps(original)
    def load_dataset(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()  # loading allocates millions of acyclic objects: each full collection re-traverses them all
        try:
            result = original(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
        gc.freeze()  # the dataset lives until exit: keep later collections (rendering) from traversing it
        return result

    dataset.load_dataset = load_dataset
    for module_name in ("briefgen.cli.app", "briefgen.visit"):  # modules that imported the name
        module = sys.modules.get(module_name)
        if module is not None and getattr(module, "load_dataset", None) is original:
            module.load_dataset = load_dataset
    APPLIED.append("gc")


# --- 4. dataset._validate_file: let go of the parsed YAML once its records are validated --------


def patch_lean() -> None:
    """Origins keep every YamlFile alive (for line numbers) and with it `data`, the whole parsed
    file, which nothing reads after validation: drop it."""
    from briefgen import dataset

    original = dataset._validate_file

    def _validate_file(yf, records, manifests, problems):
        try:
            return original(yf, records, manifests, problems)
        finally:
            yf.data = None

    dataset._validate_file = _validate_file
    APPLIED.append("lean")


# --- 5. yamlfile.read_yaml: a per-file parse cache, keyed by the file's content ----------------


def patch_cache() -> None:
    """Keep read_yaml's result for each file content (BLAKE2 of the bytes) in a user-private cache
    folder, written with `marshal` (plain values only: loading it cannot run code).  An edited
    file misses the cache and is parsed again; the others load in a fraction of the time."""
    import hashlib
    import marshal

    from briefgen import dataset, errors, yamlfile

    inner = dataset.read_yaml  # the fast path when "yaml" was applied first
    folder = Path(os.environ.get("BRIEFGEN_BENCH_CACHE") or Path.home() / ".cache" / "briefgen-bench-yaml")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    salt = repr((yamlfile.MAX_FILE_BYTES, yamlfile.MAX_DEPTH, getattr(yamlfile, "MAX_NODES", None),
                 Path(yamlfile.__file__).stat().st_mtime_ns)).encode()

    def read_yaml(path: Path, display_name: str):
        try:
            raw = path.read_bytes() if path.stat().st_size <= yamlfile.MAX_FILE_BYTES else None
        except OSError:
            raw = None
        if raw is None:
            return inner(path, display_name)
        entry = folder / (hashlib.blake2b(raw + salt, digest_size=20).hexdigest() + ".marshal")
        try:
            data, lines, warnings = marshal.loads(entry.read_bytes())
            yf = yamlfile.YamlFile(display_name, data, lines)
            if not lines and "lines" in APPLIED:  # the line map is rebuilt from the file when needed
                yf = _lazy_file_class()(display_name, data, {})
                yf._source, yf._digest = path, hashlib.blake2b(raw, digest_size=20).digest()
            return yf, [errors.Problem(display_name, *w) for w in warnings]
        except (OSError, EOFError, ValueError, TypeError):
            pass
        yf, problems = inner(path, display_name)
        if yf is not None:
            try:
                payload = marshal.dumps((yf.data, yf.lines, [(p.line, p.path, p.message, p.severity)
                                                            for p in problems]))
                tmp = entry.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(payload)
                os.replace(tmp, entry)
            except (ValueError, OSError):  # a value marshal cannot hold (a date): no cache for this file
                pass
        return yf, problems

    yamlfile.read_yaml = read_yaml
    dataset.read_yaml = read_yaml
    APPLIED.append("cache")


# --- 6. yamlfile.YamlFile: line maps on demand ------------------------------------------------


def _lazy_file_class():
    import hashlib

    from briefgen import yamlfile

    class LazyLinesFile(yamlfile.YamlFile):
        """A YamlFile without its line map until a message needs a line: then the file is read
        again (and checked to be the same bytes) and the map rebuilt.  The map is ~40 % of a
        loaded dataset's memory, and a dataset without problems never needs it."""

        def line_of(self, path):
            source = getattr(self, "_source", None)
            if not self.lines and source is not None:
                self._source = None
                try:
                    raw = source.read_bytes()
                    if hashlib.blake2b(raw, digest_size=20).digest() == self._digest:
                        yf, _ = _ORIGINAL_READ_YAML(source, self.name)
                        if yf is not None:
                            self.lines = yf.lines
                except OSError:
                    pass
            return super().line_of(path)

    return LazyLinesFile


_ORIGINAL_READ_YAML = None


def patch_lines() -> None:
    import hashlib

    global _ORIGINAL_READ_YAML
    from briefgen import dataset, yamlfile

    if _ORIGINAL_READ_YAML is None:
        _ORIGINAL_READ_YAML = yamlfile.read_yaml if "yaml" not in APPLIED else _fast_read_yaml_factory()
    inner = dataset.read_yaml
    Lazy = _lazy_file_class()

    def read_yaml(path: Path, display_name: str):
        yf, problems = inner(path, display_name)
        if yf is None:
            return yf, problems
        lazy = Lazy(yf.name, yf.data, {})
        lazy._source = path
        try:
            lazy._digest = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
        except OSError:
            return yf, problems
        return lazy, problems

    yamlfile.read_yaml = read_yaml
    dataset.read_yaml = read_yaml
    APPLIED.append("lines")


# --- 7. briefing + matrix: a briefing's work in proportion to its counterpart's records ---------


def patch_views() -> None:
    """(a) briefing._Builder.build: `v in open_views` compares dataclasses field by field, for
    every field x commitment x open commitment; here CommitmentView equality becomes identity,
    which is what that test means (the fix in src: a set of ids).  (b) relevant_commitments
    through the commitments_by_origin index and a by_org index instead of a scan of every
    commitment.  (c) build_matrix given only the meetings, agreements and commitments that can
    reach the scope's organisations (via an org -> activities index), instead of all of them;
    it applies its own test to each, so the result is the same."""
    import dataclasses
    from collections import defaultdict

    from briefgen import briefing, matrix, visit, viewmodel

    viewmodel.CommitmentView.__eq__ = lambda a, b: a is b

    def index_of(ds):  # kept on the dataset, as its cached_property indexes are
        found = ds.__dict__.get("_bench_org_index")
        if found is None:
            by_org_meetings, by_org_commitments = defaultdict(list), defaultdict(list)
            for meeting in ds.meetings.values():
                reach = set(meeting.orgs) | {p.post.org for p in meeting.participants if p.post and p.post.org}
                for org in reach:
                    by_org_meetings[org].append(meeting.id)
            for commitment in ds.commitments.values():
                if commitment.by_org:
                    by_org_commitments[commitment.by_org].append(commitment)
            found = ds.__dict__["_bench_org_index"] = (by_org_meetings, by_org_commitments)
        return found

    def relevant_commitments(self, meeting_ids, agreement_ids, orgs):
        by_origin = self.ds.commitments_by_origin
        _, by_org = index_of(self.ds)
        candidates = {}
        for origin in list(meeting_ids) + list(agreement_ids):
            for c in by_origin.get(origin, ()):
                candidates[c.id] = c
        for org in orgs:
            for c in by_org.get(org, ()):
                candidates[c.id] = c
        chosen = [c for c in candidates.values() if self.ds.commitment_made_on(c).earliest() <= self.visit]
        return sorted(chosen, key=lambda c: (self.ds.commitment_made_on(c).earliest(), c.id))

    briefing._Builder.relevant_commitments = relevant_commitments
    original_matrix = matrix.build_matrix

    def build_matrix(dataset, *, org_ids=None, **kwargs):
        if not org_ids:
            return original_matrix(dataset, org_ids=org_ids, **kwargs)
        scope = set(org_ids)
        inside = {o for o in dataset.organizations if set(briefing.org_and_ancestors(dataset, o)) & scope}
        by_org_meetings, by_org_commitments = index_of(dataset)
        meeting_ids = {m for o in inside for m in by_org_meetings.get(o, ())}
        agreement_ids = {a.id for a in dataset.agreements.values()
                         if a.meeting in meeting_ids or set(a.parties) & inside}
        commitments = {c.id for o in list(meeting_ids) + list(agreement_ids)
                       for c in dataset.commitments_by_origin.get(o, ())}
        commitments |= {c.id for o in inside for c in by_org_commitments.get(o, ())}
        # what the kept records refer to must be there too (the matrix's own test still decides)
        for cid in commitments:
            made = dataset.commitments[cid].made_at
            (meeting_ids.add(made.meeting) if made.meeting else agreement_ids.add(made.agreement))
        meeting_ids |= {dataset.agreements[a].meeting for a in agreement_ids if dataset.agreements[a].meeting}
        subset = dataclasses.replace(
            dataset,
            meetings={k: v for k, v in dataset.meetings.items() if k in meeting_ids},
            agreements={k: v for k, v in dataset.agreements.items() if k in agreement_ids},
            commitments={k: v for k, v in dataset.commitments.items() if k in commitments})
        return original_matrix(subset, org_ids=org_ids, **kwargs)

    matrix.build_matrix = build_matrix
    visit.build_matrix = build_matrix
    APPLIED.append("views")


# --- 8. visit.run_batch: workers use the dataset the parent already loaded ---------------------


def patch_batch() -> None:
    """Each pool worker loads the whole dataset again (initializer): with `fork` the workers
    can simply inherit the parent's (copy-on-write; `gc.freeze()` keeps the collector from
    touching it), so a batch loads once instead of 1 + workers times."""
    import multiprocessing

    from briefgen import visit

    original_init, original_batch = visit._init_worker, visit.run_batch

    def _init_worker(data_dir):
        if visit._worker_dataset is None:
            original_init(data_dir)

    def run_batch(dataset, data_dir, queries, options, **kwargs):
        if multiprocessing.get_start_method(allow_none=False) == "fork":
            visit._worker_dataset = dataset
        return original_batch(dataset, data_dir, queries, options, **kwargs)

    visit._init_worker = _init_worker
    visit.run_batch = run_batch
    cli_visit = sys.modules.get("briefgen.cli.visit")
    if cli_visit is not None:
        cli_visit.run_batch = run_batch
    APPLIED.append("batch")


PATCHES = {"yaml": patch_yaml, "gc": patch_gc, "validate": patch_validate, "lean": patch_lean,
           "cache": patch_cache, "lines": patch_lines, "views": patch_views, "batch": patch_batch}


def apply(names: str | None = None) -> list[str]:
    """Apply the named patches (comma-separated; default: $BRIEFGEN_BENCH_PATCHES or all)."""
    names = names or os.environ.get("BRIEFGEN_BENCH_PATCHES") or ",".join(PATCHES)
    for name in [n.strip() for n in names.split(",") if n.strip()]:
        PATCHES[name]()
    return APPLIED
