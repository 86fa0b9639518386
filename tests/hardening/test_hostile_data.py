"""Generated hostile text in a dataset: the briefing and the matrix still open, show it literally, run none of it.

Hypothesis puts arbitrary Unicode (control characters, lone surrogates, right-to-left text and
overrides, emoji, 10,000-character strings) and injection fragments (Jinja, docxtpl markers, Excel
formulas, WordprocessingML, entities) into the text fields a brief and a matrix show.  Every output
must reopen with python-docx and openpyxl, hold each value as literal text (less the characters XML
cannot hold, which are counted in `last_cleaned`), contain no formula, and show Jinja from the data
unevaluated.

Two paths: many examples in memory (a copy of the bundled dataset with `model_copy`, fast), and a
few through YAML files and `load_dataset` (to prove the loader too).  The slow run (--slow or
BRIEFGEN_SLOW=1) tries about fifty times more.  Each value is wrapped in markers ⟪key⟫…⟪/key⟫ so it
can be found whole in the output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from briefgen.briefing import build_brief
from briefgen.dataset import Dataset, load_dataset
from briefgen.errors import DatasetError
from briefgen.matrix import build_matrix
from briefgen.render import VisitViews
from briefgen.render import docx as docx_renderer
from briefgen.render.docx import DocxRenderer
from briefgen.render.xlsx import XlsxRenderer
from briefgen.selection import select
from briefgen.visit import VisitOptions, run_visit

from .conftest import slow

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "examples" / "vn-jp-ict"
SLOW = slow()
VISIT = dt.date(2026, 11, 23)
PERSON = "takaichi-sanae"
MEETING = "m-2020-01-09-hung-takaichi"  # attended by the counterpart: in the brief's table and the matrix
COMMITMENT = "c-2020-5g-joint"  # open on the visit date: in the brief's open commitments and the matrix
SOURCE = "s003-jwg4-results-2020"  # cited by the brief

# The slow run (--slow) tries the full counts; the default run a fifth of the former default (the
# whole suite must take under 2 minutes), each still covering every field and fragment kind often.
IN_MEMORY_EXAMPLES = 1700 if SLOW else 20  # ~0.5 s each (CPU)
YAML_EXAMPLES = 300 if SLOW else 6  # ~0.4 s each
LOADER_EXAMPLES = 3000 if SLOW else 60  # ~0.01 s each
settings.register_profile(
    "briefgen-hardening",
    max_examples=IN_MEMORY_EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
HARDENING = settings.get_profile("briefgen-hardening")

# -- what the generated text is made of --------------------------------------------------------

FRAGMENTS = [
    "{{ 7*7 }}",
    "{% for x in y %}",
    "{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{#",
    "#}",
    "{{",
    "}}",
    "{_{",
    "}_}",
    "{_%",
    "%_}",
    "{{r x }}",
    "{%p if 1 %}",
    "{%tr for r in rows %}",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example","x")',
    "=1+1",
    "<w:p>",
    "</w:t></w:r></w:p>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "&#0;",
    "&lt;",
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9f",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\ufffe",
    "\uffff",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "  ",
    "\u00a0",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u200b",
    "مرحبا بالعالم",
    "שלום",
    "Nguyễn Mạnh Hùng",
    "高市早苗",
    "😀",
    "👩‍👩‍👧",
    "🇻🇳",
    "e\u0301",
    "\U0010ffff",
    "%s",
    "{0}",
    "${x}",
    "\\",
    "…",
]
EVERY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates included
PIECE = st.one_of(st.sampled_from(FRAGMENTS), st.text(EVERY_CHARACTER, min_size=1, max_size=6))
SHORT = st.lists(PIECE, min_size=1, max_size=12).map("".join)
LONG = st.tuples(PIECE, st.integers(9_000, 10_000)).map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]])
TEXT = st.integers(0, 9).flatmap(lambda n: LONG if n == 0 else SHORT)  # one value in ten is long
FIELDS = ("title", "summary", "outcome", "commitment", "note", "why", "source", "handling")
TEXTS = st.fixed_dictionaries({key: TEXT for key in FIELDS})

# What the renderers must remove (XML 1.0 cannot hold it); nothing else may change.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def wrapped(texts: dict[str, str]) -> dict[str, str]:
    return {key: f"⟪{key}⟫{text}⟪/{key}⟫" for key, text in texts.items()}


def in_docx(text: str) -> str:
    """What a Word document can show of `text`: XML-illegal characters gone, CR line ends as LF."""
    return NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def in_xlsx(text: str) -> str:
    return NOT_XML.sub("", text)


def unwritable(text: str) -> int:
    return len(NOT_XML.findall(text))


def warned_of(text: str) -> bool:
    """Whether `check` warns of `text`: characters Word cannot hold, or DEL and C1 controls (issue 23)."""
    return bool(unwritable(text) or re.search("[\x7f-\x9f]", text))


# -- the dataset copy --------------------------------------------------------------------------


def hostile_copy(base: Dataset, values: dict[str, str]) -> Dataset:
    """The bundled dataset with `values` in the fields a brief and a matrix show (validation bypassed)."""
    meeting = base.meetings[MEETING].model_copy(
        update={"title": values["title"], "summary": values["summary"], "outcomes": [values["outcome"]]}
    )
    commitment = base.commitments[COMMITMENT].model_copy(update={"text": values["commitment"]})
    person = base.people[PERSON]
    alias = person.aliases[0].model_copy(update={"why": values["why"]})
    person = person.model_copy(update={"note": values["note"], "aliases": [alias, *person.aliases[1:]]})
    source = base.sources[SOURCE].model_copy(update={"title": values["source"]})
    return dataclasses.replace(
        base,
        manifest=base.manifest.model_copy(update={"handling": values["handling"]}),
        meetings={**base.meetings, MEETING: meeting},
        commitments={**base.commitments, COMMITMENT: commitment},
        people={**base.people, PERSON: person},
        sources={**base.sources, SOURCE: source},
    )


# -- rendering and reading back ----------------------------------------------------------------


def render_both(dataset: Dataset):
    chosen = select(dataset, PERSON, VISIT)
    brief = build_brief(dataset, PERSON, visit_date=VISIT, lang="en", today=VISIT, selection=chosen)
    matrix = build_matrix(dataset, as_of=VISIT, lang="en", selection=chosen)
    views = VisitViews(brief, matrix)
    word, excel = DocxRenderer(), XlsxRenderer()
    return word.render(views), word.last_cleaned, excel.render(views), excel.last_cleaned


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph: body (tables included), headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return [Paragraph(p, document).text for part in parts for p in part.iter(qn("w:p"))]


def xlsx_cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return {ws.title: [cell for row in ws.iter_rows() for cell in row] for ws in workbook.worksheets}


def header_footer_lengths(data: bytes) -> list[int]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    texts = [html.unescape(t) for t in re.findall(r"<(?:odd|even|first)(?:Header|Footer)>(.*?)</", xml, re.S)]
    return [len(re.sub("_x[0-9A-Fa-f]{4}_", "?", t)) for t in texts]  # "_x0009_" is one character to Excel


def check_outputs(values: dict[str, str], word: bytes, word_cleaned: int, excel: bytes, excel_cleaned: int) -> None:
    # The Word brief reopens and shows each value whole and literally, in one paragraph.
    text = "\x00".join(docx_paragraphs(word))
    for key in ("title", "commitment", "source", "handling"):
        assert in_docx(values[key]) in text, key
    for key in ("note", "why"):  # the curators' remarks never reach a reader
        assert f"⟪{key}⟫" not in text, key
    expected_word = sum(unwritable(values[k]) for k in ("title", "commitment", "source", "handling"))
    assert (word_cleaned == 0) == (expected_word == 0) and word_cleaned >= expected_word

    # The workbook reopens, holds no formula, and shows the values as text cells.
    sheets = xlsx_cells(excel)
    cells = [c for sheet in sheets.values() for c in sheet]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str) and c.value.startswith("="))
    strings = {c.value for c in cells if isinstance(c.value, str)}
    for key in ("title", "commitment", "handling"):
        assert in_xlsx(values[key]) in strings, key
    assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@" and c.value)
    assert all(n <= 255 for n in header_footer_lengths(excel))
    # The list sheets print each record's source (publisher, title, date) since issue 26: its title counts too.
    expected_excel = sum(unwritable(values[k]) for k in ("title", "commitment", "handling", "source"))
    assert (excel_cleaned == 0) == (expected_excel == 0) and excel_cleaned >= expected_excel


# -- in memory: many examples ------------------------------------------------------------------


def _render_in_process(work, name):
    return work()


@settings(HARDENING, max_examples=IN_MEMORY_EXAMPLES)
@given(texts=TEXTS)
def test_hostile_text_in_memory(dataset, texts):
    """The Word render runs in-process here: its forked, time-limited child costs ~45 ms an example and is
    exercised by the YAML test below and by test_hostile_templates.py."""
    values = wrapped(texts)
    event("has a 9,000+ character value" if any(len(t) >= 9000 for t in texts.values()) else "short values only")
    event("has characters XML cannot hold" if any(unwritable(t) for t in texts.values()) else "all writable")
    with mock.patch.object(docx_renderer, "run_limited", _render_in_process):
        outputs = render_both(hostile_copy(dataset, values))
    check_outputs(values, *outputs)


# -- through YAML files and the loader: fewer examples -----------------------------------------


class _NoAliases(yaml.SafeDumper):
    """Repeated values written out in full (a dataset refuses YAML anchors), every string double-quoted.

    Double quotes because PyYAML's emitter, with allow_unicode=True, writes U+0085 (NEL) raw inside a
    single-quoted scalar, where YAML 1.1 reads it as a line break and folds it into a space: "a\x85b"
    came back as "a b" (found by the loader test below; a PyYAML bug, not briefgen's).
    """

    def ignore_aliases(self, data):
        return True


_NoAliases.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def _bundled_files() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(BUNDLED.glob("*.yaml"))}


BUNDLED_FILES = _bundled_files()


def _record(files: dict[str, dict], collection: str, record_id: str) -> tuple[str, int, dict]:
    for name, content in files.items():
        for index, record in enumerate((content or {}).get(collection) or []):
            if record.get("id") == record_id:
                return name, index, record
    raise LookupError(record_id)


def write_hostile_yaml(root: Path, values: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The bundled dataset as YAML with `values` written in; returns where each value went (file, path)."""
    files = yaml.safe_load(yaml.safe_dump(BUNDLED_FILES))  # a deep copy
    where = {}
    name, i, meeting = _record(files, "meetings", MEETING)
    meeting.update(title=values["title"], summary=values["summary"], outcomes=[values["outcome"]])
    where |= {
        "title": (name, f"meetings[{i}].title"),
        "summary": (name, f"meetings[{i}].summary"),
        "outcome": (name, f"meetings[{i}].outcomes[0]"),
    }
    name, i, commitment = _record(files, "commitments", COMMITMENT)
    commitment["text"] = values["commitment"]
    where["commitment"] = (name, f"commitments[{i}].text")
    name, i, person = _record(files, "people", PERSON)
    person["note"] = values["note"]
    person["aliases"][0]["why"] = values["why"]
    where |= {"note": (name, f"people[{i}].note"), "why": (name, f"people[{i}].aliases[0].why")}
    name, i, source = _record(files, "sources", SOURCE)
    source["title"] = values["source"]
    where["source"] = (name, f"sources[{i}].title")
    manifest_file = next(n for n, c in files.items() if "manifest" in (c or {}))
    files[manifest_file]["manifest"]["handling"] = values["handling"]
    files[manifest_file]["manifest"]["seeds_dir"] = str(REPO / "seeds")
    where["handling"] = (manifest_file, "manifest.handling")
    for file_name, content in files.items():
        text = yaml.dump(content, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)
        (root / file_name).write_text(text, encoding="utf-8")
    return where


@settings(HARDENING, max_examples=YAML_EXAMPLES)
@given(texts=TEXTS)
def test_hostile_text_through_yaml_files(texts):
    values = wrapped(texts)
    with tempfile.TemporaryDirectory(prefix="briefgen-hostile-") as folder:
        root = Path(folder)
        where = write_hostile_yaml(root, values)
        halves = {k for k, v in values.items() if re.search("[\ud800-\udfff]", v)}
        event("refused: lone surrogate" if halves else "loaded and rendered")
        if halves:
            # A lone surrogate (YAML allows the \ud800 escape) is refused, at its file, line and field.
            with pytest.raises(DatasetError) as info:
                load_dataset(root, today=VISIT)
            problems = [p for p in info.value.problems if p.severity == "error"]
            assert all("surrogate pair" in p.message and p.line > 0 for p in problems)
            assert {(p.file, p.path) for p in problems} == {where[k] for k in halves}
            return
        loaded = load_dataset(root, today=VISIT)
    # What XML cannot hold is reported by the loader, at the field that holds it.
    warned = {(w.file, w.path) for w in loaded.warnings if "control character" in w.message}
    assert warned == {where[k] for k, v in values.items() if warned_of(v)}
    assert str(loaded.meetings[MEETING].title) == values["title"]  # the markers protect the ends from stripping
    assert loaded.people[PERSON].note == values["note"]
    check_outputs(values, *render_both(loaded))


def small_dataset(values: dict[str, str]) -> dict[str, dict]:
    """A minimal valid dataset (as YAML-ready dicts) holding `values` in its text fields."""
    source = {
        "id": "s1",
        "title": values["source"],
        "publisher": "P",
        "language": "en",
        "reliability": "press",
        "url": "https://example.org/s1",
    }
    return {
        "manifest.yaml": {
            "manifest": {
                "name": "Hostile",
                "scope": "VN-JP",
                "home": "VN",
                "partners": ["JP"],
                "handling": values["handling"],
                "languages": ["en"],
                "author": "Tests",
            }
        },
        "data.yaml": {
            "sources": [source],
            "organizations": [{"id": "o-jp", "names": {"en": "Ministry"}, "country": "JP"}],
            "fields": [{"id": "f1", "labels": {"en": "ICT", "vi": "ICT"}}],
            "people": [
                {
                    "id": "p1",
                    "name": {"family": "Sato", "given": "Taro", "order": "family_first", "address_by": "family"},
                    "country": "JP",
                    "note": values["note"],
                    "aliases": [{"text": "Taro Sato", "kind": "other_order", "lang": "en", "why": values["why"]}],
                }
            ],
            "meetings": [
                {
                    "id": "m1",
                    "date": "2020-01-09",
                    "place": {"online": True},
                    "kind": "working_group",
                    "title": values["title"],
                    "orgs": ["o-jp"],
                    "summary": values["summary"],
                    "outcomes": [values["outcome"]],
                    "sources": ["s1"],
                }
            ],
            "commitments": [
                {
                    "id": "c1",
                    "text": values["commitment"],
                    "kind": "joint",
                    "owed_by": ["JP"],
                    "field": "f1",
                    "made_at": {"meeting": "m1"},
                    "sources": ["s1"],
                }
            ],
        },
    }


SMALL_WHERE = {
    "source": ("data.yaml", "sources[0].title"),
    "handling": ("manifest.yaml", "manifest.handling"),
    "note": ("data.yaml", "people[0].note"),
    "why": ("data.yaml", "people[0].aliases[0].why"),
    "title": ("data.yaml", "meetings[0].title"),
    "summary": ("data.yaml", "meetings[0].summary"),
    "outcome": ("data.yaml", "meetings[0].outcomes[0]"),
    "commitment": ("data.yaml", "commitments[0].text"),
}


@settings(HARDENING, max_examples=LOADER_EXAMPLES)
@given(texts=TEXTS)
def test_hostile_text_round_trips_through_the_loader(texts):
    """Many more examples through YAML and `load_dataset` alone: every value comes back exactly, every
    unwritable character is a warning at its field, every lone surrogate an error at its field."""
    values = wrapped(texts)
    with tempfile.TemporaryDirectory(prefix="briefgen-loader-") as folder:
        root = Path(folder)
        for name, content in small_dataset(values).items():
            text = yaml.dump(content, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)
            (root / name).write_text(text, encoding="utf-8")
        halves = {k for k, v in values.items() if re.search("[\ud800-\udfff]", v)}
        event("refused: lone surrogate" if halves else "loaded")
        if halves:
            with pytest.raises(DatasetError) as info:
                load_dataset(root, today=VISIT)
            errors = [p for p in info.value.problems if p.severity == "error"]
            assert {(p.file, p.path) for p in errors} == {SMALL_WHERE[k] for k in halves}
            assert all("surrogate pair" in p.message for p in errors)
            return
        loaded = load_dataset(root, today=VISIT)
    assert {(w.file, w.path) for w in loaded.warnings} == {SMALL_WHERE[k] for k, v in values.items() if warned_of(v)}
    meeting, person = loaded.meetings["m1"], loaded.people["p1"]
    assert (str(meeting.title), str(meeting.summary), [str(o) for o in meeting.outcomes]) == (
        values["title"],
        values["summary"],
        [values["outcome"]],
    )
    assert (person.note, person.aliases[0].why) == (values["note"], values["why"])
    assert str(loaded.commitments["c1"].text) == values["commitment"]
    assert (loaded.sources["s1"].title, str(loaded.manifest.handling)) == (values["source"], values["handling"])


# -- regressions found by the generated tests, pinned -------------------------------------------


def test_docxtpl_escape_markers_in_data_stay_literal(dataset):
    """docxtpl turns "{_{" into "{{" in everything it renders, data included; briefgen now keeps them."""
    value = "a {_{ b }_} c {_% d %_} e & <f>"
    word, *_ = render_both(hostile_copy(dataset, wrapped({k: value for k in FIELDS})))
    text = "\x00".join(docx_paragraphs(word))
    assert f"⟪title⟫{value}⟪/title⟫" in text and "a {{ b }}" not in text
    assert docx.Document(io.BytesIO(word)).core_properties.keywords == f"⟪handling⟫{value}⟪/handling⟫"


def test_formula_like_text_is_a_quoted_text_cell(dataset):
    values = wrapped({k: "x" for k in FIELDS}) | {"title": "=cmd|' /C calc'!A0", "commitment": "@SUM(A1)"}
    *_, excel, _ = render_both(hostile_copy(dataset, values))
    cells = {c.value: c for sheet in xlsx_cells(excel).values() for c in sheet if isinstance(c.value, str)}
    for text in ("=cmd|' /C calc'!A0", "@SUM(A1)"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix


def test_long_handling_marking_fits_excel_header_limit(dataset):
    values = wrapped({k: "x" for k in FIELDS}) | {"handling": "Restricted & " * 800}
    *_, excel, _ = render_both(hostile_copy(dataset, values))
    lengths = header_footer_lengths(excel)
    assert lengths and max(lengths) <= 255
    assert load_workbook(io.BytesIO(excel))["Matrix"]["A5"].value == ("Restricted & " * 800)


def test_escaped_control_characters_in_yaml_are_warned(tmp_path):
    where = write_hostile_yaml(tmp_path, wrapped({k: "plain" for k in FIELDS}) | {"title": "Bell\x07 and NUL\x00"})
    dataset = load_dataset(tmp_path, today=VISIT)
    file, path = where["title"]
    assert [(w.file, w.path, w.message) for w in dataset.warnings if "not translated" not in w.message] == [
        (
            file,
            path,
            "2 control character(s) (U+0007, U+0000) that Word and Excel files cannot hold; "
            "the documents leave them out",
        )
    ]


def test_visit_tells_the_officer_when_characters_were_left_out(dataset, tmp_path):
    values = wrapped({k: "plain" for k in FIELDS}) | {"title": "Bell\x07"}
    outcome = run_visit(
        hostile_copy(dataset, values), PERSON, VisitOptions(visit_date=VISIT, out_dir=tmp_path, today=VISIT)
    )
    said = [n for n in outcome.notes] + [n.message for n in outcome.notices]
    assert any("control character" in s or "left out" in s for s in said), said
