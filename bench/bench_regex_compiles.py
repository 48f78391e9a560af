"""What compiling regular expressions costs one `hedui verify FILE` (issue 19), and where.

Every pattern string compiled for the first time (re's own cache missed) while hedui.cli is
imported and one report verified, in this process: the CPU time of each compile, summed by the
project module that asked for it (the nearest frame of this checkout; a library's own patterns
under its file name), and the costliest patterns. Compiles during the run, not the import, are
the patterns built on first use. Figures of one run (compile times are small and repeat
closely; run it twice to see the noise); the timing adds little of its own, the stack walk is
outside it.

    .venv/bin/python bench/bench_regex_compiles.py [FILE] [--top N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=None)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    path = args.file or next((ROOT.parent / "shared" / "corpus").glob("001_*.txt"))

    rows: list[tuple[str, float, str, str]] = []  # phase, seconds, asker, pattern
    phase = ["import"]
    compile_ = re._compile  # type: ignore[attr-defined]

    def timed(pattern: object, flags: int) -> object:
        if isinstance(pattern, re.Pattern) or (type(pattern), pattern, flags) in re._cache:  # type: ignore[attr-defined]
            return compile_(pattern, flags)
        t0 = time.process_time()
        compiled = compile_(pattern, flags)
        spent = time.process_time() - t0
        stack = traceback.extract_stack()[:-1]
        ours = [
            f for f in stack if f.filename.startswith(str(ROOT)) and "/bench/" not in f.filename
        ]
        frame = ours[-1] if ours else stack[-2]
        where = Path(frame.filename)
        asker = str(where.relative_to(ROOT)) if ours else where.name
        rows.append((phase[0], spent, f"{asker}:{frame.lineno}", str(pattern)))
        return compiled

    sys.path.insert(0, str(ROOT))  # this checkout's hedui, as the script's copy in another is
    re._compile = timed  # type: ignore[attr-defined]
    try:
        from hedui.cli import app

        phase[0] = "run"
        with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
            app(["verify", str(path)])  # its report is not this bench's output
    finally:
        re._compile = compile_  # type: ignore[attr-defined]

    for name in ("import", "run"):
        some = [r for r in rows if r[0] == name]
        print(f"{name:>6}: {len(some):4} compiles, {sum(r[1] for r in some) * 1000:6.1f} ms CPU")
    by_module: dict[str, float] = defaultdict(float)
    for _, spent, asker, _ in rows:
        by_module[asker.rsplit(":", 1)[0]] += spent
    print("by module:")
    for module, spent in sorted(by_module.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {spent * 1000:6.2f} ms  {module}")
    print("costliest patterns:")
    for name, spent, asker, pattern in sorted(rows, key=lambda r: -r[1])[: args.top]:
        print(f"  {spent * 1000:6.2f} ms  {name:6} {asker:40} {pattern[:70]!r}")


if __name__ == "__main__":
    main()
