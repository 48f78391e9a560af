"""I207 / I208 on hand-made 公开04 tables: each fund balances on its own (年初 + 本年收入 =
本年支出 + 年末 = its 总计), and 年初财政拨款结转和结余 is the sum of its fund lines."""

from __future__ import annotations

from decimal import Decimal

from tests.tablebuild import Doc
from verifier.report import Outcome, TableKind
from verifier.verify import run_rules

FUND_COLUMNS = [
    ("金额", "收入"),
    ("合计", "支出"),
    ("一般公共预算财政拨款", "支出"),
    ("政府性基金预算财政拨款", "支出"),
    ("国有资本经营预算财政拨款", "支出"),
]


def _g04(opening_general="14.75", closing_general="14.75", opening_fund="0.00", columns=None):
    """A 公开04 in the corpus's layout: income by fund, spending by fund column, and the
    年初 balance printed in total and by fund under it."""
    inc, out = "收入", "支出"
    rows = [
        ("一、一般公共预算财政拨款", None, inc, False, ["1,066.71"]),
        ("二、政府性基金预算财政拨款", None, inc, False, ["0.00"]),
        ("三、国有资本经营预算财政拨款", None, inc, False, [None]),
        ("一、一般公共服务支出", None, out, False, [None, "1,066.71", "1,066.71", "0.00", None]),
        ("本年收入合计", None, inc, True, ["1,066.71"]),
        ("本年支出合计", None, out, True, [None, "1,066.71", "1,066.71", "0.00", None]),
        ("年初财政拨款结转和结余", None, inc, False, ["14.75"]),
        (
            "年末财政拨款结转和结余",
            None,
            out,
            False,
            [None, "14.75", closing_general, "0.00", None],
        ),
        ("一般公共预算财政拨款", None, inc, False, [opening_general]),
        ("政府性基金预算财政拨款", None, inc, False, [opening_fund]),
        ("国有资本经营预算财政拨款", None, inc, False, [None]),
        ("总计", None, inc, True, ["1,081.46"]),
        ("总计", None, out, True, [None, "1,081.46", "1,081.46", "0.00", None]),
    ]
    d = Doc()
    d.table(TableKind.G04, "万元", columns or FUND_COLUMNS, rows)
    return d.report()


def _by(findings, code, outcome=None):
    return [f for f in findings if f.rule == code and (outcome is None or f.outcome == outcome)]


def _raws(report, f):
    return [report.text[s.start : s.end] for s in f.spans]


def test_balanced_funds_pass_and_an_unused_fund_is_not_applicable():
    rep = _g04()
    fs = run_rules(rep, {"I201", "I202", "I203", "I204", "I205", "I207", "I208"})
    assert not _by(fs, "I207", Outcome.FAIL) and not [f for f in fs if f.outcome == "fail"]
    passed = _by(fs, "I207", Outcome.PASS)
    # 一般公共预算 and 政府性基金: 年末 and 总计 each; 国有资本经营 prints nothing
    assert len(passed) == 4
    assert {f.subject for f in passed} >= {
        "公开04 row 年末财政拨款结转和结余 [支出 一般公共预算财政拨款]",
        "公开04 row 总计 [支出 一般公共预算财政拨款]",
    }
    (na,) = _by(fs, "I207", Outcome.NOT_APPLICABLE)
    assert "国有资本经营" in na.subject
    (opening,) = _by(fs, "I208")
    assert opening.outcome == Outcome.PASS


def test_a_wrong_opening_fund_line_fails_at_its_span():
    rep = _g04(opening_general="14.45")
    fs = run_rules(rep, {"I207", "I208"})
    fails = _by(fs, "I207", Outcome.FAIL)
    assert {f.subject for f in fails} == {
        "公开04 row 年末财政拨款结转和结余 [支出 一般公共预算财政拨款]",
        "公开04 row 总计 [支出 一般公共预算财政拨款]",
    }
    for f in fails:
        assert "14.45" in _raws(rep, f) and f.severity == "error"
    end = next(f for f in fails if "年末" in f.subject)
    assert end.difference == Decimal("0.30") and end.tolerance == Decimal("0.02")
    (i208,) = _by(fs, "I208", Outcome.FAIL)
    assert _raws(rep, i208) == ["14.75", "14.45", "0.00"]


def test_a_wrong_closing_fund_cell_fails():
    rep = _g04(closing_general="15.75")
    (f,) = _by(run_rules(rep, {"I207"}), "I207", Outcome.FAIL)
    assert "15.75" in _raws(rep, f) and f.difference == Decimal("1")


def test_rounding_of_four_figures_passes():
    # 14.74 + 1066.71 − 1066.71 = 14.74 against 14.75: four figures of 0.01 allow 0.02
    rep = _g04(opening_general="14.74")
    fs = _by(run_rules(rep, {"I207"}), "I207")
    assert all(f.outcome != Outcome.FAIL for f in fs)
    assert any(f.note for f in fs if f.outcome == Outcome.PASS)


def test_an_empty_line_of_a_fund_is_insufficient_not_zero():
    rep = _g04(opening_fund=None)  # 政府性基金 年初 left blank while its other lines say 0.00
    fs = _by(run_rules(rep, {"I207"}), "I207")
    (f,) = [f for f in fs if "政府性基金" in f.subject]
    assert f.outcome == Outcome.INSUFFICIENT_DATA


def test_without_fund_columns_the_rule_does_not_apply():
    rep = _g04(
        columns=[
            ("金额", "收入"),
            ("合计", "支出"),
            ("列3", "支出"),
            ("列4", "支出"),
            ("列5", "支出"),
        ]
    )
    (f,) = _by(run_rules(rep, {"I207"}), "I207")
    assert f.outcome == Outcome.NOT_APPLICABLE


def test_opening_not_broken_down_by_fund():
    d = Doc()
    d.table(
        TableKind.G04,
        "万元",
        FUND_COLUMNS,
        [
            ("一、一般公共预算财政拨款", None, "收入", False, ["10.00"]),
            ("本年收入合计", None, "收入", True, ["10.00"]),
            ("本年支出合计", None, "支出", True, [None, "10.00", "10.00", None, None]),
            ("年初财政拨款结转和结余", None, "收入", False, ["0.00"]),
            ("年末财政拨款结转和结余", None, "支出", False, [None, "0.00", "0.00", None, None]),
            ("总计", None, "收入", True, ["10.00"]),
        ],
    )
    fs = run_rules(d.report(), {"I207", "I208"})
    assert _by(fs, "I207")[0].outcome == Outcome.INSUFFICIENT_DATA
    assert _by(fs, "I208")[0].outcome == Outcome.NOT_APPLICABLE
    assert not [f for f in fs if f.outcome == Outcome.FAIL]
