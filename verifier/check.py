"""Building findings from interval comparisons, so that every rule reports the same way.

A rule says *what* must equal *what*; this module decides whether it does, with the
tolerance derived from the stated precision of every operand (verifier.numbers), and writes
the finding: the stated value, the recomputed one, the tolerance, and the span of every number.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from verifier.numbers import Interval, sum_intervals
from verifier.report import Finding, Number, Outcome, Severity, Span
from verifier.rules.catalogue import Rule

# Findings here are built from values already typed by this module: model_construct skips
# pydantic's re-validation, which is most of the verifier's time on a large report.

ROUNDING_NOTE = (
    "尾数误差: differs from the exact recomputation, but within the rounding of the figures"
)


def spans_of(numbers: Sequence[Number | None]) -> list[Span]:
    return [n.span for n in numbers if n is not None and n.span is not None]


def not_applicable(rule: Rule, subject: str, why: str) -> Finding:
    return Finding.model_construct(
        rule=rule.code,
        name=rule.name,
        outcome=Outcome.NOT_APPLICABLE,
        severity=Severity.INFO,
        message=f"{rule.message}: not applicable ({why})",
        subject=subject,
    )


def insufficient(
    rule: Rule, subject: str, why: str, numbers: Sequence[Number | None] = ()
) -> Finding:
    """An operand is missing or unreadable: say so, never treat it as zero."""
    return Finding.model_construct(
        rule=rule.code,
        name=rule.name,
        outcome=Outcome.INSUFFICIENT_DATA,
        severity=Severity.INFO,
        message=f"{rule.message}: cannot check ({why})",
        subject=subject,
        spans=spans_of(numbers),
    )


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
    numbers = [stated, *operands]
    if stated is None or recomputed is None or any(n is None for n in operands):
        missing = "the stated figure" if stated is None else "an operand"
        return insufficient(rule, subject, f"{missing} is missing or unreadable", numbers)
    stated_iv = Interval.of_number(stated, unit=unit)
    stated_value = stated_iv.mid
    expected = exact if exact is not None else recomputed.mid
    tolerance = stated_iv.radius + recomputed.radius
    difference = stated_value - expected
    base = dict(
        rule=rule.code,
        name=rule.name,
        subject=subject,
        stated=_clean(stated_value),
        expected=_clean(expected),
        expected_low=_clean(recomputed.lo),
        expected_high=_clean(recomputed.hi),
        tolerance=_clean(tolerance),
        difference=_clean(difference),
        unit=unit or stated.unit,
        spans=spans_of(numbers),
        category=category,
    )
    if stated_iv.meets(recomputed):
        note = ROUNDING_NOTE if difference != 0 else None
        return Finding.model_construct(
            outcome=Outcome.PASS,
            severity=Severity.INFO,
            message=f"{rule.message}: {subject} agrees{' within rounding' if note else ''}",
            note=note,
            **base,
        )
    u = unit or stated.unit or ""
    message = (
        f"{rule.message}: {subject} states {_show(stated_value, u)}, recomputed "
        f"{_show(expected, u)} (difference {_show(difference, u)}, allowed ±{_show(tolerance, u)})"
    )
    if detail:
        message += f"; {detail}"
    return Finding.model_construct(outcome=Outcome.FAIL, severity=severity, message=message, **base)


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
    """total = Σ parts, on intervals, all in ``unit``."""
    if any(p is None for p in parts) or not parts:
        return compare(rule, subject, total, None, parts, unit=unit)
    ivs = [Interval.of_number(p, unit=unit) for p in parts if p is not None]
    recomputed = sum_intervals(ivs)
    exact = sum((iv.mid for iv in ivs), Decimal(0))
    return compare(
        rule,
        subject,
        total,
        recomputed,
        parts,
        unit=unit,
        exact=exact,
        severity=severity,
        detail=detail,
    )


_ONE = Decimal(1)


def _clean(d: Decimal) -> Decimal:
    """Drop trailing zeros that interval arithmetic adds (1066.7100000 → 1066.71)."""
    n = d.normalize()
    return n.quantize(_ONE) if n.as_tuple().exponent > 0 else n  # type: ignore[operator]


def _fmt(d: Decimal) -> str:
    return format(_clean(d), "f")


def _show(d: Decimal, unit: str) -> str:
    """For people: a fraction compared as % is shown as a percentage, and a recomputation
    is cut to a readable precision (the finding's fields keep every digit)."""
    if unit == "%":
        return f"{(d * 100).quantize(Decimal('0.001')).normalize():f}%"
    if d.as_tuple().exponent < -6:  # type: ignore[operator]
        d = d.quantize(Decimal("0.000001"))
    return f"{_fmt(d)}{unit}"
