"""`briefgen matrix`: the Excel cooperation matrix for the whole dataset, or one country and year range."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, fail, open_dataset, out, parse_date
from briefgen.errors import BadInputError, BriefgenError
from briefgen.i18n import LANGUAGES
from briefgen.output import safe_name_part, write_new


@app.command()
def matrix(
    data: Optional[Path] = DataOption,
    country: Optional[str] = typer.Option(None, "--country", help="Only activities involving this country (e.g. JP)."),
    year_from: Optional[int] = typer.Option(None, "--from", help="First year (default: the first year with activity)."),
    year_to: Optional[int] = typer.Option(None, "--to", help="Last year (default: the year of --date)."),
    date: Optional[str] = typer.Option(None, "--date", help="As-of date, YYYY-MM-DD (default: today)."),
    lang: str = typer.Option("en", "--lang", help="Language of headers and field labels: en or vi."),
    out_dir: Path = typer.Option(Path("."), "--out", help="Folder to write into (default: the current folder)."),
    force: bool = typer.Option(False, "--force", help="Replace a file of the same name instead of writing the next free name."),
) -> None:
    """Write the cooperation matrix (fields by year, with its activities and commitments) as an Excel workbook.

    Example: briefgen matrix --country JP --from 2017 --to 2020 --out briefings
    """
    from briefgen.matrix import build_matrix
    from briefgen.render.xlsx import render_matrix

    try:
        as_of = parse_date(date)
        if lang not in LANGUAGES:
            raise BadInputError(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        dataset = open_dataset(data)
        countries = [country.strip().upper()] if country else None
        view = build_matrix(dataset, as_of=as_of, lang=lang, countries=countries, year_from=year_from, year_to=year_to)
        parts = [str(dataset.manifest.scope)] + (countries or [])
        if year_from is not None or year_to is not None:
            parts.append(f"{view.years[0]}-{view.years[-1]}")
        stem = f"{as_of.isoformat()}_{safe_name_part(' '.join(parts), fallback='matrix', max_length=80)}_matrix"
        path = write_new(out_dir, stem, ".xlsx", render_matrix(view), force=force)
    except BriefgenError as exc:
        fail(exc)
    out.print(f"wrote {path} ({len(view.fields)} fields × {len(view.years)} years, {view.total} entries)", markup=False)
