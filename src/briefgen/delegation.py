"""A visit file: the meeting itself (date, place, format, purpose, our side) and their side's names.

A delegation file is a visit file that gives only their side: one name per line (# comments), or a
YAML list of names (`.yaml`/`.yml`, optionally under `delegation:` or `counterparts:`).  A visit file
is a YAML mapping, checked like a dataset file (unknown keys are errors, every problem at once with
file:line and field):

    visit:
      date: 2026-12-08
      place: {city: {en: Hanoi, vi: Hà Nội}, country: VN}   # or {online: true}
      format: bilateral_talks            # a meeting kind of the dataset
      purpose: {en: Review the 2020 MoC, vi: Rà soát Bản ghi nhớ 2020}
      our_side:
        principal: {en: Minister Nguyễn Mạnh Hùng, vi: Bộ trưởng Nguyễn Mạnh Hùng}
        members: [Deputy Minister Phan Tâm]
      their_side: [Takaichi Sanae]

The visit's texts are written like a dataset's: a plain text, or translations `{en: …, vi: …}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import Field, TypeAdapter, ValidationError

from briefgen.dataset import _pydantic_problems  # pydantic's errors in a curator's terms, as for the dataset
from briefgen.errors import BadInputError, DatasetError, Problem
from briefgen.inputs import read_limited
from briefgen.localtext import LocalText
from briefgen.models import MeetingKind, Place, Record, Text
from briefgen.yamlfile import Origin, parse_text

MAX_DELEGATION_BYTES = 1_000_000  # a delegation is a few dozen names


class OurSide(Record):
    principal: LocalText | None = Field(
        None, description='who receives or meets them, e.g. "Minister Nguyễn Mạnh Hùng"'
    )
    members: list[LocalText] = Field(default_factory=list, description="the rest of our side, in order")


class Visit(Record):
    """The meeting a batch of briefs is for; every part optional but `their_side`."""

    date: dt.date | None = Field(None, description="the visit date, YYYY-MM-DD (`--date` may not contradict it)")
    place: Place | None = None
    format: MeetingKind | None = Field(None, description="courtesy_call, bilateral_talks, working_group, …")
    purpose: LocalText | None = None
    our_side: OurSide | None = None
    their_side: list[Text] = Field(min_length=1, description="names (or person ids) of their side, head first")


class VisitFileError(DatasetError):
    """The visit file has errors; `problems` lists each with its line."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        self.args = (f"the visit file has {len(errors)} error(s)",)


_VISIT = TypeAdapter(Visit)


def read_visit(path: Path) -> Visit:
    """The visit a visit file (or a delegation file) describes; a delegation file gives only `their_side`."""
    path = Path(path)
    raw = read_limited(path, MAX_DELEGATION_BYTES, "visit file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"cannot read visit file {path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if path.suffix not in {".yaml", ".yml"}:
        names = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        if not names:
            raise BadInputError(f"{path}: no names in the delegation file")
        return Visit.model_validate({"their_side": names})
    parsed, problems = parse_text(text, str(path))
    errors = [p for p in problems if p.severity == "error"]
    if parsed is None or errors:
        raise VisitFileError(errors or problems)
    data, where = parsed.data, parsed.line_of(())
    key: tuple = ()
    if isinstance(data, dict) and "visit" in data:
        unknown = sorted(str(k) for k in data if k != "visit")
        if unknown:
            raise VisitFileError(
                [Origin(parsed, (k,)).problem((), "unknown key; a visit file holds `visit:`") for k in unknown]
            )
        data, key = data["visit"], ("visit",)
    elif isinstance(data, dict) and set(data) <= {"delegation", "counterparts"}:
        data = data.get("delegation") or data.get("counterparts")
    if isinstance(data, list):
        if not data or not all(isinstance(n, str) for n in data):
            raise BadInputError(
                f"{path}:{where}: expected a YAML list of names" if where else f"{path}: expected a YAML list of names"
            )
        return Visit.model_validate({"their_side": [n.strip() for n in data if n.strip()]})
    if not isinstance(data, dict):
        raise BadInputError(f"{path}:{where}: expected a visit (date, place, format, purpose, our_side, their_side)")
    try:
        return _VISIT.validate_python(data)
    except ValidationError as exc:
        raise VisitFileError(_pydantic_problems(exc, Origin(parsed, key))) from None


# The page's visit form: its field names, each what the officer types for one part of a visit file.
FORM_FIELDS = ("city", "venue", "country", "online", "format", "purpose", "principal", "members")
MAX_FORM_TEXT = 300  # characters a form field may hold: a place, a purpose, a name


def visit_from_form(values: Mapping[str, str], date: dt.date, their_side: Sequence[str], lang: str) -> Visit | None:
    """The visit the page's form describes, checked by the same model as a visit file; None when the form
    gives nothing but the date (the brief then opens with the counterpart and the date, as `--date` does).

    The officer types in the documents' language `lang`, so each text is that language's translation (a
    plain text would be taken as the dataset's text language and marked untranslated).  A bad value is a
    BadInputError naming the field, every problem at once.
    """
    given = {key: str(values.get(key) or "").strip() for key in FORM_FIELDS}
    too_long = [key for key, text in given.items() if len(text) > MAX_FORM_TEXT]
    if too_long:
        raise BadInputError(f"at most {MAX_FORM_TEXT} characters in: {', '.join(too_long)}")
    place: dict = {k: {lang: given[k]} for k in ("city", "venue") if given[k]}
    if given["country"]:
        place["country"] = given["country"]
    if given["online"] in ("on", "true", "1"):
        place = {"online": True}
    members = [{lang: m.strip()} for m in given["members"].replace(";", "\n").splitlines() if m.strip()]
    our_side: dict = {"principal": {lang: given["principal"]}} if given["principal"] else {}
    if members:
        our_side["members"] = members
    data: dict = {"date": date, "their_side": list(their_side)}
    if place:
        data["place"] = place
    if given["format"]:
        data["format"] = given["format"]
    if given["purpose"]:
        data["purpose"] = {lang: given["purpose"]}
    if our_side:
        data["our_side"] = our_side
    if len(data) == 2:
        return None
    try:
        return _VISIT.validate_python(data)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc'][:2])}: {e['msg']}" for e in exc.errors()]
        raise BadInputError("the visit's details: " + "; ".join(problems)) from None


def read_delegation(path: Path) -> list[str]:
    """The names of their side in a delegation (or visit) file."""
    return list(read_visit(path).their_side)
