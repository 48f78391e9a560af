"""The model's answers into the Report: every value placed in the source first.

A narrative item, a figure, a table cell or a claim's number enters the Report only with the
span where it stands (extractor.llm.grounding); what cannot be placed is dropped, and the
verifier later recomputes what was kept like any other figure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from extractor.llm.grounding import place_number, place_text, to_number
from extractor.llm.schemas import ClaimBatch, ClaimOut, NarrativeBatch, TableOut, TablesOut
from verifier.report import (
    Cell,
    Claim,
    ClaimKind,
    Column,
    Metric,
    Number,
    Report,
    Row,
    SectionKind,
    Span,
    Table,
    TableKind,
    TextItem,
)
from verifier.templates import match_template

if TYPE_CHECKING:
    from extractor.llm.plan import Chunk

FIGURES_ONLY = "·数字"  # a section the rules split into items: only its figures are asked for


def _span(report: Report, start: int, end: int, page_of) -> Span:
    return Span(start=start, end=end, page=page_of(start) if page_of else None)


def _apply_narrative(report: Report, chunk: Chunk, out: NarrativeBatch, page_of) -> None:
    kinds = {i: label for i, (_, _, label) in enumerate(chunk.windows)}
    target = {
        SectionKind.DUTIES.value: report.narratives.duties,
        SectionKind.ORGANISATION.value: report.narratives.organisation,
        SectionKind.STAFF.value: report.narratives.organisation,
        SectionKind.ACHIEVEMENTS.value: report.narratives.achievements,
        SectionKind.PROBLEMS.value: report.narratives.problems,
        SectionKind.MEASURES.value: report.narratives.measures,
    }
    for sec in out.sections:
        if sec.id not in kinds:
            continue
        s, e, label = chunk.windows[sec.id]
        kind = label.removesuffix(FIGURES_ONLY)
        items = target[kind] if not label.endswith(FIGURES_ONLY) else []
        for item in sec.items:
            found = place_text(report.text, item, s, e)
            if found is not None:
                items.append(TextItem(text=item, span=_span(report, *found, page_of)))
        for f in sec.figures:
            placed = place_number(report.text, f.value, f.quote, s, e)
            number = to_number(placed, f.value, f.unit, page_of)
            if number is None:
                continue
            if kind in (SectionKind.STAFF.value, SectionKind.ORGANISATION.value):
                report.narratives.staff[f.name] = number
            else:
                report.narratives.metrics.append(Metric(name=f.name, number=number))


def tables_from(
    out: TablesOut,
    text: str,
    start: int,
    end: int,
    page_of=None,
    tag: str = "",
    template: str | None = None,
) -> list[Table]:
    """Verifier Tables from the model's reading, cells placed in reading order across them;
    ``template``, the catalogue entry the section's title matched, so that the verifier
    checks the sums the catalogue says hold in it."""
    tables = []
    after = start
    for t in out.tables:
        if t.rows:
            table, after = table_from(t, text, start, end, page_of, tag, after)
            table.template = template
            tables.append(table)
    return tables


_CODED_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\S.*)$")


def _coded(name: str) -> tuple[str | None, str]:
    """A row name the model wrote with its 功能分类/经济分类 code first (204 公共安全支出)."""
    m = _CODED_NAME.match(name.strip())
    return (m.group(1), m.group(2)) if m else (None, name)


def table_from(
    out: TableOut, text: str, start: int, end: int, page_of=None, tag: str = "", after: int = 0
) -> tuple[Table, int]:
    """A verifier Table from the model's reading, each cell placed in reading order; a cell
    that cannot be placed keeps no span, so the grounding rule rejects the table."""
    kind = TableKind(out.kind) if out.kind in TableKind._value2member_map_ else TableKind.UNKNOWN
    unit = out.unit if out.unit in ("元", "万元", "千元", "亿元") else None
    columns = [Column(name=c.name, parent=c.parent) for c in out.columns]
    rows: list[Row] = []
    after = max(after, start)
    table_start: int | None = None
    for r in out.rows:
        cells = []
        first: int | None = None
        last: int | None = None
        for j, f in enumerate(r.cells):
            if f is None:
                continue
            placed = place_number(text, f.value, f.quote, start, end, after)
            number = to_number(placed, f.value, unit, page_of)
            if placed.end is not None:
                after = placed.end
                first = placed.start if first is None else first
                last = placed.end
            cells.append(Cell(column=j, number=number, text="" if number else f.value))
        span = Span(start=first, end=last) if first is not None and last is not None else None
        if table_start is None and first is not None:
            table_start = first
        code, name = _coded(r.name)
        rows.append(Row(name=name, code=code, is_total=r.is_total, cells=cells, span=span))
    notes = [f"typed by the model ({tag})"] if tag else []
    table = Table(
        kind=kind,
        title=out.title,
        unit=unit,
        columns=columns,
        rows=rows,
        span=Span(start=table_start if table_start is not None else start, end=max(after, start)),
        notes=notes,
    )
    return table, after


def claim_from(out: ClaimOut, text: str, start: int, end: int, page_of=None) -> Claim:
    numbers: dict[str, Number] = {}
    parts = []
    for f in out.figures:
        unit = f.unit or ("%" if f.role == "pct" else None)
        number = to_number(place_number(text, f.value, f.quote, start, end), f.value, unit, page_of)
        if number is None:
            continue
        if f.role == "part":
            parts.append(number)
        elif f.role not in numbers:
            numbers[f.role] = number
    return Claim(
        kind=ClaimKind(out.kind),
        subject=out.subject,
        sentence=Span(start=start, end=end),
        numbers=numbers,
        parts=parts,
        direction=out.direction,
        compared_to=out.compared_to,
        source="llm",
    )


def apply_answer(report: Report, chunk: Chunk, answer: BaseModel, tag: str, page_of=None) -> None:
    """Put a validated answer into the Report (which it changes in place)."""
    s, e, _ = chunk.windows[0]
    if isinstance(answer, NarrativeBatch):
        _apply_narrative(report, chunk, answer, page_of)
    elif isinstance(answer, TablesOut):
        found = match_template(chunk.windows[0][2])
        template = found.id if found else None
        report.tables.extend(tables_from(answer, report.text, s, e, page_of, tag, template))
    elif isinstance(answer, ClaimBatch):
        for out in answer.claims:
            if not 0 <= out.id < len(chunk.windows):
                continue
            s, e, _ = chunk.windows[out.id]
            new = claim_from(out, report.text, s, e, page_of)
            for i, c in enumerate(report.claims):
                if c.status == "unverifiable" and (c.sentence.start, c.sentence.end) == (s, e):
                    report.claims[i] = new
                    break
