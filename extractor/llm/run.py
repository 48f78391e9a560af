"""The model types what the rules could not — and only that.

Three kinds of chunk go to the model, each cut from the Report the rules made:

* the narrative sections (部门职责, 机构设置, 人员情况, 工作成效, 存在问题, 改进措施), batched into
  as few calls as fit, so the instructions and schema are paid for once;
* table-like sections no rule could read (a one-cell-per-line 收支情况表 the rules took for an
  unknown table, say): their numbers go to ``Table``s;
* claim sentences the patterns left ``unverifiable``.

Everything the model returns is grounded (extractor.llm.grounding) before it enters the Report,
and then the verifier recomputes it like any other figure. A chunk the model cannot answer
validly within its re-asks is kept out and said so in ``Report.extraction.notes``; a table it
did answer is kept even if the verifier later rejects it, with the findings to show why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from extractor.llm.client import CallRecord, LLMClient, Prompt, Usage, load_prompt
from extractor.llm.config import LLMSettings, settings_from_env
from extractor.llm.grounding import place_number, place_text, to_number
from extractor.llm.schemas import ClaimBatch, ClaimOut, NarrativeBatch, TableOut, TablesOut
from extractor.pii import mask_pii
from extractor.segment.narratives import chosen_sections, type_narratives
from extractor.source import Source
from verifier import verify
from verifier.report import (
    Cell,
    Claim,
    ClaimKind,
    Column,
    Metric,
    Report,
    Row,
    SectionKind,
    Span,
    Table,
    TableKind,
    TextItem,
)

__all__ = ["Chunk", "enrich", "plan", "settings_from_env"]

TABLE_SECTION_KINDS = (
    SectionKind.TABLE,
    SectionKind.SELF_EVALUATION,
    SectionKind.ATTACHMENT,
    SectionKind.OTHER,
)
MAX_BATCH_CHARS = 6000  # one narrative call; more text is split at section boundaries
MAX_TABLE_CHARS = 5000  # one table call; a longer table is split, each piece with its header
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_BARE_CELL = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?|——|-")


@dataclass(frozen=True)
class Chunk:
    """One call's worth of the report: what is sent, and where in the text it came from."""

    task: str  # narrative / table / claim
    windows: tuple[tuple[int, int, str], ...]  # (start, end, label) of each piece sent
    header: str = ""  # a split table's header, repeated before its continuation

    def content(self, text: str) -> str:
        """What the model is sent, personal numbers masked (same length, same offsets)."""
        return mask_pii(self._content(text))

    def _content(self, text: str) -> str:
        if self.task == "narrative":
            return "\n".join(
                f'<节 id="{i}" 类别="{label}">\n{text[s:e].strip()}\n</节>'
                for i, (s, e, label) in enumerate(self.windows)
            )
        if self.task == "claim":
            return "\n".join(
                f'<句 id="{i}">{text[s:e].strip()}</句>' for i, (s, e, _) in enumerate(self.windows)
            )
        s, e, _ = self.windows[0]
        body = text[s:e]
        return f"{self.header}\n……（续表）\n{body}" if self.header else body


FIGURES_ONLY = "·数字"  # a section the rules split into items: only its figures are asked for
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
# A figure worth a name: not a year, a date, a document number or a list's (1) / 1、.
_FIGURE = re.compile(r"(?<![〔\[\d.（(])\d[\d,]*(?:\.\d+)?(?!\s*[年月日号\d]|[)）、]|\.(?!\d))")


def _figure_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` holding a figure, adjacent ones merged."""
    windows: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text, start, end):
        if not _FIGURE.search(m.group()):
            continue
        if windows and m.start() - windows[-1][1] <= 2:
            windows[-1] = (windows[-1][0], m.end())
        else:
            windows.append((m.start(), m.end()))
    return windows


def _narrative_chunks(report: Report) -> list[Chunk]:
    """Sections the rules could not split go whole; of the others only the sentences with
    figures go, for the model to name them. Batched up to MAX_BATCH_CHARS a call."""
    _, untyped = type_narratives(report)
    whole = {(sec.span.start, sec.span.end) for sec in untyped}
    pieces: list[tuple[int, int, str]] = []
    for sec in chosen_sections(report):
        if (sec.span.start, sec.span.end) in whole:
            pieces.append((sec.span.start, sec.span.end, sec.kind.value))
        else:
            label = sec.kind.value + FIGURES_ONLY
            pieces += [
                (s, e, label) for s, e in _figure_windows(report.text, sec.span.start, sec.span.end)
            ]
    chunks: list[Chunk] = []
    batch: list[tuple[int, int, str]] = []
    size = 0
    for piece in pieces:
        length = piece[1] - piece[0]
        if batch and size + length > MAX_BATCH_CHARS:
            chunks.append(Chunk("narrative", tuple(batch)))
            batch, size = [], 0
        batch.append(piece)
        size += length
    if batch:
        chunks.append(Chunk("narrative", tuple(batch)))
    return chunks


def _read_by_rules(report: Report, start: int, end: int) -> bool:
    """A table of a known kind already stands in this stretch of text."""
    for t in report.tables:
        if t.kind == TableKind.UNKNOWN or t.span is None:
            continue
        if t.span.start < end and start < t.span.end:
            return True
    return False


def _split_table(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Pieces of at most MAX_TABLE_CHARS at line ends; each after the first carries the
    header (the lines before the first number) so the model knows its columns."""
    if end - start <= MAX_TABLE_CHARS:
        return [(start, end, "")]
    first = _NUMBER.search(text, start, end)
    header_end = text.rfind("\n", start, first.start()) if first else start
    header = text[start : max(header_end, start)].strip()
    pieces: list[tuple[int, int, str]] = []
    s = start
    while s < end:
        e = min(end, s + MAX_TABLE_CHARS)
        if e < end:
            cut = text.rfind("\n\n", s, e)
            cut = cut if cut > s else text.rfind("\n", s, e)
            e = cut if cut > s else e
        pieces.append((s, e, header if s > start else ""))
        s = e
    return pieces


def _looks_tabular(text: str) -> bool:
    """Printed as a table: many lines holding a bare number (one cell per line), or several
    tab-separated lines with figures. Prose full of numbers is left to the claim patterns."""
    bare = tabbed = 0
    for line in text.splitlines():
        cell = line.strip()
        if cell and _BARE_CELL.fullmatch(cell):
            bare += 1
        elif line.count("\t") >= 2 and _NUMBER.search(line):
            tabbed += 1
    return bare >= 6 or tabbed >= 3


def _table_chunks(report: Report) -> list[Chunk]:
    chunks = []
    taken: list[tuple[int, int]] = []
    for sec in sorted(report.sections, key=lambda s: (s.span.start, -s.span.end)):
        if sec.kind not in TABLE_SECTION_KINDS:
            continue
        start, end = sec.span.start, sec.span.end
        if any(s <= start and end <= e for s, e in taken):
            continue
        if not _looks_tabular(report.text[start:end]) or _read_by_rules(report, start, end):
            continue
        taken.append((start, end))
        for s, e, header in _split_table(report.text, start, end):
            chunks.append(Chunk("table", ((s, e, sec.heading),), header))
    return chunks


def _claim_chunks(report: Report) -> list[Chunk]:
    """All the sentences the patterns left unverifiable, in one call."""
    windows = tuple(
        (c.sentence.start, c.sentence.end, "句")
        for c in report.claims
        if c.status == "unverifiable"
    )
    return [Chunk("claim", windows)] if windows else []


def plan(report: Report) -> list[Chunk]:
    """Everything that would be sent to the model for this report, and nothing more."""
    return _narrative_chunks(report) + _table_chunks(report) + _claim_chunks(report)


_TASKS: dict[str, tuple[str, type[BaseModel]]] = {
    "narrative": ("narrative", NarrativeBatch),
    "table": ("table", TablesOut),
    "claim": ("claim", ClaimBatch),
}


def request_for(chunk: Chunk, report: Report) -> tuple[Prompt, type[BaseModel], str, dict]:
    """The prompt, response model, user content and validation context of one chunk."""
    prompt_name, model = _TASKS[chunk.task]
    content = chunk.content(report.text)
    if chunk.task in ("narrative", "claim"):
        context: dict[str, Any] = {
            "text": report.text,
            "windows": {i: (s, e) for i, (s, e, _) in enumerate(chunk.windows)},
        }
    else:
        s, e, _ = chunk.windows[0]
        context = {"text": report.text, "start": s, "end": e, "verify": _table_check(report, s, e)}
    return load_prompt(prompt_name), model, content, context


# Failures a misread table structure causes and the model can fix (a column declared part of
# a total it is not part of). A table whose own figures disagree is confirmed with as_printed
# and then judged by the verifier like any other: its disagreement is a finding, not a re-ask.
REASK_RULES = ("T120",)


def _table_check(report: Report, start: int, end: int) -> Callable[[TablesOut], list[str]]:
    def check(out: TablesOut) -> list[str]:
        probe = report.model_copy(
            update={"tables": tables_from(out, report.text, start, end), "claims": []}
        )
        return [
            f"{f.message}。请核对各列的 parent 和每个数字所在的列；"
            "如果原文本身如此，数字保持不变，把 as_printed 设为 true"
            for f in verify(probe).findings
            if f.rule in REASK_RULES and f.outcome == "fail" and f.severity == "error"
        ]

    return check


# -- answers into the Report ---------------------------------------------------------------


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
    out: TablesOut, text: str, start: int, end: int, page_of=None, tag: str = ""
) -> list[Table]:
    """Verifier Tables from the model's reading, cells placed in reading order across them."""
    tables = []
    after = start
    for t in out.tables:
        if t.rows:
            table, after = table_from(t, text, start, end, page_of, tag, after)
            tables.append(table)
    return tables


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
        rows.append(Row(name=r.name, is_total=r.is_total, cells=cells, span=span))
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
    numbers = {}
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
        report.tables.extend(tables_from(answer, report.text, s, e, page_of, tag))
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


def enrich(
    report: Report,
    source: Source | None,
    settings: LLMSettings,
    *,
    client: LLMClient | None = None,
    cache=None,
    progress: Callable[[CallRecord], None] | None = None,
) -> tuple[Report, Usage]:
    """The Report with the model's grounded readings added, and what the calls cost."""
    client = client or LLMClient(settings, cache)
    report = report.model_copy(deep=True)
    page_of = source.page_of if source is not None and source.pages else None
    chunks = plan(report)
    usage = Usage()

    def run(chunk: Chunk):
        prompt, model, content, context = request_for(chunk, report)
        answer, rec = client.ask(prompt, model, content, context)
        if progress:
            progress(rec)
        return chunk, prompt, answer, rec

    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        results = list(pool.map(run, chunks))
    versions = dict(report.extraction.prompt_versions)
    for chunk, prompt, answer, rec in results:
        usage.add(rec)
        versions[prompt.name] = prompt.version
        if answer is None:
            s, e, label = chunk.windows[0]
            report.extraction.notes.append(
                f"model ({prompt.tag}) gave no valid answer for {chunk.task} at {s}-{e}"
                f" {label}: {rec.error}"
            )
            continue
        if not rec.ok:
            s, e, label = chunk.windows[0]
            report.extraction.notes.append(
                f"model ({prompt.tag}) answer for {chunk.task} at {s}-{e} {label} kept"
                f" although still invalid ({rec.error}); the verifier judges it"
            )
        apply_answer(report, chunk, answer, prompt.tag, page_of)
    if chunks:
        report.extraction.extractor = "rules+llm"
        report.extraction.model = settings.model
        report.extraction.prompt_versions = versions
    return report, usage
