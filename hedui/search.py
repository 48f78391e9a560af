"""Full-text search over the narrative sections of stored reports, built to answer in a few
milliseconds over 10,000 reports (bench/bench_search.py).

What is indexed. Each narrative section is indexed with its *own* text: its span less the spans
of the sections nested in it. Every character of a report is thus in exactly one indexed
section — the innermost that holds it — so a word is found once, in the section a reader would
point at, never again in each section around it. Table, catalogue and attachment sections are
not indexed (NOT_NARRATIVE), and their text is not counted in the section around them either.

How text and queries are compared (hedui.textutil): both are folded alike (NFKC, quotes
dropped, brackets made half-width, case folded, whitespace dropped), and the index is made by
SQLite's ``trigram`` tokenizer (``case_sensitive 1``: exactly), which cuts a text into every
run of three characters, in C — punctuation included — so an FTS5 phrase of a term's runs
matches exactly where the term is a substring of the folded text. Two indexes hold the text
(issue 19: they were a third of a report's bytes, 122 kB of 482 for corpus 001; then, made
as tokens in Python for unicode61, 7 ms of a report's 19 ms write, now given as it is):

- ``search_fts`` (``detail=full``): the folded text once (``index_text``), and the filters
  of the section's kind, its report's kind and year.
  A term of three characters is one token, whose posting list FTS5 walks without comparing
  positions; a longer one is the phrase of its n - 2 runs, each far rarer than a character
  (digits above all).
- ``search_grams`` (``detail=none``: rows, no positions): the text ``spread``, each character
  between MARKs, so that its runs of three are each character (``␁网␁``) and each pair of
  neighbours (``网␁格``). A term of one or two characters, which the text's runs cannot
  answer, is one token here, one posting list a word. A question with such a term and a
  filter or a longer word is read from search_fts, kept to the rows search_grams gives
  (``_where``). The filter columns hold their values spread too, so that a filter of one
  or two characters is a phrase like any other.
- ``search_reports``: a report's department and region, spread, one row a report (by its
  number, hedui.store.report_number), not in each of its sections' rows (5 kB a report for
  001); a question naming one keeps its match to those reports' sections.

The index answers the question itself: no hit has to be confirmed against the text, and the
count FTS5 gives is the true count. Several words mean all of them (an FTS5 AND); filters are
phrases in the indexes' other columns (kind, department … contain the value; year is one
token, between MARKs), so a question is one FTS5 query of one index, or of each.

What is stored (each text once). The indexes keep tokens only (``content=''``); their rows
are deleted with FTS5's 'delete' command and the tokens they were inserted with, made again
from the report's stored text (which a stored report never changes). ``search_pieces`` keeps
each indexed section's own pieces (offsets into the report's text). Ranking reads the
candidates' own texts, cut from their reports' by SQLite and folded: 2.5 ms CPU a query for
200 candidates at 10,000 reports, 4 ms when they are of 200 reports (a filtered question),
where reading a folded copy kept beside the index took 0.5 ms but cost 37 kB a report for
001. A hit's snippet is cut from the report's text.

How it stays fast. A broad query (one character, or a word in every report) matches tens of
thousands of sections; sorting them all by relevance, with their texts, cost 100–150 ms. Here:

1. *Count first.* ``count(*)`` of the match: FTS5 walks the posting lists of the query's
   tokens once, and nothing is sorted or read from the sections — 1–7 ms at 10,000 reports
   for a word in tens of thousands of sections.
2. *Rank a bounded candidate set.* The newest CANDIDATES matches (highest ids: the last
   stored; FTS5 yields a match in rowid order either way, so ``ORDER BY rowid DESC LIMIT``
   stops after them) are ranked, by a BM25-style score of their folded own texts (how often
   each term occurs, weighed against the section's length); the rest follow in the order they
   were stored, newest first. No full text is ever sorted, and no ranking function runs over
   every match.
3. *Only the page is built.* Snippets, headings and file names are read for the page's hits
   alone.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel
from sqlite_utils import Database

from extractor.pii import mask_pii
from hedui.textutil import (
    BREAK,
    MARK,
    fold,
    folded,
    fts_short,
    fts_spread,
    fts_text,
    index_text,
    query_terms,
    spread,
)

# Section kinds that are tables or navigation, not narrative: never indexed, never searched.
NOT_NARRATIVE = ("决算表", "自评表", "目录", "附件")
SNIPPET_RADIUS = 40
CANDIDATES = 200  # matches ranked by relevance; the rest follow newest first
INDEX_VERSION = "8"  # bump when what the index holds changes: open_db rebuilds it
# What open_db compares: the index's version and the Unicode tables of this Python, which
# folding and tokens depend on (rows are deleted by re-made tokens, so they must not drift).
BUILT_WITH = f"{INDEX_VERSION}/unicode-{unicodedata.unidata_version}"
K1, B = 1.2, 0.75  # BM25's usual constants
HASHSIZE = 8 << 20  # bytes of pending index terms FTS5 keeps in memory (see _rebuild)
# The column of most entries (the text: one a character) comes first: FTS5 marks every entry
# outside the first column with its column number. ``trigram`` is SQLite's (3.34 and later);
# ``case_sensitive 1``: the text comes folded, and is compared exactly as it comes.
TOKENIZER = "trigram case_sensitive 1"

INDEX_SQL = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  text, kind, report_kind, year, content = '', columnsize = 0, tokenize = '{TOKENIZER}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_reports USING fts5(
  department, region, content = '', columnsize = 0, tokenize = '{TOKENIZER}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS search_grams USING fts5(
  grams, content = '', columnsize = 0, detail = none, tokenize = '{TOKENIZER}'
);
CREATE TABLE IF NOT EXISTS search_pieces (id INTEGER PRIMARY KEY, pieces TEXT);
"""


class Hit(BaseModel):
    """One section whose own text contains every term, with a snippet around the first."""

    report_sha256: str
    file_name: str | None = None
    department: str | None = None
    region: str | None = None
    year: int | None = None
    report_kind: str | None = None
    section_id: int
    section_idx: int
    kind: str
    heading: str
    start: int  # the section's start in the report text
    match_start: int  # the first occurrence's offset in the report text
    snippet: str  # plain text, PII masked unless asked otherwise
    highlights: list[tuple[int, int]]  # occurrences of the terms within ``snippet``
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


class SearchPage(BaseModel):
    """One page of results and the true number of sections that match."""

    query: str
    terms: list[str]
    total: int
    page: int
    per_page: int
    hits: list[Hit]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --- the index ------------------------------------------------------------------------------


def _own_pieces(sections: list[dict]) -> dict[int, list[tuple[int, int]]]:
    """Each section's own spans: its span less those of the sections directly inside it.

    One pass over the sections sorted by start (longest first), with a stack of the open
    ones, so a report of thousands of sections costs n log n, not n²."""
    order = sorted(sections, key=lambda s: (s["start"], -s["end"], s["idx"]))
    children: dict[int, list[tuple[int, int]]] = {s["id"]: [] for s in sections}
    stack: list[dict] = []
    for s in order:
        while stack and not (stack[-1]["start"] <= s["start"] and s["end"] <= stack[-1]["end"]):
            stack.pop()
        if stack:
            children[stack[-1]["id"]].append((s["start"], s["end"]))
        stack.append(s)
    pieces: dict[int, list[tuple[int, int]]] = {}
    for s in sections:
        pos, own = s["start"], []
        for a, b in sorted(children[s["id"]]):
            if a > pos:
                own.append((pos, a))
            pos = max(pos, b)
        if pos < s["end"]:
            own.append((pos, s["end"]))
        pieces[s["id"]] = own
    return pieces


@dataclass(frozen=True)
class _Indexed:
    """What the index holds for one stored report: its number (hedui.store.report_number),
    its department and region as search_reports holds them, and per narrative section with
    text of its own (id, the four columns of search_fts, pieces, grams)."""

    number: int
    facets: tuple[str, str]
    rows: list[tuple]


def _index_rows(db: Database, sha256: str) -> _Indexed | None:
    """What the index holds for one stored report (_Indexed), None when it holds nothing.
    Made from the stored text alone, so the rows a report was indexed with are made again,
    the same, to delete them (FTS5's 'delete' must be given exactly what was inserted; a
    stored report's text never changes)."""
    report = db.conn.execute(
        "SELECT r.kind, r.department, r.region, r.year, r.text, i.id FROM reports r "
        "JOIN report_ids i ON i.sha256 = r.sha256 WHERE r.sha256 = ?",
        [sha256],
    ).fetchone()
    if report is None:
        return None
    full, number = report[4] or "", report[5]
    sections = [
        {"id": i, "idx": idx, "kind": kind, "start": a or 0, "end": b or 0}
        for i, idx, kind, a, b in db.conn.execute(
            'SELECT id, idx, kind, start, "end" FROM report_sections WHERE report = ?', [number]
        )
    ]
    pieces = _own_pieces(sections)
    report_kind, department, region = (spread(fold(v or "")) for v in report[:3])
    year = MARK + str(report[3] or "") + MARK
    rows = []
    for s in sections:
        own = pieces[s["id"]]
        if s["kind"] in NOT_NARRATIVE or not own:
            continue
        ftext = fold(BREAK.join(full[a:b] for a, b in own))
        if not ftext.replace(BREAK, ""):
            continue
        kind = spread(fold(s["kind"] or ""))
        rows.append(
            (s["id"], index_text(ftext), kind, report_kind, year, _pieces_text(own), spread(ftext))
        )  # fmt: skip
    if not rows:
        return None
    return _Indexed(number, (department, region), rows)


def _pieces_text(pieces: list[tuple[int, int]]) -> str:
    """A section's own pieces as search_pieces keeps them: ``"start end start end …"``
    (split and read as integers several times faster than JSON, on every query's 200
    candidates)."""
    return " ".join(f"{a} {b}" for a, b in pieces)


def _pieces(text: str) -> list[tuple[int, int]]:
    v = [int(x) for x in text.split()]
    return list(zip(v[::2], v[1::2], strict=True))


_COLUMNS = "rowid, text, kind, report_kind, year"
_REPORT_COLUMNS = "rowid, department, region"


def index_report(db: Database, sha256: str) -> None:
    """Index one stored report's narrative sections (its text is read back from the store);
    call inside the store's write, after unindex_report of what was there."""
    indexed = _index_rows(db, sha256)
    if indexed is None:
        return
    rows, conn = indexed.rows, db.conn
    conn.executemany(
        f"INSERT INTO search_fts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)", [r[:5] for r in rows]
    )
    conn.executemany(
        "INSERT INTO search_grams (rowid, grams) VALUES (?, ?)", [(r[0], r[6]) for r in rows]
    )
    conn.executemany(
        "INSERT OR REPLACE INTO search_pieces (id, pieces) VALUES (?, ?)",
        [(r[0], r[5]) for r in rows],
    )
    conn.execute(
        f"INSERT INTO search_reports ({_REPORT_COLUMNS}) VALUES (?, ?, ?)",
        [indexed.number, *indexed.facets],
    )


def unindex_report(db: Database, sha256: str) -> None:
    """Take one stored report out of the index, before its rows are deleted. The index keeps
    no copy of what it indexed (content=''), so each row is deleted with FTS5's 'delete'
    command and the very tokens it was inserted with, made again from the report's stored
    text, its sections' offsets and kinds and its facets, none of which a stored report
    changes."""
    indexed = _index_rows(db, sha256)
    if indexed is None:
        return
    rows, conn = indexed.rows, db.conn
    conn.executemany(
        f"INSERT INTO search_fts (search_fts, {_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?)",
        [r[:5] for r in rows],
    )
    conn.executemany(
        "INSERT INTO search_grams (search_grams, rowid, grams) VALUES ('delete', ?, ?)",
        [(r[0], r[6]) for r in rows],
    )
    conn.executemany("DELETE FROM search_pieces WHERE id = ?", [(r[0],) for r in rows])
    conn.execute(
        f"INSERT INTO search_reports (search_reports, {_REPORT_COLUMNS}) "
        "VALUES ('delete', ?, ?, ?)",
        [indexed.number, *indexed.facets],
    )


def ensure_index(db: Database) -> None:
    """Create the index, and (re)build it from the stored reports when it was made by
    another version of hedui, under another Python's Unicode tables, or by none."""
    conn = db.conn
    if sqlite3.sqlite_version_info < (3, 34):  # the trigram tokenizer came with 3.34.0
        raise sqlite3.NotSupportedError(
            f"the search index needs SQLite 3.34 or later (its trigram tokenizer); this "
            f"Python's is {sqlite3.sqlite_version}"
        )
    conn.executescript(INDEX_SQL)
    conn.execute("CREATE TABLE IF NOT EXISTS hedui_meta (key TEXT PRIMARY KEY, value TEXT)")
    row = conn.execute("SELECT value FROM hedui_meta WHERE key = 'search_index'").fetchone()
    if row and row[0] == BUILT_WITH:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM hedui_meta WHERE key = 'search_index'").fetchone()
        if not (row and row[0] == BUILT_WITH):  # another process may have just built it
            _rebuild(db)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _rebuild(db: Database) -> None:
    """ensure_index's work, inside its transaction: the index made anew (an earlier one may
    have had other columns, or kept its content)."""
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS search_fts")
    conn.execute("DROP TABLE IF EXISTS search_text")  # index 5: the folded text again
    conn.execute("DROP TABLE IF EXISTS search_pieces")
    conn.execute("DROP TABLE IF EXISTS search_grams")
    conn.execute("DROP TABLE IF EXISTS search_reports")
    for statement in INDEX_SQL.split(";"):  # executescript would commit the transaction
        if statement.strip():
            conn.execute(statement)
    # terms gathered in memory before FTS5 writes them out: 8 MB instead of 1 takes a batch
    # of reports in fewer, larger segments (FTS5's share of a report's write: 9.9 → 7.7 ms)
    for table in ("search_fts", "search_grams"):
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?)", [HASHSIZE])
    for (sha,) in conn.execute("SELECT sha256 FROM reports").fetchall():
        index_report(db, sha)
    # the segments a rebuild leaves merged into one a table: the text corpora's store, its
    # index rebuilt, 2.4 -> 1.7 MB (as compact as an index written in one go)
    for table in ("search_fts", "search_grams", "search_reports"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    conn.execute(
        "INSERT OR REPLACE INTO hedui_meta (key, value) VALUES ('search_index', ?)",
        [BUILT_WITH],
    )


# --- queries --------------------------------------------------------------------------------


def normalise_query(query: str) -> list[str]:
    """The terms a section must contain (hedui.textutil.query_terms)."""
    return query_terms(query)


@dataclass(frozen=True)
class Match:
    """A question as the index's queries: ``text`` of search_fts (the terms of three
    characters or more, the filters of kind, report kind and year), ``grams`` of
    search_grams (the terms of one or two characters); one of them, or both (a section must
    then be in both); and ``reports``, of search_reports (department and region), which
    keeps a match to the sections of the reports it gives."""

    text: str | None
    grams: str | None
    # each department or region filter: its column, its value as given, and its phrase
    reports: tuple[tuple[str, str, str], ...] = ()


def match_expression(
    terms: list[str],
    *,
    kind: str | None = None,
    report_kind: str | None = None,
    department: str | None = None,
    region: str | None = None,
    year: int | None = None,
) -> Match | None:
    """The FTS5 queries: every term a phrase of the text, or one token of the grams; every
    filter the phrase of its value spread in its column (the column holds it spread). None
    when nothing could match (no term, or a filter with nothing to compare)."""
    if not terms:
        return None
    text = [f"text : {fts_text(t)}" for t in terms if len(t) >= 3]
    grams = [fts_short(t) for t in terms if len(t) < 3]
    reports: list[tuple[str, str, str]] = []
    for column, value in (
        ("kind", kind), ("report_kind", report_kind), ("department", department),
        ("region", region),
    ):  # fmt: skip
        if value:
            folded_value = fold(value).replace(BREAK, "")
            if not folded_value:
                return None
            phrase = f"{column} : {fts_spread(folded_value)}"
            if column in ("department", "region"):
                reports.append((column, value, phrase))
            else:
                text.append(phrase)
    if year is not None:
        text.append(f'year : "{MARK}{int(year)}{MARK}"')
    return Match(" AND ".join(text) or None, " AND ".join(grams) or None, tuple(reports))


def _score(ftext: str, terms: list[str], avg_len: float) -> float:
    """BM25 without the idf (the same for every candidate of one query): each term's
    occurrences, saturating, weighed against the section's length."""
    norm = K1 * (1 - B + B * len(ftext) / avg_len)
    return sum((tf := ftext.count(t)) * (K1 + 1) / (tf + norm) for t in terms)


def _own_texts(db: Database, ids: list[int]) -> dict[int, str]:
    """The folded own text of each indexed section of ``ids``, cut from its report's text
    by SQLite (a candidate's section alone reaches Python, not its report's whole text:
    the 200 candidates of a filtered query are often of 200 reports)."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT p.id, p.pieces, s.start, substr(r.text, s.start + 1, s."end" - s.start)
            FROM search_pieces p JOIN sections s ON s.id = p.id
            JOIN reports r ON r.sha256 = s.report_sha256 WHERE p.id IN ({marks})""",
        ids,
    )
    return {
        sid: fold(BREAK.join((text or "")[a - start : b - start] for a, b in _pieces(pieces)))
        for sid, pieces, start, text in rows
    }


def _ranked_ids(db: Database, ids: list[int], terms: list[str]) -> list[tuple[int, float]]:
    """The candidates, best first (ties: newest first)."""
    if not ids:
        return []
    texts = _own_texts(db, ids)
    avg = max(1.0, sum(len(t) for t in texts.values()) / max(1, len(texts)))
    scored = [(i, _score(texts.get(i, ""), terms, avg)) for i in ids]
    scored.sort(key=lambda x: (-x[1], -x[0]))
    return scored


def _where(db: Database, match: Match) -> tuple[str, str, list[str]]:
    """The table a match is read from, its condition, and the condition's arguments. A
    question of both kinds walks search_grams (its short terms: common words, whose lists
    are cheap to walk) and keeps the rows in the set search_fts gives for the rest (longer
    words, filters: rarer, a smaller set to build). ``+rowid``: not handed to FTS5, which
    would run its whole query again for each id of the set. A department or a region keeps
    the rows to the sections of the reports search_reports gives (one row a report: the
    department's name in every section's row cost 5 kB a report for 001), or of the reports
    whose department hedui.departments reads the filter as naming (省法院, 上海: what `list`
    finds, store.departments_named)."""
    if match.text is None:
        table, where, args = "search_grams", "search_grams MATCH ?", [match.grams or ""]
    elif match.grams is None:
        table, where, args = "search_fts", "search_fts MATCH ?", [match.text]
    else:
        table, where, args = (
            "search_grams",
            "search_grams MATCH ? AND +rowid IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH ?)",
            [match.grams, match.text],
        )
    if match.reports:
        from hedui.store import departments_named  # the store imports this module

        # a set of report numbers a filter (a UNION of what the index and the names give),
        # so that the sections are found by their report (an OR of two sets walked every
        # section)
        held = []
        for column, value, phrase in match.reports:
            kept = "SELECT rowid FROM search_reports WHERE search_reports MATCH ?"
            args.append(phrase)
            names = departments_named(db, value, by_place=column == "region")
            if names:  # their numbers, found once here, not again by each query of _order
                numbers = db.execute(
                    "SELECT i.id FROM reports r JOIN report_ids i ON i.sha256 = r.sha256 "
                    f"WHERE r.department IN ({', '.join('?' * len(names))})",
                    names,
                ).fetchall()
                listed = ",".join(str(int(n)) for (n,) in numbers)  # integers: safe inline
                kept += f" UNION SELECT id FROM report_ids WHERE id IN ({listed})"
            held.append(kept)
        each = " AND ".join(f"s.report IN ({kept})" for kept in held)
        where += f" AND +rowid IN (SELECT s.id FROM report_sections s WHERE {each})"
    return table, where, args


def _order(
    db: Database, match: Match, terms: list[str], want: int
) -> tuple[int, list[tuple[int, float]]]:
    """The true count, and the first ``want`` ids in result order with their scores, from
    search_fts, search_grams or both (each has a row per indexed section, by its id)."""
    table, where, args = _where(db, match)
    try:
        if match.text is not None and match.grams is not None:
            # two indexes: the set of one is built either way (~8 ms for 24,000 ids at
            # 10,000 reports), so the matching ids are listed once, counted and cut here,
            # not built again for a count and then for the newest
            every = [i for (i,) in db.execute(f"SELECT rowid FROM {table} WHERE {where}", args)]
            every.sort(reverse=True)
            total, newest = len(every), every[: max(want, CANDIDATES)]
        else:
            (total,) = db.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()
            if not total:
                return 0, []
            # FTS5 walks a match in rowid order, either way: the newest, LIMITed, cost next
            # to nothing (0.1 ms for the 200 newest of 60,000), where listing every id cost
            # 4–11 ms.
            newest = [
                i
                for (i,) in db.execute(
                    f"SELECT rowid FROM {table} WHERE {where} ORDER BY rowid DESC LIMIT ?",
                    [*args, max(want, CANDIDATES)],
                )
            ]
        if not total:
            return 0, []
    except (sqlite3.OperationalError, UnicodeEncodeError):
        # a tokenizer edge case, or a lone surrogate (no stored text holds one): data never
        # becomes an error
        return 0, []
    ranked = _ranked_ids(db, newest[:CANDIDATES], terms)
    rest = [(i, 0.0) for i in newest[CANDIDATES:]]
    return total, (ranked + rest)[:want]


def _mark(own: str, shown: str, pieces: list[tuple[int, int]], terms: list[str], radius: int):
    """Snippet of ``shown`` (``own`` masked, same length) around the first term's first
    occurrence, every term's occurrences in it, and that occurrence's offset in the report."""
    ftext, origin = folded(own)
    spans: list[tuple[int, int]] = []
    for t in terms:
        i = ftext.find(t)
        while i != -1:
            spans.append((origin[i], origin[i + len(t) - 1] + 1))
            i = ftext.find(t, i + len(t))
    first_term = ftext.find(terms[0])
    first = origin[first_term] if first_term >= 0 else 0
    lo = max(0, first - radius, own.rfind(BREAK, 0, first) + 1)
    cut = own.find(BREAK, first)
    hi = min(len(own), first + radius + max(len(t) for t in terms), cut if cut >= 0 else len(own))
    marks = sorted((a - lo, b - lo) for a, b in spans if lo <= a and b <= hi)
    kept: list[tuple[int, int]] = []
    for a, b in marks:
        if not kept or a >= kept[-1][1]:
            kept.append((a, b))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(own) else ""
    window = re.sub(r"\s", " ", shown[lo:hi])  # same length: line breaks read as spaces
    shift = len(prefix)
    # the first occurrence's place in the report: own offset → the piece that holds it
    offset, at = 0, pieces[0][0] if pieces else 0
    for a, b in pieces:
        if first < offset + (b - a):
            at = a + (first - offset)
            break
        offset += (b - a) + 1  # +1: the BREAK between pieces
    return prefix + window + suffix, [(a + shift, b + shift) for a, b in kept], at


def _hits(
    db: Database, ordered: list[tuple[int, float]], terms: list[str], show_pii: bool
) -> list[Hit]:
    """The page's hits, built from their index rows and their sections' headings."""
    if not ordered:
        return []
    ids = [i for i, _ in ordered]
    marks = ",".join("?" * len(ids))
    rows = {
        r[0]: r
        for r in db.execute(
            f"""SELECT t.id, t.pieces, s.report_sha256, s.idx, s.kind, s.heading,
                       s.start, r.file_name, r.department, r.region, r.year, r.kind,
                       substr(r.text, s.start + 1, s."end" - s.start)
                FROM search_pieces t JOIN sections s ON s.id = t.id
                LEFT JOIN reports r ON r.sha256 = s.report_sha256
                WHERE t.id IN ({marks})""",
            ids,
        )
    }
    hits = []
    for sid, score in ordered:
        if sid not in rows:
            continue
        (_, pieces_json, sha, idx, kind, heading, start, fname, dept, reg, yr, rkind, text) = rows[
            sid
        ]
        pieces, start = _pieces(pieces_json), start or 0
        own = BREAK.join((text or "")[a - start : b - start] for a, b in pieces)
        shown = own if show_pii else mask_pii(own)
        snippet, highlights, at = _mark(own, shown, pieces, terms, SNIPPET_RADIUS)
        hits.append(
            Hit(
                report_sha256=sha, file_name=fname, department=dept, region=reg, year=yr,
                report_kind=rkind, section_id=sid, section_idx=idx, kind=kind,
                heading=heading if show_pii else mask_pii(heading or ""), start=start,
                match_start=at, snippet=snippet.replace(BREAK, " "), highlights=highlights,
                rank=score,
            )
        )  # fmt: skip
    return hits


def search_page(
    db: Database,
    query: str,
    *,
    kind: str | None = None,
    report_kind: str | None = None,
    department: str | None = None,
    region: str | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
    show_pii: bool = False,
) -> SearchPage:
    """One page of the sections whose own text holds every word of ``query``, with the true
    count. ``kind`` (the section's), ``report_kind``, ``department`` and ``region`` match
    when the stored value contains them (``kind="职责"`` finds 部门职责); ``year`` is exact.
    Never raises on query content."""
    terms = normalise_query(query)
    page, per_page = max(1, page), max(1, per_page)
    filters = dict(kind=kind, report_kind=report_kind, department=department, region=region,
                   year=year)  # fmt: skip
    match = match_expression(terms, **filters)  # type: ignore[arg-type]
    total, ordered = (0, []) if match is None else _order(db, match, terms, page * per_page)
    hits = _hits(db, ordered[(page - 1) * per_page :], terms, show_pii)
    return SearchPage(
        query=query, terms=terms, total=total, page=page, per_page=per_page, hits=hits
    )


def search(
    db: Database,
    query: str,
    *,
    kind: str | None = None,
    report_kind: str | None = None,
    department: str | None = None,
    region: str | None = None,
    year: int | None = None,
    limit: int = 20,
    show_pii: bool = False,
) -> list[Hit]:
    """The first ``limit`` hits of ``search_page`` (for callers that want a list)."""
    if limit <= 0:
        return []
    return search_page(
        db, query, kind=kind, report_kind=report_kind, department=department, region=region,
        year=year, per_page=limit, show_pii=show_pii,
    ).hits  # fmt: skip


__all__ = ["Hit", "SearchPage", "ensure_index", "index_report", "search",
                          "search_page"]  # fmt: skip
