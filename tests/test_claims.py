"""extract_claims on small sentences written in the corpus's style (no corpus text copied)."""

from decimal import Decimal

from extractor.claims import extract_claims
from verifier.report import ClaimKind


def _claims(text):
    return extract_claims(text, [], [])


def test_change_reads_delta_pct_and_current():
    t = "2022年度公务接待费支出决算为0.40万元，与上年相比减少0.10万元，减少20%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.direction == "decrease"
    assert c.numbers["value"].value == Decimal("0.40")
    assert c.numbers["delta"].value == Decimal("0.10")
    for n in c.numbers.values():
        assert t[n.span.start : n.span.end] == n.raw


def test_change_without_current_is_unverifiable_not_dropped():
    t = "与上年相比，减少12.5万元，减少10%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.CHANGE]
    assert c.status == "unverifiable" and c.reason


def test_parts_in_brackets():
    t = "全区共划分 120 个网格（40 个专职网格，80 个兼职网格），实现全覆盖。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.PARTS]
    assert c.numbers["value"].value == 120
    assert [p.value for p in c.parts] == [40, 80]


def test_money_parts_and_shares():
    t = "本年支出合计100.00万元，其中：基本支出80.00万元，占80%；项目支出20.00万元，占20%。"
    cs = _claims(t)
    (p,) = [c for c in cs if c.kind == ClaimKind.PARTS]
    assert [n.value for n in p.parts] == [Decimal("80.00"), Decimal("20.00")]
    shares = [c for c in cs if c.kind == ClaimKind.SHARE]
    assert [s.numbers["pct"].value for s in shares] == [80, 20]


def test_budget_and_actual_series_are_not_parts():
    t = "总支出50万元，其中：基本支出预算30万元、实际支出30万元，项目支出预算20万元、实际支出20万元。"
    assert not [c for c in _claims(t) if c.kind == ClaimKind.PARTS]


def test_rate():
    t = "公务接待费支出预算为2.00万元，支出决算为1.00万元，完成预算的50%。"
    (c,) = [c for c in _claims(t) if c.kind == ClaimKind.RATE]
    assert c.numbers["budget"].value == 2 and c.numbers["value"].value == 1
