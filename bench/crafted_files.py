"""The crafted files of issue 17 (row 3), full size, in one batch with a real report, under the
default limits: each must fail alone, quickly, with its limit named, and the report be stored.

- a DOCX of about 1.4 MB holding some 300 MB of XML (empty paragraphs: they compress ~200:1);
- an XLSX of about 22 MB (about 2.6 million numeric cells);
- a text of 20 MB on one line.

Prints each file's size, the batch's time, and each result's message; then the same
crafted files each alone with a raised size limit, to show the time and memory limits stop
what the size checks would have let through.

    .venv/bin/python bench/crafted_files.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.formats.limits import Limits  # noqa: E402
from hedui import store  # noqa: E402
from hedui.ingest import ingest  # noqa: E402

GOOD = ROOT / "examples" / "松岭区社会治理中心_2023年度部门决算.txt"


def docx_bomb(xml_mb: int) -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("东川县网格服务中心2023年度部门决算")
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"</w:body>")
                with z.open(item.filename, "w", force_zip64=True) as part:
                    part.write(head)
                    block = b"<w:p/>" * (1024 * 1024 // 6)
                    for _ in range(xml_mb):
                        part.write(block)
                    part.write(b"</w:body>" + tail)
                continue
            z.writestr(item, data)
    return out.getvalue()


def big_xlsx(target_mb: int) -> bytes:
    """Numeric cells written row by row until the file would be about ``target_mb``."""
    from openpyxl import Workbook

    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("公开01表")
    rows = target_mb * 4900  # ~ 1 MB of compressed sheet XML per 4,900 rows of 24 cells
    for _ in range(rows):
        ws.append([round(rng.uniform(0, 1e6), 2) for _ in range(24)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def one_line(mb: int) -> bytes:
    return ("部门决算 " + "网格服务支出1.00万元，" * (mb * 1024 * 1024 // 30)).encode()


def run(folder: Path, limits: Limits, label: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        db = store.open_db(Path(d) / "crafted.db")
        t = time.perf_counter()
        summary = ingest(db, [folder], limits=limits, llm="off")
        wall = time.perf_counter() - t
    print(f"\n{label}: {wall:.1f} s for the batch")
    for r in sorted(summary.results, key=lambda r: r.path):
        print(f"  {Path(r.path).name}: {r.status}" + (f" — {r.message}" if r.message else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="write the crafted files here and keep them")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hedui-crafted-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copy(GOOD, folder / GOOD.name)
        t = time.perf_counter()
        (folder / "bomb.docx").write_bytes(docx_bomb(300))
        (folder / "big.xlsx").write_bytes(big_xlsx(22))
        (folder / "one-line.txt").write_bytes(one_line(20))
        print(f"crafted in {time.perf_counter() - t:.0f} s:")
        for f in sorted(folder.iterdir()):
            print(f"  {f.name}: {f.stat().st_size:,} bytes")
        defaults = Limits()
        run(folder, defaults, "default limits")
        # The size checks raised out of the way: what the time and memory limits catch.
        raised = Limits(
            max_unzipped_bytes=10**12, max_cells=10**12, max_rows=10**12,
            max_line_chars=10**12, seconds=60, memory_mb=1024,
        )  # fmt: skip
        run(folder, raised, "size checks off, 60 s and 1,024 MB per file")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        os.sync()


if __name__ == "__main__":
    main()
