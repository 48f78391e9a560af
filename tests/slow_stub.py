"""Imported by a test's child process (and preloaded into its forkserver): pipeline.process
becomes a stand-in that writes its worker's pid into $HEDUI_TEST_PIDS and sleeps, so that
the test can kill the ingest while its workers are busy."""

from __future__ import annotations

import os
import time
from pathlib import Path

import hedui.ingest


def _sleeper(path, **kw):
    Path(os.environ["HEDUI_TEST_PIDS"], str(os.getpid())).write_text(str(path))
    time.sleep(120)


hedui.ingest.process = _sleeper  # type: ignore[assignment]
