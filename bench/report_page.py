"""Time the report page of a report with thousands of sections (issue 17, row 17: 9.8 s).

Builds a store holding one made-up report of N sections and F failed findings, then asks the
service for its page through FastAPI's TestClient and prints the time of each of a few runs.

    .venv/bin/python bench/report_page.py [--sections 5000] [--findings 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient

from hedui import store
from hedui.service import create_app


def build(path: Path, sections: int, findings: int) -> str:
    """A store with one report row whose sections and findings are written directly."""
    text = "".join(f"第{i}节 支出{i}.00万元。\n" for i in range(sections))
    starts = [i for i in range(len(text)) if text.startswith("第", i)]
    sha = "e" * 64
    db = store.open_db(path)
    db["reports"].insert({"sha256": sha, "file_name": "many.txt", "verdict": "flag",
                          "status": "flag", "text": text, "reasons": "[]", "kinds": "[]"})  # fmt: skip
    number = store.report_number(db.conn, sha)  # rows are keyed by it (store layout 5)
    db["report_sections"].insert_all(
        {"report": number, "idx": i, "kind": "其他", "heading": f"第{i}节", "start": s,
         "end": s + 10}
        for i, s in enumerate(starts)
    )  # fmt: skip
    rows = []
    for k in range(findings):
        s = text.index("支出", starts[k * (sections // findings)]) + 2
        e = text.index("万元", s)
        rows.append({"id": f"{sha[:16]}:{k:016x}", "report": number, "idx": k, "rule": "T101",
                     "outcome": "fail", "severity": "error", "message": "合计不符",
                     "expected": "1.00", "spans": json.dumps([[s, e]])})  # fmt: skip
    db["report_findings"].insert_all(rows)
    return sha


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sections", type=int, default=5000)
    ap.add_argument("--findings", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        sha = build(Path(d) / "page.db", args.sections, args.findings)
        client = TestClient(create_app(Path(d) / "page.db"))
        for run in range(args.runs):
            t = time.perf_counter()
            r = client.get(f"/reports/{sha}")
            ms = (time.perf_counter() - t) * 1000
            print(f"run {run + 1}: HTTP {r.status_code}, {len(r.content):,} bytes, {ms:,.0f} ms "
                  f"({args.sections:,} sections, {args.findings} findings)")  # fmt: skip


if __name__ == "__main__":
    main()
