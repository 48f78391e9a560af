"""The segmenter's second round of shortcuts (issue 19) rests on facts about Python's
patterns; held here, so that a Python that changed them fails a test, not the corpus."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.segment.candidates import FIGURE_LINE, _title_heading
from extractor.segment.headings import LEVEL3, _markers, clean, cleaner_for, read_heading

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


_HEADING_PIECES = ["第", "一", "二十", "部分", "附件", "附", "1", "12", "、", ".", "．", "（", "(",
                   "）", ")", " ", "：", "情况说明", "收支", "，", "。", "5万元", "标题", "表",
                   "\t"]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_HEADING_PIECES), max_size=10).map("".join))
def test_read_heading_is_parse_heading_then_numbered(line: str) -> None:
    """One match of a line's marker answers both: the heading it makes, else the list
    item's mark that numbered reads."""
    from extractor.segment.headings import numbered, parse_heading, read_heading

    cleaned = clean(line)
    heading, mark = read_heading(cleaned)
    assert (heading is None) == (parse_heading(cleaned) is None)
    if cleaned:
        assert mark == (numbered(cleaned) if heading is None else None)


def test_read_heading_on_the_corpus_lines() -> None:
    from extractor.segment.headings import numbered, parse_heading, read_heading
    from tests.conftest import corpus_files

    for path in corpus_files():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            cleaned = clean(line)
            if not cleaned:
                continue
            heading, mark = read_heading(cleaned)
            assert (heading is None) == (parse_heading(cleaned) is None)
            assert mark == (numbered(cleaned) if heading is None else None), line


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(FIGURE_LINE, fullmatch=True))
def test_a_figure_line_makes_no_heading_and_no_item(line: str) -> None:
    """heading_candidates passes over a line FIGURE_LINE matches (any decimal digits, Unicode
    ones too) before reading it: neither reader would make anything of it."""
    assert read_heading(line) == (None, None)
    assert _title_heading(line) is None
