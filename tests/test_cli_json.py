"""`--json` on check, people, who and visit: one document on stdout, the shape docs/cli-json.md shows.

Each command's documented example and its real output must have the same keys at every level
(lists: their first items), so the documentation cannot drift from what scripts receive.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import briefgen
import briefgen.cli.commands
from briefgen.cli.app import app

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "data" / "bad"
BUNDLED = REPO / "examples" / "vn-jp-ict"
TEN_YEARS = REPO / "tests" / "data" / "good" / "ten-years"
runner = CliRunner()


def documented() -> dict[str, dict[str, Any]]:
    """The JSON example under each `## heading` of docs/cli-json.md."""
    text = (REPO / "docs" / "cli-json.md").read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        block = re.search(r"```json\n(.*?)```", body, flags=re.S)
        if block:
            found[heading.strip()] = json.loads(block.group(1))
    return found


def same_keys(real: Any, doc: Any, where: str = "") -> list[str]:
    """Where `real` and `doc` differ in their keys (dicts), recursively; lists compare their first items."""
    if isinstance(real, dict) and isinstance(doc, dict):
        diffs = [f"{where or 'top'}: keys {sorted(real)} != documented {sorted(doc)}"] if set(real) != set(doc) else []
        return diffs + [d for k in set(real) & set(doc) for d in same_keys(real[k], doc[k], f"{where}.{k}")]
    if isinstance(real, list) and isinstance(doc, list) and real and doc:
        return same_keys(real[0], doc[0], f"{where}[0]")
    return []


def run_json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, [*args, "--json"])
    doc = json.loads(result.stdout)  # stdout holds the document and nothing else
    assert doc["briefgen"] == briefgen.__version__ and doc["shape"] == 1
    assert doc["exit_code"] == result.exit_code and doc["ok"] == (result.exit_code == 0)
    return result.exit_code, doc, result.stderr


def test_check_json_matches_the_documented_shape():
    code, doc, stderr = run_json("check", "--data", str(BUNDLED))
    assert code == 0 and doc["command"] == "check" and doc["error"] is None and doc["problems"] == []
    assert doc["counts"] == {
        "people": 8,
        "organizations": 10,
        "meetings": 5,
        "agreements": 5,
        "commitments": 20,
        "sources": 5,
    }
    assert doc["dataset"] == {
        "name": "Viet Nam – Japan cooperation in information and communications",
        "root": str(BUNDLED),
        "bundled": False,
    }
    doc["warnings"] = [  # none here
        {"file": "x", "line": 1, "field": "", "message": "m", "severity": "warning", "suggestion": None}
    ]
    assert same_keys(doc, documented()["check"]) == []
    assert "using dataset:" in stderr


def test_check_json_lists_every_problem_with_file_line_and_field():
    code, doc, _ = run_json("check", "--data", str(BAD / "several-errors"))
    assert code == 2 and doc["error"] == {"kind": "DatasetError", "message": "the dataset has 7 error(s)"}
    assert len(doc["problems"]) == 7
    assert {  # what an editor needs to offer the fix: where, and what was probably meant
        "file": "people.yaml",
        "line": 4,
        "field": "people[0].contry",
        "message": "unknown key",
        "severity": "error",
        "suggestion": "country",
    } in doc["problems"]
    assert {"file": "meetings.yaml", "line": 9, "field": "meetings[0].orgs[1]", "suggestion": None}.items() <= next(
        p for p in doc["problems"] if p["field"] == "meetings[0].orgs[1]"
    ).items()  # mic-vn is no slip for mic-jp: no suggestion
    assert same_keys(doc, documented()["A failed run"]) == []


def test_check_json_on_a_missing_folder_is_still_a_document(tmp_path):
    code, doc, stderr = run_json("check", "--data", str(tmp_path / "nowhere"))
    assert code == 2 and doc["error"]["kind"] == "BadInputError" and "not found" in doc["error"]["message"]
    assert stderr.strip() == f"error: dataset folder not found: {tmp_path / 'nowhere'}"


def test_people_json_matches_the_documented_shape():
    code, doc, _ = run_json("people", "takaichi")
    assert code == 0 and doc["query"] == "takaichi" and doc["total"] == 8
    assert [p["id"] for p in doc["people"]] == ["takaichi-sanae"]
    assert doc["people"][0]["latest_post"]["org"] == "mic-jp" and doc["people"][0]["meetings"] == 3
    assert same_keys(doc, documented()["people"]) == []


def test_people_json_says_whether_the_latest_post_is_held_now():
    code, doc, _ = run_json("people", "--data", str(TEN_YEARS))
    posts = {p["id"]: p["latest_post"] for p in doc["people"]}
    assert code == 0 and posts["nakamura-yui"]["held"] is True and posts["nakamura-yui"]["state"] == "current"
    assert posts["mori-keiko"]["held"] is False and posts["mori-keiko"]["state"] == "ended"  # a former minister
    assert posts["ogawa-mei"]["state"] == "ended_undated" and posts["ishikawa-daisuke"]["state"] == "probably_ended"
    assert {p["id"]: p["address_as"] for p in doc["people"]}["mori-keiko"] == "Ms. Mori"  # no title she no longer holds


def test_who_json_says_a_former_post_is_former():
    code, doc, _ = run_json("who", "mori-keiko", "--data", str(TEN_YEARS))
    assert code == 0 and doc["resolved"]["latest_post"]["title"] == "Minister of Digital Affairs"
    assert doc["resolved"]["latest_post"]["held"] is False


def test_who_json_matches_the_documented_shape_and_says_why():
    code, doc, _ = run_json("who", "Minister Takaichi")
    assert code == 0 and doc["resolved"]["id"] == "takaichi-sanae"
    assert doc["explanation"][-1] == "Resolved to TAKAICHI Sanae (takaichi-sanae)."
    assert same_keys(doc, documented()["who"]) == []


def test_who_json_for_an_ambiguous_name_exits_2_with_the_candidates():
    code, doc, _ = run_json("who", "Nguyen")
    assert code == 2 and doc["resolved"] is None and doc["error"]["kind"] == "NameNotResolvedError"
    assert sorted(c["id"] for c in doc["candidates"]) == ["nguyen-manh-hung", "nguyen-xuan-phuc"]


def test_visit_json_matches_the_documented_shape_and_lists_the_files(tmp_path):
    code, doc, stderr = run_json("visit", "-c", "Takaichi Sanae", "--date", "2026-12-01", "--out", str(tmp_path))
    assert code == 0
    written = sorted(str(p) for p in tmp_path.iterdir())
    assert sorted(doc["files"]) == written == sorted(doc["visits"][0]["files"]) and len(written) == 2
    assert doc["visit_date"] == "2026-12-01" and doc["lang"] == "en"
    assert [Path(p).name for p in doc["files"]] == [
        "2026-12-01_TAKAICHI-Sanae_brief-en.docx",
        "2026-12-01_TAKAICHI-Sanae_matrix-en.xlsx",
    ]
    warnings = doc["visits"][0]["warnings"]
    assert [w["code"] for w in warnings][:2] == ["stale_post", "stale_data"]  # the brief's "Points to verify", in order
    assert all(set(w) == {"code", "message"} and w["message"] for w in warnings)
    assert same_keys(doc, documented()["visit"]) == []
    assert "confirm it is still held" in stderr  # what a person reads stays on stderr


def test_visit_json_for_an_unknown_name_carries_the_candidates(tmp_path):
    code, doc, _ = run_json("visit", "-c", "Nguyen", "--out", str(tmp_path))
    assert code == 2 and doc["error"]["kind"] == "NameNotResolvedError" and len(doc["error"]["candidates"]) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="a delegation runs in worker processes")
def test_visit_json_for_a_delegation_reports_each_briefing(tmp_path):
    code, doc, _ = run_json(
        "visit",
        "-c",
        "Takaichi Sanae",
        "-c",
        "Nguyen",
        "--date",
        "2026-12-01",
        "--out",
        str(tmp_path),
        "--format",
        "xlsx",
    )
    assert code == 2 and doc["error"]["kind"] == "BatchError"
    assert [(v["counterpart"], v["ok"]) for v in doc["visits"]] == [("Takaichi Sanae", True), ("Nguyen", False)]
    assert doc["files"] == doc["visits"][0]["files"] and len(doc["files"]) == 1


def test_quiet_json_prints_the_document_and_nothing_else(tmp_path):
    result = runner.invoke(app, ["visit", "-c", "Takaichi Sanae", "--out", str(tmp_path), "--json", "--quiet"])
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True
    assert result.stderr == ""
