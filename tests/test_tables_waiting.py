"""parse_tables leaves unread the budget tables a coded grid replaces (issue 19): the tables it
returns are the ones reading every section's table gave, on every text report of the corpora
and on forms of them whose units were changed so that the siblings' unit matters."""

from __future__ import annotations

import re

import pytest

from extractor.formats.load import load
from extractor.segment import segment
from extractor.source import Source
from extractor.tables import read
from extractor.tables.grid import read_coded_tables
from extractor.tables.loose import parse_loose_tables
from extractor.tables.markdown import markdown_runs, markdown_tables
from extractor.tables.scores import parse_score_tables
from extractor.tables.splits import read_fund_splits
from tests.conftest import CORPUS, CORPUS_EXTRA, EXAMPLES, SHARED
from verifier.report import Section, SectionKind, Table


def read_every_section(source: Source, sections: list[Section]) -> list[Table]:
    """parse_tables as it was: every section's table read first, whatever replaces it."""
    tables: list[Table] = []
    for section in sections:
        if section.kind == SectionKind.TABLE and section.table_kind is not None:
            table = read._parse_section(source, section)
            if table is not None and table.rows:
                tables.append(table)
    read._unit_from_siblings(tables)
    runs = markdown_runs(source.text)
    others = parse_loose_tables(source.text)
    page_of = source.page_of if source.pages else None
    others += parse_score_tables(source.text, [*tables, *others], page_of)
    others += read_fund_splits(source.text, [*tables, *others], page_of)
    taken = [
        (t.span.start, t.span.end)
        for t in [*tables, *others]
        if t.span is not None and t.kind not in read._GENERIC and read._has_figures(t)
    ]
    grids = read_coded_tables(source.text, page_of, taken)
    kept_grids = read._not_overlapping(grids, read._known([*tables, *others]))
    tables += markdown_tables(source.text, read.unread_runs(runs, kept_grids, tables))
    return read.with_grids([*tables, *others], grids)


def _texts() -> list[tuple[str, Source]]:
    folders = (CORPUS, CORPUS_EXTRA, SHARED / "corpus-pdf", EXAMPLES)
    paths = [p for f in folders if f.is_dir() for p in sorted(f.glob("*.txt"))]
    if not paths:
        pytest.skip("no corpus beside the repo (../shared)")
    out = []
    for p in paths:
        source = load(p)
        out.append((p.name, source))
        text = source.text
        # the same report with its first unit gone (a table infers one, and may take its
        # siblings'), and with every other table's unit in 元 (the siblings disagree)
        units = list(re.finditer(r"单位\s*[：:]\s*(万元|元)", text))
        if not units:
            continue
        first = units[0]
        gone = text[: first.start()] + " " * (first.end() - first.start()) + text[first.end() :]
        out.append((f"{p.name} without its first unit", source.model_copy(update={"text": gone})))
        mixed = text
        for n, m in enumerate(units):
            if n % 2 and m.group(1) == "万元":
                mixed = mixed[: m.start(1)] + "元 " + mixed[m.end(1) :]
        out.append((f"{p.name} with units mixed", source.model_copy(update={"text": mixed})))
        for keep in (0, 1):  # every other table without its unit: it infers one, or takes
            holes = text  # the one the tables that still state theirs agree on
            for n, m in enumerate(units):
                if n % 2 != keep:
                    holes = holes[: m.start()] + " " * (m.end() - m.start()) + holes[m.end() :]
            name = f"{p.name} with every other unit gone ({keep})"
            out.append((name, source.model_copy(update={"text": holes})))
    return out


def test_the_tables_are_those_every_section_read_gave() -> None:
    for name, source in _texts():
        sections = segment(source.text)
        got = [t.model_dump() for t in read.parse_tables(source, sections)]
        assert got == [t.model_dump() for t in read_every_section(source, sections)], name


def test_a_waiting_table_still_gives_its_unit_to_a_table_without_one() -> None:
    """A budget table that states 万元 and one that states none, whose figures alone would
    make it 元: the second takes 万元 from the first, which is therefore read before the
    siblings' unit is settled, not left waiting."""
    import hashlib

    from verifier.report import Span, TableKind

    first = "甲\n单位：万元\n科目\t项目\t金额\n201\t一般公共服务\t100.00\n\t合计\t100.00\n"
    second = "乙\n科目\t项目\t金额\n201\t一般公共服务\t1,234,567.89\n\t合计\t1,234,567.89\n"
    text = first + second
    sha = hashlib.sha256(text.encode()).hexdigest()
    source = Source(file_name="x.txt", sha256=sha, format="txt", text=text)
    spans = [(0, len(first)), (len(first), len(text))]
    sections = [
        Section(
            kind=SectionKind.TABLE,
            heading=heading,
            span=Span(start=a, end=b),
            table_kind=TableKind.BUDGET,
        )
        for heading, (a, b) in zip("甲乙", spans, strict=True)
    ]
    got = read.parse_tables(source, sections)
    assert [(t.title, t.unit) for t in got] == [("甲", "万元"), ("乙", "万元")]
    assert [t.model_dump() for t in got] == [
        t.model_dump() for t in read_every_section(source, sections)
    ]
