"""Storing files: ``ingest_file`` for one, ``ingest`` for folders of them in worker processes.

Workers only read files and compute; the parent alone writes, one transaction per report, so
a killed run leaves every stored report whole and a re-run continues where it stopped. Each
file is held to the per-file limits (extractor.formats.limits) — sizes checked as it loads,
time and memory by the supervised workers (hedui.supervisor) — and a file over one fails alone,
its message naming it and the limit, while the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from pebble import ProcessPool
from sqlite_utils import Database

from extractor.formats.limits import Limits
from extractor.formats.load import convert_hint
from extractor.source import LoadError
from hedui import store, supervisor
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
    attempts: int | None = 1  # times its task ran: more when Ray retried a lost worker's task


@dataclass
class IngestSummary:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def retried(self) -> list[FileResult]:
        """The files whose task ran more than once (a Ray worker or node lost under it)."""
        return [r for r in self.results if (r.attempts or 1) > 1]

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
    """Files to ingest, and results for paths that cannot be (missing, unsupported, and
    inside folders: an unreadable sub-folder, a dangling link, a link that loops back)."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            found, trouble = _walk(p)
            problems.extend(trouble)
            if not found and not trouble:
                problems.append(FileResult(str(p), "failed", message=f"{p}: no supported files"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(FileResult(str(p), "failed", message=f"{p}: no such file or folder"))
    return files, problems


def _walk(root: Path) -> tuple[list[Path], list[FileResult]]:
    """The supported files under ``root`` (links followed, each folder walked once, so a
    link back up is no loop), and a failed result, with its reason, for each entry that
    could not be looked at: an unreadable folder, a loop, a dangling link."""
    found: list[Path] = []
    trouble: list[FileResult] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename or root
        trouble.append(
            FileResult(str(where), "failed", message=f"{where}: folder skipped ({exc.strerror})")
        )

    seen = {os.path.realpath(root)}
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        for d in list(dirs):
            real = os.path.realpath(os.path.join(folder, d))
            if real in seen:  # a link back to a folder on the way here: a loop
                dirs.remove(d)
                link = Path(folder, d)
                trouble.append(
                    FileResult(str(link), "failed", message=f"{link}: a link that loops, skipped")
                )
            seen.add(real)
        for name in sorted(names):
            f = Path(folder, name)
            if name.startswith((".", "~$")) or f.suffix.lower() not in SUPPORTED | OLD_FORMATS:
                continue
            if f.stem.lower() in _NOT_REPORTS:  # a folder's README says what is in it
                trouble.append(
                    FileResult(str(f), "skipped", message=f"{f}: a README, not a report")
                )
                continue
            if f.is_file():
                found.append(f)
            else:
                why = "a link that loops" if _loops(f) else "a dangling link or not a file"
                trouble.append(FileResult(str(f), "failed", message=f"{f}: {why}, skipped"))
    return sorted(found), trouble


# names of files a folder of reports carries beside them, never reports themselves
_NOT_REPORTS = frozenset({"readme", "read_me", "readme.zh", "license", "changelog"})


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return exc.errno == 40  # ELOOP
    return False


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
    """Write what was processed (here, in the process holding the database) and say so. A
    report stored meanwhile (another ingest of the same bytes won the race) is left as it is,
    review status and all, and this file counted as skipped; a database that cannot take it
    (disk full) fails this file with the database's own reason."""
    report, verification = done.report, done.verification
    try:
        written = store.save_report(
            db, report, verification, path=path, format=done.source.format,
            llm_calls=done.llm_calls, if_absent=True,
        )  # fmt: skip
    except store.StoreError as exc:
        return FileResult(path, "failed", sha256=report.sha256, message=str(exc))
    if not written:
        return FileResult(path, "skipped", sha256=report.sha256, message="stored meanwhile")
    return FileResult(
        path, "stored", sha256=report.sha256, kind=report.kind.value,
        department=report.department, year=report.year, tables=len(report.tables),
        verdict=verification.verdict, errors=len(verification.errors),
        llm_calls=done.llm_calls,
    )  # fmt: skip


def ingest_file(
    db: Database, path: str | Path, *, llm: str = "auto", limits: Limits | None = None
) -> FileResult:
    """Store one file in this process (no time or memory limit: ``ingest`` runs files in
    supervised workers): hash the bytes first and skip a stored file before loading it or
    asking the model anything, then load, extract, verify and save. A file that cannot be
    read raises (LoadError, OSError)."""
    return _already_stored(db, path) or _save(
        db, str(path), process(path, llm=llm, limits=limits, cache_path=store.db_file(db))
    )


def _work(path: str, llm: str, limits: Limits, cache_path: str | None = None) -> Processed | str:
    """``ingest_file``'s middle step, run in a worker: the processed file, or why it failed."""
    try:
        return process(path, llm=llm, limits=limits, cache_path=cache_path)
    except LoadError as exc:
        return str(exc)
    except MemoryError:
        return supervisor.memory_message(path, limits)
    except Exception as exc:  # a bug on one file must not stop the batch
        return f"{path}: could not be processed ({type(exc).__name__}: {exc})"


def _old_format(f: Path) -> FileResult:
    target = "docx" if f.suffix.lower() in {".doc", ".wps"} else "xlsx"
    return _fail(f, LoadError(str(f), "old binary format", hint=convert_hint(str(f), target)))


def _plan(db: Database, files: list[Path], summary: IngestSummary) -> list[Path]:
    """The files that need work: old formats and unreadable files fail, stored ones and
    repeats of bytes already planned in this batch are skipped, each with a result."""
    todo: list[Path] = []
    planned: dict[str, Path] = {}
    for f in files:
        if f.suffix.lower() not in SUPPORTED:
            summary.results.append(_old_format(f))
            continue
        try:
            sha = file_sha256(f)
        except OSError as exc:
            summary.results.append(FileResult(str(f), "failed", message=f"{f}: {exc.strerror}"))
            continue
        if store.has_report(db, sha):
            summary.results.append(FileResult(str(f), "skipped", sha, message="already stored"))
        elif sha in planned:
            summary.results.append(
                FileResult(str(f), "skipped", sha, message=f"same bytes as {planned[sha]}")
            )
        else:
            planned[sha] = f
            todo.append(f)
    return todo


def ingest(
    db: Database,
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    llm: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    isolate: bool = True,
    pool: ProcessPool | None = None,
    start: str | None = None,
    progress: Callable[[FileResult, int, int], None] | None = None,
    ray: str | None = None,
) -> IngestSummary:
    """``ingest_file`` for many files: every file is hashed and the stored ones (and repeats
    within the batch) skipped first, so the progress total counts real work; the rest are
    processed in supervised worker processes under ``limits`` and each is saved here as it
    comes back, one transaction per report. ``isolate=False`` processes them here instead,
    one by one, without the time and memory limits (for replaying recorded model answers).
    ``pool`` is a running supervisor pool to use (the service keeps one); else one is made
    for this batch, its workers started by ``start`` (supervisor.START). ``ray`` (a Ray
    address as ray.init takes it, "" its default) processes them as Ray tasks instead
    (hedui.ray_ingest), ``workers`` then the most at once; they are saved here all the same."""
    if llm == "on" and not model_configured():
        raise ModelNotConfigured(NO_MODEL)
    if ray is not None:
        from hedui.ray_ingest import require_ray

        require_ray()  # before any work: without Ray, say how to install it
    limits = limits or Limits.from_env()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    cache_path = store.db_file(db)
    files, problems = collect(paths)
    summary = IngestSummary(results=list(problems))
    todo = _plan(db, files, summary)
    total, finished = len(todo), 0

    def record(path: str, done: Processed | str, attempts: int | None = 1) -> None:
        nonlocal finished
        finished += 1
        if isinstance(done, str):
            result = FileResult(path, "failed", message=done)
        else:
            result = _save(db, path, done)
        result.attempts = attempts
        summary.results.append(result)
        if progress:
            progress(result, finished, total)

    if ray is not None and todo:
        from hedui.ray_ingest import process_on_ray

        for path, done, attempts in process_on_ray(
            todo, llm, limits, cache_path, address=ray, at_once=workers
        ):
            record(path, done, attempts)
        return summary
    if not isolate or not todo:
        for f in todo:
            record(str(f), _work(str(f), llm, limits, cache_path))
        return summary
    size = max(1, min(workers or os.cpu_count() or 1, total))
    start = start or supervisor.START
    running = nullcontext(pool) if pool is not None else supervisor.pool(size, limits, start)
    with running as workers_pool:
        futures = {
            supervisor.schedule(
                workers_pool, _work, (str(f), llm, limits, cache_path), limits
            ): str(f)
            for f in todo
        }
        for fut in as_completed(futures):
            record(futures[fut], supervisor.outcome(fut, futures[fut], limits))
    return summary


def _fail(path: Path, exc: LoadError) -> FileResult:
    return FileResult(str(path), "failed", message=str(exc))
