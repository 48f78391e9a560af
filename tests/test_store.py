"""The store keeps amounts exact and never holds half a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract, load
from hedui import store
from tests.conftest import EXAMPLES
from verifier import verify

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

    monkeypatch.setattr(store, "_insert_findings", boom)
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
