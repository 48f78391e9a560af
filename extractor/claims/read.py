"""Numeric claims in the prose, read by deterministic patterns: the sentence loop.

Why patterns: every claim here is later recomputed by the verifier, so the extractor must be
exact about which characters it read (each Number keeps its raw text and span) and must never
invent a figure. A statement the patterns can only half-read is kept with
``status="unverifiable"`` and a reason, never dropped and never turned into zero.

Kinds produced (roles in ``Claim.numbers``):
- CHANGE: ``value`` (the current amount the sentence states before the change, when found),
  ``delta`` (增加/减少 X万元), ``pct`` (增长/下降 Y%); ``direction`` from the words;
  ``compared_to`` 上年 / 年初预算 ….
- PARTS: ``value`` the total, ``parts`` the items (共N个（a个…，b个…）, N名…（…a人、…b人）,
  总额X万元，其中：A a万元；B b万元, 预算数为X万元，按收入性质分：A a万元，B b万元).
- SHARE: ``value`` and ``pct`` (…X万元，占Y%), ``whole`` when the sentence names it (the
  total before 其中, or before 主要用于以下方面：).
- RATE: ``value`` (决算为X), ``budget`` (预算为B, or the ceiling 财政下达控制数为B), ``pct``
  (完成预算的Y%, 完成财政下达控制数的Y%).
- AMOUNT: ``value`` with its ``subject`` and ``link``.

Link keys (``Claim.link``) are ``"<table kind>.<row name>"`` with whitespace removed, e.g.
``"公开01.本年支出合计"`` or ``"公开03.基本支出"`` (the 合计 row of the 基本支出 column): the
family-P rules resolve them against the tables.
"""

from __future__ import annotations

import re

from extractor.claims.amounts import amounts, item_actual, item_path, rates, three_public_sides
from extractor.claims.budgets import (
    against_execution,
    budget_items,
    budget_totals,
    catalogued_amounts,
)
from extractor.claims.changes import changes
from extractor.claims.parts import listed_uses, money_parts, paren_parts
from verifier.report import Claim, Section, SectionKind, Table

# Four characters that are not what a table line is mostly made of (figures and space): a
# search that stops at the fourth, where removing the figures built a copy of each sentence.
_FOUR_OTHERS = re.compile(r"[^\d.,\s](?:[\d.,\s]*[^\d.,\s]){3}")
_DIGIT = re.compile(r"\d")  # what every claim's pattern needs (NUM, COUNT)


def _sentences(text: str, start: int, end: int):
    """Sentences (split on 。 and blank lines, and before a numbered heading that follows a
    list's ；, so a list never runs on into the next section) of text[start:end], with their
    offsets. A 。
    closing an aside in brackets (…结余14.75万元。)与上年相比…) does not end the sentence, nor
    does a page number on a line of its own (a list that runs on to the next page), nor a
    percent a converter set apart by a blank line (增长⏎⏎129.97 %)."""
    pos = start
    for m in re.finditer(
        r"[。！？](?![)）])|\n\s*\n(?=[一二三四五六七八九十（(\d第])(?!\d{1,3}[ \t]*\n)(?![\d.,]+[ \t]*[%％])"
        r"|(?<=[；;：:])[ \t]*\n(?=[ \t]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]))",
        text[start:end],
    ):
        stop = start + m.end()
        if stop > pos:
            yield pos, stop
        pos = stop
    if pos < end:
        yield pos, end


def _prose_ranges(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    """Where to look: 情况说明 and 绩效 sections when segmentation found them, else the
    whole text (claims are only typed from sentence patterns, so tables yield nothing)."""
    skip = {SectionKind.TABLE, SectionKind.SELF_EVALUATION, SectionKind.TOC, SectionKind.PART}
    skip |= {SectionKind.GLOSSARY}
    ranges = sorted((s.span.start, s.span.end) for s in sections if s.kind not in skip)
    merged: list[tuple[int, int]] = []
    for a, b in ranges:  # nested subsections: read each sentence once
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged or [(0, len(text))]


def extract_claims(text: str, sections: list[Section], tables: list[Table]) -> list[Claim]:
    """Every numeric statement the patterns recognise, in text order."""
    claims: list[Claim] = []
    for start, end in _prose_ranges(text, sections):
        prev: tuple[int, int] | None = None
        path: tuple[str, str, str] | None = None  # the item the sentences now explain
        for s, e in _sentences(text, start, end):
            # Table lines (tab-separated or mostly digits) are not prose.
            chunk = text[s:e]
            if "\t" in chunk or _FOUR_OTHERS.search(chunk) is None:
                prev = path = None
                continue
            # The sentences giving an item's figures speak of the item: their 基本支出 or 项目支出
            # is the item's, not a table total's.
            heading = item_path(chunk)
            about_item = heading is not None or path is not None
            if heading is not None:
                path, rest = heading[0], s + heading[1]
                # The heading and its figures may share a sentence (no 。 after the heading).
                if (item := item_actual(text, rest, e, path)) is not None:
                    claims.append(item)
                    path = None
            elif path is not None:
                if (item := item_actual(text, s, e, path)) is not None:
                    claims.append(item)
                path = None  # only the sentence right after the heading gives its figures
            # A sentence continues the one before only within a paragraph.
            after_break = prev is None or "\n" in chunk[: len(chunk) - len(chunk.lstrip())]
            before, prev = prev, (s, e)
            if _DIGIT.search(chunk) is None:
                continue  # every reader below reads a figure of this sentence: it has none
            continued = None if after_break else before
            claims += changes(text, s, e, continued)
            claims += paren_parts(text, s, e)
            claims += money_parts(text, s, e, continued)
            claims += listed_uses(text, s, e)
            claims += rates(text, s, e, before)
            if not about_item:
                claims += amounts(text, s, e)
            claims += three_public_sides(text, s, e)
            claims += budget_items(text, s, e)
            claims += against_execution(text, s, e)
            claims += catalogued_amounts(text, s, e)
            claims += budget_totals(text, s, e)
    claims.sort(key=lambda c: c.sentence.start)
    return claims
