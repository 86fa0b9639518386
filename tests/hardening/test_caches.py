"""The cache cannot be forged, cannot crash a run, and never makes a run slower (issue 15, points 1 and 2).

Reproduced before the cache was rewritten: a folder swapped between briefgen's check of its owner and its
reads served a forged brief; a corrupt entry (a wrong type, five bytes announcing a 16 GB list) ended in
"unexpected TypeError/MemoryError"; 10,000 one-record files made `check` 25 times slower with the cache.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest

from briefgen import cache, yamlfile
from briefgen.dataset import load_dataset

from .conftest import slow

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
GENUINE, FORGED = "Takaichi", "Forged"


@pytest.fixture
def data(tmp_path):
    """The bundled dataset with its seed articles, laid out as in the repository."""
    copy = tmp_path / "examples" / "vn-jp-ict"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return copy


def frames(entry: bytes) -> tuple[bytes, list]:
    """An entry's magic line and its decoded frames (what an attacker who read the code could do)."""
    magic_end = entry.index(b"\n") + 1
    at, found = magic_end, []
    while at < len(entry):
        length, _ = struct.unpack_from(">QI", entry, at)
        found.append(marshal.loads(entry[at + 12 : at + 12 + length]))
        at += 12 + length
    return entry[:magic_end], found


def framed(magic: bytes, values: list) -> bytes:
    out = [magic]
    for value in values:
        payload = marshal.dumps(value)
        out.append(struct.pack(">QI", len(payload), zlib.crc32(payload)) + payload)
    return b"".join(out)


def rewritten(value):
    if isinstance(value, str):
        return value.replace(GENUINE, FORGED)
    if isinstance(value, dict):
        return {k: rewritten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rewritten(v) for v in value]
    return value


def forge(entry: bytes) -> bytes:
    """The same entry, the counterpart's family name rewritten in every record (checksums made good)."""
    magic, values = frames(entry)
    for n, (digest, items, problems, lines) in enumerate(values[1:-1], start=1):
        items = [
            (key, True, [marshal.dumps(rewritten(marshal.loads(r))) for r in records])
            if is_records
            else (key, is_records, records)
            for key, is_records, records in items
        ]
        values[n] = (digest, items, problems, lines)
    return framed(magic, values)


def family_names(dataset) -> set[str]:
    return {person.name.family for person in dataset.people.values()}


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="POSIX")
def test_a_cache_folder_swapped_after_its_check_serves_nothing_forged(tmp_path, data, monkeypatch):
    shared = tmp_path / "shared"  # a folder others can write to, holding the victim's cache folder
    shared.mkdir()
    shared.chmod(0o777)
    folder = shared / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    assert GENUINE in family_names(load_dataset(data, today=TODAY))
    entry = next(folder.glob("*.entry"))
    evil = shared / "evil"
    evil.mkdir(mode=0o700)
    (evil / entry.name).write_bytes(forge(entry.read_bytes()))
    real_open = cache._open_folder

    def swapped_after_the_check(path):
        opened = real_open(path)
        folder.rename(shared / "moved")  # the attacker's move, between the check and the reads
        folder.symlink_to(evil, target_is_directory=True)
        return opened

    monkeypatch.setattr(cache, "_open_folder", swapped_after_the_check)
    reused = load_dataset(data, today=TODAY)
    assert reused.from_cache and GENUINE in family_names(reused) and FORGED not in family_names(reused)
    monkeypatch.setattr(cache, "_open_folder", real_open)
    again = load_dataset(data, today=TODAY)  # the path is now a link: the cache is off, and says why
    assert not again.from_cache and GENUINE in family_names(again)
    assert again.notes and again.notes[0].startswith(f"cache off: cannot open {folder}")


CORRUPT = {
    "a 16 GB list announced in five bytes": b"\xdb\xff\xff\xff\x7f",
    "a list where a mapping belongs": marshal.dumps(["not", "a", "mapping"]),
    "the right keys with values of the wrong types": marshal.dumps(
        {"manifest": b"x", "collections": {}, "warnings": 1, "indexes": {}, "countries": [], "seed_files": []}
    ),
}


@pytest.mark.parametrize("junk", list(CORRUPT.values()), ids=list(CORRUPT))
def test_a_corrupt_entry_means_a_fresh_check_not_a_crash(briefgen_run, tmp_path, data, junk):
    env = {"BRIEFGEN_CACHE_DIR": str(tmp_path / "cache")}
    visit = [
        "visit",
        "--counterpart",
        "Takaichi Sanae",
        "--data",
        str(data),
        "--out",
        str(tmp_path / "out"),
        "--force",
        "--format",
        "docx",
    ]
    assert briefgen_run(visit, env=env).returncode == 0
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(junk)
    again = briefgen_run(visit, env=env)
    assert again.returncode == 0 and "unexpected" not in again.stderr, again.stderr


def test_frames_of_the_wrong_shape_or_length_are_ignored(cache_dir, data):
    load_dataset(data, today=TODAY)
    entry = next(cache_dir.glob("*.entry"))
    magic, values = frames(entry.read_bytes())
    wrong = [
        framed(magic, [*values[:-1], ("end", ("not", "a", "check"))]),  # checksums good, shapes not
        framed(magic, [values[0], ("digest", "items", [], None), values[-1]]),
        framed(magic, values)[:-3] + struct.pack(">QI", 2**40, 0),  # a frame longer than the file
        framed(magic, [b"another briefgen", *values[1:]]),
    ]
    for junk in wrong:
        entry.write_bytes(junk)
        again = load_dataset(data, today=TODAY)
        assert not again.from_cache and GENUINE in family_names(again)


def test_a_kept_check_of_the_wrong_shape_inside_a_good_frame_is_not_served(cache_dir, data):
    """The kept check's bulk is decoded only when used (cache.Entry.check): what it holds is checked then."""
    load_dataset(data, today=TODAY)
    entry = next(cache_dir.glob("*.entry"))
    magic, values = frames(entry.read_bytes())
    tag, (key, checked_on, rest) = values[-1]
    ids, warnings, indexes, countries, seed_files = marshal.loads(rest)
    assert load_dataset(data, today=TODAY).from_cache  # the genuine entry is served
    wrong = [
        b"\xdb\xff\xff\xff\x7f",  # a 16 GB list announced in five bytes
        marshal.dumps(("not", "a", "check")),
        marshal.dumps((ids, warnings, {"meetings_by_person": {}}, countries, seed_files)),  # indexes missing
        marshal.dumps((ids[:-1], warnings, indexes, countries, seed_files)),  # a file's ids missing
    ]
    for junk in wrong:
        entry.write_bytes(framed(magic, [*values[:-1], (tag, (key, checked_on, junk))]))
        again = load_dataset(data, today=TODAY)
        assert not again.from_cache and GENUINE in family_names(again)


def one_record_files(root: Path, count: int) -> None:
    shutil.copytree(REPO / "tests" / "data" / "good" / "edge-cases", root)
    for i in range(count):
        (root / f"org-{i:05d}.yaml").write_text(
            f"organizations:\n  - id: org-{i}\n    names: {{en: Organisation {i}}}\n    country: JP\n", encoding="utf-8"
        )


def test_a_dataset_of_thousands_of_one_record_files_is_parsed_once(cache_dir, tmp_path, monkeypatch):
    root = tmp_path / "many"
    one_record_files(root, 2_100)  # more than the 2,000 entries the former cache kept
    parsed: list[str] = []
    real = yamlfile.parse_text
    monkeypatch.setattr(yamlfile, "parse_text", lambda text, name: parsed.append(name) or real(text, name))
    load_dataset(root, today=TODAY)
    assert len(parsed) > 2_100
    parsed.clear()
    assert len(load_dataset(root, today=TODAY, recheck=True).organizations) > 2_100
    assert parsed == []
    # one entry for the whole dataset, and beside it the stat of each file and the state an edit starts from
    assert sorted(p.suffix for p in cache_dir.iterdir()) == [".entry", ".state", ".stats"]


@pytest.mark.skipif(not slow(), reason="timed: runs with --slow (BRIEFGEN_SLOW=1)")
def test_a_many_file_dataset_is_not_slower_with_the_cache(cache_dir, tmp_path):
    root = tmp_path / "many"
    one_record_files(root, 10_000)
    load_dataset(root, today=TODAY)

    def best(**kwargs) -> float:
        times = []
        for _ in range(3):
            started = time.process_time()
            load_dataset(root, today=TODAY, recheck=True, **kwargs)
            times.append(time.process_time() - started)
        return min(times)

    assert best() <= best(cache=False) * 1.1
