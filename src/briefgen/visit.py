"""The `visit` job: name → person → views → every document in memory → files.

Everything is rendered before anything is written, so a broken template or
a bad value never leaves half a set of documents behind.  Batches run one
process per core; with `fork` they share the dataset the parent loaded, with
`spawn` each loads it once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import signal
import struct
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.reduction import DupFd
from pathlib import Path

from briefgen import process
from briefgen.briefing import build_brief
from briefgen.dataset import Dataset, load_dataset
from briefgen.delegation import Visit
from briefgen.errors import BadInputError, BriefgenError, OutputError
from briefgen.i18n import words
from briefgen.interrupts import hold_interrupts, leave_interrupts_to_the_parent, release_interrupts
from briefgen.lifetime import Terminated, die_with_parent
from briefgen.matrix import build_matrix
from briefgen.output import safe_name_part, write_new
from briefgen.pdf import convert_to_pdf, soffice_path
from briefgen.render import Renderer, VisitViews, available_renderers
from briefgen.render.readback import refuse_to_replace
from briefgen.resolve import resolve_person
from briefgen.selection import select
from briefgen.viewmodel import Notice

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class VisitOptions:
    visit_date: dt.date
    lang: str = "en"
    out_dir: Path = Path(".")
    template: Path | None = None
    force: bool = False
    pdf: bool = False
    email_to: tuple[str, ...] = ()
    formats: tuple[str, ...] | None = None  # None: every installed renderer
    visit: Visit | None = None  # the meeting as a visit file describes it (the brief's first line)
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class VisitOutcome:
    query: str
    person_id: str = ""
    name: str = ""
    files: list[Path] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. why no PDF was made
    error: str = ""  # why no files were written ("" when they were)
    bad_input: bool = False  # the error is about the user's input (a name, the data, a template), not a failure
    seconds: float = 0.0


def build_views(
    dataset: Dataset, person_id: str, *, visit_date: dt.date, lang: str, today: dt.date, visit: Visit | None = None
) -> VisitViews:
    """The brief and the matrix of one visit, both from one selection of its records (`selection.select`)."""
    chosen = select(dataset, person_id, visit_date, visit=visit)
    brief = build_brief(dataset, person_id, visit_date=visit_date, lang=lang, today=today, selection=chosen)
    matrix = build_matrix(dataset, as_of=visit_date, lang=lang, selection=chosen)
    numbers = {s.source_id: s.number for s in brief.sources if s.source_id}  # one number per source in both
    return VisitViews(brief=brief, matrix=dataclasses.replace(matrix, source_numbers=numbers))


def choose_renderers(formats: Iterable[str] | None) -> list[Renderer]:
    installed = available_renderers()
    names = list(formats) if formats else list(installed)
    unknown = [n for n in names if n not in installed]
    if unknown:
        raise BadInputError(f"unknown format(s) {', '.join(unknown)}; installed: {', '.join(installed)}")
    return [installed[n]() for n in names]


def file_stem(visit_date: dt.date, name: str, kind: str, fallback: str) -> str:
    """Names that sort by date and say what they are: 2026-11-23_TAKAICHI-Sanae_brief."""
    return f"{visit_date.isoformat()}_{safe_name_part(name, fallback=safe_name_part(fallback))}_{kind}"


def email_body(views: VisitViews) -> tuple[str, str]:
    """Subject and body of the e-mail draft: the brief's front facts, with the same flags, in its language."""
    brief, who = views.brief, views.brief.counterpart
    w = partial(words, brief.lang)
    subject = f"{brief.visit_line} [{brief.handling}]"
    lines = [brief.visit_line, *(f"{f.label}: {f.text}" for f in brief.visit_facts), ""]
    lines += [w("email_intro", name=who.name, date=brief.visit_date), ""]
    lines.append(f"{w('email_post')}: {who.post_line}" + (f" ({who.post_flag})" if who.post_flag else ""))
    lines.append(f"{w('email_address')}: {brief.address_line or who.form_of_address}")
    lines.append(f"{w('email_last')}: {who.last_meeting_attended}")
    lines += who.successions
    lines.append(who.record)
    if brief.suggestions:
        lines += ["", w("email_suggested")] + [f"- {p.text}" for p in brief.suggestions]
    lines += ["", w("email_open")]
    lines += [f"- {c.text} ({c.kind}; {c.state_label})" for c in brief.open_items]
    if brief.older_items:
        lines.append(brief.older_items)
    if brief.verify:
        lines += ["", w("email_verify")] + [f"- {n.message}" for n in brief.verify]
    lines += ["", brief.freshness, w("email_handling", handling=brief.handling, date=brief.prepared_on)]
    return subject, "\n".join(lines)


def email_attachments(files: list[Path]) -> list[Path]:
    """What the e-mail draft carries: every document written, but not the PDF copy of a workbook, which the
    workbook itself prints (at size L it made the draft pass 1 MB)."""
    workbooks = {f.stem for f in files if f.suffix == ".xlsx"}
    return [f for f in files if not (f.suffix == ".pdf" and f.stem in workbooks)]


def run_visit(
    dataset: Dataset, query: str, options: VisitOptions, *, on_step: Callable[[str], None] | None = None
) -> VisitOutcome:
    """Resolve `query`, render every format, write the files; raises BriefgenError on failure.

    `on_step` is told "rendered" once every document is in memory (nothing written yet) and
    "wrote" after each file is in place (the CLI's interruption tests stop the run there).
    """
    started = time.perf_counter()
    resolution = resolve_person(dataset, query, visit_date=options.visit_date)
    person = resolution.person
    views = build_views(
        dataset, person.id, visit_date=options.visit_date, lang=options.lang, today=options.today, visit=options.visit
    )
    renderers = choose_renderers(options.formats)
    rendered = [(r, r.render(views, template=options.template if r.accepts_template else None)) for r in renderers]
    step = on_step or (lambda _: None)
    step("rendered")
    outcome = VisitOutcome(
        query=query, person_id=person.id, name=views.brief.counterpart.name, notices=list(views.brief.verify)
    )
    for renderer, _ in rendered:
        cleaned = getattr(renderer, "last_cleaned", 0)
        if cleaned:
            outcome.notes.append(
                f"{cleaned} control character(s) in the data cannot be held by a {renderer.suffix} "
                "file and were left out (run `briefgen check` to see where)"
            )
    try:
        _write_set(options, views, person.id, rendered, outcome, step)
    except OutputError as exc:
        if not outcome.files:
            raise
        # Part of the set is on disk (a full disk, a permission changed midway): say what is and what is not.
        raise OutputError(
            f"{exc}; already written: {', '.join(str(f) for f in outcome.files)}; "
            f"not written: {', '.join(_pending(options, rendered, outcome))}"
        ) from exc
    except BaseException as exc:  # Ctrl-C, SIGTERM: the CLI says which files were written before it
        exc.written = list(outcome.files)  # type: ignore[attr-defined]
        exc.not_written = _pending(options, rendered, outcome)  # type: ignore[attr-defined]
        raise
    outcome.seconds = time.perf_counter() - started
    return outcome


def _write_set(
    options: VisitOptions,
    views: VisitViews,
    person_id: str,
    rendered: list,
    outcome: VisitOutcome,
    step: Callable[[str], None],
) -> None:
    """Write the rendered documents, then the PDFs and the e-mail; `outcome.files` grows as each is written
    (and `step("wrote")` is called after each document)."""
    for renderer, data in rendered:
        stem = file_stem(options.visit_date, views.brief.counterpart.name, f"{renderer.kind}-{options.lang}", person_id)
        guard = refuse_to_replace if renderer.suffix == ".docx" else None  # an officer's edited brief
        outcome.files.append(
            write_new(options.out_dir, stem, renderer.suffix, data, force=options.force, may_replace=guard)
        )
        step("wrote")
    if options.pdf:
        if soffice_path() is None:
            outcome.notes.append(
                "no PDF: LibreOffice is not installed (Debian/Ubuntu: "
                "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"
            )
        else:
            outcome.files += convert_to_pdf(list(outcome.files), options.out_dir, force=options.force)
    if options.email_to:
        from briefgen.mail import build_eml  # with --email alone: a visit starts without the email package's policy

        subject, body = email_body(views)
        eml = build_eml(options.email_to, subject, body, email_attachments(outcome.files))
        stem = file_stem(options.visit_date, views.brief.counterpart.name, f"email-{options.lang}", person_id)
        outcome.files.append(write_new(options.out_dir, stem, ".eml", eml, force=options.force))


def _pending(options: VisitOptions, rendered: list, outcome: VisitOutcome) -> list[str]:
    """What of the set is not on disk, by kind: "the matrix (.xlsx)", "the PDF copies", "the e-mail (.eml)"."""
    suffixes = {f.suffix for f in outcome.files}
    left = [f"the {renderer.kind} ({renderer.suffix})" for renderer, _ in rendered if renderer.suffix not in suffixes]
    if options.pdf and ".pdf" not in suffixes:
        left.append("the PDF copies")
    if options.email_to and ".eml" not in suffixes:
        left.append("the e-mail (.eml)")
    return left


# -- batches ------------------------------------------------------------------------------

SPAWNED_MIN_PER_WORKER = 4  # a spawned worker loads the dataset itself: worth it only for several briefings

_worker_dataset: Dataset | None = None
_worker_ledger: _Ledger | None = None  # where this worker records the briefings it finished (see _Ledger)


_worker_busy = False
_worker_terminating = False  # SIGTERM came: the worker ends after the briefing, even if Terminated was lost


def _worker_sigterm(signum, frame) -> None:
    """SIGTERM in a worker (its parent died, or stopped the batch): inside a briefing, unwind it so that
    LibreOffice is stopped and temporary folders removed (see _run_one); idle, just end."""
    # Only the first counts: the parent-death signal comes again each time one of the dead parent's threads
    # ends (the worker is handed from thread to thread), and a second Terminated cut the cleanup short (seen).
    global _worker_terminating
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _worker_terminating = True
    if _worker_busy:
        raise Terminated()
    process.end_terminated_worker()


def _init_worker(
    dataset: Dataset | None, data_dir: Path | None, parent: int | None = None, ledger: _Ledger | None = None
) -> None:
    """In each worker: the dataset the parent passed (`fork`: inherited, nothing copied) or loaded anew.

    The worker ends when its parent does: idle workers wait on a pipe that their siblings also hold open,
    so without PR_SET_PDEATHSIG they outlived a killed parent for ever (see lifetime)."""
    global _worker_dataset, _worker_ledger
    # Ctrl-C: the parent lets the briefings under way finish, then stops; SIGTERM (the parent's death): unwind
    leave_interrupts_to_the_parent(on_terminate=_worker_sigterm)
    process.forget_exit_functions()
    die_with_parent(signal.SIGTERM, parent)
    _worker_dataset = dataset if dataset is not None else load_dataset(data_dir)
    _worker_ledger = ledger
    process.worker_started()


class _Ledger:
    """Which briefings of a batch ran to their end, told by the workers in a file with no name: a channel
    that survives a broken pool, and leaves nothing behind however the batch ends (SIGKILL included).

    When a worker dies, the pool fails every briefing whose result the parent had not yet received, those a
    healthy worker had already written included; run again, such a briefing found its files on disk and
    wrote a second set under "-2" names (seen once under load).  A briefing recorded here is done: its
    outcome is taken from here, and it is not run again.

    The file is unlinked as it is made and opened for appending: each worker adds a record (index, length,
    pickled outcome) in one write, which Linux appends whole; the workers get it by inheritance (fork) or
    as a descriptor multiprocessing passes at start (spawn, forkserver: see __reduce__).  Without fcntl
    (Windows) there is no ledger, and a broken pool's members all run again, as before."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    @classmethod
    def create(cls) -> _Ledger:
        if fcntl is None:
            return cls(None)
        tmpfile = getattr(os, "O_TMPFILE", 0)
        try:
            fd = os.open(tempfile.gettempdir(), os.O_RDWR | os.O_APPEND | tmpfile, 0o600) if tmpfile else -1
        except OSError:  # a file system without unnamed files
            fd = -1
        if fd < 0:
            fd, name = tempfile.mkstemp(prefix="briefgen-batch-")
            os.unlink(name)
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_APPEND)
        return cls(fd)

    def __reduce__(self):
        if self.fd is None:
            return (_Ledger, (None,))
        return (_ledger_from, (DupFd(self.fd),))

    def record(self, index: int, outcome: VisitOutcome) -> None:
        """In a worker: briefing `index` ran to its end (its set written, or its error known)."""
        if self.fd is None:
            return
        payload = pickle.dumps(outcome)
        try:
            os.write(self.fd, struct.pack("<II", index, len(payload)) + payload)
        except OSError:  # a full disk: the outcome still returns the usual way
            pass

    def finished(self, index: int) -> VisitOutcome | None:
        """The outcome a worker recorded for briefing `index`, or None."""
        if self.fd is None:
            return None
        data = os.pread(self.fd, os.fstat(self.fd).st_size, 0)
        at, found = 0, None
        while at + 8 <= len(data):
            number, size = struct.unpack_from("<II", data, at)
            if number == index:
                try:
                    found = pickle.loads(data[at + 8 : at + 8 + size])
                except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                    return None
            at += 8 + size
        return found if isinstance(found, VisitOutcome) else None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _ledger_from(fd) -> _Ledger:
    return _Ledger(fd.detach())


def _record_done(ledger: _Ledger, index: int, outcome: VisitOutcome) -> None:
    ledger.record(index, outcome)


def _run_one(query: str, options: VisitOptions, index: int = 0) -> VisitOutcome:
    global _worker_busy
    assert _worker_dataset is not None
    _worker_busy = True
    try:
        outcome = safe_run(_worker_dataset, query, options)
        if outcome.error and _worker_terminating:
            # SIGTERM cut the briefing short, and a library's bare `except:` turned Terminated into an error of
            # its own (openpyxl's descriptors raise "TypeError: expected <class CellRange>"): the briefing was
            # stopped, not failed, so it is not recorded as done with that error.
            process.end_terminated_worker()
        if _worker_ledger is not None:
            _record_done(_worker_ledger, index, outcome)
        return outcome
    except Terminated:  # every `finally` below has run: LibreOffice stopped, temporary folders gone
        process.end_terminated_worker()
    finally:
        _worker_busy = False
        if _worker_terminating:
            # Terminated raised where Python can only print it (a finaliser, an at-fork callback) is lost:
            # the briefing then ran to its end; the worker must not go back to waiting for work.
            process.end_terminated_worker()
        process.after_briefing()


def safe_run(dataset: Dataset, query: str, options: VisitOptions) -> VisitOutcome:
    """run_visit, with any failure captured in the outcome so one bad name does not stop a batch."""
    try:
        return run_visit(dataset, query, options)
    except BriefgenError as exc:
        return VisitOutcome(query=query, error=str(exc), bad_input=isinstance(exc, BadInputError))
    except Exception as exc:  # noqa: BLE001 - reported per name, the batch goes on
        return VisitOutcome(query=query, error=f"unexpected {type(exc).__name__}: {exc}")


def _pool_round(
    dataset: Dataset,
    data_dir: Path | None,
    todo: list[tuple[int, str]],
    options: VisitOptions,
    workers: int,
    context,
    results: dict[int, VisitOutcome],
    on_done: Callable[[VisitOutcome], None] | None,
    ledger: _Ledger | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Run `todo` (index, query) in one pool until done or until the pool breaks (a worker died); outcomes go
    into `results`.  Returns the briefings the broken pool was running and those it never started; the
    workers record each briefing that ran to its end in `ledger`."""
    forked = context.get_start_method() == "fork"
    broken: list[tuple[int, str]] = []
    with process.shared_with_workers(forked):  # the workers are forked at the first submit
        parent = os.getpid()  # the workers end when it does (see _init_worker)
        # fork: passed without pickling; the ledger, when there is one, to record each briefing finished
        initargs: tuple = (dataset, None, parent) if forked else (None, data_dir, parent)
        if ledger is not None and ledger.fd is not None:
            initargs += (ledger,)
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=initargs
        ) as pool:
            waiting = list(reversed(todo))
            running: dict[Future[VisitOutcome], tuple[int, str]] = {}

            def hand_out(count: int) -> None:
                for _ in range(count):
                    if not waiting or broken:
                        return
                    index, query = waiting.pop()
                    try:
                        running[pool.submit(_run_one, query, options, index)] = (index, query)
                    except BrokenProcessPool:  # not started: it goes to the next pool
                        waiting.append((index, query))
                        return

            try:
                held = hold_interrupts()  # the workers are forked here (see briefgen.interrupts)
                try:
                    hand_out(workers + 1)  # one queued beyond the busy workers, so no worker waits on this loop
                finally:
                    release_interrupts(held)
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        index, query = running.pop(future)
                        try:
                            results[index] = future.result()
                        except BrokenProcessPool:
                            broken.append((index, query))
                            continue
                        except Exception as exc:  # noqa: BLE001 - this name fails, the batch reports
                            results[index] = VisitOutcome(
                                query=query, error=f"worker failed: {type(exc).__name__}: {exc}"
                            )
                        if on_done:
                            on_done(results[index])
                    hand_out(len(done))
            except BaseException as exc:  # Ctrl-C: only the few handed out finish; the rest never start
                if isinstance(exc, Terminated):  # SIGTERM: stop now; each worker stops LibreOffice and cleans up
                    for worker in list(getattr(pool, "_processes", {}).values()):
                        worker.terminate()
                pool.shutdown(wait=True, cancel_futures=True)
                _finished_meanwhile(running, results, exc, ledger)
                raise
    return sorted(broken), list(reversed(waiting))


def _finished_meanwhile(
    running: dict, results: dict[int, VisitOutcome], stop: BaseException, ledger: _Ledger | None = None
) -> None:
    """After a stop: the briefings handed out that finished while the pool shut down (by their future, or
    by the ledger when the pool broke before their result came back), told to the caller on the exception
    (`stop.finished`), so that a report lists every member whose files are on disk."""
    finished = []
    for future, (index, _) in running.items():
        if future.done() and not future.cancelled() and future.exception() is None:
            results[index] = future.result()
            finished.append(results[index])
        elif ledger is not None and (recorded := ledger.finished(index)) is not None:
            results[index] = recorded
            finished.append(recorded)
    stop.finished = finished  # type: ignore[attr-defined]


def _same_people(dataset: Dataset, queries: list[str]) -> dict[int, VisitOutcome]:
    """The queries (by index) naming a person an earlier query named (two spellings of one name): each is
    written once, for its first name; the others get an outcome saying so.  A name that does not resolve
    is left to its briefing, which reports why."""
    first: dict[str, str] = {}
    same: dict[int, VisitOutcome] = {}
    for index, query in enumerate(queries):
        try:
            person = resolve_person(dataset, query).person
        except BriefgenError:
            continue
        if person.id in first:
            same[index] = VisitOutcome(
                query=query,
                person_id=person.id,
                name=query,
                notes=[f"the same person as {first[person.id]!r} ({person.id}), whose briefing is written once"],
            )
        else:
            first[person.id] = query
    return same


def pool_size(queries: int, *, workers: int | None, forked: bool) -> int:
    """How many worker processes a batch is worth: one per core, never more than there are briefings;
    a spawned worker must have several briefings to make up for loading the dataset again."""
    size = min(workers or process.usable_cores(), queries)
    if not forked:
        size = min(size, queries // SPAWNED_MIN_PER_WORKER)
    return max(size, 1)


def run_batch(
    dataset: Dataset,
    data_dir: Path | None,
    queries: list[str],
    options: VisitOptions,
    *,
    workers: int | None = None,
    on_done: Callable[[VisitOutcome], None] | None = None,
    start_method: str | None = None,
) -> list[VisitOutcome]:
    """Every query's visit, in parallel across cores; outcomes in the order of `queries`.

    With `fork` (Linux) the workers inherit `dataset` as it is in the parent's memory: the dataset is
    loaded once, and kept out of the workers' garbage collector's sight, so that it never writes to (and so
    copies) the pages it lives on (see process.shared_with_workers).  With `spawn` each worker loads the dataset from `data_dir`.  Each briefing
    is one task, handed to whichever worker is free, so a long one does not hold up a queue of others.
    Only `workers + 1` briefings are handed out at a time: an interrupt (Ctrl-C, or `on_done` raising)
    lets at most those finish, where a pool given every task at once runs however many it had queued.
    """
    same = _same_people(dataset, queries)
    for outcome in same.values():
        if on_done:
            on_done(outcome)
    if same:
        rest = [i for i in range(len(queries)) if i not in same]
        others = run_batch(
            dataset,
            data_dir,
            [queries[i] for i in rest],
            options,
            workers=workers,
            on_done=on_done,
            start_method=start_method,
        )
        merged = {**same, **dict(zip(rest, others))}
        return [merged[i] for i in range(len(queries))]
    context = process.batch_context(start_method)
    forked = context.get_start_method() == "fork"
    workers = pool_size(len(queries), workers=workers, forked=forked)
    if workers == 1:
        outcomes = []
        for query in queries:
            outcomes.append(safe_run(dataset, query, options))
            process.after_briefing()
            if on_done:
                on_done(outcomes[-1])
        return outcomes
    results: dict[int, VisitOutcome] = {}
    if forked:
        dataset.index("people_by_name")  # made once here and shared by the workers (computed, if the check did not)
    todo = list(enumerate(queries))
    ledger = _Ledger.create()
    try:
        while todo:
            suspects, todo = _pool_round(dataset, data_dir, todo, options, workers, context, results, on_done, ledger)
            # The pool broke: a worker died (killed, out of memory, a crash in a library).  Every briefing whose
            # result had not come back failed with it: one a healthy worker finished is done (the ledger says
            # so); each other runs again alone in a fresh worker, so only one that kills its worker again
            # fails, and the rest of the batch goes on.
            for index, query in suspects:
                recorded = ledger.finished(index)
                if recorded is not None:
                    results[index] = recorded  # its set is on disk: run again, it would write a "-2" copy
                else:
                    again, _ = _pool_round(
                        dataset, data_dir, [(index, query)], options, 1, context, results, None, ledger
                    )
                    if again and (recorded := ledger.finished(index)) is not None:
                        results[index] = recorded
                    elif again:
                        results[index] = VisitOutcome(
                            query=query,
                            error="its worker process died while writing this briefing (killed, or out of memory); "
                            "the other briefings went on",
                        )
                if on_done:
                    on_done(results[index])
    finally:
        ledger.close()
    return [results[i] for i in range(len(queries))]
