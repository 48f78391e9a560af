"""Building findings from interval comparisons, so that every rule reports the same way.

A rule says *what* must equal *what*; this module decides whether it does, with the
tolerance derived from the stated precision of every operand (verifier.numbers), and writes
the finding: the stated value, the recomputed one, the tolerance, and the span of every number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any

from verifier.fast import adopt, construct_trusted
from verifier.numbers import (
    HALF_UNITS,
    Interval,
    bounds,
    cut_to,
    half_unit,
    nothing_at,
    open_ends,
    reading,
    scale_to,
    touches,
)
from verifier.report import Finding, Number, Outcome, Row, Severity, Span, Table
from verifier.tableview import column_labels, line_of, lines, value_columns, where

if TYPE_CHECKING:  # the rules import this module: a runtime import would be a cycle
    from verifier.rules.catalogue import Rule

# Findings here are built from values already typed by this module: construct_trusted (what
# model_construct does, without its per-call overhead) skips pydantic's re-validation, which
# is most of the verifier's time on a large report. A comparison's finding, the most frequent
# by far, is laid out field by field (_judge) and adopted as it is.

# Finding's fields in declaration order, as _judge writes them.
_FIELDS = (
    "rule", "name", "outcome", "severity", "message", "subject", "stated", "expected",
    "expected_low", "expected_high", "tolerance", "difference", "unit", "spans", "culprit",
    "note", "category",
)  # fmt: skip
if tuple(Finding.model_fields) != _FIELDS:
    raise RuntimeError("verifier.check._FIELDS no longer lists Finding's fields in order")
# The fields a comparison sets, as model_construct would record them: a pass names its note
# (None when the figures agree exactly), a failure leaves it unset.
_FAIL_SET = frozenset(_FIELDS) - {"culprit", "note"}
_PASS_SET = _FAIL_SET | {"note"}

ROUNDING_NOTE = (
    "尾数误差: differs from the exact recomputation, but within the rounding of the figures"
)


def spans_of(numbers: Sequence[Number | None]) -> list[Span]:
    return [n.span for n in numbers if n is not None and n.span is not None]


def worded(
    rule: Rule, outcome: Outcome, severity: Severity, subject: str, message: str, **fields: Any
) -> Finding:
    """A finding said in words, with no comparison behind it (a table present, a number not
    grounded, a unit misread): every rule family words its findings this one way, the rule's
    message first. Only the ``fields`` given are set, as model_construct would record them."""
    return construct_trusted(
        Finding,
        rule=rule.code,
        name=rule.name,
        outcome=outcome,
        severity=severity,
        message=f"{rule.message}: {message}",
        subject=subject,
        **fields,
    )


def passed(rule: Rule, subject: str, detail: str, *, category: str = "document") -> Finding:
    """A check that holds without a figure to show (all numbers grounded, every table read):
    said in words."""
    return worded(rule, Outcome.PASS, Severity.INFO, subject, detail, category=category)


def not_applicable(rule: Rule, subject: str, why: str) -> Finding:
    message = f"{subject}: not applicable ({why})"
    return worded(rule, Outcome.NOT_APPLICABLE, Severity.INFO, subject, message)


def insufficient(
    rule: Rule, subject: str, why: str, numbers: Sequence[Number | None] = ()
) -> Finding:
    """An operand is missing or unreadable: say so, never treat it as zero."""
    message = f"{subject}: cannot check ({why})"
    spans = spans_of(numbers)
    return worded(rule, Outcome.INSUFFICIENT_DATA, Severity.INFO, subject, message, spans=spans)


def compare(
    rule: Rule,
    subject: str,
    stated: Number | None,
    recomputed: Interval | None,
    operands: Sequence[Number | None],
    *,
    unit: str | None = None,
    exact: Decimal | None = None,
    severity: Severity = Severity.ERROR,
    detail: str = "",
    category: str = "document",
) -> Finding:
    """Does ``stated`` agree with ``recomputed`` (an interval computed from ``operands``)?

    ``unit`` is the unit both sides are compared in (stated is converted to it). ``exact`` is
    the recomputation from the figures as written; defaults to the interval's midpoint.
    """
    if stated is None or recomputed is None or any(n is None for n in operands):
        missing = "the stated figure" if stated is None else "an operand"
        return insufficient(
            rule, subject, f"{missing} is missing or unreadable", [stated, *operands]
        )
    return _judge(
        rule, subject, stated, recomputed.lo, recomputed.hi, recomputed.open_ends, operands,
        unit, exact, severity, detail, category,
    )  # fmt: skip


def compare_bounds(
    rule: Rule,
    subject: str,
    stated: Number,
    lo: Decimal,
    hi: Decimal,
    operands: Sequence[Number],
    *,
    unit: str | None = None,
    exact: Decimal | None = None,
) -> Finding:
    """``compare(rule, subject, stated, Interval(lo, hi), operands, unit=unit, exact=exact)``
    for a closed recomputation [lo, hi] of present operands (a ratio), without the
    Interval."""
    return _judge(
        rule, subject, stated, lo, hi, _CLOSED, operands, unit, exact, Severity.ERROR, "",
        "document",
    )  # fmt: skip


def compare_figure(
    rule: Rule,
    subject: str,
    stated: Number,
    figure: Number,
    *,
    unit: str | None = None,
    detail: str = "",
) -> Finding:
    """``compare(rule, subject, stated, Interval.of_number(figure, unit=unit), [figure],
    unit=unit, detail=detail)``: a stated figure against one other figure, on their bounds,
    without an Interval made for it (P701 compares every amount of the prose so). The
    figure's ends are bounds()'s own, not numbers.reading's midpoint ± half-width: the two
    differ in the sign of a zero end (−0.00 元), which the finding's expected_low keeps."""
    lo, hi = bounds(figure, unit)
    return _judge(
        rule, subject, stated, lo, hi, open_ends(figure), (figure,), unit, None, Severity.ERROR,
        detail, "document",
    )  # fmt: skip


def amended(found: Finding, more: str) -> Finding:
    """A failed comparison's finding with ``more`` said after its message: what ``_judge``
    writes when given ``detail`` + "; " + ``more`` (or ``more`` alone) instead of ``detail``,
    which it puts last in a failure's message. Its other fields are the same, so the
    comparison is not made again."""
    data = found.__dict__.copy()
    data["message"] = f"{found.message}; {more}"
    return adopt(Finding, data, set(found.__pydantic_fields_set__))


def compare_sum(
    rule: Rule,
    subject: str,
    total: Number | None,
    parts: Sequence[Number | None],
    *,
    unit: str | None = None,
    severity: Severity = Severity.ERROR,
    detail: str = "",
) -> Finding:
    """total = Σ parts, on intervals, all in ``unit``; a part written 0 among decimals is
    nothing at their precision (``nothing_at``)."""
    # Nearly every sum has its total and every part, and no zero that nothing_at reads anew:
    # summed at once, its parts read once (not also by _has_none and nothing_at).
    if parts and total is not None:
        try:
            summed = _sum_of(parts, unit)
        except ValueError:  # a unit not convertible, met before a missing part: as before
            summed = None
        if summed is not None:
            lo, hi, is_open, mid = summed
            return _judge(
                rule, subject, total, lo, hi, is_open, parts, unit, mid, severity, detail,
                "document",
            )  # fmt: skip
    if not parts or _has_none(parts):
        return compare(rule, subject, total, None, parts, unit=unit)
    parts = nothing_at(parts, total)  # type: ignore[arg-type]
    lo, hi, is_open, mid = _read_sum(parts, unit)  # type: ignore[arg-type]
    if total is None:
        return insufficient(
            rule, subject, "the stated figure is missing or unreadable", [total, *parts]
        )
    return _judge(
        rule, subject, total, lo, hi, is_open, parts, unit, mid, severity, detail, "document"
    )


def sum_holds(total: Number, parts: Sequence[Number], unit: str | None = None) -> bool:
    """Whether ``compare_sum(rule, subject, total, parts, unit=unit)`` passes (every figure
    present), without its finding: for a rule that tries several readings of a row and
    reports only the best (grids._placed_sums)."""
    lo, hi, is_open, _ = _read_sum(nothing_at(list(parts), total), unit)
    return _meets(total, unit, lo, hi, is_open)


def _read_sum(
    parts: Sequence[Number], unit: str | None
) -> tuple[Decimal, Decimal, tuple[bool, bool], Decimal]:
    """``_sum_of`` of parts that nothing_at has read already, every one present: never
    None (nothing_at leaves no zero to read anew)."""
    summed = _sum_of(parts, unit)
    assert summed is not None
    return summed


def _sum_of(
    parts: Sequence[Number | None], unit: str | None
) -> tuple[Decimal, Decimal, tuple[bool, bool], Decimal] | None:
    """(lo, hi, open ends, midpoint) of Σ parts in ``unit``; None when a part is missing, or
    when nothing_at would read a part anew (a 0 written without decimals among parts that
    show decimals): compare_sum then takes its general path.

    Summed as the figures are written, not bound by bound: the parts' values (converted to
    ``unit``) add up to the sum of their midpoints, and their half-units to the sum's
    half-width, so that [Σ mid − Σ half, Σ mid + Σ half] is ``sum_intervals`` of their
    intervals, value for value (every operation exact: Decimal adds and scales figures of
    fewer than 28 digits without rounding). Per part that is one or two additions and no
    call, where bounds() and open_ends() cost a call each and the bounds three sums. An
    exact part (an amount in 元 to the 分, numbers.bounds) adds no width; while every part is
    exact the sum is one point (``lo is hi is mid``), as bounds() makes an exact figure.
    """
    mid = half = _ZERO
    lo_open = hi_open = bare = False
    for p in parts:
        if p is None:
            return None
        value, own, decimals = p.value, p.unit, p.decimals
        if own == "元" and decimals == 2:  # exact: no width, both ends reached
            h = None
        else:
            h = HALF_UNITS.get(decimals) or half_unit(decimals)
            if value <= 0:  # (numbers.open_ends: a rounded figure never reaches its far end)
                lo_open = True
                if not decimals and not value:  # a 0 that nothing_at may read anew
                    bare = True
            if value >= 0:
                hi_open = True
        if own == "%" or (own != unit and unit is not None and own is not None):
            k = scale_to(own, unit)  # what bounds() multiplies both ends by
            value = value * k
            if h is not None:
                h = h * k
        mid = mid + value
        if h is not None:
            half = half + h
    if bare and _shows_decimals(parts):  # type: ignore[arg-type]
        return None
    if half is _ZERO:
        return mid, mid, (lo_open, hi_open), mid
    return mid - half, mid + half, (lo_open, hi_open), mid


def _shows_decimals(parts: Sequence[Number]) -> bool:
    """Whether a part other than zero is written with decimals: nothing_at then reads a 0
    written without them anew (it gives back the very list otherwise, as in a table of whole
    元 with zeros among its figures, a third of the mix's sums). Asked by a plain loop, not
    by nothing_at itself: its call and generator cost some 1 µs a sum."""
    for p in parts:  # noqa: SIM110  (any() of a generator is what this saves)
        if p.decimals and p.value:
            return True
    return False


def or_rounded_rows(
    rule: Rule,
    judged: Finding,
    subject: str,
    stated: Number,
    rows: Sequence[Number] | None,
    *,
    unit: str | None = None,
) -> Finding:
    """``judged`` (``stated`` against a 类 row), or ``stated`` against the sum of the rows
    under that 类 (``rows``: tableview.finest_under) where the row is one unit of the stated
    figure's last digit off and that sum allows it.

    A 类 row is often printed as the sum of its rounded 项 (40.35 + 196.29 = 236.64) where
    another table or the prose prints the 类's own total rounded (236.63): both are roundings
    of one amount, and the row tells of that amount no more than the sum of its rows does.
    Two units off is never this: the sum's tolerance does not reach it from one unit.

    Callers decide when the other figure may be the 类's own rounding: X304/X305 always (the
    other is 公开01/04's line of the 类), P701 unless 公开01/04 print the 类's line with another
    figure than the prose (then the report shows which rounding it uses)."""
    off = judged.difference
    if judged.outcome != Outcome.FAIL or not rows or off is None:
        return judged
    if abs(off) > Decimal(1).scaleb(-stated.decimals):
        return judged
    summed = compare_sum(rule, f"{subject} (the sum of its rows)", stated, rows, unit=unit)
    return summed if summed.outcome == Outcome.PASS else judged


def meets(stated: Number, figure: Number, unit: str | None = None) -> bool:
    """Whether ``compare_figure(rule, subject, stated, figure, unit=unit)`` passes, without
    its finding: for a rule that compares a figure with several candidates and reports only
    one (the first that agrees, else the first)."""
    lo, hi = bounds(figure, unit)
    return _meets(stated, unit, lo, hi, open_ends(figure))


def _meets(
    stated: Number, unit: str | None, lo: Decimal, hi: Decimal, is_open: tuple[bool, bool]
) -> bool:
    """``_judge``'s pass or fail of ``stated`` against [lo, hi], without the finding. (An
    exact stated figure's ends are closed, which open_ends says of it too.)"""
    s_lo, s_hi = bounds(stated, unit)
    return touches(s_lo, s_hi, open_ends(stated), lo, hi, is_open)


def row_sums(
    rule: Rule, table: Table, rows: Sequence[Row], total: int, parts: list[int]
) -> Iterator[Finding]:
    """Column ``total`` = Σ columns ``parts``, row by row, in the table's unit. A row with no
    part written has nothing to add up, whether its total is written or not: skipped. (Each
    row's written cells by column are read once a table: tableview.lines.)"""
    known = lines(table)
    tails = column_labels(table)
    tail = tails[total] if total < len(tails) else ""  # where(table, row, total), less the row
    for row in rows:
        written = line_of(known, row).written
        nums = [written[c] for c in parts if c in written]  # written_in(row, parts)
        if nums:
            subject = where(table, row) + tail
            yield compare_sum(rule, subject, written.get(total), nums, unit=table.unit)


def column_sums(rule: Rule, table: Table, total: Row, parts: list[Row]) -> Iterator[Finding]:
    """Row ``total`` = Σ rows ``parts``, in every value column of the table. A column where no
    part is written has nothing to add up, whether the total is written or not: skipped.
    (Each row's written cells by column are read once a table: tableview.lines.)"""
    known = lines(table)
    at = line_of(known, total).written
    yield from sums_down(rule, table, total, at, [line_of(known, p).written for p in parts])


def sums_down(
    rule: Rule,
    table: Table,
    total: Row,
    at: dict[int, Number | None],
    rows: list[dict[int, Number | None]],
) -> Iterator[Finding]:
    """``column_sums`` of rows read already: ``at`` the total's written cells by column
    (``Line.written``), ``rows`` the parts' (for a rule that read them to decide how to
    sum, grids._sum_check)."""
    head, tails = where(table, total), column_labels(table)  # where(table, total, col) in parts
    unit = table.unit
    for col in value_columns(table):
        nums = [w[col] for w in rows if col in w]  # written_numbers(parts, col)
        if nums:
            subject = head + tails[col] if col < len(tails) else head
            yield compare_sum(rule, subject, at.get(col), nums, unit=unit)


def _judge(
    rule: Rule,
    subject: str,
    stated: Number,
    lo: Decimal,
    hi: Decimal,
    is_open: tuple[bool, bool],
    operands: Sequence[Number | None],
    unit: str | None,
    exact: Decimal | None,
    severity: Severity,
    detail: str,
    category: str,
) -> Finding:
    """The finding of ``stated`` against the recomputed interval [lo, hi], every operand
    present. Interval arithmetic spelled out on bounds (stated_iv.mid, .radius, .meets): the
    same Decimal operations as on Interval objects, without making them."""
    stated_value, s_half, s_open = reading(stated, unit)
    agrees: bool | None = None  # worked out here when it is one comparison, else by touches
    if s_half is None:  # an exact stated figure (numbers.bounds): its own midpoint, no width
        s_lo = s_hi = stated_value
        if lo is hi:  # and an exact recomputation: no tolerance at all
            tolerance = _ZERO
            expected = exact if exact is not None else lo
            if is_open == _CLOSED:  # two closed points share a point when they are one
                agrees = s_lo == lo
        else:  # (x − x) / 2 is +0, so the tolerance is the recomputation's half-width alone
            tolerance = (hi - lo) / 2
            expected = exact if exact is not None else (lo + hi) / 2
    else:
        s_lo, s_hi = stated_value - s_half, stated_value + s_half
        expected = exact if exact is not None else (lo + hi) / 2
        tolerance = s_half + (hi - lo) / 2
    difference = stated_value - expected
    span = stated.span
    spans = [span] if span is not None else []
    for n in operands:  # a loop, not a list comprehension: one frame less per finding
        if n is not None and (span := n.span) is not None:
            spans.append(span)
    if agrees is None:
        agrees = touches(s_lo, s_hi, s_open, lo, hi, is_open)
    if agrees:
        if difference:  # (a Decimal's truth, not != 0: no int to compare it with)
            note = ROUNDING_NOTE
            message = f"{rule.message}: {subject} agrees within rounding"
        else:
            note = None
            message = f"{rule.message}: {subject} agrees"
        outcome, severity, fields_set = _PASS, _INFO, _PASS_SET
    else:
        note, outcome, fields_set = None, _FAIL, _FAIL_SET
        u = unit or stated.unit or ""
        places = 3
        while places < 9 and _show(abs(difference), u, places) == _show(tolerance, u, places):
            places += 2  # "difference -0.007%, allowed ±0.007%" reads as agreeing: say more
        message = (
            f"{rule.message}: {subject} states {_show(stated_value, u)}, recomputed "
            f"{_show(expected, u, places)} (difference {_show(difference, u, places)}, "
            f"allowed ±{_show(tolerance, u, places)})"
        )
        if abs(difference) == tolerance:
            message += (
                "; the figures meet only at the edge of their rounding, which a figure"
                " rounded half up never reaches"
            )
        # a ratio some publishers cut instead of rounding (92.7% is the fraction 0.927: the
        # percent's decimals plus two)
        if stated.unit == u == "%" and cut_to(expected, stated.decimals + 2) == stated_value:
            message += (
                f"; it is the recomputation cut to its last digit ({_show(expected, u)} →"
                f" {_show(stated_value, u)}): 截尾, not 四舍五入"
            )
        if detail:
            message += f"; {detail}"
    # Most comparisons agree exactly, with no width: stated, expected and both bounds are then
    # one value, cleaned once.
    # (_clean_like written out: a call less for each.)
    c_stated = _clean(stated_value)
    c_expected = c_stated if expected and expected == stated_value else _clean(expected)
    c_lo = c_expected if lo and lo == expected else _clean(lo)
    c_hi = c_lo if hi and hi == lo else _clean(hi)
    data = {  # every field of Finding, in declaration order (_FIELDS)
        "rule": rule.code,
        "name": rule.name,
        "outcome": outcome,
        "severity": severity,
        "message": message,
        "subject": subject,
        "stated": c_stated,
        "expected": c_expected,
        "expected_low": c_lo,
        "expected_high": c_hi,
        "tolerance": _ZERO if tolerance is _ZERO else _clean(tolerance),
        "difference": _clean(difference) if difference else _zero_of[difference.is_signed()],
        "unit": unit or stated.unit,
        "spans": spans,
        "culprit": None,
        "note": note,
        "category": category,
    }
    return adopt(Finding, data, set(fields_set))


def _zero(d: Decimal) -> Decimal:
    """``_clean`` of a zero: 0, or -0 for a negative zero (its sign kept)."""
    return _MINUS_ZERO if d.is_signed() else _ZERO


_ZERO = Decimal(0)
_ONE = Decimal(1)
_CLOSED = (False, False)
# Enum members read once: an Enum class's attribute costs some 70 ns in Python 3.11, and these
# are asked of every finding.
_PASS, _FAIL, _INFO = Outcome.PASS, Outcome.FAIL, Severity.INFO
_MINUS_ZERO = Decimal("-0")
_zero_of = (_ZERO, _MINUS_ZERO)  # _zero(d), by d.is_signed(): the call written out


def _has_none(items: Sequence[object]) -> bool:
    """``any(x is None for x in items)``, without a generator (asked of every sum)."""
    for x in items:  # noqa: SIM110
        if x is None:
            return True
    return False


def _clean_like(d: Decimal, other: Decimal, cleaned: Decimal) -> Decimal:
    """``_clean(d)``, given ``cleaned`` = ``_clean(other)``: the same when ``d`` has the
    nonzero value of ``other``, as normalising depends on the value alone (only a zero's
    sign is kept apart from its value)."""
    return cleaned if d and d == other else _clean(d)


# Written out whole, a figure of more digits than the default context's 28 (a converter's
# run-together cells: 123456789012345678901234567890.12) would raise InvalidOperation and stop
# the rule: its digits are shown with a context wide enough for any figure a text holds
_WIDE = Context(prec=400)
_HUGE = Decimal("1e20")


def _clean(d: Decimal) -> Decimal:
    """Drop trailing zeros that interval arithmetic adds (1066.7100000 → 1066.71)."""
    if not d:  # half of all figures compared: a zero normalises to 0 or -0 (its sign kept)
        return _MINUS_ZERO if d.is_signed() else _ZERO
    # (only a huge figure is normalised in the wide context: a quotient's digits past the
    # 28th are the default context's to round, as they always were)
    n = d.normalize(_WIDE) if d >= _HUGE or d <= -_HUGE else d.normalize()
    if not n.is_finite():
        return n.quantize(_ONE, context=_WIDE) if n.as_tuple().exponent > 0 else n  # type: ignore[operator]
    # A normalised fraction has a negative exponent, a normalised integer one ≥ 0: only an
    # integer with a positive exponent (1E+3) is written out (1000). Asked this way, not by
    # as_tuple(), which builds a tuple of every digit each time.
    if n != n.to_integral_value() or n.same_quantum(_ONE):
        return n
    return n.quantize(_ONE, context=_WIDE)


def _fmt(d: Decimal) -> str:
    return format(_clean(d), "f")


def _show(d: Decimal, unit: str, places: int = 3) -> str:
    """For people: a fraction compared as % is shown as a percentage (to ``places``
    decimals), and a recomputation is cut to a readable precision (the finding's fields keep
    every digit)."""
    if unit == "%":
        shown = (d * 100).quantize(Decimal(1).scaleb(-places), context=_WIDE)
        return f"{shown.normalize(_WIDE):f}%"
    limit = places + 3  # money: six decimals by default
    if d.as_tuple().exponent < -limit:  # type: ignore[operator]
        d = d.quantize(Decimal(1).scaleb(-limit), context=_WIDE)
    return f"{_fmt(d)}{unit}"
