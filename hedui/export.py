"""Exports for people and other tools: JSON Lines, CSV (UTF-8 with BOM), XLSX for reviewers.

Every export masks personal numbers unless asked (``show_pii=True``). Amounts are written as
the decimal text the store holds, never through float.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from extractor.pii import mask_obj, mask_pii
from hedui import store
from hedui.review import FAILED_SQL, _latest_decisions

FINDING_COLUMNS = [
    "id", "report_sha256", "file_name", "rule", "name", "outcome", "severity", "category",
    "subject", "message", "stated", "expected", "expected_low", "expected_high", "tolerance",
    "difference", "unit", "spans", "note", "decision", "decision_note", "decided_by", "decided_at",
]  # fmt: skip
CELL_COLUMNS = [
    "report_sha256", "file_name", "department", "year", "table_kind", "table_title", "unit",
    "row_idx", "row_code", "row_name", "side", "is_total", "column_name", "raw", "value",
    "decimals", "start", "end", "flagged",
]  # fmt: skip


# OWASP's rule for CSV injection: a cell that starts with one of these is read as a formula
# by Excel or LibreOffice (=cmd|' /C calc'!A0), so it is written behind a single quote.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number (-12.50, +3%, -1,066.71) is data, not a formula: left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?")


def neutralise(text: str) -> str:
    """The cell's text as a spreadsheet will show it and never run it: a leading formula
    trigger gets a ``'`` in front, unless the text is just a signed number."""
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _texts(row: dict, columns: list[str], show_pii: bool) -> list[str]:
    """A row's cells as the text an export writes: empty for NULL, personal data masked."""
    cells = ["" if row.get(c) is None else str(row.get(c)) for c in columns]
    return cells if show_pii else [mask_pii(c) for c in cells]


def _findings(db: Database, *, failed_only: bool) -> list[dict]:
    where = f"WHERE {FAILED_SQL}" if failed_only else ""
    rows = list(
        db.query(
            f"""SELECT f.*, r.file_name FROM findings f
                LEFT JOIN reports r ON r.sha256 = f.report_sha256 {where}
                ORDER BY f.report_sha256, f.idx"""
        )
    )
    latest = _latest_decisions(db, [r["id"] for r in rows])
    for r in rows:
        d = latest.get(r["id"]) or {}
        r["decision"] = d.get("decision")
        r["decision_note"] = d.get("note")
        r["decided_by"] = d.get("by")
        r["decided_at"] = d.get("at")
    return rows


def _flagged_spans(db: Database) -> dict[str, list[tuple[int, int]]]:
    """Spans of the numbers involved in failed findings, per report."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for sha, raw in db.execute(f"SELECT report_sha256, spans FROM findings WHERE {FAILED_SQL}"):
        for pair in json.loads(raw or "[]"):
            spans.setdefault(sha, []).append((int(pair[0]), int(pair[1])))
    return spans


def _cells(db: Database) -> list[dict]:
    flagged = _flagged_spans(db)
    rows = list(
        db.query(
            """SELECT c.*, t.kind AS table_kind, t.title AS table_title, t.unit AS table_unit,
                      r.file_name, r.department, r.year
               FROM cells c JOIN tables t ON t.id = c.table_id
               LEFT JOIN reports r ON r.sha256 = c.report_sha256
               ORDER BY c.report_sha256, t.idx, c.row_idx, c.column_idx"""
        )
    )
    for r in rows:
        s, e = r.get("start"), r.get("end")
        r["unit"] = r.get("unit") or r.get("table_unit")
        r["flagged"] = bool(
            s is not None
            and e is not None  # a cell's start and end are both set or both NULL
            and any(a <= s and e <= b for a, b in flagged.get(r["report_sha256"], []))
        )
    return rows


def export_jsonl(db: Database, out: str | Path, *, show_pii: bool = False) -> int:
    """One line per report: the whole Report, its verdict, status, findings and decisions —
    all read from one snapshot of the store."""
    with store.snapshot(db):
        return _export_jsonl(db, out, show_pii=show_pii)


def _export_jsonl(db: Database, out: str | Path, *, show_pii: bool = False) -> int:
    """One line per report: the whole Report, its verdict, status, findings and decisions."""
    n = 0
    findings: dict[str, list[dict]] = {}
    for f in _findings(db, failed_only=False):
        findings.setdefault(f["report_sha256"], []).append(f)
    with open(out, "w", encoding="utf-8") as fh:
        for r in db.query("SELECT * FROM reports ORDER BY ingested_at, sha256"):
            fs = findings.get(r["sha256"], [])
            for f in fs:
                f["spans"] = json.loads(f["spans"]) if isinstance(f["spans"], str) else f["spans"]
            line = {
                "sha256": r["sha256"],
                "verdict": r["verdict"],
                "status": r["status"],
                "reasons": json.loads(r["reasons"] or "[]"),
                "report": json.loads(r["report_json"]),
                "findings": fs,
            }
            if not show_pii:
                line = mask_obj(line)
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_csv(path: Path, columns: list[str], rows: list[dict], show_pii: bool) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow([neutralise(c) for c in _texts(r, columns, show_pii)])


def export_csv(db: Database, out_dir: str | Path, *, show_pii: bool = False) -> list[Path]:
    """cells.csv and findings.csv in ``out_dir``, read from one snapshot of the store."""
    with store.snapshot(db):
        return _export_csv(db, out_dir, show_pii=show_pii)


def _export_csv(db: Database, out_dir: str | Path, *, show_pii: bool = False) -> list[Path]:
    """cells.csv and findings.csv in ``out_dir``, UTF-8 with BOM so that Excel reads Chinese."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cells, findings = out / "cells.csv", out / "findings.csv"
    _write_csv(cells, CELL_COLUMNS, _cells(db), show_pii)
    _write_csv(findings, FINDING_COLUMNS, _findings(db, failed_only=False), show_pii)
    return [cells, findings]


def _sheet_name(kind: str | None, used: set[str]) -> str:
    name = "".join(ch for ch in (kind or "unknown") if ch not in "[]:*?/\\")[:28] or "unknown"
    base, i = name, 2
    while name in used or name == "findings":
        name, i = f"{base}_{i}", i + 1
    used.add(name)
    return name


def _append_text(sheet: Any, values: list[str]) -> None:
    """Append a row whose every cell is a string cell: openpyxl would store a value starting
    with ``=`` as a live formula, and a file name or a reviewer's note is never one."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def export_xlsx(db: Database, out: str | Path, *, show_pii: bool = False) -> Path:
    """The reviewers' workbook (see _export_xlsx), read from one snapshot of the store."""
    with store.snapshot(db):
        return _export_xlsx(db, out, show_pii=show_pii)


def _export_xlsx(db: Database, out: str | Path, *, show_pii: bool = False) -> Path:
    """A workbook for reviewers: one sheet per table kind across reports (one row per cell,
    flagged cells filled), and a findings sheet of every failure with its latest decision."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    flag_fill = PatternFill("solid", start_color="FFF2A8", end_color="FFF2A8")
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook opens on one plain worksheet
    ws.title = "findings"
    ws.append(FINDING_COLUMNS)
    for c in ws[1]:
        c.font = bold
    for f in _findings(db, failed_only=True):
        _append_text(ws, _texts(f, FINDING_COLUMNS, show_pii))
    by_kind: dict[str, list[dict]] = {}
    for cell in _cells(db):
        by_kind.setdefault(cell["table_kind"] or "unknown", []).append(cell)
    used: set[str] = set()
    for kind in sorted(by_kind):
        sheet = wb.create_sheet(_sheet_name(kind, used))
        sheet.append(CELL_COLUMNS)
        for c in sheet[1]:
            c.font = bold
        for cell in by_kind[kind]:
            _append_text(sheet, _texts(cell, CELL_COLUMNS, show_pii))
            if cell["flagged"]:
                for c in sheet[sheet.max_row]:
                    c.fill = flag_fill
        sheet.freeze_panes = "A2"
    ws.freeze_panes = "A2"
    wb.save(out)
    return Path(out)
