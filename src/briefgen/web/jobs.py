"""What the page asks of the library, each a plain function run in a worker thread (never on the event loop).

Every one calls the same jobs as the command line: `explain`/`filter_people` for search, `build_brief`
for the preview, `run_visit` for downloads (into a temporary folder removed before the answer is
sent), `run_refresh` for an uploaded brief, `safe_run` for a delegation.  Nothing here decides what a
brief says: it only moves bytes between the library and the request.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.briefing import build_brief
from briefgen.dataset import Dataset
from briefgen.delegation import Visit
from briefgen.errors import BadInputError
from briefgen.judgments import latest_post
from briefgen.mail import parse_recipients
from briefgen.output import safe_name_part
from briefgen.pdf import soffice_path
from briefgen.refresh import RefreshOptions, RefreshOutcome, run_refresh
from briefgen.resolve import explain, filter_people, prepare_spellings
from briefgen.viewmodel import Brief
from briefgen.visit import VisitOptions, VisitOutcome, run_visit, safe_run
from briefgen.wording import Wording

SEARCH_LIMIT = 12  # candidates shown while typing
DELEGATION_LIMIT = 60  # names in one delegation request

MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".eml": "message/rfc822",
    ".zip": "application/zip",
}
# What each download asks run_visit for, and which of the files it writes is the answer.
DOWNLOADS = {
    "docx": (("docx",), ".docx"),
    "xlsx": (("xlsx",), ".xlsx"),
    "pdf": (("docx",), ".pdf"),
    "eml": (None, ".eml"),
    "both": (None, ".zip"),  # the brief and the matrix of one briefing, as `briefgen visit` writes them
}


@dataclass
class PersonHit:
    person_id: str
    name: str
    native: str
    country: str
    post: str
    former: bool
    matched: str = ""


@dataclass
class SearchResult:
    query: str
    kind: str  # "" (too short) | resolved | ambiguous | near | containing | nobody
    people: list[PersonHit] = field(default_factory=list)
    containing: list[PersonHit] = field(default_factory=list)


def _post_text(dataset: Dataset, status, lang: str, day: dt.date) -> str:
    """The post as the brief's front and `who` word it (`wording.Wording.post_line`), in the interface's
    language, with what to verify after it in brackets: one wording of a post in every output."""
    line, flag = Wording(dataset, lang).post_line(status, day)
    return f"{line} ({flag})" if flag else line


def _statuses(dataset: Dataset) -> dict:
    """The search's memo of each person's latest post by day, kept by the loaded dataset (Dataset.derived; a
    changed dataset is a new one): judging a post reads the person's meetings and agreements, a few ms a person
    at size L, and search-as-you-type lists the same people keystroke after keystroke (docs/benchmarks.md)."""
    return {}


def prepare_search(dataset: Dataset, still_current: Callable[[], bool] = lambda: True) -> None:
    """Judge, once, what search-as-you-type asks of every person: the list of every spelling and each person's
    latest post today.  Run in the background when the page loads a dataset (`DatasetState`): a cached dataset
    validates its records when first read, and a first listing of 12 people at size L read and judged
    thousands (117 ms median for 3 letters, over a second for the first; 5 ms once prepared, docs/benchmarks.md).
    Stops when the dataset is replaced; until it is done, a search judges what it lists itself, as before."""
    prepare_spellings(dataset)
    today = dt.date.today()
    for number, person in enumerate(dataset.people.values()):
        if number % 50 == 0 and not still_current():
            return
        _latest_post(dataset, person, today)


def _latest_post(dataset: Dataset, person, day: dt.date):
    memo = dataset.derived(_statuses)
    key = (person.id, day)
    if key not in memo:
        memo[key] = latest_post(dataset, person, day)
    return memo[key]


def _hit(dataset: Dataset, person_id: str, matched: str = "", lang: str = "en") -> PersonHit:
    person = dataset.people[person_id]
    today = dt.date.today()
    status = _latest_post(dataset, person, today)
    native = person.native if person.native and person.native != person.name.full(capitals=False) else ""
    return PersonHit(
        person.id,
        person.name.full(),
        native or "",
        person.country,
        _post_text(dataset, status, lang, today) if status else "",
        bool(status and not status.held),
        matched,
    )


def search(dataset: Dataset, query: str, lang: str = "en") -> SearchResult:
    """The resolver's answer for `query` as the officer types: the one person it means, or every candidate
    (none chosen), with their posts; and, while the name is incomplete, the people whose names contain it."""
    query = query.strip()[:200]
    if len(query) < 2:
        return SearchResult(query, "")
    resolution, candidates, _ = explain(dataset, query, near_misses=False)  # see below: asked for only if needed
    if resolution is not None:
        return SearchResult(
            query, "resolved", [_hit(dataset, resolution.person.id, resolution.candidate.matched, lang)]
        )
    exact = [c for c in candidates if c.how not in ("fuzzy", "diacritics")]
    if exact:  # several people bear this name: all are shown, none is chosen
        result = SearchResult(query, "ambiguous", [_hit(dataset, c.person_id, c.matched, lang) for c in exact])
        listed = {c.person_id for c in exact}
        result.containing = [_hit(dataset, p.id, lang=lang) for p in _containing(dataset, query) if p.id not in listed]
        return result
    # An unfinished name: the people whose spellings contain it, else the resolver's near misses.
    containing = [_hit(dataset, p.id, lang=lang) for p in _containing(dataset, query)]
    if containing:
        return SearchResult(query, "containing", containing)
    _, candidates, _ = explain(dataset, query)  # nobody's name contains it: the resolver's near misses
    near = [_hit(dataset, c.person_id, c.matched, lang) for c in candidates[:SEARCH_LIMIT]]
    return SearchResult(query, "near" if near else "nobody", near)


def _containing(dataset: Dataset, query: str) -> list:
    return filter_people(dataset, query)[:SEARCH_LIMIT]


def preview(dataset: Dataset, person_id: str, visit_date: dt.date, lang: str, visit: Visit | None = None) -> Brief:
    """The brief's view model, the one the Word renderer fills its template from."""
    return build_brief(dataset, person_id, visit_date=visit_date, lang=lang, today=dt.date.today(), visit=visit)


def download(
    dataset: Dataset,
    person_id: str,
    kind: str,
    visit_date: dt.date,
    lang: str,
    email_to: str = "",
    visit: Visit | None = None,
) -> tuple[str, bytes]:
    """One document of a visit, written by run_visit into a temporary folder, read back, and the folder
    removed before this returns: a client that goes away mid-download leaves nothing on disk."""
    formats, suffix = DOWNLOADS[kind]
    if kind == "pdf" and soffice_path() is None:
        raise BadInputError("no PDF: LibreOffice is not installed on the server")
    recipients = parse_recipients([email_to]) if kind == "eml" else ()
    if kind == "eml" and not recipients:
        raise BadInputError("give an e-mail address for the draft")
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-") as tmp:
        options = VisitOptions(
            visit_date=visit_date,
            lang=lang,
            out_dir=Path(tmp),
            pdf=kind == "pdf",
            email_to=recipients,
            formats=formats,
            visit=visit,
        )
        outcome = run_visit(dataset, person_id, options)
        if kind == "both":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in outcome.files:
                    archive.write(path, path.name)
            stem = outcome.files[0].stem.rsplit("_", 1)[0]  # 2026-11-23_TAKAICHI-Sanae
            return f"{stem}_{lang}.zip", buffer.getvalue()
        path = next(p for p in outcome.files if p.suffix == suffix)
        return path.name, path.read_bytes()


UPLOADED_NAME = "uploaded-brief.docx"  # the name an upload is saved under: nothing of the request's


def refresh_upload(dataset: Dataset, data: bytes) -> tuple[RefreshOutcome, bytes]:
    """An uploaded brief refreshed by run_refresh exactly as `briefgen refresh` does, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-") as tmp:
        source = Path(tmp) / UPLOADED_NAME
        source.write_bytes(data)
        out = Path(tmp) / "out"
        outcome = run_refresh(dataset, source, RefreshOptions(out_dir=out))
        assert outcome.path is not None
        return outcome, outcome.path.read_bytes()


def delegation_names(lines: list[str]) -> list[str]:
    """The names of a delegation as typed, one a line; BadInputError for none or too many."""
    names = [n.strip() for n in lines if n.strip()]
    if not names:
        raise BadInputError("give at least one name")
    if len(names) > DELEGATION_LIMIT:
        raise BadInputError(f"at most {DELEGATION_LIMIT} names at a time")
    return names


def delegation_member(
    dataset: Dataset, name: str, folder: Path, visit_date: dt.date, lang: str, visit: Visit | None = None
) -> VisitOutcome:
    """One member's brief and matrix into `folder` (safe_run: a name that fails is reported, not raised)."""
    return safe_run(dataset, name, VisitOptions(visit_date=visit_date, lang=lang, out_dir=folder, visit=visit))


def delegation_archive(outcomes: list[VisitOutcome], visit_date: dt.date, lang: str) -> tuple[str, bytes]:
    """Every member's files in one .zip, with README.txt saying who each name was taken to be, or why not."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, outcome in enumerate(outcomes, 1):
            for path in outcome.files:
                archive.write(path, path.name if not _taken(archive, path.name) else f"{index}-{path.name}")
        report = [f"{o.query}: {o.name} ({o.person_id})" if not o.error else f"{o.query}: {o.error}" for o in outcomes]
        archive.writestr("README.txt", "\n".join(report) + "\n")
    return f"{visit_date.isoformat()}_{safe_name_part('delegation')}_{lang}.zip", buffer.getvalue()


def _taken(archive: zipfile.ZipFile, name: str) -> bool:
    return name in archive.namelist()


def ingest_libraries_missing() -> list[str]:
    from briefgen.ingest import missing_libraries

    return missing_libraries()


def draft_from_article(dataset: Dataset, text: str, write: bool) -> tuple[str, Path | None]:
    """Drafts for review from a pasted article, by `ingest_article` as `briefgen ingest` makes them; written
    into the dataset's drafts/ folder when `write` (never over a file there), and returned as text."""
    from briefgen.datafolder import DRAFTS_DIR
    from briefgen.ingest import ingest_article
    from briefgen.output import write_new

    stem = f"article-{dt.date.today().isoformat()}"
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-") as tmp:
        article = Path(tmp) / f"{stem}.txt"  # read by ingest's own reader (size cap, encoding checks)
        article.write_text(text, encoding="utf-8")
        draft = ingest_article(dataset, article)
    written = write_new(dataset.root / DRAFTS_DIR, stem, ".yaml", draft.text.encode()) if write else None
    return draft.text, written
