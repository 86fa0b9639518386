"""A counterpart's name becomes part of a file name: whatever it holds, the file lands inside --out.

Names with "/", "..", ":", NUL, a drive letter, shell syntax, right-to-left overrides or 300
characters go through the real `run_visit` with a small dataset; generated names go through
`file_stem`, the function that builds every file name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.dataset import load_dataset
from briefgen.visit import VisitOptions, file_stem, run_visit

from .conftest import slow

SLOW = slow()
VISIT = dt.date(2026, 11, 23)
SAFE_FILE = re.compile(r"^2026-11-23_[A-Za-z0-9][A-Za-z0-9.-]*_(brief|matrix)-en(-\d+)?\.(docx|xlsx)$")


class _Quoted(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def dataset_with_person(root: Path, family: str, given_name: str | None):
    person = {
        "id": "p-evil",
        "name": {"family": family, "order": "family_first", "address_by": "family"},
        "country": "JP",
        "posts": [{"title": "Minister", "org": "o-jp", "sources": ["s1"]}],
    }
    if given_name is not None:
        person["name"]["given"] = given_name
    data = {
        "manifest": {
            "name": "Paths",
            "scope": "VN-JP",
            "home": "VN",
            "partners": ["JP"],
            "handling": "Tests",
            "languages": ["en"],
            "author": "Tests",
        },
        "sources": [
            {
                "id": "s1",
                "title": "S",
                "publisher": "P",
                "language": "en",
                "reliability": "press",
                "url": "https://example.org/1",
                "published": "2020-02",
            }
        ],
        "organizations": [
            {"id": "o-jp", "names": {"en": "Ministry"}, "country": "JP"},
            {"id": "o-vn", "names": {"en": "Bộ"}, "country": "VN"},
        ],
        "fields": [{"id": "f1", "labels": {"en": "ICT", "vi": "ICT"}}],
        "people": [person],
        "meetings": [
            {
                "id": "m1",
                "date": "2020-01-09",
                "place": {"online": True},
                "kind": "working_group",
                "title": "A meeting",
                "orgs": ["o-jp", "o-vn"],
                "fields": ["f1"],
                "summary": "They met.",
                "participants": [{"person": "p-evil", "side": "JP"}],
                "sources": ["s1"],
            }
        ],
    }
    root.mkdir(parents=True)
    (root / "data.yaml").write_text(yaml.dump(data, Dumper=_Quoted, allow_unicode=True), encoding="utf-8")
    return load_dataset(root, today=VISIT)


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


NAMES = [
    ("../../etc", "a/b:c"),
    ("..", "."),
    ("/etc/passwd", "~root"),
    ("C:\\Windows\\System32", "NUL"),
    ("x" * 300, "y" * 300),
    ("Đoàn" * 100, "Hùng" * 100),
    ("evil\x00name", "tab\there"),
    ("$(touch pwned)", "`id`; rm -rf ~"),
    ("\u202egpj.exe", "\u202e"),
    ("-rf", "--force"),
    ("高市", "早苗"),  # nothing ASCII: the file is named after the person id
    ("CON", "PRN"),
]


@pytest.mark.parametrize("family, given_name", NAMES, ids=[repr(f[:12]) for f, _ in NAMES])
def test_hostile_name_gives_a_safe_file_inside_out(tmp_path, family, given_name):
    dataset = dataset_with_person(tmp_path / "data", family, given_name)
    out = tmp_path / "deep" / "out"
    before = tree(tmp_path)
    outcome = run_visit(dataset, "p-evil", VisitOptions(visit_date=VISIT, out_dir=out, today=VISIT))
    assert len(outcome.files) == 2
    for path in outcome.files:
        assert path.parent.resolve() == out.resolve()
        assert SAFE_FILE.match(path.name), path.name
        assert len(path.name.encode()) <= 255
        assert path.is_file() and not path.is_symlink()
    assert tree(tmp_path) - before == {"deep", "deep/out", *(f"deep/out/{p.name}" for p in outcome.files)}
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
    if family == "高市":
        assert outcome.files[0].name == "2026-11-23_p-evil_brief-en.docx"
    brief = next(p for p in outcome.files if p.suffix == ".docx")
    shown = "\n".join(p.text for p in docx.Document(brief).paragraphs)
    assert family.replace("\x00", "") in shown  # the name itself is shown as typed, less what XML cannot hold


def test_the_same_hostile_name_twice_gets_numbered_not_overwritten(tmp_path):
    dataset = dataset_with_person(tmp_path / "data", "../../etc", "a/b:c")
    options = VisitOptions(visit_date=VISIT, out_dir=tmp_path / "out", today=VISIT)
    first = run_visit(dataset, "p-evil", options).files
    second = run_visit(dataset, "p-evil", options).files
    assert [p.name for p in second] == [p.name.replace("-en.", "-en-2.") for p in first]


@settings(max_examples=3000 if SLOW else 100, deadline=None)
@given(name=st.text(st.characters(exclude_categories=()), max_size=400), fallback=st.text(max_size=50))
def test_every_file_stem_stays_in_its_folder(name, fallback):
    stem = file_stem(VISIT, name, "brief", fallback)
    assert re.fullmatch(r"2026-11-23_[A-Za-z0-9][A-Za-z0-9.-]*_brief", stem), stem
    assert len(stem) <= 120 and ".." not in stem
    folder = Path("/srv/out")
    assert os.path.normpath(folder / f"{stem}.docx").startswith(str(folder) + os.sep)
