"""Lines that could be headings: each line read once, the ones that make a heading kept as
candidates, a table's cells and a list's items told apart from headings, the table of
contents (目录) cut out, titles wrapped over two lines merged, levels repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.segment.headings import (
    BULLET_FIRST,
    LEADER,
    OPENERS,
    Heading,
    clean_plain,
    cleaner_for,
    heading_like,
    is_tab_row,
    numbered,
    read_heading,
    squeeze,
    weak,
)
from extractor.segment.kinds import (
    budget_table,
    narrative_kind,
    norm,
    performance_table,
    standard_table,
)

# Compiled once: these run on every line of a report.
_ATTACHMENT_ENTRY = re.compile(r"^\d+(?:[-－—]\d+)?[.．、]")
_BUDGET_EXPLANATION = re.compile(r"预算(编制|情况)说明$")
_SINGLE_CELL = re.compile(r"^ *\t[^\t]")
_ATTACHMENTS = re.compile(r"^附\s*件\s*[:：]")
# A character every title word below holds: 表 (the tables' titles), 说 (编制说明), 名 (名词解释),
# 目 (目录, 目次). norm and squeeze only drop characters, so a line without them names none.
_TITLE_CHARS = re.compile("[表说名目]")
# A figure alone on its line (0.00, 1,064.46, 208): a table printed one cell a line gives
# hundreds. It makes no heading and no list item: 1、 1. (1) need 、，.． after their digits, a
# dot before no digit (the figure's dots all stand before one), and it holds none of a
# title's characters. Its line is passed over before those readers are asked.
FIGURE_LINE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@dataclass(slots=True)
class Line:
    """A line of the text as the heading reader sees it. A dataclass, not a pydantic model:
    one is made for every line of every report, and their values are typed by construction."""

    start: int
    raw: str  # without its line break
    cleaned: str
    table: bool  # a tab-separated row or one cell of a one-cell-per-line table
    cell: bool


@dataclass(slots=True, kw_only=True)
class Candidate:
    """A line that makes a heading (a dataclass, as ``Line`` and ``Heading`` are)."""

    line: int  # index into the lines
    heading: Heading
    in_table: bool
    title_line: int | None = None  # a following line merged in as the title


def read_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    clean = cleaner_for(text)  # clean, or the same without the steps no line of text needs
    # With the plain cleaner, a line without ** marks and without a bullet's first character
    # cleans to itself stripped (what clean_plain then does): most lines of most texts.
    plain = clean is clean_plain
    for piece in text.splitlines(keepends=True):
        raw = piece.rstrip("\r\n")
        # is_tab_row and is_cell_line, written out: they run on every line
        stripped = raw.strip()
        tab = "\t" in stripped or stripped.startswith("|")
        cell = stripped != "" and raw.lstrip(" ").startswith("\t")
        if plain and stripped[:1] not in BULLET_FIRST and "**" not in raw:
            cleaned = stripped
        else:
            cleaned = clean(raw)
        if tab and stripped[0] == "|" and (title := _piped_title(stripped)) is not None:
            tab, cleaned = False, title  # |一般公共预算财政拨款基本支出决算表||||: a title
        out.append(Line(pos, raw, cleaned, tab or cell, cell and not tab))
        pos += len(piece)
    return out


def _piped_title(row: str) -> str | None:
    """The title a Markdown pipe row holds alone (|财政拨款收入支出决算总表||||: a converter
    that puts the title in the table's first row), as its tab-separated form is a title line
    (财政拨款收入支出决算总表⇥⇥⇥, whose trailing tabs strip away); None for any other row."""
    cells = [
        c for c in (p.replace("<br>", "").replace("**", "").strip() for p in row.split("|")) if c
    ]
    if len(cells) != 1:
        return None
    return cells[0] if _title_heading(cells[0]) is not None else None


def _in_table_block(lines: list[Line], i: int, reach: int = 2) -> bool:
    """A line of a table: a table line itself, or a plain line (a wrapped cell, a note in a
    cell) with table lines close on both sides."""
    if lines[i].table:
        return True

    def near(step: int) -> bool:
        seen, j = 0, i + step
        while 0 <= j < len(lines) and seen < reach:
            if lines[j].cleaned:
                if lines[j].table:
                    return True
                seen += 1
            j += step
        return False

    return near(-1) and near(1)


def _title_heading(cleaned: str) -> Heading | None:
    """An unnumbered line that is a heading by its words: a table's title, 名词解释, 目录, a
    budget's 编制说明."""
    if not _TITLE_CHARS.search(cleaned):
        return None  # none of the words below can be made without one of these characters
    t = squeeze(cleaned)
    if not t or len(t) > 50 or not heading_like(t, max_len=50):
        return None
    if _ATTACHMENT_ENTRY.match(t):
        return None  # an entry of a list of attachments ("1-2. 2020 年度项目支出绩效自评表")
    n = norm(t)
    if (
        n in ("名词解释", "目录", "目次")
        or standard_table(t)
        or performance_table(t)
        or budget_table(t)
        or _BUDGET_EXPLANATION.search(n)  # a budget's explanation, unnumbered
    ):
        return Heading(level=1, title=t, numbering="title")
    return None


NUMBERED = ("cn", "paren_cn", "arabic", "paren_arabic")
_LEVELS = {"cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4}
_ROW_START = re.compile(r"^-?\d[\d,]*(?:\.\d+)?(?:\s*$|\s+(?!年)\S)")
# Words of narrative headings; a numbered line under a table without them is a row label.
NARRATIVE_WORDS = re.compile(r"说明|情况|概况|解释|职能|职责|目标|问题|措施|成效|附件")


def _single_cell(raw: str) -> bool:
    """One cell alone on its line, indented by one tab (a DOCX form), not a TSV row."""
    return _SINGLE_CELL.match(raw) is not None and not raw.rstrip(" ").endswith("\t")


def _amount_follows(lines: list[Line], i: int) -> bool:
    j = i + 1
    while j < len(lines) and not lines[j].cleaned:
        j += 1
    return j < len(lines) and _ROW_START.match(lines[j].cleaned) is not None


def heading_candidates(lines: list[Line]) -> list[Candidate]:
    out: list[Candidate] = []
    # every numbered line, heading or list item: (line, numbering, number, candidate or None)
    numbered_lines: list[tuple[int, str, int | None, Candidate | None]] = []
    attachment_list = -10  # the last line of a "附件：1. …" list of attachments
    for i, ln in enumerate(lines):
        if not ln.cleaned or (ln.table and not ln.cell):  # blank, or a tab-separated row
            continue
        if (ln.cleaned[0] == "附" and _ATTACHMENTS.match(ln.cleaned)) or (
            i - attachment_list <= 3 and ln.cleaned[:1].isdecimal()
        ):
            attachment_list = i
            continue
        first = ln.cleaned[0]
        if first.isdecimal():
            if FIGURE_LINE.fullmatch(ln.cleaned):
                continue  # a figure alone on its line: nothing below reads it (FIGURE_LINE)
        elif first not in OPENERS and not _TITLE_CHARS.search(ln.cleaned):
            continue  # no marker, no title's word: the three readers below would find nothing
        h, mark = read_heading(ln.cleaned)  # a list item's mark, when it makes no heading
        if h is None:
            h = _title_heading(ln.cleaned)
        if h is None:
            if mark is not None:
                numbered_lines.append((i, mark[0], mark[1], None))
            continue
        in_table = _in_table_block(lines, i)
        # In a table only titles and part/attachment marks stand as headings, and the
        # 一、 items of a one-cell-per-line form (003's 一、部门（单位）基本概况).
        form_item = h.numbering == "cn" and _single_cell(ln.raw)
        if in_table and h.numbering not in ("part", "attachment", "title") and not form_item:
            continue
        if h.numbering in NUMBERED and _amount_follows(lines, i):
            continue  # a row label of a table printed one cell per line ("一、财政拨款收入")
        c = Candidate(line=i, heading=h, in_table=in_table)
        out.append(c)
        numbered_lines.append((i, h.numbering, h.number, c))
    demoted = _list_items(numbered_lines)
    return [c for c in out if c.line not in demoted]


def _list_items(numbered_lines: list[tuple[int, str, int | None, Candidate | None]]) -> set[int]:
    """Lines that passed as headings but are items of a list: a weak title (see ``weak``)
    whose neighbour in the same numbering, one number away, is a list item. Two passes, so
    that "(4) 短" after "(3) 短" after "(2) 长…。" goes too, and "1、短。" before "2、长…"."""
    demoted: set[int] = set()

    def is_item(entry: tuple[int, str, int | None, Candidate | None]) -> bool:
        return entry[3] is None or entry[0] in demoted

    for order in (numbered_lines, list(reversed(numbered_lines))):
        last: dict[str, tuple[int, str, int | None, Candidate | None]] = {}
        for entry in order:
            line, numbering, number, cand = entry
            if cand is not None and line not in demoted:
                # a heading closes the lists below its level: numbering restarts under it
                level = cand.heading.level
                last = {k: v for k, v in last.items() if _LEVELS.get(k, 0) <= level}
            prev = last.get(numbering)
            if (
                cand is not None
                and prev is not None
                and number is not None
                and prev[2] is not None
                and abs(number - prev[2]) == 1
                and is_item(prev)
                and weak(cand.heading.title)
            ):
                demoted.add(line)
            last[numbering] = entry
    return demoted


def _same_entry(a: Heading, b: Heading) -> bool:
    if a.numbering != b.numbering or a.marker != b.marker:
        return False
    return not a.title or not b.title or a.title.startswith(b.title) or b.title.startswith(a.title)


def find_toc(lines: list[Line], cands: list[Candidate]) -> tuple[int, int] | None:
    """(first, end) line indexes of the table of contents, or None.

    The TOC is the run of short heading lines after 目录; it ends where the body repeats its
    first entry (第一部分 …). Without a repeat it ends after its last dotted-leader entry, or
    before the last heading of the run (the body's first heading).
    """
    toc = next((c for c in cands if norm(c.heading.title) in ("目录", "目次")), None)
    if toc is None:
        return None
    by_line = {c.line: c for c in cands}
    entries: list[Candidate] = []
    last_leader = None
    i = toc.line + 1
    while i < len(lines):
        ln = lines[i]
        if ln.cleaned:
            c = by_line.get(i)
            if c is not None:
                if entries and _same_entry(entries[0].heading, c.heading):
                    return toc.line, i
                entries.append(c)
                if LEADER.search(ln.raw):
                    last_leader = i
            elif LEADER.search(ln.raw):
                last_leader = i
            elif (
                ln.table
                or len(squeeze(ln.cleaned)) > 80
                or (len(squeeze(ln.cleaned)) > 40 and re.search(r"[，。；,;]", ln.cleaned))
            ):
                break
        i += 1
    if not entries:
        return None
    if last_leader is not None:
        return toc.line, last_leader + 1
    return toc.line, entries[-1].line if len(entries) > 1 else entries[-1].line + 1


def merge_titles(lines: list[Line], cands: list[Candidate]) -> list[Candidate]:
    """第一部分 / 附件 3 on a line of their own take the next short line as their title; a
    part title wrapped by the PDF ("第三部分 …2024 年度部门决算" / "情况说明") is joined."""
    by_line = {c.line: c for c in cands}
    dropped: set[int] = set()
    for c in cands:
        h = c.heading
        if c.line in dropped or h.numbering not in ("part", "attachment"):
            continue
        if h.title:
            j = c.line + 1
            while j < len(lines) and j <= c.line + 2 and not lines[j].cleaned:
                j += 1
            if j < len(lines) and j not in by_line and not lines[j].table:
                t = squeeze(lines[j].cleaned)
                label = re.fullmatch(r"公开\d+表", t) is not None
                if 0 < len(t) <= 10 and heading_like(t) and not label and numbered(t) is None:
                    h.title += t
                    c.title_line = j
            continue
        j = c.line + 1
        while j < len(lines) and j <= c.line + 4 and not lines[j].cleaned:
            j += 1
        if j >= len(lines) or j > c.line + 4 or is_tab_row(lines[j].raw):
            continue
        nxt = by_line.get(j)
        t = squeeze(lines[j].cleaned)
        mergeable = nxt is not None and nxt.heading.numbering in ("title", "attachment")
        plain = nxt is None and len(t) <= 40 and heading_like(t, max_len=40)
        if mergeable or plain:
            h.title = t
            c.title_line = j
            if nxt is not None:
                dropped.add(j)
    return [c for c in cands if c.line not in dropped]


def repair_levels(cands: list[Candidate]) -> None:
    """An arabic number that continues the 一、 sequence is a mis-numbered level-1 heading:
    after "五、存在的主要问题" a "6、改进措施和有关建议" is item 六, not a sub-item."""
    last_l1: int | None = None
    last_arabic: int | None = None
    for c in cands:
        h = c.heading
        if h.level == 0:
            last_l1, last_arabic = None, None
        elif h.level == 1 and h.numbering == "cn":
            last_l1, last_arabic = h.number, None
        elif h.level == 2:
            last_arabic = None
        elif h.numbering == "arabic" and h.number is not None:
            if (
                last_l1 is not None
                and h.number == last_l1 + 1
                and last_arabic != h.number - 1
                and narrative_kind(h.title) is not None
            ):
                h.level = 1
                last_l1, last_arabic = h.number, None
            else:
                last_arabic = h.number
