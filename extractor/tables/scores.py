"""Tab-separated 自评表 / 评分表: one table row per line, its cells split by tabs.

PDF conversions print a 部门整体支出绩效自评表 this way, and the rows do not start at a fixed
column: the merged cells on the left (资金情况, 绩效指标, 一级指标 …) come out empty, and a row
whose merged cells the converter counted differently is shifted one cell left or right of
its header (a 二级指标 name standing under 三级指标, a 总分 row whose 100 stands under 实际完成值).
So positions are taken from the header only as a guide: each scored sub-table is found by its
header words (分值, 得分, 全年预算数, 执行率, 三级指标 …), and in each indicator row the
分值 / 得分 pair is looked for where the header puts it or one cell either side; the shift
found there places the row's other cells. What cannot be placed is left out and noted, never
guessed.

The Tables come out in the shape extractor.tables.loose gives the one-cell-per-line 自评表, so
the score rules (verifier.rules.scores) read both alike: a budget block whose row carries
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, and an indicator table whose rows are named by
their 三级指标, grouped (``Row.side``) by their 一级指标, closed by a 总分 row.

(A little over 400 lines: header, shift and row placement are one reading of one table
form, and splitting them would spread one set of positional assumptions over modules.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractor.tables.cells import is_pipe_rule, pipe_row
from verifier.numbers import make_number, normalise_digits, parse_decimal
from verifier.report import Cell, Column, Number, Row, Span, Table, TableKind

PageOf = Callable[[int], int | None]

_POINTS = re.compile(r"^分值(?:[(（].*)?$")
_SCORE = re.compile(r"^(?:自评)?得分(?:[(（].*)?$")
_TOTAL_NAMES = ("总分", "合计", "总计")
# 分值 or 得分 anywhere in a line, spaces allowed inside: a line without is no score header
_SCORE_WORDS = re.compile(r"分\s*值|得\s*分")
_CAPTION_UNIT = re.compile(r"[（(]\s*(亿元|万元|千元|元)\s*[)）]")
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,4}\s*[-—–]?\s*$")
_VALUE_WORDS = ("数", "率", "分值", "得分")
_MONEY_WORDS = ("预算数", "执行数", "决算数", "资金", "金额")
_INDICATOR_WORDS = ("一级指标", "二级指标", "三级指标", "指标值")
_SHIFTS = (1, 0, -1)  # a row's cells may stand one place right or left of its header


@dataclass(frozen=True)
class _Cell:
    text: str  # the cell as written, outer spaces removed
    start: int  # offset of its first character in the text

    @property
    def clean(self) -> str:
        """The text with every space removed, for matching header words."""
        return "".join(self.text.split())  # as extractor.segment.headings.squeeze


@dataclass
class _Block:
    """A run of tab-separated lines, titled by the line above it that names a table."""

    title: str
    lines: list[list[_Cell]]


@dataclass(frozen=True)
class _Header:
    """A scored sub-table's header line and the positions its words fix."""

    cells: list[_Cell]
    points: int | None  # position of 分值
    score: int | None  # position of 得分
    first: int  # first position read as a column
    last: int  # last non-empty header position
    indicators: bool  # an indicator table (一级/二级/三级指标), not a budget block

    def name(self, pos: int) -> str:
        c = _at(self.cells, pos)
        return c.clean if c and c.clean else f"列{pos - self.first + 1}"

    def find(self, *words: str) -> int | None:
        """Position of the first header cell containing any of ``words``."""
        for i, c in enumerate(self.cells):
            if any(w in c.clean for w in words):
                return i
        return None


def _at(cells: Sequence[_Cell], pos: int) -> _Cell | None:
    return cells[pos] if 0 <= pos < len(cells) else None


def _text_at(cells: Sequence[_Cell], pos: int) -> str:
    c = _at(cells, pos)
    return c.clean if c else ""


def _split(line: str, start: int) -> list[_Cell]:
    """The cells of one line with the offset where each cell's text begins: a tab-separated
    line, or a Markdown pipe row (read as extractor.tables.cells reads it)."""
    if "\t" not in line and (piped := pipe_row(line, start)) is not None:
        return [_Cell(c.text, c.start) for c in piped]
    cells: list[_Cell] = []
    off = start
    for part in line.split("\t"):
        body = part.strip(" \u3000\r")
        lead = len(part) - len(part.lstrip(" \u3000"))
        cells.append(_Cell(body, off + lead))
        off += len(part) + 1
    return cells


def _is_row_line(line: str) -> bool:
    """A table row written on one line: at least two cells once a leading indent is dropped
    (a line holding one tab-indented cell belongs to a one-cell-per-line table), or a
    Markdown pipe row."""
    if "\t" in line.removeprefix("\t"):
        return True
    return "|" in line and pipe_row(line, 0) is not None


def _names_table(line: str) -> bool:
    s = line.strip()
    return "表" in s and len(s) <= 60


def _blocks(text: str) -> list[_Block]:
    """Runs of row lines. Blank lines and page numbers do not end a run (a page break inside
    a table); any other line does, and a line naming a table titles the runs after it.

    Only the runs that can hold a scored sub-table are split into cells: its header names
    分值 or 得分 (``_header``, spaces removed), so a run with neither in any line has none,
    and most runs of a report (its 公开 tables) are left unsplit."""
    if _SCORE_WORDS.search(text) is None:
        return []  # no line names 分值 or 得分 (a line's words are the text's): no block kept
    runs: list[tuple[str, list[tuple[str, int]]]] = []
    title = ""
    current: list[tuple[str, int]] | None = None
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if _is_row_line(line):
            if current is None:
                current = []
                runs.append((title, current))
            current.append((line, start))
            continue
        if not line.strip() or _PAGE_NUMBER.match(line) or ("-" in line and is_pipe_rule(line)):
            continue
        current = None
        if _names_table(line):
            title = line.strip()
    return [
        _Block(title, [_split(line, start) for line, start in lines])
        for title, lines in runs
        if any("分" in line and _SCORE_WORDS.search(line) for line, _ in lines)
    ]


def _plain_number(cell: _Cell | None) -> bool:
    """A bare figure (10, 9.5, 456.9): what a 分值 or 得分 cell holds."""
    return cell is not None and bool(cell.text) and parse_decimal(cell.text) is not None


def _numberish(cell: _Cell | None) -> bool:
    """Empty, a dash, a figure or a percentage: what a money or rate cell may hold."""
    if cell is None or not cell.clean or cell.clean in ("-", "—", "——", "/", "／"):
        return True
    return parse_decimal(normalise_digits(cell.text)) is not None


def _kind(title: str) -> TableKind:
    if "评分" in title and "自评" not in title:
        return TableKind.SCORING
    return TableKind.PERFORMANCE


def _header(cells: list[_Cell]) -> _Header | None:
    """The header of a scored sub-table: a line with no figure that names 分值 or 得分."""
    cleans = [c.clean for c in cells]
    points = next((i for i, t in enumerate(cleans) if _POINTS.match(t)), None)
    score = next((i for i, t in enumerate(cleans) if _SCORE.match(t)), None)
    if (points is None and score is None) or any(_plain_number(c) for c in cells):
        return None
    last = max(i for i, t in enumerate(cleans) if t)
    indicators = any(w in t for t in cleans for w in _INDICATOR_WORDS)
    if indicators:
        first = 0
    else:
        # a budget block: the columns start at the first figure header; before it stand the
        # caption (资金情况（万元）) and the header of the row labels (年度资金总额)
        first = next(
            (
                i
                for i, t in enumerate(cleans)
                if any(w in t for w in _VALUE_WORDS) and not _CAPTION_UNIT.search(t)
            ),
            0,
        )
    return _Header(cells, points, score, first, last, indicators)


def _caption_column(header: _Header, rows: list[list[_Cell]]) -> bool:
    """Is the header's first cell a caption merged down the rows (绩效指标, 资金情况)? Then the
    rows leave it empty, and a row that fills it starts something else."""
    return bool(_text_at(header.cells, 0)) and bool(rows) and not _text_at(rows[0], 0)


def _total_label(cells: list[_Cell]) -> str | None:
    first = next((c.clean for c in cells if c.clean), "")
    return first if first in _TOTAL_NAMES or first.startswith("总分") else None


def _shift(cells: list[_Cell], header: _Header) -> int | None:
    """How far this row's cells stand from the header's: the rightmost placing, at most one
    cell either way, that puts a figure under both 分值 and 得分 (rightmost, since 实际完成值
    beside 分值 may be a figure too). None when no placing does."""
    pair = [p for p in (header.points, header.score) if p is not None]
    for s in _SHIFTS:
        if all(_plain_number(_at(cells, p + s)) for p in pair):
            return s
    return None


def _unit_of(header: _Header, pos: int, table_unit: str | None) -> str | None:
    """Points and scores are in 分; money columns in the table's unit; indicator values
    (年度指标值, 实际完成值) in no unit the table states."""
    name = header.name(pos)
    if pos in (header.points, header.score):
        return "分"
    if not header.indicators and any(w in name for w in _MONEY_WORDS):
        return table_unit
    return None


def _number(cell: _Cell, unit: str | None, page_of: PageOf | None) -> Number | None:
    """A figure as written, with its span; a percentage in %; anything else is text."""
    raw = cell.text
    n = make_number(raw, unit="%" if raw.endswith("%") else unit, start=cell.start)
    if n is not None and page_of is not None and n.span is not None:
        page = page_of(cell.start)
        if page:
            n.span = Span(start=n.span.start, end=n.span.end, page=page)
    return n


def _cells_of(
    cells: list[_Cell], header: _Header, shift: int, unit: str | None, page_of: PageOf | None
) -> list[Cell]:
    """The row's non-empty cells, each under the column the shift places it in."""
    out: list[Cell] = []
    for pos in range(header.first, header.last + 1):
        c = _at(cells, pos + shift)
        if c is None or not c.text:
            continue
        n = _number(c, _unit_of(header, pos, unit), page_of)
        out.append(Cell(column=pos - header.first, number=n, text="" if n else c.text))
    return out


def _span(cells: list[_Cell]) -> Span:
    filled = [c for c in cells if c.text]
    first, last = (filled[0], filled[-1]) if filled else (cells[0], cells[0])
    return Span(start=first.start, end=last.start + len(last.text))


def _total_row(
    cells: list[_Cell], label: str, header: _Header, page_of: PageOf | None
) -> tuple[Row, str | None]:
    """A 总分 row: its figures go, in order, to 分值 and 得分 wherever they stand (its merged
    cells make its positions the least reliable of all). A note when they stand elsewhere."""
    nums = [c for c in cells if _plain_number(c)]
    targets = [p for p in (header.points, header.score) if p is not None][-len(nums) :]
    row = Row(name=label, is_total=True, span=_span(cells))
    note = None
    if len(nums) > len(targets) or not nums:
        return row, f"{label} row: {len(nums)} figures for {len(targets)} score columns, not read"
    for pos, c in zip(targets, nums, strict=True):
        row.cells.append(Cell(column=pos - header.first, number=_number(c, "分", page_of)))
        if cells.index(c) != pos:
            note = f"{label} row: figures read as {', '.join(header.name(p) for p in targets)}"
    return row, note


def _budget_row(cells: list[_Cell], header: _Header) -> bool:
    """Does this line read as a row of the budget block? Figures (or nothing) under every
    figure header."""
    for pos in range(header.first, header.last + 1):
        if any(w in header.name(pos) for w in _VALUE_WORDS) and not _numberish(_at(cells, pos)):
            return False
    return True


@dataclass
class _Group:
    """The 一级指标 a row belongs to: carried down from the row that names it."""

    name: str | None = None


def _indicator_row(
    cells: list[_Cell],
    header: _Header,
    shift: int,
    group: _Group,
    unit: str | None,
    page_of: PageOf | None,
    notes: list[str],
) -> Row | None:
    """An indicator row named by its 三级指标 (or its first words), its cells placed by
    ``shift``, found from where its 分值 / 得分 pair stands."""
    out = _cells_of(cells, header, shift, unit, page_of)
    level1 = header.find("一级指标")
    level3 = header.find("三级指标")
    if level1 is not None and _text_at(cells, level1 + shift):
        group.name = _text_at(cells, level1 + shift)
    name = _text_at(cells, level3 + shift) if level3 is not None else ""
    if not name:
        name = next((c.clean for c in cells if c.clean and not _numberish(c)), "")
    if not name and not out:
        return None
    if shift:
        notes.append(f"row {name}: cells stand {shift:+d} from the header; read from there")
    return Row(name=name, side=group.name, cells=out, span=_span(cells))


def _budget_label(cells: list[_Cell], header: _Header) -> tuple[str, str | None]:
    """The row's label (合计, 年度资金总额 …) and the header over the labels, if printed."""
    label = "".join(c.clean for c in cells[: header.first] if c.clean)
    over = next(
        (
            c.clean
            for c in reversed(header.cells[: header.first])
            if c.clean and not _CAPTION_UNIT.search(c.clean)
        ),
        None,
    )
    return label, over


def _read_table(
    lines: list[list[_Cell]], header: _Header, title: str, page_of: PageOf | None
) -> Table:
    """The rows after ``header`` until the next header, a 总分 row (taken) or a line that
    does not fit (not taken)."""
    caption = " ".join(
        c.clean
        for i, c in enumerate(header.cells[: header.first])
        if c.clean and (i == 0 or _CAPTION_UNIT.search(c.clean))
    )
    m = _CAPTION_UNIT.search(caption) or _CAPTION_UNIT.search(title)
    unit = m.group(1) if m else None
    columns = [Column(name=header.name(p)) for p in range(header.first, header.last + 1)]
    table = Table(
        kind=_kind(title),
        title=title,
        unit=unit,
        columns=columns,
        notes=[f"tab-separated table read by its header ({len(columns)} columns)"],
    )
    if caption and not header.indicators:
        table.notes.append(f"caption: {caption}")
    caption_col = _caption_column(header, lines)
    group = _Group()
    end = header.cells[-1]
    for cells in lines:
        if _header(cells) is not None:
            break
        label = _total_label(cells)
        if label is not None and (header.indicators or label != "合计"):
            total, note = _total_row(cells, label, header, page_of)
            table.rows.append(total)
            table.notes += [note] if note else []
            end = max(cells, key=lambda c: c.start if c.text else -1)
            break
        shift = (_shift(cells, header) or 0) if header.indicators else 0
        if caption_col and _text_at(cells, shift):
            break
        row: Row | None
        if header.indicators:
            row = _indicator_row(cells, header, shift, group, unit, page_of, table.notes)
        elif _budget_row(cells, header):
            name, over = _budget_label(cells, header)
            out = _cells_of(cells, header, 0, unit, page_of)
            row = Row(name=name, side=over, cells=out, span=_span(cells)) if name else None
        else:
            break
        if row is not None:
            table.rows.append(row)
            end = max(cells, key=lambda c: c.start if c.text else -1)
    first = next((c for c in header.cells if c.text), header.cells[0])
    table.span = Span(start=first.start, end=max(end.start + len(end.text), first.start))
    if not header.indicators and any(r.name == "合计" for r in table.rows):
        table.notes.append("合计 is the scored line of the budget block, not a 总分: not a total")
    return table


def _tables_of_block(block: _Block, page_of: PageOf | None) -> list[Table]:
    """Every scored sub-table of one block, each starting at its header line."""
    tables: list[Table] = []
    for i, cells in enumerate(block.lines):
        header = _header(cells)
        if header is None:
            continue
        table = _read_table(block.lines[i + 1 :], header, block.title, page_of)
        if any(c.number for r in table.rows for c in r.cells):
            tables.append(table)
    return tables


def _overlaps(table: Table, known: Sequence[Table]) -> bool:
    """Already read as a score table by another parser (the one-cell-per-line reader)."""
    if table.span is None:
        return False
    return any(
        t.kind in (TableKind.PERFORMANCE, TableKind.SCORING)
        and t.span is not None
        and t.span.start < table.span.end
        and table.span.start < t.span.end
        for t in known
    )


def parse_score_tables(
    text: str, known: Sequence[Table] = (), page_of: PageOf | None = None
) -> list[Table]:
    """The scored tables (自评表, 评分表) printed as tab-separated rows, left out where
    ``known`` already holds a score table read from the same lines."""
    tables: list[Table] = []
    for block in _blocks(text):
        for table in _tables_of_block(block, page_of):
            if not _overlaps(table, known):
                tables.append(table)
    return tables
