"""render.marks: the one module that reads and writes a section's marks in the Word file (issue 25 point 6)."""

from __future__ import annotations

import re
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from briefgen.render import marks as M
from briefgen.render.fingerprints import paragraph_texts
from briefgen.render.sections import find_sections, rebuild

SRC = Path(__file__).resolve().parents[2] / "src" / "briefgen"
MARK_XML = re.compile(r"w:sdt|sdtPr|sdtContent|bookmarkStart|bookmarkEnd|w:alias|\"w:tag\"")


def body(inner: str):
    return parse_xml(f"<w:body {nsdecls('w')}>{inner}<w:sectPr/></w:body>")


def p(text: str, inside: str = "") -> str:
    return f"<w:p>{inside}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_no_other_module_touches_the_marks_xml():
    touching = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "marks.py" and MARK_XML.search(path.read_text(encoding="utf-8"))
    )
    assert touching == []


def test_index_finds_controls_by_tag_or_title_and_bookmarks_in_one_pass():
    element = body(
        p("Cover") + '<w:sdt><w:sdtPr><w:alias w:val="objectives"/><w:tag w:val="objectives"/></w:sdtPr>'
        f"<w:sdtContent>{p('Objectives')}</w:sdtContent></w:sdt>"
        + p("Meetings", '<w:bookmarkStart w:id="5" w:name="bg_meetings"/><w:bookmarkEnd w:id="5"/>')
        # as LibreOffice leaves a control: inline in a paragraph, its title kept and its tag dropped
        + '<w:p><w:sdt><w:sdtPr><w:alias w:val="notes"/></w:sdtPr><w:sdtContent><w:r><w:t>Notes</w:t></w:r>'
        "</w:sdtContent></w:sdt></w:p>"
        + p("not a section", '<w:bookmarkStart w:id="6" w:name="_Toc1"/>')
        + p("again", '<w:bookmarkStart w:id="7" w:name="bg_meetings"/>')
    )
    index = M.index_marks(element)
    assert [(m.name, m.is_control, m.officer) for m in index.starts] == [
        ("objectives", True, True),
        ("meetings", False, False),
        ("notes", True, True),
        ("meetings", False, False),  # written twice: find_sections keeps the first
    ]
    assert [(s.name, len(s.blocks)) for s in find_sections(element, index)] == [
        ("cover", 1),
        ("objectives", 1),
        ("meetings", 1),
        ("notes", 3),
    ]


def test_unmark_leaves_the_content_and_rebuild_marks_it_again():
    element = body(
        '<w:sdt><w:sdtPr><w:tag w:val="points-to-make"/></w:sdtPr><w:sdtContent>'
        + p("Point", '<w:bookmarkStart w:id="3" w:name="bg_points_to_make"/>')
        + '<w:bookmarkEnd w:id="3"/></w:sdtContent></w:sdt>'
        + p("Other", '<w:bookmarkStart w:id="9" w:name="_GoBack"/><w:bookmarkEnd w:id="9"/>')
    )
    index = M.index_marks(element)
    control, other = list(element)[:2]
    [point] = M.unmark(control, index)
    assert point.find(qn("w:bookmarkStart")) is None and paragraph_texts([point]) == ["Point"]
    assert M.unmark(other, index) == [other]  # a bookmark that marks no section stays
    assert other.find(qn("w:bookmarkStart")) is not None

    sections = [s for s in find_sections(element, M.index_marks(element))]
    sections[1].blocks = [point]
    rebuild(element, sections)
    [sdt] = element.findall(qn("w:sdt"))
    assert M.section_name(sdt) == "points-to-make"
    assert [M.section_name(b) for b in sdt.iter(qn("w:bookmarkStart"))] == ["points-to-make"]
