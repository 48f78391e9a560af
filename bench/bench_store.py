"""What the store costs a report: bytes on disk and write time.

    .venv/bin/python bench/bench_store.py [FILE] [--copies N] [--runs K]

FILE (default ../shared/corpus/001_*.txt) is loaded, extracted and verified once; then the
same report is written N times under N different SHA-256s (so every copy is a new report
with its own rows, as N different files would be) into a fresh store, as ingest writes
them. Printed:

- the file of a store holding that one report (the database after a WAL checkpoint and
  VACUUM, so the WAL is empty and free pages are gone), and kB a report over the N copies
  (the N-copy store less the empty store, divided by N: the schema's fixed pages are not
  any report's cost; the empty store has the tables of pairs of years too, which the first
  ingest makes: counted as the reports' before, 1.8 kB a report for 20 copies);
- where the bytes go, per table (SQLite's dbstat), for one report, and a report's share of
  each over the N copies (the N-copy store less the empty one, divided by N: the figure
  that adds up to the kB a report);
- write time: median CPU ms a report over K runs of N copies, reports/s, and rows/s (every
  row written: reports, sections, tables, cells, claims, findings and search index rows).

With ``--ingest K``: text ingest end to end in this one process (load, extract, verify,
store; hedui.ingest.ingest with isolate=False), of the corpus's text files each copied K
times with a line added (so each copy is a new report), in CPU reports/s: a core's rate.

Runs against the store before batching too (one save_report per report), so the same
script gives the figures before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hedui import ingest, store  # noqa: E402

try:
    from hedui import years
except ImportError:  # an older hedui: no pairs of years
    years = None  # type: ignore[assignment]
from hedui.pipeline import Processed, process  # noqa: E402

ROW_TABLES = ("reports", "sections", "tables", "cells", "claims", "findings", "search_fts")


def default_file() -> Path:
    return next((ROOT.parent / "shared" / "corpus").glob("001_*.txt"))


def copies(done: Processed, n: int, tag: str) -> list[Processed]:
    """``done`` under ``n`` new SHA-256s: the same report, n distinct reports to the store."""
    out = []
    for i in range(n):
        sha = hashlib.sha256(f"{tag}-{i}".encode()).hexdigest()
        report = done.report.model_copy(update={"sha256": sha})
        out.append(Processed(done.source, report, done.verification, []))
    return out


def write(db, items: list[Processed], batch: int | None = None) -> None:
    """Write as ingest does: through its ResultWriter (``batch`` reports a transaction) when
    hedui has one, else one save_report a report."""
    writer = getattr(ingest, "ResultWriter", None)
    if writer is None:
        for p in items:
            store.save_report(db, p.report, p.verification, path=p.report.file_name,
                              format=p.source.format, if_absent=True)  # fmt: skip
        return
    results: list = []
    with writer(db, results.append, batch=batch, max_wait=1e9) as w:
        for p in items:
            w.add(p.report.file_name, p)
    assert all(r.status == "stored" for r in results), results[:1]


def compact_size(path: Path) -> int:
    """The store's bytes once the WAL is checkpointed into it and free pages are dropped."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(str(path) + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def by_table(path: Path) -> list[tuple[str, int]]:
    """Bytes per table, its indexes and (for the search index) its shadow tables together."""
    conn = sqlite3.connect(str(path))
    rows = conn.execute(
        "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
        "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1"
    ).fetchall()
    conn.close()
    merged: dict[str, int] = {}
    for name, size in rows:
        for index in ("search_fts", "search_grams"):  # an FTS5 table and its shadow tables
            if name.startswith(index):
                name = f"{index} (all)"
        key = name
        merged[key] = merged.get(key, 0) + size
    return sorted(merged.items(), key=lambda x: -x[1])


def shares(store_path: Path, empty: Path, n: int) -> list[tuple[str, float]]:
    """Each table's bytes in a store of ``n`` reports less those in the empty store, over
    ``n``: a report's share of each (both compacted, as compact_size leaves them)."""
    base = dict(by_table(empty))
    out = [(name, (size - base.get(name, 0)) / n) for name, size in by_table(store_path)]
    return [(name, share) for name, share in out if share >= 50]


def count_rows(db) -> int:
    """Rows written: every table of ROW_TABLES (the index's rows counted by search_pieces,
    or search_text before it, one a row, where the index keeps no content and cannot be
    scanned)."""
    have = set(db.table_names()) | set(db.view_names())  # layout 5: views of report_*
    tables = [t for t in ROW_TABLES if t in have]
    for kept in ("search_pieces", "search_text"):
        if kept in have:
            tables = [(kept if t == "search_fts" else t) for t in tables]
            break
    return sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def ingest_rate(k: int) -> None:
    """Text ingest, end to end in one process, of the corpus files copied ``k`` times."""
    files = sorted(p for p in (ROOT.parent / "shared" / "corpus").glob("*.txt")
                   if p.name != "README.md")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i in range(k):
            for f in files:
                text = f.read_text(encoding="utf-8") + f"\n（副本{i}）\n"
                (folder / f"{i:03d}_{f.name}").write_text(text, encoding="utf-8")
        db = store.open_db(Path(tmp) / "i.db")
        t0, c0 = time.perf_counter(), time.process_time()
        summary = ingest.ingest(db, [folder], isolate=False, llm="off")
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        n = summary.count("stored")
        print(f"text ingest, one process: {n} reports ({len(files)} corpus files × {k}) in "
              f"{cpu:.1f} s CPU ({wall:.1f} s wall) → {n / cpu:.1f} reports/s a core, "
              f"{cpu / max(1, n) * 1000:.0f} ms CPU a report")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ingest", type=int, default=0, metavar="K")
    args = ap.parse_args()
    if args.ingest:
        ingest_rate(args.ingest)
        return
    path = args.file or default_file()
    done = process(path, llm="off")
    chars = len(done.report.text)
    report = done.report
    print(f"{path.name}: {chars:,} characters, {len(report.sections)} sections, "
          f"{len(report.tables)} tables, {len(done.verification.findings)} findings")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.db"
        db = store.open_db(empty)
        if hasattr(years, "ensure"):  # the tables the first ingest adds: no report's cost
            years.ensure(db)
        db.conn.close()
        base = compact_size(empty)
        one = Path(tmp) / "one.db"
        db = store.open_db(one)
        write(db, [done])
        db.conn.close()
        single = compact_size(one)
        print(f"empty store {base / 1000:.0f} kB; with this one report {single / 1000:.0f} kB "
              f"({(single - base) / 1000:.0f} kB over the empty store)")  # fmt: skip
        print("bytes per table, one report:")
        for name, size in by_table(one):
            if size > 4096:
                print(f"  {name:>18} {size / 1000:8.1f} kB")
        batches = [None] if not hasattr(ingest, "ResultWriter") else [1, None]
        for batch in batches:
            cpu, wall, rows = [], [], 0
            for run in range(args.runs):
                many = Path(tmp) / f"many{batch}-{run}.db"
                db = store.open_db(many)
                items = copies(done, args.copies, f"run{run}")
                t0, c0 = time.perf_counter(), time.process_time()
                write(db, items, batch)
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - t0)
                rows = count_rows(db)
                db.conn.close()
                if run == 0 and batch is None:
                    size = compact_size(many)
                    per = (size - base) / args.copies
                    print(f"{args.copies} copies: {size / 1e6:.1f} MB → {per / 1000:.1f} kB a "
                          f"report ({per / max(1, len(done.report.text.encode())):.1f}× its "
                          "text's UTF-8 bytes); a report's share per table:")  # fmt: skip
                    for name, share in shares(many, empty, args.copies):
                        print(f"  {name:>18} {share / 1000:8.1f} kB")
            c, w = statistics.median(cpu), statistics.median(wall)
            how = "one save_report a report" if not hasattr(ingest, "ResultWriter") else (
                f"batches of {batch or ingest.batch_size()}")  # fmt: skip
            print(f"write, {how}: {c / args.copies * 1000:.1f} ms CPU a report "
                  f"({w / args.copies * 1000:.1f} ms wall) → {args.copies / c:.0f} reports/s, "
                  f"{rows / c:,.0f} rows/s CPU ({rows // args.copies} rows a report)")  # fmt: skip


if __name__ == "__main__":
    main()
