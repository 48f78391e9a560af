"""Property tests of verifier.numbers and verifier.check: tolerance comes from the stated
precision, so correctly rounded figures always agree and one unit beyond always does not."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.check import compare, compare_sum
from verifier.numbers import Interval, conversion, half_unit, make_number, parse_decimal
from verifier.report import Outcome
from verifier.rules.catalogue import Rule

RULE = Rule("Z999", "test", "Z", "test rule", "for tests")

exact_amounts = st.decimals(
    min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False
)


def written(value: Decimal, decimals: int, unit: str = "万元"):
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return make_number(f"{q:,.{decimals}f}", unit=unit, start=0)


@settings(max_examples=300, deadline=None)
@given(st.lists(exact_amounts, min_size=1, max_size=30), st.integers(0, 4), st.integers(0, 4))
def test_sum_of_correctly_rounded_parts_is_never_an_error(values, d_parts, d_total):
    parts = [written(v, d_parts) for v in values]
    total = written(sum(values, Decimal(0)), d_total)
    f = compare_sum(RULE, "s", total, parts)
    assert f.outcome == Outcome.PASS
    if f.difference:
        assert f.note and "尾数误差" in f.note


@settings(max_examples=300, deadline=None)
@given(st.lists(exact_amounts, min_size=1, max_size=30), st.integers(0, 4), st.booleans())
def test_one_unit_beyond_the_allowance_always_fails(values, d, up):
    parts = [written(v, d) for v in values]
    exact = sum((p.value for p in parts), Decimal(0))
    ulp = Decimal(1).scaleb(-d)
    allowance = half_unit(d) * (len(parts) + 1)
    # whole units of the last digit strictly inside the allowance: figures rounded half up
    # never reach its edge, so a difference of exactly the allowance is already beyond it
    steps = math.ceil(allowance / ulp) - 1
    sign = 1 if up else -1
    inside = written(exact + sign * steps * ulp, d)
    beyond = written(exact + sign * (steps + 1) * ulp, d)
    if inside.value >= 0:
        assert compare_sum(RULE, "s", inside, parts).outcome == Outcome.PASS
    if beyond.value >= 0 or not up:
        f = compare_sum(RULE, "s", beyond, parts)
        assert f.outcome == Outcome.FAIL
        assert f.tolerance == allowance.normalize() or f.tolerance == allowance


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**10, places=2), st.integers(0, 4))
def test_yuan_to_wanyuan_conversion_agrees(yuan, d):
    """An amount in 元, published in 万元 to d decimals, agrees with itself across units."""
    n_yuan = written(yuan, 2, unit="元")
    n_wan = written(yuan / 10000, d, unit="万元")
    for unit in ("万元", "元"):
        f = compare(RULE, "c", n_wan, Interval.of_number(n_yuan, unit=unit), [n_yuan], unit=unit)
        assert f.outcome == Outcome.PASS
    assert conversion("元", "万元") * conversion("万元", "元") == 1


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=1, max_value=10**8, places=2), st.integers(0, 2))
def test_a_factor_of_ten_thousand_never_agrees(yuan, d):
    """元 read as 万元 is never a rounding difference (the E501 pattern)."""
    n_yuan = written(yuan, 2, unit="元")
    misread = n_yuan.model_copy(update={"unit": "万元"})
    f = compare(RULE, "c", misread, Interval.of_number(n_yuan, unit="万元"), [n_yuan], unit="万元")
    assert f.outcome == Outcome.FAIL


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=10**8, places=2), min_size=1, max_size=30))
def test_amounts_in_yuan_to_the_fen_are_exact(values):
    """元 to the 分 is the ledger's own figure: the parts make the total exactly, and one 分
    off is an error whatever the number of parts (no 尾数误差 below the 分)."""
    parts = [written(v, 2, unit="元") for v in values]
    exact = sum(values, Decimal(0))
    assert compare_sum(RULE, "s", written(exact, 2, unit="元"), parts).outcome == Outcome.PASS
    off = compare_sum(RULE, "s", written(exact + Decimal("0.01"), 2, unit="元"), parts)
    assert off.outcome == Outcome.FAIL


def test_yuan_without_fen_is_still_rounded():
    """An amount in 元 printed without 分, or in 万元, stands for what rounds to it."""
    assert Interval.of_number(make_number("1,067", unit="元")) == Interval(
        Decimal("1066.5"), Decimal("1067.5"), hi_open=True
    )
    assert Interval.of_number(make_number("1,066.71", unit="元")) == Interval.exact(
        Decimal("1066.71")
    )


def test_figures_touching_at_an_unreachable_edge_do_not_meet():
    """1066.72 over a single part 1066.71: [1066.715, 1066.725) and [1066.705, 1066.715) share
    no value, as rounding half up never writes 1066.715 as 1066.71."""
    total, part = make_number("1066.72", unit="万元"), make_number("1066.71", unit="万元")
    f = compare_sum(RULE, "s", total, [part])
    assert f.outcome == Outcome.FAIL and "edge of their rounding" in f.message
    zero, cent = make_number("0.00", unit="万元"), make_number("0.01", unit="万元")
    assert compare_sum(RULE, "s", cent, [zero]).outcome == Outcome.FAIL
    # a negative figure is open at its lower end: −0.13 is (−0.135, −0.125]
    neg = Interval.of_number(make_number("-0.13", unit="万元"))
    assert neg.contains(Decimal("-0.125")) and not neg.contains(Decimal("-0.135"))
    # an exact figure reaches its own value from either side
    assert Interval.exact(Decimal("0.135")).meets(Interval.of_number(make_number("0.14")))
    assert not Interval.exact(Decimal("0.135")).meets(Interval.of_number(make_number("0.13")))


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=4),
    st.decimals(min_value=-(10**6), max_value=10**6, places=4),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_interval_arithmetic_keeps_every_value_it_stands_for(a, b, da, db):
    """Whatever a and b are, a rounded half up and b rounded half up give intervals whose sum
    and difference contain a + b and a − b (openness never excludes a value that can occur)."""
    from decimal import ROUND_HALF_UP as UP

    def wr(v, d):
        return make_number(str(v.quantize(Decimal(1).scaleb(-d), rounding=UP)))

    ia, ib = Interval.of_number(wr(a, da)), Interval.of_number(wr(b, db))
    assert ia.contains(a) and ib.contains(b)
    assert (ia + ib).contains(a + b)
    assert (ia - ib).contains(a - b)
    assert (-ia).contains(-a)
    assert ia.scale(Decimal(-3)).contains(a * -3)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3))
def test_parse_decimal_round_trips_thousands_separators(v):
    raw = f"{v:,.3f}"
    assert parse_decimal(raw) == (Decimal(f"{v:.3f}"), 3)


def test_parse_rejects_non_numbers():
    for raw in ("", "-", "1O.00", "12,34.5", "abc", "1.2.3"):
        assert parse_decimal(raw) is None


def test_interval_of_number_is_half_unit_wide():
    n = make_number("1,066.71", unit="万元", start=0)
    iv = Interval.of_number(n)
    assert iv == Interval(Decimal("1066.705"), Decimal("1066.715"), hi_open=True)
    assert Interval.of_number(n, unit="元") == Interval(
        Decimal("10667050"), Decimal("10667150"), hi_open=True
    )


def test_cut_to_truncates_toward_zero():
    from verifier.numbers import cut_to

    assert cut_to(Decimal("10.158"), 2) == Decimal("10.15")
    assert cut_to(Decimal("-10.158"), 2) == Decimal("-10.15")
    assert cut_to(Decimal("0.101581"), 4) == Decimal("0.1015")


def _n(raw: str):  # type: ignore[no-untyped-def]
    n = make_number(raw, unit="万元", start=0)
    assert n is not None
    return n


def test_a_zero_among_parts_with_decimals_is_nothing_at_their_precision() -> None:
    """公车购置 0 beside 2.10 and 0.95 is no amount at all, not anything up to 0.5."""
    parts = [_n("2.10"), _n("0"), _n("0.95")]
    assert compare_sum(RULE, "s", _n("3.05"), parts).outcome == Outcome.PASS
    assert compare_sum(RULE, "s", _n("3.15"), parts).outcome == Outcome.FAIL


def test_a_zero_among_whole_parts_keeps_its_written_precision() -> None:
    """Parts written in whole 万元 under a total with decimals are each what they say: 0 is
    anything below 0.5."""
    parts = [_n("2"), _n("0"), _n("1")]
    assert compare_sum(RULE, "s", _n("3.40"), parts).outcome == Outcome.PASS
