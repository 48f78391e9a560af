"""公开07 read from its printed header, and only when its figures line up under it."""

from __future__ import annotations

from decimal import Decimal

from extractor import extract, load
from verifier import verify
from verifier.report import Outcome, TableKind

HEAD = (
    "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待 费\t"
    "合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待 费\n"
    "\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\n"
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
)


def _report(tmp_path, row: str, unit: str = "万元", reception: str = "0.58", prose: str = ""):
    """A 公开06 stating ``unit`` with 30217 公务接待费 ``reception``, and a 公开07 with the
    figures ``row`` and no unit line of its own."""
    text = (
        "某县某中心2023年度部门决算\n\n"
        f"一般公共预算财政拨款基本支出决算表\n\n公开06表\n\n单位：{unit}\n\n"
        "人员经费\t\t\t公用经费\t\t\n"
        f"30101\t基本工资\t120.00\t30217\t公务接待费\t{reception}\n"
        f"人员经费合计\t\t120.00\t公用经费合计\t\t{reception}\n\n"
        "财政拨款“三公”经费支出决算表\n\n公开07表\n\n" + HEAD + row + "\n\n"
        "注：本表反映部门本年度“三公”经费支出预决算情况。\n\n" + prose
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract(load(str(path)))


def test_columns_named_from_the_header_when_every_cell_has_a_figure(tmp_path):
    rep = _report(
        tmp_path, "3.00\t1.00\t1.50\t0.00\t1.50\t0.50\t2.58\t0.00\t2.00\t0.00\t2.00\t0.58"
    )
    (t,) = rep.tables_of(TableKind.G07)
    names = [(c.side, c.name) for c in t.columns]
    assert names[:6] == [
        ("预算数", "合计"),
        ("预算数", "因公出国（境）费"),
        ("预算数", "公务用车购置及运行维护费小计"),
        ("预算数", "公务用车购置费"),
        ("预算数", "公务用车运行维护费"),
        ("预算数", "公务接待费"),
    ]
    assert [n for _, n in names[6:]] == [n for _, n in names[:6]]
    assert t.unit == "万元"
    found = verify(rep).findings
    t106 = [f for f in found if f.rule == "T106"]
    assert t106 and all(f.outcome == Outcome.PASS for f in t106)
    (x308,) = [f for f in found if f.rule == "X308"]
    assert x308.outcome == Outcome.PASS


def test_a_table_without_a_unit_takes_the_reports(tmp_path):
    """5753 could be 万元 by its size; every other table says 元, and so is this one."""
    row = "5753\t0\t0\t0\t0\t5753\t5753\t0\t0\t0\t0\t5753"
    rep = _report(tmp_path, row, unit="元", reception="5,753.00")
    (t,) = rep.tables_of(TableKind.G07)
    assert t.unit == "元" and t.unit_inferred
    assert any("the unit of the report's other tables" in n for n in t.notes)
    (x308,) = [f for f in verify(rep).findings if f.rule == "X308"]
    assert x308.outcome == Outcome.PASS


def test_a_wrong_total_in_a_trusted_row_is_an_error(tmp_path):
    rep = _report(
        tmp_path, "3.00\t1.00\t1.50\t0.00\t1.50\t0.50\t2.68\t0.00\t2.00\t0.00\t2.00\t0.58"
    )
    bad = [f for f in verify(rep).findings if f.rule == "T106" and f.outcome == Outcome.FAIL]
    assert [(f.stated, f.expected) for f in bad] == [(Decimal("2.68"), Decimal("2.58"))]


def test_a_row_with_an_empty_cell_is_not_named_nor_checked(tmp_path):
    """An empty cell may have been dropped by the text export, shifting what follows."""
    rep = _report(tmp_path, "3.00\t\t1.50\t0.00\t1.50\t0.50\t2.58\t0.00\t2.00\t0.00\t2.00\t0.58")
    (t,) = rep.tables_of(TableKind.G07)
    assert all(c.name.startswith("列") for c in t.columns)
    assert any("not named" in n for n in t.notes)
    t106 = [f for f in verify(rep).findings if f.rule == "T106"]
    assert t106 and all(f.outcome == Outcome.NOT_APPLICABLE for f in t106)


def test_budget_and_actual_of_an_item_in_the_prose_against_both_sides(tmp_path):
    """公务接待费支出预算为B万元，支出决算为A万元 in the 三公 情况说明: B is checked against 公开07's
    预算数 公务接待费, A against its 决算数."""
    row = "3.00\t1.00\t1.50\t0.00\t1.50\t0.50\t2.58\t0.00\t2.00\t0.00\t2.00\t0.58"
    rep = _report(
        tmp_path,
        row,
        prose="第三部分\n\n2023年度部门决算情况说明\n\n七、“三公”经费支出决算情况说明\n\n"
        "公务接待费支出预算为0.50万元，支出决算为0.68万元，完成预算的136%。\n",
    )
    p701 = {f.subject: f for f in verify(rep).findings if f.rule == "P701"}
    budget = p701["公务接待费 in the prose against 公开07 预算数.公务接待费"]
    actual = p701["公务接待费 in the prose against 公开07 决算数.公务接待费"]
    assert budget.outcome == Outcome.PASS
    assert actual.outcome == Outcome.FAIL and actual.expected == Decimal("0.58")


def _unaligned_with_prose(tmp_path, sentence: str):
    """A 公开07 whose budget side lost a cell (so its columns are not named), and a 三公
    情况说明 holding ``sentence``."""
    row = "3.00\t\t1.50\t0.00\t1.50\t0.50\t2.58\t0.00\t2.00\t0.00\t2.00\t0.58"
    prose = "第三部分\n\n2023年度部门决算情况说明\n\n七、“三公”经费支出决算情况说明\n\n" + sentence
    rep = _report(tmp_path, row, prose=prose + "\n")
    return [f for f in verify(rep).findings if f.rule == "P701"]


def test_unaligned_table_an_item_matching_some_figure_passes_by_value(tmp_path):
    (budget, actual) = _unaligned_with_prose(
        tmp_path, "公务接待费支出预算为0.50万元，支出决算为0.58万元，完成预算的116%。"
    )
    for f in (budget, actual):
        assert f.outcome == Outcome.PASS and "sought among all its figures" in f.subject


def test_unaligned_table_an_item_matching_no_figure_is_an_error(tmp_path):
    """Wherever the lost cell was, 0.68 is none of 公开07's figures: the prose disagrees."""
    found = _unaligned_with_prose(
        tmp_path, "公务接待费支出预算为0.50万元，支出决算为0.68万元，完成预算的136%。"
    )
    (bad,) = [f for f in found if f.outcome == Outcome.FAIL]
    assert bad.stated == Decimal("0.68") and bad.expected == Decimal("0.58")
    assert "none of 公开07's figures" in bad.message and bad.severity == "error"


def test_unaligned_table_a_zero_item_is_not_judged(tmp_path):
    """A zero may be the blank cell the export dropped: nothing to say either way."""
    found = _unaligned_with_prose(
        tmp_path, "因公出国（境）费支出预算为0万元，支出决算为0万元，与上年持平。"
    )
    assert found and all(f.outcome == Outcome.NOT_APPLICABLE for f in found)
