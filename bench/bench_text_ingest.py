"""Text ingest, reports per second a core, on the corpus mix: every text file of
../shared/corpus, ../shared/corpus-extra, ../shared/corpus-pdf (the converters' text forms)
and examples/.

Two figures, CPU time (the machine is shared), median of K runs:
- load + extract + verify (``hedui.pipeline.process``, no model), summed over the files: the
  share of an ingest that is reading and checking;
- the whole ingest of the folder into a fresh store, in this process (``isolate=False``, one
  core): the same plus hashing, planning and saving.

    .venv/bin/python bench/bench_text_ingest.py [--runs K]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora import files  # noqa: E402  (bench/, this script's folder)

from hedui import store  # noqa: E402
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    files = corpus_mix()
    for f in files:  # warm up: imports, compiled patterns
        process(f, llm="off")
    work = [sum(cpu(lambda f=f: process(f, llm="off")) for f in files) for _ in range(args.runs)]
    per = statistics.median(work)
    print(
        f"{len(files)} text reports: load + extract + verify {per * 1000 / len(files):.1f} ms "
        f"CPU a report = {len(files) / per:.1f} reports/s a core (median of {args.runs})"
    )
    whole = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, f in enumerate(files):
            shutil.copy(f, folder / f"{i:03d}_{f.name}")
        for k in range(args.runs):
            db = store.open_db(Path(tmp) / f"run{k}.db")
            t0 = time.process_time()
            summary = ingest(db, [folder], llm="off", isolate=False)
            whole.append(time.process_time() - t0)
            assert summary.count("stored") == len(files), summary.count("stored")
            db.conn.close()
    total = statistics.median(whole)
    print(
        f"whole ingest (isolate=False, one core): {total * 1000 / len(files):.1f} ms CPU a "
        f"report = {len(files) / total:.1f} reports/s a core; reading and checking are "
        f"{per / total:.0%} of it"
    )


if __name__ == "__main__":
    main()
