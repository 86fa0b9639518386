"""An article as sentences, and the folded form used to match words in it.

Every finding must point at the sentence it came from, so the article is cut
into sentences once, with their line numbers, and every matcher works on one
sentence at a time. Matching ignores case and, where a name allows it,
diacritics; `fold` does both without changing the length of the text, so a
match in the folded text is a match at the same offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BadInputError
from briefgen.inputs import read_limited

MAX_ARTICLE_BYTES = 1_000_000
# A "sentence" longer than this is cut (at a space where there is one) into pieces of at most this
# length.  Every matcher works on one sentence at a time and some look back over the whole sentence
# for each name or title they find, so one 46 kB line without a full stop took minutes (the cost grew
# about as n^2.6); cut, the work per piece is bounded and the whole is linear in the article's length.
# The longest sentence of the seed articles has 463 characters.
MAX_SENTENCE_CHARS = 1_000

# Abbreviations after which a full stop does not end a sentence ("Mr. WATANABE", "M. Hùng").
_ABBREVIATIONS = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "prof",
    "m",
    "mme",
    "mlle",
    "st",
    "no",
    "vs",
    "e.g",
    "i.e",
    "h.e",
    "s.e",
    "ts",
    "gs",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[^\W\d_])")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Sentence:
    index: int
    line: int  # 1-based line of the article
    text: str
    folded: str  # fold(text): same length, same offsets


def read_article(path: Path) -> str:
    """The text of a plain-text article; BadInputError if it is missing, too big, not UTF-8 or empty.

    At most MAX_ARTICLE_BYTES + 1 bytes are read, and only from a regular file (/dev/zero and a FIFO
    are refused up front: their size says nothing).
    """
    path = Path(path)
    raw = read_limited(path, MAX_ARTICLE_BYTES, "article")
    return decode_article(raw, str(path))


def decode_article(raw: bytes, name: str = "the article") -> str:
    if len(raw) > MAX_ARTICLE_BYTES:
        raise BadInputError(f"{name} is {len(raw) / 1e6:.1f} MB; an article may be at most 1 MB of plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): save it as plain UTF-8 text"
        ) from exc
    if "\x00" in text:
        raise BadInputError(f"{name} holds NUL bytes: it is not plain text")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadInputError(f"{name} is empty")
    return text


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFKD", ch)
    base = decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else ch
    lower = base.lower()
    return lower if len(lower) == 1 else base


_FOLD_TABLE: dict[int, str] = {}  # code point → its folded character, filled as characters are met


def fold(text: str) -> str:
    """Lower case, no diacritics, one apostrophe and dash: one character for each character of `text`."""
    text = text.translate(_APOSTROPHES)
    for ch in set(text):
        if ord(ch) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(ch)] = _fold_char(ch)
    return text.translate(_FOLD_TABLE)


def lower(text: str) -> str:
    """Lower case and one apostrophe, diacritics kept: for words whose marks carry meaning (sẽ, ký)."""
    text = text.translate(_APOSTROPHES)
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:  # no character became two ("İ" → "i̇"), no final sigma:
        return low  # the same as lowering one character at a time
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _splits(line: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        # Only the end of the text before the stop matters (its last word): slicing all of it for every
        # stop skipped after an abbreviation made "a. a. a. …" quadratic.
        before = line[max(start, match.start() - 40) : match.start()].rstrip('"”’)')
        last = re.split(r"\s", before)[-1].rstrip(".").lower() if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        parts.append(line[start : match.start()])
        start = match.end()
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


def _pieces(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at the last space before the limit if any."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [p for p in pieces + [text] if p]


def sentences(text: str) -> list[Sentence]:
    """The article's sentences, in order: a line is split after '.', '!' or '?' before a new word;
    a sentence longer than MAX_SENTENCE_CHARS is cut into pieces."""
    found: list[Sentence] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for sentence in _splits(line.strip()):
            for part in _pieces(sentence):
                found.append(Sentence(len(found), number, part, fold(part)))
    return found


def one_line(text: str, limit: int = 300) -> str:
    """Text for a one-line YAML comment: whitespace collapsed, cut with '…' past `limit`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def phrase_pattern(phrase: str) -> str:
    """A regex for a folded phrase as whole words, any whitespace between them."""
    words = [re.escape(w) for w in fold(phrase).split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"
