"""A line of a list table that its standard makes the sum of other lines (a 基础数据表's
三公经费 = 公务用车 + 出国 + 公务接待), found by the lines' labels as the catalogue names
them (verifier.templates.LINE_SUMS), checked column by column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from verifier.check import compare_sum, not_applicable
from verifier.report import Finding, Report, Row, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import clean, value, value_columns, where, written_numbers
from verifier.templates import LINE_SUMS

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
    "and 公车运行维护). The catalogue names the lines by their labels; the total line is "
    "their sum in every column of amounts (a rate column is left out).",
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
            if len(found) < len(parts):
                yield not_applicable(
                    r, where(table, total), "not every line it is the sum of is printed"
                )
                continue
            for col in value_columns(table):
                nums = written_numbers(found, col)
                stated = value(total, col)
                if not nums or any(n.unit == "%" for n in [*nums, stated] if n is not None):
                    continue  # a rate or change column (增减率 -14.29%) adds up to nothing
                yield compare_sum(r, where(table, total, col), stated, nums, unit=table.unit)
