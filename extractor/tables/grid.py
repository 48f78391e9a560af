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

from collections.abc import Callable, Sequence
from itertools import takewhile

from extractor.tables.build import cell, row
from extractor.tables.regions import page_numbers, titles
from extractor.tables.tokens import (
    RATE_WORDS,
    TOTAL_ENDS,
    TOTAL_WORDS,
    UNIT,
    RawRow,
    Token,
    is_label,
    is_lanci,
    rows,
    tokens,
)
from verifier.numbers import make_number
from verifier.report import Column, Row, Span, Table, TableKind
from verifier.templates import Template, by_id, columns_for, match_template, title_key


def _unit(text: str, start: int, end: int, template: Template | None) -> str | None:
    m = UNIT.search(text, start, end)
    if m:
        return m.group(1)
    return template.unit if template else None


def _additive(header: list[RawRow]) -> bool:
    """False when the header names a rate or change column, which no sum holds for."""
    return not any(w in r.label for r in header for w in RATE_WORDS)


def _kind(template: Template | None) -> TableKind:
    if template is not None and template.public is not None:
        return TableKind(template.public)
    return TableKind.BUDGET if template and template.report == "部门预算" else TableKind.UNKNOWN


def read_region(
    text: str,
    start: int,
    end: int,
    title: str,
    title_start: int,
    page_of: Callable[[int], int | None] | None = None,
    skip: frozenset[int] = frozenset(),
) -> list[Table]:
    """The tables of one region: one, or, under a caption the catalogue says prints several
    small tables (``then``), each opened by the same header cell again."""
    template = match_template(title)
    toks = tokens(text, start, end, skip)
    if template is None or template.then is None:
        table = _read(text, toks, (start, end), title, title_start, template, page_of)
        return [table] if table is not None else []
    out = []
    for n, block in enumerate(_blocks(toks, template.opens)):
        entry = template if n == 0 else by_id(template.then)
        name = title if n == 0 else f"{title}之{_header_name(block, template.opens)}"
        at = title_start if n == 0 else block[0].start
        table = _read(text, block, (start, end), name, at, entry, page_of)
        if table is not None:
            out.append(table)
    return out


def _read(
    text: str,
    toks: list[Token],
    region: tuple[int, int],
    title: str,
    title_start: int,
    template: Template | None,
    page_of: Callable[[int], int | None] | None,
) -> Table | None:
    """The table of a region's tokens: coded rows when it has them; else, when the catalogue
    says how the table is laid out, its labelled lines (a 收支总表's two sides, a line per
    body under a header) or its one row of figures under a header (a 支出总表 of one line).
    None when there is nothing to check."""
    found = rows(toks)
    start, end = region
    coded = [r for r in found if r.code]
    if len(coded) >= 2:
        first = found.index(coded[0])
        header = found[:first]
        totals_above = [
            r for r in header if r.label in TOTAL_WORDS and r.numbers and not is_lanci(r)
        ]
        body = totals_above + [
            r for r in found[first:] if r.code or (r.label in TOTAL_WORDS and r.numbers)
        ]
        how = "a coded table"
    elif template is not None and ("two-sided" in template.layouts or "list" in template.layouts):
        header, body = [], [r for r in found if r.numbers and not is_lanci(r)]
        how = "labelled lines"
    elif template is not None and "labelled" in template.layouts:
        # labelled lines under a header that names their columns (机构名称 | 收入合计 | …)
        body = [r for r in found if r.numbers and not is_lanci(r)]
        header = found[: found.index(body[0])] if body else found
        how = "labelled lines under a header"
    elif template is not None and "row" in template.layouts:
        body = [r for r in found if len(r.numbers) >= 2 and not is_lanci(r)]
        # the header runs to the first row of figures, whose label is its last cell's
        header = found[: found.index(body[0]) + 1] if body else found
        body = [RawRow(None, "", r.numbers[0].start, r.numbers, r.end) for r in body]
        how = "rows of figures under a header"
    else:
        return None
    if not body:
        return None
    unit = _unit(text, title_start, min(end, start + 400), template)
    width = max(len(r.numbers) for r in body)
    # roles only where the header prints the variant's words in its order: a table of as
    # many columns but another layout is read, and gets the sums that need no roles
    roles = columns_for(template, width, "".join(r.label for r in header if not r.code))
    columns = (
        [Column(name=name) for name in roles] if roles else [Column(name="") for _ in range(width)]
    )
    table = Table(
        kind=_kind(template),
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


def _blocks(toks: list[Token], opens: str | None) -> list[list[Token]]:
    """A region's tokens cut into its tables: the header cell that opens each (``opens``, the
    catalogue's: 机构名称), printed again after figures, opens the next. A header printed
    again word for word is the same table continued over a page, not the next: its header
    is dropped and its rows kept with the table's."""
    out: list[list[Token]] = []
    seen_figure = False
    for tok in toks:
        if out and seen_figure and opens is not None and tok.text == opens:
            out.append([])
            seen_figure = False
        elif not out:
            out.append([])
        out[-1].append(tok)
        seen_figure = seen_figure or not is_label(tok.text)
    merged: list[list[Token]] = []
    for block in out:
        head = _header(block, opens)
        if merged and head and head == _header(merged[-1], opens):
            merged[-1] += block[len(head) :]  # the block opens with its header: no prefix
        else:
            merged.append(block)
    return merged


def _header(block: list[Token], opens: str | None) -> list[str]:
    """The cells of a block's header: from its opening cell (what stands before it, a
    单位 note, is not the header) to the label of its first line of figures, left out."""
    words: list[str] = []
    for tok in block:
        if not is_label(tok.text):
            return words[:-1]
        if words or opens is None or tok.text == opens:
            words.append(tok.text)
    return words


def _header_name(block: list[Token], opens: str | None) -> str:
    """What a table of a block names first after its opening cell (三公经费合计), up to its
    first 其中."""
    words = takewhile(lambda w: not w.startswith("其中"), _header(block, opens)[1:])
    return "".join(words)[:20]


def _table_row(r: RawRow, unit: str | None, page_of: Callable[[int], int | None] | None) -> Row:
    cells = []
    for col, tok in enumerate(r.numbers):
        page = page_of(tok.start) if page_of else None
        number = (
            None if tok.broken else make_number(tok.text, unit=unit, start=tok.start, page=page)
        )
        cells.append(cell(col, number, "" if number else tok.text))
    is_total = r.code is None and (r.label.endswith(TOTAL_ENDS) or not r.label)
    return row(r.label, r.code, is_total, cells, r.start, r.end)


def read_coded_tables(
    text: str,
    page_of: Callable[[int], int | None] | None = None,
    taken: Sequence[tuple[int, int]] = (),
) -> list[Table]:
    """Every table of the text a title announces, each from its title to the next title.
    ``taken``: spans already read by a layout of their own; a title inside one is not read
    again (its table would give way to the layout's anyway)."""
    found = _continued(titles(text))
    skip = page_numbers(text)
    out = []
    for n, (t_start, t_end, title) in enumerate(found):
        if any(a <= t_start < b for a, b in taken):
            continue
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        out += read_region(text, t_end, end, title, t_start, page_of, skip)
    return out


def _continued(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Titles, a table's title repeated on the next page (…预算表（续）, or the same title
    again) dropped: the continuation is the same table, read as one region."""
    out: list[tuple[int, int, str]] = []
    for entry in found:
        if out and title_key(entry[2]) == title_key(out[-1][2]):
            continue
        out.append(entry)
    return out
