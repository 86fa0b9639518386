"""Issue 23, points 4 and 5: batches say exactly what they wrote, workers keep to themselves, and the
corners (--quiet, year options, --json, C1 characters, e-mail domains, file-type refusals)."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.hardening import hostile_briefs as H
from tests.hardening.datasets import copy_dataset

from briefgen import process, visit
from briefgen.cli.jsonout import dumps
from briefgen.errors import TemplateError
from briefgen.mail import normalize_address
from briefgen.visit import VisitOptions, run_batch

VISIT = dt.date(2026, 11, 23)
FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")


def options(folder: Path) -> VisitOptions:
    return VisitOptions(visit_date=VISIT, out_dir=folder, formats=("docx",), today=VISIT)


# -- batches ------------------------------------------------------------------------------------------


def test_the_same_person_twice_is_written_once_with_a_notice(dataset, tmp_path):
    names = ["Takaichi Sanae", "TAKAICHI Sanae", "takaichi-sanae", "Nguyễn Mạnh Hùng"]
    outcomes = run_batch(dataset, None, names, options(tmp_path), workers=2)
    assert [o.query for o in outcomes] == names
    assert [len(o.files) for o in outcomes] == [1, 0, 0, 1]
    assert all("the same person as 'Takaichi Sanae' (takaichi-sanae)" in o.notes[0] for o in outcomes[1:3])
    assert not any(o.error for o in outcomes)
    assert len(list(tmp_path.glob("*.docx"))) == 2


def test_a_batch_forks_only_from_a_process_with_one_thread(monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("the start method is chosen on Linux only")
    monkeypatch.setattr(process.threading, "active_count", lambda: 1)
    assert process.batch_context().get_start_method() == "fork"
    monkeypatch.undo()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert threading.active_count() > 1
        assert process.batch_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()


HOST = """
import atexit, os, sys, multiprocessing
from pathlib import Path
marker = Path(sys.argv[1])
atexit.register(lambda: marker.with_name(f"host-handler-ran-in-{os.getpid()}").write_text("x"))
from briefgen import process, visit

def worker():
    visit._init_worker(object(), None, os.getppid())
    process.end_terminated_worker()

if __name__ == "__main__":
    child = multiprocessing.get_context("fork").Process(target=worker)
    child.start()
    child.join()
    marker.write_text(f"{child.pid} {child.exitcode}")
"""


@FORK
def test_a_terminated_worker_does_not_run_the_host_programs_exit_handlers(tmp_path):
    script = tmp_path / "host.py"
    script.write_text(HOST)
    marker = tmp_path / "marker"
    subprocess.run([sys.executable, str(script), str(marker)], check=True, timeout=120)
    child, code = marker.read_text().split()
    assert code == "143"  # ended as SIGTERM ends a process
    assert not (tmp_path / f"host-handler-ran-in-{child}").exists()  # the host's handler did not run in it


@FORK
def test_a_dying_worker_fails_only_its_member(dataset, tmp_path, monkeypatch):
    original = visit.run_visit

    def run_visit(ds, query, opts):
        if query == "nguyen-manh-hung":
            os._exit(9)  # as if killed
        return original(ds, query, opts)

    monkeypatch.setattr(visit, "run_visit", run_visit)
    names = list(dataset.people)
    outcomes = run_batch(dataset, None, names, options(tmp_path), workers=2, start_method="fork")
    failed = [o.query for o in outcomes if o.error]
    assert failed == ["nguyen-manh-hung"]
    assert "worker process died" in outcomes[names.index("nguyen-manh-hung")].error
    assert len(list(tmp_path.glob("*.docx"))) == len(names) - 1


# -- corners -------------------------------------------------------------------------------------------


def test_quiet_still_shows_an_unexpected_crash(tmp_path):
    script = (
        "import sys\n"
        "import briefgen.cli.commands\n"
        "import briefgen.visit as v\n"  # the command imports run_visit from there when it runs
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "v.run_visit = boom\n"
        "from briefgen.cli.main import main\n"
        "sys.argv = ['briefgen', 'visit', '-c', 'Takaichi Sanae', '--quiet', '--out', sys.argv[1]]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == ["error: unexpected RuntimeError: boom (run with --debug for details)"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "-5"], "--from must be a year from 1 to 9999, not -5"),
        (["--from", "-20000"], "--from must be a year from 1 to 9999, not -20000"),
        (["--to", "100000"], "--to must be a year from 1 to 9999, not 100000"),
        (["--from", "1"], "a matrix shows at most 200"),
    ],
)
def test_year_options_have_a_sensible_range(briefgen_run, args, message):
    run = briefgen_run(["matrix", "--as-of", "2026-01-01", *args])
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "unexpected" not in run.stderr


def test_json_escapes_c1_control_characters():
    text = dumps({"title": "a\x85b\x9b[2Jc\x7f\u2028d", "name": "Nguyễn"})
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in text)
    assert "Nguyễn" in text  # letters stay readable
    assert json.loads(text)["title"] == "a\x85b\x9b[2Jc\x7f\u2028d"


def test_check_warns_of_c1_characters_in_reader_text(tmp_path):
    from briefgen.dataset import load_dataset

    folder = copy_dataset(
        tmp_path / "data", edits={"people.yaml": ("family: Takaichi,", 'family: "Taka\\x9bichi",')}, seeds=False
    )
    dataset = load_dataset(folder, recheck=True)
    found = [str(w) for w in dataset.warnings if "U+009B" in str(w)]
    assert found and "people.yaml" in found[0]


def test_a_domain_is_mapped_by_idna_2008():
    assert normalize_address("a@straße.de") == "a@xn--strae-oqa.de"  # IDNA 2003 made it strasse.de


def test_a_docm_template_is_refused_naming_the_file(tmp_path, dataset):
    from briefgen.resources import templates_dir

    docm = H.rewrite(
        (templates_dir() / "brief-en.docx").read_bytes(),
        {
            "[Content_Types].xml": lambda x: x.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )
    path = tmp_path / "dept.docm"
    path.write_bytes(docm)
    with pytest.raises(TemplateError) as caught:
        visit.run_visit(dataset, "takaichi-sanae", VisitOptions(visit_date=VISIT, out_dir=tmp_path, template=path))
    assert f"template {path} is a macro-enabled Word document (.docm)" in str(caught.value)
    assert "object at 0x" not in str(caught.value)
