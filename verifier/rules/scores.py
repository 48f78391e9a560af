"""Family S: the 绩效 score tables (自评表, 评分表) recomputed.

A 自评表 is split over several tables in most conversions (the 年度资金总额 block and the
indicator rows), so sums run over every table of one kind in the report: the 总分 row states
the total of all of them, 年度资金总额's 10 points included.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from verifier.check import compare, not_applicable
from verifier.numbers import Interval, sum_intervals
from verifier.report import Finding, Number, Report, Row, Severity, Table, TableKind
from verifier.rules.catalogue import Rule, rule

_KINDS = (TableKind.PERFORMANCE, TableKind.SCORING)


def _col(table: Table, *names: str) -> int | None:
    for name in names:
        for i, c in enumerate(table.columns):
            if c.name == name:
                return i
    return None


def _num(row: Row, col: int | None) -> Number | None:
    if col is None:
        return None
    cell = row.cell(col)
    return cell.number if cell else None


def _score_rows(report: Report, kind: TableKind):
    """(table, row, 分值, 得分) for every scored row of the report's tables of ``kind``."""
    for table in report.tables_of(kind):
        points = _col(table, "分值")
        score = _col(table, "得分", "自评得分")
        if points is None or score is None:
            continue
        for row in table.rows:
            yield table, row, _num(row, points), _num(row, score)


@rule(
    "S801",
    "score-within-points",
    "scores",
    "a row's 得分 does not exceed its 分值",
    "An indicator can lose points but never earn more than it is worth.",
)
def score_within_points(r: Rule, report: Report) -> Iterator[Finding]:
    for kind in _KINDS:
        for table, row, points, score in _score_rows(report, kind):
            if row.is_total or points is None or score is None:
                continue
            subject = f"{table.kind.value} {row.name} 得分 ≤ 分值"
            ok = Interval.of_number(score).lo <= Interval.of_number(points).hi
            if ok:
                yield compare(r, subject, score, Interval.of_number(score), [points])
            else:
                yield compare(
                    r, subject, score, Interval.of_number(points), [points],
                    detail="a score above its points",
                )  # fmt: skip


@rule(
    "S802",
    "points-and-scores-add-up",
    "scores",
    "Σ 分值 and Σ 得分 of the scored rows equal the 总分 row",
    "The 总分 row states the sum of every scored row (年度资金总额 included); a row missing from "
    "the table as published shows up here.",
)
def totals(r: Rule, report: Report) -> Iterator[Finding]:
    for kind in _KINDS:
        rows = list(_score_rows(report, kind))
        total = next((x for x in rows if x[1].is_total), None)
        if total is None:
            if rows:
                yield not_applicable(r, f"{kind.value} 总分", "no 总分 row")
            continue
        own = [x for x in rows if not x[1].is_total and x[0] is total[0]]
        every = [x for x in rows if not x[1].is_total]
        for label, idx in (("分值", 2), ("得分", 3)):
            stated = total[idx]
            if stated is None:
                continue
            # templates differ on whether 年度资金总额's points count toward 总分: the sum of the
            # 总分 row's own table, or of every scored table, may be the one meant
            candidates = [own] if own is every or len(own) == len(every) else [own, every]
            best = None
            for items in candidates:
                parts = [x[idx] for x in items if x[idx] is not None]
                if not parts:
                    continue
                missing = sum(1 for x in items if x[idx] is None)
                detail = (
                    f"{len(parts)} rows read; {missing} scored rows have no {label}"
                    if missing
                    else f"{len(parts)} rows read: if the table as published lacks a row, "
                    "this is it"
                )
                recomputed = sum_intervals([_score_interval(n) for n in parts])
                finding = compare(
                    r, f"{kind.value} 总分 {label}", stated, recomputed, parts, detail=detail,
                    exact=sum((n.value for n in parts), Decimal(0)),
                )  # fmt: skip
                if best is None or finding.outcome == "pass":
                    best = finding
                if finding.outcome == "pass":
                    break
            if best is not None:
                yield best


def _score_interval(n: Number) -> Interval:
    """Points and scores are awarded, not measured: a whole number is exact; a score written
    with decimals (9.9) stands for what rounds to it."""
    return Interval.exact(n.value) if n.decimals == 0 else Interval.of_number(n)


@rule(
    "S803",
    "execution-rate",
    "scores",
    "执行率 = 全年执行数 / 全年预算数, and 得分 = 分值 × 执行率",
    "The budget line of a 自评表 scores execution: its rate and its score follow from its figures.",
)
def execution(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.PERFORMANCE):
        spent, budget = _col(table, "全年执行数"), _col(table, "全年预算数")
        rate, points, score = _col(table, "执行率"), _col(table, "分值"), _col(table, "得分")
        if None in (spent, budget, rate):
            continue
        for row in table.rows:
            s, b, pct = _num(row, spent), _num(row, budget), _num(row, rate)
            if s is None or b is None or pct is None:
                continue
            ratio = Interval.of_number(s) / Interval.of_number(b)
            yield compare(
                r, f"{row.name} 执行率", pct, ratio, [s, b], unit="%",
                exact=s.value / b.value if b.value else None,
            )  # fmt: skip
            p, sc = _num(row, points), _num(row, score)
            if p is not None and sc is not None and ratio is not None:
                # the score follows the stated rate (capped at full points)
                rate_iv = Interval.of_number(pct)
                capped = Interval(min(rate_iv.lo, Decimal(1)), min(rate_iv.hi, Decimal(1)))
                yield compare(
                    r, f"{row.name} 得分 = 分值 × 执行率", sc,
                    _score_interval(p) * capped, [p, pct], severity=Severity.WARNING,
                )  # fmt: skip
