"""`briefgen people` and `briefgen who`, through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands on `app`)
from briefgen.cli.app import app

BUNDLED = Path(__file__).resolve().parent.parent / "examples" / "vn-jp-ict"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_who_resolves_a_name_and_says_why():
    result = invoke("who", "Sanae Takaichi")
    assert result.exit_code == 0, result.output
    assert "takaichi-sanae" in result.stdout
    assert "Resolved to TAKAICHI Sanae (takaichi-sanae)." in result.stdout
    assert "Minister Takaichi" in result.stdout  # how to address her


def test_who_words_the_record_as_the_english_brief_does():
    result = invoke("who", "Nguyen Manh Hung")
    assert result.exit_code == 0, result.output
    assert "Country:        Viet Nam (VN)" in result.stdout  # the country's name, as the brief gives it
    assert "Not to confuse: Minister of Information and Communications who signed the 2020 MoC" in result.stdout


def test_who_ambiguous_name_exits_2_and_lists_both():
    result = invoke("who", "Nguyen", "--data", str(BUNDLED))
    assert result.exit_code == 2
    assert "nguyen-manh-hung" in result.stdout and "nguyen-xuan-phuc" in result.stdout
    assert "Resolved to" not in result.stdout


def test_who_typo_exits_2_with_did_you_mean():
    result = invoke("who", "Takaichi Sanea")
    assert result.exit_code == 2
    assert "Did you mean: TAKAICHI Sanae (takaichi-sanae)?" in result.stdout


def test_who_bad_dataset_folder_is_bad_input(tmp_path):
    result = invoke("who", "Takaichi", "--data", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "dataset folder not found" in result.stderr


def test_people_filters_and_shows_the_native_name():
    result = invoke("people", "takaichi")
    assert result.exit_code == 0, result.output
    assert "takaichi-sanae" in result.stdout and "高市早苗" in result.stdout
    assert "sakai-manabu" not in result.stdout
    assert "1 of 8 people" in result.stdout


def test_people_lists_everyone_sorted_with_meeting_counts():
    result = invoke("people")
    assert result.exit_code == 0, result.output
    ids = [
        line.split("│")[2].strip()
        for line in result.stdout.splitlines()
        if line.startswith("│") and line.split("│")[2].strip()
    ]
    assert ids == [
        "nguyen-manh-hung",
        "nguyen-xuan-phuc",
        "sakai-manabu",
        "sakairi",
        "takaichi-sanae",
        "trieu-minh-long",
        "truong-minh-tuan",
        "watanabe-ken",
    ]
    takaichi = next(line for line in result.stdout.splitlines() if "takaichi-sanae" in line)
    assert takaichi.rstrip("│ ").endswith("3")  # three meetings in the bundled dataset
