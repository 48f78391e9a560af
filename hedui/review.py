"""The review queue: failed findings across reports, and the decisions people make on them.

Decisions are appended, never written over a finding, so the verifier's judgement and every
reviewer's judgement on it stay readable side by side. A report's status follows from both:
once every failure has at least one decision the report is "reviewed", else it keeps its
verdict.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from sqlite_utils import Database

from hedui import store

DECISIONS = ("accept", "dismiss", "correct")
Decision = Literal["accept", "dismiss", "correct"]
FAILED_SQL = "outcome = 'fail' AND severity IN ('error', 'warning')"
_SEVERITY = {"error": 0, "warning": 1}


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown finding, bad decision, bad value).
    ``usage``: the request itself is malformed (a decision word, a missing --by or --value, a
    rule no catalogue holds), which the command line exits 2 for, as for any bad usage."""

    def __init__(
        self, message: str, *, usage: bool = False, candidates: list[dict] | None = None
    ) -> None:
        super().__init__(message)
        self.usage = usage
        self.candidates = candidates or []  # the reports an ambiguous key names, to pick from


def _dec(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _scales(db: Database, shas: set[str]) -> dict[str, Decimal]:
    """Each report's largest stated amount: what a discrepancy is weighed against."""
    scales: dict[str, Decimal] = {}
    for sha in shas:
        biggest = Decimal(0)
        for (value,) in db.execute(  # cells are reached through their tables (indexed)
            "SELECT c.value FROM tables t JOIN cells c ON c.table_id = t.id "
            "WHERE t.report_sha256 = ? AND c.value IS NOT NULL",
            [sha],
        ):
            v = _dec(value)
            if v is not None and abs(v) > biggest:
                biggest = abs(v)
        scales[sha] = biggest or Decimal(1)
    return scales


def _latest_decisions(db: Database, finding_ids: list[str]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    if not finding_ids:
        return latest
    for i in range(0, len(finding_ids), 500):
        chunk = finding_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(
            f"SELECT * FROM decisions WHERE finding_id IN ({marks}) ORDER BY at, id", chunk
        ):
            latest[row["finding_id"]] = row
    return latest


STATUSES = ("pending", "decided", "all")


def _filters(
    db: Database,
    *,
    report: str | None,
    department: str | None,
    rule: str | None,
    severity: str | None,
) -> tuple[list[str], list]:
    """WHERE clauses (on findings f, reports r) for the queue's filters."""
    where, params = ["f.outcome = 'fail' AND f.severity IN ('error', 'warning')"], []
    if report:
        from hedui.store import report_matches

        shas = [r["sha256"] for r in report_matches(db, report)] or [report]
        where.append(f"f.report_sha256 IN ({','.join('?' * len(shas))})")
        params += shas
    if department:
        clause, more = store.named_where(db, "department", department, "r")
        where.append(clause)
        params += more
    if rule:
        where.append("f.rule = ?")
        params.append(rule.strip().upper())
    if severity:
        where.append("f.severity = ?")
        params.append(severity)
    return where, params


def queue(
    db: Database,
    *,
    report: str | None = None,
    department: str | None = None,
    rule: str | None = None,
    severity: str | None = None,
    include_decided: bool = True,
    limit: int | None = None,
) -> list[dict]:
    """Failed findings (error, warning) across reports: undecided first, errors first, then
    by the amount at stake, |difference| relative to the report's scale. Each carries its
    latest decision. ``report`` is a key as ``hedui show`` takes (a SHA-256 prefix …)."""
    where, params = _filters(db, report=report, department=department, rule=rule,
                             severity=severity)  # fmt: skip
    rows = list(
        db.query(
            f"""SELECT f.*, r.file_name, r.department, r.year, r.status AS report_status
                FROM findings f LEFT JOIN reports r ON r.sha256 = f.report_sha256
                WHERE {" AND ".join(where)}""",
            params,
        )
    )
    scales = _scales(db, {r["report_sha256"] for r in rows})
    latest = _latest_decisions(db, [r["id"] for r in rows])
    for r in rows:
        diff = _dec(r.get("difference"))
        r["stake"] = abs(diff) / scales[r["report_sha256"]] if diff is not None else Decimal(0)
        r["decision"] = latest.get(r["id"])
    if not include_decided:
        rows = [r for r in rows if r["decision"] is None]
    rows.sort(
        key=lambda r: (
            r["decision"] is not None,
            _SEVERITY.get(r["severity"], 9),
            -r["stake"],
            r["report_sha256"],
            r.get("idx") or 0,
        )
    )
    return rows[:limit] if limit else rows


def queue_page(
    db: Database,
    *,
    report: str | None = None,
    department: str | None = None,
    rule: str | None = None,
    severity: str | None = None,
    status: str = "pending",
    page: int = 1,
    per_page: int = 50,
) -> tuple[int, list[dict]]:
    """One page of the queue and how many findings the filters leave. ``status``: pending
    (no decision yet: the reviewer's work, the default), decided, or all."""
    if status not in STATUSES:
        raise ReviewError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if severity and severity not in _SEVERITY:
        raise ReviewError(f"severity must be error or warning, not {severity!r}")
    rows = queue(db, report=report, department=department, rule=rule, severity=severity,
                 include_decided=status != "pending")  # fmt: skip
    if status == "decided":
        rows = [r for r in rows if r["decision"] is not None]
    start = (max(1, page) - 1) * per_page
    return len(rows), rows[start : start + per_page]


def neighbours(
    db: Database,
    finding_id: str,
    *,
    report: str | None = None,
    department: str | None = None,
    rule: str | None = None,
    severity: str | None = None,
) -> tuple[str | None, str | None]:
    """The pending findings before and after ``finding_id`` in the queue's order (with the
    same filters): where "next" and "previous" go. Past the end, "next" is the first pending
    one left, so a reviewer who decides goes on to the next without a list."""
    ids = [
        r["id"]
        for r in queue(db, report=report, department=department, rule=rule, severity=severity,
                       include_decided=False)
    ]  # fmt: skip
    if finding_id not in ids:
        return None, (ids[0] if ids else None)
    i = ids.index(finding_id)
    before = ids[i - 1] if i > 0 else None
    after = ids[i + 1] if i + 1 < len(ids) else None
    return before, after


def finding(db: Database, finding_id: str) -> dict | None:
    """One finding by its id, a row or a packed pass (store.finding_by_id)."""
    return store.finding_by_id(db, finding_id)


def decide(
    db: Database,
    finding_id: str,
    decision: str,
    note: str | None,
    by: str,
    corrected_value: str | None = None,
) -> dict:
    """Append a decision on a finding and bring its report's status up to date.

    ``correct`` needs the corrected value (a decimal number as written); the finding itself is
    never changed.
    """
    if decision not in DECISIONS:
        raise ReviewError(
            f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}", usage=True
        )
    if not by or not by.strip():
        raise ReviewError("say who decides (--by)", usage=True)
    found = finding(db, finding_id)
    if found is None:
        raise ReviewError(f"no finding {finding_id!r}")
    value = None
    if decision == "correct":
        parsed = _dec((corrected_value or "").replace(",", "").strip())
        if parsed is None:
            raise ReviewError(
                "a correction needs the corrected value, a number such as 1066.71", usage=True
            )
        value = str(parsed)
    row = {
        "finding_id": finding_id,
        "report_sha256": found["report_sha256"],
        "decision": decision,
        "note": note or "",
        "corrected_value": value,
        "by": by.strip(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with db.conn:
        row["id"] = _insert_decision(db, row)
        refresh_status(db, found["report_sha256"])
    return row


def decide_all(
    db: Database, report: str, rule: str, decision: str, note: str | None, by: str
) -> list[dict]:
    """One decision (accept or dismiss: a correction names its own value) on every pending
    finding of ``rule`` in one report; the decisions recorded.

    ``report`` must name exactly one stored report (a SHA-256, its prefix, or a name only it
    has): the review queue's report filter matches loosely, and a bulk decision reaching every
    report a word matches (法院: four of them) decides what nobody looked at. A rule no catalogue
    holds is refused too, so that a mistyped code does not read as "0 decided"."""
    if decision not in ("accept", "dismiss"):
        raise ReviewError("a decision on many findings is accept or dismiss", usage=True)
    matches = store.report_matches(db, report)
    if len(matches) != 1:
        raise ReviewError(
            f"{len(matches)} stored reports match {report!r}; name one by its SHA-256 (or a "
            "prefix only it has)"
            if matches
            else f"no stored report matches {report!r}",
            candidates=matches,
        )
    if not _known_rule(rule):
        raise ReviewError(f"no rule {rule!r}: `hedui rules` lists every rule's code", usage=True)
    sha256 = matches[0]["sha256"]
    pending = [r["id"] for r in queue(db, report=sha256, rule=rule, include_decided=False)]
    return [decide(db, fid, decision, note, by) for fid in pending]


def _known_rule(code: str) -> bool:
    """A rule of the verifier's catalogues: of one report (RULES) or of a pair of years."""
    from verifier.rules import PAIR_RULES, RULES

    return code in RULES or code in PAIR_RULES


def _insert_decision(db: Database, row: dict) -> int:
    """Insert the decision and return its id from the INSERT's own cursor (sqlite-utils'
    ``last_pk`` came back None to the decision API once), checked to name the row."""
    columns = list(row)
    cursor = db.conn.execute(
        f"INSERT INTO decisions ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [row[c] for c in columns],
    )
    new_id = cursor.lastrowid
    if not new_id:
        raise ReviewError("the decision was not stored (no row id)")
    return int(new_id)


def history(db: Database, finding_id: str) -> list[dict]:
    """Every decision on a finding, oldest first."""
    return list(
        db.query("SELECT * FROM decisions WHERE finding_id = ? ORDER BY at, id", [finding_id])
    )


def report_status(db: Database, sha256: str) -> str | None:
    """ "reviewed" when the report has failures and every one has a decision, else its verdict."""
    rows = list(db.query("SELECT verdict FROM reports WHERE sha256 = ?", [sha256]))
    if not rows:
        return None
    failed = [
        fid
        for (fid,) in db.execute(
            f"SELECT id FROM findings WHERE report_sha256 = ? AND {FAILED_SQL}", [sha256]
        )
    ]
    decided = _latest_decisions(db, failed)
    if failed and all(fid in decided for fid in failed):
        return "reviewed"
    return rows[0]["verdict"]


def refresh_status(db: Database, sha256: str) -> str | None:
    status = report_status(db, sha256)
    if status is not None:
        db.execute("UPDATE reports SET status = ? WHERE sha256 = ?", [status, sha256])
    return status
