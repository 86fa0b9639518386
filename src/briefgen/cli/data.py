"""`briefgen check` and `briefgen schema`: the dataset commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, err, fail, open_dataset, out
from briefgen.errors import BriefgenError


@app.command()
def check(
    data: Optional[Path] = DataOption,
    drafts: bool = typer.Option(False, "--drafts", help="Also validate the drafts/ folder."),
) -> None:
    """Validate a dataset and report every problem as file:line: field: message.

    Example: briefgen check --data examples/vn-jp-ict
    """
    try:
        dataset = open_dataset(data, include_drafts=drafts, reuse=False)  # check means: check everything now
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
