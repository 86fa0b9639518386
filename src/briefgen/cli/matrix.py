"""`briefgen matrix`: the Excel cooperation matrix for the whole dataset, or one country and year range."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, fail, open_dataset, out
from briefgen.errors import BadInputError, BriefgenError, OutputError
from briefgen.i18n import LANGUAGES


@app.command()
def matrix(
    data: Optional[Path] = DataOption,
    country: Optional[str] = typer.Option(None, "--country", help="Only activities involving this country (e.g. JP)."),
    year_from: Optional[int] = typer.Option(None, "--from", help="First year (default: the first year with activity)."),
    year_to: Optional[int] = typer.Option(None, "--to", help="Last year (default: the year of --date)."),
    date: Optional[str] = typer.Option(None, "--date", help="As-of date, YYYY-MM-DD (default: today)."),
    lang: str = typer.Option("en", "--lang", help="Language of headers and field labels: en or vi."),
    out_dir: Path = typer.Option(Path("."), "--out", help="Folder to write into (default: the current folder)."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it already exists."),
) -> None:
    """Write the cooperation matrix (fields by year, with its activities and commitments) as an Excel workbook.

    Example: briefgen matrix --country JP --from 2017 --to 2020 --out briefings
    """
    from briefgen.matrix import build_matrix
    from briefgen.render.xlsx import render_matrix

    try:
        as_of = _parse_date(date)
        if lang not in LANGUAGES:
            raise BadInputError(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        dataset = open_dataset(data)
        countries = [country.strip().upper()] if country else None
        view = build_matrix(dataset, as_of=as_of, lang=lang, countries=countries, year_from=year_from, year_to=year_to)
        parts = [dataset.manifest.scope] + (countries or [])
        if year_from is not None or year_to is not None:
            parts.append(f"{view.years[0]}-{view.years[-1]}")
        name = f"{as_of.isoformat()}_{_slug(' '.join(parts))}_matrix.xlsx"
        path = _write(out_dir / name, render_matrix(view), force=force)
    except BriefgenError as exc:
        fail(exc)
    out.print(f"wrote {path} ({len(view.fields)} fields × {len(view.years)} years, {view.total} entries)", markup=False)


def _parse_date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInputError(f"--date must be a date as YYYY-MM-DD, not {text!r}") from None


def _slug(text: str) -> str:
    """ASCII letters, digits and '-' only, so the name is safe on every system (to move to `output`)."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-") or "matrix"


def _write(path: Path, data: bytes, *, force: bool) -> Path:
    """Write atomically (temp file + rename in the same folder); never replace a file without `force`.

    Temporary: `briefgen visit` writes through the shared `output` module, and this will too.
    """
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".briefgen-", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; a workbook is for sharing
            os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
