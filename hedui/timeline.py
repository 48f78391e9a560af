"""A department's timeline: its key lines year by year, each figure with its source, the
years' disagreements marked — and a small chart drawn here as SVG (no script on the page).

The figures are the ones the reports' own prose gives for their year, found by the names of
their lines as the rules of family Y find them (verifier.rules.years.own_figures): the table
quantity an amount is linked to, or the words before it. A line a report does not name is
left empty, never guessed.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlite_utils import Database

from hedui import departments, store, years
from verifier.numbers import conversion
from verifier.report import Number
from verifier.rules.years import own_figures

# (line, the links that name it, the words that name it): the first found wins.
KEY_LINES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "收入合计",
        ("公开01.本年收入合计",),
        r"^(?:收入、支出|收支|收入)(?:预算)?总计$|^本年收入(?:预算)?合计$",
    ),
    (
        "支出合计",
        ("公开01.本年支出合计",),
        r"^(?:收入、支出|收支|支出)(?:预算)?总计$|^本年支出(?:预算)?合计$",
    ),
    ("基本支出", ("公开03.基本支出",), r"^基本支出(?:预算数)?$"),
    ("项目支出", ("公开03.项目支出",), r"^项目支出(?:预算数)?$"),
    ("财政拨款", ("公开04.本年收入合计",), r"^财政拨款收入(?:预算总计)?$"),
    ("三公经费", ("预算表.三公经费合计",), r"三公.?经费(?:预算数|合计)$"),
    ("因公出国（境）费", ("公开07.决算数.因公出国（境）费",), r"^因公出国（境）费(?:支出)?$"),
    ("公务用车购置费", ("公开07.决算数.公务用车购置费",), r"^公务用车购置费$"),
    ("公务用车运行费", ("公开07.决算数.公务用车运行费",), r"^公务用?车用?车?运行(?:维护)?费$"),
    ("公务接待费", ("公开07.决算数.公务接待费",), r"^公务接待费(?:支出)?$"),
    ("机关运行经费", ("预算表.机关运行经费",), r"机关运行经费(?:预算|预算支出)?$"),
)


@dataclass
class Cell:
    value: Decimal  # in 万元
    raw: str
    unit: str
    sha256: str
    start: int
    end: int
    disagrees: bool = False  # a later report implies another figure for it (rule Y9xx)


@dataclass
class Column:
    year: int
    sha256: str
    file_name: str
    kind: str
    verdict: str


@dataclass
class Timeline:
    department: str
    names: list[str] = field(default_factory=list)  # every written name matched, with reason
    columns: list[Column] = field(default_factory=list)
    lines: dict[str, dict[int, Cell]] = field(default_factory=dict)  # line → year → cell
    ambiguous: list[str] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)


def _figure(figures: dict[str, list[Number]], links: tuple[str, ...], words: str) -> Number | None:
    for link in links:
        found = figures.get("link:" + link, [])
        if found and all(n.value == found[0].value for n in found):
            return found[0]
    pattern = re.compile(words)
    hits = [ns for k, ns in figures.items() if k.startswith("words:") and pattern.search(k[6:])]
    values = {(n.value, n.unit) for ns in hits for n in ns}
    return hits[0][0] if len(values) == 1 else None


def reports_of(db: Database, name: str) -> tuple[list[dict], list[str]]:
    """Stored reports of the department ``name`` names (matched as hedui.departments does),
    and why each written name was taken."""
    rows = list(
        db.query(
            "SELECT sha256, file_name, kind, year, verdict, department, text, report_packed, format "
            "FROM reports WHERE department IS NOT NULL AND year IS NOT NULL"
        )
    )
    taken, why = [], []
    for row in rows:
        ok, reason = departments.same(name, row["department"])
        if not ok and name in row["department"]:
            ok, reason = True, f"{row['department']} contains {name}"
        if ok:
            taken.append(row)
            if reason not in why:
                why.append(reason)
    return taken, why


def build(db: Database, name: str) -> Timeline:
    """The timeline of the department ``name``: one column per year (a report of each kind;
    of several forms of one document, the first by file name), every key line's figure."""
    years.ensure(db)
    rows, why = reports_of(db, name)
    depts = sorted({r["department"] for r in rows})
    distinct: list[str] = []
    for d in depts:
        if not any(departments.same(d, x)[0] for x in distinct):
            distinct.append(d)
    tl = Timeline(department=name, names=why)
    if len(distinct) > 1:
        tl.ambiguous = distinct
        return tl
    by_year: dict[int, dict] = {}
    for row in sorted(rows, key=lambda r: (r["year"], r["kind"], r["file_name"])):
        by_year.setdefault(row["year"], row)
    disagreeing: dict[str, list[dict]] = {}
    for row in by_year.values():
        for f in db.query(
            "SELECT f.id, f.rule, f.message, f.report_sha256, y.earlier_sha256, y.earlier_spans "
            "FROM findings f JOIN year_findings y ON y.finding_id = f.id "
            "WHERE f.report_sha256 = ? AND f.outcome = 'fail'",
            [row["sha256"]],
        ):
            disagreeing.setdefault(f["earlier_sha256"], []).append(f)
            tl.disagreements.append(f)
    for year, row in sorted(by_year.items()):
        tl.columns.append(
            Column(year, row["sha256"], row["file_name"], row["kind"], row["verdict"])
        )
        report = store.load_report(row)
        figures = own_figures(report)
        marked = {
            tuple(p)
            for f in disagreeing.get(row["sha256"], [])
            for p in json.loads(f["earlier_spans"] or "[]")
        }
        for line, links, words in KEY_LINES:
            n = _figure(figures, links, words)
            if n is None or n.span is None or n.unit is None:
                continue
            value = n.value * conversion(n.unit, "万元")
            tl.lines.setdefault(line, {})[year] = Cell(
                value, n.raw, n.unit, row["sha256"], n.span.start, n.span.end,
                disagrees=(n.span.start, n.span.end) in marked,
            )  # fmt: skip
    return tl


_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def svg(
    tl: Timeline, lines: tuple[str, ...] = ("支出合计", "基本支出", "项目支出", "机关运行经费")
) -> str:
    """A small line chart of ``lines`` over the years, in 万元, as an SVG string: drawn on the
    server, so the page runs no script. A figure that disagrees with the next year's report is
    drawn as a hollow red ring."""
    w, h, left, right, top, bottom = 560, 240, 70, 130, 16, 28
    yrs = [c.year for c in tl.columns]
    shown = [(name, tl.lines.get(name, {})) for name in lines if tl.lines.get(name)]
    values = [c.value for _, cells in shown for c in cells.values()]
    if not yrs or not values:
        return ""
    top_v = max(values) or Decimal(1)

    def x(year: int) -> float:
        if len(yrs) == 1:
            return left + (w - left - right) / 2
        return left + (w - left - right) * (yrs.index(year)) / (len(yrs) - 1)

    def y(v: Decimal) -> float:
        return top + (h - top - bottom) * (1 - float(v / top_v))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"'
        ' role="img" aria-label="key lines by year, 万元" class="timeline-chart">',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11">{top_v:,.0f}</text>',
        f'<text x="{left - 6}" y="{h - bottom}" text-anchor="end" font-size="11">0</text>',
    ]
    for yr in yrs:
        out.append(
            f'<text x="{x(yr):.1f}" y="{h - 8}" text-anchor="middle" font-size="11">{yr}</text>'
        )
    for i, (name, cells) in enumerate(shown):
        colour = _PALETTE[i % len(_PALETTE)]
        pts = [(x(yr), y(c.value), c) for yr, c in sorted(cells.items())]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in pts)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for px, py, c in pts:
            if c.disagrees:
                out.append(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="white" stroke="#d62728"'
                    ' stroke-width="2"><title>disagrees with the next year</title></circle>'
                )
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        ly = top + 14 * i + 6
        out.append(
            f'<rect x="{w - right + 10}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{w - right + 24}" y="{ly + 1}" font-size="11">{html.escape(name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def as_rows(tl: Timeline) -> list[dict]:
    """The table as plain rows (line, then each year's figure in 万元 or None), for the CLI
    and the JSON API."""
    out = []
    for line, _, _ in KEY_LINES:
        cells = tl.lines.get(line, {})
        if not cells:
            continue
        row: dict = {"line": line}
        for c in tl.columns:
            cell = cells.get(c.year)
            row[str(c.year)] = None if cell is None else {
                "value": str(cell.value), "raw": cell.raw, "unit": cell.unit,
                "sha256": cell.sha256, "span": [cell.start, cell.end],
                "disagrees": cell.disagrees,
            }  # fmt: skip
        out.append(row)
    return out
