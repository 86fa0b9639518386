"""Briefs as a hostile sender (or an ordinary Word user) would send them back, built from a real brief.

Each builder takes the bytes of a brief `briefgen visit` wrote and returns them with something put
into the officer's `objectives` section the way Word writes it: pictures of every kind (SVG with its
PNG fallback, EMF, WMF), linked pictures, fields, `file:` hyperlinks, linked OLE objects,
subdocuments, altChunks; or the package itself made hostile (an XML bomb, an entity, thousands of
content controls, a forged record).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from tests.hardening.hostile_docx import PNG, R

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICER_TEXT = "Officer wrote this."
IMAGE = f"{R}/image"
# The smallest pictures of each kind that are still what they say they are (headers as Word writes them).
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
EMF = bytes.fromhex("01000000") + b"\x6c\x00\x00\x00" + b"\0" * 32 + b" EMF" + b"\0" * 64
WMF = bytes.fromhex("d7cdc69a") + b"\0" * 18 + bytes.fromhex("010009000003") + b"\0" * 12


def rewrite(data: bytes, edits: dict, add: dict[str, bytes] | None = None) -> bytes:
    """`data` with each named member passed through its edit (bytes -> bytes), plus `add`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in edits:
                content = edits[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def into_objectives(snippet: str):
    """An edit of word/document.xml: `snippet` (body-level XML) and a paragraph of text at the start of the
    objectives control, so the section counts as the officer's."""

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        paragraph = f"<w:p><w:r><w:t>{OFFICER_TEXT}</w:t></w:r></w:p>"
        text, n = re.subn(
            r'(<w:alias w:val="objectives"/>.*?<w:sdtContent>)',
            lambda m: m.group(1) + paragraph + snippet,
            text,
            count=1,
            flags=re.S,
        )
        assert n == 1
        return text.encode()

    return edit


def add_rels(extra: str):
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</Relationships>", extra.encode() + b"</Relationships>")

    return edit


def rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"{mode}/>'


def content_type(extension: str, mime: str):
    def edit(xml: bytes) -> bytes:
        if f'Extension="{extension}"'.encode() in xml:
            return xml
        return xml.replace(
            b"<Default ", f'<Default Extension="{extension}" ContentType="{mime}"/><Default '.encode(), 1
        )

    return edit


def _drawing(blip: str, name: str) -> str:
    return (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="914400" cy="914400"/><wp:docPr id="77" name="{name}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="77" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f"<pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
    )


def svg_icon(data: bytes) -> bytes:
    """Word's Insert › Icons: an SVG picture with a PNG fallback (two image relationships)."""
    blip = (
        f'<a:blip xmlns:r="{R}" r:embed="rIdPng77"><a:extLst>'
        '<a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
        f'<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg77"/>'
        "</a:ext></a:extLst></a:blip>"
    )
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(_drawing(blip, "Icon")),
            "word/_rels/document.xml.rels": add_rels(
                rel("rIdPng77", "image", "media/icon77.png") + rel("rIdSvg77", "image", "media/icon77.svg")
            ),
            "[Content_Types].xml": lambda x: content_type("svg", "image/svg+xml")(content_type("png", "image/png")(x)),
        },
        add={"word/media/icon77.png": PNG, "word/media/icon77.svg": SVG},
    )


def metafile(data: bytes, kind: str) -> bytes:
    """A chart pasted from Excel as a picture: an EMF or WMF part."""
    blob, mime = (EMF, "image/x-emf") if kind == "emf" else (WMF, "image/x-wmf")
    blip = f'<a:blip xmlns:r="{R}" r:embed="rIdMeta77"/>'
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(_drawing(blip, "Chart")),
            "word/_rels/document.xml.rels": add_rels(rel("rIdMeta77", "image", f"media/chart77.{kind}")),
            "[Content_Types].xml": content_type(kind, mime),
        },
        add={f"word/media/chart77.{kind}": blob},
    )


def linked_picture(data: bytes, target: str = "file:///etc/hostname") -> bytes:
    blip = f'<a:blip xmlns:r="{R}" r:link="rIdLink77"/>'
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(_drawing(blip, "Linked")),
            "word/_rels/document.xml.rels": add_rels(rel("rIdLink77", "image", target, external=True)),
        },
    )


def field(data: bytes, instruction: str, shown: str = "field result") -> bytes:
    escaped = instruction.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    snippet = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escaped} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f'<w:p><w:fldSimple w:instr="{escaped}"><w:r><w:t>{shown} (simple)</w:t></w:r></w:fldSimple></w:p>'
    )
    return rewrite(data, {"word/document.xml": into_objectives(snippet)})


def file_hyperlink(data: bytes, target: str = "file:///etc/passwd") -> bytes:
    link = f'<w:p><w:hyperlink xmlns:r="{R}" r:id="rIdHl77"><w:r><w:t>see the file</w:t></w:r></w:hyperlink></w:p>'
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(link),
            "word/_rels/document.xml.rels": add_rels(rel("rIdHl77", "hyperlink", target, external=True)),
        },
    )


def web_hyperlink(data: bytes, target: str = "https://example.org/report") -> bytes:
    return file_hyperlink(data, target)


def linked_ole(data: bytes, target: str = "file:///C:/secret/book.xlsx") -> bytes:
    """An Excel range pasted as a linked object: a VML preview picture and an OLE object linked to a file."""
    snippet = (
        '<w:p><w:r><w:object xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:r="{R}"><v:shape id="ole77" style="width:10pt;height:10pt"><v:imagedata r:id="rIdPrev77"/></v:shape>'
        '<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="ole77" DrawAspect="Content" ObjectID="_77" '
        'r:id="rIdOle77" UpdateMode="Always"/></w:object></w:r></w:p>'
    )
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(snippet),
            "word/_rels/document.xml.rels": add_rels(
                rel("rIdPrev77", "image", "media/preview77.png") + rel("rIdOle77", "oleObject", target, external=True)
            ),
            "[Content_Types].xml": content_type("png", "image/png"),
        },
        add={"word/media/preview77.png": PNG},
    )


def subdocument_and_altchunk(data: bytes) -> bytes:
    snippet = f'<w:p><w:subDoc xmlns:r="{R}" r:id="rIdSub77"/></w:p><w:altChunk xmlns:r="{R}" r:id="rIdChunk77"/>'
    return rewrite(
        data,
        {
            "word/document.xml": into_objectives(snippet),
            "word/_rels/document.xml.rels": add_rels(
                rel("rIdSub77", "subDocument", "file:///C:/briefs/other.docx", external=True)
                + rel("rIdChunk77", "aFChunk", "http://203.0.113.9/chunk.html", external=True)
            ),
        },
    )


def vml_linked_image(data: bytes, target: str = "file:///etc/hostname") -> bytes:
    snippet = (
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:10pt;height:10pt">'
        f'<v:imagedata src="{target}"/></v:shape></w:pict></w:r></w:p>'
    )
    return rewrite(data, {"word/document.xml": into_objectives(snippet)})


def entity(data: bytes) -> bytes:
    """An internal DTD declaring an entity, referenced in the officer's text (kept unexpanded by the parser)."""

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        text = re.sub(r"^(<\?xml[^>]*\?>)", r'\1<!DOCTYPE w:document [<!ENTITY boss "the Minister">]>', text)
        return into_objectives("<w:p><w:r><w:t>Thank &boss; warmly</w:t></w:r></w:p>")(text.encode())

    return rewrite(data, {"word/document.xml": edit})


def xml_bomb(data: bytes, megabytes: int = 190) -> bytes:
    """word/document.xml padded with `megabytes` of empty paragraphs: ~0.3 MB packed (the attachment)."""
    out = io.BytesIO()
    chunk = b"<w:p/>" * 100_000
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename != "word/document.xml":
                target.writestr(info.filename, content)
                continue
            head, tail = content.split(b"<w:body>", 1)
            with target.open("word/document.xml", "w", force_zip64=True) as stream:
                stream.write(head + b"<w:body>")
                for _ in range(megabytes * 2**20 // len(chunk)):
                    stream.write(chunk)
                stream.write(tail)
    return out.getvalue()


def many_controls(data: bytes, count: int = 4_000) -> bytes:
    """`count` officer content controls (officer-1 … officer-N) the new template has no place for."""
    controls = "".join(
        f'<w:sdt><w:sdtPr><w:alias w:val="officer-{n}"/><w:tag w:val="officer-{n}"/><w:id w:val="{n + 1000}"/>'
        f"</w:sdtPr><w:sdtContent><w:p><w:r><w:t>Note {n}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        for n in range(1, count + 1)
    )

    return rewrite(data, {"word/document.xml": lambda xml: _before_last_sectpr(xml, controls)})


def _before_last_sectpr(xml: bytes, snippet: str) -> bytes:
    index = xml.rfind(b"<w:sectPr")
    return xml[:index] + snippet.encode() + xml[index:]


def record_member(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if re.fullmatch(r"customXml/item\d+\.xml", name) and b"urn:briefgen:brief-record" in archive.read(name):
                return name
    raise AssertionError("no record")


def read_record(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(record_member(data)).decode()
    return json.loads(re.search(r"<brief[^>]*>(.*)</brief>", xml, re.S).group(1))


def with_record(data: bytes, record) -> bytes:
    """The brief with its record's JSON replaced by `record` (any JSON value, or a raw string)."""
    text = record if isinstance(record, str) else json.dumps(record)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")

    def edit(xml: bytes) -> bytes:
        return re.sub(
            rb"(<brief[^>]*>).*(</brief>)", lambda m: m.group(1) + escaped.encode() + m.group(2), xml, flags=re.S
        )

    return rewrite(data, {record_member(data): edit})
