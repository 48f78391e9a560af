"""Family Y: what a report says of last year against last year's own report.

A report states last year's figures — a 上年 column (上年预算数, 上年执行数), a change from last
year (与上年相比增加X万元，增长Y%, whose prior is the current figure less the change), the
年初结转和结余 a 决算 carries over — that its own pages cannot confirm. Last year's report of the
same department can: these rules take the two reports (the store finds the pair and says they
are one department; verifier.years.check_pair runs them) and compare each such figure with the
figure the earlier report prints for the same line, within the rounding of both
(verifier.numbers), never a tolerance of their own.

Same line means same line: a figure is compared only when the line is named alike in both
reports — the same table kind and row code or name with the column of the same meaning, the
same table quantity a prose amount is linked to, or the same words before the figure after the
department's name, years and enumerators are taken away — and when that name gives the earlier
report one figure. Anything less certain is left unjudged.

Every finding's ``spans`` point into the later report (the one it is attached to); the earlier
report's spans travel beside it (YearFinding.earlier).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, Field

from verifier.check import compare
from verifier.numbers import Interval
from verifier.report import (
    Claim,
    ClaimKind,
    Finding,
    Number,
    Report,
    ReportKind,
    Span,
    Table,
    TableKind,
    new_list,
)
from verifier.rules.catalogue import Rule, pair_rule
from verifier.tableview import clean

_MONEY = ("元", "万元", "亿元")


class YearFinding(BaseModel):
    """A finding over two reports: ``finding.spans`` are in the later report, ``earlier`` in
    the earlier one (the figure it printed for the line)."""

    finding: Finding
    earlier: list[Span] = Field(default_factory=new_list)


def _judge(
    r: Rule,
    subject: str,
    earlier_figure: Number,
    prior: Interval,
    operands: list[Number],
    unit: str,
    detail: str = "",
) -> YearFinding:
    """The earlier report's figure against the later report's (stated or implied) figure for
    the earlier year, both as intervals in ``unit``; spans split by the report they are in."""
    found = compare(r, subject, earlier_figure, prior, operands, unit=unit, detail=detail)
    found.spans = [n.span for n in operands if n.span is not None]
    earlier = [earlier_figure.span] if earlier_figure.span is not None else []
    return YearFinding(finding=found, earlier=earlier)


# --- lines named alike: what a figure of the prose is the figure of ------------------------

_ENUMERATOR = re.compile(
    r"[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分"
)
_YEARS = re.compile(r"(?:19|20)\d\d\s*年度?|本年度?|本部门|当年|年度|此外|其中|包括")
_CHANGE_WORDS = (
    "增加",
    "减少",
    "增长",
    "下降",
    "降低",
    "调增",
    "调减",
    "上升",
    "上年",
    "原因",
    "持平",
)
# any of them in a label: one search, not a substring test per word (a pairing labels some
# 70 figures of each report's prose)
_CHANGE = re.compile("|".join(map(re.escape, _CHANGE_WORDS)))
_CLAUSE_END = re.compile(r"[。；;，,：:\n]")
_SPACES = re.compile(r"\s+")
_HEADING_RUN_IN = re.compile(r"^.*?情况说明")  # a subsection's heading run into its text


@lru_cache(maxsize=256)
def _name_forms(name: str | None) -> tuple[str, ...]:
    """A name and its tails after each place (云州市松岭区网格服务中心, 松岭区网格服务中心,
    网格服务中心), longest first: a report names itself with or without its places. Kept
    for the next figure of the same report (a pairing asks it for each: ~2,800 a corpus)."""
    if not name:
        return ()
    name = re.sub(r"\s+", "", name)
    tails = [name[m.end() :] for m in re.finditer(r"[省市区县]", name)]
    return tuple(sorted({name, *(t for t in tails if len(t) >= 2)}, key=len, reverse=True))


def _label(report: Report, n: Number, sentence: Span) -> str | None:
    """The words that name figure ``n`` in its sentence: from the end of the clause before it
    to the figure, without the department's name, years, enumerators, spaces and a closing 为.
    None when the words name a change or a reason rather than a line (增加人员经费 1408.29),
    or are too short to name a line alone."""
    if n.span is None:
        return None
    text = report.text
    # a change's current figure may stand in the sentence before the change's own
    start = max(0, n.span.start - 80)
    before = text[start : n.span.start]
    cut = [m.end() for m in _CLAUSE_END.finditer(before)]
    # a line break inside a label wraps it: only a break after a clause's end cuts
    for end in reversed(cut):
        if before[end - 1] != "\n" or _CLAUSE_END.match(before[max(0, end - 2)] or ""):
            before = before[end:]
            break
    words = _SPACES.sub("", before)
    for name in _name_forms(report.department) + _name_forms(report.region):
        words = words.replace(name, "")
    words = _HEADING_RUN_IN.sub("", words)
    words = _ENUMERATOR.sub("", words)
    words = _YEARS.sub("", words)
    words = words.strip("“”\"'、").removesuffix("为").removesuffix("是")
    if len(words) < 4 or _CHANGE.search(words):
        return None
    return clean(words)


def own_figures(report: Report) -> dict[str, list[Number]]:
    """The report's own-year figures of its prose, by the names of their lines: the amount of
    a claim (its link and the words before it) and the current figure a change is measured
    from. A figure said of another year (2022年度…) is left out."""
    out: dict[str, list[Number]] = {}
    linked = {
        (c.numbers["value"].span.start if c.numbers["value"].span else -1): c.link
        for c in report.claims
        if c.kind == ClaimKind.AMOUNT and c.link and "value" in c.numbers
    }
    spans: dict[str, set[Span]] = {}  # each key's figures' spans (Span is frozen: hashable)
    for claim in report.claims:
        n = claim.numbers.get("value")
        if n is None or n.span is None or n.unit not in _MONEY:
            continue
        if claim.kind not in (ClaimKind.AMOUNT, ClaimKind.CHANGE):
            continue
        if _said_of_another_year(report, claim, n):
            continue
        for key in _keys(report, claim, n, linked):
            out.setdefault(key, [])
            held = spans.setdefault(key, set())
            if n.span not in held:  # a figure once a name, not compared with each held
                held.add(n.span)
                out[key].append(n)
    return out


def _keys(report: Report, claim: Claim, n: Number, linked: Mapping[int, str | None]) -> list[str]:
    keys = []
    link = claim.link or linked.get(n.span.start if n.span else -1)
    if link:
        keys.append("link:" + link)
    label = _label(report, n, claim.sentence)
    if label:
        keys.append("words:" + label)
    return keys


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def _said_of_another_year(report: Report, claim: Claim, n: Number) -> bool:
    """The sentence names a year before the figure that is not the report's own (比2016年…
    is the year compared with, not the figure's)."""
    if report.year is None or n.span is None:
        return False
    text = report.text
    begin, at = claim.sentence.start, n.span.start
    if text.find("年", begin, at) < 0:
        return False  # every match of _YEAR ends in 年: none before the figure, no year named
    for m in reversed(list(_YEAR.finditer(text, begin, at))):
        if text[max(0, m.start() - 3) : m.start()].rstrip()[-1:] in ("比", "较", "与", "同"):
            continue
        return int(m.group(1)) != report.year
    return False


def _one(figures: list[Number]) -> Number | None:
    """The one figure a line's name gives, when every figure under that name agrees in value
    and unit (a total said twice); None when the name is ambiguous."""
    if not figures:
        return None
    first = figures[0]
    if all(f.value == first.value and f.unit == first.unit for f in figures):
        return first
    return None


# --- what the later report says of the earlier year ----------------------------------------


def _against_earlier(compared_to: str | None, earlier: Report, later: Report) -> bool:
    """Whether a change's base is the earlier report's kind of figure: 与上年相比 is last
    year's report of the same kind (a budget's last year's budget, a 决算's last 决算);
    上年预算 a budget; 上年决算 and 执行数 a 决算."""
    words = compared_to or "上年"
    named = _YEAR.search(words)
    if named is not None and int(named.group(1)) != earlier.year:
        return False  # 比2022年预算 in a 2024 report: not the year before
    if "执行" in words or "决算" in words:
        return earlier.kind == ReportKind.FINAL_ACCOUNTS
    if "年初预算" in words:
        return False  # this year's budget, not last year's
    if "预算" in words:
        return earlier.kind == ReportKind.BUDGET
    return earlier.kind == later.kind


def _prior(claim: Claim) -> tuple[Interval, list[Number], str] | None:
    """The later report's figure for the earlier year of a change claim: stated (prior), or
    implied by the current figure and the change (value ∓ delta), or by the current figure
    and the percent (value / (1 ± pct)); with the figures it is computed from and how."""
    nums = claim.numbers
    value, delta, pct, prior = (nums.get(k) for k in ("value", "delta", "pct", "prior"))
    if prior is not None and prior.unit in _MONEY:
        return Interval.of_number(prior), [prior], f"stated as {prior.raw}"
    if value is not None and value.unit in _MONEY and claim.direction == "flat" and not pct:
        return Interval.of_number(value), [value], f"{value.raw}, 持平"
    if value is None or value.unit not in _MONEY or claim.direction not in ("increase", "decrease"):
        return None
    sign = 1 if claim.direction == "increase" else -1
    current = Interval.of_number(value)
    if delta is not None and delta.unit in _MONEY:
        change = Interval.of_number(delta, unit=value.unit)
        implied = current - change if sign > 0 else current + change
        word = "−" if sign > 0 else "+"
        return implied, [value, delta], f"{value.raw} {word} {delta.raw}"
    if pct is not None and pct.unit == "%":
        ratio = Interval.exact(1) + Interval.of_number(pct).scale(Decimal(sign))
        implied_ratio = current / ratio
        if implied_ratio is None:
            return None
        word = "1 +" if sign > 0 else "1 −"
        return implied_ratio, [value, pct], f"{value.raw} / ({word} {pct.raw}%)"
    return None


@pair_rule(
    "Y901",
    "prior-year-from-change",
    "Y",
    "a figure the report implies for last year equals last year's report",
    "与上年相比增加X万元 (or 增长Y%) with this year's figure says what last year's figure was: "
    "this year's less the change, or this year's over 1 + Y%. Last year's report of the same "
    "department prints that figure for the same line; the two agree within the rounding of "
    "every figure involved. The line is named alike in both reports (the table quantity the "
    "prose amount is linked to, or the same words before the figure), and the comparison is "
    "against last year's report of the kind the change is measured against (上年预算: a "
    "budget; 上年执行数, 上年决算: a 决算; plain 上年: the same kind).",
)
def prior_from_change(r: Rule, earlier: Report, later: Report) -> Iterator[YearFinding]:
    if earlier.year is None or later.year != earlier.year + 1:
        return
    theirs = own_figures(earlier)
    linked = {
        (c.numbers["value"].span.start if c.numbers["value"].span else -1): c.link
        for c in later.claims
        if c.kind == ClaimKind.AMOUNT and c.link and "value" in c.numbers
    }
    seen: set[tuple] = set()
    for claim in later.claims:
        if claim.kind != ClaimKind.CHANGE or not _against_earlier(
            claim.compared_to, earlier, later
        ):
            continue
        got = _prior(claim)
        value = claim.numbers.get("value")
        if got is None or value is None or value.span is None:
            continue
        prior, operands, how = got
        for key in _keys(later, claim, value, linked):
            figure = _one(theirs.get(key, []))
            if figure is None or figure.unit not in _MONEY:
                continue
            once = (key, value.span.start, figure.span)
            if once in seen:
                continue
            seen.add(once)
            name = key.partition(":")[2]
            subject = (
                f"{name}: {earlier.year}'s report against the figure {later.year}'s implies "
                f"for {earlier.year} ({how})"
            )
            yield _judge(r, subject, figure, prior, operands, unit=value.unit or "万元")
            break  # one name of the line is enough: the link first, else the words


# --- a 上年 column against last year's table -------------------------------------------------

_PRIOR_COLUMN = re.compile(r"上年|上一年度?")


def _meaning(name: str, year: int | None) -> str:
    """A column's meaning without the year it is of: 上年预算数 / 2018年预算数 / 本年预算数 → 预算数."""
    words = clean(name)
    words = _PRIOR_COLUMN.sub("", words)
    words = re.sub(r"(?:19|20)\d\d年度?|本年度?|年度", "", words)
    return words


def _row_key(row_name: str, code: str | None) -> str:
    return f"code:{code}" if code else "name:" + _ENUMERATOR.sub("", clean(row_name))


def _rows(table: Table) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, row in enumerate(table.rows):
        out.setdefault(_row_key(row.name, row.code), []).append(i)
    return out


def _same_tables(earlier: Report, later: Report, table: Table) -> Table | None:
    """The earlier report's one table of the same kind (and catalogue entry, where both
    follow one); None when there is none or several."""
    if table.kind in (TableKind.UNKNOWN,):
        return None
    same = [
        t
        for t in earlier.tables
        if t.kind == table.kind
        and (t.template == table.template or not (t.template and table.template))
    ]
    return same[0] if len(same) == 1 else None


@pair_rule(
    "Y902",
    "prior-year-column",
    "Y",
    "a table's 上年 column equals last year's table",
    "A table that prints last year's figures beside this year's (上年预算数, 上年执行数, "
    "2018年预算数 in 2019) restates the figures last year's report printed in the same table "
    "for the same line. Compared where the earlier report has one table of the same kind, a "
    "row of the same code (or, without codes, the same name) and one column of the same "
    "meaning for its own year (预算数 for 上年预算数), in the units each table states.",
)
def prior_year_column(r: Rule, earlier: Report, later: Report) -> Iterator[YearFinding]:
    if earlier.year is None or later.year != earlier.year + 1:
        return
    for table in later.tables:
        prior_cols = [
            i
            for i, c in enumerate(table.columns)
            if _PRIOR_COLUMN.search(c.name) or f"{earlier.year}年" in c.name
        ]
        if not prior_cols or table.unit not in _MONEY:
            continue
        other = _same_tables(earlier, later, table)
        if other is None or other.unit not in _MONEY:
            continue
        rows = _rows(other)
        for ci in prior_cols:
            meaning = _meaning(table.columns[ci].name, earlier.year)
            if (
                "执行" in meaning or "决算" in meaning
            ) and earlier.kind != ReportKind.FINAL_ACCOUNTS:
                continue
            own_cols = [
                j
                for j, c in enumerate(other.columns)
                if not _PRIOR_COLUMN.search(c.name)
                and f"{earlier.year - 1}年" not in c.name
                and _meaning(c.name, earlier.year) == meaning
            ]
            if len(own_cols) != 1:
                continue
            for row in table.rows:
                cell = row.cell(ci)
                if cell is None or cell.number is None:
                    continue
                found = rows.get(_row_key(row.name, row.code), [])
                if len(found) != 1:
                    continue
                theirs = other.rows[found[0]].cell(own_cols[0])
                if theirs is None or theirs.number is None:
                    continue
                stated = cell.number.model_copy(update={"unit": cell.number.unit or table.unit})
                figure = theirs.number.model_copy(update={"unit": theirs.number.unit or other.unit})
                unit = stated.unit or "万元"
                subject = (
                    f"{table.label or table.title[:30]} {row.code or ''} {row.name} "
                    f"[{table.columns[ci].name}] against {earlier.year}'s "
                    f"[{other.columns[own_cols[0]].name}]"
                ).replace("  ", " ")
                yield _judge(r, subject, figure, Interval.of_number(stated), [stated], unit)


# --- 年初结转和结余 against last year's 年末结转和结余 -------------------------------------------


def _balance(table: Table, start: bool) -> Number | None:
    """The first figure of the 年初 (income side) or 年末 (spending side) 结转和结余 line of a
    收支总表, when one line has that name."""
    word = "年初结转和结余" if start else "年末结转和结余"
    rows = [
        row
        for row in table.rows
        if _ENUMERATOR.sub("", clean(row.name)) == word
        or _ENUMERATOR.sub("", clean(row.name)).endswith(word)
    ]
    if len(rows) != 1:
        return None
    figures = [c.number for c in rows[0].cells if c.number is not None]
    return figures[0] if figures else None


@pair_rule(
    "Y903",
    "carried-forward",
    "Y",
    "a 决算's 年初结转和结余 equals last year's 年末结转和结余",
    "What a department carries into a year is what it carried out of the year before: the "
    "年初结转和结余 of a 决算's 收入支出决算总表 (公开01) and 财政拨款收入支出决算总表 (公开04) is the "
    "年末结转和结余 of the same table in last year's 决算. A difference is an adjustment the "
    "report should explain, or a misprint.",
)
def carried_forward(r: Rule, earlier: Report, later: Report) -> Iterator[YearFinding]:
    if earlier.year is None or later.year != earlier.year + 1:
        return
    if not (earlier.kind == later.kind == ReportKind.FINAL_ACCOUNTS):
        return
    for kind in (TableKind.G01, TableKind.G04):
        a, b = earlier.tables_of(kind), later.tables_of(kind)
        if len(a) != 1 or len(b) != 1:
            continue
        if a[0].unit not in _MONEY or b[0].unit not in _MONEY:
            continue
        end, start = _balance(a[0], start=False), _balance(b[0], start=True)
        if end is None or start is None:
            continue
        end = end.model_copy(update={"unit": end.unit or a[0].unit})
        start = start.model_copy(update={"unit": start.unit or b[0].unit})
        subject = (
            f"{kind.value} 年初结转和结余 of {later.year} against 年末结转和结余 of {earlier.year}"
        )
        yield _judge(r, subject, end, Interval.of_number(start), [start], start.unit or "万元")
