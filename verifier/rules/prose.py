"""Family P: an amount in the prose equals the table quantity it names, across units.

A 情况说明 subsection explains one table (三、支出决算情况说明 explains 公开03), so an amount
is compared with the table its subsection is about, never with a namesake elsewhere: 基本支出
in 支出决算 is 公开03's, in 一般公共预算 支出 it is 公开05's. Where a report has no standard
table but a 绩效 基础数据表, the same quantity is read from that table's column for the
report's own year (…年决算数). Claims the topic does not pin down are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from verifier.check import compare, not_applicable
from verifier.numbers import Interval
from verifier.report import Claim, ClaimKind, Finding, Number, Report, SectionKind, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import clean, column, three_public_columns, total_row

# Which table each 情况说明 topic explains.
TOPIC_TABLE = {
    "收支总体": TableKind.G01,
    "收入": TableKind.G02,
    "支出": TableKind.G03,
    "财政拨款收支总体": TableKind.G04,
    "一般公共预算支出": TableKind.G05,
    "基本支出": TableKind.G05,
    "三公": TableKind.G07,
}
# The total column goes by several names: 合计, 本年支出合计, 本年支出小计 …
_TOTAL_NAMES = {"合计": ("合计", "本年支出合计", "本年收入合计", "本年支出小计", "小计")}
# A 三公 item named in the prose → its key in tableview.three_public_columns, the first word
# found deciding: 公务用车购置费及运行维护费 is the 小计 of the two, 三公经费 the 合计.
_THREE_PUBLIC_KEYS = (
    ("及运行", "小计"), ("购置及", "小计"), ("出国", "出国"), ("购置", "购置"), ("运行", "运行"),
    ("接待", "接待"), ("三公", "合计"),
)  # fmt: skip
_KIND_OF = {k.value: k for k in TableKind}
# In a 基本支出 subsection, 人员经费/公用经费 are 公开06's totals.
TOPIC_EXTRA = {"基本支出": {TableKind.G06}, "一般公共预算支出": {TableKind.G06}}


def _topics(report: Report) -> Callable[[Claim], str | None]:
    """The topic of the innermost 情况说明 subsection holding a claim's sentence: the last
    one, in text order, to start at or before the sentence and end after it. The sections
    are sorted once per report, not once per claim."""
    found = sorted(
        (s.span.start, i, s.span.end, s.topic)
        for i, s in enumerate(report.sections)
        if s.kind == SectionKind.EXPLANATION
    )

    def topic(claim: Claim) -> str | None:
        at = claim.sentence.start
        best = None
        for start, _, end, name in found:
            if start > at:
                break
            if at < end:
                best = name
        return best

    return topic


def _standard_cell(report: Report, kind: TableKind, quantity: str) -> Number | None:
    table = report.table(kind)
    if table is None:
        return None
    parts = quantity.split(".")
    if kind in (TableKind.G03, TableKind.G05, TableKind.G02) and len(parts) == 1:
        row = total_row(table)
        col = column(table, *_TOTAL_NAMES.get(parts[0], (parts[0],)))
        if row is None or col is None:
            return None
        cell = row.cell(col)
        return cell.number if cell else None
    if kind == TableKind.G04 and len(parts) == 1:
        row = next((r for r in table.rows if r.side == "收入" and _bare(r.name) == parts[0]), None)
        cell = row.cell(0) if row else None
        return cell.number if cell else None
    if kind == TableKind.G06 and len(parts) == 1:
        row = next((r for r in table.rows if r.is_total and clean(r.name) == parts[0]), None)
        cell = row.cell(0) if row else None
        return cell.number if cell else None
    if kind == TableKind.G07 and len(parts) == 2:
        side, name = parts
        key = next((k for word, k in _THREE_PUBLIC_KEYS if word in name), None)
        col = three_public_columns(table, side)[key] if key else None
        if col is None or not table.rows:
            return None
        cell = table.rows[0].cell(col)
        return cell.number if cell else None
    return None


def _bare(name: str) -> str:
    """A row name without its enumerator: 一、一般公共预算财政拨款 → 一般公共预算财政拨款."""
    return re.sub(r"^[一二三四五六七八九十]+、", "", clean(name))


def _basic_data_cell(report: Report, subject: str) -> Number | None:
    """The 基础数据表 figure for ``subject`` in the report's own year's 决算数 column."""
    if report.year is None:
        return None
    for table in report.tables_of(TableKind.BASIC_DATA):
        col = table.column_index(f"{report.year}年决算数")
        if col is None:
            continue
        for row in table.rows:
            if clean(row.name) == subject:
                cell = row.cell(col)
                return cell.number if cell else None
    return None


@rule(
    "P701",
    "prose-amount-matches-table",
    "P",
    "an amount in the prose equals the table figure it names",
    "The 情况说明 restates figures of the tables it explains; the two must agree across units "
    "(tables in 元, prose in 万元) within the rounding of both.",
)
def prose_amount(r: Rule, report: Report) -> Iterator[Finding]:
    topic_of = _topics(report)
    for claim in report.claims:
        if claim.kind != ClaimKind.AMOUNT or not claim.link or "value" not in claim.numbers:
            continue
        stated = claim.numbers["value"]
        kind_label, _, quantity = claim.link.partition(".")
        kind = _KIND_OF.get(kind_label)  # TableKind(kind_label), without Enum's slow call
        if kind is None:
            continue
        subject = f"{claim.subject or quantity} in the prose against {kind.value} {quantity}"
        cell: Number | None = None
        if report.table(kind) is not None:
            topic = topic_of(claim)
            allowed = {TOPIC_TABLE.get(topic or "")} | TOPIC_EXTRA.get(topic or "", set())
            if kind not in allowed:
                # The same quantity in the table the subsection explains: 基本支出 under
                # 一般公共预算 is 公开05's 基本支出 column, not 公开03's.
                # The subject's own name first: 财政拨款收入 under 收入 is 公开02's column of
                # that name, where the link names 公开04's total.
                kind = TOPIC_TABLE.get(topic or "")  # type: ignore[assignment]
                names = [n for n in (clean(claim.subject or ""), quantity) if n]
                found = ((n, _standard_cell(report, kind, n)) for n in names) if kind else ()
                quantity, cell = next(((n, c) for n, c in found if c is not None), ("", None))
                if cell is None:
                    continue
                subject = (
                    f"{claim.subject or quantity} in the prose against {kind.value} {quantity}"
                )
            else:
                cell = _standard_cell(report, kind, quantity)
        elif claim.subject:
            cell = _basic_data_cell(report, clean(claim.subject))
            subject = f"{claim.subject} in the prose against the 基础数据表 {report.year}年决算数"
        if cell is None:
            yield not_applicable(r, subject, "no table figure found for it")
            continue
        unit = stated.unit if stated.unit in ("元", "万元", "亿元") else None
        if unit is None or cell.unit not in ("元", "万元", "亿元"):
            yield not_applicable(r, subject, "units unknown")
            continue
        yield compare(r, subject, stated, Interval.of_number(cell, unit=unit), [cell], unit=unit)
