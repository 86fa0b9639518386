"""Hostile Word templates: refused with one clear message, exit 2, and nothing written.

A template is code written by someone else.  The sandbox keeps it from Python internals and caps
`range()`; loops nested in loops, huge strings and runaway filters are stopped by running the render
in a child process under a time and memory limit (see src/briefgen/render/docx.py).  Every case
goes through the real `briefgen visit --template`; the runaway ones with BRIEFGEN_RENDER_TIMEOUT=2
so that they stop after 2 s instead of 30 (the others keep the 30 s, so that a busy machine cannot
turn a refusal into "was stopped").  Bounds on the time a run takes are checked in the slow run only.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest

from briefgen.briefing import build_brief
from briefgen.errors import TemplateError
from briefgen.render import VisitViews, sandbox
from briefgen.render.docx import DocxRenderer
from briefgen.render.sandbox import run_limited

from .conftest import assert_within, slow

VISIT = dt.date(2026, 11, 23)
TIMEOUT = 2
ARGS = ["visit", "--counterpart", "Takaichi Sanae", "--date", "2026-11-23"]

# (name, the template's paragraphs, what the one error line must contain)
SANDBOX = [
    ("mro", ["{{ ''.__class__.__mro__ }}"], "access to attribute '__class__' of 'str' object is unsafe"),
    (
        "cycler-globals",
        ["{{ cycler.__init__.__globals__ }}"],
        "access to attribute '__init__' of 'type' object is unsafe",
    ),
    ("self-init", ["{{ self.__init__ }}"], "access to attribute '__init__' of 'TemplateReference' object is unsafe"),
    (
        "lipsum-globals",
        ["{{ lipsum.__globals__ }}"],
        "access to attribute '__globals__' of 'function' object is unsafe",
    ),
    (
        "joiner-globals",
        ["{{ joiner.__init__.__globals__ }}"],
        "access to attribute '__init__' of 'type' object is unsafe",
    ),
    ("namespace-init", ["{{ namespace.__init__ }}"], "access to attribute '__init__' of 'type' object is unsafe"),
    (
        "format-attribute",
        ["{{ 'a{0.__class__}'.format(1) }}"],
        "access to attribute '__class__' of 'int' object is unsafe",
    ),
    ("private-context", ["{{ self._TemplateReference__context }}"], "is unsafe"),
    ("mutate-data", ["{{ meetings.append(1) }}"], "access to attribute 'append' of 'list' object is unsafe"),
    ("safe-filter", ["{{ title|safe }}"], "No filter named 'safe'"),
    ("urlize-filter", ["{{ title|urlize }}"], "No filter named 'urlize'"),
    ("include", ["{% include '/etc/passwd' %}"], "a template must be one self-contained .docx file"),
    ("import", ["{% import 'os' as os %}"], "a template must be one self-contained .docx file"),
    ("extends", ["{% extends 'base.docx' %}"], "a template must be one self-contained .docx file"),
]
RUNAWAY = [
    (
        "huge-range",
        ["{% for i in range(10**12) %}x{% endfor %}"],
        "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
    ),
    (
        "nested-ranges",
        ["{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"],
        f"was stopped after {TIMEOUT} s without finishing",
    ),
    (
        "nested-ranges-printing",
        ["{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}"],
        "was stopped",
    ),  # time or memory, whichever comes first
    ("lipsum", ["{{ lipsum(10**7) }}"], f"was stopped after {TIMEOUT} s without finishing"),
    ("string-times", ["{{ 'x' * 10**10 }}"], "needed more than 1024 MB of memory"),
    ("center", ["{{ 'x'|center(10**10) }}"], "needed more than 1024 MB of memory"),
    ("power", ["{{ 2 ** (10 ** 10) }}"], "was stopped"),  # slow big-integer squaring: time, or memory
    ("nested-for", ["{% for a in range(2) %}" * 25 + "x" + "{% endfor %}" * 25], "nests its tags too deeply"),
    ("nested-if", ["{% if true %}" * 2000 + "x" + "{% endif %}" * 2000], "nests its tags too deeply"),
    ("nested-parentheses", ["{{ " + "(" * 10_000 + "1" + ")" * 10_000 + " }}"], "nests its tags too deeply"),
]


def make_template(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph().add_run(text)
    document.save(path)
    return path


def zip_bomb(path: Path) -> Path:
    """A real .docx whose document.xml unpacks to 60 MB (60 kB on disk)."""
    base = io.BytesIO()
    docx.Document().save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (60 * 2**20))
            out.writestr(item.filename, data)
    return path


def lying_zip(path: Path) -> Path:
    """A zip bomb whose headers claim document.xml is 2 kB: the size check passes, the CRC must not."""
    zip_bomb(path)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # (header signature, offset of "uncompressed size", of "file name length", of the name)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, 2048)
            start += 4
    path.write_bytes(bytes(data))
    return path


def entity_bomb(path: Path) -> Path:
    """A .docx whose document.xml declares "billion laughs" XML entities."""
    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Hello &lol9; {{ title }}")
    document.save(base)
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                head = text.index("?>") + 2
                text = text[:head] + f"<!DOCTYPE w:document [{entities}]>" + text[head:]
                data = text.replace("Hello &amp;lol9;", "Hello &lol9;").encode()
            out.writestr(item, data)
    return path


def not_a_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return path


FILES = [
    (
        "not-a-zip",
        lambda p: (p.write_bytes(b"this is not a word file"), p)[1],
        "is not a .docx file (not a zip archive)",
    ),
    ("empty", lambda p: (p.write_bytes(b""), p)[1], "is not a .docx file (not a zip archive)"),
    ("zip-without-document", not_a_docx, "is not a .docx file (it has no word/document.xml)"),
    ("zip-bomb", zip_bomb, "unpacks to more than 50 MB; refusing it"),
    ("zip-with-lying-sizes", lying_zip, "cannot be opened as a Word document: Bad CRC-32"),
    (
        "xml-entity-bomb",
        entity_bomb,
        "cannot be opened as a Word document: Maximum entity amplification factor exceeded",
    ),
]


def refused_through_the_cli(briefgen_run, tmp_path: Path, template: Path, expected: str) -> str:
    out = tmp_path / "out"
    out.mkdir()
    stopped = "was stopped" in expected  # a runaway: stopped by the (shortened) time or the memory limit
    run = briefgen_run(
        [*ARGS, "--template", str(template), "--out", str(out)],
        env={"BRIEFGEN_RENDER_TIMEOUT": str(TIMEOUT)} if stopped else None,
    )
    errors = [line for line in run.stderr.splitlines() if not line.startswith("using bundled dataset:")]
    assert run.returncode == 2, run.stderr
    assert len(errors) == 1 and errors[0].startswith("error: template "), run.stderr
    assert expected in errors[0]
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert list(out.iterdir()) == []  # neither document, nor a temporary file
    assert_within(run, seconds=TIMEOUT + 8)
    return errors[0]


@pytest.mark.parametrize("name, paragraphs, expected", SANDBOX, ids=[c[0] for c in SANDBOX])
def test_template_reaching_for_internals_is_refused(briefgen_run, tmp_path, name, paragraphs, expected):
    template = make_template(tmp_path / f"{name}.docx", paragraphs)
    message = refused_through_the_cli(briefgen_run, tmp_path, template, expected)
    assert f"{name}.docx" in message


@pytest.mark.parametrize("name, paragraphs, expected", RUNAWAY, ids=[c[0] for c in RUNAWAY])
def test_runaway_template_is_stopped(briefgen_run, tmp_path, name, paragraphs, expected):
    template = make_template(tmp_path / f"{name}.docx", paragraphs)
    refused_through_the_cli(briefgen_run, tmp_path, template, expected)


@pytest.mark.parametrize("name, build, expected", FILES, ids=[c[0] for c in FILES])
def test_a_file_that_is_not_a_usable_docx_is_refused(briefgen_run, tmp_path, name, build, expected):
    template = build(tmp_path / f"{name}.docx")
    refused_through_the_cli(briefgen_run, tmp_path, template, expected)


def test_the_lying_zip_really_lies(tmp_path):
    with zipfile.ZipFile(lying_zip(tmp_path / "t.docx")) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2048
        assert archive.getinfo("word/document.xml").compress_size > 10_000


# -- the limits themselves, in process -----------------------------------------------------------


@pytest.fixture(scope="module")
def brief(dataset):
    return build_brief(dataset, "takaichi-sanae", visit_date=VISIT, lang="en", today=VISIT)


def children() -> set[int]:
    path = Path(f"/proc/self/task/{os.getpid()}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def test_a_stopped_render_leaves_no_process_behind(brief, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_RENDER_TIMEOUT", "1")
    template = make_template(tmp_path / "loop.docx", RUNAWAY[1][1])
    before = children()
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="was stopped after 1 s"):
        DocxRenderer().render(VisitViews(brief, None), template=template)
    assert children() <= before
    if slow():
        assert time.perf_counter() - started < 3


@pytest.mark.skipif(not slow(), reason="a bound on wall-clock time: the slow run only (--slow)")
def test_normal_rendering_stays_fast(brief):
    """The forked child costs ~15-20 ms on a ~50 ms render (measured); this only catches a regression."""
    renderer = DocxRenderer()
    renderer.render(VisitViews(brief, None))
    times = []
    for _ in range(5):
        started = time.perf_counter()
        renderer.render(VisitViews(brief, None))
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.5


def test_timeout_setting(monkeypatch):
    for value, expected in (("", 30.0), ("2.5", 2.5), ("0", 30.0), ("-1", 30.0), ("inf", 30.0), ("soon", 30.0)):
        monkeypatch.setenv("BRIEFGEN_RENDER_TIMEOUT", value)
        assert sandbox.render_timeout() == expected


def test_errors_and_results_cross_from_the_child():
    assert run_limited(lambda: b"done", "t.docx") == b"done"
    with pytest.raises(TemplateError, match="^boom$"):
        run_limited(lambda: (_ for _ in ()).throw(TemplateError("boom")), "t.docx")
    with pytest.raises(TemplateError, match="t.docx could not be rendered: ZeroDivisionError"):
        run_limited(lambda: 1 / 0, "t.docx")
    with pytest.raises(TemplateError, match=r"ended abnormally \(exit code 3\)"):
        run_limited(lambda: os._exit(3), "t.docx")


def test_without_fork_a_thread_keeps_the_time_limit(brief, tmp_path, monkeypatch):
    """Where os.fork does not exist (Windows), the render runs in a thread that is abandoned at the limit."""
    monkeypatch.delattr(os, "fork")
    assert docx.Document(io.BytesIO(DocxRenderer().render(VisitViews(brief, None)))).paragraphs
    monkeypatch.setenv("BRIEFGEN_RENDER_TIMEOUT", "1")
    with pytest.raises(TemplateError, match="was stopped after 1 s"):
        run_limited(lambda: time.sleep(5) or b"", "slow.docx")
    monkeypatch.delenv("BRIEFGEN_RENDER_TIMEOUT")
    with pytest.raises(TemplateError, match="needed more than"):
        run_limited(lambda: (_ for _ in ()).throw(MemoryError()), "big.docx")
    template = make_template(tmp_path / "mro.docx", SANDBOX[0][1])
    with pytest.raises(TemplateError, match="unsafe"):
        DocxRenderer().render(VisitViews(brief, None), template=template)
