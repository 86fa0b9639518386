"""Which records a visit is about, chosen once: the brief, the matrix, the e-mail, `--json` and refresh read this.

`select(dataset, person_id, visit_date)` returns a `Selection`: the counterpart, their posts as of the
visit date, the meetings on their record (attended, or with their organisations), the agreements and
commitments that follow from those, which of them are the counterpart's own ("at their level"), and
why each record is in.  It words nothing (see `wording`) and judges nothing itself (see `judgments`):
before it, the brief chose its records in one place and the matrix re-read them from the brief's ids,
so a record could be counted by one document and not the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from briefgen import judgments as J
from briefgen.dataset import Dataset
from briefgen.delegation import Visit
from briefgen.models import Agreement, Commitment, Meeting, Person

# Why a record is in a visit's selection (the values of `Selection.why`).
ATTENDED = "attended"  # a meeting the counterpart took part in
WITH_ORG = "with_org"  # a meeting of one of their organisations (past or present) with the other side
SIGNED = "signed"  # an agreement the counterpart signed
AT_MEETING = "at_meeting"  # an agreement signed at a selected meeting
PARTY = "party"  # an agreement one of their organisations is party to
LINEAGE = "lineage"  # an agreement renewed or superseded by (or renewing) a selected one
MADE_AT = "made_at"  # a commitment made at a selected meeting or agreement
OWED_BY_ORG = "owed_by_org"  # a commitment owed by one of their organisations


@dataclass(frozen=True)
class Selection:
    """The records of one visit, as of its date, and why each is in; frozen, built by `select`."""

    dataset: Dataset
    person: Person
    visit_date: dt.date
    visit: Visit | None
    live_months: int
    scope: J.CounterpartScope
    statuses: tuple[J.PostStatus, ...]  # every post held by the visit date, newest first
    latest: J.PostStatus | None
    history: tuple[tuple[Meeting, bool], ...]  # (meeting, attended), oldest first, none after the visit date
    agreements: tuple[Agreement, ...]  # oldest first, with every agreement of their lineages
    commitments: tuple[Commitment, ...]  # made by the visit date, oldest first
    judged: tuple[J.CommitmentStatus, ...]  # of `commitments`, as of the visit date
    own_agreements: tuple[Agreement, ...]  # the counterpart's own: suggestions come only from these
    own_open: tuple[J.CommitmentStatus, ...]  # open and the counterpart's own
    why: Mapping[str, str]  # record id -> why it is in (ATTENDED, WITH_ORG, …)

    @property
    def is_home_side(self) -> bool:
        """A brief about one of our own: worded from our side's view."""
        return self.person.country == self.dataset.manifest.home

    # The lists below are read by several of the brief's sections (the open items by most of them): each is
    # made once per selection (at size L, remaking the open items each time cost 4 % of the brief's build).
    @cached_property
    def meetings(self) -> tuple[Meeting, ...]:
        return tuple(m for m, _ in self.history)

    @cached_property
    def attended(self) -> tuple[Meeting, ...]:
        return tuple(m for m, was in self.history if was)

    @cached_property
    def open(self) -> tuple[J.CommitmentStatus, ...]:
        """Every open commitment of the record (Annex D lists these, the workbook's open rows are these)."""
        return tuple(j for j in self.judged if j.is_open)

    @cached_property
    def live(self) -> tuple[J.CommitmentStatus, ...]:
        """The counterpart's own open items with news within `live_months` (the front raises these)."""
        return tuple(j for j in self.own_open if j.staleness is J.Staleness.LIVE)

    @property
    def holds_post(self) -> bool:
        return self.latest is not None and self.latest.held

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The sources of every selected record and of the counterpart's posts (the brief cites those it shows)."""
        found: dict[str, None] = {}
        for status in self.statuses:
            found.update(dict.fromkeys(status.post.sources))
        for m in self.meetings:
            found.update(dict.fromkeys(m.sources))
        for a in self.agreements:
            found.update(dict.fromkeys(a.sources))
        for j in self.judged:
            found.update(dict.fromkeys(j.commitment.sources))
            if j.last_update is not None:
                found.update(dict.fromkeys(j.last_update.sources))
        return tuple(found)

    def last_attended(self) -> Meeting | None:
        return self._last_attended

    def last_with_org(self) -> Meeting | None:
        """The last meeting with the organisation of their current post they did not attend, when newer than
        the last they attended (else it adds nothing)."""
        return self._last_with_org

    # Found once: the brief's front and its background lines both name these meetings.
    @cached_property
    def _last_attended(self) -> Meeting | None:
        return J.last_meeting(list(self.attended), self.visit_date)

    @cached_property
    def _last_with_org(self) -> Meeting | None:
        latest = self.latest
        if (
            latest is None
            or not latest.held
            or latest.post.org is None
            or latest.post.org not in self.dataset.organizations
        ):
            return None
        current = J.sub_units(self.dataset, J.lineage(self.dataset, latest.post.org))
        found = J.last_meeting(
            [m for m, was in self.history if not was and J.meeting_orgs(m) & current], self.visit_date
        )
        attended = self.last_attended()
        if found is not None and attended is not None and found.date.earliest() <= attended.date.earliest():
            return None
        return found


def history_of(
    ds: Dataset, person: Person, scope: J.CounterpartScope, visit_date: dt.date, why: dict[str, str] | None = None
) -> tuple[tuple[Meeting, bool], ...]:
    """The meetings on the record, oldest first, each with whether the counterpart attended: those they
    attended, and those of the organisations of their scope with the other side."""
    why = {} if why is None else why
    attended = {m.id: m for m in ds.meetings_by_person.get(person.id, [])}
    found: dict[str, Meeting] = dict(attended)
    why.update(dict.fromkeys(attended, ATTENDED))
    for org in scope.history:
        for meeting in ds.meetings_by_any_org.get(org, []):
            if meeting.id not in found and J.involves_other_side(ds, meeting, person.country):
                found[meeting.id] = meeting
                why[meeting.id] = WITH_ORG
    ordered = sorted(found.values(), key=lambda m: (m.date.earliest(), m.id))
    return tuple((m, m.id in attended) for m in ordered if m.date.earliest() <= visit_date)


def agreements_of(
    ds: Dataset,
    person: Person,
    meeting_ids: Iterable[str],
    orgs: Iterable[str],
    visit_date: dt.date,
    why: dict[str, str] | None = None,
) -> tuple[Agreement, ...]:
    """Agreements signed at these meetings, by the counterpart or by one of `orgs`, signed by the visit date;
    and every agreement of their lineages, so a renewal is never shown without what it renews."""
    found: dict[str, Agreement] = {}
    why = {} if why is None else why

    def add(agreements: Iterable[Agreement], reason: str) -> None:
        for a in agreements:
            if a.id not in found:
                found[a.id] = a
                why.setdefault(a.id, reason)

    add(ds.agreements_by_signatory.get(person.id, ()), SIGNED)
    for meeting_id in meeting_ids:
        add(ds.agreements_by_meeting.get(meeting_id, ()), AT_MEETING)
    for org in orgs:
        add(ds.agreements_by_org.get(org, ()), PARTY)
    for agreement in list(found.values()):
        add(J.agreement_chain(ds, agreement), LINEAGE)
    chosen = [a for a in found.values() if a.signed.earliest() <= visit_date]
    return tuple(sorted(chosen, key=lambda a: (a.signed.earliest(), a.id)))


def commitments_of(
    ds: Dataset, origins: Iterable[str], orgs: Iterable[str], visit_date: dt.date, why: dict[str, str] | None = None
) -> list[Commitment]:
    """Commitments made at these meetings or agreements, or owed by one of `orgs`, made by the visit date."""
    found: dict[str, Commitment] = {}
    for origin in origins:
        for c in ds.commitments_by_origin.get(origin, ()):
            found.setdefault(c.id, c)
            if why is not None:
                why.setdefault(c.id, MADE_AT)
    for org in orgs:
        for c in ds.commitments_by_org.get(org, ()):
            found.setdefault(c.id, c)
            if why is not None:
                why.setdefault(c.id, OWED_BY_ORG)
    chosen = [c for c in found.values() if ds.commitment_made_on(c).earliest() <= visit_date]
    return sorted(chosen, key=lambda c: (ds.commitment_made_on(c).earliest(), c.id))


def select(
    dataset: Dataset,
    person_id: str,
    visit_date: dt.date,
    *,
    visit: Visit | None = None,
    live_months: int = J.LIVE_WITHIN_MONTHS,
) -> Selection:
    """The records of a visit to (or from) `person_id` on `visit_date`; `visit` as a visit file describes it.

    `live_months`: an open item made or updated within this many months is live (raised on the front)."""
    ds = dataset
    person = ds.people[person_id]
    why: dict[str, str] = {}
    scope = J.counterpart_scope(ds, person, visit_date)
    statuses = tuple(J.post_statuses(ds, person, visit_date))
    latest = J.latest_post(ds, person, visit_date)
    history = history_of(ds, person, scope, visit_date, why)
    meeting_ids = [m.id for m, _ in history]
    agreements = agreements_of(ds, person, meeting_ids, scope.history, visit_date, why)
    commitments = commitments_of(ds, [*meeting_ids, *(a.id for a in agreements)], scope.history, visit_date, why)
    judged = tuple(J.commitment_status(ds, c, visit_date, live_months) for c in commitments)

    # "At their level": the counterpart's own meetings and those of their own organisations; for someone
    # who holds no post now, only what they themselves were party to (an organisation they left is not
    # theirs to answer for).
    holds_post = latest is not None and latest.held
    own_orgs = scope.own if holds_post else frozenset()
    own_meetings = {m.id for m, was in history if was or set(m.orgs) & own_orgs}
    own_agreements = tuple(
        a
        for a in agreements
        if a.meeting in own_meetings or set(a.parties) & own_orgs or any(s.person == person.id for s in a.signatories)
    )
    own_ids = {c.id for c in commitments_of(ds, [*own_meetings, *(a.id for a in own_agreements)], own_orgs, visit_date)}
    own_open = tuple(j for j in judged if j.is_open and j.commitment.id in own_ids)
    kept = {m.id for m in (m for m, _ in history)} | {a.id for a in agreements} | {c.id for c in commitments}
    return Selection(
        dataset=ds,
        person=person,
        visit_date=visit_date,
        visit=visit,
        live_months=live_months,
        scope=scope,
        statuses=statuses,
        latest=latest,
        history=history,
        agreements=agreements,
        commitments=tuple(commitments),
        judged=judged,
        own_agreements=own_agreements,
        own_open=own_open,
        why=MappingProxyType({k: v for k, v in why.items() if k in kept}),
    )
