"""Carrying an officer's blocks from one python-docx Document into another, made valid and safe there.

Why a module of its own: a block means something only with what it refers to in its own package
(styles, list numbering, pictures, links), so carrying it is a job of its own, apart from finding
sections (render.sections) and from their marks (render.marks).  What reaches outside the document
is removed on the way (render.unlink).
"""

from __future__ import annotations

import copy
import hashlib
import re
import zlib
from urllib.parse import urlsplit

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from briefgen.render.template_check import ALLOWED_LINK_SCHEMES, external_name, short_target
from briefgen.render.unlink import drop_reference, remove_imports, remove_linked_vml, unlink_fields

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VAL = qn("w:val")
_R_ATTR = f"{{{_R}}}"


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
        self.as_is = False  # whether the last `carry` copied its blocks as they were (their text is the source's)

    def carry(self, blocks) -> tuple[list, list[str]]:
        """Copies of `blocks` made valid and safe in the target, and notes on what was left out."""
        copies = [b.__copy__() for b in blocks]  # lxml: a deep copy
        self._copy_styles(copies)
        self.as_is = not any(_worth_a_look(b) for b in copies)
        if self.as_is:
            return copies, []  # plain text, tables, lists: nothing below applies (most sections)
        notes = unlink_fields(copies) + remove_linked_vml(copies) + remove_imports(copies, self.source.part.rels)
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
                        drop_reference(element, attr)
                    elif rel.reltype == RT.IMAGE:
                        element.set(attr, self._copy_picture(rel.target_part))
                    else:
                        lost += 1
                        drop_reference(element, attr)
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


_LOOK_TAGS = frozenset(
    qn(f"w:{name}")
    for name in (
        "fldChar",
        "instrText",
        "delInstrText",
        "fldSimple",
        "altChunk",
        "subDoc",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "footnoteReference",
        "endnoteReference",
        "numId",
    )
)
_MICROSOFT = "{urn:schemas-microsoft-com:"
_SMALL = 24  # elements: up to this, a block is read in Python; beyond, the XPath (in C) is cheaper


def _worth_a_look(block) -> bool:
    """_WORTH_A_LOOK, asked of a small block without the XPath: evaluating one costs more than reading a
    paragraph of a few elements (4,000 one-paragraph sections spent 40 % of their carrying there)."""
    for count, element in enumerate(block.iter()):
        if count == _SMALL:
            return bool(_WORTH_A_LOOK(block))
        tag = element.tag
        if not isinstance(tag, str):
            continue  # a comment or a processing instruction
        if tag in _LOOK_TAGS or tag.startswith(_MICROSOFT):
            return True
        for name in element.keys():
            if name.startswith((_R_ATTR, _MICROSOFT)):
                return True
    return False


def import_blocks(source, target, blocks) -> tuple[list, list[str]]:
    """Copies of `blocks` from `source` made valid and safe in `target` (see Carrier)."""
    return Carrier(source, target).carry(blocks)


_STYLE_TAGS = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))


def _style_ids(blocks) -> set[str]:
    """The style ids `blocks` name (a walk filtered in C: an XPath per block cost 60 µs, most of a small
    section's carrying)."""
    return {value for block in blocks for node in block.iter(_STYLE_TAGS) if (value := node.get(_VAL)) is not None}


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
