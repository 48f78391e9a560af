"""Sections → ``Table``s, from every form a table arrives in.

In: a Source and its sections. Out: ``Table`` objects with kinds, columns, coded rows and
cells, each number with its raw text and span. ``read`` handles tab-separated and Markdown
rows and native tables, ``loose`` one cell per line, ``scores`` the 绩效自评 score tables.
"""

from extractor.tables.read import parse_tables

__all__ = ["parse_tables"]
