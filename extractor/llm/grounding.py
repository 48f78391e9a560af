"""Place what a model says it read back into the source text — exactly, never fuzzily.

A model returns each number as a string together with the words around it (its quote). Here
that quote is found in the section the model was shown, and the number is found inside the
quote. Only two kinds of match count:

* ``exact`` — the digits stand in the text as the model wrote them;
* ``normalised`` — they do once full-width digits, thousands separators and spaces are
  folded (``１,０６６.７１`` and ``1066.71`` are the same written number).

A digit off, a dropped or added decimal place, a converted unit: each is a different number
and is ``not_found``. There is no edit distance anywhere in this module, on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from verifier.numbers import normalise_digits, parse_decimal
from verifier.report import Number, Span

Grounded = Literal["exact", "normalised", "not_found"]

# A written number in Chinese reports: ASCII or full-width digits, optional separators.
_NUMBER_TOKEN = re.compile(r"[-－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?")
_SPACE = re.compile(r"\s+")
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十]+[)）、.．]|[（(]?\d{1,2}[)）、.．]|[①-⑳]|[-•·])\s*"
)


@dataclass(frozen=True)
class Placed:
    """Where a figure was found: its span in the report and the text that stands there."""

    grounding: Grounded
    start: int | None = None
    end: int | None = None
    raw: str | None = None


def canonical_number(raw: str) -> str:
    """The written number with full-width digits, separators and spaces folded."""
    return normalise_digits(raw).replace(",", "").replace("，", "").replace("%", "")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, and for each kept character its offset in ``text``.

    PDF and DOCX text breaks lines inside sentences; a model quoting the sentence does not.
    """
    kept: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            where.append(i)
    return "".join(kept), where


def find_quote(
    text: str, quote: str, start: int, end: int, after: int = 0
) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text[start:end]`` (first at or after ``after``), ignoring
    whitespace differences; None when the words are not there."""
    quote = quote.strip()
    if not quote:
        return None
    lo = max(start, after)
    i = text.find(quote, lo, end)
    if i < 0 and lo > start:
        i = text.find(quote, start, end)
    if i >= 0:
        return i, i + len(quote)
    hay, where = _squeeze(text[start:end])
    needle = _SPACE.sub("", quote)
    if not needle:
        return None
    j = hay.find(needle, max(0, _first_at_or_after(where, after - start)))
    if j < 0:
        j = hay.find(needle)
    if j < 0:
        return None
    return start + where[j], start + where[j + len(needle) - 1] + 1


def _first_at_or_after(where: list[int], offset: int) -> int:
    for k, w in enumerate(where):
        if w >= offset:
            return k
    return len(where)


def _tokens(text: str, start: int, end: int):
    """Written numbers standing on their own in ``text[start:end]`` (not inside a longer run
    of digits, which a regex alone would cut)."""
    for m in _NUMBER_TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ",，":
            e -= 1
        if s > 0 and text[s - 1] in "0123456789０１２３４５６７８９.．":
            continue
        if e < len(text) and text[e] in "0123456789０１２３４５６７８９":
            continue
        yield s, e


def _quote_windows(text: str, quote: str, start: int, end: int, after: int):
    """Each place the quote stands, from ``after`` on and then from the window's start."""
    seen: set[tuple[int, int]] = set()
    for lo in (max(start, after), start):
        pos = lo
        while pos < end:
            found = find_quote(text, quote, pos, end, pos)
            if found is None or found in seen or found[0] < pos:
                break
            seen.add(found)
            yield found
            pos = found[0] + 1


def place_number(
    text: str, value: str, quote: str | None, start: int, end: int, after: int = 0
) -> Placed:
    """Find the number ``value`` inside ``quote`` inside ``text[start:end]``.

    ``after`` keeps a table's cells in reading order: the first match at or after it wins,
    then any match in the window. A quote that is the number itself (a table cell) is no
    help in finding it, so the number is then looked for as a whole written number.
    """
    want = canonical_number(value)
    if parse_decimal(want) is None:
        return Placed("not_found")
    if quote and canonical_number(quote) != want:
        windows = _quote_windows(text, quote, start, end, after)
    else:
        windows = iter([(max(start, after), end), (start, end)])
    for lo, hi in windows:
        for s, e in _tokens(text, lo, hi):
            raw = text[s:e]
            if raw == value.strip():
                return Placed("exact", s, e, raw)
            if canonical_number(raw) == want:
                return Placed("normalised", s, e, raw)
    return Placed("not_found")


def to_number(placed: Placed, value: str, unit: str | None, page_of=None) -> Number | None:
    """A verifier Number for a placed figure; an unplaced one keeps no span (so the
    verifier's grounding rule rejects it) rather than being dropped or made zero."""
    raw = placed.raw if placed.raw is not None else value.strip()
    parsed = parse_decimal(raw)
    if parsed is None:
        return None
    v, decimals = parsed
    span = None
    if placed.start is not None and placed.end is not None:
        page = page_of(placed.start) if page_of else None
        span = Span(start=placed.start, end=placed.end, page=page)
    return Number(
        value=v, raw=raw, decimals=decimals, unit=unit, span=span, grounding=placed.grounding
    )


def place_text(text: str, item: str, start: int, end: int) -> tuple[int, int] | None:
    """Where a narrative item (a duty, a problem) stands in the section, ignoring whitespace
    and a leading enumerator the model may have added or dropped."""
    found = find_quote(text, item, start, end)
    if found is None:
        bare = _ENUMERATOR.sub("", item)
        if bare != item:
            found = find_quote(text, bare, start, end)
    return found
