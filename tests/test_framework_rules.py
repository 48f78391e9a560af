"""S804 (一级指标 points against their rows, by the indicator framework) and C606 (the years
a report names for itself), on the project's own made-up examples."""

from __future__ import annotations

from extractor import extract
from extractor.source import Source
from tests.conftest import EXAMPLES
from verifier import verify
from verifier.report import Finding

SELF = EXAMPLES / "青禾县网格服务中心_2023年度整体支出绩效自评报告.txt"
FINAL = EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt"


def _findings(text: str, rule: str) -> list[Finding]:
    source = Source(sha256="0" * 64, file_name="x.txt", format="txt", text=text)
    return [f for f in verify(extract(source)).findings if f.rule == rule]


def test_each_first_level_indicator_is_worth_its_declared_points() -> None:
    found = _findings(SELF.read_text(encoding="utf-8"), "S804")
    assert {f.subject.split()[-2] for f in found} == {"产出指标", "效益指标", "满意度指标"}
    assert {f.outcome for f in found} == {"pass"}


def test_rows_worth_more_than_declared_are_an_error_at_the_heading() -> None:
    text = SELF.read_text(encoding="utf-8").replace("效益指标（30分）", "效益指标（20分）")
    (f,) = [f for f in _findings(text, "S804") if "效益指标" in f.subject]
    assert f.outcome == "fail" and f.severity == "error"
    assert text[f.spans[0].start : f.spans[0].end] == "20"


def test_rows_worth_less_than_declared_say_a_row_may_be_missing() -> None:
    text = SELF.read_text(encoding="utf-8").replace("效益指标（30分）", "效益指标（40分）")
    (f,) = [f for f in _findings(text, "S804") if "效益指标" in f.subject]
    assert f.outcome == "insufficient_data" and "missing" in f.message


def test_a_year_end_of_another_year_is_an_error() -> None:
    text = FINAL.read_text(encoding="utf-8")
    addition = "\n截至2023年12月31日，本部门共有车辆0辆。\n"
    assert {f.outcome for f in _findings(text + addition, "C606")} == {"pass"}
    wrong = _findings(text + addition.replace("2023", "2022"), "C606")
    assert [f.outcome for f in wrong if f.outcome == "fail"] == ["fail"]


def test_a_score_above_its_whole_points_is_an_error() -> None:
    """S801 reads points as S802 does: 30 points are exactly 30, so 30.4 is above them."""
    text = SELF.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "网格员集中培训期数" in line)
    cells = row.split("\t")
    cells[-1] = f"{cells[-2]}.4"  # the 得分 a little above the row's 分值
    found = _findings(text.replace(row, "\t".join(cells)), "S801")
    assert any(f.outcome == "fail" for f in found)


def test_a_prose_amount_that_is_another_lines_figure_says_whose() -> None:
    """基本支出 given as 520.00 — the 合计 of 公开03 — is an error that names the line whose
    figure it is (a parent's here; a sibling's or another table's alike)."""
    from verifier.rules.examples import _EXPLAINED, _FINAL, _g03

    text = _FINAL + _g03() + _EXPLAINED.format(basic="520.00")
    (f,) = [f for f in _findings(text, "P701") if f.outcome == "fail"]
    assert "it is the figure of 公开03" in f.message and "合计" in f.message.split("figure of")[1]
