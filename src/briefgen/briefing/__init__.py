"""Build the view of one visit: what an officer must know, as of the visit date, in the brief's language.

No files, no docx: `build_brief` takes the dataset, the counterpart's id, the visit date and a language,
and returns a `Brief` (see viewmodel).  Every judgment (in force or renewed, current or former post, live
or quiet item) comes from `judgments` and every record is worded by `wording`; this package only chooses
what to show where.

A brief is a composition of sections, each a function over the visit's `Selection` that returns a frozen
value of its own (`common.Section`): the counterpart and Annex A (`counterpart`), the visit line, talking
points, open items, background and freshness (`front`), Annexes B–D (`annexes`).  Each section's value
carries the points to verify it raises and how many texts it showed untranslated, and `compose` collects
them once every section is built: no section reads another's state, and no result depends on the order
the sections run in.  Sources are numbered last, from the citations the finished brief holds
(`citations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from briefgen import judgments as J
from briefgen.briefing.annexes import (
    annex_d_items,
    build_agreements,
    build_meetings,
    build_open_items,
    word_commitments,
)
from briefgen.briefing.citations import number_cited
from briefgen.briefing.common import ANNEX_RECENT_MONTHS, MAX_DOUBTS_EACH, Cite, Section
from briefgen.briefing.counterpart import build_counterpart, build_profile, build_standing
from briefgen.briefing.front import (
    build_background,
    build_freshness,
    build_sides,
    build_suggestions,
    build_visit,
    front_items,
)
from briefgen.dataset import Dataset
from briefgen.delegation import Visit
from briefgen.i18n import check_language, country_name, words
from briefgen.selection import Selection, select
from briefgen.viewmodel import Brief, Notice
from briefgen.wording import Wording

__all__ = ["build_brief", "compose", "points_to_verify"]

# Points to verify about the counterpart and the record come first; then doubts about single records.
_FIRST = ("probably_ended", "stale_post", "stale_data")
# Doubts about single meetings are one line each while few, else one line that counts them.
_COUNTED = {"inferred_date": "inferred_count", "machine_translation": "mt_count"}
# Flagged on the front's post line itself: not again among the front's points to verify.
_ON_THE_POST_LINE = ("stale_post", "probably_ended")


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
    return compose(selection, lang, today)


def compose(sel: Selection, lang: str, today: dt.date) -> Brief:
    """The brief of `sel` in `lang`, prepared on `today`: every section built from the selection, then their
    points to verify and untranslated counts collected, then the sources numbered."""
    ds, person = sel.dataset, sel.person
    cite = Cite.new()
    standing = build_standing(sel, lang, cite)
    counterpart = build_counterpart(sel, lang, cite, standing)
    profile = build_profile(sel, lang, cite, standing)
    visit = build_visit(sel, lang)
    meetings = build_meetings(sel, lang, cite)
    agreements = build_agreements(sel, lang, cite)
    on_front = front_items(sel)  # which open items the front shows, chosen before any is worded
    items = word_commitments(sel, lang, cite, {*(j.commitment.id for j in annex_d_items(sel)), *on_front.ids})
    open_items = build_open_items(sel, lang, items.views)
    sides = build_sides(sel, lang, on_front, items.views)
    suggestions = build_suggestions(sel, lang, cite, items.views)
    background = build_background(sel, lang, cite, agreements.by_id)
    freshness = build_freshness(sel, lang)

    # What each section raised: doubts about single meetings first as met, then the counterpart's and
    # the record's (sorted to the top by `points_to_verify`), the count of untranslated texts last.
    sections: tuple[Section, ...] = (
        meetings,
        counterpart,
        freshness,
        standing,
        profile,
        visit,
        agreements,
        items,
        open_items,
        sides,
        suggestions,
        background,
    )
    verify = points_to_verify(_notices(sections, lang), lang)
    front_verify = verify
    if counterpart.view.post_flag:  # the post's doubt is flagged on its line: not again under "Points to verify"
        front_verify = [n for n in verify if n.code not in _ON_THE_POST_LINE]

    # The manifest's texts head every document; `check` warns when one is untranslated (not counted here).
    header = Wording(ds, lang)
    partner_side = ds.manifest.partners[0] if sel.is_home_side else person.country
    visit_text = header.day(sel.visit_date)
    name = counterpart.view.name
    brief = Brief(
        lang=lang,
        visit_date=visit_text,
        visit_date_iso=sel.visit_date,
        prepared_on=header.day(today),
        handling=header.text(ds.manifest.handling),
        scope=header.text(ds.manifest.scope),
        author=header.text(ds.manifest.author),
        dataset_name=ds.manifest.name,
        home=country_name(lang, ds.manifest.home),
        partner=country_name(lang, partner_side),
        title=header.w("brief_title", name=name, date=visit_text),
        subject=f"{header.text(ds.manifest.scope)}: {name}, {visit_text}",
        counterpart=counterpart.view,
        suggestions=suggestions.points,
        open_items=sides.open_items,
        older_items=sides.older_items,
        verify=verify,
        profile=profile.view,
        meetings=meetings.shown,
        agreements=agreements.views,
        commitments_by_field=open_items.groups,
        sources=[],
        freshness=freshness.text,
        open_count=len(sel.open),
        person_id=person.id,
        meeting_ids=tuple(m.id for m in sel.meetings),
        agreement_ids=tuple(a.id for a in sel.agreements),
        commitment_ids=tuple(c.id for c in sel.commitments),
        visit_line=visit.line,
        visit_facts=visit.facts,
        address_line=counterpart.address_line,
        background=background.lines,
        their_open=sides.their_open,
        may_raise=sides.may_raise,
        front_verify=front_verify,
        annex_recent_months=0 if meetings.whole and open_items.whole else ANNEX_RECENT_MONTHS,
        older_meetings=meetings.older,
        older_open=open_items.older,
    )
    return number_cited(brief, cite, ds, lang)


def _notices(sections: Sequence[Section], lang: str) -> list[Notice]:
    """Every section's notices, in the order of `sections`, and one that counts the untranslated texts."""
    notices = [n for s in sections for n in s.notices]
    untranslated = sum(s.untranslated for s in sections)
    if untranslated:
        notices.append(Notice("untranslated", words(lang, "untranslated_notice", n=untranslated)))
    return notices


def points_to_verify(notices: Iterable[Notice], lang: str) -> list[Notice]:
    """The points to verify, each once, the counterpart's own first; doubts about single meetings (an
    inferred date, a machine-translated source) are one line each while few, else one line that counts
    them, since the annex marks each."""
    unique = list(dict.fromkeys(notices))
    kept = []
    for notice in unique:
        same = [n for n in unique if n.code == notice.code]
        if notice.code in _COUNTED and len(same) > MAX_DOUBTS_EACH:
            if notice is same[0]:
                kept.append(Notice(notice.code, words(lang, _COUNTED[notice.code], n=len(same))))
        else:
            kept.append(notice)
    return sorted(kept, key=lambda n: _FIRST.index(n.code) if n.code in _FIRST else len(_FIRST))
