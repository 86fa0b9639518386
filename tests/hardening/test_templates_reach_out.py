"""Issue 15, reproduction 2: a template that reached outside the document.

A `--template` with a picture linked to a local file and to an http address: with `--pdf`, LibreOffice
embedded the local file's picture in the PDF (and `--email` attached it) and fetched the address.
The output .docx also kept external picture links, a remote attached template, DDEAUTO and INCLUDETEXT
fields (with `updateFields` set, so Word offered to run them), an external altChunk and a macro
project.  Now each is refused with one message naming what was found, exit 2, nothing written — and
LibreOffice, should a linked picture reach it anyway, fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import subprocess
import threading
import zipfile
from pathlib import Path

import docx
import pytest

from briefgen.errors import TemplateError
from briefgen.pdf import convert_to_pdf, soffice_path
from briefgen.render.template_check import tags_only_in_text
from briefgen.resources import templates_dir
from briefgen.visit import VisitOptions, run_visit

from . import hostile_docx as hostile

VISIT = dt.date(2026, 11, 23)


def inspect_docx(data: bytes) -> list:
    from briefgen.render.template_check import inspect_docx as inspect  # collects on code without it

    return inspect(data)


@pytest.fixture(scope="module")
def server():
    """An http server that records every request (a fetched picture would show here)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(hostile.PNG)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()


def _cases(local_picture: Path, url: str) -> dict[str, tuple[bytes, str]]:
    base = hostile.plain_docx(["{{ title }}"])
    return {
        "picture-linked-to-a-local-file": (
            hostile.linked_image(base, local_picture.as_uri()),
            f"a picture linked to {local_picture.as_uri()}",
        ),
        "picture-linked-to-an-address": (
            hostile.linked_image(base, f"{url}/picture.png"),
            f"a picture linked to {url}/picture.png",
        ),
        "attached-template": (hostile.attached_template(base), "an attached template at http://203.0.113.9/"),
        "vml-picture-linked-to-an-address": (
            hostile.vml_picture(base, f"{url}/vml.png"),
            f"a picture or object linked to {url}/vml.png",
        ),
        "vml-picture-in-a-namespace-spelt-with-a-reference": (
            hostile.vml_picture(base, f"{url}/vml.png", namespace="urn&#58;schemas-microsoft-com:vml"),
            f"a picture or object linked to {url}/vml.png",
        ),
        "ddeauto-field": (
            hostile.field(base, 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'),
            "field DDEAUTO",
        ),
        "includetext-field": (hostile.field(base, 'INCLUDETEXT "/etc/passwd"'), "field INCLUDETEXT"),
        "includepicture-simple-field": (
            hostile.field(base, f'INCLUDEPICTURE "{url}/x.png" \\d', simple=True),
            "field INCLUDEPICTURE",
        ),
        "external-altchunk": (hostile.alt_chunk(base), "an alternative-format chunk (altChunk) from http://"),
        "hyperlink-to-a-file": (hostile.hyperlink(base, "file:///etc/passwd"), "a hyperlink to file:///etc/passwd"),
        "macro-project": (hostile.macros(base), "a macro project (word/vbaProject.bin)"),
        "activex-control": (hostile.activex(base), "an ActiveX control"),
    }


CASES = list(_cases(Path("/x"), "http://h").keys())


@pytest.mark.parametrize("case", CASES)
def test_a_template_that_reaches_outside_is_refused_naming_what_and_writes_nothing(dataset, tmp_path, server, case):
    url, requests = server
    picture = tmp_path / "private.png"
    picture.write_bytes(hostile.PNG)
    data, named = _cases(picture, url)[case]
    template = hostile.save(tmp_path / "mine.docx", data)
    out = tmp_path / "out"
    options = VisitOptions(visit_date=VISIT, out_dir=out, template=template, pdf=True, email_to=("a@example.org",))
    with pytest.raises(TemplateError) as caught:
        run_visit(dataset, "Takaichi Sanae", options)
    message = str(caught.value)
    assert message.startswith("template mine.docx holds what could reach outside the document or run code: ")
    assert named in message, message
    assert not out.exists()
    assert requests == []


def test_the_cli_says_it_in_one_line_with_exit_2(briefgen_run, tmp_path):
    template = hostile.save(tmp_path / "dde.docx", hostile.field(hostile.plain_docx(), "DDEAUTO cmd /c calc"))
    run = briefgen_run(
        [
            "visit",
            "--counterpart",
            "Takaichi Sanae",
            "--date",
            "2026-11-23",
            "--template",
            str(template),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert run.returncode == 2
    assert [line for line in run.stderr.splitlines() if line.startswith("error:")] == [
        "error: template dde.docx holds what could reach outside the document or run code: field DDEAUTO "
        "(word/document.xml). briefgen does not use such templates: embed pictures instead of linking them, and "
        "remove macros, ActiveX controls and fields other than NUMPAGES, PAGE, SECTIONPAGES, TOC"
    ]
    assert not (tmp_path / "out").exists()


def test_a_field_the_template_builds_from_its_tags_is_refused_after_filling(dataset, tmp_path):
    """The instruction reads "PAGE INCLUDETEXT …" in the template (allowed: its field is PAGE), but a tag
    around the PAGE run removes it when filled, leaving an INCLUDETEXT field: caught after filling."""
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>{% if false %}</w:t></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:t>{% endif %}</w:t></w:r>'
        '<w:r><w:instrText xml:space="preserve">INCLUDETEXT "/etc/passwd" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    data = hostile._edit(hostile.plain_docx(), {"word/document.xml": hostile._body(field)})
    assert inspect_docx(data) == []  # as written, the field is PAGE
    template = hostile.save(tmp_path / "built.docx", data)
    with pytest.raises(TemplateError, match=r"template built.docx, once filled, holds .*field INCLUDETEXT"):
        run_visit(
            dataset, "Takaichi Sanae", VisitOptions(visit_date=VISIT, out_dir=tmp_path / "out", template=template)
        )
    assert not (tmp_path / "out").exists()


def test_only_a_template_whose_tags_are_all_paragraph_text_is_trusted_to_make_no_field_when_filled():
    """briefgen's own template skips the scan after filling (tags_only_in_text): any tag that could reach a
    field (in its instruction, its result, an attribute) makes the template's answer False."""
    base = hostile.plain_docx(["{{ title }}"])
    complex_field_result = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{{ title }}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    by_reference = "<w:p><w:r><w:t>&#123;{ title }}</w:t></w:r></w:p>"  # a "{" the text holds and the XML does not
    simple_field_result = '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>{{ title }}</w:t></w:r></w:fldSimple></w:p>'
    for lang in ("en", "vi"):
        assert tags_only_in_text((templates_dir() / f"brief-{lang}.docx").read_bytes())
    assert tags_only_in_text(base) and tags_only_in_text(hostile.field(base, "PAGE"))
    untrusted = {
        "instruction": hostile.field(base, "INCLUDETEXT {{ title }}"),
        "simple instruction": hostile.field(base, "INCLUDETEXT {{ title }}", simple=True),
        "field result": hostile._edit(base, {"word/document.xml": hostile._body(complex_field_result)}),
        "simple field result": hostile._edit(base, {"word/document.xml": hostile._body(simple_field_result)}),
        "attribute": hostile.vml_picture(base, "{{ title }}"),
        "character reference": hostile._edit(base, {"word/document.xml": hostile._body(by_reference)}),
    }
    assert {case for case, data in untrusted.items() if tags_only_in_text(data)} == set()


def test_what_a_template_may_hold_still_renders(dataset, tmp_path):
    base = hostile.plain_docx(["{{ title }}"])
    allowed = hostile.hyperlink(hostile.field(base, "PAGE \\* MERGEFORMAT"), "https://www.mic.gov.vn/")
    template = hostile.save(tmp_path / "fine.docx", allowed)
    outcome = run_visit(
        dataset,
        "Takaichi Sanae",
        VisitOptions(visit_date=VISIT, out_dir=tmp_path / "out", template=template, formats=("docx",)),
    )
    written = outcome.files[0].read_bytes()
    assert inspect_docx(written) == []
    settings = zipfile.ZipFile(io.BytesIO(written)).read("word/settings.xml")
    assert b"updateFields" not in settings  # no table of contents: Word is not asked to update fields


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_bundled_templates_pass_and_do_not_ask_word_to_update_fields(dataset, tmp_path, lang):
    """The bundled templates hold no table of contents (a front section, then annexes): nothing to update."""
    outcome = run_visit(
        dataset, "Takaichi Sanae", VisitOptions(visit_date=VISIT, lang=lang, out_dir=tmp_path, formats=("docx",))
    )
    written = outcome.files[0].read_bytes()
    assert inspect_docx(written) == []
    parts = zipfile.ZipFile(io.BytesIO(written))
    assert b" TOC " not in parts.read("word/document.xml")
    assert b"updateFields" not in parts.read("word/settings.xml")
    docx.Document(io.BytesIO(written))


def test_a_user_template_with_a_table_of_contents_asks_word_to_update_it(dataset, tmp_path):
    template = hostile.save(
        tmp_path / "toc.docx", hostile.field(hostile.plain_docx(["{{ title }}"]), 'TOC \\o "1-3" \\h \\z \\u')
    )
    outcome = run_visit(
        dataset,
        "Takaichi Sanae",
        VisitOptions(visit_date=VISIT, out_dir=tmp_path / "out", template=template, formats=("docx",)),
    )
    written = outcome.files[0].read_bytes()
    assert inspect_docx(written) == []
    assert b"updateFields" in zipfile.ZipFile(io.BytesIO(written)).read("word/settings.xml")


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_libreoffice_fetches_nothing_and_embeds_no_linked_picture(tmp_path, server):
    """Defence in depth: a linked picture that reached LibreOffice (here straight through convert_to_pdf,
    past the template check) is neither fetched from its address nor read from the local file."""
    url, requests = server
    picture = tmp_path / "private.png"
    picture.write_bytes(hostile.PNG)
    data = hostile.linked_image(
        hostile.linked_image(hostile.plain_docx(["linked"]), f"{url}/remote.png"), picture.as_uri()
    )
    document = hostile.save(tmp_path / "linked.docx", data)
    [pdf] = convert_to_pdf([document], tmp_path / "out")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert requests == []
    if images:  # pdfimages (poppler) is installed: the PDF holds no picture at all
        assert len(images.strip().splitlines()) == 2, images  # the two header lines only
