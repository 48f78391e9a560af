"""A batch that tells what it did (issue 17): folders' unreadable entries named, the same bytes
twice stored once, a re-save keeps a report's review status, a full disk named as such, the
"convert it first" hint safe to paste."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
from pathlib import Path

import pytest

from hedui import review, store
from hedui.ingest import collect, ingest
from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"


def test_links_and_unreadable_folders_are_named(tmp_path, monkeypatch):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "locked").mkdir()
    shutil.copy(GOOD, root / "sub" / "a.txt")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":  # as a folder without read permission (tests run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = collect([root])
    assert files == [root / "sub" / "a.txt"]
    messages = sorted(p.message for p in problems)
    assert messages == sorted([
        f"{root / 'gone.txt'}: a dangling link or not a file, skipped",
        f"{root / 'locked'}: folder skipped (Permission denied)",
        f"{root / 'sub' / 'loop'}: a link that loops, skipped",
    ])  # fmt: skip
    assert all(p.status == "failed" for p in problems)


def test_the_same_bytes_twice_in_a_batch_are_stored_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a.txt")
    shutil.copy(GOOD, folder / "b.txt")
    db = store.open_db(tmp_path / "h.db")
    summary = ingest(db, [folder], workers=2)
    assert (summary.count("stored"), summary.count("skipped")) == (1, 1)
    skipped = next(r for r in summary.results if r.status == "skipped")
    assert skipped.message == f"same bytes as {folder / 'a.txt'}"
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


def _reviewed(tmp_path) -> tuple:
    db = store.open_db(tmp_path / "h.db")
    ingest(db, [GOOD], isolate=False)
    for item in review.queue(db):
        review.decide(db, item["id"], "dismiss", "checked", "alice")
    sha = db.execute("SELECT sha256 FROM reports").fetchone()[0]
    assert store.find_report_row(db, sha)["status"] == "reviewed"
    return db, sha


def test_a_re_save_keeps_the_reviewed_status(tmp_path):
    from extractor import extract, load
    from verifier import verify

    db, sha = _reviewed(tmp_path)
    report = extract(load(GOOD))
    assert store.save_report(db, report, verify(report)) is True  # replaced on purpose
    assert store.find_report_row(db, sha)["status"] == "reviewed"


def test_a_racing_ingest_of_stored_bytes_leaves_the_report_alone(tmp_path, monkeypatch):
    import hedui.ingest

    db, sha = _reviewed(tmp_path)
    # the check before processing ran before the other ingest stored the same bytes
    monkeypatch.setattr(hedui.ingest, "_already_stored", lambda *a: None)
    result = hedui.ingest.ingest_file(db, GOOD)
    assert (result.status, result.message) == ("skipped", "stored meanwhile")
    monkeypatch.undo()
    assert store.find_report_row(db, sha)["status"] == "reviewed"
    summary = ingest(db, [GOOD])
    assert summary.count("skipped") == 1 and summary.count("stored") == 0


def test_a_full_disk_is_named_and_the_batch_goes_on(tmp_path):
    from extractor import extract, load
    from verifier import verify

    db = store.open_db(tmp_path / "full.db")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")  # as a disk with two pages left
    report = extract(load(GOOD))
    with pytest.raises(store.StoreError) as exc:
        store.save_report(db, report, verify(report), path=str(GOOD))
    assert "database or disk is full" in str(exc.value)
    assert str(GOOD) in str(exc.value) and "full.db" in str(exc.value)
    assert not db.conn.in_transaction
    summary = ingest(db, [GOOD], isolate=False)
    assert summary.count("failed") == 1
    assert "database or disk is full" in summary.results[0].message
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_the_convert_hint_quotes_the_path_for_a_shell(tmp_path):
    odd = tmp_path / "it's a; rm -rf ~ .doc"
    odd.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    db = store.open_db(tmp_path / "h.db")
    summary = ingest(db, [odd])
    message = summary.results[0].message
    hint = message.split("convert it first: ", 1)[1]
    assert shlex.split(hint) == [
        "libreoffice", "--headless", "--convert-to", "docx", str(odd)
    ]  # fmt: skip
    from extractor.formats.load import load
    from extractor.source import LoadError

    with pytest.raises(LoadError) as exc:
        load(odd)
    assert shlex.split(str(exc.value).split("convert it first: ", 1)[1])[-1] == str(odd)


def test_sqlite_error_type_is_kept_for_callers(tmp_path):
    err = store.StoreError("x")
    assert isinstance(err, Exception) and not isinstance(err, sqlite3.Error)


def test_the_cli_says_why_a_file_was_skipped(tmp_path):
    from typer.testing import CliRunner

    from hedui.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "a.txt")
    shutil.copy(GOOD, folder / "b.txt")
    r = CliRunner().invoke(
        app, ["ingest", str(folder), "--db", str(tmp_path / "h.db")], env={"COLUMNS": "300"}
    )
    assert r.exit_code == 1, r.output  # stored, and flagged (the report has errors)
    assert "same bytes as" in r.stdout and "1 stored, 1 skipped, 0 failed" in r.stdout


def _processed(n: int):
    """``n`` processed reports of GOOD under distinct hashes (as n different files)."""
    from hedui.pipeline import process

    done = process(GOOD, llm="off")
    out = []
    for i in range(n):
        report = done.report.model_copy(update={"sha256": f"{i:064x}"})
        out.append(type(done)(done.source, report, done.verification, []))
    return out


def test_the_writer_commits_a_batch_at_a_time(tmp_path):
    """Issue 19: reports are written N a transaction; nothing of a batch is in the store
    before it is whole, and closing the writer writes what is gathered."""
    from hedui.ingest import ResultWriter

    db = store.open_db(tmp_path / "h.db")
    other = sqlite3.connect(tmp_path / "h.db")  # what another process (or a crash) sees
    stored = lambda: other.execute("SELECT count(*) FROM reports").fetchone()[0]  # noqa: E731
    results = []
    items = _processed(5)
    with ResultWriter(db, results.append, batch=2, max_wait=3600) as writer:
        writer.add("a.txt", items[0])
        assert (stored(), results) == (0, [])
        writer.add("b.txt", items[1])
        assert stored() == 2 and [r.status for r in results] == ["stored", "stored"]
        writer.add("bad.txt", "bad.txt: could not be read")  # a failure is told at once
        assert results[-1].status == "failed" and stored() == 2
        writer.add("c.txt", items[2])
        writer.add("c-again.txt", items[2])  # the same bytes twice in one batch
        writer.add("d.txt", items[3])
    assert stored() == 4
    status = {r.path: (r.status, r.message) for r in results}
    assert status["c-again.txt"] == ("skipped", "stored meanwhile")
    assert status["d.txt"][0] == "stored" and len(results) == 6


def test_the_collector_is_held_off_while_a_batch_is_gathered(tmp_path, monkeypatch):
    """The cycle collector waits while reports wait in a batch, runs again once it is
    written, even when the write fails, and is left off where the host turned it off."""
    import gc

    from hedui.ingest import ResultWriter

    db = store.open_db(tmp_path / "h.db")
    items = _processed(3)
    with ResultWriter(db, [].append, batch=2, max_wait=3600) as writer:
        assert gc.isenabled()
        with writer.collecting():  # nothing gathered: nothing held off
            assert gc.isenabled()
        writer.add("a.txt", items[0])
        assert not gc.isenabled()
        with writer.collecting():  # a file whose reading leaves cycles, read meanwhile
            assert gc.isenabled()
        assert not gc.isenabled()
        writer.add("b.txt", items[1])  # the batch is written
        assert gc.isenabled()
        writer.add("c.txt", items[2])
        assert not gc.isenabled()
    assert gc.isenabled()

    def breaks(db, batch, **kw):
        raise RuntimeError("a bug in the store")

    monkeypatch.setattr(store, "save_reports", breaks)
    writer = ResultWriter(db, [].append, batch=5)
    writer.add("a.txt", items[0])
    with pytest.raises(RuntimeError):
        writer.close()
    assert gc.isenabled()
    gc.disable()
    try:
        with ResultWriter(db, [].append, batch=1) as writer, pytest.raises(RuntimeError):
            with writer.collecting():  # the host's choice stands
                assert not gc.isenabled()
            writer.add("a.txt", items[0])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_refused_batch_is_written_one_report_at_a_time(tmp_path, monkeypatch):
    """A batch the database refuses fails only the reports that do not fit: the rest are
    written alone, each in its own transaction."""
    from hedui.ingest import ResultWriter

    db = store.open_db(tmp_path / "h.db")
    items = _processed(3)
    real = store.save_reports

    def refuses(db, batch, **kw):  # as a database that takes no batch, nor report 1
        batch = list(batch)
        if len(batch) > 1 or batch[0].report.sha256 == items[1].report.sha256:
            raise store.StoreError("h.db: could not store it (database or disk is full)")
        return real(db, batch, **kw)

    monkeypatch.setattr(store, "save_reports", refuses)
    results = []
    with ResultWriter(db, results.append, batch=3) as writer:
        for i, item in enumerate(items):
            writer.add(f"{i}.txt", item)
    assert [r.status for r in results] == ["stored", "failed", "stored"]
    assert "disk is full" in results[1].message
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 2


def test_the_batch_size_is_a_setting(monkeypatch):
    from hedui.ingest import BATCH, batch_size

    monkeypatch.delenv("HEDUI_INGEST_BATCH", raising=False)
    assert batch_size() == BATCH
    monkeypatch.setenv("HEDUI_INGEST_BATCH", "7")
    assert batch_size() == 7
    for bad in ("0", "-3", "many"):
        monkeypatch.setenv("HEDUI_INGEST_BATCH", bad)
        with pytest.raises(ValueError, match="HEDUI_INGEST_BATCH"):
            batch_size()
