"""Issue 15, reproduction 3: writes that destroyed.

`template export DIR` followed a symbolic link in DIR and, with `--force`, overwrote the link's target
outside DIR (a dangling link was followed without it); `schema --out FILE` overwrote any file (a
dataset's people.yaml became JSON, exit 0), not atomically; a missing folder ended in "unexpected
FileNotFoundError".  Every case runs the real command.

`schema` now names its file with `--output FILE` (`--out` is a folder, as everywhere; an old
`--out FILE.json` is still taken as the file, with a note): both spellings are tried.
"""

from __future__ import annotations

import json
import os

import pytest


def _one_error_line(run) -> str:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    assert "unexpected" not in lines[0] and "Traceback" not in run.stderr
    return lines[0]


@pytest.mark.parametrize("force", [False, True], ids=["no-force", "force"])
def test_template_export_never_writes_through_a_link_in_the_folder(briefgen_run, tmp_path, force):
    folder, victim = tmp_path / "templates", tmp_path / "victim.txt"
    folder.mkdir()
    victim.write_text("an officer's file", encoding="utf-8")
    os.symlink(victim, folder / "brief-en.docx")
    run = briefgen_run(["template", "export", str(folder), *(["--force"] if force else [])])
    assert victim.read_text(encoding="utf-8") == "an officer's file"
    if force:
        assert run.returncode == 0, run.stderr
        assert not (folder / "brief-en.docx").is_symlink()  # the link itself was replaced
        assert (folder / "brief-en.docx").read_bytes()[:2] == b"PK"
    else:
        assert run.returncode == 2
        assert "not overwriting" in _one_error_line(run)
        assert (folder / "brief-en.docx").is_symlink()


def test_template_export_never_follows_a_dangling_link_out_of_the_folder(briefgen_run, tmp_path):
    folder, target = tmp_path / "templates", tmp_path / "outside" / "planted.docx"
    folder.mkdir()
    target.parent.mkdir()
    os.symlink(target, folder / "brief-vi.docx")
    run = briefgen_run(["template", "export", str(folder)])
    assert run.returncode == 2
    assert "not overwriting" in _one_error_line(run)
    assert not target.exists()
    run = briefgen_run(["template", "export", str(folder), "--force"])
    assert run.returncode == 0, run.stderr
    assert not target.exists() and not (folder / "brief-vi.docx").is_symlink()


@pytest.mark.parametrize("option", ["--output", "--out"])
def test_schema_does_not_overwrite_a_dataset_file_without_force(briefgen_run, tmp_path, option):
    people = tmp_path / "people.yaml"
    people.write_text("people: []\n", encoding="utf-8")
    run = briefgen_run(["schema", option, str(people)])
    assert run.returncode != 0
    assert "unexpected" not in run.stderr and "Traceback" not in run.stderr
    assert people.read_text(encoding="utf-8") == "people: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.yaml"]


@pytest.mark.parametrize("option", ["--output", "--out"])
def test_schema_output_replaces_only_with_force_and_atomically(briefgen_run, tmp_path, option):
    schema = tmp_path / "schema.json"
    schema.write_text("an officer's notes\n", encoding="utf-8")
    run = briefgen_run(["schema", option, str(schema)])
    assert run.returncode == 2
    assert "--force" in run.stderr and schema.read_text(encoding="utf-8") == "an officer's notes\n"
    old = tmp_path / "old-name.json"
    os.link(schema, old)  # replaced atomically (a new file renamed over it), the old inode keeps its bytes
    run = briefgen_run(["schema", option, str(schema), "--force"])
    assert run.returncode == 0, run.stderr
    assert json.loads(schema.read_text(encoding="utf-8"))["title"]
    assert old.read_text(encoding="utf-8") == "an officer's notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old-name.json", "schema.json"]  # no temporary left


def test_schema_output_never_writes_through_a_dangling_link(briefgen_run, tmp_path):
    target, link = tmp_path / "outside" / "planted.json", tmp_path / "schema.json"
    target.parent.mkdir()
    os.symlink(target, link)
    run = briefgen_run(["schema", "--output", str(link)])
    assert run.returncode == 2 and "--force" in _one_error_line(run)
    assert not target.exists()
    run = briefgen_run(["schema", "--output", str(link), "--force"])
    assert run.returncode == 0, run.stderr
    assert not target.exists() and not link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))


def test_schema_output_into_a_missing_folder_creates_it(briefgen_run, tmp_path):
    """It ended in "unexpected FileNotFoundError"; a missing folder is now created (as for --out DIR)."""
    run = briefgen_run(["schema", "--output", str(tmp_path / "missing" / "schema.json")])
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "missing" / "schema.json").read_text(encoding="utf-8"))


def test_a_failed_write_says_which_file_and_why(briefgen_run, tmp_path):
    run = briefgen_run(["schema", "--output", "/proc/briefgen-schema.json"])  # a folder nobody can create files in
    assert run.returncode == 1
    line = _one_error_line(run)
    assert "/proc/briefgen-schema.json" in line and line.count(":") >= 2
    run = briefgen_run(["template", "export", "/proc/briefgen-templates"])
    assert run.returncode == 1
    assert "/proc/briefgen-templates" in _one_error_line(run)
