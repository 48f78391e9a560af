"""Recognise one line as a heading: its numbering marker, level and title.

Kept apart from the segmenter because the question "is this line a heading?" is purely
local (one line, with a flag saying whether it sits in a table), while the segmenter deals
with order: the table of contents, nesting, spans.

Levels follow ``Section.level``: 0 第N部分, 1 一、, 2 （一）, 3 1. / 1、, 4 (1). 附件N and the
unnumbered titles of tables get level 1 (they are siblings of the 一、 headings).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Compiled once: these run on every line of a report.
_COLON_THEN = re.compile(r"[:：].")

CN_DIGITS = "〇零一二三四五六七八九十百"
_CN = f"[{CN_DIGITS}]+"

# Full-width digits and letters appear in web pages and DOCX conversions ("１、").
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# Whether a line holds one: most do not, and a search is cheaper than a translate of the line.
_HAS_FULLWIDTH = re.compile("[０-９]")

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]")
# Markdown heading marks, list bullets and bold marks put in front of a line by converters.
_BULLET = re.compile(r"^(?:#{1,6}\s+|[-*•·]\s+)+")
BULLET_FIRST = frozenset("#-*•·")
# Dotted leaders and page numbers of table-of-contents entries ("一、部门职能 ………… 3").
# Possessive: each run is followed by what it cannot give back to (a character of the next
# run is one of its own, or the last blanks, which the end takes as well), so the matches
# are those of the plain quantifiers; a leader that does not end its line (…………|, a
# Markdown cell) then fails at once instead of being cut every way (0.2 ms a line of 50).
LEADER = re.compile(r"\s*+(?:[…]++|[.·．]{3,}+)[….·．\s]*+\d*+\s*$")
_DOTS = re.compile(r"[.·．]{3}")  # a leader holds … or three of these in a row

PART = re.compile(rf"^第\s*({_CN}|\d+)\s*部\s*分\s*(.*)$")
LEVEL1 = re.compile(rf"^({_CN})\s*[、，,．.]\s*(.*)$")
LEVEL2 = re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、.．]?\s*(.*)$")
LEVEL3 = re.compile(r"^(\d{1,2})\s*(?:[、，]|[.．](?!\d))\s*(.*)$")
LEVEL4 = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*(.*)$")
ATTACHMENT = re.compile(r"^附\s*件\s*(\d+(?:\s*[-－—]\s*\d+)?)?\s*[:：]?\s*$")

# A stated amount or share inside a line marks it as a sentence, not a heading.
_AMOUNT = re.compile(r"\d(?:[\d,.]*)\s*(?:万元|元|%|％|人次|人|个|分)")
_SENTENCE_PUNCT = re.compile(r"[，,；;。！？!?]")


# The numbered markers in the order they are tried, by the one character each can begin with:
# a bracket (（一） before (1)), a Chinese numeral (一、), a digit (1.). ``\d`` is any Unicode
# decimal digit, so any other first character that is one gets the digit's pattern
# (``_NUMERAL_MARKERS``); none else can match, and a line is tried against its own only.
_BRACKETED = ((LEVEL2, 2, "paren_cn"), (LEVEL4, 4, "paren_arabic"))
_MARKERS_BY_FIRST: dict[str, tuple[tuple[re.Pattern[str], int, str], ...]] = {
    "（": _BRACKETED,
    "(": _BRACKETED,
    **dict.fromkeys(CN_DIGITS, ((LEVEL1, 1, "cn"),)),
}
_NUMERAL_MARKERS = ((LEVEL3, 3, "arabic"),)
# What a line parse_heading or numbered reads can start with (a decimal digit aside): 第
# (第N部分), 附 (附件), or a marker's first character.
OPENERS = frozenset(("第", "附", *_MARKERS_BY_FIRST))
_NO_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = ()


def _markers(first: str) -> tuple[tuple[re.Pattern[str], int, str], ...]:
    """The markers a line starting with ``first`` may open with: the digit's only for a
    decimal digit (``\\d`` is exactly what str.isdecimal() names), none for any other
    character (most lines: their patterns would fail at the first character)."""
    got = _MARKERS_BY_FIRST.get(first)
    if got is not None:
        return got
    return _NUMERAL_MARKERS if first.isdecimal() else _NO_MARKERS


@dataclass(slots=True, kw_only=True)
class Heading:
    """A heading line as read: ``marker`` is the numbering as written ("一、", "（二）").
    A dataclass, not a pydantic model: one is made for every numbered line of a report, from
    values typed by the reader itself (and building the model's schema cost the import)."""

    level: int
    number: int | None = None  # the numbering's value (一 → 1), for continuity checks
    marker: str = ""
    title: str  # the heading text without its marker, whitespace removed
    numbering: (
        str  # "part" / "cn" / "paren_cn" / "arabic" / "paren_arabic" / "attachment" / "title"
    )


# The numerals' values, made once (cn_number is asked of every numbered line)
_CN_VALUES = dict(zip("〇零一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def cn_number(s: str) -> int | None:
    """一 → 1, 十三 → 13, 二十 → 20; arabic digits pass through."""
    s = s.strip().translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if not s:
        return None
    if "十" in s:
        tens, _, units = s.partition("十")
        t = _CN_VALUES.get(tens, 1) if tens else 1
        u = _CN_VALUES.get(units, 0) if units else 0
        return t * 10 + u
    if "百" in s:
        return None
    total = 0
    for ch in s:
        if ch not in _CN_VALUES:
            return None
        total = total * 10 + _CN_VALUES[ch]
    return total


def clean(line: str) -> str:
    """The line as a heading reader sees it: artefacts, bullets, bold marks and outer
    whitespace removed, full-width digits made ASCII."""
    s = _ARTEFACTS.sub("", line) if "[bookmark:" in line else line
    s = s.replace("**", "").strip()  # str.strip() takes the ideographic space too
    if s[:1] in BULLET_FIRST:  # the bullet pattern is anchored: only these can start one
        s = _BULLET.sub("", s).strip()
    if "…" in s or _DOTS.search(s):  # what a leader is made of (most lines with a dot are
        s = LEADER.sub("", s)  # figures, where trying the leader at every place is slow)
    return s.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(s) else s


def cleaner_for(text: str) -> Callable[[str], str]:
    """``clean`` for the lines of ``text``: without its leader and full-width steps when the
    text holds no leader's characters (…, three dots in a row once ** marks are dropped) and
    no full-width digit, as most texts do not. A line's cleaned characters are its own
    (clean only drops characters, and a line after ** marks dropped is a piece of the text
    after them dropped), so then no line's steps could change it: the two are one function
    on those lines, with two searches of the text instead of two of every line."""
    if "[bookmark:" in text or "…" in text or _has_fullwidth(text) or _has_dots(text):
        return clean
    return clean_plain


def _has_fullwidth(text: str) -> bool:
    """``_HAS_FULLWIDTH.search(text)``, by a search for each of its ten characters: the
    pattern's scan of a whole text cost 0.035 ms a report, these 0.007."""
    return any(digit in text for digit in _FULLWIDTH_DIGITS)


_FULLWIDTH_DIGITS = "０１２３４５６７８９"  # what _HAS_FULLWIDTH's range holds


def _has_dots(text: str) -> bool:
    """``_DOTS.search`` of the text with its ** marks dropped: three full stops, found by a
    search for them, or three that hold a · or a ．, each of which is looked around. The
    pattern's scan of a whole text cost 0.13 ms a report on the corpus mix (a class of
    three tried at every character); most texts hold a few · or ． (1．, 中共·), and no
    three in a row."""
    flat = text.replace("**", "") if "**" in text else text
    if "..." in flat:
        return True
    for dot in "·．":
        at = flat.find(dot)
        while at >= 0:
            if _DOTS.search(flat, max(0, at - 2), at + 3) is not None:
                return True
            at = flat.find(dot, at + 1)
    return False


def clean_plain(line: str) -> str:
    """``clean`` of a line with no artefact, no leader and no full-width digit."""
    s = line.replace("**", "").strip()
    if s[:1] in BULLET_FIRST:
        s = _BULLET.sub("", s).strip()
    return s


def squeeze(s: str) -> str:
    """Whitespace removed: PDF conversions put spaces inside words ("服 务中心"). Joined from
    str.split's pieces, whose blanks are exactly what a pattern's ``\\s`` names (every
    character str.isspace names, the ideographic space among them): a third of the cost of
    a regex substitution, asked of every line that may be a heading."""
    return "".join(s.split())


def is_tab_row(line: str) -> bool:
    """A tab-separated table row: a tab between two pieces of text. Never a heading."""
    return "\t" in line.strip() or line.lstrip().startswith("|")


def is_cell_line(line: str) -> bool:
    """One cell of a one-cell-per-line table (DOCX conversions indent cells by a tab)."""
    return line.lstrip(" ").startswith("\t") and line.strip() != ""


def heading_like(title: str, max_len: int = 40) -> bool:
    """Whether the text after a marker reads as a heading rather than a sentence.

    Headings are short and carry no stated amounts; a list item ("（1）贯彻执行…，…。") runs
    on with commas and full stops. A short title ending in 。 (web pages write "（一）职能
    职责。") still counts.
    """
    t = title.rstrip("：:")
    if not t or len(t) > max_len:
        return False
    if _AMOUNT.search(t):
        return False
    body = t[:-1] if t.endswith(("。", ".")) else t
    if _SENTENCE_PUNCT.search(body):
        return False
    if t.endswith(("。", ".")) and len(t) > 16:
        return False
    # a definition ("财政拨款收入：指…") or a label with content after the colon
    return not _COLON_THEN.search(t)


def numbered(cleaned: str) -> tuple[str, int | None] | None:
    """(numbering, number) of a line that starts with a list/heading marker, heading or not."""
    for rx, _level, numbering in _markers(cleaned[:1]):
        if m := rx.match(cleaned):
            return numbering, cn_number(m.group(1))
    return None


def weak(title: str) -> bool:
    """A title that passed as a heading but reads like a list item: it ends with a full
    stop, enumerates with 、, or runs long. Its neighbours decide (see segment)."""
    return title.endswith(("。", ".")) or "、" in title or len(title) > 24


_INLINE_TITLE = re.compile(r"(\S{2,30}?情况说明)\s+\S")


def parse_heading(cleaned: str) -> Heading | None:
    """The heading a cleaned line makes, or None. Table context is the caller's business."""
    return read_heading(cleaned)[0]


def read_heading(cleaned: str) -> tuple[Heading | None, tuple[str, int | None] | None]:
    """``parse_heading`` of the line and, when it makes none, ``numbered`` of it: the marker
    that opens a list item is the one a heading's was tried with (the first of the line's
    markers that matches, in both), so it is matched once for both questions."""
    s = cleaned
    if not s:
        return None, None
    if s[0] == "第" and (m := PART.match(s)):
        title = squeeze(m.group(2))
        if len(title) > 60 or _SENTENCE_PUNCT.search(title):
            return None, None  # 第 opens no list marker
        heading = Heading(
            level=0,
            number=cn_number(m.group(1)),
            marker=squeeze(s[: m.start(2)]),
            title=title,
            numbering="part",
        )
        return heading, None
    if s[0] == "附" and (m := ATTACHMENT.match(s)):
        return Heading(level=1, marker=squeeze(s), title="", numbering="attachment"), None
    for rx, level, numbering in _markers(s[:1]):
        if m := rx.match(s):
            title = squeeze(m.group(2))
            if not heading_like(title):
                # A converter that joins lines may run the heading into its first sentence
                # (一、收支预算总表情况说明 2017 年度收入…): a title ending in 说明 before a space
                # is the heading, the rest its text.
                inline = _INLINE_TITLE.match(m.group(2))
                if inline is None or not heading_like(squeeze(inline.group(1))):
                    return None, (numbering, cn_number(m.group(1)))
                title = squeeze(inline.group(1))
            heading = Heading(
                level=level,
                number=cn_number(m.group(1)),
                marker=squeeze(s[: m.start(2)]),
                title=title,
                numbering=numbering,
            )
            return heading, None
    return None, None
