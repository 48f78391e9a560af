"""HTML tables in a text file as tab-separated rows, every offset kept.

PDF-to-Markdown converters (and web pages saved as text) write a table as HTML: ``<table>``,
``<tr>``, ``<td colspan="2">``. The readers of hedui read tables from tab-separated lines,
pipe rows or one cell a line, so here each table's markup is made whitespace of the same
length — a row's end a line break, a cell's start a tab — and a cell's text stays where it
stood: a figure's span in the loaded text is its place in the file.

- the first cell of a row starts the line; every other cell is opened by a tab;
- a cell spanning columns (``colspan="3"``) is followed by the empty cells a tab-separated
  converter writes for it; a cell spanning rows (``rowspan``) leaves an empty cell in the
  rows under it, as those converters do, so that a row's cells keep their columns;
- line breaks inside a table become spaces (a cell's text wrapped in the HTML is one cell);
- ``&nbsp;`` is a space.

The room for the tabs is the markup's own: a closing ``</td>`` holds five characters, so at
most five empty cells can follow a cell; a table that needs more (colspan="9") keeps the
columns it can and says nothing else, as a converter's cut table would.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.IGNORECASE | re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(
    r"<t([dh])\b([^>]*)>(.*?)(?:</t\1\s*>|(?=<t[dh]\b)|$)", re.IGNORECASE | re.DOTALL
)
_SPAN = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?(\d+)""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_NBSP = re.compile(r"&nbsp;", re.IGNORECASE)


def blank_html_tables(text: str) -> str:
    """The text with each HTML table's markup made whitespace of the same length (see the
    module's docstring); the text itself when it holds none."""
    if "<" not in text or "<table" not in text.lower():
        return text
    out = list(text)
    for table in _TABLE.finditer(text):
        if "<table" in table.group(1).lower():
            continue  # a table inside a table: no rows of one grid, left as written
        _blank(out, text, table)
    return "".join(out)


def _blank(out: list[str], text: str, table: re.Match[str]) -> None:
    start, end = table.span()
    body = table.start(1)
    # every character of the markup, and every line break, a space first
    for i in range(start, end):
        if text[i] == "\n":
            out[i] = " "
    for m in _TAG.finditer(text, start, end):
        for i in range(m.start(), m.end()):
            out[i] = " "
    for m in _NBSP.finditer(text, start, end):
        for i in range(m.start(), m.end()):
            out[i] = " "
    below: dict[int, int] = {}  # column → rows a rowspan above still covers
    rows = list(_ROW.finditer(text, body, table.end(1)))
    for row in rows:
        cells = list(_CELL.finditer(text, row.start(1), row.end(1)))
        if not cells:
            continue
        # where the tabs for the empty cells before a cell can go: the row's opening tag, then
        # each cell's closing markup (from its text's end to the next cell or the row's end)
        slots = [(row.start(), row.start(1))]
        slots += [(c.end(3), c.end()) for c in cells]
        column = 0
        for n, cell in enumerate(cells):
            empty = 0
            while below.get(column, 0) > 0:  # a rowspan from above holds this column
                below[column] -= 1
                column += 1
                empty += 1
            # the empty cells before this one: after the cell before it (each a tab, and this
            # cell's own tab to follow), or at the row's start (a tab each, none of its own)
            _tabs(out, *slots[n], empty)
            spans = {k.lower(): int(v) for k, v in _SPAN.findall(cell.group(2))}
            width = max(1, spans.get("colspan", 1))
            if n > 0:
                _open(out, cell.start(), cell.start(3))  # the tab between it and the cell before
            for c in range(column, column + width):
                if spans.get("rowspan", 1) > 1:
                    below[c] = spans["rowspan"] - 1
            column += width
            # the empty cells a span of columns leaves after its text
            _tabs(out, *slots[n + 1], width - 1)
        while below.get(column, 0) > 0:  # rowspans at the row's end
            below[column] -= 1
            column += 1
        out_end = row.end() if row.end() <= end else end
        _break(out, row.start(1) if not cells else cells[-1].end(3), out_end)


def _open(out: list[str], start: int, stop: int) -> None:
    """A cell's opening tag (start to its text) begins with a tab."""
    if stop > start:
        out[start] = "\t"


def _tabs(out: list[str], start: int, stop: int, count: int) -> None:
    """``count`` tabs in the blanked markup between ``start`` and ``stop``, after any already
    there; as many as there is room for."""
    i = start
    while count > 0 and i < stop:
        if out[i] == " ":
            out[i] = "\t"
            count -= 1
        i += 1


def _break(out: list[str], start: int, stop: int) -> None:
    """The row ends: the last blank character of its closing markup is a line break."""
    for i in range(stop - 1, start - 1, -1):
        if out[i] == " ":
            out[i] = "\n"
            return
