"""The brief's record annexes: meetings (Annex B), agreements (Annex C), open items by field (Annex D).

Each section takes the visit's selection and returns its views; a long record is listed for its last
ANNEX_RECENT_MONTHS in full and counted by year and field before that.  The open items are worded once
(`word_commitments`), for every section that shows one: Annex D, the talking points, the front's lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from briefgen import judgments as J
from briefgen.briefing.common import (
    ANNEX_RECENT_MONTHS,
    ANNEX_WHOLE_UP_TO,
    Cite,
    Section,
    counted,
    only_machine_translated,
)
from briefgen.i18n import country_name, format_span, label
from briefgen.models import Agreement, Meeting
from briefgen.selection import Selection
from briefgen.viewmodel import AgreementView, CommitmentView, CountRow, FieldGroup, MeetingView, Notice
from briefgen.wording import Wording

# -- Annex B: meetings ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Meetings(Section):
    """Annex B: the meetings listed (each doubt about one, an inferred date or a machine-translated source, is
    a notice), and the older record counted when it is long."""

    shown: list[MeetingView]
    older: list[CountRow]
    whole: bool  # every meeting is listed


def build_meetings(sel: Selection, lang: str, cite: Cite) -> Meetings:
    wd = Wording(sel.dataset, lang)
    recent_from = J.add_months(sel.visit_date, -ANNEX_RECENT_MONTHS)
    whole = len(sel.history) <= ANNEX_WHOLE_UP_TO
    shown, notices = [], []
    for meeting, attended in sel.history:
        if whole or meeting.date.latest() >= recent_from:
            view, doubts = meeting_view(sel, wd, cite, meeting, attended)
            shown.append(view)
            notices += doubts
    older = counted(
        wd, ((m.date.year, m.fields) for m, _ in sel.history if not whole and m.date.latest() < recent_from)
    )
    return Meetings(shown=shown, older=older, whole=whole, notices=tuple(notices), untranslated=wd.untranslated)


def meeting_view(
    sel: Selection, wd: Wording, cite: Cite, meeting: Meeting, attended: bool
) -> tuple[MeetingView, list[Notice]]:
    """One meeting as Annex B lists it, and what about it is to verify."""
    ds, lang = sel.dataset, wd.lang
    place = meeting.place
    where = (
        wd.w("online")
        if place.online
        else ", ".join(
            p
            for p in (
                wd.text(place.venue),
                wd.text(place.city),
                country_name(lang, place.country) if place.country else None,
            )
            if p
        )
    )
    by_side: dict[str, list[str]] = defaultdict(list)
    for participant in meeting.participants:
        who = wd.person_name(participant.person)
        post = wd.text(participant.post.title) if participant.post else ""
        by_side[participant.side].append(f"{who} ({post})" if post else who)
    participants = "; ".join(f"{country_name(lang, side)}: {', '.join(names)}" for side, names in by_side.items())
    title = wd.text(meeting.title)
    notices = []
    if meeting.inferred:
        what = wd.inferred(meeting.inferred)
        notices.append(
            Notice("inferred_date", wd.w("inferred_notice", title=title, what=what, date=wd.date(meeting.date)))
        )
    mt = only_machine_translated(ds, meeting.sources)
    if mt:
        notices.append(Notice("machine_translation", wd.w("mt_notice", title=title)))
    for org in meeting.orgs:
        became = J.renamed_as_of(ds, org, sel.visit_date)
        fact = next((f for f in J.successions_touching(ds, [org], sel.visit_date) if f.org == org), None)
        if became and fact and org not in sel.scope.history:
            participants += " · " + wd.w(
                "as_then",
                org=wd.org_name(org),
                how=label(lang, "how", fact.how),
                new=wd.org_name(fact.into),
                date=wd.date(fact.on),
            )
    date = wd.table_date(meeting.date)
    if meeting.until and meeting.until != meeting.date:
        date = wd.w("period", start=date, end=wd.table_date(meeting.until))
    view = MeetingView(
        id=meeting.id,
        date=date,
        date_iso=str(meeting.date),
        year=meeting.date.year,
        inferred=wd.inferred(meeting.inferred),
        place=where,
        kind=label(lang, "meeting_kind", meeting.kind.value),
        title=title,
        attended=attended,
        relation=relation(sel, wd, meeting, attended),
        participants=participants,
        fields=[wd.field_label(f) for f in meeting.fields],
        machine_translation=mt,
        cites=cite(meeting.sources),
    )
    return view, notices


def relation(sel: Selection, wd: Wording, meeting: Meeting, attended: bool) -> str:
    """ "attended", or "with Ministry of … (merged into … on …)": why the meeting is on their record."""
    if attended:
        return wd.w("attended")
    ds, history = sel.dataset, sel.scope.history
    org = next(
        (o for o in meeting.orgs if o in history), next((o for o in J.meeting_orgs(meeting) if o in history), None)
    )
    if org is None:
        return wd.w("with_org_generic")
    text = wd.w("with_org", org=wd.org_name(org))
    if J.renamed_as_of(ds, org, sel.visit_date):
        fact = next((f for f in J.successions_touching(ds, [org], sel.visit_date) if f.org == org), None)
        if fact:
            text += wd.w(
                "then_became",
                how=label(wd.lang, "how", fact.how),
                org=wd.org_name(fact.into),
                date=wd.date(fact.on),
            )
    return text


# -- Annex C: agreements ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Agreements(Section):
    """Annex C: every agreement of the record, with what renewed or superseded what."""

    views: list[AgreementView]

    @property
    def by_id(self) -> dict[str, AgreementView]:
        return {v.id: v for v in self.views}


def build_agreements(sel: Selection, lang: str, cite: Cite) -> Agreements:
    wd = Wording(sel.dataset, lang)
    views = [agreement_view(sel, wd, cite, a) for a in sel.agreements]
    return Agreements(views=views, untranslated=wd.untranslated)


def agreement_view(sel: Selection, wd: Wording, cite: Cite, agreement: Agreement) -> AgreementView:
    ds, lang = sel.dataset, wd.lang
    status = J.agreement_status(ds, agreement, sel.visit_date)
    lineage = ""
    if status.predecessor is not None:
        lineage = wd.w(
            "renews" if status.predecessor_how == "renews" else "supersedes",
            name=wd.agreement_name(status.predecessor),
        )
    return AgreementView(
        id=agreement.id,
        kind=label(lang, "agreement_kind", agreement.kind.value),
        title=wd.text(agreement.title),
        parties=", ".join(wd.org_name(p) for p in agreement.parties),
        signatories=", ".join(wd.person_name(s.person) for s in agreement.signatories),
        signed=wd.table_date(agreement.signed),
        signed_iso=str(agreement.signed),
        inferred=wd.inferred(agreement.inferred),
        period=wd.agreement_period(agreement),
        status=status.state.value,
        status_label=wd.agreement_status_text(agreement, status),
        flagged=status.lapsed_unrenewed,
        lineage=lineage,
        fields=[wd.field_label(f) for f in agreement.fields],
        machine_translation=only_machine_translated(ds, agreement.sources),
        cites=cite(agreement.sources),
    )


# -- the open items, worded once; Annex D ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CommitmentWords(Section):
    """The open items the brief may show (`views`: commitment id -> view), each worded once whichever
    sections show it."""

    views: Mapping[str, CommitmentView]


def word_commitments(sel: Selection, lang: str, cite: Cite, ids: Iterable[str]) -> CommitmentWords:
    """Views of the open items `ids` only: a long Annex D counts most open items by year (at size L, 71 of 798
    are shown), and wording all of them was most of the build."""
    wd = Wording(sel.dataset, lang)
    wanted = set(ids)
    views = {j.commitment.id: commitment_view(sel, wd, cite, j) for j in sel.open if j.commitment.id in wanted}
    return CommitmentWords(views=MappingProxyType(views), untranslated=wd.untranslated)


def commitment_view(sel: Selection, wd: Wording, cite: Cite, judged: J.CommitmentStatus) -> CommitmentView:
    ds, commitment = sel.dataset, judged.commitment
    origin: Meeting | Agreement
    if commitment.made_at.meeting:
        origin = ds.meetings[commitment.made_at.meeting]
    else:
        origin = ds.agreements[commitment.made_at.agreement or ""]
    sources = list(commitment.sources)
    if judged.last_update:
        sources += judged.last_update.sources
    return CommitmentView(
        id=commitment.id,
        text=wd.text(commitment.text),
        kind=wd.commitment_kind(commitment, home_view=sel.is_home_side),
        owed_by=wd.owed_by(commitment),
        field=wd.field_label(commitment.field),
        made_at=wd.text(origin.title),
        made_on=(
            format_span(judged.made_on, judged.made_until, wd.lang)
            if judged.made_until is not None
            else wd.table_date(judged.made_on)
        ),
        made_on_iso=str(judged.made_on),
        inferred=wd.inferred(origin.inferred),
        status=judged.status.value,
        staleness=judged.staleness.value,
        state_label=wd.commitment_state(judged),
        live=judged.staleness is J.Staleness.LIVE,
        machine_translation=only_machine_translated(ds, commitment.sources),
        cites=cite(sources),
    )


def annex_d_lists(sel: Selection) -> bool:
    """Whether Annex D lists every open item (else the live ones, the older counted by year)."""
    return len(sel.open) <= ANNEX_WHOLE_UP_TO


def annex_d_items(sel: Selection) -> list[J.CommitmentStatus]:
    """The open items Annex D lists: all of them while few, else those with news within the live window."""
    whole = annex_d_lists(sel)
    return [j for j in sel.open if whole or j.staleness is J.Staleness.LIVE]


@dataclass(frozen=True, kw_only=True)
class OpenItems(Section):
    """Annex D: the open items listed by field, and the older ones counted by year when there are many."""

    groups: list[FieldGroup]
    older: list[CountRow]
    whole: bool


def build_open_items(sel: Selection, lang: str, views: Mapping[str, CommitmentView]) -> OpenItems:
    wd = Wording(sel.dataset, lang)
    listed = annex_d_items(sel)
    by_field: dict[str, list[CommitmentView]] = defaultdict(list)
    for j in listed:
        by_field[j.commitment.field].append(views[j.commitment.id])
    groups = [FieldGroup(fid, wd.field_label(fid), by_field[fid]) for fid in sel.dataset.fields if fid in by_field]
    shown = {j.commitment.id for j in listed}
    older = counted(wd, ((j.made_on.year, [j.commitment.field]) for j in sel.open if j.commitment.id not in shown))
    return OpenItems(groups=groups, older=older, whole=annex_d_lists(sel), untranslated=wd.untranslated)
