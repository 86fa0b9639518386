"""The article's language, its publication date and the date of the meeting it reports.

Libraries do the reading: lingua tells the language (only among the languages
the dataset declares, so a short English press release is never "Danish"),
dateparser finds and reads dates in that language ("On May 2", "ngày 29 tháng
3", "jeudi 9 janvier"), babel names the weekdays. What they cannot say is
which parts of a date the article actually wrote; that is read by asking
dateparser twice, from two different "today"s: a part that changes with the
"today" was filled in, not written. A missing year is then taken from the
publication date (the latest such day on or before it) and marked inferred,
with the reason; with no publication date it is a placeholder to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from briefgen.ingest import rules
from briefgen.ingest.findings import DateFinding, Evidence
from briefgen.ingest.text import Sentence, fold
from briefgen.partialdate import PartialDate

_BASES = (dt.datetime(2020, 1, 10), dt.datetime(2011, 6, 20))  # two "today"s that differ in every part


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in languages:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            known.append(Language.from_iso_code_639_1(iso))
    if len(set(known)) < 2:
        return LanguageDetectorBuilder.from_all_languages().build()
    return LanguageDetectorBuilder.from_languages(*sorted(set(known), key=str)).build()


def detect_language(text: str, candidates: list[str]) -> str:
    """ISO 639-1 code of the article's language, chosen among `candidates` (plus en, vi, fr)."""
    detector = _detector(tuple(sorted({*candidates, *rules.LANGUAGES})))
    language = detector.detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language is not None else "en"


@dataclass(frozen=True)
class DateMention:
    text: str
    value: dt.date
    year: bool  # which parts the article wrote
    month: bool
    day: bool
    sentence: Sentence
    start: int

    def partial(self) -> PartialDate:
        if self.day and self.month:
            return PartialDate(self.value.year, self.value.month, self.value.day)
        return PartialDate(self.value.year, self.value.month) if self.month else PartialDate(self.value.year)


def _search(text: str, lang: str, base: dt.datetime) -> list[tuple[str, dt.datetime]]:
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "current",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        return search_dates(text, languages=[lang], settings=settings) or []
    except Exception:  # noqa: BLE001 - dateparser can fail on odd input; a sentence without dates is the safe reading
        return []


_EDGE_WORDS = {"on", "in", "at", "the", "of", "à", "le", "la", "vào", "tại", "rằng", "chiều", "sáng"}


def _trim(span: str) -> str:
    """ "On May 2, in" → "May 2": dateparser's spans keep the words around a date."""
    words = span.replace(",", " , ").split()
    while words and (words[0].lower() in _EDGE_WORDS or words[0] == ","):
        words.pop(0)
    while words and (words[-1].lower() in _EDGE_WORDS or words[-1] == ","):
        words.pop()
    return " ".join(words).replace(" , ", ", ") or span.strip()


def find_dates(sentence: Sentence, lang: str) -> list[DateMention]:
    """Dates written in a sentence, with the parts the text states; bare numbers ("+81") are dropped."""
    first, second = _search(sentence.text, lang, _BASES[0]), _search(sentence.text, lang, _BASES[1])
    found, pos = [], 0
    for (span, one), (span2, two) in zip(first, second):
        if span != span2:
            continue
        year, month, day = one.year == two.year, one.month == two.month, one.day == two.day
        if not (month and (year or day)):  # a year alone ("2020", "40 years") is not a date of an event
            continue
        start = sentence.text.find(span, pos)
        pos = max(pos, start + 1)
        found.append(DateMention(_trim(span), one.date(), year, month, day, sentence, max(start, 0)))
    return found


def _weekday_note(mention: DateMention, lang: str, day: dt.date) -> tuple[str, bool]:
    """("jeudi", True) when the span names a weekday and the day falls on it; ("", True) when none is named."""
    try:
        names = Locale.parse(lang).days["format"]["wide"]
    except Exception:  # noqa: BLE001 - babel lacks the language: no weekday to check
        return "", True
    words = set(fold(mention.text).replace(",", " ").split())
    for number, name in names.items():
        if fold(name) in words:
            return name, number == day.weekday()
    return "", True


def _latest_on_or_before(month: int, day: int, limit: dt.date) -> dt.date:
    year = limit.year
    while True:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            year -= 1
            continue
        if candidate <= limit:
            return candidate
        year -= 1


def publication_date(sentences: list[Sentence], lang: str) -> DateMention | None:
    """The article's own date: at the start of its first line, or a short date line near the top."""
    top_lines = sorted({s.line for s in sentences})[: rules.HEADER_LINES]
    for index, sentence in enumerate(sentences):
        if sentence.line not in top_lines:
            break
        first_of_line = index == 0 or sentences[index - 1].line != sentence.line
        if not first_of_line:
            continue
        for mention in find_dates(sentence, lang):
            if not mention.year:
                continue
            at_start = index == 0 and mention.start <= rules.DATELINE_START  # "December 3, 2020 Results of…"
            rest = sentence.text.replace(mention.text, " ")
            short = len(re.findall(r"[^\W\d_]{2,}", rest)) <= rules.DATELINE_OTHER_WORDS
            if at_start or short:
                return mention
    return None


def meeting_date(
    sentences: list[Sentence], lang: str, published: PartialDate | None, skip: DateMention | None, today: dt.date
) -> DateFinding:
    """The first date in the body with a day and a month; its year from the publication date if unwritten."""
    for sentence in sentences:
        for mention in find_dates(sentence, lang):
            if skip is not None and mention.sentence == skip.sentence and mention.start == skip.start:
                continue
            if not (mention.day and mention.month):
                continue
            return _resolve_year(mention, lang, published, today)
    evidence = None
    if published is not None:
        parts = [p for p in ("year", "month", "day") if getattr(published, p) is not None]
        return DateFinding(
            published,
            evidence,
            parts,
            f"The article states no meeting date: the publication date ({published}) is a placeholder.",
            [f"{rules.CHECK}: meeting date not stated"],
        )
    return DateFinding(
        PartialDate(today.year),
        evidence,
        ["year"],
        f"Neither a meeting date nor a publication date is stated: the year of ingest ({today.year}) is a placeholder.",
        [f"{rules.CHECK}: meeting date not stated"],
    )


def _resolve_year(mention: DateMention, lang: str, published: PartialDate | None, today: dt.date) -> DateFinding:
    evidence = Evidence(mention.sentence.text, mention.sentence.line)
    value = mention.value
    if mention.year:
        finding = DateFinding(mention.partial(), evidence)
        weekday, agrees = _weekday_note(mention, lang, value)
        if not agrees:
            finding.checks.append(
                f'{rules.CHECK}: the article says "{weekday}" but {value} is a {value.strftime("%A")}'
            )
        return finding
    limit = published.latest() if published is not None else today
    value = _latest_on_or_before(value.month, value.day, limit)
    weekday, agrees = _weekday_note(mention, lang, value)
    said = f'The article gives "{mention.text.strip()}" without a year'
    if published is not None:
        reason = (
            f"{said}; {value.year} is the year of the latest such day on or before its publication date ({published})"
        )
        checks = []
    else:
        reason = (
            f"{said} and has no publication date; {value.year} is only the year of the latest such day "
            f"before the day of ingest ({today}): a placeholder"
        )
        checks = [f"{rules.CHECK}: the year of the meeting is a placeholder"]
    if weekday and agrees:
        reason += f", and {value} is a {value.strftime('%A')} as it says ({weekday})"
    elif weekday:
        checks.append(f'{rules.CHECK}: the article says "{weekday}" but {value} is a {value.strftime("%A")}')
    return DateFinding(PartialDate(value.year, value.month, value.day), evidence, ["year"], reason + ".", checks)
