"""Bad datasets through the real command line: one exact message with file and line, exit 2, no traceback,
bounded time and memory (resource limits; the bounds themselves in the slow run), and nothing written.

Two corpora: the curated mistakes of tests/data/bad/ (exact messages pinned in tests/test_dataset.py,
reused here through `check` and `visit`), and the hostile files of tests/hardening/data/bad/ (kept out
of tests/data/bad/ because tests/test_dataset.py requires every folder there to be in its own CASES).
Files too big to commit (50 MB, 100,000 levels of nesting) are generated in tmp_path.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401  (registers the commands on `app`)
from briefgen.cli.app import app
from briefgen.yamlfile import MAX_FILE_BYTES, MAX_NODES

from .conftest import HOSTILE_BAD, assert_within

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad"
MANIFEST = (BAD / "wrong-type" / "manifest.yaml").read_text(encoding="utf-8")
MAX_SECONDS = 10
MAX_RSS_MB = 400

# Every hostile case folder and the exact lines `briefgen check` prints (on stdout; `visit`, on stderr).
HOSTILE: dict[str, list[str]] = {
    "billion-laughs": ["sources.yaml:2: anchors (&a) are not allowed in a dataset"],
    "deep-nesting": ["sources.yaml:4: nested more than 40 levels deep"],
    "deep-block-nesting": ["people.yaml:42: nested more than 40 levels deep"],
    "explicit-timestamp": ["sources.yaml:9: invalid timestamp value: day is out of range for month"],
    "huge-number": ["sources.yaml:4: a number with more than 4300 digits; quote it if it is text"],
    "lone-surrogate": [
        "sources.yaml:3: sources[0].title: \\ud800 is half of a UTF-16 surrogate pair, not a character; "
        "write the character itself, or its \\U0001xxxx escape",
    ],
    "nul-byte": ["sources.yaml:4: character U+0000 cannot appear in a YAML file; remove it"],
    "python-tag": [
        "sources.yaml:3: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ],
    "raw-control-character": ["sources.yaml:4: character U+0007 cannot appear in a YAML file; remove it"],
    "two-documents": [
        "sources.yaml:3: invalid YAML: expected a single document in the stream but found another document"
    ],
    "utf-16": ["sources.yaml:1: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"],
    "windows-1252": ["sources.yaml:4: not valid UTF-8 (byte 0xe8 at offset 79); save the file as UTF-8"],
}


def expected_stderr(problems: list[str]) -> list[str]:
    return [*problems, f"error: the dataset has {len(problems)} error(s)"]


def assert_refused(run, problems: list[str], *, check: bool = True) -> None:
    """Refused with exactly these problems: `check`'s findings are its output (stdout); another command's
    refusal is an error message (stderr)."""
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "unexpected" not in run.stderr
    said, quiet = (run.stdout, run.stderr) if check else (run.stderr, run.stdout)
    assert said.splitlines() == expected_stderr(problems)
    assert quiet == ""
    assert_within(run, seconds=MAX_SECONDS, rss_mb=MAX_RSS_MB)


def check_and_visit(briefgen_run, tmp_path: Path, data: Path, problems: list[str]) -> None:
    """`check` and `visit` both refuse `data` the same way, and `visit` writes nothing."""
    assert_refused(briefgen_run(["check", "--data", str(data)]), problems)
    out = tmp_path / "out"
    out.mkdir()
    visit = briefgen_run(["visit", "--data", str(data), "-c", "x", "--out", str(out), "--date", "2026-11-23"])
    assert_refused(visit, problems, check=False)
    assert list(out.iterdir()) == []


def write_dataset(root: Path, name: str, content: bytes | str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    data = content.encode("utf-8") if isinstance(content, str) else content
    (root / name).write_bytes(data)
    return root


# -- the hostile corpus, through the real command -----------------------------------------------


def test_every_hostile_case_folder_is_tested():
    assert sorted(p.name for p in HOSTILE_BAD.iterdir() if p.is_dir()) == sorted(HOSTILE)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_dataset_is_refused_by_check_and_visit(briefgen_run, tmp_path, case):
    check_and_visit(briefgen_run, tmp_path, HOSTILE_BAD / case, HOSTILE[case])


def test_python_tag_runs_nothing(briefgen_run, tmp_path):
    """The tag asks for os.system("touch briefgen-pwned") in the working folder: no such file appears."""
    run = briefgen_run(["check", "--data", str(HOSTILE_BAD / "python-tag")])
    assert run.returncode == 2
    assert not (tmp_path / "briefgen-pwned").exists()


def test_fifty_megabyte_file(briefgen_run, tmp_path):
    """Refused from its size alone, before it is read: fast and small whatever it holds."""
    line = b"  - {id: s1, title: A source, publisher: P, language: en, reliability: press, url: https://e.org}\n"
    content = b"sources:\n" + line * (50 * 2**20 // len(line) + 1)
    data = write_dataset(tmp_path / "data", "sources.yaml", content)
    size = len(content) / 2**20
    message = (
        f"sources.yaml: file is {size:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB per file "
        "(split the records into several files)"
    )
    check_and_visit(briefgen_run, tmp_path, data, [message])


def test_one_byte_over_the_cap(briefgen_run, tmp_path):
    data = write_dataset(tmp_path / "data", "sources.yaml", b"#" * (MAX_FILE_BYTES + 1))
    message = (
        f"sources.yaml: file is {(MAX_FILE_BYTES + 1) / 2**20:.1f} MB; the limit is "
        f"{MAX_FILE_BYTES // 2**20} MB per file (split the records into several files)"
    )
    assert_refused(briefgen_run(["check", "--data", str(data)]), [message])


def test_hundred_thousand_levels_of_nesting(briefgen_run, tmp_path):
    """Used to end in a RecursionError reported without a line; now refused while composing."""
    data = write_dataset(tmp_path / "data", "sources.yaml", "sources: " + "[" * 100_000 + "]" * 100_000 + "\n")
    check_and_visit(briefgen_run, tmp_path, data, ["sources.yaml:1: nested more than 40 levels deep"])


def test_six_hundred_thousand_values_under_the_size_cap(briefgen_run, tmp_path):
    """2 MB of "{id: s1}, " is 630,000 values: composing them took 19 s before the node cap."""
    body = "{id: s1}, " * ((MAX_FILE_BYTES - 200) // 10)
    data = write_dataset(tmp_path / "data", "sources.yaml", "sources: [" + body + "]\n")
    message = f"sources.yaml:1: more than {MAX_NODES:,} values in one file; split the records into several files"
    check_and_visit(briefgen_run, tmp_path, data, [message])


def test_largest_allowed_file_broken_at_its_end(briefgen_run, tmp_path):
    """The worst file under both caps: flow-style records up to MAX_NODES, then a syntax error."""
    record = "  - {id: s1, title: A source, publisher: P, language: en, reliability: press, url: https://e.org}\n"
    body = record * ((MAX_NODES - 10) // 13)  # 13 nodes a record
    end = body.count("\n") + 3  # the line after "  - [unclosed", where the stream ends
    data = write_dataset(tmp_path / "data", "sources.yaml", "sources:\n" + body + "  - [unclosed\n")
    assert (data / "sources.yaml").stat().st_size < MAX_FILE_BYTES
    run = briefgen_run(["check", "--data", str(data)])
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stdout.splitlines()[0] == (  # said at the line of its cause
        f"sources.yaml:{end - 1}: the '[' opened here is never closed by a ']'"
    )
    assert_within(run, seconds=MAX_SECONDS, rss_mb=MAX_RSS_MB)


def test_hundred_thousand_empty_records_are_reported_in_bounded_time(briefgen_run, tmp_path):
    data = write_dataset(tmp_path / "data", "sources.yaml", "sources: [" + "{}, " * 99_000 + "]\n")
    run = briefgen_run(["check", "--data", str(data)])
    assert run.returncode == 2, run.stderr[-2000:]
    assert_within(run, seconds=MAX_SECONDS, rss_mb=MAX_RSS_MB)
    assert len(run.stdout.splitlines()) <= 1002  # 1,000 problems, "... and N more", the summary line
    # each empty source lacks its id, title, language and reliability (a publisher is optional): 4 × 99,000
    assert "and 395,000 more problem(s)" in run.stdout


def test_special_files_and_symlink_loops_are_not_read(briefgen_run, tmp_path):
    """A .yaml that is /dev/zero or a FIFO would never end; a link to its own folder would loop."""
    data = write_dataset(tmp_path / "data", "sources.yaml", "sources: []\n")
    (data / "zero.yaml").symlink_to("/dev/zero")
    (data / "loop").symlink_to(data, target_is_directory=True)
    os.mkfifo(data / "fifo.yaml")
    run = briefgen_run(["check", "--data", str(data)])
    assert run.returncode == 0, run.stderr
    assert_within(run, seconds=MAX_SECONDS, rss_mb=MAX_RSS_MB)


# -- the curated corpus of tests/data/bad/, through `check` and `visit` ----------------------------


def _curated() -> dict[str, list[str]]:
    """CASES of tests/test_dataset.py, loaded from its file (it is not in this test package)."""
    spec = importlib.util.spec_from_file_location("_briefgen_test_dataset", REPO / "tests" / "test_dataset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CURATED = _curated()
TODAY_BOUND = ["future-date"]  # depends on today's date: test_dataset.py pins it with today=2026-11-23


@pytest.mark.parametrize("case", sorted(set(CURATED) - set(TODAY_BOUND)))
def test_curated_bad_dataset_through_the_cli(tmp_path, case):
    """In process (CliRunner) for speed: the same exact lines, exit 2 and no file, for `check` and `visit`."""
    runner = CliRunner()
    check = runner.invoke(app, ["check", "--data", str(BAD / case)])
    assert check.exit_code == 2, check.output
    assert check.output.splitlines() == expected_stderr(CURATED[case])
    out = tmp_path / "out"
    out.mkdir()
    visit = runner.invoke(app, ["visit", "--data", str(BAD / case), "-c", "x", "--out", str(out)])
    assert visit.exit_code == 2
    assert visit.output.splitlines() == expected_stderr(CURATED[case])
    assert list(out.iterdir()) == []
    assert check.exception is None or isinstance(check.exception, SystemExit)


@pytest.mark.parametrize(
    "case",
    [
        "yaml-syntax",
        "wrong-type",
        "missing-field",
        "unknown-reference",
        "duplicate-id",
        "impossible-date",
        "several-errors",
    ],
)
def test_curated_dangerous_cases_through_the_real_command(briefgen_run, tmp_path, case):
    """The commonest mistakes once more through the installed command, under the time and memory limits."""
    check_and_visit(briefgen_run, tmp_path, BAD / case, CURATED[case])


def test_copy_of_a_bad_case_elsewhere_gives_the_same_message(briefgen_run, tmp_path):
    """Messages name files relative to the dataset, so they do not depend on where it lives."""
    shutil.copytree(BAD / "duplicate-id", tmp_path / "elsewhere")
    assert_refused(briefgen_run(["check", "--data", str(tmp_path / "elsewhere")]), CURATED["duplicate-id"])
