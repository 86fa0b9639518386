"""Issue 23, points 2 and 3: "changed since" says only true things, and every malformed brief ends in one
clear message (a BadInputError: exit 2) or a valid document, never "unexpected"."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hardening import hostile_briefs as H
from tests.hardening.conftest import slow

from briefgen.dataset import load_dataset
from briefgen.errors import BadInputError, BriefNotUsableError
from briefgen.refresh import RefreshOptions, refresh_upload, run_refresh
from briefgen.render.record import BriefRecord
from briefgen.render.template_check import inspect_docx
from briefgen.visit import VisitOptions, run_visit

VISIT = dt.date(2026, 11, 23)
OPTIONS = RefreshOptions(today=VISIT)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(None)


@pytest.fixture(scope="module")
def brief_bytes(ds, tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("brief")
    options = VisitOptions(visit_date=VISIT, out_dir=folder, formats=("docx",), today=VISIT)
    return run_visit(ds, "takaichi-sanae", options).files[0].read_bytes()


def refuse(ds, data: bytes) -> str:
    with pytest.raises(BriefNotUsableError) as caught:
        refresh_upload(ds, data, "brief.docx", OPTIONS)
    return str(caught.value)


# -- the record: ids and state keys, validated --------------------------------------------------------


def test_the_record_holds_no_prose(brief_bytes):
    facts = H.read_record(brief_bytes)["facts"]
    text = json.dumps(facts)
    assert "Takaichi" not in text and "Minister" not in text and "Ministry" not in text
    assert set(facts) == {"meetings", "agreements", "posts", "open", "sources"}  # sources: digests (source_key)
    assert all(re.fullmatch(r"[0-9a-f]{20}", key) for key in facts["sources"])


def test_the_state_keys_are_the_judgments_values():
    from briefgen import judgments as J
    from briefgen.models import Status
    from briefgen.render import record as R

    def keys(literal):
        return set(literal.__args__)

    assert keys(R.PostStateKey) == {s.value for s in J.PostState}
    assert keys(R.AgreementStateKey) == {s.value for s in J.AgreementState}
    assert keys(R.StatusKey) == {s.value for s in Status}
    assert keys(R.StalenessKey) == {s.value for s in J.Staleness}


@pytest.mark.parametrize(
    "forge, named",
    [
        # a forged fact in the old shape: prose where an id's state belongs
        (
            lambda r: r["facts"]["meetings"].update({"m-x": ["2020-01-01", "1 January 2020", "Signed a treaty"]}),
            "facts.meetings.m-x",
        ),
        (lambda r: r["facts"]["agreements"].update({"a-2020-moc": "cancelled"}), "facts.agreements.a-2020-moc"),
        (lambda r: r["facts"].update({"claims": {}}), "facts.claims"),
        (lambda r: r.update({"name": "Someone else"}), "name"),
        (lambda r: r.update({"visit": "the 30th of February"}), "visit"),
        (lambda r: r["facts"]["open"].update({"c-x": ["open", "quiet", "Pay us"]}), "facts.open.c-x"),
    ],
)
def test_a_record_that_does_not_validate_is_refused_naming_what(ds, brief_bytes, forge, named):
    record = H.read_record(brief_bytes)
    forge(record)
    message = refuse(ds, H.with_record(brief_bytes, record))
    assert "its briefgen record does not validate" in message and named in message


@pytest.mark.parametrize("text", ["[" * 100_000, '{"format": 2', "", "null", '"a string"'])
def test_a_record_that_is_not_json_or_nested_too_deeply_is_refused(ds, brief_bytes, text):
    message = refuse(ds, H.with_record(brief_bytes, text))
    assert "briefgen record" in message


def test_a_record_of_another_counterpart_or_dataset_is_refused(ds, brief_bytes):
    record = H.read_record(brief_bytes)
    assert "is not in the dataset" in refuse(ds, H.with_record(brief_bytes, {**record, "counterpart": "nobody-at-all"}))
    assert "was made from the dataset" in refuse(ds, H.with_record(brief_bytes, {**record, "dataset": "Other"}))


def test_an_id_the_dataset_no_longer_has_is_one_plain_line(ds, brief_bytes):
    record = H.read_record(brief_bytes)
    record["facts"]["meetings"]["m-1999-01-01-gone"] = "1999-01-01"
    record["facts"]["agreements"]["a-1999-gone"] = "in_force"
    BriefRecord.model_validate(record)  # a valid record, naming ids the dataset does not have
    _, outcome = refresh_upload(ds, H.with_record(brief_bytes, record), "brief.docx", OPTIONS)
    assert outcome.changes == ["2 records shown in the earlier brief have been removed from the record."]


def test_refreshing_to_an_earlier_date_says_true_things(ds, tmp_path):
    later = dt.date(2026, 11, 23)
    options = VisitOptions(visit_date=later, out_dir=tmp_path, formats=("docx",), today=later)
    path = run_visit(ds, "takaichi-sanae", options).files[0]
    outcome = run_refresh(ds, path, RefreshOptions(visit_date=dt.date(2019, 6, 1), today=later, out_dir=tmp_path / "n"))
    assert outcome.changes, "an earlier date shows less"
    for line in outcome.changes:
        assert (
            "No longer on record" not in line and "now open" not in line and "now in progress" not in line.split(":")[0]
        )
    assert any("still on record but not shown in this one" in line for line in outcome.changes)


# -- property: any mutated brief ends in a clear refusal or a valid document -----------------------------

FRAGMENTS = [
    b"&boss;",
    b'<!DOCTYPE w:document [<!ENTITY boss "x">]>',
    b"<w:p>",
    b"</w:body>",
    b"]]>",
    b"\x00",
    b"\xff\xfe",
    b'<w:sdt><w:sdtPr><w:tag w:val="objectives"/></w:sdtPr><w:sdtContent>',
    b'<w:fldSimple w:instr="INCLUDETEXT c:\\x">',
    b'r:embed="rId999"',
    b"&#0;",
    "é".encode("latin-1"),
]
PARTS = ["word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels", "word/styles.xml", "_rels/.rels"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["fragment", "record", "record-field", "byte", "truncate", "drop-part"]))
    if kind == "fragment":
        part = draw(st.sampled_from(PARTS))

        def edit(xml: bytes) -> bytes:
            at = draw(st.integers(0, len(xml)))
            return xml[:at] + draw(st.sampled_from(FRAGMENTS)) + xml[at:]

        return H.rewrite(data, {part: edit})
    if kind == "record":
        return H.with_record(data, draw(json_values))
    if kind == "record-field":
        record = H.read_record(data)
        key = draw(st.sampled_from(sorted(record)))
        record[key] = draw(json_values)
        return H.with_record(data, record)
    if kind == "byte":
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    part = draw(st.sampled_from(PARTS))
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename != part:
                    target.writestr(info, source.read(info))
    return out.getvalue()


def test_a_mutated_brief_is_refused_clearly_or_refreshed_into_a_valid_document(ds, brief_bytes):
    @settings(
        max_examples=300 if slow() else 25,
        deadline=None,
        derandomize=not slow(),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def check(data):
        sample = data.draw(mutated(brief_bytes))
        try:
            result, _ = refresh_upload(ds, sample, "brief.docx", OPTIONS)
        except BadInputError as exc:
            assert str(exc).strip() and "\n" not in str(exc)
            return
        document = docx.Document(io.BytesIO(result))  # a valid Word document
        assert document.paragraphs
        assert inspect_docx(result) == []

    check()
