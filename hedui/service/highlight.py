"""The report page's source text as HTML: failed findings' figures marked, sections anchored."""

from __future__ import annotations

import html
import json


def _pairs(f: dict) -> list[list[int]]:
    spans = f.get("spans") or []
    return json.loads(spans) if isinstance(spans, str) else spans


Mark = tuple[int, int, list[tuple[dict, bool]]]


def _marks(text: str, findings: list[dict]) -> list[Mark]:
    """The spans of failed findings, sorted, overlapping ones joined into the earlier mark;
    each with its findings and whether the span is the finding's first (its stated figure)."""
    spans = sorted(
        (
            (int(s), int(e), k == 0, f)
            for f in findings
            for k, (s, e) in enumerate(_pairs(f))
            if 0 <= int(s) < int(e) <= len(text)
        ),
        key=lambda item: item[:3],
    )
    marks: list[Mark] = []
    for s, e, stated, f in spans:
        if marks and s < marks[-1][1]:
            marks[-1][2].append((f, stated))
            continue
        marks.append((s, e, [(f, stated)]))
    return marks


def _mark_html(text: str, mark: Mark) -> str:
    """One mark: the figure in a <mark> whose tooltip names its findings, then the
    recomputation beside a stated figure."""
    s, e, fs = mark
    tip = " | ".join(dict.fromkeys(f"{f['rule']} {f['message']}" for f, _ in fs))
    from hedui.render import figure_columns

    figures = [(figure_columns(f), stated) for f, stated in fs]
    calc = "; ".join(
        f"应为 {c['expected']}" + (f" (差 {c['difference']})" if c["difference"] else "")
        for c, stated in figures
        if stated and c["expected"]
    )
    ids = " ".join(dict.fromkeys(f["id"] for f, _ in fs))
    out = (
        f'<mark class="flag {html.escape(fs[0][0]["severity"])}" data-findings="{html.escape(ids)}"'
        f' title="{html.escape(tip)}">{html.escape(text[s:e])}</mark>'
    )
    return out + (f'<span class="calc">{html.escape(calc)}</span>' if calc else "")


def highlight_source(text: str, findings: list[dict]) -> str:
    """The source text as HTML: escaped slices between the spans of failed findings, each span
    in a <mark> whose tooltip names the findings; the recomputation stands beside the stated
    figure (a finding's first span). Overlapping spans join the earlier mark."""
    return with_anchors(text, findings, [])


def with_anchors(text: str, failed: list[dict], sections: list[dict]) -> str:
    """Highlighted source with an empty anchor at each section start (for search links).

    One pass over the marks and the anchors together, so a report of thousands of sections
    costs what its text costs (it was once a highlight per section, each sorting every
    finding: 9.8 s for one page). An anchor that falls inside a mark follows it."""
    anchors = sorted(
        {
            (int(s["start"] or 0), s["idx"])
            for s in sections
            if 0 <= int(s["start"] or 0) <= len(text)
        }
    )
    parts: list[str] = []
    pos, i = 0, 0

    def anchors_until(limit: int, inclusive: bool) -> None:
        nonlocal pos, i
        while i < len(anchors) and (anchors[i][0] <= limit if inclusive else anchors[i][0] < limit):
            at = max(anchors[i][0], pos)
            parts.append(html.escape(text[pos:at]))
            parts.append(f'<a id="s{anchors[i][1]}"></a>')
            pos, i = at, i + 1

    for mark in _marks(text, failed):
        anchors_until(mark[0], inclusive=True)
        parts.append(html.escape(text[pos : mark[0]]))
        parts.append(_mark_html(text, mark))
        pos = mark[1]
        anchors_until(mark[1], inclusive=False)
    anchors_until(len(text), inclusive=True)
    parts.append(html.escape(text[pos:]))
    return "".join(parts)
