"""The brief's front section beside the counterpart: the visit line, what to raise, what is open on each
side, the background lines and how fresh the record is.

Which open items each part shows is chosen from the judgments alone, once (`front_items`), so the items
are worded once (`annexes.word_commitments`) and every part shows the same words for the same item.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from briefgen import judgments as J
from briefgen.briefing.common import DUE_SOON_MONTHS, MAX_OPEN_ITEMS, MAX_RENEWALS, MAX_SUGGESTIONS, Cite, Section
from briefgen.i18n import country_name, label, sentence
from briefgen.models import CommitmentKind
from briefgen.partialdate import PartialDate
from briefgen.selection import Selection
from briefgen.viewmodel import AgreementView, CommitmentView, DatedLine, Fact, Notice, TalkingPoint
from briefgen.wording import Wording

# -- the visit ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class VisitPart(Section):
    """The brief's first line (who receives whom, where, in what format and when) and the visit's facts
    (purpose, our side, their side), as much as the visit file says."""

    line: str
    facts: list[Fact]


def build_visit(sel: Selection, lang: str) -> VisitPart:
    wd = Wording(sel.dataset, lang)
    return VisitPart(line=_visit_line(sel, wd), facts=_visit_facts(sel, wd), untranslated=wd.untranslated)


def _whom(sel: Selection, wd: Wording) -> str:
    """ "TAKAICHI Sanae, Minister for … (Japan)": the name and the post in a few words, the post's doubt
    left to the line about the counterpart now."""
    person, latest = sel.person, sel.latest
    name = person.name.full()
    if latest is None:
        return name
    where = wd.post_where(latest.post)
    post = where if latest.held else wd.w("former_post_undated", post=where)
    country = country_name(wd.lang, person.country)
    if country.casefold() not in post.casefold():
        post = wd.w("post_of_country", post=post, country=country)
    return wd.w("name_and_post", name=name, post=post)


def _visit_line(sel: Selection, wd: Wording) -> str:
    visit, whom, home = sel.visit, _whom(sel, wd), sel.dataset.manifest.home
    when = wd.day(sel.visit_date)
    where = form = ""
    principal = None
    host = False
    if visit is not None:
        place = visit.place
        if place is not None and place.online:
            where = wd.w("visit_online")
        elif place is not None:
            parts = [wd.text(place.venue), wd.text(place.city)]
            if place.country and (place.country != home or not place.city):
                parts.append(country_name(wd.lang, place.country))
            where = wd.w("visit_at" if place.venue else "visit_in", place=", ".join(p for p in parts if p))
            host = place.country == home
        if visit.format is not None:
            form = wd.w("visit_format", format=label(wd.lang, "meeting_kind", visit.format.value))
        if visit.our_side is not None and visit.our_side.principal is not None:
            principal = wd.text(visit.our_side.principal)
    if principal:
        key = "visit_line_host" if host else "visit_line_meet"
        return sentence(wd.w(key, date=when, where=where, principal=principal, whom=whom, format=form))
    return sentence(wd.w("visit_line_bare", date=when, where=where, whom=whom, format=form))


def _visit_facts(sel: Selection, wd: Wording) -> list[Fact]:
    visit = sel.visit
    if visit is None:
        return []
    facts = []
    if visit.purpose is not None:
        facts.append(Fact(wd.w("visit_purpose"), wd.text(visit.purpose)))
    our = visit.our_side
    if our is not None and (our.principal is not None or our.members):
        names = ([our.principal] if our.principal is not None else []) + list(our.members)
        facts.append(Fact(wd.w("visit_our_side"), "; ".join(wd.text(n) for n in names)))
    if len(visit.their_side) > 1:
        facts.append(Fact(wd.w("visit_their_side"), "; ".join(visit.their_side)))
    return facts


# -- which open items the front shows ----------------------------------------------------------------------


def _newest_news_first(items: list[J.CommitmentStatus]) -> list[J.CommitmentStatus]:
    return sorted(items, key=lambda j: j.quiet_since.latest(), reverse=True)


def their_open_items(sel: Selection) -> list[J.CommitmentStatus]:
    """What is open on their side: their own live items that they owe (or owe with us), newest news first."""
    home = sel.dataset.manifest.home
    theirs = [
        j
        for j in sel.own_open
        if j.staleness is J.Staleness.LIVE
        and j.commitment.kind is not CommitmentKind.INVITATION
        and j.commitment.owed_by != [home]
    ]
    return _newest_news_first(theirs)


def may_raise_items(sel: Selection) -> list[J.CommitmentStatus]:
    """What they may raise: what our side alone owes that is overdue, due soon or live, most pressing first
    (overdue, then due soon, then live; newest news first within each)."""
    home = sel.dataset.manifest.home
    soon = J.add_months(sel.visit_date, DUE_SOON_MONTHS)
    ranked = []
    for judged in sel.own_open:
        c = judged.commitment
        if c.kind is CommitmentKind.INVITATION or c.owed_by != [home]:
            continue
        overdue = judged.staleness is J.Staleness.DUE_PASSED
        due_soon = c.due is not None and sel.visit_date <= c.due.earliest() <= soon
        if overdue or due_soon or judged.staleness is J.Staleness.LIVE:
            rank = 0 if overdue else 1 if due_soon else 2
            ranked.append((rank, -judged.quiet_since.latest().toordinal(), judged))
    return [j for *_, j in sorted(ranked, key=lambda t: t[:2])]


@dataclass(frozen=True)
class FrontItems:
    """The open items the front may show, chosen from the judgments alone, once: each list whole (a part
    shows at most MAX_OPEN_ITEMS of it), so every item any part shows is worded once, beforehand."""

    live: list[J.CommitmentStatus]  # the counterpart's own live items (talking points, "open items")
    their_open: list[J.CommitmentStatus]
    may_raise: list[J.CommitmentStatus]

    @property
    def ids(self) -> set[str]:
        return {j.commitment.id for j in (*self.live, *self.their_open, *self.may_raise)}


def front_items(sel: Selection) -> FrontItems:
    return FrontItems(
        live=_newest_news_first(list(sel.live)), their_open=their_open_items(sel), may_raise=may_raise_items(sel)
    )


@dataclass(frozen=True, kw_only=True)
class Sides(Section):
    """The front's lists of open items: the counterpart's live ones, what is open on their side and what they
    may raise, at most MAX_OPEN_ITEMS each, and a line saying where the rest are."""

    open_items: list[CommitmentView]
    their_open: list[CommitmentView]
    may_raise: list[CommitmentView]
    older_items: str  # "7 older open items with no update recorded in 24 months: Annex D." or ""


def build_sides(sel: Selection, lang: str, items: FrontItems, views: Mapping[str, CommitmentView]) -> Sides:
    wd = Wording(sel.dataset, lang)
    live = items.live
    # The counts are of every open item, as Annex D lists them: live ones (news within the window) and older
    # ones; a long Annex D lists the live ones and counts the older ones by year.
    live_all = [j for j in sel.open if j.staleness is J.Staleness.LIVE]
    older = [j for j in sel.open if j.staleness is not J.Staleness.LIVE]
    notes = []
    more_live = len(live_all) - min(len(live), MAX_OPEN_ITEMS)
    if more_live > 0:
        notes.append(wd.w("more_items", n=more_live))
    oldest = min(older, key=lambda j: j.quiet_since.earliest(), default=None)
    if oldest is not None:
        key = "older_items" if live_all else "no_live_older"
        span = wd.span(oldest.quiet_since, oldest.quiet_until)
        notes.append(wd.w(key, n=len(older), months=sel.live_months, date=span))
    elif not live_all:
        notes.append(wd.w("no_live", months=sel.live_months))
    return Sides(
        open_items=[views[j.commitment.id] for j in live[:MAX_OPEN_ITEMS]],
        their_open=[views[j.commitment.id] for j in items.their_open[:MAX_OPEN_ITEMS]],
        may_raise=[views[j.commitment.id] for j in items.may_raise[:MAX_OPEN_ITEMS]],
        older_items=" ".join(notes),
        untranslated=wd.untranslated,
    )


# -- what to raise -----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Suggestions(Section):
    points: list[TalkingPoint]


def build_suggestions(sel: Selection, lang: str, cite: Cite, views: Mapping[str, CommitmentView]) -> Suggestions:
    """At most MAX_SUGGESTIONS points from the counterpart's own record: agreements about to lapse with
    nothing to follow them (time-bound), then live items with recent news (invitations, requests to the
    partner, our own undertakings), then agreements that lapsed unrenewed; at most MAX_RENEWALS renewal
    prompts in all, the most recent first, and never for a contract between companies (not ours to
    renew)."""
    ds, home = sel.dataset, sel.dataset.manifest.home
    wd = Wording(ds, lang)
    expiring: list[tuple[dt.date, TalkingPoint]] = []
    lapsed: list[tuple[dt.date, TalkingPoint]] = []
    recent = J.add_months(sel.visit_date, -2 * sel.live_months)
    for agreement in sel.own_agreements:
        status = J.agreement_status(ds, agreement, sel.visit_date)
        # Worth raising while recent (agreements run for years: twice the window of live items);
        # one that lapsed long ago is history, flagged in Annex C.
        # (lapsed_unrenewed means expired or expiring: valid_until is always given then)
        if (
            status.lapsed_unrenewed
            and agreement.valid_until
            and agreement.valid_until.latest() >= recent
            and J.agreement_class(ds, agreement) is J.AgreementClass.GOVERNMENTS
        ):
            key = "lapsed_point" if status.state is J.AgreementState.EXPIRED else "expiring_point"
            point = TalkingPoint(
                f"{status.state.value}_agreement",
                wd.w(key, name=wd.agreement_name(agreement), end=wd.end_text(agreement.valid_until)),
                cite(agreement.sources),
            )
            (lapsed if status.state is J.AgreementState.EXPIRED else expiring).append(
                (agreement.valid_until.latest(), point)
            )
    renewals = sorted(expiring, key=lambda p: p[0]) + sorted(lapsed, key=lambda p: p[0], reverse=True)
    kept = {id(p) for _, p in renewals[:MAX_RENEWALS]}
    points: list[TalkingPoint] = [p for _, p in sorted(expiring, key=lambda p: p[0]) if id(p) in kept]
    live = list(sel.live)
    invitation = CommitmentKind.INVITATION
    ranked = (
        ("invitation", "invitation_point", [j for j in live if j.commitment.kind is invitation]),
        (
            "ask_progress",
            "ask_progress",
            [j for j in live if home not in j.commitment.owed_by and j.commitment.kind is not invitation],
        ),
        (
            "report_progress",
            "report_progress",
            [j for j in live if home in j.commitment.owed_by and j.commitment.kind is not invitation],
        ),
    )
    for kind, key, items in ranked:
        for judged in _newest_news_first(items):
            view = views[judged.commitment.id]
            points.append(TalkingPoint(kind, wd.w(key, text=view.text, date=view.made_on), view.cites))
    points += [p for _, p in sorted(lapsed, key=lambda p: p[0], reverse=True) if id(p) in kept]
    capitalised = [dataclasses.replace(p, text=p.text[:1].upper() + p.text[1:]) for p in points[:MAX_SUGGESTIONS]]
    return Suggestions(points=capitalised, untranslated=wd.untranslated)


# -- background and freshness ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Background(Section):
    lines: list[DatedLine]


def build_background(sel: Selection, lang: str, cite: Cite, agreement_views: Mapping[str, AgreementView]) -> Background:
    """Three to five dated lines, oldest first: the first meeting with the counterpart, what binds the two
    sides (agreements in force, else the latest), the last meetings, the latest agreement."""
    ds, history = sel.dataset, sel.history
    wd = Wording(ds, lang)
    last_attended, last_org = sel.last_attended(), sel.last_with_org()
    # By record: its date (a meeting over several days: its span, no more precise than the record), text, cites.
    picked: dict[str, tuple[PartialDate, PartialDate | None, str, str]] = {}
    attended = list(sel.attended)
    if attended and attended[0] is not last_attended:
        first = attended[0]
        picked[first.id] = (
            first.date,
            first.until,
            wd.w("bg_first_meeting", title=wd.text(first.title)),
            cite(first.sources),
        )
    # What binds the two sides: instruments between governments (a company's contract is counted apart).
    agreements = list(sel.agreements)
    binding = [a for a in agreements if J.agreement_class(ds, a) is J.AgreementClass.GOVERNMENTS]
    in_force = [a for a in binding if J.agreement_status(ds, a, sel.visit_date).state.in_force]
    for agreement in (in_force or binding or agreements)[-2:]:
        view = agreement_views[agreement.id]
        text = wd.w("bg_agreement", title=view.title, status=view.status_label)
        picked[agreement.id] = (agreement.signed, None, text, cite(agreement.sources))
    if last_attended is not None:
        text = wd.w("bg_last_attended", title=wd.text(last_attended.title))
        picked[last_attended.id] = (last_attended.date, last_attended.until, text, cite(last_attended.sources))
    if last_org is not None:
        text = wd.w("bg_last_org", title=wd.text(last_org.title))
        picked[last_org.id] = (last_org.date, last_org.until, text, cite(last_org.sources))
    if len(picked) < 3:  # a thin record: the latest meetings make up the three lines
        for meeting, _ in reversed(history):
            if len(picked) >= 3:
                break
            picked.setdefault(meeting.id, (meeting.date, meeting.until, wd.text(meeting.title), cite(meeting.sources)))
    chosen = sorted(picked.values(), key=lambda p: p[0].earliest())[-5:]
    lines = [DatedLine(sentence(wd.span(day, until)), text, cites) for day, until, text, cites in chosen]
    return Background(lines=lines, untranslated=wd.untranslated)


@dataclass(frozen=True, kw_only=True)
class Freshness(Section):
    text: str


def build_freshness(sel: Selection, lang: str) -> Freshness:
    """The newest dated record about the counterpart and in the whole dataset, stated plainly; a notice
    when nothing about the counterpart is recent."""
    ds, visit_date = sel.dataset, sel.visit_date
    wd = Wording(ds, lang)
    own = J.newest(J.event_dates(ds, list(sel.meetings), list(sel.agreements), sel.commitments, visit_date))
    everything = J.dataset_newest_event(ds, visit_date)
    source = J.dataset_newest_source(ds, visit_date)
    parts = [wd.w("fresh_own", date=wd.date(own)) if own else wd.w("fresh_own_none")]
    if everything:
        parts.append(wd.w("fresh_all", date=wd.date(everything), source=wd.date(source) if source else wd.w("undated")))
    notices: tuple[Notice, ...] = ()
    if own is None or J.months_between(own.latest(), visit_date) >= J.STALE_AFTER_MONTHS:
        message = wd.w("stale_data_notice", date=wd.date(own)) if own else wd.w("stale_data_none")
        notices = (Notice("stale_data", message),)
    return Freshness(text=" ".join(parts), notices=notices, untranslated=wd.untranslated)
