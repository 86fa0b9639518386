"""Curators' notes never reach a reader; an update's reader text is its own key, `text:`.

The same key once meant two things: a record's `note:` was the curators' while an update's `note:` was
printed beside its status. These tests hold the one meaning through the brief, the matrix and `check`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from tests.hardening.datasets import copy_dataset

from briefgen.briefing import build_brief
from briefgen.checks import UPDATE_NOTE_ONLY
from briefgen.dataset import load_dataset
from briefgen.localtext import LocalText
from briefgen.matrix import build_matrix
from briefgen.models import StatusUpdate

VISIT = dt.date(2026, 11, 23)
COMMITMENT = "c-2017-smartcity-pilot-request"  # made at the Tuấn–Takaichi meeting, one update


def _with_update(dataset, update: StatusUpdate):
    commitment = dataset.commitments[COMMITMENT].model_copy(update={"updates": [update]})
    return dataclasses.replace(dataset, commitments={**dataset.commitments, COMMITMENT: commitment})


def _reader_text(dataset, lang: str) -> str:
    """Every string of the brief's and the matrix's views, as one text."""
    brief = build_brief(dataset, "takaichi-sanae", visit_date=VISIT, lang=lang, today=VISIT)
    matrix = build_matrix(dataset, as_of=VISIT, lang=lang)
    return json.dumps([dataclasses.asdict(brief), dataclasses.asdict(matrix)], ensure_ascii=False, default=str)


def test_an_updates_text_reaches_the_brief_and_the_matrix_and_its_note_never(dataset):
    old = dataset.commitments[COMMITMENT].updates[0]
    update = old.model_copy(
        update={
            "text": LocalText({"en": "⟪reader en⟫", "vi": "⟪reader vi⟫"}),
            "note": LocalText({"en": "⟪curator⟫"}),
        }
    )
    changed = _with_update(dataset, update)
    for lang in ("en", "vi"):
        shown = _reader_text(changed, lang)
        assert f"⟪reader {lang}⟫" in shown
        assert "⟪curator⟫" not in shown


def test_a_records_own_note_never_reaches_a_reader(dataset):
    commitment = dataset.commitments[COMMITMENT].model_copy(update={"note": LocalText({"en": "⟪commitment note⟫"})})
    changed = dataclasses.replace(dataset, commitments={**dataset.commitments, COMMITMENT: commitment})
    assert "⟪commitment note⟫" not in _reader_text(changed, "en")


def test_check_warns_of_an_update_that_still_carries_its_reader_text_as_note(tmp_path):
    folder = copy_dataset(
        tmp_path / "data",
        edits={
            "commitments.yaml": (
                "        status: in_progress\n        text:",
                "        status: in_progress\n        note:",
            )
        },
    )
    loaded = load_dataset(folder, today=VISIT)
    found = [w for w in loaded.warnings if w.message == UPDATE_NOTE_ONLY]
    assert [(w.file, w.path) for w in found] == [("commitments.yaml", "commitments[1].updates[0].note")]
    assert found[0].line == 26


def test_check_warns_of_an_untranslated_handling_marking(tmp_path):
    folder = copy_dataset(tmp_path / "data")
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index("handling:")
    end = text.index("\n", text.index("vi:", start))
    manifest.write_text(text[:start] + "handling: For internal use" + text[end:], encoding="utf-8")
    loaded = load_dataset(folder, today=VISIT)
    assert [(w.file, w.message) for w in loaded.warnings if "handling" in w.message] == [
        ("manifest.yaml", "not translated into vi: handling")
    ]
