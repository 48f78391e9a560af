"""The figures no check reaches, by kind: where hedui's next check would count most.

For every report of the corpora (bench/corpora.py; the PDFs with ``--pdf``), extracted and
verified: each figure other than 0 that took part in no recomputation
(verifier.coverage.unchecked) is counted under its kind — a table's catalogue entry (or
kind) and column, or a claim's kind and role — and the N largest kinds are printed, each
with how many reports it is in and one example (file and line).

    .venv/bin/python bench/unchecked_figures.py [--pdf] [--top N]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpora  # noqa: E402

from extractor import extract, load  # noqa: E402
from verifier import verify  # noqa: E402
from verifier.coverage import unchecked  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdf", action="store_true", help="the published PDFs too")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    paths = [p for p in corpora.files() if args.pdf or p.suffix != ".pdf"]
    count: collections.Counter[tuple[str, str]] = collections.Counter()
    reports: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    example: dict[tuple[str, str], str] = {}
    total = 0
    for path in paths:
        report = extract(load(path))
        for place, name, n in unchecked(report, verify(report).findings):
            key = (place, name)
            count[key] += 1
            reports[key].add(path.name)
            total += 1
            if key not in example and n.span is not None:
                line = report.text.count("\n", 0, n.span.start) + 1
                example[key] = f"{path.name}:{line} {n.raw}"
    print(f"{len(paths)} reports, {total} figures no check reaches; the largest kinds:")
    for (place, name), k in count.most_common(args.top):
        where = example.get((place, name), "")
        print(
            f"{k:6}  {place:5} {name[:40]:40} in {len(reports[(place, name)]):3} reports  e.g. {where}"
        )


if __name__ == "__main__":
    main()
