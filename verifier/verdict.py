"""From findings to one verdict, and the order a reviewer reads them in.

The verdict judges the *extraction*: ``reject`` when it cannot be trusted (a number not in
the source, a pattern of failures that says the extractor misread), ``flag`` when it is
faithful but the document's own figures disagree beyond rounding, ``accept`` otherwise.
"""

from __future__ import annotations

from decimal import Decimal

from verifier.culprit import assign_culprits
from verifier.report import Finding, Outcome, Report, Severity, Verdict

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_OUTCOME_ORDER = {
    Outcome.FAIL: 0,
    Outcome.INSUFFICIENT_DATA: 1,
    Outcome.PASS: 2,
    Outcome.NOT_APPLICABLE: 3,
}


def decide(report: Report, findings: list[Finding]) -> tuple[Verdict, list[str]]:
    """The verdict and its reasons. Before judging, name the culprit of each group of
    failures that share one number (verifier.culprit), so a flag points at what to look at."""
    assign_culprits(findings, report.text)
    failed = [f for f in findings if f.outcome == Outcome.FAIL]
    extraction = [f for f in failed if f.category == "extraction" and f.severity == "error"]
    if extraction:
        reasons = [f"{f.rule} {f.name}: {f.message}" for f in extraction[:5]]
        return "reject", ["the extraction cannot be trusted", *reasons]
    document = [f for f in failed if f.severity in (Severity.ERROR, Severity.WARNING)]
    if document:
        n_err = sum(1 for f in document if f.severity == Severity.ERROR)
        return "flag", [
            f"{n_err} error(s) and {len(document) - n_err} warning(s): the document's own "
            "figures disagree beyond rounding"
        ]
    checked = sum(1 for f in findings if f.outcome == Outcome.PASS)
    unread = sum(1 for f in findings if f.rule == _TABLES_READ and f.outcome == _UNREAD)
    caveat = (
        [f"{unread} table(s) the text sets out were not read: their figures are unchecked"]
        if unread
        else []
    )
    if checked == 0:
        return "accept", ["nothing in it could be recomputed: no table or claim was read", *caveat]
    return "accept", [f"all {checked} recomputable figures agree within rounding", *caveat]


# E503's finding on a table section that yielded no table (verifier.rules.extraction)
_TABLES_READ, _UNREAD = "E503", Outcome.INSUFFICIENT_DATA


def _scale(report: Report) -> Decimal:
    """The report's largest stated amount, to weigh a discrepancy against."""
    biggest = Decimal(0)
    for t in report.tables:
        for row in t.rows:
            for c in row.cells:
                n = c.number
                if n is not None:
                    v = abs(n.value)
                    if v > biggest:
                        biggest = v
    return biggest or Decimal(1)


_NO_STAKE = Decimal(0)


def order_for_review(report: Report, findings: list[Finding]) -> list[Finding]:
    """Failures first, by severity, then by the amount at stake relative to the total."""
    scale = _scale(report)

    def key(f: Finding):
        d = f.difference
        # most findings agree exactly: a zero difference stakes nothing, no division needed
        stake = abs(d) / scale if d else _NO_STAKE
        return (_OUTCOME_ORDER[f.outcome], _SEVERITY_ORDER[f.severity], -stake, f.rule)

    return sorted(findings, key=key)
