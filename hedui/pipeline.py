"""File → Source → Report → Verification: the one path every command takes.

``verify_file`` needs no database; hedui.ingest.ingest_file stores the result. Extraction and
verification run in whatever process calls them (a worker, in bulk ingest); only the caller
that holds the database writes reports to it. (The model's answer cache is the exception:
each answer is one INSERT of its own, so workers write it directly.)
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extractor import ModelUnreachable, extract, load
from extractor.formats.limits import Limits
from extractor.gcpause import gc_paused
from extractor.llm.config import LLMSettings, settings_from_env
from extractor.source import LoadError, Source
from verifier import verify
from verifier.coverage import MIN_COVERAGE
from verifier.report import Report, ReportKind, Verification

if TYPE_CHECKING:
    from extractor.llm.client import Usage

__all__ = [
    "ModelNotConfigured",
    "ModelUnreachable",
    "Processed",
    "model_configured",
    "model_for",
    "process",
    "verify_file",
]

LLM_ENV = ("HEDUI_LLM_MODEL", "HEDUI_LLM_BASE_URL", "HEDUI_LLM_API_KEY", "OPENAI_API_KEY")
NO_MODEL = (
    "no model configured: set HEDUI_LLM_MODEL (and HEDUI_LLM_BASE_URL, HEDUI_LLM_API_KEY "
    "for an OpenAI-compatible endpoint), or use --llm auto / off"
)


class ModelNotConfigured(RuntimeError):
    """``--llm on`` was asked for but no model is named in the environment."""


def model_configured() -> bool:
    return settings_from_env() is not None


@dataclass
class Processed:
    source: Source
    report: Report
    verification: Verification
    llm_calls: list[dict] = field(default_factory=list)  # one per model call, for the store


def model_for(llm: str = "auto") -> LLMSettings | None:
    """The model to use under ``--llm`` (on / auto / off): None when none is to be used."""
    if llm == "off":
        return None
    settings = settings_from_env()
    if settings is None and llm == "on":
        raise ModelNotConfigured(NO_MODEL)
    return settings


def _call_rows(usage: Usage, model: str) -> list[dict]:
    """One row per model call, as the store keeps them."""
    return [
        {
            **{k: v for k, v in asdict(r).items() if k not in ("prompt", "unreachable")},
            "prompt": r.prompt,
            "model": model,
            "cost": None if r.cost is None else str(r.cost),
        }
        for r in usage.records
    ]


def process(
    path: str | Path,
    *,
    llm: str = "auto",
    max_bytes: int | None = None,
    cache_path: str | Path | None = None,
    limits: Limits | None = None,
) -> Processed:
    """Load, extract, (enrich) and verify one file. Raises extractor.source.LoadError for
    bad files, and for files over ``limits`` (sizes, cells, line length).

    Without a model the cycle collector is held off over extracting and verifying together,
    not over each alone (each pauses it too): between two pauses its first collection walks
    every object the extraction made, all alive in the Report, and frees nothing
    (extractor.gcpause). Loading runs with the collector as the host has it: a PDF's reader
    leaves cycles (some 250,000 objects a PDF of the corpus), and so do a model's calls (a
    retry's exception and its traceback), so with a model it runs between the steps."""
    source = load(path, max_bytes=max_bytes, limits=limits or Limits.from_env())
    model = model_for(llm)
    if model is None:
        with gc_paused():
            report = extract(source)
            return Processed(source, report, _verified(path, report), [])
    from extractor.llm.client import Usage
    from hedui.cache import SqliteCache  # sqlite3: only a model's answers are cached

    usage = Usage()
    cache = SqliteCache(cache_path) if cache_path else None
    report = extract(source, model, cache=cache, usage=usage)
    calls = _call_rows(usage, model.model)
    return Processed(source, report, _verified(path, report), calls)


def _verified(path: str | Path, report: Report) -> Verification:
    """The report's verification; a file in which nothing of a report was recognised is
    refused (NotAReport) instead."""
    if not looks_like_a_report(report):
        raise NotAReport(
            str(path),
            "not a public-finance report: no report kind (部门决算, 部门预算 …), no table of"
            " amounts and no figure in its text were recognised, so nothing was checked or"
            " stored",
            hint="if it is one, its layout is new to hedui: please send it to the maintainers",
        )
    with gc_paused():  # a verification makes thousands of findings: see extractor.gcpause
        return verify(report, min_coverage=min_coverage())


class NotAReport(LoadError):
    """A readable file that holds no public-finance report (a README, a note, an empty sheet):
    refused with one message rather than stored and accepted for having nothing wrong."""


def looks_like_a_report(report: Report) -> bool:
    """A report kind was recognised, or a table with an amount, or a claim with a figure."""
    if report.kind != ReportKind.UNKNOWN or report.claims:
        return True
    return any(
        c.number is not None and c.number.value
        for t in report.tables
        for row in t.rows
        for c in row.cells
    )


def min_coverage() -> float:
    """The share of a report's figures an accept needs: HEDUI_MIN_COVERAGE (0–1), else the
    verifier's default (verifier.coverage.MIN_COVERAGE, where the choice is explained)."""
    raw = os.environ.get("HEDUI_MIN_COVERAGE")
    if raw is None or not raw.strip():
        return MIN_COVERAGE
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(
            f"HEDUI_MIN_COVERAGE={raw!r}: give a share between 0 and 1, e.g. 0.9"
        ) from None
    if not 0 <= value <= 1:
        raise ValueError(f"HEDUI_MIN_COVERAGE={raw!r}: give a share between 0 and 1, e.g. 0.9")
    return value


def verify_file(path: str | Path, **kw) -> tuple[Report, Verification]:
    done = process(path, **kw)
    return done.report, done.verification
