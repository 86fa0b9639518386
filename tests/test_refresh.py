"""`refresh`: the officer's writing survives a regenerated brief; data sections are regenerated or, when
edited by hand, kept and reported; bad input writes nothing; `visit --force` never destroys edits."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from tests.conftest import BUNDLED
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands on `app`)
from briefgen.cli.app import app
from briefgen.dataset import load_dataset
from briefgen.errors import BriefNotUsableError
from briefgen.i18n import words
from briefgen.matrix import build_matrix
from briefgen.refresh import RefreshOptions, run_refresh
from briefgen.render import fingerprints as F
from briefgen.render import marks as M
from briefgen.render import readback as B
from briefgen.render import record as R
from briefgen.render import sections as S
from briefgen.render.record import post_key
from briefgen.resources import templates_dir
from briefgen.visit import VisitOptions, run_visit

VISIT = dt.date(2026, 11, 23)
OBJECTIVE = "Secure Japan's support for the 5G testbed in Da Nang."
POINT = "Thank the Minister for the ITU Digital World invitation follow-up."


def write_brief(dataset, folder: Path, **extra) -> Path:
    options = VisitOptions(visit_date=VISIT, out_dir=folder, formats=("docx",), today=VISIT, **extra)
    return run_visit(dataset, "takaichi-sanae", options).files[0]


def body_paragraphs(document) -> list[Paragraph]:
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def control(document, name: str):
    return next(
        sdt
        for sdt in document.element.body.iter(qn("w:sdt"))
        if sdt.find(qn("w:sdtPr")).find(qn("w:alias")).get(qn("w:val")) == name
    )


def officer_edits(path: Path) -> None:
    """What an officer does with python-docx: write in the controls, add a table and a list, add after them."""
    document = docx.Document(path)
    objectives = control(document, "objectives").find(qn("w:sdtContent"))
    placeholder = next(
        Paragraph(p, document._body)
        for p in objectives.iter(qn("w:p"))
        if "desk officer" in "".join(t.text for t in p.iter(qn("w:t")))
    )
    placeholder.text = ""
    placeholder.style = document.styles["Normal"]
    placeholder.add_run(OBJECTIVE).bold = True
    bullet = placeholder.insert_paragraph_before("Agree the next Joint Working Group date.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "Ask", "Offer"
    objectives.append(table._tbl)  # moved into the control
    assert bullet.text
    # After the points-to-make control: python-docx cannot see inside it, so the officer adds below it.
    after = control(document, "points-to-make").getnext()
    new = document.add_paragraph(POINT, style="List Bullet")
    after.addprevious(new._p)
    document.save(path)


def edit_meetings_by_hand(path: Path) -> None:
    document = docx.Document(path)
    heading = next(p for p in document.paragraphs if p.text == "Annex B. Meetings on record")
    heading.insert_paragraph_before("")  # nothing: an empty paragraph does not count as an edit
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    table.rows[1].cells[2].paragraphs[0].add_run(" — officer's note: the Minister arrived late")
    document.save(path)


def changed_dataset(tmp_path: Path, *, name: str | None = None):
    """The bundled dataset with a new meeting, a commitment done, and (optionally) another name."""
    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root)
    (root / "later.yaml").write_text(
        """
sources:
  - id: s900-later
    title: Minister meets Minister again
    publisher: Ministry of Internal Affairs and Communications (Japan)
    language: en
    published: 2020-12-10
    url: https://example.org/later
    reliability: official
meetings:
  - id: m-2020-12-08-later
    date: 2020-12-08
    place: {online: true}
    kind: bilateral_talks
    title: Online talks on 5G security
    summary: The ministers discussed 5G security online.
    orgs: [mic-jp, mic-vn]
    participants:
      - {person: takaichi-sanae, side: JP, role: minister}
    sources: [s900-later]
""",
        encoding="utf-8",
    )
    commitments = root / "commitments.yaml"
    text = commitments.read_text(encoding="utf-8")
    anchor = "    made_at: {meeting: m-2020-01-09-hung-takaichi}\n    sources: [s000-moc-signing-2020]\n"
    start = text.index("  - id: c-2020-5g-joint")
    at = text.index(anchor, start) + len(anchor)
    text = text[:at] + "    updates:\n      - {date: 2020-12-08, status: done, sources: [s900-later]}\n" + text[at:]
    commitments.write_text(text, encoding="utf-8")
    if name:
        manifest = root / "manifest.yaml"
        lines = manifest.read_text(encoding="utf-8").splitlines()
        lines = [f"  name: {name}" if line.startswith("  name:") else line for line in lines]
        manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dataset(root, recheck=True)


def texts(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(F.paragraph_texts(list(B.body_of(archive))))


def section_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        section = next(s for s in S.find_sections(B.body_of(archive)) if s.name == name)
        return "\n".join(F.paragraph_texts(section.blocks))


def table_text(path: Path, name: str) -> str:
    """The text of the tables in section `name` (a kept section's note aside)."""
    with zipfile.ZipFile(path) as archive:
        section = next(s for s in S.find_sections(B.body_of(archive)) if s.name == name)
        return "\n".join(F.paragraph_texts([b for b in section.blocks if b.tag == qn("w:tbl")]))


# -- the brief as written ------------------------------------------------------------------------


def test_fresh_brief_marks_its_sections_and_records_what_it_was_made_from(dataset, tmp_path):
    path = write_brief(dataset, tmp_path)
    document = docx.Document(path)
    for name in M.OFFICER_SECTIONS:
        pr = control(document, name).find(qn("w:sdtPr"))
        assert pr.find(qn("w:tag")).get(qn("w:val")) == name
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    for name in (
        "counterpart",
        "changes",
        "objectives",
        "points-to-make",
        "suggestions",
        "open-items",
        "verify",
        "notes",
        "annexes",
        "profile",
        "meetings",
        "agreements",
        "commitments",
        "sources",
    ):
        assert M.bookmark_name(name) in bookmarks
    brief = B.read_brief(path)
    record = brief.record
    assert (record.counterpart, record.lang, record.visit) == ("takaichi-sanae", "en", VISIT)
    assert record.dataset == dataset.manifest.name and record.version
    assert set(record.sections) >= {"cover", "meetings", "objectives"}
    facts = record.facts  # ids and state keys only: no prose from the data
    assert facts.meetings["m-2020-12-01-jwg4"] == "2020-12-01"
    assert facts.agreements["a-2020-moc"] == "expired"
    key = post_key(
        "Minister for Internal Affairs and Communications", "Ministry of Internal Affairs and Communications"
    )
    assert facts.posts[key] == "current"
    assert facts.open["c-2020-5g-joint"] == ("open", "quiet")
    assert B.edits_in(brief) == []
    assert section_text(path, "changes") == ""  # a fresh brief has nothing to compare with
    assert "Points to make" in section_text(path, "points-to-make")


# -- refresh after python-docx edits ----------------------------------------------------------------


@pytest.fixture
def edited(dataset, tmp_path):
    path = write_brief(dataset, tmp_path / "briefs")
    officer_edits(path)
    edit_meetings_by_hand(path)
    return path


def test_refresh_carries_officer_sections_and_keeps_hand_edited_data(edited, tmp_path):
    before = edited.read_bytes()
    new_data = changed_dataset(tmp_path)
    outcome = run_refresh(new_data, edited, RefreshOptions(today=VISIT))
    assert edited.read_bytes() == before  # the edited file is never modified
    assert outcome.path == edited.with_name("2026-11-23_TAKAICHI-Sanae_brief-en-2.docx")
    assert outcome.carried == ["objectives", "points-to-make"]
    assert outcome.kept == ["meetings"]
    document = docx.Document(outcome.path)
    objectives = control(document, "objectives")
    paragraphs = [Paragraph(p, document._body) for p in objectives.iter(qn("w:p"))]
    goal = next(p for p in paragraphs if p.text == OBJECTIVE)
    assert [r.bold for r in goal.runs if r.text] == [True] and goal.style.name == "Normal"
    assert any(p.style.name == "List Number" and p.text.startswith("Agree") for p in paragraphs)
    cells = [t.text for t in objectives.iter(qn("w:t"))]
    assert "Ask" in cells and "Offer" in cells  # the table came along, inside the control
    assert POINT in section_text(outcome.path, "points-to-make")
    assert "arrived late" in section_text(outcome.path, "meetings")  # kept as edited
    assert "Online talks on 5G security" not in table_text(outcome.path, "meetings")  # named in its note only
    assert "Online talks on 5G security" in section_text(outcome.path, "background")  # regenerated
    changes = section_text(outcome.path, "changes")
    assert changes.startswith("Changed since the brief of")
    assert "New meeting on record: 8 December 2020, Online talks on 5G security" in changes
    # A closed item's state as the matrix words the same record (issue 25 point 2): with its update's date.
    assert "No longer open, now done (update of 8 December 2020): Work together to research and develop 5G" in changes
    assert outcome.changes == changes.splitlines()[1:]
    # The new brief is marked and recorded again: a second refresh still tells the two apart.
    again = B.read_brief(outcome.path)
    assert again.record.carried == ["meetings", "objectives", "points-to-make"]
    assert again.record.previous is not None and again.record.previous.visit == VISIT
    second = run_refresh(new_data, outcome.path, RefreshOptions(today=VISIT))
    assert second.carried == ["objectives", "points-to-make"] and second.kept == ["meetings"]
    assert second.changes == []
    assert "Nothing in the record has changed" in section_text(second.path, "changes")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_closed_item_reads_in_the_report_as_the_matrix_words_it(dataset, tmp_path, lang):
    """The same record, the same words (issue 25): the report's state and text of an item no longer open are
    those of its row in the matrix."""
    path = write_brief(dataset, tmp_path / "briefs", lang=lang)
    new_data = changed_dataset(tmp_path)
    outcome = run_refresh(new_data, path, RefreshOptions(today=VISIT))
    row = next(r for r in build_matrix(new_data, as_of=VISIT, lang=lang).commitments if r.id == "c-2020-5g-joint")
    assert row.status == "done"
    (line,) = [line for line in outcome.changes if line.endswith(row.text)]
    assert words(lang, "change_closed", status=row.status_label, text=row.text) == line


TEN_YEARS = Path(__file__).resolve().parent / "data" / "good" / "ten-years"
THEN, NOW = dt.date(2023, 6, 1), dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def ten_years():
    return load_dataset(TEN_YEARS, today=NOW)


def brief_then_refreshed(ds, folder: Path, person: str, lang: str):
    """A brief made for a visit in mid-2023, refreshed for one in 2026: the record's judgments moved."""
    options = VisitOptions(visit_date=THEN, lang=lang, out_dir=folder, formats=("docx",), today=THEN)
    path = run_visit(ds, person, options).files[0]
    return path, run_refresh(ds, path, RefreshOptions(visit_date=NOW, today=NOW, out_dir=folder / "new"))


def test_changes_say_what_the_judgments_say_now(ten_years, tmp_path):
    path, outcome = brief_then_refreshed(ten_years, tmp_path, "ishikawa-daisuke", "en")
    facts = B.read_brief(path).record.facts
    assert facts.posts[post_key("Minister of Digital Affairs", "Ministry of Digital Affairs")] == "current"
    changes = outcome.changes
    # The counterpart's post first: someone else holds it since.
    assert changes[0] == (
        "Minister of Digital Affairs, Ministry of Digital Affairs: now probably ended: NAKAMURA Yui "
        "holds this post from 11 November 2024; verify (latest record in this post: 7 August 2024) (was held now)"
    )
    assert (
        "Memorandum of Cooperation on digital cooperation (renewal, 2021–2023): now expired at the end of 2023; "
        "renewed by the MoC of 6 August 2024 (was in force)"
    ) in changes
    assert any(
        line.startswith("Work plan 2018–2019")
        and "now expired at the end of 2019; superseded by the work plan of 8 November 2023" in line
        and line.endswith("(was expired)")
        for line in changes
    )
    assert (
        "Open item now past its due date (was with recent news): Run a joint local 5G pilot in Da Nang by the "
        "end of 2023."
    ) in changes
    assert (
        "Open item now in progress (was open): Support training of Vietnamese engineers in semiconductor design."
    ) in changes
    assert (
        "New meeting on record: 20 January 2026, Talks between Minister Đặng Minh Khoa and Minister Nakamura "
        "Yui; Joint Statement on digital partnership" in changes
    )
    kinds = [
        (
            "post"
            if "Ministry of Digital Affairs:" in line
            else "agreement"
            if "agreement" in line.lower() or "Memorandum" in line or "Work plan" in line
            else "meeting"
            if "meeting" in line
            else "item"
        )
        for line in changes
    ]
    assert kinds.index("agreement") < kinds.index("meeting") < kinds.index("item")  # as a reader wants them
    shown = section_text(outcome.path, "changes").splitlines()
    assert shown[0].startswith("Changed since the brief of ")
    assert shown[1:-1] == changes[:8] and shown[-1] == f"… and {len(changes) - 8} more (see the annexes)."


def test_changes_in_vietnamese(ten_years, tmp_path):
    _, outcome = brief_then_refreshed(ten_years, tmp_path, "ishikawa-daisuke", "vi")
    assert outcome.path.name == "2026-09-15_ISHIKAWA-Daisuke_brief-vi.docx"
    assert outcome.changes[0].startswith(
        "Bộ trưởng Bộ Kỹ thuật số, Bộ Kỹ thuật số Nhật Bản: nay có thể đã thôi giữ chức"
    )
    assert outcome.changes[0].endswith("(trước đây: đương nhiệm)")
    assert (
        "Nội dung đang theo dõi nay đã quá hạn (trước đây: có thông tin gần đây): Triển khai thí điểm chung mạng "
        "5G cục bộ tại Đà Nẵng trước cuối năm 2023." in outcome.changes
    )
    title = section_text(outcome.path, "changes").splitlines()[0]
    assert title.startswith("Những thay đổi kể từ tài liệu soạn ngày ") and "ngày ngày" not in title


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed to print the brief",
)
def test_a_refreshed_front_section_still_fits_two_pages(ten_years, tmp_path):
    """The longest front section of the test data, with the longest list of changes, printed by LibreOffice."""
    _, outcome = brief_then_refreshed(ten_years, tmp_path, "nakamura-yui", "vi")
    assert len(outcome.changes) > 8
    folder = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(outcome.path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(folder / f"{outcome.path.stem}.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    first_annex = next(i for i, page in enumerate(pages) if re.search(r"^\s*Phụ lục\s*$", page, re.M))
    assert "Những thay đổi kể từ" in pages[0] and first_annex <= 2


def edit_a_meeting_row(path: Path) -> None:
    """The officer adds words to the first meeting's row of the meetings annex (found by its mark: any language)."""
    document = docx.Document(path)
    meetings = next(s for s in S.find_sections(document.element.body) if s.name == "meetings")
    table = Table(next(b for b in meetings.blocks if b.tag == qn("w:tbl")), document._body)
    table.rows[1].cells[2].paragraphs[0].add_run(" — arrived late")
    document.save(path)


def meeting_rows(path: Path) -> list[list[str]]:
    document = docx.Document(path)
    meetings = next(s for s in S.find_sections(document.element.body) if s.name == "meetings")
    table = Table(next(b for b in meetings.blocks if b.tag == qn("w:tbl")), document._body)
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def sources_listed(path: Path) -> dict[int, str]:
    return {
        int(line[1 : line.index("]")]): line
        for line in section_text(path, "sources").splitlines()
        if re.match(r"\[\d+\] ", line)
    }


def notes_in(path: Path, name: str, lang: str) -> list[str]:
    return [line for line in section_text(path, name).splitlines() if line.startswith(words(lang, "kept_note"))]


@pytest.mark.parametrize(("lang", "new_date"), [("en", "8 December 2020"), ("vi", "08/12/2020")])
def test_a_kept_section_cites_the_sources_it_meant_and_says_what_the_data_now_has(dataset, tmp_path, lang, new_date):
    """Issue 25: the 2017 meeting known from a machine translation cited [5]; the new data adds a source dated
    2020-12-10, which takes number 5 in the new list.  The kept row must cite the machine translation (now [6]),
    and the document itself says, beside the section, that it was kept and what the data now has."""
    path = write_brief(dataset, tmp_path / "briefs", lang=lang)
    edit_a_meeting_row(path)
    before = meeting_rows(path)
    mt = next(n for n, line in sources_listed(path).items() if "Zhang Mingjun" in line)
    assert before[0][-1] == f"[{mt}]" and "arrived late" in before[0][2]

    outcome = run_refresh(changed_dataset(tmp_path), path, RefreshOptions(today=VISIT))
    assert outcome.kept == ["meetings"]
    listed = sources_listed(outcome.path)
    now_mt = next(n for n, line in listed.items() if "Zhang Mingjun" in line)
    later = next(n for n, line in listed.items() if "Minister meets Minister again" in line)
    assert later == mt and now_mt == mt + 1  # the new source took the old number
    rows = meeting_rows(outcome.path)
    assert "arrived late" in rows[0][2] and rows[0][-1] == f"[{now_mt}]"  # kept as edited, citing what it meant
    assert [row[-1] for row in rows[1:]] == [row[-1] for row in before[1:]]  # older sources kept their numbers
    assert len(rows) == len(before)  # the new meeting is not added to the officer's table ...
    (note,) = notes_in(outcome.path, "meetings", lang)  # ... but named beside it, in the document
    assert new_date in note and "Online talks on 5G security" in note
    assert words(lang, "kept_note_lacks", n=1, lines="").split(":")[0] in note
    assert words(lang, "kept_note_renumbered") in note
    assert "arrived late" not in note and "2017" not in note  # the row the officer edited is not "lacking"
    heading, second = section_text(outcome.path, "meetings").splitlines()[:2]
    assert second == note  # beside the section: right under its heading

    again = run_refresh(changed_dataset(tmp_path / "again"), outcome.path, RefreshOptions(today=VISIT))
    assert again.kept == ["meetings"]
    assert len(notes_in(again.path, "meetings", lang)) == 1  # the earlier note is replaced, not repeated
    assert meeting_rows(again.path)[0][-1] == f"[{now_mt}]"


def test_sources_only_a_kept_section_cites_stay_listed(dataset, tmp_path):
    """Refreshed for an earlier visit date, the brief shows (and cites) only the 2017 and 2018 meetings; the
    kept annex still lists the 2020 ones, so their sources are listed after the brief's own, numbered on."""
    path = write_brief(dataset, tmp_path / "briefs")
    edit_a_meeting_row(path)
    before = meeting_rows(path)
    old_sources = sources_listed(path)
    outcome = run_refresh(dataset, path, RefreshOptions(today=VISIT, visit_date=dt.date(2019, 6, 1)))
    assert outcome.kept == ["meetings"]
    listed = sources_listed(outcome.path)
    rows = meeting_rows(outcome.path)
    assert len(rows) == len(before)
    for old_row, row in zip(before, rows):
        (old_number,) = re.findall(r"\d+", old_row[-1])
        (number,) = re.findall(r"\d+", row[-1])
        old_title = old_sources[int(old_number)].split("] ", 1)[1]
        assert listed[int(number)].split("] ", 1)[1] == old_title  # the same source, whatever its number
    options = VisitOptions(visit_date=dt.date(2019, 6, 1), out_dir=tmp_path / "fresh", formats=("docx",), today=VISIT)
    fresh = sources_listed(run_visit(dataset, "takaichi-sanae", options).files[0])
    added = len(listed) - len(fresh)
    assert added >= 1 and all(listed[n] == fresh[n] for n in fresh)  # the brief's own list first, as it is
    (note,) = notes_in(outcome.path, "meetings", "en")
    assert words("en", "kept_note_sources_added", n=added) in note


def test_take_new_regenerates_a_hand_edited_data_section(edited, tmp_path):
    outcome = run_refresh(changed_dataset(tmp_path), edited, RefreshOptions(today=VISIT, take_new=("meetings",)))
    assert outcome.kept == [] and outcome.replaced == ["meetings"]
    meetings = section_text(outcome.path, "meetings")
    assert "arrived late" not in meetings and "Online talks on 5G security" in meetings
    assert OBJECTIVE in section_text(outcome.path, "objectives")


def test_unedited_brief_refreshes_to_the_new_data_with_fresh_placeholders(dataset, tmp_path):
    path = write_brief(dataset, tmp_path)
    outcome = run_refresh(dataset, path, RefreshOptions(today=VISIT, visit_date=dt.date(2026, 12, 1)))
    assert outcome.carried == outcome.kept == []
    assert outcome.path.name == "2026-12-01_TAKAICHI-Sanae_brief-en.docx"
    assert "[For the desk officer: what we want" in section_text(outcome.path, "objectives")
    assert B.read_brief(outcome.path).record.visit == dt.date(2026, 12, 1)


def test_a_deleted_officer_section_is_named_and_nothing_written(dataset, tmp_path):
    path = write_brief(dataset, tmp_path)
    document = docx.Document(path)
    notes = control(document, "notes")
    notes.getparent().remove(notes)
    document.save(path)
    with pytest.raises(BriefNotUsableError, match="notes.*--missing-ok"):
        run_refresh(dataset, path, RefreshOptions(today=VISIT))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    outcome = run_refresh(dataset, path, RefreshOptions(today=VISIT, missing_ok=True))
    assert outcome.missing == ["notes"] and "Notes" in section_text(outcome.path, "notes")


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_pictures_and_links_in_an_officer_section_come_along(dataset, tmp_path):
    path = write_brief(dataset, tmp_path)
    document = docx.Document(path)
    png = tiny_png()
    picture = document.add_paragraph()
    picture.add_run().add_picture(io.BytesIO(png))
    rid = document.part.relate_to(
        "https://example.org/brief",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    picture._p.append(
        docx.oxml.parse_xml(
            f'<w:hyperlink xmlns:w="{docx.oxml.ns.nsmap["w"]}" '
            f'xmlns:r="{docx.oxml.ns.nsmap["r"]}" r:id="{rid}"><w:r><w:t>link</w:t>'
            "</w:r></w:hyperlink>"
        )
    )
    control(document, "notes").find(qn("w:sdtContent")).append(picture._p)
    document.save(path)
    outcome = run_refresh(dataset, path, RefreshOptions(today=VISIT))
    assert outcome.carried == ["notes"]
    with zipfile.ZipFile(outcome.path) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [png]
        assert "https://example.org/brief" in archive.read("word/_rels/document.xml.rels").decode()


# -- LibreOffice ------------------------------------------------------------------------------------


def libreoffice_resave(path: Path, folder: Path) -> Path:
    folder.mkdir()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / path.name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_refresh_after_a_libreoffice_resave_finds_every_section(edited, tmp_path):
    saved = libreoffice_resave(edited, tmp_path / "lo")
    with zipfile.ZipFile(saved) as archive:  # what the save did to the marks (see render/marks.py)
        xml = archive.read("word/document.xml").decode()
        assert "<w:tag " not in xml and 'w:val="objectives"' in xml
    brief = B.read_brief(saved)
    assert brief.record == B.read_brief(edited).record  # the custom XML part survives
    assert B.edits_in(brief) == ["meetings", "objectives", "points-to-make"]  # unedited sections still match
    outcome = run_refresh(changed_dataset(tmp_path), saved, RefreshOptions(today=VISIT, out_dir=tmp_path / "out"))
    assert outcome.carried == ["objectives", "points-to-make"] and outcome.kept == ["meetings"]
    assert OBJECTIVE in section_text(outcome.path, "objectives")
    assert "Ask" in section_text(outcome.path, "objectives")
    assert POINT in section_text(outcome.path, "points-to-make")
    document = docx.Document(outcome.path)
    assert control(document, "objectives").find(qn("w:sdtPr")).find(qn("w:tag")) is not None  # marks rebuilt
    # The refreshed brief opens in LibreOffice again (converted without error, same text).
    again = libreoffice_resave(outcome.path, tmp_path / "lo2")
    assert B.edits_in(B.read_brief(again)) == ["meetings", "objectives", "points-to-make"]


# -- bad input -----------------------------------------------------------------------------------------


def run_cli(*args):
    return CliRunner().invoke(app, list(args))


def encrypted_docx(path: Path) -> None:
    """What Word writes for a password-protected .docx: an OLE compound file holding EncryptedPackage."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    path.write_bytes(
        header + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le") + bytes(1024)
    )


@pytest.mark.parametrize(
    "kind, message",
    [
        ("not-briefgen", "not written by briefgen"),
        ("corrupt", "damaged"),
        ("text", "not a .docx"),
        ("encrypted", "password-protected"),
        ("old-doc", "old-style Word file"),
        ("no-document", "not a Word document"),
    ],
)
def test_bad_briefs_exit_2_and_write_nothing(dataset, tmp_path, kind, message):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "brief.docx"
    if kind == "not-briefgen":
        docx.Document().save(path)
    elif kind == "corrupt":
        good = write_brief(dataset, tmp_path / "good").read_bytes()
        path.write_bytes(good[: len(good) // 2])
    elif kind == "text":
        path.write_text("hello", encoding="utf-8")
    elif kind == "encrypted":
        encrypted_docx(path)
    elif kind == "old-doc":
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2000))
    elif kind == "no-document":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    before = path.read_bytes()
    result = run_cli("refresh", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert [p.name for p in folder.iterdir()] == ["brief.docx"] and path.read_bytes() == before


def test_a_brief_from_another_dataset_is_refused(dataset, tmp_path):
    path = write_brief(dataset, tmp_path / "in")
    other = changed_dataset(tmp_path, name="Another dataset")
    with pytest.raises(BriefNotUsableError, match="made from the dataset"):
        run_refresh(other, path, RefreshOptions(today=VISIT))
    assert [p.name for p in (tmp_path / "in").iterdir()] == [path.name]


def test_cli_refresh_reports_what_it_carried_and_kept(edited):
    result = run_cli("refresh", str(edited), "--out", str(edited.parent / "new"))
    assert result.exit_code == 0, result.output
    assert "carried over from" in result.output and "objectives, points-to-make" in result.output
    assert "kept as edited by hand" in result.output and "meetings" in result.output
    assert "--take-new" in result.output
    # The previous brief's date as the brief words a date ("7 December 2026"), not "2026-12-07".
    assert re.search(r"changed since \d{1,2} [A-Z][a-z]+ \d{4}: nothing", result.output)
    assert len(list((edited.parent / "new").iterdir())) == 1


# -- visit --force ----------------------------------------------------------------------------------------


def test_visit_force_refuses_an_edited_brief_and_names_refresh(dataset, tmp_path):
    path = write_brief(dataset, tmp_path)
    replaced = write_brief(dataset, tmp_path, force=True)  # an unedited brief is replaced
    assert replaced == path and len(list(tmp_path.iterdir())) == 1
    officer_edits(path)
    before = path.read_bytes()
    with pytest.raises(BriefNotUsableError, match=r"briefgen refresh .*_brief-en\.docx"):
        write_brief(dataset, tmp_path, force=True)
    assert path.read_bytes() == before
    result = run_cli(
        "visit", "-c", "takaichi-sanae", "--date", "2026-11-23", "--out", str(tmp_path), "--force", "--format", "docx"
    )
    assert result.exit_code == 2 and "refresh" in result.output
    other = tmp_path / "other"
    other.mkdir()
    docx.Document().save(other / path.name)  # someone's own Word file under that name: not replaced either
    with pytest.raises(BriefNotUsableError, match="cannot tell"):
        write_brief(dataset, other, force=True)
    # A refreshed brief holds the officer's writing too, even untouched since.
    refreshed = run_refresh(dataset, path, RefreshOptions(today=VISIT, out_dir=tmp_path / "r")).path
    assert B.edits_in(B.read_brief(refreshed)) == ["objectives", "points-to-make"]
    with pytest.raises(BriefNotUsableError, match="objectives, points-to-make"):
        B.refuse_to_replace(refreshed)


def test_a_brief_as_written_is_replaced_without_reading_its_sections(dataset, tmp_path, monkeypatch):
    """Its text part is byte for byte what the record says was written: no need to read its sections."""
    path = write_brief(dataset, tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert R.read_zip(archive).text_part == F.part_digest(archive.read("word/document.xml"))
    read = []
    real = B.read_brief
    monkeypatch.setattr(B, "read_brief", lambda p: read.append(p) or real(p))
    assert write_brief(dataset, tmp_path, force=True) == path and read == []
    officer_edits(path)  # now the text part differs: its sections are read, and the edits found
    with pytest.raises(BriefNotUsableError, match="holds an officer's edits"):
        write_brief(dataset, tmp_path, force=True)
    assert read == [path]


def test_a_brief_refreshed_for_another_visit_says_which_visit_the_earlier_one_was_for(dataset, tmp_path):
    earlier = write_brief(dataset, tmp_path / "in")
    outcome = run_refresh(dataset, earlier, RefreshOptions(today=VISIT, visit_date=dt.date(2026, 12, 1)))
    title = section_text(outcome.path, "changes").split("\n")[0]
    assert title.startswith("Changed since the brief of ") and title.endswith(
        f"(for the visit of {VISIT.day} {VISIT.strftime('%B')} {VISIT.year})"
    )


def test_a_department_template_that_marks_only_its_officer_sections(dataset, tmp_path):
    """Content controls titled `objectives`, … are enough: the data after each is marked as data when rendered."""
    template = tmp_path / "ours.docx"
    with zipfile.ZipFile(templates_dir() / "brief-en.docx") as src, zipfile.ZipFile(template, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                text = re.sub(r"<w:bookmark(Start|End) [^>]*/>", "", text)  # no bookmarks at all
                text = re.sub(r'<w:tag w:val="[^"]*"/>', "", text)  # titles only, as LibreOffice leaves them
                data = text.encode()
            dst.writestr(item, data)
    path = write_brief(dataset, tmp_path / "in", template=template)
    names = [s.name for s in S.find_sections(B.read_brief(path).body)]
    assert names == [
        "cover",
        "objectives",
        "points-to-make",
        "after-points-to-make",
        "officer-our-line",
        "after-officer-our-line",
        "notes",
        "after-notes",
    ]
    officer_edits(path)
    outcome = run_refresh(changed_dataset(tmp_path), path, RefreshOptions(today=VISIT, template=template))
    assert outcome.carried == ["objectives", "points-to-make"] and outcome.kept == []
    assert "Online talks on 5G security" in section_text(outcome.path, "after-notes")
    assert OBJECTIVE in section_text(outcome.path, "objectives")
    with pytest.raises(BriefNotUsableError, match="--template"):  # made with another template: say which
        run_refresh(dataset, path, RefreshOptions(today=VISIT))
