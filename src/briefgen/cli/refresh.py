"""`briefgen refresh BRIEF.docx`: a new brief from the current data that keeps the officer's writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, err, fail, open_dataset, out, parse_date
from briefgen.cli.options import QuietOption, apply, out_dir_option
from briefgen.errors import BadInputError, BriefgenError
from briefgen.wording import Wording


@app.command()
def refresh(
    brief: Path = typer.Argument(..., help="A brief written by `briefgen visit` (edited or not)."),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Visit date (default: the brief's)."),
    data: Optional[Path] = DataOption,
    out_dir: Optional[Path] = out_dir_option(
        "Folder to write into, created if missing (default: the brief's folder).", default=None
    ),
    template: Optional[Path] = typer.Option(
        None, "--template", metavar="FILE", help="The Word template the brief was made with, if not the default."
    ),
    take_new: Optional[list[str]] = typer.Option(
        None, "--take-new", help="A data section edited by hand to regenerate anyway (repeatable; 'all' for every one)."
    ),
    missing_ok: bool = typer.Option(
        False,
        "--missing-ok",
        help="Write even when an officer section was deleted from the brief (it comes back empty).",
    ),
    quiet_: bool = QuietOption,
) -> None:
    """Write a new brief from the current data, keeping what the officer wrote in BRIEF.

    The officer's sections (objectives, points to make, notes) are carried over as they are; data
    sections are regenerated, except one edited by hand, which is kept and reported; a short list
    says what changed since BRIEF was made. BRIEF itself is never modified.

    Example: briefgen refresh 2026-11-23_TAKAICHI-Sanae_brief-en.docx
    """
    from briefgen.refresh import RefreshOptions, run_refresh  # the documents' libraries: see cli/visit.py

    apply("refresh", quiet=quiet_)
    try:
        if not brief.is_file():
            raise BadInputError(f"brief not found: {brief}")
        if template is not None and not template.is_file():
            raise BadInputError(f"template not found: {template}")
        options = RefreshOptions(
            visit_date=parse_date(date) if date else None,
            out_dir=out_dir,
            template=template,
            take_new=tuple(take_new or ()),
            missing_ok=missing_ok,
        )
        dataset = open_dataset(data)
        outcome = run_refresh(dataset, brief, options)
    except BriefgenError as exc:
        fail(exc)
    out.print(f"{outcome.name} ({outcome.person_id}):", markup=False)
    out.print(f"  wrote {outcome.path}", markup=False)
    if outcome.carried:
        out.print(f"  carried over from {brief.name}: {', '.join(outcome.carried)}", markup=False)
    if outcome.kept:
        err.print(
            f"  note: kept as edited by hand, not regenerated: {', '.join(outcome.kept)} "
            "(--take-new SECTION for the new data)",
            markup=False,
        )
    if outcome.replaced:
        err.print(f"  note: edited by hand but regenerated (--take-new): {', '.join(outcome.replaced)}", markup=False)
    if outcome.missing:
        err.print(f"  note: not found in {brief.name}, written empty: {', '.join(outcome.missing)}", markup=False)
    # The previous brief's date as the English brief words a date ("7 December 2026").
    since = Wording(dataset, "en").day(dt.date.fromisoformat(outcome.previous)) if outcome.previous else ""
    out.print(f"  changed since {since or 'the previous brief'}: {len(outcome.changes) or 'nothing'}", markup=False)
    for line in outcome.changes:
        out.print(f"    {line}", markup=False)
    for note in outcome.notes:
        err.print(f"  note: {note}", markup=False)
    for notice in outcome.notices:
        err.print(f"  warning: {notice.message}", markup=False)
