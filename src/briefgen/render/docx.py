"""The Word briefing: a docxtpl template filled from the `Brief`, with data never treated as code.

Why it is built this way (measured, see docs notes on docxtpl):
- Jinja runs in an immutable sandbox with StrictUndefined, so a template cannot reach
  Python internals and a misspelt variable fails loudly instead of printing nothing.
- autoescape is on: without it a value like "R&D <x>" silently comes out as "R ".
- Strings are cleaned of characters XML cannot hold before rendering: docxtpl would turn
  \\f or \\a into page or paragraph breaks and drop \\x00 silently, python-docx would refuse them.
- A template is checked (a zip, with word/document.xml, of sane uncompressed size) before
  python-docx parses it, so a wrong or hostile file gives one clear TemplateError.
- A template is a program written by someone else, and the sandbox only stops it reaching
  Python internals: it caps `range()` at 100,000 items, but not loops nested inside loops
  (`{% for a in range(99999) %}{% for b in range(99999) %}`: 10^10 steps), a string made
  huge by a filter (`'x'|center(10**10)`), or `lipsum(10**7)`: so the render runs under
  time and memory limits in a child process (render/sandbox.py).
- briefgen's own template is not someone else's program: it is filled in-process, and read,
  checked, prepared by docxtpl and compiled by Jinja once per process rather than once per
  briefing (a batch worker makes many), keyed so that a rewritten template is read again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import ClassVar

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from briefgen import __version__
from briefgen.errors import BriefgenError, TemplateError
from briefgen.inputs import read_limited
from briefgen.render import Renderer, VisitViews
from briefgen.render.received import word_kind
from briefgen.render.record import provenance_for
from briefgen.render.sandbox import RENDER_MEMORY, run_limited
from briefgen.render.sections import finish
from briefgen.render.template_check import check_rendered, check_template, has_table_of_contents, tags_only_in_text
from briefgen.render.text import NOT_XML
from briefgen.resources import templates_dir
from briefgen.viewmodel import view_fields

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024  # uncompressed; a real brief template is well under 1 MB
MAX_TEMPLATE_FILE = 50 * 1024 * 1024  # on disk: read no more than this, whatever the file claims
# Filters that let a template turn off escaping: `{{ m.title|safe }}` made a title holding "<w:p>" raw
# XML, which docxtpl's recovering parser then dropped without a word (tried); urlize writes <a> tags.
_UNESCAPING_FILTERS = ("safe", "urlize")
# docxtpl turns these escape markers into "{{", "}}", "{%", "%}" in the rendered XML, data included.
_DOCXTPL_MARKERS = ("{_{", "}_}", "{_%", "%_}")
_TAG = re.compile(r"\{[{%].*?[}%]\}")
# Elements that may follow w:updateFields in w:settings (schema order; Word rejects misplaced ones).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def clean_text(s: str) -> str:
    """`s` without the characters XML 1.0 cannot hold (\\n and \\t stay; \\r becomes \\n)."""
    return NOT_XML.sub("", s).replace("\r\n", "\n").replace("\r", "\n")


def _keep_markers(text: str) -> str | Markup:
    """`text` as it must reach the XML so that docxtpl's post-render "{_{" → "{{" cannot touch it.

    docxtpl replaces its escape markers in the whole rendered XML, so a value "a {_{ b" came
    out as "a {{ b" (found by the hardening tests).  Writing the underscore next to a brace as
    the character reference &#95; hides it from that replace; the XML parser reads it back as
    "_".  Only values holding a marker become Markup (already escaped), so filters that
    change case or length in a custom template behave as before for every other value.
    """
    if not any(marker in text for marker in _DOCXTPL_MARKERS):
        return text
    return Markup(str(escape(text)).replace("{_", "{&#95;").replace("_}", "&#95;}"))


# A string that needs `clean_text` or `_keep_markers`; most need neither and are passed as they are.
_NEEDS_CLEANING = re.compile(NOT_XML.pattern[:-1] + "\r]|\\{_|_\\}")


def _clean(value, removed: list[int]):
    """The template context: `value` (the brief's dataclasses) as plain dicts and lists, every string
    made safe for the XML (`removed` counts the characters left out)."""
    if isinstance(value, str):
        if _NEEDS_CLEANING.search(value) is None:
            return value
        removed[0] += len(NOT_XML.findall(value))
        return _keep_markers(clean_text(value))
    if isinstance(value, dict):
        return {k: _clean(v, removed) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v, removed) for v in value]
    names = view_fields(value)
    if names:
        return {name: _clean(getattr(value, name), removed) for name in names}
    return value


def ensure_update_fields(document) -> None:
    """Ask Word to update fields when it opens the file, only when there is a table of contents to fill in
    (PAGE and NUMPAGES update themselves); every field was checked to be one that stays inside the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None or not has_table_of_contents(document.element):
        return
    element = OxmlElement("w:updateFields", attrs={qn("w:val"): "true"})
    follower = next((c for c in settings if c.tag in {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}), None)
    if follower is None:
        settings.append(element)
    else:
        follower.addprevious(element)


class _Environment(ImmutableSandboxedEnvironment):
    """The templates' Jinja: sandboxed, strict about names, escaping, without the filters that turn escaping
    off.  With `keep_compiled`, each template source is compiled once per process instead of once per
    briefing (keyed by the source itself, so an entry can only ever be the same program)."""

    def __init__(self, *, keep_compiled: bool = False) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        for name in _UNESCAPING_FILTERS:
            del self.filters[name]
        self._compiled: dict[str, jinja2.Template] | None = {} if keep_compiled else None

    def from_string(self, source, globals=None, template_class=None):
        if self._compiled is None or globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            found = self._compiled[source] = super().from_string(source)
        return found


class _PatchedOnce(DocxTemplate):
    """docxtpl's template whose XML parts are prepared for Jinja (docxtpl's regular-expression passes over
    each whole part) once per process instead of once per briefing; keyed by the part's XML itself."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        found = self._patched.get(src_xml)
        if found is None:
            found = self._patched[src_xml] = super().patch_xml(src_xml)
        return found


@dataclasses.dataclass(frozen=True)
class _Own:
    """One of briefgen's own templates as prepared for this process."""

    data: bytes
    env: _Environment
    fields_fixed: bool  # filling it cannot make a field (tags_only_in_text): the filled brief needs no scan


# briefgen's own templates, read and checked once per process, by (path, size, mtime).
# A template file rewritten meanwhile (scripts/make_templates.py) has another size or time: read afresh.
_OWN: dict[tuple[Path, int, int], _Own] = {}


def _own_template(path: Path) -> tuple[DocxTemplate, _Own]:
    info = path.stat()
    key = (path, info.st_size, info.st_mtime_ns)
    if key not in _OWN:
        # The first brief of a process fills the document opened to check the template: opening it
        # again costs ~0.02 s (python-docx parsing the template's parts).
        template, data = load_template(path, opened_as=_PatchedOnce)
        _OWN.clear()  # a process uses one or two (a language each): keep only the newest
        own = _OWN[key] = _Own(data, _Environment(keep_compiled=True), tags_only_in_text(data))
        return template, own
    own = _OWN[key]
    return _PatchedOnce(io.BytesIO(own.data)), own


def load_template(path: Path, opened_as: type[DocxTemplate] = DocxTemplate) -> tuple[DocxTemplate, bytes]:
    """Open a .docx template (as an `opened_as`) after checking it is one; every failure is a TemplateError."""
    data = read_limited(Path(path), MAX_TEMPLATE_FILE, "template", error=TemplateError)  # a file, read to the cap
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise TemplateError(f"template {path} is not a .docx file (not a zip archive)") from exc
    if "word/document.xml" not in {i.filename for i in infos}:
        raise TemplateError(f"template {path} is not a .docx file (it has no word/document.xml)")
    if sum(i.file_size for i in infos) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"template {path} unpacks to more than {MAX_TEMPLATE_BYTES // 2**20} MB; refusing it")
    kind = word_kind(data)
    if kind:  # python-docx's own message named "<_io.BytesIO object at 0x…>", not the file
        raise TemplateError(f"template {path} is {kind}: save it as a Word Document (.docx)")
    template = opened_as(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx: wrong content type (.dotm/.docm), broken XML, missing parts
        raise TemplateError(f"template {path} cannot be opened as a Word document: {exc}") from exc
    check_template(Path(path).name, data)  # nothing that reaches outside the file or runs code
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
        removed = [0]
        context = _clean(brief, removed)  # what brief.as_context() gives, cleaned in the same walk
        self.last_cleaned = removed[0]
        props = {"title": brief.title, "subject": brief.subject, "author": brief.author, "handling": brief.handling}
        props = {key: clean_text(value)[:255] for key, value in props.items()}
        record = provenance_for(brief, version=__version__, template=path.name)
        record["template_default"] = template is None
        if template is None:
            # briefgen's own template is not someone else's program: it runs without the sandbox's child
            # process, and is read, checked, patched and compiled once per process (a batch worker's).
            return _fill(path, context, props, brief.lang, record, own=True)
        return run_limited(lambda: _fill(path, context, props, brief.lang, record), path.name)


def _fill(
    path: Path, context: dict, texts: dict[str, str], lang: str, record: dict | None = None, *, own: bool = False
) -> bytes:
    """Load `path`, render it with `context` and return the .docx; every failure is a TemplateError.

    `record` (see render.record) is stored in the document with its sections' marks; `own`: the
    template is one of briefgen's (see _own_template)."""
    fields_fixed = False
    if own:
        document, prepared = _own_template(path)
        data, env, fields_fixed = prepared.data, prepared.env, prepared.fields_fixed
    else:
        document, data = load_template(path)
        env = _Environment()
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(exc, path, data)) from exc
    except BriefgenError:
        raise
    except etree.XMLSyntaxError as exc:  # a SyntaxError too: it was reported as "nests its tags too deeply"
        raise TemplateError(too_large(context, exc)) from exc
    except (RecursionError, SyntaxError) as exc:  # Python cannot compile tags nested 20+ deep
        raise TemplateError(
            f"template {path.name} nests its tags too deeply to be rendered ({exc}); "
            "use fewer {% for %}/{% if %} inside one another"
        ) from exc
    except TypeError as exc:
        if "no loader" in str(exc):
            raise TemplateError(
                f"template {path.name} uses {{% include %}}, {{% import %}} or {{% extends %}}: "
                "a template must be one self-contained .docx file"
            ) from exc
        raise TemplateError(f"template {path.name} could not be rendered: {type(exc).__name__}: {exc}") from exc
    except MemoryError:
        raise
    except Exception as exc:  # anything else docxtpl or the template's expressions raise
        raise TemplateError(f"template {path.name} could not be rendered: {type(exc).__name__}: {exc}") from exc
    props = document.core_properties
    props.title, props.subject, props.author = texts["title"], texts["subject"], texts["author"]
    props.keywords = props.category = texts["handling"]
    props.last_modified_by, props.language = texts["author"], lang
    props.comments, props.revision = "", 1
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    ensure_update_fields(document.docx)
    if record is not None:
        finish(document.docx, record)
    buffer = io.BytesIO()
    document.save(buffer)
    if not fields_fixed:
        check_rendered(path.name, buffer.getvalue())
    return buffer.getvalue()


def too_large(context: dict, exc: Exception) -> str:
    """Why a filled brief could not be parsed back: its size (lxml refuses huge documents, or runs out of
    the render's memory), with the longest lists of the brief named."""
    counts = sorted(((len(v), k) for k, v in context.items() if isinstance(v, list) and v), reverse=True)[:3]
    what = ", ".join(f"{n:,} {k.replace('_', ' ')}" for n, k in counts)
    return (
        f"the brief holds too much to be made into one Word document ({what}): the filled document could not be "
        f"read back (the XML library said: {exc or 'unknown error'}; a template given with --template also "
        f"renders within a limit of {RENDER_MEMORY // 2**20} MB of memory)"
    )
