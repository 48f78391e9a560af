"""Coded tables from any text form: the same rows from tab-separated, Markdown and
one-cell-per-line text.

A converter may keep a table's cells apart with tabs, with pipes, or by putting each on a
line of its own (and sometimes several on one line, or a label broken over two lines). What
survives every form is the order of the cells and their shape: a 功能分类/经济分类 code
(204, 20405, 2040501, or 类/款/项 in cells of their own: 201 | 05 | 07), a label, numbers.
So a table is read as a stream of tokens, and rows are rebuilt from their shapes alone, never
from positions known for one document:

- a code (3, 5 or 7 digits, or 3 digits followed by 2-digit 款/项 parts) followed by a label
  starts a coded row; the numbers after it are its cells, in order;
- a label after a row's numbers starts a new row (合计 / 总计 are the table's total);
  a label right after a label continues it (九、医疗卫生与计划生育支 / 出 is one label);
- empty cells are not written in every form, so cells are numbered by their order in the
  row: a row is aligned with the table's columns only when it carries as many numbers as the
  widest row (the verifier checks sums of whole rows where it is not).

A table's region runs from its title (any line the catalogue or the shape of a title names,
verifier.templates) to the next title or the first line of prose; a table continued over a
page break is one region, so it is one table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from verifier.numbers import make_number
from verifier.report import Cell, Column, Row, Span, Table, TableKind
from verifier.templates import Template, columns_for, match_template, title_key

_TOKEN = re.compile(r"[^\s|*]+")
_HEAD = re.compile(r"-?[\d,]+\.")
_BROKEN = re.compile(r"-?[\d,]+\.\|\d+")
_BR = re.compile(r"<br\s*/?>")
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CODE_PART = re.compile(r"\d{1,2}")  # 款/项 in a cell of its own; 02 is printed 2 by some
_BLANK = re.compile(r"[-—–－]+|/")
_TOTAL = ("合计", "总计")
_TOTAL_ENDS = ("合计", "总计", "小计")
_ENUMERATED = re.compile(
    r"[一二三四五六七八九十]+、|\d+[.．、]\D|[（(][一二三四五六七八九十\d]+[)）]"
)
_UNIT = re.compile(r"单位\s*[：:]\s*(万元|元|千元|亿元)")
_PROSE = re.compile(r"[。；]|，.*，")  # full-width: 1,234 is a figure, not a clause
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_PAGE_NUMBER = re.compile(r"-?\s*\d{1,3}\s*-?")
# Where a region ends before any prose: the next part of the report, or an explanation's heading
_NEXT_PART = re.compile(r"第[一二三四五六七八九十]+部分|.{0,30}(情况)?说明$|附件")
_RATE_WORDS = ("%", "％", "增减", "增长", "比上年", "幅度", "比重")
MAX_TITLE = 70


@dataclass
class Token:
    text: str
    start: int
    broken: bool = False  # a figure cut in two by the converter: a cell, but no number


@dataclass
class _Row:
    code: str | None
    label: str
    start: int
    numbers: list[Token] = field(default_factory=list)
    end: int = 0


def _lines(text: str, start: int, end: int):
    pos = start
    for line in text[start:end].split("\n"):
        yield pos, line
        pos += len(line) + 1


def is_title(line: str) -> bool:
    """A line that names a table: short, no sentence in it, ending in 表, of a budget or a
    final account (or a 公开NN表 label)."""
    key = title_key(line)
    if not key or len(key) > MAX_TITLE or _PROSE.search(line) or "说明" in key:
        return False
    return key.endswith("表") and ("预算" in key or "决算" in key or "公开" in key)


def titles(text: str) -> list[tuple[int, int, str]]:
    """(start, end, title) of every line that names a table, in text order."""
    out: list[tuple[int, int, str]] = []
    lines = list(_lines(text, 0, len(text)))
    for n, (pos, line) in enumerate(lines):
        if out and pos < out[-1][1]:
            continue  # the second line of a title already taken
        if is_title(line):
            out.append((pos, pos + len(line), line.strip(" \t#|*")))
        elif n + 1 < len(lines) and _wrapped_title(line, lines[n + 1][1]):
            joined = line.strip(" \t#|*") + lines[n + 1][1].strip(" \t#|*")
            out.append((pos, lines[n + 1][0] + len(lines[n + 1][1]), joined))
    return out


def _wrapped_title(line: str, following: str) -> bool:
    """A title wrapped over two lines (公开09表：一般公共预算“三公”经费、会议费、培训费 /
    支出预算表): the second short (a bare 支出预算表 is a title's tail, not a title), the two
    together a title."""
    rest = following.strip(" \t#|*")
    return (
        0 < len(rest) <= 12
        and "\t" not in line
        and not line.strip().startswith("|")
        and is_title(line.strip(" \t#|*") + rest)
        and (len(rest) <= 6 or not is_title(following))
        and not is_title(line)
    )


def tokens(text: str, start: int, end: int, skip: frozenset[int] = frozenset()) -> list[Token]:
    """The cells of ``text[start:end]`` in reading order, however the form separates them.
    The region ends early at the first line of prose."""
    out: list[Token] = []
    for pos, line in _lines(text, start, end):
        if _MD_RULE.match(line) or pos in skip:
            continue
        line = _BR.sub(lambda m: " " * len(m.group()), line)  # a cell's line break, same length
        if (_PROSE.search(line) and len(line.strip()) >= 20) or _NEXT_PART.match(title_key(line)):
            break
        for m in _TOKEN.finditer(line):
            if _BLANK.fullmatch(m.group()):
                continue
            prev = out[-1] if out else None
            if prev is not None and prev.start >= pos and _split_number(prev.text, m.group()):
                # 754.|75: a converter cut one figure in two cells; it is a cell, unreadable
                prev.text, prev.broken = f"{prev.text}|{m.group()}", True
                continue
            out.append(Token(m.group(), pos + m.start()))
    return out


def _split_number(head: str, tail: str) -> bool:
    return bool(_HEAD.fullmatch(head) and tail.isdigit())


def _blank(line: str) -> bool:
    return not line.strip(" \t\f\u3000")


def page_numbers(text: str) -> frozenset[int]:
    """Where the page numbers stand: bare numbers of at most three digits beside a page
    break (a blank line or a form feed) that run in sequence with the one before or after
    (10, 11, 12 …). A 类 code a page break left alone on its line (208 before 05 02 …) is
    beside a break too, but has no such neighbours."""
    found: list[tuple[int, int]] = []
    lines = list(_lines(text, 0, len(text)))
    for n, (pos, line) in enumerate(lines):
        bare = line.strip(" \t\f\u3000")
        if not _PAGE_NUMBER.fullmatch(bare):
            continue
        before = n == 0 or _blank(lines[n - 1][1]) or "\f" in line
        after = n + 1 >= len(lines) or _blank(lines[n + 1][1])
        if before or after:
            found.append((pos, int(bare.strip("- "))))
    out = set()
    for i, (pos, value) in enumerate(found):
        near = [found[j][1] for j in (i - 1, i + 1) if 0 <= j < len(found)]
        if any(abs(value - v) in (1, 2) for v in near):
            out.add(pos)
    return frozenset(out)


def _code_at(toks: list[Token], i: int) -> tuple[str, int] | None:
    """The code starting at token i and the index of its label, when a label follows."""
    if not _CODE.fullmatch(toks[i].text):
        return None
    code, j = toks[i].text, i + 1
    while (
        len(code) < 7
        and j < len(toks)
        and _CODE_PART.fullmatch(toks[j].text)
        and len(code) in (3, 5)
    ):
        code, j = code + toks[j].text.zfill(2), j + 1
    if j < len(toks) and _is_label(toks[j].text):
        return code, j
    return None


def _is_label(text: str) -> bool:
    return not _NUMBER.fullmatch(text) and not _BROKEN.fullmatch(text)


def rows(toks: list[Token]) -> list[_Row]:
    """Rows rebuilt from the token stream (see the module docstring)."""
    out: list[_Row] = []
    current: _Row | None = None
    i = 0
    while i < len(toks):
        t = toks[i]
        stacked = _stacked(toks, i)
        if stacked is not None:
            made, i = stacked
            out += made
            current = made[-1]
            continue
        coded = _code_at(toks, i)
        if coded is not None:
            code, j = coded
            current = _Row(code, toks[j].text, t.start, end=toks[j].start + len(toks[j].text))
            out.append(current)
            i = j + 1
            continue
        if t.text in ("合", "总", "小") and i + 1 < len(toks) and toks[i + 1].text == "计":
            # 合   计: a total word spaced out across its cell
            current = _Row(None, t.text + "计", t.start, end=toks[i + 1].start + 1)
            out.append(current)
            i += 2
            continue
        if _is_label(t.text):
            if current is None or current.numbers or _starts_row(current.label, t.text):
                current = _Row(None, t.text, t.start)
                out.append(current)
            else:
                current.label += t.text
            current.end = t.start + len(t.text)
        elif current is not None:
            current.numbers.append(t)
            current.end = t.start + len(t.text)
        i += 1
    return _unstack_totals(out)


def _line_label(row: _Row) -> bool:
    """A label of a table's line (一、…, 1. …, …合计) with no figure yet, not a header word."""
    return (
        not row.code
        and not row.numbers
        and (bool(_ENUMERATED.match(row.label)) or row.label.endswith(_TOTAL_ENDS))
    )


def _unstack_totals(found: list[_Row]) -> list[_Row]:
    """Lines stacked in one cell (八、住房保障支出<br>支出总计 | 8,960,694<br>164,978,640):
    line labels with no figure of their own, then a total's label with all their figures,
    column by column. Each line takes its own, as ``_stacked`` does for coded rows."""
    for n, row in enumerate(found):
        if row.code or not row.label.endswith(_TOTAL_ENDS) or len(row.numbers) < 2:
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


def _stacked(toks: list[Token], i: int) -> tuple[list[_Row], int] | None:
    """Rows a converter stacked in one cell each (30103<br>30108 | 奖金<br>养老保险缴费 |
    180.14<br>1,064.46): k codes, their labels, then their figures column by column. Figures
    that do not divide among the rows are kept as cells but not read (no guess at whose)."""
    k = i
    while k < len(toks) and _CODE.fullmatch(toks[k].text) and len(toks[k].text) > 3:
        k += 1
    if k - i < 2 or k >= len(toks) or not _is_label(toks[k].text):
        return None
    codes, j, labels = toks[i:k], k, []
    while j < len(toks) and _is_label(toks[j].text) and not _CODE.fullmatch(toks[j].text):
        labels.append(toks[j])
        j += 1
    figures = []
    while j < len(toks) and not _is_label(toks[j].text) and not _code_at(toks, j):
        figures.append(toks[j])
        j += 1
    n = len(codes)
    made = [
        _Row(c.text, labels[m].text if m < len(labels) else "", c.start, end=c.start + len(c.text))
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
    if label in _TOTAL and before.endswith(("收入", "支出")) and len(before) <= 4:
        return False  # 支出 | 合计: one label, 支出合计, cut in two cells
    if before in _TOTAL or label in _TOTAL or _ENUMERATED.match(label):
        return True
    # 支 | 出合计: a converter cut a label in two cells; a stub of two characters goes on
    return label.endswith(_TOTAL_ENDS) and len(before) > 2


def _lanci(row: _Row) -> bool:
    """Numbers 1, 2, 3 … after a header label: the 栏次 row, not figures."""
    return [t.text for t in row.numbers] == [str(i) for i in range(1, len(row.numbers) + 1)]


def _unit(text: str, start: int, end: int, template: Template | None) -> str | None:
    m = _UNIT.search(text, start, end)
    if m:
        return m.group(1)
    return template.unit if template else None


def _additive(header: list[_Row]) -> bool:
    """False when the header names a rate or change column, which no sum holds for."""
    return not any(w in r.label for r in header for w in _RATE_WORDS)


def read_region(
    text: str,
    start: int,
    end: int,
    title: str,
    title_start: int,
    page_of: Callable[[int], int | None] | None = None,
    skip: frozenset[int] = frozenset(),
) -> Table | None:
    """The table of one region: coded rows when it has them; else, when the catalogue says
    how the table is laid out, its labelled lines (a 收支总表's two sides) or its one row of
    figures under a header (a 支出总表 of one line). None when there is nothing to check.
    ``skip``: where the page numbers stand (``page_numbers``)."""
    found = rows(tokens(text, start, end, skip))
    template = match_template(title)
    coded = [r for r in found if r.code]
    if len(coded) >= 2:
        first = found.index(coded[0])
        header = found[:first]
        totals_above = [r for r in header if r.label in _TOTAL and r.numbers and not _lanci(r)]
        body = totals_above + [
            r for r in found[first:] if r.code or (r.label in _TOTAL and r.numbers)
        ]
        how = "a coded table"
    elif template is not None and ("two-sided" in template.layouts or "list" in template.layouts):
        header, body = [], [r for r in found if r.numbers and not _lanci(r)]
        how = "labelled lines"
    elif template is not None and "row" in template.layouts:
        body = [r for r in found if len(r.numbers) >= 2 and not _lanci(r)]
        header = [r for r in found if r not in body]
        body = [_Row(None, "", r.numbers[0].start, r.numbers, r.end) for r in body]
        how = "rows of figures under a header"
    else:
        return None
    if not body:
        return None
    unit = _unit(text, title_start, min(end, start + 400), template)
    width = max(len(r.numbers) for r in body)
    roles = columns_for(template, width)
    columns = (
        [Column(name=name) for name in roles] if roles else [Column(name="") for _ in range(width)]
    )
    table = Table(
        kind=TableKind.BUDGET if template and template.report == "部门预算" else TableKind.UNKNOWN,
        title=title,
        template=template.id if template else None,
        additive=_additive(header),
        unit=unit,
        columns=columns,
        span=Span(start=title_start, end=body[-1].end),
        notes=[f"read as {how} from its token stream ({width} value columns)"],
    )
    if not table.additive:
        table.notes.append("the header names a rate or change column: no sum is checked")
    table.rows = [_table_row(r, unit, page_of) for r in body]
    return table


def _table_row(r: _Row, unit: str | None, page_of: Callable[[int], int | None] | None) -> Row:
    cells = []
    for col, tok in enumerate(r.numbers):
        page = page_of(tok.start) if page_of else None
        number = (
            None if tok.broken else make_number(tok.text, unit=unit, start=tok.start, page=page)
        )
        cells.append(Cell(column=col, number=number, text="" if number else tok.text))
    return Row(
        name=r.label,
        code=r.code,
        is_total=r.code is None and (r.label.endswith(_TOTAL_ENDS) or not r.label),
        cells=cells,
        span=Span(start=r.start, end=r.end),
    )


def read_coded_tables(text: str, page_of: Callable[[int], int | None] | None = None) -> list[Table]:
    """Every coded table of the text, each from its title to the next title."""
    found = titles(text)
    skip = page_numbers(text)
    out = []
    for n, (t_start, t_end, title) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        table = read_region(text, t_end, end, title, t_start, page_of, skip)
        if table is not None:
            out.append(table)
    return out
