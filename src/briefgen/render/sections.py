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
  re-save (measured) and Word keeps custom XML parts by design.

Nothing here knows the domain: `provenance_for` only copies ids and statuses off the Brief.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from briefgen.errors import BriefNotUsableError

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
RECORD_NS = "urn:briefgen:brief-record:1"
RECORD_FORMAT = 1
_NAME = re.compile(r"[a-z][a-z0-9-]{0,36}")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MARK_TAGS = {qn("w:bookmarkStart"), qn("w:bookmarkEnd")}


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
    pr = sdt.find(qn("w:sdtPr"))
    if pr is None:
        return None
    for child in ("w:tag", "w:alias"):
        element = pr.find(qn(child))
        value = element.get(qn("w:val")) if element is not None else None
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


def _anchors_in(element) -> list[str]:
    """Section names marked in `element` (itself or inside), in document order."""
    found = []
    for node in element.iter(qn("w:sdt"), qn("w:bookmarkStart")):
        name = _sdt_name(node) if node.tag == qn("w:sdt") else _name_of_bookmark(node.get(qn("w:name")))
        if name:
            found.append(name)
    return found


def _is_mark(node) -> bool:
    if node.tag == qn("w:bookmarkStart"):
        return _name_of_bookmark(node.get(qn("w:name"))) is not None
    return False


def _strip_marks(element, bookmark_ids: set[str]) -> None:
    """Remove section marks inside `element`: bg_ bookmarks, and section controls (their content stays)."""
    for sdt in list(element.iter(qn("w:sdt"))):
        if _sdt_name(sdt) is not None:
            _unwrap(sdt)
    for node in list(element.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        if (node.tag == qn("w:bookmarkStart") and _is_mark(node)) or (
            node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) in bookmark_ids
        ):
            node.getparent().remove(node)


def _unwrap(sdt) -> None:
    content = sdt.find(qn("w:sdtContent"))
    parent = sdt.getparent()
    index = parent.index(sdt)
    for offset, child in enumerate(list(content) if content is not None else []):
        parent.insert(index + offset, child)
    parent.remove(sdt)


def find_sections(body) -> list[Section]:
    """The body's sections in order, each with its blocks (detached copies of nothing: the live elements).

    The first occurrence of a name counts (LibreOffice may write a bookmark's start twice);
    content before the first mark is the `cover`.  Marks are left in place.
    """
    sections: list[Section] = [Section(COVER)]
    seen = {COVER}
    for child in body:
        if child.tag == qn("w:sectPr"):
            continue
        names = [n for n in dict.fromkeys(_anchors_in(child)) if n not in seen]
        for name in names:
            seen.add(name)
            sections.append(Section(name))
        if child.tag in _MARK_TAGS and (child.tag == qn("w:bookmarkEnd") or _is_mark(child)):
            continue  # a body-level mark alone is not content
        sections[-1].blocks.append(child)
    return sections


def _bookmark_ids(body) -> set[str]:
    return {n.get(qn("w:id")) for n in body.iter(qn("w:bookmarkStart")) if _is_mark(n)}


def detached_sections(body) -> list[Section]:
    """find_sections, with every section mark removed from the blocks (for copying or re-marking)."""
    sections = find_sections(body)
    ids = _bookmark_ids(body)
    for section in sections:
        for index, block in enumerate(section.blocks):
            if block.tag == qn("w:sdt") and _sdt_name(block) is not None:
                content = block.find(qn("w:sdtContent"))
                section.blocks[index : index + 1] = [list(content) if content is not None else []]
        flat = []
        for block in section.blocks:
            flat.extend(block if isinstance(block, list) else [block])
        section.blocks = [
            b for b in flat if not (b.tag in _MARK_TAGS and (b.tag == qn("w:bookmarkEnd") or _is_mark(b)))
        ]
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


def _officer_control(section: Section, bookmark_id: int, inline: bool):
    name = section.name
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{name}"/><w:tag w:val="{name}"/>'
        f'<w:id w:val="{_sdt_id(name)}"/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    content = sdt.find(qn("w:sdtContent"))
    blocks = section.blocks or [parse_xml(f"<w:p {nsdecls('w')}/>")]
    for block in _bookmarked(Section(name, blocks), bookmark_id, inline):
        content.append(block)
    return sdt


def _bookmark_start(name: str, bookmark_id: int):
    return parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{bookmark_id}" w:name="{bookmark_name(name)}"/>')


def _bookmark_end(bookmark_id: int):
    return parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{bookmark_id}"/>')


def _bookmarked(section: Section, bookmark_id: int, inline: bool) -> list:
    """A section's blocks with its bookmark `bg_<name>` over its first paragraph (inline), or just
    before its first block (in a template, where docxtpl replaces a paragraph holding a {%p %} tag,
    bookmark and all).  Not over the whole section: LibreOffice drops a bookmark that ends in or
    after a table, and every bookmark after it (measured, LibreOffice 7.4)."""
    blocks = list(section.blocks)
    start, end = _bookmark_start(section.name, bookmark_id), _bookmark_end(bookmark_id)
    if inline and blocks and blocks[0].tag == qn("w:p"):
        pr = blocks[0].find(qn("w:pPr"))
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
    sect_pr = body.find(qn("w:sectPr"))
    root = body.getparent()
    outside_body = [c for c in (root if root is not None else ()) if c is not body] + (
        [sect_pr] if sect_pr is not None else []
    )
    others = [
        int(n.get(qn("w:id")))
        for element in outside_body
        for n in element.iter(qn("w:bookmarkStart"))
        if (n.get(qn("w:id")) or "").lstrip("-").isdigit()
    ]
    used = [
        int(n.get(qn("w:id")))
        for s in sections
        for b in s.blocks
        for n in b.iter(qn("w:bookmarkStart"))
        if (n.get(qn("w:id")) or "").lstrip("-").isdigit()
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
        body.find(qn("w:sectPr")).addprevious(_bookmark_start(name, 0))
    remark(body, open_end=name is not None, inline=False)


# -- the record ----------------------------------------------------------------------------------


def _record_root(blob: bytes):
    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return None
    return root if root.tag == f"{{{RECORD_NS}}}brief" else None


def write_record(document, record: dict) -> None:
    """Store `record` (JSON-able) in the document's custom XML part, replacing an earlier one."""
    text = json.dumps(record, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    root = etree.Element(f"{{{RECORD_NS}}}brief", nsmap={None: RECORD_NS})
    root.set("format", str(RECORD_FORMAT))
    root.text = text
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = document.part
    for rel in list(part.rels.values()):
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and _record_root(rel.target_part.blob) is not None:
            rel.target_part._blob = blob
            return
    taken = {str(p.partname) for p in part.package.iter_parts()}
    number = next(n for n in range(1, 10_000) if f"/customXml/item{n}.xml" not in taken)
    custom = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", blob, part.package)
    part.relate_to(custom, RT.CUSTOM_XML)


def record_of(document) -> dict:
    """The record of an open python-docx Document (empty when it has none)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            root = _record_root(rel.target_part.blob)
            if root is not None:
                try:
                    record = json.loads(root.text or "")
                except ValueError:
                    return {}
                return record if isinstance(record, dict) else {}
    return {}


def read_record(archive: zipfile.ZipFile) -> dict | None:
    """The record in an open .docx zip, or None when it has none (or an unreadable one)."""
    for name in sorted(archive.namelist()):
        if re.fullmatch(r"customXml/item\d+\.xml", name):
            info = archive.getinfo(name)
            if info.file_size > 20 * 2**20:
                continue
            root = _record_root(archive.read(name))
            if root is None:
                continue
            try:
                record = json.loads(root.text or "")
            except ValueError:
                return None
            return record if isinstance(record, dict) else None
    return None


def body_of(archive: zipfile.ZipFile):
    """The w:body of word/document.xml in an open .docx zip (lxml, without python-docx)."""
    root = etree.fromstring(
        archive.read("word/document.xml"), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    )
    return root.find(f"{{{_W}}}body")


def provenance_for(brief, *, version: str, template: str, made: dt.datetime | None = None) -> dict:
    """What the brief was made from and a compact summary of the facts it shows (for `refresh` to compare):
    meetings by date, agreements by status, posts with their state, open commitments with their status and
    staleness; with the titles and texts that name a record a later brief no longer shows."""
    made = made or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return {
        "format": RECORD_FORMAT,
        "counterpart": brief.profile.person_id,
        "name": brief.profile.name,
        "dataset": brief.dataset_name,
        "visit": brief.visit_date_iso.isoformat(),
        "lang": brief.lang,
        "version": version,
        "template": template,
        "made": made.isoformat(),
        "facts": {
            "meetings": {m.id: [m.date_iso, m.date, m.title] for m in brief.meetings},
            "agreements": {a.id: [a.status, a.title] for a in brief.agreements},
            "posts": [[p.title, p.org, p.state] for p in brief.profile.posts],
            "open": {c.id: [c.status, c.staleness, c.text] for g in brief.commitments_by_field for c in g.commitments},
        },
    }


def _close_officer_controls(body) -> None:
    """A template may mark only its officer sections: what follows such a control up to the next mark is
    then data, not the officer's, so it gets a data mark of its own (`after-<name>`), regenerated by refresh."""
    for sdt in list(body.iterchildren(qn("w:sdt"))):
        name = _sdt_name(sdt)
        follower = sdt.getnext()
        if name is None or not is_officer(name) or follower is None or follower.tag == qn("w:sectPr"):
            continue
        if _anchors_in(follower) or (follower.tag in _MARK_TAGS and follower.tag == qn("w:bookmarkEnd")):
            continue
        sdt.addnext(_bookmark_start(f"after-{name}"[:37].rstrip("-"), 0))


def finish(document, record: dict) -> None:
    """After rendering: clean marks, and the record with each section's fingerprint as written."""
    body = document.element.body
    _close_officer_controls(body)
    sections = remark(body)
    record = dict(record)
    each, whole = section_fingerprints(sections)
    record["sections"] = {s.name: f for s, f in zip(sections, each)}
    record["officer"] = [s.name for s in sections if s.officer]
    record["document"] = whole
    # Its text part as it will be saved (serialized once more here, 0.01 s at size L): a brief still
    # holding exactly these bytes needs no reading of its sections before `visit --force` replaces it.
    record["text_part"] = _part_digest(document.part.blob)
    write_record(document, record)


def document_fingerprint(body) -> str:
    return section_fingerprints(find_sections(body))[1]


# -- moving blocks between documents ------------------------------------------------------------------


def import_blocks(source, target, blocks) -> tuple[list, list[str]]:
    """Copies of `blocks` (from python-docx Document `source`) made valid in Document `target`.

    Styles they use that `target` lacks are copied over; lists numbered directly get their
    numbering definitions copied under new ids; pictures and links get relationships in
    `target`.  Comments and footnotes are not carried (their marks are removed and counted).
    Returns the copies and notes on what was left out.
    """
    copies = [copy.deepcopy(b) for b in blocks]
    notes: list[str] = []
    _copy_styles(source, target, copies)
    _copy_numbering(source, target, copies)
    notes += _copy_relationships(source, target, copies)
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


def _style_ids(blocks) -> set[str]:
    ids = set()
    for block in blocks:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            ids |= {e.get(qn("w:val")) for e in block.iter(qn(tag))}
    return ids - {None}


def _copy_styles(source, target, blocks) -> None:
    src = {s.get(qn("w:styleId")): s for s in source.styles.element.iter(qn("w:style"))}
    dst_root = target.styles.element
    have = {s.get(qn("w:styleId")) for s in dst_root.iter(qn("w:style"))}
    wanted = list(_style_ids(blocks))
    while wanted:
        style_id = wanted.pop()
        if style_id in have or style_id not in src:
            continue
        have.add(style_id)
        dst_root.append(copy.deepcopy(src[style_id]))
        for link in ("w:basedOn", "w:next", "w:link"):
            element = src[style_id].find(qn(link))
            if element is not None:
                wanted.append(element.get(qn("w:val")))


def _copy_numbering(source, target, blocks) -> None:
    used = {e.get(qn("w:val")) for b in blocks for e in b.iter(qn("w:numId"))} - {None, "0"}
    if not used:
        return
    try:
        src = source.part.numbering_part.element
        dst = target.part.numbering_part.element
    except (KeyError, NotImplementedError):
        for b in blocks:
            for num_pr in list(b.iter(qn("w:numPr"))):
                num_pr.getparent().remove(num_pr)
        return
    nums = {n.get(qn("w:numId")): n for n in src.findall(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in src.findall(qn("w:abstractNum"))}
    next_num = max([int(n.get(qn("w:numId"))) for n in dst.findall(qn("w:num"))] + [0]) + 1
    next_abs = max([int(a.get(qn("w:abstractNumId"))) for a in dst.findall(qn("w:abstractNum"))] + [0]) + 1
    mapping = {}
    for old in sorted(used):
        num = nums.get(old)
        abstract = abstracts.get(num.find(qn("w:abstractNumId")).get(qn("w:val"))) if num is not None else None
        if num is None or abstract is None:
            continue
        new_abstract = copy.deepcopy(abstract)
        new_abstract.set(qn("w:abstractNumId"), str(next_abs))
        for nsid in new_abstract.findall(qn("w:nsid")):  # a distinct list, not a continuation of another
            nsid.set(qn("w:val"), f"{zlib.crc32(f'{old}-{next_abs}'.encode()) & 0xFFFFFFFF:08X}")
        first_num = dst.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(new_abstract)  # schema order: every abstractNum before any num
        else:
            dst.append(new_abstract)
        new_num = copy.deepcopy(num)
        new_num.set(qn("w:numId"), str(next_num))
        new_num.find(qn("w:abstractNumId")).set(qn("w:val"), str(next_abs))
        dst.append(new_num)
        mapping[old] = str(next_num)
        next_num += 1
        next_abs += 1
    for b in blocks:
        for e in b.iter(qn("w:numId")):
            if e.get(qn("w:val")) in mapping:
                e.set(qn("w:val"), mapping[e.get(qn("w:val"))])


def _copy_relationships(source, target, blocks) -> list[str]:
    notes: list[str] = []
    src_rels, dst_part = source.part.rels, target.part
    lost = 0
    for block in blocks:
        for element in list(block.iter()):
            for attr, rid in list(element.attrib.items()):
                if not attr.startswith(f"{{{_R}}}") or rid not in src_rels:
                    continue
                rel = src_rels[rid]
                if rel.is_external:
                    element.set(attr, dst_part.relate_to(rel.target_ref, rel.reltype, is_external=True))
                elif rel.reltype == RT.IMAGE:
                    new_rid, _ = dst_part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                    element.set(attr, new_rid)
                else:
                    lost += 1
                    element.attrib.pop(attr)
    if lost:
        notes.append(f"{lost} embedded object(s) other than pictures were not carried over")
    return notes


# -- reading a brief back ---------------------------------------------------------------------------

MAX_BRIEF_BYTES = 200 * 2**20  # a brief with pictures is a few MB; unpacked, well under this
_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE compound file: an encrypted .docx, or an old .doc
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@dataclass
class ReadBrief:
    path: Path
    data: bytes
    record: dict
    body: Any  # the w:body element (lxml)


def read_brief(path) -> ReadBrief:
    """A brief briefgen wrote, checked: every failure is a BriefNotUsableError naming the file and why."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_BRIEF_BYTES:
            raise BriefNotUsableError(
                f"{name} is larger than {MAX_BRIEF_BYTES // 2**20} MB: not a brief briefgen wrote"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BriefNotUsableError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED in data:
            raise BriefNotUsableError(
                f"{name} is password-protected: open it in Word, remove the password "
                "(File › Info › Protect Document › Encrypt with Password), save, and try again"
            )
        raise BriefNotUsableError(f"{name} is an old-style Word file (.doc), not a brief briefgen wrote")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_BRIEF_BYTES:
                raise BriefNotUsableError(f"{name} unpacks to more than {MAX_BRIEF_BYTES // 2**20} MB: refusing it")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise BriefNotUsableError(f"{name} is not a Word document (it has no word/document.xml)")
            body = body_of(archive)
            record = read_record(archive)
    except zipfile.BadZipFile as exc:
        raise BriefNotUsableError(
            f"{name} is not a .docx file or is damaged (not a readable zip archive: {exc})"
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise BriefNotUsableError(f"{name} is damaged: its text (word/document.xml) cannot be read ({exc})") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise BriefNotUsableError(f"{name} is damaged: {exc}") from exc
    if body is None:
        raise BriefNotUsableError(f"{name} is damaged: its document has no body")
    if record is None:
        raise BriefNotUsableError(
            f"{name} was not written by briefgen (it carries no briefgen record): "
            "refresh works on a brief made by `briefgen visit`"
        )
    if not isinstance(record.get("format"), int) or record["format"] > RECORD_FORMAT:
        raise BriefNotUsableError(
            f"{name} was written by a newer briefgen (record format {record.get('format')!r}); "
            "update briefgen to refresh it"
        )
    return ReadBrief(path, data, record, body)


def edits_in(brief: ReadBrief) -> list[str]:
    """Why the brief holds an officer's work: sections changed since it was written, or carried over."""
    recorded = brief.record.get("sections") or {}
    sections = find_sections(brief.body)
    each, whole = section_fingerprints(sections)
    changed = [s.name for s, f in zip(sections, each) if recorded.get(s.name) != f]
    if brief.record.get("document") != whole and not changed:
        changed = ["the document"]
    return sorted(set(changed) | set(brief.record.get("carried") or []))


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
            record = read_record(archive)
            if not record or record.get("carried") or not isinstance(record.get("text_part"), str):
                return False
            return _part_digest(archive.read("word/document.xml")) == record["text_part"]
    except (OSError, KeyError, EOFError, ValueError, zipfile.BadZipFile, zlib.error):
        return False
