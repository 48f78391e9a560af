"""Publishing conventions a report shows of itself, and what they do to its sums' tolerances.

verifier.numbers gives every written figure the interval of values that round to it, so a
total of sixteen parts written to 0.01 may miss their sum by up to 0.085 and still agree. That
allowance is right for figures that *were* rounded, as a 决算 rounds its ledger's 元 to 万元.
Many budgets are not: they are drawn up in the unit they print (万元 to two decimals, or 元),
and their sums agree to the last digit.

A report shows which it is, by its figures' last digits. A figure rounded from a finer amount
ends in 00 one time in a hundred; an amount decided in the unit printed (158.00, 354.00,
2,976,800) ends so far more often. Across the corpora the two kinds part cleanly: a third to
two thirds of a budget's distinct figures end in 00, 2–7 % of a 决算's. A report where at least
``ROUND_SHARE`` of at least ``ROUND_MIN`` distinct figures do is taken as *written as
entered*: a difference within rounding is then not 尾数误差 but a disagreement, and the finding
fails, naming the evidence.

One more guard: a difference within rounding in two unrelated places is itself evidence of
rounding (a written-as-entered report has no reason to miss twice), so then nothing changes.
Differences are grouped by the figures they share, since one wrong figure moves a sum and the
sum it is part of. Only the table arithmetic families (T, I, X) count.

Known problems: a budget drawn up in 分 and printed in 元 rounds like a 决算 while its round
figures say otherwise; where such a report misses in one place only, that miss is an error.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from verifier.report import Finding, Outcome, Report, Severity

ROUND_SHARE = Fraction(1, 5)  # of a report's distinct figures ending in 00, at least
ROUND_MIN = 20  # figures ending in 00, at least: too few say nothing
_FAMILIES = ("T", "I", "X")


def written_as_entered(report: Report) -> tuple[int, int]:
    """(figures ending in 00, distinct figures) over the report's table figures of three
    digits or more, zeros and percentages left out."""
    seen: set[str] = set()
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                n = cell.number
                if n is None or not n.value or n.unit == "%":
                    continue
                digits = n.raw.replace(",", "").replace(".", "").lstrip("-+")
                if len(digits) >= 3:
                    seen.add(digits)
    return sum(1 for d in seen if d.endswith("00")), len(seen)


def apply(report: Report, findings: list[Finding]) -> list[Finding]:
    """The findings, with differences within rounding failed where the report has shown that
    it sums as printed (see the module's docstring)."""
    sums = [f for f in findings if _is_sum(f)]
    near = [f for f in sums if f.outcome == Outcome.PASS and f.difference]
    if not near:
        return findings
    groups = _grouped(near)
    if len(groups) != 1:
        return findings
    round_figures, figures = written_as_entered(report)
    if round_figures < ROUND_MIN or Fraction(round_figures, figures) < ROUND_SHARE:
        return findings
    ids = {id(f) for f in groups[0]}
    return [_failed(f, round_figures, figures) if id(f) in ids else f for f in findings]


def _is_sum(f: Finding) -> bool:
    return (
        f.rule[:1] in _FAMILIES
        and f.category == "document"
        and f.outcome in (Outcome.PASS, Outcome.FAIL)
        and f.unit != "%"
        and f.difference is not None
        and f.tolerance is not None
        and len(f.spans) >= 3
    )


def _grouped(near: list[Finding]) -> list[list[Finding]]:
    """The findings joined when they share a figure (directly or through another)."""
    groups: list[tuple[set[tuple[int, int]], list[Finding]]] = []
    for f in near:
        keys = {(s.start, s.end) for s in f.spans}
        joined = [g for g in groups if g[0] & keys]
        merged_keys, merged = set(keys), [f]
        for g in joined:
            groups.remove(g)
            merged_keys |= g[0]
            merged = g[1] + merged
        groups.append((merged_keys, merged))
    return [g[1] for g in groups]


def _failed(f: Finding, round_figures: int, figures: int) -> Finding:
    assert f.difference is not None and f.tolerance is not None
    detail = (
        f"differs by {_plain(f.difference)} {f.unit or ''}, within the rounding of its figures"
        f" (±{_plain(f.tolerance)}), but {round_figures} of the report's {figures} figures end"
        " in 00 (rounded figures would one time in a hundred) and its other sums agree to the"
        " last digit: its figures are written as entered, so this is a disagreement, not"
        " 尾数误差"
    )
    return f.model_copy(
        update={
            "outcome": Outcome.FAIL,
            "severity": Severity.ERROR,
            "message": f"{f.message.removesuffix(' agrees within rounding')} {detail}",
            "note": None,
            "tolerance": Decimal(0),
        }
    )


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")
