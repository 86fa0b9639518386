"""The Word briefing: a docxtpl template filled from the `Brief`, with data never treated as code.

Why it is built this way (measured, see docs notes on docxtpl):
- Jinja runs in an immutable sandbox with StrictUndefined, so a template cannot reach
  Python internals and a misspelt variable fails loudly instead of printing nothing.
- autoescape is on: without it a value like "R&D <x>" silently comes out as "R ".
- Strings are cleaned of characters XML cannot hold before rendering: docxtpl would turn
  \\f or \\a into page or paragraph breaks and drop \\x00 silently, python-docx would refuse them.
- A template is checked (a zip, with word/document.xml, of sane uncompressed size) before
  python-docx parses it, so a wrong or hostile file gives one clear TemplateError.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.errors import BriefgenError, TemplateError
from briefgen.render import Renderer, VisitViews
from briefgen.resources import templates_dir

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024  # uncompressed; a real brief template is well under 1 MB
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TAG = re.compile(r"\{[{%].*?[}%]\}")
# Elements that may follow w:updateFields in w:settings (schema order; Word rejects misplaced ones).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                        "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def clean_text(s: str) -> str:
    """`s` without the characters XML 1.0 cannot hold (\\n and \\t stay; \\r becomes \\n)."""
    return _NOT_XML.sub("", s).replace("\r\n", "\n").replace("\r", "\n")


def _clean(value, removed: list[int]):
    if isinstance(value, str):
        removed[0] += len(_NOT_XML.findall(value))
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean(v, removed) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, removed) for v in value]
    return value


def ensure_update_fields(document) -> None:
    """Ask Word to update fields (the table of contents, page counts) when it opens the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields", attrs={qn("w:val"): "true"})
    follower = next((c for c in settings if c.tag in {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}), None)
    if follower is None:
        settings.append(element)
    else:
        follower.addprevious(element)


def load_template(path: Path) -> tuple[DocxTemplate, bytes]:
    """Open a .docx template after checking it is one; every failure is a TemplateError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateError(f"cannot read template {path}: {exc.strerror or exc}") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise TemplateError(f"template {path} is not a .docx file (not a zip archive)") from exc
    if "word/document.xml" not in {i.filename for i in infos}:
        raise TemplateError(f"template {path} is not a .docx file (it has no word/document.xml)")
    if sum(i.file_size for i in infos) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"template {path} unpacks to more than {MAX_TEMPLATE_BYTES // 2**20} MB; refusing it")
    template = DocxTemplate(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx: wrong content type (.dotm/.docm), broken XML, missing parts
        raise TemplateError(f"template {path} cannot be opened as a Word document: {exc}") from exc
    return template, data


def _tags(data: bytes) -> list[str]:
    """Every {{ }} / {% %} tag in the template's text parts, as the author typed it."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                xml = archive.read(name).decode("utf-8", "replace").replace("</w:p>", "\n")
                found += _TAG.findall(re.sub(r"<[^>]+>", "", xml))
    return found


def _describe(exc: Exception, path: Path, data: bytes) -> str:
    """The error message with the template text it is about: the line, or the tags naming the culprit."""
    message = f"template {Path(path).name}: {getattr(exc, 'message', None) or exc}"
    lineno = getattr(exc, "lineno", None)
    context = [line.strip() for line in getattr(exc, "docx_context", None) or []]
    if lineno and context:
        index = lineno - 1 - max(lineno - 4, 0)
        line = context[index] if index < len(context) and context[index] else next((c for c in context if c), "")
        return f"{message} (template line: {line!r})"
    names = re.findall(r"'([^']+)'", str(exc))
    hits = [t for t in dict.fromkeys(_tags(data)) if any(n in t for n in names if n not in ("dict object", "str"))]
    return f"{message} (in {', '.join(hits[:3])})" if hits else message


class DocxRenderer(Renderer):
    """The Word briefing; `last_cleaned` counts the characters removed from the data by the last render."""

    name = "docx"
    suffix = ".docx"
    kind = "brief"
    accepts_template = True
    description = "Word briefing (.docx) from a docxtpl template; default templates in English and Vietnamese"

    def __init__(self) -> None:
        self.last_cleaned = 0

    def render(self, views: VisitViews, *, template: Path | None = None) -> bytes:
        brief = views.brief
        path = Path(template) if template else templates_dir() / f"brief-{brief.lang}.docx"
        document, data = load_template(path)
        removed = [0]
        context = _clean(brief.as_context(), removed)
        self.last_cleaned = removed[0]
        env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
        try:
            document.render(context, jinja_env=env, autoescape=True)
        except jinja2.TemplateError as exc:
            raise TemplateError(_describe(exc, path, data)) from exc
        except BriefgenError:
            raise
        except Exception as exc:  # anything else docxtpl or the template's expressions raise
            raise TemplateError(f"template {path.name} could not be rendered: {type(exc).__name__}: {exc}") from exc
        props = document.core_properties
        props.title, props.subject, props.author = (context["title"][:255], context["subject"][:255],
                                                    context["author"][:255])
        props.keywords = props.category = context["handling"][:255]
        props.last_modified_by, props.language = context["author"][:255], brief.lang
        props.comments, props.revision = "", 1
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        ensure_update_fields(document.docx)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
