"""Issue 12 on a dataset that spans ten years (tests/data/good/ten-years, see its EXPECTED.md).

Briefs and matrices are generated for several of its people as of 15 September 2026, opened
with python-docx and openpyxl, and read as a desk officer would: renewals, the merged ministry,
the bureau's meetings, successors and former ministers, the last meetings, staleness,
freshness, the matrix's scope and the suggested points.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from briefgen import judgments as J
from briefgen.dataset import load_dataset
from briefgen.errors import DatasetError
from briefgen.render.docx import DocxRenderer
from briefgen.render.xlsx import XlsxRenderer
from briefgen.visit import build_views, email_body

ROOT = Path(__file__).parent / "data" / "good" / "ten-years"
VISIT = dt.date(2026, 9, 15)
PEOPLE = ["nakamura-yui", "ishikawa-daisuke", "aoki-haruto", "mori-keiko", "kimura-shota", "tran-thi-mai"]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(ROOT, today=VISIT)


class Opened:
    """One person's documents, generated and opened again."""

    def __init__(self, ds, person_id: str, lang: str):
        self.views = build_views(ds, person_id, visit_date=VISIT, lang=lang, today=VISIT)
        document = docx.Document(io.BytesIO(DocxRenderer().render(self.views)))
        paragraphs = [
            docx.text.paragraph.Paragraph(p, document._body)  # incl. the officer sections' controls
            for p in document.element.body.xpath("./w:p | ./w:sdt/w:sdtContent/w:p")
        ]
        self.paragraphs = [p.text for p in paragraphs]
        self.tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
        annex = next(i for i, p in enumerate(paragraphs) if p.style.name == "Annexes")
        self.front = "\n".join(self.paragraphs[:annex])
        self.text = "\n".join(self.paragraphs + [c for t in self.tables for row in t for c in row])
        self.workbook = load_workbook(io.BytesIO(XlsxRenderer().render(self.views)))

    def line(self, label: str) -> str:
        return next(p for p in self.paragraphs if p.startswith(label + ":"))

    def background(self, marked: str) -> str:
        """The front's background line that says `marked` (e.g. "(last meeting with the counterpart)")."""
        return next(p for p in self.paragraphs if marked in p and p[:1].isdigit())

    def suggestions(self) -> list[str]:
        start = self.paragraphs.index(next(p for p in self.paragraphs if p.startswith("Suggested by the record")))
        end = self.paragraphs.index("Background")
        return self.paragraphs[start + 1 : end]

    def table_with(self, header: str) -> list[list[str]]:
        return next(t for t in self.tables if t[0][0] == header)

    def activity_ids(self) -> set[str]:
        sheet = self.workbook.worksheets[1]
        header = [c.value for c in sheet[4]]
        column = header.index("Record")
        return {row[column] for row in sheet.iter_rows(min_row=5, values_only=True) if row[column]}


@pytest.fixture(scope="module")
def briefs(ds):
    return {pid: Opened(ds, pid, "en") for pid in PEOPLE}


# -- 1. one place judges ------------------------------------------------------------------


def test_only_the_judgments_module_defines_derived_facts():
    """No other module defines its own post, status, age or lineage judgment."""
    judged = {
        "latest_post",
        "post_status",
        "agreement_status",
        "months_between",
        "add_months",
        "commitment_status",
        "ancestors",
        "lineage",
        "successors",
        "predecessors",
    }
    src = Path(__file__).resolve().parent.parent / "src" / "briefgen"
    for path in src.rglob("*.py"):
        if path.name == "judgments.py":
            continue
        defined = {n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)}
        assert not defined & judged, f"{path.name} judges for itself: {defined & judged}"


# -- 2. agreements have a lineage -----------------------------------------------------------


def test_renewed_mocs_say_what_renewed_them_and_count_as_in_force(briefs):
    nakamura = briefs["nakamura-yui"]
    rows = {row[0]: row for row in nakamura.table_with("Signed")[1:]}
    assert "renewed by the MoC of 10 December 2020" in rows["20 November 2017"][3]
    # Its own state first; the successor's state is the successor's row (issue 24, point 2).
    assert rows["10 December 2020"][3] == "expired at the end of 2023; renewed by the MoC of 6 August 2024"
    assert "in force" not in rows["10 December 2020"][3]
    assert "renews the MoC of 20 November 2017" in rows["10 December 2020"][1]
    assert rows["6 August 2024"][3] == "in force, no end date stated"
    assert "renews the MoC of 10 December 2020" in rows["6 August 2024"][1]
    assert rows["8 November 2023"][3] == "expired at the end of 2025; superseded by the work plan of 15 July 2025"
    assert rows["20 January 2026"][3] == "adopted"  # a joint statement is never "in force"
    assert rows["22 April 2025"][3] == "signed"  # nor a letter of intent
    assert (
        "9 signed documents (2 instruments between governments in force, 2 joint statements or letters "
        "of intent)" in nakamura.line("On record")
    )
    assert "0 in force" not in nakamura.text


def test_only_the_lapsed_mou_nothing_renewed_is_offered_for_renewal(briefs):
    for brief in briefs.values():
        renewal = (
            [s for s in brief.suggestions() if "renewal?" in s] if "Suggested by the record" in brief.front else []
        )
        assert all("MoU of 16 October 2019" in s for s in renewal)
    # Live items with recent news come before a lapsed agreement (issue 24, point 5): the minister's nine
    # live items fill her five points; the bureau's two leave room for the MoU.
    assert not any("renewal?" in s for s in briefs["nakamura-yui"].suggestions())
    assert "MoU of 16 October 2019" in briefs["kimura-shota"].suggestions()[-1]


def test_check_warns_of_a_renewal_left_unrecorded(tmp_path):
    for path in ROOT.glob("*.yaml"):
        text = path.read_text()
        if path.name == "agreements.yaml":
            text = re.sub(r"\n\s*renews: a-2020-moc", "", text)
        (tmp_path / path.name).write_text(text)
    dataset = load_dataset(tmp_path, today=VISIT)
    warnings = [w for w in dataset.warnings if "looks like a renewal of 'a-2020-moc'" in w.message]
    assert len(warnings) == 1 and warnings[0].path.endswith("renews")


# -- 3. organisations over time -------------------------------------------------------------


def test_merged_ministry_and_bureau_meetings_belong_to_the_history(briefs, ds):
    nakamura = briefs["nakamura-yui"]
    meetings = nakamura.table_with("Date")[1:]
    assert len(meetings) == 14
    dates = [row[0] for row in meetings]
    for jwg in ("12 June 2018", "16 October 2019", "25 November 2021", "8 November 2023", "15 July 2025"):
        assert jwg in dates  # held by the ministry's bureau
    bureau = next(row for row in meetings if row[0] == "12 June 2018")
    assert "with Global Digital Strategy Bureau" in bureau[2]
    old = next(row for row in meetings if row[0] == "20 November 2017")
    assert (
        "as Ministry of Information and Communications, merged into Ministry of Science and Technology on "
        "18 February 2025" in old[1]
    )
    assert (
        "Ministry of Information and Communications was merged into Ministry of Science and Technology on "
        "18 February 2025." in nakamura.front
    )
    assert "21 May 2019 to 23 May 2019" in dates  # several days, an international organisation among the hosts


# -- 4. people over time --------------------------------------------------------------------


def test_a_minister_whose_successor_is_recorded_is_not_the_sitting_minister(briefs):
    ishikawa = briefs["ishikawa-daisuke"]
    post = ishikawa.line("Post")
    assert "former Minister of Digital Affairs" in post
    assert "probably ended: NAKAMURA Yui holds this post from 11 November 2024; verify" in post
    assert "AOKI" not in post and "MORI" not in post
    assert ishikawa.line("Address as") == "Address as: Mr. Ishikawa"


def test_a_former_minister_is_introduced_as_former_and_addressed_as_a_private_person(briefs, ds):
    mori = briefs["mori-keiko"]
    assert mori.line("Post").startswith(
        "Post: former Minister of Digital Affairs (11 September 2019 to 4 October 2021)"
    )
    assert mori.line("Address as") == "Address as: Ms. Mori"
    assert "Minister Mori" not in mori.front
    vi = Opened(ds, "mori-keiko", "vi")
    assert "nguyên Bộ trưởng Bộ Kỹ thuật số" in vi.front and "Cách xưng hô: Bà Mori" in vi.front
    assert "Bộ trưởng Mori" not in vi.front


def test_a_minister_who_became_head_of_government(briefs):
    aoki = briefs["aoki-haruto"]
    assert aoki.line("Post").startswith("Post: Prime Minister, Government of Japan (since 1 October 2024)")
    assert aoki.line("Address as") == "Address as: Prime Minister Aoki"
    posts = aoki.table_with("Post")[1:]
    assert [row[3] for row in posts] == ["held now (latest record in this post: 29 October 2025)", "ended"]


def test_a_post_in_a_merged_ministry_is_flagged(briefs):
    mai = briefs["tran-thi-mai"]
    assert (
        "probably ended: Ministry of Information and Communications was merged into Ministry of Science and "
        "Technology on 18 February 2025; verify" in mai.line("Post")
    )


# -- 5. last meeting ------------------------------------------------------------------------


def test_last_meeting_is_one_the_counterpart_attended_then_their_organisations(briefs):
    kimura = briefs["kimura-shota"]
    assert kimura.background("(last meeting with the counterpart)").startswith("15 July 2025: ")
    assert kimura.background("(last meeting with their organisation)").startswith("20 January 2026: ")
    aoki = briefs["aoki-haruto"]
    assert aoki.background("(last meeting with the counterpart)").startswith("28 October 2025: ")
    assert "20 January 2026" not in aoki.background("(last meeting with the counterpart)")


# -- 6. staleness ---------------------------------------------------------------------------


def test_staleness_is_stated_not_dramatised(briefs, ds):
    nakamura = briefs["nakamura-yui"]
    assert not re.search(r"open (for )?\d+ months", nakamura.text)
    commitments = [row for t in nakamura.tables if t[0][0] == "Commitment" for row in t[1:]]
    states = {row[0].split("\n")[0]: row[2] for row in commitments}
    assert (
        states["Fund a feasibility study for a national data centre in Viet Nam."]
        == "no update recorded since 20 November 2017"
    )
    assert any(s.startswith("due December 2023: passed, no update recorded") for s in states.values())
    assert any(s.startswith("lapsed: the event (November 2022) has passed") for s in states.values())
    vi = Opened(ds, "nakamura-yui", "vi")
    assert "chưa thực hiện" not in vi.text and "chưa có cập nhật từ" in vi.text


def test_suggestions_draw_only_on_live_items_and_older_ones_are_counted(briefs, ds):
    nakamura = briefs["nakamura-yui"]
    suggestions = nakamura.suggestions()
    assert 1 <= len(suggestions) <= 5
    quiet = [
        str(ds.commitments[c].text)
        for c in (
            "c-2017-datacentre-study",
            "c-2017-spectrum-exchange",
            "c-2022-digital-forum-invitation",
            "c-2021-local5g-pilot",
        )
    ]
    assert not any(q.rstrip(".") in s for q in quiet for s in suggestions)
    assert re.search(r"\d+ older open items? ha(s|ve) had no news in the last 24 months", nakamura.front)
    assert any("AI Week" in s for s in suggestions)  # the live invitation to her


def test_the_live_window_is_an_option(ds):
    from briefgen.briefing import build_brief

    narrow = build_brief(ds, "nakamura-yui", visit_date=VISIT, today=VISIT, live_months=6)
    wide = build_brief(ds, "nakamura-yui", visit_date=VISIT, today=VISIT)
    assert len(narrow.open_items) < len(wide.open_items)
    assert "6 months" in narrow.older_items


# -- 7. freshness ---------------------------------------------------------------------------


def test_freshness_is_never_older_than_a_listed_record(briefs):
    for brief in briefs.values():
        data = next(p for p in brief.paragraphs if p.startswith("Newest record in this brief"))
        assert "Newest record in the dataset: 20 January 2026 (newest source: 10 February 2026)" in data
        assert "October 2025" not in data.split("dataset")[1]


# -- 8. the matrix follows the counterpart --------------------------------------------------


@pytest.mark.parametrize("person_id", PEOPLE)
def test_matrix_counts_exactly_the_briefs_records_and_is_never_empty(briefs, person_id):
    brief = briefs[person_id]
    views = brief.views.brief
    ids = brief.activity_ids()
    assert ids, "the matrix is empty while the brief lists meetings"
    assert ids <= set(views.meeting_ids) | set(views.agreement_ids) | set(views.commitment_ids)
    assert set(views.meeting_ids) <= ids
    matrix = brief.views.matrix
    years_with_activity = {r.year for r in matrix.activities}
    assert matrix.years[0] == min(years_with_activity) and matrix.years[-1] == max(years_with_activity)
    assert matrix.total == len({(r.kind, r.id) for r in matrix.activities})


# -- 9. points fit the counterpart ----------------------------------------------------------


def test_a_director_generals_points_stay_at_the_bureaus_level(briefs):
    kimura = briefs["kimura-shota"]
    suggestions = kimura.suggestions()
    assert suggestions
    assert not any("invit" in s.casefold() for s in suggestions)
    assert not any("AI computing centre" in s for s in suggestions)  # the Prime Minister's


def test_a_prime_ministers_points_are_his_own(briefs):
    aoki = briefs["aoki-haruto"]
    suggestions = aoki.suggestions()
    assert any("AI computing centre" in s for s in suggestions)
    assert not any("spectrum" in s.casefold() or "data centre" in s.casefold() for s in suggestions)


# -- 10. what a ten-year dataset needs, the schema takes ------------------------------------


def test_an_unquoted_comma_in_a_flow_mapping_is_explained(tmp_path):
    (tmp_path / "data.yaml").write_text(
        "manifest: {name: t, scope: t, home: VN, partners: [JP], handling: t, languages: [en, vi], author: t}\n"
        "fields:\n  - id: broadcasting\n    labels: {en: Broadcasting, vi: Phát thanh, truyền hình}\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path, today=VISIT)
    messages = [p.message for p in caught.value.problems]
    assert any("put a text that holds a comma in quotes" in m for m in messages)
    assert not any("unknown key" in m for m in messages)


def test_an_unquoted_comma_in_an_alias_is_explained(tmp_path):
    (tmp_path / "data.yaml").write_text(
        "manifest: {name: t, scope: t, home: VN, partners: [JP], handling: t, languages: [en], author: t}\n"
        "people:\n  - id: p1\n    name: {family: A, order: family_first, address_by: family}\n    country: JP\n"
        "    aliases:\n      - {text: B A, kind: other_order, lang: en, why: Given name first, as in the press}\n"
    )
    with pytest.raises(DatasetError) as caught:
        load_dataset(tmp_path, today=VISIT)
    assert [p.message for p in caught.value.problems if "as in the press" in p.message] == [
        "'as in the press' is read as a key: a comma inside { } ends the text before it; put a text that holds a "
        "comma in quotes"
    ]


def test_judgments_are_pure_and_dated(ds):
    nakamura, ishikawa = ds.people["nakamura-yui"], ds.people["ishikawa-daisuke"]
    before = J.latest_post(ds, ishikawa, dt.date(2024, 10, 1))
    after = J.latest_post(ds, ishikawa, VISIT)
    assert before.state is J.PostState.CURRENT and after.state is J.PostState.PROBABLY_ENDED
    assert after.successor == nakamura.id
    moc = ds.agreements["a-2020-moc"]
    assert J.agreement_status(ds, moc, dt.date(2022, 1, 1)).state is J.AgreementState.IN_FORCE
    assert J.agreement_status(ds, moc, VISIT).state is J.AgreementState.SUPERSEDED
    assert [a.id for a in J.agreement_chain(ds, moc)] == ["a-2017-moc", "a-2020-moc", "a-2024-moc"]
    assert J.add_months(dt.date(9999, 7, 1), 6) == dt.date.max


def test_the_email_states_the_front_facts(ds):
    views = build_views(ds, "ishikawa-daisuke", visit_date=VISIT, lang="en", today=VISIT)
    subject, body = email_body(views)
    assert "probably ended: NAKAMURA Yui holds this post" in body
    assert "Address as: Mr. Ishikawa" in body


# -- issue 24: judgments one can stake a visit on -------------------------------------------


@pytest.fixture(scope="module")
def staked(ds):
    people = ["hayashi-ren", "sato-kenji", "suzuki-aya", "matsumoto-jun", "vo-thanh-tuan", "dang-minh-khoa"]
    return {(pid, lang): Opened(ds, pid, lang) for pid in people for lang in ("en", "vi")}


def test_a_sitting_minister_known_from_dated_meetings_is_not_former(staked, ds):
    """No start, an undated source, a meeting co-chaired in January 2026: held, dated by that meeting; her
    predecessor (from 2014) is the one whose post probably ended."""
    hayashi = staked[("hayashi-ren", "en")]
    assert hayashi.line("Post").startswith(
        "Post: Minister of Telecommunications; latest record in this post: 12 January 2026"
    )
    assert "former" not in hayashi.front and "probably ended" not in hayashi.front
    assert hayashi.line("Address as") == "Address as: Minister Hayashi"
    assert "Bộ trưởng Bộ Viễn thông; thông tin gần nhất về chức vụ này: ngày 12 tháng 1 năm 2026" in (
        staked[("hayashi-ren", "vi")].front
    )
    sato = staked[("sato-kenji", "en")]
    assert (
        "probably ended: HAYASHI Ren is recorded in this post on 12 January 2026; verify (latest record in this "
        "post: 14 March 2017)" in sato.line("Post")
    )
    assert "có thể đã thôi giữ chức: HAYASHI Ren được ghi nhận giữ chức vụ này vào ngày 12 tháng 1 năm 2026" in (
        staked[("sato-kenji", "vi")].front
    )


def test_no_dated_evidence_either_way_is_a_doubt_never_former(staked):
    suzuki = staked[("suzuki-aya", "en")]
    assert suzuki.line("Post").endswith("current post not confirmed: no dated evidence")
    assert "former" not in suzuki.line("Post")
    # The post is in doubt, so the address is hedged (issue 26), still with her title and never bare.
    assert suzuki.line("Address as") == "Address as: State Minister Suzuki, if still in post (otherwise Ms. Suzuki)"
    # The doubt is said once on the front, on the post line: "Points to verify" does not repeat it (issue 26).
    assert suzuki.front.count("current post not confirmed") == 1
    assert "chưa xác nhận chức vụ hiện tại: không có thông tin ghi ngày" in staked[("suzuki-aya", "vi")].front


def test_acting_in_the_post_after_a_successors_start_removes_the_inference(tmp_path):
    """A successor from June 2025 on paper; Hayashi still co-chairs in the post in January 2026."""
    for path in ROOT.glob("*.yaml"):
        text = path.read_text()
        if path.name == "people.yaml":
            text += (
                "  - id: kobayashi-ko\n"
                "    name: {family: Kobayashi, given: Ko, order: family_first, address_by: family}\n"
                "    country: JP\n"
                "    posts:\n"
                "      - {title: {en: Minister of Telecommunications, vi: Bộ trưởng Bộ Viễn thông}, org: mtel-jp,"
                " start: 2025-06-01, sources: [s-mtel-minister-page]}\n"
            )
        (tmp_path / path.name).write_text(text)
    dataset = load_dataset(tmp_path, today=VISIT)
    hayashi = dataset.people["hayashi-ren"]
    status = J.post_status(dataset, hayashi, hayashi.posts[0], VISIT)
    assert status.state is J.PostState.CURRENT and str(status.evidence) == "2026-01-12"
    before = J.post_status(dataset, hayashi, hayashi.posts[0], dt.date(2025, 12, 1))
    assert before.state is J.PostState.UNCONFIRMED and before.successor == "kobayashi-ko"
    assert J.latest_post(dataset, hayashi, dt.date(2025, 12, 1)).held  # a doubt, never former


def test_agreements_are_judged_by_what_they_are(staked):
    hayashi = staked[("hayashi-ren", "en")]
    rows = {row[0]: row for row in hayashi.table_with("Signed")[1:]}
    assert rows["12 January 2026"][3] == "adopted"
    assert "contract" in rows["15 March 2017"][1]
    assert (
        "2 signed documents (0 instruments between governments in force, 1 joint statement or letter of "
        "intent, 1 with a company, counted apart)" in hayashi.line("On record")
    )
    vi = staked[("hayashi-ren", "vi")]
    assert "đã thông qua" in vi.text and "1 văn kiện có doanh nghiệp tham gia, tính riêng" in vi.front


def test_check_warns_where_a_count_depends_on_an_org_kind_not_given(tmp_path):
    for path in ROOT.glob("*.yaml"):
        text = path.read_text()
        if path.name == "organizations.yaml":
            text = text.replace("    kind: company\n", "")
        (tmp_path / path.name).write_text(text)
    dataset = load_dataset(tmp_path, today=VISIT)
    warned = [w for w in dataset.warnings if "a contract, but the kind of" in w.message]
    assert len(warned) == 1 and "'nichiden-jp'" in warned[0].message and warned[0].path.endswith("parties")
    from briefgen.briefing import build_brief

    brief = build_brief(dataset, "hayashi-ren", visit_date=VISIT, today=VISIT)
    assert "1 contract whose parties' kind is not recorded" in brief.counterpart.record


def test_a_dismissed_and_convicted_former_official_of_our_side(staked):
    tuan = staked[("vo-thanh-tuan", "en")]
    post = tuan.line("Post")
    assert post.startswith(
        "Post: Our side (Viet Nam): former Deputy Minister of Information and Communications "
        "(2 May 2012 to 15 July 2019; dismissed)"
    )
    assert "convicted, 20 December 2021: Sentenced to four years in prison" in post
    assert tuan.line("Address as") == "Address as: Mr./Ms. Tuấn (no honorific recorded: confirm)"
    assert "Last meeting with their organisation" not in tuan.front  # he left it
    assert "Suggested by the record" not in tuan.front
    posts = tuan.table_with("Post")[1:]
    assert posts[0][3] == "ended (dismissed)"
    assert any(
        "convicted, 20 December 2021" in p
        for p in tuan.paragraphs[tuan.paragraphs.index("Annex A. Counterpart profile") :]
    )
    vi = staked[("vo-thanh-tuan", "vi")]
    assert "Phía ta (Việt Nam): nguyên Thứ trưởng Bộ Thông tin và Truyền thông" in vi.front
    assert "bị cách chức" in vi.front and "bị kết án, ngày 20 tháng 12 năm 2021" in vi.front
    assert "Cách xưng hô: Ông/Bà Tuấn" in vi.front
    khoa = staked[("dang-minh-khoa", "en")]
    assert khoa.line("Post").startswith("Post: Our side (Viet Nam): Minister of Science and Technology")


def test_a_former_official_without_honorific_is_never_a_bare_name(staked):
    matsumoto = staked[("matsumoto-jun", "en")]
    assert matsumoto.line("Address as") == "Address as: Mr./Ms. Matsumoto (no honorific recorded: confirm)"
    assert matsumoto.line("Post").startswith(
        "Post: former Director-General, Telecommunications Bureau (1 April 2015 to 31 March 2019; term ended)"
    )
    # The ministry's business of 2026 is Minister Hayashi's, not a former director-general's.
    assert "Suggested by the record" not in matsumoto.front
    assert "Da Nang" in staked[("hayashi-ren", "en")].suggestions()[0]
    assert "Last meeting with their organisation" not in matsumoto.front
    assert "Cách xưng hô: Ông/Bà Matsumoto" in staked[("matsumoto-jun", "vi")].front


def test_dates_no_more_precise_than_a_two_day_meeting(staked):
    sato = staked[("sato-kenji", "en")]
    last = sato.background("(last meeting with the counterpart)")
    assert last.startswith("14–15 March 2017: Two days of talks")
    # The front counts every open item of the record (issue 25): one has news (not Sato's own), so the older
    # one is "none since …" rather than "No open item has had news …; … without news since …".
    assert "none since 14–15 March 2017" in sato.front
    rows = [row for t in sato.tables if t[0][0] == "Commitment" for row in t[1:]]
    frequency = next(row for row in rows if row[0].startswith("Exchange experts on 5G"))
    assert "14–15 March 2017" in " ".join(frequency) and "14 March 2017 " not in " ".join(frequency)
    assert "no update recorded since 14–15 March 2017" in frequency[2]
    vi = staked[("sato-kenji", "vi")]
    assert "ngày 14–15 tháng 3 năm 2017" in vi.front


def test_the_renewal_hint_compares_subject(tmp_path):
    """Same kind and parties, signed after the first ran out, but about something else: no hint."""
    for path in ROOT.glob("*.yaml"):
        text = path.read_text()
        if path.name == "agreements.yaml":
            text = re.sub(r"\n\s*renews: a-2020-moc", "", text)
            text = text.replace(
                "    fields: [ict-cooperation, digital-transformation, ai]\n    meeting: m-2024-08-06",
                "    fields: [postal]\n    meeting: m-2024-08-06",
            )
        (tmp_path / path.name).write_text(text)
    dataset = load_dataset(tmp_path, today=VISIT)
    assert not [w for w in dataset.warnings if "looks like a renewal" in w.message]


def test_the_renewal_hint_compares_titles_where_fields_are_not_given(ds):
    from briefgen.checks import _same_subject

    moc = ds.agreements["a-2020-moc"]
    bare = moc.model_copy(update={"fields": []})
    renewal = bare.model_copy(update={"title": "Memorandum of Cooperation on digital cooperation (2024–2026)"})
    postal = bare.model_copy(update={"title": "Memorandum of Cooperation on postal services"})
    bare = bare.model_copy(update={"title": "Memorandum of Cooperation on digital cooperation (2021–2023)"})
    assert _same_subject(bare, renewal) and not _same_subject(bare, postal)


def test_of_two_posts_held_the_one_dated_evidence_confirms_is_the_main_one(ds):
    hayashi = ds.people["hayashi-ren"]
    unconfirmed = hayashi.posts[0].model_copy(
        update={"title": "Adviser to the Cabinet", "short_title": None, "org": None}
    )
    both = hayashi.model_copy(update={"posts": [unconfirmed, hayashi.posts[0]]})
    statuses = J.post_statuses(ds, both, VISIT)
    assert [s.state for s in statuses] == [J.PostState.CURRENT, J.PostState.UNCONFIRMED]
    assert str(J.latest_post(ds, both, VISIT).post.title) == "Minister of Telecommunications"
