"""The report page's source text as HTML: failed findings' figures marked, sections anchored."""

from __future__ import annotations

import html
import itertools
import json


def _pairs(f: dict) -> list[list[int]]:
    spans = f.get("spans") or []
    return json.loads(spans) if isinstance(spans, str) else spans


def highlight_source(text: str, findings: list[dict]) -> str:
    """The source text as HTML: escaped slices between the spans of failed findings, each span
    in a <mark> whose tooltip names the findings; the recomputation stands beside the stated
    figure (a finding's first span). Overlapping spans join the earlier mark."""
    spans = sorted(
        (
            (int(s), int(e), k == 0, f)
            for f in findings
            for k, (s, e) in enumerate(_pairs(f))
            if 0 <= int(s) < int(e) <= len(text)
        ),
        key=lambda item: item[:3],
    )
    marks: list[tuple[int, int, list[tuple[dict, bool]]]] = []
    for s, e, stated, f in spans:
        if marks and s < marks[-1][1]:
            marks[-1][2].append((f, stated))
            continue
        marks.append((s, e, [(f, stated)]))
    parts, pos = [], 0
    for s, e, fs in marks:
        parts.append(html.escape(text[pos:s]))
        tip = " | ".join(dict.fromkeys(f"{f['rule']} {f['message']}" for f, _ in fs))
        calc = "; ".join(
            f"应为 {f['expected']}" + (f" (差 {f['difference']})" if f.get("difference") else "")
            for f, stated in fs
            if stated and f.get("expected") is not None
        )
        ids = " ".join(dict.fromkeys(f["id"] for f, _ in fs))
        parts.append(
            f'<mark class="flag {html.escape(fs[0][0]["severity"])}" data-findings="{html.escape(ids)}"'
            f' title="{html.escape(tip)}">{html.escape(text[s:e])}</mark>'
        )
        if calc:
            parts.append(f'<span class="calc">{html.escape(calc)}</span>')
        pos = e
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def with_anchors(text: str, failed: list[dict], sections: list[dict]) -> str:
    """Highlighted source with an empty anchor at each section start (for search links)."""
    starts = sorted({(int(s["start"] or 0), s["idx"]) for s in sections})
    if not starts:
        return highlight_source(text, failed)
    # anchors go into the escaped HTML by splitting the text at section starts
    out, pos = [], 0
    cuts = [(s, i) for s, i in starts if 0 <= s <= len(text)]
    bounds = [*cuts, (len(text), None)]
    for (s, idx), (nxt, _) in itertools.pairwise(bounds):
        if s > pos:
            out.append(highlight_source(text[pos:s], _shift(failed, pos, s)))
            pos = s
        out.append(f'<a id="s{idx}"></a>')
        if nxt > pos:
            out.append(highlight_source(text[pos:nxt], _shift(failed, pos, nxt)))
            pos = nxt
    out.append(highlight_source(text[pos:], _shift(failed, pos, len(text))))
    return "".join(out)


def _shift(findings: list[dict], lo: int, hi: int) -> list[dict]:
    """Findings with their spans inside [lo, hi) moved to be relative to lo."""
    out = []
    for f in findings:
        inside = [[s - lo, e - lo] if lo <= s and e <= hi else [-1, -1] for s, e in _pairs(f)]
        if any(s >= 0 for s, _ in inside):  # keep positions so the first span stays first
            out.append({**f, "spans": inside})
    return out
