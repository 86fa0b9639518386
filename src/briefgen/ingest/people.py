"""People named in an article: known ones through briefgen.resolve, unknown ones as new-person drafts.

A name in running text is a run of capitalized words ("Minister Truong Minh
Tuan", "Ms. Takaichi Sanae", "ông Zhang Mingjun"). Each run is handed, longest
part first, to the same resolution `briefgen visit` uses, so every alias,
transliteration and machine-translation spelling the dataset records counts,
and an ambiguous name is flagged instead of guessed. A family or given name
alone ("Hùng") is only taken after a title ("Minister Hùng") or when the same
person was already named in full. A run that resolves to nobody and follows a
title becomes a new person, its name split into parts by rule and marked for
checking: names are never parsed from one string in the dataset itself.
"""

from __future__ import annotations

import re

from briefgen.dataset import Dataset
from briefgen.ingest import rules
from briefgen.ingest.findings import Evidence, NewPerson, OrgFinding, PersonFinding
from briefgen.ingest.text import Sentence, fold, lower
from briefgen.resolve import TITLES, explain

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_IN_RUN = re.compile(r"\.?\s+$|^$")  # what may stand between two words of a name
_HONORIFICS = {"mr", "ms", "mrs", "miss", "m", "mme", "mlle", "ông", "bà", "ong", "ba", "dr"}  # never a post
_PART_ONLY = ("family-name", "addressed-name")
# Titles compare in lower case with their diacritics: "Bộ trưởng" ends in "trưởng", never the name "Trương".
_TITLES = sorted({lower(t).rstrip(".") for t in (*TITLES, *rules.EXTRA_TITLES)}, key=len, reverse=True)
_TITLE_WORDS = {t.split()[-1] for t in _TITLES}
_TITLE_PHRASE = re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(t) for t in _TITLES) + r")\.?\s*$")
_CONNECTORS = {"of", "for", "and", "the", "de", "du", "des", "la", "l'", "d'", "et", "và", "của", "-", "–"}


def _name_tokens(dataset: Dataset) -> set[str]:
    tokens: set[str] = set()
    for person in dataset.people.values():
        parts = [
            person.name.family,
            person.name.middle,
            person.name.given,
            person.native,
            *(a.text for a in person.aliases),
        ]
        tokens |= {w for p in parts if p for w in fold(p).split()}
    return tokens


def _runs(sentence: Sentence) -> list[list[re.Match]]:
    runs: list[list[re.Match]] = []
    previous = None
    for word in _WORD.finditer(sentence.text):
        if not word.group(0)[0].isupper():
            previous = None
            continue
        gap = sentence.text[previous.end() : word.start()] if previous else None
        if previous is not None and _IN_RUN.match(gap) and runs:
            runs[-1].append(word)
        else:
            runs.append([word])
        previous = word
    return runs


def _titled(sentence: Sentence, start: int) -> bool:
    """A title or form of address ends just before `start` ("Minister ", "Mr. ", "ông ")."""
    return bool(_TITLE_PHRASE.search(lower(sentence.text[max(0, start - 40) : start])))


def find_people(
    dataset: Dataset,
    sentences: list[Sentence],
    orgs: list[OrgFinding],
    countries: dict[int, list[tuple[str, int, int]]],
) -> tuple[list[PersonFinding], list[tuple[str, Evidence]]]:
    tokens = _name_tokens(dataset)
    found: list[PersonFinding] = []
    flags: list[tuple[str, Evidence]] = []
    leftovers: list[tuple[Sentence, list[re.Match]]] = []
    for sentence in sentences:
        for run in _runs(sentence):
            left = _resolve_run(dataset, sentence, run, tokens, found, flags)
            leftovers += [(sentence, part) for part in left]
    non_names = _non_name_words(dataset)
    for sentence, part in leftovers:
        new = _new_person(sentence, part, non_names, orgs, countries.get(sentence.index, []), dataset)
        if new:
            found.append(new)
    _merge_new(found)
    return found, flags


def _resolve_run(
    dataset: Dataset, sentence: Sentence, run: list[re.Match], tokens: set[str], found: list[PersonFinding], flags: list
) -> list[list[re.Match]]:
    """Resolve the parts of one run, longest first; return the unresolved stretches."""
    used = [False] * len(run)
    evidence = Evidence(sentence.text, sentence.line)
    for length in range(min(len(run), 6), 0, -1):
        for i in range(len(run) - length + 1):
            if any(used[i : i + length]):
                continue
            words = run[i : i + length]
            if not any(fold(w.group(0)) in tokens for w in words) and not _cjk(words):
                continue
            phrase = sentence.text[words[0].start() : words[-1].end()]
            resolution, candidates, _lines = explain(dataset, phrase)
            if resolution is not None:
                cand = resolution.candidate
                titled = _titled(sentence, words[0].start()) or lower(words[0].group(0)) in _TITLE_WORDS
                known = any(p.person_id == cand.person_id for p in found)
                if cand.how in _PART_ONLY and not (titled or known):
                    continue
                used[i : i + length] = [True] * length
                found.append(
                    PersonFinding(
                        phrase,
                        evidence,
                        cand.person_id,
                        cand.how,
                        country=resolution.person.country,
                        title=_title_of(sentence, words[0].start(), words[-1].end()),
                    )
                )
            elif len({c.person_id for c in candidates if c.how not in ("fuzzy", "diacritics")}) > 1 and (
                length > 1 or _titled(sentence, words[0].start())
            ):
                used[i : i + length] = [True] * length
                ids = sorted({c.person_id for c in candidates if c.how not in ("fuzzy", "diacritics")})
                flags.append((f'"{phrase}" may be {" or ".join(ids)}: not recorded', evidence))
    stretches: list[list[re.Match]] = []
    current: list[re.Match] = []
    for word, taken in zip(run, used):
        if taken:
            stretches, current = stretches + ([current] if current else []), []
        else:
            current.append(word)
    return stretches + ([current] if current else [])


def _cjk(words: list[re.Match]) -> bool:
    return any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", w.group(0)) for w in words)


def _non_name_words(dataset: Dataset) -> set[str]:
    """Words that are no part of a name, in lower case; those written without marks also in any spelling.

    "trưởng" (head) is kept apart from the name "Truong" by its marks; "minister" has none to keep.
    Vietnamese organization and field names are left out: their syllables are names too ("thông
    minh", smart, holds the name Minh).
    """
    texts = [*rules.NON_NAME_WORDS, *(v for vs in rules.COUNTRY_VARIANTS.values() for v in vs)]
    for org in dataset.organizations.values():
        texts += [n for lang, n in org.names.items() if lang != "vi"] + [*org.acronyms]
        texts += [a.text for a in org.aliases if a.lang != "vi"]
    for item in dataset.fields.values():
        texts += [t for lang, t in item.labels.items() if lang != "vi"]
        texts += [w for lang, ws in item.synonyms.items() if lang != "vi" for w in ws]
    words = {w.strip("()'") for text in texts for w in lower(text).replace(",", " ").split()}
    return words | {"~" + w for w in words if fold(w) == w}


def _is_non_name(word: str, non_names: set[str]) -> bool:
    return lower(word) in non_names or "~" + fold(word) in non_names


def _title_of(sentence: Sentence, start: int, end: int) -> str | None:
    """The post the article gives with a name: "Minister of X Nguyen ..." or "Nguyen ... (Director of X)".

    A title is capitalized words and connectors ("of", "and", "de", "và"); a lower-case word of
    any other kind ("received") means the phrase is not a title of this name.
    """
    before = sentence.text[:start]
    heads = [m for m in _WORD.finditer(before) if lower(m.group(0)) in _TITLE_WORDS - _HONORIFICS]
    for head in reversed(heads):  # the nearest title first: it is this name's
        head_start = head.start()
        for previous in reversed(list(_WORD.finditer(before[:head_start]))):  # "Deputy Minister", "Premier ministre"
            if before[previous.end() : head_start].strip() or not previous.group(0)[0].isupper():
                break
            head_start = previous.start()
        text = before[head_start:].strip(" -–,:")
        text = re.sub(r"\s+(?:Mr|Ms|Mrs|M|Mme|ông|bà)\.?$", "", text).strip(" -–,")
        words = _WORD.findall(text)
        if (
            text
            and len(text) < 100
            and not re.search(r"[.;()]", text)
            and all(w[0].isupper() or lower(w) in _CONNECTORS for w in words)
        ):
            return text
    after = re.match(r"\s*[(,–-]\s*([^(),;.]{3,100})", sentence.text[end:])
    if after and lower(after.group(1).split()[0]) in _TITLE_WORDS - _HONORIFICS:
        return after.group(1).strip()
    return None


def _new_person(
    sentence: Sentence,
    part: list[re.Match],
    non_names: set[str],
    orgs: list[OrgFinding],
    countries: list[tuple[str, int, int]],
    dataset: Dataset,
) -> PersonFinding | None:
    words: list[re.Match] = []  # the last stretch of name-like words: "Communications Truong Minh Tuan" → 3 words
    for word in reversed(part):
        if _is_non_name(word.group(0), non_names) or lower(word.group(0)) in _TITLE_WORDS:
            break
        words.insert(0, word)
    if not words or len(words) > rules.MAX_NAME_WORDS:
        return None
    start, end = words[0].start(), words[-1].end()
    before = sentence.folded[max(0, start - 6) : start]
    after_honorific = bool(re.search(r"(?:^|\W)(?:" + "|".join(_HONORIFICS) + r")\.?\s+$", before))
    if len(words) == 1 and not (after_honorific and words[0].group(0).isupper()):
        return None
    near = [lower(w) for w in _WORD.findall(sentence.text[:start])[-rules.TITLE_DISTANCE :]]
    if not (after_honorific or any(w in _TITLE_WORDS for w in near) or _title_of(sentence, start, end)):
        return None
    text = sentence.text[start:end]
    title = _title_of(sentence, start, end)
    title_org = None
    if title:
        t_start = sentence.text.find(title)
        inside = [o for o in orgs if o.sentence == sentence.index and t_start <= o.start < t_start + len(title)]
        title_org = inside[0].org_id if inside else None
    country = dataset.organizations[title_org].country if title_org else None
    if country is None and title:
        t_start = sentence.text.find(title)
        near = [c for c, s, _ in countries if t_start <= s < t_start + len(title) + 1]
        country = near[0] if near else None
    new = _split_name(text, country)
    new.title, new.title_org = title, title_org
    return PersonFinding(
        text, Evidence(sentence.text, sentence.line), None, "new", new=new, country=new.country, title=title
    )


def _split_name(text: str, country: str | None) -> NewPerson:
    words = text.split()
    checks = [f"{rules.CHECK}: name parts split by rule, not read: check family and given name"]
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if len(words) == 1:
        return NewPerson(
            text,
            words[0].title(),
            None,
            None,
            "family_first",
            "family",
            True,
            country,
            None,
            None,
            [f"{rules.CHECK}: only the family name is given"],
        )
    if capitals and len(capitals) < len(words):  # "WATANABE Ken": the family name in capitals
        family = capitals[0]
        rest = [w for w in words if w is not family]
        order = "family_first" if words[0] is family else "given_first"
        return NewPerson(text, family.title(), " ".join(rest), None, order, "family", True, country, None, None, checks)
    if lower(words[0]) in rules.VIETNAMESE_FAMILY_NAMES or fold(words[0]) in {
        fold(n) for n in rules.VIETNAMESE_FAMILY_NAMES
    }:
        middle = " ".join(words[1:-1]) or None
        return NewPerson(
            text, words[0], words[-1], middle, "family_first", "given", False, country or "VN", None, None, checks
        )
    return NewPerson(
        text, words[-1], " ".join(words[:-1]), None, "given_first", "family", False, country, None, None, checks
    )


def _merge_new(found: list[PersonFinding]) -> None:
    """One new person per name: "Mr. WATANABE" after "Mr. WATANABE Ken" is the same draft person."""
    full: dict[str, NewPerson] = {}
    for person in found:
        if person.new is not None and len(person.text.split()) > 1:
            person.new = full.setdefault(fold(person.text), person.new)
    alone: dict[str, NewPerson] = {}
    for person in found:
        if person.new is not None and len(person.text.split()) == 1:
            same = [n for n in full.values() if fold(n.family) == fold(person.new.family)]
            person.new = same[0] if len(same) == 1 else alone.setdefault(fold(person.text), person.new)
