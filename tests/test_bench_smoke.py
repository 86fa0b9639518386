"""Smoke test of the benchmark tools in bench/ at size S (the benchmark itself is not a unit test).

Checks that the synthetic-dataset generator writes a dataset briefgen accepts, byte for byte the
same for the same seed, whose delegation names resolve; and that bench/run.py runs and prints its
table.  Everything here works at size S and takes seconds; the sizes M-XL are for `bench/run.py`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.dataset import load_dataset

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
TODAY = dt.date(2026, 11, 23)


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "S"
    generate.generate("S", 1, out)
    return out


def test_generated_dataset_passes_check(small):
    dataset = load_dataset(small, today=TODAY)
    assert len(dataset.people) == 8 and len(dataset.meetings) == 5
    assert not [w for w in dataset.warnings if w.severity == "error"]
    # The shapes the benchmark is meant to exercise are all there.
    assert any(o.parent for o in dataset.organizations.values())
    assert any(p.aliases for p in dataset.people.values())
    assert all(p.posts for p in dataset.people.values())
    assert {pt.side for m in dataset.meetings.values() for pt in m.participants} == {"VN", "JP"}
    assert any(a.valid_until for a in dataset.agreements.values())
    assert any(c.updates for c in dataset.commitments.values())
    assert all(s.url and not s.file for s in dataset.sources.values())
    # The fields are the bundled dataset's, and so is the manifest but for its languages (English only).
    bundled = REPO / "examples" / "vn-jp-ict"
    assert (small / "fields.yaml").read_bytes() == (bundled / "fields.yaml").read_bytes()
    manifest = (small / "manifest.yaml").read_text(encoding="utf-8")
    assert "  languages: [en]\n" in manifest
    assert manifest.replace("  languages: [en]", "  languages: [en, vi]") == (bundled / "manifest.yaml").read_text(
        encoding="utf-8"
    )


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(small, tmp_path):
    again = tmp_path / "again"
    generate.generate("S", 1, again)
    assert _files(again) == _files(small)
    other = tmp_path / "other"
    generate.generate("S", 2, other)
    assert _files(other) != _files(small)


def test_delegation_names_and_counterpart_resolve(small):
    from briefgen.resolve import resolve_person

    dataset = load_dataset(small, today=TODAY)
    counterpart = (small / "counterpart.txt").read_text(encoding="utf-8").strip()
    assert counterpart in dataset.people
    names = [
        line
        for line in (small / "delegation.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert names
    resolved = [resolve_person(dataset, name).person.id for name in names]
    assert len(set(resolved)) == len(names)


def test_files_stay_under_the_loader_limits(small):
    max_bytes, max_nodes = generate.loader_limits()
    for path in small.rglob("*.yaml"):
        assert path.stat().st_size <= max_bytes * generate.LIMIT_SHARE


def test_generator_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit):
        generate.generate("S", 1, tmp_path)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(
    not (REPO / "templates" / "brief-en.docx").is_file(),
    reason="templates/brief-en.docx does not exist yet: the floor and `visit` need it",
)
def test_run_script_prints_a_table_at_size_s(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "S",
            "--runs",
            "1",
            "--work",
            str(tmp_path),
            "--markdown",
            str(tmp_path / "table.md"),
        ],
        capture_output=True,
        text=True,
        timeout=300,  # every row once, each a fresh process: minutes on a busy shared machine
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| measurement | size |" in done.stdout
    for name in ("floor", "check", "visit"):
        assert f"| {name} | S | 1 |" in done.stdout
    assert (tmp_path / "table.md").read_text(encoding="utf-8").strip() == done.stdout.strip()
