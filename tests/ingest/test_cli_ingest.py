"""`briefgen ingest` through typer's CliRunner: where the draft goes, what is printed, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands on `app`)
from briefgen.cli.app import app

from .helpers import copy_dataset

runner = CliRunner()
SEED = "001_2dca30dff9417692.txt"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_ingest_writes_into_drafts_and_check_drafts_accepts_it(tmp_path):
    root = copy_dataset(tmp_path)
    result = invoke("ingest", str(tmp_path / "seeds" / SEED), "--data", str(root))
    assert result.exit_code == 0, result.output
    target = root / "drafts" / "001_2dca30dff9417692.yaml"
    assert result.stdout.strip() == f"wrote {target}"
    assert "meeting on 2018-05-02" in result.stderr and "placeholders marked CHECK" in result.stderr
    assert f"briefgen check --data {root} --drafts" in result.stderr
    assert invoke("check", "--data", str(root)).stdout.startswith("ok: 8 people, 10 organizations, 5 meetings")
    checked = invoke("check", "--data", str(root), "--drafts")
    assert checked.exit_code == 0, checked.output
    assert "6 meetings" in checked.stdout and "0 warning(s)" in checked.stdout


def test_a_second_run_never_overwrites_the_first_draft(tmp_path):
    root = copy_dataset(tmp_path)
    for _ in range(2):
        assert invoke("ingest", str(tmp_path / "seeds" / SEED), "--data", str(root)).exit_code == 0
    assert sorted(p.name for p in (root / "drafts").iterdir()) == [
        "001_2dca30dff9417692-2.yaml",
        "001_2dca30dff9417692.yaml",
    ]
    assert invoke("check", "--data", str(root), "--drafts").exit_code == 0  # ids differ between the two


def test_out_writes_the_file_asked_for_and_refuses_an_existing_one(tmp_path):
    out = tmp_path / "mine.yaml"
    first = invoke("ingest", _article(tmp_path), "--out", str(out))
    assert first.exit_code == 0, first.output
    assert out.read_text(encoding="utf-8").startswith("# Draft made by `briefgen ingest`")
    second = invoke("ingest", _article(tmp_path), "--out", str(out))
    assert second.exit_code == 2 and "exists" in second.stderr


def test_with_the_bundled_dataset_the_draft_goes_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("ingest", _article(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "drafts" / "article.yaml").is_file()


def test_unreadable_articles_exit_2_with_one_message(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for path, message in ((bad, "not UTF-8"), (empty, "is empty"), (tmp_path / "none.txt", "cannot read")):
        result = invoke("ingest", str(path), "--out", str(tmp_path / "x.yaml"))
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.yaml").exists()


def _article(tmp_path: Path) -> str:
    path = tmp_path / "article.txt"
    path.write_text(
        "Talks in Tokyo\n\nMarch 3, 2020\n\nOn March 2, Minister Takaichi Sanae received "
        "Minister Nguyen Manh Hung in Tokyo.\n",
        encoding="utf-8",
    )
    return str(path)


def test_without_the_ingest_libraries_ingest_says_in_one_line_how_to_add_them(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "lingua", None)  # as if not installed: find_spec answers None
    result = invoke("ingest", _article(tmp_path), "--output", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert "lingua-language-detector" in result.stderr and "dateparser" not in result.stderr
    assert 'pip install "briefgen[ingest]"' in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_the_other_commands_never_import_the_ingest_libraries():
    code = (
        "import sys; from briefgen.cli.app import app; import briefgen.cli.commands; "
        "from typer.testing import CliRunner; r = CliRunner().invoke(app, ['check']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('lingua', 'dateparser')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
