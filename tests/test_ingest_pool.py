"""How ingest takes its workers' results (issue 19): a result is sent pickled and unpickled
under the batch's pause, no collection walks it on either side, the next result is taken
without looking at every task still out, and an idle writer gives its batch a moment to fill
before it writes."""

from __future__ import annotations

import gc
import pickle
import threading
import weakref
from concurrent.futures import Future
from queue import SimpleQueue

import pytest

from extractor.formats.limits import Limits
from extractor.formats.load import reads_as_text
from hedui import ingest, ray_ingest, store
from hedui.pipeline import process
from tests.conftest import EXAMPLES
from verifier.report import Report

GOOD = EXAMPLES / "松岭区社会治理中心_2023年度部门决算.txt"
THRESHOLD = gc.get_threshold()


class _Writer:
    """What _next_done asks of a ResultWriter: its idle wait, and flush (recorded; a flush
    here makes the next task done, as a result that came while the batch was written)."""

    def __init__(self, wait: float, queue: SimpleQueue[Future], then: Future | None = None):
        self.wait, self.queue, self.then, self.flushed = wait, queue, then, 0

    def idle_wait(self) -> float:
        return self.wait

    def flush(self) -> None:
        self.flushed += 1
        if self.then is not None:
            self.queue.put(self.then)


def test_a_ready_result_is_taken_without_writing_the_batch():
    queue: SimpleQueue[Future] = SimpleQueue()
    done: Future = Future()
    queue.put(done)
    writer = _Writer(wait=60.0, queue=queue)
    assert ingest._next_done(queue, writer) is done  # type: ignore[arg-type]
    assert writer.flushed == 0


def test_with_nothing_ready_the_batch_is_written_after_its_idle_wait():
    queue: SimpleQueue[Future] = SimpleQueue()
    later: Future = Future()
    writer = _Writer(wait=0.01, queue=queue, then=later)
    assert ingest._next_done(queue, writer) is later  # type: ignore[arg-type]
    assert writer.flushed == 1  # written before blocking for the next result


def test_a_result_that_comes_within_the_idle_wait_joins_the_batch():
    queue: SimpleQueue[Future] = SimpleQueue()
    soon: Future = Future()
    soon.add_done_callback(queue.put)
    writer = _Writer(wait=60.0, queue=queue)
    # done a moment after _next_done has found nothing ready (a thread started at once would
    # often be done before: then the idle wait is not what is tested)
    timer = threading.Timer(0.05, soon.set_result, args=(None,))
    timer.start()
    try:
        assert ingest._next_done(queue, writer) is soon  # type: ignore[arg-type]
    finally:
        timer.cancel()
    assert writer.flushed == 0


def test_the_idle_wait_counts_from_the_batch_s_first_report():
    w = ingest.ResultWriter(None, lambda result: None, batch=100)  # type: ignore[arg-type]
    w._write = w._pending.clear  # type: ignore[method-assign]  # the store's part left out
    assert w.idle_wait() == 0.0  # nothing gathered: nothing to wait for
    try:
        w.add("a.txt", object())  # type: ignore[arg-type]
        assert 0.0 < w.idle_wait() <= ingest.IDLE_WAIT
    finally:
        w.flush()
    assert w.idle_wait() == 0.0 and gc.isenabled()


def test_a_worker_sends_the_processed_file_pickled():
    sent = ingest._in_worker(str(GOOD), "off", Limits(), None, False)
    assert isinstance(sent, bytes)
    got, want = pickle.loads(sent), process(GOOD, llm="off")
    assert got.report.model_dump_json() == want.report.model_dump_json()
    assert got.verification.model_dump_json() == want.verification.model_dump_json()
    # the same when processed with the collector on (as for a model's file)
    assert ingest._in_worker(str(GOOD), "off", Limits(), None, True) == sent


def test_a_worker_sends_why_a_file_failed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    sent = ingest._in_worker(str(empty), "off", Limits(), None, False)
    assert isinstance(sent, str) and str(empty) in sent


def test_no_collection_walks_a_text_s_result_in_the_worker():
    ingest._in_worker(str(GOOD), "off", Limits(), None, False)  # warm: caches, patterns
    walked: list[bool] = []  # per collection: whether a Report was among what it walked

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            objects = gc.get_objects(info["generation"])
            walked.append(any(type(o) is Report for o in objects))

    gc.collect()
    gc.set_threshold(*[1] * len(gc.get_threshold()))  # collect at every chance
    gc.callbacks.append(seen)
    try:
        sent = ingest._in_worker(str(GOOD), "off", Limits(), None, False)
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*THRESHOLD)
    assert isinstance(sent, bytes) and gc.isenabled()
    assert walked and not any(walked)  # collections ran, none while the Report was alive


def test_a_sent_result_is_unpickled_with_the_collector_held_off(monkeypatch):
    stored: list[tuple[str, object]] = []
    w = ingest.ResultWriter(None, lambda result: None, batch=100)  # type: ignore[arg-type]

    def write() -> None:  # the store's part left out
        stored.extend(w._pending)
        w._pending.clear()

    w._write = write  # type: ignore[method-assign]
    states: list[bool] = []
    real_loads = pickle.loads

    def loads(data: bytes) -> object:
        states.append(gc.isenabled())
        return real_loads(data)

    monkeypatch.setattr(ingest.pickle, "loads", loads)
    assert gc.isenabled()
    w.add_sent("a.txt", pickle.dumps({"a": 1}))
    w.add_sent("b.txt", pickle.dumps({"b": 2}))
    assert states == [False, False]
    w.flush()
    assert gc.isenabled()  # the pause ends with the batch
    assert stored == [("a.txt", {"a": 1}), ("b.txt", {"b": 2})]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_pool_stores_what_this_process_would(tmp_path, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt")):
        (folder / f.name).write_bytes(f.read_bytes())
    here, pooled = store.open_db(tmp_path / "here.db"), store.open_db(tmp_path / "pool.db")
    ingest.ingest(here, [folder], llm="off", isolate=False)
    summary = ingest.ingest(pooled, [folder], llm="off", workers=workers, start="fork")
    assert summary.count("stored") == 3

    def rows(db) -> list[tuple]:
        return db.execute(
            "SELECT sha256, verdict, status, report_packed, passes_packed FROM reports "
            "ORDER BY sha256"
        ).fetchall()

    def findings(db) -> list[tuple]:
        return db.execute("SELECT * FROM findings ORDER BY id").fetchall()

    assert rows(pooled) == rows(here)
    assert findings(pooled) == findings(here)


def test_a_result_is_let_go_once_stored(tmp_path, monkeypatch):
    """Memory stays flat whatever the number of files: each task's future held its result to
    the end of the ingest (2.3 MB a report of the corpus mix: 771 MB at 312 files)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(2):  # distinct bytes, the same reports
        for f in sorted(EXAMPLES.glob("*.txt")):
            (folder / f"{copy}_{f.name}").write_bytes(f.read_bytes() + b"\n" * copy)
    taken: list[weakref.ref] = []  # each task's future, once its result is taken
    results: list[weakref.ref] = []  # each result received, unpickled
    most: list[tuple[int, int]] = []
    real_outcome, real_loads = ingest.supervisor.outcome, pickle.loads

    def outcome(future, path, limits):
        taken.append(weakref.ref(future))
        return real_outcome(future, path, limits)

    def loads(data: bytes) -> object:
        got = real_loads(data)
        results.append(weakref.ref(got))
        return got

    def progress(result, done: int, total: int) -> None:
        most.append(tuple(sum(r() is not None for r in refs) for refs in (taken, results)))

    monkeypatch.setattr(ingest.supervisor, "outcome", outcome)
    monkeypatch.setattr(ingest.pickle, "loads", loads)
    monkeypatch.setenv("HEDUI_INGEST_BATCH", "1")
    db = store.open_db(tmp_path / "h.db")
    summary = ingest.ingest(db, [folder], llm="off", workers=1, start="fork", progress=progress)
    assert summary.count("stored") == 6 and len(taken) == len(results) == 6
    # as each is stored: its own future and result alive, at most one more of each
    assert max(f for f, _ in most) <= 2 and max(r for _, r in most) <= 2


def test_a_result_that_cannot_be_received_fails_its_file_alone():
    failed: list[tuple[str, str | None]] = []
    w = ingest.ResultWriter(None, lambda r: failed.append((r.status, r.message)), batch=100)  # type: ignore[arg-type]
    w._write = w._pending.clear  # type: ignore[method-assign]  # the store's part left out
    w.add_sent("a.txt", b"not a pickle")
    w.add_sent("b.txt", pickle.dumps({"b": 2}))
    assert failed == [("failed", failed[0][1])] and "a.txt: its result could not be" in str(
        failed[0][1]
    )
    assert w._pending == [("b.txt", {"b": 2})]  # the next one is gathered as ever
    w.flush()
    assert gc.isenabled()


def test_a_pdf_named_txt_is_not_read_as_text(tmp_path):
    """The collector is held off only for what the text decoder reads, as the bytes say (a
    PDF's reader leaves cycles; the worker's memory cap counts them)."""
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"\n %PDF-1.7\n...")
    docx = tmp_path / "report.md"
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 30)
    assert not reads_as_text(pdf) and not reads_as_text(docx)
    assert reads_as_text(GOOD) and not reads_as_text(tmp_path / "gone.txt")
    assert not reads_as_text(tmp_path / "x.pdf")
    assert ingest._leaves_cycles(pdf, model=False) and not ingest._leaves_cycles(GOOD, False)


class _FakeRay:
    """Just what process_on_ray asks of ray: one task, done only once the driver has asked
    with a timeout (its idle wait); each wait recorded."""

    def __init__(self) -> None:
        self.waits: list[float | None] = []

    def remote(self, fn):
        ray = self

        class _Remote:
            def options(self, **_):
                return self

            def remote(self, path, *args):
                return ("ref", path)

        ray.fn = fn
        return _Remote()

    def cluster_resources(self):
        return {"CPU": 1}

    def wait(self, refs, num_returns=1, timeout=None):
        self.waits.append(timeout)
        done = timeout is None or timeout > 0 or len(self.waits) > 2
        return (refs[:num_returns], refs[num_returns:]) if done else ([], refs)

    def get(self, ref):
        return (f"{ref[1]}: done", 0)


def test_a_ray_driver_gives_its_batch_the_idle_wait_too(monkeypatch):
    fake = _FakeRay()
    monkeypatch.setattr(ray_ingest, "require_ray", lambda: fake)
    monkeypatch.setattr(ray_ingest, "connect", lambda address: False)
    idled: list[bool] = []
    files = [GOOD]
    idle, wait = (lambda: idled.append(True)), (lambda: 0.25)
    got = list(
        ray_ingest.process_on_ray(
            files, "off", Limits(), None, at_once=1, idle=idle, idle_wait=wait
        )
    )
    assert got == [(str(GOOD), f"{GOOD}: done", 1)]
    assert fake.waits[:2] == [0, 0.25]  # nothing ready: waited 0.25 s, and it came
    assert idled == []  # so the batch was not written for it
