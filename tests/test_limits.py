"""Per-file limits and supervised workers (issue 17, rows 3, 4 and 8): a file over a limit, a
worker that overruns its time or dies, a killed ingest — each fails one file with a message
naming it and the limit, the rest of the batch is stored, and no worker outlives its run.

The crafted files here are small, held to small limits; bench/crafted_files.py builds the
issue's full-size ones (300 MB of XML in a DOCX, a 22 MB XLSX, a 20 MB one-line text)."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import hedui.ingest
from extractor.formats.limits import Limits
from extractor.formats.load import load
from extractor.source import LoadError
from hedui import store
from hedui.ingest import ingest
from tests.conftest import EXAMPLES, ROOT

GOOD = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"


def docx_with_xml(xml_bytes: int) -> bytes:
    """A real DOCX whose document.xml is padded with empty paragraphs to ``xml_bytes``."""
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("东川县网格服务中心2023年度部门决算")
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                pad = b"<w:p/>" * (xml_bytes // 6)
                data = data.replace(b"</w:body>", pad + b"</w:body>")
            z.writestr(item, data)
    return out.getvalue()


def xlsx_with_cells(rows: int, cols: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("公开01表")
    for r in range(rows):
        ws.append([r * cols + c for c in range(cols)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SMALL = Limits(max_unzipped_bytes=1024 * 1024, max_cells=1000, max_rows=500, max_line_chars=2000)


def test_docx_with_a_huge_xml_part_is_refused_before_parsing(tmp_path):
    f = tmp_path / "bomb.docx"
    f.write_bytes(docx_with_xml(3 * 1024 * 1024))
    assert f.stat().st_size < 100_000  # small on disk, large inside
    with pytest.raises(LoadError) as exc:
        load(f, limits=SMALL)
    assert str(exc.value).startswith(str(f))
    assert "over the limit of 1 MB uncompressed" in str(exc.value)
    assert "HEDUI_MAX_UNZIPPED_BYTES" in str(exc.value)


def test_xlsx_over_the_cell_and_row_limits_is_refused(tmp_path):
    wide, tall = tmp_path / "wide.xlsx", tmp_path / "tall.xlsx"
    wide.write_bytes(xlsx_with_cells(100, 20))
    tall.write_bytes(xlsx_with_cells(600, 1))
    with pytest.raises(LoadError, match=r"wide.xlsx: .*more than 1,000 cells.*limit of 1,000"):
        load(wide, limits=SMALL)
    with pytest.raises(LoadError, match=r"tall.xlsx: .*more than 500 rows.*500 rows per sheet"):
        load(tall, limits=SMALL)
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(xlsx_with_cells(10, 5))
    assert load(ok, limits=SMALL).format == "xlsx"


def test_a_text_with_an_overlong_line_is_refused(tmp_path):
    f = tmp_path / "one-line.txt"
    f.write_text("部门决算" + "网格" * 5000, encoding="utf-8")
    with pytest.raises(LoadError, match=r"one-line.txt: line 1 is 10,004 characters long"):
        load(f, limits=SMALL)
    assert load(GOOD, limits=SMALL).text  # a real report stays far below


def test_limits_come_from_the_environment_and_options(monkeypatch):
    monkeypatch.setenv("HEDUI_MAX_CELLS", "1234")
    monkeypatch.setenv("HEDUI_SECONDS", "2.5")
    limits = Limits.from_env(memory_mb=99, seconds=None)
    assert (limits.max_cells, limits.seconds, limits.memory_mb) == (1234, 2.5, 99)
    monkeypatch.setenv("HEDUI_MAX_ROWS", "many")
    with pytest.raises(ValueError, match="HEDUI_MAX_ROWS"):
        Limits.from_env()


def _batch(tmp_path: Path, *crafted: tuple[str, bytes]) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    for name, data in crafted:
        (folder / name).write_bytes(data)
    return folder


def _by_name(summary) -> dict[str, object]:
    return {Path(r.path).name: r for r in summary.results}


def test_crafted_files_fail_alone_and_the_batch_is_stored(tmp_path):
    folder = _batch(
        tmp_path,
        ("bomb.docx", docx_with_xml(3 * 1024 * 1024)),
        ("cells.xlsx", xlsx_with_cells(100, 20)),
        ("line.txt", ("决算" * 3000).encode()),
    )
    db = store.open_db(tmp_path / "h.db")
    summary = ingest(db, [folder], workers=2, limits=SMALL)
    results = _by_name(summary)
    assert results[GOOD.name].status == "stored"
    for name, limit in (("bomb.docx", "1 MB uncompressed"), ("cells.xlsx", "1,000 cells"),
                        ("line.txt", "2,000 characters per line")):  # fmt: skip
        assert results[name].status == "failed"
        assert results[name].message.startswith(str(folder / name) + ":")
        assert f"over the limit of {limit}" in results[name].message
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


def _slow_or_dying(real):
    """A stand-in for pipeline.process (inherited by workers started with "fork"): files named
    slow* sleep, die* kill their worker, hog* allocate far past any limit."""

    def fake(path, **kw):
        name = Path(path).name
        if name.startswith("slow"):
            time.sleep(60)
        if name.startswith("die"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.startswith("hog"):
            blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
            return len(blocks)
        return real(path, **kw)

    return fake


def test_a_killed_worker_fails_its_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(hedui.ingest, "process", _slow_or_dying(hedui.ingest.process))
    folder = _batch(tmp_path, ("die.txt", "决算 a".encode()), ("die2.txt", "决算 b".encode()))
    db = store.open_db(tmp_path / "h.db")
    results = _by_name(ingest(db, [folder], workers=2, start="fork"))
    assert results[GOOD.name].status == "stored"
    for name in ("die.txt", "die2.txt"):
        assert results[name].status == "failed"
        assert results[name].message.startswith(str(folder / name) + ": the worker")
        assert "killed by SIGKILL: out of memory?" in results[name].message


def test_a_file_over_its_time_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(hedui.ingest, "process", _slow_or_dying(hedui.ingest.process))
    folder = _batch(tmp_path, ("slow.txt", "决算 s".encode()))
    db = store.open_db(tmp_path / "h.db")
    results = _by_name(ingest(db, [folder], workers=2, limits=Limits(seconds=1), start="fork"))
    assert results[GOOD.name].status == "stored"
    assert results["slow.txt"].status == "failed"
    assert "stopped after the time limit of 1 s per file" in results["slow.txt"].message


def test_a_file_over_its_memory_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(hedui.ingest, "process", _slow_or_dying(hedui.ingest.process))
    folder = _batch(tmp_path, ("hog.txt", "决算 h".encode()))
    db = store.open_db(tmp_path / "h.db")
    results = _by_name(ingest(db, [folder], workers=2, limits=Limits(memory_mb=512), start="fork"))
    assert results[GOOD.name].status == "stored"
    assert results["hog.txt"].status == "failed"
    assert "the memory limit of 512 MB per file" in results["hog.txt"].message


KILLED_RUN = """
import sys
from hedui import store, supervisor
import hedui.ingest
import tests.slow_stub  # makes pipeline.process a sleeper here and, preloaded, in a forkserver

supervisor.PRELOAD.append("tests.slow_stub")
hedui.ingest.ingest(store.open_db(sys.argv[3]), [sys.argv[1]], workers=2, start=sys.argv[4])
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_kill_9_of_the_ingest_leaves_no_worker_running(tmp_path, start):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"{i}.txt").write_text(f"决算 {i}", encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(folder), str(pids), str(tmp_path / "k.db"), start],
        cwd=ROOT,
        env={**os.environ, "HEDUI_TEST_PIDS": str(pids)},
    )
    deadline = time.monotonic() + 60
    while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2, "the workers never started"
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 30  # a bound on the wait, not a speed asserted
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def test_the_cli_batch_with_its_forkserver_workers(tmp_path):
    """The command as people run it (workers from a forkserver, in a child process so that
    the network block of the tests does not apply): the crafted DOCX fails alone with its
    limit, the good report is stored, the run exits 4 (a file failed)."""
    folder = _batch(tmp_path, ("bomb.docx", docx_with_xml(3 * 1024 * 1024)))
    run = subprocess.run(
        [sys.executable, "-m", "hedui.cli", "ingest", str(folder), "--db", str(tmp_path / "c.db"),
         "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "HEDUI_MAX_UNZIPPED_BYTES": str(1024 * 1024), "COLUMNS": "300"},
    )  # fmt: skip
    assert run.returncode == 4, run.stderr  # a file failed
    assert "1 stored, 0 skipped, 1 failed" in run.stdout
    assert f"{folder / 'bomb.docx'}: its parts hold more than 1 MB" in " ".join(run.stderr.split())


def test_running_out_of_memory_in_a_parser_is_not_called_a_damaged_file(tmp_path, monkeypatch):
    import openpyxl

    def no_memory(*a, **kw):
        raise MemoryError

    monkeypatch.setattr(openpyxl, "load_workbook", no_memory)
    f = tmp_path / "ok.xlsx"
    f.write_bytes(xlsx_with_cells(5, 5))
    with pytest.raises(MemoryError):
        load(f)
    message = hedui.ingest._work(str(f), "off", Limits(memory_mb=777))
    assert message == f"{f}: stopped at the memory limit of 777 MB per file " + (
        "(set HEDUI_MEMORY_MB or --max-memory-mb if it really is one report)"
    )


def test_line_length_at_and_over_the_limit():
    """A line as long as the limit passes, one character more is refused, whether or not the
    whole text is longer than the limit (only a text that is gets walked line by line)."""
    from extractor.formats.limits import check_lines

    limits = Limits(max_line_chars=10)
    for text in ("x" * 10, "x" * 10 + "\n" + "y" * 10, "a\n" * 30, "", "\n" * 12):
        check_lines(text, "t.txt", limits)
    for text, line in (("x" * 11, 1), ("ab\n" * 5 + "x" * 11, 6), ("x" * 11 + "\n" + "y", 1)):
        with pytest.raises(LoadError, match=f"t.txt: line {line} is 11 characters long"):
            check_lines(text, "t.txt", limits)
