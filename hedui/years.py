"""Across years in the store: which stored reports are one department's consecutive years,
their pair checked by the verifier (verifier.years), and the findings attached to the later.

Kept apart from hedui.store with tables of its own, created when first needed:
- ``department_names``: each report's department name taken apart (hedui.departments);
- ``year_pairs``: each pair looked at — the earlier and later report, ``checked`` or
  ``ambiguous`` (the name matched more than one department: not used, shown), the reason,
  and how many figures were compared, agree and disagree;
- ``year_findings``: for each finding of a pair (stored among the later report's findings,
  under rule codes Y9xx), the earlier report and the spans of its figure there.

``after_save`` is the one call ingest makes after a report is stored: it files the name and
checks the pairs the report makes with its stored neighbours, whichever came first, so a
batch in any order ends with every pair checked, and a re-run changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

from sqlite_utils import Database

from hedui import departments, store
from hedui.review import refresh_status
from verifier.report import Finding, Outcome, Report, Severity, Span
from verifier.verdict import decide
from verifier.years import YearFinding, check_pair

SCHEMA = """
CREATE TABLE IF NOT EXISTS department_names (
  sha256 TEXT PRIMARY KEY, department TEXT, core TEXT, places TEXT, short TEXT
);
CREATE TABLE IF NOT EXISTS year_pairs (
  earlier_sha256 TEXT, later_sha256 TEXT, status TEXT, reason TEXT, compared INTEGER,
  agree INTEGER, disagree INTEGER, checked_at TEXT, PRIMARY KEY (earlier_sha256, later_sha256)
);
CREATE TABLE IF NOT EXISTS year_findings (
  finding_id TEXT PRIMARY KEY, report_sha256 TEXT, earlier_sha256 TEXT, earlier_spans TEXT
);
CREATE INDEX IF NOT EXISTS department_names_core ON department_names(core);
CREATE INDEX IF NOT EXISTS year_pairs_later ON year_pairs(later_sha256);
CREATE INDEX IF NOT EXISTS year_findings_report ON year_findings(report_sha256);
"""


def ensure(db: Database) -> None:
    """The tables above, made when the store has not got them: asked of sqlite_master (the
    script's last index stands for it), not run as a script each time, since ingest asks for
    every report and executescript commits whatever is open."""
    if not _made(db):
        db.conn.executescript(SCHEMA)


def _made(db: Database) -> bool:
    """Whether the store has the tables above (the script's last index stands for them)."""
    return (
        db.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'year_findings_report'"
        ).fetchone()
        is not None
    )


def _file_name(db: Database, sha: str, department: str) -> None:
    n = departments.parse(department)
    db.conn.execute(
        "INSERT OR REPLACE INTO department_names VALUES (?, ?, ?, ?, ?)",
        [sha, department, n.core, json.dumps(n.places, ensure_ascii=False), n.short],
    )


# What pairing reads of a reports row: not its text and packed Report (40 kB for 001), which
# only a Report not held in memory needs (attach's report_of reads them then)
_PAIRING = "sha256, file_name, kind, department, year, verdict"


def _row(db: Database, sha: str) -> dict | None:
    rows = list(db.query(f"SELECT {_PAIRING} FROM reports WHERE sha256 = ?", [sha]))
    return rows[0] if rows else None


def _suffix(file_name: str) -> str:
    """The form a file is in, by its suffixes (.tsv.txt, .pdf): the same document's forms
    are told apart by it, so a pair is made of one form."""
    parts = file_name.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else parts[-1]


def _neighbours(db: Database, row: dict, year: int) -> tuple[list[dict], str]:
    """The stored reports of ``year`` that are ``row``'s department (by hedui.departments), and
    why; several departments among them (省法院 when two provinces' courts are stored) make the
    match ambiguous: then no report is returned, and the reason says so."""
    name = row["department"]
    core = departments.key(name)
    found = list(
        db.query(
            f"SELECT {', '.join('r.' + c for c in _PAIRING.split(', '))} "
            "FROM reports r JOIN department_names d ON d.sha256 = r.sha256 "
            "WHERE d.core = ? AND r.year = ? AND r.sha256 != ?",
            [core, year, row["sha256"]],
        )
    )
    matched = []
    for other in found:
        ok, why = departments.same(name, other["department"])
        if ok:
            matched.append((other, why))
    if not matched:
        return [], ""
    names = {m["department"] for m, _ in matched}
    distinct: list[str] = []
    for n in sorted(names):
        if not any(departments.same(n, d)[0] for d in distinct):
            distinct.append(n)
    if len(distinct) > 1:
        return [], f"ambiguous: {name} matches {' / '.join(distinct)}"
    return [m for m, _ in matched], matched[0][1]


def _pick(candidates: list[dict], row: dict) -> dict | None:
    """Of one department's reports of a year, the one to pair ``row`` with: one of the kind
    its changes are measured against (the same kind), in the same form (the same document
    ingested as PDF and as text is one report each), else the first by SHA-256."""
    same_kind = [c for c in candidates if c["kind"] == row["kind"]] or candidates
    same_form = [c for c in same_kind if _suffix(c["file_name"]) == _suffix(row["file_name"])]
    pool = same_form or same_kind
    return sorted(pool, key=lambda c: c["sha256"])[0] if pool else None


# Reports read back or just stored, by SHA-256 (a report's bytes never change under its
# hash): a batch pairs each year's several forms with the same neighbour, which is read once.
_RECENT: OrderedDict[str, Report] = OrderedDict()
_RECENT_MOST = 16


def _remember(report: Report) -> None:
    _RECENT[report.sha256] = report
    _RECENT.move_to_end(report.sha256)
    while len(_RECENT) > _RECENT_MOST:
        _RECENT.popitem(last=False)


def file_unfiled(db: Database) -> int:
    """Pair every stored report whose name was never filed, oldest year first: the reports of
    a store made before hedui checked across years (its migration leaves them unfiled), and
    one whose ingest was stopped between storing and pairing it. Done before an ingest stores
    anything, so that a new report finds all of its neighbours. Returns how many. Nothing is
    written when nothing waits (a new store gets the tables with its first report)."""
    where = "coalesce(department, '') != '' AND year IS NOT NULL"
    if _made(db):
        where += " AND NOT EXISTS (SELECT 1 FROM department_names d WHERE d.sha256 = r.sha256)"
    shas = [
        sha
        for (sha,) in db.conn.execute(
            f"SELECT sha256 FROM reports r WHERE {where} ORDER BY year, sha256"
        )
    ]
    if not shas:
        return 0
    try:
        ensure(db)
    except sqlite3.Error as exc:
        raise store.StoreError(
            f"{store.db_file(db) or 'the database'}: could not pair {len(shas)} stored "
            f"report(s) with their neighbour years ({exc})"
        ) from exc
    for sha in shas:
        after_save(db, sha)
    return len(shas)


def after_save(
    db: Database,
    sha: str,
    saved: tuple[Report, list[Finding]] | None = None,
    batch: Mapping[str, tuple[Report, list[Finding]]] | None = None,
) -> str | None:
    """File the stored report's name and check the pairs it makes with its neighbours (the
    year before: findings on this report; the year after: findings on that one). Returns
    this report's verdict as it now stands. ``saved``: the Report just stored and its own
    findings, as ingest holds them, so that they are not read back from the store;
    ``batch``: the same for the reports stored with it in one batch (a neighbour among them
    is then not read back, nor its findings while no pair's were added: see ``attach``)."""
    ensure(db)
    row = _row(db, sha)
    if row is None:
        return None
    if not row["department"] or row["year"] is None:
        return row["verdict"]
    _file_name(db, sha, row["department"])
    before, why = _neighbours(db, row, row["year"] - 1)
    if why.startswith("ambiguous"):
        _record_ambiguous(db, None, sha, why)
    known = dict(batch or {})
    if saved is not None:
        known[sha] = saved
    if saved is not None:
        _remember(saved[0])
    earlier = _pick(before, row)
    if earlier is not None:
        attach(db, earlier, row, why, known)
    after, why_after = _neighbours(db, row, row["year"] + 1)
    if why_after.startswith("ambiguous"):
        _record_ambiguous(db, sha, None, why_after)
    for later in after:
        # the later report's own choice of its earlier year decides (one form, one kind)
        mine, reason = _neighbours(db, later, row["year"])
        chosen = _pick(mine, later)
        if chosen is not None and chosen["sha256"] == sha:
            attach(db, row, later, reason, known)
    now = db.conn.execute("SELECT verdict FROM reports WHERE sha256 = ?", [sha]).fetchone()
    return now[0] if now else row["verdict"]


def _record_ambiguous(db: Database, earlier: str | None, later: str | None, why: str) -> None:
    db.conn.execute(
        "INSERT OR REPLACE INTO year_pairs VALUES (?, ?, 'ambiguous', ?, 0, 0, 0, ?)",
        [earlier or "", later or "", why, _now()],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def attach(
    db: Database,
    earlier_row: dict,
    later_row: dict,
    reason: str,
    known: dict[str, tuple[Report, list[Finding]]] | None = None,
) -> list[YearFinding]:
    """Check the pair and store its findings on the later report, in one transaction: the
    pair's old findings go first (a re-run writes the same rows), the later report's verdict
    is decided again over its own findings and every pair's. ``known``: Reports (and their
    own findings) already in memory, by SHA-256."""
    known = known or {}

    def report_of(row: dict) -> Report:
        held = known.get(row["sha256"])
        if held is not None:
            return held[0]
        report = _RECENT.get(row["sha256"])
        if report is None:
            full = list(db.query("SELECT * FROM reports WHERE sha256 = ?", [row["sha256"]]))
            report = store.load_report(full[0] if full else row)
        _remember(report)
        return report

    earlier = report_of(earlier_row)
    later = report_of(later_row)
    found = check_pair(earlier, later)
    sha, esha = later.sha256, earlier.sha256
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        # a report has one earlier year's report: the findings of any pair it made before
        # (with this one, or with another form of that year now set aside) go first
        old = [
            r["finding_id"]
            for r in db.query("SELECT finding_id FROM year_findings WHERE report_sha256 = ?", [sha])
        ]
        for fid in old:
            conn.execute("DELETE FROM report_findings WHERE id = ?", [fid])
            conn.execute("DELETE FROM year_findings WHERE finding_id = ?", [fid])
        conn.execute(
            "DELETE FROM year_pairs WHERE later_sha256 = ? AND earlier_sha256 != ?", [sha, esha]
        )
        # its own findings, held, are its stored ones: a report held was written in this
        # very batch (store._write deleted every findings row it had), and the pair's
        # findings added since have just gone (old), none of them in place of one of its
        # own (a pair rule's code is never a report rule's: verifier.rules.catalogue
        # refuses it, and the code is in the id). The last of them is then the last of its
        # verification (every id keeps its last finding). Else (a report of an earlier
        # batch) they are read back as they now stand (a report paired a second time in
        # its batch was read back too before: 3 of the mix's 39, 0.7 ms a report).
        held = known.get(sha)
        last = len(held[1]) - 1 if held is not None else store.last_finding_idx(db, sha)
        rows, spans = [], []
        for i, y in enumerate(found):
            fid = store.finding_id(sha, y.finding)
            rows.append(store.finding_values(sha, last + 1 + i, y.finding, fid))
            spans.append((fid, sha, esha, json.dumps([s.as_pair() for s in y.earlier])))
        conn.executemany("INSERT OR REPLACE INTO year_findings VALUES (?, ?, ?, ?)", spans)
        store.insert_findings(conn, rows)  # an id stored already is replaced
        counts = _tally(found)
        conn.execute(
            "INSERT OR REPLACE INTO year_pairs VALUES (?, ?, 'checked', ?, ?, ?, ?, ?)",
            [esha, sha, reason, counts[0], counts[1], counts[2], _now()],
        )
        own = held[1] if held is not None else None
        if own is not None:
            # as the rows now stand (so that either order of ingest decides alike): a finding
            # written twice under one id is kept once, where it was written last. Told by
            # Finding.key, which the id is the report's hash of: the same key, the same id
            # (hashing each of the report's own findings again cost 0.4 ms a report)
            stored: dict[str, Finding] = {}
            for f in [*own, *(y.finding for y in found)]:
                key = f.key()
                stored.pop(key, None)
                stored[key] = f
            own = list(stored.values())
        _decide_again(db, later, own)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


def _tally(found: list[YearFinding]) -> tuple[int, int, int]:
    outcomes = [y.finding.outcome for y in found]
    agree = sum(o == Outcome.PASS for o in outcomes)
    disagree = sum(o == Outcome.FAIL for o in outcomes)
    return agree + disagree, agree, disagree


def _finding(row: dict) -> Finding:
    """A stored finding as the verifier made it (every field is kept in its row)."""

    def dec(k: str) -> Decimal | None:
        return Decimal(row[k]) if row[k] is not None else None

    culprit = json.loads(row["culprit"]) if row["culprit"] else None
    return Finding(
        rule=row["rule"],
        name=row["name"],
        outcome=Outcome(row["outcome"]),
        severity=Severity(row["severity"]),
        message=row["message"],
        subject=row["subject"] or "",
        stated=dec("stated"),
        expected=dec("expected"),
        expected_low=dec("expected_low"),
        expected_high=dec("expected_high"),
        tolerance=dec("tolerance"),
        difference=dec("difference"),
        unit=row["unit"],
        spans=[Span(start=a, end=b) for a, b in json.loads(row["spans"] or "[]")],
        culprit=Span(start=culprit[0], end=culprit[1]) if culprit else None,
        note=row["note"],
        category=row["category"],
    )


def _decide_again(db: Database, report: Report, findings: list[Finding] | None = None) -> None:
    """The verdict over the report's own findings and its pairs' (verifier.verdict.decide, as
    at ingest): a disagreement with last year's report flags it as any error does.
    ``findings``: all of them, in their stored order, when the caller holds them (a report
    just stored, its one pair just checked); else they are read back."""
    if findings is None:
        findings = [_finding(r) for r in store.findings_for(db, report.sha256)]
    verdict, reasons = decide(report, findings)
    failed = [f for f in findings if f.outcome == Outcome.FAIL and f.severity != Severity.INFO]
    db.conn.execute(
        "UPDATE reports SET verdict = ?, reasons = ?, n_errors = ?, n_warnings = ? "
        "WHERE sha256 = ?",
        [
            verdict,
            json.dumps(reasons, ensure_ascii=False),
            sum(f.severity == Severity.ERROR for f in failed),
            sum(f.severity == Severity.WARNING for f in failed),
            report.sha256,
        ],
    )
    refresh_status(db, report.sha256)


# --- what pages and commands read ------------------------------------------------------


def pairs_of(db: Database, sha: str) -> list[dict]:
    ensure(db)
    return list(
        db.query(
            "SELECT * FROM year_pairs WHERE earlier_sha256 = ? OR later_sha256 = ?", [sha, sha]
        )
    )


def earlier_spans(db: Database, finding_id: str) -> dict | None:
    ensure(db)
    rows = list(db.query("SELECT * FROM year_findings WHERE finding_id = ?", [finding_id]))
    return rows[0] if rows else None
