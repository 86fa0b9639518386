"""The briefs as LibreOffice prints them (issue 26): a front of at most two pages that opens with the visit,
totals that stay short at any size, text a person wrote, and no page left nearly empty.

One module-scoped fixture makes every document (the bundled visit from the example visit file, three
people of the ten-year dataset, and the best-connected person of a generated size-L dataset, each in
English and Vietnamese) and prints them all in one LibreOffice run; the tests read the PDF page by page
(pdftotext).  Without LibreOffice or poppler-utils they are skipped, saying why.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from briefgen.dataset import load_dataset
from briefgen.delegation import read_visit
from briefgen.mail import build_eml
from briefgen.render.docx import DocxRenderer
from briefgen.render.xlsx import XlsxRenderer
from briefgen.visit import build_views, email_attachments, email_body

from .conftest import to_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils (pdftotext) are needed to print the documents (CI installs them)",
)

REPO = Path(__file__).resolve().parent.parent.parent
TEN_YEARS = REPO / "tests" / "data" / "good" / "ten-years"
EXAMPLE_VISIT = REPO / "examples" / "visit-takaichi.yaml"
LANGS = ("en", "vi")
# Page limits (the whole brief, as printed): the bundled visit and the ten-year briefs hold a few years of
# record; at size L the annexes list the last 24 months and count the rest.
TOTAL_PAGES = {"bundled": 8, "ten-years": 10, "L": 30}
MATRIX_PAGES_L = 30
FULL_PAGE_LINES = 52  # text lines of a full A4 page of the brief, as pdftotext lays it out
MIN_FILL = FULL_PAGE_LINES // 4  # "about a quarter": no page but the last may hold fewer lines than this
L_VISIT = dt.date(2026, 3, 1)
DEFAULTS = "./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts".replace("w:", "{" + docx.oxml.ns.nsmap["w"] + "}")
ASCII = docx.oxml.ns.qn("w:ascii")
ABBREVIATIONS = {"Co", "Ltd", "Inc", "Corp", "Mr", "Ms", "Mrs", "Dr", "No", "St", "vs", "etc"}


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate_pages", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{name: (kind, views, docx bytes, pages)} and the L matrices' pages, all printed in one run."""
    folder = tmp_path_factory.mktemp("pages")
    bundled = load_dataset(None)
    ten = load_dataset(TEN_YEARS, today=dt.date(2026, 9, 15))
    large_dir = folder / "L"
    _generator().generate("L", 1, large_dir)
    large = load_dataset(large_dir)
    large_person = (large_dir / "counterpart.txt").read_text(encoding="utf-8").strip()
    visit = read_visit(EXAMPLE_VISIT)
    cases = []
    for lang in LANGS:
        cases.append((f"takaichi-{lang}", "bundled", bundled, "takaichi-sanae", lang, visit.date, visit))
        for person in ("nakamura-yui", "ishikawa-daisuke", "kimura-shota"):
            cases.append((f"{person}-{lang}", "ten-years", ten, person, lang, dt.date(2026, 9, 15), None))
        cases.append((f"large-{lang}", "L", large, large_person, lang, L_VISIT, None))
    made, sources = {}, []
    for name, kind, dataset, person, lang, day, meeting in cases:
        views = build_views(dataset, person, visit_date=day, lang=lang, today=day, visit=meeting)
        data = DocxRenderer().render(views)
        (folder / f"{name}.docx").write_bytes(data)
        sources.append(folder / f"{name}.docx")
        made[name] = (kind, views, data)
        if kind in ("L", "bundled"):
            (folder / f"matrix-{name}.xlsx").write_bytes(XlsxRenderer().render(views))
            sources.append(folder / f"matrix-{name}.xlsx")
    to_pdf(sources, folder, timeout=900)
    briefs = {name: (*made[name], _pages(folder / f"{name}.pdf")) for name in made}
    matrices = {name: _pages(folder / f"matrix-{name}.pdf") for name in made if made[name][0] in ("L", "bundled")}
    emails = {}
    # the e-mail draft of the L visit, with the documents and their PDF copies attached
    for name in (name for name in matrices if made[name][0] == "L"):
        files = [folder / f"{name}.docx", folder / f"matrix-{name}.xlsx", folder / f"{name}.pdf"]
        files.append(folder / f"matrix-{name}.pdf")
        subject, body = email_body(made[name][1])
        emails[name] = len(build_eml(["desk@example.org"], subject, body, email_attachments(files)))
    fonts = {  # the fonts each brief's PDF embeds, as pdffonts lists them
        name: subprocess.run(["pdffonts", str(folder / f"{name}.pdf")], capture_output=True, text=True).stdout
        for name in made
        if shutil.which("pdffonts")
    }
    return briefs, (matrices, emails, fonts)


def _lines(page: str) -> list[str]:
    """A page's text lines, without the running header (the marking) and footer (name, date, page)."""
    lines = [line for line in page.splitlines() if line.strip()]
    return lines[1:-1]


def _front_pages(pages: list[str], lang: str) -> int:
    """How many pages the front takes: the page on which the annexes start (they follow on the same page)."""
    annexes = "Annexes" if lang == "en" else "Phụ lục"
    first = next(i for i, page in enumerate(pages) if re.search(rf"^\s*{annexes}\s*$", page, re.M))
    before = pages[first].split(annexes)[0]
    return first + (1 if _lines(before) else 0)


def test_the_front_takes_at_most_two_pages_and_opens_with_the_visit(printed):
    briefs, _ = printed
    for name, (_, views, _, pages) in briefs.items():
        lang = views.brief.lang
        assert 1 <= _front_pages(pages, lang) <= 2, f"{name}: the front takes {_front_pages(pages, lang)} pages"
        first = " ".join(" ".join(pages[0].split()).split())
        assert " ".join(views.brief.visit_line.split()[:8]) in first, name
        heading = "The counterpart now" if lang == "en" else "Thông tin đối tác hiện nay"
        assert first.index(views.brief.visit_line.split()[0]) < first.index(heading), name


def test_total_pages_stay_within_the_limits(printed):
    briefs, _ = printed
    over = {name: len(pages) for name, (kind, _, _, pages) in briefs.items() if len(pages) > TOTAL_PAGES[kind]}
    assert not over, f"briefs over their page limit {TOTAL_PAGES}: {over}"


def test_no_page_but_the_last_is_nearly_empty(printed):
    briefs, _ = printed
    for name, (_, _, _, pages) in briefs.items():
        counts = [len(_lines(page)) for page in pages]
        assert all(n >= MIN_FILL for n in counts[:-1]), f"{name}: lines per page {counts}"


KEPT_SOURCES = 4  # a long sources annex keeps its last four entries together (the template's "Source Kept")


def test_the_last_page_is_not_the_tail_of_a_list(printed):
    """A director who turns the page finds a whole annex, a good part of one, or at least the last four
    sources together, not two stray source lines."""
    briefs, _ = printed
    for name, (_, views, _, pages) in briefs.items():
        annex = "Annex" if views.brief.lang == "en" else "Phụ lục"
        last = _lines(pages[-1])
        entries = sum(1 for line in last if re.match(r"\s*\[\d+\]", line))
        assert len(last) >= MIN_FILL or last[0].lstrip().startswith(annex) or entries >= KEPT_SOURCES, (
            f"{name}: last page {last}"
        )


def test_text_a_person_wrote_in_both_languages(printed):
    briefs, _ = printed
    for name, (_, views, data, pages) in briefs.items():
        document = docx.Document(io.BytesIO(data))
        words = "\n".join(pages) + "\n" + "\n".join(email_body(views))
        assert "(s)" not in words, name
        assert "::" not in words, name
        # no tool name in what colleagues receive (the test dataset's author is "briefgen tests": data)
        assert "briefgen" not in words.replace(views.brief.author, "").lower(), name
        assert not re.search(r"\bngày ngày\b", words), name
        # after a full stop, a sentence starts with a capital (numbers and brackets aside)
        lower_after_stop = [
            m.group(0)
            for m in re.finditer(r"\b(\w+)\. ([a-zà-ỹ]\w+)", words)
            if m.group(1) not in ABBREVIATIONS and m.group(2) not in ("http", "https")  # a source's address
        ]
        assert not lower_after_stop, (name, lower_after_stop[:5])
        # one font in both languages: the document's default and every style the brief uses
        used = {p.style.name: p.style for p in document.paragraphs} | {"Normal": document.styles["Normal"]}
        fonts = {s.font.name for s in used.values() if s.font.name}
        fonts.add(document.styles.element.find(DEFAULTS).get(ASCII))
        assert fonts == {"Arial"}, (name, fonts)


def test_vietnamese_tables_use_short_numeric_dates(printed):
    briefs, _ = printed
    _, _, data, _ = briefs["takaichi-vi"]
    document = docx.Document(io.BytesIO(data))
    dates = [t.rows[1].cells[0].paragraphs[0].text for t in document.tables if t.rows[0].cells[0].text == "Ngày"]
    assert dates and all(re.match(r"\d\d/\d\d/\d{4}", d) for d in dates), dates


def test_the_large_brief_lists_its_recent_record_and_counts_the_rest(printed):
    briefs, _ = printed
    for lang in LANGS:
        kind, views, _, pages = briefs[f"large-{lang}"]
        brief = views.brief
        assert brief.annex_recent_months == 24 and brief.older_meetings and brief.older_open
        assert all(m.date_iso >= "2024-03" for m in brief.meetings)
        assert sum(r.count for r in brief.older_meetings) + len(brief.meetings) == len(brief.meeting_ids)
        cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", "\n".join(pages)) for n in group.split(",")}
        assert cited == {s.number for s in brief.sources}  # only the sources the brief cites are listed


def test_the_large_matrix_prints_within_the_limit_and_the_email_stays_small(printed):
    _, (matrices, emails, _) = printed
    counts = {name: len(pages) for name, pages in matrices.items()}
    assert counts and all(n <= MATRIX_PAGES_L for n in counts.values()), counts
    assert emails and all(size < 1_000_000 for size in emails.values()), emails


def test_the_printed_matrix_cites_sources_by_number_and_lists_them_once(printed):
    """The printed lists give a row's sources as numbers and the Sources sheet prints each once: with the full
    citation in every printed row, the bundled matrix printed 10 pages (en) and 11 (vi) for 30 activities."""
    briefs, (matrices, _, _) = printed
    for lang in LANGS:
        pages = matrices[f"takaichi-{lang}"]
        assert len(pages) <= 8, (lang, len(pages))
        title = "Sources cited in this workbook" if lang == "en" else "Các nguồn được dẫn trong bảng tính"
        listed = [n for n, page in enumerate(pages) if title in page]
        assert listed == [len(pages) - 1], lang  # on the last page, once
        sources = briefs[f"takaichi-{lang}"][1].matrix.sources
        text = re.sub(r"\s+", " ", pages[-1])
        note = briefs[f"takaichi-{lang}"][1].matrix.labels["sources_note_brief"]
        assert note in text  # the sheet's sentence prints whole, wrapped (it was cut at the print area's edge)
        for citation in sources.values():  # each source printed whole there, not in the rows
            assert citation.text[:40] in text
        rows = re.sub(r"\s+", " ", "".join(pages[1:-1]))
        assert not any(citation.text[:40] in rows for citation in sources.values())


def test_the_matrix_carries_its_marking_once_a_page(printed):
    briefs, (matrices, _, _) = printed
    for name, pages in matrices.items():
        marking = briefs[name][1].matrix.handling
        assert marking
        assert [page.count(marking) for page in pages] == [1] * len(pages), name


LIVE_POINTS = ("invitation", "ask_progress", "report_progress")


def test_suggestions_are_ranked_for_the_visit(printed):
    """Issue 24: at most two renewal prompts, and live items with recent news before lapsed agreements; at
    L (where all five had been "propose renewal?") live items reach the front.  The views are the ones
    this module prints (the L dataset is generated once for the whole module)."""
    briefs, _ = printed
    for name, (_, views, _, _) in briefs.items():
        kinds = [p.kind for p in views.brief.suggestions]
        assert sum(1 for k in kinds if k.endswith("_agreement")) <= 2, (name, kinds)
        lapsed = [i for i, k in enumerate(kinds) if k == "expired_agreement"]
        live = [i for i, k in enumerate(kinds) if k in LIVE_POINTS]
        assert not lapsed or not live or max(live) < min(lapsed), (name, kinds)
    for lang in LANGS:
        assert any(p.kind in LIVE_POINTS for p in briefs[f"large-{lang}"][1].brief.suggestions)


def _japanese_fonts() -> set[str]:
    if shutil.which("fc-list") is None:
        return set()
    listed = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


@pytest.mark.skipif(
    not _japanese_fonts() or shutil.which("pdffonts") is None,
    reason="no Japanese font (CI installs fonts-noto-cjk) or no pdffonts (poppler-utils)",
)
def test_japanese_names_are_drawn_in_a_japanese_font(printed):
    """The profile gives the counterpart's name in native script (高市早苗): the PDF must draw it with a font
    that has its glyphs, not as boxes (pdftotext reads the text back either way); the brief's East Asian
    font and language settings let the office suite find one."""
    briefs, (_, _, fonts) = printed
    assert "高市早苗" in "\n".join(briefs["takaichi-en"][3])
    embedded = fonts["takaichi-en"].replace(" ", "").lower()
    assert any(family.replace(" ", "").lower() in embedded for family in _japanese_fonts()), fonts["takaichi-en"]


def test_no_matrix_cell_prints_as_hashes(printed):
    """A date wider than its column prints as "###" (it did for the Vietnamese day-first dates)."""
    _, (matrices, _, _) = printed
    for name, pages in matrices.items():
        assert not [n for n, page in enumerate(pages, 1) if "###" in page], name
