"""A brief received by e-mail is untrusted input (issue 23, point 1): refresh carries every picture Word
writes, removes what reaches outside the document (saying what and where), and reads the file under
limits checked before parsing, in time linear in its size."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from tests.hardening import hostile_briefs as H
from tests.hardening.conftest import assert_within

from briefgen.errors import BriefNotUsableError
from briefgen.refresh import RefreshOptions, refresh_upload, run_refresh
from briefgen.render.received import open_package
from briefgen.render.template_check import inspect_docx
from briefgen.visit import VisitOptions, run_visit

VISIT = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def brief_bytes(tmp_path_factory) -> bytes:
    from briefgen.dataset import load_dataset

    folder = tmp_path_factory.mktemp("brief")
    options = VisitOptions(visit_date=VISIT, out_dir=folder, formats=("docx",), today=VISIT)
    return run_visit(load_dataset(None), "takaichi-sanae", options).files[0].read_bytes()


def refreshed(dataset, tmp_path: Path, data: bytes):
    path = tmp_path / "2026-11-23_TAKAICHI-Sanae_brief-en.docx"
    path.write_bytes(data)
    outcome = run_refresh(dataset, path, RefreshOptions(today=VISIT, out_dir=tmp_path / "new"))
    return outcome, outcome.path.read_bytes()


def objectives_xml(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    sdt = next(
        s
        for s in document.element.body.iter(qn("w:sdt"))
        if s.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")) == "objectives"
    )
    from lxml import etree

    return etree.tostring(sdt).decode()


def media(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/media/")}


# -- pictures of every kind Word writes ---------------------------------------------------------------


def test_an_svg_icon_with_its_png_fallback_is_carried_as_it_is(dataset, tmp_path, brief_bytes):
    outcome, data = refreshed(dataset, tmp_path, H.svg_icon(brief_bytes))
    assert outcome.carried == ["objectives"]
    pictures = media(data)
    assert H.SVG in pictures.values() and H.PNG in pictures.values()
    xml = objectives_xml(data)
    assert "svgBlip" in xml and H.OFFICER_TEXT in xml
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "image/svg+xml" in types
    assert inspect_docx(data) == []


@pytest.mark.parametrize("kind", ["emf", "wmf"])
def test_a_metafile_picture_is_carried_as_it_is(dataset, tmp_path, brief_bytes, kind):
    outcome, data = refreshed(dataset, tmp_path, H.metafile(brief_bytes, kind))
    assert outcome.carried == ["objectives"]
    assert (H.EMF if kind == "emf" else H.WMF) in media(data).values()
    document = docx.Document(io.BytesIO(data))  # python-docx opens the result
    assert any(r.reltype.endswith("/image") for r in document.part.rels.values())


# -- what reaches outside is removed, and named --------------------------------------------------------


@pytest.mark.parametrize(
    "build, named, gone",
    [
        (H.linked_picture, "a picture linked to file:///etc/hostname", "file:///etc/hostname"),
        (H.file_hyperlink, "a hyperlink to file:///etc/passwd", "file:///etc/passwd"),
        (H.linked_ole, "a linked object at file:///C:/secret/book.xlsx", "secret/book.xlsx"),
        (H.vml_linked_image, "a picture or object linked to file:///etc/hostname", "file:///etc/hostname"),
        (H.subdocument_and_altchunk, "a subdocument at file:///C:/briefs/other.docx", "other.docx"),
    ],
)
def test_what_reaches_outside_is_removed_with_a_note_naming_it(dataset, tmp_path, brief_bytes, build, named, gone):
    outcome, data = refreshed(dataset, tmp_path, build(brief_bytes))
    assert outcome.carried == ["objectives"]
    assert any(note.startswith("objectives: removed") and named in note for note in outcome.notes), outcome.notes
    assert inspect_docx(data) == []  # the refreshed brief passes the template check
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(gone.encode() not in archive.read(n) for n in archive.namelist())
    assert H.OFFICER_TEXT in objectives_xml(data)


def test_an_altchunk_is_removed_too(dataset, tmp_path, brief_bytes):
    outcome, data = refreshed(dataset, tmp_path, H.subdocument_and_altchunk(brief_bytes))
    assert any("altChunk" in note for note in outcome.notes)
    assert "altChunk" not in objectives_xml(data)


@pytest.mark.parametrize(
    "instruction",
    [
        'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"',
        'INCLUDETEXT "C:\\\\secret.txt"',
        'INCLUDEPICTURE "http://203.0.113.9/x.png" \\\\d',
        "DDE excel sheet1 r1c1",
    ],
)
def test_fields_that_reach_outside_lose_their_code_and_keep_their_text(dataset, tmp_path, brief_bytes, instruction):
    outcome, data = refreshed(dataset, tmp_path, H.field(brief_bytes, instruction))
    name = instruction.split()[0]
    assert any(f"objectives: removed field(s) {name}" in note for note in outcome.notes), outcome.notes
    xml = objectives_xml(data)
    assert "instrText" not in xml and "fldSimple" not in xml and "fldChar" not in xml
    assert "field result" in xml and "field result (simple)" in xml
    assert inspect_docx(data) == []


def test_an_http_link_and_a_page_field_are_kept(dataset, tmp_path, brief_bytes):
    outcome, data = refreshed(dataset, tmp_path, H.field(H.web_hyperlink(brief_bytes), "PAGE"))
    assert outcome.notes == []
    document = docx.Document(io.BytesIO(data))
    assert "https://example.org/report" in [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "PAGE" in objectives_xml(data)


def test_the_library_entry_point_for_an_upload_writes_nothing(dataset, tmp_path, brief_bytes):
    data, outcome = refresh_upload(dataset, H.linked_picture(brief_bytes), "upload.docx", RefreshOptions(today=VISIT))
    assert outcome.path is None and inspect_docx(data) == [] and list(tmp_path.iterdir()) == []
    with pytest.raises(BriefNotUsableError, match="upload.docx"):
        refresh_upload(dataset, b"not a zip", "upload.docx", RefreshOptions(today=VISIT))


# -- limits checked before parsing ------------------------------------------------------------------------


def test_an_entity_declared_in_a_dtd_is_refused_not_written_corrupt(dataset, tmp_path, brief_bytes):
    path = tmp_path / "brief.docx"
    path.write_bytes(H.entity(brief_bytes))
    with pytest.raises(BriefNotUsableError, match="document type declaration in word/document.xml"):
        run_refresh(dataset, path, RefreshOptions(today=VISIT, out_dir=tmp_path / "new"))
    assert not (tmp_path / "new").exists()


def test_a_docm_is_refused_naming_the_file_not_an_object(brief_bytes):
    docm = H.rewrite(
        brief_bytes,
        {
            "[Content_Types].xml": lambda x: x.replace(b"wordprocessingml.document.main+xml", b"DUMMY").replace(
                b"application/vnd.openxmlformats-officedocument.DUMMY",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )
    with pytest.raises(BriefNotUsableError) as caught:
        open_package(docm, "minutes.docm")
    assert "minutes.docm is a macro-enabled Word document (.docm)" in str(caught.value)
    assert "object at 0x" not in str(caught.value)


def test_too_many_parts_are_refused_before_reading_them(brief_bytes):
    bloated = H.rewrite(brief_bytes, {}, add={f"word/media/x{n}.bin": b"" for n in range(1_001)})
    with pytest.raises(BriefNotUsableError, match="1,021 parts"):
        open_package(bloated, "b.docx")


def test_a_190_mb_xml_bomb_is_refused_at_once(briefgen_run, tmp_path, brief_bytes):
    bomb = H.xml_bomb(brief_bytes, 190)
    assert len(bomb) < 1_000_000  # the attachment is small
    (tmp_path / "bomb.docx").write_bytes(bomb)
    run = briefgen_run(["refresh", "bomb.docx"])
    assert run.returncode == 2, run.stderr
    assert "bomb.docx: its part word/document.xml unpacks to 190 MB (limit 100 MB)" in run.stderr
    assert "unexpected" not in run.stderr
    assert_within(run, seconds=10, rss_mb=400)


def test_xml_parts_have_a_lower_limit_than_pictures(brief_bytes):
    with pytest.raises(BriefNotUsableError, match="word/document.xml unpacks to 40 MB of XML .limit 32 MB."):
        open_package(H.xml_bomb(brief_bytes, 40), "b.docx")


def test_4000_officer_controls_take_linear_time(briefgen_run, tmp_path, brief_bytes):
    """211 s before (a list.index inside two loops); the CPU limit of every run (30 s) fails the old code."""
    (tmp_path / "many.docx").write_bytes(H.many_controls(brief_bytes, 4_000))
    run = briefgen_run(["refresh", "many.docx", "--out", "new"])
    assert run.returncode == 0, run.stderr
    document = docx.Document(next((tmp_path / "new").iterdir()))
    tags = [s.find(qn("w:sdtPr")).find(qn("w:tag")).get(qn("w:val")) for s in document.element.body.iter(qn("w:sdt"))]
    officer = [t for t in tags if re.fullmatch(r"officer-\d+", t)]  # the template has officer sections of its own
    assert officer == [f"officer-{n}" for n in range(1, 4_001)]  # all of them, in their order
    assert_within(run, seconds=10)
