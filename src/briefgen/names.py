"""How a person's names are compared: each spelling and name part a search may match, in one form.

A spelling's `key` is case-folded, with punctuation removed or made a space and diacritics kept
(the marks a user types must agree with it: see briefgen.resolve); its folded form drops the
marks too (đ → d).  The dataset indexes its people by these folded forms (`Dataset.people_by_name`):
the check computes that index and the cache keeps it with the check's result, so naming a
counterpart reads only the people who share the name, not every person of a large dataset.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from briefgen.models import AliasKind, NameOrder, Person

# Letters NFKD does not decompose, as (base letter, mark): Vietnamese đ is d with a stroke.
SPECIAL_LETTERS = {"đ": ("d", "stroke"), "ø": ("o", "stroke"), "ł": ("l", "stroke"), "ħ": ("h", "stroke")}
_BASES = str.maketrans(
    {**{k: v[0] for k, v in SPECIAL_LETTERS.items()}, **{k.upper(): v[0].upper() for k, v in SPECIAL_LETTERS.items()}}
)
_DELETED = set(".'’ʼ`´")  # "H.E." → "he", "O'Neill" → "oneill"; other punctuation separates words
_KANA = re.compile(r"[\u30a0-\u30ff]")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_NATIVE = ("native", f"alias:{AliasKind.NATIVE_SCRIPT.value}")
# The kinds of key `index_keys` gives, each with its own prefix so that they never meet.
SPELLING, COMPACT, PART = "s:", "c:", "p:"


def tokens(text: str) -> list[str]:
    """Case-folded words with their diacritics kept; punctuation removed or made a space."""
    return list(_token_tuple(text))


@lru_cache(maxsize=1 << 16)  # the index splits every spelling of every person: names repeat (Nguyễn)
def _token_tuple(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    chars = []
    for ch in text:
        if ch in _DELETED:
            continue
        chars.append(ch if unicodedata.category(ch)[0] in "LNM" else " ")
    return tuple("".join(chars).split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The base letters of `text`: its marks dropped, đ → d."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).translate(_BASES)


def name_key(text: str) -> str:
    return " ".join(tokens(text))


class NameEntry(NamedTuple):
    """One way a person may be named: a whole spelling, or one part of the name with its role."""

    person_id: str
    text: str  # as stored
    how: str  # 'name' | 'alias:<kind>' | 'native' | 'family-name' | 'middle' | 'given' | 'addressed-name'
    key: str  # case-folded, diacritics kept


def _spelled(person: Person) -> list[tuple[str, str]]:
    name = person.name
    flipped = NameOrder.GIVEN_FIRST if name.order is NameOrder.FAMILY_FIRST else NameOrder.FAMILY_FIRST
    other_order = name.model_copy(update={"order": flipped})
    found = [(name.full(capitals=False), "name"), (other_order.full(capitals=False), "name")]
    found += [(alias.text, f"alias:{alias.kind.value}") for alias in person.aliases]
    if person.native:
        found.append((person.native, "native"))
    return found


def spellings(person: Person) -> list[NameEntry]:
    """The person's whole spellings (name in both orders, aliases, native name), each key once."""
    found: list[NameEntry] = []
    seen: set[str] = set()
    for text, how in _spelled(person):
        key = name_key(text)
        if key and key not in seen:
            seen.add(key)
            found.append(NameEntry(person.id, text, how, key))
    return found


def parts(person: Person) -> list[NameEntry]:
    """The person's name parts: family name, middle, given (or the name used in address); and, in another
    script, the parts the data delimits: a native name written with a space ("林 芳正": family name 林),
    and a katakana alias in the name's own order ("ダン・ミン・コア": コア, the name used in address)."""
    name = person.name
    found: list[NameEntry] = []
    for part, role in ((name.family, "family-name"), (name.middle, "middle"), (name.given, "given")):
        if not part:
            continue
        if part == name.addressed() and role == "given":
            role = "addressed-name"
        found.append(NameEntry(person.id, part, role, name_key(part)))
    found += _script_parts(person)
    return found


def _script_parts(person: Person) -> list[NameEntry]:
    name = person.name
    latin = [p for p in (name.family, name.middle, name.given) if p]
    if name.order is NameOrder.GIVEN_FIRST:
        latin = latin[1:] + latin[:1]
    found: list[NameEntry] = []
    if person.native and CJK.search(person.native) and name.order is NameOrder.FAMILY_FIRST:
        words = tokens(person.native)
        if len(words) == 2:
            found.append(NameEntry(person.id, words[0], "family-name", words[0]))
    for alias in person.aliases:
        if alias.kind not in (AliasKind.TRANSLITERATION, AliasKind.NATIVE_SCRIPT) or not _KANA.search(alias.text):
            continue
        words = tokens(alias.text)  # "・" and spaces separate the parts
        if len(words) == len(latin) > 1:
            addressed = words[latin.index(name.addressed())]
            found.append(NameEntry(person.id, addressed, "addressed-name", addressed))
    return found


def compact(key: str) -> str:
    return key.replace(" ", "")


def is_compact_native(entry: NameEntry) -> bool:
    """A name in Japanese or Chinese script, matched exactly once spaces are removed."""
    return entry.how in _NATIVE and CJK.search(entry.key) is not None


def index_keys(person: Person) -> dict[str, None]:
    """What `Dataset.people_by_name` files the person under: each spelling's folded key, each native
    spelling's compact key, each name part's folded key (prefixed SPELLING, COMPACT, PART)."""
    keys: dict[str, None] = {}
    for entry in spellings(person):
        keys[SPELLING + fold(entry.key)] = None
        if is_compact_native(entry):
            keys[COMPACT + compact(entry.key)] = None
    for entry in parts(person):
        keys[PART + fold(entry.key)] = None
    return keys
