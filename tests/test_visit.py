"""The visit job end to end on the bundled dataset: files, no overwrite, batch, e-mail, plug-ins."""

from __future__ import annotations

import datetime as dt
import email
import gc
import multiprocessing
import os
import sys
import textwrap
import time
from email.policy import default as default_policy

import pytest
from docx import Document
from openpyxl import load_workbook

from briefgen import process, visit
from briefgen.dataset import Dataset
from briefgen.errors import NameNotResolvedError
from briefgen.render import available_renderers
from briefgen.visit import VisitOptions, run_batch, run_visit

VISIT = dt.date(2026, 11, 23)


def options(tmp_path, **changes):
    return VisitOptions(visit_date=VISIT, out_dir=tmp_path, today=VISIT, **changes)


def test_visit_writes_brief_and_matrix_with_sortable_names(dataset, tmp_path):
    outcome = run_visit(dataset, "Sanae Takaichi", options(tmp_path))
    names = sorted(p.name for p in outcome.files)
    assert names == ["2026-11-23_TAKAICHI-Sanae_brief-en.docx", "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx"]
    text = "\n".join(p.text for p in Document(tmp_path / names[0]).paragraphs)
    assert "TAKAICHI Sanae" in text
    assert "Matrix" in load_workbook(tmp_path / names[1]).sheetnames
    assert any(n.code == "stale_post" for n in outcome.notices)


def test_second_run_never_overwrites_an_edited_brief(dataset, tmp_path):
    first = run_visit(dataset, "takaichi-sanae", options(tmp_path)).files[0]
    first.write_bytes(b"edited")
    second = run_visit(dataset, "takaichi-sanae", options(tmp_path)).files[0]
    assert first.read_bytes() == b"edited"
    assert second.name == "2026-11-23_TAKAICHI-Sanae_brief-en-2.docx"
    forced = run_visit(dataset, "takaichi-sanae", options(tmp_path, force=True)).files[0]
    assert forced == first and forced.read_bytes() != b"edited"


def test_unknown_name_writes_nothing(dataset, tmp_path):
    with pytest.raises(NameNotResolvedError):
        run_visit(dataset, "Nobody Atall", options(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_batch_runs_every_name_and_reports_failures(dataset, tmp_path):
    names = ["Takaichi Sanae", "Nobody Atall", "Nguyễn Mạnh Hùng"]
    outcomes = run_batch(dataset, None, names, options(tmp_path), workers=2)
    assert [o.query for o in outcomes] == names
    assert [bool(o.error) for o in outcomes] == [False, True, False]
    assert outcomes[1].bad_input
    assert len(list(tmp_path.glob("*.docx"))) == 2, sorted(p.name for p in tmp_path.iterdir())


# --- how a batch runs its workers --------------------------------------------------------

BATCH = ["Takaichi Sanae", "Nobody Atall", "Nguyễn Mạnh Hùng"]


def in_worker(monkeypatch):
    """Make every outcome say which process made it, and whether that process's collector was frozen."""
    original = visit.run_visit

    def run_visit(dataset, query, opts):
        outcome = original(dataset, query, opts)
        outcome.notes.append(f"pid={os.getpid()} frozen={gc.get_freeze_count() > 0}")
        return outcome

    monkeypatch.setattr(visit, "run_visit", run_visit)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_forked_workers_use_the_parents_dataset_and_never_load_or_copy_it(dataset, tmp_path, monkeypatch):
    loads = tmp_path / "loads"

    def load_dataset(*args, **kwargs):
        loads.write_text("loaded")  # the worker's own process writes this, so the parent sees it
        raise AssertionError("a forked worker loaded the dataset")

    def refuse_pickle(self, protocol):
        raise AssertionError("the dataset was pickled for a worker")

    monkeypatch.setattr(visit, "load_dataset", load_dataset)
    monkeypatch.setattr(Dataset, "__reduce_ex__", refuse_pickle)
    in_worker(monkeypatch)
    frozen_before = gc.get_freeze_count()
    done = []
    outcomes = run_batch(dataset, None, BATCH, options(tmp_path), workers=2, on_done=done.append, start_method="fork")
    assert not loads.exists()
    assert [o.query for o in outcomes] == BATCH and sorted(map(id, done)) == sorted(map(id, outcomes))
    assert [bool(o.error) for o in outcomes] == [False, True, False] and outcomes[1].bad_input
    made_by = {o.notes[-1] for o in outcomes if not o.error}
    assert all(f"pid={os.getpid()} " not in note for note in made_by), made_by  # not the parent
    assert all(note.endswith("frozen=True") for note in made_by)  # gc.freeze() came before the fork
    if not frozen_before:  # a batch leaves the caller's collector as it found it
        assert gc.get_freeze_count() == 0


def test_spawned_workers_load_the_dataset_themselves(dataset, tmp_path, monkeypatch):
    made = []

    class Pool(visit.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            made.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(visit, "ProcessPoolExecutor", Pool)
    names = list(dataset.people) + BATCH[1:2]  # enough for two spawned workers (each person once)
    outcomes = run_batch(dataset, None, names, options(tmp_path), workers=2, start_method="spawn")
    assert [(m["max_workers"], m["mp_context"].get_start_method(), m["initargs"][:3]) for m in made] == [
        (2, "spawn", (None, None, os.getpid()))
    ]  # the data folder to load from (None: the bundled one), no
    # dataset, and the parent's pid (the workers end with it); then the batch's ledger (see below)
    assert all(isinstance(m["initargs"][3], visit._Ledger) for m in made) or os.name == "nt"
    assert [bool(o.error) for o in outcomes] == [False] * (len(names) - 1) + [True]
    assert [o.person_id for o in outcomes[:-1]] == list(dataset.people)


def test_a_small_batch_is_not_worth_spawning_workers_for(dataset, tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(visit, "ProcessPoolExecutor", no_pool)
    outcomes = run_batch(dataset, None, BATCH, options(tmp_path), workers=2, start_method="spawn")
    assert [bool(o.error) for o in outcomes] == [False, True, False]
    assert visit.pool_size(len(BATCH), workers=None, forked=False) == 1
    assert visit.pool_size(100, workers=None, forked=False) == process.usable_cores()
    assert visit.pool_size(3, workers=8, forked=True) == 3 and visit.pool_size(100, workers=2, forked=True) == 2
    assert visit.pool_size(1, workers=None, forked=True) == 1


def test_ctrl_c_during_a_batch_drops_the_briefings_not_yet_started(dataset, tmp_path):
    names = list(dataset.people)  # eight people (the same one twice would be written once)

    def interrupt(outcome):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(dataset, None, names, options(tmp_path), workers=2, on_done=interrupt)
    written = len(list(tmp_path.glob("*.docx")))
    assert 1 <= written <= 3, written  # the one reported, and at most the workers + 1 that had been handed out


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_worker_that_dies_fails_the_batch_by_name_not_with_a_traceback(dataset, tmp_path, monkeypatch):
    original = visit.run_visit

    def run_visit(dataset, query, opts):
        if query == "Crash":
            os._exit(3)  # as if killed (out of memory, a segfault in a library)
        return original(dataset, query, opts)

    monkeypatch.setattr(visit, "run_visit", run_visit)
    outcomes = run_batch(dataset, None, ["Crash", *BATCH], options(tmp_path), workers=2, start_method="fork")
    assert [o.query for o in outcomes] == ["Crash", *BATCH]
    assert "its worker process died" in outcomes[0].error and not outcomes[0].bad_input
    assert all(o.error for o in outcomes if o.query == "Nobody Atall")
    # only the member whose worker died fails: the others, in flight with it, ran again in a fresh worker
    assert [bool(o.error) for o in outcomes] == [True, False, True, False]
    assert len(list(tmp_path.glob("*.docx"))) == 2, sorted(p.name for p in tmp_path.iterdir())


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_member_written_before_its_pool_broke_is_not_written_again(dataset, tmp_path, monkeypatch):
    """The race seen once under load, forced: a healthy worker has written a member's set, and the pool breaks
    (another worker dies) before that member's result reaches the parent.  The pool fails it with the rest;
    it must count as done from the ledger, not run again (which wrote a "-2" duplicate set)."""
    written = tmp_path / "written.flag"
    original_run, original_record = visit.run_visit, visit._record_done

    def run_visit(dataset, query, opts):
        if query == "Crash":
            deadline = time.monotonic() + 60
            while not written.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            os._exit(3)  # only once the other member is complete
        return original_run(dataset, query, opts)

    def record_done(folder, index, outcome):
        original_record(folder, index, outcome)
        if outcome.query == "Takaichi Sanae" and not written.exists():
            written.touch()
            time.sleep(60)  # its result never comes back: the pool breaks and ends this worker meanwhile

    monkeypatch.setattr(visit, "run_visit", run_visit)
    monkeypatch.setattr(visit, "_record_done", record_done)
    out = tmp_path / "out"
    started = time.monotonic()
    outcomes = run_batch(dataset, None, ["Crash", "Takaichi Sanae"], options(out), workers=2, start_method="fork")
    assert time.monotonic() - started < 50  # the sleeping worker was ended with the broken pool, not waited for
    assert written.exists()
    assert "its worker process died" in outcomes[0].error
    assert not outcomes[1].error and outcomes[1].person_id == "takaichi-sanae"
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-11-23_TAKAICHI-Sanae_brief-en.docx",
        "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx",
    ]  # one set, no "-2" copy
    assert outcomes[1].files == sorted(out.iterdir())


def _record_in_child(ledger, index):
    ledger.record(index, visit.VisitOutcome(query=f"member {index}", person_id="someone"))


@pytest.mark.skipif(os.name == "nt", reason="no ledger without fcntl")
@pytest.mark.parametrize("method", [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()])
def test_the_ledger_reaches_a_worker_however_it_is_started_and_has_no_name(method, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(visit.tempfile, "tempdir", None)  # read TMPDIR again
    ledger = visit._Ledger.create()
    try:
        assert list(tmp_path.iterdir()) == []  # nothing on disk to leave behind, whatever ends the batch
        children = [
            multiprocessing.get_context(method).Process(target=_record_in_child, args=(ledger, i)) for i in (3, 5)
        ]
        for child in children:
            child.start()
        for child in children:
            child.join(60)
        assert [child.exitcode for child in children] == [0, 0]
        assert ledger.finished(5).query == "member 5" and ledger.finished(3).person_id == "someone"
        assert ledger.finished(4) is None
    finally:
        ledger.close()


def test_email_draft_has_both_files_attached(dataset, tmp_path):
    outcome = run_visit(dataset, "takaichi-sanae", options(tmp_path, email_to=("a@example.org", "b@example.org")))
    eml = next(p for p in outcome.files if p.suffix == ".eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert message["To"] == "a@example.org, b@example.org"
    assert "TAKAICHI Sanae" in message["Subject"] and "For internal use" in message["Subject"]
    assert message["X-Unsent"] == "1"
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attached) == {"2026-11-23_TAKAICHI-Sanae_brief-en.docx", "2026-11-23_TAKAICHI-Sanae_matrix-en.xlsx"}
    assert (
        attached["2026-11-23_TAKAICHI-Sanae_brief-en.docx"]
        == (tmp_path / "2026-11-23_TAKAICHI-Sanae_brief-en.docx").read_bytes()
    )
    body = message.get_body().get_content()
    assert "Post: Minister for Internal Affairs and Communications" in body
    assert "verify current post: latest record of January 2020" in body  # the brief's flags travel with it
    assert "20 older items" in body


@pytest.fixture
def extra_renderer(tmp_path, monkeypatch):
    """Install a tiny renderer plug-in (a dist-info with an entry point) on sys.path."""
    site = tmp_path / "site"
    (site / "briefgen_txt").mkdir(parents=True)
    (site / "briefgen_txt" / "__init__.py").write_text(
        textwrap.dedent("""
        from briefgen.render import Renderer

        class TextRenderer(Renderer):
            name, suffix, kind, description = "txt", ".txt", "summary", "plain-text summary"

            def render(self, views, *, template=None):
                return f"{views.brief.profile.name}: {len(views.brief.meetings)} meetings".encode()
    """)
    )
    info = site / "briefgen_txt-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: briefgen-txt\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[briefgen.renderers]\ntxt = briefgen_txt:TextRenderer\n")
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("briefgen_txt", None)


def test_an_installed_plugin_renderer_is_listed_and_used(dataset, tmp_path, extra_renderer):
    assert list(available_renderers())[:2] == ["docx", "xlsx"] and "txt" in available_renderers()
    out = tmp_path / "out"
    outcome = run_visit(dataset, "takaichi-sanae", options(out, formats=("txt",)))
    assert [p.name for p in outcome.files] == ["2026-11-23_TAKAICHI-Sanae_summary-en.txt"]
    assert outcome.files[0].read_text() == "TAKAICHI Sanae: 5 meetings"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_batch_files_people_by_name_once_in_the_parent(tmp_path, monkeypatch):
    """The index of people by name reads every person: made in the parent (by the check, or before the
    workers are forked), the workers share it and never read every person again."""
    from briefgen.dataset import Dataset, load_dataset

    filed = tmp_path / "filed"
    by_name = Dataset.INDEXES["people_by_name"]
    real_keys = by_name.keys

    def keys(person):
        with filed.open("a") as log:  # appended by whichever process files a person
            log.write(f"{os.getpid()}\n")
        return real_keys(person)

    monkeypatch.setattr(by_name, "keys", keys)
    dataset = load_dataset(None, cache=False)  # checked here: the check files everyone, in this process
    outcomes = run_batch(dataset, None, BATCH, options(tmp_path / "out"), workers=2, start_method="fork")
    assert [bool(o.error) for o in outcomes] == [False, True, False]
    assert set(filed.read_text().split()) == {str(os.getpid())}


def test_the_email_carries_every_document_but_a_workbooks_pdf_copy():
    from pathlib import Path

    from briefgen.visit import email_attachments

    files = [Path(n) for n in ("b-brief-en.docx", "b-matrix-en.xlsx", "b-brief-en.pdf", "b-matrix-en.pdf")]
    assert email_attachments(files) == files[:3]


class _Ended(BaseException):
    """Stands for the worker process ending (process.end_terminated_worker)."""


def test_a_briefing_the_sigterm_cut_short_ends_the_worker_and_is_not_recorded_as_failed(monkeypatch):
    """SIGTERM raises Terminated inside the briefing; a library's bare `except:` (openpyxl's descriptors) can
    turn it into an error of its own, which the batch reported as "unexpected TypeError" for a briefing that
    was stopped.  The worker now ends without recording that outcome; an error with no SIGTERM is recorded."""
    recorded = []

    def cut_short(dataset, query, options):
        monkeypatch.setattr(visit, "_worker_terminating", True)  # the handler ran mid-briefing
        return visit.VisitOutcome(query=query, error="unexpected TypeError: expected <class 'CellRange'>")

    def ended():
        raise _Ended

    monkeypatch.setattr(visit, "_worker_dataset", object())
    monkeypatch.setattr(visit, "_worker_ledger", object())
    monkeypatch.setattr(visit, "_record_done", lambda ledger, index, outcome: recorded.append(outcome))
    monkeypatch.setattr(visit, "safe_run", cut_short)
    monkeypatch.setattr(process, "end_terminated_worker", ended)
    with pytest.raises(_Ended):
        visit._run_one("takaichi", VisitOptions(visit_date=dt.date(2026, 12, 1)), 0)
    assert recorded == []

    monkeypatch.setattr(visit, "_worker_terminating", False)
    failed = visit.VisitOutcome(query="x", error="unexpected TypeError")
    monkeypatch.setattr(visit, "safe_run", lambda dataset, query, options: failed)
    assert visit._run_one("x", VisitOptions(visit_date=dt.date(2026, 12, 1)), 0) is failed
    assert recorded == [failed]
