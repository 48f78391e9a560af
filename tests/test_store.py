"""The store keeps amounts exact and never holds half a report."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract, load
from hedui import store
from tests.conftest import EXAMPLES
from verifier import verify
from verifier.report import Coverage, Number, Span

EXAMPLE = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"


def _report():
    report = extract(load(EXAMPLE))
    return report, verify(report)


def test_round_trip_keeps_amounts_exact(tmp_path: Path):
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    back = store.get_report(db, report.sha256[:10])
    assert back == report
    values = {r[0] for r in db.execute("SELECT value FROM cells WHERE raw = '827.66'")}
    assert values == {"827.66"}  # text, not a float
    assert db["cells"].columns_dict["value"] is str
    # a value that is its figure as printed less commas is given back by the view from raw
    kept = db.execute("SELECT DISTINCT value FROM table_cells WHERE raw = '827.66'").fetchall()
    assert kept == [(None,)]
    rows = list(db.query("SELECT raw, value, decimals FROM cells WHERE decimals IS NOT NULL"))
    numbers = [c.number for t in report.tables for r in t.rows for c in r.cells if c.number]
    assert sorted((r["raw"], r["value"]) for r in rows) == sorted(
        (n.raw, str(n.value)) for n in numbers
    )


def test_saving_twice_replaces_not_duplicates(tmp_path: Path):
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    n = db.execute("SELECT count(*) FROM cells").fetchone()[0]
    store.save_report(db, report, ver)
    assert db.execute("SELECT count(*) FROM cells").fetchone()[0] == n
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


def test_a_crash_mid_write_leaves_nothing_of_that_report(tmp_path: Path, monkeypatch):
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()

    def boom(*a, **kw):  # the findings, written after the report, its sections and tables
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_findings", boom)
    with pytest.raises(RuntimeError):
        store.save_report(db, report, ver)
    for table in ("reports", "sections", "tables", "cells", "claims", "findings"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sections_are_searchable(tmp_path: Path):
    from hedui.search import search

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    hits = search(db, "网格")
    assert hits and all("网格" in h.snippet for h in hits)


def test_cells_belong_to_their_table(tmp_path: Path):
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    orphans = db.execute(
        "SELECT count(*) FROM cells c LEFT JOIN tables t ON t.id = c.table_id WHERE t.id IS NULL"
    ).fetchone()[0]
    assert orphans == 0


def test_one_lookup_by_sha_prefix_or_file_name(tmp_path: Path):
    from tests.test_search import build_db, sample_report

    db = build_db(
        tmp_path / "h.db",
        [sample_report(sha="ab" * 32, name="甲县_2023.txt"),
         sample_report(sha="ac" * 32, name="乙县_2023.txt")],
    )  # fmt: skip
    sha_of = lambda key: [r["sha256"] for r in store.report_matches(db, key)]  # noqa: E731
    assert sha_of("ab" * 32) == ["ab" * 32]
    assert sha_of("ABAB") == ["ab" * 32]  # a prefix of four hex digits or more
    assert sha_of("aba") == []  # shorter: read as part of a file name, which it is not
    assert len(sha_of("2023")) == 2  # ambiguous: two rows
    assert sha_of("乙县") == ["ac" * 32]
    assert store.find_report_row(db, "2023") is None
    assert store.find_report_row(db, "甲县_2023.txt")["sha256"] == "ab" * 32


# The tables of layout 4 (before report_ids), each row holding its report's SHA-256.
LAYOUT_4_TABLES = """
CREATE TABLE sections (
  id INTEGER PRIMARY KEY, report_sha256 TEXT, idx INTEGER, kind TEXT, heading TEXT,
  level INTEGER, start INTEGER, "end" INTEGER, table_kind TEXT, topic TEXT,
  department TEXT, region TEXT, year INTEGER
);
CREATE TABLE tables (
  id INTEGER PRIMARY KEY, report_sha256 TEXT, idx INTEGER, kind TEXT, title TEXT, label TEXT,
  unit TEXT, unit_inferred INTEGER, n_rows INTEGER, n_columns INTEGER, notes TEXT
);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY, report_sha256 TEXT, idx INTEGER, kind TEXT, subject TEXT,
  status TEXT, link TEXT, direction TEXT, sentence_start INTEGER, sentence_end INTEGER,
  numbers TEXT, source TEXT
);
CREATE TABLE findings (
  id TEXT PRIMARY KEY, report_sha256 TEXT, idx INTEGER, rule TEXT, name TEXT, outcome TEXT,
  severity TEXT, category TEXT, message TEXT, subject TEXT, stated TEXT, expected TEXT,
  expected_low TEXT, expected_high TEXT, tolerance TEXT, difference TEXT, unit TEXT,
  spans TEXT, culprit TEXT, note TEXT
);
CREATE TABLE cells (
  id INTEGER PRIMARY KEY, table_id INTEGER, row_idx INTEGER,
  row_code TEXT, row_name TEXT, side TEXT, is_total INTEGER, column_idx INTEGER,
  column_name TEXT, column_side TEXT, raw TEXT, value TEXT, decimals INTEGER, unit TEXT,
  start INTEGER, "end" INTEGER, page INTEGER
);
CREATE INDEX cells_table ON cells(table_id);
CREATE INDEX sections_report ON sections(report_sha256);
CREATE INDEX tables_report ON tables(report_sha256);
CREATE INDEX claims_report ON claims(report_sha256);
CREATE INDEX findings_report ON findings(report_sha256);
"""


def _as_fourth_layout(conn) -> None:
    """Rewrite a store into layout 4: the views' rows as tables that hold the report's
    SHA-256 in each row (each cell its row's and column's names), no report_ids."""
    conn.execute("BEGIN")
    for name in ("sections", "tables", "claims", "findings", "cells"):
        conn.execute(f"CREATE TEMP TABLE old_{name} AS SELECT * FROM {name}")
        conn.execute(f"DROP VIEW {name}")
    for table in ("report_sections", "report_tables", "report_claims", "report_findings",
                  "report_ids", "table_cells", "table_rows", "table_columns"):  # fmt: skip
        conn.execute(f"DROP TABLE {table}")
    for statement in LAYOUT_4_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)
    for name in ("sections", "tables", "claims", "findings", "cells"):
        conn.execute(f"INSERT INTO {name} SELECT * FROM old_{name}")
        conn.execute(f"DROP TABLE old_{name}")
    conn.execute("UPDATE hedui_meta SET value = '4' WHERE key = 'store'")
    conn.execute("COMMIT")


def _as_first_layout(path: Path, report) -> None:
    """Rewrite a store into the layout before issue 19: the Report's whole JSON (text and
    all) in reports.report_json, each section's text (and text_spaced, with the triggers and
    sections_fts of the first search) in its row, a search index that kept its content."""
    db = store.open_db(path)
    conn = db.conn
    _as_fourth_layout(conn)
    conn.execute("ALTER TABLE reports ADD COLUMN report_json TEXT")
    conn.execute("UPDATE reports SET report_json = ?", [report.model_dump_json()])
    for column in ("report_packed", "pages"):
        conn.execute(f"ALTER TABLE reports DROP COLUMN {column}")
    conn.execute("ALTER TABLE sections ADD COLUMN text TEXT")
    conn.execute("ALTER TABLE sections ADD COLUMN text_spaced TEXT")
    conn.execute(
        'UPDATE sections SET text = (SELECT substr(r.text, sections.start + 1, sections."end" '
        "- sections.start) FROM reports r WHERE r.sha256 = sections.report_sha256), "
        "text_spaced = ''"
    )
    db["sections"].enable_fts(["text_spaced"], create_triggers=True)
    conn.execute("ALTER TABLE cells ADD COLUMN report_sha256 TEXT")
    conn.execute(
        "UPDATE cells SET report_sha256 = (SELECT report_sha256 FROM tables t "
        "WHERE t.id = cells.table_id)"
    )
    conn.execute("CREATE INDEX cells_report ON cells(report_sha256)")
    conn.execute("DROP TABLE search_fts")
    conn.execute("DROP TABLE search_pieces")
    conn.execute("DROP TABLE search_grams")
    conn.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, own UNINDEXED, ftext UNINDEXED)")
    conn.execute("UPDATE hedui_meta SET value = '4' WHERE key = 'search_index'")
    conn.execute("DELETE FROM hedui_meta WHERE key = 'store'")
    conn.close()


def test_a_store_of_the_first_layout_is_migrated_when_opened(tmp_path: Path):
    """Each text kept once (issue 19): a store written before opens, its reports load as
    they were stored, search finds what it found, and the duplicate columns are gone."""
    from hedui.search import search

    report, ver = _report()
    path = tmp_path / "old.db"
    store.save_report(store.open_db(path), report, ver)
    _as_first_layout(path, report)
    db = store.open_db(path)
    assert store.get_report(db, report.sha256) == report
    assert "report_json" not in db["reports"].columns_dict
    assert not {"text", "text_spaced"} & set(db["sections"].columns_dict)
    assert "sections_fts" not in db.table_names()
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "cells_report" not in indexes
    assert "report_sha256" not in db["cells"].columns_dict  # a cell's report is its table's
    hits = search(db, "网格")
    assert hits and all("网格" in h.snippet for h in hits)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.save_report(db, report, ver)  # and it is written to as a new store is
    assert [(h.heading, h.snippet) for h in search(db, "网格")] == [
        (h.heading, h.snippet) for h in hits
    ]


def test_the_text_is_stored_once(tmp_path: Path):
    """The report's text is in reports.text alone: sections are offsets into it, the packed
    Report holds none of it, and the index keeps no content."""
    import json
    import zlib

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    packed = db.execute("SELECT report_packed FROM reports").fetchone()[0]
    body, narratives = zlib.decompress(packed).split(b"\n")
    data = json.loads(body)
    assert "text" not in data and report.text[:60] not in json.dumps(data, ensure_ascii=False)
    cut = json.loads(narratives)
    items = [i for name in ("duties", "achievements", "problems") for i in cut.get(name, [])]
    assert items and all("text" not in i and "span" in i for i in items)  # cut from the text
    row = next(db.query("SELECT * FROM reports"))
    assert store.load_report(row).narratives == report.narratives
    assert "text" not in db["sections"].columns_dict
    sections = store.sections_of(db, report.sha256)
    assert [s["text"] for s in sections] == [
        report.text[s.span.start : s.span.end] for s in report.sections
    ]
    body = db.execute("SELECT text FROM search_fts WHERE search_fts MATCH 'text : \"网格员\"'")
    assert [r[0] for r in body.fetchall()][:1] == [None]  # a hit, and no text kept with it
    assert "search_text" not in db.table_names()  # the folded text is not kept either


def test_a_re_save_leaves_no_stale_index_rows(tmp_path: Path):
    """The index keeps no content, so a replaced report's rows are deleted with the tokens
    they were inserted with: a report saved again with 网格 written 方格 is no longer
    found by 网格 in either index, and every hit of 方格员 (the text) and of 格 (the spread
    characters) is a section that holds it."""
    from hedui.search import _own_texts, search

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    assert search(db, "网格")
    changed = report.model_copy(update={"text": report.text.replace("网格", "方格")})
    store.save_report(db, changed, ver)
    store.save_report(db, changed, ver)
    assert search(db, "网格") == []

    def count(table: str, token: str) -> int:
        return db.execute(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [token]
        ).fetchone()[0]

    ids = [i for (i,) in db.execute("SELECT id FROM search_pieces")]
    texts = _own_texts(db, ids).values()
    assert count("search_fts", '"网格员"') == count("search_grams", '"网\x01格"') == 0
    assert count("search_fts", '"方格员"') == sum("方格员" in t for t in texts) > 0
    assert count("search_grams", '"\x01格\x01"') == sum("格" in t for t in texts) > 0
    for table in ("search_fts", "search_grams", "search_reports"):  # raises if not
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


def test_a_first_layout_store_that_cannot_be_migrated_says_what_to_do(tmp_path, monkeypatch):
    report, ver = _report()
    path = tmp_path / "old.db"
    store.save_report(store.open_db(path), report, ver)
    _as_first_layout(path, report)

    def refuse(*a, **kw):
        raise store.sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "_pack", refuse)
    with pytest.raises(store.StoreError, match=r"earlier hedui.*open it once where it can be"):
        store.open_db(path)
    monkeypatch.undo()
    assert store.get_report(store.open_db(path), report.sha256) == report  # left as it was


def test_a_row_without_its_report_says_what_to_do(tmp_path: Path):
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    db.execute("UPDATE reports SET report_packed = NULL")
    with pytest.raises(store.StoreError, match="ingest its file again"):
        store.get_report(db, report.sha256)


def _every_finding_row(report, ver) -> list[dict]:
    return [store.finding_row(report.sha256, i, f) for i, f in enumerate(ver.findings)]


def test_passing_findings_are_packed_and_read_back_with_the_rest(tmp_path: Path):
    """The passes are one packed list in the report's row; every reader of all findings
    (findings_for, a finding by its id, an export of every check) sees them as rows."""
    from hedui.export import ALL, _findings

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    every = _every_finding_row(report, ver)
    assert any(f["outcome"] == "pass" for f in every)
    assert not db.execute("SELECT count(*) FROM findings WHERE outcome = 'pass'").fetchone()[0]
    rows = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert rows == sum(f["outcome"] != "pass" for f in every)
    assert store.findings_for(db, report.sha256) == every
    a_pass = next(f for f in every if f["outcome"] == "pass")
    assert store.finding_by_id(db, a_pass["id"]) == a_pass
    assert store.last_finding_idx(db, report.sha256) == len(every) - 1
    exported = [{k: f[k] for k in every[0]} for f in _findings(db, ALL)]
    assert exported == every


def test_a_findings_row_id_is_finding_id_and_recomputable_from_the_row():
    """finding_values hashes the id from the spans text it writes, and _pack_pass_values
    leaves every id of _finding_rows' rows out as recomputable: both hold only while that
    id is finding_id's (Finding.key) and the one _id_of gives again from the row."""
    report, ver = _report()
    sha = report.sha256
    findings = list(ver.findings)
    findings.append(findings[0].model_copy(update={"spans": [], "subject": "a, b], [c"}))
    for i, f in enumerate(findings):
        values = store.finding_values(sha, i, f)
        assert values[0] == store.finding_id(sha, f) == store._id_of(sha, values)


def test_a_store_of_the_second_layout_has_its_passes_packed_when_opened(tmp_path: Path):
    """A store written with every finding a row (layout 2) opens with its passes packed, its
    findings read as they were."""
    path = tmp_path / "old.db"
    db = store.open_db(path)
    report, ver = _report()
    store.save_report(db, report, ver)
    every = _every_finding_row(report, ver)
    conn = db.conn
    _as_fourth_layout(conn)
    conn.execute("UPDATE reports SET passes_packed = NULL")
    conn.execute("DELETE FROM findings")
    db["findings"].insert_all(every)
    conn.execute("UPDATE hedui_meta SET value = '2' WHERE key = 'store'")
    conn.close()
    again = store.open_db(path)
    assert store.findings_for(again, report.sha256) == every
    assert not again.execute("SELECT count(*) FROM findings WHERE outcome = 'pass'").fetchone()[0]
    assert (
        again.execute("SELECT value FROM hedui_meta WHERE key = 'store'").fetchone()[0]
        == store.LAYOUT
    )


def test_claim_numbers_are_stored_compact_and_read_back_whole(tmp_path: Path):
    """claims.numbers holds each number's parts that say something (issue 19: the full dump
    was half of the claims rows); read back, by hedui.claimnumbers, they are the Numbers the
    report has, and so is a full dump of an older store."""
    import json

    from hedui import claimnumbers

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    stored = [r[0] for r in db.execute("SELECT numbers FROM claims ORDER BY idx")]
    assert len(stored) == len(report.claims) > 0
    for text, claim in zip(stored, report.claims, strict=True):
        assert claimnumbers.loads(text) == claim.numbers
        full = json.dumps({k: n.model_dump(mode="json") for k, n in claim.numbers.items()})
        assert claimnumbers.loads(full) == claim.numbers
        assert claimnumbers.recompact(full) == text
        assert "unchecked" not in text and "null" not in text
    odd = Number(value=Decimal("1.5"), raw="1.50", decimals=3, unit=None,
                 span=Span(start=1, end=5, page=2), grounding="exact")  # fmt: skip
    assert claimnumbers.loads(claimnumbers.dumps({"x": odd})) == {"x": odd}


def test_a_store_of_the_third_layout_gets_its_claim_numbers_compact(tmp_path: Path):
    import json

    from hedui import claimnumbers

    path = tmp_path / "three.db"
    db = store.open_db(path)
    report, ver = _report()
    store.save_report(db, report, ver)
    _as_fourth_layout(db.conn)
    for cid, text in db.execute("SELECT id, numbers FROM claims").fetchall():
        full = {k: n.model_dump(mode="json") for k, n in claimnumbers.loads(text).items()}
        db.execute("UPDATE claims SET numbers = ? WHERE id = ?", [json.dumps(full), cid])
    db.execute("UPDATE hedui_meta SET value = '3' WHERE key = 'store'")
    db.conn.close()
    again = store.open_db(path)
    stored = [r[0] for r in again.execute("SELECT numbers FROM claims ORDER BY idx")]
    assert stored == [claimnumbers.dumps(c.numbers) for c in report.claims]
    assert (
        again.execute("SELECT value FROM hedui_meta WHERE key = 'store'").fetchone()[0]
        == store.LAYOUT
    )
    assert store.get_report(again, report.sha256) == report


def test_a_store_of_the_fourth_layout_gets_its_rows_keyed_by_number(tmp_path: Path):
    """Layout 5 keys a report's sections, tables, claims and findings by its number
    (report_ids), not by its SHA-256 in every row (issue 19: 22 kB a report for 001). A
    store of layout 4 opens with its rows moved under their numbers, keeping their ids, and
    reads back as it did: the views of the old names give the same rows, search and the
    export the same answers."""
    from hedui.export import ALL, _findings
    from hedui.search import search

    path = tmp_path / "four.db"
    db = store.open_db(path)
    report, ver = _report()
    store.save_report(db, report, ver)

    def read(db) -> dict:
        return {
            name: list(db.query(f"SELECT * FROM {name} ORDER BY id"))
            for name in ("sections", "tables", "cells", "claims", "findings")
        } | {
            "sections_of": store.sections_of(db, report.sha256),
            "findings_for": store.findings_for(db, report.sha256),
            "export": list(_findings(db, ALL)),
            "list": store.list_reports(db)[1],
            "search": [h.model_dump() for h in search(db, "网格", limit=50)],
        }

    before = read(db)
    _as_fourth_layout(db.conn)
    assert "report_sha256" in db["sections"].columns_dict  # a table of layout 4 again
    db.conn.close()
    again = store.open_db(path)
    assert again.execute("SELECT value FROM hedui_meta WHERE key = 'store'").fetchone()[0] == "5"
    assert set(again.view_names()) >= {"sections", "tables", "claims", "findings", "cells"}
    assert "report_sha256" not in again["report_sections"].columns_dict
    assert "row_name" not in again["table_cells"].columns_dict
    assert read(again) == before
    assert store.get_report(again, report.sha256) == report
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.save_report(again, report, ver)  # written to as a new store is
    assert read(again)["search"] == before["search"]
    assert again.execute("SELECT count(*) FROM report_ids").fetchone()[0] == 1


def test_a_department_is_indexed_once_a_report_and_follows_a_re_save(tmp_path: Path):
    """A report's department and region are one row of search_reports (not in each of its
    sections' rows); a report saved again under another department is found by the new one
    alone, and the index holds one row for it."""
    from hedui.search import search

    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    store.save_report(db, report, ver)
    hits = search(db, "网格", department=report.department, limit=50)
    assert hits and search(db, "网格", department="青禾县档案馆") == []
    moved = report.model_copy(update={"department": "青禾县档案馆", "region": "青禾县"})
    store.save_report(db, moved, ver)
    assert search(db, "网格", department=report.department) == []
    again = search(db, "网格", department="青禾县档案馆", limit=50)
    assert [h.heading for h in again] == [h.heading for h in hits]
    assert [h.heading for h in search(db, "网格", region="青禾", limit=50)] == [
        h.heading for h in hits
    ]
    rows = db.execute(
        "SELECT count(*) FROM search_reports WHERE search_reports MATCH ?", ['"\x01青\x01"']
    )
    assert rows.fetchone()[0] == 1
    db.execute("INSERT INTO search_reports (search_reports) VALUES ('integrity-check')")


def test_a_store_of_a_newer_layout_is_refused_and_left_as_it_was(tmp_path: Path):
    """An older hedui must not mark a newer store as its own layout, nor add its tables."""
    path = tmp_path / "newer.db"
    store.open_db(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE hedui_meta SET value = ? WHERE key = 'store'", [str(int(store.LAYOUT) + 1)]
    )
    conn.commit()
    before = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    with pytest.raises(store.StoreError, match="newer hedui") as caught:
        store.open_db(path)
    assert str(path) in str(caught.value)
    conn = sqlite3.connect(path)
    assert (
        conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == before
    )
    assert conn.execute("SELECT value FROM hedui_meta WHERE key = 'store'").fetchone()[0] == str(
        int(store.LAYOUT) + 1
    )


def test_a_report_with_no_figure_is_stored_as_none_checked(tmp_path: Path):
    """A blank template (tables, no figure) was stored with coverage 1.0: `list` showed it
    as "cov 100%" and `--coverage full` found it, though nothing was checked."""
    db = store.open_db(tmp_path / "h.db")
    report, ver = _report()
    none = ver.model_copy(update={"coverage": Coverage(figures=0, checked=0, tables_read=7)})
    store.save_report(db, report, none)
    (share,) = db.execute("SELECT coverage_share FROM reports").fetchone()
    assert share == 0
    assert store.list_reports(db, coverage="full")[0] == 0
    assert store.coverage_counts(db) == {"<50%": 1}


def test_a_fourth_layout_report_with_no_figure_loses_its_full_coverage(tmp_path: Path):
    """Stores of layout 4 hold 1.0 for a report with no figure; the migration gives it 0 and
    leaves a report with figures as it was."""
    path = tmp_path / "four.db"
    db = store.open_db(path)
    report, ver = _report()
    blank = report.model_copy(update={"sha256": "b" * 64})
    store.save_report(db, report, ver)
    store.save_report(db, blank, ver.model_copy(update={"coverage": Coverage()}))
    before = dict(db.execute("SELECT sha256, coverage_share FROM reports").fetchall())
    db.conn.execute("UPDATE reports SET coverage_share = 1.0 WHERE sha256 = ?", ["b" * 64])
    _as_fourth_layout(db.conn)
    db.conn.close()
    again = store.open_db(path)
    after = dict(again.execute("SELECT sha256, coverage_share FROM reports").fetchall())
    assert after == before and after["b" * 64] == 0


def test_opening_an_older_store_first_says_it_is_brought_up_to_date(tmp_path: Path):
    """The first open of a large older store sat silent for minutes while it migrated."""
    from typer.testing import CliRunner

    from hedui.cli import app

    path = tmp_path / "four.db"
    db = store.open_db(path)
    report, ver = _report()
    store.save_report(db, report, ver)
    assert store.upgrade_due(path) is None  # this version's store: nothing to say
    _as_fourth_layout(db.conn)
    db.conn.close()
    assert store.upgrade_due(path) == 1
    out = CliRunner().invoke(app, ["list", "--db", str(path)])
    assert out.exit_code == 0 and "bringing its 1 report(s) to this version's store" in out.output
    assert store.upgrade_due(path) is None  # once
    assert store.upgrade_due(tmp_path / "none.db") is None
