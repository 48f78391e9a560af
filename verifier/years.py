"""Two reports of one department, consecutive years: the figures the later one gives for the
earlier year against the earlier one's (the rules of family Y, verifier.rules.years).

No I/O, as everywhere in the verifier: the store decides that two reports are one department
and finds the pair; ``check_pair`` judges it. The findings belong to the later report (it is
the one that restates); each carries the earlier report's spans beside its own.
"""

from __future__ import annotations

from verifier.report import Finding, Outcome, Report, Severity
from verifier.rules import PAIR_RULES
from verifier.rules.years import YearFinding

__all__ = ["YearFinding", "check_pair", "tally"]


def check_pair(earlier: Report, later: Report) -> list[YearFinding]:
    """Every pair rule over ``earlier`` (year N) and ``later`` (year N + 1); nothing when the
    years are not consecutive. A rule that breaks is a warning finding, as in verify()."""
    out: list[YearFinding] = []
    if earlier.year is None or later.year is None or later.year != earlier.year + 1:
        return out
    for code, r in sorted(PAIR_RULES.items()):
        assert r.pair is not None
        try:
            out.extend(r.pair(earlier, later))
        except Exception as exc:  # a rule's bug must not hide the other rules' findings
            out.append(
                YearFinding(
                    finding=Finding(
                        rule=code,
                        name=r.name,
                        outcome=Outcome.FAIL,
                        severity=Severity.WARNING,
                        message=f"rule {code} could not run: {type(exc).__name__}: {exc}",
                        category="extraction",
                    )
                )
            )
    return out


def tally(found: list[YearFinding]) -> dict[str, int]:
    """How many figures were compared, agree (exactly or within rounding) and disagree."""
    outcomes = [y.finding.outcome for y in found]
    return {
        "compared": sum(o in (Outcome.PASS, Outcome.FAIL) for o in outcomes),
        "agree": sum(o == Outcome.PASS for o in outcomes),
        "disagree": sum(o == Outcome.FAIL for o in outcomes),
    }
