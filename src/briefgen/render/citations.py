"""Citations and lines in a section of a Word brief, for `refresh` to keep a hand-edited section true.

A brief cites its sources as "[2, 5]", numbered in the order of its sources annex.  A refreshed brief
numbers its sources afresh (a new source dated in between shifts every later number), so a section the
officer edited by hand and refresh keeps as it is would point its old numbers at other sources (a 2017
meeting known from a machine translation citing a 2026 official report).  `renumber` rewrites the
numbers in the kept copy; `lines` gives what a section says line by line (a table row is one line) so
refresh can tell the officer what the data now has that the kept section does not.

Nothing here knows the domain: numbers and text only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from docx.oxml.ns import qn

# "[3]", "[2, 5]": what briefgen writes (and only with numbers, so "[For the desk officer: …]" is not one).
CITATION = re.compile(r"\[(\d{1,5}(?:, ?\d{1,5})*)\]")
_CITATION_AROUND = re.compile(r"\s*" + CITATION.pattern)
UNKNOWN = "?"  # a number whose source is no longer on record

_W_P, _W_T, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:t"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_TEXT_TAGS = (_W_T, qn("w:tab"), qn("w:br"), qn("w:cr"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _paragraph_text(p) -> str:
    return _fold("".join((n.text or "") if n.tag == _W_T else " " for n in p.iter(*_TEXT_TAGS)))


def cited_numbers(texts: Iterable[str]) -> set[int]:
    """Every source number cited in `texts`."""
    return {int(n) for text in texts for match in CITATION.finditer(text) for n in match.group(1).split(",")}


def without_citations(text: str) -> str:
    return _fold(_CITATION_AROUND.sub("", text))


def lines(blocks) -> list[str]:
    """What `blocks` say, one line per paragraph and per table row (its cells joined by " · "), folded."""
    found: list[str] = []
    for block in blocks:
        if block.tag == _W_TBL:
            for row in block.iter(_W_TR):
                cells = [" ".join(t for p in cell.iter(_W_P) if (t := _paragraph_text(p))) for cell in row.iter(_W_TC)]
                line = " · ".join(c for c in cells if c)
                if line:
                    found.append(line)
            continue
        for p in [block] if block.tag == _W_P else block.iter(_W_P):
            text = _paragraph_text(p)
            if text:
                found.append(text)
    return found


def renumber(blocks, numbers: Mapping[int, int | None]) -> int:
    """Rewrite every citation in `blocks` by `numbers` (old number -> new one, None: no longer on record,
    shown as "?"); a number not in `numbers` stays.  A citation split over several runs (an editor's
    re-save) is rewritten in the first and removed from the others.  Returns how many citations changed."""
    changed = 0

    def rewrite(match: re.Match) -> str:
        out: list[str] = []
        for part in match.group(1).split(","):
            old = int(part)
            new = numbers.get(old, old)
            out.append(UNKNOWN if new is None else str(new))
        known = sorted({int(n) for n in out if n != UNKNOWN})
        return "[" + ", ".join([str(n) for n in known] + ([UNKNOWN] if UNKNOWN in out else [])) + "]"

    for block in blocks:
        for p in [block] if block.tag == _W_P else block.iter(_W_P):
            nodes = [t for t in p.iter(_W_T) if next(t.iterancestors(_W_P), None) is p]
            texts = [t.text or "" for t in nodes]
            joined = "".join(texts)
            if "[" not in joined:
                continue
            edits = [(m.start(), m.end(), rewrite(m)) for m in CITATION.finditer(joined)]
            edits = [(start, end, new) for start, end, new in edits if new != joined[start:end]]
            if not edits:
                continue
            changed += len(edits)
            starts, offset = [], 0
            for text in texts:
                starts.append(offset)
                offset += len(text)
            for start, end, new in reversed(edits):  # from the last, so earlier offsets stay true
                first = next(i for i, s in enumerate(starts) if s <= start < s + len(texts[i]))
                last = next(i for i, s in enumerate(starts) if s < end <= s + len(texts[i]))
                head = texts[first][: start - starts[first]]
                if first == last:
                    texts[first] = head + new + texts[first][end - starts[first] :]
                else:
                    texts[first] = head + new
                    for i in range(first + 1, last):
                        texts[i] = ""
                    texts[last] = texts[last][end - starts[last] :]
            for node, text in zip(nodes, texts):
                if node.text != text:
                    node.text = text
                    if text != text.strip():
                        node.set(_XML_SPACE, "preserve")
    return changed
