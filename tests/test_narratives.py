"""Narrative lists split by rules: numbered paragraphs, 一是/二是, clauses joined by ；."""

from __future__ import annotations

from extractor.narratives import split_items


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
