"""Every seed's draft, put in drafts/ of a copy of the bundled dataset, loads as a valid dataset.

This is the contract of `briefgen ingest`: a curator accepts a record by moving it, without
reformatting, so the draft must already satisfy every check the dataset does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefgen.dataset import DRAFTS_DIR, load_dataset
from briefgen.ingest import ingest_article
from briefgen.models import DatasetFile

from .helpers import SEEDS, TODAY, copy_dataset


def _ingest(root: Path, article: Path) -> Path:
    draft = ingest_article(load_dataset(root, today=TODAY), article, today=TODAY)
    target = root / DRAFTS_DIR / f"{article.stem}.yaml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(draft.text, encoding="utf-8")
    return target


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_each_seed_draft_loads_with_the_bundled_dataset(tmp_path, seed):
    root = copy_dataset(tmp_path)
    path = _ingest(root, tmp_path / "seeds" / seed.name)
    base = load_dataset(root, today=TODAY)
    merged = load_dataset(root, include_drafts=True, today=TODAY)
    assert len(merged.meetings) == len(base.meetings) + 1
    assert not [w for w in merged.warnings if w.file.startswith(DRAFTS_DIR)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["draft"] is True
    DatasetFile.model_validate(data)


def test_all_seed_drafts_together_and_a_second_run_get_distinct_ids(tmp_path):
    root = copy_dataset(tmp_path)
    for seed in SEEDS:
        _ingest(root, tmp_path / "seeds" / seed.name)
    again = ingest_article(load_dataset(root, today=TODAY), tmp_path / "seeds" / SEEDS[0].name, today=TODAY)
    (root / DRAFTS_DIR / "again.yaml").write_text(again.text, encoding="utf-8")
    merged = load_dataset(root, include_drafts=True, today=TODAY)
    assert len(merged.meetings) == 5 + len(SEEDS) + 1


def test_draft_ids_are_prefixed_and_references_resolve(tmp_path):
    root = copy_dataset(tmp_path)
    path = _ingest(root, tmp_path / "seeds" / "003_b06c0192410f350a.txt")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for collection in ("people", "meetings", "agreements", "commitments"):
        for record in data.get(collection, []):
            assert record["id"].startswith("draft-")
    meeting = data["meetings"][0]
    assert all(c["made_at"] == {"meeting": meeting["id"]} for c in data["commitments"])
    assert meeting["sources"] == ["s003-jwg4-results-2020"]  # the article is already this source


def test_every_value_has_its_sentence_and_every_placeholder_says_check(tmp_path):
    root = copy_dataset(tmp_path)
    text = _ingest(root, tmp_path / "seeds" / "001_2dca30dff9417692.txt").read_text(encoding="utf-8")
    assert '# from: "On May 2, in Hanoi, Minister of Information and Communications Truong Minh Tuan' in text
    assert "# CHECK: title is the article's headline" in text
    data = yaml.safe_load(text)
    meeting = data["meetings"][0]
    assert str(meeting["date"]) == "2018-05-02"
    assert meeting["inferred"]["parts"] == ["year"]
    assert "2018-05-03" in meeting["inferred"]["reason"]
    assert "CHECK: summary" in meeting["note"]
    for record in data["commitments"]:  # a `# from:` comment stands above every commitment
        line = next(i for i, row in enumerate(text.splitlines()) if f"id: {record['id']}" in row)
        assert text.splitlines()[line - 1].lstrip().startswith('# from: "')


def test_a_new_article_is_registered_as_a_draft_source(tmp_path):
    dataset_copy = copy_dataset(tmp_path)
    article = tmp_path / "release.txt"
    article.write_text(
        "Minister Takaichi meets Vietnamese delegation\n\nMarch 3, 2020\n\n"
        "On March 2, in Tokyo, Minister Takaichi Sanae received Minister Nguyen Manh Hung. "
        "The two Ministers agreed to cooperate on 5G.\n",
        encoding="utf-8",
    )
    draft = ingest_article(load_dataset(dataset_copy, today=TODAY), article, today=TODAY)
    (dataset_copy / DRAFTS_DIR).mkdir()
    (dataset_copy / DRAFTS_DIR / "release.yaml").write_text(draft.text, encoding="utf-8")
    merged = load_dataset(dataset_copy, include_drafts=True, today=TODAY)
    source = merged.sources["draft-src-release"]
    assert source.title == "Minister Takaichi meets Vietnamese delegation"
    assert (source.language, str(source.published)) == ("en", "2020-03-03")
    assert source.url and source.url.startswith("file://") and "CHECK" in source.note
    meeting = next(m for m in merged.meetings.values() if m.id.startswith("draft-"))
    assert str(meeting.date) == "2020-03-02" and str(meeting.place.city) == "Tokyo"
    assert {p.person for p in meeting.participants} == {"takaichi-sanae", "nguyen-manh-hung"}


def test_unknown_people_become_new_person_drafts_that_validate(tmp_path):
    """With no people in the dataset, every name is new: the drafts must still validate."""
    root = copy_dataset(tmp_path, files=("manifest.yaml", "fields.yaml", "organizations.yaml", "sources.yaml"))
    for seed in SEEDS:
        _ingest(root, tmp_path / "seeds" / seed.name)
    merged = load_dataset(root, include_drafts=True, today=TODAY)
    names = {p.name.full(capitals=False) for p in merged.people.values()}
    assert {"Watanabe Ken", "Sakairi", "Manabu Sakai", "Nguyen Manh Hung"} <= names
    assert all(re.match(r"draft-p-", pid) for pid in merged.people)
    assert all("CHECK" in (p.note or "") for p in merged.people.values())


def test_odd_characters_in_the_article_still_give_a_loadable_draft(tmp_path):
    root = copy_dataset(tmp_path)
    article = tmp_path / "odd.txt"
    article.write_text(
        'Talks: "MIC" # 1\x7f\x1b\n\nOn May 2, 2018, in Hanoi, Minister Truong Minh Tuan said: '
        '"Japan will support #smartcity\x7f projects — in the smart city field".\n',
        encoding="utf-8",
    )
    draft = ingest_article(load_dataset(root, today=TODAY), article, today=TODAY)
    (root / DRAFTS_DIR).mkdir()
    (root / DRAFTS_DIR / "odd.yaml").write_text(draft.text, encoding="utf-8")
    merged = load_dataset(root, include_drafts=True, today=TODAY)
    assert merged.sources["draft-src-odd"].title == 'Talks: "MIC" # 1\x7f\x1b'


def test_a_file_name_with_a_line_break_cannot_inject_yaml(tmp_path):
    root = copy_dataset(tmp_path)
    article = tmp_path / "x\ndraft: false\n.txt"
    article.write_text("Talks\n\nOn May 2, 2018, the ministers met in Hanoi.\n", encoding="utf-8")
    text = ingest_article(load_dataset(root, today=TODAY), article, today=TODAY).text
    assert yaml.safe_load(text)["draft"] is True
