"""`briefgen check`, `briefgen schema` and `--version`, through typer's CliRunner and one real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import briefgen
import briefgen.cli.commands  # registers the commands on `app`
from briefgen.cli.app import app
from briefgen.resources import bundled_dataset_dir

# the bad cases and their messages; tests/ is on sys.path (pytest's "prepend" import mode)
from test_dataset import BAD, CASES, GOOD

BUNDLED_NAME = "Viet Nam – Japan cooperation in information and communications"
BUNDLED_OK = "ok: 8 people, 10 organizations, 5 meetings, 5 agreements, 20 commitments, 5 sources; 0 warning(s)"

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def lines(text: str) -> list[str]:
    return text.splitlines()


# --- check ------------------------------------------------------------------------------


def test_check_bundled_dataset_prints_one_ok_line_and_names_the_dataset():
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [BUNDLED_OK]
    assert lines(result.stderr) == [f"using bundled dataset: {BUNDLED_NAME} ({bundled_dataset_dir()})"]


def test_check_with_data_names_the_folder_used():
    root = GOOD / "edge-cases"
    result = invoke("check", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        "ok: 3 people, 2 organizations, 4 meetings, 1 agreements, 1 commitments, 3 sources; 0 warning(s)"
    ]
    assert lines(result.stderr) == [f"using dataset: Test dataset ({root})"]


def test_check_prints_warnings_and_still_succeeds():
    root = GOOD / "warning-only"
    result = invoke("check", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert lines(result.stderr) == [f"using dataset: Test dataset ({root})"]
    assert lines(result.stdout) == [  # findings on stdout, as a linter's, the summary last
        "data.yaml:10: warning: agreements[0].signed: signed 2020-01-10 but its meeting 'm1' is dated 2020-01-09",
        "ok: 0 people, 2 organizations, 1 meetings, 1 agreements, 0 commitments, 1 sources; 1 warning(s)",
    ]


def test_check_drafts_option_includes_the_drafts_folder():
    root = str(GOOD / "with-drafts")
    assert invoke("check", "--data", root).stdout.startswith("ok: 1 people,")
    assert invoke("check", "--data", root, "--drafts").stdout.startswith("ok: 2 people,")


# The CLI checks against the real today, so the future-date case is left to test_dataset.
CLI_CASES = [name for name in CASES if name != "future-date"]
CLI_XFAIL: dict = {}


@pytest.mark.parametrize(
    "case",
    [pytest.param(name, marks=CLI_XFAIL[name]) if name in CLI_XFAIL else name for name in CLI_CASES],
)
def test_check_bad_dataset_exits_2_with_every_problem_on_stdout(case):
    result = invoke("check", "--data", str(BAD / case))
    errors = len(CASES[case])
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert result.stderr == ""
    assert lines(result.stdout) == [*CASES[case], f"error: the dataset has {errors} error(s)"]
    assert "Traceback" not in result.output


def test_check_missing_folder_is_one_message_and_exit_2(tmp_path):
    missing = tmp_path / "nowhere"
    result = invoke("check", "--data", str(missing))
    assert result.exit_code == 2
    assert lines(result.stderr) == [f"error: dataset folder not found: {missing}"]
    assert result.stdout == ""


# --- schema and --version -----------------------------------------------------------------


def schema_json() -> dict:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's YAML 1.2 language server does: dates stay strings."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

BUNDLED_FILES = sorted(p.name for p in bundled_dataset_dir().glob("*.yaml"))
SCHEMA_XFAIL: dict = {}


def test_schema_is_valid_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_json()
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) >= {"manifest", "people", "meetings", "agreements", "commitments"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=SCHEMA_XFAIL[n]) if n in SCHEMA_XFAIL else n for n in BUNDLED_FILES]
)
def test_schema_validates_every_bundled_file(name):
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_json()
    data = yaml.load((bundled_dataset_dir() / name).read_text(encoding="utf-8"), Loader=EditorLoader)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_rejects_an_unknown_key():
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_json()
    data = yaml.load((BAD / "unknown-key" / "agreements.yaml").read_text(encoding="utf-8"), Loader=EditorLoader)
    assert not jsonschema.validators.validator_for(schema)(schema).is_valid(data)


def test_schema_output_writes_the_same_json(tmp_path):
    target = tmp_path / "briefgen.schema.json"
    result = invoke("schema", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [f"wrote {target}"]
    assert json.loads(target.read_text(encoding="utf-8")) == schema_json()


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert lines(result.stdout) == [f"briefgen {briefgen.__version__}"]


# --- the real executable ------------------------------------------------------------------


def briefgen_executable() -> str:
    exe = shutil.which("briefgen") or shutil.which("briefgen", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("no `briefgen` executable on PATH (package not installed with its console script)")
    return exe


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def test_briefgen_executable_checks_the_bundled_dataset_from_any_folder(tmp_path):
    proc = run([briefgen_executable(), "check"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert lines(proc.stdout) == [BUNDLED_OK]
    assert proc.stderr.startswith(f"using bundled dataset: {BUNDLED_NAME} (")
    assert list(tmp_path.iterdir()) == []  # check writes nothing


def test_briefgen_executable_reports_bad_data_without_traceback(tmp_path):
    proc = run([briefgen_executable(), "check", "--data", str(BAD / "unknown-key")], tmp_path)
    assert proc.returncode == 2
    assert lines(proc.stdout) == [*CASES["unknown-key"], "error: the dataset has 1 error(s)"]
    assert proc.stderr == ""


def test_check_checks_everything_every_time_and_visit_reuses_its_cached_check(tmp_path, monkeypatch):
    from briefgen import dataset as dataset_module

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(bundled_dataset_dir(), data)
    visit = ("visit", "--counterpart", "Takaichi Sanae", "--data", str(data), "--out", str(tmp_path), "--force")
    assert invoke(*visit).exit_code == 0
    assert len(list((tmp_path / "cache").glob("*.entry"))) == 1  # visit cached its check
    with monkeypatch.context() as patched:
        patched.setattr(dataset_module, "_from_cache", lambda *a: pytest.fail("check used a cached check"))
        result = invoke("check", "--data", str(data))
    assert result.exit_code == 0 and BUNDLED_OK in result.stdout
    monkeypatch.setattr(dataset_module, "_check", lambda *a, **k: pytest.fail("visit checked again"))
    assert invoke(*visit).exit_code == 0
