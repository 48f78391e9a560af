"""No false alarms: claims checked by hand on the corpus must not be error findings.

Each entry names the report, the rule and the numbers of the claim as written (the text of
every span of the finding, in order) — never offsets. Each was recomputed by hand (sums,
ratios, implied prior values), including rounding cases such as 001's 1338.34 + 33.37 =
1371.71 against 支出合计 1371.73 (尾数误差, within the allowance of the three figures).
"""

from functools import cache

import pytest

from extractor.load import load
from extractor.pipeline import extract
from tests.conftest import corpus_file
from verifier.report import Outcome, Severity
from verifier.verify import verify

HAND_CHECKED = [
    ("000", "C601", ("101.62", "537.64", "1066.71")),
    ("000", "C601", ("1058.64", "563.83", "617.09")),
    # 552.39 / (1081.46 − 552.39) = 104.408%: the current stands before an aside in brackets
    ("000", "C601", ("104.41", "552.39", "1081.46")),
    ("000", "C602", ("10.95", "10.95", "0", "0")),
    ("000", "C602", ("1066.71", "449.62", "617.09")),
    ("000", "C602", ("395", "94", "301")),
    ("000", "C603", ("42.15", "449.62", "1066.71")),
    ("000", "C603", ("57.85", "617.09", "1066.71")),
    ("000", "C604", ("20", "0.1", "0.5")),
    ("000", "C604", ("99", "1066.71", "1074.33")),
    ("001", "C601", ("17.58", "287.35", "1346.86")),
    # 与上年相比 in the next sentence: 265.13 / (1371.73 + 265.13) = 16.197%
    ("001", "C601", ("16.2", "265.13", "1371.73")),
    # 事业单位医疗（项）: 60,612.48 元 = 6.061248万元
    ("001", "P701", ("6.061", "60,612.48")),
    ("001", "C602", ("1336.86", "937.36", "399.5")),
    ("001", "C602", ("1371.73", "1338.34", "33.37", "0", "0", "0")),
    ("001", "C602", ("1371.73", "1346.86", "0", "0", "0", "0", "24.87")),
    ("001", "C602", ("24", "5", "19")),
    ("001", "C602", ("252.74", "36.89", "0", "215.85")),
    ("001", "C602", ("271", "49", "222")),
    ("001", "C602", ("620", "220", "400")),
    ("001", "C603", ("0", "0", "1371.73")),
    ("001", "C603", ("1.81", "24.87", "1371.73")),
    ("001", "C603", ("2.43", "33.37", "1371.73")),
    ("001", "C603", ("29.88", "399.5", "1336.86")),
    ("001", "C603", ("70.12", "937.36", "1336.86")),
    ("001", "C603", ("97.57", "1338.34", "1371.73")),
    ("001", "C603", ("98.19", "1346.86", "1371.73")),
    ("001", "C604", ("100", "0.58", "0.58")),
    ("001", "C604", ("100.02", "6.061", "6.06")),
    ("001", "C604", ("102.98", "1346.86", "1307.84")),
    ("001", "C604", ("103.14", "1303.27", "1263.6")),
    ("002", "C602", ("186.94", "0", "186.94")),
    ("002", "C602", ("186.94", "101.10", "85.84")),
    (
        "003",
        "C602",
        (
            "82.1",
            "13.17",
            "15.88",
            "0",
            "0.07",
            "0",
            "1.14",
            "2.55",
            "0",
            "6.10",
            "3.4",
            "1.2",
            "1.4",
            "0.69",
            "9.5",
            "4.85",
            "3.44",
            "0",
            "1.63",
            "17.08",
            "0",
        ),
    ),
    ("004", "C601", ("13", "63.57", "425.26")),
    # 减少31.92万元 after 收、支总计456.9万元。: 31.92 / (456.9 + 31.92) = 6.530%
    ("004", "C601", ("6.5", "31.92", "456.9")),
    ("004", "P701", ("84.67", "84.67")),  # 机关服务（项） against 公开05 2013103
    ("004", "C602", ("2.68", "2.68", "0", "0")),
    ("004", "C602", ("378.86", "172.45", "206.41")),
    ("004", "C602", ("435.55", "389.15", "46.4", "0", "0", "0")),
    ("004", "C602", ("456.9", "425.26", "0", "0", "0", "0", "31.64")),
    ("004", "C603", ("0", "0", "435.55")),
    ("004", "C603", ("0", "0", "456.9")),
    ("004", "C603", ("10.7", "46.4", "435.55")),
    ("004", "C603", ("45.5", "172.45", "378.86")),
    ("004", "C603", ("54.5", "206.41", "378.86")),
    ("004", "C603", ("6.9", "31.64", "456.9")),
    ("004", "C603", ("89.3", "389.15", "435.55")),
    ("004", "C603", ("93.1", "425.26", "456.9")),
    ("004", "C604", ("0", "0", "2")),
    ("004", "C604", ("442.2", "425.26", "96.18")),
    ("004", "C604", ("88", "84.67", "96.18")),
]


@cache
def _findings(prefix: str):
    path = corpus_file(prefix)
    report = extract(load(str(path)))
    out = {}
    for f in verify(report).findings:
        key = (f.rule, tuple(report.text[s.start : s.end] for s in f.spans))
        out.setdefault(key, []).append(f)
    return out


def test_at_least_forty_across_all_five():
    assert len(HAND_CHECKED) >= 40
    assert {p for p, _, _ in HAND_CHECKED} == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("prefix,code,numbers", HAND_CHECKED)
def test_hand_checked_claim_is_checked_and_not_an_error(prefix, code, numbers):
    found = _findings(prefix).get((code, numbers))
    assert found, f"{code} {numbers} was not checked at all in {prefix}"
    for f in found:
        assert f.outcome == Outcome.PASS
        assert f.severity != Severity.ERROR
