"""Words and dates in the briefing's language (English or Vietnamese).

Dates go through babel so month names and orders are the language's own
("9 January 2020", "ngày 9 tháng 1 năm 2020"); every phrase the documents and the e-mail
show a reader is kept here, one table per language, so a translator (and a
native reader reviewing the wording) edits one place: the phrases briefgen
writes (WORDS), the glossary of data kinds and other labels (LABELS), and the
Word templates' headings and labels (TEMPLATE_TEXT, built into templates/ by
scripts/make_templates.py).  Plural forms follow the language's rules (babel).
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date

from briefgen.errors import BadInputError
from briefgen.partialdate import PartialDate, Precision

LANGUAGES = ("en", "vi")

_DATE_PATTERNS = {
    "en": {Precision.DAY: "d MMMM y", Precision.MONTH: "MMMM y", Precision.YEAR: "y"},
    "vi": {
        Precision.DAY: "'ngày' d 'tháng' M 'năm' y",
        Precision.MONTH: "'tháng' M 'năm' y",
        Precision.YEAR: "'năm' y",
    },
}
# In tables, Vietnamese dates are numeric ("29/03/2017"): "ngày 29 tháng 3 năm 2017" broke inside narrow columns.
_TABLE_PATTERNS = {
    "en": _DATE_PATTERNS["en"],
    "vi": {Precision.DAY: "dd/MM/y", Precision.MONTH: "MM/y", Precision.YEAR: "y"},
}
_LOCALES = {"en": Locale.parse("en_GB"), "vi": Locale.parse("vi")}  # parsed once: babel would parse a name per date


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BadInputError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day, _DATE_PATTERNS[lang][Precision.DAY], locale=_LOCALES[lang])


@functools.lru_cache(maxsize=4096)
def format_partial(date: PartialDate | None, lang: str) -> str:
    """A date at the precision it is known: "9 January 2020", "January 2020", "2020".  Kept per date and
    language: a large brief and its matrix print the same few thousand dates many times over (babel
    formats each in ~30 µs)."""
    if date is None:
        return str(WORDS[lang]["unknown_date"])
    return format_date(date.earliest(), _DATE_PATTERNS[lang][date.precision], locale=_LOCALES[lang])


def format_span(first: PartialDate, last: PartialDate | None, lang: str) -> str:
    """A date known only to fall within a span (a meeting over several days): "14–15 March 2017" within a
    month, else "30 March 2017 to 2 April 2017"; a single date when there is no span."""
    if last is None or last == first:
        return format_partial(first, lang)
    if first.precision is last.precision is Precision.DAY and (first.year, first.month) == (last.year, last.month):
        month = format_partial(PartialDate(first.year, first.month), lang)
        return words(lang, "same_month_span", days=f"{first.day}\u2013{last.day}", month=month)
    return words(lang, "period", start=format_partial(first, lang), end=format_partial(last, lang))


@functools.lru_cache(maxsize=4096)
def format_table_date(date: PartialDate | None, lang: str) -> str:
    """A date for a table cell: as `format_partial` in English, numeric in Vietnamese ("29/03/2017")."""
    if date is None:
        return str(WORDS[lang]["unknown_date"])
    return format_date(date.earliest(), _TABLE_PATTERNS[lang][date.precision], locale=_LOCALES[lang])


WORDS: dict[str, dict[str, str | dict[str, str]]] = {
    "en": {
        "unknown_date": "date not stated",
        "name_and_post": "{name}, {post}",
        "post_of_country": "{post} of {country}",
        "visit_in": " in {place}",
        "visit_at": " at the {place}",
        "visit_online": ", online",
        "visit_format": " ({format})",
        "visit_line_host": "On {date}{where}, {principal} receives {whom}{format}.",
        "visit_line_meet": "On {date}{where}, {principal} meets {whom}{format}.",
        "visit_line_bare": "On {date}{where}, meeting with {whom}{format}.",
        "visit_purpose": "Purpose",
        "visit_our_side": "Our side",
        "visit_their_side": "Their side",
        "address_hedged": "{address}, if still in post (otherwise {plain})",
        "bg_first_meeting": "{title} (first meeting with the counterpart)",
        "bg_agreement": "{title} signed ({status})",
        "bg_last_attended": "{title} (last meeting with the counterpart)",
        "bg_last_org": "{title} (last meeting with their organisation)",
        "undated": "undated",
        "not_translated": "not translated",
        "online": "online",
        "attended": "attended",
        "with_org": "with {org}",
        "with_org_generic": "with their organisation",
        "then_became": " (since {how} into {org}, {date})",
        "year_inferred": "year inferred",
        "date_inferred": "{parts} inferred",
        "family_first": "family name first",
        "given_first": "given name first",
        "name_order": "{order} (family name {family}{given})",
        "given_name_part": ", given name {given}",
        "address_as": "{title} {name}",
        "address_convention": "Mr./Ms. {name} (no honorific recorded: confirm)",
        "home_side": "Our side ({side}): {line}",
        "ended_how": "{state} ({how})",
        "event": "{kind}, {date}",
        "period": "{start} to {end}",
        "same_month_span": "{days} {month}",
        "since": "since {start}",
        "from_start": "from {start}",
        "inferred_count": "{n} meetings have an inferred date: each is marked in Annex B; confirm before citing it.",
        "mt_count": "{n} meetings are known only from a machine translation: each is marked in Annex B; confirm "
        "names and facts.",
        "until": "until {end}",
        "from_no_end": "from {start}, no end date stated",
        "dates_not_stated": "dates not stated",
        "end_of": "end of {date}",
        "no_post": "no post recorded",
        "former_post": "former {post} ({period})",
        "former_post_undated": "former {post}",
        "as_then": "as {org}, {how} into {new} on {date}",
        "verify_post_dated": "verify current post: latest record of {date}",
        "verify_post_undated": "verify current post: no dated record",
        "with_evidence": "{text} (latest record in this post: {date})",
        "post_evidence": "{line}; latest record in this post: {date}",
        "unconfirmed_post": "current post not confirmed: no dated evidence",
        "unconfirmed_other": "current post not confirmed: no dated evidence; {name} is recorded in this post from {date}",
        "unconfirmed_notice": "{name} is recorded as {post} with no end, but {why}: confirm it is still held.",
        "probably_ended_seen": "probably ended: {name} is recorded in this post on {date}; verify",
        "ended_undated_flag": "ended, date not recorded",
        "probably_ended": "probably ended: {name} holds this post from {date}; verify",
        "probably_ended_org": "probably ended: {org} was {how} into {new} on {date}; verify",
        "stale_post_notice": "Current post of {name} ({post}) rests on a source of {date}: confirm it is still held.",
        "probably_ended_notice": "{name} is recorded as {post} with no end date, but the post has {why}.",
        "inferred_notice": "{title} ({date}): {what}, confirm before citing it.",
        "mt_notice": "{title} is known only from a machine translation: confirm names and facts.",
        "untranslated_notice": {
            "one": "{n} text in this brief is not yet translated and is shown in the original.",
            "other": "{n} texts in this brief are not yet translated and are shown in the original.",
        },
        "none_recorded": "none recorded",
        "meeting_line": "{title} ({date})",
        "agreement_of": "the {kind} of {date}",
        "status_with_end": "{status} ({end})",
        "renews": "renews {name}",
        "supersedes": "supersedes {name}",
        "both_sides": "both sides",
        "kind_undertaking": "promised by {who}",
        "kind_joint": "agreed by both sides",
        "kind_request": "asked of {who}",
        "kind_invitation": "invitation to {who}",
        "matrix_activities_note": {
            "one": "{n} activity up to the matrix date (a meeting held, an agreement signed or a commitment "
            "made), one row each: the numbers of the Matrix sheet count these.",
            "other": "{n} activities up to the matrix date (meetings held, agreements signed, commitments made), "
            "one row each: the numbers of the Matrix sheet count these.",
        },
        "matrix_commitments_note": {
            "one": "{n} commitment made up to the matrix date, {open} of them open, each with its status as the "
            "brief words it.",
            "other": "{n} commitments made up to the matrix date, {open} of them open, each with its status as the "
            "brief words it.",
        },
        "kind_undertaking_ours": "promised by our side ({who})",
        "kind_request_ours": "asked of our side ({who})",
        "kind_invitation_ours": "invitation to our side ({who})",
        "invitation_lapsed": "lapsed: the event ({date}) has passed with no answer recorded",
        "due_passed": "due {date}: passed, no update recorded",
        "no_update_since": "no update recorded since {date}",
        "status_update": "{status} (update of {date})",
        "lapsed_point": "{name} lapsed ({end}) and nothing in the record renews it: propose renewal?",
        "expiring_point": "{name} expires ({end}) and nothing in the record renews it: propose renewal?",
        "ask_progress": "Ask for progress: {text}",
        "report_progress": "Report our progress: {text}",
        "invitation_point": "Follow up the invitation of {date}: {text}",
        "succession": "{org} was {how} into {new} on {date}.",
        "record": "{meetings} ({attended} attended by the counterpart), {agreements}, {open}.",
        "n_meetings": {"one": "{n} meeting", "other": "{n} meetings"},
        "n_open": {"one": "{n} open item", "other": "{n} open items"},
        "count_documents": {"one": "{n} signed document ({parts})", "other": "{n} signed documents ({parts})"},
        "count_in_force": {
            "one": "{n} instrument between governments in force",
            "other": "{n} instruments between governments in force",
        },
        "count_declarations": {
            "one": "{n} joint statement or letter of intent",
            "other": "{n} joint statements or letters of intent",
        },
        "count_companies": "{n} with a company, counted apart",
        "count_undetermined": {
            "one": "{n} contract whose parties' kind is not recorded",
            "other": "{n} contracts whose parties' kind is not recorded",
        },
        "expired_at": "expired {end}",
        "at_end_of": "at the end of {date}",
        "on_day": "on {date}",
        "then_renewed": "{state}; renewed by {name}",
        "then_superseded": "{state}; superseded by {name}",
        "older_items": {
            "one": "{n} older open item has had no news in the last {months} months (none since {date}); see Annex D.",
            "other": "{n} older open items have had no news in the last {months} months (the oldest none since "
            "{date}); see Annex D.",
        },
        "no_live": "No open item has had news in the last {months} months.",
        "no_live_older": {
            "one": "No open item has had news in the last {months} months; {n} older item, without news since "
            "{date}, is listed in Annex D.",
            "other": "No open item has had news in the last {months} months; {n} older items, the oldest without "
            "news since {date}, are listed in Annex D.",
        },
        "more_items": {
            "one": "{n} more item with recent news is in Annex D.",
            "other": "{n} more items with recent news are in Annex D.",
        },
        "brief_title": "Briefing: {name}, visit of {date}",
        "fresh_own": "Newest record in this brief: {date}.",
        "fresh_own_none": "No dated record about this counterpart.",
        "fresh_all": "Newest record in the dataset: {date} (newest source: {source}).",
        "stale_data_notice": "Nothing is recorded about this counterpart after {date}: later events may be missing.",
        "stale_data_none": "No dated record covers this counterpart: later events may be missing.",
        "email_intro": "Attached: the briefing and cooperation matrix for the visit of {name} on {date}.",
        "email_post": "Post",
        "email_address": "Address as",
        "email_last": "Last meeting attended",
        "email_suggested": "Suggested by the record (check before use):",
        "email_open": "What is open:",
        "email_verify": "Points to verify:",
        "email_handling": "Handling: {handling}. Prepared on {date}.",
        "changes_title": "Changed since the brief of {date}",
        "changes_title_visit": "Changed since the brief of {date} (for the visit of {visit})",
        "changes_title_undated": "Changed since the previous brief",
        "changes_nothing": "Nothing in the record has changed since then.",
        "changes_more": "… and {n} more (see the annexes).",
        "change_new_meeting": "New meeting on record: {date}, {title}",
        "change_meeting_date": "Meeting now dated {date}: {title}",
        "change_new_agreement": "New agreement on record: {title} ({status})",
        "change_agreement_status": "{title}: now {status} (was {old})",
        "change_new_post": "New post on record: {title}, {org}",
        "change_post_state": "{title}, {org}: now {state} (was {old})",
        "change_new_open": "New open item: {text}",
        "change_open": "Open item now {state} (was {old}): {text}",
        "change_closed": "No longer open, now {status}: {text}",
        "change_not_shown": {
            "one": "{n} record shown in the earlier brief is still on record but not shown in this one (another "
            "visit date, or the record changed).",
            "other": "{n} records shown in the earlier brief are still on record but not shown in this one (another "
            "visit date, or the record changed).",
        },
        "change_removed": {
            "one": "{n} record shown in the earlier brief has been removed from the record.",
            "other": "{n} records shown in the earlier brief have been removed from the record.",
        },
    },
    "vi": {
        "unknown_date": "không rõ ngày",
        "name_and_post": "{name}, {post}",
        "post_of_country": "{post} {country}",
        "visit_in": ", tại {place}",
        "visit_at": ", tại {place}",
        "visit_online": ", theo hình thức trực tuyến",
        "visit_format": " ({format})",
        "visit_line_host": "{date}{where}, {principal} tiếp {whom}{format}.",
        "visit_line_meet": "{date}{where}, {principal} làm việc với {whom}{format}.",
        "visit_line_bare": "{date}{where}, làm việc với {whom}{format}.",
        "visit_purpose": "Mục đích",
        "visit_our_side": "Phía ta",
        "visit_their_side": "Phía bạn",
        "address_hedged": "{address}, nếu còn đương nhiệm (nếu không, {plain})",
        "bg_first_meeting": "{title} (cuộc gặp đầu tiên với đối tác)",
        "bg_agreement": "ký {title} ({status})",
        "bg_last_attended": "{title} (cuộc gặp gần nhất với đối tác)",
        "bg_last_org": "{title} (cuộc làm việc gần nhất với cơ quan của đối tác)",
        "undated": "không rõ ngày",
        "not_translated": "chưa dịch",
        "online": "trực tuyến",
        "attended": "trực tiếp dự",
        "with_org": "với {org}",
        "with_org_generic": "với cơ quan của đối tác",
        "then_became": " (sau đó {how} vào {org}, {date})",
        "year_inferred": "năm được suy ra",
        "date_inferred": "suy ra: {parts}",
        "family_first": "họ trước tên",
        "given_first": "tên trước họ",
        "name_order": "{order} (họ {family}{given})",
        "given_name_part": ", tên {given}",
        "address_as": "{title} {name}",
        "address_convention": "Ông/Bà {name} (chưa ghi nhận cách xưng hô: cần xác nhận)",
        "home_side": "Phía ta ({side}): {line}",
        "ended_how": "{state} ({how})",
        "event": "{kind}, {date}",
        "period": "từ {start} đến {end}",
        "same_month_span": "ngày {days} {month}",
        "since": "từ {start}",
        "from_start": "từ {start}",
        "inferred_count": "{n} cuộc gặp có ngày được suy ra, đã đánh dấu trong Phụ lục B: cần xác nhận trước khi "
        "trích dẫn.",
        "mt_count": "{n} cuộc gặp chỉ có nguồn là bản dịch máy, đã đánh dấu trong Phụ lục B: cần xác minh tên và "
        "nội dung.",
        "until": "đến {end}",
        "from_no_end": "từ {start}, không nêu thời hạn",
        "dates_not_stated": "không nêu thời gian",
        "end_of": "cuối {date}",
        "no_post": "chưa ghi nhận chức vụ",
        "former_post": "nguyên {post} ({period})",
        "former_post_undated": "nguyên {post}",
        "as_then": "khi đó là {org}, đã {how} vào {new} từ {date}",
        "verify_post_dated": "cần xác minh chức vụ hiện tại: thông tin gần nhất {date}",
        "verify_post_undated": "cần xác minh chức vụ hiện tại: không có thông tin ghi ngày",
        "with_evidence": "{text} (thông tin gần nhất về chức vụ này: {date})",
        "post_evidence": "{line}; thông tin gần nhất về chức vụ này: {date}",
        "unconfirmed_post": "chưa xác nhận chức vụ hiện tại: không có thông tin ghi ngày",
        "unconfirmed_other": "chưa xác nhận chức vụ hiện tại: không có thông tin ghi ngày; {name} được ghi nhận giữ "
        "chức vụ này từ {date}",
        "unconfirmed_notice": "{name} được ghi là {post}, không rõ thời điểm thôi giữ chức, nhưng {why}: cần xác nhận "
        "còn đương nhiệm.",
        "probably_ended_seen": "có thể đã thôi giữ chức: {name} được ghi nhận giữ chức vụ này vào {date}; cần xác minh",
        "ended_undated_flag": "đã thôi giữ chức, không rõ thời điểm",
        "probably_ended": "có thể đã thôi giữ chức: {name} giữ chức vụ này từ {date}; cần xác minh",
        "probably_ended_org": "có thể đã thôi giữ chức: {org} đã {how} vào {new} từ {date}; cần xác minh",
        "stale_post_notice": "Chức vụ hiện tại của {name} ({post}) dựa trên nguồn {date}: cần xác nhận còn đương "
        "nhiệm.",
        "probably_ended_notice": "{name} được ghi là {post}, không rõ thời điểm thôi giữ chức; {why}.",
        "inferred_notice": "{title} ({date}): {what}, cần xác nhận trước khi trích dẫn.",
        "mt_notice": "{title} chỉ có nguồn là bản dịch máy: cần xác minh tên và nội dung.",
        "untranslated_notice": {"other": "{n} nội dung trong tài liệu chưa được dịch, đang để nguyên văn."},
        "none_recorded": "chưa ghi nhận",
        "meeting_line": "{title} ({date})",
        "agreement_of": "{kind} ký {date}",
        "status_with_end": "{status} ({end})",
        "renews": "gia hạn {name}",
        "supersedes": "thay thế {name}",
        "both_sides": "hai bên",
        "kind_undertaking": "{who} cam kết",
        "kind_joint": "hai bên thống nhất",
        "kind_request": "đề nghị phía {who}",
        "kind_invitation": "lời mời gửi phía {who}",
        "matrix_activities_note": "{n} hoạt động tính đến ngày của ma trận (cuộc gặp, văn kiện được ký, cam kết "
        "được đưa ra), mỗi hoạt động một dòng: các số của trang Ma trận đếm các hoạt động này.",
        "matrix_commitments_note": "{n} cam kết được đưa ra tính đến ngày của ma trận, {open} cam kết đang theo "
        "dõi, mỗi cam kết kèm tình trạng như trong tài liệu.",
        "kind_undertaking_ours": "phía ta ({who}) cam kết",
        "kind_request_ours": "đề nghị phía ta ({who})",
        "kind_invitation_ours": "lời mời gửi phía ta ({who})",
        "invitation_lapsed": "không còn hiệu lực: sự kiện ({date}) đã qua, chưa ghi nhận phản hồi",
        "due_passed": "thời hạn {date} đã qua, chưa có cập nhật",
        "no_update_since": "chưa có cập nhật từ {date}",
        "status_update": "{status} (cập nhật {date})",
        "lapsed_point": "{name} đã hết hiệu lực ({end}), chưa ghi nhận văn kiện gia hạn: đề xuất gia hạn?",
        "expiring_point": "{name} sắp hết hiệu lực ({end}), chưa ghi nhận văn kiện gia hạn: đề xuất gia hạn?",
        "ask_progress": "Đề nghị thông tin tiến độ: {text}",
        "report_progress": "Thông tin tiến độ phía ta: {text}",
        "invitation_point": "Trao đổi tiếp về lời mời {date}: {text}",
        "succession": "{org} đã {how} vào {new} từ {date}.",
        "record": "{meetings} ({attended} cuộc đối tác trực tiếp dự), {agreements}, {open}.",
        "n_meetings": {"other": "{n} cuộc gặp"},
        "n_open": {"other": "{n} nội dung đang theo dõi"},
        "count_documents": "{n} văn kiện đã ký ({parts})",
        "count_in_force": "{n} văn kiện giữa các cơ quan chính phủ còn hiệu lực",
        "count_declarations": "{n} tuyên bố chung hoặc thư ý định",
        "count_companies": "{n} văn kiện có doanh nghiệp tham gia, tính riêng",
        "count_undetermined": "{n} hợp đồng chưa ghi nhận loại hình các bên",
        "expired_at": "hết hiệu lực {end}",
        "at_end_of": "cuối {date}",
        "on_day": "{date}",
        "then_renewed": "{state}; đã được gia hạn bằng {name}",
        "then_superseded": "{state}; đã được thay thế bằng {name}",
        "older_items": {
            "other": "{n} nội dung khác không có thông tin mới trong {months} tháng qua (lâu nhất từ {date}); "
            "xem Phụ lục D."
        },
        "no_live": "Không có nội dung nào có thông tin mới trong {months} tháng qua.",
        "no_live_older": {
            "other": "Không có nội dung nào có thông tin mới trong {months} tháng qua; {n} nội dung cũ hơn "
            "(lâu nhất chưa có thông tin từ {date}) được liệt kê tại Phụ lục D."
        },
        "more_items": {"other": "{n} nội dung khác có thông tin mới, xem Phụ lục D."},
        "brief_title": "Tài liệu phục vụ cuộc gặp {name}, {date}",
        "fresh_own": "Thông tin mới nhất trong tài liệu này: {date}.",
        "fresh_own_none": "Chưa có thông tin có ghi ngày về đối tác.",
        "fresh_all": "Thông tin mới nhất trong bộ dữ liệu: {date} (nguồn mới nhất: {source}).",
        "stale_data_notice": "Không có thông tin nào về đối tác sau {date}: có thể thiếu các sự kiện gần đây.",
        "stale_data_none": "Không có thông tin có ghi ngày về đối tác: có thể thiếu các sự kiện gần đây.",
        "email_intro": "Gửi kèm tài liệu phục vụ cuộc gặp với {name} {date} và ma trận hợp tác.",
        "email_post": "Chức vụ",
        "email_address": "Cách xưng hô",
        "email_last": "Cuộc gặp gần nhất đã dự",
        "email_suggested": "Gợi ý từ dữ liệu (cần kiểm tra trước khi sử dụng):",
        "email_open": "Các vấn đề đang theo dõi:",
        "email_verify": "Các điểm cần xác minh:",
        "email_handling": "Mức độ: {handling}. Soạn {date}.",
        "changes_title": "Những thay đổi kể từ tài liệu soạn {date}",
        "changes_title_visit": "Những thay đổi kể từ tài liệu soạn {date} (cho cuộc gặp {visit})",
        "changes_title_undated": "Những thay đổi kể từ tài liệu trước",
        "changes_nothing": "Dữ liệu không có thay đổi nào kể từ đó.",
        "changes_more": "… và {n} thay đổi khác (xem các phụ lục).",
        "change_new_meeting": "Cuộc gặp mới được ghi nhận: {date}, {title}",
        "change_meeting_date": "Cuộc gặp nay ghi {date}: {title}",
        "change_new_agreement": "Văn kiện mới được ghi nhận: {title} ({status})",
        "change_agreement_status": "{title}: nay {status} (trước đây: {old})",
        "change_new_post": "Chức vụ mới được ghi nhận: {title}, {org}",
        "change_post_state": "{title}, {org}: nay {state} (trước đây: {old})",
        "change_new_open": "Nội dung mới đang theo dõi: {text}",
        "change_open": "Nội dung đang theo dõi nay {state} (trước đây: {old}): {text}",
        "change_closed": "Không còn theo dõi, nay {status}: {text}",
        "change_not_shown": "{n} nội dung có trong tài liệu trước vẫn còn trong dữ liệu nhưng không hiển thị trong tài liệu này (ngày gặp khác, hoặc dữ liệu đã thay đổi).",
        "change_removed": "{n} nội dung có trong tài liệu trước đã bị xóa khỏi dữ liệu.",
    },
}

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "meeting_kind": {
            "courtesy_call": "courtesy call",
            "bilateral_talks": "bilateral talks",
            "working_group": "working-group meeting",
            "signing": "signing",
            "delegation_visit": "delegation visit",
            "conference": "conference",
        },
        "agreement_kind": {
            "moc": "MoC",
            "mou": "MoU",
            "agreement": "agreement",
            "contract": "contract",
            "convention": "convention",
            "agreement_in_principle": "agreement in principle",
            "work_plan": "work plan",
            "joint_statement": "joint statement",
            "letter_of_intent": "letter of intent",
        },
        "agreement_status": {
            "in_force": "in force",
            "expiring": "expiring",
            "expired": "expired",
            "no_end_stated": "in force, no end date stated",
            "adopted": "adopted",
            "signed": "signed",
            "not_yet": "not yet in force",
            "superseded": "superseded",
        },
        "post_state": {
            "current": "held now",
            "unconfirmed": "not confirmed",
            "ended": "ended",
            "ended_undated": "ended (date not recorded)",
            "probably_ended": "probably ended",
        },
        "commitment_kind": {
            "undertaking": "undertaking",
            "joint": "joint undertaking",
            "request": "request",
            "invitation": "invitation",
        },
        "status": {"open": "open", "in_progress": "in progress", "done": "done", "dropped": "dropped"},
        "staleness": {
            "live": "with recent news",
            "quiet": "without recent news",
            "due_passed": "past its due date",
            "lapsed": "lapsed",
            "done": "closed",
        },
        "reliability": {
            "official": "official release",
            "press": "press",
            "machine_translation": "machine translation",
            "reference": "reference",
        },
        "precision": {"day": "day", "month": "month", "year": "year"},
        "how": {"renamed": "renamed", "merged": "merged", "split": "split"},
        "end_reason": {
            "term_ended": "term ended",
            "resigned": "resigned",
            "dismissed": "dismissed",
            "merged": "post merged away",
            "died": "died in office",
        },
        "event_kind": {
            "charged": "charged",
            "convicted": "convicted",
            "acquitted": "acquitted",
            "disciplined": "disciplined",
            "died": "died",
            "other": "recorded",
        },
        "alias_kind": {
            "transliteration": "transliteration",
            "no_diacritics": "without diacritics",
            "other_order": "other name order",
            "misspelling": "misspelling",
            "machine_translation": "machine-translation artefact",
            "native_script": "native script",
            "acronym": "acronym",
            "former_name": "former name",
            "translation_variant": "translation variant",
        },
        "title": {},
        "honorific": {},
    },
    "vi": {
        "meeting_kind": {
            "courtesy_call": "tiếp xã giao",
            "bilateral_talks": "hội đàm song phương",
            "working_group": "họp nhóm công tác",
            "signing": "lễ ký kết",
            "delegation_visit": "tiếp đoàn",
            "conference": "hội nghị",
        },
        "agreement_kind": {
            "moc": "Bản ghi nhớ hợp tác (MoC)",
            "mou": "Bản ghi nhớ (MoU)",
            "agreement": "thỏa thuận",
            "contract": "hợp đồng",
            "convention": "hiệp định",
            "agreement_in_principle": "thỏa thuận nguyên tắc",
            "work_plan": "kế hoạch công tác",
            "joint_statement": "tuyên bố chung",
            "letter_of_intent": "thư ý định",
        },
        "agreement_status": {
            "in_force": "còn hiệu lực",
            "expiring": "sắp hết hiệu lực",
            "expired": "hết hiệu lực",
            "no_end_stated": "còn hiệu lực, không nêu thời hạn",
            "adopted": "đã thông qua",
            "signed": "đã ký",
            "not_yet": "chưa có hiệu lực",
            "superseded": "đã được thay thế",
        },
        "post_state": {
            "current": "đương nhiệm",
            "unconfirmed": "chưa xác nhận",
            "ended": "đã thôi giữ chức",
            "ended_undated": "đã thôi giữ chức (không rõ thời điểm)",
            "probably_ended": "có thể đã thôi giữ chức",
        },
        "commitment_kind": {
            "undertaking": "cam kết",
            "joint": "hai bên cùng thực hiện",
            "request": "đề nghị",
            "invitation": "lời mời",
        },
        "status": {
            "open": "chưa có cập nhật",
            "in_progress": "đang triển khai",
            "done": "đã hoàn thành",
            "dropped": "không tiếp tục",
        },
        "staleness": {
            "live": "có thông tin gần đây",
            "quiet": "không có thông tin gần đây",
            "due_passed": "đã quá hạn",
            "lapsed": "không còn hiệu lực",
            "done": "đã kết thúc",
        },
        "reliability": {
            "official": "thông cáo chính thức",
            "press": "báo chí",
            "machine_translation": "bản dịch máy",
            "reference": "tài liệu tham khảo",
        },
        "precision": {"day": "ngày", "month": "tháng", "year": "năm"},
        "how": {"renamed": "đổi tên", "merged": "hợp nhất", "split": "tách"},
        "end_reason": {
            "term_ended": "hết nhiệm kỳ",
            "resigned": "từ chức",
            "dismissed": "bị cách chức",
            "merged": "chức vụ không còn do hợp nhất",
            "died": "từ trần khi đương nhiệm",
        },
        "event_kind": {
            "charged": "bị khởi tố",
            "convicted": "bị kết án",
            "acquitted": "được tuyên vô tội",
            "disciplined": "bị kỷ luật",
            "died": "từ trần",
            "other": "ghi nhận",
        },
        "alias_kind": {
            "transliteration": "phiên âm",
            "no_diacritics": "không dấu",
            "other_order": "đảo thứ tự tên",
            "misspelling": "viết sai",
            "machine_translation": "lỗi dịch máy",
            "native_script": "chữ gốc",
            "acronym": "viết tắt",
            "former_name": "tên cũ",
            "translation_variant": "cách dịch khác",
        },
        "title": {
            "Minister": "Bộ trưởng",
            "Deputy Minister": "Thứ trưởng",
            "Prime Minister": "Thủ tướng",
            "Director-General": "Vụ trưởng",
            "Director": "Giám đốc",
            "Vice Minister": "Thứ trưởng",
            "President": "Chủ tịch",
        },
        "honorific": {"Ms.": "Bà", "Mrs.": "Bà", "Mr.": "Ông", "Dr.": "Tiến sĩ"},
    },
}

COUNTRIES = {
    "en": {"VN": "Viet Nam", "JP": "Japan", "international": "international"},
    "vi": {"VN": "Việt Nam", "JP": "Nhật Bản", "international": "quốc tế"},
}


def label(lang: str, group: str, key: str) -> str:
    """The label of an enum value; the value itself when no label is known."""
    return LABELS[lang][group].get(str(key), str(key).replace("_", " "))


def country_name(lang: str, code: str) -> str:
    """ "Viet Nam" / "Việt Nam": the names the two governments use, then babel's for any other ISO code."""
    known = COUNTRIES[lang].get(code)
    if known:
        return known
    return _LOCALES[lang].territories.get(code, code)


def plural_form(lang: str, n: int) -> str:
    """The CLDR plural category of `n` in `lang` ("one", "other"…), by babel's rules: Vietnamese has one form."""
    return _LOCALES[lang].plural_form(n)


def words(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang`, filled in; a phrase with plural forms is chosen by the value `n`."""
    entry = WORDS[lang][key]
    if isinstance(entry, dict):
        entry = entry.get(plural_form(lang, int(values["n"])), entry["other"])  # type: ignore[call-overload]
    return entry.format(**values)


def sentence(text: str) -> str:
    """`text` with its first letter a capital (a Vietnamese date starts "ngày …")."""
    return text[:1].upper() + text[1:]


# The Word templates' fixed text (headings, labels, placeholders), per language, with the font both use:
# scripts/make_templates.py builds templates/brief-{en,vi}.docx from it.
TEMPLATE_TEXT: dict[str, dict] = {
    "en": {
        "font": "Arial",
        "size": 10.5,
        "lang": "en-GB",
        "kicker": "Visit briefing",
        "visit_date": "Visit date",
        "prepared": "Prepared by {{ author }}, {{ prepared_on }}",
        "h_now": "The counterpart now",
        "h_background": "Background",
        "older_meetings": "Earlier meetings, counted by year and field (those of the last "
        "{{ annex_recent_months }} months are listed above):",
        "older_open": "Open items without news in the last {{ annex_recent_months }} months, counted by the year "
        "they were made and by field (the full list is in the matrix):",
        "count_cols": ["Year", "Number", "By field"],
        "h_their_open": "What is open on their side",
        "h_may_raise": "What they may raise",
        "h_our_line": "Our line",
        "our_line_placeholder": "[For the desk officer: our answer on each point they may raise.]",
        "may_raise_lead": "What our side owes, overdue or due soon:",
        "nothing_owed": "Nothing our side owes is overdue or due soon.",
        "nothing_open": "Nothing open on their side has had recent news.",
        "post": "Post",
        "address": "Address as",
        "last_attended": "Last meeting attended",
        "last_org": "Last meeting with their organisation",
        "record": "On record",
        "data": "Data",
        "h_objectives": "Our objectives",
        "h_points": "Points to make",
        "h_open": "What is open",
        "h_verify": "Points to verify",
        "h_notes": "Notes",
        "objectives_placeholder": "[For the desk officer: what we want from this visit, in two or three lines.]",
        "points_placeholder": "[For the desk officer: the points our principal should make.]",
        "notes_placeholder": "[For the desk officer: anything else the principal should know.]",
        "suggested": "Suggested by the record (check before use):",
        "none": "None on record.",
        "nothing_to_verify": "Nothing to verify.",
        "annexes": "Annexes",
        "h_profile": "Annex A. Counterpart profile",
        "h_meetings": "Annex B. Meetings on record",
        "h_agreements": "Annex C. Agreements",
        "h_commitments": "Annex D. Open commitments by field",
        "h_sources": "Annex E. Sources",
        "p_name": "Name",
        "p_native": "In native script",
        "p_address": "Form of address",
        "p_order": "Name order",
        "p_country": "Country",
        "p_identity": "Identity",
        "p_spellings": "Other spellings",
        "post_cols": ["Post", "Organisation", "Period", "Status"],
        "m_cols": ["Date", "Meeting", "Counterpart", "Src."],
        "a_cols": ["Signed", "Document", "Period", "Status", "Src."],
        "c_cols": ["Commitment", "Made", "Status", "Src."],
        "mt": "machine translation only",
        "signed_by": "signed by",
        "s_mt": "Machine translation: confirm before use.",
        "page": "Page",
        "of": "of",
    },
    "vi": {
        "font": "Arial",  # one font in both languages (LibreOffice prints Liberation Sans, which covers Vietnamese)
        "size": 10.5,
        "lang": "vi-VN",
        "kicker": "Tài liệu phục vụ cuộc gặp",
        "visit_date": "Ngày làm việc",
        "prepared": "{{ author }} soạn, {{ prepared_on }}",
        "h_now": "Thông tin đối tác hiện nay",
        "h_background": "Bối cảnh",
        "older_meetings": "Các cuộc gặp trước đó, thống kê theo năm và lĩnh vực (các cuộc gặp trong "
        "{{ annex_recent_months }} tháng gần đây được liệt kê ở trên):",
        "older_open": "Các nội dung đang theo dõi không có thông tin mới trong {{ annex_recent_months }} tháng qua, "
        "thống kê theo năm đưa ra và lĩnh vực (danh sách đầy đủ trong ma trận):",
        "count_cols": ["Năm", "Số lượng", "Theo lĩnh vực"],
        "h_their_open": "Các vấn đề phía bạn đang thực hiện",
        "h_may_raise": "Các vấn đề phía bạn có thể nêu",
        "h_our_line": "Ý kiến của ta",
        "our_line_placeholder": "[Chuyên viên điền: ý kiến trả lời của ta về từng vấn đề phía bạn có thể nêu.]",
        "may_raise_lead": "Các nội dung phía ta cần thực hiện, đã quá hạn hoặc sắp đến hạn:",
        "nothing_owed": "Không có nội dung nào phía ta cần thực hiện đã quá hạn hoặc sắp đến hạn.",
        "nothing_open": "Không có vấn đề nào phía bạn có thông tin mới gần đây.",
        "post": "Chức vụ",
        "address": "Cách xưng hô",
        "last_attended": "Cuộc gặp gần nhất đã dự",
        "last_org": "Cuộc làm việc gần nhất với cơ quan của đối tác",
        "record": "Đã ghi nhận",
        "data": "Dữ liệu",
        "h_objectives": "Mục tiêu của ta",
        "h_points": "Các nội dung cần nêu",
        "h_open": "Các vấn đề đang theo dõi",
        "h_verify": "Các điểm cần xác minh",
        "h_notes": "Ghi chú",
        "objectives_placeholder": "[Chuyên viên điền: mục tiêu của ta trong cuộc gặp, hai đến ba dòng.]",
        "points_placeholder": "[Chuyên viên điền: các nội dung lãnh đạo cần nêu.]",
        "notes_placeholder": "[Chuyên viên điền: các thông tin khác lãnh đạo cần biết.]",
        "suggested": "Gợi ý từ dữ liệu (cần kiểm tra trước khi sử dụng):",
        "none": "Chưa có thông tin.",
        "nothing_to_verify": "Không có điểm nào cần xác minh.",
        "annexes": "Phụ lục",
        "h_profile": "Phụ lục A. Thông tin về đối tác",
        "h_meetings": "Phụ lục B. Các cuộc gặp đã ghi nhận",
        "h_agreements": "Phụ lục C. Các văn kiện",
        "h_commitments": "Phụ lục D. Các nội dung đang theo dõi, theo lĩnh vực",
        "h_sources": "Phụ lục E. Nguồn tham khảo",
        "p_name": "Họ tên",
        "p_native": "Viết bằng chữ gốc",
        "p_address": "Cách xưng hô",
        "p_order": "Thứ tự tên",
        "p_country": "Quốc gia",
        "p_identity": "Nhận diện",
        "p_spellings": "Các cách viết khác",
        "post_cols": ["Chức vụ", "Cơ quan", "Thời gian", "Tình trạng"],
        "m_cols": ["Ngày", "Cuộc gặp", "Đối tác", "Nguồn"],
        "a_cols": ["Ngày ký", "Văn kiện", "Thời hạn", "Tình trạng", "Nguồn"],
        "c_cols": ["Nội dung", "Đưa ra", "Tình trạng", "Nguồn"],
        "mt": "chỉ có bản dịch máy",
        "signed_by": "người ký",
        "s_mt": "Bản dịch máy: cần xác minh trước khi sử dụng.",
        "page": "Trang",
        "of": "/",
    },
}


# The cooperation matrix's headers and phrases (briefgen.matrix, laid out by render/xlsx.py).
MATRIX_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "sheet_matrix": "Matrix",
        "sheet_activities": "Activities",
        "sheet_commitments": "Commitments",
        "title": "Cooperation matrix",
        "activities_title": "Activities counted in the matrix",
        "commitments_title": "Commitments",
        "as_of": "As of {date}",
        "field": "Field",
        "total": "Total",
        "selection_all": "All activities in the dataset",
        "selection": "Activities involving {what}",
        "selection_record": "Activities on the record of {name}",
        "years": "years {start}–{end}",
        "no_field": "(no field stated)",
        "note": "Each number counts the meetings held, agreements signed and commitments made in that field and "
        "year. An activity covering several fields appears in the row of each, but the totals count it "
        "once. Click a number to go to its activities, or filter the Activities sheet by Field and Year. "
        "Empty cells: nothing recorded.",
        "flags": "Check",
        "flag_inferred": "year inferred",
        "flag_date_inferred": "date inferred",
        "flag_mt": "machine translation only: confirm",
        "not_translated": "not translated",
        "meeting": "Meeting",
        "agreement": "Agreement signed",
        "commitment": "Commitment made",
        "signed_by": "signed by {names}",
        "owed_by": "owed by {who}",
        "date": "Date",
        "year": "Year",
        "kind": "Kind",
        "type": "Type",
        "summary": "Title or summary",
        "participants": "Participants or parties",
        "status": "Status",
        "source": "Source",
        "id": "Record",
        "text": "Commitment",
        "owed_by_header": "Owed by",
        "made_at": "Made at",
        "made_on": "Date made",
        "last_update": "Last update",
        "update_text": "Latest update",
        "age": "Months without news",
        "due": "Due",
        "printed_recent": "Printed: the {shown} rows of the last {months} months; the sheet holds all {total}.",
        "printed_first": "Printed: the first {shown} rows, {recent} of them from the last {months} months; the sheet "
        "holds all {total}.",
        "printed_first_none": "Printed: the first {shown} rows, none of them from the last {months} months; the "
        "sheet holds all {total}.",
        "sheet_sources": "Sources",
        "sources_title": "Sources cited in this workbook",
        "source_no": "No.",
        "source_refs": "Source no.",
        "sources_note": "Every source the Activities and Commitments sheets cite, under the number their "
        "“Source no.” column gives it.",
        "sources_printed": "Printed: the {shown} sources the printed rows cite; the sheet holds all {total}.",
        "sources_note_brief": "Every source the Activities and Commitments sheets cite, under the number their "
        "“Source no.” column gives it: the brief of this visit cites a source by the same number; those it does "
        "not cite are numbered after its own.",
    },
    "vi": {
        "sheet_matrix": "Ma trận",
        "sheet_activities": "Hoạt động",
        "sheet_commitments": "Cam kết",
        "title": "Ma trận hợp tác",
        "activities_title": "Các hoạt động được tính trong ma trận",
        "commitments_title": "Các cam kết",
        "as_of": "Tính đến {date}",
        "field": "Lĩnh vực",
        "total": "Tổng",
        "selection_all": "Toàn bộ hoạt động trong dữ liệu",
        "selection": "Hoạt động có sự tham gia của {what}",
        "selection_record": "Các hoạt động liên quan đến {name}",
        "years": "các năm {start}–{end}",
        "no_field": "(không nêu lĩnh vực)",
        "note": "Mỗi số là số cuộc gặp, văn kiện được ký và cam kết được đưa ra trong lĩnh vực và năm đó. Một hoạt "
        "động thuộc nhiều lĩnh vực xuất hiện ở dòng của từng lĩnh vực, nhưng chỉ được tính một lần trong "
        "các số tổng. Bấm vào một số để đến các hoạt động tương ứng, hoặc lọc trang Hoạt động theo Lĩnh vực "
        "và Năm. Ô trống: không có hoạt động nào được ghi nhận.",
        "flags": "Cần lưu ý",
        "flag_inferred": "năm được suy ra",
        "flag_date_inferred": "ngày được suy ra",
        "flag_mt": "chỉ có bản dịch máy: cần xác minh",
        "not_translated": "chưa dịch",
        "meeting": "Cuộc gặp",
        "agreement": "Văn kiện được ký",
        "commitment": "Cam kết được đưa ra",
        "signed_by": "người ký: {names}",
        "owed_by": "bên thực hiện: {who}",
        "date": "Ngày",
        "year": "Năm",
        "kind": "Loại",
        "type": "Hình thức",
        "summary": "Tiêu đề hoặc nội dung",
        "participants": "Thành phần hoặc các bên",
        "status": "Tình trạng",
        "source": "Nguồn",
        "id": "Mã",
        "text": "Nội dung cam kết",
        "owed_by_header": "Bên thực hiện",
        "made_at": "Đưa ra tại",
        "made_on": "Ngày đưa ra",
        "last_update": "Cập nhật gần nhất",
        "update_text": "Cập nhật mới nhất",
        "age": "Số tháng chưa có tin",
        "due": "Thời hạn",
        "printed_recent": "Bản in: {shown} dòng trong {months} tháng gần đây; trang tính có đủ {total} dòng.",
        "printed_first": "Bản in: {shown} dòng đầu, trong đó {recent} dòng thuộc {months} tháng gần đây; trang tính "
        "có đủ {total} dòng.",
        "printed_first_none": "Bản in: {shown} dòng đầu, không có dòng nào thuộc {months} tháng gần đây; trang "
        "tính có đủ {total} dòng.",
        "sheet_sources": "Nguồn",
        "sources_title": "Các nguồn được dẫn trong bảng tính",
        "source_no": "Số",
        "source_refs": "Nguồn số",
        "sources_note": "Mọi nguồn mà trang Hoạt động và trang Cam kết dẫn, theo số ghi ở cột “Nguồn số”.",
        "sources_printed": "Bản in: {shown} nguồn mà các dòng được in dẫn; trang tính có đủ {total} nguồn.",
        "sources_note_brief": "Mọi nguồn mà trang Hoạt động và trang Cam kết dẫn, theo số ghi ở cột “Nguồn số”: tài "
        "liệu của cuộc gặp này dẫn mỗi nguồn bằng cùng số đó; các nguồn tài liệu không dẫn được đánh số tiếp theo.",
    },
}


# `refresh`: the note written beside a data section kept as the officer edited it (issue 25).  The
# note's first sentence (kept_note) is how the next refresh finds it again to replace it.
WORDS["en"].update(
    {
        "kept_note": "Kept as edited by hand: refresh did not regenerate this section from the data.",
        "kept_note_lacks": {
            "one": "The data now has {n} line this section does not: {lines}.",
            "other": "The data now has {n} lines this section does not: {lines}.",
        },
        "kept_note_line": "“{line}”",
        "kept_note_more": "{lines}; and {n} more",
        "kept_note_nothing_lacking": "The data now has nothing this section does not.",
        "kept_note_renumbered": "Its source numbers were changed to match the sources listed now.",
        "kept_note_sources_added": {
            "one": "{n} source it cites, no longer cited elsewhere, is listed at the end of the sources.",
            "other": "{n} sources it cites, no longer cited elsewhere, are listed at the end of the sources.",
        },
        "kept_note_sources_gone": {
            "one": "{n} source it cites is no longer on record: its number is shown as [?].",
            "other": "{n} sources it cites are no longer on record: their numbers are shown as [?].",
        },
    }
)
WORDS["vi"].update(
    {
        "kept_note": "Giữ nguyên phần đã sửa tay: khi cập nhật, phần này không được tạo lại từ dữ liệu.",
        "kept_note_lacks": "Dữ liệu hiện có {n} dòng không có trong phần này: {lines}.",
        "kept_note_line": "“{line}”",
        "kept_note_more": "{lines}; và {n} dòng khác",
        "kept_note_nothing_lacking": "Dữ liệu hiện không có gì mà phần này thiếu.",
        "kept_note_renumbered": "Số thứ tự nguồn trong phần này đã được đổi cho khớp với danh mục nguồn hiện nay.",
        "kept_note_sources_added": "{n} nguồn được phần này trích dẫn, không còn được trích dẫn ở phần khác, "
        "được liệt kê ở cuối danh mục nguồn.",
        "kept_note_sources_gone": "{n} nguồn được phần này trích dẫn không còn trong dữ liệu: số thứ tự của "
        "nguồn đó được ghi là [?].",
    }
)
