"""Read an XLSX with openpyxl: one table per sheet, numbers as shown.

决算 tables are often published as spreadsheets, one table per sheet, the title and unit in
merged rows above the grid. A cell stores a float (1066.7) and a number format
(``#,##0.00``); the report *shows* ``1,066.70``, and the stated precision of that figure (two
decimals) is what the verifier's tolerance is built from. So each number is written as its
format shows it: the float taken to Excel's 15 significant digits as a Decimal, quantized
(half up) to the format's decimals — never a float repr, which would turn 0.1 + 0.2 into
0.30000000000000004.

Rows above the grid holding a single value (title, 公开NN表, 单位：万元) and rows below it
(注：…) are written as text lines around the TSV block, as they stand in a converted text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from extractor.formats.builder import Grid, TextBuilder
from extractor.source import LoadError, Source

_DEFAULT_TITLE = re.compile(r"^(Sheet|工作表)\d*$", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _format_parts(number_format: str, negative: bool) -> tuple[int | None, bool, bool]:
    """(decimals, thousands separator, percent) of an Excel number format; decimals None
    means General (no fixed precision)."""
    sections = number_format.split(";")
    sec = sections[1] if negative and len(sections) > 1 else sections[0]
    sec = _QUOTED.sub("", sec)
    first = re.search(r"[0#?.]", sec)
    if sec.strip().lower() in ("general", "") or not re.search(r"[0#?]", sec) or first is None:
        return None, False, "%" in sec
    m = re.search(r"[0#?,]*(?:\.([0#?]*))?", sec[first.start() :])
    decimals = len(m.group(1)) if m and m.group(1) is not None else 0
    return decimals, "," in (m.group(0) if m else ""), "%" in sec


def shown_number(value: int | float | Decimal, number_format: str) -> str:
    """The number as Excel shows it under ``number_format`` (the subset reports use:
    fixed decimals, thousands separators, percent; General prints up to 15 significant
    digits)."""
    if isinstance(value, float):
        d = Decimal(format(value, ".15g")) if value else Decimal(0)
    else:
        d = Decimal(value)
    decimals, thousands, percent = _format_parts(number_format or "General", d < 0)
    if percent:
        d = d * 100
    if decimals is None:
        out = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
        if "." in out:
            out = out.rstrip("0").rstrip(".")
    else:
        q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        out = format(q, ",f" if thousands else "f")
    if out.startswith("-") and Decimal(out.lstrip("-").replace(",", "") or 0) == 0:
        out = out[1:]  # Excel shows -0.001 at 2 decimals as 0.00, not -0.00
    return out + ("%" if percent else "")


def _shown(cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float | Decimal):
        try:
            return shown_number(v, cell.number_format)
        except (InvalidOperation, ValueError, AttributeError):
            return str(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    return str(v).strip()


def _bordered(cell) -> bool:
    b = cell.border
    return b is not None and any(
        side is not None and side.style for side in (b.left, b.right, b.top, b.bottom)
    )


def _sheet(ws, builder: TextBuilder) -> None:
    """Write one sheet: its title, single-value rows above the grid as lines, the grid (the
    rows from the first to the last holding two values or more, or ruled by cell borders —
    a 合计 row with empty amounts has one value but stands inside the ruling) as a TSV
    block, then the single-value rows below it."""
    anchor_of: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                anchor_of[(r, c)] = (rng.min_row, rng.min_col)
    values: dict[tuple[int, int], str] = {}
    ruled: set[int] = set()  # rows with two or more bordered cells: inside a ruled table
    ruled_cols: set[int] = set()  # the columns the ruling covers (an empty first column counts)
    for row in ws.iter_rows():
        bordered = [cell.column for cell in row if _bordered(cell)]
        if len(bordered) >= 2:
            ruled.add(row[0].row)
            ruled_cols.update(bordered)
        for cell in row:
            pos = (cell.row, cell.column)
            if anchor_of.get(pos, pos) != pos:
                continue  # covered by a merge: the value stands at the anchor
            text = _shown(cell)
            if text:
                values[pos] = text
    if not values:
        return
    used = {c for _, c in values} | ruled_cols
    cols = range(min(used), max(used) + 1)
    by_row: dict[int, list[str]] = {}
    for (r, _c), v in sorted(values.items()):
        by_row.setdefault(r, []).append(v)
    grid_rows = sorted(r for r, vs in by_row.items() if len(vs) >= 2 or r in ruled)
    first = grid_rows[0] if grid_rows else max(by_row) + 1
    last = grid_rows[-1] if grid_rows else max(by_row)
    above = {re.sub(r"\s", "", " ".join(v)) for r, v in by_row.items() if r < first}
    if not _DEFAULT_TITLE.match(ws.title) and re.sub(r"\s", "", ws.title) not in above:
        builder.line(ws.title)  # the sheet title is the table's heading, unless printed above
    for r in sorted(by_row):
        if r < first:
            builder.line(" ".join(by_row[r]))
    if grid_rows:
        body = [
            r
            for r in range(first, last + 1)
            if r in by_row or r in ruled or any((r, c) in anchor_of for c in cols)
        ]
        index = {r: i for i, r in enumerate(body)}
        cells: list[list[str]] = []
        anchor: list[list[tuple[int, int]]] = []
        for i, r in enumerate(body):
            texts, anchors = [], []
            for j, c in enumerate(cols):
                ar, ac = anchor_of.get((r, c), (r, c))
                if (ar, ac) != (r, c) and ar in index and ac in cols:
                    anchors.append((index[ar], ac - cols.start))
                    texts.append("")
                else:
                    anchors.append((i, j))
                    texts.append(values.get((r, c), ""))
            cells.append(texts)
            anchor.append(anchors)
        builder.table(Grid(cells=cells, anchor=anchor, title=ws.title))
    for r in sorted(by_row):
        if r > last:
            builder.line(" ".join(by_row[r]))


def load_xlsx(data: bytes, name: str) -> Source:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except MemoryError:
        raise  # over the worker's memory limit: hedui.ingest names the limit, not a damaged file
    except Exception as e:
        raise LoadError(name, f"a corrupt or unreadable XLSX ({type(e).__name__})") from None
    builder = TextBuilder()
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            _sheet(ws, builder)
    except MemoryError:
        raise  # over the worker's memory limit: hedui.ingest names the limit, not a damaged file
    except Exception as e:
        raise LoadError(name, f"a corrupt or unreadable XLSX ({type(e).__name__}: {e})") from None
    finally:
        wb.close()
    text = builder.text()
    if not text.strip():
        raise LoadError(name, "the workbook has no values")
    return Source(
        file_name=Path(name).name,
        sha256="",
        format="xlsx",
        text=text,
        native_tables=builder.tables,
    )
