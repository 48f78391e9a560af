"""Build a Source's text line by line, writing native tables as tab-separated blocks.

Every format loader (PDF, DOCX, XLSX) ends up with paragraphs and tables in reading order.
Writing each table into the text as TSV lines — cells joined by ``\\t``, rows by ``\\n`` —
lets the deterministic table parser read a DOCX or a PDF exactly as it reads a pasted text,
while the NativeTable keeps the cell structure (and merges) with a span for every cell.
Doing the offset bookkeeping in one place keeps ``text[span.start:span.end] == cell.text``
true for every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.source import NativeCell, NativeTable
from verifier.report import Span

# A CJK character (ideographs, CJK punctuation, full-width forms): a line break between two
# of them is a wrap, not a word boundary, so wrapped cell text is joined without a space.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")
_NUMERIC_RE = re.compile(r"[\d.,%]")
_ARTEFACT_RE = re.compile(r"\[bookmark: [^\]]*\]")


def join_wrapped(text: str) -> str:
    """Join the lines of a wrapped cell into one line (no tabs or newlines may stay in a cell).

    Next to a CJK character, or inside a number wrapped in a narrow column (``13,717,3`` /
    ``23.53``), the break is dropped; else it becomes one space, as a person reads the cell.
    """
    parts = [p.strip() for p in re.split(r"[\r\n\t\v\f]+", text)]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        numeric = _NUMERIC_RE.match(out[-1]) and _NUMERIC_RE.match(p[0])
        if numeric or _CJK_RE.match(out[-1]) or _CJK_RE.match(p[0]):
            out += p
        else:
            out += " " + p
    return out


def drop_artefacts(text: str) -> str:
    """Remove converter artefacts such as ``[bookmark: _GoBack]`` that are not report text."""
    return _ARTEFACT_RE.sub("", text)


@dataclass
class Grid:
    """A table as the format gives it: ``cells[r][c]`` is the text, ``anchor[r][c]`` the
    (row, col) of the cell that really holds it (itself unless the position is merged)."""

    cells: list[list[str]]
    anchor: list[list[tuple[int, int]]] | None = None
    title: str | None = None


@dataclass
class TextBuilder:
    """Accumulates lines and tables; offsets are exact because we count what we write."""

    page: int | None = None
    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[NativeTable] = field(default_factory=list)
    pages: list[Span] = field(default_factory=list)
    _page_start: int | None = None

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def _newline_if_needed(self) -> None:
        if self.length and not self.parts[-1].endswith("\n"):
            self._write("\n")

    def line(self, text: str) -> None:
        """One line of running text (a paragraph, a heading). Inner newlines are kept."""
        self._newline_if_needed()
        self._write(text.replace("\r\n", "\n").replace("\r", "\n"))

    def extend(self, text: str) -> None:
        """Continue the last line with a wrapped line of the same paragraph (joined as
        :func:`join_wrapped` joins: no space between CJK characters or inside a number)."""
        last = self.parts[-1] if self.parts else ""
        if not last or last.endswith("\n") or not text:
            self.line(text)
            return
        joined = join_wrapped(last[-1] + "\n" + text)
        self._write(joined[1:])

    def table(self, grid: Grid) -> NativeTable | None:
        """Write a grid as TSV lines and record it as a NativeTable with cell spans.

        A merged position is written empty (the value stands once, at its anchor, as in the
        text the corpus was converted to); its NativeCell carries the anchor's text and span,
        with ``merged=True``.
        """
        rows = [[join_wrapped(c or "") for c in r] for r in grid.cells]
        if not rows or not any(any(r) for r in rows):
            return None
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        anchor = grid.anchor or [[(i, j) for j in range(width)] for i in range(len(rows))]
        anchor = [a + [(i, j) for j in range(len(a), width)] for i, a in enumerate(anchor)]

        self._newline_if_needed()
        start = self.length
        spans: list[list[Span]] = []
        for i, row in enumerate(rows):
            if i:
                self._write("\n")
            row_spans = []
            for j, text in enumerate(row):
                if j:
                    self._write("\t")
                shown = text if anchor[i][j] == (i, j) else ""
                s = self.length
                self._write(shown)
                row_spans.append(Span(start=s, end=self.length, page=self.page))
            spans.append(row_spans)
        native_rows = []
        for i in range(len(rows)):
            cells = []
            for j in range(width):
                ai, aj = anchor[i][j]
                merged = (ai, aj) != (i, j)
                cells.append(NativeCell(text=rows[ai][aj], span=spans[ai][aj], merged=merged))
            native_rows.append(cells)
        table = NativeTable(
            rows=native_rows,
            span=Span(start=start, end=self.length, page=self.page),
            page=self.page,
            title=grid.title,
        )
        self.tables.append(table)
        return table

    def start_page(self, number: int) -> None:
        self.page = number
        self._newline_if_needed()
        self._page_start = self.length

    def end_page(self) -> None:
        assert self._page_start is not None
        self.pages.append(Span(start=self._page_start, end=self.length, page=self.page))
        self._page_start = None

    def text(self) -> str:
        return "".join(self.parts)
