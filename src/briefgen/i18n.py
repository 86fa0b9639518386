"""Words and dates in the briefing's language (English or Vietnamese).

Dates go through babel so month names and orders are the language's own
("9 January 2020", "ngày 9 tháng 1 năm 2020"); the few phrases briefgen
itself writes are kept here, one table per language, so a translator edits
one place.  Section headings live in the Word templates, not here.
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
        return WORDS[lang]["unknown_date"]
    return format_date(date.earliest(), _DATE_PATTERNS[lang][date.precision], locale=_LOCALES[lang])


def format_span(first: PartialDate, last: PartialDate | None, lang: str) -> str:
    """A date known only to fall within a span (a meeting over several days): "14–15 March 2017" within a
    month, else "30 March 2017 to 2 April 2017"; a single date when there is no span."""
    if last is None or last == first:
        return format_partial(first, lang)
    if first.precision is last.precision is Precision.DAY and (first.year, first.month) == (last.year, last.month):
        month = format_partial(PartialDate(first.year, first.month), lang)
        return WORDS[lang]["same_month_span"].format(days=f"{first.day}\u2013{last.day}", month=month)
    return WORDS[lang]["period"].format(start=format_partial(first, lang), end=format_partial(last, lang))


WORDS: dict[str, dict[str, str]] = {
    "en": {
        "unknown_date": "date not stated",
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
        "name_order": "{order}: family name {family}{given}",
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
        "inferred_notice": "{title}: {what} (dated {date}).",
        "mt_notice": "{title} is known only from a machine translation: confirm names and facts.",
        "untranslated_notice": "{n} text(s) in this brief are not yet translated and are shown in the original.",
        "none_recorded": "none recorded",
        "meeting_line": "{date}: {title}",
        "agreement_of": "the {kind} of {date}",
        "status_with_end": "{status} ({end})",
        "renews": "renews {name}",
        "supersedes": "supersedes {name}",
        "both_sides": "both sides",
        "kind_undertaking": "promised by {who}",
        "kind_joint": "agreed by both sides",
        "kind_request": "asked of {who}",
        "kind_invitation": "invitation to {who}",
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
        "record": "{meetings} meeting(s) on record ({attended} attended by the counterpart), {agreements}, "
        "{open} open item(s).",
        "count_documents": "{n} signed document(s) ({parts})",
        "count_in_force": "{n} instrument(s) between governments in force",
        "count_declarations": "{n} joint statement(s) or letter(s) of intent",
        "count_companies": "{n} with a company, counted apart",
        "count_undetermined": "{n} contract(s) whose parties' kind is not recorded",
        "expired_at": "expired {end}",
        "at_end_of": "at the end of {date}",
        "on_day": "on {date}",
        "then_renewed": "{state}; renewed by {name}",
        "then_superseded": "{state}; superseded by {name}",
        "older_items": "{n} older open item(s) with no news in the last {months} months (the oldest without news "
        "since {date}): see Annex D.",
        "no_live": "No open item has had news in the last {months} months.",
        "no_live_older": "No open item has had news in the last {months} months; {n} older item(s), the oldest "
        "without news since {date}, are listed in Annex D.",
        "more_items": "{n} more item(s) with recent news: see Annex D.",
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
        "email_handling": "Handling: {handling}. Prepared with briefgen on {date}.",
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
        "change_not_shown": "{n} record(s) shown in the earlier brief are still on record but not shown in this one (another visit date, or the record changed).",
        "change_removed": "{n} record(s) shown in the earlier brief have been removed from the record.",
    },
    "vi": {
        "unknown_date": "không rõ ngày",
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
        "name_order": "{order}: họ {family}{given}",
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
        "inferred_notice": "{title}: {what} (ghi {date}).",
        "mt_notice": "{title} chỉ có nguồn là bản dịch máy: cần xác minh tên và nội dung.",
        "untranslated_notice": "{n} nội dung trong tài liệu chưa được dịch, đang để nguyên văn.",
        "none_recorded": "chưa ghi nhận",
        "meeting_line": "{date}: {title}",
        "agreement_of": "{kind} ký {date}",
        "status_with_end": "{status} ({end})",
        "renews": "gia hạn {name}",
        "supersedes": "thay thế {name}",
        "both_sides": "hai bên",
        "kind_undertaking": "{who} cam kết",
        "kind_joint": "hai bên thống nhất",
        "kind_request": "đề nghị phía {who}",
        "kind_invitation": "lời mời gửi phía {who}",
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
        "record": "{meetings} cuộc gặp ({attended} cuộc đối tác trực tiếp dự), {agreements}, {open} nội dung đang "
        "theo dõi.",
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
        "older_items": "{n} nội dung khác không có thông tin mới trong {months} tháng qua (lâu nhất từ {date}): "
        "xem Phụ lục D.",
        "no_live": "Không có nội dung nào có thông tin mới trong {months} tháng qua.",
        "no_live_older": "Không có nội dung nào có thông tin mới trong {months} tháng qua; {n} nội dung cũ hơn "
        "(lâu nhất chưa có thông tin từ {date}) được liệt kê tại Phụ lục D.",
        "more_items": "{n} nội dung khác có thông tin mới: xem Phụ lục D.",
        "brief_title": "Tài liệu phục vụ cuộc gặp {name}, {date}",
        "fresh_own": "Thông tin mới nhất trong tài liệu này: {date}.",
        "fresh_own_none": "Chưa có thông tin có ghi ngày về đối tác.",
        "fresh_all": "Thông tin mới nhất trong bộ dữ liệu: {date} (nguồn mới nhất: {source}).",
        "stale_data_notice": "Không có thông tin nào về đối tác sau {date}: có thể thiếu các sự kiện gần đây.",
        "stale_data_none": "Không có thông tin có ghi ngày về đối tác: có thể thiếu các sự kiện gần đây.",
        "email_intro": "Gửi kèm tài liệu phục vụ cuộc gặp và ma trận hợp tác về {name}, ngày làm việc {date}.",
        "email_post": "Chức vụ",
        "email_address": "Cách xưng hô",
        "email_last": "Cuộc gặp gần nhất đã dự",
        "email_suggested": "Gợi ý từ dữ liệu (cần kiểm tra trước khi sử dụng):",
        "email_open": "Các vấn đề đang theo dõi:",
        "email_verify": "Các điểm cần xác minh:",
        "email_handling": "Mức độ: {handling}. Soạn bằng briefgen ngày {date}.",
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
            "work_plan": "kế hoạch hành động",
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


def words(lang: str, key: str, **values: object) -> str:
    return WORDS[lang][key].format(**values)
