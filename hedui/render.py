"""Findings for people and for programs: JSON objects, and terminal text with numbers marked."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from verifier.numbers import places
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


# --- figures as people read them (issue 18: percentages as %, amounts with their unit,
# places as page and line) --------------------------------------------------------------------


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _fixed(value: Decimal, decimals: int, sign: bool = False) -> str:
    text = f"{value:{'+' if sign else ''},.{max(0, decimals)}f}"
    return text


def readable(
    value: object, unit: str | None, *, decimals: int | None = None, sign: bool = False
) -> str:
    """A figure as a reader writes it: a percent (stored as a fraction, 0.3457) as 34.57%,
    an amount with its unit (1,303.27 万元), a count with its unit. ``decimals`` are those
    shown (of the percent, for a percent); by default the value's own. Empty for no value."""
    v = _decimal(value)
    if v is None:
        return ""
    if unit == "%":
        pct = v * 100
        shown = max(0, places(v) - 2) if decimals is None else decimals
        return _fixed(pct, shown, sign) + "%"
    shown = places(v) if decimals is None else decimals
    return _fixed(v, shown, sign) + (f" {unit}" if unit else "")


def figure_columns(f: dict) -> dict[str, str]:
    """A finding's figures readably: the stated one as written, the recomputed one, its
    range and the difference to one decimal more than the stated (the digit that decides
    whether it is off beyond rounding), never the 28 digits of an exact division."""
    unit = f.get("unit")
    stated = _decimal(f.get("stated"))
    base = (places(stated) - (2 if unit == "%" else 0)) if stated is not None else 2
    more = min(max(base, 0) + 1, 6)
    out = {
        "stated": readable(f.get("stated"), unit),
        "expected": readable(f.get("expected"), unit, decimals=more),
        "range": "",
        "difference": "",
    }
    low, high = f.get("expected_low"), f.get("expected_high")
    if _decimal(low) is not None and _decimal(high) is not None:
        out["range"] = (
            f"{readable(low, unit, decimals=more)} – {readable(high, unit, decimals=more)}"
        )
    diff = _decimal(f.get("difference"))
    if diff is not None:
        if unit == "%":
            out["difference"] = _fixed(diff * 100, more, sign=True) + " 个百分点"
        else:
            out["difference"] = readable(diff, unit, decimals=more, sign=True)
    return out


def figures_line(f: dict) -> str:
    """One line: stated, recomputed (range), difference — the parts a finding has."""
    c = figure_columns(f)
    parts = []
    if c["stated"]:
        parts.append(f"stated {c['stated']}")
    if c["expected"]:
        parts.append(f"recomputed {c['expected']}" + (f" ({c['range']})" if c["range"] else ""))
    if c["difference"]:
        parts.append(f"difference {c['difference']}")
    return " · ".join(parts)


def place(text: str, offset: int, pages: list[tuple[int, int]] | None = None) -> str:
    """Where an offset is, as a reader finds it: the page (of a paginated source) and the
    line (of the page, or of the text)."""
    offset = max(0, min(offset, len(text)))
    for number, (start, end) in enumerate(pages or [], start=1):
        if start <= offset < end or (offset == end == len(text)):
            line = text.count("\n", start, offset) + 1
            return f"page {number}, line {line}"
    return f"line {text.count(chr(10), 0, offset) + 1}"


def context(text: str, spans: list[tuple[int, int]], radius: int = 80) -> tuple[str, list]:
    """The sentence or table row that holds the first span: the line around it, cut to
    ``radius`` characters either side; with the spans that fall inside, relative to it."""
    if not spans:
        return "", []
    first = spans[0][0]
    lo = max(text.rfind("\n", 0, first) + 1, first - radius)
    hi_line = text.find("\n", first)
    hi = min(len(text) if hi_line < 0 else hi_line, spans[0][1] + radius)
    marks = sorted((a - lo, b - lo) for a, b in spans if lo <= a and b <= hi)
    kept: list[tuple[int, int]] = []
    for a, b in marks:
        if not kept or a >= kept[-1][1]:
            kept.append((a, b))
    return text[lo:hi], kept
