"""Exports for people and other tools: JSON Lines, CSV (UTF-8 with BOM), XLSX for reviewers.

Every format exports the same scope (``Scope``: failed findings or every check, a kind of
report, reports ingested since a date), so a CSV and a workbook of one command agree. Every
export masks personal numbers unless asked (``show_pii=True``). Amounts are written as the
decimal text the store holds in JSONL and CSV; in XLSX they are numbers (Excel sums and sorts
them) with a number format of the decimals they were written with, and percentages as
percentages. Each finding carries its source context (the line that holds its figures) and
its place (page and line), and its latest decision with the corrected value.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from extractor.pii import mask_obj, mask_pii
from hedui import store
from hedui.review import FAILED_SQL, _latest_decisions
from verifier.numbers import places

FINDING_COLUMNS = [
    "id", "report_sha256", "file_name", "department", "year", "rule", "name", "outcome",
    "severity", "category", "subject", "message", "stated", "expected", "expected_low",
    "expected_high", "tolerance", "difference", "unit", "place", "context", "spans", "note",
    "decision", "corrected_value", "decision_note", "decided_by", "decided_at",
]  # fmt: skip
# Columns whose text is a number: numeric cells in XLSX.
NUMERIC = {"stated", "expected", "expected_low", "expected_high", "tolerance", "difference",
           "value", "year", "row_idx", "decimals", "start", "end", "corrected_value"}  # fmt: skip
ONLY = ("failed", "all")


@dataclass(frozen=True)
class Scope:
    """What an export holds, the same in every format: ``only`` failed findings (those to
    review, the default) or all checks; reports of one ``kind`` (contains); reports ingested
    on or after ``since`` (an ISO date)."""

    only: str = "failed"
    kind: str | None = None
    since: str | None = None

    @classmethod
    def of(cls, only: str = "failed", kind: str | None = None, since: str | None = None) -> Scope:
        """A scope from a command's options, each checked."""
        if only not in ONLY:
            raise ValueError(f"--only takes failed or all, not {only!r}")
        if since:
            try:
                since = date.fromisoformat(since.strip()).isoformat()
            except ValueError:
                raise ValueError(
                    f"--since takes a date such as 2024-05-01, not {since!r}"
                ) from None
        return cls(only=only, kind=kind or None, since=since or None)

    def reports_where(self, alias: str = "r") -> tuple[str, list]:
        """SQL for the reports in scope."""
        where, args = ["1"], []
        if self.kind:
            where.append(f"instr(coalesce({alias}.kind, ''), ?) > 0")
            args.append(self.kind)
        if self.since:
            where.append(f"{alias}.ingested_at >= ?")
            args.append(self.since)
        return " AND ".join(where), args


ALL = Scope(only="all")
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


def _findings(db: Database, scope: Scope) -> list[dict]:
    """The findings in scope, with their latest decision, place and source context."""
    from hedui.render import context, place

    in_scope, args = scope.reports_where()
    failed = f"AND {FAILED_SQL.replace('outcome', 'f.outcome').replace('severity', 'f.severity')}"
    rows = list(
        db.query(
            f"""SELECT f.*, r.file_name, r.department, r.year FROM findings f
                JOIN reports r ON r.sha256 = f.report_sha256
                WHERE {in_scope} {failed if scope.only == "failed" else ""}
                ORDER BY f.report_sha256, f.idx""",
            args,
        )
    )
    if scope.only != "failed":  # every check: the passes packed with each report too
        for r in db.query(
            f"SELECT sha256, file_name, department, year, passes_packed FROM reports r "
            f"WHERE {in_scope} AND passes_packed IS NOT NULL",
            args,
        ):
            about = {"file_name": r["file_name"], "department": r["department"], "year": r["year"]}
            rows += [p | about for p in store.unpack_passes(r["sha256"], r["passes_packed"])]
        rows.sort(key=lambda f: (f["report_sha256"], f["idx"]))
    latest = _latest_decisions(db, [r["id"] for r in rows])
    texts = _texts_of(db, {r["report_sha256"] for r in rows if r.get("spans") not in (None, "[]")})
    for r in rows:
        d = latest.get(r["id"]) or {}
        r["decision"] = d.get("decision")
        r["corrected_value"] = d.get("corrected_value")
        r["decision_note"] = d.get("note")
        r["decided_by"] = d.get("by")
        r["decided_at"] = d.get("at")
        spans = [(int(a), int(b)) for a, b in json.loads(r.get("spans") or "[]")]
        text, pages = texts.get(r["report_sha256"], ("", []))
        if spans and text:
            r["place"] = place(text, spans[0][0], pages)
            r["context"] = context(text, spans)[0].replace("\t", " | ")
    return rows


def _texts_of(db: Database, shas: set[str]) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Each report's text and page extents (for places and contexts)."""
    out = {}
    for sha in shas:
        row = next(db.query("SELECT text, pages FROM reports WHERE sha256 = ?", [sha]))
        pages = store.page_extents(row)
        out[sha] = (row["text"] or "", [(p["start"], p["end"]) for p in pages])
    return out


def _flagged_spans(db: Database) -> dict[str, list[tuple[int, int]]]:
    """Spans of the numbers involved in failed findings, per report."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for sha, raw in db.execute(f"SELECT report_sha256, spans FROM findings WHERE {FAILED_SQL}"):
        for pair in json.loads(raw or "[]"):
            spans.setdefault(sha, []).append((int(pair[0]), int(pair[1])))
    return spans


def _cells(db: Database, scope: Scope) -> list[dict]:
    flagged = _flagged_spans(db)
    in_scope, args = scope.reports_where()
    rows = list(
        db.query(
            f"""SELECT c.*, t.report_sha256, t.kind AS table_kind, t.title AS table_title,
                      t.unit AS table_unit, r.file_name, r.department, r.year
               FROM cells c JOIN tables t ON t.id = c.table_id
               JOIN reports r ON r.sha256 = t.report_sha256
               WHERE {in_scope}
               ORDER BY t.report_sha256, t.idx, c.row_idx, c.column_idx""",
            args,
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


def export_jsonl(
    db: Database, out: str | Path, *, show_pii: bool = False, scope: Scope = Scope()
) -> int:
    """One line per report: the whole Report, its verdict, status, findings and decisions —
    all read from one snapshot of the store."""
    with store.snapshot(db):
        return _export_jsonl(db, out, show_pii=show_pii, scope=scope)


def _export_jsonl(db: Database, out: str | Path, *, show_pii: bool, scope: Scope) -> int:
    """One line per report: the whole Report, its verdict, status, findings and decisions."""
    n = 0
    findings: dict[str, list[dict]] = {}
    for f in _findings(db, scope):
        findings.setdefault(f["report_sha256"], []).append(f)
    in_scope, args = scope.reports_where()
    with open(out, "w", encoding="utf-8") as fh:
        for r in db.query(
            f"SELECT * FROM reports r WHERE {in_scope} ORDER BY ingested_at, sha256", args
        ):
            fs = findings.get(r["sha256"], [])
            for f in fs:
                f["spans"] = json.loads(f["spans"]) if isinstance(f["spans"], str) else f["spans"]
            line = {
                "sha256": r["sha256"],
                "verdict": r["verdict"],
                "status": r["status"],
                "reasons": json.loads(r["reasons"] or "[]"),
                "report": store.load_report(r).model_dump(mode="json"),
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


def export_csv(
    db: Database, out: str | Path, *, show_pii: bool = False, scope: Scope = Scope()
) -> list[Path]:
    """The findings in scope, read from one snapshot of the store: to ``out`` itself when it
    names a .csv file; else cells.csv and findings.csv in the folder ``out``."""
    with store.snapshot(db):
        return _export_csv(db, out, show_pii=show_pii, scope=scope)


def _export_csv(db: Database, out: str | Path, *, show_pii: bool, scope: Scope) -> list[Path]:
    """UTF-8 with BOM, so that Excel reads Chinese."""
    out = Path(out)
    if out.suffix.lower() == ".csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(out, FINDING_COLUMNS, _findings(db, scope), show_pii)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    cells, findings = out / "cells.csv", out / "findings.csv"
    _write_csv(cells, CELL_COLUMNS, _cells(db, scope), show_pii)
    _write_csv(findings, FINDING_COLUMNS, _findings(db, scope), show_pii)
    return [cells, findings]


def _sheet_name(kind: str | None, used: set[str]) -> str:
    name = "".join(ch for ch in (kind or "unknown") if ch not in "[]:*?/\\")[:28] or "unknown"
    base, i = name, 2
    while name in used or name == "findings":
        name, i = f"{base}_{i}", i + 1
    used.add(name)
    return name


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _number_format(value: Decimal, unit: str | None) -> str:
    """Excel's format for a value written with its decimals; a percent (stored as a
    fraction) as a percent with the decimals of its percent form."""
    shown = places(value)
    if unit == "%":
        shown = max(0, shown - 2)
        return "0" + ("." + "0" * shown if shown else "") + "%"
    shown = min(shown, 6)
    return "#,##0" + ("." + "0" * shown if shown else "")


def _append_row(
    sheet: Any, columns: list[str], values: list[str], unit: str | None, fill: Any = None
) -> None:
    """Append a row: a numeric column's number as a number cell with its number format;
    every other cell a string cell (openpyxl would store a value starting with ``=`` as a
    live formula, and a file name or a reviewer's note is never one). The cells are made
    before the row is appended: finding the row again by ``sheet.max_row`` scans every
    cell of the sheet, which made an export quadratic in its rows."""
    from openpyxl.cell.cell import Cell

    cells = []
    # the row and column given here are placeholders: append places each cell itself
    for j, (name, value) in enumerate(zip(columns, values, strict=False), start=1):
        cell = Cell(sheet, row=1, column=j)
        number = _number(value) if name in NUMERIC and isinstance(value, str) else None
        if number is not None:
            cell.value = (
                float(number)
                if number != number.to_integral_value() or abs(number) > 2**53
                else int(number)
            )
            cell.number_format = (
                "0" if name in ("year", "row_idx", "decimals", "start", "end")
                else _number_format(number, unit)
            )  # fmt: skip
        else:
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
        if fill is not None:
            cell.fill = fill
        cells.append(cell)
    cells.extend(Cell(sheet, row=1, column=1, value=v) for v in values[len(columns) :])
    sheet.append(cells)


def _header(sheet: Any, columns: list[str], bold: Any) -> None:
    """A bold header row, frozen, with an autofilter over the columns."""
    sheet.append(columns)
    for c in sheet[1]:
        c.font = bold
    sheet.freeze_panes = "A2"


def export_xlsx(
    db: Database, out: str | Path, *, show_pii: bool = False, scope: Scope = Scope()
) -> Path:
    """The reviewers' workbook (see _export_xlsx), read from one snapshot of the store."""
    with store.snapshot(db):
        return _export_xlsx(db, out, show_pii=show_pii, scope=scope)


def _export_xlsx(db: Database, out: str | Path, *, show_pii: bool, scope: Scope) -> Path:
    """A workbook for reviewers: a findings sheet (those in scope, with context, place and
    latest decision), and one sheet per table kind across reports (one row per cell, flagged
    cells filled). Numbers are number cells; every sheet has a frozen header and a filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    flag_fill = PatternFill("solid", start_color="FFF2A8", end_color="FFF2A8")
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook opens on one plain worksheet
    ws.title = "findings"
    _header(ws, FINDING_COLUMNS, bold)
    for f in _findings(db, scope):
        _append_row(ws, FINDING_COLUMNS, _texts(f, FINDING_COLUMNS, show_pii), f.get("unit"))
    ws.auto_filter.ref = ws.dimensions
    by_kind: dict[str, list[dict]] = {}
    for cell in _cells(db, scope):
        by_kind.setdefault(cell["table_kind"] or "unknown", []).append(cell)
    used: set[str] = set()
    for kind in sorted(by_kind):
        sheet = wb.create_sheet(_sheet_name(kind, used))
        _header(sheet, CELL_COLUMNS, bold)
        for cell in by_kind[kind]:
            fill = flag_fill if cell["flagged"] else None
            _append_row(
                sheet, CELL_COLUMNS, _texts(cell, CELL_COLUMNS, show_pii), cell["unit"], fill
            )
        sheet.auto_filter.ref = sheet.dimensions
    wb.save(out)
    return Path(out)
