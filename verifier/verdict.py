"""From findings to one verdict, and the order a reviewer reads them in.

The verdict judges the *extraction*: ``reject`` when it cannot be trusted (a number not in
the source, a pattern of failures that says the extractor misread), ``flag`` when it is
faithful but the document's own figures disagree beyond rounding, or when what could not be
checked is too much to speak for the document (E504: a table not read or never checked, too
few figures recomputed; a rule that could not run), ``accept`` only when everything was
checked and agrees.
"""

from __future__ import annotations

from decimal import Decimal

from verifier.culprit import assign_culprits
from verifier.report import Finding, Outcome, Report, Severity, Verdict
from verifier.tableview import figures

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_OUTCOME_ORDER = {
    Outcome.FAIL: 0,
    Outcome.INSUFFICIENT_DATA: 1,
    Outcome.PASS: 2,
    Outcome.NOT_APPLICABLE: 3,
}
# Enum members read once: an Enum class's attribute costs some 70 ns in Python 3.11, and these
# are asked of every finding.
_PASS, _FAIL = Outcome.PASS, Outcome.FAIL


def decide(report: Report, findings: list[Finding]) -> tuple[Verdict, list[str]]:
    """The verdict and its reasons. Before judging, name the culprit of each group of
    failures that share one number (verifier.culprit), so a flag points at what to look at."""
    assign_culprits(findings, report.text)
    failed = [f for f in findings if f.outcome == _FAIL]
    extraction = [f for f in failed if f.category == "extraction" and f.severity == "error"]
    if extraction:
        reasons = [f"{f.rule} {f.name}: {f.message}" for f in extraction[:5]]
        return "reject", ["the extraction cannot be trusted", *reasons]
    document = [f for f in failed if f.severity in (Severity.ERROR, Severity.WARNING)]
    if document:
        n_err = sum(1 for f in document if f.severity == Severity.ERROR)
        reasons = []
        if n_err:
            reasons.append(f"{n_err} error(s): the document's own figures disagree beyond rounding")
        others = [f for f in document if f.severity != Severity.ERROR]
        if others:
            reasons.append(f"{len(others)} warning(s): " + "; ".join(
                f"{f.rule} {f.note or f.subject or f.name}" for f in others[:3]
            ))  # fmt: skip
        return "flag", reasons
    checked = sum(1 for f in findings if f.outcome == _PASS)
    return "accept", [f"all {checked} checks agree; they reach every table the text sets out"]


def _scale(report: Report) -> Decimal:
    """The report's largest stated amount, to weigh a discrepancy against."""
    values = [n.value for t in report.tables for _, _, n in figures(t)]
    if not values:
        return Decimal(1)
    # the largest absolute value, by max and min (C loops) instead of abs() of every figure
    biggest = max(max(values), -min(values))
    return biggest or Decimal(1)


_NO_STAKE = Decimal(0)
_NO_STAKE_NEGATED = -_NO_STAKE  # what -stake was for a finding that stakes nothing


def order_for_review(report: Report, findings: list[Finding]) -> list[Finding]:
    """Failures first, by severity, then by the amount at stake relative to the total."""
    scale = _scale(report)
    outcome, severity = _OUTCOME_ORDER, _SEVERITY_ORDER
    # every key made in one comprehension, not by a function called per finding; most
    # findings agree exactly, and a zero difference stakes nothing (no division needed)
    keys = [
        (
            outcome[f.outcome],
            severity[f.severity],
            -(abs(d) / scale) if (d := f.difference) else _NO_STAKE_NEGATED,
            f.rule,
        )
        for f in findings
    ]
    order = sorted(range(len(findings)), key=keys.__getitem__)  # stable, as sorting findings
    return [findings[i] for i in order]
