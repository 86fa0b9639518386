"""The process policy (briefgen.process): what each call does to the collector, checked on the collector."""

from __future__ import annotations

import gc
import weakref

import pytest

from briefgen import process


@pytest.fixture
def collector():
    """Nothing frozen at the start (an in-process CLI test may have frozen its dataset: harmless to give back);
    the collector switched on or off as it was, afterwards."""
    enabled = gc.isenabled()
    gc.unfreeze()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def collections_during(work) -> list[int]:
    started: list[int] = []

    def record(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(record)
    try:
        work()
    finally:
        gc.callbacks.remove(record)
    return started


def test_a_command_runs_with_the_collector_off(collector):
    gc.enable()
    process.for_command()
    assert not gc.isenabled()
    assert collections_during(lambda: [[i] for i in range(200_000)]) == []


def test_settle_takes_what_is_loaded_out_of_the_collectors_sight(collector):
    kept = [[i] for i in range(1000)]
    process.settle()
    assert gc.get_freeze_count() >= len(kept)


def test_a_worker_frees_each_briefings_cycles_collecting_only_the_young(collector):
    process.worker_started()

    class Node:
        pass

    made = Node()
    made.self = made  # a cycle, as a parsed document's objects make: reference counting cannot free it
    gone = weakref.ref(made)
    del made
    assert gone() is not None
    assert collections_during(process.after_briefing) == [0]  # the youngest generation only
    assert gone() is None and not gc.isenabled()


def test_a_forked_pool_shares_frozen_objects_and_gives_them_back(collector):
    with process.shared_with_workers(forked=True):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with process.shared_with_workers(forked=False):
        assert gc.get_freeze_count() == 0
