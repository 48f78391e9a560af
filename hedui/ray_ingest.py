"""The second way to schedule ``hedui ingest``: its files processed as Ray tasks on a cluster.

One code path for a file, two ways to schedule it. The driver (the process running
``hedui ingest --ray``) lists and hashes the files and skips the stored ones exactly as the
local path does (hedui.ingest); only the middle step moves: each remaining file becomes a Ray
task that runs ``hedui.ingest._in_worker`` — load, extract, model step, verify — under the same
supervisor as a local worker (a time limit per file, an address-space cap, a child that dies
alone), and returns what a local worker sends (the processed file pickled, or the same
one-line failure). Results stream back as they finish (``ray.wait``) and the driver saves them
with the local path's save code, so the store has one writer and a file is stored once,
whichever attempt produced it.

A Ray worker (or a whole node) lost mid-task is Ray's to retry (``max_retries``); a task's
attempt number comes back with its result, so the summary can say which files were retried.
A file over a per-file limit is not a lost worker: its supervised child dies or is stopped,
the task returns that file's failure, and Ray retries nothing.

Ray is optional (``pip install 'hedui[ray]'``): nothing here imports it at module level.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from extractor.formats.limits import Limits
from hedui import supervisor
from hedui.pipeline import Processed

RAY_MISSING = (
    "--ray needs Ray, which is not installed: pip install 'hedui[ray]' "
    "(on this machine and on every node of the cluster)"
)
# Attempts after the first when a task's worker or node is lost (Ray's default is 3 too).
MAX_RETRIES = 3
# The environment the model step and the verdict read (hedui.pipeline, extractor.llm.config):
# set on the driver, so passed to each task (a node of the cluster has its own environment).
FORWARDED_ENV = ("HEDUI_LLM_", "OPENAI_", "HEDUI_MIN_COVERAGE")
# The task's name, as Ray shows it in `ray list tasks`, its dashboard and the worker's title.
TASK_NAME = "hedui_ingest_file"


class RayMissing(RuntimeError):
    """``--ray`` was asked for and Ray cannot be imported."""


def require_ray() -> Any:
    """The ``ray`` module, or RayMissing saying how to install it."""
    try:
        import ray
    except ImportError:
        raise RayMissing(RAY_MISSING) from None
    return ray


def forwarded_env(environ: dict[str, str] | None = None) -> dict[str, str | None]:
    """The driver's model and verdict settings, each name that hedui reads set to its value
    here or to None (unset it there): a task sees the model the driver was told to use."""
    environ = dict(os.environ if environ is None else environ)
    names = {k for k in environ if k.startswith(FORWARDED_ENV)}
    names |= {
        "HEDUI_LLM_MODEL", "HEDUI_LLM_BASE_URL", "HEDUI_LLM_API_KEY", "OPENAI_API_KEY",
        "OPENAI_BASE_URL", "HEDUI_MIN_COVERAGE",
    }  # fmt: skip
    return {k: environ.get(k) for k in sorted(names)}


# ---------------------------------------------------------------------------------------------
# In a Ray worker


_pools: dict[Limits, Any] = {}
_pools_lock = threading.Lock()


def _pool(limits: Limits) -> Any:
    """This Ray worker's supervised child (one, reused by each task it runs; replaced by
    pebble when it died): a file's time and memory limits held as on the local path."""
    with _pools_lock:
        pool = _pools.get(limits)
        if pool is None or not pool.active:
            pool = _pools[limits] = supervisor.new_pool(1, limits)
        return pool


def _attempt() -> int | None:
    """Which attempt of its task this is, 0 the first; None if this Ray does not say.

    Ray keeps the number in its core worker but exposes it publicly only through the state
    API, which needs the dashboard (ray[default]) running; this reads the core worker's own
    getter, the number the state API reports as ``attempt_number``."""
    try:
        from ray._private.worker import global_worker

        return int(global_worker.core_worker.get_current_task_attempt_number())  # type: ignore[attr-defined]
    except Exception:  # another Ray version: the summary then cannot say what was retried
        return None


def _cache_on_node(cache_path: str | None) -> str | None:
    """The model's answer cache for this node: the store's own (same machine, or a shared
    folder), else one of this node's (``~/.cache/hedui/llm-cache.db``), never a new database
    at the driver's path."""
    if cache_path is None or os.path.exists(cache_path):
        return cache_path
    from hedui import store

    local = Path.home() / ".cache" / "hedui" / "llm-cache.db"
    local.parent.mkdir(parents=True, exist_ok=True)
    store.open_db(local).conn.close()  # the llm_cache table, made once
    return str(local)


def _work_with_env(
    env: dict[str, str | None], path: str, llm: str, limits: Limits, cache_path: str | None
) -> bytes | str:
    """``hedui.ingest._work`` in the supervised child, with the driver's model settings: the
    processed file pickled there, as a local worker sends it (``_in_worker``), so that neither
    the Ray worker nor the driver's collector walks it on the way, or why it failed."""
    from hedui.ingest import _in_worker
    from hedui.pipeline import model_configured

    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    model = llm != "off" and model_configured()
    return _in_worker(path, llm, limits, cache_path, model)


def process_file(
    path: str, llm: str, limits: Limits, cache_path: str | None, env: dict[str, str | None]
) -> tuple[bytes | str, int | None]:
    """One file, in a Ray worker: what the local path's worker sends for it (the processed
    file pickled, or why it failed), and which attempt of this task produced it."""
    attempt = _attempt()
    if not os.path.isfile(path):
        return (
            f"{path}: not found on the Ray node that took it ({_node()}): the files must be at "
            "the same path on every node (a shared folder)",
            attempt,
        )
    args = (env, path, llm, limits, _cache_on_node(cache_path))
    future = supervisor.schedule(_pool(limits), _work_with_env, args, limits)
    return supervisor.outcome(future, path, limits), attempt


def _node() -> str:
    try:
        import ray

        return ray.util.get_node_ip_address()
    except Exception:
        return "unknown node"


# ---------------------------------------------------------------------------------------------
# On the driver


def connect(address: str) -> bool:
    """Join the Ray cluster at ``address``, as ``ray.init`` reads it ("" its default:
    RAY_ADDRESS, else the cluster ``ray start`` runs on this machine, else a new one for this
    run; "auto"; "local", always a new one; HOST:PORT; ray://HOST:PORT). True when this call
    connected, so the caller disconnects; an already connected process (a test's, a
    notebook's) is used as it is."""
    ray = require_ray()
    if ray.is_initialized():
        return False
    import logging

    _answers(address)
    ray.init(
        address=address or None,
        log_to_driver=False,  # the summary says what happened; workers print nothing here
        logging_level=logging.WARNING,
    )
    return True


def _answers(address: str, seconds: float = 5.0) -> None:
    """For a HOST:PORT address, ConnectionError at once when nothing listens there: ray.init
    would wait minutes for a cluster that is not there."""
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return
    import socket

    try:
        socket.create_connection((host, int(port)), timeout=seconds).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {address}: {exc.strerror or exc}") from None


def process_on_ray(
    todo: list[Path],
    llm: str,
    limits: Limits,
    cache_path: str | None,
    *,
    address: str = "",
    at_once: int | None = None,
    max_retries: int = MAX_RETRIES,
    task: Callable[..., tuple[bytes | Processed | str, int | None]] | None = None,
    idle: Callable[[], None] | None = None,
    idle_wait: Callable[[], float] | None = None,
) -> Iterator[tuple[str, bytes | Processed | str, int | None]]:
    """Each file of ``todo`` processed as a Ray task: (path, what the local worker would
    return, how many times its task ran — None when unknown), in the order they finish.

    At most ``at_once`` tasks are submitted at a time (default: twice the cluster's CPUs, so
    a CPU that frees finds the next file queued; the list of a large batch is not handed to
    Ray whole). A task whose worker or node was lost is retried by Ray up to ``max_retries``
    times; one lost more often than that fails alone, with the reason. ``task`` is the remote
    function (process_file; a test's stand-in loses its worker). ``idle`` is called before
    waiting when no result is ready (the writer stores what it holds meanwhile), after
    ``idle_wait()`` seconds more for one (the writer's ResultWriter.idle_wait)."""
    ray = require_ray()
    started = connect(address)
    env = forwarded_env()
    remote = ray.remote(task or process_file).options(
        name=TASK_NAME, num_cpus=1, max_retries=max_retries
    )
    pending: dict[Any, str] = {}
    queue = iter(todo)
    try:
        window = at_once or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
        while True:
            while len(pending) < window and (f := next(queue, None)) is not None:
                pending[remote.remote(str(f), llm, limits, cache_path, env)] = str(f)
            if not pending:
                break
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=0)
            if not ready and idle_wait is not None and (seconds := idle_wait()) > 0:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=seconds)
            if not ready:
                if idle is not None:
                    idle()
                ready, _ = ray.wait(list(pending), num_returns=1)  # block for the first …
            more, _ = ray.wait(list(pending), num_returns=len(pending), timeout=0)
            for ref in dict.fromkeys([*ready, *more]):  # … and take every other one done
                path = pending.pop(ref)
                yield (path, *_result(ray, ref, path, max_retries))
    finally:
        for ref in pending:  # an interrupt or an error: leave no task running for nobody
            ray.cancel(ref, force=True)
        if started:
            ray.shutdown()


def _result(
    ray: Any, ref: Any, path: str, max_retries: int
) -> tuple[bytes | Processed | str, int | None]:
    """The task's (outcome, attempts), or the file's failure when Ray gave up on it."""
    try:
        done, attempt = ray.get(ref)
    except ray.exceptions.RayTaskError as exc:  # process_file raised: a bug, this file alone
        return f"{path}: could not be processed on the Ray cluster ({exc.cause!r})", 1
    except ray.exceptions.RayError as exc:  # the worker or node lost more often than retried
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return (
            f"{path}: its Ray task was lost {max_retries + 1} times ({type(exc).__name__}: "
            f"{reason}); not stored, run the ingest again to retry it",
            max_retries + 1,
        )
    return done, None if attempt is None else attempt + 1
