"""render.citations: a kept section's "[n]" follow the new sources list, wherever an editor split the runs."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from briefgen.render import citations


def paragraph(*runs: str):
    body = "".join(f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' for text in runs)
    return parse_xml(f"<w:p {nsdecls('w')}>{body}</w:p>")


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{p.nsmap['w']}}}t"))


def test_numbers_follow_the_mapping_and_a_number_unknown_to_it_stays():
    p = paragraph("Talks in Tokyo [5]; signed [2, 5]; see [9] and [For the desk officer: …]")
    assert citations.renumber([p], {5: 6, 2: 3}) == 2
    assert text(p) == "Talks in Tokyo [6]; signed [3, 6]; see [9] and [For the desk officer: …]"


def test_a_citation_split_over_runs_is_rewritten_once():
    p = paragraph("Talks [", "1", "2, 4", "] and [4]")
    assert citations.renumber([p], {12: 2, 4: 13}) == 2
    assert text(p) == "Talks [2, 13] and [13]"
    assert citations.cited_numbers([text(p)]) == {2, 13}


def test_a_source_no_longer_on_record_is_a_question_mark():
    p = paragraph("[3, 1]")
    citations.renumber([p], {3: None, 1: 1})
    assert text(p) == "[1, ?]"


def test_lines_read_a_table_row_as_one_line_and_compare_without_citations():
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tr><w:tc><w:p><w:r><w:t>8 December 2020</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Online talks</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>[5]</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl>"
    )
    assert citations.lines([table]) == ["8 December 2020 · Online talks · [5]"]
    assert citations.without_citations("8 December 2020 · Online talks · [5]") == "8 December 2020 · Online talks ·"
