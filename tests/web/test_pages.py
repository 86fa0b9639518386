"""What an officer and a curator do on the page, over HTTP: every answer comes from the library's own jobs."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import shutil
import zipfile

import docx
import openpyxl
import pytest
from tests.test_refresh import OBJECTIVE, officer_edits, section_text
from tests.web.conftest import csrf_of, make_client

from briefgen.briefing import build_brief
from briefgen.cli.people import _post as who_post
from briefgen.delegation import visit_from_form
from briefgen.judgments import latest_post
from briefgen.web.messages import UI
from briefgen.wording import Wording

VISIT = "2026-11-23"


def test_every_interface_phrase_exists_in_both_languages():
    assert set(UI["en"]) == set(UI["vi"])
    same = [k for k in UI["en"] if UI["en"][k] == UI["vi"][k] and k not in ("app_title", "lang_en", "lang_vi")]
    assert same == []


def test_search_without_script_finds_one_person_with_the_post(client):
    html = client.get("/", params={"q": "Sanae Takaichi"}).text
    assert "This name means one person" in html
    assert 'href="/person/takaichi-sanae"' in html
    assert "Minister for Internal Affairs and Communications" in html


def test_posts_are_shown_in_the_interface_s_language(client):
    vi = client.get("/api/search", params={"q": "Sanae Takaichi", "ui": "vi"}).json()["people"][0]["post"]
    en = client.get("/api/search", params={"q": "Sanae Takaichi", "ui": "en"}).json()["people"][0]["post"]
    assert vi.startswith("Bộ trưởng Bộ Nội vụ và Truyền thông")
    assert en.startswith("Minister for Internal Affairs and Communications")


def test_a_person_s_post_reads_as_who_and_the_brief_word_it(client, dataset):
    """Issue 25: one wording of a post. The search shows each person's post line (with what to verify) as
    `briefgen who` prints it and the brief's front words it, in the interface's language."""
    today = dt.date.today()
    for person in dataset.people.values():
        status = latest_post(dataset, person, today)
        for lang in ("en", "vi"):
            hits = client.get("/api/search", params={"q": person.id, "ui": lang}).json()["people"]
            line, flag = Wording(dataset, lang).post_line(status, today) if status else ("", "")
            expected = f"{line} ({flag})" if flag else line
            assert [h["post"] for h in hits if h["person_id"] == person.id] == [expected], (person.id, lang)
            if lang == "en":
                assert expected == who_post(dataset, person, today)


def test_an_ambiguous_name_shows_every_candidate_and_chooses_none(client, dataset):
    data = client.get("/api/search", params={"q": "Nguyen"}).json()
    assert data["kind"] == "ambiguous"
    ids = [p["person_id"] for p in data["people"]]
    assert len(ids) >= 2 and "nguyen-manh-hung" in ids
    assert all(p["post"] for p in data["people"])  # each with the post that tells them apart
    html = client.get("/", params={"q": "Nguyen"}).text
    assert "None is chosen" in html and html.count('href="/person/') >= 2


def test_an_unfinished_name_lists_who_contains_it_and_nonsense_finds_nobody(client):
    data = client.get("/api/search", params={"q": "Takai"}).json()
    assert data["kind"] == "containing" and "takaichi-sanae" in [p["person_id"] for p in data["people"]]
    assert client.get("/api/search", params={"q": "Zzqxw Vvvv"}).json()["kind"] in ("nobody", "near")
    assert client.get("/api/search", params={"q": "T"}).json()["kind"] == ""


def test_the_preview_is_the_brief_s_own_front_section(client, dataset):
    html = client.get("/person/takaichi-sanae", params={"date": VISIT, "lang": "vi"}).text
    brief = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2026, 11, 23), lang="vi", today=dt.date.today())
    assert brief.counterpart.form_of_address in html
    assert brief.title in html
    assert brief.visit_line in html and all(line.text in html for line in brief.background)
    for notice in brief.front_verify:  # the points the Word front lists: those not already flagged above them
        assert notice.message.replace("'", "&#39;").replace('"', "&#34;") in html
    assert "Thông tin đối tác hiện nay" in html  # the preview's headings in the documents' language
    assert "The counterpart now" not in html


def test_downloads_open_with_their_readers(client):
    query = {"date": VISIT, "lang": "en"}
    answer = client.get("/person/takaichi-sanae/download/docx", params=query)
    assert answer.status_code == 200
    assert "2026-11-23_TAKAICHI-Sanae_brief-en.docx" in answer.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert "TAKAICHI Sanae" in text and "The counterpart now" in text
    answer = client.get("/person/takaichi-sanae/download/xlsx", params=query)
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    cells = [str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("TAKAICHI" in c for c in cells)
    answer = client.get("/person/takaichi-sanae/download/eml", params={**query, "to": "desk@example.org"})
    message = email.message_from_bytes(answer.content, policy=email.policy.default)
    assert message["To"] == "desk@example.org"
    assert {part.get_filename() for part in message.iter_attachments()} >= {"2026-11-23_TAKAICHI-Sanae_brief-en.docx"}
    assert client.get("/person/takaichi-sanae/download/eml", params=query).status_code == 400  # no address
    answer = client.get("/person/takaichi-sanae/download/both", params=query)
    assert "2026-11-23_TAKAICHI-Sanae_en.zip" in answer.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert sorted(names) == ["2026-11-23_TAKAICHI-Sanae_brief-en.docx", "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_pdf_download_is_a_pdf(client):
    answer = client.get("/person/takaichi-sanae/download/pdf", params={"date": VISIT, "lang": "en"})
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_no_download_leaves_a_file_behind(client, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    client.get("/person/takaichi-sanae/download/docx", params={"date": VISIT, "lang": "en"})
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_edited_brief_uploaded_comes_back_refreshed_with_what_changed(client, tmp_path):
    brief = tmp_path / "brief.docx"
    brief.write_bytes(client.get("/person/takaichi-sanae/download/docx", params={"date": VISIT, "lang": "en"}).content)
    officer_edits(brief)
    token = csrf_of(client.get("/refresh").text)
    page = client.post("/refresh", data={"csrf": token}, files={"brief": ("my brief.docx", brief.read_bytes())})
    assert page.status_code == 200, page.text
    assert "Refreshed brief for TAKAICHI Sanae" in page.text
    assert "objectives" in page.text  # carried over
    key = page.text.split('href="/result/')[1].split('"')[0]
    refreshed = client.get(f"/result/{key}")
    assert refreshed.status_code == 200
    (tmp_path / "refreshed.docx").write_bytes(refreshed.content)
    assert OBJECTIVE in section_text(tmp_path / "refreshed.docx", "objectives")


DETAILS = {
    "principal": "Bộ trưởng Nguyễn Mạnh Hùng",
    "members": "Thứ trưởng Phan Tâm; Vụ trưởng Vụ Hợp tác quốc tế",
    "format": "bilateral_talks",
    "city": "Hà Nội",
    "country": "VN",
    "purpose": "Rà soát Bản ghi nhớ năm 2020",
}


def test_the_visit_s_details_open_the_preview_and_the_documents_as_a_visit_file_would(client, dataset):
    """The page asks what a visit file says; the brief it previews and the one it downloads open with the
    same visit line as `briefgen visit --visit` gives for that visit."""
    query = {"date": VISIT, "lang": "vi", **DETAILS}
    html = client.get("/person/takaichi-sanae", params=query).text
    visit = visit_from_form(DETAILS, dt.date(2026, 11, 23), ["takaichi-sanae"], "vi")
    assert visit is not None and visit.our_side is not None and len(visit.our_side.members) == 2
    brief = build_brief(dataset, "takaichi-sanae", visit_date=dt.date(2026, 11, 23), lang="vi", visit=visit)
    assert brief.visit_line.startswith("Ngày 23 tháng 11 năm 2026, tại Hà Nội, Bộ trưởng Nguyễn Mạnh Hùng tiếp")
    assert brief.visit_line in html and "Rà soát Bản ghi nhớ năm 2020" in html
    assert 'value="bilateral_talks" selected' in html  # the fields keep what was typed
    assert "purpose=R%C3%A0+so%C3%A1t" in html  # and the download links carry it
    answer = client.get("/person/takaichi-sanae/download/docx", params=query)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert brief.visit_line in text and "Vụ trưởng Vụ Hợp tác quốc tế" in text
    plain = client.get("/person/takaichi-sanae", params={"date": VISIT, "lang": "vi"}).text
    assert "Bộ trưởng Nguyễn Mạnh Hùng" not in plain  # no details: the counterpart and the date only


def test_a_visit_detail_the_model_refuses_is_a_clear_error(client):
    for bad in ({"format": "dinner"}, {"country": "Japan"}, {"purpose": "x" * 301}):
        answer = client.get("/person/takaichi-sanae", params={"date": VISIT, "lang": "en", **bad})
        assert answer.status_code == 400, bad
        assert next(iter(bad)) in answer.text


def test_a_delegation_comes_as_one_archive_with_the_names_that_failed(client):
    token = csrf_of(client.get("/delegation").text)
    page = client.post(
        "/delegation",
        data={"names": "Takaichi Sanae\nNguyen\n", "date": VISIT, "lang": "vi", "csrf": token, **DETAILS},
    )
    assert page.status_code == 200
    assert "1 of 2" in page.text or "1 trên 2" in page.text
    # sent in pieces: each name's outcome, then the archive's link
    assert page.text.index("(takaichi-sanae)") < page.text.index("Nguyen —") < page.text.index('href="/result/')
    key = page.text.split('href="/result/')[1].split('"')[0]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/result/{key}").content))
    names = archive.namelist()
    assert "2026-11-23_TAKAICHI-Sanae_brief-vi.docx" in names and "README.txt" in names
    assert "Nguyen: " in archive.read("README.txt").decode()
    brief = docx.Document(io.BytesIO(archive.read("2026-11-23_TAKAICHI-Sanae_brief-vi.docx")))
    assert any("tại Hà Nội, Bộ trưởng Nguyễn Mạnh Hùng tiếp" in p.text for p in brief.paragraphs)


def test_the_interface_language_is_the_user_s_choice(client):
    html = client.get("/", params={"ui": "vi"}).text
    assert "Việt Nam – Nhật Bản" in html and "Japan cooperation" not in html  # the dataset's scope, translated
    assert 'lang="vi"' in html and "Tìm đối tác" in html
    assert "Find a counterpart" not in html
    assert "Tìm đối tác" in client.get("/").text  # kept in a cookie
    assert "Find a counterpart" in client.get("/", params={"ui": "en"}).text


def test_the_curator_view_follows_the_files_on_disk(data_copy):
    client = make_client(data_copy)
    html = client.get("/curator").text
    assert "No error" in html
    assert "<title>Dataset state · briefgen</title>" in html  # the title alone, not the page's form with it
    assert html.count('id="ingest"') == 1
    meetings = data_copy / "meetings.yaml"
    original = meetings.read_text(encoding="utf-8")
    meetings.write_text(original.replace("kind: working_group", "kind: picnic", 1), encoding="utf-8")
    html = client.get("/curator").text
    assert "Errors (" in html and "meetings.yaml:" in html and "picnic" in html
    assert "dataset has errors" in client.get("/", params={"q": "Takaichi"}).text  # nothing stale served
    meetings.write_text(original, encoding="utf-8")
    assert "No error" in client.get("/curator").text
    assert "Warnings" in html


def test_a_pasted_article_becomes_a_draft_in_drafts_only(data_copy):
    pytest.importorskip("lingua", reason="the ingest libraries are not installed")
    client = make_client(data_copy)
    before = {p: p.read_bytes() for p in data_copy.rglob("*.yaml")}
    token = csrf_of(client.get("/curator").text)
    article = (data_copy.parent.parent / "seeds" / "000_43bc5bf8eb7e91f7.txt").read_text(encoding="utf-8")
    page = client.post("/curator/ingest", data={"csrf": token, "article": article})
    assert page.status_code == 200, page.text
    drafts = list((data_copy / "drafts").glob("*.yaml"))
    assert len(drafts) == 1 and "draft: true" in drafts[0].read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in data_copy.rglob("*.yaml") if "drafts" not in p.parts} == before
    assert "drafts/" in page.text
    assert client.post("/curator/ingest", data={"article": article}).status_code == 403  # no token


def test_with_the_bundled_dataset_a_draft_is_only_shown(client):
    pytest.importorskip("lingua", reason="the ingest libraries are not installed")
    token = csrf_of(client.get("/curator").text)
    page = client.post("/curator/ingest", data={"csrf": token, "article": "Minister Takaichi met Minister Hung."})
    assert page.status_code in (200, 400)
    assert "Written to" not in page.text


def test_a_request_that_crashes_fails_alone(client, monkeypatch):
    from briefgen.web import jobs

    def crash(*args, **kwargs):
        raise RuntimeError("a bug in the briefing")

    monkeypatch.setattr(jobs, "download", crash)
    answer = client.get("/person/takaichi-sanae/download/docx", params={"date": VISIT})
    assert answer.status_code == 500
    assert "a bug in the briefing" in answer.text and "Traceback" not in answer.text
    assert answer.headers["content-security-policy"]
    assert client.get("/", params={"q": "Takaichi"}).status_code == 200  # the server goes on


def test_a_dataset_that_loses_its_manifest_is_reported_not_served(data_copy):
    client = make_client(data_copy)
    assert client.get("/", params={"q": "Takaichi"}).status_code == 200
    (data_copy / "manifest.yaml").unlink()
    html = client.get("/curator").text
    assert "manifest" in html and "No error" not in html
    assert client.get("/person/takaichi-sanae").status_code == 400
