"""What `briefgen check` says about the mistakes a new curator makes: the cause, once, with how to fix it.

Eight classic mistakes, each made in a copy of the bundled dataset: the whole of standard output is
pinned (at most two lines: the finding and the summary), so a knock-on problem coming back, the
cause moving, or a suggestion getting lost fails here.  Then language codes against babel's locale
data, YAML syntax errors in a curator's words, and "did you mean" only when close.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefgen.cli.commands  # noqa: F401 - registers the commands on `app`
from briefgen.cli.app import app
from briefgen.dataset import check_dataset
from briefgen.messages import _COUNTRY_NOT_LANGUAGE, did_you_mean, is_language_code, language_suggestion
from briefgen.yamlfile import parse_text

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
OK = "ok: 8 people, 10 organizations, 5 meetings, 5 agreements, 20 commitments, 5 sources; {} warning(s)"
ONE_ERROR = "error: the dataset has 1 error(s)"
VI_TITLE = "      vi: Hội đàm giữa Bộ trưởng Trương Minh Tuấn và Bộ trưởng Takaichi Sanae tại Nhật Bản\n"
DUPLICATE = (
    "\n  - id: s001-tuan-sakai-2018\n    title: Another article\n    language: en\n"
    "    url: https://example.org/a\n    reliability: press\n"
)

# name: (file, text replaced (None: appended), replacement, exit code, the whole of stdout)
MISTAKES: dict[str, tuple[str, str | None, str, int, list[str]]] = {
    "key typo": (
        "agreements.yaml",
        "    signed: 2017-03-29\n",
        "    sigend: 2017-03-29\n",
        2,
        ["agreements.yaml:11: agreements[0].sigend: unknown key (did you mean 'signed'?)", ONE_ERROR],
    ),
    "impossible date": (  # the agreements and commitments made at that meeting are not said to name nothing
        "meetings.yaml",
        "    date: 2017-03-29\n",
        "    date: 2017-02-30\n",
        2,
        ["meetings.yaml:5: meetings[0].date: 2017-02-30 does not exist (that month has 28 days)", ONE_ERROR],
    ),
    "unquoted comma": (  # nor the meetings, agreements and commitments of the field it breaks
        "fields.yaml",
        'vi: "Phát thanh, truyền hình"',
        "vi: Phát thanh, truyền hình",
        2,
        [
            "fields.yaml:70: fields[11].labels: 'truyền hình' is read as a key: a comma inside { } ends the text "
            "before it; put a text that holds a comma in quotes",
            ONE_ERROR,
        ],
    ),
    "dangling id": (
        "meetings.yaml",
        "      - person: takaichi-sanae\n",
        "      - person: takaichi-sanea\n",
        2,
        [
            "meetings.yaml:39: meetings[0].participants[1].person: unknown person id 'takaichi-sanea' "
            "(did you mean 'takaichi-sanae'?)",
            ONE_ERROR,
        ],
    ),
    "duplicate id": (
        "sources.yaml",
        None,
        DUPLICATE,
        2,
        ["sources.yaml:67: sources[5].id: duplicate id 's001-tuan-sakai-2018' (first at sources.yaml:16)", ONE_ERROR],
    ),
    "tab": (  # the people of that file are not said to be unknown wherever they are named
        "people.yaml",
        "    country: JP\n",
        "\tcountry: JP\n",
        2,
        ["people.yaml:8: a tab character: indent with spaces, not tabs", ONE_ERROR],
    ),
    "wrong language code": (  # an error (it was silently accepted); not also "not translated into vi"
        "meetings.yaml",
        "      vi: Hội đàm giữa",
        "      vn: Hội đàm giữa",
        2,
        ["meetings.yaml:30: meetings[0].title.vn: 'vn' is not a language code (did you mean 'vi'?)", ONE_ERROR],
    ),
    "missing translation": (  # a warning: the brief can still be made
        "meetings.yaml",
        VI_TITLE,
        "",
        0,
        ["meetings.yaml:4: warning: meetings[0]: not translated into vi: title", OK.format(1)],
    ),
}


@pytest.fixture
def copy(tmp_path):
    """A copy of the bundled dataset, laid out as in the repository (its seeds_dir is ../../seeds)."""
    root = tmp_path / "examples" / "vn-jp-ict"
    shutil.copytree(REPO / "examples" / "vn-jp-ict", root)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return root


def edit(root: Path, file: str, old: str | None, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    if old is None:
        text += new
    else:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def check(root: Path):
    return CliRunner().invoke(app, ["check", "--data", str(root)])


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_classic_mistake_is_one_finding_then_the_summary_on_stdout(copy, mistake):
    file, old, new, code, expected = MISTAKES[mistake]
    edit(copy, file, old, new)
    result = check(copy)
    assert result.exit_code == code, result.output
    assert result.stdout.splitlines() == expected
    assert len(expected) <= 2


def test_the_untouched_copy_is_clean(copy):
    result = check(copy)
    assert result.exit_code == 0 and result.stdout.splitlines() == [OK.format(0)]


# --- language codes ----------------------------------------------------------------------------


def test_a_country_code_in_the_manifest_languages_is_one_error_not_a_warning_per_record(copy):
    edit(copy, "manifest.yaml", "  languages: [en, vi]\n", "  languages: [en, vn]\n")
    assert check(copy).stdout.splitlines() == [
        "manifest.yaml:18: manifest.languages[1]: 'vn' is not a language code (did you mean 'vi'?)",
        ONE_ERROR,
    ]


def test_a_source_language_and_an_alias_language_are_checked(copy):
    edit(copy, "sources.yaml", "    language: en\n", "    language: jp\n")
    edit(copy, "people.yaml", "        lang: en\n", "        lang: english\n")
    report = check_dataset(copy, today=TODAY, cache=False)
    assert report.dataset is None
    assert [(str(p), p.suggestion) for p in report.errors] == [
        (
            "people.yaml:12: people[0].aliases[0].lang: 'english' is not a language code: write the code, e.g. en, vi, "
            "fr or ja",
            "",
        ),
        ("sources.yaml:5: sources[0].language: 'jp' is not a language code (did you mean 'ja'?)", "ja"),
    ]


def test_language_codes_are_those_of_babels_locale_data():
    assert all(map(is_language_code, ["en", "vi", "ja", "fr", "zh-Hant", "pt-BR", "fil"]))
    assert not any(map(is_language_code, ["vn", "jp", "und", "xx", "en-XX", "vie", "iw"]))
    assert [language_suggestion(c) for c in ("vn", "jp", "vie", "iw", "vn-VN", "xx")] == [
        "vi",
        "ja",
        "vi",
        "he",
        "vi-VN",
        "",
    ]


def test_the_table_of_country_codes_holds_no_language_code_and_points_at_real_ones():
    assert [code for code in _COUNTRY_NOT_LANGUAGE if is_language_code(code)] == []
    assert [lang for lang in _COUNTRY_NOT_LANGUAGE.values() if not is_language_code(lang)] == []


# --- YAML syntax, in a curator's words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("people:\n  - id: a\n\tcountry: JP\n", "f.yaml:3: a tab character: indent with spaces, not tabs"),
        (
            "people:\n  - id: a\n    note: Remember: this\n",
            "f.yaml:3: a value holding ': ' (a colon and a space) must be put in quotes: key: \"value: more\"",
        ),
        (
            "people: [{id: a, note: Remember: this}]\n",
            "f.yaml:1: inside { }, a value holding ': ' (a colon and a space) must be put in quotes",
        ),
        ("x: [a, b\ny: 2\n", "f.yaml:1: the '[' opened here is never closed by a ']'"),
        ('x: "abc\ny: 2\n', "f.yaml:1: the quote opened here is never closed"),
        ("x: @home\n", "f.yaml:1: a value cannot start with '@': put it in quotes"),
        (
            "people:\n  - id: a\n     country: JP\n",
            "f.yaml:3: this line is indented further than the key above it allows: line it up with the keys at "
            "its level",
        ),
    ],
)
def test_a_syntax_error_says_what_to_do_at_the_line_of_its_cause(text, expected):
    yf, problems = parse_text(text, "f.yaml")
    assert yf is None and [str(p) for p in problems] == [expected]


# --- did you mean, only when close ------------------------------------------------------------------


def test_suggestions_come_only_for_near_misses():
    assert did_you_mean("sigend", ["signed", "sources"]) == "signed"
    assert did_you_mean("takaichi-sanea", ["takaichi-sanae", "sakai-manabu"]) == "takaichi-sanae"
    assert did_you_mean("mic-vn", ["mic-jp"]) == ""  # another organisation, not a slip
    assert did_you_mean("signed", ["signed"]) == ""


def test_an_enum_value_gets_the_nearest_allowed_one(copy):
    edit(copy, "meetings.yaml", "    kind: bilateral_talks\n", "    kind: bilateral_talk\n")
    report = check_dataset(copy, today=TODAY, cache=False)
    assert [p.suggestion for p in report.errors] == ["bilateral_talks"]
    assert report.errors[0].path == "meetings[0].kind"


def test_check_dataset_returns_the_findings_as_data_whether_or_not_the_dataset_can_be_used(copy):
    edit(copy, "meetings.yaml", VI_TITLE, "")
    report = check_dataset(copy, today=TODAY, cache=False)
    assert report.dataset is not None and report.errors == []
    assert [(p.file, p.line, p.path, p.severity) for p in report.problems] == [
        ("meetings.yaml", 4, "meetings[0]", "warning")
    ]
