"""The Word brief: content and structure of the rendered file, and what a hostile value or template does."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands on `app`)
from briefgen.briefing import build_brief
from briefgen.cli.app import app
from briefgen.errors import TemplateError
from briefgen.render import VisitViews
from briefgen.render import docx as docx_renderer
from briefgen.render.docx import DocxRenderer, clean_text
from briefgen.resources import templates_dir

from .conftest import to_pdf

VISIT = dt.date(2026, 11, 23)
MEETING_DATES = ["29 March 2017", "2 May 2018", "9 January 2020", "9 January 2020", "1 December 2020"]
SECTIONS = {
    "en": [
        "The counterpart now",
        "Our objectives",
        "Points to make",
        "Background",
        "What is open on their side",
        "What they may raise",
        "Points to verify",
        "Notes",
        "Annex A. Counterpart profile",
        "Annex B. Meetings on record",
        "Annex C. Agreements",
        "Annex D. Open commitments by field",
        "Annex E. Sources",
    ],
    "vi": [
        "Thông tin đối tác hiện nay",
        "Mục tiêu của ta",
        "Các nội dung cần nêu",
        "Bối cảnh",
        "Các vấn đề phía bạn đang thực hiện",
        "Các vấn đề phía bạn có thể nêu",
        "Các điểm cần xác minh",
        "Ghi chú",
        "Phụ lục A. Thông tin về đối tác",
        "Phụ lục B. Các cuộc gặp đã ghi nhận",
        "Phụ lục C. Các văn kiện",
        "Phụ lục D. Các nội dung đang theo dõi, theo lĩnh vực",
        "Phụ lục E. Nguồn tham khảo",
    ],
}


def brief_for(dataset, lang):
    return build_brief(dataset, "takaichi-sanae", visit_date=VISIT, lang=lang, today=VISIT)


def render(brief, template=None, renderer=None):
    return (renderer or DocxRenderer()).render(VisitViews(brief, None), template=template)


@pytest.fixture(scope="module", params=["en", "vi"])
def rendered(request, dataset):
    brief = brief_for(dataset, request.param)
    data = render(brief)
    return brief, data, docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def english(dataset):
    brief = brief_for(dataset, "en")
    data = render(brief)
    return brief, data, docx.Document(io.BytesIO(data))


def body_text(document) -> str:
    parts = [p.text for p in all_paragraphs(document)]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def all_paragraphs(document) -> list:
    """The body's paragraphs, with those inside the officer sections' content controls
    (python-docx's `document.paragraphs` leaves those out)."""
    body = document.element.body
    return [docx.text.paragraph.Paragraph(p, document._body) for p in body.xpath("./w:p | ./w:sdt/w:sdtContent/w:p")]


def section(document, heading: str) -> list:
    """The paragraphs after the Heading 1 `heading`, up to the next Heading 1."""
    paragraphs, inside = [], False
    for paragraph in all_paragraphs(document):
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            paragraphs.append(paragraph)
    return paragraphs


def table_after(document, first_header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


# -- content ------------------------------------------------------------------------------


def test_every_section_has_a_heading_1(rendered):
    brief, _, document = rendered
    headings = [p.text for p in all_paragraphs(document) if p.style.name == "Heading 1"]
    assert headings == SECTIONS[brief.lang]


def test_meetings_all_there_in_date_order_with_inferred_year_marked(english):
    brief, _, document = english
    table = table_after(document, "Date")
    rows = table.rows[1:]
    assert len(rows) == 5
    dates = [row.cells[0].paragraphs[0].text for row in rows]
    assert [d.split(" (")[0] for d in dates] == MEETING_DATES
    assert dates[0] == "29 March 2017 (year inferred)"
    assert "year inferred" not in dates[2]
    assert [row.cells[2].text for row in rows] == [m.relation for m in brief.meetings]
    assert "machine translation only" in rows[0].cells[0].text and rows[0].cells[3].text == "[5]"
    assert len(rows[2].cells[0].paragraphs) == 1  # no empty line where there is no flag


def test_expired_moc_is_marked_expired(english):
    _, _, document = english
    table = table_after(document, "Signed")
    moc = next(r for r in table.rows if "Memorandum of Cooperation" in r.cells[1].text)
    assert moc.cells[2].text == "2020 to 2023"
    assert moc.cells[3].text == "expired at the end of 2023"
    flagged = [run for p in moc.cells[3].paragraphs for run in p.runs if run.text == "expired at the end of 2023"]
    assert flagged and flagged[0].style.name == "Flag"


def test_open_commitments_under_their_field_headings(english):
    brief, _, document = english
    paragraphs = section(document, "Annex D. Open commitments by field")
    headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings == [g.label for g in brief.commitments_by_field]
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Commitment"]
    assert len(tables) == len(brief.commitments_by_field)  # one compact table per field
    five_g = tables[[g.label for g in brief.commitments_by_field].index("5G")]
    expected = next(g for g in brief.commitments_by_field if g.label == "5G").commitments
    rows = five_g.rows[1:]
    assert [r.cells[0].paragraphs[0].text for r in rows] == [c.text for c in expected]
    assert [r.cells[3].text for r in rows] == [c.cites for c in expected]
    joint = rows[0]
    assert joint.cells[0].paragraphs[1].text == "agreed by both sides"
    assert joint.cells[2].text == "no update recorded since 9 January 2020"
    assert not re.search(r"open (for )?\d+ months", body_text(document))


def test_sources_numbered_cited_and_machine_translation_marked(rendered):
    brief, _, document = rendered
    sources = [p for p in section(document, SECTIONS[brief.lang][-1]) if p.style.name.startswith("Source")]
    assert not any("seeds/" in p.text or ".txt" in p.text for p in sources)
    assert [p.text.split("\t")[0] for p in sources] == [f"[{n}]" for n in range(1, 6)]
    text = "\n".join(
        [p.text for p in all_paragraphs(document) if not p.style.name.startswith("Source")]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", text) for n in group.split(",")}
    assert cited == {1, 2, 3, 4, 5}
    mt = next(p for p, s in zip(sources, brief.sources) if s.machine_translation)
    assert any(run.style.name == "Flag" and run.text.strip() for run in mt.runs)
    assert not any(run.style.name == "Flag" and run.text.strip() for p in sources if p is not mt for run in p.runs)


def test_profile_shows_name_native_address_and_verify_flag(english):
    _, _, document = english
    text = "\n".join(p.text for p in section(document, "Annex A. Counterpart profile"))
    text += "\n".join(c.text for c in table_after(document, "Post").rows[1].cells)
    for fact in (
        "TAKAICHI Sanae",
        "高市早苗",
        "Minister Takaichi",
        "family name first",
        "Sanae Takaichi",
        "Minister for Internal Affairs and Communications [2, 3, 5]",
        "held now",
    ):
        assert fact in text
    assert "Niigata" not in text  # a machine-translation artefact helps the search, not the reader
    front = section(document, "The counterpart now")
    flags = [r for p in front for r in p.runs if r.style.name == "Flag"]
    assert any(r.text == "verify current post: latest record of January 2020" for r in flags)
    assert front[1].text == "Address as: Minister Takaichi, if still in post (otherwise Ms. Takaichi)"


def test_points_to_make_lists_talking_points_as_suggestions(english):
    brief, _, document = english
    paragraphs = section(document, "Points to make")
    assert paragraphs[0].style.name == "Placeholder"  # left for the officer to write
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets == [f"{p.text} {p.cites}" for p in brief.suggestions] and 1 <= len(bullets) <= 5


def test_vietnamese_brief_has_vietnamese_dates_and_marks(dataset):
    brief = brief_for(dataset, "vi")
    document = docx.Document(io.BytesIO(render(brief)))
    text = body_text(document)
    assert "ngày 9 tháng 1 năm 2020" in text
    assert "29/03/2017 (năm được suy ra)" in text  # in a table: the short numeric form
    assert "hết hiệu lực" in text
    assert "Bộ trưởng Takaichi" in text


# -- Word structure -----------------------------------------------------------------------


def test_no_table_of_contents_and_substance_on_the_first_page(rendered):
    brief, data, document = rendered
    instructions = [i.text for i in document.element.body.iter(qn("w:instrText"))]
    assert not any("TOC" in i for i in instructions)
    assert "table of contents" not in body_text(document) and "mục lục" not in body_text(document).lower()
    headings = [p.text for p in all_paragraphs(document) if p.style.name == "Heading 1"]
    assert headings[0] == SECTIONS[brief.lang][0]
    annex = next(p for p in all_paragraphs(document) if p.style.name == "Annexes")
    # The annexes follow on the front's last page (a page break left it a quarter full) and keep with what follows.
    assert not annex.style.paragraph_format.page_break_before and annex.style.paragraph_format.keep_with_next


def test_table_header_rows_repeat(rendered):
    _, _, document = rendered
    assert len(document.tables) == 3 + len(rendered[0].commitments_by_field)
    for table in document.tables:
        assert table.style.name == "Brief Table"
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def test_list_bullet_headings_and_no_leftover_tags(rendered):
    _, data, document = rendered
    assert sum(p.style.name == "List Bullet" for p in all_paragraphs(document)) >= 5
    assert any(p.style.name == "Heading 2" for p in all_paragraphs(document))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    assert "{%" not in xml and "{{" not in xml


def test_footer_has_page_field_and_the_handling_marking_is_once_per_page(rendered):
    brief, _, document = rendered
    footer = document.sections[0].footer
    instructions = [i.text.strip() for i in footer._element.iter(qn("w:instrText"))]
    assert "PAGE" in instructions
    assert document.sections[0].header.paragraphs[0].text == brief.handling
    assert brief.handling not in footer.paragraphs[0].text  # once per page: in the header
    assert not any(p.text == brief.handling for p in all_paragraphs(document))  # and not in the body


def test_core_properties(rendered):
    brief, _, document = rendered
    props = document.core_properties
    assert (props.title, props.subject, props.author) == (brief.title, brief.subject, brief.author)
    assert props.keywords == brief.handling and props.category == brief.handling
    assert props.language == brief.lang


@pytest.mark.skipif(os.environ.get("BRIEFGEN_SLOW", "") in ("", "0"), reason="a bound on wall-clock time: --slow only")
def test_render_is_fast_enough(english, dataset):
    import time

    brief = english[0]
    start = time.perf_counter()
    render(brief)
    assert time.perf_counter() - start < 2.0  # ~45 ms measured; the bound only catches a pathological slowdown


# -- values are data ----------------------------------------------------------------------

HOSTILE = "R&D <x> {{ 7*7 }} {% for x in y %}\x00\x0b\x1b\ufffe\ud800 end"
SHOWN = "R&D <x> {{ 7*7 }} {% for x in y %} end"


def test_clean_text_keeps_newline_and_tab():
    assert clean_text("a\x00b\x0bc\x0cd\x1be\ufffef\uffffg\ud800h") == "abcdefgh"
    assert clean_text("line\nnext\tcol\r\nwin") == "line\nnext\tcol\nwin"


def test_hostile_strings_come_out_literally(english):
    brief = english[0]
    meeting = dataclasses.replace(brief.meetings[0], title=HOSTILE)
    hostile = dataclasses.replace(
        brief,
        title=HOSTILE,
        meetings=[meeting, *brief.meetings[1:]],
        profile=dataclasses.replace(brief.profile, name=HOSTILE),
    )
    renderer = DocxRenderer()
    document = docx.Document(io.BytesIO(render(hostile, renderer=renderer)))
    text = body_text(document)
    assert SHOWN in text
    assert table_after(document, "Date").rows[1].cells[1].paragraphs[0].text == SHOWN
    assert "<x> 49" not in text and "{{ 7*7 }}" in text
    assert document.core_properties.title == SHOWN
    assert renderer.last_cleaned == 5 * 3  # five bad characters in each of the three strings


def test_line_breaks_in_values_stay_line_breaks(english):
    brief = english[0]
    document = docx.Document(io.BytesIO(render(dataclasses.replace(brief, freshness="first\nsecond"))))
    glance = section(document, "Points to verify")
    data_line = next(p for p in glance if p.text.startswith("first"))
    assert data_line.text == "first\nsecond"


# -- templates ----------------------------------------------------------------------------


def make_template(path, *paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph().add_run(text)
    document.save(path)
    return path


def test_sandbox_blocks_python_internals(english, tmp_path):
    template = make_template(tmp_path / "evil.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateError, match="unsafe"):
        render(english[0], template)


def test_unknown_variable_is_named(english, tmp_path):
    template = make_template(tmp_path / "typo.docx", "Visit: {{ visit_date }}", "Name: {{ no_such_field }}")
    with pytest.raises(TemplateError, match="no_such_field") as info:
        render(english[0], template)
    assert "{{ no_such_field }}" in str(info.value) and "typo.docx" in str(info.value)


def test_unknown_attribute_is_named(english, tmp_path):
    template = make_template(tmp_path / "attr.docx", "{{ profile.nickname }}")
    with pytest.raises(TemplateError, match="nickname"):
        render(english[0], template)


def test_broken_tag_shows_its_line(english, tmp_path):
    template = make_template(tmp_path / "broken.docx", "fine", "Meetings: {% for m in meetings %}{{ m.date }}")
    with pytest.raises(TemplateError, match="template line") as info:
        render(english[0], template)
    assert "Meetings:" in str(info.value)


def test_custom_template_is_used(english, tmp_path):
    template = make_template(tmp_path / "mine.docx", "Brief on {{ profile.name }} for {{ visit_date }}")
    document = docx.Document(io.BytesIO(render(english[0], template)))
    assert document.paragraphs[0].text == "Brief on TAKAICHI Sanae for 23 November 2026"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not a word file", "not a zip archive"),
        (None, "no word/document.xml"),
    ],
)
def test_not_a_docx(english, tmp_path, content, message):
    path = tmp_path / "fake.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(TemplateError, match=message):
        render(english[0], path)


def test_missing_template(english, tmp_path):
    with pytest.raises(TemplateError, match="cannot read template"):
        render(english[0], tmp_path / "absent.docx")


def test_zip_bomb_refused_before_loading(english, monkeypatch):
    monkeypatch.setattr(docx_renderer, "MAX_TEMPLATE_BYTES", 10_000)
    with pytest.raises(TemplateError, match="unpacks to more than"):
        render(english[0], templates_dir() / "brief-en.docx")


def test_committed_templates_match_the_script(tmp_path):
    """The .docx files in templates/ are the output of scripts/make_templates.py."""
    script = templates_dir().parent / "scripts" / "make_templates.py"
    if not script.exists():
        pytest.skip("not a source checkout")
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True, timeout=120)
    for lang in ("en", "vi"):
        name = f"brief-{lang}.docx"
        assert (tmp_path / name).read_bytes() == (templates_dir() / name).read_bytes(), (
            f"templates/{name} is stale: run python scripts/make_templates.py"
        )


# -- LibreOffice --------------------------------------------------------------------------


def test_libreoffice_opens_it(english, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip(
            "LibreOffice (soffice) is not installed: on Debian/Ubuntu `apt-get install "
            "libreoffice-writer-nogui` (plus poppler-utils for pdftotext) to run this check"
        )
    source = tmp_path / "brief.docx"
    source.write_bytes(english[1])
    (pdf,) = to_pdf([source], tmp_path, timeout=120)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout.decode()
        assert text.count("\f") >= 3  # several pages
        assert "TAKAICHI" in text and "29 March 2017 (year inferred)" in text.replace("\n", " ")
    else:
        assert pdf.read_bytes().count(b"/Type /Page") >= 3 or pdf.read_bytes().count(b"/Type/Page") >= 3


# -- CLI ----------------------------------------------------------------------------------


def test_template_export(tmp_path):
    runner = CliRunner()
    target = tmp_path / "mine"
    result = runner.invoke(app, ["template", "export", str(target)])
    assert result.exit_code == 0, result.output
    for lang in ("en", "vi"):
        assert (target / f"brief-{lang}.docx").read_bytes() == (templates_dir() / f"brief-{lang}.docx").read_bytes()
        assert f"brief-{lang}.docx" in result.output
    (target / "brief-en.docx").write_bytes(b"edited")
    again = runner.invoke(app, ["template", "export", str(target)])
    assert again.exit_code == 2
    assert "--force" in again.output and (target / "brief-en.docx").read_bytes() == b"edited"
    forced = runner.invoke(app, ["template", "export", str(target), "--force"])
    assert forced.exit_code == 0 and (target / "brief-en.docx").read_bytes() != b"edited"


def test_the_bundled_template_prepared_once_fills_the_same_document_as_a_fresh_sandboxed_render(dataset, tmp_path):
    """briefgen's own template is read, checked, patched and compiled once per process and filled in-process;
    the same template given as an officer's (--template: read afresh, filled in the sandbox's child) must
    give the same document, for a first and a later brief of the process, in both languages."""
    for lang in ("en", "vi"):
        copy = tmp_path / f"officer-{lang}.docx"
        copy.write_bytes((templates_dir() / f"brief-{lang}.docx").read_bytes())
        brief = brief_for(dataset, lang)
        own = [render(brief) for _ in range(2)]
        given = render(brief, template=copy)
        parts = [zipfile.ZipFile(io.BytesIO(d)).read("word/document.xml") for d in (*own, given)]
        assert parts[0] == parts[1] == parts[2]
    assert len(docx_renderer._OWN) == 1  # one template kept at a time


def test_the_bundled_template_is_not_scanned_again_after_filling_and_an_officers_copy_is(
    dataset, tmp_path, monkeypatch
):
    """The own template's tags are all paragraph text (checked once per process), so filling it cannot make a
    field and the scan after filling is skipped; the same file given with --template is scanned each time."""
    scanned: list[str] = []
    monkeypatch.setattr(docx_renderer, "check_rendered", lambda name, data: scanned.append(name))
    brief = brief_for(dataset, "en")
    render(brief)
    assert scanned == []
    copy = tmp_path / "officer.docx"
    copy.write_bytes((templates_dir() / "brief-en.docx").read_bytes())
    monkeypatch.setattr(docx_renderer, "run_limited", lambda work, name: work())  # in this process, to be seen
    render(brief, template=copy)
    assert scanned == ["officer.docx"]
