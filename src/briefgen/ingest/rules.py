"""The hand-written rules of `briefgen ingest`, in one place, per language.

Libraries do the general language work: lingua detects the language, dateparser
finds and reads dates, babel names countries and weekdays, rapidfuzz scores
near spellings, briefgen.resolve matches people. What no library knows is kept
here, as plain lists a curator can read and extend:

- Vietnamese date phrases dateparser does not find inside a sentence;
- the words that introduce a person (titles) or cannot be part of a name;
- the words that mark a signing, a kind of agreement, a period of validity;
- the words that mark what a side agreed, asked, promised or was invited to;
- the words that give a meeting's kind or say it was held online;
- the context that tells an acronym shared by two organizations apart.

Every list is matched case-insensitively and, unless said otherwise, with
diacritics as written (Vietnamese "sẽ" is not "se").
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "vi", "fr")  # languages these rules cover; others still get dates, names and ids

# --- dates ----------------------------------------------------------------------------------

# A line at the top of an article that holds its own date ("January 10, 2020 | 10:08 am GMT+7",
# " date 2020-01 Hanoi (VNA) –"): the date must start within this many characters of the line.
DATELINE_START = 12
DATELINE_OTHER_WORDS = 3  # a line near the top that is a date and at most this many words ("am GMT") too
HEADER_LINES = 5

# --- people ---------------------------------------------------------------------------------

# Words that introduce a person, in addition to briefgen.resolve.TITLES (those are stripped
# when resolving; these only tell the extractor that a name follows).
EXTRA_TITLES = (
    "Deputy Minister",
    "Minister",
    "Director-General",
    "Director",
    "Head",
    "Ambassador",
    "Chairman",
    "ông",
    "bà",
    "Bộ trưởng",
    "Thứ trưởng",
    "Thủ tướng",
    "thành viên",
    "ministre",
    "Premier ministre",
    "M.",
    "Mme",
    "vice-ministre",
)
# Capitalized words that are never part of a person's name, whatever the dataset says.
NON_NAME_WORDS = {
    "the",
    "a",
    "an",
    "and",
    "of",
    "on",
    "in",
    "at",
    "to",
    "for",
    "from",
    "with",
    "by",
    "after",
    "also",
    "minister",
    "ministers",
    "ministry",
    "deputy",
    "vice",
    "prime",
    "director",
    "director-general",
    "general",
    "mr",
    "ms",
    "mrs",
    "dr",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "both",
    "two",
    "government",
    "department",
    "bureau",
    "office",
    "division",
    "agency",
    "corporation",
    "company",
    "group",
    "japan",
    "japanese",
    "vietnam",
    "vietnamese",
    "viet",
    "nam",
    "tokyo",
    "hanoi",
    "asean",
    "itu",
    "information",
    "communications",
    "communication",
    "internal",
    "home",
    "affairs",
    "international",
    "cooperation",
    "policy",
    "global",
    "strategy",
    "business",
    "promotion",
    "joint",
    "working",
    "meeting",
    "memorandum",
    "understanding",
    "agreement",
    "party",
    "central",
    "committee",
    "member",
    "bộ",
    "trưởng",
    "thứ",
    "ông",
    "bà",
    "phó",
    "thủ",
    "tướng",
    "nhật",
    "bản",
    "việt",
    "truyền",
    "thông",
    "tin",
    "le",
    "la",
    "les",
    "du",
    "de",
    "des",
    "premier",
    "ministre",
    "ministère",
    "japon",
    "photo",
    "vna",
    "vgp",
}
MAX_NAME_WORDS = 4  # longest run of capitalized words taken as an unknown person's name
TITLE_DISTANCE = 4  # an unknown name needs a title among the words just before it ("Bộ trưởng Truyền thông X")
# Vietnamese family names: a new person whose name starts with one is written family name first.
VIETNAMESE_FAMILY_NAMES = {
    "nguyễn",
    "trần",
    "lê",
    "phạm",
    "hoàng",
    "huỳnh",
    "phan",
    "vũ",
    "võ",
    "đặng",
    "bùi",
    "đỗ",
    "hồ",
    "ngô",
    "dương",
    "lý",
    "trương",
    "triệu",
    "đinh",
    "lâm",
    "mai",
    "trịnh",
    "đoàn",
    "lương",
    "tô",
    "hà",
}

# --- organizations and countries ------------------------------------------------------------

# A phrase starting with one of these may name an organization loosely ("la ministre japonaise de
# l'Intérieur, ..." for "ministère de l'Intérieur, ..."); it is compared with the dataset's names
# by rapidfuzz and taken when the score reaches ORG_FUZZY_SCORE.
ORG_HEADS = ("ministry", "minister", "ministère", "ministre", "bộ", "government", "gouvernement", "chính phủ")
ORG_FUZZY_SCORE = 90.0
# Spellings of a country name that babel does not give, added to its names in each language.
COUNTRY_VARIANTS = {
    "VN": ["Viet Nam", "Việt Nam", "Vietnamese", "vietnamien", "vietnamienne", "vietnamiens"],
    "JP": ["Japanese", "japonais", "japonaise", "japonaises", "Tokyo", "Nhật"],
}
# Cities a meeting place may name, with their country.
CITIES = {
    "Hanoi": "VN",
    "Hà Nội": "VN",
    "Ho Chi Minh City": "VN",
    "Thành phố Hồ Chí Minh": "VN",
    "Da Nang": "VN",
    "Đà Nẵng": "VN",
    "Tokyo": "JP",
    "Osaka": "JP",
}
# "MIC" in a sentence that names one of its meanings in full means another one; "X (MIC)" defines it;
# "MIC ... with Japan" is not Japan's. A leading "of <country>" or "<country>'s" next to it says whose.
ACRONYM_WITH_COUNTRY = r"{acr}\s+(?:of|của|du|de la|de l')\s+(?:the\s+)?{country}|{country}(?:'s|’s)\s+{acr}"
ACRONYM_NOT_COUNTRY = r"{acr}\b[^.;]*\b(?:with|avec|với)\s+(?:the\s+)?{country}"
# Marks of who published the article, giving its side when an acronym is still ambiguous.
PUBLISHER_MARKS = {
    "(VNA)": ("Vietnam News Agency (VNA)", "VN"),
    "VNA": ("Vietnam News Agency (VNA)", "VN"),
    "GMT+7": (None, "VN"),
    "+81 3": (None, "JP"),
}

# --- meetings -------------------------------------------------------------------------------

ONLINE = (
    "online",
    "video conference",
    "videoconference",
    "virtual meeting",
    "trực tuyến",
    "en ligne",
    "visioconférence",
)
VISIT_TO = (r"visit(?:ing)?\s+(?:to\s+)?", r"chuyến thăm\s+", r"visite\s+(?:au|en)\s+")
# Meeting kinds, first match wins; none found gives `bilateral_talks` marked "kind not stated".
MEETING_KINDS = (
    ("working_group", ("working group", "nhóm công tác", "groupe de travail")),
    ("courtesy_call", ("courtesy call", "tiếp xã giao", "visite de courtoisie", "a accueilli", "reçoit", "reçu")),
    ("delegation_visit", ("delegation", "đoàn công tác", "délégation")),
    ("conference", ("conference", "hội nghị", "conférence", "forum", "diễn đàn")),
    ("signing", ("signing ceremony", "lễ ký", "cérémonie de signature")),
    ("bilateral_talks", ("talks", "hội đàm", "đàm phán", "entretien", "entretiens")),
)
DEFAULT_MEETING_KIND = "bilateral_talks"

# --- agreements -----------------------------------------------------------------------------

SIGNING = (
    r"\bsign(?:s|ed|ing)?\b",
    r"\binked\b",
    r"\bký(?: kết)?\b",
    r"chứng kiến",
    r"\bsign(?:é|ée|és|ées|ature)\b",
    r"\bwitness(?:ed)?\b",
)
WITNESSED = (r"\bwitness(?:ed)?\b", r"chứng kiến", r"assist(?:é|ée|és)s? à la signature")
# Kind phrases, longest first within each kind; the first kind whose phrase appears wins.
AGREEMENT_KINDS = (
    (
        "agreement_in_principle",
        (
            "agreement in principle",
            "thỏa thuận về nguyên tắc",
            "thỏa thuận nguyên tắc",
            "accord de principe",
            "accord-cadre de principe",
        ),
    ),
    ("moc", ("memorandum of cooperation", "biên bản ghi nhớ hợp tác", "mémorandum de coopération", "moc")),
    ("mou", ("memorandum of understanding", "biên bản ghi nhớ", "mémorandum d'entente", "protocole d'accord", "mou")),
    ("convention", ("convention",)),
    ("contract", ("contract", "hợp đồng", "contrat")),
    ("agreement", ("agreement", "hiệp định", "thỏa thuận", "accord")),
)
# Kinds that are the same sort of document: mentions of either in one article are merged.
SAME_DOCUMENT = ({"moc", "mou"},)
DEFAULT_AGREEMENT_KIND = "agreement"
PERIOD = (
    re.compile(r"\bfrom\s+(\d{4})\s+(?:to|until|through)\s+(\d{4})\b", re.I),
    re.compile(r"\b(\d{4})\s*[–—-]\s*(\d{4})\b"),
    re.compile(r"\btừ\s+(?:năm\s+)?(\d{4})\s+(?:đến|tới)\s+(?:năm\s+)?(\d{4})\b", re.I),
    re.compile(r"\bde\s+(\d{4})\s+à\s+(\d{4})\b", re.I),
)
TITLE_STOP = re.compile(r"[,;:.(]|\s(?:including|bao gồm|notamment|y compris)\s")
TITLE_MAX_WORDS = 16

# --- commitments ----------------------------------------------------------------------------

# What a statement commits to, by kind, most specific first. A sentence may hold several; the
# first kind listed that matches decides. `joint` is owed by both sides, `request` by the side
# asked (named after the cue), `undertaking` by the side that speaks (named before it),
# `invitation` by the side invited (named after it).
COMMITMENT_CUES = (
    ("invitation", (r"\binvit(?:e|es|ed|ing)\b", r"\bmời\b", r"\ba invité\b", r"\binvite\b")),
    (
        "request",
        (
            r"\bask(?:s|ed)?\b",
            r"\brequest(?:s|ed)?\b",
            r"\bcall(?:s|ed)? on\b",
            r"\burg(?:es|ed)\b",
            r"\bexpects?\b[^.]*\bto\b",
            r"\bđề nghị\b",
            r"\byêu cầu\b",
            r"\bđề xuất\b",
            r"\bhy vọng rằng\b",
            r"\bcho rằng phía\b",
            r"\ba demandé\b",
            r"\bsouhaité que\b",
            r"\ba appelé\b",
        ),
    ),
    (
        "joint",
        (
            r"\bagree(?:s|d)? (?:to|on)\b",
            r"\bconfirmed (?:the|their)\b",
            r"\bnhất trí\b",
            r"\bthống nhất\b",
            r"\bsont convenus\b",
            r"\bont convenu\b",
        ),
    ),
    (
        "undertaking",
        (
            r"\bwill\b",
            r"\bcommitted to\b",
            r"\bpledg(?:es|ed)\b",
            r"\bpromis(?:es|ed)\b",
            r"\bready to\b",
            r"\bsẽ\b",
            r"\bcam kết\b",
            r"\bsẵn sàng\b",
            r"\bfournira\b",
            r"\bs'engage\b",
            r"\bfourniront\b",
        ),
    ),
)
# The subject of a statement when it names both sides rather than one.
BOTH_SIDES = (
    r"\bboth sides\b",
    r"\bthe two (?:sides|ministers|countries)\b",
    r"\bhai bên\b",
    r"\bhai Bộ trưởng\b",
    r"\bles deux (?:parties|ministres|gouvernements|pays)\b",
    r"\bJapan and Viet ?Nam\b",
    r"\bViet ?Nam and Japan\b",
)
# "agreed to A and to B" holds two commitments.
CLAUSE_SPLIT = re.compile(r",?\s+and to\s+|;\s+")
COMMITMENT_MAX_CHARS = 400

# --- drafts ---------------------------------------------------------------------------------

CHECK = "CHECK"  # marks every placeholder in a draft: search for it
DRAFT_PREFIX = "draft-"
