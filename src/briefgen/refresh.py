"""The `refresh` job: a new brief from the current dataset that keeps what the officer wrote.

    briefgen visit --counterpart "Takaichi Sanae"               # write the brief
    (the officer edits it in Word or LibreOffice)
    briefgen refresh 2026-11-23_TAKAICHI-Sanae_brief-en.docx   # new data, same writing

The brief carries its sections' marks and a record of what it was made from (render.sections).
Refresh reads that record, renders a fresh brief for the same counterpart, language and visit
(or --date), and then, section by section:
- an officer section the officer changed is carried over as it is (formatting, tables, lists,
  pictures of every kind and web links come with it; what would reach outside the document is
  removed and named in the report: see render.sections.Carrier); one left as written takes the new
  template's placeholder;
- a data section is regenerated, unless the officer edited it by hand: then it is kept as
  edited and reported (`take_new` takes the new data instead);
- `changes` lists what the dataset shows differently from the ids and states the previous brief's
  record holds (render.record), every line worded from the dataset now.
The edited file is only read, as untrusted input (render.received); the new brief is written under a
new name.  `refresh_upload` does the same for bytes (an upload) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import docx

from briefgen import judgments as J
from briefgen.dataset import Dataset
from briefgen.errors import BriefNotUsableError
from briefgen.i18n import LANGUAGES, format_day, label, words
from briefgen.localtext import LocalText
from briefgen.output import write_new
from briefgen.render.docx import DocxRenderer
from briefgen.render.record import BriefRecord, Facts, Previous, post_key
from briefgen.render.sections import (
    CHANGES,
    COVER,
    Carrier,
    ReadBrief,
    Section,
    detached_sections,
    fingerprint,
    parse_brief,
    read_brief,
    rebuild,
    record_of,
    section_fingerprints,
    write_record,
)
from briefgen.render.template_check import inspect_docx
from briefgen.render.text import NOT_XML
from briefgen.viewmodel import Brief, Notice
from briefgen.visit import build_views, file_stem

MAX_CHANGES_SHOWN = 8  # the list sits in the front section, which must stay within two printed pages


@dataclass(frozen=True)
class RefreshOptions:
    visit_date: dt.date | None = None  # None: the visit date the brief was made for
    out_dir: Path | None = None  # None: the brief's own folder
    template: Path | None = None  # None: the default template (a brief made with another must name it)
    take_new: tuple[str, ...] = ()  # data sections edited by hand to regenerate anyway; "all" for every one
    missing_ok: bool = False  # write even when an officer section's marks are gone (it comes back empty)
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class RefreshOutcome:
    source: Path
    path: Path | None = None
    person_id: str = ""
    name: str = ""
    previous: str = ""  # when the previous brief was made (ISO date)
    carried: list[str] = field(default_factory=list)  # officer sections carried over
    kept: list[str] = field(default_factory=list)  # data sections edited by hand, kept as edited
    replaced: list[str] = field(default_factory=list)  # data sections edited by hand, regenerated (take_new)
    missing: list[str] = field(default_factory=list)  # officer sections not found (with missing_ok)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# -- what changed ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordNow:
    """What the dataset now says of the records an earlier brief showed that the new one does not:
    which ids it still has, and the status (as of the visit) and text of commitments no longer open."""

    meetings: frozenset[str] = frozenset()
    agreements: frozenset[str] = frozenset()
    commitments: frozenset[str] = frozenset()
    closed: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (status: done | dropped, text)


def _item_state(lang: str, status: str, staleness: str, old_status: str, old_staleness: str) -> tuple[str, str]:
    """How an open item's state is told: by its status when that changed, else by how recent its news is."""
    if status != old_status:
        return label(lang, "status", status), label(lang, "status", old_status)
    return label(lang, "staleness", staleness), label(lang, "staleness", old_staleness)


def changes_between(facts: Facts, brief: Brief, now: RecordNow | None = None) -> list[str]:
    """What `brief` shows differently from the `facts` recorded in an earlier brief, in the brief's language:
    the counterpart's posts first, then agreements, meetings (newest first) and open items, as a reader
    would want them when only the first few are shown.

    Every line is worded from `brief` (the dataset now) or `now`; the facts give ids and state keys only.
    A record the earlier brief showed that the dataset no longer has is counted in one line, one it has
    but this brief does not show (another visit date, a changed participant) in another."""
    lang = brief.lang
    now = now or RecordNow()
    lines: list[str] = []
    removed = not_shown = 0

    new_posts = {post_key(p.title, p.org): p for p in brief.profile.posts}
    for key, post in new_posts.items():
        if key not in facts.posts:
            lines.append(words(lang, "change_new_post", title=post.title, org=post.org))
        elif facts.posts[key] != post.state:
            lines.append(
                words(
                    lang,
                    "change_post_state",
                    title=post.title,
                    org=post.org,
                    state=post.state_label,
                    old=label(lang, "post_state", facts.posts[key]),
                )
            )
    not_shown += sum(1 for key in facts.posts if key not in new_posts)

    old_agreements = facts.agreements
    for a in brief.agreements:  # a change of status (in or out of force, renewed, superseded) before a new one
        if a.id in old_agreements and old_agreements[a.id] != a.status:
            lines.append(
                words(
                    lang,
                    "change_agreement_status",
                    title=a.title,
                    status=a.status_label,
                    old=label(lang, "agreement_status", old_agreements[a.id]),
                )
            )
    lines += [
        words(lang, "change_new_agreement", title=a.title, status=a.status_label)
        for a in reversed(brief.agreements)
        if a.id not in old_agreements
    ]
    shown = {a.id for a in brief.agreements}
    for key in old_agreements:
        if key not in shown:
            removed, not_shown = (removed, not_shown + 1) if key in now.agreements else (removed + 1, not_shown)

    old_meetings = facts.meetings
    for m in reversed(brief.meetings):
        if m.id not in old_meetings:
            lines.append(words(lang, "change_new_meeting", date=m.date, title=m.title))
        elif old_meetings[m.id] != m.date_iso:
            lines.append(words(lang, "change_meeting_date", date=m.date, title=m.title))
    shown = {m.id for m in brief.meetings}
    for key in old_meetings:
        if key not in shown:
            removed, not_shown = (removed, not_shown + 1) if key in now.meetings else (removed + 1, not_shown)

    old_open = facts.open
    open_now = [c for g in brief.commitments_by_field for c in g.commitments]
    still_open = {c.id for c in open_now}
    for cid in old_open:
        if cid in still_open:
            continue
        if cid in now.closed:
            status, text = now.closed[cid]
            lines.append(words(lang, "change_closed", status=label(lang, "status", status), text=text))
        elif cid in now.commitments:
            not_shown += 1
        else:
            removed += 1
    for c in open_now:
        if c.id in old_open and tuple(old_open[c.id]) != (c.status, c.staleness):
            state, old = _item_state(lang, c.status, c.staleness, *old_open[c.id])
            lines.append(words(lang, "change_open", state=state, old=old, text=c.text))
    lines += [words(lang, "change_new_open", text=c.text) for c in open_now if c.id not in old_open]
    if not_shown:
        lines.append(words(lang, "change_not_shown", n=not_shown))
    if removed:
        lines.append(words(lang, "change_removed", n=removed))
    return [NOT_XML.sub("", line) for line in lines]


def _changes_blocks(document, title: str, lines: list[str], lang: str) -> list:
    """The `changes` section's paragraphs, styled by the template's Heading 1 and List Bullet."""
    shown = lines[:MAX_CHANGES_SHOWN] or [words(lang, "changes_nothing")]
    if len(lines) > MAX_CHANGES_SHOWN:
        shown.append(words(lang, "changes_more", n=len(lines) - MAX_CHANGES_SHOWN))
    names = {s.name for s in document.styles}
    blocks = []
    for text, style in [(title, "Heading 1")] + [(line, "List Bullet") for line in shown]:
        paragraph = document.add_paragraph(text, style=style if style in names else None)
        blocks.append(paragraph._p)
    for block in blocks:
        block.getparent().remove(block)
    return blocks


# -- the job -------------------------------------------------------------------------------------


def _check_matches(brief: ReadBrief, dataset: Dataset, options: RefreshOptions) -> None:
    record, name = brief.record, brief.path.name
    if record.dataset != dataset.manifest.name:
        raise BriefNotUsableError(
            f"{name} was made from the dataset {record.dataset!r}, not "
            f"{dataset.manifest.name!r}: give that dataset with --data"
        )
    if record.counterpart not in dataset.people:
        raise BriefNotUsableError(
            f"{name} is about {record.counterpart!r}, who is not in the dataset {dataset.manifest.name!r} any more"
        )
    if record.lang not in LANGUAGES:
        raise BriefNotUsableError(
            f"{name}: its briefgen record names the language {record.lang!r}; briefgen writes {', '.join(LANGUAGES)}"
        )
    if options.template is None and not record.template_default:
        raise BriefNotUsableError(
            f"{name} was made with the template {record.template!r}: give it again with --template"
        )


def _open(data: bytes, name: str):
    """python-docx's Document of bytes render.received has already checked (limits, safe XML, a .docx)."""
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx: a relationship to a missing part, a part it cannot load
        raise BriefNotUsableError(
            f"{name} cannot be opened as a Word document: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        ) from exc


def refresh_bytes(
    old: ReadBrief,
    new_data: bytes,
    brief: Brief,
    options: RefreshOptions,
    outcome: RefreshOutcome,
    now: RecordNow | None = None,
) -> bytes:
    """The fresh brief `new_data` with the old brief's officer sections and hand-edited data sections in it.

    What is carried goes through render.sections.Carrier: whatever reaches outside the document is
    removed and named in `outcome.notes`; the finished brief is checked again as a template would be.
    `now`: what the dataset says of records the old brief showed and the new one does not."""
    name = old.path.name
    old_doc, new_doc = _open(old.data, name), _open(new_data, "the new brief")
    recorded = old.record.sections
    old_list = detached_sections(old_doc.element.body)
    if not any(s.name != COVER for s in old_list):
        raise BriefNotUsableError(
            f"{name} has no marked sections left (its template marks none, or they were "
            "removed), so refresh cannot tell the officer's writing from the data"
        )
    old_sections = {s.name: s for s in old_list}
    new_sections = detached_sections(new_doc.element.body)
    fresh = {s.name for s in new_sections}
    take_all = "all" in options.take_new
    carrier = Carrier(old_doc, new_doc)

    def carry(section: Section, source: Section) -> None:
        section.blocks, notes = carrier.carry(source.blocks)
        outcome.notes += [f"{section.name}: {note}" for note in notes]

    made = old.record.made.date()
    outcome.previous = made.isoformat()
    for section in new_sections:
        source = old_sections.get(section.name)
        if section.name == CHANGES:
            outcome.changes = changes_between(old.record.facts, brief, now)
            visit = old.record.visit
            if visit != brief.visit_date_iso:
                # a brief refreshed for another visit date says which visit the earlier one was for
                title = words(
                    brief.lang,
                    "changes_title_visit",
                    date=format_day(made, brief.lang),
                    visit=format_day(visit, brief.lang),
                )
            else:
                title = words(brief.lang, "changes_title", date=format_day(made, brief.lang))
            section.blocks = _changes_blocks(new_doc, title, outcome.changes, brief.lang)
        elif source is None:
            if section.officer:
                outcome.missing.append(section.name)
        elif fingerprint(source.blocks) == recorded.get(section.name):
            continue  # as briefgen wrote it: the new version
        elif section.officer:
            carry(section, source)
            outcome.carried.append(section.name)
        elif take_all or section.name in options.take_new:
            outcome.replaced.append(section.name)
        else:
            carry(section, source)
            outcome.kept.append(section.name)
    # An officer section the new template has no place for is kept too, after the one it followed
    # (one pass over the old order: each extra goes after the last section placed so far).
    position = {s.name: i for i, s in enumerate(new_sections)}
    after: dict[int, list[Section]] = {}
    anchor = len(new_sections) - 1
    previous: str | None = None
    for source in old_list:
        if previous is not None and previous in position:
            anchor = position[previous]
        elif previous is None:
            anchor = len(new_sections) - 1
        previous = source.name
        if source.officer and source.name not in fresh and fingerprint(source.blocks) != recorded.get(source.name):
            extra = Section(source.name)
            carry(extra, source)
            after.setdefault(anchor, []).append(extra)
            outcome.carried.append(source.name)
    if after:
        placed: list[Section] = []
        for index, section in enumerate(new_sections):
            placed.append(section)
            placed += after.get(index, [])
        new_sections = placed
    if outcome.missing and not options.missing_ok:
        raise BriefNotUsableError(
            f"cannot find the officer section(s) {', '.join(outcome.missing)} in {name} (their heading or "
            "content control was deleted?): nothing written. If they were removed on purpose, run again with "
            "--missing-ok and they come back empty"
        )
    body = new_doc.element.body
    rebuild(body, new_sections)
    record = record_of(new_doc)
    each, whole = section_fingerprints(new_sections)  # the sections as laid out: no need to find them again
    changes = {s.name: f for s, f in zip(new_sections, each) if s.name == CHANGES}
    before = Previous(made=old.record.made, visit=old.record.visit, document=old.record.document)
    record = BriefRecord.model_validate(
        {
            **record.model_dump(),
            "previous": before,
            "carried": sorted(set(outcome.carried) | set(outcome.kept)),
            "sections": {**record.sections, **changes},
            "document": whole,
            "text_part": None,
        }
    )
    write_record(new_doc, record)
    buffer = io.BytesIO()
    new_doc.save(buffer)
    data = buffer.getvalue()
    found = inspect_docx(data)
    if found:  # the Carrier removes all of these: a kind it does not know of is refused, not written
        raise BriefNotUsableError(
            f"{name} holds what could reach outside the document, and refresh could not remove it: "
            + "; ".join(str(f) for f in found[:5])
        )
    return data


def _record_now(dataset: Dataset, facts: Facts, brief: Brief, visit: dt.date) -> RecordNow:
    """What the dataset says (as of `visit`) of the records `facts` lists that `brief` does not show."""
    shown_open = {c.id for g in brief.commitments_by_field for c in g.commitments}
    closed = {}
    for cid in facts.open:
        commitment = dataset.commitments.get(cid)
        if cid in shown_open or commitment is None:
            continue
        status = J.commitment_status(dataset, commitment, visit).status.value
        if status in ("done", "dropped"):
            text, _ = LocalText.of(commitment.text).in_lang(brief.lang, dataset.manifest.text_language)
            closed[cid] = (status, text)
    return RecordNow(
        meetings=frozenset(k for k in facts.meetings if k in dataset.meetings),
        agreements=frozenset(k for k in facts.agreements if k in dataset.agreements),
        commitments=frozenset(k for k in facts.open if k in dataset.commitments),
        closed=closed,
    )


def refresh_brief(dataset: Dataset, old: ReadBrief, options: RefreshOptions) -> tuple[bytes, RefreshOutcome, str]:
    """The refreshed brief of `old` (read by render.sections.read_brief or parse_brief), its outcome and
    its file stem; nothing is written.  Raises BriefgenError."""
    _check_matches(old, dataset, options)
    record = old.record
    visit = options.visit_date or record.visit
    views = build_views(dataset, record.counterpart, visit_date=visit, lang=record.lang, today=options.today)
    now = _record_now(dataset, record.facts, views.brief, visit)
    outcome = RefreshOutcome(
        source=old.path,
        person_id=views.brief.person_id,
        name=views.brief.counterpart.name,
        notices=list(views.brief.verify),
    )
    new_data = DocxRenderer().render(views, template=options.template)  # None: the default for the language
    data = refresh_bytes(old, new_data, views.brief, options, outcome, now)
    stem = file_stem(visit, views.brief.counterpart.name, f"brief-{record.lang}", views.brief.person_id)
    return data, outcome, stem


def refresh_upload(dataset: Dataset, data: bytes, name: str, options: RefreshOptions) -> tuple[bytes, RefreshOutcome]:
    """For a caller holding a brief's bytes (an upload): the refreshed .docx and what was done; nothing is
    written.  `data` is untrusted: it is read within render.received's limits, and every failure is a
    BriefgenError (BriefNotUsableError for the file) with a message naming `name`."""
    document, outcome, _ = refresh_brief(dataset, parse_brief(data, name), options)
    return document, outcome


def run_refresh(dataset: Dataset, path: Path, options: RefreshOptions) -> RefreshOutcome:
    """Read the brief at `path`, write the refreshed one next to it (or into out_dir); raises BriefgenError."""
    data, outcome, stem = refresh_brief(dataset, read_brief(path), options)
    out_dir = options.out_dir if options.out_dir is not None else Path(path).parent
    outcome.path = write_new(out_dir, stem, ".docx", data)  # never over an existing file, the edited one included
    return outcome
