"""tokens scans a region's plain lines in one pass and asks only the few lines that can
answer what each line was asked (extractor.tables.tokens); it must give the cells the
reading line by line gave, kept here as the reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.tables.cells import is_pipe_rule
from extractor.tables.tokens import (
    _BLANK,
    _BLANK_FIRST,
    _BR,
    _HEAD,
    _TOKEN,
    PROSE,
    Token,
    _may_open_a_part,
    tokens,
)


def tokens_by_line(text: str, start: int, end: int, skip: frozenset[int]) -> list[Token]:
    """tokens as it read before its single scan: every line asked everything."""
    out: list[Token] = []
    next_pos = start
    for line in text[start:end].split("\n"):
        pos, next_pos = next_pos, next_pos + len(line) + 1
        if pos in skip or ("---" in line and is_pipe_rule(line)):
            continue
        if "<" in line:
            line = _BR.sub(lambda m: " " * len(m.group()), line)
        if (len(line.strip()) >= 20 and PROSE.search(line)) or _may_open_a_part(line):
            break
        for m in _TOKEN.finditer(line):
            word = m.group()
            if word[0] in _BLANK_FIRST and _BLANK.fullmatch(word):
                continue
            if out and word.isdigit():
                prev = out[-1]
                if prev.start >= pos and _HEAD.fullmatch(prev.text) is not None:
                    prev.text, prev.broken = f"{prev.text}|{word}", True
                    continue
            out.append(Token(word, pos + m.start()))
    return out


_PIECES = [
    "\n", "\n", "\n", " ", "\t", "|", "*", "<br>", "<br/>", "< br>", "<", "---", "|:---|", "-",
    "—", "/", "754.", "75", "1,234.56", "201", "05", "0.00", "合计", "一、", "支出", "。", "；",
    "，", "第一部分", "说明", "附件", "情况说明", "x" * 12, "\u3000", "\r",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.integers(0, 40),
    st.integers(0, 400),
    st.sets(st.integers(0, 400), max_size=8),
)
def test_tokens_as_read_line_by_line(text: str, start: int, length: int, marks: set[int]) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    # page numbers stand at line starts (page_numbers); any offset is allowed all the same
    starts = {0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")}
    skip = frozenset({*marks, *(p for p in starts if p in marks or p % 3 == 0)})
    got = [(t.text, t.start, t.broken) for t in tokens(text, start, end, skip)]
    want = [(t.text, t.start, t.broken) for t in tokens_by_line(text, start, end, skip)]
    assert got == want
