"""The store's writes take faster roads than the plain ones they replaced; each must give
what the plain one gives, on crafted input as well as on a report: the JSON encoders made
once (json.dumps), the spans' texts made for every finding at once (one finding's), a
finding's values (the amounts TEXT, the enums' values, the culprit as json.dumps wrote it),
the passes packed by column, and the Report packed from pydantic's bytes."""

from __future__ import annotations

import json
import zlib
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from extractor import extract, load
from hedui import store
from hedui.textutil import json_encoder
from tests.conftest import EXAMPLES
from verifier import verify
from verifier.report import Finding, Outcome, Severity, Span

EXAMPLE = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_json)
def test_the_encoders_made_once_write_as_json_dumps(value: object) -> None:
    assert json_encoder((",", ":"))(value) == json.dumps(
        value, ensure_ascii=False, separators=(",", ":")
    )
    assert json_encoder((", ", ": "))(value) == json.dumps(value, ensure_ascii=False)


def test_the_encoders_made_once_escape_as_json_dumps() -> None:
    value = {'a"\\': ["\x00\x01\n\t", "\u2028中文", "\ud800", 1.5, float("nan"), -0, 10**30]}
    assert json_encoder((",", ":"))(value) == json.dumps(
        value, ensure_ascii=False, separators=(",", ":")
    )


def _finding(**kw) -> Finding:
    base = dict(rule="T1", name="n", outcome=Outcome.FAIL, severity=Severity.ERROR, message="m")
    return Finding(**(base | kw))


_spans = st.lists(
    st.builds(Span, start=st.integers(0, 10**7), end=st.integers(0, 10**7)), max_size=5
)


def _plain_spans_text(f: Finding) -> str:
    """A finding's spans text as it was first written, one finding at a time."""
    return "[" + ", ".join([f"[{s.start}, {s.end}]" for s in f.spans]) + "]"


@given(st.lists(_spans, max_size=6))
def test_every_findings_spans_text_is_its_own(spans_of: list[list[Span]]) -> None:
    findings = [_finding(spans=spans) for spans in spans_of]
    assert store._spans_texts(findings) == [_plain_spans_text(f) for f in findings]
    assert [store._spans_text(f) for f in findings] == [_plain_spans_text(f) for f in findings]


def _plain_values(fid, sha, idx, f: Finding, spans: str) -> tuple:
    """finding_values' tuple as it was first written, attribute by attribute."""

    def dec(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return (
        fid, sha, idx, f.rule, f.name, f.outcome.value, f.severity.value, f.category,
        f.message, f.subject, dec(f.stated), dec(f.expected), dec(f.expected_low),
        dec(f.expected_high), dec(f.tolerance), dec(f.difference), f.unit, spans,
        json.dumps(f.culprit.as_pair()) if f.culprit else None, f.note,
    )  # fmt: skip


def test_a_findings_values_are_the_plain_ones() -> None:
    findings = [
        _finding(),
        _finding(
            outcome=Outcome.PASS,
            severity=Severity.WARNING,
            stated=Decimal("1E+2"),
            expected=Decimal("-0.00"),
            expected_low=Decimal("1.5"),
            tolerance=Decimal("0"),
            culprit=Span(start=3, end=12345678),
            spans=[Span(start=1, end=2)],
            note="尾数",
            unit="万元",
            subject="公开03 row 201",
        ),
        _finding(outcome=Outcome.NOT_APPLICABLE, severity=Severity.INFO, difference=Decimal(7)),
    ]
    sha = "ab" * 32
    every = store._every_finding(sha, findings)
    for idx, (f, (key, values)) in enumerate(zip(findings, every, strict=True)):
        assert key == f.key()
        fid = None if f.outcome == Outcome.PASS else store.finding_id(sha, f)
        plain = _plain_values(fid, sha, idx, f, _plain_spans_text(f))
        assert values == plain
        assert [type(v) for v in values] == [type(v) for v in plain]


def test_a_reports_findings_and_passes_pack_as_the_plain_ones() -> None:
    report = extract(load(EXAMPLE))
    findings = verify(report).findings
    sha = report.sha256
    rows = store._finding_rows(store._every_finding(sha, findings))
    plain = [
        _plain_values(store.finding_id(sha, f), sha, i, f, _plain_spans_text(f))
        for i, f in enumerate(findings)
    ]
    assert [r[2:] for r in rows] == [p[2:] for p in plain]  # one key a finding here
    passes = [r for r in rows if r[store._OUTCOME] == "pass"]
    assert passes
    columns = {"id": [None] * len(passes)} | {
        c: [v[i] for v in passes] for i, c in enumerate(store.FINDING_COLUMNS) if i > 1
    }
    packed = store._pack(json.dumps(columns, ensure_ascii=False, separators=(",", ":")))
    assert store._pack_pass_values(passes) == packed
    unpacked = store.unpack_passes(sha, packed)
    assert [r["id"] for r in unpacked] == [p[0] for p in plain if p[store._OUTCOME] == "pass"]


def test_the_report_packs_as_its_model_dump_json() -> None:
    report = extract(load(EXAMPLE))
    body, _, _ = zlib.decompress(store.pack_report(report)).partition(b"\n")
    dumped = report.model_dump_json(exclude={"text", "narratives"}, exclude_defaults=True)
    assert body == dumped.encode("utf-8")
