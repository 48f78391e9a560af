"""Parse well-formed tables (tab-separated rows, Markdown pipe tables) into Table objects.

The segmenter has already found each standard table's section (公开01–09, by title and label,
with a table split by a page break kept in one section); here its tab-separated lines become
rows. Column positions come from the 栏次 row when printed (it numbers every value column), or
from the header row, so that empty cells keep their place. Every number keeps its raw text and
the span where it stands. One-cell-per-line tables are read by extractor.tables.loose.
"""

from __future__ import annotations

from extractor.source import Source
from extractor.tables.cells import LABEL, infer_unit, stated_unit, tab_lines
from extractor.tables.grid import read_coded_tables
from extractor.tables.layouts import PARSERS, one_sided
from extractor.tables.loose import parse_loose_tables
from extractor.tables.markdown import Run, markdown_runs, markdown_tables, run_span
from extractor.tables.scores import parse_score_tables
from extractor.tables.splits import read_fund_splits
from verifier.report import Section, SectionKind, Span, Table, TableKind


def _parse_section(source: Source, section: Section) -> Table | None:
    text = source.text
    kind = section.table_kind or TableKind.UNKNOWN
    lines = tab_lines(text, section.span.start, section.span.end)
    if not lines:
        return None
    unit = stated_unit(text, section.span.start, section.span.end)
    parser = PARSERS.get(kind, one_sided)
    page_of = source.page_of if source.pages else None
    label = LABEL.search(text, section.span.start, section.span.end)
    table = parser(text, lines, kind, section.heading, unit, page_of)
    table.label = label.group(0) if label else None
    table.span = Span(start=section.span.start, end=section.span.end)
    if unit is None:
        infer_unit(table)
    return table


def _unit_from_siblings(tables: list[Table], stated: set[str] | None = None) -> None:
    """A 公开 table that prints no unit takes the one every other 公开 table of the report
    states: the nine tables of a 部门决算 share a unit, and the size of a few 三公 figures
    (5753 is 元 in a report whose tables are all in 元) cannot tell 元 from 万元. Where no
    table states one, figures over a million with 分 are 元 beyond doubt (in 万元 they would
    be a department spending 百亿), and that unit is the report's. ``stated``: the units the
    tables state, when tables left unread state some too (parse_tables)."""
    if stated is None:
        stated = _stated_units(tables)
    if not stated:
        stated = {t.unit for t in tables if t.unit_inferred and t.unit == "元"}
    if len(stated) != 1:
        return
    (unit,) = stated
    for t in tables:
        if t.unit_inferred and t.unit != unit:
            t.unit = unit
            t.notes = [n for n in t.notes if not n.startswith("no unit stated")]
            t.notes.append(f"no unit stated; took {unit}, the unit of the report's other tables")
            for r in t.rows:
                for c in r.cells:
                    if c.number is not None:
                        c.number.unit = unit


def _section_table(source: Source, section: Section) -> Table | None:
    """The table of a table's section, when it has rows (parse_tables keeps no other)."""
    table = _parse_section(source, section)
    return table if table is not None and table.rows else None


def _section_unit(source: Source, section: Section) -> str | None:
    """The unit a section's table states (``_parse_section`` gives its table this one)."""
    return stated_unit(source.text, section.span.start, section.span.end)


def _stated_units(tables: list[Table]) -> set[str]:
    """The units ``_unit_from_siblings`` takes as stated by the tables."""
    return {t.unit for t in tables if t.unit is not None and not t.unit_inferred}


def parse_tables(source: Source, sections: list[Section]) -> list[Table]:
    # A section of a generic kind (a budget's table) that states its unit waits: a coded
    # grid read from its lines replaces it (with_grids), as it does most of them (47 of the
    # 49 of the corpus mix, 1 ms a report to read for nothing), and one replaced is not read.
    # Until the grids are known such a table counts only by its unit, which a table without
    # one may take (_unit_from_siblings): read, it states its section's unit when it has
    # rows (a table without is not kept). So where a table read has an inferred unit, the
    # waiting tables of each unit no other states are read, in order, until one has rows:
    # the units stated are then those reading every waiting table gives.
    slots: list[Table | Section] = []  # the sections' tables in their order, or who waits
    for section in sections:
        if section.kind == SectionKind.TABLE and section.table_kind is not None:
            if section.table_kind in _GENERIC and _section_unit(source, section) is not None:
                slots.append(section)
            elif (table := _section_table(source, section)) is not None:
                slots.append(table)
    tables = [t for t in slots if isinstance(t, Table)]
    stated = _stated_units(tables)
    read_early: dict[int, Table | None] = {}  # slot → its waiting table, read for its unit
    if any(t.unit_inferred for t in tables):
        for n, slot in enumerate(slots):
            if isinstance(slot, Section) and (unit := _section_unit(source, slot)) not in stated:
                read_early[n] = _section_table(source, slot)
                if read_early[n] is not None and unit is not None:
                    stated.add(unit)
    _unit_from_siblings(tables, stated)
    # The Markdown tables are read last, but stand where they always stood (after the 公开
    # tables): each is of no known kind, so no reader below consults it (the score reader
    # looks for score tables, ``taken`` for known kinds), and one a grid overlaps is dropped
    # by ``with_grids`` anyway, so it is not built (most are: a converter's Markdown form of
    # a coded table is read as a grid). The waiting tables are of no known kind either.
    runs = markdown_runs(source.text)
    others = parse_loose_tables(source.text)
    page_of = source.page_of if source.pages else None
    others += parse_score_tables(source.text, [*tables, *others], page_of)
    others += read_fund_splits(source.text, [*tables, *others], page_of)
    taken = [
        (t.span.start, t.span.end)
        for t in [*tables, *others]
        if t.span is not None and t.kind not in _GENERIC and _has_figures(t)
    ]
    grids = read_coded_tables(source.text, page_of, taken)
    kept_grids = _not_overlapping(grids, _known([*tables, *others]))
    # a waiting table is read where no grid that stays stands on its lines (its span is its
    # section's); with_grids would drop it otherwise
    tables = []
    for n, slot in enumerate(slots):
        if isinstance(slot, Table):
            tables.append(slot)
        elif (table := _waiting_table(source, slot, kept_grids, read_early, n)) is not None:
            tables.append(table)
    tables += markdown_tables(source.text, unread_runs(runs, kept_grids, tables))
    return with_grids([*tables, *others], grids)


def unread_runs(runs: list[Run], grids: list[Table], tables: list[Table]) -> list[Run]:
    """The Markdown pipe runs no table was read from: a run on the lines of a grid that
    stays, or of a table a layout read as its known kind (tab_lines reads pipe rows as
    cells; an empty 公开08 too, whose 栏次 row would be read again as figures), is that table
    again."""
    read = [*grids, *(t for t in tables if t.kind not in _GENERIC)]
    return [r for r in runs if not any(_spans_meet(run_span(r), _span(t)) for t in read)]


def _waiting_table(
    source: Source,
    section: Section,
    grids: list[Table],
    read_early: dict[int, Table | None],
    slot: int,
) -> Table | None:
    """A waiting section's table, unless a grid that stays stands on its lines (the span
    it would have is its section's): with_grids would drop it then. Read once: the one
    read for its unit (``read_early``, by its slot) is the one kept."""
    span = (section.span.start, section.span.end)
    if any(_spans_meet(span, _span(g)) for g in grids):
        return None
    if slot in read_early:
        return read_early[slot]
    return _section_table(source, section)


_GENERIC = (TableKind.BUDGET, TableKind.UNKNOWN)


def _overlap(a: Table, b: Table) -> bool:
    return (
        a.span is not None
        and b.span is not None
        and a.span.start < b.span.end
        and b.span.start < a.span.end
    )


def _has_figures(table: Table) -> bool:
    return any(c.number is not None for r in table.rows for c in r.cells)


def _known(tables: list[Table]) -> list[Table]:
    """The tables read as a known kind, with figures: a grid they overlap gives way."""
    return [t for t in tables if t.kind not in _GENERIC and _has_figures(t)]


def _not_overlapping(grids: list[Table], known: list[Table]) -> list[Table]:
    return [g for g in grids if not any(_overlap(g, t) for t in known)]


def _span(table: Table) -> tuple[int, int] | None:
    return None if table.span is None else (table.span.start, table.span.end)


def _spans_meet(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """``_overlap`` of two tables, on their spans."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def with_grids(tables: list[Table], grids: list[Table]) -> list[Table]:
    """The coded grids join the tables the layouts read. A region a layout read as a known
    kind (公开03, a score table …) stays the layout's; one it could only read as a generic
    budget or unknown table is the grid's, read the same way in every text form; so is one
    where it placed no figure (the layout's empty table stays, to say the table is there)."""
    grids = _not_overlapping(grids, _known(tables))
    kept = [t for t in tables if t.kind not in _GENERIC or not any(_overlap(t, g) for g in grids)]
    return [*kept, *grids]
