"""The `refresh` job: a new brief from the current dataset that keeps what the officer wrote.

    briefgen visit --counterpart "Takaichi Sanae"               # write the brief
    (the officer edits it in Word or LibreOffice)
    briefgen refresh 2026-11-23_TAKAICHI-Sanae_brief-en.docx   # new data, same writing

The brief carries its sections' marks and a record of what it was made from (render.sections, render.marks).
Refresh reads that record, renders a fresh brief for the same counterpart, language and visit
(or --date), and then, section by section:
- an officer section the officer changed is carried over as it is (formatting, tables, lists,
  pictures of every kind and web links come with it; what would reach outside the document is
  removed and named in the report: see render.carrier.Carrier); one left as written takes the new
  template's placeholder;
- a data section is regenerated, unless the officer edited it by hand: then it is kept as
  edited and reported (`take_new` takes the new data instead);
- `changes` lists what the dataset shows differently from the ids and states the previous brief's
  record holds (render.record), every line worded from the dataset now.
The edited file is only read, as untrusted input (render.received); the new brief is written under a
new name.  `refresh_upload` does the same for bytes (an upload) and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from briefgen import judgments as J
from briefgen.briefing.citations import source_view
from briefgen.dataset import Dataset
from briefgen.errors import BriefNotUsableError
from briefgen.i18n import LANGUAGES, format_day, label, words
from briefgen.models import Source
from briefgen.output import write_new
from briefgen.render import citations
from briefgen.render import record as records
from briefgen.render.carrier import Carrier
from briefgen.render.docx import DocxRenderer
from briefgen.render.fingerprints import digest, fingerprint, paragraph_texts
from briefgen.render.marks import CHANGES, COVER
from briefgen.render.readback import ReadBrief, parse_brief, read_brief
from briefgen.render.record import Facts, Previous, post_key, source_key
from briefgen.render.sections import Section, detached_sections, find_sections, rebuild
from briefgen.render.template_check import inspect_docx
from briefgen.render.text import NOT_XML
from briefgen.viewmodel import Brief, Notice, SourceView
from briefgen.visit import build_views, file_stem
from briefgen.wording import Wording

MAX_CHANGES_SHOWN = 8  # the list sits in the front section, which must stay within two printed pages
_W_P, _W_PPR, _W_PSTYLE, _W_VAL = (qn(f"w:{n}") for n in ("p", "pPr", "pStyle", "val"))
MAX_NOTE_LINES = 3  # lines of the data a kept section lacks, quoted in the note beside it
NOTE_LINE_CHARS = 160
SIMILAR = 0.75  # a kept line this close to one of the data's is that line, edited by hand
MAX_COMPARED = 20_000  # pairs of lines compared for closeness (beyond it, only exact lines count)


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
    # id -> (its state, its text), worded as the brief and the matrix word them: "done (update of 3 May 2026)"
    closed: dict[str, tuple[str, str]] = field(default_factory=dict)


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
            lines.append(words(lang, "change_closed", status=status, text=text))
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


# -- a data section kept as edited by hand ---------------------------------------------------------


@dataclass(frozen=True)
class Renumbering:
    """What a kept section's "[n]" meant and means now: `numbers` maps an earlier brief's source number to
    the new one (None: the source is no longer on record); numbers from `appended` on are sources the new
    brief would not list but lists at its end because a kept section cites them."""

    numbers: dict[int, int | None] = field(default_factory=dict)
    appended: int = 0  # 0: none appended


def _hand_edited(name: str, blocks, recorded: dict[str, str], options: RefreshOptions) -> bool:
    """Whether the data section `name` was edited by hand and is to be kept as edited."""
    if name == CHANGES or Section(name).officer or "all" in options.take_new or name in options.take_new:
        return False
    return fingerprint(blocks) != recorded.get(name)


def _source_view(source: Source, number: int, lang: str) -> SourceView:
    """A dataset source as the sources annex lists it: worded as the brief words its own."""
    return source_view(lang, number, source)


def keep_cited_sources(
    dataset: Dataset, brief: Brief, old: ReadBrief, options: RefreshOptions, sections: list[Section] | None = None
) -> tuple[Brief, Renumbering]:
    """The new `brief` with the sources the old brief's hand-edited data sections cite, and how their
    numbers map.

    Renumbered rather than left as they were: the new list is numbered by date like every brief's, and the
    rest of the new brief cites by it, so the kept section's numbers follow the list (a source the new data
    no longer cites elsewhere is added at the end of it, not dropped, so that what the officer kept still
    names its source).  The earlier brief's record gives its list by key (record.source_key); a brief whose
    record has none (made before it did) keeps its numbers as they are."""
    keys = old.record.facts.sources
    recorded = old.record.sections
    found = sections if sections is not None else find_sections(old.body)  # the old brief's, found once
    kept = [s for s in found if s.name != COVER and _hand_edited(s.name, s.blocks, recorded, options)]
    cited = citations.cited_numbers(text for s in kept for text in paragraph_texts(s.blocks))
    cited = {n for n in cited if 1 <= n <= len(keys)}
    if not cited:
        return brief, Renumbering()
    now: dict[str, int] = {}
    for view in brief.sources:
        now.setdefault(source_key(view.title, view.publisher, view.address), view.number)
    on_record: dict[str, Source] = {}
    for source in dataset.sources.values():
        on_record.setdefault(source_key(source.title, source.publisher or "", source.url or ""), source)
    numbers: dict[int, int | None] = {}
    extra: list[SourceView] = []
    first_extra = len(brief.sources) + 1
    for n in sorted(cited):
        key = keys[n - 1]
        if key not in now and key in on_record:
            now[key] = first_extra + len(extra)
            extra.append(_source_view(on_record[key], now[key], brief.lang))
        numbers[n] = now.get(key)
    if extra:
        brief = dataclasses.replace(brief, sources=[*brief.sources, *extra])
    return brief, Renumbering(numbers, first_extra if extra else 0)


def _is_kept_note(block) -> bool:
    """A note an earlier refresh wrote beside a kept section (found by its first sentence, in either
    language): replaced by this refresh's."""
    if block.tag != _W_P:
        return False
    text = " ".join(paragraph_texts([block]))
    return any(text.startswith(words(lang, "kept_note")) for lang in LANGUAGES)


def _lacking(fresh: list[str], kept: list[str]) -> list[str]:
    """The lines of `fresh` (the data's) that `kept` (the officer's) does not have, citations aside.  A line
    the officer edited (a word added to a row) is still had: one close to it (difflib's ratio of at least
    SIMILAR), among the lines neither side has exactly, counts as that line edited."""
    exact = {citations.without_citations(line) for line in kept}
    unmatched = [line for line in fresh if citations.without_citations(line) not in exact]
    fresh_bare = {citations.without_citations(line) for line in fresh}
    others = [bare for bare in (citations.without_citations(line) for line in kept) if bare not in fresh_bare]
    if not unmatched or not others or len(unmatched) * len(others) > MAX_COMPARED:
        return unmatched
    lacking = []
    for line in unmatched:
        bare = citations.without_citations(line)
        close = False
        for other in others:
            matcher = difflib.SequenceMatcher(None, bare, other, autojunk=False)
            if (
                matcher.real_quick_ratio() >= SIMILAR
                and matcher.quick_ratio() >= SIMILAR
                and matcher.ratio() >= SIMILAR
            ):
                close = True
                break
        if not close:
            lacking.append(line)
    return lacking


def kept_note(
    lang: str, fresh: list[str], kept_blocks, renumbered: int, cited: set[int], renumbering: Renumbering
) -> str:
    """What the note beside a kept section says: that it was kept as edited, the lines of the data now
    (`fresh`: the regenerated section's) that it does not have, and what was done to its citations."""
    lacking = _lacking(fresh, citations.lines(kept_blocks))
    parts = [words(lang, "kept_note")]
    if lacking:
        quoted = [
            words(
                lang,
                "kept_note_line",
                line=line if len(line) <= NOTE_LINE_CHARS else line[: NOTE_LINE_CHARS - 1].rstrip() + "…",
            )
            for line in lacking[:MAX_NOTE_LINES]
        ]
        shown = "; ".join(quoted)
        if len(lacking) > MAX_NOTE_LINES:
            shown = words(lang, "kept_note_more", lines=shown, n=len(lacking) - MAX_NOTE_LINES)
        parts.append(words(lang, "kept_note_lacks", n=len(lacking), lines=shown))
    else:
        parts.append(words(lang, "kept_note_nothing_lacking"))
    if renumbered:
        parts.append(words(lang, "kept_note_renumbered"))
    mapped = [renumbering.numbers[n] for n in cited if n in renumbering.numbers]
    added = {m for m in mapped if m is not None and renumbering.appended and m >= renumbering.appended}
    if added:
        parts.append(words(lang, "kept_note_sources_added", n=len(added)))
    gone = sum(1 for m in mapped if m is None)
    if gone:
        parts.append(words(lang, "kept_note_sources_gone", n=gone))
    return NOT_XML.sub("", " ".join(parts))


def _note_block(document, text: str):
    """The note as a paragraph of the new document (in italics), detached, to be placed in a section."""
    paragraph = document.add_paragraph()
    paragraph.add_run(text).italic = True
    block = paragraph._p
    block.getparent().remove(block)
    return block


def _with_note(blocks: list, note) -> list:
    """`blocks` with `note` after their heading (a first paragraph in a Heading style), else first."""
    first = blocks[0] if blocks else None
    style = first.find(f"{_W_PPR}/{_W_PSTYLE}") if first is not None and first.tag == _W_P else None
    if style is not None and (style.get(_W_VAL) or "").startswith("Heading"):
        return [first, note, *blocks[1:]]
    return [note, *blocks]


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


def _open_sections(old: ReadBrief) -> tuple[Any, list[Section]]:
    """The old brief as a python-docx Document, and its sections with their marks removed."""
    document = _open(old.data, old.path.name)
    return document, detached_sections(document.element.body)


def refresh_bytes(
    old: ReadBrief,
    new_data: bytes,
    brief: Brief,
    options: RefreshOptions,
    outcome: RefreshOutcome,
    now: RecordNow | None = None,
    renumbering: Renumbering | None = None,
    opened: tuple[Any, list[Section]] | None = None,
) -> bytes:
    """The fresh brief `new_data` with the old brief's officer sections and hand-edited data sections in it.

    What is carried goes through render.carrier.Carrier: whatever reaches outside the document is
    removed and named in `outcome.notes`; the finished brief is checked again as a template would be.
    `now`: what the dataset says of records the old brief showed and the new one does not; `renumbering`:
    what the citations of a kept, hand-edited data section become (keep_cited_sources).  A kept section gets
    a note beside it (kept_note), in the document itself."""
    renumbering = renumbering or Renumbering()
    name = old.path.name
    old_doc, old_list = opened if opened is not None else _open_sections(old)
    new_doc = _open(new_data, "the new brief")
    recorded = old.record.sections
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
    old_texts: dict[str, list[str]] = {}  # an old section's paragraphs, read once
    known: dict[str, list[str]] = {}  # a new section's paragraphs, where they are an old section's as they were

    def as_written(source: Section) -> bool:
        """Whether the old section `source` is as briefgen wrote it (its fingerprint is the recorded one)."""
        if source.name not in old_texts:
            old_texts[source.name] = paragraph_texts(source.blocks)
        return digest(old_texts[source.name]) == recorded.get(source.name)

    def carry(section: Section, source: Section, *, whole: bool = False) -> None:
        section.blocks, notes = carrier.carry(source.blocks)
        outcome.notes += [f"{section.name}: {note}" for note in notes]
        if whole and carrier.as_is and source.name in old_texts:  # its text need not be read again
            known[section.name] = old_texts[source.name]

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
        elif as_written(source):
            continue  # as briefgen wrote it: the new version
        elif section.officer:
            carry(section, source, whole=True)
            outcome.carried.append(section.name)
        elif take_all or section.name in options.take_new:
            outcome.replaced.append(section.name)
        else:
            data_lines = citations.lines(section.blocks)  # the data's version, before the kept one replaces it
            source = Section(source.name, [b for b in source.blocks if not _is_kept_note(b)])
            carry(section, source)
            renumbered = citations.renumber(section.blocks, renumbering.numbers) if renumbering.numbers else 0
            cited = citations.cited_numbers(paragraph_texts(source.blocks))
            note = kept_note(brief.lang, data_lines, section.blocks, renumbered, cited, renumbering)
            section.blocks = _with_note(section.blocks, _note_block(new_doc, note))
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
        if source.officer and source.name not in fresh and not as_written(source):
            extra = Section(source.name)
            carry(extra, source, whole=True)
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
    # the sections as laid out: no need to find them again, nor to read again what was carried as it was
    texts = [known[s.name] if s.name in known else paragraph_texts(s.blocks) for s in new_sections]
    whole = digest([line for lines in texts for line in lines])
    changes = {s.name: digest(lines) for s, lines in zip(new_sections, texts) if s.name == CHANGES}
    record = records.read_document(new_doc)  # as the render wrote it
    records.store(
        new_doc,
        record.but(
            previous=Previous(made=old.record.made, visit=old.record.visit, document=old.record.document),
            carried=sorted(set(outcome.carried) | set(outcome.kept)),
            sections={**record.sections, **changes},
            document=whole,
            text_part=None,
        ),
    )
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
    wd = Wording(dataset, brief.lang)  # a closed item reads as in the matrix, its text marked if untranslated
    closed = {}
    for cid in facts.open:
        commitment = dataset.commitments.get(cid)
        if cid in shown_open or commitment is None:
            continue
        judged = J.commitment_status(dataset, commitment, visit)
        if judged.status.value in ("done", "dropped"):
            closed[cid] = (wd.commitment_status_text(judged), wd.text(commitment.text))
    return RecordNow(
        meetings=frozenset(k for k in facts.meetings if k in dataset.meetings),
        agreements=frozenset(k for k in facts.agreements if k in dataset.agreements),
        commitments=frozenset(k for k in facts.open if k in dataset.commitments),
        closed=closed,
    )


def refresh_brief(dataset: Dataset, old: ReadBrief, options: RefreshOptions) -> tuple[bytes, RefreshOutcome, str]:
    """The refreshed brief of `old` (read by render.readback.read_brief or parse_brief), its outcome and
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
    opened = _open_sections(old)  # the old brief read once, for its citations and for what is carried
    brief, renumbering = keep_cited_sources(dataset, views.brief, old, options, opened[1])
    if brief is not views.brief:
        views = dataclasses.replace(views, brief=brief)
    new_data = DocxRenderer().render(views, template=options.template)  # None: the default for the language
    data = refresh_bytes(old, new_data, views.brief, options, outcome, now, renumbering, opened)
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
