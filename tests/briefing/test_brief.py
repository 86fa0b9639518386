"""The per-visit view model, computed on the bundled dataset as of a fixed visit date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.briefing import build_brief
from briefgen.errors import BadInputError
from briefgen.judgments import add_months, months_between

VISIT = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def brief(dataset):
    return build_brief(dataset, "takaichi-sanae", visit_date=VISIT, lang="en", today=VISIT)


def test_profile_name_address_and_order(brief):
    assert brief.profile.name == "TAKAICHI Sanae"
    assert brief.profile.native == "高市早苗"
    assert brief.profile.form_of_address == "Minister Takaichi"
    assert brief.counterpart.form_of_address == "Minister Takaichi"
    assert brief.profile.name_order.startswith("family name first")
    assert brief.profile.other_spellings == "Sanae Takaichi (other name order)"  # no artefacts for readers


def test_latest_post_is_flagged_stale_with_its_source_date(brief):
    assert brief.counterpart.post_line.startswith("Minister for Internal Affairs and Communications")
    assert brief.counterpart.post_flag == "verify current post: latest record of January 2020"
    assert any(w.code == "stale_post" and "January 2020" in w.message for w in brief.verify)


def test_post_is_not_stale_shortly_after_the_source(dataset):
    early = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2020, 6, 1), today=VISIT)
    assert not early.counterpart.post_flag
    assert not any(w.code == "stale_post" for w in early.verify)


def test_history_in_date_order_marks_attended_and_organisation_meetings(brief):
    assert [m.date_iso for m in brief.meetings] == [
        "2017-03-29",
        "2018-05-02",
        "2020-01-09",
        "2020-01-09",
        "2020-12-01",
    ]
    assert [m.attended for m in brief.meetings] == [True, False, True, True, False]
    assert brief.meetings[0].inferred == "year inferred"
    assert brief.meetings[0].machine_translation


def test_last_meeting_attended_and_with_the_organisation(brief):
    assert brief.counterpart.last_meeting_attended.endswith(" (9 January 2020)")
    assert brief.counterpart.last_meeting_org.endswith(" (1 December 2020)")


def test_moc_expired_as_of_today_but_in_force_in_2021(brief, dataset):
    moc = next(a for a in brief.agreements if a.id == "a-2020-moc")
    assert moc.status == "expired" and moc.status_label == "expired at the end of 2023" and moc.flagged
    in_2021 = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2021, 3, 1), today=VISIT)
    assert next(a for a in in_2021.agreements if a.id == "a-2020-moc").status == "in_force"
    in_2023 = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2023, 9, 1), today=VISIT)
    assert next(a for a in in_2023.agreements if a.id == "a-2020-moc").status == "expiring"


def test_open_commitments_grouped_by_field(brief):
    groups = {g.field_id: [c.id for c in g.commitments] for g in brief.commitments_by_field}
    assert groups["5g"] == ["c-2020-5g-joint", "c-2020-5g-continue", "c-2020-local5g-survey"]
    assert set(groups["smart-city"]) == {"c-2017-smartcity-pilot-request", "c-2018-smartcity-pilot"}
    smart = next(g for g in brief.commitments_by_field if g.field_id == "smart-city").commitments
    request = next(c for c in smart if c.id == "c-2017-smartcity-pilot-request")
    assert request.status == "in_progress" and request.state_label.startswith("in progress (update of 2 May 2018)")
    survey = next(c for g in brief.commitments_by_field for c in g.commitments if c.id == "c-2020-local5g-survey")
    assert survey.state_label == "no update recorded since 1 December 2020"
    assert survey.kind == "agreed by both sides"


def test_talking_points_come_from_the_data(brief):
    texts = [p.text for p in brief.suggestions]
    assert texts == [
        "The MoC of 9 January 2020 lapsed (end of 2023) and nothing in the record renews it: propose renewal?"
    ]
    # Nothing is live six years on: the September 2020 invitation and 2017 requests are not points.
    assert brief.open_items == []
    assert brief.older_items == (
        "No open item has had news in the last 24 months; 20 older items, the oldest "
        "without news since 29 March 2017, are listed in Annex D."
    )


def test_suggestions_of_2020_were_live_then(dataset):
    then = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2020, 2, 1), today=VISIT)
    assert any(p.kind == "invitation" and "ITU Digital World" in p.text for p in then.suggestions)
    assert len(then.suggestions) <= 5


def test_sources_are_numbered_and_every_cite_resolves(brief):
    assert [s.number for s in brief.sources] == [1, 2, 3, 4, 5]
    assert brief.sources[-1].machine_translation
    numbers = {str(s.number) for s in brief.sources}
    items = [*brief.meetings, *brief.agreements, *(c for g in brief.commitments_by_field for c in g.commitments)]
    for item in items:
        assert item.cites.startswith("[") and "\x00" not in item.cites
        assert set(item.cites.strip("[]").split(", ")) <= numbers


def test_freshness_is_stated(brief):
    assert brief.freshness == (
        "Newest record in this brief: 1 December 2020. Newest record in the dataset: "
        "1 December 2020 (newest source: 3 December 2020)."
    )
    assert any(w.code == "stale_data" and "after 1 December 2020" in w.message for w in brief.verify)


def test_nothing_after_the_visit_date(dataset):
    early = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2019, 1, 1), today=VISIT)
    assert [m.date_iso for m in early.meetings] == ["2017-03-29", "2018-05-02"]
    assert all(a.signed_iso < "2019" for a in early.agreements)


def test_vietnamese_dates_and_labels(dataset):
    vi = build_brief(dataset, "takaichi-sanae", visit_date=VISIT, lang="vi", today=VISIT)
    assert vi.visit_date == "ngày 23 tháng 11 năm 2026"
    assert vi.meetings[2].date == "09/01/2020"  # a table's date: short and numeric
    assert vi.profile.form_of_address == "Bộ trưởng Takaichi"
    assert vi.profile.honorific == "Bà"
    assert vi.meetings[0].inferred == "năm được suy ra"


def test_unknown_language_is_refused(dataset):
    with pytest.raises(BadInputError):
        build_brief(dataset, "takaichi-sanae", lang="fr")


@pytest.mark.parametrize(
    "start, end, months",
    [
        (dt.date(2020, 1, 9), dt.date(2026, 11, 23), 82),
        (dt.date(2020, 1, 31), dt.date(2020, 2, 29), 0),
        (dt.date(2021, 1, 1), dt.date(2020, 1, 1), 0),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(9999, 7, 1), 6) == dt.date.max  # an agreement valid until 9999 does not crash


def test_text_that_looks_like_a_citation_placeholder_stays_literal(dataset):
    import dataclasses

    from briefgen.localtext import LocalText

    meeting = dataset.meetings["m-2020-12-01-jwg4"]
    tricky = "\x00s003-jwg4-results-2020\x00 \u27e6cite-0:x\u27e7"
    dataset_copy = dataclasses.replace(
        dataset,
        meetings={**dataset.meetings, meeting.id: meeting.model_copy(update={"title": LocalText(plain=tricky)})},
    )
    brief = build_brief(dataset_copy, "takaichi-sanae", visit_date=VISIT, today=VISIT)
    assert next(m for m in brief.meetings if m.id == meeting.id).title == tricky


def test_no_record_ids_or_file_paths_reach_the_reader(brief, dataset):
    texts = []

    def walk(value, name=""):
        if isinstance(value, str):
            if not (name == "id" or name.endswith(("_id", "_ids"))):
                texts.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v, name)
        elif hasattr(value, "__dataclass_fields__"):
            for field in value.__dataclass_fields__:
                walk(getattr(value, field), field)

    walk(brief)
    everything = "\n".join(texts)
    for source_id in dataset.sources:
        assert source_id not in everything
    assert "seeds/" not in everything and ".txt" not in everything
    assert brief.title == "Briefing: TAKAICHI Sanae, visit of 23 November 2026"


def test_companies_counted_apart_and_background_binds_the_governments(brief):
    """The bundled dataset says what its organisations are: the two companies' documents are counted apart,
    and the background's "what binds the two sides" is an instrument between the governments."""
    assert "5 signed documents (2 instruments between governments in force, 2 with a company, counted apart)" in (
        brief.counterpart.record
    )
    background = " ".join(line.text for line in brief.background)
    assert "Hitachi" not in background and "joint working group" in background


def test_a_post_to_verify_gives_its_evidence_date_once(brief):
    assert "latest record" not in brief.counterpart.post_line
    assert brief.counterpart.post_flag == "verify current post: latest record of January 2020"
