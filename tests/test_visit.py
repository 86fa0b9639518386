"""The visit job end to end on the bundled dataset: files, no overwrite, batch, e-mail, plug-ins."""

from __future__ import annotations

import datetime as dt
import email
import sys
import textwrap
from email.policy import default as default_policy

import pytest
from docx import Document
from openpyxl import load_workbook

from briefgen.errors import NameNotResolvedError
from briefgen.render import available_renderers
from briefgen.visit import VisitOptions, run_batch, run_visit

VISIT = dt.date(2026, 11, 23)


def options(tmp_path, **changes):
    return VisitOptions(visit=VISIT, out_dir=tmp_path, today=VISIT, **changes)


def test_visit_writes_brief_and_matrix_with_sortable_names(dataset, tmp_path):
    outcome = run_visit(dataset, "Sanae Takaichi", options(tmp_path))
    names = sorted(p.name for p in outcome.files)
    assert names == ["2026-11-23_TAKAICHI-Sanae_brief.docx", "2026-11-23_TAKAICHI-Sanae_matrix.xlsx"]
    text = "\n".join(p.text for p in Document(tmp_path / names[0]).paragraphs)
    assert "TAKAICHI Sanae" in text
    assert "Matrix" in load_workbook(tmp_path / names[1]).sheetnames
    assert any(n.code == "stale_post" for n in outcome.notices)


def test_second_run_never_overwrites_an_edited_brief(dataset, tmp_path):
    first = run_visit(dataset, "takaichi-sanae", options(tmp_path)).files[0]
    first.write_bytes(b"edited")
    second = run_visit(dataset, "takaichi-sanae", options(tmp_path)).files[0]
    assert first.read_bytes() == b"edited"
    assert second.name == "2026-11-23_TAKAICHI-Sanae_brief-2.docx"
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
    assert outcomes[1].exit_code == 2
    assert len(list(tmp_path.glob("*.docx"))) == 2


def test_email_draft_has_both_files_attached(dataset, tmp_path):
    outcome = run_visit(dataset, "takaichi-sanae", options(tmp_path, email_to=("a@example.org", "b@example.org")))
    eml = next(p for p in outcome.files if p.suffix == ".eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert message["To"] == "a@example.org, b@example.org"
    assert "TAKAICHI Sanae" in message["Subject"] and "For internal use" in message["Subject"]
    assert message["X-Unsent"] == "1"
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attached) == {"2026-11-23_TAKAICHI-Sanae_brief.docx", "2026-11-23_TAKAICHI-Sanae_matrix.xlsx"}
    assert attached["2026-11-23_TAKAICHI-Sanae_brief.docx"] == (tmp_path / "2026-11-23_TAKAICHI-Sanae_brief.docx").read_bytes()
    assert "Open commitments: 17." in message.get_body().get_content()


@pytest.fixture
def extra_renderer(tmp_path, monkeypatch):
    """Install a tiny renderer plug-in (a dist-info with an entry point) on sys.path."""
    site = tmp_path / "site"
    (site / "briefgen_txt").mkdir(parents=True)
    (site / "briefgen_txt" / "__init__.py").write_text(textwrap.dedent('''
        from briefgen.render import Renderer

        class TextRenderer(Renderer):
            name, suffix, kind, description = "txt", ".txt", "summary", "plain-text summary"

            def render(self, views, *, template=None):
                return f"{views.brief.profile.name}: {views.brief.glance.meetings} meetings".encode()
    '''))
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
    assert [p.name for p in outcome.files] == ["2026-11-23_TAKAICHI-Sanae_summary.txt"]
    assert outcome.files[0].read_text() == "TAKAICHI Sanae: 5 meetings"
