"""File → Source → Report → Verification: the one path every command takes.

``verify_file`` needs no database; ``ingest_file`` stores the result. Extraction and
verification run in whatever process calls them (a worker, in bulk ingest); only the caller
that holds the database writes reports to it. (The model's answer cache is the exception:
each answer is one INSERT of its own, so workers write it directly.)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlite_utils import Database

from extractor.llm_config import settings_from_env
from extractor.load import MAX_BYTES, load
from extractor.pipeline import extract
from extractor.source import Source
from hedui import store
from verifier import verify
from verifier.report import Report, Verification

LLM_ENV = ("HEDUI_LLM_MODEL", "HEDUI_LLM_BASE_URL", "HEDUI_LLM_API_KEY", "OPENAI_API_KEY")
NO_MODEL = (
    "no model configured: set HEDUI_LLM_MODEL (and HEDUI_LLM_BASE_URL, HEDUI_LLM_API_KEY "
    "for an OpenAI-compatible endpoint), or use --llm auto / off"
)


class ModelNotConfigured(RuntimeError):
    """``--llm on`` was asked for but no model is named in the environment."""


class ModelUnreachable(RuntimeError):
    """The model could not be reached for a file: it is not stored half-typed, so a re-run
    does the file again (the answers already received come from the cache)."""


def model_configured() -> bool:
    return settings_from_env() is not None


@dataclass
class Processed:
    source: Source
    report: Report
    verification: Verification
    llm_calls: list[dict] = field(default_factory=list)  # one per model call, for the store


def enrich(
    report: Report, source: Source, llm: str = "auto", cache_path: str | Path | None = None
) -> tuple[Report, list[dict]]:
    """Let the model type what the rules could not, when one is configured and allowed."""
    if llm == "off":
        return report, []
    settings = settings_from_env()
    if settings is None:
        if llm == "on":
            raise ModelNotConfigured(NO_MODEL)
        return report, []
    from extractor import llm as llm_mod

    cache = store.SqliteCache(cache_path) if cache_path else None
    report, usage = llm_mod.enrich(report, source, settings, cache=cache)
    lost = [r for r in usage.records if r.unreachable]
    if lost:
        raise ModelUnreachable(
            f"{source.file_name}: the model could not be reached for {len(lost)} of "
            f"{len(usage.records)} calls ({lost[0].error}); nothing stored, run again to retry"
        )
    calls = [
        {
            **{k: v for k, v in asdict(r).items() if k not in ("prompt", "unreachable")},
            "prompt": r.prompt,
            "model": settings.model,
            "cost": None if r.cost is None else str(r.cost),
        }
        for r in usage.records
    ]
    return report, calls


def process(
    path: str | Path,
    *,
    llm: str = "auto",
    max_bytes: int = MAX_BYTES,
    cache_path: str | Path | None = None,
) -> Processed:
    """Load, extract, (enrich) and verify one file. Raises extractor.source.LoadError for
    bad files."""
    source = load(path, max_bytes=max_bytes)
    report, calls = enrich(extract(source), source, llm, cache_path)
    return Processed(source, report, verify(report), calls)


def verify_file(path: str | Path, **kw) -> tuple[Report, Verification]:
    done = process(path, **kw)
    return done.report, done.verification


def ingest_file(db: Database, path: str | Path, **kw) -> dict:
    """Ingest one file (skipped when its bytes are already stored)."""
    done = process(path, **kw)
    sha = done.source.sha256
    if store.has_report(db, sha):
        return {"sha256": sha, "skipped": True, "verdict": None}
    store.save_report(
        db,
        done.report,
        done.verification,
        path=str(path),
        format=done.source.format,
        llm_calls=done.llm_calls,
    )
    return {"sha256": sha, "skipped": False, "verdict": done.verification.verdict}
