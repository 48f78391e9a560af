"""Family P: an amount in the prose equals the table quantity it names, across units.

A 情况说明 subsection explains one table (三、支出决算情况说明 explains 公开03), so an amount
is compared with the table its subsection is about, never with a namesake elsewhere: 基本支出
in 支出决算 is 公开03's, in 一般公共预算 支出 it is 公开05's. Where a report has no standard
table but a 绩效 基础数据表, the same quantity is read from that table's column for the
report's own year (…年决算数). Claims the topic does not pin down are not compared.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from verifier.check import (
    amended,
    compare,
    compare_figure,
    compare_sum,
    insufficient,
    meets,
    not_applicable,
    or_rounded_rows,
)
from verifier.classification import CLASS_NAMES, class_code
from verifier.numbers import UNIT_SCALE, Interval, bounds
from verifier.report import (
    Cell,
    Claim,
    ClaimKind,
    Finding,
    Number,
    Outcome,
    Report,
    Row,
    SectionKind,
    Table,
    TableKind,
)
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import (
    clean,
    column,
    figures,
    finest_under,
    remembered,
    three_public_columns,
    total_row,
)

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
# Subjects that name one line of one table in full, wherever in the 情况说明 they stand.
_FULL_NAMES = {
    "一般公共预算财政拨款支出", "财政拨款支出", "财政拨款收入", "财政拨款收、支总计",
    "财政拨款收支总计", "本年收入合计", "本年支出合计", "收、支总计", "收支总计",
    "年初结转和结余", "年末结转和结余", "年初财政拨款结转和结余", "年末财政拨款结转和结余",
}  # fmt: skip
# Units of money, in which a prose amount and a table figure can be compared.
_MONEY = ("元", "万元", "亿元")
# In a 基本支出 subsection, 人员经费/公用经费 are 公开06's totals.
TOPIC_EXTRA = {"基本支出": {TableKind.G06}, "一般公共预算支出": {TableKind.G06}}
# The tables a subsection's claims are read in, by its topic (a topic of neither table: none).
_NO_TOPIC: frozenset[TableKind | None] = frozenset({None})
_ALLOWED: dict[str, frozenset[TableKind | None]] = {
    t: frozenset({TOPIC_TABLE.get(t)} | TOPIC_EXTRA.get(t, set()))
    for t in (*TOPIC_TABLE, *TOPIC_EXTRA)
}


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
    if kind == TableKind.G05 and len(parts) == 2 and parts[0] == "功能分类":
        row = _item_row(table, parts[1].split("/"))
        col = column(table, *_TOTAL_NAMES["合计"])
        cell = row.cell(col) if row is not None and col is not None else None
        return cell.number if cell else None
    if kind in (TableKind.G01, TableKind.G04) and len(parts) == 1:
        # A line of the two-sided tables, on the side its name says (年末…: 支出; 总计: 收入's, which
        # T-rules hold equal to 支出's); on 公开04's 支出 side the first figure is the 合计.
        side = "支出" if "支出" in parts[0] or parts[0].startswith("年末") else "收入"
        return _line_figure(table, side, parts[0])
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


def _names_a_total(name: str) -> bool:
    return "合计" in name or "总计" in name


def _other_funds_spent(report: Report) -> bool:
    """公开04's 本年支出合计 shows spending of 政府性基金 or 国有资本经营 budgets (a figure other
    than zero beyond its 合计 and 一般公共预算 columns)."""
    table = report.table(TableKind.G04)
    if table is None:
        return False
    for row in table.rows:
        if row.side == "支出" and clean(row.name) == "本年支出合计":
            figures = [c.number for c in row.cells if c.number is not None]
            return any(n.value != 0 for n in figures[2:])
    return False


def _item_row(table: Table, path: list[str]) -> Row | None:
    """The 项 row (7-digit code) of ``table`` named by ``path`` = [类, 款, 项] as the prose
    writes them: its name the 项's, its 5-digit parent the 款's, its 3-digit parent the 类's
    (一般公共服务 and 一般公共服务支出 alike), where the table prints those parents at all.
    None unless exactly one row fits."""
    if len(path) != 3:
        return None
    lei, kuan, xiang = (clean(p).removesuffix("支出") for p in path)
    by_code = {r.code: r for r in table.rows if r.code}

    def named(code: str, name: str) -> bool:
        row = by_code.get(code)
        if row is None:  # a table of 项 rows only: the 项's own name decides
            return len(code) < 7
        return clean(row.name).removesuffix("支出") == name

    found = [
        r
        for code, r in by_code.items()
        if len(code) == 7 and named(code, xiang) and named(code[:5], kuan) and named(code[:3], lei)
    ]
    return found[0] if len(found) == 1 else None


def _line_figure(table: Table, side: str, name: str) -> Number | None:
    """The first figure of the line ``name`` (bare: 一般公共服务支出 for 一、一般公共服务支出) on
    ``side`` of a two-sided table (公开01/04; on 公开04's 支出 side the first is the 合计)."""
    row = remembered("lines by side and bare name", table, _lines_by_bare_name).get((side, name))
    cell = next((c for c in row.cells if c.number is not None), None) if row else None
    return cell.number if cell else None


def _lines_by_bare_name(table: Table) -> dict[tuple[str | None, str], Row]:
    """The first row of each (side, bare name) of a two-sided table: the prose names a dozen
    of its lines, each once looked up here instead of every row's name stripped again."""
    out: dict[tuple[str | None, str], Row] = {}
    for r in table.rows:
        out.setdefault((r.side, _bare(r.name)), r)
    return out


def _bare(name: str) -> str:
    """A row name without its enumerator: 一、一般公共预算财政拨款 → 一般公共预算财政拨款."""
    return _ENUMERATOR.sub("", clean(name))


_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+、")


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
    first: dict[TableKind, Table] = {}  # report.table(kind) of every kind, found once
    for t in report.tables:
        first.setdefault(t.kind, t)
    # Claims name the same few table figures again and again (a total in every subsection):
    # each is looked up once per report.
    looked_up: dict[tuple[TableKind, str], Number | None] = {}

    def standard_cell(kind: TableKind, quantity: str) -> Number | None:
        key = (kind, quantity)
        if key not in looked_up:
            looked_up[key] = _standard_cell(report, kind, quantity)
        return looked_up[key]

    for claim in report.claims:
        if claim.kind != ClaimKind.AMOUNT or not claim.link or "value" not in claim.numbers:
            continue
        stated = claim.numbers["value"]
        said = claim.subject  # (read once: a model's fields are slow to read)
        if (other := other_year(report, claim, stated)) is not None:
            yield not_applicable(r, f"{said} in the prose", f"a figure of {other}")
            continue
        kind_label, _, quantity = claim.link.partition(".")
        kind = _KIND_OF.get(kind_label)  # TableKind(kind_label), without Enum's slow call
        if kind is None or kind == TableKind.BUDGET:
            continue  # a budget's catalogued amounts are P703's
        subject = f"{said or quantity} in the prose against {kind.value} {quantity}"
        if quantity.startswith(_CLASS_LINK) and "/" not in quantity:
            # a 类 of the listed main uses: 公开05's 合计, in the subsection that explains it
            if kind == TableKind.G05 and topic_of(claim) == "一般公共预算支出":
                lei = quantity.removeprefix(_CLASS_LINK)
                yield _class_amount(r, report, first.get(kind), lei, subject, stated)
            continue
        cell: Number | None = None
        if first.get(kind) is not None:
            link_kind, link_quantity = kind, quantity
            topic = topic_of(claim)
            allowed = _ALLOWED.get(topic or "", _NO_TOPIC)
            full = clean(said or "") in _FULL_NAMES
            if (
                said == "财政拨款支出"
                and topic != "财政拨款收支总体"
                and _other_funds_spent(report)
            ):
                # Outside its own subsection 财政拨款支出 is often said for the 一般公共预算
                # part alone; where other funds were spent too, which is meant is unclear.
                continue
            # Outside every 情况说明 subsection (a 绩效 part, say) only a line named in full is
            # read, as named: 项目支出 there is as often one project's as the table's.
            # A total named in full (本年支出合计) is the link's line, in whatever subsection.
            if full and _names_a_total(said or ""):
                cell = standard_cell(kind, quantity)
            elif kind not in allowed and (topic is not None or not full):
                # The same quantity in the table the subsection explains: 基本支出 under
                # 一般公共预算 is 公开05's 基本支出 column, not 公开03's.
                # The subject's own name first: 财政拨款收入 under 收入 is 公开02's column of
                # that name, where the link names 公开04's total.
                kind = TOPIC_TABLE.get(topic or "")
                # (Not a total by the link's name: 公开04's 本年收入合计 is not 公开01's.)
                names = [clean(said or "")]
                if not _names_a_total(quantity):
                    names.append(quantity)
                names = [n for n in names if n]
                found = ((n, standard_cell(kind, n)) for n in names) if kind else ()
                quantity, cell = next(((n, c) for n, c in found if c is not None), ("", None))
                if cell is None and full:
                    # Not a figure of the subsection's own table, but a line of 公开01/04/05
                    # named in full (财政拨款支出, 收、支总计): no other table's line is meant.
                    kind, quantity = link_kind, link_quantity
                    cell = standard_cell(kind, quantity)
                if cell is None:
                    continue
                assert kind is not None  # a figure was found in kind's table, or kind is the link's
                subject = f"{said or quantity} in the prose against {kind.value} {quantity}"
            else:
                cell = standard_cell(kind, quantity)
        elif said:
            cell = _basic_data_cell(report, clean(said))
            subject = f"{said} in the prose against the 基础数据表 {report.year}年决算数"
        if cell is None and kind == TableKind.G07 and _unaligned(first.get(kind)):
            yield _among_three_public(r, first[kind], subject, stated)
            continue
        if cell is None:
            yield not_applicable(r, subject, "no table figure found for it")
            continue
        unit = stated.unit
        if unit not in _MONEY:
            unit = None
        if unit is None or (cell_unit := cell.unit) not in _MONEY:
            yield not_applicable(r, subject, "units unknown")
            continue
        detail = f"the table prints {cell.raw}{cell_unit}" if cell_unit != unit else ""
        judged = compare_figure(r, subject, stated, cell, unit=unit, detail=detail)
        if judged.outcome == Outcome.FAIL and kind is not None:
            whose = _whose_figure(first.get(kind), stated, unit, cell) or next(
                (
                    w
                    for t in report.tables
                    if t is not first.get(kind) and abs(stated.value) >= 10
                    if (w := _whose_figure(t, stated, unit, cell))
                ),
                None,
            )
            if whose:  # the figure of another line: a parent's, a sibling's (人员经费 for 工资福利)
                judged = amended(judged, f"it is the figure of {whose}")
        yield judged


_CLASS_LINK = "功能分类."


def _class_amount(
    r: Rule, report: Report, table: Table | None, lei: str, subject: str, stated: Number
) -> Finding:
    """A 类's amount in the prose against the coded table: its row's 合计 where the table
    prints it, else the sum of the rows under it at the finest level printed.

    A 类 row is often the sum of its rounded 项 (40.35 + 196.29 = 236.64) where 公开01 and
    公开04 print the 类's own total rounded (236.63): both are roundings of one amount, and
    the table tells of the 类's amount no more than the sum of its rows does. So a prose
    figure one unit of its last digit off the row agrees (尾数误差) where the sum of the rows
    under it allows it — unless 公开01 or 公开04 print the 类's line with a figure that
    disagrees with the prose: the report then shows which rounding it uses, and the row
    decides (a one-unit typo is an error there)."""
    unit = stated.unit if stated.unit in _MONEY else None
    if table is None or unit is None or table.unit not in _MONEY:
        return not_applicable(r, subject, "no table figure found for it")
    found = _class_figures(table, lei)
    if found is None:
        return not_applicable(r, subject, "no table figure found for it")
    figure, rows, code = found
    summed_subject = f"{subject} (the sum of its rows)"
    if rows is None:
        return insufficient(r, summed_subject, "a figure of its rows was not read", [stated])
    if figure is None:
        if not rows:
            return not_applicable(r, subject, "no table figure found for it")
        return compare_sum(r, summed_subject, stated, rows, unit=unit)
    detail = f"the table prints {figure.raw}{figure.unit}" if figure.unit != unit else ""
    judged = compare_figure(r, subject, stated, figure, unit=unit, detail=detail)
    if judged.outcome == Outcome.FAIL and _said_elsewhere(report, code, stated, unit) is False:
        return judged
    return or_rounded_rows(r, judged, subject, stated, rows, unit=unit)


def _said_elsewhere(report: Report, code: str, stated: Number, unit: str) -> bool | None:
    """Whether 公开01 and 公开04 print ``stated`` (within rounding) as the 类 ``code``'s line of
    spending (九、卫生健康支出 236.63): True when one does, False when those that print the line
    print another figure, None when neither prints it readably."""
    name = CLASS_NAMES.get(code)
    said = None
    for kind in (TableKind.G01, TableKind.G04):
        table = report.table(kind)
        if name is None or table is None or table.unit not in _MONEY:
            continue
        figure = _line_figure(table, "支出", name)
        if figure is None:
            continue
        if meets(stated, figure, unit):
            return True
        said = False
    return said


def _class_figures(table: Table, lei: str) -> tuple[Number | None, list[Number] | None, str] | None:
    """The 类 named ``lei`` in a coded table: the 合计 figure of its row (3-digit code) where
    printed, those of the rows under it at the finest level printed (its 项, else its 款; None
    when one of them was not read: a cell cut by the converter), and its code — by its row
    or, where the table prints no 类 rows, by the national code of the name
    (verifier.classification). None when the table does not tell: no 合计 column, no code, or
    the 类 printed twice."""
    col = column(table, *_TOTAL_NAMES["合计"])
    if col is None:
        return None
    name = clean(lei).removesuffix("支出")
    own = [
        r
        for r in table.rows
        if r.code and len(r.code) == 3 and clean(r.name).removesuffix("支出") == name
    ]
    if len(own) > 1:
        return None
    code = own[0].code if own else class_code(name)
    if code is None:
        return None
    cell = own[0].cell(col) if own else None
    figure = cell.number if cell is not None else None
    return figure, finest_under(table, code, col), code


def _whose_figure(table: Table | None, stated: Number, unit: str, not_this: Number) -> str | None:
    """The line and column of ``table`` that print the stated figure, when it is not the
    line the prose names: the prose named one line and gave another's figure (its parent's,
    a sibling's, the same line of another table). Sought in the named table first, then, for
    a figure of two digits or more before the point, in every other table."""
    if table is None:
        return None
    want_lo, want_hi = bounds(stated, unit)
    # A figure's interval in 元 lies within half a unit of its value (it has no negative
    # decimals): in floating point, with room to spare for its rounding, that rules out all
    # but the figures near the stated one, whose bounds are then compared exactly.
    scale = _YUAN[unit]
    w_lo, w_hi = float(want_lo) * scale, float(want_hi) * scale
    room = 1e-9 * (abs(w_lo) + abs(w_hi) + 1.0)
    w_lo, w_hi = w_lo - room, w_hi + room
    for yuan, reach, n, row, c in _money_figures(table):
        if yuan - reach > w_hi or yuan + reach < w_lo or n is not_this:
            continue
        lo, hi = bounds(n, unit)  # Interval.of_number's, without making one
        if lo <= want_hi and want_lo <= hi:
            column = table.columns[c.column].name if c.column < len(table.columns) else ""
            name = " ".join(x for x in (row.code or "", row.name) if x)
            label = table.label or table.kind.value
            if table.kind in (TableKind.UNKNOWN, TableKind.BUDGET):
                label = table.title[:30] or label
            return f"{label} {name}" + (f" [{column}]" if column else "")
    return None


# Each money unit in 元, as a float: for the coarse test above, never for a finding.
_YUAN = {u: float(UNIT_SCALE[u]) for u in _MONEY}


def _money_figures(table: Table) -> list[tuple[float, float, Number, Row, Cell]]:
    """The nonzero money figures of ``table``, in row and cell order, each with its value in
    元 as a float and how far from it, in 元, its interval may reach: half its unit (the most
    its rounding adds) and a billionth more for the float's own rounding. Made once per
    verification (every failed claim asks every table)."""

    def make(t: Table) -> list[tuple[float, float, Number, Row, Cell]]:
        out = []
        for row, c, n in figures(t):
            if not n.value or (u := n.unit) not in _MONEY:
                continue
            scale = _YUAN[u]  # type: ignore[index]
            yuan = float(n.value) * scale
            half = 0.5 * scale if n.decimals >= 0 else math.inf
            out.append((yuan, half + 1e-9 * (abs(yuan) + half), n, row, c))
        return out

    return remembered("money figures", table, make)


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def other_year(report: Report, claim: Claim, stated: Number) -> int | None:
    """The year the sentence names before the amount (2022年度财政拨款支出…), when it is not
    the report's own: that year's figure is not in this year's tables."""
    own = report.year
    if own is None or (span := stated.span) is None:
        return None
    text = report.text
    begin, at = claim.sentence.start, span.start
    if text.find("年", begin, at) < 0:
        return None  # every match of _YEAR ends in 年: none before the amount, no year named
    for m in reversed(list(_YEAR.finditer(text, begin, at))):
        if text[max(0, m.start() - 3) : m.start()].rstrip()[-1:] in ("比", "较", "与", "同"):
            continue  # 比2023年预算增加…: the year compared with, not the figure's
        year = int(m.group(1))
        return year if year != own else None
    return None


def _unaligned(table: Table | None) -> bool:
    """公开07 has figures, but its columns could not be named (extractor.tables.read leaves them
    列N when a cell was lost in the text export)."""
    return (
        table is not None
        and any(c.number is not None for row in table.rows for c in row.cells)
        and all(
            v is None
            for side in ("预算数", "决算数")
            for v in three_public_columns(table, side).values()
        )
    )


def _among_three_public(r: Rule, table: Table, subject: str, stated: Number) -> Finding:
    """A 三公 item's figure against a 公开07 whose columns are not known: whichever column
    the item is, its figure is one of the table's. So a figure of the prose that none of the
    table's figures matches disagrees with the table, wherever its cells went; one that some
    figure matches is taken as agreeing, by value only. A zero proves nothing: the text may
    have dropped the blank cell that holds it."""
    unit = stated.unit if stated.unit in _MONEY else None
    figures = [
        c.number
        for row in table.rows
        for c in row.cells
        if c.number is not None and c.number.unit in _MONEY
    ]
    subject += " (公开07's columns not recognised: sought among all its figures)"
    if unit is None or not figures:
        return not_applicable(r, subject, "units unknown")
    if stated.value == 0:
        return not_applicable(r, subject, "a zero may stand in a cell the text left blank")
    for n in figures:  # the first that agrees, its finding made for it alone
        if meets(stated, n, unit):
            return compare_figure(r, subject, stated, n, unit=unit)
    intervals = [Interval.of_number(n, unit=unit) for n in figures]
    nearest = min(intervals, key=lambda iv: abs(iv.mid - stated.value))
    listed = ", ".join(n.raw for n in figures)
    return compare(
        r, subject, stated, nearest, figures, unit=unit,
        detail=f"none of 公开07's figures ({listed}) agrees; the nearest is shown",
    )  # fmt: skip
