"""The fast reading (libyaml events) must agree with the careful one on every file it accepts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import yamlfast, yamlfile

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not yamlfast.AVAILABLE, reason="PyYAML without libyaml")


def both(text: str):
    """(fast data, fast lines) or None when the fast path declines; and the careful reading."""
    try:
        fast = yamlfile._fast(text, with_lines=True)
    except yamlfast.Unusual:
        fast = None
    return fast, yamlfile._parse_carefully(text, "f.yaml")


def assert_agree(text: str) -> bool:
    fast, (careful, problems) = both(text)
    if fast is None:
        return False
    assert careful is not None and not problems, "the fast path accepted a file the careful one refuses"
    data, lines = fast
    assert repr(data) == repr(careful.data)  # repr: 1 and True, 1.0 and 1 must not pass as equal
    assert lines == careful.lines
    return True


def corpus() -> list[Path]:
    files = [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("tests/**/*.yml")]
    return sorted(p for p in files if p.is_file())


def test_the_bundled_dataset_takes_the_fast_path_and_agrees():
    files = sorted(ROOT.glob("examples/vn-jp-ict/*.yaml"))
    assert files
    for path in files:
        assert assert_agree(path.read_text(encoding="utf-8")), path


def test_every_corpus_file_either_agrees_or_goes_the_careful_way():
    fast = 0
    for path in corpus():
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        fast += assert_agree(text)
    assert fast >= 10


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # explicit tag
        "a: !!timestamp 2021-02-30\n",
        "a: 1\na: 2\n",  # duplicate key
        "base: {x: 1}\nother:\n  <<: {y: 2}\n",  # merge key
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # empty
        "just a scalar\n",
        "? [a, b]\n: 1\n",  # a key that is a list
        'a: "\\x07 bell"\n',  # a value to warn about
        'a: "\\ud800"\n',  # a lone surrogate escape
        "a: 1\x85b: 2\n",  # a line break libyaml does not count
        "a: 1" + "0" * 5000 + "\n",  # a number too long to build
        "[" * 100_000,  # nesting libyaml's composer would crash on
        "a: [1, 2\n",  # a syntax error
    ],
)
def test_unusual_files_go_the_careful_way(text):
    with pytest.raises(yamlfast.Unusual):
        yamlfile._fast(text, with_lines=False)


def test_more_values_than_the_cap_go_the_careful_way(monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_NODES", 10)
    with pytest.raises(yamlfast.Unusual):
        yamlfile._fast("a: [" + ", ".join(["1"] * 20) + "]\n", with_lines=False)


def test_a_fast_file_builds_its_line_map_only_when_asked(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("people:\n  - id: a\n    name: A\n  - id: b\n    name:\n      family: B\n", encoding="utf-8")
    yf, problems = yamlfile.read_yaml(path, "p.yaml")
    assert problems == [] and yf.source_text is None and yf.source_file is not None and yf.lines == {}
    assert yf.line_of(("people", 1, "name", "family")) == 6
    assert yf.source_file is None and yf.line_of(("people", 1, "id")) == 4
    assert yf.line_of(("people", 0, "missing")) == 2


def test_text_parsed_without_a_file_keeps_its_text_for_the_lines():
    yf, _ = yamlfile.parse_text("a:\n  b: 1\n", "t.yaml")
    assert yf.source_text is not None and yf.line_of(("a", "b")) == 2 and yf.source_text is None


def test_a_file_changed_since_it_was_read_gives_no_line_rather_than_a_wrong_one(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a:\n  b: 1\n", encoding="utf-8")
    yf, _ = yamlfile.read_yaml(path, "p.yaml")
    path.write_text("x: 0\n\n\na:\n  b: 1\n  c: 2\n", encoding="utf-8")
    assert yf.line_of(("a", "b")) == 1  # the fallback line, not 5 nor 2


def test_types_are_those_of_the_careful_reader():
    text = "a: yes\nb: on\nc: true\nd: ~\ne: 0x1f\nf: 1_000\ng: 1.5e3\nh: .nan\ni: 2021-02-30\nj: '7'\n"
    assert assert_agree(text)
    data, _ = yamlfile._fast(text, with_lines=False)
    assert data["a"] == "yes" and data["b"] == "on" and data["c"] is True and data["d"] is None
    assert data["e"] == 31 and data["f"] == 1000 and data["i"] == "2021-02-30" and data["j"] == "7"


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
scalars = st.one_of(
    printable,
    printable,
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "no", "on", "NO", "2021-02-30", "1:20", "0o17", "~", "null", "-", "'", "#x", "a: b"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=12) | printable, inner, max_size=4),
    ),
    max_leaves=25,
)


SLOW = os.environ.get("BRIEFGEN_SLOW", "") not in ("", "0")  # `--slow`: more examples


@settings(max_examples=200 if SLOW else 40)
@given(
    data=st.dictionaries(printable.filter(bool), values, min_size=1, max_size=5),
    flow=st.sampled_from([None, True, False]),
    width=st.sampled_from([20, 80]),
)
def test_fast_and_careful_agree_on_generated_files(data, flow, width):
    text = yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=True, sort_keys=False)
    assert_agree(text)
