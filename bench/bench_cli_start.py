"""`hedui verify FILE` wall time, start to exit, as a user runs it: a new process each time.

What a one-file verify costs is mostly Python starting and importing (pydantic, typer, rich,
the extractor and the verifier), then reading and checking one report. Printed: the median wall
and CPU time of N runs of ``python -m hedui.cli verify`` (what the installed ``hedui`` script
runs; run this way, PYTHONPATH can point the bench at another checkout) on corpus report 001, and the same for
``python -c "import hedui.cli"`` (the import share) and for a bare ``python -c pass`` (the
interpreter's own start, which no change of hedui's can remove).

Byte-compiled modules matter here: where PYTHONDONTWRITEBYTECODE is set (as on these
machines) Python compiles every module of the project from source at every start unless the
install compiled them (the Makefile does, as pip does for a normal install); the bench says
which is the case.

    .venv/bin/python bench/bench_cli_start.py [FILE] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_file() -> Path:
    return next((ROOT.parent / "shared" / "corpus").glob("001_*.txt"))


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + system of the child) seconds of ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs + 1):  # the first run fills the file cache; not counted
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(wall)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls[1:]), statistics.median(cpus[1:])


def compiled() -> str:
    cache = ROOT / "verifier" / "__pycache__"
    tag = sys.implementation.cache_tag
    have = cache.is_dir() and any(p.name.endswith(f".{tag}.pyc") for p in cache.iterdir())
    return "byte-compiled" if have else "NOT byte-compiled (make installs compile them)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    path = args.file or default_file()
    print(
        f"{path.name}; project modules {compiled()}; "
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    for label, cmd in (
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("import hedui.cli", [sys.executable, "-c", "import hedui.cli"]),
        ("hedui verify FILE", [sys.executable, "-m", "hedui.cli", "verify", str(path)]),
    ):
        wall, cpu = timed(cmd, args.runs)
        print(
            f"{label:>20}: {wall * 1000:6.0f} ms wall, {cpu * 1000:6.0f} ms CPU (median of {args.runs})"
        )


if __name__ == "__main__":
    main()
