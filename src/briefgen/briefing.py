"""Build the view of one visit: what an officer must know, computed as of the visit date.

No files, no docx: `build_brief` takes the dataset, the counterpart's id, the
visit date and a language, and returns a `Brief` (see viewmodel).  Every
judgement the brief makes (expired, expiring, stale, open for how long) is
made here, once, so the Word and Excel outputs cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections import defaultdict

from briefgen.dataset import Dataset
from briefgen.i18n import check_language, country_name, format_day, format_partial, label, words
from briefgen.models import Agreement, Commitment, CommitmentKind, Meeting, Person, Post, Reliability, Status
from briefgen.partialdate import PartialDate
from briefgen.viewmodel import (
    AgreementView,
    AliasView,
    Brief,
    CommitmentView,
    FieldGroup,
    Glance,
    MeetingView,
    Notice,
    PostView,
    ProfileView,
    SourceView,
    TalkingPoint,
)

_ID_TOKEN = re.compile(r"[a-z0-9][a-z0-9._-]*[a-z0-9]")
STALE_AFTER_MONTHS = 12
EXPIRING_WITHIN_MONTHS = 6
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def org_and_ancestors(dataset: Dataset, org_id: str | None) -> list[str]:
    chain: list[str] = []
    while org_id and org_id not in chain:
        chain.append(org_id)
        org_id = dataset.organizations[org_id].parent
    return chain


def agreement_status(agreement: Agreement, day: dt.date) -> str:
    """in_force | expiring (within 6 months) | expired | no_end_stated | not_yet, as of `day`.

    A period known only to the year runs to that year's last day: "2020–2023" is in force
    throughout 2023 and expired from 1 January 2024.
    """
    start = agreement.valid_from or agreement.signed
    if start.earliest() > day:
        return "not_yet"
    if agreement.valid_until is None:
        return "no_end_stated"
    end = agreement.valid_until.latest()
    if end < day:
        return "expired"
    return "expiring" if end <= add_months(day, EXPIRING_WITHIN_MONTHS) else "in_force"


def post_is_current(post: Post, day: dt.date) -> bool:
    if post.start and post.start.earliest() > day:
        return False
    return post.end is None or post.end.latest() >= day


class _Builder:
    def __init__(self, dataset: Dataset, person: Person, visit: dt.date, lang: str, today: dt.date):
        self.ds, self.person, self.visit, self.lang, self.today = dataset, person, visit, lang, today
        self.home = dataset.manifest.home
        self.cited: set[str] = set()
        self.numbers: dict[str, int] = {}
        self.warnings: list[Notice] = []
        # Citation placeholders carry a random token, so no text from the data can be mistaken for one.
        self.token = f"\u27e6cite-{uuid.uuid4().hex}:"

    # -- helpers -----------------------------------------------------------------------

    def date(self, value: PartialDate | None) -> str:
        return format_partial(value, self.lang)

    def org_name(self, org_id: str | None) -> str:
        if not org_id:
            return ""
        names = self.ds.organizations[org_id].names
        return names.get(self.lang) or names["en"]

    def field_label(self, field_id: str) -> str:
        labels = self.ds.fields[field_id].labels
        return labels.get(self.lang) or labels["en"]

    def cite(self, source_ids) -> str:
        """Mark sources as cited; the numbers are filled in once all citations are known."""
        ids = list(dict.fromkeys(source_ids))
        self.cited.update(ids)
        return f"{self.token}{','.join(ids)}\u27e7"

    def linked(self, text: str | None) -> str:
        """Free text with any source id in it turned into a citation: "s003-… says" → "[4] says"."""
        if not text:
            return ""
        return _ID_TOKEN.sub(lambda m: self.cite([m.group(0)]) if m.group(0) in self.ds.sources else m.group(0), text)

    def cited_ids(self, marker: str) -> list[str]:
        return [s for m in re.findall(re.escape(self.token) + r"([^\u27e7]*)\u27e7", marker) for s in m.split(",")]

    def only_machine_translated(self, source_ids) -> bool:
        return all(self.ds.sources[s].reliability is Reliability.MACHINE_TRANSLATION for s in source_ids)

    def inferred_text(self, inference) -> str:
        if inference is None:
            return ""
        if [p.value for p in inference.parts] == ["year"]:
            return words(self.lang, "year_inferred")
        parts = ", ".join(label(self.lang, "precision", p) for p in inference.parts)
        return words(self.lang, "date_inferred", parts=parts)

    def source_date(self, source_ids) -> PartialDate | None:
        """The newest publication date among these sources, at its own precision."""
        dates = [self.ds.sources[s].published for s in source_ids if self.ds.sources[s].published]
        return max(dates, key=lambda d: d.latest()) if dates else None

    def end_text(self, end: PartialDate) -> str:
        """"9 January 2026", or "end of 2023" when only the year or month is known."""
        text = self.date(end)
        return text if end.day else words(self.lang, "end_of", date=text)

    # -- profile ----------------------------------------------------------------------

    def post_view(self, post: Post) -> PostView:
        if post.start or post.end:
            end = self.date(post.end) if post.end else words(self.lang, "present")
            period = words(self.lang, "period", start=self.date(post.start), end=end) if post.start else end
        else:
            period = words(self.lang, "unknown")
        return PostView(post.title, self.org_name(post.org), period, post_is_current(post, self.visit),
                        self.cite(post.sources), self.linked(post.note))

    def latest_post(self) -> Post | None:
        current = [p for p in self.person.posts if post_is_current(p, self.visit)] or list(self.person.posts)
        if not current:
            return None
        return max(current, key=lambda p: (p.end is None, (self.source_date(p.sources) or PartialDate(1)).latest()))

    def profile(self) -> ProfileView:
        person, name = self.person, self.person.name
        latest = self.latest_post()
        source_day = self.source_date(latest.sources) if latest else None
        full = name.full()
        stale = False
        if latest is None:
            self.warn("stale_post", words(self.lang, "no_post", name=full))
        elif source_day is None:
            stale = True
            self.warn("stale_post", words(self.lang, "unknown_post_date", name=full, post=latest.title))
        elif months_between(source_day.latest(), self.visit) >= STALE_AFTER_MONTHS:
            stale = True
            self.warn("stale_post", words(self.lang, "stale_post", name=full, post=latest.title,
                                          date=self.date(source_day)))
        title = (latest.short_title or "") if latest else ""
        title = label(self.lang, "title", title) if title else (person.honorific or "")
        order = words(self.lang, "family_first" if name.order.value == "family_first" else "given_first")
        given = " ".join(p for p in (name.middle, name.given) if p)
        family = name.family.upper() if name.capitalize_family else name.family
        return ProfileView(
            person_id=person.id, name=full, native=person.native or "", honorific=person.honorific or "",
            country=country_name(self.lang, person.country),
            form_of_address=words(self.lang, "address_as", title=title, name=name.addressed()).strip(),
            name_order=words(self.lang, "name_order", order=order, family=family,
                             given=words(self.lang, "given_name_part", given=given) if given else ""),
            latest_post=self.post_view(latest) if latest else None,
            latest_post_source_date=self.date(source_day),
            latest_post_stale=stale,
            posts=[self.post_view(p) for p in self.person.posts],
            aliases=[AliasView(a.text, label(self.lang, "alias_kind", a.kind.value), a.lang, self.linked(a.why))
                     for a in person.aliases],
            disambiguation=self.linked(person.disambiguation), note=self.linked(person.note),
        )

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(Notice(code, message))

    # -- scope ------------------------------------------------------------------------

    def counterpart_orgs(self) -> list[str]:
        orgs: list[str] = []
        for post in self.person.posts:
            if post.org and post_is_current(post, self.visit):
                orgs += [o for o in org_and_ancestors(self.ds, post.org) if o not in orgs]
        return orgs

    def history(self, orgs: list[str]) -> list[tuple[Meeting, bool]]:
        attended = {m.id for m in self.ds.meetings_by_person.get(self.person.id, [])}
        found: dict[str, Meeting] = {m.id: m for m in self.ds.meetings_by_person.get(self.person.id, [])}
        for org in orgs:
            for meeting in self.ds.meetings_by_org.get(org, []):
                if any(self.ds.organizations[o].country != self.person.country for o in meeting.orgs):
                    found.setdefault(meeting.id, meeting)
        ordered = sorted(found.values(), key=lambda m: (m.date.earliest(), m.id))
        return [(m, m.id in attended) for m in ordered if m.date.earliest() <= self.visit]

    def meeting_view(self, meeting: Meeting, attended: bool) -> MeetingView:
        place = meeting.place
        where = words(self.lang, "online") if place.online else ", ".join(
            p for p in (place.venue, place.city, country_name(self.lang, place.country) if place.country else None) if p)
        by_side: dict[str, list[str]] = defaultdict(list)
        for participant in meeting.participants:
            who = self.ds.people[participant.person].name.full()
            post = participant.post.title if participant.post else ""
            by_side[participant.side].append(f"{who} ({post})" if post else who)
        participants = "; ".join(f"{country_name(self.lang, side)}: {', '.join(names)}" for side, names in by_side.items())
        if meeting.inferred:
            self.warn("inferred_date", words(self.lang, "inferred_warning", title=meeting.title,
                                             what=self.inferred_text(meeting.inferred), date=self.date(meeting.date)))
        mt = self.only_machine_translated(meeting.sources)
        if mt:
            self.warn("machine_translation", words(self.lang, "mt_warning", title=meeting.title))
        return MeetingView(
            id=meeting.id, date=self.date(meeting.date), date_iso=str(meeting.date), year=meeting.date.year,
            inferred=self.inferred_text(meeting.inferred), inferred_reason=self.linked(meeting.inferred.reason) if meeting.inferred else "",
            place=where, kind=label(self.lang, "meeting_kind", meeting.kind.value), title=meeting.title,
            attended=attended, relation=words(self.lang, "attended" if attended else "with_org"),
            participants=participants, fields=[self.field_label(f) for f in meeting.fields],
            summary=meeting.summary, outcomes=list(meeting.outcomes), machine_translation=mt,
            cites=self.cite(meeting.sources),
        )

    # -- agreements -------------------------------------------------------------------

    def agreement_view(self, agreement: Agreement) -> AgreementView:
        status = agreement_status(agreement, self.visit)
        start = agreement.valid_from or agreement.signed
        if agreement.valid_until:
            period = words(self.lang, "period", start=self.date(start), end=self.date(agreement.valid_until))
        else:
            period = words(self.lang, "no_end")
        if status == "expired":
            self.warn("expired_agreement", words(self.lang, "expired_warning", title=agreement.title,
                                                 end=self.end_text(agreement.valid_until)))
        return AgreementView(
            id=agreement.id, kind=label(self.lang, "agreement_kind", agreement.kind.value), title=agreement.title,
            parties=", ".join(self.org_name(p) for p in agreement.parties),
            signatories=", ".join(self.ds.people[s.person].name.full() for s in agreement.signatories),
            signed=self.date(agreement.signed), signed_iso=str(agreement.signed),
            inferred=self.inferred_text(agreement.inferred), period=period, status=status,
            status_label=label(self.lang, "agreement_status", status),
            end=self.end_text(agreement.valid_until) if agreement.valid_until else "",
            fields=[self.field_label(f) for f in agreement.fields], note=self.linked(agreement.note),
            machine_translation=self.only_machine_translated(agreement.sources), cites=self.cite(agreement.sources),
        )

    # -- commitments ------------------------------------------------------------------

    def commitment_view(self, commitment: Commitment) -> CommitmentView:
        made = self.ds.commitment_made_on(commitment)
        if commitment.made_at.meeting:
            origin = self.ds.meetings[commitment.made_at.meeting]
            made_at, inferred = origin.title, origin.inferred
        else:
            origin = self.ds.agreements[commitment.made_at.agreement]
            made_at, inferred = origin.title, origin.inferred
        updates = [u for u in commitment.updates if u.date.earliest() <= self.visit]
        status = commitment.status_on(self.visit)
        last = updates[-1] if updates else None
        sources = list(commitment.sources) + [s for u in updates for s in u.sources]
        owed = [country_name(self.lang, c) for c in commitment.owed_by]
        age = months_between(made.earliest(), self.visit)
        return CommitmentView(
            id=commitment.id, text=commitment.text, kind=label(self.lang, "commitment_kind", commitment.kind.value),
            owed_by=words(self.lang, "both_sides") if len(owed) > 1 else owed[0],
            field=self.field_label(commitment.field), made_at=made_at, made_on=self.date(made), made_on_iso=str(made),
            inferred=self.inferred_text(inferred), status=status.value,
            status_label=label(self.lang, "status", status.value),
            last_update=self.date(last.date if last else made), last_update_note=self.linked(last.note) if last else "",
            age_months=age, age=words(self.lang, "months", n=age), due=self.date(commitment.due) if commitment.due else "",
            machine_translation=self.only_machine_translated(commitment.sources), cites=self.cite(sources),
        )

    def relevant_commitments(self, meeting_ids: set[str], agreement_ids: set[str], orgs: list[str]) -> list[Commitment]:
        """Commitments made at these meetings or agreements, or owed by one of `orgs`, made by the visit date."""
        ds = self.ds
        found: dict[str, Commitment] = {}
        for origin in (*meeting_ids, *agreement_ids):
            found.update((c.id, c) for c in ds.commitments_by_origin.get(origin, ()))
        for org in orgs:
            found.update((c.id, c) for c in ds.commitments_by_org.get(org, ()))
        chosen = [c for c in found.values() if ds.commitment_made_on(c).earliest() <= self.visit]
        return sorted(chosen, key=lambda c: (ds.commitment_made_on(c).earliest(), c.id))

    def relevant_agreements(self, meeting_ids: set[str], orgs: list[str]) -> list[Agreement]:
        """Agreements signed at these meetings, by the counterpart or by one of `orgs`, signed by the visit date."""
        ds = self.ds
        found: dict[str, Agreement] = {a.id: a for a in ds.agreements_by_signatory.get(self.person.id, ())}
        for meeting_id in meeting_ids:
            found.update((a.id, a) for a in ds.agreements_by_meeting.get(meeting_id, ()))
        for org in orgs:
            found.update((a.id, a) for a in ds.agreements_by_org.get(org, ()))
        chosen = [a for a in found.values() if a.signed.earliest() <= self.visit]
        return sorted(chosen, key=lambda a: (a.signed.earliest(), a.id))

    # -- whole brief ------------------------------------------------------------------

    def build(self) -> Brief:
        lang, ds = self.lang, self.ds
        profile = self.profile()
        orgs = self.counterpart_orgs()
        history = self.history(orgs)
        meetings = [self.meeting_view(m, attended) for m, attended in history]
        meeting_ids = {m.id for m, _ in history}
        agreements = self.relevant_agreements(meeting_ids, orgs)
        agreement_views = [self.agreement_view(a) for a in agreements]
        commitments = self.relevant_commitments(meeting_ids, {a.id for a in agreements}, orgs)
        commitment_views = [self.commitment_view(c) for c in commitments]
        open_views = [v for v in commitment_views if v.status in {s.value for s in OPEN_STATUSES}]
        open_ids = {v.id for v in open_views}
        open_by_field: dict[str, list[CommitmentView]] = defaultdict(list)
        for view, commitment in zip(commitment_views, commitments):
            if view.id in open_ids:
                open_by_field[commitment.field].append(view)
        groups = [FieldGroup(fid, self.field_label(fid), open_by_field[fid])
                  for fid in ds.fields if fid in open_by_field]
        points = self.talking_points(agreements, agreement_views, commitments, commitment_views, groups)
        for org_id in orgs:
            succession = ds.organizations[org_id].succeeded_by
            if succession and succession.on.earliest() <= self.visit:
                self.warn("succeeded_org", words(lang, "succeeded_warning", org=self.org_name(org_id),
                                                 how=label(lang, "how", succession.how.value),
                                                 new=self.org_name(succession.org), date=self.date(succession.on)))
        sources = self.number_sources()
        newest = max((ds.sources[s].published.latest() for s in self.cited if ds.sources[s].published), default=None)
        if newest is None:
            freshness = words(lang, "freshness_none")
        else:
            freshness = words(lang, "freshness", date=format_day(newest, lang))
            if months_between(newest, self.visit) >= STALE_AFTER_MONTHS:
                self.warn("stale_data", freshness)
        partner_side = ds.manifest.partners[0] if self.person.country == ds.manifest.home else self.person.country
        last = meetings[-1] if meetings else None
        in_force = sum(v.status in ("in_force", "expiring") for v in agreement_views)
        brief = Brief(
            lang=lang, visit_date=format_day(self.visit, lang), visit_date_iso=self.visit,
            prepared_on=format_day(self.today, lang), handling=ds.manifest.handling, scope=ds.manifest.scope,
            author=ds.manifest.author, dataset_name=ds.manifest.name,
            home=country_name(lang, self.home), partner=country_name(lang, partner_side),
            title=words(lang, "brief_title", name=profile.name, date=format_day(self.visit, lang)), subject=f"{ds.manifest.scope}: {profile.name}, {format_day(self.visit, lang)}",
            profile=profile,
            glance=Glance(
                last_meeting=words(lang, "last_meeting", date=last.date, title=last.title) if last else words(lang, "none"),
                meetings=len(meetings), meetings_attended=sum(m.attended for m in meetings),
                agreements=len(agreement_views), agreements_in_force=in_force,
                agreements_expired=sum(v.status == "expired" for v in agreement_views),
                agreements_no_end=sum(v.status == "no_end_stated" for v in agreement_views),
                open_commitments=len(open_views),
                open_owed_by_partner=sum(partner_side in c.owed_by for c in commitments
                                         if c.status_on(self.visit) in OPEN_STATUSES),
                open_owed_by_home=sum(self.home in c.owed_by for c in commitments
                                      if c.status_on(self.visit) in OPEN_STATUSES),
                open_fields=[g.label for g in groups],
            ),
            meetings=meetings, agreements=agreement_views, open_by_field=groups, commitments=commitment_views,
            talking_points=points, sources=sources, warnings=_dedupe(self.warnings), freshness=freshness,
            newest_source_date=format_day(newest, lang) if newest else "", org_ids=orgs,
        )
        return _fill_citations(brief, self.numbers, self.token)

    def talking_points(self, agreements, agreement_views, commitments, commitment_views, groups) -> list[TalkingPoint]:
        points: list[TalkingPoint] = []
        for agreement, view in zip(agreements, agreement_views):
            if view.status in ("expired", "expiring"):
                period = f"{(agreement.valid_from or agreement.signed).year}–{agreement.valid_until.year}"
                key = "expired_point" if view.status == "expired" else "expiring_point"
                points.append(TalkingPoint(f"{view.status}_agreement",
                                           words(self.lang, key, kind=view.kind, period=period, end=view.end), view.cites))
        for group in groups:
            stale = [v for v in group.commitments if v.age_months > STALE_AFTER_MONTHS and v.kind != label(
                self.lang, "commitment_kind", "invitation")]
            if stale:
                oldest = min(stale, key=lambda v: v.made_on_iso)
                items = words(self.lang, "items_1") if len(stale) == 1 else words(self.lang, "items_n", n=len(stale))
                points.append(TalkingPoint("stale_commitments", words(
                    self.lang, "stale_commitments_point", field=group.label, items=items, oldest=oldest.made_on),
                    self.cite(s for v in stale for s in self.cited_ids(v.cites))))
        for commitment, view in zip(commitments, commitment_views):
            if commitment.kind is CommitmentKind.INVITATION and view.status == Status.OPEN.value:
                points.append(TalkingPoint("invitation", words(self.lang, "invitation_point", made=view.made_on,
                                                               text=commitment.text), view.cites))
        return points

    def number_sources(self) -> list[SourceView]:
        ordered = sorted(self.cited, key=lambda s: (self.ds.sources[s].published is None,
                                                    (self.ds.sources[s].published or PartialDate(1)).earliest(), s))
        views = []
        for number, source_id in enumerate(ordered, start=1):
            self.numbers[source_id] = number
            source = self.ds.sources[source_id]
            views.append(SourceView(
                number=number, id=source.id, title=source.title, publisher=source.publisher,
                published=self.date(source.published), language=source.language,
                reliability=label(self.lang, "reliability", source.reliability.value),
                machine_translation=source.reliability is Reliability.MACHINE_TRANSLATION,
                location=source.url or f"seeds/{source.file}", note=source.note or ""))
        return views


def _dedupe(warnings: list[Notice]) -> list[Notice]:
    return list(dict.fromkeys(warnings))


def _fill_citations(brief: Brief, numbers: dict[str, int], token: str):
    """Replace the citation placeholders by "[1, 3]" now that sources are numbered."""
    pattern = re.compile(re.escape(token) + r"([^\u27e7]*)\u27e7")

    def render(match: re.Match) -> str:
        return "[" + ", ".join(map(str, sorted({numbers[s] for s in match.group(1).split(",") if s}))) + "]"

    def walk(value):
        """`value` with its placeholders filled: the same object when it holds none (most do)."""
        if isinstance(value, str):
            return pattern.sub(render, value) if token in value else value
        if isinstance(value, list):
            walked = [walk(v) for v in value]
            return value if all(w is v for w, v in zip(walked, value)) else walked
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in dataclasses.fields(value):
                old = getattr(value, f.name)
                new = walk(old)
                if new is not old:
                    changes[f.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        return value

    return walk(brief)


def build_brief(dataset: Dataset, person_id: str, *, visit: dt.date | None = None, lang: str = "en",
                today: dt.date | None = None) -> Brief:
    """The brief for a visit to (or from) `person_id` on `visit` (default today), in `lang`."""
    today = today or dt.date.today()
    visit = visit or today
    check_language(lang)
    return _Builder(dataset, dataset.people[person_id], visit, lang, today).build()
