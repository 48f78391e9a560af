"""Exports: JSON Lines with the whole Report, CSV with a BOM, XLSX with flagged cells filled."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from hedui import review
from hedui.export import ALL, export_csv, export_jsonl, export_xlsx
from tests.test_search import SAMPLE_TEXT, build_db, sample_report
from verifier.report import Report


@pytest.fixture
def db(tmp_path):
    text = SAMPLE_TEXT.replace("部分网格员", "部分网格员（联系13912345678）")
    d = build_db(
        tmp_path / "e.db", [sample_report(text), sample_report(sha="c" * 64, name="二.txt")]
    )
    fid = review.queue(d)[0]["id"]
    review.decide(d, fid, "dismiss", "尾数", "alice")
    return d


def test_jsonl_one_report_per_line_with_findings(db, tmp_path):
    out = tmp_path / "r.jsonl"
    assert export_jsonl(db, out, scope=ALL) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    rep = Report.model_validate(lines[0]["report"])  # the whole Report round-trips
    assert rep.tables[0].rows[0].cells[0].number.raw == "100.00"
    assert {f["rule"] for f in lines[0]["findings"]} == {"T101", "C201"}
    assert "13912345678" not in out.read_text(encoding="utf-8")
    assert "139****5678" in rep.text
    export_jsonl(db, out, show_pii=True)
    assert "13912345678" in out.read_text(encoding="utf-8")


def test_csv_has_bom_cells_and_findings(db, tmp_path):
    cells, findings = export_csv(db, tmp_path / "csv", scope=ALL)
    assert cells.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(cells.open(encoding="utf-8-sig")))
    assert len(rows) == 6 and {r["value"] for r in rows} == {"100.00", "60.00", "30.00"}
    assert all(r["flagged"] == "True" for r in rows)
    frows = list(csv.DictReader(findings.open(encoding="utf-8-sig")))
    assert {r["rule"] for r in frows} == {"T101", "C201"}
    assert [r["decided_by"] for r in frows if r["decision"]] == ["alice"]


def test_xlsx_sheet_per_kind_findings_and_flag_fill(db, tmp_path):
    out = export_xlsx(db, tmp_path / "r.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["findings", "公开01"]
    f = wb["findings"]
    header = [c.value for c in f[1]]
    assert f.max_row == 3  # the two failures (passes left out)
    assert {f.cell(row=i, column=header.index("rule") + 1).value for i in (2, 3)} == {"T101"}
    t = wb["公开01"]
    assert t.max_row == 7
    assert t.cell(row=2, column=1).fill.start_color.rgb.endswith("FFF2A8")


HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile_db(tmp_path):
    """A report whose file name, a row name and a reviewer's note are formulas."""
    from tests.test_search import SAMPLE_TEXT as text

    d = build_db(tmp_path / "h.db", [sample_report(text, name="=HYPERLINK(1).txt")])
    d.execute("UPDATE table_rows SET row_name = ?", ["+SUM(A1:A9)"])  # the cells view's names
    d.conn.commit()
    review.decide(d, review.queue(d)[0]["id"], "dismiss", HOSTILE, "@mallory")
    return d


def test_xlsx_writes_text_as_strings_never_formulas(hostile_db, tmp_path):
    out = export_xlsx(hostile_db, tmp_path / "h.xlsx", show_pii=True)
    wb = load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {HOSTILE, "=HYPERLINK(1).txt", "+SUM(A1:A9)", "@mallory"} <= values


def test_csv_neutralises_formula_triggers_but_not_signed_numbers(hostile_db, tmp_path):
    from hedui.export import neutralise

    cells, findings = export_csv(hostile_db, tmp_path / "csv")
    rows = [
        cell
        for path in (cells, findings)
        for row in csv.reader(path.open(encoding="utf-8-sig"))
        for cell in row
    ]
    assert [c for c in rows if c[:1] in ("=", "+", "-", "@", "\t", "\r") and c[1:2] != ""
            and not c.lstrip("+-").replace(",", "").replace(".", "").isdigit()] == []  # fmt: skip
    assert {"'" + HOSTILE, "'=HYPERLINK(1).txt", "'+SUM(A1:A9)", "'@mallory"} <= set(rows)
    assert neutralise("-12.50") == "-12.50" and neutralise("-") == "'-"


def test_an_export_during_an_ingest_is_a_snapshot(db, tmp_path, monkeypatch):
    """A report committed by another connection between the export's queries (findings
    first, then reports) is not in the export: no line pairs a report with no findings."""
    import hedui.export
    from hedui import store

    path = next(db.query("PRAGMA database_list"))["file"]
    real = hedui.export._findings

    def findings_then_an_ingest(*a, **kw):
        rows = real(*a, **kw)
        other = store.open_db(path)
        store.save_report(other, *sample_report(sha="d" * 64, name="三.txt"))
        other.conn.close()
        return rows

    monkeypatch.setattr(hedui.export, "_findings", findings_then_an_ingest)
    out = tmp_path / "during.jsonl"
    assert export_jsonl(db, out) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert all(line["findings"] for line in lines)
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 3  # it was stored
