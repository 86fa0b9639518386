"""The record a brief carries of what it was made from: one typed value, written and read here only
(`store` into a python-docx Document; `read_document`, `read_package`, `read_zip` back from a Document, from
the parts render.received read within its limits, or from a .docx zip).

`refresh` compares the facts a brief showed with the dataset now.  The record travels inside a
Word file that anyone may have edited or forged (a brief received by e-mail), so it holds no
prose: what the earlier brief showed is kept as record ids and state keys (a meeting's date,
an agreement's state, an open item's status and staleness, a post by a digest of its title and
organisation), and every line `refresh` writes is worded from the current dataset.  A record
that does not validate (an unknown field or state, a malformed id or date, JSON nested too
deeply) is refused with a BriefNotUsableError naming what is wrong; nothing in it is trusted
beyond its shape.

The state keys are the values of judgments' enums (PostState, AgreementState, Status,
Staleness); the render layer may not import them, so they are spelt here and a test holds the
two equal (tests/test_refresh.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from typing import Annotated, Any, Literal

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from briefgen.errors import BriefNotUsableError

RECORD_FORMAT = 2
RECORD_NS = "urn:briefgen:brief-record:1"

RecordId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=100)]
SectionName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,36}$")]
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{20}$")]
IsoDay = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}){0,2}$")]  # a meeting's (partial) date
Word = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 ._+-]{0,80}$")]  # a version, a language
FileName = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f-\x9f/\\]{1,255}$")]
PostStateKey = Literal["current", "unconfirmed", "ended", "ended_undated", "probably_ended", "not_yet"]
AgreementStateKey = Literal[
    "in_force", "expiring", "no_end_stated", "adopted", "signed", "superseded", "expired", "not_yet"
]
StatusKey = Literal["open", "in_progress", "done", "dropped"]
StalenessKey = Literal["done", "live", "quiet", "due_passed", "lapsed"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Facts(_Strict):
    """What the brief showed, by id: nothing here is ever shown to a reader."""

    meetings: dict[RecordId, IsoDay] = Field(default_factory=dict)  # id -> the date shown
    agreements: dict[RecordId, AgreementStateKey] = Field(default_factory=dict)
    posts: dict[Digest, PostStateKey] = Field(default_factory=dict)  # post_key(title, org) -> state
    open: dict[RecordId, tuple[StatusKey, StalenessKey]] = Field(default_factory=dict)
    # The sources list in its order (number n is sources[n - 1]), each by source_key: what a kept,
    # hand-edited section's "[3]" meant, when refresh renumbers it against the new list.
    sources: list[Digest] = Field(default_factory=list, max_length=100_000)


class Previous(_Strict):
    made: dt.datetime
    visit: dt.date
    document: Digest | None = None


class BriefRecord(_Strict):
    format: Literal[2]
    counterpart: RecordId
    dataset: Annotated[str, StringConstraints(max_length=200)]
    visit: dt.date
    lang: Word
    version: Word
    template: FileName
    template_default: bool
    made: dt.datetime
    facts: Facts
    sections: dict[SectionName, Digest] = Field(default_factory=dict)  # each section's fingerprint as written
    officer: list[SectionName] = Field(default_factory=list)
    document: Digest | None = None
    text_part: Digest | None = None  # the text part's digest as saved (see render.sections.finish)
    previous: Previous | None = None
    carried: list[SectionName] = Field(default_factory=list)

    def but(self, **changes: Any) -> BriefRecord:
        """This record with `changes`, validated again (model_copy would not check them)."""
        return BriefRecord.model_validate({**self.model_dump(), **changes})


def post_key(title: str, org: str) -> str:
    """A post as a key: a digest of its title and organisation as shown (no prose in the record)."""
    return hashlib.sha256(f"{title}\n{org}".encode()).hexdigest()[:20]


def source_key(title: str, publisher: str, address: str) -> str:
    """A source as a key: a digest of its title, publisher and web address as the data gives them (not of
    their wording, so the dataset's own sources can be keyed the same way without a brief)."""
    # surrogatepass: data may hold a lone surrogate (the renderers leave it out of the document)
    return hashlib.sha256(f"{title}\n{publisher}\n{address}".encode("utf-8", "surrogatepass")).hexdigest()[:20]


def facts_of(brief) -> Facts:
    """The ids and state keys of what `brief` (a viewmodel.Brief) shows."""
    return Facts(
        meetings={m.id: m.date_iso for m in brief.meetings},
        agreements={a.id: a.status for a in brief.agreements},
        posts={post_key(p.title, p.org): p.state for p in brief.profile.posts},
        open={c.id: (c.status, c.staleness) for g in brief.commitments_by_field for c in g.commitments},
        sources=[source_key(s.title, s.publisher, s.address) for s in brief.sources],
    )


def provenance_for(brief, *, version: str, template: str, made: dt.datetime | None = None) -> dict:
    """What the brief was made from and the ids and state keys of the facts it shows (for `refresh` to
    compare with the dataset then): a BriefRecord's fields but those render.sections.finish adds."""
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


def to_json(record: BriefRecord) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def from_json(text: str | None, name: str) -> BriefRecord:
    """The record stored in the brief `name`, validated; BriefNotUsableError saying what is wrong otherwise."""
    try:
        raw = json.loads(text or "")
    except (ValueError, RecursionError):
        raise BriefNotUsableError(f"{name}: its briefgen record is damaged (not readable JSON)") from None
    if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] != RECORD_FORMAT:
        if raw["format"] > RECORD_FORMAT:
            raise BriefNotUsableError(
                f"{name} was written by a newer briefgen (record format {raw['format']}); update briefgen to refresh it"
            )
        raise BriefNotUsableError(
            f"{name} was written by an earlier briefgen (record format {raw['format']}), whose record refresh no "
            "longer reads: make a new brief with `briefgen visit` and copy the officer's sections into it"
        )
    try:
        return BriefRecord.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])[:60] or 'the record'}: {e['msg']}" for e in exc.errors()[:3]
        )
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise BriefNotUsableError(
            f"{name}: its briefgen record does not validate, so refresh cannot tell what it showed "
            f"(was it edited?): {problems}{more}"
        ) from None


# -- where the record lives: a custom XML part of the .docx, which Word and LibreOffice keep -----------------

_PART_NAME = re.compile(r"customXml/item\d+\.xml")
MAX_PART = 20 * 2**20  # a record part larger than this is not one briefgen wrote: not read


def _root(blob: bytes):
    """The record element of a custom XML part's bytes, or None when the part is another's."""
    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return None
    return root if root.tag == f"{{{RECORD_NS}}}brief" else None


def _blob(record: BriefRecord) -> bytes:
    root = etree.Element(f"{{{RECORD_NS}}}brief", nsmap={None: RECORD_NS})
    root.set("format", str(RECORD_FORMAT))
    root.text = to_json(record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _record_relationships(document) -> list:
    return [
        rel
        for rel in document.part.rels.values()
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and _root(rel.target_part.blob) is not None
    ]


def store(document, record: BriefRecord) -> None:
    """Store `record` in the python-docx `document` as its custom XML part, in place of an earlier one (whose
    relationship is dropped: a part's bytes are not to be changed from outside python-docx)."""
    part = document.part
    for rel in _record_relationships(document):
        del part.rels[rel.rId]
    taken = {str(p.partname) for p in part.package.iter_parts()}
    number = next(n for n in range(1, 10_000) if f"/customXml/item{n}.xml" not in taken)
    part.relate_to(
        Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", _blob(record), part.package), RT.CUSTOM_XML
    )


def read_document(document, name: str = "the new brief") -> BriefRecord:
    """The record of an open python-docx Document (BriefNotUsableError when it has none or a bad one)."""
    for rel in _record_relationships(document):
        return from_json(_root(rel.target_part.blob).text, name)
    raise BriefNotUsableError(f"{name} carries no briefgen record")


def read_package(xml_parts: dict, name: str) -> BriefRecord | None:
    """The record among the parsed XML parts of a received brief (render.received.Package.xml), or None."""
    for member in sorted(xml_parts):
        if _PART_NAME.fullmatch(member) and getattr(xml_parts[member], "tag", None) == f"{{{RECORD_NS}}}brief":
            return from_json(xml_parts[member].text, name)
    return None


def read_zip(archive: zipfile.ZipFile, name: str = "the brief") -> BriefRecord | None:
    """The record in an open .docx zip, or None when it has none; BriefNotUsableError when it is not valid."""
    for member in sorted(archive.namelist()):
        if _PART_NAME.fullmatch(member) and archive.getinfo(member).file_size <= MAX_PART:
            root = _root(archive.read(member))
            if root is not None:
                return from_json(root.text, name)
    return None
