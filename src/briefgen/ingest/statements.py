"""What happened at the meeting: where, what kind, what was signed, and what each side committed to.

These are read from marker words (rules.py) in sentences whose people,
organizations, countries and fields are already known, so a statement's side
is the side of the person, organization or country named next to its marker,
and its field is the first field it names. One article is taken to report one
meeting; every agreement and commitment is attached to it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from briefgen.ingest import rules
from briefgen.ingest.findings import (
    AgreementFinding,
    CommitmentFinding,
    Evidence,
    FieldFinding,
    OrgFinding,
    PersonFinding,
    PlaceFinding,
)
from briefgen.ingest.text import Sentence, lower
from briefgen.partialdate import PartialDate


@dataclass(frozen=True)
class Mention:
    """Something with a side, at a place in a sentence: a person, an organization or a country."""

    sentence: int
    start: int
    country: str | None
    org: str | None = None


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _any(patterns, text: str) -> re.Match | None:
    hits = [m for p in patterns if (m := _compiled(p).search(text))]
    return min(hits, key=lambda m: m.start()) if hits else None


# --- place and kind -------------------------------------------------------------------------


def find_place(sentences: list[Sentence], date_line: int | None, countries) -> PlaceFinding:
    ordered = sorted(sentences, key=lambda s: s.line != date_line)  # the meeting date's sentence first
    for sentence in sentences:
        if _any([r"(?<!\w)" + re.escape(w) + r"(?!\w)" for w in rules.ONLINE], lower(sentence.text)):
            return PlaceFinding(online=True, evidence=Evidence(sentence.text, sentence.line))
    for sentence in ordered:
        for city, country in rules.CITIES.items():
            if re.search(r"(?<!\w)" + re.escape(city) + r"(?!\w)", sentence.text):
                return PlaceFinding(city=city, country=country, evidence=Evidence(sentence.text, sentence.line))
        text = lower(sentence.text)
        for code, start, _end in countries.get(sentence.index, []):
            if any(re.search(p + r"$", text[:start]) for p in rules.VISIT_TO):
                return PlaceFinding(country=code, evidence=Evidence(sentence.text, sentence.line))
    return PlaceFinding(checks=[f"{rules.CHECK}: place not stated"])


def find_kind(sentences: list[Sentence], date_line: int | None) -> tuple[str, Evidence | None]:
    first = sentences[:1] + [s for s in sentences if s.line == date_line]
    for group in (first, sentences):
        for kind, words in rules.MEETING_KINDS:
            for sentence in group:
                if _any([r"(?<!\w)" + re.escape(w) + r"(?!\w)" for w in words], lower(sentence.text)):
                    return kind, Evidence(sentence.text, sentence.line)
    return rules.DEFAULT_MEETING_KIND, None


# --- agreements -----------------------------------------------------------------------------


def _kind_of(text: str) -> tuple[str, re.Match] | None:
    low = lower(text)
    for kind, phrases in rules.AGREEMENT_KINDS:
        match = _any([r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in phrases], low)
        if match:
            return kind, match
    return None


def _same_document(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or any({a, b} <= group for group in rules.SAME_DOCUMENT)


def _title(clause: str, match: re.Match) -> str:
    rest = clause[match.start() :]
    stop = rules.TITLE_STOP.search(rest, len(match.group(0)))
    words = (rest[: stop.start()] if stop else rest).split()[: rules.TITLE_MAX_WORDS]
    text = " ".join(words).strip(" .,;:")
    return text[:1].upper() + text[1:]


def find_agreements(
    sentences: list[Sentence], orgs: list[OrgFinding], people: list[PersonFinding], fields: list[FieldFinding]
) -> list[AgreementFinding]:
    found: list[AgreementFinding] = []
    votes: list[Counter] = []
    mentions: list[tuple[str, str, Sentence]] = []  # (kind, title, sentence) named without a signing
    orgs_in = _by_sentence(orgs, lambda o: o.sentence)  # looked up per sentence: scanning all was quadratic
    people_in = _by_sentence(people, lambda p: p.evidence.sentence)
    for sentence in sentences:
        low = lower(sentence.text)
        signing = _any(rules.SIGNING, low)
        witnessed = bool(_any(rules.WITNESSED, low))
        offset = 0
        for clause in sentence.text.split(";"):
            start, end = offset, offset + len(clause)
            offset = end + 1
            kind = _kind_of(clause)
            if not signing:
                if kind:
                    mentions.append((kind[0], _title(clause, kind[1]), sentence))
                continue
            parties = list(dict.fromkeys(o.org_id for o in orgs_in.get(sentence.index, ()) if start <= o.start < end))
            if kind is None and len(parties) < 2:
                continue
            signers = (
                []
                if witnessed
                else [(p.person_id, p.country) for p in people_in.get(sentence.text, ()) if p.person_id and p.country]
            )
            title = _title(clause, kind[1]) if kind else ""
            item = _merge_into(found, votes, kind[0] if kind else None, parties)
            if item is None:
                item = AgreementFinding(kind[0] if kind else rules.DEFAULT_AGREEMENT_KIND, title, parties, [])
                if kind is None:
                    item.checks.append(f"{rules.CHECK}: kind not stated")
                found.append(item)
                votes.append(Counter())
            index = found.index(item)
            if kind:
                votes[index][kind[0]] += 1
                if not item.title or (kind[0] == votes[index].most_common(1)[0][0] and len(title) > len(item.title)):
                    item.title = title
            item.parties = list(dict.fromkeys([*item.parties, *parties]))
            item.signatories = list(dict.fromkeys([*item.signatories, *signers]))
            item.evidence.append(Evidence(sentence.text, sentence.line))
            item.sentences.add(sentence.index)
            _period(item, sentence)
    for named, _, sentence in mentions:  # "the Memorandum of Cooperation ... from 2020 to 2023"
        for index, item in enumerate(found):
            if named in _family(votes[index]):
                votes[index][named] += 1
                item.evidence.append(Evidence(sentence.text, sentence.line))
                item.sentences.add(sentence.index)
                _period(item, sentence)
                break
    for item, vote in zip(found, votes):
        _settle_kind(item, vote)
        item.fields = list(dict.fromkeys(f.field_id for f in fields if f.sentence in item.sentences))
    return found


def _family(vote: Counter) -> set[str]:
    kinds = set(vote)
    for group in rules.SAME_DOCUMENT:
        if kinds & group:
            kinds |= group
    return kinds


def _merge_into(
    found: list[AgreementFinding], votes: list[Counter], kind: str | None, parties: list[str]
) -> AgreementFinding | None:
    """The agreement already found that this mention is another mention of, if any."""
    for item, vote in zip(found, votes):
        kinds = list(vote) or [None]
        if not all(_same_document(kind, k) for k in kinds):
            continue
        if kind is None and not vote:
            continue
        mine, theirs = set(parties), set(item.parties)
        if len(mine) < 2 or len(theirs) < 2 or mine <= theirs or theirs <= mine:
            return item
    return None


def _settle_kind(item: AgreementFinding, vote: Counter) -> None:
    if not vote:
        return
    ranked = vote.most_common()
    item.kind = ranked[0][0]
    if len(ranked) > 1:
        others = ", ".join(f"{k} ({n}×)" for k, n in ranked[1:])
        item.checks.append(f"{rules.CHECK}: the article also calls it {others}; taken as {item.kind} ({ranked[0][1]}×)")


def _period(item: AgreementFinding, sentence: Sentence) -> None:
    for pattern in rules.PERIOD:
        match = pattern.search(sentence.text)
        if match and item.valid_from is None:
            first, last = int(match.group(1)), int(match.group(2))
            if first <= last:
                item.valid_from, item.valid_until = PartialDate(first), PartialDate(last)
                item.period_evidence = Evidence(sentence.text, sentence.line)
            return


# --- commitments ----------------------------------------------------------------------------


def _cue(text: str) -> tuple[str, re.Match] | None:
    low = lower(text)
    for kind, patterns in rules.COMMITMENT_CUES:
        match = _any(patterns, low)
        if match:
            return kind, match
    return None


def _by_sentence(items, key) -> dict:
    grouped: dict = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return grouped


def _field_of(fields: dict[int, list[FieldFinding]], sentence: int, start: int, end: int) -> str | None:
    """The field named first in the span (`fields` by sentence); among fields named at the same place, the most named."""
    inside = [f for f in fields.get(sentence, ()) if start <= f.start < end]
    if not inside:
        return None
    first = min(f.start for f in inside)
    counts = Counter(f.field_id for f in inside)
    return max((f for f in inside if f.start == first), key=lambda f: counts[f.field_id]).field_id


def find_commitments(
    sentences: list[Sentence],
    mentions: list[Mention],
    fields: list[FieldFinding],
    agreements: list[AgreementFinding],
    home: str,
    partners: list[str],
    skip: set[int],
) -> list[CommitmentFinding]:
    found: list[CommitmentFinding] = []
    both = [home, *partners]
    mentions_in = _by_sentence(mentions, lambda m: m.sentence)  # per sentence, in order: scanning all was quadratic
    fields_in = _by_sentence(fields, lambda f: f.sentence)
    for sentence in sentences:
        if sentence.index in skip:
            continue
        cue = _cue(sentence.text)
        if cue is None:
            continue
        kind, match = cue
        here = [m for m in mentions_in.get(sentence.index, ()) if m.country]
        before = [m for m in here if m.start < match.start()]
        after = [m for m in here if m.start >= match.start()]
        checks: list[str] = []
        by_org = None
        if kind == "joint" or (kind == "undertaking" and _any(rules.BOTH_SIDES, sentence.text)):
            kind, owed = "joint", both
        elif kind == "undertaking":
            owed = [before[-1].country or ""] if before else []  # `here` holds only mentions with a country
            by_org = before[-1].org if before else None
        else:  # request or invitation: owed by the side asked or invited
            owed = [after[0].country or ""] if after else []
            if not owed and before:
                owed = [s for s in both if s != before[-1].country][:1]
        if not owed:
            owed = partners[:1] or [home]
            checks.append(f"{rules.CHECK}: the side that owes it is not named; {owed[0]} is a placeholder")
        agreement = next((i for i, a in enumerate(agreements) if sentence.index in a.sentences), None)
        for text, start, end in _clauses(sentence.text, kind, match):
            field_id = _field_of(fields_in, sentence.index, start, end)
            if field_id is None:  # "in this field": the field of the sentence before
                field_id = _field_of(fields_in, sentence.index - 1, 0, 10**6) if sentence.index else None
            found.append(
                CommitmentFinding(
                    text,
                    kind,
                    list(dict.fromkeys(owed)),
                    field_id,
                    Evidence(sentence.text, sentence.line),
                    by_org,
                    agreement,
                    list(checks),
                )
            )
    return found


def _clauses(text: str, kind: str, cue: re.Match) -> list[tuple[str, int, int]]:
    """ "They agreed to A and to B" → A, B (capitalized); any other statement is one commitment."""
    if kind == "joint":
        rest_start = cue.end()
        parts = rules.CLAUSE_SPLIT.split(text[rest_start:])
        if len(parts) > 1:
            out, pos = [], rest_start
            for part in parts:
                start = text.index(part, pos)
                pos = start + len(part)
                clean = part.strip(" .")
                out.append((clean[:1].upper() + clean[1:], start, pos))
            return out
    return [(text.strip()[: rules.COMMITMENT_MAX_CHARS], 0, len(text))]
