"""The verifier alone: Report in, findings out. Reports per second on corpus report 001
(median of repeated runs, one process, one core; CPU time, which a busy machine disturbs
less than wall time).

The verifier remembers a little from one report to the next (parsed figures, cleaned names);
verifying the same report over and over would find all of it remembered, which a real batch
of different reports does not. So a second figure is timed with those caches emptied before
every verification: the speed on a report seen for the first time.

The verifier's import time is timed too (``--imports N`` fresh interpreters, CPU time of
``import verifier.verify``, median): all of it, and the verifier's own share, with pydantic
and its plugin loader imported beforehand. A Python run with PYTHONDONTWRITEBYTECODE set
compiles every module of the verifier from source on every import (some 70 ms): the figures
are only meaningful with its bytecode cached, so the children are run without it.

``--rules`` adds what is left to speed up: the CPU time of each rule and of each step after
the rules (conventions, coverage, verdict, order), caches emptied, medians of ``--runs`` runs
of ``--batch`` verifications each, largest first.

``--mix`` times the verifier on the corpus mix instead of one report: every text report of
bench/corpora.py's folders (the converters' text forms of corpus-pdf too; PDFs left out, their
loading is not the verifier's), extracted once, then verified one after the other with the
caches emptied before each and the cycle collector held off over each verification, as
hedui.pipeline does (extractor.gcpause); CPU ms a pass over them all, median of ``--runs``.
With ``--rules`` the rules and steps are summed over the mix.

``--pairs`` times the pairing across years (verifier.years.check_pair, the rules of family Y)
on the mix's pairs: every two text reports of one department (same ``department``) a year
apart, the earlier first; CPU ms a pair, median of ``--runs`` passes over them all.

    .venv/bin/python bench/bench_verifier.py [path] [--runs N] [--batch N] [--imports N]
        [--rules] [--mix] [--pairs]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract, load  # noqa: E402
from verifier.verify import clear_caches, verify  # noqa: E402

DEFAULT = next(iter(sorted((ROOT.parent / "shared" / "corpus").glob("001*.txt"))), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", nargs="?", default=DEFAULT)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--imports", type=int, default=7, help="fresh interpreters to time")
    ap.add_argument("--rules", action="store_true", help="time each rule and step as well")
    ap.add_argument("--mix", action="store_true", help="every text report of the corpora")
    ap.add_argument("--pairs", action="store_true", help="the pairing across years, on the mix")
    args = ap.parse_args()
    if args.pairs:
        pairs(args.runs)
        return
    if args.mix:
        mix(args.runs, args.rules)
        return
    if args.path is None:
        sys.exit("no corpus report 001 found beside the repo; give a path")
    report = extract(load(Path(args.path)))
    cells = sum(len(r.cells) for t in report.tables for r in t.rows)
    v = verify(report)  # warm up, and show what is measured
    print(
        f"{Path(args.path).name}: {len(report.tables)} tables, {cells} cells, "
        f"{len(v.findings)} findings, verdict {v.verdict}"
    )
    for label, before in (("verifier", None), ("verifier, caches emptied", clear_caches)):
        rates = rates_of(report, args.runs, args.batch, before)
        print(
            f"{label}: {statistics.median(rates):.0f} reports/s (median of {args.runs} runs "
            f"of {args.batch}; min {min(rates):.0f}, max {max(rates):.0f})"
        )
    if args.rules:
        print_steps(report, args.runs, args.batch)
    if args.imports:
        whole, own = import_times(args.imports)
        print(
            f"import verifier.verify: {statistics.median(whole):.1f} ms CPU, the verifier's own"
            f" {statistics.median(own):.1f} ms (medians of {args.imports} fresh interpreters)"
        )


# Run in a fresh interpreter: the CPU time of importing pydantic (and what pydantic imports
# when its first model is made: the plugin loader) and then the verifier.
_TIME_IMPORT = """
import time
t0 = time.process_time()
import pydantic, pydantic.fields, pydantic.main, pydantic.plugin._loader
t1 = time.process_time()
import verifier.verify
t2 = time.process_time()
print((t2 - t0) * 1000, (t2 - t1) * 1000)
"""


def import_times(n: int) -> tuple[list[float], list[float]]:
    """(whole, own) import times in ms of ``n`` fresh interpreters, bytecode cached (one
    run first writes it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    whole, own = [], []
    for i in range(n + 1):
        out = subprocess.run(
            [sys.executable, "-c", _TIME_IMPORT], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        if i:  # the first run may have written the bytecode
            whole.append(float(out[0]))
            own.append(float(out[1]))
    return whole, own


def step_times(report, batch: int) -> tuple[dict[str, float], dict[str, int]]:
    """CPU ms per verification of each rule (in the catalogue's order, as verify runs them,
    sharing what they remember) and of each step after them, over ``batch`` verifications
    with caches emptied; and the findings of each rule."""
    from verifier import conventions, coverage, tableview, verdict
    from verifier.rules import RULES

    spent: dict[str, float] = {}
    found: dict[str, int] = {}
    clock = time.process_time

    def timed(name: str, fn, *a):
        t0 = clock()
        out = fn(*a)
        spent[name] = spent.get(name, 0.0) + clock() - t0
        return out

    for _ in range(batch):
        clear_caches()
        findings = []
        with tableview.remembering():  # one block for all, as verify() has
            for code, r in sorted(RULES.items()):
                got = timed(code, lambda fn=r.fn: list(fn(report)))
                found[code] = len(got)
                findings += got
            findings = timed("conventions", conventions.apply, report, findings)
            measured = timed("coverage", coverage.measure, report, findings)
            findings += timed("coverage (E504)", coverage.unverified, report, measured)
            timed("verdict", verdict.decide, report, findings)
            timed("order", verdict.order_for_review, report, findings)
    return {k: v * 1000 / batch for k, v in spent.items()}, found


def print_steps(report, runs: int, batch: int) -> None:
    """Each rule's and step's median CPU ms a verification, largest first."""
    samples: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    for _ in range(runs):
        spent, found = step_times(report, batch)
        for k, v in spent.items():
            samples.setdefault(k, []).append(v)
    medians = {k: statistics.median(v) for k, v in samples.items()}
    total = sum(medians.values())
    print(f"per rule and step (CPU ms a verification, caches emptied; sum {total:.2f} ms):")
    for k, v in sorted(medians.items(), key=lambda kv: -kv[1]):
        n = f"{found[k]:4d} findings" if k in found else ""
        print(f"  {k:16s} {v:6.3f} ms {100 * v / total:5.1f}%  {n}")


def mix_reports() -> list:
    """Every text report of the corpora, extracted (see the module docstring)."""
    from corpora import files  # bench/, this script's folder

    return [extract(load(p)) for p in files() if p.suffix.lower() != ".pdf"]


def pairs(runs: int) -> None:
    """check_pair over the mix's pairs of one department a year apart (module docstring)."""
    from extractor.gcpause import gc_paused
    from verifier.years import check_pair

    reports = mix_reports()
    found = [
        (a, b)
        for a in reports
        for b in reports
        if a.department and a.department == b.department and a.year and b.year == a.year + 1
    ]
    findings = sum(len(check_pair(a, b)) for a, b in found)

    def once() -> None:
        for a, b in found:
            with gc_paused():
                check_pair(a, b)

    spent = cpu_runs(runs, once)
    ms = 1000 * statistics.median(spent)
    print(
        f"pairing across years: {len(found)} pairs of the mix, {findings} findings;"
        f" {ms / len(found):.3f} ms CPU a pair (median of {runs}, min"
        f" {1000 * min(spent) / len(found):.3f})"
    )


def cpu_runs(runs: int, once: Callable[[], None]) -> list[float]:
    """CPU seconds of each of ``runs`` calls of ``once``."""
    spent = []
    for _ in range(runs):
        t0 = time.process_time()
        once()
        spent.append(time.process_time() - t0)
    return spent


def mix(runs: int, rules: bool) -> None:
    """The verifier over every text report of the corpora (see the module docstring)."""
    from extractor.gcpause import gc_paused

    reports = mix_reports()
    findings = sum(len(verify(r).findings) for r in reports)

    def once() -> None:
        for r in reports:
            clear_caches()
            with gc_paused():
                verify(r)

    spent = cpu_runs(runs, once)
    ms = 1000 * statistics.median(spent)
    print(
        f"corpus mix: {len(reports)} text reports, {findings} findings; verifier {ms:.1f} ms CPU"
        f" a pass ({ms / len(reports):.2f} ms a report, {len(reports) / ms * 1000:.0f}"
        f" reports/s; median of {runs}, min {1000 * min(spent):.1f})"
    )
    if rules:
        samples: dict[str, list[float]] = {}
        for _ in range(runs):
            total: dict[str, float] = {}
            for r in reports:
                with gc_paused():
                    got, _ = step_times(r, 1)
                for k, v in got.items():
                    total[k] = total.get(k, 0.0) + v
            for k, v in total.items():
                samples.setdefault(k, []).append(v)
        medians = {k: statistics.median(v) for k, v in samples.items()}
        whole = sum(medians.values())
        print(f"per rule and step over the mix (CPU ms a pass; sum {whole:.1f} ms):")
        for k, v in sorted(medians.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {k:16s} {v:7.2f} ms {100 * v / whole:5.1f}%")


def rates_of(report, runs: int, batch: int, before=None) -> list[float]:
    """Reports per second of ``runs`` runs of ``batch`` verifications; ``before`` (when given)
    is called before each one, and its time is counted too (it is negligible)."""
    rates = []
    for _ in range(runs):
        t0 = time.process_time()
        for _ in range(batch):
            if before is not None:
                before()
            verify(report)
        rates.append(batch / (time.process_time() - t0))
    return rates


if __name__ == "__main__":
    main()
