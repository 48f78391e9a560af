"""Review: the queue of failures, append-only decisions, and a report's status from both."""

from __future__ import annotations

import pytest

from hedui import review
from tests.test_search import SAMPLE_TEXT, build_db, sample_report
from verifier.report import Finding, Outcome, Severity, Span


@pytest.fixture
def db(tmp_path):
    r1, v1 = sample_report()
    # a second report whose failure is a warning with a bigger relative stake
    r2, v2 = sample_report(sha="b" * 64, name="其他县_2023年度部门决算.txt")
    i = SAMPLE_TEXT.index("12")
    v2.findings.append(
        Finding(rule="C101", name="parts", outcome=Outcome.FAIL, severity=Severity.WARNING,
                message="共12期 ≠ Σ", subject="培训", stated=12, expected=10, difference=2,
                spans=[Span(start=i, end=i + 2)])
    )  # fmt: skip
    v2.findings[0] = v2.findings[0].model_copy(update={"difference": 50, "message": "big"})
    return build_db(tmp_path / "r.db", [(r1, v1), (r2, v2)])


def test_queue_orders_errors_first_then_stake(db):
    q = review.queue(db)
    assert [f["severity"] for f in q] == ["error", "error", "warning"]
    assert q[0]["report_sha256"] == "b" * 64  # difference 50 of 100 beats 10 of 100
    assert q[0]["stake"] > q[1]["stake"]
    assert all(f["outcome"] == "fail" for f in q)  # passes never queued


def test_decide_appends_and_status_follows(db):
    q = review.queue(db)
    a_fail = next(f for f in q if f["report_sha256"] == "a" * 64)
    before = dict(review.finding(db, a_fail["id"]))
    assert review.report_status(db, "a" * 64) == "flag"
    review.decide(db, a_fail["id"], "dismiss", "尾数误差 in print", "alice")
    review.decide(db, a_fail["id"], "correct", "typo", "bob", corrected_value="90.00")
    assert review.finding(db, a_fail["id"]) == before  # never changes the finding
    h = review.history(db, a_fail["id"])
    assert [(d["decision"], d["by"]) for d in h] == [("dismiss", "alice"), ("correct", "bob")]
    assert h[1]["corrected_value"] == "90.00"
    assert db["reports"].get("a" * 64)["status"] == "reviewed"
    # report b has two failures; one decision is not enough
    b_fail = next(f for f in q if f["report_sha256"] == "b" * 64)
    review.decide(db, b_fail["id"], "accept", "", "carol")
    assert db["reports"].get("b" * 64)["status"] == "flag"
    assert [f["id"] for f in review.queue(db, include_decided=False)] == [
        f["id"] for f in q if f["report_sha256"] == "b" * 64 and f["id"] != b_fail["id"]
    ]


@pytest.mark.parametrize(
    ("decision", "by", "value", "message"),
    [("approve", "a", None, "decision must be"), ("accept", " ", None, "who decides"),
     ("correct", "a", None, "corrected value"), ("correct", "a", "abc", "corrected value")],
)  # fmt: skip
def test_bad_decisions_refused(db, decision, by, value, message):
    fid = review.queue(db)[0]["id"]
    with pytest.raises(review.ReviewError, match=message):
        review.decide(db, fid, decision, "", by, corrected_value=value)
    assert review.history(db, fid) == []


def test_unknown_finding_refused(db):
    with pytest.raises(review.ReviewError, match="no finding"):
        review.decide(db, "nope", "accept", "", "a")
