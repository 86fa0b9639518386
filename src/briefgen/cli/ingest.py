"""`briefgen ingest`: draft records from an article into drafts/ of the dataset, for a curator to review."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from briefgen.cli.app import DataOption, app, err, fail, open_dataset, out
from briefgen.errors import BadInputError, BriefgenError


@app.command()
def ingest(
    article: Path = typer.Argument(..., help="Plain-text article or press release (UTF-8, at most 1 MB)."),
    data: Optional[Path] = DataOption,
    out_file: Optional[Path] = typer.Option(
        None, "--out", help="Write the draft to this file (default: drafts/ARTICLE.yaml in the dataset folder, "
                            "or in the current folder when using the bundled dataset)."),
) -> None:
    """Draft meeting, people, agreements and commitments from an article, each with the sentence it came from.

    Nothing drafted is fact: the file is marked `draft: true`, and every placeholder says CHECK.
    Review it, then validate with `briefgen check --drafts`.

    Example: briefgen ingest press-release.txt --data my-dataset
    """
    from briefgen.dataset import DRAFTS_DIR
    from briefgen.ingest import ingest_article
    from briefgen.output import write_new

    try:
        dataset = open_dataset(data)
        draft = ingest_article(dataset, article)
        if out_file is not None:
            if out_file.exists():
                raise BadInputError(f"{out_file} exists: give another --out, or move it away")
            target = write_new(out_file.parent, out_file.stem, out_file.suffix or ".yaml", draft.text.encode())
        else:
            folder = (dataset.root if data is not None else Path.cwd()) / DRAFTS_DIR
            target = write_new(folder, article.stem, ".yaml", draft.text.encode())
    except BriefgenError as exc:
        fail(exc)
    f = draft.findings
    new = len({id(p.new) for p in f.people if p.new})
    checks = draft.text.count("# CHECK:")
    out.print(f"wrote {target}", markup=False)
    err.print(f"language {f.source.language}; meeting on {f.meeting_date.date}; {len(f.person_ids())} known and {new} "
              f"new people; {len(f.org_ids())} organizations; {len(f.meeting_field_ids())} fields; "
              f"{len(f.agreements)} agreements; {len(f.commitments)} commitments; {checks} placeholders marked CHECK; "
              f"{len(f.flags)} ambiguities left to you", markup=False)
    if data is not None and out_file is None:
        err.print(f"review it against the article, then: briefgen check --data {data} --drafts", markup=False)
    else:
        err.print("review it against the article; to validate it, put it in drafts/ of the dataset folder and run "
                  "briefgen check --data DIR --drafts", markup=False)
