"""Family E: patterns of failure that say the extractor misread, not that the document is
wrong — a table whose figures are 10000 times those of the others (元 read as 万元), or a
sum that fails as printed but holds once the cells are moved by one column (a shifted column).
These are extraction errors: the verdict is reject."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from verifier.check import insufficient, not_applicable, passed, spans_of, worded
from verifier.numbers import Interval, bounds
from verifier.report import (
    Finding,
    Number,
    Outcome,
    Report,
    SectionKind,
    Severity,
    Table,
    TableKind,
)
from verifier.rules.catalogue import Rule, rule
from verifier.rules.completeness import EMPTY_STATEMENT, overlaps_any
from verifier.tableview import column, find_row, has_cell, total_row, where

SCALE = Decimal(10000)
_ZERO = Decimal(0)


def _headline(t: Table) -> Number | None:
    """The one figure each standard table has that the others restate: its total."""
    if t.kind in (TableKind.G01, TableKind.G04):
        row = find_row(t, "本年支出合计", side="支出")
        if row is None:
            return None
        nums = [c.number for c in row.cells if c.number is not None]
        return nums[0] if nums else None
    if t.kind in (TableKind.G02, TableKind.G03, TableKind.G05):
        row = total_row(t)
        if row is None:
            return None
        nums = [c.number for c in sorted(row.cells, key=lambda c: c.column) if c.number]
        return nums[0] if nums else None
    return None


def _extraction(r: Rule, subject: str, message: str, nums: list[Number]) -> Finding:
    """A misreading: an error of the extraction, not of the document."""
    spans = spans_of(nums)
    return worded(
        r, Outcome.FAIL, Severity.ERROR, subject, message, category="extraction", spans=spans
    )


@rule(
    "E501",
    "unit-scale",
    "E",
    "no table's totals are 10000 times another's (元 read as 万元)",
    "公开01–05 restate one another's totals; a factor of exactly 10000 between them after "
    "conversion means a unit was misread, so no figure of that table can be trusted.",
)
def unit_scale(r: Rule, report: Report) -> Iterator[Finding]:
    headlines = [(t, _headline(t)) for t in report.tables]
    heads = [(t, n) for t, n in headlines if n is not None and t.unit and n.value != 0]
    if len(heads) < 2:
        yield not_applicable(r, "tables", "fewer than two tables with a total")
        return
    ref_t, ref_n = heads[0]
    ref = Interval.of_number(ref_n, unit="元")
    for t, n in heads[1:]:
        iv = Interval.of_number(n, unit="元")
        subject = f"{t.kind.value} total against {ref_t.kind.value}"
        if iv.meets(ref):
            yield passed(r, subject, f"{subject} agree", category="extraction")
        elif iv.scale(SCALE).meets(ref) or ref.scale(SCALE).meets(iv):
            yield _extraction(
                r,
                subject,
                f"{t.kind.value} total {n.raw}{t.unit} is 10000 "
                f"times off {ref_t.kind.value}'s {ref_n.raw}{ref_t.unit}: "
                "a unit was misread",
                [n, ref_n],
            )
        else:
            yield not_applicable(r, subject, "totals differ, not by a unit factor")


def _row_sum_holds(table: Table, row, tot: int, parts: list[int], shift: int) -> bool | None:
    """Does total = Σ parts hold when every cell of the row is read ``shift`` columns over?"""
    cells = {c.column + shift: n for c in row.cells if (n := c.number) is not None}
    total = cells.get(tot)
    nums = [cells[p] for p in parts if p in cells]
    if total is None or not nums:
        return None
    # Interval.of_number(total).meets(sum_intervals(...)), on bounds: the same additions from
    # 0 in the same order, without an Interval per figure (every row of four tables is read).
    lo = hi = _ZERO
    for n in nums:
        n_lo, n_hi = bounds(n)
        if n_lo is n_hi and lo is hi:  # exact so far and exact now: one sum for both ends
            lo = hi = lo + n_lo
        else:
            lo = lo + n_lo
            hi = hi + n_hi
    t_lo, t_hi = bounds(total)
    return t_lo <= hi and lo <= t_hi


@rule(
    "E502",
    "column-shift",
    "E",
    "no row's figures sit one column off",
    "When a row's 合计 fails as read but holds once its cells move by one column, the "
    "extractor put them under the wrong headings.",
)
def column_shift(r: Rule, report: Report) -> Iterator[Finding]:
    for table in report.tables:
        if table.kind not in (TableKind.G02, TableKind.G03, TableKind.G05, TableKind.G09):
            continue
        tot = column(table, "本年收入合计", "本年支出合计", "合计", "小计")
        if tot is None:
            continue
        parts = [i for i in range(len(table.columns)) if i != tot]
        checked = shifted = 0
        for row in table.rows:
            holds = _row_sum_holds(table, row, tot, parts, 0)
            if holds is None and not any(has_cell(row, p) for p in parts):
                continue
            checked += 1
            if holds:
                continue
            nums = [n for c in row.cells if (n := c.number) is not None]
            nonzero = [n for n in nums if n.value != 0]
            if len(nonzero) < 2:
                continue
            for shift in (-1, 1):
                if _row_sum_holds(table, row, tot, parts, shift):
                    shifted += 1
                    yield _extraction(
                        r,
                        where(table, row),
                        f"{where(table, row)} adds up only when read {shift:+d} column",
                        nums,
                    )
                    break
        if checked and not shifted:
            kind = table.kind.value
            yield passed(r, kind, f"{kind}, {checked} rows", category="extraction")


@rule(
    "E503",
    "tables-read",
    "E",
    "every table the text sets out was read",
    "A section that sets out a table (公开03表, 收入预算总表 …) but yielded none leaves its "
    "figures unchecked: an accept then speaks only for what was read, and says so.",
)
def tables_read(r: Rule, report: Report) -> Iterator[Finding]:
    sections = [s for s in report.sections if s.kind == SectionKind.TABLE]
    if not sections:
        yield not_applicable(r, "tables", "the text sets out no table")
        return
    # the tables' offsets, read once (a Span's fields are slow to read)
    spans = [(sp.start, sp.end) for t in report.tables if (sp := t.span) is not None]
    unread = 0
    for s in sections:
        a, b = s.span.start, s.span.end
        if overlaps_any(spans, a, b):
            continue
        if EMPTY_STATEMENT.search(report.text, a, b):
            continue  # 此表为空: nothing to read
        unread += 1
        yield insufficient(
            r, s.heading.strip()[:40], "its table was not read: its figures are unchecked"
        )
    if not unread:
        detail = f"{len(sections)} table section(s), each read or stated empty"
        yield passed(r, "tables", detail, category="extraction")


@rule(
    "E504",
    "coverage",
    "E",
    "what the verification could not check is said: every table the text sets out read and"
    " checked, and most of the document's figures recomputed",
    "accept means checked and agrees. A report whose tables were not all read, or read but "
    "never checked, or most of whose figures no rule reached, is flagged with this warning, "
    "which names the tables and counts the figures, so that a person looks at what hedui "
    "could not. It is judged after every other rule (verifier.coverage); the share of figures "
    "required is a setting (verify's min_coverage, HEDUI_MIN_COVERAGE).",
)
def coverage(r: Rule, report: Report) -> Iterator[Finding]:
    """Judged from the other rules' findings by verifier.coverage.unverified, not here."""
    return iter(())
