"""Bulk ingest: walk folders, skip what is stored, extract in worker processes, write here.

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
from hedui.pipeline import NO_MODEL, ModelNotConfigured, model_configured, process

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


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _work(path: str, llm: str, max_bytes: int, cache_path: str | None = None):
    """Runs in a worker: everything but the write of the report."""
    try:
        done = process(path, llm=llm, max_bytes=max_bytes, cache_path=cache_path)
    except LoadError as exc:
        return path, None, None, str(exc), None, []
    except Exception as exc:  # a bug on one file must not stop the batch
        return (
            path,
            None,
            None,
            f"{path}: could not be processed ({type(exc).__name__}: {exc})",
            None,
            [],
        )
    return path, done.report, done.verification, "", done.source.format, done.llm_calls


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
            sha = _sha(f)
        except OSError as exc:
            summary.results.append(FileResult(str(f), "failed", message=f"{f}: {exc.strerror}"))
            continue
        if store.has_report(db, sha):
            summary.results.append(
                FileResult(str(f), "skipped", sha256=sha, message="already stored")
            )
        else:
            todo.append(f)
    total = len(todo)
    workers = max(1, workers or os.cpu_count() or 1)
    done = 0

    def record(path, report, verification, message, fmt, calls) -> None:
        nonlocal done
        done += 1
        if report is None:
            result = FileResult(path, "failed", message=message)
        else:
            store.save_report(db, report, verification, path=path, format=fmt, llm_calls=calls)
            result = FileResult(
                path, "stored", sha256=report.sha256, kind=report.kind.value,
                department=report.department, year=report.year, tables=len(report.tables),
                verdict=verification.verdict, errors=len(verification.errors),
                llm_calls=calls,
            )  # fmt: skip
        summary.results.append(result)
        if progress:
            progress(result, done, total)

    if workers == 1 or total <= 1:
        for f in todo:
            record(*_work(str(f), llm, max_bytes, cache_path))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_work, str(f), llm, max_bytes, cache_path) for f in todo]
            for fut in as_completed(futures):
                record(*fut.result())
    return summary


def _fail(path: Path, exc: LoadError) -> FileResult:
    return FileResult(str(path), "failed", message=str(exc))
