"""The segmenter's second round of shortcuts (issue 19) rests on facts about Python's
patterns; held here, so that a Python that changed them fails a test, not the corpus."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.segment.headings import LEVEL3, _markers, clean, cleaner_for

_DIGIT = re.compile(r"\d")


def test_a_pattern_digit_is_what_isdecimal_names() -> None:
    """headings._markers tries the digit's marker only where str.isdecimal() holds."""
    for code in range(0x110000):
        ch = chr(code)
        assert (_DIGIT.match(ch) is not None) == ch.isdecimal(), hex(code)


def test_no_marker_left_out() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if not _markers(ch) and LEVEL3.match(f"{ch}、标题"):
            raise AssertionError(hex(code))


_PIECES = ["…", ".", "..", "*", "**", "·", "．", "１", "1", "# ", "- ", "\n", "\r", " ", "\u3000",
           "[bookmark: a]", "一、", "表", "\x85"]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_cleaner_for_a_text_cleans_its_lines_as_clean(text: str) -> None:
    fn = cleaner_for(text)
    for line in text.splitlines():
        assert fn(line) == clean(line)
