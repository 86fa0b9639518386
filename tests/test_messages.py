"""pydantic's messages in a curator's terms: each kind of mistake a curator makes, through the real models."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from briefgen.messages import curator_message, suggested_id
from briefgen.models import Commitment, Manifest, Meeting, Person, Source

MANIFEST = {
    "name": "n",
    "scope": "s",
    "home": "VN",
    "partners": ["JP"],
    "handling": "h",
    "languages": ["en"],
    "author": "a",
}
SOURCE = {"id": "s1", "title": "t", "publisher": "p", "language": "en", "reliability": "official", "file": "f.txt"}


def messages(model, data) -> dict[str, str]:
    """field path → the curator's message, for every error of validating `data` as `model`."""
    with pytest.raises(ValidationError) as info:
        TypeAdapter(model).validate_python(data)
    return {".".join(map(str, e["loc"])): curator_message(e) for e in info.value.errors(include_url=False)}


def test_a_bad_id_says_what_an_id_is_and_suggests_one():
    found = messages(Source, {**SOURCE, "id": "Takaichi Sanae"})
    assert found == {
        "id": "'Takaichi Sanae' is not an id: an id is lower-case letters, digits, '.', '_' or '-' "
        "(perhaps 'takaichi-sanae')"
    }


def test_country_and_language_codes_say_how_to_write_them():
    found = messages(Manifest, {**MANIFEST, "home": "vn", "partners": ["Japan"], "languages": ["EN"]})
    assert found == {
        "home": "'vn' is not a country code: write its two capital letters (ISO 3166), e.g. JP or VN (perhaps 'VN')",
        "partners.0": "'Japan' is not a country code: write its two capital letters (ISO 3166), e.g. JP or VN",
        "languages.0": "'EN' is not a language code: write it in lower case, e.g. en, vi, fr or ja (perhaps 'en')",
    }


def test_empty_values_lists_and_wrong_types():
    found = messages(
        Manifest, {**MANIFEST, "name": "", "partners": [], "scope": 2020, "handling": True, "seeds_dir": 7}
    )
    assert found == {
        "name": "must not be empty",
        "partners": "give at least one entry",
        "seeds_dir": "expected text, not the number 7 (put it in quotes to keep it as text)",
        # translatable texts (briefgen.localtext) may also be a mapping of translations
        "scope": "expected text (or translations {en: …, vi: …}), not the number 2020 "
        "(put it in quotes to keep it as text)",
        "handling": "expected text (or translations {en: …, vi: …}), not true/false (true) "
        "(put it in quotes to keep it as text)",
    }


def test_choices_lists_mappings_and_unknown_keys():
    meeting = {
        "id": "m",
        "date": "2020",
        "place": "Hanoi",
        "kind": "dinner",
        "title": "t",
        "orgs": "a",
        "summary": "s",
        "sources": ["s1"],
        "colour": "red",
    }
    found = messages(Meeting, meeting)
    assert found["kind"].startswith("'dinner' is not one of the allowed values: 'courtesy_call', ")
    assert found["place"] == "expected a mapping (key: value lines, or {key: value}), not the text 'Hanoi'"
    assert found["orgs"] == "expected a list (lines starting with '- ', or [a, b]), not the text 'a'"
    assert found["colour"] == "unknown key (check the spelling; see `briefgen schema`)"


def test_missing_fields_and_briefgen_own_value_errors_keep_their_words():
    found = messages(
        Commitment,
        {
            "id": "c",
            "text": "t",
            "kind": "joint",
            "owed_by": ["JP"],
            "made_at": {"meeting": "m"},
            "sources": ["s1"],
            "field": "5g",
            "updates": [{"date": "2020-13", "status": "open", "sources": ["s1"]}],
        },
    )
    assert found == {"updates.0.date": "month 13 does not exist"}
    assert messages(Person, {"id": "p", "country": "JP"})["name"] == "required field is missing"


def test_no_message_of_pydantic_is_left_for_these_mistakes():
    found = messages(
        Person,
        {
            "id": "P 1",
            "name": {"family": 5, "order": "x", "address_by": []},
            "country": "jp",
            "posts": "x",
            "aliases": [{"text": 5}],
        },
    )
    pydantic_words = ("should", "Input", "valid dictionary", "Field required", "pattern")
    assert [m for m in found.values() if any(w in m for w in pydantic_words)] == []


def test_long_inputs_are_cut_and_unknown_kinds_pass_through():
    assert (
        len(curator_message({"type": "string_pattern_mismatch", "ctx": {"pattern": "^x$"}, "input": "y" * 500})) < 120
    )
    assert curator_message({"type": "something_new", "msg": "Value error, odd"}) == "odd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Takaichi Sanae", "takaichi-sanae"),
        ("Nguyễn Mạnh Hùng", "nguyen-manh-hung"),
        ("Đỗ  Thị", "do-thi"),
        ("MIC (JP)", "mic-jp"),
        ("a.b_c", "a.b_c"),
    ],
)
def test_suggested_ids(text, expected):
    assert suggested_id(text) == expected
