"""The cooperation-matrix view model, on the bundled dataset and on a small one built here."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from briefgen.dataset import load_dataset
from briefgen.errors import BadInputError
from briefgen.matrix import NO_FIELD, build_matrix

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def view(dataset):
    return build_matrix(dataset, as_of=AS_OF)


def test_years_run_without_gaps_from_the_first_activity_to_the_last(view):
    assert view.years == tuple(range(2017, 2021))  # nothing recorded after 2020: no empty years to 2026
    assert view.col_totals[2019] == 0


def test_hand_counted_cells(view):
    # 5G in 2020, from the YAML: meetings m-2020-01-09-hung-takaichi, m-2020-01-09-phuc-takaichi and
    # m-2020-12-01-jwg4 list 5g (3); agreement a-2020-moc lists 5g (1); commitments c-2020-5g-joint,
    # c-2020-local5g-survey and c-2020-5g-continue have field 5g (3): 7.
    assert view.counts["5g"][2020] == 7
    # Postal services in 2017: meeting m-2017-03-29-tuan-takaichi, agreements a-2017-vnpost-smbc-hitachi
    # and a-2017-vnpost-hitachi-asia: 3.  In 2018: meeting m-2018-05-02 and commitment c-2018-postal-exchange: 2.
    assert view.counts["postal"][2017] == 3 and view.counts["postal"][2018] == 2
    # Radio frequency: only the 2018 delegation visit.
    assert view.row_totals["radio-frequency"] == 1 and view.counts["radio-frequency"][2018] == 1


def test_totals_are_the_sums_and_count_one_row_per_activity_and_field(view, dataset):
    assert all(view.row_totals[f.id] == sum(view.counts[f.id].values()) for f in view.fields)
    expected = (
        sum(len(m.fields) for m in dataset.meetings.values())
        + sum(len(a.fields) for a in dataset.agreements.values())
        + len(dataset.commitments)
    )
    assert sum(view.row_totals.values()) == len(view.activities) == expected  # one row per activity and field
    # The totals count each activity once, however many fields it covers.
    distinct = len(dataset.meetings) + len(dataset.agreements) + len(dataset.commitments)
    assert view.total == sum(view.col_totals.values()) == distinct
    for year in view.years:
        assert view.col_totals[year] == len({(r.kind, r.id) for r in view.activities if r.year == year})
    assert sum(r.id == "m-2017-03-29-tuan-takaichi" for r in view.activities) == 7


def test_activities_reproduce_every_cell_and_are_sorted_by_field_then_year(view):
    for field in view.fields:
        for year in view.years:
            rows = [r for r in view.activities if r.field_id == field.id and r.year == year]
            assert len(rows) == view.counts[field.id][year]
    order = [f.id for f in view.fields]
    keys = [(order.index(r.field_id), r.year) for r in view.activities]
    assert keys == sorted(keys)


def test_activity_rows_carry_kind_status_and_source(view):
    moc = next(r for r in view.activities if r.id == "a-2020-moc")
    assert (moc.kind_label, moc.type_label, moc.date_iso) == ("Agreement signed", "MoC", "2020-01-09")
    assert "signed by Nguyễn Mạnh Hùng, TAKAICHI Sanae" in moc.participants
    assert moc.source_text.startswith("“The signing ceremony of Memorandum of Cooperation") and moc.source_url == ""
    assert moc.source_text.endswith("”, 10 January 2020")  # title and date, no file paths: as a reader cites it
    pilot = next(r for r in view.activities if r.id == "c-2017-smartcity-pilot-request")
    # Worded as the brief words it (issue 25), not a bare "in progress"
    assert pilot.status_label == "in progress (update of 2 May 2018)" and pilot.participants == "owed by Japan"


def test_commitments_open_first_with_status_and_age_as_of_the_date(view, dataset):
    assert len(view.commitments) == len(dataset.commitments) == 20
    flags = [c.is_open for c in view.commitments]
    assert flags == sorted(flags, reverse=True)
    info = next(c for c in view.commitments if c.id == "c-2017-odainfosec-request")
    assert info.age_months == 115 and info.status == "open" and info.last_update_iso == ""  # 2017-03-29 → 2026-11-23
    pilot = next(c for c in view.commitments if c.id == "c-2017-smartcity-pilot-request")
    assert (pilot.status, pilot.last_update_iso) == ("in_progress", "2018-05-02")


def test_nothing_after_the_as_of_date(dataset):
    early = build_matrix(dataset, as_of=dt.date(2018, 5, 1))
    assert early.years == (2017,) and early.total == len({r.id for r in early.activities})
    pilot = next(c for c in early.commitments if c.id == "c-2017-smartcity-pilot-request")
    assert pilot.status == "open" and pilot.age_months == 13
    mid_2020 = build_matrix(dataset, as_of=dt.date(2020, 6, 30))
    assert not any(r.id == "m-2020-12-01-jwg4" for r in mid_2020.activities)


def test_year_range(dataset):
    view = build_matrix(dataset, as_of=AS_OF, year_from=2018, year_to=2020)
    assert view.years == (2018, 2019, 2020)
    assert view.total == len({(r.kind, r.id) for r in view.activities}) and "2018–2020" in view.selection
    assert {r.year for r in view.activities} <= {2018, 2019, 2020}


def test_scope_by_organisation_includes_sub_units_and_witnessed_agreements(dataset):
    vnpost = build_matrix(dataset, as_of=AS_OF, org_ids=["vnpost"])
    assert {r.id for r in vnpost.activities} == {"a-2017-vnpost-smbc-hitachi", "a-2017-vnpost-hitachi-asia"}
    assert vnpost.counts["postal"][2017] == 2 and vnpost.total == 2
    # Watanabe's bureau took part in the fourth working group only: 5 fields + 6 commitments made there.
    bureau = build_matrix(dataset, as_of=AS_OF, org_ids=["mic-jp-gsb"])
    assert {r.id for r in bureau.activities if r.kind == "meeting"} == {"m-2020-12-01-jwg4"}
    assert bureau.total == 7 and len(bureau.activities) == 11 and bureau.years[0] == 2020
    # The ministry covers its bureau, and the agreements witnessed at its meetings.
    ministry = build_matrix(dataset, as_of=AS_OF, countries=["JP"], org_ids=["mic-jp"])
    assert ministry.total == len(dataset.meetings) + len(dataset.agreements) + len(dataset.commitments)
    assert "Japan" in ministry.selection and "Ministry of Internal Affairs and Communications" in ministry.selection


def test_vietnamese_labels(dataset):
    view = build_matrix(dataset, as_of=AS_OF, lang="vi")
    assert next(f.label for f in view.fields if f.id == "postal") == "Bưu chính"
    assert view.labels["field"] == "Lĩnh vực" and view.as_of_text == "Tính đến ngày 23 tháng 11 năm 2026"
    assert next(r for r in view.activities if r.id == "a-2020-moc").kind_label == "Văn kiện được ký"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"countries": ["FR"]}, "country FR"),
        ({"org_ids": ["nope"]}, "nope"),
        ({"year_from": 2020, "year_to": 2018}, "after the last"),
        ({"year_from": 2030}, "after the as-of date"),
        ({"lang": "fr"}, "language"),
    ],
)
def test_bad_scope_is_bad_input(dataset, kwargs, message):
    with pytest.raises(BadInputError, match=message):
        build_matrix(dataset, as_of=AS_OF, **kwargs)


def test_activity_without_fields_gets_its_own_row(tmp_path):
    data = {
        "manifest": {
            "name": "T",
            "scope": "T",
            "home": "VN",
            "partners": ["JP"],
            "handling": "H",
            "languages": ["en"],
            "author": "A",
        },
        "sources": [
            {
                "id": "s1",
                "title": "S",
                "publisher": "P",
                "language": "en",
                "reliability": "press",
                "url": "https://example.org/s1",
            }
        ],
        "fields": [{"id": "f1", "labels": {"en": "F", "vi": "F"}}],
        "organizations": [
            {"id": "o1", "names": {"en": "O1"}, "country": "VN"},
            {"id": "o2", "names": {"en": "O2"}, "country": "JP"},
        ],
        "meetings": [
            {
                "id": "m1",
                "date": "2019-05",
                "place": {"online": True},
                "kind": "working_group",
                "title": "No fields",
                "orgs": ["o1", "o2"],
                "summary": "S",
                "sources": ["s1"],
            }
        ],
    }
    (tmp_path / "data.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    view = build_matrix(load_dataset(tmp_path), as_of=AS_OF)
    assert [f.id for f in view.fields] == ["f1", NO_FIELD]
    assert view.counts[NO_FIELD][2019] == 1 and view.fields[-1].label == "(no field stated)"
    assert view.activities[0].source_url == "https://example.org/s1"


def test_agreement_rows_carry_their_status_as_of_the_date(dataset):
    import datetime as dt

    from briefgen.matrix import build_matrix

    now = build_matrix(dataset, as_of=dt.date(2026, 11, 23))
    then = build_matrix(dataset, as_of=dt.date(2021, 6, 1))
    moc_now = {r.status_label for r in now.activities if r.id == "a-2020-moc"}
    moc_then = {r.status_label for r in then.activities if r.id == "a-2020-moc"}
    assert moc_now == {"expired at the end of 2023"} and moc_then == {"in force"}  # as the brief words it
