"""The worker processes that load and extract files, supervised by pebble.

A file can cost more than it looks (issue 17: minutes and gigabytes for a crafted DOCX), and a
worker can die under it (the OOM killer). pebble's ProcessPool gives each task its own
timeout, kills a worker that overruns it, replaces a worker that died, and reports both on
that task's future alone — so one file fails with a message naming it and its limit, and the
batch goes on. Each worker also caps its own address space (RLIMIT_AS, so a file over the
memory limit raises MemoryError in its worker instead of waking the OOM killer) and exits when
the process that started it is gone (kill -9 of ``hedui ingest`` leaves no worker running on).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Any

from pebble import ProcessExpired, ProcessPool

from extractor.formats.limits import Limits

_WATCH_SECONDS = 0.5


def _watch_parent(owner: int) -> None:
    """End this worker as soon as the process that owns the pool is gone, or the worker's
    own parent (the owner, or the owner's forkserver) is: it is then re-parented."""
    parent = os.getppid()
    while True:
        time.sleep(_WATCH_SECONDS)
        if os.getppid() != parent or not _exists(owner):
            os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _address_space() -> int:
    """This process's address space now, in bytes (the first field of /proc/self/statm)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _start_worker(memory_mb: int, owner: int) -> None:
    """pebble's initializer: cap the address space, watch the parent, keep Ctrl-C for it,
    collect cycles.

    The cap is what the worker already maps when it starts (a fork maps all its parent
    had, thread stacks and arenas included) plus ``memory_mb``: the memory one file may
    take, whatever process the worker was forked from."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt ends
    # The collector on, whatever the parent had: a worker forked (start "fork") while the
    # parent's ResultWriter held it off for a batch would otherwise never collect, and each
    # PDF it read would leave its cycles until its memory limit ended it.
    gc.enable()
    if memory_mb > 0:
        cap = _address_space() + memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    threading.Thread(target=_watch_parent, args=(owner,), daemon=True).start()


# How workers are started. "forkserver" forks them from a clean single-threaded server
# process: forking the service (uvicorn's threads) or a batch (pebble's and the progress bar's
# threads) directly can copy a lock another thread held, and the worker then hangs — the load
# test saw one upload in fourteen stop at its time limit that way. "fork" starts faster and
# inherits the caller's state (the tests use it to put stand-ins into workers).
START = "forkserver"
PRELOAD = ["hedui.ingest"]  # imported once by the forkserver: its workers start with them


def new_pool(workers: int, limits: Limits, start: str = START) -> ProcessPool:
    """A pool of ``workers`` supervised processes, to be closed by its owner."""
    context = multiprocessing.get_context(start)
    if start == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return ProcessPool(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(limits.memory_mb, os.getpid()),
        context=context,
    )


@contextmanager
def pool(workers: int, limits: Limits, start: str = START) -> Iterator[ProcessPool]:
    """``new_pool`` for one batch: closed when done, stopped at once on an interrupt or an
    error."""
    running = new_pool(workers, limits, start)
    try:
        yield running
    except BaseException:
        running.stop()
        running.join()
        raise
    running.close()
    running.join()


def schedule(workers: ProcessPool, fn: Callable[..., Any], args: tuple, limits: Limits) -> Future:
    """Run ``fn(*args)`` in the pool under the per-file time limit."""
    return workers.schedule(fn, args=args, timeout=limits.seconds or None)


def outcome(future: Future, path: str, limits: Limits) -> Any:
    """The task's result, or one line naming the file and what stopped it."""
    try:
        return future.result()
    except FutureTimeout:
        return (
            f"{path}: stopped after the time limit of {limits.seconds:g} s per file "
            "(set HEDUI_SECONDS or --timeout if it really is one report)"
        )
    except ProcessExpired as exc:
        return f"{path}: the worker processing it died ({_death(exc.exitcode, limits)})"
    except MemoryError:
        return memory_message(path, limits)
    except Exception as exc:  # the task's own errors are caught in it; this is the pool's
        return f"{path}: could not be processed ({type(exc).__name__}: {exc})"


def memory_message(path: str, limits: Limits) -> str:
    return (
        f"{path}: stopped at the memory limit of {limits.memory_mb:,} MB per file "
        "(set HEDUI_MEMORY_MB or --max-memory-mb if it really is one report)"
    )


def _death(code: int | None, limits: Limits) -> str:
    """Why a worker ended, as far as its exit code tells."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return f"killed by {name}: out of memory? the limit per file is {limits.memory_mb:,} MB"
        return f"killed by {name}"
    return (
        f"exit code {code}: it may have run out of the memory limit of "
        f"{limits.memory_mb:,} MB per file"
    )


class SharedPool:
    """One pool for a long-lived process (the service), started at its first use and closed
    with the process: uploads then pay no start-up each, and a worker that died or overran
    its time is replaced by pebble."""

    def __init__(self, workers: int, limits: Limits, start: str = START) -> None:
        self.workers, self.limits, self.start = workers, limits, start
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def get(self) -> ProcessPool:
        with self._lock:
            if self._pool is None or not self._pool.active:
                self._pool = new_pool(self.workers, self.limits, self.start)
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None
