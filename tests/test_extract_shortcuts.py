"""The extractor's speed shortcuts give what the plain patterns they stand for give.

Each shortcut (issue 19) skips a pattern where it cannot match or finds its matches another
way; the golden dump shows the corpus unchanged, and these properties show the shortcut
right on any text built from the characters that matter.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims.budgets import _ITEM, _items
from extractor.segment.candidates import read_lines
from extractor.segment.headings import (
    _FULLWIDTH,
    LEADER,
    LEVEL1,
    LEVEL2,
    LEVEL3,
    LEVEL4,
    clean,
    is_cell_line,
    is_tab_row,
    numbered,
    parse_heading,
    squeeze,
)
from extractor.segment.identity import _performance_titles

_TITLES = re.compile(r"[^\n]{0,30}绩效(?:自评|评价)报告[^\n]{0,5}")
_PIECES = ["绩效自评报告", "绩效评价报告", "绩效", "报告", "评价", "\n", "a", " ", "x" * 12, "y" * 29]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_performance_titles_are_the_patterns_matches(text: str) -> None:
    expected = [(m.start(), m.group(0)) for m in _TITLES.finditer(text)]
    assert list(_performance_titles(text)) == expected


_BULLET = re.compile(r"^(?:#{1,6}\s+|[-*•·]\s+)+")
_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]")


def _clean_plainly(line: str) -> str:
    """clean() as it read before its shortcuts: every pattern tried on every line."""
    s = _ARTEFACTS.sub("", line) if "[bookmark:" in line else line
    s = s.replace("**", "").strip().strip("\u3000").strip()
    s = _BULLET.sub("", s).strip()
    if "…" in s or "." in s or "·" in s or "．" in s:
        s = LEADER.sub("", s)
    return s.translate(_FULLWIDTH)


_LINE_PIECES = [
    "一、", "（二）", "(3)", "4.", "5、", "１２", "第一部分", "附件", "# ", "- ", "* ", "• ",
    "**", "…", "...", "．．．", "·", ".", " ", "\u3000", "\t", "部门职责", "12", "3.45", "表",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join))
def test_clean_and_markers_as_without_shortcuts(line: str) -> None:
    assert clean(line) == _clean_plainly(line)
    cleaned = clean(line)
    plain = None
    for rx, numbering in ((LEVEL2, "paren_cn"), (LEVEL4, "paren_arabic"), (LEVEL1, "cn")):
        if rx.match(cleaned):
            plain = numbering
            break
    else:
        if LEVEL3.match(cleaned):
            plain = "arabic"
    got = numbered(cleaned)
    assert (got[0] if got else None) == plain
    heading = parse_heading(cleaned)
    if heading is not None and heading.numbering not in ("part", "attachment"):
        assert heading.numbering == plain


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*_LINE_PIECES, "|", "\n", "\r\n", "  "]), max_size=12).map("".join)
)
def test_read_lines_flags_lines_as_the_line_tests_do(text: str) -> None:
    for line in read_lines(text):
        tab, cell = is_tab_row(line.raw), is_cell_line(line.raw)
        assert (line.table, line.cell, line.cleaned) == (
            tab or cell,
            cell and not tab,
            clean(line.raw),
        )


_ITEM_PIECES = [
    "一般公共服务支出", "（类）", "(类)", "（款）", "（项）", "(项)", "（室）", "行政运行", "事务",
    "”", "“", "支出", "预算", " ", "\n", "，", "。", "25.77", "1,064", "万元", "元", "x" * 40,
]  # fmt: skip


_ITEMS = (
    "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于"
    "普查；2．住房改革支出（款）提租补贴（项）支出3318.25 万元，与上年相比增加"
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*_ITEM_PIECES, _ITEMS]), max_size=30).map("".join), st.data())
def test_budget_items_found_as_by_the_pattern_s_scan(text: str, data: st.DataObject) -> None:
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    expected = [(m.span(), m.groupdict()) for m in _ITEM.finditer(text, s, e)]
    assert [(m.span(), m.groupdict()) for m in _items(text, s, e)] == expected


def test_blanks_dropped_by_split_are_the_pattern_s() -> None:
    """squeeze and its kin join str.split's pieces instead of substituting ``\\s+``: the two
    name the same characters, over the whole of Unicode."""
    blanks = re.compile(r"\s")
    for code in range(0x110000):
        ch = chr(code)
        assert (blanks.fullmatch(ch) is not None) == ch.isspace(), hex(code)
    assert squeeze(" 服 务\u3000中心\t\n") == "服务中心"


_PLAIN_LEADER = re.compile(r"\s*(?:[…]+|[.·．]{3,})[….·．\s]*\d*\s*$")
_LEADER_PIECES = ["…", "…" * 5, ".", "...", "·", "．", " ", "\u3000", "\t", "\n", "1", "23", "x", "一、", "|"]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_LEADER_PIECES), max_size=14).map("".join))
def test_leader_matches_as_without_possessive_runs(line: str) -> None:
    plain = _PLAIN_LEADER.search(line)
    got = LEADER.search(line)
    assert (got.span() if got else None) == (plain.span() if plain else None)
    assert LEADER.sub("", line) == _PLAIN_LEADER.sub("", line)
