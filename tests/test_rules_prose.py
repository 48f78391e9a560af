"""Family P on the corpus: prose amounts against the tables they explain, across units."""

from __future__ import annotations

import pytest

from extractor.load import load
from extractor.pipeline import extract
from tests.conftest import corpus_file
from verifier import verify
from verifier.report import Outcome


def _p701(prefix: str):
    path = corpus_file(prefix)
    report = extract(load(path))
    return report, [f for f in verify(report).findings if f.rule == "P701"]


def test_001_basic_expenditure_in_wanyuan_against_yuan_table():
    report, found = _p701("001")
    bad = [f for f in found if f.outcome == Outcome.FAIL and "基本支出" in f.subject]
    assert len(bad) == 1
    raws = {report.text[s.start : s.end] for s in bad[0].spans}
    assert raws == {"1338.34", "13,383,593.18"}
    assert bad[0].severity == "error"


def test_002_public_funds_against_basic_data_table():
    report, found = _p701("002")
    bad = [f for f in found if f.outcome == Outcome.FAIL]
    assert len(bad) == 1 and "公用经费" in bad[0].subject
    assert {report.text[s.start : s.end] for s in bad[0].spans} == {"85.84", "83.84"}


@pytest.mark.parametrize(
    "prefix, subject",
    [("001", "人员经费"), ("001", "公用经费"), ("001", "项目支出"), ("000", "基本支出"),
     ("004", "人员经费"), ("004", "公用经费")],
)  # fmt: skip
def test_agreeing_prose_amounts_pass(prefix, subject):
    _, found = _p701(prefix)
    mine = [f for f in found if f.subject.startswith(subject) and f.outcome != "not_applicable"]
    assert mine and all(f.outcome == Outcome.PASS for f in mine), [f.message for f in mine]
