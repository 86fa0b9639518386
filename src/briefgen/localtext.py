"""Text a reader sees, written once in the dataset's language or with translations.

A curator writes `title: Memorandum of Cooperation` (in the manifest's `text_language`)
or `title: {en: Memorandum of Cooperation, vi: Bản ghi nhớ hợp tác}`.  Briefs are read
in the home side's language, so every such text must be able to say whether it really
is in the language asked for: `in_lang` answers with the text and that flag, and the
views mark an untranslated original instead of passing it off as a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$"
_LANG = re.compile(LANG_PATTERN)


@dataclass(frozen=True, slots=True)
class LocalText:
    """A plain text (`plain`), or translations by language code (`translations`, in the order written)."""

    plain: str | None = None
    translations: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, value: Any) -> LocalText:
        if isinstance(value, LocalText):
            return value
        if isinstance(value, str):
            text = value.strip()
            if not text:
                raise ValueError("text must not be empty")
            return cls(plain=text)
        if isinstance(value, dict):
            if not value:
                raise ValueError("give the text, or at least one translation {en: …, vi: …}")
            pairs = []
            for lang, text in value.items():
                if not isinstance(lang, str) or not _LANG.match(lang):
                    raise ValueError(
                        f"{lang!r} is not a language code (en, vi, fr, ja…); if it is part of the "
                        "text before it, quote a value that contains a comma"
                    )
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"the {lang} text must be a non-empty string")
                pairs.append((lang, text.strip()))
            return cls(translations=tuple(pairs))
        raise ValueError(f"expected a text or translations {{en: …, vi: …}}, got {type(value).__name__}")

    @classmethod
    def of(cls, value: LocalText | str) -> LocalText:
        """`value` as a LocalText, a plain string taken as it is (no validation: for showing text)."""
        return value if isinstance(value, LocalText) else cls(plain=value)

    def languages(self, base: str) -> set[str]:
        """The languages this text is available in; a plain text is in `base`."""
        return {base} if self.plain is not None else {lang for lang, _ in self.translations}

    def in_lang(self, lang: str, base: str) -> tuple[str, bool]:
        """The text in `lang` and True; else the original (in `base` if given) and False."""
        if self.plain is not None:
            return self.plain, lang == base
        found = dict(self.translations)
        if lang in found:
            return found[lang], True
        return found.get(base) or self.translations[0][1], False

    def __str__(self) -> str:
        """The original: the plain text, or the first translation written."""
        return self.plain if self.plain is not None else self.translations[0][1]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        text = core_schema.str_schema(min_length=1)
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            json_schema_input_schema=core_schema.union_schema(
                [text, core_schema.dict_schema(core_schema.str_schema(pattern=LANG_PATTERN), text, min_length=1)]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.plain if v.plain is not None else dict(v.translations)
            ),
        )
