"""Findings → a draft YAML file in the dataset's own format, for a curator to review.

Decisions (see docs/ingest.md):

- The whole file is a draft (top-level `draft: true`, under `drafts/`), so
  `briefgen check` ignores it until asked (`--drafts`), and then validates it
  like any other file. Accepting a record is moving it into the dataset: no
  reformatting.
- Provenance is written as YAML comments, `# from: "sentence"`, above each
  value: every collection can carry them (commitments have no `note:`), and
  they survive a move. What the article does not state but the schema requires
  is a placeholder marked `CHECK:` in a comment and, where the record has one,
  in its `note:`, so `grep CHECK` finds every gap.
- Ids start with `draft-` and are made unique against every id in the
  dataset folder's files, drafts included (briefgen.dataset.record_ids);
  references point only at ids that exist or that the draft defines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from briefgen.dataset import Dataset
from briefgen.ingest import rules
from briefgen.ingest.findings import Findings
from briefgen.ingest.records import DraftRecords, from_
from briefgen.ingest.yamlwrite import comment, write

__all__ = ["draft_yaml"]


def draft_yaml(
    dataset: Dataset, findings: Findings, *, article: Path, today: dt.date | None = None, taken: set[str] | None = None
) -> str:
    """The text of the draft file for `findings` from the article at `article`."""
    today = today or dt.date.today()
    records = DraftRecords(dataset, findings, article=Path(article), taken=taken if taken is not None else set())
    body: dict[str, Any] = {"draft": True}
    for name in ("sources", "people", "meetings", "agreements", "commitments"):
        items = getattr(records, name)()
        if items:
            body[name] = items
    lines = _header(findings, Path(article), today, records)
    lines += write(body)
    lines += [comment(line) for line in records.left_out]
    return "\n".join(lines) + "\n"


def _header(findings: Findings, article: Path, today: dt.date, records: DraftRecords) -> list[str]:
    flags = [f"- {text} ({from_(evidence)})" for text, evidence in findings.flags]
    counts = Counter(line.split(":")[0] for line in records.checks)
    lines = [
        comment(f"Draft made by `briefgen ingest` from {article.name} on {today}: NOTHING HERE IS CHECKED."),
        "# Each value has the sentence it came from in a `# from:` comment above it. What the article",
        f"# does not state but the dataset requires is a placeholder marked {rules.CHECK} (in a comment and,",
        "# where the record has one, in its note:). To accept a record: check it against the article,",
        f"# settle every {rules.CHECK}, and move it into the dataset (or move this file out of drafts/",
        "# without `draft: true`); `briefgen check --drafts` validates it where it is.",
        f"# Language: {findings.source.language}. Placeholders to check: {counts.get(rules.CHECK, 0)}.",
    ]
    if flags:
        lines.append("# Left for the curator (ambiguous, not recorded):")
        lines += [comment("  " + flag) for flag in flags]
    return lines
