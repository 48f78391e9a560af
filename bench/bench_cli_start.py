"""`hedui verify FILE` wall time, start to exit, as a user runs it: a new process each time.

What a one-file verify costs is mostly Python starting and importing (pydantic, typer, rich,
the extractor and the verifier), then reading and checking one report. Printed: the median wall
and CPU time of N runs of ``python -m hedui verify`` (hedui.__main__, what the installed
``hedui`` script runs; run this way, --checkout can point the bench at another checkout, and
one from before hedui.__main__ is run as ``python -m hedui.cli``) on corpus report 001, and the
same for ``python -c "import hedui.cli"`` (the import share) and for a bare ``python -c pass``
(the interpreter's own start, which no change of hedui's can remove).

Byte-compiled modules matter here: where PYTHONDONTWRITEBYTECODE is set (as on these
machines) Python compiles every module of the project from source at every start unless the
install compiled them (the Makefile does, as pip does for a normal install); the bench says
which is the case.

Wall and CPU time are noisy on a shared machine; ``--callgrind`` also counts the instructions
of one run of each under valgrind (a few seconds each), with PYTHONHASHSEED=0 so that the
count is the same from run to run (the hash seed changes the order of sets and dicts, and
with it some tens of millions of instructions).

Run from this checkout, it also times the installed ``hedui`` script beside the interpreter
(what a user types; it skips ``python -m``'s search of the current directory before every
import and runpy's own start, some 10 ms): the figure issue 19 names.

``--checkout DIR`` runs the commands from DIR (another checkout, e.g. ``git worktree add`` or
``git archive`` of the commit to compare with, its modules byte-compiled): ``python -m`` and
``python -c`` put the current directory first on sys.path, so a run from this checkout imports
this checkout's hedui whatever PYTHONPATH says.

    .venv/bin/python bench/bench_cli_start.py [FILE] [--runs N] [--callgrind] [--checkout DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
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


def timed(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    """Median wall and CPU (user + system of the child) seconds of ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs + 1):  # the first run fills the file cache; not counted
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(wall)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls[1:]), statistics.median(cpus[1:])


def instructions(cmd: list[str], cwd: Path | None = None) -> str:
    """Instructions of one run under callgrind, in millions (valgrind's "Collected")."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    for line in run.stderr.splitlines():
        if "Collected" in line:
            return f"{int(line.split()[-1]) / 1e6:7.0f} M instructions"
    return "no count (is valgrind installed?)"


def compiled(root: Path) -> str:
    cache = root / "verifier" / "__pycache__"
    tag = sys.implementation.cache_tag
    have = cache.is_dir() and any(p.name.endswith(f".{tag}.pyc") for p in cache.iterdir())
    return "byte-compiled" if have else "NOT byte-compiled (make installs compile them)"


def program(root: Path) -> str:
    """The module the ``hedui`` script runs: hedui.__main__, or hedui.cli in a checkout from
    before it (--checkout pointing the bench there). Looked for in ``root`` (--checkout), or
    beside the hedui package this checkout imports: asked for ``hedui.__main__`` itself, the editable install's finder would
    answer with this checkout's."""
    spec = None if root != ROOT else importlib.util.find_spec("hedui")
    package = Path(spec.origin).parent if spec and spec.origin else root / "hedui"
    return "hedui" if (package / "__main__.py").exists() else "hedui.cli"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--callgrind", action="store_true", help="count instructions too")
    ap.add_argument("--checkout", type=Path, default=None, help="run from this checkout")
    args = ap.parse_args()
    path = (args.file or default_file()).resolve()
    root = args.checkout.resolve() if args.checkout else ROOT
    cwd = args.checkout.resolve() if args.checkout else None
    print(
        f"{path.name}; {root}: python -m {program(root)}; project modules {compiled(root)}; "
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("import hedui.cli", [sys.executable, "-c", "import hedui.cli"]),
        ("hedui verify FILE", [sys.executable, "-m", program(root), "verify", str(path)]),
    ]
    script = Path(sys.executable).parent / "hedui"
    if root == ROOT and script.exists():  # the installed script imports this checkout's hedui
        commands.append(("(script) hedui verify", [str(script), "verify", str(path)]))
    for label, cmd in commands:
        wall, cpu = timed(cmd, args.runs, cwd)
        count = f", {instructions(cmd, cwd)}" if args.callgrind else ""
        print(
            f"{label:>20}: {wall * 1000:6.0f} ms wall, {cpu * 1000:6.0f} ms CPU "
            f"(median of {args.runs}){count}"
        )


if __name__ == "__main__":
    main()
