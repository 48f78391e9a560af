"""A Ray task that loses its worker: run in a Ray worker (imported there by reference), it
ends that worker process with os._exit on the first attempt of each file named in
``DIES``, as a crash or a lost node would, and processes the file as hedui does after that.
A marker file beside the database remembers the first attempt across worker processes."""

from __future__ import annotations

import os
from pathlib import Path

from hedui.ray_ingest import process_file

DIES = ("001", "青禾县网格服务中心_2023年度部门决算")


def dies_once(path, llm, limits, cache_path, env):
    name = Path(path).name
    marker = Path(f"{cache_path}.died-{name}")
    if name.startswith(DIES) and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)  # the Ray worker itself, mid-task: no result, no exception, gone
    return process_file(path, llm, limits, cache_path, env)
