"""Article text → findings: the one entry point of the extraction, pure (no files written, nothing printed).

The order matters and is the reason for this module: organizations are found
before people (a title such as "Minister of X" names an organization, and is
not part of a name), people and organizations before fields (a field word
inside "Ministry of Information and Communications" is no field), and all of
them before statements (a statement's side is that of the person,
organization or country named next to it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.dataset import Dataset
from briefgen.errors import BadInputError
from briefgen.ingest import rules
from briefgen.ingest.entities import country_mentions, country_names, find_fields, find_orgs, org_index
from briefgen.ingest.findings import Evidence, Findings, SourceFinding
from briefgen.ingest.language import detect_language, meeting_date, publication_date
from briefgen.ingest.people import find_people
from briefgen.ingest.statements import Mention, find_agreements, find_commitments, find_kind, find_place
from briefgen.ingest.text import Sentence
from briefgen.ingest.text import sentences as split_sentences


def _title(first: Sentence, pub) -> tuple[str, list[str]]:
    text = first.text
    if pub is not None and pub.sentence.index == first.index:
        text = text[: pub.start] + text[pub.start + len(pub.text) :]
        text = text.replace("date ", "", 1) if text.lstrip().lower().startswith("date ") else text
    text = " ".join(text.split()).strip(" -–|:,")
    checks = []
    if len(text) > 150:
        text = text[:149].rsplit(" ", 1)[0] + "…"
        checks.append(f"{rules.CHECK}: the article has no headline; this is its first line, cut")
    return text or first.text, checks


def _publisher(text: str) -> tuple[str | None, str | None]:
    name, side = None, None
    for mark, (publisher, country) in rules.PUBLISHER_MARKS.items():
        if mark in text:
            name, side = name or publisher, side or country
    return name, side


def _existing_source(dataset: Dataset, article: Path | None) -> str | None:
    """The id of the dataset's source that is this very file (under its seeds folder), if any."""
    if article is None:
        return None
    seeds = (dataset.root / dataset.manifest.seeds_dir).resolve()
    article = Path(article).resolve()
    for source in dataset.sources.values():
        if source.file and (seeds / source.file).resolve() == article:
            return source.id
    return None


def extract(dataset: Dataset, text: str, *, article: Path | None = None, today: dt.date | None = None) -> Findings:
    """Everything the article states that the dataset can hold, each with the sentence it came from."""
    today = today or dt.date.today()
    sentences = split_sentences(text)
    if not sentences:
        raise BadInputError("the article has no text")
    lang = detect_language(text, list(dataset.manifest.languages))
    pub = publication_date(sentences, lang)
    title, title_checks = _title(sentences[0], pub)
    publisher, side = _publisher(text)
    source = SourceFinding(
        title,
        Evidence(sentences[0].text, sentences[0].line),
        lang,
        pub.partial() if pub else None,
        Evidence(pub.sentence.text, pub.sentence.line) if pub else None,
        publisher,
        side,
        title_checks,
    )
    header = {0} | ({pub.sentence.index} if pub else set())
    body = [s for s in sentences if s.index not in header]

    orgs, flags = find_orgs(dataset, org_index(dataset), sentences, lang, side)
    names = country_names(dataset, lang)
    countries = {s.index: country_mentions(s, names) for s in sentences}
    people, person_flags = find_people(dataset, sentences, orgs, countries)
    masked: dict[int, list[tuple[int, int]]] = {}
    for org in orgs:
        masked.setdefault(org.sentence, []).append((org.start, org.end))
    by_text = {s.text: s.index for s in sentences}
    for person in people:  # a post ("Director of Global ICT Business Promotion Office") is not a topic
        index = by_text.get(person.evidence.sentence)
        if person.title and index is not None and (start := person.evidence.sentence.find(person.title)) >= 0:
            masked.setdefault(index, []).append((start, start + len(person.title)))
    fields = find_fields(dataset, sentences, masked)

    date = meeting_date(sentences, lang, source.published, pub, today)
    date_line = date.evidence.line if date.evidence else None
    place = find_place(sentences, date_line, countries)
    kind, kind_evidence = find_kind(sentences, date_line)
    agreements = find_agreements(sentences, orgs, people, fields)

    mentions = [Mention(o.sentence, o.start, dataset.organizations[o.org_id].country, o.org_id) for o in orgs]
    mentions += [Mention(s, start, code) for s, found in countries.items() for code, start, _ in found]
    for person in people:
        index = by_text.get(person.evidence.sentence)
        if index is not None and person.country:
            start = sentences[index].text.find(person.text)
            mentions.append(Mention(index, max(start, 0), person.country))
    manifest = dataset.manifest
    commitments = find_commitments(
        sentences,
        sorted(mentions, key=lambda m: (m.sentence, m.start)),
        fields,
        agreements,
        manifest.home,
        list(manifest.partners),
        header,
    )
    summary = next((s for s in body if len(s.text) > 40), body[0] if body else sentences[0])
    return Findings(
        source,
        date,
        place,
        kind,
        kind_evidence,
        Evidence(summary.text, summary.line),
        people,
        orgs,
        fields,
        agreements,
        commitments,
        [*flags, *person_flags],
        _existing_source(dataset, article),
    )
