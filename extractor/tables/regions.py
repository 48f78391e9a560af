"""Where a report's tables stand: the lines that name a table (a title, wrapped or not), and
the page numbers to leave out of every table's cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from extractor.tables.tokens import MAX_TITLE, PAGE_NUMBER, PROSE, text_lines
from verifier.classification import CLASS_NAMES, class_code
from verifier.templates import may_be_caption, names_caption, title_key


def is_title(line: str) -> bool:
    """A line that names a table: short, no sentence in it, ending in 表, of a budget or a
    final account (or a 公开NN表 label); or the caption of a catalogue table printed
    without 表 (年度收入情况（万元）)."""
    if ("表" not in line or ("算" not in line and "公" not in line)) and not may_be_caption(line):
        return False  # the key only drops characters: without these it ends in no 表
    key = title_key(line)
    if not key or len(key) > MAX_TITLE or PROSE.search(line) or "说明" in key:
        return False
    if key.endswith("表") and ("预算" in key or "决算" in key or "公开" in key):
        return True
    return names_caption(line)


def titles(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of every line that names a table, in text order."""
    lines = list(text_lines(text, 0, len(text)))
    return titles_among(lines, _title_lines(text, lines))


def titles_among(
    lines: list[tuple[int, str]], looked_at: Iterable[int]
) -> list[tuple[int, int, str]]:
    """``titles`` of the lines numbered ``looked_at`` (all of them: the reading of every
    line, which tests hold _title_lines' choice against)."""
    out: list[tuple[int, int, str]] = []
    for n in looked_at:
        pos, line = lines[n]
        if out and pos < out[-1][1]:
            continue  # the second line of a title already taken
        if is_title(line):
            following = _next_nonblank(lines, n)
            if _LABEL_ONLY.fullmatch(title_key(line)) and following and is_title(following[1]):
                # 公开05表 / 财政拨款支出预算表: a label on its own line, the title under it
                end = following[0] + len(following[1])
                out.append((pos, end, line.strip(" \t#|*") + following[1].strip(" \t#|*")))
                continue
            out.append((pos, pos + len(line), line.strip(" \t#|*")))
        elif n + 1 < len(lines) and _wrapped_title(line, lines[n + 1][1]):
            joined = line.strip(" \t#|*") + lines[n + 1][1].strip(" \t#|*")
            out.append((pos, lines[n + 1][0] + len(lines[n + 1][1]), joined))
    return out


def _title_lines(text: str, lines: list[tuple[int, str]]) -> Iterable[int]:
    """The lines ``titles`` must look at, in order: those that hold 表 and those just before
    one (the first half of a wrapped title); every line when a caption's words (printed
    without 表) stand anywhere in the text. A title holds 表 or a caption's words, and a
    wrapped one is a line and the next joined (their outer blanks and markup dropped, which
    the caption's pattern spans as it spans the blanks left in the text with the markup
    taken out), so no other line makes one; most reports name no caption, and ~7% of their
    lines are then looked at."""
    if may_be_caption(text.replace("#", "").replace("|", "").replace("*", "")):
        return range(len(lines))
    marked = [n for n, (_pos, line) in enumerate(lines) if "表" in line]
    return sorted({*marked, *(n - 1 for n in marked if n > 0)})


_LABEL_ONLY = re.compile(r"公开\d+表[：:]?")


def _next_nonblank(lines: list[tuple[int, str]], n: int) -> tuple[int, str] | None:
    """The first line after line n with something on it (within the next eight: a converter
    may leave a blank line for each empty cell of a title row)."""
    return next(((p, s) for p, s in lines[n + 1 : n + 9] if s.strip(" \t#|*")), None)


def _wrapped_title(line: str, following: str) -> bool:
    """A title wrapped over two lines (公开09表：一般公共预算“三公”经费、会议费、培训费 /
    支出预算表): the second short (a bare 支出预算表 is a title's tail, not a title), the two
    together a title. Asked of a line that is no title itself (``titles`` asks it so); the
    cheap tests first, as most lines fail them."""
    if "\t" in line:
        return False
    rest = following.strip(" \t#|*")
    return (
        0 < len(rest) <= 12
        and bool(line.strip(" \t#|*"))
        and not line.strip().startswith("|")
        and is_title(line.strip(" \t#|*") + rest)
        and (len(rest) <= 6 or not is_title(following))
    )


def _blank(line: str) -> bool:
    return not line.strip(" \t\f\u3000")


_BLANK_OR_BREAK = frozenset(" \t\f\u3000\n")


def _may_be_blank(text: str, i: int) -> bool:
    """Whether the line ``text[i]`` is the last or first character of may be ``_blank``:
    one holding another character is not; an empty line's place is its line break, or
    lies outside the text. One look instead of cutting the line out: page_numbers asks of
    every bare number's neighbours, hundreds a report where a table prints a figure a line."""
    return not 0 <= i < len(text) or text[i] in _BLANK_OR_BREAK


def page_numbers(text: str) -> frozenset[int]:
    """Where the page numbers stand: a number printed as one (- 5 -, — 5 —, 第5页) on a line
    of its own; or a bare number of at most three digits beside a page break (a blank line
    or a form feed) that runs in sequence with the one before or after (10, 11, 12 …), a page
    apart. A 类 code a page break left alone on its line (208 before 05 02 …) is beside a
    break too, but has no such neighbours; and figures printed a paragraph each (903, 901)
    stand too close together to be pages."""
    found: list[tuple[int, int, int]] = []  # (offset, value, line)
    decorated: set[int] = set()
    n, counted = 0, 0  # the line number of offset ``counted``, counted on to a number kept
    for pos, line in _maybe_pages(text):
        bare = line.strip(" \t\f\u3000")
        if _DECORATED.fullmatch(bare):
            decorated.add(pos)
            continue
        if not PAGE_NUMBER.fullmatch(bare):
            continue
        # beside a break before (the first line, a form feed, a blank line) or after it (the
        # last line, a blank line); a neighbour is read whole only when the character next to
        # this line (its last, the other's first) may be a blank line's
        end = pos + len(line)
        if not (
            pos == 0
            or "\f" in line
            or (
                _may_be_blank(text, pos - 2)
                and _blank(text[text.rfind("\n", 0, pos - 1) + 1 : pos - 1])
            )
            or end == len(text)
            or (_may_be_blank(text, end + 1) and _blank(_line_at(text, end + 1)))
        ):
            continue  # most bare numbers: figures of a table printed one a line
        if _opens_a_class_row(text, end, bare):
            continue
        n += text.count("\n", counted, pos)
        counted = pos
        found.append((pos, int(bare.strip("- ")), n))
    return in_sequence(found, decorated)


def _opens_a_class_row(text: str, end: int, bare: str) -> bool:
    """A 功能分类 类 code whose row the next line goes on with: 208 then 社会保障和就业支出
    (a table printed a cell a line puts each 类 code alone on its line, between blank cells,
    and 208, 210, 212 … run two apart like page numbers). The next line that holds anything
    names a 类 (verifier.classification), or a line of spending (…支出) for the names of
    earlier years."""
    if bare not in CLASS_NAMES:
        return False
    pos = end + 1
    while pos < len(text):
        line = _line_at(text, pos)
        label = "".join(line.split())
        if label:
            return class_code(label) == bare or label.endswith("支出")
        pos += len(line) + 1
    return False


def in_sequence(found: list[tuple[int, int, int]], decorated: set[int]) -> frozenset[int]:
    """Of the bare numbers beside a page break, (offset, value, line), those that run in
    sequence with the one before or after, a page apart; with the decorated ones."""
    out = set(decorated)
    for i, (pos, value, n) in enumerate(found):
        near = [found[j] for j in (i - 1, i + 1) if 0 <= j < len(found)]
        if any(abs(value - v) in (1, 2) and abs(n - m) >= _PAGE_LINES for _, v, m in near):
            out.add(pos)
    return frozenset(out)


def _maybe_pages(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of the few lines a page number could be (``_MAYBE_PAGE``), in order."""
    first = text[: text.find("\n")] if "\n" in text else text
    if _MAYBE_PAGE.fullmatch(first):
        yield 0, first
    for m in _MAYBE_PAGE_AFTER_BREAK.finditer(text):
        yield m.start(1), m.group(1)


def _line_at(text: str, pos: int) -> str:
    """The line of ``text`` that starts at ``pos``."""
    end = text.find("\n", pos)
    return text[pos:] if end < 0 else text[pos:end]


# A line holding nothing but what a page number is printed with (the characters _DECORATED
# and PAGE_NUMBER match, and the blanks stripped around them: any whitespace but the line
# break): a superset of the lines page_numbers keeps, found by one search of the whole text
# instead of a test of every line (~150 lines of ~870 a report; 0.45 -> 0.19 ms).
# (tests/test_page_numbers_search.py holds _SPACE to every character str.isspace() names,
# and page_numbers to the test of every line it replaced.)
_SPACE = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# (A digit is required: both patterns need one. Possessive, so no split is tried twice.)
_MAYBE_PAGE = re.compile(rf"[-—－第页共{_SPACE}]*+\d[-—－第页共\d{_SPACE}]*+")
# After a line break: a search that starts from a literal character is a fast scan of the
# text, where ``^`` under MULTILINE is tried at every offset.
_MAYBE_PAGE_AFTER_BREAK = re.compile(rf"\n({_MAYBE_PAGE.pattern})$", re.MULTILINE)
_DECORATED = re.compile(r"[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?")
_PAGE_LINES = 8  # a page holds more lines than this between its number and the next
