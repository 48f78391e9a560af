"""Narrative sections typed by rules, where their layout says where each item begins.

Most 部门职责, 机构设置, 存在问题 and 改进措施 sections are lists: numbered paragraphs
(（一）… 1、… ①…), inline ordinals (一是…二是…), or one sentence of clauses joined by "；".
Those split without a model, exactly and for free. A section that is plain prose is left
untyped here, for the model (extractor.llm.run) to read when one is configured.
"""

from __future__ import annotations

import re

from verifier.report import Narratives, Report, Section, SectionKind, Span, TextItem

NARRATIVE_KINDS = (
    SectionKind.DUTIES,
    SectionKind.ORGANISATION,
    SectionKind.STAFF,
    SectionKind.ACHIEVEMENTS,
    SectionKind.PROBLEMS,
    SectionKind.MEASURES,
)
_CN = "一二三四五六七八九十"
# One pattern per numbering style; items must share a style to count as a list.
_STYLES = (
    re.compile(rf"^[ \t　]*[（(][{_CN}]+[)）][ \t　]*", re.M),
    re.compile(rf"^[ \t　]*[{_CN}]+、[ \t　]*", re.M),
    re.compile(r"^[ \t　]*[（(]\d{1,2}[)）][ \t　]*", re.M),
    re.compile(r"^[ \t　]*\d{1,2}[、.．](?!\d)[ \t　]*", re.M),
    re.compile(r"^[ \t　]*[①-⑳][ \t　]*", re.M),
)
_ORDINAL = re.compile(rf"[{_CN}]是")
_TRAILING = "。；;，, \t\r\n　"


def chosen_sections(report: Report) -> list[Section]:
    """Narrative sections with a body, leaving out any inside another one already chosen."""
    chosen: list[Section] = []
    for sec in sorted(report.sections, key=lambda s: (s.span.start, -s.span.end)):
        if sec.kind not in NARRATIVE_KINDS:
            continue
        body = report.text[sec.span.start : sec.span.end].strip()
        if len(body) - len(sec.heading) < 8:
            continue
        if any(c.span.start <= sec.span.start and sec.span.end <= c.span.end for c in chosen):
            continue
        chosen.append(sec)
    return chosen


def _body_start(text: str, sec: Section) -> int:
    """Just after the heading line."""
    nl = text.find("\n", sec.span.start, sec.span.end)
    return nl + 1 if nl >= 0 else sec.span.end


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s] in " \t\r\n　":
        s += 1
    while e > s and text[e - 1] in _TRAILING:
        e -= 1
    return (s, e) if e - s >= 4 else None


def _cut(text: str, starts: list[tuple[int, int]], end: int) -> list[tuple[int, int]]:
    """Items from each (marker start, content start) to the next marker."""
    items = []
    for k, (_, content) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        span = _trim(text, content, stop)
        if span:
            items.append(span)
    return items


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Spans of the list items in ``text[start:end]``, or None when it is not a list."""
    body = text[start:end]
    for style in _STYLES:
        marks = [(start + m.start(), start + m.end()) for m in style.finditer(body)]
        if len(marks) >= 2:
            return _cut(text, marks, end)
    ordinals = list(_ORDINAL.finditer(body))
    expected = [f"{_CN[i]}是" for i in range(len(ordinals))]
    if len(ordinals) >= 2 and [m.group() for m in ordinals] == expected:
        return _cut(text, [(start + m.start(), start + m.start()) for m in ordinals], end)
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    if len(paragraphs) == 1 and paragraphs[0].count("；") >= 2:
        p0 = start + body.find(paragraphs[0])
        cuts = [(p0, p0)] + [(p0 + m.end(), p0 + m.end()) for m in re.finditer("；", paragraphs[0])]
        return _cut(text, cuts, p0 + len(paragraphs[0]))
    return None


def type_narratives(report: Report) -> tuple[Narratives, list[Section]]:
    """Narratives the rules could split, and the sections they could not (for a model)."""
    narratives = Narratives()
    target = {
        SectionKind.DUTIES: narratives.duties,
        SectionKind.ORGANISATION: narratives.organisation,
        SectionKind.STAFF: narratives.organisation,
        SectionKind.ACHIEVEMENTS: narratives.achievements,
        SectionKind.PROBLEMS: narratives.problems,
        SectionKind.MEASURES: narratives.measures,
    }
    untyped = []
    for sec in chosen_sections(report):
        spans = split_items(report.text, _body_start(report.text, sec), sec.span.end)
        if not spans:
            untyped.append(sec)
            continue
        for s, e in spans:
            page = sec.span.page
            target[sec.kind].append(
                TextItem(text=report.text[s:e], span=Span(start=s, end=e, page=page))
            )
    return narratives, untyped
