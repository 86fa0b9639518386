"""The cache: a file's values reused only for the same bytes, a check's result only for the same files,
day and code; equal to reading and checking again; never trusted blindly, never needed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from briefgen import cache
from briefgen import dataset as dataset_module
from briefgen.dataset import Dataset, Records, load_dataset
from briefgen.errors import DatasetError
from briefgen.models import Meeting
from briefgen.partialdate import PartialDate
from briefgen.resolve import resolve_person

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
COLLECTIONS = ("sources", "fields", "organizations", "people", "meetings", "agreements", "commitments")


def _replace_once(path, old: str, new: str) -> None:
    """A curator's edit: the first `old` of the file, which must be there, made `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data(tmp_path):
    """The bundled dataset with its seed articles, laid out as in the repository (seeds_dir: ../../seeds)."""
    copy = tmp_path / "examples" / "vn-jp-ict"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return copy


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.entry"))


@pytest.fixture
def parses(monkeypatch):
    """The names of the files actually parsed (not taken from the cache), as loads go."""
    parsed: list[str] = []
    real = dataset_module.read_yaml

    def counting(path, name, **kwargs):
        parsed.append(name)
        return real(path, name, **kwargs)

    monkeypatch.setattr(dataset_module, "read_yaml", counting)
    return parsed


def assert_same(reused: Dataset, checked: Dataset) -> None:
    assert reused.manifest == checked.manifest and reused.warnings == checked.warnings
    for name in COLLECTIONS:
        assert list(reused.collection(name).items()) == list(checked.collection(name).items()), name
    for prop in Dataset.INDEXES:
        assert dict(getattr(reused, prop)) == dict(getattr(checked, prop)), prop
    assert reused.countries == checked.countries


def test_the_second_load_is_rebuilt_from_the_first_check_and_equals_it(cache_dir, data):
    checked = load_dataset(data, today=TODAY)
    assert not checked.from_cache and len(entries(cache_dir)) == 1
    reused = load_dataset(data, today=TODAY)
    assert reused.from_cache and isinstance(reused.meetings, Records)
    assert_same(reused, checked)


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
    assert len(entries(cache_dir)) == 1  # the files' values, without a check's result


def test_a_new_file_or_drafts_are_checked_again(cache_dir, data):
    load_dataset(data, today=TODAY)
    assert not load_dataset(data, today=TODAY, include_drafts=True).from_cache
    (data / "more.yaml").write_text("people: []\n", encoding="utf-8")
    assert not load_dataset(data, today=TODAY).from_cache
    assert load_dataset(data, today=TODAY).from_cache


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
    assert not load_dataset(moved, today=TODAY).from_cache


def test_recheck_uses_no_cached_check_but_parses_no_file_again(cache_dir, data, parses, monkeypatch):
    load_dataset(data, today=TODAY)
    assert parses and entries(cache_dir)
    parses.clear()
    monkeypatch.setattr(dataset_module, "_from_cache", lambda *a: pytest.fail("a cached check was used"))
    assert not load_dataset(data, today=TODAY, recheck=True).from_cache
    assert parses == []


def test_an_edited_file_alone_is_parsed_again_and_its_error_keeps_its_line(cache_dir, data, parses):
    meetings = data / "meetings.yaml"
    load_dataset(data, today=TODAY)
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("date: 2017-03-29", "date: 2017-02-30", 1), encoding="utf-8")
    line = 1 + text.splitlines().index(next(t for t in text.splitlines() if "date: 2017-03-29" in t))
    parses.clear()
    for _ in range(2):  # parsed, then from the cache: the same message and line
        with pytest.raises(DatasetError) as caught:
            load_dataset(data, today=TODAY)
        assert [p.line for p in caught.value.problems if p.file == "meetings.yaml"] == [line]
    assert parses == ["meetings.yaml"]


def test_files_the_careful_reader_reads_come_back_with_the_same_problems_and_lines(cache_dir, tmp_path, parses):
    root = tmp_path / "ds"
    shutil.copytree(REPO / "tests" / "data" / "good" / "edge-cases", root)
    (root / "odd.yaml").write_text('draft:\n  note: "bell \\x07"\n  n: 1\n', encoding="utf-8")
    (root / "anchor.yaml").write_text("draft:\n  a: &x 1\n  b: *x\n", encoding="utf-8")
    found = []
    for _ in range(2):
        with pytest.raises(DatasetError) as caught:
            load_dataset(root, today=TODAY)
        found.append([str(p) for p in caught.value.problems])
    assert found[0] == found[1] and any("U+0007" in p for p in found[0]) and any("anchor" in p for p in found[0])
    assert parses.count("odd.yaml") == 1 and parses.count("anchor.yaml") == 2  # a refused file is never cached


def test_a_corrupt_or_truncated_entry_means_a_full_check(cache_dir, data, parses):
    load_dataset(data, today=TODAY)
    entry = entries(cache_dir)[0]
    whole = entry.read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 1
    for broken in (whole[: len(whole) // 2], bytes(flipped), b"\x00garbage", b""):
        entry.write_bytes(broken)
        parses.clear()
        again = load_dataset(data, today=TODAY)
        assert not again.from_cache and parses and again.people
        entry.write_bytes(broken)  # the full check wrote it again: break it again for the next case


def test_caching_off_remembers_nothing(data, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_dataset(data, today=TODAY)
    assert not load_dataset(data, today=TODAY).from_cache
    assert not (tmp_path / "xdg").exists()


def test_one_entry_per_dataset_and_only_the_newest_kept(cache_dir, data, tmp_path):
    for day in range(3):
        load_dataset(data, today=TODAY + dt.timedelta(days=day))
    assert len(entries(cache_dir)) == 1
    for n in range(cache.KEEP + 2):
        other = tmp_path / f"other-{n}" / "x" / "data"
        shutil.copytree(data, other)
        load_dataset(other, today=TODAY + dt.timedelta(days=2))
    assert len(entries(cache_dir)) == cache.KEEP


def test_a_value_marshal_cannot_hold_means_no_check_is_cached(cache_dir, data):
    # An explicit !!timestamp tag builds a date (the careful reader allows safe tags) that the model
    # takes, but that marshal cannot store: the check is done every time rather than half remembered.
    sources = data / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("published: 2020-01-10", "published: !!timestamp 2020-01-10", 1), encoding="utf-8")
    assert str(load_dataset(data, today=TODAY).sources["s000-moc-signing-2020"].published) == "2020-01-10"
    assert not load_dataset(data, today=TODAY).from_cache


def test_an_unwritable_cache_still_loads(cache_dir, data):
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        if os.access(cache_dir, os.W_OK):  # root: permissions do not stop us; make it a file instead
            cache_dir.chmod(0o700)
            shutil.rmtree(cache_dir)
            cache_dir.write_text("not a folder")
        loaded = load_dataset(data, today=TODAY)
        assert loaded.people and not loaded.from_cache
    finally:
        if cache_dir.is_dir():
            cache_dir.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used_and_says_so(cache_dir, data):
    load_dataset(data, today=TODAY)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    cache_dir.chmod(0o777)
    loaded = load_dataset(data, today=TODAY)
    assert not loaded.from_cache and loaded.notes == [f"cache off: {cache_dir} can be written by others"]
    cache_dir.chmod(0o700)
    assert load_dataset(data, today=TODAY).from_cache


def test_a_clean_check_serves_later_days_and_a_clock_put_back_checks_again(cache_dir, data):
    """Only "no date in the future" depends on the day, and a later day can only pass more dates: a clean
    check of one day serves the next days; on an earlier day the dataset is checked again, and its dates
    that were still to come on that day are found."""
    with pytest.raises(DatasetError) as long_ago:
        load_dataset(data, today=dt.date(2000, 1, 1), cache=False)
    future = [p.message.split(" is in the future")[0] for p in long_ago.value.problems if "in the future" in p.message]
    newest = max(PartialDate.parse(text).earliest() for text in future)  # the first day every date has come
    load_dataset(data, today=newest)
    assert load_dataset(data, today=newest + dt.timedelta(days=400)).from_cache
    with pytest.raises(DatasetError) as caught:
        load_dataset(data, today=newest - dt.timedelta(days=1))
    assert any("in the future" in p.message for p in caught.value.problems)
    assert load_dataset(data, today=newest).from_cache is False  # the failed check left no result to serve
    assert load_dataset(data, today=newest + dt.timedelta(days=1)).from_cache


def test_a_name_is_resolved_from_the_index_the_cached_check_kept(cache_dir, data, monkeypatch):
    """The index of people by name comes with the cached check: naming someone files nobody again (at
    size L that read all 2,000 people, 0.14 s of every visit)."""
    checked = load_dataset(data, today=TODAY)
    reused = load_dataset(data, today=TODAY)

    def refuse(person):
        raise AssertionError(f"{person.id} filed again")

    monkeypatch.setattr(Dataset.INDEXES["people_by_name"], "keys", refuse)
    for query in ("Takaichi Sanae", "takaichi-sanae", "Bộ trưởng Hùng", "高市早苗"):
        assert resolve_person(reused, query).person.id == resolve_person(checked, query).person.id


def test_an_index_of_the_wrong_shape_is_refused():
    """The shape check reads an index's lists of ids at C speed; anything but lists of strings is refused."""
    shape = {str: [str]}
    assert cache._is({"k": ["a", "b"], "j": []}, shape)
    for wrong in ({"k": ["a", 1]}, {"k": "ab"}, {"k": [["a"]]}, {"k": ("a",)}, {1: ["a"]}, {"k": None}):
        assert not cache._is(wrong, shape), wrong


def test_a_copy_with_other_records_computes_its_own_indexes(cache_dir, data):
    """dataclasses.replace keeps no index of the original (a cached check's included): a copy with a
    person renamed finds them by the new name."""
    load_dataset(data, today=TODAY)
    reused = load_dataset(data, today=TODAY)
    person = reused.people["takaichi-sanae"]
    renamed = person.model_copy(update={"name": person.name.model_copy(update={"given": "Hanako"})})
    copy = dataclasses.replace(reused, people={**reused.people, person.id: renamed})
    assert resolve_person(copy, "Takaichi Hanako").person is renamed
    assert resolve_person(reused, "Takaichi Sanae").person is person


# --- the stat fast path: a file is trusted unread only while its stat is exactly as when it was read --------


@pytest.fixture
def reads(monkeypatch):
    """The names of the dataset files actually read (their bytes, to hash or parse), as loads go."""
    read: list[str] = []
    real = dataset_module.read_raw

    def counting(path):
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(dataset_module, "read_raw", counting)
    return read


def age(data: Path, seconds: float = 60) -> None:
    """Date every file of the dataset `seconds` back: written well before any cache write that follows."""
    old = int((dt.datetime.now().timestamp() - seconds) * 1e9)
    for path in data.glob("*.yaml"):
        os.utime(path, ns=(old, old))


def test_files_whose_stat_is_unchanged_are_not_read_again(cache_dir, data, reads):
    age(data)
    checked = load_dataset(data, today=TODAY)
    assert sorted(reads) == sorted(p.name for p in data.glob("*.yaml"))
    reads.clear()
    reused = load_dataset(data, today=TODAY)
    assert reads == [] and reused.from_cache
    assert_same(reused, checked)
    assert not load_dataset(data, today=TODAY, recheck=True).from_cache and reads == []  # check: nothing read


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(cache_dir, data, reads):
    age(data)
    load_dataset(data, today=TODAY)
    meetings = data / "meetings.yaml"
    before = meetings.stat()
    text = meetings.read_text(encoding="utf-8")
    edited = text.replace("date: 2017-03-29", "date: 2017-02-30", 1)
    assert len(edited.encode()) == before.st_size
    meetings.write_text(edited, encoding="utf-8")
    os.utime(meetings, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as they were: ctime moved
    assert meetings.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    with pytest.raises(DatasetError) as caught:
        load_dataset(data, today=TODAY)
    assert reads == ["meetings.yaml"]
    assert [p.message for p in caught.value.problems] == ["2017-02-30 does not exist (that month has 28 days)"]


def test_a_file_modified_in_the_same_instant_as_the_cache_write_is_read_again(cache_dir, data, reads):
    age(data, 60)
    meetings = data / "meetings.yaml"
    age_one = int((dt.datetime.now().timestamp() - 30) * 1e9)
    os.utime(meetings, ns=(age_one, age_one))
    load_dataset(data, today=TODAY)
    (stats_file,) = cache_dir.glob("*.stats")
    os.utime(stats_file, ns=(age_one, age_one))  # as if the stats were written in the instant of the file's change
    reads.clear()
    assert load_dataset(data, today=TODAY).from_cache
    assert reads == ["meetings.yaml"]  # its stat matches, but an edit in that instant could leave it so
    assert stats_file.stat().st_mtime_ns > age_one  # written again: the file is no longer within the granularity
    reads.clear()
    load_dataset(data, today=TODAY)
    assert reads == []


def test_a_replaced_or_renamed_file_is_read_again(cache_dir, data, reads):
    age(data)
    load_dataset(data, today=TODAY)
    meetings = data / "meetings.yaml"
    before = meetings.stat()
    replacement = data / "meetings.yaml.new"
    replacement.write_bytes(meetings.read_bytes())
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, meetings)  # same bytes, size and mtime; another inode
    reads.clear()
    assert load_dataset(data, today=TODAY).from_cache  # the same bytes: the same check serves
    assert reads == ["meetings.yaml"]
    (data / "meetings.yaml").rename(data / "meetings-2017.yaml")
    reads.clear()
    load_dataset(data, today=TODAY)
    assert reads == ["meetings-2017.yaml"]


def test_the_racy_rule():
    info = os.stat(__file__)
    known = (*cache.stat_key(info), b"digest")
    written = info.st_mtime_ns + cache.RACY_NS
    assert cache.unchanged(known, info, written)
    assert not cache.unchanged(known, info, written - 1)  # modified within the granularity of the write
    assert not cache.unchanged((known[0] + 1, *known[1:]), info, written)
    assert not cache.unchanged(None, info, written)


# -- after an edit: only what changed is read and checked again, and the result is the full check's ---------


def _outcome(data: Path, **kwargs):
    """What loading finds: the dataset, or the sorted problems of the error."""
    kwargs.setdefault("today", TODAY)
    try:
        return load_dataset(data, **kwargs)
    except DatasetError as exc:
        return exc.problems


def _assert_same_outcome(again, full) -> None:
    if isinstance(full, list):
        assert again == full
    else:
        assert not isinstance(again, list), again
        assert_same(again, full)


EDITS = [  # (file, old text, new text): each applied to the dataset as the previous edits left it
    # a meeting's date after its commitments' updates: the problem is in commitments.yaml, not the edited file
    ("meetings.yaml", "    date: 2017-03-29\n", "    date: 2019-03-29\n"),
    ("meetings.yaml", "    date: 2019-03-29\n", "    date: 2017-03-29\n"),
    # a source that meetings, agreements, people and commitments cite, renamed: unknown ids everywhere, with a
    # suggestion among the ids that remain
    ("sources.yaml", "  - id: s002-mt-tuan-takaichi\n", "  - id: s002-mt-tuan-takaichy\n"),
    ("sources.yaml", "  - id: s002-mt-tuan-takaichy\n", "  - id: s002-mt-tuan-takaichi\n"),
    # a published date before the meeting it reports
    (
        "sources.yaml",
        "    language: vi\n    file: 002_785cd146995a8649.txt\n",
        "    language: vi\n    published: 2016-01-01\n    file: 002_785cd146995a8649.txt\n",
    ),
    ("sources.yaml", "    published: 2016-01-01\n", ""),
    # lines shift in the edited file: every problem kept of it has its new line
    ("meetings.yaml", "meetings:\n", "\n\n# a comment\nmeetings:\n"),
    # a record that no longer validates: references to it are not reported again
    ("meetings.yaml", "    date: 2017-03-29\n", "    date: 2017-02-30\n"),
    ("meetings.yaml", "    date: 2017-02-30\n", "    date: 2017-03-29\n"),
    # a person's post bounded so that a meeting falls outside it (people.yaml checked whole)
    ("people.yaml", "        org: mic-jp\n", "        org: mic-jp\n        end: 2018\n"),
    ("people.yaml", "        org: mic-jp\n        end: 2018\n", "        org: mic-jp\n"),
    # a wrong language code in an organisation's names (the language walk of the collections checked whole), kept
    # while another file is edited, then put right
    ("organizations.yaml", "      fr: ministère de", "      fre: ministère de"),
    ("meetings.yaml", "    date: 2017-03-29\n", "    date: 2019-03-29\n"),
    ("meetings.yaml", "    date: 2019-03-29\n", "    date: 2017-03-29\n"),
    ("organizations.yaml", "      fre: ministère de", "      fr: ministère de"),
]


def test_after_each_edit_the_check_equals_the_full_check_and_reads_only_the_edited_file(
    cache_dir, data, parses, monkeypatch
):
    load_dataset(data, today=TODAY)  # the full check, which keeps the state an edit starts from
    full_checks = []
    real_check = dataset_module._check
    monkeypatch.setattr(dataset_module, "_check", lambda *a, **k: full_checks.append(1) or real_check(*a, **k))
    for name, old, new in EDITS:
        _replace_once(data / name, old, new)
        parses.clear()
        again = _outcome(data)
        assert parses == [name] and full_checks == [], (name, old)
        _assert_same_outcome(again, _outcome(data, cache=False))
        full_checks.clear()
        _assert_same_outcome(_outcome(data, recheck=True), again)  # `check`: nothing changed, nothing read
        assert full_checks == []
    assert isinstance(again, Dataset)


def test_a_new_file_a_duplicate_id_and_a_removed_file_are_checked_as_the_full_check_would(
    cache_dir, data, parses, monkeypatch
):
    load_dataset(data, today=TODAY)
    full_checks: list[int] = []
    real_check = dataset_module._check
    monkeypatch.setattr(dataset_module, "_check", lambda *a, **k: full_checks.append(1) or real_check(*a, **k))

    def again():  # the check after the edit, from the kept state (not the full check)
        full_checks.clear()
        found = _outcome(data)
        assert full_checks == []
        return found

    meetings = (data / "meetings.yaml").read_text(encoding="utf-8")
    first = meetings.split("\n  - id: ")[1]
    extra = data / "more-meetings.yaml"
    extra.write_text("meetings:\n  - id: " + first.replace("m-2017-03-29-tuan-takaichi", "m-copy", 1), encoding="utf-8")
    _assert_same_outcome(again(), _outcome(data, cache=False))
    extra.write_text("meetings:\n  - id: " + first, encoding="utf-8")  # the same id as in meetings.yaml
    duplicate = again()
    assert isinstance(duplicate, list) and any("duplicate id" in p.message for p in duplicate)
    _assert_same_outcome(duplicate, _outcome(data, cache=False))
    extra.unlink()
    _assert_same_outcome(again(), _outcome(data, cache=False))
    (data / "meetings.yaml").rename(data / "meetings-renamed.yaml")
    parses.clear()
    renamed = again()
    assert parses == ["meetings-renamed.yaml"]
    _assert_same_outcome(renamed, _outcome(data, cache=False))


def test_an_organisation_written_twice_is_walked_for_language_codes_where_the_full_check_walks_it(cache_dir, data):
    """The language walk's findings are kept file by file; an id written twice in a collection checked whole means
    its first record may have moved to another file: the walk reads every file then."""
    load_dataset(data, today=TODAY)
    path = data / "organizations.yaml"
    organizations = path.read_text(encoding="utf-8")
    first = organizations.split("\norganizations:\n", 1)[1].split("\n\n  - id: ")[0]
    path.write_text(organizations.replace("      fr: ", "      fre: ", 1), encoding="utf-8")
    found = _outcome(data)
    assert isinstance(found, list) and any("'fre' is not a language code" in p.message for p in found)
    extra = data / "a-more-organizations.yaml"  # read before organizations.yaml: its copy is now the first
    extra.write_text("organizations:\n" + first + "\n", encoding="utf-8")
    found = _outcome(data)  # organizations.yaml unchanged, its record with 'fre' a duplicate now: not walked
    assert isinstance(found, list) and not any("'fre'" in p.message for p in found)
    _assert_same_outcome(found, _outcome(data, cache=False))
    extra.unlink()  # and back: its record with 'fre' is the first again
    _assert_same_outcome(_outcome(data), _outcome(data, cache=False))


def test_an_edit_on_a_later_day_after_a_date_in_the_future_checks_everything(cache_dir, data):
    """A kept problem "in the future" holds only on the day it was found: on another day the full check runs."""
    meetings = data / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("    date: 2017-03-29\n", "    date: 2026-11-24\n", 1), encoding="utf-8")
    assert any("in the future" in p.message for p in _outcome(data))
    (data / "sources.yaml").write_text((data / "sources.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = _outcome(data, today=TODAY + dt.timedelta(days=1))
    assert isinstance(later, list) and not any("in the future" in p.message for p in later)
    assert later == _outcome(data, today=TODAY + dt.timedelta(days=1), cache=False)


RENEWAL = """  - id: a-2024-moc
    kind: moc
    title:
      en: Memorandum of Cooperation on ministerial-level cooperation in the field of information and communications
      vi: Bản ghi nhớ hợp tác cấp Bộ trong lĩnh vực thông tin và truyền thông
    parties: [mic-vn, mic-jp]
    signed: 2024-03-01
    fields: [policy-regulation, e-government]
    sources: [s000-moc-signing-2020]

"""

# (file, old text, new text, whether the checks of the collections checked whole run again): each applied to the
# dataset as the previous edits left it
WHOLE_EDITS = [
    # a meeting no agreement names, moved: nothing the whole checks read changed, their findings are kept
    ("meetings.yaml", "    date: 2018-05-02\n", "    date: 2018-05-03\n", False),
    # a meeting an agreement names, moved away from its signature: the agreement's warning comes (and goes)
    (
        "meetings.yaml",
        "  - id: m-2020-01-09-hung-takaichi\n    date: 2020-01-09\n",
        "  - id: m-2020-01-09-hung-takaichi\n    date: 2020-02-09\n",
        True,
    ),
    ("meetings.yaml", "    date: 2018-05-03\n", "    date: 2018-05-02\n", False),  # kept with that warning in it
    (
        "meetings.yaml",
        "  - id: m-2020-01-09-hung-takaichi\n    date: 2020-02-09\n",
        "  - id: m-2020-01-09-hung-takaichi\n    date: 2020-01-09\n",
        True,
    ),
    # a later memorandum between the same parties on the same subject after the first lapsed: an unrecorded
    # renewal, then recorded
    ("agreements.yaml", "  - id: a-2020-equipment\n", RENEWAL + "  - id: a-2020-equipment\n", True),
    ("agreements.yaml", "    signed: 2024-03-01\n", "    renews: a-2020-moc\n    signed: 2024-03-01\n", True),
    ("meetings.yaml", "    date: 2018-05-02\n", "    date: 2018-05-03\n", False),
    # a person's alias that is another person's name: both are reported, then it is put right
    ("people.yaml", "      - text: Manabu Sakai\n", "      - text: Sanae Takaichi\n", True),
    ("meetings.yaml", "    date: 2018-05-03\n", "    date: 2018-05-02\n", False),
    (
        "people.yaml",
        "      - text: Sanae Takaichi\n        kind: other_order\n        lang: en\n        why: Given name first in",
        "      - text: Manabu Sakai\n        kind: other_order\n        lang: en\n        why: Given name first in",
        True,
    ),
]


def test_the_whole_collections_checks_are_kept_when_nothing_they_read_changed(cache_dir, data, monkeypatch):
    """Organisations, people, agreements and fields are checked together (renewals, shared names, cycles); after
    an edit that changed none of them nor any id their checks looked up, their findings are the kept ones and
    their records are not validated again: the result is still the full check's, problem by problem."""
    load_dataset(data, today=TODAY)
    again_calls: list[int] = []
    real = dataset_module._whole_again
    monkeypatch.setattr(dataset_module, "_whole_again", lambda edited: again_calls.append(1) or real(edited))
    seen_messages: list[str] = []
    for name, old, new, whole_again in WHOLE_EDITS:
        _replace_once(data / name, old, new)
        again_calls.clear()
        again = _outcome(data)
        assert bool(again_calls) is whole_again, (name, new)
        _assert_same_outcome(again, _outcome(data, cache=False))
        problems = again if isinstance(again, list) else again.warnings
        seen_messages += [p.message for p in problems]
    assert any("its meeting 'm-2020-01-09-hung-takaichi' is dated 2020-02-09" in m for m in seen_messages)
    assert any("looks like a renewal of 'a-2020-moc'" in m for m in seen_messages)
    assert any("'Sanae Takaichi' is also a name or alias of" in m for m in seen_messages)
