"""Text ingest, reports per second a core, on the corpus mix: every text file of
../shared/corpus, ../shared/corpus-extra, ../shared/corpus-pdf (the converters' text forms)
and examples/.

Two figures, CPU time (the machine is shared), median of K runs:
- load + extract + verify (``hedui.pipeline.process``, no model), summed over the files: the
  share of an ingest that is reading and checking;
- the whole ingest of the folder into a fresh store, in this process (``isolate=False``, one
  core): the same plus hashing, planning and saving;
then where the whole ingest's time goes, CPU ms a report (medians of the same K runs): each
file processed (load + extract + verify), the store's batch writes (store.save_reports),
the pairing across years (years.after_save), the cycle collector's collections (a part of
each of the others, counted by gc.callbacks), and the rest (planning, hashing, results).

The batches are written as ingest writes them (hedui.ingest.BATCH reports a transaction),
but not cut by time (``max_wait``): on a busy machine a batch would otherwise be written
early, at a different place in each run.

With ``--profile N``, the files are processed once, unprofiled, and what ingest does with
them after (the store's batch writes and the pairing across years, through its ResultWriter)
is profiled over K fresh stores; the N functions of most own time are printed (the
profiler's own cost inflates functions called often).

With ``--workers N`` the ingest is the one ``hedui ingest`` runs by default: the files
processed in N worker processes, each result sent back and stored here. Its CPU time is this
process's (the writes, the pairing, receiving the results) plus the workers' (reading,
checking, sending), CPU ms a report, median of K runs, with the wall time beside it. One pool
serves every run, warmed by a first ingest, as a long ingest's workers are after their first
files; its workers are started by "fork" (ingest's default is "forkserver"; the work a
worker does is the same) so that they are this process's children, whose CPU time
/proc/PID/stat gives.

    .venv/bin/python bench/bench_text_ingest.py [--runs K] [--profile N] [--workers N]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora import files  # noqa: E402  (bench/, this script's folder)

from extractor.formats.limits import Limits  # noqa: E402
from hedui import ingest as ingest_module  # noqa: E402
from hedui import store, supervisor, years  # noqa: E402
from hedui.ingest import ingest  # noqa: E402
from hedui.pipeline import process  # noqa: E402


def corpus_mix() -> list[Path]:
    """The text files, each distinct content once (corpus-extra repeats some text forms)."""
    seen: dict[str, Path] = {}
    for p in files("*.txt"):
        seen.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), p)
    return list(seen.values())


def cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


class Phases:
    """CPU seconds spent in a few functions of ingest (wrapped where ingest looks them up),
    and in the cycle collector's collections, while ``timing``."""

    WRAPPED = (
        ("file processed", ingest_module, "_work"),
        ("store writes", store, "save_reports"),
        ("pairing across years", years, "after_save"),
    )

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._gc_start = 0.0

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.process_time()
        else:
            self.spent["cycle collector"] = (
                self.spent.get("cycle collector", 0.0) + time.process_time() - self._gc_start
            )

    def _wrap(self, label: str, fn):
        def timed(*args, **kw):
            t0 = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.process_time() - t0

        return timed

    def timing(self):
        """A context in which the functions are timed (and put back after)."""
        from contextlib import contextmanager

        @contextmanager
        def ctx():
            self.spent = {}
            saved = [(mod, name, getattr(mod, name)) for _, mod, name in self.WRAPPED]
            for label, mod, name in self.WRAPPED:
                setattr(mod, name, self._wrap(label, getattr(mod, name)))
            gc.callbacks.append(self._gc)
            try:
                yield self.spent
            finally:
                gc.callbacks.remove(self._gc)
                for mod, name, fn in saved:
                    setattr(mod, name, fn)

        return ctx()


def profile_writes(files: list[Path], runs: int, top: int) -> None:
    """The ``top`` functions by own time of writing the processed files into ``runs`` fresh
    stores, as ingest's ResultWriter writes and pairs them (one batch a store here)."""
    done = [(str(f), process(f, llm="off")) for f in files]

    def write(db) -> None:
        with ingest_module.ResultWriter(db, lambda _: None, max_wait=float("inf")) as writer:
            for path, d in done:
                writer.add(path, d)

    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        write(store.open_db(Path(tmp) / "warm.db"))  # imports, tables, caches
        for k in range(runs):
            db = store.open_db(Path(tmp) / f"run{k}.db")
            prof.enable()
            write(db)
            prof.disable()
            db.conn.close()
    print(f"store writes and pairing, {runs} runs of {len(files)} reports, by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def copied(files: list[Path], tmp: Path) -> Path:
    """A folder of ``tmp`` holding ``files``, numbered (two forms may share a name)."""
    folder = tmp / "in"
    folder.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, folder / f"{i:03d}_{f.name}")
    return folder


def children_cpu() -> float:
    """CPU seconds of this process's living children so far (their /proc/PID/stat)."""
    me, tick, spent = os.getpid(), os.sysconf("SC_CLK_TCK"), 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == me:  # ppid; then utime, stime are fields 14 and 15 of stat
            spent += (int(fields[11]) + int(fields[12])) / tick
    return spent


def pooled(files: list[Path], runs: int, workers: int) -> None:
    """The default ingest's CPU a report: this process's and its workers' (see the docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = copied(files, Path(tmp))
        with supervisor.pool(workers, Limits.from_env(), "fork") as pool:
            ingest(store.open_db(Path(tmp) / "warm.db"), [folder], llm="off", pool=pool)
            mains, kids, walls = [], [], []
            for k in range(runs):
                db = store.open_db(Path(tmp) / f"run{k}.db")
                c0 = children_cpu()  # (read outside this process's timing: it costs ~1 ms)
                m0, w0 = time.process_time(), time.perf_counter()
                summary = ingest(db, [folder], llm="off", pool=pool)
                walls.append(time.perf_counter() - w0)
                mains.append(time.process_time() - m0)
                kids.append(children_cpu() - c0)
                assert summary.count("stored") == len(files), summary.count("stored")
                db.conn.close()
    n = len(files)
    main_ms, kid_ms = statistics.median(mains) * 1000 / n, statistics.median(kids) * 1000 / n
    total = statistics.median(m + c for m, c in zip(mains, kids, strict=True)) * 1000 / n
    print(
        f"ingest with {workers} worker(s), {n} text reports: {total:.1f} ms CPU a report = "
        f"{1000 / total:.1f} reports/s a core (median of {runs}); this process "
        f"{main_ms:.1f} ms, the workers {kid_ms:.1f} ms; wall "
        f"{statistics.median(walls) * 1000 / n:.1f} ms a report"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", type=int, metavar="N", help="profile the writes; print the top N")
    ap.add_argument("--workers", type=int, metavar="N", help="ingest as hedui does: N workers")
    args = ap.parse_args()
    files = corpus_mix()
    if args.profile:
        profile_writes(files, args.runs, args.profile)
        return
    if args.workers:
        pooled(files, args.runs, args.workers)
        return
    for f in files:  # warm up: imports, compiled patterns
        process(f, llm="off")
    work = [sum(cpu(lambda f=f: process(f, llm="off")) for f in files) for _ in range(args.runs)]
    per = statistics.median(work)
    print(
        f"{len(files)} text reports: load + extract + verify {per * 1000 / len(files):.1f} ms "
        f"CPU a report = {len(files) / per:.1f} reports/s a core (median of {args.runs})"
    )
    whole = []
    phases = Phases()
    spent: dict[str, list[float]] = {}
    writer = ingest_module.ResultWriter.__init__
    with tempfile.TemporaryDirectory() as tmp:
        folder = copied(files, Path(tmp))
        kwdefaults = dict(writer.__kwdefaults__ or {})
        writer.__kwdefaults__ = {**kwdefaults, "max_wait": float("inf")}
        try:
            for k in range(args.runs):
                db = store.open_db(Path(tmp) / f"run{k}.db")
                with phases.timing() as parts:
                    t0 = time.process_time()
                    summary = ingest(db, [folder], llm="off", isolate=False)
                    whole.append(time.process_time() - t0)
                for label, seconds in parts.items():
                    spent.setdefault(label, []).append(seconds)
                assert summary.count("stored") == len(files), summary.count("stored")
                db.conn.close()
        finally:
            writer.__kwdefaults__ = kwdefaults
    total = statistics.median(whole)
    print(
        f"whole ingest (isolate=False, one core): {total * 1000 / len(files):.1f} ms CPU a "
        f"report = {len(files) / total:.1f} reports/s a core; reading and checking are "
        f"{per / total:.0%} of it"
    )
    order = [label for label, _, _ in Phases.WRAPPED] + ["the rest", "cycle collector"]
    shown = {label: statistics.median(spent.get(label, [0.0])) for label in order}
    shown["the rest"] = total - sum(shown[label] for label, _, _ in Phases.WRAPPED)
    for label, seconds in shown.items():
        note = " (within the others)" if label == "cycle collector" else ""
        print(f"  {label:22} {seconds * 1000 / len(files):6.2f} ms a report{note}")


if __name__ == "__main__":
    main()
