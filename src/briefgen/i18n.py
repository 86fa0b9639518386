"""Words and dates in the briefing's language (English or Vietnamese).

Dates go through babel so month names and orders are the language's own
("9 January 2020", "ngày 9 tháng 1 năm 2020"); the few phrases briefgen
itself writes are kept here, one table per language, so a translator edits
one place.  Section headings live in the Word templates, not here.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from briefgen.errors import BadInputError
from briefgen.partialdate import PartialDate, Precision

LANGUAGES = ("en", "vi")

_DATE_PATTERNS = {
    "en": {Precision.DAY: "d MMMM y", Precision.MONTH: "MMMM y", Precision.YEAR: "y"},
    "vi": {Precision.DAY: "'ngày' d 'tháng' M 'năm' y", Precision.MONTH: "'tháng' M 'năm' y", Precision.YEAR: "'năm' y"},
}
_LOCALES = {"en": "en_GB", "vi": "vi"}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BadInputError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day, _DATE_PATTERNS[lang][Precision.DAY], locale=_LOCALES[lang])


def format_partial(date: PartialDate | None, lang: str) -> str:
    """A date at the precision it is known: "9 January 2020", "January 2020", "2020"."""
    if date is None:
        return WORDS[lang]["unknown_date"]
    return format_date(date.earliest(), _DATE_PATTERNS[lang][date.precision], locale=_LOCALES[lang])


WORDS: dict[str, dict[str, str]] = {
    "en": {
        "unknown_date": "date not stated",
        "online": "online",
        "present": "present",
        "unknown": "not stated",
        "attended": "attended",
        "with_org": "with their organisation",
        "year_inferred": "year inferred",
        "date_inferred": "{parts} inferred",
        "machine_translation": "machine translation: confirm",
        "family_first": "family name first",
        "given_first": "given name first",
        "name_order": "{order}: family name {family}{given}",
        "given_name_part": ", given name {given}",
        "address_as": "{title} {name}",
        "months": "{n} months",
        "no_end": "no end date stated",
        "period": "{start} to {end}",
        "period_open": "from {start}",
        "expired_point": "{kind} {period} lapsed ({end}): renewal?",
        "expiring_point": "{kind} {period} expires ({end}): renewal?",
        "end_of": "end of {date}",
        "stale_commitments_point": "{field}: {items} open for more than 12 months (oldest made {oldest}): ask for progress",
        "items_1": "1 item",
        "items_n": "{n} items",
        "brief_title": "Briefing: {name}, visit of {date}",
        "invitation_point": "Invitation of {made} has no recorded answer: {text}",
        "stale_post": "Latest known post of {name} ({post}) comes from a source dated {date}, more than 12 months before "
                      "the visit: verify current post.",
        "unknown_post_date": "Latest known post of {name} ({post}) comes from a source with no date: verify current post.",
        "no_post": "No post is recorded for {name}.",
        "expired_warning": "{title} expired ({end}).",
        "inferred_warning": "{title}: {what} (dated {date}).",
        "mt_warning": "{title} is known only from a machine translation: confirm names and facts.",
        "freshness": "The dataset holds nothing after {date}: later events may be missing.",
        "freshness_none": "No dated source covers this counterpart: later events may be missing.",
        "succeeded_warning": "{org} was {how} into {new} on {date}.",
        "last_meeting": "{date}: {title}",
        "none": "none",
        "both_sides": "both sides",
    },
    "vi": {
        "unknown_date": "không rõ ngày",
        "online": "trực tuyến",
        "present": "nay",
        "unknown": "không nêu",
        "attended": "trực tiếp dự",
        "with_org": "với cơ quan của đối tác",
        "year_inferred": "năm được suy ra",
        "date_inferred": "suy ra: {parts}",
        "machine_translation": "bản dịch máy: cần xác minh",
        "family_first": "họ trước tên",
        "given_first": "tên trước họ",
        "name_order": "{order}: họ {family}{given}",
        "given_name_part": ", tên {given}",
        "address_as": "{title} {name}",
        "months": "{n} tháng",
        "no_end": "không nêu thời hạn",
        "period": "{start} đến {end}",
        "period_open": "từ {start}",
        "expired_point": "{kind} {period} đã hết hiệu lực ({end}): gia hạn?",
        "expiring_point": "{kind} {period} sắp hết hiệu lực ({end}): gia hạn?",
        "end_of": "cuối {date}",
        "stale_commitments_point": "{field}: {items} chưa thực hiện quá 12 tháng (sớm nhất {oldest}): đề nghị cập nhật tiến độ",
        "items_1": "1 nội dung",
        "items_n": "{n} nội dung",
        "brief_title": "Tài liệu phục vụ cuộc gặp {name}, {date}",
        "invitation_point": "Lời mời {made} chưa có phản hồi được ghi nhận: {text}",
        "stale_post": "Chức vụ gần nhất đã biết của {name} ({post}) lấy từ nguồn {date}, hơn 12 tháng trước chuyến thăm: "
                      "cần xác minh chức vụ hiện tại.",
        "unknown_post_date": "Chức vụ gần nhất đã biết của {name} ({post}) lấy từ nguồn không rõ ngày: cần xác minh.",
        "no_post": "Chưa ghi nhận chức vụ nào của {name}.",
        "expired_warning": "{title} đã hết hiệu lực ({end}).",
        "inferred_warning": "{title}: {what} (ghi {date}).",
        "mt_warning": "{title} chỉ có nguồn là bản dịch máy: cần xác minh tên và nội dung.",
        "freshness": "Dữ liệu không có thông tin nào sau {date}: có thể thiếu các sự kiện gần đây.",
        "freshness_none": "Không có nguồn có ngày nào về đối tác này: có thể thiếu các sự kiện gần đây.",
        "succeeded_warning": "{org} đã {how} vào {new} từ {date}.",
        "last_meeting": "{date}: {title}",
        "none": "không có",
        "both_sides": "hai bên",
    },
}

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "meeting_kind": {"courtesy_call": "courtesy call", "bilateral_talks": "bilateral talks",
                         "working_group": "working-group meeting", "signing": "signing",
                         "delegation_visit": "delegation visit", "conference": "conference"},
        "agreement_kind": {"moc": "MoC", "mou": "MoU", "agreement": "agreement", "contract": "contract",
                           "convention": "convention", "agreement_in_principle": "agreement in principle"},
        "agreement_status": {"in_force": "in force", "expiring": "expiring", "expired": "expired",
                             "no_end_stated": "no end date stated", "not_yet": "not yet in force"},
        "commitment_kind": {"undertaking": "undertaking", "joint": "agreed by both", "request": "request",
                            "invitation": "invitation"},
        "status": {"open": "open", "in_progress": "in progress", "done": "done", "dropped": "dropped"},
        "reliability": {"official": "official release", "press": "press", "machine_translation": "machine translation",
                        "reference": "reference"},
        "precision": {"day": "day", "month": "month", "year": "year"},
        "how": {"renamed": "renamed", "merged": "merged", "split": "split"},
        "alias_kind": {"transliteration": "transliteration", "no_diacritics": "without diacritics",
                       "other_order": "other name order", "misspelling": "misspelling",
                       "machine_translation": "machine-translation artefact", "native_script": "native script",
                       "acronym": "acronym", "former_name": "former name",
                       "translation_variant": "translation variant"},
        "title": {},
    },
    "vi": {
        "meeting_kind": {"courtesy_call": "tiếp xã giao", "bilateral_talks": "hội đàm song phương",
                         "working_group": "họp nhóm công tác", "signing": "lễ ký kết",
                         "delegation_visit": "tiếp đoàn", "conference": "hội nghị"},
        "agreement_kind": {"moc": "Bản ghi nhớ hợp tác (MoC)", "mou": "Bản ghi nhớ (MoU)", "agreement": "thỏa thuận",
                           "contract": "hợp đồng", "convention": "hiệp định",
                           "agreement_in_principle": "thỏa thuận nguyên tắc"},
        "agreement_status": {"in_force": "còn hiệu lực", "expiring": "sắp hết hiệu lực", "expired": "hết hiệu lực",
                             "no_end_stated": "không nêu thời hạn", "not_yet": "chưa có hiệu lực"},
        "commitment_kind": {"undertaking": "cam kết", "joint": "hai bên thống nhất", "request": "đề nghị",
                            "invitation": "lời mời"},
        "status": {"open": "chưa thực hiện", "in_progress": "đang thực hiện", "done": "đã hoàn thành",
                   "dropped": "đã hủy"},
        "reliability": {"official": "thông cáo chính thức", "press": "báo chí", "machine_translation": "bản dịch máy",
                        "reference": "tài liệu tham khảo"},
        "precision": {"day": "ngày", "month": "tháng", "year": "năm"},
        "how": {"renamed": "đổi tên", "merged": "sáp nhập", "split": "tách"},
        "alias_kind": {"transliteration": "phiên âm", "no_diacritics": "không dấu", "other_order": "đảo thứ tự tên",
                       "misspelling": "viết sai", "machine_translation": "lỗi dịch máy", "native_script": "chữ gốc",
                       "acronym": "viết tắt", "former_name": "tên cũ", "translation_variant": "cách dịch khác"},
        "title": {"Minister": "Bộ trưởng", "Deputy Minister": "Thứ trưởng", "Prime Minister": "Thủ tướng",
                  "Director-General": "Vụ trưởng", "Director": "Giám đốc"},
    },
}

COUNTRIES = {
    "en": {"VN": "Viet Nam", "JP": "Japan"},
    "vi": {"VN": "Việt Nam", "JP": "Nhật Bản"},
}


def label(lang: str, group: str, key: str) -> str:
    """The label of an enum value; the value itself when no label is known."""
    return LABELS[lang][group].get(str(key), str(key).replace("_", " "))


def country_name(lang: str, code: str) -> str:
    return COUNTRIES[lang].get(code, code)


def words(lang: str, key: str, **values: object) -> str:
    return WORDS[lang][key].format(**values)
