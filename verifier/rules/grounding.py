"""Family G: every extracted number stands at its span in the source text. A number that does
not is an extraction error (a misread, a shifted offset, a figure a model made up): the
extraction cannot be trusted, whatever the arithmetic says."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from verifier.check import passed, spans_of, worded
from verifier.numbers import normalise_digits, parse_decimal
from verifier.report import Finding, Number, Outcome, Report, Severity
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import figures


def _numbers(report: Report) -> Iterator[tuple[str, list[Number]]]:
    """Groups of numbers, each with the name of where it came from."""
    for t in report.tables:
        yield f"{t.kind.value} table", [n for _, _, n in figures(t)]
    claims: list[Number] = []
    for c in report.claims:
        claims.extend(c.numbers.values())
        claims.extend(c.parts)
    yield "claims", claims
    narr = list(report.narratives.staff.values()) + [m.number for m in report.narratives.metrics]
    yield "narratives", narr


_UNSEEN = (Decimal(0), -1)  # no raw figure parses to this: its parse not yet asked for


def problem(text: str, n: Number) -> str | None:
    """Why ``n`` is not grounded in ``text``, or None when it is."""
    span = n.span
    if span is None:
        return "has no span"
    start, end = span.start, span.end
    if end > len(text) or start > end:
        return f"span {start}-{end} lies outside the text"
    raw = n.raw
    # Nearly every number stands in the text exactly as read: known without slicing it out.
    if end - start != len(raw) or not text.startswith(raw, start):
        at = text[start:end]
        if normalise_digits(at) != normalise_digits(raw):
            return f"the text at its span reads {at!r}, not {raw!r}"
    parsed = parse_decimal(raw)
    if parsed is None:
        return f"raw {raw!r} is not a number"
    value, decimals = parsed
    if value != n.value or decimals != n.decimals:
        return f"value {n.value} ({n.decimals} decimals) does not match raw {raw!r}"
    return None


@rule(
    "G001",
    "grounded",
    "G",
    "every extracted number stands at its span",
    "A figure not found where the extraction says it was read cannot be trusted: re-extract.",
)
def grounded(r: Rule, report: Report) -> Iterator[Finding]:
    text = report.text
    size = len(text)
    # each raw figure parsed once: a report writes a few dozen figures hundreds of times
    parsed_as: dict[str, tuple[Decimal, int] | None] = {}
    for where, nums in _numbers(report):
        if not nums:
            continue
        bad = 0
        for n in nums:
            # problem()'s answer for a number that stands at its span exactly as read and
            # parses to its value and decimals (nearly all of them), without the call
            span = n.span
            if span is not None:
                start, end, raw = span.start, span.end, n.raw
                if end <= size and end - start == len(raw) and text.startswith(raw, start):
                    parsed = parsed_as.get(raw, _UNSEEN)
                    if parsed is _UNSEEN:
                        parsed = parsed_as[raw] = parse_decimal(raw)
                    if parsed is not None and parsed[0] == n.value and parsed[1] == n.decimals:
                        continue
            why = problem(text, n)
            if why is None:
                continue
            bad += 1
            yield worded(
                r, Outcome.FAIL, Severity.ERROR, where, f"{where} number {n.raw!r} {why}",
                stated=n.value, unit=n.unit, spans=spans_of([n]), category="extraction",
            )  # fmt: skip
        if not bad:
            detail = f"all {len(nums)} numbers of {where} grounded"
            yield passed(r, where, detail, category="extraction")
