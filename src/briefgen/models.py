"""The domain model of a curated bilateral-cooperation dataset (pydantic v2, no I/O).

Every record is written by hand in YAML, so every model forbids unknown keys:
a typo such as `sigend:` must be an error, not a silently ignored field.
Records refer to each other by id; whether those ids exist is checked by
`dataset`, which sees all records at once.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from briefgen.localtext import LocalText
from briefgen.partialdate import PartialDate, Precision

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=100),
    Field(description="lower-case id: letters, digits, '.', '_' or '-'"),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Country = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}$"), Field(description="ISO 3166-1 alpha-2 code, e.g. VN, JP")
]
Lang = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$"),
    Field(description="language code, e.g. en, vi, fr, ja"),
]
SourceRefs = Annotated[list[Id], Field(min_length=1, description="ids of the sources that state this")]
OrgCountry = Annotated[
    str,
    StringConstraints(pattern=r"^([A-Z]{2}|international)$"),
    Field(description='ISO 3166-1 alpha-2 code, or "international" for ASEAN, ITU and the like'),
]
INTERNATIONAL = "international"


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- manifest, sources, fields ---------------------------------------------------------


class Manifest(Record):
    name: Text
    scope: LocalText = Field(description='shown on documents, e.g. "Viet Nam – Japan, information and communications"')
    home: Country = Field(description="the side whose staff use this dataset")
    partners: list[Country] = Field(min_length=1)
    handling: LocalText = Field(description='marking every document carries, e.g. "For internal use"')
    languages: list[Lang] = Field(min_length=1, description="languages the dataset's texts should be available in")
    text_language: Lang = Field("en", description="the language of texts written as a plain string")
    author: LocalText = Field(description="office that keeps the dataset; shown as the documents' author")
    seeds_dir: str = Field("../../seeds", description="folder of source files, relative to the dataset")


class Reliability(StrEnum):
    OFFICIAL = "official"  # a government's own release
    PRESS = "press"  # news agency or newspaper
    MACHINE_TRANSLATION = "machine_translation"  # a poor automatic translation: facts need confirming
    REFERENCE = "reference"  # a reference work or the curator's own note


class Source(Record):
    id: Id
    title: Text
    publisher: Text | None = Field(None, description="leave out when the source does not name it")
    language: Lang
    published: PartialDate | None = Field(None, description="publication date; leave out when the source has none")
    file: str | None = Field(None, description="file name under the dataset's seeds folder")
    url: str | None = None
    reliability: Reliability
    note: str | None = None

    @model_validator(mode="after")
    def _has_a_location(self) -> Source:
        if not self.file and not self.url:
            raise ValueError("a source needs a `file` (under seeds/) or a `url`")
        return self


class CooperationField(Record):
    """One entry of the controlled list of cooperation fields."""

    id: Id
    labels: dict[Lang, Text] = Field(description="label per language; en and vi at least")
    synonyms: dict[Lang, list[Text]] = Field(default_factory=dict, description="words the sources use for it")

    @model_validator(mode="after")
    def _needs_en_vi(self) -> CooperationField:
        missing = {"en", "vi"} - set(self.labels)
        if missing:
            raise ValueError(f"labels need {', '.join(sorted(missing))}")
        return self


# --- people and organizations ----------------------------------------------------------


class NameOrder(StrEnum):
    FAMILY_FIRST = "family_first"
    GIVEN_FIRST = "given_first"


class AddressBy(StrEnum):
    FAMILY = "family"  # Japanese officials: "Minister Takaichi"
    GIVEN = "given"  # Vietnamese officials: "Minister Hùng"


class PersonName(Record):
    """A name stored in parts, never parsed from one string."""

    family: Text
    middle: Text | None = None
    given: Text | None = Field(None, description="leave out when the sources do not give it")
    order: NameOrder
    address_by: AddressBy
    capitalize_family: bool = Field(False, description='write "TAKAICHI Sanae" where clarity needs it')

    def full(self, *, capitals: bool | None = None) -> str:
        """The name in its culture's order, e.g. "Nguyễn Mạnh Hùng", "TAKAICHI Sanae"."""
        upper = self.capitalize_family if capitals is None else capitals
        family = self.family.upper() if upper else self.family
        rest = [p for p in (self.middle, self.given) if p]
        parts = [family, *rest] if self.order is NameOrder.FAMILY_FIRST else [*rest, family]
        return " ".join(parts)

    def addressed(self) -> str:
        """The part of the name used after a title: "Hùng", "Takaichi"."""
        if self.address_by is AddressBy.GIVEN and self.given:
            return self.given
        return self.family


class AliasKind(StrEnum):
    TRANSLITERATION = "transliteration"
    NO_DIACRITICS = "no_diacritics"
    OTHER_ORDER = "other_order"
    MISSPELLING = "misspelling"
    MACHINE_TRANSLATION = "machine_translation"
    NATIVE_SCRIPT = "native_script"
    ACRONYM = "acronym"
    FORMER_NAME = "former_name"
    TRANSLATION_VARIANT = "translation_variant"  # a loose but recognisable rendering of an official name


class Alias(Record):
    text: Text
    kind: AliasKind
    lang: Lang
    why: Text = Field(description="why this string means this person or organization")
    sources: list[Id] = Field(default_factory=list)


class PostEnd(StrEnum):
    """How a post ended, as a source states it: a reader meets a dismissed minister differently."""

    TERM_ENDED = "term_ended"
    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    MERGED = "merged"  # the post went with its organisation (merged, split or renamed away)
    DIED = "died"


class Post(Record):
    """A post held: current while `end` is left out, unless `ended` says it ended on a date not known."""

    title: LocalText
    short_title: LocalText | None = Field(None, description='form used in address, e.g. "Minister"')
    org: Id | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    ended: bool = Field(False, description="true when the post is known to have ended but not when (leave out `end`)")
    end_reason: PostEnd | None = Field(
        None, description="how it ended, where a source says (with `end` or `ended`; that source among `sources`)"
    )
    sources: SourceRefs
    note: LocalText | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Post:
        if self.end_reason and not (self.end or self.ended):
            raise ValueError("`end_reason` needs `end` (or `ended: true`): a post cannot have ended and still be held")
        if self.start and self.end and self.end.latest() < self.start.earliest():
            raise ValueError(f"the post ends ({self.end}) before it starts ({self.start})")
        if self.ended and self.end:
            raise ValueError("give either `end` (the date the post ended) or `ended: true` (date not known), not both")
        return self


class PersonEventKind(StrEnum):
    CHARGED = "charged"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCIPLINED = "disciplined"  # a party or administrative sanction
    DIED = "died"
    OTHER = "other"


class PersonEvent(Record):
    """A dated, sourced event in a person's life that a reader must know before meeting them."""

    date: PartialDate
    kind: PersonEventKind
    text: LocalText | None = Field(None, description="what happened, in a line (e.g. the sentence)")
    sources: SourceRefs


class Person(Record):
    id: Id
    name: PersonName
    native: str | None = Field(None, description="name in its own script, e.g. 高市早苗, Nguyễn Mạnh Hùng")
    honorific: str | None = Field(None, description='as the sources use it, e.g. "Ms.", "Mr."')
    country: Country
    disambiguation: LocalText | None = Field(None, description="what tells this person from a namesake")
    aliases: list[Alias] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    events: list[PersonEvent] = Field(default_factory=list, description="dated, sourced events, oldest first")
    note: str | None = Field(None, description="a curator's note; not shown to readers")


class SuccessionKind(StrEnum):
    RENAMED = "renamed"
    MERGED = "merged"
    SPLIT = "split"


class Succession(Record):
    org: Id
    on: PartialDate
    how: SuccessionKind
    sources: SourceRefs


class OrgKind(StrEnum):
    GOVERNMENT = "government"  # a ministry, an agency, a government, a bureau of one
    COMPANY = "company"
    INTERNATIONAL = "international"  # ASEAN, ITU and the like
    OTHER = "other"  # a university, an association, a foundation…


class Organization(Record):
    id: Id
    names: dict[Lang, Text] = Field(description="name per language; en at least")
    acronyms: list[Text] = Field(default_factory=list)
    country: OrgCountry
    kind: OrgKind | None = Field(
        None, description="what it is; leave out when unsure: `check` warns where a count depends on it"
    )
    parent: Id | None = Field(None, description="the organisation this one is part of, e.g. a bureau's ministry")
    aliases: list[Alias] = Field(default_factory=list)
    succeeded_by: list[Succession] = Field(
        default_factory=list, description="what became of it: renamed or merged into one, split into several"
    )
    note: str | None = Field(None, description="a curator's note; not shown to readers")

    @field_validator("succeeded_by", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _needs_en(self) -> Organization:
        if "en" not in self.names:
            raise ValueError("names need an `en` entry")
        return self


# --- events ----------------------------------------------------------------------------


class Inference(Record):
    """Which parts of a date the curator inferred, and the reasoning."""

    parts: list[Precision] = Field(min_length=1, description="year, month and/or day")
    reason: LocalText


class Place(Record):
    online: bool = False
    city: LocalText | None = None
    country: Country | None = None
    venue: LocalText | None = None

    @model_validator(mode="after")
    def _somewhere(self) -> Place:
        if not self.online and not (self.city or self.country):
            raise ValueError("a place needs `online: true`, a `city` or a `country`")
        return self


class MeetingKind(StrEnum):
    COURTESY_CALL = "courtesy_call"
    BILATERAL_TALKS = "bilateral_talks"
    WORKING_GROUP = "working_group"
    SIGNING = "signing"
    DELEGATION_VISIT = "delegation_visit"
    CONFERENCE = "conference"


class PostAtTime(Record):
    title: LocalText
    org: Id | None = None


class Participant(Record):
    person: Id
    side: Country
    role: str | None = Field(None, description='e.g. "host", "head of delegation"')
    post: PostAtTime | None = Field(None, description="post at the time, as the source gives it")


class Meeting(Record):
    id: Id
    date: PartialDate = Field(description="the (first) day")
    until: PartialDate | None = Field(None, description="the last day, for a meeting over several days")
    inferred: Inference | None = None
    place: Place
    kind: MeetingKind
    title: LocalText
    orgs: list[Id] = Field(min_length=1, description="organizations that met")
    participants: list[Participant] = Field(default_factory=list)
    others: LocalText | None = Field(None, description='unnamed participants, e.g. "and other officials"')
    fields: list[Id] = Field(default_factory=list)
    summary: LocalText
    outcomes: list[LocalText] = Field(default_factory=list)
    sources: SourceRefs
    note: LocalText | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> Meeting:
        if self.until and self.until.latest() < self.date.earliest():
            raise ValueError(f"the meeting ends ({self.until}) before it starts ({self.date})")
        return self


class AgreementKind(StrEnum):
    MOC = "moc"
    MOU = "mou"
    AGREEMENT = "agreement"
    CONTRACT = "contract"
    CONVENTION = "convention"
    AGREEMENT_IN_PRINCIPLE = "agreement_in_principle"
    WORK_PLAN = "work_plan"
    JOINT_STATEMENT = "joint_statement"
    LETTER_OF_INTENT = "letter_of_intent"


class Signatory(Record):
    person: Id
    side: Country


class Agreement(Record):
    id: Id
    kind: AgreementKind
    title: LocalText
    parties: list[Id] = Field(min_length=2, description="organization ids")
    signatories: list[Signatory] = Field(default_factory=list)
    signed: PartialDate
    inferred: Inference | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = Field(None, description="leave out when the sources state no end")
    fields: list[Id] = Field(default_factory=list)
    meeting: Id | None = None
    renews: Id | None = Field(None, description="the earlier agreement this one renews (extends or re-signs)")
    supersedes: Id | None = Field(None, description="the earlier agreement this one replaces with a new text")
    sources: SourceRefs
    note: LocalText | None = Field(None, description="a curator's note; not shown in briefs")

    @model_validator(mode="after")
    def _period_in_order(self) -> Agreement:
        start = self.valid_from or self.signed
        if self.valid_until and self.valid_until.latest() < start.earliest():
            raise ValueError(f"valid_until ({self.valid_until}) is before the start ({start})")
        if self.renews and self.supersedes:
            raise ValueError("give one of `renews` or `supersedes`, not both")
        return self

    @property
    def predecessor(self) -> str | None:
        """The agreement this one renews or supersedes."""
        return self.renews or self.supersedes


class CommitmentKind(StrEnum):
    UNDERTAKING = "undertaking"  # one side promised
    JOINT = "joint"  # both sides agreed to do it
    REQUEST = "request"  # one side asked the other; owed by the side asked
    INVITATION = "invitation"  # an answer is owed by the side invited


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class StatusUpdate(Record):
    date: PartialDate
    status: Status
    text: LocalText | None = Field(None, description="what happened, as a reader reads it beside the status")
    note: LocalText | None = Field(None, description="a curator's note; never shown to readers")
    sources: SourceRefs


class MadeAt(Record):
    meeting: Id | None = None
    agreement: Id | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> MadeAt:
        if (self.meeting is None) == (self.agreement is None):
            raise ValueError("give exactly one of `meeting` or `agreement`")
        return self


class Commitment(Record):
    id: Id
    text: LocalText
    kind: CommitmentKind
    owed_by: list[Country] = Field(min_length=1, description="side(s) that owe it")
    by_org: Id | None = Field(None, description="the organization that owes it, where the source says")
    field: Id
    made_at: MadeAt
    due: PartialDate | None = None
    note: LocalText | None = None
    updates: list[StatusUpdate] = Field(default_factory=list, description="dated status history, oldest first")
    sources: SourceRefs

    @property
    def status(self) -> Status:
        """Derived from the history, never stored twice: open until an update says otherwise."""
        return self.updates[-1].status if self.updates else Status.OPEN

    def status_on(self, day: dt.date) -> Status:
        known = [u for u in self.updates if u.date.earliest() <= day]
        return known[-1].status if known else Status.OPEN


class DatasetFile(Record):
    """What one YAML file of a dataset may hold; every key is optional."""

    manifest: Manifest | None = None
    sources: list[Source] = Field(default_factory=list)
    fields: list[CooperationField] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    draft: bool = Field(False, description="a draft (e.g. from `briefgen ingest`) awaiting review")


COLLECTIONS = ("sources", "fields", "organizations", "people", "meetings", "agreements", "commitments")
