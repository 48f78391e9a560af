"""The printed layouts of the 公开 tables: one-sided (a column per fund source), two-sided
(收入 beside 支出: 公开01/04), 基本支出 by economic class side by side (公开06), 三公 with
budget and actual (公开07). Each turns tab-separated lines into a Table.
"""

from __future__ import annotations

from extractor.tables.build import number_cell, row, text_cell
from extractor.tables.cells import (
    CODE,
    TextLine,
    cell_number,
    header_name,
    is_number,
    is_total,
    split_header,
    value_positions,
)
from verifier.report import Cell, Column, Row, Span, Table, TableKind


def one_sided(text, lines, kind, title, unit, page_of) -> Table:
    header, lanci, data = split_header(lines)
    positions = value_positions(lanci, data, 2)
    columns = [Column(name=header_name(header, p) or f"列{k + 1}") for k, p in enumerate(positions)]
    table = Table(kind=kind, title=title, unit=unit, columns=columns)
    first_value = positions[0] if positions else 2
    for line in data:
        texts = [line.text_at(i) for i in range(first_value)]
        code = next((t for t in texts if CODE.match(t)), None)
        name = next((t for t in texts if t and not CODE.match(t)), "")
        cells = []
        for k, p in enumerate(positions):
            cell = line.at(p)
            n = cell_number(cell, unit, page_of)
            if n is not None:
                cells.append(number_cell(k, n))
            elif cell is not None and cell.text:
                cells.append(text_cell(k, cell.text))
        if not code and not name:
            continue
        if not any(c.number for c in cells) and not code and not is_total(name):
            continue  # a repeated title or header line inside the table
        if "栏次" in name or name in ("科目代码", "科目编码", "功能分类科目编码"):
            continue
        end = line.cells[-1].start + len(line.cells[-1].text)
        table.rows.append(row(name, code, code is None and is_total(name), cells, line.start, end))
    return table


def _two_sided(text, lines, kind, title, unit, page_of) -> Table:
    """公开01 / 公开04: 收入 | 支出 side by side, each side 项目, 行次 where its header prints
    one (the national template; Shanghai's prints none), then its value columns."""
    header, _lanci, data = split_header(lines)
    names_row = next((h for h in header if sum(c.clean == "项目" for c in h.cells) >= 2), None)
    if names_row is None:
        names_row = header[-1] if header else TextLine(0, [])
    item_pos = [i for i, c in enumerate(names_row.cells) if c.clean == "项目"] or [0, 3]
    left, right = item_pos[0], item_pos[1] if len(item_pos) > 1 else 3
    width = max([len(names_row.cells)] + [len(d.cells) for d in data])
    sides = [("收入", left, right), ("支出", right, width)]
    table = Table(kind=kind, title=title, unit=unit)
    side_cols: dict[str, list[tuple[int, int]]] = {}
    # a side's 行次 column, where its header prints one: the national template prints
    # 项目 | 行次 | 决算数, Shanghai's 项目 | 决算数 (a figure there is no line number)
    numbered = {side: names_row.text_at(lo + 1) in ("行次", "") for side, lo, _hi in sides}
    for side, lo, hi in sides:
        cols = []
        for p in range(lo + (2 if numbered[side] else 1), hi):
            name = names_row.text_at(p) or "金额"
            table.columns.append(Column(name=name, side=side))
            cols.append((p, len(table.columns) - 1))
        side_cols[side] = cols
    for line in data:
        for side, lo, _hi in sides:
            name = line.text_at(lo)
            cells = []
            for p, ci in side_cols[side]:
                n = cell_number(line.at(p), unit, page_of)
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
                    line=(line.text_at(lo + 1) or None) if numbered[side] else None,
                    is_total=is_total(name),
                    cells=cells,
                    span=Span(start=start, end=max(end, start)),
                )
            )
    return table


def _basic_detail(text, lines, kind, title, unit, page_of) -> Table:
    """公开06: 人员经费 and 公用经费 blocks side by side, read into one list of rows."""
    header, _lanci, data = split_header(lines)
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
                    (
                        m
                        for q in range(i + 1, stop)
                        if (m := cell_number(line.at(q), unit, page_of))
                    ),
                    None,
                )
                head, opens = _stub(line, i)
                name = head + line.cells[i].clean
                side = "人员经费" if "人员" in name else "公用经费" if "公用" in name else None
                end = n.span.end if n is not None and n.span else line.cells[i].start
                totals.append(
                    Row(name=name, side=side, is_total=True,
                        cells=[Cell(column=0, number=n)] if n is not None else [],
                        span=Span(start=line.cells[opens].start, end=end))
                )  # fmt: skip
            continue
        for k, p in enumerate(value_pos):
            code_t, name_t = line.text_at(p - 2), line.text_at(p - 1)
            n = cell_number(line.at(p), unit, page_of)
            if CODE.match(code_t):
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


def _stub(line: TextLine, i: int) -> tuple[str, int]:
    """The head of cell ``i``'s label that a converter cut off into the cells before it
    (人 | 员经费合计: the total's label spans the code and name columns as printed): their
    words back to the previous figure, code or label, and the cell the label starts in."""
    head: list[str] = []
    first = i
    for q in range(i - 1, -1, -1):
        t = line.cells[q].clean
        if is_number(t) or CODE.match(t) or t.endswith("合计"):
            break
        if t:
            head.append(t)
            first = q
    return "".join(reversed(head)), first


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
        d for d in lines if any(is_number(c.text) for c in d.cells) and not _column_numbers(d)
    ]
    width = max((len(d.cells) for d in rows_with_values), default=0)
    first = lines.index(rows_with_values[0]) if rows_with_values else len(lines)
    header = [h for h in lines[:first] if not _column_numbers(h)]
    table = Table(kind=kind, title=title, unit=unit)
    names = _three_public_names(header, width)
    trusted = names is not None and all(
        is_number(d.text_at(p)) for d in rows_with_values for p in range(width)
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
            n = cell_number(line.at(p), unit, page_of)
            if n is not None:
                cells.append(Cell(column=p, number=n))
        table.rows.append(
            Row(name="决算", cells=cells, span=Span(start=line.start, end=line.start))
        )
    return table


def _column_numbers(line: TextLine) -> bool:
    """The printed column numbering 1 2 3 … is not a row of figures."""
    nums = [c.clean for c in line.cells if c.clean]
    return len(nums) > 2 and nums == [str(i) for i in range(1, len(nums) + 1)]


def _three_public_names(header: list[TextLine], width: int) -> list[tuple[str, str]] | None:
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


PARSERS = {
    TableKind.G01: _two_sided,
    TableKind.G04: _two_sided,
    TableKind.G06: _basic_detail,
    TableKind.G07: _three_public,
}
