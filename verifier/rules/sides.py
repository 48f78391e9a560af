"""T112: the two sides of a 收支总表 each add up.

A 收支总表 is printed as two lists side by side, and converters rarely keep the sides apart:
its lines reach the verifier as labelled lines in reading order, 收入 and 支出 interleaved.
So the lines are told apart by what their labels say, never by where they stand — a line
numbered 一、 that ends in 支出 is a 支出 line by function, unless its name is a use
(基本支出 …); one numbered 一、 that does not is a 收入 line by source, and the 1./（一） lines
after it its parts; the balance lines by their names (verifier.templates.SIDE_LINES). A line
the reader cannot place makes the table's sides unverifiable rather than judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from verifier.check import compare_sum, insufficient
from verifier.report import Finding, Number, Outcome, Report, Row, Table
from verifier.rules.catalogue import Rule, rule
from verifier.rules.grids import _grids, figures_of, label_of, unreadable
from verifier.templates import SIDE_LINES

_TOP = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB = re.compile(r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]+[）)])")


@dataclass
class Sides:
    """A 收支总表's lines, placed."""

    income_total: Row | None = None
    spending_total: Row | None = None
    income_sub: Row | None = None
    spending_sub: Row | None = None
    sources: list[tuple[Row, list[Row]]] = field(default_factory=list)  # 一、… and its 1. …
    functions: list[Row] = field(default_factory=list)
    uses: list[Row] = field(default_factory=list)
    forward: list[Row] = field(default_factory=list)
    over: list[Row] = field(default_factory=list)
    unplaced: list[Row] = field(default_factory=list)


def _ends(name: str, kind: str) -> bool:
    return name.endswith(SIDE_LINES[kind])


def place(table: Table) -> Sides:
    """Each line with a figure, placed by its label (see the module's docstring)."""
    s = Sides()
    for row in table.rows:
        if not figures_of(row) or "其中" in row.name:
            continue
        # (re.sub(r"\s+", "", …), without the pattern's machinery: see tableview.clean)
        name = "".join(row.name.split())
        bare = _SUB.sub("", _TOP.sub("", name))
        if name.endswith("收入总计"):
            s.income_total = row
        elif name.endswith("支出总计"):
            s.spending_total = row
        elif _ends(name, "income-subtotal"):
            s.income_sub = row
        elif _ends(name, "spending-subtotal"):
            s.spending_sub = row
        elif name.endswith("收入合计") and s.income_total is None:
            s.income_total = row
        elif name.endswith("支出合计") and s.spending_total is None:
            s.spending_total = row
        elif name.endswith("总计") and s.income_total is None:
            s.income_total = row
        elif name.endswith("总计") and s.spending_total is None:
            s.spending_total = row
        elif _ends(name, "forward"):
            s.forward.append(row)
        elif _ends(name, "over"):
            s.over.append(row)
        elif (_TOP.match(name) or _SUB.match(name)) and bare.endswith(SIDE_LINES["use"]):
            s.uses.append(row)
        elif _TOP.match(name) and bare.endswith("支出"):
            s.functions.append(row)
        elif _TOP.match(name):
            s.sources.append((row, []))
        elif _SUB.match(name) and s.sources and not bare.endswith("支出"):
            s.sources[-1][1].append(row)
        else:
            s.unplaced.append(row)
    return s


def _misplaced(r: Rule, table: Table, lists: list[Finding]) -> list[Finding]:
    """The lists' sums, unless two of them miss by the same amount in opposite directions:
    then one figure was read on the wrong list (a label wrapped over two lines pairs its
    figure with the line beside it), and neither sum is judged."""
    failed = [f for f in lists if f.outcome == Outcome.FAIL and f.difference is not None]
    for a, b in combinations(failed, 2):
        assert a.difference is not None and b.difference is not None
        assert a.tolerance is not None and b.tolerance is not None
        if abs(a.difference + b.difference) <= a.tolerance + b.tolerance:
            why = (
                f"{a.subject.split(': ')[-1]} and {b.subject.split(': ')[-1]} miss by"
                f" {abs(a.difference)} in opposite directions: a figure was read on the wrong"
                " list (a label wrapped over two lines), so neither is judged"
            )
            return [insufficient(r, f.subject, why) if f in (a, b) else f for f in lists]
    return lists


def _at(row: Row, column: int) -> Number | None:
    for c in row.cells:
        if c.column == column:
            return c.number
    return None


def _base(sub: Row | None, total: Row | None, balances: list[Row]) -> Row | None:
    """This year's side total: its own line, or the side's total when no balance is
    printed beside it."""
    return sub if sub is not None else (total if not balances else None)


def _sum(r: Rule, table: Table, what: str, total: Row, parts: list[Row]) -> Iterator[Finding]:
    columns = sorted({c.column for c in total.cells if c.number is not None})
    for column in columns:
        figures = [n for p in parts if (n := _at(p, column)) is not None]
        stated = _at(total, column)
        if not figures or stated is None:
            continue
        where = f"{label_of(table)}: {total.name.strip()} = {what}"
        if len(columns) > 1:
            where += f" [column {column + 1}]"
        yield compare_sum(r, where, stated, figures, unit=table.unit)


@rule(
    "T112",
    "grid-sides",
    "T",
    "each side of a 收支总表 adds up: its lines make this year's total, and that total with"
    " the balances makes the side's 总计",
    "The 收入 side lists this year's receipts by source (一、财政拨款 with its 1. 一般公共预算 …),"
    " the 支出 side this year's spending by function (一、一般公共服务支出 …) and, in many "
    "budgets, again by use (基本支出, 项目支出); each list sums to its side's 小计 or 本年合计, "
    "and that plus 上年结转 (or 结转下年) is the side's 总计. Lines are placed by their names, "
    "so a side the converter interleaved with the other is still summed right.",
)
def grid_sides(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "sides"):
        s = place(table)
        rows = [row for row in table.rows if figures_of(row)]
        if unreadable(rows):
            continue
        if s.unplaced:
            names = "、".join(row.name.strip()[:12] for row in s.unplaced[:3])
            yield insufficient(r, label_of(table), f"lines not placed on a side: {names}")
            continue
        spending = _base(s.spending_sub, s.spending_total, s.over)
        income = _base(s.income_sub, s.income_total, s.forward)
        lists: list[Finding] = []
        if spending is not None and s.functions:
            lists += _sum(r, table, "Σ 支出 by function", spending, s.functions)
        if spending is not None and s.uses:
            lists += _sum(r, table, "Σ 支出 by use", spending, s.uses)
        if income is not None and s.sources:
            lists += _sum(r, table, "Σ 收入 by source", income, [top for top, _ in s.sources])
        yield from _misplaced(r, table, lists)
        for top, parts in s.sources:
            if parts:
                yield from _sum(r, table, "Σ its parts", top, parts)
        if s.income_sub is not None and s.income_total is not None:
            yield from _sum(
                r, table, "本年收入 + balances brought forward", s.income_total,
                [s.income_sub, *s.forward],
            )  # fmt: skip
        if s.spending_sub is not None and s.spending_total is not None:
            yield from _sum(
                r, table, "本年支出 + balances carried over", s.spending_total,
                [s.spending_sub, *s.over],
            )  # fmt: skip
