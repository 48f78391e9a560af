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
from verifier import verify
from verifier.report import Finding, Outcome, Report, Severity

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


def _errors_at(findings: list[Finding], text: str, at: int) -> list[str]:
    return [
        f.rule
        for f in findings
        if f.outcome == Outcome.FAIL
        and f.severity == Severity.ERROR
        and any(s.start <= at < s.end for s in f.spans)
    ]


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
    assert set(_errors_at(verify(_report(text)).findings, text, at)) == rules


def test_the_forms_read_the_same_figures() -> None:
    def figures(text: str) -> list[list[str]]:
        return [
            [c.number.raw for r in t.rows for c in r.cells if c.number is not None]
            for t in _report(text).tables
        ]

    assert figures(_document(_one_cell_per_line)) == figures(_document(_tab_separated))
