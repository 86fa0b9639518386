"""The page's copy of the dataset: prepared for search once per load, and the preparation abandoned for a copy
that was replaced."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

from briefgen import judgments
from briefgen.web import jobs
from briefgen.web.state import DatasetState

REPO = Path(__file__).resolve().parents[2]


def test_each_loaded_dataset_is_prepared_once_in_the_background_and_told_when_it_is_replaced(tmp_path):
    data = tmp_path / "examples" / "data"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", data)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    seen: list = []
    checks: list = []
    done = threading.Event()

    def prepare(dataset, still_current) -> None:
        seen.append((dataset, threading.current_thread().name))
        checks.append(still_current)
        done.set()

    state = DatasetState(data, prepare=prepare)
    first = state.current().dataset
    assert done.wait(10)
    assert state.current().dataset is first and len(seen) == 1  # not prepared again while the files stay
    assert seen[0] == (first, "briefgen-prepare") and checks[0]()

    done.clear()
    meetings = data / "meetings.yaml"
    meetings.write_text(meetings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = state.current().dataset
    assert second is not None and second is not first
    assert done.wait(10)
    assert seen[1][0] is second
    assert not checks[0]() and checks[1]()  # the first copy's preparation is told to stop


def test_a_prepared_dataset_lists_people_without_judging_a_post_again(monkeypatch):
    state = DatasetState(None)
    dataset = state.current().dataset
    jobs.prepare_search(dataset)
    judged: list = []
    real = judgments.latest_post
    monkeypatch.setattr(jobs, "latest_post", lambda *a: judged.append(a) or real(*a))
    result = jobs.search(dataset, "Ta")
    assert result.people or result.containing
    assert judged == []
    # Unprepared, the same search judges the posts it lists (what preparing saves the officer).
    fresh = DatasetState(None).current().dataset
    jobs.search(fresh, "Ta")
    assert judged


def test_preparing_stops_as_soon_as_the_dataset_is_replaced(monkeypatch):
    dataset = DatasetState(None).current().dataset
    judged: list = []
    monkeypatch.setattr(jobs, "latest_post", lambda *a: judged.append(a))
    jobs.prepare_search(dataset, still_current=lambda: False)
    assert judged == []
    jobs.prepare_search(dataset)
    assert len(judged) == len(dataset.people)
    assert all(day == dt.date.today() for _, _, day in judged)
