"""Columns a table declares as the parts of a total (the 其中 columns under a 合计).

Standard tables are checked by rules that know their layout. A loosely printed table read by
a model (a 收支情况表 whose header says 收入合计 · 其中: 上年结转, 财政拨款 …) declares the
structure instead, through ``Column.parent``; this rule checks, row by row, what it declares.
"""

from __future__ import annotations

from collections.abc import Iterator

from verifier.check import not_applicable, row_sums
from verifier.report import Finding, Report, Table
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import has_cell


def _groups(table: Table) -> list[tuple[int, list[int]]]:
    """(total column, its part columns) for every column some other column names as parent."""
    index = {c.name: i for i, c in enumerate(table.columns)}
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(table.columns):
        if c.parent and c.parent in index and index[c.parent] != i:
            groups.setdefault(index[c.parent], []).append(i)
    return sorted(groups.items())


@rule(
    "T120",
    "declared-parts",
    "T",
    "a total column equals the sum of the columns declared as its parts",
    "Where a table's header puts columns under a 合计 (其中: …), each row's 合计 is their sum; "
    "empty part cells are left out, an empty 合计 is not checked.",
)
def declared_parts(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables:
        groups = _groups(table)
        if not groups:
            continue
        for tot, parts in groups:
            written = [row for row in table.rows if has_cell(row, tot)]  # an empty 合计: unchecked
            found = list(row_sums(r, table, written, tot, parts))
            yield from found
            if not found:
                yield not_applicable(
                    r, f"{table.kind.value} {table.columns[tot].name}", "no row has the total"
                )
