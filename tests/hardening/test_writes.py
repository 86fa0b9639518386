"""Issue 15, reproduction 3: writes that destroyed.

`template export DIR` followed a symbolic link in DIR and, with `--force`, overwrote the link's target
outside DIR (a dangling link was followed without it); `schema --out FILE` overwrote any file (a
dataset's people.yaml became JSON, exit 0), not atomically; a missing folder ended in "unexpected
FileNotFoundError".  Every case runs the real command.
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


def test_schema_out_does_not_overwrite_without_force_and_replaces_atomically(briefgen_run, tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text("people: []\n", encoding="utf-8")
    run = briefgen_run(["schema", "--out", str(people)])
    assert run.returncode == 2
    assert "not overwriting" in _one_error_line(run) and "--force" in run.stderr
    assert people.read_text(encoding="utf-8") == "people: []\n"
    old = tmp_path / "old-name.yaml"
    os.link(people, old)  # replaced atomically (a new file renamed over it), the old inode keeps its bytes
    run = briefgen_run(["schema", "--out", str(people), "--force"])
    assert run.returncode == 0, run.stderr
    assert json.loads(people.read_text(encoding="utf-8"))["title"]
    assert old.read_text(encoding="utf-8") == "people: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old-name.yaml", "people.yaml"]  # no temporary left


def test_schema_out_into_a_missing_folder_is_one_sentence(briefgen_run, tmp_path):
    run = briefgen_run(["schema", "--out", str(tmp_path / "missing" / "schema.json")])
    assert run.returncode == 2
    assert "does not exist" in _one_error_line(run)


def test_a_failed_write_says_which_file_and_why(briefgen_run, tmp_path):
    run = briefgen_run(["schema", "--out", "/proc/briefgen-schema.json"])  # a folder nobody can create files in
    assert run.returncode == 1
    line = _one_error_line(run)
    assert "/proc/briefgen-schema.json" in line and line.count(":") >= 2
    run = briefgen_run(["template", "export", "/proc/briefgen-templates"])
    assert run.returncode == 1
    assert "/proc/briefgen-templates" in _one_error_line(run)
