"""Narrative lists split by rules: numbered paragraphs, 一是/二是, clauses joined by ；."""

from __future__ import annotations

from extractor.segment.narratives import split_items


def items(body: str) -> list[str] | None:
    spans = split_items(body, 0, len(body))
    return None if spans is None else [body[s:e] for s, e in spans]


def test_numbered_paragraphs():
    body = "主要职责是：\n（1）负责网格划分。\n（2）负责队伍建设；\n（3）承担交办事项。\n"
    assert items(body) == ["负责网格划分", "负责队伍建设", "承担交办事项"]


def test_inline_ordinals_in_order():
    body = "一年来成效明显。一是完成信息采集。二是优化平台建设。三是推进全覆盖。"
    assert items(body) == ["一是完成信息采集", "二是优化平台建设", "三是推进全覆盖"]


def test_clauses_joined_by_semicolons():
    body = "负责规划和建设；负责编制技术标准；负责数据库管理。"
    assert items(body) == ["负责规划和建设", "负责编制技术标准", "负责数据库管理"]


def test_plain_prose_is_left_for_the_model():
    assert items("2021年度整体支出未偏离绩效目标。") is None
    assert items("一是只有一条。后面没有二。") is None


def test_show_prints_the_narratives(tmp_path):
    from typer.testing import CliRunner

    from hedui.cli import app
    from tests.conftest import EXAMPLES

    name = "青禾县网格服务中心_2023年度部门决算.txt"
    db = str(tmp_path / "h.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(EXAMPLES / name), "--db", db]).exit_code == 0
    out = runner.invoke(app, ["show", name, "--db", db]).output
    assert "部门职责 (4)" in out and "负责网格划分" in out
