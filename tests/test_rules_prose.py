"""Family P on the corpus: prose amounts against the tables they explain, across units."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract, load
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
    assert "the table prints 13,383,593.18元" in bad[0].message  # as written, not only in 万元


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


def _mutated(prefix: str, raw: str, after: str, new: str):
    """The corpus report with the last digit of the first ``raw`` after the last ``after`` replaced by
    ``new`` (length kept), extracted and verified; and where the digit is."""
    src = load(corpus_file(prefix))
    at = src.text.index(raw, src.text.rindex(after)) + len(raw) - 1
    report = extract(src.model_copy(update={"text": src.text[:at] + new + src.text[at + 1 :]}))
    return [f for f in verify(report).findings if any(s.start <= at < s.end for s in f.spans)]


def test_basic_expenditure_under_general_budget_is_checked_against_g05():
    """基本支出 in the 一般公共预算财政拨款基本支出 subsection is 公开05's 基本支出 column, and one
    unit in the last digit is already a disagreement: 1066.71 and 1066.72 meet only at an edge
    that figures rounded half up never reach."""
    _, found = _p701("000")
    (f,) = [f for f in found if "公开05 基本支出" in f.subject]
    assert f.outcome == Outcome.PASS
    covering = _mutated("000", "1066.71", "基本支出决算情况说明", "2")
    (bad,) = [f for f in covering if f.rule == "P701" and f.outcome == Outcome.FAIL]
    assert "公开05 基本支出" in bad.subject and "edge of their rounding" in bad.message


def test_totals_without_this_year_name_their_subsections_table():
    """收入合计 in 收入决算情况说明 is 公开02's 合计, 支出合计 in 支出决算情况说明 公开03's: a change
    of 0.02万元 to 001's 收入合计 (tables in 元, exact to the 分) is an error."""
    _, found = _p701("001")
    subjects = {f.subject for f in found if f.outcome == Outcome.PASS}
    assert any("收入合计" in s and "公开02" in s for s in subjects)
    assert any("支出合计" in s and "公开03" in s for s in subjects)
    covering = _mutated("001", "1371.73", "收入决算情况说明", "5")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)


def test_extra_general_budget_basic_expenditure_against_g05():
    """corpus-extra 001 (上海): 六、一般公共预算财政拨款基本支出 restates 5377.64万元, the 基本支出
    of 公开03 (all funds), while 公开05's 基本支出 合计 is 5364.75万元: a real disagreement; its
    人员经费 (written 人员⏎经费) 4896.98 against 公开06's 4884.09 misses by the same 12.89."""
    from tests.conftest import CORPUS_EXTRA

    path = corpus_file("001", CORPUS_EXTRA)
    if not path.exists():
        pytest.skip("corpus-extra not present")
    report = extract(load(path))
    bad = [f for f in verify(report).findings if f.rule == "P701" and f.outcome == Outcome.FAIL]
    assert [(f.stated, f.expected) for f in bad] == [
        (Decimal("5377.64"), Decimal("5364.75")),
        (Decimal("4896.98"), Decimal("4884.09")),
    ]


def test_fiscal_income_and_general_budget_spending_are_read_where_they_are_explained():
    """财政拨款收入 under 财政拨款收支总体 is 公开04's 本年收入合计, under 收入 公开02's column of that
    name; 一般公共预算财政拨款支出 is 公开05's total column, whatever it is called (本年支出小计)."""
    _, found = _p701("000")
    passed = {f.subject for f in found if f.outcome == Outcome.PASS}
    for want in (
        "财政拨款收入 in the prose against 公开04 本年收入合计",
        "财政拨款收入 in the prose against 公开02 财政拨款收入",
        "一般公共预算财政拨款支出 in the prose against 公开05 合计",
    ):
        assert want in passed
    covering = _mutated("000", "1066.71", "一般公共预算财政拨款支出决算情况说明", "2")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)


def test_004_carry_over_in_the_prose_against_g01():
    """004's 收、支总计 sentence says its 支出总计 holds 年末结转和结余21.35万元; 公开01 prints
    年末结转和结余 0.00 and puts 21.35 under 结余分配: the prose names the wrong line."""
    report, found = _p701("004")
    (bad,) = [f for f in found if f.outcome == Outcome.FAIL and "年末结转和结余" in f.subject]
    assert (bad.stated, bad.expected) == (Decimal("21.35"), Decimal("0"))
    assert {report.text[s.start : s.end] for s in bad.spans} == {"21.35", "0.00"}


def test_amounts_outside_the_explanations_are_not_read_against_the_tables():
    """004's 绩效 part restates 基本支出 and 项目支出 outside every 情况说明 subsection; there such
    words as often name one project's figure as the table's, so they are left unchecked."""
    _, found = _p701("004")
    assert not any("公开03 项目支出" in f.subject for f in found if f.outcome == Outcome.FAIL)
    covering = _mutated("004", "389.15", "2020年度支出435.55", "7")
    assert not any(f.rule == "P701" for f in covering)


def test_fiscal_spending_is_checked_in_the_general_budget_subsection_too():
    """财政拨款支出 names 公开04's 本年支出合计 in full, even in the subsection explaining 公开05;
    also where its budget comes first (年初预算数为B万元，支出决算数为A万元)."""
    _, found = _p701("001")
    mine = [f for f in found if f.subject.startswith("财政拨款支出 in the prose against 公开04")]
    assert len(mine) == 3 and all(f.outcome == Outcome.PASS for f in mine)
    covering = _mutated("001", "1346.86", "年初预算数为1307.84万元，支出决算数为", "8")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)
    covering = _mutated("001", "1346.86", "占本年支出合计的98.19%", "3")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)


def test_001_item_actual_against_its_g05_row():
    """001 explains 其他一般公共服务支出（项） with 支出决算为1303.27万元, which is the whole of
    类 201 (1283.27 of this 项 + 20.00 of 行政运行); 公开05's row 2019999 holds 12,832,696.82 元."""
    report, found = _p701("001")
    (bad,) = [f for f in found if f.outcome == Outcome.FAIL and "（项）" in f.subject]
    assert {report.text[s.start : s.end] for s in bad.spans} == {"1303.27", "12,832,696.82"}
    ok = [f for f in found if f.subject.startswith("事业单位医疗（项）")]
    assert [f.outcome for f in ok] == [Outcome.PASS]


def test_a_figure_of_another_year_is_not_compared_with_this_year_s_tables():
    """2022年度财政拨款支出… in a 2023 report is last year's figure: not this year's 公开04's.
    (The sentence's rate, 完成年初预算的102.98%, no longer holds for the changed figure: that is
    C604's business, not this test's.)"""
    src = load(corpus_file("001"))
    lead = "2023年度财政拨款支出年初预算数为"
    at = src.text.index(lead)
    num = src.text.index("1346.86", at)
    text = src.text[:at] + "2022" + src.text[at + 4 : num] + "1634.21" + src.text[num + 7 :]
    report = extract(src.model_copy(update={"text": text}))
    assert report.year == 2023
    found = verify(report).findings
    assert not [
        f
        for f in found
        if f.rule == "P701"
        and f.outcome == Outcome.FAIL
        and any(s.start <= num < s.end for s in f.spans)
    ]
    assert any(f.rule == "P701" and "a figure of 2022" in f.message for f in found)


def test_a_year_compared_with_is_not_the_figure_s_year():
    from extractor.claims.read import extract_claims
    from verifier.report import Report
    from verifier.rules.prose import other_year

    t = "公务用车购置费25.00万元，比 2023年预算增加25.00万元；公务用车运行费21.56万元。2022年度基本支出30.00万元。"
    report = Report(sha256="0" * 64, file_name="x.txt", text=t, year=2024)
    years = {
        c.numbers["value"].raw: other_year(report, c, c.numbers["value"])
        for c in extract_claims(t, [], [])
        if c.link
    }
    assert years == {"25.00": None, "21.56": None, "30.00": 2022}


def test_a_class_of_the_listed_uses_against_its_g05_row():
    """004 prints 公开05's 类 rows: 一般公共服务支出221.53万元 agrees with row 201, and a change of
    0.03 in its last digit is an error at the prose's figure."""
    _, found = _p701("004")
    (f,) = [f for f in found if f.subject.startswith("一般公共服务（类）")]
    assert f.outcome == Outcome.PASS and "(the sum of its rows)" not in f.subject
    covering = _mutated("004", "221.53", "主要用于以下方面", "6")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)


def test_a_class_without_its_row_against_the_sum_of_its_items():
    """001's 公开05 prints 项 rows only (in 元, exact to the 分): 一般公共服务（类）1303.27万元 is
    the sum of the 201xxxx rows, 13,032,696.82元; 1303.22 is an error."""
    _, found = _p701("001")
    (f,) = [f for f in found if f.subject.startswith("一般公共服务（类）")]
    assert f.outcome == Outcome.PASS and "(the sum of its rows)" in f.subject
    covering = _mutated("001", "1303.27", "主要用于以下方面", "2")
    assert any(f.rule == "P701" and f.outcome == Outcome.FAIL for f in covering)


@pytest.mark.parametrize("form", ["tsv", "md", "plain"])
def test_a_class_row_summed_from_rounded_items_is_not_an_error(form):
    """shpt-ghzyj-2024-final: the prose and 公开01 say 卫生健康 236.63万元, 公开05's 类 row
    236.64 = 40.35 + 196.29, its rounded 项: both roundings of one amount, so the prose agrees
    with the sum of the items (尾数误差), not an error; 236.68 is one."""
    from tests.conftest import SHARED

    path = SHARED / "corpus-pdf" / f"shpt-ghzyj-2024-final.{form}.txt"
    if not path.exists():
        pytest.skip("needs ../shared/corpus-pdf")
    src = load(path)
    (f,) = [
        f
        for f in verify(extract(src)).findings
        if f.rule == "P701" and f.subject.startswith("卫生健康（类）")
    ]
    assert f.outcome == Outcome.PASS and f.note and "尾数误差" in f.note
    at = src.text.index("236.63", src.text.index("主要用于以下方")) + 4
    mutated = src.model_copy(update={"text": src.text[:at] + "8" + src.text[at + 1 :]})
    (bad,) = [
        f
        for f in verify(extract(mutated)).findings
        if f.rule == "P701" and f.subject.startswith("卫生健康（类）")
    ]
    assert bad.outcome == Outcome.FAIL and bad.severity == "error"


# The examples' 青禾县 决算 (written for this project): 公开05 prints 201 一般公共服务支出 687.11 =
# 452.60 + 234.51, and 公开04 prints the 类's line, 一、一般公共服务支出 687.11.
_QINGHE = (
    Path(__file__).resolve().parent.parent / "examples" / "青禾县网格服务中心_2023年度部门决算.txt"
)
_USES_LINE = "一般公共服务支出687.11万元，占84.6%"


def _class_p701(text: str, edit=None):
    src = load(_QINGHE)
    report = extract(src.model_copy(update={"text": text}))
    if edit is not None:
        edit(report)
    return [
        f
        for f in verify(report).findings
        if f.rule == "P701" and f.subject.startswith("一般公共服务（类）")
    ]


def test_one_unit_off_the_class_row_is_an_error_where_another_table_prints_the_row_s_figure():
    """687.12 against a row of 687.11 that the sum of its two 项 would allow (±0.01), but
    公开04 prints the 类's line as 687.11 too: the report rounds so, and 687.12 is a typo."""
    text = load(_QINGHE).text
    assert _USES_LINE in text
    (f,) = _class_p701(text)
    assert f.outcome == Outcome.PASS
    (bad,) = _class_p701(text.replace(_USES_LINE, _USES_LINE.replace("687.11", "687.12")))
    assert bad.outcome == Outcome.FAIL and bad.severity == "error"


def test_a_class_whose_items_were_not_all_read_is_insufficient():
    """公开05 without its 类 and 款 rows (as 001 prints it), one 项's 合计 cut by the converter:
    the sum of the rows read would fall short, so the 类 is not judged by it."""
    from verifier.report import Cell, TableKind

    text = load(_QINGHE).text
    g05 = text.index("201\t一般公共服务支出\t687.11\t487.11")
    text = text[:g05] + text[g05:].replace(
        "201\t一般公共服务支出\t687.11\t487.11\t200.00\n20103\t政府办公厅（室）及相关机构事务"
        "\t687.11\t487.11\t200.00\n",
        "",
        1,
    )
    (f,) = _class_p701(text)
    assert f.outcome == Outcome.PASS and "(the sum of its rows)" in f.subject

    def cut(report):
        (g05,) = report.tables_of(TableKind.G05)
        row = next(r for r in g05.rows if r.code == "2010350")
        row.cells[0] = Cell(column=row.cells[0].column, number=None, text="234.|51")

    (f,) = _class_p701(text, cut)
    assert f.outcome == Outcome.INSUFFICIENT_DATA
