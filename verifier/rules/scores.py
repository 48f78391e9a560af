"""Family S: the 绩效 score tables (自评表, 评分表) recomputed.

A 自评表 is split over several tables in most conversions (the 年度资金总额 block and the
indicator rows), so sums run over every table of one 自评表: the 总分 row states the total of
all of them, 年度资金总额's 10 points included. A report may hold several 自评表 (部门整体 and
项目): in document order, each 总分 row closes one.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from verifier.check import compare, compare_sum, insufficient, not_applicable
from verifier.numbers import Interval, sum_intervals
from verifier.report import Finding, Number, Report, Row, Severity, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import remembered, unglossed
from verifier.templates import FUND_SPLITS, FundSplit

_KINDS = (TableKind.PERFORMANCE, TableKind.SCORING)

ScoreRow = tuple[Table, Row, Number | None, Number | None]
# S802's two sums: the column's label and its place in a ScoreRow
_SUMS: tuple[tuple[str, Literal[2, 3]], ...] = (("分值", 2), ("得分", 3))


def _col(table: Table, *names: str) -> int | None:
    headers = remembered("score headers", table, _headers)
    for name in names:
        for i, (written, header) in enumerate(headers):
            if written == name or header == name:
                return i
    return None


def _headers(table: Table) -> list[tuple[str, str]]:
    """Each column's name as written and as ``unglossed`` reads it: every table of a report is
    asked for its score columns by several rules."""
    return [(c.name, unglossed(c.name)) for c in table.columns]


def _num(row: Row, col: int | None) -> Number | None:
    if col is None:
        return None
    cell = row.cell(col)
    return cell.number if cell else None


def _score_rows(tables: list[Table]) -> Iterator[ScoreRow]:
    """(table, row, 分值, 得分) for every scored row of ``tables``: a row with neither (a
    其中 line of the budget block, an unscored caption) is not a scored row."""
    for table in tables:
        points = _col(table, "分值")
        score = _col(table, "得分", "自评得分")
        if points is None or score is None:
            continue
        for row in table.rows:
            p, s = _num(row, points), _num(row, score)
            if p is not None or s is not None:
                yield table, row, p, s


def _sheets(report: Report, kind: TableKind) -> list[list[Table]]:
    """The tables of ``kind`` grouped into the 自评表 they belong to: in document order (when
    every table says where it stands), each table holding a 总分 row closes a group."""
    tables = report.tables_of(kind)
    if all(t.span is not None for t in tables):
        tables = sorted(tables, key=lambda t: t.span.start if t.span else 0)
    sheets: list[list[Table]] = [[]]
    for table in tables:
        sheets[-1].append(table)
        if any(r.is_total for r in table.rows):
            sheets.append([])
    return [s for s in sheets if s]


@rule(
    "S801",
    "score-within-points",
    "S",
    "a row's 得分 does not exceed its 分值",
    "An indicator can lose points but never earn more than it is worth.",
)
def score_within_points(r: Rule, report: Report) -> Iterator[Finding]:
    for kind in _KINDS:
        for table, row, points, score in _score_rows(report.tables_of(kind)):
            if row.is_total or points is None or score is None:
                continue
            subject = f"{table.kind.value} {row.name} 得分 ≤ 分值"
            # points and scores are awarded, as S802 reads them (_score_interval): 30 points
            # are exactly 30, and 30.4 is above them
            ok = _score_interval(score).lo <= _score_interval(points).hi
            if ok:
                yield compare(r, subject, score, _score_interval(score), [points])
            else:
                yield compare(
                    r, subject, score, _score_interval(points), [points],
                    detail="a score above its points",
                )  # fmt: skip


@rule(
    "S802",
    "points-and-scores-add-up",
    "S",
    "Σ 分值 and Σ 得分 of the scored rows equal the 总分 row",
    "The 总分 row of each 自评表 states the sum of its scored rows (年度资金总额 included); "
    "rows whose 分值 fall short of it say a row is missing from the table as published.",
)
def totals(r: Rule, report: Report) -> Iterator[Finding]:
    for kind in _KINDS:
        sheets = _sheets(report, kind)
        for sheet in sheets:
            name = sheet[-1].title if len(sheets) > 1 and sheet[-1].title else None
            yield from _sheet_totals(r, kind, sheet, name)


def _sheet_totals(
    r: Rule, kind: TableKind, sheet: list[Table], name: str | None
) -> Iterator[Finding]:
    """S802 on one 自评表: its 总分 row against the sum of its scored rows."""
    rows = list(_score_rows(sheet))
    total = next((x for x in rows if x[1].is_total), None)
    subject = f"{kind.value}{f' {name}' if name else ''} 总分"
    if total is None:
        if rows:
            yield not_applicable(r, subject, "no 总分 row")
        return
    own = [x for x in rows if not x[1].is_total and x[0] is total[0]]
    every = [x for x in rows if not x[1].is_total]
    # templates differ on whether 年度资金总额's points count toward 总分: the sum of the 总分
    # row's own table, or of every scored table of the 自评表, may be the one meant
    candidates = [own] if len(own) == len(every) else [own, every]
    short: Decimal | None = None  # how far Σ 分值 falls short of 总分's 分值, when it does
    for label, idx in _SUMS:
        stated = total[idx]
        if stated is None:
            continue
        best: Finding | None = None
        for items in candidates:
            parts = [n for x in items if (n := x[idx]) is not None]
            if not parts:
                continue
            exact = sum((n.value for n in parts), Decimal(0))
            missing = sum(1 for x in items if x[idx] is None)
            finding = compare(
                r, f"{subject} {label}", stated,
                sum_intervals([_score_interval(n) for n in parts]), parts,
                detail=_why(label, exact, stated, len(parts), missing, short), exact=exact,
            )  # fmt: skip
            if finding.outcome == "pass":
                best = finding
                break
            if best is None or abs(finding.difference or Decimal(0)) < abs(
                best.difference or Decimal(0)
            ):
                best = finding
        if best is None:
            continue
        if label == "分值" and best.outcome != "pass" and (best.difference or 0) > 0:
            short = best.difference
        yield best


def _why(
    label: str, exact: Decimal, stated: Number, read: int, missing: int, short: Decimal | None
) -> str:
    """What a failed sum suggests: Σ 分值 short of 总分 means a row is missing from the table
    as published; Σ 得分 off while Σ 分值 adds up means a score (or 总分) is wrong."""
    rows = f"{read} rows read" + (f", {missing} scored rows have no {label}" if missing else "")
    sums = f"the rows' {label} sum to {_fmt(exact)} while 总分 says {stated.raw}"
    if label == "分值" and exact < stated.value:
        return f"{sums}, so a row may be missing from the table as published ({rows})"
    if label == "得分" and short is not None:
        return (
            f"{sums}; their 分值 fall {_fmt(short)} short of 总分 too, so a row may be missing "
            f"from the table as published ({rows})"
        )
    if label == "得分":
        return f"{sums}, though the 分值 add up: a score or 总分 is wrong ({rows})"
    return f"{sums} ({rows})"


def _fmt(d: Decimal) -> str:
    n = d.normalize()
    return format(n.quantize(Decimal(1)) if n == n.to_integral() else n, "f")


def _score_interval(n: Number) -> Interval:
    """Points and scores are awarded, not measured: a whole number is exact; a score written
    with decimals (9.9) stands for what rounds to it."""
    return Interval.exact(n.value) if n.decimals == 0 else Interval.of_number(n)


@rule(
    "S803",
    "execution-rate",
    "S",
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
            if pct.unit != "%":
                # 0.95 or 95 under 执行率: a ratio or a percent, the figure does not say
                yield insufficient(r, f"{_line_name(row)} 执行率", "written without its %", [pct])
                continue
            line = _line_name(row)
            ratio = Interval.of_number(s) / Interval.of_number(b)
            yield compare(
                r, f"{line} 执行率", pct, ratio, [s, b], unit="%",
                exact=s.value / b.value if b.value else None,
            )  # fmt: skip
            p, sc = _num(row, points), _num(row, score)
            if p is not None and sc is not None and ratio is not None:
                # the score follows the stated rate (capped at full points)
                rate_iv = Interval.of_number(pct)
                capped = Interval(min(rate_iv.lo, Decimal(1)), min(rate_iv.hi, Decimal(1)))
                yield compare(
                    r, f"{line} 得分 = 分值 × 执行率", sc,
                    _score_interval(p) * capped, [p, pct], severity=Severity.WARNING,
                )  # fmt: skip


@rule(
    "S805",
    "fund-splits",
    "S",
    "年度资金总额 按收入性质分 is the sum of its sources, 按支出性质分 of 基本支出 and 项目支出",
    "Under its budget line a Hunan 部门整体支出绩效自评表 splits the year's funds twice, as "
    "label：figure cells: by source (一般公共预算、政府性基金拨款、纳入专户管理的非税收入拨款 …) "
    "and by use (基本支出、项目支出). Each split's lines add up to its own line.",
)
def fund_splits(r: Rule, report: Report) -> Iterator[Finding]:
    names = {split.name for split in FUND_SPLITS}
    for table in report.tables_of(TableKind.PERFORMANCE):
        heads = {split.name: _head(table, split) for split in FUND_SPLITS}
        if not any(heads.values()):
            continue
        stray = next((row for row in table.rows if row.side not in names and row.cells), None)
        if stray is not None:
            what = stray.name or (stray.cells[0].number.raw if stray.cells[0].number else "")
            yield not_applicable(
                r, table.title, f"a line of no known split: {what or stray.cells[0].text}"
            )
            continue
        for split in FUND_SPLITS:
            head = heads[split.name]
            if head is None or not head.cells:
                continue
            subject = f"年度资金总额 {split.name}"
            total = _num(head, 0)
            filled = [
                row
                for row in table.rows
                if row.side == split.name and row is not head and row.cells
            ]
            figures = [n for row in filled if (n := _num(row, 0)) is not None]
            unread = [row.name for row in [head, *filled] if _num(row, 0) is None]
            if unread:
                yield insufficient(
                    r,
                    subject,
                    f"the figure of {'、'.join(unread)} does not read",
                    [total, *figures],
                )
            elif not filled:
                yield not_applicable(r, subject, "none of its lines is filled in")
            else:
                named = f"{subject} = {' + '.join(row.name for row in filled)}"
                yield compare_sum(r, named, total, figures, unit=table.unit)


def _head(table: Table, split: FundSplit) -> Row | None:
    """The split's own line (按收入性质分：X) among the table's rows, if printed once."""
    found = [row for row in table.rows if row.side == split.name and split.is_head(row.name)]
    return found[0] if len(found) == 1 else None


def _line_name(row: Row) -> str:
    """A budget line by its label and, when printed, the header over the labels (年度资金总额
    合计): 合计 alone does not say which."""
    if row.side and row.side not in row.name:
        return f"{row.side} {row.name}"
    return row.name
