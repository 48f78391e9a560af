"""S804 (a 自评表's 一级指标 and the points it declares) and C606 (the years a report names).

S804 reads the indicator framework of the catalogue (verifier.templates.INDICATORS): a row
belongs to the 一级指标 its 二级指标 is listed under, whatever row the 一级指标's label was
printed beside (a merged cell's label lands on one of its rows, in no fixed place).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from verifier.check import compare_sum, insufficient, not_applicable, passed, worded
from verifier.numbers import make_number
from verifier.report import Finding, Number, Outcome, Report, ReportKind, Severity, Span, Table
from verifier.rules.catalogue import Rule, rule
from verifier.rules.scores import _col, _num
from verifier.templates import INDICATORS

_DECLARED = re.compile(r"(产出|效益|满意度|成本)\s*指\s*标\s*[（(]\s*(\d+(?:\.\d+)?)\s*分")
_LEVEL2 = {l2: l1 for l1, l2s in INDICATORS.items() for l2 in l2s}


def _level2(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    for name in sorted(_LEVEL2, key=len, reverse=True):
        # a cell cut by the converter (可持续影响指) still names its indicator
        if t == name or (len(t) >= 4 and name.startswith(t)):
            return name
    return None


def _declared(report: Report, table: Table) -> dict[str, Number]:
    """The points each 一级指标 of the table declares, as written (their spans in the text)."""
    if table.span is None:
        return {}
    out: dict[str, Number] = {}
    for m in _DECLARED.finditer(report.text, table.span.start, table.span.end):
        name = m.group(1) + "指标"
        n = make_number(m.group(2), unit="分", start=m.start(2))
        if name not in out and n is not None:
            out[name] = n
    return out


@rule(
    "S804",
    "indicator-points",
    "S",
    "the rows of a 一级指标 (产出/效益/满意度) are worth the points its heading declares",
    "A 自评表 prints each 一级指标 with its points (产出指标 (50分)); the 分值 of the rows whose "
    "二级指标 belong to it (数量, 质量, 时效, 成本 for 产出, per the 财预〔2020〕10号 framework) add "
    "up to those points. Rows worth more than declared is an error; rows worth less says a "
    "row is missing from the table as published (S802 says so of the whole), not judged here.",
)
def indicator_points(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables:
        level2_col = _col(table, "二级指标")
        points_col = _col(table, "分值")
        if level2_col is None or points_col is None:
            continue  # no indicator table: its text is not searched for declared points
        declared = _declared(report, table)
        if not declared:
            continue
        groups: dict[str, list[Number]] = {name: [] for name in declared}
        current: str | None = None
        unplaced = 0
        for row in table.rows:
            cell = row.cell(level2_col)
            if cell is not None and cell.text.strip():
                # a 二级指标 the framework does not list leaves its rows unplaced
                current = _level2(cell.text)
            points = _num(row, points_col)
            if points is None or row.is_total:
                continue
            if current is None:
                unplaced += 1
                continue
            groups.setdefault(_LEVEL2[current], []).append(points)
        subject_of = f"{table.title or table.kind.value}"
        if unplaced:
            yield insufficient(r, subject_of, f"{unplaced} scored row(s) name no 二级指标")
            continue
        for name, stated in declared.items():
            rows = groups.get(name, [])
            subject = f"{subject_of} {name} ({stated.raw}分)"
            if not rows:
                yield not_applicable(r, subject, "no row of it in the table as published")
                continue
            found = compare_sum(r, subject, stated, rows)
            short = found.difference is not None and found.difference > 0
            if found.outcome == Outcome.FAIL and short:  # fewer points than declared
                why = "its rows are worth less than declared: a row may be missing"
                yield insufficient(r, subject, why)
                continue
            yield found


_DATE = re.compile(r"截至\s*(20\d\d)\s*年\s*12\s*月\s*31\s*日")
_HEADING_YEAR = re.compile(r"(20\d\d)\s*年度?")
_ABOUT_ITSELF = re.compile(r"决算|预算|自评|绩效")


@rule(
    "C606",
    "report-year",
    "C",
    "the years a report names for itself agree with its year",
    "A heading about the report's own accounts (2023年度收入支出决算总体情况说明) names the "
    "report's year, and a 决算's or 自评's 截至X年12月31日 its year's end; a budget's names the "
    "year before (the state the budget starts from) or its own. Another year there is usually "
    "a line carried over from last year's report.",
)
def report_year(r: Rule, report: Report) -> Iterator[Finding]:
    year = report.year
    if year is None:
        yield not_applicable(r, "report", "the report's year is not known")
        return
    budget = report.kind == ReportKind.BUDGET
    found: list[tuple[int, Span, str]] = []
    for s in report.sections:
        if not _ABOUT_ITSELF.search(s.heading) or "执行" in s.heading or "上年" in s.heading:
            continue
        at = report.text.find(s.heading.strip()[:12], s.span.start, s.span.start + 400)
        for m in _HEADING_YEAR.finditer(s.heading):
            start = at + s.heading.strip().find(m.group(1)) if at >= 0 else -1
            if start >= 0:
                found.append((int(m.group(1)), Span(start=start, end=start + 4), "heading"))
    for m in _DATE.finditer(report.text):
        found.append((int(m.group(1)), Span(start=m.start(1), end=m.end(1)), "date"))
    if not found:
        yield not_applicable(r, "report", "no heading or year-end date names a year")
        return
    own = sum(1 for y, _, _ in found if y == year)
    if len(found) >= 3 and own * 2 < len(found):  # most name another: its own year is in doubt
        yield insufficient(r, "report", f"most of them name another year than {year}")
        return
    bad = []
    for y, span, where in found:
        allowed = {year - 1, year} if budget and where == "date" else {year}
        if y not in allowed:
            bad.append((y, span, where))
    for y, span, where in bad:
        yield worded(
            r, Outcome.FAIL, Severity.ERROR, f"{where} {y}",
            f"a {where} names {y} in a report of {year}: "
            f"{report.text[max(0, span.start - 12) : span.end + 16].strip()}",
            spans=[span], stated=Decimal(y), expected=Decimal(year),
        )  # fmt: skip
    if not bad:
        yield passed(r, "report", f"{len(found)} heading(s) and date(s) name {year}")
