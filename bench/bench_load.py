"""Pages per second for PDF loading (extractor.formats.load on a generated multi-page report).

Usage: .venv/bin/python bench/bench_load.py [--repeat N] [--runs K]

The PDF is written by the test fixture generator (reportlab, STSong-Light) from the project's
examples/ reports (or the fixture report when examples/ is empty), repeated N times, so it
has the corpus's mix of prose and ruled tables. Reports the median of K runs, plus the
DOCX/XLSX/text load times of the same report for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.formats.load import load  # noqa: E402
from tests import fixtures as fx  # noqa: E402


def report_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return "\n".join(texts) if texts else fx.SAMPLE_REPORT


def timed(path: Path, runs: int) -> tuple[float, object]:
    times, src = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        src = load(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), src


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="copies of the report in the PDF")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    text = report_text()
    with tempfile.TemporaryDirectory() as d:
        pdf = fx.write_pdf(text, Path(d) / "bench.pdf", repeat=args.repeat)
        seconds, src = timed(pdf, args.runs)
        pages = len(src.pages)
        print(
            f"PDF: {pages} pages, {len(src.native_tables)} native tables, "
            f"{len(src.text):,} chars: median {seconds:.3f} s over {args.runs} runs "
            f"= {pages / seconds:.1f} pages/s"
        )
        for fmt, write in (("docx", fx.write_docx), ("xlsx", fx.write_xlsx)):
            path = write(text, Path(d) / f"bench.{fmt}")
            s, _ = timed(path, args.runs)
            print(f"{fmt.upper()}: the same report (once): median {s * 1000:.1f} ms")
        txt = Path(d) / "bench.txt"
        txt.write_text(text, encoding="utf-8")
        s, _ = timed(txt, args.runs)
        print(f"TXT: the same report (once): median {s * 1000:.2f} ms")


if __name__ == "__main__":
    main()
