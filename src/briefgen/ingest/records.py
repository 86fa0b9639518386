"""Findings → draft records (plain dicts with `Noted` comments), placeholders filled and marked.

Each method returns the records of one collection. Every reference is to an
id of the dataset or of this draft; every required value the article does not
give is filled with a placeholder and a `CHECK:` line saying so. A record that
cannot be made valid at all (an agreement with fewer than two known parties)
is left out and described in a comment at the end of the file instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from briefgen.dataset import Dataset
from briefgen.ingest import rules
from briefgen.ingest.findings import Evidence, Findings, NewPerson
from briefgen.ingest.text import one_line
from briefgen.ingest.yamlwrite import Noted
from briefgen.judgments import latest_post
from briefgen.output import safe_name_part

CHECK = rules.CHECK


def from_(evidence: Evidence | None, what: str = "from") -> str:
    return f'{what}: "{one_line(evidence.sentence)}"' if evidence else f"{what}: (not in the article)"


def _slug(text: str, limit: int = 40) -> str:
    return safe_name_part(text, fallback="x", max_length=limit).lower()


class DraftRecords:
    """The records a draft proposes for one article's findings, one method per collection, with the ids
    they take (unique against `taken` and the dataset), the `CHECK:` lines written and what was left out."""

    def __init__(self, dataset: Dataset, findings: Findings, *, article: Path, taken: set[str]):
        self.dataset, self.f, self.article = dataset, findings, article
        self.taken = set(taken) | {
            i
            for name in ("sources", "people", "meetings", "agreements", "commitments")
            for i in dataset.collection(name)
        }
        self.checks: list[str] = []
        self.left_out: list[str] = []
        self.sides = [dataset.manifest.home, *dataset.manifest.partners]
        self.source_id = findings.existing_source or self._id(f"src-{Path(article).stem}")
        self.meeting_id = self._id(f"m-{findings.meeting_date.date}")
        self.new_ids: dict[int, str] = {}
        self._guessed: dict[int, tuple[str, list[str]]] = {}
        self.dropped: set[str] = set()  # agreements left out: commitments they made are tied to the meeting
        for person in findings.people:
            if person.new is not None and id(person.new) not in self.new_ids:
                self.new_ids[id(person.new)] = self._id(f"p-{person.new.text}")
        self.agreement_ids = [self._id(f"a-{self._signed()}-{a.kind}") for a in findings.agreements]

    def _id(self, base: str) -> str:
        stem = rules.DRAFT_PREFIX + _slug(base, 80)
        candidate, number = stem, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{stem}-{number}"
        self.taken.add(candidate)
        return candidate

    def _check(self, text: str) -> str:
        line = f"{CHECK}: {text}"
        self.checks.append(line)
        return line

    def _signed(self):
        return self.f.meeting_date.date

    # --- sources ------------------------------------------------------------------------

    def sources(self) -> list[Any]:
        if self.f.existing_source:
            return []
        s = self.f.source
        notes = [self._check(c.removeprefix(f"{CHECK}: ")) for c in s.checks]
        record: dict[str, Any] = {"id": self.source_id, "title": Noted(s.title, [from_(s.title_evidence)])}
        if s.publisher:
            record["publisher"] = Noted(s.publisher, ["from a mark in the article (see rules.PUBLISHER_MARKS)"])
        else:
            record["publisher"] = Noted(
                "Not named in the article", [notes_add(notes, self._check("publisher not stated"))]
            )
        record["language"] = Noted(s.language, ["detected (lingua)"])
        if s.published:
            record["published"] = Noted(s.published, [from_(s.published_evidence)])
        seeds = (self.dataset.root / self.dataset.manifest.seeds_dir).resolve()
        path = self.article.resolve()
        if path.is_relative_to(seeds):
            record["file"] = path.relative_to(seeds).as_posix()
        else:
            record["url"] = Noted(
                path.as_uri(),
                [
                    notes_add(
                        notes,
                        self._check(
                            "the article is outside the seeds folder: copy it there and give `file:` instead of `url:`"
                        ),
                    )
                ],
            )
        record["reliability"] = Noted(
            "press", [notes_add(notes, self._check("reliability not judged: official, press or machine_translation"))]
        )
        record["note"] = _note("Draft from briefgen ingest.", notes)
        return [record]

    # --- people -------------------------------------------------------------------------

    def _new_country(self, new: NewPerson) -> tuple[str, list[str]]:
        if new.country:
            return new.country, []
        if id(new) not in self._guessed:
            guess = self.f.source.side or self.dataset.manifest.partners[0]
            self._guessed[id(new)] = (guess, [self._check(f"country not stated; {guess} is a placeholder")])
        return self._guessed[id(new)]

    def people(self) -> list[Any]:
        out, done = [], set()
        for person in self.f.people:
            new = person.new
            if new is None or id(new) in done:
                continue
            done.add(id(new))
            country, notes = self._new_country(new)
            name: dict[str, Any] = {
                "family": new.family,
                "middle": new.middle,
                "given": new.given,
                "order": new.order,
                "address_by": new.address_by,
            }
            name = {k: v for k, v in name.items() if v}
            if new.capitalize_family:
                name["capitalize_family"] = True
            notes = [self._check(c.removeprefix(f"{CHECK}: ")) for c in new.checks] + notes
            record: dict[str, Any] = {
                "id": self.new_ids[id(new)],
                "name": Noted(name, [f'as written: "{new.text}"'] + notes),
                "country": country,
            }
            if new.title:
                post = {"title": new.title, "org": new.title_org, "sources": [self.source_id]}
                record["posts"] = [{k: v for k, v in post.items() if v}]
            record["note"] = _note("New person drafted by briefgen ingest.", notes)
            out.append(Noted(record, [from_(person.evidence)]))
        return out

    # --- meetings -----------------------------------------------------------------------

    def _participants(self) -> list[Any]:
        out, seen = [], set()
        for person in self.f.people:
            pid = person.person_id or (self.new_ids.get(id(person.new)) if person.new else None)
            if pid is None or pid in seen:
                continue
            titled = [p for p in self.f.people if (p.person_id or self.new_ids.get(id(p.new))) == pid and p.title]
            seen.add(pid)
            side = person.country or (self._new_country(person.new)[0] if person.new else None)
            comments = [from_(person.evidence)] + ([f"resolved as {person.how}"] if person.person_id else [])
            if side not in self.sides:
                self.left_out.append(
                    f"Participant {pid} left out: country {side} is neither side "
                    f"({', '.join(self.sides)}). {from_(person.evidence)}"
                )
                continue
            item: dict[str, Any] = {"person": pid, "side": side}
            if titled:
                org = self._title_org(titled[0].evidence, titled[0].title or "")
                item["post"] = {k: v for k, v in {"title": titled[0].title, "org": org}.items() if v}
                if titled[0].evidence != person.evidence:
                    comments.append(from_(titled[0].evidence, "post"))
            out.append(Noted(item, comments))
        return out

    def _title_org(self, evidence: Evidence, title: str) -> str | None:
        """The organization a post title names; the most specific (a unit of another) if it names several."""
        start = evidence.sentence.find(title)
        inside = [o for o in self.f.orgs if o.evidence == evidence and start <= o.start < start + len(title)]
        if start < 0 or not inside:
            return None
        return max(inside, key=lambda o: (self.dataset.organizations[o.org_id].parent is not None, o.start)).org_id

    def meeting_orgs(self) -> tuple[list[str], list[str]]:
        """Top-level organizations named outside witnessed third-party signings; else a placeholder."""
        third_party = {p for a in self.f.agreements if not a.signatories and len(a.parties) >= 2 for p in a.parties}
        ids = []
        for org in self.f.orgs:
            top = org.org_id
            while parent := self.dataset.organizations[top].parent:
                top = parent
            in_agreement = any(org.sentence in a.sentences for a in self.f.agreements)
            if not (in_agreement and org.org_id in third_party):
                ids.append(top)
        ids = list(dict.fromkeys(ids))
        if ids:
            return ids, []
        posts = [self._latest_post(p) for p in self.f.person_ids()]
        ids = list(dict.fromkeys(p.org for p in posts if p and p.org))
        if ids:
            return ids, [self._check("no organization named: these are the participants' posts in the dataset")]
        home = [o.id for o in self.dataset.organizations.values() if o.country == self.dataset.manifest.home]
        return home[:1], [self._check("no organization named: a placeholder")]

    def _latest_post(self, person_id: str):
        status = latest_post(self.dataset, self.dataset.people[person_id], dt.date.today())
        return status.post if status else None

    def _date_fields(self, record: dict[str, Any]) -> list[str]:
        d = self.f.meeting_date
        notes = [self._check(c.removeprefix(f"{CHECK}: ")) for c in d.checks]
        record["date"] = Noted(d.date, [from_(d.evidence)] + notes)
        if d.inferred:
            record["inferred"] = {"parts": d.inferred, "reason": d.reason}
        return notes

    def meetings(self) -> list[Any]:
        f = self.f
        record: dict[str, Any] = {"id": self.meeting_id}
        notes = self._date_fields(record)
        place = {
            k: v
            for k, v in {"online": f.place.online or None, "city": f.place.city, "country": f.place.country}.items()
            if v
        }
        if not place:
            place = {"country": self.dataset.manifest.home}
            notes.append(self._check(f"place not stated; {self.dataset.manifest.home} is a placeholder"))
            record["place"] = Noted(place, [notes[-1]])
        else:
            record["place"] = Noted(place, [from_(f.place.evidence)])
        if f.kind_evidence is None:
            notes.append(self._check(f"kind not stated; {f.kind} is a placeholder"))
        record["kind"] = Noted(f.kind, [notes[-1] if f.kind_evidence is None else from_(f.kind_evidence)])
        notes.append(self._check("title is the article's headline: write the meeting's own"))
        record["title"] = Noted(f.source.title, [notes[-1]])
        orgs, org_notes = self.meeting_orgs()
        notes += org_notes
        record["orgs"] = Noted(orgs, org_notes + self._org_comments(orgs))
        participants = self._participants()
        if participants:
            record["participants"] = participants
        fields = f.meeting_field_ids()
        if fields:
            record["fields"] = Noted(fields, [f"{fid}: {from_(self._field_evidence(fid), 'from')}" for fid in fields])
        notes.append(self._check("summary is the article's first sentence: rewrite it"))
        record["summary"] = Noted(one_line(f.summary.sentence, 500) if f.summary else f.source.title, [notes[-1]])
        record["sources"] = [self.source_id]
        record["note"] = _note("Draft from briefgen ingest.", notes)
        return [record]

    def _org_comments(self, orgs: list[str]) -> list[str]:
        out = []
        for org_id in orgs:
            hit = next((o for o in self.f.orgs if o.org_id == org_id), None)
            if hit:
                how = f"{hit.how}{': ' + hit.reason if hit.reason else ''}"
                out.append(f'{org_id} ("{hit.text}", {how}) {from_(hit.evidence)}')
        return out

    def _field_evidence(self, field_id: str) -> Evidence | None:
        return next((x.evidence for x in self.f.fields if x.field_id == field_id), None)

    # --- agreements ---------------------------------------------------------------------

    def agreements(self) -> list[Any]:
        out = []
        meeting_orgs, _ = self.meeting_orgs()
        for agreement, aid in zip(self.f.agreements, self.agreement_ids):
            notes = [self._check(c.removeprefix(f"{CHECK}: ")) for c in agreement.checks]
            parties = list(agreement.parties)
            if len(parties) < 2:
                posts = [self._latest_post(p) for p in self.f.person_ids()]
                extra = meeting_orgs + [p.org for p in posts if p and p.org]
                parties = list(dict.fromkeys(parties + extra))[: max(2, len(parties))]
                notes.append(
                    self._check(
                        "parties not all named: completed from the meeting's organizations and the participants' posts"
                    )
                )
            if len(parties) < 2:
                self.dropped.add(aid)
                self.left_out.append(
                    f"{CHECK}: agreement ({agreement.kind}) left out: fewer than two parties known. "
                    + from_(agreement.evidence[0])
                )
                continue
            title = agreement.title or (
                f"{agreement.kind.replace('_', ' ').capitalize()} between "
                + " and ".join(self.dataset.organizations[p].names["en"] for p in parties)
            )
            record: dict[str, Any] = {"id": aid, "kind": Noted(agreement.kind, notes[:])}
            record["title"] = title
            record["parties"] = Noted(parties, self._org_comments(parties))
            signers = [{"person": p, "side": s} for p, s in agreement.signatories if s in self.sides]
            if signers:
                record["signatories"] = signers
            record["signed"] = Noted(self._signed(), ["the date of the meeting it was signed at"])
            if self.f.meeting_date.inferred:
                record["inferred"] = {
                    "parts": self.f.meeting_date.inferred,
                    "reason": f"Signed at the meeting {self.meeting_id}, whose date is inferred.",
                }
            if agreement.valid_from:
                record["valid_from"] = Noted(agreement.valid_from, [from_(agreement.period_evidence)])
                record["valid_until"] = agreement.valid_until
            if agreement.fields:
                record["fields"] = agreement.fields
            record["meeting"] = self.meeting_id
            record["sources"] = [self.source_id]
            record["note"] = _note("Draft from briefgen ingest.", notes)
            out.append(Noted(record, [from_(e) for e in dict.fromkeys(agreement.evidence)]))
        return out

    # --- commitments --------------------------------------------------------------------

    def commitments(self) -> list[Any]:
        out = []
        made = dict(enumerate(self.agreement_ids))
        kept = set(made.values()) - self.dropped
        counts = Counter(x.field_id for x in self.f.fields)
        fallback = counts.most_common(1)[0][0] if counts else next(iter(self.dataset.fields), None)
        for number, c in enumerate(self.f.commitments, start=1):
            notes = [self._check(x.removeprefix(f"{CHECK}: ")) for x in c.checks]
            field_id = c.field_id
            if field_id is None:
                if fallback is None:
                    self.left_out.append(
                        f"{CHECK}: commitment left out: the dataset has no fields. {from_(c.evidence)}"
                    )
                    continue
                field_id = fallback
                notes.append(self._check(f"no field named; {field_id}, the article's most named, is a placeholder"))
            owed = [s for s in c.owed_by if s in self.sides] or self.sides[1:2] or self.sides[:1]
            agreement = made.get(c.agreement) if c.agreement is not None else None
            made_at = {"agreement": agreement} if agreement in kept else {"meeting": self.meeting_id}
            record: dict[str, Any] = {
                "id": self._id(f"c-{self._signed()}-{number}"),
                "text": c.text,
                "kind": c.kind,
                "owed_by": owed,
            }
            if c.by_org:
                record["by_org"] = c.by_org
            record["field"] = Noted(field_id, notes)
            record["made_at"] = made_at
            record["sources"] = [self.source_id]
            out.append(Noted(record, [from_(c.evidence)]))
        return out


def _note(head: str, notes: list[str]) -> str:
    return " ".join([head, *(n if n.endswith(".") else n + "." for n in notes)])


def notes_add(notes: list[str], line: str) -> str:
    notes.append(line)
    return line
