"""A 自评表's 年度资金总额 split by source and by use, printed as ``label：figure`` cells.

Under the budget line (年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数 …) Hunan's 部门整体
支出绩效自评表 prints two lists side by side, each cell a label and its figure together::

    按收入性质分：239.32            按支出性质分：239.32
    其中：一般公共预算：239.32      其中：基本支出：239.32
    政府性基金拨款：                项目支出：

The cells are read from the text itself, not from a table reader's rows: a cell ends at a
tab, a line break or a pipe, so the same cells are found whether a converter wrote them one
a line, tab-separated or as a Markdown row. Which split a line belongs to is the catalogue's
knowledge (verifier.templates.FUND_SPLITS), by its whole label; a line is never placed by its
position, which the forms do not keep alike (a blank cell is a line of its own in one, gone
in another). A cell whose label is written and whose figure is not (or is a dash) is a line
left blank.

What cannot be placed is kept, not dropped: a figure in a line of no known split, a figure
standing alone in a cell, a cell with a colon that does not read as label and figure. Each
becomes a row of no split, and the rule (verifier.rules.scores, S805) then checks neither
split — a sum that silently lost a line would report a false error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from verifier.numbers import make_number
from verifier.report import Cell, Column, Number, Row, Span, Table, TableKind
from verifier.tableview import unglossed
from verifier.templates import FUND_SPLITS_ASIDE, FUND_SPLITS_GLOSSES, fund_split_of

PageOf = Callable[[int], int | None]

# A cell: the text between two tabs, line breaks or pipes
_CELL = re.compile(r"[^\t\n|]+")
# What a cell may open with before its label: a number (1. 1、 （一）) or 其中：
_LEAD = re.compile(
    r"\s*(?:(?:\d{1,2}\s*[.．、](?![\d０-９])|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)\s*)?"
    r"(?:其\s*中\s*[：:]\s*)?"
)
# a label: 2 to 24 characters none of them ASCII, a blank, a stop or a digit (not a CJK
# range: it costs the regex compiler ~0.6 ms at every start of hedui, this ~0.1)
_LABEL = re.compile(r"[^\x00-\xff\s，。；：０-９]{2,24}")
# A label and its figure written without a colon between them: 其他资金 14.75
_NO_COLON = re.compile(r"(?P<label>[^\d：:]+?)\s*(?P<rest>[-−]?\d.*)")
# What may stand around a figure in its cell: a gloss the catalogue knows before it (其他资金：
# 年初结转结余 14.75), its unit after it (239.32万元), a gloss in brackets after that
_AROUND = re.compile(
    rf"(?:[ ]?(?:{FUND_SPLITS_GLOSSES})[ ]?|\s*)(?P<figure>[-−]?[\d０-９][\d０-９,，.．\s]*?)"
    r"\s*(?P<unit>万元|元)?\s*(?:[（(][^（）()]*[)）])?"
)
_BLANK = {"", "-", "—", "——", "－", "/", "／", "无"}
# What closes the budget block: the indicator table's header, or the 自评表's targets
_CLOSE = re.compile(r"绩效指标|一级指标|年度总体目标|总体目标")
# The splits stand right under the budget line: a few rows, and in the one-cell-a-line form
# a few dozen lines with the blank ones between (002: 16). Past this many, the cells are not
# known to have ended, and nothing is judged.
_LINES = 40
_ALONE = re.compile(r"[-−]?[\d０-９][\d０-９,，.．]*")  # a line that is a figure alone
_NOTE = "年度资金总额 by source and by use, read from its label：figure cells"


@dataclass
class _Line:
    """One cell read: its label (None for a figure alone), its figure, the text in place of
    a figure that does not read, where it stands, and whether it opens with 其中："""

    label: str | None
    number: Number | None
    unread: str
    start: int
    end: int
    whereof: bool = False  # it opens with 其中：


def _figure(
    rest: str, at: int, unit: str | None, page_of: PageOf | None
) -> tuple[Number | None, str]:
    """The figure of what follows a label (``rest``, at offset ``at``): (None, "") for a
    line left blank, (None, rest) for one whose figure does not read."""
    if rest.strip() in _BLANK:
        return None, ""
    m = _AROUND.fullmatch(rest)
    if m is None:
        return None, rest.strip()
    start = at + m.start("figure")
    page = page_of(start) if page_of is not None else None
    written = m.group("unit") or unit  # 10000000元 in a form of 万元 is in 元
    number = make_number(m.group("figure"), unit=written, start=start, page=page or None)
    return number, "" if number else rest.strip()


def _read(cell: str, at: int, unit: str | None, page_of: PageOf | None) -> _Line | None:
    """A cell as a line of a split; None for a cell that holds neither a label with a colon
    nor a figure (a caption, a blank cell)."""
    text = cell.replace("\xa0", " ").replace("\u3000", " ")  # same length: offsets hold
    lead = _LEAD.match(text)
    body_at = lead.end() if lead else 0
    body = text[body_at:]
    colon = min((i for i in (body.find("："), body.find(":")) if i >= 0), default=-1)
    if colon >= 0:
        raw_label, rest, rest_at = body[:colon], body[colon + 1 :], body_at + colon + 1
    elif (m := _NO_COLON.fullmatch(body.rstrip())) is not None:
        raw_label, rest, rest_at = m.group("label"), m.group("rest"), body_at + m.start("rest")
    else:
        number, _ = _figure(body, at + body_at, unit, page_of)
        if number is None:
            return None
        return _Line(None, number, "", at + body_at, at + len(text.rstrip()))
    label = unglossed(raw_label)  # 项目支出（含上年结转） is the line 项目支出
    number, unread = _figure(rest, at + rest_at, unit, page_of)
    if not _LABEL.fullmatch(label) or "：" in rest or ":" in rest:
        # a colon with no label that reads, or two lines run together in one cell
        # (一般公共预算：1066.71 其中：基本支出：1066.71): kept, never dropped
        return _Line(None, None, body.strip(), at + body_at, at + len(text.rstrip()))
    whereof = lead is not None and "其" in lead.group()
    return _Line(label, number, unread, at + body_at, at + len(text.rstrip()), whereof)


def _read_pieces(pieces: list[_Piece], unit: str | None, page_of: PageOf | None) -> _Line | None:
    """A cell of one piece, or of several (wrapped): the label read from them all, the
    figure from the last; a figure the last piece does not hold whole is not read."""
    if len(pieces) == 1:
        return _read(pieces[0].text, pieces[0].start, unit, page_of)
    line = _read("".join(p.text for p in pieces), pieces[0].start, unit, page_of)
    if line is None or (line.number is None and not line.unread):
        return line
    last = _read(pieces[-1].text, pieces[-1].start, unit, page_of)
    number = last.number if last is not None else None
    if number is None or line.number is None or number.value != line.number.value:
        return _Line(
            line.label,
            None,
            "".join(p.text for p in pieces),
            line.start,
            pieces[-1].start + len(pieces[-1].text),
        )
    return _Line(line.label, number, "", line.start, last.end)  # type: ignore[union-attr]


def _budget_tables(tables: Sequence[Table]) -> list[Table]:
    """The budget blocks of the 自评表s: tables of that kind whose columns print both
    全年预算数 and 全年执行数, a closing gloss aside (全年预算数（A）)."""
    out = []
    for t in tables:
        names = {unglossed(c.name) for c in t.columns}
        if t.kind is TableKind.PERFORMANCE and t.span and {"全年预算数", "全年执行数"} <= names:
            out.append(t)
    return out


@dataclass
class _Piece:
    """A cell's text and where it starts; a cell wrapped onto a line of its own (one cell a
    line: 纳入专户管理的非税收入⏎拨款：) is its pieces joined, its figure read in its last."""

    text: str
    start: int


def _open(cell: str, piece: str) -> bool:
    """Whether a short line is the rest of the cell above it, wrapped inside its label
    (政府性基金⏎拨款：12.50): the cell has no colon yet, and the line is short and no
    sentence. A figure alone on the line after a blank line's colon is not taken for its
    figure: a page number stands so too (it is kept as a figure of no line)."""
    return not ("：" in cell or ":" in cell) and len(piece) <= 12 and "。" not in piece


def _cells(text: str, budget: Table, tables: Sequence[Table]) -> tuple[list[list[_Piece]], bool]:
    """The cells under the budget line, whole lines at a time, up to the next table, the
    indicators' header, or a line of prose: a line that no tab or pipe makes a table's
    (填表人：… 联系电话：…, a note after the table), unless it is the rest of the cell above or
    a figure alone. And whether the cells ran past _LINES lines without such an end: then
    what was not read may be a line of a split, and the caller judges nothing."""
    assert budget.span is not None
    start = budget.span.end
    end = len(text)
    for t in tables:
        if t.span is not None and start <= t.span.start < end:
            end = t.span.start
    cells: list[list[_Piece]] = []
    pos, wrapped, lines = start, False, 0
    while pos < end:
        stop = text.find("\n", pos, end)
        line_end = end if stop < 0 else stop
        line = text[pos:line_end]
        if _CLOSE.search(line):
            break
        lines += 1
        if lines > _LINES:
            return cells, True
        tabled = "\t" in line or line.lstrip(" ").startswith("|")
        piece = line.strip()
        if tabled:
            cells += [[_Piece(m.group(), m.start())] for m in _CELL.finditer(text, pos, line_end)]
        elif piece and wrapped and cells and _open("".join(p.text for p in cells[-1]), piece):
            cells[-1].append(_Piece(piece, pos + line.index(piece)))
        elif _ALONE.fullmatch(piece) or (piece and _a_split_line(piece)):
            # a figure alone, or a line of a split its converter wrote without tabs
            cells.append([_Piece(piece, pos + line.index(piece))])
        elif piece:
            # a line of prose, a footer (- 2 -), a caption: the cells end here, unless a
            # split's line follows, which this line cut off from the others
            return cells, _a_split_line_after(text, line_end, end, lines)
        wrapped = (tabled or bool(cells and cells[-1][-1].start >= pos)) and bool(piece)
        pos = line_end + 1
    return cells, False


def _a_split_line(cell: str) -> bool:
    line = _read(cell, 0, None, None)
    return line is not None and line.label is not None and fund_split_of(line.label)[0] is not None


def _a_split_line_after(text: str, pos: int, end: int, lines: int) -> bool:
    """Whether a line of a split follows ``pos`` before the indicators, the next table or
    _LINES lines in all."""
    while pos < end and lines < _LINES:
        stop = text.find("\n", pos + 1, end)
        line = text[pos + 1 : end if stop < 0 else stop]
        if _CLOSE.search(line):
            return False
        if any(_a_split_line(m.group()) for m in _CELL.finditer(line)):
            return True
        lines += 1
        pos = end if stop < 0 else stop
    return False


def read_fund_splits(
    text: str, tables: Sequence[Table], page_of: PageOf | None = None
) -> list[Table]:
    """One table a 自评表 whose budget line is followed by the split cells: each line a row
    (its figure in the one column 金额), its split's name as its side, a line of no split
    with no side. The head's own line is not marked a total: the score rules close a 自评表
    at its first total line. Nothing where no split's head is printed with a figure."""
    out: list[Table] = []
    for budget in _budget_tables(tables):
        rows: list[Row] = []
        found, cut = _cells(text, budget, tables)
        if cut:  # the lines after may be a split's: kept as a line of none, so none is judged
            rows.append(
                Row(name="", cells=[Cell(column=0, text=f"the cells run on past {_LINES} lines")])
            )
        whereof: set[str] = set()  # the splits whose 其中 line has been read
        headed = False  # a split's own line was read, written
        for pieces in found:
            line = _read_pieces(pieces, budget.unit, page_of)
            if line is None:
                continue
            split, is_head = fund_split_of(line.label) if line.label else (None, False)
            if split is None and line.label and re.fullmatch(FUND_SPLITS_ASIDE, line.label):
                continue  # 结转下年 14.75: beside the splits, of neither
            if split is None and line.number is None and not line.unread:
                continue  # a blank cell of no split (填表人：): nothing the checks need
            if split is not None and line.whereof:
                if split.name in whereof:
                    split = None  # a second 其中 in a split: a part of a part, not a line of it
                whereof.add(split.name if split else "")
            written = line.number is not None or bool(line.unread)
            headed = headed or (split is not None and is_head and written)
            cells = []
            if line.number is not None:
                cells.append(Cell(column=0, number=line.number))
            elif line.unread:
                cells.append(Cell(column=0, text=line.unread))
            rows.append(
                Row(
                    name=line.label or "",
                    side=split.name if split else None,
                    cells=cells,
                    span=Span(start=line.start, end=line.end),
                )
            )
        if not headed:
            continue
        out.append(
            Table(
                kind=TableKind.PERFORMANCE,
                title=budget.title,
                unit=budget.unit,
                columns=[Column(name="金额")],
                rows=rows,
                span=Span(
                    start=min(r.span.start for r in rows if r.span),
                    end=max(r.span.end for r in rows if r.span),
                ),
                notes=[_NOTE],
            )
        )
    return out
