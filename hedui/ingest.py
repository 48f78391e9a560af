"""Storing files: ``ingest_file`` for one, ``ingest`` for folders of them in worker processes.

Workers only read files and compute; the parent alone writes (ResultWriter), a batch of reports
a transaction, so a killed run leaves every stored report whole and a re-run continues where it
stopped (stored files are skipped by the hash of their bytes). Each
file is held to the per-file limits (extractor.formats.limits) — sizes checked as it loads,
time and memory by the supervised workers (hedui.supervisor) — and a file over one fails alone,
its message naming it and the limit, while the batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from queue import Empty, SimpleQueue

from pebble import ProcessPool
from sqlite_utils import Database

from extractor.formats.limits import Limits
from extractor.formats.load import convert_hint, reads_as_text
from extractor.gcpause import gc_paused
from extractor.source import LoadError
from hedui import store, supervisor, years
from hedui.pipeline import NO_MODEL, ModelNotConfigured, Processed, model_configured, process
from verifier.report import Finding, Report

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


BATCH = 50  # reports a transaction, unless HEDUI_INGEST_BATCH says otherwise
MAX_WAIT = 2.0  # seconds a processed report waits for its batch before it is written anyway
# seconds a batch waits for more results, when none is ready, before it is written: a writer
# that keeps up with its workers would otherwise commit each report alone, and small batches
# cost more a report (more commits, more of the pairs across years read back from the store).
# bench_text_ingest --workers 1 / 2, this process's CPU a report: 28.4 / 25.5 ms written at
# once, 24.5 / 23.0 at 0.25 s, 23.3 / 21.0 at 0.5 s, 21 / 21 at 1 s. A file is shown done this
# much later at most, and an ingest's last batch, larger, is written after the workers are
# done where it overlapped them (one worker, the 39 files of the corpus mix: 1.17 s at once,
# 1.32 s at 0.5 s, 1.48 s at 1 s; two workers: the same 1.2 s at each)
IDLE_WAIT = 0.5


def batch_size() -> int:
    """Reports written in one transaction: HEDUI_INGEST_BATCH, else BATCH. A batch costs one
    commit instead of one a report, and the search index writes one segment for it; what a
    killed ingest loses is at most the batch it was gathering (redone on the next run)."""
    raw = os.environ.get("HEDUI_INGEST_BATCH", "").strip()
    if not raw:
        return BATCH
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"HEDUI_INGEST_BATCH={raw!r}: give a number of reports, e.g. {BATCH}")
    return int(raw)


class ResultWriter:
    """Where processed files go to be stored, whatever ran them (a process pool, a cluster,
    this process): ``add`` each file's outcome — its Processed or why it failed — and the
    writer stores the processed ones ``batch`` reports a transaction, then hands every
    file's FileResult to ``emit`` (a file that failed at once; the stored or skipped ones
    as their batch commits). Use it as a context manager, or call ``close``: what is still
    gathered is written then.

    A batch is one transaction: a killed ingest leaves every report of the batches committed
    before whole and nothing of the one it was gathering. A batch the database refuses (disk
    full) is written again one report a transaction, so only the reports that do not fit
    fail, each with the database's own reason. A batch is also written when a file is added
    after its oldest report has waited ``max_wait`` seconds, so slow files (PDFs) are not
    held back long. A scheduler that finds no result ready waits ``idle_wait()`` seconds for
    one, then calls ``flush`` (ingest's do): a batch still gathers the results that come
    within IDLE_WAIT of its first, and a file is stored, and shown as done, at most that
    long after nothing else is ready.

    While a batch is gathered the cycle collector is held off (extractor.gcpause), until the
    batch is written: the reports waiting in it are tens of thousands of live objects each,
    which its collections would walk again at every report (a tenth of a text ingest's CPU
    time was spent so, freeing nothing: extracting and verifying leave no cycles). What the
    batch's time leaves in cycles is collected once it is written; a caller that processes
    a file here whose reading does leave them (a PDF, a model's calls) runs it in
    ``collecting()``."""

    def __init__(
        self,
        db: Database,
        emit: Callable[[FileResult], None],
        *,
        batch: int | None = None,
        max_wait: float = MAX_WAIT,
    ) -> None:
        self.db, self.emit = db, emit
        self.batch = max(1, batch or batch_size())
        self.max_wait = max_wait
        self._pending: list[tuple[str, Processed]] = []
        self._since = 0.0
        self._paused = False  # the collector held off by this writer (it was on)

    def add(self, path: str, done: Processed | str) -> None:
        """One file's outcome: a Processed to store, or the message saying why it failed."""
        if isinstance(done, str):
            self.emit(FileResult(path, "failed", message=done))
            return
        if not self._pending:
            self._since = time.monotonic()
            self._hold()
        self._pending.append((path, done))
        if len(self._pending) >= self.batch or time.monotonic() - self._since >= self.max_wait:
            self.flush()

    def add_sent(self, path: str, sent: bytes | Processed | str) -> None:
        """``add`` of a result as a worker sends it (``_in_worker``; a Ray task's too): a
        Processed pickled, unpickled here once the batch's pause has begun, so that no
        collection walks it on its way in; or why the file failed (a task that returns the
        Processed itself is taken as it is)."""
        if not isinstance(sent, bytes):
            self.add(path, sent)
            return
        self._hold()
        try:
            done = pickle.loads(sent)
        except Exception as exc:  # (a worker of another hedui version): this file alone fails
            self.add(
                path, f"{path}: its result could not be received ({type(exc).__name__}: {exc})"
            )
            return
        self.add(path, done)

    def _hold(self) -> None:
        """Hold the collector off for the batch, if it is on. A collector the host (or another
        writer, in another thread) holds off is left to it: disabled here only when found on,
        so that this writer's flush, and no one else, turns it on again (else a flush between
        the two lines left it off)."""
        if not self._paused and gc.isenabled():
            self._paused = True  # before: an interrupt between the two leaves it on, not off
            gc.disable()

    def idle_wait(self) -> float:
        """Seconds to wait for another result, none being ready, before writing the batch:
        what is left of IDLE_WAIT since its first report (0 when nothing is gathered)."""
        if not self._pending:
            return 0.0
        return max(0.0, self._since + IDLE_WAIT - time.monotonic())

    def flush(self) -> None:
        """Write what is gathered, in one transaction, and emit its results; the collector's
        pause ends with it."""
        try:
            self._write()
        finally:
            if self._paused:
                gc.enable()  # before the flag: an interrupt between the two leaves it on
                self._paused = False

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """The collector runs for the body even while a batch is gathered (and is held off
        again after): for processing a file in this process whose reading leaves cycles."""
        if not self._paused:
            yield
            return
        gc.enable()
        try:
            yield
        finally:
            gc.disable()

    def _write(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        items = [
            store.ToSave(d.report, d.verification, path, d.source.format, d.llm_calls)
            for path, d in pending
        ]
        try:  # the collector held off since the batch's first report (see the class)
            written = store.save_reports(self.db, items, if_absent=True)
            # the batch's reports as pairing finds them stored: each with its own findings
            batch = {
                d.report.sha256: (d.report, d.verification.findings)
                for (_, d), ok in zip(pending, written, strict=True)
                if ok
            }
            results = [
                _result(self.db, path, d, ok, batch)
                for (path, d), ok in zip(pending, written, strict=True)
            ]
        except store.StoreError:  # find the report(s) the database refuses: each alone
            results = [self._one(p, item) for p, item in zip(pending, items, strict=True)]
        for result in results:
            self.emit(result)

    def _one(self, pending: tuple[str, Processed], item: store.ToSave) -> FileResult:
        path, done = pending
        try:
            ok = store.save_reports(self.db, [item], if_absent=True)[0]
        except store.StoreError as exc:
            return FileResult(path, "failed", sha256=done.report.sha256, message=str(exc))
        return _result(self.db, path, done, ok)

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _result(
    db: Database,
    path: str,
    done: Processed,
    written: bool,
    batch: dict[str, tuple[Report, list[Finding]]] | None = None,
) -> FileResult:
    """What happened to a processed file the store was given. Not written: a report stored
    meanwhile (another ingest of the same bytes won the race) is left as it is, review
    status and all, and this file counted as skipped. ``batch``: the reports written with
    it, and their own findings, which pairing need not read back from the store."""
    report, verification = done.report, done.verification
    if not written:
        return FileResult(path, "skipped", sha256=report.sha256, message="stored meanwhile")
    # its neighbour years, stored before or later in the batch: the pair checked, the later
    # report's findings and verdict brought up to date (hedui.years)
    saved = (report, verification.findings)
    verdict = years.after_save(db, report.sha256, saved, batch) or verification.verdict
    return FileResult(
        path, "stored", sha256=report.sha256, kind=report.kind.value,
        department=report.department, year=report.year, tables=len(report.tables),
        verdict=verdict, errors=len(verification.errors),
        llm_calls=done.llm_calls,
    )  # fmt: skip


def _save(db: Database, path: str, done: Processed) -> FileResult:
    """Write one processed file now (in the process holding the database) and say so; a
    database that cannot take it (disk full) fails this file with the database's reason."""
    results: list[FileResult] = []
    with ResultWriter(db, results.append, batch=1) as writer:
        writer.add(path, done)
    return results[0]


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


def _in_worker(
    path: str, llm: str, limits: Limits, cache_path: str | None, model: bool
) -> bytes | str:
    """``_work`` as a pool's worker runs it: the processed file, pickled here, or why it failed.

    Pickled here, not by the pool, so that the worker's collector never walks it: pebble keeps
    a task's result until the worker's next task has returned, and a collection in between
    walked all of it (a Report and its findings, some 12,000 objects: 1-2 ms) to free nothing;
    bytes hold nothing to walk. A text read without a model leaves no cycles: it is processed
    and pickled with the collector held off, and let go before the collector is on again. A
    file that leaves cycles (``_leaves_cycles``: a PDF's reader, a model's calls, ``model``
    saying whether one is used) is processed with the collector on, as the worker has it.
    Its first bytes are read here, in the worker, not by the one process that writes."""
    if _leaves_cycles(Path(path), model):
        done = _work(path, llm, limits, cache_path)
        return done if isinstance(done, str) else _pickled(done)
    with gc_paused():
        done = _work(path, llm, limits, cache_path)
        if isinstance(done, str):
            return done
        sent = _pickled(done)
        del done  # gone while the collector is still off: nothing of it is left to walk
    return sent


def _pickled(done: Processed) -> bytes:
    return pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)


def _old_format(f: Path) -> FileResult:
    target = "docx" if f.suffix.lower() in {".doc", ".wps"} else "xlsx"
    return _fail(f, LoadError(str(f), "old binary format", hint=convert_hint(str(f), target)))


def _plan(db: Database, files: list[Path], summary: IngestSummary) -> list[Path]:
    """The files that need work: old formats and unreadable files fail, stored ones and
    repeats of bytes already planned in this batch are skipped, each with a result. Stored
    reports never paired with their neighbour years (an ingest stopped in between, a store
    from before the check across years) are paired now."""
    years.file_unfiled(db)
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
    processed in supervised worker processes under ``limits`` and saved here as they come
    back, a batch of them a transaction (ResultWriter). ``isolate=False`` processes them here
    instead, one by one, without the time and memory limits (for replaying recorded model
    answers).
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

    attempts: dict[str, int | None] = {}  # Ray's tries of a file, where more than one

    def emit(result: FileResult) -> None:
        nonlocal finished
        finished += 1
        result.attempts = attempts.get(result.path, 1)
        summary.results.append(result)
        if progress:
            progress(result, finished, total)

    with ResultWriter(db, emit) as writer:
        if ray is not None and todo:
            from hedui.ray_ingest import process_on_ray

            for path, done, tries in process_on_ray(
                todo,
                llm,
                limits,
                cache_path,
                address=ray,
                at_once=workers,
                idle=writer.flush,
                idle_wait=writer.idle_wait,
            ):
                attempts[path] = tries
                writer.add_sent(path, done)
            return summary
        model = llm != "off" and model_configured()
        if not isolate or not todo:
            for f in todo:
                # a text read without a model leaves no cycles: the batch's pause holds
                leaves_cycles = _leaves_cycles(f, model)
                with writer.collecting() if leaves_cycles else nullcontext():
                    done = _work(str(f), llm, limits, cache_path)
                writer.add(str(f), done)
            return summary
        size = max(1, min(workers or os.cpu_count() or 1, total))
        start = start or supervisor.START
        running = nullcontext(pool) if pool is not None else supervisor.pool(size, limits, start)
        with running as workers_pool:
            # Each task says when it is done into one queue: taking the next result costs
            # the same at any size of batch (concurrent.futures.wait looks at every future
            # still out, twice a file: 10 ms a call with 10,000 out)
            done_queue: SimpleQueue[Future] = SimpleQueue()
            futures: dict[Future, str] = {}
            for f in todo:
                task = (str(f), llm, limits, cache_path, model)
                fut = supervisor.schedule(workers_pool, _in_worker, task, limits)
                futures[fut] = str(f)
                fut.add_done_callback(done_queue.put)
            for _ in range(len(futures)):
                fut = _next_done(done_queue, writer)
                path = futures.pop(fut)  # a future holds its result: let it go once taken
                writer.add_sent(path, supervisor.outcome(fut, path, limits))
    return summary


def _leaves_cycles(f: Path, model: bool) -> bool:
    """Whether processing ``f`` leaves cycles for the collector: a model's calls, or a reader
    other than the text decoder (a PDF's: some 250,000 objects), as its first bytes say, not
    its name (a PDF named .txt is read as a PDF)."""
    return model or not reads_as_text(f)


def _next_done(done_queue: SimpleQueue[Future], writer: ResultWriter) -> Future:
    """The next task done: at once if one is; else after the batch has waited its idle time
    for one (ResultWriter.idle_wait) and, none come, been written."""
    try:
        return done_queue.get_nowait()
    except Empty:
        pass
    wait_for = writer.idle_wait()
    if wait_for > 0:
        try:
            return done_queue.get(timeout=wait_for)
        except Empty:
            pass
    writer.flush()  # nothing ready: store what is gathered, then wait
    return done_queue.get()


def _fail(path: Path, exc: LoadError) -> FileResult:
    return FileResult(str(path), "failed", message=str(exc))
