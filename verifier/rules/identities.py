"""Family I: the balance identities of the two 总表 (公开01 收入支出决算总表 and 公开04
财政拨款收入支出决算总表): totals equal their lines, 收 equals 支, and each fund of 公开04
balances on its own (年初 + 本年收入 = 本年支出 + 年末)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from verifier.check import compare, compare_sum, insufficient, not_applicable, row_sums
from verifier.numbers import Interval
from verifier.report import Finding, Report, Row, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import (
    clean,
    column,
    find_row,
    has_cell,
    side_rows,
    value,
    where,
    written_numbers,
)

INCOME = "收入"
SPENDING = "支出"


def _col(table: Table, side: str, row: Row) -> int | None:
    """The value column of a side (its first one: 金额 / 决算数 / 合计)."""
    for i, c in enumerate(table.columns):
        if c.side == side:
            return i
    nums = [c.column for c in row.cells if c.number is not None]
    return nums[0] if nums else None


def _lines_before(rows: list[Row], stop: Row) -> list[Row]:
    out = []
    for r in rows:
        if r is stop:
            break
        if not r.is_total:
            out.append(r)
    return out


def _index(rows: list[Row], row: Row) -> int:
    """``rows.index(row)``: the first row that is ``row`` or equals it. Rows are compared only
    when their names agree (rows of different names never are equal), so a table of a hundred
    rows is not compared field by field row after row."""
    name = row.name
    for i, r in enumerate(rows):
        if r is row or (r.name == name and r == row):
            return i
    raise ValueError(f"{row!r} is not in list")


def _lines_between(rows: list[Row], start: Row, stop: Row) -> list[Row]:
    i, j = _index(rows, start), _index(rows, stop)
    return [r for r in rows[i + 1 : j] if not r.is_total]


def _sum(
    r: Rule,
    table: Table,
    total: Row | None,
    parts: Sequence[Row | None],
    col: int | None,
    subject: str,
) -> Finding:
    if total is None or col is None or any(p is None for p in parts):
        return insufficient(r, subject, "a line of the identity was not found")
    nums = written_numbers(cast("list[Row]", parts), col)  # no part is None here
    if not nums and not has_cell(total, col):
        return not_applicable(r, subject, "no figure written")
    if not nums:
        return insufficient(r, subject, "no operand written", [value(total, col)])
    return compare_sum(r, subject, value(total, col), nums, unit=table.unit)


def _grand(table: Table, side: str) -> Row | None:
    return find_row(table, "总计", side=side)


def _summaries(report: Report) -> list[Table]:
    """The two 总表 (公开01, 公开04), whose sides balance."""
    return [t for t in report.tables if t.kind in (TableKind.G01, TableKind.G04)]


def _side_cols(table: Table, side: str, row: Row) -> list[int | None]:
    """Every value column of a side (公开04's 支出 by fund), else the one ``_col`` finds."""
    return [i for i, c in enumerate(table.columns) if c.side == side] or [_col(table, side, row)]


def _this_year(
    r: Rule, report: Report, side: str, name: str, every_column: bool
) -> Iterator[Finding]:
    """The row ``name`` (本年收入合计 / 本年支出合计) equals the sum of its side's lines above
    it: in its side's first value column, or in each of them (``every_column``)."""
    for table in _summaries(report):
        rows = side_rows(table, side)
        total = find_row(table, name, side=side)
        if total is None:
            yield insufficient(r, f"{table.kind.value} {name}", "row not found")
            continue
        cols = _side_cols(table, side, total) if every_column else [_col(table, side, total)]
        lines = _lines_before(rows, total)
        for col in cols:
            yield _sum(r, table, total, lines, col, where(table, total, col))


@rule(
    "I201",
    "income-lines",
    "I",
    "本年收入合计 equals the sum of the income lines",
    "The 收入 side of 公开01/04 lists every source of this year's income above its total.",
)
def income_lines(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _this_year(r, report, INCOME, "本年收入合计", every_column=False)


@rule(
    "I202",
    "spending-lines",
    "I",
    "本年支出合计 equals the sum of the expenditure lines",
    "The 支出 side of 公开01/04 lists this year's spending by 功能分类 类 above its total.",
)
def spending_lines(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _this_year(r, report, SPENDING, "本年支出合计", every_column=True)


@rule(
    "I203",
    "grand-total",
    "I",
    "总计 equals this year's total plus balances brought forward or carried over",
    "总计(收) = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余; "
    "总计(支) = 本年支出合计 + 结余分配 + 年末结转和结余.",
)
def grand_total(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _summaries(report):
        for side, this_year in ((INCOME, "本年收入合计"), (SPENDING, "本年支出合计")):
            rows = side_rows(table, side)
            total = _grand(table, side)
            year = find_row(table, this_year, side=side)
            if total is None or year is None:
                yield insufficient(r, f"{table.kind.value} 总计({side})", "row not found")
                continue
            between = _lines_between(rows, year, total)
            if table.kind == TableKind.G04 and side == INCOME:
                # 年初财政拨款结转和结余 is followed by its three funds: count it once.
                head = [b for b in between if "结转" in clean(b.name) or "结余" in clean(b.name)]
                between = head[:1]
            for col in _side_cols(table, side, total):
                yield _sum(r, table, total, [year, *between], col, where(table, total, col))


@rule(
    "I204",
    "balance",
    "I",
    "总计(收) equals 总计(支)",
    "A 总表 balances: everything received and brought forward is spent, distributed or carried over.",
)
def balance(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _summaries(report):
        inc, out = _grand(table, INCOME), _grand(table, SPENDING)
        if inc is None or out is None:
            yield insufficient(r, f"{table.kind.value} 总计", "row not found")
            continue
        yield _cross(r, table, inc, out)


def _cross(r: Rule, table: Table, inc: Row, out: Row) -> Finding:
    ci, co = _col(table, INCOME, inc), _col(table, SPENDING, out)
    if ci is None or co is None:
        return insufficient(r, f"{table.kind.value} 总计", "value column not found")
    return compare_sum(
        r,
        f"{table.kind.value} 总计(收) = 总计(支)",
        value(out, co),
        [value(inc, ci)],
        unit=table.unit,
    )


@rule(
    "I205",
    "fund-columns",
    "I",
    "公开04 合计 column equals the sum of its three fund columns",
    "Each 支出 line of 公开04 is split by fund: 一般公共预算, 政府性基金, 国有资本经营.",
)
def fund_columns(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G04):
        tot = column(table, "合计", side=SPENDING)
        funds = [
            column(table, n, side=SPENDING)
            for n in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
        ]
        parts = [f for f in funds if f is not None]
        if tot is None or not parts:
            yield not_applicable(r, table.kind.value, "fund columns not recognised")
            continue
        yield from row_sums(r, table, side_rows(table, SPENDING), tot, parts)


@rule(
    "I206",
    "fund-carry-over",
    "I",
    "公开08 年末结转和结余 = 年初 + 本年收入 − 本年支出",
    "A fund's balance at year end is what it had, plus what came in, less what was spent.",
)
def fund_carry(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G08):
        cols = [column(table, n) for n in ("年初结转和结余", "本年收入", "小计", "年末结转和结余")]
        if any(c is None for c in cols):
            yield not_applicable(r, table.kind.value, "columns not recognised")
            continue
        a, b, c, d = cols
        for row in table.rows:
            nums = [value(row, x) for x in (a, b, c)]  # type: ignore[arg-type]
            end = value(row, d)  # type: ignore[arg-type]
            if end is None and all(n is None for n in nums):
                continue
            if any(n is None for n in nums):
                yield insufficient(r, where(table, row, d), "an operand is empty", [end, *nums])
                continue
            iv = [Interval.of_number(n, unit=table.unit) for n in nums]  # type: ignore[arg-type]
            yield compare(
                r, where(table, row, d), end, iv[0] + iv[1] - iv[2], nums, unit=table.unit
            )


# 公开04's three funds: the key that names each in a row, and its 支出 column.
FUNDS = (
    ("一般公共预算", "一般公共预算财政拨款"),
    ("政府性基金", "政府性基金预算财政拨款"),
    ("国有资本经营", "国有资本经营预算财政拨款"),
)


def _is_balance(row: Row, when: str) -> bool:
    """A 年初/年末 结转和结余 line (年初财政拨款结转和结余, 年末结转和结余 …)."""
    n = clean(row.name)
    return n.startswith(when) and ("结转" in n or "结余" in n)


def _balance_row(table: Table, side: str, when: str) -> Row | None:
    return next((x for x in side_rows(table, side) if _is_balance(x, when)), None)


def _opening_funds(table: Table, head: Row) -> dict[str, Row]:
    """The fund lines printed under 年初财政拨款结转和结余 (before 总计), by fund key."""
    rows = side_rows(table, INCOME)
    out: dict[str, Row] = {}
    for x in rows[_index(rows, head) + 1 :]:
        if x.is_total:
            break
        for key, _ in FUNDS:
            if key in clean(x.name):
                out.setdefault(key, x)
    return out


def _income_line(table: Table, key: str, stop: Row) -> Row | None:
    """This year's income line of a fund: above 本年收入合计."""
    for x in side_rows(table, INCOME):
        if x is stop:
            return None
        if key in clean(x.name) and not x.is_total:
            return x
    return None


@rule(
    "I207",
    "fund-balance",
    "I",
    "each fund of 公开04: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 (= its 总计)",
    "Each fund's column of 财政拨款收入支出决算总表 balances on its own: what the fund had at the "
    "start (its line under 年初财政拨款结转和结余) plus its income this year is what it spent "
    "(本年支出合计) plus what it carries over (年末), and is the fund's 总计.",
)
def fund_balance(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G04):
        kind = table.kind.value
        year_in = find_row(table, "本年收入合计", side=INCOME)
        year_out = find_row(table, "本年支出合计", side=SPENDING)
        head = _balance_row(table, INCOME, "年初")
        end = _balance_row(table, SPENDING, "年末")
        fund_cols = [column(table, name, side=SPENDING) for _, name in FUNDS]
        if all(c is None for c in fund_cols):
            yield not_applicable(r, kind, "no 支出 column by fund")
            continue
        if year_in is None or year_out is None or head is None or end is None:
            yield insufficient(r, kind, "a 本年 or 年初/年末 line was not found")
            continue
        opening = _opening_funds(table, head)
        if not opening:
            yield insufficient(r, kind, "年初财政拨款结转和结余 is not broken down by fund")
            continue
        grand = _grand(table, SPENDING)
        c_in = _col(table, INCOME, year_in)
        for (key, name), col in zip(FUNDS, fund_cols, strict=True):
            subject = where(table, end, col) if col is not None else f"{kind} {name}"
            if col is None:
                yield not_applicable(r, subject, "no 支出 column for this fund")
                continue
            inc, op = _income_line(table, key, year_in), opening.get(key)
            cells = [(op, c_in), (inc, c_in), (year_out, col), (end, col)]
            written = [x is not None and c is not None and has_cell(x, c) for x, c in cells]
            if not any(written):
                yield not_applicable(r, subject, "nothing of this fund written")
                continue
            nums = [value(x, c) if x is not None and c is not None else None for x, c in cells]
            if not all(written) or any(n is None for n in nums):
                yield insufficient(r, subject, "a line of the fund is empty or missing", nums)
                continue
            a, b, c, stated = nums
            iv = [Interval.of_number(n, unit=table.unit) for n in (a, b, c)]  # type: ignore[arg-type]
            yield compare(r, subject, stated, iv[0] + iv[1] - iv[2], [a, b, c], unit=table.unit)
            if grand is not None and has_cell(grand, col):
                yield compare(
                    r,
                    where(table, grand, col),
                    value(grand, col),
                    iv[0] + iv[1],
                    [a, b],
                    unit=table.unit,
                )


@rule(
    "I208",
    "opening-by-fund",
    "I",
    "公开04 年初财政拨款结转和结余 equals the sum of its fund lines",
    "The balance brought forward is printed once in total and once by fund (一般公共预算, "
    "政府性基金, 国有资本经营) on the lines below it; the total is their sum.",
)
def opening_by_fund(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G04):
        head = _balance_row(table, INCOME, "年初")
        if head is None:
            yield insufficient(r, f"{table.kind.value} 年初财政拨款结转和结余", "row not found")
            continue
        opening = _opening_funds(table, head)
        if not opening:
            yield not_applicable(r, where(table, head), "not broken down by fund")
            continue
        col = _col(table, INCOME, head)
        yield _sum(r, table, head, list(opening.values()), col, where(table, head, col))
