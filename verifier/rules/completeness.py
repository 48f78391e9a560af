"""Family R: what a 部门决算 must disclose — the nine standard tables, a stated unit, and,
for an empty 政府性基金 / 国有资本经营 table, the statement that it has no data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from verifier.check import not_applicable, worded
from verifier.report import (
    Finding,
    Outcome,
    Report,
    ReportKind,
    SectionKind,
    Severity,
    Table,
    TableKind,
)
from verifier.rules.catalogue import Rule, rule

STANDARD = [TableKind(f"公开0{i}") for i in range(1, 10)]
# How reports say an empty table is empty: 故本表无数据 / 本表为空表 / 此表为空 / 无收支 /
# 没有…支出.
EMPTY_STATEMENT = re.compile(
    r"无数据|为空表|空表|表为空|无收支|无相关(收支|数据|支出)|没有[^。]{0,40}(收入|支出)"
)
# A figure as tables print amounts: with decimals or thousands separators (a bare integer in a
# table section is as likely a page number or a year).
_AMOUNT = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.])")


def sets_out_nothing(text: str) -> bool:
    """A table section that says it is empty (此表为空), or prints no amount but zeros (its
    header and 合计 0, or a line of a contents page read as a section): nothing to read."""
    if EMPTY_STATEMENT.search(text):
        return True
    return not any(float(m.replace(",", "")) for m in _AMOUNT.findall(text))


def overlaps_any(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Some (start, end) of ``spans`` overlaps [a, b): a table read from a table section. A
    loop over offsets read once, not any() over Spans: asked of every table section (E503,
    verifier.coverage)."""
    for start, end in spans:  # noqa: SIM110
        if start < b and a < end:
            return True
    return False


def _finding(
    r: Rule,
    outcome: Outcome,
    severity: Severity,
    subject: str,
    message: str,
    category: str = "completeness",
) -> Finding:
    """A finding of this family: about what the report discloses, so ``completeness``."""
    return worded(r, outcome, severity, subject, message, category=category)


def _is_final_accounts(report: Report) -> bool:
    return report.kind == ReportKind.FINAL_ACCOUNTS or ReportKind.FINAL_ACCOUNTS in report.kinds


@rule(
    "R401",
    "standard-tables",
    "R",
    "a 部门决算 discloses the nine standard tables 公开01–09",
    "The 部门决算 公开 template requires all nine tables, even when one is empty.",
)
def standard_tables(r: Rule, report: Report) -> Iterator[Finding]:
    if not _is_final_accounts(report):
        yield not_applicable(r, "report", "not a 部门决算")
        return
    found = {t.kind for t in report.tables}
    table_sections = [s for s in report.sections if s.kind == SectionKind.TABLE]
    sections = {s.table_kind for s in table_sections}
    # a table read under a section titled as a 公开 table is that table, whatever reader
    # read it (a converter's Markdown is read as a grid, not by the 公开 layouts)
    spans = [t.span for t in report.tables if t.span is not None]
    found |= {
        s.table_kind
        for s in table_sections
        if s.table_kind is not None
        and (
            any(sp.start < s.span.end and s.span.start < sp.end for sp in spans)
            or sets_out_nothing(report.text[s.span.start : s.span.end])
        )
    }
    for kind in STANDARD:
        if kind in found:
            yield _finding(r, Outcome.PASS, Severity.INFO, kind.value, f"{kind.value} present")
        elif kind in sections:
            yield _finding(
                r,
                Outcome.FAIL,
                Severity.WARNING,
                kind.value,
                f"{kind.value} has a section but no table was read",
                "extraction",
            )
        else:
            yield _finding(
                r, Outcome.FAIL, Severity.WARNING, kind.value, f"{kind.value} is not in the report"
            )


def _empty(t: Table) -> bool:
    return all(c.number is None or c.number.value == 0 for row in t.rows for c in row.cells)


def _after(report: Report, t: Table) -> str:
    """The text from the table to the next table (where its 备注 stands)."""
    if t.span is None:
        return ""
    later = [x.span.start for x in report.tables if x.span and x.span.start > t.span.start]
    end = min(later) if later else min(len(report.text), t.span.end + 600)
    return report.text[t.span.start : max(end, t.span.end)]


@rule(
    "R402",
    "empty-table-statement",
    "R",
    "an empty 公开08/09 carries its 无数据 statement",
    "An empty 政府性基金 or 国有资本经营 table must say why it is empty (故本表无数据).",
)
def empty_statement(r: Rule, report: Report) -> Iterator[Finding]:
    for kind in (TableKind.G08, TableKind.G09):
        for t in report.tables_of(kind):
            if not _empty(t):
                yield not_applicable(r, kind.value, "the table has data")
                continue
            if t.span is None:
                yield not_applicable(r, kind.value, "table has no span to look around")
                continue
            if EMPTY_STATEMENT.search(_after(report, t)):
                yield _finding(
                    r, Outcome.PASS, Severity.INFO, kind.value, f"{kind.value} is empty and says so"
                )
            else:
                yield _finding(
                    r,
                    Outcome.FAIL,
                    Severity.WARNING,
                    kind.value,
                    f"{kind.value} is empty without a 无数据 statement",
                )


@rule(
    "R403",
    "unit-stated",
    "R",
    "a money table states its unit",
    "Without 单位：元 / 万元 a reader cannot tell 5753 元 from 5753 万元.",
)
def unit_stated(r: Rule, report: Report) -> Iterator[Finding]:
    for t in report.tables:
        if t.kind not in STANDARD:
            continue
        if t.unit is not None and not t.unit_inferred:
            yield _finding(r, Outcome.PASS, Severity.INFO, t.kind.value, f"unit {t.unit}")
        else:
            how = f"inferred as {t.unit}" if t.unit else "unknown"
            yield _finding(
                r,
                Outcome.FAIL,
                Severity.INFO,
                t.kind.value,
                f"{t.kind.value} states no unit ({how})",
            )
