"""Find a report's parts and sections from its headings.

A report is read as lines. Each line that makes a heading (``headings``) becomes a
candidate (``candidates``); the table of contents (目录), whose entries repeat the headings of
the body, is cut out; the rest are classified (``kinds``) with what came before them as context — the
same words "支出决算情况说明" are a 情况说明 topic in 第三部分 and nothing in a 绩效 report —
and each section runs from its heading to the next heading of the same or a higher level.
Sections nest; they are returned flat, in text order, with their level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.segment.candidates import (
    NARRATIVE_WORDS,
    NUMBERED,
    Candidate,
    Line,
    find_toc,
    heading_candidates,
    merge_titles,
    read_lines,
    repair_levels,
)
from extractor.segment.identity import Identity, identify
from extractor.segment.kinds import (
    SPECIFIC_TOPICS,
    also_measures,
    budget_table,
    explanation_topic,
    narrative_kind,
    norm,
    performance_table,
    standard_table,
)
from verifier.fast import adopt
from verifier.report import Section, SectionKind, Span, TableKind

__all__ = ["Identity", "identify", "segment"]


@dataclass(slots=True, frozen=True)
class _Last:
    """What the classifier asks of the section before (its kind, table kind, topic and
    heading): kept as read, not built as a Section (a validated model and its Span) for
    every heading only to be asked this."""

    kind: SectionKind
    heading: str
    table_kind: TableKind | None
    topic: str | None


@dataclass(slots=True)
class _Context:
    mode: str = "other"  # "tables" / "explain" / "other", from the current part's title
    # the open headings above the current one: (level, kind, topic), outermost first
    stack: list[tuple[int, SectionKind, str | None]] = field(default_factory=list)
    last: _Last | None = None


def _form_item(title: str) -> tuple[SectionKind, str | None]:
    t = norm(title)
    if "概况" in t or "基本情况" in t:
        return SectionKind.SELF_EVALUATION, "基本概况表"
    if "收支" in t:
        return SectionKind.SELF_EVALUATION, "收支情况表"
    if "自评" in t or "绩效" in t:
        return SectionKind.SELF_EVALUATION, "自评表"
    return SectionKind.OTHER, title


def _classify(
    c: Candidate, lines: list[Line], ctx: _Context
) -> list[tuple[SectionKind, TableKind | None, str | None]]:
    """The kinds a heading gives (two for "存在的问题及改进措施"); empty: not a new section."""
    h = c.heading
    title = h.title
    if h.numbering == "part":
        n = norm(title)
        ctx.mode = "tables" if n.endswith("表") else "explain" if "说明" in n else "other"
        if narrative_kind(title) == SectionKind.GLOSSARY:
            return [(SectionKind.GLOSSARY, None, None)]
        return [(SectionKind.PART, None, title or None)]
    if h.numbering == "title" and norm(title) in ("目录", "目次"):
        return []
    table = standard_table(title)
    if table is not None:
        last = ctx.last
        if last is not None and last.kind == SectionKind.TABLE and last.table_kind == table:
            return []  # the title repeated inside its table (001), or a （续） continuation
        return [(SectionKind.TABLE, table, None)]
    perf = performance_table(title)
    if perf is not None and h.numbering in ("title", "attachment"):
        last = ctx.last
        continued = norm(title).endswith(("（续）", "(续)"))
        if (
            h.numbering == "title"
            and last is not None
            and last.kind == SectionKind.SELF_EVALUATION
            and last.topic == perf
            and (continued or norm(last.heading) == norm(title))
        ):
            return []
        return [(SectionKind.SELF_EVALUATION, None, perf)]
    if budget_table(title) and (h.numbering in ("title", "attachment") or ctx.mode == "tables"):
        return [(SectionKind.TABLE, TableKind.BUDGET, None)]
    if h.numbering == "attachment":
        return [(SectionKind.ATTACHMENT, None, title or None)]
    if h.numbering in NUMBERED and (
        ctx.mode == "tables"
        or (
            ctx.last is not None
            and ctx.last.kind == SectionKind.TABLE
            and not NARRATIVE_WORDS.search(title)
        )
    ):
        return []  # a row of a table, not a heading
    if c.in_table and lines[c.line].cell:
        kind, topic = _form_item(title)
        return [(kind, None, topic)]
    nk = narrative_kind(title)
    if nk == SectionKind.PROBLEMS and also_measures(title):
        return [(SectionKind.PROBLEMS, None, None), (SectionKind.MEASURES, None, None)]
    if nk in (SectionKind.GLOSSARY,):
        return [(nk, None, None)]
    if ctx.mode == "explain" and h.level >= 1:
        parent = next((p for p in reversed(ctx.stack) if p[0] < h.level), None)
        in_explanation = parent is None or parent[1] in (SectionKind.PART, SectionKind.EXPLANATION)
        if (
            nk
            in (
                SectionKind.PROBLEMS,
                SectionKind.MEASURES,
                SectionKind.GOALS,
                SectionKind.ACHIEVEMENTS,
            )
            or not in_explanation
        ):
            return [(nk or SectionKind.OTHER, None, None)]
        topic = explanation_topic(title)
        inherited = (
            parent[2] if parent is not None and parent[1] == SectionKind.EXPLANATION else None
        )
        if inherited and topic not in SPECIFIC_TOPICS:
            topic = inherited
        return [(SectionKind.EXPLANATION, None, topic)]
    if nk is not None:
        return [(nk, None, None)]
    return [(SectionKind.OTHER, None, None)]


def _text_start(line: Line) -> int:
    """Where the heading's characters begin: past the indentation of its line."""
    return line.start + len(line.raw) - len(line.raw.lstrip())


def _heading_text(c: Candidate, lines: list[Line]) -> str:
    text = lines[c.line].cleaned
    if c.title_line is not None:
        text = f"{text} {lines[c.title_line].cleaned}"
    return " ".join(text.split())  # each run of blanks one space, none at the ends


def segment(text: str) -> list[Section]:
    """The sections of a report, flat in text order; each with its level and kind.

    The table of contents is one Section of kind TOC; no other section starts inside it.
    """
    lines = read_lines(text)
    cands = heading_candidates(lines)
    toc = find_toc(lines, cands)
    toc_section: Section | None = None
    if toc is not None:
        first, end = toc
        cands = [c for c in cands if not first <= c.line < end]
        end_pos = lines[end].start if end < len(lines) else len(text)
        toc_section = Section(
            kind=SectionKind.TOC,
            heading=lines[first].cleaned,
            level=0,
            span=Span(start=_text_start(lines[first]), end=end_pos),
        )
    cands = merge_titles(lines, cands)
    repair_levels(cands)

    ctx = _Context()
    kept: list[tuple[Candidate, list[tuple[SectionKind, TableKind | None, str | None]]]] = []
    for c in cands:
        kinds = _classify(c, lines, ctx)
        if not kinds:
            continue
        kept.append((c, kinds))
        k, tk, topic = kinds[-1]
        ctx.stack = [e for e in ctx.stack if e[0] < c.heading.level] + [(c.heading.level, k, topic)]
        ctx.last = _Last(kind=k, heading=c.heading.title, table_kind=tk, topic=topic)

    sections: list[Section] = [toc_section] if toc_section else []
    starts = [_text_start(lines[c.line]) for c, _ in kept]
    for n, (c, kinds) in enumerate(kept):
        start = starts[n]
        end = len(text)
        for m in range(n + 1, len(kept)):
            if kept[m][0].heading.level <= c.heading.level:
                end = starts[m]
                break
        for kind, table_kind, topic in kinds:
            heading = _heading_text(c, lines)
            sections.append(_section(kind, heading, c.heading.level, start, end, table_kind, topic))
    return sections


# A report's sections are built from values the segmenter typed itself (a SectionKind, the
# heading's text and level, offsets into the text), without pydantic validating them again
# (verifier.fast.adopt, as extractor.tables.build builds cells and rows): the same instance
# the keyword call gave, every field set. The import refuses a schema that moved under it.
_SECTION = ("kind", "heading", "level", "span", "table_kind", "topic")
_SPAN = ("start", "end", "page")
if tuple(Section.model_fields) != _SECTION or tuple(Span.model_fields) != _SPAN:
    raise ImportError("extractor.segment.sections: Section or Span changed; update _section")


def _section(
    kind: SectionKind,
    heading: str,
    level: int,
    start: int,
    end: int,
    table_kind: TableKind | None,
    topic: str | None,
) -> Section:
    """``Section(kind=…, heading=…, level=…, span=Span(start=…, end=…), table_kind=…,
    topic=…)``, trusted (offsets are never negative: they index the text)."""
    span = adopt(Span, {"start": start, "end": end, "page": None}, {"start", "end"})
    data = {
        "kind": kind,
        "heading": heading,
        "level": level,
        "span": span,
        "table_kind": table_kind,
        "topic": topic,
    }
    return adopt(Section, data, {*_SECTION})
