"""The brief's sources, numbered once every section is built: only those its text cites are listed.

Sections cite through placeholders (`common.Cite`); `number_cited` finds the sources the finished brief
cites, numbers them by date of publication and fills every placeholder with "[1, 3]".  At size L, the
sources listed went from 527 (every source of the record) to ~60.
"""

from __future__ import annotations

import dataclasses
import re

from briefgen.briefing.common import Cite
from briefgen.dataset import Dataset
from briefgen.i18n import format_partial, label, words
from briefgen.models import Reliability, Source
from briefgen.partialdate import PartialDate
from briefgen.viewmodel import Brief, SourceView, view_fields


def number_cited(brief: Brief, cite: Cite, ds: Dataset, lang: str) -> Brief:
    """`brief` with its sources listed and numbered, and its citation placeholders filled."""
    ordered = sorted(
        cited_in(brief, cite),
        key=lambda s: (ds.sources[s].published is None, (ds.sources[s].published or PartialDate(1)).earliest(), s),
    )
    numbers = {source_id: number for number, source_id in enumerate(ordered, start=1)}
    sources = [source_view(lang, numbers[s], ds.sources[s]) for s in ordered]
    return fill_citations(dataclasses.replace(brief, sources=sources), numbers, cite)


def source_view(lang: str, number: int, source: Source) -> SourceView:
    """A source as the sources annex lists it (refresh lists a kept section's sources the same way)."""
    return SourceView(
        number=number,
        title=source.title,
        publisher=source.publisher or "",
        published=format_partial(source.published, lang) if source.published else words(lang, "undated"),
        address=source.url or "",
        reliability=label(lang, "reliability", source.reliability.value),
        machine_translation=source.reliability is Reliability.MACHINE_TRANSLATION,
        source_id=source.id,
    )


def _pattern(cite: Cite) -> re.Pattern[str]:
    return re.compile(re.escape(cite.token) + r"([^\u27e7]*)\u27e7")


def cited_in(brief: Brief, cite: Cite) -> set[str]:
    """The ids of every source the brief's text cites (its citation placeholders)."""
    pattern, token = _pattern(cite), cite.token
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            if token in value:
                for match in pattern.finditer(value):
                    found.update(s for s in match.group(1).split(",") if s)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            for name in view_fields(value):
                walk(getattr(value, name))

    walk(brief)
    return found


def fill_citations(brief: Brief, numbers: dict[str, int], cite: Cite) -> Brief:
    """Replace the citation placeholders by "[1, 3]" now that sources are numbered."""
    pattern, token = _pattern(cite), cite.token

    def render(match: re.Match) -> str:
        cited = sorted({numbers[s] for s in match.group(1).split(",") if s})
        return "[" + ", ".join(map(str, cited)) + "]" if cited else ""

    def walk(value):
        """`value` with its placeholders filled: the same object when it holds none (most do)."""
        if isinstance(value, str):
            return pattern.sub(render, value) if token in value else value
        if isinstance(value, list):
            walked = [walk(v) for v in value]
            return value if all(w is v for w, v in zip(walked, value)) else walked
        changes = {}
        for name in view_fields(value):
            old = getattr(value, name)
            new = walk(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value

    return walk(brief)
