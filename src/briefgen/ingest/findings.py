"""What the extractor found in an article: plain values, each with the sentence it came from.

Findings are not records: they hold what the text states (and what was worked
out, marked as such), before ids are chosen and placeholders filled by `draft`.
`checks` on a finding lists what a curator must confirm or supply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.partialdate import PartialDate


@dataclass(frozen=True)
class Evidence:
    sentence: str
    line: int


@dataclass
class DateFinding:
    date: PartialDate
    evidence: Evidence | None
    inferred: list[str] = field(default_factory=list)  # parts worked out rather than read: year, month, day
    reason: str = ""
    checks: list[str] = field(default_factory=list)


@dataclass
class SourceFinding:
    title: str
    title_evidence: Evidence
    language: str
    published: PartialDate | None = None
    published_evidence: Evidence | None = None
    publisher: str | None = None
    side: str | None = None  # country whose press or government published it, when the text shows it
    checks: list[str] = field(default_factory=list)


@dataclass
class PlaceFinding:
    online: bool = False
    city: str | None = None
    country: str | None = None
    evidence: Evidence | None = None
    checks: list[str] = field(default_factory=list)


@dataclass
class NewPerson:
    """A name the dataset does not know, split into parts by rule (to be checked)."""

    text: str
    family: str
    given: str | None
    middle: str | None
    order: str  # family_first | given_first
    address_by: str  # family | given
    capitalize_family: bool
    country: str | None
    title: str | None
    title_org: str | None
    checks: list[str] = field(default_factory=list)


@dataclass
class PersonFinding:
    text: str  # as written in the article
    evidence: Evidence
    person_id: str | None = None  # a known person, resolved
    how: str = ""  # how it resolved (briefgen.resolve's words)
    new: NewPerson | None = None
    country: str | None = None
    title: str | None = None  # the title the article gives, if any


@dataclass
class OrgFinding:
    org_id: str
    text: str
    how: str  # name | alias | acronym | fuzzy
    evidence: Evidence
    sentence: int
    start: int
    end: int
    reason: str = ""


@dataclass
class FieldFinding:
    field_id: str
    text: str
    evidence: Evidence
    sentence: int
    start: int


@dataclass
class AgreementFinding:
    kind: str
    title: str
    parties: list[str]
    evidence: list[Evidence]
    signed: PartialDate | None = None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    period_evidence: Evidence | None = None
    fields: list[str] = field(default_factory=list)
    signatories: list[tuple[str, str]] = field(default_factory=list)  # (person id, side)
    sentences: set[int] = field(default_factory=set)
    checks: list[str] = field(default_factory=list)


@dataclass
class CommitmentFinding:
    text: str
    kind: str
    owed_by: list[str]
    field_id: str | None
    evidence: Evidence
    by_org: str | None = None
    agreement: int | None = None  # index into Findings.agreements when made by an agreement
    checks: list[str] = field(default_factory=list)


@dataclass
class Findings:
    source: SourceFinding
    meeting_date: DateFinding
    place: PlaceFinding
    kind: str
    kind_evidence: Evidence | None
    summary: Evidence | None
    people: list[PersonFinding] = field(default_factory=list)
    orgs: list[OrgFinding] = field(default_factory=list)
    fields: list[FieldFinding] = field(default_factory=list)
    agreements: list[AgreementFinding] = field(default_factory=list)
    commitments: list[CommitmentFinding] = field(default_factory=list)
    flags: list[tuple[str, Evidence | None]] = field(default_factory=list)  # ambiguities left to the curator
    existing_source: str | None = None  # id of a source of the dataset that is this very article

    def person_ids(self) -> list[str]:
        return list(dict.fromkeys(p.person_id for p in self.people if p.person_id))

    def org_ids(self) -> list[str]:
        return list(dict.fromkeys(o.org_id for o in self.orgs))

    def field_ids(self) -> list[str]:
        return list(dict.fromkeys(f.field_id for f in self.fields))

    def meeting_field_ids(self) -> list[str]:
        """Fields the meeting discussed: those named outside the sentences that describe an agreement."""
        in_agreements = {i for a in self.agreements for i in a.sentences}
        return list(dict.fromkeys(f.field_id for f in self.fields if f.sentence not in in_agreements))
