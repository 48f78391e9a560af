"""P704: a budget's totals as its 情况说明 names them, against the lines that print them."""

from __future__ import annotations

from extractor import extract
from extractor.claims.budgets import budget_totals
from extractor.source import Source
from verifier import verify
from verifier.rules.examples import _BUDGET_TOTALS


def _totals(text: str) -> list[tuple[str | None, str]]:
    return [(c.subject, c.numbers["value"].raw) for c in budget_totals(text, 0, len(text))]


def _p704(text: str) -> dict[str, str]:
    report = extract(Source(sha256="0" * 64, file_name="预算.txt", format="txt", text=text))
    return {
        f.subject.split(" in ")[0]: f.outcome for f in verify(report).findings if f.rule == "P704"
    }


def test_the_totals_are_read_by_their_names():
    text = (
        "收入预算1,736.65万元，其中：财政拨款收入1,716.65万元；支出预算1,736.65万元，其中："
        "财政拨款支出预算1,716.65万元。财政拨款支出预算中，一般公共预算拨款支出预算1,716.65万元，"
        "政府性基金拨款支出预算0.00万元。"
    )
    assert _totals(text) == [
        ("收入预算总计", "1,736.65"),
        ("支出预算总计", "1,736.65"),
        ("财政拨款收入预算", "1,716.65"),
        ("财政拨款支出预算", "1,716.65"),
        ("一般公共预算拨款支出预算", "1,716.65"),
    ]  # 政府性基金拨款支出预算 is a part, no total


def test_spread_letters_and_a_wrapped_line():
    """A PDF's justified line spreads its letters; a line may wrap inside the words."""
    text = "本部门2024年度收 入 、 支 出 预 算 总 计\n1,736.65 万元。一般公共预\n算拨款支出预算1,716.65万元。"
    assert _totals(text) == [("收支预算总计", "1,736.65"), ("一般公共预算拨款支出预算", "1,716.65")]


def test_a_change_of_a_total_is_not_the_total():
    assert _totals("与上年相比收、支预算总计各增加 120.00 万元。") == []


def test_the_example_agrees_with_one_of_the_lines():
    assert _p704(_BUDGET_TOTALS.format(total="1,736.65")) == {
        "收入预算总计": "pass",  # the 收入合计 (the 当年收入小计 is 1,716.65)
        "财政拨款收入预算": "pass",
    }
    assert _p704(_BUDGET_TOTALS.format(total="1,716.65"))["收入预算总计"] == "pass"  # 当年
    assert _p704(_BUDGET_TOTALS.format(total="1,763.65"))["收入预算总计"] == "fail"


def test_no_budget_table_no_finding():
    """A 决算's words may be the same; without a budget's tables nothing is asked."""
    assert _p704("2024年度部门决算\n收入预算总计1,736.65万元。\n") == {}


def test_what_stands_before_the_words_makes_another_total():
    """Review: each of these was read as the whole total, and failed against it."""
    for sentence in (
        "人员支出预算30.00万元。",
        "上级补助收入预算20.00万元。",
        "对附属单位补助支出预算10.00万元。",
        "一般公共服务支出预算500.00万元。",
        "压减了本级干警培训费支出预算35.00万元。",
        "局机关收入预算800.00万元，下属事业单位收入预算936.65万元。",
        "本级一般公共预算收入预算900.00万元。",
        "比2023年财政拨款收入1,500.00万元减少。",
        "政府性基金拨款\n24\n支出预算0.00万元。",  # a page number inside the words
    ):
        assert _totals(sentence) == [], sentence


def test_a_total_on_a_line_after_a_heading():
    text = "一、收支预算总表情况说明\n2024年度收入、支出预算总计1,736.65万元。"
    assert _totals(text) == [("收支预算总计", "1,736.65")]


def test_another_year_s_total_is_not_judged():
    text = _BUDGET_TOTALS.format(total="1,736.65").replace(
        "松岭区网格服务中心2024年收入预算总计1,736.65万元", "2023年收入预算总计1,500.00万元"
    )
    assert _p704(text)["收入预算总计"] == "not_applicable"


def test_this_year_s_line_by_other_labels():
    for label in ("本年收入", "收入小计"):
        text = _BUDGET_TOTALS.format(total="1,716.65").replace("当年收入小计", label)
        assert _p704(text)["收入预算总计"] == "pass", label


def test_a_final_accounts_report_is_not_asked():
    text = _BUDGET_TOTALS.format(total="1,763.65").replace("部门预算", "部门决算")
    assert _p704(text) == {}
