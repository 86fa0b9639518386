"""`briefgen check` and `briefgen schema`: the dataset commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from briefgen.cli import jsonout
from briefgen.cli.app import MAX_PROBLEMS_SHOWN, DataOption, app, err, fail, open_dataset, out, printable
from briefgen.cli.exitcodes import exit_code
from briefgen.cli.options import (
    ForceOption,
    JsonOption,
    QuietOption,
    apply,
    out_dir_option,
    output_option,
    output_target,
    refuse_existing,
)
from briefgen.errors import BriefgenError, DatasetError

COLLECTIONS = ("people", "organizations", "meetings", "agreements", "commitments", "sources")
SCHEMA_FILE = "briefgen.schema.json"


@app.command()
def check(
    data: Optional[Path] = DataOption,
    drafts: bool = typer.Option(False, "--drafts", help="Also validate the drafts/ folder."),
    as_json: bool = JsonOption,
    quiet_: bool = QuietOption,
) -> None:
    """Validate a dataset and print every problem as file:line: field: message on standard output,
    file by file and line by line, then a summary line; exit 0 when the dataset can be used (warnings
    alone), 2 when it has errors.

    Example: briefgen check --data examples/vn-jp-ict
    """
    apply("check", as_json=as_json, quiet=quiet_)
    try:
        dataset = open_dataset(data, include_drafts=drafts, recheck=True)  # check means: check everything now
    except DatasetError as exc:
        if as_json:
            fail(exc)
        # Findings are the command's output (as a linter's are): on stdout, so `check > report.txt` holds them.
        # Capped: a broken generated file can hold hundreds of thousands.
        shown = exc.problems[:MAX_PROBLEMS_SHOWN]
        sys.stdout.write("".join(f"{printable(str(problem))}\n" for problem in shown))
        if len(exc.problems) > len(shown):
            sys.stdout.write(f"... and {len(exc.problems) - len(shown):,} more problem(s); fix these first\n")
        warnings = sum(p.severity != "error" for p in exc.problems)
        sys.stdout.write(f"error: {exc}" + (f" and {warnings} warning(s)" if warnings else "") + "\n")
        raise typer.Exit(exit_code(exc)) from None
    except BriefgenError as exc:
        fail(exc)
    counts = {name: len(dataset.collection(name)) for name in COLLECTIONS}
    if as_json:
        jsonout.emit(
            jsonout.document(
                "check",
                dataset=jsonout.dataset_info(dataset, bundled=data is None),
                counts=counts,
                warnings=[jsonout.problem(w) for w in dataset.warnings],
            )
        )
        if dataset.warnings:
            err.print(_lines(dataset.warnings), markup=False)
        return
    if dataset.warnings:
        out.print(_lines(dataset.warnings), markup=False)
    listed = ", ".join(f"{n} {name}" for name, n in counts.items())
    out.print(f"ok: {listed}; {len(dataset.warnings)} warning(s)", markup=False)


def _lines(problems: list) -> str:
    """Problems as lines, printed in one call: 160 calls cost rich ~0.025 CPU-s at size L, one ~0.004 (the same
    text: rich replaces emoji codes and expands tabs line by line)."""
    return "\n".join(str(problem) for problem in problems)


@app.command()
def schema(
    output: Optional[Path] = output_option("Write to this file (default: standard output)."),
    out_dir: Optional[Path] = out_dir_option(
        f"Write {SCHEMA_FILE} into this folder.", env=False, default=None, legacy=True
    ),
    force: bool = ForceOption,
    quiet_: bool = QuietOption,
) -> None:
    """Write the JSON Schema of a dataset file, for editors to autocomplete and validate YAML.

    Example: briefgen schema --output briefgen.schema.json
    """
    from briefgen.models import DatasetFile
    from briefgen.output import write_new

    apply("schema", quiet=quiet_)
    text = json.dumps(DatasetFile.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    try:
        folder, target = output_target(out_dir, output, (".json",))
        if folder is not None:
            target = folder / SCHEMA_FILE
        if target is None:
            sys.stdout.write(text)
            return
        refuse_existing(target, force)
        written = write_new(target.parent, target.stem, target.suffix, text.encode("utf-8"), force=force)
    except BriefgenError as exc:
        fail(exc)
    out.print(f"wrote {written}", markup=False)
