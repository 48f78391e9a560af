"""Coded tables read the same from every text form, and their identities checked.

The budget below is made up for the project (a fictional 松岭区网格服务中心); it is written
out the way three converters print a PDF table: tab-separated rows, Markdown pipe rows, and
one cell per line with a page break (and its page number) in the middle of the table.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract
from extractor.source import Source
from extractor.tables.grid import read_coded_tables
from extractor.tables.regions import page_numbers
from extractor.tables.tokens import rows, tokens
from verifier import verify
from verifier.report import Outcome, Severity, Table, TableKind
from verifier.templates import TEMPLATES, match_template, title_key

TITLE = "五、2024年度松岭区网格服务中心部门一般公共预算支出预算表"
HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
ROWS = [  # code, name, 合计, 基本支出, 项目支出
    ("201", "一般公共服务支出", "1,530.40", "1,210.40", "320.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "1,530.40", "1,210.40", "320.00"),
    ("2010301", "行政运行", "1,210.40", "1,210.40", "0.00"),
    ("2010350", "事业运行", "320.00", "0.00", "320.00"),
    ("208", "社会保障和就业支出", "186.25", "186.25", "0.00"),
    ("20805", "行政事业单位养老支出", "186.25", "186.25", "0.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "124.17", "124.17", "0.00"),
    ("2080506", "机关事业单位职业年金缴费支出", "62.08", "62.08", "0.00"),
]
TOTAL = ("合计", "1,716.65", "1,396.65", "320.00")
# The page before ends with its number, as every converter here prints it: page numbers are
# told from cells by running in sequence (6, 7).
BEFORE = "第二部分 2024年度部门预算表\n6\n\n"
AFTER = "\n第三部分 2024年度部门预算情况说明\n一、收支预算总体情况。本年收支预算均为1716.65万元。\n"


def tsv() -> str:
    lines = [TITLE, "单位：万元", "\t".join(HEADER)]
    lines += ["\t".join(r) for r in ROWS[:5]] + ["7", ""] + ["\t".join(r) for r in ROWS[5:]]
    lines.append("\t".join(("", *TOTAL)))
    return BEFORE + "\n".join(lines) + AFTER


def markdown() -> str:
    lines = [f"### {TITLE}", "", "单位：万元", "", "|" + "|".join(HEADER) + "|", "|---" * 5 + "|"]
    lines += [
        "|" + "|".join(f"**{c}**" if i == 1 else c for i, c in enumerate(r)) + "|" for r in ROWS
    ]
    lines.append("||" + "|".join(TOTAL) + "|")
    return BEFORE + "\n".join(lines) + AFTER


def plain() -> str:
    """One cell per line; the page breaks after 208 and its page number stands alone."""
    lines = [TITLE, "单位：万元", *HEADER]
    for n, row in enumerate(ROWS):
        code, name, *figures = row
        if n == 5:
            lines += ["7 ", "", ""]
        # a long label wraps onto a second line, as PyMuPDF prints a narrow cell
        lines += [code, name[:8], name[8:]] if len(name) > 10 else [code, name]
        lines += [f"{f} " for f in figures]
    lines += list(TOTAL)
    return BEFORE + "\n".join(lines) + AFTER


FORMS = {"tsv": tsv, "markdown": markdown, "plain": plain}


def _source(text: str, name: str = "budget.txt") -> Source:
    return Source(sha256="0" * 64, file_name=name, format="txt", text=text)


def _grid(text: str) -> Table:
    (table,) = read_coded_tables(text)
    return table


def _shape(table: Table) -> list[tuple]:
    return [(r.code, r.name, [c.number.raw for c in r.cells if c.number]) for r in table.rows]


@pytest.mark.parametrize("form", FORMS)
def test_every_form_gives_the_same_rows(form: str) -> None:
    table = _grid(FORMS[form]())
    assert table.template == "budget/一般公共预算支出"
    assert table.kind == TableKind.BUDGET
    assert table.unit == "万元"
    assert [c.name for c in table.columns] == ["合计", "基本支出", "项目支出"]
    assert _shape(table) == _shape(_grid(tsv()))
    assert [r.code for r in table.rows] == [*(r[0] for r in ROWS), None]
    assert table.rows[-1].is_total and table.rows[-1].name == "合计"


@pytest.mark.parametrize("form", FORMS)
def test_figures_stand_at_their_spans(form: str) -> None:
    text = FORMS[form]()
    for row in _grid(text).rows:
        for cell in row.cells:
            assert cell.number is not None and cell.number.span is not None
            assert text[cell.number.span.start : cell.number.span.end] == cell.number.raw


def test_a_label_wrapped_over_two_lines_is_one_label() -> None:
    names = [r.name for r in _grid(plain()).rows]
    assert "机关事业单位基本养老保险缴费支出" in names


def test_page_number_beside_a_break_is_not_a_cell() -> None:
    text = plain()
    assert len(page_numbers(text)) == 2  # 6 and 7 run in sequence
    assert all(len(r.cells) == 3 for r in _grid(text).rows)


def test_a_class_code_cut_off_by_a_page_break_is_kept() -> None:
    """208 alone on the last line of a page, its 款/项 parts on the next, is no page number."""
    text = "2024年部门支出预算总表\n单位：元\n201\n05\n一般\n1,000\n1,000\n0\n\n\n201\n05\n07\n普查\n1,000\n1,000\n0\n"
    assert not page_numbers(text)
    codes = [r.code for r in _grid(text).rows]
    assert codes == ["20105", "2010507"]


@pytest.mark.parametrize("form", FORMS)
def test_identities_checked_and_agree(form: str) -> None:
    findings = verify(extract(_source(FORMS[form]()))).findings
    grid = [f for f in findings if f.rule in ("T107", "T108", "T109")]
    assert {f.rule for f in grid} == {"T107", "T108", "T109"}
    assert all(f.outcome == Outcome.PASS for f in grid), [f.message for f in grid]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("figure", ["1,210.40", "62.08", "1,716.65"])
def test_a_changed_digit_is_an_error_at_that_digit(form: str, figure: str) -> None:
    text = FORMS[form]()
    at = text.index(figure)
    digit = at + len(figure) - 2
    changed = text[:digit] + str((int(text[digit]) + 3) % 10) + text[digit + 1 :]
    findings = verify(extract(_source(changed))).findings
    errors = [f for f in findings if f.severity == Severity.ERROR and f.outcome == Outcome.FAIL]
    assert any(s.start <= digit < s.end for f in errors for s in f.spans), [
        f.message for f in errors
    ]


def test_rows_stacked_in_one_cell_are_split() -> None:
    text = (
        "2024年部门一般公共预算基本支出预算表\n单位：万元\n"
        "|301|工资福利支出|300.00|\n"
        "|30101<br>30102|基本工资<br>津贴补贴|100.00<br>200.00|\n"
    )
    table = _grid(text)
    assert _shape(table)[1:] == [
        ("30101", "基本工资", ["100.00"]),
        ("30102", "津贴补贴", ["200.00"]),
    ]


def test_a_figure_cut_in_two_cells_is_not_read_and_not_judged() -> None:
    text = (
        "2024年部门支出预算总表\n单位：万元\n"
        "|201|一般公共服务支出|754.|75|0.00|\n|20101|人大事务|754.75|754.75|0.00|\n"
        "|20102|政协事务|1.00|1.00|0.00|\n"
    )
    findings = verify(extract(_source(text))).findings
    hierarchy = [f for f in findings if f.rule == "T107"]
    assert hierarchy and all(f.outcome == Outcome.INSUFFICIENT_DATA for f in hierarchy)


def test_a_rate_column_is_not_summed() -> None:
    text = (
        "2024年部门一般公共预算支出预算表\n单位：万元\n科目编码\t科目名称\t本年预算\t增减%\n"
        "201\t一般公共服务支出\t300.00\t10.00\n20101\t人大事务\t100.00\t5.00\n"
        "20102\t政协事务\t200.00\t12.50\n"
    )
    table = _grid(text)
    assert not table.additive
    assert not [f for f in verify(extract(_source(text))).findings if f.rule == "T107"]


def test_tokens_split_every_form_alike() -> None:
    line = "|201|05|**统计信息事务**|257,700|257,700<br>0|"
    assert [t.text for t in tokens(line, 0, len(line))] == [
        "201",
        "05",
        "统计信息事务",
        "257,700",
        "257,700",
        "0",
    ]
    (row,) = rows(tokens(line, 0, len(line)))
    assert row.code == "20105" and len(row.numbers) == 3


def test_a_table_without_codes_or_entry_is_not_read() -> None:
    text = "2024年部门项目绩效预算表\n单位：万元\n宣传\t100.00\n培训\t50.00\n"
    assert read_coded_tables(text) == []


TWO_SIDED = (
    "2024年部门财务收支预算总表\n单位：元\n本年收入\t本年支出\n项目\t预算数\t项目\t预算数\n"
    "一、财政拨款收入\t1,200,000\t一、一般公共服务支出\t700,000\n"
    "二、事业收入\t\t二、社会保障和就业支出\t500,000\n"
    "|收入总计<br>1,200,000|三、住房保障支出<br> <br>支出总计|0<br>{total}|\n"
)


@pytest.mark.parametrize(
    "total,outcome", [("1,200,000", Outcome.PASS), ("1,260,000", Outcome.FAIL)]
)
def test_a_two_sided_table_balances(total: str, outcome: Outcome) -> None:
    """收入总计 against 支出总计, the last line written as a converter stacks two lines in one
    cell: each label takes its own figure."""
    text = TWO_SIDED.format(total=total)
    table = _grid(text)
    assert table.template == "budget/收支总表"
    assert ("三、住房保障支出", ["0"]) in [
        (r.name, [c.number.raw for c in r.cells]) for r in table.rows
    ]
    (f,) = [f for f in verify(extract(_source(text))).findings if f.rule == "T110"]
    assert f.outcome == outcome


def test_this_years_totals_are_not_the_grand_totals() -> None:
    """A 决算总表's 本年收入合计 and 本年支出合计 differ by the balances; its 总计 lines agree."""
    text = (  # as Markdown: the 公开01 layout reads tab-separated rows, the grid every form
        "### 收入支出决算总表\n单位：万元\n|本年收入合计|100.00|本年支出合计|90.00|\n"
        "|年初结转和结余|5.00|年末结转和结余|15.00|\n|总计|105.00|总计|105.00|\n"
    )
    (f,) = [f for f in verify(extract(_source(text))).findings if f.rule == "T110"]
    assert f.outcome == Outcome.PASS and "总计" in f.subject


# -- the catalogue ------------------------------------------------------------------------


def test_every_template_names_its_standard_and_a_title_it_matches() -> None:
    named_by_another = {t.then for t in TEMPLATES if t.then}
    for t in TEMPLATES:
        assert t.standard and t.report in ("部门预算", "部门决算", "绩效自评")
        assert t.title or t.id in named_by_another, t.id
        for variant in t.columns:
            assert len(set(variant)) == len(variant)


@pytest.mark.parametrize(
    "title,expected",
    [
        ("二、2017年度江苏省高级人民法院部门收支预算总表", "budget/收支总表"),
        ("2024年部门财务收支预算总表", "budget/收支总表"),
        ("四、2017 年度江苏省高级人民法院部门财政拨款收支预算总表", "budget/财政拨款收支总表"),
        ("2024年部门一般公共预算基本支出部门预算经济分类预算表", "budget/基本支出"),
        ("2026年部门国有资本经营预算支出功能分类预算表", "budget/国有资本经营支出"),
        ("十、2017年度部门一般公共预算机关运行经费支出预算表（续）", "budget/机关运行经费"),
        ("2026年部门“三公”经费和机关运行经费预算表", "budget/三公经费"),
        ("年度收入情况（万元）", "selfeval/年度收入"),
        ("部门（单位）年度支出和结余情况（万元）", "selfeval/年度支出和结余"),
    ],
)
def test_titles_match_their_entry(title: str, expected: str) -> None:
    found = match_template(title)
    assert found is not None and found.id == expected, title_key(title)


@pytest.mark.parametrize("last,outcome", [("200.00", Outcome.PASS), ("210.00", Outcome.FAIL)])
def test_rows_that_do_not_line_up_are_judged_on_their_sums(last: str, outcome: Outcome) -> None:
    """One cell per line drops the empty cells: 20101 has no 项目支出, 20102 no 基本支出, so
    neither row says which columns its two figures are in. Their sums still add up (600.00 =
    200.00 + 400.00), and a changed figure changes its row's sum."""
    text = (
        "2024年部门支出预算总表\n单位：万元\n"
        "201\n一般公共服务支出\n300.00\n100.00\n200.00\n"
        "20101\n人大事务\n100.00\n100.00\n"
        f"20102\n政协事务\n200.00\n{last}\n"
    )
    (f,) = [f for f in verify(extract(_source(text))).findings if f.rule == "T107"]
    assert f.outcome == outcome
    assert "row sums" in f.subject
    assert f.expected == Decimal("300.00") + (Decimal(last) - Decimal("200.00"))


# -- a budget's explanation ------------------------------------------------------------------

EXPLANATION = (
    "\n第三部分 2024年度部门预算情况说明\n2024年部门预算编制说明\n"
    "    2024年，松岭区网格服务中心收入预算1716.65万元，其中：财政拨款收入1716.65万元，比2023年"
    "预算减少12.30万元；事业收入0.00万元；其他收入0.00万元。\n"
    "    1. “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”{item}万元，"
    "主要用于机关运行。2023年当年预算执行数为\n1100.00万元，2024年预算安排{item}万元，比2023年预算"
    "执行数增加{pct}%。\n"
    "    2. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）"
    "支出 62.08 万元，与上年持平。\n"
)


def _budget(item: str = "1210.40", pct: str = "10.04") -> str:
    return tsv().replace(AFTER, "") + EXPLANATION.format(item=item, pct=pct)


def test_an_items_budget_is_found_in_the_table_that_prints_it() -> None:
    findings = verify(extract(_source(_budget()))).findings
    items = [f for f in findings if f.rule == "P702"]
    assert len(items) == 2  # 行政运行 and 职业年金, each found in the table
    assert all(f.outcome == Outcome.PASS for f in items), [f.message for f in items]


def test_an_items_budget_no_table_prints_is_an_error() -> None:
    findings = verify(extract(_source(_budget(item="1201.40")))).findings
    errors = [f for f in findings if f.rule == "P702" and f.outcome == Outcome.FAIL]
    assert errors and "1201.4" in errors[0].message


@pytest.mark.parametrize("pct,outcome", [("10.04", Outcome.PASS), ("10.40", Outcome.FAIL)])
def test_a_budget_against_last_years_execution(pct: str, outcome: Outcome) -> None:
    """(1210.40 − 1100.00) / 1100.00 = 10.036%, written 10.04%; the sentence wraps a line."""
    (f,) = [f for f in verify(extract(_source(_budget(pct=pct)))).findings if f.rule == "C605"]
    assert f.outcome == outcome


def test_a_change_after_an_item_is_not_one_of_the_parts() -> None:
    """收入预算X，其中：财政拨款收入a，比上年减少d；事业收入b…: d is no part of X."""
    (f,) = [f for f in verify(extract(_source(_budget()))).findings if f.rule == "C602"]
    assert f.outcome == Outcome.PASS
    assert "12.30" not in f.message


THREE_PUBLIC = (
    "十一、2024年度松岭区网格服务中心一般公共预算“三公”经费、会议费、培训费支出预算表\n单位：万元\n"
    "合计\n“三公”经费\n会议费\n培训费\n小计\n因公出国（境）费\n公务用车购置及运行维护费\n公务接待费\n"
    "小计\n公务用车购置费\n公务用车运行维护费\n"
    "{figures}\n"
)


@pytest.mark.parametrize(
    "figures,outcome",
    [
        # 购置费 left empty, unwritten: 合计 62.50 = 三公 40.50 + 会议 12.00 + 培训 10.00,
        # 三公 = 出国 8.00 + 用车 30.00 + 接待 2.50, 用车 = (购置) + 运行 30.00
        ("62.50\n40.50\n8.00\n30.00\n30.00\n2.50\n12.00\n10.00", Outcome.PASS),
        ("62.50\n40.50\n8.00\n30.00\n38.00\n2.50\n12.00\n10.00", Outcome.FAIL),
    ],
)
def test_nested_sums_of_a_row_with_an_unwritten_cell(figures: str, outcome: Outcome) -> None:
    text = THREE_PUBLIC.format(figures=figures)
    found = [f for f in verify(extract(_source(text))).findings if f.rule == "T109"]
    assert found and {f.outcome for f in found} >= {outcome}
    if outcome == Outcome.FAIL:
        failed = next(f for f in found if f.outcome == Outcome.FAIL)
        assert len(failed.spans) == 8  # which cell is wrong cannot be told: every figure


SHANGHAI_THREE_PUBLIC = (
    "部门“三公”经费和机关运行经费预算表\n单位:万元\n2024年“三公”经费预算数\t2024年机关运行经费预算数\n"
    "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\n小计\t购置费\t运行费\n"
    "32.50\t0\t2.50\t30.00\t10.00\t20.00\t{running}\n"
    "\n其他相关情况说明\n\n一、2024年“三公”经费预算情况说明\n"
    "    2024年“三公”经费预算数为32.50万元。其中：公务接待费2.50万元；公务用车购置及运行费30.00万元。\n"
    "    2024年本部门财政拨款的机关运行经费预算为310.25万元。\n"
)


@pytest.mark.parametrize("running,outcome", [("310.25", Outcome.PASS), ("301.25", Outcome.FAIL)])
def test_three_public_and_running_costs_against_their_table(running: str, outcome: Outcome) -> None:
    findings = verify(extract(_source(SHANGHAI_THREE_PUBLIC.format(running=running)))).findings
    amounts = [f for f in findings if f.rule == "P703"]
    assert len(amounts) == 4  # 三公 total, 接待, 用车, 机关运行经费
    running_cost = [f for f in amounts if "机关运行经费" in f.subject]
    assert [f.outcome for f in running_cost] == [outcome]
    assert all(f.outcome == Outcome.PASS for f in amounts if f not in running_cost)


@pytest.mark.parametrize(
    "lines",
    [
        "公开05表\n\n \n财政拨款支出预算表（功能科目） \n",  # a label, blank lines, then the title
        "#### 公开 05 表\n\n### 财政拨款支出预算表（功能科目）\n",
    ],
)
def test_a_label_on_its_own_line_takes_the_title_under_it(lines: str) -> None:
    from extractor.tables.regions import titles

    (found,) = titles("6\n\n" + lines + "单位：万元\n")
    assert found[2].startswith("公开") and found[2].endswith("（功能科目）")
    assert match_template(found[2]) is not None
    assert match_template(found[2]).id == "budget/财政拨款支出"


INCOME_LIST = (
    "二、2024年度松岭区网格服务中心收入预算总表\n单位：万元\n项目名称\t\t金额\n"
    "\t收入总计\t{grand}\n\t小计\t1,700.00\n一般公共预算资金\t公共财政拨款(补助)资金\t1,700.00\n"
    "\t专项收入\t\n\t小计\t16.65\n其他资金\t事业收入\t10.00\n\t其他收入\t6.65\n"
    "上年结转和结余资金\t\t\n\t其中：动用上年结转和结余资金\t\n"
)


@pytest.mark.parametrize("grand,outcome", [("1,716.65", Outcome.PASS), ("1,717.65", Outcome.FAIL)])
def test_a_list_of_subtotals_by_source(grand: str, outcome: Outcome) -> None:
    """收入总计 = Σ 小计 (+ 上年结转), each 小计 = Σ its lines; empty lines add nothing."""
    findings = verify(extract(_source(INCOME_LIST.format(grand=grand)))).findings
    sums = [f for f in findings if f.rule == "T111"]
    assert len(sums) == 3
    grand_total = [f for f in sums if "收入总计" in f.subject]
    assert [f.outcome for f in grand_total] == [outcome]


# -- layouts a reviewer tried that the catalogue does not print (no false alarms) -----------

_COVER = "松岭区网格服务中心2024年度部门预算\n\n第二部分 2024年度部门预算表\n\n"


def _errors(text: str) -> list[str]:
    findings = verify(extract(_source(_COVER + text))).findings
    return [
        f.message for f in findings if f.outcome == Outcome.FAIL and f.severity == Severity.ERROR
    ]


def test_three_public_in_the_national_order_takes_no_shanghai_roles() -> None:
    """合计 | 出国 | 用车 (小计, 购置, 运行) | 接待 | 机关运行经费: as many columns as Shanghai's,
    another order — its header says so, and no column is mistaken for another."""
    text = (
        "八、2024年度一般公共预算“三公”经费支出预算表\n单位：万元\n"
        "合计\t因公出国（境）费\t公务用车购置及运行费小计\t公务用车购置费\t公务用车运行费\t"
        "公务接待费\t机关运行经费\n12.50\t2.00\t8.00\t0.00\t8.00\t2.50\t150.00\n"
        "\n第三部分 2024年度部门预算情况说明\n“三公”经费预算数为12.50万元。其中：公务接待费2.50万元。\n"
    )
    assert _errors(text) == []


@pytest.mark.parametrize(
    "header",
    [
        "科目编码\t科目名称\t合计\t财政拨款小计\t一般公共预算\t政府性基金\t事业收入",  # nested 小计
        "科目编码\t科目名称\t2023年预算数\t2024年预算数\t增幅",  # a rate column
        "科目编码\t科目名称\t上年预算数\t本年预算数",  # two years side by side
    ],
)
def test_a_coded_table_of_another_layout_gets_no_column_sums(header: str) -> None:
    width = header.count("\t") - 1
    figures = {
        5: ("1,530.40\t1,500.00\t1,400.00\t100.00\t30.40", "200.00\t200.00\t200.00\t0.00\t0.00"),
        3: ("1,400.00\t1,530.40\t9.31", "180.00\t186.25\t3.47"),
        2: ("1,400.00\t1,530.40", "180.00\t186.25"),
    }[width]
    text = (
        f"二、2024年部门收入预算总表\n单位：万元\n{header}\n"
        f"201\t一般公共服务支出\t{figures[0]}\n208\t社会保障和就业支出\t{figures[1]}\n"
    )
    assert _errors(text) == []


def test_a_table_continued_under_its_title_is_one_table() -> None:
    head = "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    text = (
        "一、2024年度部门一般公共预算支出预算表\n单位：万元\n"
        + head
        + "\n".join("\t".join(r) for r in ROWS[:4])
        + "\n\n一、2024年度部门一般公共预算支出预算表（续）\n单位：万元\n"
        + head
        + "\n".join("\t".join(r) for r in ROWS[4:])
        + "\n\t"
        + "\t".join(TOTAL)
        + "\n"
    )
    assert _errors(text) == []
    (table,) = read_coded_tables(_COVER + text)
    assert len(table.rows) == len(ROWS) + 1


def test_a_page_number_printed_as_one_is_never_a_cell() -> None:
    rows = "\n".join("\t".join(r) for r in ROWS)
    text = (
        "一、2024年度部门一般公共预算支出预算表\n单位：万元\n"
        + rows.replace("\n208", "\n\n- 5 -\n\n208")
        + "\n\t"
        + "\t".join(TOTAL)
        + "\n"
    )
    assert _errors(text) == []


def test_a_national_final_table_in_markdown_is_its_public_table() -> None:
    """A 部门决算's 一般公共预算财政拨款支出决算表 written as a Markdown pipe table (its header
    over two rows) is 公开05, read as its tab-separated form is (same columns, same rows),
    and 公开05's rules hold."""
    text = (
        "松岭区网格服务中心2024年度部门决算\n\n一般公共预算财政拨款支出决算表\n\n单位：万元\n\n"
        "|功能分类<br>科目编码|科目名称|本年支出|||\n|---|---|---|---|---|\n"
        "|||合计|基本支出|项目支出|\n"
        "|208|社会保障和就业支出|186.25|186.25|0.00|\n"
        "|20805|行政事业单位养老支出|186.25|186.25|0.00|\n"
        "|2080505|机关事业单位基本养老保险缴费支出|186.25|{basic}|0.00|\n"
        "||合计|186.25|186.25|0.00|\n"
    )
    report = extract(_source(text.format(basic="186.25")))
    (table,) = report.tables
    assert table.kind == TableKind.G05
    assert [c.name for c in table.columns] == ["本年支出合计", "基本支出", "项目支出"]
    tabbed = "\n".join(
        line[1:-1].replace("|", "\t").replace("<br>", "") if line.startswith("|") else line
        for line in text.format(basic="186.25").split("\n")
        if not line.startswith("|---")
    )
    (same,) = extract(_source(tabbed)).tables
    assert same.kind == table.kind and same.columns == table.columns
    assert [(r.code, r.name, [c.number.value for c in r.cells if c.number]) for r in same.rows] == [
        (r.code, r.name, [c.number.value for c in r.cells if c.number]) for r in table.rows
    ]
    wrong = text.format(basic="176.25")
    failed = [
        f.rule
        for f in verify(extract(_source(wrong))).findings
        if f.outcome == Outcome.FAIL and f.severity == Severity.ERROR
    ]
    assert "T102" in failed and "T103" in failed  # 款 over 项, and 合计 over its columns
