"""A workbook saved as openpyxl saves it, its worksheets' cells written as text.

Why: at size L a matrix has ~37,000 cells, and openpyxl's writer serialises each one through lxml
(`write_row` → `lxml_write_cell`: an element per cell, its attributes in a dict, its style looked up by
hashing it): about 0.44 s of CPU a briefing, 45 % of the workbook's render.  The same `<sheetData>`
written as text, with the escaping lxml does, takes about 0.1 s.  A cell need not even be an openpyxl
`Cell`: an `Entry` (a plain tuple) is written among the sheet's own cells, which spares making the list
sheets' cells (~0.2 s more).  Together: the workbook 0.92 → 0.48 s a briefing (docs/benchmarks.md, "The
workbook's cells written as text").  Everything else in the file is still openpyxl's.

The output is byte-identical to openpyxl's, part by part (tests/render/test_sheetdata.py compares
them): every cell in the order openpyxl writes them (rows and columns sorted, a row holding only a
height written empty), each cell's style registered with the workbook in that order (openpyxl numbers
the styles as it meets them), its hyperlink collected in that order (the relationship ids follow it),
the sheet's dimension counting the entries, text escaped as lxml escapes it when openpyxl's stream
writes it (no encoding declared: "&", "<", ">" and a carriage return as references, every non-ASCII
character as a decimal character reference).

What it relies on, openpyxl being pinned below 4: `ExcelWriter.write_worksheet` and
`WorksheetWriter.write_dimensions`/`write_rows` as hooks in subclasses used only here (nothing in
openpyxl is patched: the web server renders in threads), the worksheet's `_cells`, `_hyperlinks`,
`_rels`, `_drawing`, `_charts` and `_images`, the workbook's `_cell_styles`, and lxml's
`xmlfile.flush()`, after which the rows are written straight into the sheet's stream.  A sheet holding
a cell of a kind not written here (a formula, rich text, a comment, a time zone, ISO dates) is written
by openpyxl's own code, its entries made openpyxl cells first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from io import BytesIO
from operator import itemgetter
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# A cell as written here: its row, column, value, style (None: unstyled), data type (openpyxl's) and hyperlink.
Entry = tuple[int, int, Any, StyleArray | None, str, Hyperlink | None]
POSITION = itemgetter(0, 1)
KINDS = {"s", "n", "b", "d", "e"}  # of the cells written here: text, number, boolean, date, error
# What lxml's serialiser turns into references in text, besides every non-ASCII character.
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# ... and in an attribute's value.
ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)


def save(workbook: Workbook, entries: Mapping[Worksheet, Sequence[Entry]] | None = None) -> bytes:
    """The workbook's file, as `workbook.save()` writes it (its modified time set to now, as openpyxl does),
    with each sheet's `entries` (cells not made as openpyxl cells) among its cells."""
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        _Writer(workbook, archive, entries or {}).write_data()
    return buffer.getvalue()


class _Writer(ExcelWriter):
    """openpyxl's writer, each worksheet written by `_SheetWriter` into memory rather than a temporary file."""

    def __init__(self, workbook: Workbook, archive: ZipFile, entries: Mapping[Worksheet, Sequence[Entry]]) -> None:
        super().__init__(workbook, archive)
        self.entries = entries

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, BytesIO(), self.entries.get(ws, ()))
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    def __init__(self, ws: Worksheet, out: BytesIO, entries: Sequence[Entry]) -> None:
        super().__init__(ws, out)
        self.entries = entries

    def write_dimensions(self) -> None:
        """The range the cells span, counting the entries, as `Worksheet.calculate_dimension` does."""
        if not self.entries:
            super().write_dimensions()
            return
        rows = {row for row, _ in self.ws._cells} | {entry[0] for entry in self.entries}
        columns = {column for _, column in self.ws._cells} | {entry[1] for entry in self.entries}
        ref = f"{get_column_letter(min(columns))}{min(rows)}:{get_column_letter(max(columns))}{max(rows)}"
        self.xf.send(SheetDimension(ref).to_tree())

    def write_rows(self) -> None:
        rows = sheet_data(self.ws, self.entries)
        if rows is None:  # a kind of cell written only by openpyxl: the entries become openpyxl cells
            for row, column, value, style, kind, link in self.entries:
                cell = Cell(self.ws, row, column, None, style)
                cell._value, cell.data_type, cell._hyperlink = value, kind, link
                self.ws._add_cell(cell)
            super().write_rows()
            return
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # what lxml has buffered goes out first: the rows follow it in the stream
            self.out.write(rows)
        self.xf.send(None)


def sheet_data(ws: Worksheet, entries: Sequence[Entry] = ()) -> bytes | None:
    """The content of the sheet's `<sheetData>` as openpyxl writes it, registering each cell's style and
    collecting its hyperlink as it goes; None (and nothing registered) when a cell is of a kind not written
    here.  `entries` are cells not made as openpyxl cells (see `Entry`), written among the sheet's own."""
    workbook = ws.parent
    if workbook.iso_dates:
        return None
    items: list[Entry] = list(entries)
    for (row, column), cell in ws._cells.items():
        if cell._comment is not None:
            return None
        items.append(
            (row, column, cell._value, cell._style if cell.has_style else None, cell.data_type, cell.hyperlink)
        )
    items.sort(key=POSITION)
    by_row: defaultdict[int, list[Entry]] = defaultdict(list)
    last = None
    for item in items:
        _, _, value, _, kind, _ = item
        if kind not in KINDS or (kind == "s" and value is not None and not isinstance(value, str)):  # rich text
            return None
        if kind == "d" and (getattr(value, "tzinfo", None) is not None or isinstance(value, dt.timedelta)):
            return None
        if item[:2] == last:
            raise ValueError(f"two cells at row {item[0]}, column {item[1]} of {ws.title!r}")
        last = item[:2]
        by_row[item[0]].append(item)
    dims = ws.row_dimensions
    for row in dims.keys() - by_row.keys():  # a row with a height and no cell
        by_row[row] = []
    styles = workbook._cell_styles
    links = ws._hyperlinks
    epoch = workbook.epoch
    letters: dict[int, str] = {}
    style_ids: dict[int, str] = {}  # id() of a style array → its attribute: the arrays live as long as this call
    texts: dict[str, str] = {}  # a string → its <is> element
    values: dict[tuple, tuple[str, str]] = {}  # a value's type and the value → the cell's type and <v> text
    parts: list[str] = []
    out = parts.append
    for row, cells in sorted(by_row.items()):
        number = str(row)
        attributes = {"r": number}
        attributes.update(dims.get(row, {}))
        out("<row" + "".join(f' {k}="{v.translate(ATTRIBUTE_ESCAPES)}"' for k, v in attributes.items()) + ">")
        for _, column, value, array, kind, link in cells:
            style = style_ids.get(id(array))
            if style is None:  # (None's id stands for no style)
                style = style_ids[id(array)] = f' s="{styles.add(array)}"' if array is not None and any(array) else ""
            if value is None and not style:
                continue
            letter = letters.get(column) or letters.setdefault(column, get_column_letter(column))
            if link:
                links.append(link)
            if kind == "s":
                if not value:
                    out(f'<c r="{letter}{number}"{style} t="inlineStr"></c>')
                    continue
                text = texts.get(value)
                if text is None:  # a string is escaped once however many cells hold it
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    text = texts[value] = f"<is><t{space}>{value.translate(TEXT_ESCAPES)}</t></is>"
                out(f'<c r="{letter}{number}"{style} t="inlineStr">{text}</c>')
                continue
            if value is None or value == "":
                out(f'<c r="{letter}{number}"{style} t="{"n" if kind == "d" else kind}"></c>')
                continue
            key = (type(value), value)  # True, 1 and 1.0 are equal keys, though all three are written "1"
            found = values.get(key)
            if found is None:
                if kind == "d":
                    found = values[key] = ("n", safe_string(to_excel(value, epoch)))
                else:
                    found = values[key] = (kind, safe_string(value).translate(TEXT_ESCAPES))
            out(f'<c r="{letter}{number}"{style} t="{found[0]}"><v>{found[1]}</v></c>')
        out("</row>")
    return "".join(parts).encode("ascii", "xmlcharrefreplace")
