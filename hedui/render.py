"""Findings for people and for programs: JSON objects, and terminal text with numbers marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from verifier.report import Coverage, Finding, Report, Verification

_COLOUR = {"accept": "green", "flag": "yellow", "reject": "red"}
_SEV = {"error": "red", "warning": "yellow", "info": "blue"}


def finding_json(f: Finding, *, outcome: bool = False) -> dict:
    """The JSON shape of `hedui verify --json`: decimals as strings, spans as [start, end]."""
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity.value,
        "message": f.message,
        "stated": None if f.stated is None else str(f.stated),
        "expected": None if f.expected is None else str(f.expected),
        "tolerance": None if f.tolerance is None else str(f.tolerance),
        "spans": [s.as_pair() for s in f.spans],
    }
    if f.culprit is not None:
        out["culprit"] = f.culprit.as_pair()
    if f.note:
        out["note"] = f.note
    if outcome:
        out["outcome"] = f.outcome.value
    return out


def coverage_json(c: Coverage) -> dict:
    """The JSON shape of a verification's coverage (verifier.coverage)."""
    return {
        "figures": c.figures,
        "checked": c.checked,
        "share": round(c.share, 4),
        "tables_set_out": c.tables_set_out,
        "tables_read": c.tables_read,
        "tables_checked": c.tables_checked,
        "unread": c.unread,
        "unchecked": c.unchecked,
    }


def source_line(text: str, spans: list[tuple[int, int]]) -> tuple[int, str]:
    """The line holding the first span, with every span on it marked (rich markup)."""
    first = spans[0][0]
    lo = text.rfind("\n", 0, first) + 1
    hi = text.find("\n", first)
    hi = len(text) if hi < 0 else hi
    line_no = text.count("\n", 0, lo) + 1
    out, pos = "", lo
    for a, b in sorted(s for s in spans if lo <= s[0] and s[1] <= hi):
        if a < pos:
            continue
        out += escape(text[pos:a].replace("\t", " │ ")) + f"[reverse bold]{escape(text[a:b])}[/]"
        pos = b
    out += escape(text[pos:hi].replace("\t", " │ "))
    if len(out) > 400:
        out = out[:400] + "…"
    return line_no, out


def render_verification(
    console: Console, path: Path, report: Report, v: Verification, *, explain: bool = False
) -> None:
    colour = _COLOUR[v.verdict]
    console.print(
        f"[bold]{escape(str(path))}[/bold]: [{colour} bold]{v.verdict}[/] — "
        f"{escape('; '.join(v.reasons[:2]))}"
    )
    console.print(
        f"  {report.kind.value} · {escape(report.department or '?')} · {report.year or '?'} · "
        f"{len(report.sections)} sections · {len(report.tables)} tables · {len(report.claims)} claims"
    )
    console.print(f"  [dim]{escape(v.coverage.line())}[/]")
    problems = v.problems
    findings = v.findings if explain else [f for f in problems if f.outcome.value == "fail"]
    for f in findings:
        sev = _SEV[f.severity.value]
        label = f.outcome.value if explain else f.severity.value
        console.print(f"  [{sev}]{label}[/] {f.rule} {f.name}: {escape(f.message)}")
        if f.note and f.note not in f.message:
            console.print(f"      [dim]{escape(f.note)}[/]")
        pairs = [(s.start, s.end) for s in f.spans]
        if f.culprit is not None:
            pairs = [(f.culprit.start, f.culprit.end), *pairs]
        if pairs and f.outcome.value == "fail":
            line_no, marked = source_line(report.text, pairs)
            console.print(f"      [dim]line {line_no}:[/] {marked}")
    rounding = sum(1 for f in problems if f.outcome.value != "fail")
    if not explain and rounding:
        console.print(
            f"  [dim]and {rounding} figure(s) agreeing only within rounding (尾数误差) or by a "
            "publishing convention (截尾, 调尾); --explain lists them with every other check[/]"
        )
    elif not findings:
        console.print("  no findings")
