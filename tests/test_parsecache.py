"""The parse cache: reused only for the same bytes, never trusted blindly, never needed."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from briefgen import parsecache, yamlfile
from briefgen.dataset import load_dataset
from briefgen.errors import DatasetError

BUNDLED = Path(__file__).resolve().parent.parent / "examples" / "vn-jp-ict"


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(BUNDLED, copy)
    return copy


def entries(folder):
    return sorted((folder / "parsed-v1").glob("*.marshal"))


def test_a_second_read_of_the_same_bytes_comes_from_the_cache(cache_dir, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("people:\n  - id: a\n", encoding="utf-8")
    cache = parsecache.ParseCache.default()
    first, _ = yamlfile.read_yaml(path, "p.yaml", cache)
    second, problems = yamlfile.read_yaml(path, "p.yaml", cache)
    assert (cache.misses, cache.hits) == (1, 1) and problems == []
    assert second.data == first.data == {"people": [{"id": "a"}]}
    assert second.line_of(("people", 0, "id")) == 2  # lines still come from the file
    assert len(entries(cache_dir)) == 1


def test_loading_twice_gives_the_same_dataset_and_an_edit_is_seen(cache_dir, data):
    first = load_dataset(data)
    files = entries(cache_dir)
    assert len(files) == len(list(data.glob("*.yaml")))
    again = load_dataset(data)
    assert again.people == first.people and again.commitments == first.commitments
    people = data / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Takaichi", "Takaiti"), encoding="utf-8")
    edited = load_dataset(data)
    assert any("Takaiti" in repr(p.name) for p in edited.people.values())
    assert len(entries(cache_dir)) == len(files) + 1


def test_a_cached_file_with_an_error_still_gets_its_line(cache_dir, data):
    meetings = data / "meetings.yaml"
    load_dataset(data)  # everything cached
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("date: 2017-03-29", "date: 2017-02-30", 1), encoding="utf-8")
    for _ in range(2):  # parsed, then from the cache: the same message and line
        with pytest.raises(DatasetError) as caught:
            load_dataset(data)
        problems = [p for p in caught.value.problems if p.file == "meetings.yaml"]
        line = 1 + text.splitlines().index(next(t for t in text.splitlines() if "date: 2017-03-29" in t))
        assert [p.line for p in problems] == [line]


def test_a_corrupt_entry_is_ignored(cache_dir, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    cache = parsecache.ParseCache.default()
    yamlfile.read_yaml(path, "p.yaml", cache)
    for junk in (b"", b"\x00garbage", b"\xe9" * 7):
        entries(cache_dir)[0].write_bytes(junk)
        yf, problems = yamlfile.read_yaml(path, "p.yaml", cache)
        assert yf.data == {"a": [1, 2]} and problems == []


def test_a_planted_value_of_the_wrong_shape_is_a_miss(cache_dir, tmp_path):
    import marshal

    path = tmp_path / "p.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    cache = parsecache.ParseCache.default()
    yamlfile.read_yaml(path, "p.yaml", cache)
    entries(cache_dir)[0].write_bytes(marshal.dumps(["not", "a", "mapping"]))
    yf, _ = yamlfile.read_yaml(path, "p.yaml", cache)
    assert yf.data == {"a": 1}


def test_files_the_careful_path_reads_are_not_cached(cache_dir, tmp_path):
    cache = parsecache.ParseCache.default()
    for i, text in enumerate(["a: &x 1\n", "a: 1\na: 2\n", 'a: "\\x07"\n', "a: [1\n"]):
        path = tmp_path / f"f{i}.yaml"
        path.write_text(text, encoding="utf-8")
        yamlfile.read_yaml(path, path.name, cache)
        yamlfile.read_yaml(path, path.name, cache)
    assert entries(cache_dir) == [] and cache.hits == 0


def test_the_cache_can_be_turned_off(monkeypatch, data, tmp_path):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    assert parsecache.ParseCache.default() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_dataset(data)
    assert not (tmp_path / "xdg").exists()
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    load_dataset(data, cache=False)
    assert not (tmp_path / "xdg").exists()
    load_dataset(data)
    assert entries(tmp_path / "xdg" / "briefgen")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used(cache_dir):
    parsecache.ParseCache.default()
    (cache_dir / "parsed-v1").chmod(0o777)
    assert parsecache.ParseCache.default() is None
    (cache_dir / "parsed-v1").chmod(0o700)
    assert parsecache.ParseCache.default() is not None
    assert stat.S_IMODE((cache_dir / "parsed-v1").stat().st_mode) == 0o700


def test_an_unwritable_cache_still_loads(cache_dir, data, monkeypatch):
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        if os.access(cache_dir, os.W_OK):  # root: permissions do not stop us; make it a file instead
            cache_dir.chmod(0o700)
            shutil.rmtree(cache_dir)
            cache_dir.write_text("not a folder")
        assert load_dataset(data).people
    finally:
        if cache_dir.is_dir():
            cache_dir.chmod(0o700)


def test_old_entries_are_pruned(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(parsecache, "MAX_ENTRIES", 5)
    cache = parsecache.ParseCache.default()
    for i in range(12):
        path = tmp_path / f"f{i}.yaml"
        path.write_text(f"a: {i}\n", encoding="utf-8")
        yamlfile.read_yaml(path, path.name, cache)
    assert 1 <= len(entries(cache_dir)) <= 5
