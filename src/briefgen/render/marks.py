"""A section's marks in the Word file, read and written here only.

Why a module of its own: the marks are Word's and LibreOffice's XML (content controls, bookmarks), and
what each editor does to them is measured knowledge (below) that must live in one place; the rest of
briefgen asks only "which section starts where" (`index_marks`, `SectionMark`), "what is this block
without its marks" (`unmark`) and "mark these blocks as section X" (`empty_controls` and `fill`,
`bookmarked`).

- An officer's section (`objectives`, `points-to-make`, `notes`, or any name starting `officer-`)
  is a rich-text content control (w:sdt) whose title and tag are the section's name, holding its
  heading and content, with a bookmark `bg_<name>` inside it.  A data section is the bookmark
  alone (so python-docx's `document.paragraphs` still sees its text).
- LibreOffice turns a block control into an inline one inside the first paragraph, drops its tag
  and keeps its title; python-docx appends after a control; both keep every mark's *start*
  (control title, bookmark name) in place, so a section is found by where its mark starts.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

OFFICER_SECTIONS = ("objectives", "points-to-make", "notes")
DATA_SECTIONS = (
    "cover",
    "changes",
    "counterpart",
    "suggestions",
    "background",
    "open-items",
    "may-raise",
    "verify",
    "annexes",
    "profile",
    "meetings",
    "agreements",
    "commitments",
    "sources",
)
COVER = "cover"  # what comes before the first mark; it needs none
CHANGES = "changes"  # regenerated on every refresh, never carried
BOOKMARK_PREFIX = "bg_"
NAME = re.compile(r"[a-z][a-z0-9-]{0,36}")
_SDT = qn("w:sdt")
_SDT_PR = qn("w:sdtPr")
_SDT_CONTENT = qn("w:sdtContent")
_TAG_EL = qn("w:tag")
_ALIAS = qn("w:alias")
_VAL = qn("w:val")
_BM_START = qn("w:bookmarkStart")
_BM_END = qn("w:bookmarkEnd")
_NAME_ATTR = qn("w:name")
_ID_ATTR = qn("w:id")
_SECT_PR = qn("w:sectPr")
_W_P = qn("w:p")
_W_PPR = qn("w:pPr")
_MARK_TAGS = (_SDT, _BM_START, _BM_END)


def is_officer(name: str) -> bool:
    return name in OFFICER_SECTIONS or name.startswith("officer-")


def bookmark_name(name: str) -> str:
    """`points-to-make` → `bg_points_to_make` (Word allows letters, digits and _ in bookmark names)."""
    return BOOKMARK_PREFIX + name.replace("-", "_")


def _name_of_bookmark(value: str | None) -> str | None:
    if not value or not value.startswith(BOOKMARK_PREFIX):
        return None
    name = value[len(BOOKMARK_PREFIX) :].replace("_", "-")
    return name if NAME.fullmatch(name) else None


# A control's tag and title in one string, read without making a Python object for each element on the way
# (lxml makes one per element reached: 7 µs a control that way, 3 µs this way, for 4,000 controls).
_TAG_AND_TITLE = etree.XPath(
    "concat(w:sdtPr[1]/w:tag[1]/@w:val, '\n', w:sdtPr[1]/w:alias[1]/@w:val)",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
)


def _control_name(sdt) -> str | None:
    """The section a content control marks: its tag, else its title (LibreOffice keeps only the title)."""
    values = str(_TAG_AND_TITLE(sdt)).split("\n")
    if len(values) != 2:  # a line break in a tag or title itself: read them one by one
        pr = sdt.find(_SDT_PR)
        found = [pr.find(child) for child in (_TAG_EL, _ALIAS)] if pr is not None else []
        values = [element.get(_VAL) or "" for element in found if element is not None]
    for value in values:
        if value and NAME.fullmatch(value) and (is_officer(value) or value in DATA_SECTIONS):
            return value
    return None


def section_name(element) -> str | None:
    """The section `element` marks the start of (a content control or a `bg_` bookmark), else None."""
    if element.tag == _SDT:
        return _control_name(element)
    if element.tag == _BM_START:
        return _name_of_bookmark(element.get(_NAME_ATTR))
    return None


# -- reading: one pass over a body ---------------------------------------------------------------


class SectionMark(NamedTuple):
    """Where a section starts: its name, the mark (a w:sdt or a w:bookmarkStart) and the body-level block
    that holds it (the control itself when the block is one).  A typed tuple: 4,000 of them are made in
    a large brief's pass, at a third of a frozen dataclass's cost."""

    name: str
    element: Any
    block: Any

    @property
    def officer(self) -> bool:
        return is_officer(self.name)

    @property
    def is_control(self) -> bool:
        return self.element.tag == _SDT


@dataclass(frozen=True)
class MarkIndex:
    """Every section mark of a body, found in one pass: `starts` in document order (a name may come twice:
    LibreOffice may write a bookmark's start twice), and for each body-level block holding any mark, the
    marks in it (section controls and bookmarks, and the ends of section bookmarks), for `unmark`."""

    starts: tuple[SectionMark, ...] = ()
    held: dict[Any, list[Any]] = field(default_factory=dict)  # block -> mark elements in it, in order
    by_block: dict[Any, list[SectionMark]] = field(default_factory=dict)

    def starts_in(self, block) -> list[SectionMark]:
        """The sections whose marks `block` holds, in document order (the block's own control first)."""
        return self.by_block.get(block, [])

    def is_lone_mark(self, block) -> bool:
        """Whether the body-level `block` is a mark alone (a section bookmark's start, or a bookmark end)."""
        return block.tag in (_BM_START, _BM_END) and block in self.held

    def is_control(self, block) -> bool:
        """Whether the body-level `block` is itself a section's content control."""
        marks = self.by_block.get(block)
        return marks is not None and marks[0].element is block


def index_marks(body) -> MarkIndex:
    """The section marks of `body` (a w:body), in one walk over the marks alone."""
    starts: list[SectionMark] = []
    held: dict[Any, list[Any]] = {}
    by_block: dict[Any, list[SectionMark]] = {}
    ends: list[tuple[Any, Any]] = []
    ids: set[str | None] = set()
    for node in body.iter(*_MARK_TAGS):
        block = node
        parent = node.getparent()
        while parent is not None and parent is not body:
            block, parent = parent, parent.getparent()
        if parent is None or block.tag == _SECT_PR:
            continue
        if node.tag == _BM_END:
            ends.append((block, node))
            continue
        name = section_name(node)
        if name is None:
            continue
        if node.tag == _BM_START:
            ids.add(node.get(_ID_ATTR))
        mark = SectionMark(name, node, block)
        starts.append(mark)
        by_block.setdefault(block, []).append(mark)
        held.setdefault(block, []).append(node)
    for block, node in ends:  # a section bookmark's end; any end at the level of blocks is no content either
        if node.get(_ID_ATTR) in ids or node is block:
            held.setdefault(block, []).append(node)
    return MarkIndex(tuple(starts), held, by_block)


def unmark(block, index: MarkIndex) -> list:
    """`block` without its section marks: a section's control becomes its content, a mark alone
    nothing; the marks inside it are removed (a control inside, unwrapped), its other content stays."""
    marks = index.held.get(block)
    if not marks:
        return [block]
    inner = [node for node in marks if node is not block]
    for node in inner:
        if node.tag == _SDT:
            _unwrap(node)
    for node in inner:
        if node.tag != _SDT and node.getparent() is not None:
            node.getparent().remove(node)
    if not index.is_control(block):
        return [] if block.tag in (_BM_START, _BM_END) and block in marks else [block]
    content = block.find(_SDT_CONTENT)
    children = list(content) if content is not None else []
    # what an editor left at the control's top level: a bookmark end alone is no content
    return [c for c in children if c.tag != _BM_END and not (c.tag == _BM_START and section_name(c))]


def _unwrap(sdt) -> None:
    parent = sdt.getparent()
    if parent is None:
        return
    content = sdt.find(_SDT_CONTENT)
    index = parent.index(sdt)
    for offset, child in enumerate(list(content) if content is not None else []):
        parent.insert(index + offset, child)
    parent.remove(sdt)


def bookmark_ids(elements) -> list[int]:
    """The numeric ids of every bookmark start in `elements` (so that new marks take fresh ones)."""
    return [
        int(n.get(_ID_ATTR))
        for element in elements
        for n in element.iter(_BM_START)
        if (n.get(_ID_ATTR) or "").lstrip("-").isdigit()
    ]


# -- writing -------------------------------------------------------------------------------------


def _sdt_id(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF or 1


# Marks are copied from these (parsing a string for each took 0.7 s of a refresh with 4,000 sections).
_EMPTY_P = parse_xml(f"<w:p {nsdecls('w')}/>")
_START = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name=""/>')
_END = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>')


def empty_controls(marked: list[tuple[str, int]]) -> list:
    """Officer sections' content controls, each titled and tagged with its name and holding its bookmark
    (name, bookmark id) alone, to be filled by `fill`.  Made from one string for all of them: copying a
    control and its bookmark's ends for each of 4,000 sections cost twice as much."""
    if not marked:
        return []
    xml = "".join(
        f'<w:sdt><w:sdtPr><w:alias w:val="{_attr(name)}"/><w:tag w:val="{_attr(name)}"/>'
        f'<w:id w:val="{_sdt_id(name)}"/></w:sdtPr><w:sdtContent>'
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{_attr(bookmark_name(name))}"/>'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/></w:sdtContent></w:sdt>'
        for name, bookmark_id in marked
    )
    return list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"))


def _attr(value: str) -> str:
    # html.escape, not xml.sax.saxutils.escape (the same &, < and >): saxutils imports urllib.request, http.client
    # and ssl (~0.01 CPU-s of every visit's start)
    return html.escape(value, quote=False).replace('"', "&quot;")


def fill(sdt, blocks: list, inline: bool) -> None:
    """Put `blocks` (an empty paragraph when none) in a control from `empty_controls`, its bookmark placed
    as `bookmarked` places it.  Put the control where it belongs first: the blocks then move once, into
    the document they end in (lxml walks a subtree at every move between documents)."""
    content = sdt[1]
    start, end = content
    blocks = blocks or [_EMPTY_P.__copy__()]
    content.extend(blocks)
    first = blocks[0]
    if inline and first.tag == _W_P:
        first.insert(0 if first.find(_W_PPR) is None else 1, start)
        first.append(end)


def bookmark_start(name: str, bookmark_id: int):
    """The start of section `name`'s bookmark alone (a template builder's boundary, before it is filled)."""
    start = _START.__copy__()
    start.set(_ID_ATTR, str(bookmark_id))
    start.set(_NAME_ATTR, bookmark_name(name))
    return start


def _bookmark_end(bookmark_id: int):
    end = _END.__copy__()
    end.set(_ID_ATTR, str(bookmark_id))
    return end


def bookmarked(name: str, blocks: list, bookmark_id: int, inline: bool) -> list:
    """`blocks` with the bookmark `bg_<name>` over their first paragraph (inline), or just before the
    first block (in a template, where docxtpl replaces a paragraph holding a {%p %} tag, bookmark and
    all).  Not over the whole section: LibreOffice drops a bookmark that ends in or after a table, and
    every bookmark after it (measured, LibreOffice 7.4).  An empty section inline gets an `anchor`."""
    blocks = list(blocks)
    if inline and not blocks:
        blocks = [anchor()]
    start, end = bookmark_start(name, bookmark_id), _bookmark_end(bookmark_id)
    if inline and blocks and blocks[0].tag == _W_P:
        pr = blocks[0].find(_W_PPR)
        blocks[0].insert(0 if pr is None else 1, start)
        blocks[0].append(end)
        return blocks
    return [start, end, *blocks]


def anchor():
    """An empty paragraph about one point high that holds an empty section's bookmark.  A bookmark alone
    between paragraphs does not stay there: LibreOffice moves it to the end of the paragraph before,
    which then counts as that section's (measured, LibreOffice 7.4)."""
    return parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def close_officer_controls(body) -> None:
    """A template may mark only its officer sections: what follows such a control up to the next mark is
    then data, not the officer's, so it gets a data mark of its own (`after-<name>`), regenerated by refresh."""
    for sdt in list(body.iterchildren(_SDT)):
        name = _control_name(sdt)
        follower = sdt.getnext()
        if name is None or not is_officer(name) or follower is None or follower.tag == _SECT_PR:
            continue
        if follower.tag == _BM_END or any(section_name(n) for n in follower.iter(_SDT, _BM_START)):
            continue
        sdt.addnext(bookmark_start(f"after-{name}"[:37].rstrip("-"), 0))
