"""Which number is wrong: where several failed checks share a number, find the one number
whose change would satisfy every one of them without breaking a check that passed.

Each finding from ``verifier.check`` lists the stated figure's span first, then its operands'.
For a change Δ of one number, a finding's difference (stated − expected) moves by +Δ when the
number is the stated figure and by −Δ when it is an operand (a part of a sum). A number is the
culprit of a group of failures when one Δ brings every failure of the group within its
tolerance and keeps every passed check that uses the number within its own.
"""

from __future__ import annotations

from decimal import Decimal

from verifier.numbers import UNIT_SCALE
from verifier.report import Finding, Outcome, Span

# Enum members read once: an Enum class's attribute costs some 70 ns in Python 3.11, and these
# are asked of every finding.
_PASS, _FAIL = Outcome.PASS, Outcome.FAIL


def _key(s: Span) -> tuple[int, int]:
    return (s.start, s.end)


def _scale(f: Finding) -> Decimal:
    return UNIT_SCALE.get(f.unit or "", Decimal(1))


def _sign(f: Finding, k: tuple[int, int]) -> int:
    """+1 when the number is the finding's stated figure, −1 when it is an operand."""
    return 1 if f.spans and _key(f.spans[0]) == k else -1


def _fits(f: Finding, k: tuple[int, int], delta_yuan: Decimal) -> bool:
    assert f.difference is not None and f.tolerance is not None
    d = f.difference * _scale(f) + _sign(f, k) * delta_yuan
    return abs(d) <= f.tolerance * _scale(f)


def _groups(failed: list[Finding]) -> list[list[Finding]]:
    """Failed findings joined when they share a number (union-find over spans)."""
    parent = list(range(len(failed)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[int, int], int] = {}
    for i, f in enumerate(failed):
        for s in f.spans:
            k = _key(s)
            if k in owner:
                parent[find(i)] = find(owner[k])
            else:
                owner[k] = i
    out: dict[int, list[Finding]] = {}
    for i, f in enumerate(failed):
        out.setdefault(find(i), []).append(f)
    return list(out.values())


def assign_culprits(findings: list[Finding], text: str | None = None) -> None:
    """Set ``culprit`` and a note on every failed finding whose group has exactly one number
    that explains it. Mutates the findings; returns nothing. Asked again of the same
    findings (a verdict decided again once a pair of years adds its own), a note a finding
    holds already is not added twice."""
    measured = [f for f in findings if f.difference is not None and f.tolerance is not None]
    failed = [f for f in measured if f.outcome == _FAIL and f.spans]
    if not failed:
        return
    groups = _groups(failed)
    commons = [set.intersection(*({_key(s) for s in f.spans} for f in g)) for g in groups]
    passed_by_span = _passed_by_span(measured, set().union(*commons))
    for group, common in zip(groups, commons, strict=True):
        spans = {_key(s): s for f in group for s in f.spans}
        found: list[tuple[Span, Decimal]] = []
        for k in sorted(common):
            first = group[0]
            assert first.difference is not None
            delta = -_sign(first, k) * first.difference * _scale(first)
            if all(_fits(f, k, delta) for f in group) and all(
                _fits(p, k, delta) for p in passed_by_span.get(k, [])
            ):
                found.append((spans[k], delta))
        if len(found) != 1:
            continue
        span, delta = found[0]
        unit = group[0].unit or ""
        shown = (delta / _scale(group[0])).normalize()
        raw = text[span.start : span.end] if text else f"{span.start}-{span.end}"
        where = f"culprit: {raw!r} at {span.start}-{span.end}"
        if len(group) > 1:
            note = (
                f"{where} is the one number whose change (by {shown:f}{unit}) would satisfy"
                f" all {len(group)} failed checks"
            )
        else:  # one check: any of its numbers would do, but only this one alone keeps the rest
            note = (
                f"{where} is the only number of this check that a change (by {shown:f}{unit})"
                " would put right without breaking a check that passes"
            )
        for f in group:
            f.culprit = span
            if not f.note:
                f.note = note
            elif note not in f.note.split("; "):  # decided again (a pair of years): said once
                f.note = f"{f.note}; {note}"


def _passed_by_span(
    measured: list[Finding], wanted: set[tuple[int, int]]
) -> dict[tuple[int, int], list[Finding]]:
    """The passed checks that use each number of ``wanted``: only the numbers a group of
    failures shares can be culprits, so only theirs are looked up (most checks pass)."""
    out: dict[tuple[int, int], list[Finding]] = {}
    starts = {start for start, _ in wanted}  # most spans are ruled out by their start alone
    for f in measured:
        if f.outcome == _PASS:
            for s in f.spans:
                if s.start in starts and (k := (s.start, s.end)) in wanted:
                    out.setdefault(k, []).append(f)
    return out
