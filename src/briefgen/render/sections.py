"""The brief's sections: where each runs in the body, and the body laid out again with fresh marks.

An officer edits the generated brief (writes the objectives, cuts, adds) and the data keeps
changing; `briefgen refresh` must later tell the officer's writing from briefgen's, so it works
section by section.  Each section starts with a mark (render.marks: a content control for an
officer's section, a bookmark for a data section) and runs to the next section's mark: what an
editor puts just after a control still belongs to it, which is what makes the marks survive real
editing.  Content before the first mark is the `cover`.

- `find_sections` and `detached_sections` read the sections from one index of the marks;
- `rebuild` lays sections out as the body, each freshly marked, and `remark` does both, so a brief
  that went through LibreOffice gets clean block controls again when refreshed;
- `finish` marks a rendered brief and stores its record (render.record) with each section's
  fingerprint as written (render.fingerprints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

from briefgen.render.fingerprints import fingerprints, part_digest
from briefgen.render.marks import (
    COVER,
    NAME,
    MarkIndex,
    bookmark_ids,
    bookmark_start,
    bookmarked,
    close_officer_controls,
    empty_controls,
    fill,
    index_marks,
    is_officer,
    unmark,
)
from briefgen.render.record import BriefRecord
from briefgen.render.record import store as record_store

_SECT_PR = qn("w:sectPr")


@dataclass
class Section:
    name: str
    blocks: list = field(default_factory=list)  # body-level w:p / w:tbl / other blocks

    @property
    def officer(self) -> bool:
        return is_officer(self.name)


def find_sections(body, index: MarkIndex | None = None) -> list[Section]:
    """The body's sections in order, each with its blocks (the live elements, marks left in place).

    The first occurrence of a name counts (LibreOffice may write a bookmark's start twice); content
    before the first mark is the `cover`; a mark alone between blocks is no section's content."""
    index = index if index is not None else index_marks(body)
    sections: list[Section] = [Section(COVER)]
    seen = {COVER}
    for child in body:
        if child.tag == _SECT_PR:
            continue
        for mark in index.starts_in(child):
            if mark.name not in seen:
                seen.add(mark.name)
                sections.append(Section(mark.name))
        if not index.is_lone_mark(child):
            sections[-1].blocks.append(child)
    return sections


def detached_sections(body) -> list[Section]:
    """find_sections, with every section mark removed from the blocks (for copying or re-marking)."""
    index = index_marks(body)
    sections = find_sections(body, index)
    for section in sections:
        section.blocks = [piece for block in section.blocks for piece in unmark(block, index)]
    return sections


def section_fingerprints(sections: list[Section]) -> tuple[list[str], str]:
    """Each section's fingerprint and the whole document's (render.fingerprints)."""
    return fingerprints(s.blocks for s in sections)


def rebuild(body, sections: list[Section], *, open_end: bool = False, inline: bool = True) -> None:
    """Lay `sections` out as the body's content, each freshly marked (the section properties stay last).

    With `open_end`, an empty last section is only its bookmark, to be filled (a template being built)."""
    sect_pr = body.find(_SECT_PR)
    root = body.getparent()
    outside_body = [c for c in (root if root is not None else ()) if c is not body] + (
        [sect_pr] if sect_pr is not None else []
    )
    used = bookmark_ids(outside_body) + bookmark_ids(b for s in sections for b in s.blocks)
    next_id = max(used + [0]) + 1
    ids = []  # each section's bookmark id (None: it gets none, or only an open end's)
    for index, section in enumerate(sections):
        open_last = open_end and index == len(sections) - 1 and not section.blocks and section.name != COVER
        ids.append(None if open_last or section.name == COVER else next_id)
        next_id += ids[-1] is not None
    controls = iter(empty_controls([(s.name, i) for s, i in zip(sections, ids) if i is not None and s.officer]))
    out = []

    def place(elements: list) -> None:
        for element in elements:
            if sect_pr is not None:
                sect_pr.addprevious(element)
            else:
                body.append(element)
        out.extend(elements)

    # Moved into place in order, then what is left over (the old marks) removed: detaching every block
    # and adding it back cost ~0.2 ms a block (lxml fixes up each detached subtree), 0.1 s for a large brief.
    for section, bookmark_id in zip(sections, ids):
        if section.name == COVER:
            place(section.blocks)
        elif bookmark_id is None:  # the open end of a template being built
            place([bookmark_start(section.name, next_id)])
        elif section.officer:
            sdt = next(controls)
            place([sdt])  # before it is filled: its blocks move once, into the body's document
            fill(sdt, section.blocks, inline)
        else:
            place(bookmarked(section.name, section.blocks, bookmark_id, inline))
    placed = {id(element) for element in out}
    for child in list(body):
        if child is not sect_pr and id(child) not in placed:
            body.remove(child)


def remark(body, *, open_end: bool = False, inline: bool = True) -> list[Section]:
    """Re-mark every section the body holds (clean block controls and bookmarks); returns the sections."""
    sections = detached_sections(body)
    rebuild(body, sections, open_end=open_end, inline=inline)
    return sections


def mark_section(document, name: str | None) -> None:
    """For a template builder: the section `name` starts with what is added next (None: the last one ends).

    Call it at each section boundary, before the section's heading; a section runs to the next
    call.  Officer sections become content controls, data sections bookmarks.
    """
    if name is not None and not (NAME.fullmatch(name) and name != COVER):
        raise ValueError(f"not a section name: {name!r}")
    body = document.element.body
    if name is not None:
        body.find(_SECT_PR).addprevious(bookmark_start(name, 0))
    remark(body, open_end=name is not None, inline=False)


def finish(document, record: dict) -> None:
    """After rendering: clean marks, and the record with each section's fingerprint as written."""
    body = document.element.body
    close_officer_controls(body)
    sections = remark(body)
    each, whole = section_fingerprints(sections)
    # Its text part as it will be saved (serialized once more here, 0.01 s at size L): a brief still
    # holding exactly these bytes needs no reading of its sections before `visit --force` replaces it.
    full = BriefRecord(
        **record,
        sections={s.name: f for s, f in zip(sections, each)},
        officer=[s.name for s in sections if s.officer],
        document=whole,
        text_part=part_digest(document.part.blob),
    )
    record_store(document, full)
