"""Tab-separated 自评表 (one table row per line, PDF conversions) read into score tables.

The made-up tables below use the layout of the PDF conversions: a merged caption column left
empty in the rows, rows shifted one cell from their header, a 总分 row whose figures stand
one cell left of 分值 / 得分. Figures and names are invented.
"""

from __future__ import annotations

from decimal import Decimal

from extractor import extract, load
from extractor.tables.scores import parse_score_tables
from tests.conftest import EXAMPLES, corpus_file
from verifier import verify
from verifier.report import Finding, Outcome, Report, Severity, Table, TableKind

BUDGET_HEADER = "资金情况（万元）\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分(分值×执行率)\t\t"
INDICATOR_HEADER = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\t"


COST_ROW = "\t\t\t成本指标\t成本控制数\t240\t228\t20\t19\t"  # 实际完成值 a figure too


def _sheet(rate: str = "95%", total: tuple[str, str] = ("100", "96"), cost: bool = True) -> str:
    """A made-up 部门整体支出绩效自评表 in the tab-separated layout."""
    lines = [
        "附件",
        "",
        "2023 年度部门整体支出绩效自评表",
        "",
        "部门名称\t某县网格服务中心\t\t\t\t\t\t\t\t",
        BUDGET_HEADER,
        f"\t合计\t200.00\t240.00\t228.00\t10\t{rate}\t9.5\t\t",
        "\t其中：当年财政拨款\t200.00\t230.00\t\t\t\t\t\t",
        "\t其他资金\t\t10.00\t\t\t\t\t\t",
        "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t\t\t",
        "\t完成网格事件处置\t\t\t完成\t\t\t\t\t",
        INDICATOR_HEADER,
        "\t产出指标 (60分)\t数量指标\t培训期数\t4 期\t5 期\t20\t20\t\t",
        "\t\t\t质量指标\t办结率\t95%\t97%\t20\t19\t",  # one cell right of its header
        COST_ROW,
        "\t满意度指标 (30分)\t服务对象满意度指标\t群众满意度\t≥90%\t93%\t30\t28.5\t\t",
        f"总分\t\t\t\t\t{total[0]}\t{total[1]}\t等级：优\t\t",
        "",
        "备注：1. “执行率” = “全年执行数” / “全年预算数”；",
        "",
    ]
    return "\n".join(line for line in lines if cost or line != COST_ROW)


def _tables(text: str) -> tuple[Table, Table]:
    budget, indicators = parse_score_tables(text)
    return budget, indicators


def _report(tmp_path, text: str) -> tuple[Report, list[Finding]]:
    path = tmp_path / "self.txt"
    path.write_text(text, encoding="utf-8")
    report = extract(load(path))
    return report, [f for f in verify(report).findings if f.rule.startswith("S")]


def _grounded(text: str, tables: list[Table]) -> None:
    for t in tables:
        for r in t.rows:
            for c in r.cells:
                if c.number is not None:
                    assert c.number.span is not None
                    assert text[c.number.span.start : c.number.span.end] == c.number.raw


def _spans(report: Report, f: Finding) -> list[str]:
    return [report.text[s.start : s.end] for s in f.spans]


# --- the parser -----------------------------------------------------------------------------


def test_budget_block_read_by_its_header():
    text = _sheet()
    budget, _ = _tables(text)
    assert budget.kind == TableKind.PERFORMANCE
    assert budget.unit == "万元"
    assert [c.name for c in budget.columns] == [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分(分值×执行率)",
    ]
    line = budget.rows[0]
    assert (line.name, line.side, line.is_total) == ("合计", "年度资金总额", False)
    assert [c.number.raw for c in line.cells] == ["200.00", "240.00", "228.00", "10", "95%", "9.5"]
    assert line.cells[0].number.value == Decimal("200.00") and line.cells[0].number.unit == "万元"
    assert line.cells[4].number.unit == "%"
    assert line.cells[3].number.unit == "分"
    # the 其中 lines are read; the 年度总体目标 block after them is not
    assert [r.name for r in budget.rows] == ["合计", "其中：当年财政拨款", "其他资金"]
    _grounded(text, [budget])


def test_indicator_rows_placed_by_their_score_pair():
    text = _sheet()
    _, table = _tables(text)
    assert [c.name for c in table.columns][:4] == ["绩效指标", "一级指标", "二级指标", "三级指标"]
    points, score = 6, 7
    assert table.columns[points].name == "分值" and table.columns[score].name == "得分"
    rows = {r.name: r for r in table.rows}
    # a row one cell right of its header: 二级指标 under 三级指标, 分值 under 得分
    shifted = rows["办结率"]
    assert shifted.cell(2).text == "质量指标"
    assert (shifted.cell(points).number.raw, shifted.cell(score).number.raw) == ("20", "19")
    # 实际完成值 228 beside 分值 is not taken for it
    cost = rows["成本控制数"]
    assert cost.cell(5).number.raw == "228"
    assert (cost.cell(points).number.raw, cost.cell(score).number.raw) == ("20", "19")
    assert rows["群众满意度"].side == "满意度指标(30分)"
    assert rows["办结率"].side == "产出指标(60分)"
    total = table.rows[-1]
    assert total.is_total and total.name == "总分"
    assert [(c.column, c.number.raw) for c in total.cells] == [(points, "100"), (score, "96")]
    assert any("+1" in n for n in table.notes)
    _grounded(text, [table])


def test_one_cell_per_line_and_unscored_tables_are_left_alone():
    loose = "部门整体支出绩效自评表\n\t分值\n\t得分\n\t5\n\t5\n"
    assert parse_score_tables(loose) == []
    money = "收入决算表\n项目\t\t本年收入合计\t财政拨款收入\n合计\t\t100.00\t100.00\n"
    assert parse_score_tables(money) == []


def test_a_score_table_already_read_is_not_read_twice():
    text = _sheet()
    first = parse_score_tables(text)
    assert parse_score_tables(text, known=first) == []


# --- the score rules on it --------------------------------------------------------------------


def test_a_sheet_that_adds_up_passes(tmp_path):
    _, found = _report(tmp_path, _sheet(total=("100", "96")))
    checked = [f for f in found if f.rule in ("S801", "S802", "S803")]
    assert {f.rule for f in checked} == {"S801", "S802", "S803"}
    assert all(f.outcome == Outcome.PASS for f in checked), [
        f.message for f in checked if f.outcome != Outcome.PASS
    ]


def test_a_wrong_execution_rate_is_an_error_at_its_figures(tmp_path):
    report, found = _report(tmp_path, _sheet(rate="100%"))
    bad = [f for f in found if f.rule == "S803" and f.outcome == Outcome.FAIL]
    assert bad and bad[0].severity == Severity.ERROR
    assert _spans(report, bad[0]) == ["100%", "228.00", "240.00"]


def test_points_short_of_the_total_say_a_row_may_be_missing(tmp_path):
    report, found = _report(tmp_path, _sheet(cost=False))
    bad = {f.subject.split()[-1]: f for f in found if f.rule == "S802" and f.outcome == "fail"}
    points, scores = bad["分值"], bad["得分"]
    assert points.severity == Severity.ERROR and scores.severity == Severity.ERROR
    assert "the rows' 分值 sum to 80 while 总分 says 100" in points.message
    assert "a row may be missing from the table as published" in points.message
    assert _spans(report, points)[0] == "100"
    assert "the rows' 得分 sum to 77 while 总分 says 96" in scores.message
    assert "分值 fall 20 short" in scores.message


def test_scores_off_while_points_add_up_blame_a_score_not_a_row(tmp_path):
    _, found = _report(tmp_path, _sheet(total=("100", "98")))
    bad = [f for f in found if f.rule == "S802" and f.outcome == Outcome.FAIL]
    assert len(bad) == 1 and bad[0].subject.endswith("得分")
    assert "sum to 96 while 总分 says 98" in bad[0].message
    assert "missing" not in bad[0].message


def test_two_sheets_in_one_report_are_summed_apart(tmp_path):
    project = _sheet().replace("部门整体支出绩效自评表", "项目支出绩效自评表")
    _, found = _report(tmp_path, _sheet() + "\n" + project)
    s802 = [f for f in found if f.rule == "S802"]
    assert len(s802) == 4 and all(f.outcome == Outcome.PASS for f in s802), [
        f.message for f in s802
    ]
    assert {f.subject for f in s802} >= {
        "绩效自评表 2023 年度部门整体支出绩效自评表 总分 分值",
        "绩效自评表 2023 年度项目支出绩效自评表 总分 得分",
    }


# --- corpus 004 and the project example --------------------------------------------------------


def _by(found: list[Finding], rule: str, subject_end: str, sheet: str = "") -> Finding:
    return next(
        f
        for f in found
        if f.rule == rule and f.subject.endswith(subject_end) and sheet in f.subject
    )


def test_corpus_004_self_evaluation_findings():
    report = extract(load(corpus_file("004")))
    found = [f for f in verify(report).findings if f.rule.startswith("S")]
    _grounded(report.text, report.tables_of(TableKind.PERFORMANCE))

    rate = next(
        f
        for f in found
        if f.rule == "S803" and f.subject.endswith("执行率") and f.outcome == Outcome.FAIL
    )
    assert rate.severity == Severity.ERROR
    assert _spans(report, rate) == ["100%", "435.55", "456.9"]

    points = _by(found, "S802", "分值", "部门整体")
    assert points.outcome == Outcome.FAIL and points.severity == Severity.ERROR
    assert _spans(report, points)[0] == "100"
    assert "the rows' 分值 sum to 90 while 总分 says 100" in points.message
    assert "a row may be missing from the table as published" in points.message

    scores = _by(found, "S802", "得分", "部门整体")
    assert scores.outcome == Outcome.FAIL and scores.severity == Severity.ERROR
    assert _spans(report, scores)[0] == "94"
    assert "sum to 85 while 总分 says 94" in scores.message

    # the 项目支出 自评表 beside it adds up, and is summed on its own
    project = [f for f in found if f.rule == "S802" and "项目支出" in f.subject]
    assert len(project) == 2 and all(f.outcome == Outcome.PASS for f in project)
    assert not [f for f in found if f.rule == "S801" and f.outcome == Outcome.FAIL]


def test_corpus_000_self_evaluation_split_by_a_page_break_adds_up():
    report = extract(load(corpus_file("000")))
    found = [f for f in verify(report).findings if f.rule in ("S802", "S803")]
    s802 = [f for f in found if f.rule == "S802"]
    assert len(s802) == 2, [f.message for f in found]
    assert all(f.outcome == Outcome.PASS for f in found), [f.message for f in found]


def test_example_total_score_mismatch_is_flagged():
    path = EXAMPLES / "青禾县网格服务中心_2023年度整体支出绩效自评报告.txt"
    report = extract(load(path))
    _grounded(report.text, report.tables)
    assert len(report.tables_of(TableKind.PERFORMANCE)) == 2
    verification = verify(report)
    found = [f for f in verification.findings if f.rule.startswith("S")]
    scores = _by(found, "S802", "得分")
    assert scores.outcome == Outcome.FAIL and scores.severity == Severity.ERROR
    assert _spans(report, scores)[0] == "98.7"
    assert "sum to 96.7 while 总分 says 98.7" in scores.message
    assert _by(found, "S802", "分值").outcome == Outcome.PASS
    assert verification.verdict == "flag"
