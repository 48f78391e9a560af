"""Which parts of a Report go to the model, and how each is asked.

Three kinds of chunk, each cut from the Report the rules made: the narrative sections
(部门职责, 机构设置, 人员情况, 工作成效, 存在问题, 改进措施), batched into as few calls as fit, so
the instructions and schema are paid for once; table-like sections no rule could read; claim
sentences the patterns left ``unverifiable``. A table's answer is checked by the verifier's
own identities before it is accepted, and a failed identity is quoted in the re-ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from extractor.llm.apply import FIGURES_ONLY, tables_from
from extractor.llm.client import Prompt, load_prompt
from extractor.llm.schemas import ClaimBatch, NarrativeBatch, TablesOut
from extractor.pii import mask_pii
from extractor.segment.narratives import chosen_sections, type_narratives
from verifier import verify
from verifier.report import (
    Report,
    SectionKind,
    TableKind,
)
from verifier.templates import Template, match_template

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


@dataclass(frozen=True)
class Request:
    """One call: prompt, response model, user content, validation context, and the values
    the prompt's placeholders take (the catalogue entry of a table, say)."""

    prompt: Prompt
    model: type[BaseModel]
    content: str
    context: dict[str, Any]
    system_vars: dict[str, str] | None = None


def request_for(chunk: Chunk, report: Report) -> Request:
    """The request of one chunk. A table goes with the catalogue entry its title matches
    (verifier.templates): its columns and the sums that hold in it, which the answer is then
    checked against — a re-ask quotes the sum that failed."""
    prompt_name, model = _TASKS[chunk.task]
    content = chunk.content(report.text)
    if chunk.task in ("narrative", "claim"):
        context: dict[str, Any] = {
            "text": report.text,
            "windows": {i: (s, e) for i, (s, e, _) in enumerate(chunk.windows)},
        }
        return Request(load_prompt(prompt_name), model, content, context)
    s, e, label = chunk.windows[0]
    template = match_template(label)
    context = {
        "text": report.text,
        "start": s,
        "end": e,
        "verify": _table_check(report, s, e, template.id if template else None),
    }
    return Request(
        load_prompt(prompt_name), model, content, context, {"template": describe(template)}
    )


_IDENTITY_WORDS = {
    "hierarchy": "功能分类/经济分类科目：类 = 其下各款之和，款 = 其下各项之和",
    "total-row": "合计行 = 最高一级各科目行之和",
    "total-column": "每行的合计列 = 其组成列之和",
    "balance": "收入总计 = 支出总计",
    "outline": "合计 = 各大类之和，大类 = 其下各小计之和，小计 = 其下各品目之和",
}


def describe(template: Template | None) -> str:
    """A catalogue entry in the words of the table prompt (what the model is told, not asked)."""
    if template is None:
        return "目录中没有与这张表的标题相符的模板：按原文表头整理。"
    lines = [f"{template.id}（依据：{template.standard}）"]
    for roles in template.columns:
        lines.append("数值列可能是（从左到右）：" + "、".join(roles))
    lines += [_IDENTITY_WORDS[i] for i in template.identities if i in _IDENTITY_WORDS]
    return "\n".join(lines)


# Failures a misread table structure causes and the model can fix (a column declared part of
# a total it is not part of). A table whose own figures disagree is confirmed with as_printed
# and then judged by the verifier like any other: its disagreement is a finding, not a re-ask.
REASK_RULES = ("T120", "T107", "T108", "T109", "T110", "T111")


def _table_check(
    report: Report, start: int, end: int, template: str | None = None
) -> Callable[[TablesOut], list[str]]:
    def check(out: TablesOut) -> list[str]:
        tables = tables_from(out, report.text, start, end, template=template)
        probe = report.model_copy(update={"tables": tables, "claims": []})
        return [
            f"{f.message}。请核对各列的 parent 和每个数字所在的列；"
            "如果原文本身如此，数字保持不变，把 as_printed 设为 true"
            for f in verify(probe).findings
            if f.rule in REASK_RULES and f.outcome == "fail" and f.severity == "error"
        ]

    return check
