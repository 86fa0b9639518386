#!/usr/bin/env python3
"""THE FLOOR: the least any program producing briefgen's two documents must spend.

    python bench/floor.py --cache /tmp/floor-L.pickle        # measured by bench/run.py

imports the libraries briefgen is built on (docxtpl, openpyxl, pydantic, yaml,
typer, rich, babel, rapidfuzz), renders the default Word template once with
docxtpl (in the same sandboxed, autoescaping Jinja environment briefgen uses)
from a cached template context, and saves a workbook with the same cells
(values, styles, column widths) with openpyxl.  No dataset is read, no brief
is computed, nothing of briefgen is imported: what `briefgen visit` spends
beyond this is briefgen's own cost (start-up of its modules, loading and
checking the dataset, building the brief, its safety measures).

The cache is made once, untimed, by

    python bench/floor.py --prepare --data DIR --counterpart ID --date 2026-12-01 --cache FILE
    python bench/floor.py --prepare --data DIR --delegation FILE --date 2026-12-01 --cache FILE   # a batch's

(with --delegation, the floor renders every member's two documents one after the other)

which uses briefgen to build the counterpart's brief, keeps its template context
(`dataclasses.asdict(brief)`, plain dicts and strings) and reads back the cells of
the workbook briefgen's XlsxRenderer writes.  It prints the brief's size (JSON)
so that the benchmark can show how big each size's briefing is.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _templates_dir() -> Path:
    repo = HERE.parent / "templates"
    if (repo / "brief-en.docx").is_file():
        return repo
    from briefgen.resources import templates_dir  # an installed copy: only for --prepare

    return templates_dir()


# --- the measured work ---------------------------------------------------------------------------


def floor(cache: Path) -> dict:
    """Render the cached documents with the collector policy briefgen's processes have (briefgen.process),
    so that the floor spends no more on Python's cyclic garbage collector than briefgen may: off for the
    command, what was loaded frozen out of its sight, and the youngest generation collected after each
    member's documents (a batch worker's policy).  Before this (2026-12-07), the collector walked the loaded
    contexts and cells again and again: the floor batch at L took 156 CPU-s against 113 with this policy, and
    the single floor 1.19x its CPU (median of 9 pairs), so the floor counted work briefgen does not do and
    briefgen's ratios to it looked better than they were."""
    import gc

    gc.disable()
    started = time.perf_counter()
    import babel.dates  # noqa: F401  (the same libraries briefgen imports)
    import jinja2
    import pydantic  # noqa: F401
    import rapidfuzz  # noqa: F401
    import rich.console  # noqa: F401
    import typer  # noqa: F401
    import yaml  # noqa: F401
    from docxtpl import DocxTemplate
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from openpyxl import Workbook

    imported = time.perf_counter()
    with open(cache, "rb") as stream:
        loaded = pickle.load(stream)
    gc.freeze()
    parts = {"imports_s": imported - started, "docx_s": 0.0, "xlsx_s": 0.0, "docx_bytes": 0, "xlsx_bytes": 0}
    for data in loaded if isinstance(loaded, list) else [loaded]:  # a delegation's: one after the other
        for key, value in _documents(data, DocxTemplate, ImmutableSandboxedEnvironment, Workbook, jinja2).items():
            parts[key] += value
        gc.collect(0)
    return parts


def _documents(data: dict, DocxTemplate, ImmutableSandboxedEnvironment, Workbook, jinja2) -> dict:
    import copy
    import io

    imported = time.perf_counter()
    # Word: the same template, the same context, the same kind of Jinja environment.
    document = DocxTemplate(data["template"])
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    document.render(data["context"], jinja_env=env, autoescape=True)
    docx = io.BytesIO()
    document.save(docx)
    rendered = time.perf_counter()
    # Excel: the same sheets and cells.
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = data["styles"]
    registered: dict[int, object] = {}  # each distinct style is registered once, then its ids are copied
    for sheet in data["sheets"]:
        ws = workbook.create_sheet(sheet["title"])
        for letter, width in sheet["widths"].items():
            ws.column_dimensions[letter].width = width
        for row, height in sheet["heights"].items():
            ws.row_dimensions[row].height = height
        for row, column, value, style in sheet["cells"]:
            cell = ws.cell(row=row, column=column, value=value)
            if style is None:
                continue
            if style in registered:
                cell._style = copy.copy(registered[style])
            else:
                cell.font, cell.fill, cell.border, cell.alignment, cell.number_format = styles[style]
                registered[style] = cell._style
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    done = time.perf_counter()
    return {"docx_s": rendered - imported, "xlsx_s": done - rendered, "docx_bytes": len(docx.getvalue()), "xlsx_bytes": len(xlsx.getvalue())}


# --- preparing the cache (untimed; uses briefgen) -----------------------------------------------


def prepare_delegation(data_dir: Path, delegation: Path, visit: str, cache: Path, lang: str = "en") -> dict:
    """The floor of a batch: every member's documents, prepared as for one counterpart."""
    import gc

    from briefgen.dataset import load_dataset
    from briefgen.resolve import resolve_person

    gc.disable()  # a hundred workbooks' cells stay in memory: the collector would walk them over and over
    dataset = load_dataset(data_dir)
    names = [line.strip() for line in delegation.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    payloads = []
    for name in names:
        person = resolve_person(dataset, name).person
        payloads.append(prepare(data_dir, person.id, visit, None, lang, dataset=dataset))
    with open(cache, "wb") as stream:
        pickle.dump(payloads, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return {"members": len(payloads)}


def prepare(data_dir: Path, counterpart: str, visit: str, cache: Path | None, lang: str = "en", dataset=None):
    import copy
    import dataclasses
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from briefgen.dataset import load_dataset
    from briefgen.render.xlsx import XlsxRenderer
    from briefgen.visit import build_views

    day = dt.date.fromisoformat(visit)
    dataset = dataset or load_dataset(data_dir)
    views = build_views(dataset, counterpart, visit_date=day, lang=lang, today=dt.date.today())
    context = dataclasses.asdict(views.brief)
    workbook = load_workbook(io.BytesIO(XlsxRenderer().render(views)))
    sheets = []
    styles: dict[tuple, int] = {}
    by_ids: dict[tuple, int] = {}  # the workbook's style ids → the style's number (copying styles is slow)
    for ws in workbook.worksheets:
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                styled = cell.has_style
                if cell.value is None and not styled:
                    continue
                style = None
                if styled:
                    ids = tuple(cell._style)
                    if ids not in by_ids:
                        key = (copy.copy(cell.font), copy.copy(cell.fill), copy.copy(cell.border),
                               copy.copy(cell.alignment), cell.number_format)
                        by_ids[ids] = styles.setdefault(key, len(styles))
                    style = by_ids[ids]
                cells.append((cell.row, cell.column, cell.value, style))
        sheets.append({
            "title": ws.title,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            "cells": cells,
        })
    payload = {"template": str(_templates_dir() / f"brief-{lang}.docx"), "context": context, "sheets": sheets,
               "styles": list(styles)}
    if cache is None:
        return payload
    with open(cache, "wb") as stream:
        pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
    brief = views.brief
    return {
        "counterpart": counterpart, "name": brief.profile.name,
        "brief": {"meetings": len(brief.meetings), "meetings_attended": sum(m.attended for m in brief.meetings),
                  "agreements": len(brief.agreements), "commitments": len(brief.commitment_ids),
                  "sources": len(brief.sources)},
        "workbook_cells": sum(len(s["cells"]) for s in sheets),
        "dataset": {"people": len(dataset.people), "meetings": len(dataset.meetings),
                    "commitments": len(dataset.commitments)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The floor of a briefing: render the two documents, nothing else.")
    parser.add_argument("--cache", type=Path, required=True, help="context cache (written by --prepare)")
    parser.add_argument("--prepare", action="store_true", help="build the cache from a dataset (untimed)")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--counterpart")
    parser.add_argument("--date", default="2026-12-01")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--delegation", type=Path, help="with --prepare: every member of this delegation file")
    args = parser.parse_args(argv)
    if args.prepare and args.delegation:
        print(json.dumps(prepare_delegation(args.data, args.delegation, args.date, args.cache, args.lang)))
    elif args.prepare:
        if not (args.data and args.counterpart):
            parser.error("--prepare needs --data and --counterpart")
        print(json.dumps(prepare(args.data, args.counterpart, args.date, args.cache, args.lang)))
    else:
        print(json.dumps(floor(args.cache)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
