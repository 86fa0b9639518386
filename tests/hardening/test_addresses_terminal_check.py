"""Issue 15, reproduction 7 (less the parse-cache slowness, tested with the caches): e-mail addresses,
terminal output, and what `check` let through.

- `josé@exämple.org` became an undeliverable encoded word; `--email @b` was accepted; a CR/LF in
  `--email` silently added a recipient.
- Dataset text holding terminal escape sequences reached the terminal raw in `visit` and `who`.
- `check` accepted an organisation that is its own parent, an A→B→A succession, `file:` sources
  outside the seeds folder (`/etc/shadow`, `../../../../etc/passwd`, whose existence it probed) and
  dataset files that are symbolic links to files outside the dataset.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil

import pytest

from briefgen.dataset import load_dataset
from briefgen.errors import BadInputError, DatasetError
from briefgen.mail import build_eml, parse_recipients
from briefgen.visit import VisitOptions, run_visit

from .datasets import copy_dataset

TODAY = dt.date(2026, 11, 23)
ESCAPE = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


# -- e-mail addresses ------------------------------------------------------------------------------


def test_an_international_address_is_written_as_the_standard_says(dataset, tmp_path):
    options = VisitOptions(visit_date=TODAY, out_dir=tmp_path, email_to=parse_recipients(["josé@exämple.org"]))
    outcome = run_visit(dataset, "Takaichi Sanae", options)
    eml = next(f for f in outcome.files if f.suffix == ".eml").read_bytes()
    assert b"=?" not in eml.split(b"\n\n", 1)[0].split(b"\nSubject:")[0]  # no encoded word in the address
    message = email.message_from_bytes(eml, policy=email.policy.SMTPUTF8)
    assert message["To"] == "josé@xn--exmple-cua.org"  # the local part as UTF-8 (RFC 6532), the domain in IDNA
    ascii_only = build_eml(parse_recipients(["jose@exämple.org"]), "s", "b", [])
    assert ascii_only.isascii() and b"To: jose@xn--exmple-cua.org" in ascii_only


@pytest.mark.parametrize(
    "value",
    [
        "@b",
        "a@",
        "a@b\r\nBcc: spy@example.org",
        "a@example.org\nb@example.org",
        "a b@example.org",
        "a..b@example.org",
        "a@-bad-.org",
        "a@exa mple.org",
        "",
    ],
)
def test_what_is_not_an_address_is_refused(value):
    with pytest.raises(BadInputError, match="not an e-mail address|needs at least one address"):
        parse_recipients([value])


def test_the_cli_refuses_an_address_with_a_line_break_and_writes_nothing(briefgen_run, tmp_path):
    run = briefgen_run(
        [
            "visit",
            "--counterpart",
            "Takaichi Sanae",
            "--date",
            "2026-11-23",
            "--out",
            str(tmp_path / "o"),
            "--email",
            "a@example.org\r\nBcc: spy@example.org",
        ]
    )
    assert run.returncode == 2, run.stderr
    assert "not an e-mail address" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "o").exists()


# -- the terminal ----------------------------------------------------------------------------------


@pytest.fixture
def escaping_dataset(tmp_path):
    return copy_dataset(
        tmp_path / "ds",
        edits={
            "people.yaml": (
                "name: {family: Takaichi, given: Sanae,",
                'name: {family: "Takaichi'
                + ESCAPE.encode("unicode_escape").decode().replace("\\x", "\\x")
                + '", given: Sanae,',
            ),
        },
    )


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def test_visit_and_who_show_control_characters_from_the_data_escaped(briefgen_run, escaping_dataset, tmp_path):
    who = briefgen_run(["who", "takaichi-sanae", "--data", str(escaping_dataset)])
    visit = briefgen_run(
        [
            "visit",
            "--counterpart",
            "takaichi-sanae",
            "--data",
            str(escaping_dataset),
            "--date",
            "2026-11-23",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    check = briefgen_run(["check", "--data", str(escaping_dataset)])
    for run in (who, visit, check):
        assert run.returncode in (0, 2), run.stderr
        assert _raw_controls(run.stdout + run.stderr) == [], (run.args, run.stdout, run.stderr)
    assert "\\x1b]0;pwned" in who.stdout and "\\x1b" in visit.stdout


# -- check: organisations on a cycle ---------------------------------------------------------------

SUCCESSION = "\n    succeeded_by: {{org: {to}, on: 2019, how: renamed, sources: [s000-moc-signing-2020]}}\n"


@pytest.mark.parametrize(
    "edits, expected",
    [
        (
            {
                "organizations.yaml": (
                    "    country: VN\n    kind: government\n    parent: mic-vn\n",
                    "    country: VN\n    kind: government\n    parent: mic-vn-icd\n",
                )
            },
            ["organizations[1].parent", "is its own parent"],
        ),
        (
            {
                "organizations.yaml": (
                    "      fr: gouvernement du Vietnam\n    country: VN\n    kind: government\n",
                    "      fr: gouvernement du Vietnam\n    country: VN\n    kind: government\n    parent: mic-vn-icd\n",
                )
            },
            None,
        ),  # mic-vn-icd → mic-vn: no cycle
    ],
)
def test_an_organisation_that_is_its_own_parent_is_refused(tmp_path, edits, expected):
    folder = copy_dataset(tmp_path / "ds", edits=edits)
    if expected is None:
        load_dataset(folder, today=TODAY, cache=False)
        return
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    messages = [str(p) for p in caught.value.problems]
    assert any(all(part in m for part in expected) for m in messages), messages


def test_a_parent_cycle_and_a_succession_cycle_are_refused(tmp_path):
    folder = copy_dataset(
        tmp_path / "ds",
        edits={
            "organizations.yaml": (
                "      fr: gouvernement du Vietnam\n    country: VN\n",
                "      fr: gouvernement du Vietnam\n    country: VN\n    parent: mic-vn-icd\n"
                + SUCCESSION.format(to="mic-vn").lstrip("\n"),
            )
        },
    )
    text = (folder / "organizations.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    acronyms: [MIC]\n    country: VN\n",
        "    acronyms: [MIC]\n    country: VN\n    parent: gov-vn\n" + SUCCESSION.format(to="gov-vn").lstrip("\n"),
        1,
    )
    (folder / "organizations.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    messages = [str(p) for p in caught.value.problems]
    assert any("parents go round in a circle: gov-vn → mic-vn-icd → mic-vn → gov-vn" in m for m in messages), messages
    assert any("successors go round in a circle: mic-vn → gov-vn → mic-vn" in m for m in messages), messages


def test_a_split_whose_part_becomes_the_organisation_again_is_a_cycle():
    """`succeeded_by` is a list (a split names several): a cycle through any one of them counts, and the
    path points at the succession that closes it."""
    from types import SimpleNamespace

    from briefgen.checks import organization_cycles  # here: the module collects on code without it

    def org(*into):
        return SimpleNamespace(parent=None, succeeded_by=[SimpleNamespace(org=o) for o in into])

    found = organization_cycles({"a": org("b", "c"), "b": org(), "c": org("a"), "d": org("b")})
    assert found == [
        ("a", ("succeeded_by", 1, "org"), "successors go round in a circle: a → c → a"),
        ("c", ("succeeded_by", 0, "org"), "successors go round in a circle: c → a → c"),
    ]


def test_a_long_parent_ring_is_named_once_per_member_and_shortened():
    from types import SimpleNamespace

    from briefgen.checks import organization_cycles

    count = 3000
    orgs = {f"o{i}": SimpleNamespace(parent=f"o{(i + 1) % count}", succeeded_by=[]) for i in range(count)}
    found = organization_cycles(orgs)
    assert sorted(member for member, _, _ in found) == sorted(orgs)
    first = dict((member, message) for member, _, message in found)["o0"]
    assert first.startswith("parents go round in a circle: o0 → o1 → ") and first.endswith("→ o2999 → o0")
    assert "(3000 organisations)" in first and len(first) < 200


# -- check: files outside the seeds folder and the dataset -----------------------------------------


@pytest.mark.parametrize(
    "name", ["/etc/shadow", "../../../../etc/passwd", "a/../../outside.txt", "C:\\Windows\\win.ini"]
)
def test_a_source_file_outside_the_seeds_folder_is_refused_without_being_looked_up(tmp_path, monkeypatch, name):
    folder = copy_dataset(
        tmp_path / "ds", edits={"sources.yaml": ("file: 000_43bc5bf8eb7e91f7.txt", f"file: '{name}'")}
    )
    looked_up = []
    real_is_file = type(folder).is_file

    def is_file(path):
        looked_up.append(str(path))
        return real_is_file(path)

    monkeypatch.setattr(type(folder), "is_file", is_file)
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    problems = [p for p in caught.value.problems if p.path == "sources[0].file"]
    assert problems and "seeds folder" in problems[0].message, caught.value.problems
    assert not any(name.lstrip("./") in seen and "etc" in seen for seen in looked_up), looked_up


def test_a_source_file_linked_out_of_the_seeds_folder_is_refused(tmp_path):
    folder = copy_dataset(tmp_path / "ds")
    secret = tmp_path / "secret.txt"
    secret.write_text("not a seed", encoding="utf-8")
    (folder / "seeds" / "000_43bc5bf8eb7e91f7.txt").unlink()
    os.symlink(secret, folder / "seeds" / "000_43bc5bf8eb7e91f7.txt")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    assert any("symbolic link leading out of the seeds folder" in p.message for p in caught.value.problems)
    from briefgen.checks import seed_file_outside  # here: the module collects on code without it

    assert seed_file_outside(folder / "seeds", "001_2dca30dff9417692.txt") is None


def test_a_dataset_file_linked_from_outside_the_dataset_is_refused_unread(tmp_path):
    folder = copy_dataset(tmp_path / "ds", seeds=False)
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(folder / "people.yaml", outside)
    os.symlink(outside, folder / "people.yaml")
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    assert [(p.file, p.message.split(";")[0]) for p in caught.value.problems] == [
        ("people.yaml", "is a symbolic link leading out of the dataset folder")
    ]
    inside = folder / "people-link.yaml"
    os.symlink(folder / "fields.yaml", inside)  # a link within the dataset is only a duplicate, not refused as outside
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder, today=TODAY, cache=False)
    assert not any("people-link.yaml" == p.file for p in caught.value.problems)
