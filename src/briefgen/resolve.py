"""Which person does the user mean? Resolve a typed name to one person of the dataset, or refuse.

A briefing on the wrong person is worse than none, so this module chooses only
when exactly one person matches, and otherwise raises NameNotResolvedError
listing the candidates or the near misses for the user to pick from:

- an exact id always selects (``takaichi-sanae``);
- otherwise titles and forms of address are stripped ("Minister", "Ông",
  "-san"), and the query is compared, ignoring case, diacritics and name
  order, with each person's name (both orders), aliases and native name;
  a lone family name, or the part a person is addressed by ("Minister Hùng"),
  matches when exactly one person has it;
- diacritics the user *did* type must agree with the stored spelling: dropping
  marks is fine ("Nguyen", "Nguyên Xuân Phuc"), contradicting them is not
  (Doãn never silently becomes Đoàn);
  and a person recorded only without marks ("Phan Tam") cannot contradict the ones typed ("Phan Tâm");
- names are found as they are written: a Japanese family name and office in one word ("高市総務大臣",
  "(当時)" too) where the data delimits the family name (a native name with a space), a katakana given
  name from a katakana alias ("フン科学技術大臣", "情報通信省のフン大臣"), French titles before a name;
- typos (rapidfuzz) are only ever offered as "did you mean", never chosen.

A name is looked up in the dataset's index of people by name (see briefgen.names: computed by the check
and kept with it), so naming one person reads only the people who share the name, even among
thousands; near misses search every spelling, gathered once per dataset when first needed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from briefgen.dataset import Dataset
from briefgen.errors import NameNotResolvedError
from briefgen.models import Person
from briefgen.names import (
    CJK,
    COMPACT,
    PART,
    SPECIAL_LETTERS,
    SPELLING,
    NameEntry,
    compact,
    fold,
    is_compact_native,
    name_key,
    parts,
    spellings,
    tokens,
)
from briefgen.wording import Wording

# Titles and forms of address ignored at the start of a query, in any language the dataset
# covers (written as people type them; they are normalized like queries, so "Bo truong" and
# "Bộ trưởng", "H.E." and "HE" are the same). A query is also tried with them kept, so a
# name that really starts with one of these words ("Ông", "Ba") still matches.
TITLES: tuple[str, ...] = (
    # English
    "Mr.",
    "Ms.",
    "Mrs.",
    "Miss",
    "Dr.",
    "Prof.",
    "Professor",
    "Sir",
    "Madam",
    "H.E.",
    "His Excellency",
    "Her Excellency",
    "Excellency",
    "Hon.",
    "The Honourable",
    "The Honorable",
    "Prime Minister",
    "PM",
    "Deputy Prime Minister",
    "Deputy PM",
    "Minister",
    "Deputy Minister",
    "Vice Minister",
    "Vice-Minister",
    "State Minister",
    "Senior Vice Minister",
    "Parliamentary Vice-Minister",
    "Director-General",
    "Deputy Director-General",
    "Director",
    "Deputy Director",
    "Ambassador",
    "President",
    "Vice President",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Secretary-General",
    "General Secretary",
    "Governor",
    "Mayor",
    # Vietnamese
    "Ông",
    "Bà",
    "Ngài",
    "Đồng chí",
    "Bộ trưởng",
    "Thứ trưởng",
    "Thủ tướng",
    "Phó Thủ tướng",
    "Chủ tịch",
    "Tổng Bí thư",
    "Vụ trưởng",
    "Cục trưởng",
    "Giám đốc",
    "Tiến sĩ",
    "TS.",
    "GS.",
    # French
    "M.",
    "Mme",
    "Mlle",
    "Monsieur",
    "Madame",
    "S.E.",
    "Son Excellence",
    "le ministre",
    "la ministre",
    "le Premier ministre",
    "la Première ministre",
    "le vice-ministre",
    "la vice-ministre",
    "ministre",
    "vice-ministre",
    "Premier ministre",
    "Première ministre",
    # French puts the nationality after the title: "la ministre japonaise Takaichi Sanae"
    *(
        f"{article}{title} {nationality}"
        for article in ("", "le ", "la ")
        for title in ("ministre", "vice-ministre", "Premier ministre", "Première ministre")
        for nationality in ("japonais", "japonaise", "vietnamien", "vietnamienne")
    ),
)
# Honorifics that follow a name ("Takaichi-san", "Takaichi daijin").
SUFFIXES: tuple[str, ...] = ("san", "sama", "kun", "chan", "sensei", "dono", "daijin")
# The same after a name in Japanese or Chinese script, written without a space ("高市さん").
CJK_SUFFIXES: tuple[str, ...] = ("さん", "さま", "様", "氏", "大臣", "首相", "閣下", "先生")

# Japanese writes a family name and an office title as one word ("高市総務大臣", "トゥアン情報通信相"), the
# office often named ("総務", "科学技術"), sometimes after the ministry ("情報通信省のフン大臣"), and marks a
# past office "(当時)". A query of one such word is split where what follows is an office title.
CJK_OFFICES = ("大臣", "副大臣", "政務官", "相", "首相", "長官", "次官", "委員長", "局長", "大使", "総裁", "知事")
_CJK_OFFICE = re.compile(r"(?:[\u3040-\u30ff\u3400-\u9fff]*)(?:" + "|".join(CJK_OFFICES) + r")")
_CJK_OF_MINISTRY = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff]+?(?:省|庁|府|局)の")
_AT_THE_TIME = re.compile(r"[(（]\s*当時\s*[)）]")

NEAR_MISS_SCORE = 75.0  # rapidfuzz score (0–100) from which a spelling is offered as "did you mean"
CLOSEST = 3  # how many names a "matches nobody" message offers


# --- normalization ------------------------------------------------------------------------


def _letters(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each base letter with the set of marks on it (for comparing diacritics letter by letter)."""
    out: list[tuple[str, set[str]]] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if out:
                out[-1][1].add(ch)
        elif ch.lower() in SPECIAL_LETTERS:
            base, mark = SPECIAL_LETTERS[ch.lower()]
            out.append((base if ch.islower() else base.upper(), {mark}))
        else:
            out.append((ch, set()))
    return [(base, frozenset(marks)) for base, marks in out]


def _compatible(query: str, stored: str) -> bool:
    """True when the query's marks are, letter by letter, a subset of the stored spelling's.

    So "Nguyen" and "Nguyên Xuân Phuc" are compatible with "Nguyễn Xuân Phúc" (marks
    omitted), but "Doãn" is not with "Đoàn" (a tilde the stored name does not have).  (A person
    recorded only without marks is matched in `_match_stage`.)
    """
    q, s = _letters(query), _letters(stored)
    return len(q) == len(s) and all(qb == sb and qm <= sm for (qb, qm), (sb, sm) in zip(q, s))


def _unmarked(text: str) -> bool:
    return not any(marks for _, marks in _letters(text))


def _title_keys(titles: tuple[str, ...]) -> list[tuple[str, ...]]:
    keys = {tuple(fold(t) for t in tokens(title)) for title in titles}
    return sorted(keys, key=len, reverse=True)  # longest first: "prime minister" before "minister"


_TITLE_KEYS = _title_keys(TITLES)
_SUFFIX_KEYS = _title_keys(SUFFIXES)


def _strip_cjk_suffix(word: str) -> str:
    for suffix in CJK_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) and CJK.search(word[: -len(suffix)]):
            return word[: -len(suffix)]
    return word


def _stages(text: str) -> list[tuple[list[str], list[str]]]:
    """The query with ever more titles removed: (kept words, removed words), least removed first."""
    words = tokens(text)
    if not words:
        return []
    stages = _title_stages(words)
    if stages and (last := _strip_cjk_suffix(stages[-1][0][-1])) != stages[-1][0][-1]:
        kept, removed = stages[-1]
        stages.append((kept[:-1] + [last], removed + [kept[-1][len(last) :]]))
    return stages


def _title_stages(words: list[str]) -> list[tuple[list[str], list[str]]]:
    folded = [fold(w) for w in words]

    def cuts(keys: list[tuple[str, ...]], seq: list[str]) -> list[int]:
        found, i = [0], 0
        while True:
            title = next((k for k in keys if tuple(seq[i : i + len(k)]) == k and len(seq) - i > len(k)), None)
            if title is None:
                return found
            i += len(title)
            found.append(i)

    starts = cuts(_TITLE_KEYS, folded)
    stages = []
    for start in starts:
        rest = folded[start:]
        for cut in cuts(_SUFFIX_KEYS, rest[::-1]):
            end = len(folded) - cut
            stages.append((words[start:end], words[:start] + words[end:]))
    stages.sort(key=lambda s: len(s[1]))
    return stages


def normalize_name(text: str) -> str:
    """The comparison form of a name: folded, case-folded, titles stripped, punctuation removed."""
    stages = _stages(text)
    return fold(" ".join(stages[-1][0])) if stages else ""


# --- public results -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person a query might mean, and what made it so."""

    person_id: str
    display: str  # the dataset's spelling, PersonName.full()
    matched: str  # the stored text that matched (a name, an alias, a name part, the id)
    how: str  # 'id' | 'name' | 'alias:<kind>' | 'native' | 'family-name' | 'addressed-name' | 'diacritics' | 'fuzzy'
    score: float  # 100 for a match; the rapidfuzz similarity for 'diacritics' and 'fuzzy' near misses


@dataclass(frozen=True)
class Resolution:
    person: Person
    candidate: Candidate
    explanation: list[str] = field(default_factory=list)


# --- the index ----------------------------------------------------------------------------


@dataclass
class _Spellings:
    """Every spelling and name part of the dataset's people, folded, beside its entry: what near misses are
    searched in (rapidfuzz) and what `briefgen people` filters by.  Needed only when a name matches nobody,
    or to list people: built then, once per dataset (Dataset.derived)."""

    keys: list[str] = field(default_factory=list)
    entries: list[NameEntry] = field(default_factory=list)


def _all_spellings(dataset: Dataset) -> _Spellings:
    found = _Spellings()
    for person in dataset.people.values():
        for entry in (*spellings(person), *parts(person)):
            found.keys.append(fold(entry.key))
            found.entries.append(entry)
    return found


# --- resolving ----------------------------------------------------------------------------


def _describe(dataset: Dataset, person_id: str, visit_date: dt.date) -> str:
    """ "TAKAICHI Sanae (takaichi-sanae, Minister for …, JP)": the post as of the visit date resolved for,
    worded as the brief words it."""
    return Wording(dataset, "en").person_line(dataset.people[person_id], visit_date)


def _candidate(dataset: Dataset, entry: NameEntry, how: str | None = None, score: float = 100.0) -> Candidate:
    person = dataset.people[entry.person_id]
    return Candidate(person.id, person.name.full(), entry.text, how or entry.how, round(score, 1))


@dataclass
class _Outcome:
    resolution: Resolution | None
    candidates: list[Candidate]
    lines: list[str]
    message: str = ""


def _match_stage(dataset: Dataset, words: list[str]) -> tuple[list[NameEntry], list[NameEntry]]:
    """Entries this form of the query matches (marks compatible), and those it contradicts: looked up in
    the dataset's index of people by name, then read from those people's own spellings."""
    key = " ".join(words)
    folded, packed = fold(key), compact(key)
    by_name = dataset.people_by_name
    found = [e for p in by_name.get(SPELLING + folded, []) for e in spellings(p) if fold(e.key) == folded]
    found += [
        e
        for p in by_name.get(PART + folded, [])
        for e in parts(p)
        if e.how in ("family-name", "addressed-name")
        and fold(e.key) == folded
        and (not CJK.search(e.key) or e.key == key)  # kana marks are sounds, not accents: exact
    ]
    # A person whose only spellings with these letters have no marks at all ("Phan Tam", from a release that
    # drops them) cannot contradict the marks typed ("Phan Tâm"); one with a marked spelling is judged by it.
    marked = {e.person_id for e in found if not _unmarked(e.key)}
    matched = [e for e in found if _compatible(key, e.key) or (e.person_id not in marked and _unmarked(e.key))]
    # CJK: exact once spaces are removed
    matched += [
        e
        for p in by_name.get(COMPACT + packed, [])
        for e in spellings(p)
        if is_compact_native(e) and compact(e.key) == packed
    ]
    # Everything else found differs in diacritics: marks the user typed that the stored spelling
    # lacks or has otherwise (including a stored spelling with no marks at all).
    conflicts = [e for e in found if e not in matched]
    return matched, conflicts


def _best_per_person(entries: list[NameEntry], key: str = "") -> dict[str, NameEntry]:
    """One entry per person to report: an exact spelling first, then name, native, alias, name part."""
    rank = {"name": 0, "native": 1, "family-name": 3, "addressed-name": 3}
    best: dict[str, NameEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.key != key, rank.get(e.how, 2))):
        best.setdefault(entry.person_id, entry)
    return best


def _near_misses(dataset: Dataset, query: str, exclude: set[str]) -> list[Candidate]:
    """People whose spellings are closest to the query, best first, one candidate per person."""
    best: dict[str, Candidate] = {}
    known = dataset.derived(_all_spellings)
    hits = process.extract(query, known.keys, scorer=fuzz.token_sort_ratio, limit=50 + 5 * CLOSEST)
    for _choice, score, i in hits:
        entry = known.entries[i]
        if entry.person_id in exclude:
            continue
        if entry.person_id not in best or score > best[entry.person_id].score:
            best[entry.person_id] = _candidate(dataset, entry, "fuzzy", score)
    return sorted(best.values(), key=lambda c: (-c.score, c.display))


_HOW_TEXT = {
    "name": "name",
    "native": "native name",
    "family-name": "family name",
    "addressed-name": "name used in address",
}


def _how_text(entry: NameEntry) -> str:
    return _HOW_TEXT.get(entry.how) or entry.how.replace("alias:", "alias, ").replace("_", " ")


def _resolve(dataset: Dataset, query: str, visit_date: dt.date, near_misses: bool = True) -> _Outcome:
    lines: list[str] = []
    stripped = query.strip()
    if stripped.casefold() in dataset.people:
        person = dataset.people[stripped.casefold()]
        cand = Candidate(person.id, person.name.full(), person.id, "id", 100.0)
        lines.append(
            f'"{stripped}" is the id of {_describe(dataset, person.id, visit_date)}: an id always selects exactly.'
        )
        namesakes = {e.person_id for e in _match_stage(dataset, tokens(stripped))[0]} - {person.id}
        if namesakes:
            lines.append(
                "Note: it is also a name of "
                + "; ".join(_describe(dataset, pid, visit_date) for pid in sorted(namesakes))
                + "; the id wins."
            )
        return _Outcome(Resolution(person, cand, lines), [cand], lines)
    cleaned = _AT_THE_TIME.sub(" ", query)
    stages = _stages(cleaned)
    if not stages:
        lines.append("The query is empty once punctuation is removed: give a name or an id.")
        return _Outcome(None, [], lines, f'"{query}" is not a name: give a name or an id.')
    lines.append(f'"{query}" normalizes to "{normalize_name(cleaned)}" (case, diacritics and punctuation ignored).')
    if cleaned != query:
        lines.append('Ignored "(当時)" ("at the time"): a past office still names the person.')
    conflicts: list[NameEntry] = []
    for words, removed in stages:
        matched, contradicted = _match_stage(dataset, words)
        conflicts += contradicted
        if matched:
            return _decide(dataset, query, " ".join(words), removed, matched, contradicted, lines, visit_date)
    # One word of Japanese: a name and an office written together, split wherever an office title follows;
    # every split is tried, and two people found by two splits are as ambiguous as two found by one (a
    # whole name found by one split is more than a family name found by another).
    found_by: list[tuple[NameEntry, list[str]]] = []
    for words, cut in _cjk_splits(cleaned):
        found, contradicted = _match_stage(dataset, words)
        conflicts += contradicted
        found_by += [(entry, cut) for entry in found]
    whole = [(e, cut) for e, cut in found_by if e.how not in ("family-name", "addressed-name")]
    if whole:  # a whole name found by one cut outweighs a family name found by a shorter one
        found_by = whole
    if found_by:
        matched = [e for e, _ in found_by]
        removed = found_by[0][1]
        return _decide(dataset, query, matched[0].key, removed, matched, [], lines, visit_date)
    return _not_found(dataset, query, conflicts, lines, near_misses)


def _cjk_splits(query: str) -> list[tuple[list[str], list[str]]]:
    """ "高市総務大臣" → ([高市], [総務大臣]) and every other cut where what follows is an office title;
    "情報通信省のフン大臣" first loses its ministry ("…省の")."""
    words = tokens(query)
    if len(words) != 1 or not CJK.search(words[0]):
        return []
    word = _CJK_OF_MINISTRY.sub("", words[0])
    ministry = words[0][: len(words[0]) - len(word)]
    return [
        ([word[:i]], [part for part in (ministry, word[i:]) if part])
        for i in range(1, len(word))
        if _CJK_OFFICE.fullmatch(word[i:])
    ]


def _decide(
    dataset: Dataset,
    query: str,
    form: str,
    removed: list[str],
    matched: list[NameEntry],
    contradicted: list[NameEntry],
    lines: list[str],
    visit_date: dt.date,
) -> _Outcome:
    """The outcome once a form of the query matched: the one person, or the candidates to choose from."""
    if removed:
        lines.append(f'Ignored as title or form of address: "{" ".join(removed)}"; compared "{form}".')
    best = _best_per_person(matched, form)
    for entry in best.values():
        loose = "" if entry.key == form or entry.how == "native" else ", ignoring case and omitted diacritics"
        if _unmarked(entry.text) and not _unmarked(form):
            loose = ", a spelling recorded without diacritics (the ones typed cannot be checked against it)"
        lines.append(
            f'Matches the {_how_text(entry)} "{entry.text}"{loose} of {_describe(dataset, entry.person_id, visit_date)}.'
        )
    cands = [_candidate(dataset, e) for e in best.values()]
    others = {e.person_id for e in contradicted} - set(best)
    if others:
        lines.append(
            "Not considered, same letters but other diacritics: "
            + "; ".join(_describe(dataset, pid, visit_date) for pid in sorted(others))
            + "."
        )
    if len(best) == 1:
        entry = next(iter(best.values()))
        if entry.how in ("family-name", "addressed-name"):
            lines.append(f'No other person has "{entry.text}" as a family name or name used in address.')
        person = dataset.people[entry.person_id]
        lines.append(f"Resolved to {person.name.full()} ({person.id}).")
        return _Outcome(Resolution(person, cands[0], lines), cands, lines)
    cands.sort(key=lambda c: (c.display, c.person_id))
    listing = "; ".join(_describe_with_disambiguation(dataset, cands, c, visit_date) for c in cands)
    message = f'"{query}" matches {len(cands)} people: {listing}. Give the full name or the id.'
    lines.append(message)
    return _Outcome(None, cands, lines, message)


def _describe_with_disambiguation(
    dataset: Dataset, cands: list[Candidate], cand: Candidate, visit_date: dt.date
) -> str:
    text = _describe(dataset, cand.person_id, visit_date)
    namesakes = [c for c in cands if c.display == cand.display]
    note = Wording(dataset, "en").text(dataset.people[cand.person_id].disambiguation)
    return f"{text} – {note.rstrip('.')}" if len(namesakes) > 1 and note else text


def _not_found(
    dataset: Dataset, query: str, conflicts: list[NameEntry], lines: list[str], near_misses: bool = True
) -> _Outcome:
    folded = normalize_name(query)
    by_marks = _best_per_person(conflicts)
    cands = [_candidate(dataset, e, "diacritics", fuzz.ratio(name_key(query), e.key)) for e in by_marks.values()]
    near = _near_misses(dataset, folded, set(by_marks)) if near_misses else []
    close = [c for c in near if c.score >= NEAR_MISS_SCORE]
    parts = [f'"{query}" matches nobody exactly.']
    if cands:
        names = "; ".join(f"{c.display} ({c.person_id})" for c in cands)
        parts.append(
            f"Same letters but different diacritics: {names}; diacritics you type must agree with the "
            "dataset's (Đoàn is not Doãn)."
        )
    if close:
        parts.append("Did you mean: " + "; ".join(f"{c.display} ({c.person_id})" for c in close[:5]) + "?")
    if cands or close:
        parts.append("Use the dataset's spelling or the id.")
    elif near:
        parts.append(
            "Closest names, none of them close: "
            + "; ".join(f"{c.display} ({c.person_id})" for c in near[:CLOSEST])
            + "."
        )
        parts.append("Run `briefgen people` to list everyone, or give an id.")
    else:
        parts.append("The dataset has no people.")
    message = " ".join(parts)
    lines.append(message)
    offered = close[:5] if cands or close else near[:CLOSEST]
    return _Outcome(None, cands + offered, lines, message)


def explain(
    dataset: Dataset, query: str, *, visit_date: dt.date | None = None, near_misses: bool = True
) -> tuple[Resolution | None, list[Candidate], list[str]]:
    """How `query` resolves and why, for `briefgen who`; never raises for an unknown name.

    Returns the resolution when exactly one person matches, the candidates (matches, or near
    misses when nothing matched), and human-readable explanation lines, which give each person's
    post as of `visit_date` (today when None).  Without `near_misses`, a name that matches nobody gets no
    near misses (the fuzzy search over every spelling, ~40 ms at 2,000 people): the page's search
    as-you-type asks for them only when no name contains what was typed.
    """
    outcome = _resolve(dataset, query, visit_date or dt.date.today(), near_misses)
    return outcome.resolution, outcome.candidates, outcome.lines


def resolve_person(dataset: Dataset, query: str, *, visit_date: dt.date | None = None) -> Resolution:
    """The one person `query` means; raises NameNotResolvedError listing candidates otherwise (each with
    their post as of `visit_date`; today when None)."""
    outcome = _resolve(dataset, query, visit_date or dt.date.today())
    if outcome.resolution is None:
        raise NameNotResolvedError(outcome.message, candidates=outcome.candidates)
    return outcome.resolution


def prepare_spellings(dataset: Dataset) -> None:
    """Build the list of every spelling the resolver and `filter_people` search now, rather than on the first
    query that needs it (about a second at 2,000 people): for a long-running process such as the page."""
    dataset.derived(_all_spellings)


def filter_people(dataset: Dataset, query: str | None) -> list[Person]:
    """People whose id or any spelling contains `query` (normalized), or is close to it; sorted by name.

    For listing (`briefgen people`), never for choosing: it may return many people.
    """
    needle = normalize_name(query) if query else ""
    if not needle:
        people = list(dataset.people.values())
    else:
        known = dataset.derived(_all_spellings)
        keep = {pid for pid in dataset.people if needle in fold(pid)}
        # Substring of any spelling, or a typo of a whole spelling or name part ("Takiachi").  The typos are
        # scored by rapidfuzz over the whole list at once: at 2,000 people (the page's search as you type)
        # one call per spelling took 48 ms a query or more, this 2.8 ms (docs/benchmarks.md).
        keep |= {e.person_id for e, key in zip(known.entries, known.keys) if needle in key}
        close = process.extract(needle, known.keys, scorer=fuzz.ratio, score_cutoff=80, limit=None)
        keep |= {known.entries[i].person_id for _choice, _score, i in close}
        people = [dataset.people[pid] for pid in keep]
    return sorted(people, key=lambda p: (fold(name_key(p.name.full(capitals=False))), p.id))
