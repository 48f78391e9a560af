"""Cells, rows and their spans built from values the readers typed themselves, without
pydantic validating them again (verifier.fast.adopt, the house way to build trusted models).

A report's tables hold hundreds of cells and rows, each built from an int, a str, a
Number already made by ``verifier.numbers.make_number`` and offsets into the text; validating
them cost more than making them. Each instance is the one the keyword call made before gave:
the same ``__dict__`` (every field, in declaration order) and the same fields set, so a dump
of it is byte for byte the same. The import refuses a schema that has moved under it.
"""

from __future__ import annotations

from verifier.fast import adopt
from verifier.report import Cell, Number, Row, Span

_CELL = ("column", "number", "text")
_ROW = ("name", "code", "side", "line", "is_total", "cells", "span")
_SPAN = ("start", "end", "page")
if (
    tuple(Cell.model_fields) != _CELL
    or tuple(Row.model_fields) != _ROW
    or tuple(Span.model_fields) != _SPAN
    or Cell.model_fields["text"].default != ""
    or Span.model_fields["page"].default is not None
    or Row.model_fields["side"].default is not None
    or Row.model_fields["line"].default is not None
):
    raise ImportError("extractor.tables.build: Cell, Row or Span changed; update it")


def cell(column: int, number: Number | None, text: str) -> Cell:
    """``Cell(column=column, number=number, text=text)``, trusted."""
    return adopt(Cell, {"column": column, "number": number, "text": text}, {*_CELL})


def number_cell(column: int, number: Number) -> Cell:
    """``Cell(column=column, number=number)``, trusted (its text the default, unset)."""
    return adopt(Cell, {"column": column, "number": number, "text": ""}, {"column", "number"})


def text_cell(column: int, text: str) -> Cell:
    """``Cell(column=column, text=text)``, trusted (no number, unset)."""
    return adopt(Cell, {"column": column, "number": None, "text": text}, {"column", "text"})


def span(start: int, end: int) -> Span:
    """``Span(start=start, end=end)`` of two offsets into the text (never negative)."""
    return adopt(Span, {"start": start, "end": end, "page": None}, {"start", "end"})


def row(
    name: str, code: str | None, is_total: bool, cells: list[Cell], start: int, end: int
) -> Row:
    """``Row(name=…, code=…, is_total=…, cells=…, span=Span(start=…, end=…))``, trusted:
    no side and no line (the default), as the grid and one-sided readers make them."""
    data = {
        "name": name,
        "code": code,
        "side": None,
        "line": None,
        "is_total": is_total,
        "cells": cells,
        "span": span(start, end),
    }
    return adopt(Row, data, {"name", "code", "is_total", "cells", "span"})
