"""`briefgen matrix`: the Excel cooperation matrix for the whole dataset, or one country and year range."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, fail, open_dataset, out, parse_date
from briefgen.cli.options import Lang, QuietOption, apply, lang_option, out_dir_option
from briefgen.errors import BadInputError, BriefgenError
from briefgen.output import safe_name_part, write_new

FIRST_YEAR, LAST_YEAR = 1, 9999  # the years a date can hold
MAX_YEARS = 200  # columns of one workbook: more is no matrix anyone reads (`--from -5` wrote 2,026)


def check_years(year_from: int | None, year_to: int | None, as_of_year: int) -> None:
    """--from and --to: years a date can hold, at most MAX_YEARS apart (--to defaults to the --as-of year);
    BadInputError saying so otherwise."""
    for option, year in (("--from", year_from), ("--to", year_to)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise BadInputError(f"{option} must be a year from {FIRST_YEAR} to {LAST_YEAR}, not {year}")
    last = min(year_to if year_to is not None else as_of_year, as_of_year)
    if year_from is not None and last - year_from + 1 > MAX_YEARS:
        raise BadInputError(
            f"--from {year_from} to {last} is {last - year_from + 1:,} years; a matrix shows at most "
            f"{MAX_YEARS} (one column each): give a later --from"
        )


@app.command()
def matrix(
    data: Optional[Path] = DataOption,
    country: Optional[str] = typer.Option(None, "--country", help="Only activities involving this country (e.g. JP)."),
    year_from: Optional[int] = typer.Option(None, "--from", help="First year (default: the first year with activity)."),
    year_to: Optional[int] = typer.Option(None, "--to", help="Last year (default: the year of --as-of)."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Judge statuses and validity as of this day (default: today)."
    ),
    old_date: Optional[str] = typer.Option(None, "--date", hidden=True, help="The former name of --as-of."),
    lang: Lang = lang_option("Language of headers and field labels."),
    out_dir: Path = out_dir_option("Folder to write into, created if missing (default: the current one)."),
    force: bool = typer.Option(
        False, "--force", help="Replace a file of the same name instead of writing the next free name."
    ),
    quiet_: bool = QuietOption,
) -> None:
    """Write the cooperation matrix (fields by year, with its activities and commitments) as an Excel workbook.

    Example: briefgen matrix --country JP --from 2017 --to 2020 --out briefings
    """
    from briefgen.matrix import build_matrix
    from briefgen.render.xlsx import render_matrix

    apply("matrix", quiet=quiet_)
    try:
        if as_of is not None and old_date is not None:
            raise BadInputError("give --as-of only (--date is its former name)")
        day = parse_date(as_of or old_date, "--as-of")
        check_years(year_from, year_to, day.year)
        dataset = open_dataset(data)
        countries = [country.strip().upper()] if country else None
        view = build_matrix(
            dataset, as_of=day, lang=lang.value, countries=countries, year_from=year_from, year_to=year_to
        )
        parts = [str(dataset.manifest.scope)] + (countries or [])
        if year_from is not None or year_to is not None:
            parts.append(f"{view.years[0]}-{view.years[-1]}")
        name = safe_name_part(" ".join(parts), fallback="matrix", max_length=80)
        stem = f"{day.isoformat()}_{name}_matrix-{lang.value}"  # the language, as a visit's files say it
        path = write_new(out_dir, stem, ".xlsx", render_matrix(view), force=force)
    except BriefgenError as exc:
        fail(exc)
    out.print(f"wrote {path} ({len(view.fields)} fields × {len(view.years)} years, {view.total} entries)", markup=False)
