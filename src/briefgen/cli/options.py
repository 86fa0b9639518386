"""Options several commands share, declared once so that a name means one thing everywhere.

- `--data DIR`: the dataset folder (BRIEFGEN_DATA);
- `--out DIR`: always a folder to write into, created if missing (BRIEFGEN_OUT where the files are
  documents); `--output FILE` / `-o FILE`: always one file, named exactly;
- `--date`: the date of a visit; `--as-of`: the day facts are judged on;
- `--lang`: the documents' language, one of the languages briefgen can write (BRIEFGEN_LANG);
- `--force`: replace an existing file; without it nothing is ever overwritten;
- `--json`: one JSON document on standard output (docs/cli-json.md); `--quiet`: nothing but errors.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from briefgen.cli.app import _state, err, set_quiet
from briefgen.errors import BadInputError
from briefgen.i18n import LANGUAGES

ENV_OUT = "BRIEFGEN_OUT"
ENV_LANG = "BRIEFGEN_LANG"


class Lang(StrEnum):
    """The languages briefgen writes (i18n.LANGUAGES, which a test holds this to), as a choice: --help lists
    them and a wrong one is refused before anything runs."""

    en = "en"
    vi = "vi"


def lang_option(help_text: str) -> Any:
    return typer.Option(LANGUAGES[0], "--lang", envvar=ENV_LANG, help=help_text, case_sensitive=False)


def out_dir_option(help_text: str, *, env: bool = True, default: Path | None = Path("."), legacy: bool = False) -> Any:
    """`legacy`: the command once took a file here (see output_target), so an existing file is not refused here."""
    return typer.Option(
        default, "--out", metavar="DIR", envvar=ENV_OUT if env else None, file_okay=legacy, help=help_text
    )


def output_option(help_text: str) -> Any:
    return typer.Option(None, "--output", "-o", metavar="FILE", dir_okay=False, help=help_text)


JsonOption: Any = typer.Option(
    False, "--json", help="Print one JSON document on standard output (shape: docs/cli-json.md)."
)
QuietOption: Any = typer.Option(False, "--quiet", "-q", help="Print nothing but errors; the exit code tells the rest.")
ForceOption: Any = typer.Option(False, "--force", help="Replace a file of the same name.")


def apply(command: str, *, as_json: bool = False, quiet: bool = False) -> None:
    """Apply --json (errors become the command's JSON document too) and --quiet (nothing but errors)."""
    set_quiet(quiet)
    _state["json"] = command if as_json else None


def output_target(
    out_dir: Path | None, output: Path | None, suffixes: tuple[str, ...]
) -> tuple[Path | None, Path | None]:
    """Settle `--out DIR` against `--output FILE` for a command that writes one file.

    Before `--output` existed, `--out` named the file for these commands: a path that ends in one of
    `suffixes` and is not a folder is still taken as the file, with a note saying so.
    Returns (folder, file); at most one of them is set.
    """
    if out_dir is not None and output is not None:
        raise BadInputError("give --out DIR or --output FILE, not both")
    if out_dir is not None and out_dir.suffix.lower() in suffixes and not out_dir.is_dir():
        err.print(
            f"note: --out is a folder; taking {out_dir} as the file (say --output {out_dir} from now on)", markup=False
        )
        return None, out_dir
    return out_dir, output


def refuse_existing(path: Path, force: bool) -> None:
    """The rule for a file named exactly: never replaced unless --force."""
    if path.is_dir():
        raise BadInputError(f"{path} is a folder: give a file name to --output, or the folder to --out")
    if os.path.lexists(path) and not force:  # a link counts, dangling or not (it is replaced, never followed)
        raise BadInputError(f"{path} exists: give another name, or --force to replace it")
