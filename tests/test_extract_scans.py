"""Whole-text scans the extractor makes cheaper (issue 19) give what the patterns they stand
for give, on any text built from the characters that matter."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.segment.headings import _DOTS, _HAS_FULLWIDTH, _has_dots, _has_fullwidth

_DOT_PIECES = [".", "·", "．", "*", "**", "a", "表", " ", "\n", "１", "９", "0", "…"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_DOT_PIECES), max_size=12).map("".join))
def test_dots_and_fullwidth_as_the_patterns(text: str) -> None:
    assert _has_dots(text) == (_DOTS.search(text.replace("**", "")) is not None)
    assert _has_fullwidth(text) == (_HAS_FULLWIDTH.search(text) is not None)


def test_every_fullwidth_digit() -> None:
    for code in range(0xFF00, 0xFF30):
        assert _has_fullwidth(f"x{chr(code)}y") == (_HAS_FULLWIDTH.search(chr(code)) is not None)
