"""Visit files and delegation files (issue 26): read, validated with file:line errors like a dataset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.dataset import load_dataset
from briefgen.delegation import VisitFileError, read_delegation, read_visit, visit_from_form
from briefgen.errors import BadInputError
from briefgen.models import MeetingKind
from briefgen.visit import build_views, email_body

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "visit-takaichi.yaml"


def test_the_example_visit_file_reads():
    visit = read_visit(EXAMPLE)
    assert visit.date == dt.date(2026, 12, 8) and visit.format is MeetingKind.BILATERAL_TALKS
    assert visit.their_side == ["Takaichi Sanae"] and visit.place is not None and visit.place.country == "VN"


def test_every_problem_of_a_visit_file_at_once_with_its_line(tmp_path):
    path = tmp_path / "visit.yaml"
    path.write_text(
        "visit:\n"
        "  date: 2026-12-08\n"
        "  format: bilateral_talk\n"
        "  our_side:\n"
        "    principal: Minister Nguyễn Mạnh Hùng\n"
        "    memebers: [x]\n"
        "  their_side: [Takaichi Sanae]\n",
        encoding="utf-8",
    )
    with pytest.raises(VisitFileError) as caught:
        read_visit(path)
    lines = [str(p) for p in caught.value.problems]
    assert str(caught.value) == "the visit file has 2 error(s)"
    assert lines[0].startswith(f"{path}:3: visit.format: 'bilateral_talk' is not one of the allowed values")
    assert lines[1].startswith(f"{path}:6: visit.our_side.memebers: unknown key")


def test_a_visit_needs_their_side_and_only_the_visit_key(tmp_path):
    path = tmp_path / "visit.yaml"
    path.write_text("visit:\n  date: 2026-12-08\nextra: 1\n", encoding="utf-8")
    with pytest.raises(VisitFileError) as caught:
        read_visit(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:3: extra: unknown key")
    path.write_text("visit:\n  date: 2026-12-08\n", encoding="utf-8")
    with pytest.raises(VisitFileError) as caught:
        read_visit(path)
    assert "visit.their_side" in str(caught.value.problems[0])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("names.txt", "# delegation\nTakaichi Sanae\n\nSakai Manabu\n"),
        ("names.yaml", "- Takaichi Sanae\n- Sakai Manabu\n"),
        ("names.yml", "delegation: [Takaichi Sanae, Sakai Manabu]\n"),
    ],
)
def test_a_delegation_file_is_a_visit_with_only_their_side(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    visit = read_visit(path)
    assert visit.their_side == ["Takaichi Sanae", "Sakai Manabu"] and visit.date is None and visit.our_side is None
    assert read_delegation(path) == ["Takaichi Sanae", "Sakai Manabu"]


def test_a_list_of_anything_but_names_is_refused(tmp_path):
    path = tmp_path / "names.yaml"
    path.write_text("- {name: x}\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="expected a YAML list of names"):
        read_visit(path)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "On 8 December 2026 at the Ministry of Information and Communications, Hanoi, Minister Nguyễn Mạnh Hùng "
            "receives TAKAICHI Sanae, Minister for Internal Affairs and Communications of Japan (bilateral talks).",
        ),
        (
            "vi",
            "Ngày 8 tháng 12 năm 2026, tại Bộ Thông tin và Truyền thông, Hà Nội, Bộ trưởng Nguyễn Mạnh Hùng tiếp "
            "TAKAICHI Sanae, Bộ trưởng Bộ Nội vụ và Truyền thông Nhật Bản (hội đàm song phương).",
        ),
    ],
)
def test_the_visit_line_says_who_receives_whom_where_in_what_format_and_when(lang, line):
    visit = read_visit(EXAMPLE)
    views = build_views(
        load_dataset(None),
        "takaichi-sanae",
        visit_date=dt.date(2026, 12, 8),
        lang=lang,
        today=dt.date(2026, 12, 1),
        visit=visit,
    )
    brief = views.brief
    assert brief.visit_line == line
    assert [f.label for f in brief.visit_facts] == (
        ["Purpose", "Our side"] if lang == "en" else ["Mục đích", "Phía ta"]
    )
    subject, body = email_body(views)
    assert subject.startswith(line) and body.splitlines()[0] == line


def test_without_a_visit_file_the_line_says_less():
    views = build_views(
        load_dataset(None), "takaichi-sanae", visit_date=dt.date(2026, 12, 8), lang="en", today=dt.date(2026, 12, 1)
    )
    assert views.brief.visit_line == (
        "On 8 December 2026, meeting with TAKAICHI Sanae, Minister for Internal Affairs and Communications of Japan."
    )
    assert views.brief.visit_facts == []


def test_the_page_s_visit_form_is_read_as_a_visit_file_in_the_documents_language():
    day = dt.date(2026, 12, 8)
    assert visit_from_form({}, day, ["takaichi-sanae"], "vi") is None  # nothing but the date
    assert visit_from_form({"city": "  "}, day, ["takaichi-sanae"], "vi") is None
    visit = visit_from_form(
        {"principal": "Bộ trưởng Nguyễn Mạnh Hùng", "members": "A; B\nC", "city": "Hà Nội", "online": "on"},
        day,
        ["takaichi-sanae"],
        "vi",
    )
    assert visit is not None and visit.date == day and visit.their_side == ["takaichi-sanae"]
    assert visit.place is not None and visit.place.online and visit.place.city is None  # online: no city
    assert visit.our_side is not None and [m.in_lang("vi", "en")[0] for m in visit.our_side.members] == ["A", "B", "C"]
    principal = visit.our_side.principal
    assert principal is not None and principal.in_lang("vi", "en") == ("Bộ trưởng Nguyễn Mạnh Hùng", True)
    with pytest.raises(BadInputError, match="format"):
        visit_from_form({"format": "dinner"}, day, ["x"], "en")
    with pytest.raises(BadInputError, match="purpose"):
        visit_from_form({"purpose": "x" * 301}, day, ["x"], "en")
