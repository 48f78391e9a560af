"""A worker starts with the cycle collector on, however its parent had it when the worker was
started: ingest's ResultWriter holds the parent's collector off while a batch is gathered, and
a worker pebble starts then (a replacement for one a time or memory limit ended) is forked
from that parent under the "fork" start method. Its collector off, every PDF it read would
leave its cycles (some 250,000 objects a file) until its memory limit ended it."""

from __future__ import annotations

import gc

from extractor.formats.limits import Limits
from hedui import supervisor


def _collecting() -> bool:
    return gc.isenabled()


def test_a_worker_forked_while_the_collector_is_held_off_collects():
    was = gc.isenabled()
    gc.disable()  # as ResultWriter.add leaves it until the batch is written
    try:
        with supervisor.pool(1, Limits(), "fork") as workers:
            on = supervisor.schedule(workers, _collecting, (), Limits()).result()
    finally:
        if was:
            gc.enable()
    assert on
