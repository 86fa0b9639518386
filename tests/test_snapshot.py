"""A remembered check: reused only for the same files, day and code; equal to checking again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen import snapshot
from briefgen.dataset import Dataset, load_dataset
from briefgen.errors import DatasetError
from briefgen.models import Meeting
from briefgen.snapshot import INDEXES, LazyRecords

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
COLLECTIONS = ("sources", "fields", "organizations", "people", "meetings", "agreements", "commitments")


@pytest.fixture
def data(tmp_path):
    """The bundled dataset with its seed articles, laid out as in the repository (seeds_dir: ../../seeds)."""
    copy = tmp_path / "examples" / "vn-jp-ict"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return copy


def remembered(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "checked-v1").glob("*.checked"))


def assert_same(reused: Dataset, checked: Dataset) -> None:
    assert reused.manifest == checked.manifest and reused.warnings == checked.warnings
    for name in COLLECTIONS:
        assert list(reused.collection(name).items()) == list(checked.collection(name).items()), name
    for prop in INDEXES:
        assert dict(getattr(reused, prop)) == dict(getattr(checked, prop)), prop
    assert reused.countries == checked.countries


def test_the_second_load_is_rebuilt_from_the_first_check_and_equals_it(cache_dir, data):
    checked = load_dataset(data, today=TODAY)
    assert not checked.reused and len(remembered(cache_dir)) == 1
    reused = load_dataset(data, today=TODAY)
    assert reused.reused and isinstance(reused.meetings, LazyRecords)
    assert_same(reused, checked)
    assert reused.meetings_in_order == checked.meetings_in_order  # built from the lazy records


def test_records_are_validated_only_when_read(cache_dir, data):
    load_dataset(data, today=TODAY)
    reused = load_dataset(data, today=TODAY)
    assert reused.meetings._built == {}
    first = next(iter(reused.meetings))
    assert isinstance(reused.meetings[first], Meeting) and list(reused.meetings._built) == [first]
    assert reused.meetings[first] is reused.meetings[first]
    with pytest.raises(TypeError):
        reused.meetings["new"] = reused.meetings[first]  # read-only, like the checked dataset is meant to be


def test_an_edited_byte_is_checked_again_and_its_error_found(cache_dir, data):
    load_dataset(data, today=TODAY)
    meetings = data / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("date: ", "date: not-a-date-", 1), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(data, today=TODAY)
    assert any(p.file == "meetings.yaml" and "date" in p.path for p in caught.value.problems)
    assert len(remembered(cache_dir)) == 1  # an error is never remembered


def test_a_new_file_a_new_day_or_drafts_are_checked_again(cache_dir, data):
    load_dataset(data, today=TODAY)
    assert not load_dataset(data, today=TODAY + dt.timedelta(days=1)).reused  # "in the future" moves
    assert not load_dataset(data, today=TODAY, include_drafts=True).reused
    (data / "more.yaml").write_text("people: []\n", encoding="utf-8")
    assert not load_dataset(data, today=TODAY).reused
    assert load_dataset(data, today=TODAY).reused


def test_a_seed_file_that_went_missing_is_checked_again(cache_dir, data):
    load_dataset(data, today=TODAY)
    seed = next((data.parent.parent / "seeds").glob("*.txt"))
    seed.unlink()
    with pytest.raises(DatasetError) as caught:
        load_dataset(data, today=TODAY)
    assert any(seed.name in p.message for p in caught.value.problems)


def test_a_moved_dataset_is_checked_again(cache_dir, data, tmp_path):
    load_dataset(data, today=TODAY)
    moved = tmp_path / "elsewhere" / "x" / "vn-jp-ict"
    shutil.copytree(data, moved)
    assert not load_dataset(moved, today=TODAY).reused


def test_without_reuse_nothing_is_read_and_without_remember_nothing_is_written(cache_dir, data, monkeypatch):
    load_dataset(data, today=TODAY, remember=False)
    assert remembered(cache_dir) == []
    load_dataset(data, today=TODAY)
    monkeypatch.setattr(snapshot.CheckedStore, "get", lambda *a: pytest.fail("a remembered check was read"))
    assert not load_dataset(data, today=TODAY, reuse=False, remember=False).reused


def test_a_corrupt_or_truncated_result_means_a_full_check(cache_dir, data):
    load_dataset(data, today=TODAY)
    entry = remembered(cache_dir)[0]
    whole = entry.read_bytes()
    for broken in (whole[: len(whole) // 2], b"\x00garbage", b""):
        entry.write_bytes(broken)
        assert not load_dataset(data, today=TODAY).reused
        entry.write_bytes(broken)  # the full check wrote it again: break it again for the next case


def test_caching_off_remembers_nothing(data, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_dataset(data, today=TODAY)
    assert not load_dataset(data, today=TODAY).reused
    assert not (tmp_path / "xdg").exists()


def test_earlier_days_are_removed_and_of_one_day_only_the_newest_kept(cache_dir, data, tmp_path):
    for day in range(3):
        load_dataset(data, today=TODAY + dt.timedelta(days=day))
    assert [p.name.split("_")[0] for p in remembered(cache_dir)] == [str(TODAY + dt.timedelta(days=2))]
    for n in range(snapshot.KEEP + 2):
        other = tmp_path / f"other-{n}" / "x" / "data"
        shutil.copytree(data, other)
        load_dataset(other, today=TODAY + dt.timedelta(days=2))
    assert len(remembered(cache_dir)) == snapshot.KEEP


def test_a_value_marshal_cannot_hold_means_nothing_is_remembered(cache_dir, data):
    # An explicit !!timestamp tag builds a date (the careful reader allows safe tags) that the model
    # takes, but that marshal cannot store: the check is done every time rather than half remembered.
    sources = data / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("published: 2020-01-10", "published: !!timestamp 2020-01-10", 1), encoding="utf-8")
    assert str(load_dataset(data, today=TODAY).sources["s000-moc-signing-2020"].published) == "2020-01-10"
    assert not load_dataset(data, today=TODAY).reused and remembered(cache_dir) == []
