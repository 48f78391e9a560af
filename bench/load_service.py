"""A bounded load test of the web service on 127.0.0.1 (issue 17): searches answered while
uploads are being processed.

Starts ``hedui serve`` on a free port of 127.0.0.1 over a fresh store (the examples, and the
corpus from ../shared when present), then sends N searches, C at a time, while uploads run one
after another in the background (each a distinct copy of the largest report at hand, so none
is skipped as already stored). Prints the searches' p50, p95 and max latency and their errors,
and each upload's status and duration. Every loop is bounded in count; the server is stopped
at the end. No other address is ever contacted.

    .venv/bin/python bench/load_service.py [--searches 2000] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hedui import store  # noqa: E402
from hedui.ingest import ingest  # noqa: E402

TOKEN = "bench-token"
QUERIES = ["网格", "支出", "决算", "改进措施", "存在问题", "人员", "项目", "绩效", "经费", "服务"]
CORPORA = [
    ROOT / "examples",
    ROOT.parent / "shared" / "corpus",
    ROOT.parent / "shared" / "corpus-extra",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path) -> Path:
    """Ingest what is at hand; return the largest text report (the upload's model)."""
    folders = [f for f in CORPORA if f.is_dir()]
    summary = ingest(store.open_db(path), folders, llm="off")
    print(f"store: {summary.count('stored')} reports from {', '.join(f.name for f in folders)}")
    texts = [p for f in folders for p in f.glob("*.txt")]
    return max(texts, key=lambda p: p.stat().st_size)


async def wait_ready(base: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(200):  # at most 20 s
            try:
                if (await client.get(f"{base}/api/reports")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


async def uploads(base: str, model: Path, stop: asyncio.Event, log: list[str]) -> None:
    """Upload distinct copies of ``model`` one after another until the searches are done
    (at most 50)."""
    data = model.read_bytes()
    async with httpx.AsyncClient(timeout=600) as client:
        for i in range(50):
            if stop.is_set():
                return
            body = data + f"\n（上传副本 {i} {time.time()}）\n".encode()
            t = time.perf_counter()
            r = await client.post(
                f"{base}/api/upload",
                headers={"Authorization": f"Bearer {TOKEN}"},
                files={"file": (f"upload-{i}.txt", body, "text/plain")},
            )
            log.append(f"upload {i}: HTTP {r.status_code} in {time.perf_counter() - t:.2f} s")


async def searches(base: str, n: int, concurrency: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    queue = iter(range(n))
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker() -> None:
            for i in queue:
                q = QUERIES[i % len(QUERIES)]
                t = time.perf_counter()
                try:
                    r = await client.get(f"{base}/api/search", params={"q": q, "limit": 20})
                    if r.status_code != 200:
                        errors.append(f"{q}: HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{q}: {type(exc).__name__}")
                latencies.append((time.perf_counter() - t) * 1000)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def report(label: str, latencies: list[float], errors: list[str], wall: float) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(f"{label}: {len(latencies)} searches in {wall:.1f} s — p50 {q[49]:.1f} ms, "
          f"p95 {q[94]:.1f} ms, max {max(latencies):.1f} ms, errors {len(errors)}"
          + (f" (first: {errors[:3]})" if errors else ""))  # fmt: skip


async def run(base: str, model: Path, n: int, concurrency: int) -> None:
    await wait_ready(base)
    t = time.perf_counter()
    latencies, errors = await searches(base, n, concurrency)
    report("no upload running  ", latencies, errors, time.perf_counter() - t)
    stop, log = asyncio.Event(), []
    uploading = asyncio.create_task(uploads(base, model, stop, log))
    await asyncio.sleep(0.5)  # the first upload is in its extraction when the searches start
    t = time.perf_counter()
    latencies, errors = await searches(base, n, concurrency)
    wall = time.perf_counter() - t
    stop.set()
    await uploading
    report("uploads running    ", latencies, errors, wall)
    print(f"({concurrency} concurrent; {len(log)} uploads of {model.name}, "
          f"{model.stat().st_size:,} bytes, one after another during the second run)")  # fmt: skip
    for line in log:
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--searches", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "load.db"
        model = build_store(db)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "hedui.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port)],
            env={**os.environ, "HEDUI_TOKEN": TOKEN}, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            asyncio.run(run(f"http://127.0.0.1:{port}", model, args.searches, args.concurrency))
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
