"""Run every rule of the catalogue over a Report and decide its verdict. No I/O."""

from __future__ import annotations

from verifier import conventions, coverage, numbers, tableview
from verifier.fast import construct_trusted
from verifier.report import (
    Finding,
    Outcome,
    Report,
    Severity,
    Verification,
)
from verifier.rules import RULES
from verifier.verdict import decide, order_for_review


def run_rules(report: Report, codes: set[str] | None = None) -> list[Finding]:
    with tableview.remembering():  # the rules share what the tables' names are
        return _run(report, codes)


def _run(report: Report, codes: set[str] | None) -> list[Finding]:
    findings: list[Finding] = []
    for code, r in sorted(RULES.items()):
        if codes is not None and code not in codes:
            continue
        assert r.fn is not None
        try:
            findings.extend(r.fn(report))
        except Exception as exc:  # a rule's bug must not hide every other rule's findings
            findings.append(
                Finding(
                    rule=code,
                    name=r.name,
                    outcome=Outcome.FAIL,
                    severity=Severity.WARNING,
                    message=f"rule {code} could not run: {type(exc).__name__}: {exc}; its"
                    " figures are unchecked and the report is not accepted",
                    category="extraction",
                )
            )
    return findings


def verify(
    report: Report, codes: set[str] | None = None, *, min_coverage: float = coverage.MIN_COVERAGE
) -> Verification:
    """Every rule (or those of ``codes``), the publishing conventions, and — for a full
    verification — the coverage and E504's word on what could not be checked; then the
    verdict. ``min_coverage``: the share of figures an accept needs (coverage.MIN_COVERAGE)."""
    # one remembering() block for the whole verification: the rules and the steps after them
    # walk the same tables (tableview.figures)
    with tableview.remembering():
        findings = conventions.apply(report, run_rules(report, codes))
        measured = coverage.measure(report, findings)
        if codes is None:
            findings += coverage.unverified(report, measured, min_coverage)
        verdict, reasons = decide(report, findings)
        ordered = order_for_review(report, findings)
    # Built as model_construct would (construct_trusted): the verdict and reasons come from
    # decide(), the findings are Findings already; validating them again is pure cost.
    return construct_trusted(
        Verification,
        verdict=verdict,
        reasons=reasons,
        findings=ordered,
        coverage=measured,
    )


def clear_caches() -> None:
    """Forget what the verifier remembers from one report to the next (parsed figures,
    cleaned row and column names), so that a benchmark can time a report seen for the first
    time. Verification never depends on these caches, only its speed does."""
    numbers.clear_caches()
    tableview.clean.cache_clear()
