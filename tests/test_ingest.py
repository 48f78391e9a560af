"""Bulk ingest: killed half-way, run again, every report stored exactly once."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hedui import store
from tests.conftest import EXAMPLES, ROOT


def _folder(tmp_path: Path, n: int) -> Path:
    rng = random.Random(3)
    folder = tmp_path / "in"
    folder.mkdir()
    examples = sorted(EXAMPLES.glob("*.txt"))
    for i in range(n):
        text = examples[i % len(examples)].read_text(encoding="utf-8")
        text = re.sub(r"(\d+\.\d)\d", lambda m: m.group(1) + str(rng.randrange(10)), text)
        (folder / f"r{i:03d}.txt").write_text(text + f"\n编号{i}\n", encoding="utf-8")
    return folder


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return 0


def _whole(conn) -> int:
    """Stored reports missing any of their rows: sections, tables or claims fewer than the
    report row counts, no findings, or narrative sections not in the search index."""
    return conn.execute(
        "SELECT count(*) FROM reports r WHERE "
        "n_sections != (SELECT count(*) FROM sections s WHERE s.report_sha256 = r.sha256) "
        "OR n_tables != (SELECT count(*) FROM tables t WHERE t.report_sha256 = r.sha256) "
        "OR n_claims != (SELECT count(*) FROM claims c WHERE c.report_sha256 = r.sha256) "
        "OR NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_sha256 = r.sha256) "
        "OR NOT EXISTS (SELECT 1 FROM search_pieces t JOIN sections s ON s.id = t.id "
        "               WHERE s.report_sha256 = r.sha256)"
    ).fetchone()[0]


def test_killed_parallel_ingest_resumes_without_duplicates(tmp_path: Path):
    """With batching on (4 reports a transaction): the kill lands between commits or inside
    one, and every report stored before it is whole, none half."""
    n = 40
    folder = _folder(tmp_path, n)
    db = tmp_path / "h.db"
    cmd = [
        sys.executable,
        "-m",
        "hedui.cli",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--workers",
        "2",
    ]
    env = {**os.environ, "HEDUI_INGEST_BATCH": "4"}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline and _count(db) < 5:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = _count(db)
    assert 0 < stored_before < n, "the kill should land half-way"
    with sqlite3.connect(db) as killed:
        assert killed.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert _whole(killed) == 0
    rerun = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    assert rerun.returncode in (0, 1)  # all stored: accepted, or some flagged
    conn = store.open_db(db)
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == n
    assert conn.execute("SELECT count(DISTINCT sha256) FROM reports").fetchone()[0] == n
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every stored report is whole: its sections and findings are there
    empty = conn.execute(
        "SELECT count(*) FROM reports r WHERE NOT EXISTS "
        "(SELECT 1 FROM sections s WHERE s.report_sha256 = r.sha256)"
    ).fetchone()[0]
    assert empty == 0
    assert _whole(conn) == 0


def test_a_terminated_ingest_stops_as_an_interrupted_one(tmp_path: Path):
    """SIGTERM ended an ingest without a word and left the pool's semaphores for Python's
    resource tracker to warn about; it now stops as Ctrl-C does: the pool shut down, every
    stored report whole, a line that says what was stored, exit 143."""
    n = 40
    folder = _folder(tmp_path, n)
    db = tmp_path / "h.db"
    cmd = [sys.executable, "-m", "hedui", "ingest", str(folder), "--db", str(db),
           "--workers", "2"]  # fmt: skip
    env = {**os.environ, "HEDUI_INGEST_BATCH": "4"}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, env=env, text=True)  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline and _count(db) < 5:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    stored = _count(db)
    assert 0 < stored < n, "the signal should land half-way"
    assert proc.returncode == 143, stderr
    assert "stopped (SIGTERM)" in stderr and "leaked" not in stderr
    with sqlite3.connect(db) as conn:
        assert _whole(conn) == 0


def test_sigterm_hidden_by_a_library_error_is_still_taken_as_terminated():
    """The signal can land inside pydantic's serializer, which turns what the handler raises
    into its own error (the ingest then exited 1, not 143): an error out of the block once
    the signal came is the termination."""
    from hedui.cli import Terminated, _terminate_as_interrupt

    with pytest.raises(Terminated), _terminate_as_interrupt():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        except Terminated:
            raise ValueError("a serializer's own error") from None
    with pytest.raises(ValueError), _terminate_as_interrupt():  # no signal: it is what it is
        raise ValueError("no signal")
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler put back
