"""The Excel cooperation matrix, reopened with openpyxl: numbers, links, layout, and safety with hostile data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import shutil
from collections import Counter
from importlib.metadata import entry_points
from io import BytesIO

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from briefgen.dataset import load_dataset
from briefgen.matrix import build_matrix
from briefgen.render import VisitViews
from briefgen.render.xlsx import (
    ACTIVITY_COLUMNS,
    COMMITMENT_COLUMNS,
    HEADER_ROW,
    MATRIX_HEADER,
    PRINT_AT_LEAST,
    PRINT_WHOLE_UP_TO,
    XlsxRenderer,
    clean,
    printed_sentence,
    render_matrix,
    safe_url,
)

from .conftest import to_pdf

AS_OF = dt.date(2026, 11, 23)
INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", '=HYPERLINK("http://evil.example","x")']


@pytest.fixture(scope="module")
def view(dataset):
    return build_matrix(dataset, as_of=AS_OF)


@pytest.fixture(scope="module")
def data(view):
    return render_matrix(view)


@pytest.fixture(scope="module")
def wb(data):
    return load_workbook(BytesIO(data))


def matrix_cells(ws):
    """{(field label, year): value} and the totals, read back from the Matrix sheet."""
    years = [c.value for c in ws[MATRIX_HEADER][1:-1]]
    cells, row_totals, row = {}, {}, MATRIX_HEADER + 1
    while ws.cell(row, 1).value != ws.cell(MATRIX_HEADER, len(years) + 2).value:  # up to the "Total" row
        label = ws.cell(row, 1).value
        for col, year in enumerate(years, start=2):
            cells[label, year] = ws.cell(row, col).value
        row_totals[label] = ws.cell(row, len(years) + 2).value
        row += 1
    col_totals = {year: ws.cell(row, col).value for col, year in enumerate(years, start=2)}
    return years, cells, row_totals, col_totals, ws.cell(row, len(years) + 2).value


def table_rows(ws):
    header = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_sheets_and_matrix_numbers(wb):
    assert wb.sheetnames == ["Matrix", "Activities", "Commitments", "Sources"]
    years, cells, row_totals, col_totals, total = matrix_cells(wb["Matrix"])
    assert years == list(range(2017, 2021))  # the first to the last year with a record
    # 5G in 2020, counted by hand from the YAML: three meetings list 5g (m-2020-01-09-hung-takaichi,
    # m-2020-01-09-phuc-takaichi, m-2020-12-01-jwg4), one agreement (a-2020-moc), three commitments
    # (c-2020-5g-joint, c-2020-local5g-survey, c-2020-5g-continue): 7.
    assert cells["5G", 2020] == 7
    assert cells["Postal services", 2017] == 3  # m-2017-03-29 and the two Vietnam Post agreements
    for label, value in row_totals.items():
        assert (value or 0) == sum(cells[label, y] or 0 for y in years)
    # Totals count activities, each once however many fields it covers: 30 activities, 72 field entries.
    assert sum(v or 0 for v in row_totals.values()) == 72
    assert total == sum(v or 0 for v in col_totals.values()) == 30


def test_empty_years_are_blank_and_grey(wb):
    ws = wb["Matrix"]
    cell = ws.cell(MATRIX_HEADER + 1, 2 + 2019 - 2017)  # first field, 2019
    assert cell.value is None and cell.fill.fgColor.rgb.endswith("F2F2F2")
    assert not any(
        ws.cell(r, c).value == 0 for r in range(MATRIX_HEADER + 1, ws.max_row + 1) for c in range(2, ws.max_column + 1)
    )
    assert len(ws.conditional_formatting) == 1


def test_filtering_activities_by_field_and_year_reproduces_every_cell(wb):
    years, cells, _, _, total = matrix_cells(wb["Matrix"])
    rows = table_rows(wb["Activities"])
    # one row per activity, its fields in one cell: a filter on the Field column ("contains") gives each cell
    counted = Counter((field, r["Year"]) for r in rows for field in r["Field"].split("; "))
    assert len({r["Record"] for r in rows}) == len(rows) == total
    for (label, year), value in cells.items():
        assert counted[label, year] == (value or 0), (label, year)


def test_matrix_cells_link_to_the_first_row_of_their_block(wb):
    ws, activities = wb["Matrix"], wb["Activities"]
    years = [c.value for c in ws[MATRIX_HEADER][1:-1]]
    links = 0
    for row in ws.iter_rows(min_row=MATRIX_HEADER + 1, min_col=2, max_col=len(years) + 1):
        for cell in row:
            if cell.value and ws.cell(cell.row, 1).value != "Total":
                field, year = ws.cell(cell.row, 1).value, years[cell.column - 2]
                sheet, target = cell.hyperlink.location.split("!")
                assert sheet == "'Activities'"
                target_row = int(target[1:])
                fields, row_year = activities.cell(target_row, 3).value, activities.cell(target_row, 2).value
                assert field in fields.split("; ") and row_year == year
                # the first (newest) activity of that field and year: none above it has both
                above = range(HEADER_ROW + 1, target_row)
                assert not any(
                    field in activities.cell(r, 3).value.split("; ") and activities.cell(r, 2).value == year
                    for r in above
                )
                links += 1
    assert links == 27  # one per non-empty cell


def test_sources_commitments_and_kinds(wb):
    rows = table_rows(wb["Activities"])
    moc = next(r for r in rows if r["Record"] == "a-2020-moc")
    assert (
        (moc["Date"], moc["Kind"], moc["Type"], moc["Source"])
        == (
            dt.datetime(2020, 1, 9),  # a date, not text
            "Agreement signed",
            "MoC",
            "“The signing ceremony of Memorandum of Cooperation between MIC and the Ministry of Home Affairs and Communications of Japan”, 10 January 2020",  # publisher (none here), title, date
        )
    )
    assert "5G" in moc["Field"].split("; ") and len(moc["Field"].split("; ")) > 1  # one row, its fields in a cell
    commitments = table_rows(wb["Commitments"])
    assert len(commitments) == 20
    odainfosec = next(r for r in commitments if r["Record"] == "c-2017-odainfosec-request")
    # Issue 25: no "Months without news" column (the brief dropped that count); the status says since when.
    assert "Months without news" not in odainfosec
    assert odainfosec["Status"] == "no update recorded since 29 March 2017"
    assert odainfosec["Check"] == "year inferred; machine translation only: confirm"  # the flags travel with the row
    assert [r["Status"].startswith("in progress") for r in commitments].count(True) == 1
    talks = next(r for r in rows if r["Record"] == "m-2017-03-29-tuan-takaichi")
    assert talks["Check"] == "year inferred; machine translation only: confirm"
    assert not any("seeds/" in str(v) or ".txt" in str(v) for r in rows + commitments for v in r.values())


def test_rows_print_their_sources_as_the_numbers_of_the_sources_sheet(wb):
    """The printed lists cite sources by number (a full citation wrapped a printed row to 7-9 lines); the
    Sources sheet words each as the row's own Source cell does, and prints those the printed rows cite."""
    sources = {r["No."]: r["Source"] for r in table_rows(wb["Sources"])}
    assert sorted(sources) == list(range(1, len(sources) + 1)) and len(set(sources.values())) == len(sources)
    cited: list[int] = []
    for sheet in ("Activities", "Commitments"):
        for row in table_rows(wb[sheet]):
            numbers = [int(n) for n in str(row["Source no."]).split(", ")]
            assert "; ".join(sources[n] for n in numbers) == row["Source"], row["Record"]
            cited += numbers
    assert set(cited) == set(sources)  # every source listed is cited, each once in the list
    assert list(dict.fromkeys(cited)) == sorted(set(cited))  # numbered as the printed rows first cite them
    ws = wb["Sources"]
    assert ws.print_area == f"'Sources'!$A$1:$B${HEADER_ROW + len(sources)}"  # a short list prints whole
    assert wb["Activities"].print_area.endswith("$J$34")  # the printed columns end with the numbers
    header = [c.value for c in wb["Activities"][HEADER_ROW]]
    assert header.index("Source no.") == 9 and header.index("Source") == 10


def test_layout_print_and_tables(wb):
    ws = wb["Matrix"]
    assert ws.freeze_panes == f"B{MATRIX_HEADER + 1}"
    assert ws["A1"].value == "Cooperation matrix"
    assert ws["A2"].value == "Viet Nam – Japan, information and communications"
    assert ws["A4"].value == "As of 23 November 2026" and ws["A5"].value == "For internal use"
    assert ws.column_dimensions["A"].width >= len("Cybersecurity and information security")
    for sheet in wb.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows
        assert "For internal use" in sheet.oddHeader.center.text
    # once a page: the matrix's first page shows it in its rows, the tables' pages in their header only
    assert ws.HeaderFooter.differentFirst and not ws.firstHeader.center.text and ws.firstFooter.right.text
    assert all("For internal use" not in str(wb[name]["A2"].value) for name in ("Activities", "Commitments"))
    assert ws.print_title_cols == "$A:$A"
    for name, sheet in (("Activities", wb["Activities"]), ("Commitments", wb["Commitments"])):
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        table = sheet.tables[name]
        assert table.ref.startswith(f"A{HEADER_ROW}:") and table.autoFilter is not None
        header = [c.value for c in sheet[HEADER_ROW]]
        assert header[-1] == "Record"  # ids last, narrow, and not printed


def _long_activities(view, recent: int):
    """The view with more activities than a list prints whole (copies of the oldest one added, in its year and
    field, so the matrix's cells still link to a row), its `recent` newest activities recent."""
    base = min(view.activities, key=lambda a: a.date_iso)
    extra = [dataclasses.replace(base, id=f"long-{i:03d}") for i in range(PRINT_WHOLE_UP_TO + 15)]
    rows = [*view.activities, *extra]
    newest = sorted({(a.date_iso, a.kind, a.id) for a in rows}, reverse=True)[:recent]
    chosen = {(kind, id_) for _, kind, id_ in newest}
    rows = [dataclasses.replace(a, recent=(a.kind, a.id) in chosen) for a in rows]
    counts = {field: dict(years) for field, years in view.counts.items()}
    counts[base.field_id][base.year] += len(extra)
    return dataclasses.replace(view, activities=tuple(rows), counts=counts)


@pytest.mark.parametrize("recent", [0, 3, PRINT_AT_LEAST + 5])
def test_a_long_list_prints_its_recent_rows_and_at_least_its_first(view, recent):
    """A long list whose last months were quiet printed only its header (a matrix made a year after the last
    activity printed none): it now prints its first rows, newest first, and says how many are recent."""
    long = _long_activities(view, recent)
    ws = load_workbook(BytesIO(render_matrix(long)))["Activities"]
    shown = max(recent, PRINT_AT_LEAST)
    assert ws.print_area.split("!")[1].endswith(f"${HEADER_ROW + shown}")
    sentence = ws.cell(3, 1).value
    total = len({(a.kind, a.id) for a in long.activities})
    if recent == 0:
        assert (
            f"Printed: the first {shown} rows, none of them from the last 12 months; the sheet holds all {total}."
            in sentence
        )
    elif recent < PRINT_AT_LEAST:
        assert f"Printed: the first {shown} rows, {recent} of them from the last 12 months;" in sentence
    else:
        assert f"Printed: the {shown} rows of the last 12 months; the sheet holds all {total}." in sentence
    printed = [
        ws.cell(row, 1 + [k for k, *_ in ACTIVITY_COLUMNS].index("date")).value
        for row in range(HEADER_ROW + 1, HEADER_ROW + shown + 1)
    ]
    assert printed == sorted(printed, reverse=True)  # the newest


def test_the_printed_sentence_in_vietnamese(dataset):
    labels = build_matrix(dataset, as_of=AS_OF, lang="vi").labels
    rows = [dataclasses.make_dataclass("Row", [("recent", bool)])(i < 2) for i in range(70)]
    assert printed_sentence(labels, rows, PRINT_AT_LEAST, 12) == (
        "Bản in: 10 dòng đầu, trong đó 2 dòng thuộc 12 tháng gần đây; trang tính có đủ 70 dòng."
    )
    assert "không có dòng nào thuộc 12 tháng gần đây" in printed_sentence(labels, rows[2:], PRINT_AT_LEAST, 12)


@pytest.mark.parametrize("columns, name", [(ACTIVITY_COLUMNS, "Activities"), (COMMITMENT_COLUMNS, "Commitments")])
def test_printed_lists_stay_readable(wb, columns, name):
    """Fit to width scales 11-point text by (A4 landscape width) / (printed columns' width): the printed
    columns are chosen so that the scale never goes below 8 points."""
    from briefgen.render.xlsx import MAX_PRINT_WIDTH, PRINTED

    sheet = wb[name]
    printed = PRINTED[name]
    assert sheet.print_area.split("!")[1].startswith(f"$A$1:${chr(ord('A') + printed - 1)}$")
    width = sum(sheet.column_dimensions[chr(ord("A") + i)].width for i in range(printed))
    assert width <= MAX_PRINT_WIDTH and 140 / MAX_PRINT_WIDTH * 11 >= 8
    assert "Record" not in [sheet.cell(HEADER_ROW, c + 1).value for c in range(printed)]


def test_document_properties(wb, dataset):
    props = wb.properties
    assert props.creator == dataset.manifest.author.in_lang("en", "en")[0]
    assert props.title == "Cooperation matrix: Viet Nam – Japan, information and communications"
    assert "For internal use" in props.keywords and "23 November 2026" in props.subject


def test_vietnamese_workbook(dataset):
    wb = load_workbook(BytesIO(render_matrix(build_matrix(dataset, as_of=AS_OF, lang="vi"))))
    assert wb.sheetnames == ["Ma trận", "Hoạt động", "Cam kết", "Nguồn"]
    ws = wb["Ma trận"]
    assert ws.cell(MATRIX_HEADER, 1).value == "Lĩnh vực"
    assert "Bưu chính" in [c.value for c in ws["A"]]
    assert ws.cell(MATRIX_HEADER + 1, 2).hyperlink.location.startswith("'Hoạt động'!A")
    assert [c.value for c in wb["Hoạt động"][HEADER_ROW]][:3] == ["Ngày", "Năm", "Lĩnh vực"]
    # dates as the Vietnamese brief's tables write them: the day first, at the precision known
    formats = {c.number_format for c in wb["Hoạt động"]["A"][HEADER_ROW:] if isinstance(c.value, dt.datetime)}
    assert formats and formats <= {"dd/mm/yyyy", "mm/yyyy", "yyyy"} and "dd/mm/yyyy" in formats


def test_renderer_plugin(view, data):
    assert (XlsxRenderer.name, XlsxRenderer.suffix, XlsxRenderer.kind) == ("xlsx", ".xlsx", "matrix")
    assert next(ep for ep in entry_points(group="briefgen.renderers") if ep.name == "xlsx").load() is XlsxRenderer
    rendered = XlsxRenderer().render(VisitViews(brief=None, matrix=view))
    assert load_workbook(BytesIO(rendered))["Matrix"].cell(MATRIX_HEADER + 1, 2).value == 1
    assert len(data) < 100_000


def test_render_leaves_the_collector_to_the_process_policy(view):
    """The collector policy is the process's (briefgen.process): with the collector off, as under the CLI,
    no collection runs while rendering, and the renderer does not turn it on."""
    starts = []
    was_enabled = gc.isenabled()

    def record(phase, info):
        if phase == "start":
            starts.append(info["generation"])

    gc.callbacks.append(record)
    gc.disable()
    try:
        render_matrix(view)
        assert starts == [] and not gc.isenabled()
    finally:
        gc.callbacks.remove(record)
        (gc.enable if was_enabled else gc.disable)()


def test_a_rendered_workbook_leaves_no_cells_for_the_cyclic_collector(view):
    """Its cells are freed by reference counting as soon as the workbook is saved, not left in cycles."""
    from openpyxl.cell.cell import Cell

    was_enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable is kept in gc.garbage to be counted
    try:
        render_matrix(view)
        gc.collect()
        cells = sum(isinstance(o, Cell) for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        (gc.enable if was_enabled else gc.disable)()
    assert cells < 10  # the first cell of each merged range stays with its range; there are ~1,000 cells


# --- hostile data ------------------------------------------------------------------------

BAD_CHARS = "a\x01b\x0bc\x1fd\ufffee\ufffff"  # pydantic already refuses lone surrogates in a dataset
LONG = "x" * 40_000


class _NoAliases(yaml.SafeDumper):
    """Repeated values written out in full: a dataset refuses YAML anchors."""

    def ignore_aliases(self, data):
        return True


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "seeds").mkdir()
    (root / "seeds" / "s3.txt").write_text("seed", encoding="utf-8")
    meeting = {
        "place": {"online": True},
        "kind": "working_group",
        "orgs": ["o-vn", "o-jp"],
        "fields": ["f1"],
        "summary": "S",
        "sources": ["s1"],
    }
    data = {
        "manifest": {
            "name": "Hostile",
            "scope": "=1+1 & scope",
            "home": "VN",
            "partners": ["JP"],
            "handling": "Restricted & <marked>\x07",
            "languages": ["en"],
            "author": "=Author",
            "seeds_dir": "../seeds",
        },
        "sources": [
            {
                "id": "s1",
                "title": "S1",
                "publisher": "P",
                "language": "en",
                "reliability": "press",
                "url": "https://example.org/a?x=1&y=2",
            },
            {
                "id": "s2",
                "title": "S2",
                "publisher": "P",
                "language": "en",
                "reliability": "press",
                "url": "javascript:alert(1)",
            },
            {"id": "s3", "title": "S3", "publisher": "P", "language": "en", "reliability": "press", "file": "s3.txt"},
        ],
        "fields": [{"id": "f1", "labels": {"en": "=SUM(1,2)", "vi": "@vi"}}],
        "organizations": [
            {"id": "o-vn", "names": {"en": "-2+3"}, "country": "VN"},
            {"id": "o-jp", "names": {"en": "+cmd"}, "country": "JP"},
        ],
        "people": [
            {
                "id": "p1",
                "name": {"family": "=Evil", "given": "Name", "order": "family_first", "address_by": "family"},
                "country": "JP",
            }
        ],
        "meetings": [
            {**meeting, "id": f"m{i}", "date": f"2020-01-{i + 1:02d}", "title": title}
            for i, title in enumerate([*INJECTIONS, BAD_CHARS, LONG])
        ]
        + [
            {
                **meeting,
                "id": "m-js",
                "date": "2021-03",
                "title": "Linked to javascript",
                "sources": ["s2"],
                "participants": [{"person": "p1", "side": "JP"}],
            },
            {**meeting, "id": "m-seed", "date": "2021-04", "title": "From a seed", "sources": ["s3", "s1"]},
        ],
        "commitments": [
            {
                "id": "c-done",
                "text": "=2+2",
                "kind": "joint",
                "owed_by": ["VN"],
                "field": "f1",
                "made_at": {"meeting": "m0"},
                "sources": ["s1"],
                "updates": [{"date": "2020-06", "status": "done", "text": "@note", "sources": ["s1"]}],
            },
            {
                "id": "c-open",
                "text": "-open",
                "kind": "request",
                "owed_by": ["JP"],
                "field": "f1",
                "made_at": {"meeting": "m1"},
                "sources": ["s1"],
            },
        ],
    }
    (root / "data").mkdir()
    (root / "data" / "data.yaml").write_text(yaml.dump(data, Dumper=_NoAliases), encoding="utf-8")
    view = build_matrix(load_dataset(root / "data"), as_of=AS_OF)
    return load_workbook(BytesIO(render_matrix(view)))


def all_cells(wb):
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_no_formula_anywhere_and_injections_stay_text(hostile):
    cells = all_cells(hostile)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in [*INJECTIONS, "=SUM(1,2)", "-2+3, +cmd", "=2+2", "-open", "=1+1 & scope"]:
        assert text in titles, text
        assert titles[text].data_type == "s"
    assert any(isinstance(v, str) and "=Evil Name" in v for v in titles)


def test_control_characters_removed_and_long_text_cut(hostile):
    values = [c.value for c in all_cells(hostile) if isinstance(c.value, str)]
    assert "abcdef" in values
    assert not any(ch in v for v in values for ch in "\x01\x0b\x1f\ufffe\uffff\ud800")
    assert max(len(v) for v in values) == 32_767
    assert clean("a\ud800b\udfffc\x00") == "abc" and clean("\t\n\r ok") == "\t\n\r ok"
    assert len(clean("😀" * 20_000).encode("utf-16-le")) // 2 <= 32_767  # Excel counts UTF-16 units


def test_only_http_sources_become_hyperlinks(hostile):
    rows = {r["Record"]: r for r in table_rows(hostile["Activities"])}
    ws = hostile["Activities"]
    header = [c.value for c in ws[HEADER_ROW]]
    source_col, id_col = header.index("Source") + 1, header.index("Record") + 1
    by_id = {ws.cell(r, id_col).value: ws.cell(r, source_col) for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert by_id["m0"].hyperlink.target == "https://example.org/a?x=1&y=2"
    # no unsafe address, even as text; a source without a date says so, as in the brief
    assert by_id["m-js"].hyperlink is None and rows["m-js"]["Source"] == "P, “S2”, undated"
    assert "https://" not in rows["m-seed"]["Source"] and "seeds/" not in rows["m-seed"]["Source"]
    assert by_id["m-seed"].hyperlink.target == "https://example.org/a?x=1&y=2"
    assert safe_url("https://ok.example/x") and not safe_url("file:///etc/passwd") and not safe_url("http://a b")


def test_open_commitments_first_and_properties_cleaned(hostile):
    rows = table_rows(hostile["Commitments"])
    assert [r["Record"] for r in rows] == ["c-open", "c-done"]
    assert rows[1]["Status"] == "done (update of June 2020)" and rows[1]["Last update"] == dt.datetime(2020, 6, 1)
    assert rows[1]["Latest update"] == "@note"
    ws = hostile["Commitments"]
    column = [c.value for c in ws[HEADER_ROW]].index("Last update") + 1
    assert ws.cell(HEADER_ROW + 2, column).number_format == "yyyy-mm"  # at the precision known
    assert hostile.properties.creator == "=Author"
    assert hostile.properties.keywords.startswith("Restricted & <marked>") and "\x07" not in hostile.properties.keywords
    assert "Restricted && <marked>" in hostile["Matrix"].oddHeader.center.text


@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_each_list_cell_has_its_own_style(which, request):
    """Styles are registered once per combination and copied to later cells: no cell may end up with
    another's (a link font, the open fill, a quote prefix or an alignment where it does not belong)."""
    wb = request.getfixturevalue("wb" if which == "bundled" else "hostile")
    seen = Counter()
    for sheet, columns in (("Activities", ACTIVITY_COLUMNS), ("Commitments", COMMITMENT_COLUMNS)):
        ws = wb[sheet]
        status_col = 1 + [attr for _, attr, _, _ in columns].index("status_label")
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            # statuses are worded as the brief words them (issue 25): closed ones start "done"/"dropped"
            status = str(row[status_col - 1].value or "")
            is_open = sheet == "Commitments" and not status.startswith(("done", "dropped"))
            for cell, (_, attr, _, wrap) in zip(row, columns):
                value, link = cell.value, cell.hyperlink is not None
                assert cell.alignment.wrap_text is (True if wrap else None), cell.coordinate
                assert cell.alignment.horizontal == (None if wrap else "center"), cell.coordinate
                assert cell.alignment.vertical == "top"
                color = cell.font.color
                assert (color is not None and color.type == "rgb" and color.rgb == "000563C1") is link, cell.coordinate
                assert cell.font.underline == ("single" if link else None), cell.coordinate
                open_fill = cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "00FCE4D6"
                assert open_fill is (attr == "status_label" and is_open), cell.coordinate
                formula_like = isinstance(value, str) and value.startswith(("=", "+", "-", "@"))
                assert bool(cell.quotePrefix) is formula_like, cell.coordinate
                seen[link, open_fill, formula_like] += 1
    if which == "bundled":  # no web sources there; every commitment is open or in progress
        assert seen[False, True, False] == 20 and set(seen) == {(False, False, False), (False, True, False)}
    else:
        assert seen[True, False, False] and seen[False, False, True] and seen[False, True, False] == 1


# --- command line and LibreOffice ------------------------------------------------------------


def test_cli_never_overwrites_writes_next_name_and_forces(tmp_path):
    import briefgen.cli.commands  # noqa: F401
    from briefgen.cli.app import app

    runner = CliRunner()
    args = ["matrix", "--date", "2026-11-23", "--out", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    path = tmp_path / "2026-11-23_Viet-Nam-Japan-information-and-communications_matrix-en.xlsx"
    assert path.is_file() and load_workbook(path)["Matrix"]["A1"].value == "Cooperation matrix"
    before = path.read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and path.read_bytes() == before
    assert path.with_name(path.stem + "-2.xlsx").is_file()
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert not path.with_name(path.stem + "-3.xlsx").exists()
    ranged = runner.invoke(app, [*args, "--country", "jp", "--from", "2017", "--to", "2020", "--lang", "vi"])
    assert ranged.exit_code == 0, ranged.output
    wb = load_workbook(
        tmp_path / "2026-11-23_Viet-Nam-Japan-information-and-communications-JP-2017-2020_matrix-vi.xlsx"
    )
    assert [c.value for c in wb["Ma trận"][MATRIX_HEADER]][1:-1] == [2017, 2018, 2019, 2020]
    assert not list(tmp_path.glob(".briefgen-*"))
    bad = runner.invoke(app, [*args, "--date", "2026-02-30"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)",
)
def test_libreoffice_converts_the_workbook_to_pdf(tmp_path, data):
    source = tmp_path / "matrix.xlsx"
    source.write_bytes(data)
    (pdf,) = to_pdf([source], tmp_path, timeout=120)
    assert pdf.is_file() and pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")


def test_the_renderer_counts_the_characters_its_cells_could_not_hold(view):
    """`last_cleaned` (reported to the officer) counts what the cells lost: BAD_CHARS holds five characters XML
    cannot hold, written once in the Activities sheet."""
    first = dataclasses.replace(view.activities[0], title=BAD_CHARS)
    renderer = XlsxRenderer()
    data = renderer.render(VisitViews(None, dataclasses.replace(view, activities=[first, *view.activities[1:]])))
    assert renderer.last_cleaned == 5
    assert "abcdef" in {c.value for c in all_cells(load_workbook(BytesIO(data)))}
    renderer.render(VisitViews(None, view))
    assert renderer.last_cleaned == 0


def test_many_years_are_grouped_into_periods_ending_with_the_last_year():
    from briefgen.render.xlsx import MAX_YEAR_COLUMNS, year_groups

    assert year_groups((2017, 2018)) == [(2017,), (2018,)]
    groups = year_groups(tuple(range(1995, 2026)))  # 31 years, as at size L
    assert len(groups) <= MAX_YEAR_COLUMNS and groups[-1] == (2023, 2024, 2025)
    assert [y for g in groups for y in g] == list(range(1995, 2026))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_visit_workbook_cites_a_source_by_the_brief_s_number(dataset, lang):
    """One visit, one number per source: the workbook's Sources sheet numbers a source the brief cites as the
    brief's sources annex does, and those the brief does not cite after them."""
    from briefgen.visit import build_views

    views = build_views(dataset, "takaichi-sanae", visit_date=AS_OF, lang=lang, today=AS_OF)
    wb = load_workbook(BytesIO(XlsxRenderer().render(views)))
    sheet = wb.worksheets[3]
    header = [c.value for c in sheet[HEADER_ROW]]
    listed = {
        row[header.index(views.matrix.labels["source_no"])]: row[header.index(views.matrix.labels["source"])]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }
    by_text = {text: number for number, text in listed.items()}
    brief = {s.source_id: s.number for s in views.brief.sources}
    assert brief and set(brief) <= set(views.matrix.sources)  # the bundled brief cites only the workbook's
    for source_id, number in brief.items():
        assert by_text[views.matrix.sources[source_id].text] == number, source_id
    others = sorted(n for n in listed if n not in brief.values())
    assert others == list(range(max(brief.values()) + 1, max(brief.values()) + 1 + len(others)))
    assert "brief" in str(sheet["A3"].value) or "tài liệu" in str(sheet["A3"].value)
