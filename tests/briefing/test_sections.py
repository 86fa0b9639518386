"""The brief's sections: functions over the selection whose values compose in any order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefgen import judgments as J
from briefgen.briefing import compose, points_to_verify
from briefgen.briefing.annexes import (
    annex_d_items,
    build_agreements,
    build_meetings,
    build_open_items,
    word_commitments,
)
from briefgen.briefing.common import Cite
from briefgen.briefing.counterpart import build_counterpart, build_profile, build_standing
from briefgen.briefing.front import (
    build_background,
    build_freshness,
    build_sides,
    build_suggestions,
    build_visit,
    front_items,
    may_raise_items,
)
from briefgen.dataset import load_dataset
from briefgen.models import CommitmentKind
from briefgen.partialdate import PartialDate
from briefgen.selection import select
from briefgen.viewmodel import Notice

TEN_YEARS = Path(__file__).resolve().parent.parent / "data" / "good" / "ten-years"
VISIT = dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def ten_years():
    return load_dataset(TEN_YEARS, today=VISIT)


def sections(sel, lang: str, cite: Cite, backwards: bool = False) -> dict:
    """Every section's value, the sections built in one order or the reverse one (their inputs first)."""
    inputs = {
        "standing": lambda: build_standing(sel, lang, cite),
        "agreements": lambda: build_agreements(sel, lang, cite),
        "items": lambda: word_commitments(
            sel, lang, cite, {*(j.commitment.id for j in annex_d_items(sel)), *front_items(sel).ids}
        ),
    }
    built = {name: inputs[name]() for name in (reversed(inputs) if backwards else inputs)}
    views = built["items"].views
    others = {
        "counterpart": lambda: build_counterpart(sel, lang, cite, built["standing"]),
        "profile": lambda: build_profile(sel, lang, cite, built["standing"]),
        "visit": lambda: build_visit(sel, lang),
        "meetings": lambda: build_meetings(sel, lang, cite),
        "open_items": lambda: build_open_items(sel, lang, views),
        "sides": lambda: build_sides(sel, lang, front_items(sel), views),
        "suggestions": lambda: build_suggestions(sel, lang, cite, views),
        "background": lambda: build_background(sel, lang, cite, built["agreements"].by_id),
        "freshness": lambda: build_freshness(sel, lang),
    }
    built.update({name: others[name]() for name in (reversed(others) if backwards else others)})
    return built


@pytest.mark.parametrize("person_id", ["nakamura-yui", "dang-minh-khoa"])
def test_sections_built_in_any_order_are_the_same(ten_years, person_id):
    """No section reads state another left behind: a Wording's count of untranslated texts, a list of
    notices, a citation numbering."""
    sel = select(ten_years, person_id, VISIT)
    cite = Cite("\u27e6cite-test:")
    forwards, backwards = sections(sel, "vi", cite), sections(sel, "vi", cite, backwards=True)
    assert forwards == backwards
    # The ten-year data leaves texts untranslated on purpose: each section counts its own, not the others'.
    assert sum(s.untranslated for s in forwards.values()) > 0
    assert forwards["meetings"].untranslated < sum(s.untranslated for s in forwards.values())


def test_the_brief_counts_every_sections_untranslated_texts(ten_years):
    sel = select(ten_years, "nakamura-yui", VISIT)
    total = sum(s.untranslated for s in sections(sel, "vi", Cite("\u27e6cite-test:")).values())
    brief = compose(sel, "vi", VISIT)
    (notice,) = [n for n in brief.verify if n.code == "untranslated"]
    assert str(total) in notice.message
    assert compose(sel, "vi", VISIT) == brief  # built again: nothing carried over from the first build


def test_open_items_are_worded_only_when_asked_for(ten_years):
    sel = select(ten_years, "nakamura-yui", VISIT)
    first = sel.open[0].commitment.id
    assert set(word_commitments(sel, "en", Cite("t:"), [first]).views) == {first}
    assert {j.commitment.id for j in sel.live} <= front_items(sel).ids


def test_points_to_verify_once_each_the_counterparts_first():
    inferred, untranslated = Notice("inferred_date", "a meeting's date"), Notice("untranslated", "2 texts")
    stale_data, stale_post = Notice("stale_data", "old record"), Notice("stale_post", "verify the post")
    ended = Notice("probably_ended", "someone else holds it")
    found = points_to_verify([inferred, untranslated, stale_data, inferred, stale_post, ended], "en")
    assert found == [ended, stale_post, stale_data, inferred, untranslated]


def test_many_doubts_about_meetings_are_counted_in_one_line():
    three = [Notice("inferred_date", f"meeting {i}") for i in range(3)]
    assert points_to_verify(three, "en") == three
    four = [*three, Notice("inferred_date", "meeting 3")]
    mt = Notice("machine_translation", "a machine translation")
    found = points_to_verify([*four, mt], "en")
    assert [n.code for n in found] == ["inferred_date", "machine_translation"]
    assert "4" in found[0].message and found[1] == mt


def _judged(owed_by, staleness, due=None, news="2026-01-01", kind=CommitmentKind.UNDERTAKING):
    commitment = SimpleNamespace(kind=kind, owed_by=owed_by, due=PartialDate.parse(due) if due else None)
    return SimpleNamespace(commitment=commitment, staleness=staleness, quiet_since=PartialDate.parse(news))


def test_what_they_may_raise_is_what_our_side_owes_most_pressing_first():
    live, quiet, overdue = J.Staleness.LIVE, J.Staleness.QUIET, J.Staleness.DUE_PASSED
    items = {
        "live old news": _judged(["VN"], live, news="2025-01-01"),
        "due soon": _judged(["VN"], quiet, due="2026-12-01"),
        "live new news": _judged(["VN"], live, news="2026-06-01"),
        "overdue": _judged(["VN"], overdue, due="2026-01-01"),
        "theirs": _judged(["JP"], live),
        "both sides": _judged(["VN", "JP"], live),
        "quiet, due next year": _judged(["VN"], quiet, due="2027-09-01"),
        "invitation": _judged(["VN"], live, kind=CommitmentKind.INVITATION),
    }
    sel = SimpleNamespace(
        dataset=SimpleNamespace(manifest=SimpleNamespace(home="VN")),
        visit_date=VISIT,
        own_open=tuple(items.values()),
    )
    names = {id(j): name for name, j in items.items()}
    assert [names[id(j)] for j in may_raise_items(sel)] == ["overdue", "due soon", "live new news", "live old news"]
