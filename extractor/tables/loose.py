"""Tables flattened one cell per line (DOCX conversions): 基础数据表, 自评表, 收支情况表.

A converter that writes each cell of a Word table on its own tab-indented line loses the row
breaks, so the structure has to be found again. The rules here are deliberately narrow: a run
of header cells (年初预算数, 全年执行数, 分值, 得分 …) fixes the width k, and each following row
is a label followed by k cells. A row is accepted only while its cells look like what the
header promises (numbers under money, rate and score headers); the first row that does not
ends the table. What cannot be read this way is left to the model (extractor.llm.run) or noted,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.numbers import make_number, normalise_digits, parse_decimal
from verifier.report import Cell, Column, Row, Span, Table, TableKind

_HEADER_WORDS = ("数", "率", "值", "分值", "得分", "合计", "支出", "收入", "结余", "规模", "投资")
_TEXT_HEADERS = ("指标", "原因", "措施", "说明", "名称", "情况", "标准")
_MONEY_OR_SCORE = ("数", "率", "分值", "得分", "合计", "金额", "规模", "投资", "结余", "支出")
_DASH = {"——", "—", "-", "--", "/", "／"}
_UNIT = re.compile(r"[（(]\s*(万元|元|人|个)\s*[)）]")


@dataclass
class _Cell:
    text: str  # the cell with its continuation lines joined
    start: int  # offset of the first character after the tab
    end: int
    lines: int = 1


def _cells(text: str, start: int, end: int) -> list[_Cell]:
    """The cells of a one-cell-per-line block: tab-indented lines, each possibly continued by
    short unindented lines (a Word cell whose text wrapped)."""
    cells: list[_Cell] = []
    pos = start
    prev_blank = False
    for line in text[start:end].split("\n"):
        line_start = pos
        pos += len(line) + 1
        if line.startswith("\t"):
            body = line[1:]
            lead = len(body) - len(body.lstrip(" \u3000\t"))
            stripped = body.strip(" \u3000\t")
            s = line_start + 1 + lead
            cells.append(_Cell(stripped, s, s + len(stripped)))
            prev_blank = False
        elif line.strip() == "":
            prev_blank = True
        elif cells and (not prev_blank or len(line.strip()) <= 12):
            c = cells[-1]
            c.text = f"{c.text}{line.strip()}"
            c.lines += 1
            prev_blank = False
        else:
            prev_blank = False
    return cells


def _is_numberish(s: str) -> bool:
    t = normalise_digits(s).lstrip("≥≤<>＞＜")
    return s.strip() == "" or s.strip() in _DASH or parse_decimal(t) is not None


def _is_caption(s: str) -> bool:
    """A row caption such as 经费控制情况（万元）: it names a block, it is not a column."""
    return bool(_UNIT.search(s)) or s.endswith("情况")


def _is_header(s: str) -> bool:
    if not s or len(s) > 12 or _is_numberish(s) or _is_caption(s):
        return False
    return any(w in s for w in _HEADER_WORDS + _TEXT_HEADERS)


def _numeric_header(h: str) -> bool:
    """Columns whose cells must be numbers (money, rates, scores); 指标值 columns hold text."""
    return any(w in h for w in _MONEY_OR_SCORE) and not any(w in h for w in _TEXT_HEADERS)


def _kind(title: str) -> TableKind:
    if "基础数据" in title:
        return TableKind.BASIC_DATA
    if "自评表" in title:
        return TableKind.PERFORMANCE
    if "评分" in title:
        return TableKind.SCORING
    if "收支" in title:
        return TableKind.INCOME_EXPENDITURE
    return TableKind.UNKNOWN


def _blocks(text: str) -> list[tuple[str, int, int]]:
    """(title, start, end) of each run of tab-indented lines, titled by the nearest line
    above it that names a table (…表)."""
    if not text.startswith("\t") and "\n\t" not in text:
        return []  # no line starts with a tab: no block
    blocks: list[tuple[str, int, int]] = []
    title = ""
    pos = 0
    block_start: int | None = None
    last_cell_end = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if line.startswith("\t"):
            if block_start is None:
                block_start = line_start
            last_cell_end = pos
            continue
        stripped = line.strip()
        if not stripped:
            continue
        names_table = stripped.endswith(("表", "表（续）", "表(续)")) and len(stripped) <= 60
        if block_start is not None and (len(stripped) > 40 or names_table):
            # a paragraph of prose, or the title of the next table, ends the block
            blocks.append((title, block_start, last_cell_end))
            block_start = None
        if block_start is None and names_table:
            title = stripped
    if block_start is not None:
        blocks.append((title, block_start, last_cell_end))
    return [b for b in blocks if b[2] - b[1] > 0]


def _number(cell: _Cell, unit: str | None):
    raw = cell.text
    t = normalise_digits(raw)
    if raw.endswith("%"):
        return make_number(raw, unit="%", start=cell.start)
    if parse_decimal(t) is None:
        return None
    return make_number(raw, unit=unit, start=cell.start)


def _read_rows(
    cells: list[_Cell], i: int, labels: int, headers: list[_Cell]
) -> tuple[list[list[_Cell]], int]:
    """Rows of ``labels`` label cells + len(headers) value cells, from index i, while they
    look right."""
    k = len(headers)
    numeric = [_numeric_header(h.text) for h in headers]
    rows: list[list[_Cell]] = []
    while i + labels + k <= len(cells):
        row = cells[i : i + labels + k]
        label_cells, values = row[:labels], row[labels:]
        if any(_is_numberish(c.text) and c.text for c in label_cells):
            break
        texts = [c.text for c in values if c.text]
        if not rows and texts and all(_is_header(t) for t in texts):
            break  # another header row, not data
        ok = all(
            _is_numberish(v.text) or not is_num for v, is_num in zip(values, numeric, strict=True)
        )
        if not ok:
            break
        rows.append(row)
        i += labels + k
    return rows, i


def parse_loose_tables(text: str) -> list[Table]:
    tables: list[Table] = []
    for title, start, end in _blocks(text):
        cells = _cells(text, start, end)
        kind = _kind(title)
        i = 0
        while i < len(cells):
            # a run of header cells
            j = i
            while j < len(cells) and _is_header(cells[j].text):
                j += 1
            if j - i < 2:
                i += 1
                continue
            headers = cells[i:j]
            best: tuple[list[list[_Cell]], int, int] | None = None
            if not any(_numeric_header(h.text) for h in headers):
                i = j
                continue
            for labels in (0, 1, 2):
                if i - labels < 0 or (labels == 0 and _numeric_header(headers[0].text)):
                    continue
                rows, nxt = _read_rows(cells, j, labels, headers)
                if rows and (best is None or len(rows) > len(best[0])):
                    best = (rows, nxt, labels)
            if best is None:
                i = j
                continue
            rows, nxt, labels = best
            if not any(_number(c, None) for row in rows for c in row[labels:] if c.text):
                i = nxt
                continue
            caption = " ".join(c.text for c in cells[i - labels : i] if c.text)
            m = _UNIT.search(caption) or _UNIT.search(title)
            unit = m.group(1) if m else None
            table = Table(
                kind=kind,
                title=title,
                unit=unit,
                columns=[Column(name=re.sub(r"\s+", "", h.text)) for h in headers],
                span=Span(start=cells[i - labels].start, end=rows[-1][-1].end),
                notes=[f"one-cell-per-line table read by header width ({len(headers)} columns)"],
            )
            if caption:
                table.notes.append(f"caption: {caption}")
            name_col = next((n for n, h in enumerate(headers) if "三级指标" in h.text), None)
            group_col = next((n for n, h in enumerate(headers) if "一级指标" in h.text), None)
            group = None
            for row in rows:
                values = row[labels:]
                label = "".join(c.text for c in row[:labels])
                if not label and name_col is not None:
                    label = values[name_col].text
                if not label:
                    label = next(
                        (c.text for c in values if c.text and not _is_numberish(c.text)), ""
                    )
                if group_col is not None and values[group_col].text:
                    group = re.sub(r"\s+", "", values[group_col].text)
                out = Row(
                    name=re.sub(r"\s+", "", label),
                    side=group,
                    is_total=label.strip().startswith(("合计", "总计", "总分")),
                    span=Span(start=row[0].start, end=row[-1].end),
                )
                for ci, c in enumerate(row[labels:]):
                    n = _number(c, unit)
                    out.cells.append(Cell(column=ci, number=n, text="" if n else c.text))
                table.rows.append(out)
            nxt = _total_row(cells, nxt, headers, unit, table)
            prev = tables[-1] if tables else None
            if prev is not None and _continues(prev, table):
                prev.rows.extend(table.rows)
                prev.notes.append(f"continued under {table.title}")
                assert prev.span is not None and table.span is not None
                prev.span = Span(start=prev.span.start, end=table.span.end)
            else:
                tables.append(table)
            i = nxt
    return tables


def _continues(prev: Table, table: Table) -> bool:
    """A table titled …（续） with the same columns continues the one before it."""
    title = table.title.replace("(", "（").replace(")", "）")
    return (
        title.endswith("（续）")
        and [c.name for c in prev.columns] == [c.name for c in table.columns]
        and prev.kind == table.kind
    )


def _total_row(
    cells: list[_Cell], i: int, headers: list[_Cell], unit: str | None, table: Table
) -> int:
    """A closing 总分 / 合计 row written shorter than the others (its merged cells collapsed):
    its numbers go, in order, to the numeric columns it can fill, counted from the right."""
    if i >= len(cells) or cells[i].text.replace(" ", "") not in ("总分", "合计", "总计"):
        return i
    label = cells[i]
    nums: list[_Cell] = []
    j = i + 1
    while j < len(cells) and cells[j].text and _number(cells[j], unit) is not None:
        nums.append(cells[j])
        j += 1
    numeric_cols = [n for n, h in enumerate(headers) if _numeric_header(h.text)]
    if not nums or len(nums) > len(numeric_cols):
        return i
    cols = numeric_cols[-len(nums) :] if len(nums) < len(numeric_cols) else numeric_cols
    row = Row(
        name=label.text.replace(" ", ""),
        is_total=True,
        span=Span(start=label.start, end=nums[-1].end),
    )
    for col, c in zip(cols, nums, strict=True):
        row.cells.append(Cell(column=col, number=_number(c, unit)))
    table.rows.append(row)
    table.notes.append(
        f"{row.name} row written short: its {len(nums)} figures read as {', '.join(headers[c].text for c in cols)}"
    )
    return j
