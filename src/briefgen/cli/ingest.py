"""`briefgen ingest`: draft records from an article into drafts/ of the dataset, for a curator to review."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, err, fail, open_dataset, out
from briefgen.cli.options import (
    ForceOption,
    QuietOption,
    apply,
    out_dir_option,
    output_option,
    output_target,
    refuse_existing,
)
from briefgen.errors import BriefgenError


@app.command()
def ingest(
    article: Path = typer.Argument(..., help="Plain-text article or press release (UTF-8, at most 1 MB)."),
    data: Optional[Path] = DataOption,
    out_dir: Optional[Path] = out_dir_option(
        "Folder to write the draft into, created if missing (default: drafts/ in the dataset folder, or in the "
        "current folder when using the bundled dataset).",
        env=False,
        default=None,
        legacy=True,
    ),
    output: Optional[Path] = output_option("Write the draft to this file instead."),
    force: bool = ForceOption,
    quiet_: bool = QuietOption,
) -> None:
    """Draft meeting, people, agreements and commitments from an article, each with the sentence it came from.

    Nothing drafted is fact: the file is marked `draft: true`, and every placeholder says CHECK.
    Review it, then validate with `briefgen check --drafts`.

    Example: briefgen ingest press-release.txt --data my-dataset
    """
    from briefgen.datafolder import DRAFTS_DIR
    from briefgen.ingest import ingest_article, require_libraries
    from briefgen.output import write_new

    apply("ingest", quiet=quiet_)
    try:
        require_libraries()  # before the dataset is read: the answer does not depend on it
        folder, out_file = output_target(out_dir, output, (".yaml", ".yml"))
        if out_file is not None:
            refuse_existing(out_file, force)
        dataset = open_dataset(data)
        draft = ingest_article(dataset, article)
        if out_file is not None:
            target = write_new(
                out_file.parent, out_file.stem, out_file.suffix or ".yaml", draft.text.encode(), force=force
            )
        else:
            folder = folder or (dataset.root if data is not None else Path.cwd()) / DRAFTS_DIR
            target = write_new(folder, article.stem, ".yaml", draft.text.encode(), force=force)
    except BriefgenError as exc:
        fail(exc)
    f = draft.findings
    new = len({id(p.new) for p in f.people if p.new})
    checks = draft.text.count("# CHECK:")
    out.print(f"wrote {target}", markup=False)
    err.print(
        f"language {f.source.language}; meeting on {f.meeting_date.date}; {len(f.person_ids())} known and {new} "
        f"new people; {len(f.org_ids())} organizations; {len(f.meeting_field_ids())} fields; "
        f"{len(f.agreements)} agreements; {len(f.commitments)} commitments; {checks} placeholders marked CHECK; "
        f"{len(f.flags)} ambiguities left to you",
        markup=False,
    )
    if data is not None and out_file is None and out_dir is None:
        err.print(f"review it against the article, then: briefgen check --data {data} --drafts", markup=False)
    else:
        err.print(
            "review it against the article; to validate it, put it in drafts/ of the dataset folder and run "
            "briefgen check --data DIR --drafts",
            markup=False,
        )
