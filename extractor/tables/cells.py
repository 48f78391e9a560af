"""Tab-separated lines as cells with offsets, and what every layout asks of them: is this a
number, a code, a total; which unit the table states; where the value columns stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.numbers import make_number, parse_decimal
from verifier.report import Span, Table, TableKind

# Compiled once: these run on every line of a report.
_UNIT = re.compile(r"单位\s*[：:]\s*(亿元|万元|千元|元)")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
LABEL = re.compile(r"公开\s*0?\d\s*表")
_TOTAL_NAMES = ("合计", "总计", "小计")
_ONE_SIDED = {
    TableKind.G02,
    TableKind.G03,
    TableKind.G05,
    TableKind.G08,
    TableKind.G09,
    TableKind.BUDGET,
}


@dataclass(slots=True)  # slotted: one per cell of every tab-separated table line
class TextCell:
    text: str
    start: int

    @property
    def clean(self) -> str:
        return "".join(self.text.split())  # every blank out, as squeeze does


@dataclass(slots=True)
class TextLine:
    start: int
    cells: list[TextCell]

    def at(self, i: int) -> TextCell | None:
        return self.cells[i] if 0 <= i < len(self.cells) else None

    def text_at(self, i: int) -> str:
        c = self.at(i)
        return c.clean if c else ""


def tab_lines(text: str, start: int, end: int) -> list[TextLine]:
    """The lines of cells between ``start`` and ``end``: tab-separated lines, and the rows of
    a Markdown pipe table (a converter's other way of writing the same cells), so that one
    table is read alike in either form."""
    lines: list[TextLine] = []
    pos = start
    for raw in text[start:end].split("\n"):
        if "\t" in raw:
            cells, off = [], 0
            for part in raw.split("\t"):
                lead = len(part) - len(part.lstrip())
                cells.append(TextCell(part.strip(), pos + off + lead))
                off += len(part) + 1
            lines.append(TextLine(pos, cells))
        elif "|" in raw and (piped := pipe_row(raw, pos)) is not None:
            lines.append(TextLine(pos, piped))
        pos += len(raw) + 1
    return lines


def pipe_row(raw: str, pos: int) -> list[TextCell] | None:
    """The cells of a Markdown pipe row standing at ``pos``; None for any other line, the
    rule under a header (|---|---|) included."""
    m = _PIPE_ROW.match(raw)
    if m is None or is_pipe_rule(raw):
        return None
    return _pipe_cells(m.group(1), pos + m.start(1))


def is_pipe_rule(raw: str) -> bool:
    """The |---|:---:| under a pipe table's header: nothing but dashes, alignment colons,
    pipes and blanks (a cell may be empty: |---|---||), and a dash."""
    return "-" in raw and not raw.translate(_RULE_CHARS)


_PIPE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_RULE_CHARS = str.maketrans("", "", "|-: \t\u3000\r")  # what a rule holds, deleted
_MARKUP = re.compile(r"<br\s*/?>|\*\*")


def _pipe_cells(inner: str, at: int) -> list[TextCell]:
    """The cells of a pipe row's inside (``inner``, standing at ``at``), without the line
    breaks (<br>) and bold marks converters write into them. A cell keeps the offset of its
    text in the source; a figure the marks cut (4816<br>.14) is no figure there, so it
    stays as written and is not read as one."""
    cells: list[TextCell] = []
    off = 0
    for part in inner.split("|"):
        text = _MARKUP.sub("", part).strip() if "<" in part or "*" in part else part.strip()
        found = part.find(text) if text else 0
        if found < 0:  # marks inside the text: a label reads without them, a figure does not
            if is_number(text):
                text = part.strip()
                found = part.find(text)
            else:
                found = len(part) - len(part.lstrip())
        if cells and text.isdigit() and _FIGURE_HEAD.fullmatch(cells[-1].text):
            # 754.|75: a converter cut one figure in two cells; one cell, unreadable (as
            # extractor.tables.tokens reads it), so that the columns after it stay in place
            cells[-1].text += "|" + text
        else:
            cells.append(TextCell(text, at + off + found))
        off += len(part) + 1
    return cells


_FIGURE_HEAD = re.compile(r"-?[\d,]+\.")  # a figure's head the converter cut its decimals off


def cell_number(cell: TextCell | None, unit: str | None, page_of=None):
    if cell is None or not cell.text:
        return None
    n = make_number(cell.text, unit=unit, start=cell.start)
    if n is not None and page_of is not None and n.span is not None:
        page = page_of(cell.start)
        if page:
            n.span = Span(start=n.span.start, end=n.span.end, page=page)
    return n


def is_number(text: str) -> bool:
    return bool(text) and parse_decimal(text) is not None


def stated_unit(text: str, start: int, end: int) -> str | None:
    m = _UNIT.search(text, start, min(end, start + 600))
    return m.group(1) if m else None


def infer_unit(table: Table) -> None:
    """No unit printed: amounts over a million with cents are 元; otherwise 万元. Said so."""
    values = [c.number for r in table.rows for c in r.cells if c.number is not None]
    if not values:
        return
    big = max(abs(n.value) for n in values)
    table.unit = "元" if big >= 1_000_000 else "万元"
    table.unit_inferred = True
    table.notes.append(f"no unit stated; inferred {table.unit} from the size of the figures")
    for n in values:
        n.unit = table.unit


def is_total(name: str) -> bool:
    return any(name.endswith(t) or name == t for t in _TOTAL_NAMES) or name.startswith("总计")


def header_name(header_rows: list[TextLine], pos: int) -> str:
    parts = []
    for line in header_rows:
        t = line.text_at(pos)
        if t and not LABEL.fullmatch(t) and t not in parts and "决算表" not in t:
            parts.append(t)
    return "".join(parts)


def split_header(lines: list[TextLine]) -> tuple[list[TextLine], TextLine | None, list[TextLine]]:
    """Header rows, the 栏次 row (if any), data rows."""
    for i, line in enumerate(lines):
        if any("栏" in c.text and c.clean == "栏次" for c in line.cells):  # 栏 first: cheap
            return lines[:i], line, lines[i + 1 :]
    for i, line in enumerate(lines):
        if any(is_number(c.text) for c in line.cells[1:]) or line.text_at(0) in ("合计",):
            return lines[:i], None, lines[i:]
    return lines, None, []


def value_positions(lanci: TextLine | None, data: list[TextLine], first: int) -> list[int]:
    if lanci is not None:
        pos = [i for i, c in enumerate(lanci.cells) if c.clean.isdigit()]
        if pos:
            return pos
    width = max((len(d.cells) for d in data), default=0)
    return list(range(first, width))
