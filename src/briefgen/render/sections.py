"""The brief's sections, marked in the document itself, and the record of what it was made from.

An officer edits the generated brief (writes the objectives, cuts, adds) and the data keeps
changing; `briefgen refresh` must later tell the officer's writing from briefgen's.  So:

- Each section starts with a mark.  An officer's section (`objectives`, `points-to-make`,
  `notes`, or any name starting `officer-`) is a rich-text content control (w:sdt) whose
  title and tag are the section's name, holding its heading and content, with a bookmark
  `bg_<name>` inside it.  A data section is the bookmark alone (so python-docx's
  `document.paragraphs` still sees its text).
- A section runs from its mark to the next section's mark: what an editor puts just after a
  control still belongs to it.  That is what makes the marks survive real editing:
  LibreOffice turns a block control into an inline one inside the first paragraph, drops its
  tag, keeps its title, and moves paragraphs typed inside the control to just after it;
  python-docx appends after the control; both keep every mark's *start* (control title,
  bookmark name) in place.  Content before the first mark is the `cover`.
- `remark` rebuilds every mark from the sections it finds, so a brief that went through
  LibreOffice gets clean block controls again when refreshed.
- A fingerprint of a section is a hash of its text (paragraphs in order, whitespace folded):
  the same before and after a LibreOffice re-save, different after any change of wording.
  A change of formatting alone is not seen.
- The record (counterpart, dataset, dates, language, version, each section's fingerprint as
  written, a summary of the facts shown) is a custom XML part: it survives a LibreOffice
  re-save (measured) and Word keeps custom XML parts by design.  render.record is the one
  module that writes and reads it.

Nothing here knows the domain: `provenance_for` only copies ids and statuses off the Brief.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from briefgen.errors import BriefNotUsableError
from briefgen.inputs import read_limited
from briefgen.render.received import CFB_MAGIC, MAX_FILE, PARSER, Package, open_package
from briefgen.render.record import RECORD_FORMAT, BriefRecord, facts_of, read_package, read_zip
from briefgen.render.record import store as record_store
from briefgen.render.template_check import (
    ALLOWED_FIELDS,
    ALLOWED_LINK_SCHEMES,
    external_name,
    field_name,
    short_target,
)

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
_NAME = re.compile(r"[a-z][a-z0-9-]{0,36}")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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
_W_PPR = qn("w:pPr")
_MARK_TAGS = {_BM_START, _BM_END}


def is_officer(name: str) -> bool:
    return name in OFFICER_SECTIONS or name.startswith("officer-")


def bookmark_name(name: str) -> str:
    """`points-to-make` → `bg_points_to_make` (Word allows letters, digits and _ in bookmark names)."""
    return BOOKMARK_PREFIX + name.replace("-", "_")


def _name_of_bookmark(value: str | None) -> str | None:
    if not value or not value.startswith(BOOKMARK_PREFIX):
        return None
    name = value[len(BOOKMARK_PREFIX) :].replace("_", "-")
    return name if _NAME.fullmatch(name) else None


def _sdt_name(sdt) -> str | None:
    """The section a content control marks: its tag, else its title (LibreOffice keeps only the title)."""
    pr = sdt.find(_SDT_PR)
    if pr is None:
        return None
    for child in (_TAG_EL, _ALIAS):
        element = pr.find(child)
        value = element.get(_VAL) if element is not None else None
        if value and _NAME.fullmatch(value) and (is_officer(value) or value in DATA_SECTIONS):
            return value
    return None


# -- finding sections ----------------------------------------------------------------------


@dataclass
class Section:
    name: str
    blocks: list = field(default_factory=list)  # body-level w:p / w:tbl / other blocks, marks removed

    @property
    def officer(self) -> bool:
        return is_officer(self.name)


def _anchors_in(element, *, inside_only: bool = False) -> list[str]:
    """Section names marked in `element` (itself or inside; with `inside_only`, inside), in document order."""
    found = []
    for node in element.iter(_SDT, _BM_START):
        if inside_only and node is element:
            continue
        name = _sdt_name(node) if node.tag == _SDT else _name_of_bookmark(node.get(_NAME_ATTR))
        if name:
            found.append(name)
    return found


def _is_mark(node) -> bool:
    if node.tag == _BM_START:
        return _name_of_bookmark(node.get(_NAME_ATTR)) is not None
    return False


# Whether a block holds a control or a bookmark at all (most blocks hold neither: nothing to strip).
_HAS_MARKS = etree.XPath(
    "boolean(descendant-or-self::w:sdt | descendant-or-self::w:bookmarkStart | descendant-or-self::w:bookmarkEnd)",
    namespaces={"w": _W},
)


def _strip_marks(element, bookmark_ids: set[str]) -> None:
    """Remove section marks inside `element`: bg_ bookmarks, and section controls (their content stays)."""
    if not _HAS_MARKS(element):
        return
    for sdt in list(element.iter(_SDT)):
        if _sdt_name(sdt) is not None:
            _unwrap(sdt)
    for node in list(element.iter(_BM_START, _BM_END)):
        if (node.tag == _BM_START and _is_mark(node)) or (node.tag == _BM_END and node.get(_ID_ATTR) in bookmark_ids):
            node.getparent().remove(node)


def _unwrap(sdt) -> None:
    content = sdt.find(_SDT_CONTENT)
    parent = sdt.getparent()
    index = parent.index(sdt)
    for offset, child in enumerate(list(content) if content is not None else []):
        parent.insert(index + offset, child)
    parent.remove(sdt)


def find_sections(body, controls: set[int] | None = None) -> list[Section]:
    """The body's sections in order, each with its blocks (detached copies of nothing: the live elements).

    The first occurrence of a name counts (LibreOffice may write a bookmark's start twice);
    content before the first mark is the `cover`.  Marks are left in place.  `controls`, when given,
    gets the id() of each body-level block that is a section's content control (so that
    detached_sections need not read every control's name again: 4,000 of them in a hostile brief).
    """
    sections: list[Section] = [Section(COVER)]
    seen = {COVER}
    for child in body:
        if child.tag == _SECT_PR:
            continue
        own = _sdt_name(child) if child.tag == _SDT else None
        anchors = ([own] if own else []) + _anchors_in(child, inside_only=child.tag == _SDT)
        if own and controls is not None:
            controls.add(id(child))
        names = [n for n in dict.fromkeys(anchors) if n not in seen]
        for name in names:
            seen.add(name)
            sections.append(Section(name))
        if child.tag in _MARK_TAGS and (child.tag == _BM_END or _is_mark(child)):
            continue  # a body-level mark alone is not content
        sections[-1].blocks.append(child)
    return sections


def _bookmark_ids(body) -> set[str]:
    return {n.get(_ID_ATTR) for n in body.iter(_BM_START) if _is_mark(n)}


def detached_sections(body) -> list[Section]:
    """find_sections, with every section mark removed from the blocks (for copying or re-marking)."""
    controls: set[int] = set()
    sections = find_sections(body, controls)
    ids = _bookmark_ids(body)
    for section in sections:
        for index, block in enumerate(section.blocks):
            if id(block) in controls:
                content = block.find(_SDT_CONTENT)
                section.blocks[index : index + 1] = [list(content) if content is not None else []]
        flat = []
        for block in section.blocks:
            flat.extend(block if isinstance(block, list) else [block])
        section.blocks = [b for b in flat if not (b.tag in _MARK_TAGS and (b.tag == _BM_END or _is_mark(b)))]
        for block in section.blocks:
            _strip_marks(block, ids)
    return sections


# -- text and fingerprints -------------------------------------------------------------------


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
    return _digest(paragraph_texts(blocks))


def _digest(texts: list[str]) -> str:
    return _part_digest("\n".join(texts).encode("utf-8"))


def section_fingerprints(sections: list[Section]) -> tuple[list[str], str]:
    """Each section's fingerprint and the whole document's (all sections' text in order), each
    paragraph read once."""
    texts = [paragraph_texts(s.blocks) for s in sections]
    return [_digest(t) for t in texts], _digest([line for t in texts for line in t])


# -- marking -----------------------------------------------------------------------------------


def _sdt_id(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF or 1


# Marks are copied from these (parsing a string for each took 0.7 s of a refresh with 4,000 sections).
_CONTROL = parse_xml(
    f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val=""/><w:tag w:val=""/><w:id w:val="1"/></w:sdtPr>'
    "<w:sdtContent/></w:sdt>"
)
_EMPTY_P = parse_xml(f"<w:p {nsdecls('w')}/>")
_START = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name=""/>')
_END = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>')


def _officer_control(section: Section, bookmark_id: int, inline: bool):
    name = section.name
    sdt = _CONTROL.__copy__()
    pr = sdt[0]
    pr[0].set(_VAL, name)
    pr[1].set(_VAL, name)
    pr[2].set(_VAL, str(_sdt_id(name)))
    content = sdt[1]
    blocks = section.blocks or [_EMPTY_P.__copy__()]
    for block in _bookmarked(Section(name, blocks), bookmark_id, inline):
        content.append(block)
    return sdt


def _bookmark_start(name: str, bookmark_id: int):
    start = _START.__copy__()
    start.set(_ID_ATTR, str(bookmark_id))
    start.set(_NAME_ATTR, bookmark_name(name))
    return start


def _bookmark_end(bookmark_id: int):
    end = _END.__copy__()
    end.set(_ID_ATTR, str(bookmark_id))
    return end


def _bookmarked(section: Section, bookmark_id: int, inline: bool) -> list:
    """A section's blocks with its bookmark `bg_<name>` over its first paragraph (inline), or just
    before its first block (in a template, where docxtpl replaces a paragraph holding a {%p %} tag,
    bookmark and all).  Not over the whole section: LibreOffice drops a bookmark that ends in or
    after a table, and every bookmark after it (measured, LibreOffice 7.4)."""
    blocks = list(section.blocks)
    start, end = _bookmark_start(section.name, bookmark_id), _bookmark_end(bookmark_id)
    if inline and blocks and blocks[0].tag == _W_P:
        pr = blocks[0].find(_W_PPR)
        blocks[0].insert(0 if pr is None else 1, start)
        blocks[0].append(end)
        return blocks
    return [start, end, *blocks]


def _anchor():
    """An empty paragraph about one point high that holds an empty section's bookmark.  A bookmark alone
    between paragraphs does not stay there: LibreOffice moves it to the end of the paragraph before,
    which then counts as that section's (measured, LibreOffice 7.4)."""
    return parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def rebuild(body, sections: list[Section], *, open_end: bool = False, inline: bool = True) -> None:
    """Lay `sections` out as the body's content, each freshly marked (the section properties stay last).

    With `open_end`, an empty last section is only its bookmark, to be filled (a template being built)."""
    sect_pr = body.find(_SECT_PR)
    root = body.getparent()
    outside_body = [c for c in (root if root is not None else ()) if c is not body] + (
        [sect_pr] if sect_pr is not None else []
    )
    others = [
        int(n.get(_ID_ATTR))
        for element in outside_body
        for n in element.iter(_BM_START)
        if (n.get(_ID_ATTR) or "").lstrip("-").isdigit()
    ]
    used = [
        int(n.get(_ID_ATTR))
        for s in sections
        for b in s.blocks
        for n in b.iter(_BM_START)
        if (n.get(_ID_ATTR) or "").lstrip("-").isdigit()
    ]
    next_id = max(others + used + [0]) + 1
    out = []
    for index, section in enumerate(sections):
        if open_end and index == len(sections) - 1 and not section.blocks and section.name != COVER:
            out.append(_bookmark_start(section.name, next_id))
        elif section.name == COVER:
            out += section.blocks
        elif section.officer:
            out.append(_officer_control(section, next_id, inline))
            next_id += 1
        else:
            if inline and not section.blocks:  # an empty section (`changes` in a fresh brief): see _anchor
                section = Section(section.name, [_anchor()])
            out += _bookmarked(section, next_id, inline)
            next_id += 1
    # Moved into place in order, then what is left over (the old marks) removed: detaching every block
    # and adding it back cost ~0.2 ms a block (lxml fixes up each detached subtree), 0.1 s for a large brief.
    for element in out:
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)
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
    if name is not None and not (_NAME.fullmatch(name) and name != COVER):
        raise ValueError(f"not a section name: {name!r}")
    body = document.element.body
    if name is not None:
        body.find(_SECT_PR).addprevious(_bookmark_start(name, 0))
    remark(body, open_end=name is not None, inline=False)


# -- the record (render.record writes and reads it) ----------------------------------------------


def body_of(archive: zipfile.ZipFile):
    """The w:body of word/document.xml in an open .docx zip (lxml, without python-docx)."""
    root = etree.fromstring(archive.read("word/document.xml"), PARSER)
    return root.find(f"{{{_W}}}body")


def provenance_for(brief, *, version: str, template: str, made: dt.datetime | None = None) -> dict:
    """What the brief was made from and the ids and state keys of the facts it shows (for `refresh` to
    compare with the dataset then): a BriefRecord's fields but those `finish` adds."""
    made = made or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return {
        "format": RECORD_FORMAT,
        "counterpart": brief.profile.person_id,
        "dataset": brief.dataset_name,
        "visit": brief.visit_date_iso,
        "lang": brief.lang,
        "version": version,
        "template": template,
        "made": made,
        "facts": facts_of(brief),
    }


def _close_officer_controls(body) -> None:
    """A template may mark only its officer sections: what follows such a control up to the next mark is
    then data, not the officer's, so it gets a data mark of its own (`after-<name>`), regenerated by refresh."""
    for sdt in list(body.iterchildren(_SDT)):
        name = _sdt_name(sdt)
        follower = sdt.getnext()
        if name is None or not is_officer(name) or follower is None or follower.tag == _SECT_PR:
            continue
        if _anchors_in(follower) or (follower.tag in _MARK_TAGS and follower.tag == _BM_END):
            continue
        sdt.addnext(_bookmark_start(f"after-{name}"[:37].rstrip("-"), 0))


def finish(document, record: dict) -> None:
    """After rendering: clean marks, and the record with each section's fingerprint as written."""
    body = document.element.body
    _close_officer_controls(body)
    sections = remark(body)
    each, whole = section_fingerprints(sections)
    # Its text part as it will be saved (serialized once more here, 0.01 s at size L): a brief still
    # holding exactly these bytes needs no reading of its sections before `visit --force` replaces it.
    full = BriefRecord(
        **record,
        sections={s.name: f for s, f in zip(sections, each)},
        officer=[s.name for s in sections if s.officer],
        document=whole,
        text_part=_part_digest(document.part.blob),
    )
    record_store(document, full)


def document_fingerprint(body) -> str:
    return section_fingerprints(find_sections(body))[1]


# -- moving blocks between documents ------------------------------------------------------------------


class Carrier:
    """Copies blocks from python-docx Document `source` into Document `target`, made valid and safe there.

    Styles they use that `target` lacks are copied over; lists numbered directly get their numbering
    definitions copied under new ids; pictures (every kind Word writes: PNG, JPEG, GIF, SVG with its
    PNG fallback, EMF, WMF, TIFF…) are copied as the parts they are, bytes and content type, without
    python-docx's image-header parsing (which knows five raster kinds and crashed on the others).

    What the copies may hold is what a template may hold (render.template_check): what reaches
    outside the document is removed, and each removal is a note naming it — a picture, object,
    subdocument or altChunk linked to a file or address, a hyperlink other than http(s)/mailto
    (its text stays), a field other than PAGE, NUMPAGES, SECTIONPAGES and TOC (DDE, DDEAUTO,
    INCLUDETEXT, INCLUDEPICTURE…: the field code goes, the text it last showed stays).  Comments
    and footnotes are not carried (their marks are removed and counted).

    One Carrier serves every section of a refresh, so that what it looks up in `source` and `target`
    (styles, numbering, relationships, pictures) is read once: the work is linear in what is carried.
    """

    def __init__(self, source, target) -> None:
        self.source, self.target = source, target
        self._src_styles: dict | None = None
        self._have_styles: set | None = None
        self._numbering: dict[str, str] = {}  # source numId -> target numId
        self._images: dict[tuple[str, str], str] = {}  # (sha1, content type) -> target rId
        self._external: dict[tuple[str, str], str] = {}  # (reltype, target) -> target rId
        self._rid = 0
        self._media: set[str] | None = None

    def carry(self, blocks) -> tuple[list, list[str]]:
        """Copies of `blocks` made valid and safe in the target, and notes on what was left out."""
        copies = [b.__copy__() for b in blocks]  # lxml: a deep copy
        self._copy_styles(copies)
        if not any(_WORTH_A_LOOK(b) for b in copies):
            return copies, []  # plain text, tables, lists: nothing below applies (most sections)
        notes = _unlink_fields(copies) + _remove_linked_vml(copies) + _remove_imports(copies, self.source.part.rels)
        self._copy_numbering(copies)
        notes += self._copy_relationships(copies)
        dropped = 0
        for block in copies:
            for node in list(
                block.iter(
                    qn("w:commentRangeStart"),
                    qn("w:commentRangeEnd"),
                    qn("w:commentReference"),
                    qn("w:footnoteReference"),
                    qn("w:endnoteReference"),
                )
            ):
                if node.tag in (qn("w:commentReference"), qn("w:footnoteReference"), qn("w:endnoteReference")):
                    dropped += 1
                node.getparent().remove(node)
        if dropped:
            notes.append(f"{dropped} comment(s) or footnote(s) were not carried over")
        return copies, notes

    def _copy_styles(self, blocks) -> None:
        if self._src_styles is None:
            self._src_styles = {s.get(qn("w:styleId")): s for s in self.source.styles.element.iter(qn("w:style"))}
            self._have_styles = {s.get(qn("w:styleId")) for s in self.target.styles.element.iter(qn("w:style"))}
        src, have = self._src_styles, self._have_styles
        assert have is not None
        wanted = [style_id for style_id in _style_ids(blocks) if style_id not in have]
        if not wanted:
            return  # most blocks: styles the target has (python-docx's styles lookup cost 0.1 ms a call)
        dst_root = self.target.styles.element
        while wanted:
            style_id = wanted.pop()
            if style_id in have or style_id not in src:
                continue
            have.add(style_id)
            dst_root.append(copy.deepcopy(src[style_id]))
            for link in ("w:basedOn", "w:next", "w:link"):
                element = src[style_id].find(qn(link))
                if element is not None:
                    wanted.append(element.get(_VAL))

    def _copy_numbering(self, blocks) -> None:
        used = {e.get(_VAL) for b in blocks for e in b.iter(qn("w:numId"))} - {None, "0"}
        new = used - set(self._numbering)
        if new:
            try:
                src = self.source.part.numbering_part.element
                dst = self.target.part.numbering_part.element
            except (KeyError, NotImplementedError):
                for b in blocks:
                    for num_pr in list(b.iter(qn("w:numPr"))):
                        num_pr.getparent().remove(num_pr)
                return
            self._numbering.update(_copy_lists(src, dst, new))
        for b in blocks:
            for e in b.iter(qn("w:numId")):
                if e.get(_VAL) in self._numbering:
                    e.set(_VAL, self._numbering[e.get(_VAL)])

    def _new_rid(self) -> str:
        rels = self.target.part.rels
        while True:
            self._rid += 1
            rid = f"rIdC{self._rid}"
            if rid not in rels:
                return rid

    def _copy_picture(self, part) -> str:
        blob, content_type = part.blob, part.content_type
        key = (hashlib.sha1(blob).hexdigest(), content_type)
        if key not in self._images:
            package = self.target.part.package
            if self._media is None:
                self._media = {str(p.partname) for p in package.iter_parts()}
            ext = str(part.partname).rsplit(".", 1)[-1].lower() if "." in str(part.partname) else ""
            ext = ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "bin"
            number = len(self._media) + 1
            while f"/word/media/carried{number}.{ext}" in self._media:
                number += 1
            name = f"/word/media/carried{number}.{ext}"
            self._media.add(name)
            picture = Part(PackURI(name), content_type, blob, package)
            rid = self._new_rid()
            self.target.part.rels.add_relationship(RT.IMAGE, picture, rid)
            self._images[key] = rid
        return self._images[key]

    def _relate_external(self, reltype: str, target: str) -> str:
        key = (reltype, target)
        if key not in self._external:
            rid = self._new_rid()
            self.target.part.rels.add_relationship(reltype, target, rid, is_external=True)
            self._external[key] = rid
        return self._external[key]

    def _copy_relationships(self, blocks) -> list[str]:
        notes: list[str] = []
        src_rels = self.source.part.rels
        lost = 0
        for block in blocks:
            for element in list(block.iter()):
                for attr, rid in list(element.attrib.items()):
                    if not attr.startswith(f"{{{_R}}}"):
                        continue
                    rel = src_rels.get(rid)
                    if rel is None:
                        element.attrib.pop(attr)  # a dangling reference
                        continue
                    kind = rel.reltype.rstrip("/").rsplit("/", 1)[-1]
                    if rel.is_external:
                        target = rel.target_ref
                        scheme = urlsplit(target).scheme.lower()
                        if kind == "hyperlink" and scheme in ALLOWED_LINK_SCHEMES:
                            element.set(attr, self._relate_external(rel.reltype, target))
                            continue
                        notes.append(f"removed {external_name(kind)} {short_target(target)}")
                        _drop_reference(element, attr)
                    elif rel.reltype == RT.IMAGE:
                        element.set(attr, self._copy_picture(rel.target_part))
                    else:
                        lost += 1
                        _drop_reference(element, attr)
        if lost:
            notes.append(f"{lost} embedded object(s) other than pictures were not carried over")
        return notes


# Whether a block holds anything `Carrier.carry` changes besides styles: a relationship, a field, an import,
# a VML element, a comment or note mark, a list number (one XPath, evaluated in C, instead of six walks).
_WORTH_A_LOOK = etree.XPath(
    "boolean(descendant-or-self::*[@r:* or self::w:fldChar or self::w:instrText or self::w:delInstrText"
    " or self::w:fldSimple or self::w:altChunk or self::w:subDoc or self::w:commentRangeStart"
    " or self::w:commentRangeEnd or self::w:commentReference or self::w:footnoteReference"
    " or self::w:endnoteReference or self::w:numId or starts-with(namespace-uri(), 'urn:schemas-microsoft-com:')"
    " or @*[starts-with(namespace-uri(), 'urn:schemas-microsoft-com:')]])",
    namespaces={"w": _W, "r": _R},
)
_W_HYPERLINK = qn("w:hyperlink")
# Elements that mean nothing without the relationship they name: removed with it.
_NEEDS_ITS_RELATIONSHIP = {qn("w:headerReference"), qn("w:footerReference"), qn("w:altChunk"), qn("w:subDoc")}


def _drop_reference(element, attr: str) -> None:
    if element.tag in _NEEDS_ITS_RELATIONSHIP and element.getparent() is not None:
        element.getparent().remove(element)
    else:
        element.attrib.pop(attr, None)


def _remove_imports(blocks, rels) -> list[str]:
    """altChunks and subdocuments import other content into the document: never carried."""
    notes = []
    for block in blocks:
        for node in list(block.iter(qn("w:altChunk"), qn("w:subDoc"))):
            what = "an alternative-format chunk (altChunk)" if node.tag == qn("w:altChunk") else "a subdocument"
            rel = rels.get(node.get(qn("r:id")) or "")
            if rel is not None:
                what += f" {'at' if rel.is_external else 'in'} {short_target(rel.target_ref)}"
            notes.append(f"removed {what}")
            if node.getparent() is not None:
                node.getparent().remove(node)
            elif node in blocks:
                blocks.remove(node)
    return notes


def _remove_linked_vml(blocks) -> list[str]:
    """Old-style (VML) pictures and objects whose href or src names a file or address lose that link."""
    notes = []
    for block in blocks:
        for element in block.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in list(element.attrib.items()):
                namespace = attribute[1:].split("}", 1)[0] if attribute.startswith("{") else ""
                local = attribute.rsplit("}", 1)[-1]
                in_vml = namespace.startswith("urn:schemas-microsoft-com:") or element.tag.startswith(
                    "{urn:schemas-microsoft-com:"
                )
                if in_vml and local in ("href", "src") and value and not value.startswith("#"):
                    notes.append(f"removed a picture or object linked to {short_target(value)}")
                    del element.attrib[attribute]
    return notes


_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE = (
    qn(f"w:{n}") for n in ("fldChar", "instrText", "delInstrText", "fldSimple")
)


def _unlink_fields(blocks) -> list[str]:
    """Fields other than ALLOWED_FIELDS lose their code and keep the text they last showed (what Word's
    "unlink field" does); a field nested in the code of a removed one goes with it."""
    names: list[str] = []
    doomed: list = []
    stack: list[dict] = []  # open fields: their marks (fldChar, instrText), instruction, phase, verdict

    def judge(frame: dict) -> None:
        name = field_name("".join(frame["instr"]))
        frame["allowed"] = name in ALLOWED_FIELDS
        if not frame["allowed"]:
            names.append(name if name.isalnum() else "?")

    simple = []
    for block in blocks:
        for element in block.iter(_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE):
            tag = element.tag
            if tag == _FLD_SIMPLE:
                name = field_name(element.get(qn("w:instr")) or "")
                if name not in ALLOWED_FIELDS:
                    names.append(name if name.isalnum() else "?")
                    simple.append(element)
                continue
            if tag in (_INSTR, _DEL_INSTR):
                if stack and stack[-1]["phase"] == "code":
                    stack[-1]["instr"].append(element.text or "")
                    stack[-1]["marks"].append(element)
                continue
            kind = element.get(qn("w:fldCharType"))
            if kind == "begin":
                stack.append({"marks": [element], "instr": [], "phase": "code", "allowed": None})
            elif kind == "separate" and stack:
                frame = stack[-1]
                frame["marks"].append(element)
                if frame["phase"] == "code":
                    judge(frame)
                    frame["phase"] = "result"
            elif kind == "end" and stack:
                frame = stack.pop()
                frame["marks"].append(element)
                if frame["allowed"] is None:
                    judge(frame)
                if stack and stack[-1]["phase"] == "code":
                    stack[-1]["marks"].extend(frame["marks"])  # part of the outer field's code
                if not frame["allowed"]:
                    doomed.extend(frame["marks"])
    for frame in stack:  # begun and never ended
        if frame["allowed"] is None:
            judge(frame)
        if not frame["allowed"]:
            doomed.extend(frame["marks"])
    gone: set[int] = set()
    for element in doomed:
        parent = element.getparent()
        if id(element) not in gone and parent is not None:
            gone.add(id(element))
            parent.remove(element)
    for element in simple:
        parent = element.getparent()
        if parent is None:
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    if not names:
        return []
    return [f"removed field(s) {', '.join(dict.fromkeys(names))} (their last shown text is kept as text)"]


def import_blocks(source, target, blocks) -> tuple[list, list[str]]:
    """Copies of `blocks` from `source` made valid and safe in `target` (see Carrier)."""
    return Carrier(source, target).carry(blocks)


_STYLE_IDS = etree.XPath(
    "descendant-or-self::w:pStyle/@w:val | descendant-or-self::w:rStyle/@w:val | descendant-or-self::w:tblStyle/@w:val",
    namespaces={"w": _W},
)


def _style_ids(blocks) -> set[str]:
    return {str(value) for block in blocks for value in _STYLE_IDS(block)}


def _copy_lists(src, dst, used: set[str]) -> dict[str, str]:
    """The list definitions numbered `used` in numbering part `src`, copied into `dst` under new ids."""
    nums = {n.get(qn("w:numId")): n for n in src.findall(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in src.findall(qn("w:abstractNum"))}
    next_num = max([_int(n.get(qn("w:numId"))) for n in dst.findall(qn("w:num"))] + [0]) + 1
    next_abs = max([_int(a.get(qn("w:abstractNumId"))) for a in dst.findall(qn("w:abstractNum"))] + [0]) + 1
    first_num = dst.find(qn("w:num"))
    mapping = {}
    for old in sorted(used):
        num = nums.get(old)
        abstract_id = num.find(qn("w:abstractNumId")) if num is not None else None
        abstract = abstracts.get(abstract_id.get(_VAL)) if abstract_id is not None else None
        if num is None or abstract is None:
            continue
        new_abstract = copy.deepcopy(abstract)
        new_abstract.set(qn("w:abstractNumId"), str(next_abs))
        for nsid in new_abstract.findall(qn("w:nsid")):  # a distinct list, not a continuation of another
            nsid.set(_VAL, f"{zlib.crc32(f'{old}-{next_abs}'.encode()) & 0xFFFFFFFF:08X}")
        if first_num is not None:
            first_num.addprevious(new_abstract)  # schema order: every abstractNum before any num
        else:
            dst.append(new_abstract)
        new_num = copy.deepcopy(num)
        new_num.set(qn("w:numId"), str(next_num))
        new_num.find(qn("w:abstractNumId")).set(_VAL, str(next_abs))
        dst.append(new_num)
        if first_num is None:
            first_num = new_num
        mapping[old] = str(next_num)
        next_num += 1
        next_abs += 1
    return mapping


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


# -- reading a brief back ---------------------------------------------------------------------------

MAX_BRIEF_BYTES = MAX_FILE  # on disk (render.received has the limits on what it unpacks to)
_CFB_MAGIC = CFB_MAGIC


@dataclass
class ReadBrief:
    path: Path
    data: bytes
    record: BriefRecord
    body: Any  # the w:body element (lxml)
    package: Package | None = None  # every part, read within received's limits


def read_brief(path) -> ReadBrief:
    """A brief briefgen wrote, checked: every failure is a BriefNotUsableError naming the file and why."""
    path = Path(path)
    data = read_limited(path, MAX_BRIEF_BYTES, "brief", error=BriefNotUsableError)
    return parse_brief(data, path.name, path)


def parse_brief(data: bytes, name: str, path: Path | None = None) -> ReadBrief:
    """The brief in `data` (a file called `name`, e.g. an upload), read within render.received's limits:
    every failure is a BriefNotUsableError naming it and why."""
    package = open_package(data, name)
    root = package.xml["word/document.xml"]
    body = root.find(f"{{{_W}}}body")  # type: ignore[attr-defined]
    if body is None:
        raise BriefNotUsableError(f"{name} is damaged: its document has no body")
    record = read_package(package.xml, name)
    if record is None:
        raise BriefNotUsableError(
            f"{name} was not written by briefgen (it carries no briefgen record): "
            "refresh works on a brief made by `briefgen visit`"
        )
    return ReadBrief(path if path is not None else Path(name), data, record, body, package)


def edits_in(brief: ReadBrief) -> list[str]:
    """Why the brief holds an officer's work: sections changed since it was written, or carried over."""
    recorded = brief.record.sections
    sections = find_sections(brief.body)
    each, whole = section_fingerprints(sections)
    changed = [s.name for s, f in zip(sections, each) if recorded.get(s.name) != f]
    if brief.record.document != whole and not changed:
        changed = ["the document"]
    return sorted(set(changed) | set(brief.record.carried))


def refuse_to_replace(path) -> None:
    """For `visit --force`: raise unless `path` is a brief briefgen wrote that nobody has edited since
    (or not a Word file at all, e.g. a placeholder)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except OSError:
        head = b""
    if not head.startswith(b"PK") and not head.startswith(_CFB_MAGIC):
        return  # neither a Word document nor an encrypted one: nothing an officer wrote in Word
    if _as_written(Path(path)):
        return
    try:
        brief = read_brief(Path(path))
    except BriefNotUsableError as exc:
        raise BriefNotUsableError(
            f"not replacing {path}: briefgen cannot tell whether an officer edited it ({exc}); "
            "move it away to write a new brief there"
        ) from None
    edited = edits_in(brief)
    if edited:
        raise BriefNotUsableError(
            f"not replacing {path}: it holds an officer's edits ({', '.join(edited)}) that --force would destroy; "
            f"run `briefgen refresh {path}` for a new brief that keeps them, or move the file away"
        )


def _part_digest(xml: bytes) -> str:
    return hashlib.sha256(xml).hexdigest()[:20]


def _as_written(path: Path) -> bool:
    """Whether `path` is a brief briefgen wrote whose text part is byte for byte as written and which carries
    no officer's writing over from an earlier brief: nothing `--force` could destroy.  Read in 0.01 s at
    size L, where reading its sections takes 0.05 s; anything else (an older brief, an edited or damaged
    one) is read in full by `refuse_to_replace`, which says why it is kept."""
    try:
        if path.stat().st_size > MAX_BRIEF_BYTES:
            return False
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("word/document.xml").file_size > MAX_BRIEF_BYTES:
                return False
            record = read_zip(archive)
            if not record or record.carried or record.text_part is None:
                return False
            return _part_digest(archive.read("word/document.xml")) == record.text_part
    except (OSError, KeyError, EOFError, ValueError, BriefNotUsableError, zipfile.BadZipFile, zlib.error):
        return False
