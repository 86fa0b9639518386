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

MAX_ARTICLE_BYTES = 1_000_000

# Abbreviations after which a full stop does not end a sentence ("Mr. WATANABE", "M. Hùng").
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "prof", "m", "mme", "mlle", "st", "no", "vs", "e.g", "i.e", "h.e", "s.e",
                  "ts", "gs", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[^\W\d_])")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Sentence:
    index: int
    line: int  # 1-based line of the article
    text: str
    folded: str  # fold(text): same length, same offsets


def read_article(path: Path) -> str:
    """The text of a plain-text article; BadInputError if it is missing, too big, not UTF-8 or empty."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise BadInputError(f"{path} is {size / 1e6:.1f} MB; an article may be at most 1 MB of plain text")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return decode_article(raw, str(path))


def decode_article(raw: bytes, name: str = "the article") -> str:
    if len(raw) > MAX_ARTICLE_BYTES:
        raise BadInputError(f"{name} is {len(raw) / 1e6:.1f} MB; an article may be at most 1 MB of plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
                            "save it as plain UTF-8 text") from exc
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


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower case, no diacritics, one apostrophe and dash: one character for each character of `text`."""
    out = []
    for ch in text.translate(_APOSTROPHES):
        folded = _FOLD_CACHE.get(ch)
        if folded is None:
            folded = _FOLD_CACHE[ch] = _fold_char(ch)
        out.append(folded)
    return "".join(out)


def lower(text: str) -> str:
    """Lower case and one apostrophe, diacritics kept: for words whose marks carry meaning (sẽ, ký)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_APOSTROPHES))


def _splits(line: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        before = line[start:match.start()].rstrip("\"”’)")
        last = re.split(r"\s", before)[-1].rstrip(".").lower() if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        parts.append(line[start:match.start()])
        start = match.end()
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


def sentences(text: str) -> list[Sentence]:
    """The article's sentences, in order: a line is split after '.', '!' or '?' before a new word."""
    found: list[Sentence] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for part in _splits(line.strip()):
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
