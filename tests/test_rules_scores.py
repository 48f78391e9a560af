"""Family S on a 自评表 written one cell per line (the DOCX conversion form)."""

from __future__ import annotations

from extractor import extract, load
from tests.conftest import corpus_file
from verifier import verify
from verifier.report import Outcome


def _cells(*cells: str) -> list[str]:
    return [f"\t{c}" for c in cells]


def _report(tmp_path, total_score: str, rate: str = "95.00%", missing: bool = False):
    lines = [
        "青禾县网格服务中心",
        "2023年度部门整体支出绩效自评报告",
        "",
        "附件",
        "部门整体支出绩效自评表",
    ]
    lines += _cells(
        "年度预算申请（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    lines += _cells("", "年度资金总额", "100.00", "120.00", "114.00", "10", rate, "9.5")
    lines += [""]
    lines += _cells("绩效指标", "一级指标", "三级指标", "分值", "得分")
    lines += _cells("", "产出指标（60分）", "培训期数", "30", "30")
    if not missing:
        lines += _cells("", "", "办结率", "30", "28")
    lines += _cells("", "满意度指标（30分）", "群众满意度", "30", "29")
    lines += _cells("总分", "100", total_score)
    lines += [
        "",
        "说明：以上得分由本单位自评小组逐项评定，经集体研究后形成，特此说明，供审核参考使用。",
    ]
    path = tmp_path / "self.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = extract(load(path))
    return report, [f for f in verify(report).findings if f.rule.startswith("S")]


def test_scores_that_add_up_pass(tmp_path):
    _, found = _report(tmp_path, "96.5")
    s802 = [f for f in found if f.rule == "S802"]
    assert len(s802) == 2 and all(f.outcome == Outcome.PASS for f in s802), [
        f.message for f in s802
    ]
    s803 = [f for f in found if f.rule == "S803"]
    assert s803 and all(f.outcome == Outcome.PASS for f in s803), [f.message for f in s803]


def test_a_total_that_does_not_add_up_fails_at_its_span(tmp_path):
    report, found = _report(tmp_path, "94.5")
    bad = [f for f in found if f.rule == "S802" and f.outcome == Outcome.FAIL]
    assert len(bad) == 1 and "得分" in bad[0].subject
    assert "94.5" in {report.text[s.start : s.end] for s in bad[0].spans}


def test_a_wrong_execution_rate_fails(tmp_path):
    _, found = _report(tmp_path, "96.5", rate="100%")
    assert any(f.rule == "S803" and f.outcome == Outcome.FAIL for f in found)


def test_corpus_002_self_evaluation_adds_up():
    report = extract(load(corpus_file("002")))
    found = [f for f in verify(report).findings if f.rule in ("S802", "S803")]
    assert found and all(f.outcome == Outcome.PASS for f in found), [f.message for f in found]


def test_points_short_of_the_total_say_a_row_may_be_missing(tmp_path):
    report, found = _report(tmp_path, "96.5", missing=True)
    bad = [f for f in found if f.rule == "S802" and f.outcome == Outcome.FAIL]
    points = next(f for f in bad if f.subject.endswith("分值"))
    assert "the rows' 分值 sum to 70 while 总分 says 100" in points.message
    assert "a row may be missing from the table as published" in points.message
    assert report.text[points.spans[0].start : points.spans[0].end] == "100"
