"""Family P for budgets: an item's budget in the explanation against the tables that print it.

A budget's explanation names its items by 类, 款 and 项 (“一般公共服务支出（类）统计信息事务
（款）专项普查活动（项）”25.77万元, or 法院（款）行政运行（项）支出11786.92万元). The item is a
7-digit 功能分类 row of the coded tables (extractor.tables.grid), found by the names of the row
and its parents; its 合计 is the first figure of the row. Several tables may print the item
(the 收入总表, the 支出总表, a fund's own table), not always with the same scope: the amount
agrees when one of them prints it, and is an error only when none does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from verifier.check import compare, compare_figure, meets, not_applicable
from verifier.numbers import Interval
from verifier.report import ClaimKind, Finding, Number, Report, ReportKind, Row, Table
from verifier.rules.catalogue import Rule, rule
from verifier.rules.grids import figures_of
from verifier.rules.prose import other_year
from verifier.tableview import clean
from verifier.templates import BUDGET_TOTALS, ProseTotal, by_id, variant_of

_MONEY = ("元", "万元", "亿元")


_Index = tuple[dict[str, Row], dict[str, str], dict[str, list[str]]]


def _item_rows(index: _Index, names: list[str]) -> list[Row]:
    """The 项 rows (7-digit codes) of a table (its ``_item_index``) named by ``names`` ([类,]
    款, 项 as the prose writes them, ``_names``): the row's name the 项's, its 5-digit
    parent's the 款's, its 3-digit parent's the 类's, where the table prints those parents."""
    by_code, name_of, items_named = index
    levels = (7, 5, 3)[: len(names)]
    return [
        by_code[code]
        for code in items_named.get(names[-1], ())
        if all(
            name_of.get(code[:n]) == name for n, name in zip(levels, reversed(names), strict=True)
        )
    ]


def _names(path: list[str]) -> list[str]:
    """The names of an item's path as rows are compared (一般公共服务 and 一般公共服务支出
    alike): worked out once a claim, not once a table."""
    return [clean(p).removesuffix("支出") for p in path]


def _item_index(table: Table) -> _Index:
    """A table's coded rows by code (the last row of a code, as a dict comprehension keeps
    it), each code's row name as _item_rows compares it, and the 7-digit codes by that name
    in row order: made once a verification (every claim of an item asks every table)."""
    by_code = {r.code: r for r in table.rows if r.code}
    name_of = {code: clean(row.name).removesuffix("支出") for code, row in by_code.items()}
    items_named: dict[str, list[str]] = {}
    for code in by_code:
        if len(code) == 7:
            items_named.setdefault(name_of[code], []).append(code)
    return by_code, name_of, items_named


@rule(
    "P702",
    "item-amount-in-a-table",
    "P",
    "an item's amount in a budget's explanation is printed by a table that lists the item",
    "A budget's explanation gives each 类/款/项 item's budget; the coded tables print the same "
    "item's 合计. Where several tables list the item (by scope: all funds, one fund), one of "
    "them must print the amount, across units (tables in 元, prose in 万元).",
)
def item_amount(r: Rule, report: Report) -> Iterator[Finding]:
    indexes: list[_Index] | None = None  # the coded tables', made at the first item claim
    for claim in report.claims:
        if claim.kind != ClaimKind.AMOUNT or not (claim.link or "").startswith("功能分类."):
            continue
        stated = claim.numbers.get("value")
        if stated is None or stated.unit not in _MONEY:
            continue
        names = _names((claim.link or "").removeprefix("功能分类.").split("/"))
        if indexes is None:
            indexes = [_item_index(t) for t in report.tables if any(row.code for row in t.rows)]
        subject = f"{claim.subject} in the explanation against the tables"
        figures = [
            f
            for index in indexes
            if names[-1] in index[2]  # the table lists a 项 of that name at all
            for row in _item_rows(index, names)
            if (f := next(iter(figures_of(row)), None)) is not None and f.unit in _MONEY
        ]
        if not figures:
            yield not_applicable(r, subject, "no table lists the item under these names")
            continue
        yield _printed_by_one(r, subject, stated, figures)


def _printed_by_one(r: Rule, subject: str, stated: Number, figures: list[Number]) -> Finding:
    """An amount against the figures that may print it: the first that agrees, else the
    first, the finding made for that one alone (across units: tables in 元, prose in 万元)."""
    unit = stated.unit
    chosen = next((f for f in figures if meets(stated, f, unit)), figures[0])
    return compare_figure(r, subject, stated, chosen, unit=unit)


# The roles of the catalogue's 三公经费 columns that prose names (verifier.templates)
_THREE_PUBLIC_ROLES = (
    ("因公出国", "因公出国(境)费"),
    ("公务接待", "公务接待费"),
    ("购置费", "购置费"),
    ("运行费", "运行费"),
    ("运行维护费", "运行费"),
)


def _role_of(link: str) -> str | None:
    """The catalogue role an amount's link names: 预算表.<role>, or a 三公 item's link."""
    if link.startswith("预算表."):
        role = link.removeprefix("预算表.")
        return "合计" if role == "三公经费合计" else role
    if link.startswith("公开07.决算数."):
        item = link.rsplit(".", 1)[-1]
        return next((role for word, role in _THREE_PUBLIC_ROLES if word in item), None)
    return None


def _catalogued_figure(report: Report, role: str) -> Number | None:
    """The figure of ``role`` in the budget's 三公经费 table (its one row, where the row
    carries every column), or a 机关运行经费 table's 合计."""
    three = [t for t in report.tables if t.template == "budget/三公经费"]
    if len(three) == 1 and len(three[0].rows) == 1:
        table, row = three[0], three[0].rows[0]
        roles = variant_of(by_id(table.template), tuple(c.name for c in table.columns)) or ()
        if role in roles and len(row.cells) == len(roles):
            return row.cells[roles.index(role)].number
    if role == "机关运行经费":
        running = [t for t in report.tables if t.template == "budget/机关运行经费"]
        totals = [r for t in running for r in t.rows if r.is_total and not r.code]
        if len(running) == 1 and len(totals) == 1:
            return next(iter(figures_of(totals[0])), None)
    return None


@rule(
    "P703",
    "amount-in-a-catalogued-table",
    "P",
    "a budget's 三公 or 机关运行经费 amount equals its column of the catalogued table",
    "A budget's explanation restates the 三公 table: its total, each kind of spending, and "
    "(in Shanghai's) the 机关运行经费 beside it; the catalogue (verifier.templates) names "
    "which column holds which. Checked where the table's one row carries every column.",
)
def catalogued_amount(r: Rule, report: Report) -> Iterator[Finding]:
    if not any(t.template in ("budget/三公经费", "budget/机关运行经费") for t in report.tables):
        return
    for claim in report.claims:
        role = _role_of(claim.link or "") if claim.kind == ClaimKind.AMOUNT else None
        stated = claim.numbers.get("value")
        if role is None or stated is None or stated.unit not in _MONEY:
            continue
        subject = f"{claim.subject} in the explanation against the table's {role}"
        cell = _catalogued_figure(report, role)
        if cell is None or cell.unit not in _MONEY:
            yield not_applicable(r, subject, "the table's column was not read")
            continue
        yield compare(
            r, subject, stated, Interval.of_number(cell, unit=stated.unit), [cell], unit=stated.unit
        )


# A line's lead, taken off before its label is matched: 一、 1. （一）
_LINE_LEAD = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])+"
)
_TOTALS = {total.name: total for total in BUDGET_TOTALS}


@rule(
    "P704",
    "budget-total-in-a-table",
    "P",
    "a budget's total named in its explanation (收入预算总计, 支出预算 …) is printed by a line "
    "of its tables",
    "A budget's explanation opens with its totals, each named as the national template names "
    "it: 收入预算总计, 支出预算总计, 财政拨款收入, 财政拨款支出预算, 一般公共预算拨款支出预算. The "
    "收支总表 and the tables after it print them; the catalogue (verifier.templates."
    "BUDGET_TOTALS) says which lines may, and one of them must print the amount.",
)
def budget_total(r: Rule, report: Report) -> Iterator[Finding]:
    if report.kind is not ReportKind.BUDGET:
        return  # a 决算 says 支出预算 of a 三公 item or of an addition: not these totals
    printed: dict[str, list[Number]] = {}
    for claim in report.claims:
        link = claim.link or ""
        if claim.kind != ClaimKind.AMOUNT or not link.startswith("预算说明."):
            continue
        total = _TOTALS.get(link.removeprefix("预算说明."))
        stated = claim.numbers.get("value")
        if total is None or stated is None or stated.unit not in _MONEY:
            continue
        templates = {template for template, _ in total.lines}
        if not any(t.template in templates for t in report.tables):
            continue  # none of the tables that print it was read as one
        subject = f"{total.name} in the explanation against the tables"
        if (year := other_year(report, claim, stated)) is not None:
            yield not_applicable(r, subject, f"a figure of {year}")
            continue
        if total.name not in printed:  # the same totals are said again and again
            printed[total.name] = [f for f in _printed(report, total) if f.unit in _MONEY]
        figures = printed[total.name]
        if not figures:
            yield not_applicable(r, subject, "no line that prints it was read")
            continue
        yield _printed_by_one(r, subject, stated, figures)


def _printed(report: Report, total: ProseTotal) -> list[Number]:
    """The first figure of each line of the catalogued tables that may print ``total``."""
    out = []
    for template, label in total.lines:
        for table in report.tables:
            if table.template != template:
                continue
            for row in table.rows:
                name = _LINE_LEAD.sub("", clean(row.name))
                if re.fullmatch(label, name) and (f := next(iter(figures_of(row)), None)):
                    out.append(f)
    return out
