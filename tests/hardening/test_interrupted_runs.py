"""Killed and concurrent runs of the real `briefgen visit`: nothing truncated, nothing lost."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

EXE = shutil.which("briefgen")
pytestmark = pytest.mark.skipif(EXE is None, reason="the briefgen command is not on PATH (package not installed)")
VISIT = ["visit", "--counterpart", "Takaichi Sanae", "--date", "2026-11-23"]


def assert_every_document_is_whole(folder):
    for path in folder.iterdir():
        if path.name == "edited.docx":
            continue  # the officer's file, checked byte for byte by the caller
        if path.suffix == ".docx":
            Document(path)  # raises on a truncated or corrupt file
        elif path.suffix == ".xlsx":
            load_workbook(path)
        elif path.name.startswith(".briefgen-"):
            continue  # a temporary file: never under a real document name
        else:
            raise AssertionError(f"unexpected file {path.name}")


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8, 1.1, 1.4, 1.8])
def test_sigkill_at_any_point_leaves_no_corrupt_document(tmp_path, delay):
    existing = tmp_path / "2026-11-23_TAKAICHI-Sanae_brief.docx"
    existing.write_bytes(b"an officer's edited brief")
    process = subprocess.Popen([EXE, *VISIT, "--out", str(tmp_path)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert existing.read_bytes() == b"an officer's edited brief"
    existing.rename(tmp_path / "edited.docx")
    assert_every_document_is_whole(tmp_path)


def test_two_runs_at_once_both_succeed_with_distinct_files(tmp_path):
    runs = [subprocess.Popen([EXE, *VISIT, "--out", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["2026-11-23_TAKAICHI-Sanae_brief-2.docx", "2026-11-23_TAKAICHI-Sanae_brief.docx",
                     "2026-11-23_TAKAICHI-Sanae_matrix-2.xlsx", "2026-11-23_TAKAICHI-Sanae_matrix.xlsx"]
    for name in names:
        assert zipfile.is_zipfile(tmp_path / name)
    assert_every_document_is_whole(tmp_path)
