"""`briefgen visit` (one counterpart or a delegation) and `briefgen formats`."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Optional

import typer
import yaml
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from briefgen.cli.app import DataOption, app, checkpoint, err, fail, open_dataset, out, parse_date
from briefgen.errors import EXIT_OK, BadInputError, BriefgenError
from briefgen.i18n import LANGUAGES
from briefgen.mail import parse_recipients
from briefgen.render import available_renderers
from briefgen.visit import VisitOptions, VisitOutcome, run_batch, run_visit


def read_delegation(path: Path) -> list[str]:
    """Names from a delegation file: one per line (# comments), or a YAML list of names."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"cannot read delegation file {path}: {exc}") from exc
    if path.suffix in {".yaml", ".yml"}:
        data = yaml.safe_load(text)
        if isinstance(data, dict):
            data = data.get("delegation") or data.get("counterparts")
        if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
            raise BadInputError(f"{path}: expected a YAML list of names")
        return [n.strip() for n in data if n.strip()]
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def report(outcome: VisitOutcome) -> None:
    if outcome.error:
        err.print(f"error: {outcome.error}", markup=False)
        return
    out.print(f"{outcome.name} ({outcome.person_id}):", markup=False)
    for path in outcome.files:
        out.print(f"  wrote {path}", markup=False)
    for note in outcome.notes:
        err.print(f"  note: {note}", markup=False)
    for notice in outcome.notices:
        err.print(f"  warning: {notice.message}", markup=False)


def summary_table(outcomes: list[VisitOutcome]) -> Table:
    table = Table(title="Delegation briefings")
    for column in ("counterpart", "resolved to", "files", "warnings", "result"):
        table.add_column(column)
    for o in outcomes:
        table.add_row(o.query, o.name or "—", str(len(o.files)), str(len(o.notices)),
                      "ok" if not o.error else o.error.splitlines()[0][:80])
    return table


@app.command()
def visit(
    counterpart: Optional[list[str]] = typer.Option(None, "--counterpart", "-c", help="Name as you have it, or a person id. Repeat for a delegation."),
    delegation: Optional[Path] = typer.Option(None, "--delegation", help="File listing counterparts, one per line (or a YAML list)."),
    date: Optional[str] = typer.Option(None, "--date", help="Visit date YYYY-MM-DD (default: today)."),
    lang: str = typer.Option("en", "--lang", help=f"Language of the documents: {', '.join(LANGUAGES)}."),
    data: Optional[Path] = DataOption,
    template: Optional[Path] = typer.Option(None, "--template", help="An edited Word template (see `briefgen template export`)."),
    out_dir: Path = typer.Option(Path("."), "--out", help="Folder to write into (default: the current one)."),
    force: bool = typer.Option(False, "--force", help="Replace files of the same name instead of writing the next free name."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write PDF copies (needs LibreOffice)."),
    email: Optional[list[str]] = typer.Option(None, "--email", help="Write a ready-to-send .eml draft to these addresses (comma-separated)."),
    formats: Optional[list[str]] = typer.Option(None, "--format", help="Only these formats (see `briefgen formats`)."),
) -> None:
    """Write the Word briefing and the Excel matrix for a counterpart (or a whole delegation).

    Example: briefgen visit --counterpart "Takaichi Sanae" --date 2026-12-01 --out briefs/
    """
    try:
        names = list(counterpart or [])
        if delegation:
            names += read_delegation(delegation)
        if not names:
            raise BadInputError("give --counterpart NAME (repeatable) or --delegation FILE")
        if lang not in LANGUAGES:
            raise BadInputError(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        if template is not None and not template.is_file():
            raise BadInputError(f"template not found: {template}")
        options = VisitOptions(visit=parse_date(date), lang=lang, out_dir=out_dir, template=template, force=force,
                               pdf=pdf, email_to=parse_recipients(email) if email else (),
                               formats=tuple(formats) if formats else None)
        dataset = open_dataset(data)
        if len(names) == 1:
            # One briefing, then the process ends: the cyclic collector would only walk the new records,
            # views and documents again and again (0.2-0.5 s of a 1.5 s visit at 10,000 meetings,
            # measured), to free memory the end of the process frees anyway.
            gc.disable()
            outcome = run_visit(dataset, names[0], options,
                                on_step=lambda step: checkpoint("first-file" if step == "wrote" else step))
            checkpoint("written")
            report(outcome)
            return
    except BriefgenError as exc:
        fail(exc)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("briefings", total=len(names))
        def done(_: VisitOutcome) -> None:
            progress.advance(task)
            checkpoint("first-briefing")

        outcomes = run_batch(dataset, data, names, options, on_done=done)
    for outcome in outcomes:
        report(outcome)
    out.print(summary_table(outcomes))
    failed = [o for o in outcomes if o.error]
    if failed:
        err.print(f"{len(failed)} of {len(outcomes)} briefing(s) failed", markup=False)
        raise typer.Exit(max(o.exit_code for o in failed))
    raise typer.Exit(EXIT_OK)


@app.command()
def formats() -> None:
    """List the installed output formats (renderer plug-ins).

    Example: briefgen formats
    """
    try:
        installed = available_renderers()
    except BriefgenError as exc:
        fail(exc)
    table = Table(title="Output formats")
    for column in ("name", "file", "what", "module"):
        table.add_column(column)
    for name, cls in installed.items():
        table.add_row(name, f"*{cls.suffix} ({cls.kind})", cls.description, cls.__module__)
    out.print(table)
