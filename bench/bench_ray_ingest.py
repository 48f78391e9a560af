"""Ingest on Ray against the local workers, and how fast the one driver can write (issue 21).

Part 1: the same folder of real PDFs (../shared/corpus-pdf, 10 reports, ~300 pages) ingested
into a new store with ``--workers 1`` and ``--workers 2`` (pebble, this machine) and through a
local Ray instance of 1 and of 2 CPUs (``--ray``): reports/s and pages/s, wall time from the
first file to the last report stored (Ray's own start-up is timed apart; the workers' start-up
is inside the figure on both paths).

Part 2: the driver's write rate — what one SQLite writer takes when the workers are many.
Real extracted reports (the text corpora, processed once here) are written again and again
under new hashes: one transaction per report (what ingest does now), then batches of 50 in one
transaction; each as reports/s and rows/s, with the CPU time the driver spends, and the cost of
receiving a result (unpickling a ``Processed``: with the collector on, as ray.get did, and
held off, as the writer does now that a task sends the pickled bytes).

Run: .venv/bin/python bench/bench_ray_ingest.py [--skip-throughput] [--writes N]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.formats.limits import Limits  # noqa: E402
from extractor.gcpause import gc_paused  # noqa: E402
from hedui import store  # noqa: E402
from hedui.ingest import _work, ingest  # noqa: E402
from hedui.pipeline import Processed  # noqa: E402

SHARED = ROOT.parent / "shared"
CHILD_TABLES = ("sections", "tables", "cells", "claims", "findings")


def _pages(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def throughput(folder: Path, tmp: Path) -> None:
    pdfs = sorted(folder.glob("*.pdf"))
    pages = sum(map(_pages, pdfs))
    print(f"part 1: {len(pdfs)} PDFs, {pages} pages, from {folder}")
    runs: list[tuple[str, dict]] = [
        ("--workers 1", {"workers": 1}),
        ("--workers 2", {"workers": 2}),
        ("--ray, 1 CPU", {"ray": 1}),
        ("--ray, 2 CPUs", {"ray": 2}),
    ]
    for label, how in runs:
        db = store.open_db(tmp / f"t{len(list(tmp.iterdir()))}.db")
        started = 0.0
        if "ray" in how:
            import ray

            t0 = time.perf_counter()
            ray.init(address="local", num_cpus=how["ray"], log_to_driver=False)
            started = time.perf_counter() - t0
        t0, children = time.perf_counter(), _children_cpu()
        if "ray" in how:
            summary = ingest(db, [folder], ray="")
        else:
            # forked: the workers are this process's children, so their CPU time is counted
            summary = ingest(db, [folder], workers=how["workers"], start="fork")
        elapsed = time.perf_counter() - t0
        if "ray" in how:
            import ray

            ray.shutdown()
        stored = summary.count("stored")
        extra = f" (Ray started in {started:.1f} s, not counted)" if started else ""
        if "workers" in how:  # joined by now
            cpu = _children_cpu() - children
            extra = f" ({cpu:.1f} s CPU in workers: {pages / cpu:.1f} pages per CPU-second)"
        print(
            f"  {label:14} {stored} stored, {summary.count('failed')} failed in {elapsed:5.1f} s"
            f" → {stored / elapsed:.2f} reports/s, {pages / elapsed:.1f} pages/s{extra}"
        )


def _processed(files: list[Path]) -> list[Processed]:
    out = []
    for f in files:
        done = _work(str(f), "off", Limits())
        if isinstance(done, Processed):
            out.append(done)
    return out


def _renamed(done: Processed, i: int) -> Processed:
    sha = hashlib.sha256(f"{done.report.sha256}:{i}".encode()).hexdigest()
    return Processed(done.source, done.report.model_copy(update={"sha256": sha}), done.verification)


def _rows(db) -> int:
    return (
        sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CHILD_TABLES)
        + (db.execute("SELECT count(*) FROM reports").fetchone()[0])
    )


def writes(files: list[Path], n: int, tmp: Path) -> None:
    base = _processed(files)
    print(f"part 2: {n} reports written, made from {len(base)} extracted text reports")
    blobs = [pickle.dumps(p) for p in base]
    mean_kb = statistics.mean(map(len, blobs)) / 1024
    # as ray.get would with the collector on, and as the writer does (ResultWriter.add_sent:
    # the task sends the pickled bytes, unpickled with the collector held off for the batch)
    for label, held in (("collector on", nullcontext), ("held off, as the writer", gc_paused)):
        t0 = time.process_time()
        with held():
            for b in blobs * 5:
                pickle.loads(b)
        per = (time.process_time() - t0) / (5 * len(blobs))
        print(
            f"  receiving a result (unpickling a Processed, {mean_kb:.0f} KB; {label}): "
            f"{per * 1000:.1f} ms CPU → {1 / per:.0f} results/s"
        )
    for batch in (1, 50):
        db = store.open_db(tmp / f"w{batch}.db")
        todo = [_renamed(base[i % len(base)], i) for i in range(n)]
        w0, c0 = time.perf_counter(), time.process_time()
        for start in range(0, n, batch):
            chunk = todo[start : start + batch]
            if batch == 1:
                store.save_report(db, chunk[0].report, chunk[0].verification, format="txt")
            else:  # what ingest's ResultWriter does with a batch
                store.save_reports(
                    db, [store.ToSave(d.report, d.verification, None, "txt", []) for d in chunk]
                )
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        rows = _rows(db)
        print(
            f"  {'one transaction per report' if batch == 1 else f'batches of {batch}':26} "
            f"{n / wall:6.1f} reports/s, {rows / wall:8.0f} rows/s "
            f"({rows / n:.0f} rows a report; {cpu / n * 1000:.1f} ms CPU a report)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--writes", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.skip_throughput:
            folder = tmp / "pdf"
            folder.mkdir()
            for pdf in sorted((SHARED / "corpus-pdf").glob("*.pdf")):
                shutil.copy(pdf, folder / pdf.name)
            if not any(folder.iterdir()):
                sys.exit(f"no PDFs in {SHARED / 'corpus-pdf'}: part 1 needs them")
            throughput(folder, tmp)
        texts = sorted((SHARED / "corpus").glob("*.txt")) + sorted(
            (ROOT / "examples").glob("*.txt")
        )
        texts += sorted((SHARED / "corpus-pdf").glob("*.tsv.txt"))
        writes(texts, args.writes, tmp)


if __name__ == "__main__":
    main()
