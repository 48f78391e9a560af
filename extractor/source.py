"""What a loader produces, whatever the format: decoded text, pages, native tables.

Every later step (segment, tables, claims, llm) reads only a Source, so a PDF, a DOCX, an
XLSX and a pasted text of the same report go down one path.
"""

from __future__ import annotations

import bisect

from pydantic import BaseModel, Field

from verifier.report import Span, new_list


class NativeCell(BaseModel):
    """A cell of a table the file format itself delimits (PDF ruling, DOCX/XLSX tables).

    ``span`` points at the cell's characters inside ``Source.text`` (the loader writes each
    native table into the text as tab-separated lines, so the text and the cell agree).
    Merged cells carry the merged value in every cell they cover, with ``merged=True`` on all
    but the first. The text holds the value once (the other positions are empty, as in a
    converted text), so a merged cell's ``span`` is that of its first cell.
    """

    text: str
    span: Span | None = None
    merged: bool = False


class NativeTable(BaseModel):
    rows: list[list[NativeCell]]
    span: Span  # the lines of the text this table was written to
    page: int | None = None
    title: str | None = None  # e.g. the XLSX sheet title the table came from


class Source(BaseModel):
    file_name: str
    sha256: str  # of the file's bytes, the identity of the report
    format: str  # txt / md / pdf / docx / xlsx
    text: str
    encoding: str | None = None  # for text files: utf-8 / utf-8-sig / gb18030
    pages: list[Span] = Field(default_factory=new_list)
    native_tables: list[NativeTable] = Field(default_factory=new_list)
    notes: list[str] = Field(default_factory=new_list)  # e.g. "page 3 has no text layer"

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset`` of ``text`` (None when the source
        has no pages), so any span found later in the text can carry its page."""
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1 if self.pages and i >= 0 else None


class LoadError(Exception):
    """A file that cannot be read as a report. The message names the file and says why."""

    def __init__(self, path: str, reason: str, *, hint: str | None = None):
        self.path = path
        self.reason = reason
        self.hint = hint
        msg = f"{path}: {reason}"
        if hint:
            msg += f" — {hint}"
        super().__init__(msg)


class NeedsOCR(LoadError):
    """The file has no usable text layer (scanned, or garbled CID fonts): a person must look."""
