"""The cooperation matrix as a plain view: fields × years, the activities behind each number, commitments.

Like `briefing`, this module reads the dataset and judges (in scope or not,
status as of a date, age) but writes no file and knows nothing of Excel: the
xlsx renderer only lays out what `build_matrix` returns, so the numbers can be
tested without opening a workbook, and every cell of the matrix is backed by
rows of `activities` that a reader can filter to check it.

The view's dataclasses (`MatrixView` and its rows) live in `viewmodel`, beside
the brief's, so the renderer imports nothing that computes them.

An activity is a meeting held, an agreement signed or a commitment made.  It
appears in the row of each of its fields, so a meeting on six fields adds one
to six cells; the totals count each activity once.  Every row carries the
flags a reader must see (year inferred, machine translation only), because
the workbook travels alone by e-mail.
"""

from __future__ import annotations

import datetime as dt

from briefgen import judgments as J
from briefgen.dataset import Dataset
from briefgen.errors import BadInputError
from briefgen.i18n import MATRIX_LABELS, check_language, format_day
from briefgen.models import Agreement, Commitment, Meeting, Reliability
from briefgen.selection import Selection
from briefgen.viewmodel import ActivityRow, CommitmentRow, FieldRow, MatrixView, SourceCitation
from briefgen.wording import Wording

NO_FIELD = "(none)"  # cannot clash with a field id (ids start with a letter or digit)
KIND_ORDER = {"meeting": 0, "agreement": 1, "commitment": 2}
RECENT_MONTHS = 12  # a long list prints the rows of these last months (the workbook holds them all): at size L,
# 24 months printed 30-33 pages; 12 keep the matrix PDF within 30

LABELS = MATRIX_LABELS  # the workbook's headers and phrases, kept with every reader phrase in i18n


class _Scope:
    """Which organisations and countries an activity involves, and whether that is in the chosen scope."""

    def __init__(self, ds: Dataset, countries: list[str] | None, org_ids: list[str] | None):
        self.ds = ds
        self.countries = None if countries is None else set(countries)
        self.orgs = None if org_ids is None else set(org_ids)

    def meeting_reach(self, meeting: Meeting) -> tuple[set[str], set[str]]:
        orgs = J.meeting_orgs(meeting)
        countries = {p.side for p in meeting.participants} | {
            self.ds.people[p.person].country for p in meeting.participants
        }
        return orgs, countries

    def agreement_reach(self, agreement: Agreement) -> tuple[set[str], set[str]]:
        orgs, countries = set(agreement.parties), {s.side for s in agreement.signatories}
        if agreement.meeting:  # witnessed there: it involves whoever met
            more_orgs, more_countries = self.meeting_reach(self.ds.meetings[agreement.meeting])
            orgs, countries = orgs | more_orgs, countries | more_countries
        return orgs, countries

    def commitment_reach(self, commitment: Commitment) -> tuple[set[str], set[str]]:
        if commitment.made_at.meeting:
            orgs, countries = self.meeting_reach(self.ds.meetings[commitment.made_at.meeting])
        else:
            orgs, countries = self.agreement_reach(self.ds.agreements[commitment.made_at.agreement or ""])
        return orgs | ({commitment.by_org} if commitment.by_org else set()), countries | set(commitment.owed_by)

    def includes(self, reach: tuple[set[str], set[str]]) -> bool:
        orgs, countries = reach
        orgs = {a for o in orgs for a in J.ancestors(self.ds, o)}
        countries = countries | {self.ds.organizations[o].country for o in orgs}
        return (self.countries is None or bool(countries & self.countries)) and (
            self.orgs is None or bool(orgs & self.orgs)
        )


class _MatrixBuilder:
    def __init__(self, ds: Dataset, as_of: dt.date, lang: str, live_months: int = J.LIVE_WITHIN_MONTHS):
        self.ds, self.as_of, self.lang, self.live_months = ds, as_of, lang, live_months
        self.judged: dict[str, J.CommitmentStatus] = {}
        self._worded: dict[str, tuple[str, str, str]] = {}  # see worded()
        self.text = LABELS[lang]
        # Records are worded as the brief words them (statuses, organisations, sources): one Wording.
        self.wd = Wording(ds, lang)
        self.t, self.org_name, self.person_name = self.wd.text, self.wd.org_name, self.wd.person_name

    def field_label(self, field_id: str) -> str:
        return self.text["no_field"] if field_id == NO_FIELD else self.wd.field_label(field_id)

    def sources(self, source_ids) -> tuple[str, str, tuple[str, ...]]:
        """("VNA, “Title”, 10 January 2020; MIC, “…”", first url, the ids): sources as a reader cites them
        (publisher, title, date); the address is the cell's link, not text that fills a printed row."""
        ids = tuple(dict.fromkeys(source_ids))
        found = [self.ds.sources[s] for s in ids]
        return self.wd.citations(ids), next((s.url for s in found if s.url), ""), ids

    def source_citations(self, source_ids) -> dict[str, SourceCitation]:
        """Each source once, worded as the rows word it: what the Sources sheet lists under its number."""
        return {
            s: SourceCitation(self.wd.citations([s]), self.ds.sources[s].url or "") for s in dict.fromkeys(source_ids)
        }

    def flags(self, inference, source_ids) -> str:
        flags = []
        if inference is not None:
            flags.append(
                self.text["flag_inferred" if [p.value for p in inference.parts] == ["year"] else "flag_date_inferred"]
            )
        if all(self.ds.sources[s].reliability is Reliability.MACHINE_TRANSLATION for s in source_ids):
            flags.append(self.text["flag_mt"])
        return "; ".join(flags)

    def owed_by(self, commitment: Commitment) -> str:
        who = self.wd.owed_by(commitment)
        return f"{who} ({self.org_name(commitment.by_org)})" if commitment.by_org else who

    def origin(self, commitment: Commitment) -> Meeting | Agreement:
        made = commitment.made_at
        return self.ds.meetings[made.meeting] if made.meeting else self.ds.agreements[made.agreement or ""]

    def rows(
        self, kind: str, record, date, fields, type_label, title, participants, flags, status=""
    ) -> list[ActivityRow]:
        text, url, ids = self.sources(record.sources)
        recent = date.latest() >= J.add_months(self.as_of, -RECENT_MONTHS)
        return [
            ActivityRow(
                record.id,
                kind,
                self.text[kind],
                type_label,
                str(date),
                date.year,
                f,
                self.field_label(f),
                title,
                participants,
                status,
                flags,
                text,
                url,
                recent,
                ids,
            )
            for f in (fields or [NO_FIELD])
        ]

    def meeting_rows(self, meeting: Meeting) -> list[ActivityRow]:
        by_side: dict[str, list[str]] = {}
        for p in meeting.participants:
            by_side.setdefault(p.side, []).append(self.person_name(p.person))
        people = "; ".join(f"{self.wd.country(side)}: {', '.join(names)}" for side, names in by_side.items())
        people = ", ".join(p for p in (people, self.t(meeting.others)) if p)
        people = people or ", ".join(self.org_name(o) for o in meeting.orgs)
        return self.rows(
            "meeting",
            meeting,
            meeting.date,
            meeting.fields,
            self.wd.label("meeting_kind", meeting.kind.value),
            self.t(meeting.title),
            people,
            self.flags(meeting.inferred, meeting.sources),
        )

    def agreement_rows(self, agreement: Agreement) -> list[ActivityRow]:
        parties = "; ".join(self.org_name(o) for o in agreement.parties)
        if agreement.signatories:
            names = ", ".join(self.person_name(s.person) for s in agreement.signatories)
            parties += "; " + self.text["signed_by"].format(names=names)
        status = J.agreement_status(self.ds, agreement, self.as_of)
        return self.rows(
            "agreement",
            agreement,
            agreement.signed,
            agreement.fields,
            self.wd.label("agreement_kind", agreement.kind.value),
            self.t(agreement.title),
            parties,
            self.flags(agreement.inferred, agreement.sources),
            self.wd.agreement_status_text(agreement, status),
        )

    def judge(self, commitment: Commitment) -> J.CommitmentStatus:
        """The commitment's judgment as of the matrix date: a visit's selection has judged its own already."""
        found = self.judged.get(commitment.id)
        if found is None:
            found = self.judged[commitment.id] = J.commitment_status(self.ds, commitment, self.as_of, self.live_months)
        return found

    def worded(self, commitment: Commitment) -> tuple[str, str, str]:
        """A commitment's status, who owes it and its flags, worded once for its activity row and its own row."""
        found = self._worded.get(commitment.id)
        if found is None:
            found = self._worded[commitment.id] = (
                self.wd.commitment_status_text(self.judge(commitment)),
                self.owed_by(commitment),
                self.flags(self.origin(commitment).inferred, commitment.sources),
            )
        return found

    def commitment_rows(self, commitment: Commitment) -> list[ActivityRow]:
        status, who, flags = self.worded(commitment)
        owed = self.text["owed_by"].format(who=who)
        return self.rows(
            "commitment",
            commitment,
            self.ds.commitment_made_on(commitment),
            [commitment.field],
            self.wd.label("commitment_kind", commitment.kind.value),
            self.t(commitment.text),
            owed,
            flags,
            status,
        )

    def commitment_row(self, commitment: Commitment) -> CommitmentRow:
        judged = self.judge(commitment)
        last = judged.last_update
        text, url, ids = self.sources(list(commitment.sources) + (list(last.sources) if last else []))
        status_label, owed_by, flags = self.worded(commitment)
        return CommitmentRow(
            id=commitment.id,
            text=self.t(commitment.text),
            field_label=self.field_label(commitment.field),
            type_label=self.wd.label("commitment_kind", commitment.kind.value),
            owed_by=owed_by,
            made_at=self.t(self.origin(commitment).title),
            made_on_iso=str(judged.made_on),
            status=judged.status.value,
            status_label=status_label,
            is_open=judged.is_open,
            last_update_iso=str(last.date) if last else "",
            last_update_text=self.t(last.text) if last else "",
            age_months=judged.months_quiet,
            due_iso=str(commitment.due) if commitment.due else "",
            flags=flags,
            source_text=text,
            source_url=url,
            source_ids=ids,
            recent=judged.is_open and judged.quiet_since.latest() >= J.add_months(self.as_of, -RECENT_MONTHS),
        )


def _check_scope(ds: Dataset, countries, org_ids, year_from, year_to) -> None:
    if countries is not None:
        unknown = sorted(set(countries) - ds.countries)
        if unknown:
            raise BadInputError(
                f"no organisation or person of country {', '.join(unknown)} in the dataset "
                f"(known: {', '.join(sorted(ds.countries))})"
            )
    if org_ids is not None:
        unknown = sorted({o for o in org_ids if o not in ds.organizations})
        if unknown:
            raise BadInputError(f"unknown organisation id(s): {', '.join(unknown)}")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadInputError(f"the first year ({year_from}) is after the last ({year_to})")


def _candidates(ds: Dataset, org_ids) -> tuple[list[Meeting], list[Agreement], list[Commitment]]:
    """The meetings, agreements and commitments that may involve one of `org_ids` or their sub-units.

    Found through the dataset's indexes, so a scoped matrix costs in proportion to what those
    organisations did, not to the whole dataset.  A superset: each record still goes through the
    scope's own test.  Everything when `org_ids` is None.
    """
    if org_ids is None:
        return list(ds.meetings.values()), list(ds.agreements.values()), list(ds.commitments.values())
    orgs = J.sub_units(ds, org_ids)
    meetings = {m.id: m for o in orgs for m in ds.meetings_by_any_org.get(o, ())}
    agreements = {a.id: a for o in orgs for a in ds.agreements_by_org.get(o, ())}  # a party
    for meeting_id in meetings:  # witnessed at a meeting that involves them
        agreements.update((a.id, a) for a in ds.agreements_by_meeting.get(meeting_id, ()))
    commitments = {c.id: c for o in orgs for c in ds.commitments_by_org.get(o, ())}  # owed by them
    for origin in (*meetings, *agreements):  # made where they were
        commitments.update((c.id, c) for c in ds.commitments_by_origin.get(origin, ()))
    return list(meetings.values()), list(agreements.values()), list(commitments.values())


def _selection(b: _MatrixBuilder, countries, org_ids, years: tuple[int, ...], ranged: bool) -> str:
    what = [b.wd.country(c) for c in countries or []] + [b.org_name(o) for o in org_ids or []]
    text = b.text["selection"].format(what=", ".join(what)) if what else b.text["selection_all"]
    if ranged and years:
        text += ", " + b.text["years"].format(start=years[0], end=years[-1])
    return text


def build_matrix(
    dataset: Dataset,
    *,
    as_of: dt.date,
    lang: str = "en",
    countries: list[str] | None = None,
    org_ids: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    selection: Selection | None = None,
) -> MatrixView:
    """The matrix of activities in scope up to `as_of`, in `lang`.

    In scope: exactly the records of `selection` when given (a visit's: what its brief holds); else the
    activity involves an organisation or participant of one of `countries` (any when None) and one
    of `org_ids` or their sub-units (any when None).  Dates from `year_from` to `year_to`, nothing
    after `as_of`.  Years run without gaps from `year_from` (default: the first activity's year)
    to `year_to` (default: the last activity's year; at most the year of `as_of`).
    """
    check_language(lang)
    _check_scope(dataset, countries, org_ids, year_from, year_to)
    live_months = selection.live_months if selection is not None else J.LIVE_WITHIN_MONTHS
    scope, b = _Scope(dataset, countries, org_ids), _MatrixBuilder(dataset, as_of, lang, live_months)
    records = selection
    if selection is not None and selection.visit_date == as_of:
        b.judged.update((j.commitment.id, j) for j in selection.judged)
    last_year = as_of.year if year_to is None else min(year_to, as_of.year)

    def wanted(date, reach) -> bool:
        return (
            date.earliest() <= as_of
            and date.year <= last_year
            and (year_from is None or date.year >= year_from)
            and (records is not None or scope.includes(reach))
        )

    if records is not None:
        meetings, agreements, commitments = list(records.meetings), list(records.agreements), list(records.commitments)
    else:
        meetings, agreements, commitments = _candidates(dataset, org_ids)
    rows: list[ActivityRow] = []
    for m in meetings:
        if wanted(m.date, scope.meeting_reach(m) if records is None else None):
            rows += b.meeting_rows(m)
    for a in agreements:
        if wanted(a.signed, scope.agreement_reach(a) if records is None else None):
            rows += b.agreement_rows(a)
    commitments = [
        c
        for c in commitments
        if wanted(dataset.commitment_made_on(c), scope.commitment_reach(c) if records is None else None)
    ]
    for c in commitments:
        rows += b.commitment_rows(c)

    field_ids = list(dataset.fields) + ([NO_FIELD] if any(r.field_id == NO_FIELD for r in rows) else [])
    order = {f: i for i, f in enumerate(field_ids)}
    rows.sort(key=lambda r: (order[r.field_id], r.year, r.date_iso, KIND_ORDER[r.kind], r.id))
    first = year_from if year_from is not None else min((r.year for r in rows), default=last_year)
    last = last_year if year_to is not None else max((r.year for r in rows), default=last_year)
    years = tuple(range(first, last + 1))
    if not years:
        raise BadInputError(f"the first year ({first}) is after the as-of date ({as_of}): nothing to count")
    counts = {f: dict.fromkeys(years, 0) for f in field_ids}
    for r in rows:
        counts[r.field_id][r.year] += 1
    distinct = {(r.kind, r.id): r.year for r in rows}
    col_totals = dict.fromkeys(years, 0)
    for year in distinct.values():
        col_totals[year] += 1
    commitment_rows = tuple(
        sorted(  # open ones first, those with recent news first
            (b.commitment_row(c) for c in commitments),
            key=lambda r: (not r.is_open, not r.recent, r.made_on_iso, r.id),
        )
    )
    manifest = dataset.manifest
    if records is not None:
        chosen = b.text["selection_record"].format(name=records.person.name.full())
    else:
        chosen = _selection(b, countries, org_ids, years, year_from is not None or year_to is not None)
    n_open = sum(r.is_open for r in commitment_rows)
    return MatrixView(
        lang=lang,
        title=b.text["title"],
        scope=b.t(manifest.scope),
        selection=chosen,
        as_of=as_of,
        as_of_text=b.text["as_of"].format(date=format_day(as_of, lang)),
        handling=b.t(manifest.handling),
        author=b.t(manifest.author),
        dataset_name=manifest.name,
        fields=tuple(FieldRow(f, b.field_label(f)) for f in field_ids),
        years=years,
        counts=counts,
        row_totals={f: sum(counts[f].values()) for f in field_ids},
        col_totals=col_totals,
        total=len(distinct),
        activities=tuple(rows),
        commitments=commitment_rows,
        labels=dict(b.text),
        recent_months=RECENT_MONTHS,
        activities_note=b.wd.w("matrix_activities_note", n=len(distinct)),
        commitments_note=b.wd.w("matrix_commitments_note", n=len(commitment_rows), open=n_open),
        sources=b.source_citations(
            [*(s for r in rows for s in r.source_ids), *(s for c in commitment_rows for s in c.source_ids)]
        ),
    )
