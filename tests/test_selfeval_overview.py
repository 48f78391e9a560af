"""The small tables of a 绩效自评's 基本概况 (年度收入情况, 年度支出和结余情况 and the tables
printed after them under the same caption) are read as grids in every text form and checked:
合计 against its parts (T109) and the 汇总 line against the bodies' lines (T113).

The documents are made up for the project (a fictional 松岭区网格服务中心), written as a
flattened DOCX prints them (one cell per line, an empty cell an empty line) and as
tab-separated rows.
"""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.source import Source
from tests.conftest import error_rules_at
from verifier import verify
from verifier.report import Outcome, Report

_COVER = "松岭区网格服务中心2024年度部门整体支出绩效自评报告\n\n一、部门（单位）基本概况\n\n"
_END = "\n二、部门整体支出绩效情况\n本年度工作完成良好。\n"

# (label, figures) per line; "" an empty cell
_INCOME = [
    ("局机关及二级机构汇总", ["216.40", "20.00", "196.40", "", "", ""]),
    ("1、局机关", ["180.20", "20.00", "160.20", "", "", ""]),
    ("2、二级机构1", ["36.20", "0", "36.20", "", "", ""]),
]
_SPENDING = [
    ("局机关及二级机构汇总", ["186.40", "146.40", "118.20", "28.20", "40.00", "3.50", "5.10"]),
    ("1、局机关", ["150.20", "110.20", "90.00", "20.20", "40.00", "2.00", "3.00"]),
    ("2、二级机构1", ["36.20", "36.20", "28.20", "8.00", "0", "1.50", "2.10"]),
]
_THREE = [
    ("局机关及二级机构汇总", ["1.80", "1.20", "0.60", "", ""]),
    ("1、局机关", ["1.50", "0.90", "0.60", "", ""]),
    ("2、二级机构1", ["0.30", "0.30", "", "", ""]),
]
_HEADERS = {
    "income": ["机构名称", "收入合计", "其中：", "上年结转", "公共财\n政拨款", "政府基金拨款",
               "纳入专户管理的非税收入拨款", "其他\n收入"],
    "spending": ["机构名称", "支出合计", "其中：", "结余", "基本支出", "其中：", "项目支出",
                 "当年结余", "累计结余", "人员支出", "公用支出"],
    "three": ["机构名称", "三公经费\n合计", "其中：", "公务接待费", "公务用车运维费",
              "公务用车购置费", "因公出国费"],
}  # fmt: skip


def _one_cell_per_line(header: list[str], lines: list[tuple[str, list[str]]]) -> str:
    out = ["\t" + cell for cell in header] + [""]
    for label, figures in lines:
        out += ["\t" + label, *("\t" + f for f in figures), ""]
    return "\n".join(out) + "\n"


def _tab_separated(header: list[str], lines: list[tuple[str, list[str]]]) -> str:
    out = ["\t".join(c.replace("\n", "") for c in header)]
    out += ["\t".join([label, *figures]) for label, figures in lines]
    return "\n".join(out) + "\n"


def _document(form, spending=_SPENDING) -> str:  # type: ignore[no-untyped-def]
    return (
        _COVER
        + "\t年度收入情况（万元）\n\n"
        + form(_HEADERS["income"], _INCOME)
        + "\n\t部门（单位）年度支出和结余情况（万元）\n\n"
        + form(_HEADERS["spending"], spending)
        + form(_HEADERS["three"], _THREE)
        + _END
    )


def _report(text: str) -> Report:
    return extract(Source(sha256="0" * 64, file_name="自评.txt", format="txt", text=text))


FORMS = [_one_cell_per_line, _tab_separated]


@pytest.mark.parametrize("form", FORMS, ids=["one-cell-per-line", "tab-separated"])
def test_every_overview_table_is_read_and_checked(form) -> None:  # type: ignore[no-untyped-def]
    report = _report(_document(form))
    titles = [t.title for t in report.tables]
    assert titles == [
        "年度收入情况（万元）",
        "部门（单位）年度支出和结余情况（万元）",
        "部门（单位）年度支出和结余情况（万元）之三公经费合计",
    ]
    result = verify(report)
    failed = [f.message for f in result.findings if f.outcome == Outcome.FAIL]
    assert result.verdict == "accept", failed
    checked = {(f.rule, f.subject.split(" row ")[0]) for f in result.findings if f.rule[0] == "T"}
    assert ("T113", "年度收入情况（万元）") in checked
    assert ("T109", "部门（单位）年度支出和结余情况（万元）") in checked
    assert ("T113", "部门（单位）年度支出和结余情况（万元）之三公经费合计") in checked
    assert result.coverage is not None and result.coverage.tables_checked == 3


@pytest.mark.parametrize("form", FORMS, ids=["one-cell-per-line", "tab-separated"])
@pytest.mark.parametrize(
    ("line", "cell", "changed", "rules"),
    [
        (1, 2, "90.90", {"T109", "T113"}),  # 人员支出 of 局机关: 基本支出 and the 汇总 line
        (1, 6, "3.60", {"T113"}),  # 累计结余 has no sum but the 汇总 line's
        (0, 4, "41.00", {"T109", "T113"}),  # 汇总 项目支出
    ],
)
def test_a_changed_figure_is_found_where_it_stands(form, line, cell, changed, rules) -> None:  # type: ignore[no-untyped-def]
    spending = [(label, list(figures)) for label, figures in _SPENDING]
    spending[line][1][cell] = changed
    text = _document(form, spending)
    at = text.index(changed, text.index(spending[line][0], text.index("支出和结余")))
    assert set(error_rules_at(verify(_report(text)).findings, at)) == rules


def test_the_forms_read_the_same_figures() -> None:
    def figures(text: str) -> list[list[str]]:
        return [
            [c.number.raw for r in t.rows for c in r.cells if c.number is not None]
            for t in _report(text).tables
        ]

    assert figures(_document(_one_cell_per_line)) == figures(_document(_tab_separated))


_BASIC_WITH_RATE = """松岭区网格服务中心2024年度部门整体支出绩效自评报告

附件1
2024年度部门（单位）整体支出绩效评价基础数据表
	经费控制情况（万元）
	2023年决算数
	2024年决算数
	增减率

	三公经费
	10.50
	9.00
	-14.29%

	1、公务用车购置和维护经费
	6.00
	5.00
	-16.67%

	其中：公车购置
	0
	0
	0

	公车运行维护
	6.00
	5.00
	-16.67%

	2、出国经费
	0
	0
	0

	3、公务接待
	4.50
	4.00
	-11.11%

说明：本表由单位财务人员填写，数据来源于年度部门决算和预算，本段文字足以结束上面的表格。
"""


def test_a_rate_column_of_a_basic_data_table_is_left_out_of_its_line_sums() -> None:
    """A 基础数据表 with 增减率 beside its amounts: T114 sums the amounts and never the rates
    (it once raised, converting % to 万元, and so kept the report from being accepted)."""
    found = verify(_report(_BASIC_WITH_RATE)).findings
    t114 = [f for f in found if f.rule == "T114"]
    assert t114 and all(f.outcome == Outcome.PASS for f in t114)
    assert {f.subject.rsplit("[", 1)[1] for f in t114} == {"2023年决算数]", "2024年决算数]"}
    assert not [f for f in found if "could not run" in f.message]


def test_a_numbered_heading_with_the_caption_words_is_no_table() -> None:
    """二、年度收入情况 opens a section of prose; its lines are not a table of bodies (a review
    found T113 summing 收入合计 with its 其中 lines)."""
    from verifier.templates import names_caption

    assert names_caption("年度收入情况（万元）") and names_caption("部门（单位）年度支出和结余情况")
    assert not names_caption("二、年度收入情况") and not names_caption("（一）年度收入情况")
    text = (
        _COVER + "二、年度收入情况\n收入合计 1200.50万元\n财政拨款收入 1000.30万元\n"
        "其中：一般公共预算 900.30万元\n其他收入 200.20万元\n" + _END
    )
    found = verify(_report(text)).findings
    assert not [f for f in found if f.rule == "T113" and f.outcome == Outcome.FAIL]


def test_a_unit_cell_before_the_header_and_a_header_repeated_over_a_page() -> None:
    """The tables under one caption are cut where 机构名称 opens the next, whatever comes
    first; the same header printed again word for word continues the table."""
    spending = _one_cell_per_line(_HEADERS["spending"], _SPENDING[:2])
    again = _one_cell_per_line(_HEADERS["spending"], _SPENDING[2:])  # page 2, its header again
    text = (
        _COVER
        + "\t部门（单位）年度支出和结余情况（万元）\n\n\t单位：万元\n"
        + spending
        + again
        + _one_cell_per_line(_HEADERS["three"], _THREE)
        + _END
    )
    report = _report(text)
    assert [len(t.rows) for t in report.tables] == [3, 3]
    result = verify(report)
    assert result.verdict == "accept", [f.message for f in result.findings if f.outcome == "fail"]
