"""How good are the drafts? The drafts of the seed articles compared with the hand-curated records.

Each seed article is a source of the bundled dataset, and the records citing
that source are what a curator made of it: the truth. The draft of the same
article is compared with them, kind by kind, by the rules below, summed over
the articles into precision (how much of what was drafted is right) and recall
(how much of what the curator recorded was drafted). The drafts are read back
from their YAML text, so what is scored is exactly what a curator would see.

Matching rules:
- dates: the draft meeting's date equals the curated meeting's (same precision);
- people: the set of person ids among participants and signatories; a new-person
  draft counts as the person its written name resolves to in the full dataset;
- organizations: the set of ids in meeting orgs, participants' posts, agreement
  parties and commitments' `by_org`;
- fields: the meeting's set of field ids;
- agreements: one-to-one on (kind, signed date);
- commitments: one-to-one on the same meeting and field and text similarity
  (rapidfuzz token_set_ratio, case-folded) of at least TEXT_SIMILARITY; and,
  since a Vietnamese or French sentence cannot be compared with an English
  paraphrase, also one-to-one on (meeting, field, kind) alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, utils

from briefgen.dataset import Dataset
from briefgen.errors import NameNotResolvedError
from briefgen.resolve import resolve_person

TEXT_SIMILARITY = 60.0
TODAY = dt.date(2026, 11, 23)  # a fixed day of ingest, so the figures do not move with the calendar
KINDS = (
    "language",
    "publication date",
    "meeting date",
    "place",
    "meeting kind",
    "people",
    "people (unknown to the dataset)",
    "organizations",
    "fields",
    "agreements",
    "commitments (text)",
    "commitments (field and kind)",
)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)  # "article: missed X" / "article: wrong Y"

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def sets(self, article: str, drafted, truth) -> None:
        drafted, truth = Counter(drafted), Counter(truth)
        hits = drafted & truth
        self.tp += sum(hits.values())
        self.fp += sum((drafted - hits).values())
        self.fn += sum((truth - hits).values())
        self.misses += [f"{article}: drafted {x}, not in the curated records" for x in (drafted - hits).elements()]
        self.misses += [f"{article}: missed {x}" for x in (truth - hits).elements()]


def _one_to_one(score: Score, article: str, drafted: list, truth: list, same) -> None:
    pairs = [(same(d, t), i, j) for i, d in enumerate(drafted) for j, t in enumerate(truth)]
    pairs = sorted(((s, i, j) for s, i, j in pairs if s is not None), key=lambda p: (-p[0], p[1], p[2]))
    used_d, used_t = set(), set()
    for _similarity, i, j in pairs:
        if i not in used_d and j not in used_t:
            used_d.add(i)
            used_t.add(j)
    score.tp += len(used_d)
    score.fp += len(drafted) - len(used_d)
    score.fn += len(truth) - len(used_t)
    score.misses += [
        f"{article}: drafted {_short(drafted[i])}, matching nothing" for i in range(len(drafted)) if i not in used_d
    ]
    score.misses += [f"{article}: missed {_short(truth[j])}" for j in range(len(truth)) if j not in used_t]


def _short(item) -> str:
    text = str(item)
    return text if len(text) <= 140 else text[:139] + "…"


def _draft_of(dataset: Dataset, article: Path) -> dict:
    from briefgen.ingest import ingest_article

    return yaml.safe_load(ingest_article(dataset, article, today=TODAY, taken=set()).text)


def _resolved(full: Dataset, draft: dict) -> dict[str, str]:
    """Draft person id → id in the full dataset (new people by their written name), or 'new:<name>'."""
    ids = {}
    for person in draft.get("people", []):
        name = person["name"]
        written = (
            " ".join(p for p in (name.get("given"), name.get("middle"), name["family"]) if p)
            if name["order"] == "given_first"
            else " ".join(p for p in (name["family"], name.get("middle"), name.get("given")) if p)
        )
        try:
            ids[person["id"]] = resolve_person(full, written).person.id
        except NameNotResolvedError:
            ids[person["id"]] = f"new:{written}"
    return ids


def _people(draft: dict, full: Dataset) -> set[str]:
    resolved = _resolved(full, draft)
    found = {p["person"] for m in draft.get("meetings", []) for p in m.get("participants", [])}
    found |= {s["person"] for a in draft.get("agreements", []) for s in a.get("signatories", [])}
    return {resolved.get(p, p) for p in found}


def _orgs(draft: dict) -> set[str]:
    found = set()
    for meeting in draft.get("meetings", []):
        found |= set(meeting["orgs"]) | {
            p["post"]["org"] for p in meeting.get("participants", []) if p.get("post", {}).get("org")
        }
    found |= {p for a in draft.get("agreements", []) for p in a["parties"]}
    found |= {c["by_org"] for c in draft.get("commitments", []) if c.get("by_org")}
    return found


def _truth(dataset: Dataset, source_id: str) -> dict:
    meetings = [m for m in dataset.meetings.values() if source_id in m.sources]
    agreements = [a for a in dataset.agreements.values() if source_id in a.sources]
    commitments = [c for c in dataset.commitments.values() if source_id in c.sources]
    people = {p.person for m in meetings for p in m.participants} | {
        s.person for a in agreements for s in a.signatories
    }
    orgs = {o for m in meetings for o in m.orgs} | {
        p.post.org for m in meetings for p in m.participants if p.post and p.post.org
    }
    orgs |= {o for a in agreements for o in a.parties} | {c.by_org for c in commitments if c.by_org}
    return {"meetings": meetings, "agreements": agreements, "commitments": commitments, "people": people, "orgs": orgs}


def evaluate(dataset: Dataset) -> dict[str, Score]:
    """Scores per kind over every source of `dataset` whose file is in its seeds folder."""
    scores = {kind: Score() for kind in KINDS}
    seeds = (dataset.root / dataset.manifest.seeds_dir).resolve()
    no_people = dataclasses.replace(dataset, people={})
    for source in sorted(dataset.sources.values(), key=lambda s: s.id):
        article = seeds / source.file if source.file else None
        if article is None or not article.is_file():
            continue
        name = source.id
        draft, truth = _draft_of(dataset, article), _truth(dataset, source.id)
        _score_article(scores, name, draft, truth, dataset, source)
        cold = _draft_of(no_people, article)
        scores["people (unknown to the dataset)"].sets(name, _people(cold, dataset), truth["people"])
    return scores


def _score_article(scores: dict[str, Score], name: str, draft: dict, truth: dict, dataset: Dataset, source) -> None:
    from briefgen.ingest.language import detect_language
    from briefgen.ingest.text import read_article

    text = read_article(dataset.root / dataset.manifest.seeds_dir / source.file)
    scores["language"].sets(name, [detect_language(text, list(dataset.manifest.languages))], [source.language])
    drafted_source = (draft.get("sources") or [{}])[0]
    pub = drafted_source.get("published")
    if draft.get("sources") is None:  # the article was recognized as this very source: score what was read
        from briefgen.ingest.extract import extract

        found = extract(dataset, text, today=TODAY).source.published
        pub = str(found) if found else None
    scores["publication date"].sets(
        name, [str(pub)] if pub else [], [str(source.published)] if source.published else []
    )
    meetings = draft.get("meetings", [])
    truth_meetings = truth["meetings"]
    scores["meeting date"].sets(name, [str(m["date"]) for m in meetings], [str(m.date) for m in truth_meetings])
    scores["place"].sets(
        name,
        [_place(m["place"]) for m in meetings],
        [
            _place(
                {
                    "online": m.place.online,
                    "country": m.place.country,
                    "city": m.place.city.in_lang("en", "en")[0] if m.place.city else None,
                }
            )
            for m in truth_meetings
        ],
    )
    scores["meeting kind"].sets(name, [m["kind"] for m in meetings], [m.kind.value for m in truth_meetings])
    scores["people"].sets(name, _people(draft, dataset), truth["people"])
    scores["organizations"].sets(name, _orgs(draft), truth["orgs"])
    scores["fields"].sets(
        name, {f for m in meetings for f in m.get("fields", [])}, {f for m in truth_meetings for f in m.fields}
    )
    scores["agreements"].sets(
        name,
        [(a["kind"], str(a["signed"])) for a in draft.get("agreements", [])],
        [(a.kind.value, str(a.signed)) for a in truth["agreements"]],
    )
    _score_commitments(scores, name, draft, truth, dataset)


def _place(place: dict) -> str:
    return "online" if place.get("online") else f"{place.get('city') or '-'}, {place.get('country') or '-'}"


def _score_commitments(scores: dict[str, Score], name: str, draft: dict, truth: dict, dataset: Dataset) -> None:
    """Draft commitments all belong to the article's one meeting (directly or through its agreements)."""
    drafted = [(c["field"], c["kind"], c["text"]) for c in draft.get("commitments", [])]
    curated = [(c.field, c.kind.value, c.text.in_lang("en", "en")[0]) for c in truth["commitments"]]

    def by_text(d, t):
        if d[0] != t[0]:
            return None
        similarity = fuzz.token_set_ratio(d[2], t[2], processor=utils.default_process)
        return similarity if similarity >= TEXT_SIMILARITY else None

    _one_to_one(scores["commitments (text)"], name, drafted, curated, by_text)
    _one_to_one(
        scores["commitments (field and kind)"], name, drafted, curated, lambda d, t: 1 if d[:2] == t[:2] else None
    )


def table(scores: dict[str, Score]) -> str:
    """The scores as a Markdown table."""
    lines = [
        "| kind | drafted right | drafted wrong | missed | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, s in scores.items():
        lines.append(f"| {kind} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)
