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

Two conventions of percentages are publishing practice, not errors, and a finding they
explain passes with a note that names them:

- 截尾 (truncation): the percent is its recomputation cut to its last digit, not rounded
  (95.457 % printed 95.45 %) — in a report that does not show elsewhere that it rounds half
  up (a percent printed rounded up, 16.078 % as 16.08 %, says so);
- 调尾 (shares adjusted to 100 %): the shares of one whole printed together add up to exactly
  100 %, and each is within one unit of its last digit of its recomputation — the publisher
  nudged one so that the list totals 100 % (99.934 % and 0.066 % printed 99.94 % and 0.06 %).

Known problems: a budget drawn up in 分 and printed in 元 rounds like a 决算 while its round
figures say otherwise; where such a report misses in one place only, that miss is an error. A
percent cut by its publisher and mistyped by one unit downwards reads as 截尾.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from verifier.numbers import cut_to, parse_decimal
from verifier.report import Finding, Outcome, Report, Severity

ROUND_SHARE = Fraction(1, 5)  # of a report's distinct figures ending in 00, at least
ROUND_MIN = 20  # figures ending in 00, at least: too few say nothing
_FAMILIES = ("T", "I", "X")
# Enum members read once: an Enum class's attribute costs some 70 ns in Python 3.11, and these
# are asked of every finding.
_PASS, _FAIL = Outcome.PASS, Outcome.FAIL
_JUDGED = (_PASS, _FAIL)  # a comparison was made


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
    """The findings, judged by the conventions the report shows (see the module's docstring)."""
    return _percent_conventions(report, _as_entered(report, findings))


def _as_entered(report: Report, findings: list[Finding]) -> list[Finding]:
    """Differences within rounding failed where the report has shown that it sums as
    printed."""
    # the sums that pass with a difference: most findings agree exactly, and are passed over
    # before _is_sum is asked (the same findings, in the same order)
    near = [f for f in findings if f.outcome == _PASS and f.difference and _is_sum(f)]
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
        and f.outcome in _JUDGED
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


def _percent_conventions(report: Report, findings: list[Finding]) -> list[Finding]:
    failed = [f for f in findings if f.outcome == _FAIL and _percent_miss(f)]
    if not failed:
        return findings
    explained: dict[int, str] = {}
    for f in failed if not _rounds_up(report, findings) else []:
        written = _written(report, f)
        if written is None or f.expected is None:
            continue
        value, decimals = written
        if cut_to(f.expected * 100, decimals) == value:
            explained[id(f)] = (
                f"截尾: {value}% is the recomputation"
                f" {_plain((f.expected * 100).quantize(Decimal(1).scaleb(-decimals - 3)))}% cut to its"
                " last digit, not rounded — a publishing convention, not an error"
            )
    for group in _shares_by_whole(findings).values():
        explained.update(_adjusted(report, group, explained))
    if not explained:
        return findings
    return [_passed(f, explained[id(f)]) if id(f) in explained else f for f in findings]


def _rounds_up(report: Report, findings: list[Finding]) -> bool:
    """Whether the report shows that it rounds its percents half up: one of them agrees only
    rounded up (16.078 % printed 16.08 %), which a publisher who cuts never prints."""
    for f in findings:
        if f.outcome != Outcome.PASS or f.unit != "%" or f.expected is None:
            continue
        written = _written(report, f)
        if written is None:
            continue
        value, decimals = written
        exact = f.expected * 100
        if value > cut_to(exact, decimals) and value == exact.quantize(
            Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
        ):
            return True
    return False


def _percent_miss(f: Finding) -> bool:
    return f.outcome == Outcome.FAIL and f.unit == "%" and f.category == "document"


def _written(report: Report, f: Finding) -> tuple[Decimal, int] | None:
    """The stated percent as written (its value in %, its decimals)."""
    if not f.spans:
        return None
    s = f.spans[0]
    return parse_decimal(report.text[s.start : s.end].strip().rstrip("%％").strip())


def _shares_by_whole(findings: list[Finding]) -> dict[tuple[int, int], list[Finding]]:
    """C603's shares, grouped by the whole they are shares of (its span: pct, value, whole)."""
    groups: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if f.rule == "C603" and f.outcome in _JUDGED and len(f.spans) == 3:
            w = f.spans[2]
            groups.setdefault((w.start, w.end), []).append(f)
    return groups


def _adjusted(report: Report, group: list[Finding], explained: dict[int, str]) -> dict[int, str]:
    """调尾: the group's printed shares total exactly 100 % and every failing one is one unit
    of its last digit from its recomputation rounded."""
    if len(group) < 2:
        return {}
    written = [_written(report, f) for f in group]
    if any(w is None for w in written):
        return {}
    if sum(w[0] for w in written if w is not None) != 100:
        return {}
    out: dict[int, str] = {}
    shares = " + ".join(f"{w[0]}%" for w in written if w is not None)
    for f, w in zip(group, written, strict=True):
        if f.outcome != Outcome.FAIL or id(f) in explained or w is None or f.expected is None:
            continue
        unit = Decimal(1).scaleb(-w[1])
        rounded = (f.expected * 100).quantize(unit, rounding=ROUND_HALF_UP)
        if abs(w[0] - rounded) > unit:
            return {}  # one share off by more than a nudge: no convention explains the list
        out[id(f)] = (
            f"调尾: the shares {shares} total exactly 100%, and {w[0]}% is one unit from its"
            f" recomputation rounded ({rounded}%) — nudged so that the list totals 100%, a"
            " publishing convention, not an error"
        )
    return out


def _passed(f: Finding, note: str) -> Finding:
    return f.model_copy(
        update={
            "outcome": Outcome.PASS,
            "severity": Severity.INFO,
            "message": f"{f.message.split(' states ')[0]} agrees by convention: {note}",
            "note": note,
        }
    )
