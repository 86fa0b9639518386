"""A section's fingerprint: how refresh tells a section the officer changed from one as briefgen wrote it.

A fingerprint is a hash of the section's text (paragraphs in order, whitespace folded): the same
before and after a LibreOffice re-save, different after any change of wording.  A change of
formatting alone is not seen.  Kept apart from the marks (render.marks) because it reads only
text, whatever marks a section has.
"""

from __future__ import annotations

import hashlib
import unicodedata

from docx.oxml.ns import qn

_W_P, _W_T = qn("w:p"), qn("w:t")
_TEXT_TAGS = (_W_T, qn("w:tab"), qn("w:br"), qn("w:cr"))


def paragraph_texts(blocks) -> list[str]:
    """Every non-empty paragraph's text in `blocks` (tables cell by cell), whitespace folded."""
    texts = []
    for block in blocks:
        for p in [block] if block.tag == _W_P else block.iter(_W_P):
            parts = [(node.text or "") if node.tag == _W_T else " " for node in p.iter(*_TEXT_TAGS)]
            text = " ".join(unicodedata.normalize("NFC", "".join(parts)).split())
            if text:
                texts.append(text)
    return texts


def fingerprint(blocks) -> str:
    return digest(paragraph_texts(blocks))


def digest(texts: list[str]) -> str:
    """The fingerprint of paragraph texts (as paragraph_texts reads them)."""
    return part_digest("\n".join(texts).encode("utf-8"))


def part_digest(data: bytes) -> str:
    """The short digest a record keeps (of a section's text, or of a whole part's bytes)."""
    return hashlib.sha256(data).hexdigest()[:20]


def fingerprints(blocks_of_sections) -> tuple[list[str], str]:
    """Each section's fingerprint and the whole document's (all sections' text in order), each
    paragraph read once."""
    texts = [paragraph_texts(blocks) for blocks in blocks_of_sections]
    return [digest(t) for t in texts], digest([line for t in texts for line in t])
