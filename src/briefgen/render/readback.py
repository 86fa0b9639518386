"""Reading a brief back: a .docx briefgen wrote (maybe edited, maybe received from anyone), checked.

Why a module of its own: the brief on disk is untrusted input, read within render.received's
limits before anything looks at it; `refresh` needs it whole (`read_brief`, `parse_brief`), and
`visit --force` needs only to know whether an officer edited it (`edits_in`, `refuse_to_replace`),
which a brief as written answers from its record alone, without reading its sections.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from briefgen.errors import BriefNotUsableError
from briefgen.inputs import read_limited
from briefgen.render.fingerprints import part_digest
from briefgen.render.received import CFB_MAGIC, MAX_FILE, PARSER, Package, open_package
from briefgen.render.record import BriefRecord, read_package, read_zip
from briefgen.render.sections import find_sections, section_fingerprints

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body_of(archive: zipfile.ZipFile):
    """The w:body of word/document.xml in an open .docx zip (lxml, without python-docx)."""
    root = etree.fromstring(archive.read("word/document.xml"), PARSER)
    return root.find(f"{{{_W}}}body")


MAX_BRIEF_BYTES = MAX_FILE  # on disk (render.received has the limits on what it unpacks to)


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
    if not head.startswith(b"PK") and not head.startswith(CFB_MAGIC):
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
            return part_digest(archive.read("word/document.xml")) == record.text_part
    except (OSError, KeyError, EOFError, ValueError, BriefNotUsableError, zipfile.BadZipFile, zlib.error):
        return False
