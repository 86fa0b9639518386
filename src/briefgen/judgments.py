"""Derived facts as of a date: the one place where briefgen judges.

A brief is read on the day of a visit, years after some of its records were
written, so nearly every fact it shows is a judgment made "as of" a date:
is this post still held, is this agreement in force or was it renewed, which
organisation is this ministry now, how long has this request had no news.
Each such judgment is a pure function here.  The brief, the matrix, `who`,
`people`, the e-mail body and any renderer read them; none recomputes them,
so two outputs can never disagree about the same fact.

Where the data cannot settle a question, the judgment says so (a post that
"probably ended" because someone else holds it, with who and from when)
instead of guessing.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from briefgen.dataset import Dataset
from briefgen.models import (
    Agreement,
    AgreementKind,
    Commitment,
    CommitmentKind,
    Meeting,
    OrgKind,
    Person,
    Post,
    Status,
    StatusUpdate,
)
from briefgen.partialdate import PartialDate

STALE_AFTER_MONTHS = 12  # a post known only from a source older than this must be verified
EXPIRING_WITHIN_MONTHS = 6
LIVE_WITHIN_MONTHS = 24  # a commitment made or updated within this is a live item, worth raising
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)


# -- dates ----------------------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, on the same day of the month or the month's last; dt.date.max past year 9999."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, 28)


def meeting_last_day(meeting: Meeting) -> PartialDate:
    return meeting.until or meeting.date


# -- organisations over time ----------------------------------------------------------------


def ancestors(dataset: Dataset, org_id: str | None) -> list[str]:
    """The organisation and those it is part of, nearest first (a bureau, then its ministry)."""
    chain: list[str] = []
    while org_id and org_id not in chain and org_id in dataset.organizations:
        chain.append(org_id)
        org_id = dataset.organizations[org_id].parent
    return chain


def sub_units(dataset: Dataset, org_ids: Iterable[str]) -> set[str]:
    """`org_ids` and every organisation under them, at any depth."""
    found: set[str] = set()
    todo = list(org_ids)
    while todo:
        org = todo.pop()
        if org not in found:
            found.add(org)
            todo += [child.id for child in dataset.organizations_by_parent.get(org, ())]
    return found


def predecessors(dataset: Dataset, org_id: str) -> list[str]:
    """Organisations that became `org_id` (renamed, merged or split into it), at any remove, nearest first."""
    found: list[str] = []
    todo = [org_id]
    while todo:
        for earlier in dataset.organizations_by_successor.get(todo.pop(0), ()):
            if earlier.id not in found and earlier.id != org_id:
                found.append(earlier.id)
                todo.append(earlier.id)
    return found


def successors(dataset: Dataset, org_id: str) -> list[str]:
    """Organisations `org_id` became (renamed, merged or split into), at any remove, nearest first."""
    found: list[str] = []
    todo = [org_id]
    while todo:
        org = dataset.organizations.get(todo.pop(0))
        for succession in org.succeeded_by if org else ():
            if succession.org not in found and succession.org != org_id:
                found.append(succession.org)
                todo.append(succession.org)
    return found


def lineage(dataset: Dataset, org_id: str) -> list[str]:
    """The same organisation over time: itself, then what it was before."""
    return [org_id, *predecessors(dataset, org_id)]


@dataclass(frozen=True)
class SuccessionFact:
    """`org` was renamed / merged / split into `into` on `on`."""

    org: str
    into: str
    how: str
    on: PartialDate
    sources: tuple[str, ...]


def successions_touching(dataset: Dataset, org_ids: Iterable[str], as_of: dt.date) -> list[SuccessionFact]:
    """Every succession (by `as_of`) into or out of one of `org_ids`, oldest first."""
    wanted = set(org_ids)
    facts: dict[tuple[str, str], SuccessionFact] = {}
    for org_id in wanted:
        org = dataset.organizations.get(org_id)
        candidates = [(org, s) for s in org.succeeded_by] if org else []
        candidates += [
            (earlier, s)
            for earlier in dataset.organizations_by_successor.get(org_id, ())
            for s in earlier.succeeded_by
            if s.org == org_id
        ]
        for source_org, succession in candidates:
            if succession.on.earliest() <= as_of:
                facts[(source_org.id, succession.org)] = SuccessionFact(
                    source_org.id, succession.org, succession.how.value, succession.on, tuple(succession.sources)
                )
    return sorted(facts.values(), key=lambda f: (f.on.earliest(), f.org, f.into))


def renamed_as_of(dataset: Dataset, org_id: str, as_of: dt.date) -> str | None:
    """What `org_id` had become by `as_of` (following renames and mergers), or None when it still stood."""
    org = dataset.organizations.get(org_id)
    done = [s for s in (org.succeeded_by if org else ()) if s.on.earliest() <= as_of]
    if not done:
        return None
    latest = done[-1].org
    return renamed_as_of(dataset, latest, as_of) or latest if latest != org_id else None


# -- people over time -----------------------------------------------------------------------


class PostState(StrEnum):
    CURRENT = "current"
    UNCONFIRMED = "unconfirmed"  # nothing says it ended, and nothing dated shows the person in it
    ENDED = "ended"  # with a known end date
    ENDED_UNDATED = "ended_undated"  # the data says it ended, not when
    PROBABLY_ENDED = "probably_ended"  # someone else is in the post after the person's last dated evidence
    NOT_YET = "not_yet"


@dataclass(frozen=True)
class PostStatus:
    post: Post
    state: PostState
    successor: str | None = None  # PROBABLY_ENDED: person id of a later holder of the same post…
    successor_from: PartialDate | None = None
    org_became: SuccessionFact | None = None  # …or the post's organisation was merged, renamed or split
    evidence: PartialDate | None = None  # the newest dated evidence of the person in the post, by as_of
    successor_seen: bool = False  # the later holder is known from a dated record of them in the post, not a start

    @property
    def held(self) -> bool:
        """Believed held: current, or not confirmed but with nothing saying it ended (never "former")."""
        return self.state in (PostState.CURRENT, PostState.UNCONFIRMED)


def _same_post(a: Post, b: Post) -> bool:
    return a.org is not None and a.org == b.org and str(a.title).casefold() == str(b.title).casefold()


def _within(post: Post, day: PartialDate) -> bool:
    """`day` may fall within the post's stated bounds (either bound left out: open on that side)."""
    if post.start and day.latest() < post.start.earliest():
        return False
    return not (post.end and day.earliest() > post.end.latest())


def _acts_in(person: Person, post: Post, org: str | None, title: object, orgs: Iterable[str]) -> bool:
    """Whether a record of the person (a meeting, an agreement) is evidence of them in `post`: their post at
    the time is this one (same organisation and title, or the only post they held there), or, with no post
    at the time recorded, the post's organisation is one of the record's and no other post of theirs is."""
    if org is not None:
        same_org = [p for p in person.posts if p.org == org]
        if post.org != org:
            return False
        return len(same_org) == 1 or str(title).casefold() == str(post.title).casefold()
    involved = set(orgs)
    return post.org in involved and [p for p in person.posts if p.org in involved] == [post]


def post_evidence(dataset: Dataset, person: Person, post: Post, as_of: dt.date) -> list[PartialDate]:
    """Every dated piece of evidence of `person` in `post` by `as_of`: its start, its sources' publication
    dates, and what the person did in it: the meetings they attended (each at its first day, the day they
    are known to have been there) and the agreements they signed for the post's organisation."""
    found = [
        d for d in (post.start, *(dataset.sources[s].published for s in post.sources if s in dataset.sources)) if d
    ]
    for meeting in dataset.meetings_by_person.get(person.id, ()):
        taking = next((p for p in meeting.participants if p.person == person.id), None)
        if taking is None:
            continue
        at = taking.post
        if _acts_in(person, post, at.org if at else None, at.title if at else "", meeting.orgs):
            found.append(meeting.date)
    for agreement in dataset.agreements_by_signatory.get(person.id, ()):
        if _acts_in(person, post, None, "", agreement.parties):
            found.append(agreement.signed)
    return [d for d in found if d.earliest() <= as_of and _within(post, d)]


def post_status(dataset: Dataset, person: Person, post: Post, as_of: dt.date) -> PostStatus:
    """Whether `post` is held on `as_of`, and if not, what the data says about its end.

    A post with no end stated is current unless dated evidence shows otherwise: someone else in the
    same post after the person's last dated evidence in it (their meetings, signatures, the post's
    start and sources), or its organisation merged, renamed or split since.  Either makes the post
    "probably ended", with the evidence, for an officer to verify.  With no dated evidence of the person
    in the post at all, nothing can be later than it: the post is "not confirmed" (a doubt), never former.
    """
    if post.start and post.start.earliest() > as_of:
        return PostStatus(post, PostState.NOT_YET)
    last_known = newest(post_evidence(dataset, person, post, as_of))
    if post.end:
        state = PostState.CURRENT if post.end.latest() >= as_of else PostState.ENDED
        return PostStatus(post, state, evidence=last_known)
    if post.ended:
        return PostStatus(post, PostState.ENDED_UNDATED, evidence=last_known)
    later = _later_holders(dataset, person, post, as_of, last_known)
    if last_known is None:
        # No dated evidence of the person in the post: a later holder cannot be "after" it.
        became = [f for f in successions_touching(dataset, [post.org] if post.org else [], as_of) if f.org == post.org]
        if became:
            return PostStatus(post, PostState.PROBABLY_ENDED, org_became=became[-1])
        if later:
            holder, held_from, seen = later[-1]
            return PostStatus(post, PostState.UNCONFIRMED, holder, held_from, successor_seen=seen)
        return PostStatus(post, PostState.UNCONFIRMED)
    if later:
        holder, held_from, seen = later[0]
        return PostStatus(post, PostState.PROBABLY_ENDED, holder, held_from, evidence=last_known, successor_seen=seen)
    became = [
        f
        for f in successions_touching(dataset, [post.org] if post.org else [], as_of)
        if f.org == post.org and f.on.latest() > last_known.earliest()
    ]
    if became:
        return PostStatus(post, PostState.PROBABLY_ENDED, org_became=became[-1], evidence=last_known)
    return PostStatus(post, PostState.CURRENT, evidence=last_known)


def _later_holders(
    dataset: Dataset, person: Person, post: Post, as_of: dt.date, after: PartialDate | None
) -> list[tuple[str, PartialDate, bool]]:
    """Others in the same post on a date after `after` (any date when None), each at the first such date,
    earliest first: (person id, date, known from a record of them in it rather than their post's start).
    One also in the post by `after` shared it with the person (several deputy ministers hold one title at
    once) and is left out: holding it later says nothing of the person's end."""
    found: list[tuple[str, PartialDate, bool]] = []
    for other in dataset.people_by_org.get(post.org or "", ()):
        if other.id == person.id:
            continue
        for theirs in other.posts:
            if not _same_post(theirs, post):
                continue
            evidence = post_evidence(dataset, other, theirs, as_of)
            if after is not None and any(d.earliest() <= after.latest() for d in evidence):
                continue  # in the post at the same time as the person (a deputy, a member): no sign of an end
            dates = [d for d in evidence if after is None or d.earliest() > after.latest()]
            if dates:
                first = min(dates, key=lambda d: (d.earliest(), d.latest()))
                found.append((other.id, first, first != theirs.start))
    return sorted(found, key=lambda item: (item[1].earliest(), item[0]))


def post_statuses(dataset: Dataset, person: Person, as_of: dt.date) -> list[PostStatus]:
    """Every post the person held by `as_of` (not those not yet begun), newest first."""
    statuses = [post_status(dataset, person, p, as_of) for p in person.posts]
    known = [s for s in statuses if s.state is not PostState.NOT_YET]

    def recency(item: tuple[int, PostStatus]) -> tuple:
        index, status = item
        post = status.post
        ends = post.end.latest() if post.end else (status.successor_from.earliest() if status.successor_from else None)
        return (
            status.held,
            status.state is not PostState.UNCONFIRMED,  # of two held, the one dated evidence confirms
            ends or dt.date.max if status.held else ends or dt.date.min,
            post.start.earliest() if post.start else dt.date.min,
            -index,
        )

    return [s for _, s in sorted(enumerate(known), key=recency, reverse=True)]


def latest_post(dataset: Dataset, person: Person, as_of: dt.date) -> PostStatus | None:
    """The post held now (the main one where several are: the latest begun, then the first listed),
    else the post held last."""
    statuses = post_statuses(dataset, person, as_of)
    return statuses[0] if statuses else None


def is_former(status: PostStatus | None) -> bool:
    """True when the person holds no post we know of now but held one before."""
    return status is not None and not status.held


def post_source_date(dataset: Dataset, post: Post) -> PartialDate | None:
    """The newest publication date among the post's sources, at its own precision."""
    dates = [d for d in (dataset.sources[s].published for s in post.sources if s in dataset.sources) if d]
    return max(dates, key=lambda d: d.latest()) if dates else None


def post_needs_verifying(dataset: Dataset, status: PostStatus | None, as_of: dt.date) -> bool:
    """A post believed current whose newest dated evidence (a source, a meeting, a signature) is older than
    STALE_AFTER_MONTHS; one with none at all is UNCONFIRMED, flagged as such."""
    if status is None or status.state is not PostState.CURRENT or status.post.end:
        return False
    return status.evidence is None or months_between(status.evidence.latest(), as_of) >= STALE_AFTER_MONTHS


# -- agreements -----------------------------------------------------------------------------


class AgreementState(StrEnum):
    IN_FORCE = "in_force"
    EXPIRING = "expiring"  # within EXPIRING_WITHIN_MONTHS
    NO_END_STATED = "no_end_stated"  # counted in force: nothing says it ended
    ADOPTED = "adopted"  # a joint statement: adopted, never "in force"
    SIGNED = "signed"  # a letter of intent or an agreement in principle: signed, never "in force"
    SUPERSEDED = "superseded"  # renewed or replaced by a later agreement in force by then
    EXPIRED = "expired"
    NOT_YET = "not_yet"

    @property
    def in_force(self) -> bool:
        return self in (AgreementState.IN_FORCE, AgreementState.EXPIRING, AgreementState.NO_END_STATED)


# Documents that state intentions rather than bind for a period: "adopted" or "signed", never "in force"
# (unless the document itself states a period, which then governs).
DECLARATIONS = {
    AgreementKind.JOINT_STATEMENT: AgreementState.ADOPTED,
    AgreementKind.LETTER_OF_INTENT: AgreementState.SIGNED,
    AgreementKind.AGREEMENT_IN_PRINCIPLE: AgreementState.SIGNED,
}


@dataclass(frozen=True)
class AgreementStatus:
    agreement: Agreement
    state: AgreementState
    successor: Agreement | None = None  # the agreement that renews or supersedes this one (signed by as_of)
    successor_how: str = ""  # "renews" | "supersedes"
    predecessor: Agreement | None = None
    predecessor_how: str = ""
    own_state: AgreementState | None = None  # SUPERSEDED: the state by its own period (expired, no end stated…)

    @property
    def lapsed_unrenewed(self) -> bool:
        """Expired, or about to, with nothing signed to follow it: worth raising."""
        return self.state in (AgreementState.EXPIRED, AgreementState.EXPIRING) and self.successor is None


def _period_state(agreement: Agreement, day: dt.date) -> AgreementState:
    """Status from the agreement's own period.  A period known only to the year runs to that year's last
    day: "2020–2023" is in force throughout 2023 and expired from 1 January 2024.  A declaration with no
    period is adopted or signed, not in force."""
    start = agreement.valid_from or agreement.signed
    if start.earliest() > day:
        return AgreementState.NOT_YET
    if agreement.valid_until is None:
        return DECLARATIONS.get(agreement.kind, AgreementState.NO_END_STATED)
    end = agreement.valid_until.latest()
    if end < day:
        return AgreementState.EXPIRED
    return AgreementState.EXPIRING if end <= add_months(day, EXPIRING_WITHIN_MONTHS) else AgreementState.IN_FORCE


class AgreementClass(StrEnum):
    """What an agreement is between, for counting: governments' instruments apart from companies' contracts."""

    GOVERNMENTS = "governments"  # no party is a company (kinds given, or not needed: see agreement_class)
    COMPANIES = "companies"  # a company is a party
    UNDETERMINED = "undetermined"  # a contract whose parties' kinds are not all given


def agreement_class(dataset: Dataset, agreement: Agreement) -> AgreementClass:
    """Companies when a party is recorded as a company; undetermined for a contract (the one kind as likely
    commercial as not) with a party whose kind is not given; otherwise an instrument between governments.
    An MoC or MoU of parties whose kinds are not given is counted as the governments' (what such datasets
    record); the check warns where the kind would decide."""
    kinds = [dataset.organizations[p].kind if p in dataset.organizations else None for p in agreement.parties]
    if OrgKind.COMPANY in kinds:
        return AgreementClass.COMPANIES
    if agreement.kind is AgreementKind.CONTRACT and None in kinds:
        return AgreementClass.UNDETERMINED
    return AgreementClass.GOVERNMENTS


def agreement_status(dataset: Dataset, agreement: Agreement, as_of: dt.date) -> AgreementStatus:
    """The agreement's status on `as_of`, following its lineage both ways.

    An agreement with no end stated is superseded once a later one renews or replaces it; one
    whose period ran out stays "expired" but says what followed it, so no brief offers "renewal?"
    for an agreement that was renewed.
    """
    later = [a for a in dataset.agreements_by_predecessor.get(agreement.id, ()) if a.signed.earliest() <= as_of]
    successor = min(later, key=lambda a: (a.signed.earliest(), a.id)) if later else None
    predecessor = dataset.agreements.get(agreement.predecessor or "")
    own = state = _period_state(agreement, as_of)
    if successor is not None and state is not AgreementState.NOT_YET:
        state = AgreementState.SUPERSEDED
    return AgreementStatus(
        agreement,
        state,
        successor,
        (
            "renews"
            if successor is not None and successor.renews == agreement.id
            else "supersedes"
            if successor is not None
            else ""
        ),
        predecessor,
        "renews" if agreement.renews else "supersedes" if agreement.supersedes else "",
        own,
    )


def agreement_chain(dataset: Dataset, agreement: Agreement) -> list[Agreement]:
    """The agreement's whole lineage, oldest first (each renewing or superseding the one before)."""
    first = agreement
    seen = {first.id}
    while first.predecessor and first.predecessor in dataset.agreements and first.predecessor not in seen:
        first = dataset.agreements[first.predecessor]
        seen.add(first.id)
    chain: list[Agreement] = []
    todo = [first]
    while todo:
        current = todo.pop(0)
        if current.id in {a.id for a in chain}:
            continue
        chain.append(current)
        todo += sorted(dataset.agreements_by_predecessor.get(current.id, ()), key=lambda a: a.signed.earliest())
    return chain


# -- commitments ----------------------------------------------------------------------------


class Staleness(StrEnum):
    DONE = "done"  # done or dropped: nothing to raise
    LIVE = "live"  # made or updated within LIVE_WITHIN_MONTHS
    QUIET = "quiet"  # open, no news for longer than that
    DUE_PASSED = "due_passed"  # a due date passed with no update after it
    LAPSED = "lapsed"  # an invitation to an event whose date has passed


@dataclass(frozen=True)
class CommitmentStatus:
    commitment: Commitment
    status: Status
    made_on: PartialDate
    last_update: StatusUpdate | None
    quiet_since: PartialDate  # the date of the last news: the last update, else when it was made
    months_quiet: int
    staleness: Staleness
    made_until: PartialDate | None = None  # made at a meeting over several days: known only within the span
    quiet_until: PartialDate | None = None  # no update yet: the last day it may have been made (else None)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def commitment_status(
    dataset: Dataset, commitment: Commitment, as_of: dt.date, live_months: int = LIVE_WITHIN_MONTHS
) -> CommitmentStatus:
    """The commitment's status on `as_of` and how much news there has been of it."""
    made = dataset.commitment_made_on(commitment)
    meeting = dataset.meetings.get(commitment.made_at.meeting or "")
    made_until = meeting.until if meeting is not None and meeting.until and meeting.until != meeting.date else None
    known = [u for u in commitment.updates if u.date.earliest() <= as_of]
    last = known[-1] if known else None
    status = last.status if last else Status.OPEN
    quiet_since = last.date if last else made
    quiet_end = (made_until if last is None and made_until else quiet_since).latest()
    months = months_between(quiet_end, as_of)
    if status not in OPEN_STATUSES:
        staleness = Staleness.DONE
    elif commitment.due and commitment.due.latest() < as_of and quiet_end <= commitment.due.latest():
        staleness = Staleness.LAPSED if commitment.kind is CommitmentKind.INVITATION else Staleness.DUE_PASSED
    elif months < live_months:
        staleness = Staleness.LIVE
    else:
        staleness = Staleness.QUIET
    return CommitmentStatus(
        commitment,
        status,
        made,
        last,
        quiet_since,
        months,
        staleness,
        made_until,
        made_until if last is None else None,
    )


# -- freshness ------------------------------------------------------------------------------


def event_dates(
    dataset: Dataset,
    meetings: Iterable[Meeting] = (),
    agreements: Iterable[Agreement] = (),
    commitments: Iterable[Commitment] = (),
    as_of: dt.date | None = None,
) -> list[PartialDate]:
    """Every dated event among these records (meetings' last days, signatures, status updates) by `as_of`."""
    dates = [meeting_last_day(m) for m in meetings] + [a.signed for a in agreements]
    dates += [u.date for c in commitments for u in c.updates]
    return [d for d in dates if as_of is None or d.earliest() <= as_of]


def _end_then_start(date: PartialDate) -> tuple[dt.date, dt.date]:
    return date.latest(), date.earliest()


def newest(dates: Iterable[PartialDate | None]) -> PartialDate | None:
    """The date that ends last; of two that end on the same day, the more precise ("2020-12-31", not "2020")."""
    known = [d for d in dates if d is not None]
    return max(known, key=_end_then_start) if known else None


@dataclass(frozen=True)
class _NewestBy:
    """Dates (an index's keys, as written) arranged to answer "the newest whose first day is by D" by a
    binary search: sorted by first day, with the newest so far beside each, as written (built once per
    dataset, from ~18,000 dates at size L: a full date is read by `date.fromisoformat`, the few partial
    ones as PartialDate, and only the answer becomes one)."""

    first_days: list[dt.date]
    newest_so_far: list[str]

    @classmethod
    def of(cls, keys: Iterable[str]) -> _NewestBy:
        first_days: list[dt.date] = []
        running: list[str] = []
        newest, newest_end = "", (dt.date.min, dt.date.min)
        for text in sorted(set(keys)):  # as written, text order is first-day order ("2020" < "2020-01" < "2020-01-09")
            if len(text) == 10:  # YYYY-MM-DD: its first day is its last
                first_day = last_day = dt.date.fromisoformat(text)
            else:
                date = PartialDate.parse(text)
                first_day, last_day = date.earliest(), date.latest()
            if not newest or (last_day, first_day) > newest_end:  # of two that end alike, the one already kept
                newest, newest_end = text, (last_day, first_day)
            first_days.append(first_day)
            running.append(newest)
        return cls(first_days, running)

    def by(self, as_of: dt.date) -> PartialDate | None:
        count = bisect.bisect_right(self.first_days, as_of)
        return PartialDate.parse(self.newest_so_far[count - 1]) if count else None


def _event_dates(dataset: Dataset) -> _NewestBy:
    return _NewestBy.of([*dataset.meetings_by_last_day, *dataset.agreements_by_signed, *dataset.commitments_by_update])


def _publication_dates(dataset: Dataset) -> _NewestBy:
    return _NewestBy.of(dataset.sources_by_published)


def dataset_newest_event(dataset: Dataset, as_of: dt.date) -> PartialDate | None:
    """The newest dated event in the whole dataset (a meeting's last day, a signature, a commitment's update),
    by `as_of`; read from the dataset's date indexes (no record is validated for it), once per dataset."""
    return dataset.derived(_event_dates).by(as_of)


def dataset_newest_source(dataset: Dataset, as_of: dt.date) -> PartialDate | None:
    """The newest publication date among the dataset's sources, by `as_of`."""
    return dataset.derived(_publication_dates).by(as_of)


# -- the counterpart's world ----------------------------------------------------------------


@dataclass(frozen=True)
class CounterpartScope:
    """Which organisations a counterpart's brief covers, as of a date.

    `own`: the organisation of their latest post, with what it was before and its sub-units:
    suggestions come only from here and from their own meetings ("at their level").
    `history`: `own`, the organisations above them (a bureau's ministry) and what all of these
    were before and became: the record of meetings, agreements and commitments (and the matrix).
    """

    own: frozenset[str]
    history: frozenset[str]


def counterpart_scope(dataset: Dataset, person: Person, as_of: dt.date) -> CounterpartScope:
    """`own` is the organisation of the latest post (what it was before, its sub-units); `history` spans
    every post of the career, the organisations above them, and what all of these became."""
    statuses = post_statuses(dataset, person, as_of)
    post_orgs = list(dict.fromkeys(s.post.org for s in statuses if s.post.org and s.post.org in dataset.organizations))
    own = sub_units(dataset, lineage(dataset, post_orgs[0])) if post_orgs else set()
    career = sub_units(dataset, {o for org in post_orgs for o in lineage(dataset, org)})
    above = {o for org in post_orgs for a in ancestors(dataset, org) for o in lineage(dataset, a)}
    family = career | above
    history = family | {s for org in family for s in successors(dataset, org)}
    return CounterpartScope(frozenset(own), frozenset(history))


def involves_other_side(dataset: Dataset, meeting: Meeting, country: str) -> bool:
    """A meeting with someone not of `country`: an organisation or participant of another side."""
    return any(dataset.organizations[o].country != country for o in meeting.orgs if o in dataset.organizations) or any(
        p.side != country for p in meeting.participants
    )


def meeting_orgs(meeting: Meeting) -> set[str]:
    """The organisations that met and those of the participants' posts at the time."""
    return set(meeting.orgs) | {p.post.org for p in meeting.participants if p.post and p.post.org}


def last_meeting(meetings: Iterable[Meeting], as_of: dt.date) -> Meeting | None:
    held = [m for m in meetings if m.date.earliest() <= as_of]
    return max(held, key=lambda m: (meeting_last_day(m).latest(), m.id)) if held else None
