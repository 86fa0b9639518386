"""Who the counterpart is as of the visit: the front's "counterpart now" and Annex A, their identity and career.

`build_standing` words their recorded events once (a conviction, a dismissal), for the front's flag and
Annex A's identity note alike; `build_counterpart` words the post line (a post in doubt is also a point to
verify), the last meetings, what their organisations became and the record's counts; `build_profile`
words Annex A.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen import judgments as J
from briefgen.briefing.common import Cite, Section
from briefgen.i18n import country_name, label
from briefgen.models import Agreement, Meeting
from briefgen.selection import Selection
from briefgen.viewmodel import CounterpartView, Notice, PostView, ProfileView
from briefgen.wording import Wording

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


@dataclass(frozen=True, kw_only=True)
class Standing(Section):
    """The person's recorded events by the visit date, dated and cited: "convicted, 20 December 2021: …"."""

    lines: list[str]


def build_standing(sel: Selection, lang: str, cite: Cite) -> Standing:
    wd = Wording(sel.dataset, lang)
    lines = []
    for event in sel.person.events:
        if event.date.earliest() > sel.visit_date:
            continue
        what = wd.w("event", kind=label(lang, "event_kind", event.kind.value), date=wd.date(event.date))
        text = wd.text(event.text)
        lines.append(f"{what}: {text} {cite(event.sources)}" if text else f"{what} {cite(event.sources)}")
    return Standing(lines=lines, untranslated=wd.untranslated)


@dataclass(frozen=True, kw_only=True)
class Counterpart(Section):
    """The front's "counterpart now", and the form of address as the front gives it (hedged while the post is
    in doubt)."""

    view: CounterpartView
    address_line: str


def build_counterpart(sel: Selection, lang: str, cite: Cite, standing: Standing) -> Counterpart:
    ds, person, latest = sel.dataset, sel.person, sel.latest
    wd = Wording(ds, lang)
    post_line, post_flag, notices = _post_line(sel, wd)
    if sel.is_home_side:  # a brief about one of our own: said before anything else
        post_line = wd.w("home_side", side=country_name(lang, ds.manifest.home), line=post_line)
    if standing.lines:
        post_flag = "; ".join([post_flag, *standing.lines] if post_flag else standing.lines)
    last_attended, last_org = sel.last_attended(), sel.last_with_org()
    attended_line, attended_cites = _meeting_line(wd, cite, last_attended)
    org_line, org_cites = _meeting_line(wd, cite, last_org) if last_org else ("", "")
    involved = (
        set(sel.scope.history)
        | {o for m in sel.meetings for o in m.orgs}
        | {o for a in sel.agreements for o in a.parties}
    )
    successions = [
        wd.w(
            "succession",
            org=wd.org_name(f.org),
            how=label(lang, "how", f.how),
            new=wd.org_name(f.into),
            date=wd.date(f.on),
        )
        for f in J.successions_touching(ds, involved, sel.visit_date)
    ]
    record = wd.w(
        "record",
        meetings=wd.w("n_meetings", n=len(sel.history)),
        attended=len(sel.attended),
        agreements=agreement_count(sel, wd),
        open=wd.w("n_open", n=len(sel.open)),
    )
    form_of_address = wd.form_of_address(person, latest)
    view = CounterpartView(
        name=person.name.full(),
        native=native(sel),
        honorific=label(lang, "honorific", person.honorific) if person.honorific else "",
        country=country_name(lang, person.country),
        former=J.is_former(latest),
        post_line=post_line,
        post_flag=post_flag,
        post_cites=cite(latest.post.sources) if latest else "",
        form_of_address=form_of_address,
        last_meeting_attended=attended_line,
        last_meeting_attended_cites=attended_cites,
        last_meeting_org=org_line,
        last_meeting_org_cites=org_cites,
        successions=successions,
        record=record,
    )
    return Counterpart(
        view=view,
        address_line=_address_line(sel, wd, form_of_address, post_flag),
        notices=tuple(notices),
        untranslated=wd.untranslated,
    )


def _post_line(sel: Selection, wd: Wording) -> tuple[str, str, list[Notice]]:
    """("Minister for …, Ministry of … (from 2019)", flag, notices) for the front page, as `wording` words it;
    a post in doubt is also a point to verify."""
    latest = sel.latest
    line, flag = wd.post_line(latest, sel.visit_date)
    if latest is None or not flag:
        return line, flag, []
    name, where = sel.person.name.full(), wd.post_where(latest.post)
    if latest.state is J.PostState.UNCONFIRMED and latest.held:
        notice = Notice("stale_post", wd.w("unconfirmed_notice", name=name, post=where, why=flag))
    elif latest.held:
        seen = latest.evidence
        when = wd.date(seen) if seen else wd.w("undated")
        notice = Notice("stale_post", wd.w("stale_post_notice", name=name, post=where, date=when))
    elif latest.state is J.PostState.PROBABLY_ENDED:
        notice = Notice("probably_ended", wd.w("probably_ended_notice", name=name, post=where, why=flag))
    else:
        return line, flag, []
    return line, flag, [notice]


def _meeting_line(wd: Wording, cite: Cite, meeting: Meeting | None) -> tuple[str, str]:
    if meeting is None:
        return wd.w("none_recorded"), ""
    return wd.w("meeting_line", date=wd.span(meeting.date, meeting.until), title=wd.text(meeting.title)), cite(
        meeting.sources
    )


def _address_line(sel: Selection, wd: Wording, form: str, flag: str) -> str:
    """The form of address; while the post is in doubt, the plain form beside it."""
    latest, person = sel.latest, sel.person
    if not flag or latest is None or not latest.held:
        return form
    honorific = label(wd.lang, "honorific", person.honorific) if person.honorific else ""
    plain = wd.w("address_as", title=honorific, name=person.name.addressed()).strip()
    return wd.w("address_hedged", address=form, plain=plain) if plain != form else form


def agreement_count(sel: Selection, wd: Wording) -> str:
    """ "9 signed documents (3 instruments between governments in force, 2 joint statements or letters of
    intent, 1 with a company, counted apart)": what each number counts, companies' contracts apart."""
    ds, agreements = sel.dataset, list(sel.agreements)
    classes: list[tuple[Agreement, J.AgreementClass]] = [(a, J.agreement_class(ds, a)) for a in agreements]
    states = {a.id: J.agreement_status(ds, a, sel.visit_date) for a in agreements}
    governments = [a for a, c in classes if c is J.AgreementClass.GOVERNMENTS]
    parts = [wd.w("count_in_force", n=sum(states[a.id].state.in_force for a in governments))]
    declarations = sum(
        (states[a.id].own_state or states[a.id].state) in (J.AgreementState.ADOPTED, J.AgreementState.SIGNED)
        for a in governments
    )
    if declarations:
        parts.append(wd.w("count_declarations", n=declarations))
    companies = sum(c is J.AgreementClass.COMPANIES for _, c in classes)
    if companies:
        parts.append(wd.w("count_companies", n=companies))
    undetermined = sum(c is J.AgreementClass.UNDETERMINED for _, c in classes)
    if undetermined:
        parts.append(wd.w("count_undetermined", n=undetermined))
    return wd.w("count_documents", n=len(agreements), parts=", ".join(parts))


def native(sel: Selection) -> str:
    """The name in its own script, only when it adds something (another script than the Latin one)."""
    person = sel.person
    name = person.native or ""
    if not name or name.casefold() == person.name.full(capitals=False).casefold():
        return ""
    return name if any(ord(ch) > 0x2E7F for ch in name) else ""


# -- Annex A ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Profile(Section):
    view: ProfileView


def build_profile(sel: Selection, lang: str, cite: Cite, standing: Standing) -> Profile:
    person = sel.person
    wd = Wording(sel.dataset, lang)
    view = ProfileView(
        person_id=person.id,
        name=person.name.full(),
        native=native(sel),
        honorific=label(lang, "honorific", person.honorific) if person.honorific else "",
        country=country_name(lang, person.country),
        form_of_address=wd.form_of_address(person, sel.latest),
        name_order=_name_order(sel, wd),
        posts=[_post_view(wd, cite, s) for s in sel.statuses],
        other_spellings="; ".join(
            f"{a.text} ({label(lang, 'alias_kind', a.kind.value)})"
            for a in person.aliases
            if a.kind.value in _READER_ALIASES
        ),
        identity_note=" ".join(p for p in (wd.text(person.disambiguation), *standing.lines) if p),
    )
    return Profile(view=view, untranslated=wd.untranslated)


def _post_view(wd: Wording, cite: Cite, status: J.PostStatus) -> PostView:
    return PostView(
        wd.text(status.post.title),
        wd.org_name(status.post.org),
        wd.period(status.post, status.held, table=True),
        status.state.value,
        wd.post_state_label(status),
        cite(status.post.sources),
    )


def _name_order(sel: Selection, wd: Wording) -> str:
    name = sel.person.name
    order = wd.w("family_first" if name.order.value == "family_first" else "given_first")
    given = " ".join(p for p in (name.middle, name.given) if p)
    family = name.family.upper() if name.capitalize_family else name.family
    return wd.w("name_order", order=order, family=family, given=wd.w("given_name_part", given=given) if given else "")
