"""Milliseconds per stage of extraction and verification, per report of the corpora.

Segmenting (with the identity), reading tables, reading claims, typing narratives and
verifying are timed separately (CPU time: the machine is shared, and wall time
measures the neighbours too) on every file of ../shared/corpus, ../shared/corpus-extra and
../shared/corpus-pdf (text forms), and on examples/; the median of K runs of each stage is
printed, then the total over all files. Timing lives here, not in tests: a test that asserts
a duration fails on a busy machine for no fault of the code.

With ``--profile N``, the whole extraction of the same files (extract_rules, K runs) is
profiled instead, and the N functions that spend the most time of their own are printed:
where to look next (the profiler's own cost inflates functions called often).

    .venv/bin/python bench/bench_extract.py [--runs K] [--glob PATTERN] [--profile N]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora import files  # noqa: E402  (bench/, this script's folder)

from extractor import load  # noqa: E402
from extractor.claims import extract_claims  # noqa: E402
from extractor.flow import extract_rules  # noqa: E402
from extractor.segment import identify, segment  # noqa: E402
from extractor.tables import parse_tables  # noqa: E402
from verifier import verify  # noqa: E402

STAGES = ("segment", "tables", "claims", "extract", "verify")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def time_stages(path: Path, runs: int) -> dict[str, float]:
    source = load(path)
    sections = segment(source.text)
    tables = parse_tables(source, sections)
    report = extract_rules(source)
    return {
        "segment": median_ms(lambda: identify(source.text, segment(source.text)), runs),
        "tables": median_ms(lambda: parse_tables(source, sections), runs),
        "claims": median_ms(lambda: extract_claims(source.text, sections, tables), runs),
        "extract": median_ms(lambda: extract_rules(source), runs),
        "verify": median_ms(lambda: verify(report), runs),
    }


def profile(paths: list[Path], runs: int, top: int) -> None:
    """The ``top`` functions by their own time over ``runs`` extractions of every file."""
    sources = [load(p) for p in paths]
    for source in sources:  # once unprofiled: imports, compiled patterns, caches
        extract_rules(source)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        for source in sources:
            extract_rules(source)
    prof.disable()
    print(f"extract_rules, {runs} runs of {len(sources)} files, by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--glob", default="*.txt", help="which files of each folder (default *.txt)")
    ap.add_argument("--profile", type=int, metavar="N", help="profile instead; print the top N")
    args = ap.parse_args()
    if args.profile:
        profile(files(args.glob), args.runs, args.profile)
        return
    totals = dict.fromkeys(STAGES, 0.0)
    print(f"{'file':48} " + " ".join(f"{s:>8}" for s in STAGES) + "   (ms, median)")
    paths = files(args.glob)
    for path in paths:
        row = time_stages(path, args.runs)
        for s in STAGES:
            totals[s] += row[s]
        print(f"{path.name[:48]:48} " + " ".join(f"{row[s]:8.1f}" for s in STAGES))
    print(f"{'total':48} " + " ".join(f"{totals[s]:8.1f}" for s in STAGES))
    n = max(len(paths), 1)
    print(f"{'a report (mean)':48} " + " ".join(f"{totals[s] / n:8.1f}" for s in STAGES))


if __name__ == "__main__":
    main()
