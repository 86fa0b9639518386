"""What every section of the brief shares: its limits, how it cites a source, what it returns beside its views.

A section is a function over the visit's `Selection` that returns a frozen value: its views, the
points to verify it raises (`notices`) and how many data texts it had to show untranslated
(`untranslated`, counted by a `Wording` of its own).  Nothing is shared between sections but the
selection and the citation placeholders, so the brief is their composition in any order
(`briefing.build_brief`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.dataset import Dataset
from briefgen.models import Reliability
from briefgen.viewmodel import CountRow, Notice
from briefgen.wording import Wording

MAX_SUGGESTIONS = 5
MAX_RENEWALS = 2  # renewal prompts among the suggestions: the rest of the record is in Annex C
MAX_OPEN_ITEMS = 6
ANNEX_WHOLE_UP_TO = 40  # meetings (or open items) a record may hold and still be listed whole in the annexes
ANNEX_RECENT_MONTHS = 24  # beyond that, the annexes list these months in full and count the older record
DUE_SOON_MONTHS = 6  # an item our side owes that falls due within this many months of the visit may be raised
MAX_DOUBTS_EACH = 3  # more inferred dates (or machine-translated meetings) than this are counted in one line


@dataclass(frozen=True, kw_only=True)
class Section:
    """What a section gives beside its views: the points to verify it raises, in the order it met them, and
    how many data texts it showed untranslated (the brief says how many in all)."""

    notices: tuple[Notice, ...] = ()
    untranslated: int = 0


@dataclass(frozen=True)
class Cite:
    """Citation placeholders: a section cites sources before the brief knows which it lists; once every
    section is built, the sources its text cites are numbered and the placeholders become "[1, 3]"
    (`citations`).  The token is random, so no text from the data can be mistaken for a placeholder."""

    token: str

    @classmethod
    def new(cls) -> Cite:
        return cls(f"\u27e6cite-{uuid.uuid4().hex}:")

    def __call__(self, source_ids: Iterable[str]) -> str:
        return f"{self.token}{','.join(dict.fromkeys(source_ids))}\u27e7"


def only_machine_translated(ds: Dataset, source_ids: Iterable[str]) -> bool:
    return all(ds.sources[s].reliability is Reliability.MACHINE_TRANSLATION for s in source_ids)


def counted(wd: Wording, items: Iterable[tuple[int, Iterable[str]]]) -> list[CountRow]:
    """Records counted by year (oldest first), each year with its count by field: "5G 3, cybersecurity 1"."""
    years: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[int, int] = defaultdict(int)
    for year, fields in items:
        totals[year] += 1
        for f in fields:
            years[year][f] += 1
    rows = []
    for year in sorted(totals):
        by_field = sorted(years[year].items(), key=lambda kv: (-kv[1], wd.field_label(kv[0])))
        text = ", ".join(f"{wd.field_label(f)} {n}" for f, n in by_field)
        rows.append(CountRow(str(year), totals[year], text))
    return rows
