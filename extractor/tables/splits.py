"""A 自评表's 年度资金总额 split by source and by use, printed as ``label：figure`` cells.

Under the budget line (年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数 …) Hunan's 部门整体
支出绩效自评表 prints two lists side by side, each cell a label and its figure together::

    按收入性质分：239.32            按支出性质分：239.32
    其中：一般公共预算：239.32      其中：基本支出：239.32
    政府性基金拨款：                项目支出：

The cells are read from the text itself, not from a table reader's rows: a cell ends at a
tab, a line break or a pipe, so the same cells are found whether a converter wrote them one
a line, tab-separated or as a Markdown row. Which split a line belongs to is the catalogue's
knowledge (verifier.templates.FUND_SPLITS), by its label; a line is never placed by its
position, which the forms do not keep alike (a blank cell is a line of its own in one, gone
in another). A cell whose label is written but whose figure is not stays a line with no
figure: the form left it blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from verifier.numbers import make_number
from verifier.report import Cell, Column, Row, Span, Table, TableKind
from verifier.templates import FUND_SPLITS

PageOf = Callable[[int], int | None]

# A cell: the text between two tabs, line breaks or pipes
_CELL = re.compile(r"[^\t\n|]+")
# A labelled cell: an optional 其中： lead, a label of 2–24 characters, a colon, and what
# follows: nothing (left blank), a figure, or a gloss and a figure (其他资金：年初结转结余 14.75)
_LABELLED = re.compile(
    r"[ \u3000]*(?:其中[ \u3000]*[：:][ \u3000]*)?"
    r"(?P<label>[\u4e00-\u9fff（）()、“”]{2,24}?)[ \u3000]*[：:][ \u3000]*(?P<rest>.*?)[ \u3000]*"
)
_FIGURE = re.compile(r"(?:[\u4e00-\u9fff（）()]{1,12}[ \u3000]*)?(?P<figure>-?\d[\d,]*(?:\.\d+)?)")
# What closes the budget block: the indicator table's header, or the 自评表's targets
_CLOSE = re.compile(r"绩效指标|一级指标|年度总体目标|总体目标")
_REACH = 600  # characters after the budget line the splits are looked for in
_NOTE = "年度资金总额 by source and by use, read from its label：figure cells"


@cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def head_of(label: str) -> str | None:
    """The split whose own line the label is (按收入性质分), if any."""
    return next((s.name for s in FUND_SPLITS if _pattern(s.head).search(label)), None)


def _split_of(label: str) -> str | None:
    """The split the label is a line of (its head or a part); None for a label of no split
    or of two."""
    if (head := head_of(label)) is not None:
        return head
    found = [s.name for s in FUND_SPLITS if _pattern(s.parts).search(label)]
    return found[0] if len(found) == 1 else None


def _budget_lines(tables: Sequence[Table]) -> list[Table]:
    """The budget blocks of the 自评表s: tables of that kind whose columns print both
    全年预算数 and 全年执行数 (the line the splits are printed under)."""
    out = []
    for t in tables:
        names = {"".join(c.name.split()) for c in t.columns}
        if t.kind is TableKind.PERFORMANCE and t.span and {"全年预算数", "全年执行数"} <= names:
            out.append(t)
    return out


def _region(text: str, budget: Table, tables: Sequence[Table]) -> tuple[int, int]:
    """From the budget line's end to the next table, the indicators' header or _REACH."""
    assert budget.span is not None
    start = budget.span.end
    end = min(len(text), start + _REACH)
    for t in tables:
        if t.span is not None and start <= t.span.start < end and _NOTE not in t.notes:
            end = t.span.start
    close = _CLOSE.search(text, start, end)
    return start, close.start() if close else end


def read_fund_splits(
    text: str, tables: Sequence[Table], page_of: PageOf | None = None
) -> list[Table]:
    """One table a 自评表 whose budget line is followed by the split cells: each cell a row
    (its figure in the one column 金额), its split as its side (the head's own line is not
    marked a total: the score rules close a 自评表 at its first total line). Nothing where no
    split's head is printed."""
    out: list[Table] = []
    for budget in _budget_lines(tables):
        start, end = _region(text, budget, tables)
        rows: list[Row] = []
        for cell in _CELL.finditer(text, start, end):
            m = _LABELLED.fullmatch(cell.group())
            if m is None:
                continue
            label, rest = m.group("label"), m.group("rest")
            head = _split_of(label)
            figure = _FIGURE.fullmatch(rest)
            if head is None and figure is None:
                continue  # a caption or a blank cell of no split: nothing the checks need
            at = cell.start()
            cells = []
            if figure is not None:
                f_at = at + m.start("rest") + figure.start("figure")
                page = page_of(f_at) if page_of is not None else None
                number = make_number(figure.group("figure"), unit=budget.unit, start=f_at,
                                     page=page or None)  # fmt: skip
                cells.append(Cell(column=0, number=number, text="" if number else rest))
            elif rest:
                cells.append(Cell(column=0, text=rest))  # written, but no figure: unread
            rows.append(
                Row(
                    name=label,
                    side=head,
                    cells=cells,
                    span=Span(start=at + m.start("label"), end=at + m.end()),
                )
            )
        if not any(r.cells and head_of(r.name) for r in rows):
            continue
        assert rows[0].span is not None and rows[-1].span is not None
        out.append(
            Table(
                kind=TableKind.PERFORMANCE,
                title=budget.title,
                unit=budget.unit,
                columns=[Column(name="金额")],
                rows=rows,
                span=Span(start=rows[0].span.start, end=rows[-1].span.end),
                notes=[_NOTE],
            )
        )
    return out
