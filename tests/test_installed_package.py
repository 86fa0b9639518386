"""A non-editable install ships everything briefgen needs: the bundled dataset, its seeds, the templates.

Two halves: when these tests run against an installed wheel (`pip install .`), the installed
package itself is inspected and its `briefgen check` run from an empty folder; everywhere, if
hatchling is available, a wheel is built from this checkout and its file list checked.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import briefgen
from briefgen import resources

REPO = Path(__file__).resolve().parent.parent
SEED = "000_43bc5bf8eb7e91f7.txt"

installed_only = pytest.mark.skipif(
    not resources.is_installed_copy(),
    reason="briefgen runs from a source tree or an editable install (no briefgen/_bundled/); "
    "run the tests after `pip install .` to check the installed copy",
)


@installed_only
def test_installed_package_holds_the_bundled_dataset_and_seeds():
    package = Path(briefgen.__file__).resolve().parent
    dataset = resources.bundled_dataset_dir()
    assert dataset == package / "_bundled" / "examples" / "vn-jp-ict"
    for name in ("manifest.yaml", "people.yaml", "meetings.yaml", "sources.yaml"):
        assert (dataset / name).is_file(), name
    source = REPO / "examples" / "vn-jp-ict"
    if source.is_dir():  # tests run from a checkout: the installed copy has every file
        assert sorted(p.name for p in dataset.glob("*.yaml")) == sorted(p.name for p in source.glob("*.yaml"))
    seeds = package / "_bundled" / "seeds"
    assert (seeds / SEED).is_file()
    assert resources.templates_dir() == package / "_bundled" / "templates"


@installed_only
def test_installed_briefgen_check_works_from_an_empty_folder(tmp_path):
    exe = shutil.which("briefgen") or shutil.which("briefgen", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("no `briefgen` executable installed")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [exe, "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ")
    assert "using bundled dataset:" in proc.stderr
    assert str(Path(briefgen.__file__).resolve().parent / "_bundled") in proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip(
            "hatchling (the build backend) is not installed, so no wheel can be built without "
            "network access; `pip install hatchling` to run this test"
        )
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-cache-dir",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("briefgen-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_ships_the_bundled_dataset(wheel_names):
    assert "briefgen/_bundled/examples/vn-jp-ict/people.yaml" in wheel_names
    for path in sorted((REPO / "examples" / "vn-jp-ict").glob("*.yaml")):
        assert f"briefgen/_bundled/examples/vn-jp-ict/{path.name}" in wheel_names


def test_wheel_ships_the_seeds(wheel_names):
    assert f"briefgen/_bundled/seeds/{SEED}" in wheel_names
    for path in sorted((REPO / "seeds").glob("*.txt")):
        assert f"briefgen/_bundled/seeds/{path.name}" in wheel_names


def test_wheel_ships_the_templates(wheel_names):
    docx = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.docx"))
    if not docx:
        pytest.skip("templates/ holds no .docx yet")
    for name in docx:
        assert f"briefgen/_bundled/templates/{name}" in wheel_names


def test_wheel_ships_the_code_and_the_command(wheel, wheel_names):
    for module in ("__init__.py", "dataset.py", "resources.py", "cli/__init__.py", "cli/data.py"):
        assert f"briefgen/{module}" in wheel_names
    [entry_points] = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode("utf-8")
    assert "briefgen = briefgen.cli:main" in text


def test_wheel_ships_the_license_the_type_marker_and_metadata(wheel, wheel_names):
    assert "briefgen/py.typed" in wheel_names and "briefgen/__main__.py" in wheel_names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel_names)
    [metadata] = [n for n in wheel_names if n.endswith(".dist-info/METADATA")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(metadata).decode("utf-8")
    assert "License-Expression: MIT" in text and "Classifier: Typing :: Typed" in text
    requires = [line for line in text.splitlines() if line.startswith("Requires-Dist:")]
    ingest_only = [line for line in requires if "lingua" in line or "dateparser" in line]
    assert ingest_only and all("; extra == " in line for line in ingest_only)  # never in the plain install
    assert any("extra == 'ingest'" in line or 'extra == "ingest"' in line for line in ingest_only)
