"""A line of a list table that its standard makes the sum of other lines (a 基础数据表's
三公经费 = 公务用车 + 出国 + 公务接待), found by the lines' labels as the catalogue names
them (verifier.templates.LINE_SUMS), checked column by column; and a column its standard makes
the ratio of two others (控制率 = 实际在职人数 / 编制数: RATE_COLUMNS), checked row by row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from verifier.check import compare, compare_sum, insufficient, not_applicable
from verifier.numbers import Interval, Number, make_number
from verifier.report import Finding, Outcome, Report, Row, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import clean, has_cell, unglossed, value, value_columns, where
from verifier.templates import LINE_SUMS, RATE_COLUMNS

_LEAD = re.compile(r"^(?:\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|其中[：:]?)+|[：:]$")


def _label(row: Row) -> str:
    return _LEAD.sub("", clean(row.name))


@cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def _lines(table: Table, regex: str) -> list[Row]:
    """The lines whose label the pattern names (one, where the table is as its standard)."""
    return [row for row in table.rows if _pattern(regex).search(_label(row))]


@rule(
    "T114",
    "line-sums",
    "T",
    "a line the standard makes a sum equals the lines it names",
    "Some list tables print a total line and its kinds as lines of their own (a 绩效 "
    "基础数据表: 三公经费, then 公务用车购置和维护经费, 出国经费, 公务接待; 公务用车 then 公车购置 "
    "and 公车运行维护; a 自评表: 年度资金总额, then 其中：当年财政拨款, 上年结转资金, 其他资金). "
    "The catalogue names the lines by their labels; the total line is their sum in every "
    "column of amounts (a rate column is left out).",
)
def line_sums(r: Rule, report: Report) -> Iterator[Finding]:
    for entry in LINE_SUMS:
        for table in report.tables_of(TableKind(entry.kind)):
            totals = _lines(table, entry.total)
            if not totals:
                continue
            parts = [_lines(table, p) for p in entry.parts]
            if len(totals) > 1 or any(len(p) > 1 for p in parts):
                yield not_applicable(r, table.title or entry.kind, "a line is named twice")
                continue
            (total,) = totals
            found = [p[0] for p in parts if p and p[0] is not total]
            if not found:
                continue  # none of its lines printed: not a table laid out this way
            if len(found) < len(parts):
                yield not_applicable(
                    r, where(table, total), "not every line it is the sum of is printed"
                )
                continue
            for col in value_columns(table):
                if col < len(table.columns) and _NOT_AMOUNTS.search(table.columns[col].name):
                    continue  # 执行率（%）, 分值, 得分: figures of the line, not amounts of it
                written = list(_written(found, col))
                nums = [n for n, text in written if text not in _DASHES]
                stated = value(total, col)
                if not nums or any(n.unit == "%" for n in [*nums, stated] if n is not None):
                    continue  # a rate or change column (增减率 -14.29%) adds up to nothing
                found_ = compare_sum(r, where(table, total, col), stated, nums, unit=table.unit)
                if found_.outcome == Outcome.FAIL and _left_blank(found, col):
                    # a line left blank here but filled in elsewhere may be 0 or not filled
                    # in (a 自评表's 全年执行数 by source often is not): a sum short of it
                    # says nothing. A line blank in every column is nothing, as the form has it
                    found_ = insufficient(
                        r, where(table, total, col), "a line is left blank in this column",
                        [stated, *nums],
                    )  # fmt: skip
                yield found_


# Columns whose figures are no amounts, by their headers: a rate (written without its %
# under 执行率（%）), a 自评表's points and score
_NOT_AMOUNTS = re.compile(r"率|[%％]|分值|得分")
_DASHES = frozenset({"-", "—", "——", "－", "/", "／", "无"})  # a line left blank in a column


def _left_blank(rows: list[Row], col: int) -> bool:
    """A line has no cell in the column but one in another."""
    return any(
        not has_cell(row, col) and any(has_cell(row, c.column) for c in row.cells) for row in rows
    )


def _written(rows: list[Row], col: int) -> Iterator[tuple[Number | None, str]]:
    """Each row's cell of the column that is written: its number (None when it does not
    read) and its text, so that a dash, the form's blank, can be told from a misread."""
    for row in rows:
        for cell in row.cells:
            if cell.column == col:
                if cell.number is not None or cell.text.strip():
                    yield cell.number, cell.text.strip()
                break


def _column(table: Table, regex: str) -> int | None:
    """The one column whose header, its closing gloss aside, the pattern names; None for
    none or several."""
    found = [i for i, c in enumerate(table.columns) if _pattern(regex).search(unglossed(c.name))]
    return found[0] if len(found) == 1 else None


def _read(n: Number, counts: bool) -> Interval:
    """A count written whole is exact (6 people); any other figure stands for what rounds
    to it."""
    return Interval.exact(n.value) if counts and n.decimals == 0 else Interval.of_number(n)


def _as_percent(n: Number | None, header: str) -> Number | None:
    """The rate as a percent: written with its %, or under a header that says so (控制率（%）
    over 87.50, which the table's unit would make 87.50人)."""
    if n is None or n.unit == "%":
        return n
    if ("（%）" in header or "(%)" in header) and n.span is not None:
        return make_number(n.raw, unit="%", start=n.span.start, page=n.span.page)
    return None


@rule(
    "T115",
    "rate-columns",
    "T",
    "a column the standard makes a ratio equals its two columns divided",
    "Some tables print a rate beside the two figures it is made of (a 绩效 基础数据表's "
    "财政供养人员情况: 编制数, 实际在职人数, 控制率). The catalogue names the three columns by "
    "their headers; in each row the rate is the one divided by the other.",
)
def rate_columns(r: Rule, report: Report) -> Iterator[Finding]:
    for entry in RATE_COLUMNS:
        for table in report.tables_of(TableKind(entry.kind)):
            rate_col = _column(table, entry.rate)
            part_col = _column(table, entry.part)
            whole_col = _column(table, entry.whole)
            if rate_col is None or part_col is None or whole_col is None:
                continue
            written = clean(table.columns[rate_col].name)  # 控制率（%）: its gloss says %
            rate_name, part_name, whole_name = (
                unglossed(table.columns[i].name) for i in (rate_col, part_col, whole_col)
            )
            for row in table.rows:
                rate = _as_percent(value(row, rate_col), written)
                if rate is None:
                    continue
                part, whole = value(row, part_col), value(row, whole_col)
                label = [row.name] if row.name else []
                subject = " ".join(
                    [table.kind.value, *label, f"{rate_name} = {part_name} / {whole_name}"]
                )
                if part is None or whole is None:
                    yield not_applicable(r, subject, "a figure it is made of is not printed")
                    continue
                if whole.value == 0:
                    yield not_applicable(r, subject, f"{whole_name} is 0: no rate of it")
                    continue
                ratio = _read(part, entry.counts) / _read(whole, entry.counts)
                yield compare(
                    r, subject, rate, ratio, [part, whole], unit="%",
                    exact=part.value / whole.value,
                )  # fmt: skip
