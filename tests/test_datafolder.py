"""Which files make a dataset: hidden folders, virtual environments and caches are never entered,
and a folder without a manifest is refused before anything in it is parsed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen.datafolder import NO_MANIFEST, dataset_files, holds_manifest, yaml_files
from briefgen.dataset import load_dataset
from briefgen.errors import BadInputError, DatasetError

BUNDLED = Path(__file__).resolve().parent.parent / "examples" / "vn-jp-ict"
TODAY = dt.date(2026, 11, 23)


def _write(path: Path, text: str = "people: []\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_walk_skips_hidden_folders_virtual_environments_and_caches(tmp_path):
    kept = [_write(tmp_path / "manifest.yaml", "manifest: {}\n"), _write(tmp_path / "sub" / "people.yml")]
    for skipped in (
        ".git/x.yaml",
        ".venv/lib/x.yaml",
        "env/lib/site.yaml",
        "conda/lib/x.yaml",
        "node_modules/pkg/x.yaml",
        "lib/site-packages/pkg/x.yaml",
        "__pycache__/x.yaml",
        "drafts/draft.yaml",
    ):
        _write(tmp_path / skipped)
    _write(tmp_path / "env" / "pyvenv.cfg", "home = /usr/bin\n")
    (tmp_path / "conda" / "conda-meta").mkdir(parents=True)
    assert yaml_files(tmp_path) == sorted(kept)
    assert yaml_files(tmp_path, include_drafts=True) == sorted([*kept, tmp_path / "drafts" / "draft.yaml"])


def test_the_walk_finds_the_same_files_as_before_in_the_bundled_dataset():
    assert yaml_files(BUNDLED) == sorted(p for p in BUNDLED.rglob("*") if p.suffix in {".yaml", ".yml"})


def test_a_symlinked_folder_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    _write(outside / "x.yaml")
    root = tmp_path / "root"
    _write(root / "manifest.yaml", "manifest: {}\n")
    (root / "link").symlink_to(outside, target_is_directory=True)
    assert yaml_files(root) == [root / "manifest.yaml"]


@pytest.mark.parametrize(
    "text",
    [
        "manifest:\n  name: x\n",
        "---\nmanifest: {}\n",
        '"manifest": {}\n',
        "\ufeffmanifest: {}\n",
        "{manifest: {name: x}}\n",
        "people: []\nmanifest :\n",
    ],
)
def test_every_spelling_of_a_manifest_key_is_seen(tmp_path, text):
    assert holds_manifest([_write(tmp_path / "a.yaml", text)])


@pytest.mark.parametrize("text", ["people: []\n", "# manifest: in a comment\npeople: []\n", "manifests: []\n"])
def test_a_file_without_a_manifest_key_holds_none(tmp_path, text):
    assert not holds_manifest([_write(tmp_path / "a.yaml", text)])


def test_a_folder_without_a_manifest_is_refused_before_its_files_are_parsed(tmp_path):
    _write(tmp_path / "broken.yaml", "people: [unclosed\n")  # parsed, this would be a syntax error
    with pytest.raises(DatasetError) as info:
        dataset_files(tmp_path)
    assert [str(p) for p in info.value.problems] == [f"{tmp_path}: manifest: {NO_MANIFEST}"]
    with pytest.raises(DatasetError) as info:
        load_dataset(tmp_path, today=TODAY)
    assert [p.message for p in info.value.problems] == [NO_MANIFEST]


def test_a_folder_holding_a_dataset_next_to_a_virtual_environment_loads(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(BUNDLED, root)
    _write(root / ".venv" / "pyvenv.cfg", "home = /usr/bin\n")
    _write(root / ".venv" / "lib" / "bad.yaml", "this: [is not\n")
    _write(root / "node_modules" / "bad.yaml", "neither: [is this\n")
    dataset = load_dataset(root, today=TODAY, cache=False)
    assert len(dataset.people) == 8


def test_no_yaml_at_all_is_still_its_own_message(tmp_path):
    (tmp_path / ".hidden").mkdir()
    _write(tmp_path / ".hidden" / "manifest.yaml", "manifest: {}\n")
    with pytest.raises(BadInputError, match="no YAML files in"):
        dataset_files(tmp_path)
