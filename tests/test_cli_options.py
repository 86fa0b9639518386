"""One meaning per option name: --out DIR is a folder, --output FILE a file, --date a visit date and
--as-of the day facts are judged on; choices are shown as choices; nothing is overwritten without
--force; defaults come from BRIEFGEN_DATA, BRIEFGEN_OUT and BRIEFGEN_LANG; --quiet; python -m briefgen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands)
from briefgen.cli.app import app
from briefgen.cli.options import Lang
from briefgen.i18n import LANGUAGES

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "examples" / "vn-jp-ict"
MATRIX = "2026-11-23_Viet-Nam-Japan-information-and-communications_matrix-en.xlsx"
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def help_of(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- names ------------------------------------------------------------------------------


def test_the_lang_choice_is_every_language_briefgen_writes():
    assert [lang.value for lang in Lang] == list(LANGUAGES)


@pytest.mark.parametrize("command", [("visit",), ("matrix",)])
def test_choices_and_environment_variables_are_shown_in_help(command):
    text = help_of(*command)
    assert "en|vi" in text
    for variable in ("BRIEFGEN_DATA", "BRIEFGEN_OUT", "BRIEFGEN_LANG"):
        assert variable in text


def test_visit_lists_the_installed_formats_as_choices():
    assert "docx|xlsx" in help_of("visit")
    bad = run("visit", "-c", "x", "--format", "odt")
    assert bad.exit_code == 2 and "odt" in bad.output


def test_every_out_is_a_folder_and_every_output_a_file():
    for command in ("visit", "matrix", "schema", "ingest", "refresh"):
        lines = help_of(command).splitlines()
        [out] = [line for line in lines if line.lstrip("│ ").startswith("--out ")]
        assert " DIR " in out, (command, out)
        for line in (line for line in lines if line.lstrip("│ ").startswith("--output")):
            assert " FILE " in line, (command, line)


def test_matrix_takes_as_of_and_still_understands_date(tmp_path):
    assert "--as-of" in help_of("matrix") and "--date" not in help_of("matrix")
    new = run("matrix", "--as-of", "2026-11-23", "--out", str(tmp_path))
    assert new.exit_code == 0, new.output
    old = run("matrix", "--date", "2026-11-23", "--out", str(tmp_path))
    assert old.exit_code == 0, old.output
    assert {p.name for p in tmp_path.iterdir()} == {MATRIX, MATRIX.replace(".xlsx", "-2.xlsx")}
    both = run("matrix", "--as-of", "2026-11-23", "--date", "2026-11-23", "--out", str(tmp_path))
    assert both.exit_code == 2 and "--as-of only" in both.stderr
    bad = run("matrix", "--as-of", "2026-02-30", "--out", str(tmp_path))
    assert bad.exit_code == 2 and "--as-of must be a date as YYYY-MM-DD" in bad.stderr


# --- environment ------------------------------------------------------------------------


def test_environment_variables_give_the_defaults_and_options_win(tmp_path):
    env = {"BRIEFGEN_DATA": str(tmp_path / "nowhere")}
    assert run("check", env=env).exit_code == 2
    assert run("check", "--data", str(BUNDLED), env=env).exit_code == 0
    out = tmp_path / "briefs"
    env = {"BRIEFGEN_OUT": str(out), "BRIEFGEN_LANG": "vi"}
    result = run("matrix", "--as-of", "2026-11-23", env=env)
    assert result.exit_code == 0, result.output
    vietnamese = MATRIX.replace("-en.xlsx", "-vi.xlsx")
    assert [p.name for p in out.iterdir()] == [vietnamese]
    from openpyxl import load_workbook

    assert "Ma trận" in load_workbook(out / vietnamese).sheetnames
    wrong = run("matrix", env={"BRIEFGEN_LANG": "fr"})
    assert wrong.exit_code == 2 and "BRIEFGEN_LANG" in wrong.output


# --- never overwrite; write errors in words -------------------------------------------------


def test_schema_output_never_overwrites_without_force(tmp_path):
    target = tmp_path / "s.json"
    assert run("schema", "--output", str(target)).exit_code == 0
    target.write_text("mine", encoding="utf-8")
    again = run("schema", "-o", str(target))
    assert again.exit_code == 2 and "exists" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("schema", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "DatasetFile"


def test_schema_out_is_a_folder_and_the_old_out_file_still_works(tmp_path):
    folder = tmp_path / "editor"
    assert run("schema", "--out", str(folder)).exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["briefgen.schema.json"]
    legacy = run("schema", "--out", str(tmp_path / "old.json"))
    assert legacy.exit_code == 0 and (tmp_path / "old.json").is_file()
    assert "--output" in legacy.stderr  # says the new spelling
    both = run("schema", "--out", str(folder), "--output", str(tmp_path / "x.json"))
    assert both.exit_code == 2 and "not both" in both.stderr


def test_a_write_error_is_one_sentence_not_an_exception_name(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("schema", "--output", str(blocker / "sub" / "s.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write into {blocker / 'sub'}: ")
    assert "Error" not in result.stderr and "unexpected" not in result.stderr


def test_ingest_out_writes_into_an_existing_folder(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Talks in Tokyo\n\nMarch 3, 2020\n\nOn March 2, Minister Takaichi Sanae received "
        "Minister Nguyen Manh Hung in Tokyo.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "drafts-here"
    folder.mkdir()
    result = run("ingest", str(article), "--out", str(folder))
    assert result.exit_code == 0, result.output
    assert [p.name for p in folder.iterdir()] == ["article.yaml"]


# --- quiet, python -m ---------------------------------------------------------------------


def test_quiet_prints_nothing_but_errors(tmp_path):
    ok = run("check", "--quiet")
    assert ok.exit_code == 0 and ok.stdout == "" and ok.stderr == ""
    written = run("visit", "-c", "Takaichi Sanae", "--out", str(tmp_path), "-q")
    assert written.exit_code == 0 and written.stdout == "" and written.stderr == ""
    assert len(list(tmp_path.iterdir())) == 2
    bad = run("visit", "-c", "Nguyen", "--out", str(tmp_path), "-q")
    assert bad.exit_code == 2 and bad.stderr.startswith('error: "Nguyen" matches 2 people')


def test_python_m_briefgen_is_the_command_line():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("briefgen ")


def test_each_command_is_registered_by_the_module_the_start_imports_for_it():
    """cli.main imports only the named command's module: its table must name every command, by its module."""
    from briefgen.cli.main import COMMAND_MODULES

    registered = {(info.name or info.callback.__name__): info.callback.__module__ for info in app.registered_commands}
    registered |= {
        info.name: info.typer_instance.registered_commands[0].callback.__module__ for info in app.registered_groups
    }
    assert {name: f"briefgen.cli.{module}" for name, module in COMMAND_MODULES.items()} == registered


@pytest.mark.parametrize(
    ("args", "imported", "not_imported"),
    [
        (["--debug", "check", "--help"], "briefgen.cli.data", "briefgen.cli.visit"),
        (["who", "--help"], "briefgen.cli.people", "briefgen.cli.data"),
        (["--help"], "briefgen.cli.visit", None),
        (["chekc"], "briefgen.cli.data", None),
    ],
)
def test_a_run_imports_the_module_of_the_command_it_names_or_all_of_them(args, imported, not_imported):
    code = (
        "import sys\n"
        "from briefgen.cli.main import register_commands\n"
        f"register_commands({args!r})\n"
        f"print({imported!r} in sys.modules, {not_imported!r} in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.split() == ["True", "False"]


def test_a_mistyped_command_is_still_answered_with_the_commands_there_are():
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen", "chekc"], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 2 and "No such command 'chekc'" in proc.stderr
