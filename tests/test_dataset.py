"""The loader on good and bad data: one small bad dataset per kind of error (tests/data/bad/),
each pinned to the exact `file:line: field.path: message` a curator will read."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen import dataset as dataset_module
from briefgen.dataset import load_dataset, record_ids
from briefgen.errors import BadInputError, DatasetError, Problem
from briefgen.models import Status
from briefgen.resources import bundled_dataset_dir

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
TODAY = dt.date(2026, 11, 23)

MANIFEST = (BAD / "wrong-type" / "manifest.yaml").read_text(encoding="utf-8")


def problems_of(root: Path, **kwargs) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(root, today=TODAY, **kwargs)
    return [str(problem) for problem in info.value.problems]


# Every case folder under tests/data/bad/ and what `check` must say about it, in order.
CASES: dict[str, list[str]] = {
    "yaml-syntax": [
        "sources.yaml:6: the '[' opened here is never closed by a ']'",
    ],
    "wrong-type": [
        "meetings.yaml:8: meetings[0].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'yesterday'",
    ],
    "missing-field": [
        "sources.yaml:9: sources[1].title: required field is missing",
    ],
    "unknown-key": [
        # the misspelt key is the one problem: `signed` is not also said to be missing
        "agreements.yaml:12: agreements[0].sigend: unknown key (did you mean 'signed'?)",
    ],
    "unknown-reference": [
        "meetings.yaml:18: meetings[0].participants[0].person: unknown person id 'takaichi-sanea' "
        "(did you mean 'takaichi-sanae'?)",
    ],
    "duplicate-id": [
        "people-b.yaml:6: people[1].id: duplicate id 'nguyen-van-an' (first at people-a.yaml:2)",
    ],
    "impossible-date-quoted": [
        "sources.yaml:7: sources[0].published: 2021-02-30 does not exist (that month has 28 days)",
    ],
    "impossible-date": [
        "sources.yaml:7: sources[0].published: 2021-02-30 does not exist (that month has 28 days)",
    ],
    "post-ends-before-start": [
        "people.yaml:11: people[0].posts[0]: the post ends (2019) before it starts (2020-03)",
    ],
    "meeting-outside-post": [
        (
            "data.yaml:23: meetings[0].participants[0].post: sato-taro held no post at mic-jp on 2020-01-09 "
            "(known: 2017-08 to 2019-06)"
        ),
    ],
    "meeting-after-source": [
        "data.yaml:8: meetings[0].date: 2020-12-10 is after source 's1' was published (2020-12-03)",
    ],
    "update-before-commitment": [
        (
            "data.yaml:18: commitments[0].updates[0].date: status update dated 2020-11, "
            "before the commitment was made (2020-12-01)"
        ),
    ],
    "updates-out-of-order": [
        "data.yaml:19: commitments[0].updates[1].date: updates must be oldest first: 2021-03 is listed after 2021-06-30",
    ],
    "shared-alias": [
        (
            "people.yaml:7: people[0].aliases[0].text: alias 'Nguyen Van An' is also a name or alias of "
            "nguyen-van-an-2: a briefing could go to the wrong person"
        ),
        (
            "people.yaml:13: people[1].aliases[0].text: alias 'Nguyen Van An' is also a name or alias of "
            "nguyen-van-an: a briefing could go to the wrong person"
        ),
    ],
    "namesakes": [
        (
            "people.yaml:3: people[0].disambiguation: shares the name 'Nguyễn Văn An' with nguyen-van-an-2: "
            "say what tells them apart"
        ),
        (
            "people.yaml:6: people[1].disambiguation: shares the name 'Nguyễn Văn An' with nguyen-van-an: "
            "say what tells them apart"
        ),
    ],
    "future-date": [
        "meetings.yaml:8: meetings[0].date: 2026-12 is in the future (today is 2026-11-23)",
    ],
    "yaml-anchor": [
        "organizations.yaml:4: anchors (&names) are not allowed in a dataset",
    ],
    "yaml-alias": [
        "organizations.yaml:6: aliases (*mic) are not allowed in a dataset: write the value out",
    ],
    "duplicate-key": [
        "people.yaml:7: duplicate key 'country' (first at line 5)",
    ],
    "no-manifest": [
        f"{BAD / 'no-manifest'}: manifest: no file holds a `manifest:`; a dataset needs exactly one",
    ],
    "two-manifests": [
        "other.yaml:2: manifest: a second `manifest:` (the first is in manifest.yaml); a dataset needs exactly one",
    ],
    "unknown-side": [
        "meetings.yaml:18: meetings[0].participants[0].side: side 'FR' is neither home (VN) nor a partner (JP)",
    ],
    "inferred-part": [
        "meetings.yaml:10: meetings[0].inferred.parts[1]: day is inferred but the date 2020 has no day",
    ],
    "missing-seed": [
        (
            "sources.yaml:4: sources[1].file: no file 'absent.txt' in the seeds folder "
            f"{(BAD / 'missing-seed' / 'seeds').resolve()}"
        ),
    ],
    "not-a-mapping": [
        "people.yaml:2: a dataset file must be a mapping of collections (people:, meetings:, ...)",
    ],
    "unknown-collection": [
        (
            "people.yaml:2: person: unknown collection; expected one of: agreements, commitments, draft, fields, "
            "manifest, meetings, organizations, people, sources"
        ),
    ],
    "source-without-location": [
        "sources.yaml:3: sources[0]: a source needs a `file` (under seeds/) or a `url`",
    ],
    "invalid-manifest": [
        "manifest.yaml:4: manifest.home: 'Vietnam' is not a country code: write its two capital letters (ISO 3166), "
        "e.g. JP or VN",
        "manifest.yaml:7: manifest.languages: give at least one entry",
        "organizations.yaml:3: organizations[0]: names need an `en` entry",
    ],
    # Several errors in several files: every one reported at once, sorted by file and line.
    "several-errors": [
        "commitments.yaml:4: duplicate key 'text' (first at line 3)",
        "meetings.yaml:5: meetings[0].date: 2020-12-10 is after source 's2' was published (2020-12-03)",
        "meetings.yaml:9: meetings[0].orgs[1]: unknown organization id 'mic-vn'",
        "meetings.yaml:12: meetings[0].participants[1].person: unknown person id 'trieu-minh-long'",
        "meetings.yaml:12: meetings[0].participants[1].side: side 'FR' is neither home (VN) nor a partner (JP)",
        "people.yaml:4: people[0].contry: unknown key (did you mean 'country'?)",
        "sources.yaml:6: sources[0].published: month 13 does not exist",
    ],
}

XFAIL: dict = {}


@pytest.mark.parametrize("case", [pytest.param(name, marks=XFAIL[name]) if name in XFAIL else name for name in CASES])
def test_bad_dataset_reports_exact_file_line_and_message(case):
    assert problems_of(BAD / case) == CASES[case]


def test_every_bad_case_folder_is_tested():
    assert sorted(p.name for p in BAD.iterdir() if p.is_dir()) == sorted(CASES)


def test_all_problems_are_reported_at_once_and_sorted():
    with pytest.raises(DatasetError) as info:
        load_dataset(BAD / "several-errors", today=TODAY)
    problems = info.value.problems
    assert problems == sorted(problems)
    assert len({p.file for p in problems}) == 4
    assert str(info.value) == "the dataset has 7 error(s)"
    assert all(p.severity == "error" for p in problems)


def test_not_utf8_is_refused_with_its_line(tmp_path):
    (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    text = "people:\n  - id: nguyen-van-an\n    name: {family: Nguyễn, given: An, order: family_first, address_by: given}\n"
    raw = text.encode("utf-8") + "    note: Ministère\n".encode("latin-1")
    (tmp_path / "people.yaml").write_bytes(raw)
    offset = raw.index(b"\xe8")
    assert problems_of(tmp_path) == [
        f"people.yaml:4: not valid UTF-8 (byte 0xe8 at offset {offset}); save the file as UTF-8",
    ]


def test_future_dates_depend_on_today():
    assert load_dataset(BAD / "future-date", today=dt.date(2026, 12, 1)).meetings["m1"].date.month == 12
    assert problems_of(BAD / "future-date") == CASES["future-date"]


# --- good data ----------------------------------------------------------------------------


def test_bundled_dataset_passes_with_no_problem():
    dataset = load_dataset(bundled_dataset_dir(), today=TODAY)
    assert dataset.root == bundled_dataset_dir()
    assert dataset.warnings == []
    counts = {
        n: len(dataset.collection(n))
        for n in ("people", "organizations", "meetings", "agreements", "commitments", "sources", "fields")
    }
    assert counts == {
        "people": 8,
        "organizations": 10,
        "meetings": 5,
        "agreements": 5,
        "commitments": 20,
        "sources": 5,
        "fields": 16,
    }


def test_load_dataset_without_a_root_loads_the_bundled_one():
    assert load_dataset(today=TODAY).root == bundled_dataset_dir()


def test_edge_cases_that_are_not_errors():
    """Month-precision publication, leap day, same-day updates, namesakes told apart, .yml, empty file."""
    dataset = load_dataset(GOOD / "edge-cases", today=TODAY)
    assert dataset.warnings == []
    assert sorted(dataset.people) == ["nguyen-van-an", "nguyen-van-an-2", "sato-taro"]
    in_order = sorted(dataset.meetings.values(), key=dataset_module._by_date)  # the indexes' order: by first day
    assert [m.id for m in in_order] == ["m-2019-12", "m-2020-01-31", "m-2020-02-29", "m-2020-12-03"]
    assert [m.id for m in dataset.meetings_by_person["sato-taro"]] == ["m-2019-12", "m-2020-12-03"]
    assert dataset.commitments["c1"].status is Status.DONE
    assert str(dataset.commitment_made_on(dataset.commitments["c1"])) == "2020-12-03"
    assert [c.id for c in dataset.commitments_by_origin["m-2020-12-03"]] == ["c1"]
    assert [a.id for a in dataset.agreements_by_org["mic-jp"]] == ["a1"]
    assert (
        "a1" in dataset.agreements and "agreements:" in (GOOD / "edge-cases" / "agreements.yml").read_text()
    )  # .yml is read


def test_a_warning_alone_does_not_stop_loading():
    dataset = load_dataset(GOOD / "warning-only", today=TODAY)
    assert [str(w) for w in dataset.warnings] == [
        "data.yaml:10: warning: agreements[0].signed: signed 2020-01-10 but its meeting 'm1' is dated 2020-01-09",
    ]


def test_drafts_folder_is_ignored_unless_asked_for():
    assert sorted(load_dataset(GOOD / "with-drafts", today=TODAY).people) == ["sato-taro"]
    with_drafts = load_dataset(GOOD / "with-drafts", today=TODAY, include_drafts=True)
    assert sorted(with_drafts.people) == ["sato-taro", "suzuki-hanako"]
    assert "suzuki-hanako" in (GOOD / "with-drafts" / "drafts" / "ingested.yaml").read_text()


def test_errors_in_drafts_count_only_with_drafts(tmp_path):
    root = tmp_path / "ds"
    shutil.copytree(GOOD / "with-drafts", root)
    (root / "drafts" / "broken.yaml").write_text("people:\n  - id: Bad Id\n", encoding="utf-8")
    assert sorted(load_dataset(root, today=TODAY).people) == ["sato-taro"]
    assert problems_of(root, include_drafts=True) == [
        "drafts/broken.yaml:2: people[0].country: required field is missing",
        "drafts/broken.yaml:2: people[0].id: 'Bad Id' is not an id: an id is lower-case letters, digits, '.', '_' or '-' "
        "(perhaps 'bad-id')",
        "drafts/broken.yaml:2: people[0].name: required field is missing",
    ]


def test_record_ids_are_those_of_the_files_the_dataset_reads_drafts_and_invalid_records_included(tmp_path):
    root = tmp_path / "ds"
    shutil.copytree(GOOD / "with-drafts", root)
    (root / "drafts" / "broken.yaml").write_text("people:\n  - id: Bad Id\n  - name: no id\n", encoding="utf-8")
    (root / "notes.yml").write_text("meetings:\n  - {id: m-1, date: someday}\n", encoding="utf-8")
    (root / "unreadable.yaml").write_text("people: [\n", encoding="utf-8")
    for skipped in (".git", ".venv", "node_modules"):  # folders the dataset never reads
        (root / skipped).mkdir()
        (root / skipped / "x.yaml").write_text(f"people:\n  - id: in-{skipped.strip('.')}\n", encoding="utf-8")
    (root / ".venv" / "pyvenv.cfg").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere.yaml").write_text("people:\n  - id: outside\n", encoding="utf-8")
    (root / "linked.yaml").symlink_to(tmp_path / "elsewhere.yaml")  # load_dataset refuses to read it
    assert record_ids(root) == {"sato-taro", "suzuki-hanako", "Bad Id", "m-1"}


def test_missing_folder_and_folder_without_yaml_are_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="dataset folder not found"):
        load_dataset(tmp_path / "nowhere", today=TODAY)
    with pytest.raises(BadInputError, match="no YAML files in .*: is this a briefgen dataset"):
        load_dataset(tmp_path, today=TODAY)


def test_problem_formats():
    assert (
        str(Problem("people.yaml", 12, "people[3].posts[0].end", "bad"))
        == "people.yaml:12: people[3].posts[0].end: bad"
    )
    assert str(Problem("people.yaml", 0, "manifest", "bad")) == "people.yaml: manifest: bad"
    assert str(Problem("people.yaml", 3, "", "bad")) == "people.yaml:3: bad"
    assert str(Problem("a.yaml", 3, "x", "look", "warning")) == "a.yaml:3: warning: x: look"


# --- src bugs found while writing these tests ----------------------------------------------


def dataset_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "data.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_succession_date_can_be_written_on(tmp_path):
    root = dataset_with(
        tmp_path,
        """\
sources:
  - {id: s1, title: A, publisher: P, language: en, reliability: press, url: https://example.org/1}
organizations:
  - id: old
    names: {en: Old ministry}
    country: VN
    succeeded_by: {org: new, on: 2017, how: renamed, sources: [s1]}
  - {id: new, names: {en: New ministry}, country: VN}
""",
    )
    assert str(load_dataset(root, today=TODAY).organizations["old"].succeeded_by[0].on) == "2017"


def test_norway_is_a_country(tmp_path):
    root = dataset_with(tmp_path, "organizations:\n  - {id: nkom, names: {en: Nkom}, country: NO}\n")
    assert load_dataset(root, today=TODAY).organizations["nkom"].country == "NO"


def test_a_complex_mapping_key_is_a_problem_not_a_crash(tmp_path):
    root = dataset_with(tmp_path, "people:\n  - id: a\n    [x]: 1\n")
    assert problems_of(root)[0].startswith("data.yaml:3: ")
