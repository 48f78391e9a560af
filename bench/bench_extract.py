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

With ``--steps``, a few single steps the rounds of issue 19 worked on are timed instead, each
over every file in turn (K runs, the cycle collector held off in each as extract_rules holds
it), and their median per report is printed: a change to one step shows there, where a
stage's figure hides it in the noise of the rest.

    .venv/bin/python bench/bench_extract.py [--runs K] [--glob PATTERN] [--profile N] [--steps]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora import files  # noqa: E402  (bench/, this script's folder)

from extractor import load  # noqa: E402
from extractor.claims import extract_claims  # noqa: E402
from extractor.claims.parts import money_parts  # noqa: E402
from extractor.claims.read import _prose_ranges, _sentences  # noqa: E402
from extractor.flow import extract_rules  # noqa: E402
from extractor.gcpause import gc_paused  # noqa: E402
from extractor.segment import identify, segment  # noqa: E402
from extractor.segment.candidates import heading_candidates, read_lines  # noqa: E402
from extractor.tables import parse_tables  # noqa: E402
from extractor.tables.grid import read_coded_tables  # noqa: E402
from extractor.tables.regions import page_numbers  # noqa: E402
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


def steps(paths: list[Path], runs: int) -> None:
    """Median CPU ms per report of each step in ``STEPS`` over every file (see the docstring)."""
    sources = [load(p) for p in paths]
    texts = [s.text for s in sources]
    lines = [read_lines(t) for t in texts]
    sentences = [[(t, a, b) for a, b in prose_sentences(t)] for t in texts]
    # each step asked of one item at a time, its result dropped, as a report's reading does
    work: dict[str, tuple[Callable[..., object], list[tuple[Any, ...]]]] = {
        "read_lines": (read_lines, [(t,) for t in texts]),
        "heading_candidates": (heading_candidates, [(ls,) for ls in lines]),
        "page_numbers": (page_numbers, [(t,) for t in texts]),
        "read_coded_tables": (read_coded_tables, [(t,) for t in texts]),
        "money_parts": (money_parts, [s for ss in sentences for s in ss]),
    }
    n = max(len(sources), 1)
    for name, (fn, items) in work.items():
        for item in items:  # once untimed: caches, compiled patterns
            fn(*item)
        times = []
        for _ in range(runs):
            gc.collect()
            with gc_paused():
                t0 = time.process_time()
                for item in items:
                    fn(*item)
                times.append(time.process_time() - t0)
        print(f"{name:24} {statistics.median(times) * 1000 / n:8.3f} ms a report (median)")


def prose_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences extract_claims reads of a text (its prose ranges, split)."""
    ranges = _prose_ranges(text, segment(text))
    return [sent for a, b in ranges for sent in _sentences(text, a, b)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--glob", default="*.txt", help="which files of each folder (default *.txt)")
    ap.add_argument("--profile", type=int, metavar="N", help="profile instead; print the top N")
    ap.add_argument("--steps", action="store_true", help="time a few single steps instead")
    args = ap.parse_args()
    if args.steps:
        steps(files(args.glob), args.runs)
        return
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
