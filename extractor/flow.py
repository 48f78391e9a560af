"""Source → Report: the whole extraction, the model step included when a model is given.

The rules run first and always; a model, when one is configured, only types what they left
(and everything it returns is grounded and later recomputed). A file whose model calls could
not be made is not returned half-typed: ``ModelUnreachable`` says so, and a re-run does the
file again, its answers so far coming from the cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractor.claims import extract_claims
from extractor.gcpause import gc_paused
from extractor.segment import identify, segment, type_narratives
from extractor.source import Source
from extractor.tables import parse_tables
from verifier.report import Extraction, Report

if TYPE_CHECKING:  # the model's packages are imported only when a model is used
    from extractor.llm.client import Cache, Usage
    from extractor.llm.config import LLMSettings


class ModelUnreachable(RuntimeError):
    """The model could not be reached for a file: it is not stored half-typed, so a re-run
    does the file again (the answers already received come from the cache)."""


def extract_rules(source: Source) -> Report:
    """The deterministic extraction: sections, identity, tables, claims, narratives; with
    the cycle collector held off while it runs (extractor.gcpause says why)."""
    with gc_paused():
        return _extract_rules(source)


def _extract_rules(source: Source) -> Report:
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


def extract(
    source: Source,
    model: LLMSettings | None = None,
    *,
    cache: Cache | None = None,
    usage: Usage | None = None,
) -> Report:
    """The Report of one Source: the rules' reading, then the model's where one is given.

    ``cache`` keeps the model's answers across runs; ``usage``, when given, receives one
    record per model call (what the store keeps of its cost).
    """
    report = extract_rules(source)
    if model is None:
        return report
    from extractor.llm.run import enrich

    report, used = enrich(report, source, model, cache=cache)
    lost = [r for r in used.records if r.unreachable]
    if lost:
        raise ModelUnreachable(
            f"{source.file_name}: the model could not be reached for {len(lost)} of "
            f"{len(used.records)} calls ({lost[0].error}); nothing stored, run again to retry"
        )
    if usage is not None:
        for record in used.records:
            usage.add(record)
    return report
