"""Reading the standard tables the way the rules need them: rows by code, name or side,
value columns by name, the roots of a code hierarchy. Plain functions over the Report schema,
so that every rule family asks the same questions the same way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from verifier.report import Cell, Column, Number, Row, Table

T = TypeVar("T")
K = TypeVar("K")

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
_GLOSS = re.compile(r"[(（][^)）]*[)）]$")


def unglossed(name: str) -> str:
    """A name without spaces or a closing gloss: 得分(分值×执行率) is the 得分 column,
    explained; 编制数（人） the 编制数; 项目支出（含上年结转） the line 项目支出. (Whitespace taken
    out by str.split, which takes out what the \\s pattern does: see clean.)"""
    return _GLOSS.sub("", "".join(name.split()))


@lru_cache(maxsize=4096)
def clean(name: str) -> str:
    """A row or column name without its 一、 ordinal and whitespace.

    ``"".join(name.split())`` is ``re.sub(r"\\s+", "", name)``: both take out what
    ``str.isspace`` calls whitespace (the same test for every code point), the split without
    a pattern's machinery; the ordinal pattern is only tried on a name that starts with a
    numeral. Every name a report's tables print is cleaned once a report."""
    joined = "".join(name.split()) if name else ""
    if joined[:1] in _NUMERALS:
        return _ORDINAL.sub("", joined)
    return joined


_NUMERALS = frozenset("一二三四五六七八九十")


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
        got = first.get(c)
        if got is not None and (got.number is not None or got.text.strip()):
            out.append(got.number)
    return out


class Line(NamedTuple):
    """What the sums ask of one row, again for every column and every rule that sums it,
    read from its cells once a table (``lines``)."""

    figures: list[Number]  # its numbers, in cell order
    written: dict[int, Number | None]  # by column, the number of its first cell there when
    # that cell was written (``has_cell``): ``written_in`` and ``written_numbers`` from it
    unreadable: bool  # a cell was kept but not read as a figure (754.|75, cut by a converter)
    cells: int  # how many cells it has


def lines(table: Table) -> dict[int, Line]:
    """Every row of ``table`` as the sums read it (``read_line``), by the row's id, worked out
    once a table in the remembering() block; outside it, nothing (each row is then read on
    the spot). Look a row up with ``line_of``: a row that is not the table's is read on the
    spot too."""
    if _MEMO.get() is None:
        return {}
    return remembered("lines", table, _lines)


def _lines(table: Table) -> dict[int, Line]:
    # (the table, kept with this in the memo, keeps its rows and so their ids)
    return {id(row): read_line(row) for row in table.rows}


def line_of(known: dict[int, Line], row: Row) -> Line:
    """``row`` as ``lines`` read it (``known``, that table's), or read now."""
    return known.get(id(row)) or read_line(row)


def read_line(row: Row) -> Line:
    """What the sums ask of ``row``, read from its cells in one pass."""
    figures: list[Number] = []
    written: dict[int, Number | None] = {}
    seen: set[int] = set()
    unreadable = False
    for cell in row.cells:
        n = cell.number
        if n is not None:
            figures.append(n)
        else:
            unreadable = True
        col = cell.column
        if col not in seen:  # only a column's first cell counts (``value``)
            seen.add(col)
            if n is not None or cell.text.strip():
                written[col] = n
    return Line(figures, written, unreadable, len(row.cells))


def value_columns(table: Table) -> list[int]:
    """Columns that hold at least one number (kept for the remembering() block: every
    column sum of a table asks it; do not change the list)."""
    return remembered("value columns", table, _value_columns)


def _value_columns(table: Table) -> list[int]:
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
    """The rows with a numeric code (kept for the remembering() block: do not change it)."""
    return remembered("coded rows", table, _coded_rows)


def _coded_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.code and r.code.isdigit()]


def top_rows(table: Table) -> list[Row]:
    """``roots(coded_rows(table))``, kept for the remembering() block: several rule families
    sum the same top level of a table."""
    return remembered("top rows", table, lambda t: roots(coded_rows(t)))


def side_rows(table: Table, side: str) -> list[Row]:
    """The rows on ``side`` (收入 / 支出 of a 总表), in order; kept for the remembering()
    block (do not change the list)."""
    return remembered(f"rows on {side}", table, lambda t: [r for r in t.rows if r.side == side])


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
    lengths = sorted({len(c) for c in codes})  # a parent's code is one of these lengths
    return [r for r in rows if not _has_parent(r.code or "", codes, lengths)]


def finest_under(table: Table, code: str, col: int) -> list[Number] | None:
    """The figures in column ``col`` of the rows under ``code`` at the finest level printed
    (its 项, else its 款): what a 类 row printed as the sum of its rounded rows stands for.
    None when one of them was written but not read (a cell cut by the converter), or is
    not under that column while the row has cells."""
    under = [
        r for r in table.rows if r.code and len(r.code) > len(code) and r.code.startswith(code)
    ]
    finest = max((len(r.code or "") for r in under), default=0)
    rows: list[Number] = []
    for r in under:
        if len(r.code or "") != finest:
            continue
        c = r.cell(col)
        if c is not None and c.number is not None:
            rows.append(c.number)
        elif (c is not None and c.text.strip()) or (c is None and r.cells):
            return None
    return rows


def _has_parent(code: str, codes: set[str], lengths: list[int]) -> bool:
    """Some proper prefix of ``code`` is a present code (of one of ``lengths``, ascending).
    A loop, not any(): called per row."""
    for k in lengths:
        if k >= len(code):
            return False
        if code[:k] in codes:
            return True
    return False


# --- what a table's rows and columns are called, worked out once per verify() ------------------

# The rules ask the same few tables for rows and columns by name some hundred times per report;
# cleaning every name on every question is most of what answering costs. Inside remembering()
# (verify() runs its rules in one such block) each table's cleaned names are kept, by table;
# outside it, nothing is kept and every question is answered from scratch.
_MEMO: ContextVar[dict[tuple[str, int], tuple[Any, Any]] | None] = ContextVar(
    "tableview_memo", default=None
)


@contextmanager
def remembering() -> Iterator[None]:
    """Keep what tables are called for the duration of the block, and forget it on leaving:
    a later block (the next verify(), of this Report or another) starts from nothing. Within
    the block, the Report's tables must not change. A block inside another (run_rules' in
    verify's) keeps what the outer one knows, and leaves it to the outer one to forget."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remembered(what: str, table: K, make: Callable[[K], T]) -> T:
    """``make(table)``, kept for the rest of the remembering() block when there is one. The
    table itself is kept with it, so its id cannot be reused by another table meanwhile.
    (A table, mostly; the Report itself for what is worked out once for a whole report.)"""
    memo = _MEMO.get()
    if memo is None:
        return make(table)
    key = (what, id(table))
    hit = memo.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    made = make(table)
    memo[key] = (table, made)
    return made


def figures(table: Table) -> list[tuple[Row, Cell, Number]]:
    """Every figure of the table with its row and cell, in row and cell order: the one walk
    over a table's cells that the passes over all of its figures share (grounding, coverage,
    the verdict's scale, P701's search for whose figure a stated one is). Kept for the
    remembering() block; do not change the list."""
    return remembered("figures", table, _figures)


def _figures(table: Table) -> list[tuple[Row, Cell, Number]]:
    out = []
    for row in table.rows:
        for c in row.cells:
            n = c.number
            if n is not None:
                out.append((row, c, n))
    return out


def row_names(table: Table) -> list[str]:
    """The cleaned name of every row, in row order (kept for the remembering() block)."""
    return remembered("row names", table, _row_names)


def _row_names(table: Table) -> list[str]:
    return [clean(r.name) for r in table.rows]


def _rows_by_name(table: Table) -> dict[str, list[int]]:
    """The indices of the table's rows, by cleaned name, in row order."""
    out: dict[str, list[int]] = {}
    for i, name in enumerate(row_names(table)):
        out.setdefault(name, []).append(i)
    return out


def _column_names(table: Table) -> list[tuple[str, str | None]]:
    """(cleaned name, side) of every column, in order."""
    return [(clean(col.name), col.side) for col in table.columns]


_ANY_SIDE = object()  # a column asked for on no particular side


def _columns_by_name(table: Table) -> dict[tuple[str, object], int]:
    """The first column of each cleaned name, on its side and on any side."""
    out: dict[tuple[str, object], int] = {}
    for i, (name, side) in enumerate(_column_names(table)):
        out.setdefault((name, side), i)
        out.setdefault((name, _ANY_SIDE), i)
    return out


def find_row(table: Table, *names: str, side: str | None = None, after: int = 0) -> Row | None:
    """First row (from index ``after``) whose cleaned name equals one of ``names``."""
    rows = table.rows
    if after < 0 or _MEMO.get() is None:  # one question, or counted from the end: a scan
        for r in rows[after:]:
            if (side is None or r.side == side) and clean(r.name) in names:
                return r
        return None
    by_name = remembered("rows by name", table, _rows_by_name)
    first: int | None = None
    for name in names:
        for i in by_name.get(name, ()):
            if i >= after and (side is None or rows[i].side == side):
                if first is None or i < first:
                    first = i
                break
    return rows[first] if first is not None else None


def column(table: Table, *names: str, side: str | None = None) -> int | None:
    """Column whose cleaned name equals one of ``names`` (then: contains one)."""
    if _MEMO.get() is not None:  # most questions name a column exactly: looked up
        exact = remembered("columns by name", table, _columns_by_name)
        for name in names:
            i = exact.get((name, side if side is not None else _ANY_SIDE))
            if i is not None:
                return i
    cols = [
        (i, n)
        for i, (n, s) in enumerate(remembered("column names", table, _column_names))
        if side is None or s == side
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
    (公务用车购置及运行费), 购置, 运行, 接待; None where the header does not name it. Kept for
    the remembering() block (every 三公 amount of the prose asks for them; do not change the
    dict)."""
    return remembered(f"three public columns {side}", table, lambda t: _three_public(t, side))


def _three_public(table: Table, side: str) -> dict[str, int | None]:
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
    if _MEMO.get() is None:  # one question: asked directly
        label = _row_label(table, row)
        if col is not None and col < len(table.columns):
            label += _column_label(table.columns[col], col)
        return label
    name, labels = remembered("row labels", table, _row_labels)
    known = labels.get(id(row))
    if known is not None and known[0] is row:
        label = known[1]
    else:
        label = _row_label(table, row, name)
        labels[id(row)] = (row, label)
    if col is not None and col < len(table.columns):
        label += column_labels(table)[col]
    return label


def column_labels(table: Table) -> list[str]:
    """What ``where`` writes after a row for each column of the table, in order: a rule that
    names one row in many columns (or many rows in one) labels the row once and adds these
    (kept for the remembering() block; do not change the list)."""
    return remembered("column labels", table, _column_labels)


def _row_label(table: Table, row: Row, name: str | None = None) -> str:
    """What ``where`` writes for a row: the table (``name``, its ``_table_label`` when not
    given), row code and name."""
    if name is None:
        name = _table_label(table)
    return f"{name} row {row.code + ' ' if row.code else ''}{clean(row.name)}"


def _table_label(table: Table) -> str:
    """The table as ``where`` names it: its kind, or the title of a table the catalogue
    names."""
    if table.template and table.title:
        return _TITLE_NUMBER.sub("", clean(table.title))
    return table.kind.value


_TITLE_NUMBER = re.compile(r"^[一二三四五六七八九十]+、|^\d+[.、．]")


def _row_labels(table: Table) -> tuple[str, dict[int, tuple[Row, str]]]:
    """The table's own label, worked out once, and the place where ``where`` keeps the
    ``_row_label`` of each row it is asked about, by the row's id (kept with the row): only
    the rows findings name are labelled, not every row of the table."""
    return _table_label(table), {}


def _column_labels(table: Table) -> list[str]:
    """What ``where`` writes after a row for each column: `` [side name]``, or its place
    (`` [column 3]``) where the reader could not name it."""
    return [_column_label(c, n) for n, c in enumerate(table.columns)]


def _column_label(c: Column, n: int) -> str:
    name = clean(c.name) or ("" if c.side else f"column {n + 1}")
    return f" [{(c.side + ' ') if c.side else ''}{name}]"
