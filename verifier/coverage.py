"""How much of a document its verification speaks for.

An ``accept`` means "checked and agrees", so the verifier counts what it checked: the figures
of the document (every number read in its tables and every number of its typed claims) and,
of those, the ones that took part in at least one recomputation that passed or failed (rule
families T, I, X, P, C and S: arithmetic, not the grounding and completeness checks that only
ask whether a number is there). Per table too: the tables the text sets out (its table
sections, and every table read), those read, and those with a figure checked.

Pure: a Report and its findings in, a Coverage out.
"""

from __future__ import annotations

from typing import NamedTuple

from verifier.check import worded
from verifier.report import (
    Coverage,
    Finding,
    Number,
    Outcome,
    Report,
    SectionKind,
    Severity,
    Table,
)
from verifier.rules import RULES
from verifier.rules.completeness import overlaps_any, sets_out_nothing
from verifier.tableview import figures

# the families whose findings recompute a figure (verifier.rules.catalogue.FAMILIES)
RECOMPUTING = frozenset("TIXPCS")

# The share of a document's figures that must take part in a recomputation for an accept.
# On the corpora, reports whose every table was read check 92–100 % of their figures; what
# stays unchecked are figures no identity reaches (a table of one line, an amount the prose
# gives once). Below 90 % a table or a part was not understood, and a person should look.
MIN_COVERAGE = 0.9


def measure(report: Report, findings: list[Finding]) -> Coverage:
    checked_spans = _checked_spans(findings)
    figures: set[tuple[int, int]] = set()
    tables_checked = 0
    unchecked: list[str] = []
    for table in report.tables:
        spans, amount = _figure_spans(table)
        figures |= spans
        if not amount:
            continue  # a table printed empty (此表为空, or 合计 0) is read, nothing to check
        if not spans.isdisjoint(checked_spans):
            tables_checked += 1
        else:
            unchecked.append(_name(report, table))
    add = figures.add
    for claim in report.claims:
        for n in claim.numbers.values():
            if (s := n.span) is not None:
                add((s.start, s.end))
        for n in claim.parts:
            if (s := n.span) is not None:
                add((s.start, s.end))
    unread = _unread_sections(report)
    return Coverage(
        figures=len(figures),
        checked=len(figures & checked_spans),
        tables_set_out=len(report.tables) + len(unread),
        tables_read=len(report.tables),
        tables_checked=tables_checked,
        unread=unread,
        unchecked=unchecked,
    )


_RECOMPUTED = (Outcome.PASS, Outcome.FAIL)


class Unchecked(NamedTuple):
    """A figure that took part in no recomputation, and where it stands: a table's column
    (``place`` "table", ``name`` its kind or catalogue entry and column) or a claim's role
    (``place`` "claim", ``name`` its kind and role)."""

    place: str
    name: str
    number: Number


def unchecked(report: Report, findings: list[Finding]) -> list[Unchecked]:
    """The document's figures, other than 0, that no recomputation used: what the coverage
    counts as not recomputed, named, so that the largest kinds of them can be found
    (bench/unchecked_figures.py)."""
    checked = _checked_spans(findings)
    out: list[Unchecked] = []
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                n = cell.number
                if n is None or n.span is None or not n.value:
                    continue
                if (n.span.start, n.span.end) not in checked:
                    col = (
                        table.columns[cell.column].name if cell.column < len(table.columns) else ""
                    )
                    kind = table.template or table.kind.value
                    out.append(Unchecked("table", f"{kind} [{col}]", n))
    for claim in report.claims:
        for role, n in claim.numbers.items():
            if n.span is not None and n.value and (n.span.start, n.span.end) not in checked:
                out.append(Unchecked("claim", f"{claim.kind.value} {role}", n))
    return out


def _checked_spans(findings: list[Finding]) -> set[tuple[int, int]]:
    """The (start, end) of every number a recomputation that passed or failed used."""
    out: set[tuple[int, int]] = set()
    add = out.add
    for f in findings:
        if f.rule[:1] in RECOMPUTING and f.outcome in _RECOMPUTED:
            for s in f.spans:
                add((s.start, s.end))
    return out


def _figure_spans(table: Table) -> tuple[set[tuple[int, int]], bool]:
    """The (start, end) of every figure of the table that has a span, and whether any figure
    is an amount other than zero (a table printed empty has none), found in one pass. Plain
    loops: asked of every table of every report, and a comprehension's generator costs a
    third more."""
    out: set[tuple[int, int]] = set()
    add = out.add
    amount = False
    for _, _, n in figures(table):
        if (s := n.span) is not None:
            add((s.start, s.end))
        if not amount and n.value:
            amount = True
    return out, amount


def _unread_sections(report: Report) -> list[str]:
    """Table sections no table was read from and that print an amount other than zero: a
    section that says 此表为空, prints only its header and 合计, or is a line of a contents page
    read as a section, sets out nothing to check."""
    # the tables' offsets, read once (a Span's fields are slow to read)
    spans = [(sp.start, sp.end) for t in report.tables if (sp := t.span) is not None]
    out = []
    for s in report.sections:
        if s.kind != SectionKind.TABLE:
            continue
        a, b = s.span.start, s.span.end
        if overlaps_any(spans, a, b):
            continue
        if sets_out_nothing(report.text[a:b]):
            continue
        out.append(s.heading.strip()[:40])
    return out


def _name(report: Report, table: Table) -> str:
    """The table as a person finds it: its title, or its kind and line when it has none."""
    title = (table.label or table.title).strip()
    if title:
        return title[:40]
    line = report.text.count("\n", 0, table.span.start) + 1 if table.span else None
    return f"{table.kind.value} table" + (f" at line {line}" if line else "")


def unverified(report: Report, cov: Coverage, min_coverage: float = MIN_COVERAGE) -> list[Finding]:
    """E504's warning when the verification does not speak for the whole document: the
    tables not read, those read and never checked, and the figures no rule reached."""
    missing = []
    if cov.unread:
        missing.append(f"{len(cov.unread)} table(s) not read ({'、'.join(cov.unread[:5])})")
    if cov.unchecked:
        missing.append(
            f"{len(cov.unchecked)} table(s) read but no figure checked"
            f" ({'、'.join(cov.unchecked[:5])})"
        )
    if not cov.figures:
        missing.append("no figure in it could be read, so nothing was recomputed")
    elif cov.share < min_coverage:
        missing.append(
            f"{cov.figures - cov.checked} of {cov.figures} figures not recomputed"
            f" ({cov.share:.0%} checked, below {min_coverage:.0%})"
        )
    if not missing:
        return []
    r = RULES["E504"]
    said = "not everything could be verified: " + "; ".join(missing)
    return [
        worded(
            r, Outcome.FAIL, Severity.WARNING, "coverage", said, category="completeness",
            note=said,
        )
    ]  # fmt: skip
