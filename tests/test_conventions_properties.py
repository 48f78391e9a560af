"""Property tests of the publishing conventions (verifier.conventions): a percent cut instead
of rounded (截尾) and shares nudged to total 100 % (调尾) are never errors; a percent one unit
beyond what every convention allows always is."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.claims.read import extract_claims
from verifier import verify
from verifier.report import Outcome, Report

CENT = Decimal("0.01")
amounts = st.integers(min_value=100, max_value=10**8).map(
    lambda c: (Decimal(c) / 100).quantize(CENT)
)


def _findings(text: str, rule: str):
    r = Report(sha256="0" * 64, file_name="x.txt", text=text)
    r.claims = extract_claims(text, [], [])
    return [f for f in verify(r, {"C601", "C603"}).findings if f.rule == rule]


def _pct(x: Decimal, rounding: str) -> Decimal:
    return (x * 100).quantize(CENT, rounding=rounding)


@settings(max_examples=150, deadline=None)
@given(amounts, amounts)
def test_a_change_percent_cut_to_its_digit_is_never_an_error(current: Decimal, delta: Decimal):
    exact = delta / current
    cut = _pct(exact, ROUND_DOWN)
    assume(cut != _pct(exact, ROUND_HALF_UP) and cut > 0)
    text = f"本年支出{current + delta:.2f}万元，与上年相比增加{delta:.2f}万元，增长{cut}%。"
    (f,) = _findings(text, "C601")
    assert f.outcome == Outcome.PASS  # within the figures' rounding, or named 截尾


@settings(max_examples=150, deadline=None)
@given(amounts, amounts)
def test_shares_that_total_100_by_a_nudge_are_never_errors(a: Decimal, b: Decimal):
    whole = a + b
    first = _pct(a / whole, ROUND_HALF_UP)
    second = Decimal(100) - first  # the remainder, whatever its own rounding says
    assume(first > 0 and second > 0)
    text = (
        f"本年支出合计{whole:.2f}万元，其中：基本支出{a:.2f}万元，占{first}%；"
        f"项目支出{b:.2f}万元，占{second}%。"
    )
    shares = _findings(text, "C603")
    assert len(shares) == 2
    assert all(f.outcome == Outcome.PASS for f in shares)


# amounts large enough that their own rounding moves a share by far less than 0.01 %
large = st.integers(min_value=10**5, max_value=10**9).map(
    lambda c: (Decimal(c) / 100).quantize(CENT)
)


@settings(max_examples=150, deadline=None)
@given(large, large, st.sampled_from([-2, 2]))
def test_a_share_beyond_every_allowance_is_always_an_error(a: Decimal, b: Decimal, off: int):
    """Two units from its rounded recomputation: not the figures' rounding, not a cut, not a
    nudge."""
    whole = a + b
    first = _pct(a / whole, ROUND_HALF_UP) + off * CENT
    second = Decimal(100) - first
    assume(first > 0 and second > 0)
    text = (
        f"本年支出合计{whole:.2f}万元，其中：基本支出{a:.2f}万元，占{first}%；"
        f"项目支出{b:.2f}万元，占{second}%。"
    )
    shares = _findings(text, "C603")
    assert any(f.outcome == Outcome.FAIL and f.severity == "error" for f in shares)
