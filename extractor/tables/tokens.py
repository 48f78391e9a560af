"""A table's region as a token stream, and rows rebuilt from the tokens' shapes (see
extractor.tables.grid): the cells in reading order whatever separates them, figures cut by a
converter kept apart, codes, labels and totals told by their shape, stacked cells undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.tables.cells import is_pipe_rule
from verifier.templates import title_key

_TOKEN = re.compile(r"[^\s|*]+")
_HEAD = re.compile(r"-?[\d,]+\.")
_BROKEN = re.compile(r"-?[\d,]+\.\|\d+")
_BR = re.compile(r"<br\s*/?>")
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CODE_PART = re.compile(r"\d{1,2}")  # 款/项 in a cell of its own; 02 is printed 2 by some
_BLANK = re.compile(r"[-—–－]+|/")
_BLANK_FIRST = frozenset("-—–－/")  # a blank cell's first character: most cells have none
TOTAL_WORDS = ("合计", "总计")
TOTAL_ENDS = ("合计", "总计", "小计", "汇总")
_ENUMERATED = re.compile(
    r"[一二三四五六七八九十]+、|\d+[.．、]\D|[（(][一二三四五六七八九十\d]+[)）]"
)
UNIT = re.compile(r"单位\s*[：:]\s*(万元|元|千元|亿元)")
PROSE = re.compile(r"[。；]|，.*，")  # full-width: 1,234 is a figure, not a clause
PAGE_NUMBER = re.compile(r"-?\s*\d{1,3}\s*-?")
# Where a region ends before any prose: the next part of the report, or an explanation's heading
_NEXT_PART = re.compile(r"第[一二三四五六七八九十]+部分|.{0,30}(情况)?说明$|附件")
RATE_WORDS = ("%", "％", "增减", "增长", "增幅", "比上年", "幅度", "比重", "变动", "同比")
MAX_TITLE = 70


@dataclass(slots=True)  # slotted: a report makes thousands of both
class Token:
    text: str
    start: int
    broken: bool = False  # a figure cut in two by the converter: a cell, but no number


@dataclass(slots=True)
class RawRow:
    code: str | None
    label: str
    start: int
    numbers: list[Token] = field(default_factory=list)
    end: int = 0


def text_lines(text: str, start: int, end: int):
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def tokens(text: str, start: int, end: int, skip: frozenset[int] = frozenset()) -> list[Token]:
    """The cells of ``text[start:end]`` in reading order, however the form separates them.
    The region ends early at the first line of prose.

    Read line by line, a region cost 0.90 ms a report on the corpus mix, half of it in what
    each line was asked (prose? a page number? a rule? a <br>?) and a scan begun on each. A
    cell never holds a line break (``_TOKEN``), so the cells of a run of plain lines are those
    of one scan of the text; what a line is asked is asked only of the few lines that can
    answer yes, found by a search of the text: where the region ends (``_cut``) and the lines
    to leave out or to read with their <br> blanked (``_unplain_lines``): 0.58-0.60 ms.
    (tests/test_tokens_scan.py holds it to the reading line by line.)"""
    cut = _cut(text, start, end, skip)
    out: list[Token] = []
    at = start
    for pos, line_end, line in _unplain_lines(text, start, cut, skip):
        _scan(text, _TOKEN.finditer(text, at, pos), 0, out)
        if line is not None:  # a line with <br>, blanked
            _scan(text, _TOKEN.finditer(line), pos, out)
        at = line_end + 1
    _scan(text, _TOKEN.finditer(text, at, cut), 0, out)
    return out


def _scan(text: str, found: Iterator[re.Match[str]], offset: int, out: list[Token]) -> None:
    """The cells ``found`` (matches of ``_TOKEN``, ``offset`` before their place in ``text``)
    onto ``out``: blank cells left out, a figure's tail cut off joined to its head."""
    for m in found:
        word = m.group()
        if word[0] in _BLANK_FIRST and _BLANK.fullmatch(word):
            continue
        at = offset + m.start()
        if out and word.isdigit():  # a figure's tail cut off: digits after a head (754.)
            prev = out[-1]
            head = prev.text
            if head[-1] == "." and _HEAD.fullmatch(head) and text.find("\n", prev.start, at) < 0:
                # 754.|75 on one line: a converter cut one figure in two cells; a cell,
                # unreadable
                prev.text, prev.broken = f"{prev.text}|{word}", True
                continue
        out.append(Token(word, at))


# What a line that ends a region holds: 。 ； or two ， (PROSE), or 第 说 附 (_may_open_a_part);
# blanking its <br> adds none of them.
_MAY_END = re.compile("[。；，第说附]")


def _line_around(text: str, start: int, end: int, i: int) -> tuple[int, int]:
    """(start, end) of the line of ``text[start:end]`` that holds offset ``i``."""
    before = text.rfind("\n", start, i)
    after = text.find("\n", i, end)
    return start if before < 0 else before + 1, end if after < 0 else after


def _left_out(line: str, pos: int, skip: frozenset[int]) -> bool:
    """A page number's line (``skip``, by where it starts) or a Markdown rule: no cells."""
    return pos in skip or ("---" in line and is_pipe_rule(line))


def _blank_br(line: str) -> str:
    """A cell's line breaks (<br>) made spaces of the same length."""
    return _BR.sub(lambda m: " " * len(m.group()), line) if "<" in line else line


def _ends_region(line: str) -> bool:
    """A line of prose, or one that opens the next part: the region ends before it."""
    return (len(line.strip()) >= 20 and PROSE.search(line) is not None) or _may_open_a_part(line)


def _cut(text: str, start: int, end: int, skip: frozenset[int]) -> int:
    """Where the cells of ``text[start:end]`` end: the start of its first line that is not
    left out and ends the region; ``end`` when none does. Only lines holding a character
    such a line needs (``_MAY_END``) are asked."""
    at = start
    while (m := _MAY_END.search(text, at, end)) is not None:
        pos, line_end = _line_around(text, start, end, m.start())
        line = text[pos:line_end]
        if not _left_out(line, pos, skip) and _ends_region(_blank_br(line)):
            return pos
        at = line_end + 1
    return end


def _unplain_lines(
    text: str, start: int, end: int, skip: frozenset[int]
) -> list[tuple[int, int, str | None]]:
    """(start, end, line) of the lines of ``text[start:end]`` not read as they stand, in
    order: left out (a page number's, a rule; line None), or read with their <br> blanked.
    Each holds what makes it so: starts where ``skip`` says, or holds --- or <."""
    found: dict[int, tuple[int, int, str | None]] = {}
    for pos in skip:
        if start <= pos < end and (pos == start or text[pos - 1] == "\n"):
            line_end = text.find("\n", pos, end)
            found[pos] = (pos, end if line_end < 0 else line_end, None)
    for mark in ("---", "<"):
        i = text.find(mark, start, end)
        while i >= 0:
            pos, line_end = _line_around(text, start, end, i)
            line = text[pos:line_end]
            if pos not in found:
                if _left_out(line, pos, skip):
                    found[pos] = (pos, line_end, None)
                elif "<" in line:
                    found[pos] = (pos, line_end, _blank_br(line))
            i = text.find(mark, line_end, end)
    return [found[pos] for pos in sorted(found)]


def _may_open_a_part(line: str) -> bool:
    """``_NEXT_PART`` matches the line's title key; asked only of a line holding the
    characters a match needs (the key only drops characters), as most lines do not."""
    if "第" not in line and "说" not in line and "附" not in line:
        return False
    return _NEXT_PART.match(title_key(line)) is not None


def _code_at(toks: list[Token], i: int) -> tuple[str, int] | None:
    """The code starting at token i and the index of its label, when a label follows."""
    if not _is_code(toks[i].text):
        return None
    code, j = toks[i].text, i + 1
    while (
        len(code) < 7
        and j < len(toks)
        and _CODE_PART.fullmatch(toks[j].text)
        and len(code) in (3, 5)
    ):
        code, j = code + toks[j].text.zfill(2), j + 1
    if j < len(toks) and is_label(toks[j].text):
        return code, j
    return None


@lru_cache(maxsize=1 << 16)
def is_label(text: str) -> bool:
    """Not a figure, whole or cut in two. Remembered: rows() asks it several times of every
    token, and a report prints the same figures (0.00) and labels over and over."""
    return not _NUMBER.fullmatch(text) and not _BROKEN.fullmatch(text)


@lru_cache(maxsize=1 << 16)
def _is_code(text: str) -> bool:
    """A 功能分类/经济分类 code (3, 5 or 7 digits), remembered as ``is_label`` is."""
    return _CODE.fullmatch(text) is not None


def rows(toks: list[Token]) -> list[RawRow]:
    """Rows rebuilt from the token stream (see the module docstring)."""
    out: list[RawRow] = []
    current: RawRow | None = None
    i = 0
    while i < len(toks):
        t = toks[i]
        # both readers below need a code at i (_stacked one of 5 or 7 digits): most tokens
        # are no code, and go to neither
        is_code = _is_code(t.text)
        stacked = _stacked(toks, i) if is_code and len(t.text) > 3 else None
        if stacked is not None:
            made, i = stacked
            out += made
            current = made[-1]
            continue
        coded = _code_at(toks, i) if is_code else None
        if coded is not None:
            code, j = coded
            current = RawRow(code, toks[j].text, t.start, end=toks[j].start + len(toks[j].text))
            out.append(current)
            i = j + 1
            continue
        if t.text in ("合", "总", "小") and i + 1 < len(toks) and toks[i + 1].text == "计":
            # 合   计: a total word spaced out across its cell
            current = RawRow(None, t.text + "计", t.start, end=toks[i + 1].start + 1)
            out.append(current)
            i += 2
            continue
        if is_label(t.text):
            if current is None or current.numbers or _starts_row(current.label, t.text):
                current = RawRow(None, t.text, t.start)
                out.append(current)
            else:
                current.label += t.text
            current.end = t.start + len(t.text)
        elif current is not None:
            current.numbers.append(t)
            current.end = t.start + len(t.text)
        i += 1
    return _unstack_totals(out)


def _line_label(row: RawRow) -> bool:
    """A label of a table's line (一、…, 1. …, …合计) with no figure yet, not a header word."""
    return (
        not row.code
        and not row.numbers
        and (bool(_ENUMERATED.match(row.label)) or row.label.endswith(TOTAL_ENDS))
    )


def _unstack_totals(found: list[RawRow]) -> list[RawRow]:
    """Lines stacked in one cell (八、住房保障支出<br>支出总计 | 8,960,694<br>164,978,640):
    line labels with no figure of their own, then a total's label with all their figures,
    column by column. Each line takes its own, as ``_stacked`` does for coded rows."""
    for n, row in enumerate(found):
        if row.code or not row.label.endswith(TOTAL_ENDS) or len(row.numbers) < 2:
            continue
        first = n
        while first > 0 and _line_label(found[first - 1]):
            first -= 1
        lines = found[first : n + 1]
        if len(lines) < 2 or len(row.numbers) % len(lines):
            continue
        figures = list(row.numbers)
        for line in lines:
            line.numbers = []
        for j, figure in enumerate(figures):
            line = lines[j % len(lines)]
            line.numbers.append(figure)
            line.end = figure.start + len(figure.text)
    return found


def _stacked(toks: list[Token], i: int) -> tuple[list[RawRow], int] | None:
    """Rows a converter stacked in one cell each (30103<br>30108 | 奖金<br>养老保险缴费 |
    180.14<br>1,064.46): k codes, their labels, then their figures column by column. Figures
    that do not divide among the rows are kept as cells but not read (no guess at whose)."""
    k = i
    while k < len(toks) and _is_code(toks[k].text) and len(toks[k].text) > 3:
        k += 1
    if k - i < 2 or k >= len(toks) or not is_label(toks[k].text):
        return None
    codes, j, labels = toks[i:k], k, []
    while j < len(toks) and is_label(toks[j].text) and not _is_code(toks[j].text):
        labels.append(toks[j])
        j += 1
    figures = []
    while j < len(toks) and not is_label(toks[j].text) and not _code_at(toks, j):
        figures.append(toks[j])
        j += 1
    n = len(codes)
    made = [
        RawRow(
            c.text, labels[m].text if m < len(labels) else "", c.start, end=c.start + len(c.text)
        )
        for m, c in enumerate(codes)
    ]
    if len(figures) % n:
        for f in figures:
            f.broken = True
    for m, f in enumerate(figures):
        row = made[m % n] if len(figures) % n == 0 else made[0]
        row.numbers.append(f)
        row.end = max(row.end, f.start + len(f.text))
    return made, j


def _starts_row(before: str, label: str) -> bool:
    """A label that cannot continue the one before it: that one is a total line's, or this
    one opens a line of its own (合计, 收入总计, 一、…, 1. …, （一）…)."""
    if label in TOTAL_WORDS and before.endswith(("收入", "支出")) and len(before) <= 4:
        return False  # 支出 | 合计: one label, 支出合计, cut in two cells
    if before in TOTAL_WORDS or label in TOTAL_WORDS or _ENUMERATED.match(label):
        return True
    # 支 | 出合计: a converter cut a label in two cells; a stub of two characters goes on
    return label.endswith(TOTAL_ENDS) and len(before) > 2


def is_lanci(row: RawRow) -> bool:
    """Numbers 1, 2, 3 … after a header label: the 栏次 row, not figures."""
    return [t.text for t in row.numbers] == [str(i) for i in range(1, len(row.numbers) + 1)]
