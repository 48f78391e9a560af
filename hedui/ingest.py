"""Storing files: ``ingest_file`` for one, ``ingest`` for folders of them in worker processes.

Workers only read files and compute; the parent alone writes, one transaction per report, so
a killed run leaves every stored report whole and a re-run continues where it stopped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from extractor.formats.load import MAX_BYTES
from extractor.source import LoadError
from hedui import store
from hedui.pipeline import NO_MODEL, ModelNotConfigured, Processed, model_configured, process

SUPPORTED = {".txt", ".md", ".pdf", ".docx", ".xlsx"}
OLD_FORMATS = {".doc", ".xls", ".wps", ".et"}


@dataclass
class FileResult:
    path: str
    status: str  # stored / skipped / failed
    sha256: str | None = None
    kind: str | None = None
    department: str | None = None
    year: int | None = None
    tables: int = 0
    verdict: str | None = None
    errors: int = 0
    message: str = ""
    llm_calls: list[dict] = field(default_factory=list)


@dataclass
class IngestSummary:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def llm_usage(self) -> dict:
        """The model calls of this run, added up (all zero when no model was used)."""
        calls = [c for r in self.results for c in r.llm_calls]
        total: dict = {"calls": len(calls)}
        for k in ("cached", "requests", "retries", "reasks", "tokens_in", "tokens_out"):
            total[k] = sum(int(c.get(k) or 0) for c in calls)
        total["failed"] = sum(not c.get("ok") for c in calls)
        costs = [Decimal(c["cost"]) for c in calls if c.get("cost") is not None]
        total["cost"] = str(sum(costs, Decimal(0))) if costs else None
        return total


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest, and results for paths that cannot be (missing, unsupported)."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED | OLD_FORMATS
                and not f.name.startswith((".", "~$"))
            )  # fmt: skip
            if not found:
                problems.append(FileResult(str(p), "failed", message=f"{p}: no supported files"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(FileResult(str(p), "failed", message=f"{p}: no such file or folder"))
    return files, problems


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks: a report's identity, known before
    anything is loaded or extracted."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _already_stored(db: Database, path: str | Path) -> FileResult | None:
    """The skipped result when the file's bytes are stored, so nothing else is done for it."""
    sha = file_sha256(path)
    if store.has_report(db, sha):
        return FileResult(str(path), "skipped", sha256=sha, message="already stored")
    return None


def _save(db: Database, path: str, done: Processed) -> FileResult:
    """Write what was processed (here, in the process holding the database) and say so."""
    report, verification = done.report, done.verification
    store.save_report(
        db, report, verification, path=path, format=done.source.format, llm_calls=done.llm_calls
    )
    return FileResult(
        path, "stored", sha256=report.sha256, kind=report.kind.value,
        department=report.department, year=report.year, tables=len(report.tables),
        verdict=verification.verdict, errors=len(verification.errors),
        llm_calls=done.llm_calls,
    )  # fmt: skip


def ingest_file(
    db: Database, path: str | Path, *, llm: str = "auto", max_bytes: int = MAX_BYTES
) -> FileResult:
    """Store one file the way every caller does (the CLI through ``ingest``, the web upload):
    hash the bytes first and skip a stored file before loading it or asking the model
    anything, then load, extract, verify and save. A file that cannot be read raises
    (LoadError, OSError); ``ingest`` turns that into a failed result, the service into a 422.
    """
    return _already_stored(db, path) or _save(
        db, str(path), process(path, llm=llm, max_bytes=max_bytes, cache_path=_db_file(db))
    )


def _work(path: str, llm: str, max_bytes: int, cache_path: str | None = None) -> Processed | str:
    """``ingest_file``'s middle step, run in a worker: the processed file, or why it failed."""
    try:
        return process(path, llm=llm, max_bytes=max_bytes, cache_path=cache_path)
    except LoadError as exc:
        return str(exc)
    except Exception as exc:  # a bug on one file must not stop the batch
        return f"{path}: could not be processed ({type(exc).__name__}: {exc})"


def _db_file(db: Database) -> str | None:
    for row in db.query("PRAGMA database_list"):
        if row["name"] == "main" and row["file"]:
            return row["file"]
    return None


def ingest(
    db: Database,
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    llm: str = "auto",
    max_bytes: int = MAX_BYTES,
    progress: Callable[[FileResult, int, int], None] | None = None,
) -> IngestSummary:
    """``ingest_file`` for many files: every file is hashed and the stored ones skipped first
    (so the progress total counts real work), the rest are processed in worker processes,
    and each is saved here as it comes back, one transaction per report."""
    if llm == "on" and not model_configured():
        raise ModelNotConfigured(NO_MODEL)
    cache_path = _db_file(db)
    files, problems = collect(paths)
    summary = IngestSummary(results=list(problems))
    todo: list[Path] = []
    for f in files:
        if f.suffix.lower() not in SUPPORTED:
            summary.results.append(
                _fail(
                    f,
                    LoadError(
                        str(f),
                        "old binary format",
                        hint=(
                            "convert it first: libreoffice --headless --convert-to "
                            f"{'docx' if f.suffix.lower() in {'.doc', '.wps'} else 'xlsx'} '{f}'"
                        ),
                    ),
                )
            )
            continue
        try:
            skipped = _already_stored(db, f)
        except OSError as exc:
            summary.results.append(FileResult(str(f), "failed", message=f"{f}: {exc.strerror}"))
            continue
        if skipped:
            summary.results.append(skipped)
        else:
            todo.append(f)
    total = len(todo)
    workers = max(1, workers or os.cpu_count() or 1)
    finished = 0

    def record(path: str, done: Processed | str) -> None:
        nonlocal finished
        finished += 1
        if isinstance(done, str):
            result = FileResult(path, "failed", message=done)
        else:
            result = _save(db, path, done)
        summary.results.append(result)
        if progress:
            progress(result, finished, total)

    if workers == 1 or total <= 1:
        for f in todo:
            record(str(f), _work(str(f), llm, max_bytes, cache_path))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_work, str(f), llm, max_bytes, cache_path): f for f in todo}
            for fut in as_completed(futures):
                record(str(futures[fut]), fut.result())
    return summary


def _fail(path: Path, exc: LoadError) -> FileResult:
    return FileResult(str(path), "failed", message=str(exc))
