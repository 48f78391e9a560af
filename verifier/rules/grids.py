"""Family T, for every table the 公开 layouts do not cover: the identities of a coded grid.

A budget's tables, a converter's Markdown, a one-cell-per-line page: whatever its kind, a
table with 功能分类/经济分类 codes obeys the same arithmetic — a 类 is the sum of its 款, a
款 of its 项, the 合计 row the sum of the top level — and the catalogue (verifier.templates)
says which tables also total their columns (合计 = 基本支出 + 项目支出 …). These rules need
no knowledge of the document beyond the grid.

A cell left empty is not written in every text form, so a row's cells may not line up with
the table's columns (extractor.tables.grid numbers them by their order). Where every row of
a check carries as many figures as the table is wide, the check is made column by column;
where one does not, it is made on the sums of whole rows: if every column adds up, so do the
rows' totals, and a changed figure changes its row's total just the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations

from verifier.check import (
    compare,
    compare_sum,
    insufficient,
    not_applicable,
    row_sums,
    sum_holds,
    sums_down,
)
from verifier.numbers import Interval, sum_intervals
from verifier.report import Finding, Number, Outcome, Report, Row, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import (
    Line,
    children_by_code,
    coded_rows,
    line_of,
    lines,
    roots,
    where,
)
from verifier.templates import by_id, sums_for, variant_of

# Tables whose kind has its own layout rules (T101–T106) are left to them.
_OWN_RULES = frozenset(
    {
        TableKind.G01,
        TableKind.G02,
        TableKind.G03,
        TableKind.G04,
        TableKind.G05,
        TableKind.G06,
        TableKind.G07,
        TableKind.G08,
        TableKind.G09,
    }
)


def _grids(report: Report, identity: str) -> Iterator[Table]:
    """The tables ``identity`` holds for: those the catalogue lists it for, and, for the
    identities that need no template (the code hierarchy and its 合计), every other table."""
    for table in report.tables:
        if table.kind in _OWN_RULES or not table.additive:
            continue
        template = by_id(table.template)
        if template is None:
            if identity in _TEMPLATE_FREE:
                yield table
        elif identity in template.identities:
            yield table


_TEMPLATE_FREE = ("hierarchy", "total-row")


def figures_of(row: Row) -> list[Number]:
    return [c.number for c in row.cells if c.number is not None]


def _width(rows: Sequence[Row]) -> int:
    return max((len(r.cells) for r in rows), default=0)


def _lines_up(x: Line, width: int) -> bool:
    """The row of ``x`` carries a figure in each of ``width`` columns, and nothing else."""
    return len(x.figures) == width and x.cells == width


def unreadable(rows: Sequence[Row]) -> bool:
    """A cell the reader kept but could not read as a figure (754.|75, cut by a converter)."""
    return any(c.number is None for r in rows for c in r.cells)


def _sum_check(
    r: Rule, table: Table, total: Row, parts: Sequence[Row], known: dict[int, Line]
) -> Iterator[Finding]:
    """total = Σ parts, by column where the rows line up, else on the rows' sums; ``known``
    is ``lines(table)`` (each row's cells read once a table, asked once a table by the
    caller). The subject, the total's row (``where``), is labelled only on the paths that
    word a finding with it: column_sums labels the row itself, and most checks take that
    path. What the rows are (figures, unreadable, lined up) is asked in one loop over them,
    not by any() and all() of three generators: asked of every coded parent (T107)."""
    head = line_of(known, total)
    if not head.figures:
        return
    read = [line_of(known, row) for row in parts]
    width = len(table.columns)
    some = False  # a part has a figure
    cut = head.unreadable
    aligned = _lines_up(head, width)
    for x in read:
        if x.figures:
            some = True
        if x.unreadable:
            cut = True
        if aligned and not _lines_up(x, width):
            aligned = False
    if not some:
        return
    if cut:
        yield insufficient(
            r, where(table, total), "a figure of these rows was cut in two by the converter"
        )
        return
    if aligned:  # column_sums(r, table, total, parts), on the rows read here
        yield from sums_down(r, table, total, head.written, [x.written for x in read])
        return
    # Σ total's figures = Σ parts' figures: the first figure of the total against the parts
    # less the total's other figures (blank cells are zero in both forms of the sum).
    first, *rest = figures_of(total)
    part_figures = [n for p in parts for n in figures_of(p)]
    recomputed = sum_intervals([Interval.of_number(n, unit=table.unit) for n in part_figures])
    if rest:
        recomputed = recomputed - sum_intervals(
            [Interval.of_number(n, unit=table.unit) for n in rest]
        )
    yield compare(
        r,
        f"{where(table, total)} (row sums: its cells do not line up with the columns)",
        first,
        recomputed,
        [*part_figures, *rest],
        unit=table.unit,
    )


def label_of(table: Table) -> str:
    return table.title or table.kind.value


@rule(
    "T107",
    "grid-hierarchy",
    "T",
    "a coded row equals the sum of the rows coded under it",
    "In any table with 功能分类 or 经济分类 codes (a budget's tables, or a table whose kind is "
    "not known), a 类 is the sum of its 款 and a 款 of its 项, column by column.",
)
def grid_hierarchy(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "hierarchy"):
        rows = coded_rows(table)
        kids_of = children_by_code(rows)
        known = lines(table)
        for parent in rows:
            kids = kids_of.get(parent.code or "")
            if kids:
                yield from _sum_check(r, table, parent, kids, known)


@rule(
    "T108",
    "grid-total-row",
    "T",
    "a coded table's 合计 row equals the sum of its top-level rows",
    "The 合计 (总计) line of a coded table is the sum of the highest level it prints (类, or "
    "经济分类 类); a table whose top level mixes code lengths prints only part of its tree and "
    "is not judged.",
)
def grid_total_row(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "total-row"):
        rows = coded_rows(table)
        totals = [row for row in table.rows if row.is_total and not row.code]
        if not rows or len(totals) != 1:
            if rows and totals:
                yield not_applicable(r, label_of(table), f"{len(totals)} 合计 rows")
            continue
        top = roots(rows)
        if len({len(row.code or "") for row in top}) != 1:
            yield not_applicable(r, label_of(table), "its top level mixes code lengths")
            continue
        yield from _sum_check(r, table, totals[0], top, lines(table))


@rule(
    "T109",
    "grid-total-column",
    "T",
    "the 合计 column equals the sum of the columns the catalogue puts under it",
    "Where the catalogue entry of a table (verifier.templates) prints a 合计 column followed by "
    "its parts (by source, 基本支出 + 项目支出, 人员经费 + 公用经费), each row's 合计 is their "
    "sum; checked on rows that carry every column.",
)
def grid_total_column(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "total-column"):
        template = by_id(table.template)
        roles = variant_of(template, tuple(c.name for c in table.columns))
        sums = sums_for(template, roles) if roles else []
        if not sums:
            continue
        # Whether each row is aligned, asked once: ``row in aligned`` compared rows field by
        # field (pydantic's ==) against every aligned row, most of a budget's verify time. A
        # row equal to an aligned one is aligned itself, so the flag answers the same.
        known = lines(table)
        read = [line_of(known, row) for row in table.rows]
        width = len(table.columns)
        flags = [_lines_up(x, width) for x in read]
        aligned = [row for row, flag in zip(table.rows, flags, strict=True) if flag]
        for total, parts in sums:
            yield from row_sums(r, table, aligned, total, parts)
        if sums != [(0, list(range(1, len(table.columns))))]:
            for row, x, flag in zip(table.rows, read, flags, strict=True):
                if not flag and not x.unreadable:
                    yield from _placed_sums(r, table, row, sums)
            continue
        for row, x, flag in zip(table.rows, read, flags, strict=True):
            figures = x.figures
            if flag or len(figures) < 2 or x.unreadable:
                continue
            # empty cells unwritten: the first figure is the 合计, the rest its parts
            yield compare_sum(
                r,
                f"{where(table, row, 0)} (its empty cells unwritten: the first figure against"
                " the rest)",
                figures[0],
                figures[1:],
                unit=table.unit,
            )


_OF_WHICH = re.compile(r"\s*其中")


@rule(
    "T113",
    "grid-rows-total",
    "T",
    "a table's total line equals the sum of its other lines",
    "Where the catalogue entry of a table of labelled lines says so (a 绩效自评's 年度收入情况: "
    "a line for the department and all its bodies, 汇总, over one line per body), the total line "
    "is the sum of the others, column by column.",
)
def grid_rows_total(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "rows-total"):
        totals = [row for row in table.rows if row.is_total]
        # a 其中 line is part of the line above it, not another body
        parts = [row for row in table.rows if not row.is_total and not _OF_WHICH.match(row.name)]
        if len(totals) != 1:
            if totals:
                yield not_applicable(r, label_of(table), f"{len(totals)} total lines")
            continue
        if parts:
            yield from _sum_check(r, table, totals[0], parts, lines(table))


_MOST_PLACEMENTS = 64  # ways to place a row's unwritten cells; beyond, the row is not judged


def _placed_sums(
    r: Rule, table: Table, row: Row, sums: list[tuple[int, list[int]]]
) -> Iterator[Finding]:
    """Nested column sums of a row whose empty cells went unwritten (三公: 购置费 left blank
    in one cell per line). Its figures are in column order, the first the 合计; each way of
    placing the missing cells among the other columns is tried, and the row is judged by the
    placement under which most of the catalogue's sums hold — every one, if the document
    agrees with itself. The same figures are read the same way in every text form."""
    figures = figures_of(row)
    width = len(table.columns)
    missing = width - len(figures)
    if missing < 1 or len(figures) < 2:
        return
    ways = list(combinations(range(1, width), missing))
    if len(ways) > _MOST_PLACEMENTS:
        return
    # Each placement is judged by how many of its sums fail (sum_holds, no finding made);
    # the findings are made for the best one alone.
    best: list[tuple[int, Number, list[Number]]] | None = None
    fewest = 0
    for blanks in ways:
        columns = [c for c in range(width) if c not in blanks]
        at = dict(zip(columns, figures, strict=True))
        checks = [
            (total, at[total], [at[p] for p in parts if p in at])
            for total, parts in sums
            if total in at and any(p in at for p in parts)
        ]
        failed = sum(not sum_holds(t, ps, table.unit) for _, t, ps in checks)
        if best is None or failed < fewest:
            best, fewest = checks, failed
        if failed == 0:
            break
    if best is None:
        return
    found = [
        compare_sum(
            r,
            f"{where(table, row, total)} (its empty cells unwritten: placed where the "
            "sums hold best)",
            stated,
            parts,
            unit=table.unit,
        )
        for total, stated, parts in best
    ]
    if fewest:
        # no placement makes every sum hold: which cell is wrong cannot be told apart from
        # where the unwritten cell stood, so the finding spans every figure of the row
        spans = [n.span for n in figures if n.span is not None]
        found = [
            f.model_copy(
                update={
                    "spans": spans,
                    "message": f.message + "; no placement of the row's unwritten cells makes "
                    "every sum hold",
                }
            )
            if f.outcome == Outcome.FAIL
            else f
            for f in found
        ]
    yield from found


def grand_totals(table: Table) -> tuple[Row, Row] | None:
    """The 收入 and 支出 grand totals: lines ending 收入总计 / 支出总计; else the two lines
    labelled 总计 (a 决算总表's); else 收入合计 / 支出合计 — but never this year's alone
    (本年收入合计 leaves out the balances brought forward and carried over)."""
    lines = [row for row in table.rows if figures_of(row)]

    def last(ending: str) -> Row | None:
        found = [r for r in lines if r.name.endswith(ending) and not r.name.endswith("年" + ending)]
        return found[-1] if found else None

    income, spending = last("收入总计"), last("支出总计")
    if income is not None and spending is not None:
        return income, spending
    grand = [r for r in lines if r.name.endswith("总计") and r not in (income, spending)]
    if len(grand) == 2:
        return grand[0], grand[1]
    income, spending = last("收入合计"), last("支出合计")
    if income is not None and spending is not None:
        return income, spending
    return None


@rule(
    "T110",
    "grid-balance",
    "T",
    "a 收支总表 balances: 收入总计 equals 支出总计",
    "Everything a budget receives is budgeted to be spent: the 收入 side of a 收支总表 (or "
    "财政拨款收支总表) totals what its 支出 side totals; a 决算总表's 总计 lines balance too. "
    "Which tables balance is said by the catalogue (verifier.templates).",
)
def grid_balance(r: Rule, report: Report) -> Iterator[Finding]:
    for table in _grids(report, "balance"):
        found = grand_totals(table)
        if found is None:
            yield not_applicable(r, label_of(table), "no 收入 and 支出 totals recognised")
            continue
        income, spending = found
        if unreadable([income, spending]):
            continue
        yield compare_sum(
            r,
            f"{label_of(table)}: {income.name[-6:]} against {spending.name[-6:]}",
            figures_of(income)[0],
            [figures_of(spending)[0]],
            unit=table.unit,
        )


def _outline(table: Table, leaves: tuple[str, ...]) -> Iterator[tuple[Row, list[Row]]]:
    """(line, the lines it sums) of a list laid out as an outline: the 合计 over the groups
    (一、…), each group over its subtotals, each subtotal over the items under it."""
    lines = [row for row in table.rows if len(figures_of(row)) == 1]
    total = next((row for row in lines if row.name in ("合计", "总计")), None)
    groups = [n for n, row in enumerate(lines) if ENUMERATED.match(row.name)]
    if total is not None and groups:
        yield total, [lines[n] for n in groups]
    for k, n in enumerate(groups):
        end = groups[k + 1] if k + 1 < len(groups) else len(lines)
        members = [row for row in lines[n + 1 : end] if row is not total]
        subtotals = [row for row in members if not row.name.endswith(leaves)]
        yield lines[n], subtotals or members
    for n, row in enumerate(lines):
        if row is total or n in groups or row.name.endswith(leaves):
            continue
        items = []
        for below in lines[n + 1 :]:
            if not below.name.endswith(leaves):
                break
            items.append(below)
        if items:
            yield row, items


ENUMERATED = re.compile(r"[一二三四五六七八九十]+、")


@rule(
    "T111",
    "grid-outline",
    "T",
    "a line of an outlined list equals the sum of the lines under it",
    "A 政府采购预算表 lists its purchases in groups (一、货物, 二、工程, 三、服务), each split by "
    "project and economic class (a subtotal) and then by item (the line that ends with its "
    "采购组织形式): the 合计 is the sum of the groups, a group of its subtotals, a subtotal of "
    "its items. The catalogue (verifier.templates) says which lists are outlines and which "
    "words end an item.",
)
def grid_outline(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables:
        template = by_id(table.template)
        if template is None or table.kind in _OWN_RULES or not table.additive:
            continue
        found: list[tuple[Row, list[Row]]] = []
        if "outline" in template.identities:
            found += _outline(table, template.leaves)
        if "subtotals" in template.identities and not coded_rows(table):
            found += _subtotals(table)
        for head, parts in found:
            if unreadable([head, *parts]):
                continue
            yield compare_sum(
                r,
                where(table, head, 0),
                figures_of(head)[0],
                [figures_of(p)[0] for p in parts],
                unit=table.unit,
            )


def _subtotals(table: Table) -> Iterator[tuple[Row, list[Row]]]:
    """(line, the lines it sums) of a list by source in groups, each opened by its 小计: the
    小计 over the lines under it, the 收入总计 over the 小计s and the balance brought forward.
    A 其中 line is a part of the line above it, never a line of the sum."""
    lines = [row for row in table.rows if len(figures_of(row)) == 1 and "其中" not in row.name]
    carried = [row for row in lines if row.name.startswith("上年结转")]
    groups = [n for n, row in enumerate(lines) if row.name.endswith("小计")]
    for k, n in enumerate(groups):
        end = groups[k + 1] if k + 1 < len(groups) else len(lines)
        items = [row for row in lines[n + 1 : end] if row not in carried]
        if items:
            yield lines[n], items
    total = next((row for row in lines if row.name.endswith("总计")), None)
    if total is not None and groups:
        yield total, [lines[n] for n in groups] + carried
