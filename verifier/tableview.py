"""Reading the standard tables the way the rules need them: rows by code, name or side,
value columns by name, the roots of a code hierarchy. Plain functions over the Report schema,
so that every rule family asks the same questions the same way."""

from __future__ import annotations

import re
from functools import lru_cache

from verifier.report import Cell, Number, Row, Table

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@lru_cache(maxsize=4096)
def clean(name: str) -> str:
    """A row or column name without its 一、 ordinal and whitespace."""
    return _ORDINAL.sub("", re.sub(r"\s+", "", name or ""))


def value(row: Row, column: int) -> Number | None:
    """The number of ``row``'s first cell in ``column`` (``row.cell(column)``, looked up
    here: the rules ask for a cell thousands of times per report)."""
    for cell in row.cells:
        if cell.column == column:
            return cell.number
    return None


def has_cell(row: Row, column: int) -> bool:
    """A cell was written (a number, or text that did not parse)."""
    for cell in row.cells:
        if cell.column == column:
            return cell.number is not None or bool(cell.text.strip())
    return False


def written_numbers(rows: list[Row], column: int) -> list[Number | None]:
    """``[value(r, column) for r in rows if has_cell(r, column)]``, each row's cells scanned
    once instead of twice: the operands of a sum down a column."""
    out: list[Number | None] = []
    for row in rows:
        for cell in row.cells:
            if cell.column == column:
                if cell.number is not None or cell.text.strip():
                    out.append(cell.number)
                break
    return out


def written_in(row: Row, columns: list[int]) -> list[Number | None]:
    """``[value(row, c) for c in columns if has_cell(row, c)]``, the row's cells read once:
    the operands of a sum across a row."""
    first: dict[int, Cell] = {}
    for cell in row.cells:
        first.setdefault(cell.column, cell)
    out: list[Number | None] = []
    for c in columns:
        cell = first.get(c)
        if cell is not None and (cell.number is not None or cell.text.strip()):
            out.append(cell.number)
    return out


def value_columns(table: Table) -> list[int]:
    """Columns that hold at least one number."""
    used = {c.column for r in table.rows for c in r.cells if c.number is not None}
    return sorted(used)


def total_row(table: Table) -> Row | None:
    for r in table.rows:
        if r.is_total and not r.code and clean(r.name) in ("合计", "总计", ""):
            return r
    for r in table.rows:
        if r.is_total and not r.code:
            return r
    return None


def coded_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.code and r.code.isdigit()]


def children(rows: list[Row], parent: Row) -> list[Row]:
    """Direct children of a coded row: the next level present under its code."""
    code = parent.code or ""
    below = [(len(c), r) for r in rows if (c := r.code) and c != code and c.startswith(code)]
    if not below:
        return []
    nearest = min(n for n, _ in below)
    return [r for n, r in below if n == nearest]


def children_by_code(rows: list[Row]) -> dict[str, list[Row]]:
    """``children(rows, p)`` of every coded row ``p`` of ``rows``, keyed by ``p.code`` (a
    code with no children is left out), found in one pass: ``children`` scans every row for
    each parent, which is quadratic in a table of a hundred coded rows."""
    codes = {r.code for r in rows if r.code}
    lengths = sorted({len(c) for c in codes})  # a parent's code is one of these lengths
    below: dict[str, list[tuple[int, Row]]] = {}
    for r in rows:
        c = r.code
        if not c:
            continue
        for k in lengths:  # every present code that is a proper prefix of c
            if k >= len(c):
                break
            if (p := c[:k]) in codes:
                below.setdefault(p, []).append((len(c), r))
    out: dict[str, list[Row]] = {}
    for p, found in below.items():
        nearest = min(n for n, _ in found)
        out[p] = [r for n, r in found if n == nearest]
    return out


def roots(rows: list[Row]) -> list[Row]:
    """Rows no other present row is a parent of: the top level actually printed."""
    codes = {r.code for r in rows if r.code}
    return [r for r in rows if not _has_parent(r.code or "", codes)]


def _has_parent(code: str, codes: set[str | None]) -> bool:
    """Some proper prefix of ``code`` is a present code (a loop, not any(): called per row)."""
    for k in range(1, len(code)):  # noqa: SIM110
        if code[:k] in codes:
            return True
    return False


def find_row(table: Table, *names: str, side: str | None = None, after: int = 0) -> Row | None:
    """First row (from index ``after``) whose cleaned name equals one of ``names``."""
    for r in table.rows[after:]:
        if side is not None and r.side != side:
            continue
        if clean(r.name) in names:
            return r
    return None


def column(table: Table, *names: str, side: str | None = None) -> int | None:
    """Column whose cleaned name equals one of ``names`` (then: contains one)."""
    cols = [
        (i, clean(col.name))
        for i, col in enumerate(table.columns)
        if side is None or col.side == side
    ]
    for name in names:
        for i, n in cols:
            if n == name:
                return i
    for name in names:
        for i, n in cols:
            if name in n:
                return i
    return None


def three_public_columns(table: Table, side: str) -> dict[str, int | None]:
    """The columns of one side (预算数 / 决算数) of 公开07, under short keys: 合计, 出国, 小计
    (公务用车购置及运行费), 购置, 运行, 接待; None where the header does not name it."""
    return {
        "合计": column(table, "合计", side=side),
        "出国": column(table, "因公出国（境）费", "因公出国(境)费", "因公出国", side=side),
        "小计": column(
            table, "公务用车购置及运行费小计", "公务用车购置及运行维护费小计", "小计", side=side
        ),
        "购置": column(table, "公务用车购置费", side=side),
        "运行": column(table, "公务用车运行费", "公务用车运行维护费", side=side),
        "接待": column(table, "公务接待费", side=side),
    }


def where(table: Table, row: Row, col: int | None = None) -> str:
    """A finding's subject: table kind, row code and name, column name."""
    label = f"{table.kind.value} row {row.code + ' ' if row.code else ''}{clean(row.name)}"
    if col is not None and col < len(table.columns):
        c = table.columns[col]
        label += f" [{(c.side + ' ') if c.side else ''}{clean(c.name)}]"
    return label
