"""The cooperation matrix as an Excel workbook: Matrix, Activities and Commitments sheets.

The workbook is meant to be forwarded, so nothing from the data may act as
code: every string is written as a text cell (openpyxl would otherwise store
"=…" as a formula), characters XML cannot hold are dropped, strings are cut
to Excel's cell limit, only http(s) sources become hyperlinks, and totals are
written as numbers rather than formulas.  All judgement (what is in scope, the
counts, statuses) comes ready-made in `MatrixView`; this module only lays out.

Text that starts like a formula (= + - @) is also marked "quote prefix", so a
reader who edits such a cell in Excel and presses Enter still gets text, and
header/footer text is cut to fit Excel's 255-character limit (a longer one
makes Excel call the file damaged and "repair" it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from briefgen.render import Renderer, VisitViews, sheetdata
from briefgen.render.text import NOT_XML
from briefgen.viewmodel import ActivityRow, MatrixView

MAX_CELL = 32_767  # Excel's limit, in UTF-16 code units
FORMULA_START = ("=", "+", "-", "@")  # what Excel reads as a formula when a cell is edited
HEADER_FOOTER_TEXT = 100  # characters of data per header/footer part: doubled "&" and codes stay under 255
HEADER_ROW = 4  # of the Activities and Commitments sheets; rows 1-2 say what the list is
MATRIX_HEADER = 7
EMPTY = PatternFill("solid", fgColor="F2F2F2")
OPEN = PatternFill("solid", fgColor="FCE4D6")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Calibri"  # Excel's default; LibreOffice substitutes the metric-compatible Carlito
BOLD, WRAP = Font(name=FONT, bold=True), Alignment(wrap_text=True, vertical="top")
HEADER = {"font": BOLD, "border": GRID, "fill": PatternFill("solid", fgColor="D9E1F2")}
TOP_CENTER = Alignment(horizontal="center", vertical="top")
CENTER, MIDDLE = Alignment(horizontal="center"), Alignment(horizontal="center", vertical="center")
DATE_CELL = Alignment(horizontal="center", vertical="top")  # its own object: a date cell's style carries a format
WRAP_MIDDLE = Alignment(wrap_text=True, vertical="center")
LINK = Font(name=FONT, color="0563C1", underline="single")
LINE_HEIGHT = 15  # points per line of 11-point text
# By language and by how many parts of the date are known: ISO in English, the day first in Vietnamese (as
# the brief's tables write dates), never more precise than the record.
DATE_FORMATS = {
    "en": {1: "yyyy", 2: "yyyy-mm", 3: "yyyy-mm-dd"},
    "vi": {1: "yyyy", 2: "mm/yyyy", 3: "dd/mm/yyyy"},
}
KIND_RANK = {"meeting": 0, "agreement": 1, "commitment": 2}
SPACE = re.compile(r"\s")  # what str.isspace() calls a space

SOURCE_REFS = "source_ids"  # the column that prints a row's sources as their numbers on the Sources sheet
# (label key, row attribute, width, wrap).  The first PRINTED columns of each list are what a printed page
# holds: their widths add up to what fits A4 landscape at 11 pt scaled to no less than 8 pt (MAX_PRINT_WIDTH);
# the columns after them (where it was made, sources, the record) are for the screen.
ACTIVITY_COLUMNS = [
    ("date", "date_iso", 11, False),
    ("year", "year", 6, False),
    ("field", "field_label", 28, True),  # an activity's fields in one cell: often five or more
    ("kind", "kind_label", 14, True),
    ("type", "type_label", 14, True),
    ("summary", "title", 40, True),
    ("participants", "participants", 32, True),
    ("status", "status_label", 18, True),  # "chưa có cập nhật từ ngày 1 tháng 12 năm 2020": 4 lines at 13
    ("flags", "flags", 16, True),
    ("source_refs", SOURCE_REFS, 9, True),
    ("source", "source_text", 40, True),
    ("id", "id", 12, False),
]
# Date columns are 11 wide: a whole date, "02/05/2018" or "2018-05-02", prints in full (at 10 LibreOffice
# printed the Vietnamese dates as "###").
COMMITMENT_COLUMNS = [
    ("text", "text", 52, True),
    ("field", "field_label", 16, True),
    ("owed_by_header", "owed_by", 14, True),
    ("made_on", "made_on_iso", 11, False),
    ("status", "status_label", 18, True),
    ("last_update", "last_update_iso", 11, False),
    ("update_text", "last_update_text", 30, True),
    ("due", "due_iso", 11, False),
    ("flags", "flags", 16, True),
    ("source_refs", SOURCE_REFS, 9, True),
    ("source", "source_text", 40, True),
    ("type", "type_label", 12, True),
    ("made_at", "made_at", 30, True),
    ("id", "id", 12, False),
]
SOURCE_COLUMNS = [("source_no", "number", 6, False), ("source", "source_text", 150, True)]
# How many leading columns each list prints.  A row's sources print as the numbers of the Sources sheet: their
# full citations (publisher, title, date) wrapped to 7-9 lines in a printed column and made the bundled
# matrix 11 pages for 30 activities; the full text stays beside them for the screen.
PRINTED = {"Activities": 10, "Commitments": 10, "Sources": 2}
PRINT_WHOLE_UP_TO = 60  # rows a list prints whole; a longer one prints its recent rows (the sheet holds all)
# ... and at least its first rows (the newest activities, the open commitments): a list whose last months were
# quiet printed only its header, so a printed matrix a year after the last activity showed none of them.
PRINT_AT_LEAST = 10
MAX_YEAR_COLUMNS = 12  # more years than this are grouped into periods on the printed summary
MAX_PRINT_WIDTH = 190  # column-width units: ~140 fit A4 landscape at 100 %; 190 is 8/11 of 11-point text


def clean(text: str) -> str:
    """Text a workbook can hold: no control characters, non-characters or lone surrogates; at most MAX_CELL."""
    return _cleaned(text)[0]


def _cleaned(text: str) -> tuple[str, int]:
    """`clean(text)`, and how many characters XML cannot hold it removed."""
    text, removed = NOT_XML.subn("", text)  # openpyxl's ILLEGAL_CHARACTERS_RE, plus what fails at save
    if len(text) > MAX_CELL // 2:
        units = 0
        for index, char in enumerate(text):
            units += 2 if ord(char) > 0xFFFF else 1
            if units > MAX_CELL:
                return text[:index], removed
    return text, removed


def header_footer_text(text: str) -> str:
    """`text` for a header or footer: one line, cut to fit Excel's limit, with "&" (a code there) doubled.

    Whitespace is collapsed: openpyxl stores a tab or line break there as "_x0009_", seven characters
    of the 255 (found by the hardening tests: 100 tabs made a 673-character header).
    """
    text = " ".join(clean(text).split())
    if len(text) > HEADER_FOOTER_TEXT:
        text = text[: HEADER_FOOTER_TEXT - 1] + "…"
    return text.replace("&", "&&")


class Cells:
    """Writes one workbook's cells: every string cleaned (`removed` counts the characters left out), each
    combination of font, alignment, fill, border, number format and quote prefix registered with the
    workbook once.

    Assigning a style object to a cell makes openpyxl hash the object (every attribute, colours
    included) to look up its id in the workbook: for a large matrix that was ~40,000 hashes and
    about 40 % of the render.  So each combination (a "look") is registered once, and each cell is
    made with a copy of its look's style ids, as openpyxl copies a cell's style.  Cells are made
    directly rather than through `ws.cell()`, which looks each one up before making it and assigns
    its value and style in separate steps (at size L: the workbook's 35,000 cells cost about half as
    much CPU time, ~0.2 s less; measured in docs/benchmarks.md).  A string is cleaned once per
    workbook however many cells hold it (at L: 24,561 strings in cells, 6,217 different).

    The list sheets' rows are not even openpyxl cells: `add()` keeps each as an entry that
    `sheetdata.save` writes as text among the sheet's cells (`entries`, by sheet).  `as_cells` makes
    them openpyxl cells as before, for openpyxl's own writer (what the tests compare with).
    """

    def __init__(self, workbook: Workbook, *, as_cells: bool = False) -> None:
        self._sheet = workbook.worksheets[0]  # styles are registered with the workbook through one of its sheets
        # The list sheets' rows, kept for `sheetdata.save` rather than made openpyxl cells (unless `as_cells`)
        self.entries: dict[Worksheet, list[sheetdata.Entry]] = {}
        self._as_cells = as_cells
        self._kinds: dict[tuple[int, type], tuple[StyleArray, str]] = {}  # (look, type) → style and type of cell
        self._looks: dict[tuple, int] = {}  # the style objects' id()s and number format → the look's number
        self._arrays: list[tuple[StyleArray, StyleArray]] = []  # a look's style ids, plain and quote-prefixed
        self._kept: list[tuple] = []  # the style objects, so that their id() cannot be reused by another one
        self._texts: dict[str, tuple[str, int, bool]] = {}  # a string → as written, characters removed, quoted
        self.removed = 0

    def look(self, font=None, alignment=None, fill=None, border=None, number_format: str | None = None) -> int:
        """The number of this combination of styles (registered with the workbook on first use)."""
        key = (id(font), id(alignment), id(fill), id(border), number_format)
        found = self._looks.get(key)
        if found is None:
            arrays = []
            for quote in (False, True):
                cell = Cell(self._sheet)  # never placed in the sheet: it only registers the combination
                for name, style in (("font", font), ("alignment", alignment), ("fill", fill), ("border", border)):
                    if style is not None:
                        setattr(cell, name, style)
                if quote:
                    cell.quotePrefix = True
                if number_format is not None:
                    cell.number_format = number_format
                arrays.append(cell._style or StyleArray())
            found = self._looks[key] = len(self._arrays)
            self._arrays.append((arrays[0], arrays[1]))
            self._kept.append((font, alignment, fill, border))
        return found

    def text(self, value: str) -> tuple[str, int, bool]:
        """A string as a cell holds it, how many characters that removed, and whether it must be quoted."""
        found = self._texts.get(value)
        if found is None:
            text, removed = _cleaned(value)
            # and stays text when someone edits the cell in Excel
            found = self._texts[value] = (text, removed, text.startswith(FORMULA_START))
        return found

    def put(
        self,
        ws: Worksheet,
        row: int,
        column: int,
        value,
        *,
        font=None,
        alignment=None,
        fill=None,
        border=None,
        number_format: str | None = None,
    ) -> Cell:
        """Write one cell; a string is always a text cell, whatever it starts with."""
        return self.place(ws, row, column, value, self.look(font, alignment, fill, border, number_format))

    def add(self, ws: Worksheet, row: int, column: int, value, look: int, link: str = "") -> None:
        """`place()` a cell linked to `link` (if any), as an entry `sheetdata.save` writes among the sheet's cells
        rather than as an openpyxl cell: at size L the list sheets' ~35,000 cells took ~0.2 s to make.  It holds
        what the cell `place()` makes would hold (the tests compare the two workbooks byte for byte)."""
        if self._as_cells or (link and not value):  # (openpyxl writes a link's target into an empty cell)
            cell = self.place(ws, row, column, value, look)
            if link:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, target=link)
            return
        if isinstance(value, str) or value is None:
            text, style = self._written(value, look)
            entry = (row, column, text, style, "n" if text is None else "s", None)
        else:
            plain = self._arrays[look][0]
            key = (look, type(value))
            found = self._kinds.get(key)
            if found is None:  # what openpyxl makes of a cell of this look holding a value of this type
                probe = Cell(ws, row, column, value, plain)
                found = self._kinds[key] = (probe._style, probe.data_type)
            entry = (row, column, value, found[0], found[1], None)
        if link:
            entry = (*entry[:5], Hyperlink(ref=f"{get_column_letter(column)}{row}", target=link))
        self.entries.setdefault(ws, []).append(entry)

    def place(self, ws: Worksheet, row: int, column: int, value, look: int) -> Cell:
        """Write one new cell in the style `look` (a number from `look()`); a string is always a text cell."""
        if isinstance(value, str):
            text, style = self._written(value, look)
            cell = Cell(ws, row, column, None, style)
            if text is not None:
                # Stored as text directly, as openpyxl's reader does: its value setter would make "=…" a
                # formula, and check again what _cleaned() has already done.
                cell._value, cell.data_type = text, "s"
        else:
            cell = Cell(ws, row, column, value, self._arrays[look][0])
        ws._add_cell(cell)
        return cell

    def _written(self, value: str | None, look: int) -> tuple[str | None, StyleArray]:
        """A string as a text cell holds it (None: no string, an empty cell) and the style it is written in:
        the look's, quote-prefixed when the text would read as a formula.  One place for `place()` and `add()`,
        so that both write the same cell: a string the cleaning empties is still a text cell in each."""
        plain, quoted = self._arrays[look]
        if not value:
            return None, plain
        text, removed, quote = self.text(value)
        self.removed += removed
        return text, quoted if quote else plain


def text_lines(text: str, width: float) -> int:
    """About how many lines `text` takes when wrapped in a column `width` characters wide.

    Row heights must be written: LibreOffice does not fit them to wrapped text when it opens a file.
    """
    per_line = max(int((width - 1) * 1.1), 1)  # 1.2 cut "in progress (update of 30 December 2025)" short
    text = str(text)
    if len(text) <= per_line and "\n" not in text:  # most cells: what follows would count one line
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than the line breaks inside
                lines, used = lines + 1, used - per_line
    return lines


def safe_url(url: str) -> str:
    """The url when it is a plain http(s) link a reader can follow safely, else ""."""
    if not url or len(url) > 2000 or NOT_XML.search(url) or SPACE.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _print_setup(
    ws: Worksheet, matrix: MatrixView, title_rows: str, title_cols: str | None = None, *, marked_first: bool = False
) -> None:
    """A4 landscape, one page wide, the marking in the page header and the scope and page in the footer.

    The marking shows once a page: where the sheet's own rows show it on its first printed page
    (`marked_first`; only the workbook's first page, since LibreOffice keeps "first page" for that one),
    that page's header is left empty.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.HeaderFooter.differentFirst = marked_first
    ws.oddHeader.center.text = header_footer_text(matrix.handling)
    ws.oddHeader.center.font = "-,Bold"
    for footer in (ws.oddFooter, ws.firstFooter):
        footer.left.text = header_footer_text(f"{matrix.title}: {matrix.scope}")
        footer.right.text = "&P / &N"


def year_groups(years: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The summary's columns: one per year, or periods of equal length (the latest ending with the last
    year) when there are more than MAX_YEAR_COLUMNS years, so the summary prints on one or two pages."""
    if len(years) <= MAX_YEAR_COLUMNS:
        return [(y,) for y in years]
    span = -(-len(years) // MAX_YEAR_COLUMNS)
    groups = [tuple(years[max(end - span, 0) : end]) for end in range(len(years), 0, -span)]
    return groups[::-1]


def _group_label(group: tuple[int, ...]) -> int | str:
    return group[0] if len(group) == 1 else f"{group[0]}–{group[-1]}"


def _matrix_sheet(
    ws: Worksheet, cells: Cells, m: MatrixView, first_rows: dict[tuple[str, int], int], target: str
) -> None:
    write = partial(cells.put, ws)
    groups = year_groups(m.years)
    write(1, 1, m.title, font=Font(name=FONT, bold=True, size=14))
    write(2, 1, m.scope, font=Font(name=FONT, bold=True, size=12))
    write(3, 1, m.selection)
    write(4, 1, m.as_of_text)
    write(5, 1, m.handling, font=Font(name=FONT, bold=True, color="C00000"))
    last = len(groups) + 2
    write(MATRIX_HEADER, 1, m.labels["field"], **HEADER)
    for col, group in enumerate(groups, start=2):
        write(MATRIX_HEADER, col, _group_label(group), alignment=CENTER, **HEADER)
    write(MATRIX_HEADER, last, m.labels["total"], alignment=CENTER, **HEADER)
    label_width = min(max([len(f.label) for f in m.fields] + [len(m.labels["total"])]) + 2, 48)
    for row, field in enumerate(m.fields, start=MATRIX_HEADER + 1):
        write(row, 1, field.label, border=GRID, alignment=WRAP_MIDDLE)
        if text_lines(field.label, label_width) > 1:  # only labels longer than the widest column allows
            ws.row_dimensions[row].height = LINE_HEIGHT * text_lines(field.label, label_width)
        for col, group in enumerate(groups, start=2):
            count = sum(m.counts[field.id][year] for year in group)
            cell = write(row, col, count or None, alignment=MIDDLE, border=GRID, fill=None if count else EMPTY)
            if count:
                first = min(first_rows[field.id, y] for y in group if (field.id, y) in first_rows)
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{target}'!A{first}")
        total = m.row_totals[field.id]
        write(row, last, total or None, font=BOLD, alignment=MIDDLE, border=GRID, fill=None if total else EMPTY)
    total_row = MATRIX_HEADER + len(m.fields) + 1
    write(total_row, 1, m.labels["total"], font=BOLD, border=GRID)
    for col, group in enumerate(groups, start=2):
        count = sum(m.col_totals[year] for year in group)
        write(total_row, col, count or None, font=BOLD, alignment=MIDDLE, border=GRID, fill=None if count else EMPTY)
    write(total_row, last, m.total, font=BOLD, alignment=MIDDLE, border=GRID)
    if m.fields and m.years:
        counted = f"B{MATRIX_HEADER + 1}:{get_column_letter(last - 1)}{total_row - 1}"
        ws.conditional_formatting.add(
            counted,
            ColorScaleRule(start_type="num", start_value=1, start_color="DEEBF7", end_type="max", end_color="4A90C8"),
        )
    ws.column_dimensions["A"].width = label_width
    for col in range(2, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = 8 if len(groups) == len(m.years) else 11
    _note(ws, write, total_row + 2, m.labels["note"], last, label_width + 8 * (last - 1))
    ws.freeze_panes = f"B{MATRIX_HEADER + 1}"
    _print_setup(ws, m, f"{MATRIX_HEADER}:{MATRIX_HEADER}", "A:A", marked_first=True)


def _as_date(iso: str, lang: str):
    """A date cell's value and number format from an ISO date at its precision ("2020", "2020-01", "2020-01-09")."""
    parts = [int(p) for p in iso.split("-")]
    formats = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2]), formats[len(parts)]


@dataclass(frozen=True)
class SourceLine:
    """A row of the Sources sheet: a source under the number the list sheets cite it by."""

    number: int
    source_text: str
    source_url: str


def _note(ws: Worksheet, write: Callable, row: int, text: str, last_col: int, width: float) -> None:
    """A sentence about the sheet, wrapped in one cell merged over its first `last_col` columns (`width` wide)."""
    write(row, 1, text, alignment=WRAP)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = LINE_HEIGHT * text_lines(text, width)


def printed_rows(rows) -> int:
    """How many leading rows of a list print: all of a short list; of a long one its recent rows (first in the
    list), and never fewer than PRINT_AT_LEAST."""
    if len(rows) <= PRINT_WHOLE_UP_TO:
        return len(rows)
    return max(sum(1 for item in rows if item.recent), PRINT_AT_LEAST)


def printed_sentence(labels: Mapping[str, str], rows, shown: int, months: int) -> str:
    """What a long list's print holds, in the reader's words: its recent rows, or its first rows and how many
    of them are recent when the recent ones are fewer than PRINT_AT_LEAST."""
    recent = sum(1 for item in rows if item.recent)
    key = "printed_recent" if shown <= recent else "printed_first" if recent else "printed_first_none"
    return labels[key].format(shown=shown, recent=recent, months=months, total=len(rows))


def number_sources(lists, given: dict[str, int]) -> tuple[dict[str, int], list[str], int]:
    """The workbook's source numbers, its sources in the Sources sheet's order, and how many of them print.

    A source the visit's brief numbers keeps the brief's number (`given`); the others are numbered after the
    brief's, as the printed rows of `lists` first cite them, then the rest.  The sheet lists the sources the
    printed rows cite first (its print area), each part by number."""
    printed = [s for rows in lists for item in rows[: printed_rows(rows)] for s in item.source_ids]
    cited = [s for rows in lists for item in rows for s in item.source_ids]
    numbers: dict[str, int] = {}
    following = max(given.values(), default=0)
    for source in dict.fromkeys([*printed, *cited]):
        numbers[source] = given.get(source) or (following := following + 1)
    in_print = set(printed)
    order = sorted(in_print, key=numbers.__getitem__) + sorted(numbers.keys() - in_print, key=numbers.__getitem__)
    return numbers, order, len(in_print)


def _list_sheet(
    ws: Worksheet,
    cells: Cells,
    m: MatrixView,
    title: str,
    columns,
    rows,
    table_name: str,
    note: str = "",
    *,
    numbers: dict[str, int],
    shown: int | None = None,
    printed_note: str = "printed_recent",
) -> None:
    """A titled list as an Excel Table (filters on every column), one row per item.  A long list prints its
    first `shown` rows (by default its recent rows, first in the list) and says so; row heights follow the
    printed columns; a row's sources print as their `numbers`."""
    write = partial(cells.put, ws)
    write(1, 1, title, font=Font(name=FONT, bold=True, size=13))
    write(2, 1, f"{m.scope} · {m.selection} · {m.as_of_text}")  # the marking: in every page's header
    printed = PRINTED[table_name]
    shown = printed_rows(rows) if shown is None else shown
    counted = [note] if note else []  # what the sheet counts, in one sentence
    if shown < len(rows) and printed_note == "printed_recent":
        counted.append(printed_sentence(m.labels, rows, shown, m.recent_months))
    elif shown < len(rows):
        counted.append(m.labels[printed_note].format(shown=shown, total=len(rows)))
    if counted:  # wrapped across the printed columns: a longer sentence was cut at the print area's edge
        _note(ws, write, 3, " ".join(counted), printed, sum(width for _, _, width, _ in columns[:printed]))
    for col, (key, _, width, _) in enumerate(columns, start=1):
        write(HEADER_ROW, col, m.labels[key], alignment=WRAP, **HEADER)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * max(text_lines(m.labels[k], w) for k, _, w, _ in columns)
    # What each column's cells share, worked out once per sheet rather than once per cell: their looks
    # (plain, a link, an open commitment's status), and whether their lines count for the row's height.
    spec = []
    for col, (_, attr, width, wrap) in enumerate(columns, start=1):
        alignment = WRAP if wrap else TOP_CENTER
        looks = (cells.look(alignment=alignment), cells.look(alignment=alignment, font=LINK))
        spec.append((col, attr, width, wrap and col <= printed, looks, cells.look(alignment=alignment, fill=OPEN)))
    dates: dict[str, tuple] = {}  # an ISO date → its value and look (its number format: the precision known)
    lines_of: dict[tuple[str, float], int] = {}  # a printed text and its column's width → its lines
    put = partial(cells.add, ws)
    for row, item in enumerate(rows, start=HEADER_ROW + 1):
        lines = 1
        for col, attr, width, counts, looks, open_look in spec:
            value = getattr(item, attr)
            if attr == SOURCE_REFS:
                value = ", ".join(str(numbers[source]) for source in value)
            elif attr.endswith("_iso") and value:  # dates as dates, at the precision known
                if value not in dates:
                    day, number_format = _as_date(value, m.lang)
                    dates[value] = (day, cells.look(alignment=DATE_CELL, number_format=number_format))
                put(row, col, *dates[value])
                continue
            link = safe_url(item.source_url) if attr == "source_text" else ""
            if attr == "status_label" and getattr(item, "is_open", False):
                put(row, col, value, open_look)
            else:
                put(row, col, value, looks[bool(link)], link)
            if counts:  # heights by the printed columns that wrap: the others are read on screen
                key = (value, width)
                if key not in lines_of:
                    lines_of[key] = text_lines(value, width)
                lines = max(lines, lines_of[key])
        ws.row_dimensions[row].height = min(LINE_HEIGHT * lines, 409)
    end = HEADER_ROW + max(len(rows), 1)  # a table needs a data row, even an empty one
    ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{end}"
    # columns named here, as openpyxl would at save time, but without reading every cell of the range to find them
    names = [TableColumn(id=col, name=str(ws.cell(HEADER_ROW, col).value)) for col in range(1, len(columns) + 1)]
    table = Table(displayName=table_name, ref=ref, tableColumns=names, autoFilter=AutoFilter(ref=ref))
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(ws, m, f"{HEADER_ROW}:{HEADER_ROW}")
    ws.print_area = f"A1:{get_column_letter(printed)}{HEADER_ROW + shown}"  # none: the header, under "printed: 0"


def one_row_each(m: MatrixView) -> tuple[list[ActivityRow], dict[tuple[str, int], int]]:
    """The Activities sheet's rows: one per activity, newest first, its fields in one cell ("5G; Postal
    services"); and the row of the first activity of each field and year (where a matrix cell links to)."""
    merged: dict[tuple[str, str], ActivityRow] = {}
    fields: dict[tuple[str, str], list[ActivityRow]] = {}
    for activity in m.activities:
        key = (activity.kind, activity.id)
        merged.setdefault(key, activity)
        fields.setdefault(key, []).append(activity)
    order = sorted(merged, key=lambda k: (merged[k].date_iso, -KIND_RANK[k[0]], k[1]), reverse=True)
    rows: list[ActivityRow] = []
    first_rows: dict[tuple[str, int], int] = {}
    for row, key in enumerate(order, start=HEADER_ROW + 1):
        each = fields[key]
        rows.append(replace(merged[key], field_label="; ".join(a.field_label for a in each)))
        for activity in each:
            first_rows.setdefault((activity.field_id, activity.year), row)
    return rows, first_rows


def render_matrix(matrix: MatrixView) -> bytes:
    """The whole workbook, built in memory (the collector policy is the process's: see briefgen.process)."""
    return _render_matrix(matrix)[0]


def _render_matrix(matrix: MatrixView, *, plain: bool = False) -> tuple[bytes, int]:
    """The workbook, and how many characters of the data's strings its cells could not hold.

    Written as openpyxl writes it but faster (`sheetdata`), or, `plain`, by openpyxl's own `Workbook.save`
    from openpyxl cells only: the tests compare the two byte for byte."""
    m, labels = matrix, matrix.labels
    wb = Workbook()
    ws_matrix = wb.active
    ws_matrix.title = labels["sheet_matrix"]
    ws_activities = wb.create_sheet(labels["sheet_activities"])
    ws_commitments = wb.create_sheet(labels["sheet_commitments"])
    ws_sources = wb.create_sheet(labels["sheet_sources"])
    activities, first_rows = one_row_each(m)
    numbers, order, cited_in_print = number_sources((activities, m.commitments), m.source_numbers)
    sources = [SourceLine(numbers[s], m.sources[s].text, m.sources[s].url) for s in order]
    cells = Cells(wb, as_cells=plain)
    _matrix_sheet(ws_matrix, cells, m, first_rows, ws_activities.title)
    lists = (
        (ws_activities, "activities_title", ACTIVITY_COLUMNS, activities, "Activities", m.activities_note),
        (ws_commitments, "commitments_title", COMMITMENT_COLUMNS, m.commitments, "Commitments", m.commitments_note),
    )
    for ws, title, columns, rows, name, note in lists:
        _list_sheet(ws, cells, m, labels[title], columns, rows, name, note, numbers=numbers)
    _list_sheet(
        ws_sources,
        cells,
        m,
        labels["sources_title"],
        SOURCE_COLUMNS,
        sources,
        "Sources",
        labels["sources_note_brief" if m.source_numbers else "sources_note"],
        numbers=numbers,
        shown=cited_in_print,
        printed_note="sources_printed",
    )
    props = wb.properties
    props.title = clean(f"{m.title}: {m.scope}")
    props.subject = clean(f"{m.selection}. {m.as_of_text}")
    props.creator = props.lastModifiedBy = clean(m.author)
    props.keywords = clean(f"{m.handling}; {m.title}")
    props.category = clean(m.handling)
    props.description = clean(f"{m.dataset_name}. {m.as_of_text}. {m.handling}.")
    props.language = m.lang
    if plain:
        buffer = BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    else:
        data = sheetdata.save(wb, cells.entries)
    _let_go(wb)
    return data, cells.removed


def _let_go(wb: Workbook) -> None:
    """Once saved, empty each sheet's cells.  A cell refers to its sheet and the sheet to its cells: left
    alone, a large matrix's ~100,000 cells form cycles that only the cyclic collector frees (a batch worker's
    collection after an L briefing took 0.05 s; with the cells let go here, refcounting frees them at once
    and it takes 0.007 s)."""
    for ws in wb.worksheets:
        ws._cells.clear()


class XlsxRenderer(Renderer):
    """The cooperation matrix of a visit's scope, as an Excel workbook.

    `last_cleaned` counts the characters the last render removed from the data (as the Word renderer's does).
    """

    name = "xlsx"
    suffix = ".xlsx"
    kind = "matrix"
    description = "Excel cooperation matrix: fields by year, with the activities and commitments behind it"

    def __init__(self) -> None:
        self.last_cleaned = 0

    def render(self, views: VisitViews, *, template: Path | None = None) -> bytes:
        data, self.last_cleaned = _render_matrix(views.matrix)
        return data
