"""PartialDate: a date known to the day, the month or only the year."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from briefgen.partialdate import PartialDate, Precision


@pytest.mark.parametrize(
    ("value", "parts", "precision"),
    [
        ("2020", (2020, None, None), Precision.YEAR),
        ("2020-01", (2020, 1, None), Precision.MONTH),
        ("2020-01-09", (2020, 1, 9), Precision.DAY),
        (" 2020-01-09 ", (2020, 1, 9), Precision.DAY),
        (2023, (2023, None, None), Precision.YEAR),  # YAML reads `valid_until: 2023` as an int
        (dt.date(2020, 1, 9), (2020, 1, 9), Precision.DAY),  # ... and `2020-01-09` as a date
        (dt.datetime(2020, 1, 9, 15, 30), (2020, 1, 9), Precision.DAY),
    ],
)
def test_parse_keeps_exactly_the_precision_given(value, parts, precision):
    date = PartialDate.parse(value)
    assert (date.year, date.month, date.day) == parts
    assert date.precision is precision


def test_parse_returns_a_partial_date_unchanged():
    date = PartialDate(2020, 1)
    assert PartialDate.parse(date) is date


@pytest.mark.parametrize("text", ["2020", "2020-01", "2020-01-09", "0001", "9999-12-31"])
def test_str_round_trips(text):
    assert str(PartialDate.parse(text)) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'yesterday'"),
        ("2020-1-9", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2020-1-9'"),
        ("20", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '20'"),
        ("2020/01/09", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2020/01/09'"),
        (True, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got True"),
        (None, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got None"),
        (2020.5, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 2020.5"),
        ("2020-13", "month 13 does not exist"),
        ("2020-00", "month 0 does not exist"),
        ("0000", "year 0 is out of range"),
        ("2021-02-29", "2021-02-29 does not exist (that month has 28 days)"),
        ("1900-02-29", "1900-02-29 does not exist (that month has 28 days)"),  # divisible by 100
        ("2020-04-31", "2020-04-31 does not exist (that month has 30 days)"),
        ("2020-01-00", "2020-01-00 does not exist (that month has 31 days)"),
    ],
)
def test_parse_refuses_what_is_not_a_date(value, message):
    with pytest.raises(ValueError) as info:
        PartialDate.parse(value)
    assert str(info.value) == message


def test_a_day_needs_a_month():
    with pytest.raises(ValueError, match="^a day needs a month$"):
        PartialDate(2020, None, 9)


@pytest.mark.parametrize("text", ["2020-02-29", "2000-02-29", "2024-02-29"])
def test_leap_days_exist_in_leap_years(text):
    assert PartialDate.parse(text).earliest() == dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2020", "2020-01-01", "2020-12-31"),
        ("2020-01", "2020-01-01", "2020-01-31"),
        ("2020-02", "2020-02-01", "2020-02-29"),  # leap year
        ("2021-02", "2021-02-01", "2021-02-28"),
        ("1900-02", "1900-02-01", "1900-02-28"),  # not a leap year
        ("2000-02", "2000-02-01", "2000-02-29"),  # a leap year
        ("2020-04", "2020-04-01", "2020-04-30"),
        ("2020-12", "2020-12-01", "2020-12-31"),
        ("2020-01-09", "2020-01-09", "2020-01-09"),
    ],
)
def test_earliest_and_latest_day_a_date_stands_for(text, earliest, latest):
    date = PartialDate.parse(text)
    assert date.earliest() == dt.date.fromisoformat(earliest)
    assert date.latest() == dt.date.fromisoformat(latest)


def test_equality_includes_the_precision():
    assert PartialDate.parse("2020-01") == PartialDate(2020, 1)
    assert PartialDate.parse("2020") != PartialDate.parse("2020-01-01")
    assert len({PartialDate.parse("2020"), PartialDate(2020)}) == 1


def test_dates_of_different_precision_can_be_sorted():
    dates = [PartialDate.parse("2020-01"), PartialDate.parse("2020"), PartialDate.parse("2019-12-31")]
    assert [str(d) for d in sorted(dates)] == ["2019-12-31", "2020-01", "2020"]


def test_pydantic_validates_and_serializes_as_text():
    adapter = TypeAdapter(PartialDate)
    assert adapter.validate_python("2020-01") == PartialDate(2020, 1)
    assert adapter.dump_python(PartialDate(2020, 1)) == "2020-01"
    assert adapter.dump_json(PartialDate(2020, 1, 9)) == b'"2020-01-09"'
    with pytest.raises(ValidationError, match="2021-02-29 does not exist"):
        adapter.validate_python("2021-02-29")


def test_json_schema_gives_the_text_form():
    schema = TypeAdapter(PartialDate).json_schema()
    text, year = (
        next(s for s in schema["anyOf"] if s["type"] == "string"),
        next(s for s in schema["anyOf"] if s["type"] == "integer"),
    )
    assert text["pattern"] == r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"
    assert (year["minimum"], year["maximum"]) == (1, 9999)
