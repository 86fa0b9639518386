"""A Word file received from someone else, opened under limits checked before anything is parsed.

`refresh` opens a brief an officer may have received by e-mail from anyone, and the web page
will open one uploaded to it: its bytes are untrusted.  A 337 KB attachment that unpacked to
~190 MB of XML took 15.5 GB of memory and 232 s to open, and an XML entity reference kept
by the parser made a corrupt .docx come out with exit 0.  So, before python-docx or any other
parser sees the file:

- the file is read up to MAX_FILE bytes (inputs.read_limited: a regular file only);
- the zip's directory is read and refused when it names more than MAX_PARTS members, a name
  twice, a member larger than MAX_PART unpacked, or more than MAX_TOTAL in all; XML members
  may hold at most MAX_XML_PART each and MAX_XML_TOTAL together.  zipfile never unpacks more
  than a member's declared size (it stops there and checks the CRC), so the declared sizes
  are what is read;
- every XML part is counted ("<" bounds its elements: with no entities, each element needs
  one) against MAX_ELEMENTS, then parsed with a parser that loads no DTD, resolves no entity,
  fetches nothing and keeps libxml2's default limits (no `huge_tree`: 256 levels deep, 10 MB
  text nodes); a part declaring a DTD is refused, so an entity cannot survive into the output;
- the main part must be a Word document (.docx), not a macro-enabled one or a template.

Every refusal is a BriefNotUsableError (or the caller's error class) naming the file and why.
What the file holds once open is the caller's business: `refresh` carries an officer's content
through the same check as a template (render.carrier.import_blocks).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from briefgen.errors import BadInputError, BriefNotUsableError

MAX_FILE = 100 * 2**20  # on disk; a brief with pictures is a few MB
MAX_PARTS = 1_000  # zip members; a brief has ~20, one with pictures a few dozen
MAX_PART = 100 * 2**20  # one member unpacked (a large picture)
MAX_TOTAL = 200 * 2**20  # every member unpacked
MAX_XML_PART = 32 * 2**20  # one XML member: the text of a brief at size L is a few MB
MAX_XML_TOTAL = 64 * 2**20
MAX_ELEMENTS = 2_000_000  # across the XML parts; a brief at size L holds ~100,000
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE compound file: an encrypted .docx, or an old .doc
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_KINDS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled Word document (.docm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "a Word template (.dotx)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "a macro-enabled Word template (.dotm)",
}
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@dataclass
class Package:
    """A .docx whose every member was read within the limits and whose XML parts parse safely."""

    name: str  # the file's name, for messages
    data: bytes
    parts: dict[str, bytes] = field(default_factory=dict)  # zip member name -> bytes
    xml: dict[str, object] = field(default_factory=dict)  # zip member name -> parsed root (lxml)


def _line(exc: BaseException) -> str:
    """An exception's message as one line (libxml2's end with a line break), at most 200 characters."""
    return " ".join(str(exc).split())[:200]


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def _is_xml(member: str, content_type: str) -> bool:
    return member.lower().endswith((".xml", ".rels")) or content_type.endswith("xml")


def _content_types(xml: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """Defaults by extension and overrides by member name, from [Content_Types].xml (already parsed safely)."""
    root = etree.fromstring(xml, PARSER)
    defaults = {(e.get("Extension") or "").lower(): e.get("ContentType") or "" for e in root.iter(f"{_CT}Default")}
    overrides = {(e.get("PartName") or "").lstrip("/"): e.get("ContentType") or "" for e in root.iter(f"{_CT}Override")}
    return defaults, overrides


def content_type_of(member: str, types: tuple[dict[str, str], dict[str, str]]) -> str:
    defaults, overrides = types
    return overrides.get(member) or defaults.get(PurePosixPath(member).suffix.lstrip(".").lower(), "")


def parse_xml_part(name: str, member: str, xml: bytes, error: type[BadInputError] = BriefNotUsableError):
    """`xml` parsed without DTD, entities or network, within libxml2's default limits."""
    try:
        root = etree.fromstring(xml, PARSER)
    except etree.XMLSyntaxError as exc:
        raise error(f"{name} is damaged: its part {member} is not readable XML ({_line(exc)})") from None
    except (ValueError, TypeError) as exc:  # e.g. an encoding lxml does not know
        raise error(f"{name} is damaged: its part {member} cannot be read ({_line(exc)})") from None
    if root.getroottree().docinfo.doctype:
        raise error(
            f"{name} holds a document type declaration in {member} (a Word document never has one; it can "
            "declare entities): refusing it"
        )
    return root


def open_package(data: bytes, name: str, *, error: type[BadInputError] = BriefNotUsableError) -> Package:
    """The .docx `data` (called `name` in messages) read member by member within the limits; `error` otherwise."""
    if data.startswith(CFB_MAGIC):
        if _ENCRYPTED in data:
            raise error(
                f"{name} is password-protected: open it in Word, remove the password "
                "(File › Info › Protect Document › Encrypt with Password), save, and try again"
            )
        raise error(f"{name} is an old-style Word file (.doc), not a .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise error(f"{name} holds {len(infos):,} parts; a Word document has a few dozen (limit {MAX_PARTS:,})")
            names = [i.filename for i in infos]
            if len(set(names)) != len(names):
                twice = sorted({n for n in names if names.count(n) > 1})[:3]
                raise error(f"{name} is damaged: it holds the part(s) {', '.join(twice)} twice")
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise error(f"{name} is not a Word document (it has no word/document.xml or no [Content_Types].xml)")
            too_big = next((i for i in infos if i.file_size > MAX_PART), None)
            if too_big is not None:
                raise error(
                    f"{name}: its part {too_big.filename} unpacks to {_size(too_big.file_size)} "
                    f"(limit {_size(MAX_PART)}): refusing it"
                )
            total = sum(i.file_size for i in infos)
            if total > MAX_TOTAL:
                raise error(f"{name} unpacks to {_size(total)} (limit {_size(MAX_TOTAL)}): refusing it")
            types_xml = archive.read("[Content_Types].xml") if infos else b""
            if len(types_xml) > MAX_XML_PART:
                raise error(f"{name} is damaged: its [Content_Types].xml is {_size(len(types_xml))}")
            parse_xml_part(name, "[Content_Types].xml", types_xml, error)
            types = _content_types(types_xml)
            xml_members = [i for i in infos if _is_xml(i.filename, content_type_of(i.filename, types))]
            big = next((i for i in xml_members if i.file_size > MAX_XML_PART), None)
            if big is not None:
                raise error(
                    f"{name}: its part {big.filename} unpacks to {_size(big.file_size)} of XML "
                    f"(limit {_size(MAX_XML_PART)}): refusing it"
                )
            xml_total = sum(i.file_size for i in xml_members)
            if xml_total > MAX_XML_TOTAL:
                raise error(f"{name} unpacks to {_size(xml_total)} of XML (limit {_size(MAX_XML_TOTAL)}): refusing it")
            package = Package(name, data)
            for info in infos:
                package.parts[info.filename] = archive.read(info)
    except BadInputError:
        raise
    except zipfile.BadZipFile as exc:
        raise error(f"{name} is not a .docx file or is damaged (not a readable zip archive: {_line(exc)})") from None
    except (OSError, EOFError, zlib.error, ValueError, NotImplementedError, RuntimeError, OverflowError) as exc:
        # an unsupported compression method, an encrypted member, a header that lies about an offset
        raise error(f"{name} is damaged: its zip archive cannot be read ({_line(exc)})") from None
    elements = sum(package.parts[i.filename].count(b"<") for i in xml_members)
    if elements > MAX_ELEMENTS:
        raise error(f"{name} holds about {elements:,} XML elements (limit {MAX_ELEMENTS:,}): refusing it")
    for info in xml_members:
        package.xml[info.filename] = parse_xml_part(name, info.filename, package.parts[info.filename], error)
    kind = main_kind(package)
    if kind != WORD_MAIN:
        what = _OTHER_KINDS.get(kind, f"not a Word document (its main part is {kind or 'missing'})")
        raise error(f"{name} is {what}: briefgen reads Word documents (.docx) only")
    return package


def main_kind(package: Package) -> str:
    """The content type of the package's main part ('' when the package names none)."""
    rels = package.xml.get("_rels/.rels")
    types_xml = package.parts.get("[Content_Types].xml", b"")
    if rels is None or not types_xml:
        return ""
    for rel in rels.iter(_REL):  # type: ignore[attr-defined]
        if rel.get("Type") == _OFFICE_DOCUMENT:
            target = (rel.get("Target") or "").lstrip("/")
            return content_type_of(target, _content_types(types_xml))
    return ""


def word_kind(data: bytes) -> str:
    """ "" when the .docx `data`'s main part is a Word document; else what it is ("a macro-enabled Word
    document (.docm)", "a Word template (.dotx)", …).  For a file whose sizes were checked already
    (a template): only [Content_Types].xml and _rels/.rels are read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = Package("", data)
            for member in ("[Content_Types].xml", "_rels/.rels"):
                package.parts[member] = archive.read(member)
                package.xml[member] = etree.fromstring(package.parts[member], PARSER)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError):
        return ""  # python-docx says what is wrong with it
    kind = main_kind(package)
    return (
        ""
        if kind == WORD_MAIN
        else _OTHER_KINDS.get(kind, f"not a Word document (its main part is {kind or 'missing'})")
    )
