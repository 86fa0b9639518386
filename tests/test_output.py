"""Atomic, non-overwriting writes and safe file names."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.output import safe_name_part, write_new


def test_writes_then_never_overwrites(tmp_path):
    first = write_new(tmp_path, "2026-11-23_X_brief", ".docx", b"one")
    first.write_bytes(b"edited by an officer")
    second = write_new(tmp_path, "2026-11-23_X_brief", ".docx", b"two")
    assert first.name == "2026-11-23_X_brief.docx"
    assert second.name == "2026-11-23_X_brief-2.docx"
    assert first.read_bytes() == b"edited by an officer"
    assert second.read_bytes() == b"two"


def test_force_replaces(tmp_path):
    path = write_new(tmp_path, "a", ".txt", b"old")
    again = write_new(tmp_path, "a", ".txt", b"new", force=True)
    assert again == path and path.read_bytes() == b"new"


def test_no_temporary_files_left(tmp_path):
    write_new(tmp_path, "a", ".txt", b"x")
    write_new(tmp_path, "a", ".txt", b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.txt", "a.txt"]


def test_concurrent_writers_get_distinct_names(tmp_path):
    results, barrier = [], threading.Barrier(8)

    def worker(i):
        barrier.wait()
        results.append(write_new(tmp_path, "same", ".bin", str(i).encode()))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.name for p in results}) == 8
    assert sorted(p.read_bytes() for p in results) == sorted(str(i).encode() for i in range(8))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TAKAICHI Sanae", "TAKAICHI-Sanae"),
        ("Nguyễn Mạnh Hùng", "Nguyen-Manh-Hung"),
        ("Đoàn", "Doan"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b:c\x00d", "a-b-c-d"),
        ("高市早苗", "untitled"),
        ("..", "untitled"),
    ],
)
def test_safe_name_part(text, expected):
    assert safe_name_part(text) == expected


@given(st.text(max_size=400))
def test_safe_name_part_never_escapes(text):
    part = safe_name_part(text)
    assert part and len(part) <= 60
    assert "/" not in part and "\\" not in part and "\x00" not in part and ":" not in part
    assert part not in {".", ".."} and not part.startswith(".")
    assert os.path.basename(part) == part
