"""Pages per second for the published PDFs of ../shared/corpus-pdf, and where the time goes.

For every PDF: the CPU time of ``extractor.load`` (median of K runs), and with ``--split``
one more run split into pdfminer's layout of each page (characters, lines and rects; of it,
"content" is the reading of the content streams), the page objects built from it, the table
finding, the cell texts, the text lines outside the tables, and the rest. CPU time, not wall
time: the machine is shared.

``--pipeline`` also times what an ingest does after loading (extract and verify), so that
the pages per second of a whole PDF ingest, the store aside, are printed too.

``--pdfium`` measures the road not taken yet (issue 19): pypdfium2 reads each page's
characters with their boxes many times faster than pdfminer interprets the page, but its
boxes and characters are not pdfminer's — it prints how long pypdfium2 takes, which share of
pdfplumber's characters it gives at the same place (text, x0 and top within 0.1 pt, from its
loose boxes), and how many pages have no ruled table (where pdfplumber's tables are not needed).

    .venv/bin/python bench/bench_pdf.py [--runs K] [--glob PATTERN] [--split] [--pipeline]
                                        [--pdfium]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract, load  # noqa: E402
from verifier import verify  # noqa: E402

CORPUS_PDF = ROOT.parent / "shared" / "corpus-pdf"
# (label, module, class or None for the module itself, name) whose inclusive CPU time is
# summed. pdfminer lays a page out (its content streams read by pdf_content, which "content"
# times again on its own) before pdf_objects turns the layout into pdfplumber's objects; the
# tables are then found and their cells read by pdf_tables, the text lines by pdfplumber.
# Functions that pdf.py imports by name are timed in pdf.py's namespace.
STAGES = (
    ("layout", "pdfminer.pdfinterp", "PDFPageInterpreter", "process_page"),
    ("content", "extractor.formats.pdf_content", None, "content_objects"),
    ("objects", "extractor.formats.pdf", None, "read_objects"),
    ("find_tables", "extractor.formats.pdf", None, "find_tables"),
    ("cell texts", "extractor.formats.pdf", None, "table_text"),
    ("text lines", "pdfplumber.page", "Page", "extract_text_lines"),
)


def split(path: Path) -> dict[str, float]:
    """CPU seconds of one load of ``path`` by stage (a profiler would distort the shares:
    each stage's function is wrapped in a timer instead, for this one run)."""
    import importlib

    out = {label: 0.0 for label, *_ in STAGES}
    saved = []
    for label, module, cls_name, name in STAGES:
        owner = importlib.import_module(module)
        if cls_name is not None:
            owner = getattr(owner, cls_name)
        original = getattr(owner, name)
        saved.append((owner, name, original))

        def timed(*a, _f=original, _label=label, **k):
            t0 = time.process_time()
            try:
                return _f(*a, **k)
            finally:
                out[_label] += time.process_time() - t0

        setattr(owner, name, timed)
    try:
        t0 = time.process_time()
        load(path)
        out["total"] = time.process_time() - t0
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    return out


def pdfium_compared(path: Path) -> tuple[float, int, int, int, int]:
    """(pypdfium2's CPU seconds for every page's characters and boxes, pdfplumber's characters
    found at the same place by it, pdfplumber's characters, pages, pages without a ruled
    table)."""
    import pdfplumber
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    t0 = time.process_time()
    doc = pdfium.PdfDocument(str(path))
    placed: list[set[tuple[str, float, float]]] = []
    for i in range(len(doc)):
        page = doc[i]
        text_page = page.get_textpage()
        height = page.get_height()
        here = set()
        for k in range(text_page.count_chars()):
            ch = text_page.get_text_range(k, 1)
            left, _, _, top = text_page.get_charbox(k, loose=True)
            here.add((ch, round(left, 1), round(height - top, 1)))
        placed.append(here)
    seconds = time.process_time() - t0
    found = total = without = 0
    with pdfplumber.open(str(path)) as pdf:
        for i, page in enumerate(pdf.pages):
            without += not page.find_tables()
            for c in page.chars:
                total += 1
                found += (c["text"], round(c["x0"], 1), round(c["top"], 1)) in placed[i]
    return seconds, found, total, len(placed), without


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--glob", default="*.pdf")
    ap.add_argument("--split", action="store_true", help="also time the stages")
    ap.add_argument("--pipeline", action="store_true", help="also time extract + verify")
    ap.add_argument("--pdfium", action="store_true", help="also compare pypdfium2's characters")
    args = ap.parse_args()
    pages_total = seconds_total = after_total = 0.0
    pdfium = [0.0, 0, 0, 0, 0]
    parts: dict[str, float] = {}
    for path in sorted(CORPUS_PDF.glob(args.glob)):
        times = []
        for _ in range(args.runs):
            t0 = time.process_time()
            src = load(path)
            times.append(time.process_time() - t0)
        seconds = statistics.median(times)
        pages = len(src.pages)
        pages_total += pages
        seconds_total += seconds
        line = f"{path.name[:40]:40} {pages:3} pages {seconds * 1000:7.0f} ms {pages / seconds:6.1f} p/s"
        if args.pipeline:
            after = []
            for _ in range(args.runs):
                t0 = time.process_time()
                verify(extract(src))
                after.append(time.process_time() - t0)
            after_total += statistics.median(after)
            line += f"  + extract, verify {statistics.median(after) * 1000:5.0f} ms"
        if args.pdfium:
            got = pdfium_compared(path)
            pdfium = [a + b for a, b in zip(pdfium, got, strict=True)]
            line += f"  pypdfium2 {got[0] * 1000:5.0f} ms, same chars {got[1] / max(got[2], 1):.0%}"
        if args.split:
            s = split(path)
            for k, v in s.items():
                parts[k] = parts.get(k, 0.0) + v
            line += "  " + "  ".join(f"{k} {v * 1000:.0f}" for k, v in s.items())
        print(line)
    print(
        f"total: {pages_total:.0f} pages in {seconds_total:.2f} s CPU = "
        f"{pages_total / seconds_total:.1f} pages/s a core (median of {args.runs} runs each)"
    )
    if args.pipeline:
        both = seconds_total + after_total
        print(
            f"load + extract + verify: {both:.2f} s CPU = {pages_total / both:.1f} pages/s a core "
            f"(extract + verify {after_total / both:.0%} of it)"
        )
    if args.pdfium:
        print(
            f"pypdfium2: every page's characters in {pdfium[0]:.2f} s CPU "
            f"({pages_total / pdfium[0]:.0f} pages/s); {pdfium[1] / max(pdfium[2], 1):.1%} of "
            f"pdfplumber's characters at the same place; {pdfium[4]} of {pdfium[3]} pages "
            "without a ruled table"
        )
    if parts:
        whole = parts["total"]
        print(
            "profiled: " + ", ".join(f"{k} {v:.2f} s ({v / whole:.0%})" for k, v in parts.items())
        )


if __name__ == "__main__":
    main()
