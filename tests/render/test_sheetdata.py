"""The workbook's cells written as text: byte for byte what openpyxl's own writer writes, part by part."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from briefgen.dataset import load_dataset
from briefgen.render import sheetdata
from briefgen.render.xlsx import BOLD, DATE_CELL, GRID, LINK, WRAP, Cells, _render_matrix, clean
from briefgen.visit import build_views

REPO = Path(__file__).resolve().parents[2]
VISIT = dt.date(2026, 12, 1)
# The workbook's own times: openpyxl stamps "created" when the Workbook is made and "modified" when it is saved.
TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def openpyxl_save(workbook: Workbook) -> bytes:
    """The workbook saved by openpyxl's own writer: what `sheetdata.save` must match."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of the file, in the archive's order, the clock's times left out."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: TIMES.sub(b"", archive.read(name)) for name in archive.namelist()}


def assert_same_parts(fast: bytes, plain: bytes) -> None:
    ours, theirs = parts(fast), parts(plain)
    assert list(ours) == list(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name


def _generated(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("bench") / "M"
    module.generate("M", 1, out)
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = _generated(tmp_path_factory)
    return load_dataset(folder), (folder / "counterpart.txt").read_text().strip()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_bundled_visit_workbook_is_openpyxls_byte_for_byte(dataset, lang):
    views = build_views(dataset, "takaichi-sanae", visit_date=VISIT, lang=lang, today=VISIT)
    fast, plain = _render_matrix(views.matrix)[0], _render_matrix(views.matrix, plain=True)[0]
    assert_same_parts(fast, plain)
    assert load_workbook(BytesIO(fast)).worksheets[0]["A1"].value == views.matrix.title


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_generated_dataset_workbook_is_openpyxls_byte_for_byte(generated, lang):
    dataset, counterpart = generated
    views = build_views(dataset, counterpart, visit_date=VISIT, lang=lang, today=VISIT)
    fast, plain = _render_matrix(views.matrix)[0], _render_matrix(views.matrix, plain=True)[0]
    assert_same_parts(fast, plain)
    sheets = load_workbook(BytesIO(fast)).worksheets
    assert sheets[1].max_row > 1000  # a list long enough to hold every kind of cell many times over


def _workbook(strings: list[str], *, plain: bool) -> bytes:
    """A sheet holding each string twice, as an openpyxl cell (column A) and as an entry (column B, as the
    list sheets hold their rows), in looks of their own, a link on every third, with a number, a date and an
    empty styled cell beside them, and a row with a height and no cell; saved by openpyxl's writer from
    openpyxl cells only (`plain`) or by `sheetdata.save`.  Made afresh for each writer, so that each registers
    the styles itself."""
    wb = Workbook()
    cells = Cells(wb, as_cells=plain)
    ws = wb.active
    looks = [{}, {"alignment": WRAP}, {"font": LINK}, {"font": BOLD, "border": GRID}]
    date_look = cells.look(alignment=DATE_CELL, number_format="yyyy")
    for row, text in enumerate(strings, start=1):
        link = f"https://example.org/{row}" if row % 3 == 0 else ""
        cell = cells.put(ws, row, 1, text, **looks[row % len(looks)])
        if link and text:  # (openpyxl writes the target into an empty cell given a link)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, target=link)
        cells.add(ws, row, 2, text, cells.look(**looks[(row + 1) % len(looks)]), link)
        cells.add(ws, row, 3, row * 1.5 if row % 2 else row, cells.look())
        cells.add(ws, row, 4, dt.date(2000 + row % 30, 1 + row % 12, 1), date_look)
        cells.put(ws, row, 6, None, border=GRID)
        ws.row_dimensions[row].height = 15 * (1 + row % 3)
    ws.row_dimensions[len(strings) + 3].height = 30
    if plain:
        return openpyxl_save(wb)
    return sheetdata.save(wb, cells.entries)


TEXTS = st.text(st.characters(codec="utf-8"), max_size=40).map(clean)
SAMPLES = [
    " leading",
    "trailing ",
    "\tтаб\n",
    "a & b < c > d \"quoted\" 'single'",
    "line\r\nbreak",
    "=SUM(A1)",
    "+1",
    "Bộ Thông tin và Truyền thông",
    "総務省 情報通信",
    "😀 astral",
    "\u00a0no-break\u00a0",
    "_x0041_",
    "\x7f \x85 \u2028 \ufeff \u3000",  # kept by clean(): DEL written as it is, the others as references
    "]]> &amp; &#13;",
    "",
]


@given(st.lists(TEXTS, min_size=1, max_size=12))
@example(SAMPLES)
def test_cleaned_strings_read_back_and_match_openpyxl(strings):
    fast = _workbook(strings, plain=False)
    assert_same_parts(fast, _workbook(strings, plain=True))
    ws = load_workbook(BytesIO(fast)).active
    rows = range(1, len(strings) + 1)
    assert [ws.cell(row, 1).value or "" for row in rows] == strings
    # an empty cell given a link shows its target, as openpyxl makes it
    linked = [text or (f"https://example.org/{row}" if row % 3 == 0 else "") for row, text in zip(rows, strings)]
    assert [ws.cell(row, 2).value or "" for row in rows] == linked


def test_a_formula_is_left_to_openpyxl():
    """A kind of cell the matrix never holds is written by openpyxl's own code, in the same file, the
    sheet's entries made openpyxl cells among the others."""

    def workbook(plain: bool) -> bytes:
        wb = Workbook()
        cells = Cells(wb, as_cells=plain)
        wb.active["A1"] = "=1+1"
        cells.add(wb.active, 2, 1, "text", cells.look(alignment=WRAP), "https://example.org/")
        cells.add(wb.active, 3, 2, dt.date(2020, 1, 9), cells.look(alignment=DATE_CELL, number_format="yyyy-mm-dd"))
        if not plain:
            assert sheetdata.sheet_data(wb.active, cells.entries[wb.active]) is None
        return openpyxl_save(wb) if plain else sheetdata.save(wb, cells.entries)

    fast = workbook(plain=False)
    assert_same_parts(fast, workbook(plain=True))
    ws = load_workbook(BytesIO(fast)).active
    assert (ws["A1"].value, ws["A2"].value, ws["A2"].hyperlink.target) == ("=1+1", "text", "https://example.org/")
    assert ws["B3"].value == dt.datetime(2020, 1, 9)


def test_a_string_the_cleaning_empties_is_the_same_cell_either_way():
    """A string made only of characters a workbook cannot hold is cleaned to nothing: written as an entry it
    must still be the empty text cell openpyxl writes for it (it was once an empty number cell)."""

    def workbook(plain: bool) -> bytes:
        wb = Workbook()
        cells = Cells(wb, as_cells=plain)
        cells.add(wb.active, 1, 1, "\x01\x02", cells.look(alignment=WRAP))
        cells.add(wb.active, 2, 1, "", cells.look(alignment=WRAP))
        cells.add(wb.active, 3, 1, None, cells.look(alignment=WRAP))
        assert cells.removed == 2
        return openpyxl_save(wb) if plain else sheetdata.save(wb, cells.entries)

    fast = workbook(plain=False)
    assert_same_parts(fast, workbook(plain=True))
    assert b'<c r="A1" s="1" t="inlineStr"></c>' in parts(fast)["xl/worksheets/sheet1.xml"]
