"""Exceptions briefgen raises.

The library never prints or exits; it raises one of these.  The CLI is the one
place that turns them into a message on stderr and an exit code: a BadInputError
is about the data, a name, a template or an option the user gave; any other
BriefgenError went wrong on our side or the machine's.
"""

from __future__ import annotations

from dataclasses import dataclass


class BriefgenError(Exception):
    """Base class: a failure that is not the user's input."""


class BadInputError(BriefgenError):
    """The user's input (data, name, template, option) cannot be used."""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of `check`: where it is and what is wrong.

    `severity` is "error" (the dataset cannot be used) or "warning" (it can,
    but a curator should look).  `suggestion` is what was probably meant (a key, an id,
    a value or a language code that is close to the one written), or empty: an editor
    can offer it as a replacement, and the line says "did you mean …?".
    """

    file: str
    line: int
    path: str
    message: str
    severity: str = "error"
    suggestion: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        tag = "" if self.severity == "error" else f" {self.severity}:"
        maybe = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        return f"{where}:{tag}{field} {self.message}{maybe}"


class DatasetError(BadInputError):
    """The dataset has errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"the dataset has {len(errors)} error(s)")


class NameNotResolvedError(BadInputError):
    """A counterpart name matched nobody, or more than one person."""

    def __init__(self, message: str, candidates: list | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class TemplateError(BadInputError):
    """A Word template is unusable: broken tag, unknown variable, not a .docx."""


class BriefNotUsableError(BadInputError):
    """A Word brief given to `refresh` (or in the way of `visit --force`) cannot be used as asked:
    not a brief briefgen wrote, from another dataset, corrupt, encrypted, or edited by an officer."""


class OutputError(BriefgenError):
    """A file could not be written."""
