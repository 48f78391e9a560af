"""Reports per second for a whole ingest of a folder of generated reports (txt, DOCX, PDF),
with 1 and 2 worker processes.

The folder is made from the project's examples: each copy has its amounts' digits varied (so
every file is a new report by SHA-256), and a share of them is written as DOCX and PDF with
the test fixture writers. Run: .venv/bin/python bench/bench_ingest.py [--reports N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hedui import store  # noqa: E402
from hedui.ingest import ingest  # noqa: E402
from tests.fixtures import write_docx, write_pdf  # noqa: E402


def make_folder(folder: Path, n: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    examples = sorted((ROOT / "examples").glob("*.txt"))
    counts = {"txt": 0, "docx": 0, "pdf": 0}
    for i in range(n):
        text = examples[i % len(examples)].read_text(encoding="utf-8")
        # vary the last digit of every amount, so each file is a distinct report
        text = re.sub(r"(\d+\.\d)\d", lambda m: m.group(1) + str(rng.randrange(10)), text)
        fmt = "pdf" if i % 10 == 9 else "docx" if i % 5 == 4 else "txt"
        path = folder / f"r{i:04d}.{fmt}"
        if fmt == "txt":
            path.write_text(text, encoding="utf-8")
        elif fmt == "docx":
            write_docx(text, path)
        else:
            write_pdf(text, path)
        counts[fmt] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        counts = make_folder(folder, args.reports)
        print(f"{args.reports} reports: {counts}")
        for workers in (1, 2):
            db = store.open_db(Path(tmp) / f"w{workers}.db")
            t0 = time.perf_counter()
            summary = ingest(db, [folder], workers=workers)
            elapsed = time.perf_counter() - t0
            stored = summary.count("stored")
            print(
                f"workers={workers}: {stored} stored, {summary.count('failed')} failed in "
                f"{elapsed:.1f} s → {stored / elapsed:.1f} reports/s"
            )


if __name__ == "__main__":
    main()
