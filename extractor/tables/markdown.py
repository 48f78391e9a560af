"""Markdown pipe tables (a converter's output) as Tables: cells split on |, bold markers
and <br> removed, each cell keeping the offset where it stands.
"""

from __future__ import annotations

import re

from extractor.tables.cells import (
    CODE,
    TextCell,
    cell_number,
    is_pipe_rule,
    is_total,
    stated_unit,
)
from verifier.report import Cell, Column, Row, Span, Table, TableKind

_MD_ROW = re.compile(r"^\s*\|(.+)\|\s*$")


Run = list[tuple[int, str, re.Match[str]]]  # a table's rows: (offset, line, the row's match)


def markdown_runs(text: str) -> list[Run]:
    """The runs of pipe rows (separator rows left out), each a table to be: cheap, so that a
    caller can leave unbuilt the tables it would drop (``run_span``)."""
    runs: list[Run] = []
    if "|" not in text:
        return runs  # a pipe row holds two pipes
    current: Run | None = None
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        m = _MD_ROW.match(raw) if "|" in raw else None
        if not m:
            current = None
            continue
        if is_pipe_rule(raw):
            continue
        if current is None:
            current = []
            runs.append(current)
        current.append((start, raw, m))
    return runs


def run_span(run: Run) -> tuple[int, int]:
    """Where the table of a run stands: its header row's start to its last row's end."""
    start, raw, _m = run[-1]
    return run[0][0], start + len(raw)


def markdown_tables(text: str, runs: list[Run] | None = None) -> list[Table]:
    """Markdown pipe tables (PDF-to-Markdown conversions): header row, separator, rows; of
    ``runs`` when given (some of ``markdown_runs``), else of every run of the text."""
    tables = [_table(text, run) for run in (markdown_runs(text) if runs is None else runs)]
    return [t for t in tables if any(c.number for r in t.rows for c in r.cells)]


def _table(text: str, run: Run) -> Table:
    current: Table | None = None
    for start, raw, m in run:
        cells, off = [], raw.index("|") + 1
        for part in m.group(1).split("|"):
            clean = part.replace("**", "").strip()
            lead = part.find(clean) if clean and clean in part else 0
            cells.append(TextCell(clean, start + off + max(lead, 0)))
            off += len(part) + 1
        if current is None:
            unit = stated_unit(text, max(0, start - 300), start + 1)
            current = Table(
                kind=TableKind.UNKNOWN,
                title="",
                unit=unit,
                columns=[Column(name=re.sub(r"<br>|\s", "", c.text)) for c in cells[1:]],
                notes=["Markdown pipe table: kind not recognised"],
                span=Span(start=start, end=start + len(raw)),
            )
            continue
        row_cells = []
        for k, c in enumerate(cells[1:]):
            if "**" in text[c.start : c.start + len(c.text) + 2] or "<br>" in c.text:
                continue
            n = cell_number(c, current.unit)
            if n is not None and text[n.span.start : n.span.end] == n.raw:
                row_cells.append(Cell(column=k, number=n))
        name = re.sub(r"<br>|\s|\*", "", cells[0].text) if cells else ""
        code = name if CODE.match(name) else None
        current.rows.append(
            Row(
                name=name,
                code=code,
                is_total=is_total(name),
                cells=row_cells,
                span=Span(start=start, end=start + len(raw)),
            )
        )
        first = current.span.start if current.span is not None else start
        current.span = Span(start=first, end=start + len(raw))
    assert current is not None  # a run holds at least its header row
    return current
