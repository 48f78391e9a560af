"""T115: a rate column the catalogue names (a 基础数据表's 控制率 = 实际在职人数 / 编制数)."""

from __future__ import annotations

from extractor import extract
from extractor.source import Source
from verifier import verify
from verifier.rules.examples import _STAFF


def t115(text: str) -> list:
    report = extract(Source(sha256="0" * 64, file_name="基础数据.txt", format="txt", text=text))
    return [f for f in verify(report).findings if f.rule == "T115"]


def test_the_rate_of_two_counts_is_checked():
    (found,) = t115(_STAFF.format(rate="87.50%"))
    assert found.outcome == "pass"
    assert found.subject == "基础数据表 控制率 = 2024年实际在职人数 / 编制数"


def test_counts_are_exact_not_rounded():
    """Read as amounts, 14 and 16 would stand for 13.5–14.5 and 15.5–16.5, so that any rate
    from 81.8% to 93.5% passed; a count of people is exact."""
    (found,) = t115(_STAFF.format(rate="90.00%"))
    assert found.outcome == "fail" and found.severity == "error"


def test_a_rate_without_its_figures_is_not_judged():
    text = _STAFF.format(rate="87.50%").replace("\t14\n", "\t——\n")
    assert [f.outcome for f in t115(text)] == ["not_applicable"]


def test_a_rate_under_a_percent_header():
    """控制率（%） over 87.50: the figure is a percent, though written without its sign."""
    text = _STAFF.format(rate="87.50").replace("\t控制率\n", "\t控制率（%）\n")
    (found,) = t115(text)
    assert found.outcome == "pass" and found.subject.endswith(
        "控制率 = 2024年实际在职人数 / 编制数"
    )


def test_no_rate_of_nothing():
    text = _STAFF.format(rate="0.00%").replace("\t16\n", "\t0\n").replace("\t14\n", "\t0\n")
    (found,) = t115(text)
    assert found.outcome == "not_applicable" and "编制数 is 0" in found.message
