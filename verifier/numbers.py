"""Numbers as intervals: the one place where rounding is reasoned about.

A figure published with d decimals stands for every value that rounds to it:
[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]. Sums, differences, products, ratios and unit conversions are
computed on those intervals, and two figures agree when their intervals meet. So a total of
14 items written to 0.01 may differ from their exact sum by up to 0.075 and still agree
(reports call it 尾数误差), while 0.02 against a single figure does not. No epsilon anywhere.

Publishing rounds half up (half away from zero, as 四舍五入 and spreadsheets do), so a
figure never stands for the far edge of its interval: 0.13 is [0.125, 0.135), since 0.135
would have been written 0.14. Intervals remember which ends they cannot reach, and two that
touch only at such an end do not meet: a 类 of 1066.72 over a single 项 of 1066.71 is a
disagreement, not 尾数误差. Where openness cannot be followed (products, ratios) an interval is
taken closed, which is the more lenient reading.

One refinement: an amount in 元 written to the 分 (two decimals) is exact, not rounded. The
分 is the smallest unit a ledger holds, so the 公开 tables printed in 元 (as 001's are) add
up to the 分, and a one-分 slip there is a real disagreement, not 尾数误差. The same amount
converted to 万元 is rounded again and gets its allowance as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from verifier.fast import adopt
from verifier.report import Number, Span

# Scale of each money unit in 元: converting never rounds, so it never widens an interval.
UNIT_SCALE: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# A figure already written plainly (ASCII digits and separators, no space, no full-width
# character): nearly all of them. parse_decimal reads it without normalising, with the
# result the general path gives.
_PLAIN = re.compile(r"([+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?)%?")


def normalise_digits(raw: str) -> str:
    """Full-width digits and punctuation to ASCII, spaces and thousands separators removed."""
    s = raw.translate(_FULLWIDTH).strip().replace(" ", "").replace("\u3000", "")
    return s


def parse_decimal(raw: str) -> tuple[Decimal, int] | None:
    """``"1,066.71"`` → (Decimal("1066.71"), 2); ``"-0.5"`` → (Decimal("-0.5"), 1).

    Returns None for anything that is not a plain written number: a caller must never turn
    an unreadable figure into zero.
    """
    if raw.__class__ is str:
        return _parse_text(raw)
    return _parse(raw)


def places(value: Decimal) -> int:
    """The decimals a Decimal carries (0.3457 → 4, 12 → 0, 1E+2 → 0): what a figure read from
    a report is written with, for showing, exporting and storing it as written."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> tuple[Decimal, int] | None:
    """parse_decimal of a str, remembered: grounding parses every number of a report, and
    most are written alike (a 部门决算 prints 0.00 hundreds of times). The result is
    immutable, so sharing it is safe."""
    plain = _PLAIN.fullmatch(raw)
    if plain is not None:  # the common case, without normalising
        fraction = plain.group(2)
        return Decimal(plain.group(1).replace(",", "")), len(fraction) if fraction else 0
    return _parse(raw)


def clear_caches() -> None:
    """Forget the figures parsed so far (see verifier.verify.clear_caches)."""
    _parse_text.cache_clear()


def _parse(raw: str) -> tuple[Decimal, int] | None:
    """The general path: full-width digits, spaces and a trailing % allowed."""
    s = normalise_digits(raw).rstrip("%")
    if not s or not _NUMBER.match(s):
        return None
    digits = s.replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return value, decimals


# make_number lays out Number's and Span's fields itself (verifier.fast.adopt), in declaration
# order: the schema must still be what it was written for.
_SPAN = ("start", "end", "page")
_GIVEN = ("value", "raw", "decimals", "unit", "span")
if tuple(Span.model_fields) != _SPAN or tuple(Number.model_fields) != (*_GIVEN, "grounding"):
    raise ImportError("verifier.numbers.make_number: Number or Span changed; update it")
if Number.model_fields["grounding"].default != "unchecked":
    raise ImportError("verifier.numbers.make_number: Number.grounding's default changed")


def make_number(
    raw: str, *, unit: str | None = None, start: int | None = None, page: int | None = None
) -> Number | None:
    """A Number from its raw text, with a span when the caller knows where it stood."""
    parsed = parse_decimal(raw)
    if parsed is None:
        return None
    value, decimals = parsed
    if (
        type(raw) is str
        and (unit is None or type(unit) is str)
        and (start is None or (type(start) is int and start >= 0))
        and (page is None or type(page) is int)
    ):
        # The values are of the fields' types and within their bounds (parse_decimal gave a
        # finite Decimal and decimals ≥ 0): validating them again is the extractor's most
        # repeated cost (every figure of a report). Built as model_construct would.
        span = None
        if start is not None:
            span = adopt(Span, {"start": start, "end": start + len(raw), "page": page}, {*_SPAN})
        data = {"value": value, "raw": raw, "decimals": decimals, "unit": unit, "span": span}
        data["grounding"] = "unchecked"  # the default, last as declared
        return adopt(Number, data, {*_GIVEN})
    span = Span(start=start, end=start + len(raw), page=page) if start is not None else None
    return Number(value=value, raw=raw, decimals=decimals, unit=unit, span=span)


# Half of the last digit of a figure written with 0…11 decimals: its rounding allowance.
HALF_UNITS = {d: Decimal(5).scaleb(-(d + 1)) for d in range(12)}
_PERCENT = Decimal("0.01")  # 92.7% stands for the fraction 0.927
_ZERO = Decimal(0)
_ONE = Decimal(1)


def half_unit(decimals: int) -> Decimal:
    """Half of the last written digit: the rounding allowance of one figure."""
    h = HALF_UNITS.get(decimals)
    return h if h is not None else Decimal(5).scaleb(-(decimals + 1))


def allowance(n: Number) -> Decimal:
    """The rounding allowance of one written figure: half its last digit, or none for an
    amount in 元 written to the 分, which is exact (see the module docstring)."""
    if n.unit == "元" and n.decimals == 2:
        return _ZERO
    h = HALF_UNITS.get(n.decimals)
    return h if h is not None else half_unit(n.decimals)


def cut_to(value: Decimal, decimals: int) -> Decimal:
    """``value`` cut (truncated toward zero) to ``decimals``: 10.158 → 10.15. Some publishers
    cut instead of rounding; a figure that disagrees only so is worth saying so, though it
    stays a disagreement under half-up publishing."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def open_ends(n: Number) -> tuple[bool, bool]:
    """Which ends of a written figure's interval it cannot reach, rounded half away from
    zero: 0.13 is [0.125, 0.135), −0.13 is (−0.135, −0.125], 0.00 is (−0.005, 0.005); an
    exact figure reaches both."""
    if n.unit == "元" and n.decimals == 2:
        return False, False
    value = n.value
    return value <= 0, value >= 0


def bounds(n: Number, unit: str | None = None) -> tuple[Decimal, Decimal]:
    """(lo, hi) of ``Interval.of_number(n, unit=unit)``, by the very same operations.

    The verifier takes the interval of thousands of numbers per report; the hot paths
    (verifier.check) add bounds up directly instead of building an Interval for each.

    An exact figure (an amount in 元 to the 分, as most figures of a table in 元 are) is a
    point: value − 0 and value + 0 are one and the same Decimal, so it is made once and
    ``lo is hi``, which the hot paths read as "exact, both ends reached" to skip what a point
    makes idle. Not so for −0.00, whose ends differ in sign (−0.00 − 0 is −0.00, −0.00 + 0 is
    0.00): it takes the general path, with two ends.
    """
    value, own, decimals = n.value, n.unit, n.decimals
    if own == "元" and decimals == 2 and (value or not value.is_signed()):
        lo = value - _ZERO
        if unit is None or unit == own:
            return lo, lo
        factor = _CONVERSION.get((own, unit))
        if factor is None:
            raise ValueError(f"cannot convert {own!r} to {unit!r}")
        lo = lo * factor
        return lo, lo
    exact = own == "元" and decimals == 2
    h = _ZERO if exact else (HALF_UNITS.get(decimals) or half_unit(decimals))
    lo, hi = value - h, value + h
    if own == "%":
        lo, hi = lo * _PERCENT, hi * _PERCENT  # a positive factor keeps the order
    if unit is not None and own is not None and unit != own:
        factor = _CONVERSION.get((own, unit))
        if factor is None:
            raise ValueError(f"cannot convert {own!r} to {unit!r}")
        lo, hi = lo * factor, hi * factor
    return lo, hi


def scale_to(own: str | None, unit: str | None) -> Decimal:
    """The factor ``bounds(n, unit)`` multiplies the ends of a figure written in ``own`` by:
    0.01 for a percentage (92.7% is the fraction 0.927), times the conversion to ``unit``
    when both units are named and differ; 1 when neither applies."""
    factor = _PERCENT if own == "%" else _ONE
    if unit is not None and own is not None and unit != own:
        conversion = _CONVERSION.get((own, unit))
        if conversion is None:
            raise ValueError(f"cannot convert {own!r} to {unit!r}")
        factor = factor * conversion
    return factor


def reading(
    n: Number, unit: str | None = None
) -> tuple[Decimal, Decimal | None, tuple[bool, bool]]:
    """(midpoint, half-width, open ends) of ``Interval.of_number(n, unit=unit)``: its value
    and half its last digit, both scaled as bounds() scales the ends, value for value; the
    half-width None for an exact figure (bounds' point, ``lo is hi``). A zero's midpoint is
    +0, as (lo + hi) / 2 makes it; −0.00 in 元 is no point (see bounds): its half-width 0."""
    value, own, decimals = n.value, n.unit, n.decimals
    if own == "元" and decimals == 2:
        if not value and value.is_signed():
            if unit is not None and unit != own:
                scale_to(own, unit)  # refused as bounds() refuses it (元 has no % reading)
            return _ZERO, _ZERO, _CLOSED
        half = None
    else:
        half = HALF_UNITS.get(decimals) or half_unit(decimals)
        if not value:  # (v − h + v + h) / 2 of a zero is +0, whatever the zero's sign
            value = _ZERO
    if own == "%" or (own != unit and unit is not None and own is not None):
        k = scale_to(own, unit)
        value = value * k
        if half is not None:
            half = half * k
    if half is None:
        return value, None, _CLOSED
    return value, half, (value <= 0, value >= 0)


def touches(
    a_lo: Decimal, a_hi: Decimal, a_open: tuple[bool, bool],
    b_lo: Decimal, b_hi: Decimal, b_open: tuple[bool, bool],
) -> bool:  # fmt: skip
    """Do two intervals share a point? ``*_open`` says which ends (lo, hi) are excluded.

    ``max(a_lo, b_lo)`` and ``min(a_hi, b_hi)`` written as conditionals, which pick the same
    end (the first of two equal ones, as max and min do): the builtins cost some 100 ns a
    call, and every comparison of the verifier asks this (~0.3 µs a finding saved)."""
    lo = b_lo if b_lo > a_lo else a_lo
    hi = b_hi if b_hi < a_hi else a_hi
    if lo != hi:
        return lo < hi
    return _holds(lo, a_lo, a_hi, a_open) and _holds(lo, b_lo, b_hi, b_open)


def _holds(p: Decimal, lo: Decimal, hi: Decimal, is_open: tuple[bool, bool]) -> bool:
    return (lo < p or (lo == p and not is_open[0])) and (p < hi or (p == hi and not is_open[1]))


_CLOSED = (False, False)


@dataclass(frozen=True, slots=True)
class Interval:
    """An interval of exact Decimals from lo to hi; ``lo_open``/``hi_open`` mark an end that
    is excluded (see the module docstring)."""

    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def exact(cls, v: Decimal | int) -> Interval:
        d = Decimal(v)
        return cls(d, d)

    @classmethod
    def of(cls, value: Decimal, decimals: int) -> Interval:
        h = half_unit(decimals)
        return cls(value - h, value + h)

    @classmethod
    def of_number(cls, n: Number, *, unit: str | None = None) -> Interval:
        """The interval a written number stands for, converted to ``unit`` if given.

        A percentage stands for a fraction: 92.7% is [0.9265, 0.9275].
        """
        return cls(*bounds(n, unit), *open_ends(n))

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def radius(self) -> Decimal:
        return (self.hi - self.lo) / 2

    @property
    def open_ends(self) -> tuple[bool, bool]:
        return self.lo_open, self.hi_open

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __sub__(self, other: Interval) -> Interval:
        return Interval(
            self.lo - other.hi,
            self.hi - other.lo,
            self.lo_open or other.hi_open,
            self.hi_open or other.lo_open,
        )

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_open, self.lo_open)

    def __mul__(self, other: Interval) -> Interval:
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval | None:
        """None when the divisor may be zero: the ratio is then unbounded."""
        found = quotient(self.lo, self.hi, other.lo, other.hi)
        return None if found is None else Interval(*found)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        if factor > 0:
            return Interval(a, b, self.lo_open, self.hi_open)
        if factor < 0:
            return Interval(b, a, self.hi_open, self.lo_open)
        return Interval(a, b)

    def meets(self, other: Interval) -> bool:
        return touches(self.lo, self.hi, self.open_ends, other.lo, other.hi, other.open_ends)

    def contains(self, v: Decimal) -> bool:
        return _holds(v, self.lo, self.hi, self.open_ends)

    def gap(self, other: Interval) -> Decimal:
        """Distance between the intervals (0 when they meet)."""
        if self.meets(other):
            return Decimal(0)
        return other.lo - self.hi if self.hi < other.lo else self.lo - other.hi


def quotient(
    a_lo: Decimal, a_hi: Decimal, b_lo: Decimal, b_hi: Decimal
) -> tuple[Decimal, Decimal] | None:
    """(lo, hi) of [a_lo, a_hi] / [b_lo, b_hi], to 34 digits (a closed interval, as products
    and ratios are taken); None when the divisor may be zero: the ratio is then unbounded.
    Interval's division, on bounds, for the rules that divide without making Intervals."""
    if b_lo <= 0 <= b_hi:
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        quotients = (a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi)
    return min(quotients), max(quotients)


def sum_intervals(items: list[Interval]) -> Interval:
    """Σ items: the bounds added left to right from 0, as ``Interval.exact(0) + a + b …``."""
    lo = hi = Decimal(0)
    lo_open = hi_open = False
    for iv in items:
        lo = lo + iv.lo
        hi = hi + iv.hi
        lo_open = lo_open or iv.lo_open
        hi_open = hi_open or iv.hi_open
    return Interval(lo, hi, lo_open, hi_open)


# Every factor between two money units, divided once: conversion is asked for on every
# number compared across units.
_CONVERSION = {(a, b): UNIT_SCALE[a] / UNIT_SCALE[b] for a in UNIT_SCALE for b in UNIT_SCALE}


def conversion(from_unit: str, to_unit: str) -> Decimal:
    """Factor that takes an amount in ``from_unit`` to ``to_unit`` (元 → 万元: 0.0001)."""
    try:
        return _CONVERSION[(from_unit, to_unit)]
    except KeyError as exc:
        raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}") from exc


def nothing_at(parts: list[Number], total: Number | None = None) -> list[Number]:
    """A part written 0 (no decimals) among parts that show decimals is nothing, at their
    precision: a writer who prints 0.05 would print a nonzero part as 0.05 too, so 0 stands
    for less than half their last unit, not for anything up to 0.5 (a 基础数据表's 公车购置 0
    beside 2.10). The total does not count: parts rounded to whole 万元 under a total with
    decimals are each what they say. Only zeros are so read; every other figure keeps the
    precision it is written with (no guessing 28.1 as 28.10)."""
    for p in parts:  # most lists have no zero written without decimals: nothing to read
        if p is None or (not p.decimals and not p.value):
            break
    else:
        return parts
    d = max((n.decimals for n in parts if n is not None and n.value), default=0)
    if not d:
        return parts
    return [
        p.model_copy(update={"decimals": d}) if not p.value and not p.decimals else p for p in parts
    ]
