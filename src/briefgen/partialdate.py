"""Dates known to a day, a month or only a year.

Sources often say "in 2020" or "January 2020": storing that as 2020-01-01
would invent a precision the source does not have.  A PartialDate keeps what
is known, and answers the two questions the rest of briefgen asks of it: the
earliest and the latest day it can stand for.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date with a precision; written "2020", "2020-01" or "2020-01-09"."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{self} does not exist (that month has {last} days)")

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            found = _from_text(value)
            if found is not None:
                return found
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __lt__(self, other: PartialDate) -> bool:
        """Order by the first day meant, then the last: 2020-01 sorts before 2020."""
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.earliest(), self.latest()) < (other.earliest(), other.latest())

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            json_schema_input_schema=core_schema.union_schema(
                [core_schema.int_schema(ge=1, le=9999), core_schema.str_schema(pattern=_PATTERN.pattern)]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


@functools.lru_cache(maxsize=65536)
def _from_text(text: str) -> PartialDate | None:
    """A dataset writes the same few thousand dates tens of thousands of times: parse each once.

    Sharing is safe because a PartialDate is frozen.  None when the text is not written as a
    date; a date that does not exist (2021-02-30) raises its ValueError, which is not cached.
    """
    match = _PATTERN.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
