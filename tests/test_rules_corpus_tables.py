"""Table rules on the real corpus (000, 001, 004 — the 部门决算 with standard tables).

Identities checked by hand against the published tables must pass (rounding cases among
them); the real discrepancies must be error findings whose spans cover the numbers; a changed
digit in a table cell must produce a new error whose span covers it. Skips while the table
parser (extractor/tables.py) returns no tables for a report.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from tests.conftest import corpus_file
from verifier.report import Outcome, Report, Severity, TableKind
from verifier.verify import verify

FAMILIES = ("T", "I", "X", "E", "G")


@cache
def _source(prefix: str):
    from extractor.formats.load import load

    return load(corpus_file(prefix))


def _report(prefix: str, text: str | None = None) -> Report:
    from extractor import extract

    src = _source(prefix)
    if text is not None:
        src = src.model_copy(update={"text": text})
    return extract(src)


@cache
def _verified(prefix: str):
    rep = _report(prefix)
    if not rep.tables:
        pytest.skip(f"extractor/tables.py reads no table from corpus {prefix} yet")
    return rep, verify(rep)


def _ours(findings):
    return [f for f in findings if f.rule[0] in FAMILIES]


# (report, rule, words that must all be in the subject): checked by hand to hold.
MUST_PASS = [
    ("004", "T104", "公开06 row 302 "),  # 206.41 vs Σ items 206.43: 尾数误差
    ("004", "T104", "公开06 row 301 "),  # 61.47 vs 61.46: 尾数误差
    ("004", "T104", "公开06 row 303 "),
    ("004", "T105", "公开06 row 人员经费合计"),
    ("004", "T105", "公开06 row 公用经费合计"),
    ("004", "X307", "公开05 合计 基本支出"),  # 378.86 = 172.45 + 206.41
    ("004", "I201", "公开01 row 本年收入合计"),
    ("004", "I202", "公开01 row 本年支出合计"),
    ("004", "I203", "公开01 row 总计"),
    ("004", "I204", "公开01 总计"),
    ("004", "I201", "公开04 row 本年收入合计"),
    ("004", "I202", "公开04 row 本年支出合计"),  # 425.26 vs 221.53 + 203.72 = 425.25
    ("004", "X301", "公开02 合计"),
    ("004", "X301", "公开03 合计"),
    ("004", "X303", "公开04 本年收入合计"),
    ("004", "X306", "公开05 合计"),
    ("004", "X304", "类 201"),
    ("004", "X304", "类 208"),
    ("004", "X305", "类 201"),
    ("004", "T102", "公开03 row 20131 "),  # 224.21 vs 82.85 + 46.40 + 94.97: 尾数误差
    ("004", "T102", "公开02 row 201 "),  # 253.17 vs 253.18: 尾数误差
    ("004", "T101", "公开05 row 合计"),
    ("000", "T104", "公开06 row 302 "),  # 359.23 vs Σ 14 items 359.24: 尾数误差
    ("000", "T104", "公开06 row 301 "),
    ("000", "T104", "公开06 row 310 "),
    ("000", "T105", "公开06 row 人员经费合计"),
    ("000", "T105", "公开06 row 公用经费合计"),
    ("000", "X307", "公开05 合计 基本支出"),
    ("000", "I203", "公开01 row 总计"),
    ("000", "I204", "公开01 总计"),
    ("000", "I203", "公开04 row 总计"),
    ("000", "X304", "类 201"),
    ("001", "T104", "公开06 row 301 "),  # 9,373,608.31 exactly
    ("001", "T104", "公开06 row 302 "),  # 3,686,283.87 exactly
    ("001", "T104", "公开06 row 310 "),
    ("001", "T105", "公开06 row 公用经费合计"),
    ("001", "X307", "公开05 合计 基本支出"),  # 13,368,593.18
    ("001", "T101", "公开02 row 合计"),  # only 项 rows: they are the top level
    ("001", "T101", "公开03 row 合计"),
    ("001", "X304", "类 201"),  # 200,000.00 + 13,081,427.17 = 13,281,427.17
    ("001", "X304", "类 221"),
    ("001", "I204", "公开04 总计"),
    ("001", "X303", "公开04 本年收入合计"),
    # 年初 14.75 + 本年收入 1066.71 − 本年支出 1066.71 = 年末 14.75; 总计 1081.46
    ("000", "I207", "公开04 row 年末财政拨款结转和结余 [支出 一般公共预算财政拨款]"),
    ("000", "I207", "公开04 row 总计 [支出 一般公共预算财政拨款]"),
    ("000", "I208", "公开04 row 年初财政拨款结转和结余"),  # 14.75 = 14.75 (two funds blank)
    ("001", "I207", "公开04 row 年末财政拨款结转和结余 [支出 一般公共预算财政拨款]"),
    ("001", "I207", "公开04 row 总计 [支出 政府性基金预算财政拨款]"),  # 0.00 + 0.00 = 0.00
    ("004", "I207", "公开04 row 年末财政拨款结转和结余 [支出 一般公共预算财政拨款]"),
    ("004", "I207", "公开04 row 总计 [支出 一般公共预算财政拨款]"),  # 0.00 + 425.26
    ("004", "I208", "公开04 row 年初财政拨款结转和结余"),
]


@pytest.mark.parametrize("prefix,code,subject", MUST_PASS)
def test_hand_checked_identity_passes(prefix, code, subject):
    _, v = _verified(prefix)
    found = [f for f in v.findings if f.rule == code and subject in f.subject]
    assert found, f"{code} never checked {subject!r}"
    # columns printed blank (no figure written) are not_applicable; nothing may fail
    assert all(f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE) for f in found), [
        f.message for f in found
    ]
    assert any(f.outcome == Outcome.PASS for f in found), [f.message for f in found]


def test_004_row_201_of_03_is_found_with_its_culprit():
    rep, v = _verified("004")
    fails = [
        f for f in v.errors if "公开03 row 201 " in f.subject or "公开03 row 合计" in f.subject
    ]
    rules = {f.rule for f in fails}
    assert {"T103", "T102", "T101"} <= rules, [f.message for f in fails]
    t103 = next(f for f in fails if f.rule == "T103")
    raws = {rep.text[s.start : s.end] for s in t103.spans}
    assert {"231.83", "185.43"} <= raws
    culprit = t103.culprit
    assert culprit is not None and rep.text[culprit.start : culprit.end] == "0.00"
    line_start = rep.text.rfind("\n", 0, culprit.start) + 1
    assert rep.text[line_start:].startswith("201\t")


def test_no_extraction_error_on_the_corpus():
    for prefix in ("000", "001", "004"):
        _, v = _verified(prefix)
        bad = [f.message for f in v.errors if f.category == "extraction"]
        assert not bad, (prefix, bad)


STANDARD = {f"公开0{i}" for i in range(1, 10)}


def _cells(rep: Report):
    """Figures of the standard tables 公开01–09, the tables families T, I, X and E judge
    (绩效自评表 cells are family S's, and sampled by its own tests)."""
    return [
        c.number
        for t in rep.tables
        if t.kind.value in STANDARD
        for r in t.rows
        for c in r.cells
        if c.number is not None and c.number.span is not None
    ]


def _mutate(text: str, number, rng: random.Random) -> tuple[str, int]:
    digits = [i for i, ch in enumerate(number.raw) if ch.isdigit()]
    i = rng.choice(digits)
    old = number.raw[i]
    new = rng.choice([d for d in "0123456789" if d != old])
    pos = number.span.start + i
    return text[:pos] + new + text[pos + 1 :], pos


def _outcome(prefix: str, base, text: str, pos: int) -> str:
    """detected: a new error covers the changed digit; flagged: an error of the unchanged
    report already covers it; warned: only a warning does; rounding: checks used the changed
    figure and it stays within the rounding allowance of their figures; unchecked: no check
    used it."""
    rep = _report(prefix, text)
    before = {f.key() for f in base.errors}
    covering = [f for f in verify(rep).findings if any(s.start <= pos < s.end for s in f.spans)]
    errors = [f for f in covering if f.outcome == Outcome.FAIL and f.severity == Severity.ERROR]
    if any(f.key() not in before for f in errors):
        return "detected"
    if errors:
        return "flagged"
    if any(f.outcome == Outcome.FAIL for f in covering):
        return "warned"
    if any(f.outcome == Outcome.PASS for f in covering):
        return "rounding"
    return "unchecked"


def _detected(prefix: str, base, text: str, pos: int) -> bool:
    return _outcome(prefix, base, text, pos) == "detected"


def test_one_changed_digit_is_an_error_at_its_span():
    rep, base = _verified("004")
    cell = next(n for n in _cells(rep) if n.raw == "180.61")  # 30227 委托业务费
    pos = cell.span.start
    text = rep.text[:pos] + "2" + rep.text[pos + 1 :]  # 280.61: same length
    assert _detected("004", base, text, pos)


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_a_changed_opening_balance_of_a_fund_is_detected(prefix):
    """The fund lines under 公开04 年初财政拨款结转和结余 are checked by I207/I208: a change of
    five in the leading digit of each is an error at its span."""
    rep, base = _verified(prefix)
    (g04,) = rep.tables_of(TableKind.G04)
    income = [r for r in g04.rows if r.side == "收入"]
    head = next(i for i, r in enumerate(income) if r.name.startswith("年初"))
    lines = [r for r in income[head + 1 :] if not r.is_total]
    cells = [c.number for r in lines for c in r.cells if c.number is not None]
    assert cells, "no 年初 fund line read"
    for n in cells:
        pos = n.span.start + next(i for i, ch in enumerate(n.raw) if ch.isdigit())
        digit = str((int(rep.text[pos]) + 5) % 10)
        text = rep.text[:pos] + digit + rep.text[pos + 1 :]
        assert _detected(prefix, base, text, pos), (n.raw, digit)


# Seed 20261123, cells of 公开01–09: 110/120 = 91.7%. It was 100/120 before amounts in 元 to
# the 分 were taken as exact and intervals learnt which end a half-up rounding cannot reach, and
# before 公开07 was read by its header where its figures line up (001). Misses of this seed:
# 7 within rounding — last-digit changes of 0.01–0.10 inside the allowance of long sums in 万元
# (公开06 blocks of 14–30 items, the six columns of 02/03), or against a figure printed "0"
# (±0.5); 3 unchecked — cells of 000's and 004's 公开07, whose figures do not line up with the
# header in the text (an empty cell lost, sides of different widths), so they are not named.
MUTATION_FLOOR = 0.9


def _mutation_outcomes(numbers_of, per_report: int | None):
    """Mutate one digit of ``per_report`` numbers drawn from ``numbers_of(report)`` in each of
    000, 001 and 004 (of every one of them for None); count the outcomes (see _outcome)."""
    from collections import Counter

    rng = random.Random(20261123)
    seen: Counter[str] = Counter()
    for prefix in ("000", "001", "004"):
        rep, base = _verified(prefix)
        numbers = numbers_of(rep)
        drawn = (
            numbers if per_report is None else rng.sample(numbers, min(per_report, len(numbers)))
        )
        for n in drawn:
            text, pos = _mutate(rep.text, n, rng)
            seen[_outcome(prefix, base, text, pos)] += 1
    total = sum(seen.values())
    return seen["detected"] / total, f"{seen['detected']}/{total}; outcomes: {dict(seen)}"


def test_random_digit_mutations_are_detected():
    rate, how = _mutation_outcomes(_cells, 40)
    print(f"mutation detection: {rate:.1%} = {how}")
    assert rate >= MUTATION_FLOOR


def _prose_amounts(rep) -> list:
    """Every amount of money the claims read from the prose, once each."""
    seen = {}
    for claim in rep.claims:
        for n in [*claim.numbers.values(), *claim.parts]:
            if n.unit in ("元", "万元", "亿元") and n.span is not None:
                seen.setdefault(n.span.start, n)
    return [seen[k] for k in sorted(seen)]


# All prose amounts, checked by some rule or not, each once (not a sample of 20 a report: a
# sample moved across the floor whenever a new reader added amounts to draw from): 153/164 =
# 93.3% (145/157 before the listed main uses and their 类 were read, 149/164 with their shares
# only; a sample of 60 drew 55, then 53, then 54). Misses: within rounding — figures written
# without decimals (预算为1万元 is ±0.5万元; no precision is guessed from the figures beside
# them), budgets checked only through a rate printed as a whole percent (完成年初预算的99%),
# changes from the year before checked only through their percent (a change of 0.03 in
# 减少265.13万元 moves 减少16.2% less than its last digit); unchecked —
# amounts outside every 情况说明 subsection (004's 绩效 part), left alone since such prose as
# often means one project's figure; flagged — a change whose percent is a whole number
# (减少6.5% beside 456.9).
PROSE_MUTATION_FLOOR = MUTATION_FLOOR


def test_random_prose_amount_mutations_are_measured():
    rate, how = _mutation_outcomes(_prose_amounts, None)
    print(f"prose amounts: {rate:.1%} = {how}")
    assert rate >= PROSE_MUTATION_FLOOR


def test_severity_of_document_findings_is_error_or_warning():
    for prefix in ("000", "001", "004"):
        _, v = _verified(prefix)
        for f in _ours(v.findings):
            if f.outcome == Outcome.FAIL and f.category == "document":
                assert f.severity in (Severity.ERROR, Severity.WARNING)
