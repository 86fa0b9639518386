"""The `refresh` job: a new brief from the current dataset that keeps what the officer wrote.

    briefgen visit --counterpart "Takaichi Sanae"               # write the brief
    (the officer edits it in Word or LibreOffice)
    briefgen refresh 2026-11-23_TAKAICHI-Sanae_brief-en.docx   # new data, same writing

The brief carries its sections' marks and a record of what it was made from (render.sections).
Refresh reads that record, renders a fresh brief for the same counterpart, language and visit
(or --date), and then, section by section:
- an officer section the officer changed is carried over as it is (formatting, tables, lists,
  pictures and links come with it); one left as written takes the new template's placeholder;
- a data section is regenerated, unless the officer edited it by hand: then it is kept as
  edited and reported (`take_new` takes the new data instead);
- `changes` lists what the record shows differently from the previous brief's facts.
The edited file is only read; the new brief is written under a new name.
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
from briefgen.output import write_new
from briefgen.render.docx import DocxRenderer
from briefgen.render.sections import (
    CHANGES,
    COVER,
    ReadBrief,
    Section,
    detached_sections,
    document_fingerprint,
    fingerprint,
    import_blocks,
    read_brief,
    rebuild,
    record_of,
    write_record,
)
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


def _table(facts: dict, key: str, width: int) -> dict[str, list[str]]:
    """facts[key] as {id: [width strings]}, whatever the record holds (it may have been tampered with)."""
    value = facts.get(key)
    if not isinstance(value, dict):
        return {}
    return {
        k: [str(x) for x in v]
        for k, v in value.items()
        if isinstance(k, str) and isinstance(v, list) and len(v) == width
    }


def _rows(facts: dict, key: str, width: int) -> list[tuple[str, ...]]:
    value = facts.get(key)
    if not isinstance(value, list):
        return []
    return [tuple(str(x) for x in v) for v in value if isinstance(v, list) and len(v) == width]


def _item_state(lang: str, status: str, staleness: str, old_status: str, old_staleness: str) -> tuple[str, str]:
    """How an open item's state is told: by its status when that changed, else by how recent its news is."""
    if status != old_status:
        return label(lang, "status", status), label(lang, "status", old_status)
    return label(lang, "staleness", staleness), label(lang, "staleness", old_staleness)


def changes_between(facts: dict, brief: Brief, settled: dict[str, str] | None = None) -> list[str]:
    """What `brief` shows differently from the `facts` recorded in an earlier brief, in the brief's language:
    the counterpart's posts first, then agreements, meetings (newest first) and open items, as a reader
    would want them when only the first few are shown.

    `settled` gives the status now (done, dropped) of commitments that were open and no longer are."""
    lang = brief.lang
    settled = settled or {}
    facts = facts if isinstance(facts, dict) else {}
    lines: list[str] = []

    old_posts = {(title, org): state for title, org, state in _rows(facts, "posts", 3)}
    new_posts = {(p.title, p.org): p for p in brief.profile.posts}
    for key, post in new_posts.items():
        if key not in old_posts:
            lines.append(words(lang, "change_new_post", title=post.title, org=post.org))
        elif old_posts[key] != post.state:
            lines.append(
                words(
                    lang,
                    "change_post_state",
                    title=post.title,
                    org=post.org,
                    state=post.state_label,
                    old=label(lang, "post_state", old_posts[key]),
                )
            )
    lines += [
        words(lang, "change_post_gone", title=title, org=org)
        for title, org in old_posts
        if (title, org) not in new_posts
    ]

    old_agreements = _table(facts, "agreements", 2)
    for a in brief.agreements:  # a change of status (in or out of force, renewed, superseded) before a new one
        if a.id in old_agreements and old_agreements[a.id][0] != a.status:
            lines.append(
                words(
                    lang,
                    "change_agreement_status",
                    title=a.title,
                    status=a.status_label,
                    old=label(lang, "agreement_status", old_agreements[a.id][0]),
                )
            )
    lines += [
        words(lang, "change_new_agreement", title=a.title, status=a.status_label)
        for a in reversed(brief.agreements)
        if a.id not in old_agreements
    ]
    shown = {a.id for a in brief.agreements}
    lines += [
        words(lang, "change_agreement_gone", title=old[1]) for key, old in old_agreements.items() if key not in shown
    ]

    old_meetings = _table(facts, "meetings", 3)
    for m in reversed(brief.meetings):
        if m.id not in old_meetings:
            lines.append(words(lang, "change_new_meeting", date=m.date, title=m.title))
        elif old_meetings[m.id][0] != m.date_iso:
            lines.append(words(lang, "change_meeting_date", date=m.date, title=m.title))
    shown = {m.id for m in brief.meetings}
    lines += [
        words(lang, "change_meeting_gone", date=old[1], title=old[2])
        for key, old in old_meetings.items()
        if key not in shown
    ]

    old_open = _table(facts, "open", 3)
    open_now = [c for g in brief.commitments_by_field for c in g.commitments]
    still_open = {c.id for c in open_now}
    for cid, (_, _, text) in old_open.items():
        if cid in still_open:
            continue
        if cid in settled:
            lines.append(words(lang, "change_closed", status=label(lang, "status", settled[cid]), text=text))
        else:
            lines.append(words(lang, "change_closed_gone", text=text))
    for c in open_now:
        if c.id in old_open and old_open[c.id][:2] != [c.status, c.staleness]:
            state, old = _item_state(lang, c.status, c.staleness, *old_open[c.id][:2])
            lines.append(words(lang, "change_open", state=state, old=old, text=c.text))
    lines += [words(lang, "change_new_open", text=c.text) for c in open_now if c.id not in old_open]
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
    if record.get("dataset") != dataset.manifest.name:
        raise BriefNotUsableError(
            f"{name} was made from the dataset {record.get('dataset')!r}, not "
            f"{dataset.manifest.name!r}: give that dataset with --data"
        )
    person = record.get("counterpart")
    if not isinstance(person, str) or person not in dataset.people:
        raise BriefNotUsableError(
            f"{name} is about {record.get('name') or person!r} ({person}), who is not in the "
            f"dataset {dataset.manifest.name!r} any more"
        )
    if options.template is None and record.get("template_default") is False:
        raise BriefNotUsableError(
            f"{name} was made with the template {record.get('template')!r}: give it again with --template"
        )
    if not any(s.name != COVER for s in detached_sections(brief.body)):
        raise BriefNotUsableError(
            f"{name} has no marked sections left (its template marks none, or they were "
            "removed), so refresh cannot tell the officer's writing from the data"
        )


def _visit_date(brief: ReadBrief, options: RefreshOptions) -> dt.date:
    if options.visit_date is not None:
        return options.visit_date
    try:
        return dt.date.fromisoformat(brief.record.get("visit", ""))
    except (TypeError, ValueError):
        raise BriefNotUsableError(f"{brief.path.name} does not say its visit date; give --date") from None


def _open(data: bytes, name: str):
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx: missing parts, wrong content types, broken XML
        raise BriefNotUsableError(f"{name} cannot be opened as a Word document: {exc}") from exc


def _made_on(record: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(record.get("made", ""))[:10])
    except ValueError:
        return None


def refresh_bytes(
    old: ReadBrief,
    new_data: bytes,
    brief: Brief,
    options: RefreshOptions,
    outcome: RefreshOutcome,
    settled: dict[str, str] | None = None,
) -> bytes:
    """The fresh brief `new_data` with the old brief's officer sections and hand-edited data sections in it.

    `settled`: the status now of commitments the old brief showed open (see changes_between)."""
    old_doc, new_doc = _open(old.data, old.path.name), _open(new_data, "the new brief")
    recorded = old.record.get("sections") or {}
    old_sections = {s.name: s for s in detached_sections(old_doc.element.body)}
    new_sections = detached_sections(new_doc.element.body)
    fresh = {s.name for s in new_sections}
    take_all = "all" in options.take_new

    def carry(section: Section, source: Section) -> None:
        section.blocks, notes = import_blocks(old_doc, new_doc, source.blocks)
        outcome.notes += [f"{section.name}: {note}" for note in notes]

    for section in new_sections:
        source = old_sections.get(section.name)
        if section.name == CHANGES:
            made = _made_on(old.record)
            outcome.previous = made.isoformat() if made else ""
            outcome.changes = changes_between(old.record.get("facts") or {}, brief, settled)
            visit = old.record.get("visit")
            if made and isinstance(visit, str) and visit != brief.visit_date_iso.isoformat():
                # a brief refreshed for another visit date says which visit the earlier one was for
                title = words(
                    brief.lang,
                    "changes_title_visit",
                    date=format_day(made, brief.lang),
                    visit=format_day(dt.date.fromisoformat(visit), brief.lang),
                )
            elif made:
                title = words(brief.lang, "changes_title", date=format_day(made, brief.lang))
            else:
                title = words(brief.lang, "changes_title_undated")
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
    # An officer section the new template has no place for is kept too, after the one it followed.
    order = list(old_sections)
    for name in order:
        source = old_sections[name]
        if source.officer and name not in fresh and fingerprint(source.blocks) != recorded.get(name):
            extra = Section(name)
            carry(extra, source)
            before = next(
                (i for i, s in enumerate(new_sections) if s.name in order[: order.index(name)][-1:]),
                len(new_sections) - 1,
            )
            new_sections.insert(before + 1, extra)
            outcome.carried.append(name)
    if outcome.missing and not options.missing_ok:
        raise BriefNotUsableError(
            f"cannot find the officer section(s) {', '.join(outcome.missing)} in {old.path.name} (their heading or "
            "content control was deleted?): nothing written. If they were removed on purpose, run again with "
            "--missing-ok and they come back empty"
        )
    body = new_doc.element.body
    rebuild(body, new_sections)
    record = record_of(new_doc)
    record["previous"] = {key: old.record.get(key) for key in ("made", "visit", "document")}
    record["carried"] = sorted(set(outcome.carried) | set(outcome.kept))
    for section in new_sections:
        if section.name == CHANGES:
            record["sections"][CHANGES] = fingerprint(section.blocks)
    record["document"] = document_fingerprint(body)
    write_record(new_doc, record)
    buffer = io.BytesIO()
    new_doc.save(buffer)
    return buffer.getvalue()


def _settled(dataset: Dataset, facts, brief: Brief, visit: dt.date) -> dict[str, str]:
    """The status on `visit` of the commitments `facts` shows open that `brief` no longer shows open."""
    old_open = facts.get("open") if isinstance(facts, dict) else None
    if not isinstance(old_open, dict):
        return {}
    open_now = {c.id for g in brief.commitments_by_field for c in g.commitments}
    return {
        cid: J.commitment_status(dataset, dataset.commitments[cid], visit).status.value
        for cid in old_open
        if cid not in open_now and cid in dataset.commitments
    }


def run_refresh(dataset: Dataset, path: Path, options: RefreshOptions) -> RefreshOutcome:
    """Read the brief at `path`, write the refreshed one next to it (or into out_dir); raises BriefgenError."""
    old = read_brief(path)
    _check_matches(old, dataset, options)
    record = old.record
    visit = _visit_date(old, options)
    recorded_lang = record.get("lang")
    lang = recorded_lang if isinstance(recorded_lang, str) and recorded_lang in LANGUAGES else "en"
    views = build_views(dataset, record["counterpart"], visit_date=visit, lang=lang, today=options.today)
    settled = _settled(dataset, old.record.get("facts"), views.brief, visit)
    template = options.template  # None: the default for the language (_check_matches saw it was the default)
    outcome = RefreshOutcome(
        source=Path(path),
        person_id=views.brief.person_id,
        name=views.brief.counterpart.name,
        notices=list(views.brief.verify),
    )
    new_data = DocxRenderer().render(views, template=template)
    data = refresh_bytes(old, new_data, views.brief, options, outcome, settled)
    out_dir = options.out_dir if options.out_dir is not None else Path(path).parent
    stem = file_stem(visit, views.brief.counterpart.name, f"brief-{lang}", views.brief.person_id)
    outcome.path = write_new(out_dir, stem, ".docx", data)  # never over an existing file, the edited one included
    return outcome
