"""`--json`: one JSON document on standard output per run, for scripts (the shape: docs/cli-json.md).

Every document has the same envelope: `briefgen` (the version), `command`, `ok`, `exit_code`,
`error` (null, or what went wrong) and `problems` (the dataset's errors, each with file, line and
field); each command adds its own keys.  Only the document goes to standard output; what a person
reads (the dataset used, warnings, progress) stays on standard error, and --quiet silences it.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from briefgen import __version__
from briefgen.cli.exitcodes import EXIT_OK, exit_code
from briefgen.errors import DatasetError, NameNotResolvedError, Problem

if TYPE_CHECKING:
    from briefgen.dataset import Dataset
    from briefgen.resolve import Candidate

SHAPE_VERSION = 1  # raised when a key is removed or changes meaning; new keys may appear without it


def problem(p: Problem) -> dict[str, Any]:
    """A finding of the dataset check: `line` is 0 when it concerns a whole file or folder; `suggestion` is
    what was probably meant (a key, id, value or language code to put in its place), or null."""
    return {
        "file": p.file,
        "line": p.line,
        "field": p.path,
        "message": p.message,
        "severity": p.severity,
        "suggestion": p.suggestion or None,
    }


def candidate(c: Candidate) -> dict[str, Any]:
    """A person a name might mean (briefgen.resolve.Candidate)."""
    return {"id": c.person_id, "name": c.display, "how": c.how, "matched": c.matched, "score": c.score}


def document(
    command: str,
    *,
    exit_code: int = EXIT_OK,
    error: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "briefgen": __version__,
        "shape": SHAPE_VERSION,
        "command": command,
        "ok": exit_code == EXIT_OK,
        "exit_code": exit_code,
        "error": error,
        "problems": [problem(p) for p in problems or ()],
    }
    doc.update(fields)
    return doc


def error_of(exc: BaseException) -> dict[str, Any]:
    """What went wrong: `kind` is the exception's class (DatasetError, NameNotResolvedError, OutputError, ...)."""
    found: dict[str, Any] = {"kind": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, NameNotResolvedError):
        found["candidates"] = [candidate(c) for c in exc.candidates]
    return found


# What json.dumps(ensure_ascii=False) leaves raw though it is a control character (DEL, C1) or a line
# separator to JavaScript: escaped too, so data cannot act on a terminal or a reader of the output.
_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029]")


def dumps(doc: dict[str, Any]) -> str:
    """`doc` as JSON text: non-ASCII letters as they are, every control character escaped."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit(doc: dict[str, Any]) -> None:
    sys.stdout.write(dumps(doc) + "\n")
    sys.stdout.flush()


def emit_error(command: str, exc: BaseException) -> None:
    """The document of a run that failed with `exc` (called by cli.app.fail under --json)."""
    problems = [p for p in exc.problems if p.severity == "error"] if isinstance(exc, DatasetError) else []
    warnings = [problem(p) for p in exc.problems if p.severity != "error"] if isinstance(exc, DatasetError) else []
    code = exit_code(exc)
    extra = {"warnings": warnings} if command == "check" else {}
    emit(document(command, exit_code=code, error=error_of(exc), problems=problems, **extra))


def dataset_info(dataset: Dataset, *, bundled: bool) -> dict[str, Any]:
    return {"name": dataset.manifest.name, "root": str(dataset.root), "bundled": bundled}
