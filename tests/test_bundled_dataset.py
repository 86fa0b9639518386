"""The bundled Viet Nam–Japan dataset: clean, complete, and honest about its traps."""

from __future__ import annotations

from briefgen.models import AliasKind, Precision


def test_bundled_dataset_has_no_problems(dataset):
    assert dataset.warnings == []
    assert len(dataset.meetings) == 5
    assert len(dataset.sources) == 5


def test_machine_translated_names_are_aliases_of_truong_minh_tuan(dataset):
    tuan = dataset.people["truong-minh-tuan"]
    mt = {a.text for a in tuan.aliases if a.kind is AliasKind.MACHINE_TRANSLATION}
    assert mt == {"Zhang Mingjun", "Zhang Minjun", "Cheung"}
    assert all(a.why for a in tuan.aliases)


def test_year_of_29_march_is_marked_inferred(dataset):
    meeting = dataset.meetings["m-2017-03-29-tuan-takaichi"]
    assert (meeting.date.month, meeting.date.day) == (3, 29)
    assert meeting.inferred is not None and meeting.inferred.parts == [Precision.YEAR]
    assert "29 March" in str(meeting.inferred.reason)


def test_mic_is_two_different_ministries(dataset):
    mic = [o for o in dataset.organizations.values() if "MIC" in o.acronyms]
    assert {o.country for o in mic} == {"VN", "JP"}
    home_affairs = [a.text for a in dataset.organizations["mic-jp"].aliases]
    assert "Ministry of Home Affairs and Communications" in home_affairs


def test_moc_has_its_stated_period(dataset):
    moc = dataset.agreements["a-2020-moc"]
    assert str(moc.valid_until) == "2023" and moc.valid_until.latest().isoformat() == "2023-12-31"


def test_every_record_cites_a_known_source(dataset):
    for collection in ("meetings", "agreements", "commitments"):
        for record in dataset.collection(collection).values():
            assert record.sources and set(record.sources) <= set(dataset.sources)
