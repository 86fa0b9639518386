"""`briefgen ingest`: draft dataset records from a news article or press release, for a person to review.

Curation is the slow part of keeping a dataset; a draft that already holds
what an article states, each item next to the sentence it came from, turns an
hour of typing into minutes of checking. Nothing drafted is fact: the file is
marked `draft: true`, lives in `drafts/`, and marks every placeholder CHECK.

- `text`: reading the article, sentences, matching forms;
- `language`: language, publication date, meeting date (lingua, dateparser, babel);
- `entities`, `people`: organizations, countries, fields; people (briefgen.resolve);
- `statements`: place, kind, agreements, commitments;
- `extract`: all of it in order → `Findings`;
- `records`, `yamlwrite`, `draft`: findings → the draft YAML text;
- `evaluate`: drafts of the seed articles compared with the curated records;
- `rules`: every hand-written word list and pattern, per language.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from briefgen.dataset import Dataset, record_ids
from briefgen.errors import BadInputError
from briefgen.ingest.findings import Findings

# The libraries only ingest needs (module → distribution); `pip install "briefgen[ingest]"` adds them.
LIBRARIES = {"lingua": "lingua-language-detector", "dateparser": "dateparser"}


def missing_libraries() -> list[str]:
    """The distributions of LIBRARIES that cannot be imported here (found without importing them)."""
    return [dist for module, dist in LIBRARIES.items() if importlib.util.find_spec(module) is None]


def require_libraries() -> None:
    """Raise BadInputError, saying in one line how to add them, when an ingest library is missing."""
    missing = missing_libraries()
    if missing:
        raise BadInputError(
            f"briefgen ingest needs {' and '.join(missing)}, which the plain install leaves out: "
            'pip install "briefgen[ingest]" (from a checkout: pip install ".[ingest]")'
        )


@dataclass(frozen=True)
class Draft:
    text: str  # the YAML file
    findings: Findings


def ingest_article(
    dataset: Dataset, article: Path, *, today: dt.date | None = None, taken: set[str] | None = None
) -> Draft:
    """Read the article at `article` and draft records for `dataset`; raises BadInputError for unusable input.

    `taken` are ids already used (e.g. by other drafts); by default every id in the dataset folder's files (drafts included).
    """
    require_libraries()
    from briefgen.ingest.draft import draft_yaml
    from briefgen.ingest.extract import extract
    from briefgen.ingest.text import read_article

    today = today or dt.date.today()
    text = read_article(article)
    findings = extract(dataset, text, article=Path(article), today=today)
    ids = taken if taken is not None else record_ids(dataset.root)
    return Draft(draft_yaml(dataset, findings, article=Path(article), today=today, taken=ids), findings)
