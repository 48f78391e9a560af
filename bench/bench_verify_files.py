"""How long `hedui verify` takes on each corpus report: load + extract + verify, in-process.

Median of repeated runs (the first run, which imports and warms caches, is not counted).
Run: .venv/bin/python bench/bench_verify_files.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from corpora import TEXT, files  # bench/, this script's folder

from extractor import extract, load
from verifier import verify


def time_file(path: Path, runs: int) -> tuple[float, str, int]:
    verdict, n = "", 0
    samples = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        report = extract(load(path))
        v = verify(report)
        elapsed = time.perf_counter() - t0
        if i:
            samples.append(elapsed)
        verdict, n = v.verdict, len(v.problems)
    return statistics.median(samples), verdict, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{'file':<48} {'median ms':>10} {'verdict':>8} {'findings':>9}")
    for path in files("*.txt", TEXT):
        median, verdict, n = time_file(path, args.runs)
        print(f"{path.name[:48]:<48} {median * 1000:>10.1f} {verdict:>8} {n:>9}")


if __name__ == "__main__":
    main()
