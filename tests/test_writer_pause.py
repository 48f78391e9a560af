"""The collector ResultWriter holds off while a batch is gathered is on again once every
writer has written its batch, however writers in threads interleave (the service runs each
upload's ingest in a thread of its own, each with its writer)."""

from __future__ import annotations

import gc

from hedui import ingest


class _SwitchAfterRead:
    """The gc module, but another thread runs ``then`` right after the first
    ``isenabled()`` has read the collector's state (a thread switch between the read and
    what the reader does with it)."""

    def __init__(self, then):
        self.then = then

    def isenabled(self) -> bool:
        on = gc.isenabled()
        then, self.then = self.then, None
        if then is not None:
            then()
        return on

    def disable(self) -> None:
        gc.disable()

    def enable(self) -> None:
        gc.enable()


def _writer() -> ingest.ResultWriter:
    w = ingest.ResultWriter(None, lambda result: None, batch=100)  # type: ignore[arg-type]
    w._write = lambda: None  # type: ignore[method-assign]  # the store's part left out
    return w


def test_a_writer_that_found_the_collector_held_off_does_not_leave_it_off(monkeypatch):
    assert gc.isenabled()
    first, second = _writer(), _writer()
    first.add("a.txt", object())  # type: ignore[arg-type]  # holds the collector off
    # the second finds it off; before it goes on, the first writes its batch
    monkeypatch.setattr(ingest, "gc", _SwitchAfterRead(first.flush))
    try:
        second.add("b.txt", object())  # type: ignore[arg-type]
        second.flush()
        assert gc.isenabled()
    finally:
        gc.enable()
