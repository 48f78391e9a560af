"""What the model must answer, as Pydantic models instructor validates.

Validation is where grounding happens: with the section's text in the validation context,
every number must stand in its quote and every narrative item in the section. A failure
raises a ValueError whose message names each problem in Chinese, and instructor sends that
message back to the model as the re-ask. Without a context (reading a cached or a last,
failed answer) the models validate their shape only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from extractor.llm.grounding import place_number, place_text


class Figure(BaseModel):
    """A number as the model read it: the digits as printed, and the words around them."""

    value: str = Field(description="数字，按原文逐字照抄，不换算单位，不补零")
    quote: str | None = Field(default=None, description="原文中包含该数字的一小段，逐字照抄")


class NamedFigure(Figure):
    name: str = Field(description="指标名称，用原文的说法")
    unit: str | None = Field(default=None, description="原文写明的单位")


class RoleFigure(Figure):
    role: Literal["value", "whole", "pct", "delta", "prior", "budget", "part"]
    unit: str | None = None


def _window(info: ValidationInfo) -> tuple[str, int, int] | None:
    ctx = info.context or {}
    text = ctx.get("text")
    if not isinstance(text, str):
        return None
    return text, int(ctx.get("start", 0)), int(ctx.get("end", len(text)))


def _figure_problems(figures: Sequence[tuple[str, Figure]], window, ordered: bool) -> list[str]:
    """One line per figure that cannot be found where the model says it read it."""
    text, start, end = window
    problems = []
    after = start
    for where, f in figures:
        placed = place_number(text, f.value, f.quote, start, end, after if ordered else start)
        if placed.grounding == "not_found":
            if f.quote and place_text(text, f.quote, start, end) is None:
                problems.append(f"{where}：引文「{f.quote}」不在原文中，请逐字照抄原文")
            else:
                problems.append(
                    f"{where}：数字 {f.value} 不在原文「{f.quote or ''}」中；"
                    "请按原文逐字照抄数字，不要计算、换算或补零"
                )
        elif ordered and placed.end is not None:
            after = placed.end
    return problems


def _narrative_problems(
    items: list[str], figures: list[NamedFigure], window, label: str
) -> list[str]:
    text, start, end = window
    problems = [
        f"{label}第{i + 1}条「{item[:30]}」不是原文中的连续文字，请逐字照抄，不要改写"
        for i, item in enumerate(items)
        if item.strip() and place_text(text, item, start, end) is None
    ]
    return problems + _figure_problems(
        [(f"{label}指标「{f.name}」", f) for f in figures], window, ordered=False
    )


class SectionNarrative(BaseModel):
    """A narrative section typed: its items in order and its named figures."""

    id: int = Field(description="节的编号，即 <节 id=…> 中的 id")
    items: list[str] = Field(default_factory=list, description="本节逐条内容，逐字照抄")
    figures: list[NamedFigure] = Field(default_factory=list)


class NarrativeBatch(BaseModel):
    """The narrative sections of one report, typed in one call so the instructions and the
    schema are sent once, not once per section."""

    sections: list[SectionNarrative] = Field(default_factory=list)

    @model_validator(mode="after")
    def grounded(self, info: ValidationInfo) -> NarrativeBatch:
        def check(sec: SectionNarrative, window) -> list[str]:
            return _narrative_problems(sec.items, sec.figures, window, f"第{sec.id}节")

        _check_batch(self.sections, info, "节", check)
        return self


def _check_batch(parts: list, info: ValidationInfo, noun: str, check) -> None:
    """Ground each part of a batched answer in the window its id names; one ValueError
    listing every problem, so one re-ask can fix them all."""
    ctx = info.context or {}
    text, windows = ctx.get("text"), ctx.get("windows")
    if not isinstance(text, str) or not isinstance(windows, dict):
        return
    problems = []
    for part in parts:
        if part.id not in windows:
            problems.append(f"没有 id 为 {part.id} 的{noun}；只能使用 <{noun} id=…> 给出的 id")
            continue
        start, end = windows[part.id]
        problems += check(part, (text, start, end))
    if problems:
        raise ValueError("；\n".join(problems))


class ColumnOut(BaseModel):
    name: str
    parent: str | None = Field(default=None, description="这一列所属的合计列的 name")


class RowOut(BaseModel):
    name: str
    is_total: bool = False
    cells: list[Figure | None] = Field(default_factory=list)


class TableOut(BaseModel):
    """A loosely printed table read into rows and columns, each number with its quote."""

    kind: Literal["基础数据表", "绩效自评表", "收支情况表", "评分表", "预算表", "unknown"] = (
        "unknown"
    )
    title: str = ""
    unit: str | None = None
    columns: list[ColumnOut] = Field(default_factory=list)
    rows: list[RowOut] = Field(default_factory=list)

    def shape_problems(self, label: str) -> list[str]:
        problems = []
        names = {c.name for c in self.columns}
        for c in self.columns:
            if c.parent and c.parent not in names:
                problems.append(f"{label}列「{c.name}」的 parent「{c.parent}」不是任何一列的 name")
        for i, row in enumerate(self.rows):
            if len(row.cells) != len(self.columns):
                problems.append(
                    f"{label}第{i + 1}行「{row.name}」有 {len(row.cells)} 个格子，"
                    f"但表头有 {len(self.columns)} 列：cells 必须与 columns 一一对应，空格子写 null"
                )
        return problems

    def figures(self, label: str) -> list[tuple[str, Figure]]:
        return [
            (f"{label}第{i + 1}行「{row.name}」第{j + 1}列「{self.columns[j].name}」", cell)
            for i, row in enumerate(self.rows)
            for j, cell in enumerate(row.cells)
            if cell is not None
        ]


class TablesOut(BaseModel):
    """The tables of one chunk, in the order they are printed."""

    tables: list[TableOut] = Field(default_factory=list)
    as_printed: bool = Field(
        default=False, description="核对后确认原文的数字本身就加不平时设为 true"
    )

    @model_validator(mode="after")
    def well_formed(self, info: ValidationInfo) -> TablesOut:
        many = len(self.tables) > 1
        labels = [f"第{k + 1}张表" if many else "" for k in range(len(self.tables))]
        problems = [
            p for t, lab in zip(self.tables, labels, strict=True) for p in t.shape_problems(lab)
        ]
        window = _window(info)
        if window is not None and not problems:
            figures = [
                f for t, lab in zip(self.tables, labels, strict=True) for f in t.figures(lab)
            ]
            problems += _figure_problems(figures, window, ordered=True)
        verify = (info.context or {}).get("verify")
        if not problems and not self.as_printed and callable(verify):
            problems += verify(self)  # arithmetic a misread structure would break
        if problems:
            raise ValueError("；\n".join(problems))
        return self


class ClaimOut(BaseModel):
    """A sentence's numeric statement, which the patterns could not read."""

    id: int = Field(description="句子的编号，即 <句 id=…> 中的 id")
    kind: Literal["amount", "share", "change", "rate", "parts"]
    subject: str | None = None
    direction: Literal["increase", "decrease", "flat"] | None = None
    compared_to: str | None = None
    figures: list[RoleFigure] = Field(default_factory=list)


class ClaimBatch(BaseModel):
    """The unverifiable sentences of one report, typed in one call."""

    claims: list[ClaimOut] = Field(default_factory=list)

    @model_validator(mode="after")
    def grounded(self, info: ValidationInfo) -> ClaimBatch:
        def check(c: ClaimOut, window) -> list[str]:
            figures = [(f"第{c.id}句数字（{f.role}）", f) for f in c.figures]
            return _figure_problems(figures, window, ordered=False)

        _check_batch(self.claims, info, "句", check)
        return self
