"""SQLite storage: one file, readable by any SQLite tool or Datasette.

Amounts are stored as TEXT holding the exact ``Decimal`` (a REAL column would lose digits).
Ingest is idempotent by the SHA-256 of the file's bytes.

Each text is kept once. A report's text is ``reports.text``; a section is its offsets into it
(``start``, ``end``), its own text is ``substr(text, start + 1, end - start)`` (sections_of
gives it); ``report_packed`` is the whole Report *without* its text, as zlib-compressed JSON
(the relational rows — sections, tables, cells, claims, findings — are the readable copy;
this one is for loading the Report back: load_report puts the text back in), and ``pages``
the page extents readers need without loading it. The search index holds tokens only
(hedui.search). A report's passing findings are one packed list in ``passes_packed`` (see
pack_passes; every other finding is a ``findings`` row), a cell's report is its table's, and
a claim's ``numbers`` are JSON of each number's parts that say something (hedui.claimnumbers:
no null page, no default grounding, the value only when it is not as written).
A report's rows are keyed by its number (``report_ids``), not by its SHA-256 in each row, and a
cell's row and column names are kept once a row and once a column (``table_rows``,
``table_columns``); views under the names the rows always had (sections, tables, cells,
claims, findings: VIEWS) give them back as they were, SHA-256 and names in every row, to every
query and to any SQLite tool. A store of an earlier layout (the text again in every section
and in ``report_json``; every finding a row; a SHA-256 in every row) is migrated when it is
opened (_migrate).

Writes. Reports are written in transactions of one or many (save_reports; ingest batches
them, hedui.ingest.ResultWriter): a transaction deletes each report's old rows first, so a
crash leaves either the old report or the new one, never half — a killed batch leaves every
report it had committed before whole and none of its own. The journal is WAL with
``synchronous=NORMAL``: WAL never corrupts the database on a crash or power loss (a
transaction is in the database only once its commit frame is whole in the WAL); NORMAL only
skips the fsync at each commit, so a power cut or a crash of the system (not a killed
process) may lose the last transactions committed before it. They are lost whole, and
re-running the ingest writes them again: it skips the reports stored, by their file's hash.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import get_args

from sqlite_utils import Database

from hedui import claimnumbers, departments
from hedui.search import BUILT_WITH, ensure_index, index_report, unindex_report
from hedui.textutil import json_encoder
from verifier.report import Finding, Outcome, Report, Severity, Table, Verdict, Verification

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  sha256 TEXT PRIMARY KEY, file_name TEXT, path TEXT, format TEXT, kind TEXT, kinds TEXT,
  department TEXT, region TEXT, year INTEGER, verdict TEXT, reasons TEXT,
  n_tables INTEGER, n_sections INTEGER, n_claims INTEGER, n_errors INTEGER, n_warnings INTEGER,
  status TEXT, extractor TEXT, extractor_version TEXT, ingested_at TEXT,
  coverage_share REAL, coverage_json TEXT, pages TEXT, text TEXT, report_packed BLOB,
  passes_packed BLOB
);
CREATE TABLE IF NOT EXISTS report_ids (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS report_sections (
  id INTEGER PRIMARY KEY, report INTEGER, idx INTEGER, kind TEXT, heading TEXT,
  level INTEGER, start INTEGER, "end" INTEGER, table_kind TEXT, topic TEXT
);
CREATE TABLE IF NOT EXISTS report_tables (
  id INTEGER PRIMARY KEY, report INTEGER, idx INTEGER, kind TEXT, title TEXT, label TEXT,
  unit TEXT, unit_inferred INTEGER, n_rows INTEGER, n_columns INTEGER, notes TEXT
);
CREATE TABLE IF NOT EXISTS table_cells (
  id INTEGER PRIMARY KEY, table_id INTEGER, row_idx INTEGER, column_idx INTEGER,
  raw TEXT, value TEXT, decimals INTEGER, unit TEXT, start INTEGER, "end" INTEGER, page INTEGER
);
CREATE TABLE IF NOT EXISTS table_rows (
  table_id INTEGER, row_idx INTEGER, row_code TEXT, row_name TEXT, side TEXT,
  is_total INTEGER, PRIMARY KEY (table_id, row_idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS table_columns (
  table_id INTEGER, column_idx INTEGER, column_name TEXT, column_side TEXT,
  PRIMARY KEY (table_id, column_idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_claims (
  id INTEGER PRIMARY KEY, report INTEGER, idx INTEGER, kind TEXT, subject TEXT,
  status TEXT, link TEXT, direction TEXT, sentence_start INTEGER, sentence_end INTEGER,
  numbers TEXT, source TEXT
);
CREATE TABLE IF NOT EXISTS report_findings (
  id TEXT PRIMARY KEY, report INTEGER, idx INTEGER, rule TEXT, name TEXT, outcome TEXT,
  severity TEXT, category TEXT, message TEXT, subject TEXT, stated TEXT, expected TEXT,
  expected_low TEXT, expected_high TEXT, tolerance TEXT, difference TEXT, unit TEXT,
  spans TEXT, culprit TEXT, note TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY, finding_id TEXT, report_sha256 TEXT, decision TEXT, note TEXT,
  corrected_value TEXT, "by" TEXT, at TEXT
);
CREATE TABLE IF NOT EXISTS llm_cache (
  key TEXT PRIMARY KEY, prompt_name TEXT, prompt_version TEXT, model TEXT, input_hash TEXT,
  response TEXT, tokens_in INTEGER, tokens_out INTEGER, cost TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS llm_calls (
  id INTEGER PRIMARY KEY, report_sha256 TEXT, idx INTEGER, prompt TEXT, model TEXT,
  requests INTEGER, retries INTEGER, reasks INTEGER, tokens_in INTEGER, tokens_out INTEGER,
  cost TEXT, cached INTEGER, ok INTEGER, error TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, files INTEGER, ok INTEGER,
  failed INTEGER, skipped INTEGER
);
CREATE TABLE IF NOT EXISTS hedui_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS report_sections_report ON report_sections(report);
CREATE INDEX IF NOT EXISTS report_tables_report ON report_tables(report);
CREATE INDEX IF NOT EXISTS table_cells_table ON table_cells(table_id);
CREATE INDEX IF NOT EXISTS report_claims_report ON report_claims(report);
CREATE INDEX IF NOT EXISTS report_findings_report ON report_findings(report);
CREATE INDEX IF NOT EXISTS reports_department ON reports(department, sha256);
CREATE INDEX IF NOT EXISTS decisions_finding ON decisions(finding_id);
CREATE INDEX IF NOT EXISTS llm_calls_report ON llm_calls(report_sha256);
"""

# The readable names of a report's rows: each a view of its report_* table with the report's
# SHA-256 in place of its number (report_ids), so every query, SQLite tool and Datasette
# reads them as they were when each row held the SHA-256 itself (sections with the report's
# department, region and year, as they were stored in each of them); cells with their row's
# and column's names, kept once a row and once a column (table_rows, table_columns), not
# in each cell (001's 358 cells: 38 → 27 kB), and a number's value only when it is not its
# figure as printed less the thousands' commas (``13,468,593.18`` is 13468593.18: 3 kB more).
VIEWS = {
    "cells": """SELECT c.id, c.table_id, c.row_idx, r.row_code, r.row_name, r.side,
        r.is_total, c.column_idx, k.column_name, k.column_side, c.raw,
        CASE WHEN c.value IS NULL AND c.decimals IS NOT NULL THEN replace(c.raw, ',', '')
             ELSE c.value END AS value,
        c.decimals, c.unit, c.start, c."end", c.page
        FROM table_cells c
        LEFT JOIN table_rows r ON r.table_id = c.table_id AND r.row_idx = c.row_idx
        LEFT JOIN table_columns k ON k.table_id = c.table_id AND k.column_idx = c.column_idx""",
    "sections": """SELECT s.id, i.sha256 AS report_sha256, s.idx, s.kind, s.heading, s.level,
        s.start, s."end", s.table_kind, s.topic, r.department, r.region, r.year
        FROM report_sections s JOIN report_ids i ON i.id = s.report
        LEFT JOIN reports r ON r.sha256 = i.sha256""",
    "tables": """SELECT t.id, i.sha256 AS report_sha256, t.idx, t.kind, t.title, t.label,
        t.unit, t.unit_inferred, t.n_rows, t.n_columns, t.notes
        FROM report_tables t JOIN report_ids i ON i.id = t.report""",
    "claims": """SELECT c.id, i.sha256 AS report_sha256, c.idx, c.kind, c.subject, c.status,
        c.link, c.direction, c.sentence_start, c.sentence_end, c.numbers, c.source
        FROM report_claims c JOIN report_ids i ON i.id = c.report""",
    "findings": """SELECT f.id, i.sha256 AS report_sha256, f.idx, f.rule, f.name, f.outcome,
        f.severity, f.category, f.message, f.subject, f.stated, f.expected, f.expected_low,
        f.expected_high, f.tolerance, f.difference, f.unit, f.spans, f.culprit, f.note
        FROM report_findings f JOIN report_ids i ON i.id = f.report""",
}
_CHILD_TABLES = ("report_sections", "report_tables", "report_claims", "report_findings")
_CELL_TABLES = ("table_cells", "table_rows", "table_columns")
# hedui_meta 'store': 5 keys a report's rows by its number (report_ids), not its SHA-256;
# 4 writes claims.numbers compact (hedui.claimnumbers); 3 packs passing findings and keys
# cells by their table alone; 2 kept each text once; 1 (no key) kept the text in every section
LAYOUT = "5"


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


def open_db(path: str | Path = "hedui.db") -> Database:
    """Open (creating if needed) a hedui store, migrating one of an earlier layout. Safe to
    call on an existing one, from several processes at once."""
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        # Safe under WAL (see the module's docstring): a commit is whole or absent after any
        # crash; only the last commits before a power cut can be lost, and ingest redoes them.
        conn.execute("PRAGMA synchronous=NORMAL")
        db = Database(conn)
        _refuse_newer(conn, path)
        conn.executescript(SCHEMA)
        _add_missing_columns(db)
        _migrate(db)
        ensure_index(db)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    return db


# Columns added since the first stores were written: an older store gains them on open (a
# report stored before has them empty until it is ingested again).
_ADDED = {
    "reports": {"coverage_share": float, "coverage_json": str, "report_packed": bytes,
                "pages": str, "passes_packed": bytes},
}  # fmt: skip


def _add_missing_columns(db: Database) -> None:
    for table, columns in _ADDED.items():
        have = db[table].columns_dict
        for name, kind in columns.items():
            if name not in have:
                db[table].add_column(name, kind)  # type: ignore[union-attr]


def upgrade_due(path: str | Path) -> int | None:
    """How many stored reports opening ``path`` first migrates to this layout or indexes
    again (None: nothing to do, or no store there). Read without writing, so that a command
    can say why its first open of an older store takes a while (~15 ms a report) before it
    starts."""
    p = Path(path)
    if not p.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM hedui_meta").fetchall())
            (n,) = conn.execute("SELECT count(*) FROM reports").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # not a store, or one of no report yet: open_db says what it is
        return None
    layout = meta.get("store")
    if _newer(layout):
        return None  # open_db refuses it
    due = layout != LAYOUT or meta.get("search_index") != BUILT_WITH
    return n if due and n else None


def _refuse_newer(conn: sqlite3.Connection, path: str | Path) -> None:
    """A store of a later layout than this hedui knows is left untouched: creating this
    layout's tables beside its own, or marking it as this layout, would break it for the
    hedui that wrote it."""
    known = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hedui_meta'"
    ).fetchone()
    layout = _layout(conn) if known else None
    if _newer(layout):
        raise StoreError(
            f"{path}: written by a newer hedui (store layout {layout}; this one reads layouts "
            f"up to {LAYOUT}); upgrade hedui to open it, or give another --db"
        )


def _newer(layout: str | None) -> bool:
    """A store layout later than the one this hedui writes."""
    return layout is not None and layout.isdigit() and int(layout) > int(LAYOUT)


def _layout(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM hedui_meta WHERE key = 'store'").fetchone()
    return row[0] if row else None


def _migrate(db: Database) -> None:
    """Bring a store of an earlier layout to this one, in one transaction: the first layout
    (the text in ``report_json`` and again in every section) to the second (_text_once),
    then the second to the third (passes packed, _pack_passes; cells without the report's
    sha256, which their table has), the third to the fourth (claims' numbers compact,
    _compact_numbers), the fourth to the fifth (rows keyed by the report's number,
    _number_keys). A new store gets the views of the fifth. The freed pages stay in the file
    until ``VACUUM``."""
    conn = db.conn
    if _layout(conn) == LAYOUT:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        layout = _layout(conn)  # another process may have just migrated it
        if layout != LAYOUT:
            if _kind_of(conn, "sections") == "table":  # rows of layout 1 to 4
                if layout in (None, "1"):
                    _text_once(db)
                if layout in (None, "1", "2"):
                    _pack_passes(db)
                if has_column(db, "cells", "report_sha256"):  # a cell's report is its table's
                    conn.execute('ALTER TABLE cells DROP COLUMN "report_sha256"')
                _compact_numbers(db)
                _number_keys(conn)
                _no_figures_unchecked(conn)
            for name, select in VIEWS.items():
                conn.execute(f"CREATE VIEW IF NOT EXISTS {name} AS {select}")
            conn.execute("INSERT OR REPLACE INTO hedui_meta (key, value) VALUES ('store', ?)",
                         [LAYOUT])  # fmt: skip
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(
                f"{db_file(db) or 'the database'}: written by an earlier hedui, it must be "
                f"brought to this version's layout and that failed ({exc}); open it once "
                "where it can be written (its reports are as they were), or ingest the files "
                "into a new database"
            ) from exc
        raise


def _kind_of(conn: sqlite3.Connection, name: str) -> str | None:
    """What ``name`` is in the schema: 'table', 'view', or None."""
    row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


# Layout 4's tables and the columns their report_* tables keep (each with the report's
# number, ``report``, in place of ``report_sha256``).
_KEYED = {
    "sections": ("report_sections",
                 'id, idx, kind, heading, level, start, "end", table_kind, topic'),
    "tables": ("report_tables",
               "id, idx, kind, title, label, unit, unit_inferred, n_rows, n_columns, notes"),
    "claims": ("report_claims", "id, idx, kind, subject, status, link, direction, "
               "sentence_start, sentence_end, numbers, source"),
    "findings": ("report_findings", "id, idx, rule, name, outcome, severity, category, "
                 "message, subject, stated, expected, expected_low, expected_high, "
                 "tolerance, difference, unit, spans, culprit, note"),
}  # fmt: skip


def _number_keys(conn: sqlite3.Connection) -> None:
    """Layout 4 to 5: every report numbered (report_ids), its rows copied under that number
    with their own ids (the search index's rows and the cells point at them), each cell's
    row and column names kept once a row and once a column, and the tables that held them
    in each row dropped (the views of the same names replace them); the passing findings
    packed again, by column (pack_passes). The packed Reports are left as they are (their
    defaults in: load_report reads them the same)."""
    conn.execute(  # a number's value left out where the view gives it back from raw
        "INSERT INTO table_cells (id, table_id, row_idx, column_idx, raw, value, decimals, "
        'unit, start, "end", page) SELECT id, table_id, row_idx, column_idx, raw, '
        "CASE WHEN decimals IS NOT NULL AND value = replace(raw, ',', '') THEN NULL "
        'ELSE value END, decimals, unit, start, "end", page FROM cells'
    )
    conn.execute(  # a row's cells all hold its names (one Row wrote them)
        "INSERT OR IGNORE INTO table_rows SELECT table_id, row_idx, row_code, row_name, side, "
        "is_total FROM cells ORDER BY id"
    )
    conn.execute(
        "INSERT OR IGNORE INTO table_columns SELECT table_id, column_idx, column_name, "
        "column_side FROM cells WHERE column_name IS NOT NULL ORDER BY id"
    )
    conn.execute("DROP TABLE cells")
    for sha, packed in conn.execute(  # passes packed as rows (layouts 3, 4): by column now
        "SELECT sha256, passes_packed FROM reports WHERE passes_packed IS NOT NULL"
    ).fetchall():
        conn.execute(
            "UPDATE reports SET passes_packed = ? WHERE sha256 = ?",
            [pack_passes(unpack_passes(sha, packed)), sha],
        )
    conn.execute("INSERT OR IGNORE INTO report_ids (sha256) SELECT sha256 FROM reports")
    for old, (new, columns) in _KEYED.items():
        conn.execute(  # a row whose report is gone keeps its number too
            f"INSERT OR IGNORE INTO report_ids (sha256) SELECT DISTINCT report_sha256 FROM {old} "
            "WHERE report_sha256 IS NOT NULL"
        )
        picked = ", ".join(f"o.{c.strip()}" for c in columns.split(","))
        conn.execute(
            f"INSERT INTO {new} (report, {columns}) SELECT i.id, {picked} FROM {old} o "
            "LEFT JOIN report_ids i ON i.sha256 = o.report_sha256"
        )
        conn.execute(f"DROP TABLE {old}")


def _no_figures_unchecked(conn: sqlite3.Connection) -> None:
    """Layout 4 to 5: a report with no figure gets the share of figures checked that
    _stored_share gives it now (0, where it was stored as 1.0)."""
    rows = conn.execute(
        "SELECT sha256, coverage_json FROM reports WHERE coverage_share >= 1"
    ).fetchall()
    for sha, raw in rows:
        if raw and json.loads(raw).get("figures") == 0:
            conn.execute("UPDATE reports SET coverage_share = 0 WHERE sha256 = ?", [sha])


def _compact_numbers(db: Database) -> None:
    """Layout 3 to 4: each claim's numbers rewritten in the compact form (the same Numbers:
    hedui.claimnumbers reads both)."""
    conn = db.conn
    rows = conn.execute("SELECT id, numbers FROM claims WHERE numbers IS NOT NULL").fetchall()
    conn.executemany(
        "UPDATE claims SET numbers = ? WHERE id = ?",
        [(claimnumbers.recompact(numbers), cid) for cid, numbers in rows],
    )


def _text_once(db: Database) -> None:
    """Layout 1 to 2: each report's JSON packed without its text, the duplicate columns
    dropped, and the search index rebuilt (ensure_index, right after)."""
    conn = db.conn
    if has_column(db, "reports", "report_json"):
        rows = conn.execute(
            "SELECT sha256, report_json FROM reports WHERE report_json IS NOT NULL"
        ).fetchall()
        for sha, raw in rows:
            data = json.loads(raw)
            data.pop("text", None)
            conn.execute(
                "UPDATE reports SET report_packed = ?, pages = ? WHERE sha256 = ?",
                [_pack(json.dumps(data, ensure_ascii=False)),
                 json.dumps(data.get("pages") or []), sha],
            )  # fmt: skip
    for trigger in ("sections_ai", "sections_ad", "sections_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS sections_fts")  # the index of the first versions
    conn.execute("DROP INDEX IF EXISTS cells_report")  # cells are found by their table
    conn.execute("DROP TABLE IF EXISTS search_fts")  # rebuilt by ensure_index
    conn.execute("DELETE FROM hedui_meta WHERE key = 'search_index'")
    for table, column in (
        ("reports", "report_json"), ("sections", "text"), ("sections", "text_spaced"),
    ):  # fmt: skip
        if has_column(db, table, column):
            conn.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')


def _pack_passes(db: Database) -> None:
    """Layout 2 to 3: each report's passing findings moved from rows into its
    ``passes_packed``. The findings a pair of years added (hedui.years) stay rows: years
    replaces them by their ids."""
    conn = db.conn
    paired = "year_findings" in db.table_names()
    not_paired = "AND id NOT IN (SELECT finding_id FROM year_findings)" if paired else ""
    shas = [
        sha
        for (sha,) in conn.execute(
            "SELECT DISTINCT report_sha256 FROM findings WHERE outcome = 'pass' "
            f"AND report_sha256 IN (SELECT sha256 FROM reports) {not_paired}"
        ).fetchall()
    ]
    for sha in shas:
        rows = list(
            db.query(
                f"SELECT * FROM findings WHERE report_sha256 = ? AND outcome = 'pass' "
                f"{not_paired} ORDER BY idx",
                [sha],
            )
        )
        conn.execute(
            "UPDATE reports SET passes_packed = ? WHERE sha256 = ?", [pack_passes(rows), sha]
        )
        conn.executemany("DELETE FROM findings WHERE id = ?", [(r["id"],) for r in rows])


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """Read inside one transaction, so every query sees the database as it was at the first
    (WAL keeps that view while an ingest commits): an export taken during an ingest never
    pairs a report with findings of another moment."""
    conn = db.conn
    if conn.in_transaction:  # already inside one: its view is the snapshot
        yield db
        return
    conn.execute("BEGIN")
    try:
        yield db
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written: ending the read is all


def finding_id(sha256: str, finding: Finding) -> str:
    """Stable across re-ingests of the same file, so review decisions stay attached."""
    return sha256[:16] + ":" + hashlib.sha256(finding.key().encode()).hexdigest()[:16]


def has_report(db: Database, sha256: str) -> bool:
    return (
        db.conn.execute("SELECT 1 FROM reports WHERE sha256 = ?", [sha256]).fetchone() is not None
    )


# --- the Report without its text --------------------------------------------------------------

# json.dumps(…, ensure_ascii=False) and its compact form, each made once (textutil.json_encoder)
_spaced_json = json_encoder((", ", ": "))
_compact_json = json_encoder((",", ":"))
_PACK_LEVEL = 3  # zlib: 150 kB of JSON (001) → 20 kB in 0.5 ms; level 6 saves 3 kB for 1 ms more


def _pack(report_json: str) -> bytes:
    return zlib.compress(report_json.encode("utf-8"), _PACK_LEVEL)


def pack_report(report: Report) -> bytes:
    """The Report as JSON without its text (kept once, in reports.text) and without the
    fields that hold their defaults (a number's grounding, an empty page, a row's empty
    notes …: validation gives them back, the same; 001: 150 → 107 kB of JSON, 19.6 → 17.5
    kB packed, and faster to pack), then a newline and its narratives with each item's text
    left out where it is the report's text at the item's span (every one of the corpora's
    731: 001's packed Report 17.5 → 14.5 kB), compressed. load_report reads this and the
    single JSON object packed before."""
    body = _REPORT_JSON.to_json(report, exclude=_NOT_IN_BODY, exclude_defaults=True)
    narratives = report.narratives.model_dump(mode="json", exclude_defaults=True)
    text = report.text
    for name in _NARRATIVE_ITEMS:
        for item in narratives.get(name, ()):
            span = item.get("span")
            if span and item["text"] == text[span["start"] : span["end"]]:
                del item["text"]  # a TextItem's text is required: its absence says "cut"
    cut = _compact_json(narratives)
    # JSON holds no raw newline: the newline parts them
    return zlib.compress(body + b"\n" + cut.encode("utf-8"), _PACK_LEVEL)


# What Report.model_dump_json calls, which gives the UTF-8 bytes zlib takes: model_dump_json
# decodes them to a str that was encoded again (0.2 ms of the mix's 1.7 a report packed)
_REPORT_JSON = Report.__pydantic_serializer__
_NOT_IN_BODY = {"text", "narratives"}
_NARRATIVE_ITEMS = ("duties", "organisation", "achievements", "problems", "measures")


def load_report(row: dict) -> Report:
    """The Report a reports row holds: its packed JSON with the row's text put back (spliced
    into the JSON, so pydantic validates it in one pass), and its narratives' texts cut from
    it."""
    if not row.get("report_packed"):
        raise StoreError(
            f"{row.get('file_name') or row['sha256']}: stored without its Report (by a tool, "
            "not by hedui ingest); ingest its file again"
        )
    body, parted, cut = zlib.decompress(row["report_packed"]).partition(b"\n")
    full = row["text"] or ""
    text = json.dumps(full, ensure_ascii=False).encode("utf-8")
    if not parted:  # packed by an earlier hedui: the Report whole, narratives and all
        return Report.model_validate_json(b'{"text":' + text + b"," + body[1:])
    narratives = json.loads(cut)
    for name in _NARRATIVE_ITEMS:
        for item in narratives.get(name, ()):
            if "text" not in item:
                span = item["span"]
                item["text"] = full[span["start"] : span["end"]]
    more = json.dumps(narratives, ensure_ascii=False).encode("utf-8")
    return Report.model_validate_json(
        b'{"text":' + text + b',"narratives":' + more + b"," + body[1:]
    )


# --- passing findings, packed -------------------------------------------------------------
# A report's passing checks (209 of 001's 231 findings) are read whole or not at all — by an
# export of every check, the report's findings in the API, a verdict decided again — never
# one by one, and nobody reviews them: they are kept in ``reports.passes_packed``, one
# compressed list a report (138 kB of rows for 001 became 9), while every other finding
# stays a row of ``findings`` that review reads, decides and counts.

FINDING_COLUMNS = (
    "id", "report_sha256", "idx", "rule", "name", "outcome", "severity", "category", "message",
    "subject", "stated", "expected", "expected_low", "expected_high", "tolerance",
    "difference", "unit", "spans", "culprit", "note",
)  # fmt: skip
_PACKED_COLUMNS = tuple(c for c in FINDING_COLUMNS if c != "report_sha256")
_STORED_FINDING_COLUMNS = ("id", "report", *_PACKED_COLUMNS[1:])  # report_findings' columns
_OUTCOME, _SEVERITY = FINDING_COLUMNS.index("outcome"), FINDING_COLUMNS.index("severity")


def pack_passes(rows: list[dict]) -> bytes | None:
    """Findings rows packed (_pack_columns); None for none."""
    if not rows:
        return None
    return _pack_columns([[r[c] for c in FINDING_COLUMNS] for r in rows])


def _pack_pass_values(values: list[tuple]) -> bytes | None:
    """pack_passes of rows as _finding_rows makes them (the same bytes): each id would be
    finding_id's, the hash of Finding.key, which is _id_of's key of the row finding_values
    writes, so it is recomputable and left out; _every_finding makes none for a pass."""
    if not values:
        return None
    return _pack_columns(values, ids=[None] * len(values))


def _pack_columns(values: list, ids: list[str | None] | None = None) -> bytes:
    """Rows (values in FINDING_COLUMNS' order) as one zlib-compressed JSON object of column
    lists, the report's SHA-256 left out (the row holding them has it), and each id that
    finding_id gives again from the row's own rule, subject and spans left out too (null):
    a column's values side by side compress better than rows, and a random id not at all
    (001's passes: 16.2 → 12.5 kB). ``ids``: that column already known (all null for rows
    _finding_rows made)."""
    if ids is None:
        ids = [None if v[0] == _id_of(v[1], v) else v[0] for v in values]
    # the rows turned to columns in C (a tuple is written as the list it was); none: empty
    by_column = list(zip(*values, strict=True)) or [()] * len(FINDING_COLUMNS)
    columns = {"id": ids} | dict(zip(FINDING_COLUMNS[2:], by_column[2:], strict=True))
    return _pack(_compact_json(columns))


_RULE, _SUBJECT, _SPANS = (FINDING_COLUMNS.index(c) for c in ("rule", "subject", "spans"))


def _id_of(sha256: str, values) -> str:
    """finding_id of a finding stored as ``values`` (FINDING_COLUMNS' order): its key is its
    rule, subject and spans (Finding.key), which the row holds, the spans as finding_values
    writes them (``[[1, 2], [3, 4]]`` → ``1-2,3-4``: text replaced, not JSON read, 3× faster).
    A row whose id this does not give (spans written otherwise by an older hedui) keeps its
    id in the packed list: packing and unpacking ask this same function."""
    return _hashed_id(sha256, values[_RULE], values[_SUBJECT], values[_SPANS] or "[]")


def _hashed_id(sha256: str, rule: str, subject: str | None, spans: str) -> str:
    """finding_id from a finding's rule, subject and spans as finding_values writes them."""
    return _id_from_key(sha256, _key(rule, subject, spans))


def _key(rule: str, subject: str | None, spans: str) -> str:
    """Finding.key from a finding's rule, subject and spans as finding_values writes them."""
    pairs = spans[2:-2].replace("], [", ",").replace(", ", "-")
    return f"{rule}:{subject}:{pairs}"


def _id_from_key(sha256: str, key: str) -> str:
    return sha256[:16] + ":" + _digest(key)


def _digest(key: str) -> str:
    """The part of a finding's id hashed from its key."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def unpack_passes(sha256: str, packed: bytes | None) -> list[dict]:
    """The findings rows pack_passes packed, as findings rows (SELECT * gives the same);
    also those of layout 3, a JSON list of value lists."""
    if not packed:
        return []
    data = json.loads(zlib.decompress(packed))
    if isinstance(data, list):  # layout 3 and 4: rows
        return [
            {"id": v[0], "report_sha256": sha256,
             **dict(zip(_PACKED_COLUMNS[1:], v[1:], strict=True))}
            for v in data
        ]  # fmt: skip
    names = _PACKED_COLUMNS[1:]
    rows = []
    for fid, *values in zip(data["id"], *(data[c] for c in names), strict=True):
        row = {"id": fid, "report_sha256": sha256, **dict(zip(names, values, strict=True))}
        if fid is None:
            row["id"] = _id_of(sha256, [row[c] for c in FINDING_COLUMNS])
        rows.append(row)
    return rows


def passes_of(db: Database, sha256: str) -> list[dict]:
    """A report's packed passing findings, as rows."""
    row = db.conn.execute("SELECT passes_packed FROM reports WHERE sha256 = ?", [sha256]).fetchone()
    return unpack_passes(sha256, row[0] if row else None)


def finding_by_id(db: Database, fid: str) -> dict | None:
    """One finding by its id: its row, or among the packed passes of the report its id
    names (finding_id starts with the report's sha256's first 16 digits)."""
    rows = list(db.query("SELECT * FROM findings WHERE id = ?", [fid]))
    if rows:
        return rows[0]
    prefix = fid.split(":", 1)[0]
    if not re.fullmatch(r"[0-9a-f]{16}", prefix):
        return None
    for sha, packed in db.conn.execute(
        "SELECT sha256, passes_packed FROM reports WHERE sha256 >= ? AND sha256 < ? "
        "AND passes_packed IS NOT NULL",
        [prefix, prefix + "g"],
    ):
        for row in unpack_passes(sha, packed):
            if row["id"] == fid:
                return row
    return None


def last_finding_idx(db: Database, sha256: str) -> int:
    """The highest idx of a report's findings, rows and packed (-1 for none)."""
    (last,) = db.conn.execute(
        "SELECT coalesce(max(idx), -1) FROM findings WHERE report_sha256 = ?", [sha256]
    ).fetchone()
    return max([last, *(r["idx"] for r in passes_of(db, sha256))])


def page_extents(row: dict) -> list[dict]:
    """The page extents (start, end, page) of a reports row; empty for text sources."""
    return json.loads(row.get("pages") or "[]")


def sections_of(db: Database, sha256: str) -> list[dict]:
    """A report's section rows in order, each with its text (cut from the report's)."""
    return list(
        db.query(
            'SELECT s.*, substr(r.text, s.start + 1, s."end" - s.start) AS text '
            "FROM sections s JOIN reports r ON r.sha256 = s.report_sha256 "
            "WHERE s.report_sha256 = ? ORDER BY s.idx",
            [sha256],
        )
    )


def section_text(db: Database, section_id: int) -> str | None:
    """One section's text, cut from its report's."""
    row = db.conn.execute(
        'SELECT substr(r.text, s.start + 1, s."end" - s.start) FROM sections s '
        "JOIN reports r ON r.sha256 = s.report_sha256 WHERE s.id = ?",
        [section_id],
    ).fetchone()
    return row[0] if row else None


# --- writing ----------------------------------------------------------------------------------


@dataclass
class ToSave:
    """One report to write, with what the store keeps beside it."""

    report: Report
    verification: Verification
    path: str | None = None
    format: str | None = None
    llm_calls: list[dict] = field(default_factory=list)


def save_report(
    db: Database,
    report: Report,
    verification: Verification,
    *,
    path: str | None = None,
    format: str | None = None,
    llm_calls: list[dict] | None = None,
    if_absent: bool = False,
) -> bool:
    """Write one report and everything derived from it, in one transaction; True when
    written.

    ``llm_calls`` are what the model calls for this report cost (see extractor.llm.client
    CallRecord), kept with the report so `hedui stats` can add them up. With ``if_absent``
    a report already stored (another ingest won the race, or the same bytes came twice in
    a batch) is left as it is and False returned. A replaced report keeps its review status:
    decisions outlive their findings' rows, so a report whose failures are all decided stays
    ``reviewed``. A database error (disk full, read-only, locked) is a StoreError naming the
    database and the file, never the rollback's own complaint.
    """
    item = ToSave(report, verification, path, format, llm_calls or [])
    return save_reports(db, [item], if_absent=if_absent)[0]


def save_reports(db: Database, items: Iterable[ToSave], *, if_absent: bool = False) -> list[bool]:
    """save_report for many reports in one transaction (ingest's batches): all of them are
    written or, on any error, none. Returns, per item, whether it was written (False: with
    ``if_absent``, already stored — by another ingest, or earlier in this very batch)."""
    conn = db.conn
    items = list(items)
    written: list[bool] = []
    current: ToSave | None = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        for current in items:
            if if_absent and has_report(db, current.report.sha256):
                written.append(False)
                continue
            _write(db, current)
            written.append(True)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # SQLite has already rolled back after SQLITE_FULL
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            name = (current.path or current.report.file_name) if current else "the reports"
            raise StoreError(
                f"{db_file(db) or 'the database'}: could not store {name} ({exc})"
            ) from exc
        raise
    return written


def db_file(db: Database) -> str | None:
    """The file the connection's main database lives in (None in memory)."""
    for row in db.query("PRAGMA database_list"):
        if row["name"] == "main" and row["file"]:
            return row["file"]
    return None


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    """Rows of one shape into ``table`` in one executemany (the keys of the first row name
    the columns)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", [tuple(r.values()) for r in rows]
    )


def report_number(conn: sqlite3.Connection, sha256: str) -> int:
    """The number a report's rows are keyed by (report_ids), given it on first use: a
    SHA-256 in each of 001's 164 sections, tables, claims and findings, and in their
    indexes, cost 22 kB a report."""
    conn.execute("INSERT OR IGNORE INTO report_ids (sha256) VALUES (?)", [sha256])
    (number,) = conn.execute("SELECT id FROM report_ids WHERE sha256 = ?", [sha256]).fetchone()
    return int(number)


def _write(db: Database, item: ToSave) -> None:
    """One report's deletes and inserts, inside the caller's transaction."""
    report, sha = item.report, item.report.sha256
    conn = db.conn
    number = report_number(conn, sha)
    unindex_report(db, sha)  # the search index's rows are keyed by the sections about to go
    for table in _CELL_TABLES:  # by their tables: an index by report would cost 26 kB a report
        conn.execute(
            f"DELETE FROM {table} WHERE table_id IN (SELECT id FROM report_tables WHERE report = ?)",
            [number],
        )
    for table in _CHILD_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE report = ?", [number])
    conn.execute("DELETE FROM llm_calls WHERE report_sha256 = ?", [sha])
    conn.execute("DELETE FROM reports WHERE sha256 = ?", [sha])
    every = _every_finding(sha, item.verification.findings)
    findings = _finding_rows(every)
    row = _report_row(item, _status(db, sha, item.verification, every))
    row["passes_packed"] = _pack_pass_values([f for f in findings if f[_OUTCOME] == "pass"])
    _insert(conn, "reports", [row])
    _insert(conn, "report_sections", list(_section_rows(report, number)))
    index_report(db, sha)
    _save_tables(conn, report, number)
    _insert(conn, "report_claims", list(_claim_rows(report, number)))
    insert_findings(conn, [f for f in findings if f[_OUTCOME] != "pass"])
    if item.llm_calls:
        calls = [{"report_sha256": sha, "idx": i, **c} for i, c in enumerate(item.llm_calls)]
        for call in calls:
            _insert(conn, "llm_calls", [call])


def _status(
    db: Database, sha: str, verification: Verification, every: list[tuple[str, tuple]]
) -> str:
    """The status the report is stored with: ``reviewed`` when it has failures and each has
    a decision (decisions outlive their findings' rows: a replaced report keeps its review),
    else its verdict — review.report_status's answer, known before the row is written (an
    UPDATE afterwards rewrote the whole row, text and all: 7 ms a report). ``every``: each
    finding's key and values (_every_finding: a failure's id made once), in the
    verification's order."""
    failed = {
        v[0] for _, v in every if v[_OUTCOME] == "fail" and v[_SEVERITY] in ("error", "warning")
    }
    if (
        not failed
        or not db.conn.execute(  # any decision on this report (by its ids' prefix)?
            "SELECT 1 FROM decisions WHERE finding_id >= ? AND finding_id < ? LIMIT 1",
            [sha[:16] + ":", sha[:16] + ";"],
        ).fetchone()
    ):
        return verification.verdict
    decided = {
        fid
        for chunk in _chunks(sorted(failed), 500)
        for (fid,) in db.conn.execute(
            f"SELECT DISTINCT finding_id FROM decisions WHERE finding_id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        )
    }
    return "reviewed" if failed <= decided else verification.verdict


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def insert_findings(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Findings (values in FINDING_COLUMNS' order) by their stable ids; an id that comes
    twice, or is stored already, keeps the last (INSERT OR REPLACE, as the first store did).
    hedui.years adds a pair's findings this way too. Each is stored under its report's
    number (report_number) in place of the SHA-256 the values hold."""
    if not rows:
        return
    numbers = {sha: report_number(conn, sha) for sha in {r[1] for r in rows}}
    names = ", ".join(f'"{c}"' for c in _STORED_FINDING_COLUMNS)
    marks = ", ".join("?" * len(_STORED_FINDING_COLUMNS))
    conn.executemany(
        f"INSERT OR REPLACE INTO report_findings ({names}) VALUES ({marks})",
        [(r[0], numbers[r[1]], *r[2:]) for r in rows],
    )


def _report_row(item: ToSave, status: str) -> dict:
    """The reports row: identity, verdict and counts, the text, and the Report packed (the
    table keeps these two last: a query of the other columns never walks their pages)."""
    report, verification = item.report, item.verification
    failed = [f for f in verification.findings if f.outcome == "fail" and f.severity != "info"]
    return {
        "sha256": report.sha256,
        "file_name": report.file_name,
        "path": item.path,
        "format": item.format,
        "kind": report.kind.value,
        "kinds": _spaced_json([k.value for k in report.kinds]),
        "department": report.department,
        "region": report.region,
        "year": report.year,
        "verdict": verification.verdict,
        "reasons": _spaced_json(verification.reasons),
        "n_tables": len(report.tables),
        "n_sections": len(report.sections),
        "n_claims": len(report.claims),
        "n_errors": sum(f.severity == "error" for f in failed),
        "n_warnings": sum(f.severity == "warning" for f in failed),
        "status": status,
        "text": report.text,
        "report_packed": pack_report(report),
        "pages": json.dumps([p.model_dump(mode="json") for p in report.pages]),
        "extractor": report.extraction.extractor,
        "extractor_version": report.extraction.version,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "coverage_share": _stored_share(verification),
        "coverage_json": verification.coverage.model_dump_json(),
    }


def _stored_share(verification: Verification) -> float:
    """The share of figures checked, as `list --coverage` and `stats` read it: none of none is
    0, not the 1.0 Coverage.share gives it (a blank template listed as "cov 100%" and found by
    ``--coverage full`` had nothing checked at all)."""
    cov = verification.coverage
    return round(cov.share, 4) if cov.figures else 0.0


def _section_rows(report: Report, number: int) -> Iterator[dict]:
    """Sections as offsets into the report's text (search.py indexes each one's own part);
    their report's department, region and year are its own (the view adds them)."""
    for i, s in enumerate(report.sections):
        yield {
            "report": number,
            "idx": i,
            "kind": s.kind.value,
            "heading": s.heading,
            "level": s.level,
            "start": s.span.start,
            "end": s.span.end,
            "table_kind": s.table_kind.value if s.table_kind else None,
            "topic": s.topic,
        }


def _save_tables(conn: sqlite3.Connection, report: Report, number: int) -> None:
    """Each table, then the cells, rows and columns of them all under their tables' new ids,
    in one go each."""
    cells: list[tuple] = []
    rows: list[tuple] = []
    columns: list[tuple] = []
    for ti, t in enumerate(report.tables):
        cur = conn.execute(
            "INSERT INTO report_tables (report, idx, kind, title, label, unit, unit_inferred, "
            "n_rows, n_columns, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [number, ti, t.kind.value, t.title, t.label, t.unit, int(t.unit_inferred),
             len(t.rows), len(t.columns), _spaced_json(t.notes)],
        )  # fmt: skip
        _cell_rows(t, cur.lastrowid, cells, rows, columns)
    conn.executemany(
        "INSERT INTO table_cells (table_id, row_idx, column_idx, raw, value, decimals, unit, "
        'start, "end", page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        cells,
    )
    conn.executemany("INSERT INTO table_rows VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO table_columns VALUES (?, ?, ?, ?)", columns)


def _cell_rows(
    t: Table, table_id: int | None, cells: list[tuple], rows: list[tuple], columns: list[tuple]
) -> None:
    """A table's cells (the ``cells`` view's row), each its exact value as TEXT and its place
    in the source, added to ``cells``; its rows that hold a cell to ``rows``, its columns that
    a cell is in to ``columns`` (a cell outside the columns has no column: the view gives it
    no name, as the cell rows of layout 4 had none). Its report is its table's."""
    named = t.columns
    used: set[int] = set()
    for ri, row in enumerate(t.rows):
        if row.cells:
            rows.append((table_id, ri, row.code, row.name, row.side, int(row.is_total)))
        for c in row.cells:
            used.add(c.column)
            n = c.number
            if n is None:
                cells.append((table_id, ri, c.column, c.text, None, None, None, None, None, None))
                continue
            span = n.span
            at = (span.start, span.end, span.page) if span else (None, None, None)
            value: str | None = str(n.value)
            if value == n.raw.replace(",", ""):  # the view gives it back from raw
                value = None
            cells.append((table_id, ri, c.column, n.raw, value, n.decimals, n.unit, *at))
    columns += [
        (table_id, i, named[i].name, named[i].side) for i in sorted(used) if 0 <= i < len(named)
    ]


def _claim_rows(report: Report, number: int) -> Iterator[dict]:
    for i, c in enumerate(report.claims):
        yield {
            "report": number,
            "idx": i,
            "kind": c.kind.value,
            "subject": c.subject,
            "status": c.status,
            "link": c.link,
            "direction": c.direction,
            "sentence_start": c.sentence.start,
            "sentence_end": c.sentence.end,
            "numbers": claimnumbers.dumps(c.numbers),
            "source": c.source,
        }


def _every_finding(sha: str, findings: list[Finding]) -> list[tuple[str, tuple]]:
    """Each finding's key (Finding.key: what its id is hashed from) and its values
    (finding_values'), in order. The id is hashed only for a finding that is not a pass:
    a passing one is packed without its id, which reading it gives again from its row
    (_pack_pass_values), so its hash was made for nothing (209 of 001's 231 findings; 0.3 ms
    a report). Its id is None in the values. The spans' texts of every finding are made in
    one comprehension (_spans_texts), not one a finding."""
    every = []
    prefix = sha[:16] + ":"
    for idx, (f, spans) in enumerate(zip(findings, _spans_texts(findings), strict=True)):
        key = _key(f.rule, f.subject, spans)
        fid = None if f.outcome == Outcome.PASS else prefix + _digest(key)
        every.append((key, _values(fid, sha, idx, f, spans)))
    return every


def _finding_rows(every: list[tuple[str, tuple]]) -> list[tuple]:
    """Findings under ids that survive a re-ingest (finding_id), amounts as exact TEXT, each
    its values in FINDING_COLUMNS' order (tuples: no dict a finding on the write's path), from
    ``every`` finding's key and values (_every_finding, in the verification's order); an id
    that comes twice keeps its last (as INSERT OR REPLACE kept the last row): told by the
    key it is hashed from, the same for the same id (a pass has no id made)."""
    rows: dict[str, tuple] = {}
    for key, values in every:
        rows.pop(key, None)
        rows[key] = values
    return sorted(rows.values(), key=itemgetter(2))


def finding_row(sha: str, idx: int, f: Finding, fid: str | None = None) -> dict:
    """One finding as a findings row, by column."""
    return dict(zip(FINDING_COLUMNS, finding_values(sha, idx, f, fid), strict=True))


def finding_values(sha: str, idx: int, f: Finding, fid: str | None = None) -> tuple:
    """A findings row's values, in FINDING_COLUMNS' order. The id (finding_id, unless given)
    is hashed from the row's own spans text as _id_of reads it, the key Finding.key writes
    (the spans walked once, not twice: 231 findings a report)."""
    spans = _spans_text(f)
    return _values(fid or _hashed_id(sha, f.rule, f.subject, spans), sha, idx, f, spans)


def _spans_text(f: Finding) -> str:
    """A finding's spans as its row holds them: ``[[1, 2], [3, 4]]``."""
    return _spans_texts([f])[0]


def _spans_texts(findings: list[Finding]) -> list[str]:
    """The spans' text (_spans_text) of each finding: every span's ``start, end`` made in
    one comprehension, then each finding's joined from its slice (a comprehension a finding
    cost more than its 2.7 spans' formatting: 284 findings a report)."""
    lists = [f.spans for f in findings]
    pairs = [f"{s.start}, {s.end}" for spans in lists for s in spans]
    texts, at = [], 0
    for spans in lists:
        end = at + len(spans)
        texts.append("[[" + "], [".join(pairs[at:end]) + "]]" if end > at else "[]")
        at = end
    return texts


# An enum member's value by the member (a dict lookup, not the enum's property: 2 a finding)
_VALUE_OF: dict[str, str] = {m: m.value for m in (*Outcome, *Severity)}


def _values(fid: str | None, sha: str, idx: int, f: Finding, spans: str) -> tuple:
    """finding_values' tuple, its id and spans text given. Each amount is made TEXT only
    when there is one (the six are all None or all set, in 17% and 83% of the mix's 284
    findings a report)."""
    stated, expected, low, high = f.stated, f.expected, f.expected_low, f.expected_high
    tolerance, difference, culprit = f.tolerance, f.difference, f.culprit
    return (
        fid, sha, idx, f.rule, f.name, _VALUE_OF[f.outcome], _VALUE_OF[f.severity],
        f.category, f.message, f.subject,
        None if stated is None else str(stated),
        None if expected is None else str(expected),
        None if low is None else str(low),
        None if high is None else str(high),
        None if tolerance is None else str(tolerance),
        None if difference is None else str(difference),
        f.unit, spans,
        None if culprit is None else f"[{culprit.start}, {culprit.end}]",  # json.dumps'
        f.note,
    )  # fmt: skip


def report_matches(db: Database, key: str) -> list[dict]:
    """The reports ``key`` names, by the first rule that names any: the SHA-256, a prefix of
    it (four or more hex digits, so a short word is read as a name), the file name, the
    department, part of the file name, part of the department (``醴陵`` finds 醴陵市… when
    the file is named by its hash), a name of the department as another report writes it. The one lookup the CLI and the service share; more than
    one row means the key is ambiguous, and the rows are the candidates to show."""
    key = key.strip()
    if not key:
        return []
    rules = [("sha256 = ?", key)]
    if re.fullmatch(r"[0-9a-fA-F]{4,64}", key):
        rules.append(("sha256 LIKE ?", key.lower() + "%"))
    rules += [
        ("file_name = ?", key),
        ("department = ?", key),
        ("file_name LIKE ? OR department LIKE ? OR region LIKE ?", f"%{key}%"),
    ]
    for where, arg in rules:
        args = [arg] * where.count("?")
        rows = list(db.query(f"SELECT * FROM reports WHERE {where} ORDER BY file_name", args))
        if rows:
            return rows
    # last, the department as another report may write it (省法院 for 江苏省高级人民法院),
    # matched as the pairs of years are (hedui.departments)
    named = db.query("SELECT sha256, department FROM reports WHERE department IS NOT NULL")
    shas = [row["sha256"] for row in named if departments.same(key, row["department"])[0]]
    if not shas:
        return []
    marks = ", ".join("?" * len(shas))
    return list(
        db.query(f"SELECT * FROM reports WHERE sha256 IN ({marks}) ORDER BY file_name", shas)
    )


def named_where(db: Database, column: str, value: str, alias: str = "") -> tuple[str, list]:
    """A condition on reports (``alias``) for a filter of ``column`` (region or department),
    as every command reads one: the stored value holds ``value``, or the department is one
    hedui.departments reads ``value`` as naming (departments_named). `list`, `review`, the
    export and search all ask this, so 省法院 or 上海 finds the same reports everywhere."""
    at = f"{alias}." if alias else ""
    names = departments_named(db, value, by_place=column == "region")
    marks = ", ".join("?" * len(names))
    return (
        f"(instr(coalesce({at}{column}, ''), ?) > 0 OR {at}department IN ({marks}))",
        [value, *names],
    )


def departments_named(db: Database, value: str, *, by_place: bool) -> list[str]:
    """The stored department names that ``value`` names as hedui.departments reads names:
    by_place, those with a place that holds it (上海 for 上海市普陀区万里街道办事处, whose
    region is stored as 普陀区); else those that are the same department written otherwise
    (省法院 for 江苏省高级人民法院). One pass over the distinct names, not the reports."""
    names = [n for (n,) in db.execute("SELECT DISTINCT department FROM reports") if n]
    if by_place:
        return [n for n in names if any(value in p for p in departments.parse(n).places)]
    return [n for n in names if departments.same(value, n)[0]]


def find_report_row(db: Database, key: str) -> dict | None:
    """The one report ``key`` names (see report_matches); None when none or several do."""
    rows = report_matches(db, key)
    return rows[0] if len(rows) == 1 else None


def get_report(db: Database, key: str) -> Report | None:
    row = find_report_row(db, key)
    return load_report(row) if row else None


def findings_for(db: Database, sha256: str) -> list[dict]:
    """Every finding of a report in its order: the rows and the packed passes together."""
    rows = list(db.query("SELECT * FROM findings WHERE report_sha256 = ? ORDER BY idx", [sha256]))
    passes = passes_of(db, sha256)
    return sorted(rows + passes, key=lambda r: r["idx"]) if passes else rows


REPORT_SORTS = {
    "name": "coalesce(department, file_name), year",
    "year": "year DESC, coalesce(department, file_name)",
    "errors": "n_errors DESC, n_warnings DESC, coalesce(department, file_name)",
    "pending": "pending DESC, n_errors DESC, coalesce(department, file_name)",
    "ingested": "ingested_at DESC, file_name",
}
COVERAGE_CHOICES = ("full", "partial", "unknown")
VERDICTS: tuple[str, ...] = get_args(Verdict)
STATUSES = (*VERDICTS, "reviewed")  # a report's status: its verdict, or reviewed when decided


def has_column(db: Database, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (a store of an earlier version may lack it)."""
    return any(r[1] == column for r in db.execute(f"PRAGMA table_info({table})"))


def _coverage_where(db: Database, coverage: str) -> tuple[str, list]:
    """``coverage``: full (every figure checked), partial, unknown, or a least share (0.8,
    80%). Written against reports.coverage_share; a store without that column knows no
    coverage, so only ``unknown`` matches there."""
    c = coverage.strip().lower()
    share = None
    if c not in COVERAGE_CHOICES:
        try:
            share = float(c.rstrip("%"))
        except ValueError:
            raise ValueError(
                f"coverage takes {', '.join(COVERAGE_CHOICES)} or a least share (0.8, 80%), "
                f"not {coverage!r}"
            ) from None
    known = has_column(db, "reports", "coverage_share")
    if c == "unknown":
        return ("coverage_share IS NULL", []) if known else ("1", [])
    if not known:
        return "0", []
    if c == "full":
        return "coverage_share >= 1", []
    if c == "partial":
        return "coverage_share < 1", []
    assert share is not None
    return "coverage_share >= ?", [share / 100 if c.endswith("%") or share > 1 else share]


def list_reports(
    db: Database,
    *,
    kind: str | None = None,
    year: int | None = None,
    region: str | None = None,
    department: str | None = None,
    verdict: str | None = None,
    status: str | None = None,
    coverage: str | None = None,
    sort: str = "name",
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[dict]]:
    """Stored reports that pass every filter given, and how many do: ``kind``, ``region``
    and ``department`` match when the stored value contains them, ``year``, ``verdict`` and
    ``status`` exactly; ``coverage`` as _coverage_where says. Each row carries its counts of
    failed findings (errors, warnings) and of those still pending a decision."""
    if verdict and verdict not in VERDICTS:
        raise ValueError(f"verdict takes {', '.join(VERDICTS)}, not {verdict!r}")
    if status and status not in STATUSES:
        raise ValueError(f"status takes {', '.join(STATUSES)}, not {status!r}")
    where: list[str] = ["1"]
    args: list[object] = []
    if kind:
        where.append("instr(coalesce(kind, ''), ?) > 0")
        args.append(kind)
    for column, value in (("region", region), ("department", department)):
        if value:
            clause, more = named_where(db, column, value)
            where.append(clause)
            args += more
    exact: tuple[tuple[str, object], ...] = (
        ("year", year), ("verdict", verdict), ("status", status),
    )  # fmt: skip
    for column, wanted in exact:
        if wanted not in (None, ""):
            where.append(f"{column} = ?")
            args.append(wanted)
    if coverage:
        clause, more = _coverage_where(db, coverage)
        where.append(clause)
        args += more
    if sort not in REPORT_SORTS:
        raise ValueError(f"sort takes {', '.join(REPORT_SORTS)}, not {sort!r}")
    cov = "coverage_share" if has_column(db, "reports", "coverage_share") else "NULL"
    condition = " AND ".join(where)
    (total,) = db.execute(f"SELECT count(*) FROM reports WHERE {condition}", args).fetchone()
    page = f"LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    rows = list(
        db.query(
            f"""SELECT sha256, file_name, format, kind, department, region, year, verdict,
                       status, n_tables, n_errors, n_warnings, ingested_at,
                       {cov} AS coverage_share,
                       (SELECT count(*) FROM findings f
                         WHERE f.report_sha256 = reports.sha256 AND f.outcome = 'fail'
                           AND f.severity IN ('error', 'warning')
                           AND NOT EXISTS (SELECT 1 FROM decisions d
                                           WHERE d.finding_id = f.id)) AS pending
                FROM reports WHERE {condition}
                ORDER BY {REPORT_SORTS[sort]} {page}""",
            args,
        )
    )
    return total, rows


COVERAGE_BANDS = (
    ("100%", 1.0, 1.01),
    ("90–99%", 0.9, 1.0),
    ("50–89%", 0.5, 0.9),
    ("<50%", 0.0, 0.5),
)


def coverage_counts(db: Database) -> dict[str, int]:
    """How many stored reports checked what share of their figures, by band (reports stored
    before coverage was kept are 'unknown')."""
    out = {band: 0 for band, _, _ in COVERAGE_BANDS}
    for row in db.query("SELECT coverage_share s FROM reports"):
        share = row["s"]
        band = next(
            (b for b, lo, hi in COVERAGE_BANDS if share is not None and lo <= share < hi), "unknown"
        )
        out[band] = out.get(band, 0) + 1
    return {band: n for band, n in out.items() if n}


def verdict_counts(db: Database) -> dict[str, int]:
    """How many stored reports have each verdict."""
    rows = db.query("SELECT verdict, count(*) n FROM reports GROUP BY verdict")
    return {r["verdict"]: r["n"] for r in rows}


def failures_by_rule(db: Database) -> list[dict]:
    """Failed checks counted per rule and severity, the most frequent first."""
    return list(
        db.query(
            "SELECT rule, severity, count(*) n FROM findings WHERE outcome = 'fail' "
            "GROUP BY rule, severity ORDER BY n DESC"
        )
    )


def llm_totals(db: Database, sha256: str | None = None) -> dict:
    """What the model calls of every stored report (or of one) cost, added up."""
    where, args = ("WHERE report_sha256 = ?", [sha256]) if sha256 else ("", [])
    row = next(
        db.query(
            "SELECT count(*) calls, coalesce(sum(cached), 0) cached, "
            "coalesce(sum(requests), 0) requests, coalesce(sum(retries), 0) retries, "
            "coalesce(sum(reasks), 0) reasks, coalesce(sum(1 - ok), 0) failed, "
            "coalesce(sum(tokens_in), 0) tokens_in, coalesce(sum(tokens_out), 0) tokens_out, "
            f"count(DISTINCT report_sha256) reports FROM llm_calls {where}",
            args,
        )
    )
    costs = [
        r["cost"]
        for r in db.query(
            f"SELECT cost FROM llm_calls {where} {'AND' if where else 'WHERE'} cost IS NOT NULL",
            args,
        )
    ]
    row["cost"] = str(sum((Decimal(c) for c in costs), Decimal(0))) if costs else None
    return row
