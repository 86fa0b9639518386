"""Cross-record checks: what no single record can know about itself.

Each check turns a curator's likely slip into a message at the line that
holds it: a duplicate or unknown id, a meeting reported by a source published
before it happened, a status update older than the commitment, an alias that
would send a briefing to the wrong person, a date in the future.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
import unicodedata
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from itertools import pairwise
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from briefgen.errors import Problem
from briefgen.localtext import LANG_PATTERN, LocalText
from briefgen.messages import did_you_mean, is_language_code, language_suggestion
from briefgen.models import Agreement, AgreementKind, Manifest, Meeting, OrgKind, Person
from briefgen.partialdate import PartialDate
from briefgen.yamlfile import Origin, format_path

# An update's `note:` was once printed beside its status; it is now the curators' alone, like every `note:`.
UPDATE_NOTE_ONLY = (
    "an update's `note:` is a curator's note and never reaches a reader; "
    "if the brief should say it, write it as `text:` instead"
)

# By collection: each record as validated, with where it was written (for the problems' file:line).
RecordsWithOrigins = dict[str, list[tuple[Any, Origin]]]

# The large collections: each record is checked on its own against the others (what it refers to), so what
# its check found can be kept with what it looked up (`Share`), and reused until one of those records changes.
BY_RECORD = ("sources", "meetings", "commitments")
# What one record's check found (problems as Problem fields) and what it looked up: the ids it read or asked
# about, and "\0" + a collection's name when it listed that collection's ids (a "did you mean" among them).
Share = tuple[list[tuple[str, int, str, str, str, str]], tuple[str, ...]]
# What the checks of the collections not in BY_RECORD found together: problems, the ids looked up (sorted), and how
# many of the problems depend on the day.
WholeShare = tuple[list[tuple[str, int, str, str, str, str]], list[str], int]


def _fields(problem: Problem) -> tuple[str, int, str, str, str, str]:
    return problem.file, problem.line, problem.path, problem.message, problem.severity, problem.suggestion


class _Table(dict):
    """A collection's records by id, noting each id that is looked up while the checker is `looking` (a list).

    With `lazy`, the values are not held: a lookup asks `lazy` for the record (a cached dataset's records,
    validated when first read); the table's keys are still every id."""

    def __init__(self, name: str, checker: _Checker, records: Any = (), lazy: Any = None):
        super().__init__(records)
        self.name, self.checker, self.lazy = name, checker, lazy

    def __contains__(self, key: object) -> bool:
        if self.checker.looking is not None:
            self.checker.looking.append(key)
        return dict.__contains__(self, key)

    def __getitem__(self, key: str) -> Any:
        if self.checker.looking is not None:
            self.checker.looking.append(key)
        return self.lazy[key] if self.lazy is not None else dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        if self.checker.looking is not None:
            self.checker.looking.append(key)
        if not dict.__contains__(self, key):
            return default
        return self.lazy[key] if self.lazy is not None else dict.__getitem__(self, key)

    def __iter__(self):
        if self.checker.looking is not None:
            self.checker.looking.append("\0" + self.name)
        return dict.__iter__(self)

    def values(self):
        if self.lazy is not None:
            raise TypeError("a lazy table is looked up, not walked")
        return dict.values(self)


def name_key(text: str) -> str:
    """Exact-but-caseless comparison key (keeps diacritics: Đoàn is not Doãn)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


SAME_TITLE = 88  # rapidfuzz token_sort_ratio (0–100) from which two titles, years removed, name one subject


def _same_subject(earlier: Agreement, later: Agreement) -> bool:
    """Two agreements are about the same thing when their fields meet, or, where either gives no fields,
    when their titles are near the same once years are removed ("MoC on ICT 2017–2020" and "… 2021–2023",
    not an ICT memorandum and a postal one)."""
    if earlier.fields and later.fields:
        return bool(set(earlier.fields) & set(later.fields))

    def title(agreement: Agreement) -> str:
        return " ".join(ch if ch.isalpha() else " " for ch in str(agreement.title).casefold())

    return fuzz.token_sort_ratio(title(earlier), title(later)) >= SAME_TITLE


class _Checker:
    def __init__(
        self,
        manifest: Manifest,
        records: RecordsWithOrigins,
        today: dt.date,
        seeds_dir: Path,
        broken: dict[str, set[str]] | None = None,
        manifest_origin: Origin | None = None,
    ):
        self.manifest = manifest
        self.records = records
        self.today = today
        self.seeds_dir = seeds_dir
        self.broken = broken or {}
        self.manifest_origin = manifest_origin
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, Any]] = {}
        self.origins: dict[tuple[str, str], Origin] = {}
        self.looking: list | None = None  # while one record of BY_RECORD is checked: what it looks up
        self.shares: dict[tuple[str, str], Share] = {}  # (collection, id) → what that record's check found
        self.futures = 0  # problems that depend on the day ("in the future")
        self.good_codes: set[str] = set()  # the codes found to be language codes (a set lookup per text, not babel's)
        self.wanted = [lang for lang in manifest.languages if is_language_code(lang)]
        # What the language walk found in the records of the collections not in BY_RECORD, by file name (as
        # Problem fields), so that a check after an edit walks only the changed files' (`languages_again`): the
        # walk reads each record alone, and a change of the manifest, whose languages it asks for, checks all.
        self.language_findings: dict[str, list[tuple[str, int, str, str, str, str]]] = {}
        self.languages_again: Container[str] | None = None
        # What the checks of the whole collections found, as one record's check is kept (`Share`), with the problems
        # among them that depend on the day: a check after an edit that changed none of their records and none of
        # the ids they looked up keeps it instead of validating and checking 33,000 records again (at size XL).
        self.whole: WholeShare | None = None

    def error(self, origin: Origin, sub: tuple, message: str, severity: str = "error", suggestion: str = "") -> None:
        self.problems.append(origin.problem(sub, message, severity, suggestion))

    # -- ids ---------------------------------------------------------------------------

    def index(self) -> None:
        for collection in ("sources", "fields", "organizations", "people", "meetings", "agreements", "commitments"):
            table = _Table(collection, self)
            for record, origin in self.records.get(collection, []):
                if dict.__contains__(table, record.id):
                    first = self.origins[(collection, record.id)]
                    self.error(
                        origin,
                        ("id",),
                        f"duplicate id {record.id!r} (first at {first.file.name}:{first.file.line_of(first.path)})",
                    )
                    continue
                table[record.id] = record
                self.origins[(collection, record.id)] = origin
            self.ids[collection] = table

    def ref(self, origin: Origin, sub: tuple, collection: str, value: str | None) -> None:
        """An id must name a record of `collection`; one that names a record already reported as unreadable
        (invalid, or in a file that could not be read) is not reported again: its cause is."""
        if value is None or value in self.ids[collection]:
            return
        if value in self.broken.get(collection, ()) or value in self.broken.get("", ()):
            return
        what = collection[:-1] if collection != "people" else "person"
        self.error(
            origin, sub, f"unknown {what} id {value!r}", suggestion=did_you_mean(value, list(self.ids[collection]))
        )

    def refs(self, origin: Origin, sub: tuple, collection: str, values: Iterable[str]) -> None:
        for i, value in enumerate(values):
            self.ref(origin, sub + (i,), collection, value)

    def side(self, origin: Origin, sub: tuple, country: str) -> None:
        sides = {self.manifest.home, *self.manifest.partners}
        if country not in sides:
            self.error(
                origin,
                sub,
                f"side {country!r} is neither home ({self.manifest.home}) nor a partner "
                f"({', '.join(self.manifest.partners)})",
            )

    def not_future(self, origin: Origin, sub: tuple, date: PartialDate | None) -> None:
        if date is not None and date.earliest() > self.today:
            self.futures += 1
            self.error(origin, sub, f"{date} is in the future (today is {self.today})")

    def inferred_within(self, origin: Origin, date: PartialDate, inferred) -> None:
        if inferred is None:
            return
        known = {"year"} | ({"month"} if date.month else set()) | ({"day"} if date.day else set())
        for i, part in enumerate(inferred.parts):
            if part not in known:
                self.error(origin, ("inferred", "parts", i), f"{part} is inferred but the date {date} has no {part}")

    def reported_after(self, origin: Origin, sub: tuple, date: PartialDate, source_ids: list[str]) -> None:
        for source_id in source_ids:
            source = self.ids["sources"].get(source_id)
            if source and source.published and date.earliest() > source.published.latest():
                self.error(origin, sub, f"{date} is after source {source_id!r} was published ({source.published})")

    # -- per collection ---------------------------------------------------------------

    def check_source(self, source: Any) -> None:
        origin = self.origins[("sources", source.id)]
        self.not_future(origin, ("published",), source.published)
        outside = seed_file_outside(self.seeds_dir, source.file) if source.file else None
        if outside:  # refused before anything is looked up there: nothing outside the seeds folder is probed
            self.error(origin, ("file",), outside)
        elif source.file and self.seeds_dir.is_dir() and not (self.seeds_dir / source.file).is_file():
            self.error(origin, ("file",), f"no file {source.file!r} in the seeds folder {self.seeds_dir}")

    def check_aliases(self, origin: Origin, aliases) -> None:
        for i, alias in enumerate(aliases):
            self.refs(origin, ("aliases", i, "sources"), "sources", alias.sources)

    def check_organizations(self) -> None:
        for org in self.ids["organizations"].values():
            origin = self.origins[("organizations", org.id)]
            self.ref(origin, ("parent",), "organizations", org.parent)
            for i, succession in enumerate(org.succeeded_by):
                self.ref(origin, ("succeeded_by", i, "org"), "organizations", succession.org)
                self.refs(origin, ("succeeded_by", i, "sources"), "sources", succession.sources)
                self.not_future(origin, ("succeeded_by", i, "on"), succession.on)
            self.check_aliases(origin, org.aliases)

    def check_people(self) -> None:
        owners: dict[str, list[tuple[str, tuple, str]]] = defaultdict(list)
        for person in self.ids["people"].values():
            origin = self.origins[("people", person.id)]
            self.check_aliases(origin, person.aliases)
            for i, event in enumerate(person.events):
                self.refs(origin, ("events", i, "sources"), "sources", event.sources)
                self.not_future(origin, ("events", i, "date"), event.date)
            for i, post in enumerate(person.posts):
                self.ref(origin, ("posts", i, "org"), "organizations", post.org)
                self.refs(origin, ("posts", i, "sources"), "sources", post.sources)
                self.not_future(origin, ("posts", i, "start"), post.start)
            full = person.name.full(capitals=False)
            owners[name_key(full)].append((person.id, ("name",), full))
            for i, alias in enumerate(person.aliases):
                owners[name_key(alias.text)].append((person.id, ("aliases", i, "text"), alias.text))
        for holders in owners.values():
            people = sorted({pid for pid, _, _ in holders})
            if len(people) < 2:
                continue
            primaries = [pid for pid, sub, _ in holders if sub == ("name",)]
            for pid, sub, text in holders:
                origin = self.origins[("people", pid)]
                others = ", ".join(p for p in people if p != pid)
                if sub != ("name",):
                    self.error(
                        origin,
                        sub,
                        f"alias {text!r} is also a name or alias of {others}: a briefing could go to the wrong person",
                    )
                elif len(primaries) > 1 and not self.ids["people"][pid].disambiguation:
                    self.error(
                        origin,
                        ("disambiguation",),
                        f"shares the name {text!r} with {others}: say what tells them apart",
                    )

    def check_meeting(self, meeting: Meeting) -> None:
        origin = self.origins[("meetings", meeting.id)]
        self.not_future(origin, ("date",), meeting.date)
        self.not_future(origin, ("until",), meeting.until)
        self.inferred_within(origin, meeting.date, meeting.inferred)
        self.reported_after(origin, ("date",), meeting.date, meeting.sources)
        self.refs(origin, ("orgs",), "organizations", meeting.orgs)
        self.refs(origin, ("fields",), "fields", meeting.fields)
        self.refs(origin, ("sources",), "sources", meeting.sources)
        for i, participant in enumerate(meeting.participants):
            self.ref(origin, ("participants", i, "person"), "people", participant.person)
            self.side(origin, ("participants", i, "side"), participant.side)
            if participant.post:
                self.ref(origin, ("participants", i, "post", "org"), "organizations", participant.post.org)
            person = self.ids["people"].get(participant.person)
            if person and participant.post and participant.post.org:
                self.meeting_within_posts(origin, ("participants", i, "post"), meeting, person, participant.post.org)

    def meeting_within_posts(self, origin: Origin, sub: tuple, meeting: Meeting, person: Person, org: str) -> None:
        """When the person's posts in that organization have known bounds, the meeting must fall in one."""
        posts = [p for p in person.posts if p.org == org]
        if not posts or any(p.start is None and p.end is None for p in posts):
            return
        day_lo, day_hi = meeting.date.earliest(), meeting.date.latest()
        for post in posts:
            starts_ok = post.start is None or post.start.earliest() <= day_hi
            ends_ok = post.end is None or post.end.latest() >= day_lo
            if starts_ok and ends_ok:
                return
        spans = "; ".join(f"{p.start or '?'} to {p.end or 'open'}" for p in posts)
        self.error(origin, sub, f"{person.id} held no post at {org} on {meeting.date} (known: {spans})")

    def check_agreements(self) -> None:
        for agreement in self.ids["agreements"].values():
            origin = self.origins[("agreements", agreement.id)]
            self.not_future(origin, ("signed",), agreement.signed)
            self.inferred_within(origin, agreement.signed, agreement.inferred)
            self.reported_after(origin, ("signed",), agreement.signed, agreement.sources)
            self.refs(origin, ("parties",), "organizations", agreement.parties)
            self.refs(origin, ("fields",), "fields", agreement.fields)
            self.refs(origin, ("sources",), "sources", agreement.sources)
            self.ref(origin, ("meeting",), "meetings", agreement.meeting)
            for i, signatory in enumerate(agreement.signatories):
                self.ref(origin, ("signatories", i, "person"), "people", signatory.person)
                self.side(origin, ("signatories", i, "side"), signatory.side)
            meeting = self.ids["meetings"].get(agreement.meeting or "")
            if meeting and not (
                meeting.date.earliest() <= agreement.signed.latest()
                and agreement.signed.earliest() <= (meeting.until or meeting.date).latest()
            ):
                self.error(
                    origin,
                    ("signed",),
                    f"signed {agreement.signed} but its meeting {meeting.id!r} is dated {meeting.date}",
                    "warning",
                )
            self.check_lineage(agreement, origin)
            self.party_kinds(agreement, origin)
        self.unrecorded_renewals()

    def party_kinds(self, agreement: Agreement, origin: Origin) -> None:
        """A contract may bind companies or governments: the brief counts companies' contracts apart, so
        where a party's `kind` is not given (and none is a company) it cannot place the contract, and says
        so rather than guess (judgments.agreement_class)."""
        if agreement.kind is not AgreementKind.CONTRACT:
            return
        orgs = [self.ids["organizations"].get(p) for p in agreement.parties]
        kinds = [o.kind for o in orgs if o is not None]
        unknown = [o.id for o in orgs if o is not None and o.kind is None]
        if unknown and OrgKind.COMPANY not in kinds:
            self.error(
                origin,
                ("parties",),
                f"a contract, but the kind of {', '.join(repr(u) for u in unknown)} is not given: say `kind:` "
                "(government, company, international, other) on the organisation, or briefs cannot count it as "
                "a government instrument or a company contract",
                "warning",
            )

    def check_lineage(self, agreement, origin: Origin) -> None:
        """`renews`/`supersedes` names an existing, earlier agreement, and the chain never loops."""
        key = "renews" if agreement.renews else "supersedes"
        earlier = self.ids["agreements"].get(agreement.predecessor or "")
        self.ref(origin, (key,), "agreements", agreement.predecessor)
        if earlier is None:
            return
        if earlier.signed.earliest() > agreement.signed.latest():
            self.error(
                origin, (key,), f"{earlier.id!r} was signed ({earlier.signed}) after this one ({agreement.signed})"
            )
        seen = {agreement.id}
        while earlier is not None and earlier.id not in seen:
            seen.add(earlier.id)
            earlier = self.ids["agreements"].get(earlier.predecessor or "")
        if earlier is not None:
            self.error(origin, (key,), f"the chain of renewals loops back to {earlier.id!r}")

    def unrecorded_renewals(self) -> None:
        """Warn where a later agreement of the same kind between the same parties follows one that lapsed,
        with nothing saying it renews or supersedes it: a brief would otherwise offer "renewal?"."""
        linked = {a.predecessor for a in self.ids["agreements"].values() if a.predecessor}
        by_parties: dict[tuple, list] = defaultdict(list)
        for agreement in self.ids["agreements"].values():
            by_parties[(agreement.kind, frozenset(agreement.parties))].append(agreement)
        for group in by_parties.values():
            group.sort(key=lambda a: (a.signed.earliest(), a.id))
            for earlier, later in pairwise(group):
                if (
                    earlier.id in linked
                    or later.predecessor
                    or earlier.valid_until is None
                    or later.signed.earliest() <= earlier.signed.latest()
                    or not _same_subject(earlier, later)
                ):
                    continue
                origin = self.origins[("agreements", later.id)]
                self.error(
                    origin,
                    ("renews",),
                    f"looks like a renewal of {earlier.id!r} (same kind, parties and subject, "
                    f"signed after it, which ran to {earlier.valid_until}): if so, say `renews: {earlier.id}`",
                    "warning",
                )

    def check_commitment(self, commitment: Any) -> None:
        origin = self.origins[("commitments", commitment.id)]
        self.ref(origin, ("field",), "fields", commitment.field)
        self.ref(origin, ("by_org",), "organizations", commitment.by_org)
        self.refs(origin, ("sources",), "sources", commitment.sources)
        for i, side in enumerate(commitment.owed_by):
            self.side(origin, ("owed_by", i), side)
        made = None
        if commitment.made_at.meeting:
            self.ref(origin, ("made_at", "meeting"), "meetings", commitment.made_at.meeting)
            made = getattr(self.ids["meetings"].get(commitment.made_at.meeting), "date", None)
        else:
            self.ref(origin, ("made_at", "agreement"), "agreements", commitment.made_at.agreement)
            made = getattr(self.ids["agreements"].get(commitment.made_at.agreement), "signed", None)
        previous = None
        for i, update in enumerate(commitment.updates):
            sub = ("updates", i, "date")
            self.refs(origin, ("updates", i, "sources"), "sources", update.sources)
            self.not_future(origin, sub, update.date)
            if made and update.date.latest() < made.earliest():
                self.error(origin, sub, f"status update dated {update.date}, before the commitment was made ({made})")
            if previous and update.date.latest() < previous.earliest():
                self.error(origin, sub, f"updates must be oldest first: {update.date} is listed after {previous}")
            previous = update.date
            if update.note is not None and update.text is None:
                self.error(origin, ("updates", i, "note"), UPDATE_NOTE_ONLY, "warning")

    def languages(self, collections: Iterable[str]) -> None:
        """Every language code written must be one (checked against babel's locale data: `vn` is Viet Nam, the
        country, not Vietnamese), and every reader-facing text should be translated into each language the
        manifest asks for: a brief in that language would otherwise show the original, marked "not translated".
        The manifest's texts (handling marking, scope, author) are printed on every document: checked alike.
        Here: the manifest and every record of `collections` (those of BY_RECORD are checked in check_record)."""
        if self.manifest_origin:
            self.language_of(self.manifest, self.manifest_origin)
        for name in collections:
            for record in self.ids[name].values():
                origin = self.origins[(name, record.id)]
                if self.languages_again is not None and origin.file.name not in self.languages_again:
                    continue  # an unchanged file's: what its walk found is kept (`language_findings`)
                start = len(self.problems)
                self.language_of(record, origin)
                if len(self.problems) > start:
                    self.language_findings.setdefault(origin.file.name, []).extend(
                        _fields(p) for p in self.problems[start:]
                    )

    def language_of(self, record: Any, origin: Origin) -> None:
        """The language codes and translations of one record (see languages).

        A text holding a wrong code is reported once, for the code: the translation it lacks follows from it."""
        draft = origin.file.name.startswith("drafts/")  # read from an article in one language: translated in review
        missing: dict[str, list[str]] = defaultdict(list)
        for sub, codes, text, keyed in _language_uses(record):
            if not self.bad_codes(origin, sub, codes, keyed, self.good_codes) and text and not draft:
                have = codes or (self.manifest.text_language,)
                for lang in self.wanted:
                    if lang not in have:
                        missing[lang].append(format_path(sub))
        for lang, paths in missing.items():
            shown = ", ".join(paths[:6]) + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")
            self.error(origin, (), f"not translated into {lang}: {shown}", "warning")

    def bad_codes(self, origin: Origin, sub: tuple, codes: tuple[str, ...], keyed: bool, good: set[str]) -> bool:
        """Report each of `codes` (written at `sub`: as its keys when `keyed`) that is no language code;
        whether there was one."""
        bad = False
        for code in codes:
            if code in good:
                continue
            if is_language_code(code):
                good.add(code)
                continue
            bad = True
            where = sub + (code,) if keyed else sub
            self.error(origin, where, f"{code!r} is not a language code", suggestion=language_suggestion(code))
        return bad

    def check_record(self, collection: str, record: Any) -> None:
        """Check one record of BY_RECORD against the others, keeping what it found and what it looked up."""
        start, self.looking = len(self.problems), []
        if collection == "sources":
            self.check_source(record)
        elif collection == "meetings":
            self.check_meeting(record)
        else:
            self.check_commitment(record)
        looked, self.looking = self.looking or [], None
        self.language_of(record, self.origins[(collection, record.id)])
        self.shares[(collection, record.id)] = ([_fields(p) for p in self.problems[start:]], tuple(set(looked)))

    def check_whole(self) -> None:
        """The checks that read whole collections (organisations, people, agreements), kept as `whole`, and the
        language walk of their records and of the manifest's texts."""
        start, futures, self.looking = len(self.problems), self.futures, []
        self.check_organizations()
        for org_id, sub, message in organization_cycles(self.ids["organizations"]):
            self.error(self.origins[("organizations", org_id)], sub, message)
        self.check_people()
        self.check_agreements()
        looked, self.looking = self.looking, None
        self.whole = ([_fields(p) for p in self.problems[start:]], sorted(set(looked)), self.futures - futures)
        self.languages(name for name in self.ids if name not in BY_RECORD)

    def keep_whole(self, whole: WholeShare) -> None:
        """Instead of check_whole, after an edit that changed nothing it read: its kept findings, and the language
        walk of the manifest's texts (the whole collections' records are walked file by file: `language_findings`)."""
        self.problems.extend(Problem(*p) for p in whole[0])
        self.futures += whole[2]
        self.whole = whole
        if self.manifest_origin:
            self.language_of(self.manifest, self.manifest_origin)

    def run(self) -> None:
        self.index()
        self.check_whole()
        for collection in BY_RECORD:
            for record in self.ids[collection].values():
                self.check_record(collection, record)


_TRANSLATED_MAPPINGS = {"names", "labels"}  # an organisation's names, a field's labels: language → text
_CURATORS = {"note", "why", "aliases", "reason"}  # curators' texts, not shown to readers (reasons are in notices)


def _is_code(annotation: Any, metadata: Iterable[Any] = ()) -> bool:
    """Whether a field of this type is a language code, or a list of them (`language`, `languages`, `lang`)."""
    if any(getattr(m, "pattern", None) == LANG_PATTERN for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extras = typing.get_args(annotation)
        return _is_code(inner, extras)
    return typing.get_origin(annotation) is list and _is_code(typing.get_args(annotation)[0])


def _keyed_by_code(annotation: Any) -> bool:
    """Whether a field of this type is a mapping keyed by language codes (names, labels, synonyms)."""
    if typing.get_origin(annotation) is dict:
        return _is_code(typing.get_args(annotation)[0])
    return any(_keyed_by_code(arg) for arg in typing.get_args(annotation))


def _may_hold_codes(annotation: Any) -> bool:
    """Whether a field of this type can hold language codes further down (a LocalText, or a model that can)."""
    if annotation is LocalText:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_code_fields(annotation))
    return any(_may_hold_codes(arg) for arg in typing.get_args(annotation))


@functools.cache
def _code_fields(model: type[BaseModel]) -> tuple[tuple[str, bool, bool, bool], ...]:
    """(name, a code, keyed by codes, read by readers) for each field of `model` that can hold a language code,
    read once from its annotations: a large dataset's 80,000 records are walked through these alone (all of
    their fields: 2.5 s at L)."""
    found = []
    for name, info in model.model_fields.items():
        code, keyed = _is_code(info.annotation, info.metadata), _keyed_by_code(info.annotation)
        if code or keyed or _may_hold_codes(info.annotation):
            found.append((name, code, keyed, name not in _CURATORS))
    return tuple(found)


def _language_uses(value: Any, path: tuple = (), code: bool = False, keyed: str = "", reader: bool = True):
    """Where `value` (a record) writes language codes: (path, the codes, a reader-facing text, written as keys).

    A text (a LocalText, an organisation's names, a field's labels) gives its translations' languages, none
    when it is a plain text (in the manifest's text_language); a code (`language`, `lang`) gives itself."""
    if isinstance(value, LocalText):
        yield path, tuple(lang for lang, _ in value.translations), reader, True
    elif isinstance(value, BaseModel):
        for name, is_code, is_keyed, for_readers in _code_fields(type(value)):
            child = getattr(value, name)
            yield from _language_uses(child, path + (name,), is_code, name if is_keyed else "", reader and for_readers)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _language_uses(item, path + (i,), code, keyed, reader)
    elif isinstance(value, str):
        if code:
            yield path, (value,), False, False
    elif isinstance(value, dict) and keyed:
        yield path, tuple(value), reader and keyed in _TRANSLATED_MAPPINGS, True


def seed_file_outside(seeds_dir: Path, name: str) -> str | None:
    """Why the source file `name` is not a file inside `seeds_dir` (None when it is, or may be).

    Absolute names, `..` and symbolic links leading out are refused by their text first and then by
    where links lead, so `check` never reports whether /etc/shadow exists.
    """
    if "\0" in name:
        return "a file name cannot hold a NUL character"
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(name).drive or PureWindowsPath(name).is_absolute():
        return f"{name!r} is not inside the seeds folder: give a name relative to it"
    if ".." in pure.parts:
        return f"{name!r} leads out of the seeds folder (..): give a name inside it"
    try:
        base = seeds_dir.resolve()
        target = (seeds_dir / name).resolve()
    except (OSError, RuntimeError):  # a link loop
        return f"{name!r} cannot be followed (a loop of symbolic links)"
    if target != base and base not in target.parents:
        return f"{name!r} is a symbolic link leading out of the seeds folder: copy the file in instead"
    return None


def organization_cycles(organizations: dict[str, Any]) -> list[tuple[str, tuple, str]]:
    """(org id, field path, message) for each organisation on a cycle of `parent` or of `succeeded_by`:
    one that is its own parent, A → B → A, or a split whose part becomes the organisation again.  A cycle
    would send every walk up a hierarchy or along a lineage round for ever."""
    found: list[tuple[str, tuple, str]] = []
    parents = {oid: [org.parent] for oid, org in organizations.items() if org.parent}
    successions = {oid: [s.org for s in org.succeeded_by] for oid, org in organizations.items() if org.succeeded_by}
    for what, edges in (("parent", parents), ("successor", successions)):
        for member, ring in _cycles(edges):
            if what == "parent":
                sub: tuple = ("parent",)
            else:
                sub = ("succeeded_by", edges[member].index(ring[1]), "org")
            shown = ring if len(ring) <= 13 else [*ring[:6], f"… ({len(ring) - 1} organisations) …", *ring[-6:]]
            message = f"is its own {what}" if len(ring) == 2 else f"{what}s go round in a circle: {' → '.join(shown)}"
            found.append((member, sub, message))
    return found


def _cycles(edges: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """(node, a shortest ring from it back to it) for every node on a cycle of the graph `edges`.

    Linear in the graph to find the nodes on cycles (strongly connected components, iteratively: a
    generated dataset's chain can be deeper than Python's recursion limit), then a breadth-first search
    inside each such component for the ring shown."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    components.append(component)
    found = []
    for component in components:
        inside = set(component)
        if len(component) == 1 and component[0] not in edges.get(component[0], ()):
            continue  # a single organisation that does not point at itself
        order = sorted(component, key=index.__getitem__)
        nexts = {node: [c for c in edges.get(node, ()) if c in inside] for node in order}
        if all(len(children) == 1 for children in nexts.values()):  # one plain ring (always so for parents)
            ring = [order[0]]
            while nexts[ring[-1]][0] != order[0]:
                ring.append(nexts[ring[-1]][0])
            for at, start in enumerate(ring):
                found.append((start, ring[at:] + ring[:at] + [start]))
            continue
        for start in order:
            came_from: dict[str, str] = {}
            todo = [start]
            while todo and start not in came_from:
                nxt = []
                for node in todo:
                    for child in edges.get(node, ()):
                        if child in inside and child not in came_from:
                            came_from[child] = node
                            nxt.append(child)
                todo = nxt
            ring = [start]
            node = came_from[start]
            while node != start:
                ring.append(node)
                node = came_from[node]
            found.append((start, [start, *reversed(ring[1:]), start]))
    return found


def cross_check(
    manifest: Manifest,
    records: RecordsWithOrigins,
    today: dt.date,
    seeds_dir: Path,
    broken: dict[str, set[str]] | None = None,
    manifest_origin: Origin | None = None,
):
    """Index `records` by id and check them against each other.

    `broken` holds, by collection ("" for any), the ids of records that could not be read (already reported):
    a reference to one of them is not reported again.  `manifest_origin` is where the manifest was written.
    Returns (collections by name → {id: record}, origins, problems).
    """
    checker = check_all(manifest, records, today, seeds_dir, broken, manifest_origin)
    return checker.ids, checker.origins, checker.problems


def check_all(
    manifest: Manifest,
    records: RecordsWithOrigins,
    today: dt.date,
    seeds_dir: Path,
    broken: dict[str, set[str]] | None = None,
    manifest_origin: Origin | None = None,
) -> _Checker:
    """cross_check's work, returning the checker: beyond its tables and problems, the shares of the records of
    BY_RECORD (what each one's check found and looked up) and how many problems depend on the day."""
    checker = _Checker(manifest, records, today, seeds_dir, broken, manifest_origin)
    checker.run()
    return checker


def cross_check_again(
    manifest: Manifest,
    records: RecordsWithOrigins,
    by_record: dict[str, tuple[Mapping[str, Any], Any]],
    first_seen: Mapping[str, Mapping[str, Origin]],
    duplicates: dict[str, list[tuple[str, Origin]]],
    again: Iterable[tuple[str, str]],
    today: dt.date,
    seeds_dir: Path,
    broken: dict[str, set[str]] | None = None,
    manifest_origin: Origin | None = None,
    languages_again: Container[str] | None = None,
    whole: tuple[WholeShare, Mapping[str, Mapping[str, Any]]] | None = None,
) -> _Checker:
    """The cross-checks after an edit, from an earlier check's shares (see BY_RECORD): the whole collections'
    checks (`records`: every record of the collections not in BY_RECORD) and those of the records of BY_RECORD
    named by `again` (collection, id); the others' shares are the caller's to reuse.  `by_record` gives each
    collection of BY_RECORD as (its ids in order, as a mapping's keys; the records by id, validated when looked up); `first_seen`
    where each id of those is first written and `duplicates` each later one.  With `languages_again` (file
    names), the language walk of the whole collections reads only those files' records: the others' findings
    (`language_findings`) are the caller's to reuse.  With `whole` (an earlier check's `whole`, and the records of
    the collections not in BY_RECORD by id, validated when looked up, instead of `records`), their checks are not
    run again: the caller has found that nothing they read changed.  Returns the checker: its problems, `shares`,
    `futures`, `whole` and `language_findings`."""
    checker = _Checker(manifest, records, today, seeds_dir, broken, manifest_origin)
    checker.languages_again = languages_again
    checker.index()  # the collections not in BY_RECORD; those in it are replaced below
    if whole is not None:
        for collection, lazy in whole[1].items():
            checker.ids[collection] = _Table(collection, checker, dict.fromkeys(lazy), lazy=lazy)
    for collection, (ids, lazy) in by_record.items():
        checker.ids[collection] = _Table(collection, checker, ids, lazy=lazy)  # the keys: values are looked up
        for record_id, origin in duplicates.get(collection, ()):
            first = first_seen[collection][record_id]
            checker.error(
                origin,
                ("id",),
                f"duplicate id {record_id!r} (first at {first.file.name}:{first.file.line_of(first.path)})",
            )
    if whole is None:
        checker.check_whole()
    else:
        checker.keep_whole(whole[0])
    for collection, record_id in again:
        checker.origins[(collection, record_id)] = first_seen[collection][record_id]
        checker.check_record(collection, by_record[collection][1][record_id])
    return checker
