"""The plain, fully computed view of one visit, as the renderers receive it.

Only strings, numbers, booleans, dates and lists: a template or a workbook
writer never needs to know the domain model, and a test can assert on a
brief without opening any file.  Text here is already in the brief's
language; values are data, never template code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SourceView:
    number: int
    id: str
    title: str
    publisher: str
    published: str
    language: str
    reliability: str
    machine_translation: bool
    location: str
    note: str


@dataclass(frozen=True)
class PostView:
    title: str
    org: str
    period: str
    current: bool
    cites: str
    note: str = ""


@dataclass(frozen=True)
class AliasView:
    text: str
    kind: str
    lang: str
    why: str


@dataclass(frozen=True)
class ProfileView:
    person_id: str
    name: str  # "TAKAICHI Sanae"
    native: str
    honorific: str
    country: str
    form_of_address: str  # "Minister Takaichi"
    name_order: str  # "family name first: family name TAKAICHI, given name Sanae"
    latest_post: PostView | None
    latest_post_source_date: str
    latest_post_stale: bool
    posts: list[PostView]
    aliases: list[AliasView]
    disambiguation: str
    note: str


@dataclass(frozen=True)
class MeetingView:
    id: str
    date: str
    date_iso: str
    year: int
    inferred: str  # empty when nothing was inferred, else e.g. "year inferred"
    inferred_reason: str
    place: str
    kind: str
    title: str
    attended: bool  # the counterpart was there (else: a meeting with their organisation)
    relation: str
    participants: str
    fields: list[str]
    summary: str
    outcomes: list[str]
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
    status: str  # in_force | expiring | expired | no_end_stated | not_yet
    status_label: str
    end: str
    fields: list[str]
    note: str
    machine_translation: bool
    cites: str


@dataclass(frozen=True)
class CommitmentView:
    id: str
    text: str
    kind: str
    owed_by: str
    field: str
    made_at: str
    made_on: str
    made_on_iso: str
    inferred: str
    status: str
    status_label: str
    last_update: str
    last_update_note: str
    age_months: int
    age: str
    due: str
    machine_translation: bool
    cites: str


@dataclass(frozen=True)
class FieldGroup:
    field_id: str
    label: str
    commitments: list[CommitmentView]


@dataclass(frozen=True)
class TalkingPoint:
    kind: str  # expired_agreement | expiring_agreement | stale_commitments | invitation
    text: str
    cites: str


@dataclass(frozen=True)
class Notice:
    code: str  # stale_post | expired_agreement | inferred_date | machine_translation | stale_data | succeeded_org
    message: str


@dataclass(frozen=True)
class Glance:
    last_meeting: str
    meetings: int
    meetings_attended: int
    agreements: int
    agreements_in_force: int
    agreements_expired: int
    agreements_no_end: int
    open_commitments: int
    open_owed_by_partner: int
    open_owed_by_home: int
    open_fields: list[str]


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
    profile: ProfileView
    glance: Glance
    meetings: list[MeetingView]
    agreements: list[AgreementView]
    open_by_field: list[FieldGroup]
    commitments: list[CommitmentView]
    talking_points: list[TalkingPoint]
    sources: list[SourceView]
    warnings: list[Notice]
    freshness: str
    newest_source_date: str
    org_ids: list[str] = field(default_factory=list)  # the counterpart's organisations, for the matrix's scope

    def as_context(self) -> dict:
        """A plain dict of the brief (nested dataclasses become dicts), for templates."""
        return asdict(self)
