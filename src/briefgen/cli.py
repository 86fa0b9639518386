"""The `briefgen` command line: thin, and the only place that prints or exits.

Every command loads through the library and turns a BriefgenError into one
message on stderr and its exit code (0 ok, 1 failure, 2 bad input); a
traceback appears only with --debug.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from briefgen import __version__
from briefgen.dataset import Dataset, load_dataset
from briefgen.errors import EXIT_BAD_INPUT, EXIT_FAILURE, BriefgenError, DatasetError
from briefgen.resources import bundled_dataset_dir

app = typer.Typer(
    name="briefgen",
    help="Briefings for bilateral visits from a curated dataset: a Word brief and an Excel cooperation matrix.\n\n"
    'Example: briefgen visit --counterpart "Takaichi Sanae"',
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
_state = {"debug": False}

DataOption = typer.Option(None, "--data", help="Dataset folder (default: the bundled Viet Nam–Japan ICT dataset).")


def _version(value: bool) -> None:
    if value:
        out.print(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    _state["debug"] = debug


def fail(exc: BaseException) -> None:
    """Report an exception as one message and exit with its code."""
    if _state["debug"]:
        raise exc
    if isinstance(exc, DatasetError):
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        err.print(f"error: {exc}", markup=False)
    elif isinstance(exc, BriefgenError):
        err.print(f"error: {exc}", markup=False)
    else:
        err.print(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", markup=False)
    raise typer.Exit(getattr(exc, "exit_code", EXIT_FAILURE))


def open_dataset(data: Optional[Path], *, include_drafts: bool = False, quiet: bool = False) -> Dataset:
    dataset = load_dataset(data, include_drafts=include_drafts)
    if not quiet:
        where = "bundled dataset" if data is None else "dataset"
        err.print(f"using {where}: {dataset.manifest.name} ({dataset.root})", markup=False)
    return dataset


@app.command()
def check(
    data: Optional[Path] = DataOption,
    drafts: bool = typer.Option(False, "--drafts", help="Also validate the drafts/ folder."),
) -> None:
    """Validate a dataset and report every problem as file:line: field: message.

    Example: briefgen check --data examples/vn-jp-ict
    """
    try:
        dataset = open_dataset(data, include_drafts=drafts)
    except BriefgenError as exc:
        fail(exc)
    for warning in dataset.warnings:
        err.print(str(warning), markup=False)
    counts = ", ".join(f"{len(dataset.collection(n))} {n}" for n in
                       ("people", "organizations", "meetings", "agreements", "commitments", "sources"))
    out.print(f"ok: {counts}; {len(dataset.warnings)} warning(s)", markup=False)


@app.command()
def schema(
    out_file: Optional[Path] = typer.Option(None, "--out", help="Write to this file instead of standard output."),
) -> None:
    """Write the JSON Schema of a dataset file, for editors to autocomplete and validate YAML.

    Example: briefgen schema --out briefgen.schema.json
    """
    from briefgen.models import DatasetFile

    text = json.dumps(DatasetFile.model_json_schema(), indent=2, ensure_ascii=False)
    if out_file is None:
        sys.stdout.write(text + "\n")
    else:
        out_file.write_text(text + "\n", encoding="utf-8")
        out.print(f"wrote {out_file}", markup=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(EXIT_FAILURE)


if __name__ == "__main__":
    main()
