"""Build the view of one visit: what an officer must know, as of the visit date, in the brief's language.

No files, no docx: `build_brief` takes the dataset, the counterpart's id, the
visit date and a language, and returns a `Brief` (see viewmodel).  Every
judgment (in force or renewed, current or former post, live or quiet item)
comes from `judgments`; this module only chooses what to show where and
words it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence

from briefgen import judgments as J
from briefgen.dataset import Dataset
from briefgen.delegation import Visit
from briefgen.i18n import (
    check_language,
    country_name,
    format_span,
    label,
    sentence,
    words,
)
from briefgen.models import Agreement, CommitmentKind, Meeting, Reliability
from briefgen.partialdate import PartialDate
from briefgen.selection import Selection, select
from briefgen.viewmodel import (
    AgreementView,
    Brief,
    CommitmentView,
    CounterpartView,
    CountRow,
    DatedLine,
    Fact,
    FieldGroup,
    MeetingView,
    Notice,
    PostView,
    ProfileView,
    SourceView,
    TalkingPoint,
    view_fields,
)
from briefgen.wording import Wording

MAX_SUGGESTIONS = 5
MAX_RENEWALS = 2  # renewal prompts among the suggestions: the rest of the record is in Annex C
MAX_OPEN_ITEMS = 6
ANNEX_WHOLE_UP_TO = 40  # meetings (or open items) a record may hold and still be listed whole in the annexes
ANNEX_RECENT_MONTHS = 24  # beyond that, the annexes list these months in full and count the older record
DUE_SOON_MONTHS = 6  # an item our side owes that falls due within this many months of the visit may be raised
MAX_DOUBTS_EACH = 3  # more inferred dates (or machine-translated meetings) than this are counted in one line
# Alias kinds a reader may meet in documents; misspellings and machine-translation artefacts only
# help the name search and stay in the data.
_READER_ALIASES = (
    "other_order",
    "transliteration",
    "no_diacritics",
    "native_script",
    "former_name",
    "acronym",
    "translation_variant",
)


class _BriefBuilder:
    def __init__(self, selection: Selection, lang: str, today: dt.date):
        self.sel = selection
        self.ds, self.person, self.visit_date = selection.dataset, selection.person, selection.visit_date
        self.lang, self.today = lang, today
        self.visit = selection.visit
        self.live_months = selection.live_months
        self.home = self.ds.manifest.home
        # Every record is worded through one Wording, the same the matrix and `who` use.
        self.wd = Wording(self.ds, lang)
        self.t, self.date, self.tdate, self.day = self.wd.text, self.wd.date, self.wd.table_date, self.wd.day
        self.org_name, self.field_label, self.person_name = self.wd.org_name, self.wd.field_label, self.wd.person_name
        self.inferred_text, self.end_text, self.agreement_name = (
            self.wd.inferred,
            self.wd.end_text,
            self.wd.agreement_name,
        )
        self.cited: set[str] = set()
        self.numbers: dict[str, int] = {}
        self.notices: list[Notice] = []
        # Citation placeholders carry a random token, so no text from the data can be mistaken for one.
        self.token = f"\u27e6cite-{uuid.uuid4().hex}:"

    # -- wording --------------------------------------------------------------------------

    def w(self, key: str, **values: object) -> str:
        return words(self.lang, key, **values)

    def cite(self, source_ids: Iterable[str]) -> str:
        """Mark sources as cited; the numbers are filled in once all citations are known."""
        ids = list(dict.fromkeys(source_ids))
        self.cited.update(ids)
        return f"{self.token}{','.join(ids)}\u27e7"

    def only_machine_translated(self, source_ids) -> bool:
        return all(self.ds.sources[s].reliability is Reliability.MACHINE_TRANSLATION for s in source_ids)

    def notice(self, code: str, message: str) -> None:
        self.notices.append(Notice(code, message))

    # -- the counterpart ------------------------------------------------------------------

    def standing(self) -> list[str]:
        """The person's recorded events, dated and cited: "convicted, 20 December 2021: …"."""
        lines = []
        for event in self.person.events:
            if event.date.earliest() > self.visit_date:
                continue
            what = self.w("event", kind=label(self.lang, "event_kind", event.kind.value), date=self.date(event.date))
            text = self.t(event.text)
            lines.append(f"{what}: {text} {self.cite(event.sources)}" if text else f"{what} {self.cite(event.sources)}")
        return lines

    @property
    def untranslated(self) -> int:
        return self.wd.untranslated

    def post_view(self, status: J.PostStatus) -> PostView:
        return PostView(
            self.t(status.post.title),
            self.org_name(status.post.org),
            self.wd.period(status.post, status.held, table=True),
            status.state.value,
            self.wd.post_state_label(status),
            self.cite(status.post.sources),
        )

    def native(self) -> str:
        native = self.person.native or ""
        if not native or native.casefold() == self.person.name.full(capitals=False).casefold():
            return ""
        return native if any(ord(ch) > 0x2E7F for ch in native) else ""

    def post_line(self, latest: J.PostStatus | None) -> tuple[str, str]:
        """("Minister for …, Ministry of … (from 2019)", flag) for the front page, as `wording` words it; a post
        in doubt is also a point to verify."""
        line, flag = self.wd.post_line(latest, self.visit_date)
        if latest is None or not flag:
            return line, flag
        name, where = self.person.name.full(), self.wd.post_where(latest.post)
        if latest.state is J.PostState.UNCONFIRMED and latest.held:
            self.notice("stale_post", self.w("unconfirmed_notice", name=name, post=where, why=flag))
        elif latest.held:
            seen = latest.evidence
            when = self.date(seen) if seen else self.w("undated")
            self.notice("stale_post", self.w("stale_post_notice", name=name, post=where, date=when))
        elif latest.state is J.PostState.PROBABLY_ENDED:
            self.notice("probably_ended", self.w("probably_ended_notice", name=name, post=where, why=flag))
        return line, flag

    # -- meetings -------------------------------------------------------------------------

    def relation(self, meeting: Meeting, attended: bool, scope: J.CounterpartScope) -> str:
        if attended:
            return self.w("attended")
        org = next(
            (o for o in meeting.orgs if o in scope.history),
            next((o for o in J.meeting_orgs(meeting) if o in scope.history), None),
        )
        if org is None:
            return self.w("with_org_generic")
        text = self.w("with_org", org=self.org_name(org))
        became = J.renamed_as_of(self.ds, org, self.visit_date)
        if became:
            fact = next((f for f in J.successions_touching(self.ds, [org], self.visit_date) if f.org == org), None)
            if fact:
                text += self.w(
                    "then_became",
                    how=label(self.lang, "how", fact.how),
                    org=self.org_name(fact.into),
                    date=self.date(fact.on),
                )
        return text

    def meeting_view(self, meeting: Meeting, attended: bool, scope: J.CounterpartScope) -> MeetingView:
        place = meeting.place
        where = (
            self.w("online")
            if place.online
            else ", ".join(
                p
                for p in (
                    self.t(place.venue),
                    self.t(place.city),
                    country_name(self.lang, place.country) if place.country else None,
                )
                if p
            )
        )
        by_side: dict[str, list[str]] = defaultdict(list)
        for participant in meeting.participants:
            who = self.person_name(participant.person)
            post = self.t(participant.post.title) if participant.post else ""
            by_side[participant.side].append(f"{who} ({post})" if post else who)
        participants = "; ".join(
            f"{country_name(self.lang, side)}: {', '.join(names)}" for side, names in by_side.items()
        )
        title = self.t(meeting.title)
        if meeting.inferred:
            self.notice(
                "inferred_date",
                self.w(
                    "inferred_notice",
                    title=title,
                    what=self.inferred_text(meeting.inferred),
                    date=self.date(meeting.date),
                ),
            )
        mt = self.only_machine_translated(meeting.sources)
        if mt:
            self.notice("machine_translation", self.w("mt_notice", title=title))
        for org in meeting.orgs:
            became = J.renamed_as_of(self.ds, org, self.visit_date)
            fact = next((f for f in J.successions_touching(self.ds, [org], self.visit_date) if f.org == org), None)
            if became and fact and org not in scope.history:
                participants += " · " + self.w(
                    "as_then",
                    org=self.org_name(org),
                    how=label(self.lang, "how", fact.how),
                    new=self.org_name(fact.into),
                    date=self.date(fact.on),
                )
        date = self.tdate(meeting.date)
        if meeting.until and meeting.until != meeting.date:
            date = self.w("period", start=date, end=self.tdate(meeting.until))
        return MeetingView(
            id=meeting.id,
            date=date,
            date_iso=str(meeting.date),
            year=meeting.date.year,
            inferred=self.inferred_text(meeting.inferred),
            place=where,
            kind=label(self.lang, "meeting_kind", meeting.kind.value),
            title=title,
            attended=attended,
            relation=self.relation(meeting, attended, scope),
            participants=participants,
            fields=[self.field_label(f) for f in meeting.fields],
            machine_translation=mt,
            cites=self.cite(meeting.sources),
        )

    def meeting_line(self, meeting: Meeting | None) -> tuple[str, str]:
        if meeting is None:
            return self.w("none_recorded"), ""
        date = format_span(meeting.date, meeting.until, self.lang)
        return self.w("meeting_line", date=date, title=self.t(meeting.title)), self.cite(meeting.sources)

    # -- agreements -----------------------------------------------------------------------

    def agreement_view(self, agreement: Agreement) -> AgreementView:
        status = J.agreement_status(self.ds, agreement, self.visit_date)
        state = status.state
        period = self.wd.agreement_period(agreement)
        status_label = self.wd.agreement_status_text(agreement, status)
        lineage = ""
        if status.predecessor is not None:
            lineage = self.w(
                "renews" if status.predecessor_how == "renews" else "supersedes",
                name=self.agreement_name(status.predecessor),
            )
        return AgreementView(
            id=agreement.id,
            kind=label(self.lang, "agreement_kind", agreement.kind.value),
            title=self.t(agreement.title),
            parties=", ".join(self.org_name(p) for p in agreement.parties),
            signatories=", ".join(self.person_name(s.person) for s in agreement.signatories),
            signed=self.tdate(agreement.signed),
            signed_iso=str(agreement.signed),
            inferred=self.inferred_text(agreement.inferred),
            period=period,
            status=state.value,
            status_label=status_label,
            flagged=status.lapsed_unrenewed,
            lineage=lineage,
            fields=[self.field_label(f) for f in agreement.fields],
            machine_translation=self.only_machine_translated(agreement.sources),
            cites=self.cite(agreement.sources),
        )

    # -- commitments ----------------------------------------------------------------------

    def commitment_view(self, judged: J.CommitmentStatus) -> CommitmentView:
        commitment = judged.commitment
        origin: Meeting | Agreement
        if commitment.made_at.meeting:
            origin = self.ds.meetings[commitment.made_at.meeting]
        else:
            origin = self.ds.agreements[commitment.made_at.agreement or ""]
        sources = list(commitment.sources)
        if judged.last_update:
            sources += judged.last_update.sources
        return CommitmentView(
            id=commitment.id,
            text=self.t(commitment.text),
            kind=self.wd.commitment_kind(commitment, home_view=self.sel.is_home_side),
            owed_by=self.wd.owed_by(commitment),
            field=self.field_label(commitment.field),
            made_at=self.t(origin.title),
            made_on=(
                format_span(judged.made_on, judged.made_until, self.lang)
                if judged.made_until is not None
                else self.tdate(judged.made_on)
            ),
            made_on_iso=str(judged.made_on),
            inferred=self.inferred_text(origin.inferred),
            status=judged.status.value,
            staleness=judged.staleness.value,
            state_label=self.wd.commitment_state(judged),
            live=judged.staleness is J.Staleness.LIVE,
            machine_translation=self.only_machine_translated(commitment.sources),
            cites=self.cite(sources),
        )

    def agreement_count(self, agreements: list[Agreement]) -> str:
        """ "9 signed documents (3 instruments between governments in force, 2 joint statements or letters of
        intent, 1 with a company, counted apart)": what each number counts, companies' contracts apart."""
        classes = [(a, J.agreement_class(self.ds, a)) for a in agreements]
        states = {a.id: J.agreement_status(self.ds, a, self.visit_date) for a in agreements}
        governments = [a for a, c in classes if c is J.AgreementClass.GOVERNMENTS]
        parts = [
            self.w(
                "count_in_force",
                n=sum(states[a.id].state.in_force for a in governments),
            )
        ]
        declarations = sum(
            (states[a.id].own_state or states[a.id].state) in (J.AgreementState.ADOPTED, J.AgreementState.SIGNED)
            for a in governments
        )
        if declarations:
            parts.append(self.w("count_declarations", n=declarations))
        companies = sum(c is J.AgreementClass.COMPANIES for _, c in classes)
        if companies:
            parts.append(self.w("count_companies", n=companies))
        undetermined = sum(c is J.AgreementClass.UNDETERMINED for _, c in classes)
        if undetermined:
            parts.append(self.w("count_undetermined", n=undetermined))
        return self.w("count_documents", n=len(agreements), parts=", ".join(parts))

    # -- suggestions ----------------------------------------------------------------------

    def suggestions(
        self, own_agreements: list[Agreement], live: list[J.CommitmentStatus], views: dict[str, CommitmentView]
    ) -> list[TalkingPoint]:
        """At most MAX_SUGGESTIONS points from the counterpart's own record: agreements about to lapse with
        nothing to follow them (time-bound), then live items with recent news (invitations, requests to the
        partner, our own undertakings), then agreements that lapsed unrenewed; at most MAX_RENEWALS renewal
        prompts in all, the most recent first, and never for a contract between companies (not ours to
        renew)."""
        expiring: list[tuple[dt.date, TalkingPoint]] = []
        lapsed: list[tuple[dt.date, TalkingPoint]] = []
        recent = J.add_months(self.visit_date, -2 * self.live_months)
        for agreement in own_agreements:
            status = J.agreement_status(self.ds, agreement, self.visit_date)
            # Worth raising while recent (agreements run for years: twice the window of live items);
            # one that lapsed long ago is history, flagged in Annex C.
            # (lapsed_unrenewed means expired or expiring: valid_until is always given then)
            if (
                status.lapsed_unrenewed
                and agreement.valid_until
                and agreement.valid_until.latest() >= recent
                and J.agreement_class(self.ds, agreement) is J.AgreementClass.GOVERNMENTS
            ):
                key = "lapsed_point" if status.state is J.AgreementState.EXPIRED else "expiring_point"
                point = TalkingPoint(
                    f"{status.state.value}_agreement",
                    self.w(key, name=self.agreement_name(agreement), end=self.end_text(agreement.valid_until)),
                    self.cite(agreement.sources),
                )
                (lapsed if status.state is J.AgreementState.EXPIRED else expiring).append(
                    (agreement.valid_until.latest(), point)
                )
        renewals = sorted(expiring, key=lambda p: p[0]) + sorted(lapsed, key=lambda p: p[0], reverse=True)
        kept = {id(p) for _, p in renewals[:MAX_RENEWALS]}
        points: list[TalkingPoint] = [p for _, p in sorted(expiring, key=lambda p: p[0]) if id(p) in kept]
        partner = [
            j
            for j in live
            if self.home not in j.commitment.owed_by and j.commitment.kind is not CommitmentKind.INVITATION
        ]
        ours = [
            j for j in live if self.home in j.commitment.owed_by and j.commitment.kind is not CommitmentKind.INVITATION
        ]
        invitations = [j for j in live if j.commitment.kind is CommitmentKind.INVITATION]
        newest_first = lambda items: sorted(items, key=lambda j: j.quiet_since.latest(), reverse=True)  # noqa: E731
        ranked = (
            ("invitation", "invitation_point", invitations),
            ("ask_progress", "ask_progress", partner),
            ("report_progress", "report_progress", ours),
        )
        for kind, key, items in ranked:
            for judged in newest_first(items):
                view = views[judged.commitment.id]
                points.append(TalkingPoint(kind, self.w(key, text=view.text, date=view.made_on), view.cites))
        points += [p for _, p in sorted(lapsed, key=lambda p: p[0], reverse=True) if id(p) in kept]
        return [dataclasses.replace(p, text=p.text[:1].upper() + p.text[1:]) for p in points[:MAX_SUGGESTIONS]]

    # -- the front: the visit, background, what each side owes ----------------------------

    def whom(self, latest: J.PostStatus | None) -> str:
        """ "TAKAICHI Sanae, Minister for … (Japan)": the name and the post in a few words, the post's doubt
        left to the line about the counterpart now."""
        name = self.person.name.full()
        if latest is None:
            return name
        where = self.wd.post_where(latest.post)
        post = where if latest.held else self.w("former_post_undated", post=where)
        country = country_name(self.lang, self.person.country)
        if country.casefold() not in post.casefold():
            post = self.w("post_of_country", post=post, country=country)
        return self.w("name_and_post", name=name, post=post)

    def visit_line(self, latest: J.PostStatus | None) -> str:
        """Who receives whom, where, in what format and when: as much as the visit file says."""
        visit, whom = self.visit, self.whom(latest)
        when = self.day(self.visit_date)
        where = form = ""
        principal = None
        host = False
        if visit is not None:
            place = visit.place
            if place is not None and place.online:
                where = self.w("visit_online")
            elif place is not None:
                parts = [self.t(place.venue), self.t(place.city)]
                if place.country and (place.country != self.home or not place.city):
                    parts.append(country_name(self.lang, place.country))
                where = self.w("visit_at" if place.venue else "visit_in", place=", ".join(p for p in parts if p))
                host = place.country == self.home
            if visit.format is not None:
                form = self.w("visit_format", format=label(self.lang, "meeting_kind", visit.format.value))
            if visit.our_side is not None and visit.our_side.principal is not None:
                principal = self.t(visit.our_side.principal)
        if principal:
            key = "visit_line_host" if host else "visit_line_meet"
            return sentence(self.w(key, date=when, where=where, principal=principal, whom=whom, format=form))
        return sentence(self.w("visit_line_bare", date=when, where=where, whom=whom, format=form))

    def visit_facts(self) -> list[Fact]:
        visit = self.visit
        if visit is None:
            return []
        facts = []
        if visit.purpose is not None:
            facts.append(Fact(self.w("visit_purpose"), self.t(visit.purpose)))
        our = visit.our_side
        if our is not None and (our.principal is not None or our.members):
            names = ([our.principal] if our.principal is not None else []) + list(our.members)
            facts.append(Fact(self.w("visit_our_side"), "; ".join(self.t(n) for n in names)))
        if len(visit.their_side) > 1:
            facts.append(Fact(self.w("visit_their_side"), "; ".join(visit.their_side)))
        return facts

    def address_line(self, latest: J.PostStatus | None, form: str, flag: str) -> str:
        """The form of address; while the post is in doubt, the plain form beside it."""
        if not flag or latest is None or not latest.held:
            return form
        honorific = label(self.lang, "honorific", self.person.honorific) if self.person.honorific else ""
        plain = self.w("address_as", title=honorific, name=self.person.name.addressed()).strip()
        return self.w("address_hedged", address=form, plain=plain) if plain != form else form

    def background(
        self,
        history: Sequence[tuple[Meeting, bool]],
        agreements: list[Agreement],
        agreement_views: dict[str, AgreementView],
        last_attended: Meeting | None,
        last_org: Meeting | None,
    ) -> list[DatedLine]:
        """Three to five dated lines, oldest first: the first meeting with the counterpart, what binds the two
        sides (agreements in force, else the latest), the last meetings, the latest agreement."""
        # By record: its date (a meeting over several days: its span, no more precise than the record), text, cites.
        picked: dict[str, tuple[PartialDate, PartialDate | None, str, str]] = {}
        attended = [m for m, was in history if was]
        if attended and attended[0] is not last_attended:
            first = attended[0]
            picked[first.id] = (
                first.date,
                first.until,
                self.w("bg_first_meeting", title=self.t(first.title)),
                self.cite(first.sources),
            )
        # What binds the two sides: instruments between governments (a company's contract is counted apart).
        binding = [a for a in agreements if J.agreement_class(self.ds, a) is J.AgreementClass.GOVERNMENTS]
        in_force = [a for a in binding if J.agreement_status(self.ds, a, self.visit_date).state.in_force]
        for agreement in (in_force or binding or agreements)[-2:]:
            view = agreement_views[agreement.id]
            text = self.w("bg_agreement", title=view.title, status=view.status_label)
            picked[agreement.id] = (agreement.signed, None, text, self.cite(agreement.sources))
        if last_attended is not None:
            text = self.w("bg_last_attended", title=self.t(last_attended.title))
            picked[last_attended.id] = (last_attended.date, last_attended.until, text, self.cite(last_attended.sources))
        if last_org is not None:
            text = self.w("bg_last_org", title=self.t(last_org.title))
            picked[last_org.id] = (last_org.date, last_org.until, text, self.cite(last_org.sources))
        if len(picked) < 3:  # a thin record: the latest meetings make up the three lines
            for meeting, _ in reversed(history):
                if len(picked) >= 3:
                    break
                picked.setdefault(
                    meeting.id, (meeting.date, meeting.until, self.t(meeting.title), self.cite(meeting.sources))
                )
        lines = sorted(picked.values(), key=lambda p: p[0].earliest())[-5:]
        return [
            DatedLine(sentence(format_span(day, until, self.lang)), text, cites) for day, until, text, cites in lines
        ]

    def counted(self, items: list[tuple[int, list[str]]]) -> list[CountRow]:
        """Records counted by year (oldest first), each year with its count by field: "5G 3, cybersecurity 1"."""
        years: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[int, int] = defaultdict(int)
        for year, fields in items:
            totals[year] += 1
            for f in fields:
                years[year][f] += 1
        rows = []
        for year in sorted(totals):
            by_field = sorted(years[year].items(), key=lambda kv: (-kv[1], self.field_label(kv[0])))
            text = ", ".join(f"{self.field_label(f)} {n}" for f, n in by_field)
            rows.append(CountRow(str(year), totals[year], text))
        return rows

    def sides(
        self, own_open: list[J.CommitmentStatus], views: dict[str, CommitmentView]
    ) -> tuple[list[CommitmentView], list[CommitmentView]]:
        """(what is open on their side: live items they owe or owe with us, newest news first;
        what they may raise: what our side owes that is overdue, due soon or live, most pressing first)."""
        soon = J.add_months(self.visit_date, DUE_SOON_MONTHS)
        theirs, ours = [], []
        for judged in own_open:
            c = judged.commitment
            if c.kind is CommitmentKind.INVITATION:
                continue
            if c.owed_by == [self.home]:
                overdue = judged.staleness is J.Staleness.DUE_PASSED
                due_soon = c.due is not None and self.visit_date <= c.due.earliest() <= soon
                if overdue or due_soon or judged.staleness is J.Staleness.LIVE:
                    rank = 0 if overdue else 1 if due_soon else 2
                    ours.append((rank, -judged.quiet_since.latest().toordinal(), views[c.id]))
            elif judged.staleness is J.Staleness.LIVE:
                theirs.append((-judged.quiet_since.latest().toordinal(), views[c.id]))
        return (
            [v for _, v in sorted(theirs, key=lambda t: t[0])][:MAX_OPEN_ITEMS],
            [v for *_, v in sorted(ours, key=lambda t: t[:2])][:MAX_OPEN_ITEMS],
        )

    # -- whole brief ----------------------------------------------------------------------

    def build(self) -> Brief:
        lang, ds, person, sel = self.lang, self.ds, self.person, self.sel
        scope, latest, statuses, history = sel.scope, sel.latest, sel.statuses, sel.history
        # A long record: the annexes give its recent part in full and count the rest by year and field.
        recent_from = J.add_months(self.visit_date, -ANNEX_RECENT_MONTHS)
        whole = len(history) <= ANNEX_WHOLE_UP_TO
        meetings = [
            self.meeting_view(m, attended, scope) for m, attended in history if whole or m.date.latest() >= recent_from
        ]
        older_meetings = self.counted(
            [(m.date.year, list(m.fields)) for m, _ in history if not whole and m.date.latest() < recent_from]
        )
        meeting_ids = [m.id for m, _ in history]
        agreements = list(sel.agreements)
        agreement_views = [self.agreement_view(a) for a in agreements]
        views_by_agreement = {v.id: v for v in agreement_views}
        commitments = sel.commitments
        open_judged = list(sel.open)
        # Views of the items the brief shows, made when first asked for: a long Annex D counts most open
        # items by year (at size L, 71 of 798 are shown), so wording all of them was most of the build.
        views = _Lazy(self.commitment_view, {j.commitment.id: j for j in open_judged})
        own_agreements, live = list(sel.own_agreements), list(sel.live)
        # The front's counts are of every open item, as Annex D lists them: live ones (news within the
        # window) and older ones; a long Annex D lists the live ones and counts the older ones by year.
        live_all = [j for j in open_judged if j.staleness is J.Staleness.LIVE]
        older = [j for j in open_judged if j.staleness is not J.Staleness.LIVE]

        by_field: dict[str, list[CommitmentView]] = defaultdict(list)
        open_whole = len(open_judged) <= ANNEX_WHOLE_UP_TO
        older_open = []
        for j in open_judged:
            if open_whole or j.staleness is J.Staleness.LIVE:
                by_field[j.commitment.field].append(views[j.commitment.id])
            else:
                older_open.append((j.made_on.year, [j.commitment.field]))
        groups = [FieldGroup(fid, self.field_label(fid), by_field[fid]) for fid in ds.fields if fid in by_field]

        attended_meetings = list(sel.attended)
        last_attended, last_org = sel.last_attended(), sel.last_with_org()
        attended_line, attended_cites = self.meeting_line(last_attended)
        org_line, org_cites = self.meeting_line(last_org) if last_org else ("", "")

        involved = (
            set(scope.history) | {o for m, _ in history for o in m.orgs} | {o for a in agreements for o in a.parties}
        )
        successions = [
            self.w(
                "succession",
                org=self.org_name(f.org),
                how=label(lang, "how", f.how),
                new=self.org_name(f.into),
                date=self.date(f.on),
            )
            for f in J.successions_touching(ds, involved, self.visit_date)
        ]
        post_line, post_flag = self.post_line(latest)
        if person.country == self.home:  # a brief about one of our own: said before anything else
            post_line = self.w("home_side", side=country_name(lang, self.home), line=post_line)
        standing = self.standing()
        if standing:
            post_flag = "; ".join([post_flag, *standing] if post_flag else standing)
        record = self.w(
            "record",
            meetings=self.w("n_meetings", n=len(history)),
            attended=len(attended_meetings),
            agreements=self.agreement_count(agreements),
            open=self.w("n_open", n=len(open_judged)),
        )
        counterpart = CounterpartView(
            name=person.name.full(),
            native=self.native(),
            honorific=label(lang, "honorific", person.honorific) if person.honorific else "",
            country=country_name(lang, person.country),
            former=J.is_former(latest),
            post_line=post_line,
            post_flag=post_flag,
            post_cites=self.cite(latest.post.sources) if latest else "",
            form_of_address=self.wd.form_of_address(person, latest),
            last_meeting_attended=attended_line,
            last_meeting_attended_cites=attended_cites,
            last_meeting_org=org_line,
            last_meeting_org_cites=org_cites,
            successions=successions,
            record=record,
        )
        suggestions = self.suggestions(own_agreements, live, views)
        live_views = [views[j.commitment.id] for j in sorted(live, key=lambda j: j.quiet_since.latest(), reverse=True)]
        more_live = len(live_all) - min(len(live_views), MAX_OPEN_ITEMS)
        oldest_item = min(older, key=lambda j: j.quiet_since.earliest(), default=None)
        oldest = oldest_item.quiet_since if oldest_item else None
        notes = []
        if more_live > 0:
            notes.append(self.w("more_items", n=more_live))
        if oldest is not None:
            key = "older_items" if live_all else "no_live_older"
            span = format_span(oldest, oldest_item.quiet_until if oldest_item else None, self.lang)
            notes.append(self.w(key, n=len(older), months=self.live_months, date=span))
        elif not live_all:
            notes.append(self.w("no_live", months=self.live_months))
        older_items = " ".join(notes)

        their_open, may_raise = self.sides(list(sel.own_open), views)
        background = self.background(history, agreements, views_by_agreement, last_attended, last_org)
        visit_line = self.visit_line(latest)
        profile = ProfileView(
            person_id=person.id,
            name=person.name.full(),
            native=self.native(),
            honorific=counterpart.honorific,
            country=counterpart.country,
            form_of_address=counterpart.form_of_address,
            name_order=self.name_order(),
            posts=[self.post_view(s) for s in statuses],
            other_spellings="; ".join(
                f"{a.text} ({label(lang, 'alias_kind', a.kind.value)})"
                for a in person.aliases
                if a.kind.value in _READER_ALIASES
            ),
            identity_note=" ".join(p for p in (self.t(person.disambiguation), *standing) if p),
        )
        freshness = self.freshness(history, agreements, commitments)
        if self.untranslated:
            self.notice("untranslated", self.w("untranslated_notice", n=self.untranslated))
        partner_side = ds.manifest.partners[0] if person.country == ds.manifest.home else person.country
        visit_text = self.day(self.visit_date)
        brief = Brief(
            lang=lang,
            visit_date=visit_text,
            visit_date_iso=self.visit_date,
            prepared_on=self.day(self.today),
            handling=self.t(ds.manifest.handling),
            scope=self.t(ds.manifest.scope),
            author=self.t(ds.manifest.author),
            dataset_name=ds.manifest.name,
            home=country_name(lang, self.home),
            partner=country_name(lang, partner_side),
            title=self.w("brief_title", name=counterpart.name, date=visit_text),
            subject=f"{self.t(ds.manifest.scope)}: {counterpart.name}, {visit_text}",
            counterpart=counterpart,
            suggestions=suggestions,
            open_items=live_views[:MAX_OPEN_ITEMS],
            older_items=older_items,
            verify=self.doubts(),
            profile=profile,
            meetings=meetings,
            agreements=agreement_views,
            commitments_by_field=groups,
            sources=[],
            freshness=freshness,
            open_count=len(open_judged),
            person_id=person.id,
            meeting_ids=tuple(meeting_ids),
            agreement_ids=tuple(a.id for a in agreements),
            commitment_ids=tuple(c.id for c in commitments),
            visit_line=visit_line,
            visit_facts=self.visit_facts(),
            address_line=self.address_line(latest, counterpart.form_of_address, post_flag),
            background=background,
            their_open=their_open,
            may_raise=may_raise,
        )
        verify = brief.verify
        if post_flag:  # the post's doubt is flagged on its line: not again under "Points to verify"
            verify = [n for n in verify if n.code not in ("stale_post", "probably_ended")]
        brief = dataclasses.replace(
            brief,
            front_verify=verify,
            older_meetings=older_meetings,
            older_open=self.counted(older_open),
            annex_recent_months=0 if whole and open_whole else ANNEX_RECENT_MONTHS,
        )
        # Only the sources of what the brief shows are listed (and numbered): at size L, 527 became ~60.
        self.cited = _cited_in(brief, self.token)
        brief = dataclasses.replace(brief, sources=self.number_sources())
        return _fill_citations(brief, self.numbers, self.token)

    def doubts(self) -> list[Notice]:
        """The points to verify, each once, the counterpart's own first; doubts about single meetings
        (an inferred date, a machine-translated source) are one line each while few, else one line that
        counts them, since the annex marks each."""
        unique = list(dict.fromkeys(self.notices))
        about_meetings = {"inferred_date": "inferred_count", "machine_translation": "mt_count"}
        kept = []
        for notice in unique:
            same = [n for n in unique if n.code == notice.code]
            if notice.code in about_meetings and len(same) > MAX_DOUBTS_EACH:
                if notice is same[0]:
                    kept.append(Notice(notice.code, self.w(about_meetings[notice.code], n=len(same))))
            else:
                kept.append(notice)
        first = ("probably_ended", "stale_post", "stale_data")
        return sorted(kept, key=lambda n: first.index(n.code) if n.code in first else len(first))

    def name_order(self) -> str:
        name = self.person.name
        order = self.w("family_first" if name.order.value == "family_first" else "given_first")
        given = " ".join(p for p in (name.middle, name.given) if p)
        family = name.family.upper() if name.capitalize_family else name.family
        return self.w(
            "name_order", order=order, family=family, given=self.w("given_name_part", given=given) if given else ""
        )

    def freshness(self, history, agreements, commitments) -> str:
        """The newest dated record about the counterpart and in the whole dataset, stated plainly; a notice
        when nothing about the counterpart is recent."""
        own = J.newest(J.event_dates(self.ds, [m for m, _ in history], agreements, commitments, self.visit_date))
        everything = J.dataset_newest_event(self.ds, self.visit_date)
        source = J.dataset_newest_source(self.ds, self.visit_date)
        parts = [self.w("fresh_own", date=self.date(own)) if own else self.w("fresh_own_none")]
        if everything:
            parts.append(
                self.w(
                    "fresh_all", date=self.date(everything), source=self.date(source) if source else self.w("undated")
                )
            )
        if own is None or J.months_between(own.latest(), self.visit_date) >= J.STALE_AFTER_MONTHS:
            self.notice(
                "stale_data", self.w("stale_data_notice", date=self.date(own)) if own else self.w("stale_data_none")
            )
        return " ".join(parts)

    def number_sources(self) -> list[SourceView]:
        ordered = sorted(
            self.cited,
            key=lambda s: (
                self.ds.sources[s].published is None,
                (self.ds.sources[s].published or PartialDate(1)).earliest(),
                s,
            ),
        )
        views = []
        for number, source_id in enumerate(ordered, start=1):
            self.numbers[source_id] = number
            source = self.ds.sources[source_id]
            views.append(
                SourceView(
                    number=number,
                    title=source.title,
                    publisher=source.publisher or "",
                    published=self.date(source.published) if source.published else self.w("undated"),
                    address=source.url or "",
                    reliability=label(self.lang, "reliability", source.reliability.value),
                    machine_translation=source.reliability is Reliability.MACHINE_TRANSLATION,
                )
            )
        return views


class _Lazy(dict):
    """commitment id -> its view, made from its judgment on first use."""

    def __init__(self, make, judged: dict[str, J.CommitmentStatus]):
        super().__init__()
        self.make, self.judged = make, judged

    def __missing__(self, key: str) -> CommitmentView:
        view = self[key] = self.make(self.judged[key])
        return view


def _cited_in(brief: Brief, token: str) -> set[str]:
    """The ids of every source the brief's text cites (its citation placeholders)."""
    pattern = re.compile(re.escape(token) + r"([^\u27e7]*)\u27e7")
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            if token in value:
                for match in pattern.finditer(value):
                    found.update(s for s in match.group(1).split(",") if s)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            for name in view_fields(value):
                walk(getattr(value, name))

    walk(brief)
    return found


def _fill_citations(brief: Brief, numbers: dict[str, int], token: str) -> Brief:
    """Replace the citation placeholders by "[1, 3]" now that sources are numbered."""
    pattern = re.compile(re.escape(token) + r"([^\u27e7]*)\u27e7")

    def render(match: re.Match) -> str:
        cited = sorted({numbers[s] for s in match.group(1).split(",") if s})
        return "[" + ", ".join(map(str, cited)) + "]" if cited else ""

    def walk(value):
        """`value` with its placeholders filled: the same object when it holds none (most do)."""
        if isinstance(value, str):
            return pattern.sub(render, value) if token in value else value
        if isinstance(value, list):
            walked = [walk(v) for v in value]
            return value if all(w is v for w, v in zip(walked, value)) else walked
        changes = {}
        for name in view_fields(value):
            old = getattr(value, name)
            new = walk(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value

    return walk(brief)


def build_brief(
    dataset: Dataset,
    person_id: str,
    *,
    visit_date: dt.date | None = None,
    lang: str = "en",
    today: dt.date | None = None,
    live_months: int = J.LIVE_WITHIN_MONTHS,
    visit: Visit | None = None,
    selection: Selection | None = None,
) -> Brief:
    """The brief for a visit to (or from) `person_id` on `visit_date` (default today), in `lang`.

    `live_months`: an open item made or updated within this many months is live (raised in the
    front section); older ones are counted there and listed in the annex.  `visit`: the meeting as a visit
    file describes it (place, format, our side), for the brief's first line.  `selection`: the visit's
    records, when the caller has chosen them already (`selection.select`), so the matrix counts the same.
    """
    today = today or dt.date.today()
    check_language(lang)
    if selection is None:
        selection = select(dataset, person_id, visit_date or today, visit=visit, live_months=live_months)
    return _BriefBuilder(selection, lang, today).build()
