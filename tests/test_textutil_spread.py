"""``spread`` reads as its definition, each character between MARKs (a BREAK made a MARK);
a long text is spread as an array of code points for speed. These tests hold both roads to
the join they replace, on either side of the length where they part, with BREAKs and
characters beyond the basic plane or a lone surrogate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hedui.textutil import _SHORT, BREAK, MARK, spread


def by_join(text: str) -> str:
    return MARK + MARK.join(text.replace(BREAK, MARK)) + MARK


def test_examples() -> None:
    assert spread("网格") == "\x01网\x01格\x01"
    assert spread("") == MARK + MARK
    long = ("网格员" + BREAK + "\U00020000a\udc80") * _SHORT
    assert spread(long) == by_join(long)
    for n in (_SHORT - 1, _SHORT, _SHORT + 1):
        assert spread("字" * n) == by_join("字" * n)


@given(st.text(min_size=_SHORT - 2, max_size=4 * _SHORT))
def test_long_texts_spread_as_joined(text: str) -> None:
    assert spread(text) == by_join(text)
