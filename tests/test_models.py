"""The domain model on its own: good records load, bad ones say why, status is derived."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from briefgen.models import (
    Agreement,
    Commitment,
    CooperationField,
    DatasetFile,
    MadeAt,
    Organization,
    Person,
    PersonName,
    Place,
    Post,
    Source,
    Status,
)
from briefgen.partialdate import PartialDate


def commitment(**changes) -> Commitment:
    data = {
        "id": "c1",
        "text": "Conduct a survey.",
        "kind": "joint",
        "owed_by": ["JP", "VN"],
        "field": "5g",
        "made_at": {"meeting": "m1"},
        "sources": ["s1"],
    }
    return Commitment.model_validate({**data, **changes})


def update(date: str, status: str) -> dict:
    return {"date": date, "status": status, "sources": ["s1"]}


def messages(exc: ValidationError) -> list[tuple[tuple, str]]:
    return [(e["loc"], e["msg"]) for e in exc.errors(include_url=False)]


# --- Commitment.status ------------------------------------------------------------------


def test_a_commitment_without_updates_is_open():
    assert commitment().status is Status.OPEN
    assert commitment().status_on(dt.date(2030, 1, 1)) is Status.OPEN


def test_status_is_that_of_the_last_update():
    c = commitment(updates=[update("2021-06-30", "in_progress"), update("2022", "done")])
    assert c.status is Status.DONE
    c = commitment(updates=[update("2021-06-30", "done"), update("2022-01", "dropped")])
    assert c.status is Status.DROPPED


def test_status_on_a_day_uses_the_updates_known_by_then():
    c = commitment(updates=[update("2021-06-30", "in_progress"), update("2022-03", "done")])
    assert c.status_on(dt.date(2021, 6, 29)) is Status.OPEN
    assert c.status_on(dt.date(2021, 6, 30)) is Status.IN_PROGRESS
    assert c.status_on(dt.date(2022, 2, 28)) is Status.IN_PROGRESS
    assert c.status_on(dt.date(2022, 3, 1)) is Status.DONE  # a month counts from its first day


def test_status_is_not_a_field_that_can_be_written():
    with pytest.raises(ValidationError) as info:
        commitment(status="done")
    assert messages(info.value) == [(("status",), "Extra inputs are not permitted")]


def test_made_at_needs_exactly_one_origin():
    assert MadeAt(agreement="a1").meeting is None
    for bad in ({}, {"meeting": "m1", "agreement": "a1"}):
        with pytest.raises(ValidationError, match="give exactly one of `meeting` or `agreement`"):
            MadeAt.model_validate(bad)


# --- records refuse what a curator gets wrong -----------------------------------------------


def test_unknown_keys_are_errors_not_ignored():
    with pytest.raises(ValidationError) as info:
        Agreement.model_validate(
            {"id": "a1", "kind": "moc", "title": "MoC", "parties": ["x", "y"], "sigend": "2020", "sources": ["s1"]}
        )
    assert messages(info.value) == [
        (("signed",), "Field required"),
        (("sigend",), "Extra inputs are not permitted"),
    ]


def test_records_are_frozen():
    c = commitment()
    with pytest.raises(ValidationError):
        c.text = "Something else."  # type: ignore[misc]


@pytest.mark.parametrize("bad_id", ["Takaichi", "-x", "a b", "ä", "x" * 101, ""])
def test_ids_are_lower_case_ascii(bad_id):
    with pytest.raises(ValidationError):
        commitment(id=bad_id)


def test_text_is_stripped_and_must_not_be_empty():
    assert str(commitment(text="  Conduct a survey.  ").text) == "Conduct a survey."
    with pytest.raises(ValidationError):
        commitment(text="   ")


def test_a_source_needs_a_file_or_url():
    base = {"id": "s1", "title": "T", "publisher": "P", "language": "en", "reliability": "press"}
    assert Source.model_validate({**base, "url": "https://example.org"}).file is None
    assert Source.model_validate({**base, "file": "000.txt"}).url is None
    with pytest.raises(ValidationError, match=r"a source needs a `file` \(under seeds/\) or a `url`"):
        Source.model_validate(base)


def test_a_post_cannot_end_before_it_starts():
    assert Post.model_validate({"title": "Minister", "start": "2020", "end": "2020", "sources": ["s1"]})
    with pytest.raises(ValidationError, match=r"the post ends \(2019\) before it starts \(2020-03\)"):
        Post.model_validate({"title": "Minister", "start": "2020-03", "end": 2019, "sources": ["s1"]})


def test_an_agreement_period_is_in_order():
    base = {"id": "a1", "kind": "moc", "title": "MoC", "parties": ["x", "y"], "signed": "2020-01-09", "sources": ["s1"]}
    assert Agreement.model_validate({**base, "valid_from": 2020, "valid_until": 2023}).valid_until == PartialDate(2023)
    with pytest.raises(ValidationError, match=r"valid_until \(2019\) is before the start \(2020-01-09\)"):
        Agreement.model_validate({**base, "valid_until": 2019})


def test_place_needs_somewhere():
    assert Place(online=True) and Place(city="Hanoi") and Place(country="VN")
    with pytest.raises(ValidationError, match="a place needs `online: true`, a `city` or a `country`"):
        Place()


def test_labels_and_names_need_their_languages():
    with pytest.raises(ValidationError, match="labels need vi"):
        CooperationField.model_validate({"id": "5g", "labels": {"en": "5G"}})
    with pytest.raises(ValidationError, match="names need an `en` entry"):
        Organization.model_validate({"id": "x", "names": {"vi": "Bộ"}, "country": "VN"})


def test_country_codes_are_two_capitals():
    person = {"id": "x", "name": {"family": "Sato", "order": "family_first", "address_by": "family"}}
    assert Person.model_validate({**person, "country": "JP"}).country == "JP"
    for bad in ("jp", "JPN", "Japan"):
        with pytest.raises(ValidationError):
            Person.model_validate({**person, "country": bad})


# --- names ----------------------------------------------------------------------------------


def test_names_are_written_in_their_own_order():
    takaichi = PersonName(
        family="Takaichi", given="Sanae", order="family_first", address_by="family", capitalize_family=True
    )
    assert takaichi.full() == "TAKAICHI Sanae"
    assert takaichi.full(capitals=False) == "Takaichi Sanae"
    assert takaichi.addressed() == "Takaichi"
    hung = PersonName(family="Nguyễn", middle="Mạnh", given="Hùng", order="family_first", address_by="given")
    assert hung.full() == "Nguyễn Mạnh Hùng"
    assert hung.addressed() == "Hùng"
    dupont = PersonName(family="Dupont", given="Jean", order="given_first", address_by="family")
    assert dupont.full() == "Jean Dupont"


def test_addressed_by_given_name_falls_back_to_family_when_unknown():
    sakairi = PersonName(family="Sakairi", order="family_first", address_by="given")
    assert sakairi.addressed() == "Sakairi"
    assert sakairi.full() == "Sakairi"


def test_dataset_file_lists_every_collection():
    assert set(DatasetFile.model_fields) == {
        "manifest",
        "sources",
        "fields",
        "organizations",
        "people",
        "meetings",
        "agreements",
        "commitments",
        "draft",
    }
