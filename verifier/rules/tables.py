"""Family T: arithmetic inside one table — 合计 rows and columns, the 功能分类 hierarchy
(类 3 digits = Σ 款 5 = Σ 项 7), the 经济分类 blocks of 公开06, and the sums of 公开07."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from verifier.check import column_sums, compare_sum, not_applicable, row_sums
from verifier.report import Finding, Report, Row, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import (
    children_by_code,
    coded_rows,
    column,
    has_cell,
    row_names,
    three_public_columns,
    top_rows,
    total_row,
    value,
    where,
)

FUNCTIONAL = (TableKind.G02, TableKind.G03, TableKind.G05, TableKind.G08, TableKind.G09)
PERSONNEL = ("301", "303")  # 工资福利支出, 对个人和家庭的补助: 人员经费


def _functional(report: Report) -> list[Table]:
    """The 功能分类 tables, whose rows nest by code and whose columns add up to a total."""
    return [t for t in report.tables if t.kind in FUNCTIONAL]


@rule(
    "T101",
    "total-row",
    "T",
    "合计 row equals the sum of the top-level rows",
    "The 合计 line of a 功能分类 table is the sum of its 类 rows (or of the highest level printed).",
)
def total_row_sum(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _functional(report):
        total = total_row(table)
        if total is None or not coded_rows(table):
            yield not_applicable(r, table.kind.value, "no 合计 row or no coded rows")
            continue
        yield from column_sums(r, table, total, top_rows(table))


@rule(
    "T102",
    "code-hierarchy",
    "T",
    "a 类/款 row equals the sum of its 款/项 rows",
    "功能分类 codes nest: a 3-digit 类 is the sum of its 5-digit 款, a 款 of its 7-digit 项.",
)
def hierarchy(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _functional(report):
        rows = coded_rows(table)
        kids_of = children_by_code(rows)
        for parent in rows:
            kids = kids_of.get(parent.code or "")
            if kids:
                yield from column_sums(r, table, parent, kids)


def _total_column(table: Table) -> tuple[int, list[int]] | None:
    """The row-wise total column and the columns that add up to it."""
    if table.kind == TableKind.G08:
        tot = column(table, "小计")
        parts = [c for c in (column(table, "基本支出"), column(table, "项目支出")) if c is not None]
        return (tot, parts) if tot is not None and parts else None
    tot = column(table, "本年收入合计", "本年支出合计", "合计", "小计")
    if tot is None:
        return None
    parts = [i for i in range(len(table.columns)) if i != tot]
    return (tot, parts) if parts else None


@rule(
    "T103",
    "total-column",
    "T",
    "合计 column equals the sum of the other value columns of its row",
    "In 公开02/03/05/08/09 each row's total (合计/小计) is the sum of its columns by source or by kind.",
)
def total_column(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _functional(report):
        found = _total_column(table)
        if found is None:
            yield not_applicable(r, table.kind.value, "no total column recognised")
            continue
        tot, parts = found
        yield from row_sums(r, table, table.rows, tot, parts)


def _g06_column(table: Table, row: Row) -> int | None:
    """The column of the row's first figure (else of its first cell): 公开06 prints each
    line's amount in the column of its block."""
    for c in row.cells:
        if c.number is not None:
            return c.column
    return row.cells[0].column if row.cells else None


@rule(
    "T104",
    "economic-block",
    "T",
    "an 经济分类 block (301, 302 …) equals the sum of its items",
    "In 公开06 each 3-digit 经济分类 款 is the sum of its 5-digit items (301 = Σ 301xx).",
)
def economic_blocks(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G06):
        rows = coded_rows(table)
        kids_of = children_by_code(rows)
        for parent in rows:
            if len(parent.code or "") != 3:
                continue
            kids = kids_of.get(parent.code or "")
            if not kids:
                continue
            col = _g06_column(table, parent)
            if col is None:
                continue
            nums = [value(k, _g06_column(table, k) or col) for k in kids if k.cells]
            if not nums:
                continue
            yield compare_sum(r, where(table, parent), value(parent, col), nums, unit=table.unit)


def _block_total(table: Table, names: tuple[str, ...]) -> Row | None:
    for row, name in zip(table.rows, row_names(table), strict=True):
        if name.startswith(names):
            return row
    return None


@rule(
    "T105",
    "personnel-public",
    "T",
    "人员经费合计 = 301 + 303 and 公用经费合计 = the 302/307/310/399 blocks",
    "公开06 splits 基本支出 into 人员经费 (工资福利, 对个人和家庭的补助) and 公用经费 (the rest).",
)
def personnel_public(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G06):
        top = top_rows(table)
        figured = _figured_codes(table)
        for label, personnel in (("人员经费合计", True), ("公用经费合计", False)):
            total = _block_total(table, (label, label[:4]))
            parts = (
                [t for t in top if (t.code or "")[:3] in PERSONNEL]
                if personnel
                else [t for t in top if (t.code or "")[:3] not in PERSONNEL]
            )
            # a block printed with no figure at all (307 债务利息 left blank with its items) is
            # not present; a block head left blank while its items have figures is missing data
            parts = [p for p in parts if _has_any_figure(figured, p.code or "")]
            if total is None or not parts:
                yield not_applicable(r, f"{table.kind.value} {label}", "row not found")
                continue
            col = _g06_column(table, total)
            nums = [value(p, _g06_column(table, p) or 0) for p in parts]
            yield compare_sum(
                r,
                where(table, total),
                value(total, col) if col is not None else None,
                nums,
                unit=table.unit,
            )


def _figured_codes(table: Table) -> list[str]:
    """The codes of the rows of ``table`` that hold a figure, sorted: collected once per
    table, so that a block is looked up (bisected), not compared with every code."""
    figured: set[str] = set()
    for row in table.rows:
        if row.code:
            for c in row.cells:
                if c.number is not None:
                    figured.add(row.code)
                    break
    return sorted(figured)


def _has_any_figure(figured: list[str], code: str) -> bool:
    """Some row under ``code`` (the block's head or an item of it) holds a figure: some
    figured code starts with ``code``. ``figured`` is ``_figured_codes`` of the table: the
    codes starting with ``code`` sort together, from where ``code`` itself would stand."""
    if not code:
        return False
    i = bisect_left(figured, code)
    return i < len(figured) and figured[i].startswith(code)


@rule(
    "T106",
    "three-public",
    "T",
    "三公 合计 = 出国 + 用车 + 接待, and 用车小计 = 购置 + 运行",
    "公开07 states each of 预算数 and 决算数 as a total of its three kinds of spending.",
)
def three_public(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables_of(TableKind.G07):
        for side in ("预算数", "决算数"):
            cols = three_public_columns(table, side)
            for row in table.rows:
                checks = (("合计", ("出国", "小计", "接待")), ("小计", ("购置", "运行")))
                for total, parts in checks:
                    tc = cols[total]
                    pcs = [cols[p] for p in parts]
                    if tc is None or any(p is None for p in pcs):
                        yield not_applicable(
                            r, f"{table.kind.value} {side} {total}", "columns not all recognised"
                        )
                        continue
                    if not any(has_cell(row, c) for c in (tc, *pcs)):  # type: ignore[arg-type]
                        continue
                    nums = [value(row, c) for c in pcs if has_cell(row, c)]  # type: ignore[arg-type]
                    if not nums:
                        continue
                    yield compare_sum(
                        r,
                        f"{where(table, row, tc)} {side}",
                        value(row, tc),
                        nums,
                        unit=table.unit,
                    )
