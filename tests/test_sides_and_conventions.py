"""Each side of a 收支总表 adds up (T112), and a budget written as entered is summed exactly.

The documents are made up for the project (a fictional 松岭区网格服务中心), written as the
converters print them.
"""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.source import Source
from tests.conftest import error_rules_at
from verifier import verify
from verifier.conventions import written_as_entered
from verifier.report import Finding, Outcome

_COVER = "松岭区网格服务中心2024年度部门预算\n\n第二部分 2024年度部门预算表\n\n"


def _findings(text: str) -> list[Finding]:
    source = Source(sha256="0" * 64, file_name="budget.txt", format="txt", text=_COVER + text)
    return verify(extract(source)).findings


def _errors_at(findings: list[Finding], text: str, figure: str) -> list[str]:
    """The rules of the error findings whose spans cover ``figure`` (its first place)."""
    return error_rules_at(findings, len(_COVER) + text.index(figure))


# -- T112: the two sides of a 收支总表 ------------------------------------------------------

SIDES = (
    "一、2024年度松岭区网格服务中心收支预算总表\n单位：万元\n"
    "收入\t\t支出\t\t\t\n"
    "项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额\n"
    "一、财政拨款\t{grant}\t一、一般公共服务支出\t1,210.40\t一、基本支出\t1,396.65\n"
    "1.一般公共预算\t1,716.65\t二、社会保障和就业支出\t186.25\t二、项目支出\t{project}\n"
    "二、财政专户管理资金\t\t三、住房保障支出\t{housing}\t\t\n"
    "当年收入小计\t1,716.65\t当年支出小计\t1,716.65\t\t\n"
    "上年结转资金\t20.00\t结转下年资金\t20.00\t\t\n"
    "收入合计\t1,736.65\t支出合计\t1,736.65\t\t\n"
)
GOOD = {"grant": "1,716.65", "project": "320.00", "housing": "320.00"}


def _sides(**changed: str) -> str:
    return SIDES.format(**{**GOOD, **changed})


def test_both_sides_add_up() -> None:
    t112 = [f for f in _findings(_sides()) if f.rule == "T112"]
    subjects = " | ".join(f.subject for f in t112)
    for part in ("by function", "by use", "by source", "Σ its parts", "brought forward"):
        assert part in subjects
    assert {f.outcome for f in t112} == {Outcome.PASS}


@pytest.mark.parametrize(
    "changed,figure",
    [({"housing": "330.00"}, "330.00"), ({"project": "321.00"}, "321.00"),
     ({"grant": "1,706.65"}, "1,706.65")],
)  # fmt: skip
def test_a_changed_line_is_an_error_at_that_line(changed: dict[str, str], figure: str) -> None:
    text = _sides(**changed)
    assert "T112" in _errors_at(_findings(text), text, figure)


def test_a_figure_read_on_the_other_list_is_not_judged() -> None:
    """A use line's label wrapped over two rows leaves its figure beside a function line: the
    two lists of 支出 miss by the same figure in opposite directions, and neither is judged."""
    text = (
        SIDES.format(**GOOD)
        .replace("一、基本支出\t1,396.65", "一、基本支出\t1,386.65")
        .replace(
            "二、财政专户管理资金\t\t", "\t\t\t\t三、单位预留机动经\t\n二、财政专户管理资金\t\t"
        )
        .replace(
            "三、住房保障支出\t320.00\t\t\n",
            "三、住房保障支出\t320.00\t\t\n\t\t四、其他支出\t\t\t10.00\n\t\t\t\t费\t\n",
        )
    )
    findings = _findings(text)
    t112 = [f for f in findings if f.rule == "T112"]
    assert not [f for f in t112 if f.outcome == Outcome.FAIL]
    assert any(f.outcome == Outcome.INSUFFICIENT_DATA for f in t112)


# -- written as entered: sums exact where the figures are round -----------------------------


def _basic_table(items: list[str], group: str) -> str:
    """A 基本支出 table of one 经济分类 group (302) and its items."""
    rows = [f"{30201 + k}\t项目{k + 1}费\t{v}" for k, v in enumerate(items)]
    total = group
    return (
        "六、2024年度松岭区网格服务中心一般公共预算基本支出预算表\n单位：万元\n"
        "科目编码\t科目名称\t金额\n"
        f"\t合计\t{total}\n302\t商品和服务支出\t{group}\n" + "\n".join(rows) + "\n"
    )


ROUND_ITEMS = [f"{10 * (k + 1)}.00" for k in range(24)] + ["13.57", "2.46"]  # 3,016.03
ROUND_SUM = "3,016.03"


def test_round_figures_are_counted() -> None:
    source = Source(
        sha256="0" * 64, file_name="b.txt", format="txt", text=_COVER + _basic_table(
            ROUND_ITEMS, ROUND_SUM
        )
    )  # fmt: skip
    round_figures, figures = written_as_entered(extract(source))
    assert figures == 27 and round_figures == 24  # 3,016.03 and the two odd items are not


def test_a_sum_off_by_a_cent_is_an_error_where_figures_are_entered_as_written() -> None:
    items = [*ROUND_ITEMS[:-1], "2.47"]  # sums to 3,016.04; the table says 3,016.03
    text = _basic_table(items, ROUND_SUM)
    findings = _findings(text)
    failed = [f for f in findings if f.rule == "T107" and f.outcome == Outcome.FAIL]
    assert failed and "written as entered" in failed[0].message
    assert "T107" in _errors_at(findings, text, "2.47")


def test_a_sum_off_by_a_cent_is_rounding_where_figures_were_rounded() -> None:
    """The same miss among figures that end anywhere (rounded from 元): 尾数误差."""
    items = [f"{10 * (k + 1)}.{(37 * k) % 89 + 10}" for k in range(26)]
    exact = sum(int(v.replace(".", "")) for v in items)
    text = _basic_table(items, f"{(exact + 1) // 100:,}.{(exact + 1) % 100:02d}")
    t107 = [f for f in _findings(text) if f.rule == "T107"]
    assert t107 and {f.outcome for f in t107} == {Outcome.PASS}


def test_two_unrelated_misses_are_rounding_even_among_round_figures() -> None:
    """A second, independent miss within rounding shows the figures were rounded after all."""
    table = _basic_table([*ROUND_ITEMS[:-1], "2.47"], ROUND_SUM)
    other = (
        "七、2024年度松岭区网格服务中心机关运行经费支出预算表\n单位：万元\n"
        "科目编码\t科目名称\t金额\n\t合计\t40.01\n302\t商品和服务支出\t40.01\n"
        "30201\t办公费\t25.33\n30205\t水费\t14.67\n"
    )
    failed = [f for f in _findings(table + other) if f.rule == "T107" and f.outcome == Outcome.FAIL]
    assert not failed
