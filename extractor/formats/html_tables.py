"""HTML tables in a text file as tab-separated rows, every offset kept.

PDF-to-Markdown converters (and web pages saved as text) write a table as HTML: ``<table>``,
``<tr>``, ``<td colspan="2">``. The readers of hedui read tables from tab-separated lines,
pipe rows or one cell a line, so here each table's markup is made whitespace of the same
length — a row's end a line break, a cell's start a tab — and a cell's text stays where it
stood: a figure's span in the loaded text is its place in the file.

- the first cell of a row starts the line; every other cell is opened by a tab;
- a cell spanning columns (``colspan="3"``) is followed by the empty cells a tab-separated
  converter writes for it; a cell spanning rows (``rowspan``) leaves an empty cell in the
  rows under it (an empty ``<tr></tr>`` counts as one of them), so that a row's cells keep
  their columns;
- whitespace inside a table (an indent, a line break) becomes spaces, and so does ``&nbsp;``;
  comments are blanked whole;
- closing tags may be left out (``<td>1<td>2``), as HTML allows.

The room for the tabs is the markup between two cells' texts (``</td><td>``, with any
indent): a span that needs more empty cells than that holds keeps the columns it can. A
``<table`` with no ``</table>`` is left as written.
"""

from __future__ import annotations

import re

# a tag, its quoted attributes whole (title="a>b"); never across another <
_TAG = re.compile(r"""<(?:[^<>"']|"[^"<]*"|'[^'<]*'){0,400}>""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)
_ROW_OPEN = re.compile(r"<tr\b", re.IGNORECASE)
_CELL_OPEN = re.compile(r"<t[dh]\b", re.IGNORECASE)
_CELL_CLOSE = re.compile(r"</t[dh]\s*>|</tr\s*>", re.IGNORECASE)
_SPAN = re.compile(r"""(?<![-\w])(colspan|rowspan)\s*=\s*["']?(\d+)""", re.IGNORECASE)
_NBSP = re.compile(r"&nbsp;|&#160;|&#xa0;", re.IGNORECASE)


def blank_html_tables(text: str) -> str:
    """The text with each HTML table's markup made whitespace of the same length (see the
    module's docstring); the text itself when it holds none."""
    if "<" not in text or "<table" not in text.lower():
        return text
    out = list(text)
    for start, end, nested in _tables(text):
        if not nested:  # a table inside a table: no rows of one grid, left as written
            _blank(out, text, start, end)
    return "".join(out)


def _tables(text: str) -> list[tuple[int, int, bool]]:
    """Each outermost table's span, from its <table to its </table>'s end, and whether a
    table stands inside it: one pass over the table tags (a <table with no </table> is no
    table)."""
    found: list[tuple[int, int, bool]] = []
    depth, opened, nested = 0, 0, False
    for m in _TABLE_TAG.finditer(text):
        tag = _TAG.match(text, m.start())
        if tag is None:
            continue
        if not m.group(1):
            if depth == 0:
                opened, nested = m.start(), False
            else:
                nested = True
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                found.append((opened, tag.end(), nested))
    return found


def _blank(out: list[str], text: str, start: int, end: int) -> None:
    # what is no cell text: comments, tags, whitespace, &nbsp; (a space first, each)
    for m in _COMMENT.finditer(text, start, end):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    tags = [m for m in _TAG.finditer(text, start, end) if out[m.start()] == "<"]
    for m in tags:
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    for i in range(start, end):
        if text[i] in "\n\t\r":
            out[i] = " "
    for m in _NBSP.finditer(text, start, end):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    out[start] = "\n"  # the table starts a line (表1<table>: the words before it are not a cell)
    for m in tags:  # a caption is a line of its own, the table's title
        if m.group()[:9].lower() == "</caption":
            out[m.start()] = "\n"
    rows = _rows(text, tags)
    below: dict[int, int] = {}  # column → rows a rowspan above still covers
    for r, (row_start, cells) in enumerate(rows):
        if not cells:  # <tr></tr>: a row of the rowspans above, and nothing else
            _count_down(below, 0)
            continue
        # where a cell's text starts and ends, and the gaps of markup around them
        texts = [(a, b) for _, a, b, _ in cells]
        gaps = [(row_start, texts[0][0])] + [
            (texts[k][1], texts[k + 1][0]) for k in range(len(texts) - 1)
        ]
        row_end = rows[r + 1][0] if r + 1 < len(rows) else end
        gaps.append((texts[-1][1], row_end))
        for _, a, _, _ in cells[1:]:
            _separate(out, gaps, a)
        column = 0
        for n, (_, _a, _b, spans) in enumerate(cells):
            empty = 0
            while below.get(column, 0) > 0:  # a rowspan from above holds this column
                below[column] -= 1
                column += 1
                empty += 1
            _tabs(out, *gaps[n], empty)
            width = max(1, spans.get("colspan", 1))
            if spans.get("rowspan", 1) > 1:
                for c in range(column, column + width):
                    below[c] = spans["rowspan"] - 1
            column += width
            _tabs(out, *gaps[n + 1], width - 1)  # the empty cells a colspan leaves after it
        _count_down(below, column)
        # the row ends in the markup after its last cell, or, where every closing tag was left
        # out (<td>1<tr>), on the next row's opening tag, before that row's own tabs
        following = rows[r + 1][1][0][1] if r + 1 < len(rows) and rows[r + 1][1] else end
        _break(out, *gaps[-1], following)


def _rows(
    text: str, tags: list[re.Match[str]]
) -> list[tuple[int, list[tuple[int, int, int, dict]]]]:
    """The table's rows in order, each its start and its cells: (tag start, text start, text
    end, spans). A cell's text runs from its tag to its closing tag, or to the next cell or
    row when the closing tag is left out."""
    rows: list[tuple[int, list[tuple[int, int, int, dict]]]] = []
    cell: list | None = None
    for m in tags:
        at = m.start()
        ends = _CELL_CLOSE.match(text, at) or _TABLE_TAG.match(text, at)
        if cell is not None and (ends or _ROW_OPEN.match(text, at) or _CELL_OPEN.match(text, at)):
            cell[2] = at  # the open cell's text ends here
            rows[-1][1].append(tuple(cell))  # type: ignore[arg-type]
            cell = None
        if _ROW_OPEN.match(text, at):
            rows.append((at, []))
        elif _CELL_OPEN.match(text, at):
            if not rows:
                rows.append((at, []))  # a cell before any <tr>: its row starts with it
            spans = {k.lower(): int(v) for k, v in _SPAN.findall(m.group())}
            cell = [at, m.end(), m.end(), spans]
    if cell is not None and rows:
        rows[-1][1].append(tuple(cell))  # type: ignore[arg-type]
    return rows


def _count_down(below: dict[int, int], column: int) -> None:
    """A row passes under every rowspan from ``column`` on that it did not reach."""
    for c in [c for c, n in below.items() if c >= column and n > 0]:
        below[c] -= 1


def _separate(out: list[str], gaps: list[tuple[int, int]], text_start: int) -> None:
    """The tab between a cell and the cell before it: the first blank of the gap before its
    text."""
    for a, b in gaps:
        if b == text_start:
            _tabs(out, a, b, 1)
            return


def _tabs(out: list[str], start: int, stop: int, count: int) -> None:
    """``count`` tabs on the blanks between ``start`` and ``stop``, after any already there;
    as many as there is room for."""
    i = start
    while count > 0 and i < stop:
        if out[i] == " ":
            out[i] = "\t"
            count -= 1
        i += 1


def _break(out: list[str], start: int, stop: int, following: int) -> None:
    """The row ends: the last blank of the markup after its last cell (``start`` to ``stop``)
    is a line break, else the first blank from ``stop`` to the next row's text."""
    for i in range(stop - 1, start - 1, -1):
        if out[i] == " ":
            out[i] = "\n"
            return
    for i in range(stop, following):
        if out[i] == " ":
            out[i] = "\n"
            return
