"""File → Source → Report → Verification: the one path every command takes.

``verify_file`` needs no database; ``ingest_file`` stores the result. Extraction and
verification run in whatever process calls them (a worker, in bulk ingest); only the caller
that holds the database writes to it.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from extractor.load import MAX_BYTES, load
from extractor.pipeline import extract
from extractor.source import Source
from hedui import store
from verifier import verify
from verifier.report import Report, Verification

LLM_ENV = ("HEDUI_LLM_MODEL", "HEDUI_LLM_BASE_URL", "HEDUI_LLM_API_KEY", "OPENAI_API_KEY")


def model_configured() -> bool:
    return bool(os.environ.get("HEDUI_LLM_MODEL"))


def enrich(report: Report, source: Source, llm: str = "auto") -> Report:
    """Let the model type what the rules could not, when one is configured and allowed.

    The model client (extractor.llm) is not part of this build yet: with ``llm="on"`` this
    says so rather than pretending; with ``auto`` the rules alone do the job.
    """
    if llm == "off" or (llm == "auto" and not model_configured()):
        return report
    try:
        from extractor import llm as llm_mod  # type: ignore[attr-defined]
    except ImportError as exc:
        if llm == "on":
            raise RuntimeError(
                "--llm on: the model extractor (extractor.llm) is not available in this build"
            ) from exc
        return report
    settings = llm_mod.settings_from_env()
    return llm_mod.enrich(report, source, settings) if settings else report


def process(path: str | Path, *, llm: str = "auto", max_bytes: int = MAX_BYTES):
    """Load, extract and verify one file. Raises extractor.source.LoadError for bad files."""
    source = load(path, max_bytes=max_bytes)
    report = enrich(extract(source), source, llm)
    return source, report, verify(report)


def verify_file(path: str | Path, **kw) -> tuple[Report, Verification]:
    _source, report, verification = process(path, **kw)
    return report, verification


def ingest_file(db: Database, path: str | Path, **kw) -> dict:
    """Ingest one file (skipped when its bytes are already stored)."""
    source, report, verification = process(path, **kw)
    if store.has_report(db, source.sha256):
        return {"sha256": source.sha256, "skipped": True, "verdict": None}
    store.save_report(db, report, verification, path=str(path), format=source.format)
    return {"sha256": report.sha256, "skipped": False, "verdict": verification.verdict}
