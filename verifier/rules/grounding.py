"""Family G: every extracted number stands at its span in the source text. A number that does
not is an extraction error (a misread, a shifted offset, a figure a model made up): the
extraction cannot be trusted, whatever the arithmetic says."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from verifier.numbers import normalise_digits, parse_decimal
from verifier.report import Finding, Number, Outcome, Report, Severity, construct_trusted
from verifier.rules.catalogue import Rule, rule


def _numbers(report: Report) -> Iterator[tuple[str, list[Number]]]:
    """Groups of numbers, each with the name of where it came from."""
    for t in report.tables:
        nums = [c.number for row in t.rows for c in row.cells if c.number is not None]
        yield f"{t.kind.value} table", nums
    claims: list[Number] = []
    for c in report.claims:
        claims.extend(c.numbers.values())
        claims.extend(c.parts)
    yield "claims", claims
    narr = list(report.narratives.staff.values()) + [m.number for m in report.narratives.metrics]
    yield "narratives", narr


def problem(text: str, n: Number) -> str | None:
    """Why ``n`` is not grounded in ``text``, or None when it is."""
    span = n.span
    if span is None:
        return "has no span"
    start, end = span.start, span.end
    if end > len(text) or start > end:
        return f"span {start}-{end} lies outside the text"
    at = text[start:end]
    raw = n.raw
    if at != raw and normalise_digits(at) != normalise_digits(raw):
        return f"the text at its span reads {at!r}, not {raw!r}"
    parsed = parse_decimal(raw)
    if parsed is None:
        return f"raw {raw!r} is not a number"
    value, decimals = parsed
    if value != n.value or decimals != n.decimals:
        return f"value {n.value} ({n.decimals} decimals) does not match raw {raw!r}"
    return None


def _suspects(text: str, nums: list[Number]) -> list[Number]:
    """The numbers of ``nums`` that ``problem`` must look at: all but those plainly grounded
    (their span lies in the text, the text there is the raw figure as written, and the raw
    figure parses to the number's value and decimals), which is nearly every number and
    ``problem`` would pass. Decided without slicing or normalising: G001 reads every number
    of a report."""
    size = len(text)
    parsed: dict[str, tuple[Decimal, int] | None] = {}  # raw → parse_decimal(raw), this call
    out = []
    for n in nums:
        span, raw = n.span, n.raw
        if span is not None:
            start, end = span.start, span.end
            if (
                0 <= start <= end <= size
                and end - start == len(raw)
                and text.startswith(raw, start)
            ):
                if raw not in parsed:
                    parsed[raw] = parse_decimal(raw)
                p = parsed[raw]
                if p is not None and p[0] == n.value and p[1] == n.decimals:
                    continue
        out.append(n)
    return out


@rule(
    "G001",
    "grounded",
    "G",
    "every extracted number stands at its span",
    "A figure not found where the extraction says it was read cannot be trusted: re-extract.",
)
def grounded(r: Rule, report: Report) -> Iterator[Finding]:
    # Findings are built from values typed here (construct_trusted, as verifier.check does):
    # pydantic's re-validation of them would cost more than the check itself.
    text = report.text
    for where, nums in _numbers(report):
        if not nums:
            continue
        bad = 0
        for n in _suspects(text, nums):
            why = problem(text, n)
            if why is None:
                continue
            bad += 1
            yield construct_trusted(
                Finding,
                rule=r.code,
                name=r.name,
                outcome=Outcome.FAIL,
                severity=Severity.ERROR,
                message=f"{r.message}: {where} number {n.raw!r} {why}",
                subject=where,
                stated=n.value,
                unit=n.unit,
                spans=[n.span] if n.span else [],
                category="extraction",
            )
        if not bad:
            yield construct_trusted(
                Finding,
                rule=r.code,
                name=r.name,
                outcome=Outcome.PASS,
                severity=Severity.INFO,
                message=f"{r.message}: all {len(nums)} numbers of {where} grounded",
                subject=where,
                category="extraction",
            )
