"""What a Word file may hold before briefgen fills it, converts it or attaches it: nothing that reaches
outside the document or runs code.

A .docx can make Word or LibreOffice fetch things when it is opened: a picture *linked* to a file or
an address (LibreOffice embedded a local file's picture in the PDF and fetched the address, tried), an
attached template, an "alternative format chunk" imported from elsewhere, a subdocument, a linked
object.  Fields run when the document is updated: DDE and DDEAUTO start programs, INCLUDETEXT and
INCLUDEPICTURE read files or addresses, and briefgen asks Word to update fields on opening when the
brief has a table of contents.  Macro projects and ActiveX controls are code.

So every part of a template is inspected, and again after it has been filled (a template can build
a field's instruction from its tags), and anything of the kinds above is refused with a
TemplateError naming what was found and where.  Refusing is kinder than stripping here: a template
is a document someone made on purpose, and a brief silently missing its logo or header is worse
than a message saying which picture to embed instead.

What is allowed: pictures embedded in the file, hyperlinks to http(s) and mail addresses (they are
followed only when a reader clicks them), and the fields briefgen's own templates use — PAGE,
NUMPAGES, SECTIONPAGES, and TOC (a table of contents lists the document's own headings).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from briefgen.errors import TemplateError

ALLOWED_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "TOC"})
ALLOWED_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_SHOWN = 5

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_VML_NAMESPACES = ("urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office")
_TEXT, _FIELD_CHAR, _SIMPLE_FIELD = (f"{{{_W}}}{name}" for name in ("t", "fldChar", "fldSimple"))
_FIELD_TAGS = {f"{{{_W}}}{name}" for name in ("fldChar", "instrText", "delInstrText", "fldSimple", "mailMerge")}
# Relationship types (the last part of the Type URI) that are code or import other content, even inside the file.
_CODE_TYPES = {
    "vbaProject": "a macro project",
    "wordVbaData": "macro data",
    "keyMapCustomizations": "macro key bindings",
    "control": "an ActiveX control",
    "activeXControl": "an ActiveX control",
    "activeXControlBinary": "an ActiveX control",
    "oleObject": "an embedded OLE object",
    "aFChunk": "an alternative-format chunk (altChunk)",
    "attachedTemplate": "an attached template",
    "subDocument": "a subdocument",
    "ui/extensibility": "a custom ribbon (customUI)",
    "extensibility": "a custom ribbon (customUI)",
}
_EXTERNAL_NAMES = {
    "image": "a picture linked to",
    "attachedTemplate": "an attached template at",
    "aFChunk": "an alternative-format chunk (altChunk) from",
    "hyperlink": "a hyperlink to",
    "oleObject": "a linked object at",
    "subDocument": "a subdocument at",
    "frame": "a frame showing",
    "font": "a font from",
    "package": "a linked package at",
    "audio": "a sound linked to",
    "video": "a video linked to",
    "mailMergeSource": "a mail-merge data source at",
    "mailMergeHeaderSource": "a mail-merge data source at",
    "recipientData": "mail-merge recipients at",
}
_CODE_CONTENT = ("macroEnabled", "vbaProject", "vbaData", "activeX", "oleObject")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass(frozen=True)
class Finding:
    what: str  # "a DDEAUTO field", "a picture linked to file:///…"
    part: str  # the zip member it is in

    def __str__(self) -> str:
        return f"{self.what} ({self.part})"


def _short(target: str, limit: int = 160) -> str:
    target = "".join(c if c.isprintable() else "?" for c in target)
    return target if len(target) <= limit else target[: limit - 1] + "…"


def _relationships(name: str, xml: bytes) -> list[Finding]:
    found = []
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return [Finding("a relationship list that cannot be read", name)]
    for rel in root.iter(_REL):
        kind = (rel.get("Type") or "").rstrip("/")
        short = kind.rsplit("/", 1)[-1]
        if kind.endswith("ui/extensibility"):
            short = "ui/extensibility"
        target = rel.get("Target") or ""
        if (rel.get("TargetMode") or "").lower() == "external":
            scheme = urlsplit(target).scheme.lower()
            if short == "hyperlink" and scheme in ALLOWED_LINK_SCHEMES:
                continue
            found.append(Finding(f"{_EXTERNAL_NAMES.get(short, f'an external {short!r} at')} {_short(target)}", name))
        elif short in _CODE_TYPES:
            found.append(Finding(_CODE_TYPES[short], name))
        elif len(urlsplit(target).scheme) > 1:  # "file:…", "http:…" without TargetMode: not a part of this file
            found.append(Finding(f"a {short or 'relationship'} pointing to {_short(target)}", name))
    return found


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def external_name(kind: str) -> str:
    """What an external relationship of `kind` (the last part of its type) is, for a message."""
    return _EXTERNAL_NAMES.get(kind, f"an external {kind!r} at")


field_name = _field_name  # the field a field instruction names ("INCLUDETEXT"), for render.unlink
short_target = _short  # a target as shown in a message: printable, at most 160 characters


_SCAN_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)


def _looked_at(root) -> list:
    """What the field scan looks at, in document order: fields, mail merge, and every element of the
    namespaces of Microsoft's VML family that the part declares (as the parser read them: a declaration
    may spell its URI with character references)."""
    microsoft = sorted(
        {
            uri
            for _, (_, uri) in etree.iterwalk(root, events=("start-ns",))
            if uri.startswith("urn:schemas-microsoft-com:")
        }
    )
    return list(root.iter(*sorted(_FIELD_TAGS), *(f"{{{uri}}}*" for uri in microsoft)))


def _fields(name: str, xml: bytes) -> list[Finding]:
    """Every field whose instruction is not one of ALLOWED_FIELDS; also mail merge and VML pictures by address.

    The part is parsed once, then walked in C for the elements looked at: a large brief's body has ~100,000
    elements (0.05 s a part when every one came back to Python), and parsing it twice (its namespaces, then
    its fields) cost a third more than this."""
    found: list[Finding] = []
    open_fields: list[list[str] | None] = []  # instruction text of each field begun and not yet separated

    def judge(instruction: str) -> None:
        field = _field_name(instruction)
        if field not in ALLOWED_FIELDS:
            what = f"field {field}" if field.isalnum() else f"a field {_short(instruction.strip(), 40)!r}"
            found.append(Finding(what, name))

    try:
        root = etree.fromstring(xml, _SCAN_PARSER)
    except etree.XMLSyntaxError:
        return [Finding("XML that cannot be read", name)]
    for element in _looked_at(root):
        tag = element.tag
        if tag in _FIELD_TAGS:
            local = tag.rsplit("}", 1)[1]
            if local == "fldSimple":
                judge(element.get(f"{{{_W}}}instr") or "")
            elif local in ("instrText", "delInstrText"):
                if open_fields and open_fields[-1] is not None:
                    open_fields[-1].append(element.text or "")
            elif local == "mailMerge":
                found.append(Finding("a mail merge (it reads a data source)", name))
            else:
                kind = element.get(f"{{{_W}}}fldCharType")
                if kind == "begin":
                    open_fields.append([])
                elif kind == "separate" and open_fields and open_fields[-1] is not None:
                    judge("".join(open_fields[-1]))
                    open_fields[-1] = None
                elif kind == "end" and open_fields:
                    pending = open_fields.pop()
                    if pending is not None:
                        judge("".join(pending))
        else:
            for attribute, value in element.attrib.items():
                local = attribute.rsplit("}", 1)[-1]
                if local in ("href", "src") and value and not value.startswith("#"):
                    found.append(Finding(f"a picture or object linked to {_short(value)}", name))
    for pending in open_fields:  # a field begun and never ended
        if pending is not None:
            judge("".join(pending))
    return found


def inspect_docx(data: bytes, *, parts: frozenset[str] | None = None) -> list[Finding]:
    """What in the .docx `data` reaches outside the document or is code (empty: nothing).

    `parts`, when given, limits the field scan to those members (the ones a render changes)
    and skips the relationship and content-type checks.
    """
    found: list[Finding] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename
            lowered = name.lower()
            if parts is not None:
                if name in parts:
                    found += _scan_fields(name, archive.read(name))
                continue
            if lowered.endswith(".rels"):
                found += _relationships(name, archive.read(name))
            elif lowered.endswith(("vbaproject.bin", "vbadata.xml")):
                found.append(Finding("a macro project", name))
            elif lowered.startswith("word/activex/"):
                found.append(Finding("an ActiveX control", name))
            elif lowered.startswith("customui/"):
                found.append(Finding("a custom ribbon (customUI)", name))
            elif lowered == "[content_types].xml":
                text = archive.read(name).decode("utf-8", "replace")
                for marker in _CODE_CONTENT:
                    if marker in text:
                        found.append(Finding(f"a part declared as {marker}", name))
                        break
            elif lowered.endswith(".xml"):
                found += _scan_fields(name, archive.read(name))
    return list(dict.fromkeys(found))


def _scan_fields(name: str, xml: bytes) -> list[Finding]:
    if not any(
        marker in xml
        for marker in (b"fldChar", b"fldSimple", b"instrText", b"mailMerge", b"urn:schemas-microsoft-com:")
    ):
        return []  # most parts hold no field at all: skip parsing them
    return _fields(name, xml)


def refusal(label: str, found: list[Finding]) -> str:
    """The one-line message for a template holding `found`."""
    shown = "; ".join(str(f) for f in found[:MAX_SHOWN])
    more = f"; and {len(found) - MAX_SHOWN} more" if len(found) > MAX_SHOWN else ""
    return (
        f"{label} holds what could reach outside the document or run code: {shown}{more}. "
        "briefgen does not use such templates: embed pictures instead of linking them, and remove macros, "
        f"ActiveX controls and fields other than {', '.join(sorted(ALLOWED_FIELDS))}"
    )


def check_template(name: str, data: bytes) -> None:
    """Raise TemplateError when the template `name` (its bytes `data`) holds anything inspect_docx finds."""
    found = inspect_docx(data)
    if found:
        raise TemplateError(refusal(f"template {name}", found))


RENDERED_PARTS_PATTERN = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")


def check_rendered(name: str, data: bytes) -> None:
    """Raise TemplateError when filling the template `name` made a field it may not hold (the parts a render
    writes are scanned again: a template can build a field's instruction from its tags)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = frozenset(n for n in archive.namelist() if n.startswith(RENDERED_PARTS_PATTERN) and n.endswith(".xml"))
    found = inspect_docx(data, parts=parts)
    if found:
        raise TemplateError(refusal(f"template {name}, once filled,", found))


def tags_only_in_text(data: bytes) -> bool:
    """Whether every Jinja tag of the template `data` lies in a paragraph's text outside any field.

    Then filling it writes the data only as escaped text, and the filled document holds exactly the
    template's own fields, already checked: `check_rendered` has nothing to find and may be skipped
    (briefgen's own template, once per process).  Any "{" elsewhere in a part a render writes (an
    attribute, a field's instruction or result, a character reference) answers False.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith(RENDERED_PARTS_PATTERN) and name.endswith(".xml")):
                continue
            xml = archive.read(name)
            try:
                root = etree.fromstring(xml, _PARSER)
            except etree.XMLSyntaxError:
                return False
            in_field, braces = 0, 0
            for element in root.iter(_TEXT, _FIELD_CHAR, _SIMPLE_FIELD):
                if element.tag == _FIELD_CHAR:
                    kind = element.get(f"{{{_W}}}fldCharType")
                    in_field += 1 if kind == "begin" else -1 if kind == "end" else 0
                elif element.tag == _TEXT and not in_field and element.text:
                    if any(a.tag == _SIMPLE_FIELD for a in element.iterancestors()):
                        continue
                    braces += element.text.count("{")
            if braces != xml.count(b"{"):
                return False
    return True


def has_table_of_contents(data_or_element) -> bool:
    """True when a python-docx document element holds a TOC field (the only field worth updating on opening)."""
    for text in data_or_element.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr"):
        if _field_name(str(text)) == "TOC":
            return True
    return False
