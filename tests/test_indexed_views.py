"""The brief and the scoped matrix find their records through the dataset's indexes; here they are
checked against brute-force scans of every record, which is what they did before the indexes.

On the bundled dataset and on small generated ones (bench/generate.py at size S, a few seeds), for
every person, every organisation and a few dates.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefgen import judgments as J
from briefgen import matrix, selection
from briefgen.briefing import build_brief
from briefgen.dataset import load_dataset
from briefgen.matrix import build_matrix
from briefgen.partialdate import PartialDate

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
DATES = (dt.date(2017, 6, 1), dt.date(2020, 6, 1), dt.date(2022, 1, 1), TODAY)


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _hand_made() -> dict:
    """Records that reach an organisation only one way each: through a participant's post, a sub-unit,
    an agreement witnessed at a meeting, the organisation owing a commitment made elsewhere, a signatory."""
    src = ["s1"]

    def person(pid, family, country, org):
        return {
            "id": pid,
            "name": {"family": family, "given": "A", "order": "family_first", "address_by": "family"},
            "country": country,
            "posts": [{"title": "Director", "org": org, "start": "2018", "sources": src}],
        }

    def meeting(mid, date, orgs, participants=()):
        return {
            "id": mid,
            "date": date,
            "place": {"online": True},
            "kind": "working_group",
            "title": mid,
            "orgs": orgs,
            "participants": list(participants),
            "fields": ["f1"],
            "summary": "S",
            "sources": src,
        }

    def agreement(aid, signed, parties, **more):
        return {
            "id": aid,
            "kind": "moc",
            "title": aid,
            "parties": parties,
            "signed": signed,
            "fields": ["f2"],
            "sources": src,
            **more,
        }

    def commitment(cid, made_at, field="f1", **more):
        return {
            "id": cid,
            "text": cid,
            "kind": "undertaking",
            "owed_by": ["JP"],
            "field": field,
            "made_at": made_at,
            "sources": src,
            **more,
        }

    def org(oid, country, parent=None):
        return {"id": oid, "names": {"en": oid.upper()}, "country": country, **({"parent": parent} if parent else {})}

    return {
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
                "published": "2025-01-01",
            }
        ],
        "fields": [{"id": "f1", "labels": {"en": "F1", "vi": "F1"}}, {"id": "f2", "labels": {"en": "F2", "vi": "F2"}}],
        "organizations": [
            org("vn", "VN"),
            org("jp", "JP"),
            org("jp-a", "JP", "jp"),
            org("jp-a-1", "JP", "jp-a"),
            org("jp-b", "JP"),
            org("other", "JP"),
        ],
        "people": [
            person("pv", "Nguyen", "VN", "vn"),
            person("pj", "Sato", "JP", "jp-a-1"),
            person("px", "Kato", "JP", "jp-b"),
        ],
        "meetings": [
            meeting(
                "m1",
                "2019-05-02",
                ["vn", "jp-b"],
                [{"person": "pj", "side": "JP", "post": {"title": "Director", "org": "jp-a-1"}}],
            ),
            meeting("m2", "2020-03", ["vn", "other"]),
            meeting("m3", "2021-01-15", ["vn", "jp-a"], [{"person": "pv", "side": "VN"}]),
        ],
        "agreements": [
            agreement("a1", "2019-05-02", ["vn", "jp-b"], meeting="m1"),
            agreement("a2", "2020-04", ["vn", "other"], signatories=[{"person": "pj", "side": "JP"}]),
            agreement("a3", "2022-01", ["vn", "jp-a-1"], valid_until="2023"),
        ],
        "commitments": [
            commitment("c1", {"meeting": "m2"}, by_org="jp-a-1"),
            commitment("c2", {"agreement": "a1"}, field="f2"),
            commitment("c3", {"agreement": "a2"}),
            commitment("c4", {"meeting": "m3"}, updates=[{"date": "2021-06", "status": "done", "sources": src}]),
            commitment("c5", {"meeting": "m2"}, by_org="jp-b", field="f2"),
            commitment("c6", {"agreement": "a3"}, field="f2"),
        ],
    }


def hand_dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hand")
    data = json.loads(json.dumps(_hand_made()))  # no shared lists: the dump would write them as anchors
    (folder / "data.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_dataset(folder, today=TODAY)


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    return hand_dataset(tmp_path_factory)


@pytest.fixture(scope="module", params=["bundled", "hand", "S-1", "S-2", "S-3", "S-1 cached"])
def ds(request, dataset, tmp_path_factory):
    """Each dataset as checked, and one rebuilt from a cached check (lazy records and indexes)."""
    if request.param == "bundled":
        return dataset
    if request.param == "hand":
        return hand_dataset(tmp_path_factory)
    name, _, how = request.param.partition(" ")
    out = tmp_path_factory.mktemp("generated") / name
    _load_generator().generate("S", int(name.split("-")[1]), out)
    loaded = load_dataset(out, today=TODAY)
    if how == "cached":
        loaded = load_dataset(out, today=TODAY)
        assert loaded.from_cache
    return loaded


# -- brute force: every record, tested one by one -----------------------------------------------


def scan_commitments(ds, person, visit, meeting_ids, agreement_ids, orgs):
    chosen = [
        c
        for c in ds.commitments.values()
        if (
            (c.made_at.meeting or c.made_at.agreement) in meeting_ids
            or (c.made_at.meeting or c.made_at.agreement) in agreement_ids
            or c.by_org in orgs
        )
        and ds.commitment_made_on(c).earliest() <= visit
    ]
    return sorted(chosen, key=lambda c: (ds.commitment_made_on(c).earliest(), c.id))


def scan_agreements(ds, person, visit, meeting_ids, orgs):
    found = {
        a.id
        for a in ds.agreements.values()
        if a.meeting in meeting_ids or any(s.person == person.id for s in a.signatories) or set(a.parties) & set(orgs)
    }
    found |= {b.id for a in list(found) for b in J.agreement_chain(ds, ds.agreements[a])}  # renewals come along
    chosen = [ds.agreements[a] for a in found if ds.agreements[a].signed.earliest() <= visit]
    return sorted(chosen, key=lambda a: (a.signed.earliest(), a.id))


# -- brief -----------------------------------------------------------------------------------


def test_chosen_commitments_and_agreements_match_a_scan_of_every_record(ds):
    for person in ds.people.values():
        for visit in DATES:
            scope = J.counterpart_scope(ds, person, visit)
            orgs = scope.history
            meeting_ids = {m.id for m, _ in selection.history_of(ds, person, scope, visit)}
            agreements = list(selection.agreements_of(ds, person, meeting_ids, orgs, visit))
            assert agreements == scan_agreements(ds, person, visit, meeting_ids, orgs)
            agreement_ids = {a.id for a in agreements}
            assert selection.commitments_of(ds, [*meeting_ids, *agreement_ids], orgs, visit) == scan_commitments(
                ds, person, visit, meeting_ids, agreement_ids, orgs
            )


def test_chosen_commitments_match_a_scan_for_any_meetings_agreements_and_organisations(ds):
    person = next(iter(ds.people.values()))
    meetings, agreements, orgs = sorted(ds.meetings), sorted(ds.agreements), sorted(ds.organizations)
    for step in range(1, 4):
        for start in range(step):
            m, a, o = set(meetings[start::step]), set(agreements[start::step]), orgs[start::step]
            assert selection.commitments_of(ds, [*m, *a], o, TODAY) == scan_commitments(ds, person, TODAY, m, a, o)
            assert list(selection.agreements_of(ds, person, m, o, TODAY)) == scan_agreements(ds, person, TODAY, m, o)


def test_brief_is_the_same_as_with_scans_of_every_record(ds, monkeypatch):
    cases = [(p, visit) for p in ds.people for visit in DATES]
    indexed = [build_brief(ds, p, visit_date=visit, today=TODAY) for p, visit in cases]
    agreement_ids = {a for a in ds.agreements}

    def scanned_commitments(ds_, origins, orgs, visit, why=None):
        origins = set(origins)
        return scan_commitments(ds_, None, visit, origins - agreement_ids, origins & agreement_ids, orgs)

    monkeypatch.setattr(selection, "commitments_of", scanned_commitments)
    monkeypatch.setattr(
        selection,
        "agreements_of",
        lambda ds_, person, m, o, visit, why=None: tuple(scan_agreements(ds_, person, visit, set(m), o)),
    )
    assert [build_brief(ds, p, visit_date=visit, today=TODAY) for p, visit in cases] == indexed


def test_open_commitments_grouped_by_field_in_dataset_order(ds):
    for person_id in ds.people:
        brief = build_brief(ds, person_id, visit_date=TODAY, today=TODAY)
        open_ids = [
            c for c in brief.commitment_ids if ds.commitments[c].status_on(TODAY).value in ("open", "in_progress")
        ]
        assert [g.field_id for g in brief.commitments_by_field] == [
            f for f in ds.fields if any(ds.commitments[c].field == f for c in open_ids)
        ]
        for group in brief.commitments_by_field:
            assert [v.id for v in group.commitments] == [
                c for c in open_ids if ds.commitments[c].field == group.field_id
            ]
        assert brief.open_count == sum(len(g.commitments) for g in brief.commitments_by_field)


# -- matrix ----------------------------------------------------------------------------------


def test_candidates_hold_every_record_in_an_organisation_scope(ds):
    for org_id in ds.organizations:
        scope = matrix._Scope(ds, None, [org_id])
        meetings, agreements, commitments = matrix._candidates(ds, [org_id])
        assert {o for o in ds.organizations if org_id in J.ancestors(ds, o)} == J.sub_units(ds, [org_id])
        assert {m.id for m in meetings} == {
            m.id for m in ds.meetings.values() if scope.includes(scope.meeting_reach(m))
        }
        assert {a.id for a in agreements} == {
            a.id for a in ds.agreements.values() if scope.includes(scope.agreement_reach(a))
        }
        assert {c.id for c in commitments} == {
            c.id for c in ds.commitments.values() if scope.includes(scope.commitment_reach(c))
        }
        assert len(meetings) == len({m.id for m in meetings})
        assert len(commitments) == len({c.id for c in commitments})


def _scopes(ds):
    """Every organisation alone, all of them at once, and each person's organisations as a visit uses them."""
    scopes = [(None, [o]) for o in sorted(ds.organizations)] + [(None, sorted(ds.organizations))]
    for person in ds.people.values():
        orgs = sorted(J.counterpart_scope(ds, person, TODAY).history)
        if orgs:
            scopes.append(([person.country], orgs))
    return scopes


def test_scoped_matrix_is_the_same_as_with_a_scan_of_every_record(ds, monkeypatch):
    cases = [
        (countries, orgs, as_of, lang) for countries, orgs in _scopes(ds) for as_of in DATES[1:] for lang in ("en",)
    ] + [(None, [o], TODAY, "vi") for o in ds.organizations]
    indexed = [build_matrix(ds, as_of=as_of, lang=lang, countries=c, org_ids=o) for c, o, as_of, lang in cases]
    monkeypatch.setattr(
        matrix,
        "_candidates",
        lambda ds, org_ids: (list(ds.meetings.values()), list(ds.agreements.values()), list(ds.commitments.values())),
    )
    scanned = [build_matrix(ds, as_of=as_of, lang=lang, countries=c, org_ids=o) for c, o, as_of, lang in cases]
    for case, got, expected in zip(cases, indexed, scanned):
        assert got == expected, case
    assert any(v.total for v in indexed)


def test_empty_organisation_scope_is_still_empty(dataset):
    assert build_matrix(dataset, as_of=TODAY, org_ids=[]).total == 0


def test_each_way_of_reaching_an_organisation_counts_in_its_matrix(hand):
    def reached(org_id):
        return {r.id for r in build_matrix(hand, as_of=TODAY, org_ids=[org_id]).activities}

    # m1 through a participant's post, a1 witnessed at m1, c2 made at a1, c1 owed though made at m2, a3/c6 a party.
    assert reached("jp-a-1") == {"m1", "a1", "c2", "c1", "a3", "c6"}
    assert reached("jp") == reached("jp-a") == reached("jp-a-1") | {"m3", "c4"}  # sub-units count for the parent
    assert reached("jp-b") == {"m1", "a1", "c2", "c5"}
    assert reached("other") == {"m2", "a2", "c1", "c3", "c5"}


def test_each_way_of_reaching_the_counterpart_counts_in_the_brief(hand):
    brief = build_brief(hand, "pj", visit_date=TODAY, today=TODAY)
    assert J.counterpart_scope(hand, hand.people["pj"], TODAY).history == {"jp-a-1", "jp-a", "jp"}
    assert [a.id for a in brief.agreements] == ["a1", "a2", "a3"]  # a2: signed by the counterpart only
    assert list(brief.commitment_ids) == ["c2", "c1", "c3", "c4", "c6"]  # c1: owed by the counterpart's org
    assert [(g.field_id, [v.id for v in g.commitments]) for g in brief.commitments_by_field] == [
        ("f1", ["c1", "c3"]),
        ("f2", ["c2", "c6"]),
    ]  # c4 is done


def test_newest_event_and_source_match_a_scan_of_every_record(ds):
    """The freshness line reads the date indexes' keys; a scan of every record must give the same dates."""
    for as_of in (*DATES, dt.date(2019, 3, 15), dt.date(1990, 1, 1)):
        scanned = J.newest(
            J.event_dates(ds, ds.meetings.values(), ds.agreements.values(), ds.commitments.values(), as_of)
        )
        assert J.dataset_newest_event(ds, as_of) == scanned
        published = [s.published for s in ds.sources.values() if s.published and s.published.earliest() <= as_of]
        assert J.dataset_newest_source(ds, as_of) == J.newest(published)


@given(
    st.lists(st.builds(PartialDate, st.integers(1, 9999), st.none() | st.integers(1, 12), st.none()), max_size=30),
    st.lists(st.dates(), min_size=1, max_size=5),
)
def test_the_newest_date_by_a_day_is_what_a_scan_finds_at_every_precision(dates, days):
    """Written dates ordered as text are in first-day order ("2020" < "2020-01" < "2020-01-09"): the
    arrangement searched by day gives what a scan of every date gives, whatever their precisions."""
    dates += [PartialDate(d.year, d.month, d.day) for d in days]  # full dates too, some on the days asked
    arranged = J._NewestBy.of([str(d) for d in dates])
    for day in [*days, dt.date.min, dt.date.max]:
        assert arranged.by(day) == J.newest(d for d in dates if d.earliest() <= day)
