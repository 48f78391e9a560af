"""Source → Report: the deterministic extraction path. (Stub: owned by the store/CLI work.)"""

from __future__ import annotations

from extractor.claims import extract_claims
from extractor.narratives import type_narratives
from extractor.segment import identify, segment
from extractor.source import Source
from extractor.tables import parse_tables
from verifier.report import Extraction, Report


def extract(source: Source) -> Report:
    sections = segment(source.text)
    ident = identify(source.text, sections)
    tables = parse_tables(source, sections)
    claims = extract_claims(source.text, sections, tables)
    report = Report(
        sha256=source.sha256,
        file_name=source.file_name,
        text=source.text,
        kind=ident.kind,
        kinds=ident.kinds,
        department=ident.department,
        region=ident.region,
        year=ident.year,
        pages=source.pages,
        sections=sections,
        tables=tables,
        claims=claims,
        extraction=Extraction(notes=list(source.notes)),
    )
    report.narratives, _untyped = type_narratives(report)
    return report
