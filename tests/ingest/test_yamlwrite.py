"""The comment-keeping YAML writer: whatever it writes, YAML reads back exactly."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefgen.ingest.yamlwrite import Noted, scalar, write
from briefgen.partialdate import PartialDate
from briefgen.yamlfile import _NoAliasLoader


def load(text: str):
    return yaml.load(text, Loader=_NoAliasLoader)  # the dataset's own loader


def test_comments_go_above_keys_and_list_items():
    text = "\n".join(
        write({"meetings": [Noted({"id": "m", "date": Noted(PartialDate(2020, 1, 9), ["from: x"])}, ["from: y"])]})
    )
    assert text.splitlines() == ["meetings:", "  # from: y", "  - id: m", "    # from: x", "    date: 2020-01-09"]


def test_strings_that_look_like_other_types_are_quoted():
    for value in ("true", "No", "2020", "0x1F", "1e3", "5.0", "null", "a: b", "# x", "- y", "", " lead"):
        assert load(f"k: {scalar(value)}") == {"k": value}
    assert scalar("5g") == "5g" and scalar("mic-vn") == "mic-vn"


@given(st.text(max_size=80))
def test_any_text_round_trips(value):
    assert load("\n".join(write({"k": value, "l": [value], "m": {"n": value}}))) == {
        "k": value,
        "l": [value],
        "m": {"n": value},
    }
