"""C607: the changes a list's items state add up, signed, to the change its whole states. Made-up
sentences in the style of a 部门预算's 情况说明."""

from __future__ import annotations

from extractor import extract
from extractor.source import Source
from verifier import verify

WHOLE = "2024年一般公共预算财政拨款支出520.00万元，比2023年减少30.00万元。"


def _c607(text: str) -> list[tuple[str, str]]:
    report = extract(Source(sha256="0" * 64, file_name="budget.txt", format="txt", text=text))
    return [(f.outcome, f.note or "") for f in verify(report).findings if f.rule == "C607"]


def test_signed_changes_of_the_items_make_the_wholes() -> None:
    ok = (
        WHOLE
        + "其中：基本支出400.00万元，比2023年增加20.00万元；项目支出120.00万元，比2023年减少50.00万元。"
    )
    assert [o for o, _ in _c607(ok)] == ["pass"]
    # one item unchanged (一致): it adds nothing
    ok = (
        WHOLE
        + "其中：基本支出400.00万元，与2023年一致；项目支出120.00万元，比2023年减少30.00万元。"
    )
    assert [o for o, _ in _c607(ok)] == ["pass"]
    # a direction word changed: +20 + 50 is no decrease of 30
    wrong = (
        WHOLE
        + "其中：基本支出400.00万元，比2023年增加20.00万元；项目支出120.00万元，比2023年增加50.00万元。"
    )
    assert [o for o, _ in _c607(wrong)] == ["fail"]


def test_a_list_whose_items_state_no_change_is_not_judged() -> None:
    """Most lists say nothing of their items' changes; one item's alone says too little. Not
    applicable, never insufficient (which would keep a report from accept)."""
    for items in (
        "其中：基本支出400.00万元，项目支出120.00万元。",
        "其中：基本支出400.00万元，比2023年增加20.00万元；项目支出120.00万元。",
    ):
        assert [o for o, _ in _c607(WHOLE + items)] in ([], ["not_applicable"]), items
    # against a budget and against last year: not one base
    mixed = (
        WHOLE + "其中：基本支出400.00万元，比2023年预算增加20.00万元；项目支出120.00万元，"
        "比2023年减少50.00万元。"
    )
    assert [o for o, _ in _c607(mixed)] == ["not_applicable"]


def test_a_list_that_is_not_all_of_its_whole_says_nothing_of_its_change() -> None:
    """人员经费 and 公用经费 are 基本支出's, not the whole 支出's: their changes are not its."""
    part = (
        WHOLE + "其中：人员经费300.00万元，比2023年增加20.00万元；公用经费100.00万元，比2023年减少"
        "50.00万元。"
    )
    assert [o for o, _ in _c607(part)] == ["not_applicable"]


def test_a_miss_is_a_warning_and_says_the_signed_changes() -> None:
    """A line 0 this year and left out of the list (因公出国 5.00 last year) makes the changes
    miss while the report is right: a warning for a person, with the changes as worded."""
    t = (
        "2024年“三公”经费财政拨款预算30.00万元，比2023年减少5.00万元。其中：公务接待费12.00万元，"
        "与2023年一致；公务用车购置及运行费18.00万元，与2023年一致。"
    )
    report = extract(Source(sha256="0" * 64, file_name="budget.txt", format="txt", text=t))
    (f,) = [f for f in verify(report).findings if f.rule == "C607"]
    assert (f.outcome, f.severity) == ("fail", "warning")
    assert "the whole 减少 5.00; its items 持平 持平" in f.message


def test_changes_against_two_bases_are_not_added() -> None:
    """比2023年预算 and 比2023年预算执行数, or 比2023年 and 比2022年: two bases."""
    for item_base in ("2023年预算执行数", "2022年"):
        t = (
            "2024年支出520.00万元，比2023年预算减少30.00万元。其中：基本支出400.00万元，"
            f"比{item_base}增加10.00万元；项目支出120.00万元，比{item_base}减少60.00万元。"
        )
        assert [o for o, _ in _c607(t)] == ["not_applicable"], item_base
