"""The Report: the typed contract between whatever extracts a report and the verifier.

Anything can produce a Report — the deterministic extractor, a model, a person typing JSON —
and the verifier judges it without knowing which. So the Report carries the decoded source
text itself: grounding (does each number stand at its span?) needs nothing but the Report.

Money is ``Decimal``; every number keeps the characters it was written with and how many
decimals they had, because the tolerance of every check is derived from that precision.
"""

# No ``from __future__ import annotations`` here: with it pydantic reads each field's
# annotation back from its text (a ForwardRef compiled and evaluated, ~110 fields) as it makes
# the classes at import — ~0.5% of the instructions of a one-file `hedui verify`.

from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def new_list() -> list[Any]:
    """A new empty list: the default of every list field of the models a verify builds (here,
    extractor.source, the rules). Not ``list`` itself: making a model class, pydantic asks
    each default factory for its signature, and the builtin ``list``'s is parsed from its text
    (some 80 µs each, 2 ms the first time, when tokenize's pattern is compiled) — a fifth of
    this module's import, for twenty-two fields. A Python function answers at once."""
    return []


def new_dict() -> dict[str, Any]:
    """A new empty dict, for the reason of ``new_list``."""
    return {}


class Span(BaseModel):
    """Character offsets into ``Report.text``: ``text[start:end]`` is what was read."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None  # 1-based page of a paginated source (PDF), when known

    def as_pair(self) -> list[int]:
        return [self.start, self.end]


Grounding = Literal["exact", "normalised", "not_found", "unchecked"]


class Number(BaseModel):
    """A number as written in the source.

    ``decimals`` is the stated precision: ``1,066.71`` has 2, ``94`` has 0, ``99.9%`` has 1.
    It is what makes ``1066.71`` mean the interval [1066.705, 1066.715].
    """

    value: Decimal
    raw: str
    decimals: int = Field(ge=0)
    unit: str | None = None  # 元 / 万元 / 亿元 / % / 人 / 个 / 分 …
    span: Span | None = None
    grounding: Grounding = "unchecked"


class TableKind(StrEnum):
    """Kinds of table. 公开01–09 are the nine standard 部门决算 tables."""

    G01 = "公开01"  # 收入支出决算总表
    G02 = "公开02"  # 收入决算表
    G03 = "公开03"  # 支出决算表
    G04 = "公开04"  # 财政拨款收入支出决算总表
    G05 = "公开05"  # 一般公共预算财政拨款支出决算表
    G06 = "公开06"  # 一般公共预算财政拨款基本支出决算明细表
    G07 = "公开07"  # 财政拨款“三公”经费支出决算表
    G08 = "公开08"  # 政府性基金预算财政拨款收入支出决算表
    G09 = "公开09"  # 国有资本经营预算财政拨款支出决算表
    PERFORMANCE = "绩效自评表"
    BASIC_DATA = "基础数据表"
    INCOME_EXPENDITURE = "收支情况表"
    SCORING = "评分表"
    BUDGET = "预算表"
    UNKNOWN = "unknown"


class Column(BaseModel):
    """A value column. Two-sided tables (公开01/04 收入 | 支出, 公开06's blocks) give each
    column the side it belongs to, and rows say their side too."""

    name: str
    side: str | None = None  # 收入 / 支出 / 人员经费 / 公用经费 …
    number: str | None = None  # the 栏次 label of the column, when printed ("1", "2" …)
    # The 合计 column this one is part of, when the header says so (其中: columns); rules
    # that know the table kind need not set it, a model reading a loose table does.
    parent: str | None = None


class Cell(BaseModel):
    column: int  # index into Table.columns
    number: Number | None = None  # None: the cell is empty in the source
    text: str = ""  # the cell as written, when it is not a number (e.g. "301 个", "提升")


class Row(BaseModel):
    """One line of a table. ``code`` is a 功能分类 (201 / 20136 / 2013650) or 经济分类
    (301 / 30101) code when the row has one; ``line`` is the printed 行次."""

    name: str
    code: str | None = None
    side: str | None = None
    line: str | None = None
    is_total: bool = False  # 合计 / 总计 / 本年收入合计 / 小计 …
    cells: list[Cell] = Field(default_factory=new_list)
    span: Span | None = None

    def cell(self, column: int) -> Cell | None:
        for c in self.cells:
            if c.column == column:
                return c
        return None


class Table(BaseModel):
    kind: TableKind = TableKind.UNKNOWN
    title: str = ""
    label: str | None = None  # "公开03表" as printed, when printed
    unit: str | None = None  # 元 / 万元 / None for tables of mixed or no money
    unit_inferred: bool = False  # True when no unit was stated and it was inferred
    columns: list[Column] = Field(default_factory=new_list)
    rows: list[Row] = Field(default_factory=new_list)
    span: Span | None = None
    notes: list[str] = Field(default_factory=new_list)  # what the parser could not understand
    template: str | None = None  # the catalogue entry it follows (verifier.templates), if known
    additive: bool = True  # False when a column is a rate or change, which no sum holds for

    def column_index(self, *names: str, side: str | None = None) -> int | None:
        """First column whose name contains any of ``names`` (on ``side`` when given)."""
        for name in names:
            for i, col in enumerate(self.columns):
                if name in col.name and (side is None or col.side == side):
                    return i
        return None


class SectionKind(StrEnum):
    DUTIES = "部门职责"
    ORGANISATION = "机构设置"
    STAFF = "人员情况"
    TABLE = "决算表"  # a standard table's section; Section.table_kind says which
    EXPLANATION = "情况说明"  # a 情况说明 subsection; Section.topic says which
    GLOSSARY = "名词解释"
    BASIC_INFO = "基本情况"
    GOALS = "绩效目标"
    ACHIEVEMENTS = "工作成效"
    PROBLEMS = "存在问题"
    MEASURES = "改进措施"
    SELF_EVALUATION = "自评表"
    ATTACHMENT = "附件"
    PART = "部分"  # a 第N部分 part heading
    TOC = "目录"
    OTHER = "其他"


class Section(BaseModel):
    kind: SectionKind
    heading: str
    level: int = 1  # 0 part (第一部分), 1 一、, 2 （一）, 3 1. / 1、
    span: Span  # from the heading to the end of the section body
    table_kind: TableKind | None = None
    # for 情况说明: 收入支出总体 / 收入 / 支出 / 三公 / 机关运行经费 / 政府采购 …
    topic: str | None = None


class ClaimKind(StrEnum):
    AMOUNT = "amount"
    SHARE = "share"  # 占X%
    CHANGE = "change"  # 增加/减少 X, 增长/下降 Y%
    RATE = "rate"  # 完成预算的X% / 执行率
    PARTS = "parts"  # 共N（其中a、b）
    SCORE = "score"
    COUNT = "count"


class Claim(BaseModel):
    """A numeric statement in the prose.

    ``numbers`` maps a role to a number: ``value`` (the amount or count), ``whole`` (of a
    share), ``pct`` (a percentage), ``delta`` (a change), ``prior`` (a stated prior value),
    ``budget`` (of a rate). ``parts`` are the items that must add up to ``value``.
    """

    kind: ClaimKind
    subject: str | None = None  # 基本支出 / 公务接待费 / 政府采购 / 网格 …
    sentence: Span  # the sentence the claim was read from
    numbers: dict[str, Number] = Field(default_factory=new_dict)
    parts: list[Number] = Field(default_factory=new_list)
    direction: Literal["increase", "decrease", "flat"] | None = None
    compared_to: str | None = None  # 上年 / 年初预算 …: what a change or rate is against
    status: Literal["typed", "unverifiable"] = "typed"
    reason: str | None = None  # why a claim is unverifiable
    # The table quantity an amount names, as a stable key such as "G03.合计.基本支出".
    link: str | None = None
    source: Literal["rules", "llm", "manual"] = "rules"


class TextItem(BaseModel):
    text: str
    span: Span | None = None


class Metric(BaseModel):
    name: str
    number: Number


class Narratives(BaseModel):
    duties: list[TextItem] = Field(default_factory=new_list)
    organisation: list[TextItem] = Field(default_factory=new_list)
    staff: dict[str, Number] = Field(default_factory=new_dict)  # 编制数 / 在职人数 …
    achievements: list[TextItem] = Field(default_factory=new_list)
    metrics: list[Metric] = Field(default_factory=new_list)
    problems: list[TextItem] = Field(default_factory=new_list)
    measures: list[TextItem] = Field(default_factory=new_list)


class ReportKind(StrEnum):
    FINAL_ACCOUNTS = "部门决算"
    BUDGET = "部门预算"
    PERFORMANCE = "绩效自评"
    UNKNOWN = "unknown"


class Extraction(BaseModel):
    """How the Report was made, so a finding can be traced to the extractor that caused it."""

    extractor: str = "rules"
    version: str = "0"
    prompt_versions: dict[str, str] = Field(default_factory=new_dict)
    model: str | None = None
    notes: list[str] = Field(default_factory=new_list)  # what was not understood, said plainly


class Report(BaseModel):
    sha256: str
    file_name: str
    text: str  # the decoded source text; every span points into it
    kind: ReportKind = ReportKind.UNKNOWN
    kinds: list[ReportKind] = Field(default_factory=new_list)  # all parts found (决算 + 绩效 …)
    department: str | None = None
    region: str | None = None
    year: int | None = None
    pages: list[Span] = Field(default_factory=new_list)  # page extents, for paginated sources
    sections: list[Section] = Field(default_factory=new_list)
    tables: list[Table] = Field(default_factory=new_list)
    claims: list[Claim] = Field(default_factory=new_list)
    narratives: Narratives = Field(default_factory=Narratives)
    extraction: Extraction = Field(default_factory=Extraction)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def tables_of(self, kind: TableKind) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def table(self, kind: TableKind) -> Table | None:
        """The first table of ``kind`` (rules ask for one table at a time, often)."""
        for t in self.tables:
            if t.kind == kind:
                return t
        return None


# --- what the verifier returns -------------------------------------------------------------


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """The result of one check: which rule, on what, with every value it used."""

    rule: str  # stable code, e.g. "T101"
    name: str  # rule name, e.g. "total-row"
    outcome: Outcome
    severity: Severity
    message: str
    subject: str = ""  # where: "公开03 row 201 本年支出合计"
    stated: Decimal | None = None
    expected: Decimal | None = None  # the recomputed value (midpoint of its interval)
    expected_low: Decimal | None = None
    expected_high: Decimal | None = None
    tolerance: Decimal | None = None  # half-width allowed: stated ± own + recomputed rounding
    difference: Decimal | None = None  # stated − expected
    unit: str | None = None
    spans: list[Span] = Field(default_factory=new_list)  # every number involved
    culprit: Span | None = None  # the one number whose change would satisfy all failed checks
    note: str | None = None  # e.g. 尾数误差, or the culprit explanation
    category: Literal["document", "extraction", "completeness"] = "document"

    def key(self) -> str:
        """Stable identity of a finding within a report (for review decisions)."""
        spans = ",".join(f"{s.start}-{s.end}" for s in self.spans)
        return f"{self.rule}:{self.subject}:{spans}"


Verdict = Literal["accept", "flag", "reject"]


class Coverage(BaseModel):
    """What a verification speaks for (verifier.coverage): the document's figures and how many
    took part in a recomputation; the tables it sets out, read, and checked."""

    figures: int = 0
    checked: int = 0
    tables_set_out: int = 0
    tables_read: int = 0
    tables_checked: int = 0
    unread: list[str] = Field(default_factory=new_list)  # table sections no table was read from
    unchecked: list[str] = Field(default_factory=new_list)  # tables with figures, none checked

    @property
    def complete(self) -> bool:
        """Every table the text sets out was read, and every one with figures checked."""
        return not self.unread and not self.unchecked

    @property
    def share(self) -> float:
        """Checked figures over all figures (1.0 for a document with none)."""
        return self.checked / self.figures if self.figures else 1.0

    def line(self) -> str:
        """One line for people: 'coverage 187/240 figures (78%), tables 9/9 read, 8 checked'.

        A document with no figure says so: its share is 1.0 for sorting, but '0/0 (100%)' would
        read as everything checked when nothing was."""
        figures = (
            f"{self.checked}/{self.figures} figures ({self.share:.0%})"
            if self.figures
            else "no figures read"
        )
        return (
            f"coverage {figures}, tables"
            f" {self.tables_read}/{self.tables_set_out} read, {self.tables_checked} with figures"
            " checked"
        )


class Verification(BaseModel):
    verdict: Verdict
    reasons: list[str] = Field(default_factory=new_list)
    findings: list[Finding] = Field(default_factory=new_list)  # every outcome, for --explain
    coverage: Coverage = Field(default_factory=Coverage)

    @property
    def problems(self) -> list[Finding]:
        """Failures and rounding notes: what a reviewer reads (passes left out)."""
        return [
            f
            for f in self.findings
            if f.outcome == Outcome.FAIL or (f.outcome == Outcome.PASS and f.note)
        ]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == Outcome.FAIL and f.severity == "error"]
