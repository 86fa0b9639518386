"""pydantic's validation messages, said in a curator's terms.

"String should match pattern '^[a-z0-9][a-z0-9._-]*$'" means nothing to the person keeping a
dataset; "an id is lower-case letters, digits, '.', '_' or '-' (perhaps 'takaichi-sanae')" does.
`curator_message` turns one pydantic error (an entry of ValidationError.errors()) into such a
sentence; anything it does not know is passed through, without pydantic's "Value error, " prefix.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from rapidfuzz import process
from rapidfuzz.distance import OSA

# The patterns of briefgen.models, by what they describe.
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$"

_SHOWN = 60  # characters of an input quoted in a message

# Country codes written where the language of that country was meant: the slips curators make (VN is Viet Nam,
# its language vi).  Only codes that are no language code themselves (tests check each against babel).
_COUNTRY_NOT_LANGUAGE = {
    "vn": "vi",
    "jp": "ja",
    "cn": "zh",
    "kr": "ko",
    "gr": "el",
    "dk": "da",
    "cz": "cs",
    "ua": "uk",
    "il": "he",
    "ir": "fa",
    "us": "en",
    "gb": "en",
    "at": "de",
    "kh": "km",
    "mm": "my",
    "ph": "fil",
}


@functools.cache
def is_language_code(code: str) -> bool:
    """Whether `code` (a BCP 47 tag: `vi`, `ja`, `zh-Hant`, `pt-BR`) names a language babel's locale data knows.

    The models accept anything shaped like a code; only here is `vn` (Viet Nam, the country) told from `vi`.
    A deprecated or three-letter alias of a two-letter code (`iw`, `vie`) is not one: the briefs match texts to
    languages by their codes, so `vie` texts would never be found for a Vietnamese brief."""
    primary = code.partition("-")[0].lower()
    if primary == "und" or primary in get_global("language_aliases"):  # "undetermined" is no language
        return False
    try:
        return Locale.parse(code, sep="-").language not in ("und", "")
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def language_suggestion(code: str) -> str:
    """The language code probably meant by `code`, which is none: `vn` → `vi`, `jp` → `ja`, `vie` → `vi`."""
    primary, _, rest = code.partition("-")
    primary = primary.lower()
    for candidate in (_COUNTRY_NOT_LANGUAGE.get(primary), get_global("language_aliases").get(primary), primary):
        if candidate and "_" not in candidate and is_language_code(candidate):
            return candidate + (f"-{rest}" if rest and is_language_code(f"{candidate}-{rest}") else "")
    return ""


def did_you_mean(value: Any, choices: Iterable[str]) -> str:
    """The one of `choices` closest to `value`, when close enough to be a slip of the keyboard; else empty.

    Close means a few edits (a swapped pair of letters counts as one): one up to eight letters, two up to
    sixteen, three beyond.  Further than that a guess misleads more than it helps: `mic-vn` is not a slip
    for `mic-jp`."""
    if not isinstance(value, str) or not value:
        return ""
    limit = 1 if len(value) <= 8 else 2 if len(value) <= 16 else 3
    found = process.extractOne(value, choices, scorer=OSA.distance, score_cutoff=limit)
    return str(found[0]) if found and found[0] != value else ""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…'"


def _kind_of(value: Any) -> str:
    """What a YAML value is, in a curator's words."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if value is None:
        return "nothing (an empty value)"
    return f"a {type(value).__name__} ({_shown(value)})"


def suggested_id(text: str) -> str:
    """What a curator probably meant as an id: 'Takaichi Sanae' → 'takaichi-sanae'."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9._]+", "-", folded).strip("-._")


def _pattern_message(pattern: str, value: Any) -> str:
    if pattern == ID_PATTERN:
        hint = suggested_id(value) if isinstance(value, str) else ""
        maybe = f" (perhaps {hint!r})" if hint and hint != value else ""
        return f"{_shown(value)} is not an id: an id is lower-case letters, digits, '.', '_' or '-'{maybe}"
    if pattern == COUNTRY_PATTERN:
        maybe = f" (perhaps {value.upper()!r})" if isinstance(value, str) and re.fullmatch("[a-z]{2}", value) else ""
        return f"{_shown(value)} is not a country code: write its two capital letters (ISO 3166), e.g. JP or VN{maybe}"
    if pattern == LANG_PATTERN:
        if isinstance(value, str) and re.fullmatch("[A-Za-z]{2,3}(-[A-Za-z0-9]+)?", value):
            maybe = f" (perhaps {value.lower()!r})" if re.fullmatch("[A-Z]{2,3}", value) else ""
            return f"{_shown(value)} is not a language code: write it in lower case, e.g. en, vi, fr or ja{maybe}"
        return f"{_shown(value)} is not a language code: write the code, e.g. en, vi, fr or ja"
    return f"{_shown(value)} does not have the expected form (the pattern {pattern})"


# How briefgen.localtext.LocalText says it was given neither a text nor translations.
_LOCAL_TEXT_TYPE = "Value error, expected a text or translations"


def _quote_it(value: Any) -> str:
    return " (put it in quotes to keep it as text)" if isinstance(value, (bool, int, float)) else ""


def curator_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (a dict of ValidationError.errors()) as a curator would want to read it."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see `briefgen schema`)"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than the {ctx.get('max_length')} characters allowed"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "give at least one entry" if least == 1 else f"give at least {least} entries"
    if kind == "too_long":
        return f"give at most {ctx.get('max_length')} entries"
    if kind in {"enum", "literal_error"}:
        return f"{_shown(value)} is not one of the allowed values: {ctx.get('expected', '')}"
    if kind in {"string_type", "str_type"}:
        return f"expected text, not {_kind_of(value)}{_quote_it(value)}"
    if kind == "value_error" and str(error.get("msg", "")).startswith(_LOCAL_TEXT_TYPE):
        # briefgen.localtext: a reader-facing text, given something that is neither text nor translations
        return f"expected text (or translations {{en: …, vi: …}}), not {_kind_of(value)}{_quote_it(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- ', or [a, b]), not {_kind_of(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (key: value lines, or {{key: value}}), not {_kind_of(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, not {_kind_of(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, not {_kind_of(value)}"
    return str(error.get("msg", "invalid value")).removeprefix("Value error, ")
