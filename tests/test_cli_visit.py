"""`briefgen visit` and `briefgen formats` through typer's runner, and once as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands)
from briefgen.cli.app import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_visit_writes_and_prints_files_and_warnings(tmp_path):
    result = run("visit", "--counterpart", "Ms. Takaichi", "--date", "2026-11-23", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "2026-11-23_TAKAICHI-Sanae_brief-en.docx" in result.stdout
    assert "confirm it is still held" in result.stderr
    assert "year inferred" in result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".xlsx"]


def test_ambiguous_name_exits_2_lists_candidates_and_writes_nothing(tmp_path):
    result = run("visit", "--counterpart", "Nguyen", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "nguyen-manh-hung" in result.stderr and "nguyen-xuan-phuc" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_date_and_language_are_bad_input(tmp_path):
    assert run("visit", "-c", "takaichi-sanae", "--date", "23/11/2026", "--out", str(tmp_path)).exit_code == 2
    assert run("visit", "-c", "takaichi-sanae", "--lang", "de", "--out", str(tmp_path)).exit_code == 2


def test_delegation_file_batch_with_one_bad_name(tmp_path):
    names = tmp_path / "delegation.txt"
    names.write_text("# delegation\nTakaichi Sanae\nNobody Atall\nZhang Mingjun\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("visit", "--delegation", str(names), "--date", "2026-11-23", "--out", str(out))
    assert result.exit_code == 2
    assert "1 of 3 briefing(s) failed" in result.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "2026-11-23_TAKAICHI-Sanae_brief-en.docx",
        "2026-11-23_Truong-Minh-Tuan_brief-en.docx",
    ]


def test_pdf_without_soffice_still_writes_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("visit", "-c", "takaichi-sanae", "--pdf", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "LibreOffice is not installed" in result.stderr
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".xlsx"]


@pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
)
def test_pdf_with_soffice(tmp_path):
    result = run("visit", "-c", "takaichi-sanae", "--pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 2 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_formats_lists_builtin_renderers():
    result = run("formats")
    assert result.exit_code == 0 and "docx" in result.stdout and "xlsx" in result.stdout


@pytest.mark.parametrize(
    "command", [["visit"], ["check"], ["formats"], ["schema"], ["people"], ["who"], ["matrix"], ["template", "export"]]
)
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_version_and_shell_completion_are_offered():
    assert run("--version").stdout.startswith("briefgen ")
    top = run("--help").stdout
    assert "--install-completion" in top and "--debug" in top


def test_installed_command_as_a_real_process(tmp_path):
    exe = shutil.which("briefgen")
    if exe is None:
        pytest.skip("the briefgen command is not on PATH (package not installed)")
    result = subprocess.run(
        [exe, "visit", "--counterpart", "高市早苗", "--date", "2026-11-23"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stderr
    assert Path(tmp_path, "2026-11-23_TAKAICHI-Sanae_brief-en.docx").is_file()
    bad = subprocess.run(
        [exe, "visit", "--counterpart", "Smith"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.strip()


def test_debug_shows_the_traceback_otherwise_one_line(tmp_path):
    from briefgen.errors import NameNotResolvedError

    quiet = run("visit", "-c", "Smith", "--out", str(tmp_path))
    assert (quiet.exit_code == 2 and quiet.stderr.count("\n") <= 3 and quiet.exception is None) or isinstance(
        quiet.exception, SystemExit
    )
    loud = run("--debug", "visit", "-c", "Smith", "--out", str(tmp_path))
    assert isinstance(loud.exception, NameNotResolvedError)


def test_visit_file_writes_each_brief_with_the_visit_on_its_first_line(tmp_path):
    import docx

    example = Path(__file__).resolve().parent.parent / "examples" / "visit-takaichi.yaml"
    result = run("visit", "--visit", str(example), "--out", str(tmp_path), "--email", "desk@example.org")
    assert result.exit_code == 0, result.output
    brief = tmp_path / "2026-12-08_TAKAICHI-Sanae_brief-en.docx"  # the visit file's date
    paragraphs = [p.text for p in docx.Document(str(brief)).paragraphs if p.text.strip()]
    visit_line = next(p for p in paragraphs if p.startswith("On 8 December 2026"))
    assert paragraphs.index(visit_line) <= 2  # after the kicker and the name: the first line a reader reads
    assert "Minister Nguyễn Mạnh Hùng receives TAKAICHI Sanae" in visit_line and "(bilateral talks)" in visit_line
    eml = (tmp_path / "2026-12-08_TAKAICHI-Sanae_email-en.eml").read_bytes()
    assert b"briefgen" not in eml.split(b"Content-Disposition")[0].lower()  # no tool name for colleagues


def test_visit_file_errors_exit_2_with_file_and_line_and_write_nothing(tmp_path):
    bad = tmp_path / "visit.yaml"
    bad.write_text("visit:\n  date: 2026-13-01\n  their_side: [Takaichi Sanae]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("visit", "--visit", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert f"{bad}:2: visit.date:" in result.stderr and "the visit file has 1 error(s)" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_date_contradicting_the_visit_file_is_refused(tmp_path):
    example = Path(__file__).resolve().parent.parent / "examples" / "visit-takaichi.yaml"
    result = run("visit", "--visit", str(example), "--date", "2026-12-09", "--out", str(tmp_path))
    assert result.exit_code == 2 and "contradicts the visit file's date 2026-12-08" in result.stderr
