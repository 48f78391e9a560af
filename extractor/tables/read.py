"""Parse well-formed tables (tab-separated rows, Markdown pipe tables) into Table objects.

The segmenter has already found each standard table's section (公开01–09, by title and label,
with a table split by a page break kept in one section); here its tab-separated lines become
rows. Column positions come from the 栏次 row when printed (it numbers every value column), or
from the header row, so that empty cells keep their place. Every number keeps its raw text and
the span where it stands. One-cell-per-line tables are read by extractor.tables.loose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.source import Source
from extractor.tables.loose import parse_loose_tables
from extractor.tables.scores import parse_score_tables
from verifier.numbers import make_number, parse_decimal
from verifier.report import Cell, Column, Row, Section, SectionKind, Span, Table, TableKind

_UNIT = re.compile(r"单位\s*[：:]\s*(亿元|万元|千元|元)")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_LABEL = re.compile(r"公开\s*0?\d\s*表")
_TOTAL_NAMES = ("合计", "总计", "小计")
_ONE_SIDED = {
    TableKind.G02,
    TableKind.G03,
    TableKind.G05,
    TableKind.G08,
    TableKind.G09,
    TableKind.BUDGET,
}


@dataclass
class _Cell:
    text: str
    start: int

    @property
    def clean(self) -> str:
        return re.sub(r"\s+", "", self.text)


@dataclass
class _Line:
    start: int
    cells: list[_Cell]

    def at(self, i: int) -> _Cell | None:
        return self.cells[i] if 0 <= i < len(self.cells) else None

    def text_at(self, i: int) -> str:
        c = self.at(i)
        return c.clean if c else ""


def _tab_lines(text: str, start: int, end: int) -> list[_Line]:
    lines: list[_Line] = []
    pos = start
    for raw in text[start:end].split("\n"):
        if "\t" in raw:
            cells, off = [], 0
            for part in raw.split("\t"):
                lead = len(part) - len(part.lstrip())
                cells.append(_Cell(part.strip(), pos + off + lead))
                off += len(part) + 1
            lines.append(_Line(pos, cells))
        pos += len(raw) + 1
    return lines


def _number(cell: _Cell | None, unit: str | None, page_of=None):
    if cell is None or not cell.text:
        return None
    n = make_number(cell.text, unit=unit, start=cell.start)
    if n is not None and page_of is not None and n.span is not None:
        page = page_of(cell.start)
        if page:
            n.span = Span(start=n.span.start, end=n.span.end, page=page)
    return n


def _is_number(text: str) -> bool:
    return bool(text) and parse_decimal(text) is not None


def _unit(text: str, start: int, end: int) -> str | None:
    m = _UNIT.search(text, start, min(end, start + 600))
    return m.group(1) if m else None


def _infer_unit(table: Table) -> None:
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


def _is_total(name: str) -> bool:
    return any(name.endswith(t) or name == t for t in _TOTAL_NAMES) or name.startswith("总计")


def _header_name(header_rows: list[_Line], pos: int) -> str:
    parts = []
    for line in header_rows:
        t = line.text_at(pos)
        if t and not _LABEL.fullmatch(t) and t not in parts and "决算表" not in t:
            parts.append(t)
    return "".join(parts)


def _split_header(lines: list[_Line]) -> tuple[list[_Line], _Line | None, list[_Line]]:
    """Header rows, the 栏次 row (if any), data rows."""
    for i, line in enumerate(lines):
        if any(c.clean == "栏次" for c in line.cells):
            return lines[:i], line, lines[i + 1 :]
    for i, line in enumerate(lines):
        if any(_is_number(c.text) for c in line.cells[1:]) or line.text_at(0) in ("合计",):
            return lines[:i], None, lines[i:]
    return lines, None, []


def _value_positions(lanci: _Line | None, data: list[_Line], first: int) -> list[int]:
    if lanci is not None:
        pos = [i for i, c in enumerate(lanci.cells) if c.clean.isdigit()]
        if pos:
            return pos
    width = max((len(d.cells) for d in data), default=0)
    return list(range(first, width))


def _one_sided(text, lines, kind, title, unit, page_of) -> Table:
    header, lanci, data = _split_header(lines)
    positions = _value_positions(lanci, data, 2)
    columns = [
        Column(name=_header_name(header, p) or f"列{k + 1}") for k, p in enumerate(positions)
    ]
    table = Table(kind=kind, title=title, unit=unit, columns=columns)
    first_value = positions[0] if positions else 2
    for line in data:
        texts = [line.text_at(i) for i in range(first_value)]
        code = next((t for t in texts if _CODE.match(t)), None)
        name = next((t for t in texts if t and not _CODE.match(t)), "")
        cells = []
        for k, p in enumerate(positions):
            cell = line.at(p)
            n = _number(cell, unit, page_of)
            if n is not None:
                cells.append(Cell(column=k, number=n))
            elif cell is not None and cell.text:
                cells.append(Cell(column=k, text=cell.text))
        if not code and not name:
            continue
        if not any(c.number for c in cells) and not code and not _is_total(name):
            continue  # a repeated title or header line inside the table
        if "栏次" in name or name in ("科目代码", "科目编码", "功能分类科目编码"):
            continue
        table.rows.append(
            Row(
                name=name,
                code=code,
                is_total=code is None and _is_total(name),
                cells=cells,
                span=Span(start=line.start, end=line.cells[-1].start + len(line.cells[-1].text)),
            )
        )
    return table


def _two_sided(text, lines, kind, title, unit, page_of) -> Table:
    """公开01 / 公开04: 收入 | 支出 side by side, each side with 项目 / 行次 / value columns."""
    header, _lanci, data = _split_header(lines)
    names_row = next((h for h in header if sum(c.clean == "项目" for c in h.cells) >= 2), None)
    if names_row is None:
        names_row = header[-1] if header else _Line(0, [])
    item_pos = [i for i, c in enumerate(names_row.cells) if c.clean == "项目"] or [0, 3]
    left, right = item_pos[0], item_pos[1] if len(item_pos) > 1 else 3
    width = max([len(names_row.cells)] + [len(d.cells) for d in data])
    sides = [("收入", left, right), ("支出", right, width)]
    table = Table(kind=kind, title=title, unit=unit)
    side_cols: dict[str, list[tuple[int, int]]] = {}
    for side, lo, hi in sides:
        cols = []
        for p in range(lo + 2, hi):
            name = names_row.text_at(p) or "金额"
            table.columns.append(Column(name=name, side=side))
            cols.append((p, len(table.columns) - 1))
        side_cols[side] = cols
    for line in data:
        for side, lo, _hi in sides:
            name = line.text_at(lo)
            cells = []
            for p, ci in side_cols[side]:
                n = _number(line.at(p), unit, page_of)
                if n is not None:
                    cells.append(Cell(column=ci, number=n))
            if not name and not cells:
                continue
            if "栏次" in name:
                continue
            first = line.at(lo)
            last_p = side_cols[side][-1][0] if side_cols[side] else lo
            last = line.at(last_p) or first
            start = first.start if first else line.start
            end = (last.start + len(last.text)) if last else start
            table.rows.append(
                Row(
                    name=name,
                    side=side,
                    line=line.text_at(lo + 1) or None,
                    is_total=_is_total(name),
                    cells=cells,
                    span=Span(start=start, end=max(end, start)),
                )
            )
    return table


def _basic_detail(text, lines, kind, title, unit, page_of) -> Table:
    """公开06: 人员经费 and 公用经费 blocks side by side, read into one list of rows."""
    header, _lanci, data = _split_header(lines)
    value_row = next((h for h in header if any(c.clean == "决算数" for c in h.cells)), None)
    value_pos = (
        [i for i, c in enumerate(value_row.cells) if c.clean == "决算数"] if value_row else []
    )
    if not value_pos:
        value_pos = [2, 5, 8]
    side_row = next(
        (h for h in header if any(c.clean in ("人员经费", "公用经费") for c in h.cells)), None
    )
    sides = []
    for k, p in enumerate(value_pos):
        label = ""
        if side_row is not None:
            for q in range(p - 2, -1, -1):
                t = side_row.text_at(q)
                if t:
                    label = t
                    break
        sides.append(label or ("人员经费" if k == 0 else "公用经费"))
    table = Table(kind=kind, title=title, unit=unit, columns=[Column(name="决算数")])
    blocks: list[list[Row]] = [[] for _ in value_pos]
    totals: list[Row] = []
    for line in data:
        labels = [i for i, c in enumerate(line.cells) if c.clean.endswith("合计")]
        if labels:
            # 人员经费合计 … 公用经费合计 …: each label takes the first figure after it
            for li, i in enumerate(labels):
                stop = labels[li + 1] if li + 1 < len(labels) else len(line.cells)
                n = next(
                    (m for q in range(i + 1, stop) if (m := _number(line.at(q), unit, page_of))),
                    None,
                )
                name = line.cells[i].clean
                side = "人员经费" if "人员" in name else "公用经费" if "公用" in name else None
                end = n.span.end if n is not None and n.span else line.cells[i].start
                totals.append(
                    Row(name=name, side=side, is_total=True,
                        cells=[Cell(column=0, number=n)] if n is not None else [],
                        span=Span(start=line.cells[i].start, end=end))
                )  # fmt: skip
            continue
        for k, p in enumerate(value_pos):
            code_t, name_t = line.text_at(p - 2), line.text_at(p - 1)
            n = _number(line.at(p), unit, page_of)
            if _CODE.match(code_t):
                code, name = code_t, name_t
            elif code_t or name_t:
                code, name = None, code_t or name_t
            else:
                if n is not None:
                    # a total whose label sits in another block's columns
                    code, name = None, f"{sides[k]}合计"
                else:
                    continue
            first = line.at(p - 2) or line.at(p)
            cells = [Cell(column=0, number=n)] if n is not None else []
            end = (n.span.end if n and n.span else first.start + len(first.text)) if first else 0
            blocks[k].append(
                Row(
                    name=name,
                    code=code,
                    side=sides[k],
                    is_total=code is None and ("合计" in name),
                    cells=cells,
                    span=Span(start=first.start if first else line.start, end=end),
                )
            )
    for rows in blocks:
        table.rows.extend(rows)
    table.rows.extend(totals)
    return table


def _three_public(text, lines, kind, title, unit, page_of) -> Table:
    """公开07: 预算数 | 决算数, each 合计 / 出国 / 用车 (小计, 购置, 运行) / 接待.

    The header names each leaf column on its lowest row that has a name (用车's 小计, 购置费,
    运行维护费 sit one row below 合计 and 出国), and 决算数 starts at the second 合计. The
    columns are named only when the row of figures can be trusted to stand under them: both
    sides alike and a figure in every cell. A text export that drops an empty cell shifts every
    figure after it, and nothing in the text says where; such a table keeps neutral column
    names (列1 …), so its checks say "columns not recognised" instead of failing on a shift.
    """
    rows_with_values = [
        d for d in lines if any(_is_number(c.text) for c in d.cells) and not _column_numbers(d)
    ]
    width = max((len(d.cells) for d in rows_with_values), default=0)
    first = lines.index(rows_with_values[0]) if rows_with_values else len(lines)
    header = [h for h in lines[:first] if not _column_numbers(h)]
    table = Table(kind=kind, title=title, unit=unit)
    names = _three_public_names(header, width)
    trusted = names is not None and all(
        _is_number(d.text_at(p)) for d in rows_with_values for p in range(width)
    )
    if names is not None and trusted:
        table.columns = [Column(name=n, side=side) for n, side in names]
        table.notes.append("columns read from the printed header")
    else:
        half = width // 2
        table.columns = [
            Column(name=f"列{p + 1}", side="预算数" if p < half else "决算数") for p in range(width)
        ]
        table.notes.append(
            "公开07: the figures do not line up with the printed header in the text (an empty"
            " cell lost, or the two sides of different widths), so its columns are not named"
            " and not checked; read them from the original"
        )
    for line in rows_with_values:
        cells = []
        for p in range(width):
            n = _number(line.at(p), unit, page_of)
            if n is not None:
                cells.append(Cell(column=p, number=n))
        table.rows.append(
            Row(name="决算", cells=cells, span=Span(start=line.start, end=line.start))
        )
    return table


def _column_numbers(line: _Line) -> bool:
    """The printed column numbering 1 2 3 … is not a row of figures."""
    nums = [c.clean for c in line.cells if c.clean]
    return len(nums) > 2 and nums == [str(i) for i in range(1, len(nums) + 1)]


def _three_public_names(header: list[_Line], width: int) -> list[tuple[str, str]] | None:
    """(name, side) of each of the ``width`` columns of 公开07, or None when the header does
    not give two like sides: the row naming 合计 twice, the row below it naming the parts of
    公务用车 (小计 becomes 公务用车购置及运行费小计)."""
    top = next(
        (i for i, h in enumerate(header) if [c.clean for c in h.cells].count("合计") == 2), None
    )
    if top is None or width == 0:
        return None
    upper = header[top]
    lower = header[top + 1] if top + 1 < len(header) else None
    second = [p for p, c in enumerate(upper.cells) if c.clean == "合计"][1]
    names: list[tuple[str, str]] = []
    group = ""
    for p in range(width):
        up = upper.text_at(p)
        down = lower.text_at(p) if lower else ""
        if up:
            group = up
        name = down or up
        if name == "小计":
            name = f"{group}小计"
        if not name:
            return None
        names.append((name, "预算数" if p < second else "决算数"))
    budget = [n for n, side in names if side == "预算数"]
    actual = [n for n, side in names if side == "决算数"]
    return names if budget == actual else None


_PARSERS = {
    TableKind.G01: _two_sided,
    TableKind.G04: _two_sided,
    TableKind.G06: _basic_detail,
    TableKind.G07: _three_public,
}


def _parse_section(source: Source, section: Section) -> Table | None:
    text = source.text
    kind = section.table_kind or TableKind.UNKNOWN
    lines = _tab_lines(text, section.span.start, section.span.end)
    if not lines:
        return None
    unit = _unit(text, section.span.start, section.span.end)
    parser = _PARSERS.get(kind, _one_sided)
    page_of = source.page_of if source.pages else None
    label = _LABEL.search(text, section.span.start, section.span.end)
    table = parser(text, lines, kind, section.heading, unit, page_of)
    table.label = label.group(0) if label else None
    table.span = Span(start=section.span.start, end=section.span.end)
    if unit is None:
        _infer_unit(table)
    return table


_MD_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


def _markdown_tables(text: str) -> list[Table]:
    """Markdown pipe tables (PDF-to-Markdown conversions): header row, separator, rows."""
    tables: list[Table] = []
    pos = 0
    current: Table | None = None
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        m = _MD_ROW.match(raw)
        if not m:
            current = None
            continue
        if _MD_SEP.match(raw):
            continue
        cells, off = [], raw.index("|") + 1
        for part in m.group(1).split("|"):
            clean = part.replace("**", "").strip()
            lead = part.find(clean) if clean and clean in part else 0
            cells.append(_Cell(clean, start + off + max(lead, 0)))
            off += len(part) + 1
        if current is None:
            unit = _unit(text, max(0, start - 300), start + 1)
            current = Table(
                kind=TableKind.UNKNOWN,
                title="",
                unit=unit,
                columns=[Column(name=re.sub(r"<br>|\s", "", c.text)) for c in cells[1:]],
                notes=["Markdown pipe table: kind not recognised"],
                span=Span(start=start, end=start + len(raw)),
            )
            tables.append(current)
            continue
        row_cells = []
        for k, c in enumerate(cells[1:]):
            if "**" in text[c.start : c.start + len(c.text) + 2] or "<br>" in c.text:
                continue
            n = _number(c, current.unit)
            if n is not None and text[n.span.start : n.span.end] == n.raw:
                row_cells.append(Cell(column=k, number=n))
        name = re.sub(r"<br>|\s|\*", "", cells[0].text) if cells else ""
        code = name if _CODE.match(name) else None
        current.rows.append(
            Row(
                name=name,
                code=code,
                is_total=_is_total(name),
                cells=row_cells,
                span=Span(start=start, end=start + len(raw)),
            )
        )
        current.span = Span(start=current.span.start, end=start + len(raw))
    return [t for t in tables if any(c.number for r in t.rows for c in r.cells)]


def _unit_from_siblings(tables: list[Table]) -> None:
    """A 公开 table that prints no unit takes the one every other 公开 table of the report
    states: the nine tables of a 部门决算 share a unit, and the size of a few 三公 figures
    (5753 is 元 in a report whose tables are all in 元) cannot tell 元 from 万元. Where no
    table states one, figures over a million with 分 are 元 beyond doubt (in 万元 they would
    be a department spending 百亿), and that unit is the report's."""
    stated = {t.unit for t in tables if t.unit is not None and not t.unit_inferred}
    if not stated:
        stated = {t.unit for t in tables if t.unit_inferred and t.unit == "元"}
    if len(stated) != 1:
        return
    (unit,) = stated
    for t in tables:
        if t.unit_inferred and t.unit != unit:
            t.unit = unit
            t.notes = [n for n in t.notes if not n.startswith("no unit stated")]
            t.notes.append(f"no unit stated; took {unit}, the unit of the report's other tables")
            for r in t.rows:
                for c in r.cells:
                    if c.number is not None:
                        c.number.unit = unit


def parse_tables(source: Source, sections: list[Section]) -> list[Table]:
    tables: list[Table] = []
    for section in sections:
        if section.kind == SectionKind.TABLE and section.table_kind is not None:
            table = _parse_section(source, section)
            if table is not None and table.rows:
                tables.append(table)
    _unit_from_siblings(tables)
    tables.extend(_markdown_tables(source.text))
    tables.extend(parse_loose_tables(source.text))
    tables.extend(parse_score_tables(source.text, tables, source.page_of if source.pages else None))
    return tables
