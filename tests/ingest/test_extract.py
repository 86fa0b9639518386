"""Text → findings, one rule at a time, on short articles written for the purpose."""

from __future__ import annotations

import pytest

from briefgen.errors import BadInputError
from briefgen.ingest.extract import extract
from briefgen.ingest.text import decode_article, sentences

from .helpers import TODAY


def run(dataset, text: str):
    return extract(dataset, text, today=TODAY)


# --- input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\xff\xfeN\x00o\x00", "not UTF-8"),
        (b"   \n\n ", "empty"),
        (b"x" * 1_000_001, "at most 1 MB"),
        (b"abc\x00def", "NUL"),
    ],
)
def test_unusable_articles_are_refused(raw, message):
    with pytest.raises(BadInputError, match=message):
        decode_article(raw)


def test_sentences_keep_abbreviations_and_line_numbers():
    found = sentences("Title\n\nMr. WATANABE met M. Hùng. Then they left.\n")
    assert [(s.line, s.text) for s in found] == [(1, "Title"), (3, "Mr. WATANABE met M. Hùng."), (3, "Then they left.")]


# --- language and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Minister meets delegation\n\nThe two ministers agreed to continue cooperation in 5G.", "en"),
        ("Bộ trưởng tiếp đoàn\n\nHai bên nhất trí tiếp tục hợp tác trong lĩnh vực bưu chính.", "vi"),
        ("Le ministre reçoit\n\nLes deux parties ont convenu de renforcer la coopération.", "fr"),
    ],
)
def test_language_is_detected(dataset, text, lang):
    assert run(dataset, text).source.language == lang


def test_english_date_with_year_is_read_as_written(dataset):
    found = run(dataset, "Talks\n\nJanuary 10, 2020\n\nOn January 9, 2020, the ministers met in Hanoi.")
    assert str(found.source.published) == "2020-01-10"
    assert (str(found.meeting_date.date), found.meeting_date.inferred) == ("2020-01-09", [])


def test_a_missing_year_comes_from_the_publication_date_and_is_marked_inferred(dataset):
    found = run(dataset, "Talks\n\nMay 3, 2018 | 09:59 am GMT+7\n\nOn May 2, in Hanoi, the ministers met.")
    date = found.meeting_date
    assert (str(date.date), date.inferred) == ("2018-05-02", ["year"])
    assert "2018-05-03" in date.reason and not date.checks


def test_a_year_is_taken_before_the_publication_date_even_across_new_year(dataset):
    found = run(dataset, "Talks\n\nJanuary 3, 2021\n\nOn December 30, the ministers met in Tokyo.")
    assert str(found.meeting_date.date) == "2020-12-30"


def test_vietnamese_date_after_chieu(dataset):
    found = run(
        dataset,
        "Hội đàm\n\nBộ Nội vụ và Truyền thông Nhật Bản cho biết vào chiều ngày 29 tháng 3 rằng hai bên đã hội đàm.",
    )
    date = found.meeting_date
    assert (date.date.month, date.date.day, date.inferred) == (3, 29, ["year"])
    assert date.checks == ["CHECK: the year of the meeting is a placeholder"]  # no publication date


def test_french_weekday_confirms_the_inferred_year(dataset):
    found = run(dataset, " date 2020-01 Hanoi (VNA) – Le Premier ministre a accueilli jeudi 9 janvier la ministre.")
    assert str(found.source.published) == "2020-01"
    assert str(found.meeting_date.date) == "2020-01-09"
    assert "Thursday" in found.meeting_date.reason and "jeudi" in found.meeting_date.reason


def test_a_weekday_that_contradicts_the_date_is_flagged(dataset):
    found = run(dataset, "Talks\n\nOn Monday, January 9, 2020, the ministers met.")
    assert any("Monday" in c and "Thursday" in c for c in found.meeting_date.checks)


# --- people ---------------------------------------------------------------------------------


def test_known_people_through_aliases_transliterations_and_titles(dataset):
    text = (
        "Hội đàm\n\nÔng Zhang Mingjun đang đàm phán với Niigata. Ms. Takaichi Sanae met "
        "Le Premier ministre Nguyên Xuân Phuc. Minister Hùng spoke."
    )
    found = run(dataset, text)
    assert set(found.person_ids()) == {"truong-minh-tuan", "takaichi-sanae", "nguyen-xuan-phuc", "nguyen-manh-hung"}


def test_a_lone_name_part_needs_a_title(dataset):
    found = run(dataset, "Talks\n\nLong discussions took place. Later Minister Hùng spoke.")
    assert found.person_ids() == ["nguyen-manh-hung"]


def test_an_ambiguous_name_is_flagged_not_guessed(dataset):
    found = run(dataset, "Talks\n\nOn May 2, 2018, Minister Nguyen met the delegation.")
    assert found.person_ids() == []
    assert any("nguyen-manh-hung" in text and "nguyen-xuan-phuc" in text for text, _ in found.flags)


def test_an_unknown_name_with_a_title_becomes_a_new_person(dataset):
    found = run(
        dataset,
        "Talks\n\nOn May 2, 2018, Deputy Minister Kenji Tanaka of the Ministry of Internal "
        "Affairs and Communications met Mr. Trieu Minh Long.",
    )
    new = [p.new for p in found.people if p.new]
    assert [(n.given, n.family, n.order) for n in new] == [("Kenji", "Tanaka", "given_first")]
    assert new[0].title == "Deputy Minister"
    assert found.person_ids() == ["trieu-minh-long"]


# --- organizations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The MIC of Japan hosted the talks.", "mic-jp"),
        ("The Ministry of Internal Affairs and Communications (MIC) hosted the talks. MIC said so.", "mic-jp"),
        ("MIC is committed to the development of cooperation with Japan.", "mic-vn"),
        ("The signing between MIC and the Ministry of Home Affairs and Communications of Japan.", "mic-vn"),
    ],
)
def test_the_mic_acronym_is_resolved_from_context(dataset, sentence, expected):
    found = run(dataset, "Talks\n\n" + sentence)
    assert expected in [o.org_id for o in found.orgs if o.how == "acronym"]


def test_an_unresolvable_acronym_is_flagged(dataset):
    found = run(dataset, "Talks\n\nMIC hosted the talks.")
    assert not [o for o in found.orgs if o.how == "acronym"]
    assert any('"MIC" may mean' in text for text, _ in found.flags)


def test_a_loose_rendering_of_an_organization_is_matched_fuzzily(dataset):
    found = run(
        dataset, "Talks\n\nLa ministre japonaise de l'Intérieur, de l'Information et de la Communication est venue."
    )
    assert [(o.org_id, o.how) for o in found.orgs] == [("mic-jp", "fuzzy")]


# --- fields, agreements, commitments --------------------------------------------------------


def test_fields_through_multilingual_synonyms_but_not_inside_an_organization_name(dataset):
    found = run(
        dataset,
        "Talks\n\nThe Ministry of Information and Communications discussed an ninh mạng, villes intelligentes and 5G.",
    )
    assert found.field_ids() == ["information-security", "smart-city", "5g"]


def test_an_agreement_with_kind_period_and_merged_mentions(dataset):
    text = (
        "Signing ceremony of Memorandum of Cooperation between MIC and the Ministry of Home Affairs and "
        "Communications of Japan\n\nJanuary 10, 2020\n\nOn January 9, 2020, the two Ministers signed a "
        "Memorandum of Understanding on cooperation. The Memorandum of Cooperation was made in the period "
        "from 2020 to 2023."
    )
    [agreement] = run(dataset, text).agreements
    assert (agreement.kind, agreement.parties) == ("moc", ["mic-vn", "mic-jp"])
    assert (str(agreement.valid_from), str(agreement.valid_until)) == ("2020", "2023")
    assert any("mou" in c for c in agreement.checks)


def test_a_witnessed_agreement_in_principle_in_vietnamese(dataset):
    text = (
        "Hội đàm\n\nHai Bộ trưởng đã chứng kiến Sumitomo Mitsui Banking Corporation và Tập đoàn Hitachi "
        "thỏa thuận về nguyên tắc."
    )
    [agreement] = run(dataset, text).agreements
    assert (agreement.kind, agreement.parties, agreement.signatories) == (
        "agreement_in_principle",
        ["smbc", "hitachi"],
        [],
    )


@pytest.mark.parametrize(
    "sentence, kind, owed, field_id",
    [
        ("They agreed to conduct a survey of local 5G.", "joint", ["VN", "JP"], "5g"),
        ("Japan will share experience in smart city projects.", "undertaking", ["JP"], "smart-city"),
        ("MIC is committed to cooperation in postal services with Japan.", "undertaking", ["VN"], "postal"),
        ("Hai bên nhất trí tăng cường hợp tác về an ninh mạng.", "joint", ["VN", "JP"], "information-security"),
        ("Nhật Bản sẽ hỗ trợ Việt Nam về chuyển đổi số.", "undertaking", ["JP"], "digital-transformation"),
        (
            "Le chef du gouvernement a demandé au Japon d'aider à la gouvernance électronique.",
            "request",
            ["JP"],
            "e-government",
        ),
        ("Le Japon fournira des équipements pour la télévision.", "undertaking", ["JP"], "broadcasting"),
        ("Vietnam invited Minister Takaichi Sanae to the ITU forum on 5G.", "invitation", ["JP"], "5g"),
    ],
)
def test_commitments_by_cue_with_side_and_field(dataset, sentence, kind, owed, field_id):
    [commitment] = run(dataset, "Talks\n\n" + sentence).commitments
    assert (commitment.kind, commitment.owed_by, commitment.field_id) == (kind, owed, field_id)


def test_agreed_to_a_and_to_b_is_two_commitments(dataset):
    found = run(
        dataset, "Talks\n\nThey agreed to conduct a survey of local 5G and to continue cooperation in the postal field."
    )
    assert [(c.text, c.field_id) for c in found.commitments] == [
        ("Conduct a survey of local 5G", "5g"),
        ("Continue cooperation in the postal field", "postal"),
    ]


def test_place_online_city_or_visit(dataset):
    assert run(dataset, "Talks\n\nThe meeting was held online.").place.online
    assert run(dataset, "Talks\n\nOn May 2, in Hanoi, they met.").place.city == "Hanoi"
    place = run(dataset, "Hội đàm\n\nTrong chuyến thăm Nhật Bản, hai bên hội đàm.").place
    assert (place.city, place.country) == (None, "JP")
