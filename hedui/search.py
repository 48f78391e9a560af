"""Chinese full-text search over the narrative sections of stored reports.

FTS5's trigram tokenizer cannot match one- or two-character queries (网格, 培训), so the store
keeps ``sections.text_spaced`` — the text with a space between CJK characters — indexed with
unicode61, where every CJK character is a token. A query is spaced the same way and searched
as ONE quoted FTS phrase: whatever the user typed (``104.41%``, quotes, AND, *, NEAR) is data
inside an FTS string, never syntax. Phrase matching ignores punctuation between tokens, so each
hit is confirmed against the unspaced text, and its snippet is cut from that text, not from
FTS's spaced snippet.
"""

from __future__ import annotations

import html
import re
import sqlite3

from pydantic import BaseModel
from sqlite_utils import Database

from extractor.pii import mask_pii
from hedui.textutil import spaced  # the store spaces text_spaced with it: queries too

# Section kinds that are tables or navigation, not narrative: never searched.
NOT_NARRATIVE = ("决算表", "自评表", "目录", "附件")
SNIPPET_RADIUS = 40


class Hit(BaseModel):
    """One section that contains the query, with a snippet around the first occurrence."""

    report_sha256: str
    file_name: str | None = None
    department: str | None = None
    region: str | None = None
    year: int | None = None
    section_id: int
    section_idx: int
    kind: str
    heading: str
    start: int  # the section's start in the report text
    match_start: int  # the first occurrence's offset in the report text
    snippet: str  # plain text, PII masked unless asked otherwise
    highlights: list[tuple[int, int]]  # occurrences of the query within ``snippet``
    rank: float

    @property
    def link(self) -> str:
        return f"/reports/{self.report_sha256}#s{self.section_idx}"

    def snippet_html(self) -> str:
        """The snippet escaped, with each occurrence wrapped in <mark>."""
        parts, pos = [], 0
        for s, e in self.highlights:
            parts.append(html.escape(self.snippet[pos:s]))
            parts.append(f"<mark>{html.escape(self.snippet[s:e])}</mark>")
            pos = e
        parts.append(html.escape(self.snippet[pos:]))
        return "".join(parts)


def normalise_query(query: str) -> str:
    """The substring a section must contain: the query as typed, ends trimmed."""
    return query.strip()


def fts_phrase(query: str) -> str | None:
    """The query as one FTS5 string (a phrase of its tokens), or None when it has no token.

    Inside an FTS5 string everything but the double quote is literal, and a double quote is
    escaped by doubling it; so no operator, column filter, prefix star or NEAR can leak out.
    """
    text = spaced(query)
    if not re.search(r"\w", text):
        return None
    return '"' + text.replace('"', '""') + '"'


def _snippet(
    text: str, shown: str, needle: str, radius: int = SNIPPET_RADIUS
) -> tuple[str, list[tuple[int, int]], int]:
    """A window of ``shown`` (``text`` masked, same length) around the first occurrence of
    ``needle`` in ``text`` (case-insensitive), and the occurrences inside the window."""
    low, pin = text.casefold(), needle.casefold()
    first = low.find(pin)
    lo = max(0, first - radius)
    hi = min(len(text), first + len(needle) + radius)
    window = shown[lo:hi]
    marks, i = [], low.find(pin, lo)
    while i != -1 and i + len(needle) <= hi:
        marks.append((i - lo, i - lo + len(needle)))
        i = low.find(pin, i + len(needle))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    shift = len(prefix)
    window = re.sub(r"\s", " ", window)  # same length: line breaks read as spaces
    return prefix + window + suffix, [(s + shift, e + shift) for s, e in marks], first


def search(
    db: Database,
    query: str,
    *,
    kind: str | None = None,
    department: str | None = None,
    region: str | None = None,
    year: int | None = None,
    limit: int = 20,
    show_pii: bool = False,
) -> list[Hit]:
    """Narrative sections containing ``query`` as a substring, best (bm25) first.

    ``kind``, ``department`` and ``region`` match when the stored value contains them
    (``--kind 职责`` finds 部门职责); ``year`` is exact. Never raises on query content.
    """
    needle = normalise_query(query)
    phrase = fts_phrase(needle) if needle else None
    if phrase is None or limit <= 0:
        return []
    where = ["sections_fts MATCH ?", f"s.kind NOT IN ({','.join('?' * len(NOT_NARRATIVE))})"]
    params: list = [phrase, *NOT_NARRATIVE]
    for column, value in (("s.kind", kind), ("s.department", department), ("s.region", region)):
        if value:
            where.append(f"instr(coalesce({column}, ''), ?) > 0")
            params.append(value)
    if year is not None:
        where.append("s.year = ?")
        params.append(int(year))
    sql = f"""
        SELECT s.id, s.report_sha256, s.idx, s.kind, s.heading, s.start, s.text,
               s.department, s.region, s.year, r.file_name, bm25(sections_fts) AS rank
        FROM sections_fts
        JOIN sections s ON s.id = sections_fts.rowid
        LEFT JOIN reports r ON r.sha256 = s.report_sha256
        WHERE {" AND ".join(where)}
        ORDER BY rank, s.report_sha256, s.idx
    """
    hits: list[Hit] = []
    try:
        cursor = db.execute(sql, params)
    except sqlite3.OperationalError:  # a tokenizer edge case: data never becomes an error
        return []
    pin = needle.casefold()
    for row in cursor:
        (sid, sha, idx, skind, heading, start, text, dept, reg, yr, fname, rank) = row
        text = text or ""
        if pin not in text.casefold():
            continue  # phrase matched across punctuation or a line break: not a substring
        shown = text if show_pii else mask_pii(text)
        snip, marks, first = _snippet(text, shown, needle)
        hits.append(
            Hit(
                report_sha256=sha,
                file_name=fname,
                department=dept,
                region=reg,
                year=yr,
                section_id=sid,
                section_idx=idx,
                kind=skind,
                heading=heading if show_pii else mask_pii(heading or ""),
                start=start or 0,
                match_start=(start or 0) + first,
                snippet=snip,
                highlights=marks,
                rank=rank,
            )
        )
        if len(hits) >= limit:
            break
    return hits
