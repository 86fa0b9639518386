"""The plain, fully computed view of one visit, as the renderers receive it: the brief and the matrix.

Only strings, numbers, booleans, dates, lists and mappings: a template or a
workbook writer never needs to know the domain model, and a test can assert
on a brief or a matrix without opening any file.  Text here is already in the brief's
language (an untranslated original carries a visible mark); values are
data, never template code.

The brief has two parts, as diplomatic services write them: a front section
a director reads in minutes (who the counterpart is now, what we want, the
points to make, what is open, what to verify) and annexes behind it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field


def view_fields(value: object) -> tuple[str, ...]:
    """The field names of a view (any dataclass instance), in order; () for anything else.

    The renderers and the citation pass walk every view of a brief (~20,000 values at size L): asked
    of `dataclasses.fields` each time, this was a tenth of the walk."""
    cls = type(value)
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ()
    return found


_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class SourceView:
    number: int
    title: str
    publisher: str  # "" when the source does not name it
    published: str
    address: str  # a web address, or "" (a file held by the curators is not an address for a reader)
    reliability: str
    machine_translation: bool
    source_id: str = ""  # the dataset's id: the visit's workbook cites the source by this number too


@dataclass(frozen=True)
class PostView:
    title: str
    org: str
    period: str  # "from 2019 to 2021", "from 2024", "dates not stated"
    state: str  # "current" | "unconfirmed" | "ended" | "ended_undated" | "probably_ended"
    state_label: str  # what a reader sees: "held now", "ended", "probably ended: X holds it from …, verify"
    cites: str


@dataclass(frozen=True)
class CounterpartView:
    """Front section: who the counterpart is now."""

    name: str  # "TAKAICHI Sanae"
    native: str  # only when it adds something (another script)
    honorific: str
    country: str
    former: bool  # holds no post we know of now
    post_line: str  # "Minister for …, Ministry of … (from 2019)" or "former Minister for …"
    post_flag: str  # "" or e.g. "verify current post: latest source of 9 January 2020"
    post_cites: str
    form_of_address: str  # "Minister Takaichi", "Ms. Takaichi"
    last_meeting_attended: str
    last_meeting_attended_cites: str
    last_meeting_org: str  # the last meeting with their organisation (when they did not attend it)
    last_meeting_org_cites: str
    successions: list[str]  # "Ministry of X was merged into Ministry of Y on 18 February 2025."
    record: str  # "5 meetings (2 attended), 5 agreements (1 in force), 12 open items"


@dataclass(frozen=True)
class ProfileView:
    """Annex A: the counterpart's identity and career."""

    person_id: str
    name: str
    native: str
    honorific: str
    country: str
    form_of_address: str
    name_order: str  # "family name first: family name TAKAICHI, given name Sanae"
    posts: list[PostView]
    other_spellings: str  # "Sanae Takaichi (other name order)"
    identity_note: str  # what tells them from a namesake, when the data says


@dataclass(frozen=True)
class MeetingView:
    id: str
    date: str
    date_iso: str
    year: int
    inferred: str  # empty when nothing was inferred, else e.g. "year inferred"
    place: str
    kind: str
    title: str
    attended: bool  # the counterpart was there (else: a meeting with their organisation)
    relation: str  # "attended", "with Ministry of … (as … — merged into …)"
    participants: str
    fields: list[str]
    machine_translation: bool
    cites: str


@dataclass(frozen=True)
class AgreementView:
    id: str
    kind: str
    title: str
    parties: str
    signatories: str
    signed: str
    signed_iso: str
    inferred: str
    period: str
    status: str  # an AgreementState value
    status_label: str  # "in force", "expired (end of 2023)", "renewed by the MoC of 6 August 2024 (in force)"
    flagged: bool  # show the status as a flag: expired or expiring with nothing to follow it
    lineage: str  # "renews the MoC of 9 January 2020"
    fields: list[str]
    machine_translation: bool
    cites: str


@dataclass(frozen=True)
class CommitmentView:
    id: str
    text: str
    kind: str  # "asked of Japan", "promised by Japan", "agreed by both sides", "invitation"
    owed_by: str
    field: str
    made_at: str
    made_on: str
    made_on_iso: str
    inferred: str
    status: str  # Status value
    staleness: str  # Staleness value
    state_label: str  # "in progress (update of 2 May 2018)", "no update recorded since 9 January 2020"
    live: bool
    machine_translation: bool
    cites: str


@dataclass(frozen=True)
class FieldGroup:
    field_id: str
    label: str
    commitments: list[CommitmentView]


@dataclass(frozen=True)
class TalkingPoint:
    kind: str  # lapsed_agreement | expiring_agreement | ask_progress | report_progress | invitation
    text: str
    cites: str


@dataclass(frozen=True)
class Notice:
    code: str  # stale_post | probably_ended | inferred_date | machine_translation | stale_data | untranslated
    message: str


@dataclass(frozen=True)
class Fact:
    """A "Label: value" line (the visit's purpose, our side, their side)."""

    label: str
    text: str


@dataclass(frozen=True)
class DatedLine:
    """A line of background: what binds the two sides, the last meeting, the latest development."""

    date: str
    text: str
    cites: str


@dataclass(frozen=True)
class CountRow:
    """Older records counted: a year, how many, and how many by field ("5G 3, cybersecurity 1")."""

    year: str
    count: int
    fields: str


@dataclass(frozen=True)
class Brief:
    """Everything the Word template shows for one visit."""

    lang: str
    visit_date: str
    visit_date_iso: dt.date
    prepared_on: str
    handling: str
    scope: str
    author: str
    dataset_name: str
    home: str
    partner: str
    title: str
    subject: str
    counterpart: CounterpartView
    suggestions: list[TalkingPoint]  # at most MAX_SUGGESTIONS, ranked
    open_items: list[CommitmentView]  # live items in the counterpart's own scope
    older_items: str  # "7 older open items with no update recorded in 24 months: Annex D." or ""
    verify: list[Notice]  # each doubt once
    profile: ProfileView
    meetings: list[MeetingView]
    agreements: list[AgreementView]
    commitments_by_field: list[FieldGroup]  # every open commitment on record, by field
    sources: list[SourceView]
    freshness: str
    open_count: int
    person_id: str = ""
    # The records behind the brief (ids, never shown): the visit's matrix counts exactly these.
    meeting_ids: tuple[str, ...] = ()
    agreement_ids: tuple[str, ...] = ()
    commitment_ids: tuple[str, ...] = ()
    # The front in the diplomatic order (issue 26): the visit line first, then the counterpart now, ...
    visit_line: str = ""  # who receives whom, where, in what format and when (as much as is known)
    visit_facts: list[Fact] = dataclasses.field(default_factory=list)  # purpose, our side, their side
    address_line: str = ""  # the form of address, hedged when the post is in doubt
    background: list[DatedLine] = dataclasses.field(default_factory=list)  # 3 to 5 dated lines
    their_open: list[CommitmentView] = dataclasses.field(default_factory=list)  # live, owed by their side
    may_raise: list[CommitmentView] = dataclasses.field(default_factory=list)  # ours: overdue, due soon, live
    front_verify: list[Notice] = dataclasses.field(default_factory=list)  # `verify` less what the front flags
    # A long record (issue 26): the annexes list the last `annex_recent_months` in full, the older record counted.
    annex_recent_months: int = 0  # 0: the whole record is listed
    older_meetings: list[CountRow] = dataclasses.field(default_factory=list)
    older_open: list[CountRow] = dataclasses.field(default_factory=list)  # open items without recent news


# The cooperation matrix (built by `matrix.build_matrix`, laid out by the xlsx renderer).


@dataclass(frozen=True)
class FieldRow:
    id: str
    label: str


@dataclass(frozen=True)
class ActivityRow:
    """One activity in one of its fields: a meeting on six fields gives six rows."""

    id: str
    kind: str  # meeting | agreement | commitment
    kind_label: str
    type_label: str  # e.g. "bilateral talks", "MoC", "request"
    date_iso: str  # at the precision known: "2020-01-09", "2020-01", "2020"
    year: int
    field_id: str
    field_label: str
    title: str
    participants: str
    status_label: str  # commitments and agreements: status as of the matrix date
    flags: str  # "year inferred; machine translation only: confirm", or ""
    source_text: str  # "VNA, 10 January 2020; https://…" (publisher and date, as a reader cites them)
    source_url: str  # first url among the sources, "" when none
    recent: bool = True  # within the last RECENT_MONTHS of the matrix date: printed when the list is long
    source_ids: tuple[str, ...] = ()  # the sources of source_text, in its order (numbered on the printed sheets)


@dataclass(frozen=True)
class CommitmentRow:
    id: str
    text: str
    field_label: str
    type_label: str
    owed_by: str
    made_at: str
    made_on_iso: str
    status: str
    status_label: str
    is_open: bool
    last_update_iso: str  # "" when no update is known by the matrix date
    last_update_text: str
    age_months: int  # months since the last news (last update, else when it was made)
    due_iso: str
    flags: str
    source_text: str
    source_url: str
    recent: bool = True  # open, with news within the last RECENT_MONTHS: printed when the list is long
    source_ids: tuple[str, ...] = ()  # the sources of source_text, in its order (numbered on the printed sheets)


@dataclass(frozen=True)
class SourceCitation:
    """One source as the workbook's Sources sheet lists it: cited as the rows' source cells cite it."""

    text: str  # publisher, title, date (wording.Wording.source_citation)
    url: str  # "" when none


@dataclass(frozen=True)
class MatrixView:
    lang: str
    title: str
    scope: str  # manifest.scope
    selection: str  # which activities: "All activities in the dataset", "Activities involving Japan, …"
    as_of: dt.date
    as_of_text: str  # "As of 23 November 2026"
    handling: str
    author: str
    dataset_name: str
    fields: tuple[FieldRow, ...]
    years: tuple[int, ...]
    counts: dict[str, dict[int, int]]  # counts[field id][year], every field and year present
    row_totals: dict[str, int]
    col_totals: dict[int, int]
    total: int  # distinct activities
    activities: tuple[ActivityRow, ...]  # by field (matrix order), year, date
    commitments: tuple[CommitmentRow, ...]  # open ones first
    labels: dict[str, str]
    recent_months: int = 12  # what `recent` means on the rows
    # What each list sheet counts, in one sentence: "42 activities …", "12 commitments, 5 of them open".
    activities_note: str = ""
    commitments_note: str = ""
    sources: dict[str, SourceCitation] = field(default_factory=dict)  # every source the rows cite, by id
    # The numbers the brief of the same visit gives its sources (its sources annex): the workbook cites those
    # sources by the same numbers, and numbers the others after them.  Empty for a matrix without a brief.
    source_numbers: dict[str, int] = field(default_factory=dict)
