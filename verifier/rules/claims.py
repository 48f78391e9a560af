"""Family C: claims on their own — a statement in the prose must agree with itself.

A change (增加 X万元，增长 Y%) implies a prior value: prior = current − delta (signed), and
the percent must equal delta / prior, on intervals. Parts (共N（a、b）, 其中：a；b) must add up
to their total. Shares (占Y%) must equal value / whole; rates (完成预算的Y%) value / budget.
A claim the extractor could not fully read yields insufficient_data, never an error.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from decimal import Decimal

from verifier.check import compare, compare_bounds, compare_sum, insufficient, not_applicable
from verifier.numbers import Interval, bounds, nothing_at, quotient
from verifier.report import (
    Claim,
    ClaimKind,
    Finding,
    Number,
    Outcome,
    Report,
    Severity,
    Span,
    TableKind,
)
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import column, remembered, total_row, value

# What ends a clause: a comma (not one between digits, 24,169.74), semicolon or stop.
_CLAUSE_END = re.compile(r"[，。；;！？,]")
_QUOTE_LEAD = 24  # at most this many characters of a clause are quoted before its figure
_SUBJECT_LEAD = 12  # and of the sentence's opening, when the figures stand further on


def _where(report: Report, claim: Claim) -> str:
    """The clauses of the sentence that hold the claim's figures, in order, "…" where clauses
    between them are left out, line breaks taken out: what was checked, not the sentence's
    opening words (a heading, another clause)."""
    s = claim.sentence
    s_start, s_end = s.start, s.end  # (read once: a Span's fields are slow to read)
    text = report.text
    starts_in: set[int] = set()
    for n in (*claim.numbers.values(), *claim.parts):
        if n and (sp := n.span) and s_start <= (at := sp.start) and sp.end <= s_end:
            starts_in.add(at)
    starts = sorted(starts_in)
    if not starts:
        return _squeeze(text[s_start:s_end])[:60]
    ends = _clause_ends(report, s_start, s_end)
    pieces: list[str] = []
    last_end = None
    for at in starts:
        if last_end is not None and at < last_end:
            continue  # in the clause already quoted
        k = bisect_left(ends, at)  # ends[k - 1] < at <= ends[k]
        clause = ends[k - 1] + 1 if k else s_start  # where the figure's clause begins
        start = max(clause, at - _QUOTE_LEAD)
        cut = start > clause
        end = ends[k] if k < len(ends) else s_end
        if last_end is not None:
            between = text[last_end:start]
            pieces.append(between if len(between.strip()) <= 1 and not cut else "…")
        elif k and text[s_start : ends[0]].strip():  # the figures are past the first clause
            # what the sentence is about, from its opening words (“三公”经费…, 公务接待费…):
            # two sentences that give the same figures are told apart
            opening = _squeeze(text[s_start : ends[0]])
            lead = re.sub(r"[\d.,]+$", "", opening[:_SUBJECT_LEAD])  # no figure cut in two
            if len(lead) >= 4 and not _squeeze(text[start:end]).startswith(lead):
                pieces.append(lead + "…")
        elif cut:
            pieces.append("…")
        pieces.append(text[start:end])
        last_end = end
    return _squeeze("".join(pieces))


def _clause_ends(report: Report, start: int, end: int) -> list[int]:
    """Where the clauses of the sentence text[start:end] end: found once a sentence and
    verification (several claims stand in one sentence, and every rule of this family
    quotes its claims' clauses)."""
    known: dict[tuple[int, int], list[int]] = remembered("clause ends", report, _no_ends)
    ends = known.get((start, end))
    if ends is None:
        text = report.text
        ends = known[(start, end)] = [
            i
            for m in _CLAUSE_END.finditer(text, start, end)
            if not ((i := m.start()) and text[i] == "," and _between_digits(text, i))
        ]
    return ends


def _no_ends(report: Report) -> dict[tuple[int, int], list[int]]:
    return {}


def _between_digits(text: str, i: int) -> bool:
    return text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit()


def _squeeze(t: str) -> str:
    """Text as one line: line breaks (where a PDF wrapped it) removed, ends stripped."""
    return t.strip().replace("\r", "").replace("\n", "")


# 支出 by its nature: 基本支出 and 项目支出, and (in 公开03) these other kinds.
_OTHER_KINDS = ("上缴上级支出", "经营支出", "对附属单位补助支出")


def _kinds_left_out(report: Report, claim: Claim) -> list[str]:
    """Kinds of spending that 公开03's 合计 row shows (a figure other than zero) and a list of
    基本支出 and 项目支出 does not name. 其中 means "among which": such a list need not be the
    whole split, and a total it falls short of is no disagreement."""
    sentence = report.text[claim.sentence.start : claim.sentence.end]
    table = report.table(TableKind.G03)
    if table is None or "基本支出" not in sentence or "项目支出" not in sentence:
        return []
    row = total_row(table)
    out = []
    for name in _OTHER_KINDS:
        col = column(table, name) if name not in sentence else None
        n = value(row, col) if row is not None and col is not None else None
        if n is not None and n.value != 0:
            out.append(name)
    return out


@rule(
    "C601",
    "change-percent",
    "C",
    "a change's amount and percent agree (pct = delta / (current − delta))",
    "增加 X万元，增长 Y% states the prior value twice: once as current − X, once as X / Y.",
)
def change_percent(r: Rule, report: Report) -> Iterator[Finding]:
    for c in _claims(report, ClaimKind.CHANGE):
        if "prior" in c.numbers and "delta" not in c.numbers:
            continue  # measured from a stated prior value: C605's
        subject = _where(report, c)
        delta, pct, cur = (c.numbers.get(k) for k in ("delta", "pct", "value"))
        alone = delta is not None or c.direction == "flat"
        if (
            pct is None
            and alone
            and cur is not None
            and c.compared_to
            and c.status != "unverifiable"
        ):
            yield not_applicable(
                r,
                subject,
                "a change said by its amount alone: nothing in the report recomputes it (last"
                " year's report does, Y901)",
            )
            continue
        if delta is None or pct is None or cur is None:
            yield insufficient(r, subject, c.reason or "an operand was not read", [delta, pct, cur])
            continue
        sign = Decimal(-1) if c.direction == "decrease" else Decimal(1)
        if c.direction is None:
            yield insufficient(r, subject, c.reason or "direction unknown", [delta, pct, cur])
            continue
        unit = delta.unit
        d = Interval.of_number(delta, unit=unit).scale(sign)
        prior = Interval.of_number(cur, unit=unit) - d
        ratio = d.scale(sign) / prior if prior.lo > 0 else None
        if ratio is None:
            yield insufficient(r, subject, "the implied prior value may be zero or negative")
            continue
        exact = delta.value / (cur.value - sign * delta.value)
        yield compare(
            r,
            subject,
            pct,
            ratio,
            [delta, cur],
            unit="%",
            exact=exact,
            detail=f"implied prior value {cur.value - sign * delta.value}{unit}",
        )


@rule(
    "C605",
    "change-from-prior",
    "C",
    "a percent change from a stated prior value agrees (pct = (value − prior) / prior)",
    "A budget compares this year's figure with last year's execution, both written: "
    "预算执行数为A万元，预算安排B万元，比上年预算执行数增加Y% — Y follows from A and B, and "
    "its word (增加/减少) from which is larger.",
)
def change_from_prior(r: Rule, report: Report) -> Iterator[Finding]:
    for c in _claims(report, ClaimKind.CHANGE):
        prior, cur, pct = (c.numbers.get(k) for k in ("prior", "value", "pct"))
        if prior is None or "delta" in c.numbers:
            continue
        subject = _where(report, c)
        if cur is None or pct is None or c.direction is None:
            yield insufficient(r, subject, "an operand or the direction was not read", [prior, cur])
            continue
        unit = prior.unit
        before = Interval.of_number(prior, unit=unit)
        if before.lo <= 0:
            yield insufficient(r, subject, "the prior value may be zero", [prior, cur])
            continue
        sign = Decimal(-1) if c.direction == "decrease" else Decimal(1)
        change = (Interval.of_number(cur, unit=unit) - before).scale(sign)
        ratio = change / before
        exact = sign * (cur.value - prior.value) / prior.value
        yield compare(r, subject, pct, ratio, [prior, cur], unit="%", exact=exact)


@rule(
    "C602",
    "parts-sum",
    "C",
    "the parts a sentence lists add up to its total",
    "共N（a、b）, 总额X，其中：a；b and 支出X，其中基本支出a，项目支出b state a total and its items; "
    "they must agree.",
)
def parts_sum(r: Rule, report: Report) -> Iterator[Finding]:
    for c in _claims(report, ClaimKind.PARTS):
        total = c.numbers.get("value")
        subject = _where(report, c)
        units = {p.unit for p in c.parts}
        if total is None or len(units) != 1:
            yield insufficient(r, subject, "total or a part unread, or mixed units", c.parts)
            continue
        if total.unit in ("元", "万元", "亿元"):
            found = compare_sum(r, subject, total, nothing_at(c.parts, total), unit=total.unit)
            if found.outcome == Outcome.FAIL and (left_out := _kinds_left_out(report, c)):
                found = not_applicable(
                    r,
                    subject,
                    f"公开03 also shows {'、'.join(left_out)}, which the list leaves out",
                )
            yield found
            continue
        # Counts (个 / 名 / 人) are exact: no rounding allowance on the parts.
        exact = sum((p.value for p in c.parts), Decimal(0))
        yield compare(r, subject, total, Interval.exact(exact), c.parts, exact=exact)


def _claims(report: Report, kind: ClaimKind) -> list[Claim]:
    """The claims of one kind: each rule of this family reads one."""
    return [c for c in report.claims if c.kind == kind]


def _ratios(
    r: Rule, report: Report, kind: ClaimKind, of: str, unread: str, zero: str, *, own: bool
) -> Iterator[Finding]:
    """pct = value / ``of`` (the whole of a share, the budget of a rate), on intervals.
    ``unread`` is why an operand is missing (the claim's own reason first when ``own``: a
    rate's reader says why; a share's missing whole is simply not in the document); ``zero``
    why a denominator that may be zero leaves the claim unchecked."""
    for c in _claims(report, kind):
        v, w, p = (c.numbers.get(k) for k in ("value", of, "pct"))
        subject = _where(report, c)
        if v is None or w is None or p is None:
            yield insufficient(r, subject, (c.reason or unread) if own else unread)
            continue
        # Interval.of_number(v, unit=w.unit) / Interval.of_number(w), on bounds (no
        # Interval made): the quotient of a closed interval, None when the whole may be zero
        ratio = quotient(*bounds(v, w.unit), *bounds(w))
        if ratio is None:
            yield insufficient(r, subject, zero, [v, w, p])
            continue
        yield compare_bounds(r, subject, p, *ratio, [v, w], unit="%", exact=v.value / w.value)


@rule(
    "C603",
    "share",
    "C",
    "a share equals its amount divided by its whole",
    "…X万元，占Y% of a whole named in the same sentence (the total before 其中, or the amount "
    "spent before 主要用于以下方面： and its list): Y = X / whole.",
)
def share(r: Rule, report: Report) -> Iterator[Finding]:
    unread = "the amount or its whole is not in the document"
    yield from _ratios(
        r, report, ClaimKind.SHARE, "whole", unread, "the whole may be zero", own=False
    )


@rule(
    "C604",
    "rate",
    "C",
    "an execution rate equals the actual amount divided by the budget",
    "完成预算的Y% after 预算为B, 决算为X: Y = X / B; likewise 完成财政下达控制数的Y% after the "
    "ceiling 控制数为B the finance bureau set in place of a budget.",
)
def rate(r: Rule, report: Report) -> Iterator[Finding]:
    unread = "an operand was not read"
    yield from _ratios(
        r, report, ClaimKind.RATE, "budget", unread, "the budget may be zero", own=True
    )


@rule(
    "C607",
    "change-parts",
    "C",
    "the changes of a list's items add up to the change of its whole (a warning)",
    "支出X万元，比上年减少d万元。其中：基本支出a万元，比上年增加da万元；项目支出b万元，比上年减少"
    "db万元: where the list is all of its whole this year and was last year, the whole's change is "
    "the sum of theirs, each signed by its word (增加 +, 减少 −, 持平 or 一致 0). This year's "
    "text cannot show that last year's list had the same lines (a line 0 this year is often "
    "left out): a miss is a warning for a person to look at, never an error.",
)
def change_parts(r: Rule, report: Report) -> Iterator[Finding]:
    changes = {
        sp.start: c
        for c in _claims(report, ClaimKind.CHANGE)
        if (v := c.numbers.get("value")) is not None and (sp := v.span) is not None
    }
    if not changes:
        return
    for c in _claims(report, ClaimKind.PARTS):
        total = c.numbers.get("value")
        if total is None or total.span is None or total.span.start not in changes:
            continue  # no change of the whole is stated: nothing to add up to
        whole = changes[total.span.start]
        items = [changes.get(p.span.start) if p.span else None for p in c.parts]
        subject = _where(report, c)
        found = [whole, *(i for i in items if i is not None)]
        if len(found) != len(items) + 1:
            yield not_applicable(r, subject, "not every item states its change")
            continue
        if not _whole_list(r, subject, total, c.parts):
            # a list that is not all of its whole (C602 says so, or leaves it) says nothing
            # of the whole's change
            yield not_applicable(
                r, subject, "the items' amounts do not make the whole's, or are in mixed units"
            )
            continue
        bases = {_base(x.compared_to) for x in found}
        if len(bases) != 1 or None in bases:
            yield not_applicable(r, subject, "the changes are not all against one base")
            continue
        signed = [s for x in found if (s := _signed(x)) is not None]
        if len(signed) != len(found):
            yield insufficient(r, subject, "a change's amount or direction was not read")
            continue
        (w_sign, w_delta), parts = signed[0], signed[1:]
        if w_delta is None:
            yield not_applicable(r, subject, "the whole is unchanged: no amount to add up to")
            continue
        unit = w_delta.unit
        summed = Interval.exact(0)
        for sign, delta in parts:
            if delta is not None:
                step = Interval.of_number(delta, unit=unit)
                summed = summed + step if sign > 0 else summed - step
        expected = summed if w_sign > 0 else -summed
        operands = [d for _, d in parts if d is not None]
        words = " ".join(_worded(sign, delta) for sign, delta in parts)
        detail = f"the whole {_worded(w_sign, w_delta)}; its items {words}"
        yield compare(
            r, subject, w_delta, expected, operands, unit=unit, severity=Severity.WARNING,
            detail=detail,
        )  # fmt: skip


def _base(compared_to: str | None) -> str | None:
    """What a change is measured against, written alike (上年, 2023年预算, 2023年预算执行数):
    None when it was not read."""
    if not compared_to:
        return None
    base = "".join(compared_to.split()).removesuffix("相比")
    return "上年" if base in ("上一年", "上一年度", "上年度") else base


def _worded(sign: int, delta: Number | None) -> str:
    """A signed change as the report words it: 增加 20.00, 减少 50.00, 持平."""
    if delta is None:
        return "持平"
    return f"{'增加' if sign > 0 else '减少'} {delta.raw}"


def _whole_list(r: Rule, subject: str, total: Number, parts: list[Number]) -> bool:
    """The items' amounts add up to the whole's (the list is all of it), in money."""
    if total.unit not in ("元", "万元", "亿元") or len({p.unit for p in parts}) != 1:
        return False
    summed = compare_sum(r, subject, total, nothing_at(parts, total), unit=total.unit)
    return summed.outcome == Outcome.PASS


def _signed(c: Claim) -> tuple[int, Number | None] | None:
    """A change as its sign and amount: (+1, d) for 增加 d, (−1, d) for 减少 d, (0, None) for
    持平; None when its amount or its direction was not read."""
    if c.direction == "flat":
        return 0, None
    delta = c.numbers.get("delta")
    if delta is None or c.direction not in ("increase", "decrease"):
        return None
    return (1 if c.direction == "increase" else -1), delta


__all__ = ["Span", "change_parts", "change_percent", "parts_sum", "rate", "share"]
