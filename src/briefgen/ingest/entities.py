"""Organizations, countries and cooperation fields named in an article.

Everything is matched against what the dataset already knows: an organization
by any of its names, aliases or acronyms (and, for a loose rendering such as
"la ministre japonaise de l'Intérieur, ...", by rapidfuzz against those names,
only from a word that heads an organization's name); a field by its labels and
the multilingual `synonyms` of the field list. An acronym that two
organizations share ("MIC") is decided from context by the rules in
`rules.py`, and left unresolved, with a flag, when the context does not decide.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from babel import Locale
from rapidfuzz import fuzz, process

from briefgen.dataset import Dataset
from briefgen.ingest import rules
from briefgen.ingest.findings import Evidence, FieldFinding, OrgFinding
from briefgen.ingest.text import Sentence, fold, lower, phrase_pattern


@dataclass
class OrgIndex:
    """The dataset's organization names, compiled once for matching."""

    pattern: re.Pattern | None
    owners: dict[str, list[tuple[str, str]]]  # folded phrase -> [(org id, how)]
    names: list[str] = field(default_factory=list)  # for fuzzy matching, folded
    name_owners: list[str] = field(default_factory=list)
    acronyms: dict[str, list[str]] = field(default_factory=dict)


def _variants(text: str) -> set[str]:
    found = {text}
    for a, b in (("Viet Nam", "Vietnam"), ("Việt Nam", "Vietnam"), ("Việt Nam", "Viet Nam")):
        found |= {t.replace(a, b) for t in list(found)} | {t.replace(b, a) for t in list(found)}
    return found


def org_index(dataset: Dataset) -> OrgIndex:
    owners: dict[str, list[tuple[str, str]]] = {}

    def add(text: str, org_id: str, how: str) -> None:
        for variant in _variants(text):
            key = " ".join(fold(variant).split())
            entries = owners.setdefault(key, []) if len(key) >= 4 else []
            if len(key) >= 4 and all(o != org_id for o, _ in entries):
                entries.append((org_id, how))

    acronyms: dict[str, list[str]] = {}
    for org in dataset.organizations.values():
        for name in org.names.values():
            add(name, org.id, "name")
            unit, _, rest = name.partition(", ")  # "Global Strategy Bureau, Ministry of ..." → "Global Strategy Bureau"
            if rest and len(unit.split()) >= 2:
                add(unit, org.id, "name")
        for alias in org.aliases:
            add(alias.text, org.id, "alias")
        for acronym in org.acronyms:
            acronyms.setdefault(acronym, []).append(org.id)
    keys = sorted(owners, key=len, reverse=True)
    pattern = re.compile("|".join(phrase_pattern(k) for k in keys)) if keys else None
    names = [k for k in keys for _ in owners[k]]
    name_owners = [o for k in keys for o, _ in owners[k]]
    return OrgIndex(pattern, owners, names, name_owners, acronyms)


def country_names(dataset: Dataset, lang: str) -> dict[str, list[str]]:
    """Each side's country names in the article's and the dataset's languages, lower case."""
    codes = [dataset.manifest.home, *dataset.manifest.partners]
    names: dict[str, list[str]] = {}
    for code in codes:
        found = set(rules.COUNTRY_VARIANTS.get(code, []))
        for language in {lang, "en", *dataset.manifest.languages}:
            try:
                found.add(Locale.parse(language).territories[code])
            except Exception:  # noqa: BLE001 - babel lacks the language or the code: the variants still apply
                continue
        names[code] = sorted({lower(n) for n in found}, key=len, reverse=True)
    return names


def country_mentions(sentence: Sentence, names: dict[str, list[str]]) -> list[tuple[str, int, int]]:
    """(country, start, end) of each country name or adjective in a sentence."""
    text = lower(sentence.text)
    found: list[tuple[str, int, int]] = []
    for code, spellings in names.items():
        for spelling in spellings:
            for match in re.finditer(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", text):
                if not any(s <= match.start() < e for _, s, e in found):
                    found.append((code, match.start(), match.end()))
    return sorted(found, key=lambda m: m[1])


def _exact(index: OrgIndex, sentence: Sentence) -> list[OrgFinding]:
    found: list[OrgFinding] = []
    if index.pattern is None:
        return found
    for match in index.pattern.finditer(sentence.folded):
        key = " ".join(match.group(0).split())
        for org_id, how in index.owners.get(key, []):
            found.append(
                OrgFinding(
                    org_id,
                    sentence.text[match.start() : match.end()],
                    how,
                    Evidence(sentence.text, sentence.line),
                    sentence.index,
                    match.start(),
                    match.end(),
                )
            )
    return found


def _fuzzy(index: OrgIndex, sentence: Sentence, taken: list[tuple[int, int]]) -> list[OrgFinding]:
    found = []
    words = list(re.finditer(r"\S+", sentence.folded))
    heads = {fold(h) for h in rules.ORG_HEADS}
    for i, word in enumerate(words):
        if word.group(0).strip(",.;:()") not in heads or any(s <= word.start() < e for s, e in taken):
            continue
        best = None
        for j in range(i + 2, min(i + 16, len(words))):
            window = sentence.folded[word.start() : words[j].end()].rstrip(",.;:")
            hit = process.extractOne(window, index.names, scorer=fuzz.ratio, score_cutoff=rules.ORG_FUZZY_SCORE)
            if hit and (best is None or hit[1] >= best[1]):
                best = (hit, hit[1], word.start(), word.start() + len(window))
        if best:
            (name, score, k), _, start, end = best
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(
                OrgFinding(
                    index.name_owners[k],
                    sentence.text[start:end],
                    "fuzzy",
                    Evidence(sentence.text, sentence.line),
                    sentence.index,
                    start,
                    end,
                    f'close to the name "{name}" ({score:.0f}/100)',
                )
            )
    return found


def find_orgs(
    dataset: Dataset, index: OrgIndex, sentences: list[Sentence], lang: str, publisher_side: str | None
) -> tuple[list[OrgFinding], list[tuple[str, Evidence]]]:
    """Organizations named in the article, and the acronyms left ambiguous (as flags)."""
    found: list[OrgFinding] = []
    for sentence in sentences:
        exact = _exact(index, sentence)
        found += exact + _fuzzy(index, sentence, [(o.start, o.end) for o in exact])
    flags: list[tuple[str, Evidence]] = []
    names = country_names(dataset, lang)
    for acronym, candidates in index.acronyms.items():
        defined = _defined(acronym, candidates, found, sentences)
        for sentence in sentences:
            for match in re.finditer(r"(?<![\w-])" + re.escape(acronym) + r"(?![\w-])", sentence.text):
                org_id, reason = _which(acronym, candidates, defined, sentence, found, names, dataset, publisher_side)
                evidence = Evidence(sentence.text, sentence.line)
                if org_id is None:
                    flags.append(
                        (
                            f'"{acronym}" may mean {" or ".join(candidates)}: the context does not say; not recorded',
                            evidence,
                        )
                    )
                    continue
                found.append(
                    OrgFinding(org_id, acronym, "acronym", evidence, sentence.index, match.start(), match.end(), reason)
                )
    return sorted(found, key=lambda o: (o.sentence, o.start)), flags


def _defined(acronym: str, candidates: list[str], found: list[OrgFinding], sentences: list[Sentence]) -> str | None:
    """The candidate the article defines as "Full Name (ACR)", if any."""
    for org in found:
        if org.org_id in candidates and org.how != "acronym":
            after = sentences[org.sentence].text[org.end : org.end + len(acronym) + 4]
            if re.match(r"\s*\(" + re.escape(acronym) + r"\)", after):
                return org.org_id
    return None


def _which(
    acronym: str,
    candidates: list[str],
    defined: str | None,
    sentence: Sentence,
    found: list[OrgFinding],
    names: dict[str, list[str]],
    dataset: Dataset,
    publisher_side: str | None,
) -> tuple[str | None, str]:
    if len(candidates) == 1:
        return candidates[0], "the only organization with this acronym"
    if defined:
        return defined, f'the article defines "{acronym}" as this organization'
    text = lower(sentence.text)
    country_of = {c: dataset.organizations[c].country for c in candidates}
    for code, spellings in names.items():
        alternatives = "|".join(re.escape(s) for s in spellings)
        own = rules.ACRONYM_WITH_COUNTRY.format(acr=re.escape(acronym.lower()), country=f"(?:{alternatives})")
        mine = [c for c in candidates if country_of[c] == code]
        if len(mine) == 1 and re.search(own, text):
            return mine[0], f'"{acronym}" is given as {code}\'s here'
        other = rules.ACRONYM_NOT_COUNTRY.format(acr=re.escape(acronym.lower()), country=f"(?:{alternatives})")
        rest = [c for c in candidates if country_of[c] != code]
        if len(rest) == 1 and re.search(other, text):
            return rest[0], f'"{acronym}" deals with {code} here, so it is not {code}\'s'
    named = {o.org_id for o in found if o.sentence == sentence.index and o.how != "acronym"}
    rest = [c for c in candidates if c not in named]
    if len(rest) == 1 and len(rest) < len(candidates):
        return rest[
            0
        ], f'the sentence names {", ".join(sorted(named & set(candidates)))} in full, so "{acronym}" is the other'
    if publisher_side:
        mine = [c for c in candidates if country_of[c] == publisher_side]
        if len(mine) == 1:
            return mine[0], f"the article comes from the {publisher_side} side, whose ministry this is"
    return None, ""


def find_fields(
    dataset: Dataset, sentences: list[Sentence], masked: dict[int, list[tuple[int, int]]]
) -> list[FieldFinding]:
    """Fields named by their labels or synonyms; overlapping mentions all count ("5G standards": 5G, standards).

    Each word is searched once in the whole article (its sentences joined by line breaks, which no
    word holds), and earlier findings are looked up by (field, sentence): searching every sentence
    for every word, and every finding for every match, made the work grow with the square of the
    article's length.
    """
    found: list[FieldFinding] = []
    joined = "\n".join(sentence.text for sentence in sentences)
    joined_lower = lower(joined)
    starts = list(accumulate((len(sentence.text) + 1 for sentence in sentences[:-1]), initial=0))
    spans: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)  # (field, sentence) → found spans
    for item in dataset.fields.values():
        words = set(item.labels.values()) | {w for ws in item.synonyms.values() for w in ws}
        for word in sorted(words, key=len, reverse=True):
            exact_case = len(word) <= 3 or any(c.isupper() or c.isdigit() for c in word[1:])
            needle = word if exact_case else lower(word)
            haystack = joined if exact_case else joined_lower
            if "\n" in needle or needle not in haystack:  # most words are absent: a plain search says so fastest
                continue
            pattern = re.compile(r"(?<![\w-])" + re.escape(needle) + r"(?!\w)")  # "DX-related" is about DX
            for match in pattern.finditer(haystack):
                index = bisect_right(starts, match.start()) - 1
                sentence, at = sentences[index], match.start() - starts[index]
                if any(s <= at < e for s, e in masked.get(sentence.index, [])):
                    continue
                seen = spans[(item.id, sentence.index)]
                if any(s <= at < e for s, e in seen):
                    continue
                text = sentence.text[at : at + match.end() - match.start()]
                seen.append((at, at + len(text)))
                found.append(FieldFinding(item.id, text, Evidence(sentence.text, sentence.line), sentence.index, at))
    return sorted(found, key=lambda f: (f.sentence, f.start))
