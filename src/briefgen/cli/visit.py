"""`briefgen visit` (one counterpart or a delegation) and `briefgen formats`."""

from __future__ import annotations

from enum import Enum
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from briefgen.cli import jsonout
from briefgen.cli.app import (
    DataOption,
    app,
    checkpoint,
    err,
    error_line,
    fail,
    open_dataset,
    out,
    parse_date,
    printable,
)
from briefgen.cli.exitcodes import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from briefgen.cli.options import JsonOption, Lang, QuietOption, apply, lang_option, out_dir_option
from briefgen.delegation import Visit, read_visit
from briefgen.errors import BadInputError, BriefgenError
from briefgen.lifetime import Terminated
from briefgen.render import ENTRY_POINT_GROUP, available_renderers

if TYPE_CHECKING:
    from rich.table import Table

    from briefgen.visit import VisitOptions, VisitOutcome

    Format = str
else:  # a choice for --help and the parser, made from the renderers installed (their names: nothing is loaded)
    Format = Enum("Format", {ep.name: ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}, type=str)


def report(outcome: VisitOutcome, *, files: bool = True) -> None:
    """What a person reads about one briefing; without `files` (under --json) only the notes and warnings."""
    if outcome.error:
        error_line(f"error: {outcome.error}")
        return
    if files:
        out.print(f"{outcome.name} ({outcome.person_id}):", markup=False)
        for path in outcome.files:
            out.print(f"  wrote {path}", markup=False)
    for note in outcome.notes:
        err.print(f"  note: {note}", markup=False)
    for notice in outcome.notices:
        err.print(f"  warning: {notice.message}", markup=False)


def summary_table(outcomes: list[VisitOutcome]) -> Table:
    from rich.table import Table  # a batch's and `formats`' alone: a single visit starts without it
    from rich.text import Text

    table = Table(title="Delegation briefings")
    for column in ("counterpart", "resolved to", "files", "warnings", "result"):
        table.add_column(column)
    for o in outcomes:
        cells = (
            o.query,
            o.name or "—",
            str(len(o.files)),
            str(len(o.notices)),
            "ok" if not o.error else o.error.splitlines()[0][:80],
        )
        table.add_row(*(Text(printable(cell)) for cell in cells))  # data: neither markup nor terminal codes
    return table


@app.command()
def visit(
    counterpart: Optional[list[str]] = typer.Option(
        None, "--counterpart", "-c", help="Name as you have it, or a person id. Repeat for a delegation."
    ),
    visit_file: Optional[Path] = typer.Option(
        None,
        "--visit",
        metavar="FILE",
        help="Visit file (YAML): date, place, format, purpose, our side and their side (see README).",
    ),
    delegation: Optional[Path] = typer.Option(
        None, "--delegation", help="File listing counterparts, one per line (or a YAML list, or a visit file)."
    ),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Visit date (default: today)."),
    lang: Lang = lang_option("Language of the documents."),
    data: Optional[Path] = DataOption,
    template: Optional[Path] = typer.Option(
        None, "--template", metavar="FILE", help="An edited Word template (see `briefgen template export`)."
    ),
    out_dir: Path = out_dir_option("Folder to write into, created if missing (default: the current one)."),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace files of the same name instead of writing the next free name (never a brief holding an officer's edits: use `briefgen refresh`).",
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Also write PDF copies (needs LibreOffice)."),
    email: Optional[list[str]] = typer.Option(
        None, "--email", help="Write a ready-to-send .eml draft to these addresses (comma-separated)."
    ),
    formats: Optional[list[Format]] = typer.Option(
        None, "--format", help="Only these formats; repeat for several (see `briefgen formats`)."
    ),
    as_json: bool = JsonOption,
    quiet_: bool = QuietOption,
) -> None:
    """Write the Word briefing and the Excel matrix for a counterpart (or a whole delegation).

    Example: briefgen visit --counterpart "Takaichi Sanae" --date 2026-12-01 --out briefs/
    """
    apply("visit", as_json=as_json, quiet=quiet_)
    # The documents' libraries (python-docx, docxtpl, openpyxl, the views) load with the command that makes
    # documents, not with every command: `check`, `who` and `people` start without them.
    from briefgen.visit import VisitOptions, run_batch, run_visit

    try:
        names = list(counterpart or [])
        if visit_file and delegation:
            raise BadInputError("give --visit FILE or --delegation FILE, not both")
        meeting: Visit | None = None
        if visit_file or delegation:
            meeting = read_visit(visit_file or delegation)  # type: ignore[arg-type]
            names += meeting.their_side
        if not names:
            raise BadInputError("give --counterpart NAME (repeatable), --visit FILE or --delegation FILE")
        visit_date = parse_date(date)
        if meeting is not None and meeting.date is not None:
            if date and visit_date != meeting.date:
                raise BadInputError(f"--date {date} contradicts the visit file's date {meeting.date.isoformat()}")
            visit_date = meeting.date
        if template is not None and not template.is_file():
            raise BadInputError(f"template not found: {template}")
        options = VisitOptions(
            visit_date=visit_date,
            lang=lang.value,
            out_dir=out_dir,
            template=template,
            force=force,
            pdf=pdf,
            email_to=_recipients(email) if email else (),
            formats=tuple(_value(f) for f in formats) if formats else None,
            visit=meeting,
        )
        dataset = open_dataset(data)
        if len(names) == 1:
            try:
                outcome = run_visit(
                    dataset,
                    names[0],
                    options,
                    on_step=lambda step: checkpoint("first-file" if step == "wrote" else step),
                )
            except (KeyboardInterrupt, Terminated) as stop:
                # On stderr: stdout lists a finished set only ("wrote ..."); this one is not.
                written = getattr(stop, "written", [])
                for path in written:
                    err.print(f"  on disk before the interruption: {path}", markup=False)
                if written:
                    missing = getattr(stop, "not_written", [])
                    err.print(f"  the set is incomplete; not written: {', '.join(missing) or 'the rest'}", markup=False)
                raise
            checkpoint("written")
            if as_json:
                jsonout.emit(_visit_document([outcome], options, dataset, bundled=data is None))
            report(outcome, files=not as_json)
            return
    except BriefgenError as exc:
        fail(exc)
    done: list[VisitOutcome] = []
    before = _files_in(out_dir)  # what a stopped batch finds on disk beyond these, it wrote

    def finished(outcome: VisitOutcome) -> None:
        done.append(outcome)
        progress.advance(task)
        progress.refresh()
        checkpoint("first-briefing")

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet_,
            auto_refresh=False,  # no refresh thread: the batch's workers are forked from a single-threaded process
        ) as progress:
            task = progress.add_task("briefings", total=len(names))
            outcomes = run_batch(dataset, data, names, options, on_done=finished)
    except (KeyboardInterrupt, Terminated) as stop:
        ended_sets = done + list(getattr(stop, "finished", []))  # and those that ended as the workers stopped
        for outcome in ended_sets:  # sets written whole before the stop
            report(outcome, files=not as_json)
        listed = {path.resolve() for outcome in ended_sets for path in outcome.files}
        cut_short = [path for path in _files_in(out_dir) - before if path.resolve() not in listed]
        for path in sorted(cut_short):  # whole files (never a half-written one) of a set not finished
            err.print(f"  on disk from a briefing cut short (its set is incomplete): {path}", markup=False)
        ended = {outcome.query for outcome in ended_sets}
        unfinished = [name for name in names if name not in ended]
        err.print(
            f"stopped after {len(ended_sets)} of {len(names)} briefing(s); not finished: "
            f"{', '.join(unfinished) or 'none'}",
            markup=False,
        )
        raise
    failed = [o for o in outcomes if o.error]
    if as_json:
        jsonout.emit(_visit_document(outcomes, options, dataset, bundled=data is None))
    for outcome in outcomes:
        report(outcome, files=not as_json)
    if not as_json:
        out.print(summary_table(outcomes))
    if failed:
        error_line(f"{len(failed)} of {len(outcomes)} briefing(s) failed")
        raise typer.Exit(max(map(outcome_exit_code, failed)))
    raise typer.Exit(EXIT_OK)


def _files_in(folder: Path) -> set[Path]:
    """The documents in `folder` (not the hidden temporary files a write in progress uses)."""
    try:
        return {path for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")}
    except OSError:
        return set()


def outcome_exit_code(outcome: VisitOutcome) -> int:
    """One briefing's exit code: 0 written, 2 bad input (a name, the data, a template), 1 failed."""
    if not outcome.error:
        return EXIT_OK
    return EXIT_BAD_INPUT if outcome.bad_input else EXIT_FAILURE


def _recipients(email: list[str]) -> tuple[str, ...]:
    """--email's addresses, checked (the mail module and its email package load only when --email is given)."""
    from briefgen.mail import parse_recipients

    return parse_recipients(email)


def _value(choice: Any) -> str:
    return choice.value if isinstance(choice, Enum) else str(choice)


def _visit_document(outcomes: list[VisitOutcome], options: VisitOptions, dataset: Any, *, bundled: bool) -> dict:
    """The --json document of `visit` (docs/cli-json.md)."""
    failed = [o for o in outcomes if o.error]
    visits = [
        {
            "counterpart": o.query,
            "ok": not o.error,
            "exit_code": outcome_exit_code(o),
            "error": o.error or None,
            "person_id": o.person_id or None,
            "name": o.name or None,
            "files": [str(p) for p in o.files],
            "warnings": [{"code": n.code, "message": n.message} for n in o.notices],
            "notes": list(o.notes),
        }
        for o in outcomes
    ]
    return jsonout.document(
        "visit",
        exit_code=max(map(outcome_exit_code, outcomes)),
        error={"kind": "BatchError", "message": f"{len(failed)} of {len(outcomes)} briefing(s) failed"}
        if failed
        else None,
        dataset=jsonout.dataset_info(dataset, bundled=bundled),
        visit_date=options.visit_date.isoformat(),
        lang=options.lang,
        out=str(options.out_dir),
        files=[str(p) for o in outcomes for p in o.files],
        visits=visits,
    )


@app.command()
def formats() -> None:
    """List the installed output formats (renderer plug-ins).

    Example: briefgen formats
    """
    try:
        installed = available_renderers()
    except BriefgenError as exc:
        fail(exc)
    from rich.table import Table

    table = Table(title="Output formats")
    for column in ("name", "file", "what", "module"):
        table.add_column(column)
    for name, cls in installed.items():
        table.add_row(name, f"*{cls.suffix} ({cls.kind})", cls.description, cls.__module__)
    out.print(table)
