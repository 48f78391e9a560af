"""`hedui ingest --ray` (issue 21): the same files through Ray tasks store the same rows as
the local path, a lost worker's files are retried and stored once, the limits hold in Ray's
workers, the model's settings and cache reach them, and without Ray `--ray` says what to
install. One local Ray instance (2 CPUs) serves the module."""

from __future__ import annotations

import builtins
import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from extractor.formats.limits import Limits
from hedui import store, terminal
from hedui.cli import app
from hedui.ingest import IngestSummary, ingest
from tests.conftest import CORPUS, EXAMPLES, ROOT, SHARED

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray", reason="needs Ray: pip install 'hedui[ray]'")
    ray.init(
        address="local",  # a new instance, whatever RAY_ADDRESS or `ray start` says
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        _node_ip_address="127.0.0.1",  # not the address lookup, which --block-network refuses
        runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},  # tests.ray_stub in its workers
    )
    yield ray
    ray.shutdown()


def _folder(tmp_path: Path) -> Path:
    """The corpus and the examples, plus a file that fails to load and one that is no report."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    folder = tmp_path / "in"
    folder.mkdir()
    for f in [*sorted(CORPUS.glob("*.txt")), *sorted(EXAMPLES.glob("*.txt"))]:
        shutil.copy(f, folder / f.name)
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    (folder / "note.txt").write_text("会议通知：下午三点开会。", encoding="utf-8")
    return folder


# ids and timestamps differ between two runs; a cell names its table by (report, idx)
_IGNORED = {"id", "ingested_at", "created_at", "table_id"}


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every stored row of every table, as comparable tuples, sorted: the rows keyed by a
    report's number (which follows the order reports were stored in) as their views give
    them, by the report's SHA-256."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    numbered = ("report_ids", "report_", "table_cells", "table_rows", "table_columns")
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        if not r[0].startswith(
            ("search_fts", "search_grams", "search_reports", "sqlite_", *numbered)
        )
    ]
    index = {r["id"]: r["idx"] for r in conn.execute("SELECT id, idx FROM tables")}
    out = {}
    for name in tables:
        rows = []
        for r in conn.execute(f"SELECT * FROM {name}"):
            row = {k: v for k, v in dict(r).items() if k not in _IGNORED}
            if name == "cells":
                row["table_idx"] = index[r["table_id"]]
            rows.append(tuple(sorted((k, "" if v is None else str(v)) for k, v in row.items())))
        out[name] = sorted(rows)
    conn.close()
    return out


def _local(tmp_path: Path, folder: Path, **kw) -> IngestSummary:
    """The local path into local.db, its workers spawned: this process runs Ray's threads
    (gRPC's among them), and a worker forked from it could inherit a lock one of them held."""
    return ingest(store.open_db(tmp_path / "local.db"), [folder], workers=2, start="spawn", **kw)


def _by_path(summary: IngestSummary) -> dict[str, tuple]:
    return {
        Path(r.path).name: (r.status, r.sha256, r.verdict, r.errors, r.tables, r.message)
        for r in summary.results
    }


def test_the_same_rows_findings_and_verdicts_as_the_local_path(tmp_path, ray_local):
    folder = _folder(tmp_path)
    local = _local(tmp_path, folder)
    seen: list[tuple[int, int]] = []
    remote = ingest(
        store.open_db(tmp_path / "ray.db"),
        [folder],
        ray="",
        progress=lambda r, done, total: seen.append((done, total)),
    )
    assert _by_path(remote) == _by_path(local)
    assert remote.count("stored") == 8 and remote.count("failed") == 2
    assert seen == [(i, 10) for i in range(1, 11)]  # progress as on the local path
    assert not remote.retried() and all(r.attempts == 1 for r in remote.results)
    local_rows, ray_rows = _rows(tmp_path / "local.db"), _rows(tmp_path / "ray.db")
    assert {k: len(v) for k, v in ray_rows.items()} == {k: len(v) for k, v in local_rows.items()}
    for table in local_rows:
        assert ray_rows[table] == local_rows[table], table
    assert len(ray_rows["findings"]) > 100 and len(ray_rows["cells"]) > 1000

    again = ingest(store.open_db(tmp_path / "ray.db"), [folder], ray="")
    assert again.count("stored") == 0 and again.count("skipped") == 8
    assert _rows(tmp_path / "ray.db") == ray_rows


def test_a_lost_worker_s_files_are_retried_and_stored_once(tmp_path, ray_local, monkeypatch):
    from hedui import ray_ingest
    from tests import ray_stub

    folder = _folder(tmp_path)
    db = store.open_db(tmp_path / "ray.db")
    with monkeypatch.context() as m:
        m.setattr(ray_ingest, "process_file", ray_stub.dies_once)
        summary = ingest(db, [folder], ray="")
    died = sorted(p.name for p in tmp_path.glob("ray.db.died-*"))
    assert len(died) == 2, died  # the two workers really died, once each
    retried = {Path(r.path).name: r.attempts for r in summary.retried()}
    assert retried == {
        "001_2197bf157d63d429.txt": 2,
        "青禾县网格服务中心_2023年度部门决算.txt": 2,
    }
    assert summary.count("stored") == 8 and summary.count("failed") == 2
    console = Console(record=True, width=300)
    terminal.print_ingest(console, Console(record=True), summary, tmp_path / "ray.db")
    line = next(x for x in console.export_text().splitlines() if x.startswith("retried"))
    assert line.startswith("retried after a lost Ray worker or node: ")
    assert sorted(line.split(": ", 1)[1].split(", ")) == [  # in the order they finished
        "001_2197bf157d63d429.txt (2 attempts)",
        "青禾县网格服务中心_2023年度部门决算.txt (2 attempts)",
    ]
    stored = [r[0] for r in db.execute("SELECT path FROM reports")]
    assert len(stored) == len(set(stored)) == 8  # none lost, none twice
    local = _local(tmp_path, folder)
    assert _by_path(summary) == _by_path(local)
    assert _rows(tmp_path / "ray.db") == _rows(tmp_path / "local.db")


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(root: int) -> list[int]:
    """Every live process under ``root`` (a Ray worker's forkserver and supervised child)."""
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    parent = {pid: _ppid(pid) for pid in pids}
    out, frontier = [], {root}
    while frontier:
        frontier = {pid for pid, pp in parent.items() if pp in frontier}
        out.extend(frontier)
    return out


def _busy_workers() -> list[int]:
    """This test's Ray workers now running a file (Ray titles a worker after its task)."""
    title = f"ray::{ray_ingest_task_name()}".encode()
    busy = []
    for pid in _descendants(os.getpid()):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] == title:
                busy.append(pid)
        except OSError:
            continue
    return busy


def ray_ingest_task_name() -> str:
    from hedui.ray_ingest import TASK_NAME

    return TASK_NAME


def test_a_worker_killed_from_outside_mid_file(tmp_path, ray_local):
    """SIGKILL of the Ray workers busy when the first result comes back: their files run
    again, every file is stored once, and no process of theirs (forkserver, supervised child)
    is left behind. Four PDFs keep the workers busy for seconds after the first result (one
    PDF, read at some 45 pages a second, could be done before a cold writer handles its first
    result, leaving no worker to kill); which files are cut depends on timing, so the test
    asks only that the cut files ran again, whichever they were."""
    pdfs = sorted((SHARED / "corpus-pdf").glob("*.pdf"), key=lambda p: -p.stat().st_size)
    if not pdfs:
        pytest.skip("corpus-pdf not present")
    folder = tmp_path / "in"
    folder.mkdir()
    for n, pdf in enumerate(pdfs[:4]):
        shutil.copy(pdf, folder / f"{n}.pdf")
    for f in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    killed: list[int] = []
    orphans: list[int] = []

    def kill_busy_workers(result, done, total) -> None:
        if killed:
            return
        deadline = time.monotonic() + 30
        while not killed and time.monotonic() < deadline:
            for pid in _busy_workers():
                orphans.extend(_descendants(pid))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.02)

    db = store.open_db(tmp_path / "ray.db")
    summary = ingest(db, [folder], ray="", progress=kill_busy_workers)
    assert killed
    retried = summary.retried()
    assert retried and all(r.attempts == 2 for r in retried)
    files = len(list(folder.iterdir()))
    assert summary.count("stored") == files
    stored = [r[0] for r in db.execute("SELECT path FROM reports")]
    assert len(stored) == len(set(stored)) == files
    deadline = time.monotonic() + 20  # the children watch their parent every 0.5 s
    while [p for p in orphans if _ppid(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert orphans and not [p for p in orphans if _ppid(p)]


def test_the_per_file_limits_hold_in_ray_workers(tmp_path, ray_local):
    pdfs = sorted((SHARED / "corpus-pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("corpus-pdf not present")
    folder = tmp_path / "in"
    folder.mkdir()
    good = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"
    shutil.copy(good, folder / good.name)
    shutil.copy(pdfs[0], folder / "slow.pdf")  # seconds of pdfplumber: over half a second
    (folder / "long.txt").write_text("决算" + "1" * 5000, encoding="utf-8")
    limits = Limits(max_line_chars=1000, seconds=0.5)
    local = _local(tmp_path, folder, limits=limits)
    remote = ingest(store.open_db(tmp_path / "ray.db"), [folder], limits=limits, ray="")
    assert _by_path(remote) == _by_path(local)
    results = {Path(r.path).name: r for r in remote.results}
    assert results[good.name].status == "stored"
    assert "over the limit of 1,000 characters per line" in results["long.txt"].message
    assert "stopped after the time limit of 0.5 s per file" in results["slow.pdf"].message
    assert not remote.retried()  # a file over its limit is no lost worker: not retried


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes" / "test_llm_ingest")  # the model's answers for one example


@pytest.mark.vcr("test_ingest_with_a_model.yaml")
def test_the_model_step_runs_in_ray_workers_with_the_driver_s_settings_and_cache(
    tmp_path, ray_local, monkeypatch
):
    """The model is configured on the driver only (its environment, as a user sets it), and
    its answers are in the store's cache: the Ray task extracts with the model, every answer
    from that cache (a request would go to a host that does not exist), the same report."""
    from tests.llm_cassettes import CANONICAL_BASE, CANONICAL_MODEL

    for name, value in [
        ("HEDUI_LLM_MODEL", CANONICAL_MODEL),
        ("HEDUI_LLM_BASE_URL", CANONICAL_BASE),
        ("HEDUI_LLM_API_KEY", "test-key"),
        ("HEDUI_LLM_CONCURRENCY", "1"),
    ]:
        monkeypatch.setenv(name, value)
    example = EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt"
    first = ingest(store.open_db(tmp_path / "a.db"), [example], llm="on", isolate=False)
    assert first.llm_usage()["calls"] == 2 and first.llm_usage()["cached"] == 0
    db = store.open_db(tmp_path / "ray.db")
    db.execute("ATTACH DATABASE ? AS a", [str(tmp_path / "a.db")])
    db.execute("INSERT INTO llm_cache SELECT * FROM a.llm_cache")
    db.execute("DETACH DATABASE a")
    remote = ingest(db, [example], llm="on", ray="")
    assert remote.count("stored") == 1, remote.results
    usage = remote.llm_usage()
    assert (usage["calls"], usage["cached"], usage["failed"]) == (2, 2, 0)
    report = store.get_report(db, example.name)
    assert report is not None and report.extraction.extractor == "rules+llm"
    a, b = _rows(tmp_path / "a.db"), _rows(tmp_path / "ray.db")
    for table in ("reports", "sections", "cells", "claims", "findings"):
        assert b[table] == a[table], table


def test_the_cli_runs_through_ray(tmp_path, ray_local):
    folder = _folder(tmp_path)
    db = tmp_path / "h.db"
    r = CliRunner().invoke(
        app, ["ingest", str(folder), "--db", str(db), "--ray"], env={"COLUMNS": "300"}
    )
    assert r.exit_code == 4, r.output  # two files failed
    assert "8 stored, 0 skipped, 2 failed" in r.output
    assert "retried" not in r.output


def test_ray_missing_is_one_clear_message(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_ray(name, *args, **kw):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    good = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"
    r = CliRunner().invoke(
        app, ["ingest", str(good), "--db", str(tmp_path / "h.db"), "--ray", "auto"]
    )
    assert r.exit_code == 2
    assert "--ray needs Ray, which is not installed: pip install 'hedui[ray]'" in r.output
    assert (
        not (tmp_path / "h.db").exists()
        or not store.open_db(tmp_path / "h.db")
        .execute("SELECT count(*) FROM reports")
        .fetchone()[0]
    )


def test_a_bare_ray_means_the_local_cluster():
    from hedui.cli import bare_ray

    here = str(EXAMPLES)
    assert bare_ray(["in", "--ray"]) == ["in", "--ray="]
    assert bare_ray(["in", "--ray", "--db", "x"]) == ["in", "--ray=", "--db", "x"]
    assert bare_ray(["--ray", here]) == ["--ray=", here]  # a folder is no address
    assert bare_ray(["in", "--ray", "auto"]) == ["in", "--ray", "auto"]
    assert bare_ray(["in", "--ray", "10.0.0.5:6379"]) == ["in", "--ray", "10.0.0.5:6379"]


def test_the_driver_s_model_settings_go_to_the_tasks_and_nothing_else():
    from hedui.ray_ingest import forwarded_env

    env = forwarded_env(
        {
            "HEDUI_LLM_MODEL": "m",
            "HEDUI_LLM_RPM": "30",
            "HEDUI_TOKEN": "service-secret",
            "HEDUI_DB": "h.db",
            "PATH": "/bin",
        }
    )
    assert env["HEDUI_LLM_MODEL"] == "m" and env["HEDUI_LLM_RPM"] == "30"
    assert env["OPENAI_API_KEY"] is None  # unset on the driver: unset in the task
    assert env["HEDUI_MIN_COVERAGE"] is None
    assert not {"HEDUI_TOKEN", "HEDUI_DB", "PATH"} & set(env)


def test_a_node_without_the_store_keeps_its_own_answer_cache(tmp_path, monkeypatch):
    from hedui.ray_ingest import _cache_on_node

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    here = store.open_db(tmp_path / "h.db")
    assert _cache_on_node(store.db_file(here)) == store.db_file(here)
    elsewhere = tmp_path / "on-the-driver" / "h.db"
    local = _cache_on_node(str(elsewhere))
    assert local == str(tmp_path / "home" / ".cache" / "hedui" / "llm-cache.db")
    assert not elsewhere.parent.exists()  # no stray database at the driver's path
    conn = sqlite3.connect(local)
    assert conn.execute("SELECT count(*) FROM llm_cache").fetchone() == (0,)
    conn.close()
